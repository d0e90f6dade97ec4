/*
 * qemucapabilitiestest.c: QEMU capabilities probing and the cache
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * 1. golden: every qemucapabilitiesdata/NAME.replies is probed by replay
 *    and formatted as cache XML without the volatile data: NAME.xml.
 * 2. conformance (../shared/fixtures): libvirt's recordings give the same
 *    host CPU, deprecated lists and KVM model list as libvirt's own
 *    capabilities XML.
 * 3. the cache: round trip, damaged files, an unwritable directory,
 *    --no-cache, two processes at once, a failed probe.
 */

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "testutils.h"
#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "virerror.h"
#include "virfile.h"
#include "virxml.h"

#define QEMU_S390X "/usr/bin/qemu-system-s390x"

static virQEMUCaps *
testProbeReplay(const char *path)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;

    virTestMarkUsed(path);
    if (!(src = qemuMonitorSourceNewReplay(path)) ||
        virQEMUCapsProbe(src, &caps) < 0)
        return NULL;
    return g_steal_pointer(&caps);
}


/* ---- 1. golden files -------------------------------------------------- */

static int
testGolden(const void *opaque)
{
    const char *replies = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *base = NULL;
    g_autofree char *expected = NULL;

    if (!(caps = testProbeReplay(replies)))
        return -1;

    /* the golden files do not depend on where the source tree is */
    base = g_path_get_basename(replies);
    g_free(caps->binary);
    caps->binary = g_strdup(base);

    expected = g_strdup_printf("%.*s.xml",
                               (int)(strlen(replies) - strlen(".replies")), replies);
    xml = virQEMUCapsFormatCache(caps, NULL);
    return virTestCompareToFile(xml, expected);
}


/* format -> parse -> format gives the same text, with and without a stamp */
static int
testRoundTrip(const void *opaque)
{
    const char *replies = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) parsed = NULL;
    g_autoptr(virQEMUCapsStamp) parsedStamp = NULL;
    virQEMUCapsStamp stamp = {
        .binary = (char *)"/opt/qemu/bin/qemu-system-s390x",
        .size = 12345678,
        .mtime = 1700000000123456789LL,
        .ctime = -1,
        .selfVers = (char *)"0.1.0",
        .hostKVM = true,
        .hostCPU = (char *)"0123abcd",
    };
    g_autofree char *xml = NULL;
    g_autofree char *again = NULL;
    g_autofree char *plain = NULL;
    g_autofree char *plainAgain = NULL;

    if (!(caps = testProbeReplay(replies)))
        return -1;

    xml = virQEMUCapsFormatCache(caps, &stamp);
    if (virQEMUCapsParseCache(xml, strlen(xml), "round trip", &parsed, &parsedStamp) < 0)
        return -1;
    if (!parsedStamp || parsedStamp->mtime != stamp.mtime ||
        parsedStamp->ctime != stamp.ctime || !parsedStamp->hostKVM) {
        virTestDiag("the stamp did not survive the round trip");
        return -1;
    }
    again = virQEMUCapsFormatCache(parsed, parsedStamp);
    if (virTestCompareStrings(xml, again, "round trip") < 0)
        return -1;

    plain = virQEMUCapsFormatCache(caps, NULL);
    g_clear_pointer(&parsed, virQEMUCapsFree);
    g_clear_pointer(&parsedStamp, virQEMUCapsStampFree);
    if (virQEMUCapsParseCache(plain, strlen(plain), "round trip", &parsed, &parsedStamp) < 0)
        return -1;
    if (parsedStamp) {
        virTestDiag("a stamp appeared from nowhere");
        return -1;
    }
    plainAgain = virQEMUCapsFormatCache(parsed, NULL);
    return virTestCompareStrings(plain, plainAgain, "round trip without stamp");
}


/* synthesize.py --check: the synthesised recordings are what the script
 * makes from the real ones (README.md) */
static int
testSynthesized(const void *opaque)
{
    const char *python = opaque;
    g_autofree char *dir = virTestDataPath("qemucapabilitiesdata");
    g_autofree char *script = g_build_filename(dir, "synthesize.py", NULL);
    g_autofree char *raw = g_build_filename(dir, "raw_7.2.0_s390x_gen16a.replies", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *argv[] = { python, script, "--check", NULL };
    int status = 0;

    virTestMarkUsed(raw);
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &out, &err, &status, &gerr)) {
        virTestDiag("cannot run %s: %s", script, gerr->message);
        return -1;
    }
    if (!g_spawn_check_wait_status(status, NULL)) {
        virTestDiag("%s", err);
        return -1;
    }
    return 0;
}


/* ---- 2. conformance with libvirt's capabilities XML ------------------- */

typedef struct {
    const char *version;
    bool hasDeprecated;     /* QEMU >= 9.1 */
} testConformance;

static char **
testXMLNameList(xmlNodePtr parent,
                const char *element,
                const char *child)
{
    g_autoptr(GPtrArray) list = NULL;
    xmlNodePtr node = virXMLNodeGetChild(parent, element);
    xmlNodePtr n;

    if (!node)
        return NULL;
    list = g_ptr_array_new();
    for (n = node->children; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST child))
            g_ptr_array_add(list, virXMLPropString(n, "name"));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&list), FALSE);
}


static char *
testJoin(char **list)
{
    if (!list)
        return g_strdup("(absent)");
    return g_strjoinv(",", list);
}


/* libvirt writes no element for an empty list, so "no element" matches
 * our NULL or empty; a present element must match exactly. */
static int
testCompareList(const char *what,
                char **expected,
                char **actual)
{
    g_autofree char *e = testJoin(expected);
    g_autofree char *a = testJoin(actual);

    if (!expected && (!actual || !actual[0]))
        return 0;
    if (expected && actual && STREQ(e, a))
        return 0;
    virTestDiag("%s: expected [%s], got [%s]", what, e, a);
    return -1;
}


