/*
 * domaincapstest.c: hostrec domcapabilities, from recordings to XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Golden files: every probe recording tests/qemucapabilitiesdata/NAME.replies
 * (NAME starting with "qemu_"),
 * for every virt type it has a session for, gives
 * tests/domaincapsdata/NAME.VIRTTYPE.xml and, with
 * --disable-deprecated-features, NAME.VIRTTYPE.disable-deprecated.xml.
 * Every output is validated against domaincaps.rng.
 *
 * Conformance (../shared/fixtures, skipped visibly when absent): the <cpu>
 * block built from libvirt's recordings equals the one in libvirt's
 * expected domcapabilities, hostrec's additions left aside; for libvirt
 * 11.3.0's full recordings, byte for byte (see that section).
 *
 * Live (/usr/bin/qemu-system-s390x, skipped visibly when absent): the
 * real binary under TCG.
 *
 * Faults: the built tool (HOSTREC) is run on a missing or non-executable
 * binary and on broken recordings: one clear error, exit status 1, no
 * cache written.
 */

#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "testutils.h"
#include "domain_capabilities.h"
#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "qemu_domaincaps.h"
#include "qemu_host.h"
#include "virerror.h"
#include "virfile.h"
#include "virxml.h"

#define LIVE_QEMU "/usr/bin/qemu-system-s390x"

static char *
testReplayPath(const char *name)
{
    return virTestDataPath("qemucapabilitiesdata/%s.replies", name);
}

static int
testProbeReplay(const char *path,
                virQEMUCaps **caps)
{
    g_autoptr(qemuMonitorSource) src = NULL;

    if (!(src = qemuMonitorSourceNewReplay(path)))
        return -1;
    return virQEMUCapsProbe(src, caps);
}

/* What the tool does for --replay without --emulatorbin. */
static char *
testDefaultPath(const virQEMUCaps *caps)
{
    return qemuHostEmulatorDefaultPath(caps->arch);
}

static int
testBuild(const virQEMUCaps *caps,
          virDomainVirtType virtType,
          unsigned int flags,
          char **xml)
{
    g_autoptr(virDomainCaps) domCaps = NULL;
    g_autofree char *path = testDefaultPath(caps);

    if (qemuDomainCapsBuild(caps, path, virtType, NULL, flags, &domCaps) < 0)
        return -1;
    *xml = virDomainCapsFormat(domCaps);
    return 0;
}

static xmlDocPtr
testParseValid(const char *xml,
               const char *name)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseString(xml, strlen(xml), name)))
        return NULL;
    if (virXMLValidateAgainstSchema(doc, name, "domaincaps.rng") < 0)
        return NULL;
    return g_steal_pointer(&doc);
}


/* For g_ptr_array_sort() of strings. */
static int
testCompareStrPtr(const void *a,
                  const void *b)
{
    return strcmp(*(char * const *) a, *(char * const *) b);
}

/* A case whose preparation failed (the error is pending). */
static int
testFailed(const void *opaque G_GNUC_UNUSED)
{
    return -1;
}


/* ---- Golden files ------------------------------------------------------ */

typedef struct {
    char *recording;            /* NAME */
    virDomainVirtType virtType;
    unsigned int flags;
} testGoldenData;

static void
testGoldenDataFree(void *opaque)
{
    testGoldenData *data = opaque;

    g_free(data->recording);
    g_free(data);
}

static int
testGolden(const void *opaque)
{
    const testGoldenData *data = opaque;
    g_autofree char *replies = testReplayPath(data->recording);
    g_autofree char *expected = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) doc = NULL;

    expected = virTestDataPath("domaincapsdata/%s.%s%s.xml", data->recording,
                               virDomainVirtTypeToString(data->virtType),
                               data->flags ? ".disable-deprecated" : "");

    virTestMarkUsed(replies);
    if (testProbeReplay(replies, &caps) < 0)
        return -1;

    /* An arch whose host-model hostrec cannot compute as libvirt does
     * (x86_64: libvirt's CPU map) is refused, never printed differently. */
    if (!virCPUArchHasHostModel(caps->arch)) {
        g_autofree char *errFile = virTestDataPath("domaincapsdata/%s.%s%s.err",
                                                   data->recording,
                                                   virDomainVirtTypeToString(data->virtType),
                                                   data->flags ? ".disable-deprecated" : "");

        if (testBuild(caps, data->virtType, data->flags, &xml) == 0) {
            virTestDiag("domain capabilities of arch '%s' were built", caps->arch);
            return -1;
        }
        return virTestCompareToFile(virGetLastErrorMessage(), errFile);
    }

    if (testBuild(caps, data->virtType, data->flags, &xml) < 0)
        return -1;
    if (!(doc = testParseValid(xml, expected)))
        return -1;
    return virTestCompareToFile(xml, expected);
}

/* Every recording, every virt type it has a session for. */
static void
testGoldenAll(void)
{
    g_autofree char *dir = virTestDataPath("qemucapabilitiesdata");
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func(testGoldenDataFree);
    size_t i;

    while (d) {
        const char *ent = g_dir_read_name(d);

        if (!ent)
            break;
        /* raw_*.replies are raw material, not probes */
        if (g_str_has_prefix(ent, "qemu_") && g_str_has_suffix(ent, ".replies"))
            g_ptr_array_add(names, g_strndup(ent, strlen(ent) - strlen(".replies")));
    }
    g_ptr_array_sort(names, testCompareStrPtr);

    if (names->len == 0)
        virTestSkip("golden files", "tests/qemucapabilitiesdata has no .replies recording");

    for (i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        g_autofree char *replies = testReplayPath(name);
        g_autoptr(virQEMUCaps) caps = NULL;
        virDomainVirtType types[] = { VIR_DOMAIN_VIRT_KVM, VIR_DOMAIN_VIRT_QEMU };
        size_t t;

        if (testProbeReplay(replies, &caps) < 0) {
            g_autofree char *what = g_strdup_printf("probe %s", name);
            virTestRun(what, testFailed, NULL);
            continue;
        }

        for (t = 0; t < G_N_ELEMENTS(types); t++) {
            unsigned int flags;

            if (!virQEMUCapsGetAccel(caps, types[t]))
                continue;
            if (types[t] == VIR_DOMAIN_VIRT_KVM && !caps->kvmAvailable)
                continue;

            for (flags = 0; flags <= QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES; flags++) {
                testGoldenData *data = g_new0(testGoldenData, 1);
                g_autofree char *what = NULL;

                data->recording = g_strdup(name);
                data->virtType = types[t];
                data->flags = flags;
                what = g_strdup_printf("golden %s %s%s", name,
                                       virDomainVirtTypeToString(types[t]),
                                       flags ? " --disable-deprecated-features" : "");
                g_ptr_array_add(cases, data);
                virTestRun(what, testGolden, data);
            }
        }
    }
}


/* ---- Machine types that allow no CPU model ------------------------------ */

/* s390-ccw-virtio-2.4 to -2.7 allow no CPU model under KVM: libvirt
 * reports host-passthrough only there.  A case builds the document of one
 * recording for one machine and compares it with @golden
 * (domaincapsdata/GOLDEN.xml) or, when @golden is NULL, with the
 * recording's own golden file of the default machine, <machine> aside:
 * the machine type changes nothing else. */
