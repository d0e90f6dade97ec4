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

static const GOptionEntry hostrecMigrationOptionEntries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationSource,
      N_("the capabilities of the host the guest starts on (.replies or cache file)"), N_("FILE") },
    { "destination", 0, 0, G_OPTION_ARG_FILENAME, &hostrecMigrationDestination,
      N_("the capabilities of the host to migrate to (.replies or cache file)"), N_("FILE") },
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
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE:
        return _("the destination cannot provide it for the guest's CPU model");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN:
        return _("the destination's QEMU does not know this CPU feature");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING:
        return _("the destination's host CPU does not have it");
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF:
        return _("the destination's host CPU has it off");
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


static void
hostrecMigrationPrintText(const virCPUMigrationResult *res)
{
    size_t i;

    printf(_("Guest CPU on the source (QEMU %s, %s, CPU mode '%s'): %s with %zu features enabled\n"),
           res->sourceVersion, virDomainVirtTypeToString(res->virtType),
           virCPUModeTypeToString(res->mode), res->model, res->nenabled);

    if (res->nblockers == 0) {
        printf(_("The guest can migrate to the destination (QEMU %s).\n"),
               res->destinationVersion);
        return;
    }

    printf(ngettext("The guest cannot migrate to the destination (QEMU %s): %zu blocking feature:\n",
                    "The guest cannot migrate to the destination (QEMU %s): %zu blocking features:\n",
                    res->nblockers),
           res->destinationVersion, res->nblockers);
    for (i = 0; i < res->nblockers; i++) {
        const virCPUMigrationBlocker *b = &res->blockers[i];

        printf("  %s: %s; %s\n", b->name, hostrecMigrationBlockerWhy(b->kind),
               hostrecMigrationDeprecation(b));
    }
}


static int
hostrecRunMigrationCheck(int argc G_GNUC_UNUSED,
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

    if (!(def = virDomainDefParseFile(argv[0])) ||
        virDomainDefValidate(def) < 0)
        return -1;

    if (qemuMigrationLoadCaps(hostrecMigrationSource, &capsA) < 0 ||
        qemuMigrationLoadCaps(hostrecMigrationDestination, &capsB) < 0)
        return -1;

    if (qemuMigrationCheck(def, capsA, hostrecMigrationSource,
                           capsB, hostrecMigrationDestination, &res) < 0)
        return -1;
    hostrecPrintWarnings();

    hostrecMigrationPrintText(res);
    if (hostrecFlushOutput() < 0)
        return -1;
    return res->nblockers == 0 ? 0 : HOSTREC_MIGRATION_EXIT_BLOCKED;
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
