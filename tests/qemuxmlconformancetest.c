/*
 * qemuxmlconformancetest.c: libvirt 11.3.0's s390x cases, every one of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Data-driven over ../shared/fixtures/libvirt-11.3.0/qemuxmlconfdata (see
 * the fixtures' README; skipped visibly when absent): every expected file
 * NAME.s390x-VARIANT.args or .err there is one case.  The input is
 * NAME.xml, the recording the one libvirt used for VARIANT:
 *
 *   latest, latest.abi-update  qemucapabilitiesdata/caps_10.0.0_s390x.replies
 *   9.1.0                      qemucapabilitiesdata/caps_9.1.0_s390x.replies
 *   8.2.0                      ../qemu-replies/caps_8.2.0_s390x.cpu.replies
 *
 * A .args case passes when 'hostrec domxml-to-native' gives exactly
 * libvirt's -cpu argument, and, for a domain without <cpu> whose expected
 * XML (NAME.s390x-VARIANT.xml) shows the custom CPU libvirt chose for it,
 * when 'hostrec domxml-expand' writes exactly that <cpu> element.  (Where
 * libvirt chose host-model, its XML keeps the unexpanded definition and
 * hostrec writes the expanded one by design: the -cpu comparison covers
 * it.  Where the domain has a <cpu>, libvirt's XML also fills in defaults,
 * e.g. check='partial', which hostrec leaves as written.)
 *
 * Every case hostrec does not handle as libvirt does is listed in
 * exceptions[] with its reason; a .err case (libvirt fails) must be
 * listed, since only the table can say whether the failure is about the
 * CPU.  A listed case that is not in the fixtures fails, so the table
 * cannot go stale.  Nothing is skipped silently.
 *
 * Then a few cases that check this rules on libvirt's recordings:
 * host-recommended's dependents (it must start where libvirt's
 * deprecated_features='off' guest starts) and the modelled libvirt
 * (--default-cpu-deprecated-features against the newer libvirt's own
 * expectation).
 */

#include "internal.h"

#include <string.h>
#include <unistd.h>

#include "testutils.h"

typedef enum {
    /* libvirt writes a -cpu; hostrec refuses the input, with @detail in
     * its message, because the domain uses something hostrec does not
     * model and would otherwise lose (or, for <numa>, keeps in the XML
     * but builds no command line for) */
    TEST_EXCEPT_REFUSED = 0,
    /* libvirt fails for a reason that is not about the CPU (@detail);
     * hostrec does not model it: reported as a visible SKIP */
    TEST_EXCEPT_NOT_MODELLED,
    /* libvirt fails because of the CPU: hostrec must fail too, with
     * @detail in its message (its wording names the QEMU binary and
     * version, so the texts differ) */
    TEST_EXCEPT_CPU_ERROR,
} testExceptKind;

typedef struct _testException testException;
struct _testException {
    const char *file;           /* NAME.s390x-VARIANT.EXT */
    testExceptKind kind;
    const char *detail;
};

