/*
 * hostrec-connect.c: the tool's connection to a running libvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The only file that includes libvirt's headers (see hostrec-connect.h
 * for why).  Every function is one or two public libvirt calls plus the
 * translation of libvirt's error into one of hostrec's.
 *
 * libvirt's client library is not linked: it is loaded with dlopen()
 * when the first connection is opened (hostrecConnLoad() below), so a
 * command that never connects neither maps libvirt.so.0 and its fifty
 * dependent libraries nor pays their relocations, and runs on a machine
 * without libvirt.  The headers are still libvirt's: each entry of the
 * table of functions has the type of libvirt's own declaration, so the
 * compiler checks every call as it would a direct one, and a direct call
 * that slipped in would not link (nothing provides the symbol).
 */

#include "internal.h"

#if WITH_LIBVIRT

# include <dlfcn.h>
# include <errno.h>
# include <stdlib.h>
# include <string.h>

# include <libvirt/libvirt.h>
# include <libvirt/virterror.h>

# include "hostrec-connect.h"

/* virConnectGetDomainCapabilities() learnt its first flag,
 * VIR_CONNECT_GET_DOMAIN_CAPABILITIES_DISABLE_DEPRECATED_FEATURES, in
 * libvirt 11.0 (value 1 << 0, a public ABI that does not change).  The
 * headers of older libvirt (Debian 12 ships 9.0) lack the name; a daemon
 * that is new enough understands the value whatever the client was
 * built against, and an older daemon refuses it ("unsupported flags"). */
# if LIBVIR_CHECK_VERSION(11, 0, 0)
#  define HOSTREC_DOMCAPS_DISABLE_DEPRECATED \
    VIR_CONNECT_GET_DOMAIN_CAPABILITIES_DISABLE_DEPRECATED_FEATURES
# else
#  define HOSTREC_DOMCAPS_DISABLE_DEPRECATED (1U << 0)
# endif

/* The library's SONAME: the ABI hostrec's table below is written
 * against (libvirt has kept it since 0.x, adding functions only). */
# define HOSTREC_LIBVIRT_SONAME "libvirt.so.0"

/* Every libvirt function this file calls, for hostrecConnLoad(). */
# define HOSTREC_LIBVIRT_FUNCTIONS(F) \
    F(virSetErrorFunc) \
    F(virGetLastError) \
    F(virResetLastError) \
    F(virConnectOpenAuth) \
    F(virConnectGetURI) \
    F(virConnectClose) \
    F(virConnectGetLibVersion) \
    F(virConnectGetVersion) \
    F(virConnectGetDomainCapabilities) \
    F(virConnectListAllDomains) \
    F(virDomainLookupByID) \
    F(virDomainLookupByUUIDString) \
    F(virDomainLookupByName) \
    F(virDomainDefineXML) \
    F(virDomainGetName) \
    F(virDomainIsActive) \
    F(virDomainIsPersistent) \
    F(virDomainGetXMLDesc) \
    F(virDomainFree)

/* One pointer per function, typed from libvirt's declaration; and the
 * address of libvirt's one data symbol this file uses, the default
 * authentication callback (a variable, so dlsym() gives its address). */
typedef struct {
# define HOSTREC_LIBVIRT_MEMBER(name) __typeof__(name) *name;
    HOSTREC_LIBVIRT_FUNCTIONS(HOSTREC_LIBVIRT_MEMBER)
# undef HOSTREC_LIBVIRT_MEMBER
    __typeof__(virConnectAuthPtrDefault) *virConnectAuthPtrDefault;
} hostrecLibvirtTable;

/* Filled once, by the first successful hostrecConnLoad(); every other
 * function of this file is reached through a hostrecConn, which exists
 * only after it. */
static hostrecLibvirtTable hostrecLibvirt;
static bool hostrecLibvirtLoaded;
G_LOCK_DEFINE_STATIC(hostrecLibvirt);

