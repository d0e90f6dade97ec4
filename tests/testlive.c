/*
 * testlive.c: helpers of the tests that run real QEMUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "qemu_capscache.h"
#include "qemu_monitor_json.h"
#include "testlive.h"
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"

static testLiveQEMU liveQEMUs[] = {
    { .label = "7.2", .env = "HOSTREC_TEST_QEMU72" },
    { .label = "10.0", .env = "HOSTREC_TEST_QEMU10" },
};
static char *liveTmpDir;
static char **liveEnv;
static unsigned int liveGuestCount;


const char *
testLiveTmpDir(void)
{
    return liveTmpDir;
}


testLiveQEMU *
testLiveGetQEMU(const char *label)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(liveQEMUs); i++) {
        if (STREQ(liveQEMUs[i].label, label))
            return &liveQEMUs[i];
    }
    return NULL;
}


static const char *liveGlobalOption;

void
testLiveSetGlobalOption(const char *option)
{
    liveGlobalOption = option;
}


int
testLiveRunTool(const char * const *args,
                char **out,
                char **err)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    virTestToolRun run = { .cwd = liveTmpDir, .args = args, .envp = liveEnv };
    size_t i;

    if (liveGlobalOption) {
        g_ptr_array_add(all, (char *)liveGlobalOption);
        for (i = 0; args[i]; i++)
            g_ptr_array_add(all, (char *)args[i]);
        g_ptr_array_add(all, NULL);
        run.args = (const char * const *)all->pdata;
    }
    return virTestRunToolFull(&run, out, err);
}


/* Whether @binary runs and says it is QEMU @label. */
static char *
testLiveCheckVersion(const char *binary,
                     const char *label)
{
    const char *argv[] = { binary, "--version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *want = g_strdup_printf("QEMU emulator version %s.", label);
    g_autoptr(GError) gerr = NULL;
    int wait = 0;

    if (access(binary, X_OK) < 0)
        return g_strdup_printf("'%s' is not there", binary);
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, &wait, &gerr) ||
        !WIFEXITED(wait) || WEXITSTATUS(wait) != 0)
        return g_strdup_printf("'%s --version' failed", binary);
    if (!g_str_has_prefix(out, want)) {
        g_strdelimit(out, "\n", ' ');
        return g_strdup_printf("'%s' is not QEMU %s: %s", binary, label, out);
    }
    return NULL;
}


int
testLiveInit(void)
{
    g_autoptr(GError) gerr = NULL;
    g_autofree char *cache = NULL;
    size_t i;

    if (!(liveTmpDir = g_dir_make_tmp("hostrec-live-XXXXXX", &gerr))) {
        virTestDiag("cannot make a temporary directory: %s", gerr->message);
        return -1;
    }
    cache = g_build_filename(liveTmpDir, "cache", NULL);
    liveEnv = g_environ_setenv(g_get_environ(), "XDG_CACHE_HOME", cache, TRUE);

    for (i = 0; i < G_N_ELEMENTS(liveQEMUs); i++) {
        testLiveQEMU *q = &liveQEMUs[i];
        const char *path = g_getenv(q->env);
        g_autofree char *bindir = NULL;
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        g_autofree char *name = NULL;
        int rc;

        if (!path || !*path) {
            q->skip = g_strdup_printf("no QEMU %s: set %s or meson -Dqemu%s=PATH%s",
                                      q->label, q->env, q->env + strlen("HOSTREC_TEST_QEMU"),
                                      STREQ(q->label, "10.0") ?
                                      " (tests/fetch-qemu10.sh DIR prints one)" : "");
            continue;
        }
        if ((q->skip = testLiveCheckVersion(path, q->label)))
            continue;
        q->binary = g_strdup(path);
        bindir = g_path_get_dirname(path);
        q->datadir = g_build_filename(bindir, "..", "share", "qemu", NULL);

        name = g_strdup_printf("qemu-%s.replies", q->label);
        q->replies = g_build_filename(liveTmpDir, name, NULL);
        {
            const char *args[] = {
                "domcapabilities", "--emulatorbin", q->binary, "--arch", "s390x",
                "--virttype", "qemu", "--record", q->replies, NULL,
            };

            rc = testLiveRunTool(args, &out, &err);
        }
        if (rc != 0) {
            virTestDiag("cannot record the capabilities of %s: %s", path, err ? err : "");
            return -1;
        }
    }
    return 0;
}


