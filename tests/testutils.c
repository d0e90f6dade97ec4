/*
 * testutils.c: the test drivers' shared helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutils.h"
#include "virerror.h"
#include "virfile.h"

static unsigned int testCount;
static unsigned int testFailed;
static GHashTable *usedFiles;

const char *
virTestSrcDir(void)
{
    const char *dir = g_getenv("HOSTREC_TEST_SRCDIR");

    return dir ? dir : TESTSRCDIR;
}

const char *
virTestFixturesDir(void)
{
    static char *dir;

    if (!dir) {
        const char *env = g_getenv("HOSTREC_TEST_FIXTURES");
        dir = env ? g_strdup(env)
                  : g_build_filename(virTestSrcDir(), "..", "..", "shared", "fixtures", NULL);
    }
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
        return NULL;
    return dir;
}

char *
virTestDataPath(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *rel = NULL;

    va_start(ap, fmt);
    rel = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    return g_build_filename(virTestSrcDir(), rel, NULL);
}

static char *
virTestCanonicalPath(const char *path)
{
    return g_canonicalize_filename(path, NULL);
}

void
virTestMarkUsed(const char *path)
{
    if (!usedFiles)
        usedFiles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add(usedFiles, virTestCanonicalPath(path));
}

void
virTestDiag(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    g_auto(GStrv) lines = NULL;
    size_t i;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    lines = g_strsplit(msg, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (lines[i][0] || lines[i + 1])
            printf("# %s\n", lines[i]);
    }
    fflush(stdout);
}

int
virTestRun(const char *name,
           int (*body)(const void *opaque),
           const void *opaque)
{
    int rc;

    virResetLastError();
    rc = body(opaque);
    testCount++;
    if (rc < 0) {
        testFailed++;
        printf("not ok %u - %s\n", testCount, name);
        if (virGetLastErrorCode() != VIR_ERR_OK)
            virTestDiag("library error: %s", virGetLastErrorMessage());
    } else {
        printf("ok %u - %s\n", testCount, name);
    }
    g_strfreev(virStealWarnings());
    virResetLastError();
    fflush(stdout);
    return rc;
}

int
virTestRunTodo(const char *name,
               int (*body)(const void *opaque),
               const void *opaque,
               const char *todo)
{
    int rc;

    if (!todo)
        return virTestRun(name, body, opaque);

    virResetLastError();
    rc = body(opaque);
    testCount++;
    /* TAP: a TODO case counts as an expected failure; "ok" for it is an
     * unexpected pass, which meson reports as a failure */
    printf("%s %u - %s # TODO %s\n", rc < 0 ? "not ok" : "ok",
           testCount, name, todo);
    g_strfreev(virStealWarnings());
    virResetLastError();
    fflush(stdout);
    return rc;
}

void
virTestSkip(const char *name,
            const char *reason)
{
    testCount++;
    printf("ok %u - %s # SKIP %s\n", testCount, name, reason);
    fflush(stdout);
}

bool
virTestRegenerating(void)
{
    const char *env = g_getenv("HOSTREC_TEST_REGENERATE_OUTPUT");

    return env && STREQ(env, "1");
}

int
virTestCompareStrings(const char *expected,
                      const char *actual,
                      const char *what)
{
    size_t line = 1;
    const char *e = expected;
    const char *a = actual;
    const char *eol;

    if (STREQ(expected, actual))
        return 0;

    while (*e && *a && *e == *a) {
        if (*e == '\n')
            line++;
        e++;
        a++;
    }
    /* back up to the start of the differing line */
    while (e > expected && e[-1] != '\n') {
        e--;
        a--;
    }

    virTestDiag("%s differs at line %zu:", what, line);
    eol = strchr(e, '\n');
    virTestDiag("- %.*s", eol ? (int)(eol - e) : (int)strlen(e), e);
    eol = strchr(a, '\n');
    virTestDiag("+ %.*s", eol ? (int)(eol - a) : (int)strlen(a), a);
    return -1;
}

char *
virTestLoadFile(const char *path)
{
    char *data = NULL;
    size_t len;

    virTestMarkUsed(path);
    if (virFileReadLimited(path, 256 * 1024 * 1024, &data, &len) < 0) {
        virTestDiag("%s", virGetLastErrorMessage());
        virResetLastError();
        return NULL;
    }
    return data;
}

int
virTestCompareToFile(const char *actual,
                     const char *path)
{
    g_autofree char *expected = NULL;

    virTestMarkUsed(path);

    if (virTestRegenerating()) {
        g_autoptr(GError) gerr = NULL;
        if (!g_file_set_contents(path, actual, -1, &gerr)) {
            virTestDiag("cannot write %s: %s", path, gerr->message);
            return -1;
        }
        return 0;
    }

    if (!(expected = virTestLoadFile(path)))
        return -1;

    return virTestCompareStrings(expected, actual, path);
}

