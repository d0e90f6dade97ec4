/*
 * qemu_fleet.c: a fleet of hosts and the guests that may move between
 * them, loaded from their files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "qemu_fleet.h"
#include "qemu_capabilities.h"
#include "qemu_migration.h"
#include "cpu.h"
#include "cpu_compare.h"
#include "domain_conf.h"
#include "virerror.h"

VIR_ENUM_IMPL(qemuFleetStage, QEMU_FLEET_STAGE_LAST,
              "guests",
              "hosts",
);


void
qemuFleetFree(qemuFleet *fleet)
{
    size_t i;

    if (!fleet)
        return;
    for (i = 0; i < fleet->nhosts; i++) {
        g_free(fleet->hosts[i].name);
        g_free(fleet->hosts[i].qemuVersion);
        g_free(fleet->hosts[i].model);
        g_free(fleet->hosts[i].props);
    }
    g_free(fleet->hosts);
    for (i = 0; i < fleet->nguests; i++) {
        g_free(fleet->guests[i].name);
        g_free(fleet->guests[i].domain);
        g_free(fleet->guests[i].model);
        g_free(fleet->guests[i].machine);
        g_free(fleet->guests[i].error);
    }
    g_free(fleet->guests);
    g_free(fleet->arch);
    if (fleet->deprecated)
        g_ptr_array_unref(fleet->deprecated);
    if (fleet->deprecatedSet)
        g_hash_table_unref(fleet->deprecatedSet);
    if (fleet->propIds)
        g_hash_table_unref(fleet->propIds);
    if (fleet->propNames)
        g_ptr_array_unref(fleet->propNames);
    virCPUModelTableFree(fleet->modelTable);
    g_free(fleet->modelTableHost);
    virCPUFleetFree(fleet->matrix);
    g_free(fleet);
}


/* The hosts' arch: every host runs the same one. */
static int
qemuFleetCheckArch(qemuFleet *fleet,
                   const virQEMUCaps *caps,
                   const char *path)
{
    if (!caps->arch) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the host '%s' does not say which arch its QEMU runs"), path);
        return -1;
    }
    if (!fleet->arch) {
        fleet->arch = g_strdup(caps->arch);
        return 0;
    }
    if (STRNEQ(fleet->arch, caps->arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the host '%s' runs '%s' guests, the hosts before it '%s' guests"),
                       path, caps->arch, fleet->arch);
        return -1;
    }
    return 0;
}


/* A guest checked without a source: only a custom CPU is the same on
 * every host.  Its machine type is not resolved, so not checked against
 * the hosts; a machine type that allows no CPU model is refused all the
 * same (none of its names is an alias, and a QEMU without it refuses the
 * guest too). */
static int
qemuFleetExpandWithoutSource(const virDomainDef *def,
                             virCPUDef **cpu,
                             virCPUMigrationGuest *guest)
{
    virCPUExpandContext ctx = {
        .arch = def->arch,
        .binary = def->sourceName,
        .machine = def->machine,
    };

    if (!def->cpu || def->cpu->mode != VIR_CPU_MODE_CUSTOM) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the guest '%s' needs the host it runs on (HOST=FILE): only a custom CPU is checked without one"),
                       def->sourceName);
        return -1;
    }
    if (!(*cpu = virCPUExpandGuest(&ctx, def->virtType, def->cpu, NULL, NULL))) {
        virErrorPrefix(_("the guest '%s'"), def->sourceName);
        return -1;
    }
    guest->virtType = def->virtType;
    guest->mode = def->cpu->mode;
    guest->cpu = *cpu;
    guest->machineRequested = def->machine;
    guest->machine = NULL;
    return 0;
}


/* Load guest @row, whose source (when it has one) is @srcCaps, loaded
 * from @srcName and described as @srcHost, and set its row of the
 * matrix. */
