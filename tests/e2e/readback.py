#!/usr/bin/env python3
"""readback.py — reads what tsq export wrote with readers that are not tsdb's
and compares every cell with what it should be.

  readback.py anchor REF.jsonl
      checks the JSON Lines export against `tsq get --format json` for each
      series (another code path), so that REF can stand as the reference.
  readback.py check REF.jsonl FILE --reader csv|sqlite|xlsx
                    --layout long|sdmx|wide|pivot [--sep C] [--bom]
      rebuilds from REF what FILE must hold (neutralised text, exact shortest
      decimals, the wide and pivot shapes) and compares every cell as the
      reader returns it: Python's csv module, sqlite3's .import, or the cells
      of an .xlsx written by a spreadsheet program (LibreOffice).

Exits 1 and prints the differences when anything differs."""
import argparse
import csv
import datetime
import decimal
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

RISKY = ("=", "+", "-", "@", "\t", "\r")
PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
fails = []


def fail(msg):
    fails.append(msg)


def raw_json(line):
    """A JSON object with its numbers kept as the text they were written as."""
    return json.loads(line, parse_float=str, parse_int=str)


def load_ref(path):
    with open(path, encoding="utf-8") as f:
        return [raw_json(line) for line in f if line.strip()]


def text(s):
    """A text cell as the export must write it: neutralised if risky."""
    s = s or ""
    return "'" + s if s.startswith(RISKY) else s


def check_number(s, where):
    """A value cell: a plain decimal, the shortest that reads back exactly."""
    if not PLAIN.match(s):
        fail(f"{where}: {s!r} is not a plain decimal")
        return
    v = float(s)
    if decimal.Decimal(s) != decimal.Decimal(repr(v)):
        fail(f"{where}: {s!r} is not the shortest decimal of {v!r}")


# ---- periods, as tsdb orders them and SDMX writes them ----

def month_end(y, m):
    nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def bounds(p):
    """(first day, last day) of a period written by tsdb."""
    if "/" in p:
        a, b = p.split("/")
        return bounds(a)[0], bounds(b)[1]
    m = re.match(r"^(\d{4})(?:-(H|Q)(\d)|-(\d{2})(?:-(\d{2}))?)?$", p)
    y = int(m.group(1))
    if m.group(2) == "H":
        h = int(m.group(3))
        return datetime.date(y, 6 * h - 5, 1), month_end(y, 6 * h)
    if m.group(2) == "Q":
        q = int(m.group(3))
        return datetime.date(y, 3 * q - 2, 1), month_end(y, 3 * q)
    if m.group(5):
        d = datetime.date(y, int(m.group(4)), int(m.group(5)))
        return d, d
    if m.group(4):
        mo = int(m.group(4))
        return datetime.date(y, mo, 1), month_end(y, mo)
    return datetime.date(y, 1, 1), datetime.date(y, 12, 31)


def sdmx_period(p):
    if "/" not in p:
        return p.replace("-H", "-S")
    a, b = bounds(p)
    if a.day == 1 and b == month_end(b.year, b.month):
        months = (b.year * 12 + b.month) - (a.year * 12 + a.month) + 1
        return f"{a.isoformat()}/P{months // 12}Y" if months % 12 == 0 else f"{a.isoformat()}/P{months}M"
    return f"{a.isoformat()}/P{(b - a).days + 1}D"


SDMX_STATUS = {"actual": "A", "estimate": "E", "provisional": "P", "forecast": "F", "target": ""}


# ---- what each layout must hold, from the reference ----

def expect_long(ref):
    rows = [["indicator", "indicator_name", "region", "region_name", "period", "value", "unit",
             "qualifier", "status", "source", "vintage"]]
    for r in ref:
        rows.append([text(r["indicator"]), text(r["indicator_name"]), text(r["region"]),
                     text(r["region_name"]), text(r["period"]), ("num", r["value"]), text(r["unit"]),
                     text("" if r["qualifier"] == "=" else r["qualifier"]), text(r["status"]),
                     text(r["source"]), text(r["vintage"])])
    return rows


def expect_sdmx(ref):
    rows = [["DATAFLOW", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE",
             "OBS_STATUS", "QUALIFIER", "TSDB_STATUS", "SOURCE", "VINTAGE"]]
    for r in ref:
        rows.append(["TSDB:DF_INDICATORS(1.0)", text(r["indicator"]), text(r["region"]),
                     text(sdmx_period(r["period"])), ("num", r["value"]), text(r["unit"]),
                     SDMX_STATUS[r["status"]], text("" if r["qualifier"] == "=" else r["qualifier"]),
                     text(r["status"]), text(r["source"]), text(r["vintage"])])
    return rows


def period_key(p):
    return bounds(p)


