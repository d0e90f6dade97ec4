#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Derive the synthesised KVM-host recordings from real QEMU 7.2 output.

Inputs (both recorded from Debian's qemu-system-s390x 7.2 under TCG, see
README.md):

  qemu_7.2.0_s390x_tcg.replies    the probe as hostrec makes it
  raw_7.2.0_s390x_gen16a.replies  static and full expansion of model gen16a

Outputs:

  qemu_9.1.0-gen16a_s390x_kvm.replies     a z16 (gen16a) KVM host
  qemu_9.1.0-gen17like_s390x_kvm.replies  the same host without csske

Each output holds a KVM session then a TCG session, as libvirt's own
recordings do.  What is invented, and why, is said where it is done.

  synthesize.py            rewrite the outputs
  synthesize.py --check    exit 1 if an output differs from what it would be
"""

import argparse
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = "qemu_7.2.0_s390x_tcg.replies"
RAW = "raw_7.2.0_s390x_gen16a.replies"

# What QEMU >= 9.1 reports in "deprecated-props" on s390x, in its order
# (QEMU target/s390x/cpu_features.c, s390_get_deprecated_features; the same
# list and order appear in libvirt's caps_9.1.0/10.0.0/11.1.0_s390x
# recordings).  QEMU 7.2 does not report it, so it is added here.
DEPRECATED = ["bpb", "te", "cte", "csske"]

# A real z16 host has bpb and csske, which QEMU's gen16a model leaves off by
# default (libvirt's caps_9.1.0_s390x recording of a gen16a host: its
# static "host" expansion has both true).
GEN16A_HOST_EXTRA = ["bpb", "csske"]

SYNTH_VERSION = {"micro": 0, "minor": 1, "major": 9}


def load(name):
    """The objects of a .replies file, in order."""
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        text = f.read()
    dec = json.JSONDecoder()
    objs = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return objs
        obj, pos = dec.raw_decode(text, pos)
        objs.append(obj)


def sessions(objs):
    """[[(command, reply), ...], ...], one list per QEMU session."""
    out = []
    for cmd, reply in zip(objs[0::2], objs[1::2]):
        if cmd["id"] != reply["id"]:
            raise ValueError("unpaired exchange %s" % cmd["id"])
        if cmd["execute"] == "qmp_capabilities":
            out.append([])
        out[-1].append((cmd, reply))
    return out


def find(session, execute, args=None):
    """The "return" of the exchange with this command and arguments."""
    for cmd, reply in session:
        if cmd["execute"] == execute and cmd.get("arguments") == args:
            return copy.deepcopy(reply["return"])
    raise KeyError("%s %s not recorded" % (execute, json.dumps(args)))


def expansion_args(kind, model):
    return {"type": kind, "model": {"name": model}}


def with_deprecated(ret, deprecated):
    """An expansion reply as QEMU >= 9.1 gives it: deprecated-props first."""
    out = {"deprecated-props": deprecated}
    out.update(ret)
    return out


def static_deprecated(ret):
    """QEMU lists, for a static expansion, the deprecated features the
    model has."""
    props = ret["model"].get("props", {})
    return [f for f in DEPRECATED if props.get(f) is True]


def format_session(exchanges):
    """libvirt's .replies text: 2-space JSON, one blank line between."""
    parts = []
    for n, (execute, args, ret) in enumerate(
            [("qmp_capabilities", None, {})] + exchanges, start=1):
        cmd = {"execute": execute}
        if args is not None:
            cmd["arguments"] = args
        cmd["id"] = "libvirt-%d" % n
        parts.append(json.dumps(cmd, indent=2))
        parts.append(json.dumps({"return": ret, "id": "libvirt-%d" % n}, indent=2))
    return parts


