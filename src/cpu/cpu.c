/*
 * cpu.c: guest CPU expansion, dispatched to per-arch drivers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The rules are those of docs/formatdomain.rst, "CPU model expansion".
 * Everything about models, props and deprecation comes from QEMU through
 * virCPUHostModel and virCPUQEMUData; an arch driver (cpu_driver.h) only
 * adds what QEMU states in its source but not over QMP (feature
 * dependencies, machine types without CPU models, the model generations
 * of the offline baseline) and what libvirt does per arch (whether
 * host-model comes from QEMU, the 'migratable' property, the guest CPUs
 * it refuses); the predicates below are how the rest of hostrec asks it,
 * so that no arch name is tested outside the drivers.  An arch without a
 * driver takes the generic path.
 */

#include "internal.h"

#include <string.h>

#include "cpu.h"
#include "cpu_driver.h"
#include "cpu_policy.h"
#include "virerror.h"

/* Messages name the QEMU the data came from. */
static const char *
virCPUContextVersion(const virCPUExpandContext *ctx)
{
    return ctx && ctx->qemuVersion ? ctx->qemuVersion : _("(unknown version)");
}

static const char *
virCPUContextBinary(const virCPUExpandContext *ctx)
{
    return ctx && ctx->binary ? ctx->binary : _("(unknown binary)");
}

/* Whether QEMU knows the prop @name: it is one QEMU reported (a prop of
 * an expansion, a deprecated prop, an unavailable feature of a model).
 * When QEMU reported no prop at all there is nothing to check against
 * and QEMU itself refuses an unknown prop at start; the name rule of
 * virqemu.h still holds for every name (checked where it entered). */
bool
virCPUPropIsKnown(GHashTable *props,
                  const char *name)
{
    if (!props || g_hash_table_size(props) == 0)
        return true;
    return g_hash_table_contains(props, name);
}


bool
virCPUModeUsesHostModel(virCPUMode mode)
{
    switch (mode) {
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
        return true;
    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
    case VIR_CPU_MODE_LAST:
    default:
        return false;
    }
}


int
virCPUCheckHostModelArch(const virCPUExpandContext *ctx)
{
    const char *arch = ctx ? ctx->arch : NULL;

    if (virCPUArchHasHostModel(arch))
        return 0;

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("hostrec cannot compute CPU modes 'host-model' and 'host-recommended' for arch '%s' the way libvirt does, which does not take them from QEMU's host CPU expansion there; use 'host-passthrough', 'maximum' or a 'custom' model"),
                   arch ? arch : _("(unknown arch)"));
    return -1;
}


int
virCPUCheckMachineMode(const virCPUExpandContext *ctx,
                       virDomainVirtType virtType,
                       virCPUMode mode)
{
    if (!ctx || virCPUMachineAllowsMode(ctx->arch, virtType, ctx->machine, mode))
        return 0;

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("CPU mode '%s' is not available on machine type '%s' under KVM, where QEMU allows no CPU model: use mode 'host-passthrough' or a newer machine type, as libvirt requires"),
                   NULLSTR(virCPUModeTypeToString(mode)), ctx->machine);
    return -1;
}


virCPUDef *
virCPUExpandHostModel(const virCPUExpandContext *ctx,
                      const virCPUHostModel *host)
{
    g_autoptr(virCPUDef) cpu = NULL;
    size_t i;

    if (virCPUCheckHostModelArch(ctx) < 0)
        return NULL;

    if (!host || !host->model) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("QEMU %s ('%s') did not report a host CPU model"),
                       virCPUContextVersion(ctx), virCPUContextBinary(ctx));
        return NULL;
    }

    cpu = virCPUDefNew();
    cpu->mode = VIR_CPU_MODE_CUSTOM;
    cpu->match = VIR_CPU_MATCH_EXACT;
    cpu->fallback = VIR_CPU_FALLBACK_FORBID;
    cpu->model = g_strdup(host->model);

    for (i = 0; i < host->nprops; i++) {
        virCPUDefAddFeature(cpu, host->props[i].name,
                            host->props[i].enabled ? VIR_CPU_FEATURE_REQUIRE
                                                   : VIR_CPU_FEATURE_DISABLE);
    }

    return g_steal_pointer(&cpu);
}

