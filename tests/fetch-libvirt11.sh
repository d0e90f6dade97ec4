#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# fetch-libvirt11.sh - put Debian bookworm-backports' libvirt 11.3 (the
# monolithic libvirtd, its QEMU driver and virsh) into a private
# directory, without installing anything system-wide.
#
#   tests/fetch-libvirt11.sh DIR
#
# Debian 12 ships libvirt 9.0, which knows nothing of deprecated CPU
# features; bookworm-backports has 11.3, which does.  Installing it would
# replace the system's 9.0, which the tests also run, so the packages are
# downloaded with apt-get download and unpacked with dpkg -x into
# DIR/tree.  The package set is the libvirt* part of the dependency
# closure of libvirt-daemon, libvirt-daemon-driver-qemu and
# libvirt-clients in that suite; every other library they need must be
# on the system already (checked with ldd: on Debian 12 with libvirt 9.0
# installed, all are).  tests/libvirtd.sh runs it in a private mount
# namespace where DIR/tree/usr is laid over /usr.
#
# Like tests/fetch-qemu10.sh it adds bookworm-backports to apt's sources
# when apt does not know it (Debian marks backports NotAutomatic: nothing
# installed changes) and prints DIR/tree on its last line; a second run
# with a complete DIR only prints it (DIR/.complete records the versions).
# Delete DIR to fetch again.

set -euo pipefail

SUITE=bookworm-backports
TOP="libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients"

log() { printf 'fetch-libvirt11: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd) || die "cannot create '$1'"
tree=$dir/tree

if [ -f "$dir/.complete" ] && [ -x "$tree/usr/sbin/libvirtd" ]; then
    echo "$tree"
    exit 0
fi

for b in apt-get apt-cache dpkg ldd; do
    command -v "$b" >/dev/null || die "'$b' is missing"
done
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")

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

# The libvirt* packages TOP depends on, level by level (one apt-cache
# call per level: each costs a second or two).
pkgs=" "
level=$TOP
while [ -n "$level" ]; do
    for p in $level; do pkgs="$pkgs$p "; done
    next=
    for p in $(apt-cache depends -t "$SUITE" --no-recommends --no-suggests \
                   --no-conflicts --no-breaks --no-replaces --no-enhances $level |
               awk '$1 ~ /^\|?(Pre)?Depends:$/ {print $2}' | grep '^libvirt' | sort -u); do
        case "$pkgs$next " in
            *" $p "*) ;;
            *) next="$next $p " ;;
        esac
    done
    level=$next
done

versions=$(apt-cache policy -t "$SUITE" $pkgs 2>/dev/null |
           awk '/^[^ ].*:$/ {p = substr($1, 1, length($1) - 1)} /Candidate:/ {print p "=" $2}' |
           tr '\n' ' ')
log "fetching $versions"

rm -rf "$dir/debs" "$tree" "$dir/.complete"
mkdir -p "$dir/debs" "$tree"
# apt-get download as root drops privileges to _apt, which must be able
# to write here
getent passwd _apt >/dev/null && chown _apt "$dir/debs"
(cd "$dir/debs" && apt-get download -q -t "$SUITE" $pkgs) >"$dir/download.log" 2>&1 ||
    { cat "$dir/download.log" >&2; die "apt-get download failed"; }
for deb in "$dir"/debs/*.deb; do
    dpkg -x "$deb" "$tree" || die "dpkg -x '$deb' failed"
done

for f in "$tree/usr/sbin/libvirtd" "$tree/usr/bin/virsh" \
         "$tree/usr/lib/$multiarch/libvirt/connection-driver/libvirt_driver_qemu.so"; do
    [ -f "$f" ] || die "the packages hold no '$f'"
done
missing=$(
    export LD_LIBRARY_PATH=$tree/usr/lib/$multiarch
    find "$tree/usr" -type f \( -name '*.so*' -o -perm -u+x \) | while read -r f; do
        head -c 4 "$f" | grep -q ELF || continue
        # grep finds nothing for a complete binary: not a failure
        ldd "$f" 2>&1 | { grep 'not found' || true; } | sed "s|^|${f#"$tree"}: |"
    done)
[ -z "$missing" ] || die "libvirt 11.3 needs libraries this system lacks: $missing"
"$tree/usr/sbin/libvirtd" --version 2>/dev/null | grep -q ' 11\.' ||
    { LD_LIBRARY_PATH=$tree/usr/lib/$multiarch "$tree/usr/sbin/libvirtd" --version | grep -q ' 11\.'; } ||
    die "'$tree/usr/sbin/libvirtd' is not libvirt 11"

echo "$versions" > "$dir/.complete"
echo "$tree"
