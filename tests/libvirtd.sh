# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libvirtd.sh - run a real libvirtd of our own for a test, sourced by
# tests/libvirtdtest.sh and tests/libvirthrtest.sh (two at once).
#
#   lvd_start LABEL [TREE]   start a daemon; LABEL is "9.0" (the system's
#                            /usr/sbin/libvirtd), "11.3" (TREE, made by
#                            tests/fetch-libvirt11.sh, laid over /usr) or
#                            "hr" (as 11.3, TREE made by libvirt/build.sh:
#                            libvirt 11.3 with the host-recommended series);
#                            returns 0, 1 (it failed: why is in LVD_WHY)
#                            or 77 (it cannot run here: LVD_WHY says why)
#   lvd_virsh ARGS...        that daemon's own virsh, connected to it
#   lvd_stop                 stop it by its PID and reap it; returns 1
#                            when anything of it was still alive after
#   LVD_URI                  the URI that reaches it from outside
#                            (qemu:///system?socket=...)
#   LVD_DIR                  its private directory (removed by lvd_stop)
#   LVD_QEMU_ROOT            for 11.3 and hr: a QEMU tree
#                            (tests/fetch-qemu10.sh) laid over /usr as
#                            well, so that guests find that QEMU's
#                            firmware under /usr/share/qemu
#   lvd_select NAME          for more than one daemon at a time: every
#                            LVD_* variable above belongs to the current
#                            daemon; this keeps them under the current
#                            one's name and makes daemon NAME current
#                            (empty, ready for lvd_start, the first time);
#                            the functions above act on the current one
#
# Every daemon gets a host_uuid of its own in its libvirtd.conf: libvirt
# refuses to migrate a guest to a daemon with the same host UUID (by
# default the machine's), taking it for the same host.
#
# The daemon runs in new mount and PID namespaces (unshare -m -p -f):
#   /run       a private tmpfs (/run/libvirt: the daemon's state, guests'
#              monitor sockets)
#   /var /etc  overlays whose upper layers live on a tmpfs of the
#              namespace (seeded from LVD_DIR/etc/upper): libvirt's
#              state, caches and logs, a minimal libvirtd.conf and
#              qemu.conf (guests run as root, no cgroups, no namespaces,
#              no security driver, QEMU's output to a file instead of
#              virtlogd) and a libvirt-qemu user (9.0 refuses to start
#              its QEMU driver without one)
#   /usr       (11.3) an overlay of TREE/usr and LVD_QEMU_ROOT/usr over
#              /usr, with the libvirt and QEMU module directories bound
#              from the trees (else libvirtd 11.3 dlopen()s 9.0's driver
#              modules and QEMU 10 7.2's)
# Nothing of that is visible outside and nothing on the host changes.
# The daemon listens on a socket in LVD_DIR (unix_sock_dir), so clients
# outside the namespaces (hostrec, linked to the system's libvirt 9.0
# client library) reach it with LVD_URI.
#
# PID 1 of the new PID namespace is tini, which reaps the QEMU processes
# that libvirt daemonizes and forwards SIGTERM to libvirtd.  lvd_stop
# sends SIGTERM to that PID 1 (SIGKILL if libvirtd has not exited after a
# grace period); when it ends, the kernel kills every process left in the
# namespace, guests included, and unshare, our child, is reaped with
# wait.  lvd_stop then checks that no process is left in the daemon's
# mount namespace.  The caller traps EXIT to call lvd_stop on every path.

LVD_PID=
LVD_INIT=
LVD_DIR=
LVD_URI=
LVD_WHY=
LVD_LABEL=
LVD_MNTNS=
LVD_VIRSH=()
LVD_QEMU_ROOT=${LVD_QEMU_ROOT:-}
LVD_NAME=
declare -A _LVD_KEPT=()
_LVD_VARS=(LVD_PID LVD_INIT LVD_DIR LVD_URI LVD_WHY LVD_LABEL LVD_MNTNS LVD_QEMU_ROOT)

# lvd_select NAME: keep the current daemon's variables under its name and
# make NAME's current (the first time: all empty but LVD_QEMU_ROOT)
lvd_select() {
    local v
    for v in "${_LVD_VARS[@]}"; do
        _LVD_KEPT[$LVD_NAME/$v]=${!v}
    done
    _LVD_KEPT[$LVD_NAME/LVD_VIRSH]=$(printf '%q ' "${LVD_VIRSH[@]}")
    LVD_NAME=$1
    if [ -n "${_LVD_KEPT[$LVD_NAME/LVD_VIRSH]+set}" ]; then
        for v in "${_LVD_VARS[@]}"; do
            printf -v "$v" '%s' "${_LVD_KEPT[$LVD_NAME/$v]}"
        done
        eval "LVD_VIRSH=(${_LVD_KEPT[$LVD_NAME/LVD_VIRSH]})"
    else
        LVD_PID= LVD_INIT= LVD_DIR= LVD_URI= LVD_WHY= LVD_LABEL= LVD_MNTNS=
        LVD_VIRSH=()
    fi
}

