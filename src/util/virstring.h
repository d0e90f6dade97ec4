/*
 * virstring.h: numbers from text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one parser for every number hostrec reads from outside: XML
 * attributes and elements, cache files, command-line options.  A number is
 * plain decimal text that fills the whole string: ASCII digits, with a
 * leading '-' only where negative numbers are allowed and one '.' only
 * where fractions are.  Nothing else is accepted: no spaces, no '+', no
 * hexadecimal or octal prefixes, no exponent, no "inf" or "nan", nothing
 * locale-dependent.  A value outside [@min, @max] is refused like a
 * malformed one.
 *
 * These functions report no error: they return -1 and the caller, who
 * knows what the number is (an attribute, an option), says so in one
 * sentence quoting the text and, where it helps, the range.
 */

#pragma once

#include "internal.h"

/* An unsigned integer in [@min, @max].  0 with *@result set, or -1. */
int virStrToULL(const char *str,
                unsigned long long min,
                unsigned long long max,
                unsigned long long *result);

/* A signed integer (an optional leading '-') in [@min, @max].  0 with
 * *@result set, or -1. */
int virStrToLL(const char *str,
               long long min,
               long long max,
               long long *result);

/* A non-negative decimal fraction ("30", "0.5", "2.") in [@min, @max];
 * always finite.  0 with *@result set, or -1. */
int virStrToDouble(const char *str,
                   double min,
                   double max,
                   double *result);

/* The number of bytes in one libvirt memory unit @unit, as libvirt reads
 * it (case-insensitive): 'b', 'byte' and 'bytes' are one byte; 'k'/'KiB',
 * 'm'/'MiB', ... up to 'e'/'EiB' powers of 1024; 'KB', 'MB', ... powers of
 * 1000.  0 with *@bytes set, or -1 for a name that is not a unit. */
int virUnitToBytes(const char *unit,
                   unsigned long long *bytes);
