/*
 * domain_metadata.c: hostrec's own element in a domain's <metadata>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "domain_metadata.h"
#include "virerror.h"
#include "virqemu.h"

VIR_ENUM_IMPL(virDomainHostrecDeprecatedSource,
              VIR_DOMAIN_HOSTREC_DEPRECATED_LAST,
              "qemu",
              "libvirt",
);

/* A QEMU version as hostrec writes it: "MAJOR.MINOR.MICRO", digits only. */
static bool
virDomainHostrecVersionIsValid(const char *version)
{
    g_auto(GStrv) parts = g_strsplit(version, ".", -1);
    size_t i;

    if (g_strv_length(parts) != 3)
        return false;
    for (i = 0; parts[i]; i++) {
        const char *p;

        if (!*parts[i] || strlen(parts[i]) > 9)
            return false;
        for (p = parts[i]; *p; p++) {
            if (!g_ascii_isdigit(*p))
                return false;
        }
    }
    return true;
}

virDomainHostrecMetadata *
virDomainHostrecMetadataNew(void)
{
    virDomainHostrecMetadata *meta = g_new0(virDomainHostrecMetadata, 1);

    meta->mode = VIR_CPU_MODE_HOST_RECOMMENDED;
    meta->requested = virCPUDefNew();
    meta->requested->mode = meta->mode;
    return meta;
}

void
virDomainHostrecMetadataFree(virDomainHostrecMetadata *meta)
{
    if (!meta)
        return;
    g_free(meta->qemuVersion);
    g_strfreev(meta->deprecated);
    virCPUDefFree(meta->requested);
    g_free(meta);
}

virDomainHostrecMetadata *
virDomainHostrecMetadataNewFromCPU(const virCPUDef *cpu,
                                   const char *qemuVersion,
                                   virDomainHostrecDeprecatedSource source,
                                   const char * const *deprecated)
{
    virDomainHostrecMetadata *meta = virDomainHostrecMetadataNew();
    size_t i;

    meta->mode = cpu ? cpu->mode : VIR_CPU_MODE_HOST_RECOMMENDED;
    meta->requested->mode = meta->mode;
    meta->qemuVersion = g_strdup(qemuVersion);
    meta->source = source;
    meta->deprecated = g_strdupv((char **)deprecated);
    for (i = 0; cpu && i < cpu->nfeatures; i++)
        virCPUDefAddFeature(meta->requested, cpu->features[i].name,
                            cpu->features[i].policy);
    return meta;
}

bool
virDomainHostrecMetadataIsNamespace(const char *href)
{
    return href && (STREQ(href, VIR_DOMAIN_HOSTREC_METADATA_NS) ||
                    STREQ(href, VIR_DOMAIN_HOSTREC_METADATA_NS_OLD));
}

static bool
virDomainHostrecIsOurs(xmlNodePtr node,
                       const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns &&
           virDomainHostrecMetadataIsNamespace((const char *)node->ns->href) &&
           STREQ((const char *)node->name, name);
}

/* The name of hostrec's <@element> @child, held to the name rule, when
 * fewer than VIR_CPU_MAX_FEATURES (@count) came before it; NULL with an
 * error otherwise.  @sourceName names the document. */
static char *
virDomainHostrecMetadataParseName(xmlNodePtr child,
                                  const char *element,
                                  size_t count,
                                  const char *sourceName)
{
    g_autofree char *name = NULL;
    g_autofree char *what = NULL;

    if (!(name = virXMLPropString(child, "name"))) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("<%s> in hostrec's metadata of '%s' has no name"),
                       element, sourceName);
        return NULL;
    }
    what = g_strdup_printf(_("hostrec's metadata in '%s'"), sourceName);
    if (virQEMUNameCheck(VIR_QEMU_NAME_CPU_FEATURE, name,
                         VIR_ERR_XML_DETAIL, what) < 0)
        return NULL;
    if (count >= VIR_CPU_MAX_FEATURES) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("hostrec's metadata in '%s' lists more than %d <%s> elements"),
                       sourceName, VIR_CPU_MAX_FEATURES, element);
        return NULL;
    }
    return g_steal_pointer(&name);
}

/* One child element of <hostrec:cpu>: a <deprecated> name goes to
 * @deprecated (an error when @unreported: the element says QEMU gave no
 * set), a <feature> to @requested.  0 or -1 with an error. */
