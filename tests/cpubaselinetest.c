/*
 * cpubaselinetest.c: CPU baseline, compare and migration-check
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Library cases run on ONE QMP session answered from
 * cputestdata/qemu-7.2-s390x-tcg.replies, traffic recorded from Debian's
 * qemu-system-s390x 7.2 under TCG.  With HOSTREC_TEST_RECORD=1 the same
 * cases run against the live binary (HOSTREC_TEST_QEMU, default
 * /usr/bin/qemu-system-s390x) and rewrite the recording; see
 * cputestdata/README.
 *
 * Tool cases run $HOSTREC with --replay on that recording: outputs, exit
 * statuses, one-line errors.  Cases using ../shared/fixtures (libvirt
 * 9.0's own output, libvirt's recordings of QEMU 10.0 and 11.1) skip
 * visibly when it is absent.
 */

#include "internal.h"

#include <string.h>
#include <sys/wait.h>

#include "testutils.h"
#include "cpu_compare.h"
#include "cpu_migration.h"
#include "qemu_capabilities.h"
#include "qemu_cpu_baseline.h"
#include "qemu_monitor_json.h"
#include "virerror.h"
#include "virfile.h"
#include "virjson.h"

#define TEST_RECORDING "cputestdata/qemu-7.2-s390x-tcg.replies"
#define OWN_GEN16A "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"
#define OWN_GEN17LIKE "qemucapabilitiesdata/qemu_9.1.0-gen17like_s390x_kvm.replies"

static qemuMonitor *testMon;


/* ---- library cases ---------------------------------------------------- */

static int
testParseInput(const char *name,
               virCPUDefList **list)
{
    g_autofree char *path = virTestDataPath("cputestdata/%s.xml", name);
    g_autofree char *data = NULL;
    size_t len = 0;

    virTestMarkUsed(path);
    if (virFileReadLimited(path, 1024 * 1024, &data, &len) < 0)
        return -1;
    return virCPUDefListParse(data, len, path, list);
}


/* A baseline as hypervisor-cpu-baseline prints it. */
static char *
testFormatBaseline(const virCPUDef *cpu)
{
    GString *buf = g_string_new(NULL);

    virCPUDefFormatBuf(buf, cpu, 0, VIR_CPU_FORMAT_HOST);
    return g_string_free(buf, FALSE);
}


static int
testBaseline(const void *opaque)
{
    const char *name = opaque;
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(virCPUDef) plain = NULL;
    g_autoptr(virCPUDef) full = NULL;
    g_autofree char *plainXML = NULL;
    g_autofree char *fullXML = NULL;
    g_autofree char *plainPath = virTestDataPath("cputestdata/%s.baseline.xml", name);
    g_autofree char *fullPath = virTestDataPath("cputestdata/%s.features.xml", name);

    if (testParseInput(name, &list) < 0)
        return -1;
    virCPUDefListRemoveDuplicates(list);

    if (qemuCPUBaseline(testMon, list, false, &plain) < 0 ||
        qemuCPUBaseline(testMon, list, true, &full) < 0)
        return -1;

    plainXML = testFormatBaseline(plain);
    fullXML = testFormatBaseline(full);
    if (virTestCompareToFile(plainXML, plainPath) < 0 ||
        virTestCompareToFile(fullXML, fullPath) < 0)
        return -1;
    return 0;
}


/* 1,000 CPU definitions of a fleet, 8 distinct: deduplicated before
 * QEMU sees them. */
static char *
testFleetInput(void)
{
    static const char *models[] = {
        "z13", "z14", "gen15a", "z13.2", "z14.2", "zEC12", "z13s", "z14ZR1",
    };
    GString *buf = g_string_new(NULL);
    size_t i;

    for (i = 0; i < 1000; i++)
        g_string_append_printf(buf, "<cpu><arch>s390x</arch><model>%s</model></cpu>\n",
                               models[i % G_N_ELEMENTS(models)]);
    return g_string_free(buf, FALSE);
}


static int
testBaselineFleet(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *input = testFleetInput();
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(virCPUDef) res = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *path = virTestDataPath("cputestdata/fleet-1000.baseline.xml");

    if (virCPUDefListParse(input, strlen(input), "fleet", &list) < 0)
        return -1;
    if (list->ncpus != 1000 || g_strcmp0(list->arch, "s390x") != 0) {
        virTestDiag("parsed %zu CPUs of arch '%s'", list->ncpus, list->arch);
        return -1;
    }
    virCPUDefListRemoveDuplicates(list);
    if (list->ncpus != 8) {
        virTestDiag("%zu distinct CPUs, expected 8", list->ncpus);
        return -1;
    }
    if (qemuCPUBaseline(testMon, list, false, &res) < 0)
        return -1;
    xml = testFormatBaseline(res);
    return virTestCompareToFile(xml, path);
}