static int
qemuFleetSetGuest(qemuFleet *fleet,
                  const qemuDriverConfig *cfg,
                  size_t row,
                  const qemuFleetGuestSpec *spec,
                  const virQEMUCaps *srcCaps,
                  const char *srcName,
                  const virCPUMigrationHost *srcHost)
{
    qemuFleetGuest *out = &fleet->guests[row];
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    virCPUMigrationHost none = { .name = spec->path };
    virCPUMigrationGuest guest = { 0 };
    size_t i;
    int rc;

    if (!(def = virDomainDefParseFile(spec->path)))
        return -1;
    if (def->virtType != fleet->virtType) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the guest '%s' is of virt type '%s', the first guest of '%s'"),
                       spec->path, virDomainVirtTypeToString(def->virtType),
                       virDomainVirtTypeToString(fleet->virtType));
        return -1;
    }

    if (def->arch && fleet->arch && STRNEQ(def->arch, fleet->arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("the guest '%s' runs on '%s', the hosts on '%s'"),
                       spec->path, def->arch, fleet->arch);
        return -1;
    }

    out->name = g_strdup(spec->path);
    out->domain = g_strdup(def->name);
    out->source = spec->source;

    /* A guest that cannot be expanded (or cannot start on its source)
     * is a row with its reason, not the end of the fleet. */
    if (srcCaps) {
        /* the host, as the destination it also is: the same data */
        rc = qemuMigrationExpandGuest(cfg, def, srcCaps, srcName, srcHost->qemuVersion,
                                      &cpu, &guest);
    } else {
        srcHost = &none;
        rc = qemuFleetExpandWithoutSource(def, &cpu, &guest);
    }
    if (rc == 0)
        rc = virCPUFleetSetGuest(fleet->matrix, row, &guest, srcHost);
    if (rc < 0) {
        const char *detail = virGetLastErrorDetail();

        out->error = g_strdup(detail ? detail : virGetLastErrorMessage());
        out->mode = def->cpu ? def->cpu->mode : VIR_CPU_MODE_CUSTOM;
        virResetLastError();
        return virCPUFleetSetGuestNotChecked(fleet->matrix, row);
    }

    out->mode = guest.mode;
    out->model = g_strdup(cpu->model);
    out->machine = g_strdup(guest.machine);
    for (i = 0; i < cpu->nfeatures; i++) {
        if (virCPUFeaturePolicyIsEnabled(cpu->features[i].policy))
            out->nenabled++;
    }
    return 0;
}


/* Keep what the baseline needs of @host: its host-model CPU, and its
 * QEMU's deprecated features in the fleet's union. */
static void
qemuFleetKeepBaselineInput(qemuFleet *fleet,
                           qemuFleetHost *out,
                           const virCPUHostModel *host)
{
    char **deprecated = virCPUHostModelGetDeprecated(host);
    size_t i;

    if (!fleet->propIds) {
        fleet->propIds = g_hash_table_new(g_str_hash, g_str_equal);
        fleet->propNames = g_ptr_array_new_with_free_func(g_free);
    }
    out->nprops = host->nprops;
    out->props = g_new0(guint32, MAX(host->nprops, 1));
    for (i = 0; i < host->nprops; i++) {
        const char *name = host->props[i].name;
        guint32 id = GPOINTER_TO_UINT(g_hash_table_lookup(fleet->propIds, name));

        if (!id) {
            char *copy = g_strdup(name);

            g_ptr_array_add(fleet->propNames, copy);
            id = fleet->propNames->len;
            g_hash_table_insert(fleet->propIds, copy, GUINT_TO_POINTER(id));
        }
        out->props[i] = (id - 1) << 1 | (host->props[i].enabled ? 1 : 0);
    }

    if (!deprecated)
        return;
    if (!fleet->deprecated) {
        fleet->deprecated = g_ptr_array_new_with_free_func(g_free);
        fleet->deprecatedSet = g_hash_table_new(g_str_hash, g_str_equal);
    }
    /* a set beside the ordered list: one lookup per name, not a walk of
     * the list (quadratic in a QEMU's list) */
    for (i = 0; deprecated[i]; i++) {
        char *copy;

        if (g_hash_table_contains(fleet->deprecatedSet, deprecated[i]))
            continue;
        copy = g_strdup(deprecated[i]);
        g_ptr_array_add(fleet->deprecated, copy);
        g_hash_table_add(fleet->deprecatedSet, copy);
    }
}