/* Disable QEMU's deprecated set in @cpu (virCPUDeprecatedSetDisable)
 * and, with @dependents (host-recommended rather than
 * deprecated_features='off'), every feature that requires one of them;
 * features @user turns on are left alone.  Returns the set, for the
 * user's features to be checked against; NULL with an error naming the
 * requested behaviour when QEMU did not report deprecated features. */
static virCPUDeprecatedSet *
virCPUDisableDeprecated(const virCPUExpandContext *ctx,
                        virCPUDef *cpu,
                        const virCPUHostModel *host,
                        const virCPUDef *user,
                        bool dependents)
{
    char **deprecated = virCPUHostModelGetDeprecated(host);
    const char *arch = ctx && ctx->arch ? ctx->arch : NULL;
    const virCPUArchDriver *drv = virCPUGetDriver(arch);
    g_autoptr(virCPUDeprecatedSet) set = NULL;
    unsigned int flags = VIR_CPU_DEPRECATED_REASONS;

    if (!deprecated) {
        if (!arch)
            arch = _("(unknown arch)");

        /* Where QEMU reports them (the driver says from which release),
         * say which QEMU does, and nowhere else. */
        if (drv && drv->deprecatedSince && dependents) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("QEMU %s ('%s') does not report deprecated CPU features; CPU mode 'host-recommended' needs a QEMU that does (QEMU %s or newer on %s)"),
                           virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                           drv->deprecatedSince, drv->arches[0]);
        } else if (drv && drv->deprecatedSince) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("QEMU %s ('%s') does not report deprecated CPU features; deprecated_features='off' needs a QEMU that does (QEMU %s or newer on %s)"),
                           virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                           drv->deprecatedSince, drv->arches[0]);
        } else if (dependents) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("QEMU %s ('%s') does not report deprecated CPU features for arch '%s'; CPU mode 'host-recommended' needs a QEMU that does"),
                           virCPUContextVersion(ctx), virCPUContextBinary(ctx), arch);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("QEMU %s ('%s') does not report deprecated CPU features for arch '%s'; deprecated_features='off' needs a QEMU that does"),
                           virCPUContextVersion(ctx), virCPUContextBinary(ctx), arch);
        }
        return NULL;
    }

    if (dependents)
        flags |= VIR_CPU_DEPRECATED_DEPENDENTS;
    set = virCPUDeprecatedSetNew(arch, deprecated);
    virCPUDeprecatedSetDisable(set, cpu, host, user, flags);
    return g_steal_pointer(&set);
}

virCPUDef *
virCPUExpandHostRecommended(const virCPUExpandContext *ctx,
                            const virCPUHostModel *host)
{
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(virCPUDeprecatedSet) set = NULL;

    if (!(cpu = virCPUExpandHostModel(ctx, host)))
        return NULL;

    if (!(set = virCPUDisableDeprecated(ctx, cpu, host, NULL, true)))
        return NULL;

    return g_steal_pointer(&cpu);
}

/* The names of the props @host has on, in either expansion. */
static GHashTable *
virCPUHostModelEnabledProps(const virCPUHostModel *host)
{
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    for (i = 0; i < host->nfullProps; i++) {
        if (host->fullProps[i].enabled)
            g_hash_table_add(set, host->fullProps[i].name);
    }
    for (i = 0; i < host->nprops; i++) {
        if (host->props[i].enabled)
            g_hash_table_add(set, host->props[i].name);
    }
    return set;
}

/* The policy a user feature gets in the expanded CPU: 'optional' becomes
 * what the host CPU has (arch drivers may refuse it before).  *@enabled
 * caches virCPUHostModelEnabledProps(@host) between calls. */
static int
virCPUResolvePolicy(const virCPUFeatureDef *feature,
                    const virCPUHostModel *host,
                    const virCPUDeprecatedSet *deprecated,
                    GHashTable **enabled,
                    virCPUFeaturePolicy *policy)
{
    switch (feature->policy) {
    case VIR_CPU_FEATURE_FORCE:
    case VIR_CPU_FEATURE_REQUIRE:
    case VIR_CPU_FEATURE_DISABLE:
    case VIR_CPU_FEATURE_FORBID:
        *policy = feature->policy;
        return 0;

    case VIR_CPU_FEATURE_OPTIONAL:
        if (!host || (host->nprops == 0 && host->nfullProps == 0)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("policy 'optional' of CPU feature '%s' needs the host CPU, which QEMU did not report"),
                           feature->name);
            return -1;
        }
        /* Only 'require' or 'force' of its exact name turns a deprecated
         * feature back on: to host-recommended the host does not have
         * it. */
        if (deprecated && virCPUDeprecatedSetIsListed(deprecated, feature->name)) {
            *policy = VIR_CPU_FEATURE_DISABLE;
            return 0;
        }
        if (!*enabled)
            *enabled = virCPUHostModelEnabledProps(host);
        *policy = g_hash_table_contains(*enabled, feature->name) ?
            VIR_CPU_FEATURE_REQUIRE : VIR_CPU_FEATURE_DISABLE;
        return 0;

    case VIR_CPU_FEATURE_LAST:
    default:
        break;
    }

    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("unexpected CPU feature policy '%d'"), feature->policy);
    return -1;
}

