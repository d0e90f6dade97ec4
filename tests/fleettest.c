/*
 * fleettest.c: "hostrec fleet" and the matrix behind it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The matrix (src/cpu/cpu_fleet.h) must give, cell by cell, what
 * migration-check's decision (virCPUMigrationCheck) gives: checked on
 * random fleets built in memory (seeded, so a failure repeats), and on
 * this project's and libvirt's recordings loaded as the tool loads them.
 * Then the tool itself: goldens of its text and JSON, its errors, and its
 * progress lines (forced with --progress, so no clock decides).
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "cpu_fleet.h"
#include "qemu_capabilities.h"
#include "qemu_fleet.h"
#include "qemu_migration.h"
#include "virerror.h"

#define OWN_GEN16A "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"
#define OWN_GEN17LIKE "qemucapabilitiesdata/qemu_9.1.0-gen17like_s390x_kvm.replies"


/* Two verdicts with their blockers are the same. */
static int
testFleetCompareResults(const virCPUMigrationResult *want,
                        const virCPUMigrationResult *got,
                        const char *what)
{
    size_t i;

    if (memcmp(want->checked, got->checked, sizeof(want->checked)) != 0) {
        virTestDiag("%s: the checked aspects differ", what);
        return -1;
    }
    if (want->nblockers != got->nblockers || want->nenabled != got->nenabled ||
        STRNEQ(want->model, got->model)) {
        virTestDiag("%s: %zu blockers expected, %zu found (model %s/%s)", what,
                    want->nblockers, got->nblockers, want->model, got->model);
        return -1;
    }
    for (i = 0; i < want->nblockers; i++) {
        const virCPUMigrationBlocker *a = &want->blockers[i];
        const virCPUMigrationBlocker *b = &got->blockers[i];

        if (a->kind != b->kind || STRNEQ(a->name, b->name) ||
            a->deprecatedSource != b->deprecatedSource ||
            a->deprecatedDestination != b->deprecatedDestination) {
            virTestDiag("%s: blocker %zu: expected %s %s (%d/%d), found %s %s (%d/%d)",
                        what, i,
                        virCPUMigrationBlockerKindTypeToString(a->kind), a->name,
                        a->deprecatedSource, a->deprecatedDestination,
                        virCPUMigrationBlockerKindTypeToString(b->kind), b->name,
                        b->deprecatedSource, b->deprecatedDestination);
            return -1;
        }
    }
    return 0;
}


/* The cell (@g, @h) against the decision's own result @want. */
static int
testFleetCheckCell(const virCPUFleet *matrix,
                   size_t g,
                   size_t h,
                   const virCPUMigrationResult *want)
{
    g_autoptr(virCPUMigrationResult) got = NULL;
    g_autofree char *what = g_strdup_printf("guest %zu, host %zu", g, h);
    virCPUFleetVerdict fast = virCPUFleetGetVerdict(matrix, g, h);
    virCPUFleetVerdict slow;

    got = virCPUFleetGetResult(matrix, g, h, &slow);
    if (testFleetCompareResults(want, got, what) < 0)
        return -1;
    if (fast != slow || slow != virCPUFleetVerdictOf(want)) {
        virTestDiag("%s: verdict %s from bitsets, %s from the blockers, %s from the decision",
                    what, virCPUFleetVerdictTypeToString(fast),
                    virCPUFleetVerdictTypeToString(slow),
                    virCPUFleetVerdictTypeToString(virCPUFleetVerdictOf(want)));
        return -1;
    }
    return 0;
}


/* ---- random fleets --------------------------------------------------- */

#define TEST_NNAMES 24
#define TEST_NMODELS 4
#define TEST_NMACHINES 3

typedef struct _testRandomHost testRandomHost;
struct _testRandomHost {
    virCPUMigrationHost host;
    virCPUHostModel *cpu;
    virCPUModelTable *table;      /* its per-model feature sets, or NULL */
    GPtrArray *blockerLists;      /* char ** lists the models table points to */
};


