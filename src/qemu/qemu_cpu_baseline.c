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
#include "virjson.h"

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


/* Whether QEMU's reply @qemu holds the model and the props of the
 * offline baseline @offline (every prop, in any order). */
static bool
qemuCPUBaselineSameCPU(const virCPUDef *offline,
                       const virCPUDef *qemu)
{
    g_autoptr(GHashTable) props = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    if (STRNEQ(offline->model, qemu->model) || offline->nfeatures != qemu->nfeatures)
        return false;
    for (i = 0; i < offline->nfeatures; i++)
        g_hash_table_insert(props, offline->features[i].name, &offline->features[i]);
    for (i = 0; i < qemu->nfeatures; i++) {
        const virCPUFeatureDef *f = g_hash_table_lookup(props, qemu->features[i].name);

        if (!f || f->policy != qemu->features[i].policy)
            return false;
        g_hash_table_remove(props, qemu->features[i].name);
    }
    return true;
}


int
qemuCPUBaselineOffline(qemuMonitor *mon,
                       const virCPUModelTable *table,
                       const virCPUDefList *cpus,
                       bool expandFeatures,
                       bool tableOrder,
                       virCPUDef **result)
{
    g_autoptr(virCPUDef) offline = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) info = NULL;
    g_autoptr(virCPUDef) qemu = NULL;
    qemuMonitorError qmpError = { 0 };
    qemuMonitorCPUModelArg arg;
    int rc;

    if (expandFeatures)
        return virCPUBaselineOffline(table, cpus->cpus,
                                     (const char *const *)cpus->origins,
                                     cpus->ncpus, VIR_CPU_BASELINE_EXPAND_FEATURES,
                                     result, NULL);

    /* the false props too: QEMU must not take the base features of the
     * model for granted */
    if (virCPUBaselineOffline(table, cpus->cpus, (const char *const *)cpus->origins,
                              cpus->ncpus, VIR_CPU_BASELINE_WITH_DISABLED,
                              &offline, NULL) < 0)
        return -1;

    arg.name = offline->model;
    arg.cpu = offline;
    rc = qemuMonitorGetCPUModelBaseline(mon, &arg, &arg, &info, &qmpError);
    if (rc < 0) {
        if (!tableOrder || virGetLastErrorCode() != VIR_ERR_NO_REPLY)
            return -1;
        virResetLastError();
        *result = qemuCPUBaselineKeepEnabled(offline);
        return 0;
    }
    if (rc == 0) {
        qemu = qemuCPUFromModelInfo(info);
        if (qemuCPUBaselineSameCPU(offline, qemu)) {
            *result = qemuCPUBaselineKeepEnabled(qemu);
            return 0;
        }
    }
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("QEMU '%s' does not give the offline baseline '%s' back as its baseline with itself%s%s, so the offline rule or the model table is wrong (--live asks QEMU instead)"),
                   qemuMonitorGetName(mon), offline->model,
                   rc > 0 ? ": " : "", rc > 0 ? qmpError.desc : "");
    qemuMonitorErrorClear(&qmpError);
    return -1;
}


/* A full expansion of @model with @cpu's features as props; 1 with
 * @qmpError filled when QEMU refuses. */
static int
qemuCPUModelTableExpand(qemuMonitor *mon,
                        const char *model,
                        const virCPUDef *cpu,
                        qemuMonitorCPUModelInfo **info,
                        qemuMonitorError *qmpError)
{
    const qemuMonitorCPUModelArg arg = { model, cpu };

    return qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                           &arg, info, qmpError);
}


static int
qemuCPUModelTableExpandChecked(qemuMonitor *mon,
                               const char *model,
                               const virCPUDef *cpu,
                               qemuMonitorCPUModelInfo **info)
{
    qemuMonitorError qmpError = { 0 };
    int rc = qemuCPUModelTableExpand(mon, model, cpu, info, &qmpError);

    if (rc > 0) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU cannot expand CPU model '%s': %s"),
                       model, qmpError.desc);
        qemuMonitorErrorClear(&qmpError);
        return -1;
    }
    return rc;
}


