/*
 * hostrec.c: the hostrec command-line tool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostrec.h"
#include "hostrec-connect.h"
#include "qemu_command.h"
#include "qemu_domaincaps.h"
#include "qemu_host.h"
#include "qemu_monitor.h"
#include "qemu_process.h"
#include "virfile.h"
#include "virstring.h"
#include "virerror.h"

/* --default-cpu-deprecated-features: the modelled libvirt's qemu.conf */
static virTristateSwitch hostrecDefaultCPUDeprecatedFeatures = VIR_TRISTATE_SWITCH_ABSENT;

hostrecQEMUOptions hostrecQEMUOpts = {
    .driver.probeTimeout = QEMU_MONITOR_TIMEOUT_DEFAULT_SEC,
};

/* The shortest --probe-timeout: QEMU cannot even start in less. */
#define HOSTREC_PROBE_TIMEOUT_MIN_SEC 0.001

static gboolean
hostrecParseProbeTimeout(const char *name G_GNUC_UNUSED,
                         const char *value,
                         gpointer data G_GNUC_UNUSED,
                         GError **error)
{
    if (virStrToDouble(value, HOSTREC_PROBE_TIMEOUT_MIN_SEC,
                       QEMU_MONITOR_TIMEOUT_MAX_SEC,
                       &hostrecQEMUOpts.driver.probeTimeout) < 0) {
        /* through virReportError, which makes the quoted value readable
         * (control characters, invalid UTF-8) */
        virReportError(VIR_ERR_INVALID_ARG,
                       _("--probe-timeout must be a number of seconds from %g to %d, not '%s'"),
                       HOSTREC_PROBE_TIMEOUT_MIN_SEC, QEMU_MONITOR_TIMEOUT_MAX_SEC, value);
        g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                            virGetLastErrorDetail());
        virResetLastError();
        return FALSE;
    }
    return TRUE;
}

const GOptionEntry hostrecQEMUOptionEntries[] = {
    { "emulatorbin", 0, 0, G_OPTION_ARG_FILENAME, &hostrecQEMUOpts.driver.emulatorbin,
      N_("the QEMU binary to probe (default: qemu-system-ARCH from PATH)"), N_("PATH") },
    { "emulator", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &hostrecQEMUOpts.driver.emulatorbin,
      N_("the same as --emulatorbin"), N_("PATH") },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &hostrecQEMUOpts.driver.replay,
      N_("answer QMP commands from a .replies recording instead of running QEMU"), N_("FILE") },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &hostrecQEMUOpts.driver.record,
      N_("write the QMP traffic of a live probe to FILE in .replies format"), N_("FILE") },
    { "probe-timeout", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)hostrecParseProbeTimeout,
      N_("give up on QEMU when one QMP command (or its greeting) takes over SECONDS: per command, not per session (default: 30, at most 86400)"),
      N_("SECONDS") },
    { "no-cache", 0, 0, G_OPTION_ARG_NONE, &hostrecQEMUOpts.driver.noCache,
      N_("neither read nor write the capabilities cache"), NULL },
    { NULL }
};

const GOptionEntry hostrecTargetOptionEntries[] = {
    { "arch", 0, 0, G_OPTION_ARG_STRING, &hostrecQEMUOpts.arch,
      N_("the guest architecture (default: the host's; for CPU baseline and compare, the one the input names, else s390x)"), N_("ARCH") },
    { "machine", 0, 0, G_OPTION_ARG_STRING, &hostrecQEMUOpts.machine,
      N_("the machine type, one QEMU offers (default: QEMU's default machine)"), N_("MACHINE") },
    { "virttype", 0, 0, G_OPTION_ARG_STRING, &hostrecQEMUOpts.virttype,
      N_("kvm or qemu (default: kvm when QEMU's first session runs KVM, live or in the --replay recording; qemu otherwise)"), N_("TYPE") },
    { NULL }
};

