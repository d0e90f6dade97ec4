/*
 * baselinebench.c: the offline CPU baseline against QEMU's live fold
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: baselinebench QEMU-BINARY [ROUNDS]
 *
 * Probes the per-model feature sets of the QEMU once (timed apart), then
 * builds fleets of 1,000 and 10,000 distinct CPUs the way a real fleet
 * looks: a model of the last five generations the QEMU knows (static or
 * not), a few of its optional features switched off or on, never a base
 * feature off (every baseline then has a model).  Each round times, one
 * after the other in the same process, the offline baseline of the
 * 1,000, QEMU's fold over the same 1,000 (one QMP session, already
 * open), the offline baseline of the 10,000, and (first round only: it
 * takes tens of seconds) QEMU's fold over the 10,000.  Printed: the
 * median of each, and the ratios.  Nothing here asserts a time.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "cpu_baseline.h"
#include "cpu_compare.h"
#include "qemu_cpu_baseline.h"
#include "qemu_monitor_json.h"
#include "virerror.h"

#define SEED 20261129


static char *
benchKey(const virCPUDef *cpu)
{
    return virCPUInputKey(cpu);
}


/* @n distinct CPUs. */
static virCPUDefList *
benchFleet(const virCPUModelTable *table,
           size_t n,
           GRand *rand)
{
    virCPUDefList *list = g_new0(virCPUDefList, 1);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    size_t first = table->nmodels > 10 ? table->nmodels - 10 : 0;
    g_auto(GStrv) order = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    size_t i;

    for (i = 0; i < table->nmodels; i++)
        g_ptr_array_add(names, table->models[i].name);
    g_ptr_array_add(names, NULL);
    order = virCPUBaselineReleaseOrder(table->arch, (char **)names->pdata);

    list->cpus = g_new0(virCPUDef *, n);
    list->origins = g_new0(char *, n + 1);
    while (list->ncpus < n) {
        const virCPUModelFeatures *m =
            virCPUModelTableFind(table, order[g_rand_int_range(rand, first, g_strv_length(order))]);
        g_autoptr(virCPUDef) cpu = virCPUDefNew();
        size_t nfull = g_strv_length(m->full);
        size_t k = g_rand_int_range(rand, 1, 9);
        char *key;

        cpu->model = g_rand_boolean(rand) ? g_strdup_printf("%s-base", m->name)
                                          : g_strdup(m->name);
        for (i = 0; i < k; i++) {
            const char *f = m->full[g_rand_int_range(rand, 0, nfull)];

            if (g_strv_contains((const char * const *)m->base, f))
                continue;
            virCPUDefUpdateFeature(cpu, f, g_rand_boolean(rand) ? VIR_CPU_FEATURE_REQUIRE
                                                                : VIR_CPU_FEATURE_DISABLE);
        }
        key = benchKey(cpu);
        if (g_hash_table_contains(seen, key)) {
            g_free(key);
            continue;
        }
        g_hash_table_add(seen, key);
        list->origins[list->ncpus] = g_strdup_printf("CPU %zu", list->ncpus + 1);
        list->cpus[list->ncpus++] = g_steal_pointer(&cpu);
    }
    return list;
}


static double
benchOffline(const virCPUModelTable *table,
             const virCPUDefList *list,
             char **model)
{
    g_autoptr(virCPUDef) result = NULL;
    gint64 start = g_get_monotonic_time();

    if (virCPUBaselineOffline(table, list->cpus, (const char *const *)list->origins,
                              list->ncpus, 0, &result, NULL) < 0) {
        fprintf(stderr, "offline: %s\n", virGetLastErrorMessage());
        exit(1);
    }
    start = g_get_monotonic_time() - start;
    g_free(*model);
    *model = virCPUDefFormat(result);
    return start / 1000.0;
}


static double
benchLive(qemuMonitor *mon,
          const virCPUDefList *list,
          char **model)
{
    g_autoptr(virCPUDef) result = NULL;
    gint64 start = g_get_monotonic_time();

    if (qemuCPUBaseline(mon, list, false, &result) < 0) {
        fprintf(stderr, "live: %s\n", virGetLastErrorMessage());
        exit(1);
    }
    start = g_get_monotonic_time() - start;
    g_free(*model);
    *model = virCPUDefFormat(result);
    return start / 1000.0;
}


static int
benchCmp(gconstpointer a,
         gconstpointer b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return x < y ? -1 : x > y;
}


static double
benchMedian(GArray *a)
{
    g_array_sort(a, benchCmp);
    return g_array_index(a, double, a->len / 2);
}


int
main(int argc,
     char **argv)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(virCPUModelTable) table = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed(SEED);
    g_autoptr(virCPUDefList) small = NULL;
    g_autoptr(virCPUDefList) big = NULL;
    g_autoptr(GArray) off1k = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) live1k = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) off10k = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) live10k = g_array_new(FALSE, FALSE, sizeof(double));
    g_autofree char *mOff = NULL;
    g_autofree char *mLive = NULL;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    gint64 probe;
    int r;

    if (argc < 2) {
        fprintf(stderr, "usage: %s QEMU-BINARY [ROUNDS]\n", argv[0]);
        return 2;
    }
    if (!(src = qemuMonitorSourceNewLive(argv[1], 0, NULL)) ||
        !(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG))) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return 1;
    }
    probe = g_get_monotonic_time();
    if (qemuCPUGetModelTable(mon, argv[1], &table) < 0) {
        fprintf(stderr, "%s\n", virGetLastErrorMessage());
        return 1;
    }
    probe = g_get_monotonic_time() - probe;

    small = benchFleet(table, 1000, rand);
    big = benchFleet(table, 10000, rand);

    for (r = 0; r < rounds; r++) {
        double t;

        t = benchOffline(table, small, &mOff);
        g_array_append_val(off1k, t);
        t = benchLive(mon, small, &mLive);
        g_array_append_val(live1k, t);
        if (STRNEQ(mOff, mLive)) {
            /* the same props, maybe in another order: compare the model */
            if (strncmp(mOff, mLive, strcspn(mOff, "\n")) != 0)
                fprintf(stderr, "warning: 1,000: offline and live models differ\n");
        }
        t = benchOffline(table, big, &mOff);
        g_array_append_val(off10k, t);
        if (r == 0) {
            t = benchLive(mon, big, &mLive);
            g_array_append_val(live10k, t);
        }
    }
    qemuMonitorClose(mon);

    printf("QEMU %s: probe of the per-model feature sets %.0f ms (once per binary)\n",
           argv[1], probe / 1000.0);
    printf("| what | offline | live fold | live / offline | goal |\n");
    printf("|---|---|---|---|---|\n");
    printf("| baseline of 1,000 distinct CPUs (median of %d) | %.1f ms | %.0f ms | %.0fx | <= 50 ms, >= 50x |\n",
           rounds, benchMedian(off1k), benchMedian(live1k),
           benchMedian(live1k) / benchMedian(off1k));
    printf("| baseline of 10,000 distinct CPUs (offline median of %d, live once) | %.1f ms | %.0f ms | %.0fx | <= 500 ms, >= 50x |\n",
           rounds, benchMedian(off10k), benchMedian(live10k),
           benchMedian(live10k) / benchMedian(off10k));
    return 0;
}
