/*
 * qemu_command.c: the QEMU command line of a domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "qemu_command.h"
#include "cpu_policy.h"
#include "qemu_host.h"
#include "virerror.h"
#include "virqemu.h"

/* Every name was checked where it entered hostrec; they are checked
 * again here because QEMU's -cpu parser does not read ",," as an escaped
 * comma (virqemu.h): escaping alone would not keep "x,te=on" from
 * becoming a second key.  The commas are doubled all the same, as in
 * every other option value. */
char *
qemuBuildCPUArg(const virCPUDef *cpu,
                const char *arch)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    size_t i;

    switch (cpu->mode) {
    case VIR_CPU_MODE_CUSTOM:
        if (!cpu->model) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           _("expanded CPU has no model"));
            return NULL;
        }
        if (virQEMUNameCheck(VIR_QEMU_NAME_CPU_MODEL, cpu->model,
                             VIR_ERR_INTERNAL_ERROR, _("the expanded CPU")) < 0)
            return NULL;
        virQEMUBufferEscapeComma(buf, cpu->model);
        break;
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
        g_string_append(buf, cpu->mode == VIR_CPU_MODE_MAXIMUM ? "max" : "host");
        if (cpu->migratable != VIR_TRISTATE_SWITCH_ABSENT &&
            virCPUArchHasMigratable(arch)) {
            g_string_append_printf(buf, ",migratable=%s",
                                   virTristateSwitchTypeToString(cpu->migratable));
        }
        break;
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("CPU mode '%s' must be expanded before building -cpu"),
                       NULLSTR(virCPUModeTypeToString(cpu->mode)));
        return NULL;
    }

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        const char *value = NULL;

        switch (f->policy) {
        case VIR_CPU_FEATURE_FORCE:
        case VIR_CPU_FEATURE_REQUIRE:
            value = "on";
            break;
        case VIR_CPU_FEATURE_DISABLE:
        case VIR_CPU_FEATURE_FORBID:
            value = "off";
            break;
        case VIR_CPU_FEATURE_OPTIONAL:
        case VIR_CPU_FEATURE_LAST:
        default:
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("CPU feature '%s' has no on/off value in the expanded CPU"),
                           f->name);
            return NULL;
        }
        if (virQEMUNameCheck(VIR_QEMU_NAME_CPU_FEATURE, f->name,
                             VIR_ERR_INTERNAL_ERROR, _("the expanded CPU")) < 0)
            return NULL;
        g_string_append_c(buf, ',');
        virQEMUBufferEscapeComma(buf, f->name);
        g_string_append_printf(buf, "=%s", value);
    }

    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/* The arch the domain runs: its own, else the emulator's. */
static const char *
qemuDomainGetArch(const virDomainDef *def,
                  const virQEMUCaps *caps)
{
    return def->arch ? def->arch : caps->arch;
}

static int
qemuDomainCheckCaps(const virDomainDef *def,
                    const virQEMUCaps *caps,
                    const char *emulator,
                    const char *version)
{
    const virQEMUCapsAccel *accel;

    if (def->arch && caps->arch && STRNEQ(def->arch, caps->arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("domain arch '%s' does not match the arch '%s' of QEMU %s ('%s')"),
                       def->arch, caps->arch, version, emulator);
        return -1;
    }

    accel = virQEMUCapsGetAccel(caps, def->virtType);
    if (!accel || !accel->probed ||
        (def->virtType == VIR_DOMAIN_VIRT_KVM && !caps->kvmAvailable)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("virt type '%s' is not available with QEMU %s ('%s')"),
                       virDomainVirtTypeToString(def->virtType), version, emulator);
        return -1;
    }
    return 0;
}

/* A custom model QEMU reports unusable here starts only when the user
 * disabled every blocker.  libvirt builds such command lines anyway (and
 * so do we, to agree with it); the user gets told why QEMU will refuse. */
