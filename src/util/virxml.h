/*
 * virxml.h: safe XML parsing and small property helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every XML document hostrec reads goes through virXMLParse*(), which:
 *  - never touches the network (XML_PARSE_NONET),
 *  - refuses any document type declaration, so no entity (internal or
 *    external) is ever declared, loaded or expanded: libvirt's formats
 *    have no DTD, and this closes XXE and entity-expansion bombs at once,
 *  - refuses input larger than VIR_XML_MAX_SIZE,
 *  - reports malformed input as one error naming the file and line.
 */

#pragma once

#include "internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

/* Largest XML document accepted, in bytes. */
#define VIR_XML_MAX_SIZE (10 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathContext, xmlXPathFreeContext);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathObject, xmlXPathFreeObject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlBuffer, xmlBufferFree);

/* Parse @len bytes of @data; @name is used in messages (a file name, or a
 * description such as "standard input").  Returns a document or NULL with
 * an error set. */
xmlDocPtr virXMLParseString(const char *data,
                            size_t len,
                            const char *name);

/* One child of a document's root (virXMLParseStringEach), or NULL once
 * at the end; @root has its attributes but no more element children.
 * Returns 0, or -1 with an error reported, which stops the parse. */
typedef int (*virXMLChildFunc)(xmlNodePtr root,
                               xmlNodePtr node,
                               void *opaque);

/* Parse a document written by a program to be read by one, such as a
 * cache entry, one child of the root at a time: each element child of the
 * root is handed to @child, its subtree whole, as soon as its end tag is
 * read, and freed when @child returns, so that no more than the root and
 * one child are ever in memory.  The blank text between elements is
 * dropped and short texts are kept inside their nodes.  Otherwise as
 * virXMLParseString(): the same limits, refusals and errors; @child is
 * called once more with @node NULL after the last one (not after an
 * error of the document).  Returns 0, or -1 with an error reported. */
int virXMLParseStringEach(const char *data,
                          size_t len,
                          const char *name,
                          virXMLChildFunc child,
                          void *opaque);

/* Read and parse @path ("-" is standard input). */
xmlDocPtr virXMLParseFile(const char *path);

/* Parse a fragment that is a sequence of elements with no root, as virsh
 * accepts for hypervisor-cpu-baseline: the content is wrapped in a
 * synthetic root named @wrapper before parsing.  Line numbers stay right. */
xmlDocPtr virXMLParseFragment(const char *data,
                              size_t len,
                              const char *name,
                              const char *wrapper);

/* Select nodes of the XML document @xml (@len bytes, parsed as above;
 * @name names it in messages) with the XPath 1.0 expression @expr and
 * format them as virsh's --xpath option does: the document is read
 * without its blank text and libxml2 formats each node (2-space
 * indentation, attribute values in double quotes), one after another,
 * each followed by a newline; "/" stands for the root element.  With
 * @wrap, copies of the nodes become the children of one <nodes> element,
 * which is formatted instead (<nodes/> when nothing matched).  Without
 * @wrap, no match gives "".  Returns 0 with *@out set, or -1 with an
 * error quoting @expr when it is not valid XPath, gives a value (a
 * number, string or boolean) rather than nodes, or selects a namespace
 * node. */
int virXMLFormatXPath(const char *xml,
                      size_t len,
                      const char *name,
                      const char *expr,
                      bool wrap,
                      char **out);

/* The value of the attribute @name of @node (caller frees), or NULL when
 * it is absent. */
char *virXMLPropString(xmlNodePtr node, const char *name);

/* Typed attribute getters.  Each returns 1 when the attribute is present
 * and valid (value stored in @result), 0 when absent (@result untouched;
 * -1 instead with VIR_XML_PROP_REQUIRED), and -1 with an error naming the
 * attribute and element when present but invalid. */

typedef int (*virXMLPropEnumFromString)(const char *str);

typedef enum {
    VIR_XML_PROP_NONE = 0,
    VIR_XML_PROP_REQUIRED = 1 << 0,  /* absent is an error */
    VIR_XML_PROP_NONZERO = 1 << 1,   /* value 0 ("absent"/"default") is rejected */
} virXMLPropFlags;

int virXMLPropEnum(xmlNodePtr node,
                   const char *name,
                   virXMLPropEnumFromString fromString,
                   virXMLPropFlags flags,
                   int *result);

int virXMLPropUInt(xmlNodePtr node,
                   const char *name,
                   virXMLPropFlags flags,
                   unsigned int *result);

/* The element's text content, or NULL if it has none. */
char *virXMLNodeContentString(xmlNodePtr node);

/* The first child element of @node called @name, or NULL. */
xmlNodePtr virXMLNodeGetChild(xmlNodePtr node, const char *name);

/* Number of child elements called @name. */
size_t virXMLNodeCountChildren(xmlNodePtr node, const char *name);

/* The one child element @name of @parent in @child, or NULL when there is
 * none.  Two or more are an error ("element 'name' appears more than once
 * inside <parent>").  Returns 0 or -1. */
int virXMLNodeGetUniqueChild(xmlNodePtr parent,
                             const char *name,
                             xmlNodePtr *child);

/* For a parser that walks the children itself: the same error as
 * virXMLNodeGetUniqueChild when an earlier sibling of the element @node
 * has its name and namespace, so that it is reported where the second one
 * is met.  Returns 0 or -1. */
int virXMLNodeCheckFirstOfName(xmlNodePtr node);

/* Append @str to @buf escaped for XML: as an attribute value (quotes,
 * newlines and tabs escaped too) or as element text.  The result is always
 * well-formed: bytes that are not UTF-8 and the C0 control characters XML
 * 1.0 cannot represent (all but tab, newline and carriage return) are
 * written as U+FFFD.  Names from QEMU never hold them (they are refused
 * where they enter); other strings from outside (a QEMU package string,
 * an error text) may.  As an attribute value it is also right for HTML
 * text and quoted HTML attributes (the fleet's --html page uses it): one
 * markup escaper for the project. */
void virBufferEscapeXMLFull(GString *buf, const char *str, bool attribute);

/* The same for an attribute value. */
void virBufferEscapeXML(GString *buf, const char *str);

/* Append "  " * @indent then the printf-formatted text to @buf. */
void virBufferIndentPrintf(GString *buf, int indent, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Validate @doc against the RelaxNG schema file @schemaName (e.g.
 * "domain.rng"), looked up in the source tree's schema directory when
 * HOSTREC_SCHEMA_DIR is set, and in the installed one otherwise.  On
 * failure the error names @docName and the first problem found. */
int virXMLValidateAgainstSchema(xmlDocPtr doc,
                                const char *docName,
                                const char *schemaName);

/* The directory schemas are read from. */
const char *virXMLSchemaDir(void);
