/*
 * cpu_index.c: name lookups over CPU feature lists
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "cpu_index.h"

struct _virCPUFeatureIndex {
    const virCPUDef *cpu;
    GHashTable *pos;            /* name (borrowed from @cpu) -> index + 1 */
};


static void
virCPUFeatureIndexAdd(virCPUFeatureIndex *idx,
                      size_t i)
{
    const char *name = idx->cpu->features[i].name;

    /* the first of duplicate names wins, as in virCPUDefFindFeature() */
    if (!g_hash_table_contains(idx->pos, name))
        g_hash_table_insert(idx->pos, (gpointer)name, GSIZE_TO_POINTER(i + 1));
}


virCPUFeatureIndex *
virCPUFeatureIndexNew(const virCPUDef *cpu)
{
    virCPUFeatureIndex *idx = g_new0(virCPUFeatureIndex, 1);
    size_t i;

    idx->cpu = cpu;
    idx->pos = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; i < cpu->nfeatures; i++)
        virCPUFeatureIndexAdd(idx, i);
    return idx;
}


void
virCPUFeatureIndexFree(virCPUFeatureIndex *idx)
{
    if (!idx)
        return;
    g_hash_table_unref(idx->pos);
    g_free(idx);
}


const virCPUFeatureDef *
virCPUFeatureIndexFind(const virCPUFeatureIndex *idx,
                       const char *name)
{
    size_t pos = GPOINTER_TO_SIZE(g_hash_table_lookup(idx->pos, name));

    if (pos == 0)
        return NULL;
    return &idx->cpu->features[pos - 1];
}


bool
virCPUFeatureIndexEnables(const virCPUFeatureIndex *idx,
                          const char *name)
{
    const virCPUFeatureDef *f;

    if (!idx || !(f = virCPUFeatureIndexFind(idx, name)))
        return false;
    return virCPUFeaturePolicyIsEnabled(f->policy);
}


virCPUFeatureDef *
virCPUFeatureIndexUpdate(virCPUFeatureIndex *idx,
                         virCPUDef *cpu,
                         const char *name,
                         virCPUFeaturePolicy policy)
{
    size_t pos = GPOINTER_TO_SIZE(g_hash_table_lookup(idx->pos, name));

    g_assert(cpu == idx->cpu);

    if (pos == 0) {
        virCPUDefAddFeature(cpu, name, policy);
        virCPUFeatureIndexAdd(idx, cpu->nfeatures - 1);
        return &cpu->features[cpu->nfeatures - 1];
    }
    cpu->features[pos - 1].policy = policy;
    return &cpu->features[pos - 1];
}


GHashTable *
virCPUNameSetNew(char * const *names)
{
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    for (i = 0; names && names[i]; i++)
        g_hash_table_add(set, names[i]);
    return set;
}
