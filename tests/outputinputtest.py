#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""No output of a command replaces one of its inputs (issue 25).  Speaks
TAP.

    outputinputtest.py HOSTREC SRCROOT

One row per case: a command whose output option (--record, --html) names
one of its own inputs (a positional file, --host, --guest, --replay,
--emulatorbin, a file of a --host directory) or another output, spelt
as the same name, as "./NAME" or "../DIR/NAME", through a symbolic link
or a hard link.  Each must fail as a user deserves: exit status 1,
nothing on stdout, exactly the expected line on stderr, every file of
the run directory byte for byte as it was, and no QEMU started (the
emulator is a script that leaves a mark when it runs).  The last rows
are the same commands with an output that is no input: they must run.

The inputs are the project's real recording and example domain; the run
directory is private, so messages hold relative names only.
"""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from tap import notok, ok
import tap

REPLIES = "tests/qemucapabilitiesdata/qemu_9.1.0-gen16a_s390x_kvm.replies"
DOMAIN = "examples/host-recommended.xml"
CPUS = "tests/cputestdata/baseline-z13-z14.xml"

FAKE = """#!/bin/sh
touch "$(dirname "$0")/qemu-ran"
exit 1
"""

READS = "is a file this command reads"
SAME = "are the same file: give each output its own"

# name, arguments, the expected error (None: the run must succeed)
CASES = [
    ("fleet --html over its --host", ["fleet", "--host", "a.replies", "--html", "a.replies"],
     "--html 'a.replies' %s (--host 'a.replies')" % READS),
    ("fleet --html over its --host as ./NAME",
     ["fleet", "--host", "a.replies", "--html", "./a.replies"],
     "--html './a.replies' %s (--host 'a.replies')" % READS),
    ("fleet --html over its --host through ../DIR",
     ["fleet", "--host", "a.replies", "--html", "../run/a.replies"],
     "--html '../run/a.replies' %s (--host 'a.replies')" % READS),
    ("fleet --html over a symbolic link's target",
     ["fleet", "--host", "link.replies", "--html", "a.replies"],
     "--html 'a.replies' %s (--host 'link.replies')" % READS),
    ("fleet --html through a symbolic link",
     ["fleet", "--host", "a.replies", "--html", "link.replies"],
     "--html 'link.replies' %s (--host 'a.replies')" % READS),
    ("fleet --html over a hard link",
     ["fleet", "--host", "a.replies", "--html", "hard.replies"],
     "--html 'hard.replies' %s (--host 'a.replies')" % READS),
    ("fleet --html over a file of a --host directory",
     ["fleet", "--host", "hosts", "--html", "hosts/b.replies"],
     "--html 'hosts/b.replies' %s (--host 'hosts')" % READS),
    ("fleet --html over a --guest HOST=FILE",
     ["fleet", "--host", "a.replies", "--guest", "a.replies=dom.xml", "--html", "dom.xml"],
     "--html 'dom.xml' %s (--guest 'dom.xml')" % READS),
    ("fleet --html over its --replay",
     ["fleet", "--host", "a.replies", "--replay", "b.replies", "--html", "b.replies"],
     "--html 'b.replies' %s (--replay 'b.replies')" % READS),
    ("fleet --html and --record at one new path",
     ["fleet", "--host", "a.replies", "--emulatorbin", "./fake-qemu", "--record", "new.out",
      "--html", "./new.out"],
     "--record 'new.out' and --html './new.out' %s" % SAME),
    ("domxml-to-native --record over its domain XML",
     ["domxml-to-native", "qemu-argv", "dom.xml", "--emulatorbin", "./fake-qemu",
      "--no-cache", "--record", "dom.xml"],
     "--record 'dom.xml' %s (DOMAIN.xml 'dom.xml')" % READS),
    ("domxml-expand --record over its domain XML as ./NAME",
     ["domxml-expand", "dom.xml", "--emulatorbin", "./fake-qemu", "--no-cache",
      "--record", "./dom.xml"],
     "--record './dom.xml' %s (DOMAIN.xml 'dom.xml')" % READS),
    ("hypervisor-cpu-baseline --record over its CPU file",
     ["hypervisor-cpu-baseline", "cpus.xml", "--emulatorbin", "./fake-qemu", "--record",
      "cpus.xml"],
     "--record 'cpus.xml' %s (FILE 'cpus.xml')" % READS),
    ("hypervisor-cpu-compare --record over its CPU file through a hard link",
     ["hypervisor-cpu-compare", "cpus.xml", "--emulatorbin", "./fake-qemu", "--record",
      "cpus-hard.xml"],
     "--record 'cpus-hard.xml' %s (FILE 'cpus.xml')" % READS),
    ("domcapabilities --record over the emulator",
     ["domcapabilities", "--emulatorbin", "./fake-qemu", "--no-cache", "--record",
      "fake-qemu"],
     "--record 'fake-qemu' %s (--emulatorbin './fake-qemu')" % READS),
    # outputs that are no input: the command runs
    ("fleet --html over a file it does not read",
     ["fleet", "--host", "a.replies", "--html", "old.html"], None),
    ("fleet --html next to a --host directory",
     ["fleet", "--host", "hosts", "--html", "hosts.html"], None),
]


def digest(run):
    """Every file under @run and its content's hash; links as links."""
    out = {}
    for top, dirs, files in os.walk(run):
        for name in dirs + files:
            path = os.path.join(top, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out[path] = "-> " + os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    out[path] = hashlib.sha256(f.read()).hexdigest()
            else:
                out[path] = "dir"
    return out


def setup(root, src):
    run = os.path.join(root, "run")
    os.mkdir(run)
    shutil.copy(os.path.join(src, REPLIES), os.path.join(run, "a.replies"))
    shutil.copy(os.path.join(src, REPLIES), os.path.join(run, "b.replies"))
    shutil.copy(os.path.join(src, DOMAIN), os.path.join(run, "dom.xml"))
    shutil.copy(os.path.join(src, CPUS), os.path.join(run, "cpus.xml"))
    os.link(os.path.join(run, "a.replies"), os.path.join(run, "hard.replies"))
    os.link(os.path.join(run, "cpus.xml"), os.path.join(run, "cpus-hard.xml"))
    os.symlink("a.replies", os.path.join(run, "link.replies"))
    os.mkdir(os.path.join(run, "hosts"))
    shutil.copy(os.path.join(src, REPLIES), os.path.join(run, "hosts", "b.replies"))
    with open(os.path.join(run, "old.html"), "w") as f:
        f.write("old\n")
    with open(os.path.join(run, "fake-qemu"), "w") as f:
        f.write(FAKE)
    os.chmod(os.path.join(run, "fake-qemu"), 0o755)
    return run


def check(hostrec, src, name, args, expected):
    with tempfile.TemporaryDirectory(prefix="hostrec-outputinput-") as root:
        run = setup(root, src)
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(root, "cache"), LC_ALL="C")
        before = digest(run)
        r = subprocess.run([hostrec] + args, cwd=run, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out = r.stdout.decode(errors="replace")
        err = r.stderr.decode(errors="replace")
        if expected is None:
            if r.returncode != 0:
                return "exit status %d, expected 0: %s" % (r.returncode, err.strip())
            return None
        want = "error: invalid argument: %s: refusing to write over an input\n" % expected \
            if READS in expected else "error: invalid argument: %s\n" % expected
        if r.returncode != 1:
            return "exit status %d, expected 1; stderr: %s" % (r.returncode, err.strip())
        if out:
            return "stdout is not empty: %.300s" % out
        if err != want:
            return "stderr:\n%s\nexpected:\n%s" % (err, want)
        if os.path.exists(os.path.join(run, "qemu-ran")):
            return "the emulator was started"
        after = digest(run)
        if after != before:
            changed = sorted(set(before.items()) ^ set(after.items()))
            return "the run directory changed: %s" % changed
    return None


def main():
    # each case runs in its own directory
    hostrec, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for name, args, expected in CASES:
        why = check(hostrec, src, name, args, expected)
        if why:
            notok(name, why)
        else:
            ok(name)
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