typedef struct {
    const char *name;
    const char *recording;      /* under tests/, or @FIXTURES@/... */
    virDomainVirtType virtType;
    const char *machine;
    const char *golden;
} testMachineData;

static int
testMachine(const void *opaque)
{
    const testMachineData *data = opaque;
    g_autofree char *replies = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *path = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virDomainCaps) domCaps = NULL;
    g_autoptr(xmlDoc) doc = NULL;

    if (g_str_has_prefix(data->recording, "@FIXTURES@/")) {
        replies = g_build_filename(virTestFixturesDir(),
                                   data->recording + strlen("@FIXTURES@/"), NULL);
    } else {
        replies = virTestDataPath("%s", data->recording);
        virTestMarkUsed(replies);
    }
    if (testProbeReplay(replies, &caps) < 0)
        return -1;
    path = testDefaultPath(caps);
    if (qemuDomainCapsBuild(caps, path, data->virtType, data->machine, 0, &domCaps) < 0)
        return -1;
    xml = virDomainCapsFormat(domCaps);
    if (!(doc = testParseValid(xml, data->name)))
        return -1;

    if (data->golden) {
        expected = virTestDataPath("domaincapsdata/%s.xml", data->golden);
        return virTestCompareToFile(xml, expected);
    } else {
        g_autofree char *base = g_path_get_basename(data->recording);
        g_autofree char *golden = NULL;
        g_autofree char *want = NULL;
        g_autofree char *mine = g_strdup_printf("<machine>%s</machine>", data->machine);
        g_autofree char *theirs = NULL;
        g_auto(GStrv) parts = NULL;
        const char *start;
        const char *end;

        base[strlen(base) - strlen(".replies")] = '\0';
        golden = virTestDataPath("domaincapsdata/%s.%s.xml", base,
                                 virDomainVirtTypeToString(data->virtType));
        if (!(want = virTestLoadFile(golden)))
            return -1;
        if (!(start = strstr(want, "<machine>")) ||
            !(end = strstr(start, "</machine>"))) {
            virTestDiag("'%s' has no <machine>", golden);
            return -1;
        }
        theirs = g_strndup(start, end + strlen("</machine>") - start);
        parts = g_strsplit(want, theirs, 2);
        g_clear_pointer(&want, g_free);
        want = g_strjoin(mine, parts[0], parts[1], NULL);
        return virTestCompareStrings(want, xml, golden);
    }
}

static void
testMachineAll(void)
{
    static const testMachineData cases[] = {
        { "machine s390-ccw-virtio-2.7 kvm: host-passthrough only",
          "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies",
          VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", "machine-s390-ccw-virtio-2.7.kvm" },
        { "machine s390-ccw-virtio-2.4 kvm: host-passthrough only",
          "qemucapabilitiesdata/qemu_9.1.0-gen17like_s390x_kvm.replies",
          VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.4", "machine-s390-ccw-virtio-2.4.kvm" },
        { "machine s390-ccw-virtio-2.7 kvm, libvirt 11.3.0's 9.1.0 recording",
          "@FIXTURES@/libvirt-11.3.0/qemucapabilitiesdata/caps_9.1.0_s390x.replies",
          VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", "machine-s390-ccw-virtio-2.7.kvm" },
        { "machine s390-ccw-virtio-2.8 kvm: as the default machine",
          "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies",
          VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.8", NULL },
        { "machine s390-ccw-virtio-2.7 qemu: as the default machine (TCG)",
          "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies",
          VIR_DOMAIN_VIRT_QEMU, "s390-ccw-virtio-2.7", NULL },
        { "machine s390-ccw-virtio-2.7 qemu: as the default machine (QEMU 7.2)",
          "qemucapabilitiesdata/qemu_7.2.0_s390x_tcg.replies",
          VIR_DOMAIN_VIRT_QEMU, "s390-ccw-virtio-2.7", NULL },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (g_str_has_prefix(cases[i].recording, "@FIXTURES@/") &&
            !virTestFixturesDir()) {
            virTestSkip(cases[i].name, "../shared/fixtures is absent");
            continue;
        }
        virTestRun(cases[i].name, testMachine, &cases[i]);
    }
}


/* ---- Conformance with libvirt's files ------------------------------------ */

static xmlNodePtr
testFindMode(xmlNodePtr cpu,
             const char *name)
{
    xmlNodePtr n;

    for (n = cpu ? cpu->children : NULL; n; n = n->next) {
        g_autofree char *mode = NULL;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "mode"))
            continue;
        mode = virXMLPropString(n, "name");
        if (mode && STREQ(mode, name))
            return n;
    }
    return NULL;
}

static bool
testHasElementChild(xmlNodePtr node)
{
    xmlNodePtr n;

    for (n = node->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            return true;
    }
    return false;
}

/* A canonical text of @node and its subtree, without what libvirt does
 * not have: the host-recommended mode and the deprecated markings of
 * blockers. */
static void
testSummarize(GString *buf,
              xmlNodePtr node,
              int depth)
{
    xmlNodePtr n;
    xmlAttrPtr a;
    g_autofree char *text = NULL;

    if (xmlStrEqual(node->name, BAD_CAST "mode")) {
        g_autofree char *mode = virXMLPropString(node, "name");

        if (mode && STREQ(mode, "host-recommended"))
            return;
    }

    g_string_append_printf(buf, "%*s%s", depth * 2, "", (const char *) node->name);
    for (a = node->properties; a; a = a->next) {
        g_autofree char *val = NULL;

        if (xmlStrEqual(a->name, BAD_CAST "deprecatedOnly"))
            continue;
        if (xmlStrEqual(a->name, BAD_CAST "deprecated") && node->parent &&
            xmlStrEqual(node->parent->name, BAD_CAST "blockers"))
            continue;
        val = virXMLPropString(node, (const char *) a->name);
        g_string_append_printf(buf, " %s=%s", (const char *) a->name, val);
    }
    if (!testHasElementChild(node) && (text = virXMLNodeContentString(node)) &&
        *g_strstrip(text))
        g_string_append_printf(buf, " [%s]", text);
    g_string_append_c(buf, '\n');

    for (n = node->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            testSummarize(buf, n, depth + 1);
    }
}

/* Everything before <cpu> that hostrec emits, then the <cpu> block. */
static char *
testSummarizeDoc(xmlDocPtr doc)
{
    GString *buf = g_string_new(NULL);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    const char *header[] = { "path", "domain", "machine", "arch", "vcpu", "cpu" };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(header); i++) {
        xmlNodePtr n = virXMLNodeGetChild(root, header[i]);

        if (n)
            testSummarize(buf, n, 0);
        else
            g_string_append_printf(buf, "(no %s)\n", header[i]);
    }
    return g_string_free(buf, FALSE);
}

typedef struct {
    const char *version;
} testConformData;

static int
testConformLoad(const char *version,
                virQEMUCaps **caps,
                xmlDocPtr *ours,
                xmlDocPtr *theirs,
                unsigned int flags)
{
    g_autofree char *replies = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *data = NULL;

    replies = g_strdup_printf("%s/qemu-replies/caps_%s_s390x.cpu.replies",
                              virTestFixturesDir(), version);
    expected = g_strdup_printf("%s/domaincaps/qemu_%s.s390x.xml",
                               virTestFixturesDir(), version);

    if (testProbeReplay(replies, caps) < 0)
        return -1;
    if (testBuild(*caps, VIR_DOMAIN_VIRT_KVM, flags, &xml) < 0)
        return -1;
    if (!(*ours = testParseValid(xml, "hostrec's output")))
        return -1;
    if (!(data = virTestLoadFile(expected)))
        return -1;
    if (!(*theirs = testParseValid(data, expected)))
        return -1;
    return 0;
}

/* The whole <cpu> block (and the header) equals libvirt's. */
static int
testConformCPU(const void *opaque)
{
    const testConformData *data = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) ours = NULL;
    g_autoptr(xmlDoc) theirs = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    if (testConformLoad(data->version, &caps, &ours, &theirs, 0) < 0)
        return -1;
    a = testSummarizeDoc(ours);
    b = testSummarizeDoc(theirs);
    return virTestCompareStrings(b, a, "domcapabilities header and <cpu>");
}

