#!/usr/bin/env bash
# run.sh — make bench: tsq against sqlite3 and against the LMDB ceiling on a
# generated data set, each task as whole processes, alternating, medians.
#
# usage: bench/run.sh BUILD [all|growth]
#   all     the full table at BENCH_SCALE, growth at BENCH_GROWTH, then the
#           peers in region order at BENCH_PEERS (make bench)
#   growth  the growth table and the peers (make bench-scale, with
#           BENCH_GROWTH="0.1 1 4" and BENCH_PEERS="1 4 10")
#   peers   only the peers
# environment:
#   BENCH_SCALE (1)          size of the main data set: 1 is ~2.5 million observations
#   BENCH_RUNS (5)           timed runs of each load and export (after one warm-up)
#   BENCH_QUERY_RUNS (21)    timed runs of each query (after three warm-ups)
#   BENCH_GROWTH ("0.1 1")   scales for the growth table
#   BENCH_PEERS ("1 4")      scales of the region-order data set (gen -r: 540,000
#                            observations at 1) loaded by tsq, sqlite3 and DuckDB;
#                            export and queries at the first scale; "" for none
#   BENCH_NODE (BUILD/bench/node)      where @duckdb/node-api is installed
#   BENCH_DATA (build/bench-data)      generated data and databases
#   BENCH_DOC (docs/PERFORMANCE.md)    the file whose results sections are rewritten ("" for none)
set -eu

BUILD=${1:-build}
MODE=${2:-all}
TSQ=$BUILD/tsq
BIN=$BUILD/bench
SCALE=${BENCH_SCALE:-1}
RUNS=${BENCH_RUNS:-5}
QRUNS=${BENCH_QUERY_RUNS:-21}
GROWTH=${BENCH_GROWTH:-0.1 1}
DATA=${BENCH_DATA:-build/bench-data}
DOC=${BENCH_DOC-docs/PERFORMANCE.md}
PEERS=${BENCH_PEERS-1 4}
DUCK=${BENCH_NODE:-$BUILD/bench/node}/duckdb.mjs
OUT=$DATA/out
mkdir -p "$DATA" "$OUT"
: >"$OUT/samples.log"

# The query arguments (gen.c decides which series are annual or quarterly).
GET_IND=gdp_total GET_REGION=320400                     # Changzhou; annual + quarterly
CMP_IND=rd_expenditure_total CMP_REGIONS="110000 310000 440000"
RANK_IND=gdp_total RANK_PERIOD=2020
EXPR_A=rd_expenditure_total EXPR_B=gdp_total
MAP=indicator=indicator,region=region,period=period,value=value

SCHEMA="CREATE TABLE obs(indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
  value REAL, PRIMARY KEY (indicator, region, period)) WITHOUT ROWID;
CREATE TABLE versions(indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
  vintage TEXT NOT NULL, value REAL, PRIMARY KEY (indicator, region, period, vintage)) WITHOUT ROWID;
CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT, level TEXT) WITHOUT ROWID;"

# ---- helpers ---------------------------------------------------------------

