/*
 * qemu_monitor_priv.h: the raw QMP exchange, for qemu_monitor_json.c only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The library sends QMP only through the typed calls of
 * qemu_monitor_json.h, which build the arguments and walk the replies.
 * The two functions below are what those calls stand on: sending one
 * command with arbitrary arguments and classifying one raw message.
 * Outside src/qemu only the transport's own tests (qemumonitortest: error
 * replies, unknown commands, faults of a fake QEMU) and the QMP fuzzer may
 * use them; they declare so by defining QEMU_MONITOR_PRIV_H_ALLOW before
 * including this header, which refuses to compile otherwise.
 */

#pragma once

#ifndef QEMU_MONITOR_PRIV_H_ALLOW
# error "qemu_monitor_priv.h is for qemu_monitor*.c and the transport tests only"
#endif

#include "qemu_monitor.h"

/* Send @cmd with @args (NULL for none; not consumed) and wait for its
 * reply, skipping asynchronous events.
 *
 * Returns 0 with *@ret set to a new reference to the "return" member;
 * 1 when QEMU answered with an error and @qmpError is non-NULL (filled
 * in, no error reported: the caller decides); -1 with an error reported
 * otherwise (an error reply with @qmpError NULL, timeout, EOF, garbage,
 * a reply too large, an unmatched replay request, ...). */
int qemuMonitorCommand(qemuMonitor *mon,
                       const char *cmd,
                       json_object *args,
                       json_object **ret,
                       qemuMonitorError *qmpError);

/* What one QMP message is. */
typedef enum {
    QEMU_MONITOR_MESSAGE_GREETING = 0,  /* {"QMP": ...} */
    QEMU_MONITOR_MESSAGE_EVENT,         /* {"event": ...} */
    QEMU_MONITOR_MESSAGE_RETURN,        /* {"return": ..., "id": ...} */
    QEMU_MONITOR_MESSAGE_ERROR,         /* {"error": {...}, "id": ...} */

    QEMU_MONITOR_MESSAGE_LAST
} qemuMonitorMessageType;

/* Parse and classify one live QMP message (@len bytes of @data, one line
 * without its newline) as the live reader does while waiting for the
 * reply to @cmd sent with id @id.  Returns 0 with *@type set (for a
 * RETURN, *@ret is a new reference to the "return" member; for an ERROR,
 * @qmpError is filled in when non-NULL, else -1 is returned with the
 * error reported), or -1 with an error reported for anything QEMU must
 * not send.  Used by the QMP fuzzer; the live reader shares its checks. */
int qemuMonitorParseMessage(const char *data,
                            size_t len,
                            const char *name,
                            const char *cmd,
                            const char *id,
                            qemuMonitorMessageType *type,
                            json_object **ret,
                            qemuMonitorError *qmpError);
