/*
 * qemu_replay.h: libvirt-style .replies recordings of QMP traffic
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A .replies file is a sequence of pretty-printed JSON objects separated
 * by blank lines: a command ({"execute": ..., "arguments": ..., "id": ...})
 * followed by its reply ({"return": ...} or {"error": ...}, same "id").
 * A file holds one or more sessions (one per QEMU process); each session
 * starts with "qmp_capabilities" and its ids restart.
 *
 * The reader scans JSON values (it does not rely on the blank lines), keeps
 * the text and where each object lies in it (so that the file can be
 * written back byte-identically) and indexes the exchanges of each
 * session.  A request is answered from the recorded exchange of its
 * session whose command and arguments match (deep equality, member order
 * ignored), whatever the order it was recorded in.  Identical requests
 * recorded several times are answered in recorded order, then the last
 * answer is repeated.
 *
 * Cost: loading parses each object once and counts each line once, then
 * sorts the requests: O(n log n) time and memory linear in the file (two
 * to three times its size).  A request costs O(log n).  Files over
 * QEMU_REPLAY_MAX_FILE_SIZE are refused before they are read.
 *
 * The writer formats objects exactly as libvirt's recordings are: 2-space
 * indentation, one blank line between objects, a newline at the end.
 */

#pragma once

#include "internal.h"
#include "virjson.h"

/* Files larger than this are refused before they are parsed.  A real
 * probe's recording is 30-200 KiB (libvirt's whole-probe ones a few MiB);
 * at this size a load takes about 1.2 s and 170 MiB here, and a single
 * reply of this size, which json-c needs some twenty times its size to
 * hold, stays under 1.5 GiB (bench/README.md). */
#define QEMU_REPLAY_MAX_FILE_SIZE (64 * 1024 * 1024)

typedef struct _qemuReplay qemuReplay;

/* Refuse @path up front, without reading it, when it is a regular file
 * over QEMU_REPLAY_MAX_FILE_SIZE: -1 with an error naming the file and
 * the limit, else 0 (the reader checks the limit again as it reads,
 * whatever the file is). */
int qemuReplayCheckSize(const char *path);

/* Read and check @path.  Returns NULL with an error naming the file. */
qemuReplay *qemuReplayLoad(const char *path);

/* Same, from @len bytes of @data; @name names the data in messages. */
qemuReplay *qemuReplayParse(const char *data,
                            size_t len,
                            const char *name);

void qemuReplayFree(qemuReplay *rep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuReplay, qemuReplayFree);

const char *qemuReplayGetName(qemuReplay *rep);
size_t qemuReplayGetNumSessions(qemuReplay *rep);

/* Number of command/reply exchanges recorded in session @session
 * (0-based), qmp_capabilities included. */
size_t qemuReplayGetNumExchanges(qemuReplay *rep,
                                 size_t session);

/* Answer @cmd with @args (NULL or an object; NULL and {} are the same) in
 * session @session (0-based).  Returns the whole recorded reply object
 * (borrowed: valid as long as @rep) or NULL with a VIR_ERR_NO_REPLY error
 * naming the command, its arguments, the session and the file. */
json_object *qemuReplayAnswer(qemuReplay *rep,
                              size_t session,
                              const char *cmd,
                              json_object *args);

/* The line of the file where the reply last returned by
 * qemuReplayAnswer() starts; 0 before the first answer. */
size_t qemuReplayGetLastAnswerLine(qemuReplay *rep);

/* Append @obj to @buf in .replies format (a blank line first unless @buf
 * is empty). */
void qemuReplayFormatObject(GString *buf,
                            json_object *obj);

/* Format every object of @rep, in file order, as a .replies file.  NULL
 * with an error only if json-c cannot allocate memory to read an object
 * again. */
char *qemuReplayFormat(qemuReplay *rep);
