#!/bin/sh
# query.sh — compare, rank, history and conflicts on a small data set whose
# answers are worked out by hand (and by python3 for the exact doubles):
# expressions, every transform, --freq, discrete, region sets, and errors.
. tests/e2e/lib.sh
run 0 init
run 0 load "$ROOT/tests/e2e/data/query.jsonl"
has out "28 new, 2 revised"

# R&D intensity: rd / gdp * 100, a missing operand is missing, never zero
run 0 compare "rd / gdp * 100" 北京 上海 广东 --from 2019 --format csv
py() { python3 -c "print(repr($1))"; }
has out "period,北京,上海,广东" \
	"2019,$(py '223360000000/3544510000000*100'),$(py '152460000000/3798760000000*100')," \
	"2021,,$(py '181980000000/4365320000000*100')," \
	"2022,$(py '284330000000/4161090000000*100'),$(py '198160000000/4480910000000*100'),$(py '441190000000/12911860000000*100')"
run 0 compare "rd / gdp * 100" 北京 上海 广东 --from 2019
has out "rd / gdp * 100 (percent)" "2021       —   4.17     —" "2022    6.83  >4.42  3.42"

# yoy against the year before; the first year has none
run 0 compare rd Beijing Shanghai --transform yoy --format csv
lacks out "2019,"
has out "2020,$(py '(232660000000/223360000000-1)*100'),$(py '(161570000000/152460000000-1)*100')"
# --from 2021 still finds 2020 for the first yoy
run 0 compare rd Beijing --transform yoy --from 2021 --format csv
has out "2021,$(py '(262930000000/232660000000-1)*100')"
lacks out "2020,"
run 0 compare rd Beijing --transform diff --from 2022 --format csv
has out "2022,$(py '284330000000-262930000000')"
run 0 compare rd Beijing --transform index:2020 --format csv
has out "2020,100" "2022,$(py '284330000000/232660000000*100')"
run 0 compare rd Beijing --transform share:CN --format csv
has out "2022,$(py '284330000000/3078290000000*100')"
run 0 compare rd 上海 --transform cagr --from 2019 --to 2022 --format csv
has out "2019/2022,$(py '((198160000000/152460000000)**(1/3)-1)*100')"
run 0 compare rd 北京 上海 广东 --transform rank --from 2022 --format csv
has out "2022,2,3,1"
run 0 compare rd 北京 --transform log --from 2022 --format csv
has out "2022,$(python3 -c 'import math; print(repr(math.log(284330000000)))')"

# year-to-date de-accumulation, with what it could not split
run 0 compare gdp 常州 --transform discrete
has out "2024-03           90,000,000,000" \
	"2024-05          ~85,000,000,000" \
	"2024-06          ~85,000,000,000" \
	"note: 2024-01/2024-02: not derived on its own"
run 2 compare va_growth CN --transform discrete
has err "discrete takes apart year-to-date totals of a flow; va_growth is not a flow"

# frequency conversion: stocks take the period end; rates are never summed
run 0 compare firms CN --freq Y --format csv
has out "2023,400000" "2024,500000"
run 2 compare va_growth CN --freq Y
has err "va_growth: a rate is never summed: it cannot be made annual from quarterly values"
run 0 compare gdp 常州 --transform discrete --freq Q --format csv
has out "2024-Q1,240000000000" "2024-Q2,260000000000"

# tables: scale, pivot, sources, chart
run 0 compare rd 北京 上海 --from 2021 --scale 亿
has out "rd — R&D expenditure (亿 CNY)" "2021    2,629.3   1,819.8"
run 0 compare rd 北京 上海 --from 2021 --pivot --scale 亿
has out "region     2021      2022" "上海    1,819.8  >1,981.6"
run 0 compare rd 广东 --sources
has out "441,190,000,000 [1]" "[1] bureau: Statistical bulletin, Bureau of Statistics, 2025-03-01"
# each row on its own scale: the smaller region is not flattened
run 0 compare rd 北京 上海 --chart
has out "北京  ▁▂▆█" "上海  ▁▂▆█" "each row on its own scale"
run 0 compare rd 北京 上海 --chart --common-scale
has out "北京  ▅▅▇█" "上海  ▁▁▃▃"
run 0 compare rd 北京 --format json
has out '"rows":[' '{"period":"2019","values":[223360000000],"qualifiers":["="]}'