/* The address of @name in @handle, or NULL with hostrec's error set. */
static void *
hostrecConnLoadSymbol(void *handle,
                      const char *name)
{
    const char *err;
    void *sym;

    dlerror();
    sym = dlsym(handle, name);
    if ((err = dlerror()) || !sym) {
        hostrecConnReportError(HOSTREC_CONN_ERR_NO_LIBRARY,
                               _("cannot load '%s' from libvirt's client library '%s': %s"),
                               name, HOSTREC_LIBVIRT_SONAME,
                               err ? err : _("the symbol is NULL"));
        return NULL;
    }
    return sym;
}

/* Load libvirt's client library and fill hostrecLibvirt, once.
 *
 * RTLD_NOW: a library that lacks a symbol it needs fails here, with one
 * error, not in the middle of a call.  RTLD_LOCAL: libvirt's symbols do
 * not join the global scope, where they would be seen by anything loaded
 * later.  The other direction still matters: the executable's dynamic
 * symbols are visible to a dlopen()ed library, which is why the tool is
 * linked with --exclude-libs (see tools/meson.build).  The library is
 * never closed: libvirt keeps per-thread error state and one-time
 * initialisation, and nothing is won by unloading it before exit.
 * A failed load leaves nothing behind and is retried by the next call. */
static int
hostrecConnLoad(void)
{
    hostrecLibvirtTable table = { 0 };
    void *handle;
    int ret = -1;

    G_LOCK(hostrecLibvirt);

    if (hostrecLibvirtLoaded) {
        ret = 0;
        goto cleanup;
    }

    dlerror();
    if (!(handle = dlopen(HOSTREC_LIBVIRT_SONAME, RTLD_NOW | RTLD_LOCAL))) {
        const char *err = dlerror();

        hostrecConnReportError(HOSTREC_CONN_ERR_NO_LIBRARY,
                               _("cannot load libvirt's client library '%s': %s; install libvirt0"),
                               HOSTREC_LIBVIRT_SONAME,
                               err ? err : _("unknown error"));
        goto cleanup;
    }

    /* dlsym() returns an object pointer; POSIX requires it to convert to
     * the function pointer it stands for. */
# define HOSTREC_LIBVIRT_LOAD(name) \
    if (!(table.name = (__typeof__(table.name))hostrecConnLoadSymbol(handle, #name))) { \
        dlclose(handle); \
        goto cleanup; \
    }
    HOSTREC_LIBVIRT_FUNCTIONS(HOSTREC_LIBVIRT_LOAD)
    HOSTREC_LIBVIRT_LOAD(virConnectAuthPtrDefault)
# undef HOSTREC_LIBVIRT_LOAD

    hostrecLibvirt = table;
    hostrecLibvirtLoaded = true;
    ret = 0;

 cleanup:
    G_UNLOCK(hostrecLibvirt);
    return ret;
}

struct _hostrecConn {
    virConnectPtr conn;
    char *uri;          /* hostrecLibvirt.virConnectGetURI() */
};

struct _hostrecConnDomain {
    virDomainPtr dom;
    char *name;
    char *uri;          /* of its connection, for messages */
};

static char *connectURI;

void
hostrecConnectSetURI(const char *uri)
{
    g_free(connectURI);
    connectURI = g_strdup(uri);
}

const char *
hostrecConnectGetURI(void)
{
    return connectURI;
}

/* libvirt prints every error on stderr unless told otherwise; hostrec
 * reports each one itself, once. */
static void
hostrecConnIgnoreError(void *opaque G_GNUC_UNUSED,
                       virErrorPtr err G_GNUC_UNUSED)
{
}

/* libvirt's message for the last failed call; never NULL. */
static const char *
hostrecConnLastReason(void)
{
    virErrorPtr err = hostrecLibvirt.virGetLastError();

    if (!err || !err->message)
        return _("unknown libvirt error");
    return err->message;
}

/* Whether the last failed call failed for want of permission: a failed
 * or cancelled authentication, an access control rule, or a socket the
 * user may not open. */
static bool
hostrecConnLastIsDenied(void)
{
    virErrorPtr err = hostrecLibvirt.virGetLastError();

    if (!err)
        return false;

    switch (err->code) {
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_ACCESS_DENIED:
    case VIR_ERR_OPERATION_DENIED:
        return true;
    case VIR_ERR_SYSTEM_ERROR:
        /* libvirt puts the errno of a system error in int1 */
        return err->int1 == EACCES || err->int1 == EPERM;
    default:
        return false;
    }
}

static int
hostrecConnLastCode(void)
{
    virErrorPtr err = hostrecLibvirt.virGetLastError();

    return err ? err->code : VIR_ERR_OK;
}

static hostrecConnErrorKind
hostrecConnLastKind(hostrecConnErrorKind otherwise)
{
    if (hostrecConnLastIsDenied())
        return HOSTREC_CONN_ERR_DENIED;
    /* a domain undefined since it was looked up or listed */
    if (hostrecConnLastCode() == VIR_ERR_NO_DOMAIN)
        return HOSTREC_CONN_ERR_NO_DOMAIN;
    return otherwise;
}

hostrecConn *
hostrecConnOpen(const char *uri)
{
    g_autoptr(hostrecConn) conn = g_new0(hostrecConn, 1);
    const char *envURI = g_getenv("LIBVIRT_DEFAULT_URI");
    char *name;

    if (hostrecConnLoad() < 0)
        return NULL;

    hostrecLibvirt.virSetErrorFunc(NULL, hostrecConnIgnoreError);

    if (!uri)
        uri = connectURI;

    if (!(conn->conn = hostrecLibvirt.virConnectOpenAuth(uri, *hostrecLibvirt.virConnectAuthPtrDefault, 0))) {
        const char *reason = hostrecConnLastReason();
        hostrecConnErrorKind kind = hostrecConnLastKind(HOSTREC_CONN_ERR_CONNECT);

        if (uri || (envURI && *envURI))
            hostrecConnReportError(kind, _("cannot open '%s': %s"),
                                   uri ? uri : envURI, reason);
        else
            hostrecConnReportError(kind, _("cannot open libvirt's default URI: %s"),
                                   reason);
        return NULL;
    }

    if (!(name = hostrecLibvirt.virConnectGetURI(conn->conn))) {
        hostrecConnReportError(HOSTREC_CONN_ERR_FAILED,
                               _("cannot get the URI of the connection to '%s': %s"),
                               NULLSTR(uri), hostrecConnLastReason());
        return NULL;
    }
    conn->uri = g_strdup(name);
    free(name);

    return g_steal_pointer(&conn);
}

void
hostrecConnFree(hostrecConn *conn)
{
    if (!conn)
        return;
    if (conn->conn)
        hostrecLibvirt.virConnectClose(conn->conn);
    g_free(conn->uri);
    g_free(conn);
}

const char *
hostrecConnGetURIName(const hostrecConn *conn)
{
    return conn->uri;
}

int
hostrecConnGetLibVersion(hostrecConn *conn,
                         unsigned long long *version)
{
    unsigned long v = 0;

    if (hostrecLibvirt.virConnectGetLibVersion(conn->conn, &v) < 0) {
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot get the libvirt version of '%s': %s"),
                               conn->uri, hostrecConnLastReason());
        return -1;
    }
    *version = v;
    return 0;
}

int
hostrecConnGetHypervisorVersion(hostrecConn *conn,
                                unsigned long long *version)
{
    unsigned long v = 0;

    if (hostrecLibvirt.virConnectGetVersion(conn->conn, &v) < 0) {
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot get the hypervisor version of '%s': %s"),
                               conn->uri, hostrecConnLastReason());
        return -1;
    }
    *version = v;
    return 0;
}

