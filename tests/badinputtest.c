/*
 * badinputtest.c: hostile and broken input through the tool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One row per case: which command reads the bad input, and the input:
 * either a small committed file badinputdata/INPUT, or one made at run
 * time by a generator (the large ones: a 1 MB attribute, 100,000
 * <feature>s, a document over the size limit, a recording nested 10,000
 * deep, a truncated recording), a real recording with one edit
 * (.edit: a name with ',' '=' control characters or bytes that are not
 * UTF-8, a 'props' of the wrong type) made here, so that the file itself
 * documents nothing but the edit, or a FIFO or a symbolic link where a
 * file belongs.  Every case must fail the way a user
 * deserves: exit status 1, nothing on stdout, exactly one line on stderr,
 * equal to the golden file badinputdata/NAME.err (regenerate with
 * HOSTREC_TEST_REGENERATE_OUTPUT=1 and review).  A crash or a signal is a
 * failure, and so is hanging past meson's timeout (or, for a FIFO, which
 * would block a broken tool forever, past BAD_INPUT_FIFO_KILL_AFTER_SEC).
 *
 * Rows marked .succeeds are strange but valid input: exit status 0, and
 * what the tool prints must be well-formed XML (xmllint --noout, when
 * xmllint is installed; CI installs it) holding no control character but
 * newline, so that no output of the table can break a consumer.
 *
 * The tool runs in a private temporary directory holding the input (under
 * the name INPUT), a good domain (good.xml) and a good recording
 * (good.replies), so messages hold relative names only.  With
 * HOSTREC_WRAPPER set (e.g. to a valgrind command line) the tool runs
 * under it.
 */

#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "testutils.h"

typedef enum {
    BAD_INPUT_VALIDATE = 0,   /* hostrec validate INPUT */
    BAD_INPUT_NATIVE,         /* domxml-to-native qemu-argv INPUT --replay good.replies */
    BAD_INPUT_REPLAY,         /* domxml-to-native qemu-argv good.xml --replay INPUT */
    BAD_INPUT_DOMCAPS,        /* domcapabilities --replay INPUT */
    BAD_INPUT_BASELINE,       /* hypervisor-cpu-baseline cpus.xml --replay INPUT */
    BAD_INPUT_EXPAND,         /* domxml-expand INPUT --replay good.replies */
    BAD_INPUT_RECORD,         /* domcapabilities --no-cache --emulatorbin=./good.xml
                               * --record=INPUT (refused before any probe) */
    BAD_INPUT_TIMEOUT,        /* domcapabilities --no-cache --emulatorbin=./good.xml
                               * --probe-timeout=INPUT (refused while parsing) */

    BAD_INPUT_LAST
} badInputCommand;

/* What INPUT is in the run directory. */
typedef enum {
    BAD_INPUT_KIND_FILE = 0,  /* a regular file (badinputdata/INPUT or .gen) */
    BAD_INPUT_KIND_FIFO,      /* a FIFO nobody writes to: reading it would
                               * block forever, so the run has a bound */
    BAD_INPUT_KIND_SYMLINK,   /* a symbolic link to good.replies */
    BAD_INPUT_KIND_NONE,      /* no file: INPUT is an option's value */

    BAD_INPUT_KIND_LAST
} badInputKind;

/* Make the input: returns its content (and length) or NULL. */
typedef GString *(*badInputGenerator)(void);

/* A real recording with its first @from after @after replaced by @to. */
typedef struct {
    const char *base;             /* NULL: BAD_INPUT_GOOD_REPLIES */
    const char *after;            /* NULL: from the start */
    const char *from;
    const char *to;
} badInputEdit;

typedef struct {
    const char *name;
    badInputCommand cmd;
    const char *input;            /* file name in the run directory */
    badInputGenerator gen;        /* NULL: badinputdata/INPUT is copied */
    badInputEdit edit;            /* .from set: made from a recording */
    bool succeeds;                /* valid input: exit 0, well-formed XML */
    badInputKind kind;
} badInputCase;

