/*
 * qemuxmlconftest.c: domain XML parse/format round trips and rejections
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One table row per case.  A case NAME reads qemuxmlconfdata/NAME.xml and
 *  - round-trips it to itself (parse + virDomainDefFormat), or
 *  - formats it to NAME.out.xml when the canonical form differs, or
 *  - expects it to be rejected with the message in NAME.err.
 * Every expected XML output is also validated against domain.rng, and
 * formatted once more to prove the canonical form is stable.
 *
 * The rows marked .fixture read libvirt's own documents from
 * ../shared/fixtures/qemuxmlconfdata instead (skipped visibly when that
 * directory is absent): they must validate and round-trip unchanged.
 *
 * qemuxmlconfdata/ is shared with other drivers: files named
 * NAME.s390x-VERSION.* (args, xml, err) belong to the command-line driver,
 * which checks them itself; this driver only checks NAME.xml, NAME.out.xml
 * and NAME.err.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "domain_conf.h"
#include "virerror.h"
#include "virxml.h"

typedef enum {
    TEST_ROUNDTRIP = 0,  /* NAME.xml formats to itself */
    TEST_CANONICAL,      /* NAME.xml formats to NAME.out.xml */
    TEST_REJECT,         /* NAME.xml is refused with NAME.err */
} testExpect;

typedef char *(*testGenerator)(size_t *len);

typedef struct {
    const char *name;
    testExpect expect;
    bool fixture;                  /* read from ../shared/fixtures */
    testGenerator generate;        /* build the input instead of reading it */

    /* TEST_REJECT: the schema refuses the document too (the name rule
     * is stated twice, in virqemu.c and basictypes.rng). */
    bool schemaRejects;

    /* Format with this <cpu> instead of the parsed one (NAME.out.xml). */
    const char *withCPU;
    bool dropCPU;

    /* Parsed values to check, when set. */
    unsigned long long memoryKiB;
    unsigned long long currentMemoryKiB;
    unsigned int vcpus;
    unsigned int maxvcpus;
    const char *uuid;
    const char *arch;
    const char *machine;
    const char *emulator;
    const char *virtType;
    const char *cpuMode;
} testCase;


/* More <feature> elements than VIR_CPU_MAX_FEATURES allows. */
static char *
testGenerateManyFeatures(size_t *len)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    size_t i;

    g_string_append(buf,
                    "<domain type='kvm'>\n"
                    "  <name>many-features</name>\n"
                    "  <memory>1048576</memory>\n"
                    "  <os>\n"
                    "    <type arch='s390x'>hvm</type>\n"
                    "  </os>\n"
                    "  <cpu mode='host-recommended'>\n");
    for (i = 0; i <= VIR_CPU_MAX_FEATURES; i++)
        g_string_append_printf(buf, "    <feature policy='disable' name='f%zu'/>\n", i);
    g_string_append(buf, "  </cpu>\n</domain>\n");

    *len = buf->len;
    return g_string_free(g_steal_pointer(&buf), FALSE);
}


/* A document one byte over the size limit. */
static char *
testGenerateTooLarge(size_t *len)
{
    static const char head[] = "<domain type='kvm'><!--";
    static const char tail[] = "--></domain>\n";
    size_t size = VIR_XML_MAX_SIZE + 1;
    char *data = g_malloc(size + 1);

    memset(data, 'x', size);
    memcpy(data, head, strlen(head));
    memcpy(data + size - strlen(tail), tail, strlen(tail));
    data[size] = '\0';

    *len = size;
    return data;
}


