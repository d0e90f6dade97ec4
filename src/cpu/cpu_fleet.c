/*
 * cpu_fleet.c: the migration matrix of M guests over N hosts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each rule below mirrors one check of cpu_migration.c; the comments name
 * it.  Changing one without the other makes fleettest's "random fleets
 * agree with migration-check" case fail (tests/fleettest.c).
 */

#include "internal.h"

#include <string.h>

#include "cpu_baseline.h"
#include "cpu_fleet.h"
#include "virerror.h"

VIR_ENUM_IMPL(virCPUFleetVerdict, VIR_CPU_FLEET_VERDICT_LAST,
              "can-migrate",
              "deprecated-only",
              "blocked",
              "not-checked",
);

typedef guint64 virCPUFleetWord;
#define VIR_CPU_FLEET_WORD_BITS 64

/* Names interned into dense indexes, in the order first seen. */
typedef struct _virCPUFleetNames virCPUFleetNames;
struct _virCPUFleetNames {
    GHashTable *ids;            /* name -> index + 1 */
    GPtrArray *names;           /* index -> name (owned) */
};


static void
virCPUFleetNamesInit(virCPUFleetNames *n)
{
    n->ids = g_hash_table_new(g_str_hash, g_str_equal);
    n->names = g_ptr_array_new_with_free_func(g_free);
}


static void
virCPUFleetNamesClear(virCPUFleetNames *n)
{
    g_clear_pointer(&n->ids, g_hash_table_unref);
    g_clear_pointer(&n->names, g_ptr_array_unref);
}


static guint
virCPUFleetNamesIntern(virCPUFleetNames *n,
                       const char *name)
{
    gpointer v = g_hash_table_lookup(n->ids, name);
    char *copy;

    if (v)
        return GPOINTER_TO_UINT(v) - 1;
    copy = g_strdup(name);
    g_ptr_array_add(n->names, copy);
    g_hash_table_insert(n->ids, copy, GUINT_TO_POINTER(n->names->len));
    return n->names->len - 1;
}


/* The index of @name, or -1 when it was never interned. */
static gint64
virCPUFleetNamesFind(const virCPUFleetNames *n,
                     const char *name)
{
    gpointer v = g_hash_table_lookup(n->ids, name);

    return v ? (gint64)GPOINTER_TO_UINT(v) - 1 : -1;
}


/* ---- bitsets --------------------------------------------------------- */

/* A bitset of @nwords words; bits past the end read as 0. */
typedef struct _virCPUFleetBits virCPUFleetBits;
struct _virCPUFleetBits {
    size_t nwords;
    virCPUFleetWord *words;
};


static void
virCPUFleetBitsClear(virCPUFleetBits *b)
{
    g_clear_pointer(&b->words, g_free);
    b->nwords = 0;
}


static void
virCPUFleetBitsSet(virCPUFleetBits *b,
                   size_t bit)
{
    size_t w = bit / VIR_CPU_FLEET_WORD_BITS;

    if (w >= b->nwords) {
        size_t n = MAX(w + 1, b->nwords * 2);

        b->words = g_renew(virCPUFleetWord, b->words, n);
        memset(b->words + b->nwords, 0, (n - b->nwords) * sizeof(virCPUFleetWord));
        b->nwords = n;
    }
    b->words[w] |= (virCPUFleetWord)1 << (bit % VIR_CPU_FLEET_WORD_BITS);
}


static bool
virCPUFleetBitsGet(const virCPUFleetBits *b,
                   size_t bit)
{
    size_t w = bit / VIR_CPU_FLEET_WORD_BITS;

    if (w >= b->nwords)
        return false;
    return (b->words[w] >> (bit % VIR_CPU_FLEET_WORD_BITS)) & 1;
}


/* Make @b exactly @nwords long (bits past the old end are 0). */
static void
virCPUFleetBitsResize(virCPUFleetBits *b,
                      size_t nwords)
{
    if (nwords == b->nwords)
        return;
    b->words = g_renew(virCPUFleetWord, b->words, nwords);
    if (nwords > b->nwords)
        memset(b->words + b->nwords, 0, (nwords - b->nwords) * sizeof(virCPUFleetWord));
    b->nwords = nwords;
}


/* ---- compiled guests and hosts -------------------------------------- */

/* One CPU model's unavailable-features on one host, as feature indexes in
 * QEMU's order.  Equal lists are shared between hosts. */
typedef struct _virCPUFleetBlockers virCPUFleetBlockers;
struct _virCPUFleetBlockers {
    size_t n;
    guint ids[];
};

/* The destination's QEMU does not define the model. */
static const virCPUFleetBlockers virCPUFleetModelUnknown = { 0 };