/* The bound on a run whose input is a FIFO: only a broken tool gets near
 * it (a passing run takes milliseconds, valgrind included). */
#define BAD_INPUT_FIFO_KILL_AFTER_SEC 60

/* The recording that good.replies is copied from. */
#define BAD_INPUT_GOOD_REPLIES "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"
/* The recording with baseline exchanges, and the CPUs baselined. */
#define BAD_INPUT_BASELINE_REPLIES "cputestdata/qemu-7.2-s390x-tcg.replies"
#define BAD_INPUT_BASELINE_CPUS "cputestdata/baseline-z13-z14.xml"

static const char *badInputDomainHead =
    "<domain type='kvm'>\n"
    "  <name>bad</name>\n"
    "  <memory unit='KiB'>219100</memory>\n"
    "  <os>\n"
    "    <type arch='s390x' machine='s390-ccw-virtio'>hvm</type>\n"
    "  </os>\n";


/* A feature name of 1 MiB: valid XML, so the error comes from QEMU's
 * data (an unknown feature), and the message must stay readable. */
static GString *
badInputGenBigAttribute(void)
{
    GString *buf = g_string_new(badInputDomainHead);

    g_string_append(buf, "  <cpu mode='custom' match='exact'>\n"
                         "    <model fallback='forbid'>z13</model>\n"
                         "    <feature policy='require' name='");
    g_string_set_size(buf, buf->len + 1024 * 1024);
    memset(buf->str + buf->len - 1024 * 1024, 'x', 1024 * 1024);
    g_string_append(buf, "'/>\n  </cpu>\n</domain>\n");
    return buf;
}


/* The same 1 MiB in an enumerated attribute: refused by the parser. */
static GString *
badInputGenBigMode(void)
{
    GString *buf = g_string_new(badInputDomainHead);

    g_string_append(buf, "  <cpu mode='");
    g_string_set_size(buf, buf->len + 1024 * 1024);
    memset(buf->str + buf->len - 1024 * 1024, 'm', 1024 * 1024);
    g_string_append(buf, "'/>\n</domain>\n");
    return buf;
}


static GString *
badInputGenManyFeatures(void)
{
    GString *buf = g_string_new(badInputDomainHead);
    size_t i;

    g_string_append(buf, "  <cpu mode='custom' match='exact'>\n"
                         "    <model fallback='forbid'>z13</model>\n");
    for (i = 0; i < 100000; i++)
        g_string_append_printf(buf, "    <feature policy='require' name='f%zu'/>\n", i);
    g_string_append(buf, "  </cpu>\n</domain>\n");
    return buf;
}


/* Over the 10 MiB document limit, in a comment. */
static GString *
badInputGenTooLarge(void)
{
    GString *buf = g_string_new(badInputDomainHead);

    g_string_append(buf, "  <!-- ");
    g_string_set_size(buf, buf->len + 11 * 1024 * 1024);
    memset(buf->str + buf->len - 11 * 1024 * 1024, 'c', 11 * 1024 * 1024);
    g_string_append(buf, " -->\n</domain>\n");
    return buf;
}


static GString *
badInputGenDeepXML(void)
{
    GString *buf = g_string_new(badInputDomainHead);
    size_t i;

    for (i = 0; i < 10000; i++)
        g_string_append(buf, "<a>");
    for (i = 0; i < 10000; i++)
        g_string_append(buf, "</a>");
    g_string_append(buf, "\n</domain>\n");
    return buf;
}


static GString *
badInputGenDeepReplies(void)
{
    GString *buf = g_string_new("{\n  \"execute\": \"qmp_capabilities\",\n"
                                "  \"id\": \"libvirt-1\"\n}\n\n"
                                "{\n  \"return\": ");
    size_t i;

    for (i = 0; i < 10000; i++)
        g_string_append_c(buf, '[');
    for (i = 0; i < 10000; i++)
        g_string_append_c(buf, ']');
    g_string_append(buf, ",\n  \"id\": \"libvirt-1\"\n}\n");
    return buf;
}


