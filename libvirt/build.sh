#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# build.sh - build libvirt 11.3.0 with our patch series (libvirt/patches)
# and install it into a private directory, without installing anything
# of it system-wide.
#
#   libvirt/build.sh [--check] DIR
#
# It installs the build dependencies that are missing (only those; as
# root), fetches libvirt's release tarball from Debian trixie's source
# package libvirt 11.3.0-3+deb13u3 through a private apt configuration
# under DIR (apt's own sources stay as they are; the tarball's sha256 is
# checked and it is kept in DIR, so it is downloaded once), unpacks it
# into DIR/src, applies every libvirt/patches/*.patch in order, builds in
# DIR/build with ccache and installs into DIR/tree with DESTDIR: the
# layout of the tree tests/fetch-libvirt11.sh makes (usr/sbin/libvirtd,
# usr/bin/virsh, usr/lib/MULTIARCH/libvirt/connection-driver/...), which
# tests/libvirtd.sh lays over /usr.  Only the QEMU driver, the daemon,
# the remote driver and the test driver are built (see OPTIONS).  As in
# Debian's packages, the binaries have no RPATH: outside that namespace
# they load the system's libvirt.so.0 (9.0, which lacks their symbol
# versions) unless run with LD_LIBRARY_PATH=DIR/tree/usr/lib/MULTIARCH.
#
# --check runs libvirt's own tests of what the series touches (TESTS)
# after building, and fails when one fails.
#
# DIR/.complete holds a hash of the tarball's checksum, the patches, the
# meson options and this script.  A second run with the same hash and a
# complete tree only prints (and with --check runs the tests again); a
# changed series unpacks and patches the sources again but keeps
# DIR/build, and only the files whose content changed get a new mtime,
# so ninja rebuilds only what the change touches (and ccache, with
# CCACHE_BASEDIR=DIR, serves whatever another DIR compiled before).
# It prints the paths of libvirtd and virsh, and DIR/tree on its last
# line:
#
#   lv=$(libvirt/build.sh DIR | tail -n 1)
#
# Delete DIR to start again from scratch.

set -euo pipefail

VERSION=11.3.0
SRCPKG=libvirt=11.3.0-3+deb13u3
SUITE=trixie
TARBALL=libvirt_$VERSION.orig.tar.xz
TARBALL_SHA256=6bcb0c42c4580436fea262ced56f68a6afe20f7390b1bea2116718cc034a0283
DEPS=(meson ninja-build gcc pkg-config ccache xz-utils xsltproc libxml2-utils
      libglib2.0-dev libxml2-dev libjson-c-dev libgnutls28-dev libtirpc-dev
      libnl-3-dev libnl-route-3-dev libreadline-dev python3 python3-docutils
      perl)
# libvirt's tests of the CPU definition, its XML, the QEMU capabilities,
# the QEMU command line and monitor, and migration: what the series changes
TESTS=(qemuxmlconftest domaincapstest qemucapabilitiestest cputest
       virschematest genericxml2xmltest qemumonitorjsontest
       qemuxmlactivetest qemumigrationcookiexmltest)

log() { printf 'libvirt-build: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { echo "usage: $0 [--check] DIR" >&2; exit 2; }

check=false
case ${1:-} in
    --check) check=true; shift ;;
    -*) usage ;;
esac
[ $# -eq 1 ] || usage
dir=$(mkdir -p "$1" && cd "$1" && pwd) || die "cannot create '$1'"
self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
patchdir=$(dirname "$self")/patches
src=$dir/src
build=$dir/build
tree=$dir/tree

# One run at a time in DIR.
exec 9>"$dir/.lock"
flock 9

# --- 1. Build dependencies: install only the missing ones --------------
missing=()
for p in "${DEPS[@]}"; do
    case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) in
        *" installed") ;;
        *) missing+=("$p") ;;
    esac
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] ||
        die "missing build dependencies (only root can install them): ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null || die "apt-get update failed"
    apt-get install -y -q --no-install-recommends --no-upgrade "${missing[@]}" >&2 ||
        die "apt-get install ${missing[*]} failed"
fi
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu")

