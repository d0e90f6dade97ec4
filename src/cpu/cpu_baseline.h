/*
 * cpu_baseline.h: the CPU baseline of a fleet, computed without QEMU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "hostrec hypervisor-cpu-baseline --live" folds QEMU's
 * query-cpu-model-baseline over the inputs, one QMP round trip per
 * distinct CPU (qemu_cpu_baseline.h).  By default, and for fleet, the
 * baseline is computed here instead: on s390x QEMU's rule is simple
 * enough to apply from per-model feature sets that the probe records
 * once per QEMU binary (virCPUModelTable, filled by src/qemu, cached and
 * recorded like the rest of the capabilities).  The result must be
 * exactly QEMU's: the same model and the same set of props.
 * tests/qemubaselinelivetest.c compares both on random fleets against
 * live QEMUs 7.2 and 10.0, and tests/fleetbaselinetest.py fleet's
 * baseline against QEMU's fold on recorded hosts;
 * tests/cpubaselineofflinetest.c holds small cases on a synthetic table,
 * one step of the rule each.
 *
 * QEMU's s390x rule, per pair (a, b) of the fold (facts read from QEMU's
 * target/s390x, query-cpu-model-baseline and s390_find_cpu_def()):
 *
 *   1. the features of each side: those of its model (the defaults of
 *      "z14", the base features of "z14-base"), then its props applied;
 *   2. the common features F = a & b;
 *   3. the newest CPU definition, in release order, not newer than the
 *      older side (same generation: the lower GA level, and the CPU type
 *      kept only when both sides have it), whose base features F holds
 *      (a few features QEMU ignores for that test) -- preferring the one
 *      of the same CPU type;
 *   4. F without the features that definition can never have (its
 *      "full" set); the result is "DEF-base" with F as a delta: base
 *      features F lacks as false, features beyond the base as true.
 *
 * What QEMU does not say over QMP (each model's generation, GA level and
 * CPU type, and the base features it ignores in step 3) is a data table
 * in the arch driver (cpu_s390.c), each entry with its source in QEMU.
 * A model of @models missing from that table (a QEMU newer than hostrec)
 * is left out of the search: it can only be newer than every model the
 * table knows, so it is never the answer unless a host names it, and a
 * host that names it is an error.
 *
 * Everything here is pure: no I/O, no QEMU, nothing printed.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"

/* ---- Per-model feature sets (filled by the probe) ---------------------- */

/* One CPU model of one QEMU binary, as QEMU expands it.  Each list is
 * NULL-terminated, in QEMU's prop order, and never NULL; its names belong
 * to the table (virCPUModelTable's @names). */
typedef struct _virCPUModelFeatures virCPUModelFeatures;
struct _virCPUModelFeatures {
    char *name;         /* "z14": QEMU's static variant is "z14-base" */
    char **base;        /* props true in the full expansion of NAME-base */
    char **defaults;    /* props true in the full expansion of NAME */
    char **full;        /* every prop QEMU lets NAME (and NAME-base) enable */
};

/* A feature group of QEMU (s390x: "msa3" stands for msa3-base and its
 * subfunctions): setting it sets every member, and QEMU's replies name the
 * group instead of its members when all of them have the same value. */
typedef struct _virCPUFeatureGroup virCPUFeatureGroup;
struct _virCPUFeatureGroup {
    char *name;
    char **members;     /* NULL-terminated, never empty; names of the table */
};

/* The CPU models of one QEMU binary with their feature sets.  @models are
 * in the order they were added (the order does not matter: the arch
 * driver knows the release order).  @props is every single CPU feature
 * the QEMU knows, in its order; the model lists hold only names of
 * @props (groups unfolded).  Each name is kept once, in @names, and every
 * list (@props too) is an array of pointers into it: a table of QEMU 10.0
 * has some 15,000 list entries but fewer than 400 names. */
typedef struct _virCPUModelTable virCPUModelTable;
struct _virCPUModelTable {
    char *arch;         /* "s390x" */
    char *emulator;     /* for messages: "QEMU 7.2.22 (/usr/bin/qemu-system-s390x)" */
    GStringChunk *names;
    char **props;       /* NULL-terminated */
    /* Grown by doubling: fill only through virCPUModelTableAddModel()
     * and virCPUModelTableAddGroup(). */
    size_t nmodels;
    virCPUModelFeatures *models;
    size_t ngroups;
    virCPUFeatureGroup *groups;
};

/* A new empty table (props an empty list); @emulator may be NULL. */
virCPUModelTable *virCPUModelTableNew(const char *arch,
                                      const char *emulator);
void virCPUModelTableFree(virCPUModelTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUModelTable, virCPUModelTableFree);
virCPUModelTable *virCPUModelTableCopy(const virCPUModelTable *table);

/* Replace the prop list with a copy of @props (NULL-terminated). */
void virCPUModelTableSetProps(virCPUModelTable *table,
                              char * const *props);

/* Append a model; the lists are copied.  Returns the new entry. */
virCPUModelFeatures *virCPUModelTableAddModel(virCPUModelTable *table,
                                              const char *name,
                                              char * const *base,
                                              char * const *defaults,
                                              char * const *full);

/* Replace the full list of @model, an entry of @table, with a copy of
 * @full (NULL-terminated). */
void virCPUModelTableSetFull(virCPUModelTable *table,
                             virCPUModelFeatures *model,
                             char * const *full);

