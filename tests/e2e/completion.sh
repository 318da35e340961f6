#!/bin/sh
# completion.sh — tools/tsq.bash sourced in bash, and what it offers
# (COMPREPLY) for commands, options, option values, indicator ids (in
# expressions too), region names in either script, transforms, files.
. tests/e2e/lib.sh
EX=$ROOT/examples

# comp LINE: completes at the end of LINE ("tsq ..."), one candidate a line
# in $WORK/out, as bash would call the function after <TAB>
comp() {
	checks=$((checks + 1))
	bash -c '
		. "$1" || exit 1
		complete -p tsq >/dev/null || exit 1
		COMP_LINE=$2 COMP_POINT=${#2}
		read -ra COMP_WORDS <<<"$COMP_LINE"
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_WORDS[0]=$3
		_tsq
		printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/tools/tsq.bash" "$1" "$TSQ" >"$WORK/out" 2>"$WORK/err" ||
		fail "completing \"$1\" failed: $(cat "$WORK/err")"
}

# line FILE TEXT: one line of FILE is exactly TEXT
line() {
	checks=$((checks + 1))
	grep -qxF -- "$2" "$WORK/$1" || fail "$1 lacks the line \"$2\"; it is: $(head -c 400 "$WORK/$1")"
}

# only FILE TEXT: FILE holds exactly the lines TEXT
only() {
	checks=$((checks + 1))
	printf '%s\n' "$2" | cmp -s - "$WORK/$1" || fail "$1 is not \"$2\"; it is: $(head -c 400 "$WORK/$1")"
}

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl

# commands, never the hidden one
comp "tsq "
line out "compare"
line out "plot"
line out "load"
lacks out "__complete"
comp "tsq com"
only out "compare"
comp "tsq --re"
only out "--read-only"

# options, from each command's usage
comp "tsq compare --tr"
only out "--transform"
comp "tsq plot co2_emissions CN --ba"
only out "--bar"
comp "tsq plot --he"
only out "--height
--help"
comp "tsq compare co2_emissions CN --format "
only out "csv
json
table
tsv
xlsx"
comp "tsq compare co2_emissions CN --freq "
only out "H
M
Q
Y"

# indicator ids, alone and as the operand being typed in an expression
comp "tsq compare co2"
only out "co2_emissions"
comp "tsq get high_tech_e"
only out "high_tech_enterprises
high_tech_enterprises.national_rank"
comp "tsq compare co2_emissions/high_tech_enterprises.n"
only out "co2_emissions/high_tech_enterprises.national_rank"
comp "tsq export --indicator co2"
only out "co2_emissions"

# regions: codes, names, aliases and the short forms tsq accepts
comp "tsq compare co2_emissions Bei"
line out "Beijing"
line out "Beijing\\ Shi"
line out "Beihai"
comp "tsq compare co2_emissions 广"
line out "广东"
line out "广东省"
line out "广州市"
line out "广西"
lacks out "北京"
comp "tsq compare co2_emissions Beijing 上海 CN-G"
line out "CN-GD"
line out "CN-GX"
comp "tsq rank co2_emissions --period 2019 新疆维"
only out "新疆维吾尔自治区"
comp "tsq export --region 北京 上海"
line out "上海市"
comp "tsq compare co2_emissions Antigua"
only out "Antigua\\ and\\ Barbuda"
comp "tsq compare co2_emissions CN --level pro"
only out "province"

# transforms, and share:REGION after the colon bash splits at
comp "tsq compare co2_emissions CN --transform "
line out "yoy"
line out "discrete"
line out "index:"
line out "share:"
comp "tsq compare co2_emissions CN --transform sh"
only out "share:"
comp "tsq compare co2_emissions CN-GD --transform share:C"
line out "CN"
line out "CN-GD"
lacks out "share:"

# sources, files and directories
comp "tsq load --source ceads"
only out "ceads-guan-2021"
cd "$ROOT" || exit 1
comp "tsq load examples/ind"
only out "examples/indicators.jsonl"
comp "tsq plot co2_emissions CN -o examples/ce"
only out "examples/ceads"
comp "tsq --db examples/wo"
only out "examples/world"

# the database named by --db, not $TSDB_PATH
export TSDB_PATH="$WORK/nothing-here"
comp "tsq --db $WORK/db compare co2"
only out "co2_emissions"
comp "tsq compare co2"
only out ""
export TSDB_PATH="$WORK/db"

# positions that take nothing offer nothing
comp "tsq history co2_emissions CN 2019 "
only out ""
comp "tsq frobnicate "
only out ""

finish
