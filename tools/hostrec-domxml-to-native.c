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

    if (!(dom = virDomainDefParseFile(path)))
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
        if (!(binary = hostrecDomxmlFindEmulator(opts, dom)))
            return -1;
        if (virQEMUCapsCacheLookup(binary, opts->noCache, opts->probeTimeout,
                                   opts->record, &qemuCaps) < 0)
            return -1;
    }

    *def = g_steal_pointer(&dom);
    *caps = g_steal_pointer(&qemuCaps);
    *emulator = g_steal_pointer(&binary);
    return 0;
}

static int
hostrecRunDomxmlToNative(int argc G_GNUC_UNUSED,
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

    if (hostrecDomxmlPrepare(argv[1], &def, &caps, &emulator) < 0)
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
                      "from a .replies recording with --replay."),
    .options = hostrecQEMUOptionEntries,
    .minArgs = 2,
    .maxArgs = 2,
    .run = hostrecRunDomxmlToNative,
};