/* Apply the user's <feature>s to @cpu: they win over everything that was
 * computed.  With @deprecated (host-recommended, deprecated_features='off')
 * re-enabling a feature QEMU lists is worth a warning, and so is enabling
 * one that requires a listed feature left disabled, once per entry of
 * virCPUDeprecatedSetGetRequired().  Linear in the sizes of the CPU, the
 * user's CPU, the host CPU and the deprecated set. */
static int
virCPUApplyUserFeatures(virCPUDef *cpu,
                        const virCPUDef *user,
                        const virCPUHostModel *host,
                        const virCPUDeprecatedSet *deprecated)
{
    g_autoptr(virCPUFeatureIndex) idx = virCPUFeatureIndexNew(cpu);
    g_autoptr(virCPUFeatureIndex) userIdx = virCPUFeatureIndexNew(user);
    g_autoptr(GHashTable) enabled = NULL;
    size_t i;
    size_t j;

    for (i = 0; i < user->nfeatures; i++) {
        const char *name = user->features[i].name;
        g_autoptr(GPtrArray) required = NULL;
        virCPUFeaturePolicy policy;
        virCPUFeatureDef *f;

        if (virCPUResolvePolicy(&user->features[i], host, deprecated, &enabled, &policy) < 0)
            return -1;

        f = virCPUFeatureIndexUpdate(idx, cpu, name, policy);
        f->reason = VIR_CPU_FEATURE_REASON_NONE;
        g_clear_pointer(&f->requires, g_free);

        if (!deprecated || !virCPUFeaturePolicyIsEnabled(policy))
            continue;

        if (virCPUDeprecatedSetIsListed(deprecated, name)) {
            virReportWarning(_("CPU feature '%s' is deprecated by QEMU and the domain enables it: the guest may not start or migrate on newer hosts"),
                             name);
            continue;
        }

        required = virCPUDeprecatedSetGetRequired(deprecated, name);
        for (j = 0; j < required->len; j++) {
            const char *dep = g_ptr_array_index(required, j);
            const virCPUFeatureDef *req = virCPUFeatureIndexFind(idx, dep);

            if (req && !virCPUFeaturePolicyIsEnabled(req->policy) &&
                !virCPUFeatureIndexEnables(userIdx, dep)) {
                virReportWarning(_("CPU feature '%s' is enabled but requires the deprecated feature '%s', which is disabled"),
                                 name, dep);
            }
        }
    }

    return 0;
}

static int
virCPUValidateGuestFeatures(const virCPUExpandContext *ctx,
                            const virCPUDef *guest,
                            const virCPUQEMUData *data)
{
    const virCPUArchDriver *drv = virCPUGetDriver(ctx ? ctx->arch : NULL);
    size_t i;

    if (drv && drv->validateGuest && drv->validateGuest(guest) < 0)
        return -1;

    for (i = 0; i < guest->nfeatures; i++) {
        if (!virCPUPropIsKnown(data ? data->props : NULL, guest->features[i].name)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("CPU feature '%s' is not known to QEMU %s ('%s')"),
                           guest->features[i].name,
                           virCPUContextVersion(ctx), virCPUContextBinary(ctx));
            return -1;
        }
    }
    return 0;
}

