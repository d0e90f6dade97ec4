/*
 * hostrec-hypervisor-cpu-compare.c: "hostrec hypervisor-cpu-compare"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like virsh hypervisor-cpu-compare: is the (first) CPU of FILE
 * identical to, a subset of, or incompatible with the CPU the hypervisor
 * offers on this host?  Under TCG the host CPU is QEMU's "max" model
 * (libvirt 9.0 refuses to compare there).  Same words and exit status as
 * virsh: 0 for identical and superset, 1 for incompatible.  hostrec also
 * names the features QEMU holds responsible.
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>

#include "hostrec.h"
#include "qemu_cpu_baseline.h"
#include "virerror.h"

static gboolean hostrecCompareJSON;

static const GOptionEntry hostrecCompareOptionEntries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &hostrecCompareJSON,
      N_("print the verdict and the responsible features as JSON (schema version 1)"), NULL },
    { NULL }
};

static int
hostrecRunHypervisorCPUCompare(int argc G_GNUC_UNUSED,
                               char **argv)
{
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_auto(GStrv) responsible = NULL;
    g_autofree char *joined = NULL;
    qemuCPUCompareResult result;
    qemuMonitorAccel accel;
    const char *from = argv[0];
    int ret = 0;

    if (hostrecHypervisorCPURead(from, &list) < 0)
        return -1;

    if (hostrecHypervisorCPUOpen(list, &src, &mon, &accel) < 0)
        return -1;

    if (qemuCPUCompare(mon, list->cpus[0], qemuCPUHostModelName(accel),
                       &result, &responsible) < 0)
        return -1;

    if (hostrecHypervisorCPUClose(src, mon) < 0)
        return -1;

    if (hostrecCompareJSON) {
        g_autofree char *json = NULL;

        if (result >= QEMU_CPU_COMPARE_LAST) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("unexpected CPU comparison result '%d'"), result);
            return -1;
        }
        json = qemuCPUCompareFormatJSON(result, list->cpus[0]->model,
                                        qemuMonitorAccelTypeToString(accel),
                                        qemuCPUHostModelName(accel), responsible);
        if (hostrecPrintText(json) < 0)
            return -1;
        return result == QEMU_CPU_COMPARE_INCOMPATIBLE ? 1 : 0;
    }

    switch (result) {
    case QEMU_CPU_COMPARE_IDENTICAL:
        printf(_("CPU described in %s is identical to the CPU provided by hypervisor on the host\n"),
               from);
        break;
    case QEMU_CPU_COMPARE_SUPERSET:
        printf(_("The CPU provided by hypervisor on the host is a superset of CPU described in %s\n"),
               from);
        break;
    case QEMU_CPU_COMPARE_INCOMPATIBLE:
        printf(_("CPU described in %s is incompatible with the CPU provided by hypervisor on the host\n"),
               from);
        ret = 1;
        break;
    case QEMU_CPU_COMPARE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected CPU comparison result '%d'"), result);
        return -1;
    }

    if (responsible && responsible[0]) {
        joined = g_strjoinv(" ", responsible);
        printf(_("Responsible features: %s\n"), joined);
    }

    if (hostrecFlushOutput() < 0)
        return -1;
    return ret;
}

const hostrecCommand hostrecCmdHypervisorCPUCompare = {
    .name = "hypervisor-cpu-compare",
    .args = "FILE",
    .summary = N_("compare a CPU with the CPU the hypervisor offers on the host"),
    .description = N_("Compare the first CPU in FILE ('-' for standard input; the "
                      "same kinds of input as hypervisor-cpu-baseline) with the "
                      "host CPU of the virt type: QEMU's 'host' model under KVM, "
                      "'max' under TCG; the default virt type is the one of "
                      "every command (see --virttype).  Prints virsh's verdict (identical, the "
                      "host is a superset, or incompatible) and then the features "
                      "QEMU names as responsible for a difference ('type' means "
                      "the CPU generation).  --json prints the same as JSON for "
                      "scripts (schema: docs/migration.rst).  Exit status as virsh: 0 "
                      "when the host can run the CPU, 1 when it cannot or on error."),
    .options = hostrecQEMUOptionEntries,
    .targetOptions = hostrecTargetOptionEntries,
    .extraOptions = hostrecCompareOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .run = hostrecRunHypervisorCPUCompare,
};
