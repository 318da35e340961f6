#!/bin/sh
# tables.sh — Chinese statistical tables as published (tests/tables/): every
# period spelling and every value form loaded with one command and every
# cell checked; NBS portal exports with titles and notes, in UTF-8, UTF-8
# with a byte-order mark and GB18030; yearbooks long and wide; and every
# error with its message, status and an unchanged database.
. tests/e2e/lib.sh
T=$ROOT/tests/tables

run 0 init
run 0 load "$T/indicators.jsonl"

# unchanged DESC: the database holds what it held at the last snapshot
snap() { "$TSQ" dump -o "$WORK/before.jsonl" >/dev/null 2>&1; }
unchanged() {
	"$TSQ" dump -o "$WORK/after.jsonl" >/dev/null 2>&1
	checks=$((checks + 1))
	cmp -s "$WORK/before.jsonl" "$WORK/after.jsonl" || fail "$1: the database changed"
}

# cells FILE: the observations of the database, one "indicator,region,period,value,qualifier"
# a line, sorted, compared with FILE
cells() {
	"$TSQ" export --format csv | tail -n +2 | cut -d, -f1,3,5,6,8 | sort >"$WORK/cells"
	sort "$1" >"$WORK/want"
	checks=$((checks + 1))
	cmp -s "$WORK/want" "$WORK/cells" || fail "cells differ from $1: $(diff "$WORK/want" "$WORK/cells" | head -8)"
}

# ---- every period spelling: 48 rows, 28 periods (spellings of one period agree) ----
run 0 load "$T/periods.csv" --map region=地区,period=时期,value=数值 --indicator gdp --source nbs-test
has out "28 new, 0 revised, 20 unchanged"
"$TSQ" get gdp CN --format csv | tail -n +2 | cut -d, -f1,2 | sort >"$WORK/got"
sort "$T/periods.expect" >"$WORK/want"
checks=$((checks + 1))
cmp -s "$WORK/want" "$WORK/got" || fail "periods differ: $(diff "$WORK/want" "$WORK/got" | head)"

# on the command line too
run 0 compare gdp CN --from 2023年 --to 2024年末 --format csv
has out "2023,1002"
has out "2024-12-31,6001"
lacks out "2022,"
run 0 compare gdp CN --from 二〇二四年 --to 2024年前三季度 --format csv
has out "2024-Q1,3001"
lacks out "2023,"
run 0 rank gdp --period 十四五 --format csv
has out "7001"
run 0 history gdp 中国 2024年上半年 --format csv
has out "2001"
run 0 get gdp CN --as-of 2024年6月30日 --format csv
# a bad option value is a usage error (status 1), whatever its spelling
run 1 compare gdp CN --from 1-5月
has err "has no year"
has err "accepted: 2024, 2024年"
run 1 compare gdp CN --from FY2024
has err "could mean two things"
run 1 get gdp CN --as-of 2024年6月
has err "expected a day"

# ---- every value form, unit words checked against the indicator ----
rm -rf "$TSDB_PATH"
run 0 init
run 0 load "$T/indicators.jsonl"
run 0 load "$T/values.csv" --map indicator=指标,region=地区,period=时间,value=数值,qualifier=限定 --source nbs-test
has out "35 new"
sed 's/^\([^,]*\),/\1,CN,/' "$T/values.expect" >"$WORK/values.want"
cells "$WORK/values.want"

# ---- tables as published, each loaded with one command, every cell checked ----
# fresh: an empty database with the test catalog
fresh() {
	rm -rf "$TSDB_PATH"
	"$TSQ" --quiet init && "$TSQ" --quiet load "$T/indicators.jsonl"
}
NBS="--wide --map region=地区 --indicator rd_expenditure --scale 亿 --source nbs-test"
# the NBS portal export: titles above the header, 2023年 column headers, the 全国 row (China),
# … and — missing, notes below; in UTF-8, UTF-8 with a byte-order mark and CRLF
for f in nbs-rd.csv nbs-rd-bom.csv; do
	fresh
	run 0 load "$T/$f" $NBS
	has out "19 new"
	has out "2 missing values; 5 rows skipped"
	cells "$T/nbs-rd.expect"