static void
qemuDomainWarnBlockers(const virQEMUCaps *caps,
                       virDomainVirtType virtType,
                       const virCPUDef *cpu)
{
    const virQEMUCapsCPUModel *model;
    g_autoptr(GString) list = g_string_new(NULL);
    g_autoptr(GPtrArray) missing = NULL;
    size_t i;

    switch (cpu->mode) {
    case VIR_CPU_MODE_CUSTOM:
        break;
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
    case VIR_CPU_MODE_LAST:
    default:
        /* no model of QEMU's list (an expanded host-model is custom) */
        return;
    }

    if (!(model = virQEMUCapsGetCPUModel(caps, virtType, cpu->model)) ||
        !model->blockers)
        return;

    missing = virCPUGetMissingBlockers(cpu, model->blockers);
    for (i = 0; i < missing->len && i < 8; i++)
        g_string_append_printf(list, "%s'%s'", list->len ? ", " : "",
                               (const char *)g_ptr_array_index(missing, i));
    if (missing->len > 8)
        g_string_append_printf(list, _(" and %zu more"), (size_t)missing->len - 8);

    if (list->len > 0) {
        virReportWarning(_("CPU model '%s' is not usable for virt type '%s' on this host unless these features are disabled: %s"),
                         cpu->model, virDomainVirtTypeToString(virtType),
                         list->str);
    }
}


/* The <cpu> a domain without one gets, as libvirt gives it when it
 * defines the domain: the CPU QEMU itself would start the machine with
 * (its default-cpu-type), under KVM only on the arches whose driver says
 * libvirt uses it there (virCPUArchUsesDefaultCPUWithKVM).  "host" is
 * host-model where the arch driver says so
 * (virCPUArchDefaultHostIsHostModel: s390x), QEMU can expand the host CPU
 * and the machine type allows a CPU model (virCPUMachineAllowsMode),
 * host-passthrough otherwise and elsewhere, and nothing under TCG;
 * any other model becomes mode='custom' match='exact' check='none' with
 * <model fallback='forbid'>.  Sets *@cpu to NULL when there is nothing
 * to add (QEMU did not say, an arch whose KVM default libvirt ignores). */
static void
qemuDomainDefaultCPU(const virDomainDef *def,
                     const virQEMUCaps *caps,
                     const char *arch,
                     virCPUDef **cpu)
{
    const virQEMUCapsAccel *accel = virQEMUCapsGetAccel(caps, def->virtType);
    const virQEMUCapsMachine *machine;
    g_autoptr(virCPUDef) ret = NULL;
    const char *model;

    *cpu = NULL;

    if (def->virtType == VIR_DOMAIN_VIRT_KVM &&
        !virCPUArchUsesDefaultCPUWithKVM(arch))
        return;

    machine = virQEMUCapsGetMachine(caps, def->virtType, def->machine);
    if (!(model = virQEMUCapsGetMachineDefaultCPU(caps, def->virtType, machine)))
        return;

    ret = virCPUDefNew();
    if (STREQ(model, "host")) {
        if (def->virtType != VIR_DOMAIN_VIRT_KVM)
            return;
        if (virCPUArchDefaultHostIsHostModel(arch) && accel && accel->hostCPU &&
            virCPUMachineAllowsMode(arch, def->virtType, machine->name,
                                    VIR_CPU_MODE_HOST_MODEL)) {
            ret->mode = VIR_CPU_MODE_HOST_MODEL;
            ret->check = VIR_CPU_CHECK_PARTIAL;
        } else {
            ret->mode = VIR_CPU_MODE_HOST_PASSTHROUGH;
            ret->check = VIR_CPU_CHECK_NONE;
        }
    } else {
        ret->mode = VIR_CPU_MODE_CUSTOM;
        ret->match = VIR_CPU_MATCH_EXACT;
        ret->check = VIR_CPU_CHECK_NONE;
        ret->fallback = VIR_CPU_FALLBACK_FORBID;
        ret->model = g_strdup(model);
    }
    *cpu = g_steal_pointer(&ret);
}


/* Give the machine's default CPU @defaultCPU (qemuDomainDefaultCPU) what
 * a <cpu> without a model (@guest) says besides: its check, topology and
 * the elements hostrec keeps. */
