#!/bin/sh
# cli.sh — the command line as a whole: options before and after the command,
# suggestions, tsq help, every exit status, the database directory checks and
# an interrupted load.
. "$(dirname "$0")/lib.sh"

run 0 init
run 0 load tests/e2e/data/query.jsonl

# ---- global options anywhere before --, and command options after globals ----
run 0 get rd 北京 --quiet --db "$TSDB_PATH"
has out "2022"
run 0 --quiet get rd 北京 --from 2021
run 0 get --from=2021 rd 北京 --format csv
has out "period,value"
run 0 info --db "$TSDB_PATH"
has out "observations"
run 0 load tests/e2e/data/query.jsonl --quiet
checks=$((checks + 1))
[ ! -s "$WORK/out" ] || fail "load --quiet printed: $(cat "$WORK/out")"
run 0 -q load --dry-run tests/e2e/data/query.jsonl
run 0 --busy-timeout 500 info
run 1 info --busy-timeout soon
has err "--busy-timeout takes a whole number from 0 to 86400000"
# after --, words are arguments even when they look like options
run 2 get rd -- --quiet
has err 'unknown region "--quiet"'

# ---- suggestions ----
run 1 compre rd 北京
has err 'unknown command "compre" (did you mean compare?)'
run 1 get rd 北京 --fromm 2020
has err "unknown option --fromm (did you mean --from?)"
run 1 export --regoin CN
has err "did you mean --region?"
run 1 nonsense
has err "tsq help lists them"

# ---- help ----
run 0 help
has out "commands:"
has out "compare"
has out "130 interrupted"
run 0 help compare
has out "usage: tsq compare EXPR"
has out "--scale S"
run 0 compare --help
has out "usage: tsq compare EXPR"
run 0 --help
has out "usage: tsq"
run 1 help nosuch
has err 'no command "nosuch"'
run 1
has err "usage: tsq"

# ---- exit statuses: 1 usage (bad values too), 2 data, 3 I/O ----
run 1 get rd
has err "needs INDICATOR REGION"
run 1 get rd 北京 --format xml
has err '--format is table, csv, tsv, json or xlsx, not "xml"'
run 1 get rd 北京 --from 2020-13
run 1 compare rd 北京 --scale lots
has err "--scale lots: expected"
run 1 rank rd --period 2022 --top -3
run 1 get rd 北京 --format
has err "--format needs a value"
run 1 get rd 北京 --pivot
has err "unknown option --pivot"
run 1 compare rd 北京 --pivot=yes
has err "--pivot takes no value"
run 2 get nosuch 北京
has err 'unknown indicator "nosuch"'
run 3 --db "$WORK/none" info
has err "no database at"

# ---- the database directory ----
mkdir -p "$WORK/mine"
echo "my notes" >"$WORK/mine/notes.txt"
run 3 --db "$WORK/mine" info
has err "no tsdb database at $WORK/mine; create one with tsq init"
run 1 --db "$WORK/mine" load tests/e2e/data/query.jsonl
has err "holds other files and no tsdb database"
checks=$((checks + 1))
[ "$(ls "$WORK/mine")" = "notes.txt" ] || fail "a write command wrote among other files: $(ls "$WORK/mine")"
run 1 --db "$WORK/mine" init
mkdir -p "$WORK/empty"
run 3 --db "$WORK/empty" ls indicators
has err "no tsdb database at $WORK/empty"
run 0 --db "$WORK/empty" init
run 0 --db "$WORK/empty" ls indicators
has err "note: no indicators"
checks=$((checks + 1))
[ ! -s "$WORK/out" ] || fail "an empty listing printed: $(cat "$WORK/out")"

# ---- an interrupted load: status 130, a word, the database unchanged ----
run 0 dump -o "$WORK/before.jsonl"
mkfifo "$WORK/pipe"
TSQ_PROGRESS=1 "$TSQ" load - <"$WORK/pipe" >"$WORK/int.out" 2>"$WORK/int.err" &
pid=$!
exec 3>"$WORK/pipe"
# enough records for the progress line (every 256 KiB), the pipe left open
# so that the load waits for more
i=0
while [ $i -lt 40 ]; do
	cat tests/e2e/data/query.jsonl tests/e2e/data/query.jsonl tests/e2e/data/query.jsonl >&3
	i=$((i + 1))
done
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"indicator\":\"firms\",\"region\":\"CN\",\"period\":\"%d\",\"value\":%d,\"source\":\"bureau\"}\n", 1000 + i % 900, i }' >&3
n=0
while ! grep -q records "$WORK/int.err" && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -INT $pid
wait $pid
status=$?
exec 3>&-
checks=$((checks + 1))
[ "$status" = 130 ] || fail "an interrupted load exited $status, not 130: $(cat "$WORK/int.err")"
checks=$((checks + 1))
grep -q "interrupted: nothing loaded" "$WORK/int.err" || fail "an interrupted load said: $(tail -2 "$WORK/int.err")"
run 0 dump -o "$WORK/after.jsonl"
same "$WORK/before.jsonl" "$WORK/after.jsonl"
run 0 check

finish
