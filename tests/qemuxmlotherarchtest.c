/*
 * qemuxmlotherarchtest.c: libvirt 11.3.0's x86_64 and aarch64 -cpu, or a
 * refusal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Data-driven over the test data of the patched libvirt's sources
 * (libvirt/build.sh DIR lays them out in DIR/src beside the tree DIR/tree
 * that meson's -Dlibvirthr= or $HOSTREC_TEST_LIBVIRTHR names; skipped
 * visibly when either is absent): every expected file
 * tests/qemuxmlconfdata/NAME.ARCH-latest[VARIANT].args for ARCH x86_64
 * or aarch64 is one case.  The input is NAME.xml, the recording the one
 * libvirt's qemuxmlconftest used: the newest
 * tests/qemucapabilitiesdata/caps_VERSION_ARCH[+FLAVOUR].replies ("latest"
 * and "latest.abi-update": no flavour; "latest+amdsev": +amdsev).
 *
 * hostrec models other arches than s390x only in part, and its promise
 * there is refusal, never a silently different -cpu.  So each case
 * passes when 'hostrec domxml-to-native qemu-argv' either
 *
 *   - exits 0 with exactly libvirt's -cpu argument (none where libvirt
 *     writes none), or
 *   - refuses: a non-zero exit, nothing on standard output and one
 *     "error: " line, or
 *   - the case is in exceptions[] with the reason its -cpu differs.
 *
 * A listed case that is not in the data, or no longer differs, fails, so
 * the table cannot go stale.  libvirt's own failures (.err) are not cases
 * here: hostrec's refusals of s390x domains are checked against them by
 * qemuxmlconformancetest.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "testutils.h"

typedef struct _testException testException;
struct _testException {
    const char *file;           /* NAME.ARCH-VARIANT.args */
    const char *reason;         /* why hostrec's -cpu differs */
};

/* Cases whose -cpu differs from libvirt's, each with its reason.  Empty:
 * every case gives libvirt's -cpu or is refused. */
static const testException exceptions[] = {
    { NULL, NULL },
};

static const char * const testArches[] = { "x86_64", "aarch64" };

typedef struct _testCase testCase;
struct _testCase {
    char *file;                 /* NAME.ARCH-VARIANT.args */
    char *input;                /* NAME.xml, path */
    char *expected;             /* the .args, path */
    char *replies;              /* the recording, path; NULL when none */
    char *recording;            /* its file name, for messages */
    const testException *except;
};

static void
testCaseFree(void *opaque)
{
    testCase *tc = opaque;

    g_free(tc->file);
    g_free(tc->input);
    g_free(tc->expected);
    g_free(tc->replies);
    g_free(tc->recording);
    g_free(tc);
}

static size_t testEqual;
static size_t testRefused;
static size_t testExcepted;

/* The value of the "-cpu" argument of @text (hostrec's one line or
 * libvirt's backslash-continued .args), or NULL when there is none. */
static char *
testExtractCPU(const char *text)
{
    const char *p;

    for (p = strstr(text, "-cpu "); p; p = strstr(p + 1, "-cpu ")) {
        if (p == text || p[-1] == ' ' || p[-1] == '\n') {
            p += strlen("-cpu ");
            return g_strndup(p, strcspn(p, " \n"));
        }
    }
    return NULL;
}

/* A refusal as the tool gives it: nothing on standard output and one
 * "error: " line on standard error (after any warnings). */
static int
testCheckRefusal(const char *out,
                 const char *err)
{
    g_auto(GStrv) lines = g_strsplit(err, "\n", -1);
    size_t errors = 0;
    size_t i;

    if (*out) {
        virTestDiag("hostrec failed but wrote to standard output: %s", out);
        return -1;
    }
    for (i = 0; lines[i]; i++) {
        if (!*lines[i] && !lines[i + 1])
            break;              /* the final newline */
        if (g_str_has_prefix(lines[i], "error: ")) {
            errors++;
        } else if (!g_str_has_prefix(lines[i], "warning: ")) {
            virTestDiag("hostrec's refusal has a line that is neither an error nor a warning: '%s'",
                        lines[i]);
            return -1;
        }
    }
    if (errors != 1) {
        virTestDiag("hostrec's refusal has %zu error lines, not one: %s", errors, err);
        return -1;
    }
    return 0;
}

