/*
 * cpu_migration.h: would a guest started on one host run on another
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The decision behind "hostrec migration-check", as data.  Nothing here
 * reads files, talks to QEMU or prints: src/qemu (qemu_migration.h)
 * describes each host as a virCPUMigrationHost and expands the guest CPU
 * on the source; the tool prints the virCPUMigrationResult, as text or
 * with virCPUMigrationResultFormatJSON().
 *
 * What is checked, in this order (one virCPUMigrationAspect each):
 *
 *   machine-type       the machine type the guest runs with (its
 *                      <os><type machine=''>, an alias resolved on the
 *                      source) is one the destination's QEMU offers;
 *   cpu-model          the destination's QEMU defines the guest's base
 *                      CPU model and reports no unavailable-features for
 *                      it that the guest does not turn off;
 *   cpu-model-features the destination's QEMU lets that model have every
 *                      feature the guest enables: none of a later CPU
 *                      generation (its per-model feature sets,
 *                      cpu_baseline.h, when known);
 *   cpu-feature-names  every feature the expanded guest CPU names, on or
 *                      off, is a CPU property the destination's QEMU knows
 *                      (QEMU refuses to start with an unknown one);
 *   cpu-host-features  every feature the guest enables is on in the
 *                      destination's host CPU, and, unless the guest's
 *                      check is none, none it forbids is on there (libvirt
 *                      refuses the guest then, virCPUGetForbiddenPresent).
 *
 * An aspect whose data the destination (or, for the machine, the source)
 * did not record is left unchecked and said so in the result.  Devices,
 * firmware and memory are never checked.
 *
 * Every blocker is found: the check does not stop at the first one.  A
 * name blocks once, with the first reason found.
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "cpu_conf.h"
#include "domain_conf.h"
#include "virenum.h"
#include "virjson.h"

typedef enum {
    VIR_CPU_MIGRATION_ASPECT_MACHINE = 0,       /* "machine-type" */
    VIR_CPU_MIGRATION_ASPECT_MODEL,             /* "cpu-model" */
    VIR_CPU_MIGRATION_ASPECT_MODEL_FEATURES,    /* "cpu-model-features" */
    VIR_CPU_MIGRATION_ASPECT_FEATURE_NAMES,     /* "cpu-feature-names" */
    VIR_CPU_MIGRATION_ASPECT_HOST_FEATURES,     /* "cpu-host-features" */
    VIR_CPU_MIGRATION_ASPECT_DEVICES,           /* "devices": never checked */
    VIR_CPU_MIGRATION_ASPECT_FIRMWARE,          /* "firmware": never checked */
    VIR_CPU_MIGRATION_ASPECT_MEMORY,            /* "memory": never checked */

    VIR_CPU_MIGRATION_ASPECT_LAST
} virCPUMigrationAspect;

const char *virCPUMigrationAspectTypeToString(int aspect);
int virCPUMigrationAspectTypeFromString(const char *str);

typedef enum {
    /* the destination's QEMU has no machine type of that name */
    VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN = 0,  /* "machine-unknown" */
    /* the destination's QEMU does not define the base CPU model */
    VIR_CPU_MIGRATION_BLOCKER_MODEL_UNKNOWN,        /* "cpu-model-unknown" */
    /* QEMU's pseudo-feature "type": the destination's CPU generation is
     * older than the base CPU model */
    VIR_CPU_MIGRATION_BLOCKER_MODEL_GENERATION,     /* "cpu-generation" */
    /* enabled by the guest, of a later CPU generation than the base
     * model in the destination's QEMU */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_NEWER,        /* "feature-newer-than-model" */
    /* in the destination's unavailable-features of the base model */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE,  /* "feature-unavailable" */
    /* named by the guest CPU, unknown to the destination's QEMU */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN,      /* "feature-unknown" */
    /* enabled by the guest, absent from the destination's host CPU */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING,      /* "feature-missing" */
    /* enabled by the guest, off in the destination's host CPU */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF,          /* "feature-off" */
    /* forbidden by the guest, on in the destination's host CPU */
    VIR_CPU_MIGRATION_BLOCKER_FEATURE_FORBIDDEN,    /* "feature-forbidden" */

    VIR_CPU_MIGRATION_BLOCKER_LAST
} virCPUMigrationBlockerKind;

const char *virCPUMigrationBlockerKindTypeToString(int kind);
int virCPUMigrationBlockerKindTypeFromString(const char *str);

/* What one host's QEMU says, for the guest's virt type.  Strings and the
 * host CPU are borrowed; the hash tables belong to the structure
 * (virCPUMigrationHostClear).  A NULL table means "not recorded": the
 * aspects that need it are not checked (on the destination) or are
 * assumed fine (on the source, which the guest already runs on). */