static virCPUDef *
virCPUExpandGuestCustom(const virCPUExpandContext *ctx,
                        virDomainVirtType virtType,
                        const virCPUDef *guest,
                        const virCPUHostModel *host,
                        const virCPUQEMUData *data)
{
    g_autoptr(virCPUDef) cpu = virCPUDefNew();

    if (!guest->model) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("CPU mode 'custom' needs a <model>"));
        return NULL;
    }

    if (data && data->models &&
        !g_strv_contains(data->models, guest->model)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("CPU model '%s' is not defined by QEMU %s ('%s') for virt type '%s'"),
                       guest->model,
                       virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                       virDomainVirtTypeToString(virtType));
        return NULL;
    }

    cpu->mode = VIR_CPU_MODE_CUSTOM;
    cpu->match = VIR_CPU_MATCH_EXACT;
    cpu->fallback = VIR_CPU_FALLBACK_FORBID;
    cpu->model = g_strdup(guest->model);

    if (virCPUApplyUserFeatures(cpu, guest, host, NULL) < 0)
        return NULL;

    return g_steal_pointer(&cpu);
}

static virCPUDef *
virCPUExpandGuestHost(const virCPUExpandContext *ctx,
                      virDomainVirtType virtType,
                      const virCPUDef *guest,
                      const virCPUHostModel *host)
{
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(virCPUDeprecatedSet) deprecated = NULL;

    if (virCPUCheckHostModelArch(ctx) < 0)
        return NULL;

    if (!host || !host->model) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("QEMU %s ('%s') cannot expand the host CPU for virt type '%s', which CPU mode '%s' needs"),
                       virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                       virDomainVirtTypeToString(virtType),
                       virCPUModeTypeToString(guest->mode));
        return NULL;
    }

    if (!(cpu = virCPUExpandHostModel(ctx, host)))
        return NULL;

    /* host-recommended disables the deprecated set and its dependents
     * before the user's features; upstream's deprecated_features='off' on
     * host-model is applied after them (virCPUApplyDeprecatedFeatures) */
    switch (guest->mode) {
    case VIR_CPU_MODE_HOST_RECOMMENDED:
        if (!(deprecated = virCPUDisableDeprecated(ctx, cpu, host, guest, true)))
            return NULL;
        break;

    case VIR_CPU_MODE_HOST_MODEL:
        break;

    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("CPU mode '%s' is not computed from the host CPU"),
                       NULLSTR(virCPUModeTypeToString(guest->mode)));
        return NULL;
    }

    if (virCPUApplyUserFeatures(cpu, guest, host, deprecated) < 0)
        return NULL;

    return g_steal_pointer(&cpu);
}

static virCPUDef *
virCPUExpandGuestNamed(const virCPUExpandContext *ctx,
                       virDomainVirtType virtType,
                       const virCPUDef *guest,
                       const virCPUHostModel *host)
{
    g_autoptr(virCPUDef) cpu = virCPUDefNew();

    switch (guest->mode) {
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
        if (virtType != VIR_DOMAIN_VIRT_KVM) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("CPU mode 'host-passthrough' needs KVM, not virt type '%s'; use 'maximum' or 'host-model' instead"),
                           virDomainVirtTypeToString(virtType));
            return NULL;
        }
        break;

    case VIR_CPU_MODE_MAXIMUM:
        break;

    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("CPU mode '%s' is not one QEMU names itself"),
                       NULLSTR(virCPUModeTypeToString(guest->mode)));
        return NULL;
    }

    cpu->mode = guest->mode;
    cpu->migratable = guest->migratable;

    if (virCPUApplyUserFeatures(cpu, guest, host, NULL) < 0)
        return NULL;

    return g_steal_pointer(&cpu);
}

/* QEMU refuses to start a CPU model with a feature of a later
 * generation; so does the expansion, where the model's feature sets are
 * known (@data->modelTable). */
static int
virCPUCheckLaterFeatures(const virCPUExpandContext *ctx,
                         const virCPUDef *cpu,
                         const virCPUQEMUData *data)
{
    g_autoptr(GPtrArray) later = NULL;

    if (!data || !data->modelTable || !cpu->model ||
        !STREQ_NULLABLE(data->modelTable->arch, ctx->arch))
        return 0;

    later = virCPUModelTableGetLaterFeatures(data->modelTable, cpu);
    if (later->len == 0)
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("QEMU %s ('%s') does not let CPU model '%s' have feature '%s': it came with a later CPU model"),
                   virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                   cpu->model, (const char *)g_ptr_array_index(later, 0));
    return -1;
}

static bool
virCPUDriverReportsDeprecated(const virCPUArchDriver *drv)
{
    return drv->deprecatedSince != NULL;
}

/* deprecated_features='@value' without a QEMU that reports deprecated
 * features, on any arch: the message names the QEMU that reports them
 * (the arch's own where its QEMU does, else the first driver's that
 * does), as libvirt's does. */
