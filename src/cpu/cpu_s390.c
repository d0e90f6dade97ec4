/*
 * cpu_s390.c: the s390x CPU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * QEMU reports the deprecated features of s390x itself (deprecated-props,
 * QEMU >= 9.1); what it does not report over QMP before QEMU adds the
 * dependents to that list is which other features need a deprecated one.
 * That knowledge is the table below: data, one dependency per line, each
 * with the place in QEMU that states it.
 *
 * The table holds every pair of QEMU's s390x feature-dependency list whose
 * required feature QEMU has deprecated or may deprecate (the ones its
 * s390_get_deprecated_features() names: csske, bpb, te, cte).  As of QEMU
 * 11.x that is a single pair: no other feature requires csske, bpb or
 * cte, and te itself only requires stfle49.  Whether a feature is
 * deprecated is never decided here: a pair only matters when QEMU lists
 * its required feature in deprecated-props.
 *
 * The second fact QMP does not give is which machine types allow a CPU
 * model at all (virCPUS390HostPassthroughOnlyMachines below).  The rest
 * are the ways libvirt treats s390x apart (default CPU, the vendor of a
 * model, the default for deprecated features), each with its place in
 * libvirt, and the offline baseline's table of QEMU's models.
 */

#include "internal.h"

#include "cpu_driver.h"
#include "virerror.h"

static const char * const virCPUS390Arches[] = { "s390x", "s390", NULL };

static const virCPUDependency virCPUS390Deps[] = {
    /* QEMU target/s390x/cpu_models.c, check_consistency() (QEMU 10.0;
     * later the list moved to target/s390x/cpu_features.c,
     * s390_feat_deps[]): S390_FEAT_INEFF_NC_TX needs
     * S390_FEAT_TRANSACTIONAL_EXE. */
    { "ineff_nc_tx", "te", "qemu:target/s390x/cpu_models.c:check_consistency()" },
    { NULL, NULL, NULL }
};

/* Machine types that allow no CPU model under KVM, only "host".  QEMU
 * hw/s390x/s390-virtio-ccw.c: ccw_machine_2_7_class_options() sets
 * S390CcwMachineClass.cpu_model_allowed to false, and the 2.6, 2.5 and
 * 2.4 class options inherit it through 2.7's; 2.8 and later keep the
 * default, true.  QEMU reads the flag only in
 * target/s390x/kvm/kvm.c, kvm_s390_cpu_models_supported(): under KVM any
 * named model (max included) then fails with "KVM doesn't support CPU
 * models", while "host" runs without a model.  TCG never reads it
 * (QEMU 7.2 under TCG starts -machine s390-ccw-virtio-2.7 -cpu z900).
 * QEMU 10.0 removed these machine types and the flag; 9.2 still has
 * them.  libvirt keeps the same four names
 * (s390HostPassthroughOnlyMachines, src/qemu/qemu_capabilities.c). */
static const char * const virCPUS390HostPassthroughOnlyMachines[] = {
    "s390-ccw-virtio-2.4",
    "s390-ccw-virtio-2.5",
    "s390-ccw-virtio-2.6",
    "s390-ccw-virtio-2.7",
    NULL
};

/* The s390x CPU models in QEMU's release order with their CPU type,
 * generation and GA level: QEMU target/s390x/cpu_models.c, s390_cpu_defs[]
 * (gen16a/gen16b since QEMU 7.1, gen17a/gen17b since QEMU 10.0).  QEMU
 * never renames or reorders a model (they are migration ABI), so the
 * table only grows; a model QEMU lists and the table lacks is newer than
 * all of these (see cpu_baseline.h). */
static const virCPUModelGeneration virCPUS390Generations[] = {
    { "z900",    0x2064,  7, 1 },
    { "z900.2",  0x2064,  7, 2 },
    { "z900.3",  0x2064,  7, 3 },
    { "z800",    0x2066,  7, 3 },
    { "z990",    0x2084,  8, 1 },
    { "z990.2",  0x2084,  8, 2 },
    { "z990.3",  0x2084,  8, 3 },
    { "z890",    0x2086,  8, 3 },
    { "z990.4",  0x2084,  8, 4 },
    { "z890.2",  0x2086,  8, 4 },
    { "z990.5",  0x2084,  8, 5 },
    { "z890.3",  0x2086,  8, 5 },
    { "z9EC",    0x2094,  9, 1 },
    { "z9EC.2",  0x2094,  9, 2 },
    { "z9BC",    0x2096,  9, 2 },
    { "z9EC.3",  0x2094,  9, 3 },
    { "z9BC.2",  0x2096,  9, 3 },
    { "z10EC",   0x2097, 10, 1 },
    { "z10EC.2", 0x2097, 10, 2 },
    { "z10BC",   0x2098, 10, 2 },
    { "z10EC.3", 0x2097, 10, 3 },
    { "z10BC.2", 0x2098, 10, 3 },
    { "z196",    0x2817, 11, 1 },
    { "z196.2",  0x2817, 11, 2 },
    { "z114",    0x2818, 11, 2 },
    { "zEC12",   0x2827, 12, 1 },
    { "zEC12.2", 0x2827, 12, 2 },
    { "zBC12",   0x2828, 12, 2 },
    { "z13",     0x2964, 13, 1 },
    { "z13.2",   0x2964, 13, 2 },
    { "z13s",    0x2965, 13, 2 },
    { "z14",     0x3906, 14, 1 },
    { "z14.2",   0x3906, 14, 2 },
    { "z14ZR1",  0x3907, 14, 1 },
    { "gen15a",  0x8561, 15, 1 },
    { "gen15b",  0x8562, 15, 1 },
    { "gen16a",  0x3931, 16, 1 },
    { "gen16b",  0x3932, 16, 1 },
    { "gen17a",  0x9175, 17, 1 },
    { "gen17b",  0x9176, 17, 1 },
    { NULL, 0, 0, 0 }
};