static int
testFeatureList(xmlNodePtr mode,
                GPtrArray *names,
                GPtrArray *attrs)
{
    xmlNodePtr n;

    for (n = mode ? mode->children : NULL; n; n = n->next) {
        g_autofree char *policy = NULL;
        g_autofree char *reason = NULL;
        g_autofree char *requires = NULL;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "feature"))
            continue;
        policy = virXMLPropString(n, "policy");
        reason = virXMLPropString(n, "reason");
        requires = virXMLPropString(n, "requires");
        g_ptr_array_add(names, virXMLPropString(n, "name"));
        g_ptr_array_add(attrs, g_strdup_printf("%s%s%s%s%s", policy,
                                               reason ? " reason=" : "", reason ? reason : "",
                                               requires ? " requires=" : "", requires ? requires : ""));
    }
    return 0;
}

static int
testFindName(GPtrArray *names,
             const char *name)
{
    guint i;

    for (i = 0; i < names->len; i++) {
        if (STREQ((const char *) g_ptr_array_index(names, i), name))
            return i;
    }
    return -1;
}

static char *
testModelText(xmlNodePtr mode)
{
    xmlNodePtr model = virXMLNodeGetChild(mode, "model");

    return model ? virXMLNodeContentString(model) : NULL;
}

/* host-recommended: supported='no' without deprecated-props (8.2.0);
 * otherwise host-model with QEMU's deprecated set disabled (reason
 * deprecated) and te's dependent ineff_nc_tx disabled (reason requires,
 * from the s390x dependency table), everything else as in host-model. */
static int
testConformHostRecommended(const void *opaque)
{
    const testConformData *data = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) ours = NULL;
    g_autoptr(xmlDoc) theirs = NULL;
    g_autoptr(GPtrArray) hmNames = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) hmAttrs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) hrNames = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) hrAttrs = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *supported = NULL;
    g_autofree char *reason = NULL;
    g_autofree char *hmModel = NULL;
    g_autofree char *hrModel = NULL;
    xmlNodePtr cpu;
    xmlNodePtr hm;
    xmlNodePtr hr;
    char **deprecated;
    guint i;

    if (testConformLoad(data->version, &caps, &ours, &theirs, 0) < 0)
        return -1;

    cpu = virXMLNodeGetChild(xmlDocGetRootElement(ours), "cpu");
    hm = testFindMode(cpu, "host-model");
    if (!(hr = testFindMode(cpu, "host-recommended"))) {
        virTestDiag("no host-recommended mode");
        return -1;
    }
    supported = virXMLPropString(hr, "supported");
    reason = virXMLPropString(hr, "reason");
    deprecated = virCPUHostModelGetDeprecated(virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM)->hostCPU);

    if (STREQ(data->version, "8.2.0")) {
        if (deprecated || STRNEQ(supported, "no") ||
            STRNEQ(NULLSTR(reason), "deprecated-features-unreported")) {
            virTestDiag("8.2.0: expected supported='no' reason='deprecated-features-unreported', got '%s' '%s'",
                        supported, NULLSTR(reason));
            return -1;
        }
        return 0;
    }

    if (!deprecated || STRNEQ(supported, "yes") || reason) {
        virTestDiag("%s: expected supported='yes', got '%s' '%s'",
                    data->version, supported, NULLSTR(reason));
        return -1;
    }

    hmModel = testModelText(hm);
    hrModel = testModelText(hr);
    if (virTestCompareStrings(hmModel, hrModel, "host-recommended model") < 0)
        return -1;

    testFeatureList(hm, hmNames, hmAttrs);
    testFeatureList(hr, hrNames, hrAttrs);

    for (i = 0; i < hrNames->len; i++) {
        const char *name = g_ptr_array_index(hrNames, i);
        const char *got = g_ptr_array_index(hrAttrs, i);
        g_autofree char *want = NULL;
        int h = testFindName(hmNames, name);

        if (g_strv_contains((const char * const *) deprecated, name))
            want = g_strdup("disable reason=deprecated");
        else if (STREQ(name, "ineff_nc_tx"))
            want = g_strdup("disable reason=requires requires=te");
        else if (h >= 0)
            want = g_strdup(g_ptr_array_index(hmAttrs, h));
        else
            want = g_strdup("(not in host-model)");

        if (STRNEQ(want, got)) {
            virTestDiag("%s: feature '%s': expected '%s', got '%s'",
                        data->version, name, want, got);
            return -1;
        }
    }

    /* nothing of host-model is lost, every deprecated feature is there */
    for (i = 0; i < hmNames->len; i++) {
        if (testFindName(hrNames, g_ptr_array_index(hmNames, i)) < 0) {
            virTestDiag("host-model feature '%s' missing from host-recommended",
                        (const char *) g_ptr_array_index(hmNames, i));
            return -1;
        }
    }
    for (i = 0; deprecated[i]; i++) {
        if (testFindName(hrNames, deprecated[i]) < 0) {
            virTestDiag("deprecated feature '%s' missing from host-recommended",
                        deprecated[i]);
            return -1;
        }
    }
    return 0;
}

/* --disable-deprecated-features: host-model as without the flag, with
 * every deprecated feature disabled in place, the missing ones appended
 * in QEMU's order (as upstream's virCPUDefUpdateFeature does). */
static int
testConformDisableDeprecated(const void *opaque)
{
    const testConformData *data = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) plain = NULL;
    g_autoptr(xmlDoc) flagged = NULL;
    g_autoptr(xmlDoc) theirs = NULL;
    g_autoptr(xmlDoc) theirs2 = NULL;
    g_autoptr(virQEMUCaps) caps2 = NULL;
    g_autoptr(GPtrArray) pNames = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) pAttrs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) fNames = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) fAttrs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) want = g_string_new(NULL);
    g_autoptr(GString) got = g_string_new(NULL);
    char **deprecated;
    guint i;

    if (testConformLoad(data->version, &caps, &plain, &theirs, 0) < 0 ||
        testConformLoad(data->version, &caps2, &flagged, &theirs2,
                        QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES) < 0)
        return -1;

    testFeatureList(testFindMode(virXMLNodeGetChild(xmlDocGetRootElement(plain), "cpu"),
                                 "host-model"), pNames, pAttrs);
    testFeatureList(testFindMode(virXMLNodeGetChild(xmlDocGetRootElement(flagged), "cpu"),
                                 "host-model"), fNames, fAttrs);
    deprecated = virCPUHostModelGetDeprecated(virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM)->hostCPU);

    for (i = 0; i < pNames->len; i++) {
        const char *name = g_ptr_array_index(pNames, i);

        g_string_append_printf(want, "%s=%s\n", name,
                               deprecated && g_strv_contains((const char * const *) deprecated, name) ?
                               "disable" : (const char *) g_ptr_array_index(pAttrs, i));
    }
    for (i = 0; deprecated && deprecated[i]; i++) {
        if (testFindName(pNames, deprecated[i]) < 0)
            g_string_append_printf(want, "%s=disable\n", deprecated[i]);
    }
    for (i = 0; i < fNames->len; i++)
        g_string_append_printf(got, "%s=%s\n", (const char *) g_ptr_array_index(fNames, i),
                               (const char *) g_ptr_array_index(fAttrs, i));

    return virTestCompareStrings(want->str, got->str,
                                 "host-model with --disable-deprecated-features");
}