static const char *
testRandomName(GRand *rand)
{
    static const char *names[TEST_NNAMES] = {
        "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11",
        "csske", "te", "bpb", "cte", "ineff_nc_tx", "type", "m1", "g-x", "f16",
        "f17", "f18", "f19",
    };

    return names[g_rand_int_range(rand, 0, TEST_NNAMES)];
}


/* A NULL-terminated list of random names, or (one time in @nullOdds) NULL. */
static char **
testRandomList(GRand *rand,
               int nullOdds,
               int max)
{
    GPtrArray *list;
    int n;
    int i;

    if (nullOdds && g_rand_int_range(rand, 0, nullOdds) == 0)
        return NULL;
    list = g_ptr_array_new();
    n = g_rand_int_range(rand, 0, max + 1);
    for (i = 0; i < n; i++)
        g_ptr_array_add(list, g_strdup(testRandomName(rand)));
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}


static void
testRandomHostFree(testRandomHost *t)
{
    virCPUMigrationHostClear(&t->host);
    virCPUHostModelFree(t->cpu);
    virCPUModelTableFree(t->table);
    g_ptr_array_unref(t->blockerLists);
    g_free(t);
}


static testRandomHost *
testRandomHostNew(GRand *rand,
                  size_t index)
{
    static const char *models[TEST_NMODELS] = { "m0", "m1", "m2", "m3" };
    static const char *machines[TEST_NMACHINES] = { "mach0", "mach1", "mach2" };
    testRandomHost *t = g_new0(testRandomHost, 1);
    size_t i;
    int n;

    t->blockerLists = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    t->host.name = index % 2 ? "odd" : "even";
    t->host.qemuVersion = "9.1.0";

    if (g_rand_int_range(rand, 0, 6) != 0) {
        t->cpu = virCPUHostModelNew();
        t->cpu->model = g_strdup(models[g_rand_int_range(rand, 0, TEST_NMODELS)]);
        n = g_rand_int_range(rand, 0, 16);
        for (i = 0; i < (size_t)n; i++)
            virCPUHostModelAddProp(t->cpu, testRandomName(rand), g_rand_boolean(rand));
        if (g_rand_boolean(rand)) {
            n = g_rand_int_range(rand, 0, 20);
            for (i = 0; i < (size_t)n; i++)
                virCPUHostModelAddFullProp(t->cpu, testRandomName(rand), g_rand_boolean(rand));
        }
        t->cpu->deprecated = testRandomList(rand, 3, 4);
        t->cpu->hostDeprecated = testRandomList(rand, 3, 4);
        t->host.hostCPU = t->cpu;
    }
    if (g_rand_int_range(rand, 0, 4) != 0) {
        t->host.props = g_hash_table_new(g_str_hash, g_str_equal);
        n = g_rand_int_range(rand, 0, 24);
        for (i = 0; i < (size_t)n; i++)
            g_hash_table_add(t->host.props, (char *)testRandomName(rand));
    }
    if (g_rand_int_range(rand, 0, 4) != 0) {
        t->host.models = g_hash_table_new(g_str_hash, g_str_equal);
        for (i = 0; i < TEST_NMODELS; i++) {
            char **blockers;

            if (g_rand_int_range(rand, 0, 5) == 0)
                continue;
            blockers = testRandomList(rand, 4, 3);
            if (blockers)
                g_ptr_array_add(t->blockerLists, blockers);
            g_hash_table_insert(t->host.models, (char *)models[i], blockers);
        }
    }
    if (g_rand_int_range(rand, 0, 3) != 0) {
        g_auto(GStrv) props = testRandomList(rand, 0, 16);
        size_t nprops = g_strv_length(props);

        /* features of a later generation: each model may have a random
         * part of the props; a group of two of them, sometimes */
        t->table = virCPUModelTableNew("s390x", NULL);
        virCPUModelTableSetProps(t->table, props);
        if (nprops >= 2 && g_rand_boolean(rand)) {
            char *members[] = { props[0], props[1], NULL };

            virCPUModelTableAddGroup(t->table, "g-x", members);
        }
        for (i = 0; i < TEST_NMODELS; i++) {
            g_autoptr(GPtrArray) full = g_ptr_array_new();
            char *none[] = { NULL };
            size_t j;

            if (g_rand_int_range(rand, 0, 5) == 0)
                continue;
            for (j = 0; j < nprops; j++) {
                if (g_rand_boolean(rand))
                    g_ptr_array_add(full, props[j]);
            }
            g_ptr_array_add(full, NULL);
            virCPUModelTableAddModel(t->table, models[i], none, none,
                                     (char **)full->pdata);
        }
        t->host.modelTable = t->table;
    }
    if (g_rand_boolean(rand)) {
        t->host.machines = g_hash_table_new(g_str_hash, g_str_equal);
        for (i = 0; i < TEST_NMACHINES; i++) {
            if (g_rand_boolean(rand))
                g_hash_table_add(t->host.machines, (char *)machines[i]);
        }
    }
    return t;
}


