/*
 * cpu_policy.h: what hostrec decides about QEMU's deprecated CPU features
 * and CPU model blockers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * QEMU reports which CPU features it deprecates (virCPUHostModel's
 * deprecated-props); the arch's dependency table (virCPUGetDependents)
 * adds the features that require one of them.  Together they are the
 * deprecated set, and this is the one place that builds it and applies
 * it.  Its users:
 *
 * - guest expansion (virCPUExpandGuest): host-recommended disables the
 *   set with its dependents, deprecated_features='off' without them,
 *   both recording why (reason='deprecated' / 'requires'); the user's
 *   features then ask which of QEMU's list they re-enable or require
 *   (virCPUDeprecatedSetIsListed, virCPUDeprecatedSetGetRequired);
 * - domain capabilities: host-recommended as above, and host-model with
 *   --disable-deprecated-features as libvirt's flag does (no dependents,
 *   no reasons);
 * - baseline with --disable-deprecated-features, and fleet's
 *   host-recommended baseline: every enabled prop of the result that is
 *   in the set, dependents included (virCPUBaselineDisableDeprecated,
 *   cpu_compare.h, through virCPUDeprecatedSetContains).
 *
 * The deprecation flags of migration-check's and fleet's blockers do not
 * use the set: whether a blocker is deprecated on the source or the
 * destination is asked of QEMU's own lists (virCPUHostModelGetDeprecated),
 * without dependents (cpu_migration.c, cpu_fleet.c).
 *
 * Nothing here reports an error: what to say when QEMU reported no
 * deprecated features differs between the callers, who check that first.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"
#include "cpu_host.h"
#include "cpu_index.h"

/* The deprecated set of one QEMU and arch.  Its members, in the order
 * they are applied: each feature QEMU lists (in QEMU's order, once),
 * followed by those of its dependents (in table order) that QEMU does
 * not list itself; a dependent of several follows each of them. */
typedef struct _virCPUDeprecatedSet virCPUDeprecatedSet;

/* The set of @deprecated (NULL-terminated, may be NULL or empty: the set
 * is empty then) with the dependents @arch's table names.  Never NULL. */
virCPUDeprecatedSet *virCPUDeprecatedSetNew(const char *arch,
                                            char * const *deprecated);
void virCPUDeprecatedSetFree(virCPUDeprecatedSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUDeprecatedSet, virCPUDeprecatedSetFree);

/* Whether @name is a member: listed by QEMU or a dependent of one. */
bool virCPUDeprecatedSetContains(const virCPUDeprecatedSet *set,
                                 const char *name);

/* Whether QEMU's list names @name itself (a dependent that only the
 * dependency table adds is not listed). */
bool virCPUDeprecatedSetIsListed(const virCPUDeprecatedSet *set,
                                 const char *name);

/* The features of QEMU's list that @name requires by the arch's
 * dependency table, once per place in QEMU's list (a feature QEMU lists
 * twice comes twice), in that list's order; whether QEMU lists @name
 * too does not matter.  Guest expansion warns once per entry when the
 * user enables @name while the entry stays disabled.  A new array of
 * strings borrowed from @set, empty when there are none
 * (g_ptr_array_unref). */
GPtrArray *virCPUDeprecatedSetGetRequired(const virCPUDeprecatedSet *set,
                                          const char *name);

typedef enum {
    /* Also disable the dependents, where the host CPU (the static
     * expansion of @host) enables them: a dependent the host lacks or has
     * off changes nothing in the guest and is never named. */
    VIR_CPU_DEPRECATED_DEPENDENTS = (1 << 0),
    /* Record on each feature it disables why: reason='deprecated', or
     * reason='requires' with the member of QEMU's list it requires (the
     * first, when several). */
    VIR_CPU_DEPRECATED_REASONS = (1 << 1),
} virCPUDeprecatedFlags;

/* Give the members of @set policy disable in @cpu: changed in place
 * where listed, appended in the set's order where not.  Features @user
 * (may be NULL) turns on are left alone, and so are the dependents of
 * those: the user's overrides are applied afterwards.  @host may be NULL
 * without VIR_CPU_DEPRECATED_DEPENDENTS.  @flags: virCPUDeprecatedFlags.
 *
 * Cost: the lookups in @cpu and @user go through a virCPUFeatureIndex,
 * linear in their sizes and the set's.  Whether the host CPU enables a
 * dependent is not indexed: each dependent member (with
 * VIR_CPU_DEPRECATED_DEPENDENTS) walks the static props of @host once.
 * There are at most as many dependent members as rows in the arch's
 * dependency table (one on s390x), so this adds a small multiple of the
 * host's props, whatever the length of QEMU's list. */
void virCPUDeprecatedSetDisable(const virCPUDeprecatedSet *set,
                                virCPUDef *cpu,
                                const virCPUHostModel *host,
                                const virCPUDef *user,
                                unsigned int flags);

/* ---- Blockers -----------------------------------------------------------
 *
 * For each CPU model QEMU lists the features the host cannot provide for
 * it (unavailable-features, "blockers").  A guest CPU that turns a
 * blocker off does not need it; every other blocker keeps the model from
 * starting there.  Used by the guest expansion's warning
 * (qemuDomainWarnBlockers, qemu_command.c) and by migration-check's
 * cpu-model aspect (cpu_migration.c). */

/* The blockers of @blockers (NULL-terminated, may be NULL) that @cpu does
 * not turn off (lists with policy disable or forbid; of duplicate names
 * the first counts, as in virCPUFeatureIndex), in @blockers' order.  A
 * new array of strings borrowed from @blockers (g_ptr_array_unref). */
GPtrArray *virCPUGetMissingBlockers(const virCPUDef *cpu,
                                    char * const *blockers);
