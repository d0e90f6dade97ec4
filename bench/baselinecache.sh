#!/bin/sh
# hypervisor-cpu-baseline with a cold and a warm capabilities cache, and
# --live, side by side; see bench/README.md.
#
#   bench/baselinecache.sh HOSTREC QEMU-BINARY [ROUNDS]
#
# Each round, interleaved: the default (offline) baseline of a 3-CPU fleet
# with an empty cache (it probes the per-model feature sets and writes
# them into the cache), the same again with that cache (no probe), and
# --live.  Prints each run's wall time and the medians; asserts nothing.
set -eu

hostrec=$1
qemu=$2
rounds=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/fleet.xml" <<'XML'
<cpu><model>z14</model><feature name='vxeh' policy='disable'/></cpu>
<cpu><model>gen15a</model></cpu>
<cpu><model>z14.2-base</model><feature name='gs'/></cpu>
XML

now() { date +%s%N; }
run() {
    # run NAME CACHE-DIR ARGS...: one timed run, appended to $work/NAME
    name=$1
    cache=$2
    shift 2
    t0=$(now)
    XDG_CACHE_HOME=$cache "$hostrec" hypervisor-cpu-baseline --emulatorbin "$qemu" \
        "$@" "$work/fleet.xml" > /dev/null
    t1=$(now)
    echo $(( (t1 - t0) / 1000000 )) >> "$work/$name"
}

i=0
while [ "$i" -lt "$rounds" ]; do
    rm -rf "$work/cache"
    run cold "$work/cache"
    run warm "$work/cache"
    run live "$work/cache" --live
    i=$((i + 1))
done

median() { sort -n "$work/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for n in cold warm live; do
    printf '%s ms: %s (median %s)\n' "$n" "$(tr '\n' ' ' < "$work/$n")" "$(median "$n")"
done
