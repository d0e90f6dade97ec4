/*
 * qemu_monitor_json.h: the QMP commands hostrec sends, as typed calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every QMP exchange of the library goes through these functions: they
 * build the arguments, send the command on one session (qemu_monitor.h)
 * and walk the reply into typed data.  Nothing else builds QMP arguments
 * or walks a reply, so a reply means the same thing to every caller (the
 * probe in qemu_capabilities.c, baseline and compare in
 * qemu_cpu_baseline.c, the tests).
 *
 * A reply is input.  Every name QEMU (or a recording of it) hands over is
 * checked against the name rule of virqemu.h, and every member's JSON
 * type is checked, before anything is kept.
 *
 * Return values, as the raw qemuMonitorCommand() (qemu_monitor_priv.h):
 * 0 with the outputs set; 1 when QEMU answered with an error and
 * @qmpError is non-NULL (filled in, nothing reported: the caller decides
 * what a refusal means); -1 with an error reported otherwise, naming the
 * binary, or the recording and the line of the reply.  A replayed command
 * without a recorded reply is -1 with an error of code VIR_ERR_NO_REPLY
 * (a trimmed recording: the caller may treat it as "not asked").
 * Functions without @qmpError return 0 or -1.  Outputs are only set on
 * success.
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "qemu_monitor.h"
#include "virenum.h"

/* ---- the QEMU and its session ----------------------------------------- */

/* query-version: QEMU's version and its package string (NULL when QEMU
 * gave none).  Major is at most 4000, minor and micro at most 999. */
int qemuMonitorGetVersion(qemuMonitor *mon,
                          unsigned int *major,
                          unsigned int *minor,
                          unsigned int *micro,
                          char **package);

/* query-target: the guest arch ("s390x"), never empty. */
int qemuMonitorGetTarget(qemuMonitor *mon,
                         char **arch);

/* query-kvm: whether this session runs KVM.  QEMU versions that dropped
 * the command answer CommandNotFound (see qemuMonitorGetAccelerators). */
int qemuMonitorGetKVM(qemuMonitor *mon,
                      bool *enabled,
                      qemuMonitorError *qmpError);

/* query-accelerators: whether the accelerator enabled is KVM. */
int qemuMonitorGetAccelerators(qemuMonitor *mon,
                               bool *kvm);

/* One machine type of query-machines, as QEMU describes it. */
typedef struct _qemuMonitorMachineInfo qemuMonitorMachineInfo;
struct _qemuMonitorMachineInfo {
    char *name;
    char *alias;              /* e.g. "s390-ccw-virtio" for the newest */
    bool isDefault;
    bool deprecated;
    unsigned int maxCpus;
    char *defaultCPUType;     /* QOM type of the machine's default CPU for
                               * this virt type ("default-cpu-type", e.g.
                               * "host-s390x-cpu"); NULL when QEMU did not say */
};

/* Free the members of @machine and zero it. */
void qemuMonitorMachineInfoClear(qemuMonitorMachineInfo *machine);

/* query-machines, in QEMU's order: a new array (free each element with
 * qemuMonitorMachineInfoClear(), then the array) of *@nmachines.  The
 * name and alias are machine names and the default CPU type a CPU model
 * name by the name rule. */
int qemuMonitorGetMachines(qemuMonitor *mon,
                           qemuMonitorMachineInfo **machines,
                           size_t *nmachines);

/* One CPU model of query-cpu-definitions. */
typedef struct _qemuMonitorCPUDefInfo qemuMonitorCPUDefInfo;
struct _qemuMonitorCPUDefInfo {
    char *name;
    char *typename;           /* QOM type, e.g. "z13-s390x-cpu"; may be NULL */
    bool deprecated;          /* the model itself is deprecated */
    virTristateBool usable;   /* ABSENT when QEMU did not say */
    char **blockers;          /* unavailable-features (NULL-terminated);
                               * NULL when absent */
};

void qemuMonitorCPUDefInfoClear(qemuMonitorCPUDefInfo *def);

/* query-cpu-definitions, in QEMU's order: a new array (free each element
 * with qemuMonitorCPUDefInfoClear(), then the array) of *@ndefs.  Usable
 * is libvirt's rule: yes when QEMU lists no unavailable feature, no when
 * it lists some, absent when it does not say.  An arch without CPU
 * models answers CommandNotFound. */
int qemuMonitorGetCPUDefinitions(qemuMonitor *mon,
                                 qemuMonitorCPUDefInfo **defs,
                                 size_t *ndefs,
                                 qemuMonitorError *qmpError);

/* qom-list-properties of the QOM type @typename: the names of its boolean
 * properties that carry a description (on s390x, the CPU features and
 * feature groups of a CPU model type), in QEMU's order, as a
 * NULL-terminated list; each name is checked against the name rule. */
int qemuMonitorGetCPUFeatureProps(qemuMonitor *mon,
                                  const char *typename,
                                  char ***names);

/* ---- CPU models ------------------------------------------------------- */

/* A CPU model to send: a name and the features of @cpu as props, both
 * borrowed.  Features 'require' and 'force' are sent true, 'disable' and
 * 'forbid' false, 'optional' not at all (QEMU decides); in order.  No
 * props (@cpu NULL, or nothing to send) leaves "props" out, as libvirt
 * sends it (replayed recordings match on it). */
