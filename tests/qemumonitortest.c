/*
 * qemumonitortest.c: the QMP transport, live and replayed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Replay: the project's own small recordings in qemumonitordata/, and
 * libvirt's recordings in ../shared/fixtures when present.  Live: a fake
 * QEMU (qemumonitordata/fakeqemu.py) for every fault, and the real
 * qemu-system-s390x when installed.  Every live case checks that no
 * process it started is left (found by a marker in their environment, so
 * that QEMU's children are found too) and that no temporary file was left.
 * The kill cases run the hostrec tool and kill it at random moments of a
 * live probe: nothing it started may outlive it.  The moments come from a
 * seeded PRNG (testutils.h): 20 kills of a real probe per signal in a
 * default run, 100 in the full one (meson test --suite slow).
 */

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "testutils.h"
#define QEMU_MONITOR_PRIV_H_ALLOW
#include "qemu_monitor_priv.h"
#include "qemu_monitor_json.h"
#include "qemu_process.h"
#include "qemu_replay.h"
#include "virerror.h"

static char *tmpRoot;     /* $TMPDIR of this run: must end up empty */
static char *fakeQEMU;
static char *marker;      /* "NAME=VALUE" in the environment of the processes
                           * the current case starts */

/* How long processes that were killed may take to disappear before the
 * case fails: far beyond the milliseconds it takes, so that only a
 * process that stays is a failure. */
#define TEST_GONE_DEADLINE_SEC 60

#define TEST_MARKER_VAR "HOSTREC_TEST_MARKER"


static int
testCheckError(virErrorCode code,
               const char *const *needles)
{
    const char *msg = virGetLastErrorMessage();
    size_t i;

    if (virGetLastErrorCode() != code) {
        virTestDiag("expected error code %d, got %d: %s",
                    code, virGetLastErrorCode(), msg);
        return -1;
    }
    for (i = 0; needles && needles[i]; i++) {
        if (!strstr(msg, needles[i])) {
            virTestDiag("error '%s' does not mention '%s'", msg, needles[i]);
            return -1;
        }
    }
    return 0;
}


static json_object *
testJSON(const char *str)
{
    return json_tokener_parse(str);
}


/* Run @cmd with @args (JSON text or NULL) and compare the compact reply
 * with @expect. */
static int
testCommandExpect(qemuMonitor *mon,
                  const char *cmd,
                  const char *args,
                  const char *expect)
{
    g_autoptr(json_object) jargs = args ? testJSON(args) : NULL;
    g_autoptr(json_object) ret = NULL;
    g_autoptr(json_object) jexpect = testJSON(expect);

    if (qemuMonitorCommand(mon, cmd, jargs, &ret, NULL) < 0)
        return -1;
    if (!virJSONEqual(ret, jexpect)) {
        g_autofree char *got = virJSONFormatCompact(ret);

        virTestDiag("'%s' returned %s, expected %s", cmd, got, expect);
        return -1;
    }
    return 0;
}


/* ---- replay: the project's own recordings ---- */

static int
testReplayRoundTrip(const void *opaque)
{
    const char *path = opaque;
    g_autofree char *data = NULL;
    g_autofree char *out = NULL;
    g_autoptr(qemuReplay) rep = NULL;

    if (!(data = virTestLoadFile(path)))
        return -1;
    if (!(rep = qemuReplayLoad(path)))
        return -1;
    out = qemuReplayFormat(rep);
    return virTestCompareStrings(data, out, path);
}


static int
testReplayOwn(const void *opaque)
{
    const char *path = opaque;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon1 = NULL;
    g_autoptr(qemuMonitor) mon2 = NULL;
    g_autoptr(json_object) ret = NULL;
    g_autoptr(json_object) args = NULL;
    qemuMonitorError qerr = { 0 };
    const char *noReply[] = { "'query-cpu-model-expansion'",
                              "{\"type\":\"static\",\"model\":{\"name\":\"z14\"}}",
                              "session 1", path, NULL };
    const char *noReply2[] = { "'query-version'", "without arguments",
                               "session 2", NULL };
    const char *qmpErr[] = { path, "'query-cpu-model-expansion'",
                             "GenericError: The CPU definition 'nosuch' is unknown.",
                             NULL };
    const char *noMore[] = { path, "2", NULL };
    int rc;

    virTestMarkUsed(path);
    if (!(src = qemuMonitorSourceNewReplay(path)))
        return -1;
    if (qemuMonitorSourceIsLive(src) ||
        qemuMonitorSourceRemaining(src) != 2 ||
        STRNEQ(qemuMonitorSourceGetName(src), path))
        return -1;

    if (!(mon1 = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_KVM)))
        return -1;
    if (qemuMonitorGetPid(mon1) != -1 ||
        qemuMonitorSourceRemaining(src) != 1)
        return -1;

    /* out of recorded order, arguments in another member order */
    if (testCommandExpect(mon1, "query-cpu-model-expansion",
                          "{\"model\": {\"name\": \"host\"}, \"type\": \"full\"}",
                          "{\"model\": {\"name\": \"gen16a-base\", \"props\": "
                          "{\"te\": true, \"csske\": true, \"vx\": true}}, "
                          "\"deprecated-props\": [\"te\", \"csske\"]}") < 0 ||
        testCommandExpect(mon1, "query-machines", NULL, "[]") < 0 ||
        testCommandExpect(mon1, "query-machines", "{}", "[]") < 0 ||
        testCommandExpect(mon1, "query-version", NULL,
                          "{\"qemu\": {\"micro\": 0, \"minor\": 1, \"major\": 9}, "
                          "\"package\": \"\"}") < 0)
        return -1;

    /* identical requests: recorded order, then the last answer again */
    if (testCommandExpect(mon1, "query-kvm", NULL,
                          "{\"enabled\": true, \"present\": true}") < 0 ||
        testCommandExpect(mon1, "query-kvm", NULL,
                          "{\"enabled\": false, \"present\": true}") < 0 ||
        testCommandExpect(mon1, "query-kvm", NULL,
                          "{\"enabled\": false, \"present\": true}") < 0)
        return -1;

    /* a recorded error reply, structured and reported */
    args = testJSON("{\"type\": \"static\", \"model\": {\"name\": \"nosuch\"}}");
    rc = qemuMonitorCommand(mon1, "query-cpu-model-expansion", args, &ret, &qerr);
    if (rc != 1 || ret || STRNEQ(qerr.klass, "GenericError") ||
        STRNEQ(qerr.desc, "The CPU definition 'nosuch' is unknown.")) {
        virTestDiag("structured error reply not returned (rc=%d)", rc);
        qemuMonitorErrorClear(&qerr);
        return -1;
    }
    qemuMonitorErrorClear(&qerr);
    if (qemuMonitorCommand(mon1, "query-cpu-model-expansion", args, &ret, NULL) != -1 ||
        testCheckError(VIR_ERR_QMP_ERROR, qmpErr) < 0)
        return -1;
    g_clear_pointer(&args, json_object_put);

    /* no recorded answer */
    args = testJSON("{\"type\": \"static\", \"model\": {\"name\": \"z14\"}}");
    if (qemuMonitorCommand(mon1, "query-cpu-model-expansion", args, &ret, NULL) != -1 ||
        testCheckError(VIR_ERR_NO_REPLY, noReply) < 0)
        return -1;

    /* the second session answers only from itself */
    if (!(mon2 = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        return -1;
    if (testCommandExpect(mon2, "query-cpu-model-expansion",
                          "{\"type\": \"static\", \"model\": {\"name\": \"max\"}}",
                          "{\"model\": {\"name\": \"gen15a-base\", \"props\": {}}}") < 0)
        return -1;
    if (qemuMonitorCommand(mon2, "query-version", NULL, &ret, NULL) != -1 ||
        testCheckError(VIR_ERR_NO_REPLY, noReply2) < 0)
        return -1;
    virResetLastError();

    if (qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG) ||
        testCheckError(VIR_ERR_NO_REPLY, noMore) < 0)
        return -1;
    virResetLastError();

    if (qemuMonitorClose(mon1) < 0 || qemuMonitorClose(mon2) < 0)
        return -1;
    return 0;
}


/* One request to qemumonitordata/index.replies and the "return" string
 * of the reply it must get, or NULL for "no recorded reply". */
typedef struct {
    size_t session;
    const char *cmd;
    const char *args;           /* JSON text or NULL */
    const char *expect;
} testReplayIndexCase;

