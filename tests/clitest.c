/*
 * clitest.c: the hostrec tool as a user runs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One row per case: the arguments, the exit status, and golden files
 * clidata/NAME.out (stdout) and clidata/NAME.err (stderr).  The tool runs
 * with tests/ as its working directory, so file names in the output are
 * relative and the golden files hold no path of the build machine.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "testutils.h"

typedef struct {
    const char *name;
    const char *args;       /* split like a shell would */
    int status;             /* expected exit status */
    const char *stdinFile;  /* file fed on standard input, or NULL */
} cliTestCase;

static const cliTestCase cases[] = {
    { .name = "version", .args = "--version", .status = 0 },
    { .name = "help", .args = "--help", .status = 0 },
    { .name = "no-command", .args = "", .status = 1 },
    { .name = "unknown-command", .args = "frobnicate", .status = 1 },
    { .name = "validate-help", .args = "validate --help", .status = 0 },
    { .name = "validate-missing-arg", .args = "validate", .status = 1 },
    { .name = "validate-extra-arg", .args = "validate a.xml b.xml", .status = 1 },
    { .name = "validate-unknown-option", .args = "validate --frob a.xml", .status = 1 },
    { .name = "validate-example", .args = "validate ../examples/host-recommended.xml", .status = 0 },
    { .name = "validate-host-recommended",
      .args = "validate qemuxmlconfdata/cpu-host-recommended.xml", .status = 0 },
    { .name = "validate-stdin", .args = "validate -", .status = 0,
      .stdinFile = "qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "validate-no-such-file", .args = "validate clidata/does-not-exist.xml", .status = 1 },
    { .name = "validate-directory", .args = "validate clidata", .status = 1 },
    { .name = "validate-malformed", .args = "validate clidata/malformed.xml", .status = 1 },
    { .name = "validate-schema", .args = "validate clidata/schema-violation.xml", .status = 1 },
    { .name = "validate-rule", .args = "validate clidata/host-recommended-model.xml", .status = 1 },
    { .name = "validate-entity", .args = "validate clidata/entity-bomb.xml", .status = 1 },
};

static const char *
cliTool(void)
{
    const char *tool = g_getenv("HOSTREC");

    return tool ? tool : "hostrec";
}

static int
cliTestRun(const void *opaque)
{
    const cliTestCase *tc = opaque;
    g_auto(GStrv) argv = NULL;
    g_auto(GStrv) args = NULL;
    g_autoptr(GPtrArray) full = g_ptr_array_new();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *outPath = virTestDataPath("clidata/%s.out", tc->name);
    g_autofree char *errPath = virTestDataPath("clidata/%s.err", tc->name);
    g_autofree char *cmdline = NULL;
    g_autoptr(GError) gerr = NULL;
    g_auto(GStrv) wrapArgv = NULL;
    const char *wrapper = g_getenv("HOSTREC_WRAPPER");
    int wait = 0;
    int status;
    size_t i;

    /* HOSTREC_WRAPPER (e.g. a valgrind command line) runs the tool */
    if (wrapper && *wrapper) {
        if (!g_shell_parse_argv(wrapper, NULL, &wrapArgv, &gerr)) {
            virTestDiag("bad HOSTREC_WRAPPER: %s", gerr->message);
            return -1;
        }
        for (i = 0; wrapArgv[i]; i++)
            g_ptr_array_add(full, wrapArgv[i]);
    }
    g_ptr_array_add(full, (char *)cliTool());
    if (*tc->args) {
        if (!g_shell_parse_argv(tc->args, NULL, &args, &gerr)) {
            virTestDiag("bad args: %s", gerr->message);
            return -1;
        }
        for (i = 0; args[i]; i++) {
            g_autofree char *path = virTestDataPath("%s", args[i]);

            /* inputs are read by the tool: count them as used */
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
                virTestMarkUsed(path);
            g_ptr_array_add(full, args[i]);
        }
    }
    g_ptr_array_add(full, NULL);

    if (tc->stdinFile) {
        g_autofree char *in = virTestDataPath("%s", tc->stdinFile);
        g_autofree char *quoted = g_shell_quote(in);
        g_autofree char *toolq = g_shell_quote(cliTool());
        virTestMarkUsed(in);
        cmdline = g_strdup_printf("exec %s %s %s < %s", wrapper ? wrapper : "",
                                  toolq, tc->args, quoted);
        argv = g_new0(char *, 4);
        argv[0] = g_strdup("/bin/sh");
        argv[1] = g_strdup("-c");
        argv[2] = g_strdup(cmdline);
    } else {
        argv = g_strdupv((char **)full->pdata);
    }

    if (!g_spawn_sync(virTestSrcDir(), argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      &out, &err, &wait, &gerr)) {
        virTestDiag("cannot run %s: %s", cliTool(), gerr->message);
        return -1;
    }

    if (WIFEXITED(wait)) {
        status = WEXITSTATUS(wait);
    } else {
        virTestDiag("the tool was killed by signal %d", WTERMSIG(wait));
        return -1;
    }

    if (status != tc->status) {
        virTestDiag("exit status %d, expected %d; stderr: %s", status, tc->status, err);
        return -1;
    }

    /* A failure is exactly one line on stderr and nothing on stdout. */
    if (status != 0 && tc->status != 0) {
        const char *nl = strchr(err, '\n');
        if (*out || !nl || nl[1] != '\0') {
            virTestDiag("a failure must print one line on stderr and nothing on stdout");
            return -1;
        }
    }

    if (virTestCompareToFile(out, outPath) < 0 ||
        virTestCompareToFile(err, errPath) < 0)
        return -1;

    return 0;
}

int
main(void)
{
    g_autofree char *dir = virTestDataPath("clidata");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, cliTestRun, &cases[i]);

    virTestCheckUnusedFiles(dir, NULL);
    return virTestMain();
}
