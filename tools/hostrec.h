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
 * exit status, >= 0.  Before a subcommand runs, the main loop refuses an
 * output file (an option in hostrecOutputOptions, hostrec.c) that is one
 * of its inputs (every other file option, every positional that
 * hostrecArgNamesFile() calls a file) or another output.
 */

#pragma once

#include "internal.h"
#include "cpu_compare.h"
#include "cpu_input.h"
#include "domain_metadata.h"
#include "qemu_conf.h"
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
    /* The last positional is a domain XML file that --domain can replace
     * (hostrecDomainOptionEntries must then be among the options). */
    bool domainArg;
    /* What --domain reads, appended to @description in a build with
     * libvirt (N_()); NULL for none. */
    const char *domainDescription;
    int (*run)(int argc, char **argv);  /* argv[0] is the first positional */
};

/* The commands of the tool, in the order 'hostrec --help' lists them;
 * *@n is their number. */
/* The command called @name, or NULL (hostrec-commands.c). */
const hostrecCommand *hostrecFindCommand(const char *name);

const hostrecCommand * const *hostrecGetCommands(size_t *n);

/* A global option, given before the command (hostrec.c parses them by
 * hand; this table is what completion offers). */
typedef struct _hostrecGlobalOption hostrecGlobalOption;
struct _hostrecGlobalOption {
    const char *name;           /* "--name"; NULL ends the table */
    const char *shortName;      /* "-x", or NULL */
    bool arg;                   /* takes a value: "--name VALUE", "--name=VALUE" */
    const char * const *values; /* the values it takes, NULL-terminated; NULL: any */
};

/* The global option, given before the command: which libvirt hostrec
 * models.  Named as the libvirt setting it stands for (qemu.conf's
 * default_cpu_deprecated_features, libvirt >= 11.6). */
#define HOSTREC_OPT_DEFAULT_DEPRECATED "--default-cpu-deprecated-features"

extern const hostrecGlobalOption hostrecGlobalOptions[];

/* Whether @token, a word of a command's usage (hostrecCommand.args),
 * stands for a file: an uppercase placeholder (FILE, DOMAIN.xml, [FILE])
 * does, a lowercase word is literal ("qemu-argv").  Completion offers
 * file names for it; the check of outputs against inputs reads it as an
 * input. */
bool hostrecArgNamesFile(const char *token);

/* 'hostrec complete -- WORD...' (hostrec-complete.c): the completions of
 * the last word of a command line, one a line.  Returns 0. */
int hostrecComplete(int argc, char **argv);

