/*
 * qemu_monitor_reply.h: checked access to the members of QMP replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every name that QEMU (or a recording of it) hands over in a reply is
 * input: it is checked here, where the reply is walked, against the name
 * rule of virqemu.h, and every member's JSON type is checked before it is
 * used.  Both reply walkers (qemu_capabilities.c for the probe,
 * qemu_cpu_baseline.c for baseline and compare) use these helpers, so a
 * reply means the same thing to both.
 *
 * Each function reports its error itself, naming the reply with
 * qemuMonitorDescribeReply() (the QEMU binary, or the recording and the
 * line of the reply), and returns -1.
 */

#pragma once

#include "internal.h"
#include "qemu_monitor.h"
#include "virqemu.h"

/* A description of the reply to @cmd that @mon just gave, for messages:
 * "the reply of 'BINARY' to 'CMD'" for a live QEMU, "the reply at line N
 * of 'FILE' to 'CMD'" for a recording. */
char *qemuMonitorDescribeReply(qemuMonitor *mon,
                               const char *cmd);

/* Check a name found in the reply to @cmd (see virQEMUNameCheck). */
int qemuMonitorReplyCheckName(qemuMonitor *mon,
                              const char *cmd,
                              virQEMUNameKind kind,
                              const char *name);

/* Called once per boolean prop of a CPU model, in QEMU's order. */
typedef void (*qemuMonitorReplyPropFunc)(const char *name,
                                         bool enabled,
                                         void *opaque);

/* The CPU model info in member "model" of @reply (a reply of
 * query-cpu-model-expansion or query-cpu-model-baseline): *@name is set
 * to a new copy of the model's name and @func called for each boolean
 * prop (props of other types, none on s390x, are not CPU features and
 * are skipped).  "props" may be absent (QMP makes it optional: no prop);
 * any other type than an object is an error, and so is a model or prop
 * name that breaks the name rule. */
int qemuMonitorReplyParseModelInfo(qemuMonitor *mon,
                                   const char *cmd,
                                   json_object *reply,
                                   char **name,
                                   qemuMonitorReplyPropFunc func,
                                   void *opaque);

/* @list, member @member of the reply to @cmd, as a NULL-terminated list
 * of names of @kind (an empty array gives a lone NULL).  An error unless
 * @list is an array of strings that follow the name rule. */
int qemuMonitorReplyParseNameList(qemuMonitor *mon,
                                  const char *cmd,
                                  const char *member,
                                  json_object *list,
                                  virQEMUNameKind kind,
                                  char ***names);
