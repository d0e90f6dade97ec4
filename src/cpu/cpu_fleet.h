/*
 * cpu_fleet.h: the migration matrix of M guests over N hosts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision behind "hostrec fleet", as data.  Each cell (guest, host)
 * is the verdict virCPUMigrationCheck() (cpu_migration.h) gives for the
 * guest, as started on its source, on that host: the same aspects, the
 * same blockers in the same order, the same deprecation flags.  What
 * differs is the cost: virCPUMigrationCheck() builds hash tables per
 * call, fine for one pair and far too slow for 10^6 of them.  Here every
 * name (feature, CPU model, machine type) is interned once into a small
 * integer, each host and each guest is compiled once into bitsets over
 * those integers, and a cell is a few word-wide AND/ANDNOTs.
 * tests/fleettest.c checks every cell against virCPUMigrationCheck(), on
 * random fleets ("random fleets agree with migration-check") and on this
 * project's and libvirt's recordings.
 *
 * Memory: a host costs a few bitsets over every name QEMU reports (about
 * 300 props, 50 machines) and one pointer per CPU model to its blocker
 * list (lists shared between hosts when equal): about 1 KiB.  Nothing of
 * the caller's structures is kept, so a caller can load a host, add it
 * and free it.  Guests and hosts may come in any order (a guest whose
 * source is host 7 can be set while host 7 is loaded); once all are in,
 * virCPUFleetFinish() and then the cells.
 *
 * Nothing here reads files, talks to QEMU or prints.
 */

#pragma once

#include "internal.h"
#include "cpu_migration.h"

/* A cell's verdict.  "deprecated-only": every blocker is a CPU feature
 * that the source's or the destination's QEMU lists as deprecated, so
 * the same guest with those features off (host-recommended) would not be
 * blocked by them. */
typedef enum {
    VIR_CPU_FLEET_VERDICT_CAN = 0,          /* "can-migrate" */
    VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY,  /* "deprecated-only" */
    VIR_CPU_FLEET_VERDICT_BLOCKED,          /* "blocked" */
    /* the guest's row was set with virCPUFleetSetGuestNotChecked(): its
     * CPU could not be expanded, so there is nothing to check */
    VIR_CPU_FLEET_VERDICT_NOT_CHECKED,      /* "not-checked" */

    VIR_CPU_FLEET_VERDICT_LAST
} virCPUFleetVerdict;

const char *virCPUFleetVerdictTypeToString(int verdict);
int virCPUFleetVerdictTypeFromString(const char *str);

typedef struct _virCPUFleet virCPUFleet;

/* A matrix of @nguests rows, each set once with virCPUFleetSetGuest(). */
virCPUFleet *virCPUFleetNew(size_t nguests);
void virCPUFleetFree(virCPUFleet *fleet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUFleet, virCPUFleetFree);

/* Set row @row to a guest.  @src is the host it was started on (its
 * CPU expanded there, its machine resolved there), or a host with only
 * @name set for a custom CPU checked without a source.  Runs the source
 * check of virCPUMigrationCheck(): -1 with its error when the guest
 * cannot start on @src.  Nothing of @guest or @src is kept. */
int virCPUFleetSetGuest(virCPUFleet *fleet,
                        size_t row,
                        const virCPUMigrationGuest *guest,
                        const virCPUMigrationHost *src);

/* Set row @row to a guest whose CPU could not be expanded (the caller
 * keeps the reason): every cell of the row is "not-checked", with no
 * blockers.  -1 with an error when the row cannot be set. */
int virCPUFleetSetGuestNotChecked(virCPUFleet *fleet,
                                  size_t row);

/* Add a host (the next column), described as virCPUMigrationCheck()
 * takes a destination.  Nothing of @host is kept. */
void virCPUFleetAddHost(virCPUFleet *fleet,
                        const virCPUMigrationHost *host);

/* Every row is set and every host added: make the cells ready.  -1 with
 * an error when a row was never set. */
int virCPUFleetFinish(virCPUFleet *fleet);

size_t virCPUFleetGetNGuests(const virCPUFleet *fleet);
size_t virCPUFleetGetNHosts(const virCPUFleet *fleet);

/* The verdict of guest @g on host @h, from bitsets only (after
 * virCPUFleetFinish(), as every function below). */
virCPUFleetVerdict virCPUFleetGetVerdict(const virCPUFleet *fleet,
                                         size_t g,
                                         size_t h);

/* The verdict of guest @g on host @h with its blockers, in the order and
 * with the flags virCPUMigrationCheck() gives; the machine and version
 * fields of the result are left empty (the caller has them).  Sets
 * *@verdict too.  Returns a new result. */
virCPUMigrationResult *virCPUFleetGetResult(const virCPUFleet *fleet,
                                            size_t g,
                                            size_t h,
                                            virCPUFleetVerdict *verdict);

/* One blocker of a cell, as virCPUMigrationBlocker; @name is the
 * fleet's own copy, the same pointer for the same name as long as the
 * fleet lives (a caller may cache what it makes of it by pointer). */
typedef struct _virCPUFleetBlocker virCPUFleetBlocker;
struct _virCPUFleetBlocker {
    virCPUMigrationBlockerKind kind;
    const char *name;
    virTristateBool deprecatedSource;
    virTristateBool deprecatedDestination;
};

typedef void (*virCPUFleetBlockerFunc)(const virCPUFleetBlocker *blocker,
                                       void *opaque);

/* Call @func (may be NULL) for every blocker of guest @g on host @h, in
 * the order virCPUMigrationCheck() lists them, allocating nothing; the
 * verdict they make.  What printing 10^6 cells should use. */
virCPUFleetVerdict virCPUFleetForeachBlocker(const virCPUFleet *fleet,
                                             size_t g,
                                             size_t h,
                                             virCPUFleetBlockerFunc func,
                                             void *opaque);

/* Which host holds a fleet-wide baseline back, and by what: the CPU
 * features that every other host's CPU enables and host @h's full
 * expansion lists as off (the rule of virCPUBaselineLimit, cpu_baseline.h;
 * "lists as off", not "does not list", because some recordings' full
 * expansion is the static one, without the base model's features), in the order the
 * fleet first saw them (QEMU's prop order of the first host).  Only hosts
 * whose full expansion was recorded take part: NULL for a host without
 * one (not known), an empty array for a fleet of one such host.  A new
 * array of names the fleet owns (g_ptr_array_unref). */
GPtrArray *virCPUFleetGetLimits(const virCPUFleet *fleet,
                                size_t h);

/* Whether some host's QEMU lists @name as deprecated: such a feature is
 * off in a host-recommended baseline anyway. */
bool virCPUFleetIsDeprecatedAnywhere(const virCPUFleet *fleet,
                                     const char *name);

/* The verdict a virCPUMigrationResult stands for, by the rule above. */
virCPUFleetVerdict virCPUFleetVerdictOf(const virCPUMigrationResult *res);
