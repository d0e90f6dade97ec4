/*
 * cpu_arch.h: what hostrec knows of each arch, asked of its driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The registry of the arch drivers (cpu_driver.h) and the predicates
 * through which the rest of hostrec asks them: no arch name is tested
 * outside the drivers.  Adding an arch is one driver file and one line
 * of the registry in cpu_arch.c.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"
#include "domain_conf.h"

/* Whether hostrec computes host-model (and host-recommended) for @arch the
 * way libvirt does: only where libvirt's host-model is QEMU's static
 * expansion of the host CPU (s390x).  On x86 libvirt builds host-model
 * from its own CPU map; elsewhere it does not offer it. */
bool virCPUArchHasHostModel(const char *arch);

/* Whether QEMU's "host" and "max" CPUs of @arch have a 'migratable'
 * property that libvirt sets from the CPU's migratable attribute (x86):
 * there host-passthrough is migratable='on' unless the domain says off,
 * and -cpu says which.  Elsewhere libvirt writes nothing for it. */
bool virCPUArchHasMigratable(const char *arch);

/* Where libvirt takes a guest's CPU from QEMU's default CPU of the
 * machine type (default-cpu-type: a domain without a CPU model), the
 * arch driver decides (cpu_driver.h):
 *
 * virCPUArchUsesDefaultCPUWithKVM: under KVM as well as under TCG (x86,
 * s390x, ppc64); elsewhere under TCG only.
 * virCPUArchDefaultHostIsHostModel: a default of "host" is host-model
 * where the machine type allows it (s390x); elsewhere host-passthrough. */
bool virCPUArchUsesDefaultCPUWithKVM(const char *arch);
bool virCPUArchDefaultHostIsHostModel(const char *arch);

/* Whether a host-model CPU of @arch without deprecated_features gets the
 * modelled libvirt's default for it (qemu.conf's
 * default_cpu_deprecated_features, libvirt >= 11.6: s390x). */
bool virCPUArchHasHostModelDeprecatedDefault(const char *arch);

/* Whether a guest of @arch always has a PMU, so that libvirt writes no
 * pmu= into -cpu for the domain's <pmu> (ppc64). */
bool virCPUArchHasPMUAlwaysOn(const char *arch);

/* The vendor libvirt's domain capabilities give QEMU's CPU model @model
 * of @arch ("IBM" for s390x models named after a machine generation),
 * "unknown" where the arch driver does not say.  A static string. */
const char *virCPUGetModelVendor(const char *arch,
                                 const char *model);

/* Whether QEMU lets a @virtType guest of @arch run a CPU of @mode on the
 * machine type @machine (its own name; NULL: not known, true).  False
 * for every mode but host-passthrough under KVM on a machine type the
 * arch driver lists as allowing no CPU model (s390x: the compatibility
 * machines s390-ccw-virtio-2.4 to -2.7, which QEMU 10.0 removed), as
 * libvirt decides it; always true under TCG, which QEMU does not
 * restrict.  libvirt's domain capabilities then offer host-passthrough
 * only, and a domain without <cpu> gets it. */
bool virCPUMachineAllowsMode(const char *arch,
                             virDomainVirtType virtType,
                             const char *machine,
                             virCPUMode mode);

/* Features of @arch that require @feature, from the arch's dependency
 * table, in table order: a new NULL-terminated list (g_strfreev), empty
 * (a lone NULL) when there are none or the arch has no table. */
char **virCPUGetDependents(const char *arch,
                           const char *feature);