# region sets: children and levels
run 0 compare rd "CN/*" --from 2022 --format csv
has out ",北京市," ",天津市,"
# official order: 北京 first, 上海 9th, 广东 19th (NBS codes 11, 31, 44)
has out "2022,284330000000,,,,,,,,198160000000,,,,,,,,,,441190000000,"
run 0 rank rd --period 2022 --level province --format csv
has out "1,广东省,CN-GD,2022,441190000000," "3,上海市,CN-SH,2022,198160000000,>"
run 0 rank rd --period 2022 --level province --top 1
has out "1  广东省  CN-GD  441,190,000,000"
lacks out "北京"
run 0 rank "rd / gdp * 100" --period 2022 --level province --format csv
has out "1,北京市,CN-BJ,2022,$(py '284330000000/4161090000000*100'),"

# a group of regions, declared with its members
run 0 compare rd "京津冀/*" --from 2022 --format csv
has out "period,北京市,天津市,河北省" "2022,284330000000,,"
run 0 rank rd --period 2022 --level province --within 京津冀 --format csv
has out "1,北京市,CN-BJ,2022,284330000000,"
lacks out "上海"
# a dump keeps the members, and restores to the same bytes
run 0 dump -o "$WORK/a.jsonl"
grep -q '"code":"JJJ".*"members":\["CN-BJ","CN-TJ","CN-HE"\]' "$WORK/a.jsonl" ||
	fail "the dump lacks the members of JJJ: $(grep JJJ "$WORK/a.jsonl")"
run 0 --db "$WORK/db2" restore "$WORK/a.jsonl"
run 0 --db "$WORK/db2" dump -o "$WORK/b.jsonl"
same "$WORK/a.jsonl" "$WORK/b.jsonl"
run 0 --db "$WORK/db2" compare rd "京津冀/*" --from 2022 --format csv
has out "period,北京市,天津市,河北省"
printf '{"type":"region","code":"X1","members":["北京","北晶"]}\n' >"$WORK/group.jsonl"
run 2 load "$WORK/group.jsonl"
has err 'group.jsonl:1: members[2]: unknown region "北晶"'
printf '{"type":"region","code":"X2","level":"county","members":["北京"]}\n' >"$WORK/group.jsonl"
run 2 load "$WORK/group.jsonl"
has err 'members: only a region of level "group" has members'

# history and conflicts
run 0 history firms CN 2024-Q2 --format csv
has out "2025-03-01,bureau,463000,,actual,0,0,," "2025-06-01,bureau,465000,,actual,1,0,,revised"
run 0 compare firms CN --as-of 2025-04-01 --format csv
has out "2024-Q2,463000"
run 0 conflicts --format csv
has out "rd,CN-GD,2022,2025-03-01,bureau,441190000000,,1" \
	"rd,CN-GD,2022,2025-03-01,paper,440000000000,,0"
run 0 conflicts firms
has out "no conflicts"

# errors: each names what is wrong, exit 2 for bad input, 1 for usage
run 2 compare "rd / gpd" 北京
has err 'expression: unknown indicator "gpd" (did you mean gdp or rd?)'
run 2 compare "rd / (gdp" 北京
has err "expression: column 10: expected ')', at the end"
run 2 compare "rd + firms" 北京
has err "cannot add CNY and count"
run 2 compare rd 北晶
has err "region 1:"
run 2 compare rd 北京 --transform growth
has err 'unknown transform "growth"'
run 2 compare rd 北京 --transform index:2024-13
has err "month must be 01-12"
run 1 compare rd 北京 --freq W
has err '--freq is Y, H, Q or M, not "W"'
run 1 compare rd 北京 --scale lots
has err "--scale lots"
run 1 compare rd 北京 --transform yoy --scale 亿
has err "--scale applies to amounts; yoy gives percent"
run 2 compare rd 北京 --within CN
has err "--within goes with --level"
run 2 compare rd --level county
has err "no region of that level has data"
run 2 compare rd 北京 --transform share:北晶
has err '--transform: unknown region "北晶"'
run 1 rank rd --period 2022 --from 2020
has err "unknown option --from (did you mean --freq?)"
run 2 conflicts nosuch
has err 'unknown indicator "nosuch"'
run 1 compare rd
has err "needs an indicator (or expression) and at least one region"
run 1 rank rd
has err "needs --period P"
run 1 rank rd --period 2022 --top 0
has err '--top takes a whole number from 1 to 1000000, not "0"'
run 1 rank rd --period 2022-13
has err '--period: period "2022-13": month must be 01-12'
run 1 history firms CN
has err "needs INDICATOR REGION PERIOD"
run 1 history firms CN 2024-Q5
has err "quarter"
run 1 conflicts --format xml
finish
