/*
 * virstring.c: numbers from text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <math.h>

#include "virstring.h"

typedef enum {
    VIR_STR_NUMBER_UNSIGNED = 0,  /* digits */
    VIR_STR_NUMBER_SIGNED,        /* -? digits */
    VIR_STR_NUMBER_FRACTION,      /* digits (. digits?)? */

    VIR_STR_NUMBER_LAST
} virStrNumberKind;


/* Whether all of @str is a number of @kind (the syntax only). */
static bool
virStrIsNumber(const char *str,
               virStrNumberKind kind)
{
    const char *p = str;

    if (!p)
        return false;

    switch (kind) {
    case VIR_STR_NUMBER_SIGNED:
        if (*p == '-')
            p++;
        break;
    case VIR_STR_NUMBER_UNSIGNED:
    case VIR_STR_NUMBER_FRACTION:
        break;
    case VIR_STR_NUMBER_LAST:
    default:
        return false;
    }

    if (!g_ascii_isdigit(*p))
        return false;
    while (g_ascii_isdigit(*p))
        p++;

    if (kind == VIR_STR_NUMBER_FRACTION && *p == '.') {
        p++;
        while (g_ascii_isdigit(*p))
            p++;
    }
    return *p == '\0';
}


int
virStrToULL(const char *str,
            unsigned long long min,
            unsigned long long max,
            unsigned long long *result)
{
    guint64 val;

    if (!virStrIsNumber(str, VIR_STR_NUMBER_UNSIGNED))
        return -1;
    errno = 0;
    val = g_ascii_strtoull(str, NULL, 10);
    if (errno != 0 || val < min || val > max)
        return -1;
    *result = val;
    return 0;
}


int
virStrToLL(const char *str,
           long long min,
           long long max,
           long long *result)
{
    gint64 val;

    if (!virStrIsNumber(str, VIR_STR_NUMBER_SIGNED))
        return -1;
    errno = 0;
    val = g_ascii_strtoll(str, NULL, 10);
    if (errno != 0 || val < min || val > max)
        return -1;
    *result = val;
    return 0;
}


int
virStrToDouble(const char *str,
               double min,
               double max,
               double *result)
{
    double val;

    if (!virStrIsNumber(str, VIR_STR_NUMBER_FRACTION))
        return -1;
    /* g_ascii_strtod ignores the locale; a string of digits can only
     * overflow to HUGE_VAL, which the isfinite() check refuses */
    errno = 0;
    val = g_ascii_strtod(str, NULL);
    if (errno != 0 || !isfinite(val) || val < min || val > max)
        return -1;
    *result = val;
    return 0;
}
