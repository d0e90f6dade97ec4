/*
 * cpu_compare.c: the CPU logic of baseline and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "cpu_compare.h"
#include "cpu_driver.h"
#include "cpu_policy.h"
#include "virerror.h"

static bool
virCPUDriverHasQEMUBaseline(const virCPUArchDriver *drv)
{
    return drv->qemuBaseline;
}


const char *
virCPUGetQEMUBaselineArch(void)
{
    const virCPUArchDriver *drv = virCPUGetDriverWith(virCPUDriverHasQEMUBaseline);

    return drv ? drv->arches[0] : NULL;
}


int
virCPUCheckQEMUBaselineArch(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);
    g_autofree char *arches = NULL;

    if (drv && drv->qemuBaseline && STREQ(arch, drv->arches[0]))
        return 0;

    arches = virCPUFormatArchesWith(virCPUDriverHasQEMUBaseline);
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                   _("CPU baseline and compare through QEMU are implemented for %s only, not for '%s'"),
                   arches, NULLSTR(arch));
    return -1;
}


static int
virCPUFeatureDefCompareName(const void *a,
                            const void *b)
{
    const virCPUFeatureDef * const *fa = a;
    const virCPUFeatureDef * const *fb = b;

    return strcmp((*fa)->name, (*fb)->name);
}


char *
virCPUInputKey(const virCPUDef *cpu)
{
    g_autofree const virCPUFeatureDef **sorted = g_new0(const virCPUFeatureDef *,
                                                        cpu->nfeatures + 1);
    GString *key = g_string_new(cpu->model);
    size_t n = 0;
    size_t i;

    for (i = 0; i < cpu->nfeatures; i++) {
        if (cpu->features[i].policy != VIR_CPU_FEATURE_OPTIONAL)
            sorted[n++] = &cpu->features[i];
    }
    if (n > 1)
        qsort(sorted, n, sizeof(*sorted), virCPUFeatureDefCompareName);
    for (i = 0; i < n; i++)
        g_string_append_printf(key, "\n%s=%d", sorted[i]->name,
                               virCPUFeaturePolicyIsEnabled(sorted[i]->policy));
    return g_string_free(key, FALSE);
}


void
virCPUDefListRemoveDuplicates(virCPUDefList *list)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                       g_free, NULL);
    size_t kept = 0;
    size_t i;

    /* one pass: a fleet of thousands of CPUs stays linear */
    for (i = 0; i < list->ncpus; i++) {
        if (!g_hash_table_add(seen, virCPUInputKey(list->cpus[i]))) {
            g_clear_pointer(&list->cpus[i], virCPUDefFree);
            g_clear_pointer(&list->origins[i], g_free);
            continue;
        }
        list->cpus[kept] = list->cpus[i];
        list->origins[kept] = list->origins[i];
        kept++;
    }
    list->ncpus = kept;
}


size_t
virCPUBaselineDisableDeprecated(virCPUDef *cpu,
                                const char *arch,
                                char * const *deprecated)
{
    g_autoptr(virCPUDeprecatedSet) set = virCPUDeprecatedSetNew(arch, deprecated);
    size_t marked = 0;
    size_t i;

    for (i = 0; i < cpu->nfeatures; i++) {
        virCPUFeatureDef *feature = &cpu->features[i];

        if (!virCPUFeaturePolicyIsEnabled(feature->policy) ||
            !virCPUDeprecatedSetContains(set, feature->name))
            continue;
        feature->policy = VIR_CPU_FEATURE_DISABLE;
        marked++;
    }
    return marked;
}
