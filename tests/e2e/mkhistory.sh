#!/bin/sh
# mkhistory.sh — gen/mkhistory refuses a malformed history table with its file and line,
# and writes nothing: the catalog is never built from garbled rows.
. tests/e2e/lib.sh
GEN=$ROOT/${BUILD:-build}/mkhistory
H='代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码'
bad() { # NAME MESSAGE ROW...: the table with these rows is refused with MESSAGE
	name=$1 want=$2; shift 2
	{ echo "$H"; for r in "$@"; do echo "$r"; done; } >"$WORK/$name.csv"
	checks=$((checks + 1))
	if "$GEN" -o "$WORK/$name.out" "$WORK/$name.csv" 2>"$WORK/err"; then
		fail "$name: accepted"
	fi
	has err "$want"
	[ ! -e "$WORK/$name.out" ] || fail "$name: wrote $WORK/$name.out"
}
bad code "code.csv:2: code \"1101\" is not six digits" '1101,北京市,直辖,东城区,县级,在用,1981,,'
bad level "level.csv:2: unknown level \"乡级\"" '110101,北京市,直辖,东城区,乡级,在用,1981,,'
bad year "year.csv:2: \"198x\" is not a year" '110101,北京市,直辖,东城区,县级,在用,198x,,'
bad backwards "backwards.csv:2: ends (1980) before it starts (1981)" '110103,北京市,直辖,崇文区,县级,弃用,1981,1980,110101'
bad status "status.csv:2: status \"在用\" and end year \"2010\" disagree" '110103,北京市,直辖,崇文区,县级,在用,1981,2010,110101'
bad fields "fields.csv:2: 8 fields, expected 9" '110101,北京市,直辖,东城区,县级,在用,1981,'
bad successor "successor 999999 is not in use in 2010" '110103,北京市,直辖,崇文区,县级,弃用,1981,2010,999999'
printf '%s\n' 'a,b,c,d,e,f,g,h,i' >"$WORK/header.csv"
checks=$((checks + 1))
"$GEN" "$WORK/header.csv" >/dev/null 2>"$WORK/err" && fail "header: accepted"
has err "not the expected header"
# the real table is read whole
"$GEN" "$ROOT/data/regions-history/result.csv" >"$WORK/ok.tsv" || fail "the real table is refused"
checks=$((checks + 1))
finish
