/*
 * qemu_monitor_json.c: the QMP commands hostrec sends, as typed calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_monitor_json.h"
#define QEMU_MONITOR_PRIV_H_ALLOW
#include "qemu_monitor_priv.h"
#include "virerror.h"
#include "virqemu.h"

VIR_ENUM_IMPL(qemuMonitorCPUModelExpansion,
              QEMU_MONITOR_CPU_MODEL_EXPANSION_LAST,
              "static",
              "full",
);

VIR_ENUM_IMPL(qemuMonitorCPUCompareResult,
              QEMU_MONITOR_CPU_COMPARE_LAST,
              "incompatible",
              "identical",
              "superset",
              "subset",
);


/* ---- checked access to reply members ---------------------------------- */

/* A description of the reply to @cmd that @mon just gave, for messages:
 * "the reply of 'BINARY' to 'CMD'" for a live QEMU, "the reply at line N
 * of 'FILE' to 'CMD'" for a recording. */
static char *
qemuMonitorJSONDescribeReply(qemuMonitor *mon,
                             const char *cmd)
{
    size_t line = qemuMonitorGetReplyLine(mon);

    if (line > 0)
        return g_strdup_printf(_("the reply at line %zu of '%s' to '%s'"),
                               line, qemuMonitorGetName(mon), cmd);
    return g_strdup_printf(_("the reply of '%s' to '%s'"),
                           qemuMonitorGetName(mon), cmd);
}


/* Check a name found in the reply to @cmd (see virQEMUNameCheck). */
static int
qemuMonitorJSONCheckName(qemuMonitor *mon,
                         const char *cmd,
                         virQEMUNameKind kind,
                         const char *name)
{
    g_autofree char *source = NULL;

    if (virQEMUNameIsValidFor(kind, name))
        return 0;

    source = qemuMonitorJSONDescribeReply(mon, cmd);
    return virQEMUNameCheck(kind, name, VIR_ERR_QMP_PROTOCOL, source);
}


static int
qemuMonitorJSONMalformed(qemuMonitor *mon,
                         const char *cmd)
{
    virReportError(VIR_ERR_QMP_PROTOCOL,
                   _("'%s' gave a malformed reply to '%s'"),
                   qemuMonitorGetName(mon), cmd);
    return -1;
}


/* Member @key of @obj when @obj is an object and the member has @type;
 * NULL otherwise. */
static json_object *
qemuMonitorJSONGetMember(json_object *obj,
                         const char *key,
                         json_type type)
{
    json_object *val = NULL;

    if (!obj || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, key, &val) ||
        !json_object_is_type(val, type))
        return NULL;
    return val;
}


/* Optional boolean member: absent is @def; any other type is -1. */
static int
qemuMonitorJSONGetBool(json_object *obj,
                       const char *key,
                       bool def,
                       bool *val)
{
    json_object *member = NULL;

    if (!json_object_object_get_ex(obj, key, &member) || !member) {
        *val = def;
        return 0;
    }
    if (!json_object_is_type(member, json_type_boolean))
        return -1;
    *val = json_object_get_boolean(member);
    return 0;
}


/* Optional string member: absent is NULL; any other type is -1. */
static int
qemuMonitorJSONGetString(json_object *obj,
                         const char *key,
                         char **val)
{
    json_object *member = NULL;

    *val = NULL;
    if (!json_object_object_get_ex(obj, key, &member) || !member)
        return 0;
    if (!json_object_is_type(member, json_type_string))
        return -1;
    *val = g_strdup(json_object_get_string(member));
    return 0;
}


/* @list, member @member of the reply to @cmd, as a NULL-terminated list
 * of names of @kind (an empty array gives a lone NULL).  An error unless
 * @list is an array of strings that follow the name rule. */
