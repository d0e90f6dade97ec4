/*
 * fuzz_qmpreply.c: libFuzzer target for the QMP message parser
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One input is one QMP message as QEMU would send it on one line:
 * virJSONParse (with its limits) and the monitor's classification
 * (greeting, event, return, error, and every protocol error), through
 * qemuMonitorParseMessage(), which shares its checks with the live reader.
 */

#include "internal.h"

#include <stdint.h>

#define QEMU_MONITOR_PRIV_H_ALLOW
#include "qemu_monitor_priv.h"
#include "virjson.h"
#include "fuzzutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    qemuMonitorMessageType type;
    size_t i;

    fuzzInit();

    /* with and without a qemuMonitorError: the two paths of an error reply */
    for (i = 0; i < 2; i++) {
        g_autoptr(json_object) ret = NULL;
        qemuMonitorError qmpError = { 0 };

        if (qemuMonitorParseMessage((const char *)data, size, "fuzz",
                                    "query-cpu-model-expansion", "libvirt-1",
                                    &type, &ret, i == 0 ? &qmpError : NULL) == 0) {
            switch (type) {
            case QEMU_MONITOR_MESSAGE_RETURN: {
                g_autofree char *pretty = NULL;
                g_autofree char *compact = NULL;
                g_autoptr(json_object) back = NULL;

                if (!ret)
                    fuzzFail("a return message without a value", NULL);
                pretty = virJSONFormatPretty(ret);
                compact = virJSONFormatCompact(ret);
                /* what we format we must read back, equal */
                if (!(back = virJSONParse(compact, strlen(compact), "compact")) ||
                    !virJSONEqual(back, ret))
                    fuzzFail("a return value does not survive formatting", compact);
                break;
            }
            case QEMU_MONITOR_MESSAGE_ERROR:
                if (!qmpError.klass || !qmpError.desc)
                    fuzzFail("an error reply without class or desc", NULL);
                break;
            case QEMU_MONITOR_MESSAGE_GREETING:
            case QEMU_MONITOR_MESSAGE_EVENT:
                break;
            case QEMU_MONITOR_MESSAGE_LAST:
            default:
                fuzzFail("an unknown message type", NULL);
            }
        }
        qemuMonitorErrorClear(&qmpError);
        fuzzReset();
    }

    return 0;
}
