/*
 * qemumigratetest.c: real migrations decide what migration-check says
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For each source QEMU, destination QEMU (7.2 and 10.0, both ways and
 * same-version), machine type (s390-ccw-virtio-7.2, -10.0 and the alias)
 * and guest CPU, as libvirt migrates a guest:
 *
 *   1. the source guest starts paused (-S) from the argv that
 *      "hostrec domxml-to-native" prints for the source QEMU;
 *   2. its definition goes to the destination as "hostrec domxml-expand"
 *      writes it on the source (the guest's own expanded CPU) with the
 *      machine alias resolved to the type the source QEMU runs
 *      (query-machines), and the destination starts from
 *      "hostrec domxml-to-native" of that on the destination QEMU, with
 *      -incoming defer: whether hostrec and QEMU accept it there is where
 *      an incompatible CPU or machine shows (QEMU does not compare CPU
 *      models in the migration stream);
 *   3. migrate-incoming on the destination, migrate on the source, then
 *      query-migrate on both until both are done; the destination must be
 *      paused in the source's run state, and its CPU (qom-get) equal to
 *      the source's for every feature either command line names.
 *
 * The real outcome is compared with "hostrec migration-check" on the two
 * QEMUs' live capabilities (their cache entries, which also hold the
 * per-model CPU feature sets): "can migrate" (exit 0) must go with a
 * completed migration, "cannot" (exit 2) or an error (1) with a guest that
 * did not start or did not arrive.  The matrix is printed as a table
 * (docs/migration.rst keeps a copy).  The known disagreements are listed
 * in knownDisagreements with their reasons and run as TAP TODO cases: a
 * fix that removes one makes its case an unexpected pass, which fails
 * until the table (and the docs) say so.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "qemu_monitor_json.h"
#include "testlive.h"
#include "testutils.h"
#include "virerror.h"
#include "virjson.h"

typedef struct {
    const char *name;
    const char *cpu;
    const char *global;         /* a global option of every tool run */
} migCPU;

static const migCPU migCPUs[] = {
    { .name = "host-model", .cpu = "<cpu mode='host-model'/>" },
    { .name = "host-recommended", .cpu = "<cpu mode='host-recommended'/>" },
    { .name = "custom-z900", .cpu = "<cpu mode='custom' match='exact'><model>z900</model></cpu>" },
    /* no <cpu>: the machine's default CPU (-cpu qemu under TCG) */
    { .name = "none", .cpu = "" },
    /* a feature of a later generation than the model: QEMU refuses it
     * ("introduced with later models") */
    { .name = "custom-z900-vx",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model>"
             "<feature policy='require' name='vx'/></cpu>" },
    /* the modelled libvirt's default for deprecated features: 'off' as
     * libvirt 11.6 (QEMU 10.0 turns them off, 7.2 reports none) */
    { .name = "host-model-default-off", .cpu = "<cpu mode='host-model'/>",
      .global = "--default-cpu-deprecated-features=off" },
    /* forbid a feature the host CPU (TCG's max) has: libvirt refuses it
     * unless the check is none, at the source and at the destination */
    { .name = "custom-z900-forbid-vx-partial",
      .cpu = "<cpu mode='custom' match='exact' check='partial'><model>z900</model>"
             "<feature policy='forbid' name='vx'/></cpu>" },
    { .name = "custom-z900-forbid-vx-none",
      .cpu = "<cpu mode='custom' match='exact' check='none'><model>z900</model>"
             "<feature policy='forbid' name='vx'/></cpu>" },
    { .name = "custom-z900-no-ineff_nc_tx",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model>"
             "<feature policy='disable' name='ineff_nc_tx'/></cpu>" },
};

static const char *migMachines[] = {
    "s390-ccw-virtio-7.2", "s390-ccw-virtio-10.0", "s390-ccw-virtio",
};

static const char *migPairs[][2] = {
    { "7.2", "7.2" }, { "7.2", "10.0" }, { "10.0", "7.2" }, { "10.0", "10.0" },
};

/* Cases where migration-check and the real migration disagree today,
 * "SRC>DST MACHINE CPU", and why.  None is known: the machine-type and
 * feature-name checks of migration-check resolved the fourteen this
 * table held when the test was written. */
static const struct {
    const char *key;
    const char *reason;
} knownDisagreements[] = {
    { .key = NULL, .reason = NULL },
};