static int
qemuMonitorJSONParseNameList(qemuMonitor *mon,
                             const char *cmd,
                             const char *member,
                             json_object *list,
                             virQEMUNameKind kind,
                             char ***names)
{
    g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *source = NULL;
    size_t n;
    size_t i;

    if (!list || !json_object_is_type(list, json_type_array)) {
        source = qemuMonitorJSONDescribeReply(mon, cmd);
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("'%s' in %s is not a list"), member, source);
        return -1;
    }

    n = json_object_array_length(list);
    for (i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(list, i);

        if (!item || !json_object_is_type(item, json_type_string)) {
            source = qemuMonitorJSONDescribeReply(mon, cmd);
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("'%s' in %s holds a value that is not a string"),
                           member, source);
            return -1;
        }
        if (qemuMonitorJSONCheckName(mon, cmd, kind,
                                     json_object_get_string(item)) < 0)
            return -1;
        g_ptr_array_add(ret, g_strdup(json_object_get_string(item)));
    }

    g_ptr_array_add(ret, NULL);
    *names = (char **)g_ptr_array_steal(ret, NULL);
    return 0;
}


/* The CPU model info in member "model" of @reply (a reply of
 * query-cpu-model-expansion or query-cpu-model-baseline). */
static int
qemuMonitorJSONParseModelInfo(qemuMonitor *mon,
                              const char *cmd,
                              json_object *reply,
                              qemuMonitorCPUModelInfo **info)
{
    g_autoptr(qemuMonitorCPUModelInfo) ret = g_new0(qemuMonitorCPUModelInfo, 1);
    g_autofree char *source = NULL;
    json_object *model = NULL;
    json_object *nameObj = NULL;
    json_object *props = NULL;

    if (!(model = qemuMonitorJSONGetMember(reply, "model", json_type_object)) ||
        !(nameObj = qemuMonitorJSONGetMember(model, "name", json_type_string))) {
        source = qemuMonitorJSONDescribeReply(mon, cmd);
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("%s has no CPU model name"), source);
        return -1;
    }

    if (qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_CPU_MODEL,
                                 json_object_get_string(nameObj)) < 0)
        return -1;
    ret->name = g_strdup(json_object_get_string(nameObj));

    /* absent means no props; null (json-c gives a NULL object) or any
     * other type than an object is not what QMP allows */
    if (json_object_object_get_ex(model, "props", &props)) {
        if (!props || !json_object_is_type(props, json_type_object)) {
            source = qemuMonitorJSONDescribeReply(mon, cmd);
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("the 'props' of the CPU model in %s are not a JSON object"),
                           source);
            return -1;
        }

        ret->props = g_new0(virCPUProp, json_object_object_length(props));
        json_object_object_foreach(props, key, val) {
            if (!val || !json_object_is_type(val, json_type_boolean))
                continue;
            if (qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_CPU_FEATURE,
                                         key) < 0)
                return -1;
            ret->props[ret->nprops].name = g_strdup(key);
            ret->props[ret->nprops].enabled = json_object_get_boolean(val);
            ret->nprops++;
        }
    }

    *info = g_steal_pointer(&ret);
    return 0;
}


/* {"name": MODEL, "props": {...}}; "props" left out when empty. */
static json_object *
qemuMonitorJSONCPUModelArg(const qemuMonitorCPUModelArg *model)
{
    json_object *obj = json_object_new_object();
    json_object *props = json_object_new_object();
    size_t i;

    json_object_object_add(obj, "name", json_object_new_string(model->name));
    for (i = 0; model->cpu && i < model->cpu->nfeatures; i++) {
        const virCPUFeatureDef *feature = &model->cpu->features[i];

        if (feature->policy == VIR_CPU_FEATURE_OPTIONAL)
            continue;
        json_object_object_add(props, feature->name,
                               json_object_new_boolean(virCPUFeaturePolicyIsEnabled(feature->policy)));
    }
    if (json_object_object_length(props) > 0)
        json_object_object_add(obj, "props", props);
    else
        json_object_put(props);
    return obj;
}


/* Parse one element of an array reply into @elem (zeroed). */
typedef int (*qemuMonitorJSONParseElemFunc)(qemuMonitor *mon,
                                            json_object *item,
                                            void *elem);