static void
qemuDomainMergeDefaultCPU(const virCPUDef *guest,
                          virCPUDef *defaultCPU)
{
    if (guest->check != VIR_CPU_CHECK_ABSENT)
        defaultCPU->check = guest->check;
    if (guest->topology)
        defaultCPU->topology = g_memdup2(guest->topology, sizeof(*guest->topology));
    defaultCPU->cache = virCPUKeptCopy(guest->cache);
    defaultCPU->maxphysaddr = virCPUKeptCopy(guest->maxphysaddr);
    defaultCPU->numa = virCPUKeptCopy(guest->numa);
}


/* A host-model CPU that says nothing about deprecated features, of an
 * arch where libvirt has a default for them
 * (virCPUArchHasHostModelDeprecatedDefault: s390x), gets what the
 * modelled libvirt gives it (@value, qemu_conf.h): *@cpu is a copy of @guest with
 * deprecated_features set, or NULL to use @guest as it is.  *@assumed is
 * set when nobody chose and the choice matters (QEMU reports deprecated
 * features): the caller warns once the CPU is expanded. */
static int
qemuDomainApplyDefaultDeprecatedFeatures(const virCPUExpandContext *ctx,
                                         virTristateSwitch value,
                                         const virQEMUCapsAccel *accel,
                                         const virCPUDef *guest,
                                         virCPUDef **cpu,
                                         bool *assumed)
{
    char **deprecated;

    *cpu = NULL;
    *assumed = false;

    switch (guest->mode) {
    case VIR_CPU_MODE_HOST_MODEL:
        break;
    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
    case VIR_CPU_MODE_LAST:
    default:
        /* the default is about host-model only; host-recommended always
         * disables the deprecated features */
        return 0;
    }

    if (guest->deprecatedFeatures != VIR_TRISTATE_SWITCH_ABSENT ||
        !virCPUArchHasHostModelDeprecatedDefault(ctx->arch) ||
        !accel->hostCPU ||
        !(deprecated = virCPUHostModelGetDeprecated(accel->hostCPU)) ||
        !deprecated[0])
        return 0;

    switch (value) {
    case VIR_TRISTATE_SWITCH_ABSENT:
        *assumed = true;
        return 0;

    case VIR_TRISTATE_SWITCH_ON:
    case VIR_TRISTATE_SWITCH_OFF:
        *cpu = virCPUDefCopy(guest);
        (*cpu)->deprecatedFeatures = value;
        return 0;

    case VIR_TRISTATE_SWITCH_LAST:
    default:
        break;
    }

    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("unexpected default_cpu_deprecated_features value '%d'"),
                   value);
    return -1;
}


/* Add to @props every CPU prop name @caps knows.  Every virt type of one
 * binary knows the same props: those of its expansions and the
 * unavailable features of its models (KVM's host expansion folds s390x
 * subfunctions such as 'kimd-sha-1' into their group; TCG's full
 * expansion and the model lists name them). */
static void
qemuDomainCollectCPUProps(const virQEMUCaps *caps,
                          GHashTable *props)
{
    size_t i;
    size_t j;
    size_t k;

    for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++) {
        const virQEMUCapsAccel *a = virQEMUCapsGetAccel(caps, i);

        if (!a)
            continue;
        virCPUHostModelCollectProps(a->hostCPU, props);
        for (j = 0; j < a->nmodels; j++) {
            for (k = 0; a->models[j].blockers && a->models[j].blockers[k]; k++)
                g_hash_table_add(props, g_strdup(a->models[j].blockers[k]));
        }
    }
}


/* What libvirt's post-parse of a domain on a QEMU (its
 * qemuDomainDefCPUPostParse) adds to the CPU: migratable='on' for
 * host-passthrough where QEMU's host CPU has the property (x86), and,
 * when a feature names an SVE vector length (sve128, ...), the 'sve'
 * feature itself, required (turned to require where the domain lists it,
 * appended otherwise).  A disabled 'sve' beside vector lengths is left as
 * it is: libvirt refuses that domain, and so does QEMU. */
