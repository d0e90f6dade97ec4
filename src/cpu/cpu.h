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
#include "cpu_baseline.h"
#include "cpu_conf.h"
#include "domain_conf.h"

/* One QEMU CPU property of an expansion: name and value, in QEMU's order. */
typedef struct _virCPUProp virCPUProp;
struct _virCPUProp {
    char *name;
    bool enabled;
};

/* The host CPU of one virt type: QEMU's expansion of "host" (KVM) or
 * "max" (TCG).
 *
 * @deprecated and @hostDeprecated are NULL-terminated lists, or NULL when
 * QEMU's reply had no "deprecated-props" key at all ("QEMU did not say").
 * An empty list (a lone NULL) means "QEMU says none are deprecated".  The
 * two must never be confused. */
typedef struct _virCPUHostModel virCPUHostModel;
struct _virCPUHostModel {
    char *model;                /* base model of the static expansion */
    /* The prop arrays grow by doubling: fill them only through
     * virCPUHostModelAddProp/AddFullProp (or Copy), never directly. */
    size_t nprops;              /* static expansion props, QEMU's order */
    virCPUProp *props;
    size_t nfullProps;          /* full expansion props; 0 if not probed */
    virCPUProp *fullProps;
    char **deprecated;          /* full expansion's deprecated-props */
    char **hostDeprecated;      /* static expansion's deprecated-props */
};

virCPUHostModel *virCPUHostModelNew(void);
void virCPUHostModelFree(virCPUHostModel *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUHostModel, virCPUHostModelFree);
virCPUHostModel *virCPUHostModelCopy(const virCPUHostModel *host);

/* Append a prop (the caller keeps QEMU's order). */
void virCPUHostModelAddProp(virCPUHostModel *host,
                            const char *name,
                            bool enabled);
void virCPUHostModelAddFullProp(virCPUHostModel *host,
                                const char *name,
                                bool enabled);

/* The deprecated set used for host-recommended: the full expansion's list
 * when QEMU gave one, else the static one; NULL when QEMU said nothing. */
char **virCPUHostModelGetDeprecated(const virCPUHostModel *host);

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

/* Whether hostrec computes host-model (and host-recommended) for @arch the
 * way libvirt does: only where libvirt's host-model is QEMU's static
 * expansion of the host CPU (s390x).  On x86 libvirt builds host-model
 * from its own CPU map; elsewhere it does not offer it. */
bool virCPUArchHasHostModel(const char *arch);

/* Whether QEMU's "host" and "max" CPUs of @arch have a 'migratable'
 * property that libvirt sets from the CPU's migratable attribute (x86):
 * there host-passthrough is migratable='on' unless the domain says off,
 * and -cpu says which.  Elsewhere libvirt writes nothing for it. */
bool virCPUArchHasMigratable(const char *arch);

/* Where libvirt takes a guest's CPU from QEMU's default CPU of the
 * machine type (default-cpu-type: a domain without a CPU model), the
 * arch driver decides (cpu_driver.h):
 *
 * virCPUArchUsesDefaultCPUWithKVM: under KVM as well as under TCG (x86,
 * s390x, ppc64); elsewhere under TCG only.
 * virCPUArchDefaultHostIsHostModel: a default of "host" is host-model
 * where the machine type allows it (s390x); elsewhere host-passthrough. */
bool virCPUArchUsesDefaultCPUWithKVM(const char *arch);
bool virCPUArchDefaultHostIsHostModel(const char *arch);

/* Whether a host-model CPU of @arch without deprecated_features gets the
 * modelled libvirt's default for it (qemu.conf's
 * default_cpu_deprecated_features, libvirt >= 11.6: s390x). */
bool virCPUArchHasHostModelDeprecatedDefault(const char *arch);

/* Whether a guest of @arch always has a PMU, so that libvirt writes no
 * pmu= into -cpu for the domain's <pmu> (ppc64). */
