#!/usr/bin/env python3
"""Side-by-side measurements of hostrec, QEMU's own start-up and libvirt 9.0.

Every figure in the table is taken in this one run, on this machine, so the
ratios compare like with like.  Nothing here is a pass/fail test: the goals
are printed beside the measurements for a human to read.

Usage: bench/run.sh [--libvirt] [--repeat N] [--scaling [--rounds N]]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
QEMU = "/usr/bin/qemu-system-s390x"


def median_time(argv, repeat, env=None, setup=None, ok_codes=(0,)):
    """Median wall time of argv over repeat runs, in seconds."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = time.perf_counter()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        t1 = time.perf_counter()
        if r.returncode not in ok_codes:
            raise RuntimeError("%s failed: %s" % (" ".join(argv), r.stderr.decode().strip()))
        times.append(t1 - t0)
    return statistics.median(times)


def peak_rss_kib(argv, env=None):
    """Peak resident set size of one run, from GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=env)
    last = r.stderr.decode().strip().splitlines()[-1]
    return int(last)


def callgrind_instructions(argv, env=None):
    """Instructions executed by one run, counted by callgrind."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        m = re.search(r"Collected : (\d+)", r.stderr.decode())
        return int(m.group(1)) if m else None


def qemu_greeting_time(repeat):
    """QEMU's own floor: from exec to the QMP greeting, started as the
    probe starts it (QMP on an inherited, already connected socket)."""
    times = []
    for _ in range(repeat):
        ours, theirs = socket.socketpair()
        t0 = time.perf_counter()
        p = subprocess.Popen([QEMU, "-S", "-no-user-config", "-nodefaults", "-nographic",
                              "-machine", "none,accel=tcg",
                              "-chardev", "socket,id=qmp,fd=%d,server=off" % theirs.fileno(),
                              "-mon", "chardev=qmp,mode=control"],
                             pass_fds=(theirs.fileno(),),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        theirs.close()
        try:
            buf = b""
            while b"\n" not in buf:
                data = ours.recv(4096)
                if not data:
                    raise RuntimeError("QEMU exited before its greeting")
                buf += data
            t1 = time.perf_counter()
            times.append(t1 - t0)
            ours.sendall(b'{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n')
            ours.close()
        finally:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    return statistics.median(times)


def libvirt_timings(repeat, outdir):
    """Run Debian's libvirt 9.0 through ../shared/tools/libvirt-anchor.sh."""
    script = os.path.join(TOP, "..", "shared", "tools", "libvirt-anchor.sh")
    if not os.path.exists(script):
        return None, "../shared/tools/libvirt-anchor.sh is absent"
    r = subprocess.run(["bash", script, "--repeat", str(repeat), "--outdir", outdir],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = r.stdout.decode(errors="replace")
    res = {}
    for m in re.finditer(r"^----- (\S+) timings: (.*)$", text, re.M):
        res[m.group(1)] = [float(x) for x in re.findall(r"([0-9.]+)s\(rc=\d+\)", m.group(2))]
    if not res:
        return None, "libvirt-anchor.sh printed no timings"
    return res, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--libvirt", action="store_true",
                    help="also run Debian's libvirt 9.0 side by side (installs it)")
    ap.add_argument("--scaling", action="store_true",
                    help="only the scaling table: time and peak RSS against input size")
    ap.add_argument("--rounds", type=int, default=3,
                    help="rounds of the scaling table (median)")
    args = ap.parse_args()

    tool = os.path.join(args.build, "tools", "hostrec")
    if not os.access(tool, os.X_OK):
        sys.exit("error: build hostrec first (%s is missing)" % tool)
    if args.scaling:
        import scaling
        print("hostrec scaling, %s, %d rounds (median)\n"
              % (time.strftime("%Y-%m-%d"), args.rounds))
        scaling.print_scaling(tool, args.rounds)
        return
    if not os.access(QEMU, os.X_OK):
        sys.exit("error: %s is missing: apt-get install qemu-system-misc" % QEMU)

    cache = tempfile.mkdtemp(prefix="hostrec-bench-cache-")
    env = dict(os.environ, XDG_CACHE_HOME=cache, LC_ALL="C")
    work = tempfile.mkdtemp(prefix="hostrec-bench-")
    domain = os.path.join(work, "custom.xml")
    with open(domain, "w") as f:
        f.write("""<domain type='qemu'>
  <name>bench</name>
  <memory unit='MiB'>256</memory>
  <os><type arch='s390x' machine='s390-ccw-virtio'>hvm</type></os>
  <cpu mode='custom' match='exact'><model>z14</model><feature policy='disable' name='csske'/></cpu>
  <devices><emulator>%s</emulator></devices>
</domain>
""" % QEMU)
    cpus = os.path.join(work, "cpus.xml")
    with open(cpus, "w") as f:
        f.write("<cpu><model>z13</model></cpu>\n<cpu><model>z14</model></cpu>\n")
    # A fleet: 1,000 definitions of 8 distinct CPUs, as an inventory
    # export would list them, host by host.
    fleet = os.path.join(work, "fleet.xml")
    kinds = ["<cpu><model>%s</model></cpu>" % m
             for m in ("z13", "z14", "z13s", "z14ZR1", "z13.2", "zEC12", "z196", "gen15a")]
    with open(fleet, "w") as f:
        for i in range(1000):
            f.write(kinds[(i * 7) % len(kinds)] + "\n")

    R = args.repeat
    rows = []

    def clear_cache():
        shutil.rmtree(os.path.join(cache, "hostrec"), ignore_errors=True)

    t_version = median_time([tool, "--version"], R, env)
    t_floor = qemu_greeting_time(R)
    domcaps = [tool, "domcapabilities", "--emulatorbin", QEMU, "--arch", "s390x",
               "--virttype", "qemu", "--machine", "s390-ccw-virtio"]
    t_cold = median_time(domcaps, max(3, R // 3), env, setup=clear_cache)
    subprocess.run(domcaps, env=env, stdout=subprocess.DEVNULL, check=True)
    t_warm = median_time(domcaps, R, env)
    native = [tool, "domxml-to-native", "qemu-argv", domain]
    t_native = median_time(native, R, env)
    baseline = [tool, "hypervisor-cpu-baseline", cpus, "--emulatorbin", QEMU,
                "--arch", "s390x", "--virttype", "qemu"]
    fleet_cmd = [tool, "hypervisor-cpu-baseline", fleet, "--emulatorbin", QEMU,
                 "--arch", "s390x", "--virttype", "qemu"]
    try:
        t_base = median_time(baseline, max(3, R // 3), env)
        t_fleet = median_time(fleet_cmd, max(3, R // 3), env)
    except RuntimeError:
        t_base = t_fleet = None

    lv, lv_why = (None, "not asked for (--libvirt)")
    if args.libvirt:
        lv, lv_why = libvirt_timings(max(3, R // 3), os.path.join(work, "libvirt"))

    def lvget(name, first):
        if not lv or name not in lv or not lv[name]:
            return None
        v = lv[name]
        return v[0] if first else statistics.median(v[1:] or v)

    def ms(x):
        return "%.1f ms" % (x * 1000) if x is not None else "n/a"

    def ratio(a, b):
        return "%.2f" % (a / b) if a is not None and b else "n/a"

    print("hostrec benchmark, %s, %d runs per figure (median)\n" % (time.strftime("%Y-%m-%d"), R))
    print("| what | hostrec | reference | ratio | goal |")
    print("|---|---|---|---|---|")
    print("| process start (`hostrec --version`) | %s | | | |" % ms(t_version))
    print("| QEMU start to QMP greeting (floor) | | %s | | |" % ms(t_floor))
    print("| cold probe (domcapabilities, empty cache) vs floor | %s | %s | %s | <= 3 |"
          % (ms(t_cold), ms(t_floor), ratio(t_cold, t_floor)))
    lv_cold = lvget("domcapabilities", True)
    print("| libvirt 9.0 cold probe vs floor | | %s | %s | (~16) |"
          % (ms(lv_cold), ratio(lv_cold, t_floor)))
    print("| warm domcapabilities vs process start | %s | %s | %s | <= 3 |"
          % (ms(t_warm), ms(t_version), ratio(t_warm, t_version)))
    print("| warm domcapabilities vs libvirt 9.0 | %s | %s | %s | |"
          % (ms(t_warm), ms(lvget("domcapabilities", False)), ratio(t_warm, lvget("domcapabilities", False))))
    print("| domxml-to-native vs process start | %s | %s | %s | <= 3 |"
          % (ms(t_native), ms(t_version), ratio(t_native, t_version)))
    lv_native = lvget("domxml-to-native-dom-custom", False)
    print("| domxml-to-native vs libvirt 9.0 | %s | %s | %s | |"
          % (ms(t_native), ms(lv_native), ratio(t_native, lv_native)))
    lv_base = lvget("hypervisor-cpu-baseline", False)
    print("| baseline of 2 CPUs vs libvirt 9.0 | %s | %s | %s | <= 0.33 |"
          % (ms(t_base), ms(lv_base), ratio(t_base, lv_base)))
    print("| baseline of 1,000 CPUs (8 distinct), one QEMU | %s | | | <= 1000 ms |" % ms(t_fleet))
    if not lv:
        print("\nlibvirt 9.0 column: %s." % lv_why)

    print("\n| command | peak RSS (goal <= 10 MiB) | instructions (callgrind) |")
    print("|---|---|---|")
    largest = None
    fx = os.path.join(TOP, "..", "shared", "fixtures", "qemu-replies")
    own = os.path.join(TOP, "tests", "qemucapabilitiesdata")
    cands = []
    for d in (fx, own):
        if os.path.isdir(d):
            cands += [os.path.join(d, f) for f in os.listdir(d) if f.endswith(".replies")]
    if cands:
        largest = max(cands, key=os.path.getsize)
    measured = [("--version", [tool, "--version"]),
                ("domcapabilities (warm cache)", domcaps),
                ("domxml-to-native (warm cache)", native)]
    if largest:
        measured.append(("domcapabilities --replay %s" % os.path.basename(largest),
                         [tool, "domcapabilities", "--replay", largest]))
    # Replayed, so that the figures are hostrec's own and not QEMU's (GNU
    # time reports the largest process of the tree).
    base_replay = os.path.join(TOP, "tests", "cputestdata", "qemu-7.2-s390x-tcg.replies")
    base_input = os.path.join(TOP, "tests", "cputestdata", "baseline-z13-z14.xml")
    if os.path.exists(base_replay):
        measured.append(("hypervisor-cpu-baseline --replay (2 CPUs)",
                         [tool, "hypervisor-cpu-baseline", base_input, "--replay", base_replay]))
    for name, argv in measured:
        rss = peak_rss_kib(argv, env)
        ins = callgrind_instructions(argv, env)
        print("| %s | %.1f MiB | %s |" % (name, rss / 1024.0,
                                           "{:,}".format(ins) if ins else "n/a"))

    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
