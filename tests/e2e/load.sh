#!/bin/sh
# load.sh — tsq load end to end: standard input and pipes, formats told by
# name, by content and by --format, the progress display and --quiet,
# streamed arrays and documents, every kind of error (message, exit status,
# database unchanged), idempotent reloads, revisions and conflicts.
. tests/e2e/lib.sh
EX=$ROOT/examples
CEADS=$EX/ceads/ceads_province_co2_emissions.csv
MAP="region=actor_id,period=year,value=total_emissions"

run 0 init
run 0 load "$EX/indicators.jsonl"

# The whole database, to check that a failed load leaves it as it was.
snap() { mdb_dump -a "$TSDB_PATH" >"$WORK/$1" || fail "mdb_dump failed"; }

# ---- standard input and pipes ----
run 0 load - <"$EX/ceads/co2_provinces.jsonl"
has out "660 new"
cat "$EX/ceads/co2_provinces.jsonl" | "$TSQ" load - >"$WORK/out" 2>"$WORK/err"
checks=$((checks + 1))
[ $? = 0 ] || fail "load from a pipe failed: $(cat "$WORK/err")"
has out "0 new, 0 revised, 660 unchanged"
# CSV from a pipe needs its map; the format is then told by the content
cat "$CEADS" | "$TSQ" load - --map "$MAP" --indicator co2_emissions --source ceads-guan-2021 >"$WORK/out" 2>&1
has out "660 unchanged"
# a document through a pipe is read in two passes, the second from the spool
{ printf '{"facts": ['; sed -n '2,4p' "$EX/ceads/co2_provinces.jsonl" | paste -sd, -; printf '],\n'
  sed -n 1p "$EX/ceads/co2_provinces.jsonl" | sed 's/^{"type":"source",/"source": {/; s/$/}/'; } |
	"$TSQ" load - >"$WORK/out" 2>"$WORK/err"
has out "0 new, 0 revised, 3 unchanged"
# process substitution is a pipe with a name
printf '%s\n' '{"indicator":"co2_emissions","region":"CN-BJ","period":"2030","value":1}' >"$WORK/one.jsonl"
run 0 load --dry-run /dev/stdin <"$WORK/one.jsonl"
has out "dry run, nothing written: 1 new"

# ---- formats ----
cp "$CEADS" "$WORK/noext"
run 2 load "$WORK/noext"
has err "noext: cannot tell the format: not JSON (it begins \"emissions_id,actor_id,y\")"
run 0 load "$WORK/noext" --map "$MAP" --indicator co2_emissions --source ceads-guan-2021
has out "660 unchanged"
run 1 load "$CEADS"
has err "ceads_province_co2_emissions.csv is CSV: give --map"
run 0 load "$EX/indicators.jsonl" "$CEADS" --map "$MAP" --indicator co2_emissions --source ceads-guan-2021
has out "660 unchanged observations; 58 catalog entries; 2 files"
tr ',' '\t' <"$CEADS" >"$WORK/tabs.txt"
run 0 load --format tsv "$WORK/tabs.txt" --map "$MAP" --indicator co2_emissions --source ceads-guan-2021
has out "660 unchanged"
cp "$EX/ceads/co2_provinces.jsonl" "$WORK/facts.txt"
run 0 load --format jsonl "$WORK/facts.txt"
has out "660 unchanged"
run 2 load --format json "$WORK/facts.txt"
has err "facts.txt:1: a record of JSON Lines, not an array or a document"
run 1 load --format xml "$WORK/facts.txt"
has err "--format is jsonl, json, csv or tsv"
run 1 load --format json --map "$MAP" "$WORK/facts.txt"
has err "--map and --wide apply to CSV"
run 1 load --csv "$WORK/facts.txt"
has err "CSV needs --map"

# ---- arrays and documents, streamed ----
awk 'NR == 1 { next } { printf "%s%s\n", NR == 2 ? "[" : ",", $0 } END { print "]" }' \
	"$EX/ceads/co2_provinces.jsonl" >"$WORK/array.json"
run 0 load "$WORK/array.json"
has out "0 new, 0 revised, 660 unchanged"

