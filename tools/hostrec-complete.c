/*
 * hostrec-complete.c: 'hostrec complete -- WORD...', for shell completion
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bash completion script (tools/bash-completion/hostrec) passes the
 * words of the command line after "hostrec", the last one being the word
 * under the cursor (empty when a new word starts).  The candidates come
 * from the same tables the tool parses with: the command table, each
 * command's GOptionEntry rows and its usage (hostrecCommand.args), and the
 * global options (hostrecGlobalOptions), so a new command or option is
 * completed without touching the script.  Hidden, like virsh's own
 * 'complete' command: it is not listed in 'hostrec --help'.
 *
 * Output: one candidate a line, each starting with the word under the
 * cursor; the line HOSTREC_COMPLETE_FILES asks the shell to complete a
 * file name instead (an option of type G_OPTION_ARG_FILENAME, or a
 * positional argument that names a file).
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "hostrec.h"

/* Printed to ask for file name completion: no candidate starts with ':'. */
#define HOSTREC_COMPLETE_FILES ":files"


static void
hostrecCompleteWord(const char *cur,
                    const char *word)
{
    if (g_str_has_prefix(word, cur))
        printf("%s\n", word);
}


/* The global option @word names, or NULL. */
static const hostrecGlobalOption *
hostrecCompleteFindGlobal(const char *word)
{
    const hostrecGlobalOption *opt;
    size_t len = strcspn(word, "=");

    for (opt = hostrecGlobalOptions; opt->name; opt++) {
        if ((strlen(opt->name) == len && strncmp(opt->name, word, len) == 0) ||
            (opt->shortName && STREQ(opt->shortName, word)))
            return opt;
    }
    return NULL;
}


static void
hostrecCompleteGlobalValue(const hostrecGlobalOption *opt,
                           const char *prefix,
                           const char *cur)
{
    size_t i;

    for (i = 0; opt->values && opt->values[i]; i++) {
        g_autofree char *word = g_strdup_printf("%s%s", prefix, opt->values[i]);

        hostrecCompleteWord(cur, word);
    }
}


/* The word before the command, under the cursor. */
static void
hostrecCompleteGlobal(const char *prev,
                      const char *cur)
{
    const hostrecGlobalOption *opt;
    const hostrecCommand * const *cmds;
    size_t ncmds;
    size_t i;

    /* the value of "--name VALUE" or "--name=VALUE" */
    if (prev && (opt = hostrecCompleteFindGlobal(prev)) && opt->arg &&
        !strchr(prev, '=')) {
        hostrecCompleteGlobalValue(opt, "", cur);
        return;
    }
    if (g_str_has_prefix(cur, "--") && strchr(cur, '=')) {
        g_autofree char *prefix = g_strndup(cur, strcspn(cur, "=") + 1);

        if ((opt = hostrecCompleteFindGlobal(cur)) && opt->arg)
            hostrecCompleteGlobalValue(opt, prefix, cur);
        return;
    }

    if (*cur == '-') {
        for (opt = hostrecGlobalOptions; opt->name; opt++)
            hostrecCompleteWord(cur, opt->name);
        hostrecCompleteWord(cur, "--help");
        hostrecCompleteWord(cur, "--version");
        return;
    }

    cmds = hostrecGetCommands(&ncmds);
    for (i = 0; i < ncmds; i++)
        hostrecCompleteWord(cur, cmds[i]->name);
}


/* The option rows of @cmd, in the order --help shows them. */
static void
hostrecCompleteTables(const hostrecCommand *cmd,
                      const GOptionEntry *tables[3])
{
    tables[0] = cmd->options;
    tables[1] = cmd->targetOptions;
    tables[2] = cmd->extraOptions;
}


/* The row of @cmd that @word ("--name", "--name=VALUE" or "-x") names. */
static const GOptionEntry *
hostrecCompleteFindOption(const hostrecCommand *cmd,
                          const char *word)
{
    const GOptionEntry *tables[3];
    size_t i;

    hostrecCompleteTables(cmd, tables);
    for (i = 0; i < G_N_ELEMENTS(tables); i++) {
        const GOptionEntry *e;

        for (e = tables[i]; e && e->long_name; e++) {
            if (g_str_has_prefix(word, "--")) {
                size_t len = strcspn(word + 2, "=");

                if (strlen(e->long_name) == len &&
                    strncmp(e->long_name, word + 2, len) == 0)
                    return e;
            } else if (e->short_name && word[0] == '-' &&
                       word[1] == e->short_name && word[2] == '\0') {
                return e;
            }
        }
    }
    return NULL;
}


