/*
 * virjsontest.c: the JSON string escaper and the NUL finder of src/util/virjson.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One row per hostile string: the JSON text virJSONQuoteString() must
 * write for it (written here by hand), and the string a JSON parser must
 * read back from that text.  Both are checked, so that a change of
 * spelling that stays correct shows as a diff of this table, and one that
 * breaks the JSON fails on the read back.
 *
 * Then one row per JSON text that may or may not hold a NUL escape: where
 * virJSONFindNul() must find it, the text being valid JSON that json-c
 * also reads (its member names cut at the NUL).
 */

#include "internal.h"

#include <string.h>

#include "testutils.h"
#include "virjson.h"

#define FFFD "\xef\xbf\xbd"

typedef struct {
    const char *name;
    const char *str;        /* the string from outside; NULL for none */
    const char *json;       /* what must be written */
    const char *back;       /* what a parser must read; NULL for JSON null */
} testQuoteCase;

static const testQuoteCase cases[] = {
    { "plain", "csske", "\"csske\"", "csske" },
    { "empty", "", "\"\"", "" },
    { "null", NULL, "null", NULL },
    { "quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"", "a\"b\\c" },
    { "slash kept", "</script>", "\"</script>\"", "</script>" },
    { "markup", "<img src=x onerror=alert(1)>&'", "\"<img src=x onerror=alert(1)>&'\"",
      "<img src=x onerror=alert(1)>&'" },
    { "short escapes", "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t" },
    { "other controls", "\x01" "x\x1f", "\"\\u0001x\\u001f\"", "\x01" "x\x1f" },
    { "DEL", "a\x7f" "b", "\"a\x7f" "b\"", "a\x7f" "b" },
    { "a line that ends early", "a\"}\n{\"b", "\"a\\\"}\\n{\\\"b\"", "a\"}\n{\"b" },
    { "UTF-8 kept", "gen16a \xc3\xa9\xe2\x82\xac", "\"gen16a \xc3\xa9\xe2\x82\xac\"",
      "gen16a \xc3\xa9\xe2\x82\xac" },
    { "a byte that is not UTF-8", "a\xff" "b", "\"a" FFFD "b\"", "a" FFFD "b" },
    { "a cut sequence at the end", "z\xe2\x82", "\"z" FFFD FFFD "\"", "z" FFFD FFFD },
    { "an overlong slash", "\xc0\xaf", "\"" FFFD FFFD "\"", FFFD FFFD },
    { "a UTF-16 surrogate", "\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"", FFFD FFFD FFFD },
};


static int
testQuote(const void *opaque)
{
    const testQuoteCase *tc = opaque;
    g_autofree char *got = virJSONQuoteString(tc->str);
    g_autoptr(json_object) parsed = NULL;
    enum json_tokener_error err = json_tokener_success;

    if (STRNEQ(got, tc->json)) {
        g_autofree char *g = g_strescape(got, NULL);
        g_autofree char *w = g_strescape(tc->json, NULL);

        virTestDiag("wrote %s, expected %s", g, w);
        return -1;
    }
    if (!g_utf8_validate(got, -1, NULL)) {
        virTestDiag("the JSON text is not UTF-8");
        return -1;
    }

    parsed = json_tokener_parse_verbose(got, &err);
    if (err != json_tokener_success) {
        virTestDiag("the JSON text does not parse: %s", json_tokener_error_desc(err));
        return -1;
    }
    if (!tc->back) {
        if (parsed) {
            virTestDiag("read back %s, expected null",
                        json_type_to_name(json_object_get_type(parsed)));
            return -1;
        }
        return 0;
    }
    if (!json_object_is_type(parsed, json_type_string) ||
        STRNEQ(json_object_get_string(parsed), tc->back)) {
        g_autofree char *g = g_strescape(json_object_to_json_string(parsed), NULL);

        virTestDiag("read back %s", g);
        return -1;
    }
    return 0;
}


typedef struct {
    const char *name;
    const char *json;
    gssize at;              /* offset of the NUL's backslash; -1: none */
} testNulCase;

static const testNulCase nulCases[] = {
    { "NUL: none", "{\"csske\": true}", -1 },
    { "NUL: in a member name", "{\"t\\u0000e\": true}", 3 },
    { "NUL: in a value", "[\"z14\\u0000x\"]", 5 },
    { "NUL: at the end of a string", "\"a\\u0000\"", 2 },
    { "NUL: an escaped backslash, then u0000", "\"a\\\\u0000\"", -1 },
    { "NUL: an escaped backslash, then a NUL", "\"\\\\\\u0000\"", 3 },
    { "NUL: another control character", "\"\\u0001\\u00000\"", 7 },
    { "NUL: U+1000 is no NUL", "\"\\u1000\\u0100\"", -1 },
};


static int
testFindNul(const void *opaque)
{
    const testNulCase *tc = opaque;
    g_autoptr(json_object) parsed = NULL;
    enum json_tokener_error err = json_tokener_success;
    gssize got;

    parsed = json_tokener_parse_verbose(tc->json, &err);
    if (err != json_tokener_success) {
        virTestDiag("the case is not JSON: %s", json_tokener_error_desc(err));
        return -1;
    }
    got = virJSONFindNul(tc->json, strlen(tc->json));
    if (got != tc->at) {
        virTestDiag("found %zd, expected %zd", (ssize_t)got, (ssize_t)tc->at);
        return -1;
    }
    return 0;
}


int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        virTestRun(cases[i].name, testQuote, &cases[i]);
    for (i = 0; i < G_N_ELEMENTS(nulCases); i++)
        virTestRun(nulCases[i].name, testFindNul, &nulCases[i]);
    return virTestMain();
}
