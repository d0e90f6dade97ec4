/*
 * internal.h: definitions every hostrec source file includes first
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>
#include <glib/gi18n-lib.h>

/* _() comes from gi18n-lib.h and uses GETTEXT_PACKAGE from config.h;
 * N_() marks a string for translation without translating it. */

#define STREQ(a, b) (strcmp((a), (b)) == 0)
#define STRNEQ(a, b) (strcmp((a), (b)) != 0)
#define STREQ_NULLABLE(a, b) (g_strcmp0((a), (b)) == 0)
#define NULLSTR(s) ((s) ? (s) : "<null>")

/* The room an array of @n elements has when it grows by doubling from 8:
 * appending n elements one at a time then costs O(n) whatever the
 * allocator does with realloc.  An array that uses it is always allocated
 * with this capacity, so "n == virArrayCapacity(n)" says it is full. */
static inline size_t
virArrayCapacity(size_t n)
{
    size_t cap = 8;

    if (n == 0)
        return 0;
    while (cap < n)
        cap *= 2;
    return cap;
}
