/*
 * virfile.h: reading and writing files safely
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Read all of @path ("-" means standard input) into a NUL-terminated
 * buffer, refusing files larger than @maxlen bytes.  Returns 0, or -1 with
 * an error naming the file. */
int virFileReadLimited(const char *path,
                       size_t maxlen,
                       char **data,
                       size_t *len);

/* Write @len bytes of @data to @path atomically: a temporary file in the
 * same directory is written, flushed and renamed over @path, so readers see
 * the old content or the new, never a part.  Returns 0 or -1 with an error. */
int virFileWriteAtomic(const char *path,
                       const char *data,
                       size_t len,
                       int mode);

/* Create a private (0700) temporary directory from @tmpl ("name-XXXXXX")
 * under $TMPDIR.  Returns its path or NULL with an error. */
char *virFileMakeTempDir(const char *tmpl);

/* Remove @dir and the plain files directly inside it; never fails loudly. */
void virFileRemoveTempDir(const char *dir);
