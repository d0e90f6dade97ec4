/*
 * hostrec-fleet.c: "hostrec fleet"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Which guest can go where: the migration matrix of M guests over N
 * hosts, as text, JSON (--json) or a self-contained HTML page (--html).
 * The hosts and guests are loaded by qemuFleetLoad()
 * (src/qemu/qemu_fleet.h), each cell is decided by src/cpu/cpu_fleet.h,
 * which gives migration-check's verdict, and the baseline is computed by
 * qemuFleetBaseline().  Besides parsing options and printing, this file
 * still decides some things itself: it expands a directory argument into
 * its files and resolves --guest HOST=FILE (hostrecFleetExpandPath,
 * hostrecFleetParseGuest), chooses where the baseline's per-model CPU
 * feature sets come from (--emulatorbin's cache entry, a probe of that
 * QEMU, --replay, or the first host file holding them:
 * hostrecFleetFindCachedTable, hostrecFleetGetModelTable,
 * hostrecFleetComputeBaseline) and turns a failed baseline into a reason
 * line, and picks each host's limits from the baseline or from the
 * matrix (hostrecFleetGetLimits).
 *
 * Output is written row by row, so that memory stays that of the matrix
 * (bitsets), not of its text.  Exit status: 0 every guest can go to
 * every host, 2 some cell is blocked, 1 error.
 */

#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hostrec.h"
#include "qemu_fleet.h"
#include "qemu_cpu_baseline.h"
#include "qemu_capscache.h"
#include "qemu_host.h"
#include "cpu_input.h"
#include "virerror.h"
#include "virfile.h"
#include "virjson.h"
#include "virxml.h"

#define HOSTREC_FLEET_EXIT_BLOCKED 2

/* Output is written in pieces of about this size. */
#define HOSTREC_FLEET_FLUSH (64 * 1024)

/* Schema of --json; docs/migration.rst, "Planning a fleet". */
#define HOSTREC_FLEET_JSON_VERSION 1

static char **hostrecFleetHosts;
static char **hostrecFleetGuests;
static gboolean hostrecFleetJSON;
static char *hostrecFleetHTML;
static gboolean hostrecFleetProgressForced;
static gboolean hostrecFleetProgressOff;

static const GOptionEntry hostrecFleetOptionEntries[] = {
    { "host", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &hostrecFleetHosts,
      N_("a host's capabilities (.replies or cache file), or a directory of them; repeat for each"),
      N_("FILE") },
    { "guest", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &hostrecFleetGuests,
      N_("a guest's domain XML, as HOST=FILE when it runs on HOST (one of the --host files); repeat for each"),
      N_("[HOST=]FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &hostrecFleetJSON,
      N_("print the fleet and the matrix as JSON (schema version 1)"), NULL },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &hostrecFleetHTML,
      N_("also write the matrix as a self-contained HTML page to FILE"), N_("FILE") },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &hostrecFleetProgressForced,
      N_("report progress on standard error from the start, not only after a second"), NULL },
    { "no-progress", 0, 0, G_OPTION_ARG_NONE, &hostrecFleetProgressOff,
      N_("never report progress"), NULL },
    { NULL }
};


/* ---- progress -------------------------------------------------------- */

/* "fleet: 512/1000 hosts" on standard error: on a terminal one line
 * updated in place, otherwise a line per tenth.  Nothing for a run that
 * ends within a second, unless --progress. */
typedef struct _hostrecFleetProgress hostrecFleetProgress;
struct _hostrecFleetProgress {
    bool forced;
    bool off;
    bool tty;
    gint64 start;               /* monotonic, microseconds */
    gint64 drawn;               /* last time a terminal line was drawn */
    bool open;                  /* a terminal line awaits its newline */
    size_t tenth;               /* last tenth printed as a line, + 1 */
    int stage;
};

#define HOSTREC_FLEET_PROGRESS_DELAY G_USEC_PER_SEC
/* the stage after qemuFleetStage's: writing the rows */
#define HOSTREC_FLEET_STAGE_ROWS QEMU_FLEET_STAGE_LAST
#define HOSTREC_FLEET_PROGRESS_REDRAW (G_USEC_PER_SEC / 10)


static void
hostrecFleetProgressInit(hostrecFleetProgress *p)
{
    memset(p, 0, sizeof(*p));
    p->forced = hostrecFleetProgressForced;
    p->off = hostrecFleetProgressOff;
    p->tty = isatty(STDERR_FILENO) == 1;
    p->start = g_get_monotonic_time();
    p->stage = -1;
}


static void
hostrecFleetProgressReport(hostrecFleetProgress *p,
                           const char *what,
                           int stage,
                           size_t done,
                           size_t total)
{
    gint64 now = g_get_monotonic_time();
    size_t tenth;

    if (stage != p->stage) {
        if (p->open)
            fputc('\n', stderr);
        p->open = false;
        p->stage = stage;
        p->tenth = 0;
        p->drawn = 0;
    }
    if (p->off || (!p->forced && now - p->start < HOSTREC_FLEET_PROGRESS_DELAY))
        return;

    if (p->tty) {
        if (done != total && now - p->drawn < HOSTREC_FLEET_PROGRESS_REDRAW)
            return;
        fprintf(stderr, "\r%s: %zu/%zu %s\033[K", "fleet", done, total, what);
        p->drawn = now;
        p->open = done != total;
        if (done == total)
            fputc('\n', stderr);
    } else {
        tenth = total ? done * 10 / total : 10;
        if (tenth < p->tenth && done != total)
            return;
        if (done == total && p->tenth > 10)
            return;
        fprintf(stderr, "%s: %zu/%zu %s\n", "fleet", done, total, what);
        p->tenth = done == total ? 11 : tenth + 1;
    }
    fflush(stderr);
}


static void
hostrecFleetProgressFinish(hostrecFleetProgress *p)
{
    if (p->open)
        fputc('\n', stderr);
    p->open = false;
}


static const char *
hostrecFleetStageWord(qemuFleetStage stage)
{
    switch (stage) {
    case QEMU_FLEET_STAGE_GUESTS:
        return _("guests");
    case QEMU_FLEET_STAGE_HOSTS:
        return _("hosts");
    case QEMU_FLEET_STAGE_LAST:
    default:
        break;
    }
    return "?";
}


static void
hostrecFleetLoadProgress(qemuFleetStage stage,
                         size_t done,
                         size_t total,
                         void *opaque)
{
    hostrecFleetProgressReport(opaque, hostrecFleetStageWord(stage), stage,
                               done, total);
}


/* ---- names ------------------------------------------------------------ */

/* A name from outside for a line of text (hostrecTextName), "-" for
 * none. */
static char *
hostrecFleetTextName(const char *name)
{
    return name ? hostrecTextName(name) : g_strdup("-");
}


