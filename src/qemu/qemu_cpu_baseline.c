/*
 * qemu_cpu_baseline.c: CPU baseline and compare over QMP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_cpu_baseline.h"
#include "qemu_monitor_json.h"
#include "virerror.h"

VIR_ENUM_IMPL(qemuCPUCompareResult,
              QEMU_CPU_COMPARE_LAST,
              "identical",
              "superset",
              "incompatible",
);


const char *
qemuCPUHostModelName(qemuMonitorAccel accel)
{
    switch (accel) {
    case QEMU_MONITOR_ACCEL_KVM:
        return "host";
    case QEMU_MONITOR_ACCEL_TCG:
    case QEMU_MONITOR_ACCEL_LAST:
        break;
    }
    return "max";
}


/* @info as a CPU whose features are QEMU's props in QEMU's order (false
 * ones 'disable'). */
static virCPUDef *
qemuCPUFromModelInfo(qemuMonitorCPUModelInfo *info)
{
    virCPUDef *cpu = virCPUDefNew();
    size_t i;

    cpu->model = g_steal_pointer(&info->name);
    for (i = 0; i < info->nprops; i++)
        virCPUDefAddFeature(cpu, info->props[i].name,
                            info->props[i].enabled ? VIR_CPU_FEATURE_REQUIRE
                                                   : VIR_CPU_FEATURE_DISABLE);
    return cpu;
}


/* Baseline @a with @b (@origin says where @b is in the input); @a == @b
 * for a single CPU. */
static int
qemuCPUBaselinePair(qemuMonitor *mon,
                    const virCPUDef *a,
                    const virCPUDef *b,
                    const char *origin,
                    virCPUDef **result)
{
    const qemuMonitorCPUModelArg argA = { a->model, a };
    const qemuMonitorCPUModelArg argB = { b->model, b };
    g_autoptr(qemuMonitorCPUModelInfo) info = NULL;
    qemuMonitorError qmpError = { 0 };
    int rc;

    rc = qemuMonitorGetCPUModelBaseline(mon, &argA, &argB, &info, &qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        if (a == b)
            virReportError(VIR_ERR_QMP_ERROR,
                           _("QEMU refuses CPU model '%s' of %s of the input: %s"),
                           b->model, origin, qmpError.desc);
        else
            virReportError(VIR_ERR_QMP_ERROR,
                           _("QEMU cannot baseline CPU model '%s' with CPU model '%s' of %s of the input: %s"),
                           a->model, b->model, origin, qmpError.desc);
        qemuMonitorErrorClear(&qmpError);
        return -1;
    }
    *result = qemuCPUFromModelInfo(info);
    return 0;
}


static int
qemuCPUExpandFull(qemuMonitor *mon,
                  const qemuMonitorCPUModelArg *model,
                  qemuMonitorCPUModelInfo **info)
{
    qemuMonitorError qmpError = { 0 };
    int rc;

    rc = qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                         model, info, &qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU cannot expand CPU model '%s': %s"),
                       model->name, qmpError.desc);
        qemuMonitorErrorClear(&qmpError);
        return -1;
    }
    return 0;
}


/* The features QEMU set to true, in their order: what virsh prints of a
 * baseline. */
static virCPUDef *
qemuCPUBaselineKeepEnabled(const virCPUDef *cpu)
{
    virCPUDef *ret = virCPUDefNew();
    size_t i;

    ret->model = g_strdup(cpu->model);
    for (i = 0; i < cpu->nfeatures; i++) {
        if (virCPUFeaturePolicyIsEnabled(cpu->features[i].policy))
            virCPUDefAddFeature(ret, cpu->features[i].name, cpu->features[i].policy);
    }
    return ret;
}


int
qemuCPUBaseline(qemuMonitor *mon,
                const virCPUDefList *cpus,
                bool expandFeatures,
                virCPUDef **result)
{
    g_autoptr(virCPUDef) acc = NULL;
    size_t i;

    if (cpus->ncpus == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("a baseline needs at least one CPU definition"));
        return -1;
    }

    /* a single CPU is baselined with itself */
    for (i = (cpus->ncpus == 1 ? 0 : 1); i < cpus->ncpus; i++) {
        g_autoptr(virCPUDef) next = NULL;

        if (qemuCPUBaselinePair(mon, acc ? acc : cpus->cpus[0], cpus->cpus[i],
                                cpus->origins[i], &next) < 0)
            return -1;
        g_clear_pointer(&acc, virCPUDefFree);
        acc = g_steal_pointer(&next);
    }

    if (expandFeatures) {
        const qemuMonitorCPUModelArg arg = { acc->model, acc };
        g_autoptr(qemuMonitorCPUModelInfo) info = NULL;

        if (qemuCPUExpandFull(mon, &arg, &info) < 0)
            return -1;
        g_clear_pointer(&acc, virCPUDefFree);
        acc = qemuCPUFromModelInfo(info);
        virCPUDefSortFeatures(acc);
    }

    *result = qemuCPUBaselineKeepEnabled(acc);
    return 0;
}


int
qemuCPUGetDeprecatedProps(qemuMonitor *mon,
                          const char *model,
                          char ***deprecated)
{
    const qemuMonitorCPUModelArg arg = { .name = model };
    g_autoptr(qemuMonitorCPUModelInfo) info = NULL;

    if (qemuCPUExpandFull(mon, &arg, &info) < 0)
        return -1;
    *deprecated = g_steal_pointer(&info->deprecated);
    return 0;
}


int
qemuCPUCompare(qemuMonitor *mon,
               const virCPUDef *cpu,
               const char *hostModel,
               qemuCPUCompareResult *result,
               char ***responsible)
{
    const qemuMonitorCPUModelArg host = { .name = hostModel };
    const qemuMonitorCPUModelArg input = { cpu->model, cpu };
    qemuMonitorCPUCompareResult res;
    qemuMonitorError qmpError = { 0 };
    int rc;

    rc = qemuMonitorGetCPUModelComparison(mon, &host, &input, &res,
                                          responsible, &qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU cannot compare CPU model '%s' with the host CPU '%s': %s"),
                       cpu->model, hostModel, qmpError.desc);
        qemuMonitorErrorClear(&qmpError);
        return -1;
    }

    /* QEMU says what modela (the host) is relative to modelb (the input). */
    switch (res) {
    case QEMU_MONITOR_CPU_COMPARE_IDENTICAL:
        *result = QEMU_CPU_COMPARE_IDENTICAL;
        return 0;
    case QEMU_MONITOR_CPU_COMPARE_SUPERSET:
        *result = QEMU_CPU_COMPARE_SUPERSET;
        return 0;
    case QEMU_MONITOR_CPU_COMPARE_SUBSET:
    case QEMU_MONITOR_CPU_COMPARE_INCOMPATIBLE:
        *result = QEMU_CPU_COMPARE_INCOMPATIBLE;
        return 0;
    case QEMU_MONITOR_CPU_COMPARE_LAST:
    default:
        break;
    }
    g_clear_pointer(responsible, g_strfreev);
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("Unexpected CPU comparison result '%d'."), res);
    return -1;
}
