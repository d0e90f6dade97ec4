/*
 * virfile.h: reading and writing files safely
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Files that hostrec reads and writes are regular files, nothing else:
 * a FIFO, a socket or a device at a path that should hold a document is an
 * error said at once, never a read that blocks (a FIFO with no writer
 * would hang the tool past any timeout) and never a write that replaces a
 * device node.  Standard input ("-") is the one exception on the reading
 * side: it may be a pipe or a terminal. */

typedef enum {
    /* refuse a symbolic link at @path instead of following it (for files
     * in hostrec's own directories, where nobody has a reason to put one) */
    VIR_FILE_READ_NOFOLLOW = 1 << 0,
} virFileReadFlags;

/* Read all of @path ("-" means standard input) into a NUL-terminated
 * buffer, refusing files larger than @maxlen bytes and anything that is
 * not a regular file (checked before opening, and again on the opened
 * descriptor, which is opened without blocking).  @flags is a bitwise OR
 * of virFileReadFlags.  Returns 0, or -1 with an error naming the file. */
int virFileReadLimitedFlags(const char *path,
                            size_t maxlen,
                            unsigned int flags,
                            char **data,
                            size_t *len);

/* virFileReadLimitedFlags() with no flags. */
int virFileReadLimited(const char *path,
                       size_t maxlen,
                       char **data,
                       size_t *len);

/* Whether virFileWriteAtomic() may replace @path: 0 when @path is a
 * regular file, or does not exist and its directory does; else -1 with
 * an error naming @path (a symbolic link, a FIFO, a device, a directory,
 * a missing directory).  Callers that do a long job before writing call
 * it first, so that a path that can never be written fails up front. */
int virFileCheckReplaceable(const char *path);

/* A file that a command reads or writes, and how the user named it
 * ("--host", "DOMAIN.xml"), for messages. */
typedef struct _virFileUse virFileUse;
struct _virFileUse {
    const char *what;
    const char *path;
};

/* Refuse outputs that would replace one of the command's inputs, or each
 * other: called once, before anything is written or any QEMU started.
 * Files are compared as the kernel sees them (device and inode, symbolic
 * links followed), so "./a" and "a", a hard link and a symbolic link to
 * an input all count as that input; an input that is a directory stands
 * for the regular files directly in it (fleet's --host DIR).  An output
 * that does not exist yet can only clash with another output: two paths
 * with the same name in the same directory.  Inputs that do not exist and
 * "-" (standard input) are skipped: reading them reports its own error.
 * Returns 0, or -1 with one error naming both paths. */
int virFileCheckOutputs(const virFileUse *inputs,
                        size_t ninputs,
                        const virFileUse *outputs,
                        size_t noutputs);

/* Write @len bytes of @data to @path atomically: a temporary file in the
 * same directory is written, flushed and renamed over @path, so readers see
 * the old content or the new, never a part.  Only a regular file is
 * replaced (virFileCheckReplaceable(), checked just before the temporary
 * file is made: an entry swapped in after that check by someone who can
 * write to the directory is replaced, not written through).  Returns 0 or
 * -1 with one error. */
int virFileWriteAtomic(const char *path,
                       const char *data,
                       size_t len,
                       int mode);

/* Create a private (0700) temporary directory from @tmpl ("name-XXXXXX")
 * under $TMPDIR.  Returns its path or NULL with an error. */
char *virFileMakeTempDir(const char *tmpl);

/* Remove @dir and the plain files directly inside it; never fails loudly. */
void virFileRemoveTempDir(const char *dir);
