/*
 * hostrec-domxml-to-native.c: "hostrec domxml-to-native qemu-argv"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like virsh domxml-to-native: the QEMU command line of a domain XML
 * file, on one line.  The guest CPU is expanded (host-model,
 * host-recommended, custom, ...) with the capabilities of the domain's
 * emulator, from the cache, a live probe or a .replies recording.
 *
 * hostrecDomxmlPrepare() is shared with "hostrec domxml-expand".
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostrec.h"
#include "qemu_capscache.h"
#include "qemu_command.h"
#include "qemu_domaincaps.h"
#include "qemu_host.h"
#include "virerror.h"

/* The binary to probe or to name: --emulatorbin, else the domain's
 * <emulator>, else qemu-system-ARCH from PATH. */
static char *
hostrecDomxmlFindEmulator(const hostrecQEMUOptions *opts,
                          const virDomainDef *def)
{
    const char *given = opts->emulatorbin ? opts->emulatorbin : def->emulator;

    if (given)
        return qemuHostResolveBinary(given);

    return hostrecFindDefaultEmulator(def->arch);
}

int
hostrecDomxmlPrepare(const char *path,
                     unsigned int loadFlags,
                     virDomainDef **def,
                     virQEMUCaps **caps,
                     char **emulator)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autoptr(virDomainDef) dom = NULL;
    g_autoptr(virQEMUCaps) qemuCaps = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autofree char *binary = NULL;

    /* before the domain is read: the options are wrong whatever it holds */
    if (hostrecCheckRecordReplay(opts) < 0)
        return -1;

    if (!(dom = hostrecDomainLoad(path, loadFlags)))
        return -1;

    if (opts->replay) {
        if (!(src = hostrecOpenReplay(opts)))
            return -1;
        if (virQEMUCapsProbe(src, &qemuCaps) < 0)
            return -1;
        /* A recording knows no path: name the one the domain gives, or
         * the usual one, as libvirt's tests do. */
        if (opts->emulatorbin)
            binary = g_strdup(opts->emulatorbin);
        else if (dom->emulator)
            binary = g_strdup(dom->emulator);
        else
            binary = qemuHostEmulatorDefaultPath(qemuCaps->arch);
    } else {
        /* A remote daemon's <emulator> is a path of another machine:
         * probing a binary of the same name here would describe the
         * wrong QEMU. */
        if (hostrecDomainFromLibvirt() && hostrecDomainIsRemote() && !opts->emulatorbin) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           _("domain '%s' runs on another host ('%s'): hostrec cannot probe its emulator there; give --replay with a recording of that QEMU, or --emulatorbin with a binary of the same version"),
                           hostrecDomainName(), hostrecDomainURI());
            return -1;
        }
        if (!(binary = hostrecDomxmlFindEmulator(opts, dom)))
            return -1;
        if (virQEMUCapsCacheLookup(binary, opts->noCache, opts->probeTimeout,
                                   opts->record, &qemuCaps) < 0)
            return -1;
    }

    if (hostrecDomainFromLibvirt()) {
        g_autofree char *version = virQEMUCapsFormatVersion(qemuCaps);

        if (opts->replay)
            hostrecNote(_("deprecated features of domain '%s' from the recording '%s' (QEMU %s)"),
                        hostrecDomainName(), opts->replay, version);
        else
            hostrecNote(_("deprecated features of domain '%s' from hostrec's probe of '%s' (QEMU %s)"),
                        hostrecDomainName(), binary, version);
    }

    *def = g_steal_pointer(&dom);
    *caps = g_steal_pointer(&qemuCaps);
    *emulator = g_steal_pointer(&binary);
    return 0;
}

static int
hostrecRunDomxmlToNative(int argc,
                         char **argv)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *emulator = NULL;
    g_auto(GStrv) cmd = NULL;
    g_autofree char *line = NULL;

    if (STRNEQ(argv[0], "qemu-argv")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("unsupported native format '%s': only 'qemu-argv' is known"),
                       argv[0]);
        return -1;
    }

    if (hostrecDomxmlPrepare(argc > 1 ? argv[1] : NULL, 0, &def, &caps, &emulator) < 0)
        return -1;

    if (!(cmd = qemuBuildCommandLine(def, caps, emulator)))
        return -1;

    line = qemuCommandLineFormat(cmd);
    return hostrecPrintText(line);
}

const hostrecCommand hostrecCmdDomxmlToNative = {
    .name = "domxml-to-native",
    .args = "qemu-argv DOMAIN.xml",
    .summary = N_("print the QEMU command line of a domain XML file"),
    .description = N_("Print the QEMU command line of DOMAIN.xml ('-' for standard "
                      "input) on one line, as 'virsh domxml-to-native qemu-argv' "
                      "does, with the guest CPU expanded: host-model and "
                      "host-recommended become an explicit -cpu "
                      "BASE,feature=on|off,... list.  The QEMU data comes from the "
                      "emulator named by --emulatorbin, else the domain's "
                      "<emulator>, else qemu-system-ARCH from PATH (cached), or "
                      "from a .replies recording with --replay.  With --domain, "
                      "the XML of a libvirt domain (the live one of a running "
                      "domain, as virsh reads it) is used instead of DOMAIN.xml."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecDomainOptionEntries,
    .minArgs = 2,
    .maxArgs = 2,
    .domainArg = true,
    .run = hostrecRunDomxmlToNative,
};
