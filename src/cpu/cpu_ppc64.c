/*
 * cpu_ppc64.c: the ppc64 CPU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec computes no ppc64 CPU from the host's (libvirt builds ppc64
 * host-model from its own CPU map), so this driver holds only the two
 * ways libvirt's QEMU driver treats ppc64 apart when it builds -cpu: it
 * takes QEMU's default CPU under KVM too, and it writes no pmu= for the
 * domain's <pmu>.  No dependency table, no offline baseline.
 */

#include "internal.h"

#include "cpu_driver.h"

/* QEMU's name (qemu-system-ppc64 runs both) and libvirt's */
static const char * const virCPUPPC64Arches[] = { "ppc64", "ppc64le", NULL };

const virCPUArchDriver virCPUDriverPPC64 = {
    .name = "ppc64",
    .arches = virCPUPPC64Arches,
    /* libvirt src/qemu/qemu_postparse.c, qemuDomainDefSetDefaultCPU():
     * QEMU's default CPU is used under KVM too on x86, s390 and ppc64 */
    .defaultCPUWithKVM = true,
    /* libvirt src/qemu/qemu_command.c, qemuBuildCpuCommandLine(): "ppc64
     * guests always have PMU enabled, but the 'pmu' option is not
     * supported" */
    .pmuAlwaysOn = true,
};
