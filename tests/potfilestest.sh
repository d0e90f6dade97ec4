#!/bin/sh
# Check that po/POTFILES lists exactly the source files that hold
# translatable messages, so that no user-visible message escapes the
# catalogue.  Speaks TAP.
set -u
top=${1:?usage: potfilestest.sh SRCROOT}
cd "$top" || exit 1

want=$(grep -lE '\b(N?_)\("' src/*/*.c tools/*.c 2>/dev/null | LC_ALL=C sort)
have=$(grep -v '^#' po/POTFILES | grep -v '^$' | LC_ALL=C sort)

n=0
fail=0
for f in $want; do
    n=$((n + 1))
    if printf '%s\n' "$have" | grep -qxF "$f"; then
        echo "ok $n - $f is in po/POTFILES"
    else
        echo "not ok $n - $f has translatable messages but is missing from po/POTFILES"
        fail=1
    fi
done
for f in $have; do
    n=$((n + 1))
    if [ -f "$f" ]; then
        echo "ok $n - po/POTFILES entry $f exists"
    else
        echo "not ok $n - po/POTFILES lists $f, which does not exist"
        fail=1
    fi
done
echo "1..$n"
exit $fail
