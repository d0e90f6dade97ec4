/*
 * qemulibvirtcapstest.c: QEMU capabilities from libvirt's domain
 * capabilities (qemu_libvirtcaps.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The plain documents are libvirt's own expected domcapabilities output
 * for s390x KVM hosts (../shared/fixtures/domaincaps, real QEMU 10.0 and
 * 11.1 recordings).  No recording of a libvirt >= 11 daemon's answer with
 * VIR_CONNECT_GET_DOMAIN_CAPABILITIES_DISABLE_DEPRECATED_FEATURES on an
 * s390x KVM host exists here (libvirt 11.3 under TCG reports host-model
 * unsupported), so that second document is SYNTHESISED in this file from
 * the plain one the way libvirt 11 writes it: each deprecated feature
 * the host-model lists gets policy 'disable' in place, the others are
 * appended as 'disable'.  The deprecated set used for that is QEMU's own,
 * from the recording of the same QEMU (qemu-replies/), and the test then
 * checks that the CPU hostrec expands from the daemon's two answers is
 * the CPU it expands from QEMU directly.
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "qemu_libvirtcaps.h"
#include "qemu_monitor.h"
#include "virerror.h"
#include "virxml.h"

typedef struct {
    const char *version;            /* "11.1.0" */
    const char *deprecated;         /* expected set, space separated */
} libvirtCapsCase;

/* The plain document with the deprecated set of @caps disabled, as
 * libvirt 11 writes it. */
static char *
libvirtCapsSynthesise(const char *plain,
                      const char * const *deprecated)
{
    g_autoptr(GString) out = g_string_new(plain);
    g_autoptr(GString) appended = g_string_new(NULL);
    const char *end;
    size_t i;

    for (i = 0; deprecated[i]; i++) {
        g_autofree char *req = g_strdup_printf("<feature policy='require' name='%s'/>",
                                               deprecated[i]);
        g_autofree char *dis = g_strdup_printf("<feature policy='disable' name='%s'/>",
                                               deprecated[i]);
        const char *hostModel = strstr(out->str, "<mode name='host-model'");
        const char *hostEnd = hostModel ? strstr(hostModel, "</mode>") : NULL;
        const char *at = hostModel ? strstr(hostModel, req) : NULL;

        if (at && at < hostEnd) {
            size_t pos = at - out->str;

            g_string_erase(out, pos, strlen(req));
            g_string_insert(out, pos, dis);
        } else {
            g_string_append_printf(appended, "      %s\n", dis);
        }
    }
    end = strstr(strstr(out->str, "<mode name='host-model'"), "    </mode>");
    g_string_insert(out, end - out->str, appended->str);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

#define LV_DOMAIN_XML \
    "<domain type='kvm'><name>t</name><memory>1048576</memory>" \
    "<os><type arch='s390x' machine='%s'>hvm</type></os>" \
    "<cpu mode='host-recommended'/></domain>"

static char *
libvirtCapsCPUArg(const virQEMUCaps *caps,
                  const char *machine)
{
    g_autofree char *xml = g_strdup_printf(LV_DOMAIN_XML, machine);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virCPUDef) cpu = NULL;
    xmlDocPtr doc;

    if (!(doc = virXMLParseString(xml, strlen(xml), "test domain")) ||
        !(def = virDomainDefParseDoc(doc, "test domain")) ||
        qemuDomainExpandCPU(NULL, def, caps, "/usr/bin/qemu-system-s390x", &cpu) < 0)
        return NULL;
    return qemuBuildCPUArg(cpu, "s390x");
}

static int
libvirtCapsCompareStr(const void *a,
                      const void *b)
{
    return strcmp(*(char * const *)a, *(char * const *)b);
}

/* "MODEL,f1=..,f2=.." with the features sorted by name, in place. */
static void
libvirtCapsSortFeatures(char *arg)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    g_autofree char *joined = NULL;
    guint n = g_strv_length(parts);

    if (n > 2)
        qsort(parts + 1, n - 1, sizeof(char *), libvirtCapsCompareStr);
    joined = g_strjoinv(",", parts);
    strcpy(arg, joined);
}

