#!/bin/sh
# export.sh — tsq export read back by readers that are not tsdb's: Python's
# csv module, sqlite3's .import and a spreadsheet program (LibreOffice turns
# the --bom CSV into .xlsx, whose cells are read back), every cell compared
# (tests/e2e/readback.py). Hostile text arrives as text, negative numbers as
# numbers; every layout and format; selection; every error path.
. tests/e2e/lib.sh
EX=$ROOT/examples
RB="python3 $ROOT/tests/e2e/readback.py"
export TSQ

# rb ARGS...: a readback check.
rb() {
	checks=$((checks + 1))
	$RB "$@" >"$WORK/rb" 2>&1 || fail "readback.py $*: $(head -c 1500 "$WORK/rb")"
}

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl

# ---- the bundled example: every layout and format, every cell ----
run 0 export --format jsonl -o "$WORK/demo.jsonl"
run 0 export --format jsonl --lang zh -o "$WORK/demo-zh.jsonl"
rb anchor "$WORK/demo.jsonl"
[ "$(wc -l <"$WORK/demo.jsonl")" = 758 ] || fail "demo.jsonl has $(wc -l <"$WORK/demo.jsonl") rows, not 758"
run 0 export -o "$WORK/demo.csv"
rb check "$WORK/demo.jsonl" "$WORK/demo.csv"
rb check "$WORK/demo.jsonl" "$WORK/demo.csv" --reader sqlite
run 0 export --format tsv -o "$WORK/demo.tsv"
rb check "$WORK/demo.jsonl" "$WORK/demo.tsv" --sep tab
rb check "$WORK/demo.jsonl" "$WORK/demo.tsv" --sep tab --reader sqlite
run 0 export --format sdmx-csv -o "$WORK/demo-sdmx.csv"
rb check "$WORK/demo.jsonl" "$WORK/demo-sdmx.csv" --layout sdmx
rb check "$WORK/demo.jsonl" "$WORK/demo-sdmx.csv" --layout sdmx --reader sqlite
run 0 export --layout wide --sep ';' -o "$WORK/demo-wide.csv"
rb check "$WORK/demo.jsonl" "$WORK/demo-wide.csv" --layout wide --sep ';'
rb check "$WORK/demo.jsonl" "$WORK/demo-wide.csv" --layout wide --sep ';' --reader sqlite
run 0 export --pivot region --lang zh --bom -o "$WORK/demo-pivot.csv"
rb check "$WORK/demo-zh.jsonl" "$WORK/demo-pivot.csv" --layout pivot --bom
rb check "$WORK/demo-zh.jsonl" "$WORK/demo-pivot.csv" --layout pivot --bom --reader sqlite
run 0 export --bom --lang zh -o "$WORK/demo-bom.csv"
rb check "$WORK/demo-zh.jsonl" "$WORK/demo-bom.csv" --bom
rb check "$WORK/demo-zh.jsonl" "$WORK/demo-bom.csv" --bom --reader sqlite
# standard output is the same bytes as -o
run 0 export --bom --lang zh
same "$WORK/demo-bom.csv" "$WORK/out"
has out "CN-BJ,北京市,2019,89184483,吨,,actual,ceads-guan-2021,2025-02-16"
# exact decimals, never grouped or in exponent form
run 0 export --indicator rd_expenditure rights_pilot.transformation_amount --region CN Shanghai
has out "rd_expenditure,R&D expenditure,CN,China,2024,3600000000000,CNY,>,estimate"
has out ",1066000000,"
lacks out "e+"