/* @reply of @cmd, an array, as a new array of *@nelems elements of
 * @size bytes, each parsed by @func; @clear frees one element. */
static int
qemuMonitorJSONParseArray(qemuMonitor *mon,
                          const char *cmd,
                          json_object *reply,
                          size_t size,
                          GDestroyNotify clear,
                          qemuMonitorJSONParseElemFunc func,
                          void **elems,
                          size_t *nelems)
{
    g_autoptr(GArray) ret = g_array_new(FALSE, TRUE, size);
    size_t i;

    g_array_set_clear_func(ret, clear);

    if (!json_object_is_type(reply, json_type_array))
        return qemuMonitorJSONMalformed(mon, cmd);

    for (i = 0; i < json_object_array_length(reply); i++) {
        g_array_set_size(ret, ret->len + 1);
        if (func(mon, json_object_array_get_idx(reply, i),
                 ret->data + (ret->len - 1) * size) < 0)
            return -1;
    }

    *nelems = ret->len;
    *elems = g_array_free(g_steal_pointer(&ret), FALSE);
    return 0;
}


/* ---- the QEMU and its session ----------------------------------------- */

int
qemuMonitorGetVersion(qemuMonitor *mon,
                      unsigned int *major,
                      unsigned int *minor,
                      unsigned int *micro,
                      char **package)
{
    const char *cmd = "query-version";
    g_autoptr(json_object) reply = NULL;
    g_autofree char *pkg = NULL;
    const char *keys[3] = { "major", "minor", "micro" };
    unsigned int v[3];
    json_object *qemu;
    size_t i;

    if (qemuMonitorCommand(mon, cmd, NULL, &reply, NULL) < 0)
        return -1;

    if (!(qemu = qemuMonitorJSONGetMember(reply, "qemu", json_type_object)))
        return qemuMonitorJSONMalformed(mon, cmd);

    for (i = 0; i < 3; i++) {
        json_object *num;
        int64_t n;

        if (!(num = qemuMonitorJSONGetMember(qemu, keys[i], json_type_int)))
            return qemuMonitorJSONMalformed(mon, cmd);
        n = json_object_get_int64(num);
        if (n < 0 || n > (i == 0 ? 4000 : 999))
            return qemuMonitorJSONMalformed(mon, cmd);
        v[i] = n;
    }

    if (qemuMonitorJSONGetString(reply, "package", &pkg) < 0)
        return qemuMonitorJSONMalformed(mon, cmd);

    *major = v[0];
    *minor = v[1];
    *micro = v[2];
    *package = g_steal_pointer(&pkg);
    return 0;
}


int
qemuMonitorGetTarget(qemuMonitor *mon,
                     char **arch)
{
    g_autoptr(json_object) reply = NULL;
    json_object *val;

    if (qemuMonitorCommand(mon, "query-target", NULL, &reply, NULL) < 0)
        return -1;

    if (!(val = qemuMonitorJSONGetMember(reply, "arch", json_type_string)) ||
        !*json_object_get_string(val))
        return qemuMonitorJSONMalformed(mon, "query-target");

    /* it names the emulator (qemu-system-ARCH) and is printed */
    if (qemuMonitorJSONCheckName(mon, "query-target", VIR_QEMU_NAME_ARCH,
                                 json_object_get_string(val)) < 0)
        return -1;
    *arch = g_strdup(json_object_get_string(val));
    return 0;
}


int
qemuMonitorGetKVM(qemuMonitor *mon,
                  bool *enabled,
                  qemuMonitorError *qmpError)
{
    g_autoptr(json_object) reply = NULL;
    json_object *val;
    int rc;

    if ((rc = qemuMonitorCommand(mon, "query-kvm", NULL, &reply, qmpError)) != 0)
        return rc;

    if (!(val = qemuMonitorJSONGetMember(reply, "enabled", json_type_boolean)))
        return qemuMonitorJSONMalformed(mon, "query-kvm");
    *enabled = json_object_get_boolean(val);
    return 0;
}


