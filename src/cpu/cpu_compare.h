/*
 * cpu_compare.h: the CPU logic of baseline and compare
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The CPUs of "hostrec hypervisor-cpu-baseline" and "hypervisor-cpu-compare"
 * are virCPUDefs: src/conf/cpu_input.h parses their input documents,
 * virCPUDefFormatBuf (VIR_CPU_FORMAT_HOST) writes a baseline as virsh
 * prints it, and src/qemu/qemu_cpu_baseline.h asks QEMU.  What is left
 * here is what neither parsing nor QEMU decides: which inputs are the same
 * CPU, and which features of a baseline to disable.
 *
 * A feature with policy require or force is a QEMU prop set to true;
 * disable and forbid give false; optional is left out (QEMU decides).
 */

#pragma once

#include "internal.h"
#include "cpu.h"
#include "cpu_input.h"

/* The arch QEMU baselines and compares CPUs for (the first arch driver,
 * in registry order, that says QEMU does: "s390x"): the arch of a
 * baseline or compare whose input names none.  A static string; NULL
 * when no driver says so. */
const char *virCPUGetQEMUBaselineArch(void);

/* 0 when QEMU baselines and compares CPUs of @arch (QEMU's name of it,
 * as query-target gives it), else -1 with an error that names the arches
 * where it does. */
int virCPUCheckQEMUBaselineArch(const char *arch);

/* A key equal for two CPUs exactly when they describe the same CPU for
 * QEMU: same model, same set of prop values (order ignored). */
char *virCPUInputKey(const virCPUDef *cpu);

/* Remove the CPUs of @list that repeat an earlier one (same key), keeping
 * the first occurrence and the order. */
void virCPUDefListRemoveDuplicates(virCPUDefList *list);

/* Give policy 'disable' to every enabled feature of @cpu (a baseline) that
 * is in the deprecated set of @deprecated (NULL-terminated) and @arch,
 * dependents included (virCPUDeprecatedSetContains).  Returns the number
 * of features changed. */
size_t virCPUBaselineDisableDeprecated(virCPUDef *cpu,
                                       const char *arch,
                                       char * const *deprecated);
