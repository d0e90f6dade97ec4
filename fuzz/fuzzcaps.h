/*
 * fuzzcaps.h: invariants of QEMU capabilities shared by the fuzz targets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whatever the input, capabilities that were accepted hold only names
 * that follow the name rule of virqemu.h (issue 10: a name with ',' or
 * '=' would add a key to -cpu or -machine), and they format into a cache
 * file that loads again.
 */

#pragma once

#include "internal.h"

#include <string.h>

#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "virqemu.h"
#include "fuzzutils.h"

static inline void
fuzzCheckName(const char *what,
              const char *name)
{
    if (!virQEMUNameIsValid(name))
        fuzzFail(what, name);
}


/* a CPU model name may also hold a '/' (virqemu.h) */
static inline void
fuzzCheckModelName(const char *what,
                   const char *name)
{
    if (!virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, name))
        fuzzFail(what, name);
}


static inline void
fuzzCheckNameList(const char *what,
                  char * const *names)
{
    size_t i;

    for (i = 0; names && names[i]; i++)
        fuzzCheckName(what, names[i]);
}


static inline void
fuzzCheckCapsNames(const virQEMUCaps *caps)
{
    size_t t;
    size_t i;

    for (t = 0; t < VIR_DOMAIN_VIRT_LAST; t++) {
        const virQEMUCapsAccel *accel = &caps->accels[t];
        const virCPUHostModel *host = accel->hostCPU;

        for (i = 0; i < accel->nmachines; i++) {
            fuzzCheckName("an accepted machine name is invalid",
                          accel->machines[i].name);
            if (accel->machines[i].alias)
                fuzzCheckName("an accepted machine alias is invalid",
                              accel->machines[i].alias);
        }
        for (i = 0; i < accel->nmodels; i++) {
            fuzzCheckModelName("an accepted CPU model name is invalid",
                          accel->models[i].name);
            fuzzCheckNameList("an accepted blocker name is invalid",
                              accel->models[i].blockers);
        }
        if (!host)
            continue;
        fuzzCheckModelName("an accepted host CPU model name is invalid", host->model);
        for (i = 0; i < host->nprops; i++)
            fuzzCheckName("an accepted prop name is invalid", host->props[i].name);
        for (i = 0; i < host->nfullProps; i++)
            fuzzCheckName("an accepted full prop name is invalid",
                          host->fullProps[i].name);
        fuzzCheckNameList("an accepted deprecated prop is invalid", host->deprecated);
        fuzzCheckNameList("an accepted host deprecated prop is invalid",
                          host->hostDeprecated);
    }
}


/* The cache written from @caps loads again. */
static inline void
fuzzCheckCapsCache(const virQEMUCaps *caps)
{
    g_autofree char *xml = virQEMUCapsFormatCache(caps, NULL);
    g_autoptr(virQEMUCaps) again = NULL;

    if (virQEMUCapsParseCache(xml, strlen(xml), "formatted.xml", &again, NULL) < 0)
        fuzzFail("the cache file of accepted capabilities does not load", xml);
}