static virCPUDef *
testRandomGuestCPU(GRand *rand)
{
    static const virCPUFeaturePolicy policies[] = {
        VIR_CPU_FEATURE_REQUIRE, VIR_CPU_FEATURE_FORCE,
        VIR_CPU_FEATURE_DISABLE, VIR_CPU_FEATURE_FORBID,
        VIR_CPU_FEATURE_OPTIONAL,
    };
    g_autoptr(virCPUDef) cpu = virCPUDefNew();
    int n = g_rand_int_range(rand, 0, 14);
    int i;

    static const virCPUCheck checks[] = {
        VIR_CPU_CHECK_ABSENT, VIR_CPU_CHECK_NONE, VIR_CPU_CHECK_PARTIAL,
        VIR_CPU_CHECK_FULL,
    };

    cpu->mode = VIR_CPU_MODE_CUSTOM;
    cpu->check = checks[g_rand_int_range(rand, 0, G_N_ELEMENTS(checks))];
    /* "m2-base" may have what "m2" may */
    cpu->model = g_strdup_printf("m%d%s", g_rand_int_range(rand, 0, TEST_NMODELS + 1),
                                 g_rand_int_range(rand, 0, 4) == 0 ? "-base" : "");
    /* duplicates on purpose: the first occurrence decides some checks,
     * every occurrence others */
    for (i = 0; i < n; i++)
        virCPUDefAddFeature(cpu, testRandomName(rand),
                            policies[g_rand_int_range(rand, 0, G_N_ELEMENTS(policies))]);
    return g_steal_pointer(&cpu);
}


/* The enabled features of a host's full expansion (the last of duplicate
 * names counts), or NULL without one. */
static GHashTable *
testRandomHostEnabled(const testRandomHost *t)
{
    GHashTable *on;
    size_t i;

    if (!t->cpu || t->cpu->nfullProps == 0)
        return NULL;
    on = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; i < t->cpu->nfullProps; i++) {
        if (t->cpu->fullProps[i].enabled)
            g_hash_table_add(on, t->cpu->fullProps[i].name);
        else
            g_hash_table_remove(on, t->cpu->fullProps[i].name);
    }
    return on;
}


/* Whether the full expansion of @t names @name. */
static bool
testRandomHostLists(const testRandomHost *t,
                    const char *name)
{
    size_t i;

    for (i = 0; i < t->cpu->nfullProps; i++) {
        if (STREQ(t->cpu->fullProps[i].name, name))
            return true;
    }
    return false;
}


/* The limits, computed the slow way: for each host, the names that every
 * other host with a full expansion enables and its own lists as off. */
