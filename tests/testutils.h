/*
 * testutils.h: the test drivers' shared helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Drivers speak TAP (meson runs them with protocol: 'tap'), one line per
 * case, so every case and every SKIP is visible in the test log.
 *
 * Golden files: virTestCompareToFile() compares output with an expected
 * file; with HOSTREC_TEST_REGENERATE_OUTPUT=1 it rewrites the file instead
 * (review the diff like code).  Every data file a case reads or compares is
 * marked used; virTestCheckUnusedFiles() then fails the run on any file in
 * a data directory that no case used.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"

/* Path of the source tree's tests/ directory and of ../shared/fixtures
 * (NULL when absent: conformance cases skip visibly). */
const char *virTestSrcDir(void);
const char *virTestFixturesDir(void);

/* Build a path under tests/ (g_free the result). */
char *virTestDataPath(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Run one case: prints "ok N - NAME" or "not ok N - NAME" (with the
 * pending library error, if any, as a TAP comment).  @body returns 0 for
 * success and -1 for failure. */
int virTestRun(const char *name,
               int (*body)(const void *opaque),
               const void *opaque);

/* Run a case that is known to fail today, for the reason @todo (NULL:
 * as virTestRun()).  It prints "not ok N - NAME # TODO REASON", which TAP
 * counts as an expected failure; if the case passes, "ok ... # TODO",
 * which meson reports as an unexpected pass, i.e. a failure: a fix then
 * has to remove the known failure from its table visibly. */
int virTestRunTodo(const char *name,
                   int (*body)(const void *opaque),
                   const void *opaque,
                   const char *todo);

/* Report a case as skipped, with the reason. */
void virTestSkip(const char *name, const char *reason);

/* Print a diagnostic line ("# ...") */
void virTestDiag(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Compare @actual with the content of @path.  On a mismatch print a
 * unified-style first difference and return -1.  Regenerate mode writes
 * @actual to @path and returns 0.  Marks @path used. */
int virTestCompareToFile(const char *actual, const char *path);

/* Compare two strings; print the first difference on mismatch. */
int virTestCompareStrings(const char *expected,
                          const char *actual,
                          const char *what);

/* Read a file; marks it used.  Returns NULL (and prints why) on failure. */
char *virTestLoadFile(const char *path);

/* Whether the expected files are being regenerated. */
bool virTestRegenerating(void);

/* Note that a data file is used by some case. */
void virTestMarkUsed(const char *path);

/* Fail (one "not ok" line) if a regular file in @dir matching @suffix
 * (NULL for any) was not marked used.  Files named README* are exempt. */
void virTestCheckUnusedFiles(const char *dir, const char *suffix);

/* How to run the hostrec tool; zero fields mean the defaults. */
typedef struct {
    const char *cwd;            /* working directory; NULL: the current one */
    const char * const *args;   /* NULL-terminated arguments after the tool */
    char **envp;                /* environment; NULL: the test's own */
    const char *stdinPath;      /* file on standard input; NULL: /dev/null */
    /* > 0: the tool is killed (SIGALRM) after that many seconds, for cases
     * that could block forever if they broke (a FIFO as input): a bound on
     * failure, never part of what a passing run measures */
    unsigned int killAfterSec;
} virTestToolRun;

/* Run the hostrec tool ($HOSTREC, under $HOSTREC_WRAPPER when that is
 * set, e.g. a valgrind command line) as @run says.  Returns the exit
 * status, with *@out and *@err set to what it printed, or -1 (and a
 * diagnostic) when it could not run or was killed by a signal. */
int virTestRunToolFull(const virTestToolRun *run,
                       char **out,
                       char **err);

/* The common case: @args in directory @cwd, nothing else changed. */
int virTestRunTool(const char *cwd,
                   const char * const *args,
                   char **out,
                   char **err);

/* Randomized cases (random fleets, kills at random moments) draw a
 * sample.  A default run draws a small one from a new seed each time;
 * HOSTREC_TEST_SLOW=1, which meson's suite 'slow' sets, asks for the
 * full size, drawn from the case's fixed seed.  HOSTREC_TEST_SEED=N
 * draws the sample of seed N again, in either size. */
bool virTestSlow(void);

/* The seed of a sample: $HOSTREC_TEST_SEED when set, else @slowSeed in
 * a slow run, else a new one.  -1 (and a diagnostic) when
 * $HOSTREC_TEST_SEED is not a number. */
int virTestGetSeed(guint32 slowSeed,
                   guint32 *seed);

/* A diagnostic with the command that draws the sample of @seed again:
 * for the failure of a randomized case of the driver meson knows as
 * @test. */
void virTestSeedDiag(const char *test,
                     guint32 seed);

/* Print the TAP plan and return the exit status for main(). */
/* @cpu in one line for test messages: "MODEL feat !off ..." in its
 * feature order ('!' for a feature that is not enabled). */
char *virTestCPURender(const virCPUDef *cpu);

int virTestMain(void);
