/*
 * cpu_conf.h: the guest CPU definition, <cpu> of the domain XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A virCPUDef is what the user wrote inside <cpu>, parsed into typed
 * values.  Optional attributes are enums whose 0 value means "absent"
 * (never a magic -1).  Formatting is canonical: attributes in one fixed
 * order (mode, match, check, migratable, deprecated_features), children
 * in libvirt's order (model, vendor, topology, cache, maxphysaddr,
 * features, numa), features in document order, and libvirt's defaults written out: match='exact' and
 * fallback='allow' for a custom CPU with a model, policy='require' for a
 * feature, dies='1' and clusters='1' for a topology.  A custom CPU without
 * a model is written without mode and match, as libvirt does.
 *
 * The same type holds an expanded guest CPU (mode='custom' match='exact'
 * with a model and one feature per QEMU prop), the CPU blocks of domain
 * capabilities, the CPUs that hypervisor-cpu-baseline and -compare read
 * (cpu_input.h) and the baseline they print: one parser
 * (virCPUDefParseXML) and one writer (virCPUDefFormatBuf) for all, with
 * flags where a caller needs a variant.
 */

#pragma once

#include "internal.h"
#include "virenum.h"
#include "virxml.h"
#include "cpu_kept.h"

/* At most this many <feature> elements in one <cpu>: a real CPU has a few
 * hundred props; anything beyond is hostile input. */
#define VIR_CPU_MAX_FEATURES 4096

typedef enum {
    VIR_CPU_MODE_CUSTOM = 0,
    VIR_CPU_MODE_HOST_MODEL,
    VIR_CPU_MODE_HOST_PASSTHROUGH,
    VIR_CPU_MODE_MAXIMUM,
    VIR_CPU_MODE_HOST_RECOMMENDED,

    VIR_CPU_MODE_LAST
} virCPUMode;

const char *virCPUModeTypeToString(int mode);
int virCPUModeTypeFromString(const char *str);

typedef enum {
    VIR_CPU_MATCH_ABSENT = 0,
    VIR_CPU_MATCH_MINIMUM,
    VIR_CPU_MATCH_EXACT,
    VIR_CPU_MATCH_STRICT,

    VIR_CPU_MATCH_LAST
} virCPUMatch;

const char *virCPUMatchTypeToString(int match);
int virCPUMatchTypeFromString(const char *str);

typedef enum {
    VIR_CPU_CHECK_ABSENT = 0,
    VIR_CPU_CHECK_NONE,
    VIR_CPU_CHECK_PARTIAL,
    VIR_CPU_CHECK_FULL,

    VIR_CPU_CHECK_LAST
} virCPUCheck;

const char *virCPUCheckTypeToString(int check);
int virCPUCheckTypeFromString(const char *str);

typedef enum {
    VIR_CPU_FALLBACK_ABSENT = 0,
    VIR_CPU_FALLBACK_ALLOW,
    VIR_CPU_FALLBACK_FORBID,

    VIR_CPU_FALLBACK_LAST
} virCPUFallback;

const char *virCPUFallbackTypeToString(int fallback);
int virCPUFallbackTypeFromString(const char *str);

typedef enum {
    VIR_CPU_FEATURE_FORCE = 0,
    VIR_CPU_FEATURE_REQUIRE,
    VIR_CPU_FEATURE_OPTIONAL,
    VIR_CPU_FEATURE_DISABLE,
    VIR_CPU_FEATURE_FORBID,

    VIR_CPU_FEATURE_LAST
} virCPUFeaturePolicy;

const char *virCPUFeaturePolicyTypeToString(int policy);
int virCPUFeaturePolicyTypeFromString(const char *str);

/* Why a feature of an expanded host-recommended CPU carries its policy:
 * shown in domain capabilities.  */
typedef enum {
    VIR_CPU_FEATURE_REASON_NONE = 0,
    VIR_CPU_FEATURE_REASON_DEPRECATED,  /* in QEMU's deprecated-props */
    VIR_CPU_FEATURE_REASON_REQUIRES,    /* requires a deprecated feature */

    VIR_CPU_FEATURE_REASON_LAST
} virCPUFeatureReason;

const char *virCPUFeatureReasonTypeToString(int reason);
int virCPUFeatureReasonTypeFromString(const char *str);

typedef struct _virCPUFeatureDef virCPUFeatureDef;
struct _virCPUFeatureDef {
    char *name;
    virCPUFeaturePolicy policy;
    /* Only set in expanded CPUs, never parsed from domain XML: */
    virCPUFeatureReason reason;
    char *requires;                 /* for VIR_CPU_FEATURE_REASON_REQUIRES */
};

typedef struct _virCPUTopology virCPUTopology;
struct _virCPUTopology {
    unsigned int sockets;           /* each 0 when absent */
    unsigned int dies;
    unsigned int clusters;
    unsigned int cores;
    unsigned int threads;
};

/* The number of vCPUs @topology describes (absent dies and clusters count
 * as 1), in *@vcpus.  A product over UINT_MAX is an error, as in libvirt:
 * each partial product is checked, so nothing wraps.  Returns 0, or -1
 * with an error. */
int virCPUTopologyGetVcpus(const virCPUTopology *topology,
                           unsigned int *vcpus);