bool
hostrecConnIsRemote(const hostrecConn *conn)
{
    return hostrecConnURIIsRemote(conn->uri);
}

bool
hostrecConnURIIsRemote(const char *uri)
{
    g_autoptr(GUri) parsed = g_uri_parse(uri, G_URI_FLAGS_NONE, NULL);
    const char *host;

    if (!parsed || !(host = g_uri_get_host(parsed)) || !*host)
        return false;
    return g_ascii_strcasecmp(host, "localhost") != 0;
}

static hostrecConnDomain *
hostrecConnDomainNew(const hostrecConn *conn,
                     virDomainPtr dom)
{
    hostrecConnDomain *ret = g_new0(hostrecConnDomain, 1);
    const char *name = hostrecLibvirt.virDomainGetName(dom);

    ret->dom = dom;
    ret->name = g_strdup(name ? name : "");
    ret->uri = g_strdup(conn->uri);
    return ret;
}

/* Whether @key has the form virsh reads as a domain ID. */
static bool
hostrecConnKeyIsID(const char *key,
                   int *id)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(key, 10, 0, G_MAXINT, &v, NULL))
        return false;
    *id = (int)v;
    return true;
}

hostrecConnDomain *
hostrecConnLookupDomain(hostrecConn *conn,
                        const char *key)
{
    virDomainPtr dom = NULL;
    int id;

    if (hostrecConnKeyIsID(key, &id))
        dom = hostrecLibvirt.virDomainLookupByID(conn->conn, id);

    /* libvirt checks the UUID's syntax: a key that is none is looked up
     * by name, as virsh does. */
    if (!dom && !hostrecConnLastIsDenied()) {
        hostrecLibvirt.virResetLastError();
        dom = hostrecLibvirt.virDomainLookupByUUIDString(conn->conn, key);
    }

    if (!dom && !hostrecConnLastIsDenied()) {
        hostrecLibvirt.virResetLastError();
        dom = hostrecLibvirt.virDomainLookupByName(conn->conn, key);
    }

    if (!dom) {
        if (hostrecConnLastIsDenied())
            hostrecConnReportError(HOSTREC_CONN_ERR_DENIED,
                                   _("cannot look up domain '%s' on '%s': %s"),
                                   key, conn->uri, hostrecConnLastReason());
        else if (hostrecConnLastCode() == VIR_ERR_NO_DOMAIN)
            hostrecConnReportError(HOSTREC_CONN_ERR_NO_DOMAIN,
                                   _("no domain with name, UUID or ID '%s' on '%s'"),
                                   key, conn->uri);
        else
            hostrecConnReportError(HOSTREC_CONN_ERR_FAILED,
                                   _("cannot look up domain '%s' on '%s': %s"),
                                   key, conn->uri, hostrecConnLastReason());
        return NULL;
    }

    return hostrecConnDomainNew(conn, dom);
}