done
# GB18030 (what Excel on Chinese Windows saves) and UTF-16 with a byte-order mark are read
# as such, and the summary says so; --encoding names any other
fresh
run 0 load "$T/nbs-rd-gb18030.csv" $NBS
has out "19 new"
has out "1 file (read as GB18030); 2 missing values; 5 rows skipped"
cells "$T/nbs-rd.expect"
iconv -f UTF-8 -t UTF-16 "$T/nbs-rd.csv" >"$WORK/utf16.csv"
iconv -f UTF-8 -t UTF-16LE "$T/nbs-rd.csv" >"$WORK/utf16le.csv"
fresh
run 0 load "$WORK/utf16.csv" $NBS
has out "19 new"
has out "(read as UTF-16)"
cells "$T/nbs-rd.expect"
fresh
run 0 load "$WORK/utf16le.csv" --encoding UTF-16LE $NBS
has out "(read as UTF-16LE)"
cells "$T/nbs-rd.expect"
# and what cannot be read is refused, naming the line, nothing stored
fresh
snap
run 2 load "$WORK/utf16le.csv" $NBS
has err "utf16le.csv:1: contains NUL bytes: not a text file, or UTF-16 without a byte-order mark (give --encoding UTF-16LE or UTF-16BE)"
{ cat "$T/nbs-rd-gb18030.csv"; printf '\377\377,1,2,3\n'; } >"$WORK/broken.csv"
run 2 load "$WORK/broken.csv" $NBS
has err "broken.csv:14: not UTF-8, and not GB18030 (a byte sequence that encodes no character); give the encoding with --encoding NAME"
run 2 load "$T/nbs-rd-gb18030.csv" --encoding UTF-16BE $NBS
has err "nbs-rd-gb18030.csv:1: not UTF-16BE"
run 2 load "$T/nbs-rd.csv" --encoding KOI9 $NBS
has err "encoding \"KOI9\" is not one iconv knows"
# a NUL byte inside the text: its line
{ head -6 "$T/nbs-rd.csv"; printf '天津市,1\0002,3,4\n'; } >"$WORK/nul.csv"
run 2 load "$WORK/nul.csv" $NBS
has err "nul.csv:7: 2023年: contains a NUL byte"
# a workbook is not CSV: how to make it one
printf 'PK\003\004\024\000\006\000' >"$WORK/book.xlsx"
printf '\320\317\021\340\241\261\032\341' >"$WORK/book.xls"
run 2 load "$WORK/book.xlsx"
has err "book.xlsx: a spreadsheet workbook (.xlsx or .ods, a zip file), not text: save the sheet as CSV"
run 2 load "$WORK/book.xls" $NBS --csv
has err "book.xls: a spreadsheet workbook (.xls, Excel 97-2003), not text: save the sheet as CSV (Excel: File > Save As > CSV UTF-8"
unchanged "encodings"
# yearbook, long: 2022年 periods, "27,600", NA missing, a unit line, a source line
fresh
run 0 load "$T/yearbook-long.csv" --map region=地区,period=年份,value=高新技术企业数,note=备注 --indicator high_tech_enterprises --source nbs-test
has out "6 new"
has out "1 missing value; 3 rows skipped"
cells "$T/yearbook-long.expect"
# yearbook, wide: —, N/A, … and —— missing
fresh
run 0 load "$T/yearbook-wide.csv" --wide --map region=地区 --indicator patents_granted --source nbs-test
has out "12 new"
has out "4 missing values; 3 rows skipped"
cells "$T/yearbook-wide.expect"
# a table of one period (--period), its indicator named in Chinese
fresh
run 0 load "$T/city-2023.csv" --period 2023年 --map "region=城市,value=2023年GDP（亿元）" --indicator 地区生产总值 --scale 亿 --source nbs-test
has out "4 new"
has out "1 row skipped"
cells "$T/city-2023.expect"
# a county table: 省份/城市/区县 columns as a path, cells a merged cell left empty are the
# ones above; indicators by id, Chinese name and English name
fresh
run 0 load "$T/county.csv" --period 2023 --map "province=省份,city=城市,county=区县,indicator=指标,value=地区生产总值(亿元)" --scale 亿 --source nbs-test
has out "8 new"
cells "$T/county.expect"
# an expression names indicators the same ways
run 0 compare "地区生产总值 / 10000" 江苏省/南京市 --format csv
has out "2023,174214000"
run 0 compare "GRP * 2" 南京市 --format csv
has out "2023,3484280000000"
run 2 compare "地区生产总 * 2" 南京市
has err 'unknown indicator "地区生产总" (did you mean gdp?)'
# an alias names the indicator as well (GRP, 地区GDP), and dump keeps the aliases
run 0 load "$T/city-2023.csv" --period 2023年 --map "region=城市,value=2023年GDP（亿元）" --indicator 地区GDP --scale 亿 --source nbs-test
has out "4 new"
run 0 dump
has out '"aliases":["GRP","地区GDP"]'
run 0 check
# --header-row names the header; --na replaces the marks (then … is a bad value)
fresh
run 0 load "$T/yearbook-wide.csv" --header-row 3 --wide --map region=地区 --indicator patents_granted --source nbs-test
has out "12 new"
fresh
snap
run 2 load "$T/yearbook-wide.csv" --na —,N/A --wide --map region=地区 --indicator patents_granted --source nbs-test
has err "yearbook-wide.csv:7: value: value \"…\": expected a number"
has err "yearbook-wide.csv:7: value: value \"——\": expected a number"
unchanged "--na"
run 2 load "$T/yearbook-wide.csv" --header-row 2 --wide --map region=地区 --indicator patents_granted --source nbs-test
has err "yearbook-wide.csv:2: region: no column \"地区\" in the header (it has \"单位：件\")"
unchanged "--header-row 2"
run 2 load "$T/yearbook-wide.csv" --header-row 30 --wide --map region=地区 --indicator patents_granted --source nbs-test
has err "--header-row 30, but the file has 8 lines"
unchanged "--header-row 30"
# no row holds the mapped columns: the first row's error
run 2 load "$T/yearbook-wide.csv" --wide --map region=省份 --indicator patents_granted --source nbs-test
has err "yearbook-wide.csv:1: region: no column \"省份\" in the header (it has \"各地区发明专利授权量\")"
unchanged "no header"
# values given for every row are checked once, before any row
run 2 load "$T/nbs-rd.csv" --wide --map region=地区 --indicator rd_expenditur --source nbs-test
has err "nbs-rd.csv:4: indicator: unknown indicator \"rd_expenditur\" (did you mean rd_expenditure?); declare it"
has err "nothing loaded: 1 error in 0 records"
run 2 load "$T/nbs-rd.csv" --wide --map region=地区 --indicator rd_expenditure --source nbs
has err "nbs-rd.csv:4: source: unknown source \"nbs\""
has err '{"type":"source","id":"nbs"'
run 2 load "$T/nbs-rd.csv" --wide --map region=地区 --indicator rd_expenditure --unit USD
has err "nbs-rd.csv:4: unit: \"USD\" contradicts rd_expenditure, which is measured in CNY"
unchanged "checked once"