# ---- hostile text ----
hostile_load <<'JSON'
{"type":"source","id":"@SUM(1+1)","title":"=HYPERLINK(\"http://x\",\"y\")","publisher":"+cmd|' /C calc'!A0","published":"2024-01-02","priority":20,"note":"tab\there\nnewline, comma, \"quotes\""}
{"type":"source","id":"-2+3","title":"@SUM(1+1)","published":"2024-03-01","priority":5}
{"type":"source","id":"plain","title":"-2+3","published":"2024-01-02"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.4,"source":"plain"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.5,"source":"@SUM(1+1)"}
{"indicator":"gdp","region":"北京","period":"2024-Q2","value":"1.066 billion","source":"-2+3"}
{"indicator":"gdp","region":"北京","period":"2024-06-30","value":123456789012345680,"source":"plain"}
{"indicator":"gdp","region":"北京","period":"2024-01-15/2024-02-10","value":-0.00000015}
JSON
run 0 export --format jsonl -o "$WORK/h.jsonl"
run 0 export --format jsonl --lang zh -o "$WORK/h-zh.jsonl"
rb anchor "$WORK/h.jsonl"
for lang in en zh; do
	ref=$WORK/h.jsonl
	[ $lang = zh ] && ref=$WORK/h-zh.jsonl
	run 0 export --lang $lang -o "$WORK/h-$lang.csv"
	rb check "$ref" "$WORK/h-$lang.csv"
	rb check "$ref" "$WORK/h-$lang.csv" --reader sqlite
	run 0 export --lang $lang --format tsv -o "$WORK/h-$lang.tsv"
	rb check "$ref" "$WORK/h-$lang.tsv" --sep tab
	rb check "$ref" "$WORK/h-$lang.tsv" --sep tab --reader sqlite
	run 0 export --lang $lang --format sdmx-csv -o "$WORK/h-$lang-sdmx.csv"
	rb check "$ref" "$WORK/h-$lang-sdmx.csv" --layout sdmx
	rb check "$ref" "$WORK/h-$lang-sdmx.csv" --layout sdmx --reader sqlite
	run 0 export --lang $lang --layout wide --sep '|' -o "$WORK/h-$lang-wide.csv"
	rb check "$ref" "$WORK/h-$lang-wide.csv" --layout wide --sep '|'
	rb check "$ref" "$WORK/h-$lang-wide.csv" --layout wide --sep '|' --reader sqlite
	run 0 export --lang $lang --layout wide --pivot region --format tsv -o "$WORK/h-$lang-pivot.tsv"
	rb check "$ref" "$WORK/h-$lang-pivot.tsv" --layout pivot --sep tab
	rb check "$ref" "$WORK/h-$lang-pivot.tsv" --layout pivot --sep tab --reader sqlite
	run 0 export --lang $lang --bom -o "$WORK/h-$lang-bom.csv"
done
# what the hostile cells look like on disk
run 0 export
has out "gdp,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",X-1,\"'@SUM(1+1)\",2024,-2.5,CNY,,actual,\"'@SUM(1+1)\",2024-01-02"
has out "growth,\"'+cmd|' /C calc'!A0\",\"'-X2\",\"'	Tabbed"
has out "odd.unit,\"'@SUM(1+1)\",X-3,\"'-2+3\",2024,1"
has out ",\"'=1+1\",,actual,"
has out ",-0.00000015,CNY,,actual,,"
has out ",2024-H1,-2.7,percent,,actual,\"'-2+3\",2024-03-01"
run 0 export --region 上海 --lang zh
has out "gdp,地区生产总值,CN-SH,上海市,2023,3600000000000,元,>,estimate,plain,2024-01-02"
# --scale: amounts divided, the unit says so; percentages refused or left alone
run 0 export --indicator gdp --region 上海 --scale 亿元 --lang zh
has out "gdp,地区生产总值,CN-SH,上海市,2023,36000,亿元,>,estimate,plain,2024-01-02"
run 0 export --indicator gdp --region 上海 --scale billion --format jsonl
has out '"value":3600,"unit":"billion CNY"'
run 1 export --indicator growth --scale 亿
has err "--scale applies to amounts, not to growth (values in percent)"
run 0 export --region X-3 --scale 万
has out ",2024-05,8.7,percent,~,forecast,,"
run 0 export --format jsonl --region X-1
has out '"indicator_name":"=HYPERLINK(\"http://x\",\"y\")","region":"X-1","region_name":"@SUM(1+1)","period":"2024","value":-2.5'
run 0 export --format sdmx-csv --indicator growth
has out "TSDB:DF_INDICATORS(1.0),growth,CN,2021-01-01/P5Y,-0,percent,,,target,,"
has out "TSDB:DF_INDICATORS(1.0),growth,CN-GD,2024-01-01/P5M,0.30000000000000004,percent,P,,provisional,,"
has out "TSDB:DF_INDICATORS(1.0),growth,X-3,2024-05,8.7,percent,F,~,forecast,,"
has out "TSDB:DF_INDICATORS(1.0),growth,\"'-X2\",2024-S1,-2.7,"
run 0 export --format sdmx-csv --region Beijing
has out ",2024-01-15/P27D,-0.00000015,"
has out ",2024-Q2,1066000000,"

# ---- a spreadsheet program: the --bom CSVs, with Chinese names, as .xlsx ----
# Missing, it is a failure, never a skip: tools/deps.sh test installs it.
SOFFICE=${SOFFICE:-soffice}
checks=$((checks + 1))
if ! command -v "$SOFFICE" >/dev/null 2>&1; then
	fail "LibreOffice ($SOFFICE) is missing: tools/deps.sh test installs libreoffice-calc-nogui"
