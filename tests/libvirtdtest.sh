#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirtdtest.sh - hostrec against real libvirt daemons (TAP).
#
# For each of two daemons, each started by tests/libvirtd.sh in private
# mount and PID namespaces with its own socket:
#   libvirtd 9.0   Debian 12's (/usr/sbin/libvirtd) with QEMU 7.2
#                  ($HOSTREC_TEST_QEMU72)
#   libvirtd 11.3  bookworm-backports' (tests/fetch-libvirt11.sh, the
#                  tree in $HOSTREC_TEST_LIBVIRT11) with QEMU 10.0
#                  ($HOSTREC_TEST_QEMU10, from tests/fetch-qemu10.sh)
# it expands an s390x TCG guest's CPU with hostrec (host-recommended on
# QEMU 10.0; host-model on QEMU 7.2, which reports no deprecated
# features), defines the result, starts it with "virsh start" (no disk,
# no kernel: the firmware finds nothing to boot and the guest stays
# "crashed", on_crash='preserve', with QEMU and its CPU running), and
# asks the guest's QEMU over libvirt's monitor whether its CPU is the
# one defined and whether every feature QEMU reports deprecated is off
# (tests/libvirtdcpucheck.py).  Then it stops the daemon by its PID and
# checks that no process of it is left.
#
# A daemon that cannot run here (not root, no unshare, no libvirt 11.3
# tree, no QEMU) makes its cases SKIP visibly; CI has both and fails
# when they skip.

set -u

