/*
 * connecttest.c: tools/hostrec-connect.h against libvirt's test driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "test:///default" is libvirt's in-process mock hypervisor: one running
 * domain "test" (ID 1, UUID 6695eb01-...), no daemon, nothing saved.  It
 * answers lookups, XML, define and list; it has no domain capabilities,
 * which is checked as an error here (the real daemons' answers are the
 * libvirtd harness's).  Built only with libvirt.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "hostrec-connect.h"
#include "virerror.h"

#define TEST_URI "test:///default"
#define TEST_UUID "6695eb01-f6a4-8304-79aa-97f2502e193f"

/* The pending error has @code and mentions each of the NULL-terminated
 * strings; it is then reset. */
static int
connectTestCheckError(virErrorCode code, ...)
{
    const char *msg = virGetLastErrorMessage();
    const char *want;
    va_list ap;
    int ret = 0;

    if (virGetLastErrorCode() != code) {
        virTestDiag("error code %d, expected %d: %s", virGetLastErrorCode(), code, msg);
        ret = -1;
    }
    va_start(ap, code);
    while ((want = va_arg(ap, const char *))) {
        if (!strstr(msg, want)) {
            virTestDiag("error '%s' does not mention '%s'", msg, want);
            ret = -1;
        }
    }
    va_end(ap);
    if (strchr(msg, '\n')) {
        virTestDiag("error '%s' is not one line", msg);
        ret = -1;
    }
    virResetLastError();
    return ret;
}

static int
connectTestOpen(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;
    unsigned long long version = 0;

    if (!(conn = hostrecConnOpen(TEST_URI)))
        return -1;
    if (virTestCompareStrings(TEST_URI, hostrecConnGetURIName(conn), "URI") < 0)
        return -1;
    if (hostrecConnIsRemote(conn)) {
        virTestDiag("test:///default is not remote");
        return -1;
    }
    if (hostrecConnGetLibVersion(conn, &version) < 0)
        return -1;
    if (version < 9000000) {
        virTestDiag("libvirt version %llu, expected 9.0.0 or newer", version);
        return -1;
    }
    return 0;
}

/* The global -c URI is the one a NULL URI opens. */
static int
connectTestGlobalURI(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;

    hostrecConnectSetURI(TEST_URI);
    conn = hostrecConnOpen(NULL);
    hostrecConnectSetURI(NULL);
    if (!conn)
        return -1;
    return virTestCompareStrings(TEST_URI, hostrecConnGetURIName(conn), "URI");
}

static int
connectTestUnreachable(const void *opaque G_GNUC_UNUSED)
{
    const char *uri = "qemu+unix:///system?socket=/nonexistent/hostrec-test-sock";
    g_autoptr(hostrecConn) conn = NULL;

    if ((conn = hostrecConnOpen(uri))) {
        virTestDiag("'%s' opened", uri);
        return -1;
    }
    return connectTestCheckError(VIR_ERR_NO_CONNECT, uri, "hostrec-test-sock", NULL);
}

typedef struct {
    const char *key;
    const char *name;   /* expected, NULL: not found */
} connectTestLookupCase;

static int
connectTestLookup(const void *opaque)
{
    const connectTestLookupCase *tc = opaque;
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;

    if (!(conn = hostrecConnOpen(TEST_URI)))
        return -1;
    dom = hostrecConnLookupDomain(conn, tc->key);
    if (!tc->name) {
        if (dom) {
            virTestDiag("'%s' found as '%s'", tc->key, hostrecConnDomainGetName(dom));
            return -1;
        }
        return connectTestCheckError(VIR_ERR_NO_DOMAIN, tc->key, TEST_URI, NULL);
    }
    if (!dom)
        return -1;
    return virTestCompareStrings(tc->name, hostrecConnDomainGetName(dom), "domain name");
}

static const connectTestLookupCase lookups[] = {
    { .key = "test", .name = "test" },
    { .key = TEST_UUID, .name = "test" },
    { .key = "6695eb01f6a4830479aa97f2502e193f", .name = "test" },
    { .key = "1", .name = "test" },
    { .key = "nosuch" },
    { .key = "42" },
    { .key = "6695eb01-f6a4-8304-79aa-97f2502e1940" },
};

static int
connectTestXML(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;

    if (!(conn = hostrecConnOpen(TEST_URI)) ||
        !(dom = hostrecConnLookupDomain(conn, "test")))
        return -1;
    if (hostrecConnDomainIsActive(dom) != 1 ||
        hostrecConnDomainIsPersistent(dom) != 1) {
        virTestDiag("'test' should be running and persistent");
        return -1;
    }
    if (!(live = hostrecConnDomainGetXML(dom, 0)) ||
        !(inactive = hostrecConnDomainGetXML(dom, HOSTREC_CONN_XML_INACTIVE |
                                                  HOSTREC_CONN_XML_SECURE)))
        return -1;
    /* only the live XML of a running domain has its ID */
    if (!strstr(live, "<domain type='test' id='1'>") ||
        !strstr(inactive, "<domain type='test'>") ||
        !strstr(inactive, "<uuid>" TEST_UUID "</uuid>")) {
        virTestDiag("unexpected XML:\n%s\n%s", live, inactive);
        return -1;
    }
    return 0;
}

