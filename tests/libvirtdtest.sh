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
# (tests/libvirtdcpucheck.py).  Then hostrec's libvirt commands:
#   11.3  define, convert (--dry-run, the change limited to <cpu> and
#         <metadata>, again, running), the converted guest started and
#         asked as above, convert and refresh of a NUMA guest (its <numa>
#         kept), refresh after a simulated QEMU upgrade, refresh --replay
#         of a QEMU 10.0.0 recording;
#   9.0   convert, define and refresh refused on QEMU 7.2, nothing
#         changed; convert --dry-run --emulatorbin of QEMU 10.0;
#   both  a missing domain, an unreachable URI, a transient domain.
# Then it stops the daemon by its PID and checks that no process of it
# is left.
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
# hostrec's first metadata namespace, a placeholder: still read
OLD_NS=https://hostrec.example/xmlns/cpu/1
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
mkdom() { lvd_mkdom "$@"; }

# qemu_ok PATH MAJOR.MINOR: PATH is that QEMU for s390x
qemu_ok() {
    [ -n "$1" ] && [ -x "$1" ] &&
        "$1" --version 2>/dev/null | head -n 1 | grep -q "^QEMU emulator version ${2//./\\.}\\."
}

# hr NAME ARG...: hostrec -c LVD_URI ARG..., its output in $TMP/NAME.out
# and .err; HR_RC is its exit status
hr() {
    local name=$1
    shift
    "$HOSTREC" -c "$LVD_URI" "$@" > "$TMP/$name.out" 2> "$TMP/$name.err"
    HR_RC=$?
}

# one_error NAME WORD...: hostrec's run NAME failed with exactly one line
# on stderr, "error: ...", that contains every WORD; prints what is wrong
one_error() {
    local name=$1 w
    shift
    [ "$HR_RC" != 0 ] || echo "exit status 0"
    [ "$(wc -l < "$TMP/$name.err")" = 1 ] || echo "stderr is not one line: $(cat "$TMP/$name.err")"
    grep -q '^error: ' "$TMP/$name.err" || echo "stderr is not an error line: $(cat "$TMP/$name.err")"
    for w in "$@"; do
        grep -qF -- "$w" "$TMP/$name.err" || echo "the error does not name '$w': $(cat "$TMP/$name.err")"
    done
}

# inactive DOMAIN FILE: the domain's inactive definition, as virsh has it
inactive() {
    lvd_virsh dumpxml --inactive "$1" > "$2" 2>&1
}

# outside FILE: the definition without its <cpu> and <metadata> elements
outside() {
    awk '/^  <(cpu|metadata)[ >\/]/ { if ($0 !~ /\/>$/) skip = 1; next }
         skip && /^  <\/(cpu|metadata)>/ { skip = 0; next }
         !skip' "$1"
}

# check CASE CONDITION-OUTPUT: ok when the diagnostics are empty
check() {
    if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi
}

# expand_start P DOM EMU QLABEL MODE: the harness's own cases: hostrec
# domxml-expand, virsh define and start, the guest's CPU asked of QEMU
expand_start() {
    local p=$1 dom=$2 emu=$3 qlabel=$4 mode=$5
    local in=$TMP/$dom.xml out=$TMP/$dom-expanded.xml

    mkdom "$dom" "$emu" "<cpu mode='$mode'/>" > "$in"
    if "$HOSTREC" domxml-expand "$in" > "$out" 2> "$TMP/err" &&
       grep -q "<cpu mode='custom' match='exact'>" "$out"; then
        ok "$p: hostrec domxml-expand of a $mode guest on QEMU $qlabel"
    else
        not_ok "$p: hostrec domxml-expand of a $mode guest on QEMU $qlabel" "$(cat "$TMP/err")"
    fi
    if lvd_virsh define "$out" > "$TMP/err" 2>&1 &&
       lvd_virsh start "$dom" >> "$TMP/err" 2>&1 &&
       lvd_virsh domid "$dom" 2>> "$TMP/err" | grep -qx '[0-9][0-9]*'; then
        ok "$p: virsh define + virsh start of the expanded guest"
    else
        not_ok "$p: virsh define + virsh start of the expanded guest" "$(cat "$TMP/err")" "$(lvd_log | tail -n 5)"
    fi
    guest_cpu "$p" "$dom" "$qlabel" "the expanded guest"
}

