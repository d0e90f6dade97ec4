/*
 * qemu_capabilities.c: probe what a QEMU binary can do
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One probe is one or two QMP sessions (qemu_monitor.h): the first tells
 * the version, the target arch and whether KVM is in use; each session
 * then gives the machines, the CPU models and the host CPU of its virt
 * type.  Everything is read from QEMU's replies; nothing here knows which
 * features are deprecated.
 */

#include "internal.h"

#include <string.h>
#include <unistd.h>

#include "qemu_capabilities.h"
#include "qemu_host.h"
#include "qemu_monitor_json.h"
#include "virerror.h"

virQEMUCaps *
virQEMUCapsNew(void)
{
    return g_new0(virQEMUCaps, 1);
}


void
virQEMUCapsCPUModelClear(virQEMUCapsCPUModel *model)
{
    g_free(model->name);
    g_strfreev(model->blockers);
    g_free(model->vendor);
    g_free(model->typename);
    memset(model, 0, sizeof(*model));
}


void
virQEMUCapsAccelClear(virQEMUCapsAccel *accel)
{
    size_t i;

    for (i = 0; i < accel->nmachines; i++)
        qemuMonitorMachineInfoClear(&accel->machines[i]);
    g_free(accel->machines);
    for (i = 0; i < accel->nmodels; i++)
        virQEMUCapsCPUModelClear(&accel->models[i]);
    g_free(accel->models);
    virCPUHostModelFree(accel->hostCPU);
    g_free(accel->hostCPUError);
    memset(accel, 0, sizeof(*accel));
}


void
virQEMUCapsFree(virQEMUCaps *caps)
{
    size_t i;

    if (!caps)
        return;

    for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++)
        virQEMUCapsAccelClear(&caps->accels[i]);
    g_free(caps->binary);
    g_free(caps->arch);
    g_free(caps->package);
    virCPUModelTableFree(caps->modelTable);
    g_free(caps);
}


char *
virQEMUCapsFormatVersion(const virQEMUCaps *caps)
{
    return g_strdup_printf("%u.%u.%u",
                           caps->version / 1000000,
                           (caps->version / 1000) % 1000,
                           caps->version % 1000);
}


const virQEMUCapsAccel *
virQEMUCapsGetAccel(const virQEMUCaps *caps,
                    virDomainVirtType virtType)
{
    if (virtType >= VIR_DOMAIN_VIRT_LAST || !caps->accels[virtType].probed)
        return NULL;
    return &caps->accels[virtType];
}


static const virQEMUCapsMachine *
virQEMUCapsFindMachine(const virQEMUCapsAccel *accel,
                       const char *name)
{
    size_t i;

    for (i = 0; accel && i < accel->nmachines; i++) {
        const virQEMUCapsMachine *m = &accel->machines[i];

        if (STREQ(m->name, name) || STREQ_NULLABLE(m->alias, name))
            return m;
    }
    return NULL;
}


const virQEMUCapsMachine *
virQEMUCapsGetMachine(const virQEMUCaps *caps,
                      virDomainVirtType virtType,
                      const char *name)
{
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, virtType);
    const virQEMUCapsMachine *m;
    const char *preferred;
    size_t i;

    if (name)
        return virQEMUCapsFindMachine(accel, name);

    /* libvirt's preferred machine type of the arch (the arch table,
     * qemu_host.c), else QEMU's default */
    if ((preferred = qemuHostArchPreferredMachine(caps->arch)) &&
        (m = virQEMUCapsFindMachine(accel, preferred)))
        return m;

    for (i = 0; accel && i < accel->nmachines; i++) {
        if (accel->machines[i].isDefault)
            return &accel->machines[i];
    }
    return NULL;
}


static const char *
virQEMUCapsFindModelByType(const virQEMUCapsAccel *accel,
                           const char *typename)
{
    size_t i;

    for (i = 0; accel && i < accel->nmodels; i++) {
        if (STREQ_NULLABLE(accel->models[i].typename, typename))
            return accel->models[i].name;
    }
    return NULL;
}


const char *
virQEMUCapsGetMachineDefaultCPU(const virQEMUCaps *caps,
                                virDomainVirtType virtType,
                                const virQEMUCapsMachine *machine)
{
    const char *name;
    size_t i;

    if (!machine || !machine->defaultCPUType)
        return NULL;

    /* The virt type asked for first (a trimmed recording may lack the
     * model list of the other). */
    if ((name = virQEMUCapsFindModelByType(virQEMUCapsGetAccel(caps, virtType),
                                           machine->defaultCPUType)))
        return name;
    for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++) {
        if ((name = virQEMUCapsFindModelByType(virQEMUCapsGetAccel(caps, i),
                                               machine->defaultCPUType)))
            return name;
    }
    return NULL;
}