/* The -cpu of libvirt's host-model guest with deprecated features off
 * (QEMU 11.1.0) enables and disables exactly what our host-model block
 * with --disable-deprecated-features requires and disables. */
static int
testConformDisableDeprecatedArgs(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) ours = NULL;
    g_autoptr(xmlDoc) theirs = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) attrs = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *argsPath = NULL;
    g_autofree char *args = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) props = NULL;
    g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *wantStr = NULL;
    g_autofree char *gotStr = NULL;
    g_autofree char *model = NULL;
    xmlNodePtr hm;
    size_t i;

    argsPath = g_strdup_printf("%s/qemuxmlconfdata/cpu-model-deprecated-features-none.s390x-latest.args",
                               virTestFixturesDir());
    if (!(args = virTestLoadFile(argsPath)))
        return -1;
    lines = g_strsplit(args, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "-cpu ")) {
            g_autofree char *val = g_strdup(lines[i] + strlen("-cpu "));

            g_strchomp(val);
            if (g_str_has_suffix(val, " \\"))
                val[strlen(val) - 2] = '\0';
            props = g_strsplit(val, ",", -1);
            break;
        }
    }
    if (!props) {
        virTestDiag("no -cpu line in '%s'", argsPath);
        return -1;
    }

    if (testConformLoad("11.1.0", &caps, &ours, &theirs,
                        QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES) < 0)
        return -1;
    hm = testFindMode(virXMLNodeGetChild(xmlDocGetRootElement(ours), "cpu"), "host-model");
    model = testModelText(hm);
    testFeatureList(hm, names, attrs);

    if (virTestCompareStrings(props[0], model, "host-model model vs -cpu") < 0)
        return -1;

    for (i = 1; props[i]; i++)
        g_ptr_array_add(want, g_strdup(props[i]));
    for (i = 0; i < names->len; i++)
        g_ptr_array_add(got, g_strdup_printf("%s=%s", (const char *) g_ptr_array_index(names, i),
                                             STREQ(g_ptr_array_index(attrs, i), "require") ? "on" : "off"));
    g_ptr_array_sort(want, testCompareStrPtr);
    g_ptr_array_sort(got, testCompareStrPtr);
    g_ptr_array_add(want, NULL);
    g_ptr_array_add(got, NULL);
    wantStr = g_strjoinv("\n", (char **) want->pdata);
    gotStr = g_strjoinv("\n", (char **) got->pdata);
    if (virTestCompareStrings(wantStr, gotStr, "-cpu props vs host-model features") < 0)
        return -1;

    /* csske is not a host feature: appended last, as upstream does */
    if (STRNEQ((const char *) g_ptr_array_index(names, names->len - 1), "csske")) {
        virTestDiag("expected csske appended last");
        return -1;
    }
    return 0;
}

static void
testConformAll(void)
{
    static const testConformData versions[] = {
        { "8.2.0" }, { "9.1.0" }, { "10.0.0" }, { "11.1.0" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(versions); i++) {
        g_autofree char *n1 = g_strdup_printf("conformance %s: header and <cpu> equal libvirt's",
                                              versions[i].version);
        g_autofree char *n2 = g_strdup_printf("conformance %s: host-recommended",
                                              versions[i].version);
        g_autofree char *n3 = g_strdup_printf("conformance %s: --disable-deprecated-features",
                                              versions[i].version);

        if (!virTestFixturesDir()) {
            virTestSkip(n1, "../shared/fixtures is absent");
            virTestSkip(n2, "../shared/fixtures is absent");
            virTestSkip(n3, "../shared/fixtures is absent");
            continue;
        }
        virTestRun(n1, testConformCPU, &versions[i]);
        virTestRun(n2, testConformHostRecommended, &versions[i]);
        virTestRun(n3, testConformDisableDeprecated, &versions[i]);
    }

    if (!virTestFixturesDir())
        virTestSkip("conformance 11.1.0: -cpu of deprecated_features off", "../shared/fixtures is absent");
    else
        virTestRun("conformance 11.1.0: -cpu of deprecated_features off",
                   testConformDisableDeprecatedArgs, NULL);
}


/* ---- Feature order ------------------------------------------------------ */

/* hostrec sorts the host-model features by name, as libvirt after 11.3
 * does, on a recording whose static expansion is not sorted (libvirt 11.3
 * printed that order).  Project recording: runs without
 * ../shared/fixtures. */
static int
testHostModelOrder(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *replies = testReplayPath("qemu_9.1.0-gen17like_s390x_kvm");
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virDomainCaps) sorted = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GString) want = g_string_new(NULL);
    g_autoptr(GString) got = g_string_new(NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    const virCPUHostModel *host;
    size_t i;

    if (testProbeReplay(replies, &caps) < 0)
        return -1;
    path = testDefaultPath(caps);
    if (qemuDomainCapsBuild(caps, path, VIR_DOMAIN_VIRT_KVM, NULL, 0, &sorted) < 0)
        return -1;
    host = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM)->hostCPU;

    /* QEMU's order is not the sorted one, or the case proves nothing */
    for (i = 0; i < host->nprops; i++)
        g_ptr_array_add(names, host->props[i].name);
    g_ptr_array_sort(names, testCompareStrPtr);
    for (i = 0; i < host->nprops; i++) {
        if (STRNEQ(host->props[i].name, g_ptr_array_index(names, i)))
            break;
    }
    if (i == host->nprops) {
        virTestDiag("the recording's static expansion is already sorted");
        return -1;
    }

    for (i = 0; i < names->len; i++)
        g_string_append_printf(want, "%s\n", (const char *) g_ptr_array_index(names, i));
    for (i = 0; i < sorted->cpu.hostModel->nfeatures; i++)
        g_string_append_printf(got, "%s\n", sorted->cpu.hostModel->features[i].name);
    return virTestCompareStrings(want->str, got->str, "host-model features sorted by name");
}

static void
testOrderAll(void)
{
    virTestRun("host-model feature order: sorted by name, not QEMU's",
               testHostModelOrder, NULL);
}


/* ---- Conformance, byte for byte, with libvirt 11.3.0 --------------------- */