bool virCPUArchHasPMUAlwaysOn(const char *arch);

/* The vendor libvirt's domain capabilities give QEMU's CPU model @model
 * of @arch ("IBM" for s390x models named after a machine generation),
 * "unknown" where the arch driver does not say.  A static string. */
const char *virCPUGetModelVendor(const char *arch,
                                 const char *model);

/* Whether a guest CPU of @mode is computed from QEMU's expansion of the
 * host CPU (host-model, host-recommended).  Every mode is decided in one
 * switch, so that a new mode makes the compiler ask. */
bool virCPUModeUsesHostModel(virCPUMode mode);

/* 0 when virCPUArchHasHostModel() accepts the arch of @ctx, else -1 with
 * an error that names the arch and says what to use instead. */
int virCPUCheckHostModelArch(const virCPUExpandContext *ctx);

/* Whether QEMU lets a @virtType guest of @arch run a CPU of @mode on the
 * machine type @machine (its own name; NULL: not known, true).  False
 * for every mode but host-passthrough under KVM on a machine type the
 * arch driver lists as allowing no CPU model (s390x: the compatibility
 * machines s390-ccw-virtio-2.4 to -2.7, which QEMU 10.0 removed), as
 * libvirt decides it; always true under TCG, which QEMU does not
 * restrict.  libvirt's domain capabilities then offer host-passthrough
 * only, and a domain without <cpu> gets it. */
bool virCPUMachineAllowsMode(const char *arch,
                             virDomainVirtType virtType,
                             const char *machine,
                             virCPUMode mode);

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

/* Features of @arch that require @feature, from the arch's dependency
 * table, in table order: a new NULL-terminated list (g_strfreev), empty
 * (a lone NULL) when there are none or the arch has no table. */
char **virCPUGetDependents(const char *arch,
                           const char *feature);

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
/* ---- Lookups by name (cpu_index.c) ------------------------------------
 *
 * Expanding a CPU looks up every deprecated feature, every blocker and
 * every user feature by name; QEMU may report 10^5 of them, so a lookup
 * must not walk the feature list.  A virCPUFeatureIndex maps the feature
 * names of one virCPUDef to their places: O(1) per lookup, O(n) to build,
 * features kept in their order.  It stays right as long as the features
 * of the CPU are changed only through virCPUFeatureIndexUpdate() (never
 * removed, reordered or renamed) while it lives.  Of duplicate names the
 * first is found, as virCPUDefFindFeature() finds it. */
typedef struct _virCPUFeatureIndex virCPUFeatureIndex;

virCPUFeatureIndex *virCPUFeatureIndexNew(const virCPUDef *cpu);
void virCPUFeatureIndexFree(virCPUFeatureIndex *idx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUFeatureIndex, virCPUFeatureIndexFree);

/* The feature called @name, or NULL. */
const virCPUFeatureDef *virCPUFeatureIndexFind(const virCPUFeatureIndex *idx,
                                               const char *name);

/* Whether the CPU lists @name with an enabling policy (require, force);
 * false when @idx is NULL. */
bool virCPUFeatureIndexEnables(const virCPUFeatureIndex *idx,
                               const char *name);

/* virCPUDefUpdateFeature() through the index: change the policy of @name,
 * or append it.  @cpu is the CPU @idx was made for. */
virCPUFeatureDef *virCPUFeatureIndexUpdate(virCPUFeatureIndex *idx,
                                           virCPUDef *cpu,
                                           const char *name,
                                           virCPUFeaturePolicy policy);

/* A set (g_hash_table_contains) of the strings of the NULL-terminated
 * list @names, which may be NULL; the strings are borrowed. */
GHashTable *virCPUNameSetNew(char * const *names);

/* Add every prop name @host lists (static, full, deprecated) to @props. */
void virCPUHostModelCollectProps(const virCPUHostModel *host,
                                 GHashTable *props);
