/*
 * qemubaselinelivetest.c: the offline CPU baseline equals QEMU's own
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For each live QEMU (7.2 and 10.0, testlive.h; a missing one SKIPs
 * visibly): probe its per-model feature sets (qemuCPUGetModelTable), then
 * build random fleets from a seeded PRNG -- 1 to 4 hosts, each a real
 * model of that QEMU (static "-base" or not) with a random subset of the
 * features the model may have switched on or off -- and compare, for
 * each fleet, the offline baseline (virCPUBaselineOffline) with QEMU's
 * query-cpu-model-baseline folded over the same hosts in the same order:
 * the same model and the same props (groups unfolded), or both refusing.
 * Any difference fails, with the fleet printed and the seed to draw the
 * same fleets again.  The full run (meson test --suite slow) compares
 * 1,000 fleets of a fixed seed; the default run 100 of a new seed each
 * time, and fails if they miss a kind of fleet (a size, a static host, a
 * fleet both refuse).
 *
 * The probe goes through the capabilities cache: a second lookup reads
 * the table back and asks QEMU nothing (a counter of the library says
 * so), and the comparison runs on the table read back.
 *
 * For each fleet both accept, the text the tool prints by default
 * (qemuCPUBaselineOffline: offline, then one query of the result with
 * itself for QEMU's order of the features) and with --live
 * (qemuCPUBaseline) must be the same, byte for byte.
 *
 * Then the tool: "hypervisor-cpu-baseline --offline --record" on the
 * live QEMU, the same offline from that recording, the default (offline
 * from the cached table) and --live must print the same text; a
 * recording without the order reply the same lines; on QEMU 7.2 a damaged table in the cache is one warning and
 * a new probe; and the case on QEMU 7.2, a gen16 host and one
 * with a gen17 feature, is one clear sentence offline.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "testlive.h"
#include "cpu_baseline.h"
#include "qemu_cpu_baseline.h"
#include "qemu_capscache.h"
#include "qemu_monitor_json.h"
#include "virerror.h"

#define FLEETS_SLOW 1000
#define FLEETS 100
#define SEED_SLOW 20261129

typedef struct {
    testLiveQEMU *q;
    virCPUModelTable *table;        /* filled by the probe case */
    size_t fleets;
    guint32 seed;
} baselineLiveData;


/* @cpu's features as two sets of single features (groups unfolded). */
static void
baselineLiveUnfold(const virCPUModelTable *table,
                   const virCPUDef *cpu,
                   GHashTable *on,
                   GHashTable *off)
{
    size_t i;
    size_t g;

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        GHashTable *set = virCPUFeaturePolicyIsEnabled(f->policy) ? on : off;
        bool group = false;

        for (g = 0; g < table->ngroups && !group; g++) {
            if (STREQ(table->groups[g].name, f->name)) {
                char **m;

                for (m = table->groups[g].members; *m; m++)
                    g_hash_table_add(set, *m);
                group = true;
            }
        }
        if (!group)
            g_hash_table_add(set, f->name);
    }
}


static bool
baselineLiveSetsEqual(GHashTable *a,
                      GHashTable *b)
{
    GHashTableIter it;
    gpointer key;

    if (g_hash_table_size(a) != g_hash_table_size(b))
        return false;
    g_hash_table_iter_init(&it, a);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (!g_hash_table_contains(b, key))
            return false;
    }
    return true;
}


/* A random host: a model of @table, static or not, with up to 12 of the
 * features it may have set. */
static virCPUDef *
baselineLiveRandomHost(const virCPUModelTable *table,
                       GRand *rand)
{
    const virCPUModelFeatures *m = &table->models[g_rand_int_range(rand, 0, table->nmodels)];
    virCPUDef *cpu = virCPUDefNew();
    bool isStatic = g_rand_int_range(rand, 0, 10) < 3;
    size_t nfull = g_strv_length(m->full);
    size_t n = g_rand_int_range(rand, 0, 13);
    size_t i;

    cpu->model = isStatic ? g_strdup_printf("%s-base", m->name) : g_strdup(m->name);
    for (i = 0; i < n && nfull > 0; i++) {
        const char *f = m->full[g_rand_int_range(rand, 0, nfull)];
        bool inBase = g_strv_contains((const char * const *)m->base, f);
        /* base features are rarely off: a fleet that has none left in
         * common only tests QEMU's refusal */
        bool on = inBase ? g_rand_int_range(rand, 0, 20) != 0
                         : g_rand_int_range(rand, 0, 10) < 7;

        virCPUDefUpdateFeature(cpu, f, on ? VIR_CPU_FEATURE_REQUIRE
                                          : VIR_CPU_FEATURE_DISABLE);
    }
    return cpu;
}


