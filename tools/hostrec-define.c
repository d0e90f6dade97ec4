/*
 * hostrec-define.c: "hostrec define FILE.xml"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like "virsh define", for a domain whose <cpu> is host-recommended (or
 * host-model): the CPU is expanded first, exactly as domxml-expand does,
 * because a stock libvirt does not know host-recommended; what the user
 * asked for is recorded in the domain's <metadata> (domain_metadata.h),
 * so that the explicit CPU can be explained and expanded again later.
 * Everything else in the document is passed on as it was read.  Built
 * only with libvirt.
 */

#include "internal.h"

#if WITH_LIBVIRT

# include <stdio.h>

# include "hostrec.h"
# include "hostrec-connect.h"
# include "qemu_command.h"
# include "virerror.h"

static int
hostrecRunDefine(int argc G_GNUC_UNUSED,
                 char **argv)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(virDomainHostrecMetadata) meta = NULL;
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autofree char *emulator = NULL;
    g_autofree char *xml = NULL;
    hostrecCapsSource source = HOSTREC_CAPS_SOURCE_PROBE;

    if (hostrecDomxmlPrepare(argv[0], HOSTREC_DOMAIN_CONNECTED,
                             &def, &caps, &emulator, &source) < 0)
        return -1;

    if (qemuDomainExpandCPUForDefinition(hostrecDriverConfig(), def, caps, NULL,
                                         hostrecCapsSourceRecorded(source),
                                         &cpu, &meta) < 0 ||
        (meta && virDomainDefSetHostrecMetadata(def, meta) < 0))
        return -1;

    xml = virDomainDefFormatWithCPU(def, cpu);

    if (!(conn = hostrecConnOpen(NULL)) ||
        !(dom = hostrecConnDefineXML(conn, xml, def->name)))
        return -1;

    printf(_("Domain '%s' defined from %s\n"), hostrecConnDomainGetName(dom),
           def->sourceName);
    return hostrecFlushOutput();
}

const hostrecCommand hostrecCmdDefine = {
    .name = "define",
    .args = "FILE.xml",
    .summary = N_("define a libvirt domain with its guest CPU expanded"),
    .description = N_("Define (or redefine) the domain in FILE.xml ('-' for standard "
                      "input) in the libvirt of -c/--connect, as 'virsh define' "
                      "does, after expanding its guest CPU as 'hostrec "
                      "domxml-expand' does: a stock libvirt does not know "
                      "host-recommended.  For a host-recommended or host-model "
                      "CPU, what was asked for (the mode, the QEMU version, the "
                      "deprecated set and the user's own <feature>s) is recorded "
                      "in the domain's <metadata> under hostrec's namespace "
                      "urn:hostrec:cpu:1.  The rest of the "
                      "document is passed on as it was read.  The QEMU data comes "
                      "from the same places as for domxml-to-native."),
    .options = hostrecQEMUOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .run = hostrecRunDefine,
};

#endif /* WITH_LIBVIRT */
