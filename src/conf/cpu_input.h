/*
 * cpu_input.h: the CPUs that hypervisor-cpu-baseline and -compare read
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What virsh accepts, in one document:
 *   - bare <cpu> elements one after another, with no root element;
 *   - <domain> documents (their <cpu>, arch from <os><type arch=''>);
 *   - <domainCapabilities> documents (the host-model block of <cpu>, arch
 *     from <arch>);
 *   - <capabilities> documents (<host><cpu>, with <arch>, <vendor> and
 *     <feature name=''/> without a policy).
 * Several of them may follow each other.  Each yields one virCPUDef,
 * parsed by virCPUDefParseXML with VIR_CPU_PARSE_INPUT: a custom CPU with
 * a model and its features in document order (a feature without a policy
 * is 'require', as libvirt reads a host CPU).
 *
 * Reading the file is the caller's business (tools/): src/conf parses
 * text it is given.
 */

#pragma once

#include "internal.h"
#include "cpu_conf.h"

typedef struct _virCPUDefList virCPUDefList;
struct _virCPUDefList {
    size_t ncpus;
    virCPUDef **cpus;
    char **origins;             /* per CPU: "element 2 (<domain>)", for messages */
    char *arch;                 /* the common arch, NULL when none was given */
};

void virCPUDefListFree(virCPUDefList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUDefList, virCPUDefListFree);

/* Parse @len bytes of @data (@name for messages).  Errors (each one
 * sentence naming @name and, for one CPU, which element holds it): no CPU
 * at all, a CPU without <model>, a mode other than custom, an unknown
 * root element, malformed XML, anything virCPUDefParseXML refuses, CPUs of
 * different arches.  Returns 0 with *@list set or -1. */
int virCPUDefListParse(const char *data,
                       size_t len,
                       const char *name,
                       virCPUDefList **list);