/* A name from outside for HTML text or a quoted attribute ("-" for none):
 * HTML needs the same five references as an XML attribute value, and the
 * XML escaper also makes the text valid UTF-8 without C0 controls. */
static void
hostrecFleetHTMLAppend(GString *buf,
                       const char *name)
{
    virBufferEscapeXMLFull(buf, name ? name : "-", true);
}


/* What a name becomes in an output, made once per name: the fleet hands
 * out the same pointer for the same name (virCPUFleetBlocker).  The
 * cache holds GStrings, so that appending needs no strlen. */
typedef char *(*hostrecFleetEscapeFunc)(const char *name);

static void
hostrecFleetAppendCached(GString *buf,
                         GHashTable *cache,
                         const char *name,
                         hostrecFleetEscapeFunc escape)
{
    GString *out = g_hash_table_lookup(cache, name);

    if (!out) {
        g_autofree char *escaped = escape(name);

        out = g_string_new(escaped);
        g_hash_table_insert(cache, (gpointer)name, out);
    }
    g_string_append_len(buf, out->str, out->len);
}


static void
hostrecFleetStringFree(gpointer str)
{
    g_string_free(str, TRUE);
}


/* Append a string literal, its length known at compile time. */
#define hostrecFleetAppendLit(buf, lit) g_string_append_len((buf), "" lit, sizeof(lit) - 1)


/* A blocker's whole text in an output, made once per name, kind and
 * deprecation flags: a cell then costs one append per blocker. */
#define HOSTREC_FLEET_VARIANTS (VIR_CPU_MIGRATION_BLOCKER_LAST * VIR_TRISTATE_BOOL_LAST * \
                                VIR_TRISTATE_BOOL_LAST)

typedef void (*hostrecFleetFormatFunc)(GString *buf,
                                       const virCPUFleetBlocker *b,
                                       GHashTable *names);

typedef struct _hostrecFleetVariants hostrecFleetVariants;
struct _hostrecFleetVariants {
    GString *text[HOSTREC_FLEET_VARIANTS];
};


static void
hostrecFleetVariantsFree(gpointer opaque)
{
    hostrecFleetVariants *v = opaque;
    size_t i;

    for (i = 0; i < HOSTREC_FLEET_VARIANTS; i++) {
        if (v->text[i])
            g_string_free(v->text[i], TRUE);
    }
    g_free(v);
}


static void
hostrecFleetAppendBlocker(GString *buf,
                          GHashTable *blockers,
                          GHashTable *names,
                          const virCPUFleetBlocker *b,
                          hostrecFleetFormatFunc format)
{
    hostrecFleetVariants *v = g_hash_table_lookup(blockers, b->name);
    size_t i = ((size_t)b->kind * VIR_TRISTATE_BOOL_LAST + b->deprecatedSource) *
        VIR_TRISTATE_BOOL_LAST + b->deprecatedDestination;

    if (!v) {
        v = g_new0(hostrecFleetVariants, 1);
        g_hash_table_insert(blockers, (gpointer)b->name, v);
    }
    if (!v->text[i]) {
        v->text[i] = g_string_new(NULL);
        format(v->text[i], b, names);
    }
    g_string_append_len(buf, v->text[i]->str, v->text[i]->len);
}


static char *
hostrecFleetHTMLEscape(const char *name)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    hostrecFleetHTMLAppend(buf, name);
    return g_string_free(g_steal_pointer(&buf), FALSE);
}


/* ---- arguments -------------------------------------------------------- */

static gint
hostrecFleetComparePaths(gconstpointer a,
                         gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}


/* Append @arg to @out: itself, or every regular file of a directory, by
 * name, so that a directory of a thousand recordings is one argument. */
static int
hostrecFleetExpandPath(const char *arg,
                       GPtrArray *out)
{
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GError) err = NULL;
    const char *name;
    size_t i;

    if (!g_file_test(arg, G_FILE_TEST_IS_DIR)) {
        g_ptr_array_add(out, g_strdup(arg));
        return 0;
    }
    if (!(dir = g_dir_open(arg, 0, &err))) {
        virReportError(VIR_ERR_SYSTEM_ERROR, _("cannot read the directory '%s': %s"),
                       arg, err->message);
        return -1;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(arg, name, NULL);

        if (name[0] != '.' && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(names, g_steal_pointer(&path));
    }
    g_ptr_array_sort(names, hostrecFleetComparePaths);
    for (i = 0; i < names->len; i++)
        g_ptr_array_add(out, g_strdup(g_ptr_array_index(names, i)));
    return 0;
}


/* --guest [HOST=]FILE: HOST is a host exactly as given (a --host FILE,
 * or a file of a --host directory).  An argument whose part before the
 * first '=' names no host is a file name. */
static int
hostrecFleetParseGuest(const char *arg,
                       GHashTable *hostIndex,
                       GPtrArray *paths,
                       GArray *specs)
{
    const char *eq = strchr(arg, '=');
    gint64 source = -1;
    const char *file = arg;
    g_autoptr(GPtrArray) expanded = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    if (eq) {
        g_autofree char *host = g_strndup(arg, eq - arg);
        gpointer v;

        if ((v = g_hash_table_lookup(hostIndex, host))) {
            source = GPOINTER_TO_INT(v) - 1;
            file = eq + 1;
        }
    }
    if (hostrecFleetExpandPath(file, expanded) < 0)
        return -1;
    for (i = 0; i < expanded->len; i++) {
        qemuFleetGuestSpec spec = { .source = source };

        g_ptr_array_add(paths, g_strdup(g_ptr_array_index(expanded, i)));
        spec.path = g_ptr_array_index(paths, paths->len - 1);
        g_array_append_val(specs, spec);
    }
    return 0;
}


/* ---- the baseline --------------------------------------------------- */

/* The fleet-wide baseline, or why there is none. */
typedef struct _hostrecFleetBaseline hostrecFleetBaseline;
struct _hostrecFleetBaseline {
    char *table;                /* whose model table: "QEMU '...'" */
    virCPUDef *hostModel;       /* NULL: not computed, see @reason */
    virCPUDef *hostRecommended; /* NULL: see @reason */
    char *reason;               /* one sentence, or NULL */
    virCPUBaselineLimits *limits;
};


