/*
 * qemu_monitor.c: talking QMP to a QEMU, live or replayed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Live QMP framing: QEMU writes one JSON object per line.  Messages are
 * read into a buffer that never grows beyond QEMU_MONITOR_MAX_MESSAGE plus
 * one read; a longer line is refused.  Asynchronous events ({"event": ...})
 * are skipped; a reply must carry the id of its command ("libvirt-N", as
 * in libvirt's recordings, restarting at 1 in every session).
 */

#include "internal.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#define QEMU_MONITOR_PRIV_H_ALLOW
#include "qemu_monitor_priv.h"
#include "qemu_process.h"
#include "qemu_replay.h"
#include "virenum.h"
#include "virerror.h"
#include "virfile.h"

VIR_ENUM_IMPL(qemuMonitorAccel,
              QEMU_MONITOR_ACCEL_LAST,
              "kvm",
              "tcg",
);

#define QEMU_MONITOR_READ_CHUNK (64 * 1024)

/* How long "quit" and the exit after it may take before QEMU is killed. */
#define QEMU_MONITOR_QUIT_GRACE_MS 2000

struct _qemuMonitorSource {
    int refs;                 /* the user's + one per open monitor */
    bool live;
    char *name;               /* binary or .replies path */

    /* live */
    double timeoutSec;
    char *recordPath;
    GString *record;          /* traffic of the sessions closed so far */
    size_t nrecorded;
    bool recordFailed;        /* a session failed: do not write */
    bool recordDone;          /* written, or given up */

    /* replay */
    qemuReplay *replay;
    size_t nextSession;
};

struct _qemuMonitor {
    qemuMonitorSource *src;   /* holds a reference */
    bool live;
    bool closed;
    bool broken;              /* a transport error happened: unusable */

    /* replay */
    size_t session;

    /* live */
    qemuProcess *proc;
    int fd;                   /* owned by @proc */
    char *rbuf;
    size_t rlen;
    size_t ralloc;
    unsigned int lastId;
    int cmdTimeoutMs;         /* 0: only the probe timeout */
    gint64 deadline;          /* for the greeting, then for quitting */
    bool closing;             /* "quit" is on its way: @deadline bounds it */
    GString *record;          /* this session's traffic, when recording */
};


static qemuMonitorSource *
qemuMonitorSourceRef(qemuMonitorSource *src)
{
    src->refs++;
    return src;
}


static void
qemuMonitorSourceUnref(qemuMonitorSource *src)
{
    if (!src || --src->refs > 0)
        return;

    g_free(src->name);
    g_free(src->recordPath);
    if (src->record)
        g_string_free(src->record, TRUE);
    qemuReplayFree(src->replay);
    g_free(src);
}


void
qemuMonitorErrorClear(qemuMonitorError *err)
{
    if (!err)
        return;
    g_clear_pointer(&err->klass, g_free);
    g_clear_pointer(&err->desc, g_free);
}


const char *
qemuMonitorGetName(qemuMonitor *mon)
{
    return mon->src->name;
}


size_t
qemuMonitorGetReplyLine(qemuMonitor *mon)
{
    if (mon->live)
        return 0;
    return qemuReplayGetLastAnswerLine(mon->src->replay);
}


void
qemuMonitorSetCommandTimeout(qemuMonitor *mon,
                             int timeoutMs)
{
    mon->cmdTimeoutMs = MAX(timeoutMs, 0);
}


pid_t
qemuMonitorGetPid(qemuMonitor *mon)
{
    return mon->proc ? qemuProcessGetPid(mon->proc) : -1;
}


/* A transport error: QEMU can no longer be trusted to answer, so it is
 * killed and reaped now, whatever the caller does next. */
static void
qemuMonitorBreak(qemuMonitor *mon)
{
    mon->broken = true;
    mon->fd = -1;
    if (mon->src->record)
        mon->src->recordFailed = true;
    if (mon->proc)
        qemuProcessStop(mon->proc, 0);
}