def tcg_session(real):
    """The real 7.2 TCG session, with deprecated-props as 9.1 adds them."""
    ex = [("query-machines", None, find(real, "query-machines")),
          ("query-cpu-definitions", None, find(real, "query-cpu-definitions"))]
    for kind in ("static", "full"):
        ret = find(real, "query-cpu-model-expansion", expansion_args(kind, "max"))
        dep = static_deprecated(ret) if kind == "static" else list(DEPRECATED)
        ex.append(("query-cpu-model-expansion", expansion_args(kind, "max"),
                   with_deprecated(ret, dep)))
    return ex


def host_expansions(raw, drop):
    """Static and full expansion of "host" on a gen16a host: QEMU 7.2's
    gen16a model plus GEN16A_HOST_EXTRA, minus the features in @drop
    (absent from the static expansion, false in the full one)."""
    static = find(raw, "query-cpu-model-expansion", expansion_args("static", "gen16a"))
    full = find(raw, "query-cpu-model-expansion", expansion_args("full", "gen16a"))

    sprops = static["model"]["props"]
    fprops = full["model"]["props"]
    for f in GEN16A_HOST_EXTRA:
        sprops[f] = True
        fprops[f] = True
    for f in drop:
        sprops.pop(f, None)
        fprops[f] = False

    static = with_deprecated(static, static_deprecated(static))
    full = with_deprecated(full, list(DEPRECATED))
    return static, full


def kvm_definitions(real, drop):
    """The real 7.2 model list as a KVM host reports it.  QEMU 7.2's TCG
    "max" lacks csske, so a model lists csske among its real TCG
    unavailable-features exactly when the model has csske.  On the gen16a
    host every model is usable (as on libvirt's caps_9.1.0 gen16a host);
    on a host without the features in @drop, the models that have them
    are blocked by them.  KVM also lists "host"."""
    defs = find(real, "query-cpu-definitions")
    for d in defs:
        d["unavailable-features"] = [f for f in drop
                                     if f in d["unavailable-features"]]
    defs.append({"name": "host", "typename": "host-s390x-cpu",
                 "unavailable-features": [], "static": False,
                 "migration-safe": False, "deprecated": False})
    return defs


def kvm_machines(real):
    """The real 7.2 machine list as a KVM host reports it: under KVM, QEMU
    makes "host" the default CPU of every s390x machine (QEMU
    target/s390x/kvm/kvm.c, kvm_arch_init(), sets the machine class's
    default_cpu_type to the host CPU type), so "default-cpu-type" is
    host-s390x-cpu there, as libvirt's caps_9.1.0 and caps_10.0.0 KVM
    sessions show it.  7.2 under TCG says qemu-s390x-cpu."""
    machines = find(real, "query-machines")
    for m in machines:
        if "default-cpu-type" in m:
            m["default-cpu-type"] = "host-s390x-cpu"
    return machines


def kvm_session(real, raw, drop):
    version = find(real, "query-version")
    version["qemu"] = dict(SYNTH_VERSION)
    version["package"] = "synthesised by hostrec from " + version.get("package", "")
    static, full = host_expansions(raw, drop)
    return [("query-version", None, version),
            ("query-target", None, find(real, "query-target")),
            ("query-kvm", None, {"enabled": True, "present": True}),
            ("query-machines", None, kvm_machines(real)),
            ("query-cpu-definitions", None, kvm_definitions(real, drop)),
            ("query-cpu-model-expansion", expansion_args("static", "host"), static),
            ("query-cpu-model-expansion", expansion_args("full", "host"), full)]


OUTPUTS = {
    "qemu_9.1.0-gen16a_s390x_kvm.replies": [],
    "qemu_9.1.0-gen17like_s390x_kvm.replies": ["csske"],
}


def build(drop):
    real = sessions(load(REAL))[0]
    raw = sessions(load(RAW))[0]
    parts = format_session(kvm_session(real, raw, drop))
    parts += format_session(tcg_session(real))
    return "\n\n".join(parts) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare the outputs with what they would be")
    opts = parser.parse_args()

    stale = []
    for name, drop in OUTPUTS.items():
        text = build(drop)
        path = os.path.join(HERE, name)
        if opts.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    for name in stale:
        print("%s is not what synthesize.py makes" % name, file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
