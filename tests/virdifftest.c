/*
 * virdifftest.c: the unified diff of src/util/virdiff.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One row per pair of texts with the diff expected.  Where GNU diff is
 * installed (diffutils is essential in Debian), each row is also checked
 * against "diff -u" of the same texts, the format's reference: the rows
 * are chosen so that the lines kept are the only longest common ones,
 * where any two correct diffs agree.
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "testutils.h"
#include "virdiff.h"

typedef struct {
    const char *name;
    const char *old;
    const char *new;
    const char *diff;      /* without the two header lines; "" for none */
    bool notGNU;           /* not compared with GNU diff (see the row) */
} testDiffCase;

static const testDiffCase cases[] = {
    { .name = "same", .old = "a\nb\n", .new = "a\nb\n", .diff = "" },
    { .name = "same-no-final-newline", .old = "a\nb", .new = "a\nb\n", .diff = "",
      /* GNU diff tells the missing newline apart; the element text
       * compared here never lacks one */
      .notGNU = true },
    { .name = "both-empty", .old = "", .new = "", .diff = "" },
    { .name = "from-empty", .old = "", .new = "a\nb\n",
      .diff = "@@ -0,0 +1,2 @@\n+a\n+b\n" },
    { .name = "to-empty", .old = "a\n", .new = "",
      .diff = "@@ -1 +0,0 @@\n-a\n" },
    { .name = "change-middle",
      .old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
      .new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
      .diff = "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n" },
    { .name = "insert-first",
      .old = "b\nc\nd\ne\nf\n",
      .new = "a\nb\nc\nd\ne\nf\n",
      .diff = "@@ -1,3 +1,4 @@\n+a\n b\n c\n d\n" },
    { .name = "delete-last",
      .old = "a\nb\nc\nd\ne\n",
      .new = "a\nb\nc\nd\n",
      .diff = "@@ -2,4 +2,3 @@\n b\n c\n d\n-e\n" },
    { .name = "two-hunks",
      .old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n",
      .new = "1\nII\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\nXIV\n15\n",
      .diff = "@@ -1,5 +1,5 @@\n 1\n-2\n+II\n 3\n 4\n 5\n"
              "@@ -11,5 +11,5 @@\n 11\n 12\n 13\n-14\n+XIV\n 15\n" },
    { .name = "merged-hunks",
      .old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
      .new = "1\nII\n3\n4\n5\n6\n7\n8\nIX\n10\n",
      .diff = "@@ -1,10 +1,10 @@\n 1\n-2\n+II\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+IX\n 10\n" },
    { .name = "cpu-element",
      .old = "<cpu mode='host-model' check='partial'/>\n",
      .new = "<cpu mode='custom' match='exact' check='none'>\n"
             "  <model fallback='forbid'>gen15a-base</model>\n"
             "  <feature policy='disable' name='csske'/>\n"
             "</cpu>\n",
      .diff = "@@ -1 +1,4 @@\n"
              "-<cpu mode='host-model' check='partial'/>\n"
              "+<cpu mode='custom' match='exact' check='none'>\n"
              "+  <model fallback='forbid'>gen15a-base</model>\n"
              "+  <feature policy='disable' name='csske'/>\n"
              "+</cpu>\n" },
    { .name = "feature-flips",
      .old = "<cpu>\n  <model>z</model>\n  <feature policy='require' name='bpb'/>\n"
             "  <feature policy='require' name='vx'/>\n  <feature policy='require' name='te'/>\n</cpu>\n",
      .new = "<cpu>\n  <model>z</model>\n  <feature policy='disable' name='bpb'/>\n"
             "  <feature policy='require' name='vx'/>\n  <feature policy='disable' name='te'/>\n</cpu>\n",
      .diff = "@@ -1,6 +1,6 @@\n <cpu>\n   <model>z</model>\n"
              "-  <feature policy='require' name='bpb'/>\n+  <feature policy='disable' name='bpb'/>\n"
              "   <feature policy='require' name='vx'/>\n"
              "-  <feature policy='require' name='te'/>\n+  <feature policy='disable' name='te'/>\n"
              " </cpu>\n" },
};

/* GNU diff -u of the two texts, without its two header lines; NULL when
 * diff cannot be run. */
static char *
testDiffGNU(const testDiffCase *tc)
{
    g_autofree char *dir = g_dir_make_tmp("hostrec-virdifftest-XXXXXX", NULL);
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    g_autofree char *out = NULL;
    const char *body;
    int status;

    if (!dir)
        return NULL;
    a = g_build_filename(dir, "a", NULL);
    b = g_build_filename(dir, "b", NULL);
    if (g_file_set_contents(a, tc->old, -1, NULL) &&
        g_file_set_contents(b, tc->new, -1, NULL)) {
        const char *argv[] = { "diff", "-u", a, b, NULL };

        if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
                          G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                          &out, NULL, &status, NULL))
            g_clear_pointer(&out, g_free);
    }
    g_unlink(a);
    g_unlink(b);
    g_rmdir(dir);
    if (!out)
        return NULL;
    body = out;
    if (g_str_has_prefix(body, "--- ") && (body = strchr(body, '\n')) &&
        g_str_has_prefix(body + 1, "+++ ") && (body = strchr(body + 1, '\n')))
        return g_strdup(body + 1);
    return g_strdup(out);
}

static int
testDiff(const void *opaque)
{
    const testDiffCase *tc = opaque;
    g_autofree char *diff = virDiffUnified(tc->old, tc->new, "before", "after");
    g_autofree char *expected = NULL;
    g_autofree char *gnu = NULL;

    if (*tc->diff)
        expected = g_strdup_printf("--- before\n+++ after\n%s", tc->diff);
    else
        expected = g_strdup("");
    if (virTestCompareStrings(expected, diff, "diff") < 0)
        return -1;

    if (tc->notGNU || !(gnu = testDiffGNU(tc)))
        return 0;
    return virTestCompareStrings(gnu, tc->diff, "GNU diff -u");
}

/* Beyond VIR_DIFF_MAX_CELLS the middle parts are replaced whole: still
 * a diff that turns one text into the other. */
static int
testDiffLarge(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GString) a = g_string_new("head\n");
    g_autoptr(GString) b = g_string_new("head\n");
    g_autofree char *diff = NULL;
    g_autofree char *hunk = NULL;
    size_t i;

    /* one line in common in the middle: a minimal diff would keep it */
    for (i = 0; i < 2100; i++) {
        if (i == 1000) {
            g_string_append(a, "same\n");
            g_string_append(b, "same\n");
            continue;
        }
        g_string_append_printf(a, "a%zu\n", i);
        g_string_append_printf(b, "b%zu\n", i);
    }
    g_string_append(a, "tail\n");
    g_string_append(b, "tail\n");
    diff = virDiffUnified(a->str, b->str, "a", "b");
    hunk = g_strdup("@@ -1,2102 +1,2102 @@\n head\n-a0\n");
    if (!g_str_has_prefix(diff, "--- a\n+++ b\n") || !strstr(diff, hunk) ||
        !strstr(diff, "-same\n") || !strstr(diff, "+same\n") ||
        !strstr(diff, "-a2099\n+b0\n") || !g_str_has_suffix(diff, "+b2099\n tail\n")) {
        virTestDiag("unexpected diff of the large texts (%zu bytes)", strlen(diff));
        return -1;
    }
    return 0;
}

int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, testDiff, &cases[i]);
    virTestRun("large-fallback", testDiffLarge, NULL);
    return virTestMain();
}