/* libvirt 11.3.0's full recordings (every command of its probe) against the
 * domcapabilities it expects from them (../shared/fixtures/libvirt-11.3.0).
 * The comparison is on text, byte for byte, over the parts hostrec prints:
 *
 * - libvirt's document is cut to the top-level elements hostrec's has
 *   (<path>, <domain>, <machine>, <arch>, <vcpu>, <cpu>); every element
 *   hostrec prints must be in libvirt's;
 * - hostrec's additions (docs/formatdomaincaps.rst) are taken out of
 *   hostrec's text, and nothing else: the host-recommended <mode> element,
 *   deprecated='yes' on a blocker <feature> and deprecatedOnly='yes' on
 *   <blockers>;
 * - libvirt 11.3 prints the host-model features in QEMU's order; later
 *   libvirt and hostrec sort them by name.  Those lines of libvirt's
 *   document are sorted before the comparison (testSortHostModelFeatures),
 *   so that it checks the document hostrec really prints; that the order
 *   is by name is testHostModelOrder's to check.
 *
 * libvirt 11.3.0 has no expected output for --disable-deprecated-features
 * of these recordings, so there is no such case. */

typedef struct {
    const char *version;
} testConform113Data;

/* Whether @line opens a child element of the root (two spaces of indent);
 * sets *@name to the element's name. */
static bool
testTopLevelName(const char *line,
                 char **name)
{
    size_t len;

    if (!g_str_has_prefix(line, "  <") || line[3] == '/' || line[3] == ' ')
        return false;
    len = strcspn(line + 3, " />");
    *name = g_strndup(line + 3, len);
    return true;
}

/* The names of the root's children in @lines, in order. */
static GPtrArray *
testTopLevelNames(char **lines)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    for (i = 0; lines[i]; i++) {
        char *name = NULL;

        if (testTopLevelName(lines[i], &name))
            g_ptr_array_add(names, name);
    }
    return names;
}

static bool
testNamesContain(GPtrArray *names,
                 const char *name)
{
    return testFindName(names, name) >= 0;
}

/* @lines without the root's children not named in @keep (each child runs
 * from its opening line to the next child or the root's end tag). */
static char *
testKeepTopLevel(char **lines,
                 GPtrArray *keep)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new();
    bool keeping = true;
    size_t i;

    for (i = 0; lines[i]; i++) {
        g_autofree char *name = NULL;

        if (testTopLevelName(lines[i], &name))
            keeping = testNamesContain(keep, name);
        else if (g_str_has_prefix(lines[i], "</"))
            keeping = true;
        if (keeping)
            g_ptr_array_add(out, lines[i]);
    }
    g_ptr_array_add(out, NULL);
    return g_strjoinv("\n", (char **) out->pdata);
}

/* @line without every @attr (e.g. " deprecated='yes'"). */
static char *
testDropAttr(const char *line,
             const char *attr)
{
    g_auto(GStrv) parts = g_strsplit(line, attr, -1);

    return g_strjoinv("", parts);
}

/* The name in a <feature name='NAME' .../> line, up to its quote. */
static const char *
testFeatureLineName(const char *line,
                    size_t *len)
{
    const char *name = strstr(line, "name='");

    name = name ? name + strlen("name='") : "";
    *len = strcspn(name, "'");
    return name;
}

static int
testCompareFeatureLines(const void *a,
                        const void *b)
{
    size_t la;
    size_t lb;
    const char *na = testFeatureLineName(*(char * const *) a, &la);
    const char *nb = testFeatureLineName(*(char * const *) b, &lb);
    int rc = strncmp(na, nb, MIN(la, lb));

    return rc ? rc : (la > lb) - (la < lb);
}

/* Sort the <feature> lines of the supported host-model <mode> in @lines
 * by name, in place, as virCPUDefSortFeatures() orders them.  Returns
 * how many there were. */
static size_t
testSortHostModelFeatures(char **lines)
{
    size_t start;
    size_t end;

    for (start = 0; lines[start]; start++) {
        if (strstr(lines[start], "<mode name='host-model' supported='yes'>"))
            break;
    }
    if (!lines[start])
        return 0;
    /* <model>, then the features, then </mode> */
    for (start++; lines[start] && !strstr(lines[start], "</mode>"); start++) {
        if (g_str_has_prefix(lines[start] + strspn(lines[start], " "), "<feature "))
            break;
    }
    for (end = start; lines[end]; end++) {
        if (!g_str_has_prefix(lines[end] + strspn(lines[end], " "), "<feature "))
            break;
    }
    qsort(lines + start, end - start, sizeof(*lines), testCompareFeatureLines);
    return end - start;
}

/* hostrec's text without its documented additions (see above). */
static char *
testStripAdditions(char **lines,
                   unsigned int *removed)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *modeEnd = NULL;
    bool inBlockers = false;
    size_t i;

    *removed = 0;
    for (i = 0; lines[i]; i++) {
        const char *line = lines[i];
        size_t indent = strspn(line, " ");
        const char *tag = line + indent;
        g_autofree char *kept = NULL;

        if (modeEnd) {
            if (STREQ(line, modeEnd))
                g_clear_pointer(&modeEnd, g_free);
            continue;
        }
        if (g_str_has_prefix(tag, "<mode name='host-recommended'")) {
            if (!g_str_has_suffix(tag, "/>"))
                modeEnd = g_strdup_printf("%*s</mode>", (int) indent, "");
            (*removed)++;
            continue;
        }

        if (g_str_has_prefix(tag, "<blockers ")) {
            inBlockers = !g_str_has_suffix(tag, "/>");
            kept = testDropAttr(line, " deprecatedOnly='yes'");
        } else if (g_str_has_prefix(tag, "</blockers>")) {
            inBlockers = false;
            kept = g_strdup(line);
        } else if (inBlockers && g_str_has_prefix(tag, "<feature ")) {
            kept = testDropAttr(line, " deprecated='yes'");
        } else {
            kept = g_strdup(line);
        }
        g_ptr_array_add(out, g_steal_pointer(&kept));
    }
    g_ptr_array_add(out, NULL);
    return g_strjoinv("\n", (char **) out->pdata);
}

/* The text removal above and testSummarize() (which leaves the same
 * additions out of its summary) agree, on a project recording that has
 * all three additions: the 11.3 recordings have no deprecated blocker.
 * Runs without ../shared/fixtures. */
static int
testStripAdditionsSelf(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *replies = testReplayPath("qemu_9.1.0-gen17like_s390x_kvm");
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlDoc) strippedDoc = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *stripped = NULL;
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    g_auto(GStrv) lines = NULL;
    unsigned int removed;

    if (testProbeReplay(replies, &caps) < 0 ||
        testBuild(caps, VIR_DOMAIN_VIRT_KVM, 0, &xml) < 0 ||
        !(doc = testParseValid(xml, "hostrec's output")))
        return -1;
    if (!strstr(xml, "<mode name='host-recommended' supported='yes'>") ||
        !strstr(xml, " deprecatedOnly='yes'") || !strstr(xml, " deprecated='yes'/>")) {
        virTestDiag("the recording no longer gives all three additions");
        return -1;
    }

    lines = g_strsplit(xml, "\n", -1);
    stripped = testStripAdditions(lines, &removed);
    if (removed != 1 || strstr(stripped, "host-recommended") ||
        strstr(stripped, "deprecatedOnly") || strstr(stripped, " deprecated='yes'/>")) {
        virTestDiag("additions left after removal:\n%s", stripped);
        return -1;
    }
    if (!(strippedDoc = testParseValid(stripped, "hostrec's output without additions")))
        return -1;
    want = testSummarizeDoc(doc);
    got = testSummarizeDoc(strippedDoc);
    return virTestCompareStrings(want, got, "summary with and without the additions");
}