static int
virDomainHostrecMetadataParseChild(xmlNodePtr child,
                                   const char *sourceName,
                                   bool unreported,
                                   GPtrArray *deprecated,
                                   virCPUDef *requested)
{
    g_autofree char *name = NULL;
    int policy = VIR_CPU_FEATURE_REQUIRE;

    if (virDomainHostrecIsOurs(child, "deprecated")) {
        if (unreported) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("hostrec's metadata in '%s' lists deprecated features although it says QEMU reported none"),
                           sourceName);
            return -1;
        }
        if (!(name = virDomainHostrecMetadataParseName(child, "deprecated",
                                                       deprecated->len, sourceName)))
            return -1;
        g_ptr_array_add(deprecated, g_steal_pointer(&name));
        return 0;
    }
    if (virDomainHostrecIsOurs(child, "feature")) {
        if (!(name = virDomainHostrecMetadataParseName(child, "feature",
                                                       requested->nfeatures, sourceName)) ||
            virXMLPropEnum(child, "policy", virCPUFeaturePolicyTypeFromString,
                           VIR_XML_PROP_REQUIRED, &policy) < 0)
            return -1;
        virCPUDefAddFeature(requested, name, policy);
        return 0;
    }
    virReportError(VIR_ERR_XML_DETAIL,
                   _("unknown element '%s' in hostrec's metadata of '%s'"),
                   (const char *)child->name, sourceName);
    return -1;
}

int
virDomainHostrecMetadataParseNode(xmlNodePtr node,
                                  const char *sourceName,
                                  virDomainHostrecMetadata **meta)
{
    g_autoptr(virDomainHostrecMetadata) ret = virDomainHostrecMetadataNew();
    g_autoptr(GPtrArray) deprecated = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *version = NULL;
    g_autofree char *reported = NULL;
    int mode = VIR_CPU_MODE_HOST_RECOMMENDED;
    int source = VIR_DOMAIN_HOSTREC_DEPRECATED_QEMU;
    xmlNodePtr child;

    if (!virDomainHostrecIsOurs(node, "cpu")) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("expected hostrec's <cpu> element in '%s'"), sourceName);
        return -1;
    }

    if (virXMLPropEnum(node, "mode", virCPUModeTypeFromString,
                       VIR_XML_PROP_REQUIRED, &mode) < 0)
        return -1;
    if (mode != VIR_CPU_MODE_HOST_RECOMMENDED && mode != VIR_CPU_MODE_HOST_MODEL) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("hostrec's metadata in '%s' records mode '%s': only host-recommended and host-model are expanded by hostrec"),
                       sourceName, virCPUModeTypeToString(mode));
        return -1;
    }
    ret->mode = mode;
    ret->requested->mode = mode;
    ret->oldNamespace = STREQ((const char *)node->ns->href,
                              VIR_DOMAIN_HOSTREC_METADATA_NS_OLD);

    if (virXMLPropEnum(node, "deprecated-source",
                       virDomainHostrecDeprecatedSourceTypeFromString,
                       VIR_XML_PROP_NONE, &source) < 0)
        return -1;
    ret->source = source;

    if ((version = virXMLPropString(node, "qemu-version"))) {
        if (!virDomainHostrecVersionIsValid(version)) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("invalid QEMU version '%s' in hostrec's metadata: expected MAJOR.MINOR.MICRO"),
                           version);
            return -1;
        }
        ret->qemuVersion = g_steal_pointer(&version);
    }

    if ((reported = virXMLPropString(node, "deprecated-reported")) &&
        STRNEQ(reported, "no")) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("invalid value '%s' of deprecated-reported in hostrec's metadata: only 'no' is allowed"),
                       reported);
        return -1;
    }

    for (child = node->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE &&
            virDomainHostrecMetadataParseChild(child, sourceName, !!reported,
                                               deprecated, ret->requested) < 0)
            return -1;
    }

    if (!reported) {
        g_ptr_array_add(deprecated, NULL);
        ret->deprecated = (char **)g_ptr_array_free(g_steal_pointer(&deprecated), FALSE);
    }

    *meta = g_steal_pointer(&ret);
    return 0;
}

/* hostrec's element under <metadata> of @root, NULL when none; -1 when
 * there are two. */
static int
virDomainHostrecMetadataFind(xmlNodePtr root,
                             const char *sourceName,
                             xmlNodePtr *metadata,
                             xmlNodePtr *found)
{
    xmlNodePtr child;

    *found = NULL;
    if (virXMLNodeGetUniqueChild(root, "metadata", metadata) < 0)
        return -1;
    if (!*metadata)
        return 0;

    for (child = (*metadata)->children; child; child = child->next) {
        if (!virDomainHostrecIsOurs(child, "cpu"))
            continue;
        if (*found) {
            virReportError(VIR_ERR_XML_DETAIL,
                           _("hostrec's metadata appears more than once in '%s'"),
                           sourceName);
            return -1;
        }
        *found = child;
    }
    return 0;
}

