/*
 * qemu_capabilities.h: what a QEMU binary can do, as far as hostrec cares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A virQEMUCaps is filled by probing (qemuMonitorSource: live or replay)
 * or loaded from the cache, and is read-only afterwards.  Per virt type it
 * keeps the machines, the CPU models and the host CPU (virCPUHostModel).
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "cpu_baseline.h"
#include "domain_conf.h"
#include "qemu_monitor.h"
#include "qemu_monitor_json.h"

/* A machine type, as query-machines describes it (qemu_monitor_json.h). */
typedef qemuMonitorMachineInfo virQEMUCapsMachine;

typedef struct _virQEMUCapsCPUModel virQEMUCapsCPUModel;
struct _virQEMUCapsCPUModel {
    char *name;
    virTristateBool usable;   /* ABSENT when QEMU did not say */
    char **blockers;          /* unavailable-features; NULL when absent */
    bool deprecated;          /* the model itself is deprecated */
    char *vendor;             /* libvirt-style vendor: "IBM" or "unknown"; may be NULL */
    char *typename;           /* QOM type, e.g. "z13-s390x-cpu"; may be NULL */
};

/* What QEMU told us about one accelerator (virt type). */
typedef struct _virQEMUCapsAccel virQEMUCapsAccel;
struct _virQEMUCapsAccel {
    bool probed;              /* a session ran for this virt type */
    size_t nmachines;
    virQEMUCapsMachine *machines;
    size_t nmodels;
    virQEMUCapsCPUModel *models;
    bool hasModels;           /* query-cpu-definitions answered */
    virCPUHostModel *hostCPU; /* NULL when QEMU could not expand it */
    char *hostCPUError;       /* why, when hostCPU is NULL */
};

typedef struct _virQEMUCaps virQEMUCaps;
struct _virQEMUCaps {
    char *binary;             /* path of the emulator, or of the replay file */
    char *arch;               /* query-target */
    unsigned int version;     /* major * 1000000 + minor * 1000 + micro */
    char *package;
    bool kvmAvailable;        /* query-kvm / query-accelerators */
    virQEMUCapsAccel accels[VIR_DOMAIN_VIRT_LAST];
    /* The per-model CPU feature sets of the offline baseline: NULL until
     * a command that needs them probed them (virQEMUCapsCacheModelTable);
     * never probed by virQEMUCapsProbe(). */
    virCPUModelTable *modelTable;
};

virQEMUCaps *virQEMUCapsNew(void);
void virQEMUCapsFree(virQEMUCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUCaps, virQEMUCapsFree);

/* "11.1.0" */
char *virQEMUCapsFormatVersion(const virQEMUCaps *caps);

/*
 * How to get a virQEMUCaps
 * ------------------------
 *
 * From a binary (cached; what the tool does by default):
 *
 *     g_autoptr(virQEMUCaps) caps = NULL;
 *     if (virQEMUCapsCacheLookup(binary, noCache, timeoutSec, recordPath,
 *                                &caps) < 0)
 *         return -1;                         (qemu_capscache.h)
 *
 * From a recording (--replay FILE; never cached):
 *
 *     g_autoptr(qemuMonitorSource) src = qemuMonitorSourceNewReplay(path);
 *     g_autoptr(virQEMUCaps) caps = NULL;
 *     if (!src || virQEMUCapsProbe(src, &caps) < 0)
 *         return -1;
 *
 * Then read it:
 *   - caps->arch, caps->version (virQEMUCapsFormatVersion), caps->binary;
 *   - virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM or _QEMU): NULL when no
 *     session ran for that virt type (e.g. KVM on a host without KVM);
 *   - accel->hostCPU: static expansion of "host" (KVM) or "max" (TCG),
 *     with deprecated/hostDeprecated NULL when QEMU did not say (< 9.1)
 *     and an empty list when it said "none"; NULL with accel->hostCPUError
 *     when QEMU could not expand it;
 *   - accel->models when accel->hasModels (query-cpu-definitions), in
 *     QEMU's order; usable/blockers as QEMU reported them;
 *   - virQEMUCapsGetMachine() resolves a machine name or alias, NULL
 *     name = the default machine.
 */