typedef enum {
    MIG_MIGRATED = 0,
    MIG_SOURCE_REFUSED,         /* by hostrec or QEMU: nothing to migrate */
    MIG_DEST_REFUSED,           /* by hostrec or QEMU */
    MIG_FAILED,                 /* the migration itself */

    MIG_OUTCOME_LAST
} migOutcome;

static const char *migOutcomeNames[] = {
    "migrated", "source refused", "destination refused", "migration failed",
};
G_STATIC_ASSERT(G_N_ELEMENTS(migOutcomeNames) == MIG_OUTCOME_LAST);

typedef struct {
    testLiveQEMU *src;
    testLiveQEMU *dst;
    const char *machine;
    const migCPU *cpu;
    char *key;
    /* results, for the table */
    bool done;
    migOutcome outcome;
    char *detail;
    int check;                  /* migration-check's exit status */
    bool agree;
    char *checkSays;
} migCase;


/* "@who: @msg" without "error: ", the error class and any " ('PATH')":
 * short enough for a table, and without paths of this machine. */
static char *
migShorten(const char *who,
           const char *msg)
{
    g_autoptr(GString) s = g_string_new(NULL);
    const char *p = msg;
    const char *colon;

    if (g_str_has_prefix(p, "error: "))
        p += strlen("error: ");
    if ((colon = strstr(p, ": ")) &&
        (g_str_has_prefix(p, "unsupported configuration") ||
         g_str_has_prefix(p, "operation failed")))
        p = colon + 2;
    /* "QEMU 'WRAPPER' exited with status 1 before answering[ 'CMD']: " */
    if ((colon = strstr(p, " before answering")) && (colon = strstr(colon, ": ")))
        p = colon + 2;
    while (*p) {
        const char *open = strstr(p, " ('");
        const char *close = open ? strstr(open, "')") : NULL;

        if (!close) {
            g_string_append(s, p);
            break;
        }
        g_string_append_len(s, p, open - p);
        p = close + 2;
    }
    /* a temporary file's path, 'DIR/NAME', becomes 'NAME' */
    while ((colon = strstr(s->str, "'/"))) {
        const char *close = strchr(colon + 1, '\'');
        const char *base;

        if (!close)
            break;
        base = g_strrstr_len(colon, close - colon, "/") + 1;
        g_string_erase(s, colon + 1 - s->str, base - (colon + 1));
    }
    g_strstrip(s->str);
    return g_strdup_printf("%s: %s", who, s->str);
}


/* The machine type @src's QEMU runs for @machine (resolving an alias). */
static char *
migResolveMachine(qemuMonitor *mon,
                  const char *machine)
{
    g_autofree qemuMonitorMachineInfo *machines = NULL;
    g_autofree char *ret = NULL;
    size_t nmachines = 0;
    size_t i;

    if (qemuMonitorGetMachines(mon, &machines, &nmachines) < 0)
        return NULL;
    for (i = 0; i < nmachines; i++) {
        if (!ret && STREQ_NULLABLE(machines[i].alias, machine))
            ret = g_strdup(machines[i].name);
        qemuMonitorMachineInfoClear(&machines[i]);
    }
    return ret ? g_steal_pointer(&ret) : g_strdup(machine);
}


/* Poll query-migrate on @mon until the migration is over (the monitor's
 * deadline bounds this): its final *@status and *@desc. */
static int
migWaitFinal(qemuMonitor *mon,
             char **status,
             char **desc)
{
    for (;;) {
        g_clear_pointer(status, g_free);
        g_clear_pointer(desc, g_free);
        if (qemuMonitorGetMigrationStatus(mon, status, desc) < 0)
            return -1;
        if (*status && (STREQ(*status, "completed") || STREQ(*status, "failed") ||
                        STREQ(*status, "cancelled")))
            return 0;
        g_usleep(2000);
    }
}


