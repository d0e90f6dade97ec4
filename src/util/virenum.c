/*
 * virenum.c: enum <-> string tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "virenum.h"

const char *
virEnumToString(const char * const *table,
                size_t ntable,
                int value)
{
    if (value < 0 || (size_t)value >= ntable)
        return NULL;
    return table[value];
}

int
virEnumFromString(const char * const *table,
                  size_t ntable,
                  const char *str)
{
    size_t i;

    if (!str)
        return -1;

    for (i = 0; i < ntable; i++) {
        if (table[i] && STREQ(table[i], str))
            return i;
    }
    return -1;
}

VIR_ENUM_IMPL(virTristateSwitch,
              VIR_TRISTATE_SWITCH_LAST,
              "absent", "on", "off",
);

VIR_ENUM_IMPL(virTristateBool,
              VIR_TRISTATE_BOOL_LAST,
              "absent", "yes", "no",
);
