#!/bin/sh
# hostrec loads libvirt's client library (libvirt.so.0) only when a
# command connects (tools/hostrec-connect.c).  With a libvirt.so.0 that
# cannot be loaded first on the library path (an empty file, as a broken
# or half-removed install would leave), a connecting command fails with
# one "error:" line and the commands that do not connect work and never
# look for the library (the dynamic loader's own trace, LD_DEBUG=files,
# says which files it opens).  Run from tests/ with HOSTREC set; the
# build without libvirt skips.  Speaks TAP.
set -u
hostrec=${HOSTREC:?HOSTREC is not set}
with_libvirt=${1:?usage: libvirtloadtest.sh WITH_LIBVIRT(0|1)}

if [ "$with_libvirt" != 1 ]; then
    echo "1..0 # SKIP built without libvirt (-Dlibvirt=disabled)"
    exit 0
fi

replay=qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/lib"
: > "$tmp/lib/libvirt.so.0"
broken="$tmp/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

echo "1..8"

# 1-2: a connecting command, one error line, nothing on stdout
LD_LIBRARY_PATH=$broken "$hostrec" -c test:///default validate --domain test \
    >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -ne 0 ] && [ ! -s "$tmp/out" ]; then
    ok "validate --domain fails without libvirt.so.0 (exit $status)"
else
    notok "validate --domain: exit $status, stdout: $(cat "$tmp/out")"
fi
if [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
   grep -q "^error: .*cannot load libvirt's client library 'libvirt\.so\.0': .*; install libvirt0\$" "$tmp/err"; then
    ok "one error line naming libvirt.so.0"
else
    notok "stderr: $(cat "$tmp/err")"
fi

# 3: define connects too
LD_LIBRARY_PATH=$broken "$hostrec" -c test:///default define \
    qemuxmlconfdata/cpu-host-recommended.xml >"$tmp/out" 2>"$tmp/err"
status=$?
if [ "$status" -ne 0 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
   grep -q "cannot load libvirt's client library" "$tmp/err"; then
    ok "define fails with the same one line"
else
    notok "define: exit $status, stderr: $(cat "$tmp/err")"
fi

# 4-5: what does not connect works, with or without the library
for args in "--version" "domcapabilities --replay $replay"; do
    # shellcheck disable=SC2086
    "$hostrec" $args >"$tmp/want" 2>&1
    # shellcheck disable=SC2086
    LD_LIBRARY_PATH=$broken "$hostrec" $args >"$tmp/got" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
        ok "'$args' works without libvirt.so.0"
    else
        notok "'$args' without libvirt.so.0: exit $status: $(head -c 300 "$tmp/got")"
    fi
done

# 6-7: the dynamic loader never looks for libvirt.so.0 for them
for args in "-c test:///default validate qemuxmlconfdata/cpu-host-recommended.xml" \
            "domcapabilities --replay $replay"; do
    # shellcheck disable=SC2086
    LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$hostrec" $args >/dev/null 2>&1
    if ls "$tmp"/ld* >/dev/null 2>&1 && ! grep -q 'file=libvirt\.so' "$tmp"/ld*; then
        ok "'$args' does not load libvirt.so.0"
    else
        notok "'$args' loads libvirt.so.0 (or no loader trace)"
    fi
    rm -f "$tmp"/ld*
done

# 8: and a connecting command does (the check above can fail)
LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$hostrec" -c test:///default \
    validate --domain test >/dev/null 2>&1
if grep -q 'file=libvirt\.so\.0' "$tmp"/ld* 2>/dev/null; then
    ok "validate --domain loads libvirt.so.0"
else
    notok "validate --domain: no libvirt.so.0 in the loader's trace"
fi

exit $fail
