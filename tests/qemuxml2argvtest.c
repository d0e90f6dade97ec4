/*
 * qemuxml2argvtest.c: domain XML -> QEMU command line and expanded XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Data-driven, as libvirt's qemuxmlconftest: a case is a NAME and a
 * recording VERSION.  It runs the built tool ($HOSTREC) on
 *
 *   qemuxmlconfdata/NAME.xml  with  --replay qemucapabilitiesdata/caps_VERSION_s390x.replies
 *
 * and compares
 *
 *   domxml-to-native qemu-argv  ->  NAME.s390x-VERSION.args
 *   domxml-expand               ->  NAME.s390x-VERSION.xml
 *
 * or, for a case that must fail, the message of domxml-to-native with
 * NAME.s390x-VERSION.err; a case whose command line hostrec does not
 * build (a CPU with <numa>) compares that refusal and the expanded XML.  HOSTREC_TEST_REGENERATE_OUTPUT=1 rewrites the
 * expected files.
 *
 * Conformance (../shared/fixtures, skipped visibly when absent): libvirt's
 * own inputs replayed on libvirt's recordings give libvirt's -cpu lines.
 *
 * Whether QEMU accepts the command lines built here is qemulivetest's
 * topic: it starts them on real QEMUs through src/qemu's process code.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "qemu_command.h"
#include "virerror.h"
#include "virqemu.h"
#include "virxml.h"


typedef enum {
    TEST_OK = 0,        /* .args and .xml */
    TEST_ERR,           /* .err */
    TEST_EXPAND_ONLY,   /* .err of domxml-to-native, .xml of domxml-expand */
} testExpect;

typedef struct _testCase testCase;
struct _testCase {
    const char *name;
    const char *version;
    testExpect expect;
    const char *arch;           /* of the recording; NULL: s390x */
    /* --default-cpu-deprecated-features VALUE before the command; then
     * the tool must print no warning.  NULL: not given. */
    const char *deprecatedDefault;
    /* a text domxml-to-native must print on stderr, or NULL */
    const char *warning;
};

/* VERSION names a recording of tests/qemucapabilitiesdata:
 * qemu_VERSION_ARCH_kvm.replies (a KVM session, then a TCG one) or
 * qemu_VERSION_ARCH_tcg.replies (Debian's QEMU 7.2, TCG only); ARCH is
 * s390x unless the case says otherwise, and is the infix of its expected
 * files (NAME.ARCH-VERSION.args). */
#define V_TCG "7.2.0"
#define V_Z16 "9.1.0-gen16a"
#define V_G17 "9.1.0-gen17like"
#define V_Q10 "10.0.0"                   /* Debian's QEMU 10.0.2 under TCG */