# Quotes argv for display, the way one would type it.
show() {
	local out= a
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./=,:+-]+$ ]]; then out+=" $a"
		elif [[ ! $a =~ [\"\$\`\\] ]]; then out+=" \"$a\""
		else out+=" '${a//\'/\'\\\'\'}'"; fi
	done
	printf '%s\n' "${out# }"
}

# Records a command line for the "exact commands" section.
note_cmd() { printf '    %s\n' "$(show "$@")" >>"$OUT/commands.txt"; }

# Seconds as "12.3 ms" or "1.23 s".
fmt_t() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.3g ms", t * 1000; else printf "%.3g s", t }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
fmt_bytes() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# "yes" if the awk condition on r holds.
met() { awk -v r="$1" "BEGIN { print (($2) ? \"yes\" : \"NO\") }"; }

# Appends a row to the main table.
# Fields are separated by US (0x1f), which read does not merge when a field is empty.
row() { local IFS=$'\037'; printf '%s\n' "$*" >>"$OUT/table.tsv"; }

# A main-table row whose target is tsq in at most half of sqlite3's time:
# the task, then the tsq and sqlite3 medians.
row_half() {
	local r
	r=$(ratio "$2" "$3")
	row "$1" "$(fmt_t "$2")" "$(fmt_t "$3")" "$r" "≤ 0.5" "$(met "$r" "r <= 0.5")"
}

# A query of the main table: notes both commands, times them ($2 names the
# samples) and writes row_half "$1"; then tsq's arguments, :::, sqlite3's.
half_query() {
	local title=$1 name=$2 a b
	local -a t=()
	shift 2
	while [ "$1" != ::: ]; do
		t+=("$1")
		shift
	done
	shift
	note_cmd "$TSQ" "${t[@]}"
	note_cmd sqlite3 "$@"
	read -r a b _ _ < <(timed "$name" -n "$QRUNS" -w 3 -- "$TSQ" "${t[@]}" ::: sqlite3 "$@")
	row_half "$title" "$a" "$b"
}

# timeit with its samples logged; prints "median_a median_b rss_a rss_b".
timed() {
	local title=$1
	shift
	echo "## $title" >>"$OUT/samples.log"
	"$BIN/timeit" "$@" 2>>"$OUT/samples.log" || {
		echo "bench: $title failed; see $OUT/samples.log" >&2
		tail -5 "$OUT/samples.log" >&2
		kill "$$" # timed runs in a process substitution: stop the whole script
		exit 1
	}
}

# Generates the data set at scale $1 into $DATA/s$1 (with -r as $2: the
# region-order set, into $DATA/r$1) unless it is there already.
gen() {
	local d=$DATA/s$1
	if [ -n "${2-}" ]; then d=$DATA/r$1; fi
	if [ ! -f "$d/params.sh" ] || [ "$BIN/gen" -nt "$d/params.sh" ]; then
		mkdir -p "$d"
		"$BIN/gen" ${2:+"$2"} -s "$1" data/regions "$d" >&2
	fi
}

# Shell commands that make an empty database with the catalog, for each side.
prep_tsq() { echo "rm -rf '$1' && '$TSQ' --db '$1' init >/dev/null && '$TSQ' --db '$1' --quiet load '$2/indicators.jsonl'"; }
prep_sq() { echo "rm -f '$1' && sqlite3 '$1' \"\$(cat '$OUT/schema.sql')\" '.import --csv --skip 1 $2/regions.csv regions'"; }

tsq_has() { "$TSQ" --help | grep -q "^  $1 "; }

# ---- the main table --------------------------------------------------------

main_table() {
	local d=$DATA/s$SCALE w=$DATA/db r
	gen "$SCALE"
	# shellcheck disable=SC1091
	. "$d/params.sh"
	mkdir -p "$w"
	printf '%s\n' "$SCHEMA" >"$OUT/schema.sql"
	: >"$OUT/table.tsv"
	: >"$OUT/commands.txt"
	echo "bench: scale $SCALE: $N_OBS observations, $N_REV revisions; $RUNS runs per load, $QRUNS per query" >&2

	# load CSV
	echo "bench: load CSV" >&2
	local tcsv=(--db "$w/tsq-csv" --quiet load --csv "$d/obs.csv" --map "$MAP")
	local scsv=("$w/sq-csv.db" ".import --csv --skip 1 $d/obs.csv obs")
	note_cmd "$TSQ" "${tcsv[@]}"
	note_cmd sqlite3 "${scsv[@]}"
	read -r a b ra rb < <(timed "load CSV" -n "$RUNS" -w 1 -A "$(prep_tsq "$w/tsq-csv" "$d")" \
		-B "$(prep_sq "$w/sq-csv.db" "$d")" -- "$TSQ" "${tcsv[@]}" ::: sqlite3 "${scsv[@]}")
	LOAD_CSV=$a LOAD_CSV_RSS=$ra
	row_half "load CSV ($N_OBS rows)" "$a" "$b"
	LOAD_RSS_ROW=("peak RSS of load CSV" "$(fmt_mb "$ra")" "$(fmt_mb "$rb")" "$(ratio "$ra" "$rb")" "< 100 MB" \
		"$(met "$ra" "r < 102400")")

	# load JSON Lines
	echo "bench: load JSON Lines" >&2
	local tjs=(--db "$w/tsq-jsonl" --quiet load "$d/obs.jsonl")
	local sjs=("$w/sq-jsonl.db" "BEGIN" "CREATE TEMP TABLE j(line TEXT)" ".mode ascii"
		'.separator "\037" "\n"' ".import $d/obs.jsonl j"
		"INSERT INTO obs SELECT line->>'indicator', line->>'region', line->>'period', line->>'value' FROM j"
		"COMMIT")
	note_cmd "$TSQ" "${tjs[@]}"
	note_cmd sqlite3 "${sjs[@]}"
	read -r a b ra rb < <(timed "load JSON Lines" -n "$RUNS" -w 1 -A "$(prep_tsq "$w/tsq-jsonl" "$d")" \
		-B "$(prep_sq "$w/sq-jsonl.db" "$d")" -- "$TSQ" "${tjs[@]}" ::: sqlite3 "${sjs[@]}")
	LOAD_JSONL=$a
	row_half "load JSON Lines ($N_OBS records)" "$a" "$b"
	local jrss_row=("peak RSS of load JSON Lines" "$(fmt_mb "$ra")" "$(fmt_mb "$rb")" "$(ratio "$ra" "$rb")" \
		"< 100 MB" "$(met "$ra" "r < 102400")")

	# for reference: the same .import into an ordinary (rowid) table with the same key
	local srow=("$w/sq-rowid.db" ".import --csv --skip 1 $d/obs.csv obs")
	note_cmd sqlite3 "${srow[@]}"
	read -r a _ _ _ < <(timed "load CSV rowid" -n 3 -w 0 \
		-A "rm -f '$w/sq-rowid.db' && sqlite3 '$w/sq-rowid.db' \"\$(sed 's/ WITHOUT ROWID//' '$OUT/schema.sql')\"" \
		-- sqlite3 "${srow[@]}")
	row "reference: sqlite3 .import into a rowid table, same PRIMARY KEY" "" "$(fmt_t "$a")" "" "" ""
	row "reference: that rowid table's size on disk" "" "$(fmt_bytes "$(stat -c %s "$w/sq-rowid.db")")" "" "" ""
	rm -f "$w/sq-rowid.db"

	# revisions on top of the CSV load: the databases the queries run on
	echo "bench: load revisions" >&2
	local trev=(--db "$w/tsq" --quiet load --csv "$d/rev.csv" --map "$MAP,vintage=vintage")
	local srev=("$w/sq.db" "BEGIN" ".import --csv $d/rev.csv rev_in"
		"INSERT INTO versions SELECT o.indicator, o.region, o.period, '', o.value FROM obs o JOIN rev_in r USING (indicator, region, period)"
		"INSERT OR REPLACE INTO obs SELECT indicator, region, period, value FROM rev_in"
		"DROP TABLE rev_in" "COMMIT")
	note_cmd "$TSQ" "${trev[@]}"
	note_cmd sqlite3 "${srev[@]}"
	read -r a b ra rb < <(timed "load revisions" -n "$RUNS" -w 1 \
		-A "rm -rf '$w/tsq' && cp -r '$w/tsq-csv' '$w/tsq'" -B "cp '$w/sq-csv.db' '$w/sq.db'" \
		-- "$TSQ" "${trev[@]}" ::: sqlite3 "${srev[@]}")
	row "load revisions ($N_REV rows, later vintage)" "$(fmt_t "$a")" "$(fmt_t "$b")" "$(ratio "$a" "$b")" "—" "—"

	# queries, on the databases with the revisions
	query_rows "$w/tsq" "$w/sq.db" main

	# export
	if tsq_has export; then
		echo "bench: export" >&2
		local tex=(--db "$w/tsq" export --format csv)
		local sex=(-csv -header "$w/sq.db" "SELECT indicator, region, period, value FROM obs")
		note_cmd "$TSQ" "${tex[@]}"
		note_cmd sqlite3 "${sex[@]}"
		read -r a b ra rb < <(timed "export" -n "$RUNS" -w 1 -- "$TSQ" "${tex[@]}" ::: sqlite3 "${sex[@]}")
		EXPORT=$a
		row_half "export everything as CSV" "$a" "$b"
	else
		EXPORT=
		row "export everything as CSV" "n/a (no tsq export yet)" "" "" "≤ 0.5" "—"
	fi

	# size on disk, memory
	local ts ss
	ts=$(stat -c %s "$w/tsq/data.mdb")
	ss=$(stat -c %s "$w/sq.db")
	r=$(ratio "$ts" "$ss")
	row "database size on disk" "$(fmt_bytes "$ts")" "$(fmt_bytes "$ss")" "$r" "≤ 1" "$(met "$r" "r <= 1")"
	# LMDB never overwrites a page in place: the revision load copies most leaf pages of obs and
	# the old copies stay in the file as free pages. tsq backup writes a compacted copy.
	if tsq_has backup; then
		rm -rf "$w/backup"
		"$TSQ" --db "$w/tsq" backup "$w/backup" >/dev/null
		ts=$(stat -c %s "$w/backup/data.mdb")
		r=$(ratio "$ts" "$ss")
		row "database size, compacted (tsq backup)" "$(fmt_bytes "$ts")" "$(fmt_bytes "$ss")" "$r" "≤ 1" "$(met "$r" "r <= 1")"
		rm -rf "$w/backup"
	fi
	rm -rf "$w/empty"
	"$TSQ" --db "$w/empty" init >/dev/null
	EMPTY_SIZE=$(stat -c %s "$w/empty/data.mdb")
	row "LOAD_RSS" "" "" "" "" ""
	row "${jrss_row[@]}"

	# the LMDB ceiling
	echo "bench: LMDB ceiling" >&2
	note_cmd "$BIN/lmdb_ceiling" put "$w/ceiling" "$N_OBS"
	note_cmd "$BIN/lmdb_ceiling" append "$w/ceiling" "$N_OBS"
	note_cmd "$BIN/lmdb_ceiling" scan "$w/ceiling"
	read -r a _ ra _ < <(timed "ceiling put" -n "$RUNS" -w 1 -A "rm -rf '$w/ceiling'" \
		-- "$BIN/lmdb_ceiling" put "$w/ceiling" "$N_OBS")
	row "LMDB ceiling: put $N_OBS keys in order, one txn" "$(fmt_t "$a")" "" "" "" ""
	row "LMDB ceiling: peak RSS of the put" "$(fmt_mb "$ra")" "" "" "" ""
	read -r c _ _ _ < <(timed "ceiling append" -n "$RUNS" -w 1 -A "rm -rf '$w/ceiling'" \
		-- "$BIN/lmdb_ceiling" append "$w/ceiling" "$N_OBS")
	row "LMDB ceiling: the same with MDB_APPEND" "$(fmt_t "$c")" "" "" "" ""
	read -r s _ _ _ < <(timed "ceiling scan" -n "$QRUNS" -w 3 -- "$BIN/lmdb_ceiling" scan "$w/ceiling")
	row "LMDB ceiling: cursor scan of $N_OBS keys" "$(fmt_t "$s")" "" "" "" ""
	r=$(ratio "$a" "$LOAD_CSV")
	row "load CSV as a fraction of the ceiling (put)" "$r" "" "" "≥ 0.33" "$(met "$r" "r >= 0.333")"
	r=$(ratio "$a" "$LOAD_JSONL")
	row "load JSON Lines as a fraction of the ceiling" "$r" "" "" "≥ 0.33" "$(met "$r" "r >= 0.333")"
	if [ -n "$EXPORT" ]; then
		row "export as a fraction of the ceiling (scan)" "$(ratio "$s" "$EXPORT")" "" "" "" ""
	fi
	rm -rf "$w/ceiling"
}

# The query rows (main) or "get compare" medians (growth) for one pair of databases.
query_rows() {
	local tdb=$1 sdb=$2 mode=$3 a b r
	local regs=($CMP_REGIONS) in
	in="'${regs[0]}','${regs[1]}','${regs[2]}'"
	local pivot="max(CASE region WHEN '${regs[0]}' THEN value END), max(CASE region WHEN '${regs[1]}' THEN value END), max(CASE region WHEN '${regs[2]}' THEN value END)"

	if [ "$mode" = main ]; then
		echo "bench: startup floors" >&2
		note_cmd "$TSQ" --version
		note_cmd "$TSQ" --db "$tdb" ls indicators "$CMP_IND"
		note_cmd sqlite3 "$sdb" "SELECT 1"
		read -r a b _ _ < <(timed "floor: process" -n "$QRUNS" -w 3 -- "$TSQ" --version ::: sqlite3 :memory: "SELECT 1")
		row "floor: start a process (tsq --version; sqlite3 :memory:)" "$(fmt_t "$a")" "$(fmt_t "$b")" "$(ratio "$a" "$b")" "—" "—"
		read -r a b _ _ < <(timed "floor: open" -n "$QRUNS" -w 3 -- "$TSQ" --db "$tdb" ls indicators "$CMP_IND" ::: sqlite3 "$sdb" "SELECT 1")
		row "floor: open the database (tsq ls indicators ID; sqlite3 DB SELECT 1)" "$(fmt_t "$a")" "$(fmt_t "$b")" "$(ratio "$a" "$b")" "—" "—"
	fi

	echo "bench: queries ($mode)" >&2
	local tget=(--db "$tdb" get "$GET_IND" "$GET_REGION")
	local sget=("$sdb" "SELECT period, value FROM obs WHERE indicator = '$GET_IND' AND region = '$GET_REGION' ORDER BY period")
	read -r a b _ _ < <(timed "get $mode" -n "$QRUNS" -w 3 -- "$TSQ" "${tget[@]}" ::: sqlite3 "${sget[@]}")
	GET_T=$a GET_S=$b
	local tcmp=(--db "$tdb" compare "$CMP_IND" "${regs[@]}" --from 1995 --to 2024)
	local scmp=("$sdb" "SELECT period, $pivot FROM obs WHERE indicator = '$CMP_IND' AND region IN ($in) AND period BETWEEN '1995' AND '2024' GROUP BY period ORDER BY period")
	read -r a b _ _ < <(timed "compare $mode" -n "$QRUNS" -w 3 -- "$TSQ" "${tcmp[@]}" ::: sqlite3 "${scmp[@]}")
	CMP_T=$a CMP_S=$b
	[ "$mode" = main ] || return 0

	note_cmd "$TSQ" "${tget[@]}"
	note_cmd sqlite3 "${sget[@]}"
	note_cmd "$TSQ" "${tcmp[@]}"
	note_cmd sqlite3 "${scmp[@]}"
	row_half "get one series ($GET_IND, $GET_REGION)" "$GET_T" "$GET_S"
	row_half "compare 3 regions × 30 years" "$CMP_T" "$CMP_S"

	if tsq_has rank; then
		local trank=(--db "$tdb" rank "$RANK_IND" --period "$RANK_PERIOD" --level province)
		local srank=("$sdb" "SELECT rank() OVER (ORDER BY o.value DESC), r.code, r.name, o.value FROM regions r CROSS JOIN obs o ON o.indicator = '$RANK_IND' AND o.region = r.code AND o.period = '$RANK_PERIOD' WHERE r.level = 'province' ORDER BY 1")
		half_query "rank 34 provinces, one year" rank "${trank[@]}" ::: "${srank[@]}"
	else
		row "rank 34 provinces, one year" "n/a (no tsq rank yet)" "" "" "≤ 0.5" "—"
	fi

	local texpr=(--db "$tdb" compare "$EXPR_A / $EXPR_B * 100" "${regs[@]}" --from 1995 --to 2024)
	if "$TSQ" "${texpr[@]}" >/dev/null 2>&1; then
		local sexpr=("$sdb" "SELECT a.period, max(CASE a.region WHEN '${regs[0]}' THEN a.value / b.value * 100 END), max(CASE a.region WHEN '${regs[1]}' THEN a.value / b.value * 100 END), max(CASE a.region WHEN '${regs[2]}' THEN a.value / b.value * 100 END) FROM obs a JOIN obs b ON b.indicator = '$EXPR_B' AND b.region = a.region AND b.period = a.period WHERE a.indicator = '$EXPR_A' AND a.region IN ($in) AND a.period BETWEEN '1995' AND '2024' GROUP BY a.period ORDER BY a.period")
		half_query "expression a / b * 100, 3 regions" expression "${texpr[@]}" ::: "${sexpr[@]}"
	else
		row "expression a / b * 100, 3 regions" "n/a (no expressions in tsq compare yet)" "" "" "≤ 0.5" "—"
	fi
}

# ---- growth ----------------------------------------------------------------

growth_table() {
	local s d w=$DATA/db-growth a b ra rb
	: >"$OUT/growth.tsv"
	mkdir -p "$w"
	printf '%s\n' "$SCHEMA" >"$OUT/schema.sql"
	for s in $GROWTH; do
		gen "$s"
		d=$DATA/s$s
		# shellcheck disable=SC1090
		. "$d/params.sh"
		echo "bench: growth at scale $s ($N_OBS observations)" >&2
		local n=3
		read -r a b ra rb < <(timed "growth load $s" -n "$n" -w 1 -A "$(prep_tsq "$w/tsq" "$d")" \
			-B "$(prep_sq "$w/sq.db" "$d")" \
			-- "$TSQ" --db "$w/tsq" --quiet load --csv "$d/obs.csv" --map "$MAP" \
			::: sqlite3 "$w/sq.db" ".import --csv --skip 1 $d/obs.csv obs")
		query_rows "$w/tsq" "$w/sq.db" growth
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$N_OBS" \
			"$(fmt_t "$a")" "$(fmt_t "$b")" "$(ratio "$a" "$b")" \
			"$(awk -v t="$a" -v n="$N_OBS" 'BEGIN { printf "%.2f", n / t / 1e6 }')" \
			"$(fmt_mb "$ra")" "$(fmt_mb "$rb")" \
			"$(fmt_t "$GET_T") / $(fmt_t "$GET_S")" "$(fmt_t "$CMP_T") / $(fmt_t "$CMP_S")" \
			"$(fmt_bytes "$(stat -c %s "$w/tsq/data.mdb")")" "$(fmt_bytes "$(stat -c %s "$w/sq.db")")" \
			>>"$OUT/growth.tsv"
	done
	rm -rf "$w"
}

# ---- peers: tsq, sqlite3 and DuckDB on the region-order data set -----------

# The same columns in sqlite3 and DuckDB: what tsq keeps of every fact.
PEER_SCHEMA="CREATE TABLE obs(indicator TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
  value REAL, qualifier TEXT, status TEXT, source TEXT, vintage TEXT,
  PRIMARY KEY (indicator, region, period)) WITHOUT ROWID;
CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT, level TEXT) WITHOUT ROWID;
CREATE TABLE indicators(id TEXT PRIMARY KEY, name TEXT, unit TEXT) WITHOUT ROWID;"
PEER_MAP=indicator=indicator,region=region,period=period,value=value,qualifier=qualifier,status=status,source=source,vintage=vintage
# The eleven columns tsq export writes, in its order.
PEER_EXPORT="SELECT o.indicator, i.name AS indicator_name, o.region, r.name AS region_name, o.period, o.value, i.unit, o.qualifier, o.status, o.source, o.vintage FROM obs o JOIN indicators i ON i.id = o.indicator JOIN regions r ON r.code = o.region ORDER BY o.indicator, o.region, o.period"