static int
testFleetRandomLimits(const virCPUFleet *matrix,
                      GPtrArray *hosts)
{
    g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
    size_t nfull = 0;
    size_t h, k;

    for (h = 0; h < hosts->len; h++) {
        GHashTable *on = testRandomHostEnabled(g_ptr_array_index(hosts, h));

        g_ptr_array_add(sets, on ? on : g_hash_table_new(g_str_hash, g_str_equal));
        nfull += on != NULL;
    }
    for (h = 0; h < hosts->len; h++) {
        g_autoptr(GPtrArray) got = virCPUFleetGetLimits(matrix, h);
        const testRandomHost *t = g_ptr_array_index(hosts, h);
        g_autoptr(GHashTable) want = g_hash_table_new(g_str_hash, g_str_equal);
        bool full = t->cpu && t->cpu->nfullProps > 0;
        size_t i;

        if (!full) {
            if (got) {
                virTestDiag("host %zu has no full expansion, yet limits", h);
                return -1;
            }
            continue;
        }
        for (k = 0; k < hosts->len && nfull >= 2; k++) {
            GHashTableIter iter;
            gpointer name;

            if (k == h)
                continue;
            g_hash_table_iter_init(&iter, g_ptr_array_index(sets, k));
            while (g_hash_table_iter_next(&iter, &name, NULL)) {
                size_t others = 0;
                size_t j;

                for (j = 0; j < hosts->len; j++) {
                    const testRandomHost *o = g_ptr_array_index(hosts, j);

                    if (j != h && o->cpu && o->cpu->nfullProps > 0 &&
                        g_hash_table_contains(g_ptr_array_index(sets, j), name))
                        others++;
                }
                if (others == nfull - 1 &&
                    !g_hash_table_contains(g_ptr_array_index(sets, h), name) &&
                    testRandomHostLists(t, name))
                    g_hash_table_add(want, name);
            }
        }
        if (!got || got->len != g_hash_table_size(want)) {
            virTestDiag("host %zu: %u limits expected, %u found", h,
                        g_hash_table_size(want), got ? got->len : 0);
            return -1;
        }
        for (i = 0; i < got->len; i++) {
            if (!g_hash_table_contains(want, g_ptr_array_index(got, i))) {
                virTestDiag("host %zu: '%s' is not a limit", h,
                            (const char *)g_ptr_array_index(got, i));
                return -1;
            }
        }
    }
    return 0;
}


static int
testFleetRandomOne(GRand *rand,
                   size_t *ncells)
{
    static const char *machines[] = { "mach0", "mach1", "mach2", NULL };
    g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func((GDestroyNotify)testRandomHostFree);
    g_autoptr(GPtrArray) cpus = g_ptr_array_new_with_free_func((GDestroyNotify)virCPUDefFree);
    g_autoptr(GArray) guests = g_array_new(FALSE, TRUE, sizeof(virCPUMigrationGuest));
    g_autoptr(GArray) sources = g_array_new(FALSE, TRUE, sizeof(size_t));
    g_autoptr(GArray) accepted = g_array_new(FALSE, TRUE, sizeof(bool));
    g_autoptr(virCPUFleet) matrix = NULL;
    size_t nhosts = g_rand_int_range(rand, 1, 6);
    size_t nguests = g_rand_int_range(rand, 1, 6);
    size_t naccepted = 0;
    size_t nextHost = 0;
    size_t row = 0;
    size_t g, h;

    for (h = 0; h < nhosts; h++)
        g_ptr_array_add(hosts, testRandomHostNew(rand, h));

    /* the guests, and which of them the decision lets start */
    for (g = 0; g < nguests; g++) {
        virCPUMigrationGuest guest = { .virtType = g_rand_boolean(rand) ?
                                                   VIR_DOMAIN_VIRT_KVM : VIR_DOMAIN_VIRT_QEMU,
                                       .mode = VIR_CPU_MODE_CUSTOM };
        size_t src = g_rand_int_range(rand, 0, nhosts);
        testRandomHost *s = g_ptr_array_index(hosts, src);
        g_autoptr(virCPUMigrationResult) probe = NULL;
        virCPUMigrationHost none = { .name = "none" };
        bool ok;

        g_ptr_array_add(cpus, testRandomGuestCPU(rand));
        guest.cpu = g_ptr_array_index(cpus, cpus->len - 1);
        guest.machine = machines[g_rand_int_range(rand, 0, G_N_ELEMENTS(machines))];
        ok = virCPUMigrationCheck(&guest, &s->host, &none, &probe) == 0;
        virResetLastError();
        naccepted += ok;
        g_array_append_val(guests, guest);
        g_array_append_val(sources, src);
        g_array_append_val(accepted, ok);
    }

    /* hosts and guests in a random interleaving: the order must not
     * matter */
    matrix = virCPUFleetNew(naccepted);
    for (g = 0; g < nguests || nextHost < nhosts;) {
        if (nextHost < nhosts && (g == nguests || g_rand_boolean(rand))) {
            virCPUFleetAddHost(matrix, &((testRandomHost *)g_ptr_array_index(hosts, nextHost))->host);
            nextHost++;
        } else {
            const virCPUMigrationGuest *guest = &g_array_index(guests, virCPUMigrationGuest, g);
            testRandomHost *s = g_ptr_array_index(hosts, g_array_index(sources, size_t, g));
            bool ok = g_array_index(accepted, bool, g);
            int r = virCPUFleetSetGuest(matrix, row, guest, &s->host);

            virResetLastError();
            if ((r == 0) != ok) {
                virTestDiag("guest %zu: the decision %s it, the fleet %s it", g,
                            ok ? "accepts" : "refuses", r == 0 ? "accepts" : "refuses");
                return -1;
            }
            row += ok;
            g++;
        }
    }
    if (virCPUFleetFinish(matrix) < 0)
        return -1;
    if (testFleetRandomLimits(matrix, hosts) < 0)
        return -1;

    for (g = 0, row = 0; g < nguests; g++) {
        const virCPUMigrationGuest *guest = &g_array_index(guests, virCPUMigrationGuest, g);
        testRandomHost *s = g_ptr_array_index(hosts, g_array_index(sources, size_t, g));

        if (!g_array_index(accepted, bool, g))
            continue;
        for (h = 0; h < nhosts; h++) {
            testRandomHost *d = g_ptr_array_index(hosts, h);
            g_autoptr(virCPUMigrationResult) want = NULL;

            if (virCPUMigrationCheck(guest, &s->host, &d->host, &want) < 0) {
                virTestDiag("the decision failed: %s", virGetLastErrorMessage());
                return -1;
            }
            if (testFleetCheckCell(matrix, row, h, want) < 0)
                return -1;
            (*ncells)++;
        }
        row++;
    }
    return 0;
}