static const testCase cases[] = {
    { "expand-host-model", V_Z16, TEST_OK },
    { "expand-host-model", V_G17, TEST_OK },
    { "expand-host-model", V_TCG, TEST_ERR },          /* no KVM */
    /* which libvirt is modelled: 11.6 turns deprecated features off for
     * host-model by default, 11.5 and older keep them (hostrec's default,
     * with a warning); an explicit deprecated_features wins */
    { "expand-host-model-unset", V_Z16, TEST_OK,
      .warning = "libvirt 11.6 and newer turn them off by default" },
    { "expand-host-model-default-off", V_Z16, TEST_OK, .deprecatedDefault = "off" },
    { "expand-host-model-default-off", V_G17, TEST_OK, .deprecatedDefault = "off" },
    { "expand-host-model-default-on", V_Z16, TEST_OK, .deprecatedDefault = "on" },
    { "expand-host-model-default-off-explicit-on", V_G17, TEST_OK,
      .deprecatedDefault = "off" },
    { "expand-none-default-off", V_Z16, TEST_OK, .deprecatedDefault = "off" },
    { "expand-tcg-host-model-default-off", V_TCG, TEST_OK,      /* QEMU 7.2 says nothing */
      .deprecatedDefault = "off" },
    { "expand-host-recommended", V_Z16, TEST_OK },
    { "expand-host-recommended", V_G17, TEST_OK },
    { "expand-host-recommended-override", V_G17, TEST_OK },
    { "expand-host-model-deprecated-off", V_G17, TEST_OK },
    { "expand-host-model-deprecated-on", V_G17, TEST_OK },
    { "expand-custom", V_Z16, TEST_OK },
    { "expand-custom-unknown-model", V_Z16, TEST_ERR },
    { "expand-custom-unknown-feature", V_Z16, TEST_ERR },
    { "expand-custom-optional", V_Z16, TEST_ERR },
    { "expand-host-passthrough", V_Z16, TEST_OK },
    { "expand-maximum", V_Z16, TEST_OK },
    { "expand-none", V_Z16, TEST_OK },             /* host-model, as libvirt */
    { "expand-none", V_G17, TEST_OK },
    { "expand-none", V_TCG, TEST_ERR },             /* no KVM */
    { "expand-tcg-none", V_TCG, TEST_OK },          /* -cpu qemu, as libvirt */
    { "expand-tcg-none", V_G17, TEST_OK },
    { "expand-topology", V_Z16, TEST_OK },
    /* <numa>, <cache>, <maxphysaddr> kept through the expansion; no
     * command line for them */
    { "expand-numa", V_Z16, TEST_EXPAND_ONLY },
    { "expand-numa-custom", V_Z16, TEST_EXPAND_ONLY },
    /* a <cpu> without a model gets the machine's default CPU, as in
     * libvirt, with what it says kept */
    { "expand-numa-no-model", V_Z16, TEST_EXPAND_ONLY },
    { "expand-topology-no-model", V_Z16, TEST_OK },
    { "expand-tcg-host-model", V_TCG, TEST_OK },
    { "expand-tcg-host-model", V_G17, TEST_OK },
    { "expand-tcg-host-recommended", V_TCG, TEST_ERR },     /* QEMU 7.2 says nothing */
    { "expand-tcg-host-recommended", V_G17, TEST_OK },
    { "expand-tcg-host-passthrough", V_TCG, TEST_ERR },
    { "expand-tcg-custom", V_TCG, TEST_OK },
    { "expand-tcg-custom-usable", V_TCG, TEST_OK },
    { "expand-tcg-custom-unknown-model", V_TCG, TEST_ERR },
    /* a forbidden feature the host CPU (max under TCG) has: libvirt
     * refuses the guest unless check='none', the default of a custom CPU
     * under TCG */
    { "expand-tcg-custom-forbid", V_Q10, TEST_OK },
    { "expand-tcg-custom-forbid-check-partial", V_Q10, TEST_ERR },
    { "expand-tcg-host-model-forbid", V_Q10, TEST_ERR },
    /* libvirt's s390 driver refuses match='minimum' */
    { "expand-tcg-custom-match-minimum", V_Q10, TEST_ERR },
    /* deprecated_features on every mode but host-recommended, as libvirt
     * 11.3 takes it: 'off' turns the deprecated set off after the user's
     * features (te here), overriding them, with a warning; any value
     * needs a QEMU that reports deprecated features (not 7.2) */
    { "expand-tcg-custom-deprecated-off", V_Q10, TEST_OK,
      .warning = "CPU feature 'te' is deprecated by QEMU: deprecated_features='off' turns it off" },
    { "expand-tcg-custom-deprecated-on", V_Q10, TEST_OK },
    { "expand-tcg-custom-deprecated-on", V_TCG, TEST_ERR },
    { "expand-tcg-maximum-deprecated-off", V_Q10, TEST_OK,
      .warning = "CPU feature 'te' is deprecated by QEMU: deprecated_features='off' turns it off" },
    { "expand-tcg-host-model-deprecated-off", V_Q10, TEST_OK,
      .warning = "CPU feature 'te' is deprecated by QEMU: deprecated_features='off' turns it off" },
    { "expand-tcg-maximum", V_TCG, TEST_OK },
    /* s390-ccw-virtio-2.4 to -2.7 allow no CPU model under KVM (QEMU's
     * cpu_model_allowed): as libvirt, a domain without <cpu> (or with a
     * <cpu> without a model) gets host-passthrough, every other mode is
     * refused; TCG is not restricted */
    { "expand-old-machine-none", V_Z16, TEST_OK },
    { "expand-old-machine-topology", V_Z16, TEST_OK },
    { "expand-old-machine-host-passthrough", V_Z16, TEST_OK },
    { "expand-old-machine-host-model", V_Z16, TEST_ERR },
    { "expand-old-machine-host-recommended", V_Z16, TEST_ERR },
    { "expand-old-machine-custom", V_Z16, TEST_ERR },
    { "expand-old-machine-maximum", V_Z16, TEST_ERR },
    { "expand-tcg-old-machine-none", V_TCG, TEST_OK },
    { "expand-tcg-old-machine-custom", V_TCG, TEST_OK },
    { "expand-tcg-arch-mismatch", V_TCG, TEST_ERR },
    { "expand-tcg-machine-unknown", V_TCG, TEST_ERR },
    { "expand-tcg-machine-default", V_TCG, TEST_OK },
    /* x86_64 (Debian's QEMU 7.2 under KVM): libvirt's host-model there is
     * its own CPU map, which hostrec does not compute: refused. */
    { "expand-x86-host-model", "7.2.0", TEST_ERR, "x86_64" },
    { "expand-x86-host-recommended", "7.2.0", TEST_ERR, "x86_64" },
    { "expand-x86-host-passthrough", "7.2.0", TEST_OK, "x86_64" },
};

