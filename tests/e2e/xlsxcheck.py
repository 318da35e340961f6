#!/usr/bin/env python3
"""xlsxcheck.py — reads the workbooks tsq writes (--format xlsx) with readers
that are not tsdb's, and compares every cell and its type.

  xlsxcheck.py export BOOK REF.jsonl --inputs FILE... [--tsq TSQ] [--lo]
      BOOK is `tsq export --format xlsx`; REF is the same selection exported
      as JSON Lines (tests/e2e/export.sh checks that export against other
      readers). The data sheet must hold REF's rows, typed: text, numbers
      equal to the value, periods as text, vintages as dates, the qualifier
      in its own column. The sources sheet must hold each source the rows
      name, as the input files (--inputs) declare it; the notes sheet each
      row's quote and note (as `tsq history --format json` gives them), with
      a link to the row. With --lo, LibreOffice converts every sheet to CSV
      and the same cells are compared again as it reads them.
  xlsxcheck.py table BOOK EXPECTED.json [--lo]
      BOOK holds one sheet; EXPECTED is a list of rows, each a list of cells
      [type, value] (type text, number, date or empty; a number's value is
      its exact decimal as a string; with a third element, the number
      format's code), compared cell by cell.
  xlsxcheck.py dump BOOK
      prints every sheet's cells as JSON.

The workbook is read with zipfile and ElementTree: no cell may be a formula
(no <f> anywhere), text is inline or shared strings, a date is a number whose
format is a date format. Exits 1 and prints the differences."""
import argparse
import csv
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
M = "{%s}" % NS["m"]
RID = "{%s}id" % NS["r"]
TEXT_MAX = 32767
BUILTIN_DATES = {14, 15, 16, 17, 22}
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

problems = []


def problem(msg):
    problems.append(msg)


def units(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def fitted(s):
    """A text as a cell holds it: cut to 32,767 characters, ending in an ellipsis."""
    if units(s) <= TEXT_MAX:
        return s
    out, n = [], 0
    for c in s:
        if n + units(c) > TEXT_MAX - 1:
            break
        out.append(c)
        n += units(c)
    return "".join(out) + "\u2026"


def col_index(ref):
    m = re.match(r"([A-Z]+)([0-9]+)$", ref)
    c = 0
    for ch in m.group(1):
        c = c * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, c - 1


def read_book(path):
    """Every sheet: name, cells {(row, col): (type, value, format code)},
    frozen rows, autofilter range, hyperlinks {(row, col): target}."""
    z = zipfile.ZipFile(path)
    for name in z.namelist():
        if name.startswith("xl/worksheets/sheet") and re.search(rb"<f[ >]", z.read(name)):
            problem("%s: a formula cell" % name)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    filters = {}
    for d in wb.iter(M + "definedName"):
        if d.get("name") == "_xlnm._FilterDatabase":
            filters[int(d.get("localSheetId"))] = d.text.split("!")[1].replace("$", "")
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(M + "numFmt")}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.find(M + "cellXfs")]
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
            shared.append("".join(t.text or "" for t in si.iter(M + "t")))
    sheets = []
    for i, s in enumerate(wb.find(M + "sheets")):
        part = "xl/" + target[s.get(RID)]
        root = ET.fromstring(z.read(part))
        links = {}
        relpath = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
        srels = {}
        if relpath in z.namelist():
            srels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read(relpath))}
        for h in root.iter(M + "hyperlink"):
            links[col_index(h.get("ref"))] = h.get("location") and "#" + h.get("location") or srels.get(h.get(RID))
        pane = root.find(".//" + M + "pane")
        frozen = int(float(pane.get("ySplit", 0))) if pane is not None and pane.get("state") == "frozen" else 0
        cells = {}
        for c in root.iter(M + "c"):
            rc = col_index(c.get("r"))
            fmtid = xfs[int(c.get("s", 0))]
            code = codes.get(fmtid, "General" if fmtid == 0 else "builtin %d" % fmtid)
            t = c.get("t", "n")
            if t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter(M + "t"))
                cells[rc] = ("text", ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text), code)
            elif t == "s":
                cells[rc] = ("text", shared[int(c.find(M + "v").text)], code)
            elif t == "n":
                v = c.find(M + "v")
                if v is None:
                    continue
                isdate = fmtid in BUILTIN_DATES or re.search(r"[yd]", re.sub(r'"[^"]*"', "", code or ""))
                if isdate:
                    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=float(v.text))
                    cells[rc] = ("date", day.isoformat(), code)
                else:
                    cells[rc] = ("number", v.text, code)
            else:
                problem("%s %s: cell type %s" % (s.get("name"), c.get("r"), t))
        sheets.append({"name": s.get("name"), "cells": cells, "frozen": frozen,
                       "filter": filters.get(i), "links": links})
    return sheets


