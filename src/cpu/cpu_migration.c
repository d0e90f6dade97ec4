/*
 * cpu_migration.c: would a guest started on one host run on another
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "cpu_migration.h"
#include "cpu_policy.h"
#include "virerror.h"
#include "virjson.h"

VIR_ENUM_IMPL(virCPUMigrationAspect, VIR_CPU_MIGRATION_ASPECT_LAST,
              "machine-type",
              "cpu-model",
              "cpu-model-features",
              "cpu-feature-names",
              "cpu-host-features",
              "devices",
              "firmware",
              "memory",
);

VIR_ENUM_IMPL(virCPUMigrationBlockerKind, VIR_CPU_MIGRATION_BLOCKER_LAST,
              "machine-unknown",
              "cpu-model-unknown",
              "cpu-generation",
              "feature-newer-than-model",
              "feature-unavailable",
              "feature-unknown",
              "feature-missing",
              "feature-off",
              "feature-forbidden",
);


void
virCPUMigrationHostClear(virCPUMigrationHost *host)
{
    if (!host)
        return;
    g_clear_pointer(&host->props, g_hash_table_unref);
    g_clear_pointer(&host->models, g_hash_table_unref);
    g_clear_pointer(&host->machines, g_hash_table_unref);
}


void
virCPUMigrationResultFree(virCPUMigrationResult *res)
{
    size_t i;

    if (!res)
        return;
    for (i = 0; i < res->nblockers; i++)
        g_free(res->blockers[i].name);
    g_free(res->blockers);
    g_free(res->sourceVersion);
    g_free(res->destinationVersion);
    g_free(res->model);
    g_free(res->machineRequested);
    g_free(res->machine);
    g_free(res);
}


bool
virCPUMigrationBlockerIsDeprecatedOnly(virCPUMigrationBlockerKind kind,
                                       virTristateBool deprecatedSource,
                                       virTristateBool deprecatedDestination)
{
    switch (kind) {
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_NEWER:
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE:
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN:
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING:
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF:
        return deprecatedSource == VIR_TRISTATE_BOOL_YES ||
               deprecatedDestination == VIR_TRISTATE_BOOL_YES;
    case VIR_CPU_MIGRATION_BLOCKER_FEATURE_FORBIDDEN:
        /* turning deprecated features off does not turn this one on */
    case VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN:
    case VIR_CPU_MIGRATION_BLOCKER_MODEL_UNKNOWN:
    case VIR_CPU_MIGRATION_BLOCKER_MODEL_GENERATION:
    case VIR_CPU_MIGRATION_BLOCKER_LAST:
    default:
        break;
    }
    return false;
}


/* ---- the decision ------------------------------------------------------ */

/* State of one check: the result being built, and the names that already
 * block (a feature blocks once, with the first reason found). */
typedef struct _virCPUMigrationState virCPUMigrationState;
struct _virCPUMigrationState {
    virCPUMigrationResult *res;
    GHashTable *blocked;              /* set of feature/model names */
    GHashTable *deprSource;           /* source's deprecated set; NULL: not said */
    GHashTable *deprDestination;
};


static GHashTable *
virCPUMigrationNameSet(char * const *list)
{
    GHashTable *set;
    size_t i;

    if (!list)
        return NULL;
    set = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; list[i]; i++)
        g_hash_table_add(set, list[i]);
    return set;
}


static virTristateBool
virCPUMigrationInSet(GHashTable *set,
                     const char *name)
{
    if (!set)
        return VIR_TRISTATE_BOOL_ABSENT;
    return g_hash_table_contains(set, name) ? VIR_TRISTATE_BOOL_YES : VIR_TRISTATE_BOOL_NO;
}


static void
virCPUMigrationAddBlocker(virCPUMigrationState *st,
                          virCPUMigrationBlockerKind kind,
                          const char *name)
{
    virCPUMigrationResult *res = st->res;
    virCPUMigrationBlocker *b;
    bool isMachine = kind == VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN;

    if (!isMachine) {
        if (g_hash_table_contains(st->blocked, name))
            return;
        g_hash_table_add(st->blocked, g_strdup(name));
    }

    res->blockers = g_renew(virCPUMigrationBlocker, res->blockers, res->nblockers + 1);
    b = &res->blockers[res->nblockers++];
    b->kind = kind;
    b->name = g_strdup(name);
    b->deprecatedSource = VIR_TRISTATE_BOOL_ABSENT;
    b->deprecatedDestination = VIR_TRISTATE_BOOL_ABSENT;
    if (!isMachine) {
        b->deprecatedSource = virCPUMigrationInSet(st->deprSource, name);
        b->deprecatedDestination = virCPUMigrationInSet(st->deprDestination, name);
    }
}