static const char *
testCaseArch(const testCase *tc)
{
    return tc->arch ? tc->arch : "s390x";
}

static const char *
testTool(void)
{
    return g_getenv("HOSTREC");
}

/* Run the tool in @cwd (NULL: the current directory); *@out and *@err
 * get its output, the exit status is returned (-1 when it could not
 * run). */
static int
testRunTool(const char *cwd,
            char **args,
            char **out,
            char **err)
{
    return virTestRunTool(cwd, (const char * const *)args, out, err);
}

/* The recording of @version, relative to tests/ (errors name it, and the
 * golden files hold no path of the build machine). */
static char *
testRecording(const char *version,
              const char *arch)
{
    g_autofree char *kvm = g_strdup_printf("qemucapabilitiesdata/qemu_%s_%s_kvm.replies",
                                           version, arch);
    g_autofree char *kvmPath = virTestDataPath("%s", kvm);

    if (g_file_test(kvmPath, G_FILE_TEST_EXISTS))
        return g_steal_pointer(&kvm);
    return g_strdup_printf("qemucapabilitiesdata/qemu_%s_%s_tcg.replies", version, arch);
}

static int
testCompareCase(const void *opaque)
{
    const testCase *tc = opaque;
    g_autofree char *xml = virTestDataPath("qemuxmlconfdata/%s.xml", tc->name);
    g_autofree char *replies = testRecording(tc->version, testCaseArch(tc));
    g_autofree char *repliesPath = virTestDataPath("%s", replies);
    g_autofree char *prefix = virTestDataPath("qemuxmlconfdata/%s.%s-%s",
                                              tc->name, testCaseArch(tc),
                                              tc->version);
    g_autofree char *argsFile = g_strdup_printf("%s.args", prefix);
    g_autofree char *xmlFile = g_strdup_printf("%s.xml", prefix);
    g_autofree char *errFile = g_strdup_printf("%s.err", prefix);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *global = NULL;
    char *nativeArgs[] = { NULL, (char *)"domxml-to-native", (char *)"qemu-argv",
                           xml, (char *)"--replay", replies, NULL };
    char *expandArgs[] = { NULL, (char *)"domxml-expand", xml,
                           (char *)"--replay", replies, NULL };
    char **native = nativeArgs + 1;
    char **expand = expandArgs + 1;
    int rc;

    if (tc->deprecatedDefault) {
        global = g_strdup_printf("--default-cpu-deprecated-features=%s",
                                 tc->deprecatedDefault);
        nativeArgs[0] = expandArgs[0] = global;
        native = nativeArgs;
        expand = expandArgs;
    }

    virTestMarkUsed(xml);
    virTestMarkUsed(repliesPath);

    rc = testRunTool(virTestSrcDir(), native, &out, &err);

    if (tc->expect == TEST_ERR || tc->expect == TEST_EXPAND_ONLY) {
        if (rc != 1) {
            virTestDiag("expected exit status 1, got %d", rc);
            return -1;
        }
        if (!g_str_has_prefix(err, "error: ")) {
            virTestDiag("unexpected error output: %s", err);
            return -1;
        }
        if (virTestCompareToFile(err + strlen("error: "), errFile) < 0)
            return -1;
        if (tc->expect == TEST_ERR)
            return 0;
    } else if (rc != 0) {
        virTestDiag("exit status %d: %s", rc, err);
        return -1;
    }
    if (tc->warning && !strstr(err, tc->warning)) {
        virTestDiag("no warning '%s' on stderr: %s", tc->warning, err);
        return -1;
    }
    if (tc->deprecatedDefault && *err) {
        virTestDiag("unexpected stderr: %s", err);
        return -1;
    }
    if (tc->expect == TEST_OK && virTestCompareToFile(out, argsFile) < 0)
        return -1;

    g_clear_pointer(&out, g_free);
    g_clear_pointer(&err, g_free);
    if ((rc = testRunTool(virTestSrcDir(), expand, &out, &err)) != 0) {
        virTestDiag("domxml-expand: exit status %d: %s", rc, err);
        return -1;
    }
    if (virTestCompareToFile(out, xmlFile) < 0)
        return -1;

    /* The expanded live XML is a domain hostrec itself accepts. */
    if (!(doc = virXMLParseString(out, strlen(out), xmlFile)) ||
        virXMLValidateAgainstSchema(doc, xmlFile, "domain.rng") < 0) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }
    return 0;
}