static void
qemuMonitorReportTimeout(qemuMonitor *mon,
                         const char *cmd,
                         bool byCommand)
{
    double secs = byCommand ? mon->cmdTimeoutMs / 1000.0 : mon->src->timeoutSec;

    if (cmd)
        virReportError(VIR_ERR_OPERATION_TIMEOUT,
                       _("QEMU '%s' did not answer '%s' within the timeout of %g seconds"),
                       mon->src->name, cmd, secs);
    else
        virReportError(VIR_ERR_OPERATION_TIMEOUT,
                       _("QEMU '%s' did not send its QMP greeting within the timeout of %g seconds"),
                       mon->src->name, secs);
}


/* The deadline of one command: the probe timeout (--probe-timeout) bounds
 * each command from the moment it is sent, not the life of the process,
 * so that a long series of quick answers never runs out of time. */
static gint64
qemuMonitorCommandDeadline(qemuMonitor *mon,
                           bool *byCommand)
{
    gint64 deadline = g_get_monotonic_time() +
                      (gint64)(mon->src->timeoutSec * G_USEC_PER_SEC);

    if (mon->closing)
        deadline = MIN(deadline, mon->deadline);
    *byCommand = false;
    if (mon->cmdTimeoutMs > 0) {
        gint64 cmdDeadline = g_get_monotonic_time() + (gint64)mon->cmdTimeoutMs * 1000;

        if (cmdDeadline < deadline) {
            deadline = cmdDeadline;
            *byCommand = true;
        }
    }
    return deadline;
}


static int
qemuMonitorLiveSend(qemuMonitor *mon,
                    const char *data,
                    size_t len,
                    const char *cmd,
                    gint64 deadline,
                    bool byCommand)
{
    size_t done = 0;

    while (done < len) {
        ssize_t put = send(mon->fd, data + done, len - done, MSG_NOSIGNAL);
        int rc;

        if (put > 0) {
            done += put;
            continue;
        }
        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0 && (errno == EPIPE || errno == ECONNRESET)) {
            qemuProcessReportGone(mon->proc, cmd);
            qemuMonitorBreak(mon);
            return -1;
        }
        if (put < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            virReportSystemError(errno, _("cannot send '%s' to QEMU '%s'"),
                                 cmd, mon->src->name);
            qemuMonitorBreak(mon);
            return -1;
        }

        if ((rc = qemuProcessPoll(mon->proc, mon->fd, POLLOUT, deadline)) <= 0) {
            if (rc == 0)
                qemuMonitorReportTimeout(mon, cmd, byCommand);
            qemuMonitorBreak(mon);
            return -1;
        }
    }
    return 0;
}


/* Read one QMP message (one line).  Longer than 80 lines on purpose: one
 * loop holds the buffer, the size limit, EOF and EINTR/EAGAIN handling
 * and the deadline together, so that every way out of the loop is seen at
 * once; the steps share the buffer's state. */
