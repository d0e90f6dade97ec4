/*
 * qemu_replay.c: libvirt-style .replies recordings of QMP traffic
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Cost: loading is one pass over the text (each object parsed once, its
 * line counted once) and a sort of the requests, O(n log n); answering a
 * request is a binary search, O(log n).  The parsed objects are not kept:
 * json-c needs some twenty times the size of the text for them.  What is
 * kept is the text, where each object lies in it, the index, and the
 * replies that have been asked for (parsed again on first use).
 */

#include "internal.h"

#include <string.h>
#include <sys/stat.h>

#include "qemu_replay.h"
#include "virerror.h"
#include "virfile.h"

/* Where one object of the file lies in the text. */
typedef struct _qemuReplaySpan qemuReplaySpan;
struct _qemuReplaySpan {
    size_t off;
    size_t len;
};

typedef struct _qemuReplayExchange qemuReplayExchange;
struct _qemuReplayExchange {
    size_t reply;             /* index into qemuReplay.spans */
    size_t replyLine;         /* where the reply starts in the file */
    size_t session;
    json_object *value;       /* the reply, once asked for; owned */
};

/* The index that answers a request without looking at every exchange.
 * Each exchange has a key: its session, then its command name and
 * arguments in a canonical byte form (qemuReplayKeyAppendCommand) such
 * that two keys are equal exactly when virJSONEqual() would call the
 * requests the same.  The entries are sorted by key, then by file order,
 * so that the exchanges that answer one request form a run in recorded
 * order.  Sorting, rather than hashing, keeps the worst case at
 * O(n log n) to load and O(log n) per request whatever the file holds:
 * there are no collisions for a crafted recording to pile up. */
typedef struct _qemuReplayKey qemuReplayKey;
struct _qemuReplayKey {
    size_t session;
    size_t off;               /* command and arguments: @len bytes at @off */
    size_t len;               /* of qemuReplay.keyData */
    size_t exchange;          /* index into qemuReplay.exchanges */
    size_t served;            /* first of a run: answers given so far */
};

struct _qemuReplay {
    char *name;
    char *data;               /* the text of the file */
    size_t len;
    GArray *spans;            /* qemuReplaySpan, every object, file order */
    GArray *exchanges;        /* qemuReplayExchange, file order */
    GString *keyData;         /* every key, one after the other */
    GArray *keys;             /* qemuReplayKey, sorted */
    GArray *sessionSizes;     /* size_t: exchanges per session */
    size_t nsessions;
    size_t lastAnswerLine;    /* of the reply qemuReplayAnswer() returned last */
};


/* What the pairing of commands and replies needs to know of one object,
 * taken from it while it is parsed (the loader's scratch data). */
typedef enum {
    QEMU_REPLAY_OBJECT_EVENT = 1 << 0,          /* has "event" */
    QEMU_REPLAY_OBJECT_EXECUTE = 1 << 1,        /* has a string "execute" */
    QEMU_REPLAY_OBJECT_BAD_ARGUMENTS = 1 << 2,  /* "arguments" not an object */
    QEMU_REPLAY_OBJECT_REPLY = 1 << 3,          /* has "return" or "error" */
    QEMU_REPLAY_OBJECT_ID = 1 << 4,             /* has a string "id" */
} qemuReplayObjectFlags;

typedef struct _qemuReplayObject qemuReplayObject;
struct _qemuReplayObject {
    size_t line;
    unsigned int flags;
    size_t execute;           /* C string at this offset of strings */
    size_t id;                /* C string at this offset of strings */
    size_t keyOff;            /* a command's key in qemuReplay.keyData */
    size_t keyLen;
};

typedef struct _qemuReplayLoader qemuReplayLoader;
struct _qemuReplayLoader {
    GArray *objects;          /* qemuReplayObject, file order */
    GString *strings;         /* command names and ids, NUL-separated */
};


static void
qemuReplayExchangeClear(gpointer p)
{
    qemuReplayExchange *ex = p;

    g_clear_pointer(&ex->value, json_object_put);
}


