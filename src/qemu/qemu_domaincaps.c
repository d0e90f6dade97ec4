/*
 * qemu_domaincaps.c: domain capabilities from QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "qemu_domaincaps.h"
#include "cpu.h"
#include "cpu_policy.h"
#include "qemu_host.h"
#include "virerror.h"

int
qemuDomainCapsCheckArch(const virQEMUCaps *caps,
                        const char *arch)
{
    if (!arch)
        return 0;

    if (STRNEQ(qemuHostArchToQEMU(arch), qemuHostArchToQEMU(caps->arch))) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("the QEMU of '%s' emulates arch '%s', not the requested '%s'"),
                       caps->binary, caps->arch, arch);
        return -1;
    }
    return 0;
}

static bool
qemuDomainCapsKVMUsable(const virQEMUCaps *caps,
                        const char *hostArch)
{
    if (!caps->kvmAvailable || !virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM))
        return false;
    if (hostArch && STRNEQ(qemuHostArchToQEMU(caps->arch), hostArch))
        return false;
    return true;
}

int
qemuDomainCapsGetVirtType(const virQEMUCaps *caps,
                          const char *name,
                          const char *hostArch,
                          virDomainVirtType *virtType)
{
    virDomainVirtType type;

    if (!name) {
        type = virQEMUCapsDefaultVirtType(caps);
        if (type == VIR_DOMAIN_VIRT_KVM && !qemuDomainCapsKVMUsable(caps, hostArch))
            type = VIR_DOMAIN_VIRT_QEMU;
        *virtType = type;
        return 0;
    }

    if (virQEMUCapsParseVirtType(name, &type) < 0)
        return -1;

    switch (type) {
    case VIR_DOMAIN_VIRT_KVM:
        if (!qemuDomainCapsKVMUsable(caps, hostArch)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("virt type 'kvm' is not available for arch '%s' with the QEMU of '%s': use virt type 'qemu'"),
                           caps->arch, caps->binary);
            return -1;
        }
        break;
    case VIR_DOMAIN_VIRT_QEMU:
        if (!virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_QEMU)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the QEMU of '%s' was not probed for virt type 'qemu' (TCG)"),
                           caps->binary);
            return -1;
        }
        break;
    case VIR_DOMAIN_VIRT_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected virt type '%d'"), type);
        return -1;
    }

    *virtType = type;
    return 0;
}

/* The modes of host-passthrough and maximum. */
static void
qemuDomainCapsFillMigratable(virDomainCaps *domCaps,
                             virDomainVirtType virtType)
{
    virDomainCapsCPU *cpu = &domCaps->cpu;

    switch (virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        cpu->hostPassthrough = true;
        break;
    case VIR_DOMAIN_VIRT_QEMU:
    case VIR_DOMAIN_VIRT_LAST:
    default:
        cpu->hostPassthrough = false;
        break;
    }

    /* Only QEMU's x86 "host" CPU has a "migratable" property, so only
     * there can host-passthrough be made migratable (as libvirt says). */
    if (virCPUArchHasMigratable(domCaps->arch))
        cpu->hostPassthroughMigratable.values[cpu->hostPassthroughMigratable.nvalues++] =
            VIR_TRISTATE_SWITCH_ON;
    cpu->hostPassthroughMigratable.values[cpu->hostPassthroughMigratable.nvalues++] =
        VIR_TRISTATE_SWITCH_OFF;

    cpu->maximum = true;
    cpu->maximumMigratable.values[cpu->maximumMigratable.nvalues++] = VIR_TRISTATE_SWITCH_ON;
    cpu->maximumMigratable.values[cpu->maximumMigratable.nvalues++] = VIR_TRISTATE_SWITCH_OFF;
}

/* maximum is QEMU's "max" model, which a machine type that allows no
 * CPU model refuses too. */
static void
qemuDomainCapsClearMaximum(virDomainCaps *domCaps)
{
    domCaps->cpu.maximum = false;
    domCaps->cpu.maximumMigratable.nvalues = 0;
}