/* Load host @index, add it as a column, and set the rows of the guests
 * that run on it (@first, then @next). */
static int
qemuFleetAddHost(qemuFleet *fleet,
                 const qemuDriverConfig *cfg,
                 size_t index,
                 const char *path,
                 const qemuFleetGuestSpec *guests,
                 gint64 first,
                 const gint64 *next)
{
    qemuFleetHost *out = &fleet->hosts[index];
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *version = NULL;
    g_auto(virCPUMigrationHost) host = { 0 };
    gint64 g;

    if (qemuMigrationLoadCaps(path, &caps) < 0 ||
        qemuFleetCheckArch(fleet, caps, path) < 0)
        return -1;
    version = virQEMUCapsFormatVersion(caps);
    if (qemuMigrationHostInit(&host, caps, fleet->virtType, true, path, version) < 0)
        return -1;

    virCPUFleetAddHost(fleet->matrix, &host);
    out->name = g_strdup(path);
    out->qemuVersion = g_steal_pointer(&version);
    out->model = g_strdup(host.hostCPU->model);
    qemuFleetKeepBaselineInput(fleet, out, host.hostCPU);
    if (!fleet->modelTable && caps->modelTable) {
        fleet->modelTable = g_steal_pointer(&caps->modelTable);
        fleet->modelTableHost = g_strdup(path);
    }

    for (g = first; g >= 0; g = next[g]) {
        if (qemuFleetSetGuest(fleet, cfg, g, &guests[g], caps, path, &host) < 0)
            return -1;
    }
    return 0;
}


/* The virt type of the guests: that of the first one. */
static int
qemuFleetGuessVirtType(qemuFleet *fleet,
                       const qemuFleetGuestSpec *guests,
                       size_t nguests)
{
    g_autoptr(virDomainDef) def = NULL;

    fleet->virtType = VIR_DOMAIN_VIRT_KVM;
    if (nguests == 0)
        return 0;
    if (!(def = virDomainDefParseFile(guests[0].path)))
        return -1;
    fleet->virtType = def->virtType;
    return 0;
}


int
qemuFleetLoad(const qemuDriverConfig *cfg,
              const char *const *hosts,
              size_t nhosts,
              const qemuFleetGuestSpec *guests,
              size_t nguests,
              qemuFleetProgressFunc progress,
              void *opaque,
              qemuFleet **ret)
{
    g_autoptr(qemuFleet) fleet = g_new0(qemuFleet, 1);
    g_autofree gint64 *first = g_new(gint64, MAX(nhosts, 1));
    g_autofree gint64 *next = g_new(gint64, MAX(nguests, 1));
    g_autofree gint64 *last = g_new(gint64, MAX(nhosts, 1));
    size_t nloose = 0;
    size_t done = 0;
    size_t i;

    fleet->matrix = virCPUFleetNew(nguests);
    fleet->hosts = g_new0(qemuFleetHost, MAX(nhosts, 1));
    fleet->guests = g_new0(qemuFleetGuest, MAX(nguests, 1));
    fleet->nhosts = nhosts;
    fleet->nguests = nguests;

    /* the guests of each host, in their order: each source is loaded
     * once, when its column is */
    for (i = 0; i < nhosts; i++)
        first[i] = last[i] = -1;
    for (i = 0; i < nguests; i++) {
        gint64 s = guests[i].source;

        next[i] = -1;
        if (s >= (gint64)nhosts) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("the guest '%s' names a source that is not a host"),
                           guests[i].path);
            return -1;
        }
        if (s < 0) {
            nloose++;
            continue;
        }
        if (last[s] < 0)
            first[s] = i;
        else
            next[last[s]] = i;
        last[s] = i;
    }

    if (qemuFleetGuessVirtType(fleet, guests, nguests) < 0)
        return -1;

    for (i = 0; i < nguests; i++) {
        if (guests[i].source >= 0)
            continue;
        if (qemuFleetSetGuest(fleet, cfg, i, &guests[i], NULL, NULL, NULL) < 0)
            return -1;
        if (progress)
            progress(QEMU_FLEET_STAGE_GUESTS, ++done, nloose, opaque);
    }

    for (i = 0; i < nhosts; i++) {
        if (qemuFleetAddHost(fleet, cfg, i, hosts[i], guests, first[i], next) < 0)
            return -1;
        if (progress)
            progress(QEMU_FLEET_STAGE_HOSTS, i + 1, nhosts, opaque);
    }

    if (virCPUFleetFinish(fleet->matrix) < 0)
        return -1;
    *ret = g_steal_pointer(&fleet);
    return 0;
}


