/*
 * qemu_command.h: the QEMU command line of a domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Turns the domain subset hostrec models (domain_conf.h) and the
 * capabilities of its emulator into an argv that runs as it stands:
 *
 *   EMULATOR -name guest=NAME -machine MACHINE -accel kvm|tcg [-cpu CPU]
 *   -m size=NNNk -smp N,... [-uuid UUID] -display none -no-user-config
 *   -nodefaults
 *
 * The guest CPU is expanded first (virCPUExpandGuest); -cpu is built from
 * the expanded CPU only, so that the command line and the expanded live
 * XML (hostrec domxml-expand) can never disagree.  A domain that would
 * make libvirt add -cpu properties from outside <cpu> is refused, never
 * given a -cpu that differs silently from libvirt's.
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "domain_conf.h"
#include "domain_metadata.h"
#include "qemu_capabilities.h"
#include "qemu_conf.h"

/* The -cpu value of an expanded guest CPU of a domain of @arch (may be
 * NULL): "BASE,feat=on|off,..." in the CPU's feature order
 * (require/force -> on, disable/forbid -> off); "host[,...]" for
 * host-passthrough, "max[,...]" for maximum, with ",migratable=on|off"
 * first where the CPU says and QEMU's host CPU of @arch has the property
 * (virCPUArchHasMigratable: x86), as libvirt writes it.  NULL with an
 * error for a CPU that is not expanded. */
char *qemuBuildCPUArg(const virCPUDef *cpu,
                      const char *arch);

/* The CPU @def gets on @caps: a copy of its <cpu>, or for a domain without
 * one (or with one that names no model) the machine's default CPU as
 * libvirt gives it, with what that <cpu> says kept; then what libvirt's
 * post-parse adds (x86 host-passthrough: migratable='on' unless the
 * domain says; SVE vector lengths: the 'sve' feature, required).  *@cpu
 * is NULL when there is none: no <cpu> and no default that libvirt
 * would use. */
void qemuDomainGetGuestCPU(const virDomainDef *def,
                           const virQEMUCaps *caps,
                           virCPUDef **cpu);

/* Expand the <cpu> of @def for the emulator described by @caps (@emulator
 * names it in messages; NULL: caps->binary, the binary probed or the
 * recording replayed).  Checks the domain against the capabilities
 * first (arch, virt type).  A domain without <cpu> gets the CPU libvirt
 * gives it: the default CPU of its machine as QEMU reports it
 * (default-cpu-type), which is host-model on s390x KVM and e.g. model
 * 'qemu' under TCG; *@cpu is NULL only when there is none to give.  An
 * s390x host-model CPU that does not say deprecated_features gets the
 * modelled libvirt's default (@cfg, may be NULL: qemu_conf.h); where
 * nobody said and QEMU reports deprecated features, that is libvirt
 * 11.5's 'on' with a warning (virReportWarning), so that the assumption
 * is never silent.  Returns 0 or -1 with an error reported. */
int qemuDomainExpandCPU(const qemuDriverConfig *cfg,
                        const virDomainDef *def,
                        const virQEMUCaps *caps,
                        const char *emulator,
                        virCPUDef **cpu);

/* The expanded <cpu> of @def as a domain definition carries it:
 * qemuDomainExpandCPU() without what only domain capabilities show (a
 * feature's reason and the features it needs), i.e. policies only.
 * With @meta (may be NULL), also what hostrec records in the domain's
 * <metadata> (domain_metadata.h) for a host-recommended or host-model
 * <cpu>: the CPU asked for, the QEMU version of @caps and its deprecated
 * set for the virt type of @def, which came from @source; *@meta is
 * NULL for a CPU of any other mode, or none.  What "hostrec
 * domxml-expand", "define", "convert" and "refresh" write.  Returns 0
 * or -1 with an error reported. */
int qemuDomainExpandCPUForDefinition(const qemuDriverConfig *cfg,
                                     const virDomainDef *def,
                                     const virQEMUCaps *caps,
                                     const char *emulator,
                                     virDomainHostrecDeprecatedSource source,
                                     virCPUDef **cpu,
                                     virDomainHostrecMetadata **meta);

/* The whole command line of @def run by @emulator (NULL: caps->binary),
 * which is only argv[0]: messages name caps->binary.  A CPU with <numa>,
 * <cache> or <maxphysaddr> is refused: hostrec builds no arguments for
 * them; so is a domain from which libvirt would add -cpu properties that
 * hostrec does not model (virDomainCPUProps: Hyper-V enlightenments, KVM
 * paravirtual features, pmu, kvmclock, hv-time, tsc frequency, arm
 * vtimer; and a CPU's vendor_id).  Returns a new NULL-terminated argv,
 * or NULL with an error reported. */
char **qemuBuildCommandLine(const qemuDriverConfig *cfg,
                            const virDomainDef *def,
                            const virQEMUCaps *caps,
                            const char *emulator);

/* @argv on one line, the way virsh domxml-to-native prints it: arguments
 * separated by one space, each quoted for a POSIX shell when needed.  No
 * trailing newline. */
char *qemuCommandLineFormat(char * const *argv);