/* QEMU's fold: 0 with *@result (every prop of the reply), 1 when QEMU
 * refused, -1 on a transport error. */
static int
baselineLiveFold(qemuMonitor *mon,
                 virCPUDef **hosts,
                 size_t n,
                 virCPUDef **result)
{
    g_autoptr(virCPUDef) acc = virCPUDefCopy(hosts[0]);
    size_t i;

    for (i = (n == 1 ? 0 : 1); i < n; i++) {
        const qemuMonitorCPUModelArg a = { acc->model, acc };
        const qemuMonitorCPUModelArg b = { hosts[i]->model, hosts[i] };
        g_autoptr(qemuMonitorCPUModelInfo) info = NULL;
        qemuMonitorError qmpError = { 0 };
        size_t j;
        int rc = qemuMonitorGetCPUModelBaseline(mon, &a, &b, &info, &qmpError);

        if (rc < 0)
            return -1;
        if (rc > 0) {
            qemuMonitorErrorClear(&qmpError);
            return 1;
        }
        g_clear_pointer(&acc, virCPUDefFree);
        acc = virCPUDefNew();
        acc->model = g_strdup(info->name);
        for (j = 0; j < info->nprops; j++)
            virCPUDefAddFeature(acc, info->props[j].name,
                                info->props[j].enabled ? VIR_CPU_FEATURE_REQUIRE
                                                       : VIR_CPU_FEATURE_DISABLE);
    }
    *result = g_steal_pointer(&acc);
    return 0;
}


/* The tool's output of the fleet @hosts: the default (offline, its
 * features put in QEMU's order by one query) and --live (QEMU's fold)
 * must be the same text, byte for byte.  0 when they are, 1 when not
 * (both printed), -1 when either fails. */
static int
baselineLiveToolOrder(qemuMonitor *mon,
                      const virCPUModelTable *table,
                      virCPUDef **hosts,
                      size_t n)
{
    g_autoptr(GPtrArray) origins = g_ptr_array_new_with_free_func(g_free);
    virCPUDefList list = { .ncpus = n, .cpus = hosts };
    g_autoptr(virCPUDef) live = NULL;
    g_autoptr(virCPUDef) offline = NULL;
    g_autoptr(GString) liveXML = g_string_new(NULL);
    g_autoptr(GString) offXML = g_string_new(NULL);
    size_t i;

    for (i = 0; i < n; i++)
        g_ptr_array_add(origins, g_strdup_printf("CPU %zu", i + 1));
    list.origins = (char **)origins->pdata;
    if (qemuCPUBaseline(mon, &list, false, &live) < 0 ||
        qemuCPUBaselineOffline(mon, table, &list, false, false, &offline) < 0) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }
    virCPUDefFormatBuf(liveXML, live, 0, VIR_CPU_FORMAT_HOST);
    virCPUDefFormatBuf(offXML, offline, 0, VIR_CPU_FORMAT_HOST);
    if (STREQ(liveXML->str, offXML->str))
        return 0;
    virTestDiag("--live prints:\n%sthe default prints:\n%s", liveXML->str, offXML->str);
    return 1;
}


static qemuMonitor *
baselineLiveOpen(testLiveQEMU *q,
                 qemuMonitorSource **src)
{
    if (!(*src = qemuMonitorSourceNewLive(q->binary, 0, NULL)))
        return NULL;
    return qemuMonitorSourceOpen(*src, QEMU_MONITOR_ACCEL_TCG);
}


static bool
baselineLiveStrvEqual(char * const *a,
                      char * const *b)
{
    return g_strv_equal((const char * const *)a, (const char * const *)b);
}


