#!/bin/sh
# Check that every function docs/internals.rst names as ``name()`` is
# defined under src/ or tools/, so that the walk through the code stays
# true when code moves.  Speaks TAP.
set -u
top=${1:?usage: internalstest.sh SRCROOT}
cd "$top" || exit 1

names=$(grep -oE '``[A-Za-z_][A-Za-z0-9_]*\(\)``' docs/internals.rst |
        tr -d '`()' | LC_ALL=C sort -u)

n=0
fail=0
for f in $names; do
    n=$((n + 1))
    if grep -qE "^$f\(" src/*/*.c tools/*.c; then
        echo "ok $n - $f() is defined"
    else
        echo "not ok $n - docs/internals.rst names $f(), which src/ and tools/ do not define"
        fail=1
    fi
done
echo "1..$n"
exit $fail
