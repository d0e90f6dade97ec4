#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every --json output of hostrec against the schema docs/migration.rst
documents for it.  Speaks TAP.

    jsonschematest.py HOSTREC SRCROOT

A schema is the literal block after a comment ".. json-schema: NAME" in
docs/migration.rst: a JSON value in which a string names the types a
value may have ("string|null"), 'word' one exact string, a number that
exact number, [T] an array whose items are all T, and an object exactly
these members (none missing, none more).  So an output member the docs do
not describe, or a documented one the output lacks, fails here.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from tap import notok, ok, skip
import tap


def schemas(path):
    out = {}
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^\.\. json-schema: (\S+)$", lines[i])
        if not m:
            i += 1
            continue
        name = m.group(1)
        i += 1
        while i < len(lines) and lines[i].strip() != "::":
            i += 1
        i += 1
        block = []
        while i < len(lines) and (lines[i] == "" or lines[i].startswith("  ")):
            block.append(lines[i])
            i += 1
        out[name] = json.loads("\n".join(block))
    return out


TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def check(value, schema, where="$"):
    """Raise ValueError naming the first place @value breaks @schema."""
    if isinstance(schema, bool) or isinstance(schema, (int, float)):
        if value != schema or type(value) is not type(schema):
            raise ValueError("%s: %r, expected exactly %r" % (where, value, schema))
    elif isinstance(schema, str):
        for alt in schema.split("|"):
            if alt.startswith("'") and alt.endswith("'"):
                if value == alt[1:-1]:
                    return
            elif alt in TYPES:
                if TYPES[alt](value):
                    return
            else:
                raise ValueError("schema error at %s: unknown type %r" % (where, alt))
        raise ValueError("%s: %r is not %s" % (where, value, schema))
    elif isinstance(schema, list):
        if not isinstance(value, list):
            raise ValueError("%s: %r is not an array" % (where, value))
        for i, item in enumerate(value):
            check(item, schema[0], "%s[%d]" % (where, i))
    elif isinstance(schema, dict):
        if not isinstance(value, dict):
            raise ValueError("%s: %r is not an object" % (where, value))
        if set(value) != set(schema):
            raise ValueError("%s: members %s, documented %s" %
                             (where, sorted(value), sorted(schema)))
        for k in schema:
            check(value[k], schema[k], "%s.%s" % (where, k))
    else:
        raise ValueError("schema error at %s" % where)


def run(hostrec, root, args, statuses):
    p = subprocess.run([hostrec, "--default-cpu-deprecated-features=on"] + args,
                       cwd=root, capture_output=True, text=True)
    if p.returncode not in statuses:
        raise ValueError("exit status %d; stderr: %s" % (p.returncode, p.stderr))
    return json.loads(p.stdout)


def main():
    hostrec, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    docs = schemas(os.path.join(root, "docs", "migration.rst"))
    for name in ("migration-check", "fleet", "hypervisor-cpu-compare"):
        if name not in docs:
            notok("docs/migration.rst documents the %s schema" % name, "no such block")
        else:
            ok("docs/migration.rst documents the %s schema" % name)

    # the validator itself must be able to fail
    try:
        check({"version": 1, "extra": 1}, {"version": 1})
        notok("an undocumented member fails", "it passed")
    except ValueError:
        ok("an undocumented member fails")

    own = "tests/qemucapabilitiesdata/"
    g16 = own + "qemu_9.1.0-gen16a_s390x_kvm.replies"
    g17 = own + "qemu_9.1.0-gen17like_s390x_kvm.replies"
    hm = "tests/cputestdata/migrate-host-model.xml"
    hr = "tests/cputestdata/migrate-host-recommended.xml"
    z14 = "tests/fleettestdata/custom-z14.xml"

    work = tempfile.mkdtemp(prefix="hostrec-jsonschematest-")
    try:
        # a guest file whose name needs escaping in JSON (and is not UTF-8)
        odd = os.path.join(work.encode(), b'odd "name\\ \xff\n.xml')
        shutil.copyfile(os.path.join(root, z14), odd)

        cases = [
            ("migration-check", "migration-check blocked",
             ["migration-check", "--json", "--source", g16, "--destination", g17, hm], (2,)),
            ("migration-check", "migration-check can migrate",
             ["migration-check", "--json", "--source", g16, "--destination", g17, hr], (0,)),
            ("fleet", "fleet of two hosts",
             ["fleet", "--json", "--host", g16, "--host", g17, "--guest", g16 + "=" + hm,
              "--guest", g16 + "=" + hr, "--guest", z14], (2,)),
            ("fleet", "fleet without guests", ["fleet", "--json", "--host", g16], (0,)),
            ("fleet", "fleet with a guest file name to escape",
             ["fleet", "--json", "--host", g16, "--guest", odd.decode("utf-8", "surrogateescape")],
             (0, 2)),
        ]
        for schema, name, args, statuses in cases:
            try:
                doc = run(hostrec, root, args, statuses)
                check(doc, docs[schema])
                if schema == "fleet":
                    counts = {}
                    for row in doc["matrix"]:
                        if len(row) != len(doc["hosts"]):
                            raise ValueError("a row of %d cells for %d hosts" %
                                             (len(row), len(doc["hosts"])))
                        for cell in row:
                            counts[cell["verdict"]] = counts.get(cell["verdict"], 0) + 1
                            if (cell["verdict"] == "can-migrate") != (cell["blockers"] == []):
                                raise ValueError("verdict and blockers disagree: %r" % cell)
                    if len(doc["matrix"]) != len(doc["guests"]):
                        raise ValueError("%d rows for %d guests" %
                                         (len(doc["matrix"]), len(doc["guests"])))
                    for k, v in doc["summary"].items():
                        if counts.get(k, 0) != v:
                            raise ValueError("summary %s: %d, matrix %d" % (k, v, counts.get(k, 0)))
                if "escape" in name and not doc["guests"][0]["name"].endswith('odd "name\\ \ufffd\n.xml'):
                    raise ValueError("the name came back as %r" % doc["guests"][0]["name"])
                ok("%s: %s" % (schema, name))
            except (ValueError, json.JSONDecodeError) as e:
                notok("%s: %s" % (schema, name), e)

        # hypervisor-cpu-compare needs a live QEMU (no recording of a
        # comparison exists)
        qemu = os.environ.get("HOSTREC_TEST_QEMU72") or shutil.which("qemu-system-s390x")
        for xml, status in (("compare-superset.xml", (0,)), ("compare-incompatible.xml", (1,))):
            name = "hypervisor-cpu-compare: %s" % xml
            if not qemu:
                skip(name, "no qemu-system-s390x")
                continue
            try:
                doc = run(hostrec, root, ["hypervisor-cpu-compare", "--json", "--no-cache",
                                          "--emulatorbin", qemu, "--virttype", "qemu",
                                          "tests/cputestdata/" + xml], status)
                check(doc, docs["hypervisor-cpu-compare"])
                if (doc["verdict"] == "incompatible") != (status == (1,)):
                    raise ValueError("verdict %s with exit status %s" % (doc["verdict"], status))
                ok(name)
            except (ValueError, json.JSONDecodeError) as e:
                notok(name, e)
    finally:
        shutil.rmtree(work)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