static const testException exceptions[] = {
    { "memory-hotplug-virtio-mem-ccw-s390x.s390x-latest.args", TEST_EXCEPT_REFUSED,
      "hostrec builds no QEMU command line for a CPU with <numa>" },
    { "memory-hotplug-virtio-mem-pci-s390x.s390x-latest.args", TEST_EXCEPT_REFUSED,
      "hostrec builds no QEMU command line for a CPU with <numa>" },
    { "cpu-model-deprecated-features-off.s390x-8.2.0.err", TEST_EXCEPT_CPU_ERROR,
      "does not report deprecated CPU features; deprecated_features='off' needs a QEMU that does" },
    { "hostdev-subsys-mdev-vfio-ap-boot-fail.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "boot order on a vfio-ap mediated device (hostrec does not model <hostdev>)" },
    { "hostdev-subsys-mdev-vfio-ccw-duplicate-address.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "duplicate CCW device address (hostrec does not model device addresses)" },
    { "hostdev-subsys-mdev-vfio-ccw-invalid-address.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "PCI address on a vfio-ccw device (hostrec does not model device addresses)" },
    { "hostdev-vfio-zpci-duplicate.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "duplicate zPCI uid (hostrec does not model zPCI addresses)" },
    { "hostdev-vfio-zpci-invalid-uid-valid-fid.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "invalid zPCI uid (hostrec does not model zPCI addresses)" },
    { "hostdev-vfio-zpci-set-zero.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "zPCI uid 0 (hostrec does not model zPCI addresses)" },
    { "hostdev-vfio-zpci-uid-set-zero.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "zPCI uid 0 (hostrec does not model zPCI addresses)" },
    { "non-x86_64-timer-error.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "a 'tsc' timer on s390x (hostrec does not model <clock> timers)" },
    { "s390-no-parallel.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "a parallel port on s390x (hostrec does not model character devices)" },
    { "s390-panic-address.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "an address on the s390 panic device (hostrec does not model <panic>)" },
    { "s390x-ccw-acpi.s390x-latest.abi-update.err", TEST_EXCEPT_NOT_MODELLED,
      "ACPI on an s390-ccw-virtio machine (hostrec does not model <features>)" },
    { "vhost-user-fs-ccw-bootindex.s390x-latest.err", TEST_EXCEPT_NOT_MODELLED,
      "boot order on a CCW virtiofs device (hostrec does not model <filesystem>)" },
};

typedef struct _testCase testCase;
struct _testCase {
    char *file;                 /* NAME.s390x-VARIANT.EXT */
    char *name;
    char *variant;
    bool isErr;
    const testException *except;
};

static void
testCaseFree(void *opaque)
{
    testCase *tc = opaque;

    g_free(tc->file);
    g_free(tc->name);
    g_free(tc->variant);
    g_free(tc);
}

static size_t testCompared;
static size_t testMatched;
static size_t testXMLMatched;

static char *
testConfDir(void)
{
    return g_build_filename(virTestFixturesDir(), "libvirt-11.3.0",
                            "qemuxmlconfdata", NULL);
}

/* The recording libvirt 11.3 used for @variant, or NULL. */
static char *
testRecordingFor(const char *variant)
{
    const char *fixtures = virTestFixturesDir();

    if (STREQ(variant, "latest") || STREQ(variant, "latest.abi-update"))
        return g_build_filename(fixtures, "libvirt-11.3.0", "qemucapabilitiesdata",
                                "caps_10.0.0_s390x.replies", NULL);
    if (STREQ(variant, "9.1.0"))
        return g_build_filename(fixtures, "libvirt-11.3.0", "qemucapabilitiesdata",
                                "caps_9.1.0_s390x.replies", NULL);
    if (STREQ(variant, "8.2.0"))
        return g_build_filename(fixtures, "qemu-replies",
                                "caps_8.2.0_s390x.cpu.replies", NULL);
    return NULL;
}

/* The value of "-cpu X" in @text (one line or libvirt's backslash-continued
 * .args), or NULL. */
static char *
testExtractCPU(const char *text)
{
    const char *p = strstr(text, "-cpu ");

    if (!p)
        return NULL;
    p += strlen("-cpu ");
    return g_strndup(p, strcspn(p, " \n"));
}

/* Whether the -cpu of the command line @out is the one of libvirt's
 * expected .args file @argsPath; 0 or -1 with a diagnostic. */
static int
testCompareCPUArg(const char *argsPath,
                  const char *out)
{
    g_autofree char *expected = NULL;
    g_autofree char *expectedCPU = NULL;
    g_autofree char *actualCPU = NULL;

    if (!(expected = virTestLoadFile(argsPath)))
        return -1;
    if (!(expectedCPU = testExtractCPU(expected))) {
        virTestDiag("libvirt's '%s' has no -cpu", argsPath);
        return -1;
    }
    actualCPU = testExtractCPU(out);
    return virTestCompareStrings(expectedCPU, actualCPU ? actualCPU : "", "-cpu");
}


/* The "<cpu ...>...</cpu>" (or "<cpu .../>") element of @xml, or NULL. */
static char *
testExtractCPUElement(const char *xml)
{
    const char *start = strstr(xml, "<cpu ");
    const char *end;
    const char *selfClose;

    if (!start)
        return NULL;
    selfClose = strstr(start, "/>");
    end = strstr(start, "</cpu>");
    if (selfClose && (!end || selfClose < strchr(start, '>') + 1))
        return g_strndup(start, selfClose + 2 - start);
    if (!end)
        return NULL;
    return g_strndup(start, end + strlen("</cpu>") - start);
}

/* Run the tool on @argsIn with an optional global option first. */
static int
testRun(const char *global,
        const char * const *argsIn,
        char **out,
        char **err)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    size_t i;

    if (global)
        g_ptr_array_add(args, (gpointer)global);
    for (i = 0; argsIn[i]; i++)
        g_ptr_array_add(args, (gpointer)argsIn[i]);
    g_ptr_array_add(args, NULL);
    return virTestRunTool(NULL, (const char * const *)args->pdata, out, err);
}

static int
testCaseRun(const void *opaque)
{
    const testCase *tc = opaque;
    g_autofree char *dir = testConfDir();
    g_autofree char *inputName = g_strdup_printf("%s.xml", tc->name);
    g_autofree char *input = g_build_filename(dir, inputName, NULL);
    g_autofree char *expectedPath = g_build_filename(dir, tc->file, NULL);
    g_autofree char *replies = testRecordingFor(tc->variant);
    g_autofree char *inputXML = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *xmlName = NULL;
    g_autofree char *xmlPath = NULL;
    const char *native[] = { "domxml-to-native", "qemu-argv", input,
                             "--replay", replies, NULL };
    const char *expand[] = { "domxml-expand", input, "--replay", replies, NULL };
    int rc;

    if (!replies) {
        virTestDiag("no recording is known for variant '%s': add it to testRecordingFor()",
                    tc->variant);
        return -1;
    }
    if (tc->isErr && !tc->except) {
        virTestDiag("libvirt fails on '%s': list it in exceptions[] with the reason",
                    tc->file);
        return -1;
    }

    rc = testRun(NULL, native, &out, &err);

    if (tc->except) {
        switch (tc->except->kind) {
        case TEST_EXCEPT_REFUSED:
        case TEST_EXCEPT_CPU_ERROR:
            if (rc != 1 || !strstr(err, tc->except->detail)) {
                virTestDiag("expected a failure saying '%s', got status %d: %s",
                            tc->except->detail, rc, err);
                return -1;
            }
            return 0;
        case TEST_EXCEPT_NOT_MODELLED:
            /* handled by the caller (a SKIP) */
            break;
        }
        virTestDiag("unexpected exception kind %d", tc->except->kind);
        return -1;
    }

    testCompared++;
    if (rc != 0) {
        virTestDiag("exit status %d: %s", rc, err);
        return -1;
    }
    if (testCompareCPUArg(expectedPath, out) < 0 ||
        !(inputXML = virTestLoadFile(input)))
        return -1;
    testMatched++;

    /* The CPU libvirt chose for a domain without one, as its XML shows it */
    if (strstr(inputXML, "<cpu"))
        return 0;
    xmlName = g_strdup_printf("%.*s.xml", (int)(strlen(tc->file) - strlen(".args")),
                              tc->file);
    xmlPath = g_build_filename(dir, xmlName, NULL);
    if (g_file_test(xmlPath, G_FILE_TEST_EXISTS)) {
        g_autofree char *xml = virTestLoadFile(xmlPath);
        g_autofree char *want = xml ? testExtractCPUElement(xml) : NULL;
        g_autofree char *got = NULL;

        if (want && strstr(want, "mode='custom'")) {
            g_clear_pointer(&out, g_free);
            g_clear_pointer(&err, g_free);
            if ((rc = testRun(NULL, expand, &out, &err)) != 0) {
                virTestDiag("domxml-expand: exit status %d: %s", rc, err);
                return -1;
            }
            got = testExtractCPUElement(out);
            if (virTestCompareStrings(want, got ? got : "", "<cpu> of the live XML") < 0)
                return -1;
            testXMLMatched++;
        }
    }
    return 0;
}

/* ---- The rules on libvirt's recordings --------------------------- */

/* Write @text into a new temporary directory as domain.xml. */
static char *
testWriteTemp(const char *text,
              char **tmpdir)
{
    g_autoptr(GError) gerr = NULL;
    g_autofree char *path = NULL;

    if (!(*tmpdir = g_dir_make_tmp("hostrec-conform-XXXXXX", &gerr))) {
        virTestDiag("cannot make a temporary directory: %s", gerr->message);
        return NULL;
    }
    path = g_build_filename(*tmpdir, "domain.xml", NULL);
    if (!g_file_set_contents(path, text, -1, &gerr)) {
        virTestDiag("cannot write '%s': %s", path, gerr->message);
        return NULL;
    }
    return g_steal_pointer(&path);
}

static void
testRemoveTemp(const char *path,
               const char *tmpdir)
{
    if (path)
        unlink(path);
    if (tmpdir)
        rmdir(tmpdir);
}

/* Run "hostrec CMD... FILE --replay @replies" on @text written to a
 * temporary FILE, removed afterwards.  Returns the exit status, or -1
 * when the file could not be written. */
static int
testRunOnText(const char *text,
              const char * const *cmd,
              const char *replies,
              char **out,
              char **err)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autofree char *tmpdir = NULL;
    g_autofree char *input = NULL;
    int rc;

    if (!text || !(input = testWriteTemp(text, &tmpdir))) {
        testRemoveTemp(input, tmpdir);
        return -1;
    }
    for (; *cmd; cmd++)
        g_ptr_array_add(args, (gpointer)*cmd);
    g_ptr_array_add(args, input);
    g_ptr_array_add(args, (gpointer)"--replay");
    g_ptr_array_add(args, (gpointer)replies);
    g_ptr_array_add(args, NULL);
    rc = testRun(NULL, (const char * const *)args->pdata, out, err);
    testRemoveTemp(input, tmpdir);
    return rc;
}

/* libvirt's cpu-model-deprecated-features-off input, as host-recommended */
static char *
testHostRecommendedInput(void)
{
    g_autofree char *dir = testConfDir();
    g_autofree char *path = g_build_filename(dir, "cpu-model-deprecated-features-off.xml",
                                             NULL);
    g_autofree char *xml = virTestLoadFile(path);
    const char *from = "mode='host-model' check='partial' deprecated_features='off'";
    g_auto(GStrv) parts = NULL;

    if (!xml)
        return NULL;
    parts = g_strsplit(xml, from, -1);
    if (g_strv_length(parts) != 2) {
        virTestDiag("'%s' no longer has one %s", path, from);
        return NULL;
    }
    return g_strjoinv("mode='host-recommended'", parts);
}

/* On QEMU 10.0.0 the static host expansion has no ineff_nc_tx: host-
 * recommended names no dependent there and equals libvirt's
 * deprecated_features='off' line exactly. */
static int
testHostRecommendedNoMissingDependent(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testConfDir();
    g_autofree char *argsPath = g_build_filename(dir,
                                                 "cpu-model-deprecated-features-off.s390x-latest.args",
                                                 NULL);
    g_autofree char *replies = testRecordingFor("latest");
    g_autofree char *text = testHostRecommendedInput();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *native[] = { "domxml-to-native", "qemu-argv", NULL };
    int rc;

    if ((rc = testRunOnText(text, native, replies, &out, &err)) != 0) {
        virTestDiag("exit status %d: %s", rc, err);
        return -1;
    }
    return testCompareCPUArg(argsPath, out);
}

/* The guest domxml-expand makes of it on QEMU 10.0.0 starts on QEMU
 * 9.1.0, which does not know ineff_nc_tx, as libvirt's does. */
static int
testHostRecommendedStartsOnOlder(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *replies = testRecordingFor("latest");
    g_autofree char *older = testRecordingFor("9.1.0");
    g_autofree char *text = testHostRecommendedInput();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;
    const char *expand[] = { "domxml-expand", NULL };
    const char *native[] = { "domxml-to-native", "qemu-argv", NULL };
    int rc;

    if ((rc = testRunOnText(text, expand, replies, &out, &err)) != 0) {
        virTestDiag("domxml-expand: exit status %d: %s", rc, err);
        return -1;
    }
    if ((rc = testRunOnText(out, native, older, &out2, &err2)) != 0) {
        virTestDiag("QEMU 9.1.0 refuses the expanded guest: %s", err2);
        return -1;
    }
    if (strstr(out2, "ineff_nc_tx")) {
        virTestDiag("the guest names ineff_nc_tx: %s", out2);
        return -1;
    }
    return 0;
}

/* The modelled libvirt, against the newer libvirt's own expectation
 * (../qemuxmlconfdata, recorded at a commit after libvirt 11.6): its
 * host-model without deprecated_features is 'off' by default. */
typedef struct _testModelled testModelled;
struct _testModelled {
    const char *title;
    const char *global;         /* the global option */
    const char *expected;       /* fixtures/qemuxmlconfdata/EXPECTED */
};

static const testModelled modelled[] = {
    { "libvirt >= 11.6 (off): plain host-model = its cpu-model-deprecated-features-none line",
      "--default-cpu-deprecated-features=off",
      "cpu-model-deprecated-features-none.s390x-latest.args" },
    { "libvirt <= 11.5 (on): plain host-model = the deprecated_features='on' line",
      "--default-cpu-deprecated-features=on",
      "cpu-model-deprecated-features-on.s390x-latest.args" },
};

static int
testModelledRun(const void *opaque)
{
    const testModelled *tc = opaque;
    const char *fixtures = virTestFixturesDir();
    g_autofree char *input = g_build_filename(fixtures, "qemuxmlconfdata",
                                              "cpu-model-deprecated-features-none.xml",
                                              NULL);
    g_autofree char *replies = g_build_filename(fixtures, "qemu-replies",
                                                "caps_11.1.0_s390x.cpu.replies", NULL);
    g_autofree char *argsPath = g_build_filename(fixtures, "qemuxmlconfdata",
                                                 tc->expected, NULL);
    const char *native[] = { "domxml-to-native", "qemu-argv", input,
                             "--replay", replies, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int rc;

    if ((rc = testRun(tc->global, native, &out, &err)) != 0) {
        virTestDiag("exit status %d: %s", rc, err);
        return -1;
    }
    if (*err) {
        virTestDiag("unexpected stderr with the option given: %s", err);
        return -1;
    }
    return testCompareCPUArg(argsPath, out);
}

/* ---- main -------------------------------------------------------------- */

static int
testCompareCasePtr(const void *a,
                   const void *b)
{
    const testCase *x = *(testCase * const *)a;
    const testCase *y = *(testCase * const *)b;

    return strcmp(x->file, y->file);
}

/* Every expected file NAME.s390x-VARIANT.{args,err} of @dir, sorted. */
static GPtrArray *
testCollectCases(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    GPtrArray *cases = g_ptr_array_new_with_free_func(testCaseFree);
    const char *ent;

    while (d && (ent = g_dir_read_name(d))) {
        const char *infix = strstr(ent, ".s390x-");
        const char *ext = strrchr(ent, '.');
        testCase *tc;
        size_t i;

        if (!infix || !ext || (STRNEQ(ext, ".args") && STRNEQ(ext, ".err")))
            continue;

        tc = g_new0(testCase, 1);
        tc->file = g_strdup(ent);
        tc->name = g_strndup(ent, infix - ent);
        infix += strlen(".s390x-");
        tc->variant = g_strndup(infix, ext - infix);
        tc->isErr = STREQ(ext, ".err");
        for (i = 0; i < G_N_ELEMENTS(exceptions); i++) {
            if (STREQ(exceptions[i].file, ent))
                tc->except = &exceptions[i];
        }
        g_ptr_array_add(cases, tc);
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
    g_autofree char *dir = NULL;
    g_autoptr(GPtrArray) cases = NULL;
    size_t notModelled = 0;
    size_t excepted = 0;
    size_t i;

    if (!g_getenv("HOSTREC")) {
        virTestSkip("libvirt 11.3 conformance", "HOSTREC is not set: run through meson test");
        return virTestMain();
    }
    if (!virTestFixturesDir()) {
        virTestSkip("libvirt 11.3 conformance", "../shared/fixtures is absent");
        return virTestMain();
    }

    dir = testConfDir();
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        virTestSkip("libvirt 11.3 conformance",
                    "../shared/fixtures has no libvirt-11.3.0/qemuxmlconfdata");
        return virTestMain();
    }

    cases = testCollectCases(dir);
    for (i = 0; i < cases->len; i++) {
        const testCase *tc = g_ptr_array_index(cases, i);
        g_autofree char *title = g_strdup_printf("libvirt 11.3 %s", tc->file);

        if (tc->except && tc->except->kind == TEST_EXCEPT_NOT_MODELLED) {
            g_autofree char *reason = g_strdup_printf("libvirt fails on %s",
                                                      tc->except->detail);

            virTestSkip(title, reason);
            notModelled++;
            continue;
        }
        if (tc->except)
            excepted++;
        virTestRun(title, testCaseRun, tc);
    }
    virTestRun("every listed exception is one of libvirt's cases",
               testExceptionsUsed, cases);

    virTestDiag("libvirt 11.3 s390x cases: %u; -cpu compared %zu, equal to libvirt's %zu "
                "(of which, for a domain without <cpu>, libvirt's custom <cpu> too: %zu); listed exceptions "
                "checked %zu; not modelled (skipped, listed) %zu",
                cases->len, testCompared, testMatched, testXMLMatched,
                excepted, notModelled);

    virTestRun("host-recommended on QEMU 10.0.0 = libvirt's deprecated_features='off' -cpu",
               testHostRecommendedNoMissingDependent, NULL);
    virTestRun("host-recommended expanded on QEMU 10.0.0 starts on QEMU 9.1.0",
               testHostRecommendedStartsOnOlder, NULL);
    for (i = 0; i < G_N_ELEMENTS(modelled); i++)
        virTestRun(modelled[i].title, testModelledRun, &modelled[i]);

    return virTestMain();
}
