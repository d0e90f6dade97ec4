/*
 * cpukeptlibvirttest.c: <numa>, <cache> and <maxphysaddr> through libvirt
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec keeps these children of <cpu> as it read them (src/conf/
 * cpu_kept.h).  Here libvirt itself, its real parser and formatter (the
 * installed client library, 9.0 on Debian 12, through the in-process
 * test:///default driver: no daemon), is the judge:
 *
 *  - libvirt accepts what hostrec writes: each expanded NUMA guest of
 *    qemuxmlconfdata (hostrec's own reviewed domxml-expand output) is
 *    defined;
 *  - hostrec reads what libvirt writes back, and writes each of these
 *    elements exactly as libvirt does, line for line and in the same place
 *    among the children of <cpu>: libvirt's formatting
 *    is the canonical one (units in KiB, vCPU lists as ranges), and a
 *    document that went through libvirt once comes out of hostrec
 *    unchanged.
 *
 * Built only with libvirt.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "hostrec-connect.h"
#include "domain_conf.h"
#include "virerror.h"
#include "virxml.h"

#define TEST_URI "test:///default"

/* The lines of @xml from the first one holding @start to the first one
 * after it holding @end (the same line when @end is NULL), each without
 * its indentation; NULL when @start is absent. */
static char *
testExtract(const char *xml,
            const char *start,
            const char *end)
{
    g_auto(GStrv) lines = g_strsplit(xml, "\n", -1);
    g_autoptr(GString) out = g_string_new(NULL);
    bool in = false;
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (!in && strstr(lines[i], start))
            in = true;
        if (!in)
            continue;
        g_string_append(out, g_strchug(lines[i]));
        g_string_append_c(out, '\n');
        if (!end || strstr(lines[i], end))
            return g_string_free(g_steal_pointer(&out), FALSE);
    }
    return NULL;
}


/* The names of the child elements of the <cpu> in @xml, in order, a name
 * repeated in a row written once ("model topology feature numa"). */
static char *
testCPUChildren(const char *xml)
{
    g_auto(GStrv) lines = g_strsplit(xml, "\n", -1);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree char *last = NULL;
    size_t indent = 0;
    bool in = false;
    size_t i;

    for (i = 0; lines[i]; i++) {
        const char *line = lines[i];
        size_t n = strspn(line, " ");
        g_autofree char *name = NULL;

        if (!in) {
            if (g_str_has_prefix(line + n, "<cpu")) {
                in = true;
                indent = n;
            }
            continue;
        }
        if (n == indent)
            break;
        if (n != indent + 2 || line[n] != '<')
            continue;
        name = g_strndup(line + n + 1, strcspn(line + n + 1, " />"));
        if (last && STREQ(last, name))
            continue;
        g_string_append_printf(out, "%s%s", out->len ? " " : "", name);
        g_free(last);
        last = g_steal_pointer(&name);
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}


static int
testThroughLibvirt(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *path = virTestDataPath("qemuxmlconfdata/%s.s390x-9.1.0-gen16a.xml", name);
    g_autofree char *xml = virTestLoadFile(path);
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autofree char *back = NULL;
    g_autofree char *ours = NULL;
    g_autoptr(virDomainDef) def = NULL;
    xmlDocPtr doc;
    static const char * const pieces[][2] = {
        { "<numa>", "</numa>" },
        { "<cache mode=", NULL },
        { "<maxphysaddr", NULL },
    };
    size_t found = 0;
    size_t i;

    if (!xml ||
        !(conn = hostrecConnOpen(TEST_URI)) ||
        !(dom = hostrecConnDefineXML(conn, xml, name)) ||
        !(back = hostrecConnDomainGetXML(dom, HOSTREC_CONN_XML_INACTIVE))) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }

    if (!(doc = virXMLParseString(back, strlen(back), "libvirt's XML")) ||
        !(def = virDomainDefParseDoc(doc, "libvirt's XML")) ||
        virDomainDefValidate(def) < 0) {
        virTestDiag("hostrec refuses libvirt's XML: %s\n%s",
                    virGetLastErrorMessage(), back);
        return -1;
    }
    ours = virCPUDefFormat(def->cpu);

    /* the children of <cpu> in libvirt's order */
    {
        g_autofree char *theirOrder = testCPUChildren(back);
        g_autofree char *myOrder = testCPUChildren(ours);

        if (virTestCompareStrings(theirOrder, myOrder, "order of the <cpu> children") < 0)
            return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(pieces); i++) {
        g_autofree char *theirs = testExtract(back, pieces[i][0], pieces[i][1]);
        g_autofree char *mine = testExtract(ours, pieces[i][0], pieces[i][1]);

        if (!theirs && !mine)
            continue;
        found++;
        if (virTestCompareStrings(theirs ? theirs : "(absent)\n",
                                  mine ? mine : "(absent)\n",
                                  pieces[i][0]) < 0)
            return -1;
    }
    if (!strstr(xml, "<numa>") || found == 0) {
        virTestDiag("the case has no <numa>");
        return -1;
    }
    return 0;
}


int
main(void)
{
    static const char * const cases[] = {
        "expand-numa",
        "expand-numa-custom",
        "expand-numa-no-model",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i], testThroughLibvirt, cases[i]);
    return virTestMain();
}
