/*
 * fuzz_capscache.c: libFuzzer target for the capabilities cache loader
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One input is one cache file.  virQEMUCapsParseCache() must refuse it
 * cleanly or accept it; an accepted file must format (with its stamp, as
 * the cache writes it) into a file that the loader accepts again.  An
 * accepted model table (<cpuModelTable>) is also used: the offline
 * baseline of its first models, each with itself and with the next, must
 * succeed or fail cleanly.
 */

#include "internal.h"

#include <stdint.h>
#include <string.h>

#include "qemu_capabilities.h"
#include "qemu_capscache.h"
#include "cpu_baseline.h"
#include "fuzzcaps.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void
fuzzModelTable(const virCPUModelTable *table)
{
    size_t i;

    for (i = 0; i < table->nmodels && i < 4; i++) {
        g_autoptr(virCPUDef) a = virCPUDefNew();
        g_autoptr(virCPUDef) b = virCPUDefNew();
        g_autoptr(virCPUDef) result = NULL;
        g_autoptr(virCPUBaselineLimits) limits = NULL;
        virCPUDef *hosts[2] = { a, b };
        const virCPUModelFeatures *next = &table->models[(i + 1) % table->nmodels];

        a->mode = b->mode = VIR_CPU_MODE_CUSTOM;
        a->model = g_strdup(table->models[i].name);
        b->model = g_strdup_printf("%s-base", next->name);
        if (virCPUBaselineOffline(table, hosts, NULL, 2,
                                  VIR_CPU_BASELINE_EXPAND_FEATURES |
                                  VIR_CPU_BASELINE_WITH_DISABLED,
                                  &result, &limits) < 0)
            fuzzReset();
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(virQEMUCapsStamp) stamp = NULL;

    fuzzInit();

    if (virQEMUCapsParseCache((const char *)data, size, "fuzz.xml",
                              &caps, &stamp) == 0) {
        g_autofree char *xml = virQEMUCapsFormatCache(caps, stamp);
        g_autoptr(virQEMUCaps) caps2 = NULL;
        g_autoptr(virQEMUCapsStamp) stamp2 = NULL;
        g_autofree char *xml2 = NULL;

        fuzzCheckCapsNames(caps);
        if (caps->modelTable)
            fuzzModelTable(caps->modelTable);
        if (virQEMUCapsParseCache(xml, strlen(xml), "formatted.xml",
                                  &caps2, &stamp2) < 0)
            fuzzFail("a formatted cache file does not load again", xml);

        /* and formatting is canonical: a second round changes nothing */
        xml2 = virQEMUCapsFormatCache(caps2, stamp2);
        if (STRNEQ(xml, xml2))
            fuzzFail("formatting a cache file is not stable", xml2);
    }
    fuzzReset();

    return 0;
}
