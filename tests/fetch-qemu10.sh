#!/bin/bash
# fetch-qemu10.sh - put Debian bookworm-backports' QEMU 10.0 for s390x into
# a private directory, without installing anything system-wide.
#
#   tests/fetch-qemu10.sh DIR
#
# Debian 12 ships QEMU 7.2 (qemu-system-misc), which reports no deprecated
# CPU features; bookworm-backports has QEMU 10.0, which does.  Its
# qemu-system-s390x Breaks qemu-system-misc, and the live tests want both,
# so the three packages are downloaded with apt-get download and unpacked
# with dpkg -x into DIR/tree.  Its firmware (s390-ccw.img) is in
# DIR/tree/usr/share/qemu; QEMU 10 looks there (../share/qemu beside its
# binary) only after the system's /usr/share/qemu, which holds 7.2's
# firmware when qemu-system-misc is installed, so whoever starts a guest
# on it passes -L DIR/tree/usr/share/qemu (the live tests do).  The probe
# (-machine none) loads no firmware.
#
# It adds bookworm-backports to apt's sources when apt does not know it
# (Debian marks backports NotAutomatic: nothing installed changes), checks
# with ldd that the binary finds all its libraries on this system, and
# prints the path of the binary on its last line.  A second run with a
# complete DIR does nothing but print that path (DIR/.complete records the
# versions); delete DIR to fetch again.

set -euo pipefail

SUITE=bookworm-backports
PKGS="qemu-system-s390x qemu-system-common qemu-system-data"

log() { printf 'fetch-qemu10: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd) || die "cannot create '$1'"
bin=$dir/tree/usr/bin/qemu-system-s390x

if [ -f "$dir/.complete" ] && [ -x "$bin" ]; then
    echo "$bin"
    exit 0
fi

for b in apt-get apt-cache dpkg ldd; do
    command -v "$b" >/dev/null || die "'$b' is missing"
done

if ! apt-cache policy 2>/dev/null | grep -q "n=$SUITE"; then
    [ "$(id -u)" = 0 ] || die "apt does not know $SUITE and only root can add it"
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$uri" ] || die "no Debian mirror found in apt's sources"
    log "adding $SUITE ($uri) to apt's sources"
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$uri" "$SUITE" > "/etc/apt/sources.list.d/$SUITE.sources"
    apt-get update -q >/dev/null || die "apt-get update failed"
fi

versions=$(apt-cache policy -t "$SUITE" $PKGS 2>/dev/null |
           awk '/^[^ ].*:$/ {p = substr($1, 1, length($1) - 1)} /Candidate:/ {print p "=" $2}' |
           tr '\n' ' ')
log "fetching $versions"

rm -rf "$dir/debs" "$dir/tree" "$dir/.complete"
mkdir -p "$dir/debs" "$dir/tree"
# apt-get download as root drops privileges to _apt, which must be able
# to write here
getent passwd _apt >/dev/null && chown _apt "$dir/debs"
(cd "$dir/debs" && apt-get download -q -t "$SUITE" $PKGS) >"$dir/download.log" 2>&1 ||
    { cat "$dir/download.log" >&2; die "apt-get download failed"; }
for deb in "$dir"/debs/*.deb; do
    dpkg -x "$deb" "$dir/tree" || die "dpkg -x '$deb' failed"
done

[ -x "$bin" ] || die "the packages hold no '$bin'"
missing=$(ldd "$bin" | grep 'not found' || true)
[ -z "$missing" ] || die "QEMU 10.0 needs libraries this system lacks: $missing"
"$bin" --version | head -n 1 | grep -q '^QEMU emulator version 10\.' ||
    die "'$bin' is not QEMU 10"

echo "$versions" > "$dir/.complete"
echo "$bin"
