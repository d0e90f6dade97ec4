/*
 * virstringtest.c: the number parser of src/util/virstring.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One row per string: what each of the three entry points makes of it
 * (its value, or refused).  The bounds of the rows are the ones hostrec
 * uses: [0, UINT_MAX] for XML attributes, the full 64-bit ranges for the
 * cache's stamp, [0.001, 86400] for --probe-timeout.
 */

#include "internal.h"

#include <limits.h>
#include <stdlib.h>

#include "testutils.h"
#include "virstring.h"

typedef enum {
    TEST_NUM_ULL = 0,   /* virStrToULL(str, 0, UINT_MAX) */
    TEST_NUM_LL,        /* virStrToLL(str, G_MININT64, G_MAXINT64) */
    TEST_NUM_DOUBLE,    /* virStrToDouble(str, 0.001, 86400) */

    TEST_NUM_LAST
} testNumKind;

typedef struct {
    const char *str;
    testNumKind kind;
    bool ok;
    double value;       /* exact for every value in the table */
} testNumCase;

static const testNumCase cases[] = {
    { "0", TEST_NUM_ULL, true, 0 },
    { "007", TEST_NUM_ULL, true, 7 },
    { "4294967295", TEST_NUM_ULL, true, 4294967295.0 },
    { "4294967296", TEST_NUM_ULL, false, 0 },
    { "18446744073709551616", TEST_NUM_ULL, false, 0 },
    { "", TEST_NUM_ULL, false, 0 },
    { "-1", TEST_NUM_ULL, false, 0 },
    { "+1", TEST_NUM_ULL, false, 0 },
    { " 1", TEST_NUM_ULL, false, 0 },
    { "1 ", TEST_NUM_ULL, false, 0 },
    { "0x10", TEST_NUM_ULL, false, 0 },
    { "1e3", TEST_NUM_ULL, false, 0 },
    { "1.0", TEST_NUM_ULL, false, 0 },

    { "-1", TEST_NUM_LL, true, -1 },
    { "1234567890", TEST_NUM_LL, true, 1234567890.0 },
    { "-9223372036854775808", TEST_NUM_LL, true, -9223372036854775808.0 },
    { "9223372036854775808", TEST_NUM_LL, false, 0 },
    { "-", TEST_NUM_LL, false, 0 },
    { "--1", TEST_NUM_LL, false, 0 },
    { "+1", TEST_NUM_LL, false, 0 },

    { "30", TEST_NUM_DOUBLE, true, 30 },
    { "0.5", TEST_NUM_DOUBLE, true, 0.5 },
    { "2.", TEST_NUM_DOUBLE, true, 2 },
    { "86400", TEST_NUM_DOUBLE, true, 86400 },
    { "0.001", TEST_NUM_DOUBLE, true, 0.001 },
    { "86400.5", TEST_NUM_DOUBLE, false, 0 },
    { "0", TEST_NUM_DOUBLE, false, 0 },
    { "0.0001", TEST_NUM_DOUBLE, false, 0 },
    { ".5", TEST_NUM_DOUBLE, false, 0 },
    { "inf", TEST_NUM_DOUBLE, false, 0 },
    { "infinity", TEST_NUM_DOUBLE, false, 0 },
    { "nan", TEST_NUM_DOUBLE, false, 0 },
    { "1e19", TEST_NUM_DOUBLE, false, 0 },
    { "1E1", TEST_NUM_DOUBLE, false, 0 },
    { "-1", TEST_NUM_DOUBLE, false, 0 },
    { "1,5", TEST_NUM_DOUBLE, false, 0 },
    { "0x1p3", TEST_NUM_DOUBLE, false, 0 },
    { "1.2.3", TEST_NUM_DOUBLE, false, 0 },
    /* 400 digits: overflows a double to infinity */
    { "1000000000000000000000000000000000000000000000000000000000000000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000000000000000"
      "0000000000000000000000000000000000000000000000000000000000000000000000000000"
      "000000000000000000000000000000000000000000000000000000000000000000000000000000",
      TEST_NUM_DOUBLE, false, 0 },
};


/* virUnitToBytes: libvirt's memory units; 0 bytes means refused. */
typedef struct {
    const char *unit;
    unsigned long long bytes;
} testUnitCase;

static const testUnitCase unitCases[] = {
    { "b", 1 },
    { "B", 1 },
    { "bytes", 1 },
    { "Byte", 1 },
    { "k", 1024 },
    { "KiB", 1024 },
    { "kib", 1024 },
    { "KB", 1000 },
    { "kb", 1000 },
    { "M", 1024ULL * 1024 },
    { "GB", 1000ULL * 1000 * 1000 },
    { "EiB", 1ULL << 60 },
    { "e", 1ULL << 60 },
    { "", 0 },
    { "KiBi", 0 },
    { "Ki", 0 },
    { "x", 0 },
    { "ZiB", 0 },
    { "bits", 0 },
};


static int
testUnit(const void *opaque)
{
    const testUnitCase *tc = opaque;
    unsigned long long bytes = 0;
    int rc = virUnitToBytes(tc->unit, &bytes);

    if ((rc == 0) != (tc->bytes != 0) || (rc == 0 && bytes != tc->bytes)) {
        virTestDiag("'%s' gave %d, %llu bytes; expected %llu",
                    tc->unit, rc, bytes, tc->bytes);
        return -1;
    }
    return 0;
}


static int
testNumber(const void *opaque)
{
    const testNumCase *tc = opaque;
    double got = 0;
    int rc = -1;

    switch (tc->kind) {
    case TEST_NUM_ULL: {
        unsigned long long v = 0;

        if ((rc = virStrToULL(tc->str, 0, UINT_MAX, &v)) == 0)
            got = v;
        break;
    }
    case TEST_NUM_LL: {
        long long v = 0;

        if ((rc = virStrToLL(tc->str, G_MININT64, G_MAXINT64, &v)) == 0)
            got = v;
        break;
    }
    case TEST_NUM_DOUBLE:
        rc = virStrToDouble(tc->str, 0.001, 86400, &got);
        break;
    case TEST_NUM_LAST:
    default:
        g_assert_not_reached();
    }

    if ((rc == 0) != tc->ok) {
        virTestDiag("'%.40s' was %s", tc->str, rc == 0 ? "accepted" : "refused");
        return -1;
    }
    if (tc->ok && got != tc->value) {
        virTestDiag("'%s' gave %.17g, expected %.17g", tc->str, got, tc->value);
        return -1;
    }
    return 0;
}


int
main(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("%s '%.24s' %s",
                                                cases[i].kind == TEST_NUM_ULL ? "ULL" :
                                                cases[i].kind == TEST_NUM_LL ? "LL" : "double",
                                                cases[i].str,
                                                cases[i].ok ? "accepted" : "refused");

        virTestRun(name, testNumber, &cases[i]);
    }

    for (i = 0; i < G_N_ELEMENTS(unitCases); i++) {
        g_autofree char *name = g_strdup_printf("unit '%s'", unitCases[i].unit);

        virTestRun(name, testUnit, &unitCases[i]);
    }
    return virTestMain();
}
