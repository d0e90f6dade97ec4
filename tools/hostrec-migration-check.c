/*
 * hostrec-migration-check.c: "hostrec migration-check"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Offline: would a guest started on host A in its CPU mode run on host B?
 * A and B are QEMU capabilities (a .replies recording, or a hostrec
 * capabilities cache file).  The guest CPU is expanded on A exactly as
 * "hostrec domxml-expand" would (host-model, host-recommended, custom);
 * what blocks it on B is
 *   - the unavailable-features B's QEMU reports for the guest's base
 *     model (or the model itself when B does not know it), and
 *   - every feature the guest enables that B's host CPU lacks or has off
 *     (B's full host expansion when recorded, else its static one).
 * Exit status: 0 the guest can migrate, 2 it cannot, 1 error.
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hostrec.h"
#include "qemu_capscache.h"
#include "qemu_command.h"
#include "virerror.h"
#include "virfile.h"

#define HOSTREC_MIGRATION_EXIT_BLOCKED 2

static char *hostrecMigrationSource;
static char *hostrecMigrationDestination;

static const GOptionEntry hostrecMigrationOptionEntries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationSource,
      N_("the capabilities of the host the guest starts on (.replies or cache file)"), N_("FILE") },
    { "destination", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationDestination,
      N_("the capabilities of the host to migrate to (.replies or cache file)"), N_("FILE") },
    { NULL }
};


/* A hostrec cache file is XML; anything else is taken as a recording. */
static int
hostrecMigrationLoadCaps(const char *path,
                         virQEMUCaps **caps)
{
    g_autofree char *data = NULL;
    size_t len = 0;
    const char *p;

    if (virFileReadLimited(path, 256 * 1024 * 1024, &data, &len) < 0)
        return -1;
    for (p = data; p < data + len && g_ascii_isspace(*p); p++)
        ;
    if (p < data + len && *p == '<')
        return virQEMUCapsParseCache(data, len, path, caps, NULL);

    {
        g_autoptr(qemuMonitorSource) src = qemuMonitorSourceNewReplay(path);

        if (!src || virQEMUCapsProbe(src, caps) < 0)
            return -1;
    }
    return 0;
}


static bool
hostrecMigrationListHas(char * const *list,
                        const char *name)
{
    return list && g_strv_contains((const char * const *)list, name);
}


/* Whether @host offers @name: from the full expansion when there is one. */
static bool
hostrecMigrationHostHas(const virCPUHostModel *host,
                        const char *name,
                        bool *known)
{
    const virCPUProp *props = host->nfullProps ? host->fullProps : host->props;
    size_t nprops = host->nfullProps ? host->nfullProps : host->nprops;
    size_t i;

    for (i = 0; i < nprops; i++) {
        if (STREQ(props[i].name, name)) {
            *known = true;
            return props[i].enabled;
        }
    }
    *known = false;
    /* A static expansion lists only what differs from the base model:
     * a feature it does not name is the base model's, which the model
     * blockers check. */
    return host->nfullProps == 0;
}


typedef struct _hostrecMigrationBlocker hostrecMigrationBlocker;
struct _hostrecMigrationBlocker {
    const char *name;
    const char *why;            /* translated */
};


static void
hostrecMigrationAddBlocker(GArray *blockers,
                           const char *name,
                           const char *why)
{
    hostrecMigrationBlocker b = { name, why };
    size_t i;

    for (i = 0; i < blockers->len; i++) {
        if (STREQ(g_array_index(blockers, hostrecMigrationBlocker, i).name, name))
            return;
    }
    g_array_append_val(blockers, b);
}