/* ---- Conformance with libvirt's own files ---------------------------- */

typedef struct _testConformance testConformance;
struct _testConformance {
    const char *name;
    const char *input;          /* fixtures/qemuxmlconfdata/INPUT.xml */
    const char *recording;      /* fixtures/qemu-replies/... */
    const char *mode;           /* replace host-model by this, or NULL */
    const char *expected;       /* fixtures/qemuxmlconfdata/EXPECTED: -cpu line */
    const char *from;           /* then in the expected line replace FROM */
    const char *to;             /* by TO */
    const char *error;          /* or: the error must contain this */
};

static const testConformance conformance[] = {
    { "host-model = libvirt deprecated_features='on'",
      "cpu-model-deprecated-features-on", "caps_11.1.0_s390x.cpu.replies", NULL,
      "cpu-model-deprecated-features-on.s390x-latest.args", NULL, NULL, NULL },
    { "plain host-model = libvirt deprecated_features='on'",
      "cpu-model-deprecated-features-none", "caps_11.1.0_s390x.cpu.replies", NULL,
      "cpu-model-deprecated-features-on.s390x-latest.args", NULL, NULL, NULL },
    { "deprecated_features='off' = libvirt's (no dependents)",
      "cpu-model-deprecated-features-off", "caps_11.1.0_s390x.cpu.replies", NULL,
      "cpu-model-deprecated-features-none.s390x-latest.args", NULL, NULL, NULL },
    { "host-recommended = libvirt's 'none' line with ineff_nc_tx=off",
      "cpu-model-deprecated-features-none", "caps_11.1.0_s390x.cpu.replies",
      "host-recommended",
      "cpu-model-deprecated-features-none.s390x-latest.args",
      ",ineff_nc_tx=on,", ",ineff_nc_tx=off,", NULL },
    { "cpu-s390-features = libvirt's -cpu",
      "cpu-s390-features", "caps_11.1.0_s390x.cpu.replies", NULL,
      "cpu-s390-features.s390x-latest.args", NULL, NULL, NULL },
    { "cpu-s390-zEC12 = libvirt's -cpu",
      "cpu-s390-zEC12", "caps_11.1.0_s390x.cpu.replies", NULL,
      "cpu-s390-zEC12.s390x-latest.args", NULL, NULL, NULL },
    { "deprecated_features='off' on QEMU 8.2.0 fails",
      "cpu-model-deprecated-features-off", "caps_8.2.0_s390x.cpu.replies", NULL,
      NULL, NULL, NULL, "caps_8.2.0_s390x.cpu.replies') does not report deprecated CPU features" },
    { "host-recommended on QEMU 8.2.0 fails",
      "cpu-model-deprecated-features-none", "caps_8.2.0_s390x.cpu.replies",
      "host-recommended",
      NULL, NULL, NULL, "caps_8.2.0_s390x.cpu.replies') does not report deprecated CPU features" },
};

