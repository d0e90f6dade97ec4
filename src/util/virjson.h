/*
 * virjson.h: json-c helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * hostrec uses json-c objects directly; this header adds ownership
 * (g_autoptr) and a parser with limits for untrusted input.
 */

#pragma once

#include "internal.h"

#include <json-c/json.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_tokener, json_tokener_free);

/* Nesting deeper than this is refused: QMP replies hostrec reads are at
 * most a handful of levels deep. */
#define VIR_JSON_MAX_DEPTH 64

/* Parse exactly one JSON value from @len bytes of @data (surrounding white
 * space allowed).  @name names the source in messages.  Returns a new
 * reference or NULL with an error set. */
json_object *virJSONParse(const char *data,
                          size_t len,
                          const char *name);

/* Refuse NaN and infinities (e.g. "1e999") anywhere in @obj: JSON has no
 * such numbers.  Returns 0, or -1 with an error naming @name.  virJSONParse()
 * already does this. */
int virJSONCheckNumbers(json_object *obj,
                        const char *name);

/* Where the escape \u0000 is in @len bytes of @data, JSON text that
 * json-c has accepted: the offset of its backslash, or -1 when there is
 * none.  A NUL inside a string would cut it short where it becomes a C
 * string (json-c keeps member names so, hostrec every name): "t\u0000e"
 * would pass as a name "t" that QEMU never sent.  QEMU sends no NUL in
 * the replies hostrec reads, so virJSONParse() refuses one (every message
 * of a live QEMU), and a recording what QEMU sent in it. */
gssize virJSONFindNul(const char *data,
                      size_t len);

/* Format @obj as libvirt's test recordings do: 2-space indentation,
 * "key": value, one member per line.  Returns a new string. */
char *virJSONFormatPretty(json_object *obj);

/* Format @obj on one line with no extra white space (what goes over QMP). */
char *virJSONFormatCompact(json_object *obj);

/* Deep equality of two JSON values (object member order ignored). */
bool virJSONEqual(json_object *a, json_object *b);

/* A JSON string of @str, a name from outside: bytes that are not UTF-8
 * become U+FFFD, since JSON text is Unicode; json-c escapes the rest when
 * formatting.  NULL for a NULL @str (JSON null). */
json_object *virJSONNewString(const char *str);

/* @str as JSON text, quotes included ("null" for a NULL @str), for a
 * writer that streams JSON by hand instead of building the whole tree:
 * the same string virJSONNewString() gives json-c, written as json-c
 * writes it (quote, backslash and control characters escaped, "/" kept).
 * The project's one JSON string escaper.  Returns a new string. */
char *virJSONQuoteString(const char *str);