def row_of(sheet, r):
    n = 1 + max([c for (rr, c) in sheet["cells"] if rr == r] or [-1])
    return [sheet["cells"].get((r, c), ("empty", None, None)) for c in range(n)]


def nrows(sheet):
    return 1 + max([r for (r, c) in sheet["cells"]] or [-1])


def as_written(v):
    """The double a number cell must hold: the value itself when it has up to
    15 significant digits (all that Excel keeps); libxlsxwriter writes 16, so
    a longer one (0.30000000000000004) arrives rounded to 16."""
    x = float(v)
    return x if float("%.15G" % x) == x else float("%.16G" % x)


def same_cell(where, got, want):
    """want: (type, value); numbers compare as doubles (the value loaded)."""
    gt, gv = got[0], got[1]
    wt, wv = want[0], want[1]
    if wt == "empty" or (wt == "text" and wv == "" and gt == "empty"):
        if gt != "empty":
            problem("%s: %r, not empty" % (where, got[:2]))
        return
    if gt != wt:
        problem("%s: a %s cell %r, not a %s %r" % (where, gt, gv, wt, wv))
    elif wt == "number":
        if float(gv) != as_written(wv):
            problem("%s: %s, not %s" % (where, gv, wv))
        if len(want) > 2 and got[2] != want[2]:
            problem("%s: number format %r, not %r" % (where, got[2], want[2]))
    elif gv != (fitted(wv) if wt == "text" else wv):
        problem("%s: %r, not %r" % (where, gv[:200], wv[:200]))


def lo_sheets(path):
    """LibreOffice's reading of every sheet, as CSV: {name: rows}."""
    out = tempfile.mkdtemp()
    subprocess.run([os.environ.get("SOFFICE", "soffice"), "-env:UserInstallation=file://" + out + "/lo",
                    "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", out, path], check=True, capture_output=True,
                   env=dict(os.environ, HOME=out))
    base = os.path.splitext(os.path.basename(path))[0]
    got = {}
    for f in os.listdir(out):
        if f.startswith(base + "-") and f.endswith(".csv"):
            with open(os.path.join(out, f), newline="", encoding="utf-8") as fh:
                got[f[len(base) + 1:-4]] = list(csv.reader(fh))
    return got


def lo_compare(lo, name, want_rows):
    """want_rows: rows of (type, value) cells; LibreOffice gives text."""
    rows = lo.get(name)
    if rows is None:
        problem("LibreOffice: no sheet %s (has %s)" % (name, sorted(lo)))
        return
    if len(rows) != len(want_rows):
        problem("LibreOffice %s: %d rows, not %d" % (name, len(rows), len(want_rows)))
    for r, (got, want) in enumerate(zip(rows, want_rows)):
        for c, w in enumerate(want):
            g = got[c] if c < len(got) else ""
            where = "LibreOffice %s row %d col %d" % (name, r + 1, c + 1)
            if w[0] == "number":
                try:
                    ok = float(g) == as_written(w[1]) or float(g) == float("%.15G" % float(w[1]))
                except ValueError:
                    ok = False
                if not ok:
                    problem("%s: %r, not %s" % (where, g, w[1]))
            else:
                v = "" if w[0] == "empty" or w[1] is None else fitted(w[1])
                if g != v.replace("\r\n", "\n").replace("\r", "\n") and g != v:
                    problem("%s: %r, not %r" % (where, g[:200], v[:200]))