typedef struct _virCPUFleetGuest virCPUFleetGuest;
struct _virCPUFleetGuest {
    bool notChecked;              /* virCPUFleetSetGuestNotChecked() */
    virDomainVirtType virtType;
    virCPUMode mode;
    guint model;                  /* model index */
    gint64 machine;               /* machine index; -1: not known */
    size_t nenabled;
    size_t nfeatures;             /* occurrences, duplicates kept */
    guint *features;              /* feature index per occurrence */
    bool *enables;                /* policy of each occurrence enables */
    virCPUFleetBits named;        /* every name the CPU lists */
    virCPUFleetBits enabled;      /* names with an enabling occurrence */
    virCPUFleetBits off;          /* first occurrence does not enable */
    bool deprSaid;                /* the source's QEMU reports deprecation */
    virCPUFleetBits depr;         /* the source's deprecated set */
    bool *forbids;                /* policy of each occurrence is forbid */
    bool checkNone;               /* its effective check is none */
    virCPUFleetBits forbidden;    /* names with a forbidding occurrence */
};

/* cpu-model-features: what one QEMU's per-model feature sets say, shared
 * between hosts whose sets are equal.  Until virCPUFleetFinish() the
 * names (model -> the props and groups it may not have); then, per model
 * index of the fleet, those of them the fleet knows as a bitset (NULL:
 * the sets do not know the model, so it is not checked). */
typedef struct _virCPUFleetLater virCPUFleetLater;
struct _virCPUFleetLater {
    GHashTable *names;            /* model name -> GPtrArray of names */
    size_t nmodels;
    virCPUFleetBits **byModel;
};

typedef struct _virCPUFleetHost virCPUFleetHost;
struct _virCPUFleetHost {
    bool propsRecorded;           /* dst->props != NULL */
    bool propsKnown;              /* ... and not empty */
    virCPUFleetBits known;
    bool hasCPU;                  /* dst->hostCPU != NULL */
    bool hasFull;                 /* its full expansion was recorded */
    virCPUFleetBits listed;       /* in the host CPU's list */
    virCPUFleetBits enabled;      /* true there (the last occurrence) */
    bool deprSaid;
    virCPUFleetBits depr;
    virCPUFleetBits staticOn;     /* on in its static expansion: forbid */
    const virCPUFleetLater *later;  /* NULL: no per-model feature sets */
    /* per model index: its blockers here (an index past the end: not
     * defined here); NULL when no models were recorded.  Shared between
     * hosts whose tables are equal (fleet->modelTables owns them). */
    size_t nmodels;
    const virCPUFleetBlockers *const *models;
    bool hasMachines;
    virCPUFleetBits machines;     /* guest machines offered here */
};

struct _virCPUFleet {
    virCPUFleetNames features;    /* features, and "type" */
    virCPUFleetNames models;
    virCPUFleetNames machines;
    GPtrArray *guests;            /* virCPUFleetGuest, NULL until set */
    GPtrArray *hosts;             /* virCPUFleetHost */
    GHashTable *blockerLists;     /* GBytes of ids -> virCPUFleetBlockers */
    GHashTable *modelTables;      /* GBytes of a host's models array -> it */
    GHashTable *laterTables;      /* GBytes of its names -> virCPUFleetLater */
    guint typeId;                 /* the feature index of "type" */
    bool finished;                /* virCPUFleetFinish() ran */
    size_t nwords;                /* every bitset's length once finished */
    /* once finished: how many hosts with a full expansion enable each
     * feature, how many such hosts there are, and every feature some
     * host's QEMU deprecates */
    guint *enabledCount;
    size_t nfull;
    virCPUFleetBits deprAny;
};


static void
virCPUFleetGuestFree(virCPUFleetGuest *g)
{
    if (!g)
        return;
    g_free(g->features);
    g_free(g->enables);
    g_free(g->forbids);
    virCPUFleetBitsClear(&g->forbidden);
    virCPUFleetBitsClear(&g->named);
    virCPUFleetBitsClear(&g->enabled);
    virCPUFleetBitsClear(&g->off);
    virCPUFleetBitsClear(&g->depr);
    g_free(g);
}


static void
virCPUFleetHostFree(virCPUFleetHost *h)
{
    if (!h)
        return;
    virCPUFleetBitsClear(&h->known);
    virCPUFleetBitsClear(&h->listed);
    virCPUFleetBitsClear(&h->enabled);
    virCPUFleetBitsClear(&h->depr);
    virCPUFleetBitsClear(&h->staticOn);
    virCPUFleetBitsClear(&h->machines);
    g_free(h);
}


static void
virCPUFleetLaterFree(virCPUFleetLater *later)
{
    size_t i;

    if (!later)
        return;
    g_clear_pointer(&later->names, g_hash_table_unref);
    for (i = 0; i < later->nmodels; i++) {
        if (later->byModel[i]) {
            virCPUFleetBitsClear(later->byModel[i]);
            g_free(later->byModel[i]);
        }
    }
    g_free(later->byModel);
    g_free(later);
}


virCPUFleet *
virCPUFleetNew(size_t nguests)
{
    virCPUFleet *fleet = g_new0(virCPUFleet, 1);

    virCPUFleetNamesInit(&fleet->features);
    virCPUFleetNamesInit(&fleet->models);
    virCPUFleetNamesInit(&fleet->machines);
    fleet->typeId = virCPUFleetNamesIntern(&fleet->features, "type");
    fleet->guests = g_ptr_array_new_with_free_func((GDestroyNotify)virCPUFleetGuestFree);
    g_ptr_array_set_size(fleet->guests, nguests);
    fleet->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)virCPUFleetHostFree);
    fleet->blockerLists = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                                (GDestroyNotify)g_bytes_unref, g_free);
    fleet->modelTables = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                               (GDestroyNotify)g_bytes_unref, g_free);
    fleet->laterTables = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
                                               (GDestroyNotify)g_bytes_unref,
                                               (GDestroyNotify)virCPUFleetLaterFree);
    return fleet;
}


