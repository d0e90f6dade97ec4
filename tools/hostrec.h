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

typedef struct _hostrecCommand hostrecCommand;
struct _hostrecCommand {
    const char *name;
    const char *args;           /* usage after the options, e.g. "FILE" */
    const char *summary;        /* one line, translatable (N_()) */
    const char *description;    /* a paragraph for --help, N_() */
    const GOptionEntry *options;
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

/* GOptionEntry rows for hostrecQEMUOpts (NULL-terminated). */
extern const GOptionEntry hostrecQEMUOptionEntries[];

/* Print the pending warnings of the library on stderr. */
void hostrecPrintWarnings(void);

/* Subcommands */
extern const hostrecCommand hostrecCmdValidate;
