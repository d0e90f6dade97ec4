/*
 * qemu_capabilities.h: what a QEMU binary can do, as far as hostrec cares
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A virQEMUCaps is filled by probing (qemuMonitorSource: live or replay)
 * or loaded from the cache, and is read-only afterwards.  Per virt type it
 * keeps the machines, the CPU models and the host CPU (virCPUHostModel).
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "domain_conf.h"
#include "qemu_monitor.h"

typedef struct _virQEMUCapsMachine virQEMUCapsMachine;
struct _virQEMUCapsMachine {
    char *name;
    char *alias;              /* e.g. "s390-ccw-virtio" for the newest */
    bool isDefault;
    bool deprecated;
    unsigned int maxCpus;
};

typedef struct _virQEMUCapsCPUModel virQEMUCapsCPUModel;
struct _virQEMUCapsCPUModel {
    char *name;
    virTristateBool usable;   /* ABSENT when QEMU did not say */
    char **blockers;          /* unavailable-features; NULL when absent */
    bool deprecated;          /* the model itself is deprecated */
    char *vendor;             /* libvirt-style vendor: "IBM" or "unknown"; may be NULL */
};

/* What QEMU told us about one accelerator (virt type). */
typedef struct _virQEMUCapsAccel virQEMUCapsAccel;
struct _virQEMUCapsAccel {
    bool probed;              /* a session ran for this virt type */
    size_t nmachines;
    virQEMUCapsMachine *machines;
    size_t nmodels;
    virQEMUCapsCPUModel *models;
    bool hasModels;           /* query-cpu-definitions answered */
    virCPUHostModel *hostCPU; /* NULL when QEMU could not expand it */
    char *hostCPUError;       /* why, when hostCPU is NULL */
};

typedef struct _virQEMUCaps virQEMUCaps;
struct _virQEMUCaps {
    char *binary;             /* path of the emulator, or the replay file's recorded path */
    char *arch;               /* query-target */
    unsigned int version;     /* major * 1000000 + minor * 1000 + micro */
    char *package;
    bool kvmAvailable;        /* query-kvm / query-accelerators */
    virQEMUCapsAccel accels[VIR_DOMAIN_VIRT_LAST];
};

virQEMUCaps *virQEMUCapsNew(void);
void virQEMUCapsFree(virQEMUCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUCaps, virQEMUCapsFree);

/* "11.1.0" */
char *virQEMUCapsFormatVersion(const virQEMUCaps *caps);
