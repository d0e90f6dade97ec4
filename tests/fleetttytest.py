#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The progress of "hostrec fleet" on a terminal: one line per stage,
redrawn in place ('\\r', erase to the end of line), ending in the final
count and a newline; standard output untouched.  Speaks TAP.

    fleetttytest.py HOSTREC SRCROOT

Standard error is the slave side of a pseudo-terminal (os.openpty), so
isatty() is true as on a real terminal; --progress makes the counts
appear from the start, so no clock decides what the test sees (which
intermediate counts are drawn depends on time; the final ones never do).
"""

import os
import subprocess
import sys


def main():
    hostrec, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    own = "tests/qemucapabilitiesdata/"
    g16 = own + "qemu_9.1.0-gen16a_s390x_kvm.replies"
    g17 = own + "qemu_9.1.0-gen17like_s390x_kvm.replies"
    args = [hostrec, "--default-cpu-deprecated-features=on", "fleet", "--progress",
            "--host", g16, "--host", g17,
            "--guest", g16 + "=tests/cputestdata/migrate-host-recommended.xml",
            "--guest", "tests/fleettestdata/custom-z14.xml"]
    master, slave = os.openpty()
    p = subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = p.stdout.read()
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    p.wait()
    os.close(master)

    n = 0
    failed = False

    def check(cond, name, why=""):
        nonlocal n, failed
        n += 1
        if cond:
            print("ok %d - %s" % (n, name))
        else:
            failed = True
            print("not ok %d - %s" % (n, name))
            for line in why.splitlines():
                print("# " + line)

    # the terminal turns "\n" into "\r\n"
    text = err.replace(b"\r\n", b"\n").decode()
    check(p.returncode == 2, "exit status 2", "got %d" % p.returncode)
    for stage in ("1/1 guests", "2/2 hosts", "2/2 rows"):
        check("\rfleet: %s\x1b[K\n" % stage in text,
              "the %s line is drawn in place and ends the stage" % stage, repr(text))
    plain = [line for line in text.split("\n") if line.startswith("fleet:")]
    check(not plain, "no plain progress line on a terminal", repr(plain))
    check(b"Migration matrix" in out and b"fleet:" not in out,
          "standard output has the matrix and no progress", repr(out[:200]))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
