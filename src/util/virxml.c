/*
 * virxml.c: safe XML parsing and small property helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>
#include <errno.h>
#include <limits.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "virxml.h"
#include "virerror.h"
#include "virfile.h"
#include "virstring.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlParserCtxt, xmlFreeParserCtxt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGParserCtxt, xmlRelaxNGFreeParserCtxt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNG, xmlRelaxNGFree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlRelaxNGValidCtxt, xmlRelaxNGFreeValidCtxt);

/* libxml2 prints to stderr by default; library code never prints. */
static void
virXMLSilentGeneric(void *ctx G_GNUC_UNUSED,
                    const char *msg G_GNUC_UNUSED,
                    ...)
{
}

static void
virXMLSilentStructured(void *ctx G_GNUC_UNUSED,
                       xmlErrorPtr err G_GNUC_UNUSED)
{
}

static void
virXMLSilence(void)
{
    xmlSetGenericErrorFunc(NULL, virXMLSilentGeneric);
    xmlSetStructuredErrorFunc(NULL, virXMLSilentStructured);
}

typedef struct {
    bool sawDoctype;
    int doctypeLine;
    endElementNsSAX2Func endElement; /* libxml2's, when children are read one at a time */
    virXMLChildFunc child;      /* NULL: the whole document is kept */
    void *opaque;
    bool childFailed;           /* @child failed: parse stopped, error reported */
} virXMLParseState;

/* SAX hook called as soon as "<!DOCTYPE name ..." has been read, before
 * any entity declaration inside it: stop right there. */
static void
virXMLRefuseDoctype(void *userData,
                    const xmlChar *name G_GNUC_UNUSED,
                    const xmlChar *externalID G_GNUC_UNUSED,
                    const xmlChar *systemID G_GNUC_UNUSED)
{
    xmlParserCtxtPtr ctxt = userData;
    virXMLParseState *state = ctxt->_private;

    state->sawDoctype = true;
    state->doctypeLine = xmlSAX2GetLineNumber(ctxt);
    xmlStopParser(ctxt);
}

/* SAX hook: the end of an element, which libxml2 adds to the tree; one
 * that is a child of the root is handed to the state's @child and then
 * freed (virXMLParseStringEach). */
