/*
 * qemu_driver.c: where a command's QEMU data comes from, decided once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <sys/stat.h>

#include "qemu_capscache.h"
#include "qemu_driver.h"
#include "qemu_host.h"
#include "virerror.h"


int
qemuDriverCheckConfig(const qemuDriverConfig *cfg)
{
    if (cfg->replay && cfg->record) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--record cannot be used with --replay: a recording records a live probe"));
        return -1;
    }
    return 0;
}


char *
qemuDriverFindEmulator(const qemuDriverConfig *cfg,
                       const char *emulator,
                       const char *arch)
{
    const char *given = cfg->emulatorbin ? cfg->emulatorbin : emulator;
    g_autofree char *name = NULL;
    char *path;

    if (given) {
        struct stat sb;

        if (!(path = qemuHostFindBinary(given)))
            return NULL;
        /* one message for a missing binary, whichever command runs it */
        if (stat(path, &sb) < 0) {
            virReportSystemError(errno, _("Cannot access the QEMU binary '%s'"), path);
            g_free(path);
            return NULL;
        }
        return path;
    }

    if (!(path = qemuHostFindDefaultEmulator(arch))) {
        name = qemuHostEmulatorName(arch);
        virReportError(VIR_ERR_INVALID_ARG,
                       _("cannot find the emulator '%s' in PATH: install it or name one with --emulatorbin"),
                       name);
    }
    return path;
}


int
qemuDriverGetCaps(const qemuDriverConfig *cfg,
                  const char *emulator,
                  const char *arch,
                  virQEMUCaps **caps,
                  char **path)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) probed = NULL;
    g_autofree char *binary = NULL;

    if (qemuDriverCheckConfig(cfg) < 0)
        return -1;

    if (cfg->replay) {
        if (!(src = qemuMonitorSourceNewReplay(cfg->replay)) ||
            virQEMUCapsProbe(src, &probed) < 0)
            return -1;
        /* A recording knows no path: show the one given, or the usual
         * one, as libvirt's own tests do. */
        if (cfg->emulatorbin)
            *path = g_strdup(cfg->emulatorbin);
        else if (emulator)
            *path = g_strdup(emulator);
        else
            *path = qemuHostEmulatorDefaultPath(probed->arch);
        *caps = g_steal_pointer(&probed);
        return 0;
    }

    if (!(binary = qemuDriverFindEmulator(cfg, emulator, arch)) ||
        virQEMUCapsCacheLookup(binary, cfg->noCache, cfg->probeTimeout,
                               cfg->record, &probed) < 0)
        return -1;
    *caps = g_steal_pointer(&probed);
    *path = g_steal_pointer(&binary);
    return 0;
}


/* Whether the <cpu> of @def names a model and enables a feature: the
 * guests whose expansion needs the per-model feature sets. */
static bool
qemuDriverDomainNeedsModelTable(const virDomainDef *def)
{
    size_t i;

    if (!def->cpu || !def->cpu->model)
        return false;
    for (i = 0; i < def->cpu->nfeatures; i++) {
        if (virCPUFeaturePolicyIsEnabled(def->cpu->features[i].policy))
            return true;
    }
    return false;
}


int
qemuDriverGetDomainCaps(const qemuDriverConfig *cfg,
                        const virDomainDef *def,
                        virQEMUCaps **caps,
                        char **path)
{
    g_autoptr(virQEMUCaps) got = NULL;
    g_autofree char *binary = NULL;

    if (qemuDriverGetCaps(cfg, def->emulator, def->arch, &got, &binary) < 0)
        return -1;
    if (!cfg->replay && qemuDriverDomainNeedsModelTable(def) &&
        virQEMUCapsCacheAddModelTable(got, binary, cfg->noCache, cfg->probeTimeout) < 0)
        return -1;
    *caps = g_steal_pointer(&got);
    *path = g_steal_pointer(&binary);
    return 0;
}


qemuMonitorSource *
qemuDriverOpenSource(const qemuDriverConfig *cfg,
                     const char *arch)
{
    g_autofree char *binary = NULL;

    if (qemuDriverCheckConfig(cfg) < 0)
        return NULL;
    if (cfg->replay)
        return qemuMonitorSourceNewReplay(cfg->replay);
    if (!(binary = qemuDriverFindEmulator(cfg, NULL, arch)))
        return NULL;
    return qemuMonitorSourceNewLive(binary, cfg->probeTimeout, cfg->record);
}