static int
testConform113(const void *opaque)
{
    const testConform113Data *data = opaque;
    g_autofree char *replies = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *theirsText = NULL;
    g_autofree char *oursText = NULL;
    g_autofree char *theirs = NULL;
    g_autofree char *ours = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GPtrArray) theirNames = NULL;
    g_auto(GStrv) theirLines = NULL;
    g_auto(GStrv) ourLines = NULL;
    unsigned int removed;
    guint i;

    replies = g_strdup_printf("%s/libvirt-11.3.0/qemucapabilitiesdata/caps_%s_s390x.replies",
                              virTestFixturesDir(), data->version);
    expected = g_strdup_printf("%s/libvirt-11.3.0/domaincapsdata/qemu_%s.s390x.xml",
                               virTestFixturesDir(), data->version);

    if (testProbeReplay(replies, &caps) < 0)
        return -1;
    if (testBuild(caps, VIR_DOMAIN_VIRT_KVM, 0, &oursText) < 0)
        return -1;
    if (!(doc = testParseValid(oursText, "hostrec's output")))
        return -1;
    if (!(theirsText = virTestLoadFile(expected)))
        return -1;

    ourLines = g_strsplit(oursText, "\n", -1);
    theirLines = g_strsplit(theirsText, "\n", -1);
    if (testSortHostModelFeatures(theirLines) == 0) {
        virTestDiag("libvirt's '%s' has no host-model features to compare", expected);
        return -1;
    }
    names = testTopLevelNames(ourLines);
    theirNames = testTopLevelNames(theirLines);
    for (i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);

        if (!testNamesContain(theirNames, name)) {
            virTestDiag("hostrec prints <%s>, which libvirt's '%s' does not have",
                        name, expected);
            return -1;
        }
    }

    ours = testStripAdditions(ourLines, &removed);
    if (removed != 1) {
        virTestDiag("expected one host-recommended mode in hostrec's output, found %u",
                    removed);
        return -1;
    }
    theirs = testKeepTopLevel(theirLines, names);
    return virTestCompareStrings(theirs, ours,
                                 "domcapabilities (libvirt 11.3.0) without hostrec's additions");
}

static void
testConform113All(void)
{
    static const testConform113Data versions[] = {
        { "9.1.0" }, { "10.0.0" },
    };
    size_t i;

    virTestRun("hostrec's additions: removed from the text as from the summary",
               testStripAdditionsSelf, NULL);

    for (i = 0; i < G_N_ELEMENTS(versions); i++) {
        g_autofree char *name = g_strdup_printf("conformance libvirt 11.3.0, QEMU %s: "
                                                "header and <cpu> byte for byte, "
                                                "host-model features by name",
                                                versions[i].version);

        if (!virTestFixturesDir()) {
            virTestSkip(name, "../shared/fixtures is absent");
            continue;
        }
        virTestRun(name, testConform113, &versions[i]);
    }
}


/* ---- Live ------------------------------------------------------------------ */

static virDomainCaps *testLiveCaps;

static int
testLiveProbe(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virDomainCaps) domCaps = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(xmlDoc) doc = NULL;

    if (virQEMUCapsCacheLookup(LIVE_QEMU, true, 30, NULL, &caps) < 0)
        return -1;
    if (qemuDomainCapsBuild(caps, LIVE_QEMU, VIR_DOMAIN_VIRT_QEMU, NULL, 0, &domCaps) < 0)
        return -1;
    xml = virDomainCapsFormat(domCaps);
    if (!(doc = testParseValid(xml, "live output")))
        return -1;
    testLiveCaps = g_steal_pointer(&domCaps);
    return 0;
}

/* libvirt 9.0 says supported='no' here; hostrec expands "max". */
static int
testLiveHostModel(const void *opaque G_GNUC_UNUSED)
{
    const virDomainCapsCPU *cpu;

    if (!testLiveCaps)
        return -1;
    cpu = &testLiveCaps->cpu;
    if (!cpu->hostModel || !STREQ_NULLABLE(cpu->hostModel->model, "gen15a-base")) {
        virTestDiag("host-model: expected supported through gen15a-base, got '%s'",
                    cpu->hostModel ? NULLSTR(cpu->hostModel->model) : "supported='no'");
        return -1;
    }
    if (cpu->hostPassthrough) {
        virTestDiag("host-passthrough must be unsupported under TCG");
        return -1;
    }
    return 0;
}

static int
testLiveHostRecommended(const void *opaque G_GNUC_UNUSED)
{
    const virDomainCapsCPU *cpu;

    if (!testLiveCaps)
        return -1;
    cpu = &testLiveCaps->cpu;
    if (cpu->hostRecommended ||
        cpu->hostRecommendedReason != VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_DEPRECATED_UNREPORTED ||
        !cpu->hostRecommendedMessage) {
        virTestDiag("host-recommended: expected supported='no' reason='deprecated-features-unreported'");
        return -1;
    }
    virTestDiag("host-recommended: %s", cpu->hostRecommendedMessage);
    return 0;
}

/* Custom models and usable flags equal libvirt 9.0's on the same QEMU
 * (libvirt 9.0 did not sort them: compared as sets). */
static int
testLiveCustom(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = NULL;
    g_autofree char *data = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *wantStr = NULL;
    g_autofree char *gotStr = NULL;
    xmlNodePtr mode;
    xmlNodePtr n;
    size_t i;

    if (!testLiveCaps)
        return -1;

    path = g_strdup_printf("%s/live/libvirt-9.0-domcaps-s390x-tcg.xml", virTestFixturesDir());
    if (!(data = virTestLoadFile(path)) || !(doc = testParseValid(data, path)))
        return -1;
    mode = testFindMode(virXMLNodeGetChild(xmlDocGetRootElement(doc), "cpu"), "custom");
    for (n = mode ? mode->children : NULL; n; n = n->next) {
        g_autofree char *usable = NULL;
        g_autofree char *name = NULL;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "model"))
            continue;
        usable = virXMLPropString(n, "usable");
        name = virXMLNodeContentString(n);
        g_ptr_array_add(want, g_strdup_printf("%s usable=%s", name, usable));
    }
    for (i = 0; i < testLiveCaps->cpu.nmodels; i++) {
        const virDomainCapsCPUModel *m = &testLiveCaps->cpu.models[i];

        g_ptr_array_add(got, g_strdup_printf("%s usable=%s", m->name,
                                             virDomainCapsCPUUsableTypeToString(m->usable)));
    }
    g_ptr_array_sort(want, testCompareStrPtr);
    g_ptr_array_sort(got, testCompareStrPtr);
    g_ptr_array_add(want, NULL);
    g_ptr_array_add(got, NULL);
    wantStr = g_strjoinv("\n", (char **) want->pdata);
    gotStr = g_strjoinv("\n", (char **) got->pdata);
    return virTestCompareStrings(wantStr, gotStr, "custom models and usable flags");
}

