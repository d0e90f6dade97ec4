/*
 * qemu_replay.c: libvirt-style .replies recordings of QMP traffic
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_replay.h"
#include "virerror.h"
#include "virfile.h"

typedef struct _qemuReplayExchange qemuReplayExchange;
struct _qemuReplayExchange {
    const char *execute;      /* borrowed from @command */
    json_object *command;     /* borrowed from qemuReplay.objects */
    json_object *arguments;   /* borrowed; NULL when absent */
    json_object *reply;       /* borrowed */
    size_t replyLine;         /* where @reply starts in the file */
    size_t session;
    unsigned int uses;
};

struct _qemuReplay {
    char *name;
    GPtrArray *objects;       /* json_object *, file order, owned */
    GArray *exchanges;        /* qemuReplayExchange */
    size_t nsessions;
    size_t lastAnswerLine;    /* of the reply qemuReplayAnswer() returned last */
};


void
qemuReplayFree(qemuReplay *rep)
{
    if (!rep)
        return;
    g_free(rep->name);
    if (rep->objects)
        g_ptr_array_unref(rep->objects);
    if (rep->exchanges)
        g_array_unref(rep->exchanges);
    g_free(rep);
}


static void
qemuReplayObjectFree(gpointer obj)
{
    json_object_put(obj);
}


static size_t
qemuReplayLineOf(const char *data,
                 size_t off)
{
    size_t line = 1;
    size_t i;

    for (i = 0; i < off; i++) {
        if (data[i] == '\n')
            line++;
    }
    return line;
}


/* Split @data into JSON values.  Each object gets its starting line in
 * @lines. */
static int
qemuReplayScan(qemuReplay *rep,
               const char *data,
               size_t len,
               GArray *lines)
{
    g_autoptr(json_tokener) tok = json_tokener_new_ex(VIR_JSON_MAX_DEPTH);
    size_t off = 0;

    if (!tok) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate a JSON parser"));
        return -1;
    }
    /* values follow each other: what comes after one is the next */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
                           JSON_TOKENER_ALLOW_TRAILING_CHARS);

    if (len > INT32_MAX) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("QMP recording '%s' is too large"), rep->name);
        return -1;
    }

    for (;;) {
        g_autoptr(json_object) obj = NULL;
        enum json_tokener_error jerr;
        size_t line;

        while (off < len && g_ascii_isspace(data[off]))
            off++;
        if (off >= len)
            break;

        line = qemuReplayLineOf(data, off);
        json_tokener_reset(tok);
        obj = json_tokener_parse_ex(tok, data + off, (int)(len - off));
        jerr = json_tokener_get_error(tok);

        if (jerr == json_tokener_continue) {
            /* every value is an object, so this is a truncated file */
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' ends in the middle of the JSON value that starts at line %zu"),
                           rep->name, line);
            return -1;
        }
        if (!obj || jerr != json_tokener_success) {
            size_t errLine = qemuReplayLineOf(data,
                                              off + json_tokener_get_parse_end(tok));

            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' holds invalid JSON at line %zu: %s"),
                           rep->name, errLine,
                           obj ? _("unexpected value") :
                           json_tokener_error_desc(jerr));
            return -1;
        }
        if (!json_object_is_type(obj, json_type_object)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' holds a JSON value that is not an object at line %zu"),
                           rep->name, line);
            return -1;
        }
        if (virJSONCheckNumbers(obj, rep->name) < 0)
            return -1;

        off += json_tokener_get_parse_end(tok);
        g_ptr_array_add(rep->objects, g_steal_pointer(&obj));
        g_array_append_val(lines, line);
    }

    return 0;
}


static const char *
qemuReplayGetId(json_object *obj)
{
    json_object *id = json_object_object_get(obj, "id");

    if (!id || !json_object_is_type(id, json_type_string))
        return NULL;
    return json_object_get_string(id);
}


/* Pair commands with replies and split the sessions. */
static int
qemuReplayIndex(qemuReplay *rep,
                GArray *lines)
{
    size_t i = 0;

    while (i < rep->objects->len) {
        qemuReplayExchange ex = { 0 };
        json_object *cmd = g_ptr_array_index(rep->objects, i);
        size_t cmdLine = g_array_index(lines, size_t, i);
        json_object *exec = NULL;
        json_object *reply;
        size_t replyLine;
        const char *cmdId;
        const char *replyId;

        /* asynchronous events may appear between exchanges */
        if (json_object_object_get_ex(cmd, "event", NULL)) {
            i++;
            continue;
        }

        if (!json_object_object_get_ex(cmd, "execute", &exec) ||
            !json_object_is_type(exec, json_type_string)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has an object without a command name ('execute') at line %zu where a command is expected"),
                           rep->name, cmdLine);
            return -1;
        }
        ex.command = cmd;
        ex.execute = json_object_get_string(exec);
        if (json_object_object_get_ex(cmd, "arguments", &ex.arguments) &&
            !json_object_is_type(ex.arguments, json_type_object)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has a command whose arguments are not an object at line %zu"),
                           rep->name, cmdLine);
            return -1;
        }

        /* find the reply, skipping events */
        for (i++; i < rep->objects->len; i++) {
            if (!json_object_object_get_ex(g_ptr_array_index(rep->objects, i),
                                           "event", NULL))
                break;
        }
        if (i >= rep->objects->len) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' ends without the reply to the command '%s' at line %zu"),
                           rep->name, ex.execute, cmdLine);
            return -1;
        }
        reply = g_ptr_array_index(rep->objects, i);
        replyLine = g_array_index(lines, size_t, i);
        i++;

        if (!json_object_object_get_ex(reply, "return", NULL) &&
            !json_object_object_get_ex(reply, "error", NULL)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has an object without 'return' or 'error' at line %zu where the reply to '%s' is expected"),
                           rep->name, replyLine, ex.execute);
            return -1;
        }

        cmdId = qemuReplayGetId(cmd);
        replyId = qemuReplayGetId(reply);
        if (!STREQ_NULLABLE(cmdId, replyId)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has a reply with id '%s' at line %zu to the command with id '%s'"),
                           rep->name, NULLSTR(replyId), replyLine, NULLSTR(cmdId));
            return -1;
        }
        ex.reply = reply;
        ex.replyLine = replyLine;

        if (STREQ(ex.execute, "qmp_capabilities")) {
            rep->nsessions++;
        } else if (rep->nsessions == 0) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' does not start with 'qmp_capabilities' (line %zu)"),
                           rep->name, cmdLine);
            return -1;
        }
        ex.session = rep->nsessions - 1;
        g_array_append_val(rep->exchanges, ex);
    }

    if (rep->nsessions == 0) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QMP recording '%s' holds no QMP session"), rep->name);
        return -1;
    }

    return 0;
}