/*
 * The virt type of a command that names none
 * -------------------------------------------
 * One rule for every command (domcapabilities, hypervisor-cpu-baseline,
 * hypervisor-cpu-compare), live or replayed.  Like libvirt, which takes
 * kvm when the QEMU capabilities say KVM works and qemu otherwise:
 *
 *   kvm   when the first QEMU session runs KVM: live, when /dev/kvm is
 *         usable, the binary is one for the host's arch and QEMU started
 *         with accel=kvm reports KVM enabled; replayed, when the first
 *         session of the recording reports KVM enabled (query-kvm, or
 *         query-accelerators where query-kvm is gone);
 *   qemu  (TCG) otherwise.
 *
 * A recording made on a KVM host therefore answers as KVM, as libvirt
 * would on that host, and one made under TCG as TCG.
 */

/* Parse a virt type name ("kvm" or "qemu").  -1 with an error quoting
 * @name otherwise. */
int virQEMUCapsParseVirtType(const char *name,
                             virDomainVirtType *virtType);

/* The default virt type of probed @caps, by the rule above. */
virDomainVirtType virQEMUCapsDefaultVirtType(const virQEMUCaps *caps);

/* Open the QEMU session of @src for virt type *@want, or for the default
 * one by the rule above when @want is NULL, and set *@virtType to the
 * virt type it runs.  A replayed KVM session is skipped for the TCG one
 * that follows it when *@want is qemu.  When @machine is non-NULL, QEMU
 * must know it (name or alias) for that virt type, as virsh checks
 * --machine.  Returns 0 with *@mon set, or -1 with an error naming the
 * binary or recording (kvm where it does not work, a recording without
 * the session asked for, an unknown machine). */
int virQEMUCapsOpenSession(qemuMonitorSource *src,
                           const virDomainVirtType *want,
                           const char *machine,
                           qemuMonitor **mon,
                           virDomainVirtType *virtType);

/* Probe everything hostrec needs from @src.  The first session
 * (virQEMUCapsOpenSession() with the default rule) decides the virt type;
 * when it is KVM and the source has another session, a second (TCG) one
 * is probed for the TCG machines, CPU models and host CPU ("max").
 * Queries a trimmed recording left out (query-cpu-definitions, the full
 * expansions) are "not probed", not an error.  Returns 0 with *@caps set,
 * or -1 with an error naming the binary or recording. */
int virQEMUCapsProbe(qemuMonitorSource *src,
                     virQEMUCaps **caps);

/* The data of @virtType, or NULL when no session ran for it. */
const virQEMUCapsAccel *virQEMUCapsGetAccel(const virQEMUCaps *caps,
                                            virDomainVirtType virtType);

/* The machine called @name (or whose alias is @name) for @virtType; the
 * default machine when @name is NULL.  NULL (no error reported) when there
 * is none. */
const virQEMUCapsMachine *virQEMUCapsGetMachine(const virQEMUCaps *caps,
                                                virDomainVirtType virtType,
                                                const char *name);

/* The CPU model QEMU starts @machine with under @virtType when the command
 * line has no -cpu: the machine's default-cpu-type, mapped to a model name
 * through the typenames of query-cpu-definitions (of any virt type: the
 * mapping belongs to the binary).  NULL (no error) when QEMU did not say,
 * or named a type no listed model has. */
const char *virQEMUCapsGetMachineDefaultCPU(const virQEMUCaps *caps,
                                            virDomainVirtType virtType,
                                            const virQEMUCapsMachine *machine);

/* The CPU model called @name for @virtType, or NULL. */
const virQEMUCapsCPUModel *virQEMUCapsGetCPUModel(const virQEMUCaps *caps,
                                                  virDomainVirtType virtType,
                                                  const char *name);

/* Helpers for the cache loader (qemu_capscache.c). */
void virQEMUCapsAccelClear(virQEMUCapsAccel *accel);
void virQEMUCapsCPUModelClear(virQEMUCapsCPUModel *model);