const virQEMUCapsCPUModel *
virQEMUCapsGetCPUModel(const virQEMUCaps *caps,
                       virDomainVirtType virtType,
                       const char *name)
{
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, virtType);
    size_t i;

    for (i = 0; accel && i < accel->nmodels; i++) {
        if (STREQ(accel->models[i].name, name))
            return &accel->models[i];
    }
    return NULL;
}


/* ---- talking to one session ------------------------------------------ */

/* Whether QEMU answered a typed call (qemu_monitor_json.h) that was
 * given a qemuMonitorError and returned @rc, for a command a trimmed
 * recording may leave out.  1: it answered.  0: it did not, either
 * refusing (the qemuMonitorError is filled in, with a class and a
 * description, as every QMP error has them) or missing from the recording
 * (the qemuMonitorError stays empty: klass NULL); the caller clears it.
 * -1 with the error reported. */
static int
virQEMUCapsAnswered(int rc)
{
    if (rc < 0) {
        if (virGetLastErrorCode() != VIR_ERR_NO_REPLY)
            return -1;
        virResetLastError();
        return 0;
    }
    return rc == 0;
}


static int
virQEMUCapsProbeVersion(virQEMUCaps *caps,
                        qemuMonitor *mon)
{
    unsigned int major;
    unsigned int minor;
    unsigned int micro;

    if (qemuMonitorGetVersion(mon, &major, &minor, &micro, &caps->package) < 0)
        return -1;
    caps->version = major * 1000000 + minor * 1000 + micro;
    return 0;
}


/* Whether KVM is the accelerator of this session: query-kvm, or, where
 * QEMU dropped it (or a recording has only the newer command),
 * query-accelerators. */
static int
virQEMUCapsProbeKVM(qemuMonitor *mon,
                    bool *enabled)
{
    qemuMonitorError qmpError = { 0 };
    int rc;

    if ((rc = virQEMUCapsAnswered(qemuMonitorGetKVM(mon, enabled, &qmpError))) != 0)
        return rc < 0 ? -1 : 0;

    /* not recorded, or a QEMU without query-kvm: ask the newer command */
    if (qmpError.klass && STRNEQ(qmpError.klass, "CommandNotFound")) {
        virReportError(VIR_ERR_QMP_ERROR,
                       _("QEMU failed 'query-kvm': %s"), NULLSTR(qmpError.desc));
        qemuMonitorErrorClear(&qmpError);
        virErrorPrefix("%s", qemuMonitorGetName(mon));
        return -1;
    }
    qemuMonitorErrorClear(&qmpError);
    return qemuMonitorGetAccelerators(mon, enabled);
}


static int
virQEMUCapsProbeCPUModels(virQEMUCaps *caps,
                          virQEMUCapsAccel *accel,
                          qemuMonitor *mon)
{
    g_autofree qemuMonitorCPUDefInfo *defs = NULL;
    qemuMonitorError qmpError = { 0 };
    size_t ndefs = 0;
    size_t i;
    int rc;

    rc = virQEMUCapsAnswered(qemuMonitorGetCPUDefinitions(mon, &defs, &ndefs,
                                                          &qmpError));
    /* An arch without CPU models (CommandNotFound), any other refusal or
     * a recording without the command: no model list, as libvirt does. */
    qemuMonitorErrorClear(&qmpError);
    if (rc <= 0)
        return rc;

    /* the definitions' members are handed over, not copied */
    accel->models = g_new0(virQEMUCapsCPUModel, ndefs ? ndefs : 1);
    accel->nmodels = ndefs;
    accel->hasModels = true;
    for (i = 0; i < ndefs; i++) {
        virQEMUCapsCPUModel *m = &accel->models[i];

        m->name = g_steal_pointer(&defs[i].name);
        m->typename = g_steal_pointer(&defs[i].typename);
        m->blockers = g_steal_pointer(&defs[i].blockers);
        m->deprecated = defs[i].deprecated;
        m->usable = defs[i].usable;
        m->vendor = g_strdup(virCPUGetModelVendor(caps->arch, m->name));
    }
    return 0;
}


