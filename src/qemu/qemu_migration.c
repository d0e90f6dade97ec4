/*
 * qemu_migration.c: the offline migration check of a domain between two
 * hosts' QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_migration.h"
#include "qemu_capscache.h"
#include "qemu_command.h"
#include "qemu_replay.h"
#include "virerror.h"
#include "virfile.h"


int
qemuMigrationLoadCaps(const char *path,
                      virQEMUCaps **caps)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autofree char *data = NULL;
    size_t len = 0;
    const char *p;

    /* a recording may be as large as the replay reader allows, and one
     * over that is refused before it is read */
    if (qemuReplayCheckSize(path) < 0 ||
        virFileReadLimited(path, QEMU_REPLAY_MAX_FILE_SIZE, &data, &len) < 0)
        return -1;
    for (p = data; p < data + len && g_ascii_isspace(*p); p++)
        ;
    if (p < data + len && *p == '<')
        return virQEMUCapsParseCache(data, len, path, caps, NULL);

    if (!(src = qemuMonitorSourceNewReplay(path)))
        return -1;
    return virQEMUCapsProbe(src, caps);
}


int
qemuMigrationHostInit(virCPUMigrationHost *host,
                      const virQEMUCaps *caps,
                      virDomainVirtType virtType,
                      bool destination,
                      const char *name,
                      const char *version)
{
    const char *virtTypeStr = virDomainVirtTypeToString(virtType);
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, virtType);
    bool full = false;
    size_t i;

    if (!destination && !accel) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the source '%s' has no data for virt type '%s'"),
                       name, virtTypeStr);
        return -1;
    }
    if (destination && (!accel || !accel->hostCPU)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the destination '%s' has no host CPU for virt type '%s'"),
                       name, virtTypeStr);
        return -1;
    }

    host->name = name;
    host->qemuVersion = version;
    host->hostCPU = accel->hostCPU;
    host->modelTable = caps->modelTable;

    /* Every virt type of one binary knows the same props; only a full
     * expansion lists all of them. */
    for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++) {
        const virQEMUCapsAccel *a = virQEMUCapsGetAccel(caps, i);

        if (a && a->hostCPU && a->hostCPU->nfullProps > 0)
            full = true;
    }
    if (full) {
        host->props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++) {
            const virQEMUCapsAccel *a = virQEMUCapsGetAccel(caps, i);

            if (a)
                virCPUHostModelCollectProps(a->hostCPU, host->props);
        }
    }

    if (accel->hasModels) {
        host->models = g_hash_table_new(g_str_hash, g_str_equal);
        for (i = 0; i < accel->nmodels; i++)
            g_hash_table_insert(host->models, accel->models[i].name,
                                accel->models[i].blockers);
    }

    if (accel->nmachines > 0) {
        host->machines = g_hash_table_new(g_str_hash, g_str_equal);
        for (i = 0; i < accel->nmachines; i++)
            g_hash_table_add(host->machines, accel->machines[i].name);
    }
    return 0;
}


/* The machine type @def runs with on the source: its <os><type
 * machine=''> or QEMU's default, an alias resolved to the machine it
 * stands for (what QEMU reports in query-machines, and what libvirt
 * writes into the live XML).  *@machine is NULL when the source listed no
 * machines; an unknown name is an error, as at start. */
static int
qemuMigrationResolveMachine(const virDomainDef *def,
                            const virQEMUCaps *caps,
                            const virQEMUCapsAccel *accel,
                            const char *name,
                            const char *version,
                            const char **machine)
{
    const virQEMUCapsMachine *m;

    *machine = NULL;
    if (accel->nmachines == 0)
        return 0;

    if (!(m = virQEMUCapsGetMachine(caps, def->virtType, def->machine))) {
        if (def->machine) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the guest cannot start on the source '%s': machine '%s' is not known to QEMU %s"),
                           name, def->machine, version);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the guest cannot start on the source '%s': QEMU %s has no default machine"),
                           name, version);
        }
        return -1;
    }
    *machine = m->name;
    return 0;
}


