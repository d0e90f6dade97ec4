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

    off = json_tokener_get_parse_end(tok);
    for (; off < len; off++) {
        if (!g_ascii_isspace(data[off])) {
            virReportError(VIR_ERR_QMP_PROTOCOL,
                           _("trailing data after the JSON value in '%s'"), name);
            return NULL;
        }
    }

    return g_steal_pointer(&obj);
}

char *
virJSONFormatPretty(json_object *obj)
{
    return g_strdup(json_object_to_json_string_ext(obj,
                                                   JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_SPACED |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
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