static void
virCPUReportNoDeprecated(const virCPUExpandContext *ctx,
                         virTristateSwitch value)
{
    const virCPUArchDriver *drv = virCPUGetDriver(ctx ? ctx->arch : NULL);

    if (!drv || !drv->deprecatedSince)
        drv = virCPUGetDriverWith(virCPUDriverReportsDeprecated);

    if (drv) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("QEMU %s ('%s') does not report deprecated CPU features; deprecated_features='%s' needs a QEMU that does (QEMU %s or newer on %s), as in libvirt"),
                       virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                       virTristateSwitchTypeToString(value),
                       drv->deprecatedSince, drv->arches[0]);
    } else {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("QEMU %s ('%s') does not report deprecated CPU features; deprecated_features='%s' needs a QEMU that does, as in libvirt"),
                       virCPUContextVersion(ctx), virCPUContextBinary(ctx),
                       virTristateSwitchTypeToString(value));
    }
}

/* libvirt 11.3 takes deprecated_features on every CPU mode but
 * host-recommended (which refuses it): any value needs a QEMU that reports
 * deprecated features, and 'off' disables them in the CPU built so far,
 * the user's features included, changed in place or appended, as
 * libvirt's virQEMUCapsUpdateCPUDeprecatedFeatures() does after it has
 * applied the user's features.  No dependents: that is host-recommended's
 * rule, not libvirt's. */
static int
virCPUApplyDeprecatedFeatures(const virCPUExpandContext *ctx,
                              virCPUDef *cpu,
                              const virCPUDef *guest,
                              const virCPUHostModel *host)
{
    g_autoptr(virCPUDeprecatedSet) set = NULL;
    g_autoptr(virCPUFeatureIndex) idx = NULL;
    g_autoptr(virCPUFeatureIndex) userIdx = NULL;
    char **deprecated = host ? virCPUHostModelGetDeprecated(host) : NULL;
    size_t i;

    switch ((virTristateSwitch) guest->deprecatedFeatures) {
    case VIR_TRISTATE_SWITCH_ABSENT:
        return 0;

    case VIR_TRISTATE_SWITCH_ON:
    case VIR_TRISTATE_SWITCH_OFF:
        if (!deprecated) {
            virCPUReportNoDeprecated(ctx, guest->deprecatedFeatures);
            return -1;
        }
        if (guest->deprecatedFeatures == VIR_TRISTATE_SWITCH_ON)
            return 0;
        break;

    case VIR_TRISTATE_SWITCH_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected deprecated_features value '%d'"),
                       guest->deprecatedFeatures);
        return -1;
    }

    userIdx = virCPUFeatureIndexNew(guest);
    for (i = 0; deprecated[i]; i++) {
        const virCPUFeatureDef *f = virCPUFeatureIndexFind(userIdx, deprecated[i]);

        if (f && virCPUFeaturePolicyIsEnabled(f->policy)) {
            virReportWarning(_("CPU feature '%s' is deprecated by QEMU: deprecated_features='off' turns it off although the domain enables it, as libvirt does"),
                             deprecated[i]);
        }
    }

    if (!(set = virCPUDisableDeprecated(ctx, cpu, host, NULL, false)))
        return -1;

    /* a feature the domain enables that needs one turned off now */
    idx = virCPUFeatureIndexNew(cpu);
    for (i = 0; i < guest->nfeatures; i++) {
        g_autoptr(GPtrArray) required = NULL;
        size_t j;

        if (!virCPUFeaturePolicyIsEnabled(guest->features[i].policy) ||
            virCPUDeprecatedSetIsListed(set, guest->features[i].name))
            continue;

        required = virCPUDeprecatedSetGetRequired(set, guest->features[i].name);
        for (j = 0; j < required->len; j++) {
            const char *dep = g_ptr_array_index(required, j);
            const virCPUFeatureDef *req = virCPUFeatureIndexFind(idx, dep);

            if (req && !virCPUFeaturePolicyIsEnabled(req->policy)) {
                virReportWarning(_("CPU feature '%s' is enabled but requires the deprecated feature '%s', which is disabled"),
                                 guest->features[i].name, dep);
            }
        }
    }
    return 0;
}

