/*
 * cpu_baseline.c: the CPU baseline of a fleet, computed without QEMU
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The rule is in cpu_baseline.h.  For speed (10,000 hosts in well under a
 * second) every feature set is a bitmap over the table's props: the prop
 * names are looked up once per host feature, everything else is word
 * operations.
 */

#include "internal.h"

#include <string.h>

#include "cpu_arch.h"
#include "cpu_baseline.h"
#include "cpu_driver.h"
#include "virerror.h"

typedef guint64 virCPUBits;

/* ---- The table --------------------------------------------------------- */

/* The lists' names belong to the table's string chunk. */
static void
virCPUModelFeaturesClear(virCPUModelFeatures *model)
{
    g_free(model->name);
    g_free(model->base);
    g_free(model->defaults);
    g_free(model->full);
}


virCPUModelTable *
virCPUModelTableNew(const char *arch,
                    const char *emulator)
{
    virCPUModelTable *table = g_new0(virCPUModelTable, 1);

    table->arch = g_strdup(arch);
    table->emulator = g_strdup(emulator);
    table->names = g_string_chunk_new(1024);
    table->props = g_new0(char *, 1);
    return table;
}


void
virCPUModelTableFree(virCPUModelTable *table)
{
    size_t i;

    if (!table)
        return;
    for (i = 0; i < table->nmodels; i++)
        virCPUModelFeaturesClear(&table->models[i]);
    g_free(table->models);
    for (i = 0; i < table->ngroups; i++) {
        g_free(table->groups[i].name);
        g_free(table->groups[i].members);
    }
    g_free(table->groups);
    g_free(table->props);
    g_string_chunk_free(table->names);
    g_free(table->arch);
    g_free(table->emulator);
    g_free(table);
}


/* @list (NULL: empty) as an array of the table's copies of its names. */
static char **
virCPUModelTableList(virCPUModelTable *table,
                     char * const *list)
{
    size_t n = list ? g_strv_length((char **)list) : 0;
    char **ret = g_new0(char *, n + 1);
    size_t i;

    for (i = 0; i < n; i++)
        ret[i] = g_string_chunk_insert_const(table->names, list[i]);
    return ret;
}


virCPUModelTable *
virCPUModelTableCopy(const virCPUModelTable *table)
{
    virCPUModelTable *copy = virCPUModelTableNew(table->arch, table->emulator);
    size_t i;

    virCPUModelTableSetProps(copy, table->props);
    for (i = 0; i < table->nmodels; i++) {
        const virCPUModelFeatures *m = &table->models[i];

        virCPUModelTableAddModel(copy, m->name, m->base, m->defaults, m->full);
    }
    for (i = 0; i < table->ngroups; i++)
        virCPUModelTableAddGroup(copy, table->groups[i].name, table->groups[i].members);
    return copy;
}


void
virCPUModelTableSetProps(virCPUModelTable *table,
                         char * const *props)
{
    g_free(table->props);
    table->props = virCPUModelTableList(table, props);
}


virCPUModelFeatures *
virCPUModelTableAddModel(virCPUModelTable *table,
                         const char *name,
                         char * const *base,
                         char * const *defaults,
                         char * const *full)
{
    virCPUModelFeatures *m;

    if (table->nmodels == virArrayCapacity(table->nmodels))
        table->models = g_renew(virCPUModelFeatures, table->models,
                                virArrayCapacity(table->nmodels + 1));
    m = &table->models[table->nmodels++];
    m->name = g_strdup(name);
    m->base = virCPUModelTableList(table, base);
    m->defaults = virCPUModelTableList(table, defaults);
    m->full = virCPUModelTableList(table, full);
    return m;
}


void
virCPUModelTableSetFull(virCPUModelTable *table,
                        virCPUModelFeatures *model,
                        char * const *full)
{
    g_free(model->full);
    model->full = virCPUModelTableList(table, full);
}


void
virCPUModelTableAddGroup(virCPUModelTable *table,
                         const char *name,
                         char * const *members)
{
    virCPUFeatureGroup *g;

    if (table->ngroups == virArrayCapacity(table->ngroups))
        table->groups = g_renew(virCPUFeatureGroup, table->groups,
                                virArrayCapacity(table->ngroups + 1));
    g = &table->groups[table->ngroups++];
    g->name = g_strdup(name);
    g->members = virCPUModelTableList(table, members);
}


