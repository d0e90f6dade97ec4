/*
 * qemuguestwrap.c: start a guest's QEMU through hostrec's probe code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not a test: a helper of the live tests (testlive.h).  hostrec's process
 * code (src/qemu/qemu_process.c) starts a QEMU with its probe arguments
 * and a QMP socket it connects to.  The live tests give it this program
 * as the "binary"; it replaces itself (execv, same pid: QEMU stays the
 * direct child of the test, which reaps it) with the QEMU and arguments
 * listed in the file $HOSTREC_TEST_GUEST_ARGV, one per line, the binary
 * first, keeping only the probe's QMP monitor: its "-chardev VALUE" and
 * "-mon VALUE" (the socket is the inherited fd 3, which the exec keeps).
 * So a guest command line
 * as "hostrec domxml-to-native" prints it runs under the same monitor
 * code as every probe, without a second QMP client in the tests.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

int
main(int argc, char **argv)
{
    const char *list = getenv("HOSTREC_TEST_GUEST_ARGV");
    g_autofree char *data = NULL;
    g_autoptr(GError) gerr = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GPtrArray) monitor = g_ptr_array_new();
    size_t i;

    for (i = 1; i + 1 < (size_t)argc; i++) {
        if (strcmp(argv[i], "-chardev") == 0 || strcmp(argv[i], "-mon") == 0) {
            g_ptr_array_add(monitor, argv[i]);
            g_ptr_array_add(monitor, argv[++i]);
        }
    }
    if (!list || monitor->len == 0) {
        fprintf(stderr, "qemuguestwrap: needs HOSTREC_TEST_GUEST_ARGV and the probe's -chardev and -mon\n");
        return 127;
    }
    if (!g_file_get_contents(list, &data, NULL, &gerr)) {
        fprintf(stderr, "qemuguestwrap: %s\n", gerr->message);
        return 127;
    }

    lines = g_strsplit(data, "\n", -1);
    for (i = 0; lines[i]; i++) {
        if (*lines[i])
            g_ptr_array_add(args, lines[i]);
    }
    if (args->len == 0) {
        fprintf(stderr, "qemuguestwrap: '%s' names no binary\n", list);
        return 127;
    }
    for (i = 0; i < monitor->len; i++)
        g_ptr_array_add(args, monitor->pdata[i]);
    g_ptr_array_add(args, NULL);

    execv(args->pdata[0], (char **)args->pdata);
    fprintf(stderr, "qemuguestwrap: cannot run '%s': %s\n",
            (char *)args->pdata[0], g_strerror(errno));
    return 127;
}