static void
hostrecPrintUsage(FILE *out)
{
    const hostrecCommand * const *commands;
    size_t ncommands;
    size_t i;

    fprintf(out, _("Usage: hostrec [--version] [--help] [GLOBAL-OPTION...] COMMAND [OPTION...] [ARG...]\n\n"));
    fputs(_("Global options (the libvirt being modelled):\n"), out);
    fprintf(out, "  %s=on|off\n", HOSTREC_OPT_DEFAULT_DEPRECATED);
    fputs(_("        what an s390x host-model CPU without deprecated_features gets, as\n"
            "        qemu.conf's default_cpu_deprecated_features says: 'off' is the\n"
            "        default of libvirt 11.6 and newer, 'on' the behaviour of libvirt\n"
            "        11.5 and older; unset: 'on', with a warning where it matters\n\n"), out);
#if WITH_LIBVIRT
    fputs(_("Global options (the libvirt to talk to):\n"
            "  -c, --connect URI\n"
            "        the libvirt to talk to, as virsh's -c: by default\n"
            "        LIBVIRT_DEFAULT_URI, else libvirt's default URI\n\n"), out);
#else
    fputs(_("Built without libvirt: -c/--connect and everything that talks to\n"
            "libvirt are not available (meson option 'libvirt').\n\n"), out);
#endif
    fprintf(out, _("Commands:\n"));
    commands = hostrecGetCommands(&ncommands);
    for (i = 0; i < ncommands; i++)
        fprintf(out, "  %-26s %s\n", commands[i]->name, _(commands[i]->summary));
    fprintf(out, _("\nRun 'hostrec COMMAND --help' for the options of a command.\n"));
}

int
hostrecFlushOutput(void)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        virReportSystemError(errno, "%s", _("cannot write to standard output"));
        return -1;
    }
    return 0;
}

int
hostrecPrintText(const char *text)
{
    fputs(text, stdout);
    if (!g_str_has_suffix(text, "\n"))
        fputc('\n', stdout);
    return hostrecFlushOutput();
}

const qemuDriverConfig *
hostrecDriverConfig(void)
{
    hostrecQEMUOpts.driver.defaultCPUDeprecatedFeatures = hostrecDefaultCPUDeprecatedFeatures;
    return &hostrecQEMUOpts.driver;
}

static GPtrArray *notes;

void
hostrecNote(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!notes)
        notes = g_ptr_array_new_with_free_func(g_free);
    /* names from a daemon or a file: one readable line */
    g_strdelimit(text, "\n\r\t", ' ');
    g_ptr_array_add(notes, g_steal_pointer(&text));
}

static void
hostrecPrintNotes(void)
{
    g_autoptr(GPtrArray) n = g_steal_pointer(&notes);
    size_t i;

    for (i = 0; n && i < n->len; i++)
        fprintf(stderr, _("note: %s\n"), (const char *)g_ptr_array_index(n, i));
}

void
hostrecPrintWarnings(void)
{
    g_auto(GStrv) warnings = virStealWarnings();
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;

    /* a thousand guests of one kind give the same warning once */
    for (i = 0; warnings && warnings[i]; i++) {
        if (g_hash_table_add(seen, warnings[i]))
            fprintf(stderr, _("warning: %s\n"), warnings[i]);
    }
}

/* The file options that name what a command writes; every other file
 * option, and every positional that names a file, is read. */
static const char * const hostrecOutputOptions[] = {
    "record",
    "html",
    NULL,
};


/* Add the file @value of @what to @uses: the whole of it and, for a
 * value "HOST=FILE" (fleet's --guest), also FILE. */
static void
hostrecAddFileUse(GArray *uses,
                  const char *what,
                  const char *value)
{
    virFileUse use = { what, value };
    const char *eq = strchr(value, '=');

    g_array_append_val(uses, use);
    if (eq) {
        use.path = eq + 1;
        g_array_append_val(uses, use);
    }
}


/* Refuse, before the command runs, an output file that is one of its
 * inputs or another output (virFileCheckOutputs()).  The files are
 * found in the command's option rows (G_OPTION_ARG_FILENAME and
 * _ARRAY, after parsing) and in its positionals
 * (hostrecArgNamesFile()). */
static int
hostrecCheckOutputs(const hostrecCommand *cmd,
                    int argc,
                    char **argv)
{
    const GOptionEntry *tables[] = { cmd->options, cmd->targetOptions, cmd->extraOptions };
    g_autoptr(GArray) inputs = g_array_new(FALSE, FALSE, sizeof(virFileUse));
    g_autoptr(GArray) outputs = g_array_new(FALSE, FALSE, sizeof(virFileUse));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) tokens = g_strsplit(cmd->args ? cmd->args : "", " ", 0);
    size_t i;
    size_t n = 0;

    for (i = 0; i < G_N_ELEMENTS(tables); i++) {
        const GOptionEntry *e;

        for (e = tables[i]; e && e->long_name; e++) {
            bool output = g_strv_contains(hostrecOutputOptions, e->long_name);
            GArray *uses = output ? outputs : inputs;
            char *what;
            char **values;

            if (e->arg != G_OPTION_ARG_FILENAME && e->arg != G_OPTION_ARG_FILENAME_ARRAY)
                continue;
            what = g_strdup_printf("--%s", e->long_name);
            g_ptr_array_add(names, what);
            if (e->arg == G_OPTION_ARG_FILENAME) {
                const char *value = *(char **)e->arg_data;

                if (value && output) {
                    virFileUse use = { what, value };

                    g_array_append_val(uses, use);
                } else if (value) {
                    hostrecAddFileUse(uses, what, value);
                }
                continue;
            }
            for (values = *(char ***)e->arg_data; values && *values; values++)
                hostrecAddFileUse(uses, what, *values);
        }
    }

    for (i = 0; tokens[i]; i++) {
        virFileUse use = { tokens[i], NULL };

        if (!*tokens[i])
            continue;
        if (n >= (size_t)argc)
            break;
        use.path = argv[n++];
        if (hostrecArgNamesFile(tokens[i]))
            g_array_append_val(inputs, use);
    }

    return virFileCheckOutputs((const virFileUse *)inputs->data, inputs->len,
                               (const virFileUse *)outputs->data, outputs->len);
}


