/*
 * cpubaselineofflinetest.c: the offline CPU baseline (src/cpu/cpu_baseline.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Small cases on a SYNTHETIC model table: real s390x model names (so the
 * driver knows their generations) with invented feature sets, written to
 * show one step of QEMU's rule each.  Whether the rule is QEMU's is
 * checked against live QEMUs in qemubaselinelivetest.c.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "cpu_baseline.h"
#include "virerror.h"

/* The synthetic table: "name: base | defaults | full" (each list adds to
 * the previous one). */
static const char * const synthModels[] = {
    "z13: a b | c | d",
    "z13s: a b | c | d",
    "z14: a b e kmc-dea | c f | d g",
    "z14ZR1: a b e | c f | d g",
    "gen15a: a b e h | c f i | d g j",
    NULL
};

/* The words of @text, without the empty ones that runs of spaces make. */
static char **
baselineTestWords(const char *text)
{
    g_auto(GStrv) all = g_strsplit(text, " ", -1);
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    size_t i;

    for (i = 0; all[i]; i++) {
        if (*all[i])
            g_ptr_array_add(words, g_strdup(all[i]));
    }
    g_ptr_array_add(words, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&words), FALSE);
}


static virCPUModelTable *
baselineTestTable(void)
{
    g_autoptr(virCPUModelTable) table = virCPUModelTableNew("s390x", "synthetic QEMU");
    g_auto(GStrv) props = g_strsplit("a b c d e f g h i j kmc-dea", " ", -1);
    size_t i;

    const char *grp[] = { "i", "j", NULL };

    virCPUModelTableSetProps(table, props);
    virCPUModelTableAddGroup(table, "grp", (char **)grp);
    for (i = 0; synthModels[i]; i++) {
        g_auto(GStrv) parts = g_strsplit_set(synthModels[i], ":|", -1);
        g_autofree char *def = g_strjoin(" ", parts[1], parts[2], NULL);
        g_autofree char *full = g_strjoin(" ", parts[1], parts[2], parts[3], NULL);
        g_auto(GStrv) base = baselineTestWords(parts[1]);
        g_auto(GStrv) defaults = baselineTestWords(def);
        g_auto(GStrv) fullList = baselineTestWords(full);

        virCPUModelTableAddModel(table, parts[0], base, defaults, fullList);
    }
    return g_steal_pointer(&table);
}


/* "MODEL f !g" -> a CPU */
static virCPUDef *
baselineTestCPU(const char *spec)
{
    g_auto(GStrv) words = g_strsplit(spec, " ", -1);
    virCPUDef *cpu = virCPUDefNew();
    size_t i;

    cpu->model = g_strdup(words[0]);
    for (i = 1; words[i]; i++) {
        if (words[i][0] == '!')
            virCPUDefAddFeature(cpu, words[i] + 1, VIR_CPU_FEATURE_DISABLE);
        else
            virCPUDefAddFeature(cpu, words[i], VIR_CPU_FEATURE_REQUIRE);
    }
    return cpu;
}


typedef struct {
    const char *name;
    const char *hosts[4];
    unsigned int flags;
    const char *expect;     /* rendered result */
    const char *limits;     /* "host0feat,.. ; host1..." with a leading '*' when model */
    const char *error;      /* substring */
} baselineTestCase;