def expect_wide(ref):
    periods = sorted({r["period"] for r in ref}, key=period_key)
    rows = [["indicator", "indicator_name", "region", "region_name", "unit"] + [text(p) for p in periods]]
    series = {}
    for r in ref:
        key = (r["indicator"], r["region"])
        if key not in series:
            series[key] = [text(r["indicator"]), text(r["indicator_name"]), text(r["region"]),
                           text(r["region_name"]), text(r["unit"])] + [""] * len(periods)
            rows.append(series[key])
        series[key][5 + periods.index(r["period"])] = ("num", r["value"])
    return rows


def expect_pivot(ref, header):
    """The pivot's rows; its region columns in the order header names them
    (each a region's name, or "name (code)" when two share a name)."""
    names = {}
    for r in ref:
        names[r["region"]] = r["region_name"]
    counts = {}
    for n in names.values():
        counts[n] = counts.get(n, 0) + 1
    label = {c: text(n if counts[n] == 1 else f"{n} ({c})") for c, n in names.items()}
    fixed = ["indicator", "indicator_name", "unit", "period"]
    if sorted(header[4:]) != sorted(label.values()):
        fail(f"pivot columns {header[4:]!r}, expected {sorted(label.values())!r}")
        return None
    col = {lab: i for i, lab in enumerate(header[4:])}
    rows = [fixed + list(header[4:])]
    by = {}
    order = []
    for r in ref:
        key = (r["indicator"], r["period"])
        if key not in by:
            by[key] = [text(r["indicator"]), text(r["indicator_name"]), text(r["unit"]),
                       text(r["period"])] + [""] * len(col)
            order.append(key)
        by[key][4 + col[label[r["region"]]]] = ("num", r["value"])
    inds = []
    for k in order:
        if k[0] not in inds:
            inds.append(k[0])
    for ind in inds:
        for k in sorted((k for k in order if k[0] == ind), key=lambda k: period_key(k[1])):
            rows.append(by[k])
    return rows


# ---- readers ----

def read_csv(path, sep, bom):
    with open(path, "rb") as f:
        head = f.read(3)
    if bom and head != b"\xef\xbb\xbf":
        fail(f"{path}: no byte-order mark")
    if not bom and head == b"\xef\xbb\xbf":
        fail(f"{path}: an unwanted byte-order mark")
    with open(path, encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        return [row for row in csv.reader(f, delimiter=sep, strict=True)]


def read_sqlite(path, sep, bom):
    """sqlite3's own CSV reader: .import into a table named by the header."""
    src = path
    if bom:
        # the sqlite3 shell of Debian 12 keeps a BOM in the first column name
        fd, src = tempfile.mkstemp(suffix=".csv")
        with open(path, "rb") as f, os.fdopen(fd, "wb") as out:
            out.write(f.read()[3:])
    sep_cmd = '.separator "\\t"' if sep == "\t" else f'.separator "{sep}"'
    script = f".mode csv\n{sep_cmd}\n.import '{src}' t\n.mode json\nSELECT * FROM t ORDER BY rowid;\n"
    out = subprocess.run(["sqlite3", ":memory:"], input=script, capture_output=True, text=True)
    if src != path:
        os.unlink(src)
    if out.returncode != 0 or out.stderr:
        fail(f"sqlite3 .import {path}: {out.stderr.strip()}")
        return []
    cols = subprocess.run(["sqlite3", ":memory:"], input=f".mode csv\n{sep_cmd}\n.import '{path}' t\n"
                          "SELECT name FROM pragma_table_info('t');\n", capture_output=True, text=True)
    data = json.loads(out.stdout or "[]")
    header = list(data[0].keys()) if data else [c for c in cols.stdout.splitlines()]
    rows = [header]
    for d in data:
        rows.append(["" if v is None else str(v) for v in d.values()])
    return rows


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_xlsx(path):
    """Cells of the first sheet: ("s", text) or ("n", number text)."""
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    sheet = z.read("xl/worksheets/sheet1.xml")
    if b"<f>" in sheet or b"<f " in sheet:
        fail(f"{path}: a cell holds a formula")
    rows = []
    for row in ET.fromstring(sheet).find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            v = c.find("m:v", NS)
            t = c.get("t", "n")
            if c.find("m:f", NS) is not None:
                fail(f"{path}: {c.get('r')} is a formula")
            if t == "s":
                cells[col_index(c.get("r"))] = ("s", strings[int(v.text)])
            elif t == "inlineStr":
                cells[col_index(c.get("r"))] = ("s", "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])))
            elif t == "str":
                cells[col_index(c.get("r"))] = ("s", v.text or "")
            elif v is not None:
                cells[col_index(c.get("r"))] = ("n", v.text)
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, ("s", "")) for i in range(width)])
    return rows


# ---- comparing ----

def same_number(got, want):
    try:
        return float(got) == float(want)
    except ValueError:
        return False