/* 2,000 random fleets of up to 5 x 5 over 24 names, seeded. */
static int
testFleetRandom(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(20261129);
    size_t ncells = 0;
    size_t i;

    for (i = 0; i < 2000; i++) {
        if (testFleetRandomOne(rand, &ncells) < 0) {
            virTestDiag("fleet %zu of seed 20261129", i);
            return -1;
        }
    }
    if (ncells < 10000) {
        virTestDiag("only %zu cells checked", ncells);
        return -1;
    }
    return 0;
}


/* ---- recordings -------------------------------------------------- */

typedef struct _testRecordingCase testRecordingCase;
struct _testRecordingCase {
    const char *name;
    const char *dir;              /* NULL: tests/; else under the fixtures */
    const char *hosts[6];
    /* guests: domain XML under tests/, and the index of its source
     * among the hosts (-1: none) */
    struct { const char *domain; int source; } guests[8];
};


static const testRecordingCase recordingCases[] = {
    { "own recordings", NULL,
      { OWN_GEN16A, OWN_GEN17LIKE },
      { { "cputestdata/migrate-host-model.xml", 0 }, { "cputestdata/migrate-host-recommended.xml", 0 },
        { "cputestdata/migrate-host-model.xml", 1 }, { "cputestdata/migrate-host-recommended.xml", 1 },
        { "fleettestdata/custom-z14.xml", -1 }, { "fleettestdata/custom-gen16a.xml", -1 } } },
    { "libvirt's trimmed recordings", "qemu-replies",
      { "caps_8.2.0_s390x.cpu.replies", "caps_9.1.0_s390x.cpu.replies",
        "caps_10.0.0_s390x.cpu.replies", "caps_11.1.0_s390x.cpu.replies" },
      { { "cputestdata/migrate-host-model.xml", 2 }, { "cputestdata/migrate-host-recommended.xml", 2 },
        { "cputestdata/migrate-host-recommended.xml", 3 }, { "cputestdata/migrate-host-model.xml", 0 },
        { "fleettestdata/custom-z14.xml", -1 }, { "fleettestdata/custom-gen16a.xml", -1 } } },
    { "libvirt 11.3.0's whole recordings", "libvirt-11.3.0/qemucapabilitiesdata",
      { "caps_9.1.0_s390x.replies", "caps_10.0.0_s390x.replies" },
      { { "cputestdata/migrate-host-model.xml", 0 }, { "cputestdata/migrate-host-recommended.xml", 1 },
        { "cputestdata/migrate-host-model-machine-9.1.xml", 1 }, { "cputestdata/migrate-custom-ineff-nc-tx-off.xml", 1 },
        { "fleettestdata/custom-z14.xml", -1 } } },
};