# lvd_mkdom NAME EMULATOR CPUXML: the definition of an s390x TCG guest
# without disk or kernel (the firmware finds nothing to boot and the guest
# stays "crashed", on_crash='preserve', with QEMU and its CPU running)
lvd_mkdom() {
    cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='s390x' machine='s390-ccw-virtio'>hvm</type>
  </os>
  $3
  <on_crash>preserve</on_crash>
  <devices>
    <emulator>$2</emulator>
  </devices>
</domain>
EOF
}

_lvd_multiarch() {
    dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo "$(uname -m)-linux-gnu"
}

# lvd_start LABEL [TREE]
lvd_start() {
    local label=$1 tree=${2:-} b ma
    LVD_LABEL=$label
    LVD_WHY=
    if [ "$(id -u)" != 0 ]; then
        LVD_WHY="not root (the daemon runs in private mount and PID namespaces)"
        return 77
    fi
    for b in unshare nsenter tini mount; do
        command -v "$b" >/dev/null || { LVD_WHY="'$b' is not installed"; return 77; }
    done
    ma=$(_lvd_multiarch)
    case "$label" in
        9.0)
            tree=
            for b in /usr/sbin/libvirtd /usr/bin/virsh; do
                [ -x "$b" ] || { LVD_WHY="'$b' is not installed"; return 77; }
            done
            [ -f "/usr/lib/$ma/libvirt/connection-driver/libvirt_driver_qemu.so" ] ||
                { LVD_WHY="libvirt's QEMU driver is not installed"; return 77; }
            ;;
        11.3)
            [ -n "$tree" ] && [ -x "$tree/usr/sbin/libvirtd" ] ||
                { LVD_WHY="no libvirt 11.3 tree (tests/fetch-libvirt11.sh DIR; meson -Dlibvirt11=DIR/tree)"; return 77; }
            [ -n "$LVD_QEMU_ROOT" ] && [ -x "$LVD_QEMU_ROOT/usr/bin/qemu-system-s390x" ] ||
                { LVD_WHY="no QEMU tree for libvirt 11.3 (tests/fetch-qemu10.sh)"; return 77; }
            ;;
        hr)
            [ -n "$tree" ] && [ -x "$tree/usr/sbin/libvirtd" ] ||
                { LVD_WHY="no libvirt tree with the host-recommended series (libvirt/build.sh DIR; meson -Dlibvirthr=DIR/tree)"; return 77; }
            [ -n "$LVD_QEMU_ROOT" ] && [ -x "$LVD_QEMU_ROOT/usr/bin/qemu-system-s390x" ] ||
                { LVD_WHY="no QEMU tree for the patched libvirt (tests/fetch-qemu10.sh)"; return 77; }
            ;;
        *)
            LVD_WHY="unknown daemon '$label'"
            return 1
            ;;
    esac
    if ! unshare -m -p -f true 2>/dev/null; then
        LVD_WHY="cannot make mount and PID namespaces (unshare -m -p -f)"
        return 77
    fi

    LVD_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hostrec-libvirtd-XXXXXX") ||
        { LVD_WHY="mktemp failed"; return 1; }
    local W=$LVD_DIR
    mkdir -p "$W"/{sock,ns,etc/upper/libvirt}
    cat > "$W/etc/upper/libvirt/libvirtd.conf" <<EOF