static int
testCompareHostCPU(xmlNodePtr hostNode,
                   const virQEMUCapsAccel *accel,
                   const char *type)
{
    g_autofree char *model = virXMLPropString(hostNode, "model");
    g_auto(GStrv) deprecated = testXMLNameList(hostNode, "deprecatedFeatures", "property");
    g_auto(GStrv) hostDeprecated = testXMLNameList(hostNode, "hostDeprecatedFeatures", "property");
    const virCPUHostModel *host = accel ? accel->hostCPU : NULL;
    g_autofree char *what = NULL;
    xmlNodePtr n;
    size_t i = 0;

    if (!host) {
        virTestDiag("no %s host CPU probed", type);
        return -1;
    }
    if (STRNEQ(model, host->model)) {
        virTestDiag("%s host CPU model: expected '%s', got '%s'", type, model, host->model);
        return -1;
    }

    for (n = hostNode->children; n; n = n->next) {
        g_autofree char *name = NULL;
        g_autofree char *value = NULL;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "property"))
            continue;
        name = virXMLPropString(n, "name");
        value = virXMLPropString(n, "value");
        if (i >= host->nprops || STRNEQ(name, host->props[i].name) ||
            STRNEQ(value, host->props[i].enabled ? "true" : "false")) {
            virTestDiag("%s host CPU prop %zu: expected %s=%s, got %s", type, i,
                        name, value, i < host->nprops ? host->props[i].name : "(none)");
            return -1;
        }
        i++;
    }
    if (i != host->nprops) {
        virTestDiag("%s host CPU: expected %zu props, got %zu", type, i, host->nprops);
        return -1;
    }

    what = g_strdup_printf("%s deprecatedFeatures", type);
    if (testCompareList(what, deprecated, host->deprecated) < 0)
        return -1;
    g_free(what);
    what = g_strdup_printf("%s hostDeprecatedFeatures", type);
    return testCompareList(what, hostDeprecated, host->hostDeprecated);
}


static int
testCompareModels(xmlNodePtr root,
                  const virQEMUCapsAccel *accel)
{
    xmlNodePtr n;
    size_t i = 0;

    if (!accel->hasModels) {
        virTestDiag("no KVM CPU models probed");
        return -1;
    }

    for (n = root->children; n; n = n->next) {
        g_autofree char *type = NULL;
        g_autofree char *name = NULL;
        g_autofree char *usable = NULL;
        g_autofree char *typename = NULL;
        g_auto(GStrv) blockers = NULL;
        g_autofree char *e = NULL;
        g_autofree char *a = NULL;
        const virQEMUCapsCPUModel *m;
        xmlNodePtr b;
        GPtrArray *list;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "cpu"))
            continue;
        type = virXMLPropString(n, "type");
        if (STRNEQ(type, "kvm"))
            continue;
        name = virXMLPropString(n, "name");
        usable = virXMLPropString(n, "usable");
        typename = virXMLPropString(n, "typename");

        list = g_ptr_array_new();
        for (b = n->children; b; b = b->next) {
            if (b->type == XML_ELEMENT_NODE && xmlStrEqual(b->name, BAD_CAST "blocker"))
                g_ptr_array_add(list, virXMLPropString(b, "name"));
        }
        g_ptr_array_add(list, NULL);
        blockers = (char **)g_ptr_array_free(list, FALSE);

        if (i >= accel->nmodels) {
            virTestDiag("KVM model '%s' is missing", name);
            return -1;
        }
        m = &accel->models[i++];
        e = testJoin(blockers);
        a = testJoin(m->blockers);
        if (STRNEQ(name, m->name) ||
            !STREQ_NULLABLE(typename, m->typename) ||
            STRNEQ(usable, virTristateBoolTypeToString(m->usable)) ||
            STRNEQ(e, a)) {
            virTestDiag("KVM model %zu: expected %s/%s/[%s], got %s/%s/[%s]", i - 1,
                        name, usable, e, m->name,
                        virTristateBoolTypeToString(m->usable), a);
            return -1;
        }
    }
    if (i != accel->nmodels) {
        virTestDiag("KVM models: expected %zu, got %zu", i, accel->nmodels);
        return -1;
    }
    return 0;
}


static int
testConformanceRun(const void *opaque)
{
    const testConformance *data = opaque;
    const char *fixtures = virTestFixturesDir();
    g_autofree char *replies = g_strdup_printf("%s/qemu-replies/caps_%s_s390x.cpu.replies",
                                               fixtures, data->version);
    g_autofree char *capsXML = g_strdup_printf("%s/qemucaps-xml/caps_%s_s390x.cpu.xml",
                                               fixtures, data->version);
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    const virQEMUCapsAccel *kvm;
    const virQEMUCapsAccel *tcg;
    g_autofree char *version = NULL;
    xmlNodePtr root;
    xmlNodePtr n;
    size_t nhost = 0;
    size_t i;

    if (!(caps = testProbeReplay(replies)) ||
        !(doc = virXMLParseFile(capsXML)))
        return -1;

    version = virQEMUCapsFormatVersion(caps);
    if (STRNEQ(version, data->version) || STRNEQ(caps->arch, "s390x") ||
        !caps->kvmAvailable) {
        virTestDiag("expected QEMU %s s390x with KVM, got %s %s kvm=%d",
                    data->version, version, caps->arch, caps->kvmAvailable);
        return -1;
    }

    kvm = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM);
    tcg = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_QEMU);
    if (!kvm || !tcg) {
        virTestDiag("expected a KVM and a TCG session");
        return -1;
    }

    root = xmlDocGetRootElement(doc);
    for (n = root->children; n; n = n->next) {
        g_autofree char *type = NULL;

        if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "hostCPU"))
            continue;
        type = virXMLPropString(n, "type");
        if (testCompareHostCPU(n, STREQ(type, "kvm") ? kvm : tcg, type) < 0)
            return -1;
        nhost++;
    }
    if (nhost != 2) {
        virTestDiag("expected two <hostCPU> in the fixture, found %zu", nhost);
        return -1;
    }

    if (testCompareModels(root, kvm) < 0)
        return -1;

    /* absent is not empty: QEMU < 9.1 says nothing at all */
    for (i = 0; i < 2; i++) {
        const virCPUHostModel *host = (i == 0 ? kvm : tcg)->hostCPU;

        if (!data->hasDeprecated && (host->deprecated || host->hostDeprecated)) {
            virTestDiag("QEMU %s reported no deprecated-props, yet a list was kept",
                        data->version);
            return -1;
        }
        if (data->hasDeprecated && !virCPUHostModelGetDeprecated(host)) {
            virTestDiag("QEMU %s reported deprecated-props, yet none were kept",
                        data->version);
            return -1;
        }
    }
    return 0;
}


/* 10.0.0's TCG static expansion of max says "deprecated-props": []:
 * present and empty, which must not read as absent. */
