/*
 * cpu_x86.c: the x86 CPU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec does not model libvirt's x86 CPU map, so this driver holds
 * only what keeps an x86 -cpu from differing silently from libvirt's:
 * QEMU's x86 "host" and "max" CPUs have a 'migratable' property, which
 * libvirt sets, and a CPU libvirt computes from the host CPU with its map
 * (host-model, match='minimum') is refused; and libvirt takes QEMU's
 * default CPU under KVM too.  No dependency table, no offline baseline.
 */

#include "internal.h"

#include "cpu_driver.h"
#include "virerror.h"

/* QEMU's names and libvirt's (i686 is libvirt's name of i386) */
static const char * const virCPUX86Arches[] = { "x86_64", "i386", "i686", NULL };

/* libvirt's x86 driver turns a custom CPU with match='minimum' into the
 * host CPU of its map (x86UpdateHostModel) with the guest's model as a
 * floor: a CPU hostrec cannot compute, and would otherwise print as the
 * bare model. */
static int
virCPUX86ValidateGuest(const virCPUDef *cpu)
{
    if (cpu->mode == VIR_CPU_MODE_CUSTOM && cpu->match == VIR_CPU_MATCH_MINIMUM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("hostrec cannot compute an x86 CPU with match='minimum', which libvirt builds from the host CPU with its own CPU map; use match='exact'"));
        return -1;
    }
    return 0;
}

const virCPUArchDriver virCPUDriverX86 = {
    .name = "x86",
    .arches = virCPUX86Arches,
    /* libvirt: host-model on x86 comes from its CPU map, not from QEMU */
    .hostModelFromQEMU = false,
    /* QEMU's max-x86_64-cpu has "migratable" (libvirt's capability
     * cpu.migratable) on every x86_64 recording of libvirt 11.3's test
     * data, QEMU 6.2 to 10.0; libvirt sets it for host-passthrough (on
     * unless the domain says off) and for maximum when the domain says */
    .hostMigratable = true,
    .validateGuest = virCPUX86ValidateGuest,
    /* libvirt src/qemu/qemu_postparse.c, qemuDomainDefSetDefaultCPU():
     * QEMU's default CPU is used under KVM too on x86, s390 and ppc64 */
    .defaultCPUWithKVM = true,
};