void
virTestCheckUnusedFiles(const char *dir,
                        const char *suffix)
{
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) unused = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *base = NULL;
    const char *ent;
    size_t i;

    if (!(d = g_dir_open(dir, 0, NULL))) {
        testCount++;
        testFailed++;
        printf("not ok %u - data directory %s exists\n", testCount, dir);
        return;
    }

    while ((ent = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, ent, NULL);
        g_autofree char *canon = NULL;

        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            continue;
        if (g_str_has_prefix(ent, "README"))
            continue;
        if (suffix && !g_str_has_suffix(ent, suffix))
            continue;
        canon = virTestCanonicalPath(path);
        if (!usedFiles || !g_hash_table_contains(usedFiles, canon))
            g_ptr_array_add(unused, g_strdup(ent));
    }

    testCount++;
    base = g_path_get_basename(dir);
    if (unused->len == 0) {
        printf("ok %u - every data file in %s is used\n", testCount, base);
        return;
    }

    testFailed++;
    printf("not ok %u - every data file in %s is used\n", testCount, base);
    for (i = 0; i < unused->len; i++)
        virTestDiag("unused data file: %s", (char *)unused->pdata[i]);
}

typedef struct {
    int inFd;
    unsigned int killAfterSec;
} virTestToolChild;

static void
virTestToolChildSetup(gpointer opaque)
{
    const virTestToolChild *child = opaque;

    /* after fork: only async-signal-safe calls; the alarm survives exec */
    if (child->inFd >= 0 && dup2(child->inFd, STDIN_FILENO) < 0)
        _exit(127);
    if (child->killAfterSec > 0)
        alarm(child->killAfterSec);
}

int
virTestRunToolFull(const virTestToolRun *run,
                   char **out,
                   char **err)
{
    const char *tool = g_getenv("HOSTREC");
    const char *wrapper = g_getenv("HOSTREC_WRAPPER");
    g_auto(GStrv) wrapArgv = NULL;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) gerr = NULL;
    virTestToolChild child;
    int inFd = -1;
    int wait = 0;
    bool ok;
    size_t i;

    if (!tool) {
        virTestDiag("HOSTREC is not set");
        return -1;
    }
    if (wrapper && *wrapper) {
        if (!g_shell_parse_argv(wrapper, NULL, &wrapArgv, &gerr)) {
            virTestDiag("bad HOSTREC_WRAPPER: %s", gerr->message);
            return -1;
        }
        for (i = 0; wrapArgv[i]; i++)
            g_ptr_array_add(argv, wrapArgv[i]);
    }
    g_ptr_array_add(argv, (char *)tool);
    for (i = 0; run->args && run->args[i]; i++)
        g_ptr_array_add(argv, (char *)run->args[i]);
    g_ptr_array_add(argv, NULL);

    if (run->stdinPath &&
        (inFd = open(run->stdinPath, O_RDONLY | O_CLOEXEC)) < 0) {
        virTestDiag("cannot open %s: %s", run->stdinPath, g_strerror(errno));
        return -1;
    }

    child.inFd = inFd;
    child.killAfterSec = run->killAfterSec;
    ok = g_spawn_sync(run->cwd, (char **)argv->pdata, run->envp,
                      G_SPAWN_SEARCH_PATH,
                      virTestToolChildSetup, &child,
                      out, err, &wait, &gerr);
    if (inFd >= 0)
        close(inFd);
    if (!ok) {
        virTestDiag("cannot run %s: %s", tool, gerr->message);
        return -1;
    }
    if (!WIFEXITED(wait)) {
        if (run->killAfterSec > 0 && WTERMSIG(wait) == SIGALRM)
            virTestDiag("%s did not finish within %u seconds: it blocked",
                        tool, run->killAfterSec);
        else
            virTestDiag("%s was killed by signal %d", tool, WTERMSIG(wait));
        return -1;
    }
    return WEXITSTATUS(wait);
}

int
virTestRunTool(const char *cwd,
               const char * const *args,
               char **out,
               char **err)
{
    virTestToolRun run = { .cwd = cwd, .args = args };

    return virTestRunToolFull(&run, out, err);
}

bool
virTestSlow(void)
{
    const char *env = g_getenv("HOSTREC_TEST_SLOW");

    return env && STREQ(env, "1");
}

int
virTestGetSeed(guint32 slowSeed,
               guint32 *seed)
{
    const char *env = g_getenv("HOSTREC_TEST_SEED");
    guint64 value;
    g_autoptr(GError) gerr = NULL;

    if (!env) {
        *seed = virTestSlow() ? slowSeed : g_random_int();
        return 0;
    }
    if (!g_ascii_string_to_unsigned(env, 10, 0, G_MAXUINT32, &value, &gerr)) {
        virTestDiag("bad HOSTREC_TEST_SEED: %s", gerr->message);
        return -1;
    }
    *seed = value;
    return 0;
}

void
virTestSeedDiag(const char *test,
                guint32 seed)
{
    virTestDiag("seed %u; to draw this sample again: HOSTREC_TEST_SEED=%u meson test -C build%s %s",
                seed, seed, virTestSlow() ? " --suite slow" : "", test);
}

int
virTestMain(void)
{
    printf("1..%u\n", testCount);
    return testFailed ? 1 : 0;
}


char *
virTestCPURender(const virCPUDef *cpu)
{
    GString *s = g_string_new(cpu->model);
    size_t i;

    for (i = 0; i < cpu->nfeatures; i++)
        g_string_append_printf(s, " %s%s",
                               virCPUFeaturePolicyIsEnabled(cpu->features[i].policy) ? "" : "!",
                               cpu->features[i].name);
    return g_string_free(s, FALSE);
}
