/*
 * qemu_monitor_reply.c: checked access to the members of QMP replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "qemu_monitor_reply.h"
#include "virerror.h"

char *
qemuMonitorDescribeReply(qemuMonitor *mon,
                         const char *cmd)
{
    size_t line = qemuMonitorGetReplyLine(mon);

    if (line > 0)
        return g_strdup_printf(_("the reply at line %zu of '%s' to '%s'"),
                               line, qemuMonitorGetName(mon), cmd);
    return g_strdup_printf(_("the reply of '%s' to '%s'"),
                           qemuMonitorGetName(mon), cmd);
}


int
qemuMonitorReplyCheckName(qemuMonitor *mon,
                          const char *cmd,
                          virQEMUNameKind kind,
                          const char *name)
{
    g_autofree char *source = NULL;

    if (virQEMUNameIsValid(name))
        return 0;

    source = qemuMonitorDescribeReply(mon, cmd);
    return virQEMUNameCheck(kind, name, VIR_ERR_QMP_PROTOCOL, source);
}


int
qemuMonitorReplyParseModelInfo(qemuMonitor *mon,
                               const char *cmd,
                               json_object *reply,
                               char **name,
                               qemuMonitorReplyPropFunc func,
                               void *opaque)
{
    g_autofree char *source = NULL;
    json_object *model = NULL;
    json_object *nameObj = NULL;
    json_object *props = NULL;

    *name = NULL;

    if (!reply || !json_object_is_type(reply, json_type_object) ||
        !json_object_object_get_ex(reply, "model", &model) ||
        !json_object_is_type(model, json_type_object) ||
        !json_object_object_get_ex(model, "name", &nameObj) ||
        !json_object_is_type(nameObj, json_type_string)) {
        source = qemuMonitorDescribeReply(mon, cmd);
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("%s has no CPU model name"), source);
        return -1;
    }

    if (qemuMonitorReplyCheckName(mon, cmd, VIR_QEMU_NAME_CPU_MODEL,
                                  json_object_get_string(nameObj)) < 0)
        return -1;

    /* absent means no props; null (json-c gives a NULL object) or any
     * other type than an object is not what QMP allows */
    if (json_object_object_get_ex(model, "props", &props)) {
        if (!props || !json_object_is_type(props, json_type_object)) {
            source = qemuMonitorDescribeReply(mon, cmd);
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("the 'props' of the CPU model in %s are not a JSON object"),
                           source);
            return -1;
        }

        json_object_object_foreach(props, key, val) {
            if (!val || !json_object_is_type(val, json_type_boolean))
                continue;
            if (qemuMonitorReplyCheckName(mon, cmd, VIR_QEMU_NAME_CPU_FEATURE,
                                          key) < 0)
                return -1;
            func(key, json_object_get_boolean(val), opaque);
        }
    }

    *name = g_strdup(json_object_get_string(nameObj));
    return 0;
}


int
qemuMonitorReplyParseNameList(qemuMonitor *mon,
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

    *names = NULL;

    if (!list || !json_object_is_type(list, json_type_array)) {
        source = qemuMonitorDescribeReply(mon, cmd);
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("'%s' in %s is not a list"), member, source);
        return -1;
    }

    n = json_object_array_length(list);
    for (i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(list, i);

        if (!item || !json_object_is_type(item, json_type_string)) {
            source = qemuMonitorDescribeReply(mon, cmd);
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("'%s' in %s holds a value that is not a string"),
                           member, source);
            return -1;
        }
        if (qemuMonitorReplyCheckName(mon, cmd, kind,
                                      json_object_get_string(item)) < 0)
            return -1;
        g_ptr_array_add(ret, g_strdup(json_object_get_string(item)));
    }

    g_ptr_array_add(ret, NULL);
    *names = (char **)g_ptr_array_steal(ret, NULL);
    return 0;
}