static int
testConformanceEmptyList(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *replies = g_strdup_printf("%s/qemu-replies/caps_10.0.0_s390x.cpu.replies",
                                               virTestFixturesDir());
    g_autoptr(virQEMUCaps) caps = NULL;
    const virQEMUCapsAccel *tcg;
    const virQEMUCapsAccel *kvm;

    if (!(caps = testProbeReplay(replies)))
        return -1;
    tcg = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_QEMU);
    kvm = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM);
    if (!tcg || !tcg->hostCPU || !tcg->hostCPU->hostDeprecated ||
        tcg->hostCPU->hostDeprecated[0]) {
        virTestDiag("TCG hostDeprecated should be an empty list");
        return -1;
    }
    /* the trimmed recording has no TCG query-cpu-definitions */
    if (tcg->hasModels || !kvm || !kvm->hasModels) {
        virTestDiag("model lists: kvm %d, tcg %d", kvm && kvm->hasModels, tcg->hasModels);
        return -1;
    }
    return 0;
}


/* ---- 3. the cache ------------------------------------------------------ */

typedef struct {
    char *tmpdir;           /* private temporary directory */
    char *fakeFail;         /* a "QEMU" that exits 1 */
} testCacheEnv;

static testCacheEnv cacheEnv;

/* Point XDG_CACHE_HOME at a fresh directory under the temp dir. */
static char *
testCacheReset(const char *name)
{
    g_autofree char *xdg = g_build_filename(cacheEnv.tmpdir, name, NULL);

    g_setenv("XDG_CACHE_HOME", xdg, TRUE);
    return virQEMUCapsCacheDir();
}


static size_t
testCountFiles(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    size_t n = 0;

    if (!d)
        return 0;
    while (g_dir_read_name(d))
        n++;
    return n;
}


/* A valid cache entry is used without starting the binary (the fake one
 * would fail); a change of the binary's mtime discards it. */
static int
testCacheHitAndStale(const void *opaque)
{
    g_autofree char *dir = testCacheReset("hit");
    const char *replies = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) cached = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autofree char *file = NULL;
    g_autofree char *xml = NULL;
    struct timespec times[2];

    if (!(caps = testProbeReplay(replies)) ||
        !(stamp = virQEMUCapsStampNew(cacheEnv.fakeFail)))
        return -1;
    file = virQEMUCapsCacheFile(stamp->binary);
    xml = virQEMUCapsFormatCache(caps, stamp);
    if (g_mkdir_with_parents(dir, 0700) < 0 ||
        virFileWriteAtomic(file, xml, strlen(xml), 0600) < 0)
        return -1;

    if (virQEMUCapsCacheLookup(cacheEnv.fakeFail, false, 5, NULL, &cached) < 0)
        return -1;
    if (cached->version != caps->version) {
        virTestDiag("the cached capabilities were not the ones written");
        return -1;
    }

    /* --no-cache ignores the valid entry: the fake binary then fails */
    g_clear_pointer(&cached, virQEMUCapsFree);
    if (virQEMUCapsCacheLookup(cacheEnv.fakeFail, true, 5, NULL, &cached) == 0) {
        virTestDiag("--no-cache used the cache");
        return -1;
    }
    virResetLastError();
    if (!g_file_test(file, G_FILE_TEST_EXISTS)) {
        virTestDiag("--no-cache removed the cache entry");
        return -1;
    }

    /* a newer binary: the entry is stale, dropped, and the failed probe
     * writes nothing */
    times[0].tv_sec = 1000000000;
    times[0].tv_nsec = 0;
    times[1] = times[0];
    if (utimensat(AT_FDCWD, cacheEnv.fakeFail, times, 0) < 0) {
        virTestDiag("utimensat: %s", g_strerror(errno));
        return -1;
    }
    if (virQEMUCapsCacheLookup(cacheEnv.fakeFail, false, 5, NULL, &cached) == 0) {
        virTestDiag("a stale cache entry was used");
        return -1;
    }
    virResetLastError();
    if (testCountFiles(dir) != 0) {
        virTestDiag("a stale entry or a failed probe left a file");
        return -1;
    }
    return 0;
}


/* Damaged files are discarded (here: then the fake binary fails, so
 * nothing new is written either). */
