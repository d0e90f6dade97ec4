/*
 * cpu_compare.h: input and output of CPU baseline and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What "hostrec hypervisor-cpu-baseline" and "hypervisor-cpu-compare" read
 * and print, independent of how QEMU is asked (src/qemu/qemu_cpu_baseline.h
 * does that).
 *
 * Input: what virsh accepts, in one file:
 *   - bare <cpu> elements one after another, with no root element;
 *   - <domain> documents (their <cpu>, arch from <os><type arch=''>);
 *   - <capabilities> documents (<host><cpu>, with <arch>, <vendor> and
 *     <feature name=''/> without a policy);
 *   - <domainCapabilities> documents (the host-model block of <cpu>).
 * Several of them may follow each other.  Each yields one virCPUInput:
 * a model and its props in document order.  A feature with policy
 * require or force (or none) is a prop set to true; disable and forbid
 * give false; optional is left out (QEMU decides).
 *
 * Output: the CPU as virsh prints a baseline (a host-style <cpu>: no
 * attributes, <model>, then <feature name=''/> per enabled prop).
 */

#pragma once

#include "internal.h"
#include "cpu.h"

typedef struct _virCPUInput virCPUInput;
struct _virCPUInput {
    char *model;
    size_t nprops;
    virCPUProp *props;          /* in document order, names unique */
    char *arch;                 /* NULL when the document did not say */
    char *origin;               /* "<cpu> number 2", for messages */
};

typedef struct _virCPUInputList virCPUInputList;
struct _virCPUInputList {
    size_t ncpus;
    virCPUInput **cpus;
    char *arch;                 /* the common arch, NULL when none was given */
};

void virCPUInputFree(virCPUInput *cpu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUInput, virCPUInputFree);
void virCPUInputListFree(virCPUInputList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUInputList, virCPUInputListFree);

/* Parse @len bytes of @data (@name for messages).  Errors (each one
 * sentence naming @name): no CPU at all, a CPU without <model>, a mode
 * other than custom, an unknown root element, malformed XML, CPUs of
 * different arches.  Returns 0 with *@list set or -1. */
int virCPUInputParse(const char *data,
                     size_t len,
                     const char *name,
                     virCPUInputList **list);

/* Read and parse @path ("-" for standard input). */
int virCPUInputParseFile(const char *path,
                         virCPUInputList **list);

/* A key equal for two inputs exactly when they describe the same CPU:
 * same model, same set of prop values (order ignored). */
char *virCPUInputKey(const virCPUInput *cpu);

/* The inputs with duplicates removed, first occurrence kept, order kept:
 * a new array of borrowed pointers (g_free it), *@n set. */
virCPUInput **virCPUInputListUnique(const virCPUInputList *list,
                                    size_t *n);

/* A baseline result: model and props as QEMU returned them. */
typedef struct _virCPUBaselineResult virCPUBaselineResult;
struct _virCPUBaselineResult {
    char *model;
    size_t nprops;
    virCPUProp *props;
    /* set by virCPUBaselineDisableDeprecated: props to print with
     * policy='disable' (a subset of @props' names) */
    GHashTable *disabled;
};

virCPUBaselineResult *virCPUBaselineResultNew(const char *model);
void virCPUBaselineResultFree(virCPUBaselineResult *res);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUBaselineResult, virCPUBaselineResultFree);
void virCPUBaselineResultAddProp(virCPUBaselineResult *res,
                                 const char *name,
                                 bool enabled);

/* Sort the props by name (what virsh prints with --features). */
void virCPUBaselineResultSortProps(virCPUBaselineResult *res);

/* Mark every enabled prop of @res that is in @deprecated (NULL-terminated)
 * or requires one of them (virCPUGetDependents of @arch) for
 * policy='disable'.  Returns the number of props marked. */
size_t virCPUBaselineDisableDeprecated(virCPUBaselineResult *res,
                                       const char *arch,
                                       char * const *deprecated);

/* Format as virsh does: <cpu>, <model>, one <feature name=''/> per enabled
 * prop in order (policy='disable' first for marked ones), </cpu>. */
char *virCPUBaselineResultFormat(const virCPUBaselineResult *res);
