/*
 * hostrec-refresh.c: "hostrec refresh --all | --domain NAME [QEMU-OPTIONS]"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Expand host-recommended again for every libvirt domain whose hostrec
 * <metadata> element says host-recommended (after a QEMU or host change
 * the deprecated set, the model or the features may differ), and report
 * one line per domain: unchanged, updated (what changed), or failed
 * (why).  Each domain is written in one virDomainDefineXML of its whole
 * new definition, built and read back first (hostrec-reexpand.h): a
 * failure leaves that domain as it was, and the others are still done.
 * Built only with libvirt.
 */

#include "internal.h"

#if WITH_LIBVIRT

# include <stdio.h>

# include "hostrec.h"
# include "domain_metadata.h"
# include "hostrec-reexpand.h"
# include "qemu_driver.h"
# include "virerror.h"

static char *refreshDomain;
static gboolean refreshAll;

static const GOptionEntry hostrecRefreshOptionEntries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &refreshAll,
      N_("every persistent domain whose hostrec metadata says host-recommended"), NULL },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &refreshDomain,
      N_("only this libvirt domain (name, UUID or ID, over -c/--connect)"),
      N_("DOMAIN") },
    { NULL }
};

/* Build the new definition of @dom and define it when it differs.
 * Returns 1 with *@re set, 0 when the domain has no hostrec metadata
 * saying host-recommended, -1 with an error. */
static int
hostrecRefreshDo(hostrecConn *conn,
                 hostrecConnDomain *dom,
                 hostrecReexpand **re)
{
    g_autoptr(hostrecReexpand) out = NULL;
    int rc;

    if ((rc = hostrecReexpandDomain(conn, dom, HOSTREC_REEXPAND_REFRESH, 0, &out)) < 0)
        return -1;
    if (rc == 1)
        return 0;
    if (out->changed && hostrecReexpandDefine(conn, dom, out) < 0)
        return -1;
    *re = g_steal_pointer(&out);
    return 1;
}

/* Refresh @dom and print its line.  Returns 1 when it was refreshed
 * (unchanged or updated), 0 when it is none of hostrec's (then with
 * @quiet nothing is printed) or was undefined meanwhile (@quiet: a run
 * over every domain, which lists it as gone), -1 when it failed. */
static int
hostrecRefreshOne(hostrecConn *conn,
                  hostrecConnDomain *dom,
                  bool quiet)
{
    g_autoptr(hostrecReexpand) re = NULL;
    g_autofree char *name = hostrecTextName(hostrecConnDomainGetName(dom));
    int rc = hostrecRefreshDo(conn, dom, &re);

    if (rc < 0 && quiet && virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
        printf(_("%s: gone (undefined while refresh ran)\n"), name);
        virResetLastError();
        return 0;
    }
    if (rc < 0) {
        printf(_("%s: failed (%s)\n"), name, virGetLastErrorMessage());
        virResetLastError();
        return -1;
    }
    if (rc == 0) {
        if (quiet)
            return 0;
        printf(_("%s: failed (it has no hostrec metadata saying host-recommended; 'hostrec convert' gives it that)\n"),
               name);
        return -1;
    }

    if (!re->changed)
        printf(_("%s: unchanged\n"), re->name);
    else if (!*re->changes && re->oldNamespace)
        printf(_("%s: updated (hostrec's metadata, into its namespace %s; the CPU is the same)\n"),
               re->name, VIR_DOMAIN_HOSTREC_METADATA_NS);
    else if (!*re->changes)
        printf(_("%s: updated (the record of the QEMU used; the CPU is the same)\n"), re->name);
    else if (re->running)
        printf(_("%s: updated (%s), from its next cold start\n"), re->name, re->changes);
    else
        printf(_("%s: updated (%s)\n"), re->name, re->changes);
    return 1;
}

static int
hostrecRunRefresh(int argc G_GNUC_UNUSED,
                  char **argv G_GNUC_UNUSED)
{
    g_autoptr(hostrecConn) conn = NULL;
    g_autoptr(GPtrArray) doms = NULL;
    size_t failed = 0;
    size_t done = 0;
    size_t i;

    /* before connecting: the options are wrong whatever the domains */
    if (qemuDriverCheckConfig(hostrecDriverConfig()) < 0)
        return -1;
    if (!refreshAll == !refreshDomain) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("refresh needs either --all or --domain NAME"));
        return -1;
    }
    if (!(conn = hostrecConnOpen(NULL)))
        return -1;

    if (refreshDomain) {
        hostrecConnDomain *dom = hostrecConnLookupDomain(conn, refreshDomain);

        doms = g_ptr_array_new_with_free_func((GDestroyNotify)hostrecConnDomainFree);
        if (!dom) {
            /* the domain's line, as for any other failure */
            g_autofree char *name = hostrecTextName(refreshDomain);

            printf(_("%s: failed (%s)\n"), name, virGetLastErrorMessage());
            virResetLastError();
            failed++;
        } else {
            g_ptr_array_add(doms, dom);
        }
    } else if (!(doms = hostrecConnListPersistentDomains(conn))) {
        return -1;
    }

    for (i = 0; i < doms->len; i++) {
        int rc = hostrecRefreshOne(conn, g_ptr_array_index(doms, i), refreshAll);

        if (rc < 0)
            failed++;
        else if (rc > 0)
            done++;
    }
    if (hostrecFlushOutput() < 0)
        return -1;
    if (failed) {
        g_autofree char *uri = hostrecTextName(hostrecConnGetURIName(conn));

        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("%zu of %zu domains on '%s' could not be refreshed; each was left as it was"),
                       failed, failed + done, uri);
        return -1;
    }
    if (done == 0 && refreshAll) {
        g_autofree char *uri = hostrecTextName(hostrecConnGetURIName(conn));

        printf(_("No domain on '%s' has hostrec metadata saying host-recommended\n"), uri);
        return hostrecFlushOutput();
    }
    return 0;
}

const hostrecCommand hostrecCmdRefresh = {
    .name = "refresh",
    .args = "",
    .summary = N_("expand host-recommended again for libvirt domains, after a QEMU or host change"),
    .description = N_("For every persistent libvirt domain (--all) or the one --domain "
                      "names, over -c/--connect, whose hostrec <metadata> element says "
                      "host-recommended: expand host-recommended again with the "
                      "domain's emulator and define the result when it differs.  One "
                      "line per domain: 'unchanged', 'updated (what changed)' or "
                      "'failed (why)'; a failed domain keeps its definition.  Exits "
                      "1 when any domain failed.  The QEMU data come from the same "
                      "places as for --domain: --replay, else --emulatorbin (for "
                      "every domain), else each domain's emulator, else a remote "
                      "daemon's domain capabilities."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecRefreshOptionEntries,
    .minArgs = 0,
    .maxArgs = 0,
    .run = hostrecRunRefresh,
};

#endif /* WITH_LIBVIRT */
