/*
 * hostrec-hypervisor-cpu-baseline.c: "hostrec hypervisor-cpu-baseline"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like virsh hypervisor-cpu-baseline: the CPU model every given CPU can
 * run, as QEMU computes it.  All questions go to ONE QEMU process.
 * hostrecHypervisorCPUOpen() is shared with hypervisor-cpu-compare.
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostrec.h"
#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "cpu_baseline.h"
#include "qemu_cpu_baseline.h"
#include "qemu_monitor_json.h"
#include "qemu_domaincaps.h"
#include "qemu_driver.h"
#include "qemu_host.h"
#include "virerror.h"
#include "virfile.h"

/* A fleet description is small; this bounds hostile input. */
#define HOSTREC_CPU_INPUT_MAX_SIZE (64 * 1024 * 1024)

static gboolean hostrecBaselineFeatures;
static gboolean hostrecBaselineMigratable;
static gboolean hostrecBaselineDisableDeprecated;
static gboolean hostrecBaselineLive;
static gboolean hostrecBaselineOffline;

static const GOptionEntry hostrecBaselineOptionEntries[] = {
    { "features", 0, 0, G_OPTION_ARG_NONE, &hostrecBaselineFeatures,
      N_("list every feature of the baseline CPU, not only those beyond its model"), NULL },
    { "migratable", 0, 0, G_OPTION_ARG_NONE, &hostrecBaselineMigratable,
      N_("leave out features that block migration, as virsh does (on s390x none do, so the result is unchanged)"), NULL },
    { "disable-deprecated-features", 0, 0, G_OPTION_ARG_NONE,
      &hostrecBaselineDisableDeprecated,
      N_("give QEMU's deprecated features and their dependents policy 'disable'"), NULL },
    { "live", 0, 0, G_OPTION_ARG_NONE, &hostrecBaselineLive,
      N_("fold QEMU's query-cpu-model-baseline over the CPUs (one query per distinct CPU)"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &hostrecBaselineOffline,
      N_("compute the baseline from QEMU's per-model feature sets, as QEMU would (s390x)"), NULL },
    { NULL }
};


int
hostrecHypervisorCPURead(const char *path,
                         virCPUDefList **list)
{
    g_autofree char *data = NULL;
    size_t len = 0;
    const char *name = STREQ(path, "-") ? _("standard input") : path;

    if (virFileReadLimited(path, HOSTREC_CPU_INPUT_MAX_SIZE, &data, &len) < 0)
        return -1;
    return virCPUDefListParse(data, len, name, list);
}


int
hostrecHypervisorCPUOpen(const virCPUDefList *list,
                         qemuMonitorSource **retSrc,
                         qemuMonitor **retMon,
                         qemuMonitorAccel *accel)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autofree char *target = NULL;
    const char *arch = opts->arch;
    virDomainVirtType want;
    virDomainVirtType virtType;

    if (opts->arch && list->arch &&
        STRNEQ(qemuHostArchToQEMU(opts->arch),
               qemuHostArchToQEMU(list->arch))) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("--arch '%s' does not match the arch '%s' of the CPU definitions"),
                       opts->arch, list->arch);
        return -1;
    }
    /* the arch whose QEMU baselines and compares (the arch drivers say:
     * s390x) is the default when neither --arch nor the input names one */
    if (!arch)
        arch = list->arch ? list->arch : virCPUGetQEMUBaselineArch();
    arch = qemuHostArchToQEMU(arch);

    if (!(src = qemuDriverOpenSource(hostrecDriverConfig(), arch)))
        return -1;

    if (opts->virttype && virQEMUCapsParseVirtType(opts->virttype, &want) < 0)
        return -1;

    /* The default virt type is the one rule of every command. */
    if (virQEMUCapsOpenSession(src, opts->virttype ? &want : NULL,
                               opts->machine, &mon, &virtType) < 0)
        return -1;
    *accel = qemuHostVirtTypeToAccel(virtType);

    if (qemuMonitorGetTarget(mon, &target) < 0)
        return -1;
    if (STRNEQ(target, arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the CPU definitions are for arch '%s' but '%s' runs '%s' guests"),
                       arch, qemuMonitorGetName(mon), target);
        return -1;
    }
    if (virCPUCheckQEMUBaselineArch(target) < 0)
        return -1;

    *retSrc = g_steal_pointer(&src);
    *retMon = g_steal_pointer(&mon);
    return 0;
}


int
hostrecHypervisorCPUClose(qemuMonitorSource *src,
                          qemuMonitor *mon)
{
    if (qemuMonitorClose(mon) < 0)
        return -1;
    if (hostrecQEMUOpts.driver.record && qemuMonitorSourceFinishRecording(src) < 0)
        return -1;
    return 0;
}


