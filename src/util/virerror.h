/*
 * virerror.h: error reporting for library code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Library code never prints.  A function that fails reports the error once,
 * where it is found, with virReportError(), and returns -1 or NULL; its
 * callers only propagate.  The tool then reads the one pending error with
 * virGetLastErrorMessage() and prints it.
 *
 * Each message is one whole translatable sentence, with the offending value
 * quoted ('%1$s' style is not needed: one value per sentence is the rule).
 * The stored message is prefixed by a short description of the error code,
 * as libvirt does ("unsupported configuration: ..."), so our expected .err
 * files read like libvirt's.
 *
 * A second report while one is pending replaces it unless the first is more
 * specific: callers that want to add context use virErrorPrefix().
 */

#pragma once

#include "internal.h"

typedef enum {
    VIR_ERR_OK = 0,
    VIR_ERR_INTERNAL_ERROR,      /* a bug in hostrec */
    VIR_ERR_NO_MEMORY,
    VIR_ERR_INVALID_ARG,         /* bad command-line argument */
    VIR_ERR_XML_ERROR,           /* malformed or unsafe XML */
    VIR_ERR_XML_DETAIL,          /* well-formed XML that breaks a rule */
    VIR_ERR_CONFIG_UNSUPPORTED,  /* valid but unsupported configuration */
    VIR_ERR_OPERATION_FAILED,
    VIR_ERR_OPERATION_UNSUPPORTED,
    VIR_ERR_OPERATION_TIMEOUT,
    VIR_ERR_SYSTEM_ERROR,        /* a system call failed; errno text appended */
    VIR_ERR_QMP_ERROR,           /* QEMU answered a QMP command with an error */
    VIR_ERR_QMP_PROTOCOL,        /* QEMU's QMP traffic broke the protocol */
    VIR_ERR_NO_REPLY,            /* a replayed command has no recorded reply */
    VIR_ERR_CPU_INCOMPATIBLE,
    VIR_ERR_NO_CONNECT,          /* libvirt: a URI that cannot be opened */
    VIR_ERR_NO_DOMAIN,           /* libvirt: no such domain */
    VIR_ERR_ACCESS_DENIED,       /* libvirt: authentication or access control */

    VIR_ERR_LAST
} virErrorCode;

const char *virErrorCodeTypeToString(int code);
int virErrorCodeTypeFromString(const char *str);

void virReportErrorFull(virErrorCode code,
                        const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
#define virReportError(code, ...) virReportErrorFull(code, __VA_ARGS__)

/* Like virReportError(VIR_ERR_SYSTEM_ERROR, ...) with ": strerror(errnum)"
 * appended. */
void virReportSystemError(int errnum,
                          const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Prepend "PREFIX: " to the pending error's detail (after the code text):
 * used by callers that know the file or binary the error concerns. */
void virErrorPrefix(const char *fmt, ...)
    G_GNUC_PRINTF(1, 2);

/* The pending error's full message, or a generic one if none is set.
 * Never NULL.  The string is owned by the error state. */
const char *virGetLastErrorMessage(void);

/* The pending error's message without the code prefix, or NULL. */
const char *virGetLastErrorDetail(void);

virErrorCode virGetLastErrorCode(void);

void virResetLastError(void);

/* Save the pending error and clear it.  virErrorRestore() puts a saved
 * error back, replacing any error reported in between; when none was
 * pending at the save, an error reported in between stays.  Used around
 * clean-up code that may itself fail. */
typedef struct _virErrorSaved virErrorSaved;
virErrorSaved *virErrorSave(void);
void virErrorRestore(virErrorSaved **saved);

/* Warnings: library code that needs to tell the user something that is not
 * an error (a deprecated feature re-enabled, a cache that cannot be written)
 * queues a warning; the tool prints the queue.  Each warning is one sentence. */
void virReportWarning(const char *fmt, ...)
    G_GNUC_PRINTF(1, 2);

/* Steal the queued warnings (NULL-terminated, possibly NULL when empty). */
char **virStealWarnings(void);