const virCPUModelFeatures *
virCPUModelTableFind(const virCPUModelTable *table,
                     const char *name)
{
    size_t len = strlen(name);
    size_t i;

    if (len > 5 && STREQ(name + len - 5, "-base"))
        len -= 5;
    for (i = 0; i < table->nmodels; i++) {
        if (strlen(table->models[i].name) == len &&
            strncmp(table->models[i].name, name, len) == 0)
            return &table->models[i];
    }
    return NULL;
}


GPtrArray *
virCPUModelTableGetLaterFeatures(const virCPUModelTable *table,
                                 const virCPUDef *cpu)
{
    GPtrArray *later = g_ptr_array_new();
    g_autoptr(GHashTable) props = NULL;
    g_autoptr(GHashTable) full = NULL;
    g_autoptr(GHashTable) groups = NULL;
    const virCPUModelFeatures *model;
    size_t i;
    size_t j;

    if (!cpu->model || !(model = virCPUModelTableFind(table, cpu->model)))
        return later;

    props = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; table->props[i]; i++)
        g_hash_table_add(props, table->props[i]);
    full = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; model->full[i]; i++)
        g_hash_table_add(full, model->full[i]);
    groups = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; i < table->ngroups; i++)
        g_hash_table_insert(groups, table->groups[i].name, &table->groups[i]);

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        const virCPUFeatureGroup *group;
        bool carried = true;

        if (!virCPUFeaturePolicyIsEnabled(f->policy))
            continue;
        if ((group = g_hash_table_lookup(groups, f->name))) {
            for (j = 0; group->members[j] && carried; j++)
                carried = g_hash_table_contains(full, group->members[j]);
        } else if (g_hash_table_contains(props, f->name)) {
            carried = g_hash_table_contains(full, f->name);
        }
        if (!carried)
            g_ptr_array_add(later, f->name);
    }
    return later;
}


bool
virCPUBaselineOfflineSupported(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->generations;
}


static bool
virCPUDriverHasGenerations(const virCPUArchDriver *drv)
{
    return drv->generations != NULL;
}


int
virCPUBaselineCheckOfflineArch(const char *arch)
{
    g_autofree char *arches = NULL;

    if (virCPUBaselineOfflineSupported(arch))
        return 0;

    arches = virCPUFormatArchesWith(virCPUDriverHasGenerations);
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                   _("an offline CPU baseline is implemented for %s only, not for '%s'"),
                   arches, NULLSTR(arch));
    return -1;
}


char **
virCPUBaselineReleaseOrder(const char *arch,
                           char * const *names)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);
    GPtrArray *list = g_ptr_array_new();
    const virCPUModelGeneration *gen;

    for (gen = drv ? drv->generations : NULL; gen && gen->name; gen++) {
        if (names && g_strv_contains((const char * const *)names, gen->name))
            g_ptr_array_add(list, g_strdup(gen->name));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}


void
virCPUBaselineLimitsFree(virCPUBaselineLimits *limits)
{
    size_t i;

    if (!limits)
        return;
    for (i = 0; i < limits->nhosts; i++)
        g_strfreev(limits->hosts[i].features);
    g_free(limits->hosts);
    g_free(limits);
}

/* ---- The compiled table ------------------------------------------------ */

/* One CPU definition of QEMU's release-order list that @table has. */
typedef struct {
    const virCPUModelGeneration *gen;
    const virCPUModelFeatures *model;
    virCPUBits *base;
    virCPUBits *defaults;
    virCPUBits *full;
} virCPUBaselineDef;

typedef struct {
    const virCPUModelTable *table;
    size_t nprops;
    const char **props;             /* bit -> name (borrowed) */
    GHashTable *index;              /* name -> bit + 1 */
    size_t words;
    size_t ndefs;
    virCPUBaselineDef *defs;        /* release order */
    GHashTable *byName;             /* model name -> def + 1 */
    virCPUBits *ignored;
    virCPUBits *bits;               /* storage of all bitmaps */
    GHashTable *groupIndex;         /* group name -> group + 1 */
    virCPUBits *groupBits;          /* ngroups bitmaps of members */
} virCPUBaselineCtx;

