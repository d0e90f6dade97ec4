/*
 * fuzz_domainxml.c: libFuzzer target for the domain and CPU XML parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bytes -> virXMLParseString -> virDomainDefParseDoc -> virDomainDefValidate
 * -> virDomainDefFormat (and the <cpu> alone through virCPUDefFormat).  A
 * definition that formats must parse again: the formatter's output is
 * what hostrec hands to other programs.  hostrec's <metadata> element
 * (domain_metadata.h), when there is one, is read, written back into the
 * document, and must read the same from the formatted document.
 */

#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain_conf.h"
#include "domain_metadata.h"
#include "cpu_conf.h"
#include "virerror.h"
#include "virqemu.h"
#include "virxml.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) again = NULL;
    g_autoptr(virDomainHostrecMetadata) meta = NULL;
    g_autoptr(virDomainHostrecMetadata) metaAgain = NULL;
    g_autofree char *metaText = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *cpu = NULL;
    xmlDocPtr doc = NULL;

    fuzzInit();

    if (!(doc = virXMLParseString((const char *)data, size, "fuzz.xml")))
        goto done;

    /* the definition owns @doc from here on, also on failure */
    if (!(def = virDomainDefParseDoc(doc, "fuzz.xml")))
        goto done;

    if (virDomainDefValidate(def) < 0)
        virResetLastError();

    /* no name that would add a key to -cpu or -machine gets through */
    if (def->machine && !virQEMUNameIsValid(def->machine))
        fuzzFail("an accepted machine name is invalid", def->machine);
    if (def->cpu) {
        size_t i;

        if (def->cpu->model &&
            !virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, def->cpu->model))
            fuzzFail("an accepted CPU model name is invalid", def->cpu->model);
        for (i = 0; i < def->cpu->nfeatures; i++) {
            if (!virQEMUNameIsValid(def->cpu->features[i].name))
                fuzzFail("an accepted CPU feature name is invalid",
                         def->cpu->features[i].name);
        }
    }

    if (def->cpu)
        cpu = virCPUDefFormat(def->cpu);

    if (virDomainHostrecMetadataGet(def, &meta) < 0) {
        virResetLastError();
    } else if (meta) {
        size_t i;

        for (i = 0; meta->deprecated && meta->deprecated[i]; i++) {
            if (!virQEMUNameIsValid(meta->deprecated[i]))
                fuzzFail("an accepted deprecated name is invalid", meta->deprecated[i]);
        }
        metaText = virDomainHostrecMetadataFormat(meta);
        if (virDomainDefSetHostrecMetadata(def, meta) < 0)
            fuzzFail("accepted metadata cannot be written back", metaText);
    }

    if ((xml = virDomainDefFormat(def))) {
        xmlDocPtr doc2 = virXMLParseString(xml, strlen(xml), "formatted.xml");

        /* our own output must always be well-formed and parse again */
        if (!doc2 || !(again = virDomainDefParseDoc(doc2, "formatted.xml")))
            fuzzFail("the formatted definition does not parse again", xml);
        if (meta) {
            g_autofree char *text2 = NULL;

            if (virDomainHostrecMetadataGet(again, &metaAgain) < 0 || !metaAgain)
                fuzzFail("written metadata does not read again", xml);
            text2 = virDomainHostrecMetadataFormat(metaAgain);
            if (STRNEQ(metaText, text2))
                fuzzFail("written metadata reads differently", text2);
        }
    }

 done:
    fuzzReset();
    return 0;
}
