/*
 * virqemu.c: names and values on a QEMU command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "virqemu.h"
#include "virerror.h"

static bool
virQEMUNameCharIsValid(char c,
                       bool first,
                       bool slash)
{
    if (g_ascii_isalnum(c) || c == '_')
        return true;
    return !first && (c == '-' || c == '.' || c == '+' || (slash && c == '/'));
}


static bool
virQEMUNameIsValidInternal(const char *name,
                           bool slash)
{
    const char *p;

    if (!name || !*name)
        return false;

    for (p = name; *p; p++) {
        if (!virQEMUNameCharIsValid(*p, p == name, slash))
            return false;
    }
    return true;
}


bool
virQEMUNameIsValidFor(virQEMUNameKind kind,
                      const char *name)
{
    return virQEMUNameIsValidInternal(name, kind == VIR_QEMU_NAME_CPU_MODEL);
}


bool
virQEMUNameIsValid(const char *name)
{
    return virQEMUNameIsValidInternal(name, false);
}


int
virQEMUNameCheck(virQEMUNameKind kind,
                 const char *name,
                 virErrorCode code,
                 const char *source)
{
    if (virQEMUNameIsValidFor(kind, name))
        return 0;

    switch (kind) {
    case VIR_QEMU_NAME_CPU_MODEL:
        virReportError(code,
                       _("invalid CPU model name '%s' in %s: a QEMU CPU model name is made of letters, digits, '_', '-', '.', '+' and '/', and starts with a letter, a digit or '_'"),
                       NULLSTR(name), source);
        return -1;
    case VIR_QEMU_NAME_CPU_FEATURE:
        virReportError(code,
                       _("invalid CPU feature name '%s' in %s: a QEMU name is made of letters, digits, '_', '-', '.' and '+', and starts with a letter, a digit or '_'"),
                       NULLSTR(name), source);
        return -1;
    case VIR_QEMU_NAME_MACHINE:
        virReportError(code,
                       _("invalid machine type name '%s' in %s: a QEMU name is made of letters, digits, '_', '-', '.' and '+', and starts with a letter, a digit or '_'"),
                       NULLSTR(name), source);
        return -1;
    case VIR_QEMU_NAME_ARCH:
        virReportError(code,
                       _("invalid architecture name '%s' in %s: a QEMU name is made of letters, digits, '_', '-', '.' and '+', and starts with a letter, a digit or '_'"),
                       NULLSTR(name), source);
        return -1;
    case VIR_QEMU_NAME_LAST:
    default:
        break;
    }

    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("unexpected kind of name '%d'"), kind);
    return -1;
}


void
virQEMUBufferEscapeComma(GString *buf,
                         const char *str)
{
    for (; *str; str++) {
        if (*str == ',')
            g_string_append_c(buf, ',');
        g_string_append_c(buf, *str);
    }
}


char *
virQEMUEscapeComma(const char *str)
{
    GString *buf = g_string_sized_new(strlen(str) + 1);

    virQEMUBufferEscapeComma(buf, str);
    return g_string_free(buf, FALSE);
}