/* The host CPU of this session: static and full expansion of @model. */
static int
virQEMUCapsProbeHostCPU(virQEMUCapsAccel *accel,
                        qemuMonitor *mon,
                        const char *model)
{
    g_autoptr(virCPUHostModel) host = virCPUHostModelNew();
    g_autoptr(qemuMonitorCPUModelInfo) info = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) full = NULL;
    const qemuMonitorCPUModelArg arg = { .name = model };
    qemuMonitorError qmpError = { 0 };
    size_t i;
    int rc;

    rc = virQEMUCapsAnswered(qemuMonitorGetCPUModelExpansion(mon,
                                                             QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC,
                                                             &arg, &info, &qmpError));
    if (rc < 0)
        return -1;
    if (rc == 0) {
        if (qmpError.klass)
            accel->hostCPUError = g_strdup(NULLSTR(qmpError.desc));
        else
            accel->hostCPUError = g_strdup_printf(_("The recording has no expansion of CPU model '%s'."),
                                                  model);
        qemuMonitorErrorClear(&qmpError);
        return 0;
    }

    host->model = g_steal_pointer(&info->name);
    for (i = 0; i < info->nprops; i++)
        virCPUHostModelAddProp(host, info->props[i].name, info->props[i].enabled);
    host->hostDeprecated = g_steal_pointer(&info->deprecated);

    /* without the full expansion (refused, or not recorded) the host CPU
     * has no full props and no full deprecated list */
    rc = virQEMUCapsAnswered(qemuMonitorGetCPUModelExpansion(mon,
                                                             QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                                             &arg, &full, &qmpError));
    qemuMonitorErrorClear(&qmpError);
    if (rc < 0)
        return -1;
    if (rc > 0) {
        for (i = 0; i < full->nprops; i++)
            virCPUHostModelAddFullProp(host, full->props[i].name,
                                       full->props[i].enabled);
        host->deprecated = g_steal_pointer(&full->deprecated);
    }

    accel->hostCPU = g_steal_pointer(&host);
    return 0;
}


static int
virQEMUCapsProbeAccel(virQEMUCaps *caps,
                      virDomainVirtType virtType,
                      qemuMonitor *mon)
{
    virQEMUCapsAccel *accel = &caps->accels[virtType];
    const char *hostModel = NULL;

    switch (virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        hostModel = "host";
        break;
    case VIR_DOMAIN_VIRT_QEMU:
        /* "host" does not exist under TCG; "max" is all TCG can do. */
        hostModel = "max";
        break;
    case VIR_DOMAIN_VIRT_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected virt type '%d'."), virtType);
        return -1;
    }

    accel->probed = true;
    if (qemuMonitorGetMachines(mon, &accel->machines, &accel->nmachines) < 0 ||
        virQEMUCapsProbeCPUModels(caps, accel, mon) < 0 ||
        virQEMUCapsProbeHostCPU(accel, mon, hostModel) < 0)
        return -1;
    return 0;
}


/* Whether starting a live @binary with KVM is worth trying: /dev/kvm is
 * usable and the binary emulates the host's arch. */
static bool
virQEMUCapsLiveTryKVM(const char *binary)
{
    return qemuHostKVMUsable() && qemuHostEmulatorRunsHostArch(binary);
}


int
virQEMUCapsParseVirtType(const char *name,
                         virDomainVirtType *virtType)
{
    int type = virDomainVirtTypeFromString(name);

    if (type < 0) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("unknown virt type '%s': use 'kvm' or 'qemu'"), name);
        return -1;
    }
    *virtType = type;
    return 0;
}


virDomainVirtType
virQEMUCapsDefaultVirtType(const virQEMUCaps *caps)
{
    if (caps->kvmAvailable && virQEMUCapsGetAccel(caps, VIR_DOMAIN_VIRT_KVM))
        return VIR_DOMAIN_VIRT_KVM;
    return VIR_DOMAIN_VIRT_QEMU;
}


static int
virQEMUCapsCheckMachine(qemuMonitor *mon,
                        virDomainVirtType virtType,
                        const char *machine)
{
    g_autofree qemuMonitorMachineInfo *machines = NULL;
    size_t nmachines = 0;
    bool found = false;
    size_t i;

    if (qemuMonitorGetMachines(mon, &machines, &nmachines) < 0)
        return -1;
    for (i = 0; i < nmachines; i++) {
        found = found || STREQ(machines[i].name, machine) ||
                STREQ_NULLABLE(machines[i].alias, machine);
        qemuMonitorMachineInfoClear(&machines[i]);
    }

    if (!found) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("machine '%s' is not supported by the QEMU of '%s' for virt type '%s'"),
                       machine, qemuMonitorGetName(mon),
                       virDomainVirtTypeToString(virtType));
        return -1;
    }
    return 0;
}