static void
qemuDomainCPUPostParse(virCPUDef *cpu,
                       const char *arch)
{
    virCPUFeatureDef *sve = NULL;
    bool lengths = false;
    size_t i;

    if (cpu->mode == VIR_CPU_MODE_HOST_PASSTHROUGH &&
        cpu->migratable == VIR_TRISTATE_SWITCH_ABSENT &&
        virCPUArchHasMigratable(arch))
        cpu->migratable = VIR_TRISTATE_SWITCH_ON;

    for (i = 0; i < cpu->nfeatures; i++) {
        if (STREQ(cpu->features[i].name, "sve"))
            sve = &cpu->features[i];
        else if (g_str_has_prefix(cpu->features[i].name, "sve"))
            lengths = true;
    }
    if (!lengths)
        return;
    if (!sve)
        virCPUDefAddFeature(cpu, "sve", VIR_CPU_FEATURE_REQUIRE);
    else if (sve->policy != VIR_CPU_FEATURE_DISABLE &&
             sve->policy != VIR_CPU_FEATURE_FORBID)
        sve->policy = VIR_CPU_FEATURE_REQUIRE;
}


void
qemuDomainGetGuestCPU(const virDomainDef *def,
                      const virQEMUCaps *caps,
                      virCPUDef **cpu)
{
    const char *arch = qemuDomainGetArch(def, caps);
    g_autoptr(virCPUDef) ret = NULL;

    *cpu = NULL;

    if (!def->cpu) {
        qemuDomainDefaultCPU(def, caps, arch, &ret);
    } else if (def->cpu->mode == VIR_CPU_MODE_CUSTOM && !def->cpu->model) {
        /* a <cpu> that only gives the topology, <numa>, ...: as libvirt
         * (qemuDomainDefSetDefaultCPU), the machine's default CPU with
         * what the user wrote kept */
        qemuDomainDefaultCPU(def, caps, arch, &ret);
        if (ret)
            qemuDomainMergeDefaultCPU(def->cpu, ret);
        else
            ret = virCPUDefCopy(def->cpu);
    } else {
        ret = virCPUDefCopy(def->cpu);
    }
    if (ret)
        qemuDomainCPUPostParse(ret, arch);
    *cpu = g_steal_pointer(&ret);
}


int
qemuDomainExpandCPU(const qemuDriverConfig *cfg,
                    const virDomainDef *def,
                    const virQEMUCaps *caps,
                    const char *emulator,
                    virCPUDef **cpu)
{
    g_autofree char *version = virQEMUCapsFormatVersion(caps);
    g_autoptr(GHashTable) props = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                        g_free, NULL);
    g_autoptr(GPtrArray) models = NULL;
    const virQEMUCapsAccel *accel;
    const virQEMUCapsMachine *machine = virQEMUCapsGetMachine(caps, def->virtType,
                                                              def->machine);
    virCPUExpandContext ctx = {
        .arch = qemuDomainGetArch(def, caps),
        .binary = emulator ? emulator : caps->binary,
        .qemuVersion = version,
        /* an unknown machine is refused where the machine is needed */
        .machine = machine ? machine->name : NULL,
    };
    virCPUQEMUData data = { .props = props, .modelTable = caps->modelTable };
    g_autoptr(virCPUDef) guestCPU = NULL;
    g_autoptr(virCPUDef) withDefault = NULL;
    const virCPUDef *guest;
    bool assumed = false;
    size_t i;

    *cpu = NULL;

    if (qemuDomainCheckCaps(def, caps, ctx.binary, version) < 0)
        return -1;

    qemuDomainGetGuestCPU(def, caps, &guestCPU);
    if (!(guest = guestCPU))
        return 0;

    accel = virQEMUCapsGetAccel(caps, def->virtType);
    qemuDomainCollectCPUProps(caps, props);

    if (accel->hasModels) {
        models = g_ptr_array_new();
        for (i = 0; i < accel->nmodels; i++)
            g_ptr_array_add(models, accel->models[i].name);
        g_ptr_array_add(models, NULL);
        data.models = (const char * const *)models->pdata;
    }

    /* before what the mode needs: the machine type allows none of it */
    if (virCPUCheckMachineMode(&ctx, def->virtType, guest->mode) < 0)
        return -1;

    if (virCPUModeUsesHostModel(guest->mode) &&
        virCPUCheckHostModelArch(&ctx) < 0)
        return -1;

    if (virCPUModeUsesHostModel(guest->mode) && !accel->hostCPU) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("QEMU %s ('%s') cannot expand the host CPU for virt type '%s': %s"),
                       version, ctx.binary,
                       virDomainVirtTypeToString(def->virtType),
                       accel->hostCPUError ? accel->hostCPUError : _("no reason given"));
        return -1;
    }

    if (qemuDomainApplyDefaultDeprecatedFeatures(&ctx,
                                                 qemuDriverConfigGetDefaultCPUDeprecatedFeatures(cfg),
                                                 accel, guest, &withDefault, &assumed) < 0)
        return -1;
    if (withDefault)
        guest = withDefault;

    if (!(*cpu = virCPUExpandGuest(&ctx, def->virtType, guest,
                                   accel->hostCPU, &data)))
        return -1;

    if (assumed)
        virReportWarning(_("CPU mode 'host-model' without deprecated_features keeps QEMU's deprecated CPU features on, as libvirt 11.5 and older do; libvirt 11.6 and newer turn them off by default on %s: say which with the default for deprecated CPU features ('on' or 'off', qemu.conf's default_cpu_deprecated_features)"),
                         ctx.arch);

    qemuDomainWarnBlockers(caps, def->virtType, *cpu);
    return 0;
}

