/*
 * cputest.c: guest CPU expansion (src/cpu), from small host CPUs built
 * out of data
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each case describes a host CPU as QEMU would report it (base model,
 * static props, full props, the deprecated lists: NULL = key absent,
 * "" = empty list), a guest <cpu> in a compact form, and the expected
 * expansion rendered one feature per word:
 *
 *   MODE MODEL: name=policy[reason] ...
 *
 * or the expected error (a substring of the message), plus the warnings
 * the expansion must queue.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "cpu.h"
#include "cpu_policy.h"
#include "virerror.h"

typedef struct _cpuTestCase cpuTestCase;
struct _cpuTestCase {
    const char *name;
    const char *arch;
    bool tcg;                   /* virt type 'qemu', else 'kvm' */
    const char *hostModel;      /* NULL: no host CPU at all */
    const char *props;          /* "a b !c": c is false */
    const char *fullProps;
    const char *deprecated;     /* NULL: key absent */
    const char *hostDeprecated;
    const char *models;         /* NULL: QEMU did not list models */
    const char *machine;        /* the guest's machine type; NULL: not known */
    /* guest: "MODE [model=M] [deprecated_features=on|off] name:policy ..." */
    const char *guest;
    const char *expect;         /* rendered expansion, or NULL */
    const char *error;          /* substring of the error, or NULL */
    const char *warning;        /* substring of every warning, or NULL */
    unsigned int nwarnings;     /* how many warnings: 0 means 1 with @warning */
};

static void
cpuTestAddProps(virCPUHostModel *host,
                const char *spec,
                bool full)
{
    g_auto(GStrv) words = g_strsplit(spec ? spec : "", " ", -1);
    size_t i;

    for (i = 0; words[i]; i++) {
        const char *w = words[i];
        bool enabled = true;

        if (!*w)
            continue;
        if (*w == '!') {
            enabled = false;
            w++;
        }
        if (full)
            virCPUHostModelAddFullProp(host, w, enabled);
        else
            virCPUHostModelAddProp(host, w, enabled);
    }
}

static char **
cpuTestList(const char *spec)
{
    g_autoptr(GPtrArray) list = NULL;
    g_auto(GStrv) words = NULL;
    size_t i;

    if (!spec)
        return NULL;

    list = g_ptr_array_new();
    words = g_strsplit(spec, " ", -1);
    for (i = 0; words[i]; i++) {
        if (*words[i])
            g_ptr_array_add(list, g_strdup(words[i]));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&list), FALSE);
}

static virCPUHostModel *
cpuTestHost(const cpuTestCase *tc)
{
    g_autoptr(virCPUHostModel) host = NULL;

    if (!tc->hostModel)
        return NULL;

    host = virCPUHostModelNew();
    host->model = g_strdup(tc->hostModel);
    cpuTestAddProps(host, tc->props, false);
    cpuTestAddProps(host, tc->fullProps, true);
    host->deprecated = cpuTestList(tc->deprecated);
    host->hostDeprecated = cpuTestList(tc->hostDeprecated);
    return g_steal_pointer(&host);
}

static virCPUDef *
cpuTestGuest(const char *spec)
{
    g_autoptr(virCPUDef) cpu = virCPUDefNew();
    g_auto(GStrv) words = g_strsplit(spec, " ", -1);
    size_t i;
    int mode;

    if ((mode = virCPUModeTypeFromString(words[0])) < 0)
        return NULL;
    cpu->mode = mode;

    for (i = 1; words[i]; i++) {
        const char *w = words[i];
        const char *colon = strchr(w, ':');

        if (g_str_has_prefix(w, "model=")) {
            cpu->model = g_strdup(w + strlen("model="));
        } else if (g_str_has_prefix(w, "deprecated_features=")) {
            cpu->deprecatedFeatures = virTristateSwitchTypeFromString(w + strlen("deprecated_features="));
        } else if (colon) {
            g_autofree char *name = g_strndup(w, colon - w);
            int policy = virCPUFeaturePolicyTypeFromString(colon + 1);

            if (policy < 0)
                return NULL;
            virCPUDefAddFeature(cpu, name, policy);
        } else {
            return NULL;
        }
    }
    return g_steal_pointer(&cpu);
}

