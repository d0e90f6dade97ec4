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
#include <sys/utsname.h>

#include "qemu_capabilities.h"
#include "qemu_monitor_reply.h"
#include "virerror.h"

virQEMUCaps *
virQEMUCapsNew(void)
{
    return g_new0(virQEMUCaps, 1);
}


void
virQEMUCapsMachineClear(virQEMUCapsMachine *machine)
{
    g_free(machine->name);
    g_free(machine->alias);
    g_free(machine->defaultCPUType);
    memset(machine, 0, sizeof(*machine));
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
        virQEMUCapsMachineClear(&accel->machines[i]);
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


const virQEMUCapsMachine *
virQEMUCapsGetMachine(const virQEMUCaps *caps,
                      virDomainVirtType virtType,
                      const char *name)
{
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, virtType);
    size_t i;

    if (!accel)
        return NULL;

    for (i = 0; i < accel->nmachines; i++) {
        const virQEMUCapsMachine *m = &accel->machines[i];

        if (name) {
            if (STREQ(m->name, name) || STREQ_NULLABLE(m->alias, name))
                return m;
        } else if (m->isDefault) {
            return m;
        }
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

    if (!accel)
        return NULL;

    for (i = 0; i < accel->nmodels; i++) {
        if (STREQ(accel->models[i].name, name))
            return &accel->models[i];
    }
    return NULL;
}


/*
 * libvirt's domain capabilities report vendor='IBM' for every s390x model
 * named after a machine generation (z900 ... z17 as "z..."/"gen..."), and
 * vendor='unknown' for QEMU's own models "max" and "qemu" (libvirt's
 * tests/domaincapsdata/qemu_{8.2.0,9.1.0,10.0.0,11.1.0}.s390x.xml).  Other
 * arches are not modelled here: "unknown".
 */
const char *
virQEMUCapsCPUModelVendor(const char *arch,
                          const char *model)
{
    if (arch && model && STREQ(arch, "s390x")) {
        if ((model[0] == 'z' && g_ascii_isalnum(model[1])) ||
            (g_str_has_prefix(model, "gen") && g_ascii_isdigit(model[3])))
            return "IBM";
    }
    return "unknown";
}


/* ---- talking to one session ------------------------------------------ */

typedef enum {
    VIR_QEMU_CAPS_REPLY_OK = 0,       /* "return" member in *ret */
    VIR_QEMU_CAPS_REPLY_QMP_ERROR,    /* QEMU answered with an error */
    VIR_QEMU_CAPS_REPLY_NOT_RECORDED, /* a trimmed recording left it out */

    VIR_QEMU_CAPS_REPLY_LAST
} virQEMUCapsReply;

/* Run @cmd.  Returns a virQEMUCapsReply, or -1 with an error reported.
 * QMP errors are only returned when @qmpError is non-NULL; a request the
 * recording has no reply for only when @optional. */
static int
virQEMUCapsCommand(qemuMonitor *mon,
                   const char *cmd,
                   json_object *args,
                   bool optional,
                   json_object **ret,
                   qemuMonitorError *qmpError)
{
    int rc = qemuMonitorCommand(mon, cmd, args, ret, qmpError);

    if (rc < 0) {
        if (optional && virGetLastErrorCode() == VIR_ERR_NO_REPLY) {
            virResetLastError();
            return VIR_QEMU_CAPS_REPLY_NOT_RECORDED;
        }
        return -1;
    }
    if (rc > 0)
        return VIR_QEMU_CAPS_REPLY_QMP_ERROR;
    return VIR_QEMU_CAPS_REPLY_OK;
}


static int
virQEMUCapsMalformed(qemuMonitor *mon,
                     const char *cmd)
{
    virReportError(VIR_ERR_QMP_PROTOCOL,
                   _("'%s' gave a malformed reply to '%s'"),
                   qemuMonitorGetName(mon), cmd);
    return -1;
}


static json_object *
virQEMUCapsGetMember(json_object *obj,
                     const char *key,
                     json_type type)
{
    json_object *val = NULL;

    if (!obj || !json_object_is_type(obj, json_type_object) ||
        !json_object_object_get_ex(obj, key, &val) ||
        !json_object_is_type(val, type))
        return NULL;
    return val;
}


/* Optional boolean member: absent is @def; any other type is -1. */
static int
virQEMUCapsGetBool(json_object *obj,
                   const char *key,
                   bool def,
                   bool *val)
{
    json_object *member = NULL;

    if (!json_object_object_get_ex(obj, key, &member) || !member) {
        *val = def;
        return 0;
    }
    if (!json_object_is_type(member, json_type_boolean))
        return -1;
    *val = json_object_get_boolean(member);
    return 0;
}


/* Optional string member: absent is NULL; any other type is -1. */
static int
virQEMUCapsGetString(json_object *obj,
                     const char *key,
                     char **val)
{
    json_object *member = NULL;

    *val = NULL;
    if (!json_object_object_get_ex(obj, key, &member) || !member)
        return 0;
    if (!json_object_is_type(member, json_type_string))
        return -1;
    *val = g_strdup(json_object_get_string(member));
    return 0;
}


static int
virQEMUCapsProbeVersion(virQEMUCaps *caps,
                        qemuMonitor *mon)
{
    g_autoptr(json_object) reply = NULL;
    json_object *qemu;
    json_object *v[3];
    const char *keys[3] = { "major", "minor", "micro" };
    size_t i;

    if (virQEMUCapsCommand(mon, "query-version", NULL, false, &reply, NULL) < 0)
        return -1;

    if (!(qemu = virQEMUCapsGetMember(reply, "qemu", json_type_object)))
        return virQEMUCapsMalformed(mon, "query-version");

    for (i = 0; i < 3; i++) {
        int64_t n;

        if (!(v[i] = virQEMUCapsGetMember(qemu, keys[i], json_type_int)))
            return virQEMUCapsMalformed(mon, "query-version");
        n = json_object_get_int64(v[i]);
        if (n < 0 || n > (i == 0 ? 4000 : 999))
            return virQEMUCapsMalformed(mon, "query-version");
    }
    caps->version = json_object_get_int64(v[0]) * 1000000 +
                    json_object_get_int64(v[1]) * 1000 +
                    json_object_get_int64(v[2]);

    if (virQEMUCapsGetString(reply, "package", &caps->package) < 0)
        return virQEMUCapsMalformed(mon, "query-version");
    return 0;
}


static int
virQEMUCapsProbeTarget(virQEMUCaps *caps,
                       qemuMonitor *mon)
{
    g_autoptr(json_object) reply = NULL;
    json_object *arch;

    if (virQEMUCapsCommand(mon, "query-target", NULL, false, &reply, NULL) < 0)
        return -1;

    if (!(arch = virQEMUCapsGetMember(reply, "arch", json_type_string)) ||
        !*json_object_get_string(arch))
        return virQEMUCapsMalformed(mon, "query-target");

    caps->arch = g_strdup(json_object_get_string(arch));
    return 0;
}


/* Whether KVM is the accelerator of this session: query-kvm, or, where
 * QEMU dropped it (or a recording has only the newer command),
 * query-accelerators. */
static int
virQEMUCapsProbeKVM(qemuMonitor *mon,
                    bool *enabled)
{
    g_autoptr(json_object) reply = NULL;
    qemuMonitorError qmpError = { 0 };
    json_object *val;
    int rc;

    rc = virQEMUCapsCommand(mon, "query-kvm", NULL, true, &reply, &qmpError);
    if (rc < 0)
        return -1;

    switch ((virQEMUCapsReply) rc) {
    case VIR_QEMU_CAPS_REPLY_OK:
        if (!(val = virQEMUCapsGetMember(reply, "enabled", json_type_boolean)))
            return virQEMUCapsMalformed(mon, "query-kvm");
        *enabled = json_object_get_boolean(val);
        return 0;

    case VIR_QEMU_CAPS_REPLY_QMP_ERROR:
        if (STRNEQ(NULLSTR(qmpError.klass), "CommandNotFound")) {
            virReportError(VIR_ERR_QMP_ERROR,
                           _("QEMU failed 'query-kvm': %s"), NULLSTR(qmpError.desc));
            qemuMonitorErrorClear(&qmpError);
            virErrorPrefix("%s", qemuMonitorGetName(mon));
            return -1;
        }
        qemuMonitorErrorClear(&qmpError);
        break;

    case VIR_QEMU_CAPS_REPLY_NOT_RECORDED:
        break;

    case VIR_QEMU_CAPS_REPLY_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected reply state '%d'."), rc);
        return -1;
    }

    if (virQEMUCapsCommand(mon, "query-accelerators", NULL, false, &reply, NULL) < 0)
        return -1;
    if (!(val = virQEMUCapsGetMember(reply, "enabled", json_type_string)))
        return virQEMUCapsMalformed(mon, "query-accelerators");
    *enabled = STREQ(json_object_get_string(val), "kvm");
    return 0;
}


static int
virQEMUCapsProbeMachines(virQEMUCapsAccel *accel,
                         qemuMonitor *mon)
{
    g_autoptr(json_object) reply = NULL;
    size_t n;
    size_t i;

    if (virQEMUCapsCommand(mon, "query-machines", NULL, false, &reply, NULL) < 0)
        return -1;
    if (!json_object_is_type(reply, json_type_array))
        return virQEMUCapsMalformed(mon, "query-machines");

    n = json_object_array_length(reply);
    accel->machines = g_new0(virQEMUCapsMachine, n ? n : 1);
    for (i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(reply, i);
        virQEMUCapsMachine *m = &accel->machines[accel->nmachines];
        json_object *name;
        json_object *cpuMax;

        if (!(name = virQEMUCapsGetMember(item, "name", json_type_string)))
            return virQEMUCapsMalformed(mon, "query-machines");
        m->name = g_strdup(json_object_get_string(name));
        accel->nmachines++;

        if (virQEMUCapsGetString(item, "alias", &m->alias) < 0 ||
            virQEMUCapsGetBool(item, "is-default", false, &m->isDefault) < 0 ||
            virQEMUCapsGetBool(item, "deprecated", false, &m->deprecated) < 0 ||
            virQEMUCapsGetString(item, "default-cpu-type", &m->defaultCPUType) < 0 ||
            (m->defaultCPUType && !*m->defaultCPUType))
            return virQEMUCapsMalformed(mon, "query-machines");

        /* the name and alias go into -machine; the default CPU type
         * names a model of query-cpu-definitions */
        if (qemuMonitorReplyCheckName(mon, "query-machines",
                                      VIR_QEMU_NAME_MACHINE, m->name) < 0 ||
            (m->alias &&
             qemuMonitorReplyCheckName(mon, "query-machines",
                                       VIR_QEMU_NAME_MACHINE, m->alias) < 0) ||
            (m->defaultCPUType &&
             qemuMonitorReplyCheckName(mon, "query-machines",
                                       VIR_QEMU_NAME_CPU_MODEL, m->defaultCPUType) < 0))
            return -1;

        if ((cpuMax = virQEMUCapsGetMember(item, "cpu-max", json_type_int))) {
            int64_t v = json_object_get_int64(cpuMax);

            if (v < 0 || v > G_MAXUINT)
                return virQEMUCapsMalformed(mon, "query-machines");
            m->maxCpus = v;
        }
    }
    return 0;
}


static int
virQEMUCapsProbeCPUModels(virQEMUCaps *caps,
                          virQEMUCapsAccel *accel,
                          qemuMonitor *mon)
{
    g_autoptr(json_object) reply = NULL;
    qemuMonitorError qmpError = { 0 };
    size_t n;
    size_t i;
    int rc;

    rc = virQEMUCapsCommand(mon, "query-cpu-definitions", NULL, true,
                            &reply, &qmpError);
    if (rc < 0)
        return -1;

    switch ((virQEMUCapsReply) rc) {
    case VIR_QEMU_CAPS_REPLY_OK:
        break;
    case VIR_QEMU_CAPS_REPLY_QMP_ERROR:
        /* An arch without CPU models (CommandNotFound) or any other
         * refusal: no model list, as libvirt does. */
        qemuMonitorErrorClear(&qmpError);
        return 0;
    case VIR_QEMU_CAPS_REPLY_NOT_RECORDED:
        return 0;
    case VIR_QEMU_CAPS_REPLY_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected reply state '%d'."), rc);
        return -1;
    }

    if (!json_object_is_type(reply, json_type_array))
        return virQEMUCapsMalformed(mon, "query-cpu-definitions");

    n = json_object_array_length(reply);
    accel->models = g_new0(virQEMUCapsCPUModel, n ? n : 1);
    accel->hasModels = true;
    for (i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(reply, i);
        virQEMUCapsCPUModel *m = &accel->models[accel->nmodels];
        json_object *name;
        json_object *unavail = NULL;

        if (!(name = virQEMUCapsGetMember(item, "name", json_type_string)))
            return virQEMUCapsMalformed(mon, "query-cpu-definitions");
        if (qemuMonitorReplyCheckName(mon, "query-cpu-definitions",
                                      VIR_QEMU_NAME_CPU_MODEL,
                                      json_object_get_string(name)) < 0)
            return -1;
        m->name = g_strdup(json_object_get_string(name));
        accel->nmodels++;

        if (virQEMUCapsGetString(item, "typename", &m->typename) < 0 ||
            virQEMUCapsGetBool(item, "deprecated", false, &m->deprecated) < 0)
            return virQEMUCapsMalformed(mon, "query-cpu-definitions");

        /* libvirt's rule: usable when QEMU lists no unavailable feature,
         * unknown when it does not say. */
        if (json_object_object_get_ex(item, "unavailable-features", &unavail) &&
            unavail) {
            if (qemuMonitorReplyParseNameList(mon, "query-cpu-definitions",
                                              "unavailable-features", unavail,
                                              VIR_QEMU_NAME_CPU_FEATURE,
                                              &m->blockers) < 0)
                return -1;
            m->usable = m->blockers[0] ? VIR_TRISTATE_BOOL_NO : VIR_TRISTATE_BOOL_YES;
        } else {
            m->usable = VIR_TRISTATE_BOOL_ABSENT;
        }
        m->vendor = g_strdup(virQEMUCapsCPUModelVendor(caps->arch, m->name));
    }
    return 0;
}


static json_object *
virQEMUCapsExpansionArgs(const char *type,
                         const char *model)
{
    json_object *args = json_object_new_object();
    json_object *modelObj = json_object_new_object();

    json_object_object_add(modelObj, "name", json_object_new_string(model));
    json_object_object_add(args, "type", json_object_new_string(type));
    json_object_object_add(args, "model", modelObj);
    return args;
}


static void
virQEMUCapsAddStaticProp(const char *name,
                         bool enabled,
                         void *opaque)
{
    virCPUHostModelAddProp(opaque, name, enabled);
}


static void
virQEMUCapsAddFullProp(const char *name,
                       bool enabled,
                       void *opaque)
{
    virCPUHostModelAddFullProp(opaque, name, enabled);
}


/* Parse an expansion reply: base model name, props in QEMU's order (only
 * boolean ones: the features), deprecated-props (NULL when absent). */
static int
virQEMUCapsParseExpansion(qemuMonitor *mon,
                          json_object *reply,
                          char **model,
                          virCPUHostModel *host,
                          bool full,
                          char ***deprecated)
{
    const char *cmd = "query-cpu-model-expansion";
    json_object *dep = NULL;

    if (qemuMonitorReplyParseModelInfo(mon, cmd, reply, model,
                                       full ? virQEMUCapsAddFullProp
                                            : virQEMUCapsAddStaticProp,
                                       host) < 0)
        return -1;

    *deprecated = NULL;
    /* absent: QEMU did not say; null is not a list */
    if (json_object_object_get_ex(reply, "deprecated-props", &dep)) {
        if (qemuMonitorReplyParseNameList(mon, cmd, "deprecated-props", dep,
                                          VIR_QEMU_NAME_CPU_FEATURE,
                                          deprecated) < 0)
            return -1;
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
    g_autoptr(json_object) args = NULL;
    g_autoptr(json_object) reply = NULL;
    g_autoptr(json_object) fullReply = NULL;
    g_autofree char *fullModel = NULL;
    qemuMonitorError qmpError = { 0 };
    int rc;

    args = virQEMUCapsExpansionArgs("static", model);
    rc = virQEMUCapsCommand(mon, "query-cpu-model-expansion", args, true,
                            &reply, &qmpError);
    if (rc < 0)
        return -1;

    switch ((virQEMUCapsReply) rc) {
    case VIR_QEMU_CAPS_REPLY_OK:
        break;
    case VIR_QEMU_CAPS_REPLY_QMP_ERROR:
        accel->hostCPUError = g_strdup(NULLSTR(qmpError.desc));
        qemuMonitorErrorClear(&qmpError);
        return 0;
    case VIR_QEMU_CAPS_REPLY_NOT_RECORDED:
        accel->hostCPUError = g_strdup_printf(_("The recording has no expansion of CPU model '%s'."),
                                              model);
        return 0;
    case VIR_QEMU_CAPS_REPLY_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected reply state '%d'."), rc);
        return -1;
    }

    if (virQEMUCapsParseExpansion(mon, reply, &host->model, host, false,
                                  &host->hostDeprecated) < 0)
        return -1;

    g_clear_pointer(&args, json_object_put);
    args = virQEMUCapsExpansionArgs("full", model);
    rc = virQEMUCapsCommand(mon, "query-cpu-model-expansion", args, true,
                            &fullReply, &qmpError);
    if (rc < 0)
        return -1;

    switch ((virQEMUCapsReply) rc) {
    case VIR_QEMU_CAPS_REPLY_OK:
        if (virQEMUCapsParseExpansion(mon, fullReply, &fullModel, host, true,
                                      &host->deprecated) < 0)
            return -1;
        break;
    case VIR_QEMU_CAPS_REPLY_QMP_ERROR:
        qemuMonitorErrorClear(&qmpError);
        break;
    case VIR_QEMU_CAPS_REPLY_NOT_RECORDED:
        break;
    case VIR_QEMU_CAPS_REPLY_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("Unexpected reply state '%d'."), rc);
        return -1;
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
    if (virQEMUCapsProbeMachines(accel, mon) < 0 ||
        virQEMUCapsProbeCPUModels(caps, accel, mon) < 0 ||
        virQEMUCapsProbeHostCPU(accel, mon, hostModel) < 0)
        return -1;
    return 0;
}


/* The name QEMU gives the host's arch in "qemu-system-ARCH". */
static const char *
virQEMUCapsHostQEMUArch(void)
{
    static struct utsname ut;
    static const struct {
        const char *uname;
        const char *qemu;
    } map[] = {
        { "i686", "i386" },
        { "ppc64le", "ppc64" },
        { "armv7l", "arm" },
    };
    size_t i;

    if (uname(&ut) < 0)
        return NULL;
    for (i = 0; i < G_N_ELEMENTS(map); i++) {
        if (STREQ(ut.machine, map[i].uname))
            return map[i].qemu;
    }
    return ut.machine;
}


/* Whether starting a live @binary with KVM is worth trying: /dev/kvm is
 * usable and the binary emulates the host's arch. */
static bool
virQEMUCapsLiveTryKVM(const char *binary)
{
    g_autofree char *base = g_path_get_basename(binary);
    const char *hostArch = virQEMUCapsHostQEMUArch();

    if (access("/dev/kvm", R_OK | W_OK) < 0)
        return false;
    if (STREQ(base, "qemu-kvm") || STREQ(base, "kvm"))
        return true;
    return hostArch && g_str_has_prefix(base, "qemu-system-") &&
           STREQ(base + strlen("qemu-system-"), hostArch);
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


static qemuMonitorAccel
virQEMUCapsVirtTypeToAccel(virDomainVirtType virtType)
{
    switch (virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        return QEMU_MONITOR_ACCEL_KVM;
    case VIR_DOMAIN_VIRT_QEMU:
    case VIR_DOMAIN_VIRT_LAST:
    default:
        break;
    }
    return QEMU_MONITOR_ACCEL_TCG;
}


static int
virQEMUCapsCheckMachine(qemuMonitor *mon,
                        virDomainVirtType virtType,
                        const char *machine)
{
    virQEMUCapsAccel accel = { 0 };
    bool found = false;
    size_t i;

    if (virQEMUCapsProbeMachines(&accel, mon) < 0) {
        virQEMUCapsAccelClear(&accel);
        return -1;
    }
    for (i = 0; i < accel.nmachines && !found; i++) {
        found = STREQ(accel.machines[i].name, machine) ||
                STREQ_NULLABLE(accel.machines[i].alias, machine);
    }
    virQEMUCapsAccelClear(&accel);

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
        accel = virQEMUCapsVirtTypeToAccel(*want);
    else
        accel = tryKVM ? QEMU_MONITOR_ACCEL_KVM : QEMU_MONITOR_ACCEL_TCG;

    if (accel == QEMU_MONITOR_ACCEL_KVM && !tryKVM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("virt type 'kvm' is not available for '%s' on this host (it needs a usable /dev/kvm and a QEMU of the host's arch): use --virttype qemu"),
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
        virQEMUCapsProbeTarget(ret, mon) < 0)
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
