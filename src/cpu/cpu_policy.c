/*
 * cpu_policy.c: the deprecated set of QEMU's CPU features
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "cpu_arch.h"
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
    char **listed;              /* QEMU's list as it came, repeats kept */
    GHashTable *listedNames;    /* the names of @listed, borrowed */
    /* a name the dependency table makes require a member of @listed ->
     * GArray of the places (size_t) in @listed of what it requires, in
     * increasing order */
    GHashTable *required;
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


/* Note that @name requires the feature at @place of QEMU's list; a
 * table that names the pair twice counts once. */
static void
virCPUDeprecatedSetAddRequired(virCPUDeprecatedSet *set,
                               const char *name,
                               size_t place)
{
    GArray *places = g_hash_table_lookup(set->required, name);

    if (!places) {
        places = g_array_new(FALSE, FALSE, sizeof(size_t));
        g_hash_table_insert(set->required, g_strdup(name), places);
    }
    if (places->len > 0 && g_array_index(places, size_t, places->len - 1) == place)
        return;
    g_array_append_val(places, place);
}


virCPUDeprecatedSet *
virCPUDeprecatedSetNew(const char *arch,
                       char * const *deprecated)
{
    virCPUDeprecatedSet *set = g_new0(virCPUDeprecatedSet, 1);
    size_t i;
    size_t j;

    set->members = g_array_new(FALSE, FALSE, sizeof(virCPUDeprecatedMember));
    g_array_set_clear_func(set->members, virCPUDeprecatedMemberClear);
    set->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    set->listed = deprecated ? g_strdupv((char **)deprecated) : g_new0(char *, 1);
    set->listedNames = g_hash_table_new(g_str_hash, g_str_equal);
    set->required = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_array_unref);

    /* QEMU's own list first: a dependent QEMU lists as well is a member
     * at its own place, not as a dependent. */
    for (i = 0; set->listed[i]; i++)
        g_hash_table_add(set->listedNames, set->listed[i]);

    for (i = 0; set->listed[i]; i++) {
        g_auto(GStrv) deps = virCPUGetDependents(arch, set->listed[i]);
        bool first = g_hash_table_add(set->names, g_strdup(set->listed[i]));

        if (first)
            virCPUDeprecatedSetAdd(set, set->listed[i], NULL);

        for (j = 0; deps[j]; j++) {
            /* every place counts here: a feature QEMU lists twice is
             * required twice */
            virCPUDeprecatedSetAddRequired(set, deps[j], i);
            if (!first || g_hash_table_contains(set->listedNames, deps[j]))
                continue;
            g_hash_table_add(set->names, g_strdup(deps[j]));
            virCPUDeprecatedSetAdd(set, deps[j], set->listed[i]);
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
    g_hash_table_unref(set->listedNames);
    g_hash_table_unref(set->required);
    g_strfreev(set->listed);
    g_free(set);
}


bool
virCPUDeprecatedSetContains(const virCPUDeprecatedSet *set,
                            const char *name)
{
    return g_hash_table_contains(set->names, name);
}


bool
virCPUDeprecatedSetIsListed(const virCPUDeprecatedSet *set,
                            const char *name)
{
    return g_hash_table_contains(set->listedNames, name);
}


GPtrArray *
virCPUDeprecatedSetGetRequired(const virCPUDeprecatedSet *set,
                               const char *name)
{
    GArray *places = g_hash_table_lookup(set->required, name);
    GPtrArray *ret = g_ptr_array_new();
    size_t i;

    for (i = 0; places && i < places->len; i++)
        g_ptr_array_add(ret, set->listed[g_array_index(places, size_t, i)]);
    return ret;
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