static const baselineTestCase cases[] = {
    { .name = "one host is baselined with itself",
      .hosts = { "z14" }, .expect = "z14-base c f" },
    { .name = "older generation caps the model, common features as delta",
      .hosts = { "gen15a", "z14" }, .expect = "z14-base c f",
      .limits = "kmc-dea ; *h,i" },
    { .name = "disabled props are kept with WITH_DISABLED",
      .hosts = { "z14 !c", "z14" }, .flags = VIR_CPU_BASELINE_WITH_DISABLED,
      .expect = "z14-base f" },
    { .name = "a missing base feature falls back to an older model",
      .hosts = { "z14 !e", "z14" }, .expect = "z13s-base c",
      .limits = "*e ; *" },
    { .name = "the fall back strips features the older model cannot have",
      .hosts = { "z14 !e g", "z14 g" }, .flags = VIR_CPU_BASELINE_WITH_DISABLED,
      .expect = "z13s-base c" },
    { .name = "the same CPU type is preferred (BC stays BC)",
      .hosts = { "z14ZR1", "gen15a" }, .expect = "z14ZR1-base c f" },
    { .name = "different types of one generation: the last compatible",
      .hosts = { "z14ZR1", "z14" }, .expect = "z14ZR1-base c f" },
    { .name = "an ignored base feature does not count",
      .hosts = { "z14 !kmc-dea", "z14" }, .flags = VIR_CPU_BASELINE_WITH_DISABLED,
      .expect = "z14-base !kmc-dea c f" },
    { .name = "a static model starts from its base features",
      .hosts = { "z14-base", "z14-base f" }, .expect = "z14-base" },
    { .name = "--features lists every prop, sorted",
      .hosts = { "z14", "gen15a" }, .flags = VIR_CPU_BASELINE_EXPAND_FEATURES,
      .expect = "z14-base a b c e f" },
    { .name = "a group whose members are all in the result is named",
      .hosts = { "gen15a j", "gen15a grp" }, .expect = "gen15a-base grp c f" },
    { .name = "a group in the input sets all its members",
      .hosts = { "gen15a !grp", "gen15a" }, .flags = VIR_CPU_BASELINE_EXPAND_FEATURES,
      .expect = "gen15a-base a b c e f h" },
    { .name = "a group the model cannot have",
      .hosts = { "z14 grp" },
      .error = "CPU feature 'grp' of host 1 is not available for CPU model 'z14'" },
    { .name = "a base feature none has: no model",
      .hosts = { "z13 !a", "z13" }, .error = "no CPU model of synthetic QEMU fits" },
    { .name = "a feature QEMU does not know",
      .hosts = { "z14", "z14 appv" },
      .error = "CPU feature 'appv' of host 2 is unknown to synthetic QEMU" },
    { .name = "a model QEMU does not know",
      .hosts = { "z14", "gen99z" },
      .error = "CPU model 'gen99z' of host 2 is unknown to synthetic QEMU" },
    { .name = "a feature the model cannot have",
      .hosts = { "z13 h" },
      .error = "CPU feature 'h' of host 1 is not available for CPU model 'z13'" },
};

static const char * const caseNames[] = { "host 1", "host 2", "host 3", "host 4" };


static int
baselineTestOne(const void *opaque)
{
    const baselineTestCase *tc = opaque;
    g_autoptr(virCPUModelTable) table = baselineTestTable();
    g_autoptr(virCPUDef) result = NULL;
    g_autoptr(virCPUBaselineLimits) limits = NULL;
    virCPUDef *hosts[4] = { 0 };
    size_t n = 0;
    int rc;
    int ret = -1;

    while (n < G_N_ELEMENTS(tc->hosts) && tc->hosts[n]) {
        hosts[n] = baselineTestCPU(tc->hosts[n]);
        n++;
    }

    rc = virCPUBaselineOffline(table, hosts, caseNames, n, tc->flags,
                               &result, &limits);
    if (tc->error) {
        const char *msg = virGetLastErrorMessage();

        if (rc == 0 || !strstr(msg, tc->error)) {
            virTestDiag("expected error '%s', got rc %d '%s'", tc->error, rc, msg);
            goto cleanup;
        }
        virResetLastError();
        ret = 0;
        goto cleanup;
    }
    if (rc < 0)
        goto cleanup;
    {
        g_autofree char *got = virTestCPURender(result);

        if (virTestCompareStrings(tc->expect, got, "baseline") < 0)
            goto cleanup;
    }
    if (tc->limits) {
        g_autoptr(GString) s = g_string_new(NULL);
        size_t i;

        for (i = 0; i < limits->nhosts; i++) {
            g_autofree char *feats = g_strjoinv(",", limits->hosts[i].features);

            g_string_append_printf(s, "%s%s%s", i ? " ; " : "",
                                   limits->hosts[i].model ? "*" : "", feats);
        }
        if (virTestCompareStrings(tc->limits, s->str, "limits") < 0)
            goto cleanup;
    }
    ret = 0;

 cleanup:
    for (n = 0; n < G_N_ELEMENTS(hosts); n++)
        virCPUDefFree(hosts[n]);
    return ret;
}


int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, baselineTestOne, &cases[i]);
    return virTestMain();
}