/* The recording's index must treat two requests as the same exactly when
 * their command and arguments are equal as JSON values (json-c's
 * equality: types count, numbers by value, member order does not), within
 * one session; identical requests take the recorded answers in order,
 * then the last again.
 *
 * qemumonitordata/index.replies is made for this test: session 1 has
 * "query-n" once per kind of JSON value (1, 1.0, -0.0, "1", int64 and
 * uint64 limits, -1, null, true, [1, 2], [2, 1], strings with a NUL, a
 * nested object, {}), "query-a" three times around one "query-b"; session
 * 2 has "query-a" twice and "query-n" {"v": 1}.  Each reply's "return" is
 * a string naming what it answers. */
static int
testReplayIndex(const void *opaque)
{
    const char *path = opaque;
    static const testReplayIndexCase cases[] = {
        { 0, "query-n", "{\"v\": 1}", "int 1" },
        { 0, "query-n", "{\"v\": 1.0}", "double 1.0" },
        { 0, "query-n", "{\"v\": 0.0}", "double -0.0" },
        { 0, "query-n", "{\"v\": -0.0}", "double -0.0" },
        { 0, "query-n", "{\"v\": 1e0}", "double 1.0" },
        { 0, "query-n", "{\"v\": \"1\"}", "string 1" },
        { 0, "query-n", "{\"v\": 9223372036854775807}", "int64 max" },
        { 0, "query-n", "{\"v\": 18446744073709551615}", "uint64 max" },
        { 0, "query-n", "{\"v\": 9223372036854775808}", NULL },
        { 0, "query-n", "{\"v\": -1}", "int -1" },
        { 0, "query-n", "{\"v\": null}", "null" },
        { 0, "query-n", "{\"v\": true}", "true" },
        { 0, "query-n", "{\"v\": false}", NULL },
        { 0, "query-n", "{\"v\": [2, 1]}", "array 2 1" },
        { 0, "query-n", "{\"v\": [1, 2]}", "array 1 2" },
        { 0, "query-n", "{\"v\": [1]}", NULL },
        { 0, "query-n", "{\"v\": \"a\\u0000c\"}", "string a NUL c" },
        { 0, "query-n", "{\"v\": \"a\\u0000b\"}", "string a NUL b" },
        { 0, "query-n", "{\"v\": \"a\"}", NULL },
        { 0, "query-n", "{\"v\": {\"y\": {\"q\": {}, \"p\": []}, \"x\": 1}}", "nested" },
        { 0, "query-n", "{\"v\": {\"y\": {\"q\": [], \"p\": {}}, \"x\": 1}}", NULL },
        { 0, "query-n", "{\"v\": {\"x\": 1}}", NULL },
        { 0, "query-n", "{\"v\": 1, \"w\": 1}", NULL },
        { 0, "query-n", "{\"v\": 2}", NULL },
        { 0, "query-n", NULL, "empty arguments" },
        { 0, "query-n", "{}", "empty arguments" },
        { 0, "query-n", "{\"v\": 1}", "int 1" },
        /* recorded a1, a2 ({} as arguments), b1, a3 */
        { 0, "query-a", NULL, "a1" },
        { 0, "query-b", NULL, "b1" },
        { 0, "query-a", "{}", "a2" },
        { 0, "query-a", NULL, "a3" },
        { 0, "query-a", NULL, "a3" },
        { 0, "query-b", "{}", "b1" },
        { 0, "query-a", "{\"x\": 1}", NULL },
        { 0, "query-c", NULL, NULL },
        { 0, "query-", NULL, NULL },
        /* the second session has its own answers and its own order */
        { 1, "query-n", "{\"v\": 1}", "s2 int 1" },
        { 1, "query-n", "{\"v\": 1.0}", NULL },
        { 1, "query-b", NULL, NULL },
        { 1, "query-a", NULL, "s2 a1" },
        { 1, "query-a", NULL, "s2 a2" },
        { 1, "query-a", NULL, "s2 a2" },
        { 0, "query-a", NULL, "a3" },
        { 2, "query-a", NULL, NULL },
    };
    g_autoptr(qemuReplay) rep = NULL;
    size_t i;

    virTestMarkUsed(path);
    if (!(rep = qemuReplayLoad(path)))
        return -1;
    if (qemuReplayGetNumSessions(rep) != 2 ||
        qemuReplayGetNumExchanges(rep, 0) != 20 ||
        qemuReplayGetNumExchanges(rep, 1) != 4 ||
        qemuReplayGetNumExchanges(rep, 2) != 0) {
        virTestDiag("'%s': wrong session or exchange counts", path);
        return -1;
    }

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        const testReplayIndexCase *c = &cases[i];
        g_autoptr(json_object) args = c->args ? testJSON(c->args) : NULL;
        const char *needles[] = { c->cmd, NULL };
        json_object *reply;
        json_object *ret = NULL;

        if (c->args && !args) {
            virTestDiag("case %zu: bad test JSON", i);
            return -1;
        }
        reply = qemuReplayAnswer(rep, c->session, c->cmd, args);
        if (!c->expect) {
            if (reply) {
                virTestDiag("case %zu: '%s' %s was answered",
                            i, c->cmd, NULLSTR(c->args));
                return -1;
            }
            if (testCheckError(VIR_ERR_NO_REPLY, needles) < 0)
                return -1;
            virResetLastError();
            continue;
        }
        if (!reply ||
            !json_object_object_get_ex(reply, "return", &ret) ||
            !json_object_is_type(ret, json_type_string) ||
            STRNEQ(json_object_get_string(ret), c->expect)) {
            virTestDiag("case %zu: '%s' %s got %s, expected '%s'",
                        i, c->cmd, NULLSTR(c->args),
                        ret ? json_object_get_string(ret) : "no reply",
                        c->expect);
            return -1;
        }
    }
    return 0;
}


/* A recording of 10^5 exchanges with distinct arguments, one session: it
 * loads, and every request gets its own answer (asserted on the answers,
 * never on time; bench/ measures the time). */
static int
testReplayLarge(const void *opaque G_GNUC_UNUSED)
{
    const size_t n = 100000;
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(qemuReplay) rep = NULL;
    size_t i;

    g_string_append(text, "{\"execute\": \"qmp_capabilities\", \"id\": \"libvirt-1\"}\n\n"
                          "{\"return\": {}, \"id\": \"libvirt-1\"}\n");
    for (i = 0; i < n; i++) {
        g_string_append_printf(text,
                               "\n{\"execute\": \"query-cpu-model-expansion\", "
                               "\"arguments\": {\"type\": \"static\", \"model\": {\"name\": \"m%zu\"}}, "
                               "\"id\": \"libvirt-%zu\"}\n\n"
                               "{\"return\": {\"model\": {\"name\": \"b%zu\"}}, \"id\": \"libvirt-%zu\"}\n",
                               i, i + 2, i, i + 2);
    }

    if (!(rep = qemuReplayParse(text->str, text->len, "large.replies")))
        return -1;
    if (qemuReplayGetNumSessions(rep) != 1 ||
        qemuReplayGetNumExchanges(rep, 0) != n + 1) {
        virTestDiag("large recording: wrong counts");
        return -1;
    }

    /* backwards, so that file order cannot be what answers */
    for (i = n; i-- > 0;) {
        g_autofree char *argsText = g_strdup_printf("{\"model\": {\"name\": \"m%zu\"}, \"type\": \"static\"}", i);
        g_autofree char *expect = g_strdup_printf("b%zu", i);
        g_autoptr(json_object) args = testJSON(argsText);
        json_object *reply = qemuReplayAnswer(rep, 0, "query-cpu-model-expansion", args);
        json_object *ret;
        json_object *model;
        json_object *name;

        if (!reply ||
            !json_object_object_get_ex(reply, "return", &ret) ||
            !json_object_object_get_ex(ret, "model", &model) ||
            !json_object_object_get_ex(model, "name", &name) ||
            STRNEQ(json_object_get_string(name), expect)) {
            virTestDiag("large recording: no or wrong answer for m%zu", i);
            return -1;
        }
    }
    return 0;
}


/* A file over QEMU_REPLAY_MAX_FILE_SIZE is refused before it is parsed,
 * with the limit in the message (a sparse file: nothing is written). */