static json_object *
qemuMonitorLiveRead(qemuMonitor *mon,
                    const char *cmd,
                    gint64 deadline,
                    bool byCommand)
{
    size_t scanned = 0;

    for (;;) {
        /* rbuf is NULL until the first read: memchr() must not see it */
        char *nl = mon->rlen > scanned ?
            memchr(mon->rbuf + scanned, '\n', mon->rlen - scanned) : NULL;
        ssize_t got;
        int rc;

        if (nl) {
            size_t linelen = nl - mon->rbuf;
            g_autoptr(json_object) obj = NULL;
            bool blank = true;
            size_t i;

            if (linelen > QEMU_MONITOR_MAX_MESSAGE)
                break;

            for (i = 0; i < linelen && blank; i++)
                blank = g_ascii_isspace(mon->rbuf[i]);

            if (!blank &&
                !(obj = virJSONParse(mon->rbuf, linelen, mon->src->name))) {
                qemuMonitorBreak(mon);
                return NULL;
            }

            mon->rlen -= linelen + 1;
            memmove(mon->rbuf, nl + 1, mon->rlen);
            scanned = 0;

            if (blank)
                continue;

            if (!json_object_is_type(obj, json_type_object)) {
                virReportError(VIR_ERR_QMP_PROTOCOL,
                               _("QEMU '%s' sent a QMP message that is not a JSON object"),
                               mon->src->name);
                qemuMonitorBreak(mon);
                return NULL;
            }
            return g_steal_pointer(&obj);
        }
        scanned = mon->rlen;

        if (mon->rlen > QEMU_MONITOR_MAX_MESSAGE)
            break;

        if (mon->ralloc - mon->rlen < QEMU_MONITOR_READ_CHUNK) {
            mon->ralloc = MIN(MAX(mon->ralloc * 2, 2 * QEMU_MONITOR_READ_CHUNK),
                              QEMU_MONITOR_MAX_MESSAGE + 2 * QEMU_MONITOR_READ_CHUNK);
            mon->rbuf = g_realloc(mon->rbuf, mon->ralloc);
        }

        got = read(mon->fd, mon->rbuf + mon->rlen,
                   MIN(mon->ralloc - mon->rlen, QEMU_MONITOR_READ_CHUNK));
        if (got > 0) {
            mon->rlen += got;
            continue;
        }
        if (got == 0 || errno == ECONNRESET) {
            qemuProcessReportGone(mon->proc, cmd);
            qemuMonitorBreak(mon);
            return NULL;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            virReportSystemError(errno, _("cannot read from QEMU '%s'"),
                                 mon->src->name);
            qemuMonitorBreak(mon);
            return NULL;
        }

        if ((rc = qemuProcessPoll(mon->proc, mon->fd, POLLIN, deadline)) <= 0) {
            if (rc == 0)
                qemuMonitorReportTimeout(mon, cmd, byCommand);
            qemuMonitorBreak(mon);
            return NULL;
        }
    }

    virReportError(VIR_ERR_QMP_PROTOCOL,
                   _("QEMU '%s' sent a QMP message larger than the limit of %d MiB"),
                   mon->src->name, QEMU_MONITOR_MAX_MESSAGE / (1024 * 1024));
    qemuMonitorBreak(mon);
    return NULL;
}


static int
qemuMonitorLiveGreeting(qemuMonitor *mon)
{
    g_autoptr(json_object) msg = NULL;
    bool byCommand = false;

    do {
        g_clear_pointer(&msg, json_object_put);
        if (!(msg = qemuMonitorLiveRead(mon, NULL, mon->deadline, byCommand)))
            return -1;
    } while (json_object_object_get_ex(msg, "event", NULL));

    if (!json_object_object_get_ex(msg, "QMP", NULL)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QEMU '%s' did not start its QMP session with a greeting"),
                       mon->src->name);
        qemuMonitorBreak(mon);
        return -1;
    }
    return 0;
}


/* Check that @reply (a JSON object that is not an event) answers @cmd
 * sent with @id. */
static int
qemuMonitorCheckReply(json_object *reply,
                      const char *name,
                      const char *cmd,
                      const char *id)
{
    json_object *jid = NULL;
    const char *replyId;

    if (!json_object_object_get_ex(reply, "return", NULL) &&
        !json_object_object_get_ex(reply, "error", NULL)) {
        g_autofree char *text = virJSONFormatCompact(reply);

        if (strlen(text) > 200)
            strcpy(text + 197, "...");
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QEMU '%s' sent a QMP message that is neither a reply nor an event while answering '%s': %s"),
                       name, cmd, text);
        return -1;
    }

    json_object_object_get_ex(reply, "id", &jid);
    replyId = jid && json_object_is_type(jid, json_type_string) ?
        json_object_get_string(jid) : NULL;
    if (!replyId) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QEMU '%s' answered '%s' without the command's id"),
                       name, cmd);
        return -1;
    }
    if (STRNEQ(replyId, id)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QEMU '%s' answered '%s' with the id '%s' instead of '%s'"),
                       name, cmd, replyId, id);
        return -1;
    }
    return 0;
}


