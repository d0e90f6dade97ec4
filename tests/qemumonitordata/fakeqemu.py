#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A fake QEMU for qemumonitortest: it checks the probe arguments, talks
# QMP on the connected socket given with -chardev socket,fd=N and speaks
# just enough QMP.  The environment chooses a behaviour (FAKEQEMU_MODE).
# The test finds this process and its children by a marker in their
# environment, so the fake writes no pid file.
#
# Modes:
#   ok         a well-behaved QMP server (query-version, echo, quit)
#   exit       print a message on stderr and exit with status 1 at once
#   hang       never send the greeting
#   garbage    send a line that is not JSON instead of the greeting
#   closemid   send half of the query-version reply, then exit with status 3
#   wrongid    answer query-version with another id
#   error      answer query-version with a GenericError
#   event      send two events before every reply
#   huge       answer query-version with an endless line (never a newline)
#   slow       write everything a few bytes at a time
#   slowcmd    never answer query-version
#   slowok     answer each query-version after 0.4 s (well within a 2 s
#              timeout per command; 6 of them take longer than 2 s)
#   deep       answer query-version with arrays nested 100 deep
#   nul        answer query-version with a NUL (\u0000) inside a string
#   fork       start a child that keeps the socket and the output pipe
#              open and sleeps, then behave as ok
#   forkexit   start such a child, then exit with status 1 at once

import json
import os
import socket
import sys
import time

MODE = os.environ.get("FAKEQEMU_MODE", "ok")


def fail(msg):
    sys.stderr.write("fakeqemu: %s\n" % msg)
    sys.exit(2)


def parse_args(argv):
    expected = ["-S", "-no-user-config", "-nodefaults", "-nographic"]
    for opt in expected:
        if opt not in argv:
            fail("missing %s" % opt)
    if "-daemonize" in argv:
        fail("-daemonize is not allowed")
    machine = argv[argv.index("-machine") + 1]
    if not machine.startswith("none,accel="):
        fail("unexpected -machine %s" % machine)
    chardev = argv[argv.index("-chardev") + 1]
    opts = dict(o.split("=", 1) for o in chardev.split(",")[1:])
    if (not chardev.startswith("socket,") or opts.get("server") != "off" or
            set(opts) != {"id", "fd", "server"}):
        fail("unexpected -chardev %s" % chardev)
    mon = argv[argv.index("-mon") + 1]
    if mon != "chardev=%s,mode=control" % opts["id"]:
        fail("unexpected -mon %s" % mon)
    return machine[len("none,accel="):], int(opts["fd"])


def start_child():
    # a child of QEMU's that keeps every inherited descriptor open
    if os.fork() == 0:
        while True:
            time.sleep(3600)


def send(conn, obj):
    data = (json.dumps(obj) + "\r\n").encode()
    if MODE == "slow":
        for i in range(0, len(data), 7):
            conn.sendall(data[i:i + 7])
            time.sleep(0.001)
    else:
        conn.sendall(data)


def main():
    accel, fd = parse_args(sys.argv[1:])
    # an already connected socket: QEMU talks on it at once
    conn = socket.socket(fileno=fd)

    if MODE in ("fork", "forkexit"):
        start_child()

    if MODE in ("exit", "forkexit"):
        sys.stderr.write("fakeqemu: cannot initialise the machine\n")
        sys.exit(1)

    if MODE == "hang":
        time.sleep(3600)
    if MODE == "garbage":
        conn.sendall(b"this is not QMP at all\r\n")
        time.sleep(3600)

    send(conn, {"QMP": {"version": {"qemu": {"micro": 0, "minor": 0,
                                              "major": 42},
                                    "package": "fake"},
                        "capabilities": ["oob"]}})

    buf = b""
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if not line.strip():
                continue
            cmd = json.loads(line)
            name = cmd["execute"]
            cid = cmd.get("id")

            if MODE == "event":
                for ev in ("RESUME", "STOP"):
                    send(conn, {"event": ev, "data": {},
                                "timestamp": {"seconds": 1, "microseconds": 2}})

            if name == "query-version":
                if MODE == "closemid":
                    conn.sendall(b'{"return": {"qemu": {"mic')
                    conn.close()
                    sys.stderr.write("fakeqemu: crashed in query-version\n")
                    sys.exit(3)
                if MODE == "wrongid":
                    cid = "libvirt-99"
                if MODE == "error":
                    send(conn, {"id": cid,
                                "error": {"class": "GenericError",
                                          "desc": "fake failure"}})
                    continue
                if MODE == "huge":
                    conn.sendall(b'{"return": "')
                    block = b"x" * (1024 * 1024)
                    for _ in range(1024):
                        conn.sendall(block)
                    time.sleep(3600)
                if MODE == "deep":
                    conn.sendall(b'{"return": ' + b"[" * 100 + b"]" * 100 +
                                 b', "id": "' + cid.encode() + b'"}\r\n')
                    continue
                if MODE == "nul":
                    send(conn, {"return": {"qemu": {"micro": 0, "minor": 0,
                                                    "major": 42},
                                           "package": "fake\u0000 " + accel},
                                "id": cid})
                    continue
                if MODE == "slowcmd":
                    time.sleep(3600)
                if MODE == "slowok":
                    time.sleep(0.4)
                send(conn, {"return": {"qemu": {"micro": 0, "minor": 0,
                                                "major": 42},
                                       "package": "fake " + accel},
                            "id": cid})
            elif name == "quit":
                send(conn, {"return": {}, "id": cid})
                conn.close()
                sys.exit(0)
            elif name == "x-echo":
                send(conn, {"return": cmd.get("arguments", {}), "id": cid})
            elif name == "qmp_capabilities":
                send(conn, {"return": {}, "id": cid})
            else:
                send(conn, {"id": cid,
                            "error": {"class": "CommandNotFound",
                                      "desc": "The command %s has not been found" % name}})


main()
