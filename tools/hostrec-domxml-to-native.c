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
#include "hostrec-connect.h"
#include "qemu_libvirtcaps.h"
#include "qemu_capscache.h"
#include "qemu_command.h"
#include "qemu_domaincaps.h"
#include "qemu_driver.h"
#include "qemu_host.h"
#include "virerror.h"

#if WITH_LIBVIRT
/* The capabilities of @def's emulator from the daemon of -c/--connect:
 * its domain capabilities with and without deprecated features
 * (libvirt >= 11.0). */
static int
hostrecDomxmlDaemonCaps(const virDomainDef *def,
                        virQEMUCaps **caps)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autofree char *plain = NULL;
    g_autofree char *without = NULL;
    g_autofree char *what = NULL;
    unsigned long long libVersion = 0;
    unsigned long long qemuVersion = 0;
    const char *virttype = virDomainVirtTypeToString(def->virtType);

    if (!(conn = hostrecConnOpen(NULL)) ||
        hostrecConnGetLibVersion(conn, &libVersion) < 0)
        return -1;

    if (libVersion < 11000000) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("the emulator '%s' of domain '%s' cannot be run here, and libvirt %llu.%llu.%llu on '%s' is too old (11.0 or newer) to tell the deprecated features; give --replay with a recording of that QEMU"),
                       NULLSTR(def->emulator), NULLSTR(def->name),
                       libVersion / 1000000, (libVersion / 1000) % 1000, libVersion % 1000,
                       hostrecConnGetURIName(conn));
        return -1;
    }

    if (hostrecConnGetHypervisorVersion(conn, &qemuVersion) < 0 ||
        !(plain = hostrecConnGetDomainCapabilities(conn, def->emulator, def->arch,
                                                   def->machine, virttype, 0)) ||
        !(without = hostrecConnGetDomainCapabilities(conn, def->emulator, def->arch,
                                                     def->machine, virttype,
                                                     HOSTREC_CONN_DOMCAPS_DISABLE_DEPRECATED)))
        return -1;

    what = g_strdup_printf(_("'%s' on '%s'"), NULLSTR(def->emulator),
                           hostrecConnGetURIName(conn));
    if (virQEMUCapsNewFromDomainCaps(plain, without, what,
                                     (unsigned int)qemuVersion, caps) < 0)
        return -1;

    hostrecNote(_("deprecated features of domain '%s' from the domain capabilities of libvirt %llu.%llu.%llu on '%s'"),
                NULLSTR(def->name),
                libVersion / 1000000, (libVersion / 1000) % 1000, libVersion % 1000,
                hostrecConnGetURIName(conn));
    return 0;
}
#endif

/* Whether the daemon's emulator can be probed here: a local daemon
 * (@remote false) and an executable at that path. */
static bool
hostrecDomxmlEmulatorIsLocal(const virDomainDef *def,
                             bool remote)
{
    g_autofree char *binary = NULL;

    if (remote || !def->emulator)
        return !remote;
    if (!(binary = qemuHostFindBinary(def->emulator))) {
        virResetLastError();
        return false;
    }
    return g_file_test(binary, G_FILE_TEST_IS_EXECUTABLE) &&
           !g_file_test(binary, G_FILE_TEST_IS_DIR);
}

virDomainHostrecDeprecatedSource
hostrecCapsSourceRecorded(hostrecCapsSource source)
{
    switch (source) {
    case HOSTREC_CAPS_SOURCE_LIBVIRT:
        return VIR_DOMAIN_HOSTREC_DEPRECATED_LIBVIRT;
    case HOSTREC_CAPS_SOURCE_PROBE:
    case HOSTREC_CAPS_SOURCE_REPLAY:
    default:
        break;
    }
    return VIR_DOMAIN_HOSTREC_DEPRECATED_QEMU;
}