/* A CPU (no model) whose features are @names with @policy. */
static virCPUDef *
qemuCPUModelTableProps(GPtrArray *names,
                       virCPUFeaturePolicy policy)
{
    virCPUDef *cpu = virCPUDefNew();
    size_t i;

    for (i = 0; i < names->len; i++)
        virCPUDefAddFeature(cpu, g_ptr_array_index(names, i), policy);
    return cpu;
}


/* The single features set true in @info, groups unfolded. */
static GHashTable *
qemuCPUModelTableTrue(const virCPUModelTable *table,
                      const qemuMonitorCPUModelInfo *info)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t i;
    size_t g;

    for (i = 0; i < info->nprops; i++) {
        bool group = false;

        if (!info->props[i].enabled)
            continue;
        for (g = 0; g < table->ngroups; g++) {
            if (STREQ(table->groups[g].name, info->props[i].name)) {
                char **m;

                for (m = table->groups[g].members; *m; m++)
                    g_hash_table_add(set, g_strdup(*m));
                group = true;
                break;
            }
        }
        if (!group)
            g_hash_table_add(set, g_strdup(info->props[i].name));
    }
    return set;
}


/* @set's members, in @table's prop order, as a NULL-terminated list. */
static char **
qemuCPUModelTableList(const virCPUModelTable *table,
                      GHashTable *set)
{
    GPtrArray *list = g_ptr_array_new();
    size_t i;

    for (i = 0; table->props[i]; i++) {
        if (g_hash_table_contains(set, table->props[i]))
            g_ptr_array_add(list, g_strdup(table->props[i]));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}


/* Find QEMU's feature groups and fill @table's groups and props. */
static int
qemuCPUModelTableGetGroups(qemuMonitor *mon,
                           const char *newest,
                           char **candidates,
                           virCPUModelTable *table)
{
    g_autofree char *newestBase = g_strdup_printf("%s-base", newest);
    g_autoptr(qemuMonitorCPUModelInfo) all = NULL;
    g_autoptr(GPtrArray) hidden = g_ptr_array_new();
    g_autoptr(GHashTable) assigned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) props = g_ptr_array_new();
    g_autoptr(virCPUDef) cpu = NULL;
    size_t i;

    /* Every candidate the reply does not show itself is a member of a
     * group that QEMU folds; with all of them off, the groups show as
     * such. */
    if (qemuCPUModelTableExpandChecked(mon, newestBase, NULL, &all) < 0)
        return -1;
    for (i = 0; candidates[i]; i++) {
        if (!qemuMonitorCPUModelInfoGetProp(all, candidates[i]))
            g_ptr_array_add(hidden, candidates[i]);
    }
    g_clear_pointer(&all, qemuMonitorCPUModelInfoFree);
    cpu = qemuCPUModelTableProps(hidden, VIR_CPU_FEATURE_DISABLE);
    if (qemuCPUModelTableExpandChecked(mon, newestBase, cpu, &all) < 0)
        return -1;

    for (i = 0; i < hidden->len; i++) {
        const char *member = g_ptr_array_index(hidden, i);
        g_autoptr(qemuMonitorCPUModelInfo) one = NULL;
        g_autoptr(GPtrArray) members = g_ptr_array_new();
        const char *group = NULL;
        size_t ngone = 0;
        size_t j;

        if (g_hash_table_contains(assigned, member))
            continue;
        virCPUDefUpdateFeature(cpu, member, VIR_CPU_FEATURE_REQUIRE);
        if (qemuCPUModelTableExpandChecked(mon, newestBase, cpu, &one) < 0)
            return -1;
        virCPUDefUpdateFeature(cpu, member, VIR_CPU_FEATURE_DISABLE);

        /* the group that no longer shows, or (a group of one member)
         * whose value changed */
        for (j = 0; j < all->nprops; j++) {
            const virCPUProp *p = qemuMonitorCPUModelInfoGetProp(one, all->props[j].name);

            if (!p || p->enabled != all->props[j].enabled) {
                group = all->props[j].name;
                ngone++;
            }
        }
        for (j = 0; j < one->nprops; j++) {
            if (!qemuMonitorCPUModelInfoGetProp(all, one->props[j].name))
                g_ptr_array_add(members, one->props[j].name);
        }
        if (ngone == 0 && members->len == 0)
            continue;   /* not a CPU feature (e.g. 'dedicated') */
        if (ngone != 1) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("cannot tell the feature group of CPU feature '%s' from the replies of '%s'"),
                           member, qemuMonitorGetName(mon));
            return -1;
        }
        if (members->len == 0)
            g_ptr_array_add(members, (gpointer)member);
        for (j = 0; j < members->len; j++)
            g_hash_table_add(assigned, g_strdup(g_ptr_array_index(members, j)));
        g_ptr_array_add(members, NULL);
        virCPUModelTableAddGroup(table, group, (char **)members->pdata);
    }

    /* the single features: every candidate that is no group and that
     * QEMU shows */
    for (i = 0; candidates[i]; i++) {
        bool isGroup = false;
        size_t g;

        for (g = 0; g < table->ngroups; g++)
            isGroup |= STREQ(table->groups[g].name, candidates[i]);
        if (!isGroup && (g_hash_table_contains(assigned, candidates[i]) ||
                         qemuMonitorCPUModelInfoGetProp(all, candidates[i])))
            g_ptr_array_add(props, candidates[i]);
    }
    g_ptr_array_add(props, NULL);
    virCPUModelTableSetProps(table, (char **)props->pdata);
    return 0;
}


