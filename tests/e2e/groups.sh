#!/bin/sh
# groups.sh — a group in every query: compare, rank and plot of a group give
# the sum over its members (worked out by hand in tests/e2e/data/groups.jsonl),
# "GROUP/*" its members one by one, and a rate is refused with the way out.
. tests/e2e/lib.sh
run 0 init
run 0 load "$ROOT/tests/e2e/data/groups.jsonl"

# 181.98 + 343.86 + 211.33 = 737.17 亿; 2022 has a lower bound (上海 >198.16)
run 0 compare rd 长三角 上海 --format csv
has out "period,长三角,上海"
has out "2021,73717000000,18198000000"
has out "2022,82332000000,19816000000"
has out "2023,,21000000000"
has err "note: 长三角 2023: no sum of rd, as 江苏省, 浙江省 have no value"
run 0 compare rd 长三角 --format json
has out '"values":[82332000000],"qualifiers":[">"]'
run 0 compare rd 长三角
has out "2022    >82,332,000,000"
has out "note: 长三角 2023: no sum of rd, as 江苏省, 浙江省 have no value"
has out "note: 长三角: computed, the sum over its 3 members (上海市, 江苏省, 浙江省)"

# an expression over a group is worked out over the group's sums
run 0 compare "rd / gdp * 100" 长三角 --format csv
py() { python3 -c "print(repr($1))"; }
has out "2022,$(py '(19816000000+38351000000+24165000000)/(448091000000+1228756000000+777154000000)*100')"

# a stock at the year's end, summed: 110 + 220 + 330
run 0 compare firms 长三角 --freq Y --format csv
has out "2022,660"

# rank with the group among its members; the group's members alone
run 0 rank rd --period 2022 长三角 上海 江苏 --format csv
has out "1,长三角,YRD,2022,82332000000,>"
has out "2,江苏省,CN-JS,2022,38351000000,"
# members in official order: 上海 31, 江苏 32, 浙江 33
run 0 compare rd "长三角/*" --from 2022 --to 2022 --format csv
has out "period,上海市,江苏省,浙江省"
run 0 rank rd --period 2022 --level province --within 长三角 --format csv
has out "1,江苏省,CN-JS,2022,38351000000,"
lacks out "北京"
run 0 ls regions --within 长三角 --level province
has out "CN-ZJ"
lacks out "CN-BJ"

# yoy of the group's sum
run 0 compare rd 长三角 --transform yoy --format csv
has out "2022,$(py '(82332000000/73717000000-1)*100')"

# a plot of a group draws its sum
run 0 plot rd 长三角 -o "$WORK/g.svg"
grep -q "长三角" "$WORK/g.svg" || fail "the plot does not name the group"

# export: a group is its sum, "GROUP/*" its members
run 0 export --indicator rd --region 长三角 上海
has out "rd,R&D expenditure,YRD,Yangtze River Delta,2022,82332000000,CNY,>,actual,,"
has out "rd,R&D expenditure,CN-SH,Shanghai,2023,21000000000,CNY,,actual,,"
lacks out "YRD,Yangtze River Delta,2023"
has err "note: 长三角 2023: no sum of rd, as 江苏省, 浙江省 have no value"
run 0 export --indicator rd --region "长三角/*" --layout wide
has out "rd,R&D expenditure,CN-ZJ,Zhejiang,CNY,21133000000,24165000000,"
lacks out "YRD"
run 0 export --indicator rd --region 长三角 --pivot region
has out "rd,R&D expenditure,CNY,2021,73717000000"
run 0 export --indicator "rd / gdp * 100" --region 长三角 --format jsonl
has out '"region":"YRD"'
has out '"qualifier":">"'
run 2 export --region 长三角
has err "YRD is a group, written as the sum of the --indicator named"
run 2 export --indicator rd_intensity --region 长三角
has err "is a share (percent)"

# a share is never summed: the error says why and what to ask instead
run 2 compare rd_intensity 长三角
has err "rd_intensity of 长三角: rd_intensity is a share (percent), and a group's is not the sum of its members'"
has err '"rd_expenditure / gdp * 100"'
run 2 rank rd_intensity --period 2022 长三角
has err "is a share (percent)"
# a member added to a built-in group is the user's: dumped, and restored with the group
printf '%s\n' '{"type":"region","code":"CN.YRD","members":["福建"]}' >"$WORK/more.jsonl"
run 0 load "$WORK/more.jsonl"
run 0 dump -o "$WORK/g.dump"
has_dump() { grep -F -- "$1" "$WORK/g.dump" >/dev/null || fail "the dump lacks $1"; checks=$((checks + 1)); }
has_dump '"code":"CN.YRD"'
has_dump '"CN-FJ"'
run 0 --db "$WORK/g2" init
run 0 --db "$WORK/g2" restore "$WORK/g.dump"
run 0 --db "$WORK/g2" ls regions --within CN.YRD --level province --format csv
has out "CN-FJ"
finish