void
virCPUFleetFree(virCPUFleet *fleet)
{
    if (!fleet)
        return;
    virCPUFleetNamesClear(&fleet->features);
    virCPUFleetNamesClear(&fleet->models);
    virCPUFleetNamesClear(&fleet->machines);
    g_clear_pointer(&fleet->guests, g_ptr_array_unref);
    g_clear_pointer(&fleet->hosts, g_ptr_array_unref);
    g_clear_pointer(&fleet->blockerLists, g_hash_table_unref);
    g_clear_pointer(&fleet->modelTables, g_hash_table_unref);
    g_clear_pointer(&fleet->laterTables, g_hash_table_unref);
    g_free(fleet->enabledCount);
    virCPUFleetBitsClear(&fleet->deprAny);
    g_free(fleet);
}


size_t
virCPUFleetGetNGuests(const virCPUFleet *fleet)
{
    return fleet->guests->len;
}


size_t
virCPUFleetGetNHosts(const virCPUFleet *fleet)
{
    return fleet->hosts->len;
}


/* Intern the NULL-terminated @list into a bitset; false when @list is
 * NULL (that QEMU did not say). */
static bool
virCPUFleetInternSet(virCPUFleet *fleet,
                     char * const *list,
                     virCPUFleetBits *bits)
{
    size_t i;

    if (!list)
        return false;
    for (i = 0; list[i]; i++)
        virCPUFleetBitsSet(bits, virCPUFleetNamesIntern(&fleet->features, list[i]));
    return true;
}


int
virCPUFleetSetGuest(virCPUFleet *fleet,
                    size_t row,
                    const virCPUMigrationGuest *guest,
                    const virCPUMigrationHost *src)
{
    g_autoptr(virCPUMigrationResult) probe = NULL;
    virCPUMigrationHost none = { .name = src->name };
    virCPUFleetGuest *g;
    const virCPUDef *cpu = guest->cpu;
    size_t i;

    if (fleet->finished || row >= fleet->guests->len ||
        g_ptr_array_index(fleet->guests, row)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("row %zu of a fleet cannot be set"), row);
        return -1;
    }
    /* the source check, and the expanded-CPU check, as the decision does
     * them: against a destination with nothing recorded */
    if (virCPUMigrationCheck(guest, src, &none, &probe) < 0)
        return -1;

    g = g_new0(virCPUFleetGuest, 1);
    g->virtType = guest->virtType;
    g->mode = guest->mode;
    g->model = virCPUFleetNamesIntern(&fleet->models, cpu->model);
    g->machine = guest->machine ?
        (gint64)virCPUFleetNamesIntern(&fleet->machines, guest->machine) : -1;
    g->nenabled = probe->nenabled;
    g->nfeatures = cpu->nfeatures;
    g->features = g_new0(guint, MAX(cpu->nfeatures, 1));
    g->enables = g_new0(bool, MAX(cpu->nfeatures, 1));
    g->forbids = g_new0(bool, MAX(cpu->nfeatures, 1));
    g->checkNone = virCPUGetEffectiveCheck(cpu->check, guest->mode,
                                           guest->virtType) == VIR_CPU_CHECK_NONE;
    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        guint id = virCPUFleetNamesIntern(&fleet->features, f->name);
        bool first = !virCPUFleetBitsGet(&g->named, id);

        g->features[i] = id;
        g->enables[i] = virCPUFeaturePolicyIsEnabled(f->policy);
        g->forbids[i] = f->policy == VIR_CPU_FEATURE_FORBID;
        if (g->forbids[i])
            virCPUFleetBitsSet(&g->forbidden, id);
        virCPUFleetBitsSet(&g->named, id);
        if (g->enables[i])
            virCPUFleetBitsSet(&g->enabled, id);
        else if (first)
            virCPUFleetBitsSet(&g->off, id);
    }
    if (src->hostCPU)
        g->deprSaid = virCPUFleetInternSet(fleet, virCPUHostModelGetDeprecated(src->hostCPU),
                                           &g->depr);
    g_ptr_array_index(fleet->guests, row) = g;
    return 0;
}


/* The per-model feature sets as bitsets over the fleet's indexes.  A
 * name the fleet never interned is no guest's feature, and a model no
 * guest's: both are left out. */