static void
testLiveRemoveTree(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *ent;

    while (d && (ent = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, ent, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_DIR) &&
            !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            testLiveRemoveTree(path);
        else
            unlink(path);
    }
    rmdir(dir);
}


void
testLiveCleanup(void)
{
    size_t i;

    if (liveTmpDir)
        testLiveRemoveTree(liveTmpDir);
    g_clear_pointer(&liveTmpDir, g_free);
    g_clear_pointer(&liveEnv, g_strfreev);
    for (i = 0; i < G_N_ELEMENTS(liveQEMUs); i++) {
        g_clear_pointer(&liveQEMUs[i].binary, g_free);
        g_clear_pointer(&liveQEMUs[i].skip, g_free);
        g_clear_pointer(&liveQEMUs[i].datadir, g_free);
        g_clear_pointer(&liveQEMUs[i].replies, g_free);
        g_clear_pointer(&liveQEMUs[i].caps, g_free);
    }
}


char *
testLiveWriteDomain(const char *name,
                    const char *machine,
                    const char *cpuxml,
                    const char *emulator)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);
    g_autofree char *path = g_build_filename(liveTmpDir, file, NULL);
    g_autofree char *xml = NULL;
    g_autoptr(GError) gerr = NULL;

    xml = g_strdup_printf("<domain type='qemu'>\n"
                          "  <name>live</name>\n"
                          "  <memory unit='MiB'>128</memory>\n"
                          "  <vcpu>1</vcpu>\n"
                          "  <os>\n"
                          "    <type arch='s390x' machine='%s'>hvm</type>\n"
                          "  </os>\n"
                          "  %s\n"
                          "  <devices>\n"
                          "    <emulator>%s</emulator>\n"
                          "  </devices>\n"
                          "</domain>\n",
                          machine, cpuxml, emulator);
    if (!g_file_set_contents(path, xml, -1, &gerr)) {
        virTestDiag("cannot write %s: %s", path, gerr->message);
        return NULL;
    }
    return g_steal_pointer(&path);
}


const char *
testLiveGetCapsFile(testLiveQEMU *q)
{
    g_autofree char *input = g_build_filename(liveTmpDir, "baseline-input.xml", NULL);
    g_autofree char *entry = NULL;
    g_autofree char *name = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *data = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *args[] = {
        "hypervisor-cpu-baseline", "--emulatorbin", q->binary, "--virttype", "qemu",
        "--offline", input, NULL,
    };

    if (q->caps)
        return q->caps;
    if (!g_file_set_contents(input, "<cpu><model>z900</model></cpu>\n", -1, &gerr)) {
        virTestDiag("cannot write '%s': %s", input, gerr->message);
        return NULL;
    }
    if (testLiveRunTool(args, &out, &err) != 0) {
        virTestDiag("cannot cache the CPU model table of %s: %s", q->binary, NULLSTR(err));
        return NULL;
    }
    /* the entry's name is the tool's, whatever the cache directory; a
     * copy under a name that says which QEMU it is, for messages */
    entry = virQEMUCapsCacheFile(q->binary);
    name = g_path_get_basename(entry);
    g_free(entry);
    entry = g_build_filename(liveTmpDir, "cache", "hostrec", name, NULL);
    if (!g_file_get_contents(entry, &data, NULL, &gerr)) {
        virTestDiag("no cache entry for %s: %s", q->binary, gerr->message);
        return NULL;
    }
    g_free(name);
    name = g_strdup_printf("qemu-%s.caps.xml", q->label);
    q->caps = g_build_filename(liveTmpDir, name, NULL);
    if (!g_file_set_contents(q->caps, data, -1, &gerr)) {
        virTestDiag("cannot write '%s': %s", q->caps, gerr->message);
        g_clear_pointer(&q->caps, g_free);
    }
    return q->caps;
}