# guest_cpu P DOM QLABEL WHAT: the running guest's CPU is its definition's,
# and the features its QEMU reports deprecated are off (QEMU 7.2 reports
# none)
guest_cpu() {
    local p=$1 dom=$2 qlabel=$3 what=$4
    local chk rc dep xp d bad=

    chk=$(python3 "$SRCDIR/libvirtdcpucheck.py" "$dom" "${LVD_VIRSH[@]}")
    rc=$?
    if [ "$rc" = 0 ]; then
        ok "$p: $what runs the CPU its definition says (qom-get, query-cpu-model-expansion)"
        echo "# $p: $dom: $(printf '%s\n' "$chk" | head -n 2 | tr '\n' ';')"
    else
        not_ok "$p: $what runs the CPU its definition says (qom-get, query-cpu-model-expansion)" "$chk"
    fi
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
        ok "$p: in $what, the features QEMU $qlabel reports deprecated are off (${dep:-none})"
    else
        not_ok "$p: in $what, the features QEMU $qlabel reports deprecated are off" "${bad:-the check above failed}"
    fi
}

# errors P DOM: the error cases every daemon shares; DOM is a running guest
errors() {
    local p=$1 dom=$2 tdom=hostrec-transient

    hr missing convert --domain hostrec-nosuch
    check "$p: convert of a missing domain: one error naming it and the URI" \
        "$(one_error missing hostrec-nosuch "$LVD_URI")"
    "$HOSTREC" -c "qemu:///system?socket=$TMP/nosuch-sock" convert --domain "$dom" \
        > "$TMP/unreachable.out" 2> "$TMP/unreachable.err"
    HR_RC=$?
    check "$p: convert over an unreachable URI: one error naming the URI" \
        "$(one_error unreachable "$TMP/nosuch-sock")"
    # the read-only socket: reading a definition with its secrets, as a
    # redefinition needs, is refused
    "$HOSTREC" -c "${LVD_URI}-ro" convert --domain "$dom" \
        > "$TMP/readonly.out" 2> "$TMP/readonly.err"
    HR_RC=$?
    check "$p: convert over the read-only socket: one error naming the domain and the URI" \
        "$(one_error readonly "$dom" "${LVD_URI}-ro" "access denied")"
    hr refresh-missing refresh --domain hostrec-nosuch
    check "$p: refresh of a missing domain fails, naming it and the URI" \
        "$( [ "$HR_RC" = 1 ] || echo "exit status $HR_RC"
            grep -q 'hostrec-nosuch: failed (.*hostrec-nosuch' "$TMP/refresh-missing.out" ||
                echo "no failed line: $(cat "$TMP/refresh-missing.out")"
            [ "$(wc -l < "$TMP/refresh-missing.err")" = 1 ] || echo "stderr: $(cat "$TMP/refresh-missing.err")")"

    # a transient domain: started from XML, no persistent definition
    lvd_virsh dumpxml --inactive "$dom" |
        sed -e "s|<name>$dom</name>|<name>$tdom</name>|" -e '/<uuid>/d' > "$TMP/$tdom.xml"
    if lvd_virsh create "$TMP/$tdom.xml" > "$TMP/err" 2>&1; then
        hr transient convert --domain "$tdom"
        check "$p: convert of a running transient domain: one error naming it and the URI" \
            "$(one_error transient "$tdom" "$LVD_URI" transient)"
        lvd_virsh destroy "$tdom" > /dev/null 2>&1
    else
        not_ok "$p: convert of a running transient domain: one error naming it and the URI" \
            "virsh create failed: $(cat "$TMP/err")"
    fi
}

