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
has out "33 new"
sed 's/^\([^,]*\),/\1,CN,/' "$T/values.expect" >"$WORK/values.want"
cells "$WORK/values.want"

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
bad 约100以上 high_tech_enterprises "its words say both ~ and >"
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
