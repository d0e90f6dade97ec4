/*
 * qemulivetest.c: hostrec against real QEMUs, and real guests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Needs the live QEMUs of testlive.h (QEMU 7.2 and 10.0 for s390x under
 * TCG); the cases of a missing one SKIP visibly.
 *
 * 1. probe: "hostrec domcapabilities" of each live QEMU equals the golden
 *    file made from its recording in tests/qemucapabilitiesdata (only the
 *    emulator path differs), so the recordings are what QEMU says today:
 *    7.2 refuses host-recommended (no deprecated features reported), 10.0
 *    expands it.
 * 2. guests: for every CPU mode and a table of custom CPUs, the command
 *    line "hostrec domxml-to-native" prints is started (-S, paused) on the
 *    QEMU it was built for.  The case asserts who refuses it (hostrec,
 *    with its sentence; QEMU, with its message) or, when it starts, that
 *    the running guest's CPU (qom-get on its QOM path) has every feature
 *    of -cpu as asked, every feature QEMU reports as deprecated (full
 *    expansion of max: TCG's host CPU) off for host-recommended, and as in
 *    QEMU's expansion of max for host-model.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "qemu_monitor_json.h"
#include "testlive.h"
#include "testutils.h"
#include "virerror.h"

typedef enum {
    LIVE_STARTS = 0,
    LIVE_HOSTREC_REFUSES,   /* domxml-to-native fails with .refusal */
    LIVE_QEMU_REFUSES,      /* QEMU exits with .refusal */

    LIVE_OUTCOME_LAST
} liveOutcome;

static const char *liveOutcomeNames[] = {
    "starts", "hostrec refuses", "QEMU refuses",
};
G_STATIC_ASSERT(G_N_ELEMENTS(liveOutcomeNames) == LIVE_OUTCOME_LAST);

typedef struct {
    const char *name;
    const char *cpu;            /* the <cpu> element */
    const char *example;        /* NULL, or the domain file under the
                                 * source tree (with that <cpu>) */
    const char *machine;        /* NULL: s390-ccw-virtio */
    liveOutcome outcome[2];     /* on 7.2, on 10.0 */
    const char *refusal[2];     /* a part of the refusal's message: for
                                 * QEMU, of its last line of output (10.0
                                 * ends with a hint after the reason) */
} liveGuestCase;