SRCDIR=${HOSTREC_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
HOSTREC=${HOSTREC:?HOSTREC names the hostrec binary}
QEMU72=${HOSTREC_TEST_QEMU72:-}
QEMU10=${HOSTREC_TEST_QEMU10:-}
LIBVIRT11=${HOSTREC_TEST_LIBVIRT11:-}

. "$SRCDIR/libvirtd.sh"

N=0
FAILED=0
ok() { N=$((N + 1)); echo "ok $N - $1"; }
not_ok() {
    N=$((N + 1)); FAILED=1
    echo "not ok $N - $1"
    shift
    local l
    for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
skip() { N=$((N + 1)); echo "ok $N - $1 # SKIP $2"; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hostrec-libvirtdtest-XXXXXX") || exit 1
cleanup() {
    lvd_stop
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# hostrec's capabilities cache stays private to this test
export XDG_CACHE_HOME=$TMP/cache

# mkdom NAME EMULATOR CPUXML: an s390x TCG guest without disk or kernel
mkdom() {
    cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='s390x' machine='s390-ccw-virtio'>hvm</type>
  </os>
  $3
  <on_crash>preserve</on_crash>
  <devices>
    <emulator>$2</emulator>
  </devices>
</domain>
EOF
}

# qemu_ok PATH MAJOR.MINOR: PATH is that QEMU for s390x
qemu_ok() {
    [ -n "$1" ] && [ -x "$1" ] &&
        "$1" --version 2>/dev/null | head -n 1 | grep -q "^QEMU emulator version ${2//./\\.}\\."
}

# daemon LABEL TREE EMULATOR QEMU_LABEL MODE: the cases of one daemon
daemon() {
    local label=$1 tree=$2 emu=$3 qlabel=$4 mode=$5
    local p="libvirtd $label"
    local names=("starts in private namespaces and answers on its own socket"
                 "hostrec domxml-expand of a $mode guest on QEMU $qlabel"
                 "virsh define + virsh start of the expanded guest"
                 "the guest runs the CPU its definition says (qom-get, query-cpu-model-expansion)"
                 "the features QEMU $qlabel reports deprecated are off in the guest"
                 "stopped by its PID, nothing of it left running")
    local why= n t0 t1 rc

    if ! qemu_ok "$emu" "$qlabel"; then
        why="no QEMU $qlabel for s390x ('$emu')"
    else
        t0=$(now_ns)
        [ "$label" = 11.3 ] && LVD_QEMU_ROOT=${emu%/usr/bin/*}
        lvd_start "$label" "$tree"
        rc=$?
        t1=$(now_ns)
        if [ "$rc" = 77 ]; then
            why=$LVD_WHY
        elif [ "$rc" != 0 ]; then
            not_ok "$p: ${names[0]}" "$LVD_WHY"
            lvd_stop
            return
        fi
    fi
    if [ -n "$why" ]; then
        for n in "${names[@]}"; do skip "$p: $n" "$why"; done
        return
    fi
    ok "$p: ${names[0]}"
    echo "# $p: answering after $(secs "$t0" "$t1") s"

    local dom=hostrec-$mode in=$TMP/$label-$mode.xml out=$TMP/$label-$mode-expanded.xml
    mkdom "$dom" "$emu" "<cpu mode='$mode'/>" > "$in"
    if "$HOSTREC" domxml-expand "$in" > "$out" 2> "$TMP/err" &&
       grep -q "<cpu mode='custom' match='exact'>" "$out"; then
        ok "$p: ${names[1]}"
    else
        not_ok "$p: ${names[1]}" "$(cat "$TMP/err")"
    fi

    if lvd_virsh define "$out" > "$TMP/err" 2>&1 &&
       lvd_virsh start "$dom" >> "$TMP/err" 2>&1 &&
       lvd_virsh domid "$dom" 2>> "$TMP/err" | grep -qx '[0-9][0-9]*'; then
        ok "$p: ${names[2]}"
    else
        not_ok "$p: ${names[2]}" "$(cat "$TMP/err")" "$(lvd_log | tail -n 5)"
    fi

    local chk
    chk=$(python3 "$SRCDIR/libvirtdcpucheck.py" "$dom" "${LVD_VIRSH[@]}")
    rc=$?
    if [ "$rc" = 0 ]; then
        ok "$p: ${names[3]}"
        echo "# $p: $(printf '%s\n' "$chk" | head -n 2 | tr '\n' ';')"
    else
        not_ok "$p: ${names[3]}" "$chk"
    fi

    # QEMU 10.0 names its deprecated features, all of which must be off
    # in the guest and disabled in the live definition; QEMU 7.2 names
    # none (so host-recommended is refused there, and the guest above is
    # host-model's expansion).
    local dep xp d bad=
    dep=$(printf '%s\n' "$chk" | sed -n 's/^deprecated *//p')
    xp=$(lvd_virsh dumpxml "$dom" --xpath "//cpu/feature[@policy='disable']/@name" 2>&1)
    for d in $dep; do
        printf '%s\n' "$chk" | grep -qx "off $d" || bad="$bad $d:on-in-guest"
        printf '%s\n' "$xp" | grep -q "name=\"$d\"" || bad="$bad $d:not-disabled-in-dumpxml"
    done
    case "$qlabel" in
        7.2) [ -z "$dep" ] || bad="$bad QEMU-7.2-reports:$dep" ;;
        *) [ -n "$dep" ] || bad="$bad QEMU-$qlabel-reports-none" ;;
    esac
    if [ "$rc" = 0 ] && [ -z "$bad" ]; then
        ok "$p: ${names[4]} (${dep:-none})"
    else
        not_ok "$p: ${names[4]}" "${bad:-the check above failed}"
    fi

    if lvd_stop 2> "$TMP/err"; then
        ok "$p: ${names[5]}"
    else
        not_ok "$p: ${names[5]}" "$(cat "$TMP/err")"
    fi
    echo "# $p: all its cases took $(secs "$t0" "$(now_ns)") s"
}

T0=$(now_ns)
daemon 9.0 "" "$QEMU72" 7.2 host-model
daemon 11.3 "$LIBVIRT11" "$QEMU10" 10.0 host-recommended
echo "# whole run: $(secs "$T0" "$(now_ns)") s"
echo "1..$N"
exit "$FAILED"
