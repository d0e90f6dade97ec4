/*
 * cpu_driver.h: the per-arch CPU drivers behind cpu.h (private to src/cpu)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An arch driver holds only what QEMU does not tell us over QMP: which
 * features depend on which (so that disabling a deprecated feature also
 * disables the features that cannot work without it), the machine types
 * that allow no CPU model, and the arch's rules for <feature> policies.  Everything else (models, props, the
 * deprecated set) comes from QEMU.  An arch without a driver uses the
 * generic path: QEMU's data only, no dependency table.
 */

#pragma once

#include "internal.h"
#include "cpu.h"

/* One dependency: @feature cannot be enabled without @requires.
 * @source names where QEMU states it (file and function). */
typedef struct _virCPUDependency virCPUDependency;
struct _virCPUDependency {
    const char *feature;
    const char *requires;
    const char *source;
};

/* What QEMU knows of one CPU model but does not report over QMP, for the
 * offline baseline (cpu_baseline.h): its CPU type (machine type number),
 * hardware generation and GA level.  A table of them lists the models in
 * QEMU's release order and ends with a { NULL } row. */
typedef struct _virCPUModelGeneration virCPUModelGeneration;
struct _virCPUModelGeneration {
    const char *name;
    unsigned int type;
    unsigned int gen;
    unsigned int ga;
};

typedef struct _virCPUArchDriver virCPUArchDriver;
struct _virCPUArchDriver {
    const char *name;
    const char * const *arches;         /* NULL-terminated */
    const virCPUDependency *deps;       /* ends with a { NULL } row */
    /* libvirt's host-model on this arch is QEMU's static expansion of the
     * host CPU, so hostrec can compute it (s390x).  Elsewhere libvirt
     * builds it from its own CPU map (x86) or does not offer it, and
     * hostrec refuses host-model and host-recommended rather than print a
     * different CPU. */
    bool hostModelFromQEMU;
    /* The machine types on which QEMU under KVM lets a guest have no CPU
     * model but "host" (host-passthrough): QEMU's compatibility machines
     * that predate CPU models.  query-machines does not say so, hence a
     * table, each entry with its place in QEMU.  NULL-terminated; NULL:
     * every machine type allows CPU models. */
    const char * const *hostPassthroughOnlyMachines;
    /* QEMU's "host" and "max" CPUs of this arch have a 'migratable'
     * property, and libvirt writes the CPU's migratable attribute into
     * -cpu (x86); elsewhere libvirt writes nothing for it. */
    bool hostMigratable;
    /* What libvirt's CPU driver of the arch refuses in a guest CPU, or
     * computes from the host CPU where hostrec cannot (s390x: 'optional'
     * features, match='minimum'; x86: match='minimum'): 0 when @cpu is fine,
     * -1 with an error reported otherwise.  NULL: nothing is refused. */
    int (*validateGuest)(const virCPUDef *cpu);
    /* For the offline baseline: the models in release order, and the base
     * features that do not count when looking for the newest model whose
     * base features a CPU holds.  NULL: no offline baseline. */
    const virCPUModelGeneration *generations;
    const char * const *baselineIgnoredBase;    /* NULL-terminated */
};

/* The driver of @arch, or NULL (cpu.c). */
const virCPUArchDriver *virCPUGetDriver(const char *arch);

extern const virCPUArchDriver virCPUDriverS390;
extern const virCPUArchDriver virCPUDriverX86;
