/*
 * qemu_capscache.h: the on-disk cache of QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One XML file per emulator binary under $XDG_CACHE_HOME/hostrec/ (the
 * user cache directory), named after a hash of the binary's absolute
 * path.  The element names follow libvirt's own capabilities cache where
 * the data is the same (<qemuCaps>, <hostCPU>, <property>, <cpu>,
 * <blocker>, <machine>, <deprecatedFeatures>, <hostDeprecatedFeatures>).
 *
 * An entry is used only while its stamp matches: the binary's path, size,
 * mtime and ctime, hostrec's version, and the host (KVM usable or not, a
 * hash of the host CPU's identity).  Anything else - a stale stamp, a
 * truncated or damaged file, a value that makes no sense - discards the
 * file and the binary is probed again.  Files are written atomically
 * (virFileWriteAtomic), so two processes probing the same binary at once
 * both succeed and leave one whole file.  A failed probe writes nothing.
 *
 * Only regular files are cache entries: they are read without following
 * a symbolic link and without blocking, and written only over a regular
 * file.  Anything else at an entry's path (a FIFO, a link, a directory)
 * was not made by hostrec: it is left alone, and that run works without
 * a cache, with a warning.  Reader and writer share one size limit,
 * VIR_QEMU_CAPS_CACHE_MAX_SIZE: capabilities whose XML is larger are not
 * cached at all (a warning), rather than written to be refused at every
 * later run.
 */

#pragma once

#include "internal.h"
#include "qemu_capabilities.h"

/* The largest cache file, in bytes, that is written or read.  Real
 * capabilities take some tens of KiB. */
#define VIR_QEMU_CAPS_CACHE_MAX_SIZE (8 * 1024 * 1024)

/* What a cache entry was made from; compared field by field on load. */
typedef struct _virQEMUCapsStamp virQEMUCapsStamp;
struct _virQEMUCapsStamp {
    char *binary;               /* absolute path */
    unsigned long long size;
    long long mtime;            /* nanoseconds since the epoch */
    long long ctime;            /* nanoseconds since the epoch */
    char *selfVers;             /* hostrec's PACKAGE_VERSION */
    bool hostKVM;               /* /dev/kvm usable */
    char *hostCPU;              /* hash of the host CPU's identity */
};

void virQEMUCapsStampFree(virQEMUCapsStamp *stamp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUCapsStamp, virQEMUCapsStampFree);

/* The stamp of @binary as it is now on this host.  NULL with an error
 * naming the binary when it cannot be found. */
virQEMUCapsStamp *virQEMUCapsStampNew(const char *binary);

/* Format @caps as cache XML.  With @stamp NULL the volatile data (stamp,
 * hostrec version, host identity) is left out: that is the golden-file
 * form of tests/qemucapabilitiesdata. */
char *virQEMUCapsFormatCache(const virQEMUCaps *caps,
                             const virQEMUCapsStamp *stamp);

/* Parse cache XML (@name for messages).  Every value is checked; any
 * inconsistency is an error.  *@stamp (when @stamp is non-NULL) is set to
 * the stamp found, or NULL when the document has none. */
int virQEMUCapsParseCache(const char *xml,
                          size_t len,
                          const char *name,
                          virQEMUCaps **caps,
                          virQEMUCapsStamp **stamp);

/* The directory of the cache: $XDG_CACHE_HOME/hostrec (read at each call,
 * so tests can change it). */
char *virQEMUCapsCacheDir(void);

/* The cache file of @binary (an absolute path). */
char *virQEMUCapsCacheFile(const char *binary);

/* Write @caps for @stamp to the cache file @file (atomically, over a
 * regular file only).  Returns 0, or -1 with an error when the XML would
 * be larger than VIR_QEMU_CAPS_CACHE_MAX_SIZE (nothing is written) or the
 * file cannot be written. */
int virQEMUCapsCacheWrite(const char *file,
                          const virQEMUCaps *caps,
                          const virQEMUCapsStamp *stamp);

/* Capabilities of @binary: from the cache when a valid entry exists (and
 * @noCache is false and @recordPath is NULL), else probed live - with
 * @timeoutSec per QEMU process and the traffic recorded to @recordPath
 * when non-NULL - and written to the cache unless @noCache.  A cache
 * directory that cannot be written, capabilities too large to cache and
 * an entry that is not a regular file each cost a warning
 * (virReportWarning), not a failure.  Returns 0 with *@caps set, or -1
 * with an error naming the binary; a failed probe writes nothing (an
 * invalid entry found on the way has been removed already).  This never
 * probes the model table of the offline baseline; a recorded probe that
 * replaces a valid entry keeps the table that entry held. */
int virQEMUCapsCacheLookup(const char *binary,
                           bool noCache,
                           double timeoutSec,
                           const char *recordPath,
                           virQEMUCaps **caps);

/* The per-model CPU feature sets (virCPUModelTable) of @binary for the
 * offline baseline, probed lazily: only this call probes them, never
 * virQEMUCapsCacheLookup().  From the cache entry of @binary when it
 * holds them (and neither @noCache nor @probe is set); else asked of
 * @mon, a QMP session of @binary (qemuCPUGetModelTable(), @emulator
 * naming it in messages), and - unless @noCache - written into the entry
 * of @binary, which is first probed (@timeoutSec) when there is none.
 * @probe (--record) asks @mon even with a cached table, so that the
 * recording holds the queries.  A damaged entry costs one warning and is
 * replaced; a failure to write the cache is a warning.  Returns 0 with
 * *@table set, or -1 with an error. */
int virQEMUCapsCacheModelTable(const char *binary,
                               bool noCache,
                               bool probe,
                               double timeoutSec,
                               qemuMonitor *mon,
                               const char *emulator,
                               virCPUModelTable **table);

/* The model table that the cache entry of @binary holds (its arch is
 * (*@table)->arch), read without starting QEMU.  No entry, a stale one,
 * one without a table, something other than a regular file (left,
 * without a word: the probe warns) or a damaged entry (removed, with
 * virQEMUCapsCacheModelTable()'s warning) give *@table NULL; the caller
 * then probes with virQEMUCapsCacheModelTable().
 * @emulator names the table in messages.  Returns 0, or -1 with an
 * error when @binary cannot be looked at. */
int virQEMUCapsCacheFindModelTable(const char *binary,
                                   const char *emulator,
                                   virCPUModelTable **table);

/* Give @caps, the capabilities of @binary that virQEMUCapsCacheLookup()
 * returned, the per-model CPU feature sets of its QEMU when it has none
 * and its arch has them (s390x): what lets a guest expansion refuse a CPU
 * model with a feature of a later generation, as QEMU does.  From the
 * cache entry, else probed once in a session of @binary (@timeoutSec)
 * and cached (virQEMUCapsCacheModelTable()), unless @noCache.  Returns 0
 * (caps->modelTable set, or left NULL for an arch without the sets), or
 * -1 with an error. */
int virQEMUCapsCacheAddModelTable(virQEMUCaps *caps,
                                  const char *binary,
                                  bool noCache,
                                  double timeoutSec);

/* How many times this process probed a model table in
 * virQEMUCapsCacheModelTable(): tests check that a warm cache asks QEMU
 * nothing. */
unsigned int virQEMUCapsCacheModelTableProbeCount(void);