# convert_11 P EMU: convert, convert again, start, refresh after a
# simulated QEMU upgrade, on QEMU 10.0
convert_11() {
    local p=$1 emu=$2 dom=hostrec-convert old=hostrec-old d bad
    local rec=$SRCDIR/qemucapabilitiesdata/qemu_10.0.0_s390x_tcg.replies

    mkdom "$dom" "$emu" "<cpu mode='host-model'/>" > "$TMP/$dom.xml"
    lvd_virsh define "$TMP/$dom.xml" > /dev/null 2>&1
    inactive "$dom" "$TMP/before.xml"

    hr dry convert --domain "$dom" --dry-run
    inactive "$dom" "$TMP/dry.xml"
    check "$p: convert --dry-run prints the <cpu> diff and changes nothing" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/dry.err")"
            grep -qx -- "-<cpu mode=\"host-model\" check=\"partial\"/>" "$TMP/dry.out" ||
                echo "no host-model line removed: $(head -n 5 "$TMP/dry.out")"
            grep -qx -- "+<cpu mode=\"custom\" match=\"exact\">" "$TMP/dry.out" ||
                echo "no custom CPU added: $(head -n 5 "$TMP/dry.out")"
            for d in bpb te cte csske; do
                grep -qx -- "+  <feature policy=\"disable\" name=\"$d\"/>" "$TMP/dry.out" ||
                    echo "$d is not disabled in the diff"
            done
            cmp -s "$TMP/before.xml" "$TMP/dry.xml" || echo "the definition changed")"

    "$HOSTREC" -c "${LVD_URI}-ro" convert --domain "$dom" --dry-run \
        > "$TMP/dry-ro.out" 2> "$TMP/dry-ro.err"
    HR_RC=$?
    check "$p: convert --dry-run works over the read-only socket, with the same diff" \
        "$( [ "$HR_RC" = 0 ] || echo "failed: $(cat "$TMP/dry-ro.err")"
            cmp -s "$TMP/dry.out" "$TMP/dry-ro.out" || echo "another diff: $(head -n 5 "$TMP/dry-ro.out")")"

    hr convert convert --domain "$dom"
    inactive "$dom" "$TMP/after.xml"
    check "$p: convert defines the expanded CPU; only <cpu> and <metadata> differ" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/convert.err")"
            grep -qx "Domain '$dom' converted to host-recommended" "$TMP/convert.out" ||
                echo "no 'converted' line: $(tail -n 2 "$TMP/convert.out")"
            grep -v '^note: ' "$TMP/convert.err" && echo "more than notes on stderr"
            grep -qx "note: deprecated features of domain '$dom' from hostrec's probe of '$emu' (QEMU 10\.0\.[0-9]*)" \
                "$TMP/convert.err" || echo "no note of where the deprecated set came from: $(cat "$TMP/convert.err")"
            grep -q "is running" "$TMP/convert.err" && echo "a stopped domain said to run"
            diff <(outside "$TMP/before.xml") <(outside "$TMP/after.xml") ||
                echo "more than <cpu> and <metadata> changed"
            cmp -s "$TMP/before.xml" "$TMP/after.xml" && echo "nothing changed"
            [ "$(lvd_virsh dumpxml --inactive "$dom" --xpath '//cpu/@mode' 2>&1)" = ' mode="custom"' ] ||
                echo "the CPU is not custom: $(lvd_virsh dumpxml --inactive "$dom" --xpath '//cpu' 2>&1 | head -n 3)")"

    lvd_virsh metadata "$dom" urn:hostrec:cpu:1 --config > "$TMP/meta.xml" 2>&1
    check "$p: libvirt keeps hostrec's metadata: host-recommended, QEMU 10.0, the deprecated set" \
        "$(grep -q "mode=\"host-recommended\"" "$TMP/meta.xml" || echo "no host-recommended: $(cat "$TMP/meta.xml")"
           grep -q "qemu-version=\"10\.0\." "$TMP/meta.xml" || echo "no QEMU version: $(cat "$TMP/meta.xml")"
           for d in bpb te cte csske; do
               grep -q "<deprecated name=\"$d\"/>" "$TMP/meta.xml" || echo "$d not recorded"
           done)"

    hr again convert --domain "$dom"
    inactive "$dom" "$TMP/again.xml"
    check "$p: convert of a converted domain changes nothing" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/again.err")"
            grep -qx "Domain '$dom' already has this host-recommended CPU: nothing to change" "$TMP/again.out" ||
                echo "unexpected: $(cat "$TMP/again.out")"
            cmp -s "$TMP/after.xml" "$TMP/again.xml" || echo "the definition changed")"

    if lvd_virsh start "$dom" > "$TMP/err" 2>&1 &&
       lvd_virsh domid "$dom" 2>> "$TMP/err" | grep -qx '[0-9][0-9]*'; then
        ok "$p: virsh start of the converted guest"
    else
        not_ok "$p: virsh start of the converted guest" "$(cat "$TMP/err")" "$(lvd_log | tail -n 5)"
    fi
    guest_cpu "$p" "$dom" 10.0 "the converted guest"

    # the running guest's next definition back to host-model: convert
    # says that it takes effect at the next cold start
    lvd_virsh define "$TMP/before.xml" > /dev/null 2>&1
    hr running convert --domain "$dom"
    check "$p: convert of a running guest says it needs a cold restart" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/running.err")"
            grep -q "^note: domain '$dom' is running: .*cold start" "$TMP/running.err" ||
                echo "no note: $(cat "$TMP/running.err")")"

    # a guest with more than a CPU: everything else stays, secrets too
    # (the definition is read with them, as virsh edit reads it)
    cat > "$TMP/hostrec-rich.xml" <<EOF