/* Migrate from @smon to @dmon over a UNIX socket; fills c->outcome. */
static int
migMigrate(migCase *c,
           qemuMonitor *smon,
           qemuMonitor *dmon,
           const char *sockPath)
{
    g_autofree char *uri = g_strdup_printf("unix:%s", sockPath);
    g_autofree char *status = NULL;
    g_autofree char *desc = NULL;
    qemuMonitorError qerr = { 0 };
    bool running;
    int rc;

    if (qemuMonitorMigrateIncoming(dmon, uri) < 0 ||
        (rc = qemuMonitorMigrate(smon, uri, &qerr)) < 0)
        return -1;
    if (rc > 0) {
        c->outcome = MIG_FAILED;
        c->detail = g_strdup_printf("migrate: %s", NULLSTR(qerr.desc));
        qemuMonitorErrorClear(&qerr);
        return 0;
    }

    /* the source: until the migration is over */
    if (migWaitFinal(smon, &status, &desc) < 0)
        return -1;
    if (STRNEQ(status, "completed")) {
        c->outcome = MIG_FAILED;
        c->detail = g_strdup_printf("source: %s%s%s", status,
                                    desc ? ": " : "", desc ? desc : "");
        return 0;
    }

    /* the destination: until it has loaded the state (or died) */
    if (migWaitFinal(dmon, &status, &desc) < 0) {
        c->outcome = MIG_FAILED;
        c->detail = migShorten("destination", virGetLastErrorMessage());
        virResetLastError();
        return 0;
    }
    if (STRNEQ(status, "completed")) {
        c->outcome = MIG_FAILED;
        c->detail = g_strdup_printf("destination: %s", status);
        return 0;
    }
    /* it keeps the source's run state: paused before it ever ran */
    g_clear_pointer(&status, g_free);
    if (qemuMonitorGetStatus(dmon, &status, &running) < 0)
        return -1;
    if (STRNEQ(status, "prelaunch")) {
        virTestDiag("the destination is in state '%s', not prelaunch as the source",
                    status);
        return -1;
    }
    c->outcome = MIG_MIGRATED;
    c->detail = g_strdup("completed, destination paused");
    return 0;
}


/* Add the feature names of the -cpu of @argv to @names. */
static void
migAddCPUFeatures(GPtrArray *names,
                  char * const *argv)
{
    size_t i;
    size_t j;

    for (i = 0; argv[i] && argv[i + 1]; i++) {
        g_auto(GStrv) items = NULL;

        if (STRNEQ(argv[i], "-cpu"))
            continue;
        items = g_strsplit(argv[i + 1], ",", -1);
        for (j = 1; items[j]; j++) {
            char *eq = strchr(items[j], '=');

            if (eq)
                *eq = '\0';
            if (!g_ptr_array_find_with_equal_func(names, items[j], g_str_equal, NULL))
                g_ptr_array_add(names, g_strdup(items[j]));
        }
    }
}


/* After a migration: the guest CPU is the same on both sides, for every
 * feature either command line names (QEMU does not carry the CPU model
 * in the stream: the destination's comes from its own command line). */
static int
migCompareCPUs(qemuMonitor *smon,
               qemuMonitor *dmon,
               char * const *sargv,
               char * const *dargv)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *spath = testLiveCPUPath(smon);
    g_autofree char *dpath = testLiveCPUPath(dmon);
    size_t i;

    if (!spath || !dpath)
        return -1;
    migAddCPUFeatures(names, sargv);
    migAddCPUFeatures(names, dargv);
    for (i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        int s = testLiveQomGetBool(smon, spath, name);
        int d = testLiveQomGetBool(dmon, dpath, name);

        if (s < 0 || d < 0)
            return -1;
        if (s != d) {
            virTestDiag("after the migration %s is %s on the source and %s on the destination",
                        name, s ? "on" : "off", d ? "on" : "off");
            return -1;
        }
    }
    return 0;
}