int
qemuDomainExpandCPUForDefinition(const qemuDriverConfig *cfg,
                                 const virDomainDef *def,
                                 const virQEMUCaps *caps,
                                 const char *emulator,
                                 virDomainHostrecDeprecatedSource source,
                                 virCPUDef **cpu,
                                 virDomainHostrecMetadata **meta)
{
    g_autoptr(virCPUDef) expanded = NULL;
    const virQEMUCapsAccel *accel;
    g_autofree char *version = NULL;
    char **deprecated = NULL;   /* owned by @caps */
    size_t i;

    if (qemuDomainExpandCPU(cfg, def, caps, emulator, &expanded) < 0)
        return -1;
    for (i = 0; expanded && i < expanded->nfeatures; i++) {
        expanded->features[i].reason = VIR_CPU_FEATURE_REASON_NONE;
        g_clear_pointer(&expanded->features[i].requires, g_free);
    }

    if (meta) {
        *meta = NULL;
        /* the intent of the modes hostrec expands; other CPUs go as they are */
        if (def->cpu && (def->cpu->mode == VIR_CPU_MODE_HOST_RECOMMENDED ||
                         def->cpu->mode == VIR_CPU_MODE_HOST_MODEL)) {
            if ((accel = virQEMUCapsGetAccel(caps, def->virtType)) && accel->hostCPU)
                deprecated = virCPUHostModelGetDeprecated(accel->hostCPU);
            version = virQEMUCapsFormatVersion(caps);
            *meta = virDomainHostrecMetadataNewFromCPU(def->cpu, version, source,
                                                       (const char * const *)deprecated);
        }
    }

    *cpu = g_steal_pointer(&expanded);
    return 0;
}