static void
virXMLEndElementEach(void *userData,
                     const xmlChar *localname,
                     const xmlChar *prefix,
                     const xmlChar *URI)
{
    xmlParserCtxtPtr ctxt = userData;
    virXMLParseState *state = ctxt->_private;
    xmlNodePtr root;
    xmlNodePtr node;

    state->endElement(ctxt, localname, prefix, URI);
    /* only the root is left open: the element just ended is its last child */
    if (ctxt->nodeNr != 1 || !(root = ctxt->node) || !(node = root->last) ||
        node->type != XML_ELEMENT_NODE)
        return;
    if (state->child(root, node, state->opaque) < 0) {
        state->childFailed = true;
        xmlStopParser(ctxt);
        return;
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
    /* libxml2 appends the next text of the root to its last child when
     * that is text, trusting nodelen and nodemem to describe it: they
     * describe the last text parsed, inside the child just freed.  0 is
     * libxml2's own "do not trust them" (xmlParseReference sets it when
     * it copies an entity's content), and the next text is then
     * concatenated safely. */
    ctxt->nodelen = 0;
    ctxt->nodemem = 0;
}


/* libxml2's message, cut to its first line and trimmed: some messages
 * (bad UTF-8) continue with a dump of the offending bytes, and every error
 * is one sentence. */
static char *
virXMLErrorText(const char *msg)
{
    g_autofree char *ret = g_strdup(msg ? msg : _("unknown parse error"));
    char *nl;

    if ((nl = strchr(ret, '\n')) && nl != ret)
        *nl = '\0';
    g_strstrip(ret);
    return g_steal_pointer(&ret);
}

/* The message for a parse error: libxml2's, except where it is cryptic. */
static char *
virXMLParseErrorText(xmlErrorPtr err)
{
    if (err && err->code == XML_ERR_INVALID_CHAR && err->message &&
        g_str_has_prefix(err->message, "Input is not proper UTF-8"))
        return g_strdup(_("the document is not valid UTF-8"));
    if (err && err->message &&
        g_str_has_prefix(err->message, "Excessive depth in document"))
        return g_strdup(_("elements are nested too deeply"));

    return virXMLErrorText(err ? err->message : NULL);
}

/* Parse @data; with @child, each child of the root is handed to it as
 * it ends and then freed (virXMLParseStringEach). */
static xmlDocPtr
virXMLParseStringFull(const char *data,
                      size_t len,
                      const char *name,
                      int extraOpts,
                      virXMLChildFunc child,
                      void *opaque)
{
    g_autoptr(xmlParserCtxt) ctxt = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    virXMLParseState state = { .child = child, .opaque = opaque };
    int opts = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | extraOpts;

    virXMLSilence();

    if (len > VIR_XML_MAX_SIZE) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("'%s' is larger than the %d MiB limit for XML documents"),
                       name, VIR_XML_MAX_SIZE / (1024 * 1024));
        return NULL;
    }
    if (len == 0) {
        virReportError(VIR_ERR_XML_ERROR, _("'%s' is empty"), name);
        return NULL;
    }

    if (!(ctxt = xmlNewParserCtxt())) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate an XML parser"));
        return NULL;
    }
    ctxt->_private = &state;
    ctxt->sax->internalSubset = virXMLRefuseDoctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->resolveEntity = NULL;
    ctxt->sax->getEntity = NULL;
    ctxt->sax->entityDecl = NULL;
    if (child) {
        state.endElement = ctxt->sax->endElementNs;
        ctxt->sax->endElementNs = virXMLEndElementEach;
    }

    doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, opts);

    if (state.childFailed)
        return NULL;
    if (state.sawDoctype) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("'%s' line %d: document type declarations are not allowed"),
                       name, state.doctypeLine);
        return NULL;
    }

    if (!doc || !ctxt->wellFormed) {
        xmlErrorPtr err = xmlCtxtGetLastError(ctxt);
        g_autofree char *text = virXMLParseErrorText(err);
        int line = err ? err->line : 0;

        virReportError(VIR_ERR_XML_ERROR, _("'%s' line %d: %s"),
                       name, line, text);
        return NULL;
    }

    if (!xmlDocGetRootElement(doc)) {
        virReportError(VIR_ERR_XML_ERROR, _("'%s' has no root element"), name);
        return NULL;
    }

    return g_steal_pointer(&doc);
}

static xmlDocPtr
virXMLParseStringOpts(const char *data,
                      size_t len,
                      const char *name,
                      int extraOpts)
{
    return virXMLParseStringFull(data, len, name, extraOpts, NULL, NULL);
}

xmlDocPtr
virXMLParseString(const char *data,
                  size_t len,
                  const char *name)
{
    return virXMLParseStringOpts(data, len, name, 0);
}

int
virXMLParseStringEach(const char *data,
                      size_t len,
                      const char *name,
                      virXMLChildFunc child,
                      void *opaque)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParseStringFull(data, len, name,
                                      XML_PARSE_NOBLANKS | XML_PARSE_COMPACT,
                                      child, opaque)))
        return -1;
    return child(xmlDocGetRootElement(doc), NULL, opaque);
}

/* Append @node formatted by libxml2 (2-space indentation) to @buf. */
static int
virXMLFormatNode(GString *buf,
                 xmlDocPtr doc,
                 xmlNodePtr node)
{
    g_autoptr(xmlBuffer) xbuf = xmlBufferCreate();

    if (!xbuf) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate an XML buffer"));
        return -1;
    }
    if (xmlNodeDump(xbuf, doc, node, 0, 1) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", _("cannot format an XML node"));
        return -1;
    }
    g_string_append_len(buf, (const char *)xmlBufferContent(xbuf), xmlBufferLength(xbuf));
    g_string_append_c(buf, '\n');
    return 0;
}

/* Evaluate the XPath expression @expr on @doc: a node set (possibly
 * empty) in *@ret, or -1 with an error quoting @expr when it is not
 * valid XPath or gives a value rather than nodes. */