/* Options shared by subcommands that talk to QEMU. */
typedef struct _hostrecQEMUOptions hostrecQEMUOptions;
struct _hostrecQEMUOptions {
    /* where QEMU data comes from, as src/qemu takes it (qemu_conf.h):
     * --emulatorbin, --replay, --record, --probe-timeout, --no-cache */
    qemuDriverConfig driver;
    /* what to ask QEMU about */
    char *arch;
    char *machine;
    char *virttype;
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

/* @str as it is when it is printable ASCII, else with C escapes: a name
 * from outside (a daemon, a recording, a cache file) can then neither
 * break a line of output nor hide in it (hostrec-reexpand.c). */
char *hostrecTextName(const char *str);

/* The run's configuration of the QEMU driver (qemu_conf.h), from the
 * parsed options (hostrecQEMUOpts) and the global ones: what every call
 * into src/qemu that depends on them takes. */
const qemuDriverConfig *hostrecDriverConfig(void);

/* Queue a note for stderr ("note: ..."), printed after the command's
 * output when it succeeds, dropped with everything else when it fails
 * (a failure is one line).  One sentence, as a warning. */
void hostrecNote(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* Print the pending warnings of the library on stderr. */
void hostrecPrintWarnings(void);

/* --domain NAME|UUID|ID (hostrec-domain.c): the rows (none when built
 * without libvirt) and the value given, NULL when none. */
extern const GOptionEntry hostrecDomainOptionEntries[];
extern char *hostrecDomainKey;

/* Whether the domain XML comes from libvirt (--domain) rather than a
 * file. */
bool hostrecDomainFromLibvirt(void);

/* Whether the domain read by hostrecDomainLoad() lives on another host
 * (a remote URI): its emulator path is not one of this machine.  The
 * URI and the domain's name are given for messages (owned by the tool,
 * NULL before a domain was read). */
bool hostrecDomainIsRemote(void);

/* For a command that talks to libvirt with a domain XML file (define):
 * open the -c/--connect connection once to learn whether the daemon is
 * remote (hostrecDomainIsRemote(), hostrecDomainURI()).  0, or -1 with
 * the connection's error. */
int hostrecDomainPrepareConnected(void);
const char *hostrecDomainURI(void);
const char *hostrecDomainName(void);

typedef enum {
    /* the inactive definition even of a running domain (what the next
     * start uses); otherwise a running domain's live XML, as virsh reads */
    HOSTREC_DOMAIN_INACTIVE = 1 << 0,
    /* (hostrecDomxmlPrepare) the command talks to the libvirt of
     * -c/--connect even with a file (define): its emulator is the
     * daemon's, as with --domain */
    HOSTREC_DOMAIN_CONNECTED = 1 << 1,
} hostrecDomainLoadFlags;

/* Parse and check the domain XML in @path ("-" is standard input) or,
 * when @path is NULL, of the --domain over the -c/--connect connection.
 * Returns the definition, or NULL with an error set. */
typedef struct _virDomainDef virDomainDef;
virDomainDef *hostrecDomainLoad(const char *path,
                                unsigned int flags);

/* Subcommands */
extern const hostrecCommand hostrecCmdValidate;
extern const hostrecCommand hostrecCmdDomcapabilities;
extern const hostrecCommand hostrecCmdDomxmlToNative;
extern const hostrecCommand hostrecCmdDomxmlExpand;
extern const hostrecCommand hostrecCmdHypervisorCPUBaseline;
extern const hostrecCommand hostrecCmdHypervisorCPUCompare;
extern const hostrecCommand hostrecCmdMigrationCheck;
#if WITH_LIBVIRT
extern const hostrecCommand hostrecCmdDefine;
extern const hostrecCommand hostrecCmdConvert;
extern const hostrecCommand hostrecCmdRefresh;
#endif
extern const hostrecCommand hostrecCmdFleet;

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

/* Where the QEMU data of a domain came from. */
typedef enum {
    HOSTREC_CAPS_SOURCE_PROBE = 0,  /* hostrec's probe of the binary (cached) */
    HOSTREC_CAPS_SOURCE_REPLAY,     /* --replay */
    HOSTREC_CAPS_SOURCE_LIBVIRT,    /* a libvirt >= 11.0 daemon's domain capabilities */
} hostrecCapsSource;

/* What hostrec's <metadata> element records for QEMU data from @source:
 * the daemon's domain capabilities, or QEMU itself (probed or replayed). */
virDomainHostrecDeprecatedSource hostrecCapsSourceRecorded(hostrecCapsSource source);

/* The capabilities of the emulator of @def, by the rule of
 * hostrecDomxmlPrepare() below: --replay, else --emulatorbin, else the
 * domain's <emulator> (cached) or, for a domain of a libvirt daemon
 * (@daemon) whose emulator cannot be run here (@remote: the daemon is on
 * another host; or no such executable), the daemon's domain
 * capabilities (libvirt >= 11.0).  For a daemon's domain a note on
 * stderr says which.  convert and refresh call it for each domain they
 * read.  0 with *@caps, *@emulator and *@source (may be NULL) set, or -1
 * with an error. */
typedef struct _virDomainDef virDomainDef;
typedef struct _virQEMUCaps virQEMUCaps;
int hostrecDomxmlGetCaps(const virDomainDef *def,
                         bool daemon,
                         bool remote,
                         virQEMUCaps **caps,
                         char **emulator,
                         hostrecCapsSource *source);

/* domxml-to-native, domxml-expand and define: parse and check the
 * domain XML at @path (NULL: --domain; @loadFlags: hostrecDomainLoadFlags)
 * and get the capabilities of its emulator: --replay, else the binary
 * of --emulatorbin, else of the domain's <emulator> (cached).  For a
 * domain of a libvirt daemon (--domain, HOSTREC_DOMAIN_CONNECTED) whose
 * emulator cannot be run here (a remote URI, or no such executable),
 * from a libvirt >= 11.0 daemon's domain capabilities instead
 * (qemu_libvirtcaps.h); an older daemon is then an error.  *@emulator is
 * the binary's path for the command line, *@source where the data came
 * from (a note on stderr says it for a libvirt domain). */
typedef struct _virQEMUCaps virQEMUCaps;
int hostrecDomxmlPrepare(const char *path,
                         unsigned int loadFlags,
                         virDomainDef **def,
                         virQEMUCaps **caps,
                         char **emulator,
                         hostrecCapsSource *source);
