/*
 * virqemu.h: names and values on a QEMU command line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * QEMU reads an option value such as "-cpu z14,te=off" or "-machine
 * s390-ccw-virtio-7.2" as a list of key=value pairs separated by ','.  A
 * name that holds ',' or '=' would become a second key there: this is how
 * a feature named "x,te=on" turns a deprecated feature back on.  Two
 * defences, both here so that every caller uses the same ones:
 *
 *  - The name rule, checked where a name enters hostrec (domain XML and
 *    its schema, QMP replies, recordings, cache files): a CPU model, CPU
 *    feature (property) or machine type name is made of ASCII letters,
 *    digits, '_', '-', '.' and '+', and starts with a letter, a digit or
 *    '_'.  That is every name QEMU has (s390x "gen16a-base" and
 *    "kimd-sha-1", x86 "sse4.1" and "486", sparc64 "Sun-UltraSparc-IV+",
 *    machine types "s390-ccw-virtio-7.2", downstream "__com.vendor_x").
 *    It excludes ',', '=', whitespace, control characters and anything
 *    that is not ASCII, so a valid name is also safe in XML and on a
 *    terminal.  One exception: a CPU model name may also hold '/' after
 *    its first character, as QEMU's ppc64 "conan/doyle" does ('/' means
 *    nothing to QEMU's option parsers, XML or a terminal); no other kind
 *    may, since an arch name becomes part of a binary's file name.
 *    (src/conf/schemas/basictypes.rng, "qemuName" and "qemuModelName",
 *    state the same patterns.)
 *
 *  - Escaping, where a name is written into an option value: ',' becomes
 *    ",,", as QEMU's option parser (QemuOpts, used by -machine and -name)
 *    reads it.  QEMU's -cpu parser does not unescape ",," (QEMU 7.2 reads
 *    "-cpu z14,,te=on" as "z14" plus "te=on"), which is why the name rule
 *    is checked again just before -cpu is built.
 */

#pragma once

#include "internal.h"
#include "virerror.h"

typedef enum {
    VIR_QEMU_NAME_CPU_MODEL = 0,
    VIR_QEMU_NAME_CPU_FEATURE,      /* a CPU property */
    VIR_QEMU_NAME_MACHINE,          /* a machine type or its alias */
    VIR_QEMU_NAME_ARCH,             /* an architecture (query-target) */

    VIR_QEMU_NAME_LAST
} virQEMUNameKind;

/* Whether @name (NULL is not) follows the name rule above, without the
 * exception for CPU models. */
bool virQEMUNameIsValid(const char *name);

/* Whether @name (NULL is not) follows the name rule for @kind. */
bool virQEMUNameIsValidFor(virQEMUNameKind kind,
                           const char *name);

/* Check @name against the name rule.  Returns 0, or -1 with an error of
 * @code quoting the name and naming @source, a description of where the
 * name came from ("the domain XML", "the reply at line 12 of 'FILE' to
 * 'query-machines'", ...). */
int virQEMUNameCheck(virQEMUNameKind kind,
                     const char *name,
                     virErrorCode code,
                     const char *source);

/* Append @str to @buf with every ',' doubled. */
void virQEMUBufferEscapeComma(GString *buf,
                              const char *str);

/* @str with every ',' doubled, as a new string. */
char *virQEMUEscapeComma(const char *str);