static char *
testRecordingPath(const testRecordingCase *tc,
                  const char *file)
{
    if (!tc->dir)
        return g_build_filename(virTestSrcDir(), file, NULL);
    return g_build_filename(virTestFixturesDir(), tc->dir, file, NULL);
}


static int
testFleetRecordings(const void *opaque)
{
    const testRecordingCase *tc = opaque;
    g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) specs = g_array_new(FALSE, TRUE, sizeof(qemuFleetGuestSpec));
    g_autoptr(qemuFleet) fleet = NULL;
    size_t g, h;

    for (h = 0; tc->hosts[h]; h++)
        g_ptr_array_add(hosts, testRecordingPath(tc, tc->hosts[h]));
    for (g = 0; tc->guests[g].domain; g++) {
        qemuFleetGuestSpec spec = { .source = tc->guests[g].source };
        char *path = g_build_filename(virTestSrcDir(), tc->guests[g].domain, NULL);

        virTestMarkUsed(path);
        g_ptr_array_add(domains, path);
        spec.path = path;
        g_array_append_val(specs, spec);
    }

    if (qemuFleetLoad(NULL, (const char *const *)hosts->pdata, hosts->len,
                      (const qemuFleetGuestSpec *)specs->data, specs->len,
                      NULL, NULL, &fleet) < 0) {
        virTestDiag("%s", virGetLastErrorMessage());
        return -1;
    }

    for (g = 0; g < fleet->nguests; g++) {
        const qemuFleetGuestSpec *spec = &g_array_index(specs, qemuFleetGuestSpec, g);
        g_autoptr(virDomainDef) def = virDomainDefParseFile(spec->path);
        g_autoptr(virQEMUCaps) src = NULL;

        if (!def)
            return -1;
        if (spec->source >= 0 &&
            qemuMigrationLoadCaps(g_ptr_array_index(hosts, spec->source), &src) < 0)
            return -1;

        for (h = 0; h < fleet->nhosts; h++) {
            g_autoptr(virQEMUCaps) dst = NULL;
            g_autoptr(virCPUMigrationResult) want = NULL;

            if (qemuMigrationLoadCaps(g_ptr_array_index(hosts, h), &dst) < 0)
                return -1;
            /* without a source, the destination stands in for it: a
             * custom CPU is the same everywhere, only the source check
             * and the machine differ, and neither applies here */
            if (qemuMigrationCheck(NULL, def, src ? src : dst, "source",
                                   dst, "destination", &want) < 0) {
                if (!src) {
                    /* cannot start there at all: the fleet does not
                     * say it can */
                    virResetLastError();
                    if (virCPUFleetGetVerdict(fleet->matrix, g, h) ==
                        VIR_CPU_FLEET_VERDICT_CAN) {
                        virTestDiag("guest %zu cannot start on host %zu, the fleet says it can", g, h);
                        return -1;
                    }
                    continue;
                }
                virTestDiag("%s", virGetLastErrorMessage());
                return -1;
            }
            if (!src) {
                /* the stand-in source resolved a machine the fleet does
                 * not check without a source */
                want->checked[VIR_CPU_MIGRATION_ASPECT_MACHINE] = false;
            }
            if (testFleetCheckCell(fleet->matrix, g, h, want) < 0)
                return -1;
        }
    }
    return 0;
}


/* ---- the tool ------------------------------------------------------- */

typedef struct _testToolCase testToolCase;
struct _testToolCase {
    const char *name;             /* goldens fleettestdata/NAME.out, NAME.err */
    const char *args[16];
    int status;
    bool fixtures;                /* reads ../shared/fixtures */
    bool forcesProgress;          /* passes --progress itself */
};

