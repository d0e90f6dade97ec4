/*
 * qemu_process.c: a QEMU process started for probing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "qemu_process.h"
#include "virerror.h"
#include "virfile.h"

/* How much of the child's output is kept for messages. */
#define QEMU_PROCESS_OUTPUT_KEEP 4096

/* the line QEMU prints for server=on,wait=on before a client connects */
#define QEMU_PROCESS_WAIT_MESSAGE "QEMU waiting for connection on:"

struct _qemuProcess {
    char *binary;             /* as given, for messages */
    char *tmpdir;
    char *sockpath;
    pid_t pid;
    bool reaped;
    bool killed;              /* we sent SIGKILL */
    int status;               /* waitpid() status once reaped */
    int outfd;                /* read end of the output pipe, or -1 */
    int sockfd;
    GString *output;          /* the tail of the child's output */
    char *lastLine;
};


static void
qemuProcessChildSetup(gpointer opaque G_GNUC_UNUSED)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
}


/* Read whatever the child wrote, keeping the tail.  Closes the pipe on
 * EOF. */
static void
qemuProcessDrainOutput(qemuProcess *proc)
{
    char buf[4096];

    while (proc->outfd >= 0) {
        ssize_t got = read(proc->outfd, buf, sizeof(buf));

        if (got < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
        }
        if (got <= 0) {
            close(proc->outfd);
            proc->outfd = -1;
            return;
        }
        g_string_append_len(proc->output, buf, got);
        if (proc->output->len > 2 * QEMU_PROCESS_OUTPUT_KEEP)
            g_string_erase(proc->output, 0,
                           proc->output->len - QEMU_PROCESS_OUTPUT_KEEP);
    }
}


static bool
qemuProcessTryReap(qemuProcess *proc)
{
    int status;
    pid_t got;

    if (proc->reaped)
        return true;

    do {
        got = waitpid(proc->pid, &status, WNOHANG);
    } while (got < 0 && errno == EINTR);

    if (got == proc->pid || (got < 0 && errno == ECHILD)) {
        proc->reaped = true;
        proc->status = got == proc->pid ? status : 0;
        return true;
    }
    return false;
}


void
qemuProcessKill(qemuProcess *proc)
{
    int status;
    pid_t got;

    if (proc->reaped || qemuProcessTryReap(proc))
        return;

    kill(proc->pid, SIGKILL);
    proc->killed = true;
    do {
        got = waitpid(proc->pid, &status, 0);
    } while (got < 0 && errno == EINTR);
    proc->reaped = true;
    proc->status = got == proc->pid ? status : 0;
}


static void
qemuProcessCleanup(qemuProcess *proc)
{
    if (proc->sockfd >= 0) {
        close(proc->sockfd);
        proc->sockfd = -1;
    }
    qemuProcessDrainOutput(proc);
    if (proc->outfd >= 0) {
        close(proc->outfd);
        proc->outfd = -1;
    }
    if (proc->tmpdir) {
        virFileRemoveTempDir(proc->tmpdir);
        g_clear_pointer(&proc->tmpdir, g_free);
    }
}


void
qemuProcessStop(qemuProcess *proc,
                int graceMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)graceMs * 1000;

    while (!qemuProcessTryReap(proc)) {
        gint64 now = g_get_monotonic_time();

        if (now >= deadline) {
            qemuProcessKill(proc);
            break;
        }
        /* the pipe reports EOF when the child exits; otherwise wait a
         * millisecond at a time */
        if (proc->outfd >= 0) {
            struct pollfd pfd = { .fd = proc->outfd, .events = POLLIN };

            if (poll(&pfd, 1, 1) > 0)
                qemuProcessDrainOutput(proc);
        } else {
            g_usleep(1000);
        }
    }

    qemuProcessCleanup(proc);
}


void
qemuProcessFree(qemuProcess *proc)
{
    if (!proc)
        return;

    qemuProcessKill(proc);
    qemuProcessCleanup(proc);
    g_free(proc->binary);
    g_free(proc->sockpath);
    g_free(proc->lastLine);
    if (proc->output)
        g_string_free(proc->output, TRUE);
    g_free(proc);
}


