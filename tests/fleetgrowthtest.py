#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""`hostrec fleet` grows linearly with a host's deprecated list (issue
25), counted in instructions, never timed.  Speaks TAP; a visible SKIP
without valgrind.

    fleetgrowthtest.py HOSTREC SRCROOT

Two synthesised recordings, named so (synth-deprecatedN-from-...): the
project's gen16a KVM recording with N = 2,000 and 20,000 more props,
each on in the host expansions and listed in every deprecated-props, with
distinct names.  callgrind counts the instructions of one run of each of

  fleet    `fleet --host F --host F`: both hosts' deprecated lists go
           into the fleet's union
  native   `domxml-to-native qemu-argv host-recommended.xml --replay F`,
           the yardstick: reading the same file and applying the same
           list, known to be linear

Instruction counts do not depend on the machine's load, so the check is
a ratio: from 2,000 to 20,000 props fleet may grow at most twice as much
as the yardstick.  A search of the union per name (quadratic) grew about
five times as much (bench/README.md, "Fleet growth").
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from tap import notok, ok, skip
import tap

BASE = "qemu_9.1.0-gen16a_s390x_kvm.replies"
SIZES = (2000, 20000)
LIMIT = 2.0


def synthesise(src, n, path):
    """@BASE with @n more deprecated props (d0000000, ...)."""
    sys.path.insert(0, os.path.join(src, "tests", "qemucapabilitiesdata"))
    import synthesize
    objs = synthesize.load(os.path.join(src, "tests", "qemucapabilitiesdata", BASE))
    names = ["d%07d" % i for i in range(n)]
    for o in objs:
        r = o.get("return")
        if not (isinstance(r, dict) and isinstance(r.get("model"), dict)
                and "props" in r["model"] and "deprecated-props" in r):
            continue
        for name in names:
            r["model"]["props"][name] = True
        r["deprecated-props"] = r["deprecated-props"] + names
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(o, indent=2) + "\n" for o in objs))


def instructions(argv, env):
    with tempfile.TemporaryDirectory(prefix="hostrec-fleetgrowth-cg-") as d:
        out = os.path.join(d, "cg.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out]
                           + argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        err = r.stderr.decode(errors="replace")
        m = re.search(r"Collected : (\d+)", err)
        if r.returncode != 0 or not m:
            raise RuntimeError("%s failed: %s" % (" ".join(argv), err[-500:]))
        return int(m.group(1))


def main():
    hostrec, src = sys.argv[1], sys.argv[2]
    name = "fleet grows as domxml-to-native with the deprecated props"
    if not shutil.which("valgrind"):
        skip(name, "valgrind is not installed")
        return tap.finish()

    guest = os.path.join(src, "examples", "host-recommended.xml")
    counts = {}
    with tempfile.TemporaryDirectory(prefix="hostrec-fleetgrowth-") as work:
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
        for n in SIZES:
            f = os.path.join(work, "synth-deprecated%d-from-%s" % (n, BASE))
            synthesise(src, n, f)
            counts[("fleet", n)] = instructions(
                [hostrec, "fleet", "--no-progress", "--host", f, "--host", f], env)
            counts[("native", n)] = instructions(
                [hostrec, "domxml-to-native", "qemu-argv", guest, "--replay", f], env)

    small, large = SIZES
    fleet = counts[("fleet", large)] / counts[("fleet", small)]
    native = counts[("native", large)] / counts[("native", small)]
    report = ("instructions from %d to %d props: fleet %d -> %d (x%.1f), "
              "domxml-to-native %d -> %d (x%.1f)"
              % (small, large, counts[("fleet", small)], counts[("fleet", large)], fleet,
                 counts[("native", small)], counts[("native", large)], native))
    print("# " + report)
    if fleet > LIMIT * native:
        notok(name, "fleet grows %.1f times as much as the yardstick (at most %.1f): %s"
              % (fleet / native, LIMIT, report))
    else:
        ok(name)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