/* The good recording cut in the middle of a JSON object. */
static GString *
badInputGenTruncatedReplies(void)
{
    g_autofree char *path = virTestDataPath(BAD_INPUT_GOOD_REPLIES);
    g_autofree char *data = NULL;
    size_t len = 0;
    size_t cut;
    GString *buf;

    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;

    /* cut just after the first "{" past the middle */
    for (cut = len / 2; cut < len && data[cut] != '{'; cut++)
        ;
    buf = g_string_new_len(data, MIN(cut + 1, len));
    return buf;
}


static GString *
badInputEditRecording(const badInputEdit *edit)
{
    g_autofree char *path = virTestDataPath("%s", edit->base ? edit->base
                                                             : BAD_INPUT_GOOD_REPLIES);
    g_autofree char *data = NULL;
    const char *start;
    const char *at;
    GString *buf;

    if (!g_file_get_contents(path, &data, NULL, NULL))
        return NULL;

    start = data;
    if (edit->after && !(start = strstr(data, edit->after)))
        return NULL;
    if (!(at = strstr(start, edit->from)))
        return NULL;

    buf = g_string_new_len(data, at - data);
    g_string_append(buf, edit->to);
    g_string_append(buf, at + strlen(edit->from));
    return buf;
}


#define EXPANSION "\"query-cpu-model-expansion\""