/* host-model: the static expansion, features sorted by name as libvirt
 * after 11.3 reports them (11.3 kept QEMU's order; only the order
 * differs, never the set).
 * --disable-deprecated-features then works as upstream's flag: every
 * feature of the deprecated set gets policy disable, changed in place
 * where listed and appended (in QEMU's order) where not. */
static int
qemuDomainCapsFillHostModel(virDomainCaps *domCaps,
                            const virCPUExpandContext *ctx,
                            const virCPUHostModel *host,
                            unsigned int flags)
{
    g_autoptr(virCPUDef) cpu = NULL;

    if (!host)
        return 0;

    if (!(cpu = virCPUExpandHostModel(ctx, host)))
        return -1;
    virCPUDefSortFeatures(cpu);

    /* A QEMU that reports no deprecated features leaves nothing to
     * disable; the caller can tell by hostRecommendedReason. */
    if (flags & QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES &&
        virCPUHostModelGetDeprecated(host)) {
        g_autoptr(virCPUDeprecatedSet) set =
            virCPUDeprecatedSetNew(ctx->arch, virCPUHostModelGetDeprecated(host));

        virCPUDeprecatedSetDisable(set, cpu, host, NULL, 0);
    }

    domCaps->cpu.hostModel = g_steal_pointer(&cpu);
    return 0;
}

static int
qemuDomainCapsFillHostRecommended(virDomainCaps *domCaps,
                                  const virCPUExpandContext *ctx,
                                  virDomainVirtType virtType,
                                  const virQEMUCapsAccel *accel)
{
    const virCPUHostModel *host = accel->hostCPU;
    g_autoptr(virCPUDef) cpu = NULL;
    g_autofree char *msg = NULL;

    if (!virCPUMachineAllowsMode(ctx->arch, virtType, ctx->machine,
                                 VIR_CPU_MODE_HOST_RECOMMENDED)) {
        msg = g_strdup_printf(_("machine type '%s' allows no CPU model under KVM, so only host-passthrough is available"),
                              ctx->machine);
        virDomainCapsSetHostRecommendedUnsupported(domCaps,
                                                   VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_MACHINE,
                                                   msg);
        return 0;
    }

    if (!host) {
        msg = g_strdup_printf(_("QEMU %s ('%s') could not expand the host CPU (%s), so neither host-model nor host-recommended is available"),
                              ctx->qemuVersion, ctx->binary,
                              accel->hostCPUError ? accel->hostCPUError : _("not probed"));
        virDomainCapsSetHostRecommendedUnsupported(domCaps,
                                                   VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_HOST_MODEL,
                                                   msg);
        return 0;
    }

    if (!virCPUHostModelGetDeprecated(host)) {
        msg = g_strdup_printf(_("QEMU %s ('%s') does not report deprecated CPU features, so host-recommended is not available"),
                              ctx->qemuVersion, ctx->binary);
        virDomainCapsSetHostRecommendedUnsupported(domCaps,
                                                   VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_DEPRECATED_UNREPORTED,
                                                   msg);
        return 0;
    }

    if (!(cpu = virCPUExpandHostRecommended(ctx, host)))
        return -1;
    virCPUDefSortFeatures(cpu);

    domCaps->cpu.hostRecommended = g_steal_pointer(&cpu);
    domCaps->cpu.hostRecommendedReason = VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_NONE;
    return 0;
}