static void
virCPUFleetFinishLater(virCPUFleet *fleet)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, fleet->laterTables);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        virCPUFleetLater *later = value;

        size_t model;

        later->nmodels = fleet->models.names->len;
        later->byModel = g_new0(virCPUFleetBits *, MAX(later->nmodels, 1));
        for (model = 0; model < later->nmodels; model++) {
            const char *name = g_ptr_array_index(fleet->models.names, model);
            size_t len = strlen(name);
            g_autofree char *base = NULL;
            GPtrArray *list;
            virCPUFleetBits *bits;
            size_t i;

            /* "z14-base" may have what "z14" may (virCPUModelTableFind) */
            if (!(list = g_hash_table_lookup(later->names, name)) &&
                len > 5 && STREQ(name + len - 5, "-base")) {
                base = g_strndup(name, len - 5);
                list = g_hash_table_lookup(later->names, base);
            }
            if (!list)
                continue;
            bits = later->byModel[model] = g_new0(virCPUFleetBits, 1);
            for (i = 0; i < list->len; i++) {
                gint64 id = virCPUFleetNamesFind(&fleet->features,
                                                 g_ptr_array_index(list, i));

                if (id >= 0)
                    virCPUFleetBitsSet(bits, id);
            }
            virCPUFleetBitsResize(bits, fleet->nwords);
        }
    }
}


int
virCPUFleetSetGuestNotChecked(virCPUFleet *fleet,
                              size_t row)
{
    virCPUFleetGuest *g;

    if (fleet->finished || row >= fleet->guests->len ||
        g_ptr_array_index(fleet->guests, row)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("row %zu of a fleet cannot be set"), row);
        return -1;
    }
    g = g_new0(virCPUFleetGuest, 1);
    g->notChecked = true;
    g->machine = -1;
    g->features = g_new0(guint, 1);
    g->enables = g_new0(bool, 1);
    g->forbids = g_new0(bool, 1);
    g_ptr_array_index(fleet->guests, row) = g;
    return 0;
}


int
virCPUFleetFinish(virCPUFleet *fleet)
{
    size_t i;

    if (fleet->finished)
        return 0;
    for (i = 0; i < fleet->guests->len; i++) {
        if (!g_ptr_array_index(fleet->guests, i)) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("row %zu of a fleet was never set"), i);
            return -1;
        }
    }
    fleet->finished = true;
    fleet->nwords = (fleet->features.names->len + VIR_CPU_FLEET_WORD_BITS - 1) /
        VIR_CPU_FLEET_WORD_BITS;
    for (i = 0; i < fleet->guests->len; i++) {
        virCPUFleetGuest *g = g_ptr_array_index(fleet->guests, i);

        virCPUFleetBitsResize(&g->named, fleet->nwords);
        virCPUFleetBitsResize(&g->enabled, fleet->nwords);
        virCPUFleetBitsResize(&g->off, fleet->nwords);
        virCPUFleetBitsResize(&g->depr, fleet->nwords);
        virCPUFleetBitsResize(&g->forbidden, fleet->nwords);
    }
    virCPUFleetFinishLater(fleet);
    fleet->enabledCount = g_new0(guint, MAX(fleet->features.names->len, 1));
    virCPUFleetBitsResize(&fleet->deprAny, fleet->nwords);
    for (i = 0; i < fleet->hosts->len; i++) {
        virCPUFleetHost *h = g_ptr_array_index(fleet->hosts, i);
        size_t f;

        virCPUFleetBitsResize(&h->known, fleet->nwords);
        virCPUFleetBitsResize(&h->listed, fleet->nwords);
        virCPUFleetBitsResize(&h->enabled, fleet->nwords);
        virCPUFleetBitsResize(&h->depr, fleet->nwords);
        virCPUFleetBitsResize(&h->staticOn, fleet->nwords);
        for (f = 0; f < fleet->nwords; f++)
            fleet->deprAny.words[f] |= h->depr.words[f];
        if (!h->hasFull)
            continue;
        fleet->nfull++;
        for (f = 0; f < fleet->features.names->len; f++) {
            if (virCPUFleetBitsGet(&h->enabled, f))
                fleet->enabledCount[f]++;
        }
    }
    return 0;
}


GPtrArray *
virCPUFleetGetLimits(const virCPUFleet *fleet,
                     size_t hi)
{
    const virCPUFleetHost *h = g_ptr_array_index(fleet->hosts, hi);
    GPtrArray *limits;
    size_t f;

    if (!h->hasFull)
        return NULL;
    limits = g_ptr_array_new();
    if (fleet->nfull < 2)
        return limits;
    for (f = 0; f < fleet->features.names->len; f++) {
        /* off, not merely unlisted: a recording whose "full" expansion
         * is the static one (libvirt's QEMU 9.1) does not list the base
         * model's features, and they are not missing */
        if (fleet->enabledCount[f] == fleet->nfull - 1 &&
            virCPUFleetBitsGet(&h->listed, f) &&
            !virCPUFleetBitsGet(&h->enabled, f))
            g_ptr_array_add(limits, g_ptr_array_index(fleet->features.names, f));
    }
    return limits;
}


bool
virCPUFleetIsDeprecatedAnywhere(const virCPUFleet *fleet,
                                const char *name)
{
    gint64 id = virCPUFleetNamesFind(&fleet->features, name);

    return id >= 0 && virCPUFleetBitsGet(&fleet->deprAny, id);
}


