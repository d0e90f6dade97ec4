/*
 * cpu_compare.c: input and output of CPU baseline and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "cpu_compare.h"
#include "virerror.h"
#include "virfile.h"
#include "virqemu.h"
#include "virxml.h"

/* A fleet description is small; this bounds hostile input. */
#define VIR_CPU_INPUT_MAX_SIZE (64 * 1024 * 1024)
#define VIR_CPU_INPUT_WRAPPER "hostrecCPUInput"

void
virCPUInputFree(virCPUInput *cpu)
{
    size_t i;

    if (!cpu)
        return;
    for (i = 0; i < cpu->nprops; i++)
        g_free(cpu->props[i].name);
    g_free(cpu->props);
    g_free(cpu->model);
    g_free(cpu->arch);
    g_free(cpu->origin);
    g_free(cpu);
}

void
virCPUInputListFree(virCPUInputList *list)
{
    size_t i;

    if (!list)
        return;
    for (i = 0; i < list->ncpus; i++)
        virCPUInputFree(list->cpus[i]);
    g_free(list->cpus);
    g_free(list->arch);
    g_free(list);
}


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


static int
virCPUInputAddProp(virCPUInput *cpu,
                   const char *name,
                   bool enabled,
                   const char *docName)
{
    size_t i;

    for (i = 0; i < cpu->nprops; i++) {
        if (STREQ(cpu->props[i].name, name)) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("feature '%s' is listed twice in %s of '%s'"),
                           name, cpu->origin, docName);
            return -1;
        }
    }
    if (cpu->nprops >= VIR_CPU_MAX_FEATURES) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has more than %d features"),
                       cpu->origin, docName, VIR_CPU_MAX_FEATURES);
        return -1;
    }
    cpu->props = g_renew(virCPUProp, cpu->props, cpu->nprops + 1);
    cpu->props[cpu->nprops].name = g_strdup(name);
    cpu->props[cpu->nprops].enabled = enabled;
    cpu->nprops++;
    return 0;
}


/* One <feature name='' [policy='']/>. */
static int
virCPUInputParseFeature(xmlNodePtr node,
                        virCPUInput *cpu,
                        const char *docName)
{
    g_autofree char *name = virXMLPropString(node, "name");
    g_autofree char *policyStr = virXMLPropString(node, "policy");
    int policy = VIR_CPU_FEATURE_REQUIRE;

    if (!name || !*name) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("a <feature> in %s of '%s' has no name"),
                       cpu->origin, docName);
        return -1;
    }
    if (!virQEMUNameIsValid(name)) {
        g_autofree char *source = g_strdup_printf(_("%s of '%s'"), cpu->origin, docName);

        return virQEMUNameCheck(VIR_QEMU_NAME_CPU_FEATURE, name,
                                VIR_ERR_XML_DETAIL, source);
    }
    if (policyStr &&
        (policy = virCPUFeaturePolicyTypeFromString(policyStr)) < 0) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("unknown policy '%s' of feature '%s' in %s of '%s'"),
                       policyStr, name, cpu->origin, docName);
        return -1;
    }

    switch ((virCPUFeaturePolicy)policy) {
    case VIR_CPU_FEATURE_FORCE:
    case VIR_CPU_FEATURE_REQUIRE:
        return virCPUInputAddProp(cpu, name, true, docName);
    case VIR_CPU_FEATURE_DISABLE:
    case VIR_CPU_FEATURE_FORBID:
        return virCPUInputAddProp(cpu, name, false, docName);
    case VIR_CPU_FEATURE_OPTIONAL:
        /* "if the host has it": not a requirement of the CPU */
        return 0;
    case VIR_CPU_FEATURE_LAST:
        break;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("unexpected feature policy '%d'"), policy);
    return -1;
}


/* A CPU-like element: <cpu> of a domain or capabilities, or the
 * host-model <mode> of domain capabilities.  @arch is the arch the
 * surrounding document gives, or NULL. */