static char *
qemuProcessFindBinary(const char *binary)
{
    struct stat sb;

    if (!strchr(binary, '/')) {
        char *path = g_find_program_in_path(binary);

        if (!path)
            virReportError(VIR_ERR_INVALID_ARG,
                           _("cannot find the QEMU binary '%s' in PATH"), binary);
        return path;
    }

    if (stat(binary, &sb) < 0) {
        virReportSystemError(errno, _("cannot run the QEMU binary '%s'"), binary);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("the QEMU binary '%s' is not a regular file"), binary);
        return NULL;
    }
    if (access(binary, X_OK) < 0) {
        virReportSystemError(errno, _("cannot run the QEMU binary '%s'"), binary);
        return NULL;
    }
    return g_strdup(binary);
}


/* QEMU option values escape a comma by doubling it. */
static char *
qemuProcessEscapeComma(const char *str)
{
    g_auto(GStrv) parts = g_strsplit(str, ",", -1);

    return g_strjoinv(",,", parts);
}


qemuProcess *
qemuProcessStart(const char *binary,
                 const char *accel)
{
    g_autoptr(qemuProcess) proc = g_new0(qemuProcess, 1);
    g_autoptr(GError) gerr = NULL;
    g_autofree char *path = NULL;
    g_autofree char *machine = NULL;
    g_autofree char *qmp = NULL;
    g_autofree char *escaped = NULL;
    int pipefd[2];
    const char *argv[] = {
        NULL, "-S", "-no-user-config", "-nodefaults", "-nographic",
        "-machine", NULL, "-qmp", NULL, NULL,
    };
    struct sockaddr_un sa;
    bool ok;

    proc->binary = g_strdup(binary);
    proc->outfd = -1;
    proc->sockfd = -1;
    proc->pid = -1;
    proc->reaped = true;      /* nothing to reap yet */
    proc->output = g_string_new(NULL);

    if (!(path = qemuProcessFindBinary(binary)))
        return NULL;

    if (!(proc->tmpdir = virFileMakeTempDir("hostrec-qmp-XXXXXX")))
        return NULL;
    proc->sockpath = g_build_filename(proc->tmpdir, "qmp.sock", NULL);
    if (strlen(proc->sockpath) >= sizeof(sa.sun_path)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("the socket path '%s' is too long for a UNIX socket"),
                       proc->sockpath);
        return NULL;
    }

    escaped = qemuProcessEscapeComma(proc->sockpath);
    machine = g_strdup_printf("none,accel=%s", accel);
    /* wait=on: QEMU accepts our connection synchronously while it creates
     * the chardev, before the QMP monitor exists.  With wait=off about one
     * probe in a thousand hung under load: QEMU 7.2's main thread sat in
     * accept() on the listening socket although our connection had been
     * accepted already, so QMP never answered.  Most likely two watches on
     * the listener (main loop and the monitor's I/O thread) woke for the
     * one connection; we have not traced that in QEMU's source. */
    qmp = g_strdup_printf("unix:%s,server=on,wait=on", escaped);
    argv[0] = path;
    argv[6] = machine;
    argv[8] = qmp;

    if (!g_unix_open_pipe(pipefd, FD_CLOEXEC, &gerr)) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot create a pipe for QEMU '%s': %s"),
                       binary, gerr->message);
        return NULL;
    }
    proc->outfd = pipefd[0];

    ok = g_spawn_async_with_pipes_and_fds(NULL, argv, NULL,
                                          G_SPAWN_DO_NOT_REAP_CHILD |
                                          G_SPAWN_STDIN_FROM_DEV_NULL,
                                          qemuProcessChildSetup, NULL,
                                          -1, pipefd[1], pipefd[1],
                                          NULL, NULL, 0,
                                          &proc->pid, NULL, NULL, NULL,
                                          &gerr);
    close(pipefd[1]);
    if (!ok) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot start QEMU '%s': %s"), binary, gerr->message);
        return NULL;
    }
    proc->reaped = false;

    if (!g_unix_set_fd_nonblocking(proc->outfd, TRUE, NULL)) {
        virReportSystemError(errno, _("cannot read the output of QEMU '%s'"), binary);
        return NULL;
    }

    return g_steal_pointer(&proc);
}


