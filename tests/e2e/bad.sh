#!/bin/sh
# bad.sh — hostile and malformed input (tests/bad): each case is an input
# file NAME and NAME.expect, or a lone NAME.expect for commands that need no
# file. NAME.expect holds lines
#   # what the case is about
#   args: tsq arguments, with $FILE for the input (default: load $FILE)
#   status: the exit status
#   err: text stderr must contain (one line each; file:line: field: ...)
#   out: text stdout must contain
#   then: tsq arguments run afterwards on the same database ...
#   then-out: ... and text their stdout must contain
# Cases expected to fail run against a database of the bundled examples
# that must be byte-for-byte unchanged afterwards; cases expected to succeed
# (byte-order marks, CRLF) run against a copy of it. Inputs too large to
# commit (a 10 MB line) are made here.
. tests/e2e/lib.sh
BAD=$ROOT/tests/bad
DB=$WORK/db

run 0 init
run 0 load "$ROOT/examples/indicators.jsonl" "$ROOT"/examples/seeds/*.jsonl
has out "75 new"

# The whole state: every key and value of every sub-database, and tsq dump
# when there is one.
snapshot() {
	mdb_dump -a "$DB" >"$1" || fail "mdb_dump failed"
	if [ -n "$dump" ]; then
		"$TSQ" dump >>"$1" 2>&1 || fail "tsq dump failed"
	fi
	ls "$DB" >>"$1"
}
dump=
"$TSQ" dump --help >/dev/null 2>&1 && dump=yes
snapshot "$WORK/before"

# Checks stream ($1: out or err) for every "$2:" line of the expect file $3.
expect_lines() {
	grep "^$2: " "$3" | sed "s/^$2: //" >"$WORK/want" || return 0
	while IFS= read -r want; do
		has "$1" "$want"
	done <"$WORK/want"
}

# Runs one case: $1 is its .expect file.
run_case() {
	exp=$1
	FILE=$(basename "$exp" .expect)
	name=$FILE
	[ -e "$BAD/$FILE" ] || FILE=
	args=$(sed -n 's/^args: //p' "$exp")
	[ -n "$args" ] || args='load $FILE'
	status=$(sed -n 's/^status: //p' "$exp")
	then=$(sed -n 's/^then: //p' "$exp")
	[ -n "$status" ] || { fail "$name: no status"; return; }
	db=$DB
	if [ "$status" = 0 ]; then
		rm -rf "$WORK/copy"
		cp -r "$DB" "$WORK/copy"
		db=$WORK/copy
	fi
	eval "set -- $args"
	(cd "$BAD" && TSDB_PATH=$db "$TSQ" "$@" >"$WORK/out" 2>"$WORK/err")
	got=$?
	checks=$((checks + 1))
	[ "$got" = "$status" ] || fail "$name: tsq $args exited $got, not $status; stderr: $(head -c 600 "$WORK/err")"
	expect_lines err err "$exp"
	expect_lines out out "$exp"
	if [ -n "$then" ]; then
		eval "set -- $then"
		TSDB_PATH=$db "$TSQ" "$@" >"$WORK/out" 2>"$WORK/err" || fail "$name: tsq $then failed"
		expect_lines out then-out "$exp"
	fi
	# a crash or a sanitizer report is a failure whatever the status
	checks=$((checks + 1))
	! grep -qE 'AddressSanitizer|runtime error:|Segmentation|Assertion' "$WORK/err" ||
		fail "$name: $(grep -m1 -E 'AddressSanitizer|runtime error:|Segmentation|Assertion' "$WORK/err")"
	ncases=$((ncases + 1))
}

ncases=0
for exp in "$BAD"/*.expect; do
	run_case "$exp"
done
[ "$ncases" -ge 40 ] || fail "only $ncases cases in tests/bad"

# A 10 MB line, made here rather than committed: a quote of 10 MB is loaded
# (line 1, then line 2); a 10 MB region name is refused, naming its line.
G='"indicator":"rd_expenditure","region":"CN-JS"'
big() { head -c "${2:-10485760}" /dev/zero | tr '\0' "$1"; }
{ printf '{%s,"period":"2019","value":1,"quote":"' "$G"; big q; printf '"}\n'; } >"$WORK/big-first.jsonl"
{ printf '{%s,"period":"2018","value":2}\n{%s,"period":"2019","value":1,"quote":"' "$G" "$G"; big q
  printf '"}\n'; } >"$WORK/big-second.jsonl"
{ printf '{%s,"period":"2018","value":2}\n{"indicator":"rd_expenditure","region":"' "$G"; big x
  printf '","period":"2019","value":1}\n'; } >"$WORK/big-region.jsonl"
{ printf '{%s,"period":"2018","value":2}\n{%s,"period":"2019","value":"' "$G" "$G"; big 9
  printf '"}\n'; } >"$WORK/big-value.jsonl"
# CSV: 1 MB, as libcsv grows a field 128 bytes at a time, which is quadratic
# where realloc always copies (ASan, valgrind): 10 MB takes minutes there
{ printf 'region,period,value,note\nCN-JS,2019,1,"'; big n 1048576; printf '"\n'; } >"$WORK/big-note.csv"
rm -rf "$WORK/copy" && cp -r "$DB" "$WORK/copy"
export TSDB_PATH=$WORK/copy
run 0 load "$WORK/big-second.jsonl"
has out "2 new"
run 0 get rd_expenditure CN-JS --format csv
has out "2019,1,"
run 0 load --dry-run "$WORK/big-first.jsonl"
has out "0 new, 0 revised, 1 unchanged"
export TSDB_PATH=$DB
run 2 load "$WORK/big-region.jsonl"
has err "big-region.jsonl:2: region: unknown region \"xxxxxxxx"
run 2 load "$WORK/big-value.jsonl"
has err "big-value.jsonl:2: value: value \"99999999"
run 2 load --csv --map region=region,period=period,value=value,note=note --indicator rd_expenditur "$WORK/big-note.csv"
has err "big-note.csv:1: indicator: unknown indicator \"rd_expenditur\""

snapshot "$WORK/after"
same "$WORK/before" "$WORK/after"
echo "bad.sh: $ncases cases in tests/bad, and 5 generated"
finish
