/*
 * hostrec-validate.c: "hostrec validate FILE"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like libvirt's virt-xml-validate: the document must match the RelaxNG
 * schema and pass the semantic checks that need no QEMU.
 */

#include "internal.h"

#include <stdio.h>

#include "hostrec.h"
#include "domain_conf.h"
#include "virerror.h"
#include "virxml.h"

static int
hostrecRunValidate(int argc,
                   char **argv)
{
    g_autoptr(virDomainDef) def = NULL;

    /* The semantic checks first: their messages name the rule that is
     * broken, where the schema can only say which element failed.  The
     * schema then covers the rest of the document, which the definition
     * keeps. */
    if (!(def = hostrecDomainLoad(argc > 0 ? argv[0] : NULL, HOSTREC_DOMAIN_INACTIVE)))
        return -1;

    if (virXMLValidateAgainstSchema(def->doc, def->sourceName, "domain.rng") < 0)
        return -1;

    printf(_("%s validates\n"), def->sourceName);
    return 0;
}

const hostrecCommand hostrecCmdValidate = {
    .name = "validate",
    .args = "FILE",
    .summary = N_("check a domain XML file against the schema and the rules"),
    .description = N_("Validate the domain definition in FILE ('-' for standard "
                      "input) against hostrec's RelaxNG schema, then check the "
                      "rules that need no QEMU: the CPU mode and its attributes, "
                      "duplicate features, and so on.  Prints 'FILE validates' "
                      "or the first error."),
    .domainDescription = N_("With --domain, the inactive definition of a "
                            "libvirt domain is checked instead of FILE."),
    .options = hostrecDomainOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .domainArg = true,
    .run = hostrecRunValidate,
};