static int
testReplayTooLarge(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *path = g_build_filename(tmpRoot, "large.replies", NULL);
    g_autofree char *limit = g_strdup_printf("%d", QEMU_REPLAY_MAX_FILE_SIZE);
    g_autoptr(qemuReplay) rep = NULL;
    const char *needles[] = { path, "larger than the limit", limit, NULL };
    int fd;
    int rc;

    if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
        return -1;
    rc = ftruncate(fd, (off_t)QEMU_REPLAY_MAX_FILE_SIZE + 1);
    close(fd);
    if (rc == 0)
        rep = qemuReplayLoad(path);
    unlink(path);

    if (rc < 0) {
        virTestDiag("cannot make a sparse file of %s bytes", limit);
        return -1;
    }
    if (rep) {
        virTestDiag("a recording over the limit was loaded");
        return -1;
    }
    if (testCheckError(VIR_ERR_INVALID_ARG, needles) < 0)
        return -1;
    virResetLastError();
    return 0;
}


typedef struct {
    const char *file;
    const char *needle;
} testReplayBadData;

static int
testReplayBad(const void *opaque)
{
    const testReplayBadData *data = opaque;
    g_autofree char *path = virTestDataPath("qemumonitordata/%s", data->file);
    g_autoptr(qemuMonitorSource) src = NULL;
    const char *needles[] = { path, data->needle, NULL };

    virTestMarkUsed(path);
    if ((src = qemuMonitorSourceNewReplay(path))) {
        virTestDiag("'%s' was accepted", path);
        return -1;
    }
    if (testCheckError(virGetLastErrorCode(), needles) < 0)
        return -1;
    virResetLastError();
    return 0;
}


/* One QMP message through qemuMonitorParseMessage(), as the live reader
 * sees it: a return value QEMU may send, or the error it must cause. */
typedef struct {
    const char *name;
    const char *message;
    const char *needle;     /* NULL: a RETURN with a value */
} testParseData;

static int
testParseMessage(const void *opaque)
{
    const testParseData *data = opaque;
    g_autoptr(json_object) ret = NULL;
    qemuMonitorMessageType type = QEMU_MONITOR_MESSAGE_LAST;
    const char *needles[] = { "'fake'", "'query-version'", data->needle, NULL };
    int rc;

    virResetLastError();
    rc = qemuMonitorParseMessage(data->message, strlen(data->message), "fake",
                                 "query-version", "libvirt-1", &type, &ret, NULL);
    if (!data->needle) {
        if (rc < 0 || type != QEMU_MONITOR_MESSAGE_RETURN || !ret) {
            virTestDiag("rc %d, type %d, %s: %s", rc, type,
                        ret ? "a value" : "no value", virGetLastErrorMessage());
            return -1;
        }
        return 0;
    }
    if (rc != -1 || ret) {
        virTestDiag("accepted (type %d)", type);
        return -1;
    }
    if (testCheckError(VIR_ERR_QMP_PROTOCOL, needles) < 0)
        return -1;
    virResetLastError();
    return 0;
}


/* Every typed call of qemu_monitor_json.h on qemumonitordata/typed.replies:
 * what each returns, and a malformed reply for some. */
static int
testTypedQueries(qemuMonitor *mon,
                 const char *path)
{
    g_autofree char *arch = NULL;
    g_autofree qemuMonitorMachineInfo *machines = NULL;
    g_autofree qemuMonitorCPUDefInfo *defs = NULL;
    size_t nmachines = 0;
    size_t ndefs = 0;
    const char *malformed[] = { path, "gave a malformed reply to 'query-target'", NULL };
    bool ok;
    size_t i;

    if (qemuMonitorGetTarget(mon, &arch) < 0 || STRNEQ(arch, "s390x"))
        return -1;
    /* an empty arch */
    g_clear_pointer(&arch, g_free);
    if (qemuMonitorGetTarget(mon, &arch) != -1 || arch ||
        testCheckError(VIR_ERR_QMP_PROTOCOL, malformed) < 0)
        return -1;
    virResetLastError();

    if (qemuMonitorGetMachines(mon, &machines, &nmachines) < 0 || nmachines != 2)
        return -1;
    ok = STREQ(machines[0].name, "s390-ccw-virtio-9.1") &&
         STREQ_NULLABLE(machines[0].alias, "s390-ccw-virtio") &&
         machines[0].isDefault && !machines[0].deprecated &&
         machines[0].maxCpus == 248 &&
         STREQ_NULLABLE(machines[0].defaultCPUType, "host-s390x-cpu") &&
         !machines[1].alias && !machines[1].isDefault && machines[1].deprecated &&
         !machines[1].defaultCPUType;
    for (i = 0; i < nmachines; i++)
        qemuMonitorMachineInfoClear(&machines[i]);
    if (!ok) {
        virTestDiag("query-machines read wrongly");
        return -1;
    }

    if (qemuMonitorGetCPUDefinitions(mon, &defs, &ndefs, NULL) < 0 || ndefs != 3)
        return -1;
    ok = STREQ(defs[0].name, "z13") && STREQ_NULLABLE(defs[0].typename, "z13-s390x-cpu") &&
         defs[0].usable == VIR_TRISTATE_BOOL_YES && defs[0].blockers && !defs[0].blockers[0] &&
         defs[1].usable == VIR_TRISTATE_BOOL_NO && defs[1].deprecated &&
         g_strv_length(defs[1].blockers) == 1 && STREQ(defs[1].blockers[0], "vx") &&
         defs[2].usable == VIR_TRISTATE_BOOL_ABSENT && !defs[2].blockers;
    for (i = 0; i < ndefs; i++)
        qemuMonitorCPUDefInfoClear(&defs[i]);
    if (!ok) {
        virTestDiag("query-cpu-definitions read wrongly");
        return -1;
    }
    return 0;
}


static int
testTypedCPUModels(qemuMonitor *mon,
                   const char *path)
{
    g_autoptr(virCPUDef) vx = virCPUDefNew();
    const qemuMonitorCPUModelArg max = { .name = "max" };
    const qemuMonitorCPUModelArg z13vx = { "z13", vx };
    const qemuMonitorCPUModelArg z13 = { .name = "z13" };
    const qemuMonitorCPUModelArg z14 = { .name = "z14" };
    const qemuMonitorCPUModelArg z15 = { .name = "z15" };
    g_autoptr(qemuMonitorCPUModelInfo) base = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) full = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) stat = NULL;
    g_auto(GStrv) responsible = NULL;
    qemuMonitorCPUCompareResult result;
    const char *unknown[] = { "unknown CPU comparison result 'bogus'", path, NULL };

    /* sent as {"vx": true}; an optional feature is not sent */
    virCPUDefAddFeature(vx, "vx", VIR_CPU_FEATURE_REQUIRE);
    virCPUDefAddFeature(vx, "te", VIR_CPU_FEATURE_OPTIONAL);

    if (qemuMonitorGetCPUModelComparison(mon, &max, &z13, &result, &responsible, NULL) < 0 ||
        result != QEMU_MONITOR_CPU_COMPARE_SUBSET ||
        g_strv_length(responsible) != 1 || STRNEQ(responsible[0], "vx"))
        return -1;
    g_clear_pointer(&responsible, g_strfreev);
    if (qemuMonitorGetCPUModelComparison(mon, &max, &z14, &result, &responsible, NULL) != -1 ||
        responsible || testCheckError(VIR_ERR_QMP_PROTOCOL, unknown) < 0)
        return -1;
    virResetLastError();
    /* no responsible-properties: an empty list */
    if (qemuMonitorGetCPUModelComparison(mon, &max, &z15, &result, &responsible, NULL) < 0 ||
        result != QEMU_MONITOR_CPU_COMPARE_IDENTICAL || !responsible || responsible[0])
        return -1;

    /* props in QEMU's order, the non-boolean one left out */
    if (qemuMonitorGetCPUModelBaseline(mon, &z13vx, &z14, &base, NULL) < 0 ||
        STRNEQ(base->name, "z13-base") || base->nprops != 2 ||
        STRNEQ(base->props[0].name, "vx") || !base->props[0].enabled ||
        STRNEQ(base->props[1].name, "te") || base->props[1].enabled ||
        base->deprecated)
        return -1;

    /* deprecated-props: an empty list is not an absent one */
    if (qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                        &max, &full, NULL) < 0 ||
        full->nprops != 0 || !full->deprecated || full->deprecated[0] ||
        qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC,
                                        &max, &stat, NULL) < 0 ||
        stat->nprops != 0 || stat->deprecated)
        return -1;
    return 0;
}