int
qemuMonitorGetAccelerators(qemuMonitor *mon,
                           bool *kvm)
{
    g_autoptr(json_object) reply = NULL;
    json_object *val;

    if (qemuMonitorCommand(mon, "query-accelerators", NULL, &reply, NULL) < 0)
        return -1;

    if (!(val = qemuMonitorJSONGetMember(reply, "enabled", json_type_string)))
        return qemuMonitorJSONMalformed(mon, "query-accelerators");
    *kvm = STREQ(json_object_get_string(val), "kvm");
    return 0;
}


void
qemuMonitorMachineInfoClear(qemuMonitorMachineInfo *machine)
{
    g_free(machine->name);
    g_free(machine->alias);
    g_free(machine->defaultCPUType);
    memset(machine, 0, sizeof(*machine));
}


/* One element of the reply of query-machines. */
static int
qemuMonitorJSONParseMachine(qemuMonitor *mon,
                            json_object *item,
                            void *elem)
{
    qemuMonitorMachineInfo *m = elem;
    const char *cmd = "query-machines";
    json_object *name;
    json_object *cpuMax;

    if (!(name = qemuMonitorJSONGetMember(item, "name", json_type_string)))
        return qemuMonitorJSONMalformed(mon, cmd);
    m->name = g_strdup(json_object_get_string(name));

    if (qemuMonitorJSONGetString(item, "alias", &m->alias) < 0 ||
        qemuMonitorJSONGetBool(item, "is-default", false, &m->isDefault) < 0 ||
        qemuMonitorJSONGetBool(item, "deprecated", false, &m->deprecated) < 0 ||
        qemuMonitorJSONGetString(item, "default-cpu-type", &m->defaultCPUType) < 0 ||
        (m->defaultCPUType && !*m->defaultCPUType))
        return qemuMonitorJSONMalformed(mon, cmd);

    /* the name and alias go into -machine; the default CPU type names a
     * model of query-cpu-definitions */
    if (qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_MACHINE, m->name) < 0 ||
        (m->alias &&
         qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_MACHINE, m->alias) < 0) ||
        (m->defaultCPUType &&
         qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_CPU_MODEL,
                                  m->defaultCPUType) < 0))
        return -1;

    if ((cpuMax = qemuMonitorJSONGetMember(item, "cpu-max", json_type_int))) {
        int64_t v = json_object_get_int64(cpuMax);

        if (v < 0 || v > G_MAXUINT)
            return qemuMonitorJSONMalformed(mon, cmd);
        m->maxCpus = v;
    }
    return 0;
}


int
qemuMonitorGetMachines(qemuMonitor *mon,
                       qemuMonitorMachineInfo **machines,
                       size_t *nmachines)
{
    g_autoptr(json_object) reply = NULL;

    if (qemuMonitorCommand(mon, "query-machines", NULL, &reply, NULL) < 0)
        return -1;

    return qemuMonitorJSONParseArray(mon, "query-machines", reply,
                                     sizeof(qemuMonitorMachineInfo),
                                     (GDestroyNotify)qemuMonitorMachineInfoClear,
                                     qemuMonitorJSONParseMachine,
                                     (void **)machines, nmachines);
}


void
qemuMonitorCPUDefInfoClear(qemuMonitorCPUDefInfo *def)
{
    g_free(def->name);
    g_free(def->typename);
    g_strfreev(def->blockers);
    memset(def, 0, sizeof(*def));
}