static const badInputCase cases[] = {
    /* XML the parser must refuse */
    { .name = "malformed", .cmd = BAD_INPUT_VALIDATE, .input = "malformed.xml" },
    { .name = "empty", .cmd = BAD_INPUT_VALIDATE, .input = "empty.xml" },
    { .name = "external-entity", .cmd = BAD_INPUT_VALIDATE, .input = "external-entity.xml" },
    { .name = "external-dtd", .cmd = BAD_INPUT_VALIDATE, .input = "external-dtd.xml" },
    { .name = "entity-bomb", .cmd = BAD_INPUT_VALIDATE, .input = "entity-bomb.xml" },
    { .name = "non-utf8", .cmd = BAD_INPUT_VALIDATE, .input = "non-utf8.xml" },
    { .name = "wrong-root", .cmd = BAD_INPUT_VALIDATE, .input = "wrong-root.xml" },
    { .name = "too-large", .cmd = BAD_INPUT_VALIDATE, .input = "too-large.xml",
      .gen = badInputGenTooLarge },
    { .name = "deep-xml", .cmd = BAD_INPUT_VALIDATE, .input = "deep-xml.xml",
      .gen = badInputGenDeepXML },
    { .name = "big-mode", .cmd = BAD_INPUT_VALIDATE, .input = "big-mode.xml",
      .gen = badInputGenBigMode },
    { .name = "many-features", .cmd = BAD_INPUT_VALIDATE, .input = "many-features.xml",
      .gen = badInputGenManyFeatures },

    /* well-formed XML that breaks the rules */
    { .name = "unknown-mode", .cmd = BAD_INPUT_VALIDATE, .input = "unknown-mode.xml" },
    { .name = "unknown-policy", .cmd = BAD_INPUT_VALIDATE, .input = "unknown-policy.xml" },
    { .name = "duplicate-feature", .cmd = BAD_INPUT_VALIDATE, .input = "duplicate-feature.xml" },
    /* a topology whose product wraps 64 bits to the vCPU count */
    { .name = "topology-wraps", .cmd = BAD_INPUT_VALIDATE, .input = "topology-wraps.xml" },

    /* valid XML that QEMU's data refuses */
    { .name = "unknown-model", .cmd = BAD_INPUT_NATIVE, .input = "unknown-model.xml" },
    { .name = "unknown-feature", .cmd = BAD_INPUT_NATIVE, .input = "unknown-feature.xml" },
    { .name = "wrong-arch", .cmd = BAD_INPUT_NATIVE, .input = "wrong-arch.xml" },
    { .name = "big-attribute", .cmd = BAD_INPUT_NATIVE, .input = "big-attribute.xml",
      .gen = badInputGenBigAttribute },
    { .name = "newline-in-name", .cmd = BAD_INPUT_NATIVE, .input = "newline-in-name.xml" },
    { .name = "topology-wraps-native", .cmd = BAD_INPUT_NATIVE,
      .input = "topology-wraps.xml" },

    /* names that would add keys to a QEMU option (issue 10) */
    { .name = "feature-comma-injection", .cmd = BAD_INPUT_NATIVE,
      .input = "feature-comma-injection.xml" },
    { .name = "feature-comma-injection-validate", .cmd = BAD_INPUT_VALIDATE,
      .input = "feature-comma-injection.xml" },
    { .name = "feature-equals", .cmd = BAD_INPUT_VALIDATE, .input = "feature-equals.xml" },
    /* the recording has no query-cpu-definitions: no model list to stop it */
    { .name = "model-comma-injection", .cmd = BAD_INPUT_NATIVE,
      .input = "model-comma-injection.xml" },
    { .name = "machine-comma-injection", .cmd = BAD_INPUT_VALIDATE,
      .input = "machine-comma-injection.xml" },
    { .name = "feature-optional-deprecated", .cmd = BAD_INPUT_EXPAND,
      .input = "feature-optional-deprecated.xml" },
    { .name = "domain-name-markup", .cmd = BAD_INPUT_EXPAND,
      .input = "domain-name-markup.xml", .succeeds = true },
    { .name = "domain-name-markup-argv", .cmd = BAD_INPUT_NATIVE,
      .input = "domain-name-markup.xml", .succeeds = true },

    /* broken recordings */
    { .name = "replies-empty", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-empty.replies" },
    { .name = "replies-garbage", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-garbage.replies" },
    { .name = "replies-truncated", .cmd = BAD_INPUT_DOMCAPS, .input = "truncated.replies",
      .gen = badInputGenTruncatedReplies },
    { .name = "replies-wrong-shape", .cmd = BAD_INPUT_DOMCAPS,
      .input = "replies-wrong-shape.replies" },
    { .name = "replies-wrong-type", .cmd = BAD_INPUT_DOMCAPS,
      .input = "replies-wrong-type.replies" },
    { .name = "replies-wrong-id", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-wrong-id.replies" },
    { .name = "replies-nan", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-nan.replies" },
    { .name = "replies-infinity", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-infinity.replies" },
    { .name = "replies-overflow", .cmd = BAD_INPUT_DOMCAPS, .input = "replies-overflow.replies" },
    { .name = "replies-deep", .cmd = BAD_INPUT_DOMCAPS, .input = "deep.replies",
      .gen = badInputGenDeepReplies },
    { .name = "replies-no-queries", .cmd = BAD_INPUT_REPLAY,
      .input = "replies-no-queries.replies" },

    /* names from QEMU (issue 10): each is refused where the reply is read */
    { .name = "replies-machine-comma", .cmd = BAD_INPUT_REPLAY, .input = "edited.replies",
      .edit = { .from = "\"name\": \"s390-ccw-virtio-7.2\"",
                .to = "\"name\": \"s390-ccw-virtio-7.2,accel=tcg,dump-guest-core=on\"" } },
    { .name = "replies-arch-slash", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"arch\": \"s390x\"", .to = "\"arch\": \"s390x/../x\"" } },
    { .name = "replies-machine-alias-comma", .cmd = BAD_INPUT_REPLAY,
      .input = "edited.replies",
      .edit = { .from = "\"alias\": \"s390-ccw-virtio\"",
                .to = "\"alias\": \"s390-ccw-virtio,dump-guest-core=on\"" } },
    { .name = "replies-model-comma", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"name\": \"z14\"", .to = "\"name\": \"z14,te=on\"" } },
    /* QEMU's ppc64 names a model "conan/doyle": a '/' inside a CPU model
     * name is taken (and printed), at its start or in an arch or a
     * feature name it is not */
    { .name = "replies-model-slash", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"name\": \"z14\"", .to = "\"name\": \"conan/doyle\"" },
      .succeeds = true },
    { .name = "replies-model-leading-slash", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"name\": \"z14\"", .to = "\"name\": \"/z14\"" } },
    { .name = "replies-prop-slash", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"te/x\": true" } },
    { .name = "replies-blocker-comma", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .after = "\"query-cpu-definitions\"",
                .from = "\"unavailable-features\": [",
                .to = "\"unavailable-features\": [\"te,csske=on\"" } },
    { .name = "replies-expansion-model-comma", .cmd = BAD_INPUT_DOMCAPS,
      .input = "edited.replies",
      .edit = { .after = "\"return\": {\n    \"deprecated-props\"",
                .from = "\"name\": \"gen16a-base\"",
                .to = "\"name\": \"gen16a-base,te=on\"" } },
    { .name = "replies-prop-comma", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"x-y,te=on\": true" } },
    { .name = "replies-prop-equals", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"csske=on\": true" } },
    { .name = "replies-prop-control", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"cs\\u001b[2Jske\": true" } },
    { .name = "replies-prop-not-utf8", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"cs\xff\xfeke\": true" } },
    { .name = "replies-prop-c1", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"cs\\u009bke\": true" } },
    /* a NUL would cut the name short: "cs" is no name QEMU sent */
    { .name = "replies-prop-nul", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"cs\\u0000ske\": true" } },
    { .name = "replies-model-nul", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .from = "\"name\": \"z14\"", .to = "\"name\": \"z14\\u0000x\"" } },
    { .name = "replies-deprecated-nul", .cmd = BAD_INPUT_DOMCAPS,
      .input = "edited.replies",
      .edit = { .after = "\"deprecated-props\"", .from = "\"csske\"",
                .to = "\"csske\\u0000x\"" } },
    /* "\\u0000" is a backslash and "u0000", no NUL: the name rule refuses it */
    { .name = "replies-prop-backslash-u0000", .cmd = BAD_INPUT_DOMCAPS,
      .input = "edited.replies",
      .edit = { .from = "\"csske\": true", .to = "\"cs\\\\u0000ske\": true" } },
    { .name = "replies-deprecated-comma", .cmd = BAD_INPUT_DOMCAPS,
      .input = "edited.replies",
      .edit = { .after = "\"deprecated-props\"", .from = "\"csske\"",
                .to = "\"csske,te=on\"" } },
    { .name = "replies-deprecated-null", .cmd = BAD_INPUT_DOMCAPS,
      .input = "edited.replies",
      .edit = { .from = "\"deprecated-props\": [", .to = "\"deprecated-props\": null, \"x\": [" } },

    /* props of the wrong type (absent is allowed: QMP makes it optional) */
    { .name = "replies-props-string", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .after = EXPANSION, .from = "\"props\": {",
                .to = "\"props\": \"te\", \"x\": {" } },
    { .name = "replies-props-null", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .after = EXPANSION, .from = "\"props\": {",
                .to = "\"props\": null, \"x\": {" } },
    { .name = "replies-props-number", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .after = EXPANSION, .from = "\"props\": {",
                .to = "\"props\": 1, \"x\": {" } },
    { .name = "replies-props-absent", .cmd = BAD_INPUT_DOMCAPS, .input = "edited.replies",
      .edit = { .after = EXPANSION, .from = "\"props\": {",
                .to = "\"x\": {" }, .succeeds = true },
    { .name = "baseline-props-null", .cmd = BAD_INPUT_BASELINE, .input = "edited.replies",
      .edit = { .base = BAD_INPUT_BASELINE_REPLIES, .after = "\"return\"",
                .from = "\"props\": {", .to = "\"props\": null, \"x\": {" } },
    { .name = "baseline-props-string", .cmd = BAD_INPUT_BASELINE, .input = "edited.replies",
      .edit = { .base = BAD_INPUT_BASELINE_REPLIES, .after = "\"return\"",
                .from = "\"props\": {", .to = "\"props\": \"te\", \"x\": {" } },
    { .name = "baseline-prop-comma", .cmd = BAD_INPUT_BASELINE, .input = "edited.replies",
      .edit = { .base = BAD_INPUT_BASELINE_REPLIES, .after = "\"return\"",
                .from = "\"aen\": true", .to = "\"aen,te=on\": true" } },

    /* files that are not regular files: read without blocking, never replaced */
    { .name = "fifo-domain", .cmd = BAD_INPUT_VALIDATE, .input = "fifo.xml",
      .kind = BAD_INPUT_KIND_FIFO },
    { .name = "fifo-replies", .cmd = BAD_INPUT_DOMCAPS, .input = "fifo.replies",
      .kind = BAD_INPUT_KIND_FIFO },
    { .name = "record-fifo", .cmd = BAD_INPUT_RECORD, .input = "record.fifo",
      .kind = BAD_INPUT_KIND_FIFO },
    { .name = "record-symlink", .cmd = BAD_INPUT_RECORD, .input = "record.link",
      .kind = BAD_INPUT_KIND_SYMLINK },

    /* numbers out of range or not numbers at all */
    { .name = "timeout-inf", .cmd = BAD_INPUT_TIMEOUT, .input = "inf",
      .kind = BAD_INPUT_KIND_NONE },
    { .name = "timeout-huge", .cmd = BAD_INPUT_TIMEOUT, .input = "1e19",
      .kind = BAD_INPUT_KIND_NONE },
    { .name = "timeout-nan", .cmd = BAD_INPUT_TIMEOUT, .input = "nan",
      .kind = BAD_INPUT_KIND_NONE },
    { .name = "timeout-negative", .cmd = BAD_INPUT_TIMEOUT, .input = "-1",
      .kind = BAD_INPUT_KIND_NONE },
    { .name = "timeout-zero", .cmd = BAD_INPUT_TIMEOUT, .input = "0",
      .kind = BAD_INPUT_KIND_NONE },
    { .name = "timeout-over-a-day", .cmd = BAD_INPUT_TIMEOUT, .input = "86401",
      .kind = BAD_INPUT_KIND_NONE },
};


