/*
 * fuzz_libvirtcaps.c: libFuzzer target for libvirt's domain capabilities
 * as hostrec reads them (qemu_libvirtcaps.h)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bytes -> the two documents of virQEMUCapsNewFromDomainCaps(): the input
 * is split at its first NUL byte (no NUL: the same document twice).
 * Whatever is accepted holds only names that follow the name rule.
 */

#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_libvirtcaps.h"
#include "virerror.h"
#include "virqemu.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *plain = NULL;
    g_autofree char *without = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    const uint8_t *nul = memchr(data, '\0', size);
    size_t i;

    fuzzInit();

    if (nul) {
        plain = g_strndup((const char *)data, nul - data);
        without = g_strndup((const char *)nul + 1, size - (nul - data) - 1);
    } else {
        plain = g_strndup((const char *)data, size);
        without = g_strdup(plain);
    }

    if (virQEMUCapsNewFromDomainCaps(plain, without, "fuzz", 10000002, &caps) < 0) {
        virResetLastError();
    } else {
        for (i = 0; i < VIR_DOMAIN_VIRT_LAST; i++) {
            const virQEMUCapsAccel *accel = &caps->accels[i];
            size_t j;

            for (j = 0; j < accel->nmachines; j++) {
                if (!virQEMUNameIsValid(accel->machines[j].name))
                    fuzzFail("an accepted machine name is invalid", accel->machines[j].name);
            }
            for (j = 0; j < accel->nmodels; j++) {
                if (!virQEMUNameIsValidFor(VIR_QEMU_NAME_CPU_MODEL, accel->models[j].name))
                    fuzzFail("an accepted model name is invalid", accel->models[j].name);
            }
            for (j = 0; accel->hostCPU && j < accel->hostCPU->nprops; j++) {
                if (!virQEMUNameIsValid(accel->hostCPU->props[j].name))
                    fuzzFail("an accepted feature name is invalid",
                             accel->hostCPU->props[j].name);
            }
        }
    }

    fuzzReset();
    return 0;
}
