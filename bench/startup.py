#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Start-up cost of two hostrec executables, side by side.

    bench/startup.py BEFORE AFTER [--rounds N]

Runs `hostrec --version`, `hostrec domcapabilities --replay` of the
project's gen16a recording and a command that connects to libvirt's
in-process test driver with each executable, alternating which goes
first in each round (interleaved), from tests/ as the tests do.  Prints the
median peak RSS (GNU time's %M), wall time and CPU time (user + system) per command and executable, and the
ratio AFTER / BEFORE.  Wall time is printed because start-up is what a
user waits for; on a shared machine it also measures the neighbours,
which the interleaving spreads over both executables alike.

Written to measure loading libvirt's client library on demand
(tools/hostrec-connect.c) against linking it: BEFORE is an executable
built before that change, AFTER one built after.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(os.path.dirname(HERE), "tests")
# (arguments, expected exit status).  The last one connects: it opens
# libvirt's in-process test driver, reads the domain "test", and refuses
# its domain type 'test' (exit 1); what it costs is loading libvirt.
COMMANDS = [
    (["--version"], 0),
    (["domcapabilities", "--replay",
      "qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"], 0),
    (["-c", "test:///default", "validate", "--domain", "test"], 1),
]


def run(exe, args, expected, tmp):
    """(peak RSS in KiB, wall s, CPU s) of one run; fails on another exit
    status than @expected.

    Peak RSS comes from GNU time: the ru_maxrss of a child that Python
    forks counts the forked Python too.  Wall and CPU time (from
    wait4(), with microseconds where GNU time has hundredths) include GNU
    time's own start, the same small overhead for both."""
    out = os.path.join(tmp, "time")
    start = time.perf_counter()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out, exe]
                            + args, cwd=TESTS, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read()
    proc.stderr.close()
    if proc.returncode != expected:
        sys.exit(f"{exe} {' '.join(args)}: exit {proc.returncode}: "
                 f"{err.decode(errors='replace')}")
    with open(out, encoding="ascii") as f:
        rss = f.read().split()[-1]     # after "Command exited with ..."
    return int(rss), wall, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--rounds", type=int, default=21)
    opts = ap.parse_args()

    exes = {"before": os.path.abspath(opts.before),
            "after": os.path.abspath(opts.after)}
    results = {(name, i): [] for name in exes for i in range(len(COMMANDS))}
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("GNU time (/usr/bin/time, Debian package 'time') is needed")
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(opts.rounds):
            order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
            for i, (args, expected) in enumerate(COMMANDS):
                for name in order:
                    results[(name, i)].append(run(exes[name], args,
                                                  expected, tmp))

    print(f"{opts.rounds} rounds, medians")
    print("| command | build | peak RSS | wall | CPU |")
    print("|---|---|---|---|---|")
    for i, (args, _) in enumerate(COMMANDS):
        med = {}
        for name in exes:
            rows = results[(name, i)]
            med[name] = [statistics.median(col) for col in zip(*rows)]
            rss, wall, cpu = med[name]
            label = " ".join(a if len(a) < 20 else "..." for a in args)
            print(f"| `{label}` | {name} | {rss / 1024:.1f} MiB "
                  f"| {wall * 1000:.1f} ms | {cpu * 1000:.1f} ms |")
        b, a = med["before"], med["after"]
        print(f"| | after / before | {a[0] / b[0]:.2f} | {a[1] / b[1]:.2f} "
              f"| {a[2] / b[2] if b[2] else float('nan'):.2f} |")


if __name__ == "__main__":
    main()
