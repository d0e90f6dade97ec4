/*
 * qemu_migration.h: the offline migration check of a domain between two
 * hosts' QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The QEMU side of "hostrec migration-check": load each host's
 * capabilities, expand the guest CPU on the source exactly as
 * qemuDomainExpandCPU() does at start, resolve its machine type there, and
 * hand both hosts to the decision in src/cpu (cpu_migration.h), whose
 * result says what blocks the guest and what was checked.
 */

#pragma once

#include "internal.h"
#include "cpu_migration.h"
#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_conf.h"

/* The capabilities in @path: a hostrec cache file (XML) or a .replies
 * recording (anything else).  Returns 0 with *@caps set, or -1 with an
 * error naming @path. */
int qemuMigrationLoadCaps(const char *path,
                          virQEMUCaps **caps);

/* Describe @caps (@name and @version for messages, borrowed like every
 * string of @host) to the decision in src/cpu, for guests of @virtType:
 * as a destination (its host CPU must be known) or as a source.  -1 with
 * an error naming @name when @caps has no data for @virtType (or, for a
 * destination, no host CPU).  Clear @host with virCPUMigrationHostClear. */
int qemuMigrationHostInit(virCPUMigrationHost *host,
                          const virQEMUCaps *caps,
                          virDomainVirtType virtType,
                          bool destination,
                          const char *name,
                          const char *version);

/* Expand the CPU of @def on the source @src as at start (*@cpu, which
 * @guest borrows, as it borrows @def's and @src's strings) and resolve its
 * machine type there.  Errors as qemuMigrationCheck() for the domain and
 * the source. */
int qemuMigrationExpandGuest(const qemuDriverConfig *cfg,
                             const virDomainDef *def,
                             const virQEMUCaps *src,
                             const char *srcName,
                             const char *srcVersion,
                             virCPUDef **cpu,
                             virCPUMigrationGuest *guest);

/* Would @def, started on the host of @src (@srcName names it in
 * messages; its CPU expanded there under @cfg, as qemuDomainExpandCPU()
 * does), run on the host of @dst?  Errors (-1, reported): the
 * domain has no <cpu> or a mode whose CPU is each host's own
 * (host-passthrough, maximum), the two hosts run different arches, a
 * host has no data for the domain's virt type, or the guest cannot start
 * on the source.  Otherwise 0 with the verdict in *@result.  Warnings of
 * the expansion are queued (virReportWarning). */
int qemuMigrationCheck(const qemuDriverConfig *cfg,
                       const virDomainDef *def,
                       const virQEMUCaps *src,
                       const char *srcName,
                       const virQEMUCaps *dst,
                       const char *dstName,
                       virCPUMigrationResult **result);
