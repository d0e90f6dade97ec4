/*
 * virenum.h: enum <-> string tables
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every enum ends in a _LAST sentinel and has its string table beside it.
 * A header declares the two conversion functions by their full names, so
 * that grep finds them:
 *
 *   const char *virCPUModeTypeToString(int mode);
 *   int virCPUModeTypeFromString(const char *str);
 *
 * and the .c file defines them with VIR_ENUM_IMPL, whose static assertion
 * fails the build when the table and the enum disagree in length.
 *
 * TypeFromString returns the value, or -1 when @str is NULL or unknown;
 * the -1 never reaches a struct field: parsers check it and report the
 * error (see virXMLPropEnum in virxml.h).
 * TypeToString returns NULL for a value out of range.
 */

#pragma once

#include "internal.h"

const char *virEnumToString(const char * const *table,
                            size_t ntable,
                            int value);
int virEnumFromString(const char * const *table,
                      size_t ntable,
                      const char *str);

#define VIR_ENUM_IMPL(name, lastVal, ...) \
    static const char *const name ## TypeTable[] = { __VA_ARGS__ }; \
    G_STATIC_ASSERT(G_N_ELEMENTS(name ## TypeTable) == lastVal); \
    const char *name ## TypeToString(int type) \
    { \
        return virEnumToString(name ## TypeTable, \
                               G_N_ELEMENTS(name ## TypeTable), \
                               type); \
    } \
    int name ## TypeFromString(const char *type) \
    { \
        return virEnumFromString(name ## TypeTable, \
                                 G_N_ELEMENTS(name ## TypeTable), \
                                 type); \
    }

/* Used by enums whose first value means "absent" */
typedef enum {
    VIR_TRISTATE_SWITCH_ABSENT = 0,
    VIR_TRISTATE_SWITCH_ON,
    VIR_TRISTATE_SWITCH_OFF,

    VIR_TRISTATE_SWITCH_LAST
} virTristateSwitch;

const char *virTristateSwitchTypeToString(int value);
int virTristateSwitchTypeFromString(const char *str);

typedef enum {
    VIR_TRISTATE_BOOL_ABSENT = 0,
    VIR_TRISTATE_BOOL_YES,
    VIR_TRISTATE_BOOL_NO,

    VIR_TRISTATE_BOOL_LAST
} virTristateBool;

const char *virTristateBoolTypeToString(int value);
int virTristateBoolTypeFromString(const char *str);