static char *
cpuTestRender(const virCPUDef *cpu)
{
    GString *buf = g_string_new(NULL);
    size_t i;

    g_string_append(buf, virCPUModeTypeToString(cpu->mode));
    if (cpu->match != VIR_CPU_MATCH_ABSENT)
        g_string_append_printf(buf, "/%s", virCPUMatchTypeToString(cpu->match));
    if (cpu->fallback != VIR_CPU_FALLBACK_ABSENT)
        g_string_append_printf(buf, "/%s", virCPUFallbackTypeToString(cpu->fallback));
    if (cpu->model)
        g_string_append_printf(buf, " %s", cpu->model);
    g_string_append_c(buf, ':');

    for (i = 0; i < cpu->nfeatures; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];

        g_string_append_printf(buf, " %s=%s", f->name,
                               virCPUFeaturePolicyTypeToString(f->policy));
        switch (f->reason) {
        case VIR_CPU_FEATURE_REASON_DEPRECATED:
            g_string_append(buf, "[deprecated]");
            break;
        case VIR_CPU_FEATURE_REASON_REQUIRES:
            g_string_append_printf(buf, "[requires:%s]", f->requires);
            break;
        case VIR_CPU_FEATURE_REASON_NONE:
        case VIR_CPU_FEATURE_REASON_LAST:
            break;
        }
    }
    return g_string_free(buf, FALSE);
}

/* The number of @warnings when each contains @what, else G_MAXUINT. */
static unsigned int
cpuTestCountWarnings(char **warnings,
                     const char *what)
{
    unsigned int n;

    for (n = 0; warnings && warnings[n]; n++) {
        if (!strstr(warnings[n], what))
            return G_MAXUINT;
    }
    return n;
}

static int
cpuTestExpand(const void *opaque)
{
    const cpuTestCase *tc = opaque;
    g_autoptr(virCPUHostModel) host = cpuTestHost(tc);
    g_autoptr(virCPUDef) guest = cpuTestGuest(tc->guest);
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(GHashTable) props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_auto(GStrv) models = cpuTestList(tc->models);
    g_auto(GStrv) warnings = NULL;
    g_autofree char *actual = NULL;
    virCPUExpandContext ctx = {
        .arch = tc->arch ? tc->arch : "s390x",
        .binary = "/usr/bin/qemu-system-s390x",
        .qemuVersion = "8.2.0",
        .machine = tc->machine,
    };
    virCPUQEMUData data = { .models = (const char * const *)models, .props = props };

    if (!guest) {
        virTestDiag("bad guest spec '%s'", tc->guest);
        return -1;
    }

    virCPUHostModelCollectProps(host, props);
    g_strfreev(virStealWarnings());
    virResetLastError();

    cpu = virCPUExpandGuest(&ctx,
                            tc->tcg ? VIR_DOMAIN_VIRT_QEMU : VIR_DOMAIN_VIRT_KVM,
                            guest, host, &data);
    warnings = virStealWarnings();

    if (tc->error) {
        const char *msg = virGetLastErrorMessage();

        if (cpu) {
            g_autofree char *got = cpuTestRender(cpu);
            virTestDiag("expected an error, got '%s'", got);
            return -1;
        }
        if (!strstr(msg, tc->error)) {
            virTestDiag("expected error containing '%s', got '%s'", tc->error, msg);
            return -1;
        }
        virResetLastError();
        return 0;
    }

    if (!cpu) {
        virTestDiag("unexpected error: %s", virGetLastErrorMessage());
        return -1;
    }

    actual = cpuTestRender(cpu);
    if (virTestCompareStrings(tc->expect, actual, "expansion") < 0)
        return -1;

    if (!tc->warning) {
        if (warnings && warnings[0]) {
            virTestDiag("unexpected warning: %s", warnings[0]);
            return -1;
        }
        return 0;
    }
    if (cpuTestCountWarnings(warnings, tc->warning) != (tc->nwarnings ? tc->nwarnings : 1)) {
        virTestDiag("expected %u warning(s), each containing '%s', got %u",
                    tc->nwarnings ? tc->nwarnings : 1, tc->warning,
                    warnings ? g_strv_length(warnings) : 0);
        return -1;
    }
    return 0;
}