/* The value of the "-cpu X" argument in @text (one line or libvirt's
 * backslash-continued .args), or NULL. */
static char *
testExtractCPU(const char *text)
{
    const char *p = strstr(text, "-cpu ");
    size_t len;

    if (!p)
        return NULL;
    p += strlen("-cpu ");
    len = strcspn(p, " \n");
    return g_strndup(p, len);
}

static int
testConformanceCase(const void *opaque)
{
    const testConformance *tc = opaque;
    const char *fixtures = virTestFixturesDir();
    g_autofree char *inputName = g_strdup_printf("%s.xml", tc->input);
    g_autofree char *input = g_build_filename(fixtures, "qemuxmlconfdata",
                                              inputName, NULL);
    g_autofree char *modifiedPath = NULL;
    g_autofree char *replies = g_build_filename(fixtures, "qemu-replies", tc->recording, NULL);
    g_autofree char *tmpdir = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *expectedCPU = NULL;
    char *args[] = { (char *)"domxml-to-native", (char *)"qemu-argv",
                     NULL, (char *)"--replay", replies, NULL };
    int rc;

    if (!(xml = virTestLoadFile(input)))
        return -1;

    if (tc->mode) {
        g_autoptr(GError) gerr = NULL;
        g_autofree char *modified = NULL;
        g_auto(GStrv) parts = g_strsplit(xml, "mode='host-model'", -1);

        if (g_strv_length(parts) != 2) {
            virTestDiag("'%s' has no single host-model CPU", input);
            return -1;
        }
        g_autofree char *mode = g_strdup_printf("mode='%s'", tc->mode);

        modified = g_strjoin(mode, parts[0], parts[1], NULL);
        if (!(tmpdir = g_dir_make_tmp("hostrec-conf-XXXXXX", &gerr))) {
            virTestDiag("cannot make a temporary directory: %s", gerr->message);
            return -1;
        }
        modifiedPath = g_build_filename(tmpdir, "domain.xml", NULL);
        if (!g_file_set_contents(modifiedPath, modified, -1, &gerr)) {
            virTestDiag("cannot write '%s': %s", modifiedPath, gerr->message);
            rmdir(tmpdir);
            return -1;
        }
    }
    args[2] = modifiedPath ? modifiedPath : input;

    rc = testRunTool(NULL, args, &out, &err);
    if (tmpdir) {
        unlink(modifiedPath);
        rmdir(tmpdir);
    }

    if (tc->error) {
        if (rc != 1 || !strstr(err, tc->error)) {
            virTestDiag("expected an error containing '%s', got status %d: %s",
                        tc->error, rc, err);
            return -1;
        }
        return 0;
    }

    if (rc != 0) {
        virTestDiag("exit status %d: %s", rc, err);
        return -1;
    }

    {
        g_autofree char *expPath = g_build_filename(fixtures, "qemuxmlconfdata",
                                                    tc->expected, NULL);
        g_autofree char *expText = virTestLoadFile(expPath);

        if (!expText || !(expectedCPU = testExtractCPU(expText))) {
            virTestDiag("no -cpu in '%s'", expPath);
            return -1;
        }
    }
    if (tc->from) {
        g_auto(GStrv) parts = g_strsplit(expectedCPU, tc->from, -1);

        if (g_strv_length(parts) != 2) {
            virTestDiag("'%s' does not occur once in libvirt's -cpu", tc->from);
            return -1;
        }
        g_free(expectedCPU);
        expectedCPU = g_strjoinv(tc->to, parts);
    }

    actual = testExtractCPU(out);
    return virTestCompareStrings(expectedCPU, actual ? actual : "", "-cpu");
}