static void
hostrecFleetBaselineClear(hostrecFleetBaseline *b)
{
    g_free(b->table);
    virCPUDefFree(b->hostModel);
    virCPUDefFree(b->hostRecommended);
    g_free(b->reason);
    virCPUBaselineLimitsFree(b->limits);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(hostrecFleetBaseline, hostrecFleetBaselineClear);


/* The reason of the error just reported, which is then dropped: the
 * baseline is not needed for the matrix, so no failure of it is an
 * error of the command. */
static char *
hostrecFleetTakeError(void)
{
    const char *detail = virGetLastErrorDetail();
    char *reason = g_strdup(detail ? detail : virGetLastErrorMessage());

    virResetLastError();
    return reason;
}


/* The model table of --emulatorbin's cache entry, when it holds one and
 * nothing asks for a probe: no QEMU is started for it.  It is looked up
 * before the hosts are loaded, so that parsing the entry costs no memory
 * beyond what the hosts take later.  An error is left to the probe
 * (hostrecFleetGetModelTable), which reports it as the reason there is
 * no baseline.  Returns NULL when not cached. */
static virCPUModelTable *
hostrecFleetFindCachedTable(void)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autofree char *emulator = NULL;
    virCPUModelTable *table = NULL;

    if (opts->driver.replay || !opts->driver.emulatorbin || opts->driver.noCache || opts->driver.record)
        return NULL;
    emulator = g_strdup_printf("QEMU '%s'", opts->driver.emulatorbin);
    if (virQEMUCapsCacheFindModelTable(opts->driver.emulatorbin, emulator, &table) < 0)
        virResetLastError();
    return table;
}


/* The per-model CPU feature sets of the QEMU that the QEMU options name
 * (--replay, or --emulatorbin: @cached, its cache entry's, when that is
 * for @arch, else probed once in one session and cached), named in
 * *@emulator.  Returns 0 or -1 with *@reason. */
static int
hostrecFleetGetModelTable(const char *arch,
                          virCPUModelTable **cached,
                          char **emulator,
                          virCPUModelTable **table,
                          char **reason)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autoptr(virCPUDefList) list = g_new0(virCPUDefList, 1);
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    qemuMonitorAccel accel;
    int rc;

    /* a QEMU for another arch: hostrecHypervisorCPUOpen() says so */
    if (*cached && STREQ((*cached)->arch, arch)) {
        *emulator = g_strdup((*cached)->emulator);
        *table = g_steal_pointer(cached);
        return 0;
    }

    list->arch = g_strdup(arch);
    if (hostrecHypervisorCPUOpen(list, &src, &mon, &accel) < 0) {
        *reason = hostrecFleetTakeError();
        return -1;
    }
    *emulator = g_strdup_printf("QEMU '%s'", qemuMonitorGetName(mon));
    if (!qemuMonitorSourceIsLive(src))
        rc = qemuCPUGetModelTable(mon, *emulator, table);
    else
        rc = virQEMUCapsCacheModelTable(qemuMonitorSourceGetName(src), opts->driver.noCache,
                                        opts->driver.record != NULL, opts->driver.probeTimeout,
                                        mon, *emulator, table);
    if (rc < 0 || hostrecHypervisorCPUClose(src, mon) < 0) {
        if (virGetLastErrorCode() == VIR_ERR_NO_REPLY) {
            virResetLastError();
            *reason = g_strdup_printf(_("the recording '%s' holds no per-model CPU feature sets; record one with 'hostrec hypervisor-cpu-baseline --offline --record FILE'"),
                                      qemuMonitorGetName(mon));
        } else {
            *reason = hostrecFleetTakeError();
        }
        return -1;
    }
    return 0;
}


/* The per-model CPU feature sets come from the QEMU that the QEMU
 * options name (hostrecFleetGetModelTable, @cached: see
 * hostrecFleetFindCachedTable), else from the first host input that
 * holds them; none, no baseline (fleet starts no QEMU unless told to,
 * nor when --emulatorbin's cache entry holds them). */
static void
hostrecFleetComputeBaseline(const qemuFleet *fleet,
                            virCPUModelTable **cached,
                            hostrecFleetBaseline *b)
{
    const hostrecQEMUOptions *opts = &hostrecQEMUOpts;
    g_autoptr(virCPUModelTable) owned = NULL;
    const virCPUModelTable *table = NULL;

    if (!opts->driver.replay && !opts->driver.emulatorbin) {
        if (!fleet->modelTable) {
            b->reason = g_strdup(_("no QEMU is named for its per-model CPU feature sets (--emulatorbin or --replay) and no host file holds them"));
            return;
        }
        table = fleet->modelTable;
        b->table = g_strdup_printf(_("the host '%s'"), fleet->modelTableHost);
    } else {
        if (hostrecFleetGetModelTable(qemuHostArchToQEMU(fleet->arch), cached,
                                      &b->table, &owned, &b->reason) < 0)
            return;
        table = owned;
    }
    if (qemuFleetBaseline(fleet, table, &b->hostModel, &b->hostRecommended,
                          &b->limits) < 0) {
        b->reason = hostrecFleetTakeError();
        return;
    }
    if (!b->hostRecommended)
        b->reason = g_strdup(_("no host's QEMU reports deprecated CPU features (QEMU 9.1 or later does), so there is no host-recommended baseline"));
}


/* Host @h's limits: from the baseline when it was computed (every host
 * known, and whether its CPU generation is the fleet's oldest), else the
 * matrix's own from the hosts' full expansions (the same rule).  NULL:
 * not known.  *@model: held back by its CPU generation. */
static GPtrArray *
hostrecFleetGetLimits(const qemuFleet *fleet,
                      const hostrecFleetBaseline *b,
                      size_t h,
                      bool *model)
{
    GPtrArray *limits;
    char **f;

    *model = false;
    if (!b->limits)
        return virCPUFleetGetLimits(fleet->matrix, h);
    limits = g_ptr_array_new();
    for (f = b->limits->hosts[h].features; *f; f++)
        g_ptr_array_add(limits, *f);
    *model = b->limits->hosts[h].model;
    return limits;
}


/* Whether every host is of the oldest generation: then the generation
 * holds no host back more than another. */
static bool
hostrecFleetAllOldest(const hostrecFleetBaseline *b)
{
    size_t h;

    if (!b->limits)
        return true;
    for (h = 0; h < b->limits->nhosts; h++) {
        if (!b->limits->hosts[h].model)
            return false;
    }
    return true;
}


/* ---- text ----------------------------------------------------------- */

static const char hostrecFleetSymbols[VIR_CPU_FLEET_VERDICT_LAST] = {
    [VIR_CPU_FLEET_VERDICT_CAN] = 'Y',
    [VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY] = 'D',
    [VIR_CPU_FLEET_VERDICT_BLOCKED] = 'N',
    [VIR_CPU_FLEET_VERDICT_NOT_CHECKED] = '?',
};


/* Printing the blockers of one cell, in one of the outputs. */
typedef struct _hostrecFleetOut hostrecFleetOut;
struct _hostrecFleetOut {
    GHashTable *names;          /* name pointer -> its escaped form */
    GHashTable *blockers;       /* name pointer -> hostrecFleetVariants */
    GString *buf;               /* borrowed */
    const char *sep;            /* between two blockers of a cell */
    hostrecFleetFormatFunc format; /* one blocker, for this output */
    size_t n;                   /* blockers so far in this cell */
};