/* Base features QEMU does not require when it looks for the newest model
 * a CPU can run: QEMU target/s390x/cpu_models.c, init_ignored_base_feat()
 * (MSA subfunctions some machines lack; csske, deprecated since gen15,
 * since QEMU 4.1). */
static const char * const virCPUS390IgnoredBase[] = {
    "kmac-dea",
    "kmac-tdea-128",
    "kmac-tdea-192",
    "kmc-dea",
    "kmc-tdea-128",
    "kmc-tdea-192",
    "km-dea",
    "km-tdea-128",
    "km-tdea-192",
    "kimd-sha-1",
    "klmd-sha-1",
    "csske",
    NULL
};

/*
 * libvirt's domain capabilities report vendor='IBM' for every s390x model
 * named after a machine generation (z900 ... z17 as "z..."/"gen..."), and
 * vendor='unknown' for QEMU's own models "max" and "qemu" (libvirt's
 * tests/domaincapsdata/qemu_{8.2.0,9.1.0,10.0.0,11.1.0}.s390x.xml).
 */
static const char *
virCPUS390ModelVendor(const char *model)
{
    if ((model[0] == 'z' && g_ascii_isalnum(model[1])) ||
        (g_str_has_prefix(model, "gen") && g_ascii_isdigit(model[3])))
        return "IBM";
    return NULL;
}

/* libvirt refuses 'optional' for s390x features (QEMU has no way to say
 * "if available"); so do we. */
static int
virCPUS390ValidateGuest(const virCPUDef *cpu)
{
    size_t i;

    /* libvirt's s390 driver computes no CPU relative to the host but
     * host-model: a custom CPU with match='minimum' would be one */
    if (cpu->mode == VIR_CPU_MODE_CUSTOM && cpu->match == VIR_CPU_MATCH_MINIMUM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("match='minimum' is not supported for s390x CPUs, as in libvirt; use match='exact'"));
        return -1;
    }

    for (i = 0; i < cpu->nfeatures; i++) {
        if (cpu->features[i].policy == VIR_CPU_FEATURE_OPTIONAL) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("policy 'optional' of CPU feature '%s' is not supported on s390x; use 'require' or 'disable'"),
                           cpu->features[i].name);
            return -1;
        }
    }
    return 0;
}

const virCPUArchDriver virCPUDriverS390 = {
    .name = "s390",
    .arches = virCPUS390Arches,
    .deps = virCPUS390Deps,
    /* libvirt: host-model on s390x is QEMU's static expansion of "host" */
    .hostModelFromQEMU = true,
    .hostPassthroughOnlyMachines = virCPUS390HostPassthroughOnlyMachines,
    .validateGuest = virCPUS390ValidateGuest,
    .generations = virCPUS390Generations,
    .baselineIgnoredBase = virCPUS390IgnoredBase,
    /* QEMU target/s390x implements query-cpu-model-baseline and
     * query-cpu-model-comparison; no other target of QEMU does */
    .qemuBaseline = true,
    /* QEMU 9.1 added deprecated-props to query-cpu-model-expansion, for
     * s390x only (s390_get_deprecated_features()) */
    .deprecatedSince = "9.1",
    /* libvirt src/qemu/qemu_postparse.c, qemuDomainDefSetDefaultCPU():
     * QEMU's default CPU is used under KVM too on x86, s390 and ppc64,
     * and "host" becomes host-model on s390 where host-model is
     * supported (virQEMUCapsIsCPUModeSupported, the machine type
     * included) */
    .defaultCPUWithKVM = true,
    .defaultHostIsHostModel = true,
    /* libvirt 11.6 turns the deprecated features of a plain host-model
     * CPU off by default on s390x (its NEWS for 11.6.0; qemu.conf's
     * default_cpu_deprecated_features) */
    .hostModelDeprecatedDefault = true,
    .modelVendor = virCPUS390ModelVendor,
};
