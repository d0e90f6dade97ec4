/*
 * qemu_process.c: a QEMU process started for probing
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>
#ifdef __linux__
# include <sched.h>
# include <sys/prctl.h>
# ifndef CLONE_PIDFD
#  define CLONE_PIDFD 0x00001000    /* Linux 5.2 */
# endif
#endif

#include "qemu_process.h"
#include "qemu_host.h"
#include "virerror.h"

/* How much of the child's output is kept for messages. */
#define QEMU_PROCESS_OUTPUT_KEEP 4096

/* The descriptor number of the QMP socket in QEMU. */
#define QEMU_PROCESS_QMP_FD 3

/* The stack the child runs on between clone() and execve(). */
#define QEMU_PROCESS_CHILD_STACK (256 * 1024)

struct _qemuProcess {
    char *binary;             /* as given, for messages */
    pid_t pid;                /* also QEMU's process group */
    bool reaped;
    bool killed;              /* we sent SIGKILL */
    bool pidns;               /* QEMU is PID 1 of a PID namespace of its own */
    int status;               /* waitpid() status once reaped */
    int outfd;                /* read end of the output pipe, or -1 */
    int sockfd;               /* our end of the QMP socket pair, or -1 */
    int pidfd;                /* readable when the child exits, or -1 */
    GString *output;          /* the tail of the child's output */
    char *lastLine;
};


/* The QEMU processes started and not yet reaped, for qemuProcessKillAll()
 * in a signal handler: a slot holds a pid or 0.  Written with signals
 * blocked or before the pid can be reaped, read by the handler. */
#define QEMU_PROCESS_MAX_LIVE 16
static volatile sig_atomic_t qemuProcessLive[QEMU_PROCESS_MAX_LIVE];


/* Called with every signal blocked. */
static void
qemuProcessLiveAdd(pid_t pid)
{
    size_t i;

    for (i = 0; i < QEMU_PROCESS_MAX_LIVE; i++) {
        if (qemuProcessLive[i] == 0) {
            qemuProcessLive[i] = pid;
            return;
        }
    }
    /* more than 16 at once: the namespace or the death signal still
     * takes care of this one */
}


/* Called with every signal blocked, before @pid is reaped, so that the
 * handler never kills a pid that has been reused. */
static void
qemuProcessLiveRemove(pid_t pid)
{
    size_t i;

    for (i = 0; i < QEMU_PROCESS_MAX_LIVE; i++) {
        if (qemuProcessLive[i] == pid)
            qemuProcessLive[i] = 0;
    }
}


void
qemuProcessKillAll(void)
{
    int saved = errno;
    size_t i;

    for (i = 0; i < QEMU_PROCESS_MAX_LIVE; i++) {
        pid_t pid = qemuProcessLive[i];

        if (pid <= 0)
            continue;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        qemuProcessLive[i] = 0;
    }
    errno = saved;
}


/* Whether QEMU may get a PID namespace: see qemuProcessSetPIDNamespace(). */
static bool qemuProcessUsePIDNamespace = true;


void
qemuProcessSetPIDNamespace(bool allow)
{
    qemuProcessUsePIDNamespace = allow;
}


/* What the child needs between clone() and execve(); all of it is
 * prepared by the parent, so that the child only makes system calls. */
typedef struct {
    const char *path;
    char **argv;
    sigset_t mask;            /* the parent's signal mask, for QEMU */
    int nullfd;               /* /dev/null: standard input */
    int outfd;                /* write end of the output pipe */
    int sockfd;               /* QEMU's end of the socket pair */
    int parentSockfd;         /* our end: closed in the child */
    int errfd;                /* write end of the exec status pipe */
    int maxfd;                /* close_range() fallback */
} qemuProcessChildData;


/* Report @err to the parent through the exec status pipe and exit. */
static G_NORETURN void
qemuProcessChildFail(int errfd,
                     int err)
{
    ssize_t ignored G_GNUC_UNUSED = write(errfd, &err, sizeof(err));

    _exit(127);
}


/* Close every descriptor from @from on except @keep. */
static void
qemuProcessChildCloseFrom(int from,
                          int keep,
                          int maxfd)
{
    int fd;

#if defined(__linux__) && defined(SYS_close_range)
    if (keep > from && syscall(SYS_close_range, from, keep - 1, 0) < 0)
        goto fallback;
    if (syscall(SYS_close_range, MAX(from, keep + 1), ~0U, 0) < 0)
        goto fallback;
    return;

 fallback:
#endif
    for (fd = from; fd < maxfd; fd++) {
        if (fd != keep)
            close(fd);
    }
}


/* The child, from clone() to execve().  Only async-signal-safe calls: the
 * parent may have other threads, and its memory is a copy. */