static const char *const testDamaged[] = {
    "",
    "<qemuCaps>",
    "garbage\n",
    "<qemuCaps><emulator path='/x'/></qemuCaps>",
    /* usable='no' needs a blocker */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "<accel type='tcg' cpuModels='yes'/><cpu type='tcg' name='z13' usable='no'/></qemuCaps>",
    /* a cpu of an accelerator that was not probed */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "<cpu type='kvm' name='z13' usable='yes'/></qemuCaps>",
    /* KVM said available without a KVM session */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='yes'/>"
    "</qemuCaps>",
    /* two host CPUs for one type */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "<accel type='tcg' cpuModels='no'/><hostCPU type='tcg' model='a'/>"
    "<hostCPU type='tcg' model='b'/></qemuCaps>",
    /* a property with a non-boolean value */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "<accel type='tcg' cpuModels='no'/><hostCPU type='tcg' model='a'>"
    "<property name='te' type='boolean' value='maybe'/></hostCPU></qemuCaps>",
    /* unknown element */
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "<surprise/></qemuCaps>",
    /* negative size */
    "<qemuCaps><emulator path='/x' size='-1' mtime='1' ctime='1'/><selfVers>0</selfVers>"
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>"
    "</qemuCaps>",
    /* names QEMU could not have sent (issue 10): each would add a key to
     * -cpu or -machine */
#define TEST_CACHE_HEAD \
    "<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/><selfVers>0</selfVers>" \
    "<host kvm='no' cpu='c'/><version>1</version><arch>s390x</arch><kvm available='no'/>" \
    "<accel type='tcg' cpuModels='yes'/>"
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'>"
    "<property name='x-y,te=on' type='boolean' value='false'/></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'>"
    "<property name='te=on' type='boolean' value='false'/></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'>"
    "<property name='t&#9;e' type='boolean' value='false'/></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'>"
    "<property name='t\xc2\x9b" "e' type='boolean' value='false'/></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='gen16a-base,te=on'/></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'><deprecatedFeatures>"
    "<property name='te,csske=on'/></deprecatedFeatures></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'><hostDeprecatedFeatures>"
    "<property name='te,csske=on'/></hostDeprecatedFeatures></hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<hostCPU type='tcg' model='a'><fullProperties>"
    "<property name='te,csske=on' type='boolean' value='true'/></fullProperties>"
    "</hostCPU></qemuCaps>",
    TEST_CACHE_HEAD "<cpu type='tcg' name='z14,te=on' usable='yes'/></qemuCaps>",
    TEST_CACHE_HEAD "<cpu type='tcg' name='z14' usable='no'>"
    "<blocker name='te,csske=on'/></cpu></qemuCaps>",
    TEST_CACHE_HEAD "<machine type='tcg' name='s390-ccw-virtio-7.2,accel=kvm' maxCpus='1'/>"
    "</qemuCaps>",
    TEST_CACHE_HEAD "<machine type='tcg' name='s390-ccw-virtio-7.2' maxCpus='1' "
    "alias='s390-ccw-virtio,dump-guest-core=on'/></qemuCaps>",
    /* the model table of the offline baseline (issue 15): every name
     * follows QEMU's rule, lists name only props, nothing twice */
#define TEST_TABLE_HEAD TEST_CACHE_HEAD "<cpuModelTable arch='s390x'>" \
    "<props>vx te</props>"
    TEST_TABLE_HEAD "<model name='z13,te=on'><base/><defaults/><full/></model>"
    "</cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base>te,vx=on</base>"
    "<defaults/><full/></model></cpuModelTable></qemuCaps>",
    /* a feature that is not one of the props */
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vxeh</full>"
    "</model></cpuModelTable></qemuCaps>",
    /* a list twice, a list missing, a feature twice, a model twice */
    TEST_TABLE_HEAD "<model name='z13'><base/><base/><defaults/><full/></model>"
    "</cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/></model>"
    "</cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx vx</full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full/></model>"
    "<model name='z13'><base/><defaults/><full/></model></cpuModelTable></qemuCaps>",
    /* a group without members, a group named like a prop, a prop twice */
    TEST_TABLE_HEAD "<group name='msa3'/></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<group name='vx'>te</group></cpuModelTable></qemuCaps>",
    TEST_CACHE_HEAD "<cpuModelTable arch='s390x'><props>vx vx</props>"
    "</cpuModelTable></qemuCaps>",
    /* not single spaces between names: leading, trailing, doubled, a tab,
     * a newline; a name split by an entity is still one text */
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full> vx</full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx </full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx  te</full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx&#9;te</full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx\nte</full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx&#32;&#32;te</full>"
    "</model></cpuModelTable></qemuCaps>",
    /* blank text alone is a list of one empty name, though the cache is
     * read without the blank text between elements */
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full> </full>"
    "</model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>\n</full>"
    "</model></cpuModelTable></qemuCaps>",
    /* the per-element form of the first caches with a table (never
     * released): damaged like any unknown form, so probed again */
    TEST_CACHE_HEAD "<cpuModelTable arch='s390x'><props><property name='vx'/>"
    "</props></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>"
    "<property name='vx'/></full></model></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<group name='msa3'><property name='te'/></group>"
    "</cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full>vx<x/></full>"
    "</model></cpuModelTable></qemuCaps>",
    /* no props, another arch than the capabilities', two tables, unknown child */
    TEST_CACHE_HEAD "<cpuModelTable arch='s390x'/></qemuCaps>",
    TEST_CACHE_HEAD "<cpuModelTable arch='x86_64'><props/></cpuModelTable></qemuCaps>",
    TEST_CACHE_HEAD "<cpuModelTable arch='s390x'><props/></cpuModelTable>"
    "<cpuModelTable arch='s390x'><props/></cpuModelTable></qemuCaps>",
    TEST_TABLE_HEAD "<model name='z13'><base/><defaults/><full/><extra/></model>"
    "</cpuModelTable></qemuCaps>",
    /* half a stamp */
    ("<qemuCaps><emulator path='/x' size='1' mtime='1' ctime='1'/>"
     "<version>1</version><arch>s390x</arch><kvm available='no'/></qemuCaps>"),
};

/* The model table of the offline baseline is an optional member: a
 * handwritten entry with one loads, keeps every list, and formats back to
 * the same document; without it the entry still loads (an entry written
 * before the table existed, or before a baseline needed it). */
static int
testCacheModelTable(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = virTestDataPath("qemucapabilitiesdata/handwritten_cache-model-table.xml");
    g_autofree char *xml = NULL;
    g_autofree char *again = NULL;
    g_autofree char *without = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) plain = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    const virCPUModelFeatures *z14;
    size_t len = 0;

    virTestMarkUsed(path);
    if (!g_file_get_contents(path, &xml, &len, NULL) ||
        virQEMUCapsParseCache(xml, len, path, &caps, &stamp) < 0)
        return -1;
    if (!caps->modelTable || caps->modelTable->nmodels != 2 ||
        caps->modelTable->ngroups != 1 ||
        g_strv_length(caps->modelTable->props) != 5 ||
        !(z14 = virCPUModelTableFind(caps->modelTable, "z14-base")) ||
        g_strv_length(z14->base) != 2 || z14->defaults[0] ||
        g_strv_length(z14->full) != 5 ||
        g_strv_length(caps->modelTable->groups[0].members) != 2) {
        virTestDiag("the model table did not load whole");
        return -1;
    }
    again = virQEMUCapsFormatCache(caps, stamp);
    if (virTestCompareStrings(xml, again, "model table round trip") < 0)
        return -1;

    g_clear_pointer(&caps->modelTable, virCPUModelTableFree);
    without = virQEMUCapsFormatCache(caps, stamp);
    if (strstr(without, "cpuModelTable") ||
        virQEMUCapsParseCache(without, strlen(without), "no table", &plain, NULL) < 0 ||
        plain->modelTable) {
        virTestDiag("an entry without a model table does not load as one");
        return -1;
    }
    return 0;
}


static int
testCacheDamaged(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("damaged");
    g_autofree char *file = NULL;
    g_autofree char *binary = g_canonicalize_filename(cacheEnv.fakeFail, NULL);
    size_t i;

    file = virQEMUCapsCacheFile(binary);
    if (g_mkdir_with_parents(dir, 0700) < 0)
        return -1;

    for (i = 0; i < G_N_ELEMENTS(testDamaged); i++) {
        g_autoptr(virQEMUCaps) caps = NULL;
        const char *xml = testDamaged[i];

        if (virQEMUCapsParseCache(xml, strlen(xml), "damaged", &caps, NULL) == 0) {
            virTestDiag("damaged document %zu was accepted", i);
            return -1;
        }
        virResetLastError();

        if (virFileWriteAtomic(file, xml, strlen(xml), 0600) < 0)
            return -1;
        if (virQEMUCapsCacheLookup(cacheEnv.fakeFail, false, 5, NULL, &caps) == 0) {
            virTestDiag("damaged document %zu was used", i);
            return -1;
        }
        virResetLastError();
        if (testCountFiles(dir) != 0) {
            virTestDiag("damaged document %zu was not discarded", i);
            return -1;
        }
    }
    return 0;
}


