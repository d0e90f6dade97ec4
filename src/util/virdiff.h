/*
 * virdiff.h: a unified diff of two short texts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For showing a change to a part of a document before it is made (the
 * <cpu> element that "hostrec convert" rewrites): the two texts are split
 * at newlines and compared line by line; the result reads as "diff -u"
 * output does, with three lines of context around each change.
 *
 * The lines kept are a longest common subsequence, found with a table
 * over the lines between the common start and the common end of the two
 * texts.  When that middle part is too large for the table
 * (VIR_DIFF_MAX_CELLS), the diff removes all of it and adds all of the
 * other: still a correct diff, only not a minimal one.
 */

#pragma once

#include "internal.h"

/* The largest table (lines of one middle part times lines of the other)
 * used to find the lines the texts share; 4 bytes per cell. */
#define VIR_DIFF_MAX_CELLS (4 * 1024 * 1024)

/* The unified diff turning @oldText into @newText, headed by
 * "--- @oldLabel" and "+++ @newLabel", with "@@ -a,b +c,d @@" hunks of
 * three context lines.  A text that does not end in a newline is read as
 * if it did.  Returns a new string, "" when the texts have the same
 * lines.  Never fails. */
char *virDiffUnified(const char *oldText,
                     const char *newText,
                     const char *oldLabel,
                     const char *newLabel);