/* What src/conf makes of the three kinds of documents: one custom CPU
 * each, trimmed model, features in document order with their policy (a
 * host CPU's policy-less ones 'require'), the host CPU's other children
 * skipped, the arch of each document. */
static int
testInputDocuments(const void *opaque G_GNUC_UNUSED)
{
    static const char *expected[][2] = {
        { "element 1 (<domain>)", "z14 te=disable gs=optional" },
        { "element 2 (<capabilities>)", "gen15a iep=require vxpd=require" },
        { "element 3 (<domainCapabilities>)", "z13-base aen=require vx=require cmm=disable" },
    };
    g_autoptr(virCPUDefList) list = NULL;
    size_t i;
    size_t j;

    if (testParseInput("baseline-documents", &list) < 0)
        return -1;
    if (list->ncpus != G_N_ELEMENTS(expected) || g_strcmp0(list->arch, "s390x") != 0) {
        virTestDiag("%zu CPUs of arch '%s', expected 3 of 's390x'",
                    list->ncpus, NULLSTR(list->arch));
        return -1;
    }
    for (i = 0; i < list->ncpus; i++) {
        const virCPUDef *cpu = list->cpus[i];
        g_autoptr(GString) got = g_string_new(cpu->model);

        for (j = 0; j < cpu->nfeatures; j++)
            g_string_append_printf(got, " %s=%s", cpu->features[j].name,
                                   virCPUFeaturePolicyTypeToString(cpu->features[j].policy));
        if (cpu->mode != VIR_CPU_MODE_CUSTOM ||
            STRNEQ(list->origins[i], expected[i][0]) ||
            STRNEQ(got->str, expected[i][1])) {
            virTestDiag("%s: '%s', expected %s: '%s'",
                        list->origins[i], got->str, expected[i][0], expected[i][1]);
            return -1;
        }
    }
    return 0;
}


/* Identity ignores feature order and the blanks around a model name, but
 * not values. */
static int
testInputKeys(const void *opaque G_GNUC_UNUSED)
{
    static const char *xml =
        "<cpu><model>z14</model><feature name='a'/><feature policy='disable' name='b'/></cpu>"
        "<cpu><model>\n  z14\n</model><feature policy='disable' name='b'/><feature name='a'/></cpu>"
        "<cpu><model>z14</model><feature name='a'/><feature name='b'/></cpu>"
        "<cpu><model>z14</model><feature policy='force' name='a'/><feature policy='forbid' name='b'/></cpu>";
    g_autoptr(virCPUDefList) list = NULL;

    if (virCPUDefListParse(xml, strlen(xml), "keys", &list) < 0)
        return -1;
    virCPUDefListRemoveDuplicates(list);
    if (list->ncpus != 2 ||
        STRNEQ(list->origins[0], "element 1 (<cpu>)") ||
        STRNEQ(list->origins[1], "element 3 (<cpu>)")) {
        virTestDiag("%zu distinct CPUs, expected 2 (the first and the third)",
                    list->ncpus);
        return -1;
    }
    return 0;
}


typedef struct _testCompareCase testCompareCase;
struct _testCompareCase {
    const char *name;
    qemuCPUCompareResult result;
};


static int
testCompare(const void *opaque)
{
    const testCompareCase *tc = opaque;
    g_autoptr(virCPUDefList) list = NULL;
    g_auto(GStrv) responsible = NULL;
    qemuCPUCompareResult result;

    if (testParseInput(tc->name, &list) < 0)
        return -1;
    if (qemuCPUCompare(testMon, list->cpus[0], qemuCPUHostModelName(QEMU_MONITOR_ACCEL_TCG),
                       &result, &responsible) < 0)
        return -1;
    if (result != tc->result) {
        virTestDiag("verdict '%s', expected '%s'",
                    qemuCPUCompareResultTypeToString(result),
                    qemuCPUCompareResultTypeToString(tc->result));
        return -1;
    }
    if ((result == QEMU_CPU_COMPARE_IDENTICAL) != (responsible[0] == NULL)) {
        virTestDiag("responsible features do not fit the verdict");
        return -1;
    }
    return 0;
}