/* A bad name in a cache file is an error naming the file and the line of
 * the element that holds it. */
static int
testCacheBadNameLine(const void *opaque G_GNUC_UNUSED)
{
    const char *xml =
        "<qemuCaps>\n"
        "  <emulator path='/x'/>\n"
        "  <version>1</version>\n"
        "  <arch>s390x</arch>\n"
        "  <kvm available='no'/>\n"
        "  <accel type='tcg' cpuModels='no'/>\n"
        "  <machine type='tcg' name='m,accel=kvm' maxCpus='1'/>\n"
        "</qemuCaps>\n";
    g_autoptr(virQEMUCaps) caps = NULL;
    const char *msg;

    if (virQEMUCapsParseCache(xml, strlen(xml), "bad.xml", &caps, NULL) == 0) {
        virTestDiag("a machine name with a comma was accepted");
        return -1;
    }
    msg = virGetLastErrorMessage();
    if (!strstr(msg, "line 7") || !strstr(msg, "'bad.xml'")) {
        virTestDiag("the error does not name the file and line 7: %s", msg);
        return -1;
    }
    virResetLastError();
    return 0;
}


/* How the probe takes a command QEMU refuses or the recording lacks
 * (hand-written recordings, qemucapabilitiesdata/README.md). */
typedef struct {
    const char *file;
    const char *error;          /* substring of the probe's error, or NULL */
    bool hasModels;
    const char *hostModel;      /* NULL: no host CPU */
    const char *hostCPUError;   /* without a host CPU */
    const char *hostDeprecated; /* static deprecated-props, joined by ' ' */
} testUnansweredData;

static int
testProbeUnanswered(const void *opaque)
{
    const testUnansweredData *data = opaque;
    g_autofree char *path = virTestDataPath("qemucapabilitiesdata/%s", data->file);
    g_autoptr(virQEMUCaps) caps = testProbeReplay(path);
    const virQEMUCapsAccel *accel;
    const virCPUHostModel *host;
    g_autofree char *deprecated = NULL;

    if (data->error) {
        if (caps || !strstr(virGetLastErrorMessage(), data->error)) {
            virTestDiag("expected the error '%s', got %s", data->error,
                        caps ? "a probe" : virGetLastErrorMessage());
            return -1;
        }
        virResetLastError();
        return 0;
    }
    if (!caps)
        return -1;

    accel = virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_QEMU);
    if (!accel || virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM)) {
        virTestDiag("expected one TCG session");
        return -1;
    }
    if (accel->hasModels != data->hasModels || (!data->hasModels && accel->nmodels)) {
        virTestDiag("model list: expected %s", data->hasModels ? "one" : "none");
        return -1;
    }
    host = accel->hostCPU;
    if (!data->hostModel) {
        if (host)
            virTestDiag("expected no host CPU, got '%s'", NULLSTR(host->model));
        return host ? -1 : virTestCompareStrings(data->hostCPUError,
                                                 NULLSTR(accel->hostCPUError),
                                                 "host CPU error");
    }
    if (!host || !STREQ_NULLABLE(host->model, data->hostModel) ||
        host->nfullProps || host->deprecated) {
        virTestDiag("expected host CPU '%s' without full props or full deprecated list",
                    data->hostModel);
        return -1;
    }
    deprecated = g_strjoinv(" ", host->hostDeprecated);
    return virTestCompareStrings(data->hostDeprecated, deprecated, "static deprecated-props");
}


/* Strings from QEMU that are not names (the package, a QMP error) may hold
 * anything: the cache written from them still loads (issue 10: a control
 * character once made a cache file that never loaded again). */
static int
testCacheControlChars(const void *opaque)
{
    const char *replies = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) parsed = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *again = NULL;
    const char *p;

    if (!(caps = testProbeReplay(replies)))
        return -1;
    g_free(caps->package);
    caps->package = g_strdup("odd \x01\x1b[2J\x7f \xff\xfe package");

    xml = virQEMUCapsFormatCache(caps, NULL);
    for (p = xml; *p; p++) {
        if ((unsigned char)*p < 0x20 && *p != '\n') {
            virTestDiag("the cache holds the control character 0x%02x", *p);
            return -1;
        }
    }
    if (!g_utf8_validate(xml, -1, NULL)) {
        virTestDiag("the cache is not UTF-8");
        return -1;
    }
    if (virQEMUCapsParseCache(xml, strlen(xml), "control", &parsed, NULL) < 0)
        return -1;
    again = virQEMUCapsFormatCache(parsed, NULL);
    return virTestCompareStrings(xml, again, "control characters round trip");
}