static void
virCPUBaselineCtxFree(virCPUBaselineCtx *ctx)
{
    if (!ctx)
        return;
    g_free(ctx->props);
    g_clear_pointer(&ctx->index, g_hash_table_unref);
    g_clear_pointer(&ctx->byName, g_hash_table_unref);
    g_clear_pointer(&ctx->groupIndex, g_hash_table_unref);
    g_free(ctx->groupBits);
    g_free(ctx->defs);
    g_free(ctx->bits);
    g_free(ctx);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUBaselineCtx, virCPUBaselineCtxFree);


static void
virCPUBaselineCtxAddProp(virCPUBaselineCtx *ctx,
                         GPtrArray *props,
                         const char *name)
{
    if (g_hash_table_contains(ctx->index, name))
        return;
    g_ptr_array_add(props, (gpointer)name);
    g_hash_table_insert(ctx->index, (gpointer)name,
                        GSIZE_TO_POINTER(props->len));
}


static void
virCPUBaselineSetBits(const virCPUBaselineCtx *ctx,
                      char * const *names,
                      virCPUBits *bits)
{
    size_t i;

    for (i = 0; names && names[i]; i++) {
        size_t bit = GPOINTER_TO_SIZE(g_hash_table_lookup(ctx->index, names[i])) - 1;

        bits[bit / 64] |= G_GUINT64_CONSTANT(1) << (bit % 64);
    }
}


static inline bool
virCPUBitsTest(const virCPUBits *bits,
               size_t bit)
{
    return (bits[bit / 64] >> (bit % 64)) & 1;
}


static virCPUBaselineCtx *
virCPUBaselineCtxNew(const virCPUModelTable *table)
{
    g_autoptr(virCPUBaselineCtx) ctx = g_new0(virCPUBaselineCtx, 1);
    const virCPUArchDriver *drv = virCPUGetDriver(table->arch);
    g_autoptr(GPtrArray) props = g_ptr_array_new();
    const virCPUModelGeneration *gen;
    size_t nbitmaps;
    size_t next = 0;
    size_t i;

    if (virCPUBaselineCheckOfflineArch(table->arch) < 0)
        return NULL;

    ctx->table = table;
    ctx->index = g_hash_table_new(g_str_hash, g_str_equal);
    ctx->byName = g_hash_table_new(g_str_hash, g_str_equal);

    for (i = 0; table->props[i]; i++)
        virCPUBaselineCtxAddProp(ctx, props, table->props[i]);
    for (i = 0; i < table->nmodels; i++) {
        const virCPUModelFeatures *m = &table->models[i];
        char * const *lists[] = { m->base, m->defaults, m->full };
        size_t l;
        size_t j;

        for (l = 0; l < G_N_ELEMENTS(lists); l++) {
            for (j = 0; lists[l][j]; j++)
                virCPUBaselineCtxAddProp(ctx, props, lists[l][j]);
        }
    }
    for (i = 0; drv->baselineIgnoredBase[i]; i++)
        virCPUBaselineCtxAddProp(ctx, props, drv->baselineIgnoredBase[i]);
    for (i = 0; i < table->ngroups; i++) {
        size_t j;

        for (j = 0; table->groups[i].members[j]; j++)
            virCPUBaselineCtxAddProp(ctx, props, table->groups[i].members[j]);
    }

    ctx->nprops = props->len;
    ctx->words = MAX(1, (ctx->nprops + 63) / 64);
    ctx->props = g_new0(const char *, ctx->nprops);
    for (i = 0; i < ctx->nprops; i++)
        ctx->props[i] = g_ptr_array_index(props, i);

    for (gen = drv->generations; gen->name; gen++) {
        if (virCPUModelTableFind(table, gen->name))
            ctx->ndefs++;
    }
    nbitmaps = 1 + 3 * ctx->ndefs;
    ctx->bits = g_new0(virCPUBits, nbitmaps * ctx->words);
    ctx->ignored = ctx->bits;
    virCPUBaselineSetBits(ctx, (char * const *)drv->baselineIgnoredBase, ctx->ignored);

    ctx->groupIndex = g_hash_table_new(g_str_hash, g_str_equal);
    ctx->groupBits = g_new0(virCPUBits, MAX(1, table->ngroups) * ctx->words);
    for (i = 0; i < table->ngroups; i++) {
        g_hash_table_insert(ctx->groupIndex, table->groups[i].name,
                            GSIZE_TO_POINTER(i + 1));
        virCPUBaselineSetBits(ctx, table->groups[i].members,
                              ctx->groupBits + i * ctx->words);
    }

    ctx->defs = g_new0(virCPUBaselineDef, ctx->ndefs);
    for (gen = drv->generations; gen->name; gen++) {
        const virCPUModelFeatures *m = virCPUModelTableFind(table, gen->name);
        virCPUBaselineDef *def;

        if (!m)
            continue;
        def = &ctx->defs[next];
        def->gen = gen;
        def->model = m;
        def->base = ctx->bits + (1 + 3 * next) * ctx->words;
        def->defaults = def->base + ctx->words;
        def->full = def->defaults + ctx->words;
        virCPUBaselineSetBits(ctx, m->base, def->base);
        virCPUBaselineSetBits(ctx, m->defaults, def->defaults);
        virCPUBaselineSetBits(ctx, m->full, def->full);
        g_hash_table_insert(ctx->byName, (gpointer)m->name,
                            GSIZE_TO_POINTER(next + 1));
        next++;
    }

    return g_steal_pointer(&ctx);
}

