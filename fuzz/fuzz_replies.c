/*
 * fuzz_replies.c: libFuzzer target for the .replies reader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One input is a whole .replies file.  It is read from memory
 * (qemuReplayParse), written back (qemuReplayFormat, which must read
 * again), a few commands are answered in every session, and then the
 * same bytes go through the replay monitor source and the capabilities
 * probe, as `hostrec --replay FILE` would use them (through a memfd, since
 * the source reads a path).  Probed capabilities must hold only valid
 * names and format into a cache file that loads (fuzzcaps.h).
 */

#include "internal.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "qemu_capabilities.h"
#include "qemu_monitor.h"
#include "qemu_replay.h"
#include "virjson.h"
#include "fuzzcaps.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzzRepliesAnswer(qemuReplay *rep)
{
    static const char *const plain[] = {
        "qmp_capabilities", "query-version", "query-target", "query-kvm",
        "query-machines", "query-cpu-definitions",
    };
    g_autoptr(json_object) args = NULL;
    size_t nsessions = qemuReplayGetNumSessions(rep);
    size_t s;
    size_t i;

    args = json_object_new_object();
    json_object_object_add(args, "type", json_object_new_string("static"));
    json_object_object_add(args, "model", json_object_new_object());
    json_object_object_add(json_object_object_get(args, "model"), "name",
                           json_object_new_string("host"));

    for (s = 0; s < nsessions; s++) {
        (void)qemuReplayGetNumExchanges(rep, s);
        for (i = 0; i < G_N_ELEMENTS(plain); i++) {
            if (!qemuReplayAnswer(rep, s, plain[i], NULL))
                fuzzReset();
        }
        if (!qemuReplayAnswer(rep, s, "query-cpu-model-expansion", args))
            fuzzReset();
    }
}


static void
fuzzRepliesProbe(const uint8_t *data,
                 size_t size)
{
    g_autoptr(qemuMonitorSource) src = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autofree char *path = NULL;
    int fd;

    if ((fd = memfd_create("fuzz.replies", MFD_CLOEXEC)) < 0)
        return;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return;
    }
    path = g_strdup_printf("/proc/self/fd/%d", fd);

    if ((src = qemuMonitorSourceNewReplay(path)) &&
        virQEMUCapsProbe(src, &caps) == 0) {
        fuzzCheckCapsNames(caps);
        fuzzCheckCapsCache(caps);
    }

    close(fd);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autoptr(qemuReplay) rep = NULL;

    fuzzInit();

    if ((rep = qemuReplayParse((const char *)data, size, "fuzz.replies"))) {
        g_autofree char *text = qemuReplayFormat(rep);
        g_autoptr(qemuReplay) again = NULL;

        if (!text)
            fuzzFail("a recording that was read cannot be formatted", "");
        /* what we write we must read back */
        if (!(again = qemuReplayParse(text, strlen(text), "formatted.replies")))
            fuzzFail("a formatted recording does not read again", text);
        if (qemuReplayGetNumSessions(again) != qemuReplayGetNumSessions(rep))
            fuzzFail("a formatted recording has another number of sessions", text);

        fuzzRepliesAnswer(rep);
    }
    fuzzReset();

    fuzzRepliesProbe(data, size);
    fuzzReset();

    return 0;
}