/* The run directory, made once. */
static char *badInputDir;


/* xmllint --noout on @xml: well-formed or a diagnostic. */
static int
badInputXMLLint(const char *xmllint,
                const char *xml)
{
    g_autofree char *path = g_build_filename(badInputDir, "output.xml", NULL);
    g_autofree char *lintErr = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *argv[] = { xmllint, "--noout", "--nonet", path, NULL };
    int status = 0;

    if (!g_file_set_contents(path, xml, -1, &gerr) ||
        !g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, &lintErr, &status, &gerr)) {
        virTestDiag("cannot run xmllint: %s", gerr->message);
        return -1;
    }
    g_unlink(path);
    if (!g_spawn_check_wait_status(status, NULL)) {
        virTestDiag("xmllint: the output is not well-formed XML: %.300s", lintErr);
        return -1;
    }
    return 0;
}


static int
badInputCopy(const char *rel,
             const char *dest)
{
    g_autofree char *src = virTestDataPath("%s", rel);
    g_autofree char *path = g_build_filename(badInputDir, dest, NULL);
    g_autofree char *data = NULL;
    g_autoptr(GError) gerr = NULL;
    size_t len = 0;

    virTestMarkUsed(src);
    if (!g_file_get_contents(src, &data, &len, &gerr) ||
        !g_file_set_contents(path, data, len, &gerr)) {
        virTestDiag("cannot copy %s: %s", rel, gerr->message);
        return -1;
    }
    return 0;
}