static const testCase cases[] = {
    /* every mode */
    { .name = "cpu-custom", .cpuMode = "custom" },
    { .name = "cpu-custom-defaults", .expect = TEST_CANONICAL },
    { .name = "cpu-custom-match-minimum" },
    { .name = "cpu-custom-match-strict" },
    { .name = "cpu-custom-no-mode", .expect = TEST_CANONICAL, .cpuMode = "custom" },
    { .name = "cpu-topology-only" },
    { .name = "cpu-topology-only-mode", .expect = TEST_CANONICAL },
    { .name = "cpu-host-model", .cpuMode = "host-model" },
    { .name = "cpu-host-model-check-none" },
    { .name = "cpu-host-model-fallback-forbid" },
    { .name = "cpu-host-model-features" },
    { .name = "cpu-host-model-deprecated-features-on" },
    { .name = "cpu-host-model-deprecated-features-off" },
    { .name = "cpu-host-passthrough", .cpuMode = "host-passthrough" },
    { .name = "cpu-host-passthrough-migratable-on" },
    { .name = "cpu-host-passthrough-features" },
    { .name = "cpu-maximum", .cpuMode = "maximum" },
    { .name = "cpu-maximum-migratable-off" },
    { .name = "cpu-host-recommended", .cpuMode = "host-recommended" },
    { .name = "cpu-host-recommended-check-full" },
    { .name = "cpu-host-recommended-features" },
    { .name = "cpu-host-recommended-topology" },

    /* every attribute and child */
    { .name = "cpu-check-partial" },
    { .name = "cpu-fallback-allow" },
    { .name = "cpu-vendor" },
    { .name = "cpu-vendor-id" },
    { .name = "cpu-topology" },
    { .name = "cpu-numa", .cpuMode = "host-recommended" },
    { .name = "cpu-topology-defaults", .expect = TEST_CANONICAL },
    { .name = "cpu-feature-policies" },
    { .name = "cpu-feature-policy-default", .expect = TEST_CANONICAL },
    { .name = "cpu-empty-element", .expect = TEST_CANONICAL },

    /* the rest of the document */
    { .name = "domain-minimal", .virtType = "qemu", .vcpus = 1, .maxvcpus = 1,
      .memoryKiB = 524288 },
    { .name = "domain-no-cpu" },
    { .name = "domain-unknown-elements" },
    { .name = "domain-comments" },
    { .name = "domain-cpu-comment", .expect = TEST_CANONICAL },
    { .name = "domain-namespace" },
    { .name = "domain-indent-4", .expect = TEST_CANONICAL },
    { .name = "domain-values", .virtType = "kvm", .memoryKiB = 4194304,
      .currentMemoryKiB = 2097152, .vcpus = 2, .maxvcpus = 4,
      .uuid = "c0ffee00-1234-4abc-8def-0123456789ab", .arch = "s390x",
      .machine = "s390-ccw-virtio", .emulator = "/usr/bin/qemu-system-s390x" },
    { .name = "domain-uuid-no-dashes",
      .uuid = "c0ffee00-1234-4abc-8def-0123456789ab" },
    { .name = "domain-memory-bytes", .memoryKiB = 2 },
    { .name = "domain-memory-kb", .memoryKiB = 976563 },
    { .name = "domain-memory-mib", .memoryKiB = 2097152, .currentMemoryKiB = 1048576 },
    { .name = "domain-memory-gb", .memoryKiB = 3906250 },
    { .name = "domain-memory-tib", .memoryKiB = 1073741824ULL },

    /* replacing, adding and dropping <cpu> */
    { .name = "format-replace-cpu", .expect = TEST_CANONICAL,
      .withCPU = "<cpu mode='custom' match='exact'>"
                 "<model fallback='forbid'>gen16a-base</model>"
                 "<feature policy='require' name='aen'/>"
                 "<feature policy='disable' name='csske'/>"
                 "<feature policy='disable' name='te'/></cpu>" },
    { .name = "format-add-cpu", .expect = TEST_CANONICAL,
      .withCPU = "<cpu mode='host-recommended'/>" },
    { .name = "format-add-cpu-after-features", .expect = TEST_CANONICAL,
      .withCPU = "<cpu mode='host-passthrough' migratable='on'>"
                 "<topology sockets='1' cores='2' threads='1'/></cpu>" },
    { .name = "format-drop-cpu", .expect = TEST_CANONICAL, .dropCPU = true },

    /* CPU rules */
    { .name = "cpu-host-recommended-model", .expect = TEST_REJECT },
    { .name = "cpu-host-recommended-model-fallback", .expect = TEST_REJECT },
    { .name = "cpu-host-recommended-match", .expect = TEST_REJECT },
    /* two rules broken: the <model> element is refused while parsing,
     * before virDomainDefValidate sees the match attribute */
    { .name = "cpu-host-recommended-match-model", .expect = TEST_REJECT },
    /* several rules of virDomainDefValidate broken: the vCPU count is
     * reported first, then the CPU's, then the memory sizes */
    { .name = "cpu-rules-order-vcpu", .expect = TEST_REJECT },
    { .name = "cpu-rules-order-memory", .expect = TEST_REJECT },
    { .name = "cpu-host-recommended-deprecated-features", .expect = TEST_REJECT },
    { .name = "cpu-host-recommended-migratable", .expect = TEST_REJECT },
    { .name = "cpu-feature-duplicate", .expect = TEST_REJECT },
    { .name = "cpu-feature-no-name", .expect = TEST_REJECT },
    { .name = "cpu-feature-empty-name", .expect = TEST_REJECT },
    { .name = "cpu-feature-policy-unknown", .expect = TEST_REJECT },
    /* names: what QEMU allows, nothing that adds a key to -cpu/-machine */
    { .name = "cpu-names-qemu-allows", .machine = "s390-ccw-virtio-7.2" },
    { .name = "cpu-feature-name-comma", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-feature-name-equals", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-feature-name-space", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-feature-name-tab", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-feature-name-leading-dash", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-feature-name-not-ascii", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-model-name-comma", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-model-name-space", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "os-machine-name-comma", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "os-arch-name-slash", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-too-many-features", .expect = TEST_REJECT,
      .generate = testGenerateManyFeatures },
    { .name = "cpu-mode-unknown", .expect = TEST_REJECT },
    { .name = "cpu-match-unknown", .expect = TEST_REJECT },
    { .name = "cpu-check-unknown", .expect = TEST_REJECT },
    { .name = "cpu-fallback-unknown", .expect = TEST_REJECT },
    { .name = "cpu-migratable-unknown", .expect = TEST_REJECT },
    { .name = "cpu-deprecated-features-unknown", .expect = TEST_REJECT },
    { .name = "cpu-match-host-model", .expect = TEST_REJECT },
    { .name = "cpu-match-no-model", .expect = TEST_REJECT },
    { .name = "cpu-migratable-host-model", .expect = TEST_REJECT },
    { .name = "cpu-migratable-custom", .expect = TEST_REJECT },
    /* libvirt 11.3 takes deprecated_features on every mode but ours */
    { .name = "cpu-deprecated-features-custom", .expect = TEST_CANONICAL },
    { .name = "cpu-deprecated-features-host-passthrough" },
    { .name = "cpu-host-model-model-name", .expect = TEST_REJECT },
    { .name = "cpu-host-passthrough-model", .expect = TEST_REJECT },
    { .name = "cpu-maximum-model", .expect = TEST_REJECT },
    { .name = "cpu-custom-features-no-model", .expect = TEST_REJECT },
    { .name = "cpu-custom-fallback-no-model", .expect = TEST_REJECT },
    { .name = "cpu-vendor-no-model", .expect = TEST_REJECT },
    { .name = "cpu-vendor-empty", .expect = TEST_REJECT },
    { .name = "cpu-vendor-id-length", .expect = TEST_REJECT },
    { .name = "cpu-vendor-id-comma", .expect = TEST_REJECT },
    { .name = "cpu-model-twice", .expect = TEST_REJECT },
    { .name = "cpu-topology-twice", .expect = TEST_REJECT },
    { .name = "cpu-topology-zero", .expect = TEST_REJECT },
    { .name = "cpu-topology-garbage", .expect = TEST_REJECT },
    { .name = "cpu-topology-negative", .expect = TEST_REJECT },
    { .name = "cpu-topology-missing-cores", .expect = TEST_REJECT },
    { .name = "cpu-unknown-child", .expect = TEST_REJECT },
    /* <numa>, <cache>, <maxphysaddr>: libvirt's shape and rules */
    { .name = "cpu-numa-id-range", .expect = TEST_REJECT },
    { .name = "cpu-numa-id-twice", .expect = TEST_REJECT },
    { .name = "cpu-numa-cpus-overlap", .expect = TEST_REJECT },
    { .name = "cpu-numa-cpus-garbage", .expect = TEST_REJECT },
    { .name = "cpu-numa-cpus-beyond-vcpus", .expect = TEST_REJECT },
    { .name = "cpu-numa-distance-local", .expect = TEST_REJECT },
    { .name = "cpu-numa-distance-range", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-distance-no-cell", .expect = TEST_REJECT },
    { .name = "cpu-numa-unknown-attribute", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-unknown-child", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-text", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-unit-unknown", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-memory-too-large", .expect = TEST_REJECT },
    { .name = "cpu-numa-line-missing", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-interconnect-cache", .expect = TEST_REJECT },
    { .name = "cpu-numa-interconnect-no-cpus", .expect = TEST_REJECT },
    { .name = "cpu-cache-level", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-maxphysaddr-mode", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-numa-twice", .expect = TEST_REJECT, .schemaRejects = true },
    { .name = "cpu-twice", .expect = TEST_REJECT },

    /* domain rules */
    { .name = "domain-type-xen", .expect = TEST_REJECT },
    { .name = "domain-type-missing", .expect = TEST_REJECT },
    { .name = "domain-root-not-domain", .expect = TEST_REJECT },
    { .name = "domain-name-missing", .expect = TEST_REJECT },
    { .name = "domain-uuid-malformed", .expect = TEST_REJECT },
    { .name = "domain-memory-missing", .expect = TEST_REJECT },
    { .name = "domain-memory-unit-unknown", .expect = TEST_REJECT },
    { .name = "domain-memory-garbage", .expect = TEST_REJECT },
    { .name = "domain-memory-overflow", .expect = TEST_REJECT },
    { .name = "domain-current-memory-larger", .expect = TEST_REJECT },
    { .name = "domain-vcpu-zero", .expect = TEST_REJECT },
    { .name = "domain-vcpu-current-larger", .expect = TEST_REJECT },
    { .name = "domain-os-missing", .expect = TEST_REJECT },
    { .name = "domain-os-type-unknown", .expect = TEST_REJECT },
    { .name = "domain-emulator-empty", .expect = TEST_REJECT },

    /* unsafe or malformed XML */
    { .name = "xml-malformed", .expect = TEST_REJECT },
    { .name = "xml-unclosed", .expect = TEST_REJECT },
    { .name = "xml-doctype", .expect = TEST_REJECT },
    { .name = "xml-entity-bomb", .expect = TEST_REJECT },
    { .name = "xml-external-entity", .expect = TEST_REJECT },
    { .name = "xml-undefined-entity", .expect = TEST_REJECT },
    { .name = "xml-not-utf8", .expect = TEST_REJECT },
    { .name = "xml-empty", .expect = TEST_REJECT },
    { .name = "xml-too-large", .expect = TEST_REJECT,
      .generate = testGenerateTooLarge },

    /* libvirt's own documents */
    { .name = "cpu-model-deprecated-features-none", .fixture = true },
    { .name = "cpu-model-deprecated-features-on", .fixture = true },
    { .name = "cpu-model-deprecated-features-off", .fixture = true },
    { .name = "cpu-model-deprecated-features-none.s390x-latest", .fixture = true },
    { .name = "cpu-model-deprecated-features-on.s390x-latest", .fixture = true },
    { .name = "cpu-s390-features", .fixture = true },
    { .name = "cpu-s390-features.s390x-latest", .fixture = true },
    { .name = "cpu-s390-zEC12", .fixture = true },
};


static int
testValidate(const char *xml,
             const char *what)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseString(xml, strlen(xml), what)))
        return -1;
    return virXMLValidateAgainstSchema(doc, what, "domain.rng");
}


