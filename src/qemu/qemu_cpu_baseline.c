/*
 * qemu_cpu_baseline.c: CPU baseline and compare over QMP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_cpu_baseline.h"
#include "qemu_monitor_reply.h"
#include "virerror.h"

VIR_ENUM_IMPL(qemuCPUCompareResult,
              QEMU_CPU_COMPARE_LAST,
              "identical",
              "superset",
              "incompatible",
);


int
qemuCPUGetTargetArch(qemuMonitor *mon,
                     char **arch)
{
    g_autoptr(json_object) reply = NULL;
    json_object *val;

    if (qemuMonitorCommand(mon, "query-target", NULL, &reply, NULL) < 0)
        return -1;
    if (!json_object_object_get_ex(reply, "arch", &val) ||
        !json_object_is_type(val, json_type_string)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("the reply of '%s' to 'query-target' has no 'arch' string"),
                       qemuMonitorGetName(mon));
        return -1;
    }
    *arch = g_strdup(json_object_get_string(val));
    return 0;
}


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


/* {"name": MODEL, "props": {...}} of @model and the features of @cpu
 * (NULL: none): require and force are true, disable and forbid false,
 * optional is left out (QEMU decides).  "props" is left out when empty, as
 * libvirt sends it (replayed recordings match on it). */
static json_object *
qemuCPUInputToJSON(const char *model,
                   const virCPUDef *cpu)
{
    json_object *obj = json_object_new_object();
    json_object *jprops = json_object_new_object();
    size_t i;

    json_object_object_add(obj, "name", json_object_new_string(model));
    for (i = 0; cpu && i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *feature = &cpu->features[i];

        if (feature->policy == VIR_CPU_FEATURE_OPTIONAL)
            continue;
        json_object_object_add(jprops, feature->name,
                               json_object_new_boolean(virCPUFeaturePolicyIsEnabled(feature->policy)));
    }
    if (json_object_object_length(jprops) > 0)
        json_object_object_add(obj, "props", jprops);
    else
        json_object_put(jprops);
    return obj;
}


static void
qemuCPUAddResultProp(const char *name,
                     bool enabled,
                     void *opaque)
{
    virCPUDefAddFeature(opaque, name,
                        enabled ? VIR_CPU_FEATURE_REQUIRE : VIR_CPU_FEATURE_DISABLE);
}


/* The "model" member of a baseline or expansion reply, as a CPU whose
 * features are QEMU's props in QEMU's order (false ones 'disable'). */
static int
qemuCPUParseModelInfo(qemuMonitor *mon,
                      const char *cmd,
                      json_object *reply,
                      virCPUDef **result)
{
    g_autoptr(virCPUDef) cpu = virCPUDefNew();

    if (qemuMonitorReplyParseModelInfo(mon, cmd, reply, &cpu->model,
                                       qemuCPUAddResultProp, cpu) < 0)
        return -1;

    *result = g_steal_pointer(&cpu);
    return 0;
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
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    qemuMonitorError qmpError = { 0 };
    int rc;

    json_object_object_add(args, "modela",
                           qemuCPUInputToJSON(a->model, a));
    json_object_object_add(args, "modelb", qemuCPUInputToJSON(b->model, b));

    rc = qemuMonitorCommand(mon, "query-cpu-model-baseline", args, &reply, &qmpError);
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
    return qemuCPUParseModelInfo(mon, "query-cpu-model-baseline", reply, result);
}


static int
qemuCPUExpandFull(qemuMonitor *mon,
                  const char *model,
                  const virCPUDef *cpu,
                  json_object **reply)
{
    g_autoptr(json_object) args = json_object_new_object();
    qemuMonitorError qmpError = { 0 };
    int rc;

    json_object_object_add(args, "type", json_object_new_string("full"));
    json_object_object_add(args, "model", qemuCPUInputToJSON(model, cpu));

    rc = qemuMonitorCommand(mon, "query-cpu-model-expansion", args, reply, &qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU cannot expand CPU model '%s': %s"),
                       model, qmpError.desc);
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
        g_autoptr(json_object) reply = NULL;
        g_autoptr(virCPUDef) full = NULL;

        if (qemuCPUExpandFull(mon, acc->model, acc, &reply) < 0)
            return -1;
        if (qemuCPUParseModelInfo(mon, "query-cpu-model-expansion", reply, &full) < 0)
            return -1;
        virCPUDefSortFeatures(full);
        g_clear_pointer(&acc, virCPUDefFree);
        acc = g_steal_pointer(&full);
    }

    *result = qemuCPUBaselineKeepEnabled(acc);
    return 0;
}


int
qemuCPUGetDeprecatedProps(qemuMonitor *mon,
                          const char *model,
                          char ***deprecated)
{
    g_autoptr(json_object) reply = NULL;
    json_object *list;

    if (qemuCPUExpandFull(mon, model, NULL, &reply) < 0)
        return -1;
    if (!json_object_object_get_ex(reply, "deprecated-props", &list)) {
        *deprecated = NULL;
        return 0;
    }
    return qemuMonitorReplyParseNameList(mon, "query-cpu-model-expansion",
                                         "deprecated-props", list,
                                         VIR_QEMU_NAME_CPU_FEATURE, deprecated);
}


int
qemuCPUCompare(qemuMonitor *mon,
               const virCPUDef *cpu,
               const char *hostModel,
               qemuCPUCompareResult *result,
               char ***responsible)
{
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    qemuMonitorError qmpError = { 0 };
    json_object *val;
    json_object *list;
    const char *str;
    int rc;

    json_object_object_add(args, "modela", qemuCPUInputToJSON(hostModel, NULL));
    json_object_object_add(args, "modelb",
                           qemuCPUInputToJSON(cpu->model, cpu));

    rc = qemuMonitorCommand(mon, "query-cpu-model-comparison", args, &reply, &qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU cannot compare CPU model '%s' with the host CPU '%s': %s"),
                       cpu->model, hostModel, qmpError.desc);
        qemuMonitorErrorClear(&qmpError);
        return -1;
    }

    if (!json_object_object_get_ex(reply, "result", &val) ||
        !json_object_is_type(val, json_type_string)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("the reply of '%s' to 'query-cpu-model-comparison' has no 'result' string"),
                       qemuMonitorGetName(mon));
        return -1;
    }
    str = json_object_get_string(val);

    /* QEMU says what modela (the host) is relative to modelb (the input). */
    if (STREQ(str, "identical")) {
        *result = QEMU_CPU_COMPARE_IDENTICAL;
    } else if (STREQ(str, "superset")) {
        *result = QEMU_CPU_COMPARE_SUPERSET;
    } else if (STREQ(str, "subset") || STREQ(str, "incompatible")) {
        *result = QEMU_CPU_COMPARE_INCOMPATIBLE;
    } else {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("unknown CPU comparison result '%s' from '%s'"),
                       str, qemuMonitorGetName(mon));
        return -1;
    }

    if (!json_object_object_get_ex(reply, "responsible-properties", &list)) {
        *responsible = g_new0(char *, 1);
        return 0;
    }
    return qemuMonitorReplyParseNameList(mon, "query-cpu-model-comparison",
                                         "responsible-properties", list,
                                         VIR_QEMU_NAME_CPU_FEATURE, responsible);
}