int
testLiveDomxmlToNative(testLiveQEMU *q,
                       const char *domain,
                       char ***argv,
                       char **err)
{
    const char *args[] = {
        "domxml-to-native", "qemu-argv", domain, "--emulatorbin", q->binary, NULL,
    };
    g_autofree char *out = NULL;
    g_autoptr(GError) gerr = NULL;
    int rc;

    *argv = NULL;
    if ((rc = testLiveRunTool(args, &out, err)) != 0)
        return rc;
    if (!g_shell_parse_argv(g_strstrip(out), NULL, argv, &gerr)) {
        virTestDiag("cannot split the command line '%s': %s", out, gerr->message);
        return -1;
    }
    if (STRNEQ((*argv)[0], q->binary)) {
        virTestDiag("the command line runs '%s', not '%s'", (*argv)[0], q->binary);
        g_clear_pointer(argv, g_strfreev);
        return -1;
    }
    return 0;
}


qemuMonitor *
testLiveStartGuest(testLiveQEMU *q,
                   char * const *argv,
                   const char * const *extra,
                   char **qemuErr)
{
    const char *wrap = g_getenv("HOSTREC_TEST_GUEST_WRAP");
    g_autofree char *file = g_strdup_printf("guest-%u.argv", liveGuestCount++);
    g_autofree char *path = g_build_filename(liveTmpDir, file, NULL);
    g_autoptr(GString) list = g_string_new(NULL);
    g_autoptr(GError) gerr = NULL;
    g_autoptr(qemuMonitorSource) src = NULL;
    qemuMonitor *mon;
    size_t i;

    *qemuErr = NULL;
    if (!wrap) {
        virTestDiag("HOSTREC_TEST_GUEST_WRAP is not set");
        return NULL;
    }
    for (i = 0; argv[i]; i++) {
        if (strchr(argv[i], '\n')) {
            virTestDiag("argument with a newline: '%s'", argv[i]);
            return NULL;
        }
        g_string_append_printf(list, "%s\n", argv[i]);
    }
    for (i = 0; extra && extra[i]; i++)
        g_string_append_printf(list, "%s\n", extra[i]);
    g_string_append_printf(list, "-L\n%s\n", q->datadir);
    if (!g_file_set_contents(path, list->str, list->len, &gerr)) {
        virTestDiag("cannot write %s: %s", path, gerr->message);
        return NULL;
    }

    /* read by qemuguestwrap when the monitor starts it */
    g_setenv("HOSTREC_TEST_GUEST_ARGV", path, TRUE);
    src = qemuMonitorSourceNewLive(wrap, 60, NULL);
    mon = qemuMonitorSourceOpen(src, QEMU_MONITOR_ACCEL_TCG);
    g_unsetenv("HOSTREC_TEST_GUEST_ARGV");
    if (!mon) {
        *qemuErr = g_strdup(virGetLastErrorMessage());
        virResetLastError();
    }
    return mon;
}


char *
testLiveCPUPath(qemuMonitor *mon)
{
    g_auto(GStrv) paths = NULL;

    if (qemuMonitorGetCPUQOMPaths(mon, &paths) < 0)
        return NULL;
    return g_strdup(paths[0]);
}


int
testLiveQomGetBool(qemuMonitor *mon,
                   const char *path,
                   const char *prop)
{
    bool value;

    if (qemuMonitorGetObjectPropertyBool(mon, path, prop, &value) < 0)
        return -1;
    return value ? 1 : 0;
}