/* An unknown model: QEMU's error, naming the model; the session stays. */
static int
testUnknownModel(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(virCPUDef) res = NULL;

    if (testParseInput("err-unknown-model", &list) < 0)
        return -1;
    if (qemuCPUBaseline(testMon, list, false, &res) == 0) {
        virTestDiag("an unknown model was accepted");
        return -1;
    }
    if (virGetLastErrorCode() != VIR_ERR_QMP_ERROR ||
        !strstr(virGetLastErrorMessage(), "'z99'")) {
        virTestDiag("unexpected error: %s", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}


/* QEMU 7.2 reports no deprecated-props: "did not say", not "none". */
static int
testDeprecatedNotReported(const void *opaque G_GNUC_UNUSED)
{
    g_auto(GStrv) deprecated = NULL;

    if (qemuCPUGetDeprecatedProps(testMon, "max", &deprecated) < 0)
        return -1;
    if (deprecated) {
        virTestDiag("QEMU 7.2 reported deprecated features");
        return -1;
    }
    return 0;
}


/* Marking: the deprecated features in the result and their dependents
 * (s390x: ineff_nc_tx requires te); absent ones (cte, csske) stay out. */
static int
testDisableDeprecated(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCPUDef) res = virCPUDefNew();
    const char *deprecated[] = { "csske", "te", "cte", "bpb", NULL };
    g_autofree char *xml = NULL;
    g_autofree char *path = virTestDataPath("cputestdata/disable-deprecated.baseline.xml");
    size_t n;

    res->model = g_strdup("z14-base");
    virCPUDefAddFeature(res, "aen", VIR_CPU_FEATURE_REQUIRE);
    virCPUDefAddFeature(res, "te", VIR_CPU_FEATURE_REQUIRE);
    virCPUDefAddFeature(res, "ineff_nc_tx", VIR_CPU_FEATURE_REQUIRE);
    virCPUDefAddFeature(res, "bpb", VIR_CPU_FEATURE_REQUIRE);
    n = virCPUBaselineDisableDeprecated(res, "s390x", (char **)deprecated);
    if (n != 3) {
        virTestDiag("%zu features marked, expected 3", n);
        return -1;
    }
    xml = testFormatBaseline(res);
    return virTestCompareToFile(xml, path);
}


/* ---- tool cases ------------------------------------------------------- */

static int
testRunTool(const char * const *args,
            char **out,
            char **err,
            int *status)
{
    if ((*status = virTestRunTool(virTestSrcDir(), args, out, err)) < 0)
        return -1;
    return 0;
}


typedef struct _testToolCase testToolCase;
struct _testToolCase {
    const char *name;           /* golden: cputestdata/NAME.out or NAME.err */
    const char *args[12];
    int status;
    bool verdict;               /* status 1 is an answer on stdout, not an error */
};


static int
testTool(const void *opaque)
{
    const testToolCase *tc = opaque;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *golden = NULL;
    size_t i;
    int status;

    for (i = 0; tc->args[i]; i++) {
        if (g_str_has_prefix(tc->args[i], "cputestdata/")) {
            g_autofree char *path = virTestDataPath("%s", tc->args[i]);
            virTestMarkUsed(path);
        }
    }

    if (testRunTool(tc->args, &out, &err, &status) < 0)
        return -1;
    if (status != tc->status) {
        virTestDiag("exit status %d, expected %d; stderr: %s", status, tc->status, err);
        return -1;
    }
    if (status == 1 && !tc->verdict) {
        const char *nl = strchr(err, '\n');

        if (*out || !nl || nl[1] != '\0') {
            virTestDiag("a failure must print one line on stderr and nothing on stdout");
            return -1;
        }
        golden = virTestDataPath("cputestdata/%s.err", tc->name);
        return virTestCompareToFile(err, golden);
    }
    if (*err) {
        virTestDiag("unexpected stderr: %s", err);
        return -1;
    }
    golden = virTestDataPath("cputestdata/%s.out", tc->name);
    return virTestCompareToFile(out, golden);
}


#define REPLAY "--replay", TEST_RECORDING

static const testToolCase toolCases[] = {
    /* z13 + z14 through the tool: see libvirtCases, which compare with
     * libvirt 9.0's own output in place instead of keeping a copy. */
    { "err-no-such-file",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/no-such-file.xml" }, 1 },
    { "tool-compare-identical",
      { "hypervisor-cpu-compare", REPLAY, "--virttype", "qemu", "cputestdata/compare-identical.xml" }, 0 },
    { "tool-compare-superset",
      { "hypervisor-cpu-compare", REPLAY, "--virttype", "qemu", "cputestdata/compare-superset.xml" }, 0 },
    { "tool-compare-incompatible",
      { "hypervisor-cpu-compare", REPLAY, "--virttype", "qemu", "cputestdata/compare-incompatible.xml" }, 1, true },
    { "err-empty",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-empty.xml" }, 1 },
    { "err-unknown-model",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-unknown-model.xml" }, 1 },
    { "err-mixed-arch",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-mixed-arch.xml" }, 1 },
    { "err-malformed",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-malformed.xml" }, 1 },
    { "err-host-model",
      { "hypervisor-cpu-compare", REPLAY, "cputestdata/err-host-model.xml" }, 1 },
    { "err-no-model",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-no-model.xml" }, 1 },
    /* virCPUDefParseXML's error, prefixed with where the CPU is */
    { "err-duplicate-feature",
      { "hypervisor-cpu-baseline", REPLAY, "cputestdata/err-duplicate-feature.xml" }, 1 },
    { "err-arch-option",
      { "hypervisor-cpu-baseline", REPLAY, "--arch", "x86_64", "cputestdata/baseline-z13-z14.xml" }, 1 },
    { "err-deprecated-not-reported",
      { "hypervisor-cpu-baseline", REPLAY, "--disable-deprecated-features",
        "cputestdata/baseline-z13-z14.xml" }, 1 },
    /* One default virt type for every command: the recording's first
     * session decides (TCG here), as for domcapabilities. */
    { "tool-compare-identical",
      { "hypervisor-cpu-compare", REPLAY, "cputestdata/compare-identical.xml" }, 0 },
    { "err-virttype-kvm",
      { "hypervisor-cpu-compare", REPLAY, "--virttype", "kvm", "cputestdata/compare-identical.xml" }, 1 },
    { "err-virttype-unknown",
      { "hypervisor-cpu-compare", REPLAY, "--virttype", "xen", "cputestdata/compare-identical.xml" }, 1 },
    /* A KVM recording compares with "host" by default, and with the
     * "max" of its TCG session under --virttype qemu: these trimmed
     * recordings hold no comparison, so the error shows what was asked. */
    { "err-compare-kvm-default",
      { "hypervisor-cpu-compare", "--replay", "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies",
        "cputestdata/compare-identical.xml" }, 1 },
    { "err-compare-kvm-recording-tcg",
      { "hypervisor-cpu-compare", "--replay", "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies",
        "--virttype", "qemu", "cputestdata/compare-identical.xml" }, 1 },
    /* --machine is checked as virsh checks it; the s390x result does not
     * depend on it. */
    { "tool-compare-identical",
      { "hypervisor-cpu-compare", REPLAY, "--machine", "s390-ccw-virtio", "cputestdata/compare-identical.xml" }, 0 },
    { "tool-compare-identical",
      { "hypervisor-cpu-compare", REPLAY, "--machine", "s390-ccw-virtio-7.2", "cputestdata/compare-identical.xml" }, 0 },
    { "err-machine-unknown",
      { "hypervisor-cpu-baseline", REPLAY, "--machine", "bogus", "cputestdata/baseline-single.xml" }, 1 },
    { "err-machine-unknown",
      { "hypervisor-cpu-compare", REPLAY, "--machine", "bogus", "cputestdata/compare-identical.xml" }, 1 },
    { "err-migration-no-destination",
      { "migration-check", "--source", TEST_RECORDING, "cputestdata/migrate-host-model.xml" }, 1 },
    /* a guest whose machine the source does not know never started there */
    { "err-migration-unknown-machine",
      { "migration-check", "--source", OWN_GEN16A, "--destination", OWN_GEN17LIKE,
        "cputestdata/migrate-unknown-machine.xml" }, 1 },
    /* s390-ccw-virtio-2.7 allows no CPU model under KVM: a
     * host-recommended guest never started there, and one without <cpu>
     * runs host-passthrough, which has nothing to check */
    { "err-migration-old-machine-host-recommended",
      { "migration-check", "--source", OWN_GEN16A, "--destination", OWN_GEN17LIKE,
        "cputestdata/migrate-old-machine-host-recommended.xml" }, 1 },
    { "err-migration-old-machine-custom",
      { "migration-check", "--source", OWN_GEN16A, "--destination", OWN_GEN17LIKE,
        "cputestdata/migrate-old-machine-custom.xml" }, 1 },
    { "err-migration-old-machine-none",
      { "migration-check", "--source", OWN_GEN16A, "--destination", OWN_GEN17LIKE,
        "cputestdata/migrate-old-machine-none.xml" }, 1 },
    /* --json changes nothing about errors: one line on stderr */
    { "err-migration-host-passthrough",
      { "migration-check", "--json", "--source", OWN_GEN16A, "--destination", OWN_GEN17LIKE,
        "cputestdata/migrate-host-passthrough.xml" }, 1 },
};


/* hostrec's output next to libvirt 9.0's for the same input. */
typedef struct _testLibvirtCase testLibvirtCase;
struct _testLibvirtCase {
    const char *fixture;        /* under ../shared/fixtures/live */
    const char *replay;         /* NULL: our recording; else a fixture */
    bool features;
    const char *extra;          /* one more option, or NULL */
};


static int
testLibvirt(const void *opaque)
{
    const testLibvirtCase *tc = opaque;
    g_autofree char *expectedPath = g_build_filename(virTestFixturesDir(), "live",
                                                     tc->fixture, NULL);
    g_autofree char *replay = tc->replay ?
        g_build_filename(virTestFixturesDir(), "live", tc->replay, NULL) :
        g_strdup(TEST_RECORDING);
    g_autofree char *expected = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *args[8] = {
        "hypervisor-cpu-baseline", "--replay", replay,
        "cputestdata/baseline-z13-z14.xml",
    };
    size_t nargs = 4;
    int status;

    if (tc->extra)
        args[nargs++] = tc->extra;
    if (tc->features)
        args[nargs++] = "--features";

    if (!g_file_get_contents(expectedPath, &expected, NULL, NULL)) {
        virTestDiag("cannot read '%s'", expectedPath);
        return -1;
    }
    if (testRunTool(args, &out, &err, &status) < 0)
        return -1;
    if (status != 0) {
        virTestDiag("exit status %d: %s", status, err);
        return -1;
    }
    return virTestCompareStrings(expected, out, tc->fixture);
}


static const testLibvirtCase libvirtCases[] = {
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14.xml", NULL, false },
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14-features.xml", NULL, true },
    /* libvirt's own recording of the same QEMU holds the plain baseline */
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14.xml", "qemu-7.2.22-s390x-tcg.replies", false },
    /* as in virsh, --migratable keeps every s390x feature */
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14.xml", NULL, false, "--migratable" },
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14-features.xml", NULL, true, "--migratable" },
    /* a machine QEMU knows is accepted and changes nothing */
    { "libvirt-9.0-hypervisor-cpu-baseline-z13-z14.xml", NULL, false, "--machine=s390-ccw-virtio" },
};


/* migration-check.  Own cases run on this project's recordings and always
 * run; the others read libvirt's recordings from ../shared/fixtures
 * (qemu-replies/: trimmed to the CPU commands; libvirt-11.3.0/: whole) and
 * skip visibly without them. */
#define TEST_OWN NULL
#define TEST_TRIMMED "qemu-replies"
#define TEST_FULL "libvirt-11.3.0/qemucapabilitiesdata"

typedef struct _testMigrationCase testMigrationCase;
struct _testMigrationCase {
    const char *name;           /* goldens cputestdata/NAME.out, NAME.json (--json) */
    const char *domain;         /* cputestdata/DOMAIN.xml */
    const char *dir;            /* TEST_OWN: paths under tests/; else under the fixtures */
    const char *source;
    const char *destination;
    int status;                 /* with and without --json */
};


static char *
testMigrationPath(const testMigrationCase *tc,
                  const char *file)
{
    if (tc->dir == TEST_OWN) {
        if (g_str_has_prefix(file, "cputestdata/")) {
            g_autofree char *path = virTestDataPath("%s", file);
            virTestMarkUsed(path);
        }
        return g_strdup(file);
    }
    return g_build_filename(virTestFixturesDir(), tc->dir, file, NULL);
}


/* The --json output: a document of schema version 1 whose verdict agrees
 * with the exit status. */
static int
testMigrationCheckJSON(const char *out,
                       int status)
{
    g_autoptr(json_object) doc = virJSONParse(out, strlen(out), "--json output");
    json_object *version = NULL;
    json_object *verdict = NULL;
    json_object *blockers = NULL;
    const char *expected = status == 0 ? "can-migrate" : "blocked";

    if (!doc) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }
    if (!json_object_object_get_ex(doc, "version", &version) ||
        json_object_get_int(version) != VIR_CPU_MIGRATION_JSON_VERSION ||
        !json_object_object_get_ex(doc, "verdict", &verdict) ||
        STRNEQ(json_object_get_string(verdict), expected) ||
        !json_object_object_get_ex(doc, "blockers", &blockers) ||
        (json_object_array_length(blockers) == 0) != (status == 0)) {
        virTestDiag("version, verdict or blockers disagree with exit status %d", status);
        return -1;
    }
    return 0;
}


/* Run migration-check on @domain from @src to @dst (--json when @json).
 * The libvirt modelled is said, so host-model gives no warning. */
static int
testMigrationRun(const char *src,
                 const char *dst,
                 const char *domain,
                 bool json,
                 char **out,
                 char **err,
                 int *status)
{
    const char *args[] = {
        "--default-cpu-deprecated-features=on",
        "migration-check", "--source", src, "--destination", dst, domain,
        json ? "--json" : NULL, NULL,
    };

    return testRunTool(args, out, err, status);
}


/* A source or destination that hostrec refuses: one error line, nothing
 * on standard output, text or JSON alike. */
static int
testMigrationError(const testMigrationCase *tc,
                   const char *src,
                   const char *dst,
                   const char *domain)
{
    g_autofree char *golden = virTestDataPath("cputestdata/%s.err", tc->name);
    size_t json;

    for (json = 0; json < 2; json++) {
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        if (testMigrationRun(src, dst, domain, json, &out, &err, &status) < 0)
            return -1;
        if (status != 1 || *out) {
            virTestDiag("exit status %d, expected 1; stdout: %s", status, out);
            return -1;
        }
        if (virTestCompareToFile(err, golden) < 0)
            return -1;
    }
    return 0;
}


static int
testMigration(const void *opaque)
{
    const testMigrationCase *tc = opaque;
    g_autofree char *src = testMigrationPath(tc, tc->source);
    g_autofree char *dst = testMigrationPath(tc, tc->destination);
    g_autofree char *domain = g_strdup_printf("cputestdata/%s.xml", tc->domain);
    g_autofree char *domainPath = virTestDataPath("cputestdata/%s.xml", tc->domain);
    size_t json;

    virTestMarkUsed(domainPath);
    if (tc->status == 1)
        return testMigrationError(tc, src, dst, domain);
    for (json = 0; json < 2; json++) {
        g_autofree char *golden = virTestDataPath("cputestdata/%s.%s", tc->name,
                                                  json ? "json" : "out");
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        if (testMigrationRun(src, dst, domain, json, &out, &err, &status) < 0)
            return -1;
        if (status != tc->status) {
            virTestDiag("exit status %d, expected %d; stderr: %s", status, tc->status, err);
            return -1;
        }
        if (*err) {
            virTestDiag("unexpected stderr: %s", err);
            return -1;
        }
        if (json && testMigrationCheckJSON(out, status) < 0)
            return -1;
        if (virTestCompareToFile(out, golden) < 0)
            return -1;
    }
    return 0;
}


/* Names from outside reach the JSON output escaped, and as UTF-8 even
 * when they are not: every name must come back from a JSON parser as it
 * went in (invalid bytes as U+FFFD). */
static int
testMigrationJSONEscaping(const void *opaque G_GNUC_UNUSED)
{
    static const char *const names[][2] = {
        { "quote\"back\\slash", "quote\"back\\slash" },
        { "ctl\001new\nline\ttab", "ctl\001new\nline\ttab" },
        { "slash/</script>", "slash/</script>" },
        { "caf\xc3\xa9", "caf\xc3\xa9" },
        { "bad\xff\xfeutf8", "bad\xef\xbf\xbd\xef\xbf\xbdutf8" },
    };
    g_autoptr(virCPUMigrationResult) res = g_new0(virCPUMigrationResult, 1);
    g_autoptr(json_object) doc = NULL;
    g_autofree char *out = NULL;
    json_object *blockers = NULL;
    json_object *machine = NULL;
    json_object *source = NULL;
    size_t i;

    res->sourceVersion = g_strdup("10.0.0");
    res->destinationVersion = g_strdup("9.1.0");
    res->model = g_strdup("gen16a-base");
    res->machine = g_strdup(names[4][0]);
    res->blockers = g_new0(virCPUMigrationBlocker, G_N_ELEMENTS(names));
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        res->blockers[i].kind = VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN;
        res->blockers[i].name = g_strdup(names[i][0]);
        res->nblockers++;
    }

    out = virCPUMigrationResultFormatJSON(res);
    if (!(doc = virJSONParse(out, strlen(out), "JSON of odd names"))) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }
    if (!json_object_object_get_ex(doc, "blockers", &blockers) ||
        json_object_array_length(blockers) != G_N_ELEMENTS(names) ||
        !json_object_object_get_ex(doc, "source", &source) ||
        !json_object_object_get_ex(source, "machine", &machine) ||
        STRNEQ(json_object_get_string(machine), names[4][1])) {
        virTestDiag("unexpected document: %s", out);
        return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        json_object *b = json_object_array_get_idx(blockers, i);
        json_object *name = NULL;

        if (!json_object_object_get_ex(b, "name", &name) ||
            STRNEQ(json_object_get_string(name), names[i][1])) {
            virTestDiag("name %zu did not survive: %s", i, out);
            return -1;
        }
    }
    /* a raw control character never reaches the output */
    for (i = 0; out[i]; i++) {
        if ((unsigned char)out[i] < 0x20 && out[i] != '\n') {
            virTestDiag("raw control character 0x%02x in: %s", out[i], out);
            return -1;
        }
    }
    return 0;
}


static const testMigrationCase migrationCases[] = {
    /* the point of the mode: the next generation lacks csske */
    { "migrate-host-recommended-gen16a-gen17like", "migrate-host-recommended",
      TEST_OWN, OWN_GEN16A, OWN_GEN17LIKE, 0 },
    { "migrate-host-model-gen16a-gen17like", "migrate-host-model",
      TEST_OWN, OWN_GEN16A, OWN_GEN17LIKE, 2 },
    /* a source cache whose machine and feature names are not QEMU names:
     * refused where it is read, so no such name reaches an output */
    { "migrate-odd-names", "migrate-host-model",
      TEST_OWN, "cputestdata/migrate-odd-names.caps.xml", OWN_GEN16A, 1 },

    { "migrate-host-recommended-10.0.0-11.1.0", "migrate-host-recommended",
      TEST_TRIMMED, "caps_10.0.0_s390x.cpu.replies", "caps_11.1.0_s390x.cpu.replies", 0 },
    { "migrate-host-model-10.0.0-11.1.0", "migrate-host-model",
      TEST_TRIMMED, "caps_10.0.0_s390x.cpu.replies", "caps_11.1.0_s390x.cpu.replies", 2 },
    { "migrate-host-recommended-11.1.0-10.0.0", "migrate-host-recommended",
      TEST_TRIMMED, "caps_11.1.0_s390x.cpu.replies", "caps_10.0.0_s390x.cpu.replies", 2 },
    { "migrate-host-recommended-10.0.0-9.1.0", "migrate-host-recommended",
      TEST_TRIMMED, "caps_10.0.0_s390x.cpu.replies", "caps_9.1.0_s390x.cpu.replies", 2 },
    /* no full expansion recorded on 8.2: feature names are not checked */
    { "migrate-host-model-10.0.0-8.2.0", "migrate-host-model",
      TEST_TRIMMED, "caps_10.0.0_s390x.cpu.replies", "caps_8.2.0_s390x.cpu.replies", 2 },

    /* libvirt 11.3.0's whole recordings: the machine resolves to
     * s390-ccw-virtio-10.0, which QEMU 9.1 does not offer */
    { "migrate-host-recommended-10.0.0-9.1.0-full", "migrate-host-recommended",
      TEST_FULL, "caps_10.0.0_s390x.replies", "caps_9.1.0_s390x.replies", 2 },
    { "migrate-host-recommended-9.1.0-10.0.0-full", "migrate-host-recommended",
      TEST_FULL, "caps_9.1.0_s390x.replies", "caps_10.0.0_s390x.replies", 0 },
    /* pinned to a machine both offer: the CPU alone decides */
    { "migrate-host-model-machine-9.1-10.0.0-9.1.0-full", "migrate-host-model-machine-9.1",
      TEST_FULL, "caps_10.0.0_s390x.replies", "caps_9.1.0_s390x.replies", 0 },
    /* a feature QEMU 9.1 does not know blocks even when it is off */
    { "migrate-custom-ineff-nc-tx-off-10.0.0-9.1.0-full", "migrate-custom-ineff-nc-tx-off",
      TEST_FULL, "caps_10.0.0_s390x.replies", "caps_9.1.0_s390x.replies", 2 },
};


/* ---- driver ------------------------------------------------------------ */

/* z13 + z14 is not here: its expected output is byte for byte libvirt
 * 9.0's, which libvirtCases reads from ../shared/fixtures in place. */
static const char *baselineCases[] = {
    "baseline-documents",
    "baseline-duplicates",
    "baseline-single",
};

static const testCompareCase compareCases[] = {
    { "compare-identical", QEMU_CPU_COMPARE_IDENTICAL },
    { "compare-superset", QEMU_CPU_COMPARE_SUPERSET },
    { "compare-incompatible", QEMU_CPU_COMPARE_INCOMPATIBLE },
};


static int
testOpenSession(bool record,
                qemuMonitorSource **src)
{
    g_autofree char *recording = virTestDataPath("%s", TEST_RECORDING);
    g_autofree char *target = NULL;
    virDomainVirtType virtType = VIR_DOMAIN_VIRT_QEMU;

    if (record) {
        const char *qemu = g_getenv("HOSTREC_TEST_QEMU");

        *src = qemuMonitorSourceNewLive(qemu ? qemu : "/usr/bin/qemu-system-s390x",
                                        30, recording);
    } else {
        virTestMarkUsed(recording);
        *src = qemuMonitorSourceNewReplay(recording);
    }
    /* Opened as the tool opens it (virt type qemu, a --machine to check),
     * and asked what the tool asks first, so that the recording answers
     * the tool too. */
    if (!*src ||
        virQEMUCapsOpenSession(*src, &virtType, "s390-ccw-virtio", &testMon, &virtType) < 0)
        return -1;
    return qemuMonitorGetTarget(testMon, &target);
}


int
main(void)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    bool record = g_strcmp0(g_getenv("HOSTREC_TEST_RECORD"), "1") == 0;
    g_autofree char *dataDir = virTestDataPath("cputestdata");
    size_t i;

    if (testOpenSession(record, &src) < 0) {
        virTestDiag("cannot open the QMP session: %s", virGetLastErrorMessage());
        return 1;
    }

    virTestRun("input documents", testInputDocuments, NULL);
    virTestRun("input identity", testInputKeys, NULL);
    for (i = 0; i < G_N_ELEMENTS(baselineCases); i++) {
        g_autofree char *name = g_strdup_printf("baseline %s", baselineCases[i]);
        virTestRun(name, testBaseline, baselineCases[i]);
    }
    virTestRun("baseline of a 1000-CPU fleet", testBaselineFleet, NULL);
    for (i = 0; i < G_N_ELEMENTS(compareCases); i++) {
        g_autofree char *name = g_strdup_printf("compare under TCG %s", compareCases[i].name);
        virTestRun(name, testCompare, &compareCases[i]);
    }
    virTestRun("unknown model", testUnknownModel, NULL);
    virTestRun("QEMU 7.2 reports no deprecated features", testDeprecatedNotReported, NULL);
    virTestRun("disable deprecated features and dependents", testDisableDeprecated, NULL);

    if (qemuMonitorClose(testMon) < 0 ||
        (record && qemuMonitorSourceFinishRecording(src) < 0)) {
        virTestDiag("cannot end the QMP session: %s", virGetLastErrorMessage());
        return 1;
    }
    g_clear_pointer(&testMon, qemuMonitorFree);

    for (i = 0; i < G_N_ELEMENTS(toolCases); i++) {
        g_autofree char *name = g_strdup_printf("tool %s", toolCases[i].name);
        virTestRun(name, testTool, &toolCases[i]);
    }

    for (i = 0; i < G_N_ELEMENTS(libvirtCases); i++) {
        g_autofree char *name = g_strdup_printf("same as libvirt 9.0: %s%s%s%s",
                                                libvirtCases[i].fixture,
                                                libvirtCases[i].replay ? " (libvirt's recording)" : "",
                                                libvirtCases[i].extra ? " with " : "",
                                                libvirtCases[i].extra ? libvirtCases[i].extra : "");
        if (!virTestFixturesDir())
            virTestSkip(name, "../shared/fixtures is absent");
        else
            virTestRun(name, testLibvirt, &libvirtCases[i]);
    }

    virTestRun("migration-check JSON escaping", testMigrationJSONEscaping, NULL);
    for (i = 0; i < G_N_ELEMENTS(migrationCases); i++) {
        const testMigrationCase *tc = &migrationCases[i];
        g_autofree char *name = g_strdup_printf("migration-check %s", tc->name);

        if (tc->dir != TEST_OWN && !virTestFixturesDir()) {
            g_autofree char *golden = virTestDataPath("cputestdata/%s.out", tc->name);
            g_autofree char *goldenJSON = virTestDataPath("cputestdata/%s.json", tc->name);
            g_autofree char *domain = virTestDataPath("cputestdata/%s.xml", tc->domain);

            virTestMarkUsed(golden);
            virTestMarkUsed(goldenJSON);
            virTestMarkUsed(domain);
            virTestSkip(name, "../shared/fixtures is absent");
        } else {
            virTestRun(name, testMigration, tc);
        }
    }

    virTestCheckUnusedFiles(dataDir, NULL);
    return virTestMain();
}