<domain type='qemu'>
  <name>hostrec-rich</name>
  <title>a guest with more than a CPU</title>
  <description>disks, a console, VNC with a password, another's metadata</description>
  <metadata>
    <app1:foo xmlns:app1="http://app1.example/ns/1">bar &amp; baz</app1:foo>
  </metadata>
  <memory unit='MiB'>256</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='s390x' machine='s390-ccw-virtio'>hvm</type>
  </os>
  <cpu mode='host-model'>
    <topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>
  </cpu>
  <devices>
    <emulator>$emu</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$TMP/nonexistent.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <console type='pty'/>
    <graphics type='vnc' port='-1' autoport='yes' passwd='s3cret'/>
  </devices>
</domain>
EOF
    lvd_virsh define "$TMP/hostrec-rich.xml" > /dev/null 2>&1
    lvd_virsh dumpxml --inactive --security-info hostrec-rich > "$TMP/rich-before.xml" 2>&1
    hr rich convert --domain hostrec-rich
    lvd_virsh dumpxml --inactive --security-info hostrec-rich > "$TMP/rich-after.xml" 2>&1
    check "$p: convert of a richer guest keeps all but <cpu> and <metadata>: secrets, topology, another's metadata" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/rich.err")"
            diff <(outside "$TMP/rich-before.xml") <(outside "$TMP/rich-after.xml") ||
                echo "more than <cpu> and <metadata> changed"
            grep -q "passwd='s3cret'" "$TMP/rich-after.xml" || echo "the VNC password is gone"
            grep -qF '<app1:foo xmlns:app1="http://app1.example/ns/1">bar &amp; baz</app1:foo>' "$TMP/rich-after.xml" ||
                echo "the other application's metadata is gone"
            lvd_virsh dumpxml --inactive hostrec-rich --xpath '//cpu/topology' 2>&1 | grep -q 'cores="2"' ||
                echo "the topology is gone")"

    # A NUMA guest: <numa> (and the topology) come through convert and
    # refresh as libvirt had them.  QEMU 10.0's s390-ccw-virtio takes no
    # -numa ("NUMA is not supported by this machine-type"), so the guest
    # is defined, not started.
    mkdom hostrec-cpunuma "$emu" "<cpu mode='host-model'><topology sockets='1' cores='2' threads='1'/><numa><cell id='0' cpus='0' memory='128' unit='MiB'/><cell id='1' cpus='1' memory='128' unit='MiB'><distances><sibling id='0' value='20'/><sibling id='1' value='10'/></distances></cell></numa></cpu>" |
        sed 's|<vcpu>1</vcpu>|<vcpu>2</vcpu>|' > "$TMP/hostrec-cpunuma.xml"
    lvd_virsh define "$TMP/hostrec-cpunuma.xml" > /dev/null 2>&1
    lvd_virsh dumpxml --inactive hostrec-cpunuma --xpath '//cpu/numa' > "$TMP/numa-before.xml" 2>&1
    hr numa-convert convert --domain hostrec-cpunuma
    lvd_virsh dumpxml --inactive hostrec-cpunuma --xpath '//cpu/numa' > "$TMP/numa-converted.xml" 2>&1
    hr numa-refresh refresh --domain hostrec-cpunuma
    lvd_virsh dumpxml --inactive hostrec-cpunuma --xpath '//cpu/numa' > "$TMP/numa-refreshed.xml" 2>&1
    check "$p: convert and refresh of a NUMA guest keep its <numa>" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/numa-convert.err" "$TMP/numa-refresh.err")"
            grep -q "<sibling id=\"0\" value=\"20\"/>" "$TMP/numa-before.xml" ||
                echo "libvirt did not define the NUMA guest: $(cat "$TMP/numa-before.xml")"
            grep -qx "Domain 'hostrec-cpunuma' converted to host-recommended" "$TMP/numa-convert.out" ||
                echo "not converted: $(cat "$TMP/numa-convert.out" "$TMP/numa-convert.err")"
            diff "$TMP/numa-before.xml" "$TMP/numa-converted.xml" > /dev/null || echo "convert changed <numa>"
            grep -qx "hostrec-cpunuma: unchanged" "$TMP/numa-refresh.out" ||
                echo "refresh did not leave it unchanged: $(cat "$TMP/numa-refresh.out")"
            diff "$TMP/numa-before.xml" "$TMP/numa-refreshed.xml" > /dev/null || echo "refresh changed <numa>")"

    # hostrec define: host-recommended is expanded and recorded; a
    # host-model guest it defined is recorded as host-model, which
    # convert then takes
    mkdom hostrec-defined "$emu" "<cpu mode='host-recommended'/>" > "$TMP/hostrec-defined.xml"
    hr define define "$TMP/hostrec-defined.xml"
    check "$p: hostrec define of a host-recommended guest: explicit CPU, metadata host-recommended" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/define.err")"
            [ "$(lvd_virsh dumpxml --inactive hostrec-defined --xpath '//cpu/@mode' 2>&1)" = ' mode="custom"' ] ||
                echo "the CPU is not custom"
            lvd_virsh metadata hostrec-defined urn:hostrec:cpu:1 --config 2>&1 |
                grep -q 'mode="host-recommended"' || echo "no host-recommended metadata")"
    mkdom hostrec-defined-hm "$emu" "<cpu mode='host-model'/>" > "$TMP/hostrec-defined-hm.xml"
    hr define-hm define "$TMP/hostrec-defined-hm.xml"
    hr convert-hm convert --domain hostrec-defined-hm
    check "$p: convert of a host-model guest hostrec defined: metadata host-recommended" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/define-hm.err" "$TMP/convert-hm.err")"
            lvd_virsh metadata hostrec-defined-hm urn:hostrec:cpu:1 --config 2>&1 |
                grep -q 'mode="host-recommended"' || echo "no host-recommended metadata")"

    # A guest converted before a QEMU upgrade: its metadata records QEMU
    # 9.1.0 deprecating only csske, its CPU has bpb, te and cte on (the
    # recording is made up here from the converted one: no QEMU 9.1 for
    # s390x is at hand).  refresh must turn them off and say so.
    inactive "$dom" "$TMP/conv.xml"
    sed -e "s|<name>$dom</name>|<name>$old</name>|" -e '/<uuid>/d' \
        -e "s|qemu-version=\"[0-9.]*\"|qemu-version=\"9.1.0\"|" \
        -e '/<hostrec:deprecated name="\(bpb\|te\|cte\)"\/>/d' \
        -e "s#<feature policy='disable' name='\(bpb\|te\|cte\)'/>#<feature policy='require' name='\1'/>#" \
        -e "s|urn:hostrec:cpu:1|$OLD_NS|" \
        "$TMP/conv.xml" > "$TMP/$old.xml"
    lvd_virsh define "$TMP/$old.xml" > /dev/null 2>&1
    inactive "$old" "$TMP/old-before.xml"
    # a domain refresh has no business with (no hostrec metadata), which
    # hostrec may not even parse: <numa> in <cpu>
    mkdom hostrec-numa "$emu" "<cpu mode='host-model'><numa><cell id='0' cpus='0' memory='262144' unit='KiB'/></numa></cpu>" \
        > "$TMP/hostrec-numa.xml"
    lvd_virsh define "$TMP/hostrec-numa.xml" > /dev/null 2>&1
    hr refresh refresh --all
    inactive "$old" "$TMP/old-after.xml"
    check "$p: refresh --all updates the pre-upgrade guest (off: bpb, te, cte), leaves the others" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/refresh.err")"
            grep -qx "$old: updated (off: bpb, te, cte)" "$TMP/refresh.out" ||
                echo "no updated line: $(cat "$TMP/refresh.out")"
            for d in "$dom" hostrec-defined hostrec-defined-hm; do
                grep -qx "$d: unchanged" "$TMP/refresh.out" || echo "no unchanged line for $d: $(cat "$TMP/refresh.out")"
            done
            grep -q "hostrec-expanded\|hostrec-numa" "$TMP/refresh.out" && echo "a domain without metadata is listed"
            lvd_virsh domstate hostrec-numa > /dev/null 2>&1 || echo "libvirt did not define hostrec-numa"
            for d in bpb te cte; do
                grep -q "<feature policy='disable' name='$d'/>" "$TMP/old-after.xml" || echo "$d is not off"
            done
            grep -q 'qemu-version="10\.0\.' "$TMP/old-after.xml" || echo "the QEMU version recorded is not 10.0"
            grep -q "$OLD_NS" "$TMP/old-before.xml" || echo "the guest did not start in the old namespace"
            grep -q "$OLD_NS" "$TMP/old-after.xml" && echo "the old namespace is still there"
            grep -q 'xmlns:hostrec="urn:hostrec:cpu:1"' "$TMP/old-after.xml" || echo "no metadata in urn:hostrec:cpu:1"
            diff <(outside "$TMP/old-before.xml") <(outside "$TMP/old-after.xml") ||
                echo "more than <cpu> and <metadata> changed")"
    hr refresh2 refresh --domain "$old"
    check "$p: refresh again: unchanged" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/refresh2.err")"
            grep -qx "$old: unchanged" "$TMP/refresh2.out" || echo "unexpected: $(cat "$TMP/refresh2.out")")"

    # the same guest with its metadata in hostrec's first, placeholder
    # namespace: read as before, and only moved into the new one
    inactive "$old" "$TMP/old-ns.xml"
    sed "s|urn:hostrec:cpu:1|$OLD_NS|" "$TMP/old-ns.xml" > "$TMP/old-ns-old.xml"
    lvd_virsh define "$TMP/old-ns-old.xml" > /dev/null 2>&1
    hr refresh-ns refresh --domain "$old"
    inactive "$old" "$TMP/old-ns-after.xml"
    check "$p: refresh moves hostrec's metadata from the old namespace, nothing else" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/refresh-ns.err")"
            grep -qx "$old: updated (hostrec's metadata, into its namespace urn:hostrec:cpu:1; the CPU is the same)" \
                "$TMP/refresh-ns.out" || echo "unexpected: $(cat "$TMP/refresh-ns.out")"
            cmp -s "$TMP/old-ns.xml" "$TMP/old-ns-after.xml" ||
                echo "the definition is not the one before the move: $(diff "$TMP/old-ns.xml" "$TMP/old-ns-after.xml")")"

    # a change made with virsh while refresh works (here: while it probes
    # QEMU, through a wrapper that changes the description first) is kept:
    # refresh defines nothing and says why
    lvd_virsh define "$TMP/old-ns-old.xml" > /dev/null 2>&1
    inactive "$old" "$TMP/race-before.xml"
    {
        printf '#!/bin/bash\n'
        printf '%q ' "${LVD_VIRSH[@]}" desc "$old" --config "changed while hostrec worked"
        printf '> /dev/null 2>&1\nexec %q "$@"\n' "$emu"
    } > "$TMP/qemu-race"
    chmod +x "$TMP/qemu-race"
    hr race refresh --domain "$old" --no-cache --emulatorbin "$TMP/qemu-race"
    inactive "$old" "$TMP/race-after.xml"
    check "$p: a definition changed while refresh works is kept, and refresh says so" \
        "$( [ "$HR_RC" = 1 ] || echo "exit status $HR_RC: $(cat "$TMP/race.err")"
            grep -q "^$old: failed (.*the definition of domain '$old' on '.*' changed while hostrec worked on it: nothing was defined" \
                "$TMP/race.out" || echo "no failed line: $(cat "$TMP/race.out")"
            grep -q "<description>changed while hostrec worked</description>" "$TMP/race-after.xml" ||
                echo "the change made meanwhile is lost"
            grep -q "$OLD_NS" "$TMP/race-after.xml" || echo "hostrec defined its copy after all"
            diff <(grep -v '<description>' "$TMP/race-before.xml") \
                 <(grep -v '<description>' "$TMP/race-after.xml") > /dev/null ||
                echo "more than the description changed")"
    # back as it was, for the cases below
    lvd_virsh define "$TMP/old-ns.xml" > /dev/null 2>&1

    # --replay holds for refresh as for --domain: a recording of the
    # QEMU 10.0 this daemon runs answers, gives the same CPU (the version
    # recorded differs when the daemon's QEMU is another 10.0.x), and the
    # note names it
    inactive "$old" "$TMP/old-before-replay.xml"
    hr replay refresh --domain "$old" --replay "$rec"
    inactive "$old" "$TMP/old-replay.xml"
    check "$p: refresh --replay takes the QEMU data from the recording: the same CPU" \
        "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/replay.err")"
            grep -qx "$old: \(unchanged\|updated (the record of the QEMU used; the CPU is the same)\)" \
                "$TMP/replay.out" || echo "unexpected: $(cat "$TMP/replay.out")"
            grep -qx "note: deprecated features of domain '$old' from the recording '${rec//./\\.}' (QEMU 10\.0\.[0-9]*)" \
                "$TMP/replay.err" || echo "no note of the recording: $(cat "$TMP/replay.err")"
            grep -v '^note: ' "$TMP/replay.err" && echo "more than notes on stderr"
            diff <(sed '/<hostrec:cpu /s/qemu-version="[^"]*"//' "$TMP/old-before-replay.xml") \
                 <(sed '/<hostrec:cpu /s/qemu-version="[^"]*"//' "$TMP/old-replay.xml") > /dev/null ||
                echo "more than the QEMU version recorded changed")"
}