void
hostrecConnDomainFree(hostrecConnDomain *dom)
{
    if (!dom)
        return;
    if (dom->dom)
        hostrecLibvirt.virDomainFree(dom->dom);
    g_free(dom->name);
    g_free(dom->uri);
    g_free(dom);
}

const char *
hostrecConnDomainGetName(const hostrecConnDomain *dom)
{
    return dom->name;
}

int
hostrecConnDomainIsActive(hostrecConnDomain *dom)
{
    int ret = hostrecLibvirt.virDomainIsActive(dom->dom);

    if (ret < 0)
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot get the state of domain '%s' on '%s': %s"),
                               dom->name, dom->uri, hostrecConnLastReason());
    return ret;
}

int
hostrecConnDomainIsPersistent(hostrecConnDomain *dom)
{
    int ret = hostrecLibvirt.virDomainIsPersistent(dom->dom);

    if (ret < 0)
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot tell whether domain '%s' on '%s' is persistent: %s"),
                               dom->name, dom->uri, hostrecConnLastReason());
    return ret;
}

/* libvirt's string, freed with free(), as a glib string. */
static char *
hostrecConnStealString(char *str)
{
    char *ret = g_strdup(str);

    free(str);
    return ret;
}

char *
hostrecConnDomainGetXML(hostrecConnDomain *dom,
                        unsigned int flags)
{
    unsigned int vflags = 0;
    char *xml;

    if (flags & HOSTREC_CONN_XML_INACTIVE)
        vflags |= VIR_DOMAIN_XML_INACTIVE;
    if (flags & HOSTREC_CONN_XML_SECURE)
        vflags |= VIR_DOMAIN_XML_SECURE;

    if (!(xml = hostrecLibvirt.virDomainGetXMLDesc(dom->dom, vflags))) {
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot get the XML of domain '%s' on '%s': %s"),
                               dom->name, dom->uri, hostrecConnLastReason());
        return NULL;
    }
    return hostrecConnStealString(xml);
}