void
qemuReplayFree(qemuReplay *rep)
{
    if (!rep)
        return;
    g_free(rep->name);
    g_free(rep->data);
    if (rep->spans)
        g_array_unref(rep->spans);
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


/* ---- The request index ------------------------------------------------
 *
 * A key is a session and a byte string; two requests get the same key
 * exactly when qemuReplayAnswer() must treat them as the same request:
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
qemuReplayKeyAppendInt(GString *key,
                       json_object *obj)
{
    int64_t i = json_object_get_int64(obj);

    /* json-c saturates: a uint64 above INT64_MAX reads as INT64_MAX here,
     * so take non-negative values as uint64 */
    if (i < 0) {
        g_string_append_c(key, '-');
        qemuReplayKeyAppendSize(key, (uint64_t)i);
    } else {
        g_string_append_c(key, '+');
        qemuReplayKeyAppendSize(key, json_object_get_uint64(obj));
    }
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

    case json_type_int:
        qemuReplayKeyAppendInt(key, obj);
        return;

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


static bool
qemuReplayArgsEmpty(json_object *args)
{
    return !args ||
        (json_object_is_type(args, json_type_object) &&
         json_object_object_length(args) == 0);
}


/* The key of a request, but for its session. */
static void
qemuReplayKeyAppendCommand(GString *key,
                           const char *cmd,
                           json_object *args)
{
    qemuReplayKeyAppendBytes(key, cmd, strlen(cmd));
    if (qemuReplayArgsEmpty(args)) {
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
    int rc;

    if (a->session != b->session)
        return a->session < b->session ? -1 : 1;
    rc = qemuReplayKeyCompareBytes(data + a->off, a->len,
                                   data + b->off, b->len);
    if (rc != 0)
        return rc;
    if (a->exchange != b->exchange)
        return a->exchange < b->exchange ? -1 : 1;
    return 0;
}


/* Binary search: the first entry whose key is not below @session and
 * @key, or with @after, the first one above them. */
static size_t
qemuReplayKeySearch(qemuReplay *rep,
                    size_t session,
                    const char *key,
                    size_t len,
                    bool after)
{
    size_t lo = 0;
    size_t hi = rep->keys->len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const qemuReplayKey *k = &g_array_index(rep->keys, qemuReplayKey, mid);
        int rc;

        if (k->session != session)
            rc = k->session < session ? -1 : 1;
        else
            rc = qemuReplayKeyCompareBytes(rep->keyData->str + k->off, k->len,
                                           key, len);

        if (rc < 0 || (after && rc == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Keep a C string in @strings; returns its offset. */
static size_t
qemuReplayKeepString(GString *strings,
                     const char *str)
{
    size_t off = strings->len;

    g_string_append_len(strings, str, strlen(str) + 1);
    return off;
}


static const char *
qemuReplayString(qemuReplayLoader *ld,
                 size_t off)
{
    return ld->strings->str + off;
}


/* Take from @obj what the pairing needs. */
static void
qemuReplayNoteObject(qemuReplay *rep,
                     qemuReplayLoader *ld,
                     json_object *obj,
                     size_t line)
{
    qemuReplayObject info = { .line = line };
    json_object *exec = NULL;
    json_object *args = NULL;
    json_object *id = NULL;

    if (json_object_object_get_ex(obj, "event", NULL))
        info.flags |= QEMU_REPLAY_OBJECT_EVENT;

    if (json_object_object_get_ex(obj, "execute", &exec) &&
        json_object_is_type(exec, json_type_string)) {
        info.flags |= QEMU_REPLAY_OBJECT_EXECUTE;
        info.execute = qemuReplayKeepString(ld->strings,
                                            json_object_get_string(exec));
    }

    if (json_object_object_get_ex(obj, "arguments", &args) &&
        !json_object_is_type(args, json_type_object))
        info.flags |= QEMU_REPLAY_OBJECT_BAD_ARGUMENTS;

    if (json_object_object_get_ex(obj, "return", NULL) ||
        json_object_object_get_ex(obj, "error", NULL))
        info.flags |= QEMU_REPLAY_OBJECT_REPLY;

    if ((id = json_object_object_get(obj, "id")) &&
        json_object_is_type(id, json_type_string)) {
        info.flags |= QEMU_REPLAY_OBJECT_ID;
        info.id = qemuReplayKeepString(ld->strings, json_object_get_string(id));
    }

    if ((info.flags & QEMU_REPLAY_OBJECT_EXECUTE) &&
        !(info.flags & QEMU_REPLAY_OBJECT_BAD_ARGUMENTS)) {
        info.keyOff = rep->keyData->len;
        qemuReplayKeyAppendCommand(rep->keyData, json_object_get_string(exec),
                                   args);
        info.keyLen = rep->keyData->len - info.keyOff;
    }

    g_array_append_val(ld->objects, info);
}


/* Split the text into JSON values and note what each holds. */
static int
qemuReplayScan(qemuReplay *rep,
               qemuReplayLoader *ld)
{
    g_autoptr(json_tokener) tok = json_tokener_new_ex(VIR_JSON_MAX_DEPTH);
    qemuReplayLines counter = { rep->data, 0, 1 };
    const char *data = rep->data;
    size_t len = rep->len;
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
        qemuReplaySpan span;
        size_t line;
        gssize nul;

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
        span.off = off;
        span.len = json_tokener_get_parse_end(tok);
        if (virJSONCheckNumbers(obj, rep->name) < 0)
            return -1;
        /* what QEMU sent holds no NUL, as on a live monitor; a command is
         * hostrec's own, kept as it is for the index (a NUL in an
         * argument makes another argument) */
        if (!json_object_object_get_ex(obj, "execute", NULL) &&
            (nul = virJSONFindNul(data + off, span.len)) >= 0) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' holds a NUL character (\\u0000) in a string at line %zu, which would cut a name short"),
                           rep->name, qemuReplayLineAt(&counter, off + nul));
            return -1;
        }

        off += span.len;
        g_array_append_val(rep->spans, span);
        qemuReplayNoteObject(rep, ld, obj, line);
    }

    return 0;
}


/* Pair commands with replies, split the sessions and build the index.
 * Longer than 80 lines on purpose: one pass over the objects, whose every
 * error names the line it found; the index entries are made in the same
 * pass so that the recording is walked once. */
static int
qemuReplayIndex(qemuReplay *rep,
                qemuReplayLoader *ld)
{
    size_t n = ld->objects->len;
    size_t i = 0;

    while (i < n) {
        const qemuReplayObject *cmd = &g_array_index(ld->objects, qemuReplayObject, i);
        const qemuReplayObject *reply;
        qemuReplayExchange ex = { 0 };
        qemuReplayKey key = { 0 };
        const char *execute;
        const char *cmdId;
        const char *replyId;

        /* asynchronous events may appear between exchanges */
        if (cmd->flags & QEMU_REPLAY_OBJECT_EVENT) {
            i++;
            continue;
        }

        if (!(cmd->flags & QEMU_REPLAY_OBJECT_EXECUTE)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has an object without a command name ('execute') at line %zu where a command is expected"),
                           rep->name, cmd->line);
            return -1;
        }
        execute = qemuReplayString(ld, cmd->execute);
        if (cmd->flags & QEMU_REPLAY_OBJECT_BAD_ARGUMENTS) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has a command whose arguments are not an object at line %zu"),
                           rep->name, cmd->line);
            return -1;
        }

        /* find the reply, skipping events */
        for (i++; i < n; i++) {
            if (!(g_array_index(ld->objects, qemuReplayObject, i).flags &
                  QEMU_REPLAY_OBJECT_EVENT))
                break;
        }
        if (i >= n) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' ends without the reply to the command '%s' at line %zu"),
                           rep->name, execute, cmd->line);
            return -1;
        }
        reply = &g_array_index(ld->objects, qemuReplayObject, i);
        ex.reply = i;
        i++;

        if (!(reply->flags & QEMU_REPLAY_OBJECT_REPLY)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has an object without 'return' or 'error' at line %zu where the reply to '%s' is expected"),
                           rep->name, reply->line, execute);
            return -1;
        }

        cmdId = cmd->flags & QEMU_REPLAY_OBJECT_ID ?
            qemuReplayString(ld, cmd->id) : NULL;
        replyId = reply->flags & QEMU_REPLAY_OBJECT_ID ?
            qemuReplayString(ld, reply->id) : NULL;
        if (!STREQ_NULLABLE(cmdId, replyId)) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' has a reply with id '%s' at line %zu to the command with id '%s'"),
                           rep->name, NULLSTR(replyId), reply->line, NULLSTR(cmdId));
            return -1;
        }
        ex.replyLine = reply->line;

        if (STREQ(execute, "qmp_capabilities")) {
            size_t zero = 0;

            rep->nsessions++;
            g_array_append_val(rep->sessionSizes, zero);
        } else if (rep->nsessions == 0) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("QMP recording '%s' does not start with 'qmp_capabilities' (line %zu)"),
                           rep->name, cmd->line);
            return -1;
        }
        ex.session = rep->nsessions - 1;
        g_array_index(rep->sessionSizes, size_t, ex.session)++;

        key.session = ex.session;
        key.off = cmd->keyOff;
        key.len = cmd->keyLen;
        key.exchange = rep->exchanges->len;
        g_array_append_val(rep->keys, key);
        g_array_append_val(rep->exchanges, ex);
    }

    if (rep->nsessions == 0) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QMP recording '%s' holds no QMP session"), rep->name);
        return -1;
    }

    g_array_sort_with_data(rep->keys, qemuReplayKeyCompare, rep->keyData->str);
    return 0;
}


