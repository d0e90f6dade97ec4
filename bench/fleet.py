#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Time and memory of `hostrec fleet` against the size of the fleet.

    bench/fleet.py [--build DIR] [--rounds N] [--sizes 10,100,1000,10000]
                   [--guests M] [--matrix 1000x1000] [--loop-cells N]
                   [--emulatorbin QEMU]

Inputs are synthesised, and say so in their names: every host is
`synth-hNNNNN-from-caps_V_s390x.xml`, a hostrec cache file made from one
of libvirt's real s390x KVM recordings (../shared/fixtures/qemu-replies,
QEMU 9.1.0, 10.0.0 and 11.1.0; this project's own gen16a/gen17like
recordings when the fixtures are absent) with a random subset of its
host CPU's enabled features turned off (each with probability 0.02,
seeded: a few features apart, as firmware and microcode levels make hosts
of one model differ): distinct CPUs, not one host copied N times.  Guests are
`synth-gNNNNN-MODE.xml`: host-model and host-recommended guests, each on
a random host of the fleet, and custom CPUs (a model of the recordings
with a few features).

For each size the fleet runs once per round, the sizes one after the
other within a round (interleaved), and the figure is the median of the
rounds.  Time is CPU time (user + system, from GNU time): on a shared
machine wall time measures the neighbours.  Peak RSS from GNU time too.

With --emulatorbin, each size also runs with the fleet-wide baseline
computed from that QEMU's per-model feature sets, read from its cache
entry (a private cache, filled by one run before the rounds): the run an
operator repeats.

The comparison: the per-cell cost of `hostrec fleet` against the shell
loop it replaces (one `hostrec migration-check` per cell), measured in
the same rounds.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "qemu-replies")
REAL = ["caps_9.1.0_s390x.cpu.replies", "caps_10.0.0_s390x.cpu.replies",
        "caps_11.1.0_s390x.cpu.replies"]
OWN = ["qemu_9.1.0-gen16a_s390x_kvm.replies", "qemu_9.1.0-gen17like_s390x_kvm.replies"]
SEED = 20261129


def bases(build, work):
    """The real recordings as hostrec cache XML (parsed trees)."""
    probe = os.path.join(build, "tests", "qemucapsprobe")
    if os.path.isdir(FIXTURES):
        files = [os.path.join(FIXTURES, f) for f in REAL]
    else:
        print("note: ../shared/fixtures is absent: basing hosts on this "
              "project's own (synthesised) recordings", file=sys.stderr)
        files = [os.path.join(ROOT, "tests", "qemucapabilitiesdata", f) for f in OWN]
    out = []
    for f in files:
        xml = subprocess.run([probe, "--replay", f], check=True,
                             capture_output=True, text=True).stdout
        name = os.path.basename(f).split(".cpu.replies")[0].split(".replies")[0]
        out.append((name, xml))
    return out


def make_host(rng, base, index, outdir):
    name, xml = base
    root = ET.fromstring(xml)
    for host in root.findall("hostCPU"):
        if host.get("type") != "kvm":
            continue
        props = host.findall("property") + host.findall("fullProperties/property")
        drop = {p.get("name") for p in props
                if p.get("value") == "true" and rng.random() < 0.02}
        for p in props:
            if p.get("name") in drop:
                p.set("value", "false")
    path = os.path.join(outdir, "synth-h%05d-from-%s.xml" % (index, name))
    ET.ElementTree(root).write(path)
    return path


GUEST = """<domain type='kvm'>
  <name>g%(i)d</name>
  <memory unit='KiB'>219100</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='s390x'>hvm</type>
  </os>
  %(cpu)s
</domain>
"""


def make_guest(rng, index, hosts, outdir):
    kind = rng.choice(["host-model", "host-recommended", "custom"])
    if kind == "custom":
        model = rng.choice(["z14", "z15", "gen15a", "z13"])
        feats = "".join("<feature policy='%s' name='%s'/>" % (
            rng.choice(["require", "disable"]), f)
            for f in rng.sample(["te", "csske", "bpb", "cte", "vx", "gs", "ri"], 2))
        cpu = "<cpu mode='custom' match='exact'><model fallback='forbid'>%s</model>%s</cpu>" % (model, feats)
    else:
        cpu = "<cpu mode='%s'/>" % kind
    path = os.path.join(outdir, "synth-g%05d-%s.xml" % (index, kind))
    with open(path, "w") as f:
        f.write(GUEST % {"i": index, "cpu": cpu})
    if kind == "custom":
        return path
    return "%s=%s" % (rng.choice(hosts), path)