/* Whether the row takes a value in the next word ("--name VALUE"). */
static bool
hostrecCompleteTakesValue(const GOptionEntry *e)
{
    switch (e->arg) {
    case G_OPTION_ARG_NONE:
        return false;
    case G_OPTION_ARG_CALLBACK:
        return !(e->flags & (G_OPTION_FLAG_NO_ARG | G_OPTION_FLAG_OPTIONAL_ARG));
    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_INT:
    case G_OPTION_ARG_FILENAME:
    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY:
    case G_OPTION_ARG_DOUBLE:
    case G_OPTION_ARG_INT64:
    default:
        return true;
    }
}


static bool
hostrecCompleteIsFile(const GOptionEntry *e)
{
    return e->arg == G_OPTION_ARG_FILENAME ||
           e->arg == G_OPTION_ARG_FILENAME_ARRAY;
}


/* Positional argument @index of @cmd, from its usage ("qemu-argv
 * DOMAIN.xml"): a lowercase word is literal and offered as it is, an
 * uppercase placeholder (FILE, DOMAIN.xml, [FILE]) names a file. */
static void
hostrecCompletePositional(const hostrecCommand *cmd,
                          size_t index,
                          const char *cur)
{
    g_auto(GStrv) tokens = g_strsplit(cmd->args ? cmd->args : "", " ", 0);
    const char *token;
    size_t n = 0;
    size_t i;

    for (i = 0; tokens[i]; i++) {
        if (!*tokens[i])
            continue;
        if (n++ == index)
            break;
    }
    if (!tokens[i])
        return;

    token = tokens[i];
    if (hostrecArgNamesFile(token)) {
        printf("%s\n", HOSTREC_COMPLETE_FILES);
        return;
    }
    hostrecCompleteWord(cur, token);
}


static void
hostrecCompleteCommand(const hostrecCommand *cmd,
                       char **words,
                       size_t nwords)
{
    const char *cur = words[nwords - 1];
    const GOptionEntry *tables[3];
    size_t positional = 0;
    bool optionsEnd = false;
    size_t i;

    /* the words between the command and the one under the cursor */
    for (i = 0; i + 1 < nwords; i++) {
        const char *w = words[i];
        const GOptionEntry *e;

        if (!optionsEnd && STREQ(w, "--")) {
            optionsEnd = true;
            continue;
        }
        if (optionsEnd || w[0] != '-' || w[1] == '\0') {
            positional++;
            continue;
        }
        if ((e = hostrecCompleteFindOption(cmd, w)) &&
            hostrecCompleteTakesValue(e) && !strchr(w, '=')) {
            if (i + 2 == nwords) {
                /* the cursor is on this option's value */
                if (hostrecCompleteIsFile(e))
                    printf("%s\n", HOSTREC_COMPLETE_FILES);
                return;
            }
            i++;
        }
    }

    if (!optionsEnd && cur[0] == '-') {
        const GOptionEntry *e;

        if (g_str_has_prefix(cur, "--") && strchr(cur, '=')) {
            if ((e = hostrecCompleteFindOption(cmd, cur)) && hostrecCompleteIsFile(e))
                printf("%s\n", HOSTREC_COMPLETE_FILES);
            return;
        }
        hostrecCompleteTables(cmd, tables);
        for (i = 0; i < G_N_ELEMENTS(tables); i++) {
            for (e = tables[i]; e && e->long_name; e++) {
                g_autofree char *word = NULL;

                if (e->flags & G_OPTION_FLAG_HIDDEN)
                    continue;
                word = g_strdup_printf("--%s", e->long_name);
                hostrecCompleteWord(cur, word);
            }
        }
        hostrecCompleteWord(cur, "--help");
        return;
    }

    hostrecCompletePositional(cmd, positional, cur);
}


int
hostrecComplete(int argc,
                char **argv)
{
    const hostrecCommand * const *cmds;
    size_t ncmds;
    int i = 0;
    size_t j;

    /* "complete -- WORD...": the "--" keeps the words from being read as
     * hostrec's own options */
    if (argc > 0 && STREQ(argv[0], "--")) {
        argv++;
        argc--;
    }
    if (argc == 0)
        return 0;

    /* the global options before the command */
    while (i < argc - 1 && argv[i][0] == '-') {
        const hostrecGlobalOption *opt = hostrecCompleteFindGlobal(argv[i]);

        if (opt && opt->arg && !strchr(argv[i], '='))
            i++;
        i++;
    }
    if (i >= argc - 1) {
        hostrecCompleteGlobal(argc >= 2 ? argv[argc - 2] : NULL,
                              argv[argc - 1]);
        return 0;
    }

    cmds = hostrecGetCommands(&ncmds);
    for (j = 0; j < ncmds; j++) {
        if (STREQ(cmds[j]->name, argv[i])) {
            hostrecCompleteCommand(cmds[j], argv + i + 1, argc - i - 1);
            break;
        }
    }
    return 0;
}