/* Parse @data (@len bytes, owned by the result from now on). */
static qemuReplay *
qemuReplayParseOwned(char *data,
                     size_t len,
                     const char *name)
{
    g_autoptr(qemuReplay) rep = g_new0(qemuReplay, 1);
    g_autoptr(GArray) objects = g_array_new(FALSE, FALSE, sizeof(qemuReplayObject));
    g_autoptr(GString) strings = g_string_new(NULL);
    qemuReplayLoader ld = { objects, strings };

    rep->name = g_strdup(name);
    rep->data = data;
    rep->len = len;
    rep->spans = g_array_new(FALSE, FALSE, sizeof(qemuReplaySpan));
    rep->exchanges = g_array_new(FALSE, TRUE, sizeof(qemuReplayExchange));
    g_array_set_clear_func(rep->exchanges, qemuReplayExchangeClear);
    rep->keyData = g_string_new(NULL);
    rep->keys = g_array_new(FALSE, TRUE, sizeof(qemuReplayKey));
    rep->sessionSizes = g_array_new(FALSE, TRUE, sizeof(size_t));

    if (qemuReplayScan(rep, &ld) < 0 ||
        qemuReplayIndex(rep, &ld) < 0)
        return NULL;

    return g_steal_pointer(&rep);
}


qemuReplay *
qemuReplayParse(const char *data,
                size_t len,
                const char *name)
{
    return qemuReplayParseOwned(g_memdup2(data, len), len, name);
}


