/*
 * hostrec-connect-report.c: libvirt's errors as hostrec's
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec-connect.c cannot include virerror.h (libvirt's headers use the
 * same names); it reports through this one function instead.
 */

#include "internal.h"

#if WITH_LIBVIRT

# include "hostrec-connect.h"
# include "virerror.h"

void
hostrecConnReportError(hostrecConnErrorKind kind,
                       const char *fmt, ...)
{
    virErrorCode code = VIR_ERR_OPERATION_FAILED;
    g_autofree char *msg = NULL;
    va_list ap;

    switch (kind) {
    case HOSTREC_CONN_ERR_CONNECT:
        code = VIR_ERR_NO_CONNECT;
        break;
    case HOSTREC_CONN_ERR_NO_DOMAIN:
        code = VIR_ERR_NO_DOMAIN;
        break;
    case HOSTREC_CONN_ERR_DENIED:
        code = VIR_ERR_ACCESS_DENIED;
        break;
    case HOSTREC_CONN_ERR_UNSUPPORTED:
    case HOSTREC_CONN_ERR_NO_LIBRARY:
        code = VIR_ERR_OPERATION_UNSUPPORTED;
        break;
    case HOSTREC_CONN_ERR_FAILED:
    case HOSTREC_CONN_ERR_LAST:
    default:
        code = VIR_ERR_OPERATION_FAILED;
        break;
    }

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    /* through "%s": the message quotes libvirt's, which virReportError
     * makes one readable line */
    virReportError(code, "%s", msg);
}

#endif /* WITH_LIBVIRT */
