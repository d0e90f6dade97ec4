#!/bin/sh
# Run one fuzz target for a while; fail on a crash, a leak, a timeout or
# running out of memory.
#
#   fuzz/run.sh TARGET SECONDS [BUILDDIR] [-- EXTRA LIBFUZZER OPTIONS]
#
# BUILDDIR (default build-fuzz) is a build directory configured with
#   CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined
# The corpus grows in fuzz/corpus/TARGET (seeded by fuzz/seed.sh when
# empty); crashing inputs are written to fuzz/artifacts/.  The target's
# dictionary in fuzz/dict/ (names with ',' '=' control characters and
# bytes that are not UTF-8, where names go) is passed with -dict.
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET SECONDS [BUILDDIR] [-- LIBFUZZER-OPTIONS]" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
target=$1
seconds=$2
shift 2
builddir="$top/build-fuzz"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    builddir=$1
    shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift

exe="$builddir/fuzz/$target"
if [ ! -x "$exe" ]; then
    echo "$0: no fuzz target '$exe' (build with -Dfuzzing=true)" >&2
    exit 2
fi

corpus="$here/corpus/$target"
if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    "$here/seed.sh" "$here/corpus" >/dev/null
fi
mkdir -p "$here/artifacts"

case $target in
    fuzz_domainxml|fuzz_cpuinput|fuzz_capscache|fuzz_libvirtcaps) dict="$here/dict/xml.dict" ;;
    fuzz_replies|fuzz_qmpreply) dict="$here/dict/json.dict" ;;
    *) dict= ;;
esac

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export LC_ALL=C

# libFuzzer exits non-zero on any crash, leak, timeout or OOM; set -e
# turns that into our failure.
exec "$exe" \
    -max_total_time="$seconds" \
    -rss_limit_mb=2048 \
    -timeout=25 \
    -print_final_stats=1 \
    -artifact_prefix="$here/artifacts/$target-" \
    ${dict:+-dict="$dict"} \
    "$@" \
    "$corpus"