/* A guest that cannot start on the source has nothing to migrate. */
static int
virCPUMigrationCheckSource(const virCPUMigrationGuest *guest,
                           const virCPUMigrationHost *src)
{
    g_autoptr(GPtrArray) missing = NULL;
    g_autofree char *list = NULL;
    char **blockers = NULL;
    unsigned int nmissing;

    if (src->models)
        blockers = g_hash_table_lookup(src->models, guest->cpu->model);

    missing = virCPUGetMissingBlockers(guest->cpu, blockers);
    if (missing->len == 0)
        return 0;

    nmissing = missing->len;
    if (nmissing > 5)
        g_ptr_array_set_size(missing, 5);
    g_ptr_array_add(missing, NULL);
    list = g_strjoinv("', '", (char **)missing->pdata);
    virReportError(VIR_ERR_CPU_INCOMPATIBLE,
                   _("the guest cannot start on the source '%s': QEMU cannot provide CPU model '%s' there without %u features ('%s'%s)"),
                   src->name, guest->cpu->model, nmissing, list,
                   nmissing > 5 ? ", ..." : "");
    return -1;
}


/* machine-type: the machine the guest runs with on the source exists on
 * the destination under that name.  An alias does not do: on the
 * destination it may stand for another machine. */
static void
virCPUMigrationCheckMachine(virCPUMigrationState *st,
                            const virCPUMigrationGuest *guest,
                            const virCPUMigrationHost *dst)
{
    if (!guest->machine || !dst->machines)
        return;
    st->res->checked[VIR_CPU_MIGRATION_ASPECT_MACHINE] = true;

    if (!g_hash_table_contains(dst->machines, guest->machine))
        virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_MACHINE_UNKNOWN,
                                  guest->machine);
}


/* cpu-model: the destination's QEMU defines the base model, and provides
 * it with every feature the guest does not turn off. */
static void
virCPUMigrationCheckModel(virCPUMigrationState *st,
                          const virCPUMigrationGuest *guest,
                          const virCPUMigrationHost *dst)
{
    const char *model = guest->cpu->model;
    g_autoptr(GPtrArray) missing = NULL;
    char **blockers = NULL;
    size_t i;

    if (!dst->models)
        return;
    st->res->checked[VIR_CPU_MIGRATION_ASPECT_MODEL] = true;

    if (!g_hash_table_lookup_extended(dst->models, model, NULL, (gpointer *)&blockers)) {
        virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_MODEL_UNKNOWN, model);
        return;
    }

    missing = virCPUGetMissingBlockers(guest->cpu, blockers);
    for (i = 0; i < missing->len; i++) {
        const char *name = g_ptr_array_index(missing, i);

        /* QEMU's pseudo-feature "type" is the model's generation itself */
        virCPUMigrationAddBlocker(st,
                                  STREQ(name, "type") ?
                                  VIR_CPU_MIGRATION_BLOCKER_MODEL_GENERATION :
                                  VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNAVAILABLE,
                                  name);
    }
}


/* cpu-model-features: QEMU refuses a model with a feature of a later
 * generation, by its per-model feature sets. */
static void
virCPUMigrationCheckModelFeatures(virCPUMigrationState *st,
                                  const virCPUMigrationGuest *guest,
                                  const virCPUMigrationHost *dst)
{
    g_autoptr(GPtrArray) later = NULL;
    size_t i;

    if (!dst->modelTable ||
        !virCPUModelTableFind(dst->modelTable, guest->cpu->model))
        return;
    st->res->checked[VIR_CPU_MIGRATION_ASPECT_MODEL_FEATURES] = true;

    later = virCPUModelTableGetLaterFeatures(dst->modelTable, guest->cpu);
    for (i = 0; i < later->len; i++)
        virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_FEATURE_NEWER,
                                  g_ptr_array_index(later, i));
}


