/*
 * qemu_monitor.h: talking QMP to a QEMU, live or replayed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A qemuMonitor is one QMP session with one QEMU process.  It is either
 * live (a UNIX socket to a QEMU we started: qemu_process.h) or replayed
 * (one session of a libvirt-style .replies recording: qemu_replay.h).
 * Callers do not care which.  Commands are sent through the typed calls
 * of qemu_monitor_json.h; the raw exchange they stand on is private to
 * src/qemu (qemu_monitor_priv.h).
 *
 * A qemuMonitorSource hands out sessions: "start a QEMU with this
 * accelerator and give me its monitor".  The live source starts a process;
 * the replay source returns the recording's sessions in order.
 *
 * A monitor keeps its source alive: they may be freed in either order.
 * A live monitor that meets a transport error (timeout, EOF, garbage, a
 * wrong id, a message over QEMU_MONITOR_MAX_MESSAGE) kills and reaps its
 * QEMU at once; later commands on it fail.  An error reply from QEMU is
 * not a transport error: the session stays usable.
 */

#pragma once

#include "internal.h"
#include "virjson.h"

#include <sys/types.h>

/* A live QMP message (one line) larger than this is refused; the reader
 * never buffers more than this plus one read. */
#define QEMU_MONITOR_MAX_MESSAGE (16 * 1024 * 1024)

typedef struct _qemuMonitor qemuMonitor;

/* What QEMU said when it answered a command with {"error": ...}. */
typedef struct _qemuMonitorError qemuMonitorError;
struct _qemuMonitorError {
    char *klass;    /* "GenericError", "CommandNotFound", ... */
    char *desc;
};

void qemuMonitorErrorClear(qemuMonitorError *err);

/* Per-command timeout of a live monitor, in milliseconds. */
void qemuMonitorSetCommandTimeout(qemuMonitor *mon, int timeoutMs);

/* A description for messages: the binary path or the .replies file. */
const char *qemuMonitorGetName(qemuMonitor *mon);

/* The line of the recording where the reply to the last command starts:
 * replay only; 0 for a live monitor or before any command. */
size_t qemuMonitorGetReplyLine(qemuMonitor *mon);

/* The pid of a live monitor's QEMU (it stays available after the process
 * is reaped, for tests); -1 for a replayed one. */
pid_t qemuMonitorGetPid(qemuMonitor *mon);

typedef struct _qemuMonitorSource qemuMonitorSource;

typedef enum {
    QEMU_MONITOR_ACCEL_KVM = 0,
    QEMU_MONITOR_ACCEL_TCG,

    QEMU_MONITOR_ACCEL_LAST
} qemuMonitorAccel;

const char *qemuMonitorAccelTypeToString(int accel);
int qemuMonitorAccelTypeFromString(const char *str);

/* The longest and the default wait for one answer of QEMU (its QMP
 * greeting, or the reply to one command), in seconds: what
 * --probe-timeout accepts, and its default. */
#define QEMU_MONITOR_TIMEOUT_MAX_SEC 86400
#define QEMU_MONITOR_TIMEOUT_DEFAULT_SEC 30

/* A live source: every qemuMonitorSourceOpen() starts @binary as a direct
 * child with the probe arguments and the given accelerator.  @timeoutSec
 * bounds each wait on its own: from the start to the QMP greeting, and
 * from sending each command to its reply (a probe of hundreds of quick
 * commands never runs out of time; one command that hangs does);
 * a value that is not positive (NaN included) means the default, and one
 * over QEMU_MONITOR_TIMEOUT_MAX_SEC means that maximum.
 * When @recordPath is non-NULL, all traffic of all sessions is written
 * there in .replies format by qemuMonitorSourceFinishRecording() or, at the
 * latest, qemuMonitorSourceFree() on success; only a regular file or a new
 * path is replaced (virFileCheckReplaceable()).  Returns NULL with an error
 * naming @recordPath when that path can never be written. */
qemuMonitorSource *qemuMonitorSourceNewLive(const char *binary,
                                            double timeoutSec,
                                            const char *recordPath);

/* A replay source reading a .replies file (full or trimmed, one or more
 * sessions).  Returns NULL with an error naming the file. */
qemuMonitorSource *qemuMonitorSourceNewReplay(const char *path);

/* Open the next session.  Live: starts QEMU with -machine none,accel=ACCEL
 * and completes the QMP handshake (greeting, qmp_capabilities).  Replay:
 * returns the next recorded session (the qmp_capabilities exchange is
 * consumed); -1/NULL with an error when there is none left. */
qemuMonitor *qemuMonitorSourceOpen(qemuMonitorSource *src,
                                   qemuMonitorAccel accel);

/* Number of sessions left to open: replay only; G_MAXSIZE for live. */
size_t qemuMonitorSourceRemaining(qemuMonitorSource *src);

/* Close a session: live sends "quit", reaps the child, kills it if it does
 * not exit in time.  Never leaves a process behind. */
int qemuMonitorClose(qemuMonitor *mon);
void qemuMonitorFree(qemuMonitor *mon);   /* closes first if needed */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuMonitor, qemuMonitorFree);

bool qemuMonitorSourceIsLive(qemuMonitorSource *src);
const char *qemuMonitorSourceGetName(qemuMonitorSource *src);

/* Write the recording now (live sources with a record path).  The write
 * is tried once: after a failure (reported here) qemuMonitorSourceFree()
 * does not try again. */
int qemuMonitorSourceFinishRecording(qemuMonitorSource *src);

void qemuMonitorSourceFree(qemuMonitorSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuMonitorSource, qemuMonitorSourceFree);
