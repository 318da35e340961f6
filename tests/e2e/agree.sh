#!/bin/sh
# agree.sh — honest conflicts: two versions of one vintage conflict only
# when they cannot both be true (">3.6万亿" and "36130亿" agree; "about"
# is within 5%), each case worked by hand; the store's conflict flag stays
# what tsq check expects whatever order versions come in; conflicts --all
# lists the versions that agree too, each marked.
. tests/e2e/lib.sh

run 0 init
printf '%s\n' \
	'{"type":"indicator","id":"rd","unit":"CNY","kind":"flow"}' \
	'{"type":"source","id":"a","published":"2025-01-01"}' \
	'{"type":"source","id":"b","published":"2025-01-01","priority":5}' >"$WORK/cat.jsonl"
run 0 load "$WORK/cat.jsonl"

# pair PERIOD VALUE_A QUALIFIER_A VALUE_B QUALIFIER_B: the two versions, one per source
pair() {
	printf '{"indicator":"rd","region":"CN","period":"%s","value":"%s","qualifier":"%s","source":"a"}\n' "$1" "$2" "$3"
	printf '{"indicator":"rd","region":"CN","period":"%s","value":"%s","qualifier":"%s","source":"b"}\n' "$1" "$4" "$5"
}
{
	pair 2001 '3.6万亿' '>' '36130亿' '='   # 3.613e12 > 3.6e12: both true
	pair 2002 '29,000' '~' '28,300' '='     # 2.4% below 29,000: within about
	pair 2003 '29,000' '~' '27,000' '='     # 6.9% below: not about 29,000
	pair 2004 '100' '=' '101' '='           # two exact values
	pair 2005 '100' '>' '100' '<'           # nothing is both above and below 100
	pair 2006 '100' '>=' '100' '<='         # 100 is both
	pair 2007 '100' '>' '100' '='           # 100 is not more than 100
	pair 2008 '100' '~' '104' '~'           # 95-105 and 98.8-109.2 meet
	pair 2009 '3.6万亿' '>' '3.5万亿' '='   # below the bound
} >"$WORK/pairs.jsonl"
run 0 load "$WORK/pairs.jsonl"
run 0 conflicts --format csv
for y in 2001 2002 2006 2008; do lacks out ",$y,"; done
for y in 2003 2004 2005 2007 2009; do has out ",$y,"; done
run 0 check

# --all: the versions that were reconciled too, each marked by whether it
# can be true with the one shown (the shown one agrees with itself); an
# observation of one version is no reconciliation and is not listed
TSDB_PATH=$WORK/empty run 0 init
TSDB_PATH=$WORK/empty run 0 conflicts --all
has out "no observation with two versions of one vintage"
printf '{"indicator":"rd","region":"CN","period":"2011","value":"7","source":"a"}\n' >"$WORK/one.jsonl"
run 0 load "$WORK/one.jsonl"
run 0 conflicts --all --format csv
has out "indicator,region,period,vintage,source,value,qualifier,shown,agrees"
has out "rd,CN,2001,2025-01-01,a,3600000000000,>,0,1"
has out "rd,CN,2001,2025-01-01,b,3613000000000,,1,1"
has out "rd,CN,2002,2025-01-01,a,29000,~,0,1"
has out "rd,CN,2006,2025-01-01,a,100,>=,0,1"
has out "rd,CN,2006,2025-01-01,b,100,<=,1,1"
has out "rd,CN,2008,2025-01-01,a,100,~,0,1"
has out "rd,CN,2003,2025-01-01,a,29000,~,0,0"
has out "rd,CN,2003,2025-01-01,b,27000,,1,1"
has out "rd,CN,2007,2025-01-01,a,100,>,0,0"
lacks out ",2011,"
run 0 conflicts --format csv
lacks out ",2001,"
has out "rd,CN,2009,2025-01-01,a,3600000000000,>,0,0"
run 0 conflicts --all
has out "5 observations where sources disagree, 4 where they agree"
has out "agrees"
run 0 conflicts
has out "5 observations where sources disagree; the one shown"
run 0 conflicts --all --lang zh
has out "一致"

# the same in the other order (the better source first): the flag is worked
# out again over every version of the vintage
TSDB_PATH=$WORK/db2 run 0 init
TSDB_PATH=$WORK/db2 run 0 load "$WORK/cat.jsonl"
awk 'NR % 2 == 0' "$WORK/pairs.jsonl" >"$WORK/b.jsonl"
awk 'NR % 2 == 1' "$WORK/pairs.jsonl" >"$WORK/a.jsonl"
TSDB_PATH=$WORK/db2 run 0 load "$WORK/b.jsonl"
TSDB_PATH=$WORK/db2 run 0 load "$WORK/a.jsonl"
TSDB_PATH=$WORK/db2 run 0 conflicts --format csv
for y in 2001 2002 2006 2008; do lacks out ",$y,"; done
for y in 2003 2004 2005 2007 2009; do has out ",$y,"; done
TSDB_PATH=$WORK/db2 run 0 check

# agreeing is not transitive: a bound between two values that disagree
printf '%s\n' '{"type":"source","id":"c","published":"2025-01-01","priority":9}' \
	'{"indicator":"rd","region":"CN","period":"2010","value":"50","qualifier":">","source":"a"}' \
	'{"indicator":"rd","region":"CN","period":"2010","value":"60","source":"b"}' \
	'{"indicator":"rd","region":"CN","period":"2010","value":"100","source":"c"}' >"$WORK/three.jsonl"
run 0 load "$WORK/three.jsonl"
run 0 conflicts --format csv
has out "rd,CN,2010,2025-01-01,b,60,,0,0"
has out "rd,CN,2010,2025-01-01,c,100,,1,1"
has out "rd,CN,2010,2025-01-01,a,50,>,0,1"
run 0 check
finish