static void
testLiveAll(void)
{
    if (access(LIVE_QEMU, X_OK) < 0) {
        virTestSkip("live: probe " LIVE_QEMU " under TCG", LIVE_QEMU " is absent");
        virTestSkip("live: host-model through max", LIVE_QEMU " is absent");
        virTestSkip("live: host-recommended unsupported", LIVE_QEMU " is absent");
        virTestSkip("live: custom models equal libvirt 9.0's", LIVE_QEMU " is absent");
        return;
    }

    virTestRun("live: probe " LIVE_QEMU " under TCG", testLiveProbe, NULL);
    virTestRun("live: host-model through max", testLiveHostModel, NULL);
    virTestRun("live: host-recommended unsupported", testLiveHostRecommended, NULL);
    if (!virTestFixturesDir())
        virTestSkip("live: custom models equal libvirt 9.0's", "../shared/fixtures is absent");
    else
        virTestRun("live: custom models equal libvirt 9.0's", testLiveCustom, NULL);
    g_clear_pointer(&testLiveCaps, virDomainCapsFree);
}


/* ---- The tool: errors --------------------------------------------------- */

static char *testTmpDir;

typedef struct {
    const char *name;
    const char *args[8];        /* @TMP@, @DATA@ (qemucapabilitiesdata)
                                 * and @FIXTURES@ are replaced */
    bool needsFixtures;
    bool needsLive;             /* runs LIVE_QEMU */
    bool emptyPath;             /* PATH is an empty directory */
    bool noKVM;                 /* only meaningful without /dev/kvm */
    bool keepCache;             /* start from the previous case's cache */
    bool cacheWritten;          /* a cache entry must exist afterwards */
    int status;                 /* expected exit status */
    const char *expect;         /* a substring of stderr (after replacement),
                                 * or of stdout on success (NULL: none) */
} testCLIData;

static char *
testCLIReplace(const char *str,
               const char *token,
               const char *value)
{
    g_auto(GStrv) parts = g_strsplit(str, token, -1);

    return g_strjoinv(value ? value : "", parts);
}

static char *
testCLISubst(const char *arg)
{
    g_autofree char *data = virTestDataPath("qemucapabilitiesdata");
    g_autofree char *a = testCLIReplace(arg, "@TMP@", testTmpDir);
    g_autofree char *b = testCLIReplace(a, "@DATA@", data);

    return testCLIReplace(b, "@FIXTURES@", virTestFixturesDir());
}

static bool
testCacheEmpty(void)
{
    g_autofree char *dir = g_build_filename(testTmpDir, "cache", "hostrec", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);

    return !d || !g_dir_read_name(d);
}

static int
testCLI(const void *opaque)
{
    const testCLIData *data = opaque;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) envp = g_get_environ();
    g_autofree char *cache = g_build_filename(testTmpDir, "cache", NULL);
    virTestToolRun run = { 0 };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *expect = NULL;
    int status;
    size_t i;

    if (!data->keepCache) {
        g_autofree char *cacheHostrec = g_build_filename(cache, "hostrec", NULL);

        virFileRemoveTempDir(cacheHostrec);
    }
    envp = g_environ_setenv(envp, "XDG_CACHE_HOME", cache, TRUE);
    if (data->emptyPath) {
        g_autofree char *bin = g_build_filename(testTmpDir, "empty-bin", NULL);

        envp = g_environ_setenv(envp, "PATH", bin, TRUE);
    }

    g_ptr_array_add(argv, g_strdup("domcapabilities"));
    for (i = 0; data->args[i]; i++)
        g_ptr_array_add(argv, testCLISubst(data->args[i]));
    g_ptr_array_add(argv, NULL);
    run.args = (const char * const *)argv->pdata;
    run.envp = envp;

    if ((status = virTestRunToolFull(&run, &out, &err)) < 0)
        return -1;
    if (status != data->status) {
        virTestDiag("expected exit status %d, got %d; stderr: %s",
                    data->status, status, err);
        return -1;
    }

    if (data->status == 0) {
        g_autoptr(xmlDoc) doc = testParseValid(out, "the tool's output");

        if (!doc)
            return -1;
        if (*err) {
            virTestDiag("expected nothing on stderr, got: %s", err);
            return -1;
        }
        if (testCacheEmpty() == data->cacheWritten) {
            virTestDiag("expected %s cache entry", data->cacheWritten ? "a" : "no");
            return -1;
        }
        if (data->expect && !strstr(out, data->expect)) {
            virTestDiag("expected '%s' in the output", data->expect);
            return -1;
        }
        return 0;
    }

    expect = testCLISubst(data->expect);
    if (*out) {
        virTestDiag("expected no output on a failure, got: %s", out);
        return -1;
    }
    if (!g_str_has_prefix(err, "error: ") || strchr(err, '\n') != err + strlen(err) - 1) {
        virTestDiag("expected one 'error: ' line on stderr, got: %s", err);
        return -1;
    }
    if (!strstr(err, expect)) {
        virTestDiag("expected the error to name '%s', got: %s", expect, err);
        return -1;
    }
    if (testCacheEmpty() == data->cacheWritten) {
        virTestDiag(data->cacheWritten ? "expected a cache entry" :
                    "a failed run wrote a cache entry");
        return -1;
    }
    virTestDiag("%s", g_strchomp(err));
    return 0;
}

static int
testCLISetup(void)
{
    g_autofree char *notExec = NULL;
    g_autofree char *garbage = NULL;
    g_autofree char *truncated = NULL;
    g_autofree char *unmatched = NULL;
    g_autofree char *emptyBin = NULL;
    const char *oneSession =
        "{\n  \"execute\": \"qmp_capabilities\",\n  \"id\": \"libvirt-1\"\n}\n\n"
        "{\n  \"return\": {\n  },\n  \"id\": \"libvirt-1\"\n}\n";
    const char *cut =
        "{\n  \"execute\": \"qmp_capabilities\",\n  \"id\": \"libvirt-1\"\n}\n\n"
        "{\n  \"return\": {\n";

    if (!(testTmpDir = virFileMakeTempDir("hostrec-domcapstest-XXXXXX")))
        return -1;

    notExec = g_build_filename(testTmpDir, "not-executable", NULL);
    garbage = g_build_filename(testTmpDir, "garbage.replies", NULL);
    truncated = g_build_filename(testTmpDir, "truncated.replies", NULL);
    unmatched = g_build_filename(testTmpDir, "unmatched.replies", NULL);
    emptyBin = g_build_filename(testTmpDir, "empty-bin", NULL);

    if (g_mkdir(emptyBin, 0700) < 0 ||
        !g_file_set_contents(notExec, "#!/bin/sh\nexit 0\n", -1, NULL) ||
        chmod(notExec, 0644) < 0 ||
        !g_file_set_contents(garbage, "this is not a QMP recording\n", -1, NULL) ||
        !g_file_set_contents(truncated, cut, -1, NULL) ||
        !g_file_set_contents(unmatched, oneSession, -1, NULL)) {
        virTestDiag("cannot prepare '%s'", testTmpDir);
        return -1;
    }
    return 0;
}

static void
testCLITeardown(void)
{
    g_autofree char *cacheHostrec = NULL;
    g_autofree char *cache = NULL;
    g_autofree char *emptyBin = NULL;

    if (!testTmpDir)
        return;
    cacheHostrec = g_build_filename(testTmpDir, "cache", "hostrec", NULL);
    cache = g_build_filename(testTmpDir, "cache", NULL);
    emptyBin = g_build_filename(testTmpDir, "empty-bin", NULL);

    virFileRemoveTempDir(cacheHostrec);
    rmdir(cache);
    rmdir(emptyBin);
    virFileRemoveTempDir(testTmpDir);
    g_clear_pointer(&testTmpDir, g_free);
}