static int
qemuProcessChildMain(void *opaque)
{
    qemuProcessChildData *data = opaque;
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    int errfd;
    int nullfd;
    int outfd;
    int sockfd;
    int sig;

    if ((errfd = fcntl(data->errfd, F_DUPFD_CLOEXEC, 4)) < 0)
        _exit(127);

#ifdef __linux__
    /* Die with the thread that started us.  If the parent died before
     * this call, no signal will come: its end of the socket pair is then
     * closed (a process's descriptors are closed before its children are
     * reparented), so look. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
        qemuProcessChildFail(errfd, errno);
#endif
    close(data->parentSockfd);
    {
        struct pollfd pfd = { .fd = data->sockfd, .events = POLLIN };

        if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR)))
            _exit(127);
    }

    /* a process group of our own, so that QEMU's children can be killed
     * with it (the parent sets it too, to win the race with a kill) */
    if (setpgid(0, 0) < 0)
        qemuProcessChildFail(errfd, errno);

    /* standard input, output, error and the QMP socket as 0-3: move them
     * out of the way first, as any of them may be one of 0-3 */
    if ((nullfd = fcntl(data->nullfd, F_DUPFD, 4)) < 0 ||
        (outfd = fcntl(data->outfd, F_DUPFD, 4)) < 0 ||
        (sockfd = fcntl(data->sockfd, F_DUPFD, 4)) < 0 ||
        dup2(nullfd, STDIN_FILENO) < 0 ||
        dup2(outfd, STDOUT_FILENO) < 0 ||
        dup2(outfd, STDERR_FILENO) < 0 ||
        dup2(sockfd, QEMU_PROCESS_QMP_FD) < 0)
        qemuProcessChildFail(errfd, errno);
    qemuProcessChildCloseFrom(QEMU_PROCESS_QMP_FD + 1, errfd, data->maxfd);

    /* QEMU starts with default signal dispositions and the mask the
     * parent had (the parent blocked everything around clone()) */
    for (sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, NULL);
    }
    sigprocmask(SIG_SETMASK, &data->mask, NULL);

    execv(data->path, data->argv);
    qemuProcessChildFail(errfd, errno);
}


/* Start the child: in a PID namespace of its own when the system allows
 * it, else as a plain child.  *@pidfd is a pidfd of the child where the
 * kernel gives one with clone() (CLONE_PIDFD, Linux 5.2), else -1.
 * Returns its pid, or -1 with errno set. */
