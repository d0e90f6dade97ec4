/*
 * hostrec-commands.c: the table of hostrec's commands and global options
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the tool offers, as data: main (hostrec.c) runs from it, and the
 * shell completion (hostrec-complete.c) offers from it, so that neither
 * needs the other.
 */

#include "internal.h"

#include <string.h>

#include "hostrec.h"

static const hostrecCommand *commands[] = {
    &hostrecCmdValidate,
    &hostrecCmdDomcapabilities,
    &hostrecCmdDomxmlToNative,
    &hostrecCmdDomxmlExpand,
    &hostrecCmdHypervisorCPUBaseline,
    &hostrecCmdHypervisorCPUCompare,
    &hostrecCmdMigrationCheck,
#if WITH_LIBVIRT
    &hostrecCmdDefine,
    &hostrecCmdConvert,
    &hostrecCmdRefresh,
#endif
    &hostrecCmdFleet,
};

const hostrecCommand * const *
hostrecGetCommands(size_t *n)
{
    *n = G_N_ELEMENTS(commands);
    return commands;
}

static const char * const hostrecOnOff[] = { "on", "off", NULL };

/* What completion offers before the command; hostrecParseGlobalOptions
 * reads them (tests/completiontest.sh checks this table against
 * 'hostrec --help'). */
const hostrecGlobalOption hostrecGlobalOptions[] = {
    { HOSTREC_OPT_DEFAULT_DEPRECATED, NULL, true, hostrecOnOff },
#if WITH_LIBVIRT
    { "--connect", "-c", true, NULL },
#endif
    { NULL }
};

const hostrecCommand *
hostrecFindCommand(const char *name)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (STREQ(commands[i]->name, name))
            return commands[i];
    }
    return NULL;
}

bool
hostrecArgNamesFile(const char *token)
{
    for (; *token; token++) {
        if (g_ascii_isupper(*token))
            return true;
    }
    return false;
}