static char *
qemuBuildSMPArg(const virDomainDef *def,
                const virQEMUCapsMachine *machine)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    unsigned int cur = def->vcpus ? def->vcpus : 1;
    unsigned int max = MAX(def->maxvcpus, cur);
    const virCPUTopology *topo = def->cpu ? def->cpu->topology : NULL;
    unsigned int sockets = max;
    unsigned int dies = 1;
    unsigned int clusters = 1;
    unsigned int cores = 1;
    unsigned int threads = 1;

    if (topo) {
        unsigned int topoVcpus;

        sockets = topo->sockets ? topo->sockets : 1;
        dies = topo->dies ? topo->dies : 1;
        clusters = topo->clusters ? topo->clusters : 1;
        cores = topo->cores ? topo->cores : 1;
        threads = topo->threads ? topo->threads : 1;
        /* as libvirt's QEMU driver: the topology must give exactly the
         * maximum vCPU count (counted without wrapping) */
        if (virCPUTopologyGetVcpus(topo, &topoVcpus) < 0)
            return NULL;
        if (topoVcpus != max) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("CPU topology gives %u vCPUs, but the domain has %u"),
                           topoVcpus, max);
            return NULL;
        }
    }

    if (machine && machine->maxCpus && max > machine->maxCpus) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("machine '%s' supports at most %u vCPUs"),
                       machine->name, machine->maxCpus);
        return NULL;
    }

    g_string_append_printf(buf, "%u", cur);
    if (max != cur)
        g_string_append_printf(buf, ",maxcpus=%u", max);
    g_string_append_printf(buf, ",sockets=%u", sockets);
    if (dies > 1)
        g_string_append_printf(buf, ",dies=%u", dies);
    if (clusters > 1)
        g_string_append_printf(buf, ",clusters=%u", clusters);
    g_string_append_printf(buf, ",cores=%u,threads=%u", cores, threads);

    return g_string_free(g_steal_pointer(&buf), FALSE);
}

/* The machine @def runs: the one it names (or an alias of it), else
 * QEMU's default.  NULL with an error naming QEMU @version otherwise. */
static const virQEMUCapsMachine *
qemuDomainGetMachine(const virDomainDef *def,
                     const virQEMUCaps *caps,
                     const char *version)
{
    const virQEMUCapsMachine *machine;

    if ((machine = virQEMUCapsGetMachine(caps, def->virtType, def->machine)))
        return machine;

    if (def->machine) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("machine '%s' is not known to QEMU %s ('%s')"),
                       def->machine, version, caps->binary);
    } else {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("QEMU %s ('%s') has no default machine; name one in <os><type machine=''>"),
                       version, caps->binary);
    }
    return NULL;
}

/* The <cpu> children hostrec keeps but builds no arguments for: libvirt
 * turns <numa> into -numa and memory backends, <cache> and <maxphysaddr>
 * into -cpu props.  Refused rather than left out of the command line. */
static int
qemuBuildCheckKeptCPU(const virCPUDef *cpu)
{
    const virCPUKept *kept[3];
    size_t i;

    if (!cpu)
        return 0;
    kept[0] = cpu->numa;
    kept[1] = cpu->cache;
    kept[2] = cpu->maxphysaddr;
    for (i = 0; i < G_N_ELEMENTS(kept); i++) {
        if (kept[i]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("hostrec builds no QEMU command line for a CPU with <%s> (every other command keeps the element)"),
                           virCPUKeptGetName(kept[i]));
            return -1;
        }
    }
    return 0;
}

/* Where libvirt adds -cpu properties hostrec does not model: the
 * domain's <features>, <clock> and <panic> (virDomainCPUProps; <pmu> adds
 * nothing where the arch driver says the PMU is always on,
 * virCPUArchHasPMUAlwaysOn: ppc64) and the CPU's vendor_id.  Refused
 * rather than left out of -cpu. */
static int
qemuBuildCheckCPUProps(const virDomainDef *def,
                       const char *arch)
{
    const char *what = NULL;
    size_t i;

    for (i = 0; i < VIR_DOMAIN_CPU_PROPS_LAST && !what; i++) {
        if (!def->cpuProps[i])
            continue;
        if (i == VIR_DOMAIN_CPU_PROPS_PMU && virCPUArchHasPMUAlwaysOn(arch))
            continue;
        what = virDomainCPUPropsTypeToString(i);
    }
    if (!what && def->cpu && def->cpu->vendorId)
        what = "<cpu><model vendor_id=''>";
    if (!what)
        return 0;

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("hostrec builds no QEMU command line for a domain with %s, from which libvirt derives -cpu properties that hostrec does not model"),
                   what);
    return -1;
}

