#!/bin/sh
# xlsx_tables.sh — get, compare, rank, history and conflicts as workbooks
# (--format xlsx -o FILE), read back with Python's zipfile and XML readers
# and LibreOffice (tests/e2e/xlsxcheck.py like): every cell of the table is
# what the same command's CSV holds, typed (numbers as numbers keeping the
# value when --scale divides what is shown, periods as text, dates as
# dates); compare and rank have their sources as footnotes below the table,
# get, history and conflicts a Sources sheet; LibreOffice shows the numbers
# as the CSV writes them (the scale in the number format).
. tests/e2e/lib.sh
EX=$ROOT/examples
export TSQ
# both CMD ARGS...: the command as CSV and as a workbook, in $WORK/t.csv and t.xlsx
both() {
	run 0 "$@" --format csv -o "$WORK/t.csv"
	run 0 "$@" --format xlsx -o "$WORK/t.xlsx"
	[ -s "$WORK/out" ] && fail "tsq $* --format xlsx printed: $(head -c 300 "$WORK/out")"
}

INPUTS="$EX/indicators.jsonl $EX/ceads/*.jsonl $EX/seeds/*.jsonl"
run 0 init
run 0 load $INPUTS
CEADS=ceads-guan-2021

# compare: periods × regions, the sources below; --scale shows 亿 and keeps the value
both compare co2_emissions Beijing 上海 CN-GD --from 2015 --scale 亿
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text 1 --factor 1e8 --footnotes=$CEADS --inputs $INPUTS --shown
xc_fails like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text 1 --factor 1e4 --footnotes=$CEADS --inputs $INPUTS
both compare co2_emissions Beijing 上海 --from 2017 --scale million --pivot --lang zh
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text-cols 1 --factor 1e6 --footnotes=$CEADS --inputs $INPUTS --shown
both compare co2_emissions Beijing 上海 --from 2017
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text 1 --footnotes=$CEADS --inputs $INPUTS --shown
# an expression: its sheet name made valid (no "/"), values computed, the operands' sources
both compare "co2_emissions / 2" Beijing 上海 --from 2018
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet "co2_emissions _ 2" --text 1 --footnotes=$CEADS --inputs $INPUTS
# rank: the ranking, the sources below
both rank co2_emissions --period 2019 --level province --top 5 --scale million
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text 2,3,4 --factor 1e6 --scaled 5 --footnotes=$CEADS --inputs $INPUTS --shown
# get, history, conflicts: a Sources sheet of the source column
both get co2_emissions Beijing --from 2015
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet co2_emissions --text 1 --dates 5 --sources=$CEADS --inputs $INPUTS --shown
both get high_tech_enterprises 中国 --lang zh
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet high_tech_enterprises --text 1 --dates 5 --sources=innov-series-2025,rmrb-2024-07 --inputs $INPUTS
both history rd_expenditure CN 2024
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet rd_expenditure --dates 1 --sources=jjrb-2025-10-09 --inputs $INPUTS --shown

# ---- hostile text, and conflicts ----
cat >"$WORK/h.jsonl" <<'JSON'
{"type":"indicator","id":"gdp","name":"=HYPERLINK(\"http://x\",\"y\")","unit":"CNY","kind":"flow"}
{"type":"source","id":"@SUM(1+1)","title":"=HYPERLINK(\"http://x\",\"y\")","publisher":"+cmd|' /C calc'!A0","url":"https://example.org/?a=1&b=<2>","published":"2024-01-02","priority":10}
{"type":"source","id":"-2+3","title":"line one\nline two","published":"2024-01-02","priority":10}
{"type":"region","code":"X-1","name":"=1+1","name_zh":"测试区\n第二行","parent":"CN-GD","level":"county"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.4,"source":"@SUM(1+1)","quote":"=2+2\nsecond line","vintage":"2024-01-02"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.5,"source":"-2+3","vintage":"2024-01-02"}
{"indicator":"gdp","region":"X-1","period":"2023","value":"3.6万亿","qualifier":">","source":"-2+3","vintage":"2024-01-02"}
JSON
export TSDB_PATH=$WORK/hostile
run 0 init
run 0 load "$WORK/h.jsonl"
both conflicts
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet Conflicts --text 3 --dates 4 --sources="@SUM(1+1),-2+3" --inputs "$WORK/h.jsonl" --shown
both get gdp X-1
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet gdp --text 1 --dates 5 --sources="@SUM(1+1),-2+3" --inputs "$WORK/h.jsonl" --shown
both history gdp X-1 2024
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet gdp --dates 1 --sources="@SUM(1+1),-2+3" --inputs "$WORK/h.jsonl"
both compare gdp "=1+1" 广东 --scale 亿
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet gdp --text 1 --factor 1e8 --footnotes="-2+3,@SUM(1+1)" --inputs "$WORK/h.jsonl" --shown
both rank gdp --period 2023 --level county
xc like "$WORK/t.xlsx" "$WORK/t.csv" --sheet gdp --text 2,3,4 --scaled 5 --footnotes=-2+3 --inputs "$WORK/h.jsonl" --shown

# ---- usage and files ----
run 1 get gdp X-1 --format xlsx
has err "--format xlsx writes a workbook: name it with -o FILE"
run 1 compare gdp X-1 --format xlsx -o -
has err "name it with -o FILE"
run 1 rank gdp --period 2023 --format xlsx --bom -o "$WORK/x.xlsx"
has err "--bom is for csv and tsv"
run 3 history gdp X-1 2024 --format xlsx -o /dev/null
has err "cannot write /dev/null: a workbook goes to a regular file"
echo old >"$WORK/keep.xlsx"
run 2 get nosuch X-1 --format xlsx -o "$WORK/keep.xlsx"
[ "$(cat "$WORK/keep.xlsx")" = old ] || fail "a failed get touched keep.xlsx"
ls -a "$WORK" | grep -q '^\.keep' && fail "a temporary file was left: $(ls -a "$WORK" | grep '^\.keep')"
finish