static int
testCheckValues(const testCase *tc,
                const virDomainDef *def)
{
    char uuid[37];
    int ret = 0;

#define CHECK_NUM(field, fmt) \
    if (tc->field && tc->field != def->field) { \
        virTestDiag("%s: expected " fmt ", got " fmt, #field, tc->field, def->field); \
        ret = -1; \
    }
#define CHECK_STR(field, actual) \
    if (tc->field && !STREQ_NULLABLE(tc->field, actual)) { \
        virTestDiag("%s: expected '%s', got '%s'", #field, tc->field, NULLSTR(actual)); \
        ret = -1; \
    }

    CHECK_NUM(memoryKiB, "%llu");
    CHECK_NUM(currentMemoryKiB, "%llu");
    CHECK_NUM(vcpus, "%u");
    CHECK_NUM(maxvcpus, "%u");
    CHECK_STR(arch, def->arch);
    CHECK_STR(machine, def->machine);
    CHECK_STR(emulator, def->emulator);
    CHECK_STR(virtType, virDomainVirtTypeToString(def->virtType));
    CHECK_STR(cpuMode, def->cpu ? virCPUModeTypeToString(def->cpu->mode) : NULL);
    if (tc->uuid) {
        if (!def->hasUUID) {
            virTestDiag("uuid: expected '%s', got none", tc->uuid);
            ret = -1;
        } else {
            virUUIDFormat(def->uuid, uuid);
            if (!STREQ(tc->uuid, uuid)) {
                virTestDiag("uuid: expected '%s', got '%s'", tc->uuid, uuid);
                ret = -1;
            }
        }
    }

#undef CHECK_NUM
#undef CHECK_STR
    return ret;
}


/* Parse and check @data as the domain document @displayName. */
static virDomainDef *
testParse(const char *data,
          size_t len,
          const char *displayName)
{
    g_autoptr(virDomainDef) def = NULL;
    xmlDocPtr doc;

    if (!(doc = virXMLParseString(data, len, displayName)))
        return NULL;
    if (!(def = virDomainDefParseDoc(doc, displayName)))
        return NULL;
    if (virDomainDefValidate(def) < 0)
        return NULL;
    return g_steal_pointer(&def);
}


static int
testFormat(const testCase *tc,
           const virDomainDef *def,
           char **out)
{
    g_autoptr(virCPUDef) cpu = NULL;

    if (tc->withCPU) {
        g_autoptr(xmlDoc) doc = NULL;

        if (!(doc = virXMLParseString(tc->withCPU, strlen(tc->withCPU), "withCPU")) ||
            virCPUDefParseXML(xmlDocGetRootElement(doc), 0, &cpu) < 0 ||
            virCPUDefValidate(cpu) < 0)
            return -1;
        *out = virDomainDefFormatWithCPU(def, cpu);
    } else if (tc->dropCPU) {
        *out = virDomainDefFormatWithCPU(def, NULL);
    } else {
        *out = virDomainDefFormat(def);
    }
    return 0;
}


static int
testQemuXMLConf(const void *opaque)
{
    const testCase *tc = opaque;
    const char *dir = tc->fixture ? virTestFixturesDir() : virTestSrcDir();
    const char *sub = "qemuxmlconfdata";
    g_autofree char *inPath = g_strdup_printf("%s/%s/%s.xml", dir, sub, tc->name);
    g_autofree char *displayName = g_strdup_printf("%s/%s.xml", sub, tc->name);
    g_autofree char *input = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) again = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *second = NULL;
    size_t len;

    if (tc->generate) {
        input = tc->generate(&len);
    } else {
        if (!(input = virTestLoadFile(inPath)))
            return -1;
        len = strlen(input);
    }

    def = testParse(input, len, displayName);

    if (tc->expect == TEST_REJECT) {
        g_autofree char *errPath = g_strdup_printf("%s/%s/%s.err", dir, sub, tc->name);
        g_autofree char *message = NULL;

        if (def) {
            virTestDiag("%s was accepted, but should be rejected", displayName);
            return -1;
        }
        message = g_strdup_printf("%s\n", virGetLastErrorMessage());
        virResetLastError();
        if (tc->schemaRejects && testValidate(input, displayName) == 0) {
            virTestDiag("domain.rng accepts %s", displayName);
            return -1;
        }
        virResetLastError();
        return virTestCompareToFile(message, errPath);
    }

    if (!def)
        return -1;

    if (testCheckValues(tc, def) < 0)
        return -1;

    if (testFormat(tc, def, &actual) < 0)
        return -1;

    if (tc->expect == TEST_CANONICAL) {
        g_autofree char *outPath = g_strdup_printf("%s/%s/%s.out.xml", dir, sub, tc->name);

        if (virTestCompareToFile(actual, outPath) < 0)
            return -1;
    } else {
        /* The input is its own expected output: never regenerated. */
        if (virTestCompareStrings(input, actual, inPath) < 0)
            return -1;
    }

    if (testValidate(actual, displayName) < 0)
        return -1;

    /* The canonical form is a fixed point. */
    if (!(again = testParse(actual, strlen(actual), displayName)))
        return -1;
    second = virDomainDefFormat(again);
    return virTestCompareStrings(actual, second, "formatting the output again");
}


/* The command-line driver (qemuxml2argvtest) shares the data directory:
 * its cases are NAME.xml with expected NAME.ARCH-VERSION.args, .xml or
 * .err files (ARCH s390x or x86_64), and it checks those itself.  Mark them, and the NAME.xml
 * they belong to, used here, so that the unused-file check below only
 * concerns this driver's NAME.xml, NAME.out.xml and NAME.err. */
static void
testMarkOtherDriversFiles(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *ent;

    if (!d)
        return;
    while ((ent = g_dir_read_name(d))) {
        const char *infix = strstr(ent, ".s390x-");
        g_autofree char *path = NULL;

        if (!infix)
            infix = strstr(ent, ".x86_64-");
        g_autofree char *input = NULL;

        if (!infix)
            continue;
        path = g_build_filename(dir, ent, NULL);
        input = g_strdup_printf("%s/%.*s.xml", dir, (int)(infix - ent), ent);
        virTestMarkUsed(path);
        virTestMarkUsed(input);
    }
}


int
main(void)
{
    g_autofree char *dataDir = virTestDataPath("qemuxmlconfdata");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("qemuxmlconf %s", cases[i].name);

        if (cases[i].fixture && !virTestFixturesDir()) {
            virTestSkip(title, "../shared/fixtures is absent");
            continue;
        }
        virTestRun(title, testQemuXMLConf, &cases[i]);
    }

    testMarkOtherDriversFiles(dataDir);
    virTestCheckUnusedFiles(dataDir, NULL);

    return virTestMain();
}
