/*
 * qemu_fleet.h: a fleet of hosts and the guests that may move between
 * them, loaded from their files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The QEMU side of "hostrec fleet": each host is a file that
 * qemuMigrationLoadCaps() reads (a .replies recording or a hostrec cache
 * file); each guest a domain XML, its CPU expanded on the host it runs
 * on (a source, needed for host-model and host-recommended) or, for a
 * custom CPU, taken as written.  Every guest and every host is loaded,
 * compiled into the matrix (src/cpu/cpu_fleet.h) and dropped, one at a
 * time, so memory grows with the matrix, not with the files: a host's
 * recording is freed before the next one is read.
 */

#pragma once

#include "internal.h"
#include "cpu_fleet.h"
#include "cpu_baseline.h"
#include "qemu_conf.h"

typedef struct _qemuFleetHost qemuFleetHost;
struct _qemuFleetHost {
    char *name;                 /* the file as given */
    char *qemuVersion;          /* "10.0.0" */
    char *model;                /* base model of its host CPU */
    /* its host-model CPU, for the baseline: the static expansion's
     * props in QEMU's order, each (name id << 1 | enabled), the names
     * interned in the fleet's @propNames (a few bytes a prop, not a
     * CPU definition a host) */
    size_t nprops;
    guint32 *props;
};

typedef struct _qemuFleetGuest qemuFleetGuest;
struct _qemuFleetGuest {
    char *name;                 /* the domain XML file as given */
    char *domain;               /* its <name> */
    gint64 source;              /* host index; -1: checked without a source */
    virCPUMode mode;            /* as the domain asks */
    char *model;                /* base model of the expanded CPU */
    size_t nenabled;            /* features the expanded CPU enables */
    char *machine;              /* resolved on the source; NULL: not known */
    /* Why its CPU could not be expanded (its row is "not-checked", and
     * model and machine are NULL); NULL when it was. */
    char *error;
};

typedef struct _qemuFleet qemuFleet;
struct _qemuFleet {
    char *arch;                 /* of every host */
    virDomainVirtType virtType; /* of every guest */
    size_t nhosts;
    qemuFleetHost *hosts;
    size_t nguests;
    qemuFleetGuest *guests;
    virCPUFleet *matrix;        /* rows: guests, columns: hosts */
    /* The union of the deprecated features the hosts' QEMUs report, in
     * the order first seen; NULL when no host's QEMU reports any list
     * (every one older than 9.1). */
    GPtrArray *deprecated;
    GHashTable *deprecatedSet;  /* the names of @deprecated, for lookups */
    GPtrArray *propNames;       /* id -> name of the hosts' props */
    /* The per-model CPU feature sets of the first host input that holds
     * them (a cache file written after an offline baseline), and that
     * input's name; NULL when none does. */
    virCPUModelTable *modelTable;
    char *modelTableHost;
    GHashTable *propIds;        /* name -> id + 1 */
};

void qemuFleetFree(qemuFleet *fleet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuFleet, qemuFleetFree);

/* A guest to load: its domain XML and the index of its source among the
 * hosts, or -1 for none. */
typedef struct _qemuFleetGuestSpec qemuFleetGuestSpec;
struct _qemuFleetGuestSpec {
    const char *path;
    gint64 source;
};

typedef enum {
    QEMU_FLEET_STAGE_GUESTS = 0,    /* "guests" */
    QEMU_FLEET_STAGE_HOSTS,         /* "hosts" */

    QEMU_FLEET_STAGE_LAST
} qemuFleetStage;

const char *qemuFleetStageTypeToString(int stage);
int qemuFleetStageTypeFromString(const char *str);

/* Called after each guest and each host is loaded: @done of @total. */
typedef void (*qemuFleetProgressFunc)(qemuFleetStage stage,
                                      size_t done,
                                      size_t total,
                                      void *opaque);

/* Load @nhosts hosts (@hosts, files) and @nguests guests, each guest's
 * CPU expanded under @cfg (qemuDomainExpandCPU()).  Every guest
 * runs one virt type (that of the first; KVM when there are none), every
 * host runs guests of one arch, which the guests' <os><type arch> must
 * name when they name one.  A guest whose CPU mode is host-model or
 * host-recommended, or that has no <cpu>, needs a source.  A guest whose
 * CPU cannot be expanded for the reasons migration-check refuses it (no
 * source where it needs one, host-passthrough and maximum, a CPU its
 * source cannot start) is not an error: its qemuFleetGuest says why
 * (@error) and its row is "not-checked".  @progress may be NULL.  Returns
 * 0 with *@fleet set, or -1 with an error naming the file (one that
 * cannot be read or parsed, a guest of another virt type or arch). */
int qemuFleetLoad(const qemuDriverConfig *cfg,
                  const char *const *hosts,
                  size_t nhosts,
                  const qemuFleetGuestSpec *guests,
                  size_t nguests,
                  qemuFleetProgressFunc progress,
                  void *opaque,
                  qemuFleet **fleet);

/* The fleet-wide baseline of the hosts' host-model CPUs: QEMU's s390x
 * baseline computed offline (virCPUBaselineOffline, cpu_baseline.h) from
 * the per-model feature sets of @table, as QEMU's own
 * query-cpu-model-baseline folded over the hosts in order would give it.
 * *@hostModel is that CPU; *@hostRecommended the same with every feature
 * of the deprecated set (the union of what the hosts' QEMUs report, with
 * the dependents: the rule of host-recommended, cpu_policy.h) disabled,
 * or NULL when no host's QEMU reports deprecated features; *@limits
 * which host holds it back by what.  Returns 0, or -1 with an error (a
 * host's CPU model or feature that @table's QEMU does not know, ...). */
int qemuFleetBaseline(const qemuFleet *fleet,
                      const virCPUModelTable *table,
                      virCPUDef **hostModel,
                      virCPUDef **hostRecommended,
                      virCPUBaselineLimits **limits);