def load_sources(files, facts=None):
    src = {}
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    d = json.loads(line)
                    if d.get("type") == "source":
                        src[d["id"]] = d
                    elif d.get("type", "fact") == "fact" and facts is not None:
                        facts.append(d)
    return src


def history(tsq, o, facts):
    """The quote and note of the version shown, as tsq history gives them;
    for a region code tsq cannot take as an argument ("-X2" reads as an
    option), the one input fact of that indicator, period, source and value."""
    if o["region"].startswith("-"):
        same = [f for f in facts if f.get("indicator") == o["indicator"] and f.get("period") == o["period"]
                and (f.get("source") or None) == o["source"] and float(f["value"]) == float(o["value"])]
        if len(same) != 1:
            problem("%s %s %s: %d input facts match" % (o["indicator"], o["region"], o["period"], len(same)))
            return {}
        return same[0]
    out = subprocess.run([tsq, "history", o["indicator"], o["region"], o["period"], "--format", "json"],
                         capture_output=True, check=True, text=True).stdout
    for v in json.loads(out):
        if v["shown"]:
            return v
    return {}


def check_export(a):
    book = read_book(a.book)
    names = [s["name"] for s in book]
    with open(a.ref, encoding="utf-8") as fh:
        ref = [json.loads(l) for l in fh if l.strip()]
    data_sheets = [s for s in book if re.match(r"Data( \([0-9]+\))?$", s["name"])]
    notes_sheets = [s for s in book if re.match(r"Notes( \([0-9]+\))?$", s["name"])]
    # parts are made as rows need them: Data, Sources, Notes, then Data (2), Notes (2)…
    order = ["Data", "Sources", "Notes"]
    for k in range(2, 1 + max(len(data_sheets), len(notes_sheets))):
        order += [n for n in ("Data (%d)" % k, "Notes (%d)" % k) if n in names]
    if names != order or [s["name"] for s in data_sheets][:1] != ["Data"]:
        problem("sheets %s, not %s" % (names, order))
        return
    head = ["indicator", "indicator_name", "region", "region_name", "period", "value", "unit",
            "qualifier", "status", "source", "vintage"]
    want_data = []
    for o in ref:
        want_data.append([("text", o["indicator"]), ("text", o["indicator_name"]), ("text", o["region"]),
                          ("text", o["region_name"]), ("text", o["period"]), ("number", repr_num(o["value"])),
                          ("text", o["unit"]), ("text", "" if o["qualifier"] == "=" else o["qualifier"]),
                          ("text", o["status"]), ("text", o["source"] or ""),
                          ("date", o["vintage"]) if o["vintage"] else ("empty", None)])
    # the data, sheet after sheet, each with the header
    at = 0
    where_row = []
    for s in data_sheets:
        n = nrows(s)
        if s["frozen"] != 1:
            problem("%s: header not frozen" % s["name"])
        if s["filter"] != "A1:K%d" % max(n, 2):
            problem("%s: autofilter %s, not A1:K%d" % (s["name"], s["filter"], max(n, 2)))
        for c, h in enumerate(head):
            same_cell("%s header %d" % (s["name"], c + 1), s["cells"].get((0, c), ("empty",)), ("text", h))
        for r in range(1, n):
            if at >= len(want_data):
                problem("%s: more rows than the reference's %d" % (s["name"], len(want_data)))
                break
            got = row_of(s, r)
            for c, w in enumerate(want_data[at]):
                same_cell("%s %s%d" % (s["name"], chr(65 + c), r + 1),
                          got[c] if c < len(got) else ("empty", None), w)
            where_row.append((s["name"], r + 1))
            at += 1
    if at != len(want_data):
        problem("the data sheets hold %d rows, not %d" % (at, len(want_data)))
    # sources: each source the rows name, by id
    facts = []
    src = load_sources(a.inputs, facts)
    ids = sorted({o["source"] for o in ref if o["source"]})
    want_src = []
    for i in ids:
        d = src.get(i, {"id": i})
        want_src.append([("text", i), ("text", d.get("title") or ""), ("text", d.get("publisher") or ""),
                         ("text", d.get("url") or ""),
                         ("date", d["published"]) if d.get("published") else ("empty", None),
                         ("number", str(d.get("priority", 0)))])
    s = book[names.index("Sources")]
    if nrows(s) != len(want_src) + 1:
        problem("Sources: %d rows, not %d" % (nrows(s) - 1, len(want_src)))
    for r, w in enumerate(want_src):
        got = row_of(s, r + 1)
        for c, cell in enumerate(w):
            same_cell("Sources %s%d" % (chr(65 + c), r + 2), got[c] if c < len(got) else ("empty", None), cell)
        # a web address links (within Excel's 2,079 characters), anything
        # else (javascript:…) is only text
        url, link = w[3][1], s["links"].get((r + 1, 3))
        want = url if url.startswith(("http://", "https://")) and len(url) <= 2079 else None
        if (link and urllib.parse.unquote(link)) != want:
            problem("Sources D%d: link %r, not %r" % (r + 2, link, want))
    # notes: each row's quote and note, linked to the row
    want_notes = []
    targets = []
    for o, (sheet, r) in zip(ref, where_row):
        v = history(a.tsq, o, facts) if a.tsq else {}
        if v.get("quote") or v.get("note"):
            label = str(r) if sheet == "Data" else "%s!%d" % (sheet, r)
            want_notes.append([("text", label), ("text", o["indicator"]), ("text", o["region"]),
                               ("text", o["period"]), ("text", v.get("quote") or ""), ("text", v.get("note") or "")])
            targets.append("#'%s'!A%d" % (sheet, r))
    at = 0
    for s in notes_sheets:
        n = nrows(s) - 1
        if s["frozen"] != 1 or s["filter"] != "A1:F%d" % max(n + 1, 2):
            problem("%s: frozen %s, autofilter %s" % (s["name"], s["frozen"], s["filter"]))
        for r in range(n):
            if at + r >= len(want_notes):
                problem("%s: more notes than the %d expected" % (s["name"], len(want_notes)))
                break
            w = want_notes[at + r]
            got = row_of(s, r + 1)
            for c, cell in enumerate(w):
                same_cell("%s %s%d" % (s["name"], chr(65 + c), r + 2), got[c] if c < len(got) else ("empty", None), cell)
            if r < 65530 and s["links"].get((r + 1, 0)) != targets[at + r]:
                problem("%s A%d: link %r, not %r" % (s["name"], r + 2, s["links"].get((r + 1, 0)), targets[at + r]))
        at += n
    if at != len(want_notes):
        problem("the notes sheets hold %d rows, not %d" % (at, len(want_notes)))
    if a.lo:
        lo = lo_sheets(a.book)
        hd = [("text", h) for h in head]
        at = 0
        for s in data_sheets:
            n = nrows(s) - 1
            lo_compare(lo, s["name"], [hd] + want_data[at:at + n])
            at += n
        lo_compare(lo, "Sources", [[("text", h) for h in ["id", "title", "publisher", "url", "published", "priority"]]] + want_src)
        at = 0
        for s in notes_sheets:
            n = nrows(s) - 1
            lo_compare(lo, s["name"], [[("text", h) for h in ["row", "indicator", "region", "period", "quote", "note"]]]
                       + want_notes[at:at + n])
            at += n