/* A probe that fails writes nothing. */
static int
testCacheFailedProbe(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("failed");
    g_autoptr(virQEMUCaps) caps = NULL;

    if (virQEMUCapsCacheLookup(cacheEnv.fakeFail, false, 5, NULL, &caps) == 0) {
        virTestDiag("the fake binary probed successfully");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "fake-qemu")) {
        virTestDiag("the error does not name the binary: %s", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    if (testCountFiles(dir) != 0) {
        virTestDiag("a failed probe wrote to the cache");
        return -1;
    }
    return 0;
}


/* A live probe fills the cache; the second lookup reads it back. */
static int
testCacheLive(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("live");
    g_autoptr(virQEMUCaps) first = NULL;
    g_autoptr(virQEMUCaps) second = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    if (virQEMUCapsCacheLookup(QEMU_S390X, false, 30, NULL, &first) < 0)
        return -1;
    if (testCountFiles(dir) != 1) {
        virTestDiag("expected one cache file, found %zu", testCountFiles(dir));
        return -1;
    }
    if (virQEMUCapsCacheLookup(QEMU_S390X, false, 30, NULL, &second) < 0)
        return -1;
    a = virQEMUCapsFormatCache(first, NULL);
    b = virQEMUCapsFormatCache(second, NULL);
    return virTestCompareStrings(a, b, "probed vs cached");
}


/* A plain lookup never adds the model table of the offline baseline
 * (only hypervisor-cpu-baseline probes it), and a recorded probe that
 * replaces a valid entry keeps the table the entry held. */
static int
testCacheModelTableKept(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("table-kept");
    g_autofree char *path = virTestDataPath("qemucapabilitiesdata/handwritten_cache-model-table.xml");
    g_autofree char *binary = g_canonicalize_filename(QEMU_S390X, NULL);
    g_autofree char *file = virQEMUCapsCacheFile(binary);
    g_autofree char *rec = g_build_filename(cacheEnv.tmpdir, "table-kept.replies", NULL);
    g_autofree char *xml = NULL;
    g_autofree char *data = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCaps) withTable = NULL;
    g_autoptr(virQEMUCaps) recorded = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    size_t len = 0;

    if (virQEMUCapsCacheLookup(QEMU_S390X, false, 30, NULL, &caps) < 0)
        return -1;
    if (caps->modelTable) {
        virTestDiag("a plain lookup probed the model table");
        return -1;
    }
    g_clear_pointer(&caps, virQEMUCapsFree);

    /* put the handwritten table into the valid entry */
    if (!g_file_get_contents(path, &xml, &len, NULL) ||
        virQEMUCapsParseCache(xml, len, path, &withTable, NULL) < 0 ||
        !g_file_get_contents(file, &data, &len, NULL) ||
        virQEMUCapsParseCache(data, len, file, &caps, &stamp) < 0 || !stamp)
        return -1;
    caps->modelTable = g_steal_pointer(&withTable->modelTable);
    if (virQEMUCapsCacheWrite(file, caps, stamp) < 0)
        return -1;

    if (virQEMUCapsCacheLookup(QEMU_S390X, false, 30, rec, &recorded) < 0)
        return -1;
    g_clear_pointer(&data, g_free);
    g_clear_pointer(&caps, virQEMUCapsFree);
    if (!recorded->modelTable || recorded->modelTable->nmodels != 2 ||
        !g_file_get_contents(file, &data, &len, NULL) ||
        virQEMUCapsParseCache(data, len, file, &caps, NULL) < 0 ||
        !caps->modelTable || testCountFiles(dir) != 1) {
        virTestDiag("a recorded probe dropped the cached model table");
        return -1;
    }
    return 0;
}


/* --no-cache neither reads nor writes. */
static int
testCacheNoCache(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("nocache");
    g_autoptr(virQEMUCaps) caps = NULL;

    if (virQEMUCapsCacheLookup(QEMU_S390X, true, 30, NULL, &caps) < 0)
        return -1;
    if (g_file_test(dir, G_FILE_TEST_EXISTS)) {
        virTestDiag("--no-cache created the cache directory");
        return -1;
    }
    return 0;
}


/* A cache directory that cannot be created: both lookups work, one warning. */
static int
testCacheUnwritable(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *blocker = g_build_filename(cacheEnv.tmpdir, "not-a-dir", NULL);
    g_auto(GStrv) warnings = NULL;
    size_t i;

    /* XDG_CACHE_HOME is a regular file: even root cannot make a dir in it */
    if (!g_file_set_contents(blocker, "", 0, NULL))
        return -1;
    g_setenv("XDG_CACHE_HOME", blocker, TRUE);
    g_strfreev(virStealWarnings());

    for (i = 0; i < 2; i++) {
        g_autoptr(virQEMUCaps) caps = NULL;

        if (virQEMUCapsCacheLookup(QEMU_S390X, false, 30, NULL, &caps) < 0)
            return -1;
    }
    warnings = virStealWarnings();
    if (!warnings || g_strv_length(warnings) != 1) {
        virTestDiag("expected one warning, got %u", warnings ? g_strv_length(warnings) : 0);
        return -1;
    }
    virTestDiag("warning: %s", warnings[0]);
    return 0;
}


/* Two processes probing the same binary at once both succeed and leave
 * one valid file. */
static int
testCacheParallel(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = testCacheReset("parallel");
    g_autofree char *binary = g_canonicalize_filename(QEMU_S390X, NULL);
    g_autofree char *file = virQEMUCapsCacheFile(binary);
    g_autofree char *data = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    pid_t pids[2];
    size_t len;
    size_t i;
    int ret = 0;

    fflush(stdout);
    fflush(stderr);
    for (i = 0; i < 2; i++) {
        if ((pids[i] = fork()) < 0) {
            virTestDiag("fork: %s", g_strerror(errno));
            return -1;
        }
        if (pids[i] == 0) {
            g_autoptr(virQEMUCaps) child = NULL;

            _exit(virQEMUCapsCacheLookup(QEMU_S390X, false, 30, NULL, &child) < 0 ? 1 : 0);
        }
    }
    for (i = 0; i < 2; i++) {
        int status;

        while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            virTestDiag("child %zu failed", i);
            ret = -1;
        }
    }
    if (ret < 0)
        return -1;

    if (testCountFiles(dir) != 1) {
        virTestDiag("expected exactly one file, found %zu", testCountFiles(dir));
        return -1;
    }
    if (virFileReadLimited(file, VIR_QEMU_CAPS_CACHE_MAX_SIZE, &data, &len) < 0 ||
        virQEMUCapsParseCache(data, len, file, &caps, &stamp) < 0)
        return -1;
    if (!stamp || STRNEQ(stamp->binary, binary)) {
        virTestDiag("the cache file has no stamp for '%s'", binary);
        return -1;
    }
    return 0;
}


/* Capabilities whose cache XML is over the reader's limit are not
 * written at all: the writer and the reader share one limit, so no file
 * is made that every later run would refuse and probe again. */