/* One element of the reply of query-cpu-definitions. */
static int
qemuMonitorJSONParseCPUDef(qemuMonitor *mon,
                           json_object *item,
                           void *elem)
{
    qemuMonitorCPUDefInfo *def = elem;
    const char *cmd = "query-cpu-definitions";
    json_object *name;
    json_object *unavail = NULL;

    if (!(name = qemuMonitorJSONGetMember(item, "name", json_type_string)))
        return qemuMonitorJSONMalformed(mon, cmd);
    if (qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_CPU_MODEL,
                                 json_object_get_string(name)) < 0)
        return -1;
    def->name = g_strdup(json_object_get_string(name));

    if (qemuMonitorJSONGetString(item, "typename", &def->typename) < 0 ||
        qemuMonitorJSONGetBool(item, "deprecated", false, &def->deprecated) < 0)
        return qemuMonitorJSONMalformed(mon, cmd);

    /* libvirt's rule: usable when QEMU lists no unavailable feature,
     * unknown when it does not say. */
    if (json_object_object_get_ex(item, "unavailable-features", &unavail) &&
        unavail) {
        if (qemuMonitorJSONParseNameList(mon, cmd, "unavailable-features",
                                         unavail, VIR_QEMU_NAME_CPU_FEATURE,
                                         &def->blockers) < 0)
            return -1;
        def->usable = def->blockers[0] ? VIR_TRISTATE_BOOL_NO : VIR_TRISTATE_BOOL_YES;
    } else {
        def->usable = VIR_TRISTATE_BOOL_ABSENT;
    }
    return 0;
}


int
qemuMonitorGetCPUDefinitions(qemuMonitor *mon,
                             qemuMonitorCPUDefInfo **defs,
                             size_t *ndefs,
                             qemuMonitorError *qmpError)
{
    const char *cmd = "query-cpu-definitions";
    g_autoptr(json_object) reply = NULL;
    int rc;

    if ((rc = qemuMonitorCommand(mon, cmd, NULL, &reply, qmpError)) != 0)
        return rc;

    return qemuMonitorJSONParseArray(mon, cmd, reply,
                                     sizeof(qemuMonitorCPUDefInfo),
                                     (GDestroyNotify)qemuMonitorCPUDefInfoClear,
                                     qemuMonitorJSONParseCPUDef,
                                     (void **)defs, ndefs);
}


/* ---- CPU models ------------------------------------------------------- */

void
qemuMonitorCPUModelInfoFree(qemuMonitorCPUModelInfo *info)
{
    size_t i;

    if (!info)
        return;
    for (i = 0; i < info->nprops; i++)
        g_free(info->props[i].name);
    g_free(info->props);
    g_free(info->name);
    g_strfreev(info->deprecated);
    g_free(info);
}


const virCPUProp *
qemuMonitorCPUModelInfoGetProp(const qemuMonitorCPUModelInfo *info,
                               const char *name)
{
    size_t i;

    for (i = 0; i < info->nprops; i++) {
        if (STREQ(info->props[i].name, name))
            return &info->props[i];
    }
    return NULL;
}


int
qemuMonitorGetCPUModelExpansion(qemuMonitor *mon,
                                qemuMonitorCPUModelExpansionType type,
                                const qemuMonitorCPUModelArg *model,
                                qemuMonitorCPUModelInfo **info,
                                qemuMonitorError *qmpError)
{
    const char *cmd = "query-cpu-model-expansion";
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) ret = NULL;
    json_object *dep = NULL;
    int rc;

    json_object_object_add(args, "type",
                           json_object_new_string(qemuMonitorCPUModelExpansionTypeToString(type)));
    json_object_object_add(args, "model", qemuMonitorJSONCPUModelArg(model));

    if ((rc = qemuMonitorCommand(mon, cmd, args, &reply, qmpError)) != 0)
        return rc;

    if (qemuMonitorJSONParseModelInfo(mon, cmd, reply, &ret) < 0)
        return -1;

    /* absent: QEMU did not say; null is not a list */
    if (json_object_object_get_ex(reply, "deprecated-props", &dep) &&
        qemuMonitorJSONParseNameList(mon, cmd, "deprecated-props", dep,
                                     VIR_QEMU_NAME_CPU_FEATURE,
                                     &ret->deprecated) < 0)
        return -1;

    *info = g_steal_pointer(&ret);
    return 0;
}


