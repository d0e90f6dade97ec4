/*
 * cpu.h: guest CPU logic, independent of how QEMU was asked
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * src/qemu fills a virCPUHostModel from QEMU's answers (live or replayed);
 * the functions here turn it and the user's <cpu> into an explicit guest
 * CPU.  Nothing here talks to QEMU or includes src/qemu.
 *
 * Semantics: ../../docs/formatdomain.rst, "CPU model expansion".
 */

#pragma once

#include "internal.h"
#include "cpu_arch.h"
#include "cpu_baseline.h"
#include "cpu_conf.h"
#include "cpu_host.h"
#include "cpu_index.h"
#include "domain_conf.h"

/* ---- Expansion (cpu.c, per-arch drivers in cpu_ARCH.c) ---------------- */

/* Where the host CPU data came from, for messages: "QEMU 8.2.0
 * (/usr/bin/qemu-system-s390x)". */
typedef struct _virCPUExpandContext virCPUExpandContext;
struct _virCPUExpandContext {
    const char *arch;           /* guest arch, e.g. "s390x" */
    const char *binary;         /* emulator path or replay file */
    const char *qemuVersion;    /* "8.2.0" */
    /* The machine type the guest runs, by its own name (an alias
     * resolved), for virCPUCheckMachineMode(); NULL: not known, nothing
     * is checked. */
    const char *machine;
};

/* Whether a guest CPU of @mode is computed from QEMU's expansion of the
 * host CPU (host-model, host-recommended).  Every mode is decided in one
 * switch, so that a new mode makes the compiler ask. */
bool virCPUModeUsesHostModel(virCPUMode mode);

/* 0 when virCPUArchHasHostModel() accepts the arch of @ctx, else -1 with
 * an error that names the arch and says what to use instead. */
int virCPUCheckHostModelArch(const virCPUExpandContext *ctx);

/* 0 when virCPUMachineAllowsMode() accepts @mode on the arch and machine
 * of @ctx, else -1 with an error naming the machine type. */
int virCPUCheckMachineMode(const virCPUExpandContext *ctx,
                           virDomainVirtType virtType,
                           virCPUMode mode);

/* host-model: mode='custom' match='exact', <model fallback='forbid'> of
 * the base model, one feature per static-expansion prop in QEMU's order
 * (require for true, disable for false).  NULL with an error when the
 * arch of @ctx is not one virCPUArchHasHostModel() accepts, or @host is
 * NULL or has no model. */
virCPUDef *virCPUExpandHostModel(const virCPUExpandContext *ctx,
                                 const virCPUHostModel *host);

/* host-recommended: host-model, then every feature of the deprecated set
 * (virCPUHostModelGetDeprecated) gets policy disable: changed in place
 * where listed, appended in deprecated-set order where not; and so does
 * every feature that requires one of them (the arch's dependency table)
 * where the host CPU (static expansion) enables it, in place: a dependent
 * the host lacks or has off is never named.  Each such
 * feature carries its reason.  NULL with an error naming the binary and
 * the QEMU version when QEMU did not report deprecated features. */
virCPUDef *virCPUExpandHostRecommended(const virCPUExpandContext *ctx,
                                       const virCPUHostModel *host);

/* What QEMU says one binary knows, for validating a guest CPU: the CPU
 * models it defines for the virt type and the CPU props it knows (any
 * expansion of any virt type lists them).  NULL members mean "QEMU did
 * not say": anything is accepted then. */
typedef struct _virCPUQEMUData virCPUQEMUData;
struct _virCPUQEMUData {
    const char * const *models;     /* NULL-terminated model names */
    GHashTable *props;              /* set of prop names */
    /* The per-model feature sets (cpu_baseline.h) when known, for the
     * features each model may have; NULL: not known, not checked. */
    const virCPUModelTable *modelTable;
};

/* Guest expansion: the user's <cpu> of a domain, turned into what QEMU
 * runs.  The result is explicit and needs no QEMU to interpret:
 *
 * - custom, host-model, host-recommended: mode='custom' match='exact',
 *   <model fallback='forbid'>, one <feature> per prop in order (the
 *   user's <topology>, <cache>, <maxphysaddr> and <numa> are kept, in
 *   every mode).  host-model and host-recommended start
 *   from the host CPU of @virtType (@host: QEMU's expansion of "host"
 *   under KVM, "max" under TCG).  host-model with
 *   deprecated_features='off' disables the deprecated set exactly as
 *   libvirt 11 does (no dependents); 'on' or no attribute is plain
 *   host-model.
 * - host-passthrough (KVM only) and maximum: the same mode, with the
 *   user's features; the QEMU command line uses "host" / "max".
 *
 * The user's <feature> elements win over what host-model and
 * host-recommended computed (changed in place, or appended); re-enabling
 * a deprecated feature queues a warning (virReportWarning).
 *
 * A mode the machine type of @ctx does not allow is refused first
 * (virCPUCheckMachineMode).
 *
 * @host may be NULL for custom, host-passthrough and maximum; @data may
 * be NULL (nothing is validated against QEMU then).
 *
 * Returns a new definition, or NULL with an error reported. */
virCPUDef *virCPUExpandGuest(const virCPUExpandContext *ctx,
                             virDomainVirtType virtType,
                             const virCPUDef *guest,
                             const virCPUHostModel *host,
                             const virCPUQEMUData *data);

/* The check libvirt applies to a guest CPU of @mode with <cpu
 * check=@check> (ABSENT: not said) under @virtType: the value said, else
 * none for host-passthrough and maximum (each host's own CPU) and for a
 * custom CPU under TCG, partial otherwise (libvirt's
 * qemuDomainDefSetDefaultCPU).  A migrated guest keeps the check it got
 * at start. */
virCPUCheck virCPUGetEffectiveCheck(virCPUCheck check,
                                    virCPUMode mode,
                                    virDomainVirtType virtType);

/* The features @cpu forbids (policy forbid) that @host (QEMU's static
 * expansion of the host CPU) has on: unless @check (the effective check,
 * virCPUGetEffectiveCheck) is none, libvirt refuses to start the guest
 * on that host.  Empty when @host is NULL or @check is none.  A new array
 * of names borrowed from @cpu, in its feature order. */
GPtrArray *virCPUGetForbiddenPresent(const virCPUDef *cpu,
                                     virCPUCheck check,
                                     const virCPUHostModel *host);

/* Whether QEMU knows the prop @name: @props holds every prop name QEMU
 * reported (virCPUHostModelCollectProps: the props of its expansions and
 * its deprecated props; the guest expansion adds the unavailable features
 * of its CPU models, qemuDomainCollectCPUProps).  A name is known only if
 * it is in @props, a subfunction such as 'kimd-sha-1' too: KVM's host
 * expansion folds those into their group, TCG's full expansion of "max"
 * and the model lists name them.  NULL or empty @props: QEMU did not say,
 * every name is accepted and QEMU itself checks it at start. */
bool virCPUPropIsKnown(GHashTable *props,
                       const char *name);