/* Whether two model tables hold the same props, groups and models. */
static bool
baselineLiveTableEqual(const virCPUModelTable *a,
                       const virCPUModelTable *b)
{
    size_t i;

    if (STRNEQ(a->arch, b->arch) || !baselineLiveStrvEqual(a->props, b->props) ||
        a->nmodels != b->nmodels || a->ngroups != b->ngroups)
        return false;
    for (i = 0; i < a->ngroups; i++) {
        if (STRNEQ(a->groups[i].name, b->groups[i].name) ||
            !baselineLiveStrvEqual(a->groups[i].members, b->groups[i].members))
            return false;
    }
    for (i = 0; i < a->nmodels; i++) {
        const virCPUModelFeatures *ma = &a->models[i];
        const virCPUModelFeatures *mb = &b->models[i];

        if (STRNEQ(ma->name, mb->name) || !baselineLiveStrvEqual(ma->base, mb->base) ||
            !baselineLiveStrvEqual(ma->defaults, mb->defaults) ||
            !baselineLiveStrvEqual(ma->full, mb->full))
            return false;
    }
    return true;
}


/* Probe the table through the cache (the tools' cache of testlive.c, so
 * that the tool cases below find it there): the first lookup probes and
 * writes the entry, the second reads it and asks QEMU nothing (the probe
 * counter stays), and both tables are the same.  The comparison with
 * QEMU's own baseline then runs on the table read back from the cache. */
static int
baselineLiveProbe(const void *opaque)
{
    baselineLiveData *d = (baselineLiveData *)opaque;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(virCPUModelTable) cold = NULL;
    g_autofree char *emulator = g_strdup_printf("QEMU %s", d->q->label);
    g_autofree char *cache = g_build_filename(testLiveTmpDir(), "cache", NULL);
    g_autofree char *binary = g_canonicalize_filename(d->q->binary, NULL);
    g_autofree char *file = NULL;
    g_autofree char *data = NULL;
    size_t len = 0;
    unsigned int probes;

    g_setenv("XDG_CACHE_HOME", cache, TRUE);
    file = virQEMUCapsCacheFile(binary);
    if (!(mon = baselineLiveOpen(d->q, &src)))
        return -1;

    probes = virQEMUCapsCacheModelTableProbeCount();
    if (virQEMUCapsCacheModelTable(d->q->binary, false, false, 30, mon,
                                   emulator, &cold) < 0)
        return -1;
    if (virQEMUCapsCacheModelTableProbeCount() != probes + 1) {
        virTestDiag("a cold cache did not probe the model table");
        return -1;
    }
    if (!g_file_get_contents(file, &data, &len, NULL) ||
        !strstr(data, "<cpuModelTable arch='s390x'>")) {
        virTestDiag("the cache entry '%s' holds no model table", file);
        return -1;
    }
    virTestDiag("QEMU %s: cache entry with the model table: %zu bytes (limit %d)",
                d->q->label, len, VIR_QEMU_CAPS_CACHE_MAX_SIZE);

    if (virQEMUCapsCacheModelTable(d->q->binary, false, false, 30, mon,
                                   emulator, &d->table) < 0)
        return -1;
    if (virQEMUCapsCacheModelTableProbeCount() != probes + 1) {
        virTestDiag("a warm cache probed the model table again");
        return -1;
    }
    if (!baselineLiveTableEqual(cold, d->table)) {
        virTestDiag("the cached model table differs from the probed one");
        return -1;
    }
    virTestDiag("QEMU %s: %zu models, %u single features, %zu groups",
                d->q->label, d->table->nmodels, g_strv_length(d->table->props),
                d->table->ngroups);
    if (d->table->nmodels < 30 || d->table->ngroups < 10)
        return -1;
    return qemuMonitorClose(mon);
}