def repr_num(v):
    return repr(v) if isinstance(v, float) else str(v)


def check_table(a):
    book = read_book(a.book)
    with open(a.expected, encoding="utf-8") as fh:
        want = json.load(fh)
    want = [[tuple(c) for c in row] for row in want]
    s = book[0]
    if nrows(s) != len(want):
        problem("%s: %d rows, not %d" % (s["name"], nrows(s), len(want)))
    for r, w in enumerate(want):
        got = row_of(s, r)
        for c, cell in enumerate(w):
            same_cell("%s %s%d" % (s["name"], chr(65 + c), r + 1), got[c] if c < len(got) else ("empty", None), cell)
        if len(got) > len(w) and any(g[0] != "empty" for g in got[len(w):]):
            problem("%s row %d: more cells than expected: %r" % (s["name"], r + 1, got[len(w):]))
    if a.lo:
        lo_compare(lo_sheets(a.book), s["name"], want)


PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def letters(n):
    """The column letters of the n-th column (1: A, 27: AA)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def cols(spec):
    return {int(x) - 1 for x in spec.split(",") if x} if spec else set()


def check_like(a):
    """A sheet holds what the CSV of the same command holds: numbers where
    it has plain decimals (times --factor: the CSV shows them scaled, the
    workbook keeps the value), dates in --dates columns, text elsewhere
    (unguarded); with --footnotes, below the table a blank row and a row
    per source: [n], id, title, publisher, URL, publication date."""
    book = read_book(a.book)
    with open(a.csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    texts, dates = cols(a.text), cols(a.dates)
    found = [s for s in book if s["name"] == a.sheet]
    if not found:
        problem("no sheet %r (has %s)" % (a.sheet, [s["name"] for s in book]))
        return
    data = found[0]
    table = len(rows) + (1 + len(a.footnotes) if a.footnotes else 0)
    if nrows(data) != table:
        problem("%s: %d rows, not %d" % (a.sheet, nrows(data), table))
    for r, row in enumerate(rows):
        got = row_of(data, r)
        for c, v in enumerate(row):
            where = "%s %s%d" % (a.sheet, chr(65 + c) if c < 26 else "col%d " % (c + 1), r + 1)
            g = got[c] if c < len(got) else ("empty", None)
            if r and c >= a.text_cols and c not in texts and c in dates and v:
                want = ("date", v)
            elif r and c >= a.text_cols and c not in texts and PLAIN.match(v):
                if g[0] == "number" and a.factor != 1 and (not a.scaled or c in cols(a.scaled)):
                    if abs(float(g[1]) - float(v) * a.factor) > abs(float(v) * a.factor) * 1e-15:
                        problem("%s: %s, not %s × %g" % (where, g[1], v, a.factor))
                    continue
                want = ("number", v)
            elif v == "":
                want = ("empty", None)
            else:
                want = ("text", v[1:] if v[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r") else v)
            same_cell(where, g, want)
        if len(got) > len(row) and any(g[0] != "empty" for g in got[len(row):]):
            problem("%s row %d: more cells than the CSV" % (a.sheet, r + 1))
    if data["frozen"] != 1 or data["filter"] != "A1:%s%d" % (letters(len(rows[0])), max(len(rows), 2)):
        problem("%s: header frozen %s, autofilter %s" % (a.sheet, data["frozen"], data["filter"]))
    if a.footnotes:
        src = load_sources(a.inputs)
        if row_of(data, len(rows)) and any(g[0] != "empty" for g in row_of(data, len(rows))):
            problem("%s: no blank row below the table" % a.sheet)
        for i, sid in enumerate(a.footnotes):
            d = src.get(sid, {})
            want = [("text", "[%d]" % (i + 1)), ("text", sid), ("text", d.get("title") or ""),
                    ("text", d.get("publisher") or ""), ("text", d.get("url") or ""),
                    ("date", d["published"]) if d.get("published") else ("empty", None)]
            got = row_of(data, len(rows) + 1 + i)
            for c, w in enumerate(want):
                same_cell("%s footnote %d col %d" % (a.sheet, i + 1, c + 1), got[c] if c < len(got) else ("empty", None), w)
    if a.sources is not None:
        # the Sources sheet: each source of the source column, by id
        src = load_sources(a.inputs)
        sheet = [s for s in book if s["name"] == "Sources"]
        if not sheet:
            problem("no Sources sheet")
        else:
            sheet = sheet[0]
            if nrows(sheet) != len(a.sources) + 1:
                problem("Sources: %d rows, not %d" % (nrows(sheet) - 1, len(a.sources)))
            for r, sid in enumerate(sorted(a.sources)):
                d = src.get(sid, {})
                want = [("text", sid), ("text", d.get("title") or ""), ("text", d.get("publisher") or ""),
                        ("text", d.get("url") or ""),
                        ("date", d["published"]) if d.get("published") else ("empty", None),
                        ("number", str(d.get("priority", 0)))]
                got = row_of(sheet, r + 1)
                for c, w in enumerate(want):
                    same_cell("Sources %s%d" % (chr(65 + c), r + 2), got[c] if c < len(got) else ("empty", None), w)
    if a.shown:
        # LibreOffice shows each number as its format says: the CSV's
        # number (scaled), its footnote mark after it
        out = tempfile.mkdtemp()
        subprocess.run([os.environ.get("SOFFICE", "soffice"), "-env:UserInstallation=file://" + out + "/lo",
                        "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                        "--outdir", out, a.book], check=True, capture_output=True, env=dict(os.environ, HOME=out))
        base = os.path.splitext(os.path.basename(a.book))[0]
        name = [f for f in os.listdir(out) if f.startswith(base + "-") and f.endswith(".csv")]
        shown_name = os.path.join(out, "%s-%s.csv" % (base, a.sheet))
        if not os.path.exists(shown_name):
            problem("LibreOffice wrote %s, no sheet %s" % (name, a.sheet))
            return
        with open(shown_name, newline="", encoding="utf-8") as fh:
            shown = list(csv.reader(fh))
        for r, row in enumerate(rows[1:], 1):
            for c, v in enumerate(row):
                if c < a.text_cols or c in texts or c in dates or not PLAIN.match(v) or (a.scaled and c not in cols(a.scaled)):
                    continue
                g = shown[r][c] if r < len(shown) and c < len(shown[r]) else ""
                # a qualifier before (when the table has no column for it), a
                # footnote mark after; the number rounded to the decimals shown
                m = re.match(r"^([<>~=]*)(.*?)( \[[0-9]+\+?\])?$", g)
                num = m.group(2).replace(",", "")
                if a.footnotes and not m.group(3):
                    problem("LibreOffice %s row %d col %d: %r has no footnote mark" % (a.sheet, r + 1, c + 1, g))
                try:
                    shown_dec = len(num.split(".")[1]) if "." in num else 0
                    ok = float(num) == round(float(v), shown_dec)
                except ValueError:
                    ok = False
                if not ok:
                    problem("LibreOffice %s row %d col %d shows %r, not %s" % (a.sheet, r + 1, c + 1, g, v))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("book")
    e.add_argument("ref")
    e.add_argument("--inputs", nargs="*", default=[])
    e.add_argument("--tsq")
    e.add_argument("--lo", action="store_true")
    t = sub.add_parser("table")
    t.add_argument("book")
    t.add_argument("expected")
    t.add_argument("--lo", action="store_true")
    k = sub.add_parser("like")
    k.add_argument("book")
    k.add_argument("csv")
    k.add_argument("--text-cols", type=int, default=0, help="the first N columns are text")
    k.add_argument("--text", help="these columns (1,3,...) are text")
    k.add_argument("--dates", help="these columns (1,3,...) are dates")
    k.add_argument("--sheet", default="Data")
    k.add_argument("--factor", type=float, default=1.0, help="the CSV shows the values divided by this")
    k.add_argument("--scaled", help="the columns (1,3,...) --factor applies to (else every number)")
    k.add_argument("--footnotes", type=lambda v: v.split(","), default=[],
                   help="the source ids listed below the table, with commas (--footnotes=-2+3,b)")
    k.add_argument("--inputs", nargs="*", default=[])
    k.add_argument("--sources", type=lambda v: [x for x in v.split(",") if x],
                   help="the ids the Sources sheet must list, with commas (--sources=-2+3,b)")
    k.add_argument("--shown", action="store_true", help="LibreOffice shows the CSV's numbers")
    d = sub.add_parser("dump")
    d.add_argument("book")
    a = p.parse_args()
    if a.cmd == "export":
        check_export(a)
    elif a.cmd == "table":
        check_table(a)
    elif a.cmd == "like":
        check_like(a)
    else:
        for s in read_book(a.book):
            print(json.dumps({"name": s["name"], "frozen": s["frozen"], "filter": s["filter"],
                              "rows": [row_of(s, r) for r in range(nrows(s))]}, ensure_ascii=False))
    for m in problems[:40]:
        print(m)
    if len(problems) > 40:
        print("… and %d more" % (len(problems) - 40))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