#define GUEST_HM "tests/cputestdata/migrate-host-model.xml"
#define GUEST_HR "tests/cputestdata/migrate-host-recommended.xml"
#define GUEST_Z14 "tests/fleettestdata/custom-z14.xml"
#define H16 "tests/" OWN_GEN16A
#define H17 "tests/" OWN_GEN17LIKE
#define FIX "../shared/fixtures/qemu-replies/"
/* QEMU 7.2's per-model CPU feature sets, recorded live */
#define TABLE72 "tests/fleettestdata/qemu_7.2.0_s390x_tcg-modeltable.replies"

static const testToolCase toolCases[] = {
    { "two-hosts", { "fleet", "--host", H16, "--host", H17,
                     "--guest", H16 "=" GUEST_HM, "--guest", H16 "=" GUEST_HR,
                     "--guest", H17 "=" GUEST_HM, "--guest", GUEST_Z14 }, 2 },
    { "two-hosts-json", { "fleet", "--json", "--host", H16, "--host", H17,
                          "--guest", H16 "=" GUEST_HM, "--guest", H16 "=" GUEST_HR,
                          "--guest", H17 "=" GUEST_HM, "--guest", GUEST_Z14 }, 2 },
    { "all-can", { "fleet", "--host", H16, "--host", H17,
                   "--guest", H16 "=" GUEST_HR }, 0 },
    { "hosts-only", { "fleet", "--host", H16, "--host", H17 }, 0 },
    /* --progress: counts on standard error, a line per tenth when it is
     * not a terminal */
    { "progress", { "fleet", "--progress", "--host", H16, "--host", H17,
                    "--guest", H16 "=" GUEST_HR, "--guest", GUEST_Z14 }, 2, false, true },
    { "err-progress-both", { "fleet", "--progress", "--no-progress", "--host", H16 }, 1,
      false, true },
    /* libvirt's real recordings: QEMU 8.2 recorded no full expansion, so
     * what it holds back is not known; gen16a (9.1, 10.0) against gen17a
     * (11.1) */
    { "libvirt-recordings", { "fleet", "--host", FIX "caps_8.2.0_s390x.cpu.replies",
                              "--host", FIX "caps_9.1.0_s390x.cpu.replies",
                              "--host", FIX "caps_10.0.0_s390x.cpu.replies",
                              "--host", FIX "caps_11.1.0_s390x.cpu.replies",
                              "--guest", FIX "caps_10.0.0_s390x.cpu.replies=" GUEST_HM,
                              "--guest", FIX "caps_10.0.0_s390x.cpu.replies=" GUEST_HR,
                              "--guest", FIX "caps_11.1.0_s390x.cpu.replies=" GUEST_HR }, 2, true },
    /* the fleet-wide baseline, from QEMU 7.2's per-model feature sets
     * (tests/fleetbaselinetest.py checks it against QEMU's own fold) */
    { "baseline", { "fleet", "--replay", TABLE72, "--host", H16, "--host", H17,
                    "--guest", H16 "=" GUEST_HM, "--guest", GUEST_Z14 }, 2 },
    { "baseline-json", { "fleet", "--json", "--replay", TABLE72, "--host", H16, "--host", H17,
                         "--guest", H16 "=" GUEST_HM, "--guest", GUEST_Z14 }, 2 },
    /* a recording without the feature sets: one line, the matrix all the same */
    { "baseline-no-table", { "fleet", "--replay", "tests/qemucapabilitiesdata/qemu_7.2.0_s390x_tcg.replies",
                             "--host", H16, "--host", H17, "--guest", GUEST_Z14 }, 2 },
    /* libvirt's gen16a hosts name 'appv', which QEMU 7.2 does not know;
     * gen15a (QEMU 8.2) with this project's gen16a hosts it does */
    { "baseline-libvirt", { "fleet", "--replay", TABLE72,
                            "--host", FIX "caps_8.2.0_s390x.cpu.replies",
                            "--host", H16, "--host", H17,
                            "--host", FIX "caps_10.0.0_s390x.cpu.replies" }, 0, true },
    { "baseline-libvirt-82", { "fleet", "--replay", TABLE72,
                               "--host", FIX "caps_8.2.0_s390x.cpu.replies",
                               "--host", H16, "--host", H17 }, 0, true },
    { "err-no-host", { "fleet", "--guest", GUEST_Z14 }, 1 },
    /* guests that cannot be expanded are rows with their reason, and the
     * others are checked all the same: a host-model guest without its
     * host, and (s390-ccw-virtio-2.7 allows no CPU model under KVM) a
     * host-recommended one with its source and a custom one without */
    { "not-checked", { "fleet", "--host", H16, "--host", H17, "--guest", GUEST_Z14,
                       "--guest", GUEST_HM,
                       "--guest", H16 "=tests/cputestdata/migrate-old-machine-host-recommended.xml",
                       "--guest", "tests/cputestdata/migrate-old-machine-custom.xml" }, 2 },
    { "not-checked-json", { "fleet", "--json", "--host", H16, "--host", H17,
                            "--guest", GUEST_Z14, "--guest", GUEST_HM }, 2 },
    { "err-no-such-host", { "fleet", "--host", "tests/fleettestdata/none.replies" }, 1 },
    { "err-positional", { "fleet", "--host", H16, "extra" }, 1 },
};


