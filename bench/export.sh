#!/usr/bin/env bash
# export.sh — tsq export against sqlite3 -csv selecting the same rows from the
# same data: ROWS generated observations (ten indicators × China's counties ×
# years) in a tsq database and in a sqlite3 table with PRIMARY KEY
# (indicator, region, period). Each command runs as a whole process, output
# to /dev/null; one warm-up, then RUNS timed runs of each, alternating; the
# median is reported.
#
# usage: bench/export.sh BUILD [ROWS]
# environment: BENCH_RUNS (5), BENCH_DATA (BUILD/bench-data)
#
# Two sqlite3 queries: the bare table (indicator, region, period, value), and
# the same eleven columns tsq writes (names and unit joined from their
# tables). sqlite3 prints a REAL with 15 significant digits, so its numbers
# are not always the stored double; tsq's are (the shortest exact decimal).
set -eu

BUILD=${1:-build}
ROWS=${2:-1000000}
RUNS=${BENCH_RUNS:-5}
TSQ=$BUILD/tsq
DIR=${BENCH_DATA:-$BUILD/bench-data}/export-$ROWS
mkdir -p "$DIR"
export TSDB_PATH=$DIR/tsq

if [ ! -f "$DIR/ready" ]; then
	rm -rf "$DIR/tsq" "$DIR/sq.db"
	"$TSQ" --quiet init
	"$TSQ" ls regions --level county | awk 'NR > 1 { print $1 "\t" $4 }' >"$DIR/counties.tsv"
	python3 - "$DIR" "$ROWS" <<'PY'
import random, sys
d, rows = sys.argv[1], int(sys.argv[2])
random.seed(7)
counties = [l.rstrip("\n").split("\t") for l in open(d + "/counties.tsv", encoding="utf-8")]
inds = ["ind%02d" % i for i in range(10)]
years = -(-rows // (len(inds) * len(counties)))
with open(d + "/indicators.jsonl", "w") as f, open(d + "/indicators.csv", "w") as g:
    for i in inds:
        f.write('{"type":"indicator","id":"%s","name":"Indicator %s","unit":"CNY","kind":"flow"}\n' % (i, i))
        g.write("%s,Indicator %s,CNY\n" % (i, i))
with open(d + "/regions.csv", "w", encoding="utf-8") as g:
    for code, name in counties:
        g.write("%s,%s\n" % (code, name))
n = 0
with open(d + "/data.csv", "w") as f:
    f.write("indicator,region,period,value\n")
    for i in inds:
        for code, _ in counties:
            for y in range(2024 - years, 2024):
                if n == rows:
                    break
                f.write("%s,%s,%d,%s\n" % (i, code, y, round(random.uniform(0, 1e7), random.choice([0, 1, 2, 4]))))
                n += 1
PY
	"$TSQ" --quiet load "$DIR/indicators.jsonl"
	"$TSQ" --quiet load --csv "$DIR/data.csv" --map indicator=indicator,region=region,period=period,value=value
	sqlite3 "$DIR/sq.db" <<SQL
CREATE TABLE obs(indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL, value REAL,
  PRIMARY KEY (indicator, region, period)) WITHOUT ROWID;
CREATE TABLE indicators(id TEXT PRIMARY KEY, name TEXT, unit TEXT) WITHOUT ROWID;
CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
.mode csv
.import --skip 1 $DIR/data.csv obs
.import $DIR/indicators.csv indicators
.import $DIR/regions.csv regions
SQL
	touch "$DIR/ready"
fi

BARE="SELECT indicator, region, period, value FROM obs ORDER BY indicator, region, period"
FULL="SELECT o.indicator, i.name AS indicator_name, o.region, r.name AS region_name, o.period, o.value,
  i.unit, '' AS qualifier, 'actual' AS status, '' AS source, '' AS vintage
  FROM obs o JOIN indicators i ON i.id = o.indicator JOIN regions r ON r.code = o.region
  ORDER BY o.indicator, o.region, o.period"

python3 - "$RUNS" "$TSQ" "$DIR" "$BARE" "$FULL" <<'PY'
import statistics, subprocess, sys, time
runs, tsq, d, bare, full = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
cmds = {
    "tsq export --format csv": [tsq, "--db", d + "/tsq", "export", "--format", "csv"],
    "sqlite3 -csv (4 columns)": ["sqlite3", "-csv", "-header", d + "/sq.db", bare],
    "sqlite3 -csv (the 11 columns)": ["sqlite3", "-csv", "-header", d + "/sq.db", full],
}
lines = {}
for name, argv in cmds.items():
    out = subprocess.run(argv, capture_output=True, check=True).stdout
    lines[name] = (out.count(b"\n") - 1, len(out))
times = {name: [] for name in cmds}
for r in range(runs):
    for name, argv in cmds.items():
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        times[name].append(time.perf_counter() - t0)
med = {name: statistics.median(t) for name, t in times.items()}
base = med["tsq export --format csv"]
print(f"export of {lines['tsq export --format csv'][0]} rows, median of {runs} whole-process runs")
print(f"{'command':32} {'rows':>9} {'bytes':>11} {'median s':>9} {'tsq/this':>9}")
for name in cmds:
    print(f"{name:32} {lines[name][0]:>9} {lines[name][1]:>11} {med[name]:>9.3f} {base / med[name]:>9.2f}")
PY
