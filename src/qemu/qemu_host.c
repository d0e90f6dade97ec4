/*
 * qemu_host.c: the host's arch, accelerators and QEMU binaries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "qemu_host.h"
#include "virerror.h"

#define QEMU_HOST_EMULATOR_PREFIX "qemu-system-"
#define QEMU_HOST_EMULATOR_DIR "/usr/bin"

/* libvirt-style or kernel arch names whose QEMU target has another name. */
static const struct {
    const char *name;
    const char *qemu;
} qemuHostArchAliases[] = {
    { "i486", "i386" },
    { "i586", "i386" },
    { "i686", "i386" },
    { "amd64", "x86_64" },
    { "ppc64le", "ppc64" },
    { "armv6l", "arm" },
    { "armv7l", "arm" },
    { "arm64", "aarch64" },
};

/* Names of binaries that are the host arch's emulator whatever the arch. */
static const char *const qemuHostKVMBinaries[] = {
    "qemu-kvm",
    "kvm",
};


const char *
qemuHostArchToQEMU(const char *arch)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(qemuHostArchAliases); i++) {
        if (STREQ(arch, qemuHostArchAliases[i].name))
            return qemuHostArchAliases[i].qemu;
    }
    return arch;
}


char *
qemuHostGetArch(void)
{
    struct utsname ut;

    if (uname(&ut) < 0)
        return g_strdup("unknown");
    return g_strdup(qemuHostArchToQEMU(ut.machine));
}


bool
qemuHostKVMUsable(void)
{
    return access("/dev/kvm", R_OK | W_OK) == 0;
}


qemuMonitorAccel
qemuHostVirtTypeToAccel(virDomainVirtType virtType)
{
    switch (virtType) {
    case VIR_DOMAIN_VIRT_KVM:
        return QEMU_MONITOR_ACCEL_KVM;
    case VIR_DOMAIN_VIRT_QEMU:
    case VIR_DOMAIN_VIRT_LAST:
    default:
        break;
    }
    return QEMU_MONITOR_ACCEL_TCG;
}


char *
qemuHostEmulatorName(const char *arch)
{
    g_autofree char *hostArch = NULL;

    if (!arch)
        arch = hostArch = qemuHostGetArch();
    return g_strdup_printf(QEMU_HOST_EMULATOR_PREFIX "%s", qemuHostArchToQEMU(arch));
}


char *
qemuHostEmulatorDefaultPath(const char *arch)
{
    g_autofree char *name = qemuHostEmulatorName(arch);

    return g_build_filename(QEMU_HOST_EMULATOR_DIR, name, NULL);
}


bool
qemuHostEmulatorRunsHostArch(const char *binary)
{
    g_autofree char *base = g_path_get_basename(binary);
    g_autofree char *hostArch = qemuHostGetArch();
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(qemuHostKVMBinaries); i++) {
        if (STREQ(base, qemuHostKVMBinaries[i]))
            return true;
    }
    return g_str_has_prefix(base, QEMU_HOST_EMULATOR_PREFIX) &&
           STREQ(base + strlen(QEMU_HOST_EMULATOR_PREFIX), hostArch);
}


char *
qemuHostFindDefaultEmulator(const char *arch)
{
    g_autofree char *name = qemuHostEmulatorName(arch);

    return g_find_program_in_path(name);
}


char *
qemuHostFindBinary(const char *binary)
{
    char *path;

    if (strchr(binary, '/'))
        return g_canonicalize_filename(binary, NULL);
    if (!(path = g_find_program_in_path(binary))) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("cannot find the QEMU binary '%s' in PATH"), binary);
    }
    return path;
}