/* ---- The rule ---------------------------------------------------------- */

/* One side of a pair: a CPU definition and its features. */
typedef struct {
    const virCPUBaselineDef *def;
    virCPUBits *bits;
} virCPUBaselineCPU;


static const char *
virCPUBaselineHostName(const char *const *names,
                       size_t i,
                       char **buf)
{
    if (names && names[i])
        return names[i];
    *buf = g_strdup_printf(_("CPU %zu"), i + 1);
    return *buf;
}


/* The features of host @i as QEMU builds them from its model and props,
 * into @bits. */
static int
virCPUBaselineHostBits(const virCPUBaselineCtx *ctx,
                       const virCPUDef *cpu,
                       const char *name,
                       virCPUBaselineCPU *host)
{
    const virCPUModelTable *table = ctx->table;
    const char *emulator = table->emulator ? table->emulator : "QEMU";
    const virCPUModelFeatures *m;
    size_t def;
    size_t len;
    size_t i;

    if (!cpu->model) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("%s has no CPU model, which an offline baseline needs"),
                       name);
        return -1;
    }
    if (!(m = virCPUModelTableFind(table, cpu->model))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("CPU model '%s' of %s is unknown to %s"),
                       cpu->model, name, emulator);
        return -1;
    }
    if (!(def = GPOINTER_TO_SIZE(g_hash_table_lookup(ctx->byName, m->name)))) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("CPU model '%s' of %s is newer than the CPU generations hostrec knows; use --live to let %s compute the baseline"),
                       cpu->model, name, emulator);
        return -1;
    }
    host->def = &ctx->defs[def - 1];

    len = strlen(cpu->model);
    if (len > 5 && STREQ(cpu->model + len - 5, "-base"))
        memcpy(host->bits, host->def->base, ctx->words * sizeof(virCPUBits));
    else
        memcpy(host->bits, host->def->defaults, ctx->words * sizeof(virCPUBits));

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        size_t bit = GPOINTER_TO_SIZE(g_hash_table_lookup(ctx->index, f->name));
        size_t group = GPOINTER_TO_SIZE(g_hash_table_lookup(ctx->groupIndex, f->name));
        virCPUBits one[1] = { 0 };
        const virCPUBits *mask;
        size_t w;

        if (f->policy == VIR_CPU_FEATURE_OPTIONAL)
            continue;
        if (group) {
            mask = ctx->groupBits + (group - 1) * ctx->words;
        } else if (bit) {
            bit--;
            mask = NULL;
            one[0] = G_GUINT64_CONSTANT(1) << (bit % 64);
        } else {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("CPU feature '%s' of %s is unknown to %s"),
                           f->name, name, emulator);
            return -1;
        }
        switch (f->policy) {
        case VIR_CPU_FEATURE_FORCE:
        case VIR_CPU_FEATURE_REQUIRE:
            for (w = 0; w < ctx->words; w++) {
                virCPUBits want = mask ? mask[w] : (w == bit / 64 ? one[0] : 0);

                if (want & ~host->def->full[w]) {
                    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                                   _("CPU feature '%s' of %s is not available for CPU model '%s' in %s: it was introduced with later models"),
                                   f->name, name, host->def->model->name, emulator);
                    return -1;
                }
            }
            for (w = 0; w < ctx->words; w++)
                host->bits[w] |= mask ? mask[w] : (w == bit / 64 ? one[0] : 0);
            break;
        case VIR_CPU_FEATURE_DISABLE:
        case VIR_CPU_FEATURE_FORBID:
            for (w = 0; w < ctx->words; w++)
                host->bits[w] &= ~(mask ? mask[w] : (w == bit / 64 ? one[0] : 0));
            break;
        case VIR_CPU_FEATURE_OPTIONAL:
        case VIR_CPU_FEATURE_LAST:
        default:
            break;
        }
    }
    return 0;
}


