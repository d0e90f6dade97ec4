#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirtdcpucheck.py - does a running libvirt guest run the CPU its
# definition says?  Asked of the guest's own QEMU, over libvirt.
#
#   libvirtdcpucheck.py [--cpu SPEC] DOMAIN VIRSH [ARG]...
#
# VIRSH [ARG]... is the virsh command line connected to the daemon
# (tests/libvirtd.sh's lvd_virsh).  It reads the live definition's <cpu>
# (virsh dumpxml --xpath //cpu: a custom CPU, as hostrec writes it), finds
# the guest's CPU objects (query-cpus-fast), and reads every feature the
# definition names off each of them with qom-get: 'require' must be on,
# 'disable' off.  Then it asks the same QEMU to expand the model the
# definition names with those features (query-cpu-model-expansion, type
# full), checks that the expansion agrees, and reads every feature QEMU
# lists in deprecated-props off the guest's CPUs too.
#
# Prints "features N", "deprecated A B ..." (QEMU's list, in its order;
# empty when QEMU reports none) and, for each deprecated feature, "off
# NAME" or "on NAME" as the guest has it; exits 1 with "error: ..." lines
# when the guest's CPU and its definition disagree, 2 when it cannot ask.
#
# With --cpu SPEC (a -cpu value, MODEL,NAME=on|off,..., as hostrec
# domxml-to-native prints it) it checks the guest against SPEC as well:
# the definition names SPEC's model and the same features with the same
# values, the guest's CPU objects are of that model's QOM type, and every
# property of QEMU's full expansion of SPEC (not only those SPEC lists)
# has on the guest's CPUs the value of that expansion.  It then prints
# "guest MODEL NAME=on|off ..." too: every property of that expansion as
# read off the guest, by name, to compare guests with each other.

import json
import subprocess
import sys
import xml.etree.ElementTree as ET


def virsh(base, *args):
    r = subprocess.run(base + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        print("error: %s: %s" % (" ".join(args[:1]), r.stderr.strip()))
        sys.exit(2)
    return r.stdout


def qmp(base, dom, command, arguments=None):
    msg = {"execute": command}
    if arguments is not None:
        msg["arguments"] = arguments
    reply = json.loads(virsh(base, "qemu-monitor-command", dom, json.dumps(msg)))
    if "return" not in reply:
        print("error: %s: %s" % (command, json.dumps(reply.get("error"))))
        sys.exit(2)
    return reply["return"]


def onoff(value):
    return {True: "on", False: "off"}.get(value, "absent")


def parse_spec(spec):
    model, *props = spec.split(",")
    want = {}
    for p in props:
        name, _, value = p.partition("=")
        if value not in ("on", "off"):
            print("error: --cpu: '%s' is not NAME=on|off" % p)
            sys.exit(2)
        want[name] = value == "on"
    return model, want


def main():
    args = sys.argv[1:]
    spec = None
    if args[:1] == ["--cpu"] and len(args) > 1:
        spec = parse_spec(args[1])
        args = args[2:]
    if len(args) < 2:
        print("usage: libvirtdcpucheck.py [--cpu SPEC] DOMAIN VIRSH [ARG]...", file=sys.stderr)
        return 2
    dom = args[0]
    base = args[1:]

    cpu = ET.fromstring(virsh(base, "dumpxml", dom, "--xpath", "//cpu"))
    if cpu.get("mode") not in (None, "custom"):
        print("error: the guest's CPU is mode '%s', not an explicit CPU" % cpu.get("mode"))
        return 1
    model = cpu.findtext("model")
    if not model:
        print("error: the guest's CPU names no model")
        return 1
    want = {}
    for f in cpu.findall("feature"):
        pol = f.get("policy", "require")
        want[f.get("name")] = pol in ("require", "force")

    paths = [c["qom-path"] for c in qmp(base, dom, "query-cpus-fast")]
    if not paths:
        print("error: the guest has no CPU")
        return 1

    def guest(name):
        vals = {qmp(base, dom, "qom-get", {"path": p, "property": name}) for p in paths}
        if len(vals) != 1:
            print("error: the guest's CPUs disagree on '%s'" % name)
            sys.exit(1)
        return vals.pop()

    bad = 0
    for name, on in want.items():
        have = guest(name)
        if have is not on:
            print("error: the definition has '%s' %s, the guest's CPU %s" %
                  (name, "on" if on else "off", "on" if have else "off"))
            bad += 1

    exp = qmp(base, dom, "query-cpu-model-expansion",
              {"type": "full", "model": {"name": model, "props": want}})
    props = exp["model"].get("props", {})
    for name, on in want.items():
        if props.get(name) is not on:
            print("error: QEMU expands '%s' with '%s' %s, the definition says %s" %
                  (model, name, props.get(name), on))
            bad += 1
    deprecated = exp.get("deprecated-props", [])

    read = {}
    if spec is not None:
        smodel, sprops = spec
        if smodel != model:
            print("error: the definition's CPU model is '%s', --cpu's '%s'" % (model, smodel))
            bad += 1
        for name in sorted(set(want) | set(sprops)):
            if want.get(name) is not sprops.get(name):
                print("error: the definition has '%s' %s, --cpu %s" %
                      (name, onoff(want.get(name)), onoff(sprops.get(name))))
                bad += 1
        types = {qmp(base, dom, "qom-get", {"path": p, "property": "type"}) for p in paths}
        if types != {smodel + "-s390x-cpu"}:
            print("error: the guest's CPU objects are %s, not %s-s390x-cpu" %
                  (" ".join(sorted(types)), smodel))
            bad += 1
        full = qmp(base, dom, "query-cpu-model-expansion",
                   {"type": "full", "model": {"name": smodel, "props": sprops}})
        for name, value in sorted(full["model"].get("props", {}).items()):
            if not isinstance(value, bool):
                continue
            read[name] = guest(name)
            if read[name] is not value:
                print("error: QEMU expands --cpu with '%s' %s, the guest's CPU has it %s" %
                      (name, onoff(value), onoff(read[name])))
                bad += 1

    print("features %d" % len(want))
    print("deprecated %s" % " ".join(deprecated))
    for name in deprecated:
        print("%s %s" % ("on" if guest(name) else "off", name))
    if spec is not None:
        print("guest %s %s" % (model, " ".join(
            "%s=%s" % (n, "on" if v else "off") for n, v in sorted(read.items()))))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
