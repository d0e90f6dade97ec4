/*
 * qemu_process.h: a QEMU process started for probing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The process is a direct child of ours (never -daemonize), started with
 *
 *   -S -no-user-config -nodefaults -nographic
 *   -machine none,accel=ACCEL -qmp unix:SOCK,server=on,wait=on
 *
 * with its QMP socket in a private (0700) temporary directory, standard
 * input from /dev/null and standard output and error on a pipe whose last
 * lines are kept for error messages.  Every way out of this module reaps
 * the child: qemuProcessStop() waits a little for it to exit and then
 * kills it; qemuProcessFree() kills it at once if it still runs.  On Linux
 * the child is also killed if we die first (PR_SET_PDEATHSIG).
 *
 * Deadlines are g_get_monotonic_time() values (microseconds).
 */

#pragma once

#include "internal.h"

#include <sys/types.h>

typedef struct _qemuProcess qemuProcess;

/* Start @binary (a path, or a name looked up in $PATH) with -machine
 * none,accel=@accel ("kvm" or "tcg").  Returns NULL with an error naming
 * the binary. */
qemuProcess *qemuProcessStart(const char *binary,
                              const char *accel);

/* Connect to the QMP socket, retrying until it appears, the child dies or
 * @deadline passes.  Returns a non-blocking socket owned by @proc, or -1
 * with an error naming the binary (the child is then killed and reaped). */
int qemuProcessConnect(qemuProcess *proc,
                       gint64 deadline);

/* Wait until @fd is ready for @events (POLLIN/POLLOUT), collecting the
 * child's output meanwhile.  Returns 1 when ready, 0 on timeout, -1 with
 * an error on a poll failure. */
int qemuProcessPoll(qemuProcess *proc,
                    int fd,
                    short events,
                    gint64 deadline);

/* Report why the child stopped talking: it exited (status, last line of
 * its output) or closed its socket (it is then killed).  @cmd is the
 * command that was not answered; NULL means before the greeting.
 * Always reaps the child.  The error code is VIR_ERR_OPERATION_FAILED. */
void qemuProcessReportGone(qemuProcess *proc,
                           const char *cmd);

/* Wait up to @graceMs for the child to exit by itself, then kill it;
 * reap it in both cases and remove the temporary directory.  Idempotent. */
void qemuProcessStop(qemuProcess *proc,
                     int graceMs);

/* Kill and reap at once. */
void qemuProcessKill(qemuProcess *proc);

/* The last line the child wrote to standard output/error ("" if none). */
const char *qemuProcessGetLastOutput(qemuProcess *proc);

const char *qemuProcessGetBinary(qemuProcess *proc);

/* The child's pid; it stays available after the child is reaped (tests
 * check that it no longer exists). */
pid_t qemuProcessGetPid(qemuProcess *proc);

/* Whether the child has been reaped. */
bool qemuProcessIsReaped(qemuProcess *proc);

void qemuProcessFree(qemuProcess *proc);    /* kills and reaps if needed */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuProcess, qemuProcessFree);