/* A gen17-like KVM host: TE, CTE, BPB on, CSSKE gone, ineff_nc_tx (which
 * needs TE) on.  QEMU 9.1 - 11.x lists the four deprecated features but
 * not ineff_nc_tx. */
#define G17_PROPS "aen te ineff_nc_tx cte bpb vx !kss"
#define G17_FULL G17_PROPS " !csske sief2"
#define G17_DEPR "bpb te cte csske"

static const cpuTestCase cases[] = {
    { .name = "host-model keeps QEMU's order and values",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-model",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=require "
                "ineff_nc_tx=require cte=require bpb=require vx=require kss=disable" },
    { .name = "host-model deprecated_features='on' is plain host-model",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-model deprecated_features=on",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=require "
                "ineff_nc_tx=require cte=require bpb=require vx=require kss=disable" },
    { .name = "host-recommended: in place, appended, dependents",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=disable[requires:te] cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable[deprecated]" },
    { .name = "host-model deprecated_features='off' is libvirt's: no dependents",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-model deprecated_features=off",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=require cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable[deprecated]" },
    { .name = "appended in deprecated-set order; a dependent the host lacks is not named",
      .hostModel = "gen16a-base", .props = "aen",
      .fullProps = "aen !csske !te !ineff_nc_tx !bpb",
      .deprecated = "csske te bpb", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: aen=require csske=disable[deprecated] "
                "te=disable[deprecated] bpb=disable[deprecated]" },
    { .name = "a dependent the host CPU has off keeps its place and no reason",
      .hostModel = "gen16a-base", .props = "aen te !ineff_nc_tx",
      .deprecated = "te", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=disable" },
    { .name = "a dependent the host CPU enables is disabled in place",
      .hostModel = "gen16a-base", .props = "ineff_nc_tx aen te",
      .deprecated = "te", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: ineff_nc_tx=disable[requires:te] "
                "aen=require te=disable[deprecated]" },
    { .name = "a dependent this QEMU does not know is not named",
      .hostModel = "gen16a-base", .props = "aen te", .fullProps = "aen te",
      .deprecated = "te", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: aen=require te=disable[deprecated]" },
    { .name = "a dependent QEMU lists as deprecated itself keeps reason deprecated",
      .hostModel = "gen18a-base", .props = "ineff_nc_tx te",
      .deprecated = "te ineff_nc_tx", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen18a-base: ineff_nc_tx=disable[deprecated] "
                "te=disable[deprecated]" },
    { .name = "static list used when the full expansion gave none",
      .hostModel = "gen16a-base", .props = "te bpb",
      .hostDeprecated = "bpb", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: te=require bpb=disable[deprecated]" },
    { .name = "empty deprecated list: host-recommended is host-model",
      .hostModel = "gen15a-base", .props = "te bpb", .deprecated = "",
      .guest = "host-recommended",
      .expect = "custom/exact/forbid gen15a-base: te=require bpb=require" },
    { .name = "absent deprecated list: host-recommended fails naming QEMU",
      .hostModel = "gen15a-base", .props = "te bpb",
      .guest = "host-recommended",
      .error = "QEMU 8.2.0 ('/usr/bin/qemu-system-s390x') does not report deprecated CPU features" },
    { .name = "absent deprecated list: deprecated_features='off' fails",
      .hostModel = "gen15a-base", .props = "te bpb",
      .guest = "host-model deprecated_features=off",
      .error = "deprecated_features='off' needs" },
    { .name = "absent deprecated list: host-model works",
      .hostModel = "gen15a-base", .props = "te bpb", .guest = "host-model",
      .expect = "custom/exact/forbid gen15a-base: te=require bpb=require" },
    { .name = "user re-enables a deprecated feature: it wins, with a warning",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended te:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=require "
                "ineff_nc_tx=require cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable[deprecated]",
      .warning = "CPU feature 'te' is deprecated by QEMU" },
    { .name = "user forces a deprecated feature the host lacks: appended",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended csske:force",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=disable[requires:te] cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=force",
      .warning = "CPU feature 'csske' is deprecated by QEMU" },
    { .name = "user enables a dependent of a disabled feature: warning",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended ineff_nc_tx:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=require cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable[deprecated]",
      .warning = "requires the deprecated feature 'te'" },
    /* One warning per place of the required feature in QEMU's list, and
     * one for re-enabling a listed feature however often it is listed:
     * pinned so that moving the rule into cpu_policy.c keeps the count. */
    { .name = "QEMU lists a required feature twice: two warnings",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = "te bpb te", .guest = "host-recommended ineff_nc_tx:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=require cte=require bpb=disable[deprecated] "
                "vx=require kss=disable",
      .warning = "CPU feature 'ineff_nc_tx' is enabled but requires the deprecated feature 'te', which is disabled",
      .nwarnings = 2 },
    { .name = "deprecated_features='off': two warnings for a feature listed twice",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = "te bpb te",
      .guest = "host-model deprecated_features=off ineff_nc_tx:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=require cte=require bpb=disable[deprecated] "
                "vx=require kss=disable",
      .warning = "requires the deprecated feature 'te'",
      .nwarnings = 2 },
    { .name = "QEMU lists a re-enabled feature twice: one warning",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = "te bpb te", .guest = "host-recommended te:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=require "
                "ineff_nc_tx=require cte=require bpb=disable[deprecated] "
                "vx=require kss=disable",
      .warning = "CPU feature 'te' is deprecated by QEMU" },
    { .name = "user disables more and enables others: no warning",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended vx:disable kss:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=disable[requires:te] cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=disable kss=require csske=disable[deprecated]" },
    { .name = "host-model with user features: no warning, no deprecation",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-model te:disable sief2:require",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable "
                "ineff_nc_tx=require cte=require bpb=require vx=require kss=disable sief2=require" },
    { .name = "host-model without a host CPU fails",
      .guest = "host-model", .error = "cannot expand the host CPU for virt type 'kvm'" },
    { .name = "unknown feature is an error naming it",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended nosuch:disable",
      .error = "CPU feature 'nosuch' is not known to QEMU 8.2.0" },
    /* A '-' in a name used to make any name count as known (issue 10):
     * only what QEMU reported counts. */
    { .name = "a name with a '-' that QEMU did not report is an error",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "custom model=z14 kimd-sha-1:disable",
      .models = "z14 gen17a-base",
      .error = "CPU feature 'kimd-sha-1' is not known to QEMU 8.2.0" },
    { .name = "host-recommended: an unreported name with a '-' is an error",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended x-y:disable",
      .error = "CPU feature 'x-y' is not known to QEMU 8.2.0" },
    { .name = "a subfunction QEMU reported is accepted",
      .hostModel = "gen17a-base", .props = G17_PROPS,
      .fullProps = G17_FULL " kimd-sha-1", .deprecated = G17_DEPR,
      .guest = "custom model=z14 kimd-sha-1:disable",
      .models = "z14 gen17a-base",
      .expect = "custom/exact/forbid z14: kimd-sha-1=disable" },
    { .name = "custom: the user's features in order",
      .hostModel = "gen15a-base", .props = "aen", .fullProps = "aen !csske !te vx",
      .models = "z14 zEC12", .tcg = true,
      .guest = "custom model=z14 te:disable csske:forbid vx:force",
      .expect = "custom/exact/forbid z14: te=disable csske=forbid vx=force" },
    { .name = "custom: unknown model is an error naming it",
      .models = "z14 zEC12", .tcg = true,
      .guest = "custom model=z99",
      .error = "CPU model 'z99' is not defined by QEMU 8.2.0 ('/usr/bin/qemu-system-s390x') for virt type 'qemu'" },
    { .name = "custom: any model when QEMU listed none",
      .guest = "custom model=z99 te:disable",
      .expect = "custom/exact/forbid z99: te=disable" },
    { .name = "custom: a model is needed",
      .guest = "custom te:disable", .error = "needs a <model>" },
    { .name = "s390x refuses policy optional",
      .models = "z14", .guest = "custom model=z14 te:optional",
      .error = "policy 'optional' of CPU feature 'te' is not supported on s390x" },
    { .name = "s390x refuses policy optional in host-model too",
      .hostModel = "gen17a-base", .props = G17_PROPS, .deprecated = G17_DEPR,
      .guest = "host-model te:optional",
      .error = "policy 'optional' of CPU feature 'te'" },
    { .name = "generic arch resolves optional from the host CPU",
      .arch = "aarch64", .hostModel = "cortex-a57", .props = "sve !pauth",
      .guest = "host-passthrough sve:optional pauth:optional",
      .expect = "host-passthrough: sve=require pauth=disable" },
    { .name = "x86_64: host-model is libvirt's CPU map, not computed",
      .arch = "x86_64", .hostModel = "base", .props = "x2apic !svm",
      .guest = "host-model",
      .error = "hostrec cannot compute CPU modes 'host-model' and 'host-recommended' for arch 'x86_64'" },
    { .name = "x86_64: host-recommended says the same, not 'on s390x'",
      .arch = "x86_64", .hostModel = "base", .props = "x2apic !svm",
      .guest = "host-recommended",
      .error = "hostrec cannot compute CPU modes 'host-model' and 'host-recommended' for arch 'x86_64'" },
    { .name = "generic arch: host-recommended refused as host-model is",
      .arch = "aarch64", .hostModel = "cortex-a57", .props = "te ineff_nc_tx",
      .deprecated = "te", .guest = "host-recommended",
      .error = "for arch 'aarch64' the way libvirt does" },
    { .name = "host-passthrough under KVM",
      .guest = "host-passthrough te:disable",
      .expect = "host-passthrough: te=disable" },
    { .name = "host-passthrough under TCG is an error",
      .tcg = true, .guest = "host-passthrough",
      .error = "CPU mode 'host-passthrough' needs KVM, not virt type 'qemu'" },
    { .name = "maximum under TCG",
      .tcg = true, .guest = "maximum",
      .expect = "maximum:" },
    /* s390-ccw-virtio-2.4 to -2.7 allow no CPU model under KVM (QEMU's
     * cpu_model_allowed); "host" alone runs there */
    { .name = "old machine: host-model refused under KVM",
      .hostModel = "gen17a-base", .props = G17_PROPS, .deprecated = G17_DEPR,
      .machine = "s390-ccw-virtio-2.7", .guest = "host-model",
      .error = "CPU mode 'host-model' is not available on machine type 's390-ccw-virtio-2.7' under KVM" },
    { .name = "old machine: host-recommended refused under KVM",
      .hostModel = "gen17a-base", .props = G17_PROPS, .deprecated = G17_DEPR,
      .machine = "s390-ccw-virtio-2.4", .guest = "host-recommended",
      .error = "CPU mode 'host-recommended' is not available on machine type 's390-ccw-virtio-2.4' under KVM" },
    { .name = "old machine: custom refused under KVM",
      .models = "z13 gen17a", .machine = "s390-ccw-virtio-2.6",
      .guest = "custom model=z13",
      .error = "CPU mode 'custom' is not available on machine type 's390-ccw-virtio-2.6' under KVM" },
    { .name = "old machine: maximum refused under KVM",
      .machine = "s390-ccw-virtio-2.5", .guest = "maximum",
      .error = "CPU mode 'maximum' is not available on machine type 's390-ccw-virtio-2.5' under KVM" },
    { .name = "old machine: host-passthrough under KVM",
      .machine = "s390-ccw-virtio-2.7", .guest = "host-passthrough",
      .expect = "host-passthrough:" },
    { .name = "old machine: custom under TCG, which QEMU does not restrict",
      .tcg = true, .models = "z900 qemu", .machine = "s390-ccw-virtio-2.7",
      .guest = "custom model=z900",
      .expect = "custom/exact/forbid z900:" },
    { .name = "s390-ccw-virtio-2.8 allows CPU models",
      .hostModel = "gen17a-base", .props = "aen", .deprecated = "",
      .machine = "s390-ccw-virtio-2.8", .guest = "host-model",
      .expect = "custom/exact/forbid gen17a-base: aen=require" },
    /* lookups by name (virCPUFeatureIndex) must find what a walk of the
     * list found */
    { .name = "a name twice in the deprecated set: disabled once, in place",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = "te bpb te csske", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen17a-base: aen=require te=disable[deprecated] "
                "ineff_nc_tx=disable[requires:te] cte=require "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable[deprecated]" },
    { .name = "a host prop listed twice: the first one is changed",
      .hostModel = "gen16a-base", .props = "te aen te",
      .deprecated = "te", .guest = "host-recommended",
      .expect = "custom/exact/forbid gen16a-base: te=disable[deprecated] aen=require "
                "te=require" },
    { .name = "user feature changed in place after the deprecated ones",
      .hostModel = "gen17a-base", .props = G17_PROPS, .fullProps = G17_FULL,
      .deprecated = G17_DEPR, .guest = "host-recommended csske:disable aen:disable sief2:require",
      .expect = "custom/exact/forbid gen17a-base: aen=disable te=disable[deprecated] "
                "ineff_nc_tx=disable[requires:te] cte=disable[deprecated] "
                "bpb=disable[deprecated] vx=require kss=disable csske=disable sief2=require" },
    { .name = "optional is on when either expansion has it on",
      .arch = "aarch64", .hostModel = "cortex-a57", .props = "!sve pauth",
      .fullProps = "sve !pauth !bti",
      .guest = "host-passthrough sve:optional pauth:optional bti:optional",
      .expect = "host-passthrough: sve=require pauth=require bti=disable" },
    { .name = "host-recommended under TCG uses the max CPU",
      .tcg = true, .hostModel = "gen15a-base",
      .props = "aen te", .fullProps = "aen te !csske", .deprecated = "te csske",
      .guest = "host-recommended",
      .expect = "custom/exact/forbid gen15a-base: aen=require te=disable[deprecated] "
                "csske=disable[deprecated]" },
};

static int
cpuTestDependents(const void *opaque G_GNUC_UNUSED)
{
    g_auto(GStrv) te = virCPUGetDependents("s390x", "te");
    g_auto(GStrv) csske = virCPUGetDependents("s390x", "csske");
    g_auto(GStrv) other = virCPUGetDependents("x86_64", "te");
    g_auto(GStrv) none = virCPUGetDependents(NULL, "te");

    if (g_strv_length(te) != 1 || STRNEQ(te[0], "ineff_nc_tx")) {
        virTestDiag("s390x dependents of 'te' are wrong");
        return -1;
    }
    if (g_strv_length(csske) != 0 || g_strv_length(other) != 0 ||
        g_strv_length(none) != 0) {
        virTestDiag("unexpected dependents");
        return -1;
    }
    return 0;
}

/* The one deprecated set of cpu_policy.h, with each of its uses: a
 * repeated entry of QEMU's list counts once, a dependent is a member, the
 * flags decide dependents and reasons, and the user's feature keeps its
 * dependents. */
static int
cpuTestDeprecatedSet(const void *opaque G_GNUC_UNUSED)
{
    g_auto(GStrv) deprecated = cpuTestList("te csske te");
    g_autoptr(virCPUDeprecatedSet) set = virCPUDeprecatedSetNew("s390x", deprecated);
    g_autoptr(virCPUDeprecatedSet) empty = virCPUDeprecatedSetNew("s390x", NULL);
    g_autoptr(virCPUHostModel) host = virCPUHostModelNew();
    g_autoptr(virCPUDef) user = virCPUDefNew();
    virCPUExpandContext ctx = { .arch = "s390x", .binary = "b", .qemuVersion = "9.1.0" };
    struct {
        unsigned int flags;
        bool user;
        const char *expect;
    } uses[] = {
        { 0, false,
          "custom/exact/forbid gen16a-base: aen=require te=disable "
          "ineff_nc_tx=require csske=disable" },
        { VIR_CPU_DEPRECATED_REASONS, false,
          "custom/exact/forbid gen16a-base: aen=require te=disable[deprecated] "
          "ineff_nc_tx=require csske=disable[deprecated]" },
        { VIR_CPU_DEPRECATED_DEPENDENTS | VIR_CPU_DEPRECATED_REASONS, false,
          "custom/exact/forbid gen16a-base: aen=require te=disable[deprecated] "
          "ineff_nc_tx=disable[requires:te] csske=disable[deprecated]" },
        { VIR_CPU_DEPRECATED_DEPENDENTS | VIR_CPU_DEPRECATED_REASONS, true,
          "custom/exact/forbid gen16a-base: aen=require te=require "
          "ineff_nc_tx=require csske=disable[deprecated]" },
    };
    size_t i;

    if (!virCPUDeprecatedSetContains(set, "te") ||
        !virCPUDeprecatedSetContains(set, "csske") ||
        !virCPUDeprecatedSetContains(set, "ineff_nc_tx") ||
        virCPUDeprecatedSetContains(set, "aen") ||
        virCPUDeprecatedSetContains(empty, "te")) {
        virTestDiag("deprecated set members are wrong");
        return -1;
    }

    host->model = g_strdup("gen16a-base");
    virCPUHostModelAddProp(host, "aen", true);
    virCPUHostModelAddProp(host, "te", true);
    virCPUHostModelAddProp(host, "ineff_nc_tx", true);
    virCPUDefAddFeature(user, "te", VIR_CPU_FEATURE_REQUIRE);

    for (i = 0; i < G_N_ELEMENTS(uses); i++) {
        g_autoptr(virCPUDef) cpu = virCPUExpandHostModel(&ctx, host);
        g_autofree char *str = NULL;

        if (!cpu)
            return -1;
        virCPUDeprecatedSetDisable(set, cpu, host, uses[i].user ? user : NULL,
                                   uses[i].flags);
        str = cpuTestRender(cpu);
        if (virTestCompareStrings(uses[i].expect, str, "deprecated set") < 0)
            return -1;
    }
    return 0;
}

static int
cpuTestPublicAPI(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCPUHostModel) host = virCPUHostModelNew();
    g_autoptr(virCPUDef) hm = NULL;
    g_autoptr(virCPUDef) hr = NULL;
    g_autofree char *hmStr = NULL;
    g_autofree char *hrStr = NULL;
    virCPUExpandContext ctx = { .arch = "s390x", .binary = "b", .qemuVersion = "9.1.0" };

    host->model = g_strdup("gen16a-base");
    virCPUHostModelAddProp(host, "te", true);
    virCPUHostModelAddProp(host, "ineff_nc_tx", true);
    host->deprecated = cpuTestList("te csske");

    if (!(hm = virCPUExpandHostModel(&ctx, host)) ||
        !(hr = virCPUExpandHostRecommended(&ctx, host)))
        return -1;
    hmStr = cpuTestRender(hm);
    hrStr = cpuTestRender(hr);
    if (virTestCompareStrings("custom/exact/forbid gen16a-base: te=require ineff_nc_tx=require",
                              hmStr, "host-model") < 0 ||
        virTestCompareStrings("custom/exact/forbid gen16a-base: te=disable[deprecated] "
                              "ineff_nc_tx=disable[requires:te] csske=disable[deprecated]",
                              hrStr, "host-recommended") < 0)
        return -1;

    g_clear_pointer(&host->deprecated, g_strfreev);
    g_clear_pointer(&hr, virCPUDefFree);
    if ((hr = virCPUExpandHostRecommended(&ctx, host))) {
        virTestDiag("host-recommended without deprecated information succeeded");
        return -1;
    }
    if (!strstr(virGetLastErrorMessage(), "QEMU 9.1.0 ('b')")) {
        virTestDiag("error does not name QEMU: %s", virGetLastErrorMessage());
        return -1;
    }
    virResetLastError();
    return 0;
}

/* 10^5 props, of which every other one is deprecated, and 10^4 user
 * features: every lookup is by name, so this is quick; asserted on the
 * result only (bench/ measures the time). */
static int
cpuTestLarge(const void *opaque G_GNUC_UNUSED)
{
    const size_t nprops = 100000;
    const size_t nuser = 4096;
    g_autoptr(virCPUHostModel) host = virCPUHostModelNew();
    g_autoptr(virCPUDef) guest = virCPUDefNew();
    g_autoptr(virCPUDef) cpu = NULL;
    g_autoptr(GPtrArray) deprecated = g_ptr_array_new();
    virCPUExpandContext ctx = { .arch = "s390x", .binary = "b", .qemuVersion = "9.1.0" };
    size_t i;

    host->model = g_strdup("gen16a-base");
    for (i = 0; i < nprops; i++) {
        g_autofree char *name = g_strdup_printf("f%06zu", i);

        virCPUHostModelAddProp(host, name, true);
        if (i % 2 == 0)
            g_ptr_array_add(deprecated, g_steal_pointer(&name));
    }
    /* one the host lacks: appended */
    g_ptr_array_add(deprecated, g_strdup("gone"));
    g_ptr_array_add(deprecated, NULL);
    host->deprecated = (char **)g_ptr_array_free(g_steal_pointer(&deprecated), FALSE);

    guest->mode = VIR_CPU_MODE_HOST_RECOMMENDED;
    for (i = 0; i < nuser; i++) {
        g_autofree char *name = g_strdup_printf("f%06zu", i * 3);

        virCPUDefAddFeature(guest, name, VIR_CPU_FEATURE_DISABLE);
    }

    g_strfreev(virStealWarnings());
    if (!(cpu = virCPUExpandGuest(&ctx, VIR_DOMAIN_VIRT_KVM, guest, host, NULL)))
        return -1;

    if (cpu->nfeatures != nprops + 1) {
        virTestDiag("expected %zu features, got %zu", nprops + 1, cpu->nfeatures);
        return -1;
    }
    for (i = 0; i < nprops; i++) {
        const virCPUFeatureDef *f = &cpu->features[i];
        g_autofree char *name = g_strdup_printf("f%06zu", i);
        bool user = i % 3 == 0 && i / 3 < nuser;
        virCPUFeaturePolicy want = user || i % 2 == 0 ?
            VIR_CPU_FEATURE_DISABLE : VIR_CPU_FEATURE_REQUIRE;
        virCPUFeatureReason reason = !user && i % 2 == 0 ?
            VIR_CPU_FEATURE_REASON_DEPRECATED : VIR_CPU_FEATURE_REASON_NONE;

        if (STRNEQ(f->name, name) || f->policy != want || f->reason != reason) {
            virTestDiag("feature %zu: %s policy %d reason %d", i, f->name,
                        f->policy, f->reason);
            return -1;
        }
    }
    if (STRNEQ(cpu->features[nprops].name, "gone") ||
        cpu->features[nprops].policy != VIR_CPU_FEATURE_DISABLE) {
        virTestDiag("the deprecated feature the host lacks was not appended");
        return -1;
    }
    return 0;
}

/* Which mode each machine type allows: every mode but host-passthrough
 * is refused under KVM on s390-ccw-virtio-2.4 to -2.7 only. */
static int
cpuTestMachineModes(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *arch;
        virDomainVirtType virtType;
        const char *machine;
        bool allowed;       /* every mode but host-passthrough */
    } rows[] = {
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.4", false },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.5", false },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.6", false },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", false },
        { "s390", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", false },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.8", true },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.10", true },
        { "s390x", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio", true },
        { "s390x", VIR_DOMAIN_VIRT_KVM, NULL, true },
        { "s390x", VIR_DOMAIN_VIRT_QEMU, "s390-ccw-virtio-2.7", true },
        { "x86_64", VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", true },
        { NULL, VIR_DOMAIN_VIRT_KVM, "s390-ccw-virtio-2.7", true },
    };
    size_t i;
    int mode;

    for (i = 0; i < G_N_ELEMENTS(rows); i++) {
        for (mode = 0; mode < VIR_CPU_MODE_LAST; mode++) {
            bool want = rows[i].allowed || mode == VIR_CPU_MODE_HOST_PASSTHROUGH;

            if (virCPUMachineAllowsMode(rows[i].arch, rows[i].virtType,
                                        rows[i].machine, mode) != want) {
                virTestDiag("%s %s %s, mode '%s': expected %s",
                            NULLSTR(rows[i].arch),
                            virDomainVirtTypeToString(rows[i].virtType),
                            NULLSTR(rows[i].machine),
                            virCPUModeTypeToString(mode),
                            want ? "allowed" : "refused");
                return -1;
            }
        }
    }
    return 0;
}

int
main(void)
{
    size_t i;

    virTestRun("s390x dependency table", cpuTestDependents, NULL);
    virTestRun("deprecated set and its flags", cpuTestDeprecatedSet, NULL);
    virTestRun("public host-model / host-recommended API", cpuTestPublicAPI, NULL);
    virTestRun("machine types that allow no CPU model", cpuTestMachineModes, NULL);
    virTestRun("10^5 props, half deprecated, 4096 user features", cpuTestLarge, NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, cpuTestExpand, &cases[i]);

    return virTestMain();
}