static int
testCPUArgNames(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *model;
        const char *feature;
        const char *expect;     /* NULL: refused */
    } rows[] = {
        { "z14", "te", "z14,te=off" },
        { "Sun-UltraSparc-IV+", "sse4.1", "Sun-UltraSparc-IV+,sse4.1=off" },
        { "z14", "x-y,te=on", NULL },
        { "z14", "te=on", NULL },
        { "z14", "t\x1b" "e", NULL },
        { "z14,te=on", "csske", NULL },
        { "", "csske", NULL },
    };
    g_autofree char *escaped = virQEMUEscapeComma("a,b,,c");
    size_t i;

    if (STRNEQ(escaped, "a,,b,,,,c")) {
        virTestDiag("escaped 'a,b,,c' as '%s'", escaped);
        return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(rows); i++) {
        g_autoptr(virCPUDef) cpu = virCPUDefNew();
        g_autofree char *arg = NULL;

        cpu->mode = VIR_CPU_MODE_CUSTOM;
        cpu->model = g_strdup(rows[i].model);
        virCPUDefAddFeature(cpu, rows[i].feature, VIR_CPU_FEATURE_DISABLE);
        arg = qemuBuildCPUArg(cpu, NULL);

        if (!rows[i].expect) {
            if (arg) {
                virTestDiag("row %zu: -cpu '%s' was built", i, arg);
                return -1;
            }
            virResetLastError();
        } else if (!arg || STRNEQ(arg, rows[i].expect)) {
            virTestDiag("row %zu: expected '%s', got '%s'", i, rows[i].expect,
                        arg ? arg : virGetLastErrorMessage());
            return -1;
        }
    }
    return 0;
}


int
main(void)
{
    g_autofree char *confDir = virTestDataPath("qemuxmlconfdata");
    g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    virTestRun("-cpu: names checked again, commas escaped", testCPUArgNames, NULL);

    /* Fail at once, and visibly, when the tool is not there. */
    if (!testTool()) {
        virTestSkip("qemuxml2argv", "HOSTREC is not set: run through meson test");
        return virTestMain();
    }

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("%s on %s%s%s", cases[i].name, cases[i].version,
                                                cases[i].arch ? " " : "",
                                                cases[i].arch ? cases[i].arch : "");

        g_autofree char *infix = g_strdup_printf(".%s-%s.", testCaseArch(&cases[i]),
                                                 cases[i].version);

        virTestRun(name, testCompareCase, &cases[i]);
        if (!g_ptr_array_find_with_equal_func(versions, infix, g_str_equal, NULL))
            g_ptr_array_add(versions, g_steal_pointer(&infix));
    }

    if (virTestFixturesDir()) {
        for (i = 0; i < G_N_ELEMENTS(conformance); i++)
            virTestRun(conformance[i].name, testConformanceCase, &conformance[i]);
    } else {
        virTestSkip("conformance with libvirt's files",
                    "../shared/fixtures is absent");
    }

    /* Every expected file of this driver (infix .ARCH-VERSION.) is used. */
    for (i = 0; i < versions->len; i++) {
        const char *exts[] = { "args", "xml", "err" };
        size_t j;

        for (j = 0; j < G_N_ELEMENTS(exts); j++) {
            g_autofree char *suffix = g_strdup_printf("%s%s",
                                                      (const char *)versions->pdata[i],
                                                      exts[j]);
            virTestCheckUnusedFiles(confDir, suffix);
        }
    }

    return virTestMain();
}
