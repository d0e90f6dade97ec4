/*
 * hostrec-domxml-expand.c: "hostrec domxml-expand"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The domain XML with its <cpu> replaced by the expanded guest CPU
 * (mode='custom' match='exact', <model fallback='forbid'>, one <feature>
 * per QEMU prop): the same CPU the QEMU command line gets, in a form a
 * stock libvirt that knows nothing of host-recommended accepts.  The rest
 * of the document is printed as it was read.
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>

#include "hostrec.h"
#include "qemu_command.h"
#include "virerror.h"

static int
hostrecRunDomxmlExpand(int argc,
                       char **argv)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    g_autofree char *emulator = NULL;
    g_autofree char *xml = NULL;

    if (hostrecDomxmlPrepare(argc > 0 ? argv[0] : NULL, HOSTREC_DOMAIN_INACTIVE,
                             &def, &caps, &emulator, NULL) < 0)
        return -1;

    /* Why a feature is off is for domain capabilities; a domain XML
     * carries policies only. */
    if (qemuDomainExpandCPUForDefinition(hostrecDriverConfig(), def, caps, NULL,
                                         VIR_DOMAIN_HOSTREC_DEPRECATED_QEMU,
                                         &cpu, NULL) < 0)
        return -1;

    /* A domain without <cpu> gets the one it runs with (its machine's
     * default CPU), written out, as libvirt writes it into the live XML. */
    xml = virDomainDefFormatWithCPU(def, cpu);
    return hostrecPrintText(xml);
}

const hostrecCommand hostrecCmdDomxmlExpand = {
    .name = "domxml-expand",
    .args = "DOMAIN.xml",
    .summary = N_("print a domain XML with its guest CPU expanded"),
    .description = N_("Print DOMAIN.xml ('-' for standard input) with its <cpu> "
                      "replaced by the expanded guest CPU: mode='custom' "
                      "match='exact', <model fallback='forbid'> and one <feature> "
                      "per QEMU property, the CPU 'hostrec domxml-to-native' puts "
                      "on the command line.  Everything else in the document is "
                      "left as it is.  A stock libvirt that does not know "
                      "host-recommended can define the result.  The QEMU data "
                      "comes from the same places as for domxml-to-native."),
    .domainDescription = N_("With --domain, the inactive definition of a "
                            "libvirt domain is read instead of DOMAIN.xml."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecDomainOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .domainArg = true,
    .run = hostrecRunDomxmlExpand,
};