/* The name QEMU quotes in "Feature 'X' is not available for CPU model
 * ..." of @desc, or NULL. */
static char *
qemuCPUModelTableRefused(const char *desc)
{
    const char *start;
    const char *end;

    if (!g_str_has_prefix(desc, "Feature '"))
        return NULL;
    start = desc + strlen("Feature '");
    if (!(end = strchr(start, '\'')) || !strstr(end, "not available"))
        return NULL;
    return g_strndup(start, end - start);
}


int
qemuCPUGetModelTable(qemuMonitor *mon,
                     const char *emulator,
                     virCPUModelTable **table)
{
    g_autoptr(virCPUModelTable) t = NULL;
    qemuMonitorCPUDefInfo *defs = NULL;
    size_t ndefs = 0;
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_auto(GStrv) order = NULL;
    g_auto(GStrv) candidates = NULL;
    g_autoptr(GPtrArray) full = NULL;
    const char *typename = NULL;
    g_autofree char *target = NULL;
    size_t n;
    size_t i;
    int ret = -1;

    if (qemuMonitorGetTarget(mon, &target) < 0)
        return -1;
    if (virCPUBaselineCheckOfflineArch(target) < 0)
        return -1;
    if (qemuMonitorGetCPUDefinitions(mon, &defs, &ndefs, NULL) < 0)
        return -1;
    for (i = 0; i < ndefs; i++)
        g_ptr_array_add(names, defs[i].name);
    g_ptr_array_add(names, NULL);
    order = virCPUBaselineReleaseOrder(target, (char **)names->pdata);
    n = g_strv_length(order);
    for (i = 0; i < ndefs && n > 0; i++) {
        if (STREQ(defs[i].name, order[n - 1]))
            typename = defs[i].typename;
    }
    if (n == 0 || !typename) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("'%s' lists no CPU model the offline baseline knows"),
                       qemuMonitorGetName(mon));
        goto cleanup;
    }

    t = virCPUModelTableNew(target, emulator);
    if (qemuMonitorGetCPUFeatureProps(mon, typename, &candidates) < 0)
        goto cleanup;
    if (qemuCPUModelTableGetGroups(mon, order[n - 1], candidates, t) < 0)
        goto cleanup;

    /* defaults and base of each model, then the full sets newest first */
    for (i = 0; i < n; i++) {
        g_autofree char *base = g_strdup_printf("%s-base", order[i]);
        g_autoptr(qemuMonitorCPUModelInfo) infoDef = NULL;
        g_autoptr(qemuMonitorCPUModelInfo) infoBase = NULL;
        g_autoptr(GHashTable) setDef = NULL;
        g_autoptr(GHashTable) setBase = NULL;
        g_auto(GStrv) listDef = NULL;
        g_auto(GStrv) listBase = NULL;

        if (qemuCPUModelTableExpandChecked(mon, order[i], NULL, &infoDef) < 0 ||
            qemuCPUModelTableExpandChecked(mon, base, NULL, &infoBase) < 0)
            goto cleanup;
        setDef = qemuCPUModelTableTrue(t, infoDef);
        setBase = qemuCPUModelTableTrue(t, infoBase);
        listDef = qemuCPUModelTableList(t, setDef);
        listBase = qemuCPUModelTableList(t, setBase);
        virCPUModelTableAddModel(t, order[i], listBase, listDef, NULL);
    }

    full = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; t->props[i]; i++)
        g_ptr_array_add(full, g_strdup(t->props[i]));
    for (i = n; i-- > 0;) {
        g_autofree char *base = g_strdup_printf("%s-base", order[i]);
        virCPUModelFeatures *m = &t->models[i];

        while (true) {
            g_autoptr(virCPUDef) cpu = qemuCPUModelTableProps(full, VIR_CPU_FEATURE_REQUIRE);
            g_autoptr(qemuMonitorCPUModelInfo) info = NULL;
            g_autofree char *refused = NULL;
            qemuMonitorError qmpError = { 0 };
            int rc = qemuCPUModelTableExpand(mon, base, cpu, &info, &qmpError);
            size_t j;

            if (rc < 0)
                goto cleanup;
            if (rc == 0)
                break;
            refused = qemuCPUModelTableRefused(qmpError.desc);
            for (j = 0; refused && j < full->len; j++) {
                if (STREQ(g_ptr_array_index(full, j), refused))
                    break;
            }
            if (!refused || j == full->len) {
                virReportError(VIR_ERR_QMP_ERROR,
                               _("QEMU cannot expand CPU model '%s' with the features it may have: %s"),
                               base, qmpError.desc);
                qemuMonitorErrorClear(&qmpError);
                goto cleanup;
            }
            qemuMonitorErrorClear(&qmpError);
            g_ptr_array_remove_index(full, j);
        }
        /* NULL-terminated for the call, then as it was */
        g_ptr_array_add(full, NULL);
        virCPUModelTableSetFull(t, m, (char * const *)full->pdata);
        g_ptr_array_remove_index(full, full->len - 1);
    }

    *table = g_steal_pointer(&t);
    ret = 0;

 cleanup:
    for (i = 0; i < ndefs; i++)
        qemuMonitorCPUDefInfoClear(&defs[i]);
    g_free(defs);
    return ret;
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


char *
qemuCPUCompareFormatJSON(qemuCPUCompareResult result,
                         const char *model,
                         const char *accel,
                         const char *hostModel,
                         char * const *responsible)
{
    g_autoptr(json_object) root = json_object_new_object();
    json_object *cpu = json_object_new_object();
    json_object *host = json_object_new_object();
    json_object *names = json_object_new_array();
    size_t i;

    json_object_object_add(root, "version",
                           json_object_new_int(QEMU_CPU_COMPARE_JSON_VERSION));
    json_object_object_add(root, "verdict",
                           json_object_new_string(qemuCPUCompareResultTypeToString(result)));
    json_object_object_add(cpu, "model", virJSONNewString(model));
    json_object_object_add(root, "cpu", cpu);
    json_object_object_add(host, "accel", virJSONNewString(accel));
    json_object_object_add(host, "cpu-model", virJSONNewString(hostModel));
    json_object_object_add(root, "host", host);
    for (i = 0; responsible && responsible[i]; i++)
        json_object_array_add(names, virJSONNewString(responsible[i]));
    json_object_object_add(root, "responsible", names);
    return virJSONFormatPretty(root);
}
