#!/usr/bin/env python3
"""The fleet-wide host-model baseline of 'hostrec fleet' against QEMU's own.

    fleetbaselinetest.py HOSTREC SRCROOT

For each live QEMU (HOSTREC_TEST_QEMU72 or qemu-system-s390x in PATH,
HOSTREC_TEST_QEMU10): 'hostrec fleet --emulatorbin QEMU' computes the
baseline of the hosts' host-model CPUs offline from that QEMU's per-model
feature sets; 'hostrec hypervisor-cpu-baseline --live' folds QEMU's own
query-cpu-model-baseline over the same host-model CPUs (each host's
'domcapabilities', replayed).  The two must name the same model and the
same features.  Hosts are those whose features the QEMU knows.  TAP
output; a missing QEMU or fixtures folder is a visible SKIP.

Each case probes the model table of its QEMU anew (--no-cache) in the
full run (HOSTREC_TEST_SLOW=1, meson's suite 'slow'); a default run
probes QEMU 7.2's once, into a cache that its two fleets and the case of
a host's cache file share: every comparison is made, two probes fewer
(the case of a cached table checks that a warm table gives the cold
result).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from tap import notok, ok, skip
import tap


def run(hostrec, root, args, statuses=(0,), env=None, stderr=None):
    p = subprocess.run([hostrec] + args, cwd=root, capture_output=True, env=env)
    if p.returncode not in statuses:
        raise ValueError("%s: exit %d: %s" % (" ".join(args), p.returncode,
                                              p.stderr.decode(errors="replace")))
    if stderr is not None:
        stderr.append(p.stderr.decode(errors="replace"))
    return p.stdout.decode()


def cached_table(hostrec, root, work, q72, hosts):
    """'fleet --emulatorbin' with the model table in the binary's cache
    entry starts no QEMU, and gives the baseline of a cold run; a damaged
    entry costs one warning and a new probe, so does a FIFO in its
    place.  QEMU is a wrapper that logs
    each start and then execs QEMU 7.2 (the cache entry is the
    wrapper's)."""
    log = os.path.join(work, "starts.log")
    wrapper = os.path.join(work, "qemu-logged")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\necho start >> '%s'\nexec '%s' \"$@\"\n" % (log, q72))
    os.chmod(wrapper, 0o755)
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache-logged"))
    args = ["fleet", "--json", "--no-progress", "--emulatorbin", wrapper]
    for h in hosts:
        args += ["--host", h]

    def fleet():
        open(log, "w").close()
        errs = []
        base = json.loads(run(hostrec, root, args, (0, 2), env, errs))["baseline"]
        with open(log) as f:
            return base, len(f.read().splitlines()), errs[0]

    cold, starts, _ = fleet()
    if cold["host-model"] is None:
        raise ValueError("no baseline: %s" % cold["reason"])
    if starts == 0:
        raise ValueError("the cold run started no QEMU")
    warm, starts, _ = fleet()
    if starts:
        raise ValueError("the warm run started QEMU %d times" % starts)
    if warm != cold:
        raise ValueError("warm %s\ncold %s" % (warm, cold))

    cdir = os.path.join(work, "cache-logged", "hostrec")
    for f in os.listdir(cdir):
        with open(os.path.join(cdir, f), "w") as out:
            out.write("<qemuCaps><cpuModelTable")
    damaged, starts, errs = fleet()
    if errs.count("was damaged and has been removed, probing") != 1 or not starts:
        raise ValueError("a damaged entry: %d starts, stderr %r" % (starts, errs))
    if damaged != cold:
        raise ValueError("after a damaged entry %s\ncold %s" % (damaged, cold))
    _, starts, _ = fleet()
    if starts:
        raise ValueError("the entry written after the damaged one is not used")

    # an entry that is not a regular file is not read, nor replaced, and
    # said once
    for f in os.listdir(cdir):
        os.unlink(os.path.join(cdir, f))
        os.mkfifo(os.path.join(cdir, f))
    fifo, starts, errs = fleet()
    if errs.count("not a regular file") != 1 or not starts:
        raise ValueError("a FIFO as the entry: %d starts, stderr %r" % (starts, errs))
    if fifo != cold:
        raise ValueError("with a FIFO as the entry %s\ncold %s" % (fifo, cold))