static int
virXMLEvalNodeSet(xmlDocPtr doc,
                  const char *expr,
                  xmlXPathObjectPtr *ret)
{
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;

    if (!(ctxt = xmlXPathNewContext(doc))) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate an XPath context"));
        return -1;
    }
    virXMLSilence();
    if (!(obj = xmlXPathEval(BAD_CAST expr, ctxt))) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("invalid XPath expression '%s'"), expr);
        return -1;
    }
    if (obj->type != XPATH_NODESET) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("the XPath expression '%s' gives a value, not a set of nodes"),
                       expr);
        return -1;
    }
    *ret = g_steal_pointer(&obj);
    return 0;
}

int
virXMLFormatXPath(const char *xml,
                  size_t len,
                  const char *name,
                  const char *expr,
                  bool wrap,
                  char **out)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathObject) obj = NULL;
    g_autoptr(xmlDoc) wrapDoc = NULL;
    g_autoptr(GString) buf = g_string_new(NULL);
    xmlNodePtr wrapRoot = NULL;
    int nnodes = 0;
    int i;

    /* Blank text is dropped so that libxml2 indents what it prints. */
    if (!(doc = virXMLParseStringOpts(xml, len, name, XML_PARSE_NOBLANKS)))
        return -1;

    if (virXMLEvalNodeSet(doc, expr, &obj) < 0)
        return -1;
    if (obj->nodesetval)
        nnodes = obj->nodesetval->nodeNr;

    if (wrap) {
        if (!(wrapDoc = xmlNewDoc(BAD_CAST "1.0")) ||
            !(wrapRoot = xmlNewNode(NULL, BAD_CAST "nodes"))) {
            virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate an XML node"));
            return -1;
        }
        xmlDocSetRootElement(wrapDoc, wrapRoot);
    }

    for (i = 0; i < nnodes; i++) {
        xmlNodePtr node = obj->nodesetval->nodeTab[i];

        /* libxml2's node types, not ours: only two need care */
        if (node->type == XML_DOCUMENT_NODE) {
            /* "/" stands for the whole document: its root element */
            node = xmlDocGetRootElement(doc);
        } else if (node->type == XML_NAMESPACE_DECL) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("the XPath expression '%s' selects a namespace node, which cannot be printed"),
                           expr);
            return -1;
        }

        if (wrap) {
            xmlNodePtr copy = xmlDocCopyNode(node, wrapDoc, 1);

            if (!copy || !xmlAddChild(wrapRoot, copy)) {
                xmlFreeNode(copy);
                virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate an XML node"));
                return -1;
            }
        } else if (virXMLFormatNode(buf, doc, node) < 0) {
            return -1;
        }
    }

    if (wrap && virXMLFormatNode(buf, wrapDoc, wrapRoot) < 0)
        return -1;

    *out = g_string_free(g_steal_pointer(&buf), FALSE);
    return 0;
}

xmlDocPtr
virXMLParseFile(const char *path)
{
    g_autofree char *data = NULL;
    size_t len = 0;

    if (virFileReadLimited(path, VIR_XML_MAX_SIZE, &data, &len) < 0)
        return NULL;

    return virXMLParseString(data, len, path);
}

xmlDocPtr
virXMLParseFragment(const char *data,
                    size_t len,
                    const char *name,
                    const char *wrapper)
{
    g_autoptr(GString) buf = NULL;
    const char *p = data;
    const char *end = data + len;

    /* Drop a leading XML declaration: it cannot stand inside the wrapper. */
    while (p < end && g_ascii_isspace(*p) && *p != '\n')
        p++;
    if (end - p >= 5 && strncmp(p, "<?xml", 5) == 0) {
        const char *close = g_strstr_len(p, end - p, "?>");
        if (close)
            p = close + 2;
    }

    if (len > VIR_XML_MAX_SIZE) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("'%s' is larger than the %d MiB limit for XML documents"),
                       name, VIR_XML_MAX_SIZE / (1024 * 1024));
        return NULL;
    }

    buf = g_string_sized_new(len + 64);
    g_string_append_printf(buf, "<%s>", wrapper);
    g_string_append_len(buf, p, end - p);
    g_string_append_printf(buf, "</%s>", wrapper);

    return virXMLParseString(buf->str, buf->len, name);
}