/* QEMU's search: the newest definition not newer than (@type, @gen, @ga)
 * whose base features @bits holds, preferring one of CPU type @type.
 * @type 0 means "no type". */
static const virCPUBaselineDef *
virCPUBaselineFindDef(const virCPUBaselineCtx *ctx,
                      unsigned int type,
                      unsigned int gen,
                      unsigned int ga,
                      const virCPUBits *bits)
{
    const virCPUBaselineDef *lastCompatible = NULL;
    const virCPUBaselineDef *sameType = NULL;
    size_t i;
    size_t w;

    for (i = 0; i < ctx->ndefs; i++) {
        const virCPUBaselineDef *def = &ctx->defs[i];
        bool missing = false;

        if (def->gen->gen > gen)
            break;
        if (def->gen->gen == gen && ga && def->gen->ga > ga)
            break;

        for (w = 0; w < ctx->words; w++) {
            if (def->base[w] & ~bits[w] & ~ctx->ignored[w]) {
                missing = true;
                break;
            }
        }
        if (missing)
            break;

        if (def->gen->type == type && def->gen->ga == ga)
            return def;
        if (def->gen->type == type)
            sameType = def;
        lastCompatible = def;
    }
    return sameType ? sameType : lastCompatible;
}


/* One query-cpu-model-baseline: @acc becomes the baseline of @acc and
 * @other. */
static int
virCPUBaselinePair(const virCPUBaselineCtx *ctx,
                   virCPUBaselineCPU *acc,
                   const virCPUBaselineCPU *other,
                   const char *name)
{
    const virCPUModelGeneration *a = acc->def->gen;
    const virCPUModelGeneration *b = other->def->gen;
    const virCPUBaselineDef *def;
    unsigned int type;
    unsigned int gen;
    unsigned int ga;
    size_t w;

    for (w = 0; w < ctx->words; w++)
        acc->bits[w] &= other->bits[w];

    if (a->gen == b->gen) {
        type = a->type == b->type ? a->type : 0;
        gen = a->gen;
        ga = MIN(a->ga, b->ga);
    } else if (a->gen > b->gen) {
        type = b->type;
        gen = b->gen;
        ga = b->ga;
    } else {
        type = a->type;
        gen = a->gen;
        ga = a->ga;
    }

    if (!(def = virCPUBaselineFindDef(ctx, type, gen, ga, acc->bits))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("no CPU model of %s fits the features common to %s and the CPUs before it: base features every model needs are disabled"),
                       ctx->table->emulator ? ctx->table->emulator : "QEMU",
                       name);
        return -1;
    }
    for (w = 0; w < ctx->words; w++)
        acc->bits[w] &= def->full[w];
    acc->def = def;
    return 0;
}


