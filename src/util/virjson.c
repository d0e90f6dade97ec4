/*
 * virjson.c: json-c helpers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "internal.h"

#include <math.h>
#include <string.h>

#include "virjson.h"
#include "virerror.h"

static bool
virJSONAllFinite(json_object *obj)
{
    size_t i;

    switch (json_object_get_type(obj)) {
    case json_type_double:
        return isfinite(json_object_get_double(obj));
    case json_type_object: {
        json_object_object_foreach(obj, key, val) {
            (void)key;
            if (!virJSONAllFinite(val))
                return false;
        }
        return true;
    }
    case json_type_array:
        for (i = 0; i < json_object_array_length(obj); i++) {
            if (!virJSONAllFinite(json_object_array_get_idx(obj, i)))
                return false;
        }
        return true;
    case json_type_null:
    case json_type_boolean:
    case json_type_int:
    case json_type_string:
        return true;
    }
    return true;
}

int
virJSONCheckNumbers(json_object *obj,
                    const char *name)
{
    if (!virJSONAllFinite(obj)) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("JSON text in '%s' holds a number that is not finite"),
                       name);
        return -1;
    }
    return 0;
}

gssize
virJSONFindNul(const char *data,
               size_t len)
{
    const char *end = data + len;
    const char *p = data;

    /* valid JSON has a backslash only inside a string, where it starts
     * an escape: skip the character it escapes ("\\u0000" is no NUL) */
    while ((p = memchr(p, '\\', end - p)) && end - p >= 2) {
        if (p[1] == 'u' && end - p >= 6 && memcmp(p + 2, "0000", 4) == 0)
            return p - data;
        p += 2;
    }
    return -1;
}


json_object *
virJSONParse(const char *data,
             size_t len,
             const char *name)
{
    g_autoptr(json_tokener) tok = json_tokener_new_ex(VIR_JSON_MAX_DEPTH);
    g_autoptr(json_object) obj = NULL;
    enum json_tokener_error jerr;
    size_t off;

    if (!tok) {
        virReportError(VIR_ERR_NO_MEMORY, "%s", _("cannot allocate a JSON parser"));
        return NULL;
    }
    if (len > INT32_MAX) {
        virReportError(VIR_ERR_QMP_PROTOCOL, _("JSON text in '%s' is too large"), name);
        return NULL;
    }

    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    obj = json_tokener_parse_ex(tok, data, (int)len);
    jerr = json_tokener_get_error(tok);
    off = json_tokener_get_parse_end(tok);

    /* json-c cannot know that a bare number or literal at the very end of
     * @data is complete ("1" may go on as "12"): tell it with a space. */
    if (!obj && jerr == json_tokener_continue) {
        obj = json_tokener_parse_ex(tok, " ", 1);
        jerr = json_tokener_get_error(tok);
        off = len;
    }

    if (!obj || jerr != json_tokener_success) {
        if (jerr == json_tokener_continue)
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("JSON text in '%s' ends before the value is complete"),
                           name);
        else
            virReportError(VIR_ERR_QMP_PROTOCOL, _("invalid JSON in '%s': %s"),
                           name, json_tokener_error_desc(jerr));
        return NULL;
    }

    for (; off < len; off++) {
        if (!g_ascii_isspace(data[off])) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("trailing data after the JSON value in '%s'"), name);
            return NULL;
        }
    }

    if (virJSONCheckNumbers(obj, name) < 0)
        return NULL;
    if (virJSONFindNul(data, len) >= 0) {
        virReportError(VIR_ERR_QMP_PROTOCOL,
                       _("JSON text in '%s' holds a NUL character (\\u0000) in a string, which would cut a name short"),
                       name);
        return NULL;
    }

    return g_steal_pointer(&obj);
}

/* Scalars are formatted by json-c itself (it keeps the original text of
 * parsed doubles); containers are laid out here, because json-c's pretty
 * printer writes empty ones as "{ }" and "[ ]" where libvirt's recordings
 * have "{}" and "[]". */
static void
virJSONFormatPrettyValue(GString *buf,
                         json_object *obj,
                         unsigned int indent)
{
    const int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
    bool first = true;

    switch (json_object_get_type(obj)) {
    case json_type_object:
        if (json_object_object_length(obj) == 0) {
            g_string_append(buf, "{}");
            return;
        }
        g_string_append_c(buf, '{');
        json_object_object_foreach(obj, key, val) {
            g_autoptr(json_object) jkey = json_object_new_string(key);

            g_string_append(buf, first ? "\n" : ",\n");
            first = false;
            g_string_append_printf(buf, "%*s%s: ", indent + 2, "",
                                   json_object_to_json_string_ext(jkey, flags));
            virJSONFormatPrettyValue(buf, val, indent + 2);
        }
        g_string_append_printf(buf, "\n%*s}", indent, "");
        return;

    case json_type_array: {
        size_t n = json_object_array_length(obj);
        size_t i;

        if (n == 0) {
            g_string_append(buf, "[]");
            return;
        }
        g_string_append_c(buf, '[');
        for (i = 0; i < n; i++) {
            g_string_append_printf(buf, "%s%*s", i ? ",\n" : "\n", indent + 2, "");
            virJSONFormatPrettyValue(buf, json_object_array_get_idx(obj, i),
                                     indent + 2);
        }
        g_string_append_printf(buf, "\n%*s]", indent, "");
        return;
    }

    case json_type_null:
    case json_type_boolean:
    case json_type_double:
    case json_type_int:
    case json_type_string:
        g_string_append(buf, json_object_to_json_string_ext(obj, flags));
        return;
    }

    g_string_append(buf, "null");
}

char *
virJSONFormatPretty(json_object *obj)
{
    GString *buf = g_string_new(NULL);

    virJSONFormatPrettyValue(buf, obj, 0);
    return g_string_free(buf, FALSE);
}

char *
virJSONFormatCompact(json_object *obj)
{
    return g_strdup(json_object_to_json_string_ext(obj,
                                                   JSON_C_TO_STRING_PLAIN |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
}

bool
virJSONEqual(json_object *a,
             json_object *b)
{
    return json_object_equal(a, b) != 0;
}


json_object *
virJSONNewString(const char *str)
{
    g_autofree char *valid = NULL;

    if (!str)
        return NULL;
    if (g_utf8_validate(str, -1, NULL))
        return json_object_new_string(str);
    valid = g_utf8_make_valid(str, -1);
    return json_object_new_string(valid);
}


char *
virJSONQuoteString(const char *str)
{
    g_autoptr(json_object) obj = virJSONNewString(str);

    return virJSONFormatCompact(obj);
}