# The meson options, one per line.  The set is minimal on purpose: the
# series changes the CPU definition and the QEMU driver, so the build
# keeps the QEMU driver, the monolithic daemon (libvirtd), the remote
# driver (virsh talks to libvirtd through it), the test driver (libvirt's
# tests use it) and the tests; docs, every other hypervisor and storage
# driver and every optional integration are off.  That needs the fewest
# packages and the fewest ninja steps, and the result is what
# tests/libvirtd.sh runs.  No -Dsystem=true: the paths below are the
# system's already, and with it libvirt ignores --libdir and puts its
# modules in /usr/lib64 whenever the build host has that directory.
OPTIONS=(
    --prefix=/usr
    "--libdir=lib/$multiarch"
    --sysconfdir=/etc
    --localstatedir=/var
    --buildtype=debugoptimized
    -Dtests=enabled
    -Ddocs=disabled
    -Dexpensive_tests=disabled
    -Dnls=disabled
    -Ddriver_qemu=enabled
    -Ddriver_libvirtd=enabled
    -Ddriver_remote=enabled
    -Ddriver_test=enabled
    -Ddriver_network=disabled
    -Ddriver_interface=disabled
    -Ddriver_secrets=disabled
    -Ddriver_lxc=disabled
    -Ddriver_ch=disabled
    -Ddriver_libxl=disabled
    -Ddriver_bhyve=disabled
    -Ddriver_esx=disabled
    -Ddriver_hyperv=disabled
    -Ddriver_openvz=disabled
    -Ddriver_vbox=disabled
    -Ddriver_vmware=disabled
    -Ddriver_vz=disabled
    -Dstorage_dir=disabled
    -Dstorage_disk=disabled
    -Dstorage_fs=disabled
    -Dstorage_gluster=disabled
    -Dstorage_iscsi=disabled
    -Dstorage_iscsi_direct=disabled
    -Dstorage_lvm=disabled
    -Dstorage_mpath=disabled
    -Dstorage_rbd=disabled
    -Dstorage_scsi=disabled
    -Dstorage_vstorage=disabled
    -Dstorage_zfs=disabled
    -Dapparmor=disabled
    -Dsecdriver_apparmor=disabled
    -Dselinux=disabled
    -Dsecdriver_selinux=disabled
    -Dpolkit=disabled
    -Dsasl=disabled
    -Dlibssh=disabled
    -Dlibssh2=disabled
    -Dwireshark_dissector=disabled
    -Dnss=disabled
    -Dhost_validate=disabled
    -Dfirewalld=disabled
    -Dbash_completion=disabled
    -Dnumactl=disabled
    -Dnumad=disabled
    -Dudev=disabled
    -Dpciaccess=disabled
    -Dlibpcap=disabled
    -Dcurl=disabled
    -Dfuse=disabled
    -Dglusterfs=disabled
    -Dlibiscsi=disabled
    -Dsanlock=disabled
    -Daudit=disabled
    -Dinit_script=none
    -Dlogin_shell=disabled
    -Dnbdkit=disabled
    -Ddtrace=disabled
)

run_tests() {
    log "running libvirt's tests: ${TESTS[*]}"
    meson test -C "$build" --no-rebuild --print-errorlogs "${TESTS[@]}" >&2 ||
        die "libvirt's tests failed (log: $build/meson-logs/testlog.txt)"
}

finish() {
    echo "libvirtd: $tree/usr/sbin/libvirtd"
    echo "virsh: $tree/usr/bin/virsh"
    echo "$tree"
}

# --- 2. The release tarball, checked ------------------------------------
sha256() { sha256sum "$1" | cut -d ' ' -f 1; }