/* What makes a check meaningless, rather than a verdict: no CPU to
 * check, a CPU that is each host's own, hosts of different arches.  A
 * domain without <cpu> runs the default CPU of its machine on the source
 * (qemuDomainGetGuestCPU), as domxml-to-native gives it; that CPU is
 * checked.  Sets *@mode to the mode of the CPU checked. */
static int
qemuMigrationCheckDomain(const virDomainDef *def,
                         const virQEMUCaps *src,
                         const virQEMUCaps *dst,
                         virCPUMode *mode)
{
    g_autoptr(virCPUDef) cpu = NULL;

    if (dst && src->arch && dst->arch && STRNEQ(src->arch, dst->arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the source runs '%s' guests but the destination '%s' guests"),
                       src->arch, dst->arch);
        return -1;
    }

    qemuDomainGetGuestCPU(def, src, &cpu);
    if (!cpu) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the domain in '%s' has no <cpu>, and the source QEMU names no default CPU for its machine type that libvirt would use: there is no CPU to check"),
                       NULLSTR(def->sourceName));
        return -1;
    }
    *mode = cpu->mode;

    switch ((virCPUMode) cpu->mode) {
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("a guest with CPU mode '%s' cannot be checked: its CPU is whatever each host has"),
                       virCPUModeTypeToString(cpu->mode));
        return -1;
    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
        break;
    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected CPU mode '%d'."), cpu->mode);
        return -1;
    }
    return 0;
}


int
qemuMigrationExpandGuest(const qemuDriverConfig *cfg,
                         const virDomainDef *def,
                         const virQEMUCaps *src,
                         const char *srcName,
                         const char *srcVersion,
                         virCPUDef **cpu,
                         virCPUMigrationGuest *guest)
{
    const virQEMUCapsAccel *srcAccel = virQEMUCapsGetAccel(src, def->virtType);
    virCPUMode mode;

    if (qemuMigrationCheckDomain(def, src, NULL, &mode) < 0)
        return -1;
    if (!srcAccel) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the source '%s' has no data for virt type '%s'"),
                       srcName, virDomainVirtTypeToString(def->virtType));
        return -1;
    }
    if (qemuDomainExpandCPU(cfg, def, src, srcName, cpu) < 0)
        return -1;

    memset(guest, 0, sizeof(*guest));
    guest->virtType = def->virtType;
    guest->mode = mode;
    guest->cpu = *cpu;
    guest->machineRequested = def->machine;
    return qemuMigrationResolveMachine(def, src, srcAccel, srcName, srcVersion,
                                       &guest->machine);
}


int
qemuMigrationCheck(const qemuDriverConfig *cfg,
                   const virDomainDef *def,
                   const virQEMUCaps *src,
                   const char *srcName,
                   const virQEMUCaps *dst,
                   const char *dstName,
                   virCPUMigrationResult **result)
{
    g_autoptr(virCPUDef) cpu = NULL;
    g_autofree char *srcVersion = virQEMUCapsFormatVersion(src);
    g_autofree char *dstVersion = virQEMUCapsFormatVersion(dst);
    g_auto(virCPUMigrationHost) srcHost = { 0 };
    g_auto(virCPUMigrationHost) dstHost = { 0 };
    virCPUMigrationGuest guest = { 0 };
    virCPUMode mode;

    if (qemuMigrationCheckDomain(def, src, dst, &mode) < 0)
        return -1;

    if (qemuMigrationHostInit(&srcHost, src, def->virtType, false, srcName, srcVersion) < 0 ||
        qemuMigrationHostInit(&dstHost, dst, def->virtType, true, dstName, dstVersion) < 0)
        return -1;

    if (qemuMigrationExpandGuest(cfg, def, src, srcName, srcVersion, &cpu, &guest) < 0)
        return -1;

    return virCPUMigrationCheck(&guest, &srcHost, &dstHost, result);
}
