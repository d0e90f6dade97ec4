/*
 * cpu_host.h: the host CPU as QEMU expands it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * src/qemu fills a virCPUHostModel from QEMU's answers (live or
 * replayed); the expansion (cpu.h), the policy (cpu_policy.h) and the
 * migration check (cpu_migration.h) read it.
 */

#pragma once

#include "internal.h"

/* One QEMU CPU property of an expansion: name and value, in QEMU's order. */
typedef struct _virCPUProp virCPUProp;
struct _virCPUProp {
    char *name;
    bool enabled;
};

/* The host CPU of one virt type: QEMU's expansion of "host" (KVM) or
 * "max" (TCG).
 *
 * @deprecated and @hostDeprecated are NULL-terminated lists, or NULL when
 * QEMU's reply had no "deprecated-props" key at all ("QEMU did not say").
 * An empty list (a lone NULL) means "QEMU says none are deprecated".  The
 * two must never be confused. */
typedef struct _virCPUHostModel virCPUHostModel;
struct _virCPUHostModel {
    char *model;                /* base model of the static expansion */
    /* The prop arrays grow by doubling: fill them only through
     * virCPUHostModelAddProp/AddFullProp (or Copy), never directly. */
    size_t nprops;              /* static expansion props, QEMU's order */
    virCPUProp *props;
    size_t nfullProps;          /* full expansion props; 0 if not probed */
    virCPUProp *fullProps;
    char **deprecated;          /* full expansion's deprecated-props */
    char **hostDeprecated;      /* static expansion's deprecated-props */
};

virCPUHostModel *virCPUHostModelNew(void);
void virCPUHostModelFree(virCPUHostModel *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUHostModel, virCPUHostModelFree);
virCPUHostModel *virCPUHostModelCopy(const virCPUHostModel *host);

/* Append a prop (the caller keeps QEMU's order). */
void virCPUHostModelAddProp(virCPUHostModel *host,
                            const char *name,
                            bool enabled);
void virCPUHostModelAddFullProp(virCPUHostModel *host,
                                const char *name,
                                bool enabled);

/* The deprecated set used for host-recommended: the full expansion's list
 * when QEMU gave one, else the static one; NULL when QEMU said nothing. */
char **virCPUHostModelGetDeprecated(const virCPUHostModel *host);

/* Add every prop name @host lists (static, full, deprecated) to @props. */
void virCPUHostModelCollectProps(const virCPUHostModel *host,
                                 GHashTable *props);