/* The shared list for @blockers (NULL-terminated, may be NULL). */
static const virCPUFleetBlockers *
virCPUFleetInternBlockers(virCPUFleet *fleet,
                          char * const *blockers)
{
    size_t n = blockers ? g_strv_length((char **)blockers) : 0;
    g_autofree guint *ids = g_new0(guint, MAX(n, 1));
    g_autoptr(GBytes) key = NULL;
    virCPUFleetBlockers *list;
    size_t i;

    for (i = 0; i < n; i++)
        ids[i] = virCPUFleetNamesIntern(&fleet->features, blockers[i]);
    key = g_bytes_new(ids, n * sizeof(guint));
    if ((list = g_hash_table_lookup(fleet->blockerLists, key)))
        return list;

    list = g_malloc0(sizeof(*list) + n * sizeof(guint));
    list->n = n;
    if (n)
        memcpy(list->ids, ids, n * sizeof(guint));
    g_hash_table_insert(fleet->blockerLists, g_steal_pointer(&key), list);
    return list;
}


/* Add every key of @set to the names and to @bits. */
static void
virCPUFleetInternKeys(virCPUFleetNames *names,
                      GHashTable *set,
                      virCPUFleetBits *bits)
{
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, set);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        virCPUFleetBitsSet(bits, virCPUFleetNamesIntern(names, key));
}


/* The per-model feature sets of @table as what each model may not have
 * (virCPUModelTableGetLaterFeatures over every prop and group), shared
 * with the hosts whose sets are equal. */
static const virCPUFleetLater *
virCPUFleetInternLater(virCPUFleet *fleet,
                       const virCPUModelTable *table)
{
    g_autoptr(virCPUDef) all = virCPUDefNew();
    g_autoptr(GString) key = g_string_new(NULL);
    g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify)g_ptr_array_unref);
    g_autoptr(GBytes) bytes = NULL;
    virCPUFleetLater *later;
    size_t i;
    size_t j;

    /* one CPU that enables every prop and every group: what each model
     * may not have of it is the model's whole "later" set */
    for (i = 0; table->props[i]; i++)
        virCPUDefAddFeature(all, table->props[i], VIR_CPU_FEATURE_REQUIRE);
    for (i = 0; i < table->ngroups; i++)
        virCPUDefAddFeature(all, table->groups[i].name, VIR_CPU_FEATURE_REQUIRE);

    for (i = 0; i < table->nmodels; i++) {
        g_autoptr(GPtrArray) list = NULL;
        GPtrArray *copy = g_ptr_array_new_with_free_func(g_free);

        g_free(all->model);
        all->model = g_strdup(table->models[i].name);
        list = virCPUModelTableGetLaterFeatures(table, all);
        g_string_append(key, all->model);
        g_string_append_c(key, '\n');
        for (j = 0; j < list->len; j++) {
            g_ptr_array_add(copy, g_strdup(g_ptr_array_index(list, j)));
            g_string_append(key, g_ptr_array_index(list, j));
            g_string_append_c(key, ' ');
        }
        g_string_append_c(key, '\n');
        g_hash_table_insert(names, g_strdup(all->model), copy);
    }

    bytes = g_bytes_new(key->str, key->len);
    if ((later = g_hash_table_lookup(fleet->laterTables, bytes)))
        return later;
    later = g_new0(virCPUFleetLater, 1);
    later->names = g_steal_pointer(&names);
    g_hash_table_insert(fleet->laterTables, g_steal_pointer(&bytes), later);
    return later;
}