else
	# UTF-8 as the import filter option: LibreOffice run headless does not
	# look for the byte-order mark; it must then not show up in a cell
	HOME=$WORK timeout 300 "$SOFFICE" -env:UserInstallation=file://$WORK/lo --headless \
		--infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$WORK/sheets" \
		"$WORK/demo-bom.csv" "$WORK/h-zh-bom.csv" "$WORK/h-en-bom.csv" >"$WORK/lo.log" 2>&1 ||
		fail "soffice --convert-to failed: $(tail -3 "$WORK/lo.log")"
	rb check "$WORK/demo-zh.jsonl" "$WORK/sheets/demo-bom.xlsx" --reader xlsx
	rb check "$WORK/h-zh.jsonl" "$WORK/sheets/h-zh-bom.xlsx" --reader xlsx
	rb check "$WORK/h.jsonl" "$WORK/sheets/h-en-bom.xlsx" --reader xlsx
fi

# ---- selection ----
run 0 export --indicator gdp --region Beijing 上海 --format jsonl
[ "$(wc -l <"$WORK/out")" = 4 ] || fail "gdp in Beijing and Shanghai: $(wc -l <"$WORK/out") rows, not 4"
lacks out '"region":"X-1"'
run 0 export --indicator=gdp --region=北京市 --region CN-BJ --from 2024-04 --to 2024-06
[ "$(wc -l <"$WORK/out")" = 3 ] || fail "gdp Beijing April-June: $(wc -l <"$WORK/out") lines, not 3"
has out ",2024-Q2,1066000000,"
has out ",2024-06-30,123456789012345680,"
lacks out "2024-01-15"
# as of a date, before the @SUM(1+1) source's figure was known: none
run 0 export --indicator gdp --region X-1 --as-of 2024-01-01
[ "$(wc -l <"$WORK/out")" = 1 ] || fail "as of 2024-01-01 there was nothing: $(cat "$WORK/out")"
run 0 export --indicator gdp --region X-1 --as-of 2024-01-02
has out ",2024,-2.5,"

# ---- expressions over indicators ----
export TSDB_PATH=$WORK/db
run 0 export --indicator "co2_emissions / 1000000" co2_emissions --region Beijing --from 2019
has out "co2_emissions / 1000000,,CN-BJ,Beijing,2019,89.184483,t,,actual,ceads-guan-2021,"
has out "co2_emissions,CO2 emissions,CN-BJ,Beijing,2019,89184483,t,,actual,ceads-guan-2021,2025-02-16"
run 0 export --indicator "co2_emissions * 2" --region Beijing 上海 --from 2018 --pivot region
has out "co2_emissions * 2,,t,2019,178368966,385824364"
run 0 export --indicator "co2_emissions - co2_emissions" --region CN-BJ --from 2019 --format jsonl
has out '"indicator":"co2_emissions - co2_emissions","indicator_name":"","region":"CN-BJ","region_name":"Beijing","period":"2019","value":0,"unit":"t"'
run 2 export --indicator "co2_emission / 2"
has err "--indicator: unknown indicator \"co2_emission\" (did you mean co2_emissions?)"
run 2 export --indicator "co2_emissions / (2"
has err "--indicator: column 19: expected ')'"
export TSDB_PATH=$WORK/hostile

# ---- errors: message and status ----
run 1 export --frobnicate
has err "tsq export: unknown option --frobnicate"
run 1 export gdp
has err "unexpected argument \"gdp\""
run 1 export --format xml
has err "--format is csv, tsv, jsonl, sdmx-csv or xlsx"
run 1 export --layout tall
has err "--layout is long or wide"
run 1 export --layout long --pivot region
has err "--pivot goes with --layout wide"
run 1 export --pivot year
has err "--pivot is region"
run 1 export --layout wide --format jsonl
has err "--layout wide is for csv and tsv"
run 1 export --format sdmx-csv --pivot region
has err "--layout wide is for csv and tsv"
run 1 export --format jsonl --bom
has err "--bom is for csv, tsv and sdmx-csv"
run 1 export --format tsv --sep ';'
has err "--sep is for csv and sdmx-csv"
run 1 export --sep '"'
has err "--sep takes one character"
run 1 export --sep ',,'
has err "--sep takes one character"
run 1 export --sep .
run 1 export --lang fr
has err "--lang is en or zh"
run 1 export --indicator
has err "--indicator needs a value"
run 1 export -o
has err "-o needs a value"
run 2 export --indicator no_such_thing
has err "--indicator: unknown indicator \"no_such_thing\""
run 2 export --region Guangdon
has err "--region: unknown region \"Guangdon\" — did you mean Guangdong"
run 2 export --region 朝阳区
has err "ambiguous"
run 1 export --from 2024-13
has err "--from: period \"2024-13\": month must be 01-12"
run 1 export --as-of 2024-02-30
has err "--as-of"
unwritable export x.csv
# an unknown name writes nothing, not even an empty file
run 2 export --indicator no_such_thing -o "$WORK/never.csv"
checks=$((checks + 1))
[ ! -e "$WORK/never.csv" ] || fail "a failed export left $WORK/never.csv"
run 3 --db "$WORK/nothing-here" export
has err "no database at"

finish