static int
testTypedGuest(qemuMonitor *mon,
               const char *path)
{
    g_autofree char *status = NULL;
    g_autofree char *desc = NULL;
    g_auto(GStrv) paths = NULL;
    g_autofree char *package = NULL;
    qemuMonitorError qerr = { 0 };
    unsigned int major = 0;
    unsigned int minor = 0;
    unsigned int micro = 0;
    const char *version[] = { path, "gave a malformed reply to 'query-version'", NULL };
    bool running = true;
    bool value = false;
    bool kvm = true;
    int rc;

    if (qemuMonitorGetStatus(mon, &status, &running) < 0 ||
        STRNEQ(status, "prelaunch") || running ||
        qemuMonitorGetCPUQOMPaths(mon, &paths) < 0 ||
        g_strv_length(paths) != 1 ||
        qemuMonitorGetObjectPropertyBool(mon, paths[0], "vx", &value) < 0 || !value)
        return -1;

    /* before any migration, then a failed one */
    g_clear_pointer(&status, g_free);
    if (qemuMonitorGetMigrationStatus(mon, &status, &desc) < 0 || status || desc)
        return -1;
    if (qemuMonitorGetMigrationStatus(mon, &status, &desc) < 0 ||
        !STREQ_NULLABLE(status, "failed") || !STREQ_NULLABLE(desc, "no space"))
        return -1;
    rc = qemuMonitorMigrate(mon, "unix:/nonexistent", &qerr);
    if (rc != 1 || !STREQ_NULLABLE(qerr.desc, "Failed to connect")) {
        qemuMonitorErrorClear(&qerr);
        return -1;
    }
    qemuMonitorErrorClear(&qerr);

    /* query-kvm gone: its refusal handed back, query-accelerators asked */
    rc = qemuMonitorGetKVM(mon, &kvm, &qerr);
    if (rc != 1 || !STREQ_NULLABLE(qerr.klass, "CommandNotFound")) {
        qemuMonitorErrorClear(&qerr);
        return -1;
    }
    qemuMonitorErrorClear(&qerr);
    if (qemuMonitorGetAccelerators(mon, &kvm) < 0 || kvm)
        return -1;

    /* a major version out of range */
    if (qemuMonitorGetVersion(mon, &major, &minor, &micro, &package) != -1 ||
        package || testCheckError(VIR_ERR_QMP_PROTOCOL, version) < 0)
        return -1;
    virResetLastError();
    return 0;
}


static int
testTyped(const void *opaque)
{
    const char *path = opaque;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;

    virTestMarkUsed(path);
    if (!(src = qemuMonitorSourceNewReplay(path)) ||
        !(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        return -1;
    if (testTypedQueries(mon, path) < 0 ||
        testTypedCPUModels(mon, path) < 0 ||
        testTypedGuest(mon, path) < 0)
        return -1;
    return 0;
}


/* ---- replay: libvirt's recordings ---- */

typedef struct {
    const char *file;           /* under ../shared/fixtures */
    size_t sessions;
    const char *hostModel;      /* model of the first session's expansion */
    const char *hostName;       /* host or max */
    const char *fullDeprecated; /* a feature only the full expansion lists */
} testFixtureData;

/* The first (KVM) session of a fixture: expansions asked out of the
 * recorded order, and a request the recording lacks. */
static int
testFixtureFirstSession(const testFixtureData *data,
                        qemuMonitor *mon,
                        const char *path)
{
    g_autoptr(qemuMonitorCPUModelInfo) full = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) stat = NULL;
    g_autoptr(qemuMonitorCPUModelInfo) none = NULL;
    const qemuMonitorCPUModelArg host = { .name = data->hostName };
    const qemuMonitorCPUModelArg nosuch = { .name = "nosuch" };
    const char *noReply[] = { "'query-cpu-model-expansion'", "\"name\":\"nosuch\"",
                              "session 1", path, NULL };

    /* the full expansion first, although the static one was recorded first */
    if (data->fullDeprecated) {
        if (qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_FULL,
                                            &host, &full, NULL) < 0)
            return -1;
        if (!full->deprecated ||
            !g_strv_contains((const char * const *)full->deprecated,
                             data->fullDeprecated)) {
            virTestDiag("'%s' not in the full expansion's deprecated-props",
                        data->fullDeprecated);
            return -1;
        }
    }

    if (qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC,
                                        &host, &stat, NULL) < 0)
        return -1;
    if (STRNEQ(stat->name, data->hostModel)) {
        virTestDiag("static expansion of '%s' is not '%s'",
                    data->hostName, data->hostModel);
        return -1;
    }

    if (qemuMonitorGetCPUModelExpansion(mon, QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC,
                                        &nosuch, &none, NULL) != -1 ||
        testCheckError(VIR_ERR_NO_REPLY, noReply) < 0)
        return -1;
    virResetLastError();
    return 0;
}


static int
testFixtureReplay(const void *opaque)
{
    const testFixtureData *data = opaque;
    g_autofree char *path = g_build_filename(virTestFixturesDir(), data->file, NULL);
    g_autofree char *text = NULL;
    g_autofree char *out = NULL;
    g_autoptr(qemuReplay) rep = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    const qemuMonitorCPUModelArg max = { .name = "max" };
    size_t i;

    if (!(text = virTestLoadFile(path)) ||
        !(rep = qemuReplayLoad(path)))
        return -1;

    /* byte-identical when written back */
    out = qemuReplayFormat(rep);
    if (virTestCompareStrings(text, out, path) < 0)
        return -1;

    if (qemuReplayGetNumSessions(rep) != data->sessions) {
        virTestDiag("%zu sessions instead of %zu",
                    qemuReplayGetNumSessions(rep), data->sessions);
        return -1;
    }

    if (!(src = qemuMonitorSourceNewReplay(path)) ||
        !(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_KVM)) ||
        testFixtureFirstSession(data, mon, path) < 0)
        return -1;

    /* the TCG session: the static expansion of max */
    for (i = 1; i < data->sessions; i++) {
        g_autoptr(qemuMonitor) next = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG);
        g_autoptr(qemuMonitorCPUModelInfo) tcg = NULL;

        if (!next ||
            qemuMonitorGetCPUModelExpansion(next, QEMU_MONITOR_CPU_MODEL_EXPANSION_STATIC,
                                            &max, &tcg, NULL) < 0)
            return -1;
        if (!g_str_has_prefix(tcg->name, "gen15a")) {
            virTestDiag("unexpected TCG expansion of 'max'");
            return -1;
        }
    }
    if (qemuMonitorSourceRemaining(src) != 0)
        return -1;
    return 0;
}


/* ---- live: the fake QEMU ---- */

/* Give the processes started from now on a marker of their own. */
static void
testMarkerNew(void)
{
    static unsigned int seq;
    g_autofree char *value = g_strdup_printf("%d-%u-%u", (int)getpid(),
                                             g_random_int(), ++seq);

    g_setenv(TEST_MARKER_VAR, value, TRUE);
    g_free(marker);
    marker = g_strdup_printf("%s=%s", TEST_MARKER_VAR, value);
}


/* The live processes whose environment holds @mark (not zombies: their
 * environment can no longer be read). */