char **
qemuBuildCommandLine(const qemuDriverConfig *cfg,
                     const virDomainDef *def,
                     const virQEMUCaps *caps,
                     const char *emulator)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(GString) name = g_string_new("guest=");
    g_autofree char *version = virQEMUCapsFormatVersion(caps);
    g_autofree char *smp = NULL;
    const virQEMUCapsMachine *machine;
    const char *binary = emulator ? emulator : caps->binary;
    qemuMonitorAccel accel;
    unsigned long long memKiB;

    /* Messages name what the data came from (the binary probed, or the
     * recording replayed), not the path the command line shows. */
    if (qemuBuildCheckKeptCPU(def->cpu) < 0 ||
        qemuBuildCheckCPUProps(def, qemuDomainGetArch(def, caps)) < 0 ||
        qemuDomainExpandCPU(cfg, def, caps, NULL, &cpu) < 0)
        return NULL;

    if (!(machine = qemuDomainGetMachine(def, caps, version)))
        return NULL;

    if (!(smp = qemuBuildSMPArg(def, machine)))
        return NULL;

    g_ptr_array_add(argv, g_strdup(binary));

    virQEMUBufferEscapeComma(name, def->name);
    g_ptr_array_add(argv, g_strdup("-name"));
    g_ptr_array_add(argv, g_string_free(g_steal_pointer(&name), FALSE));

    /* The alias resolved: the domain keeps the machine it started with. */
    if (virQEMUNameCheck(VIR_QEMU_NAME_MACHINE, machine->name,
                         VIR_ERR_INTERNAL_ERROR, binary) < 0)
        return NULL;
    g_ptr_array_add(argv, g_strdup("-machine"));
    g_ptr_array_add(argv, virQEMUEscapeComma(machine->name));

    g_ptr_array_add(argv, g_strdup("-accel"));
    accel = qemuHostVirtTypeToAccel(def->virtType);
    g_ptr_array_add(argv, g_strdup(qemuMonitorAccelTypeToString(accel)));

    if (cpu) {
        char *arg = qemuBuildCPUArg(cpu, qemuDomainGetArch(def, caps));

        if (!arg)
            return NULL;
        g_ptr_array_add(argv, g_strdup("-cpu"));
        g_ptr_array_add(argv, arg);
    }

    /* Like libvirt: memory rounded up to a whole MiB. */
    memKiB = (def->memoryKiB + 1023) / 1024 * 1024;
    g_ptr_array_add(argv, g_strdup("-m"));
    g_ptr_array_add(argv, g_strdup_printf("size=%lluk", memKiB));

    g_ptr_array_add(argv, g_strdup("-smp"));
    g_ptr_array_add(argv, g_steal_pointer(&smp));

    if (def->hasUUID) {
        char uuid[37];

        virUUIDFormat(def->uuid, uuid);
        g_ptr_array_add(argv, g_strdup("-uuid"));
        g_ptr_array_add(argv, g_strdup(uuid));
    }

    g_ptr_array_add(argv, g_strdup("-display"));
    g_ptr_array_add(argv, g_strdup("none"));
    g_ptr_array_add(argv, g_strdup("-no-user-config"));
    g_ptr_array_add(argv, g_strdup("-nodefaults"));

    g_ptr_array_add(argv, NULL);
    g_ptr_array_set_free_func(argv, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&argv), FALSE);
}

/* Characters a POSIX shell takes literally in an unquoted word. */
static bool
qemuShellWordIsSafe(const char *str)
{
    if (!*str)
        return false;
    for (; *str; str++) {
        if (!g_ascii_isalnum(*str) && !strchr("_@%+=:,./-", *str))
            return false;
    }
    return true;
}

char *
qemuCommandLineFormat(char * const *argv)
{
    g_autoptr(GString) buf = g_string_new(NULL);
    size_t i;

    for (i = 0; argv[i]; i++) {
        const char *p;

        if (i > 0)
            g_string_append_c(buf, ' ');
        if (qemuShellWordIsSafe(argv[i])) {
            g_string_append(buf, argv[i]);
            continue;
        }
        g_string_append_c(buf, '\'');
        for (p = argv[i]; *p; p++) {
            if (*p == '\'')
                g_string_append(buf, "'\\''");
            else
                g_string_append_c(buf, *p);
        }
        g_string_append_c(buf, '\'');
    }

    return g_string_free(g_steal_pointer(&buf), FALSE);
}