unix_sock_dir = "$W/sock"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:$W/libvirtd.log"
host_uuid = "$(cat /proc/sys/kernel/random/uuid)"
EOF
    cat > "$W/etc/upper/libvirt/qemu.conf" <<EOF
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
EOF
    cp /etc/passwd /etc/group "$W/etc/upper/"
    getent passwd libvirt-qemu >/dev/null ||
        echo 'libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin' >> "$W/etc/upper/passwd"
    getent group libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:' >> "$W/etc/upper/group"
    getent group kvm >/dev/null || echo 'kvm:x:64056:' >> "$W/etc/upper/group"

    {
        echo '#!/bin/sh'
        echo 'set -e'
        echo "exec > '$W/setup.log' 2>&1"
        # the overlays' upper layers on a tmpfs of the namespace: overlayfs
        # refuses an upper layer on some filesystems (overlayfs itself,
        # as in containers), never on tmpfs
        echo "mount -t tmpfs hostrec-lvd-state '$W/ns'"
        echo "mkdir -p '$W/ns/etc-upper' '$W/ns/etc-work' '$W/ns/var-upper' '$W/ns/var-work'"
        echo "cp -a '$W/etc/upper/.' '$W/ns/etc-upper/'"
        echo 'mount -t tmpfs hostrec-lvd-run /run'
        echo 'mkdir -p /run/libvirt'
        echo "mount -t overlay hostrec-lvd-var -o 'lowerdir=/var,upperdir=$W/ns/var-upper,workdir=$W/ns/var-work' /var"
        echo "mount -t overlay hostrec-lvd-etc -o 'lowerdir=/etc,upperdir=$W/ns/etc-upper,workdir=$W/ns/etc-work' /etc"
        if [ -n "$tree" ]; then
            local q=$LVD_QEMU_ROOT
            echo "mount -t overlay hostrec-lvd-usr -o 'lowerdir=$tree/usr:$q/usr:/usr' /usr"
            echo "mount --bind '$tree/usr/lib/$ma/libvirt' '/usr/lib/$ma/libvirt'"
            echo "mount --bind '$tree/usr/share/libvirt' /usr/share/libvirt"
            if [ -d "$q/usr/lib/$ma/qemu" ]; then
                echo "mount --bind '$q/usr/lib/$ma/qemu' '/usr/lib/$ma/qemu'"
            fi
        fi
        echo 'mkdir -p /var/lib/libvirt /var/cache/libvirt /var/log/libvirt /var/run'
        echo "exec > '$W/daemon.log' 2>&1"
        echo "exec tini -- /usr/sbin/libvirtd --pid-file /run/libvirt/libvirtd.pid"
    } > "$W/start.sh"
    chmod +x "$W/start.sh"

    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        unshare -m -p -f --kill-child=TERM --mount-proc --propagation private \
        "$W/start.sh" < /dev/null > /dev/null 2>&1 &
    LVD_PID=$!
    LVD_URI="qemu:///system?socket=$W/sock/libvirt-sock"

    # unshare's only child is PID 1 of the new namespace (tini)
    local i
    for i in $(seq 1 200); do
        LVD_INIT=$(cat "/proc/$LVD_PID/task/$LVD_PID/children" 2>/dev/null | awk '{print $1}')
        [ -n "$LVD_INIT" ] && break
        kill -0 "$LVD_PID" 2>/dev/null || break
        sleep 0.05
    done
    LVD_MNTNS=$(readlink "/proc/$LVD_PID/ns/mnt" 2>/dev/null)
    if [ -n "$tree" ]; then
        LVD_VIRSH=(nsenter -t "$LVD_PID" -m -- /usr/bin/virsh -q -c "$LVD_URI")
    else
        LVD_VIRSH=(virsh -q -c "$LVD_URI")
    fi

    # ready when virsh gets an answer (not "virsh version", which probes
    # every QEMU binary on the system)
    local ready=0
    for i in $(seq 1 1200); do
        kill -0 "$LVD_PID" 2>/dev/null || break
        if [ -S "$W/sock/libvirt-sock" ] && "${LVD_VIRSH[@]}" uri >/dev/null 2>&1; then
            ready=1
            break
        fi
        sleep 0.05
    done
    if [ "$ready" != 1 ]; then
        LVD_WHY="libvirtd $label did not come up: $(cat "$W/setup.log" "$W/daemon.log" 2>/dev/null | tail -n 5 | tr '\n' ' ')"
        return 1
    fi
    return 0
}

lvd_virsh() {
    "${LVD_VIRSH[@]}" "$@"
}

# lvd_log: the daemon's log (for a failing test's diagnostics)
lvd_log() {
    [ -n "$LVD_DIR" ] && cat "$LVD_DIR/setup.log" "$LVD_DIR/daemon.log" "$LVD_DIR/libvirtd.log" 2>/dev/null
}

# lvd_stop: stop the daemon by its PID, reap it, and check that nothing
# of it is left; returns 1 (and says what) when something was.
lvd_stop() {
    local rc=0 i p
    if [ -n "$LVD_PID" ]; then
        if [ -n "$LVD_INIT" ] && kill -0 "$LVD_INIT" 2>/dev/null; then
            kill -TERM "$LVD_INIT" 2>/dev/null
        fi
        for i in $(seq 1 200); do
            kill -0 "$LVD_PID" 2>/dev/null || break
            sleep 0.05
        done
        if kill -0 "$LVD_PID" 2>/dev/null; then
            echo "# libvirtd $LVD_LABEL (PID $LVD_INIT) still up 10 s after SIGTERM: SIGKILL" >&2
            [ -n "$LVD_INIT" ] && kill -KILL "$LVD_INIT" 2>/dev/null
            kill -KILL "$LVD_PID" 2>/dev/null
        fi
        wait "$LVD_PID" 2>/dev/null
        if [ -n "$LVD_MNTNS" ]; then
            for p in /proc/[0-9]*; do
                if [ "$(readlink "$p/ns/mnt" 2>/dev/null)" = "$LVD_MNTNS" ]; then
                    echo "# left running in libvirtd $LVD_LABEL's namespace: ${p#/proc/} $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" >&2
                    rc=1
                fi
            done
        fi
    fi
    [ -n "$LVD_DIR" ] && [ -d "$LVD_DIR" ] && rm -rf "$LVD_DIR"
    LVD_PID= LVD_INIT= LVD_DIR= LVD_MNTNS=
    return $rc
}
