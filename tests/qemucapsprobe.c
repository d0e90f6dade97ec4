/*
 * qemucapsprobe.c: make a recording for tests/qemucapabilitiesdata
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not a test: a helper built with the tests.
 *
 *   qemucapsprobe BINARY RECORDING.replies
 *       probe BINARY live (no cache), record the QMP traffic
 *   qemucapsprobe --replay RECORDING.replies
 *       probe a recording
 *
 * Either way the capabilities are printed as cache XML (no volatile data).
 *
 *   qemucapsprobe --expand BINARY RECORDING.replies MODEL...
 *       start BINARY under TCG and record query-version and the static
 *       and full expansion of each MODEL: the raw material that
 *       qemucapabilitiesdata/synthesize.py builds KVM hosts from.
 */

#include "internal.h"

#include <stdio.h>

#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "qemu_monitor_json.h"
#include "virerror.h"

static int
expandModels(const char *binary,
             const char *recording,
             char **models)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autofree char *package = NULL;
    unsigned int major;
    unsigned int minor;
    unsigned int micro;
    size_t i;
    int type;

    if (!(src = qemuMonitorSourceNewLive(binary, 30, recording)) ||
        !(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)) ||
        qemuMonitorGetVersion(mon, &major, &minor, &micro, &package) < 0)
        return -1;

    for (i = 0; models[i]; i++) {
        for (type = 0; type < QEMU_MONITOR_CPU_MODEL_EXPANSION_LAST; type++) {
            const qemuMonitorCPUModelArg arg = { .name = models[i] };
            g_autoptr(qemuMonitorCPUModelInfo) info = NULL;

            if (qemuMonitorGetCPUModelExpansion(mon, type, &arg, &info, NULL) < 0)
                return -1;
        }
    }

    if (qemuMonitorClose(mon) < 0)
        return -1;
    return qemuMonitorSourceFinishRecording(src);
}


int
main(int argc, char **argv)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *xml = NULL;

    if (argc >= 5 && STREQ(argv[1], "--expand")) {
        if (expandModels(argv[2], argv[3], argv + 4) < 0) {
            fprintf(stderr, "%s\n", virGetLastErrorMessage());
            return 1;
        }
        return 0;
    }

    if (argc != 3) {
        fprintf(stderr, "usage: %s BINARY RECORDING | --replay RECORDING | --expand BINARY RECORDING MODEL...\n", argv[0]);
        return 2;
    }

    if (STREQ(argv[1], "--replay"))
        src = qemuMonitorSourceNewReplay(argv[2]);
    else
        src = qemuMonitorSourceNewLive(argv[1], 30, argv[2]);

    if (!src || virQEMUCapsProbe(src, &caps) < 0 ||
        (qemuMonitorSourceIsLive(src) && qemuMonitorSourceFinishRecording(src) < 0)) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return 1;
    }

    xml = virQEMUCapsFormatCache(caps, NULL);
    fputs(xml, stdout);
    return 0;
}
