/*
 * hostrec-migration-check.c: "hostrec migration-check"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Offline: would a guest started on host A in its CPU mode run on host B?
 * Option parsing and printing only: the check is qemuMigrationCheck()
 * (src/qemu/qemu_migration.h), the decision virCPUMigrationCheck()
 * (src/cpu/cpu_migration.h).
 * Exit status: 0 the guest can migrate, 2 it cannot, 1 error.
 */

#include "internal.h"

#include <stdio.h>

#include "hostrec.h"
#include "qemu_migration.h"
#include "virerror.h"

#define HOSTREC_MIGRATION_EXIT_BLOCKED 2

static char *hostrecMigrationSource;
static char *hostrecMigrationDestination;
static gboolean hostrecMigrationJSON;

static const GOptionEntry hostrecMigrationOptionEntries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationSource,
      N_("the capabilities of the host the guest starts on (.replies or cache file)"), N_("FILE") },
    { "destination", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationDestination,
      N_("the capabilities of the host to migrate to (.replies or cache file)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &hostrecMigrationJSON,
      N_("print the verdict and each blocker as JSON (schema version 1)"), NULL },
    { NULL }
};


static const char *
hostrecMigrationBlockerWhy(virCPUMigrationBlockerKind kind)
{
    switch (kind) {
    case VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN:
        return _("the destination's QEMU does not offer this machine type");
    case VIR_CPU_MIGRATION_BLOCKER_MODEL_UNKNOWN:
        return _("the destination's QEMU does not know this CPU model");
    case VIR_CPU_MIGRATION_BLOCKER_MODEL_GENERATION:
        return _("the destination's CPU generation is older than the guest's CPU model");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_NEWER:
        return _("the destination's QEMU does not let the guest's CPU model have it: it came with a later CPU model");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE:
        return _("the destination cannot provide it for the guest's CPU model");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN:
        return _("the destination's QEMU does not know this CPU feature");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING:
        return _("the destination's host CPU does not have it");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF:
        return _("the destination's host CPU has it off");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_FORBIDDEN:
        return _("the guest forbids it and the destination's host CPU has it: libvirt refuses that unless check='none'");
    case VIR_CPU_MIGRATION_BLOCKER_LAST:
    default:
        break;
    }
    return "?";
}


static const char *
hostrecMigrationDeprecation(const virCPUMigrationBlocker *b)
{
    bool onA = b->deprecatedSource == VIR_TRISTATE_BOOL_YES;
    bool onB = b->deprecatedDestination == VIR_TRISTATE_BOOL_YES;

    if (onA && onB)
        return _("deprecated on the source and the destination");
    if (onB)
        return _("deprecated on the destination");
    if (onA)
        return _("deprecated on the source");
    if (b->deprecatedSource == VIR_TRISTATE_BOOL_ABSENT ||
        b->deprecatedDestination == VIR_TRISTATE_BOOL_ABSENT)
        return _("deprecation not reported by one of the QEMUs");
    return _("not deprecated");
}


/* What one aspect is, for "Checked:" and "Not checked:". */
static const char *
hostrecMigrationAspectLabel(virCPUMigrationAspect aspect)
{
    switch (aspect) {
    case VIR_CPU_MIGRATION_ASPECT_MACHINE:
        return _("machine type");
    case VIR_CPU_MIGRATION_ASPECT_MODEL:
        return _("CPU model");
    case VIR_CPU_MIGRATION_ASPECT_MODEL_FEATURES:
        return _("CPU features the CPU model may have");
    case VIR_CPU_MIGRATION_ASPECT_FEATURE_NAMES:
        return _("CPU feature names");
    case VIR_CPU_MIGRATION_ASPECT_HOST_FEATURES:
        return _("CPU features of the destination's host CPU");
    case VIR_CPU_MIGRATION_ASPECT_DEVICES:
        return _("devices");
    case VIR_CPU_MIGRATION_ASPECT_FIRMWARE:
        return _("firmware");
    case VIR_CPU_MIGRATION_ASPECT_MEMORY:
        return _("memory");
    case VIR_CPU_MIGRATION_ASPECT_LAST:
    default:
        break;
    }
    return "?";
}


/* Why an aspect that hostrec can check was not: the data was not recorded. */
static const char *
hostrecMigrationAspectMissing(virCPUMigrationAspect aspect)
{
    switch (aspect) {
    case VIR_CPU_MIGRATION_ASPECT_MACHINE:
        return _("no machine types recorded");
    case VIR_CPU_MIGRATION_ASPECT_MODEL:
        return _("the destination recorded no CPU models");
    case VIR_CPU_MIGRATION_ASPECT_MODEL_FEATURES:
        return _("the destination holds no per-model CPU feature sets for the guest's CPU model");
    case VIR_CPU_MIGRATION_ASPECT_FEATURE_NAMES:
        return _("the destination recorded no full CPU expansion");
    case VIR_CPU_MIGRATION_ASPECT_HOST_FEATURES:
        return _("the destination recorded no host CPU");
    case VIR_CPU_MIGRATION_ASPECT_DEVICES:
    case VIR_CPU_MIGRATION_ASPECT_FIRMWARE:
    case VIR_CPU_MIGRATION_ASPECT_MEMORY:
    case VIR_CPU_MIGRATION_ASPECT_LAST:
    default:
        break;
    }
    return NULL;
}