/* Append the features of @set to @cpu with @policy as QEMU names them:
 * each group whose members are all in @set by its name, the rest one by
 * one in prop order. */
static void
virCPUBaselineFormatSet(const virCPUBaselineCtx *ctx,
                        const virCPUBits *set,
                        virCPUFeaturePolicy policy,
                        virCPUDef *cpu)
{
    g_autofree virCPUBits *left = g_new0(virCPUBits, ctx->words);
    size_t bit;
    size_t i;
    size_t w;

    memcpy(left, set, ctx->words * sizeof(virCPUBits));
    for (i = 0; i < ctx->table->ngroups; i++) {
        const virCPUBits *g = ctx->groupBits + i * ctx->words;
        bool all = true;

        for (w = 0; w < ctx->words && all; w++)
            all = (g[w] & ~left[w]) == 0;
        if (!all)
            continue;
        for (w = 0; w < ctx->words; w++)
            left[w] &= ~g[w];
        virCPUDefAddFeature(cpu, ctx->table->groups[i].name, policy);
    }
    for (bit = 0; bit < ctx->nprops; bit++) {
        if (virCPUBitsTest(left, bit))
            virCPUDefAddFeature(cpu, ctx->props[bit], policy);
    }
}


static virCPUDef *
virCPUBaselineFormat(const virCPUBaselineCtx *ctx,
                     const virCPUBaselineCPU *acc,
                     unsigned int flags)
{
    g_autoptr(virCPUDef) cpu = virCPUDefNew();
    g_autofree virCPUBits *on = g_new0(virCPUBits, ctx->words);
    g_autofree virCPUBits *off = g_new0(virCPUBits, ctx->words);
    size_t w;

    cpu->model = g_strdup_printf("%s-base", acc->def->model->name);

    for (w = 0; w < ctx->words; w++) {
        if (flags & VIR_CPU_BASELINE_EXPAND_FEATURES) {
            on[w] = acc->bits[w];
            off[w] = ~acc->bits[w];
        } else {
            on[w] = acc->bits[w] & ~acc->def->base[w];
            off[w] = acc->def->base[w] & ~acc->bits[w];
        }
    }
    /* bits beyond the last prop are never set */
    if (ctx->nprops % 64)
        off[ctx->words - 1] &= (G_GUINT64_CONSTANT(1) << (ctx->nprops % 64)) - 1;
    else if (ctx->nprops == 0)
        off[0] = 0;

    if (flags & VIR_CPU_BASELINE_WITH_DISABLED)
        virCPUBaselineFormatSet(ctx, off, VIR_CPU_FEATURE_DISABLE, cpu);
    virCPUBaselineFormatSet(ctx, on, VIR_CPU_FEATURE_REQUIRE, cpu);
    if (flags & VIR_CPU_BASELINE_EXPAND_FEATURES)
        virCPUDefSortFeatures(cpu);
    return g_steal_pointer(&cpu);
}


/* Which host limits the fleet @hostBits (@n bitmaps of ctx->words) by
 * what. */