static GArray *
testFindMarked(const char *mark)
{
    GArray *pids = g_array_new(FALSE, FALSE, sizeof(pid_t));
    g_autoptr(GDir) dir = g_dir_open("/proc", 0, NULL);
    size_t marklen = strlen(mark);
    const char *ent;

    while (dir && (ent = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;
        g_autofree char *env = NULL;
        gsize len = 0;
        gsize i = 0;
        pid_t pid = atoi(ent);

        if (pid <= 0 || pid == getpid())
            continue;
        path = g_strdup_printf("/proc/%s/environ", ent);
        if (!g_file_get_contents(path, &env, &len, NULL))
            continue;
        while (i < len) {
            size_t n = strnlen(env + i, len - i);

            if (n == marklen && memcmp(env + i, mark, marklen) == 0) {
                g_array_append_val(pids, pid);
                break;
            }
            i += n + 1;
        }
    }
    return pids;
}


/* Wait until no process carries the current marker.  Killed processes
 * take some milliseconds to go (and a killed hostrec's QEMU is not ours
 * to wait for), so this polls /proc; the bound is only a guard against
 * a process that stays. */
static int
testWaitMarkedGone(void)
{
    gint64 deadline = g_get_monotonic_time() + TEST_GONE_DEADLINE_SEC * G_USEC_PER_SEC;

    for (;;) {
        g_autoptr(GArray) pids = testFindMarked(marker);
        size_t i;

        if (pids->len == 0)
            return 0;
        if (g_get_monotonic_time() < deadline) {
            g_usleep(5 * 1000);
            continue;
        }
        for (i = 0; i < pids->len; i++) {
            pid_t pid = g_array_index(pids, pid_t, i);
            g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
            g_autofree char *cmd = NULL;
            gsize len = 0;
            gsize j;

            if (g_file_get_contents(path, &cmd, &len, NULL)) {
                for (j = 0; j + 1 < len; j++) {
                    if (!cmd[j])
                        cmd[j] = ' ';
                }
            }
            virTestDiag("process %d (%s) is still there %d seconds later",
                        (int)pid, NULLSTR(cmd), TEST_GONE_DEADLINE_SEC);
            kill(pid, SIGKILL);
        }
        return -1;
    }
}


/* Nothing of the current case is left: not the QEMU of pid @pid (when
 * known; it must be reaped already), no process with the case's marker,
 * no temporary file. */
static int
testCheckGone(pid_t pid)
{
    g_autoptr(GDir) dir = NULL;
    const char *ent;

    if (pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)) {
        virTestDiag("process %d still exists", (int)pid);
        return -1;
    }
    if (testWaitMarkedGone() < 0)
        return -1;

    if ((dir = g_dir_open(tmpRoot, 0, NULL))) {
        while ((ent = g_dir_read_name(dir))) {
            virTestDiag("'%s' left in the temporary directory", ent);
            return -1;
        }
    }
    return 0;
}


static void
testFakeSetup(const char *mode)
{
    testMarkerNew();
    g_setenv("FAKEQEMU_MODE", mode, TRUE);
}


static int
testFakeOK(const void *opaque)
{
    const char *mode = opaque;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    pid_t pid;

    testFakeSetup(mode);
    src = qemuMonitorSourceNewLive(fakeQEMU, 10, NULL);
    if (!qemuMonitorSourceIsLive(src) ||
        qemuMonitorSourceRemaining(src) != G_MAXSIZE)
        return -1;

    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        return -1;
    pid = qemuMonitorGetPid(mon);
    if (pid <= 0 || kill(pid, 0) < 0)
        return -1;

    if (testCommandExpect(mon, "query-version", NULL,
                          "{\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 42}, "
                          "\"package\": \"fake tcg\"}") < 0 ||
        testCommandExpect(mon, "x-echo", "{\"a\": [1, {\"b\": \"/c\"}], \"d\": {}}",
                          "{\"a\": [1, {\"b\": \"/c\"}], \"d\": {}}") < 0)
        return -1;

    if (qemuMonitorClose(mon) < 0)
        return -1;
    return testCheckGone(pid);
}


/* --probe-timeout bounds each command, not the session: six replies of
 * 0.4 s each under a 2 s timeout (2.4 s in all) all arrive. */
static int
testFakeSlowSession(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    pid_t pid;
    size_t i;

    testFakeSetup("slowok");
    src = qemuMonitorSourceNewLive(fakeQEMU, 2, NULL);
    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        return -1;
    pid = qemuMonitorGetPid(mon);
    for (i = 0; i < 6; i++) {
        if (testCommandExpect(mon, "query-version", NULL,
                              "{\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 42}, "
                              "\"package\": \"fake tcg\"}") < 0)
            return -1;
    }
    if (qemuMonitorClose(mon) < 0)
        return -1;
    return testCheckGone(pid);
}


typedef struct {
    const char *name;
    const char *mode;         /* FAKEQEMU_MODE; NULL: @binary */
    const char *binary;       /* instead of the fake; relative to tests/ */
    double timeout;
    int cmdTimeoutMs;
    bool failsOpen;           /* else query-version fails */
    bool deadlineMayHitOpen;  /* the overall deadline may pass before the
                               * greeting (a slow start): that fails too */
    virErrorCode code;
    const char *needle;
    const char *needle2;
    const char *absent;       /* must not be in the message */
} testFaultData;

static int
testFault(const void *opaque)
{
    const testFaultData *data = opaque;
    g_autofree char *binary = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(json_object) ret = NULL;
    const char *needles[4] = { NULL };
    pid_t pid = 0;
    int rc;

    if (data->binary) {
        binary = data->binary[0] == '/' ? g_strdup(data->binary)
                                        : virTestDataPath("%s", data->binary);
        testMarkerNew();
    } else {
        binary = g_strdup(fakeQEMU);
        testFakeSetup(data->mode);
    }
    needles[0] = binary;
    needles[1] = data->needle;
    needles[2] = data->needle2;

    src = qemuMonitorSourceNewLive(binary, data->timeout, NULL);
    mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG);

    if (!mon && data->deadlineMayHitOpen) {
        /* the fake took longer to start than the whole deadline: the
         * same deadline, met earlier */
        const char *greeting[] = { binary, "greeting", data->needle2, NULL };

        virTestDiag("the deadline passed before the greeting");
        if (testCheckError(VIR_ERR_OPERATION_TIMEOUT, greeting) < 0)
            return -1;
        virResetLastError();
        return testCheckGone(0);
    }

    if (data->failsOpen) {
        if (mon) {
            virTestDiag("the session opened");
            return -1;
        }
    } else {
        if (!mon)
            return -1;
        pid = qemuMonitorGetPid(mon);
        qemuMonitorSetCommandTimeout(mon, data->cmdTimeoutMs);
        rc = qemuMonitorCommand(mon, "query-version", NULL, &ret, NULL);
        if (rc != -1 || ret) {
            virTestDiag("query-version did not fail (rc=%d)", rc);
            return -1;
        }
        /* the session is dead: no further command is sent */
        if (testCheckGone(pid) < 0)
            return -1;
    }
    if (testCheckError(data->code, needles) < 0)
        return -1;
    if (data->absent) {
        const char *msg = virGetLastErrorMessage();

        if (strstr(msg, data->absent)) {
            virTestDiag("'%s' is in the error: %s", data->absent, msg);
            return -1;
        }
    }
    virResetLastError();

    g_clear_pointer(&mon, qemuMonitorFree);
    return testCheckGone(pid);
}


/* Run a case with QEMU left in our PID namespace, as on a system that
 * does not allow one: its process group must do the job. */
typedef struct {
    const char *name;
    int (*body)(const void *opaque);
    const void *opaque;
} testNoPIDNamespaceData;

static int
testNoPIDNamespace(const void *opaque)
{
    const testNoPIDNamespaceData *data = opaque;
    int rc;

    qemuProcessSetPIDNamespace(false);
    rc = data->body(data->opaque);
    qemuProcessSetPIDNamespace(true);
    return rc;
}


static int
testFakeErrorReply(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(json_object) ret = NULL;
    qemuMonitorError qerr = { 0 };
    const char *needles[] = { fakeQEMU, "'query-version'",
                              "GenericError: fake failure", NULL };
    pid_t pid;
    int rc;

    testFakeSetup("error");
    src = qemuMonitorSourceNewLive(fakeQEMU, 10, NULL);
    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_KVM)))
        return -1;
    pid = qemuMonitorGetPid(mon);

    rc = qemuMonitorCommand(mon, "query-version", NULL, &ret, &qerr);
    if (rc != 1 || !STREQ_NULLABLE(qerr.klass, "GenericError") ||
        !STREQ_NULLABLE(qerr.desc, "fake failure")) {
        qemuMonitorErrorClear(&qerr);
        return -1;
    }
    qemuMonitorErrorClear(&qerr);

    if (qemuMonitorCommand(mon, "query-version", NULL, &ret, NULL) != -1 ||
        testCheckError(VIR_ERR_QMP_ERROR, needles) < 0)
        return -1;
    virResetLastError();

    /* an error reply leaves the session usable */
    if (testCommandExpect(mon, "x-echo", "{\"x\": 1}", "{\"x\": 1}") < 0)
        return -1;

    g_clear_pointer(&mon, qemuMonitorFree);
    return testCheckGone(pid);
}


