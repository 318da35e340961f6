#!/bin/sh
# xlsx.sh — tsq export --format xlsx against --format csv: the same rows of the
# benchmark data set (bench/gen -s 1: 200 indicators × 367 regions), the first
# indicators in catalog order until ROWS rows, each export a whole process
# writing a file (-o); GNU time gives wall time, CPU time and peak RSS; RUNS
# runs of each, alternating, medians reported. Peak RSS includes the pages of
# the database that the export reads (LMDB maps the file): the difference
# between the two formats is what the workbook costs.
#
# usage: bench/xlsx.sh BUILD [ROWS]    environment: BENCH_RUNS (3), BENCH_DATA
set -eu
BUILD=${1:-build}
ROWS=${2:-1000000}
RUNS=${BENCH_RUNS:-3}
TSQ=$BUILD/tsq
DIR=${BENCH_DATA:-$BUILD/bench-data}/xlsx
mkdir -p "$DIR"
export TSDB_PATH=$DIR/tsq
if [ ! -f "$DIR/ready" ]; then
	rm -rf "$DIR/tsq"
	"$BUILD/bench/gen" -s 1 data/regions "$DIR" >&2
	"$TSQ" --quiet init
	"$TSQ" --quiet load "$DIR/indicators.jsonl" "$DIR/obs.jsonl"
	touch "$DIR/ready"
fi
# the first indicators that hold ROWS rows between them
INDS=$("$TSQ" export --format jsonl | python3 -c '
import json, sys
rows, n, inds = int(sys.argv[1]), 0, []
for line in sys.stdin:
    i = json.loads(line)["indicator"]
    if not inds or inds[-1] != i:
        if n >= rows:
            break
        inds.append(i)
    n += 1
print(" ".join(inds))' "$ROWS")
for r in $(seq "$RUNS"); do
	for f in csv xlsx; do
		/usr/bin/time -f "$f %e %U %S %M" "$TSQ" --quiet export --indicator $INDS --format $f -o "$DIR/out.$f" \
			2>>"$DIR/times.$r" >/dev/null
	done
done
ROWS_OUT=$(($(wc -l <"$DIR/out.csv") - 1))
cat "$DIR"/times.* | python3 -c '
import statistics, sys, os
d, rows = sys.argv[1], sys.argv[2]
t = {}
for line in sys.stdin:
    f, wall, user, sys_, rss = line.split()
    t.setdefault(f, []).append((float(wall), float(user) + float(sys_), int(rss)))
print("export of %s rows, medians of %d runs" % (rows, len(t["csv"])))
print("%-6s %9s %9s %12s %12s" % ("format", "wall s", "CPU s", "peak RSS MB", "file MB"))
for f in ("csv", "xlsx"):
    m = [statistics.median(x[i] for x in t[f]) for i in range(3)]
    print("%-6s %9.2f %9.2f %12.1f %12.1f" % (f, m[0], m[1], m[2] / 1024, os.path.getsize(d + "/out." + f) / 1e6))
c, x = [statistics.median(v[1] for v in t[f]) for f in ("csv", "xlsx")]
print("xlsx/csv CPU time: %.1f" % (x / c))' "$DIR" "$ROWS_OUT"
rm -f "$DIR"/times.* "$DIR"/out.*