static void
testCLIAll(void)
{
    static const testCLIData cases[] = {
        { .name = "tool: missing binary",
          .args = { "--emulatorbin", "@TMP@/no-such-qemu", NULL },
          .status = 1, .expect = "@TMP@/no-such-qemu" },
        { .name = "tool: non-executable binary",
          .args = { "--emulatorbin", "@TMP@/not-executable", NULL },
          .status = 1, .expect = "@TMP@/not-executable" },
        { .name = "tool: no emulator in PATH",
          .args = { "--arch", "s390x", NULL }, .emptyPath = true,
          .status = 1, .expect = "'qemu-system-s390x'" },
        { .name = "tool: malformed recording",
          .args = { "--replay", "@TMP@/garbage.replies", NULL },
          .status = 1, .expect = "@TMP@/garbage.replies" },
        { .name = "tool: truncated recording",
          .args = { "--replay", "@TMP@/truncated.replies", NULL },
          .status = 1, .expect = "@TMP@/truncated.replies" },
        { .name = "tool: unmatched request",
          .args = { "--replay", "@TMP@/unmatched.replies", NULL },
          .status = 1, .expect = "@TMP@/unmatched.replies" },
        { .name = "tool: missing recording",
          .args = { "--replay", "@TMP@/no-such.replies", NULL },
          .status = 1, .expect = "@TMP@/no-such.replies" },
        { .name = "tool: --record with --replay",
          .args = { "--replay", "@TMP@/unmatched.replies", "--record", "@TMP@/out.replies", NULL },
          .status = 1, .expect = "--record" },
        { .name = "tool: replay a recording",
          .args = { "--replay", "@DATA@/qemu_9.1.0-gen17like_s390x_kvm.replies", NULL },
          .status = 0, .expect = "<domain>kvm</domain>" },
        { .name = "tool: machine alias",
          .args = { "--replay", "@DATA@/qemu_7.2.0_s390x_tcg.replies",
                    "--machine", "s390-ccw-virtio", NULL },
          .status = 0, .expect = "<machine>s390-ccw-virtio-7.2</machine>" },
        { .name = "tool: arch mismatch",
          .args = { "--replay", "@DATA@/qemu_7.2.0_s390x_tcg.replies",
                    "--arch", "x86_64", NULL },
          .status = 1, .expect = "'x86_64'" },
        { .name = "tool: unknown machine",
          .args = { "--replay", "@DATA@/qemu_7.2.0_s390x_tcg.replies",
                    "--machine", "pc-q35-9.0", NULL },
          .status = 1, .expect = "'pc-q35-9.0'" },
        { .name = "tool: unknown virt type",
          .args = { "--replay", "@DATA@/qemu_7.2.0_s390x_tcg.replies",
                    "--virttype", "xen", NULL },
          .status = 1, .expect = "'xen'" },
        { .name = "tool: kvm without KVM",
          .args = { "--replay", "@DATA@/qemu_7.2.0_s390x_tcg.replies",
                    "--virttype", "kvm", NULL },
          .status = 1, .expect = "'kvm'" },
        { .name = "tool: replay libvirt's 11.1.0 recording",
          .args = { "--replay", "@FIXTURES@/qemu-replies/caps_11.1.0_s390x.cpu.replies", NULL },
          .needsFixtures = true, .status = 0 },
        { .name = "tool: replay libvirt 11.3.0's full 10.0.0 recording",
          .args = { "--replay", "@FIXTURES@/libvirt-11.3.0/qemucapabilitiesdata/caps_10.0.0_s390x.replies", NULL },
          .needsFixtures = true, .status = 0,
          .expect = "<machine>s390-ccw-virtio-10.0</machine>" },
        { .name = "tool: live probe with an empty cache",
          .args = { "--emulatorbin", LIVE_QEMU, NULL },
          .needsLive = true, .status = 0, .cacheWritten = true,
          .expect = "<model fallback='forbid'>gen15a-base</model>" },
        { .name = "tool: live probe from the cache",
          .args = { "--emulatorbin", LIVE_QEMU, NULL },
          .needsLive = true, .status = 0, .keepCache = true, .cacheWritten = true,
          .expect = "<model fallback='forbid'>gen15a-base</model>" },
        { .name = "tool: live probe under kvm without KVM",
          .args = { "--emulatorbin", LIVE_QEMU, "--virttype", "kvm", NULL },
          .needsLive = true, .noKVM = true, .keepCache = true, .cacheWritten = true,
          .status = 1, .expect = "'kvm'" },
    };
    size_t i;

    if (testCLISetup() < 0) {
        virTestRun("tool: setup", testFailed, NULL);
        testCLITeardown();
        return;
    }

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (cases[i].needsFixtures && !virTestFixturesDir()) {
            virTestSkip(cases[i].name, "../shared/fixtures is absent");
            continue;
        }
        if (cases[i].needsLive && access(LIVE_QEMU, X_OK) < 0) {
            virTestSkip(cases[i].name, LIVE_QEMU " is absent");
            continue;
        }
        if (cases[i].noKVM && qemuHostKVMUsable() &&
            qemuHostEmulatorRunsHostArch(LIVE_QEMU)) {
            virTestSkip(cases[i].name, "this host can run " LIVE_QEMU " under KVM");
            continue;
        }
        virTestRun(cases[i].name, testCLI, &cases[i]);
    }
    testCLITeardown();
}

/* The one table of arch names and the emulator names built from it. */
static int
testHostFacts(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *arch;
        const char *path;
    } arches[] = {
        { "s390x", "/usr/bin/qemu-system-s390x" },
        { "i686", "/usr/bin/qemu-system-i386" },
        { "amd64", "/usr/bin/qemu-system-x86_64" },
        { "ppc64le", "/usr/bin/qemu-system-ppc64" },
        { "armv6l", "/usr/bin/qemu-system-arm" },
        { "arm64", "/usr/bin/qemu-system-aarch64" },
    };
    g_autofree char *hostArch = qemuHostGetArch();
    g_autofree char *hostName = qemuHostEmulatorName(NULL);
    g_autofree char *hostBinary = g_strdup_printf("/opt/bin/qemu-system-%s", hostArch);
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(arches); i++) {
        g_autofree char *path = qemuHostEmulatorDefaultPath(arches[i].arch);

        if (virTestCompareStrings(arches[i].path, path, arches[i].arch) < 0)
            return -1;
    }
    if (STRNEQ(hostName + strlen("qemu-system-"), hostArch) ||
        !qemuHostEmulatorRunsHostArch(hostBinary) ||
        !qemuHostEmulatorRunsHostArch("qemu-kvm") ||
        qemuHostEmulatorRunsHostArch("/usr/bin/qemu-system-none")) {
        virTestDiag("the host's emulator is not recognised (host arch '%s')", hostArch);
        return -1;
    }
    return 0;
}

int
main(void)
{
    g_autofree char *outDir = NULL;

    virTestRun("host arch and emulator names", testHostFacts, NULL);
    testGoldenAll();
    testMachineAll();
    testConformAll();
    testOrderAll();
    testConform113All();
    testLiveAll();
    testCLIAll();

    outDir = virTestDataPath("domaincapsdata");
    virTestCheckUnusedFiles(outDir, NULL);
    return virTestMain();
}