static int
testFakeHuge(const void *opaque)
{
    struct rusage before;
    struct rusage after;

    if (getrusage(RUSAGE_SELF, &before) < 0 ||
        testFault(opaque) < 0 ||
        getrusage(RUSAGE_SELF, &after) < 0)
        return -1;

    /* the fake sends 1 GiB without a newline; the reader keeps at most
     * 16 MiB and one read (the bound leaves room for valgrind) */
    if (after.ru_maxrss - before.ru_maxrss > 256 * 1024) {
        virTestDiag("peak memory grew by %ld KiB: the reply was buffered",
                    after.ru_maxrss - before.ru_maxrss);
        return -1;
    }
    return 0;
}


static int
testFakeRecordBody(const char *path)
{
    g_autofree char *text = NULL;
    g_autofree char *again = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(qemuMonitorSource) replay = NULL;
    g_autoptr(qemuMonitor) mon = NULL;
    g_autoptr(qemuReplay) rep = NULL;
    g_autoptr(json_object) ret = NULL;
    qemuMonitorError qerr = { 0 };
    const char *echo = "{\"type\": \"full\", \"model\": {\"name\": \"max\", \"props\": {}}}";
    int rc;

    testFakeSetup("event");
    src = qemuMonitorSourceNewLive(fakeQEMU, 10, path);

    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_KVM)) ||
        testCommandExpect(mon, "query-version", NULL,
                          "{\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 42}, "
                          "\"package\": \"fake kvm\"}") < 0 ||
        testCommandExpect(mon, "x-echo", echo, echo) < 0)
        return -1;
    rc = qemuMonitorCommand(mon, "query-nothing", NULL, &ret, &qerr);
    qemuMonitorErrorClear(&qerr);
    if (rc != 1 || qemuMonitorClose(mon) < 0)
        return -1;
    g_clear_pointer(&mon, qemuMonitorFree);

    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)) ||
        testCommandExpect(mon, "query-version", NULL,
                          "{\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 42}, "
                          "\"package\": \"fake tcg\"}") < 0 ||
        qemuMonitorClose(mon) < 0)
        return -1;
    g_clear_pointer(&mon, qemuMonitorFree);

    if (qemuMonitorSourceFinishRecording(src) < 0)
        return -1;

    /* the recording replays: same answers, two sessions, ids from 1 */
    if (!(replay = qemuMonitorSourceNewReplay(path)) ||
        qemuMonitorSourceRemaining(replay) != 2 ||
        !(mon = qemuMonitorSourceOpen(replay, QEMU_MONITOR_ACCEL_KVM)) ||
        testCommandExpect(mon, "x-echo", echo, echo) < 0 ||
        testCommandExpect(mon, "query-version", NULL,
                          "{\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 42}, "
                          "\"package\": \"fake kvm\"}") < 0 ||
        qemuMonitorCommand(mon, "query-nothing", NULL, &ret, &qerr) != 1 ||
        !STREQ_NULLABLE(qerr.klass, "CommandNotFound")) {
        qemuMonitorErrorClear(&qerr);
        return -1;
    }
    qemuMonitorErrorClear(&qerr);

    if (!g_file_get_contents(path, &text, NULL, NULL) ||
        !(rep = qemuReplayLoad(path)))
        return -1;
    again = qemuReplayFormat(rep);
    if (virTestCompareStrings(text, again, "the recording written back") < 0)
        return -1;
    if (!g_str_has_prefix(text, "{\n  \"execute\": \"qmp_capabilities\",\n  \"id\": \"libvirt-1\"\n}\n\n{\n  \"return\": {},\n  \"id\": \"libvirt-1\"\n}\n") ||
        !strstr(text, "\"id\": \"libvirt-4\"") || strstr(text, "\"quit\"") ||
        strstr(text, "\"event\"")) {
        virTestDiag("unexpected recording:\n%s", text);
        return -1;
    }

    return 0;
}


static int
testFakeRecord(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("hostrec-record-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.replies", NULL);
    int rc = testFakeRecordBody(path);

    g_unlink(path);
    g_rmdir(dir);
    return rc;
}


static int
testFakeRecordFailed(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("hostrec-record-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.replies", NULL);
    g_autoptr(qemuMonitor) mon = NULL;
    qemuMonitorSource *src;
    bool written;

    testFakeSetup("ok");
    src = qemuMonitorSourceNewLive(fakeQEMU, 10, path);
    if ((mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        qemuMonitorClose(mon);
    g_clear_pointer(&mon, qemuMonitorFree);

    testFakeSetup("exit");
    mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG);
    virResetLastError();
    qemuMonitorSourceFree(src);

    written = g_file_test(path, G_FILE_TEST_EXISTS);
    g_unlink(path);
    g_rmdir(dir);
    if (mon || written) {
        virTestDiag("a failed probe was recorded");
        return -1;
    }
    return 0;
}


/* --record names a FIFO, a symbolic link or a directory: refused before
 * any QEMU starts, and the entry is left as it was (a FIFO stands for a
 * device such as /dev/null, which a test must never touch). */
static int
testRecordRefused(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("hostrec-record-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename(dir, "fifo", NULL);
    g_autofree char *target = g_build_filename(dir, "target", NULL);
    g_autofree char *link = g_build_filename(dir, "link", NULL);
    g_autofree char *sub = g_build_filename(dir, "sub", NULL);
    g_autofree char *missing = g_build_filename(dir, "nodir", "out.replies", NULL);
    const char *const paths[] = { fifo, link, sub, missing };
    const char *const needles[] = { "not a regular file", "symbolic link",
                                    "not a regular file", "No such file" };
    g_autofree char *content = NULL;
    struct stat sb;
    size_t i;
    int ret = 0;

    if (mkfifo(fifo, 0600) < 0 ||
        !g_file_set_contents(target, "keep", -1, NULL) ||
        symlink("target", link) < 0 ||
        g_mkdir(sub, 0700) < 0) {
        virTestDiag("cannot set up %s: %s", dir, g_strerror(errno));
        ret = -1;
        goto cleanup;
    }

    for (i = 0; i < G_N_ELEMENTS(paths); i++) {
        g_autoptr(qemuMonitorSource) src = NULL;
        const char *want[] = { needles[i], paths[i], NULL };

        /* a binary that would fail if it were started */
        if ((src = qemuMonitorSourceNewLive("/nonexistent/qemu", 10, paths[i]))) {
            virTestDiag("--record '%s' was accepted", paths[i]);
            ret = -1;
            continue;
        }
        if (testCheckError(i == 3 ? VIR_ERR_SYSTEM_ERROR : VIR_ERR_INVALID_ARG,
                           want) < 0)
            ret = -1;
        virResetLastError();
    }

    if (lstat(fifo, &sb) < 0 || !S_ISFIFO(sb.st_mode) ||
        lstat(link, &sb) < 0 || !S_ISLNK(sb.st_mode) ||
        lstat(sub, &sb) < 0 || !S_ISDIR(sb.st_mode) ||
        !g_file_get_contents(target, &content, NULL, NULL) ||
        STRNEQ(content, "keep")) {
        virTestDiag("a refused --record path was changed");
        ret = -1;
    }

 cleanup:
    g_unlink(fifo);
    g_unlink(link);
    g_unlink(target);
    g_rmdir(sub);
    g_rmdir(dir);
    return ret;
}


/* The recording cannot be written at the end (its directory went away
 * during the probe): one error from FinishRecording, and no second
 * message (a warning) when the source is freed. */
static int
testFakeRecordWriteFails(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_dir_make_tmp("hostrec-record-XXXXXX", NULL);
    g_autofree char *sub = g_build_filename(dir, "sub", NULL);
    g_autofree char *path = g_build_filename(sub, "out.replies", NULL);
    g_autoptr(qemuMonitor) mon = NULL;
    g_auto(GStrv) warnings = NULL;
    const char *const want[] = { "out.replies", NULL };
    qemuMonitorSource *src;
    int ret = 0;

    g_strfreev(virStealWarnings());
    testFakeSetup("ok");
    if (g_mkdir(sub, 0700) < 0 ||
        !(src = qemuMonitorSourceNewLive(fakeQEMU, 10, path))) {
        g_rmdir(sub);
        g_rmdir(dir);
        return -1;
    }
    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)) ||
        qemuMonitorClose(mon) < 0)
        ret = -1;
    g_clear_pointer(&mon, qemuMonitorFree);
    g_rmdir(sub);

    if (ret == 0 && qemuMonitorSourceFinishRecording(src) == 0) {
        virTestDiag("the recording was written into a removed directory");
        ret = -1;
    } else if (ret == 0 && testCheckError(VIR_ERR_SYSTEM_ERROR, want) < 0) {
        ret = -1;
    }
    virResetLastError();
    qemuMonitorSourceFree(src);

    warnings = virStealWarnings();
    if (warnings && warnings[0]) {
        virTestDiag("a second message after the failed write: %s", warnings[0]);
        ret = -1;
    }
    g_rmdir(dir);
    return ret;
}