static int
testFleetTool(const void *opaque)
{
    const testToolCase *tc = opaque;
    g_autofree char *goldOut = virTestDataPath("fleettestdata/%s.out", tc->name);
    g_autofree char *goldErr = virTestDataPath("fleettestdata/%s.err", tc->name);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *root = g_path_get_dirname(virTestSrcDir());
    const char *args[24] = { "--default-cpu-deprecated-features=on" };
    size_t n = 1;
    size_t i;
    int status;

    for (i = 0; tc->args[i]; i++) {
        args[n++] = tc->args[i];
        /* what stderr shows must not depend on how long a run takes
         * (under valgrind, over a second) */
        if (i == 0 && STREQ(tc->args[0], "fleet") && !tc->forcesProgress)
            args[n++] = "--no-progress";
    }
    if ((status = virTestRunTool(root, args, &out, &err)) < 0)
        return -1;
    if (status != tc->status) {
        virTestDiag("exit status %d, expected %d; stderr: %s", status, tc->status, err);
        return -1;
    }
    if (status == 1) {
        const char *nl = strchr(err, '\n');

        if (*out || !nl || nl[1] != '\0') {
            virTestDiag("a failure must print one line on stderr and nothing on stdout");
            return -1;
        }
    }
    if (virTestCompareToFile(out, goldOut) < 0 ||
        virTestCompareToFile(err, goldErr) < 0)
        return -1;
    return 0;
}


int
main(void)
{
    g_autofree char *dataDir = virTestDataPath("fleettestdata");
    size_t i;

    virTestRun("random fleets agree with migration-check", testFleetRandom, NULL);

    for (i = 0; i < G_N_ELEMENTS(recordingCases); i++) {
        const testRecordingCase *tc = &recordingCases[i];
        g_autofree char *name = g_strdup_printf("every cell as migration-check: %s", tc->name);

        if (tc->dir && !virTestFixturesDir())
            virTestSkip(name, "../shared/fixtures is absent");
        else
            virTestRun(name, testFleetRecordings, tc);
    }

    for (i = 0; i < G_N_ELEMENTS(toolCases); i++) {
        g_autofree char *name = g_strdup_printf("tool %s", toolCases[i].name);

        if (toolCases[i].fixtures && !virTestFixturesDir()) {
            g_autofree char *out = virTestDataPath("fleettestdata/%s.out", toolCases[i].name);
            g_autofree char *err = virTestDataPath("fleettestdata/%s.err", toolCases[i].name);

            virTestMarkUsed(out);
            virTestMarkUsed(err);
            virTestSkip(name, "../shared/fixtures is absent");
        } else {
            virTestRun(name, testFleetTool, &toolCases[i]);
        }
    }

    {
        g_autofree char *table = virTestDataPath("fleettestdata/qemu_7.2.0_s390x_tcg-modeltable.replies");

        virTestMarkUsed(table);
    }
    virTestCheckUnusedFiles(dataDir, NULL);
    return virTestMain();
}