void
virCPUFleetAddHost(virCPUFleet *fleet,
                   const virCPUMigrationHost *dst)
{
    virCPUFleetHost *h = g_new0(virCPUFleetHost, 1);
    GHashTableIter iter;
    gpointer key;
    gpointer value;
    size_t i;

    /* cpu-feature-names: every prop it knows */
    h->propsRecorded = dst->props != NULL;
    h->propsKnown = dst->props && g_hash_table_size(dst->props) > 0;
    if (h->propsKnown)
        virCPUFleetInternKeys(&fleet->features, dst->props, &h->known);

    /* cpu-host-features: the full expansion when recorded; of duplicate
     * names the last one counts, as a hash table insert keeps it */
    if (dst->hostCPU) {
        const virCPUHostModel *cpu = dst->hostCPU;
        const virCPUProp *list = cpu->nfullProps ? cpu->fullProps : cpu->props;
        size_t nlist = cpu->nfullProps ? cpu->nfullProps : cpu->nprops;

        h->hasCPU = true;
        h->hasFull = cpu->nfullProps > 0;
        for (i = 0; i < nlist; i++) {
            guint id = virCPUFleetNamesIntern(&fleet->features, list[i].name);

            virCPUFleetBitsSet(&h->listed, id);
            virCPUFleetBitsSet(&h->enabled, id);
            if (!list[i].enabled)
                h->enabled.words[id / VIR_CPU_FLEET_WORD_BITS] &=
                    ~((virCPUFleetWord)1 << (id % VIR_CPU_FLEET_WORD_BITS));
        }
        h->deprSaid = virCPUFleetInternSet(fleet, virCPUHostModelGetDeprecated(cpu),
                                           &h->depr);
        /* feature-forbidden: on in the static expansion, any occurrence
         * (virCPUGetForbiddenPresent) */
        for (i = 0; i < cpu->nprops; i++) {
            if (cpu->props[i].enabled)
                virCPUFleetBitsSet(&h->staticOn,
                                   virCPUFleetNamesIntern(&fleet->features,
                                                          cpu->props[i].name));
        }
    }

    /* cpu-model-features */
    if (dst->modelTable)
        h->later = virCPUFleetInternLater(fleet, dst->modelTable);

    /* cpu-model: every model it defines, with its blockers */
    if (dst->models) {
        g_autoptr(GArray) models = g_array_new(FALSE, TRUE, sizeof(const virCPUFleetBlockers *));

        g_hash_table_iter_init(&iter, dst->models);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            guint id = virCPUFleetNamesIntern(&fleet->models, key);
            const virCPUFleetBlockers *bl = virCPUFleetInternBlockers(fleet, value);

            if (id >= models->len)
                g_array_set_size(models, id + 1);
            g_array_index(models, const virCPUFleetBlockers *, id) = bl;
        }
        g_autoptr(GBytes) tableKey = NULL;
        const virCPUFleetBlockers **table;

        for (i = 0; i < models->len; i++) {
            if (!g_array_index(models, const virCPUFleetBlockers *, i))
                g_array_index(models, const virCPUFleetBlockers *, i) = &virCPUFleetModelUnknown;
        }
        tableKey = g_bytes_new(models->data, models->len * sizeof(virCPUFleetBlockers *));
        if (!(table = g_hash_table_lookup(fleet->modelTables, tableKey))) {
            table = g_new0(const virCPUFleetBlockers *, MAX(models->len, 1));
            if (models->len)
                memcpy(table, models->data, models->len * sizeof(virCPUFleetBlockers *));
            g_hash_table_insert(fleet->modelTables, g_steal_pointer(&tableKey), table);
        }
        h->nmodels = models->len;
        h->models = table;
    }

    /* machine-type: every machine it offers */
    if (dst->machines) {
        h->hasMachines = true;
        virCPUFleetInternKeys(&fleet->machines, dst->machines, &h->machines);
    }

    g_ptr_array_add(fleet->hosts, h);
}


/* The blockers of model @model on @h: virCPUFleetModelUnknown when @h
 * does not define it.  @h has models. */
static const virCPUFleetBlockers *
virCPUFleetHostModel(const virCPUFleetHost *h,
                     guint model)
{
    if (model >= h->nmodels)
        return &virCPUFleetModelUnknown;
    return h->models[model];
}


/* ---- cells ------------------------------------------------------------ */

static bool
virCPUFleetIsDeprecated(const virCPUFleetGuest *g,
                        const virCPUFleetHost *h,
                        guint id)
{
    return virCPUFleetBitsGet(&g->depr, id) || virCPUFleetBitsGet(&h->depr, id);
}


static virCPUFleetVerdict virCPUFleetWalk(const virCPUFleet *fleet,
                                          size_t gi,
                                          size_t hi,
                                          bool *checked,
                                          virCPUFleetBlockerFunc func,
                                          void *opaque);


virCPUFleetVerdict
virCPUFleetGetVerdict(const virCPUFleet *fleet,
                      size_t gi,
                      size_t hi)
{
    const virCPUFleetGuest *g = g_ptr_array_index(fleet->guests, gi);
    const virCPUFleetHost *h = g_ptr_array_index(fleet->hosts, hi);
    bool any = false;
    size_t i;

    if (g->notChecked)
        return VIR_CPU_FLEET_VERDICT_NOT_CHECKED;

    /* machine-type */
    if (g->machine >= 0 && h->hasMachines &&
        !virCPUFleetBitsGet(&h->machines, g->machine))
        return VIR_CPU_FLEET_VERDICT_BLOCKED;

    /* cpu-model */
    if (h->models) {
        const virCPUFleetBlockers *bl = virCPUFleetHostModel(h, g->model);

        if (bl == &virCPUFleetModelUnknown)
            return VIR_CPU_FLEET_VERDICT_BLOCKED;
        for (i = 0; i < bl->n; i++) {
            guint id = bl->ids[i];

            if (virCPUFleetBitsGet(&g->off, id))
                continue;
            if (id == fleet->typeId || !virCPUFleetIsDeprecated(g, h, id))
                return VIR_CPU_FLEET_VERDICT_BLOCKED;
            any = true;
        }
    }

    /* feature-forbidden: whether a name blocks for that reason depends
     * on the reasons found before it (a name blocks once); rare enough
     * to take the long way */
    for (i = 0; h->hasCPU && !g->checkNone && i < fleet->nwords; i++) {
        if (g->forbidden.words[i] & h->staticOn.words[i])
            return virCPUFleetWalk(fleet, gi, hi, NULL, NULL, NULL);
    }

    for (i = 0; i < fleet->nwords; i++) {
        virCPUFleetWord block = 0;
        virCPUFleetWord depr;


        /* cpu-model-features */
        if (h->later && h->later->byModel[g->model])
            block |= g->enabled.words[i] & h->later->byModel[g->model]->words[i];
        /* cpu-feature-names */
        if (h->propsKnown)
            block |= g->named.words[i] & ~h->known.words[i];
        /* cpu-host-features: off, or missing from a full expansion */
        if (h->hasCPU) {
            virCPUFleetWord lacking = ~h->enabled.words[i];

            if (!h->hasFull)
                lacking &= h->listed.words[i];
            block |= g->enabled.words[i] & lacking;
        }
        if (!block)
            continue;
        depr = g->depr.words[i] | h->depr.words[i];
        if (block & ~depr)
            return VIR_CPU_FLEET_VERDICT_BLOCKED;
        any = true;
    }
    return any ? VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY : VIR_CPU_FLEET_VERDICT_CAN;
}


