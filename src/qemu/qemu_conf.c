/*
 * qemu_conf.c: the configuration of one run of hostrec's QEMU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include "qemu_conf.h"


virTristateSwitch
qemuDriverConfigGetDefaultCPUDeprecatedFeatures(const qemuDriverConfig *cfg)
{
    return cfg ? cfg->defaultCPUDeprecatedFeatures : VIR_TRISTATE_SWITCH_ABSENT;
}