static pid_t
qemuProcessClone(qemuProcessChildData *data,
                 bool *pidns,
                 int *pidfd)
{
    pid_t pid;
#ifdef __linux__
    g_autofree char *stack = g_malloc(QEMU_PROCESS_CHILD_STACK);
    char *top = stack + QEMU_PROCESS_CHILD_STACK;
    /* root: a PID namespace; others: a user namespace may allow one;
     * else none */
    static const int nsflags[] = {
        CLONE_NEWPID,
        CLONE_NEWUSER | CLONE_NEWPID,
        0,
    };
    int pidfdflag = CLONE_PIDFD;
    size_t i;

    *pidfd = -1;
    for (i = 0; i < G_N_ELEMENTS(nsflags); i++) {
        if (nsflags[i] && !qemuProcessUsePIDNamespace)
            continue;
        pid = clone(qemuProcessChildMain, top, nsflags[i] | pidfdflag | SIGCHLD,
                    data, pidfd);
        if (pid < 0 && errno == EINVAL && pidfdflag) {
            /* a kernel without CLONE_PIDFD */
            pidfdflag = 0;
            pid = clone(qemuProcessChildMain, top, nsflags[i] | SIGCHLD, data);
        }
        if (pid >= 0) {
            *pidns = nsflags[i] != 0;
            if (!pidfdflag)
                *pidfd = -1;
            return pid;
        }
        /* EPERM: not allowed; EINVAL, ENOSPC, EUSERS: not available */
        if (errno != EPERM && errno != EINVAL && errno != ENOSPC &&
            errno != EUSERS)
            return -1;
    }
    return -1;
#else
    *pidns = false;
    *pidfd = -1;
    if ((pid = fork()) == 0)
        qemuProcessChildMain(data);
    return pid;
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


/* Kill what is left of QEMU's process group: the children it started
 * that are still in it.  Only while QEMU is not yet reaped (running or a
 * zombie): then the group's number cannot belong to anyone else. */
static void
qemuProcessKillGroup(qemuProcess *proc)
{
    if (!proc->reaped && proc->pid > 0)
        kill(-proc->pid, SIGKILL);
}


/* Reap the child (@flags: 0 or WNOHANG), taking it out of the table of
 * qemuProcessKillAll() first.  Signals are blocked meanwhile, so that a
 * fatal one is handled either before (the handler reaps it) or after
 * (there is nothing left to reap): never with the child out of the table
 * but not yet reaped.  Returns whether it was reaped. */
static bool
qemuProcessReap(qemuProcess *proc,
                int flags)
{
    sigset_t all;
    sigset_t old;
    int status = 0;
    pid_t got;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    qemuProcessLiveRemove(proc->pid);
    do {
        got = waitpid(proc->pid, &status, flags);
    } while (got < 0 && errno == EINTR);
    if (got == proc->pid || (got < 0 && errno == ECHILD)) {
        proc->reaped = true;
        proc->status = got == proc->pid ? status : 0;
        if (proc->pidfd >= 0) {
            close(proc->pidfd);
            proc->pidfd = -1;
        }
    } else {
        qemuProcessLiveAdd(proc->pid);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return proc->reaped;
}


static bool
qemuProcessTryReap(qemuProcess *proc)
{
    siginfo_t info = { 0 };
    int rc;

    if (proc->reaped)
        return true;

    /* look without reaping, so that the group can be killed while its
     * number is still QEMU's */
    do {
        rc = waitid(P_PID, proc->pid, &info, WEXITED | WNOHANG | WNOWAIT);
    } while (rc < 0 && errno == EINTR);
    if (rc == 0 && info.si_pid != proc->pid)
        return false;
    qemuProcessKillGroup(proc);
    return qemuProcessReap(proc, WNOHANG);
}


void
qemuProcessKill(qemuProcess *proc)
{
    if (proc->reaped || qemuProcessTryReap(proc))
        return;

    qemuProcessKillGroup(proc);
    kill(proc->pid, SIGKILL);
    proc->killed = true;
    qemuProcessReap(proc, 0);
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
}


/* Wait until the child exits, writes output or @deadline passes. */
static void
qemuProcessWaitExit(qemuProcess *proc,
                    gint64 deadline)
{
    struct pollfd pfd[2];
    nfds_t n = 0;
    gint64 now = g_get_monotonic_time();
    int timeoutMs = (int)MIN((MAX(deadline - now, 0) + 999) / 1000, G_MAXINT);

    if (proc->pidfd >= 0)
        pfd[n++] = (struct pollfd) { .fd = proc->pidfd, .events = POLLIN };
    if (proc->outfd >= 0)
        pfd[n++] = (struct pollfd) { .fd = proc->outfd, .events = POLLIN };

    /* without a pidfd, the pipe's EOF may never come (a child of QEMU
     * may hold it): look again every millisecond */
    if (proc->pidfd < 0)
        timeoutMs = MIN(timeoutMs, 1);

    if (poll(pfd, n, timeoutMs) > 0)
        qemuProcessDrainOutput(proc);
}


void
qemuProcessStop(qemuProcess *proc,
                int graceMs)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)graceMs * 1000;

    while (!qemuProcessTryReap(proc)) {
        if (g_get_monotonic_time() >= deadline) {
            qemuProcessKill(proc);
            break;
        }
        qemuProcessWaitExit(proc, deadline);
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
    g_free(proc->lastLine);
    if (proc->output)
        g_string_free(proc->output, TRUE);
    g_free(proc);
}


static char *
qemuProcessFindBinary(const char *binary)
{
    struct stat sb;

    if (!strchr(binary, '/'))
        return qemuHostFindBinary(binary);

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



static void
qemuProcessCloseFDs(int *fds,
                    size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
        }
    }
}


/* Longer than 80 lines on purpose: the socket pair, the pidfd, the
 * clone() into a PID namespace (or a process group) and the child's steps
 * up to execve() must be read together, because the child may only make
 * system calls and every fd it keeps is decided here. */