/* Send @cmd and return QEMU's whole reply object. */
static json_object *
qemuMonitorLiveExchange(qemuMonitor *mon,
                        const char *cmd,
                        json_object *args,
                        bool record)
{
    g_autoptr(json_object) obj = json_object_new_object();
    g_autofree char *id = g_strdup_printf("libvirt-%u", ++mon->lastId);
    g_autofree char *wire = NULL;
    bool byCommand;
    gint64 deadline = qemuMonitorCommandDeadline(mon, &byCommand);

    json_object_object_add(obj, "execute", json_object_new_string(cmd));
    if (args)
        json_object_object_add(obj, "arguments", json_object_get(args));
    json_object_object_add(obj, "id", json_object_new_string(id));

    wire = g_strdup_printf("%s\r\n", json_object_to_json_string_ext(obj,
                                                                     JSON_C_TO_STRING_PLAIN |
                                                                     JSON_C_TO_STRING_NOSLASHESCAPE));
    if (qemuMonitorLiveSend(mon, wire, strlen(wire), cmd, deadline, byCommand) < 0)
        return NULL;

    for (;;) {
        g_autoptr(json_object) reply = NULL;

        if (!(reply = qemuMonitorLiveRead(mon, cmd, deadline, byCommand)))
            return NULL;

        if (json_object_object_get_ex(reply, "event", NULL))
            continue;

        if (qemuMonitorCheckReply(reply, mon->src->name, cmd, id) < 0) {
            qemuMonitorBreak(mon);
            return NULL;
        }

        if (record && mon->record) {
            qemuReplayFormatObject(mon->record, obj);
            qemuReplayFormatObject(mon->record, reply);
        }
        return g_steal_pointer(&reply);
    }
}


/* Split a reply into its return value (0, *@ret set), a QMP error (1,
 * @qmpError filled in, when non-NULL) or an error reported (-1). */
static int
qemuMonitorReplyResult(json_object *reply,
                       const char *name,
                       bool live,
                       const char *cmd,
                       json_object **ret,
                       qemuMonitorError *qmpError)
{
    json_object *val = NULL;
    json_object *err = NULL;
    json_object *klass = NULL;
    json_object *desc = NULL;

    if (json_object_object_get_ex(reply, "return", &val)) {
        /* QEMU returns an object or an array, {} when there is nothing
         * to say; a null would reach the callers as no value at all */
        if (!val) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("'%s' answered '%s' with a null return value"),
                           name, cmd);
            return -1;
        }
        *ret = json_object_get(val);
        return 0;
    }

    json_object_object_get_ex(reply, "error", &err);
    if (err && json_object_is_type(err, json_type_object)) {
        json_object_object_get_ex(err, "class", &klass);
        json_object_object_get_ex(err, "desc", &desc);
    }
    if (!klass || !json_object_is_type(klass, json_type_string) ||
        !desc || !json_object_is_type(desc, json_type_string)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("'%s' answered '%s' with a malformed error"),
                       name, cmd);
        return -1;
    }

    if (qmpError) {
        qemuMonitorErrorClear(qmpError);
        qmpError->klass = g_strdup(json_object_get_string(klass));
        qmpError->desc = g_strdup(json_object_get_string(desc));
        return 1;
    }

    if (live)
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU '%s' answered '%s' with %s: %s"),
                       name, cmd,
                       json_object_get_string(klass),
                       json_object_get_string(desc));
    else
        virReportError(VIR_ERR_QMP_ERROR,
                       _("the recording '%s' answers '%s' with %s: %s"),
                       name, cmd,
                       json_object_get_string(klass),
                       json_object_get_string(desc));
    return -1;
}


int
qemuMonitorParseMessage(const char *data,
                        size_t len,
                        const char *name,
                        const char *cmd,
                        const char *id,
                        qemuMonitorMessageType *type,
                        json_object **ret,
                        qemuMonitorError *qmpError)
{
    g_autoptr(json_object) msg = NULL;
    int rc;

    *ret = NULL;
    *type = QEMU_MONITOR_MESSAGE_LAST;

    if (!(msg = virJSONParse(data, len, name)))
        return -1;

    if (!json_object_is_type(msg, json_type_object)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("QEMU '%s' sent a QMP message that is not a JSON object"),
                       name);
        return -1;
    }

    if (json_object_object_get_ex(msg, "event", NULL)) {
        *type = QEMU_MONITOR_MESSAGE_EVENT;
        return 0;
    }
    if (json_object_object_get_ex(msg, "QMP", NULL)) {
        *type = QEMU_MONITOR_MESSAGE_GREETING;
        return 0;
    }

    if (qemuMonitorCheckReply(msg, name, cmd, id) < 0)
        return -1;

    if ((rc = qemuMonitorReplyResult(msg, name, true, cmd, ret, qmpError)) < 0)
        return -1;
    *type = rc == 0 ? QEMU_MONITOR_MESSAGE_RETURN : QEMU_MONITOR_MESSAGE_ERROR;
    return 0;
}