# Bytes of a database: its files together (DuckDB may leave a .wal).
db_bytes() { cat "$@" 2>/dev/null | wc -c; }
per_obs() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.1f", b / n }'; }

peers_table() {
	local s d w=$DATA/db-peers a b c ra rb rc first=1
	: >"$OUT/peers.tsv"
	: >"$OUT/peers-q.tsv"
	: >"$OUT/peers-commands.txt"
	mkdir -p "$w"
	printf '%s\n' "$PEER_SCHEMA" >"$OUT/peer-schema.sql"
	for s in $PEERS; do
		gen "$s" -r
		d=$DATA/r$s
		# shellcheck disable=SC1090
		. "$d/params.sh"
		echo "bench: peers at scale $s ($N_OBS observations in region order)" >&2
		local tl=(--db "$w/tsq" --quiet load --csv "$d/peers.csv" --map "$PEER_MAP")
		local sl=("$w/sq.db" ".import --csv --skip 1 $d/peers.csv obs")
		local dl=(node "$DUCK" load "$w/duck.db" "$d/peers.csv")
		if [ "$first" = 1 ]; then
			{ echo "    $(show "$TSQ" "${tl[@]}")"; echo "    $(show sqlite3 "${sl[@]}")"; echo "    $(show "${dl[@]}")"; } >>"$OUT/peers-commands.txt"
		fi
		# past 4x (sqlite3 takes minutes there) one run each, no warm-up
		local pn=${BENCH_PEER_RUNS:-3} pw=1
		if awk -v s="$s" 'BEGIN { exit !(s > 4) }'; then pn=1 pw=0; fi
		read -r a b c ra rb rc < <(timed "peers load $s" -n "$pn" -w "$pw" \
			-A "rm -rf '$w/tsq' && '$TSQ' --db '$w/tsq' init >/dev/null && '$TSQ' --db '$w/tsq' --quiet load '$d/catalog.jsonl'" \
			-B "rm -f '$w/sq.db' && sqlite3 '$w/sq.db' \"\$(cat '$OUT/peer-schema.sql')\" '.import --csv --skip 1 $d/regions.csv regions' '.import --csv --skip 1 $d/indicators.csv indicators'" \
			-C "rm -f '$w/duck.db' '$w/duck.db.wal' && node '$DUCK' prep '$w/duck.db' '$d/regions.csv' '$d/indicators.csv'" \
			-- "$TSQ" "${tl[@]}" ::: sqlite3 "${sl[@]}" ::: "${dl[@]}")
		local tb sb db eb
		rm -rf "$w/empty"
		"$TSQ" --db "$w/empty" init >/dev/null
		"$TSQ" --db "$w/empty" --quiet load "$d/catalog.jsonl"
		eb=$(db_bytes "$w/empty/data.mdb")
		tb=$(db_bytes "$w/tsq/data.mdb")
		sb=$(db_bytes "$w/sq.db")
		db=$(db_bytes "$w/duck.db" "$w/duck.db.wal")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$N_OBS" \
			"$(fmt_t "$a")" "$(fmt_t "$b")" "$(fmt_t "$c")" "$(ratio "$a" "$b")" \
			"$(per_obs "$tb" "$N_OBS")" "$(per_obs "$((tb - eb))" "$N_OBS")" \
			"$(per_obs "$sb" "$N_OBS")" "$(per_obs "$db" "$N_OBS")" \
			"$(fmt_mb "$ra")" "$(fmt_mb "$rb")" "$(fmt_mb "$rc")" >>"$OUT/peers.tsv"
		if [ "$first" = 1 ]; then
			peer_queries "$w" "$N_OBS"
			first=0
		fi
	done
	rm -rf "$w"
}

