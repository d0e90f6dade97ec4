/*
 * fuzzutils.h: helpers shared by the libFuzzer targets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Header-only on purpose: each target is one executable built from one
 * file.  Targets never print, except fuzzFail() which aborts so that the
 * fuzzer keeps the input that broke an invariant.
 */

#pragma once

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "virerror.h"

/* Once per process: nothing global to set up yet beyond keeping the
 * locale and glib quiet. */
static inline void
fuzzInit(void)
{
    static bool done;

    if (done)
        return;
    done = true;
    g_setenv("LC_ALL", "C", TRUE);
}

/* Forget the error and the warnings one input left behind, so that the
 * next input starts clean and nothing accumulates (LeakSanitizer). */
static inline void
fuzzReset(void)
{
    g_strfreev(virStealWarnings());
    virResetLastError();
}

/* An invariant does not hold: report it and abort (a crash to libFuzzer). */
G_GNUC_NORETURN static inline void
fuzzFail(const char *what,
         const char *detail)
{
    fprintf(stderr, "fuzz invariant broken: %s\n%s\nlast error: %s\n",
            what, detail ? detail : "", virGetLastErrorMessage());
    abort();
}