int
qemuMonitorCommand(qemuMonitor *mon,
                   const char *cmd,
                   json_object *args,
                   json_object **ret,
                   qemuMonitorError *qmpError)
{
    g_autoptr(json_object) reply = NULL;

    *ret = NULL;

    if (mon->closed || mon->broken) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the QMP session with '%s' is no longer usable"),
                       mon->src->name);
        return -1;
    }
    if (args && !json_object_is_type(args, json_type_object)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("the arguments of '%s' are not a JSON object"), cmd);
        return -1;
    }

    if (mon->live) {
        if (!(reply = qemuMonitorLiveExchange(mon, cmd, args, true)))
            return -1;
    } else {
        json_object *recorded = qemuReplayAnswer(mon->src->replay, mon->session,
                                                 cmd, args);
        if (!recorded)
            return -1;
        reply = json_object_get(recorded);
    }

    return qemuMonitorReplyResult(reply, mon->src->name, mon->live, cmd,
                                  ret, qmpError);
}


int
qemuMonitorClose(qemuMonitor *mon)
{
    if (mon->closed)
        return 0;
    mon->closed = true;

    if (!mon->live)
        return 0;

    if (!mon->broken && mon->proc && !qemuProcessIsReaped(mon->proc)) {
        virErrorSaved *saved = virErrorSave();
        bool recordFailed = mon->src->recordFailed;
        g_autoptr(json_object) reply = NULL;
        gint64 quitDeadline = g_get_monotonic_time() +
                              QEMU_MONITOR_QUIT_GRACE_MS * 1000;

        /* "quit" is not recorded, as in libvirt's recordings */
        mon->deadline = quitDeadline;
        mon->closing = true;
        /* a QEMU that does not answer "quit" is killed below; the
         * session's traffic is complete all the same */
        reply = qemuMonitorLiveExchange(mon, "quit", NULL, false);
        virResetLastError();
        virErrorRestore(&saved);
        mon->broken = false;
        mon->src->recordFailed = recordFailed;
    }

    if (mon->proc) {
        gint64 left = (mon->deadline - g_get_monotonic_time()) / 1000;

        qemuProcessStop(mon->proc, (int)CLAMP(left, 0, QEMU_MONITOR_QUIT_GRACE_MS));
    }
    mon->fd = -1;

    if (mon->record && !mon->broken) {
        if (mon->src->record->len > 0)
            g_string_append_c(mon->src->record, '\n');
        g_string_append(mon->src->record, mon->record->str);
        mon->src->nrecorded++;
    }

    return 0;
}


void
qemuMonitorFree(qemuMonitor *mon)
{
    if (!mon)
        return;

    if (!mon->closed) {
        virErrorSaved *saved = virErrorSave();

        qemuMonitorClose(mon);
        virResetLastError();
        virErrorRestore(&saved);
    }
    qemuProcessFree(mon->proc);
    g_free(mon->rbuf);
    if (mon->record)
        g_string_free(mon->record, TRUE);
    qemuMonitorSourceUnref(mon->src);
    g_free(mon);
}


qemuMonitorSource *
qemuMonitorSourceNewLive(const char *binary,
                         double timeoutSec,
                         const char *recordPath)
{
    qemuMonitorSource *src;

    /* a path that can never be written fails now, not after the probe */
    if (recordPath && virFileCheckReplaceable(recordPath) < 0)
        return NULL;

    src = g_new0(qemuMonitorSource, 1);
    src->refs = 1;
    src->live = true;
    src->name = g_strdup(binary);
    /* the tool checks --probe-timeout; this keeps the deadline in range
     * for any caller */
    if (!(timeoutSec > 0))
        src->timeoutSec = QEMU_MONITOR_TIMEOUT_DEFAULT_SEC;
    else
        src->timeoutSec = MIN(timeoutSec, QEMU_MONITOR_TIMEOUT_MAX_SEC);
    if (recordPath) {
        src->recordPath = g_strdup(recordPath);
        src->record = g_string_new(NULL);
    }
    return src;
}