static int
virCPUInputParseNode(xmlNodePtr node,
                     const char *arch,
                     const char *origin,
                     const char *docName,
                     virCPUInputList *list)
{
    g_autoptr(virCPUInput) cpu = g_new0(virCPUInput, 1);
    g_autofree char *mode = NULL;
    xmlNodePtr cur;

    cpu->origin = g_strdup(origin);
    cpu->arch = g_strdup(arch);

    if (xmlStrEqual(node->name, BAD_CAST "cpu") &&
        (mode = virXMLPropString(node, "mode")) &&
        STRNEQ(mode, "custom")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("%s of '%s' has mode '%s': only CPUs with a <model> (mode 'custom') can be compared or baselined"),
                       origin, docName, mode);
        return -1;
    }

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;

        if (xmlStrEqual(cur->name, BAD_CAST "model")) {
            if (cpu->model) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("%s of '%s' has more than one <model>"),
                               origin, docName);
                return -1;
            }
            if (!(cpu->model = virCPUInputNodeText(cur))) {
                virReportError(VIR_ERR_XML_DETAIL,
                               _("the <model> of %s of '%s' is empty"),
                               origin, docName);
                return -1;
            }
            if (!virQEMUNameIsValid(cpu->model)) {
                g_autofree char *source = g_strdup_printf(_("%s of '%s'"),
                                                          origin, docName);

                return virQEMUNameCheck(VIR_QEMU_NAME_CPU_MODEL, cpu->model,
                                        VIR_ERR_XML_DETAIL, source);
            }
        } else if (xmlStrEqual(cur->name, BAD_CAST "feature")) {
            if (virCPUInputParseFeature(cur, cpu, docName) < 0)
                return -1;
        } else if (xmlStrEqual(cur->name, BAD_CAST "arch")) {
            g_free(cpu->arch);
            cpu->arch = virCPUInputNodeText(cur);
        }
        /* <vendor>, <topology>, <microcode>, <counter>, <pages>, ...
         * say nothing QEMU compares. */
    }

    if (!cpu->model) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has no <model>: a CPU model is needed to compare or baseline"),
                       origin, docName);
        return -1;
    }

    list->cpus = g_renew(virCPUInput *, list->cpus, list->ncpus + 1);
    list->cpus[list->ncpus++] = g_steal_pointer(&cpu);
    return 0;
}


static int
virCPUInputParseDomain(xmlNodePtr node,
                       const char *origin,
                       const char *docName,
                       virCPUInputList *list)
{
    xmlNodePtr os = virXMLNodeGetChild(node, "os");
    xmlNodePtr type = os ? virXMLNodeGetChild(os, "type") : NULL;
    xmlNodePtr cpu = virXMLNodeGetChild(node, "cpu");
    g_autofree char *arch = type ? virXMLPropString(type, "arch") : NULL;

    if (!cpu) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has no <cpu> element"), origin, docName);
        return -1;
    }
    return virCPUInputParseNode(cpu, arch, origin, docName, list);
}


static int
virCPUInputParseCapabilities(xmlNodePtr node,
                             const char *origin,
                             const char *docName,
                             virCPUInputList *list)
{
    xmlNodePtr host = virXMLNodeGetChild(node, "host");
    xmlNodePtr cpu = host ? virXMLNodeGetChild(host, "cpu") : NULL;

    if (!cpu) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("%s of '%s' has no <host><cpu> element"), origin, docName);
        return -1;
    }
    return virCPUInputParseNode(cpu, NULL, origin, docName, list);
}


static int
virCPUInputParseDomainCaps(xmlNodePtr node,
                           const char *origin,
                           const char *docName,
                           virCPUInputList *list)
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
                           origin, docName);
            return -1;
        }
        return virCPUInputParseNode(cur, arch, origin, docName, list);
    }

    virReportError(VIR_ERR_XML_DETAIL,
                   _("%s of '%s' has no host-model CPU"), origin, docName);
    return -1;
}


int
virCPUInputParse(const char *data,
                 size_t len,
                 const char *name,
                 virCPUInputList **ret)
{
    g_autoptr(virCPUInputList) list = g_new0(virCPUInputList, 1);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;
    xmlNodePtr cur;
    size_t n = 0;
    size_t i;

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

        if (STREQ(elem, "cpu"))
            rc = virCPUInputParseNode(cur, NULL, origin, name, list);
        else if (STREQ(elem, "domain"))
            rc = virCPUInputParseDomain(cur, origin, name, list);
        else if (STREQ(elem, "capabilities"))
            rc = virCPUInputParseCapabilities(cur, origin, name, list);
        else if (STREQ(elem, "domainCapabilities"))
            rc = virCPUInputParseDomainCaps(cur, origin, name, list);
        else {
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

    for (i = 0; i < list->ncpus; i++) {
        const virCPUInput *cpu = list->cpus[i];

        if (!cpu->arch)
            continue;
        if (!list->arch) {
            list->arch = g_strdup(cpu->arch);
        } else if (STRNEQ(list->arch, cpu->arch)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the CPUs in '%s' are of different architectures: '%s' and '%s'"),
                           name, list->arch, cpu->arch);
            return -1;
        }
    }

    *ret = g_steal_pointer(&list);
    return 0;
}