if [ ! -f "$dir/$TARBALL" ] || [ "$(sha256 "$dir/$TARBALL")" != "$TARBALL_SHA256" ]; then
    for b in apt-get sha256sum; do
        command -v "$b" >/dev/null || die "'$b' is missing"
    done
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$uri" ] || uri=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$uri" ] || die "no Debian mirror found in apt's sources"
    # A private apt: its own sources.list (only trixie's sources), lists
    # and cache under DIR/apt; the system's apt state is not touched.
    rm -rf "$dir/apt" "$dir/download"
    mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/download"
    printf 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
        "$uri" "$SUITE" > "$dir/apt/sources.list"
    OPTS=(-q
          -o "Dir::Etc::SourceList=$dir/apt/sources.list"
          -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$dir/apt/lists"
          -o "Dir::Cache=$dir/apt/cache")
    # apt-get as root drops privileges to _apt, which must be able to
    # write here
    if [ "$(id -u)" = 0 ] && getent passwd _apt >/dev/null; then
        chown -R _apt "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/download"
    fi
    log "fetching $TARBALL of $SRCPKG ($uri $SUITE)"
    apt-get "${OPTS[@]}" update >"$dir/download.log" 2>&1 ||
        { cat "$dir/download.log" >&2; die "apt-get update of $SUITE's sources failed"; }
    # The .dsc and its .asc are not on the mirror any more (apt-get fails
    # on them) while the tarball is: judge by the tarball and its sha256.
    (cd "$dir/download" && apt-get "${OPTS[@]}" source --download-only "$SRCPKG") \
        >>"$dir/download.log" 2>&1 || true
    [ -f "$dir/download/$TARBALL" ] ||
        { cat "$dir/download.log" >&2; die "apt-get source did not fetch $TARBALL"; }
    got=$(sha256 "$dir/download/$TARBALL")
    [ "$got" = "$TARBALL_SHA256" ] ||
        die "$TARBALL has sha256 $got, not $TARBALL_SHA256"
    mv "$dir/download/$TARBALL" "$dir/$TARBALL"
    rm -rf "$dir/download" "$dir/apt"
fi

