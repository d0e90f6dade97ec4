/*
 * qemu_host.h: what hostrec knows about the host, its arch, its
 * accelerators and its QEMU binaries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one place for these facts: every command and every layer above
 * asks here, so that arch names, the emulator's name and the KVM check
 * cannot drift between copies.  Nothing here keeps state: each call asks
 * the system again (uname, access, PATH), which costs a system call.
 */

#pragma once

#include "internal.h"
#include "domain_conf.h"
#include "qemu_monitor.h"

/* ---- Arches -------------------------------------------------------------
 *
 * QEMU names an arch by its target ("x86_64", "s390x", "aarch64", "i386",
 * "ppc64", "arm", ...); libvirt and the kernel use some other names for
 * the same target ("i686", "ppc64le", "armv7l", "arm64", ...).  One table
 * in qemu_host.c, the arch table, holds every target with its other names
 * and the machine type libvirt prefers for it; what hostrec knows of an
 * arch's CPUs is its CPU driver's (src/cpu/cpu_driver.h). */

/* QEMU's name of @arch (the arch table's aliases; other names unchanged):
 * the suffix of qemu-system-ARCH.  A static string, or @arch itself. */
const char *qemuHostArchToQEMU(const char *arch);

/* The machine type libvirt prefers for a domain of @arch (QEMU's name)
 * that names none, when QEMU offers it: libvirt's historical default of
 * the arch ("s390-ccw-virtio"), not QEMU's.  A static string; NULL for
 * an arch the table does not know (QEMU's default is used). */
const char *qemuHostArchPreferredMachine(const char *arch);

/* The host's arch under QEMU's name, from uname; "unknown" when uname
 * fails.  A new string. */
char *qemuHostGetArch(void);

/* ---- Accelerators ------------------------------------------------------ */

/* Whether this process can use KVM: /dev/kvm can be opened read-write. */
bool qemuHostKVMUsable(void);

/* The accelerator QEMU runs a virt type with: KVM for 'kvm', TCG for
 * 'qemu'.  Its name (qemuMonitorAccelTypeToString) is what -accel and
 * -machine accel= take. */
qemuMonitorAccel qemuHostVirtTypeToAccel(virDomainVirtType virtType);

/* ---- QEMU binaries ----------------------------------------------------- */

/* The name of the emulator of @arch (libvirt's or QEMU's name; NULL: the
 * host's): "qemu-system-" and QEMU's name of the arch.  A new string. */
char *qemuHostEmulatorName(const char *arch);

/* Where libvirt's own tests say the emulator of @arch lives
 * ("/usr/bin/qemu-system-ARCH"): what a replayed recording, which knows
 * no path, shows.  A new string. */
char *qemuHostEmulatorDefaultPath(const char *arch);

/* Whether @binary (a path or a name) emulates the host's arch: named
 * qemu-kvm, kvm, or qemu-system- and the host's arch. */
bool qemuHostEmulatorRunsHostArch(const char *binary);

/* The emulator of @arch (NULL: the host's) as virsh finds it: its name
 * (qemuHostEmulatorName) in PATH.  A new string, or NULL when PATH has
 * none: no error is set, the caller says what the user can do. */
char *qemuHostFindDefaultEmulator(const char *arch);

/* A QEMU binary the user named, as a shell finds it: a name without '/'
 * is looked up in PATH, a path is made absolute against the working
 * directory (opening it reports what is wrong with it).  The one rule of
 * every command (qemu_driver.h).  A new string; NULL with an error
 * naming @binary when PATH has no such name. */
char *qemuHostFindBinary(const char *binary);