static int
connectTestDefine(const void *opaque G_GNUC_UNUSED)
{
    const char *xml =
        "<domain type='test'><name>hostrec-defined</name><memory>65536</memory>"
        "<os><type>hvm</type></os></domain>";
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autoptr(hostrecConnDomain) found = NULL;
    g_autoptr(GPtrArray) doms = NULL;
    bool seenDefined = false;
    bool seenTest = false;
    size_t i;

    if (!(conn = hostrecConnOpen(TEST_URI)) ||
        !(dom = hostrecConnDefineXML(conn, xml, "hostrec-defined")) ||
        !(found = hostrecConnLookupDomain(conn, "hostrec-defined")))
        return -1;
    if (hostrecConnDomainIsActive(found) != 0) {
        virTestDiag("a defined domain is not started");
        return -1;
    }
    if (!(doms = hostrecConnListPersistentDomains(conn)))
        return -1;
    for (i = 0; i < doms->len; i++) {
        const char *name = hostrecConnDomainGetName(g_ptr_array_index(doms, i));

        seenDefined |= STREQ(name, "hostrec-defined");
        seenTest |= STREQ(name, "test");
        if (i > 0 &&
            strcmp(hostrecConnDomainGetName(g_ptr_array_index(doms, i - 1)), name) > 0) {
            virTestDiag("the list is not sorted by name");
            return -1;
        }
    }
    if (!seenDefined || !seenTest) {
        virTestDiag("the list misses a domain");
        return -1;
    }

    /* a definition libvirt refuses: its reason, the name and the URI */
    if (hostrecConnDefineXML(conn, "<domain type='test'><name>bad</name></domain>", "bad")) {
        virTestDiag("a domain without memory was defined");
        return -1;
    }
    return connectTestCheckError(VIR_ERR_OPERATION_FAILED, "'bad'", TEST_URI, NULL);
}

/* The test driver has no domain capabilities: an error naming the URI.
 * With the flag of libvirt 11.0, the same (the driver lacks the call,
 * not the flag). */
static int
connectTestDomcaps(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autofree char *caps = NULL;

    if (!(conn = hostrecConnOpen(TEST_URI)))
        return -1;
    if ((caps = hostrecConnGetDomainCapabilities(conn, NULL, "s390x", NULL, "qemu", 0))) {
        virTestDiag("the test driver answered domain capabilities");
        return -1;
    }
    return connectTestCheckError(VIR_ERR_OPERATION_FAILED, TEST_URI, "s390x", NULL);
}

typedef struct {
    const char *uri;
    bool remote;
} connectTestRemoteCase;

static int
connectTestRemote(const void *opaque)
{
    const connectTestRemoteCase *tc = opaque;

    if (hostrecConnURIIsRemote(tc->uri) != tc->remote) {
        virTestDiag("'%s': remote %d, expected %d", tc->uri, !tc->remote, tc->remote);
        return -1;
    }
    return 0;
}

static const connectTestRemoteCase remotes[] = {
    { .uri = "qemu:///system", .remote = false },
    { .uri = "qemu:///session", .remote = false },
    { .uri = "qemu+unix:///system?socket=/run/x", .remote = false },
    { .uri = "qemu+ssh://localhost/system", .remote = false },
    { .uri = "qemu+ssh://root@z16.example.com/system", .remote = true },
    { .uri = "qemu+tcp://10.0.0.1:16509/system", .remote = true },
    { .uri = "not a uri", .remote = false },
};

int
main(void)
{
    size_t i;

    virTestRun("open", connectTestOpen, NULL);
    virTestRun("global-uri", connectTestGlobalURI, NULL);
    virTestRun("unreachable", connectTestUnreachable, NULL);
    for (i = 0; i < G_N_ELEMENTS(lookups); i++) {
        g_autofree char *name = g_strdup_printf("lookup '%s'", lookups[i].key);
        virTestRun(name, connectTestLookup, &lookups[i]);
    }
    virTestRun("xml", connectTestXML, NULL);
    virTestRun("define", connectTestDefine, NULL);
    virTestRun("domcaps", connectTestDomcaps, NULL);
    for (i = 0; i < G_N_ELEMENTS(remotes); i++) {
        g_autofree char *name = g_strdup_printf("remote '%s'", remotes[i].uri);
        virTestRun(name, connectTestRemote, &remotes[i]);
    }
    return virTestMain();
}