int
virCPUInputParseFile(const char *path,
                     virCPUInputList **list)
{
    g_autofree char *data = NULL;
    size_t len = 0;
    const char *name = STREQ(path, "-") ? _("standard input") : path;

    if (virFileReadLimited(path, VIR_CPU_INPUT_MAX_SIZE, &data, &len) < 0)
        return -1;
    return virCPUInputParse(data, len, name, list);
}


static int
virCPUPropCompareName(const void *a,
                      const void *b)
{
    const virCPUProp *pa = a;
    const virCPUProp *pb = b;

    return strcmp(pa->name, pb->name);
}


char *
virCPUInputKey(const virCPUInput *cpu)
{
    g_autofree virCPUProp *sorted = NULL;
    GString *key = g_string_new(cpu->model);
    size_t i;

    if (cpu->nprops > 0) {
        sorted = g_memdup2(cpu->props, sizeof(*sorted) * cpu->nprops);
        qsort(sorted, cpu->nprops, sizeof(*sorted), virCPUPropCompareName);
    }
    for (i = 0; i < cpu->nprops; i++)
        g_string_append_printf(key, "\n%s=%d", sorted[i].name, sorted[i].enabled);
    return g_string_free(key, FALSE);
}


virCPUInput **
virCPUInputListUnique(const virCPUInputList *list,
                      size_t *n)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                       g_free, NULL);
    virCPUInput **unique = g_new0(virCPUInput *, list->ncpus + 1);
    size_t i;

    *n = 0;
    for (i = 0; i < list->ncpus; i++) {
        char *key = virCPUInputKey(list->cpus[i]);

        if (!g_hash_table_add(seen, key))
            continue;
        unique[(*n)++] = list->cpus[i];
    }
    return unique;
}


virCPUBaselineResult *
virCPUBaselineResultNew(const char *model)
{
    virCPUBaselineResult *res = g_new0(virCPUBaselineResult, 1);

    res->model = g_strdup(model);
    res->disabled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return res;
}


void
virCPUBaselineResultFree(virCPUBaselineResult *res)
{
    size_t i;

    if (!res)
        return;
    for (i = 0; i < res->nprops; i++)
        g_free(res->props[i].name);
    g_free(res->props);
    g_free(res->model);
    g_clear_pointer(&res->disabled, g_hash_table_unref);
    g_free(res);
}


void
virCPUBaselineResultAddProp(virCPUBaselineResult *res,
                            const char *name,
                            bool enabled)
{
    res->props = g_renew(virCPUProp, res->props, res->nprops + 1);
    res->props[res->nprops].name = g_strdup(name);
    res->props[res->nprops].enabled = enabled;
    res->nprops++;
}


void
virCPUBaselineResultSortProps(virCPUBaselineResult *res)
{
    if (res->nprops > 1)
        qsort(res->props, res->nprops, sizeof(*res->props), virCPUPropCompareName);
}


size_t
virCPUBaselineDisableDeprecated(virCPUBaselineResult *res,
                                const char *arch,
                                char * const *deprecated)
{
    g_autoptr(GHashTable) off = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                      g_free, NULL);
    size_t marked = 0;
    size_t i;
    size_t j;

    for (i = 0; deprecated && deprecated[i]; i++) {
        g_auto(GStrv) deps = virCPUGetDependents(arch, deprecated[i]);

        g_hash_table_add(off, g_strdup(deprecated[i]));
        for (j = 0; deps[j]; j++)
            g_hash_table_add(off, g_strdup(deps[j]));
    }

    for (i = 0; i < res->nprops; i++) {
        if (!res->props[i].enabled ||
            !g_hash_table_contains(off, res->props[i].name))
            continue;
        if (g_hash_table_add(res->disabled, g_strdup(res->props[i].name)))
            marked++;
    }
    return marked;
}


char *
virCPUBaselineResultFormat(const virCPUBaselineResult *res)
{
    GString *buf = g_string_new("<cpu>\n");
    size_t i;

    virBufferIndentPrintf(buf, 1, "<model>");
    virBufferEscapeXML(buf, res->model);
    g_string_append(buf, "</model>\n");

    for (i = 0; i < res->nprops; i++) {
        if (!res->props[i].enabled)
            continue;
        if (g_hash_table_contains(res->disabled, res->props[i].name))
            virBufferIndentPrintf(buf, 1, "<feature policy='disable' name='");
        else
            virBufferIndentPrintf(buf, 1, "<feature name='");
        virBufferEscapeXML(buf, res->props[i].name);
        g_string_append(buf, "'/>\n");
    }
    g_string_append(buf, "</cpu>\n");
    return g_string_free(buf, FALSE);
}
