#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirthrtest.sh - libvirt 11.3 with our host-recommended series
# (libvirt/patches, built by libvirt/build.sh: the install tree in
# $HOSTREC_TEST_LIBVIRTHR, the patched sources beside it in ../src)
# against hostrec, and against a stock libvirt 11.3 (TAP).
#
#   recordings  for every s390x recording of the patched sources
#               (tests/qemucapabilitiesdata/caps_VER_s390x.replies), the
#               host-recommended <mode> of libvirt's expected
#               domcapabilities (tests/domaincapsdata/qemu_VER.s390x.xml)
#               is hostrec's domcapabilities --replay of it, with the
#               virt type and machine libvirt's file names; both sides
#               without hostrec's reason= and requires= attributes and
#               with the <feature> lines by name (libvirt 11.3 prints
#               QEMU's order, hostrec the names' order).  Where libvirt
#               says supported='no', hostrec says so too.
#   headers     for every recording of libvirt's data with an expected
#               document for the default machine: the header of hostrec's
#               domcapabilities without --machine (machine, vcpu max) is
#               libvirt's, where hostrec answers at all.
#   argv        for every tests/qemuxmlconfdata/cpu-host-recommended*.xml
#               with an expected NAME.s390x-VER.args ("latest": the
#               newest s390x recording), the -cpu of libvirt's command
#               line is hostrec's domxml-to-native --replay of that
#               recording; where libvirt expects NAME.s390x-VER.err,
#               hostrec fails too.
#   live        the patched libvirtd and its virsh (tests/libvirtd.sh,
#               label "hr") with QEMU 10.0 under TCG: domcapabilities,
#               a host-recommended s390x guest defined and started (its
#               QEMU asked over libvirt which CPU it runs: hostrec's
#               expansion, deprecated features off; tests/
#               libvirtdcpucheck.py), its live, inactive and migratable
#               XML, a guest that requires te (its -cpu, from virsh
#               domxml-to-native, byte for byte as hostrec's; QEMU under
#               TCG implements no te, so it cannot start here), a guest
#               that disables vx (started, asked as above),
#               hypervisor-cpu-baseline --disable-deprecated-features
#               byte for byte as hostrec's.
#   compat      a stock libvirtd 11.3 ($HOSTREC_TEST_LIBVIRT11) beside
#               the patched one (its own socket and host_uuid): a save
#               image of the patched daemon's guest restored by the stock
#               one, a live migration from the patched daemon to the
#               stock one and back; each with the default check='partial'
#               and with check='none'.  Stock libvirt 11.3 cannot check
#               an emulated s390x CPU on an x86_64 host at all ("unknown
#               host CPU", shown with a guest it was given directly,
#               never host-recommended; patches 0007 and 0008 fix that on
#               the patched side only), so its check='partial' refusals
#               are TODO lines with its exact error, and check='none'
#               shows that it reads what the patched daemon sends and
#               runs the same CPU.  Then both daemons are stopped by
#               their PIDs and nothing of them may be left running.
#
# Every TAP line starts with "libvirthr ": CI fails when one of them is
# skipped.  Guests have no disk and no kernel and start paused.

set -u

