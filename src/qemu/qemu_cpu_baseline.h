/*
 * qemu_cpu_baseline.h: CPU baseline and compare over QMP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every function works on one open QMP session (qemu_monitor.h), live or
 * replayed: a caller opens ONE QEMU process and asks all its questions
 * there (libvirt 9.0 starts a new QEMU per call).
 *
 * Baseline folds QEMU's query-cpu-model-baseline pairwise over the inputs
 * (identical inputs removed first: virCPUDefListRemoveDuplicates), then, for
 * --features, asks query-cpu-model-expansion type 'full' of the result.
 * Compare asks query-cpu-model-comparison with the host CPU of the virt
 * type as 'modela' ("host" under KVM, "max" under TCG) and the input as
 * 'modelb'.
 */

#pragma once

#include "internal.h"
#include "virenum.h"
#include "cpu_input.h"
#include "cpu_baseline.h"
#include "qemu_monitor.h"

/* The CPU model standing for the host under @accel: "host" for KVM,
 * "max" for TCG. */
const char *qemuCPUHostModelName(qemuMonitorAccel accel);

/* The baseline of the CPUs of @cpus (>= 1; a single CPU is baselined
 * with itself, which checks it and gives QEMU's canonical form).  With
 * @expandFeatures the result is QEMU's full expansion of the baseline,
 * its props sorted by name as virsh prints them.  *@result has a model
 * and one 'require' feature per prop QEMU set to true, in QEMU's order:
 * what virsh prints.  Returns 0 with *@result set or -1 with an error
 * naming the models QEMU refused. */
int qemuCPUBaseline(qemuMonitor *mon,
                    const virCPUDefList *cpus,
                    bool expandFeatures,
                    virCPUDef **result);

/* The offline baseline of @cpus (virCPUBaselineOffline from @table, the
 * per-model feature sets of the QEMU behind @mon), printed as --live
 * prints it.  With @expandFeatures the features are sorted by name, as
 * virsh prints them, and QEMU is asked nothing.  Without, the features
 * the offline rule lists in @table's order are put in QEMU's: ONE
 * query-cpu-model-baseline of the result with itself (QEMU's baseline of
 * a CPU with itself is that CPU), whose reply must hold the same model
 * and the same props, else an internal error (a bug of the offline rule
 * or a table that is not this QEMU's; --live avoids both).  With
 * @tableOrder, a session that holds no reply to that query (a recording
 * made without it) keeps @table's order instead of failing.  Returns 0
 * with *@result (only 'require' features, as qemuCPUBaseline) or -1. */
int qemuCPUBaselineOffline(qemuMonitor *mon,
                           const virCPUModelTable *table,
                           const virCPUDefList *cpus,
                           bool expandFeatures,
                           bool tableOrder,
                           virCPUDef **result);

/* The per-model feature sets of the offline baseline (cpu_baseline.h),
 * asked of the QEMU behind @mon (s390x; @emulator names it in messages):
 *
 *   - query-cpu-definitions: the models (the arch driver's known ones);
 *   - qom-list-properties of a model's QOM type: the feature and group
 *     props (boolean, with a description);
 *   - the groups: a full expansion of the newest model with every prop
 *     that no reply shows on its own set false, then one per group with
 *     one member set true (the group's other members then show up one by
 *     one): about 30 queries;
 *   - per model, full expansions of NAME and NAME-base (defaults, base);
 *   - per model, newest first, its full set: every feature of the next
 *     newer model's set switched on in a full expansion of NAME-base;
 *     QEMU refuses the first one the model cannot have ("Feature 'X' is
 *     not available for CPU model ..."), which is dropped, until QEMU
 *     accepts: one query per feature dropped plus one per model.
 *
 * Some 400-500 queries in all: the caller does it once per binary and
 * caches or records the result.  Returns 0 with *@table set, or -1. */
int qemuCPUGetModelTable(qemuMonitor *mon,
                         const char *emulator,
                         virCPUModelTable **table);

/* The deprecated features QEMU reports for @model (deprecated-props of a
 * full expansion).  *@deprecated is a NULL-terminated list (maybe empty),
 * or NULL when QEMU's reply has no deprecated-props key (QEMU < 9.1). */
int qemuCPUGetDeprecatedProps(qemuMonitor *mon,
                              const char *model,
                              char ***deprecated);

/* virsh's verdicts of hypervisor-cpu-compare. */
typedef enum {
    QEMU_CPU_COMPARE_IDENTICAL = 0,
    QEMU_CPU_COMPARE_SUPERSET,      /* the host CPU is a superset of the input */
    QEMU_CPU_COMPARE_INCOMPATIBLE,  /* the input needs something the host lacks */

    QEMU_CPU_COMPARE_LAST
} qemuCPUCompareResult;

const char *qemuCPUCompareResultTypeToString(int result);
int qemuCPUCompareResultTypeFromString(const char *str);

/*
 * A comparison as JSON, for scripts ("hypervisor-cpu-compare --json").
 * Schema version 1 (members may be added within a version; one that
 * changes meaning or goes away makes version 2; docs/migration.rst):
 *
 *   {
 *     "version": 1,
 *     "verdict": "identical" | "superset" | "incompatible",
 *     "cpu": { "model": "z14" },
 *     "host": { "accel": "kvm" | "tcg", "cpu-model": "host" | "max" },
 *     "responsible": [ "type", "te", ... ]
 *   }
 *
 * "responsible" is QEMU's responsible-properties, in its order ("type":
 * the CPU generation).  Names are JSON-escaped, bytes that are not UTF-8
 * become U+FFFD.  Two-space indentation, no trailing newline.  Returns a
 * new string.
 */
#define QEMU_CPU_COMPARE_JSON_VERSION 1
char *qemuCPUCompareFormatJSON(qemuCPUCompareResult result,
                               const char *model,
                               const char *accel,
                               const char *hostModel,
                               char * const *responsible);

/* Compare @cpu with the host CPU model @hostModel.  *@responsible is
 * QEMU's responsible-properties (NULL-terminated, maybe empty). */
int qemuCPUCompare(qemuMonitor *mon,
                   const virCPUDef *cpu,
                   const char *hostModel,
                   qemuCPUCompareResult *result,
                   char ***responsible);