int
qemuReplayCheckSize(const char *path)
{
    struct stat sb;

    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
        sb.st_size > QEMU_REPLAY_MAX_FILE_SIZE) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("'%s' is larger than the limit of %zu bytes"),
                       path, (size_t)QEMU_REPLAY_MAX_FILE_SIZE);
        return -1;
    }
    return 0;
}


qemuReplay *
qemuReplayLoad(const char *path)
{
    g_autofree char *data = NULL;
    size_t len;

    if (qemuReplayCheckSize(path) < 0)
        return NULL;

    if (virFileReadLimited(path, QEMU_REPLAY_MAX_FILE_SIZE, &data, &len) < 0)
        return NULL;

    return qemuReplayParseOwned(g_steal_pointer(&data), len, path);
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


/* Parse object @i of the file again.  It was parsed and checked once, so
 * this cannot fail unless memory runs out. */
static json_object *
qemuReplayReparse(qemuReplay *rep,
                  size_t i)
{
    const qemuReplaySpan *span = &g_array_index(rep->spans, qemuReplaySpan, i);
    g_autoptr(json_tokener) tok = json_tokener_new_ex(VIR_JSON_MAX_DEPTH);
    json_object *obj = NULL;

    if (tok) {
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        obj = json_tokener_parse_ex(tok, rep->data + span->off, (int)span->len);
    }
    if (!obj) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot parse again the object at offset %zu of QMP recording '%s'"),
                       span->off, rep->name);
    }
    return obj;
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
    qemuReplayExchange *ex;
    size_t lo;
    size_t hi;

    qemuReplayKeyAppendCommand(key, cmd, args);
    lo = qemuReplayKeySearch(rep, session, key->str, key->len, false);
    hi = qemuReplayKeySearch(rep, session, key->str, key->len, true);

    if (lo >= hi) {
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

    /* identical requests are answered in recorded order, then the last
     * answer is repeated */
    first = &g_array_index(rep->keys, qemuReplayKey, lo);
    if (first->served < hi - lo)
        answer = &g_array_index(rep->keys, qemuReplayKey, lo + first->served++);
    else
        answer = &g_array_index(rep->keys, qemuReplayKey, hi - 1);

    ex = &g_array_index(rep->exchanges, qemuReplayExchange, answer->exchange);
    rep->lastAnswerLine = ex->replyLine;
    if (!ex->value)
        ex->value = qemuReplayReparse(rep, ex->reply);
    return ex->value;
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

    for (i = 0; i < rep->spans->len; i++) {
        g_autoptr(json_object) obj = qemuReplayReparse(rep, i);

        if (!obj) {
            g_string_free(buf, TRUE);
            return NULL;
        }
        qemuReplayFormatObject(buf, obj);
    }

    return g_string_free(buf, FALSE);
}
