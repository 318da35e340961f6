#!/bin/sh
# regions.sh — a number lands on the region it names, or is refused: English and Chinese
# 31-province tables load with one command each and land every row on its province; ISO
# codes are never folded into others; a record for a built-in code merges; groups are built
# in; --new-regions takes a name in any script (docs/REGIONS.md).
. tests/e2e/lib.sh
D=$ROOT/tests/e2e/data

run 0 init
printf '{"type":"indicator","id":"gdp","unit":"CNY","kind":"flow"}\n{"type":"indicator","id":"pop","unit":"count","kind":"stock"}\n' >"$WORK/ind.jsonl"
run 0 load "$WORK/ind.jsonl"

# each table's value is the NBS code of its row's province: a row on the wrong place shows
landed() {
	while read -r iso nbs; do
		run 0 get "$1" "$iso" --format csv
		has out "$2,$nbs,"
	done <"$D/provinces.codes"
	run 0 get "$1" CN --format csv
	has out "$2,100,"
}

run 0 load --wide --map region=Region "$D/provinces-en.csv" --indicator gdp
has out "32 new"
landed gdp 2022
# the provinces are provinces: rank --level province sees all 31
run 0 rank gdp --period 2022 --level province --format csv
[ "$(grep -c . "$WORK/out")" -ge 32 ] || fail "rank --level province lists $(grep -c . "$WORK/out") lines"
has out ",CN-HA,2022,41,"
has out ",CN-JL,2022,22,"
lacks out "632324"
lacks out "220200"

run 0 load --wide --map region=地区 "$D/provinces-zh.csv" --indicator pop
has out "32 new"
landed pop 2022

# the same rows named other ways land on the same places: nothing new
run 0 load --wide --map region=Province "$D/provinces-en-full.csv" --indicator gdp
has out "0 new, 0 revised, 31 unchanged"
run 0 load --wide --map region=省份 "$D/provinces-short.csv" --indicator pop
has out "0 new, 0 revised, 31 unchanged"

# exact ISO 3166-2 codes are those subdivisions, never another code folded
printf 'region,2022\nAR-E,1\nES-P,2\nES-T,3\nGR-C,4\nMA-INE,5\nUS-AK,6\nRU-SE,7\n' >"$WORK/iso.csv"
run 0 load --wide --map region=region "$WORK/iso.csv" --indicator gdp
has out "7 new"
for c in AR-E ES-P ES-T GR-C MA-INE US-AK RU-SE; do
	run 0 get gdp "$c" --format csv
	has out "2022,"
done
for c in AE ES EE GR US RU; do
	run 0 get gdp "$c" --format csv
	lacks out "2022,"
done

# an ambiguous name is refused with its candidates, the database unchanged
printf 'region,2021\nSuzhou,1\n' >"$WORK/suzhou.csv"
run 2 load --wide --map region=region "$WORK/suzhou.csv" --indicator gdp
has err "suzhou.csv:2"
has err "ambiguous"
has err "320500"
has err "341300"
printf 'region,2021\n"Suzhou, Jiangsu",1\n' >"$WORK/suzhou.csv"
run 0 load --wide --map region=region "$WORK/suzhou.csv" --indicator gdp
run 0 get gdp 320500 --format csv
has out "2021,1,"

# a record for a built-in code merges: 中国 stays China's, 河南省 Henan's, check still ok
printf '{"type":"region","code":"CN","aliases":["全国口径"]}\n' >"$WORK/cn.jsonl"
run 0 load "$WORK/cn.jsonl"
run 0 get pop 中国 --format csv
has out "2022,100,"
run 0 get pop 全国口径 --format csv
has out "2022,100,"
run 0 get pop 河南省 --format csv
has out "2022,41,"
run 0 check
# contradicting its parent is an error naming the field
printf '{"type":"region","code":"CN-HA","parent":"VN"}\n' >"$WORK/move.jsonl"
run 2 load "$WORK/move.jsonl"
has err "parent"
has err "built in"
run 0 get pop Henan --format csv
has out "2022,41,"

# the groups are built in; a user's group of the same name wins over the built-in one
printf 'region,2020\n长三角,7\nGreater Bay Area,8\n东北地区,9\n' >"$WORK/groups.csv"
run 0 load --wide --map region=region "$WORK/groups.csv" --indicator pop
run 0 get pop CN.YRD --format csv
has out "2020,7,"
run 0 get pop CN.GBA --format csv
has out "2020,8,"
run 0 get pop CN.NORTHEAST --format csv
has out "2020,9,"
printf '{"type":"region","code":"MY-NE","level":"group","name_zh":"东北地区","members":["辽宁","吉林"]}\n' >"$WORK/ne.jsonl"
run 0 load "$WORK/ne.jsonl"
printf 'region,2019\n东北地区,5\n' >"$WORK/ne.csv"
run 0 load --wide --map region=region "$WORK/ne.csv" --indicator pop
run 0 get pop MY-NE --format csv
has out "2019,5,"
run 0 get pop CN.NORTHEAST --format csv
lacks out "2019,"
run 0 check

# official order: 北京 天津 河北 … 新疆, then 香港 澳门 台湾
run 0 ls regions --within CN
awk 'NR > 2 { printf "%s ", $1 }' "$WORK/out" >"$WORK/order"
has order "CN-BJ CN-TJ CN-HE CN-SX CN-NM CN-LN CN-JL CN-HL CN-SH CN-JS"
has order "CN-QH CN-NX CN-XJ CN-HK CN-MO CN-TW"

# --new-regions makes a code for a name in any script
printf 'region,2022\n张江科学城,9\n' >"$WORK/new.csv"
run 2 load --wide --map region=region "$WORK/new.csv" --indicator gdp
run 0 load --new-regions --wide --map region=region "$WORK/new.csv" --indicator gdp
has out "1 new"
run 0 get gdp 张江科学城 --format csv
has out "2022,9,"

finish
