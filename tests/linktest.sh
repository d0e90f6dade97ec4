#!/bin/sh
# The hostrec executable exports none of libhostrec.a's symbols.  libvirt.so
# has private symbols of the same names (virDomainDefNew,
# virResetLastError, ...) and calls them through its PLT: an exported
# definition in the executable would be bound in their place, and libvirt
# would run hostrec's code.  tools/meson.build links with --exclude-libs
# for this.  It still matters although hostrec loads libvirt.so.0 with
# dlopen(RTLD_LOCAL): the executable's dynamic symbols come first in the
# lookup scope of every library, loaded at start or later.
# And hostrec does not link libvirt.so at all (no DT_NEEDED entry): it is
# loaded only when a command connects (tools/hostrec-connect.c), so the
# other commands start without it and its fifty dependencies.  Speaks TAP.
set -u
hostrec=${1:?usage: linktest.sh HOSTREC LIBHOSTREC}
lib=${2:?usage: linktest.sh HOSTREC LIBHOSTREC}

if ! command -v nm >/dev/null 2>&1 || ! command -v readelf >/dev/null 2>&1; then
    echo "1..0 # SKIP nm or readelf (binutils) is not installed"
    exit 0
fi

exported=$(nm -D --defined-only "$hostrec" | awk '{ print $3 }' | sed 's/@.*//' | sort -u)
ours=$(nm --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDBR]/ { print $3 }' | sort -u)
both=$(printf '%s\n' "$exported" | grep -xF "$ours" || true)
needed=$(readelf -d "$hostrec" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
status=0

echo "1..4"
if [ -n "$ours" ]; then
    echo "ok 1 - libhostrec.a defines symbols"
else
    echo "not ok 1 - no symbol found in $lib"
fi
if [ -z "$both" ]; then
    echo "ok 2 - the executable exports none of libhostrec.a's symbols"
else
    echo "not ok 2 - the executable exports:" $both
    status=1
fi
if [ -n "$needed" ]; then
    echo "ok 3 - readelf lists the executable's DT_NEEDED entries"
else
    echo "not ok 3 - no DT_NEEDED entry found in $hostrec"
    status=1
fi
if printf '%s\n' "$needed" | grep -q '^libvirt\.so'; then
    echo "not ok 4 - the executable needs" $(printf '%s\n' "$needed" | grep '^libvirt\.so')
    status=1
else
    echo "ok 4 - the executable does not need libvirt.so"
fi
exit $status