# ---- progress ----
# TSQ_PROGRESS=1 draws it whatever standard error is, at every step
TSQ_PROGRESS=1 "$TSQ" load "$EX/ceads/co2_provinces.jsonl" >"$WORK/out" 2>"$WORK/err"
has err "[################] 100%  136.3/136.3 kB  661 records"
has err "661 records"
has err "committing 661 records read in"
# from a pipe the size is not known: bytes and records, no percentage
cat "$EX/ceads/co2_provinces.jsonl" | TSQ_PROGRESS=1 "$TSQ" load - >"$WORK/out" 2>"$WORK/err"
has err "136.3 kB read  661 records"
lacks err "%"
TSQ_PROGRESS=1 "$TSQ" --quiet load "$EX/ceads/co2_provinces.jsonl" >"$WORK/out" 2>"$WORK/err"
checks=$((checks + 1))
[ ! -s "$WORK/out" ] && [ ! -s "$WORK/err" ] || fail "--quiet printed: $(cat "$WORK/out" "$WORK/err")"
# not a terminal: nothing but the summary
run 0 load "$EX/ceads/co2_provinces.jsonl"
checks=$((checks + 1))
[ ! -s "$WORK/err" ] || fail "progress drawn on a file: $(cat "$WORK/err")"

# ---- errors: each names file, line and field, exits 2, writes nothing ----
# (bad records of every kind are cases in tests/bad, run by bad.sh; these
# need this database's data: a conflict with what is loaded)
snap before
F='"indicator":"co2_emissions","region":"CN-BJ"'
printf '%s\n' "{$F,\"period\":\"2019\",\"value\":1,\"source\":\"ceads-guan-2021\"}" >"$WORK/bad.jsonl"
run 2 load "$WORK/bad.jsonl"
has err 'bad.jsonl:1: value: the same source and vintage already gave 89184483'
has err "nothing loaded"
snap after
same "$WORK/before" "$WORK/after"
# the same in CSV, with the other errors of the file
printf 'region,period,value\nCN-BJ,2019,1\nCN-BJ,2020-13,1\nGuangdon,2020,1\n' >"$WORK/bad.csv"
run 2 load "$WORK/bad.csv" --map region=region,period=period,value=value --indicator co2_emissions --source ceads-guan-2021
has err "bad.csv:2: value: the same source and vintage already gave 89184483"
has err "bad.csv:3: period: period \"2020-13\": month must be 01-12"
has err "bad.csv:4: region: unknown region \"Guangdon\""
has err "nothing loaded: 3 errors in 3 records"
snap after
same "$WORK/before" "$WORK/after"
# every error up to the limit, in the order of the file; a good record
# before them is not written either
{ echo "{$F,\"period\":\"2031\",\"value\":1}"
  for i in 1 2 3 4 5 6 7 8; do echo "{$F,\"period\":\"2024-1$i\",\"value\":1}"; done; } >"$WORK/many.jsonl"
run 2 load --max-errors 5 "$WORK/many.jsonl"
has err "many.jsonl:4: period: period \"2024-13\""
has err "many.jsonl:8: period: period \"2024-17\""
lacks err "many.jsonl:9:"
has err "nothing loaded: 5 errors"
snap after
same "$WORK/before" "$WORK/after"

# ---- reloads, revisions and conflicts ----
run 0 load "$EX"/seeds/*.jsonl
has out "75 new"
run 0 load "$EX"/seeds/*.jsonl
has out "0 new, 0 revised, 75 unchanged"
cat >"$WORK/rev.jsonl" <<'JSON'
{"type":"source","id":"test-later","title":"a later report","published":"2025-06-01","priority":10}
{"type":"source","id":"test-bureau","title":"a bureau","published":"2020-06-01","priority":90}
{"indicator":"co2_emissions","region":"CN-BJ","period":"2019","value":89000000,"source":"test-later"}
{"indicator":"co2_emissions","region":"CN-SH","period":"2019","value":192000000,"source":"test-bureau","vintage":"2025-02-16"}
JSON
run 0 load "$WORK/rev.jsonl"
has out "0 new, 2 revised, 0 unchanged"
run 0 get co2_emissions Beijing --from 2019 --to 2019 --format csv
has out "2019,89000000,"
run 0 get co2_emissions Beijing --from 2019 --to 2019 --as-of 2025-03-01 --format csv
has out "2019,89184483,"
run 0 get co2_emissions Shanghai --from 2019 --to 2019 --format csv
has out "2019,192000000,"
run 0 conflicts co2_emissions
has out "CN-SH"
run 0 load "$WORK/rev.jsonl"
has out "0 new, 0 revised, 2 unchanged"

finish
