/*
 * virfile.c: reading and writing files safely
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "virfile.h"
#include "virerror.h"

/* Refuse what is not a regular file, with one error naming @name. */
static int
virFileCheckRegular(const struct stat *sb,
                    const char *name)
{
    if (S_ISREG(sb->st_mode))
        return 0;
    if (S_ISDIR(sb->st_mode))
        virReportError(VIR_ERR_INVALID_ARG, _("'%s' is a directory"), name);
    else if (S_ISLNK(sb->st_mode))
        virReportError(VIR_ERR_INVALID_ARG,
                       _("'%s' is a symbolic link, not a regular file"), name);
    else
        virReportError(VIR_ERR_INVALID_ARG,
                       _("'%s' is not a regular file"), name);
    return -1;
}


/* Longer than 80 lines on purpose: the checks before and after open(),
 * the non-blocking read loop and standard input share the limit and the
 * one error each path reports. */
int
virFileReadLimitedFlags(const char *path,
                        size_t maxlen,
                        unsigned int flags,
                        char **data,
                        size_t *len)
{
    g_autofree char *buf = NULL;
    size_t have = 0;
    size_t alloc = 0;
    bool isStdin = STREQ(path, "-");
    bool nofollow = flags & VIR_FILE_READ_NOFOLLOW;
    const char *name = isStdin ? _("standard input") : path;
    int fd;
    struct stat sb;

    if (isStdin) {
        fd = STDIN_FILENO;
    } else {
        /* Look before opening: opening a device can have effects of its
         * own, and opening a FIFO for reading waits for a writer. */
        if ((nofollow ? lstat(path, &sb) : stat(path, &sb)) < 0) {
            virReportSystemError(errno, _("cannot open '%s'"), path);
            return -1;
        }
        if (virFileCheckRegular(&sb, path) < 0)
            return -1;
        /* O_NONBLOCK: should the entry change into a FIFO between the
         * look and the open, the open still returns at once */
        if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
                       (nofollow ? O_NOFOLLOW : 0))) < 0) {
            if (errno == ELOOP && nofollow)
                virReportError(VIR_ERR_INVALID_ARG,
                               _("'%s' is a symbolic link, not a regular file"), path);
            else
                virReportSystemError(errno, _("cannot open '%s'"), path);
            return -1;
        }
    }

    if (fstat(fd, &sb) < 0) {
        virReportSystemError(errno, _("cannot read '%s'"), name);
        if (!isStdin)
            close(fd);
        return -1;
    }
    if (isStdin ? S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)) {
        virFileCheckRegular(&sb, name);
        if (!isStdin)
            close(fd);
        return -1;
    }

    for (;;) {
        ssize_t got;

        if (alloc - have < 4096) {
            alloc = alloc ? alloc * 2 : 65536;
            buf = g_realloc(buf, alloc + 1);
        }
        got = read(fd, buf + have, alloc - have);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            virReportSystemError(errno, _("cannot read '%s'"), name);
            if (!isStdin)
                close(fd);
            return -1;
        }
        if (got == 0)
            break;
        have += got;
        if (have > maxlen) {
            virReportError(VIR_ERR_INVALID_ARG,
                           _("'%s' is larger than the limit of %zu bytes"),
                           name, maxlen);
            if (!isStdin)
                close(fd);
            return -1;
        }
    }

    if (!isStdin)
        close(fd);

    if (!buf)
        buf = g_malloc(1);
    buf[have] = '\0';
    *data = g_steal_pointer(&buf);
    *len = have;
    return 0;
}


int
virFileReadLimited(const char *path,
                   size_t maxlen,
                   char **data,
                   size_t *len)
{
    return virFileReadLimitedFlags(path, maxlen, 0, data, len);
}


int
virFileCheckReplaceable(const char *path)
{
    g_autofree char *dir = NULL;
    struct stat sb;

    if (lstat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode))
            return 0;
        if (S_ISLNK(sb.st_mode))
            virReportError(VIR_ERR_INVALID_ARG,
                           _("refusing to replace '%s': it is a symbolic link, not a regular file"),
                           path);
        else
            virReportError(VIR_ERR_INVALID_ARG,
                           _("refusing to replace '%s': it is not a regular file"),
                           path);
        return -1;
    }
    if (errno != ENOENT) {
        virReportSystemError(errno, _("cannot write '%s'"), path);
        return -1;
    }

    /* a new file: its directory must exist */
    dir = g_path_get_dirname(path);
    if (stat(dir, &sb) < 0) {
        virReportSystemError(errno, _("cannot write '%s'"), path);
        return -1;
    }
    if (!S_ISDIR(sb.st_mode)) {
        virReportSystemError(ENOTDIR, _("cannot write '%s'"), path);
        return -1;
    }
    return 0;
}


/* Where a path leads: the file itself when it exists (symbolic links
 * followed), else its directory and its last component. */