static int
baselineLiveCompare(const void *opaque)
{
    const baselineLiveData *d = opaque;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed(d->seed);
    size_t compared = 0;
    size_t refused = 0;
    size_t diffs = 0;
    size_t ordered = 0;
    size_t sizes[5] = { 0 };        /* fleets of 1 to 4 hosts */
    size_t statics = 0;
    size_t f;

    if (!d->table)
        return -1;
    if (!(mon = baselineLiveOpen(d->q, &src)))
        return -1;

    for (f = 0; f < d->fleets; f++) {
        virCPUDef *hosts[4] = { 0 };
        size_t n = g_rand_int_range(rand, 1, 5);
        g_autoptr(virCPUDef) live = NULL;
        g_autoptr(virCPUDef) offline = NULL;
        int liveRc;
        int offRc;
        int rc;
        size_t i;

        sizes[n]++;
        for (i = 0; i < n; i++) {
            hosts[i] = baselineLiveRandomHost(d->table, rand);
            if (g_str_has_suffix(hosts[i]->model, "-base"))
                statics++;
        }

        if ((liveRc = baselineLiveFold(mon, hosts, n, &live)) < 0)
            return -1;
        offRc = virCPUBaselineOffline(d->table, hosts, NULL, n,
                                      VIR_CPU_BASELINE_WITH_DISABLED, &offline, NULL);
        virResetLastError();

        compared++;
        if (liveRc == 1 && offRc < 0) {
            refused++;
        } else if (liveRc == 0 && offRc == 0 &&
                   (rc = baselineLiveToolOrder(mon, d->table, hosts, n)) != 0) {
            if (rc < 0)
                return -1;
            liveRc = -2;
            ordered++;
        } else if (liveRc == 0 && offRc == 0) {
            g_autoptr(GHashTable) liveOn = g_hash_table_new(g_str_hash, g_str_equal);
            g_autoptr(GHashTable) liveOff = g_hash_table_new(g_str_hash, g_str_equal);
            g_autoptr(GHashTable) offOn = g_hash_table_new(g_str_hash, g_str_equal);
            g_autoptr(GHashTable) offOff = g_hash_table_new(g_str_hash, g_str_equal);

            baselineLiveUnfold(d->table, live, liveOn, liveOff);
            baselineLiveUnfold(d->table, offline, offOn, offOff);
            if (STRNEQ(live->model, offline->model) ||
                !baselineLiveSetsEqual(liveOn, offOn) ||
                !baselineLiveSetsEqual(liveOff, offOff))
                liveRc = -2;
        } else {
            liveRc = -2;
        }

        if (liveRc == -2) {
            diffs++;
            if (diffs <= 3) {
                for (i = 0; i < n; i++) {
                    g_autofree char *h = virTestCPURender(hosts[i]);

                    virTestDiag("fleet %zu host %zu: %s", f, i + 1, h);
                }
                if (live) {
                    g_autofree char *r = virTestCPURender(live);

                    virTestDiag("  QEMU:    %s", r);
                } else {
                    virTestDiag("  QEMU:    refused");
                }
                if (offline) {
                    g_autofree char *r = virTestCPURender(offline);

                    virTestDiag("  offline: %s", r);
                } else {
                    virTestDiag("  offline: refused");
                }
            }
        }
        for (i = 0; i < n; i++)
            virCPUDefFree(hosts[i]);
    }

    virTestDiag("QEMU %s: compared %zu random fleets (seed %u), %zu refused by both, %zu differences (%zu of them in the printed output only)",
                d->q->label, compared, d->seed, refused, diffs, ordered);
    virTestDiag("QEMU %s: fleets of 1, 2, 3, 4 hosts: %zu, %zu, %zu, %zu; static hosts %zu",
                d->q->label, sizes[1], sizes[2], sizes[3], sizes[4], statics);
    if (qemuMonitorClose(mon) < 0)
        return -1;
    if (diffs > 0 || compared - refused < d->fleets / 2) {
        virTestSeedDiag("qemubaselinelivetest", d->seed);
        return -1;
    }
    /* a sample must still hold every kind of fleet */
    if (!sizes[1] || !sizes[2] || !sizes[3] || !sizes[4] || !statics || !refused) {
        virTestDiag("the sample misses a kind of fleet (a size, a static host or a refusal)");
        virTestSeedDiag("qemubaselinelivetest", d->seed);
        return -1;
    }
    return 0;
}


static gint
baselineLiveCmp(gconstpointer a,
                gconstpointer b)
{
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}


