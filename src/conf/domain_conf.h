/*
 * domain_conf.h: the subset of the domain definition hostrec needs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec models only what it needs to build a QEMU command line for the
 * guest CPU: the domain type, name, uuid, memory, vcpu count, os/type
 * (arch, machine), <cpu> and devices/emulator.  Everything else in the
 * document is kept verbatim: the parsed xmlDoc stays attached to the
 * definition, and virDomainDefFormatWithCPU() replaces only the <cpu>
 * element in it, so elements hostrec does not model survive untouched.
 * Of the elements outside <cpu> from which libvirt derives -cpu
 * properties, the definition records only which ones the document has
 * (virDomainCPUProps), so that the command line can refuse them.
 */

#pragma once

#include "internal.h"
#include "virenum.h"
#include "virxml.h"
#include "cpu_conf.h"

typedef enum {
    VIR_DOMAIN_VIRT_QEMU = 0,   /* TCG */
    VIR_DOMAIN_VIRT_KVM,

    VIR_DOMAIN_VIRT_LAST
} virDomainVirtType;

const char *virDomainVirtTypeToString(int type);
int virDomainVirtTypeFromString(const char *str);

/* The parts of a domain outside <cpu> that make libvirt 11.3 add
 * properties to -cpu (its qemuBuildCpuCommandLine), each under the
 * condition libvirt adds something.  hostrec models none of them; the
 * string is the element as messages name it. */
typedef enum {
    VIR_DOMAIN_CPU_PROPS_KVMCLOCK = 0,  /* kvmclock=on|off */
    VIR_DOMAIN_CPU_PROPS_HYPERVCLOCK,   /* hv-time=on */
    VIR_DOMAIN_CPU_PROPS_TSC_FREQUENCY, /* tsc-frequency=N */
    VIR_DOMAIN_CPU_PROPS_ARMVTIMER,     /* kvm-no-adjvtime=on|off */
    VIR_DOMAIN_CPU_PROPS_APIC_EOI,      /* kvm-pv-eoi=on|off */
    VIR_DOMAIN_CPU_PROPS_PVSPINLOCK,    /* kvm-pv-unhalt=on|off */
    VIR_DOMAIN_CPU_PROPS_HYPERV,        /* hv-passthrough, hv-relaxed, ... */
    VIR_DOMAIN_CPU_PROPS_PANIC_HYPERV,  /* hv-crash */
    VIR_DOMAIN_CPU_PROPS_KVM,           /* kvm=off, kvm-hint-dedicated, ... */
    VIR_DOMAIN_CPU_PROPS_PMU,           /* pmu=on|off, except on ppc64 */

    VIR_DOMAIN_CPU_PROPS_LAST
} virDomainCPUProps;

const char *virDomainCPUPropsTypeToString(int type);
int virDomainCPUPropsTypeFromString(const char *str);

typedef struct _virDomainDef virDomainDef;
struct _virDomainDef {
    virDomainVirtType virtType;
    char *name;
    unsigned char uuid[16];
    bool hasUUID;
    unsigned long long memoryKiB;        /* <memory>, converted to KiB */
    unsigned long long currentMemoryKiB; /* 0 when absent */
    unsigned int vcpus;                  /* <vcpu current=''>, else the max */
    unsigned int maxvcpus;               /* <vcpu> text, 1 when absent */

    char *osType;                        /* "hvm" */
    char *arch;                          /* NULL when not given */
    char *machine;                       /* NULL when not given */

    virCPUDef *cpu;                      /* NULL when there is no <cpu> */
    char *emulator;                      /* NULL when not given */
    /* which virDomainCPUProps the document has, nothing else of them */
    bool cpuProps[VIR_DOMAIN_CPU_PROPS_LAST];

    /* The document the definition was parsed from, kept for formatting. */
    xmlDocPtr doc;
    char *sourceName;                    /* file name used in messages */
};

virDomainDef *virDomainDefNew(void);
void virDomainDefFree(virDomainDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainDef, virDomainDefFree);

/* Parse a domain definition from a parsed document, without the checks
 * of virDomainDefValidate (the caller runs them); the document is owned
 * by the definition from then on (also on failure: it is freed). */
virDomainDef *virDomainDefParseDoc(xmlDocPtr doc,
                                   const char *sourceName);

/* Read, parse and check (virDomainDefValidate) @path ("-" for standard
 * input).  Does not validate against the schema. */
virDomainDef *virDomainDefParseFile(const char *path);

/* The semantic checks that need no QEMU. */
int virDomainDefValidate(const virDomainDef *def);

/* The document as it was read, with its <cpu> element replaced by @cpu
 * (or removed when @cpu is NULL, or added after </vcpu>/<os> when it had
 * none).  Everything else is byte-for-byte what libxml2 keeps of the input:
 * comments, unknown elements and attributes, order and indentation.
 * Returns a new string. */
char *virDomainDefFormatWithCPU(const virDomainDef *def,
                                const virCPUDef *cpu);

/* The document with its own (canonicalised) <cpu>. */
char *virDomainDefFormat(const virDomainDef *def);

/* Format @uuid as the usual 36-character string into @out (37 bytes). */
void virUUIDFormat(const unsigned char *uuid, char *out);