# A row of the peers' second table: title, then the three medians.
row3() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(fmt_t "$2")" "$(fmt_t "$3")" "$(fmt_t "$4")" \
		"$(ratio "$2" "$3")" "$(awk -v a="$2" -v b="$4" 'BEGIN { printf "%.2g", a / b }')" >>"$OUT/peers-q.tsv"
}

# Export and queries on the peers' databases at the first scale: one row
# each, "task, tsq, sqlite3, DuckDB, tsq/sqlite3, tsq/DuckDB".
peer_queries() {
	local w=$1 n=$2 a b c
	local regs=($CMP_REGIONS) in
	in="'${regs[0]}','${regs[1]}','${regs[2]}'"
	local pivot="max(CASE region WHEN '${regs[0]}' THEN value END), max(CASE region WHEN '${regs[1]}' THEN value END), max(CASE region WHEN '${regs[2]}' THEN value END)"
	local get="SELECT period, value, status, vintage, source FROM obs WHERE indicator = '$GET_IND' AND region = '$GET_REGION' ORDER BY period"
	local cmp="SELECT period, $pivot FROM obs WHERE indicator = '$CMP_IND' AND region IN ($in) AND period BETWEEN '1995' AND '2024' GROUP BY period ORDER BY period"
	local rank="SELECT rank() OVER (ORDER BY o.value DESC), r.code, r.name, o.value FROM regions r JOIN obs o ON o.indicator = '$RANK_IND' AND o.region = r.code AND o.period = '$RANK_PERIOD' WHERE r.level = 'province' ORDER BY 1"
	echo "bench: peers: export and queries" >&2
	local te=("$TSQ" --db "$w/tsq" export --format csv)
	local se=(sqlite3 -csv -header "$w/sq.db" "$PEER_EXPORT")
	local de=(node "$DUCK" export "$w/duck.db" "$PEER_EXPORT")
	{ echo "    $(show "${te[@]}")"; echo "    $(show "${se[@]}")"; echo "    $(show "${de[@]}")"; } >>"$OUT/peers-commands.txt"
	read -r a b c _ _ _ < <(timed "peers export" -n "${BENCH_PEER_RUNS:-3}" -w 1 -- "${te[@]}" ::: "${se[@]}" ::: "${de[@]}")
	row3 "export the eleven columns, $n rows" "$a" "$b" "$c"
	read -r a b c _ _ _ < <(timed "peers floor" -n 11 -w 2 -- "$TSQ" --version ::: sqlite3 :memory: "SELECT 1" \
		::: node "$DUCK" query :memory: "SELECT 1")
	row3 "floor: start a process" "$a" "$b" "$c"
	local q title sql
	local -a tq
	for q in get cmp rank; do
		case $q in
		get) tq=(get "$GET_IND" "$GET_REGION") title="get one series ($GET_IND, $GET_REGION)" sql=$get ;;
		cmp) tq=(compare "$CMP_IND" "${regs[@]}" --from 1995 --to 2024) title="compare 3 regions × 30 years" sql=$cmp ;;
		rank) tq=(rank "$RANK_IND" --period "$RANK_PERIOD" --level province) title="rank 34 provinces, one year" sql=$rank ;;
		esac
		read -r a b c _ _ _ < <(timed "peers $q" -n 11 -w 2 -- "$TSQ" --db "$w/tsq" "${tq[@]}" \
			::: sqlite3 "$w/sq.db" "$sql" ::: node "$DUCK" query "$w/duck.db" "$sql")
		row3 "$title" "$a" "$b" "$c"
	done
}

