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

/* libvirt refuses 'optional' for s390x features (QEMU has no way to say
 * "if available"); so do we. */
static int
virCPUS390ValidateFeatures(const virCPUDef *cpu)
{
    size_t i;

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
    .validateFeatures = virCPUS390ValidateFeatures,
};