typedef struct _qemuMonitorCPUModelArg qemuMonitorCPUModelArg;
struct _qemuMonitorCPUModelArg {
    const char *name;
    const virCPUDef *cpu;
};

/* A CPU model as QEMU returns it (CpuModelInfo, and the deprecated-props
 * of an expansion). */
typedef struct _qemuMonitorCPUModelInfo qemuMonitorCPUModelInfo;
struct _qemuMonitorCPUModelInfo {
    char *name;
    size_t nprops;
    virCPUProp *props;        /* the boolean props (the CPU features), in
                               * QEMU's order; props of other types, none
                               * on s390x, are left out */
    char **deprecated;        /* expansion only: deprecated-props
                               * (NULL-terminated), NULL when the reply had
                               * no such key (QEMU < 9.1); an empty list
                               * means "none".  Never confuse the two. */
};

void qemuMonitorCPUModelInfoFree(qemuMonitorCPUModelInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuMonitorCPUModelInfo, qemuMonitorCPUModelInfoFree);

/* The boolean prop @name of @info (borrowed), or NULL when @info has none
 * of that name. */
const virCPUProp *qemuMonitorCPUModelInfoGetProp(const qemuMonitorCPUModelInfo *info,
                                                 const char *name);

typedef enum {
    QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC = 0,
    QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,

    QEMU_MONITOR_CPU_MODEL_EXPANSION_LAST
} qemuMonitorCPUModelExpansionType;

const char *qemuMonitorCPUModelExpansionTypeToString(int type);
int qemuMonitorCPUModelExpansionTypeFromString(const char *str);

/* query-cpu-model-expansion of @model: the base model and props, with
 * deprecated-props as QEMU said it.  "props" may be absent from the
 * reply (QMP makes it optional: no prop); any other type than an object
 * is an error, and so is a model or prop name that breaks the name rule,
 * or a deprecated-props that is not a list of such names. */
int qemuMonitorGetCPUModelExpansion(qemuMonitor *mon,
                                    qemuMonitorCPUModelExpansionType type,
                                    const qemuMonitorCPUModelArg *model,
                                    qemuMonitorCPUModelInfo **info,
                                    qemuMonitorError *qmpError);

/* query-cpu-model-baseline of @a and @b ("modela", "modelb"); the reply
 * is checked as an expansion's, and *@info has no deprecated list. */
int qemuMonitorGetCPUModelBaseline(qemuMonitor *mon,
                                   const qemuMonitorCPUModelArg *a,
                                   const qemuMonitorCPUModelArg *b,
                                   qemuMonitorCPUModelInfo **info,
                                   qemuMonitorError *qmpError);

/* What QEMU says @a of a comparison is relative to @b
 * (CpuModelCompareResult). */
typedef enum {
    QEMU_MONITOR_CPU_COMPARE_INCOMPATIBLE = 0,
    QEMU_MONITOR_CPU_COMPARE_IDENTICAL,
    QEMU_MONITOR_CPU_COMPARE_SUPERSET,
    QEMU_MONITOR_CPU_COMPARE_SUBSET,

    QEMU_MONITOR_CPU_COMPARE_LAST
} qemuMonitorCPUCompareResult;

const char *qemuMonitorCPUCompareResultTypeToString(int result);
int qemuMonitorCPUCompareResultTypeFromString(const char *str);

/* query-cpu-model-comparison of @a ("modela") with @b ("modelb"):
 * *@result and *@responsible, QEMU's responsible-properties
 * (NULL-terminated; empty when the reply has none), feature names by the
 * name rule. */
int qemuMonitorGetCPUModelComparison(qemuMonitor *mon,
                                     const qemuMonitorCPUModelArg *a,
                                     const qemuMonitorCPUModelArg *b,
                                     qemuMonitorCPUCompareResult *result,
                                     char ***responsible,
                                     qemuMonitorError *qmpError);

/* ---- a running guest ---------------------------------------------------
 * What the live tests ask of the guests they start from hostrec's
 * command lines (tests/testlive.h); hostrec itself starts no guest. */

/* query-status: the run state ("prelaunch", "running", "paused", ...)
 * and whether the guest runs. */
int qemuMonitorGetStatus(qemuMonitor *mon,
                         char **status,
                         bool *running);

/* query-cpus-fast: the QOM path of each vCPU in QEMU's order, a
 * NULL-terminated list of at least one path. */
int qemuMonitorGetCPUQOMPaths(qemuMonitor *mon,
                              char ***paths);

/* qom-get of the boolean property @prop of the object at @path. */
int qemuMonitorGetObjectPropertyBool(qemuMonitor *mon,
                                     const char *path,
                                     const char *prop,
                                     bool *value);

/* migrate-incoming: wait for the migration stream at @uri. */
int qemuMonitorMigrateIncoming(qemuMonitor *mon,
                               const char *uri);

/* migrate: send the guest's state to @uri (QEMU's refusal in
 * @qmpError when non-NULL). */
int qemuMonitorMigrate(qemuMonitor *mon,
                       const char *uri,
                       qemuMonitorError *qmpError);

/* query-migrate: the migration's status ("active", "completed",
 * "failed", ...; NULL before any migration) and QEMU's error-desc (NULL
 * when it gave none). */
int qemuMonitorGetMigrationStatus(qemuMonitor *mon,
                                  char **status,
                                  char **errorDesc);
