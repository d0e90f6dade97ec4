#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirt11-interop.sh: does libvirt 11.3 (Debian bookworm-backports, with
# QEMU 10.0) accept what 'hostrec domxml-expand' writes on QEMU 10.0, and
# build the same -cpu from it?  Does its hypervisor-cpu-baseline agree?
#
# For each TCG domain below (host-model, host-recommended, custom, maximum),
# hostrec expands the guest CPU with QEMU 10.0 (tests/fetch-qemu10.sh), then
# libvirt 11.3, run by ../shared/tools/libvirt11-anchor.sh (see
# ../shared/tools/README.md; a private mount namespace where libvirt 11.3
# and that same QEMU 10.0 tree are overlaid on /usr), turns the expanded XML
# into a command line with 'virsh domxml-to-native qemu-argv'.  It passes
# when libvirt accepts every document and its -cpu equals hostrec's own
# 'domxml-to-native' -cpu, and when 'virsh hypervisor-cpu-baseline' of z13
# and z14 (plain and --features) equals hostrec's.
#
# libvirt 11.3 itself reports host-model unsupported for s390x under TCG on
# x86_64 (it asks QEMU for model 'host', which TCG lacks), so the host-model
# and host-recommended domains reach it only as hostrec expanded them.
#
# Not part of the test suite: it downloads packages and starts libvirtd.
# It skips (exit 77, with the reason) when the anchor script is missing.
# Needs tini and libssh-4 (.ci/run installs them) and /etc/libvirt as a
# mount point (created empty when missing; Debian's libvirt owns it).
#
# Usage: bench/libvirt11-interop.sh [HOSTREC]   (run from the project root;
#        HOSTREC defaults to build/tools/hostrec; QEMU 10.0 is fetched into
#        build-qemu10/, or $QEMU10DIR)

set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ANCHOR="$ROOT/../shared/tools/libvirt11-anchor.sh"
HOSTREC=${1:-$ROOT/build/tools/hostrec}
QEMU10DIR=${QEMU10DIR:-$ROOT/build-qemu10}
DOMAINS="expand-tcg-host-model expand-tcg-custom expand-tcg-custom-usable expand-tcg-maximum host-recommended-tcg"

skip() {
    echo "SKIP: $*"
    exit 77
}

[ -f "$ANCHOR" ] || skip "libvirt 11.3 anchor script not found (../shared/tools/libvirt11-anchor.sh)"
[ -x "$HOSTREC" ] || skip "hostrec is not built at $HOSTREC (pass its path)"
QEMU10=$("$ROOT/tests/fetch-qemu10.sh" "$QEMU10DIR") || skip "QEMU 10.0 could not be fetched"
[ -d /etc/libvirt ] || mkdir /etc/libvirt

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hostrec-interop11-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail=0
args=()
for d in $DOMAINS; do
    in="$ROOT/tests/qemuxmlconfdata/$d.xml"
    [ -f "$in" ] || in="$ROOT/examples/$d.xml"
    # inside the namespace /usr/bin/qemu-system-s390x, the domains'
    # emulator, is this same QEMU 10.0
    if ! "$HOSTREC" domxml-expand "$in" --emulatorbin "$QEMU10" > "$WORK/$d.xml" 2>"$WORK/$d.err"; then
        echo "FAIL: hostrec domxml-expand $d: $(cat "$WORK/$d.err")"
        exit 1
    fi
    "$HOSTREC" domxml-to-native qemu-argv "$in" --emulatorbin "$QEMU10" 2>/dev/null \
        | grep -o -- '-cpu [^ ]*' > "$WORK/$d.hostrec-cpu"
    args+=(--domain "$WORK/$d.xml")
done

printf '<cpu>\n  <model>z13</model>\n</cpu>\n<cpu>\n  <model>z14</model>\n</cpu>\n' > "$WORK/cpus.xml"
for f in "" --features; do
    "$HOSTREC" hypervisor-cpu-baseline "$WORK/cpus.xml" $f --emulatorbin "$QEMU10" \
        --arch s390x --virttype qemu --machine s390-ccw-virtio > "$WORK/baseline$f.hostrec" ||
        { echo "FAIL: hostrec hypervisor-cpu-baseline $f"; exit 1; }
done

if ! bash "$ANCHOR" "${args[@]}" --cpus "$WORK/cpus.xml" --qemu-root "$QEMU10DIR/tree" \
        --arch s390x --virttype qemu --machine s390-ccw-virtio --repeat 1 \
        --outdir "$WORK/libvirt" > "$WORK/anchor.log" 2>&1; then
    if grep -qi "apt\|install\|not found\|missing" "$WORK/anchor.log"; then
        skip "libvirt 11.3 could not be set up here: $(tail -1 "$WORK/anchor.log")"
    fi
    echo "FAIL: libvirt11-anchor.sh failed:"
    tail -20 "$WORK/anchor.log"
    exit 1
fi
echo "libvirt: $(grep -m1 'libvirtd (libvirt)' "$WORK/libvirt/ns-info.txt"); QEMU: $(head -1 "$WORK/libvirt/emulator-version.txt")"

for d in $DOMAINS; do
    out="$WORK/libvirt/domxml-to-native-$d.out"
    lv=$(grep -o -- '-cpu [^ ]*' "$out" 2>/dev/null)
    hr=$(cat "$WORK/$d.hostrec-cpu")
    if [ -z "$lv" ]; then
        echo "FAIL: $d: libvirt 11.3 rejected the expanded XML: $(grep -m1 '^error' "$out")"
        fail=1
    elif [ "$lv" = "$hr" ]; then
        echo "ok: $d: libvirt 11.3 accepts the expanded XML; same ${hr:0:60}..."
    else
        echo "FAIL: $d: libvirt '$lv' != hostrec '$hr'"
        fail=1
    fi
done

# the anchor saves "$ virsh ..." first and "(rc=N)" last
for f in "" -features; do
    grep -q '<model' "$WORK/baseline${f:+--features}.hostrec" ||
        { echo "FAIL: hostrec's baseline${f:+ --features} names no model"; fail=1; continue; }
    sed '1d;$d' "$WORK/libvirt/hypervisor-cpu-baseline$f.out" | sed '/^$/d' > "$WORK/baseline$f.libvirt"
    sed '/^$/d' "$WORK/baseline${f:+--features}.hostrec" > "$WORK/baseline$f.hr"
    if cmp -s "$WORK/baseline$f.libvirt" "$WORK/baseline$f.hr"; then
        echo "ok: hypervisor-cpu-baseline${f:+ --features} of z13 + z14: same as libvirt 11.3 ($(grep -c '<feature' "$WORK/baseline$f.hr") features)"
    else
        echo "FAIL: hypervisor-cpu-baseline${f:+ --features} of z13 + z14 differs from libvirt 11.3:"
        diff "$WORK/baseline$f.libvirt" "$WORK/baseline$f.hr" | head -20
        fail=1
    fi
done
exit $fail
