#!/bin/sh
# The hostrec executable exports none of libhostrec.a's symbols.  libvirt.so
# has private symbols of the same names (virDomainDefNew,
# virResetLastError, ...) and calls them through its PLT: an exported
# definition in the executable would be bound in their place, and libvirt
# would run hostrec's code.  tools/meson.build links with --exclude-libs
# for this.  Speaks TAP.
set -u
hostrec=${1:?usage: linktest.sh HOSTREC LIBHOSTREC}
lib=${2:?usage: linktest.sh HOSTREC LIBHOSTREC}

if ! command -v nm >/dev/null 2>&1; then
    echo "1..0 # SKIP nm (binutils) is not installed"
    exit 0
fi

exported=$(nm -D --defined-only "$hostrec" | awk '{ print $3 }' | sed 's/@.*//' | sort -u)
ours=$(nm --defined-only "$lib" 2>/dev/null | awk 'NF == 3 && $2 ~ /[TDBR]/ { print $3 }' | sort -u)
both=$(printf '%s\n' "$exported" | grep -xF "$ours" || true)

echo "1..2"
if [ -n "$ours" ]; then
    echo "ok 1 - libhostrec.a defines symbols"
else
    echo "not ok 1 - no symbol found in $lib"
fi
if [ -z "$both" ]; then
    echo "ok 2 - the executable exports none of libhostrec.a's symbols"
else
    echo "not ok 2 - the executable exports:" $both
    exit 1
fi