/* One host's host-model CPU as a baseline input, built when the baseline
 * asks for it (virCPUBaselineHostFunc): 1,000 of them at once would take
 * more memory than the rest of the fleet. */
typedef struct {
    const qemuFleet *fleet;
    virCPUDef *cpu;             /* the last one asked for */
} qemuFleetBaselineInput;


static const virCPUDef *
qemuFleetBaselineHost(size_t i,
                      void *opaque)
{
    qemuFleetBaselineInput *in = opaque;
    const qemuFleetHost *h = &in->fleet->hosts[i];
    size_t p;

    virCPUDefFree(in->cpu);
    in->cpu = virCPUDefNew();
    in->cpu->mode = VIR_CPU_MODE_CUSTOM;
    in->cpu->model = g_strdup(h->model);
    for (p = 0; p < h->nprops; p++)
        virCPUDefAddFeature(in->cpu, g_ptr_array_index(in->fleet->propNames, h->props[p] >> 1),
                            (h->props[p] & 1) ? VIR_CPU_FEATURE_REQUIRE :
                            VIR_CPU_FEATURE_DISABLE);
    return in->cpu;
}


int
qemuFleetBaseline(const qemuFleet *fleet,
                  const virCPUModelTable *table,
                  virCPUDef **hostModel,
                  virCPUDef **hostRecommended,
                  virCPUBaselineLimits **limits)
{
    g_autofree const char **names = g_new0(const char *, MAX(fleet->nhosts, 1));
    qemuFleetBaselineInput in = { .fleet = fleet };
    g_autoptr(virCPUDef) hm = NULL;
    g_autoptr(virCPUDef) hr = NULL;
    g_autoptr(virCPUBaselineLimits) lim = NULL;
    size_t i;
    int rc;

    for (i = 0; i < fleet->nhosts; i++)
        names[i] = fleet->hosts[i].name;
    rc = virCPUBaselineOfflineEach(table, qemuFleetBaselineHost, &in, names,
                                   fleet->nhosts, 0, &hm, &lim);
    virCPUDefFree(in.cpu);
    if (rc < 0)
        return -1;

    if (fleet->deprecated) {
        g_autoptr(GPtrArray) list = g_ptr_array_new();

        for (i = 0; i < fleet->deprecated->len; i++)
            g_ptr_array_add(list, g_ptr_array_index(fleet->deprecated, i));
        g_ptr_array_add(list, NULL);
        hr = virCPUDefCopy(hm);
        virCPUBaselineDisableDeprecated(hr, fleet->arch, (char * const *)list->pdata);
    }

    *hostModel = g_steal_pointer(&hm);
    *hostRecommended = g_steal_pointer(&hr);
    *limits = g_steal_pointer(&lim);
    return 0;
}