static int
hostrecRunCommand(const hostrecCommand *cmd,
                  int argc,
                  char **argv)
{
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autofree char *prgname = g_strdup_printf("hostrec %s", cmd->name);
    size_t npos;
    int ret;

    /* "Usage: hostrec NAME [OPTION...] ARGS" */
    g_set_prgname(prgname);
    ctx = g_option_context_new(cmd->args ? cmd->args : "");
    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_set_summary(ctx, _(cmd->summary));
    if (cmd->description && cmd->domainDescription && WITH_LIBVIRT) {
        g_autofree char *text = g_strdup_printf("%s  %s", _(cmd->description),
                                                _(cmd->domainDescription));

        g_option_context_set_description(ctx, text);
    } else if (cmd->description) {
        g_option_context_set_description(ctx, _(cmd->description));
    }
    if (cmd->options)
        g_option_context_add_main_entries(ctx, cmd->options, GETTEXT_PACKAGE);
    if (cmd->targetOptions)
        g_option_context_add_main_entries(ctx, cmd->targetOptions, GETTEXT_PACKAGE);
    if (cmd->extraOptions)
        g_option_context_add_main_entries(ctx, cmd->extraOptions, GETTEXT_PACKAGE);

    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, _("error: %s\n"), gerr->message);
        return 1;
    }

    /* argv[0] is the command name; a "--" left in place is dropped. */
    argv++;
    argc--;
    if (argc > 0 && STREQ(argv[0], "--")) {
        argv++;
        argc--;
    }
    npos = argc;

    /* --domain stands for the domain XML file, the last positional */
    if (cmd->domainArg && hostrecDomainFromLibvirt()) {
        if (npos == cmd->maxArgs) {
            fprintf(stderr, _("error: give either a domain XML file or --domain, not both; see 'hostrec %s --help'\n"),
                    cmd->name);
            return 1;
        }
        npos++;
    }

    if (npos < cmd->minArgs || npos > cmd->maxArgs) {
        if (npos < cmd->minArgs)
            fprintf(stderr, _("error: 'hostrec %s' needs %s; see 'hostrec %s --help'\n"),
                    cmd->name, cmd->args, cmd->name);
        else
            fprintf(stderr, _("error: unexpected argument '%s'; see 'hostrec %s --help'\n"),
                    argv[cmd->maxArgs], cmd->name);
        return 1;
    }

    /* A failure is one line: the warnings of a run that failed are
     * dropped with its output. */
    if (hostrecCheckOutputs(cmd, argc, argv) < 0)
        ret = -1;
    else
        ret = cmd->run(argc, argv);
    if (ret < 0) {
        g_strfreev(virStealWarnings());
        g_clear_pointer(&notes, g_ptr_array_unref);
        fprintf(stderr, _("error: %s\n"), virGetLastErrorMessage());
        return 1;
    }
    hostrecPrintWarnings();
    hostrecPrintNotes();
    return ret;
}

/* The value of the global option @name at argv[*i]: "NAME=VALUE",
 * "NAME VALUE" or, for a one-letter @name ("-c"), "-cVALUE".  *@i is
 * moved past it.  NULL when argv[*i] is not @name (*@i is kept), or
 * when the value is missing (*@missing is set). */
static const char *
hostrecGlobalOptionValue(int argc,
                         char **argv,
                         const char *name,
                         int *i,
                         bool *missing)
{
    const char *arg = argv[*i];
    size_t len = strlen(name);
    bool shortOpt = len == 2;

    if (!g_str_has_prefix(arg, name))
        return NULL;
    if (arg[len] == '=' && !shortOpt) {
        (*i)++;
        return arg + len + 1;
    }
    if (arg[len] != '\0') {
        if (!shortOpt)
            return NULL;
        (*i)++;
        return arg + len;
    }
    if (*i + 1 < argc) {
        *i += 2;
        return argv[*i - 1];
    }
    *missing = true;
    return NULL;
}