typedef struct _virCPUMigrationHost virCPUMigrationHost;
struct _virCPUMigrationHost {
    const char *name;                 /* recording or cache file, for messages */
    const char *qemuVersion;          /* "9.1.0" */
    const virCPUHostModel *hostCPU;   /* NULL when QEMU did not expand it */
    /* Every CPU property QEMU knows (any virt type): NULL unless a full
     * expansion was recorded, since a static one lists only what differs
     * from the base model. */
    GHashTable *props;
    /* CPU model name -> its NULL-terminated unavailable-features (NULL
     * value when QEMU did not say); NULL when query-cpu-definitions was
     * not recorded. */
    GHashTable *models;
    /* Set of machine type names (not aliases); NULL when not recorded. */
    GHashTable *machines;
    /* The per-model feature sets of its QEMU (borrowed); NULL when not
     * known (a .replies recording does not hold them). */
    const virCPUModelTable *modelTable;
};

void virCPUMigrationHostClear(virCPUMigrationHost *host);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virCPUMigrationHost, virCPUMigrationHostClear);

/* The guest, as started on the source. */
typedef struct _virCPUMigrationGuest virCPUMigrationGuest;
struct _virCPUMigrationGuest {
    virDomainVirtType virtType;
    virCPUMode mode;                  /* the mode the domain XML asks for */
    const virCPUDef *cpu;             /* expanded on the source */
    const char *machineRequested;     /* as the domain names it; NULL: the default */
    const char *machine;              /* what the source resolves it to;
                                       * NULL: the source listed no machines */
};

typedef struct _virCPUMigrationBlocker virCPUMigrationBlocker;
struct _virCPUMigrationBlocker {
    virCPUMigrationBlockerKind kind;
    char *name;                       /* machine type, CPU model or feature */
    /* Whether the source's / destination's QEMU lists the name in its
     * deprecated set: ABSENT when that QEMU did not say (< 9.1), and
     * always ABSENT for machine types. */
    virTristateBool deprecatedSource;
    virTristateBool deprecatedDestination;
};

/* Whether a blocker of @kind is one that host-recommended would not have:
 * a CPU feature the guest enables (or names) that the source's or the
 * destination's QEMU lists as deprecated.  The rule of "deprecated-only"
 * (cpu_fleet.h) and of migration-check's wording. */
bool virCPUMigrationBlockerIsDeprecatedOnly(virCPUMigrationBlockerKind kind,
                                            virTristateBool deprecatedSource,
                                            virTristateBool deprecatedDestination);

typedef struct _virCPUMigrationResult virCPUMigrationResult;
struct _virCPUMigrationResult {
    char *sourceVersion;              /* "10.0.0" */
    char *destinationVersion;
    virDomainVirtType virtType;
    virCPUMode mode;                  /* as in virCPUMigrationGuest */
    char *model;                      /* base model of the expanded CPU */
    size_t nenabled;                  /* features the expanded CPU enables */
    char *machineRequested;           /* NULL: the default machine */
    char *machine;                    /* NULL: not known (not checked) */
    bool checked[VIR_CPU_MIGRATION_ASPECT_LAST];
    size_t nblockers;                 /* 0: the guest can migrate */
    virCPUMigrationBlocker *blockers; /* in the order of the aspects */
};

void virCPUMigrationResultFree(virCPUMigrationResult *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUMigrationResult, virCPUMigrationResultFree);

/* Decide whether @guest, started on @src, can run on @dst.  First checks
 * that it can start on @src at all (its base model usable there, or every
 * blocker turned off): when not, that is an error naming @src->name, not a
 * verdict.  Returns 0 with *@result set (a verdict, which may list
 * blockers), or -1 with an error reported. */
int virCPUMigrationCheck(const virCPUMigrationGuest *guest,
                         const virCPUMigrationHost *src,
                         const virCPUMigrationHost *dst,
                         virCPUMigrationResult **result);

/*
 * The result as JSON, for scripts.  Schema version 1 (a new member may be
 * added within a version; a member that changes meaning or goes away
 * makes version 2):
 *
 *   {
 *     "version": 1,
 *     "verdict": "can-migrate" | "blocked",
 *     "source": { "qemu": "10.0.0", "virt-type": "kvm",
 *                 "cpu-mode": "host-recommended", "cpu-model": "gen16a-base",
 *                 "features-enabled": 51,
 *                 "machine-requested": "s390-ccw-virtio" | null,
 *                 "machine": "s390-ccw-virtio-10.0" | null },
 *     "destination": { "qemu": "9.1.0" },
 *     "checked": [ ASPECT, ... ],
 *     "not-checked": [ ASPECT, ... ],
 *     "blockers": [
 *       { "kind": KIND, "name": "...",
 *         "deprecated": { "source": true | false | null,
 *                         "destination": true | false | null } },
 *       ...
 *     ]
 *   }
 *
 * ASPECT and KIND are the strings of virCPUMigrationAspect and
 * virCPUMigrationBlockerKind.  "verdict" is "blocked" exactly when
 * "blockers" is not empty.  Strings are JSON-escaped; bytes that are not
 * UTF-8 become U+FFFD.  Two-space indentation, no trailing newline.
 * Returns a new string.
 */
#define VIR_CPU_MIGRATION_JSON_VERSION 1
char *virCPUMigrationResultFormatJSON(const virCPUMigrationResult *res);

/* One blocker as in "blockers" above: a new object. */
json_object *virCPUMigrationBlockerFormatJSON(const virCPUMigrationBlocker *b);
