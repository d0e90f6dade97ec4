/*
 * cpu_driver.h: the per-arch CPU drivers behind cpu.h (private to src/cpu)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An arch driver holds every fact about one arch that QEMU does not tell
 * us over QMP and every rule by which libvirt treats the arch apart:
 * which features depend on which (so that disabling a deprecated feature
 * also disables the features that cannot work without it), the machine
 * types that allow no CPU model, the arch's rules for <feature> policies,
 * where libvirt takes a guest's default CPU from QEMU, since which QEMU
 * the arch reports deprecated features, and what QEMU computes for it
 * (baseline, compare).  Everything else (models, props, the deprecated
 * set) comes from QEMU.  An arch without a driver uses the generic path:
 * QEMU's data only, no dependency table, every flag below false.
 *
 * Nothing outside the drivers tests an arch name: code asks a predicate
 * of cpu.h, which asks the driver.  Adding an arch is one driver file
 * (cpu_ARCH.c, with its facts and their sources) and one line in the
 * registry, virCPUDrivers[] in cpu.c (and the file in meson.build).
 * QEMU's names of the arches and libvirt's preferred machine types are
 * the one arch table, src/qemu/qemu_host.c, which covers every QEMU
 * target whether or not it has a driver.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"

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
    /* QEMU's name of the arch first (query-target, qemu-system-NAME: the
     * name messages use), then libvirt's other names of the same arches.
     * NULL-terminated. */
    const char * const *arches;
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
    /* QEMU answers query-cpu-model-baseline and
     * query-cpu-model-comparison for this arch (s390x): hostrec's baseline
     * and compare through QEMU work only there. */
    bool qemuBaseline;
    /* The first QEMU release whose full expansion of the host CPU reports
     * deprecated-props for this arch ("9.1"), named by the messages that
     * ask for such a QEMU.  NULL: QEMU does not report them here. */
    const char *deprecatedSince;
    /* libvirt takes QEMU's default CPU of the machine type (its
     * default-cpu-type) for a domain without a CPU model under KVM as
     * well as under TCG (elsewhere under TCG only). */
    bool defaultCPUWithKVM;
    /* ... and turns a default CPU of "host" into host-model where the
     * machine type allows it, host-passthrough otherwise; false: "host"
     * is host-passthrough. */
    bool defaultHostIsHostModel;
    /* A host-model CPU without deprecated_features gets the modelled
     * libvirt's default for it (qemu.conf's
     * default_cpu_deprecated_features, libvirt >= 11.6). */
    bool hostModelDeprecatedDefault;
    /* The guest always has a PMU and QEMU's CPU has no 'pmu' property:
     * libvirt writes no pmu= for the domain's <pmu>. */
    bool pmuAlwaysOn;
    /* The vendor libvirt's domain capabilities give the CPU model @model
     * of QEMU, or NULL for "unknown".  NULL: "unknown" for every model. */
    const char *(*modelVendor)(const char *model);
};

/* The driver of @arch, or NULL (cpu_arch.c). */
const virCPUArchDriver *virCPUGetDriver(const char *arch);

/* The first driver, in registry order, for which @pred holds, or NULL:
 * what messages that name the arches where something works ask. */
const virCPUArchDriver *virCPUGetDriverWith(bool (*pred)(const virCPUArchDriver *drv));

/* QEMU's names (arches[0]) of the drivers for which @pred holds, in
 * registry order, joined by ", ": "s390x".  A new string. */
char *virCPUFormatArchesWith(bool (*pred)(const virCPUArchDriver *drv));

extern const virCPUArchDriver virCPUDriverPPC64;
extern const virCPUArchDriver virCPUDriverS390;
extern const virCPUArchDriver virCPUDriverX86;