render_peers() {
	echo "| scale | observations | load: tsq | sqlite3 | DuckDB | tsq/sqlite3 | bytes/obs: tsq | tsq net of the empty database | sqlite3 | DuckDB | load peak RSS: tsq | sqlite3 | DuckDB |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	md_rows "$OUT/peers.tsv"
	[ -s "$OUT/peers-q.tsv" ] || return 0
	echo
	echo "| task (first scale) | tsq | sqlite3 | DuckDB | tsq/sqlite3 | tsq/DuckDB |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
	md_rows "$OUT/peers-q.tsv"
}

# ---- output ----------------------------------------------------------------

# The tab-separated rows of file $1 as Markdown table rows.
md_rows() {
	local f line c
	while IFS=$'\t' read -r -a f; do
		line="|"
		for c in "${f[@]}"; do line+=" $c |"; done
		echo "$line"
	done <"$1"
}

# The main table as Markdown; the RSS row goes where LOAD_RSS stands.
render_table() {
	echo "| task | tsq median | sqlite3 median | ratio tsq/sqlite3 | target | met? |"
	echo "| --- | ---: | ---: | ---: | --- | --- |"
	while IFS=$'\037' read -r t a b r g m; do
		if [ "$t" = LOAD_RSS ]; then
			t=${LOAD_RSS_ROW[0]} a=${LOAD_RSS_ROW[1]} b=${LOAD_RSS_ROW[2]} r=${LOAD_RSS_ROW[3]}
			g=${LOAD_RSS_ROW[4]} m=${LOAD_RSS_ROW[5]}
		fi
		echo "| $t | $a | $b | $r | $g | $m |"
	done <"$OUT/table.tsv"
}

