/*
 * cpu_policy.c: the deprecated set of QEMU's CPU features
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "cpu_policy.h"

/* One member of the set: a feature QEMU lists (@requires NULL), or a
 * dependent of one (@requires names it). */
typedef struct _virCPUDeprecatedMember virCPUDeprecatedMember;
struct _virCPUDeprecatedMember {
    char *name;
    char *requires;
};

struct _virCPUDeprecatedSet {
    GArray *members;            /* of virCPUDeprecatedMember, in order */
    GHashTable *names;          /* the names of @members, owned */
};


static void
virCPUDeprecatedMemberClear(void *data)
{
    virCPUDeprecatedMember *member = data;

    g_free(member->name);
    g_free(member->requires);
}


static void
virCPUDeprecatedSetAdd(virCPUDeprecatedSet *set,
                       const char *name,
                       const char *requires)
{
    virCPUDeprecatedMember member = {
        .name = g_strdup(name),
        .requires = g_strdup(requires),
    };

    g_array_append_val(set->members, member);
}


virCPUDeprecatedSet *
virCPUDeprecatedSetNew(const char *arch,
                       char * const *deprecated)
{
    virCPUDeprecatedSet *set = g_new0(virCPUDeprecatedSet, 1);
    g_autoptr(GHashTable) listed = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;
    size_t j;

    set->members = g_array_new(FALSE, FALSE, sizeof(virCPUDeprecatedMember));
    g_array_set_clear_func(set->members, virCPUDeprecatedMemberClear);
    set->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    /* QEMU's own list first: a dependent QEMU lists as well is a member
     * at its own place, not as a dependent. */
    for (i = 0; deprecated && deprecated[i]; i++)
        g_hash_table_add(listed, deprecated[i]);

    for (i = 0; deprecated && deprecated[i]; i++) {
        g_auto(GStrv) deps = NULL;

        if (!g_hash_table_add(set->names, g_strdup(deprecated[i])))
            continue;
        virCPUDeprecatedSetAdd(set, deprecated[i], NULL);

        deps = virCPUGetDependents(arch, deprecated[i]);
        for (j = 0; deps[j]; j++) {
            if (g_hash_table_contains(listed, deps[j]))
                continue;
            g_hash_table_add(set->names, g_strdup(deps[j]));
            virCPUDeprecatedSetAdd(set, deps[j], deprecated[i]);
        }
    }

    return set;
}


void
virCPUDeprecatedSetFree(virCPUDeprecatedSet *set)
{
    if (!set)
        return;
    g_array_unref(set->members);
    g_hash_table_unref(set->names);
    g_free(set);
}


bool
virCPUDeprecatedSetContains(const virCPUDeprecatedSet *set,
                            const char *name)
{
    return g_hash_table_contains(set->names, name);
}


/* Whether the host CPU (the static expansion) turns @name on. */
static bool
virCPUHostModelEnables(const virCPUHostModel *host,
                       const char *name)
{
    size_t i;

    for (i = 0; host && i < host->nprops; i++) {
        if (STREQ(host->props[i].name, name))
            return host->props[i].enabled;
    }
    return false;
}


void
virCPUDeprecatedSetDisable(const virCPUDeprecatedSet *set,
                           virCPUDef *cpu,
                           const virCPUHostModel *host,
                           const virCPUDef *user,
                           unsigned int flags)
{
    g_autoptr(virCPUFeatureIndex) idx = virCPUFeatureIndexNew(cpu);
    g_autoptr(virCPUFeatureIndex) userIdx = NULL;
    size_t i;

    if (user)
        userIdx = virCPUFeatureIndexNew(user);

    for (i = 0; i < set->members->len; i++) {
        const virCPUDeprecatedMember *member =
            &g_array_index(set->members, virCPUDeprecatedMember, i);
        virCPUFeatureDef *f;

        /* a feature the user turns on keeps its dependents as well */
        if (virCPUFeatureIndexEnables(userIdx, member->name) ||
            (member->requires &&
             (!(flags & VIR_CPU_DEPRECATED_DEPENDENTS) ||
              virCPUFeatureIndexEnables(userIdx, member->requires) ||
              !virCPUHostModelEnables(host, member->name))))
            continue;

        f = virCPUFeatureIndexUpdate(idx, cpu, member->name, VIR_CPU_FEATURE_DISABLE);
        if (!(flags & VIR_CPU_DEPRECATED_REASONS))
            continue;
        if (!member->requires) {
            f->reason = VIR_CPU_FEATURE_REASON_DEPRECATED;
            g_clear_pointer(&f->requires, g_free);
        } else if (f->reason == VIR_CPU_FEATURE_REASON_NONE) {
            f->reason = VIR_CPU_FEATURE_REASON_REQUIRES;
            f->requires = g_strdup(member->requires);
        }
    }
}


GPtrArray *
virCPUGetMissingBlockers(const virCPUDef *cpu,
                         char * const *blockers)
{
    g_autoptr(virCPUFeatureIndex) idx = virCPUFeatureIndexNew(cpu);
    GPtrArray *missing = g_ptr_array_new();
    size_t i;

    for (i = 0; blockers && blockers[i]; i++) {
        const virCPUFeatureDef *f = virCPUFeatureIndexFind(idx, blockers[i]);

        if (!f || virCPUFeaturePolicyIsEnabled(f->policy))
            g_ptr_array_add(missing, blockers[i]);
    }
    return missing;
}
