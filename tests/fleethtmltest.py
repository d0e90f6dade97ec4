#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The --html page of "hostrec fleet", opened in a real headless browser
(Debian's chromium).  Speaks TAP; a visible SKIP when chromium is absent.

    fleethtmltest.py HOSTREC SRCROOT

Structure, not pixels:
  - the page is self-contained: no script, nothing fetched (no src=, no
    href=, no url( ), no http);
  - the DOM Chromium builds (--dump-dom) has the matrix table with one
    header row of N+1 cells and M rows of N+1 cells, each data cell of the
    class of its verdict in "fleet --json" (the same run's data), and the
    legend;
  - names from the input files come back as text: a guest file called
    '<img src=x onerror=...>&"' is an attribute value and a table cell's
    text in the DOM, never an element;
  - a screenshot of the expected size that is not one colour and shows
    the grid's green, amber and red.
"""

import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

from tap import notok, ok, skip
import tap


class Dom(html.parser.HTMLParser):
    """The tables of a page: for each table id, its rows, each row a list
    of (tag, attrs, text)."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self.stack = []
        self.row = None
        self.cell = None
        self.tags = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table":
            self.stack.append(a.get("id"))
            self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.stack:
            self.row = []
            self.tables[self.stack[-1]].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [tag, a, ""]
            self.row.append(self.cell)

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[2] += data


def png_pixels(path):
    """(width, height, set of RGB triples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos = 8
    idat = b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6):
        raise ValueError("PNG of depth %d colour type %d" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 0xff
            elif f == 2:
                line[x] = (line[x] + b) & 0xff
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xff
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 0xff
        for x in range(0, stride, bpp):
            colours.add(tuple(line[x:x + 3]))
        prev = line
    return w, h, colours


def near(colours, rgb, tol=24):
    return any(all(abs(c[i] - rgb[i]) <= tol for i in range(3)) for c in colours)


def main():
    hostrec, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")

    own = "tests/qemucapabilitiesdata/"
    g16 = own + "qemu_9.1.0-gen16a_s390x_kvm.replies"
    g17 = own + "qemu_9.1.0-gen17like_s390x_kvm.replies"
    work = tempfile.mkdtemp(prefix="hostrec-fleethtmltest-")
    try:
        evil = os.path.join(work, "<img src=x onerror=alert(1)>&\"'.xml")
        shutil.copyfile(os.path.join(root, "tests/fleettestdata/custom-z14.xml"), evil)
        page = os.path.join(work, "fleet.html")
        args = ["--default-cpu-deprecated-features=on", "fleet",
                "--host", g16, "--host", g17,
                "--guest", g16 + "=tests/cputestdata/migrate-host-model.xml",
                "--guest", g16 + "=tests/cputestdata/migrate-host-recommended.xml",
                "--guest", evil,
                "--guest", g16 + "=tests/fleettestdata/custom-gen16a.xml",
                # without its host: a row of not-checked cells
                "--guest", "tests/cputestdata/migrate-host-model.xml"]
        p = subprocess.run([hostrec] + args + ["--json", "--html", page], cwd=root,
                           capture_output=True, text=True)
        if p.returncode != 2:
            notok("fleet --html runs", "exit status %d: %s" % (p.returncode, p.stderr))
            return tap.finish()
        ok("fleet --html runs")
        doc = json.loads(p.stdout)
        nh, ng = len(doc["hosts"]), len(doc["guests"])
        expect = [[cell["verdict"] for cell in row] for row in doc["matrix"]]
        text = open(page, encoding="utf-8").read()

        written = Dom()
        written.feed(text)
        bad = [t for t, a in written.tags
               if t in ("script", "link", "img", "iframe", "object", "embed", "base") or
               "src" in a or "href" in a]
        style = text[text.find("<style>"):text.find("</style>")]
        bad += [w for w in ("url(", "@import", "http:", "https:") if w in style]
        if bad:
            notok("the page loads nothing", "found %s" % bad)
        else:
            ok("the page loads nothing")

        # the same checks on the page as written, then as Chromium built it
        sources = [("as written", text)]
        if not chromium:
            skip("the DOM chromium builds", "chromium is absent")
            skip("a screenshot in chromium", "chromium is absent")
        else:
            base = [chromium, "--headless", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=" + os.path.join(work, "profile")]
            if os.geteuid() == 0:
                base.append("--no-sandbox")   # chromium refuses root otherwise
            d = subprocess.run(base + ["--dump-dom", "file://" + page],
                               capture_output=True, text=True, timeout=120)
            if d.returncode != 0 or "<table" not in d.stdout:
                notok("the DOM chromium builds", "exit %d: %s" % (d.returncode, d.stderr[-500:]))
            else:
                ok("the DOM chromium builds")
                sources.append(("in chromium", d.stdout))

            shot = os.path.join(work, "shot.png")
            s = subprocess.run(base + ["--screenshot=" + shot, "--window-size=800,600",
                                       "file://" + page],
                               capture_output=True, text=True, timeout=120)
            try:
                if s.returncode != 0 or not os.path.exists(shot):
                    raise ValueError("exit %d: %s" % (s.returncode, s.stderr[-500:]))
                w, h, colours = png_pixels(shot)
                if (w, h) != (800, 600):
                    raise ValueError("%dx%d, expected 800x600" % (w, h))
                if len(colours) < 3:
                    raise ValueError("%d colours: blank" % len(colours))
                for name, rgb in (("green", (0x2e, 0x7d, 0x32)), ("amber", (0xf9, 0xa8, 0x25)),
                                  ("red", (0xc6, 0x28, 0x28))):
                    if not near(colours, rgb):
                        raise ValueError("no %s cell in the screenshot" % name)
                ok("a screenshot in chromium: 800x600, %d colours, the grid's three" % len(colours))
            except ValueError as e:
                notok("a screenshot in chromium", e)

        classes = {"can-migrate": "can", "deprecated-only": "depr", "blocked": "blocked",
                   "not-checked": "unchecked"}
        for where, source in sources:
            dom = Dom()
            dom.feed(source)
            name = "the matrix %s: %d x %d cells of the verdicts of --json" % (where, ng, nh)
            try:
                rows = dom.tables.get("matrix")
                if rows is None:
                    raise ValueError("no table#matrix")
                if len(rows) != ng + 1:
                    raise ValueError("%d rows, expected %d" % (len(rows), ng + 1))
                if len(rows[0]) != nh + 1 or any(c[0] != "th" for c in rows[0]):
                    raise ValueError("header row %r" % rows[0])
                for g, row in enumerate(rows[1:]):
                    if len(row) != nh + 1 or row[0][0] != "th":
                        raise ValueError("row %d: %d cells" % (g, len(row)))
                    for h, cell in enumerate(row[1:]):
                        want = classes[expect[g][h]]
                        if cell[0] != "td" or cell[1].get("class") != want:
                            raise ValueError("cell %d,%d: %r, expected class %s" % (g, h, cell, want))
                if not any(v == "not-checked" for row in expect for v in row):
                    raise ValueError("no guest is not checked: the case is gone")
                if len(dom.tables.get("legend", [])) != 4:
                    raise ValueError("legend %r" % dom.tables.get("legend"))
                ok(name)
            except ValueError as e:
                notok(name, e)

            name = "names stay text %s" % where
            raw = os.path.basename(evil)
            titles = [c[1].get("title", "") for c in dom.tables["matrix"][3]]
            if any(t == "img" for t, _ in dom.tags):
                notok(name, "an <img> element was created from a file name")
            elif not any(t.endswith(raw) for t in titles):
                notok(name, "no row title ends with %r: %r" % (raw, titles))
            elif not any(c[2].endswith(raw) for row in dom.tables["guests"] for c in row):
                notok(name, "the guest list does not show %r" % raw)
            else:
                ok(name)

        # the baseline section: the same <cpu> elements as --json, and
        # without a model table the one sentence why
        table = "tests/fleettestdata/qemu_7.2.0_s390x_tcg-modeltable.replies"
        for name, extra in (("the baseline section shows both CPUs", ["--replay", table]),
                            ("the baseline section says why there is none", [])):
            bpage = os.path.join(work, "baseline.html")
            p = subprocess.run([hostrec, "fleet", "--json", "--no-progress", "--html", bpage,
                                "--host", g16, "--host", g17] + extra, cwd=root,
                               capture_output=True, text=True)
            try:
                if p.returncode != 0:
                    raise ValueError("exit status %d: %s" % (p.returncode, p.stderr))
                base = json.loads(p.stdout)["baseline"]
                btext = open(bpage, encoding="utf-8").read()
                pres = dict(re.findall(r'<pre id="baseline-([a-z-]+)">(.*?)</pre>', btext, re.S))
                want = {k: base[k] for k in ("host-model", "host-recommended") if base[k]}
                got = {k: html.unescape(v) for k, v in pres.items()}
                if got != want:
                    raise ValueError("the page shows %r, --json %r" % (sorted(got), sorted(want)))
                if extra and "<model>gen16a-base</model>" not in got.get("host-model", ""):
                    raise ValueError("no gen16a-base baseline on the page")
                if not extra and html.escape(base["reason"], quote=False) not in btext:
                    raise ValueError("the reason %r is not on the page" % base["reason"])
                ok(name)
            except (ValueError, KeyError, json.JSONDecodeError) as e:
                notok(name, e)
    finally:
        shutil.rmtree(work)

    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