# convert_9 P EMU: on QEMU 7.2, which reports no deprecated features,
# convert and refresh fail, one clear error, and change nothing
convert_9() {
    local p=$1 emu=$2 dom=hostrec-convert stale=hostrec-stale plain=hostrec-plain

    mkdom "$dom" "$emu" "<cpu mode='host-model'/>" > "$TMP/$dom.xml"
    lvd_virsh define "$TMP/$dom.xml" > /dev/null 2>&1
    inactive "$dom" "$TMP/before.xml"
    hr convert9 convert --domain "$dom"
    inactive "$dom" "$TMP/after.xml"
    check "$p: convert on QEMU 7.2 (no deprecated features reported): one error, nothing changed" \
        "$(one_error convert9 "$dom" "$LVD_URI" "does not report deprecated"
           cmp -s "$TMP/before.xml" "$TMP/after.xml" || echo "the definition changed")"

    # --emulatorbin holds for convert as for --domain: QEMU 10.0 answers
    # for the domain of QEMU 7.2 (the user's choice), and the note says so
    if ! qemu_ok "$QEMU10" 10.0; then
        skip "$p: convert --dry-run --emulatorbin probes that QEMU" "no QEMU 10.0 for s390x ('$QEMU10')"
    else
        hr emubin convert --domain "$dom" --dry-run --emulatorbin "$QEMU10"
        inactive "$dom" "$TMP/after.xml"
        check "$p: convert --dry-run --emulatorbin probes that QEMU, changes nothing" \
            "$( [ "$HR_RC" = 0 ] || echo "exit status $HR_RC: $(cat "$TMP/emubin.err")"
                grep -qx "Domain '$dom' not changed (--dry-run)" "$TMP/emubin.out" ||
                    echo "no 'not changed' line: $(tail -n 2 "$TMP/emubin.out")"
                grep -qx -- "+  <feature policy=\"disable\" name=\"bpb\"/>" "$TMP/emubin.out" ||
                    echo "bpb is not disabled in the diff"
                grep -qxF "note: deprecated features of domain '$dom' from hostrec's probe of '$QEMU10' (QEMU $("$QEMU10" --version | sed -n '1s/^QEMU emulator version \([0-9.]*\).*/\1/p'))" \
                    "$TMP/emubin.err" || echo "no note of the probe of --emulatorbin: $(cat "$TMP/emubin.err")"
                cmp -s "$TMP/before.xml" "$TMP/after.xml" || echo "the definition changed")"
    fi

    mkdom hostrec-defined "$emu" "<cpu mode='host-recommended'/>" > "$TMP/hostrec-defined.xml"
    hr define9 define "$TMP/hostrec-defined.xml"
    check "$p: hostrec define of host-recommended on QEMU 7.2: one error, nothing defined" \
        "$(one_error define9 "does not report deprecated"
           lvd_virsh domstate hostrec-defined > /dev/null 2>&1 && echo "the domain was defined")"

    # a guest hostrec recorded as host-recommended, now on QEMU 7.2
    mkdom "$stale" "$emu" "<cpu mode='custom' match='exact'><model>z14</model></cpu>" |
        sed "s|<vcpu>|<metadata><hostrec:cpu xmlns:hostrec='$OLD_NS' mode='host-recommended' qemu-version='10.0.2' deprecated-source='qemu'><hostrec:deprecated name='csske'/></hostrec:cpu></metadata>\n  <vcpu>|" \
        > "$TMP/$stale.xml"
    mkdom "$plain" "$emu" "<cpu mode='host-model'/>" > "$TMP/$plain.xml"
    lvd_virsh define "$TMP/$stale.xml" > /dev/null 2>&1
    lvd_virsh define "$TMP/$plain.xml" > /dev/null 2>&1
    inactive "$stale" "$TMP/stale-before.xml"
    inactive "$plain" "$TMP/plain-before.xml"
    hr refresh9 refresh --all
    inactive "$stale" "$TMP/stale-after.xml"
    inactive "$plain" "$TMP/plain-after.xml"
    check "$p: refresh --all on QEMU 7.2: the recorded guest failed and kept its definition, exit 1" \
        "$( [ "$HR_RC" = 1 ] || echo "exit status $HR_RC"
            grep -q "^$stale: failed (.*does not report deprecated" "$TMP/refresh9.out" ||
                echo "no failed line: $(cat "$TMP/refresh9.out")"
            grep -q "$plain\|$dom" "$TMP/refresh9.out" && echo "a domain without metadata is listed"
            [ "$(wc -l < "$TMP/refresh9.err")" = 1 ] && grep -q '^error: .*1 of 1 domains' "$TMP/refresh9.err" ||
                echo "stderr: $(cat "$TMP/refresh9.err")"
            grep -q "hostrec:deprecated" "$TMP/stale-before.xml" || echo "libvirt 9.0 dropped the metadata"
            cmp -s "$TMP/stale-before.xml" "$TMP/stale-after.xml" || echo "the recorded guest changed"
            cmp -s "$TMP/plain-before.xml" "$TMP/plain-after.xml" || echo "the plain guest changed")"
}