static void
badInputArgs(GPtrArray *argv,
             const badInputCase *tc)
{
    switch (tc->cmd) {
    case BAD_INPUT_VALIDATE:
        g_ptr_array_add(argv, g_strdup("validate"));
        g_ptr_array_add(argv, g_strdup(tc->input));
        break;
    case BAD_INPUT_NATIVE:
        g_ptr_array_add(argv, g_strdup("domxml-to-native"));
        g_ptr_array_add(argv, g_strdup("qemu-argv"));
        g_ptr_array_add(argv, g_strdup(tc->input));
        g_ptr_array_add(argv, g_strdup("--replay=good.replies"));
        break;
    case BAD_INPUT_REPLAY:
        g_ptr_array_add(argv, g_strdup("domxml-to-native"));
        g_ptr_array_add(argv, g_strdup("qemu-argv"));
        g_ptr_array_add(argv, g_strdup("good.xml"));
        g_ptr_array_add(argv, g_strdup_printf("--replay=%s", tc->input));
        break;
    case BAD_INPUT_DOMCAPS:
        g_ptr_array_add(argv, g_strdup("domcapabilities"));
        g_ptr_array_add(argv, g_strdup_printf("--replay=%s", tc->input));
        break;
    case BAD_INPUT_BASELINE:
        g_ptr_array_add(argv, g_strdup("hypervisor-cpu-baseline"));
        g_ptr_array_add(argv, g_strdup("cpus.xml"));
        g_ptr_array_add(argv, g_strdup_printf("--replay=%s", tc->input));
        break;
    case BAD_INPUT_EXPAND:
        g_ptr_array_add(argv, g_strdup("domxml-expand"));
        g_ptr_array_add(argv, g_strdup(tc->input));
        g_ptr_array_add(argv, g_strdup("--replay=good.replies"));
        break;
    case BAD_INPUT_RECORD:
        g_ptr_array_add(argv, g_strdup("domcapabilities"));
        g_ptr_array_add(argv, g_strdup("--no-cache"));
        g_ptr_array_add(argv, g_strdup("--emulatorbin=./good.xml"));
        g_ptr_array_add(argv, g_strdup_printf("--record=%s", tc->input));
        break;
    case BAD_INPUT_TIMEOUT:
        g_ptr_array_add(argv, g_strdup("domcapabilities"));
        g_ptr_array_add(argv, g_strdup("--no-cache"));
        g_ptr_array_add(argv, g_strdup("--emulatorbin=./good.xml"));
        g_ptr_array_add(argv, g_strdup_printf("--probe-timeout=%s", tc->input));
        break;
    case BAD_INPUT_LAST:
    default:
        g_assert_not_reached();
    }
}


