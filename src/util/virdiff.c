/*
 * virdiff.c: a unified diff of two short texts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "virdiff.h"

#define VIR_DIFF_CONTEXT 3

typedef enum {
    VIR_DIFF_KEEP = 0,
    VIR_DIFF_DEL,
    VIR_DIFF_ADD,

    VIR_DIFF_LAST
} virDiffOp;

typedef struct {
    virDiffOp op;
    size_t oldLine;     /* 0-based line in the old text (KEEP, DEL) */
    size_t newLine;     /* 0-based line in the new text (KEEP, ADD) */
} virDiffEdit;

/* @text split at newlines, without a last empty line for a final
 * newline; *@n lines. */
static char **
virDiffSplit(const char *text,
             size_t *n)
{
    char **lines = g_strsplit(text, "\n", -1);
    size_t len = g_strv_length(lines);

    if (len > 0 && lines[len - 1][0] == '\0') {
        g_free(lines[len - 1]);
        lines[--len] = NULL;
    }
    *n = len;
    return lines;
}

/* The edit script for the middle parts old[o0..o1) and new[n0..n1):
 * appended to @edits. */
static void
virDiffMiddle(char **oldLines,
              size_t o0,
              size_t o1,
              char **newLines,
              size_t n0,
              size_t n1,
              GArray *edits)
{
    size_t rows = o1 - o0;
    size_t cols = n1 - n0;
    g_autofree guint32 *lcs = NULL;
    size_t i;
    size_t j;

    if (rows == 0 || cols == 0 ||
        (rows + 1) > VIR_DIFF_MAX_CELLS / (cols + 1)) {
        for (i = o0; i < o1; i++) {
            virDiffEdit e = { VIR_DIFF_DEL, i, n0 };
            g_array_append_val(edits, e);
        }
        for (j = n0; j < n1; j++) {
            virDiffEdit e = { VIR_DIFF_ADD, o1, j };
            g_array_append_val(edits, e);
        }
        return;
    }

    /* lcs[i * (cols + 1) + j]: the longest common subsequence of
     * old[o0 + i..o1) and new[n0 + j..n1) */
    lcs = g_new0(guint32, (rows + 1) * (cols + 1));
    for (i = rows; i-- > 0;) {
        for (j = cols; j-- > 0;) {
            guint32 *cell = &lcs[i * (cols + 1) + j];

            if (STREQ(oldLines[o0 + i], newLines[n0 + j]))
                *cell = lcs[(i + 1) * (cols + 1) + j + 1] + 1;
            else
                *cell = MAX(lcs[(i + 1) * (cols + 1) + j], lcs[i * (cols + 1) + j + 1]);
        }
    }

    i = 0;
    j = 0;
    while (i < rows || j < cols) {
        virDiffEdit e;

        if (i < rows && j < cols && STREQ(oldLines[o0 + i], newLines[n0 + j])) {
            e = (virDiffEdit) { VIR_DIFF_KEEP, o0 + i++, n0 + j++ };
        } else if (j == cols ||
                   (i < rows && lcs[(i + 1) * (cols + 1) + j] >= lcs[i * (cols + 1) + j + 1])) {
            e = (virDiffEdit) { VIR_DIFF_DEL, o0 + i++, n0 + j };
        } else {
            e = (virDiffEdit) { VIR_DIFF_ADD, o0 + i, n0 + j++ };
        }
        g_array_append_val(edits, e);
    }
}

/* "a,b" of a hunk header: the first line (1-based; the line before an
 * empty range) and the count, ",b" left out when it is 1, as diff -u. */
static void
virDiffRange(GString *buf,
             size_t first,
             size_t count)
{
    if (count == 1)
        g_string_append_printf(buf, "%zu", first + 1);
    else
        g_string_append_printf(buf, "%zu,%zu", count ? first + 1 : first, count);
}

/* The end (exclusive) of the hunk whose first change is ed[i]: after
 * VIR_DIFF_CONTEXT unchanged lines that are not followed by another
 * change within 2 * VIR_DIFF_CONTEXT, or at the end of the @n edits. */