static int
testCacheTooLarge(const void *opaque)
{
    g_autofree char *dir = testCacheReset("toolarge");
    const char *replies = opaque;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autofree char *file = NULL;
    g_autofree char *data = NULL;
    size_t len = 0;

    if (!(caps = testProbeReplay(replies)) ||
        !(stamp = virQEMUCapsStampNew(cacheEnv.fakeFail)))
        return -1;
    file = virQEMUCapsCacheFile(stamp->binary);
    if (g_mkdir_with_parents(dir, 0700) < 0)
        return -1;

    /* as it is, the entry is written and read back */
    if (virQEMUCapsCacheWrite(file, caps, stamp) < 0 ||
        virFileReadLimitedFlags(file, VIR_QEMU_CAPS_CACHE_MAX_SIZE,
                                VIR_FILE_READ_NOFOLLOW, &data, &len) < 0)
        return -1;
    g_unlink(file);

    /* a package string one byte over the limit makes the whole file
     * larger than the limit */
    g_free(caps->package);
    caps->package = g_strnfill(VIR_QEMU_CAPS_CACHE_MAX_SIZE + 1, 'p');

    if (virQEMUCapsCacheWrite(file, caps, stamp) == 0) {
        virTestDiag("capabilities over the cache limit were written");
        return -1;
    }
    if (virGetLastErrorCode() != VIR_ERR_OPERATION_UNSUPPORTED ||
        !strstr(virGetLastErrorMessage(), "cache limit of 8388608 bytes")) {
        virTestDiag("unexpected error: %s", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    if (testCountFiles(dir) != 0) {
        virTestDiag("a refused write left a file");
        return -1;
    }
    return 0;
}


/* Something other than a regular file at the cache path is not a cache
 * entry: it is neither read (a FIFO would block forever), nor followed (a
 * link to a valid entry is not used), nor removed, nor replaced; the
 * lookup probes the binary and warns once.  Each lookup runs in a child
 * with a 60 s alarm, so a lookup that blocks fails the case instead of
 * hanging the suite. */
static int
testCacheForeignOne(const char *binary,
                    const char *file,
                    bool probeWorks,
                    mode_t type)
{
    struct stat sb;
    pid_t pid;
    int status;

    fflush(stdout);
    fflush(stderr);
    if ((pid = fork()) < 0) {
        virTestDiag("fork: %s", g_strerror(errno));
        return -1;
    }
    if (pid == 0) {
        g_autoptr(virQEMUCaps) caps = NULL;
        g_auto(GStrv) warnings = NULL;
        int rc;

        alarm(60);
        g_strfreev(virStealWarnings());
        rc = virQEMUCapsCacheLookup(binary, false, 30, NULL, &caps);
        warnings = virStealWarnings();
        if ((rc == 0) != probeWorks) {
            virTestDiag("lookup %s: %s", rc == 0 ? "succeeded" : "failed",
                        virGetLastErrorMessage());
            _exit(1);
        }
        if (!warnings || g_strv_length(warnings) != 1 ||
            !strstr(warnings[0], "not a regular file")) {
            virTestDiag("expected one warning about the entry, got %u",
                        warnings ? g_strv_length(warnings) : 0);
            _exit(1);
        }
        _exit(0);
    }

    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
        virTestDiag("the lookup blocked on the cache entry");
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;

    if (lstat(file, &sb) < 0 || (sb.st_mode & S_IFMT) != type) {
        virTestDiag("the foreign cache entry was removed or replaced");
        return -1;
    }
    return 0;
}


static int
testCacheForeign(const void *opaque)
{
    g_autofree char *dir = testCacheReset("foreign");
    const char *replies = opaque;
    bool haveQEMU = g_file_test(QEMU_S390X, G_FILE_TEST_IS_EXECUTABLE);
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;
    g_autofree char *file = NULL;
    g_autofree char *valid = NULL;
    g_autofree char *qemuFile = NULL;
    g_autofree char *xml = NULL;
    int ret = -1;

    if (!(caps = testProbeReplay(replies)) ||
        !(stamp = virQEMUCapsStampNew(cacheEnv.fakeFail)) ||
        g_mkdir_with_parents(dir, 0700) < 0)
        return -1;
    file = virQEMUCapsCacheFile(stamp->binary);
    valid = g_build_filename(dir, "valid.xml", NULL);
    xml = virQEMUCapsFormatCache(caps, stamp);

    /* a FIFO: the fake binary then fails, nothing is written */
    if (mkfifo(file, 0600) < 0 ||
        testCacheForeignOne(cacheEnv.fakeFail, file, false, S_IFIFO) < 0)
        goto cleanup;
    g_unlink(file);

    /* a link to a valid entry: not used (the fake binary fails) */
    if (!g_file_set_contents(valid, xml, -1, NULL) ||
        symlink("valid.xml", file) < 0 ||
        testCacheForeignOne(cacheEnv.fakeFail, file, false, S_IFLNK) < 0)
        goto cleanup;
    g_unlink(file);

    /* a directory */
    if (g_mkdir(file, 0700) < 0 ||
        testCacheForeignOne(cacheEnv.fakeFail, file, false, S_IFDIR) < 0)
        goto cleanup;
    g_rmdir(file);

    /* a FIFO at the entry of a real QEMU: probed, not cached, FIFO kept */
    if (haveQEMU) {
        g_autofree char *binary = g_canonicalize_filename(QEMU_S390X, NULL);

        qemuFile = virQEMUCapsCacheFile(binary);
        if (mkfifo(qemuFile, 0600) < 0 ||
            testCacheForeignOne(QEMU_S390X, qemuFile, true, S_IFIFO) < 0)
            goto cleanup;
    }

    ret = 0;
 cleanup:
    if (qemuFile)
        g_unlink(qemuFile);
    if (g_file_test(file, G_FILE_TEST_IS_DIR) &&
        !g_file_test(file, G_FILE_TEST_IS_SYMLINK))
        g_rmdir(file);
    else
        g_unlink(file);
    g_unlink(valid);
    return ret;
}


static gint
testComparePaths(gconstpointer a,
                 gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}


static int
testCacheSetup(void)
{
    g_autofree char *script = NULL;

    if (!(cacheEnv.tmpdir = virFileMakeTempDir("hostrec-capstest-XXXXXX")))
        return -1;
    cacheEnv.fakeFail = g_build_filename(cacheEnv.tmpdir, "fake-qemu", NULL);
    script = g_strdup("#!/bin/sh\necho 'fake-qemu: refusing to start' >&2\nexit 1\n");
    if (!g_file_set_contents(cacheEnv.fakeFail, script, -1, NULL) ||
        chmod(cacheEnv.fakeFail, 0755) < 0)
        return -1;
    return 0;
}


static void
testCacheCleanup(void)
{
    if (!cacheEnv.tmpdir)
        return;
    /* the per-case cache directories are one level deeper than what
     * virFileRemoveTempDir removes */
    {
        g_autoptr(GDir) d = g_dir_open(cacheEnv.tmpdir, 0, NULL);
        const char *ent;

        while (d && (ent = g_dir_read_name(d))) {
            g_autofree char *sub = g_build_filename(cacheEnv.tmpdir, ent, "hostrec", NULL);
            g_autofree char *top = g_build_filename(cacheEnv.tmpdir, ent, NULL);

            if (g_file_test(sub, G_FILE_TEST_IS_DIR)) {
                virFileRemoveTempDir(sub);
                rmdir(top);
            }
        }
    }
    virFileRemoveTempDir(cacheEnv.tmpdir);
    g_free(cacheEnv.tmpdir);
    g_free(cacheEnv.fakeFail);
}


int
main(void)
{
    g_autofree char *datadir = virTestDataPath("qemucapabilitiesdata");
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) recordings = g_ptr_array_new_with_free_func(g_free);
    const char *ent;
    static const testConformance conformance[] = {
        { .version = "8.2.0", .hasDeprecated = false },
        { .version = "9.1.0", .hasDeprecated = true },
        { .version = "10.0.0", .hasDeprecated = true },
        { .version = "11.1.0", .hasDeprecated = true },
    };
    bool haveQEMU = g_file_test(QEMU_S390X, G_FILE_TEST_IS_EXECUTABLE);
    const char *noQEMU = "no " QEMU_S390X " (Debian package qemu-system-misc)";
    size_t i;

    /* the tests never touch the user's real cache */
    if (testCacheSetup() < 0) {
        printf("Bail out! cannot set up a temporary directory\n");
        return 1;
    }
    g_free(testCacheReset("unused"));

    /* 1. golden files */
    if ((d = g_dir_open(datadir, 0, NULL))) {
        while ((ent = g_dir_read_name(d))) {
            if (g_str_has_prefix(ent, "qemu_") && g_str_has_suffix(ent, ".replies"))
                g_ptr_array_add(recordings, g_build_filename(datadir, ent, NULL));
        }
    }
    g_ptr_array_sort(recordings, testComparePaths);
    for (i = 0; i < recordings->len; i++) {
        const char *path = recordings->pdata[i];
        g_autofree char *base = g_path_get_basename(path);
        g_autofree char *name = g_strdup_printf("golden %s", base);
        g_autofree char *rt = g_strdup_printf("cache round trip %s", base);

        virTestRun(name, testGolden, path);
        virTestRun(rt, testRoundTrip, path);
    }

    {
        static const testUnansweredData unanswered[] = {
            { .file = "handwritten_probe-refused.replies",
              .hostCPUError = "this recording refuses to expand 'max'" },
            { .file = "handwritten_probe-unrecorded.replies",
              .hostCPUError = "The recording has no expansion of CPU model 'max'." },
            { .file = "handwritten_probe-full-refused.replies",
              .hostModel = "gen15a-base", .hostDeprecated = "te" },
            { .file = "handwritten_probe-kvm-failed.replies",
              .error = "QEMU failed 'query-kvm': this recording refuses query-kvm" },
        };

        for (i = 0; i < G_N_ELEMENTS(unanswered); i++) {
            g_autofree char *name = g_strdup_printf("probe: a command not answered (%s)",
                                                    unanswered[i].file);

            virTestRun(name, testProbeUnanswered, &unanswered[i]);
        }
    }

    {
        g_autofree char *python = g_find_program_in_path("python3");

        if (python)
            virTestRun("synthesised recordings are up to date", testSynthesized, python);
        else
            virTestSkip("synthesised recordings are up to date", "no python3");
    }

    /* 2. conformance */
    for (i = 0; i < G_N_ELEMENTS(conformance); i++) {
        g_autofree char *name = g_strdup_printf("conformance QEMU %s s390x: host CPU, "
                                                "deprecated lists, KVM models",
                                                conformance[i].version);

        if (!virTestFixturesDir())
            virTestSkip(name, "../shared/fixtures is absent");
        else
            virTestRun(name, testConformanceRun, &conformance[i]);
    }
    if (!virTestFixturesDir())
        virTestSkip("conformance: an empty deprecated-props stays empty",
                    "../shared/fixtures is absent");
    else
        virTestRun("conformance: an empty deprecated-props stays empty",
                   testConformanceEmptyList, NULL);

    /* 3. the cache */
    if (recordings->len > 0)
        virTestRun("cache: a valid entry is used, a stale one dropped",
                   testCacheHitAndStale, recordings->pdata[0]);
    else
        virTestSkip("cache: a valid entry is used, a stale one dropped",
                    "no recording in qemucapabilitiesdata");
    virTestRun("cache: the optional model table loads and round-trips",
               testCacheModelTable, NULL);
    virTestRun("cache: damaged files are discarded", testCacheDamaged, NULL);
    virTestRun("cache: a bad name is refused with its line", testCacheBadNameLine, NULL);
    if (recordings->len > 0)
        virTestRun("cache: control characters in QEMU's strings still load",
                   testCacheControlChars, recordings->pdata[0]);
    else
        virTestSkip("cache: control characters in QEMU's strings still load",
                    "no recording in qemucapabilitiesdata");
    if (recordings->len > 0) {
        virTestRun("cache: capabilities over the size limit are not written",
                   testCacheTooLarge, recordings->pdata[0]);
        virTestRun("cache: an entry that is not a regular file is left alone",
                   testCacheForeign, recordings->pdata[0]);
    } else {
        virTestSkip("cache: capabilities over the size limit are not written",
                    "no recording in qemucapabilitiesdata");
        virTestSkip("cache: an entry that is not a regular file is left alone",
                    "no recording in qemucapabilitiesdata");
    }
    virTestRun("cache: a failed probe writes nothing", testCacheFailedProbe, NULL);
    if (haveQEMU) {
        virTestRun("cache: live probe then cached", testCacheLive, NULL);
        virTestRun("cache: --no-cache", testCacheNoCache, NULL);
        virTestRun("cache: the model table is not probed, and kept by --record",
                   testCacheModelTableKept, NULL);
        virTestRun("cache: unwritable directory, one warning", testCacheUnwritable, NULL);
        virTestRun("cache: two processes at once", testCacheParallel, NULL);
    } else {
        virTestSkip("cache: live probe then cached", noQEMU);
        virTestSkip("cache: --no-cache", noQEMU);
        virTestSkip("cache: the model table is not probed, and kept by --record", noQEMU);
        virTestSkip("cache: unwritable directory, one warning", noQEMU);
        virTestSkip("cache: two processes at once", noQEMU);
    }

    virTestCheckUnusedFiles(datadir, ".replies");
    virTestCheckUnusedFiles(datadir, ".xml");
    testCacheCleanup();
    return virTestMain();
}