static int
hostrecMigrationCheckSource(const virQEMUCaps *capsA,
                            virDomainVirtType virtType,
                            const virCPUDef *cpu)
{
    const virQEMUCapsCPUModel *model = virQEMUCapsGetCPUModel(capsA, virtType, cpu->model);
    g_autoptr(GPtrArray) missing = g_ptr_array_new();
    g_autofree char *list = NULL;
    unsigned int nmissing;
    size_t i;

    for (i = 0; model && model->blockers && model->blockers[i]; i++) {
        virCPUFeatureDef *feat = virCPUDefFindFeature(cpu, model->blockers[i]);

        if (feat && !virCPUFeaturePolicyIsEnabled(feat->policy))
            continue;
        g_ptr_array_add(missing, model->blockers[i]);
    }
    if (missing->len == 0)
        return 0;

    nmissing = missing->len;
    if (nmissing > 5)
        g_ptr_array_set_size(missing, 5);
    g_ptr_array_add(missing, NULL);
    list = g_strjoinv("', '", (char **)missing->pdata);
    virReportError(VIR_ERR_CPU_INCOMPATIBLE,
                   _("the guest cannot start on the source '%s': QEMU cannot provide CPU model '%s' there without %u features ('%s'%s)"),
                   hostrecMigrationSource, cpu->model, nmissing, list,
                   nmissing > 5 ? ", ..." : "");
    return -1;
}