def measure(cmd):
    """(CPU seconds, peak RSS KiB, exit status) of one run, from GNU time
    (not wait4 here: a child forked from Python reports Python's RSS)."""
    t = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = t.stderr.strip().splitlines()[-1].split()
    return float(last[0]) + float(last[1]), int(last[2]), t.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--guests", type=int, default=100)
    ap.add_argument("--matrix", default="1000x1000")
    ap.add_argument("--loop-cells", type=int, default=20)
    ap.add_argument("--emulatorbin", help="also run each size with the baseline of this QEMU")
    args = ap.parse_args()

    hostrec = os.path.join(args.build, "tools", "hostrec")
    rng = random.Random(SEED)
    work = tempfile.mkdtemp(prefix="hostrec-fleet-bench-")
    os.environ["XDG_CACHE_HOME"] = os.path.join(work, "cache")
    try:
        base = bases(args.build, work)
        sizes = [int(s) for s in args.sizes.split(",") if s]
        mh, mg = (int(x) for x in args.matrix.split("x"))
        nhosts = max(sizes + [mh])
        hostdir = os.path.join(work, "hosts")
        os.mkdir(hostdir)
        hosts = [make_host(rng, base[i % len(base)], i, hostdir) for i in range(nhosts)]
        guestdir = os.path.join(work, "guests")
        os.mkdir(guestdir)

        runs = {}
        for n in sizes:
            sub = hosts[:n]
            guests = [make_guest(rng, i, sub, guestdir) for i in range(args.guests)]
            k = "%d hosts x %d guests" % (n, args.guests)
            runs[k] = ([hostrec, "--default-cpu-deprecated-features=on", "fleet", "--json"] +
                       sum((["--host", h] for h in sub), []) +
                       sum((["--guest", g] for g in guests), []))
            if args.emulatorbin:
                runs[k + ", baseline (cached table)"] = runs[k] + ["--emulatorbin",
                                                                   args.emulatorbin]
        sub = hosts[:mh]
        mguests = [make_guest(rng, 100000 + i, sub, guestdir) for i in range(mg)]
        key = "%d hosts x %d guests (matrix)" % (mh, mg)
        runs[key] = ([hostrec, "--default-cpu-deprecated-features=on", "fleet", "--json"] +
                     sum((["--host", h] for h in sub), []) +
                     sum((["--guest", g] for g in mguests), []))
        runs[key + ", text"] = [a for a in runs[key] if a != "--json"]
        if args.emulatorbin:
            runs[key + ", baseline (cached table)"] = runs[key] + ["--emulatorbin",
                                                                   args.emulatorbin]
        runs["%d hosts, no guests (loading only)" % mh] = (
            [hostrec, "fleet"] + sum((["--host", h] for h in sub), []))

        # the loop a fleet replaces: one migration-check per cell, as one
        # shell script (GNU time counts the children of what it waits for;
        # a single migration-check is under its 10 ms resolution)
        sourced = [g for g in mguests if "=" in g]
        script = os.path.join(work, "loop.sh")
        with open(script, "w") as f:
            for i in range(args.loop_cells):
                src, _, dom = sourced[i % len(sourced)].rpartition("=")
                dst = hosts[(i * 7) % mh]
                f.write("'%s' --default-cpu-deprecated-features=on migration-check --json "
                        "--source '%s' --destination '%s' '%s' >/dev/null\n" %
                        (hostrec, src, dst, dom))
                f.write('[ $? -le 2 ] || exit 1\n')
        loop = ["sh", script]

        # the floor: the process alone (libraries loaded, nothing read)
        runs["hostrec --version (floor)"] = [hostrec, "--version"]
        if args.emulatorbin:
            # fill the cache: the model table is probed once per binary
            # fill the cache: the model table is probed once per binary;
            # the runs measured must compute the baseline, not say why not
            warm = next(cmd for k, cmd in runs.items() if k.endswith("(cached table)"))
            p = subprocess.run(warm, capture_output=True, text=True)
            if p.returncode not in (0, 2) or \
                    json.loads(p.stdout)["baseline"]["host-model"] is None:
                print("error: no baseline from %s: %s" % (args.emulatorbin, p.stderr.strip()),
                      file=sys.stderr)
                return 1
        results = {k: [] for k in runs}
        rss = {k: [] for k in runs}
        loopTimes = []
        for r in range(args.rounds):
            for k, cmd in runs.items():
                t, m, status = measure(cmd)
                if status not in (0, 2):
                    print("error: %s exited %d" % (k, status), file=sys.stderr)
                    return 1
                results[k].append(t)
                rss[k].append(m)
            t, m, status = measure(loop)
            if status != 0:
                print("error: the migration-check loop failed", file=sys.stderr)
                return 1
            loopTimes.append(t / args.loop_cells)

        print("| run | CPU time (median of %d) | peak RSS |" % args.rounds)
        print("|---|---|---|")
        for k in runs:
            print("| %s | %.2f s | %.1f MiB |" % (k, statistics.median(results[k]),
                                                 statistics.median(rss[k]) / 1024))
        cells = mh * mg
        fleetCell = statistics.median(results[key]) / cells
        loopCell = statistics.median(loopTimes)
        print()
        print("| per cell | hostrec fleet (%dx%d) | migration-check loop | ratio |" % (mh, mg))
        print("|---|---|---|---|")
        print("| CPU time | %.2f us | %.1f ms | %.0fx |" % (fleetCell * 1e6, loopCell * 1e3,
                                                        loopCell / fleetCell))
    finally:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