int
qemuProcessPoll(qemuProcess *proc,
                int fd,
                short events,
                gint64 deadline)
{
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = fd, .events = events },
            { .fd = proc->outfd, .events = POLLIN },
        };
        gint64 now = g_get_monotonic_time();
        int timeoutMs;
        int rc;

        if (now >= deadline)
            return 0;
        timeoutMs = (int)MIN((deadline - now + 999) / 1000, G_MAXINT);

        rc = poll(pfd, proc->outfd >= 0 ? 2 : 1, timeoutMs);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, _("cannot wait for QEMU '%s'"),
                                 proc->binary);
            return -1;
        }
        if (proc->outfd >= 0 && pfd[1].revents)
            qemuProcessDrainOutput(proc);
        if (pfd[0].revents)
            return 1;
    }
}


int
qemuProcessConnect(qemuProcess *proc,
                   gint64 deadline)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    g_strlcpy(sa.sun_path, proc->sockpath, sizeof(sa.sun_path));

    for (;;) {
        int fd;

        if (qemuProcessTryReap(proc)) {
            qemuProcessReportGone(proc, NULL);
            return -1;
        }

        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            virReportSystemError(errno, _("cannot create a socket for QEMU '%s'"),
                                 proc->binary);
            qemuProcessKill(proc);
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            proc->sockfd = fd;
            return fd;
        }
        if (errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN &&
            errno != EINTR) {
            virReportSystemError(errno, _("cannot connect to the QMP socket of QEMU '%s'"),
                                 proc->binary);
            close(fd);
            qemuProcessKill(proc);
            return -1;
        }
        close(fd);

        if (g_get_monotonic_time() >= deadline) {
            qemuProcessKill(proc);
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           _("QEMU '%s' did not open its QMP socket in time"),
                           proc->binary);
            return -1;
        }

        /* the socket appears some milliseconds after the start: wait on
         * the output pipe, which also wakes us when the child dies */
        if (proc->outfd >= 0) {
            struct pollfd pfd = { .fd = proc->outfd, .events = POLLIN };

            if (poll(&pfd, 1, 1) > 0)
                qemuProcessDrainOutput(proc);
        } else {
            g_usleep(1000);
        }
    }
}


const char *
qemuProcessGetLastOutput(qemuProcess *proc)
{
    g_auto(GStrv) lines = NULL;
    size_t i;

    qemuProcessDrainOutput(proc);

    g_clear_pointer(&proc->lastLine, g_free);
    lines = g_strsplit(proc->output->str, "\n", -1);
    for (i = g_strv_length(lines); i-- > 0 && !proc->lastLine;) {
        g_strstrip(lines[i]);
        /* what wait=on prints before we connect says nothing about a
         * failure */
        if (*lines[i] && !g_str_has_prefix(lines[i], QEMU_PROCESS_WAIT_MESSAGE))
            proc->lastLine = g_strdup(lines[i]);
    }
    if (!proc->lastLine)
        proc->lastLine = g_strdup("");
    return proc->lastLine;
}


void
qemuProcessReportGone(qemuProcess *proc,
                      const char *cmd)
{
    const char *out;
    const char *sep;

    /* after closing its socket a QEMU that is exiting is gone within
     * milliseconds; give it a moment to leave its status and output */
    qemuProcessStop(proc, 1000);
    out = qemuProcessGetLastOutput(proc);
    sep = *out ? ": " : "";

    if (proc->killed) {
        if (cmd)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' closed its QMP connection before answering '%s'%s%s"),
                           proc->binary, cmd, sep, out);
        else
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' closed its QMP connection before sending its greeting%s%s"),
                           proc->binary, sep, out);
    } else if (WIFSIGNALED(proc->status)) {
        if (cmd)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' was killed by signal %d before answering '%s'%s%s"),
                           proc->binary, WTERMSIG(proc->status), cmd, sep, out);
        else
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' was killed by signal %d before answering%s%s"),
                           proc->binary, WTERMSIG(proc->status), sep, out);
    } else {
        if (cmd)
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' exited with status %d before answering '%s'%s%s"),
                           proc->binary, WEXITSTATUS(proc->status), cmd, sep, out);
        else
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("QEMU '%s' exited with status %d before answering%s%s"),
                           proc->binary, WEXITSTATUS(proc->status), sep, out);
    }
}


const char *
qemuProcessGetBinary(qemuProcess *proc)
{
    return proc->binary;
}


pid_t
qemuProcessGetPid(qemuProcess *proc)
{
    return proc->pid;
}


bool
qemuProcessIsReaped(qemuProcess *proc)
{
    return proc->reaped;
}
