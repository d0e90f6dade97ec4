/*
 * cpu_input.c: the CPUs that hypervisor-cpu-baseline and -compare read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "cpu_input.h"
#include "virerror.h"
#include "virxml.h"

#define VIR_CPU_INPUT_WRAPPER "hostrecCPUInput"

void
virCPUDefListFree(virCPUDefList *list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->ncpus; i++) {
        virCPUDefFree(list->cpus[i]);
        g_free(list->origins[i]);
    }
    g_free(list->cpus);
    g_free(list->origins);
    g_free(list->arch);
    g_free(list);
}


/* The trimmed text of @node, or NULL when there is none. */
static char *
virCPUInputNodeText(xmlNodePtr node)
{
    g_autofree char *text = virXMLNodeContentString(node);

    if (!text)
        return NULL;
    g_strstrip(text);
    if (!*text)
        return NULL;
    return g_steal_pointer(&text);
}


/* The arches of the CPUs, for the one check at the end. */
typedef struct _virCPUInputParser virCPUInputParser;
struct _virCPUInputParser {
    const char *docName;
    virCPUDefList *list;
    GPtrArray *arches;          /* per CPU, NULL entries when not given */
};


/* A CPU-like element: <cpu> of a domain or capabilities, or the
 * host-model <mode> of domain capabilities.  @arch is the arch the
 * surrounding document gives, or NULL. */
static int
virCPUInputParseNode(virCPUInputParser *parser,
                     xmlNodePtr node,
                     const char *arch,
                     const char *origin)
{
    g_autoptr(virCPUDef) def = NULL;
    g_autofree char *mode = NULL;
    xmlNodePtr archNode = virXMLNodeGetChild(node, "arch");
    virCPUDefList *list = parser->list;

    /* Before anything else: the model rules of the other modes would
     * hide what is really wrong with such a CPU here. */
    if (xmlStrEqual(node->name, BAD_CAST "cpu") &&
        (mode = virXMLPropString(node, "mode")) &&
        STRNEQ(mode, "custom")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("%s of '%s' has mode '%s': only CPUs with a <model> (mode 'custom') can be compared or baselined"),
                       origin, parser->docName, mode);
        return -1;
    }

    if (virCPUDefParseXML(node, VIR_CPU_PARSE_INPUT, &def) < 0) {
        virErrorPrefix(_("%s of '%s'"), origin, parser->docName);
        return -1;
    }

    if (!def->model) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has no <model>: a CPU model is needed to compare or baseline"),
                       origin, parser->docName);
        return -1;
    }

    list->cpus = g_renew(virCPUDef *, list->cpus, list->ncpus + 1);
    list->origins = g_renew(char *, list->origins, list->ncpus + 1);
    list->cpus[list->ncpus] = g_steal_pointer(&def);
    list->origins[list->ncpus] = g_strdup(origin);
    list->ncpus++;
    g_ptr_array_add(parser->arches,
                    archNode ? virCPUInputNodeText(archNode) : g_strdup(arch));
    return 0;
}


/* The CPU of a <domain> or <capabilities> document @node: the element at
 * @path (@what in messages) below it, of @arch (NULL: unknown). */
static int
virCPUInputParseAt(virCPUInputParser *parser,
                   xmlNodePtr node,
                   const char * const *path,
                   const char *what,
                   const char *arch,
                   const char *origin)
{
    xmlNodePtr cpu = node;
    size_t i;

    for (i = 0; path[i] && cpu; i++)
        cpu = virXMLNodeGetChild(cpu, path[i]);
    if (!cpu) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has no %s element"),
                       origin, parser->docName, what);
        return -1;
    }
    return virCPUInputParseNode(parser, cpu, arch, origin);
}


/* <os><type arch=''> of a <domain>, or NULL. */
static char *
virCPUInputDomainArch(xmlNodePtr domain)
{
    xmlNodePtr os = virXMLNodeGetChild(domain, "os");
    xmlNodePtr type = os ? virXMLNodeGetChild(os, "type") : NULL;

    return type ? virXMLPropString(type, "arch") : NULL;
}


