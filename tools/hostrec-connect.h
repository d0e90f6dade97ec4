/*
 * hostrec-connect.h: the tool's connection to a running libvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A thin layer over libvirt's public client API (libvirt.so, pkg-config
 * "libvirt"), built only when meson's "libvirt" feature is enabled
 * (WITH_LIBVIRT in config.h).  Nothing here speaks libvirt's protocol:
 * every call is one public libvirt function.  The library is not linked:
 * hostrecConnOpen() loads libvirt.so.0 (dlopen) the first time it runs,
 * and fails with one error naming the library where it cannot; nothing
 * else here needs it, so the commands that never connect start without
 * it.
 *
 * Why the tools layer: the connection is the user's (the global
 * -c/--connect, as virsh has it), its errors are reported to the user,
 * and what comes back is text (domain XML, domain capabilities XML) that
 * the tool hands to the parsers of src/conf, which check every name
 * where it enters.  src/ keeps no dependency on libvirt.
 *
 * Only this file's .c includes <libvirt/libvirt.h>: libvirt's public
 * headers and src/util/virerror.h share names (VIR_ERR_*,
 * virResetLastError, ...), so the libvirt types stay behind the opaque
 * types below, and libvirt's errors are turned into hostrec's (one
 * sentence naming the URI and, where there is one, the domain) by
 * hostrec-connect-report.c.  For the same reason the tool is linked with
 * --exclude-libs: hostrec's own vir* symbols must not interpose
 * libvirt.so's (see tools/meson.build).
 *
 * libvirt's default error printer (one line per failed call on stderr)
 * is switched off when the first connection is opened; every error
 * reaches the user once, through hostrec's "error: ..." line.
 *
 * All functions return NULL or -1 with hostrec's error set (virerror.h),
 * or the value asked for; strings returned are owned by the caller.
 */

#pragma once

#include "internal.h"

#if WITH_LIBVIRT

typedef struct _hostrecConn hostrecConn;
typedef struct _hostrecConnDomain hostrecConnDomain;

/* The URI given with the global -c/--connect (a copy is kept), or NULL
 * for libvirt's default: LIBVIRT_DEFAULT_URI, then uri_default of
 * libvirt.conf, then the local hypervisor, exactly as virsh picks it. */
void hostrecConnectSetURI(const char *uri);
const char *hostrecConnectGetURI(void);

/* Open a read-write connection to @uri (NULL: the default above), with
 * libvirt's default authentication callback, as virsh does.  On failure
 * the error names the URI (or says "the default URI" and what
 * LIBVIRT_DEFAULT_URI holds) and libvirt's reason. */
hostrecConn *hostrecConnOpen(const char *uri);

/* Close the connection; NULL is accepted. */
void hostrecConnFree(hostrecConn *conn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hostrecConn, hostrecConnFree);

/* The URI the connection is open to, as libvirt canonicalises it
 * (e.g. "qemu:///system" for a NULL URI).  Owned by @conn. */
const char *hostrecConnGetURIName(const hostrecConn *conn);

/* libvirt's version on the other end (the daemon's, for a remote
 * driver), as major * 1000000 + minor * 1000 + micro. */
int hostrecConnGetLibVersion(hostrecConn *conn,
                             unsigned long long *version);

/* The hypervisor's version (virConnectGetVersion): for the QEMU driver,
 * QEMU's, as major * 1000000 + minor * 1000 + micro. */
int hostrecConnGetHypervisorVersion(hostrecConn *conn,
                                    unsigned long long *version);

/* Whether the connection reaches a daemon on another machine: the URI
 * names a host other than "localhost" (qemu+ssh://HOST/system).  A
 * local daemon's emulator paths are paths of this machine. */
bool hostrecConnIsRemote(const hostrecConn *conn);

/* The same test on a URI string (false for one that does not parse). */
bool hostrecConnURIIsRemote(const char *uri);