char *
hostrecConnGetDomainCapabilities(hostrecConn *conn,
                                 const char *emulator,
                                 const char *arch,
                                 const char *machine,
                                 const char *virttype,
                                 unsigned int flags)
{
    unsigned int vflags = 0;
    char *xml;

    if (flags & HOSTREC_CONN_DOMCAPS_DISABLE_DEPRECATED)
        vflags |= HOSTREC_DOMCAPS_DISABLE_DEPRECATED;

    if (!(xml = hostrecLibvirt.virConnectGetDomainCapabilities(conn->conn, emulator, arch,
                                                machine, virttype, vflags))) {
        int code = hostrecConnLastCode();

        if (vflags && (code == VIR_ERR_INVALID_ARG || code == VIR_ERR_NO_SUPPORT))
            hostrecConnReportError(HOSTREC_CONN_ERR_UNSUPPORTED,
                                   _("'%s' cannot leave deprecated features out of its domain capabilities (libvirt 11.0 or newer can): %s"),
                                   conn->uri, hostrecConnLastReason());
        else
            hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                                   _("cannot get the domain capabilities of '%s' from '%s': %s"),
                                   emulator ? emulator : NULLSTR(arch), conn->uri,
                                   hostrecConnLastReason());
        return NULL;
    }
    return hostrecConnStealString(xml);
}

hostrecConnDomain *
hostrecConnDefineXML(hostrecConn *conn,
                     const char *xml,
                     const char *name)
{
    virDomainPtr dom;

    if (!(dom = hostrecLibvirt.virDomainDefineXML(conn->conn, xml))) {
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot define domain '%s' on '%s': %s"),
                               name, conn->uri, hostrecConnLastReason());
        return NULL;
    }
    return hostrecConnDomainNew(conn, dom);
}

static int
hostrecConnCompareDomains(const void *a,
                          const void *b)
{
    const hostrecConnDomain *da = *(hostrecConnDomain * const *)a;
    const hostrecConnDomain *db = *(hostrecConnDomain * const *)b;

    return strcmp(da->name, db->name);
}

GPtrArray *
hostrecConnListPersistentDomains(hostrecConn *conn)
{
    virDomainPtr *doms = NULL;
    GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)hostrecConnDomainFree);
    int n;
    int i;

    if ((n = hostrecLibvirt.virConnectListAllDomains(conn->conn, &doms,
                                      VIR_CONNECT_LIST_DOMAINS_PERSISTENT)) < 0) {
        hostrecConnReportError(hostrecConnLastKind(HOSTREC_CONN_ERR_FAILED),
                               _("cannot list the domains of '%s': %s"),
                               conn->uri, hostrecConnLastReason());
        g_ptr_array_unref(list);
        return NULL;
    }

    /* the objects libvirt listed, never names looked up again: a domain
     * named "4" is not the one whose ID is 4 */
    for (i = 0; i < n; i++)
        g_ptr_array_add(list, hostrecConnDomainNew(conn, doms[i]));
    free(doms);

    g_ptr_array_sort(list, hostrecConnCompareDomains);
    return list;
}

#endif /* WITH_LIBVIRT */
