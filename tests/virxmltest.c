/*
 * virxmltest.c: reading a document one child of its root at a time
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virXMLParseStringEach() must hand every element child of the root to
 * its callback whole, with the children before it already freed, stop at
 * the first callback that fails, and refuse what virXMLParseString()
 * refuses with the same message.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "virerror.h"
#include "virxml.h"

typedef struct {
    GString *seen;          /* "name(children)" per call, "end" at the end */
    int failAt;             /* 1-based call that fails; 0: none */
    int calls;
    bool alone;             /* every child was the root's only element child */
} testEachState;


static int
testEachChild(xmlNodePtr root,
              xmlNodePtr node,
              void *opaque)
{
    testEachState *st = opaque;
    xmlNodePtr c;
    size_t elements = 0;
    size_t kids = 0;

    st->calls++;
    for (c = root->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            elements++;
    }
    if (!node) {
        g_autofree char *text = (char *)xmlNodeGetContent(root);

        /* the root's own text, whole, around its freed children */
        g_string_append_printf(st->seen, "end(%zu)", elements);
        if (text && *text)
            g_string_append_printf(st->seen, " '%s'", text);
        return 0;
    }
    if (elements != 1 || root->last != node)
        st->alone = false;
    for (c = node->children; c; c = c->next)
        kids++;
    g_string_append_printf(st->seen, "%s(%zu) ", (const char *)node->name, kids);
    if (st->calls == st->failAt) {
        virReportError(VIR_ERR_XML_DETAIL, "child %d refused", st->calls);
        return -1;
    }
    return 0;
}


typedef struct {
    const char *name;
    const char *xml;
    int failAt;
    const char *seen;       /* the calls, NULL: the parse fails */
    const char *error;      /* with this message, else that of virXMLParseString */
} testEachCase;

static const testEachCase cases[] = {
    /* the blank before </r> stays: libxml2 keeps blank text that is an
     * element's only content, and the root's children are gone by then */
    { "children in order, blank text dropped",
      "<r>\n  <a x='1'><b/><b/></a>\n  <c>text</c>\n  <d/>\n</r>\n", 0,
      "a(2) c(1) d(0) end(0) '\n'", NULL },
    { "comments and text of the root are not children",
      "<r><!-- c --><a/>loose<b/></r>", 0, "a(0) b(0) end(0) 'loose'", NULL },
    { "an empty root", "<r/>", 0, "end(0)", NULL },
    /* libxml2 appends text to the last child when that is text: after a
     * child is freed, that is the text before the child (found by
     * fuzz_capscache: a heap overflow) */
    { "text of the root around a freed child",
      "<r>t1<a>a longer text inside</a>t2<b>x</b>  \n <c/>t3</r>", 0,
      "a(1) b(1) c(0) end(0) 't1t2  \n t3'", NULL },
    { "character references, entities and CDATA around freed children",
      "<r>t<a><![CDATA[a longer CDATA section]]></a>&amp;u&#65;<b xml:id='i'/>z"
      "<c xml:id='i'/></r>", 0, "a(1) b(0) c(0) end(0) 't&uAz'", NULL },
    { "the same in a cache entry's shape",
      "<r>lable=\"yes\" />\n  <a k='v'/>\n  <b><p n='x'/>\n    <p/>\n  </b>\n  <a/>\n</r>",
      0, "a(0) b(2) a(0) end(0) 'lable=\"yes\" />\n  \n  \n  \n'", NULL },
    { "a nested element of the same name is not a child of the root",
      "<r><a><a><a/></a></a></r>", 0, "a(1) end(0)", NULL },
    { "the second child refused: nothing read after it",
      "<r><a/><b/><c/></r>", 2, NULL, "child 2 refused" },
    { "a refusal before a later malformation wins",
      "<r><a/><b/><c></r>", 1, NULL, "child 1 refused" },
    { "a malformation: libxml2's message", "<r><a/><b></r>", 0, NULL, NULL },
    { "a cut document", "<r><a/>", 0, NULL, NULL },
    { "a document type declaration",
      "<?xml version='1.0'?>\n<!DOCTYPE r [<!ENTITY e 'x'>]>\n<r><a/></r>", 0, NULL, NULL },
    { "empty", "", 0, NULL, NULL },
};


static int
testEach(const void *opaque)
{
    const testEachCase *tc = opaque;
    g_autoptr(GString) seen = g_string_new(NULL);
    testEachState st = { .seen = seen, .failAt = tc->failAt, .alone = true };
    g_autofree char *want = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    int rc;

    virResetLastError();
    rc = virXMLParseStringEach(tc->xml, strlen(tc->xml), "t.xml", testEachChild, &st);
    if (tc->seen) {
        if (rc < 0) {
            virTestDiag("failed: %s", virGetLastErrorMessage());
            return -1;
        }
        if (!st.alone) {
            virTestDiag("a child was handed over with others still in the tree");
            return -1;
        }
        return virTestCompareStrings(tc->seen, g_strchomp(seen->str), "calls");
    }

    if (rc == 0) {
        virTestDiag("accepted, calls: %s", seen->str);
        return -1;
    }
    if (tc->error) {
        if (st.calls != tc->failAt) {
            virTestDiag("%d calls after a refusal by call %d", st.calls, tc->failAt);
            return -1;
        }
        if (!strstr(virGetLastErrorMessage(), tc->error)) {
            virTestDiag("error '%s', not '%s'", virGetLastErrorMessage(), tc->error);
            return -1;
        }
        virResetLastError();
        return 0;
    }

    /* the same refusal, in the same words, as a whole-document parse */
    want = g_strdup(virGetLastErrorMessage());
    virResetLastError();
    if ((doc = virXMLParseString(tc->xml, strlen(tc->xml), "t.xml"))) {
        virTestDiag("virXMLParseString accepts it");
        return -1;
    }
    rc = virTestCompareStrings(want, virGetLastErrorMessage(), "error");
    virResetLastError();
    return rc;
}


int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, testEach, &cases[i]);
    return virTestMain();
}
