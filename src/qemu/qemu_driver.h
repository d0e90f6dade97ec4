/*
 * qemu_driver.h: where a command's QEMU data comes from, decided once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every command of the tool that needs QEMU asks here, with the run's
 * configuration (qemu_conf.h), instead of deciding on its own which
 * binary to run, whether to replay a recording and whether the cache
 * answers.  The rules, in one place:
 *
 *   - the binary is --emulatorbin, else the domain's <emulator>, else
 *     qemu-system-ARCH from PATH; a name is looked up in PATH, a path made
 *     absolute (qemuHostFindBinary), and a name PATH lacks is one error
 *     for every command;
 *   - --replay answers instead of any binary, and the path shown is the
 *     binary named (--emulatorbin, then <emulator>), else libvirt's usual
 *     one for the recorded arch; --record goes with a live probe only;
 *   - capabilities come from the cache unless --no-cache (a stale or
 *     damaged entry is probed again: qemu_capscache.h).
 */

#pragma once

#include "internal.h"
#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_conf.h"
#include "qemu_monitor.h"

/* 0, or -1 with an error when @cfg asks for a recording and a live probe
 * at once (--replay with --record). */
int qemuDriverCheckConfig(const qemuDriverConfig *cfg);

/* The QEMU binary under @cfg for a domain whose <emulator> is @emulator
 * (NULL: none, or no domain) and whose arch is @arch (NULL: the host's).
 * A new string, or NULL with an error naming what is missing. */
char *qemuDriverFindEmulator(const qemuDriverConfig *cfg,
                             const char *emulator,
                             const char *arch);

/* The capabilities of the QEMU of @cfg for such a domain: replayed from
 * the recording, or from the cache entry of qemuDriverFindEmulator()'s
 * binary (probed, and recorded to --record, when the cache cannot
 * answer).  *@path is the emulator as output shows it.  Returns 0 with
 * both set, or -1 with an error. */
int qemuDriverGetCaps(const qemuDriverConfig *cfg,
                      const char *emulator,
                      const char *arch,
                      virQEMUCaps **caps,
                      char **path);

/* qemuDriverGetCaps() for the domain @def (its <emulator> and arch),
 * with what expanding its CPU needs besides: when its <cpu> names a
 * model and enables features, the per-model feature sets of a live
 * binary (cached, or probed once: virQEMUCapsCacheAddModelTable()),
 * without which a feature of a later generation than the model cannot
 * be refused.  A recording has no such sets, and nothing is probed for
 * it. */
int qemuDriverGetDomainCaps(const qemuDriverConfig *cfg,
                            const virDomainDef *def,
                            virQEMUCaps **caps,
                            char **path);

/* A source of QMP sessions for a command that talks to QEMU itself (CPU
 * baseline and compare, the per-model feature sets): the recording, or
 * the binary qemuDriverFindEmulator() picks for @arch, its traffic
 * recorded to --record.  NULL with an error. */
qemuMonitorSource *qemuDriverOpenSource(const qemuDriverConfig *cfg,
                                        const char *arch);