int
qemuMonitorGetCPUModelBaseline(qemuMonitor *mon,
                               const qemuMonitorCPUModelArg *a,
                               const qemuMonitorCPUModelArg *b,
                               qemuMonitorCPUModelInfo **info,
                               qemuMonitorError *qmpError)
{
    const char *cmd = "query-cpu-model-baseline";
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    int rc;

    json_object_object_add(args, "modela", qemuMonitorJSONCPUModelArg(a));
    json_object_object_add(args, "modelb", qemuMonitorJSONCPUModelArg(b));

    if ((rc = qemuMonitorCommand(mon, cmd, args, &reply, qmpError)) != 0)
        return rc;

    return qemuMonitorJSONParseModelInfo(mon, cmd, reply, info);
}


int
qemuMonitorGetCPUModelComparison(qemuMonitor *mon,
                                 const qemuMonitorCPUModelArg *a,
                                 const qemuMonitorCPUModelArg *b,
                                 qemuMonitorCPUCompareResult *result,
                                 char ***responsible,
                                 qemuMonitorError *qmpError)
{
    const char *cmd = "query-cpu-model-comparison";
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    json_object *val;
    json_object *list;
    int res;
    int rc;

    json_object_object_add(args, "modela", qemuMonitorJSONCPUModelArg(a));
    json_object_object_add(args, "modelb", qemuMonitorJSONCPUModelArg(b));

    if ((rc = qemuMonitorCommand(mon, cmd, args, &reply, qmpError)) != 0)
        return rc;

    if (!(val = qemuMonitorJSONGetMember(reply, "result", json_type_string))) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("the reply of '%s' to 'query-cpu-model-comparison' has no 'result' string"),
                       qemuMonitorGetName(mon));
        return -1;
    }
    if ((res = qemuMonitorCPUCompareResultTypeFromString(json_object_get_string(val))) < 0) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("unknown CPU comparison result '%s' from '%s'"),
                       json_object_get_string(val), qemuMonitorGetName(mon));
        return -1;
    }

    if (!json_object_object_get_ex(reply, "responsible-properties", &list)) {
        *responsible = g_new0(char *, 1);
    } else if (qemuMonitorJSONParseNameList(mon, cmd, "responsible-properties",
                                            list, VIR_QEMU_NAME_CPU_FEATURE,
                                            responsible) < 0) {
        return -1;
    }
    *result = res;
    return 0;
}


/* ---- a running guest -------------------------------------------------- */

int
qemuMonitorGetStatus(qemuMonitor *mon,
                     char **status,
                     bool *running)
{
    g_autoptr(json_object) reply = NULL;
    json_object *st;
    json_object *run;

    if (qemuMonitorCommand(mon, "query-status", NULL, &reply, NULL) < 0)
        return -1;

    if (!(st = qemuMonitorJSONGetMember(reply, "status", json_type_string)) ||
        !(run = qemuMonitorJSONGetMember(reply, "running", json_type_boolean)))
        return qemuMonitorJSONMalformed(mon, "query-status");

    *status = g_strdup(json_object_get_string(st));
    *running = json_object_get_boolean(run);
    return 0;
}


int
qemuMonitorGetCPUQOMPaths(qemuMonitor *mon,
                          char ***paths)
{
    const char *cmd = "query-cpus-fast";
    g_autoptr(json_object) reply = NULL;
    g_autoptr(GPtrArray) ret = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    if (qemuMonitorCommand(mon, cmd, NULL, &reply, NULL) < 0)
        return -1;
    if (!json_object_is_type(reply, json_type_array) ||
        json_object_array_length(reply) == 0)
        return qemuMonitorJSONMalformed(mon, cmd);

    for (i = 0; i < json_object_array_length(reply); i++) {
        json_object *path;

        if (!(path = qemuMonitorJSONGetMember(json_object_array_get_idx(reply, i),
                                              "qom-path", json_type_string)))
            return qemuMonitorJSONMalformed(mon, cmd);
        g_ptr_array_add(ret, g_strdup(json_object_get_string(path)));
    }

    g_ptr_array_add(ret, NULL);
    *paths = (char **)g_ptr_array_steal(ret, NULL);
    return 0;
}