/* An output's caches, empty, writing to @buf; hostrecFleetOutClear frees
 * them (g_auto). */
static hostrecFleetOut
hostrecFleetOutMake(GString *buf,
                    const char *sep,
                    hostrecFleetFormatFunc format)
{
    hostrecFleetOut out = {
        .names = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                       NULL, hostrecFleetStringFree),
        .blockers = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                          NULL, hostrecFleetVariantsFree),
        .buf = buf,
        .sep = sep,
        .format = format,
    };

    return out;
}


static void
hostrecFleetOutClear(hostrecFleetOut *out)
{
    g_clear_pointer(&out->names, g_hash_table_unref);
    g_clear_pointer(&out->blockers, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(hostrecFleetOut, hostrecFleetOutClear);


static bool
hostrecFleetIsDeprecated(const virCPUFleetBlocker *b)
{
    return b->deprecatedSource == VIR_TRISTATE_BOOL_YES ||
        b->deprecatedDestination == VIR_TRISTATE_BOOL_YES;
}


/* "csske (feature-off, deprecated)" */
static void
hostrecFleetTextFormat(GString *buf,
                       const virCPUFleetBlocker *b,
                       GHashTable *names)
{
    hostrecFleetAppendCached(buf, names, b->name, hostrecFleetTextName);
    hostrecFleetAppendLit(buf, " (");
    g_string_append(buf, virCPUMigrationBlockerKindTypeToString(b->kind));
    if (hostrecFleetIsDeprecated(b))
        g_string_append(buf, _(", deprecated"));
    g_string_append_c(buf, ')');
}


/* The blockers of a cell in any output, @out->sep between two:
 * "csske (feature-off, deprecated), type (cpu-generation)" in text. */
static void
hostrecFleetOutBlocker(const virCPUFleetBlocker *b,
                       void *opaque)
{
    hostrecFleetOut *out = opaque;

    if (out->n++)
        g_string_append(out->buf, out->sep);
    hostrecFleetAppendBlocker(out->buf, out->blockers, out->names, b, out->format);
}


/* Which host holds a fleet-wide baseline back by which features. */
static void
hostrecFleetPrintLimits(const qemuFleet *fleet,
                        const hostrecFleetBaseline *b)
{
    bool allOldest = hostrecFleetAllOldest(b);
    bool any = false;
    size_t h, i;

    for (h = 0; h < fleet->nhosts; h++) {
        bool model;
        g_autoptr(GPtrArray) limits = hostrecFleetGetLimits(fleet, b, h, &model);
        g_autoptr(GString) buf = NULL;

        model = model && !allOldest;
        if (limits && limits->len == 0 && !model)
            continue;
        if (!any)
            printf(_("Hosts that hold a fleet-wide baseline back (features every other host has):\n"));
        any = true;
        if (!limits) {
            printf(_("  h%zu  not known: no full CPU expansion recorded\n"), h + 1);
            continue;
        }
        buf = g_string_new(NULL);
        if (model)
            g_string_append(buf, _("the oldest CPU generation"));
        for (i = 0; i < limits->len; i++) {
            const char *name = g_ptr_array_index(limits, i);
            g_autofree char *text = hostrecFleetTextName(name);

            g_string_append_printf(buf, "%s%s%s", (i || model) ? ", " : "", text,
                                   virCPUFleetIsDeprecatedAnywhere(fleet->matrix, name) ?
                                   _(" (deprecated)") : "");
        }
        printf("  h%zu  %s\n", h + 1, buf->str);
    }
    if (!any && fleet->nhosts > 1)
        printf(_("No host holds a fleet-wide baseline back by a feature the others have.\n"));
}


/* The two baseline CPUs, or why there are none. */
static void
hostrecFleetPrintBaseline(const hostrecFleetBaseline *b)
{
    g_autoptr(GString) xml = g_string_new(NULL);
    g_autofree char *table = NULL;

    if (!b->hostModel) {
        g_autofree char *reason = hostrecFleetTextName(b->reason);

        printf(_("Fleet-wide baseline: not computed: %s\n"), reason);
        return;
    }
    /* names a file: a host's, or --emulatorbin's */
    table = hostrecFleetTextName(b->table);
    printf(_("Fleet-wide host-model baseline (per-model CPU feature sets of %s):\n"), table);
    virCPUDefFormatBuf(xml, b->hostModel, 0, VIR_CPU_FORMAT_HOST);
    fputs(xml->str, stdout);
    if (!b->hostRecommended) {
        g_autofree char *reason = hostrecFleetTextName(b->reason);

        printf(_("Fleet-wide host-recommended baseline: not computed: %s\n"), reason);
        return;
    }
    printf(_("Fleet-wide host-recommended baseline (the deprecated features of every host's QEMU off):\n"));
    g_string_truncate(xml, 0);
    virCPUDefFormatBuf(xml, b->hostRecommended, 0, VIR_CPU_FORMAT_HOST);
    fputs(xml->str, stdout);
}


static int
hostrecFleetPrintText(const qemuFleet *fleet,
                      const hostrecFleetBaseline *b,
                      hostrecFleetProgress *progress,
                      size_t counts[VIR_CPU_FLEET_VERDICT_LAST])
{
    size_t nh = fleet->nhosts;
    size_t ng = fleet->nguests;
    size_t width = MAX(2, g_snprintf(NULL, 0, "g%zu", ng));
    size_t cwidth = g_snprintf(NULL, 0, "h%zu", nh) + 1;
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(hostrecFleetOut) out = hostrecFleetOutMake(buf, ", ", hostrecFleetTextFormat);
    size_t g, h;

    printf(_("Hosts (%zu), arch %s:\n"), nh, NULLSTR(fleet->arch));
    for (h = 0; h < nh; h++) {
        g_autofree char *name = hostrecFleetTextName(fleet->hosts[h].name);
        g_autofree char *model = hostrecFleetTextName(fleet->hosts[h].model);

        printf(_("  h%zu  %s: QEMU %s, host CPU %s\n"), h + 1, name,
               fleet->hosts[h].qemuVersion, model);
    }
    hostrecFleetPrintLimits(fleet, b);
    hostrecFleetPrintBaseline(b);
    printf(_("Guests (%zu), virt type %s:\n"), ng,
           virDomainVirtTypeToString(fleet->virtType));
    for (g = 0; g < ng; g++) {
        const qemuFleetGuest *gu = &fleet->guests[g];
        g_autofree char *name = hostrecFleetTextName(gu->name);
        g_autofree char *model = hostrecFleetTextName(gu->model);
        g_autofree char *machine = hostrecFleetTextName(gu->machine);

        if (gu->error) {
            g_autofree char *error = hostrecFleetTextName(gu->error);

            printf(_("  g%zu  %s: not checked: %s\n"), g + 1, name, error);
        } else if (gu->source >= 0)
            printf(ngettext("  g%zu  %s: CPU mode '%s' on h%" G_GINT64_FORMAT ", %s with %zu feature enabled, machine %s\n",
                            "  g%zu  %s: CPU mode '%s' on h%" G_GINT64_FORMAT ", %s with %zu features enabled, machine %s\n",
                            gu->nenabled),
                   g + 1, name, virCPUModeTypeToString(gu->mode), gu->source + 1,
                   model, gu->nenabled, machine);
        else
            printf(ngettext("  g%zu  %s: CPU mode '%s' without a source, %s with %zu feature enabled\n",
                            "  g%zu  %s: CPU mode '%s' without a source, %s with %zu features enabled\n",
                            gu->nenabled),
                   g + 1, name, virCPUModeTypeToString(gu->mode), model, gu->nenabled);
    }

    if (ng == 0 || nh == 0)
        return 0;
    printf(_("Migration matrix (Y can migrate, D blocked by deprecated features only, N blocked, ? not checked):\n"));
    printf("  %*s", (int)width, "");
    for (h = 0; h < nh; h++) {
        g_autofree char *label = g_strdup_printf("h%zu", h + 1);

        printf(" %*s", (int)cwidth, label);
    }
    putchar('\n');
    for (g = 0; g < ng; g++) {
        g_autofree char *label = g_strdup_printf("g%zu", g + 1);

        printf("  %*s", (int)width, label);
        for (h = 0; h < nh; h++) {
            virCPUFleetVerdict v = virCPUFleetGetVerdict(fleet->matrix, g, h);

            counts[v]++;
            printf(" %*c", (int)cwidth, hostrecFleetSymbols[v]);
        }
        putchar('\n');
        hostrecFleetProgressReport(progress, _("rows"), HOSTREC_FLEET_STAGE_ROWS, g + 1, ng);
    }

    if (counts[VIR_CPU_FLEET_VERDICT_CAN] == ng * nh)
        return 0;
    printf(_("Blockers:\n"));
    for (g = 0; g < ng; g++) {
        for (h = 0; h < nh; h++) {
            virCPUFleetVerdict v = virCPUFleetGetVerdict(fleet->matrix, g, h);

            if (v == VIR_CPU_FLEET_VERDICT_CAN || v == VIR_CPU_FLEET_VERDICT_NOT_CHECKED)
                continue;
            g_string_truncate(out.buf, 0);
            out.n = 0;
            g_string_append_printf(out.buf, "  g%zu -> h%zu: ", g + 1, h + 1);
            virCPUFleetForeachBlocker(fleet->matrix, g, h, hostrecFleetOutBlocker, &out);
            g_string_append_c(out.buf, '\n');
            fwrite(out.buf->str, 1, out.buf->len, stdout);
        }
    }
    return 0;
}


/* ---- JSON ------------------------------------------------------------ */

/* Print @obj on one line (json-c writes it; it escapes every string) and
 * drop it. */
static void
hostrecFleetJSONPut(json_object *obj,
                    const char *indent,
                    bool last)
{
    g_autoptr(json_object) owned = obj;
    g_autofree char *text = virJSONFormatCompact(owned);

    printf("%s%s%s\n", indent, text, last ? "" : ",");
}


/* One blocker as migration-check's "blockers" items, written by the same
 * function; made once per name, kind and deprecation flags (the
 * variants cache), so json-c costs nothing per cell. */
static void
hostrecFleetJSONFormat(GString *buf,
                       const virCPUFleetBlocker *b,
                       GHashTable *names G_GNUC_UNUSED)
{
    const virCPUMigrationBlocker mb = {
        .kind = b->kind,
        .name = (char *)b->name,
        .deprecatedSource = b->deprecatedSource,
        .deprecatedDestination = b->deprecatedDestination,
    };
    g_autoptr(json_object) obj = virCPUMigrationBlockerFormatJSON(&mb);
    g_autofree char *text = virJSONFormatCompact(obj);

    g_string_append(buf, text);
}


static virCPUFleetVerdict
hostrecFleetJSONCell(const virCPUFleet *matrix,
                     size_t g,
                     size_t h,
                     hostrecFleetOut *out)
{
    virCPUFleetVerdict v = virCPUFleetGetVerdict(matrix, g, h);
    size_t mark;

    if (h)
        hostrecFleetAppendLit(out->buf, ",");
    hostrecFleetAppendLit(out->buf, "{\"verdict\":\"");
    g_string_append(out->buf, virCPUFleetVerdictTypeToString(v));
    hostrecFleetAppendLit(out->buf, "\",\"blockers\":[");
    mark = out->buf->len;
    out->n = 0;
    if (v != VIR_CPU_FLEET_VERDICT_CAN && v != VIR_CPU_FLEET_VERDICT_NOT_CHECKED &&
        virCPUFleetForeachBlocker(matrix, g, h, hostrecFleetOutBlocker, out) != v) {
        /* cannot happen: the test checks both ways agree */
        g_string_truncate(out->buf, mark);
    }
    hostrecFleetAppendLit(out->buf, "]}");
    return v;
}


/* "limits-known", "limits-model" and "limits" of host @h. */
static void
hostrecFleetJSONLimits(const qemuFleet *fleet,
                       const hostrecFleetBaseline *b,
                       size_t h,
                       json_object *obj)
{
    bool model;
    g_autoptr(GPtrArray) limits = hostrecFleetGetLimits(fleet, b, h, &model);
    json_object *list = json_object_new_array();
    size_t i;

    for (i = 0; limits && i < limits->len; i++) {
        const char *name = g_ptr_array_index(limits, i);
        json_object *item = json_object_new_object();

        json_object_object_add(item, "name", virJSONNewString(name));
        json_object_object_add(item, "deprecated",
                               json_object_new_boolean(virCPUFleetIsDeprecatedAnywhere(fleet->matrix,
                                                                                      name)));
        json_object_array_add(list, item);
    }
    json_object_object_add(obj, "limits-known", json_object_new_boolean(limits != NULL));
    json_object_object_add(obj, "limits-model", json_object_new_boolean(model));
    json_object_object_add(obj, "limits", list);
}


/* A baseline CPU as the <cpu> element hypervisor-cpu-baseline prints. */
static json_object *
hostrecFleetJSONCPU(const virCPUDef *cpu)
{
    g_autoptr(GString) xml = NULL;

    if (!cpu)
        return NULL;
    xml = g_string_new(NULL);
    virCPUDefFormatBuf(xml, cpu, 0, VIR_CPU_FORMAT_HOST);
    return virJSONNewString(xml->str);
}


static int
hostrecFleetPrintJSON(const qemuFleet *fleet,
                      const hostrecFleetBaseline *b,
                      hostrecFleetProgress *progress,
                      size_t counts[VIR_CPU_FLEET_VERDICT_LAST])
{
    json_object *summary = json_object_new_object();
    g_autoptr(GString) buf = g_string_new(NULL);
    g_auto(hostrecFleetOut) out = hostrecFleetOutMake(buf, ",", hostrecFleetJSONFormat);
    size_t g, h, i;

    printf("{\n  \"version\": %d,\n", HOSTREC_FLEET_JSON_VERSION);
    {
        g_autofree char *arch = virJSONQuoteString(fleet->arch);
        g_autofree char *virt = virJSONQuoteString(virDomainVirtTypeToString(fleet->virtType));

        printf("  \"arch\": %s,\n  \"virt-type\": %s,\n", arch, virt);
    }
    {
        json_object *obj = json_object_new_object();

        json_object_object_add(obj, "model-table", virJSONNewString(b->table));
        json_object_object_add(obj, "host-model", hostrecFleetJSONCPU(b->hostModel));
        json_object_object_add(obj, "host-recommended", hostrecFleetJSONCPU(b->hostRecommended));
        json_object_object_add(obj, "reason", virJSONNewString(b->reason));
        printf("  \"baseline\": ");
        hostrecFleetJSONPut(obj, "", false);
    }

    printf("  \"hosts\": [\n");
    for (h = 0; h < fleet->nhosts; h++) {
        json_object *obj = json_object_new_object();

        json_object_object_add(obj, "name", virJSONNewString(fleet->hosts[h].name));
        json_object_object_add(obj, "qemu", virJSONNewString(fleet->hosts[h].qemuVersion));
        json_object_object_add(obj, "cpu-model", virJSONNewString(fleet->hosts[h].model));
        hostrecFleetJSONLimits(fleet, b, h, obj);
        hostrecFleetJSONPut(obj, "    ", h + 1 == fleet->nhosts);
    }
    printf("  ],\n  \"guests\": [\n");
    for (g = 0; g < fleet->nguests; g++) {
        const qemuFleetGuest *gu = &fleet->guests[g];
        json_object *obj = json_object_new_object();

        json_object_object_add(obj, "name", virJSONNewString(gu->name));
        json_object_object_add(obj, "domain", virJSONNewString(gu->domain));
        json_object_object_add(obj, "source",
                               gu->source >= 0 ? json_object_new_int64(gu->source) : NULL);
        json_object_object_add(obj, "cpu-mode",
                               json_object_new_string(virCPUModeTypeToString(gu->mode)));
        json_object_object_add(obj, "cpu-model", virJSONNewString(gu->model));
        json_object_object_add(obj, "features-enabled", json_object_new_int64((int64_t)gu->nenabled));
        json_object_object_add(obj, "machine", virJSONNewString(gu->machine));
        json_object_object_add(obj, "error", virJSONNewString(gu->error));
        hostrecFleetJSONPut(obj, "    ", g + 1 == fleet->nguests);
    }
    printf("  ],\n  \"matrix\": [\n");
    for (g = 0; g < fleet->nguests; g++) {
        g_string_assign(out.buf, "    [");
        for (h = 0; h < fleet->nhosts; h++) {
            counts[hostrecFleetJSONCell(fleet->matrix, g, h, &out)]++;
            /* a row of 10,000 cells need not sit in memory whole */
            if (out.buf->len >= HOSTREC_FLEET_FLUSH) {
                fwrite(out.buf->str, 1, out.buf->len, stdout);
                g_string_truncate(out.buf, 0);
            }
        }
        g_string_append(out.buf, g + 1 == fleet->nguests ? "]\n" : "],\n");
        fwrite(out.buf->str, 1, out.buf->len, stdout);
        hostrecFleetProgressReport(progress, _("rows"), HOSTREC_FLEET_STAGE_ROWS, g + 1,
                                   fleet->nguests);
    }
    printf("  ],\n");
    for (i = 0; i < VIR_CPU_FLEET_VERDICT_LAST; i++)
        json_object_object_add(summary, virCPUFleetVerdictTypeToString(i),
                               json_object_new_int64((int64_t)counts[i]));
    {
        g_autoptr(json_object) owned = summary;

        printf("  \"summary\": %s\n}\n",
               json_object_to_json_string_ext(owned, JSON_C_TO_STRING_PLAIN));
    }
    return 0;
}


/* ---- HTML ------------------------------------------------------------ */

static const char *hostrecFleetHTMLClass[VIR_CPU_FLEET_VERDICT_LAST] = {
    [VIR_CPU_FLEET_VERDICT_CAN] = "can",
    [VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY] = "depr",
    [VIR_CPU_FLEET_VERDICT_BLOCKED] = "blocked",
    [VIR_CPU_FLEET_VERDICT_NOT_CHECKED] = "unchecked",
};

/* What a cell shows, besides its colour: so that the grid reads without
 * colours too. */
static const char *hostrecFleetHTMLMark[VIR_CPU_FLEET_VERDICT_LAST] = {
    [VIR_CPU_FLEET_VERDICT_CAN] = "&#10003;",
    [VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY] = "D",
    [VIR_CPU_FLEET_VERDICT_BLOCKED] = "&#10007;",
    [VIR_CPU_FLEET_VERDICT_NOT_CHECKED] = "?",
};

static const char hostrecFleetHTMLStyle[] =
    "body{font-family:sans-serif;margin:1em;color:#111;background:#fff}"
    "table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #999;padding:2px 6px;text-align:center}"
    "th{background:#eee;font-weight:normal}"
    "th.row{text-align:left}"
    "td.can{background:#2e7d32;color:#fff}"
    "td.depr{background:#f9a825;color:#000}"
    "td.blocked{background:#c62828;color:#fff}"
    "td.unchecked{background:#757575;color:#fff}"
    "table.list td{text-align:left}"
    "caption{text-align:left;font-weight:bold;padding:4px 0}";


static void
hostrecFleetHTMLHead(GString *buf,
                     const qemuFleet *fleet)
{
    size_t i;

    g_string_append(buf, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    g_string_append_printf(buf, "<title>hostrec fleet: %zu guests, %zu hosts</title>\n",
                           fleet->nguests, fleet->nhosts);
    g_string_append_printf(buf, "<style>%s</style>\n</head>\n<body>\n", hostrecFleetHTMLStyle);
    g_string_append_printf(buf, "<h1>Migration matrix: %zu guests, %zu hosts</h1>\n",
                           fleet->nguests, fleet->nhosts);
    g_string_append(buf, "<p>Arch ");
    hostrecFleetHTMLAppend(buf, fleet->arch);
    g_string_append_printf(buf, ", virt type %s.  Each cell: can the guest of the row, "
                           "as started on its source, run on the host of the column "
                           "(as hostrec migration-check decides).</p>\n",
                           virDomainVirtTypeToString(fleet->virtType));
    g_string_append(buf, "<table id=\"legend\" class=\"list\">\n<caption>Legend</caption>\n");
    for (i = 0; i < VIR_CPU_FLEET_VERDICT_LAST; i++) {
        static const char *const what[VIR_CPU_FLEET_VERDICT_LAST] = {
            [VIR_CPU_FLEET_VERDICT_CAN] = "can migrate",
            [VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY] =
                "blocked by deprecated CPU features only (host-recommended would not be)",
            [VIR_CPU_FLEET_VERDICT_BLOCKED] = "blocked",
            [VIR_CPU_FLEET_VERDICT_NOT_CHECKED] =
                "not checked: the guest's CPU could not be expanded (see Guests)",
        };

        g_string_append_printf(buf, "<tr><td class=\"%s\">%s</td><td>%s</td></tr>\n",
                               hostrecFleetHTMLClass[i], hostrecFleetHTMLMark[i], what[i]);
    }
    g_string_append(buf, "</table>\n");
}


static void
hostrecFleetHTMLFormat(GString *buf,
                       const virCPUFleetBlocker *b,
                       GHashTable *names)
{
    hostrecFleetAppendCached(buf, names, b->name, hostrecFleetHTMLEscape);
    g_string_append_printf(buf, " (%s%s)",
                           virCPUMigrationBlockerKindTypeToString(b->kind),
                           hostrecFleetIsDeprecated(b) ? ", deprecated" : "");
}


static void
hostrecFleetHTMLMatrix(GString *buf,
                       const qemuFleet *fleet)
{
    g_auto(hostrecFleetOut) out = hostrecFleetOutMake(buf, ", ", hostrecFleetHTMLFormat);
    size_t g, h;

    g_string_append(buf, "<table id=\"matrix\">\n<caption>Guests (rows) by hosts (columns)</caption>\n");
    g_string_append(buf, "<thead><tr><th>guest \\ host</th>");
    for (h = 0; h < fleet->nhosts; h++) {
        g_string_append(buf, "<th title=\"");
        hostrecFleetHTMLAppend(buf, fleet->hosts[h].name);
        g_string_append_printf(buf, "\">h%zu</th>", h + 1);
    }
    g_string_append(buf, "</tr></thead>\n<tbody>\n");
    for (g = 0; g < fleet->nguests; g++) {
        g_string_append(buf, "<tr><th class=\"row\" title=\"");
        hostrecFleetHTMLAppend(buf, fleet->guests[g].name);
        g_string_append_printf(buf, "\">g%zu</th>", g + 1);
        for (h = 0; h < fleet->nhosts; h++) {
            virCPUFleetVerdict v = virCPUFleetGetVerdict(fleet->matrix, g, h);

            g_string_append_printf(buf, "<td class=\"%s\"", hostrecFleetHTMLClass[v]);
            if (v == VIR_CPU_FLEET_VERDICT_NOT_CHECKED) {
                g_string_append(buf, " title=\"");
                hostrecFleetHTMLAppend(buf, fleet->guests[g].error);
                g_string_append_c(buf, '"');
            } else if (v != VIR_CPU_FLEET_VERDICT_CAN) {
                g_string_append(buf, " title=\"");
                out.n = 0;
                virCPUFleetForeachBlocker(fleet->matrix, g, h, hostrecFleetOutBlocker, &out);
                g_string_append_c(buf, '"');
            }
            g_string_append_printf(buf, ">%s</td>", hostrecFleetHTMLMark[v]);
        }
        g_string_append(buf, "</tr>\n");
    }
    g_string_append(buf, "</tbody>\n</table>\n");
}


/* The baseline CPUs as <pre> blocks, or why there are none. */
static void
hostrecFleetHTMLBaseline(GString *buf,
                         const hostrecFleetBaseline *b)
{
    const virCPUDef *cpus[] = { b->hostModel, b->hostRecommended };
    const char *titles[] = { "host-model", "host-recommended" };
    size_t i;

    g_string_append(buf, "<h2>Fleet-wide baseline</h2>\n<div id=\"baseline\">\n");
    if (b->table) {
        g_string_append(buf, "<p>Per-model CPU feature sets of ");
        hostrecFleetHTMLAppend(buf, b->table);
        g_string_append(buf, ".</p>\n");
    }
    for (i = 0; i < G_N_ELEMENTS(cpus); i++) {
        g_autoptr(GString) xml = NULL;

        if (!cpus[i])
            continue;
        xml = g_string_new(NULL);
        virCPUDefFormatBuf(xml, cpus[i], 0, VIR_CPU_FORMAT_HOST);
        g_string_append_printf(buf, "<h3>%s</h3>\n<pre id=\"baseline-%s\">", titles[i], titles[i]);
        /* element text: its newlines stay newlines */
        virBufferEscapeXMLFull(buf, xml->str, false);
        g_string_append(buf, "</pre>\n");
    }
    if (b->reason) {
        g_string_append(buf, "<p class=\"reason\">Not computed: ");
        hostrecFleetHTMLAppend(buf, b->reason);
        g_string_append(buf, "</p>\n");
    }
    g_string_append(buf, "</div>\n");
}


static void
hostrecFleetHTMLLists(GString *buf,
                      const qemuFleet *fleet,
                      const hostrecFleetBaseline *b)
{
    bool allOldest = hostrecFleetAllOldest(b);
    size_t i;

    g_string_append(buf, "<table id=\"hosts\" class=\"list\">\n<caption>Hosts</caption>\n"
                    "<tr><th></th><th>file</th><th>QEMU</th><th>host CPU</th>"
                    "<th>holds a fleet-wide baseline back by</th></tr>\n");
    for (i = 0; i < fleet->nhosts; i++) {
        bool model;
        g_autoptr(GPtrArray) limits = hostrecFleetGetLimits(fleet, b, i, &model);
        size_t j;

        g_string_append_printf(buf, "<tr><th>h%zu</th><td>", i + 1);
        hostrecFleetHTMLAppend(buf, fleet->hosts[i].name);
        g_string_append(buf, "</td><td>");
        hostrecFleetHTMLAppend(buf, fleet->hosts[i].qemuVersion);
        g_string_append(buf, "</td><td>");
        hostrecFleetHTMLAppend(buf, fleet->hosts[i].model);
        g_string_append(buf, "</td><td>");
        if (!limits)
            g_string_append(buf, "not known (no full CPU expansion recorded)");
        model = model && !allOldest;
        if (model)
            g_string_append(buf, "the oldest CPU generation");
        for (j = 0; limits && j < limits->len; j++) {
            const char *name = g_ptr_array_index(limits, j);

            if (j || model)
                g_string_append(buf, ", ");
            hostrecFleetHTMLAppend(buf, name);
            if (virCPUFleetIsDeprecatedAnywhere(fleet->matrix, name))
                g_string_append(buf, " (deprecated)");
        }
        g_string_append(buf, "</td></tr>\n");
    }
    g_string_append(buf, "</table>\n");

    g_string_append(buf, "<table id=\"guests\" class=\"list\">\n<caption>Guests</caption>\n"
                    "<tr><th></th><th>file</th><th>domain</th><th>source</th>"
                    "<th>CPU mode</th><th>CPU model</th><th>not checked because</th></tr>\n");
    for (i = 0; i < fleet->nguests; i++) {
        const qemuFleetGuest *gu = &fleet->guests[i];

        g_string_append_printf(buf, "<tr><th>g%zu</th><td>", i + 1);
        hostrecFleetHTMLAppend(buf, gu->name);
        g_string_append(buf, "</td><td>");
        hostrecFleetHTMLAppend(buf, gu->domain);
        if (gu->source >= 0)
            g_string_append_printf(buf, "</td><td>h%" G_GINT64_FORMAT "</td><td>", gu->source + 1);
        else
            g_string_append(buf, "</td><td>-</td><td>");
        g_string_append(buf, virCPUModeTypeToString(gu->mode));
        g_string_append(buf, "</td><td>");
        hostrecFleetHTMLAppend(buf, gu->model);
        g_string_append(buf, "</td><td>");
        hostrecFleetHTMLAppend(buf, gu->error);
        g_string_append(buf, "</td></tr>\n");
    }
    g_string_append(buf, "</table>\n</body>\n</html>\n");
}


static int
hostrecFleetWriteHTML(const qemuFleet *fleet,
                      const hostrecFleetBaseline *b,
                      const char *path)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    hostrecFleetHTMLHead(buf, fleet);
    hostrecFleetHTMLMatrix(buf, fleet);
    hostrecFleetHTMLBaseline(buf, b);
    hostrecFleetHTMLLists(buf, fleet, b);
    return virFileWriteAtomic(path, buf->str, buf->len, 0644);
}


/* ---- the command ---------------------------------------------------- */

static int
hostrecRunFleet(int argc G_GNUC_UNUSED,
                char **argv G_GNUC_UNUSED)
{
    g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) guestPaths = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GArray) specs = g_array_new(FALSE, TRUE, sizeof(qemuFleetGuestSpec));
    g_autoptr(GHashTable) hostIndex = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(qemuFleet) fleet = NULL;
    g_auto(hostrecFleetBaseline) baseline = { 0 };
    g_autoptr(virCPUModelTable) cached = NULL;
    size_t counts[VIR_CPU_FLEET_VERDICT_LAST] = { 0 };
    hostrecFleetProgress progress;
    size_t i;

    if (hostrecFleetProgressForced && hostrecFleetProgressOff) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("--progress and --no-progress cannot be used together"));
        return -1;
    }
    hostrecFleetProgressInit(&progress);

    for (i = 0; hostrecFleetHosts && hostrecFleetHosts[i]; i++) {
        if (hostrecFleetExpandPath(hostrecFleetHosts[i], hosts) < 0)
            return -1;
    }
    if (hosts->len == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("fleet needs at least one host (--host FILE)"));
        return -1;
    }
    for (i = 0; i < hosts->len; i++) {
        /* the first of two equal names is the one HOST= means */
        if (!g_hash_table_contains(hostIndex, g_ptr_array_index(hosts, i)))
            g_hash_table_insert(hostIndex, g_ptr_array_index(hosts, i),
                                GINT_TO_POINTER(i + 1));
    }
    for (i = 0; hostrecFleetGuests && hostrecFleetGuests[i]; i++) {
        if (hostrecFleetParseGuest(hostrecFleetGuests[i], hostIndex, guestPaths, specs) < 0)
            return -1;
    }
    if (hostrecFleetHTML && virFileCheckReplaceable(hostrecFleetHTML) < 0)
        return -1;

    cached = hostrecFleetFindCachedTable();
    if (qemuFleetLoad(hostrecDriverConfig(), (const char *const *)hosts->pdata, hosts->len,
                      (const qemuFleetGuestSpec *)specs->data, specs->len,
                      hostrecFleetLoadProgress, &progress, &fleet) < 0) {
        hostrecFleetProgressFinish(&progress);
        return -1;
    }
    hostrecPrintWarnings();
    hostrecFleetComputeBaseline(fleet, &cached, &baseline);

    if (hostrecFleetHTML && hostrecFleetWriteHTML(fleet, &baseline, hostrecFleetHTML) < 0) {
        hostrecFleetProgressFinish(&progress);
        return -1;
    }

    if (hostrecFleetJSON)
        hostrecFleetPrintJSON(fleet, &baseline, &progress, counts);
    else
        hostrecFleetPrintText(fleet, &baseline, &progress, counts);
    hostrecFleetProgressFinish(&progress);
    if (hostrecFlushOutput() < 0)
        return -1;

    return counts[VIR_CPU_FLEET_VERDICT_CAN] == fleet->nguests * fleet->nhosts ?
        0 : HOSTREC_FLEET_EXIT_BLOCKED;
}

