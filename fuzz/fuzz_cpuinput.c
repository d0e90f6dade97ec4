/*
 * fuzz_cpuinput.c: libFuzzer target for the inputs of baseline and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bytes -> virCPUDefListParse (bare <cpu>s, <domain>, <capabilities> and
 * <domainCapabilities> documents, each CPU through virCPUDefParseXML) ->
 * virCPUDefFormatBuf(VIR_CPU_FORMAT_HOST), the writer of a baseline.  An
 * accepted CPU holds only names that follow the name rule, and what the
 * writer makes of the CPUs parses again into the same CPUs (same key:
 * model and feature values).
 */

#include "internal.h"

#include <stdint.h>
#include <string.h>

#include "cpu_compare.h"
#include "cpu_input.h"
#include "virqemu.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzzCheckNames(const virCPUDef *cpu)
{
    size_t i;

    if (!cpu->model || !virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, cpu->model))
        fuzzFail("an accepted CPU model name is invalid", cpu->model);
    for (i = 0; i < cpu->nfeatures; i++) {
        if (!virQEMUNameIsValid(cpu->features[i].name))
            fuzzFail("an accepted CPU feature name is invalid",
                     cpu->features[i].name);
    }
}


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autoptr(virCPUDefList) list = NULL;
    g_autoptr(virCPUDefList) again = NULL;
    g_autoptr(GString) xml = g_string_new(NULL);
    size_t i;

    fuzzInit();

    if (virCPUDefListParse((const char *)data, size, "fuzz.xml", &list) < 0)
        goto done;

    for (i = 0; i < list->ncpus; i++) {
        fuzzCheckNames(list->cpus[i]);
        virCPUDefFormatBuf(xml, list->cpus[i], 0, VIR_CPU_FORMAT_HOST);
    }

    if (virCPUDefListParse(xml->str, xml->len, "formatted.xml", &again) < 0)
        fuzzFail("the formatted CPUs do not parse again", xml->str);
    if (again->ncpus != list->ncpus)
        fuzzFail("the formatted CPUs parse into another number of CPUs", xml->str);
    for (i = 0; i < list->ncpus; i++) {
        g_autofree char *key = virCPUInputKey(list->cpus[i]);
        g_autofree char *keyAgain = virCPUInputKey(again->cpus[i]);

        if (STRNEQ(key, keyAgain))
            fuzzFail("a formatted CPU parses into another CPU", xml->str);
    }

 done:
    fuzzReset();
    return 0;
}