virCPUFleetVerdict
virCPUFleetVerdictOf(const virCPUMigrationResult *res)
{
    size_t i;

    if (res->nblockers == 0)
        return VIR_CPU_FLEET_VERDICT_CAN;
    for (i = 0; i < res->nblockers; i++) {
        const virCPUMigrationBlocker *b = &res->blockers[i];

        if (!virCPUMigrationBlockerIsDeprecatedOnly(b->kind, b->deprecatedSource,
                                                    b->deprecatedDestination))
            return VIR_CPU_FLEET_VERDICT_BLOCKED;
    }
    return VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY;
}


/* Walking one cell: the names that already block. */
#define VIR_CPU_FLEET_CELL_WORDS 16

typedef struct _virCPUFleetCell virCPUFleetCell;
struct _virCPUFleetCell {
    const virCPUFleetGuest *g;
    const virCPUFleetHost *h;
    virCPUFleetBlockerFunc func;
    void *opaque;
    size_t nblockers;
    bool onlyDeprecated;
    virCPUFleetWord *blocked;       /* fleet->nwords words */
};


static virTristateBool
virCPUFleetTristate(bool said,
                    const virCPUFleetBits *set,
                    gint64 id)
{
    if (!said)
        return VIR_TRISTATE_BOOL_ABSENT;
    return id >= 0 && virCPUFleetBitsGet(set, id) ? VIR_TRISTATE_BOOL_YES : VIR_TRISTATE_BOOL_NO;
}


/* As virCPUMigrationAddBlocker(): @id is the feature index of @name, -1
 * when the name is none (a machine type, or a model no list names). */
static void
virCPUFleetCellAdd(virCPUFleetCell *c,
                   virCPUMigrationBlockerKind kind,
                   const char *name,
                   gint64 id,
                   bool isMachine)
{
    virCPUFleetBlocker b = { .kind = kind, .name = name };

    if (!isMachine && id >= 0) {
        virCPUFleetWord mask = (virCPUFleetWord)1 << (id % VIR_CPU_FLEET_WORD_BITS);

        if (c->blocked[id / VIR_CPU_FLEET_WORD_BITS] & mask)
            return;
        c->blocked[id / VIR_CPU_FLEET_WORD_BITS] |= mask;
    }
    b.deprecatedSource = VIR_TRISTATE_BOOL_ABSENT;
    b.deprecatedDestination = VIR_TRISTATE_BOOL_ABSENT;
    if (!isMachine) {
        b.deprecatedSource = virCPUFleetTristate(c->g->deprSaid, &c->g->depr, id);
        b.deprecatedDestination = virCPUFleetTristate(c->h->deprSaid, &c->h->depr, id);
    }
    if (!virCPUMigrationBlockerIsDeprecatedOnly(kind, b.deprecatedSource,
                                                b.deprecatedDestination))
        c->onlyDeprecated = false;
    c->nblockers++;
    if (c->func)
        c->func(&b, c->opaque);
}


/* Every blocker of the cell, in migration-check's order; @checked (may
 * be NULL) gets the aspects checked. */