# ---- errors: message, status, and nothing stored ----
snap
# bad VALUE_CELL INDICATOR MESSAGE: a one-row file whose value is refused
bad() {
	printf '地区,时间,数值\n中国,2010,%s\n' "$1" >"$WORK/bad.csv"
	run 2 load "$WORK/bad.csv" --map region=地区,period=时间,value=数值 --indicator "$2"
	has err "bad.csv:2: value: "
	has err "$3"
	unchanged "value $1"
}
bad 3亿美元 rd_expenditure "美元 is USD, but the indicator is measured in CNY"
bad 46.3万家 rd_expenditure "家 is count, but the indicator is measured in CNY"
bad 0.5个百分点 gdp_growth "个百分点 is pp, but the indicator is measured in percent"
bad 约100以上 high_tech_enterprises "its words say both ~ and >="
bad 不足100以上 high_tech_enterprises "its words say both < and >="
bad 5元/吨 rd_expenditure 'unexpected "元" after the number'
bad 12斤 coal_output 'unexpected "斤" after the number'
printf '地区,时间,数值,限定\n中国,2010,约12万件,>\n' >"$WORK/bad.csv"
run 2 load "$WORK/bad.csv" --map region=地区,period=时间,value=数值,qualifier=限定 --indicator patents_granted
has err "bad.csv:2: qualifier: \">\" contradicts the value's words, which say ~"
unchanged "qualifier conflict"
# a period without a year, or with two meanings
for p in 1-5月 第一季度 FY2024 2024/25; do
	printf '地区,时间,数值\n中国,%s,1\n' "$p" >"$WORK/bad.csv"
	run 2 load "$WORK/bad.csv" --map region=地区,period=时间,value=数值 --indicator gdp
	has err "bad.csv:2: period: period \"$p\""
	unchanged "period $p"
done
# a message never cuts a character in two
printf '地区,时间,数值\n中国,2010,一二三四五六七八九十一二三四五六七八九十\n' >"$WORK/bad.csv"
run 2 load "$WORK/bad.csv" --map region=地区,period=时间,value=数值 --indicator gdp
checks=$((checks + 1))
iconv -f UTF-8 -t UTF-8 "$WORK/err" >/dev/null 2>&1 || fail "the message is not valid UTF-8: $(cat "$WORK/err")"

finish
