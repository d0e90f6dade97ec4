/*
 * hostrec-domain.c: a domain XML from a file or from libvirt (--domain)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The commands that read a domain XML file (validate, domxml-to-native,
 * domxml-expand, migration-check) take --domain NAME|UUID|ID instead of
 * the file when hostrec is built with libvirt: the XML is then the
 * domain's, read over the global -c/--connect connection.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "hostrec.h"
#include "hostrec-connect.h"
#include "virerror.h"
#include "virxml.h"

char *hostrecDomainKey;
static bool domainRemote;
static char *domainURI;
static char *domainName;

const GOptionEntry hostrecDomainOptionEntries[] = {
#if WITH_LIBVIRT
    { "domain", 0, 0, G_OPTION_ARG_STRING, &hostrecDomainKey,
      N_("read the XML of this libvirt domain (name, UUID or ID, over -c/--connect) instead of a file"),
      N_("DOMAIN") },
#endif
    { NULL }
};

bool
hostrecDomainFromLibvirt(void)
{
    return hostrecDomainKey != NULL;
}

bool
hostrecDomainIsRemote(void)
{
    return domainRemote;
}

const char *
hostrecDomainURI(void)
{
    return domainURI;
}

const char *
hostrecDomainName(void)
{
    return domainName;
}

int
hostrecDomainPrepareConnected(void)
{
#if WITH_LIBVIRT
    g_autoptr(hostrecConn) conn = NULL;

    if (!(conn = hostrecConnOpen(NULL)))
        return -1;
    domainRemote = hostrecConnIsRemote(conn);
    g_free(domainURI);
    domainURI = g_strdup(hostrecConnGetURIName(conn));
    return 0;
#else
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                   _("this hostrec was built without libvirt"));
    return -1;
#endif
}

#if WITH_LIBVIRT
static virDomainDef *
hostrecDomainLoadLibvirt(const char *key,
                         unsigned int flags)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *name = NULL;
    g_autoptr(virDomainDef) def = NULL;
    xmlDocPtr doc;

    if (!(conn = hostrecConnOpen(NULL)) ||
        !(dom = hostrecConnLookupDomain(conn, key)))
        return NULL;

    /* a running domain's live XML unless the inactive one is asked for,
     * as virsh reads it */
    if (!(flags & HOSTREC_DOMAIN_INACTIVE) &&
        hostrecConnDomainIsActive(dom) == 1)
        xml = hostrecConnDomainGetXML(dom, 0);
    else
        xml = hostrecConnDomainGetXML(dom, HOSTREC_CONN_XML_INACTIVE);
    if (!xml)
        return NULL;

    domainRemote = hostrecConnIsRemote(conn);
    g_free(domainURI);
    domainURI = g_strdup(hostrecConnGetURIName(conn));
    g_free(domainName);
    domainName = g_strdup(hostrecConnDomainGetName(dom));

    name = g_strdup_printf(_("domain '%s' on '%s'"),
                           hostrecConnDomainGetName(dom), hostrecConnGetURIName(conn));
    /* every error names the domain and the URI */
    if (!(doc = virXMLParseString(xml, strlen(xml), name)) ||
        !(def = virDomainDefParseDoc(doc, name)) ||
        virDomainDefValidate(def) < 0) {
        if (!strstr(virGetLastErrorMessage(), name))
            virErrorPrefix("%s", name);
        return NULL;
    }
    return g_steal_pointer(&def);
}
#endif

virDomainDef *
hostrecDomainLoad(const char *path,
                  unsigned int flags)
{
    if (path)
        return virDomainDefParseFile(path);

#if WITH_LIBVIRT
    if (hostrecDomainKey)
        return hostrecDomainLoadLibvirt(hostrecDomainKey, flags);
#endif

    virReportError(VIR_ERR_INTERNAL_ERROR, "%s", _("no domain XML to read"));
    return NULL;
}