const hostrecCommand hostrecCmdFleet = {
    .name = "fleet",
    .args = "",
    .summary = N_("the migration matrix of guests over a fleet of hosts"),
    .description = N_("Load the QEMU capabilities of every host (--host: a .replies "
                      "recording or a hostrec cache file, or a directory of them) and "
                      "every guest (--guest: a domain XML; HOST=FILE when its CPU is "
                      "host-model or host-recommended, HOST being the --host file it "
                      "runs on), and print, for each guest and each host, whether the "
                      "guest can migrate there (Y), is blocked only by CPU features "
                      "QEMU deprecates (D: host-recommended would not be), or is "
                      "blocked (N), with the blockers: the verdict of migration-check "
                      "for every pair.  --json prints the same as JSON (schema: "
                      "docs/migration.rst); --html FILE also writes a self-contained "
                      "page with the matrix as a coloured grid.  With --replay "
                      "or --emulatorbin it also prints the fleet-wide baseline "
                      "of the hosts' host-model CPUs (QEMU's s390x baseline, "
                      "computed offline from that QEMU's per-model CPU feature "
                      "sets) and of their host-recommended CPUs (with the "
                      "deprecated features of every host's QEMU off); without "
                      "them, or when that QEMU cannot say, one line says why "
                      "and the matrix is printed all the same.  Progress goes to "
                      "standard error for runs over a second (--progress: always, "
                      "--no-progress: never).  Exit status: 0 every "
                      "guest can go to every host, 2 some cannot, 1 error."),
    .options = hostrecQEMUOptionEntries,
    .extraOptions = hostrecFleetOptionEntries,
    .minArgs = 0,
    .maxArgs = 0,
    .run = hostrecRunFleet,
};