static const liveGuestCase guestCases[] = {
    /* the README's quick start runs this one */
    { .name = "example-host-recommended-tcg",
      .cpu = "<cpu mode='host-recommended'/>",
      .example = "examples/host-recommended-tcg.xml",
      .outcome = { LIVE_HOSTREC_REFUSES, LIVE_STARTS },
      .refusal = { "does not report deprecated CPU features", NULL },
    },
    { .name = "host-model",
      .cpu = "<cpu mode='host-model'/>",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    { .name = "host-recommended",
      .cpu = "<cpu mode='host-recommended'/>",
      .outcome = { LIVE_HOSTREC_REFUSES, LIVE_STARTS },
      .refusal = { "does not report deprecated CPU features", NULL },
    },
    { .name = "maximum",
      .cpu = "<cpu mode='maximum'/>",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    /* no <cpu>: the machine's default CPU, -cpu qemu under TCG */
    { .name = "none",
      .cpu = "",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    { .name = "host-passthrough",
      .cpu = "<cpu mode='host-passthrough'/>",
      .outcome = { LIVE_HOSTREC_REFUSES, LIVE_HOSTREC_REFUSES },
      .refusal = { "needs KVM", "needs KVM" },
    },
    { .name = "custom-z900",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model></cpu>",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    { .name = "custom-qemu",
      .cpu = "<cpu mode='custom' match='exact'><model>qemu</model></cpu>",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    { .name = "custom-z900-no-csske",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model>"
        "<feature policy='disable' name='csske'/></cpu>",
      .outcome = { LIVE_STARTS, LIVE_STARTS },
    },
    { .name = "custom-z900-no-ineff_nc_tx",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model>"
        "<feature policy='disable' name='ineff_nc_tx'/></cpu>",
      .outcome = { LIVE_HOSTREC_REFUSES, LIVE_STARTS },
      .refusal = { "CPU feature 'ineff_nc_tx' is not known to QEMU 7.2", NULL },
    },
    { .name = "custom-gen15a-base-vx",
      .cpu = "<cpu mode='custom' match='exact'><model>gen15a-base</model>"
        "<feature policy='require' name='vx'/></cpu>",
      .outcome = { LIVE_QEMU_REFUSES, LIVE_QEMU_REFUSES },
      .refusal = { "not available in the configuration", "Consider a different accelerator, QEMU, or kernel version" },
    },
    { .name = "custom-z14",
      .cpu = "<cpu mode='custom' match='exact'><model>z14</model></cpu>",
      .outcome = { LIVE_QEMU_REFUSES, LIVE_QEMU_REFUSES },
      .refusal = { "not available in the configuration", "Consider a different accelerator, QEMU, or kernel version" },
    },
    { .name = "custom-gen16a-no-bpb",
      .cpu = "<cpu mode='custom' match='exact'><model>gen16a</model>"
        "<feature policy='disable' name='bpb'/></cpu>",
      .outcome = { LIVE_QEMU_REFUSES, LIVE_QEMU_REFUSES },
      .refusal = { "Selected CPU generation is too new", "Consider a different accelerator, try" },
    },
    /* s390-ccw-virtio-2.4 to -2.7 allow no CPU model under KVM only:
     * QEMU 7.2 under TCG runs a model there, and 10.0 has no such
     * machine any more */
    { .name = "old-machine-none",
      .cpu = "", .machine = "s390-ccw-virtio-2.7",
      .outcome = { LIVE_STARTS, LIVE_HOSTREC_REFUSES },
      .refusal = { NULL, "machine 's390-ccw-virtio-2.7' is not known to QEMU 10.0" },
    },
    { .name = "old-machine-custom-z900",
      .cpu = "<cpu mode='custom' match='exact'><model>z900</model></cpu>",
      .machine = "s390-ccw-virtio-2.7",
      .outcome = { LIVE_STARTS, LIVE_HOSTREC_REFUSES },
      .refusal = { NULL, "machine 's390-ccw-virtio-2.7' is not known to QEMU 10.0" },
    },
};

typedef struct {
    testLiveQEMU *q;
    size_t idx;                 /* 0: 7.2, 1: 10.0 */
    const liveGuestCase *gc;
} liveGuestData;


static int
testProbe(const void *opaque)
{
    testLiveQEMU *q = (testLiveQEMU *)opaque;
    const char *golden = STREQ(q->label, "7.2") ? "qemu_7.2.0_s390x_tcg" : "qemu_10.0.0_s390x_tcg";
    g_autofree char *path = virTestDataPath("domaincapsdata/%s.qemu.xml", golden);
    g_autofree char *expected = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *fixed = NULL;
    const char *args[] = {
        "domcapabilities", "--emulatorbin", q->binary, "--arch", "s390x",
        "--virttype", "qemu", NULL,
    };
    g_autofree char *livePath = g_strdup_printf("<path>%s</path>", q->binary);
    g_auto(GStrv) parts = NULL;

    if (testLiveRunTool(args, &out, &err) != 0) {
        virTestDiag("domcapabilities failed: %s", err ? err : "");
        return -1;
    }
    if (!(expected = virTestLoadFile(path)))
        return -1;
    /* the golden file of a recording names the usual path */
    parts = g_strsplit(out, livePath, 2);
    if (!parts[1]) {
        virTestDiag("the live output does not name %s", q->binary);
        return -1;
    }
    fixed = g_strjoin("<path>/usr/bin/qemu-system-s390x</path>", parts[0], parts[1], NULL);
    return virTestCompareStrings(expected, fixed, path);
}


/* The value of -cpu in @argv. */
static const char *
testCPUArg(char * const *argv)
{
    size_t i;

    for (i = 0; argv[i] && argv[i + 1]; i++) {
        if (STREQ(argv[i], "-cpu"))
            return argv[i + 1];
    }
    return NULL;
}


/* QEMU's full expansion of max on @mon: its props and deprecated-props. */
static int
testExpandMax(qemuMonitor *mon,
              qemuMonitorCPUModelInfo **info)
{
    const qemuMonitorCPUModelArg max = { .name = "max" };

    return qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                           &max, info, NULL);
}


static int
testGuestChecks(const liveGuestData *d,
                qemuMonitor *mon,
                char * const *argv)
{
    const char *cpuArg = testCPUArg(argv);
    g_autofree char *cpuPath = NULL;
    g_auto(GStrv) items = NULL;
    g_autofree char *status = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) max = NULL;
    bool running;
    size_t ndeprecated;
    size_t i;

    if (qemuMonitorGetStatus(mon, &status, &running) < 0)
        return -1;
    if (running) {
        virTestDiag("the guest runs: it should be paused (-S)");
        return -1;
    }
    if (!cpuArg) {
        virTestDiag("the command line has no -cpu");
        return -1;
    }
    if (!(cpuPath = testLiveCPUPath(mon)))
        return -1;

    /* every feature of -cpu as asked */
    items = g_strsplit(cpuArg, ",", -1);
    for (i = 1; items[i]; i++) {
        char *eq = strchr(items[i], '=');
        int want;
        int have;

        if (!eq || (STRNEQ(eq + 1, "on") && STRNEQ(eq + 1, "off"))) {
            virTestDiag("unexpected -cpu item '%s'", items[i]);
            return -1;
        }
        *eq = '\0';
        want = STREQ(eq + 1, "on");
        if ((have = testLiveQomGetBool(mon, cpuPath, items[i])) < 0)
            return -1;
        if (have != want) {
            virTestDiag("%s: asked %s, the running CPU has %s",
                        items[i], want ? "on" : "off", have ? "on" : "off");
            return -1;
        }
    }

    /* the deprecated features, as this QEMU reports them */
    if (testExpandMax(mon, &max) < 0)
        return -1;
    ndeprecated = max->deprecated ? g_strv_length(max->deprecated) : 0;
    if (STREQ(d->q->label, "10.0") && ndeprecated == 0) {
        virTestDiag("QEMU 10.0 reports no deprecated features");
        return -1;
    }
    for (i = 0; i < ndeprecated; i++) {
        const char *name = max->deprecated[i];
        const virCPUProp *hostVal;
        int have;

        if ((have = testLiveQomGetBool(mon, cpuPath, name)) < 0)
            return -1;
        if (strstr(d->gc->cpu, "'host-recommended'") && have) {
            virTestDiag("deprecated feature %s is on in a host-recommended guest", name);
            return -1;
        }
        if (strstr(d->gc->cpu, "'host-model'") &&
            (!(hostVal = qemuMonitorCPUModelInfoGetProp(max, name)) ||
             have != hostVal->enabled)) {
            virTestDiag("deprecated feature %s is %s in a host-model guest, unlike the host CPU",
                        name, have ? "on" : "off");
            return -1;
        }
    }
    virTestDiag("%s on %s: %u features of -cpu as asked; deprecated (%zu) checked",
                d->gc->name, d->q->label, g_strv_length(items) - 1, ndeprecated);
    return 0;
}


static int
testGuest(const void *opaque)
{
    const liveGuestData *d = opaque;
    liveOutcome want = d->gc->outcome[d->idx];
    const char *refusal = d->gc->refusal[d->idx];
    g_autofree char *name = g_strdup_printf("%s-%s", d->gc->name, d->q->label);
    g_autofree char *domain = NULL;
    g_auto(GStrv) argv = NULL;
    g_autofree char *err = NULL;
    g_autofree char *qemuErr = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    const char *extra[] = { "-S", NULL };
    int rc;

    if (d->gc->example) {
        g_autofree char *text = NULL;

        domain = g_build_filename(virTestSrcDir(), "..", d->gc->example, NULL);
        if (!(text = virTestLoadFile(domain)))
            return -1;
        if (!strstr(text, d->gc->cpu)) {
            virTestDiag("%s has no %s", d->gc->example, d->gc->cpu);
            return -1;
        }
    } else if (!(domain = testLiveWriteDomain(name,
                                              d->gc->machine ? d->gc->machine : "s390-ccw-virtio",
                                              d->gc->cpu, d->q->binary))) {
        return -1;
    }
    rc = testLiveDomxmlToNative(d->q, domain, &argv, &err);
    if (rc < 0)
        return -1;
    if (want == LIVE_HOSTREC_REFUSES) {
        if (rc != 1 || !err || !g_str_has_prefix(err, "error: ") ||
            !strstr(err, refusal) || strchr(err, '\n') != err + strlen(err) - 1) {
            virTestDiag("expected hostrec to refuse with one line containing '%s'; exit %d, stderr: %s",
                        refusal, rc, err ? err : "");
            return -1;
        }
        return 0;
    }
    if (rc != 0) {
        virTestDiag("domxml-to-native failed: %s", err ? err : "");
        return -1;
    }

    mon = testLiveStartGuest(d->q, argv, extra, &qemuErr);
    if (want == LIVE_QEMU_REFUSES) {
        if (mon || !qemuErr || !strstr(qemuErr, refusal)) {
            virTestDiag("expected QEMU to refuse with '%s': %s",
                        refusal, mon ? "it started" : qemuErr ? qemuErr : "");
            return -1;
        }
        return 0;
    }
    if (!mon) {
        virTestDiag("QEMU refused the guest: %s", qemuErr ? qemuErr : "");
        return -1;
    }
    if (testGuestChecks(d, mon, argv) < 0)
        return -1;
    return qemuMonitorClose(mon);
}


int
main(void)
{
    g_autofree liveGuestData *data = g_new0(liveGuestData, 2 * G_N_ELEMENTS(guestCases));
    const char *labels[] = { "7.2", "10.0" };
    size_t i;
    size_t j;

    if (testLiveInit() < 0) {
        testLiveCleanup();
        return 1;
    }

    for (i = 0; i < G_N_ELEMENTS(labels); i++) {
        testLiveQEMU *q = testLiveGetQEMU(labels[i]);
        g_autofree char *name = g_strdup_printf("probe %s: live domcapabilities equal the recording's", q->label);

        if (!q->binary) {
            virTestSkip(name, q->skip);
            continue;
        }
        virTestRun(name, testProbe, q);
    }

    for (i = 0; i < G_N_ELEMENTS(labels); i++) {
        testLiveQEMU *q = testLiveGetQEMU(labels[i]);

        for (j = 0; j < G_N_ELEMENTS(guestCases); j++) {
            liveGuestData *d = &data[i * G_N_ELEMENTS(guestCases) + j];
            g_autofree char *name = g_strdup_printf("guest %s on %s: %s",
                                                    guestCases[j].name, q->label,
                                                    liveOutcomeNames[guestCases[j].outcome[i]]);

            d->q = q;
            d->idx = i;
            d->gc = &guestCases[j];
            if (!q->binary) {
                virTestSkip(name, q->skip);
                continue;
            }
            virTestRun(name, testGuest, d);
        }
    }

    testLiveCleanup();
    return virTestMain();
}