def cpu_of(xml):
    cpu = ET.fromstring(xml)
    feats = {(f.get("name"), f.get("policy", "require")) for f in cpu.findall("feature")}
    return cpu.findtext("model"), feats


def main():
    hostrec, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    own = "tests/qemucapabilitiesdata/"
    g16 = own + "qemu_9.1.0-gen16a_s390x_kvm.replies"
    g17 = own + "qemu_9.1.0-gen17like_s390x_kvm.replies"
    fix = "../shared/fixtures/qemu-replies/"
    have_fix = os.path.isdir(os.path.join(root, fix))

    q72 = os.environ.get("HOSTREC_TEST_QEMU72") or shutil.which("qemu-system-s390x")
    q10 = os.environ.get("HOSTREC_TEST_QEMU10")
    cases = [
        ("QEMU 7.2: this project's gen16a hosts", q72, [g16, g17], False),
        ("QEMU 7.2: gen15a (libvirt's 8.2) with gen16a hosts", q72,
         [fix + "caps_8.2.0_s390x.cpu.replies", g16, g17], True),
        ("QEMU 10.0: libvirt's 8.2, 9.1, 10.0 and this project's hosts", q10,
         [fix + "caps_8.2.0_s390x.cpu.replies", fix + "caps_9.1.0_s390x.cpu.replies",
          fix + "caps_10.0.0_s390x.cpu.replies", g16, g17], True),
    ]

    slow = os.environ.get("HOSTREC_TEST_SLOW") == "1"
    work = tempfile.mkdtemp(prefix="hostrec-fleetbaselinetest-")
    shared = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    try:
        for name, qemu, hosts, needs_fix in cases:
            if not qemu:
                skip(name, "no such QEMU (-Dqemu72/-Dqemu10)")
                continue
            if needs_fix and not have_fix:
                skip(name, "../shared/fixtures is absent")
                continue
            try:
                args = ["fleet", "--json", "--no-progress", "--emulatorbin", qemu]
                env = None
                if slow or qemu != q72:
                    args.append("--no-cache")
                else:
                    env = shared
                for h in hosts:
                    args += ["--host", h]
                doc = json.loads(run(hostrec, root, args, env=env))
                base = doc["baseline"]
                if base["host-model"] is None:
                    raise ValueError("no baseline: %s" % base["reason"])

                inputs = os.path.join(work, "hosts.xml")
                with open(inputs, "w") as f:
                    for h in hosts:
                        f.write(run(hostrec, root, ["domcapabilities", "--replay", h]))
                live = run(hostrec, root, ["hypervisor-cpu-baseline", "--live", "--no-cache",
                                           "--emulatorbin", qemu, inputs])
                want, got = cpu_of(live), cpu_of(base["host-model"])
                if want != got:
                    raise ValueError("QEMU: %s %s\nfleet: %s %s\nonly QEMU: %s\nonly fleet: %s" %
                                     (want[0], sorted(want[1]), got[0], sorted(got[1]),
                                      sorted(want[1] - got[1]), sorted(got[1] - want[1])))
                # host-recommended: the same CPU, the union of the hosts'
                # deprecated features off, nothing else changed
                if base["host-recommended"] is not None:
                    hr = cpu_of(base["host-recommended"])
                    changed = {f for f, p in got[1]} ^ {f for f, p in hr[1] if p == "require"}
                    if hr[0] != got[0] or not changed or \
                            changed != {f for f, p in hr[1] if p == "disable"}:
                        raise ValueError("host-recommended %s is not host-model %s with "
                                         "features disabled" % (sorted(hr[1]), sorted(got[1])))
                ok(name)
            except (ValueError, KeyError, ET.ParseError, json.JSONDecodeError) as e:
                notok(name, e)

        # a host input that holds the model table: a cache file of QEMU
        # 7.2 (TCG) written by an offline baseline, as the host of a TCG
        # guest; no --replay, no --emulatorbin
        name = "the model table of a host's cache file"
        table_host = None
        if not q72:
            skip(name, "no QEMU 7.2")
        else:
            try:
                p = subprocess.run([hostrec, "hypervisor-cpu-baseline", "--offline",
                                    "--emulatorbin", q72, "tests/cputestdata/baseline-z13-z14.xml"],
                                   cwd=root, env=shared, capture_output=True)
                if p.returncode != 0:
                    raise ValueError("baseline: %s" % p.stderr.decode(errors="replace"))
                cdir = os.path.join(work, "cache", "hostrec")
                files = [os.path.join(cdir, f) for f in os.listdir(cdir)] if os.path.isdir(cdir) else []
                if not files:
                    raise FileNotFoundError("no cache file")
                if len(files) != 1:
                    raise ValueError("%d cache files" % len(files))
                guest = os.path.join(work, "tcg-z14.xml")
                with open(os.path.join(root, "tests/fleettestdata/custom-z14.xml")) as f:
                    text = f.read().replace("type='kvm'", "type='qemu'")
                with open(guest, "w") as f:
                    f.write(text)
                doc = json.loads(run(hostrec, root, ["fleet", "--json", "--no-progress",
                                                     "--host", files[0], "--guest", guest],
                                     (0, 2)))
                base = doc["baseline"]
                if "cpuModelTable" not in open(files[0]).read():
                    skip(name, "the cache file holds no model table")
                elif base["host-model"] is None or files[0] not in (base["model-table"] or ""):
                    raise ValueError("no baseline from the host's table: %s" % base["reason"])
                else:
                    caps = os.path.join(work, "tcg-domcaps.xml")
                    with open(caps, "w") as f:
                        f.write(run(hostrec, root, ["domcapabilities", "--no-cache",
                                                    "--emulatorbin", q72, "--virttype", "qemu"]))
                    want = cpu_of(run(hostrec, root, ["hypervisor-cpu-baseline", "--live",
                                                      "--no-cache", "--emulatorbin", q72,
                                                      "--virttype", "qemu", caps]))
                    got = cpu_of(base["host-model"])
                    if want != got:
                        raise ValueError("QEMU: %s\nfleet: %s" % (want, got))
                    table_host = (files[0], guest)
                    ok(name)
            except FileNotFoundError:
                skip(name, "hypervisor-cpu-baseline keeps no model table in the cache")
            except (ValueError, KeyError, OSError, json.JSONDecodeError) as e:
                notok(name, e)

        # the text names the host whose table it used: a file name from a
        # directory, escaped where it leaves like every other name
        name = "the name of the host with the model table is escaped in the text"
        if not table_host:
            skip(name, "no host cache file with a model table (see the case before)")
        else:
            try:
                hdir = os.path.join(work, "hostile")
                os.mkdir(hdir)
                shutil.copy(table_host[0], os.path.join(hdir, "h\nFleet-wide host-model baseline (fake):"))
                out = run(hostrec, root, ["fleet", "--no-progress", "--host", hdir,
                                          "--guest", table_host[1]], (0, 2))
                if any(line.startswith("Fleet-wide host-model baseline (fake)")
                       for line in out.splitlines()):
                    raise ValueError("a line of the output comes from a file name:\n%s" % out)
                if "h\\nFleet-wide host-model baseline (fake):'" not in out:
                    raise ValueError("the escaped name is not in the output:\n%s" % out)
                ok(name)
            except (ValueError, OSError) as e:
                notok(name, e)

        name = "QEMU 7.2: a cached model table starts no QEMU"
        if not q72:
            skip(name, "no QEMU 7.2")
        else:
            try:
                cached_table(hostrec, root, work, q72, [g16, g17])
                ok(name)
            except (ValueError, KeyError, OSError, json.JSONDecodeError) as e:
                notok(name, e)
    finally:
        shutil.rmtree(work)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
