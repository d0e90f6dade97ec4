/*
 * cpu_arch.c: the registry of the arch drivers, and what hostrec asks them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>

#include "cpu_arch.h"
#include "cpu_driver.h"

/* The registry: one line per arch driver (cpu_driver.h).  Messages that
 * name the arches where something works list them in this order. */
static const virCPUArchDriver *virCPUDrivers[] = {
    &virCPUDriverPPC64,
    &virCPUDriverS390,
    &virCPUDriverX86,
};

const virCPUArchDriver *
virCPUGetDriver(const char *arch)
{
    size_t i;
    size_t j;

    if (!arch)
        return NULL;

    for (i = 0; i < G_N_ELEMENTS(virCPUDrivers); i++) {
        for (j = 0; virCPUDrivers[i]->arches[j]; j++) {
            if (STREQ(virCPUDrivers[i]->arches[j], arch))
                return virCPUDrivers[i];
        }
    }
    return NULL;
}

const virCPUArchDriver *
virCPUGetDriverWith(bool (*pred)(const virCPUArchDriver *drv))
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virCPUDrivers); i++) {
        if (pred(virCPUDrivers[i]))
            return virCPUDrivers[i];
    }
    return NULL;
}


char *
virCPUFormatArchesWith(bool (*pred)(const virCPUArchDriver *drv))
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(virCPUDrivers); i++) {
        if (pred(virCPUDrivers[i]))
            g_ptr_array_add(names, (char *)virCPUDrivers[i]->arches[0]);
    }
    g_ptr_array_add(names, NULL);
    return g_strjoinv(", ", (char **)names->pdata);
}


char **
virCPUGetDependents(const char *arch,
                    const char *feature)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);
    GPtrArray *list = g_ptr_array_new();
    const virCPUDependency *dep;

    for (dep = drv ? drv->deps : NULL; dep && dep->feature; dep++) {
        if (STREQ(dep->requires, feature))
            g_ptr_array_add(list, g_strdup(dep->feature));
    }
    g_ptr_array_add(list, NULL);
    return (char **)g_ptr_array_free(list, FALSE);
}

bool
virCPUArchHasHostModel(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->hostModelFromQEMU;
}


bool
virCPUArchHasMigratable(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->hostMigratable;
}


bool
virCPUArchUsesDefaultCPUWithKVM(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->defaultCPUWithKVM;
}


bool
virCPUArchDefaultHostIsHostModel(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->defaultHostIsHostModel;
}


bool
virCPUArchHasHostModelDeprecatedDefault(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->hostModelDeprecatedDefault;
}


bool
virCPUArchHasPMUAlwaysOn(const char *arch)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    return drv && drv->pmuAlwaysOn;
}


const char *
virCPUGetModelVendor(const char *arch,
                     const char *model)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);
    const char *vendor = NULL;

    if (model && drv && drv->modelVendor)
        vendor = drv->modelVendor(model);
    return vendor ? vendor : "unknown";
}


bool
virCPUMachineAllowsMode(const char *arch,
                        virDomainVirtType virtType,
                        const char *machine,
                        virCPUMode mode)
{
    const virCPUArchDriver *drv = virCPUGetDriver(arch);

    switch (mode) {
    case VIR_CPU_MODE_HOST_PASSTHROUGH:
        /* QEMU's "host": no CPU model */
        return true;
    case VIR_CPU_MODE_CUSTOM:
    case VIR_CPU_MODE_HOST_MODEL:
    case VIR_CPU_MODE_HOST_RECOMMENDED:
    case VIR_CPU_MODE_MAXIMUM:
        break;
    case VIR_CPU_MODE_LAST:
    default:
        return false;
    }

    switch (virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        break;
    case VIR_DOMAIN_VIRT_QEMU:
        return true;
    case VIR_DOMAIN_VIRT_LAST:
    default:
        return false;
    }

    return !machine || !drv || !drv->hostPassthroughOnlyMachines ||
           !g_strv_contains(drv->hostPassthroughOnlyMachines, machine);
}
