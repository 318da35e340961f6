#!/bin/sh
# history.sh — divisions through time from the command line: a yearbook table of old and new
# names lands each row on the unit it named in its year, a row outside a unit's years is
# refused (database unchanged), ls and lineage show the units, and --boundaries restates a
# series on a year's boundaries (values worked out by hand).
. tests/e2e/lib.sh
D=$ROOT/tests/e2e/data
# gdp_has REGION LINE: tsq get gdp REGION (CSV) has the line LINE.
gdp_has() {
	run 0 get gdp "$1" --format csv
	has out "$2"
}
run 0 init
printf '%s\n' '{"type":"indicator","id":"gdp","name":"GDP","name_zh":"地区生产总值","unit":"CNY","kind":"flow"}' \
	'{"type":"indicator","id":"growth","name":"GDP growth","unit":"percent","kind":"rate"}' >"$WORK/ind.jsonl"
run 0 load "$WORK/ind.jsonl"
MAP="region=地区,period=年份,value=地区生产总值(亿元)"
run 0 load "$D/history-gdp.csv" --map "$MAP" --indicator gdp --scale 亿
has out "19 new"

# each row where it belongs: old names on today's units, past units on their own
gdp_has 襄阳 "2005,59000000000"
has out "2009,120100000000"
has out "2010,153800000000"
gdp_has 371200 "2016,70200000000"
run 0 get gdp 371200
has out "gdp (CNY), 莱芜市 (371200, 1992-2018)"
run 0 get gdp 莱芜区 --format csv
lacks out "2016"
gdp_has 530802 "1998,2000000000"
gdp_has 530800 "2005,5500000000"
gdp_has 110103 "2008,30000000000"
gdp_has 密云区 "2010,13000000000"
gdp_has 341400 "2010,65000000000"
gdp_has 340181 "2015,21000000000"

# a row outside a unit's years: refused, naming its years and successors; nothing loaded
run 0 export --format csv -o "$WORK/before.csv"
run 2 load "$D/history-late.csv" --map "$MAP" --indicator gdp --scale 亿
has err "history-late.csv:3: region: 莱芜市 (371200) existed 1992-2018, not in 2020; its area went to 济南市 (370100) in 2018"
run 0 export --format csv -o "$WORK/after.csv"
same "$WORK/before.csv" "$WORK/after.csv"

# without a period, a name of two past units is for the user to tell apart
run 2 get gdp 思茅市
has err "ambiguous"
has err "1993-2003"
has err "2003-2007"

# seeing it
run 0 ls regions 莱芜 --format csv
has out "371200,prefecture,CN-SD,,莱芜市,1992-2018,370100"
has out "370116,county,370100,Laiwu,莱芜区,,"
run 0 lineage 济南
has out "from      莱芜市 (371200, prefecture, 1992-2018)"
run 0 lineage 371200
has out "to        济南市 (370100, prefecture)"
run 0 lineage 思茅区
has out "思茅市  1993-2003"
has out "532701  1993-2003"
run 0 lineage 341400
has out "芜湖市 (340200, prefecture)"

# on 2019 boundaries: 济南 + 莱芜市 = 7238 and 8207.7 亿; 2019 济南 alone
run 0 compare gdp 济南 --boundaries 2019 --format csv
has out "2016,723800000000"
has out "2017,820770000000"
has out "2019,944300000000"
has err "restated on 2019 boundaries, with 莱芜市 (371200, 1992-2018)"
run 0 compare gdp 济南 --format csv
has out "2016,653600000000"
# 东城区 on 2010 boundaries: 2008 is 900 + 300; 2009 missing, as 崇文区 has no value
run 0 compare gdp 东城区 --boundaries 2010 --format csv
has out "2008,120000000000"
lacks out "2009"
has err "no value of gdp, as 崇文区 (110103) has none"
# 合肥 on 2011 boundaries: 2010 missing, as 巢湖市 was split
run 0 compare gdp 合肥 --boundaries 2011 --format csv
has out "2012,410000000000"
has err "split among several regions in 2011"
run 0 rank gdp 济南 东城区 --period 2016 --boundaries 2019 --format csv
has out "723800000000"
# export on 2019 boundaries: 济南 restated, 莱芜市 (ended by then) not written on its own
run 0 export --indicator gdp --boundaries 2019 --format csv
has out "370100,Jinan,2016,723800000000"
lacks out "371200"
has err "济南市: restated on 2019 boundaries, with 莱芜市 (371200, 1992-2018)"
run 0 export --indicator gdp --format csv
has out "371200"
# a rate is never summed
run 2 compare growth 济南 --boundaries 2019
has err "growth is a rate"
run 1 compare gdp 济南 --boundaries 19
# the home country is a database setting: names of its regions come first
run 0 --db "$WORK/us" init --home US
has out "home US"
run 0 --db "$WORK/us" init
has out "home US"
run 2 --db "$WORK/nohome" init --home Ruritania
has err "--home: unknown region"
finish
