#!/bin/sh
# Check that the code the developer documents name is where they say, so
# that they stay true when code moves.  Speaks TAP.
#
# For docs/internals.rst and docs/hacking.rst:
#
#  - every function named as ``name()`` is defined under src/, tools/ or
#    tests/ (a line that starts with "name(", the house style of a
#    definition);
#  - every function named together with its file, as
#    ``name()`` (``file.c``,  ``name()``, ``file.c``  or
#    ``name()`` in ``file.c``  (the file right after the name, in
#    parentheses, after a comma or after "in", also across a line break),
#    is defined in that very file.  A bare
#    file name (``cpu_s390.c``) is looked up under src/*/ and tools/ and
#    must be found exactly once; a header must declare the function;
#  - every path under src/, tools/, tests/, docs/ or po/ that they name
#    (``src/cpu/cpu_s390.c``, ``tests/qemuxmlconfdata/``) exists.  A path
#    that does not, but holds a placeholder in capitals
#    (``tools/hostrec-NAME.c``), is a pattern and is not checked.
set -u
top=${1:?usage: internalstest.sh SRCROOT}
cd "$top" || exit 1

docs="docs/internals.rst docs/hacking.rst"

n=0
fail=0

ok() {
    n=$((n + 1))
    echo "ok $n - $1"
}

notok() {
    n=$((n + 1))
    echo "not ok $n - $1"
    fail=1
}

# The file name @1 as the docs give it, as a path from the top: itself
# when it has a directory, else its one match under src/*/, tools/ or
# tests/.
resolve() {
    case $1 in
    */*)
        echo "$1"
        return
        ;;
    esac
    # shellcheck disable=SC2086
    set -- $(ls src/*/"$1" tools/"$1" tests/"$1" 2>/dev/null)
    [ $# -eq 1 ] && echo "$1"
}

for doc in $docs; do
    if [ ! -f "$doc" ]; then
        notok "$doc exists"
        continue
    fi

    # One line per paragraph: a name and its file may be split by a
    # line break.
    text=$(awk 'NF { printf "%s ", $0; next } { print "" } END { print "" }' "$doc")

    names=$(printf '%s\n' "$text" |
            grep -oE '``[A-Za-z_][A-Za-z0-9_]*\(\)``' |
            tr -d '`()' | LC_ALL=C sort -u)
    for f in $names; do
        if grep -qE "^$f\(" src/*/*.c tools/*.c tests/*.c; then
            ok "$doc: $f() is defined"
        else
            notok "$doc names $f(), which src/, tools/ and tests/ do not define"
        fi
    done

    pairs=$(printf '%s\n' "$text" |
            grep -oE '``[A-Za-z_][A-Za-z0-9_]*\(\)``([[:space:]]*[(,]|[[:space:]]+in)[[:space:]]*``[A-Za-z0-9_./-]+\.[ch]``' |
            sed -E 's/^``([A-Za-z0-9_]+)\(\)``[^`]*``([^`]+)``$/\1 \2/' |
            LC_ALL=C sort -u | tr ' ' ':')
    for pair in $pairs; do
        f=${pair%%:*}
        file=${pair#*:}
        path=$(resolve "$file")
        if [ -z "$path" ] || [ ! -f "$path" ]; then
            notok "$doc names $f() in $file, which is not one file of src/, tools/ or tests/"
            continue
        fi
        case $path in
        *.h) pattern="[^A-Za-z0-9_]$f\(" ;;
        *) pattern="^$f\(" ;;
        esac
        if grep -qE "$pattern" "$path"; then
            ok "$doc: $f() is in $path"
        else
            notok "$doc names $f() in $file, but $path does not $([ "${path%.h}" = "$path" ] && echo define || echo declare) it"
        fi
    done

    paths=$(printf '%s\n' "$text" |
            grep -oE '``(src|tools|tests|docs|po)/[A-Za-z0-9_./-]*``' |
            tr -d '`' | LC_ALL=C sort -u)
    for p in $paths; do
        if [ -e "$p" ]; then
            ok "$doc: $p exists"
        elif printf '%s\n' "$p" | grep -qE '[A-Z]{2,}'; then
            :   # a placeholder: tools/hostrec-NAME.c
        else
            notok "$doc names $p, which does not exist"
        fi
    done
done

echo "1..$n"
exit $fail