/* The features of the tool's output @xml, sorted, with the model. */
static char *
baselineLiveToolKey(const char *xml)
{
    g_auto(GStrv) lines = g_strsplit(xml, "\n", -1);
    g_autoptr(GPtrArray) keep = g_ptr_array_new();
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (strstr(lines[i], "<model") || strstr(lines[i], "<feature"))
            g_ptr_array_add(keep, g_strstrip(lines[i]));
    }
    g_ptr_array_sort(keep, baselineLiveCmp);
    g_ptr_array_add(keep, NULL);
    return g_strjoinv(" ", (char **)keep->pdata);
}


static int
baselineLiveTool(const void *opaque)
{
    const baselineLiveData *d = opaque;
    g_autofree char *input = g_build_filename(testLiveTmpDir(), "fleet.xml", NULL);
    g_autofree char *rec = g_build_filename(testLiveTmpDir(), "models.replies", NULL);
    g_autofree char *rec2 = g_build_filename(testLiveTmpDir(), "features.replies", NULL);
    const char *fleet =
        "<cpu><model>z14</model><feature name='vxeh' policy='disable'/></cpu>\n"
        "<cpu><model>gen15a</model></cpu>\n"
        "<cpu><model>z14.2-base</model><feature name='gs'/></cpu>\n";
    const char *offRec[] = { "hypervisor-cpu-baseline", "--emulatorbin", d->q->binary,
                             "--offline", "--record", rec, input, NULL };
    const char *offReplay[] = { "hypervisor-cpu-baseline", "--replay", rec, input, NULL };
    const char *live[] = { "hypervisor-cpu-baseline", "--emulatorbin", d->q->binary,
                           "--live", input, NULL };
    const char *featRec[] = { "hypervisor-cpu-baseline", "--emulatorbin", d->q->binary,
                              "--offline", "--features", "--record", rec2, input, NULL };
    const char *featReplay[] = { "hypervisor-cpu-baseline", "--replay", rec2, input, NULL };
    const char *dflt[] = { "hypervisor-cpu-baseline", "--emulatorbin", d->q->binary,
                           input, NULL };
    g_autofree char *out5 = NULL;
    g_autofree char *out1 = NULL;
    g_autofree char *out2 = NULL;
    g_autofree char *out3 = NULL;
    g_autofree char *err = NULL;
    g_autofree char *k3 = NULL;
    g_autofree char *out7 = NULL;
    g_autofree char *out8 = NULL;
    g_autofree char *k8 = NULL;

    if (!g_file_set_contents(input, fleet, -1, NULL))
        return -1;
    if (testLiveRunTool(offRec, &out1, &err) != 0) {
        virTestDiag("offline, recorded: %s", err);
        return -1;
    }
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(offReplay, &out2, &err) != 0) {
        virTestDiag("offline, replayed: %s", err);
        return -1;
    }
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(live, &out3, &err) != 0) {
        virTestDiag("live: %s", err);
        return -1;
    }
    /* the same text: the offline run asked QEMU for its order of the
     * features, and recorded that reply for the replay */
    k3 = baselineLiveToolKey(out3);
    if (!strstr(k3, "<model>z14-base</model>") ||
        virTestCompareStrings(out3, out1, "offline (recorded) vs --live") < 0 ||
        virTestCompareStrings(out3, out2, "offline (replayed) vs --live") < 0)
        return -1;

    /* a recording without that reply (--features asks none) keeps the
     * order of the feature sets: the same lines */
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(featRec, &out7, &err) != 0) {
        virTestDiag("offline --features, recorded: %s", err);
        return -1;
    }
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(featReplay, &out8, &err) != 0 || *err) {
        virTestDiag("offline, replayed without the order reply: '%s'", err);
        return -1;
    }
    k8 = baselineLiveToolKey(out8);
    if (virTestCompareStrings(k3, k8, "offline (replayed, table order) vs --live") < 0)
        return -1;

    /* the default is offline, from the table the probe case cached: no
     * warning, the same baseline */
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(dflt, &out5, &err) != 0 || *err) {
        virTestDiag("default, warm cache: '%s'", err);
        return -1;
    }
    if (virTestCompareStrings(out3, out5, "default (cached table) vs --live") < 0)
        return -1;

    if (STREQ(d->q->label, "7.2")) {
        /* a damaged table in the cache entry: one warning, the entry is
         * probed again and rewritten whole, the result unchanged */
        g_autofree char *binary = g_canonicalize_filename(d->q->binary, NULL);
        g_autofree char *file = virQEMUCapsCacheFile(binary);
        g_autofree char *data = NULL;
        g_autofree char *out6 = NULL;
        g_auto(GStrv) parts = NULL;
        g_autofree char *bad = NULL;
        g_autoptr(virQEMUCaps) caps = NULL;

        if (!g_file_get_contents(file, &data, NULL, NULL) ||
            !strstr(data, "<full>")) {
            virTestDiag("no model table in '%s'", file);
            return -1;
        }
        parts = g_strsplit(data, "<full>", 2);
        bad = g_strjoin("<full>no-such-feature ", parts[0], parts[1], NULL);
        if (!g_file_set_contents(file, bad, -1, NULL))
            return -1;
        g_clear_pointer(&err, g_free);
        if (testLiveRunTool(dflt, &out6, &err) != 0 ||
            !g_str_has_prefix(err, "warning: The cache entry ") ||
            strchr(err, '\n') != err + strlen(err) - 1) {
            virTestDiag("damaged table: '%s'", err);
            return -1;
        }
        g_clear_pointer(&data, g_free);
        if (virTestCompareStrings(out3, out6, "default (damaged cache) vs --live") < 0 ||
            !g_file_get_contents(file, &data, NULL, NULL) ||
            virQEMUCapsParseCache(data, strlen(data), file, &caps, NULL) < 0 ||
            !caps->modelTable) {
            virTestDiag("the damaged entry was not replaced by a whole one");
            return -1;
        }
    }

    if (STREQ(d->q->label, "7.2")) {
        /* the case: QEMU 7.2 knows no gen16 feature 'appv' */
        const char *z16z17 =
            "<cpu><model>gen16a</model></cpu>\n"
            "<cpu><model>gen16a</model><feature name='appv'/></cpu>\n";
        const char *want = "error: unsupported configuration: CPU feature 'appv' of element 2 (<cpu>) is unknown to QEMU";
        g_autofree char *out4 = NULL;

        g_clear_pointer(&err, g_free);
        if (!g_file_set_contents(input, z16z17, -1, NULL))
            return -1;
        if (testLiveRunTool(offReplay, &out4, &err) != 1 || *out4 ||
            !g_str_has_prefix(err, want) || strchr(err, '\n') != err + strlen(err) - 1) {
            virTestDiag("z16 + z17 on 7.2: '%s'", err);
            return -1;
        }
    }
    return 0;
}


