/*
 * cpu_kept.h: the <cpu> children hostrec keeps without modelling them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * <numa>, <cache> and <maxphysaddr> inside a guest's <cpu> say nothing
 * about the CPU model or its features, so hostrec does not act on them;
 * but every command that writes the <cpu> element back (validate,
 * domxml-expand, define, convert, refresh) must keep them.  A virCPUKept
 * is one such element as a tree of elements and attribute values, read
 * against a table that states the shape libvirt 11.3 allows
 * (src/conf/schemas/cpu.rng says the same): every element and attribute
 * is known, every value checked (numbers, choices, memory units, vCPU
 * lists), so what is written back is what libvirt accepts, escaped.
 * Anything else is refused rather than dropped.
 *
 * Formatting is canonical: attributes in libvirt's order, child elements
 * in document order, values as they were written (a cell's memory keeps
 * its unit).
 */

#pragma once

#include "internal.h"
#include "virxml.h"

/* The highest vCPU id a <numa> cell may name, plus one. */
#define VIR_CPU_KEPT_MAX_VCPUS 16384

typedef struct _virCPUKeptSchema virCPUKeptSchema;
typedef struct _virCPUKept virCPUKept;

void virCPUKeptFree(virCPUKept *kept);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virCPUKept, virCPUKeptFree);

virCPUKept *virCPUKeptCopy(const virCPUKept *kept);

/* Whether @name is a child of <cpu> read by virCPUKeptParseXML. */
bool virCPUKeptIsKnown(const char *name);

/* Read the <cpu> child @node (virCPUKeptIsKnown) into *@kept, checking
 * its shape and values; for <numa> also libvirt's rules between the cells
 * (ids 0 to N-1 each once, no vCPU in two cells, distances, interconnects
 * naming existing cells).  Returns 0 or -1 with an error set. */
int virCPUKeptParseXML(xmlNodePtr node,
                       virCPUKept **kept);

/* The element's name ("numa", "cache", "maxphysaddr"). */
const char *virCPUKeptGetName(const virCPUKept *kept);

/* For a <numa>: the highest vCPU id its cells name plus one, 0 when no
 * cell names vCPUs. */
unsigned int virCPUKeptNumaVcpus(const virCPUKept *kept);

/* Append @kept at indentation @indent (units of two spaces) to @buf. */
void virCPUKeptFormat(GString *buf,
                      const virCPUKept *kept,
                      int indent);