/* Append a group; @members is copied. */
void virCPUModelTableAddGroup(virCPUModelTable *table,
                              const char *name,
                              char * const *members);

/* The model called @name ("z14"; "z14-base" finds "z14" too), or NULL. */
const virCPUModelFeatures *virCPUModelTableFind(const virCPUModelTable *table,
                                                const char *name);

/* The features @cpu enables (require, force) that QEMU does not let its
 * base model have: a feature of a later generation than the model (QEMU:
 * "Feature 'nnpa' is not available for CPU model 'z13', it was introduced
 * with later models"), i.e. a prop of @table outside the model's full
 * set, or a group with a member outside it.  A model @table does not know
 * (a newer QEMU's) and a name that is neither a prop nor a group of it
 * (another check's business) are passed over: only what QEMU said counts.
 * A new array of names borrowed from @cpu, in its feature order; empty
 * when there is nothing to say. */
GPtrArray *virCPUModelTableGetLaterFeatures(const virCPUModelTable *table,
                                            const virCPUDef *cpu);

/* Whether the offline baseline is implemented for @arch: its arch driver
 * has a table of QEMU's models (s390x). */
bool virCPUBaselineOfflineSupported(const char *arch);

/* 0 when virCPUBaselineOfflineSupported(@arch), else -1 with an error
 * that names the arches where it is. */
int virCPUBaselineCheckOfflineArch(const char *arch);

/* The names of @names (NULL-terminated) that the arch driver knows, in
 * QEMU's release order (oldest first): the order in which the probe
 * narrows down each model's full set.  A new list (g_strfreev). */
char **virCPUBaselineReleaseOrder(const char *arch,
                                  char * const *names);

/* ---- The baseline ------------------------------------------------------ */

typedef enum {
    /* Every prop of the result (QEMU's full expansion of it), sorted by
     * name, as "virsh hypervisor-cpu-baseline --features" prints it. */
    VIR_CPU_BASELINE_EXPAND_FEATURES = 1 << 0,
    /* Keep the props that are false (policy 'disable'): QEMU's whole
     * reply.  Without it, only the true ones are kept ('require'), as
     * virsh prints them and qemuCPUBaseline() returns them. */
    VIR_CPU_BASELINE_WITH_DISABLED = 1 << 1,
} virCPUBaselineFlags;

/* Which host holds the baseline back, and by what. */
typedef struct _virCPUBaselineLimit virCPUBaselineLimit;
struct _virCPUBaselineLimit {
    /* the host's CPU generation and GA level are the oldest of the fleet:
     * the baseline model cannot be newer than this host's own */
    bool model;
    /* the features every other host has and this one lacks (QEMU's prop
     * order): NULL-terminated, empty when none; for a fleet of one host,
     * always empty */
    char **features;
};

/* One virCPUBaselineLimit per input host, in input order. */
typedef struct _virCPUBaselineLimits virCPUBaselineLimits;
struct _virCPUBaselineLimits {
    size_t nhosts;
    virCPUBaselineLimit *hosts;
};

void virCPUBaselineLimitsFree(virCPUBaselineLimits *limits);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUBaselineLimits, virCPUBaselineLimitsFree);

/* The baseline of the CPUs @hosts (@nhosts >= 1; each a custom CPU with a
 * model, as src/conf/cpu_input.h parses them; a single CPU is baselined
 * with itself) as QEMU's query-cpu-model-baseline folded over them in
 * order would give it, from the feature sets of @models.  @names (may be
 * NULL: "CPU 1", "CPU 2", ...) name the hosts in messages.
 *
 * *@result: mode custom, model "DEF-base", one feature per prop of QEMU's
 * reply in @models' prop order, a group's name standing for its members
 * where QEMU folds them (flags: virCPUBaselineFlags).  A host's features
 * may name groups.  When
 * @limits is non-NULL, *@limits says which host limits the result by
 * what.
 *
 * Errors (one sentence, naming the host and the QEMU of @models):
 * a model or a feature that QEMU does not know (QEMU 7.2 knows no gen16
 * feature such as 'appv'), a feature enabled on a model that cannot have
 * it, a model of a generation the arch driver does not know, no model at
 * all fitting the common features (QEMU: "No compatible CPU model could be
 * created as important base features are disabled").
 *
 * Returns 0, or -1 with an error reported. */
int virCPUBaselineOffline(const virCPUModelTable *models,
                          virCPUDef *const *hosts,
                          const char *const *names,
                          size_t nhosts,
                          unsigned int flags,
                          virCPUDef **result,
                          virCPUBaselineLimits **limits);

/* Host @i of a baseline, for virCPUBaselineOfflineEach(): valid until the
 * next call, or NULL with an error reported. */
typedef const virCPUDef *(*virCPUBaselineHostFunc)(size_t i,
                                                  void *opaque);

/* virCPUBaselineOffline() of hosts that @host gives one at a time, in
 * order, each asked for once: only the features of one definition are
 * held at a time, so a fleet need not build all of them first. */
int virCPUBaselineOfflineEach(const virCPUModelTable *models,
                              virCPUBaselineHostFunc host,
                              void *opaque,
                              const char *const *names,
                              size_t nhosts,
                              unsigned int flags,
                              virCPUDef **result,
                              virCPUBaselineLimits **limits);