char *
virXMLPropString(xmlNodePtr node,
                 const char *name)
{
    return (char *)xmlGetNoNsProp(node, BAD_CAST name);
}

/* An absent attribute: an error when @flags say it is required, else
 * "not present" (0), as the virXMLProp* getters return it. */
static int
virXMLPropMissing(xmlNodePtr node,
                  const char *name,
                  virXMLPropFlags flags)
{
    if (flags & VIR_XML_PROP_REQUIRED) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("missing required attribute '%s' in element '%s'"),
                       name, (const char *)node->name);
        return -1;
    }
    return 0;
}


int
virXMLPropEnum(xmlNodePtr node,
               const char *name,
               virXMLPropEnumFromString fromString,
               virXMLPropFlags flags,
               int *result)
{
    g_autofree char *str = virXMLPropString(node, name);
    int val;

    if (!str)
        return virXMLPropMissing(node, name, flags);

    val = fromString(str);
    if (val < 0 || (val == 0 && (flags & VIR_XML_PROP_NONZERO))) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("invalid value '%s' for attribute '%s' in element '%s'"),
                       str, name, (const char *)node->name);
        return -1;
    }

    *result = val;
    return 1;
}

int
virXMLPropUInt(xmlNodePtr node,
               const char *name,
               virXMLPropFlags flags,
               unsigned int *result)
{
    g_autofree char *str = virXMLPropString(node, name);
    unsigned long long val;

    if (!str)
        return virXMLPropMissing(node, name, flags);

    if (virStrToULL(str, (flags & VIR_XML_PROP_NONZERO) ? 1 : 0, UINT_MAX,
                    &val) < 0) {
        virReportError(VIR_ERR_XML_DETAIL,
                       _("invalid value '%s' for attribute '%s' in element '%s'"),
                       str, name, (const char *)node->name);
        return -1;
    }

    *result = val;
    return 1;
}

char *
virXMLNodeContentString(xmlNodePtr node)
{
    return (char *)xmlNodeGetContent(node);
}

xmlNodePtr
virXMLNodeGetChild(xmlNodePtr node,
                   const char *name)
{
    xmlNodePtr cur;

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && xmlStrEqual(cur->name, BAD_CAST name))
            return cur;
    }
    return NULL;
}

size_t
virXMLNodeCountChildren(xmlNodePtr node,
                        const char *name)
{
    xmlNodePtr cur;
    size_t n = 0;

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && xmlStrEqual(cur->name, BAD_CAST name))
            n++;
    }
    return n;
}

static void
virXMLReportRepeatedChild(xmlNodePtr parent,
                          const char *name)
{
    virReportError(VIR_ERR_XML_DETAIL,
                   _("element '%s' appears more than once inside <%s>"),
                   name, (const char *)parent->name);
}

int
virXMLNodeGetUniqueChild(xmlNodePtr parent,
                         const char *name,
                         xmlNodePtr *child)
{
    if (virXMLNodeCountChildren(parent, name) > 1) {
        virXMLReportRepeatedChild(parent, name);
        return -1;
    }
    *child = virXMLNodeGetChild(parent, name);
    return 0;
}

int
virXMLNodeCheckFirstOfName(xmlNodePtr node)
{
    xmlNodePtr prev;

    for (prev = node->prev; prev; prev = prev->prev) {
        if (prev->type == XML_ELEMENT_NODE && prev->ns == node->ns &&
            xmlStrEqual(prev->name, node->name)) {
            virXMLReportRepeatedChild(node->parent, (const char *)node->name);
            return -1;
        }
    }
    return 0;
}

/* U+FFFD, written for what XML 1.0 cannot carry at all. */
#define VIR_XML_REPLACEMENT_CHAR "\xef\xbf\xbd"