/* What a valid run printed is well-formed XML (when it is XML) with no
 * control character but newline; warnings on stderr are one line each
 * with none either. */
static int
badInputCheckOutput(const badInputCase *tc,
                    int status,
                    const char *out,
                    const char *err)
{
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    const char *p;

    if (status != 0) {
        virTestDiag("exit status %d, expected 0; stderr: %.300s", status, err);
        return -1;
    }
    if (!*out) {
        virTestDiag("nothing on stdout");
        return -1;
    }
    for (p = out; *p; p++) {
        if ((unsigned char)*p < 0x20 && *p != '\n') {
            virTestDiag("stdout holds the control character 0x%02x", *p);
            return -1;
        }
    }
    for (p = err; *p; p++) {
        if ((unsigned char)*p < 0x20 && *p != '\n') {
            virTestDiag("stderr holds the control character 0x%02x", *p);
            return -1;
        }
    }

    if (tc->cmd != BAD_INPUT_NATIVE && xmllint &&
        badInputXMLLint(xmllint, out) < 0)
        return -1;
    return 0;
}


/* Make tc->input in the run directory. */
static int
badInputMake(const badInputCase *tc)
{
    g_autofree char *path = g_build_filename(badInputDir, tc->input, NULL);
    g_autoptr(GError) gerr = NULL;

    switch (tc->kind) {
    case BAD_INPUT_KIND_FILE:
        break;
    case BAD_INPUT_KIND_NONE:
        return 0;
    case BAD_INPUT_KIND_FIFO:
        if (mkfifo(path, 0600) < 0) {
            virTestDiag("cannot make the FIFO %s: %s", tc->input, g_strerror(errno));
            return -1;
        }
        return 0;
    case BAD_INPUT_KIND_SYMLINK:
        if (symlink("good.replies", path) < 0) {
            virTestDiag("cannot make the link %s: %s", tc->input, g_strerror(errno));
            return -1;
        }
        return 0;
    case BAD_INPUT_KIND_LAST:
    default:
        g_assert_not_reached();
    }

    if (tc->gen || tc->edit.from) {
        g_autoptr(GString) data = tc->gen ? tc->gen() : badInputEditRecording(&tc->edit);

        if (!data ||
            !g_file_set_contents(path, data->str, data->len, &gerr)) {
            virTestDiag("cannot make %s: %s", tc->input,
                        gerr ? gerr->message : "no data");
            return -1;
        }
    } else {
        g_autofree char *rel = g_strdup_printf("badinputdata/%s", tc->input);

        if (badInputCopy(rel, tc->input) < 0)
            return -1;
    }
    return 0;
}


