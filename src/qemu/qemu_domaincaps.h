/*
 * qemu_domaincaps.h: domain capabilities from QEMU capabilities
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Turns what a QEMU binary told us (virQEMUCaps) into the
 * <domainCapabilities> of one virt type and machine (virDomainCaps,
 * formatted by src/conf).  The defaults follow virsh domcapabilities:
 * the host's arch, the default virt type of qemu_capabilities.h (kvm when
 * QEMU's first session runs KVM, qemu otherwise), QEMU's default machine.
 */

#pragma once

#include "internal.h"
#include "domain_capabilities.h"
#include "qemu_capabilities.h"

typedef enum {
    /* Like virsh domcapabilities --disable-deprecated-features: the
     * deprecated features get policy disable in the host-model block.
     * Nothing changes when QEMU reports no deprecated features; the
     * result then says so in cpu.hostRecommendedReason
     * (VIR_DOMAIN_CAPS_CPU_UNSUPPORTED_DEPRECATED_UNREPORTED). */
    QEMU_DOMAIN_CAPS_DISABLE_DEPRECATED_FEATURES = 1 << 0,
} qemuDomainCapsFlags;

/* Check that @caps is for @arch (NULL: anything goes).  -1 with an error
 * naming the binary and both arches otherwise. */
int qemuDomainCapsCheckArch(const virQEMUCaps *caps,
                            const char *arch);

/* Resolve the virt type: @name ("kvm" or "qemu") when given, checked; the
 * default otherwise, by the one rule of virQEMUCapsDefaultVirtType()
 * (qemu_capabilities.h), and qemu when @hostArch is non-NULL (a live
 * probe) and is not the binary's arch.  -1 with an error for an unknown
 * name or kvm where it does not work. */
int qemuDomainCapsGetVirtType(const virQEMUCaps *caps,
                              const char *name,
                              const char *hostArch,
                              virDomainVirtType *virtType);

/* Build the domain capabilities of @caps for @virtType and @machine (NULL:
 * QEMU's default; an alias is resolved to the machine's own name).
 * @path is what <path> shows.  @flags: qemuDomainCapsFlags.  Returns 0
 * with *@domCaps set or -1 with an error (e.g. an unknown machine). */
int qemuDomainCapsBuild(const virQEMUCaps *caps,
                        const char *path,
                        virDomainVirtType virtType,
                        const char *machine,
                        unsigned int flags,
                        virDomainCaps **domCaps);