/* Run the real migration of @c; fills c->outcome and c->detail. */
static int
migReal(migCase *c,
        const char *domain)
{
    g_auto(GStrv) sargv = NULL;
    g_auto(GStrv) dargv = NULL;
    g_autofree char *err = NULL;
    g_autofree char *qemuErr = NULL;
    g_autofree char *expanded = NULL;
    g_autofree char *machine = NULL;
    g_autofree char *from = g_strdup_printf("machine='%s'", c->machine);
    g_autofree char *to = NULL;
    g_autofree char *dname = g_strdup_printf("%s-dest", c->key);
    g_autofree char *ddomain = NULL;
    g_autofree char *sockName = NULL;
    g_autofree char *sockPath = NULL;
    g_autoptr(qemuMonitor) smon = NULL;
    g_autoptr(qemuMonitor) dmon = NULL;
    g_auto(GStrv) parts = NULL;
    const char *sextra[] = { "-S", NULL };
    const char *dextra[] = { "-S", "-incoming", "defer", NULL };
    const char *expandArgs[] = {
        "domxml-expand", domain, "--emulatorbin", c->src->binary, NULL,
    };
    int rc;

    /* 1. the source */
    if ((rc = testLiveDomxmlToNative(c->src, domain, &sargv, &err)) < 0)
        return -1;
    if (rc != 0) {
        c->outcome = MIG_SOURCE_REFUSED;
        c->detail = migShorten("hostrec", err);
        return 0;
    }
    if (!(smon = testLiveStartGuest(c->src, sargv, sextra, &qemuErr))) {
        c->outcome = MIG_SOURCE_REFUSED;
        c->detail = migShorten("QEMU", qemuErr);
        return 0;
    }

    /* 2. the definition the destination gets */
    g_clear_pointer(&err, g_free);
    if (testLiveRunTool(expandArgs, &expanded, &err) != 0) {
        virTestDiag("domxml-expand failed: %s", err ? err : "");
        return -1;
    }
    if (!(machine = migResolveMachine(smon, c->machine)))
        return -1;
    to = g_strdup_printf("machine='%s'", machine);
    parts = g_strsplit(expanded, from, 2);
    if (!parts[1]) {
        virTestDiag("the expanded domain has no %s", from);
        return -1;
    }
    g_free(expanded);
    expanded = g_strjoin(to, parts[0], parts[1], NULL);
    ddomain = g_build_filename(testLiveTmpDir(), dname, NULL);
    if (!g_file_set_contents(ddomain, expanded, -1, NULL)) {
        virTestDiag("cannot write %s", ddomain);
        return -1;
    }

    g_clear_pointer(&err, g_free);
    if ((rc = testLiveDomxmlToNative(c->dst, ddomain, &dargv, &err)) < 0)
        return -1;
    if (rc != 0) {
        g_autofree char *byHostrec = migShorten("hostrec", err);
        g_autoptr(qemuMonitor) qmon = NULL;

        /* what QEMU itself says of the source's own command line */
        g_free(sargv[0]);
        sargv[0] = g_strdup(c->dst->binary);
        qmon = testLiveStartGuest(c->dst, sargv, dextra, &qemuErr);
        c->outcome = MIG_DEST_REFUSED;
        if (qmon) {
            c->detail = g_strdup_printf("%s (QEMU itself accepts the source's -cpu and -machine)",
                                        byHostrec);
            if (qemuMonitorClose(qmon) < 0)
                return -1;
        } else {
            g_autofree char *byQEMU = migShorten("QEMU", qemuErr);

            c->detail = g_strdup_printf("%s; %s", byHostrec, byQEMU);
        }
        return qemuMonitorClose(smon);
    }
    g_clear_pointer(&qemuErr, g_free);
    if (!(dmon = testLiveStartGuest(c->dst, dargv, dextra, &qemuErr))) {
        c->outcome = MIG_DEST_REFUSED;
        c->detail = migShorten("QEMU", qemuErr);
        return 0;
    }

    /* 3. the migration */
    sockName = g_strdup_printf("%s.mig", c->key);
    sockPath = g_build_filename(testLiveTmpDir(), sockName, NULL);
    if (migMigrate(c, smon, dmon, sockPath) < 0)
        return -1;
    unlink(sockPath);
    if (c->outcome == MIG_MIGRATED &&
        migCompareCPUs(smon, dmon, sargv, dargv) < 0)
        return -1;
    return 0;
}