int
qemuMonitorGetObjectPropertyBool(qemuMonitor *mon,
                                 const char *path,
                                 const char *prop,
                                 bool *value)
{
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;

    json_object_object_add(args, "path", json_object_new_string(path));
    json_object_object_add(args, "property", json_object_new_string(prop));
    if (qemuMonitorCommand(mon, "qom-get", args, &reply, NULL) < 0)
        return -1;

    if (!json_object_is_type(reply, json_type_boolean))
        return qemuMonitorJSONMalformed(mon, "qom-get");
    *value = json_object_get_boolean(reply);
    return 0;
}


int
qemuMonitorGetCPUFeatureProps(qemuMonitor *mon,
                              const char *typename,
                              char ***names)
{
    const char *cmd = "qom-list-properties";
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
    size_t n;
    size_t i;

    json_object_object_add(args, "typename", json_object_new_string(typename));
    if (qemuMonitorCommand(mon, cmd, args, &reply, NULL) < 0)
        return -1;
    if (!json_object_is_type(reply, json_type_array))
        return qemuMonitorJSONMalformed(mon, cmd);

    n = json_object_array_length(reply);
    for (i = 0; i < n; i++) {
        json_object *prop = json_object_array_get_idx(reply, i);
        json_object *name = qemuMonitorJSONGetMember(prop, "name", json_type_string);
        json_object *type = qemuMonitorJSONGetMember(prop, "type", json_type_string);
        json_object *desc = NULL;

        if (!name || !type)
            return qemuMonitorJSONMalformed(mon, cmd);
        if (STRNEQ(json_object_get_string(type), "bool") ||
            !json_object_object_get_ex(prop, "description", &desc) || !desc)
            continue;
        if (qemuMonitorJSONCheckName(mon, cmd, VIR_QEMU_NAME_CPU_FEATURE,
                                     json_object_get_string(name)) < 0)
            return -1;
        g_ptr_array_add(list, g_strdup(json_object_get_string(name)));
    }
    g_ptr_array_add(list, NULL);
    *names = (char **)g_ptr_array_free(g_steal_pointer(&list), FALSE);
    return 0;
}


/* @cmd with {"uri": @uri}, whose reply carries nothing. */
static int
qemuMonitorJSONMigrateCommand(qemuMonitor *mon,
                              const char *cmd,
                              const char *uri,
                              qemuMonitorError *qmpError)
{
    g_autoptr(json_object) args = json_object_new_object();
    g_autoptr(json_object) reply = NULL;

    json_object_object_add(args, "uri", json_object_new_string(uri));
    return qemuMonitorCommand(mon, cmd, args, &reply, qmpError);
}


int
qemuMonitorMigrateIncoming(qemuMonitor *mon,
                           const char *uri)
{
    return qemuMonitorJSONMigrateCommand(mon, "migrate-incoming", uri, NULL);
}


int
qemuMonitorMigrate(qemuMonitor *mon,
                   const char *uri,
                   qemuMonitorError *qmpError)
{
    return qemuMonitorJSONMigrateCommand(mon, "migrate", uri, qmpError);
}


int
qemuMonitorGetMigrationStatus(qemuMonitor *mon,
                              char **status,
                              char **errorDesc)
{
    g_autoptr(json_object) reply = NULL;
    g_autofree char *st = NULL;
    g_autofree char *desc = NULL;

    if (qemuMonitorCommand(mon, "query-migrate", NULL, &reply, NULL) < 0)
        return -1;

    if (!json_object_is_type(reply, json_type_object) ||
        qemuMonitorJSONGetString(reply, "status", &st) < 0 ||
        qemuMonitorJSONGetString(reply, "error-desc", &desc) < 0)
        return qemuMonitorJSONMalformed(mon, "query-migrate");

    *status = g_steal_pointer(&st);
    *errorDesc = g_steal_pointer(&desc);
    return 0;
}