def compare_text_rows(got, want, name):
    n = 0
    if len(got) != len(want):
        fail(f"{name}: {len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w):
            fail(f"{name} row {i + 1}: {len(g)} cells, expected {len(w)}: {g!r}")
            continue
        for j, (gc, wc) in enumerate(zip(g, w)):
            n += 1
            where = f"{name} row {i + 1} column {j + 1}"
            if isinstance(wc, tuple):
                check_number(gc, where)
                if gc != wc[1]:
                    fail(f"{where}: {gc!r}, expected the number {wc[1]!r}")
            elif gc != wc:
                fail(f"{where}: {gc!r}, expected {wc!r}")
    return n


def compare_sheet(got, want, name):
    """Cells as a spreadsheet holds them: numbers as numbers, text as text
    (dates and plain numbers it recognised in text columns compared by value)."""
    n = 0
    if len(got) != len(want):
        fail(f"{name}: {len(got)} rows, expected {len(want)}")
    epoch = datetime.date(1899, 12, 30)
    for i, (g, w) in enumerate(zip(got, want)):
        g = g + [("s", "")] * (len(w) - len(g))
        for j, wc in enumerate(w):
            kind, val = g[j]
            n += 1
            where = f"{name} row {i + 1} column {j + 1}"
            if isinstance(wc, tuple):
                # a spreadsheet keeps 15 significant digits
                if kind != "n" or not same_number(val, "%.15g" % float(wc[1])):
                    fail(f"{where}: {kind} {val!r}, expected the number {wc[1]}")
            elif kind == "s":
                # and keeps a line break inside a cell (CR LF, or CR) as LF
                if val != wc.replace("\r\n", "\n").replace("\r", "\n"):
                    fail(f"{where}: text {val!r}, expected {wc!r}")
            elif re.match(r"^\d{4}-\d{2}-\d{2}$", wc):
                day = epoch + datetime.timedelta(days=int(float(val)))
                if day.isoformat() != wc:
                    fail(f"{where}: date {day}, expected {wc}")
            elif re.match(r"^\d{4}-\d{2}$", wc):
                day = epoch + datetime.timedelta(days=int(float(val)))
                if day.strftime("%Y-%m") != wc:
                    fail(f"{where}: month {day}, expected {wc}")
            elif not (PLAIN.match(wc) and same_number(val, wc)):
                fail(f"{where}: number {val!r}, expected text {wc!r}")
    return n


def anchor(ref):
    tsq = os.environ.get("TSQ", "tsq")
    seen = {}
    for r in ref:
        seen.setdefault((r["indicator"], r["region"]), []).append(r)
    n = 0
    for (ind, reg), rows in seen.items():
        if reg.startswith("-"):
            continue  # tsq get reads a name beginning with '-' as an option
        out = subprocess.run([tsq, "get", ind, reg, "--format", "json"], capture_output=True, text=True)
        if out.returncode:
            fail(f"tsq get {ind} {reg}: {out.stderr.strip()}")
            continue
        got = json.loads(out.stdout, parse_float=str, parse_int=str)
        if len(got) != len(rows):
            fail(f"{ind} {reg}: get has {len(got)} points, export {len(rows)}")
        for g, r in zip(got, rows):
            for k in ("period", "value", "qualifier", "status", "vintage", "source"):
                n += 1
                if (g[k] or "") != (r[k] or ""):
                    fail(f"{ind} {reg} {r['period']}: {k} is {r[k]!r} in the export, {g[k]!r} in get")
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["anchor", "check"])
    ap.add_argument("ref")
    ap.add_argument("file", nargs="?")
    ap.add_argument("--reader", choices=["csv", "sqlite", "xlsx"], default="csv")
    ap.add_argument("--layout", choices=["long", "sdmx", "wide", "pivot"], default="long")
    ap.add_argument("--sep", default=",")
    ap.add_argument("--bom", action="store_true")
    a = ap.parse_args()
    ref = load_ref(a.ref)
    if a.what == "anchor":
        n = anchor(ref)
    else:
        sep = "\t" if a.sep == "tab" else a.sep
        if a.reader == "xlsx":
            got = read_xlsx(a.file)
        elif a.reader == "sqlite":
            got = read_sqlite(a.file, sep, a.bom)
        else:
            got = read_csv(a.file, sep, a.bom)
        if a.layout == "long":
            want = expect_long(ref)
        elif a.layout == "sdmx":
            want = expect_sdmx(ref)
        elif a.layout == "wide":
            want = expect_wide(ref)
        else:
            header = [c[1] if isinstance(c, tuple) else c for c in got[0]] if got else []
            want = expect_pivot(ref, header) or []
        if a.reader == "xlsx":
            n = compare_sheet(got, want, a.file)
        else:
            n = compare_text_rows(got, want, f"{a.reader}:{os.path.basename(a.file)}")
    for f in fails[:30]:
        print("  " + f, file=sys.stderr)
    if fails:
        print(f"readback: {len(fails)} differences", file=sys.stderr)
        sys.exit(1)
    print(f"readback: {n} cells agree")


if __name__ == "__main__":
    main()