static int
virCPUInputParseDomainCaps(virCPUInputParser *parser,
                           xmlNodePtr node,
                           const char *origin)
{
    xmlNodePtr archNode = virXMLNodeGetChild(node, "arch");
    xmlNodePtr cpu = virXMLNodeGetChild(node, "cpu");
    g_autofree char *arch = archNode ? virCPUInputNodeText(archNode) : NULL;
    xmlNodePtr cur;

    for (cur = cpu ? cpu->children : NULL; cur; cur = cur->next) {
        g_autofree char *name = NULL;
        g_autofree char *supported = NULL;

        if (cur->type != XML_ELEMENT_NODE ||
            !xmlStrEqual(cur->name, BAD_CAST "mode"))
            continue;
        name = virXMLPropString(cur, "name");
        if (!name || STRNEQ(name, "host-model"))
            continue;
        supported = virXMLPropString(cur, "supported");
        if (supported && STRNEQ(supported, "yes")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the host-model CPU of %s of '%s' is not supported, so it has no CPU to use"),
                           origin, parser->docName);
            return -1;
        }
        return virCPUInputParseNode(parser, cur, arch, origin);
    }

    virReportError(VIR_ERR_XML_DETAIL,
                   _("%s of '%s' has no host-model CPU"), origin, parser->docName);
    return -1;
}


/* The one arch of all CPUs that name one, in @list->arch. */
static int
virCPUInputCheckArches(virCPUInputParser *parser)
{
    virCPUDefList *list = parser->list;
    size_t i;

    for (i = 0; i < parser->arches->len; i++) {
        const char *arch = g_ptr_array_index(parser->arches, i);

        if (!arch)
            continue;
        if (!list->arch) {
            list->arch = g_strdup(arch);
        } else if (STRNEQ(list->arch, arch)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the CPUs in '%s' are of different architectures: '%s' and '%s'"),
                           parser->docName, list->arch, arch);
            return -1;
        }
    }
    return 0;
}


int
virCPUDefListParse(const char *data,
                   size_t len,
                   const char *name,
                   virCPUDefList **ret)
{
    g_autoptr(virCPUDefList) list = g_new0(virCPUDefList, 1);
    g_autoptr(GPtrArray) arches = g_ptr_array_new_with_free_func(g_free);
    virCPUInputParser parser = { .docName = name, .list = list, .arches = arches };
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;
    xmlNodePtr cur;
    size_t n = 0;

    if (!(doc = virXMLParseFragment(data, len, name, VIR_CPU_INPUT_WRAPPER)))
        return -1;
    root = xmlDocGetRootElement(doc);

    for (cur = root ? root->children : NULL; cur; cur = cur->next) {
        const char *elem = (const char *)cur->name;
        g_autofree char *origin = NULL;
        int rc;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        n++;
        origin = g_strdup_printf(_("element %zu (<%s>)"), n, elem);

        if (STREQ(elem, "cpu")) {
            rc = virCPUInputParseNode(&parser, cur, NULL, origin);
        } else if (STREQ(elem, "domain")) {
            const char *path[] = { "cpu", NULL };
            g_autofree char *arch = virCPUInputDomainArch(cur);

            rc = virCPUInputParseAt(&parser, cur, path, "<cpu>", arch, origin);
        } else if (STREQ(elem, "capabilities")) {
            const char *path[] = { "host", "cpu", NULL };

            rc = virCPUInputParseAt(&parser, cur, path, "<host><cpu>", NULL, origin);
        } else if (STREQ(elem, "domainCapabilities")) {
            rc = virCPUInputParseDomainCaps(&parser, cur, origin);
        } else {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("unexpected element '%s' in '%s': expected <cpu>, <domain>, <capabilities> or <domainCapabilities>"),
                           elem, name);
            return -1;
        }
        if (rc < 0)
            return -1;
    }

    if (list->ncpus == 0) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("'%s' holds no CPU definition"), name);
        return -1;
    }

    if (virCPUInputCheckArches(&parser) < 0)
        return -1;

    *ret = g_steal_pointer(&list);
    return 0;
}
