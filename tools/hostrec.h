/*
 * hostrec.h: shared pieces of the hostrec tool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The tool is the only code that prints.  Each subcommand lives in its own
 * file (hostrec-NAME.c) and is listed once in the table in hostrec.c.  A
 * subcommand returns 0 on success and -1 with the library error set; the
 * main loop prints "error: MESSAGE" and exits 1.  A subcommand that has an
 * answer other than yes/no (compare, migration-check) returns its own
 * exit status, >= 0.
 */

#pragma once

#include "internal.h"
#include "cpu_compare.h"
#include "cpu_input.h"
#include "qemu_monitor.h"

typedef struct _hostrecCommand hostrecCommand;
struct _hostrecCommand {
    const char *name;
    const char *args;           /* usage after the options, e.g. "FILE" */
    const char *summary;        /* one line, translatable (N_()) */
    const char *description;    /* a paragraph for --help, N_() */
    const GOptionEntry *options;
    /* hostrecTargetOptionEntries for a command that takes --arch,
     * --machine and --virttype from the user (not from a domain XML);
     * NULL otherwise, so that those options are not offered. */
    const GOptionEntry *targetOptions;
    /* More rows after @options (e.g. a command's own flags next to the
     * shared hostrecQEMUOptionEntries); NULL for none. */
    const GOptionEntry *extraOptions;
    size_t minArgs;
    size_t maxArgs;
    int (*run)(int argc, char **argv);  /* argv[0] is the first positional */
};

/* Options shared by subcommands that talk to QEMU. */
typedef struct _hostrecQEMUOptions hostrecQEMUOptions;
struct _hostrecQEMUOptions {
    char *emulatorbin;
    char *arch;
    char *machine;
    char *virttype;
    char *replay;
    char *record;
    double probeTimeout;
    gboolean noCache;
};

extern hostrecQEMUOptions hostrecQEMUOpts;

/* GOptionEntry rows for hostrecQEMUOpts (NULL-terminated): where the
 * QEMU data comes from (binary, recording, cache, timeout). */
extern const GOptionEntry hostrecQEMUOptionEntries[];

/* The rows for hostrecQEMUOpts.arch, .machine and .virttype: what to ask
 * QEMU about.  Only commands that honour all three list them. */
extern const GOptionEntry hostrecTargetOptionEntries[];

/* Write @text to standard output, adding a final newline when it has
 * none, and flush.  Returns 0, or -1 with an error set when the output
 * cannot be written (a full disk, a closed pipe). */
int hostrecPrintText(const char *text);

/* Flush standard output; -1 with an error set on failure. */
int hostrecFlushOutput(void);

/* The default emulator, as virsh finds it: qemu-system-ARCH from PATH,
 * ARCH being @arch (libvirt's name) or the host's.  NULL with an error
 * naming the program when PATH has none. */
char *hostrecFindDefaultEmulator(const char *arch);

/* -1 with an error when --record and --replay are both given: a
 * recording records a live probe. */
int hostrecCheckRecordReplay(const hostrecQEMUOptions *opts);

/* The source of --replay (@opts->replay must be set), after
 * hostrecCheckRecordReplay(); NULL with an error. */
qemuMonitorSource *hostrecOpenReplay(const hostrecQEMUOptions *opts);

/* Print the pending warnings of the library on stderr. */
void hostrecPrintWarnings(void);

/* Subcommands */
extern const hostrecCommand hostrecCmdValidate;
extern const hostrecCommand hostrecCmdDomcapabilities;
extern const hostrecCommand hostrecCmdDomxmlToNative;
extern const hostrecCommand hostrecCmdDomxmlExpand;
extern const hostrecCommand hostrecCmdHypervisorCPUBaseline;
extern const hostrecCommand hostrecCmdHypervisorCPUCompare;
extern const hostrecCommand hostrecCmdMigrationCheck;

/* hypervisor-cpu-baseline and -compare: read the CPUs of @path ("-" for
 * standard input) into *@list.  Returns 0 or -1 with an error naming
 * the file. */
int hostrecHypervisorCPURead(const char *path,
                             virCPUDefList **list);

/* hypervisor-cpu-baseline and -compare: start (or replay) the one QEMU
 * session they use, as the shared QEMU options say, for the CPUs of
 * @list, and check that it runs s390x guests of their arch.  *@accel is
 * the virt type used.  hostrecHypervisorCPUClose() ends the session and
 * writes the --record file. */
int hostrecHypervisorCPUOpen(const virCPUDefList *list,
                             qemuMonitorSource **src,
                             qemuMonitor **mon,
                             qemuMonitorAccel *accel);
int hostrecHypervisorCPUClose(qemuMonitorSource *src,
                              qemuMonitor *mon);

/* domxml-to-native and domxml-expand: parse and check the domain XML at
 * @path and get the capabilities of its emulator as the shared QEMU
 * options say (--replay, --emulatorbin, the domain's <emulator>, the
 * cache).  *@emulator is the binary's path for the command line. */
typedef struct _virDomainDef virDomainDef;
typedef struct _virQEMUCaps virQEMUCaps;
int hostrecDomxmlPrepare(const char *path,
                         virDomainDef **def,
                         virQEMUCaps **caps,
                         char **emulator);