/* ---- killing the tool in the middle of a live probe ---- */

typedef struct {
    const char *name;
    const char *binary;       /* NULL: the fake QEMU */
    const char *mode;         /* FAKEQEMU_MODE for the fake */
    int signum;
    unsigned int runs;        /* kills in a default run */
    unsigned int runsSlow;    /* ... and in the full one */
} testKillData;

/* The seed of the kills' moments, the same for each kill case of a run. */
static guint32 killSeed;
#define KILL_SEED_SLOW 20251208

/* Start the tool on a live probe of @binary with its output on /dev/null. */
static pid_t
testKillSpawn(const char *tool,
              const char *binary)
{
    const char *argv[] = { tool, "domcapabilities", "--no-cache",
                           "--emulatorbin", binary, NULL };
    pid_t pid;

    if ((pid = fork()) == 0) {
        int null = open("/dev/null", O_RDWR);

        if (null < 0 ||
            dup2(null, STDIN_FILENO) < 0 ||
            dup2(null, STDOUT_FILENO) < 0 ||
            dup2(null, STDERR_FILENO) < 0)
            _exit(126);
        execv(tool, (char **)argv);
        _exit(127);
    }
    if (pid < 0)
        virTestDiag("cannot fork: %s", g_strerror(errno));
    return pid;
}