typedef struct _virCPUDef virCPUDef;
struct _virCPUDef {
    virCPUMode mode;
    virCPUMatch match;
    virCPUCheck check;
    virTristateSwitch migratable;
    /* libvirt >= 11.0 attribute of host-model: deprecated_features='on|off' */
    virTristateSwitch deprecatedFeatures;

    char *model;                    /* NULL when there is no <model> */
    virCPUFallback fallback;
    char *vendorId;                 /* <model vendor_id=''> */
    char *vendor;                   /* <vendor> */

    virCPUTopology *topology;       /* NULL when there is no <topology> */

    /* Kept as written, not acted on (cpu_kept.h); NULL when absent. */
    virCPUKept *cache;              /* <cache level='' mode=''> */
    virCPUKept *maxphysaddr;        /* <maxphysaddr mode='' bits='' limit=''> */
    virCPUKept *numa;               /* <numa>: cells, interconnects */

    /* Grown by doubling: allocate only through virCPUDefAddFeature(),
     * virCPUDefUpdateFeature() and virCPUDefCopy(), never directly. */
    size_t nfeatures;
    virCPUFeatureDef *features;
};

virCPUDef *virCPUDefNew(void);
void virCPUDefFree(virCPUDef *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUDef, virCPUDefFree);

virCPUDef *virCPUDefCopy(const virCPUDef *def);

/* How virCPUDefParseXML reads a CPU; 0 is a guest's <cpu>. */
typedef enum {
    /* a CPU that hypervisor-cpu-baseline or -compare reads (src/conf/
     * cpu_input.h): the <cpu> of a domain or of host capabilities, or the
     * host-model <mode> of domain capabilities.  Only <model> (its text
     * trimmed) and <feature> are read, other children are skipped. */
    VIR_CPU_PARSE_INPUT = 1 << 0,
} virCPUDefParseFlags;

/* Parse the <cpu> element @node of a guest definition into @def.  Checks
 * the shape: values of attributes, names, element counts, and what cannot
 * be represented (a <model> element in a mode that takes none, a feature
 * listed twice).  <numa>, <cache> and <maxphysaddr> are read by
 * cpu_kept.h and written back as they came; any other child element is
 * refused (formatting rewrites the whole element and would lose it).  The rules between fields are virCPUDefValidate's,
 * which the caller runs (virDomainDefValidate for a domain's CPU).
 * @flags: virCPUDefParseFlags.  Returns 0 or -1 with an error set. */
int virCPUDefParseXML(xmlNodePtr node,
                      unsigned int flags,
                      virCPUDef **def);

/* The semantic rules that do not depend on QEMU, between the fields that
 * virCPUDefParseXML filled: which attributes a mode takes, what a custom
 * CPU without a model may say, the vendor_id and the topology's vCPU
 * count.  Reports the first broken one; returns 0 or -1. */
int virCPUDefValidate(const virCPUDef *def);

/* How virCPUDefFormatBuf writes a CPU; 0 is the canonical <cpu> element of
 * the domain XML (see the top of this file). */
typedef enum {
    /* the reason='' (and requires='') of each feature: the host-recommended
     * block of domain capabilities */
    VIR_CPU_FORMAT_REASONS = 1 << 0,
    /* only the child elements, no <cpu> around them, and no default
     * fallback: the <mode> blocks of domain capabilities hold them */
    VIR_CPU_FORMAT_BODY = 1 << 1,
    /* a host CPU as virsh prints a baseline: <cpu> without attributes,
     * <model> without libvirt's default fallback, and a feature's policy
     * only when it is not 'require' */
    VIR_CPU_FORMAT_HOST = 1 << 2,
} virCPUDefFormatFlags;

/* Append @def at indentation @indent (in units of two spaces) to @buf, as
 * @flags (virCPUDefFormatFlags) say.  The one CPU writer of hostrec: the
 * domain XML, domain capabilities and hypervisor-cpu-baseline all use it. */
void virCPUDefFormatBuf(GString *buf,
                        const virCPUDef *def,
                        int indent,
                        unsigned int flags);

/* The canonical <cpu> element, as a new string ending in a newline. */
char *virCPUDefFormat(const virCPUDef *def);

/* Feature list helpers. */
virCPUFeatureDef *virCPUDefFindFeature(const virCPUDef *def,
                                       const char *name);

/* Add a feature or, when @name is already listed, change its policy.
 * Returns the feature. */
virCPUFeatureDef *virCPUDefUpdateFeature(virCPUDef *def,
                                         const char *name,
                                         virCPUFeaturePolicy policy);

/* Sort the features of @def by name (strcmp order), as libvirt lists
 * them in domain capabilities and virsh in a baseline with --features. */
void virCPUDefSortFeatures(virCPUDef *def);

/* Append a feature without looking for an existing one (the caller knows
 * the name is new). */
virCPUFeatureDef *virCPUDefAddFeature(virCPUDef *def,
                                      const char *name,
                                      virCPUFeaturePolicy policy);

/* true for require/force, false for disable/forbid; optional is left to
 * the caller (see src/cpu). */
bool virCPUFeaturePolicyIsEnabled(virCPUFeaturePolicy policy);