/* cpu-feature-names: QEMU refuses -cpu with a property it does not know,
 * whether it is set on or off; every feature the guest CPU names must be
 * known to the destination's QEMU. */
static void
virCPUMigrationCheckFeatureNames(virCPUMigrationState *st,
                                 const virCPUMigrationGuest *guest,
                                 const virCPUMigrationHost *dst)
{
    size_t i;

    if (!dst->props)
        return;
    st->res->checked[VIR_CPU_MIGRATION_ASPECT_FEATURE_NAMES] = true;

    for (i = 0; i < guest->cpu->nfeatures; i++) {
        const char *name = guest->cpu->features[i].name;

        if (!virCPUPropIsKnown(dst->props, name))
            virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_FEATURE_UNKNOWN, name);
    }
}


/* cpu-host-features: every feature the guest enables is on in the
 * destination's host CPU, from its full expansion when recorded.  A static
 * expansion lists only what differs from the base model: a feature it does
 * not name is the base model's, which the cpu-model check covers. */
static void
virCPUMigrationCheckHostFeatures(virCPUMigrationState *st,
                                 const virCPUMigrationGuest *guest,
                                 const virCPUMigrationHost *dst)
{
    const virCPUHostModel *host = dst->hostCPU;
    g_autoptr(GHashTable) props = NULL;
    g_autoptr(GPtrArray) forbidden = NULL;
    const virCPUProp *list;
    size_t nlist;
    size_t i;

    if (!host)
        return;
    st->res->checked[VIR_CPU_MIGRATION_ASPECT_HOST_FEATURES] = true;

    list = host->nfullProps ? host->fullProps : host->props;
    nlist = host->nfullProps ? host->nfullProps : host->nprops;
    props = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; i < nlist; i++)
        g_hash_table_insert(props, list[i].name, (gpointer)&list[i]);

    for (i = 0; i < guest->cpu->nfeatures; i++) {
        const virCPUFeatureDef *feat = &guest->cpu->features[i];
        const virCPUProp *prop;

        if (!virCPUFeaturePolicyIsEnabled(feat->policy))
            continue;
        if ((prop = g_hash_table_lookup(props, feat->name))) {
            if (!prop->enabled)
                virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_FEATURE_OFF,
                                          feat->name);
        } else if (host->nfullProps) {
            virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_FEATURE_MISSING,
                                      feat->name);
        }
    }

    forbidden = virCPUGetForbiddenPresent(guest->cpu,
                                          virCPUGetEffectiveCheck(guest->cpu->check,
                                                                  guest->mode,
                                                                  guest->virtType),
                                          host);
    for (i = 0; i < forbidden->len; i++)
        virCPUMigrationAddBlocker(st, VIR_CPU_MIGRATION_BLOCKER_FEATURE_FORBIDDEN,
                                  g_ptr_array_index(forbidden, i));
}


int
virCPUMigrationCheck(const virCPUMigrationGuest *guest,
                     const virCPUMigrationHost *src,
                     const virCPUMigrationHost *dst,
                     virCPUMigrationResult **result)
{
    g_autoptr(virCPUMigrationResult) res = g_new0(virCPUMigrationResult, 1);
    g_autoptr(GHashTable) blocked = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                          g_free, NULL);
    g_autoptr(GHashTable) deprSource = NULL;
    g_autoptr(GHashTable) deprDestination = NULL;
    virCPUMigrationState st = { .res = res, .blocked = blocked };
    const virCPUDef *cpu = guest->cpu;
    size_t i;

    if (!cpu || !cpu->model) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("the guest CPU must be expanded before a migration check"));
        return -1;
    }

    if (virCPUMigrationCheckSource(guest, src) < 0)
        return -1;

    if (src->hostCPU)
        deprSource = virCPUMigrationNameSet(virCPUHostModelGetDeprecated(src->hostCPU));
    if (dst->hostCPU)
        deprDestination = virCPUMigrationNameSet(virCPUHostModelGetDeprecated(dst->hostCPU));
    st.deprSource = deprSource;
    st.deprDestination = deprDestination;

    res->sourceVersion = g_strdup(src->qemuVersion);
    res->destinationVersion = g_strdup(dst->qemuVersion);
    res->virtType = guest->virtType;
    res->mode = guest->mode;
    res->model = g_strdup(cpu->model);
    res->machineRequested = g_strdup(guest->machineRequested);
    res->machine = g_strdup(guest->machine);
    for (i = 0; i < cpu->nfeatures; i++) {
        if (virCPUFeaturePolicyIsEnabled(cpu->features[i].policy))
            res->nenabled++;
    }

    virCPUMigrationCheckMachine(&st, guest, dst);
    virCPUMigrationCheckModel(&st, guest, dst);
    virCPUMigrationCheckModelFeatures(&st, guest, dst);
    virCPUMigrationCheckFeatureNames(&st, guest, dst);
    virCPUMigrationCheckHostFeatures(&st, guest, dst);

    *result = g_steal_pointer(&res);
    return 0;
}