static virCPUFleetVerdict
virCPUFleetWalk(const virCPUFleet *fleet,
                size_t gi,
                size_t hi,
                bool *checked,
                virCPUFleetBlockerFunc func,
                void *opaque)
{
    const virCPUFleetGuest *g = g_ptr_array_index(fleet->guests, gi);
    const virCPUFleetHost *h = g_ptr_array_index(fleet->hosts, hi);
    const char *const *names = (const char *const *)fleet->features.names->pdata;
    virCPUFleetWord local[VIR_CPU_FLEET_CELL_WORDS] = { 0 };
    g_autofree virCPUFleetWord *heap = NULL;
    virCPUFleetCell c = { .g = g, .h = h, .func = func, .opaque = opaque,
                          .onlyDeprecated = true, .blocked = local };
    bool dummy[VIR_CPU_MIGRATION_ASPECT_LAST];
    size_t i;

    if (fleet->nwords > VIR_CPU_FLEET_CELL_WORDS)
        c.blocked = heap = g_new0(virCPUFleetWord, fleet->nwords);
    if (!checked)
        checked = dummy;
    memset(checked, 0, sizeof(bool) * VIR_CPU_MIGRATION_ASPECT_LAST);
    if (g->notChecked)
        return VIR_CPU_FLEET_VERDICT_NOT_CHECKED;

    /* machine-type */
    if (g->machine >= 0 && h->hasMachines) {
        checked[VIR_CPU_MIGRATION_ASPECT_MACHINE] = true;
        if (!virCPUFleetBitsGet(&h->machines, g->machine))
            virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN,
                               g_ptr_array_index(fleet->machines.names, g->machine),
                               -1, true);
    }

    /* cpu-model */
    if (h->models) {
        const virCPUFleetBlockers *bl = virCPUFleetHostModel(h, g->model);
        const char *model = g_ptr_array_index(fleet->models.names, g->model);

        checked[VIR_CPU_MIGRATION_ASPECT_MODEL] = true;
        if (bl == &virCPUFleetModelUnknown) {
            virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_MODEL_UNKNOWN, model,
                               virCPUFleetNamesFind(&fleet->features, model), false);
        } else {
            for (i = 0; i < bl->n; i++) {
                guint id = bl->ids[i];

                if (virCPUFleetBitsGet(&g->off, id))
                    continue;
                virCPUFleetCellAdd(&c, id == fleet->typeId ?
                                   VIR_CPU_MIGRATION_BLOCKER_MODEL_GENERATION :
                                   VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE,
                                   names[id], id, false);
            }
        }
    }

    /* cpu-model-features */
    if (h->later && h->later->byModel[g->model]) {
        const virCPUFleetBits *later = h->later->byModel[g->model];

        checked[VIR_CPU_MIGRATION_ASPECT_MODEL_FEATURES] = true;
        for (i = 0; i < g->nfeatures; i++) {
            guint id = g->features[i];

            if (g->enables[i] && virCPUFleetBitsGet(later, id))
                virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_FEATURE_NEWER,
                                   names[id], id, false);
        }
    }

    /* cpu-feature-names */
    if (h->propsRecorded) {
        checked[VIR_CPU_MIGRATION_ASPECT_FEATURE_NAMES] = true;
        for (i = 0; h->propsKnown && i < g->nfeatures; i++) {
            guint id = g->features[i];

            if (!virCPUFleetBitsGet(&h->known, id))
                virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN,
                                   names[id], id, false);
        }
    }

    /* cpu-host-features */
    if (h->hasCPU) {
        checked[VIR_CPU_MIGRATION_ASPECT_HOST_FEATURES] = true;
        for (i = 0; i < g->nfeatures; i++) {
            guint id = g->features[i];

            if (!g->enables[i])
                continue;
            if (virCPUFleetBitsGet(&h->listed, id)) {
                if (!virCPUFleetBitsGet(&h->enabled, id))
                    virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF,
                                       names[id], id, false);
            } else if (h->hasFull) {
                virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING,
                                   names[id], id, false);
            }
        }
        for (i = 0; !g->checkNone && i < g->nfeatures; i++) {
            guint id = g->features[i];

            if (g->forbids[i] && virCPUFleetBitsGet(&h->staticOn, id))
                virCPUFleetCellAdd(&c, VIR_CPU_MIGRATION_BLOCKER_FEATURE_FORBIDDEN,
                                   names[id], id, false);
        }
    }

    if (c.nblockers == 0)
        return VIR_CPU_FLEET_VERDICT_CAN;
    return c.onlyDeprecated ? VIR_CPU_FLEET_VERDICT_DEPRECATED_ONLY : VIR_CPU_FLEET_VERDICT_BLOCKED;
}


virCPUFleetVerdict
virCPUFleetForeachBlocker(const virCPUFleet *fleet,
                          size_t g,
                          size_t h,
                          virCPUFleetBlockerFunc func,
                          void *opaque)
{
    return virCPUFleetWalk(fleet, g, h, NULL, func, opaque);
}


static void
virCPUFleetCollect(const virCPUFleetBlocker *b,
                   void *opaque)
{
    virCPUMigrationResult *res = opaque;
    virCPUMigrationBlocker *out;

    res->blockers = g_renew(virCPUMigrationBlocker, res->blockers, res->nblockers + 1);
    out = &res->blockers[res->nblockers++];
    out->kind = b->kind;
    out->name = g_strdup(b->name);
    out->deprecatedSource = b->deprecatedSource;
    out->deprecatedDestination = b->deprecatedDestination;
}


virCPUMigrationResult *
virCPUFleetGetResult(const virCPUFleet *fleet,
                     size_t gi,
                     size_t hi,
                     virCPUFleetVerdict *verdict)
{
    g_autoptr(virCPUMigrationResult) res = g_new0(virCPUMigrationResult, 1);
    const virCPUFleetGuest *g = g_ptr_array_index(fleet->guests, gi);

    res->virtType = g->virtType;
    res->mode = g->mode;
    if (!g->notChecked)
        res->model = g_strdup(g_ptr_array_index(fleet->models.names, g->model));
    res->nenabled = g->nenabled;
    *verdict = virCPUFleetWalk(fleet, gi, hi, res->checked, virCPUFleetCollect, res);
    return g_steal_pointer(&res);
}