static virCPUBaselineLimits *
virCPUBaselineGetLimits(const virCPUBaselineCtx *ctx,
                        const virCPUBaselineCPU *hosts,
                        size_t n)
{
    g_autoptr(virCPUBaselineLimits) limits = g_new0(virCPUBaselineLimits, 1);
    g_autofree virCPUBits *suffix = g_new0(virCPUBits, (n + 1) * ctx->words);
    g_autofree virCPUBits *prefix = g_new0(virCPUBits, ctx->words);
    unsigned int minGen = G_MAXUINT;
    unsigned int minGA = G_MAXUINT;
    size_t i;
    size_t w;

    limits->nhosts = n;
    limits->hosts = g_new0(virCPUBaselineLimit, n);

    /* suffix[i] = hosts i..n-1 together; suffix[n] = everything */
    for (w = 0; w < ctx->words; w++) {
        suffix[n * ctx->words + w] = ~(virCPUBits)0;
        prefix[w] = ~(virCPUBits)0;
    }
    for (i = n; i-- > 0;) {
        for (w = 0; w < ctx->words; w++)
            suffix[i * ctx->words + w] = suffix[(i + 1) * ctx->words + w] & hosts[i].bits[w];
    }

    for (i = 0; i < n; i++) {
        const virCPUModelGeneration *g = hosts[i].def->gen;

        if (g->gen < minGen || (g->gen == minGen && g->ga < minGA)) {
            minGen = g->gen;
            minGA = g->ga;
        }
    }

    for (i = 0; i < n; i++) {
        g_autoptr(GPtrArray) lacks = g_ptr_array_new_with_free_func(g_free);
        const virCPUModelGeneration *g = hosts[i].def->gen;
        size_t bit;

        limits->hosts[i].model = g->gen == minGen && g->ga == minGA;
        if (n > 1) {
            for (bit = 0; bit < ctx->nprops; bit++) {
                size_t wi = bit / 64;
                virCPUBits others = prefix[wi] & suffix[(i + 1) * ctx->words + wi];

                if ((others & ~hosts[i].bits[wi]) >> (bit % 64) & 1)
                    g_ptr_array_add(lacks, g_strdup(ctx->props[bit]));
            }
        }
        g_ptr_array_add(lacks, NULL);
        limits->hosts[i].features = (char **)g_ptr_array_free(g_steal_pointer(&lacks), FALSE);

        for (w = 0; w < ctx->words; w++)
            prefix[w] &= hosts[i].bits[w];
    }
    return g_steal_pointer(&limits);
}


static const virCPUDef *
virCPUBaselineArrayHost(size_t i,
                        void *opaque)
{
    virCPUDef *const *hosts = opaque;

    return hosts[i];
}


int
virCPUBaselineOffline(const virCPUModelTable *models,
                      virCPUDef *const *hosts,
                      const char *const *names,
                      size_t nhosts,
                      unsigned int flags,
                      virCPUDef **result,
                      virCPUBaselineLimits **limits)
{
    return virCPUBaselineOfflineEach(models, virCPUBaselineArrayHost, (void *)hosts,
                                     names, nhosts, flags, result, limits);
}


int
virCPUBaselineOfflineEach(const virCPUModelTable *models,
                          virCPUBaselineHostFunc host,
                          void *opaque,
                          const char *const *names,
                          size_t nhosts,
                          unsigned int flags,
                          virCPUDef **result,
                          virCPUBaselineLimits **limits)
{
    g_autoptr(virCPUBaselineCtx) ctx = NULL;
    g_autofree virCPUBaselineCPU *cpus = NULL;
    g_autofree virCPUBits *bits = NULL;
    g_autofree virCPUBits *accBits = NULL;
    virCPUBaselineCPU acc;
    size_t i;

    if (nhosts == 0) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("a baseline needs at least one CPU definition"));
        return -1;
    }
    if (!(ctx = virCPUBaselineCtxNew(models)))
        return -1;

    cpus = g_new0(virCPUBaselineCPU, nhosts);
    bits = g_new0(virCPUBits, nhosts * ctx->words);
    for (i = 0; i < nhosts; i++) {
        g_autofree char *buf = NULL;
        const char *name = virCPUBaselineHostName(names, i, &buf);
        const virCPUDef *cpu;

        cpus[i].bits = bits + i * ctx->words;
        if (!(cpu = host(i, opaque)) ||
            virCPUBaselineHostBits(ctx, cpu, name, &cpus[i]) < 0)
            return -1;
    }

    accBits = g_new0(virCPUBits, ctx->words);
    memcpy(accBits, cpus[0].bits, ctx->words * sizeof(virCPUBits));
    acc.def = cpus[0].def;
    acc.bits = accBits;
    /* a single CPU is baselined with itself */
    for (i = (nhosts == 1 ? 0 : 1); i < nhosts; i++) {
        g_autofree char *buf = NULL;

        if (virCPUBaselinePair(ctx, &acc, &cpus[i],
                               virCPUBaselineHostName(names, i, &buf)) < 0)
            return -1;
    }

    if (limits)
        *limits = virCPUBaselineGetLimits(ctx, cpus, nhosts);
    *result = virCPUBaselineFormat(ctx, &acc, flags);
    return 0;
}