int
hostrecDomxmlGetCaps(const virDomainDef *dom,
                     bool daemon,
                     bool remote,
                     virQEMUCaps **caps,
                     char **emulator,
                     hostrecCapsSource *source)
{
    hostrecCapsSource src0 = HOSTREC_CAPS_SOURCE_PROBE;
    const qemuDriverConfig *cfg = hostrecDriverConfig();
    g_autoptr(virQEMUCaps) qemuCaps = NULL;
    g_autofree char *binary = NULL;

    if (cfg->replay) {
        if (qemuDriverGetDomainCaps(cfg, dom, &qemuCaps, &binary) < 0)
            return -1;
        src0 = HOSTREC_CAPS_SOURCE_REPLAY;
    } else if (daemon && !cfg->emulatorbin && !hostrecDomxmlEmulatorIsLocal(dom, remote)) {
        /* A remote daemon's <emulator> is a path of another machine:
         * probing a binary of the same name here would describe the
         * wrong QEMU; the daemon itself can tell (libvirt >= 11.0). */
#if WITH_LIBVIRT
        if (hostrecDomxmlDaemonCaps(dom, &qemuCaps) < 0)
            return -1;
        binary = g_strdup(dom->emulator ? dom->emulator : qemuCaps->binary);
        src0 = HOSTREC_CAPS_SOURCE_LIBVIRT;
#else
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", _("no libvirt in this build"));
        return -1;
#endif
    } else {
        if (qemuDriverGetDomainCaps(cfg, dom, &qemuCaps, &binary) < 0)
            return -1;
    }

    if (daemon && src0 != HOSTREC_CAPS_SOURCE_LIBVIRT) {
        g_autofree char *version = virQEMUCapsFormatVersion(qemuCaps);
        const char *name = dom->name ? dom->name : "";

        if (cfg->replay)
            hostrecNote(_("deprecated features of domain '%s' from the recording '%s' (QEMU %s)"),
                        name, cfg->replay, version);
        else
            hostrecNote(_("deprecated features of domain '%s' from hostrec's probe of '%s' (QEMU %s)"),
                        name, binary, version);
    }

    *caps = g_steal_pointer(&qemuCaps);
    *emulator = g_steal_pointer(&binary);
    if (source)
        *source = src0;
    return 0;
}

int
hostrecDomxmlPrepare(const char *path,
                     unsigned int loadFlags,
                     virDomainDef **def,
                     virQEMUCaps **caps,
                     char **emulator,
                     hostrecCapsSource *source)
{
    bool daemon = hostrecDomainFromLibvirt() || (loadFlags & HOSTREC_DOMAIN_CONNECTED);
    g_autoptr(virDomainDef) dom = NULL;

    /* before the domain is read: the options are wrong whatever it holds */
    if (qemuDriverCheckConfig(hostrecDriverConfig()) < 0)
        return -1;

    if (!(dom = hostrecDomainLoad(path, loadFlags)))
        return -1;

    if (daemon && (loadFlags & HOSTREC_DOMAIN_CONNECTED) && path &&
        hostrecDomainPrepareConnected() < 0)
        return -1;

    if (hostrecDomxmlGetCaps(dom, daemon, hostrecDomainIsRemote(),
                             caps, emulator, source) < 0)
        return -1;

    *def = g_steal_pointer(&dom);
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

    if (hostrecDomxmlPrepare(argc > 1 ? argv[1] : NULL, 0, &def, &caps, &emulator, NULL) < 0)
        return -1;

    if (!(cmd = qemuBuildCommandLine(hostrecDriverConfig(), def, caps, emulator)))
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
    .domainDescription = N_("With --domain, the XML of a libvirt domain (the "
                            "live one of a running domain, as virsh reads it) "
                            "is used instead of DOMAIN.xml; its emulator is "
                            "probed here when it can be run here, else the "
                            "daemon is asked (libvirt 11.0 or newer)."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecDomainOptionEntries,
    .minArgs = 2,
    .maxArgs = 2,
    .domainArg = true,
    .run = hostrecRunDomxmlToNative,
};