static void
hostrecMigrationPrintText(const virCPUMigrationResult *res)
{
    g_autoptr(GString) checked = g_string_new(NULL);
    g_autoptr(GString) notChecked = g_string_new(NULL);
    g_autofree char *model = hostrecTextName(res->model);
    size_t i;

    printf(_("Guest CPU on the source (QEMU %s, %s, CPU mode '%s'): %s with %zu features enabled\n"),
           res->sourceVersion, virDomainVirtTypeToString(res->virtType),
           virCPUModeTypeToString(res->mode), model, res->nenabled);

    if (res->machine) {
        g_autofree char *machine = hostrecTextName(res->machine);
        g_autofree char *requested = res->machineRequested ?
            hostrecTextName(res->machineRequested) : NULL;

        if (!requested)
            printf(_("Machine type on the source: %s (the default)\n"), machine);
        else if (STRNEQ(requested, machine))
            printf(_("Machine type on the source: %s (the domain names '%s')\n"),
                   machine, requested);
        else
            printf(_("Machine type on the source: %s\n"), machine);
    }

    if (res->nblockers == 0) {
        printf(_("The guest can migrate to the destination (QEMU %s).\n"),
               res->destinationVersion);
    } else {
        printf(ngettext("The guest cannot migrate to the destination (QEMU %s): %zu blocker:\n",
                        "The guest cannot migrate to the destination (QEMU %s): %zu blockers:\n",
                        res->nblockers),
               res->destinationVersion, res->nblockers);
    }
    for (i = 0; i < res->nblockers; i++) {
        const virCPUMigrationBlocker *b = &res->blockers[i];
        g_autofree char *name = hostrecTextName(b->name);

        if (b->kind == VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN)
            printf("  %s: %s\n", name, hostrecMigrationBlockerWhy(b->kind));
        else
            printf("  %s: %s; %s\n", name, hostrecMigrationBlockerWhy(b->kind),
                   hostrecMigrationDeprecation(b));
    }

    for (i = 0; i < VIR_CPU_MIGRATION_ASPECT_LAST; i++) {
        const char *missing = hostrecMigrationAspectMissing(i);
        GString *buf = res->checked[i] ? checked : notChecked;

        if (buf->len)
            g_string_append(buf, ", ");
        g_string_append(buf, hostrecMigrationAspectLabel(i));
        if (!res->checked[i] && missing)
            g_string_append_printf(buf, " (%s)", missing);
    }
    if (checked->len)
        printf(_("Checked: %s.\n"), checked->str);
    printf(_("Not checked: %s.\n"), notChecked->str);
}


static int
hostrecRunMigrationCheck(int argc,
                         char **argv)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) capsA = NULL;
    g_autoptr(virQEMUCaps) capsB = NULL;
    g_autoptr(virCPUMigrationResult) res = NULL;

    if (!hostrecMigrationSource || !hostrecMigrationDestination) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("migration-check needs both --source and --destination"));
        return -1;
    }

    if (!(def = hostrecDomainLoad(argc > 0 ? argv[0] : NULL, 0)))
        return -1;

    if (qemuMigrationLoadCaps(hostrecMigrationSource, &capsA) < 0 ||
        qemuMigrationLoadCaps(hostrecMigrationDestination, &capsB) < 0)
        return -1;

    if (qemuMigrationCheck(hostrecDriverConfig(), def, capsA, hostrecMigrationSource,
                           capsB, hostrecMigrationDestination, &res) < 0)
        return -1;
    hostrecPrintWarnings();

    if (hostrecMigrationJSON) {
        g_autofree char *json = virCPUMigrationResultFormatJSON(res);

        if (hostrecPrintText(json) < 0)
            return -1;
    } else {
        hostrecMigrationPrintText(res);
        if (hostrecFlushOutput() < 0)
            return -1;
    }
    return res->nblockers == 0 ? 0 : HOSTREC_MIGRATION_EXIT_BLOCKED;
}

const hostrecCommand hostrecCmdMigrationCheck = {
    .name = "migration-check",
    .args = "DOMAIN.xml",
    .summary = N_("check offline whether a guest's CPU can migrate between two hosts"),
    .description = N_("Expand the guest CPU of DOMAIN.xml on the source host (--source) "
                      "as it would be at start (host-model, host-recommended or custom), "
                      "resolve its machine type there, and check both against the "
                      "destination host (--destination).  Both are QEMU capabilities: a "
                      ".replies recording or a hostrec cache file.  The blockers are a "
                      "machine type the destination's QEMU does not offer, a CPU model "
                      "it does not define or cannot provide, a CPU feature the guest "
                      "names (on or off) that it does not know, and an enabled feature "
                      "the destination's host CPU lacks or has off.  Devices, firmware "
                      "and memory are not checked.  --json prints the verdict, what was "
                      "checked and each blocker as JSON for scripts (schema: "
                      "docs/migration.rst).  Exit status: 0 the guest can "
                      "migrate, 2 it cannot, 1 error."),
    .domainDescription = N_("With --domain, the XML of a libvirt domain (the "
                            "live one of a running domain) is checked instead "
                            "of DOMAIN.xml."),
    .options = hostrecMigrationOptionEntries,
    .extraOptions = hostrecDomainOptionEntries,
    .minArgs = 1,
    .maxArgs = 1,
    .domainArg = true,
    .run = hostrecRunMigrationCheck,
};