render_growth() {
	echo "| scale | observations | tsq load CSV | sqlite3 .import | ratio | tsq M obs/s | tsq load RSS | sqlite3 load RSS | get tsq / sqlite3 | compare tsq / sqlite3 | tsq size | sqlite3 size |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	md_rows "$OUT/growth.tsv"
}

# Markdown table to aligned text for the terminal.
to_text() {
	awk '
	/^\| ---/ { next }
	{ line[NR] = $0; n = split($0, f, "|")
	  for (i = 2; i < n; i++) { c = f[i]; gsub(/^ +| +$/, "", c); cell[NR, i] = c
	    if (length(c) > w[i]) w[i] = length(c) }
	  nf[NR] = n }
	END { for (r = 1; r <= NR; r++) { if (!(r in nf)) continue; out = ""
	      for (i = 2; i < nf[r]; i++) out = out sprintf("%-" w[i] "s  ", cell[r, i])
	      sub(/ +$/, "", out); print out } }'
}

machine() {
	local model mem
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	echo "- machine: $(nproc) cores, $mem memory, CPU \"$model\", $(uname -sr)"
	echo "- software: $("$TSQ" --version), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), LMDB $(dpkg-query -W -f='${Version}' liblmdb-dev 2>/dev/null || echo '?')"
	echo "- tree: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- tsdb tools include 2>/dev/null || echo ' (with uncommitted changes to tsdb/tools)'), built with CFLAGS as in the Makefile (-O2 -g)"
}

