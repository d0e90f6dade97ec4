/*
 * qemu_process.h: a QEMU process started for probing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The process is a direct child of ours (never -daemonize), started with
 *
 *   -S -no-user-config -nodefaults -nographic -machine none,accel=ACCEL
 *   -chardev socket,id=qmp,fd=3,server=off -mon chardev=qmp,mode=control
 *
 * where descriptor 3 is one end of a socket pair whose other end we keep:
 * QMP needs no socket file and no temporary directory.  Standard input is
 * /dev/null, standard output and error go to a pipe whose last lines are
 * kept for error messages; no other descriptor of ours is inherited.
 *
 * Nothing that QEMU starts outlives us:
 *
 * - QEMU itself gets SIGKILL when the thread that started it ends, however
 *   it ends (PR_SET_PDEATHSIG, set before execve(); a parent that died
 *   before that is noticed and the child exits).  Start it from a thread
 *   that lives as long as the process (hostrec has only one).
 * - QEMU is PID 1 of a PID namespace of its own when the system allows it
 *   (root, or unprivileged user namespaces): when QEMU dies, however it
 *   dies, the kernel kills every process it started.
 * - Otherwise QEMU leads a process group of its own, and every way out of
 *   this module kills the group before reaping QEMU, and so does
 *   qemuProcessKillAll() (the tool calls it on SIGTERM, SIGINT and
 *   SIGHUP): QEMU's children are killed unless they left the group or we
 *   were killed by SIGKILL.
 *
 * Every way out of this module reaps the child: qemuProcessStop() waits a
 * little for it to exit and then kills it; qemuProcessFree() kills it at
 * once if it still runs.
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

/* The connected QMP socket (non-blocking), owned by @proc. */
int qemuProcessGetSocket(qemuProcess *proc);

/* Wait until @fd is ready for @events (POLLIN/POLLOUT), collecting the
 * child's output meanwhile.  Returns 1 when ready or when the child has
 * exited (it is then reaped and its process group killed: the caller's
 * next read or write tells what became of the socket), 0 on timeout, -1
 * with an error on a poll failure. */
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
 * kill what is left of its process group and reap it in both cases.
 * Idempotent. */
void qemuProcessStop(qemuProcess *proc,
                     int graceMs);

/* Kill (with its process group) and reap at once. */
void qemuProcessKill(qemuProcess *proc);

/* The last line the child wrote to standard output/error ("" if none). */
const char *qemuProcessGetLastOutput(qemuProcess *proc);

const char *qemuProcessGetBinary(qemuProcess *proc);

/* The child's pid; it stays available after the child is reaped (tests
 * check that it no longer exists). */
pid_t qemuProcessGetPid(qemuProcess *proc);

/* Whether the child has been reaped. */
bool qemuProcessIsReaped(qemuProcess *proc);

/* Kill every QEMU started by this process and not yet reaped, with its
 * process group, and reap it.  Async-signal-safe: for a handler of a
 * fatal signal (SIGTERM, SIGINT, SIGHUP), which then lets the signal end
 * the process.  Nothing else may use these processes afterwards. */
void qemuProcessKillAll(void);

/* Whether qemuProcessStart() may put QEMU in a PID namespace (the
 * default) or must leave it in ours, as on a system that does not allow
 * one.  For tests of the process-group path. */
void qemuProcessSetPIDNamespace(bool allow);

void qemuProcessFree(qemuProcess *proc);    /* kills and reaps if needed */
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuProcess, qemuProcessFree);