static size_t
virDiffHunkEnd(const virDiffEdit *ed,
               size_t n,
               size_t i)
{
    size_t end = i;

    while (end < n) {
        size_t run = 0;

        while (end + run < n && ed[end + run].op == VIR_DIFF_KEEP)
            run++;
        if (end + run == n || run > 2 * VIR_DIFF_CONTEXT)
            return end + MIN(run, VIR_DIFF_CONTEXT);
        end += run;
        while (end < n && ed[end].op != VIR_DIFF_KEEP)
            end++;
    }
    return end;
}

/* Append the hunk of the edits ed[start..end) to @buf: its "@@" line,
 * then one line per edit. */
static void
virDiffHunk(GString *buf,
            const virDiffEdit *ed,
            size_t start,
            size_t end,
            char **oldLines,
            char **newLines)
{
    size_t oldCount = 0;
    size_t newCount = 0;
    size_t k;

    for (k = start; k < end; k++) {
        switch (ed[k].op) {
        case VIR_DIFF_KEEP:
            oldCount++;
            newCount++;
            break;
        case VIR_DIFF_DEL:
            oldCount++;
            break;
        case VIR_DIFF_ADD:
            newCount++;
            break;
        case VIR_DIFF_LAST:
        default:
            break;
        }
    }
    g_string_append(buf, "@@ -");
    virDiffRange(buf, ed[start].oldLine, oldCount);
    g_string_append(buf, " +");
    virDiffRange(buf, ed[start].newLine, newCount);
    g_string_append(buf, " @@\n");
    for (k = start; k < end; k++) {
        switch (ed[k].op) {
        case VIR_DIFF_KEEP:
            g_string_append_printf(buf, " %s\n", oldLines[ed[k].oldLine]);
            break;
        case VIR_DIFF_DEL:
            g_string_append_printf(buf, "-%s\n", oldLines[ed[k].oldLine]);
            break;
        case VIR_DIFF_ADD:
            g_string_append_printf(buf, "+%s\n", newLines[ed[k].newLine]);
            break;
        case VIR_DIFF_LAST:
        default:
            break;
        }
    }
}

char *
virDiffUnified(const char *oldText,
               const char *newText,
               const char *oldLabel,
               const char *newLabel)
{
    g_auto(GStrv) oldLines = NULL;
    g_auto(GStrv) newLines = NULL;
    g_autoptr(GArray) edits = g_array_new(FALSE, FALSE, sizeof(virDiffEdit));
    g_autoptr(GString) buf = g_string_new(NULL);
    virDiffEdit *ed;
    size_t nold;
    size_t nnew;
    size_t pre = 0;
    size_t post = 0;
    size_t i;

    oldLines = virDiffSplit(oldText, &nold);
    newLines = virDiffSplit(newText, &nnew);

    while (pre < nold && pre < nnew && STREQ(oldLines[pre], newLines[pre]))
        pre++;
    while (post < nold - pre && post < nnew - pre &&
           STREQ(oldLines[nold - 1 - post], newLines[nnew - 1 - post]))
        post++;
    if (pre == nold && pre == nnew)
        return g_strdup("");

    for (i = 0; i < pre; i++) {
        virDiffEdit e = { VIR_DIFF_KEEP, i, i };
        g_array_append_val(edits, e);
    }
    virDiffMiddle(oldLines, pre, nold - post, newLines, pre, nnew - post, edits);
    for (i = post; i > 0; i--) {
        virDiffEdit e = { VIR_DIFF_KEEP, nold - i, nnew - i };
        g_array_append_val(edits, e);
    }
    ed = (virDiffEdit *)edits->data;

    g_string_append_printf(buf, "--- %s\n+++ %s\n", oldLabel, newLabel);
    i = 0;
    while (i < edits->len) {
        size_t start;
        size_t end;

        while (i < edits->len && ed[i].op == VIR_DIFF_KEEP)
            i++;
        if (i == edits->len)
            break;
        start = i > VIR_DIFF_CONTEXT ? i - VIR_DIFF_CONTEXT : 0;
        end = virDiffHunkEnd(ed, edits->len, i);

        virDiffHunk(buf, ed, start, end, oldLines, newLines);
        i = end;
    }
    return g_string_free(g_steal_pointer(&buf), FALSE);
}