static int
testCaseRun(const void *opaque)
{
    const testCase *tc = opaque;
    const char *native[] = { "domxml-to-native", "qemu-argv", tc->input,
                             "--replay", tc->replies, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *expectedCPU = NULL;
    g_autofree char *actualCPU = NULL;
    int rc;

    if (!tc->replies) {
        virTestDiag("no recording %s in libvirt's qemucapabilitiesdata", tc->recording);
        return -1;
    }
    if (!g_file_test(tc->input, G_FILE_TEST_IS_REGULAR)) {
        virTestDiag("libvirt's data has no input '%s'", tc->input);
        return -1;
    }

    rc = virTestRunTool(NULL, native, &out, &err);
    if (rc < 0)
        return -1;
    if (rc != 0) {
        if (testCheckRefusal(out, err) < 0)
            return -1;
        if (tc->except) {
            virTestDiag("hostrec refuses it now: remove it from exceptions[] (%s)", err);
            return -1;
        }
        testRefused++;
        return 0;
    }

    if (!(expected = virTestLoadFile(tc->expected)))
        return -1;
    expectedCPU = testExtractCPU(expected);
    actualCPU = testExtractCPU(out);

    if (g_strcmp0(expectedCPU, actualCPU) == 0) {
        if (tc->except) {
            virTestDiag("hostrec's -cpu is libvirt's now: remove it from exceptions[]");
            return -1;
        }
        testEqual++;
        return 0;
    }
    if (tc->except) {
        virTestDiag("listed: %s", tc->except->reason);
        testExcepted++;
        return 0;
    }
    virTestDiag("with %s: a -cpu that differs silently from libvirt's", tc->recording);
    return virTestCompareStrings(expectedCPU ? expectedCPU : "(no -cpu)",
                                 actualCPU ? actualCPU : "(no -cpu)", "-cpu");
}

/* ---- the recordings ------------------------------------------------------ */

/* The version of "caps_VERSION_@suffix" in @name, as three numbers, or
 * false when @name is not such a file. */
static bool
testParseRecording(const char *name,
                   const char *suffix,
                   unsigned int version[3])
{
    g_autofree char *tail = g_strdup_printf("_%s", suffix);
    g_autofree char *ver = NULL;
    char extra;

    if (!g_str_has_prefix(name, "caps_") || !g_str_has_suffix(name, tail) ||
        strlen(name) <= strlen("caps_") + strlen(tail))
        return false;
    ver = g_strndup(name + strlen("caps_"),
                    strlen(name) - strlen("caps_") - strlen(tail));
    return sscanf(ver, "%u.%u.%u%c", &version[0], &version[1], &version[2],
                  &extra) == 3;
}

/* <0, 0, >0 as version @a is older than, the same as, newer than @b */
static int
testCompareVersions(const unsigned int a[3],
                    const unsigned int b[3])
{
    size_t i;

    for (i = 0; i < 3; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

/* The file name of the newest recording caps_VERSION_@arch@flavour.replies
 * in @capsDir, as libvirt's tests take for "latest", or NULL. */
static char *
testLatestRecording(const char *capsDir,
                    const char *arch,
                    const char *flavour)
{
    g_autoptr(GDir) d = g_dir_open(capsDir, 0, NULL);
    g_autofree char *suffix = g_strdup_printf("%s%s.replies", arch, flavour);
    g_autofree char *best = NULL;
    unsigned int bestVersion[3] = { 0 };
    const char *ent;

    while (d && (ent = g_dir_read_name(d))) {
        unsigned int version[3];

        if (!testParseRecording(ent, suffix, version))
            continue;
        if (best && testCompareVersions(version, bestVersion) <= 0)
            continue;
        g_free(best);
        best = g_strdup(ent);
        memcpy(bestVersion, version, sizeof(version));
    }
    return g_steal_pointer(&best);
}

/* ---- main -------------------------------------------------------------- */

static const GPtrArray *testCases;

/* A data directory that lost an arch would otherwise pass with no case. */
static int
testHasArch(const void *opaque)
{
    g_autofree char *infix = g_strdup_printf(".%s-latest", (const char *)opaque);
    size_t i;

    for (i = 0; i < testCases->len; i++) {
        const testCase *tc = g_ptr_array_index(testCases, i);

        if (strstr(tc->file, infix))
            return 0;
    }
    virTestDiag("no NAME%s.args in libvirt's qemuxmlconfdata", infix);
    return -1;
}

static int
testCompareCasePtr(const void *a,
                   const void *b)
{
    const testCase *x = *(testCase * const *)a;
    const testCase *y = *(testCase * const *)b;

    return strcmp(x->file, y->file);
}

/* Every NAME.ARCH-latest[VARIANT].args of @confDir for the arches of
 * testArches[], sorted. */
static GPtrArray *
testCollectCases(const char *confDir,
                 const char *capsDir)
{
    g_autoptr(GDir) d = g_dir_open(confDir, 0, NULL);
    GPtrArray *cases = g_ptr_array_new_with_free_func(testCaseFree);
    const char *ent;

    while (d && (ent = g_dir_read_name(d))) {
        size_t a;

        if (!g_str_has_suffix(ent, ".args"))
            continue;
        for (a = 0; a < G_N_ELEMENTS(testArches); a++) {
            g_autofree char *infix = g_strdup_printf(".%s-latest", testArches[a]);
            const char *at = strstr(ent, infix);
            g_autofree char *name = NULL;
            g_autofree char *variant = NULL;
            g_autofree char *flavour = NULL;
            g_autofree char *inputName = NULL;
            g_autofree char *recording = NULL;
            testCase *tc;
            size_t i;

            if (!at)
                continue;
            name = g_strndup(ent, at - ent);
            variant = g_strndup(at + strlen(infix),
                                strlen(at + strlen(infix)) - strlen(".args"));
            /* "", ".abi-update": no flavour; "+amdsev", "+hvf": that one */
            if (*variant == '+')
                flavour = g_strdup(variant);
            else if (!*variant || STREQ(variant, ".abi-update"))
                flavour = g_strdup("");
            else
                continue;

            tc = g_new0(testCase, 1);
            tc->file = g_strdup(ent);
            inputName = g_strdup_printf("%s.xml", name);
            tc->input = g_build_filename(confDir, inputName, NULL);
            tc->expected = g_build_filename(confDir, ent, NULL);
            recording = testLatestRecording(capsDir, testArches[a], flavour);
            if (recording)
                tc->replies = g_build_filename(capsDir, recording, NULL);
            tc->recording = recording ? g_steal_pointer(&recording)
                                      : g_strdup_printf("caps_*_%s%s.replies",
                                                        testArches[a], flavour);
            for (i = 0; i < G_N_ELEMENTS(exceptions); i++) {
                if (exceptions[i].file && STREQ(exceptions[i].file, ent))
                    tc->except = &exceptions[i];
            }
            g_ptr_array_add(cases, tc);
            break;
        }
    }
    g_ptr_array_sort(cases, testCompareCasePtr);
    return cases;
}

static int
testExceptionsUsed(const void *opaque)
{
    const GPtrArray *cases = opaque;
    size_t i;
    size_t j;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(exceptions); i++) {
        bool found = false;

        if (!exceptions[i].file)
            continue;
        for (j = 0; j < cases->len; j++) {
            const testCase *tc = g_ptr_array_index(cases, j);

            if (tc->except == &exceptions[i])
                found = true;
        }
        if (!found) {
            virTestDiag("exceptions[] lists '%s', which libvirt's data does not have",
                        exceptions[i].file);
            ret = -1;
        }
    }
    return ret;
}

int
main(void)
{
    const char *title = "libvirt 11.3 x86_64 and aarch64 -cpu";
    const char *tree = g_getenv("HOSTREC_TEST_LIBVIRTHR");
    g_autofree char *src = NULL;
    g_autofree char *confDir = NULL;
    g_autofree char *capsDir = NULL;
    g_autoptr(GPtrArray) cases = NULL;
    size_t i;

    if (!g_getenv("HOSTREC")) {
        virTestSkip(title, "HOSTREC is not set: run through meson test");
        return virTestMain();
    }
    if (!tree || !*tree) {
        virTestSkip(title,
                    "no patched libvirt tree (libvirt/build.sh DIR; meson -Dlibvirthr=DIR/tree)");
        return virTestMain();
    }

    src = g_path_get_dirname(tree);
    confDir = g_build_filename(src, "src", "tests", "qemuxmlconfdata", NULL);
    capsDir = g_build_filename(src, "src", "tests", "qemucapabilitiesdata", NULL);
    if (!g_file_test(confDir, G_FILE_TEST_IS_DIR) ||
        !g_file_test(capsDir, G_FILE_TEST_IS_DIR)) {
        g_autofree char *reason = g_strdup_printf("no libvirt sources with tests/qemuxmlconfdata and tests/qemucapabilitiesdata at '%s/src', beside the tree",
                                                  src);

        virTestSkip(title, reason);
        return virTestMain();
    }

    cases = testCollectCases(confDir, capsDir);
    testCases = cases;
    for (i = 0; i < cases->len; i++) {
        const testCase *tc = g_ptr_array_index(cases, i);
        g_autofree char *name = g_strdup_printf("libvirt 11.3 %s", tc->file);

        virTestRun(name, testCaseRun, tc);
    }
    virTestRun("every listed exception is one of libvirt's cases",
               testExceptionsUsed, cases);
    for (i = 0; i < G_N_ELEMENTS(testArches); i++) {
        g_autofree char *name = g_strdup_printf("libvirt's data has %s cases",
                                                testArches[i]);

        virTestRun(name, testHasArch, testArches[i]);
    }

    virTestDiag("libvirt 11.3 x86_64 and aarch64 -latest cases: %u compared; "
                "-cpu equal to libvirt's %zu, refused by hostrec %zu, listed exceptions %zu",
                cases->len, testEqual, testRefused, testExcepted);

    return virTestMain();
}
