#!/bin/sh
# Build the seed corpora fuzz/corpus/TARGET/ from the test data.
#
#   fuzz/seed.sh [CORPUSDIR]      (default: fuzz/corpus beside this script)
#
# Seeds are made at run time and never committed (fuzz/corpus is ignored
# by git).  Existing corpus files are kept: run it again to add new test
# data to a corpus that a long run has grown.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
tests="$top/tests"
corpus=${1:-"$here/corpus"}

seed() {
    # seed TARGET FILE...: copy each file under a name made from its path
    target=$1
    shift
    mkdir -p "$corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        name=$(printf '%s' "${f#"$top"/}" | tr '/' '_')
        cp "$f" "$corpus/$target/$name"
    done
}

# Domain and CPU XML: every domain document of the tests.
seed fuzz_domainxml $(grep -rl --include='*.xml' '<domain' "$tests" "$top/examples" 2>/dev/null || true)

# Baseline and compare inputs: the CPU documents of cputestdata.
seed fuzz_cpuinput "$tests"/cputestdata/baseline-*.xml "$tests"/cputestdata/compare-*.xml \
    "$tests"/cputestdata/err-*.xml

# Cache files: the golden capabilities of tests/qemucapabilitiesdata.
seed fuzz_capscache $(grep -rl --include='*.xml' '<qemuCaps' "$tests" 2>/dev/null || true)

# ... and small versions of them: the full files are 100-150 KiB, which
# holds a run to about a hundred inputs a second.  Keeping three children
# of each kind per element leaves a consistent cache file of a few KiB,
# so the target can run fast with -max_len=8192 and still get past the
# loader's checks.
python3 - "$corpus/fuzz_capscache" <<'PY'
import os
import sys
import xml.etree.ElementTree as ET

out = sys.argv[1]
for name in sorted(os.listdir(out)):
    if name.startswith("small-"):
        continue
    try:
        root = ET.parse(os.path.join(out, name)).getroot()
    except (ET.ParseError, OSError):
        continue
    for parent in root.iter():
        seen = {}
        for child in list(parent):
            seen[child.tag] = seen.get(child.tag, 0) + 1
            if seen[child.tag] > 3:
                parent.remove(child)
    ET.ElementTree(root).write(os.path.join(out, "small-" + name))
PY

# libvirt's domain capabilities: hostrec's own domcapabilities goldens
# have libvirt's layout (<path>, <domain>, <machine>, <arch>, <cpu> modes).
seed fuzz_libvirtcaps $(grep -rl --include='*.xml' '<domainCapabilities' "$tests" 2>/dev/null || true)

# Recordings: every .replies file.
seed fuzz_replies $(find "$tests" -name '*.replies' | sort)

# QMP messages: each JSON object of the recordings on one line, as QEMU
# sends them, plus a greeting and an event.
mkdir -p "$corpus/fuzz_qmpreply"
python3 - "$corpus/fuzz_qmpreply" $(find "$tests" -name '*.replies' | sort) <<'PY'
import hashlib
import json
import sys

out = sys.argv[1]
msgs = [
    {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7},
                         "package": ""}, "capabilities": ["oob"]}},
    {"timestamp": {"seconds": 1, "microseconds": 2}, "event": "RESUME"},
    {"return": {}, "id": "libvirt-1"},
    {"error": {"class": "GenericError", "desc": "nope"}, "id": "libvirt-1"},
]
dec = json.JSONDecoder()
for path in sys.argv[2:]:
    try:
        text = open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError):
        continue
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        try:
            obj, pos = dec.raw_decode(text, pos)
        except ValueError:
            break
        if isinstance(obj, dict) and ("return" in obj or "error" in obj):
            obj["id"] = "libvirt-1"   # the id the fuzz target waits for
        msgs.append(obj)
for m in msgs:
    data = json.dumps(m, separators=(",", ":")).encode()
    name = hashlib.sha1(data).hexdigest()
    with open(f"{out}/{name}", "wb") as f:
        f.write(data)
PY

for d in "$corpus"/*/; do
    echo "$(basename "$d"): $(find "$d" -type f | wc -l) seeds"
done
