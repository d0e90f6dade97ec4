#!/usr/bin/env python3
"""Scaling rows of the benchmark: time and peak RSS of hostrec against the
size of its input, 10^4, 10^5, 2x10^5 and 10^6 of each kind.

The inputs are generated from the project's own synthesised gen16a KVM
recording (tests/qemucapabilitiesdata), shaped as QEMU shapes them, with
distinct names (never one item copied N times):

  exchanges   N more query-cpu-model-expansion exchanges in the KVM session,
              each for its own model name (m0000000, m0000001, ...)
  props       N more props in every host expansion (f0000000: true/false)
  deprecated  N more props, each on in the host expansions and listed in
              every deprecated-props (d0000000, ...)

Every command runs once per round, the sizes one after the other within a
round (interleaved), and the figure is the median over the rounds.  Time
is the CPU time of the process (user + system, from GNU time): on a
shared machine wall time measures the neighbours.  Linear growth shows as a
ratio of about 10 from 10^4 to 10^5 and 2 from 10^5 to 2x10^5.  At 10^6
every file is over the recording size limit (64 MiB): the row shows the
refusal and what it cost.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "qemucapabilitiesdata"))
import synthesize  # noqa: E402  (the project's .replies reader)
BASE = os.path.join(TOP, "tests", "qemucapabilitiesdata", "qemu_9.1.0-gen16a_s390x_kvm.replies")
SIZES = (10 ** 4, 10 ** 5, 2 * 10 ** 5, 10 ** 6)


def load(path):
    """The objects of the .replies file @path, in order (the reader of
    tests/qemucapabilitiesdata/synthesize.py)."""
    return synthesize.load(path)


def dump(objs, f):
    f.write("\n".join(json.dumps(o, indent=2) + "\n" for o in objs))


EXCHANGE = """
{
  "execute": "query-cpu-model-expansion",
  "arguments": {
    "type": "static",
    "model": {
      "name": "m%(i)07d"
    }
  },
  "id": "libvirt-x%(i)d"
}

{
  "return": {
    "model": {
      "name": "gen15a-base"
    }
  },
  "id": "libvirt-x%(i)d"
}
"""


def gen_exchanges(n, path):
    objs = load(BASE)
    with open(path, "w", encoding="utf-8") as f:
        # after the KVM session's qmp_capabilities exchange
        dump(objs[:2], f)
        for i in range(n):
            f.write(EXCHANGE % {"i": i})
        f.write("\n")
        dump(objs[2:], f)


def gen_props(n, path, deprecated):
    objs = load(BASE)
    for o in objs:
        r = o.get("return")
        if not (isinstance(r, dict) and isinstance(r.get("model"), dict)
                and "props" in r["model"] and "deprecated-props" in r):
            continue
        props = r["model"]["props"]
        if deprecated:
            names = ["d%07d" % i for i in range(n)]
            for name in names:
                props[name] = True
            r["deprecated-props"] = r["deprecated-props"] + names
        else:
            for i in range(n):
                props["f%07d" % i] = (i % 3 != 0)
    with open(path, "w", encoding="utf-8") as f:
        dump(objs, f)


def run(argv):
    """CPU seconds, peak RSS (KiB) and wall seconds of one run of argv, and
    the error when hostrec refused the input as too large.  GNU time
    measures: a child forked from Python would count Python's own RSS."""
    with tempfile.NamedTemporaryFile("r", prefix="hostrec-bench-time-") as tf:
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t0
        user, system, rss = tf.read().split()[-3:]
    err = r.stderr.decode(errors="replace")
    refused = None
    if r.returncode != 0:
        if "larger than the limit" not in err:
            raise RuntimeError("%s failed: %s" % (" ".join(argv), err.strip()))
        refused = err.strip()
    return float(user) + float(system), int(rss), wall, refused


def scaling_rows(tool, rounds, sizes=SIZES):
    work = tempfile.mkdtemp(prefix="hostrec-bench-scaling-")
    rec = os.path.join(work, "recommended.xml")
    hm = os.path.join(work, "host-model.xml")
    with open(os.path.join(TOP, "examples", "host-recommended.xml"), encoding="utf-8") as f:
        text = f.read()
    with open(rec, "w", encoding="utf-8") as f:
        f.write(text)
    with open(hm, "w", encoding="utf-8") as f:
        f.write(text.replace("mode='host-recommended'", "mode='host-model'"))

    files = {}
    for n in sizes:
        files[("exchanges", n)] = os.path.join(work, "exchanges-%d.replies" % n)
        gen_exchanges(n, files[("exchanges", n)])
        files[("props", n)] = os.path.join(work, "props-%d.replies" % n)
        gen_props(n, files[("props", n)], False)
        files[("deprecated", n)] = os.path.join(work, "deprecated-%d.replies" % n)
        gen_props(n, files[("deprecated", n)], True)

    rows = [
        ("exchanges", "domcapabilities --replay",
         lambda f: [tool, "domcapabilities", "--replay", f]),
        ("props", "domxml-to-native (host-recommended) --replay",
         lambda f: [tool, "domxml-to-native", "qemu-argv", rec, "--replay", f]),
        ("props", "migration-check (host-model), source = destination",
         lambda f: [tool, "migration-check", "--source", f, "--destination", f, hm]),
        ("deprecated", "domcapabilities --disable-deprecated-features --replay",
         lambda f: [tool, "domcapabilities", "--disable-deprecated-features", "--replay", f]),
        ("deprecated", "domxml-to-native (host-recommended) --replay",
         lambda f: [tool, "domxml-to-native", "qemu-argv", rec, "--replay", f]),
    ]

    results = {}
    for _ in range(rounds):
        for ri, (kind, _, argv) in enumerate(rows):
            for n in sizes:
                results.setdefault((ri, n), []).append(run(argv(files[(kind, n)])))

    out = []
    for ri, (kind, what, _) in enumerate(rows):
        prev = None
        for n in sizes:
            cpu = statistics.median(r[0] for r in results[(ri, n)])
            rss = statistics.median(r[1] for r in results[(ri, n)])
            refused = results[(ri, n)][0][3]
            size = os.path.getsize(files[(kind, n)])
            out.append((kind, n, size, what, cpu, rss,
                        cpu / prev[0] if prev and not refused else None,
                        rss / prev[1] if prev and not refused else None,
                        refused))
            prev = (cpu, rss)

    for f in files.values():
        os.unlink(f)
    os.unlink(rec)
    os.unlink(hm)
    os.rmdir(work)
    return out


def size_name(n):
    digits = len(str(n)) - 1
    lead = n // 10 ** digits
    return ("10^%d" % digits) if lead == 1 else ("%dx10^%d" % (lead, digits))


def print_scaling(tool, rounds):
    print("| input | N | file | command | CPU time | x previous N | peak RSS | x previous N |")
    print("|---|---|---|---|---|---|---|---|")
    for kind, n, size, what, cpu, rss, rcpu, rrss, refused in scaling_rows(tool, rounds):
        print("| %s | %s | %.1f MiB | %s | %.2f s | %s | %.1f MiB | %s |"
              % (kind, size_name(n), size / 1048576.0,
                 what + (" (refused: over the size limit)" if refused else ""),
                 cpu, "%.1f" % rcpu if rcpu else "",
                 rss / 1024.0, "%.1f" % rrss if rrss else ""))
