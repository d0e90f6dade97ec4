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
};

/* The index that answers a request without looking at every exchange.
 * Each exchange has a key: its session, command name and arguments in a
 * canonical byte form (qemuReplayKeyAppend) such that two keys are equal
 * exactly when virJSONEqual() would call the requests the same.  The
 * entries are sorted by key, then by file order, so that the exchanges
 * that answer one request form a run in recorded order.  Sorting, rather
 * than hashing, keeps the worst case at O(n log n) to load and O(log n)
 * per request whatever the file holds: there are no collisions for a
 * crafted recording to pile up. */
typedef struct _qemuReplayKey qemuReplayKey;
struct _qemuReplayKey {
    size_t off;               /* the key: @len bytes at @off of keyData */
    size_t len;
    size_t exchange;          /* index into qemuReplay.exchanges */
    size_t served;            /* first of a run: answers given so far */
};

struct _qemuReplay {
    char *name;
    GPtrArray *objects;       /* json_object *, file order, owned */
    GArray *exchanges;        /* qemuReplayExchange, file order */
    GString *keyData;         /* every key, one after the other */
    GArray *keys;             /* qemuReplayKey, sorted */
    GArray *sessionSizes;     /* size_t: exchanges per session */
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
    if (rep->keyData)
        g_string_free(rep->keyData, TRUE);
    if (rep->keys)
        g_array_unref(rep->keys);
    if (rep->sessionSizes)
        g_array_unref(rep->sessionSizes);
    g_free(rep);
}


static void
qemuReplayObjectFree(gpointer obj)
{
    json_object_put(obj);
}


/* Line numbers for messages, counted as the scan moves forward, so that
 * the whole file is counted once (offsets only ever grow). */
typedef struct _qemuReplayLines qemuReplayLines;
struct _qemuReplayLines {
    const char *data;
    size_t off;               /* counted up to here */
    size_t line;              /* line of @off, from 1 */
};