/* Look up a domain as virsh does: @key is an ID (a non-negative
 * integer), a UUID or a name, tried in that order.  A domain that does
 * not exist is an error naming @key and the URI. */
hostrecConnDomain *hostrecConnLookupDomain(hostrecConn *conn,
                                           const char *key);

/* Free the handle (the domain is not touched); NULL is accepted. */
void hostrecConnDomainFree(hostrecConnDomain *dom);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hostrecConnDomain, hostrecConnDomainFree);

/* The domain's name as libvirt reports it (not checked: a domain name
 * may hold anything libvirt accepts; escape it where it is printed).
 * Owned by @dom. */
const char *hostrecConnDomainGetName(const hostrecConnDomain *dom);

/* Whether the domain is running (1), not (0), or -1 on error. */
int hostrecConnDomainIsActive(hostrecConnDomain *dom);

/* Whether the domain has a persistent definition (1; 0 for a transient
 * domain that exists only while it runs), or -1 on error. */
int hostrecConnDomainIsPersistent(hostrecConnDomain *dom);

typedef enum {
    /* the inactive definition (what the next start uses), not the live one */
    HOSTREC_CONN_XML_INACTIVE = 1 << 0,
    /* with secrets such as graphics passwords, as "virsh edit" reads it
     * for a redefinition (needs a read-write connection) */
    HOSTREC_CONN_XML_SECURE = 1 << 1,
} hostrecConnXMLFlags;

/* The domain's XML (virDomainGetXMLDesc), @flags: hostrecConnXMLFlags. */
char *hostrecConnDomainGetXML(hostrecConnDomain *dom,
                              unsigned int flags);

typedef enum {
    /* the host-model CPU without the features QEMU deprecates
     * (libvirt >= 11.0; older daemons refuse the flag) */
    HOSTREC_CONN_DOMCAPS_DISABLE_DEPRECATED = 1 << 0,
} hostrecConnDomcapsFlags;

/* The daemon's domain capabilities (virConnectGetDomainCapabilities) for
 * the given emulator, arch, machine and virt type (each NULL for the
 * daemon's default), @flags: hostrecConnDomcapsFlags.  The document is
 * not checked here: parse it with hostrec's parsers. */
char *hostrecConnGetDomainCapabilities(hostrecConn *conn,
                                       const char *emulator,
                                       const char *arch,
                                       const char *machine,
                                       const char *virttype,
                                       unsigned int flags);

/* Define (or redefine) a persistent domain from @xml (virDomainDefineXML).
 * @name is the domain's name in @xml, for messages.  Returns the domain. */
hostrecConnDomain *hostrecConnDefineXML(hostrecConn *conn,
                                        const char *xml,
                                        const char *name);

/* Every persistent domain (for "refresh --all"), as the objects libvirt
 * listed (hostrecConnDomain, freed with the array), sorted by name.  An
 * operation on one that was undefined since fails with VIR_ERR_NO_DOMAIN
 * (virerror.h). */
GPtrArray *hostrecConnListPersistentDomains(hostrecConn *conn);

/* Internal to hostrec-connect.c: report an error of @kind in hostrec's
 * error state (hostrec-connect-report.c, which may include virerror.h
 * where hostrec-connect.c may not). */
typedef enum {
    HOSTREC_CONN_ERR_CONNECT = 0,   /* the URI cannot be opened */
    HOSTREC_CONN_ERR_NO_DOMAIN,     /* no such domain */
    HOSTREC_CONN_ERR_DENIED,        /* authentication or access control */
    HOSTREC_CONN_ERR_UNSUPPORTED,   /* the daemon lacks the call or flag */
    HOSTREC_CONN_ERR_FAILED,        /* any other failure of a call */
    HOSTREC_CONN_ERR_NO_LIBRARY,    /* libvirt.so.0 cannot be loaded */

    HOSTREC_CONN_ERR_LAST
} hostrecConnErrorKind;

void hostrecConnReportError(hostrecConnErrorKind kind,
                            const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

#endif /* WITH_LIBVIRT */