void
virBufferEscapeXMLFull(GString *buf,
                       const char *str,
                       bool attribute)
{
    g_autofree char *valid = NULL;
    const char *p;

    if (!str)
        return;

    /* Bytes that are not UTF-8 would make the document ill-formed. */
    if (!g_utf8_validate(str, -1, NULL))
        str = valid = g_utf8_make_valid(str, -1);

    for (p = str; *p; p++) {
        /* XML 1.0 has no way to write other C0 control characters, not
         * even as character references. */
        if ((unsigned char)*p < 0x20 &&
            *p != '\n' && *p != '\t' && *p != '\r') {
            g_string_append(buf, VIR_XML_REPLACEMENT_CHAR);
            continue;
        }

        switch (*p) {
        case '<':
            g_string_append(buf, "&lt;");
            break;
        case '>':
            g_string_append(buf, "&gt;");
            break;
        case '&':
            g_string_append(buf, "&amp;");
            break;
        case '\'':
            if (attribute)
                g_string_append(buf, "&apos;");
            else
                g_string_append_c(buf, *p);
            break;
        case '"':
            if (attribute)
                g_string_append(buf, "&quot;");
            else
                g_string_append_c(buf, *p);
            break;
        case '\n':
        case '\t':
            /* a parser would fold them to spaces in an attribute */
            if (attribute)
                g_string_append_printf(buf, "&#%d;", *p);
            else
                g_string_append_c(buf, *p);
            break;
        case '\r':
            g_string_append(buf, "&#13;");
            break;
        default:
            g_string_append_c(buf, *p);
            break;
        }
    }
}

void
virBufferEscapeXML(GString *buf,
                   const char *str)
{
    virBufferEscapeXMLFull(buf, str, true);
}

void
virBufferIndentPrintf(GString *buf,
                      int indent,
                      const char *fmt, ...)
{
    va_list ap;

    for (; indent > 0; indent--)
        g_string_append(buf, "  ");

    va_start(ap, fmt);
    g_string_append_vprintf(buf, fmt, ap);
    va_end(ap);
}

const char *
virXMLSchemaDir(void)
{
    const char *env = g_getenv("HOSTREC_SCHEMA_DIR");

    if (env && *env)
        return env;
    if (g_file_test(SCHEMADIR, G_FILE_TEST_IS_DIR))
        return SCHEMADIR;
    return SRCSCHEMADIR;
}

typedef struct {
    char *first;
    int line;
} virXMLValidateState;

static void
virXMLValidateError(void *userData,
                    xmlErrorPtr err)
{
    virXMLValidateState *state = userData;

    if (state->first || !err)
        return;
    state->first = virXMLErrorText(err->message);
    state->line = err->line;
}

int
virXMLValidateAgainstSchema(xmlDocPtr doc,
                            const char *docName,
                            const char *schemaName)
{
    g_autofree char *path = g_build_filename(virXMLSchemaDir(), schemaName, NULL);
    g_autoptr(xmlRelaxNGParserCtxt) pctxt = NULL;
    g_autoptr(xmlRelaxNG) schema = NULL;
    g_autoptr(xmlRelaxNGValidCtxt) vctxt = NULL;
    virXMLValidateState state = { 0 };
    g_autofree char *first = NULL;

    virXMLSilence();

    if (!(pctxt = xmlRelaxNGNewParserCtxt(path)) ||
        !(schema = xmlRelaxNGParse(pctxt))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot load the RelaxNG schema '%s'"), path);
        return -1;
    }

    if (!(vctxt = xmlRelaxNGNewValidCtxt(schema))) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate a schema validator"));
        return -1;
    }
    xmlRelaxNGSetValidStructuredErrors(vctxt, virXMLValidateError, &state);

    if (xmlRelaxNGValidateDoc(vctxt, doc) != 0) {
        first = state.first;
        if (first && state.line > 0)
            virReportError(VIR_ERR_XML_DETAIL,
                           _("'%s' does not match the schema '%s': line %d: %s"),
                           docName, schemaName, state.line, first);
        else
            virReportError(VIR_ERR_XML_DETAIL,
                           _("'%s' does not match the schema '%s': %s"),
                           docName, schemaName,
                           first ? first : _("invalid document"));
        return -1;
    }

    g_free(state.first);
    return 0;
}
