#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Growth of `hostrec fleet` with the size of one host's deprecated list.

    bench/fleetgrowth.py [--build DIR] [--rounds N] [--sizes 30000,300000]
                         [--before HOSTREC] [--callgrind]

One host is a synthesised recording, and says so in its name:
`synth-deprecatedN-from-qemu_9.1.0-gen16a_s390x_kvm.replies`, the
project's gen16a KVM recording with N more props, each on in the host
expansions and listed in every deprecated-props, with distinct names
(d0000000, ...; bench/scaling.py makes them).  Each size runs

  fleet        `fleet --host F`: the host read, its host-model props and
               its QEMU's deprecated list kept for the fleet-wide baseline
  fleet+guest  `fleet --host F --host F --guest F=host-recommended.xml`:
               the same with a guest expanded on it and a 1x2 matrix
  native       `domxml-to-native qemu-argv host-recommended.xml --replay F`,
               the yardstick: one command that is known to be linear

once per round, the commands and sizes one after the other within a
round (interleaved), with --before also the same runs of another hostrec
executable (the build before a change) in the same rounds; the figure is
the median of the rounds.  Time is CPU time (user + system, from GNU
time): on a shared machine wall time measures the neighbours.  Linear
growth shows as a ratio near the ratio of the sizes (10 from 3x10^4 to
3x10^5; a little more, as the working set leaves the CPU caches, see
README.md "Scaling"), quadratic growth as its square.  --callgrind also
counts the instructions of one run of each (no cache or neighbour
affects them; slow: minutes at 3x10^5).  Nothing asserts a time.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import scaling  # noqa: E402  (the props generator and the timed run)

BASE = os.path.basename(scaling.BASE)


def instructions(argv):
    """Instructions of one run of @argv, counted by callgrind."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        m = re.search(r"Collected : (\d+)", r.stderr.decode())
        return int(m.group(1)) if m else None


def commands(tool, f, guest):
    return [
        ("fleet", [tool, "fleet", "--no-progress", "--host", f]),
        ("fleet+guest", [tool, "fleet", "--no-progress", "--host", f, "--host", f,
                         "--guest", "%s=%s" % (f, guest)]),
        ("native", [tool, "domxml-to-native", "qemu-argv", guest, "--replay", f]),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default="30000,300000")
    ap.add_argument("--before", help="another hostrec executable, measured in the same rounds")
    ap.add_argument("--callgrind", action="store_true")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",")]
    tools = [("after", os.path.join(args.build, "tools", "hostrec"))]
    if args.before:
        tools.insert(0, ("before", args.before))
    guest = os.path.join(ROOT, "examples", "host-recommended.xml")

    with tempfile.TemporaryDirectory(prefix="hostrec-bench-fleetgrowth-") as work:
        files = {}
        for n in sizes:
            files[n] = os.path.join(work, "synth-deprecated%d-from-%s" % (n, BASE))
            scaling.gen_props(n, files[n], True)

        times = {}
        for _ in range(args.rounds):
            for label, tool in tools:
                for n in sizes:
                    for what, argv in commands(tool, files[n], guest):
                        times.setdefault((label, what, n), []).append(scaling.run(argv)[0])

        counts = {}
        if args.callgrind:
            for label, tool in tools:
                for n in sizes:
                    for what, argv in commands(tool, files[n], guest):
                        counts[(label, what, n)] = instructions(argv)

        print("| build | command | N deprecated props | file | CPU time | x previous N |%s"
              % (" instructions | x previous N |" if args.callgrind else ""))
        print("|---|---|---|---|---|---|%s" % ("---|---|" if args.callgrind else ""))
        for label, tool in tools:
            for what, _ in commands(tool, "", guest):
                prev = None
                for n in sizes:
                    cpu = statistics.median(times[(label, what, n)])
                    row = "| %s | %s | %s | %.1f MiB | %.2f s | %s |" % (
                        label, what, scaling.size_name(n),
                        os.path.getsize(files[n]) / 1048576.0, cpu,
                        "%.1f" % (cpu / prev[0]) if prev and prev[0] else "")
                    ins = counts.get((label, what, n))
                    if args.callgrind:
                        row += " %s | %s |" % (
                            "{:,}".format(ins) if ins else "",
                            "%.1f" % (ins / prev[1]) if prev and prev[1] and ins else "")
                    print(row)
                    prev = (cpu, ins)


if __name__ == "__main__":
    main()