int
virDomainHostrecMetadataGet(const virDomainDef *def,
                            virDomainHostrecMetadata **meta)
{
    xmlNodePtr root = xmlDocGetRootElement(def->doc);
    xmlNodePtr metadata;
    xmlNodePtr node;

    *meta = NULL;
    if (!root)
        return 0;
    if (virDomainHostrecMetadataFind(root, def->sourceName, &metadata, &node) < 0)
        return -1;
    if (!node)
        return 0;
    return virDomainHostrecMetadataParseNode(node, def->sourceName, meta);
}

char *
virDomainHostrecMetadataFormat(const virDomainHostrecMetadata *meta)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    size_t i;

    g_string_append_printf(buf, "<%s:cpu xmlns:%s='%s' mode='%s'",
                           VIR_DOMAIN_HOSTREC_METADATA_PREFIX,
                           VIR_DOMAIN_HOSTREC_METADATA_PREFIX,
                           VIR_DOMAIN_HOSTREC_METADATA_NS,
                           virCPUModeTypeToString(meta->mode));
    if (meta->qemuVersion) {
        g_string_append(buf, " qemu-version='");
        virBufferEscapeXML(buf, meta->qemuVersion);
        g_string_append_c(buf, '\'');
    }
    g_string_append_printf(buf, " deprecated-source='%s'",
                           virDomainHostrecDeprecatedSourceTypeToString(meta->source));
    if (!meta->deprecated)
        g_string_append(buf, " deprecated-reported='no'");

    if ((!meta->deprecated || !meta->deprecated[0]) &&
        (!meta->requested || !meta->requested->nfeatures)) {
        g_string_append(buf, "/>\n");
        return g_string_free(g_steal_pointer(&buf), FALSE);
    }

    g_string_append(buf, ">\n");
    for (i = 0; meta->deprecated && meta->deprecated[i]; i++) {
        g_string_append_printf(buf, "  <%s:deprecated name='",
                               VIR_DOMAIN_HOSTREC_METADATA_PREFIX);
        virBufferEscapeXML(buf, meta->deprecated[i]);
        g_string_append(buf, "'/>\n");
    }
    for (i = 0; meta->requested && i < meta->requested->nfeatures; i++) {
        const virCPUFeatureDef *f = &meta->requested->features[i];

        g_string_append_printf(buf, "  <%s:feature policy='%s' name='",
                               VIR_DOMAIN_HOSTREC_METADATA_PREFIX,
                               virCPUFeaturePolicyTypeToString(f->policy));
        virBufferEscapeXML(buf, f->name);
        g_string_append(buf, "'/>\n");
    }
    g_string_append_printf(buf, "</%s:cpu>\n", VIR_DOMAIN_HOSTREC_METADATA_PREFIX);
    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/* The whitespace before @node, when it is a text node of blanks. */
static const char *
virDomainHostrecIndentBefore(xmlNodePtr node)
{
    xmlNodePtr prev = node ? node->prev : NULL;
    const char *nl;

    if (!prev || prev->type != XML_TEXT_NODE || !prev->content)
        return NULL;
    if (!(nl = strrchr((const char *)prev->content, '\n')))
        return NULL;
    return nl;
}

/* Indent the children of @node (parsed without blanks) for its place
 * after @indent ("\n" plus spaces), or leave them on one line when
 * @indent is NULL (libvirt reformats <metadata> on define anyway). */
static void
virDomainHostrecReindent(xmlNodePtr node,
                         const char *indent)
{
    g_autofree char *inner = NULL;
    xmlNodePtr child;
    xmlNodePtr next;

    for (child = node->children; child; child = next) {
        next = child->next;
        if (child->type == XML_TEXT_NODE) {
            xmlUnlinkNode(child);
            xmlFreeNode(child);
        }
    }
    if (!indent || !node->children)
        return;

    inner = g_strdup_printf("%s  ", indent);
    for (child = node->children; child; child = child->next)
        xmlAddPrevSibling(child, xmlNewDocText(node->doc, BAD_CAST inner));
    xmlAddChild(node, xmlNewDocText(node->doc, BAD_CAST indent));
}