static int
testKillWait(pid_t pid,
             int *status)
{
    pid_t got;

    do {
        got = waitpid(pid, status, 0);
    } while (got < 0 && errno == EINTR);
    if (got != pid) {
        virTestDiag("cannot wait for the tool: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}


/* Kill the tool @runs times at a random moment of a live probe, and check
 * each time that nothing it started is left.  Half of the moments fall in
 * the first 3 ms (the start of QEMU: the narrowest windows), the others
 * anywhere in a probe.  The clock only chooses moments; what is asserted
 * does not depend on it. */
static int
testKillRuns(const testKillData *data)
{
    const char *tool = g_getenv("HOSTREC");
    const char *binary = data->binary ? data->binary : fakeQEMU;
    unsigned int runs = virTestSlow() ? data->runsSlow : data->runs;
    g_autoptr(GRand) rand = g_rand_new_with_seed(killSeed);
    gint64 start;
    gint64 probeUs;
    unsigned int killed = 0;
    unsigned int i;
    int status;
    pid_t pid;

    if (!data->binary)
        g_setenv("FAKEQEMU_MODE", data->mode, TRUE);

    /* how long a whole probe takes here, to choose the moments */
    testMarkerNew();
    start = g_get_monotonic_time();
    if ((pid = testKillSpawn(tool, binary)) < 0 ||
        testKillWait(pid, &status) < 0)
        return -1;
    probeUs = MAX(g_get_monotonic_time() - start, 1000);
    if (testCheckGone(0) < 0)
        return -1;

    for (i = 0; i < runs; i++) {
        gint64 maxUs = i % 2 ? 3000 : probeUs;

        testMarkerNew();
        if ((pid = testKillSpawn(tool, binary)) < 0)
            return -1;
        g_usleep(g_rand_int_range(rand, 0, (gint32)MIN(maxUs, G_MAXINT32)));
        kill(pid, data->signum);
        if (testKillWait(pid, &status) < 0)
            return -1;
        if (WIFSIGNALED(status) && WTERMSIG(status) == data->signum)
            killed++;
        if (data->signum != SIGKILL) {
            /* the tool catches the signal and reaps its QEMU before it
             * dies: nothing may be left the moment it is gone */
            g_autoptr(GArray) pids = testFindMarked(marker);

            if (pids->len > 0) {
                virTestDiag("run %u: process %d outlived the tool", i + 1,
                            (int)g_array_index(pids, pid_t, 0));
                testWaitMarkedGone();
                return -1;
            }
        }
        if (testCheckGone(0) < 0) {
            virTestDiag("run %u of %u", i + 1, runs);
            return -1;
        }
    }

    virTestDiag("%s: killed during the probe in %u of %u runs (a probe takes %.1f ms here; seed %u)",
                data->name, killed, runs, probeUs / 1000.0, killSeed);
    return 0;
}


static int
testKill(const void *opaque)
{
    g_autofree char *saved = g_strdup(g_getenv("ASAN_OPTIONS"));
    g_autofree char *asan = NULL;
    int rc;

    /* in a sanitizer build, a tool that finishes just as it is killed
     * would start LeakSanitizer's helper task, which shares the tool's
     * memory and dies after it: not a process of the probe, but found
     * by the marker.  A killed tool is not leak-checked anyway. */
    asan = g_strdup_printf("%s%sdetect_leaks=0", saved ? saved : "", saved ? ":" : "");
    g_setenv("ASAN_OPTIONS", asan, TRUE);
    if ((rc = testKillRuns(opaque)) < 0)
        virTestSeedDiag("qemumonitortest", killSeed);
    if (saved)
        g_setenv("ASAN_OPTIONS", saved, TRUE);
    else
        g_unsetenv("ASAN_OPTIONS");
    return rc;
}


/* ---- live: the real QEMU ---- */

static int
testRealQEMU(const void *opaque)
{
    const char *binary = opaque;
    g_autoptr(qemuMonitorSource) src = qemuMonitorSourceNewLive(binary, 30, NULL);
    g_autoptr(qemuMonitor) mon = NULL;
    g_autofree char *package = NULL;
    unsigned int major;
    unsigned int minor;
    unsigned int micro;
    pid_t pid;

    if (!(mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG)))
        return -1;
    pid = qemuMonitorGetPid(mon);
    if (qemuMonitorGetVersion(mon, &major, &minor, &micro, &package) < 0)
        return -1;
    if (qemuMonitorClose(mon) < 0)
        return -1;
    g_clear_pointer(&mon, qemuMonitorFree);
    return testCheckGone(pid);
}


int
main(void)
{
    g_autofree char *dataDir = virTestDataPath("qemumonitordata");
    g_autofree char *own = virTestDataPath("qemumonitordata/two-sessions.replies");
    g_autofree char *index = virTestDataPath("qemumonitordata/index.replies");
    g_autofree char *typed = virTestDataPath("qemumonitordata/typed.replies");
    g_autofree char *python = g_find_program_in_path("python3");
    const char *realQEMU = "/usr/bin/qemu-system-s390x";
    static const testReplayBadData bad[] = {
        { "truncated.replies", "ends in the middle of the JSON value that starts at line 15" },
        { "badjson.replies", "invalid JSON at line 13" },
        { "wrongid.replies", "id 'libvirt-7' at line 16" },
        { "noreply.replies", "ends without the reply to the command 'query-version' at line 11" },
        { "nocaps.replies", "does not start with 'qmp_capabilities'" },
        { "notobject.replies", "not an object at line 11" },
        { "nonfinite.replies", "not finite" },
        { "empty.replies", "holds no QMP session" },
    };
    static const testFixtureData fixtures[] = {
        { "qemu-replies/caps_11.1.0_s390x.cpu.replies", 2, "gen17a-base", "host", "csske" },
        { "qemu-replies/caps_10.0.0_s390x.cpu.replies", 2, "gen16a-base", "host", "csske" },
        { "qemu-replies/caps_9.1.0_s390x.cpu.replies", 2, "gen16a-base", "host", "csske" },
        { "qemu-replies/caps_8.2.0_s390x.cpu.replies", 2, "gen15a-base", "host", NULL },
        { "live/qemu-7.2.22-s390x-tcg.replies", 1, "gen15a-base", "max", NULL },
    };
    static const testFaultData faults[] = {
        { "fault: exits at start", "exit", NULL, 10, 0, true, false,
          VIR_ERR_OPERATION_FAILED, "exited with status 1", "cannot initialise the machine" },
        /* the child holds the socket and the pipe: the exit must be seen
         * all the same (not a timeout), and the child must be killed */
        { "fault: exits, its child keeps the socket open", "forkexit", NULL, 30, 0, true, false,
          VIR_ERR_OPERATION_FAILED, "exited with status 1", "cannot initialise the machine" },
        { "fault: hangs before the greeting", "hang", NULL, 1, 0, true, false,
          VIR_ERR_OPERATION_TIMEOUT, "greeting", "1 seconds" },
        { "fault: prints garbage", "garbage", NULL, 10, 0, true, false,
          VIR_ERR_QMP_PROTOCOL, "invalid JSON", NULL },
        { "fault: closes mid-reply", "closemid", NULL, 10, 0, false, false,
          VIR_ERR_OPERATION_FAILED, "exited with status 3 before answering 'query-version'",
          "crashed in query-version" },
        { "fault: answers with a wrong id", "wrongid", NULL, 10, 0, false, false,
          VIR_ERR_QMP_PROTOCOL, "'libvirt-99' instead of 'libvirt-2'", NULL },
        { "fault: nesting too deep", "deep", NULL, 10, 0, false, false,
          VIR_ERR_QMP_PROTOCOL, "invalid JSON", "nesting too deep" },
        { "fault: a NUL inside a string", "nul", NULL, 10, 0, false, false,
          VIR_ERR_QMP_PROTOCOL, "NUL character (\\u0000)", NULL },
        { "fault: command timeout", "slowcmd", NULL, 30, 300, false, false,
          VIR_ERR_OPERATION_TIMEOUT, "'query-version'", "0.3 seconds" },
        { "fault: probe timeout of one command", "slowcmd", NULL, 1, 0, false, true,
          VIR_ERR_OPERATION_TIMEOUT, "'query-version'", "1 seconds" },
        { "fault: missing binary", NULL, "/nonexistent/qemu-system-s390x", 10, 0, true, false,
          VIR_ERR_SYSTEM_ERROR, "No such file", NULL },
        { "fault: binary not executable", NULL, "qemumonitordata/empty.replies", 10, 0, true, false,
          VIR_ERR_SYSTEM_ERROR, "Permission denied", NULL },
        { "fault: binary is a directory", NULL, "qemumonitordata", 10, 0, true, false,
          VIR_ERR_INVALID_ARG, "not a regular file", NULL },
    };
    static const testFaultData huge = {
        "fault: reply larger than 16 MiB", "huge", NULL, 30, 0, false, false,
        VIR_ERR_QMP_PROTOCOL, "larger than the limit of 16 MiB", NULL
    };
    /* the same, with QEMU's process group instead of a PID namespace */
    const testNoPIDNamespaceData noPIDNamespace[] = {
        { "fake: a child of QEMU is killed with it", testFakeOK, "fork" },
        { faults[1].name, testFault, &faults[1] },
    };
    /* 40 kills of a real probe (200 in the full run), and the fake that
     * leaves a child */
    static const testKillData kills[] = {
        { "kill: SIGKILL during a live probe", "/usr/bin/qemu-system-s390x", NULL, SIGKILL, 20, 100 },
        { "kill: SIGTERM during a live probe", "/usr/bin/qemu-system-s390x", NULL, SIGTERM, 20, 100 },
        { "kill: SIGKILL, a child of QEMU keeps the socket", NULL, "fork", SIGKILL, 10, 10 },
        { "kill: SIGTERM, a child of QEMU keeps the socket", NULL, "fork", SIGTERM, 10, 10 },
    };
    size_t i;

    if (virTestGetSeed(KILL_SEED_SLOW, &killSeed) < 0)
        return 1;

    /* every temporary directory of this run goes here; it must be empty
     * after each live case */
    tmpRoot = g_dir_make_tmp("qemumonitortest-XXXXXX", NULL);
    g_setenv("TMPDIR", tmpRoot, TRUE);
    fakeQEMU = virTestDataPath("qemumonitordata/fakeqemu.py");

    /* replay, the project's own data */
    virTestRun("replay: two-sessions.replies round trip", testReplayRoundTrip, own);
    virTestRun("replay: matching by command and arguments", testReplayOwn, own);
    virTestRun("replay: which requests are the same", testReplayIndex, index);
    virTestRun("replay: 10^5 exchanges", testReplayLarge, NULL);
    virTestRun("replay: a file over the size limit", testReplayTooLarge, NULL);
    virTestRun("replay: every typed monitor call", testTyped, typed);
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *name = g_strdup_printf("replay: rejects %s", bad[i].file);
        virTestRun(name, testReplayBad, &bad[i]);
    }

    /* one live message; the null return was found by fuzz_qmpreply */
    {
        static const testParseData parse[] = {
            { "parse: an empty object returned", "{\"return\": {}, \"id\": \"libvirt-1\"}", NULL },
            { "parse: an array returned", "{\"return\": [], \"id\": \"libvirt-1\"}", NULL },
            { "parse: a null return is refused", "{\"return\": null, \"id\": \"libvirt-1\"}",
              "a null return value" },
        };

        for (i = 0; i < G_N_ELEMENTS(parse); i++)
            virTestRun(parse[i].name, testParseMessage, &parse[i]);
    }

    /* replay, libvirt's recordings */
    for (i = 0; i < G_N_ELEMENTS(fixtures); i++) {
        g_autofree char *name = g_strdup_printf("replay fixture: %s", fixtures[i].file);

        if (!virTestFixturesDir())
            virTestSkip(name, "../shared/fixtures is absent");
        else
            virTestRun(name, testFixtureReplay, &fixtures[i]);
    }

    virTestRun("record: only a regular file or a new path is replaced",
               testRecordRefused, NULL);

    /* live, the fake QEMU */
    virTestMarkUsed(fakeQEMU);
    if (!python) {
        virTestSkip("live fake QEMU", "python3 is not installed");
    } else {
        virTestRun("fake: handshake, commands, quit", testFakeOK, "ok");
        virTestRun("fake: events are skipped", testFakeOK, "event");
        virTestRun("fake: slow partial writes", testFakeOK, "slow");
        virTestRun("fake: the probe timeout applies to each command", testFakeSlowSession, NULL);
        virTestRun("fake: a child of QEMU is killed with it", testFakeOK, "fork");
        virTestRun("fake: error reply", testFakeErrorReply, NULL);
        for (i = 0; i < G_N_ELEMENTS(faults); i++)
            virTestRun(faults[i].name, testFault, &faults[i]);
        for (i = 0; i < G_N_ELEMENTS(noPIDNamespace); i++) {
            g_autofree char *name = g_strdup_printf("%s, without a PID namespace",
                                                    noPIDNamespace[i].name);

            virTestRun(name, testNoPIDNamespace, &noPIDNamespace[i]);
        }
        virTestRun(huge.name, testFakeHuge, &huge);
        virTestRun("fake: record and replay", testFakeRecord, NULL);
        virTestRun("fake: a failed probe is not recorded", testFakeRecordFailed, NULL);
        virTestRun("fake: a failed --record write is said once",
                   testFakeRecordWriteFails, NULL);
    }

    /* live, the real QEMU */
    if (!g_file_test(realQEMU, G_FILE_TEST_IS_EXECUTABLE))
        virTestSkip("real qemu-system-s390x under TCG", "qemu-system-s390x is not installed");
    else
        virTestRun("real qemu-system-s390x under TCG", testRealQEMU, realQEMU);

    /* the tool, killed in the middle of a live probe */
    for (i = 0; i < G_N_ELEMENTS(kills); i++) {
        const char *why = NULL;

        if (!g_getenv("HOSTREC"))
            why = "HOSTREC (the tool to run) is not set";
        else if (g_getenv("HOSTREC_WRAPPER"))
            /* valgrind would be what is killed, and hundreds of runs
             * under it take minutes */
            why = "the tool runs under HOSTREC_WRAPPER";
        else if (kills[i].binary && !g_file_test(kills[i].binary, G_FILE_TEST_IS_EXECUTABLE))
            why = "qemu-system-s390x is not installed";
        else if (!kills[i].binary && !python)
            why = "python3 is not installed";

        if (why)
            virTestSkip(kills[i].name, why);
        else
            virTestRun(kills[i].name, testKill, &kills[i]);
    }

    virTestCheckUnusedFiles(dataDir, NULL);

    g_rmdir(tmpRoot);
    return virTestMain();
}