# --- The stamp -----------------------------------------------------------
# A snapshot of the series, so that what is hashed is what is applied
# even when libvirt/patches changes meanwhile.
rm -rf "$dir/patches.new"
mkdir -p "$dir/patches.new"
patches=()
for p in "$patchdir"/*.patch; do
    [ -f "$p" ] || continue
    cp "$p" "$dir/patches.new/"
    patches+=("$dir/patches.new/$(basename "$p")")
done
[ ${#patches[@]} -gt 0 ] || die "no patches in $patchdir"
stamp=$({
    echo "$TARBALL_SHA256"
    for p in "${patches[@]}"; do
        echo "patch $(basename "$p")"
        cat "$p"
    done
    printf 'option %s\n' "${OPTIONS[@]}"
    cat "$self"
} | sha256sum | cut -d ' ' -f 1)

if [ "$(cat "$dir/.complete" 2>/dev/null || true)" = "$stamp" ] &&
   [ -x "$tree/usr/sbin/libvirtd" ] &&
   { ! $check || [ -f "$build/build.ninja" ]; }; then
    rm -rf "$dir/patches.new"
    log "up to date: ${#patches[@]} patches, $tree"
    if $check; then
        run_tests
    fi
    finish
    exit 0
fi
rm -f "$dir/.complete"

# --- 3. Sources: the tarball plus the series ------------------------------
log "unpacking $TARBALL and applying ${#patches[@]} patches"
rm -rf "$dir/src.new"
mkdir -p "$dir/src.new"
tar -xJf "$dir/$TARBALL" -C "$dir/src.new" --strip-components=1 ||
    die "cannot unpack $TARBALL"
# older than whatever git apply writes, newer than the tarball's files
touch -d "@$(($(date +%s) - 2))" "$dir/src.new.marker"
for p in "${patches[@]}"; do
    # GIT_CEILING_DIRECTORIES: when DIR is inside a git work tree (ours),
    # git apply would otherwise take the paths of the patch as relative to
    # that work tree and silently skip them all as outside DIR/src.
    (cd "$dir/src.new" &&
     env -u GIT_DIR -u GIT_WORK_TREE GIT_CEILING_DIRECTORIES="$dir" \
         git apply --whitespace=nowarn "$p") ||
        die "patch $(basename "$p") does not apply"
done

# Keep the mtime of every file whose content is what the previous build
# compiled, and give every other one the current time: git apply stamps
# the files it writes even when they are unchanged since the last run,
# and a file no longer patched comes back with the tarball's old mtime,
# which ninja would take as older than its objects.
if [ -d "$src" ] && [ -f "$build/build.ninja" ]; then
    fallback=false
    rc=0
    changed=$(cd "$dir" && diff -rq --no-dereference src src.new) || rc=$?
    [ "$rc" -le 1 ] || fallback=true    # 1: they differ, 2: trouble
    while IFS= read -r line; do
        if [ -z "$line" ]; then
            :
        elif [[ $line =~ ^(Files|Symbolic\ links)\ src/(.*)\ and\ src\.new/(.*)\ differ$ ]] &&
           [ "${BASH_REMATCH[2]}" = "${BASH_REMATCH[3]}" ]; then
            echo "${BASH_REMATCH[2]}"
        elif [[ $line =~ ^Only\ in\ src\.new(/(.*))?:\ (.*)$ ]]; then
            echo "${BASH_REMATCH[2]:+${BASH_REMATCH[2]}/}${BASH_REMATCH[3]}"
        elif [[ $line =~ ^Only\ in\ src[/:] ]]; then
            :
        else
            fallback=true
        fi
    done <<<"$changed" >"$dir/changed.list"
    if $fallback; then
        log "cannot tell what changed; every source file gets a new mtime"
        find "$dir/src.new" -exec touch -h {} +
    else
        # the files the series writes
        (cd "$dir/src.new" && find . -newer "$dir/src.new.marker") |
            sed 's|^\./||' | sort -u | while IFS= read -r f; do
                [ -e "$src/$f" ] && [ ! -d "$dir/src.new/$f" ] &&
                    touch -h -r "$src/$f" "$dir/src.new/$f"
                true
            done
        (cd "$dir/src.new" && while IFS= read -r f; do
             [ -z "$f" ] || find "$f" -exec touch -h {} +
         done) <"$dir/changed.list"
    fi
    log "$(grep -c . "$dir/changed.list" || true) files differ from the previous sources"
    rm -f "$dir/changed.list"
fi
rm -rf "$src" "$dir/src.new.marker"
mv "$dir/src.new" "$src"
rm -rf "$dir/patches"
mv "$dir/patches.new" "$dir/patches"

# --- 4. Configure and build ---------------------------------------------
# libvirt puts absolute paths into its compile commands: CCACHE_BASEDIR
# makes them relative to DIR, and CCACHE_NOHASHDIR keeps the build
# directory out of the hash (debugoptimized builds with -g), so another
# DIR with the same sources hits the cache.
export CC="ccache gcc" CCACHE_BASEDIR=$dir CCACHE_NOHASHDIR=1
options_now=$(printf '%s\n' "${OPTIONS[@]}")
if [ -f "$build/build.ninja" ] &&
   [ "$(cat "$build/.hostrec-options" 2>/dev/null || true)" = "$options_now" ]; then
    log "reconfiguring $build"
    meson setup --reconfigure "${OPTIONS[@]}" "$build" "$src" >"$dir/configure.log" 2>&1 ||
        { tail -n 40 "$dir/configure.log" >&2; die "meson setup --reconfigure failed (log: $dir/configure.log)"; }
else
    # an option that left the list would keep its old value in an old
    # build directory: start that one afresh
    rm -rf "$build"
    log "configuring $build"
    meson setup "${OPTIONS[@]}" "$build" "$src" >"$dir/configure.log" 2>&1 ||
        { tail -n 40 "$dir/configure.log" >&2; die "meson setup failed (log: $dir/configure.log)"; }
fi
echo "$options_now" > "$build/.hostrec-options"

log "building in $build"
start=$SECONDS
ninja -C "$build" >"$dir/build.log" 2>&1 ||
    { grep -B 2 -A 20 -m 5 -E '^FAILED|error:' "$dir/build.log" >&2 || tail -n 40 "$dir/build.log" >&2
      die "the build failed (log: $dir/build.log)"; }
log "built in $((SECONDS - start)) s ($(grep -c '^\[' "$dir/build.log" || true) ninja steps)"

# --- 5. libvirt's own tests -----------------------------------------------
if $check; then
    run_tests
fi

# --- 6. Install into DIR/tree -----------------------------------------------
log "installing into $tree"
rm -rf "$tree"
DESTDIR=$tree meson install -C "$build" --no-rebuild --quiet >"$dir/install.log" 2>&1 ||
    { tail -n 40 "$dir/install.log" >&2; die "meson install failed (log: $dir/install.log)"; }
for f in "$tree/usr/sbin/libvirtd" "$tree/usr/bin/virsh" \
         "$tree/usr/lib/$multiarch/libvirt/connection-driver/libvirt_driver_qemu.so"; do
    [ -f "$f" ] || die "the build installed no '$f'"
done
LD_LIBRARY_PATH=$tree/usr/lib/$multiarch "$tree/usr/sbin/libvirtd" --version 2>/dev/null |
    grep -q " $VERSION\$" || die "'$tree/usr/sbin/libvirtd' is not libvirt $VERSION"

# --- 7. The stamp -------------------------------------------------------------
echo "$stamp" > "$dir/.complete"
finish
