/*
 * virerror.c: error reporting for library code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <string.h>

#include "virerror.h"
#include "virenum.h"

VIR_ENUM_IMPL(virErrorCode,
              VIR_ERR_LAST,
              "",
              N_("internal error"),
              N_("out of memory"),
              N_("invalid argument"),
              N_("XML error"),
              N_("XML error"),
              N_("unsupported configuration"),
              N_("operation failed"),
              N_("operation not supported"),
              N_("timed out"),
              N_("system error"),
              N_("QEMU error"),
              N_("QEMU protocol error"),
              N_("replay error"),
              N_("CPU incompatible"),
              N_("connection failed"),
              N_("domain not found"),
              N_("access denied"),
);

struct _virErrorSaved {
    virErrorCode code;
    char *detail;
};

static virErrorCode lastCode;
static char *lastDetail;
static char *lastMessage;
static GPtrArray *warnings;

/* Messages quote values from untrusted input (a 1 MB attribute, a name
 * holding a newline or bytes that are not UTF-8).  An error stays one
 * readable line: control characters (C0, DEL, C1) become '?', invalid UTF-8 is
 * replaced, and the middle of an overly long message is elided. */
#define VIR_ERROR_MAX_DETAIL 1024

static char *
virErrorSanitize(char *detail)
{
    g_autofree char *owned = detail;
    g_autofree char *made = g_utf8_make_valid(owned, -1);
    g_autoptr(GString) clean = g_string_sized_new(strlen(made));
    g_autofree char *valid = NULL;
    size_t len;
    const char *p;

    /* C0, DEL and C1 (U+0080-U+009F, which some terminals obey) */
    for (p = made; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
            g_string_append_c(clean, '?');
        else
            g_string_append_len(clean, p, g_utf8_next_char(p) - p);
    }
    valid = g_string_free(g_steal_pointer(&clean), FALSE);
    len = strlen(valid);

    if (len > VIR_ERROR_MAX_DETAIL) {
        size_t keep = VIR_ERROR_MAX_DETAIL / 2 - 8;
        const char *headEnd = g_utf8_find_prev_char(valid, valid + keep + 1);
        const char *tail = g_utf8_find_next_char(valid + len - keep - 1, NULL);

        return g_strdup_printf("%.*s[...]%s",
                               (int)(headEnd - valid), valid, tail);
    }

    return g_steal_pointer(&valid);
}


static void
virErrorSetDetail(virErrorCode code,
                  char *detail)
{
    if (detail)
        detail = virErrorSanitize(detail);
    g_free(lastDetail);
    g_clear_pointer(&lastMessage, g_free);
    lastCode = code;
    lastDetail = detail;
}

void
virReportErrorFull(virErrorCode code,
                   const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    virErrorSetDetail(code, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void
virReportSystemError(int errnum,
                     const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    virErrorSetDetail(VIR_ERR_SYSTEM_ERROR,
                      g_strdup_printf("%s: %s", msg, g_strerror(errnum)));
}

void
virErrorPrefix(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *prefix = NULL;

    if (lastCode == VIR_ERR_OK)
        return;

    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    virErrorSetDetail(lastCode, g_strdup_printf("%s: %s", prefix, lastDetail));
}

const char *
virGetLastErrorMessage(void)
{
    const char *what;

    if (lastCode == VIR_ERR_OK)
        return _("unknown error");

    if (!lastMessage) {
        what = virErrorCodeTypeToString(lastCode);
        lastMessage = g_strdup_printf("%s: %s", what ? _(what) : "", lastDetail);
    }
    return lastMessage;
}

const char *
virGetLastErrorDetail(void)
{
    return lastDetail;
}

virErrorCode
virGetLastErrorCode(void)
{
    return lastCode;
}

void
virResetLastError(void)
{
    virErrorSetDetail(VIR_ERR_OK, NULL);
}

virErrorSaved *
virErrorSave(void)
{
    virErrorSaved *saved = g_new0(virErrorSaved, 1);

    saved->code = lastCode;
    saved->detail = g_steal_pointer(&lastDetail);
    virResetLastError();
    return saved;
}

void
virErrorRestore(virErrorSaved **saved)
{
    if (!saved || !*saved)
        return;

    if ((*saved)->code != VIR_ERR_OK)
        virErrorSetDetail((*saved)->code, g_steal_pointer(&(*saved)->detail));
    g_free((*saved)->detail);
    g_clear_pointer(saved, g_free);
}

void
virReportWarning(const char *fmt, ...)
{
    va_list ap;

    if (!warnings)
        warnings = g_ptr_array_new_with_free_func(g_free);

    va_start(ap, fmt);
    g_ptr_array_add(warnings, virErrorSanitize(g_strdup_vprintf(fmt, ap)));
    va_end(ap);
}

char **
virStealWarnings(void)
{
    GPtrArray *w = g_steal_pointer(&warnings);

    if (!w)
        return NULL;
    g_ptr_array_set_free_func(w, NULL);
    g_ptr_array_add(w, NULL);
    return (char **)g_ptr_array_free(w, FALSE);
}
