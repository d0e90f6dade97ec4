/*
 * hostrec-convert.c: "hostrec convert --domain NAME [--dry-run] [QEMU-OPTIONS]"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Turn the inactive definition of an existing libvirt domain whose CPU is
 * host-model (or that hostrec recorded as host-recommended) into the
 * expanded host-recommended CPU, over the -c/--connect connection: the
 * diff of the <cpu> element first, then one virDomainDefineXML of the
 * whole new definition (hostrec-reexpand.h), in which only <cpu> and
 * hostrec's <metadata> element differ from what libvirt gave.  Built
 * only with libvirt.
 */

#include "internal.h"

#if WITH_LIBVIRT

# include <stdio.h>

# include "hostrec.h"
# include "hostrec-reexpand.h"
# include "qemu_driver.h"
# include "virerror.h"

static char *convertDomain;
static gboolean convertDryRun;

static const GOptionEntry hostrecConvertOptionEntries[] = {
    { "domain", 0, 0, G_OPTION_ARG_STRING, &convertDomain,
      N_("the libvirt domain to convert (name, UUID or ID, over -c/--connect)"),
      N_("DOMAIN") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &convertDryRun,
      N_("print the change of <cpu> only; define nothing"), NULL },
    { NULL }
};

static int
hostrecRunConvert(int argc G_GNUC_UNUSED,
                  char **argv G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(hostrecConnDomain) dom = NULL;
    g_autoptr(hostrecReexpand) re = NULL;

    /* before connecting: the options are wrong whatever the domain */
    if (qemuDriverCheckConfig(hostrecDriverConfig()) < 0)
        return -1;
    if (!convertDomain) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("convert needs --domain NAME: the libvirt domain to convert"));
        return -1;
    }
    if (!(conn = hostrecConnOpen(NULL)) ||
        !(dom = hostrecConnLookupDomain(conn, convertDomain)) ||
        hostrecReexpandDomain(conn, dom, HOSTREC_REEXPAND_CONVERT,
                              convertDryRun ? HOSTREC_REEXPAND_PREVIEW : 0, &re) < 0)
        return -1;

    if (*re->cpuDiff && hostrecPrintText(re->cpuDiff) < 0)
        return -1;
    if (!re->changed) {
        printf(_("Domain '%s' already has this host-recommended CPU: nothing to change\n"),
               re->name);
        return hostrecFlushOutput();
    }
    if (convertDryRun) {
        printf(_("Domain '%s' not changed (--dry-run)\n"), re->name);
        return hostrecFlushOutput();
    }

    if (hostrecReexpandDefine(conn, dom, re) < 0)
        return -1;
    printf(_("Domain '%s' converted to host-recommended\n"), re->name);
    if (re->running)
        hostrecNote(_("domain '%s' is running: its new CPU takes effect at its next cold start (shut it down, then start it; a reboot keeps the old CPU)"),
                    re->name);
    return hostrecFlushOutput();
}

const hostrecCommand hostrecCmdConvert = {
    .name = "convert",
    .args = "",
    .summary = N_("turn a libvirt domain's host-model CPU into host-recommended"),
    .description = N_("Read the inactive definition of the libvirt domain --domain "
                      "names (over -c/--connect), whose CPU is host-model or was "
                      "recorded by hostrec as host-recommended, expand "
                      "host-recommended with the domain's emulator, print the "
                      "change of the <cpu> element as a unified diff and define "
                      "the new definition, in which only <cpu> and hostrec's "
                      "<metadata> element differ.  A running domain keeps its CPU "
                      "until its next cold start.  --dry-run prints the diff only.  "
                      "The QEMU data come from the same places as for --domain: "
                      "--replay, else --emulatorbin, else the domain's emulator, "
                      "else a remote daemon's domain capabilities."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecConvertOptionEntries,
    .minArgs = 0,
    .maxArgs = 0,
    .run = hostrecRunConvert,
};

#endif /* WITH_LIBVIRT */
