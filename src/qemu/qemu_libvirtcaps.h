/*
 * qemu_libvirtcaps.h: QEMU capabilities from a libvirt daemon's answers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * When the emulator of a libvirt domain cannot be probed here (the daemon
 * runs on another host), a libvirt >= 11.0 daemon still says what
 * hostrec needs: its domain capabilities (virsh domcapabilities) give the
 * emulator, arch, machine, the host-model CPU (QEMU's static expansion of
 * "host" as base model plus one <feature> per property) and the CPU
 * models; the same call with
 * VIR_CONNECT_GET_DOMAIN_CAPABILITIES_DISABLE_DEPRECATED_FEATURES gives
 * the host-model CPU with every feature QEMU deprecates disabled.  The
 * features disabled in the second answer and not in the first are the
 * deprecated set, in the second answer's order.
 *
 * Only text is read here (the tool fetches it over its connection):
 * this file does not depend on libvirt.  Every name is held to the name
 * rule (virqemu.h) where it enters, as for a QMP reply.
 */

#pragma once

#include "internal.h"
#include "qemu_capabilities.h"

/* The features whose policy is 'disable' in the host-model CPU of
 * @withoutDeprecated and is not in that of @plain (both libvirt domain
 * capabilities documents; @name names them in messages), in
 * @withoutDeprecated's order, as a NULL-terminated list in *@deprecated
 * (empty when none).  Returns 0, or -1 with an error: a document that is
 * not domain capabilities, no supported host-model, a name that breaks
 * the name rule, or two documents for different emulators, arches,
 * machines or virt types. */
int virQEMUCapsDeprecatedFromDomainCaps(const char *plain,
                                        const char *withoutDeprecated,
                                        const char *name,
                                        char ***deprecated);

/* Capabilities of the emulator @plain describes, for the one virt type
 * and machine it was asked for: arch, binary (its <path>), @version
 * (major * 1000000 + minor * 1000 + micro: libvirt's hypervisor version,
 * virConnectGetVersion), the machine as the only (and default) one, the
 * CPU models of mode 'custom' with their usability, and the host CPU of
 * mode 'host-model' with the deprecated set as above.  Returns 0 with
 * *@caps set, or -1 with an error naming @name. */
int virQEMUCapsNewFromDomainCaps(const char *plain,
                                 const char *withoutDeprecated,
                                 const char *name,
                                 unsigned int version,
                                 virQEMUCaps **caps);
