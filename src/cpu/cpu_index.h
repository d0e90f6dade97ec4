/*
 * cpu_index.h: lookups of a CPU's features by name
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"

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
