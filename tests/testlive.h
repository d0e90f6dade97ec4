/*
 * testlive.h: helpers of the tests that run real QEMUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two live QEMUs for s390x under TCG: the system's 7.2 (no deprecated
 * features reported) and bookworm-backports' 10.0 (tests/fetch-qemu10.sh).
 * Their paths come from $HOSTREC_TEST_QEMU72 and $HOSTREC_TEST_QEMU10
 * (meson sets them from -Dqemu72= and -Dqemu10=); a QEMU that is not
 * there, or is not the version it should be, makes its cases SKIP
 * visibly.
 *
 * Guests run through hostrec's own process and monitor code: the "binary"
 * is tests/qemuguestwrap, which execs the QEMU with the guest's command
 * line, so the QEMU is the test's direct child and the monitor reaps it.
 */

#pragma once

#include "internal.h"
#include "qemu_monitor.h"

typedef struct {
    const char *label;      /* "7.2", "10.0" */
    const char *env;        /* the variable naming its binary */
    char *binary;           /* NULL when not usable: see skip */
    char *skip;             /* why not usable */
    char *datadir;          /* its firmware directory (passed as -L) */
    char *replies;          /* a live recording of its capabilities */
    char *caps;             /* testLiveGetCapsFile(), once made */
} testLiveQEMU;

/* Find the QEMUs, make a private temporary directory (hostrec's cache
 * lives there) and record each QEMU's capabilities with the tool.
 * Returns 0, or -1 with a diagnostic. */
int testLiveInit(void);

/* Remove the temporary directory. */
void testLiveCleanup(void);

/* The QEMU with @label ("7.2" or "10.0"). */
testLiveQEMU *testLiveGetQEMU(const char *label);

/* The private temporary directory. */
const char *testLiveTmpDir(void);

/* A hostrec cache file of @q's capabilities that also holds its
 * per-model CPU feature sets (which a .replies recording of the probe
 * does not): made on first use by an offline CPU baseline with the tool,
 * in the private cache.  Returns its path, or NULL with a diagnostic. */
const char *testLiveGetCapsFile(testLiveQEMU *q);

/* Write a TCG domain for @machine with the CPU element @cpuxml and
 * emulator @emulator into the temporary directory as NAME.xml; returns
 * its path. */
char *testLiveWriteDomain(const char *name,
                          const char *machine,
                          const char *cpuxml,
                          const char *emulator);

/* A global option (e.g. "--default-cpu-deprecated-features=off") that
 * testLiveRunTool() puts before the command of every run from now on;
 * NULL: none. */
void testLiveSetGlobalOption(const char *option);

/* Run the tool with the private cache; as virTestRunTool(). */
int testLiveRunTool(const char * const *args,
                    char **out,
                    char **err);

/* "hostrec domxml-to-native qemu-argv @domain --emulatorbin Q": on
 * success *@argv holds the command line split (binary first; checked to
 * be Q's), on refusal *@err the tool's message.  Returns the tool's exit
 * status or -1. */
int testLiveDomxmlToNative(testLiveQEMU *q,
                           const char *domain,
                           char ***argv,
                           char **err);

/* Start @argv (binary first) with @extra arguments appended, and -L with
 * the QEMU's firmware directory, under a QMP monitor.  Returns the
 * monitor, or NULL with *@qemuErr set to why QEMU did not start (its
 * last line of output). */
qemuMonitor *testLiveStartGuest(testLiveQEMU *q,
                                char * const *argv,
                                const char * const *extra,
                                char **qemuErr);

/* qom-get of a boolean property; returns 0/1, or -1 with a diagnostic. */
int testLiveQomGetBool(qemuMonitor *mon,
                       const char *path,
                       const char *prop);

/* The QOM path of the guest's first CPU (query-cpus-fast). */
char *testLiveCPUPath(qemuMonitor *mon);