SRCDIR=${HOSTREC_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
HOSTREC=${HOSTREC:?HOSTREC names the hostrec binary}
QEMU10=${HOSTREC_TEST_QEMU10:-}
LIBVIRT11=${HOSTREC_TEST_LIBVIRT11:-}
LIBVIRTHR=${HOSTREC_TEST_LIBVIRTHR:-}
# the guests' emulator, as both daemons see it (QEMU 10.0 laid over /usr)
EMU=/usr/bin/qemu-system-s390x

. "$SRCDIR/libvirtd.sh"

N=0
FAILED=0
ok() { N=$((N + 1)); echo "ok $N - libvirthr $1"; }
not_ok() {
    N=$((N + 1)); FAILED=1
    echo "not ok $N - libvirthr $1"
    shift
    local l
    for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
skip() { N=$((N + 1)); echo "ok $N - libvirthr $1 # SKIP $2"; }
# todo NAME WHY DIAGNOSTIC...: a failure known to be out of our hands
todo() {
    N=$((N + 1))
    echo "not ok $N - libvirthr $1 # TODO $2"
    shift 2
    local l
    for l in "$@"; do printf '%s\n' "$l" | sed 's/^/# /'; done
}
# skip_all WHY NAME...: one SKIP line for each NAME
skip_all() {
    local why=$1 n
    shift
    for n in "$@"; do skip "$n" "$why"; done
}
# check NAME DIAGNOSTICS: ok when there are none
check() {
    if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hostrec-libvirthrtest-XXXXXX") || exit 1
cleanup() {
    local d
    for d in hr stock; do
        lvd_select "$d"
        lvd_stop
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# hostrec's capabilities cache stays private to this test
export XDG_CACHE_HOME=$TMP/cache

# mkdom NAME CPUXML: an s390x TCG guest without disk or kernel
mkdom() { lvd_mkdom "$1" "$EMU" "$2"; }

# qemu_ok PATH MAJOR.MINOR: PATH is that QEMU for s390x
qemu_ok() {
    [ -n "$1" ] && [ -x "$1" ] &&
        "$1" --version 2>/dev/null | head -n 1 | grep -q "^QEMU emulator version ${2//./\\.}\\."
}

# hrblock FILE: the host-recommended <mode> element of a domcapabilities
# document, without hostrec's reason= and requires= attributes, its
# <feature> lines sorted by name; nothing when there is none
hrblock() {
    local blk
    blk=$(awk "/^ *<mode name='host-recommended'/ { on = 1 }
               on { print }
               on && (/<\\/mode>/ || (/<mode / && /\\/>\$/)) { exit }" "$1" |
          sed -e "s/ reason='[^']*'//g" -e "s/ requires='[^']*'//g")
    [ -n "$blk" ] || return 0
    printf '%s\n' "$blk" | grep -v '^ *<feature ' | sed '$d'
    printf '%s\n' "$blk" | grep '^ *<feature ' |
        sed "s/.*name='\\([^']*\\)'.*/\\1	&/" | LC_ALL=C sort | cut -f 2-
    printf '%s\n' "$blk" | tail -n 1
}

# attr NAME LINE: the value of attribute NAME in LINE
attr() {
    printf '%s\n' "$2" | sed -n "s/.* $1='\\([^']*\\)'.*/\\1/p"
}

# cpu_arg FILE: the value of -cpu in hostrec's one-line command line
cpu_arg() {
    tr ' ' '\n' < "$1" | sed -n '/^-cpu$/{n;p;q;}'
}

# version_ge A B: version A >= version B
version_ge() {
    [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n 1)" = "$2" ]
}

PATCHED_SRC=
[ -n "$LIBVIRTHR" ] && PATCHED_SRC=$(dirname "$LIBVIRTHR")/src
NO_SRC="no patched libvirt tree (libvirt/build.sh DIR; meson -Dlibvirthr=DIR/tree)"
# src_why: why the patched sources are missing
src_why() {
    if [ -n "$LIBVIRTHR" ]; then
        echo "no patched libvirt sources at \"$PATCHED_SRC\" beside the tree; $NO_SRC"
    else
        echo "$NO_SRC"
    fi
}

# ---- recordings -----------------------------------------------------------

recordings() {
    local data=$PATCHED_SRC/tests rep v dc vt m name theirs ours ts os
    local found=0

    if [ -z "$LIBVIRTHR" ] || [ ! -d "$data/domaincapsdata" ]; then
        skip "recordings: libvirt's expected domcapabilities agree with hostrec's" \
            "$(src_why)"
        return
    fi
    for rep in $(printf '%s\n' "$data"/qemucapabilitiesdata/caps_*_s390x.replies | sort -V); do
        [ -f "$rep" ] || continue
        found=1
        v=${rep##*/caps_}
        v=${v%_s390x.replies}
        dc=$data/domaincapsdata/qemu_$v.s390x.xml
        vt=$(sed -n 's|^  <domain>\(.*\)</domain>$|\1|p' "$dc" 2>/dev/null)
        m=$(sed -n 's|^  <machine>\(.*\)</machine>$|\1|p' "$dc" 2>/dev/null)
        name="recordings: QEMU $v ($vt, $m)"
        if [ ! -f "$dc" ] || [ -z "$vt" ] || [ -z "$m" ]; then
            not_ok "$name" "no domaincapsdata/qemu_$v.s390x.xml with <domain> and <machine> beside caps_${v}_s390x.replies"
            continue
        fi
        if ! "$HOSTREC" domcapabilities --replay "$rep" --virttype "$vt" --machine "$m" \
                > "$TMP/dc-$v.xml" 2> "$TMP/dc-$v.err"; then
            not_ok "$name" "hostrec domcapabilities failed: $(cat "$TMP/dc-$v.err")"
            continue
        fi
        theirs=$(hrblock "$dc")
        ours=$(hrblock "$TMP/dc-$v.xml")
        ts=$(attr supported "$(printf '%s\n' "$theirs" | head -n 1)")
        os=$(attr supported "$(printf '%s\n' "$ours" | head -n 1)")
        if [ -z "$theirs" ]; then
            not_ok "$name: libvirt's host-recommended mode" "libvirt's qemu_$v.s390x.xml has no host-recommended <mode>"
        elif [ "$ts" = yes ]; then
            check "$name: libvirt's host-recommended <mode> is hostrec's (features by name, without reason=/requires=)" \
                "$(version_ge "$v" 9.1 || echo "libvirt supports host-recommended on QEMU $v, older than 9.1"
                   diff <(printf '%s\n' "$theirs") <(printf '%s\n' "$ours") |
                       sed -e "s/^</libvirt:/" -e "s/^>/hostrec:/" | grep -v '^---$')"
        else
            check "$name: host-recommended supported='no' in libvirt's and in hostrec's" \
                "$(version_ge "$v" 9.1 && echo "libvirt does not support host-recommended on QEMU $v, 9.1 or newer"
                   [ "$ts" = no ] || echo "libvirt's: $theirs"
                   [ "$(attr name "$ours")" = host-recommended ] && [ "$os" = no ] ||
                       echo "hostrec's: ${ours:-no host-recommended mode}")"
        fi
    done
    [ "$found" = 1 ] ||
        not_ok "recordings: libvirt's expected domcapabilities agree with hostrec's" \
            "no caps_*_s390x.replies in $data/qemucapabilitiesdata"
}

# ---- headers ----------------------------------------------------------------

# For every recording of libvirt's test data (any arch) with an expected
# domcapabilities document for QEMU's default machine
# (domaincapsdata/qemu_VER.ARCH.xml, no variant): where hostrec answers
# (it refuses x86_64, and virt type kvm for a recording without KVM),
# the header it prints without --machine (path, virt type, machine, arch,
# vcpu max) is libvirt's: the machine libvirt picks for an arch that
# names none, which is not always QEMU's default (aarch64: QEMU has none).
headers() {
    local data=$PATCHED_SRC/tests dc b v rep vt ours theirs found=0

    if [ -z "$LIBVIRTHR" ] || [ ! -d "$data/domaincapsdata" ]; then
        skip "headers: hostrec's domcapabilities header without --machine is libvirt's" "$(src_why)"
        return
    fi
    for dc in "$data"/domaincapsdata/qemu_*.xml; do
        b=${dc##*/qemu_}
        b=${b%.xml}
        case "$b" in *-*) continue ;; esac
        rep=$data/qemucapabilitiesdata/caps_$(printf '%s\n' "$b" |
            sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+)\.(.*)$/\1_\2/').replies
        [ -f "$rep" ] || continue
        vt=$(sed -n 's|^  <domain>\(.*\)</domain>$|\1|p' "$dc")
        "$HOSTREC" domcapabilities --replay "$rep" --virttype "$vt" \
            > "$TMP/hdr.xml" 2> "$TMP/hdr.err" || continue
        found=1
        ours=$(sed -n '2,6p' "$TMP/hdr.xml" | grep -E '^  <(path|domain|machine|arch|vcpu)')
        theirs=$(grep -E '^  <(path|domain|machine|arch|vcpu)' "$dc")
        check "headers: qemu_$b: hostrec's domcapabilities header without --machine is libvirt's" \
            "$(diff <(printf '%s\n' "$theirs") <(printf '%s\n' "$ours") |
                   sed -e "s/^</libvirt:/" -e "s/^>/hostrec:/" | grep -v '^---$')"
    done
    [ "$found" = 1 ] ||
        not_ok "headers: hostrec's domcapabilities header without --machine is libvirt's" \
            "hostrec answered for no recording in $data/qemucapabilitiesdata"
}

# ---- argv -------------------------------------------------------------------

argv() {
    local data=$PATCHED_SRC/tests xml base exp suffix ver kind v rep name
    local latest theirs ours found=0

    if [ -z "$LIBVIRTHR" ] || [ ! -d "$data/qemuxmlconfdata" ]; then
        skip "argv: libvirt's expected -cpu of host-recommended guests is hostrec's" \
            "$(src_why)"
        return
    fi
    latest=$(printf '%s\n' "$data"/qemucapabilitiesdata/caps_*_s390x.replies |
             sed -n 's|.*/caps_\(.*\)_s390x\.replies$|\1|p' | sort -V | tail -n 1)
    for xml in "$data"/qemuxmlconfdata/cpu-host-recommended*.xml; do
        base=${xml##*/}
        base=${base%.xml}
        case "$base" in *.s390x-*) continue ;; esac
        for exp in "$data/qemuxmlconfdata/$base".s390x-*.args "$data/qemuxmlconfdata/$base".s390x-*.err; do
            [ -f "$exp" ] || continue
            suffix=${exp##*/"$base".s390x-}
            ver=${suffix%.*}
            kind=${suffix##*.}
            v=$ver
            [ "$ver" = latest ] && v=$latest
            rep=$data/qemucapabilitiesdata/caps_${v}_s390x.replies
            name="argv: $base.s390x-$ver.$kind (caps_${v}_s390x)"
            found=1
            if [ ! -f "$rep" ]; then
                not_ok "$name" "no recording caps_${v}_s390x.replies"
                continue
            fi
            "$HOSTREC" domxml-to-native qemu-argv "$xml" --replay "$rep" \
                > "$TMP/argv.out" 2> "$TMP/argv.err"
            local rc=$?
            if [ "$kind" = err ]; then
                check "$name: libvirt refuses the guest, hostrec fails too" \
                    "$( [ "$rc" != 0 ] || echo "hostrec succeeded: $(cut -c 1-200 "$TMP/argv.out")")"
                diag "libvirt: $(head -n 1 "$exp")" "hostrec: $(head -n 1 "$TMP/argv.err")"
            else
                theirs=$(sed -n 's/^-cpu \(.*\) \\$/\1/p' "$exp")
                ours=$(cpu_arg "$TMP/argv.out")
                check "$name: -cpu is hostrec's" \
                    "$( [ "$rc" = 0 ] || echo "hostrec failed: $(cat "$TMP/argv.err")"
                        [ -n "$theirs" ] || echo "no -cpu line in libvirt's $base.s390x-$ver.args"
                        [ "$theirs" = "$ours" ] ||
                            printf 'libvirt: %s\nhostrec: %s\n' "$theirs" "$ours")"
            fi
        done
    done
    [ "$found" = 1 ] ||
        not_ok "argv: libvirt's expected -cpu of host-recommended guests is hostrec's" \
            "no cpu-host-recommended*.s390x-*.args or .err in $data/qemuxmlconfdata"
}

# ---- live and compat: the daemons -----------------------------------------

LIVE=(
    "live: the patched libvirtd starts in private namespaces and answers on its own socket"
    "live: domcapabilities (s390x, qemu, s390-ccw-virtio): host-model and host-recommended supported='yes'"
    "live: domcapabilities: the host-recommended <mode> is hostrec's on the same QEMU"
    "live: virsh define + start --paused of a host-recommended guest (check='partial', the default)"
    "live: the guest's QEMU runs hostrec's expansion of host-recommended, deprecated features off"
    "live: dumpxml: live CPU custom, --inactive host-recommended, --migratable host-model deprecated_features='off'"
    "live: a host-recommended guest that requires te: libvirt's -cpu (virsh domxml-to-native) is hostrec's, byte for byte: te on, bpb cte csske off"
    "live: a host-recommended guest that disables vx starts, its QEMU runs hostrec's expansion: vx off, deprecated features off"
    "live: hypervisor-cpu-baseline --disable-deprecated-features of z13 is hostrec's, byte for byte"
    "live: hypervisor-cpu-baseline --disable-deprecated-features --features of z13 is hostrec's, byte for byte"
    "live: hypervisor-cpu-baseline --disable-deprecated-features of z14 is hostrec's, byte for byte"
    "live: hypervisor-cpu-baseline --disable-deprecated-features --features of z14 is hostrec's, byte for byte"
)
# CPUs whose -cpu of virsh domxml-to-native must be hostrec's:
# deprecated_features on the other modes, which libvirt 11.3 takes, and a
# forbidden feature where libvirt does not check the host CPU (stock 11.3
# has no TCG host CPU here, so only the patched one shows what it does on
# s390x)
DEPFEAT=(
    "custom-forbid-vx-check-none|<cpu mode='custom' match='exact'><model fallback='forbid'>z14</model><feature policy='forbid' name='vx'/></cpu>"
    "deprecated_features-custom-off|<cpu mode='custom' match='exact' deprecated_features='off'><model fallback='forbid'>z14</model><feature policy='require' name='te'/></cpu>"
    "deprecated_features-custom-on|<cpu mode='custom' match='exact' deprecated_features='on'><model fallback='forbid'>z14</model><feature policy='disable' name='te'/></cpu>"
    "deprecated_features-maximum-off|<cpu mode='maximum' deprecated_features='off'><feature policy='require' name='te'/></cpu>"
    "deprecated_features-host-model-off|<cpu mode='host-model' deprecated_features='off'><feature policy='require' name='te'/><feature policy='disable' name='vx'/></cpu>"
)
for C in "${DEPFEAT[@]}"; do
    LIVE+=("live: ${C%%|*}: libvirt's -cpu (virsh domxml-to-native) is hostrec's, byte for byte")
done
# CPUs libvirt refuses: hostrec must refuse them too
REFUSED=(
    "custom-match-minimum|<cpu mode='custom' match='minimum'><model fallback='forbid'>z13</model></cpu>"
    "host-model-forbid-vx|<cpu mode='host-model'><feature policy='forbid' name='vx'/></cpu>"
    "host-recommended-forbid-vx|<cpu mode='host-recommended'><feature policy='forbid' name='vx'/></cpu>"
    "custom-forbid-vx-check-partial|<cpu mode='custom' match='exact' check='partial'><model fallback='forbid'>z14</model><feature policy='forbid' name='vx'/></cpu>"
)
for C in "${REFUSED[@]}"; do
    LIVE+=("live: ${C%%|*}: libvirt refuses it (virsh domxml-to-native), and so does hostrec")
done
COMPAT=(
    "compat: a stock libvirtd 11.3 starts beside the patched one (its own socket and host_uuid)"
    "compat: stock libvirt itself refuses an s390x guest CPU with check='partial' under TCG here (\"unknown host CPU\"), host-recommended or not"
)
for C in partial none; do
    COMPAT+=(
        "compat: check='$C': virsh save on the patched daemon, virsh restore on the stock one"
        "compat: check='$C': the restored guest runs the CPU it ran before the save"
        "compat: check='$C': virsh migrate --live --p2p from the patched daemon to the stock one"
        "compat: check='$C': on the stock daemon the guest runs the CPU it ran before"
        "compat: check='$C': virsh migrate --live --p2p from the stock daemon back to the patched one"
        "compat: check='$C': back on the patched daemon the guest runs the CPU it ran before"
    )
done
STOPS=(
    "stop: the patched libvirtd, stopped by its PID, leaves nothing running"
    "stop: the stock libvirtd, stopped by its PID, leaves nothing running"
)

HR_URI=
STOCK_URI=
STOCK_OWN=
LIVE_WHY=

# on DAEMON: make DAEMON (hr or stock) the current one of tests/libvirtd.sh
on() { lvd_select "$1"; }

# vsh DAEMON ARG...: DAEMON's own virsh, at most 120 s
vsh() {
    on "$1"
    shift
    timeout 120 "${LVD_VIRSH[@]}" "$@"
}

# hostrec_cpu DOM: the -cpu hostrec gives the guest $TMP/DOM.xml on QEMU 10.0
hostrec_cpu() {
    "$HOSTREC" domxml-to-native qemu-argv "$TMP/$1.xml" --emulatorbin "$QEMU10" \
        > "$TMP/$1.argv" 2> "$TMP/$1.argv.err" || return 1
    cpu_arg "$TMP/$1.argv"
}

# same_argv DOM CPUXML: the guest DOM with CPUXML gets the same -cpu from
# the patched daemon's virsh domxml-to-native ($TMP/DOM.virsh-argv) and
# from hostrec; prints what differs
same_argv() {
    local dom=$1 spec out
    mkdom "$dom" "$2" > "$TMP/$dom.xml"
    spec=$(hostrec_cpu "$dom") || spec=
    vsh hr domxml-to-native qemu-argv "$TMP/$dom.xml" > "$TMP/$dom.virsh-argv" 2>&1
    out=$(cpu_arg "$TMP/$dom.virsh-argv")
    [ -n "$spec" ] || echo "hostrec domxml-to-native failed: $(cat "$TMP/$dom.argv.err")"
    [ -n "$out" ] || echo "virsh domxml-to-native: $(cat "$TMP/$dom.virsh-argv")"
    [ "$out" = "$spec" ] || printf 'libvirt: %s\nhostrec: %s\n' "$out" "$spec"
}

# guest_check DAEMON DOM SPEC TAG: DOM on DAEMON runs SPEC (the -cpu
# hostrec gives), every feature its QEMU reports deprecated off unless
# SPEC turns it on; the check's output in $TMP/TAG.chk; prints what is
# wrong
guest_check() {
    local d=$1 dom=$2 spec=$3 tag=$4 dep f want
    on "$d"
    python3 "$SRCDIR/libvirtdcpucheck.py" --cpu "$spec" "$dom" "${LVD_VIRSH[@]}" \
        > "$TMP/$tag.chk" 2>&1 || cat "$TMP/$tag.chk"
    dep=$(sed -n 's/^deprecated *//p' "$TMP/$tag.chk")
    [ -n "$dep" ] || echo "QEMU reports no deprecated feature"
    for f in $dep; do
        want=off
        case ",$spec," in *",$f=on,"*) want=on ;; esac
        grep -qx "$want $f" "$TMP/$tag.chk" || echo "$f is not $want in the guest"
    done
    grep -q '^guest ' "$TMP/$tag.chk" || echo "no properties read off the guest"
}

# same_cpu TAG REF: the guest of check TAG runs the CPU the one of check
# REF ran, property by property
same_cpu() {
    cmp -s <(grep '^guest ' "$TMP/$1.chk") <(grep '^guest ' "$TMP/$2.chk") ||
        diff <(grep '^guest ' "$TMP/$2.chk" | tr ' ' '\n') <(grep '^guest ' "$TMP/$1.chk" | tr ' ' '\n') |
            grep '^[<>]' | head -n 10
}

# why_stock FILE: why the stock daemon refuses the guest, when FILE has
# the error of its CPU check
why_stock() {
    grep -q "the CPU is incompatible with host CPU: unknown host CPU" "$1" || return 0
    cat <<'EOF'
why: with check='partial' stock libvirt 11.3 checks the guest's custom s390x
CPU (from the save image or the migration cookie) against the host CPU model
of its QEMU capabilities, with the CPU driver of the host's arch
(qemuProcessUpdateGuestCPU -> qemuDomainCheckCPU(hostarch) ->
virCPUx86Compare), and it has no host CPU model for an emulated s390x under
TCG at all: "unknown host CPU".  The series fixes both (patches 0007 and
0008) only on the patched side; check='none' skips that check (below).
EOF
}

# refused NAME CHECK ERRFILE [WHAT]: the stock daemon refused a step.
# With check='partial' and stock libvirt's own "unknown host CPU" (which
# the line "stock libvirt itself" shows for a guest that never was
# host-recommended) that is a TODO with the exact error; anything else
# fails.
refused() {
    local name=$1 chk=$2 file=$3 what=${4:-}
    if [ "$chk" = partial ] && [ -n "$(why_stock "$file")" ] && [ "$STOCK_OWN" = refuses ]; then
        todo "$name" "stock libvirt 11.3 cannot check an emulated s390x CPU on this x86_64 host" \
            ${what:+"$what"} "$(grep -m 1 'error:' "$file" || head -n 1 "$file")"
    else
        not_ok "$name" ${what:+"$what"} "$(cat "$file")" "$(why_stock "$file")"
    fi
}

# running DAEMON DOM: DOM has a running (or paused) QEMU on DAEMON
running() {
    vsh "$1" domid "$2" 2>/dev/null | grep -qx '[0-9][0-9]*'
}

live() {
    local why='' t0 rc dom spec f out i m
    local names=("${LIVE[@]}")

    t0=$(now_ns)
    if [ -z "$LIBVIRTHR" ]; then
        why=$NO_SRC
    elif ! qemu_ok "$QEMU10" 10.0; then
        why="no QEMU 10.0 for s390x ('$QEMU10'; tests/fetch-qemu10.sh, meson -Dqemu10=)"
    else
        on hr
        LVD_QEMU_ROOT=${QEMU10%/usr/bin/*}
        lvd_start hr "$LIBVIRTHR"
        rc=$?
        if [ "$rc" = 77 ]; then
            why=$LVD_WHY
        elif [ "$rc" != 0 ]; then
            not_ok "${names[0]}" "$LVD_WHY"
            LIVE_WHY="it did not start: $LVD_WHY"
            lvd_stop
            return 1
        fi
    fi
    if [ -n "$why" ]; then
        skip_all "$why" "${names[@]}"
        LIVE_WHY=$why
        return 77
    fi
    HR_URI=$LVD_URI
    ok "${names[0]}"
    diag "answering after $(secs "$t0" "$(now_ns)") s"

    # domain capabilities
    vsh hr domcapabilities --emulatorbin "$EMU" --arch s390x --virttype qemu \
        --machine s390-ccw-virtio > "$TMP/live-dc.xml" 2>&1
    check "${names[1]}" \
        "$(grep -q "<mode name='host-model' supported='yes'>" "$TMP/live-dc.xml" ||
               echo "host-model: $(grep "<mode name='host-model'" "$TMP/live-dc.xml" || head -n 3 "$TMP/live-dc.xml")"
           grep -q "<mode name='host-recommended' supported='yes'>" "$TMP/live-dc.xml" ||
               echo "host-recommended: $(grep "<mode name='host-recommended'" "$TMP/live-dc.xml" || head -n 3 "$TMP/live-dc.xml")"
           grep -q "reason=\|requires=" "$TMP/live-dc.xml" && echo "libvirt prints hostrec's reason=/requires=")"
    "$HOSTREC" domcapabilities --emulatorbin "$QEMU10" --arch s390x --virttype qemu \
        --machine s390-ccw-virtio > "$TMP/live-dc-hostrec.xml" 2> "$TMP/err"
    rc=$?
    check "${names[2]}" \
        "$( [ "$rc" = 0 ] || echo "hostrec failed: $(cat "$TMP/err")"
            diff <(hrblock "$TMP/live-dc.xml") <(hrblock "$TMP/live-dc-hostrec.xml") |
                sed -e "s/^</libvirt:/" -e "s/^>/hostrec:/" | grep -v '^---$'
            [ -n "$(hrblock "$TMP/live-dc.xml")" ] || echo "no host-recommended mode")"

    # a host-recommended guest, check='partial' by default
    dom=hostrec-hr
    mkdom "$dom" "<cpu mode='host-recommended'/>" > "$TMP/$dom.xml"
    vsh hr define "$TMP/$dom.xml" > "$TMP/err" 2>&1 &&
        vsh hr start --paused "$dom" >> "$TMP/err" 2>&1
    check "${names[3]}" \
        "$(running hr "$dom" || { cat "$TMP/err"; lvd_log | tail -n 5; })"
    spec=$(hostrec_cpu "$dom") || spec=
    diag "hostrec: -cpu ${spec:-(none: $(cat "$TMP/$dom.argv.err"))}"
    check "${names[4]}" \
        "$( [ -n "$spec" ] || echo "hostrec domxml-to-native failed: $(cat "$TMP/$dom.argv.err")"
            guest_check hr "$dom" "$spec" live)"
    diag "$(grep -v '^guest ' "$TMP/live.chk" | tr '\n' ';')"

    out=$(printf 'live %s\ninactive %s\nmigratable %s\n' \
              "$(vsh hr dumpxml "$dom" --xpath //cpu 2>&1 | head -n 1)" \
              "$(vsh hr dumpxml --inactive "$dom" --xpath //cpu 2>&1 | head -n 1)" \
              "$(vsh hr dumpxml --migratable "$dom" --xpath //cpu 2>&1 | head -n 1)")
    check "${names[5]}" \
        "$(printf '%s\n' "$out" | grep -q '^live <cpu mode="custom"' || echo "live XML: $(printf '%s\n' "$out" | grep '^live')"
           printf '%s\n' "$out" | grep -q '^inactive <cpu mode="host-recommended"' ||
               echo "inactive XML: $(printf '%s\n' "$out" | grep '^inactive')"
           printf '%s\n' "$out" | grep '^migratable ' | grep 'mode="host-model"' | grep -q 'deprecated_features="off"' ||
               echo "migratable XML: $(printf '%s\n' "$out" | grep '^migratable')")"
    diag "$(printf '%s\n' "$out" | grep '^migratable')"

    # the user turns a deprecated feature back on: the -cpu libvirt
    # builds
    dom=hostrec-te
    check "${names[6]}" \
        "$(same_argv "$dom" "<cpu mode='host-recommended'><feature policy='require' name='te'/></cpu>"
            out=$(cpu_arg "$TMP/$dom.virsh-argv")
            for f in te=on bpb=off cte=off csske=off; do
                case ",$out," in *",$f,"*) ;; *) echo "libvirt's -cpu has no $f" ;; esac
            done)"
    # QEMU under TCG implements no transactional execution (its "max" CPU,
    # host-model here, has no te, and it refuses te=on), so a guest that
    # keeps te cannot start here; one that turns a host feature off can
    dom=hostrec-novx
    mkdom "$dom" "<cpu mode='host-recommended'><feature policy='disable' name='vx'/></cpu>" > "$TMP/$dom.xml"
    spec=$(hostrec_cpu "$dom") || spec=
    vsh hr define "$TMP/$dom.xml" > "$TMP/err" 2>&1 &&
        vsh hr start --paused "$dom" >> "$TMP/err" 2>&1
    check "${names[7]}" \
        "$(running hr "$dom" || { cat "$TMP/err"; lvd_log | tail -n 5; }
           [ -n "$spec" ] || echo "hostrec domxml-to-native failed: $(cat "$TMP/$dom.argv.err")"
           case ",$spec," in *",vx=off,"*) ;; *) echo "hostrec's -cpu has no vx=off: $spec" ;; esac
           guest_check hr "$dom" "$spec" novx
           grep '^guest ' "$TMP/novx.chk" 2>/dev/null | grep -q ' vx=off\( \|$\)' ||
               echo "vx is not off in the guest")"
    vsh hr destroy "$dom" > /dev/null 2>&1

    # baseline
    i=8
    for m in z13 z14; do
        echo "<cpu><model>$m</model></cpu>" > "$TMP/$m.xml"
        for f in "" --features; do
            vsh hr hypervisor-cpu-baseline "$TMP/$m.xml" --emulator "$EMU" --arch s390x \
                --virttype qemu --disable-deprecated-features $f > "$TMP/bl-virsh.xml" 2>&1
            "$HOSTREC" hypervisor-cpu-baseline "$TMP/$m.xml" --emulatorbin "$QEMU10" \
                --virttype qemu --disable-deprecated-features $f > "$TMP/bl-hostrec.xml" 2>&1
            check "${names[$i]}" \
                "$(cmp -s "$TMP/bl-virsh.xml" "$TMP/bl-hostrec.xml" ||
                       diff "$TMP/bl-virsh.xml" "$TMP/bl-hostrec.xml" | sed -e "s/^</virsh:/" -e "s/^>/hostrec:/" |
                           grep -v '^---$' | head -n 20)"
            i=$((i + 1))
        done
    done
    for c in "${DEPFEAT[@]}"; do
        check "${names[$i]}" "$(same_argv "hostrec-df-${c%%|*}" "${c#*|}")"
        i=$((i + 1))
    done
    for c in "${REFUSED[@]}"; do
        dom=hostrec-no-${c%%|*}
        mkdom "$dom" "${c#*|}" > "$TMP/$dom.xml"
        spec=$(hostrec_cpu "$dom") && rc=0 || rc=1
        vsh hr domxml-to-native qemu-argv "$TMP/$dom.xml" > "$TMP/$dom.virsh-argv" 2>&1 && out=0 || out=1
        check "${names[$i]}" \
            "$( [ "$out" = 1 ] || echo "libvirt accepts it: $(cpu_arg "$TMP/$dom.virsh-argv")"
                [ "$rc" = 1 ] || echo "hostrec accepts it: -cpu $spec")"
        diag "libvirt: $(grep -m 1 error "$TMP/$dom.virsh-argv")" "hostrec: $(head -n 1 "$TMP/$dom.argv.err")"
        i=$((i + 1))
    done
    diag "live: $(secs "$t0" "$(now_ns)") s"
    return 0
}

# compat_one CHECK NAMES...: save/restore and migrations of a
# host-recommended guest with check='CHECK'; NAMES are its six lines
compat_one() {
    local chk=$1 dom ref spec port1 port2 err n
    shift
    local names=("$@")

    if [ "$chk" = partial ]; then
        dom=hostrec-hr        # the guest of "live", running
    else
        dom=hostrec-hrnone
        mkdom "$dom" "<cpu mode='host-recommended' check='none'/>" > "$TMP/$dom.xml"
        vsh hr define "$TMP/$dom.xml" > "$TMP/err" 2>&1 &&
            vsh hr start --paused "$dom" >> "$TMP/err" 2>&1
    fi
    ref=$dom-ref
    spec=$(hostrec_cpu "$dom") || spec=
    err=$(running hr "$dom" || { echo "the guest does not run on the patched daemon:"; cat "$TMP/err"; }
          [ -n "$spec" ] || echo "hostrec domxml-to-native failed: $(cat "$TMP/$dom.argv.err")"
          guest_check hr "$dom" "$spec" "$ref")
    if [ -n "$err" ]; then
        for n in "${names[@]}"; do not_ok "$n" "$err"; done
        return
    fi
    diag "check='$chk': the guest's CPU before: $(grep '^guest ' "$TMP/$ref.chk" | wc -w) properties read off it, compared after each step"

    # save on the patched daemon, restore on the stock one
    rm -f "$TMP/$dom.save"
    vsh hr save "$dom" "$TMP/$dom.save" > "$TMP/err" 2>&1 &&
        vsh stock restore "$TMP/$dom.save" >> "$TMP/err" 2>&1
    if running stock "$dom"; then
        ok "${names[0]}"
        check "${names[1]}" "$(guest_check stock "$dom" "$spec" "$dom-restored"; same_cpu "$dom-restored" "$ref")"
        vsh stock destroy "$dom" > /dev/null 2>&1
    else
        refused "${names[0]}" "$chk" "$TMP/err"
        refused "${names[1]}" "$chk" "$TMP/err" "nothing to check: the stock daemon did not restore the guest (above)"
    fi

    # migrate to the stock daemon and back: the patched daemon's guest is
    # started again (the save stopped it)
    vsh hr start --paused "$dom" > "$TMP/err" 2>&1
    read -r port1 port2 < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
    vsh hr migrate --live --p2p "$dom" "qemu+unix:///system?${STOCK_URI#*\?}" \
        --migrateuri "tcp://127.0.0.1:$port1" >> "$TMP/err" 2>&1
    if running stock "$dom" && ! running hr "$dom"; then
        ok "${names[2]}"
        check "${names[3]}" "$(guest_check stock "$dom" "$spec" "$dom-there"; same_cpu "$dom-there" "$ref")"
    else
        refused "${names[2]}" "$chk" "$TMP/err"
        refused "${names[3]}" "$chk" "$TMP/err" "nothing to check: the guest did not migrate (above)"
        # with the guest not on the stock daemon, try to run it there from
        # its live definition, to show what the stock daemon says
        vsh hr dumpxml "$dom" > "$TMP/$dom-live.xml" 2>&1
        vsh stock create "$TMP/$dom-live.xml" > "$TMP/err" 2>&1
    fi
    if running stock "$dom"; then
        vsh stock migrate --live --p2p "$dom" "qemu+unix:///system?${HR_URI#*\?}" \
            --migrateuri "tcp://127.0.0.1:$port2" > "$TMP/err" 2>&1
        if running hr "$dom" && ! running stock "$dom"; then
            ok "${names[4]}"
            check "${names[5]}" "$(guest_check hr "$dom" "$spec" "$dom-back"; same_cpu "$dom-back" "$ref")"
        else
            not_ok "${names[4]}" "$(cat "$TMP/err")"
            not_ok "${names[5]}" "nothing to check: the guest did not migrate (above)"
        fi
    else
        refused "${names[4]}" "$chk" "$TMP/err" "no guest with check='$chk' runs on the stock daemon to migrate back: virsh create of the patched daemon's live definition of '$dom' there fails:"
        refused "${names[5]}" "$chk" "$TMP/err" "nothing to check: the guest did not migrate (above)"
    fi
    vsh hr destroy "$dom" > /dev/null 2>&1
    vsh stock destroy "$dom" > /dev/null 2>&1
}

compat() {
    local live_rc=$1 why='' t0 rc

    t0=$(now_ns)
    if [ "$live_rc" != 0 ]; then
        why="no patched libvirtd: $LIVE_WHY"
    elif [ -z "$LIBVIRT11" ]; then
        why="no libvirt 11.3 tree (tests/fetch-libvirt11.sh DIR; meson -Dlibvirt11=DIR/tree)"
    else
        on stock
        LVD_QEMU_ROOT=${QEMU10%/usr/bin/*}
        lvd_start 11.3 "$LIBVIRT11"
        rc=$?
        if [ "$rc" = 77 ]; then
            why=$LVD_WHY
        elif [ "$rc" != 0 ]; then
            not_ok "${COMPAT[0]}" "$LVD_WHY"
            return
        fi
    fi
    if [ -n "$why" ]; then
        skip_all "$why" "${COMPAT[@]}"
        return
    fi
    STOCK_URI=$LVD_URI
    check "${COMPAT[0]}" \
        "$(u1=$(sed -n 's/^host_uuid = //p' "$LVD_DIR/etc/upper/libvirt/libvirtd.conf")
           on hr
           u2=$(sed -n 's/^host_uuid = //p' "$LVD_DIR/etc/upper/libvirt/libvirtd.conf")
           [ -n "$u1" ] && [ "$u1" != "$u2" ] || echo "host_uuid: stock $u1, patched $u2"
           [ "$STOCK_URI" != "$HR_URI" ] || echo "one socket for both: $HR_URI")"

    # what stock libvirt 11.3 does with an s390x custom CPU it was given
    # directly, never host-recommended, with check='partial'
    mkdom hostrec-stockcustom "<cpu mode='custom' match='exact' check='partial'><model fallback='forbid'>gen15a-base</model></cpu>" \
        > "$TMP/stockcustom.xml"
    vsh stock create "$TMP/stockcustom.xml" > "$TMP/stockcustom.err" 2>&1
    if running stock hostrec-stockcustom; then
        STOCK_OWN=starts
        not_ok "${COMPAT[1]}" "stock libvirt started it: its check works here, so a refusal below is not its own limitation"
        vsh stock destroy hostrec-stockcustom > /dev/null 2>&1
    elif [ -n "$(why_stock "$TMP/stockcustom.err")" ]; then
        STOCK_OWN=refuses
        ok "${COMPAT[1]}"
        diag "$(grep -m 1 'error:' "$TMP/stockcustom.err")" "$(why_stock "$TMP/stockcustom.err")"
    else
        STOCK_OWN=other
        not_ok "${COMPAT[1]}" "$(cat "$TMP/stockcustom.err")"
    fi

    compat_one partial "${COMPAT[@]:2:6}"
    compat_one none "${COMPAT[@]:8:6}"
    diag "compat: $(secs "$t0" "$(now_ns)") s"
}

stop_all() {
    local d i=0
    for d in hr stock; do
        on "$d"
        if [ -z "$LVD_PID" ]; then
            skip "${STOPS[$i]}" "it did not run"
        elif lvd_stop 2> "$TMP/err"; then
            ok "${STOPS[$i]}"
        else
            not_ok "${STOPS[$i]}" "$(cat "$TMP/err")"
        fi
        i=$((i + 1))
    done
}

T0=$(now_ns)
recordings
headers
argv
live
compat $?
stop_all
diag "whole run: $(secs "$T0" "$(now_ns)") s"
echo "1..$N"
exit "$FAILED"