qemuMonitorSource *
qemuMonitorSourceNewReplay(const char *path)
{
    g_autoptr(qemuReplay) replay = NULL;
    qemuMonitorSource *src;

    if (!(replay = qemuReplayLoad(path)))
        return NULL;

    src = g_new0(qemuMonitorSource, 1);
    src->refs = 1;
    src->name = g_strdup(path);
    src->replay = g_steal_pointer(&replay);
    return src;
}


static qemuMonitor *
qemuMonitorOpenLive(qemuMonitorSource *src,
                    qemuMonitorAccel accel)
{
    g_autoptr(qemuMonitor) mon = g_new0(qemuMonitor, 1);
    g_autoptr(json_object) reply = NULL;

    mon->src = qemuMonitorSourceRef(src);
    mon->live = true;
    mon->fd = -1;
    mon->deadline = g_get_monotonic_time() + (gint64)(src->timeoutSec * G_USEC_PER_SEC);
    if (src->record)
        mon->record = g_string_new(NULL);

    if (!(mon->proc = qemuProcessStart(src->name,
                                       qemuMonitorAccelTypeToString(accel)))) {
        qemuMonitorBreak(mon);
        return NULL;
    }

    mon->fd = qemuProcessGetSocket(mon->proc);

    if (qemuMonitorLiveGreeting(mon) < 0 ||
        qemuMonitorCommand(mon, "qmp_capabilities", NULL, &reply, NULL) < 0) {
        qemuMonitorBreak(mon);
        return NULL;
    }

    return g_steal_pointer(&mon);
}


qemuMonitor *
qemuMonitorSourceOpen(qemuMonitorSource *src,
                      qemuMonitorAccel accel)
{
    qemuMonitor *mon;

    switch (accel) {
    case QEMU_MONITOR_ACCEL_KVM:
    case QEMU_MONITOR_ACCEL_TCG:
        break;
    case QEMU_MONITOR_ACCEL_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unknown QEMU accelerator '%d'"), (int)accel);
        return NULL;
    }

    if (src->live)
        return qemuMonitorOpenLive(src, accel);

    if (src->nextSession >= qemuReplayGetNumSessions(src->replay)) {
        virReportError(VIR_ERR_NO_REPLY,
                       _("the recording '%s' has no more QEMU sessions (it holds %zu)"),
                       src->name, qemuReplayGetNumSessions(src->replay));
        return NULL;
    }

    mon = g_new0(qemuMonitor, 1);
    mon->src = qemuMonitorSourceRef(src);
    mon->fd = -1;
    mon->session = src->nextSession++;
    return mon;
}


size_t
qemuMonitorSourceRemaining(qemuMonitorSource *src)
{
    if (src->live)
        return G_MAXSIZE;
    return qemuReplayGetNumSessions(src->replay) - src->nextSession;
}


bool
qemuMonitorSourceIsLive(qemuMonitorSource *src)
{
    return src->live;
}


const char *
qemuMonitorSourceGetName(qemuMonitorSource *src)
{
    return src->name;
}


int
qemuMonitorSourceFinishRecording(qemuMonitorSource *src)
{
    if (!src->recordPath || src->recordDone)
        return 0;

    if (src->recordFailed) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("not writing the recording '%s' because a QEMU session failed"),
                       src->recordPath);
        return -1;
    }
    if (src->nrecorded == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("not writing the recording '%s' because no QEMU session was completed"),
                       src->recordPath);
        return -1;
    }

    /* tried once: a failure is this call's error, not a second message
     * from qemuMonitorSourceFree() */
    src->recordDone = true;
    if (virFileWriteAtomic(src->recordPath, src->record->str, src->record->len,
                           0644) < 0)
        return -1;
    return 0;
}


void
qemuMonitorSourceFree(qemuMonitorSource *src)
{
    if (!src)
        return;

    if (src->recordPath && !src->recordDone &&
        !src->recordFailed && src->nrecorded > 0) {
        virErrorSaved *saved = virErrorSave();

        if (qemuMonitorSourceFinishRecording(src) < 0)
            virReportWarning(_("the QMP traffic could not be recorded: %s"),
                             virGetLastErrorMessage());
        virResetLastError();
        virErrorRestore(&saved);
    }
    src->recordDone = true;

    qemuMonitorSourceUnref(src);
}
