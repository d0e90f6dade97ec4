/*
 * domain_capabilities.h: what a domain may use on this host, as XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A virDomainCaps is the content of libvirt's <domainCapabilities>
 * document, limited to what hostrec knows from its QEMU probe: the
 * emulator path, virt type, machine, arch, the vCPU limit and the <cpu>
 * block (every CPU mode, including hostrec's host-recommended).  Blocks
 * that need probes hostrec does not run (<os>, <devices>, <features>,
 * <memoryBacking>, ...) are never emitted.
 *
 * This file knows nothing of QEMU: src/qemu/qemu_domaincaps.c fills a
 * virDomainCaps from the QEMU capabilities.  The formatter reproduces
 * libvirt's element order and indentation exactly; the format is
 * described in docs/formatdomaincaps.rst and checked by
 * src/conf/schemas/domaincaps.rng.
 */

#pragma once

#include "internal.h"
#include "virenum.h"
#include "cpu_conf.h"
#include "domain_conf.h"

/* usable='...' of a custom CPU model. */
typedef enum {
    VIR_DOMAIN_CAPS_CPU_USABLE_UNKNOWN = 0,
    VIR_DOMAIN_CAPS_CPU_USABLE_YES,
    VIR_DOMAIN_CAPS_CPU_USABLE_NO,

    VIR_DOMAIN_CAPS_CPU_USABLE_LAST
} virDomainCapsCPUUsable;

const char *virDomainCapsCPUUsableTypeToString(int usable);
int virDomainCapsCPUUsableTypeFromString(const char *str);

/* Why host-recommended is not supported (reason='...').  NONE when it is
 * supported. */
typedef enum {
    VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_NONE = 0,
    /* there is no host CPU to start from (QEMU could not expand it) */
    VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_HOST_MODEL,
    /* QEMU did not report deprecated features (no "deprecated-props") */
    VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_DEPRECATED_UNREPORTED,
    /* the machine type allows no CPU model, only host-passthrough */
    VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_MACHINE,

    VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_LAST
} virDomainCapsCPUUnsupportedReason;

const char *virDomainCapsCPUUnsupportedReasonTypeToString(int reason);
int virDomainCapsCPUUnsupportedReasonTypeFromString(const char *str);

/* One feature that keeps a custom model from being usable. */
typedef struct _virDomainCapsCPUBlocker virDomainCapsCPUBlocker;
struct _virDomainCapsCPUBlocker {
    char *name;
    bool deprecated;            /* in the deprecated set of the virt type */
};

/* One <model> of the custom mode, with its <blockers>. */
typedef struct _virDomainCapsCPUModel virDomainCapsCPUModel;
struct _virDomainCapsCPUModel {
    char *name;
    virDomainCapsCPUUsable usable;
    bool deprecated;            /* the model itself is deprecated */
    char *vendor;               /* NULL: no vendor attribute */
    size_t nblockers;
    virDomainCapsCPUBlocker *blockers;
};

/* Values of an <enum name='...Migratable'> of host-passthrough and
 * maximum, in output order. */
typedef struct _virDomainCapsCPUMigratable virDomainCapsCPUMigratable;
struct _virDomainCapsCPUMigratable {
    size_t nvalues;
    virTristateSwitch values[2];
};

typedef struct _virDomainCapsCPU virDomainCapsCPU;
struct _virDomainCapsCPU {
    bool hostPassthrough;
    virDomainCapsCPUMigratable hostPassthroughMigratable;

    bool maximum;
    virDomainCapsCPUMigratable maximumMigratable;

    /* host-model: supported when non-NULL.  A custom/exact CPU with a
     * model and features, formatted in its own order. */
    virCPUDef *hostModel;

    /* host-recommended: supported when non-NULL; its features carry
     * their reason (virCPUFeatureDef.reason / .requires).  When NULL,
     * @hostRecommendedReason says why and @hostRecommendedMessage is the
     * same as one translated sentence, for people. */
    virCPUDef *hostRecommended;
    virDomainCapsCPUUnsupportedReason hostRecommendedReason;
    char *hostRecommendedMessage;

    /* custom: supported when there is at least one model. */
    size_t nmodels;
    virDomainCapsCPUModel *models;
};

typedef struct _virDomainCaps virDomainCaps;
struct _virDomainCaps {
    char *path;                 /* the emulator */
    virDomainVirtType virttype;
    char *machine;              /* canonical machine name; NULL: none */
    char *arch;
    unsigned int maxvcpus;      /* 0: unknown, <vcpu> left out */
    virDomainCapsCPU cpu;
};

virDomainCaps *virDomainCapsNew(const char *path,
                                virDomainVirtType virttype,
                                const char *machine,
                                const char *arch);
void virDomainCapsFree(virDomainCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainCaps, virDomainCapsFree);

/* Append a custom model (strings are copied) and return it, so that the
 * caller can add blockers. */
virDomainCapsCPUModel *virDomainCapsAddCPUModel(virDomainCaps *caps,
                                                const char *name,
                                                virDomainCapsCPUUsable usable,
                                                bool deprecated,
                                                const char *vendor);

void virDomainCapsCPUModelAddBlocker(virDomainCapsCPUModel *model,
                                     const char *name,
                                     bool deprecated);

/* Whether @model is unusable only because of deprecated features: it has
 * blockers and every one of them is deprecated.  Such a model becomes
 * usable once the deprecated features are disabled. */
bool virDomainCapsCPUModelBlockedOnlyByDeprecated(const virDomainCapsCPUModel *model);

/* Sort the custom models by name, and the blockers of each model by
 * name (strcmp order), as libvirt lists them. */
void virDomainCapsSortCPUModels(virDomainCaps *caps);

/* Mark host-recommended unsupported for @reason, with @message (a
 * translated sentence, copied). */
void virDomainCapsSetHostRecommendedUnsupported(virDomainCaps *caps,
                                                virDomainCapsCPUUnsupportedReason reason,
                                                const char *message);

/* The <domainCapabilities> document, as a new string ending in a
 * newline. */
char *virDomainCapsFormat(const virDomainCaps *caps);
