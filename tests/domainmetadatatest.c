/*
 * domainmetadatatest.c: hostrec's element in a domain's <metadata>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each good case: parse domainmetadatadata/NAME.xml (or a file of
 * qemuxmlconfdata), record the metadata of its <cpu> with a fixed QEMU
 * version and deprecated set, and compare the document with
 * NAME.out.xml (reviewed); then read the element back from that output
 * and check it formats the same.  Each bad case: reading the metadata
 * fails with one error quoting the offending value.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "domain_metadata.h"
#include "virerror.h"

typedef struct {
    const char *name;
    const char *input;      /* under tests/ */
    bool unreported;        /* QEMU gave no deprecated set */
} metaTestCase;

static const char * const testDeprecated[] = { "csske", "bpb", "te", "cte", NULL };

static int
metaTestSet(const void *opaque)
{
    const metaTestCase *tc = opaque;
    g_autofree char *in = virTestDataPath("%s", tc->input);
    g_autofree char *outPath = virTestDataPath("domainmetadatadata/%s.out.xml", tc->name);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) back = NULL;
    g_autoptr(virDomainHostrecMetadata) meta = NULL;
    g_autoptr(virDomainHostrecMetadata) read = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    xmlDocPtr doc;

    virTestMarkUsed(in);
    if (!(def = virDomainDefParseFile(in)))
        return -1;
    meta = virDomainHostrecMetadataNewFromCPU(def->cpu, "10.0.2",
                                              VIR_DOMAIN_HOSTREC_DEPRECATED_QEMU,
                                              tc->unreported ? NULL : testDeprecated);
    if (virDomainDefSetHostrecMetadata(def, meta) < 0)
        return -1;
    /* a second time replaces the element, it does not add one */
    if (virDomainDefSetHostrecMetadata(def, meta) < 0)
        return -1;
    xml = virDomainDefFormat(def);
    if (virTestCompareToFile(xml, outPath) < 0)
        return -1;

    if (!(doc = virXMLParseString(xml, strlen(xml), outPath)) ||
        !(back = virDomainDefParseDoc(doc, outPath)))
        return -1;
    if (virDomainHostrecMetadataGet(back, &read) < 0)
        return -1;
    if (!read) {
        virTestDiag("no metadata read back");
        return -1;
    }
    want = virDomainHostrecMetadataFormat(meta);
    got = virDomainHostrecMetadataFormat(read);
    return virTestCompareStrings(want, got, "metadata read back");
}

typedef struct {
    const char *name;
    const char *quote;      /* the error mentions it */
} metaTestBadCase;

static int
metaTestBad(const void *opaque)
{
    const metaTestBadCase *tc = opaque;
    g_autofree char *in = virTestDataPath("domainmetadatadata/%s.xml", tc->name);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainHostrecMetadata) meta = NULL;
    const char *msg;

    virTestMarkUsed(in);
    if (!(def = virDomainDefParseFile(in)))
        return -1;
    if (virDomainHostrecMetadataGet(def, &meta) == 0) {
        virTestDiag("bad metadata was accepted");
        return -1;
    }
    msg = virGetLastErrorMessage();
    if (!strstr(msg, tc->quote)) {
        virTestDiag("error '%s' does not mention '%s'", msg, tc->quote);
        return -1;
    }
    virResetLastError();
    return 0;
}

/* Metadata in hostrec's first namespace is read as before, and written
 * again in the current one, replacing it: one element, the same record. */
static int
metaTestOldNamespace(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *in = virTestDataPath("domainmetadatadata/old-namespace.xml");
    g_autofree char *outPath = virTestDataPath("domainmetadatadata/old-namespace.out.xml");
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) back = NULL;
    g_autoptr(virDomainHostrecMetadata) old = NULL;
    g_autoptr(virDomainHostrecMetadata) read = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    xmlDocPtr doc;

    virTestMarkUsed(in);
    if (!(def = virDomainDefParseFile(in)) ||
        virDomainHostrecMetadataGet(def, &old) < 0)
        return -1;
    if (!old || !old->oldNamespace || old->mode != VIR_CPU_MODE_HOST_RECOMMENDED ||
        !STREQ_NULLABLE(old->qemuVersion, "9.1.0")) {
        virTestDiag("the old namespace's record was not read as one");
        return -1;
    }
    if (virDomainDefSetHostrecMetadata(def, old) < 0)
        return -1;
    xml = virDomainDefFormat(def);
    if (virTestCompareToFile(xml, outPath) < 0)
        return -1;
    if (!(doc = virXMLParseString(xml, strlen(xml), outPath)) ||
        !(back = virDomainDefParseDoc(doc, outPath)) ||
        virDomainHostrecMetadataGet(back, &read) < 0)
        return -1;
    if (!read || read->oldNamespace) {
        virTestDiag("not written in the current namespace");
        return -1;
    }
    want = virDomainHostrecMetadataFormat(old);
    got = virDomainHostrecMetadataFormat(read);
    return virTestCompareStrings(want, got, "metadata moved");
}

static const metaTestCase cases[] = {
    { .name = "cpu-host-recommended", .input = "qemuxmlconfdata/cpu-host-recommended.xml" },
    { .name = "with-metadata", .input = "domainmetadatadata/with-metadata.xml" },
    /* host-model on a QEMU older than 9.1: not the same as an empty set */
    { .name = "unreported", .input = "domainmetadatadata/unreported.xml", .unreported = true },
};

static const metaTestBadCase badCases[] = {
    { .name = "bad-name", .quote = "x,te=on" },
    { .name = "bad-version", .quote = "10.0" },
    { .name = "twice", .quote = "more than once" },
    /* the old namespace and the new one at once: which is right is not
     * for hostrec to guess */
    { .name = "old-and-new", .quote = "more than once" },
    { .name = "unreported-but-listed", .quote = "reported none" },
    { .name = "feature-no-name", .quote = "<feature> in hostrec's metadata of" },
    { .name = "deprecated-no-name", .quote = "<deprecated> in hostrec's metadata of" },
};

int
main(void)
{
    g_autofree char *dir = virTestDataPath("domainmetadatadata");
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, metaTestSet, &cases[i]);
    virTestRun("old-namespace", metaTestOldNamespace, NULL);
    for (i = 0; i < G_N_ELEMENTS(badCases); i++)
        virTestRun(badCases[i].name, metaTestBad, &badCases[i]);

    virTestCheckUnusedFiles(dir, NULL);
    return virTestMain();
}