/* "blocked by KIND NAME, ..." from migration-check's JSON verdict */
static char *
migBlockers(const char *out)
{
    g_autoptr(json_object) doc = NULL;
    g_autoptr(GString) s = g_string_new("cannot migrate:");
    json_object *blockers = NULL;
    size_t i;

    if (!(doc = virJSONParse(out, strlen(out), "migration-check --json")) ||
        !json_object_object_get_ex(doc, "blockers", &blockers) ||
        !json_object_is_type(blockers, json_type_array))
        return g_strdup("cannot migrate: (unreadable verdict)");
    for (i = 0; i < json_object_array_length(blockers); i++) {
        json_object *b = json_object_array_get_idx(blockers, i);
        json_object *kind = NULL;
        json_object *name = NULL;

        json_object_object_get_ex(b, "kind", &kind);
        json_object_object_get_ex(b, "name", &name);
        g_string_append_printf(s, "%s %s %s", i ? "," : "",
                               kind ? json_object_get_string(kind) : "?",
                               name ? json_object_get_string(name) : "?");
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}


static int
migCheck(migCase *c,
         const char *domain)
{
    /* cache entries: they hold the per-model feature sets too */
    const char *src = testLiveGetCapsFile(c->src);
    const char *dst = testLiveGetCapsFile(c->dst);
    const char *args[] = {
        "migration-check", "--json", "--source", src, "--destination", dst, domain, NULL,
    };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    if (!src || !dst)
        return -1;
    c->check = testLiveRunTool(args, &out, &err);
    switch (c->check) {
    case 0:
        c->checkSays = g_strdup("can migrate");
        break;
    case 2:
        c->checkSays = migBlockers(out);
        break;
    case 1:
        c->checkSays = migShorten("error", g_strstrip(err));
        break;
    default:
        virTestDiag("migration-check exited with %d: %s", c->check, err ? err : "");
        return -1;
    }
    return 0;
}


static int
migRun(const void *opaque)
{
    migCase *c = (migCase *)opaque;
    g_autofree char *domain = NULL;
    bool agree;

    int rc;

    testLiveSetGlobalOption(c->cpu->global);
    rc = (domain = testLiveWriteDomain(c->key, c->machine, c->cpu->cpu, c->src->binary)) &&
         migReal(c, domain) == 0 && migCheck(c, domain) == 0 ? 0 : -1;
    testLiveSetGlobalOption(NULL);
    if (rc < 0)
        return -1;
    c->done = true;

    switch (c->outcome) {
    case MIG_MIGRATED:
        agree = c->check == 0;
        break;
    case MIG_SOURCE_REFUSED:
    case MIG_DEST_REFUSED:
    case MIG_FAILED:
        agree = c->check != 0;
        break;
    case MIG_OUTCOME_LAST:
    default:
        virTestDiag("unknown outcome %d", (int)c->outcome);
        return -1;
    }
    c->agree = agree;
    if (!agree) {
        virTestDiag("real: %s (%s); migration-check: %s",
                    migOutcomeNames[c->outcome], c->detail, c->checkSays);
        return -1;
    }
    return 0;
}


static const char *
migKnownReason(const char *key)
{
    size_t i;

    for (i = 0; knownDisagreements[i].key; i++) {
        if (STREQ(knownDisagreements[i].key, key))
            return knownDisagreements[i].reason;
    }
    return NULL;
}


int
main(void)
{
    size_t ncases = G_N_ELEMENTS(migPairs) * G_N_ELEMENTS(migMachines) * G_N_ELEMENTS(migCPUs);
    g_autofree migCase *cases = g_new0(migCase, ncases);
    size_t n = 0;
    size_t i;
    size_t j;
    size_t k;

    if (testLiveInit() < 0) {
        testLiveCleanup();
        return 1;
    }

    for (i = 0; i < G_N_ELEMENTS(migPairs); i++) {
        for (j = 0; j < G_N_ELEMENTS(migMachines); j++) {
            for (k = 0; k < G_N_ELEMENTS(migCPUs); k++) {
                migCase *c = &cases[n++];
                g_autofree char *name = NULL;

                c->src = testLiveGetQEMU(migPairs[i][0]);
                c->dst = testLiveGetQEMU(migPairs[i][1]);
                c->machine = migMachines[j];
                c->cpu = &migCPUs[k];
                c->key = g_strdup_printf("%s>%s %s %s", c->src->label, c->dst->label,
                                         c->machine, c->cpu->name);
                name = g_strdup_printf("migrate %s", c->key);
                if (!c->src->binary || !c->dst->binary) {
                    virTestSkip(name, c->src->binary ? c->dst->skip : c->src->skip);
                    continue;
                }
                /* file names: no spaces or '>' */
                g_strdelimit(c->key, " >", '_');
                virTestRunTodo(name, migRun, c, migKnownReason(name + strlen("migrate ")));
            }
        }
    }

    virTestDiag("%s", "");
    virTestDiag("| source | destination | machine | guest CPU | real outcome | migration-check | agree |");
    virTestDiag("|---|---|---|---|---|---|---|");
    for (i = 0; i < n; i++) {
        migCase *c = &cases[i];

        if (!c->done)
            continue;
        virTestDiag("| %s | %s | %s | %s | %s: %s | %s | %s |",
                    c->src->label, c->dst->label, c->machine, c->cpu->name,
                    migOutcomeNames[c->outcome], c->detail, c->checkSays,
                    c->agree ? "yes" : "NO");
    }

    for (i = 0; i < n; i++) {
        g_free(cases[i].key);
        g_free(cases[i].detail);
        g_free(cases[i].checkSays);
    }
    testLiveCleanup();
    return virTestMain();
}
