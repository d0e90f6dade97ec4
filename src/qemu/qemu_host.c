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

/* The arch table: every QEMU target libvirt knows, one per line, by
 * QEMU's name (query-target; the suffix of qemu-system-NAME), with
 *
 * - the machine type libvirt gives a domain of the arch that names none,
 *   whatever QEMU's default is, when QEMU offers it (by name or alias):
 *   libvirt's own historical defaults (src/qemu/qemu_capabilities.c,
 *   preferredMachines[], libvirt 11.3).  Where QEMU has no default at all
 *   (aarch64, arm) or another one (riscv: "spike"), the two differ.
 * - the other names libvirt or the kernel give the same target.
 *
 * This is the one table of arch names outside the CPU drivers
 * (src/cpu/cpu_driver.h), which hold what hostrec knows of an arch's
 * CPUs; an arch is here whether or not it has a driver. */
static const struct {
    const char *qemu;
    const char *machine;
    const char *aliases[4];     /* NULL-terminated */
} qemuHostArches[] = {
    { "aarch64",      "virt",                 { "arm64", NULL } },
    { "alpha",        "clipper",              { NULL } },
    { "arm",          "virt",                 { "armv6l", "armv7l", NULL } },
    { "i386",         "pc",                   { "i486", "i586", "i686", NULL } },
    { "loongarch64",  "virt",                 { NULL } },
    { "m68k",         "mcf5208evb",           { NULL } },
    { "microblaze",   "petalogix-s3adsp1800", { NULL } },
    { "microblazeel", "petalogix-s3adsp1800", { NULL } },
    { "mips",         "malta",                { NULL } },
    { "mips64",       "malta",                { NULL } },
    { "mips64el",     "malta",                { NULL } },
    { "mipsel",       "malta",                { NULL } },
    { "or1k",         "or1k-sim",             { NULL } },
    { "ppc",          "g3beige",              { NULL } },
    { "ppc64",        "pseries",              { "ppc64le", NULL } },
    { "riscv32",      "virt",                 { NULL } },
    { "riscv64",      "virt",                 { NULL } },
    { "s390x",        "s390-ccw-virtio",      { NULL } },
    { "sh4",          "shix",                 { NULL } },
    { "sh4eb",        "shix",                 { NULL } },
    { "sparc",        "SS-5",                 { NULL } },
    { "sparc64",      "sun4u",                { NULL } },
    { "x86_64",       "pc",                   { "amd64", NULL } },
    { "xtensa",       "sim",                  { NULL } },
    { "xtensaeb",     "sim",                  { NULL } },
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
    size_t j;

    for (i = 0; i < G_N_ELEMENTS(qemuHostArches); i++) {
        for (j = 0; qemuHostArches[i].aliases[j]; j++) {
            if (STREQ(arch, qemuHostArches[i].aliases[j]))
                return qemuHostArches[i].qemu;
        }
    }
    return arch;
}


const char *
qemuHostArchPreferredMachine(const char *arch)
{
    size_t i;

    for (i = 0; arch && i < G_N_ELEMENTS(qemuHostArches); i++) {
        if (STREQ(arch, qemuHostArches[i].qemu))
            return qemuHostArches[i].machine;
    }
    return NULL;
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