static int
hostrecRunMigrationCheck(int argc G_GNUC_UNUSED,
                         char **argv)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) capsA = NULL;
    g_autoptr(virQEMUCaps) capsB = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(GArray) blockers = g_array_new(FALSE, FALSE, sizeof(hostrecMigrationBlocker));
    g_autofree char *versA = NULL;
    g_autofree char *versB = NULL;
    const virQEMUCapsAccel *accelA;
    const virQEMUCapsAccel *accelB;
    const virQEMUCapsCPUModel *modelB;
    const char *virtType;
    char **deprA = NULL;
    char **deprB = NULL;
    size_t nenabled = 0;
    size_t i;

    if (!hostrecMigrationSource || !hostrecMigrationDestination) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("migration-check needs both --source and --destination"));
        return -1;
    }

    if (!(def = virDomainDefParseFile(argv[0])) ||
        virDomainDefValidate(def) < 0)
        return -1;
    if (!def->cpu) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the domain in '%s' has no <cpu>: there is no CPU to check"),
                       argv[0]);
        return -1;
    }

    if (hostrecMigrationLoadCaps(hostrecMigrationSource, &capsA) < 0 ||
        hostrecMigrationLoadCaps(hostrecMigrationDestination, &capsB) < 0)
        return -1;
    versA = virQEMUCapsFormatVersion(capsA);
    versB = virQEMUCapsFormatVersion(capsB);
    virtType = virDomainVirtTypeToString(def->virtType);

    if (capsA->arch && capsB->arch && STRNEQ(capsA->arch, capsB->arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the source runs '%s' guests but the destination '%s' guests"),
                       capsA->arch, capsB->arch);
        return -1;
    }

    if (def->cpu->mode == VIR_CPU_MODE_HOST_PASSTHROUGH ||
        def->cpu->mode == VIR_CPU_MODE_MAXIMUM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("a guest with CPU mode '%s' cannot be checked: its CPU is whatever each host has"),
                       virCPUModeTypeToString(def->cpu->mode));
        return -1;
    }

    if (!(accelA = virQEMUCapsGetAccel(capsA, def->virtType))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the source '%s' has no data for virt type '%s'"),
                       hostrecMigrationSource, virtType);
        return -1;
    }
    if (!(accelB = virQEMUCapsGetAccel(capsB, def->virtType)) || !accelB->hostCPU) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the destination '%s' has no host CPU for virt type '%s'"),
                       hostrecMigrationDestination, virtType);
        return -1;
    }

    if (qemuDomainExpandCPU(def, capsA, hostrecMigrationSource, &cpu) < 0)
        return -1;
    hostrecPrintWarnings();

    /* A guest that cannot start on the source has nothing to migrate. */
    if (hostrecMigrationCheckSource(capsA, def->virtType, cpu) < 0)
        return -1;

    if (accelA->hostCPU)
        deprA = virCPUHostModelGetDeprecated(accelA->hostCPU);
    deprB = virCPUHostModelGetDeprecated(accelB->hostCPU);

    /* The destination's blockers for the base model. */
    modelB = virQEMUCapsGetCPUModel(capsB, def->virtType, cpu->model);
    if (!modelB && accelB->hasModels) {
        hostrecMigrationAddBlocker(blockers, cpu->model,
                                   _("the destination's QEMU does not know this CPU model"));
    }
    for (i = 0; modelB && modelB->blockers && modelB->blockers[i]; i++) {
        const char *name = modelB->blockers[i];
        virCPUFeatureDef *feat = virCPUDefFindFeature(cpu, name);

        /* a blocker the guest turns off does not block it */
        if (feat && !virCPUFeaturePolicyIsEnabled(feat->policy))
            continue;
        /* QEMU's pseudo-feature "type" is the model's generation itself */
        hostrecMigrationAddBlocker(blockers, name,
                                   STREQ(name, "type") ?
                                   _("the destination's CPU generation is older than the guest's CPU model") :
                                   _("the destination cannot provide it for the guest's CPU model"));
    }

    /* The guest's enabled features the destination's host CPU lacks. */
    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *feat = &cpu->features[i];
        bool known;

        if (feat->policy != VIR_CPU_FEATURE_REQUIRE &&
            feat->policy != VIR_CPU_FEATURE_FORCE)
            continue;
        nenabled++;
        if (hostrecMigrationHostHas(accelB->hostCPU, feat->name, &known))
            continue;
        hostrecMigrationAddBlocker(blockers, feat->name,
                                   known ? _("the destination's host CPU has it off")
                                         : _("the destination's host CPU does not have it"));
    }

    printf(_("Guest CPU on the source (QEMU %s, %s, CPU mode '%s'): %s with %zu features enabled\n"),
           versA, virtType, virCPUModeTypeToString(def->cpu->mode),
           cpu->model, nenabled);

    if (blockers->len == 0) {
        printf(_("The guest can migrate to the destination (QEMU %s).\n"), versB);
        return 0;
    }

    printf(ngettext("The guest cannot migrate to the destination (QEMU %s): %u blocking feature:\n",
                    "The guest cannot migrate to the destination (QEMU %s): %u blocking features:\n",
                    blockers->len),
           versB, blockers->len);
    for (i = 0; i < blockers->len; i++) {
        const hostrecMigrationBlocker *b = &g_array_index(blockers, hostrecMigrationBlocker, i);
        bool onB = hostrecMigrationListHas(deprB, b->name);
        bool onA = hostrecMigrationListHas(deprA, b->name);
        const char *depr;

        if (onA && onB)
            depr = _("deprecated on the source and the destination");
        else if (onB)
            depr = _("deprecated on the destination");
        else if (onA)
            depr = _("deprecated on the source");
        else if (!deprA || !deprB)
            depr = _("deprecation not reported by one of the QEMUs");
        else
            depr = _("not deprecated");
        printf("  %s: %s; %s\n", b->name, b->why, depr);
    }
    if (hostrecFlushOutput() < 0)
        return -1;
    return HOSTREC_MIGRATION_EXIT_BLOCKED;
}

const hostrecCommand hostrecCmdMigrationCheck = {
    .name = "migration-check",
    .args = "DOMAIN.xml",
    .summary = N_("check offline whether a guest's CPU can migrate between two hosts"),
    .description = N_("Expand the guest CPU of DOMAIN.xml on the source host (--source) "
                      "as it would be at start (host-model, host-recommended or custom) "
                      "and check it against the destination host (--destination).  "
                      "Both are QEMU capabilities: a .replies recording or a hostrec "
                      "cache file.  The blockers are the features the destination's "
                      "QEMU reports as unavailable for the guest's base model and the "
                      "enabled guest features the destination's host CPU lacks or "
                      "has off; each is listed with whether QEMU deprecates it.  Exit "
                      "status: 0 the guest can migrate, 2 it cannot, 1 error."),
    .options = hostrecMigrationOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .run = hostrecRunMigrationCheck,
};