qemuReplay *
qemuReplayParse(const char *data,
                size_t len,
                const char *name)
{
    g_autoptr(qemuReplay) rep = g_new0(qemuReplay, 1);
    g_autoptr(GArray) lines = g_array_new(FALSE, FALSE, sizeof(size_t));

    rep->name = g_strdup(name);
    rep->objects = g_ptr_array_new_with_free_func(qemuReplayObjectFree);
    rep->exchanges = g_array_new(FALSE, TRUE, sizeof(qemuReplayExchange));

    if (qemuReplayScan(rep, data, len, lines) < 0 ||
        qemuReplayIndex(rep, lines) < 0)
        return NULL;

    return g_steal_pointer(&rep);
}


qemuReplay *
qemuReplayLoad(const char *path)
{
    g_autofree char *data = NULL;
    size_t len;

    if (virFileReadLimited(path, QEMU_REPLAY_MAX_FILE_SIZE, &data, &len) < 0)
        return NULL;

    return qemuReplayParse(data, len, path);
}


const char *
qemuReplayGetName(qemuReplay *rep)
{
    return rep->name;
}


size_t
qemuReplayGetNumSessions(qemuReplay *rep)
{
    return rep->nsessions;
}


size_t
qemuReplayGetNumExchanges(qemuReplay *rep,
                          size_t session)
{
    size_t n = 0;
    size_t i;

    for (i = 0; i < rep->exchanges->len; i++) {
        if (g_array_index(rep->exchanges, qemuReplayExchange, i).session == session)
            n++;
    }
    return n;
}


static bool
qemuReplayArgsEmpty(json_object *args)
{
    return !args ||
        (json_object_is_type(args, json_type_object) &&
         json_object_object_length(args) == 0);
}


static bool
qemuReplayArgsEqual(json_object *a,
                    json_object *b)
{
    if (qemuReplayArgsEmpty(a) || qemuReplayArgsEmpty(b))
        return qemuReplayArgsEmpty(a) && qemuReplayArgsEmpty(b);
    return virJSONEqual(a, b);
}


json_object *
qemuReplayAnswer(qemuReplay *rep,
                 size_t session,
                 const char *cmd,
                 json_object *args)
{
    qemuReplayExchange *last = NULL;
    size_t i;

    for (i = 0; i < rep->exchanges->len; i++) {
        qemuReplayExchange *ex = &g_array_index(rep->exchanges,
                                                qemuReplayExchange, i);

        if (ex->session != session ||
            STRNEQ(ex->execute, cmd) ||
            !qemuReplayArgsEqual(ex->arguments, args))
            continue;

        if (ex->uses == 0) {
            ex->uses++;
            rep->lastAnswerLine = ex->replyLine;
            return ex->reply;
        }
        last = ex;
    }

    if (last) {
        last->uses++;
        rep->lastAnswerLine = last->replyLine;
        return last->reply;
    }

    if (qemuReplayArgsEmpty(args)) {
        virReportError(VIR_ERR_NO_REPLY,
                       _("no recorded reply to '%s' without arguments in session %zu of '%s'"),
                       cmd, session + 1, rep->name);
    } else {
        g_autofree char *str = virJSONFormatCompact(args);

        virReportError(VIR_ERR_NO_REPLY,
                       _("no recorded reply to '%s' with arguments %s in session %zu of '%s'"),
                       cmd, str, session + 1, rep->name);
    }
    return NULL;
}


size_t
qemuReplayGetLastAnswerLine(qemuReplay *rep)
{
    return rep->lastAnswerLine;
}


void
qemuReplayFormatObject(GString *buf,
                       json_object *obj)
{
    g_autofree char *str = virJSONFormatPretty(obj);

    if (buf->len > 0)
        g_string_append_c(buf, '\n');
    g_string_append(buf, str);
    g_string_append_c(buf, '\n');
}


char *
qemuReplayFormat(qemuReplay *rep)
{
    GString *buf = g_string_new(NULL);
    size_t i;

    for (i = 0; i < rep->objects->len; i++)
        qemuReplayFormatObject(buf, g_ptr_array_index(rep->objects, i));

    return g_string_free(buf, FALSE);
}
