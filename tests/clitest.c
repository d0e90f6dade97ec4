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

/* Whether a case needs the libvirt client (meson option 'libvirt'): the
 * options and commands that talk to libvirt exist only with it, and
 * --help says so. */
typedef enum {
    CLI_BUILD_ANY = 0,
    CLI_BUILD_LIBVIRT,          /* only when built with libvirt */
    CLI_BUILD_NO_LIBVIRT,       /* only when built without */
} cliTestBuild;

typedef struct {
    const char *name;
    const char *args;       /* split like a shell would */
    int status;             /* expected exit status */
    const char *stdinFile;  /* file fed on standard input, or NULL */
    cliTestBuild build;     /* the builds the case runs in */
} cliTestCase;

/* A KVM + TCG recording of a gen16a host (QEMU 9.1). */
#define CLI_REPLAY "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"

static const cliTestCase cases[] = {
    { .name = "version", .args = "--version", .status = 0 },
    { .name = "help", .args = "--help", .status = 0, .build = CLI_BUILD_LIBVIRT },
    { .name = "help-nolibvirt", .args = "--help", .status = 0, .build = CLI_BUILD_NO_LIBVIRT },
    /* -c/--connect: the URI is only used by what talks to libvirt */
    { .name = "connect-validate", .status = 0, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default validate qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "connect-long-validate", .status = 0, .build = CLI_BUILD_LIBVIRT,
      .args = "--connect=test:///default --default-cpu-deprecated-features=off "
              "validate qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "connect-missing", .args = "--connect", .status = 1, .build = CLI_BUILD_LIBVIRT },
    { .name = "connect-empty", .args = "-c '' validate a.xml", .status = 1,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "connect-nolibvirt", .status = 1, .build = CLI_BUILD_NO_LIBVIRT,
      .args = "-c test:///default validate qemuxmlconfdata/cpu-host-recommended.xml" },
    /* convert and refresh: what they need before they connect */
    { .name = "convert-no-domain", .args = "-c test:///default convert", .status = 1,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "convert-extra-arg", .args = "-c test:///default convert --domain test x.xml",
      .status = 1, .build = CLI_BUILD_LIBVIRT },
    { .name = "refresh-nothing", .args = "-c test:///default refresh", .status = 1,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "refresh-both", .args = "-c test:///default refresh --all --domain test",
      .status = 1, .build = CLI_BUILD_LIBVIRT },
    { .name = "convert-nolibvirt", .args = "convert --domain test", .status = 1,
      .build = CLI_BUILD_NO_LIBVIRT },
    { .name = "no-command", .args = "", .status = 1 },
    { .name = "global-deprecated-bad", .status = 1,
      .args = "--default-cpu-deprecated-features=maybe validate a.xml" },
    { .name = "global-deprecated-missing", .status = 1,
      .args = "--default-cpu-deprecated-features" },
    { .name = "global-deprecated-validate", .status = 0,
      .args = "--default-cpu-deprecated-features off validate qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "unknown-command", .args = "frobnicate", .status = 1 },
    /* help COMMAND is COMMAND --help (compare validate-help) */
    { .name = "help-validate", .args = "help validate", .status = 0,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "help-unknown", .args = "help frobnicate", .status = 1 },
    { .name = "help-two", .args = "help validate fleet", .status = 1 },
    /* one rule for the QEMU binary of every command (qemu_driver.h): the
     * same message for a name PATH lacks, and for a path not there */
    { .name = "emulator-name-domcapabilities", .status = 1,
      .args = "domcapabilities --emulatorbin hostrec-no-such-qemu" },
    { .name = "emulator-name-baseline", .status = 1,
      .args = "hypervisor-cpu-baseline --emulatorbin hostrec-no-such-qemu cputestdata/baseline-single.xml" },
    { .name = "emulator-name-native", .status = 1,
      .args = "domxml-to-native qemu-argv qemuxmlconfdata/cpu-host-recommended.xml "
              "--emulatorbin hostrec-no-such-qemu" },
    { .name = "emulator-path-domcapabilities", .status = 1,
      .args = "domcapabilities --emulatorbin /nonexistent/qemu-system-s390x" },
    { .name = "emulator-path-baseline", .status = 1,
      .args = "hypervisor-cpu-baseline --emulatorbin /nonexistent/qemu-system-s390x "
              "cputestdata/baseline-single.xml" },
    { .name = "emulator-path-native", .status = 1,
      .args = "domxml-to-native qemu-argv qemuxmlconfdata/cpu-host-recommended.xml "
              "--emulatorbin /nonexistent/qemu-system-s390x" },
    { .name = "validate-help", .args = "validate --help", .status = 0,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "validate-help-nolibvirt", .args = "validate --help", .status = 0,
      .build = CLI_BUILD_NO_LIBVIRT },
    /* --domain: libvirt's in-process test driver, no daemon */
    { .name = "domain-and-file", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default validate --domain test qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "domain-and-file-expand", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default domxml-to-native qemu-argv --domain test a.xml" },
    { .name = "domain-missing", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default domxml-expand --domain nosuch" },
    /* the test driver's own domain has type='test': named in the error */
    { .name = "domain-unsupported-type", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default validate --domain test" },
    { .name = "domain-unreachable", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c qemu+unix:///system?socket=/nonexistent/hostrec-sock migration-check "
              "--source a --destination b --domain guest" },
    { .name = "domain-nolibvirt", .status = 1, .build = CLI_BUILD_NO_LIBVIRT,
      .args = "validate --domain test" },
    { .name = "define-nolibvirt", .status = 1, .build = CLI_BUILD_NO_LIBVIRT,
      .args = "define qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "define-unreachable", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c qemu+unix:///system?socket=/nonexistent/hostrec-sock define "
              "qemuxmlconfdata/cpu-host-recommended.xml --replay " CLI_REPLAY },
    { .name = "define-test-driver", .status = 0, .build = CLI_BUILD_LIBVIRT,
      .args = "-c test:///default define qemuxmlconfdata/cpu-host-recommended.xml "
              "--replay " CLI_REPLAY },
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

    /* Every option --help lists is one the command honours. */
    { .name = "domcapabilities-help", .args = "domcapabilities --help", .status = 0 },
    { .name = "domxml-to-native-help", .args = "domxml-to-native --help", .status = 0,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "domxml-to-native-help-nolibvirt", .args = "domxml-to-native --help", .status = 0,
      .build = CLI_BUILD_NO_LIBVIRT },
    { .name = "domxml-expand-help", .args = "domxml-expand --help", .status = 0,
      .build = CLI_BUILD_LIBVIRT },
    { .name = "domxml-expand-help-nolibvirt", .args = "domxml-expand --help", .status = 0,
      .build = CLI_BUILD_NO_LIBVIRT },
    { .name = "define-help", .args = "define --help", .status = 0, .build = CLI_BUILD_LIBVIRT },
    { .name = "convert-help", .args = "convert --help", .status = 0, .build = CLI_BUILD_LIBVIRT },
    { .name = "refresh-help", .args = "refresh --help", .status = 0, .build = CLI_BUILD_LIBVIRT },
    { .name = "hypervisor-cpu-baseline-help", .args = "hypervisor-cpu-baseline --help", .status = 0 },
    { .name = "hypervisor-cpu-compare-help", .args = "hypervisor-cpu-compare --help", .status = 0 },
    /* the offline baseline: one way at a time, and a recording without
     * the per-model feature sets says how to make one */
    { .name = "baseline-live-and-offline",
      .args = "hypervisor-cpu-baseline cputestdata/baseline-z13-z14.xml --live --offline "
              "--replay " CLI_REPLAY, .status = 1 },
    { .name = "baseline-offline-no-feature-sets",
      .args = "hypervisor-cpu-baseline cputestdata/baseline-z13-z14.xml --offline "
              "--replay " CLI_REPLAY, .status = 1 },
    /* the domain XML gives arch, machine and virt type: not offered */
    { .name = "domxml-to-native-arch",
      .args = "domxml-to-native qemu-argv qemuxmlconfdata/cpu-host-recommended.xml --arch s390x "
              "--replay " CLI_REPLAY, .status = 1 },
    { .name = "domxml-expand-virttype",
      .args = "domxml-expand qemuxmlconfdata/cpu-host-recommended.xml --virttype kvm "
              "--replay " CLI_REPLAY, .status = 1 },
    { .name = "domxml-expand-machine",
      .args = "domxml-expand qemuxmlconfdata/cpu-host-recommended.xml --machine s390-ccw-virtio "
              "--replay " CLI_REPLAY, .status = 1 },

    /* --record with --replay is refused by every command that takes both;
     * the domain commands refuse it before reading the domain (the file
     * does not exist) */
    { .name = "domxml-to-native-record-replay",
      .args = "domxml-to-native qemu-argv clidata/does-not-exist.xml "
              "--replay " CLI_REPLAY " --record clidata/never-written.replies", .status = 1 },
    { .name = "domxml-expand-record-replay",
      .args = "domxml-expand clidata/does-not-exist.xml "
              "--replay " CLI_REPLAY " --record clidata/never-written.replies", .status = 1 },
    { .name = "baseline-record-replay",
      .args = "hypervisor-cpu-baseline cputestdata/baseline-documents.xml "
              "--replay " CLI_REPLAY " --record clidata/never-written.replies", .status = 1 },
    /* convert and refresh refuse it before connecting (the URI is
     * unreachable) */
    { .name = "convert-record-replay", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c qemu+unix:///system?socket=/nonexistent/hostrec-sock convert --domain guest "
              "--replay " CLI_REPLAY " --record clidata/never-written.replies" },
    { .name = "refresh-record-replay", .status = 1, .build = CLI_BUILD_LIBVIRT,
      .args = "-c qemu+unix:///system?socket=/nonexistent/hostrec-sock refresh --all "
              "--replay " CLI_REPLAY " --record clidata/never-written.replies" },

    /* domcapabilities --xpath and --wrap, as virsh has them */
    { .name = "domcaps-xpath-host-recommended",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath \"//mode[@name='host-recommended']\"",
      .status = 0 },
    { .name = "domcaps-xpath-several",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath '//domain|//arch|//mode[@supported=\"yes\"]/@name'",
      .status = 0 },
    { .name = "domcaps-xpath-wrap",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath '//domain|//arch|//vcpu' --wrap",
      .status = 0 },
    /* as in virsh: wrapped attributes land on <nodes>, the last one wins */
    { .name = "domcaps-xpath-wrap-attributes",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath '//mode/@name' --wrap",
      .status = 0 },
    /* a QEMU without deprecated-props: the tool says the option did nothing */
    { .name = "domcaps-disable-deprecated-unreported",
      .args = "domcapabilities --replay qemucapabilitiesdata/qemu_7.2.0_s390x_tcg.replies "
              "--disable-deprecated-features --xpath \"//mode[@name='host-recommended']\"",
      .status = 0 },
    { .name = "domcaps-xpath-no-match",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath //nothing", .status = 0 },
    { .name = "domcaps-xpath-no-match-wrap",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath //nothing --wrap", .status = 0 },
    { .name = "domcaps-xpath-value",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath 'count(//feature)'", .status = 1 },
    { .name = "domcaps-xpath-invalid",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath '//mode['", .status = 1 },
    { .name = "domcaps-xpath-namespace",
      .args = "domcapabilities --replay " CLI_REPLAY " --xpath '//arch/namespace::*'", .status = 1 },
    { .name = "domcaps-wrap-without-xpath",
      .args = "domcapabilities --replay " CLI_REPLAY " --wrap", .status = 1 },
};

static int
cliTestRun(const void *opaque)
{
    const cliTestCase *tc = opaque;
    g_auto(GStrv) args = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *outPath = virTestDataPath("clidata/%s.out", tc->name);
    g_autofree char *errPath = virTestDataPath("clidata/%s.err", tc->name);
    g_autofree char *inPath = NULL;
    g_autoptr(GError) gerr = NULL;
    virTestToolRun run = { .cwd = virTestSrcDir() };
    int status;
    size_t i;

    if (*tc->args &&
        !g_shell_parse_argv(tc->args, NULL, &args, &gerr)) {
        virTestDiag("bad args: %s", gerr->message);
        return -1;
    }
    for (i = 0; args && args[i]; i++) {
        g_autofree char *path = virTestDataPath("%s", args[i]);

        /* inputs are read by the tool: count them as used */
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            virTestMarkUsed(path);
    }
    run.args = (const char * const *)args;

    if (tc->stdinFile) {
        inPath = virTestDataPath("%s", tc->stdinFile);
        virTestMarkUsed(inPath);
        run.stdinPath = inPath;
    }

    if ((status = virTestRunToolFull(&run, &out, &err)) < 0)
        return -1;

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

/* "--xpath /" selects the document node: the whole domain capabilities,
 * as libxml2 writes them (attribute values in double quotes).  Compared
 * with the reviewed golden of the same recording, so that no second copy
 * of the 3,500 lines has to be reviewed. */
static int
cliTestXPathRoot(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *goldenPath =
        virTestDataPath("domaincapsdata/qemu_9.1.0-gen16a_s390x_kvm.qemu.xml");
    const char *args[] = { "domcapabilities", "--replay", CLI_REPLAY, "--xpath", "/",
                           "--virttype", "qemu", "--machine", "s390-ccw-virtio", NULL };
    virTestToolRun run = { .cwd = virTestSrcDir(), .args = args };
    g_autofree char *golden = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    char *p;
    int status;

    if (!(golden = virTestLoadFile(goldenPath)) ||
        (status = virTestRunToolFull(&run, &out, &err)) < 0)
        return -1;
    if (status != 0 || *err) {
        virTestDiag("exit status %d; stderr: %s", status, err);
        return -1;
    }
    for (p = golden; *p; p++) {
        if (*p == '\'')
            *p = '"';
    }
    return virTestCompareStrings(golden, out, "the document selected by '/'");
}

int
main(void)
{
    g_autofree char *dir = virTestDataPath("clidata");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        bool wanted = true;

        switch (cases[i].build) {
        case CLI_BUILD_ANY:
            break;
        case CLI_BUILD_LIBVIRT:
            wanted = WITH_LIBVIRT;
            break;
        case CLI_BUILD_NO_LIBVIRT:
            wanted = !WITH_LIBVIRT;
            break;
        }
        if (wanted) {
            virTestRun(cases[i].name, cliTestRun, &cases[i]);
        } else {
            g_autofree char *outPath = virTestDataPath("clidata/%s.out", cases[i].name);
            g_autofree char *errPath = virTestDataPath("clidata/%s.err", cases[i].name);

            /* the golden files of the other build are not unused */
            virTestMarkUsed(outPath);
            virTestMarkUsed(errPath);
            virTestSkip(cases[i].name,
                        WITH_LIBVIRT ? "only for a build without libvirt"
                                     : "only for a build with libvirt (meson option 'libvirt')");
        }
    }
    virTestRun("domcaps-xpath-root", cliTestXPathRoot, NULL);

    virTestCheckUnusedFiles(dir, NULL);
    return virTestMain();
}