static void
qemuDomainCapsFillCustom(virDomainCaps *domCaps,
                         const virQEMUCaps *caps,
                         const virQEMUCapsAccel *accel)
{
    g_autoptr(GHashTable) deprecated = NULL;
    size_t i;
    size_t j;

    if (!accel->hasModels)
        return;

    deprecated = virCPUNameSetNew(accel->hostCPU ?
                                  virCPUHostModelGetDeprecated(accel->hostCPU) :
                                  NULL);

    for (i = 0; i < accel->nmodels; i++) {
        const virQEMUCapsCPUModel *qm = &accel->models[i];
        virDomainCapsCPUModel *model;
        virDomainCapsCPUUsable usable = VIR_DOMAIN_CAPS_CPU_USABLE_UNKNOWN;
        const char *vendor = qm->vendor;

        /* "host" is host-passthrough's model, not a custom one. */
        if (STREQ(qm->name, "host"))
            continue;

        switch (qm->usable) {
        case VIR_TRISTATE_BOOL_YES:
            usable = VIR_DOMAIN_CAPS_CPU_USABLE_YES;
            break;
        case VIR_TRISTATE_BOOL_NO:
            usable = VIR_DOMAIN_CAPS_CPU_USABLE_NO;
            break;
        case VIR_TRISTATE_BOOL_ABSENT:
        case VIR_TRISTATE_BOOL_LAST:
        default:
            usable = VIR_DOMAIN_CAPS_CPU_USABLE_UNKNOWN;
            break;
        }

        if (!vendor)
            vendor = virCPUGetModelVendor(caps->arch, qm->name);

        model = virDomainCapsAddCPUModel(domCaps, qm->name, usable,
                                         qm->deprecated, vendor);
        if (usable != VIR_DOMAIN_CAPS_CPU_USABLE_NO)
            continue;
        for (j = 0; qm->blockers && qm->blockers[j]; j++) {
            virDomainCapsCPUModelAddBlocker(model, qm->blockers[j],
                                            g_hash_table_contains(deprecated,
                                                                  qm->blockers[j]));
        }
    }

    virDomainCapsSortCPUModels(domCaps);
}

int
qemuDomainCapsBuild(const virQEMUCaps *caps,
                    const char *path,
                    virDomainVirtType virtType,
                    const char *machine,
                    unsigned int flags,
                    virDomainCaps **domCaps)
{
    g_autoptr(virDomainCaps) ret = NULL;
    g_autofree char *version = virQEMUCapsFormatVersion(caps);
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, virtType);
    const virQEMUCapsMachine *mach = NULL;
    virCPUExpandContext ctx = {
        .arch = caps->arch,
        .binary = caps->binary,
        .qemuVersion = version,
    };

    if (!accel) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the QEMU of '%s' was not probed for virt type '%s'"),
                       caps->binary, virDomainVirtTypeToString(virtType));
        return -1;
    }

    mach = virQEMUCapsGetMachine(caps, virtType, machine);
    if (!mach && machine) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("machine '%s' is not supported by the QEMU of '%s' for virt type '%s'"),
                       machine, caps->binary, virDomainVirtTypeToString(virtType));
        return -1;
    }

    ret = virDomainCapsNew(path, virtType, mach ? mach->name : NULL, caps->arch);
    if (mach)
        ret->maxvcpus = mach->maxCpus;

    qemuDomainCapsFillMigratable(ret, virtType);

    /* A machine type that allows no CPU model (virCPUMachineAllowsMode)
     * offers host-passthrough only, as libvirt reports it. */
    ctx.machine = mach ? mach->name : NULL;
    if (!virCPUMachineAllowsMode(caps->arch, virtType, ctx.machine,
                                 VIR_CPU_MODE_MAXIMUM))
        qemuDomainCapsClearMaximum(ret);

    if (virCPUMachineAllowsMode(caps->arch, virtType, ctx.machine,
                                VIR_CPU_MODE_HOST_MODEL) &&
        qemuDomainCapsFillHostModel(ret, &ctx, accel->hostCPU, flags) < 0)
        return -1;

    if (qemuDomainCapsFillHostRecommended(ret, &ctx, virtType, accel) < 0)
        return -1;

    if (virCPUMachineAllowsMode(caps->arch, virtType, ctx.machine,
                                VIR_CPU_MODE_CUSTOM))
        qemuDomainCapsFillCustom(ret, caps, accel);

    *domCaps = g_steal_pointer(&ret);
    return 0;
}