/* Consume the global options at the front of @argv (after the program
 * name).  Returns the number of arguments used, or -1 after printing the
 * error. */
static int
hostrecParseGlobalOptions(int argc,
                          char **argv)
{
    int i = 1;

    while (i < argc) {
        const char *value;
        bool missing = false;
        int v;

        if ((value = hostrecGlobalOptionValue(argc, argv, HOSTREC_OPT_DEFAULT_DEPRECATED,
                                              &i, &missing))) {
            v = virTristateSwitchTypeFromString(value);
            if (v != VIR_TRISTATE_SWITCH_ON && v != VIR_TRISTATE_SWITCH_OFF) {
                fprintf(stderr, _("error: %s must be 'on' or 'off', not '%s'\n"),
                        HOSTREC_OPT_DEFAULT_DEPRECATED, value);
                return -1;
            }
            hostrecDefaultCPUDeprecatedFeatures = v;
            continue;
        }
        if (missing) {
            fprintf(stderr, _("error: %s needs a value, 'on' or 'off'\n"),
                    HOSTREC_OPT_DEFAULT_DEPRECATED);
            return -1;
        }

        if ((value = hostrecGlobalOptionValue(argc, argv, "--connect", &i, &missing)) ||
            missing ||
            (value = hostrecGlobalOptionValue(argc, argv, "-c", &i, &missing)) ||
            missing) {
#if WITH_LIBVIRT
            if (!value || !*value) {
                fprintf(stderr, "%s", _("error: -c/--connect needs a libvirt URI, e.g. qemu:///system\n"));
                return -1;
            }
            hostrecConnectSetURI(value);
            continue;
#else
            fprintf(stderr, "%s", _("error: -c/--connect is not available: this hostrec was built without libvirt (meson option 'libvirt')\n"));
            return -1;
#endif
        }

        break;
    }
    return i - 1;
}


/* A signal that ends the tool first ends the QEMU processes it started:
 * they are killed with their children and reaped, then the signal takes
 * its default course (the exit status still says which signal). */
static void
hostrecFatalSignal(int sig)
{
    qemuProcessKillAll();
    raise(sig);
}


static void
hostrecCatchFatalSignals(void)
{
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa = {
        .sa_handler = hostrecFatalSignal,
        .sa_flags = SA_RESETHAND,
    };
    size_t i;

    sigfillset(&sa.sa_mask);
    for (i = 0; i < G_N_ELEMENTS(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}


int
main(int argc,
     char **argv)
{
    const hostrecCommand *cmd;
    int nglobal;

    hostrecCatchFatalSignals();
    setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);

    if ((nglobal = hostrecParseGlobalOptions(argc, argv)) < 0)
        return 1;
    argc -= nglobal;
    argv += nglobal;

    if (argc < 2) {
        fprintf(stderr, _("error: no command given; run 'hostrec --help' for the list\n"));
        return 1;
    }

    if (STREQ(argv[1], "--version") || STREQ(argv[1], "-V")) {
        printf("hostrec %s\n", PACKAGE_VERSION);
        return 0;
    }
    /* "hostrec help COMMAND" is "hostrec COMMAND --help", as virsh's */
    if (STREQ(argv[1], "help") && argc > 2) {
        char *helpArgv[] = { argv[2], (char *)"--help", NULL };

        if (argc > 3) {
            fprintf(stderr, _("error: 'help' takes one command name, not %d words\n"), argc - 2);
            return 1;
        }
        if (!(cmd = hostrecFindCommand(argv[2]))) {
            fprintf(stderr, _("error: unknown command '%s'; run 'hostrec --help' for the list\n"),
                    argv[2]);
            return 1;
        }
        return hostrecRunCommand(cmd, 2, helpArgv);
    }
    if (STREQ(argv[1], "--help") || STREQ(argv[1], "-h") || STREQ(argv[1], "help")) {
        hostrecPrintUsage(stdout);
        return 0;
    }

    /* hidden: the shell completion script asks it for candidates */
    if (STREQ(argv[1], "complete"))
        return hostrecComplete(argc - 2, argv + 2);

    if (!(cmd = hostrecFindCommand(argv[1]))) {
        fprintf(stderr, _("error: unknown command '%s'; run 'hostrec --help' for the list\n"),
                argv[1]);
        return 1;
    }

    return hostrecRunCommand(cmd, argc - 1, argv + 1);
}