int
main(void)
{
    const char *labels[] = { "7.2", "10.0" };
    baselineLiveData data[2] = { 0 };
    size_t fleets = virTestSlow() ? FLEETS_SLOW : FLEETS;
    guint32 seed;
    size_t i;

    if (virTestGetSeed(SEED_SLOW, &seed) < 0)
        return 1;
    if (testLiveInit() < 0) {
        testLiveCleanup();
        return 1;
    }

    for (i = 0; i < G_N_ELEMENTS(labels); i++) {
        g_autofree char *probe = g_strdup_printf("QEMU %s: probe the per-model feature sets", labels[i]);
        g_autofree char *cmp = g_strdup_printf("QEMU %s: offline baseline equals QEMU's on %zu random fleets",
                                               labels[i], fleets);

        data[i].q = testLiveGetQEMU(labels[i]);
        data[i].fleets = fleets;
        data[i].seed = seed;
        if (!data[i].q->binary) {
            g_autofree char *tool = g_strdup_printf("QEMU %s: hypervisor-cpu-baseline offline (recorded, replayed) equals --live",
                                                    labels[i]);

            virTestSkip(probe, data[i].q->skip);
            virTestSkip(cmp, data[i].q->skip);
            virTestSkip(tool, data[i].q->skip);
            continue;
        }
        virTestRun(probe, baselineLiveProbe, &data[i]);
        virTestRun(cmp, baselineLiveCompare, &data[i]);
        g_clear_pointer(&data[i].table, virCPUModelTableFree);
        {
            g_autofree char *tool = g_strdup_printf("QEMU %s: hypervisor-cpu-baseline offline (recorded, replayed) equals --live",
                                                    labels[i]);

            virTestRun(tool, baselineLiveTool, &data[i]);
        }
    }

    testLiveCleanup();
    return virTestMain();
}