# daemon LABEL TREE EMULATOR QEMU_LABEL MODE: the cases of one daemon
daemon() {
    local label=$1 tree=$2 emu=$3 qlabel=$4 mode=$5
    local p="libvirtd $label" why= t0 t1 rc n

    t0=$(now_ns)
    if ! qemu_ok "$emu" "$qlabel"; then
        why="no QEMU $qlabel for s390x ('$emu')"
    else
        [ "$label" = 11.3 ] && LVD_QEMU_ROOT=${emu%/usr/bin/*}
        lvd_start "$label" "$tree"
        rc=$?
        t1=$(now_ns)
        if [ "$rc" = 77 ]; then
            why=$LVD_WHY
        elif [ "$rc" != 0 ]; then
            not_ok "$p: starts in private namespaces and answers on its own socket" "$LVD_WHY"
            lvd_stop
            return
        fi
    fi
    if [ -n "$why" ]; then
        skip "$p: starts in private namespaces and answers on its own socket" "$why"
        return
    fi
    ok "$p: starts in private namespaces and answers on its own socket"
    echo "# $p: answering after $(secs "$t0" "$t1") s"

    expand_start "$p" hostrec-expanded "$emu" "$qlabel" "$mode"
    if [ -z "$LIBVIRT_BUILD" ]; then
        skip "$p: convert, refresh and their errors" "hostrec was built without libvirt"
    else
        case "$label" in
            9.0) convert_9 "$p" "$emu" ;;
            *) convert_11 "$p" "$emu" ;;
        esac
        errors "$p" hostrec-expanded
    fi

    if lvd_stop 2> "$TMP/err"; then
        ok "$p: stopped by its PID, nothing of it left running"
    else
        not_ok "$p: stopped by its PID, nothing of it left running" "$(cat "$TMP/err")"
    fi
    echo "# $p: all its cases took $(secs "$t0" "$(now_ns)") s"
}

LIBVIRT_BUILD=
"$HOSTREC" --help 2>/dev/null | grep -q -- '^  -c, --connect URI' && LIBVIRT_BUILD=1

T0=$(now_ns)
daemon 9.0 "" "$QEMU72" 7.2 host-model
daemon 11.3 "$LIBVIRT11" "$QEMU10" 10.0 host-recommended
echo "# whole run: $(secs "$T0" "$(now_ns)") s"
echo "1..$N"
exit "$FAILED"