# Replaces the lines between "<!-- NAME -->" and "<!-- /NAME -->" in $DOC with file $2.
splice() {
	local name=$1 body=$2
	[ -n "$DOC" ] && [ -f "$DOC" ] || return 0
	grep -q "^<!-- $name -->" "$DOC" || { echo "bench: $DOC has no <!-- $name --> section" >&2; return 0; }
	awk -v name="$name" -v body="$body" '
	$0 == "<!-- " name " -->" { print; while ((getline l < body) > 0) print l; skip = 1; next }
	$0 == "<!-- /" name " -->" { skip = 0 }
	!skip' "$DOC" >"$DOC.tmp" && mv "$DOC.tmp" "$DOC"
	echo "bench: wrote the $name section of $DOC" >&2
}

START=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
T0=$(date +%s)

if [ "$MODE" = all ]; then
	main_table
	MAIN_N_OBS=$N_OBS
fi
[ "$MODE" = peers ] || growth_table
if [ -n "$PEERS" ]; then
	PEERS_START=$(date -u '+%Y-%m-%d %H:%M UTC')
	PEERS_BEFORE=$(uptime | sed 's/.*load average: //')
	peers_table
	{
		echo "Peers run of $PEERS_START (scales $PEERS; loads: ${BENCH_PEER_RUNS:-3} timed runs after a warm-up, one past 4×; queries: 11;"
		echo "load average before: $PEERS_BEFORE, after: $(uptime | sed 's/.*load average: //'))."
		echo "$(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), DuckDB $(node "$DUCK" query :memory: "SELECT version()") through node $(node --version)."
		echo
		render_peers
		echo
		echo "Exact commands (first scale; DB paths under \`$DATA\`):"
		echo
		cat "$OUT/peers-commands.txt"
	} >"$OUT/peers.md"
	splice peers "$OUT/peers.md"