/* Add the element @node before the element @next (or as the last child
 * of @parent), with @indent (NULL: none) between the two.  The
 * whitespace before @next stays before @node. */
static void
virDomainHostrecInsert(xmlNodePtr parent,
                       xmlNodePtr next,
                       xmlNodePtr node,
                       const char *indent)
{
    if (!next) {
        xmlNodePtr last = xmlGetLastChild(parent);

        /* the whitespace before the closing tag comes after @node */
        if (last && last->type == XML_TEXT_NODE)
            next = last;
    }

    if (next) {
        xmlAddPrevSibling(next, node);
        if (indent && next->type != XML_TEXT_NODE) {
            xmlAddNextSibling(node, xmlNewDocText(parent->doc, BAD_CAST indent));
        } else if (indent) {
            xmlAddPrevSibling(node, xmlNewDocText(parent->doc, BAD_CAST indent));
        }
    } else {
        xmlAddChild(parent, node);
    }
}

/* Make @node the only element of the empty @metadata, whose own line
 * is indented by @outer (NULL: none), @node one level deeper. */
static void
virDomainHostrecAddOnly(xmlNodePtr metadata,
                        xmlNodePtr node,
                        const char *outer)
{
    xmlAddChild(metadata, node);
    virDomainHostrecReindent(metadata, outer);
    if (outer) {
        g_autofree char *inner = g_strdup_printf("%s  ", outer);

        virDomainHostrecReindent(node, inner);
    }
}

/* A new <metadata> in @root holding @node, where libvirt writes it:
 * after <name>, <uuid>, <genid>, <title> and <description>. */
static void
virDomainHostrecAddMetadata(xmlNodePtr root,
                            xmlNodePtr node)
{
    xmlNodePtr after = NULL;
    xmlNodePtr next = NULL;
    xmlNodePtr child;
    xmlNodePtr metadata;
    const char *indent;

    for (child = root->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && !child->ns &&
            (STREQ((const char *)child->name, "name") ||
             STREQ((const char *)child->name, "uuid") ||
             STREQ((const char *)child->name, "genid") ||
             STREQ((const char *)child->name, "title") ||
             STREQ((const char *)child->name, "description")))
            after = child;
    }
    for (next = after ? after->next : root->children;
         next && next->type != XML_ELEMENT_NODE; next = next->next)
        ;
    indent = virDomainHostrecIndentBefore(after ? after : next);
    metadata = xmlNewDocNode(root->doc, root->ns, BAD_CAST "metadata", NULL);
    virDomainHostrecInsert(root, next, metadata, indent);
    virDomainHostrecAddOnly(metadata, node, indent);
}

int
virDomainDefSetHostrecMetadata(virDomainDef *def,
                               const virDomainHostrecMetadata *meta)
{
    g_autofree char *text = virDomainHostrecMetadataFormat(meta);
    xmlDocPtr tmp = NULL;
    xmlNodePtr root = xmlDocGetRootElement(def->doc);
    xmlNodePtr metadata;
    xmlNodePtr old;
    xmlNodePtr node;
    xmlNodePtr child0;
    const char *indent;

    if (!root) {
        virReportError(VIR_ERR_XML_ERROR, _("'%s' has no root element"), def->sourceName);
        return -1;
    }
    if (virDomainHostrecMetadataFind(root, def->sourceName, &metadata, &old) < 0)
        return -1;

    if (!(tmp = virXMLParseString(text, strlen(text), "hostrec metadata")))
        return -1;
    node = xmlDocCopyNode(xmlDocGetRootElement(tmp), def->doc, 1);
    xmlFreeDoc(tmp);
    if (!node) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot copy hostrec's metadata"));
        return -1;
    }

    if (old) {
        virDomainHostrecReindent(node, virDomainHostrecIndentBefore(old));
        xmlReplaceNode(old, node);
        xmlFreeNode(old);
        return 0;
    }

    if (!metadata) {
        virDomainHostrecAddMetadata(root, node);
        return 0;
    }

    /* an existing <metadata>: appended as its last element */
    for (child0 = metadata->children;
         child0 && child0->type != XML_ELEMENT_NODE; child0 = child0->next)
        ;
    if (child0) {
        indent = virDomainHostrecIndentBefore(child0);
        virDomainHostrecReindent(node, indent);
        virDomainHostrecInsert(metadata, NULL, node, indent);
    } else {
        virDomainHostrecAddOnly(metadata, node, virDomainHostrecIndentBefore(metadata));
    }
    return 0;
}
