/*
 * qemu_conf.h: the configuration of one run of hostrec's QEMU driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What libvirt's QEMU driver reads from qemu.conf and its callers' flags,
 * hostrec takes from the command line: where QEMU data comes from (a
 * binary, a recording, the cache) and what the modelled libvirt does where
 * libvirt versions differ.  The tool parses its options straight into
 * one qemuDriverConfig (the strings are the option parser's) and hands it
 * to every call that depends on it; no function of src/ keeps any of it
 * in a global.  A NULL configuration
 * means "nothing said": the defaults below.
 */

#pragma once

#include "internal.h"
#include "virenum.h"

typedef struct _qemuDriverConfig qemuDriverConfig;
struct _qemuDriverConfig {
    /* ---- where QEMU data comes from */
    /* The QEMU binary (--emulatorbin): a path, or a name looked up in
     * PATH (qemuHostFindBinary); NULL: the domain's <emulator>, else
     * qemu-system-ARCH from PATH. */
    char *emulatorbin;
    /* A .replies recording answering instead of QEMU (--replay). */
    char *replay;
    /* Write the QMP traffic of a live probe here (--record). */
    char *record;
    /* Per QMP command, in seconds; 0: the monitor's default. */
    double probeTimeout;
    /* Neither read nor write the capabilities cache (--no-cache). */
    gboolean noCache;

    /* ---- the libvirt being modelled */
    /* qemu.conf's default_cpu_deprecated_features (libvirt >= 11.6): what
     * deprecated_features an s390x host-model CPU gets when its <cpu>
     * does not say.  'off' is libvirt 11.6's default, 'on' its other
     * setting and the behaviour of libvirt 11.5 and older; ABSENT behaves
     * as 'on' and warns wherever the choice changes the CPU. */
    virTristateSwitch defaultCPUDeprecatedFeatures;
};

/* The modelled libvirt's default for deprecated CPU features under @cfg
 * (may be NULL: ABSENT). */
virTristateSwitch qemuDriverConfigGetDefaultCPUDeprecatedFeatures(const qemuDriverConfig *cfg);
