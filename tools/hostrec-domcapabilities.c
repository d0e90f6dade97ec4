/*
 * hostrec-domcapabilities.c: "hostrec domcapabilities"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like virsh domcapabilities: the domain capabilities of one emulator,
 * arch, machine and virt type, with hostrec's host-recommended mode.
 * The QEMU data comes from the capabilities cache, a live probe or a
 * .replies recording (--replay).
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostrec.h"
#include "qemu_capscache.h"
#include "qemu_domaincaps.h"
#include "qemu_driver.h"
#include "qemu_host.h"
#include "virerror.h"
#include "virxml.h"

static gboolean hostrecDomcapsDisableDeprecated;
static char *hostrecDomcapsXPath;
static gboolean hostrecDomcapsWrap;

static const GOptionEntry hostrecDomcapsOptionEntries[] = {
    { "disable-deprecated-features", 0, 0, G_OPTION_ARG_NONE,
      &hostrecDomcapsDisableDeprecated,
      N_("report the host-model CPU with QEMU's deprecated features disabled"), NULL },
    { "xpath", 0, 0, G_OPTION_ARG_STRING, &hostrecDomcapsXPath,
      N_("print only the nodes the XPath EXPRESSION selects, each on its own"), N_("EXPRESSION") },
    { "wrap", 0, 0, G_OPTION_ARG_NONE, &hostrecDomcapsWrap,
      N_("with --xpath, print the selected nodes inside one <nodes> element"), NULL },
    { NULL }
};

static int
hostrecRunDomcapabilities(int argc G_GNUC_UNUSED,
                          char **argv G_GNUC_UNUSED)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virDomainCaps) domCaps = NULL;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *hostArch = NULL;
    virDomainVirtType virtType;
    unsigned int flags = 0;

    if (hostrecDomcapsDisableDeprecated)
        flags |= QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES;

    if (hostrecDomcapsWrap && !hostrecDomcapsXPath) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--wrap needs --xpath: it wraps the nodes --xpath selects"));
        return -1;
    }

    if (qemuDriverGetCaps(hostrecDriverConfig(), NULL, opts->arch, &caps, &path) < 0)
        return -1;
    /* a recording's host is not this one */
    if (!opts->driver.replay)
        hostArch = qemuHostGetArch();

    if (qemuDomainCapsCheckArch(caps, opts->arch) < 0)
        return -1;

    if (qemuDomainCapsGetVirtType(caps, opts->virttype, hostArch, &virtType) < 0)
        return -1;

    if (qemuDomainCapsBuild(caps, path, virtType, opts->machine, flags, &domCaps) < 0)
        return -1;

    /* Said here rather than in src/qemu: the sentence names our option. */
    if (hostrecDomcapsDisableDeprecated &&
        domCaps->cpu.hostRecommendedReason ==
        VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_DEPRECATED_UNREPORTED) {
        g_autofree char *version = virQEMUCapsFormatVersion(caps);

        virReportWarning(_("QEMU %s ('%s') does not report deprecated CPU features, so --disable-deprecated-features changes nothing"),
                         version, caps->binary);
    }

    xml = virDomainCapsFormat(domCaps);
    if (hostrecDomcapsXPath) {
        g_autofree char *nodes = NULL;

        if (virXMLFormatXPath(xml, strlen(xml), _("the domain capabilities"),
                              hostrecDomcapsXPath, hostrecDomcapsWrap, &nodes) < 0)
            return -1;
        /* No match prints nothing, as virsh does. */
        if (!*nodes)
            return hostrecFlushOutput();
        return hostrecPrintText(nodes);
    }
    return hostrecPrintText(xml);
}

const hostrecCommand hostrecCmdDomcapabilities = {
    .name = "domcapabilities",
    .args = "",
    .summary = N_("print the domain capabilities of a QEMU binary"),
    .description = N_("Print libvirt's domain capabilities XML for one emulator, "
                      "arch, machine and virt type, as 'virsh domcapabilities' "
                      "does, with the <cpu> block in full and hostrec's "
                      "host-recommended mode.  Defaults: qemu-system-ARCH from "
                      "PATH, the host's arch (or the binary's, with "
                      "--emulatorbin), virt type kvm when QEMU's first session "
                      "runs KVM (live: /dev/kvm works for a binary of the host's "
                      "arch; --replay: the recording's first session is a KVM "
                      "one) and qemu otherwise, the rule of every command, "
                      "QEMU's default machine.  With "
                      "--replay the data comes from a .replies recording and "
                      "<path> shows --emulatorbin or /usr/bin/qemu-system-ARCH.  "
                      "With --xpath EXPRESSION only the nodes it selects are "
                      "printed, one after another, formatted by libxml2 as "
                      "virsh does (nothing when none match; an expression "
                      "that gives a number or string is an error); --wrap "
                      "puts them inside one <nodes> element.  "
                      "Format: docs/formatdomaincaps.rst."),
    .options = hostrecQEMUOptionEntries,
    .targetOptions = hostrecTargetOptionEntries,
    .extraOptions = hostrecDomcapsOptionEntries,
    .minArgs = 0,
    .maxArgs = 0,
    .run = hostrecRunDomcapabilities,
};