qemuProcess *
qemuProcessStart(const char *binary,
                 const char *accel)
{
    g_autoptr(qemuProcess) proc = g_new0(qemuProcess, 1);
    g_autofree char *path = NULL;
    g_autofree char *machine = NULL;
    g_autofree char *chardev = NULL;
    char *argv[] = {
        NULL, (char *)"-S", (char *)"-no-user-config", (char *)"-nodefaults",
        (char *)"-nographic", (char *)"-machine", NULL,
        (char *)"-chardev", NULL, (char *)"-mon", (char *)"chardev=qmp,mode=control",
        NULL,
    };
    qemuProcessChildData data = { 0 };
    /* the child's ends: /dev/null, output, QMP socket, exec status */
    int childfds[4] = { -1, -1, -1, -1 };
    int pipefd[2];
    int sockfd[2];
    int errpipe[2] = { -1, -1 };
    struct rlimit rl;
    sigset_t all;
    int err = 0;
    ssize_t got;

    proc->binary = g_strdup(binary);
    proc->outfd = -1;
    proc->sockfd = -1;
    proc->pidfd = -1;
    proc->pid = -1;
    proc->reaped = true;      /* nothing to reap yet */
    proc->output = g_string_new(NULL);

    if (!(path = qemuProcessFindBinary(binary)))
        return NULL;

    machine = g_strdup_printf("none,accel=%s", accel);
    /* QMP on an already connected socket: no socket file, no temporary
     * directory, nothing to clean up if we are killed, and no race
     * between QEMU's listening and our connecting.  server=off with fd=
     * is QEMU's "connected socket" chardev (checked with QEMU 7.2). */
    chardev = g_strdup_printf("socket,id=qmp,fd=%d,server=off", QEMU_PROCESS_QMP_FD);
    argv[0] = path;
    argv[6] = machine;
    argv[8] = chardev;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockfd) < 0) {
        virReportSystemError(errno, _("cannot create a socket for QEMU '%s'"), binary);
        return NULL;
    }
    proc->sockfd = sockfd[0];
    childfds[2] = sockfd[1];

    if (!g_unix_open_pipe(pipefd, FD_CLOEXEC, NULL)) {
        virReportSystemError(errno, _("cannot create a pipe for QEMU '%s'"), binary);
        qemuProcessCloseFDs(childfds, G_N_ELEMENTS(childfds));
        return NULL;
    }
    proc->outfd = pipefd[0];
    childfds[1] = pipefd[1];

    if (!g_unix_open_pipe(errpipe, FD_CLOEXEC, NULL) ||
        (childfds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot start QEMU '%s'"), binary);
        qemuProcessCloseFDs(errpipe, G_N_ELEMENTS(errpipe));
        qemuProcessCloseFDs(childfds, G_N_ELEMENTS(childfds));
        return NULL;
    }
    childfds[3] = errpipe[1];

    data.path = path;
    data.argv = argv;
    data.nullfd = childfds[0];
    data.outfd = childfds[1];
    data.sockfd = childfds[2];
    data.errfd = childfds[3];
    data.parentSockfd = proc->sockfd;
    data.maxfd = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        data.maxfd = (int)MIN(rl.rlim_cur, 65536);

    /* no signal handler of ours may run in the child */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &data.mask);
    if ((proc->pid = qemuProcessClone(&data, &proc->pidns, &proc->pidfd)) < 0)
        err = errno;
    else
        qemuProcessLiveAdd(proc->pid);
    pthread_sigmask(SIG_SETMASK, &data.mask, NULL);
    qemuProcessCloseFDs(childfds, G_N_ELEMENTS(childfds));

    if (proc->pid < 0) {
        close(errpipe[0]);
        virReportSystemError(err, _("cannot start QEMU '%s'"), binary);
        return NULL;
    }
    proc->reaped = false;
    /* the child does this too; whichever comes first, a kill of the
     * group cannot miss it */
    setpgid(proc->pid, proc->pid);

    /* EOF when execve() succeeded; an errno when it did not */
    do {
        got = read(errpipe[0], &err, sizeof(err));
    } while (got < 0 && errno == EINTR);
    close(errpipe[0]);
    if (got == sizeof(err)) {
        qemuProcessKill(proc);
        virReportSystemError(err, _("cannot start QEMU '%s'"), binary);
        return NULL;
    }
    if (got < 0) {
        err = errno;
        qemuProcessKill(proc);
        virReportSystemError(err, _("cannot start QEMU '%s'"), binary);
        return NULL;
    }

    if (!g_unix_set_fd_nonblocking(proc->outfd, TRUE, NULL) ||
        !g_unix_set_fd_nonblocking(proc->sockfd, TRUE, NULL)) {
        virReportSystemError(errno, _("cannot talk to QEMU '%s'"), binary);
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
        struct pollfd pfd[3] = {
            { .fd = fd, .events = events },
            { .fd = proc->outfd, .events = POLLIN },
            { .fd = proc->pidfd, .events = POLLIN },
        };
        gint64 now = g_get_monotonic_time();
        int timeoutMs;
        int rc;

        if (now >= deadline)
            return 0;
        timeoutMs = (int)MIN((deadline - now + 999) / 1000, G_MAXINT);

        /* a negative fd is ignored by poll() */
        rc = poll(pfd, 3, timeoutMs);
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
        /* QEMU exited: kill what it left in its group, whose end of the
         * socket then closes, and let the caller read the EOF */
        if (pfd[2].fd >= 0 && pfd[2].revents && qemuProcessTryReap(proc))
            return 1;
    }
}


int
qemuProcessGetSocket(qemuProcess *proc)
{
    return proc->sockfd;
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
        if (*lines[i])
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