fi
LOAD_AFTER=$(uptime | sed 's/.*load average: //')
T1=$(date +%s)

[ "$MODE" = peers ] || {
	echo "Growth run of $START (scales $GROWTH; load: 3 timed runs, queries: $QRUNS; load average before: $LOAD_BEFORE, after: $LOAD_AFTER)."
	echo
	render_growth
} >"$OUT/growth.md"

if [ "$MODE" = peers ]; then
	:
elif [ "$MODE" = all ]; then
	{
		echo "Run of $START, $((T1 - T0)) s in all (\`make bench\`, BENCH_SCALE=$SCALE: $MAIN_N_OBS observations;"
		echo "$RUNS timed runs per load and export, $QRUNS per query, medians)."
		echo
		machine
		echo "- load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER"
		echo "- an empty database (region catalog only) is $(fmt_bytes "$EMPTY_SIZE") of the tsq size below"
		echo
		render_table
		echo
		echo "Growth in the same run (\`make bench-scale\` adds 4×, in the next section):"
		echo
		render_growth
		echo
		echo "Exact commands (DB paths under \`$DATA\`):"
		echo
		cat "$OUT/commands.txt"
	} >"$OUT/results.md"
	echo
	render_table | to_text
	splice results "$OUT/results.md"
else
	splice growth "$OUT/growth.md"
fi
if [ "$MODE" != peers ]; then
	echo
	render_growth | to_text
fi
if [ -n "$PEERS" ]; then
	echo
	render_peers | to_text
fi
echo
echo "bench: done in $(($(date +%s) - T0)) s; samples in $OUT/samples.log"
