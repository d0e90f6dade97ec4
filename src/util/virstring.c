/*
 * virstring.c: numbers from text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <math.h>
#include <string.h>

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


/* libvirt's scale rule (virScaleInteger), case-insensitive: "b", "byte"
 * and "bytes" are one byte; a letter of "kmgtpe" alone or followed by
 * "iB" is a power of 1024, followed by "B" a power of 1000. */
int
virUnitToBytes(const char *unit,
               unsigned long long *bytes)
{
    static const char scales[] = "kmgtpe";
    const char *scale;
    unsigned long long base;
    unsigned long long result = 1;

    if (g_ascii_strcasecmp(unit, "b") == 0 ||
        g_ascii_strcasecmp(unit, "byte") == 0 ||
        g_ascii_strcasecmp(unit, "bytes") == 0) {
        *bytes = 1;
        return 0;
    }

    if (!*unit || !(scale = strchr(scales, g_ascii_tolower(unit[0]))))
        return -1;

    if (!unit[1] || g_ascii_strcasecmp(unit + 1, "iB") == 0)
        base = 1024;
    else if (g_ascii_strcasecmp(unit + 1, "B") == 0)
        base = 1000;
    else
        return -1;

    for (; scale >= scales; scale--)
        result *= base;
    *bytes = result;
    return 0;
}
