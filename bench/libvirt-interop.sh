#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirt-interop.sh: does a stock libvirt accept what 'hostrec domxml-expand'
# writes, and does it build the same -cpu from it?
#
# For each TCG domain below, hostrec expands the guest CPU with Debian's
# qemu-system-s390x, then Debian's libvirt 9.0 (run by
# ../shared/tools/libvirt-anchor.sh, see ../shared/tools/README.md) turns the
# expanded XML into a command line with 'virsh domxml-to-native qemu-argv'.
# The check passes when libvirt accepts every document and its -cpu equals
# hostrec's own 'domxml-to-native' -cpu.
#
# Not part of the default test suite: it installs Debian packages and starts
# libvirtd.  It skips (exit 77, with the reason) when the anchor script or
# the QEMU binary is missing.
#
# Usage: bench/libvirt-interop.sh [HOSTREC]   (run from the project root;
#        HOSTREC defaults to build/tools/hostrec)

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ANCHOR="$ROOT/../shared/tools/libvirt-anchor.sh"
HOSTREC=${1:-$ROOT/build/tools/hostrec}
QEMU=/usr/bin/qemu-system-s390x
DOMAINS="expand-tcg-host-model expand-tcg-custom expand-tcg-custom-usable expand-tcg-maximum"

skip() {
    echo "SKIP: $*"
    exit 77
}

[ -f "$ANCHOR" ] || skip "libvirt anchor script not found (../shared/tools/libvirt-anchor.sh)"
[ -x "$QEMU" ] || skip "$QEMU is not installed"
[ -x "$HOSTREC" ] || skip "hostrec is not built at $HOSTREC (pass its path)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostrec-interop-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

args=()
for d in $DOMAINS; do
    in="$ROOT/tests/qemuxmlconfdata/$d.xml"
    if ! "$HOSTREC" domxml-expand "$in" --emulatorbin "$QEMU" > "$WORK/$d.xml" 2>"$WORK/$d.expand.err"; then
        echo "FAIL: hostrec domxml-expand $d: $(cat "$WORK/$d.expand.err")"
        exit 1
    fi
    "$HOSTREC" domxml-to-native qemu-argv "$in" --emulatorbin "$QEMU" 2>/dev/null \
        | grep -o -- '-cpu [^ ]*' > "$WORK/$d.hostrec-cpu"
    args+=(--domain "$WORK/$d.xml")
done

if ! bash "$ANCHOR" "${args[@]}" --emulator "$QEMU" --arch s390x --virttype qemu \
        --machine s390-ccw-virtio --outdir "$WORK/libvirt" > "$WORK/anchor.log" 2>&1; then
    if grep -qi "apt\|install\|not found" "$WORK/anchor.log"; then
        skip "libvirt could not be set up here: $(tail -1 "$WORK/anchor.log")"
    fi
    echo "FAIL: libvirt-anchor.sh failed:"
    tail -20 "$WORK/anchor.log"
    exit 1
fi

fail=0
for d in $DOMAINS; do
    # The anchor saves each domxml-to-native output under --outdir; find the
    # one of this domain by its name.
    out=$(grep -l -- "guest=$d[, ]" "$WORK"/libvirt/* 2>/dev/null | head -1)
    if [ -z "$out" ]; then
        echo "FAIL: $d: libvirt produced no command line (rejected the expanded XML?)"
        grep -A3 -- "$d" "$WORK/anchor.log" | head -8
        fail=1
        continue
    fi
    lv=$(grep -o -- '-cpu [^ ]*' "$out")
    hr=$(cat "$WORK/$d.hostrec-cpu")
    if [ "$lv" = "$hr" ]; then
        echo "ok: $d: libvirt 9.0 accepts the expanded XML; same $hr"
    else
        echo "FAIL: $d: libvirt '$lv' != hostrec '$hr'"
        fail=1
    fi
done
exit $fail