typedef struct {
    bool exists;
    dev_t dev;
    ino_t ino;
    char *base;                 /* when !exists */
} virFileIdentity;


static void
virFileIdentityClear(virFileIdentity *id)
{
    g_free(id->base);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virFileIdentity, virFileIdentityClear);


/* 0 and *@id set, or -1 (no error) when neither @path nor its directory
 * can be reached: the write itself then reports why. */
static int
virFileGetIdentity(const char *path,
                   virFileIdentity *id)
{
    g_autofree char *dir = NULL;
    struct stat sb;

    if (stat(path, &sb) == 0) {
        id->exists = true;
        id->dev = sb.st_dev;
        id->ino = sb.st_ino;
        return 0;
    }
    dir = g_path_get_dirname(path);
    if (stat(dir, &sb) < 0)
        return -1;
    id->exists = false;
    id->dev = sb.st_dev;
    id->ino = sb.st_ino;
    id->base = g_path_get_basename(path);
    return 0;
}


static bool
virFileIdentityEqual(const virFileIdentity *a,
                     const virFileIdentity *b)
{
    if (a->exists != b->exists || a->dev != b->dev || a->ino != b->ino)
        return false;
    return a->exists || STREQ(a->base, b->base);
}


/* Whether the existing file @out is @input, or one of the regular files
 * directly in @input when that is a directory. */
static bool
virFileIsInput(const virFileIdentity *out,
               const char *input)
{
    g_autoptr(GDir) dir = NULL;
    const char *name;
    struct stat sb;

    if (STREQ(input, "-") || stat(input, &sb) < 0)
        return false;
    if (sb.st_dev == out->dev && sb.st_ino == out->ino)
        return true;
    if (!S_ISDIR(sb.st_mode) || !(dir = g_dir_open(input, 0, NULL)))
        return false;
    while ((name = g_dir_read_name(dir))) {
        g_autofree char *path = g_build_filename(input, name, NULL);

        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
            sb.st_dev == out->dev && sb.st_ino == out->ino)
            return true;
    }
    return false;
}


int
virFileCheckOutputs(const virFileUse *inputs,
                    size_t ninputs,
                    const virFileUse *outputs,
                    size_t noutputs)
{
    size_t i;
    size_t j;

    for (i = 0; i < noutputs; i++) {
        g_auto(virFileIdentity) out = { 0 };

        if (virFileGetIdentity(outputs[i].path, &out) < 0)
            continue;
        for (j = 0; out.exists && j < ninputs; j++) {
            if (!virFileIsInput(&out, inputs[j].path))
                continue;
            virReportError(VIR_ERR_INVALID_ARG,
                           _("%s '%s' is a file this command reads (%s '%s'): refusing to write over an input"),
                           outputs[i].what, outputs[i].path,
                           inputs[j].what, inputs[j].path);
            return -1;
        }
        for (j = 0; j < i; j++) {
            g_auto(virFileIdentity) other = { 0 };

            if (virFileGetIdentity(outputs[j].path, &other) < 0 ||
                !virFileIdentityEqual(&out, &other))
                continue;
            virReportError(VIR_ERR_INVALID_ARG,
                           _("%s '%s' and %s '%s' are the same file: give each output its own"),
                           outputs[j].what, outputs[j].path,
                           outputs[i].what, outputs[i].path);
            return -1;
        }
    }
    return 0;
}


int
virFileWriteAtomic(const char *path,
                   const char *data,
                   size_t len,
                   int mode)
{
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    size_t done = 0;
    int fd;

    if (virFileCheckReplaceable(path) < 0)
        return -1;

    if ((fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode)) < 0) {
        virReportSystemError(errno, _("cannot create a temporary file for '%s'"), path);
        return -1;
    }

    while (done < len) {
        ssize_t put = write(fd, data + done, len - done);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            goto error;
        }
        done += put;
    }

    if (fsync(fd) < 0)
        goto error;
    if (close(fd) < 0) {
        fd = -1;
        goto error;
    }
    fd = -1;

    if (rename(tmp, path) < 0)
        goto error;

    return 0;

 error:
    virReportSystemError(errno, _("cannot write '%s'"), path);
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return -1;
}

char *
virFileMakeTempDir(const char *tmpl)
{
    g_autoptr(GError) gerr = NULL;
    char *dir;

    if (!(dir = g_dir_make_tmp(tmpl, &gerr))) {
        virReportError(VIR_ERR_SYSTEM_ERROR,
                       _("cannot create a temporary directory: %s"),
                       gerr->message);
        return NULL;
    }
    return dir;
}

void
virFileRemoveTempDir(const char *dir)
{
    g_autoptr(GDir) d = NULL;
    const char *ent;

    if (!dir)
        return;

    if ((d = g_dir_open(dir, 0, NULL))) {
        while ((ent = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(dir, ent, NULL);
            g_unlink(p);
        }
    }
    g_rmdir(dir);
}