static int
badInputRun(const void *opaque)
{
    const badInputCase *tc = opaque;
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *errPath = virTestDataPath("badinputdata/%s.err", tc->name);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) envp = g_get_environ();
    virTestToolRun run = { .cwd = badInputDir };
    const char *nl;
    int status;

    if (badInputMake(tc) < 0)
        return -1;
    if (tc->kind == BAD_INPUT_KIND_FIFO)
        run.killAfterSec = BAD_INPUT_FIFO_KILL_AFTER_SEC;

    badInputArgs(argv, tc);
    g_ptr_array_add(argv, NULL);

    /* no cache of this machine is read or written */
    envp = g_environ_setenv(envp, "XDG_CACHE_HOME", badInputDir, TRUE);
    run.args = (const char * const *)argv->pdata;
    run.envp = envp;

    if ((status = virTestRunToolFull(&run, &out, &err)) < 0)
        return -1;
    if (tc->succeeds)
        return badInputCheckOutput(tc, status, out, err);
    if (status != 1) {
        virTestDiag("exit status %d, expected 1; stderr: %.300s",
                    status, err);
        return -1;
    }
    if (*out) {
        virTestDiag("stdout is not empty: %.300s", out);
        return -1;
    }
    nl = strchr(err, '\n');
    if (!nl || nl[1] != '\0') {
        virTestDiag("stderr is not exactly one line: %.300s", err);
        return -1;
    }
    /* a readable line: the messages elide what would be longer */
    if (strlen(err) > 1100) {
        virTestDiag("stderr is %zu bytes long", strlen(err));
        return -1;
    }

    return virTestCompareToFile(err, errPath);
}


static int
badInputSetUp(void)
{
    g_autoptr(GError) gerr = NULL;

    if (!(badInputDir = g_dir_make_tmp("hostrec-badinput-XXXXXX", &gerr))) {
        virTestDiag("cannot make a temporary directory: %s", gerr->message);
        return -1;
    }
    if (badInputCopy(BAD_INPUT_GOOD_REPLIES, "good.replies") < 0 ||
        badInputCopy(BAD_INPUT_BASELINE_CPUS, "cpus.xml") < 0 ||
        badInputCopy("badinputdata/good.xml", "good.xml") < 0)
        return -1;
    return 0;
}


static void
badInputTearDown(void)
{
    g_autoptr(GDir) dir = NULL;
    const char *ent;

    if (!badInputDir)
        return;
    if ((dir = g_dir_open(badInputDir, 0, NULL))) {
        while ((ent = g_dir_read_name(dir))) {
            g_autofree char *path = g_build_filename(badInputDir, ent, NULL);

            /* the tool may have made an (empty) cache directory; a FIFO
             * or a link is removed, not followed */
            if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK) &&
                g_file_test(path, G_FILE_TEST_IS_DIR))
                g_rmdir(path);
            else
                g_unlink(path);
        }
    }
    g_rmdir(badInputDir);
    g_clear_pointer(&badInputDir, g_free);
}


int
main(void)
{
    g_autofree char *dir = virTestDataPath("badinputdata");
    size_t i;

    if (badInputSetUp() < 0) {
        badInputTearDown();
        return EXIT_FAILURE;
    }

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, badInputRun, &cases[i]);

    badInputTearDown();
    virTestCheckUnusedFiles(dir, NULL);
    return virTestMain();
}