int
virQEMUCapsOpenSession(qemuMonitorSource *src,
                       const virDomainVirtType *want,
                       const char *machine,
                       qemuMonitor **retMon,
                       virDomainVirtType *virtType)
{
    g_autoptr(qemuMonitor) mon = NULL;
    const char *name = qemuMonitorSourceGetName(src);
    bool live = qemuMonitorSourceIsLive(src);
    bool tryKVM = !live || virQEMUCapsLiveTryKVM(name);
    qemuMonitorAccel accel;
    bool kvm = false;

    if (want)
        accel = qemuHostVirtTypeToAccel(*want);
    else
        accel = tryKVM ? QEMU_MONITOR_ACCEL_KVM : QEMU_MONITOR_ACCEL_TCG;

    if (accel == QEMU_MONITOR_ACCEL_KVM && !tryKVM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("virt type 'kvm' is not available for '%s' on this host (it needs a usable /dev/kvm and a QEMU of the host's arch): use virt type 'qemu'"),
                       name);
        return -1;
    }

    /* A replay hands out its sessions in order whatever we ask for; the
     * first session itself says whether it ran KVM. */
    if (!(mon = qemuMonitorSourceOpen(src, accel))) {
        if (accel != QEMU_MONITOR_ACCEL_KVM || !live || want)
            return -1;
        /* KVM did not start: this binary cannot use it here. */
        virResetLastError();
        accel = QEMU_MONITOR_ACCEL_TCG;
        if (!(mon = qemuMonitorSourceOpen(src, accel)))
            return -1;
    }

    if (virQEMUCapsProbeKVM(mon, &kvm) < 0)
        return -1;

    /* A recording holds its KVM session first and then, as libvirt's
     * do, the TCG one. */
    if (want && *want == VIR_DOMAIN_VIRT_QEMU && kvm && !live) {
        if (qemuMonitorClose(mon) < 0)
            return -1;
        g_clear_pointer(&mon, qemuMonitorFree);
        if (qemuMonitorSourceRemaining(src) == 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("the recording '%s' has no session for virt type 'qemu' (TCG)"),
                           name);
            return -1;
        }
        if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
            return -1;
        kvm = false;
    }

    *virtType = kvm ? VIR_DOMAIN_VIRT_KVM : VIR_DOMAIN_VIRT_QEMU;
    if (want && *want != *virtType) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("virt type '%s' is not available with '%s': its QEMU session runs '%s'"),
                       virDomainVirtTypeToString(*want), name,
                       virDomainVirtTypeToString(*virtType));
        return -1;
    }

    if (machine && virQEMUCapsCheckMachine(mon, *virtType, machine) < 0)
        return -1;

    *retMon = g_steal_pointer(&mon);
    return 0;
}


int
virQEMUCapsProbe(qemuMonitorSource *src,
                 virQEMUCaps **caps)
{
    g_autoptr(virQEMUCaps) ret = virQEMUCapsNew();
    g_autoptr(qemuMonitor) mon = NULL;
    bool live = qemuMonitorSourceIsLive(src);
    virDomainVirtType virtType;
    bool kvm = false;

    ret->binary = g_strdup(qemuMonitorSourceGetName(src));

    if (virQEMUCapsOpenSession(src, NULL, NULL, &mon, &virtType) < 0)
        return -1;
    kvm = virtType == VIR_DOMAIN_VIRT_KVM;

    if (virQEMUCapsProbeVersion(ret, mon) < 0 ||
        qemuMonitorGetTarget(mon, &ret->arch) < 0)
        return -1;

    ret->kvmAvailable = kvm;
    if (virQEMUCapsProbeAccel(ret, virtType, mon) < 0)
        return -1;

    if (qemuMonitorClose(mon) < 0)
        return -1;
    g_clear_pointer(&mon, qemuMonitorFree);

    if (kvm && (live || qemuMonitorSourceRemaining(src) > 0)) {
        if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
            return -1;
        if (virQEMUCapsProbeAccel(ret, VIR_DOMAIN_VIRT_QEMU, mon) < 0)
            return -1;
        if (qemuMonitorClose(mon) < 0)
            return -1;
    }

    *caps = g_steal_pointer(&ret);
    return 0;
}