static int
hostrecRunHypervisorCPUBaseline(int argc G_GNUC_UNUSED,
                                char **argv)
{
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(virCPUDef) result = NULL;
    g_autoptr(GString) xml = g_string_new(NULL);
    qemuMonitorAccel accel;

    if (hostrecBaselineLive && hostrecBaselineOffline) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--live and --offline cannot be used together"));
        return -1;
    }

    if (hostrecHypervisorCPURead(argv[0], &list) < 0)
        return -1;

    if (hostrecHypervisorCPUOpen(list, &src, &mon, &accel) < 0)
        return -1;

    virCPUDefListRemoveDuplicates(list);
    /* Offline is the default: the per-model feature sets come from the
     * cache entry of the binary, or are probed once and cached there, or
     * come from the recording. */
    if (hostrecBaselineLive) {
        if (qemuCPUBaseline(mon, list, hostrecBaselineFeatures, &result) < 0)
            return -1;
    } else {
        g_autoptr(virCPUModelTable) table = NULL;
        bool replay = !qemuMonitorSourceIsLive(src);
        g_autofree char *emulator = g_strdup_printf("QEMU '%s'", qemuMonitorGetName(mon));
        int rc;

        if (replay) {
            rc = qemuCPUGetModelTable(mon, emulator, &table);
        } else {
            rc = virQEMUCapsCacheModelTable(qemuMonitorSourceGetName(src),
                                            hostrecQEMUOpts.driver.noCache,
                                            hostrecQEMUOpts.driver.record != NULL,
                                            hostrecQEMUOpts.driver.probeTimeout,
                                            mon, emulator, &table);
        }
        if (rc < 0) {
            /* only a recording that lacks the feature sets falls back */
            if (!replay || virGetLastErrorCode() != VIR_ERR_NO_REPLY)
                return -1;
            virResetLastError();
            /* a recording made before the offline baseline holds QEMU's
             * own baseline replies, if any: use them */
            if (hostrecBaselineOffline ||
                qemuCPUBaseline(mon, list, hostrecBaselineFeatures, &result) < 0) {
                if (!hostrecBaselineOffline && virGetLastErrorCode() != VIR_ERR_NO_REPLY)
                    return -1;
                virResetLastError();
                virReportError(VIR_ERR_NO_REPLY,
                               _("the recording '%s' holds no per-model CPU feature sets for an offline baseline%s; record one with 'hostrec hypervisor-cpu-baseline --offline --record FILE'"),
                               qemuMonitorGetName(mon),
                               hostrecBaselineOffline ? "" : _(" and no replies to this baseline"));
                return -1;
            }
        } else if (qemuCPUBaselineOffline(mon, table, list, hostrecBaselineFeatures,
                                          replay, &result) < 0) {
            /* one query puts the features in QEMU's order (a recording
             * without it keeps the table's) */
            return -1;
        }
    }

    if (hostrecBaselineDisableDeprecated) {
        g_auto(GStrv) deprecated = NULL;
        const char *host = qemuCPUHostModelName(accel);

        if (qemuCPUGetDeprecatedProps(mon, host, &deprecated) < 0)
            return -1;
        if (!deprecated) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           _("QEMU '%s' does not report deprecated CPU features (QEMU 9.1 or later does), so --disable-deprecated-features cannot be honoured"),
                           qemuMonitorGetName(mon));
            return -1;
        }
        /* the arch hostrecHypervisorCPUOpen() checked */
        virCPUBaselineDisableDeprecated(result, virCPUGetQEMUBaselineArch(), deprecated);
    }

    if (hostrecHypervisorCPUClose(src, mon) < 0)
        return -1;

    virCPUDefFormatBuf(xml, result, 0, VIR_CPU_FORMAT_HOST);
    return hostrecPrintText(xml->str);
}

const hostrecCommand hostrecCmdHypervisorCPUBaseline = {
    .name = "hypervisor-cpu-baseline",
    .args = "FILE",
    .summary = N_("compute the CPU model every given CPU can run"),
    .description = N_("Print the baseline CPU of the CPUs in FILE ('-' for standard "
                      "input) as 'virsh hypervisor-cpu-baseline' does.  FILE holds "
                      "bare <cpu> elements one after another, or domain, "
                      "capabilities or domain capabilities documents.  Identical "
                      "CPUs count once.  The baseline is QEMU's (s390x only): "
                      "computed offline from QEMU's per-model CPU feature sets "
                      "(probed in one QEMU process, or read from a recording), or "
                      "with --live by folding QEMU's query-cpu-model-baseline over "
                      "the CPUs in one QEMU process.  Offline, one query-cpu-model-baseline "
                      "of the result with itself puts its features in QEMU's order, "
                      "as --live prints them (a recording without that reply keeps "
                      "the order of the feature sets).  Offline is the default: the "
                      "feature sets are probed once per QEMU binary and kept in "
                      "its cache entry (unless --no-cache); a recording without "
                      "them falls back to the baseline replies it holds.  With "
                      "--features every feature of the result is listed.  With "
                      "--disable-deprecated-features the features QEMU reports as "
                      "deprecated for the host CPU, and those that require them, "
                      "get policy 'disable'; a QEMU older than 9.1 reports none, "
                      "and the command then fails rather than print a CPU that "
                      "still has them.  The arch defaults to the one the input names, else s390x."),
    .options = hostrecQEMUOptionEntries,
    .targetOptions = hostrecTargetOptionEntries,
    .extraOptions = hostrecBaselineOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .run = hostrecRunHypervisorCPUBaseline,
};