virCPUCheck
virCPUGetEffectiveCheck(virCPUCheck check,
                        virCPUMode mode,
                        virDomainVirtType virtType)
{
    if (check != VIR_CPU_CHECK_ABSENT)
        return check;

    switch (mode) {
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
        return VIR_CPU_CHECK_NONE;
    case VIR_CPU_MODE_CUSTOM:
        return virtType == VIR_DOMAIN_VIRT_QEMU ? VIR_CPU_CHECK_NONE
                                                : VIR_CPU_CHECK_PARTIAL;
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_LAST:
    default:
        return VIR_CPU_CHECK_PARTIAL;
    }
}

GPtrArray *
virCPUGetForbiddenPresent(const virCPUDef *cpu,
                          virCPUCheck check,
                          const virCPUHostModel *host)
{
    GPtrArray *present = g_ptr_array_new();
    g_autoptr(GHashTable) enabled = NULL;
    size_t i;

    if (!host || check == VIR_CPU_CHECK_NONE)
        return present;

    for (i = 0; i < cpu->nfeatures; i++) {
        if (cpu->features[i].policy != VIR_CPU_FEATURE_FORBID)
            continue;
        if (!enabled) {
            size_t j;

            /* one pass over the host CPU, whatever the guest lists */
            enabled = g_hash_table_new(g_str_hash, g_str_equal);
            for (j = 0; j < host->nprops; j++) {
                if (host->props[j].enabled)
                    g_hash_table_add(enabled, host->props[j].name);
            }
        }
        if (g_hash_table_contains(enabled, cpu->features[i].name))
            g_ptr_array_add(present, cpu->features[i].name);
    }
    return present;
}

/* Unless the check is 'none', libvirt refuses to start a guest that
 * forbids a feature the host CPU (QEMU's expansion of "host", or of "max"
 * under TCG) has. */
static int
virCPUCheckForbidden(const virCPUExpandContext *ctx,
                     virDomainVirtType virtType,
                     const virCPUDef *guest,
                     const virCPUHostModel *host)
{
    virCPUCheck check = virCPUGetEffectiveCheck(guest->check, guest->mode, virtType);
    g_autoptr(GPtrArray) present = virCPUGetForbiddenPresent(guest, check, host);

    if (present->len == 0)
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("CPU feature '%s' has policy 'forbid', but the host CPU of QEMU %s ('%s') has it: libvirt refuses to start such a guest unless check='none'"),
                   (const char *)g_ptr_array_index(present, 0),
                   virCPUContextVersion(ctx), virCPUContextBinary(ctx));
    return -1;
}

virCPUDef *
virCPUExpandGuest(const virCPUExpandContext *ctx,
                  virDomainVirtType virtType,
                  const virCPUDef *guest,
                  const virCPUHostModel *host,
                  const virCPUQEMUData *data)
{
    g_autoptr(virCPUDef) cpu = NULL;

    if (virCPUCheckMachineMode(ctx, virtType, guest->mode) < 0 ||
        virCPUValidateGuestFeatures(ctx, guest, data) < 0 ||
        virCPUCheckForbidden(ctx, virtType, guest, host) < 0)
        return NULL;

    switch (guest->mode) {
    case VIR_CPU_MODE_CUSTOM:
        cpu = virCPUExpandGuestCustom(ctx, virtType, guest, host, data);
        break;

    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
        cpu = virCPUExpandGuestHost(ctx, virtType, guest, host);
        break;

    case VIR_CPU_MODE_HOST_PASSTHROUGH:
    case VIR_CPU_MODE_MAXIMUM:
        cpu = virCPUExpandGuestNamed(ctx, virtType, guest, host);
        break;

    case VIR_CPU_MODE_LAST:
    default:
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected CPU mode '%d'"), guest->mode);
        return NULL;
    }

    if (!cpu)
        return NULL;

    if (virCPUCheckLaterFeatures(ctx, cpu, data) < 0)
        return NULL;

    if (guest->mode != VIR_CPU_MODE_HOST_RECOMMENDED &&
        virCPUApplyDeprecatedFeatures(ctx, cpu, guest, host) < 0)
        return NULL;

    cpu->check = guest->check;
    if (guest->topology)
        cpu->topology = g_memdup2(guest->topology, sizeof(*guest->topology));
    cpu->cache = virCPUKeptCopy(guest->cache);
    cpu->maxphysaddr = virCPUKeptCopy(guest->maxphysaddr);
    cpu->numa = virCPUKeptCopy(guest->numa);

    return g_steal_pointer(&cpu);
}