static size_t
qemuReplayLineAt(qemuReplayLines *lines,
                 size_t off)
{
    const char *p = lines->data + lines->off;
    const char *end = lines->data + off;

    while (p < end && (p = memchr(p, '\n', end - p))) {
        lines->line++;
        p++;
    }
    lines->off = off;
    return lines->line;
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
    qemuReplayLines counter = { data, 0, 1 };
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

        line = qemuReplayLineAt(&counter, off);
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
            size_t errLine = qemuReplayLineAt(&counter,
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


/* ---- The request index ------------------------------------------------
 *
 * A key is a byte string; two requests get the same key exactly when
 * qemuReplayAnswer() must treat them as the same request:
 *   - same session;
 *   - same command name (a C string, as STREQ compares it);
 *   - arguments equal as virJSONEqual() (json_object_equal()) has it, with
 *     absent arguments and {} the same.  json-c compares values of the
 *     same type only; integers by value (an int64 and a uint64 holding
 *     the same number are equal), doubles by value (so -0.0 is 0.0; NaN
 *     cannot occur, the loader refuses it), strings byte for byte with
 *     their length, arrays in order, objects as sets of members found by
 *     name (a C string).
 * Every item starts with a tag byte and every variable-length part with
 * its length, so that no two different values share a key. */

static void
qemuReplayKeyAppendSize(GString *key,
                        uint64_t n)
{
    g_string_append_len(key, (const char *)&n, sizeof(n));
}


static void
qemuReplayKeyAppendBytes(GString *key,
                         const char *data,
                         size_t len)
{
    qemuReplayKeyAppendSize(key, len);
    g_string_append_len(key, data, len);
}


static int
qemuReplayKeyCompareNames(gconstpointer a,
                          gconstpointer b)
{
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}


static void
qemuReplayKeyAppendValue(GString *key,
                         json_object *obj)
{
    switch (json_object_get_type(obj)) {
    case json_type_null:
        g_string_append_c(key, 'n');
        return;

    case json_type_boolean:
        g_string_append_c(key, json_object_get_boolean(obj) ? 't' : 'f');
        return;

    case json_type_int: {
        int64_t i = json_object_get_int64(obj);

        /* json-c saturates: a uint64 above INT64_MAX reads as INT64_MAX
         * here, so take non-negative values as uint64 */
        if (i < 0) {
            g_string_append_c(key, '-');
            qemuReplayKeyAppendSize(key, (uint64_t)i);
        } else {
            g_string_append_c(key, '+');
            qemuReplayKeyAppendSize(key, json_object_get_uint64(obj));
        }
        return;
    }

    case json_type_double: {
        double d = json_object_get_double(obj);
        uint64_t bits;

        if (d == 0)
            d = 0;              /* -0.0 == 0.0 */
        memcpy(&bits, &d, sizeof(bits));
        g_string_append_c(key, 'd');
        qemuReplayKeyAppendSize(key, bits);
        return;
    }

    case json_type_string:
        g_string_append_c(key, 's');
        qemuReplayKeyAppendBytes(key, json_object_get_string(obj),
                                 json_object_get_string_len(obj));
        return;

    case json_type_array: {
        size_t n = json_object_array_length(obj);
        size_t i;

        g_string_append_c(key, 'a');
        qemuReplayKeyAppendSize(key, n);
        for (i = 0; i < n; i++)
            qemuReplayKeyAppendValue(key, json_object_array_get_idx(obj, i));
        return;
    }

    case json_type_object: {
        g_autoptr(GPtrArray) names = g_ptr_array_new();
        size_t i;

        json_object_object_foreach(obj, name, val) {
            (void)val;
            g_ptr_array_add(names, name);
        }
        g_ptr_array_sort(names, qemuReplayKeyCompareNames);

        g_string_append_c(key, 'o');
        qemuReplayKeyAppendSize(key, names->len);
        for (i = 0; i < names->len; i++) {
            const char *member = g_ptr_array_index(names, i);

            qemuReplayKeyAppendBytes(key, member, strlen(member));
            qemuReplayKeyAppendValue(key, json_object_object_get(obj, member));
        }
        return;
    }
    }

    /* json-c has no other type; a new one must get a tag of its own */
    g_string_append_c(key, '?');
    g_string_append_printf(key, "%d", (int)json_object_get_type(obj));
}


static void
qemuReplayKeyAppend(GString *key,
                    size_t session,
                    const char *cmd,
                    json_object *args)
{
    qemuReplayKeyAppendSize(key, session);
    qemuReplayKeyAppendBytes(key, cmd, strlen(cmd));
    if (!args ||
        (json_object_is_type(args, json_type_object) &&
         json_object_object_length(args) == 0)) {
        g_string_append_c(key, 'o');
        qemuReplayKeyAppendSize(key, 0);
    } else {
        qemuReplayKeyAppendValue(key, args);
    }
}


static int
qemuReplayKeyCompareBytes(const char *a,
                          size_t alen,
                          const char *b,
                          size_t blen)
{
    int rc = memcmp(a, b, MIN(alen, blen));

    if (rc != 0)
        return rc;
    if (alen != blen)
        return alen < blen ? -1 : 1;
    return 0;
}


static int
qemuReplayKeyCompare(gconstpointer pa,
                     gconstpointer pb,
                     gpointer opaque)
{
    const qemuReplayKey *a = pa;
    const qemuReplayKey *b = pb;
    const char *data = opaque;
    int rc = qemuReplayKeyCompareBytes(data + a->off, a->len,
                                       data + b->off, b->len);

    if (rc != 0)
        return rc;
    if (a->exchange != b->exchange)
        return a->exchange < b->exchange ? -1 : 1;
    return 0;
}


/* Key every exchange and sort the keys. */
static void
qemuReplayBuildIndex(qemuReplay *rep)
{
    size_t i;

    g_array_set_size(rep->keys, rep->exchanges->len);
    for (i = 0; i < rep->exchanges->len; i++) {
        qemuReplayExchange *ex = &g_array_index(rep->exchanges,
                                                qemuReplayExchange, i);
        qemuReplayKey *k = &g_array_index(rep->keys, qemuReplayKey, i);

        k->off = rep->keyData->len;
        qemuReplayKeyAppend(rep->keyData, ex->session, ex->execute,
                            ex->arguments);
        k->len = rep->keyData->len - k->off;
        k->exchange = i;
        k->served = 0;
    }
    g_array_sort_with_data(rep->keys, qemuReplayKeyCompare, rep->keyData->str);
}


/* Binary search: the first entry whose key is not below @key, or with
 * @after, the first one above it. */
static size_t
qemuReplayKeySearch(qemuReplay *rep,
                    const char *key,
                    size_t len,
                    bool after)
{
    size_t lo = 0;
    size_t hi = rep->keys->len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const qemuReplayKey *k = &g_array_index(rep->keys, qemuReplayKey, mid);
        int rc = qemuReplayKeyCompareBytes(rep->keyData->str + k->off, k->len,
                                           key, len);

        if (rc < 0 || (after && rc == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
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
            size_t zero = 0;

            rep->nsessions++;
            g_array_append_val(rep->sessionSizes, zero);
        } else if (rep->nsessions == 0) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' does not start with 'qmp_capabilities' (line %zu)"),
                           rep->name, cmdLine);
            return -1;
        }
        ex.session = rep->nsessions - 1;
        g_array_index(rep->sessionSizes, size_t, ex.session)++;
        g_array_append_val(rep->exchanges, ex);
    }

    if (rep->nsessions == 0) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QMP recording '%s' holds no QMP session"), rep->name);
        return -1;
    }

    qemuReplayBuildIndex(rep);
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
    rep->keyData = g_string_new(NULL);
    rep->keys = g_array_new(FALSE, TRUE, sizeof(qemuReplayKey));
    rep->sessionSizes = g_array_new(FALSE, TRUE, sizeof(size_t));

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
    if (session >= rep->sessionSizes->len)
        return 0;
    return g_array_index(rep->sessionSizes, size_t, session);
}


json_object *
qemuReplayAnswer(qemuReplay *rep,
                 size_t session,
                 const char *cmd,
                 json_object *args)
{
    g_autoptr(GString) key = g_string_new(NULL);
    qemuReplayKey *first;
    qemuReplayKey *answer;
    size_t lo;
    size_t hi;

    qemuReplayKeyAppend(key, session, cmd, args);
    lo = qemuReplayKeySearch(rep, key->str, key->len, false);
    hi = qemuReplayKeySearch(rep, key->str, key->len, true);

    if (lo < hi) {
        qemuReplayExchange *ex;

        /* identical requests are answered in recorded order, then the
         * last answer is repeated */
        first = &g_array_index(rep->keys, qemuReplayKey, lo);
        if (first->served < hi - lo)
            answer = &g_array_index(rep->keys, qemuReplayKey, lo + first->served++);
        else
            answer = &g_array_index(rep->keys, qemuReplayKey, hi - 1);
        ex = &g_array_index(rep->exchanges, qemuReplayExchange, answer->exchange);
        rep->lastAnswerLine = ex->replyLine;
        return ex->reply;
    }

    if (!args ||
        (json_object_is_type(args, json_type_object) &&
         json_object_object_length(args) == 0)) {
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