static int
libvirtCapsRun(const void *opaque)
{
    const libvirtCapsCase *tc = opaque;
    g_autofree char *plainPath = g_strdup_printf("%s/domaincaps/qemu_%s.s390x.xml",
                                                 virTestFixturesDir(), tc->version);
    g_autofree char *repliesPath = g_strdup_printf("%s/qemu-replies/caps_%s_s390x.cpu.replies",
                                                   virTestFixturesDir(), tc->version);
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) qmpCaps = NULL;
    g_autoptr(virQEMUCaps) lvCaps = NULL;
    g_autofree char *plain = NULL;
    g_autofree char *without = NULL;
    g_autofree char *joined = NULL;
    g_autofree char *argQMP = NULL;
    g_autofree char *argLibvirt = NULL;
    g_auto(GStrv) deprecated = NULL;
    char **qemuDeprecated;
    const virQEMUCapsAccel *accel;

    if (!(plain = virTestLoadFile(plainPath)) ||
        !(src = qemuMonitorSourceNewReplay(repliesPath)) ||
        virQEMUCapsProbe(src, &qmpCaps) < 0)
        return -1;

    accel = &qmpCaps->accels[VIR_DOMAIN_VIRT_KVM];
    if (!accel->hostCPU ||
        !(qemuDeprecated = virCPUHostModelGetDeprecated(accel->hostCPU))) {
        virTestDiag("the recording has no deprecated set");
        return -1;
    }
    without = libvirtCapsSynthesise(plain, (const char * const *)qemuDeprecated);

    if (virQEMUCapsDeprecatedFromDomainCaps(plain, without, "the test daemon", &deprecated) < 0)
        return -1;
    joined = g_strjoinv(" ", deprecated);
    if (virTestCompareStrings(tc->deprecated, joined, "deprecated set") < 0)
        return -1;

    if (virQEMUCapsNewFromDomainCaps(plain, without, "the test daemon",
                                     qmpCaps->version, &lvCaps) < 0)
        return -1;

    /* the machine libvirt named; the recording knows it too */
    if (!(argQMP = libvirtCapsCPUArg(qmpCaps, lvCaps->accels[VIR_DOMAIN_VIRT_KVM].machines[0].name)) ||
        !(argLibvirt = libvirtCapsCPUArg(lvCaps, lvCaps->accels[VIR_DOMAIN_VIRT_KVM].machines[0].name)))
        return -1;
    /* libvirt lists the host-model's features by name: QEMU's order is
     * not in its answer, the CPU (model, each feature's value) is */
    libvirtCapsSortFeatures(argQMP);
    libvirtCapsSortFeatures(argLibvirt);
    return virTestCompareStrings(argQMP, argLibvirt, "-cpu from QMP vs. from libvirt, sorted");
}

static const libvirtCapsCase cases[] = {
    /* in the document's order: libvirt lists the host-model's features
     * by name, QEMU's order survives only for those it appends */
    { .version = "10.0.0", .deprecated = "bpb csske cte te" },
    /* the host lacks csske: libvirt appends it, disabled */
    { .version = "11.1.0", .deprecated = "bpb cte te csske" },
};

/* Documents that are refused, each with one error. */
typedef struct {
    const char *name;
    const char *plain;
    const char *without;
    const char *quote;
} libvirtCapsBadCase;

#define LV_HEAD "<domainCapabilities><path>/usr/bin/qemu-system-s390x</path>" \
    "<domain>kvm</domain><machine>s390-ccw-virtio-10.0</machine><arch>s390x</arch>"

static const libvirtCapsBadCase badCases[] = {
    { .name = "not-domcaps", .plain = "<capabilities/>", .without = "<capabilities/>",
      .quote = "domainCapabilities" },
    { .name = "host-model-unsupported",
      .plain = LV_HEAD "<cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>",
      .without = LV_HEAD "<cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>",
      .quote = "no supported host-model" },
    { .name = "hostile-feature",
      .plain = LV_HEAD "<cpu><mode name='host-model' supported='yes'><model>z14</model>"
               "<feature policy='require' name='te'/></mode></cpu></domainCapabilities>",
      .without = LV_HEAD "<cpu><mode name='host-model' supported='yes'><model>z14</model>"
                 "<feature policy='disable' name='x,te=on'/></mode></cpu></domainCapabilities>",
      .quote = "x,te=on" },
    { .name = "different-machine",
      .plain = LV_HEAD "<cpu/></domainCapabilities>",
      .without = "<domainCapabilities><path>/usr/bin/qemu-system-s390x</path>"
                 "<domain>kvm</domain><machine>s390-ccw-virtio-9.2</machine><arch>s390x</arch>"
                 "<cpu/></domainCapabilities>",
      .quote = "different" },
};

static int
libvirtCapsBad(const void *opaque)
{
    const libvirtCapsBadCase *tc = opaque;
    g_auto(GStrv) deprecated = NULL;
    const char *msg;

    if (virQEMUCapsDeprecatedFromDomainCaps(tc->plain, tc->without, "the test daemon",
                                            &deprecated) == 0) {
        virTestDiag("accepted");
        return -1;
    }
    msg = virGetLastErrorMessage();
    if (!strstr(msg, tc->quote)) {
        virTestDiag("error '%s' does not mention '%s'", msg, tc->quote);
        return -1;
    }
    virResetLastError();
    return 0;
}

int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("qemu %s s390x KVM", cases[i].version);

        if (!virTestFixturesDir())
            virTestSkip(name, "../shared/fixtures is absent");
        else
            virTestRun(name, libvirtCapsRun, &cases[i]);
    }
    for (i = 0; i < G_N_ELEMENTS(badCases); i++)
        virTestRun(badCases[i].name, libvirtCapsBad, &badCases[i]);
    return virTestMain();
}