/* ---- JSON ---------------------------------------------------------------- */

static json_object *
virCPUMigrationJSONTristate(virTristateBool value)
{
    switch (value) {
    case VIR_TRISTATE_BOOL_YES:
        return json_object_new_boolean(1);
    case VIR_TRISTATE_BOOL_NO:
        return json_object_new_boolean(0);
    case VIR_TRISTATE_BOOL_ABSENT:
    case VIR_TRISTATE_BOOL_LAST:
    default:
        break;
    }
    return NULL;                /* JSON null: that QEMU did not say */
}


json_object *
virCPUMigrationBlockerFormatJSON(const virCPUMigrationBlocker *b)
{
    json_object *obj = json_object_new_object();
    json_object *depr = json_object_new_object();

    json_object_object_add(obj, "kind",
                           json_object_new_string(virCPUMigrationBlockerKindTypeToString(b->kind)));
    json_object_object_add(obj, "name", virJSONNewString(b->name));
    json_object_object_add(depr, "source", virCPUMigrationJSONTristate(b->deprecatedSource));
    json_object_object_add(depr, "destination",
                           virCPUMigrationJSONTristate(b->deprecatedDestination));
    json_object_object_add(obj, "deprecated", depr);
    return obj;
}


char *
virCPUMigrationResultFormatJSON(const virCPUMigrationResult *res)
{
    g_autoptr(json_object) root = json_object_new_object();
    json_object *source = json_object_new_object();
    json_object *destination = json_object_new_object();
    json_object *checked = json_object_new_array();
    json_object *notChecked = json_object_new_array();
    json_object *blockers = json_object_new_array();
    size_t i;

    json_object_object_add(root, "version",
                           json_object_new_int(VIR_CPU_MIGRATION_JSON_VERSION));
    json_object_object_add(root, "verdict",
                           json_object_new_string(res->nblockers ? "blocked" : "can-migrate"));

    json_object_object_add(source, "qemu", virJSONNewString(res->sourceVersion));
    json_object_object_add(source, "virt-type",
                           json_object_new_string(virDomainVirtTypeToString(res->virtType)));
    json_object_object_add(source, "cpu-mode",
                           json_object_new_string(virCPUModeTypeToString(res->mode)));
    json_object_object_add(source, "cpu-model", virJSONNewString(res->model));
    json_object_object_add(source, "features-enabled",
                           json_object_new_int64((int64_t)res->nenabled));
    json_object_object_add(source, "machine-requested",
                           virJSONNewString(res->machineRequested));
    json_object_object_add(source, "machine", virJSONNewString(res->machine));
    json_object_object_add(root, "source", source);

    json_object_object_add(destination, "qemu",
                           virJSONNewString(res->destinationVersion));
    json_object_object_add(root, "destination", destination);

    for (i = 0; i < VIR_CPU_MIGRATION_ASPECT_LAST; i++) {
        json_object_array_add(res->checked[i] ? checked : notChecked,
                              json_object_new_string(virCPUMigrationAspectTypeToString(i)));
    }
    json_object_object_add(root, "checked", checked);
    json_object_object_add(root, "not-checked", notChecked);

    for (i = 0; i < res->nblockers; i++)
        json_object_array_add(blockers, virCPUMigrationBlockerFormatJSON(&res->blockers[i]));
    json_object_object_add(root, "blockers", blockers);

    return virJSONFormatPretty(root);
}
