#!/bin/sh
# vintage.sh — load --vintage DATE: facts that give no vintage take DATE
# (not their source's date), a fact's own vintage is kept, and --as-of
# before DATE does not see them; a fact with no date at all takes the
# load's date (--received), marked assumed; worked by hand.
. tests/e2e/lib.sh

run 0 init
printf '%s\n' '{"type":"indicator","id":"rd","unit":"CNY","kind":"flow"}' \
	'{"type":"source","id":"s","published":"2024-03-01"}' >"$WORK/cat.jsonl"
run 0 load "$WORK/cat.jsonl"
printf 'region,year,value\nCN-BJ,2023,100\n' >"$WORK/rd.csv"
run 0 load "$WORK/rd.csv" --map region=region,period=year,value=value --indicator rd --vintage 2024-05-01
run 0 get rd CN-BJ --as-of 2024-04-30 --format csv
lacks out "2023,"
run 0 get rd CN-BJ --as-of 2024-05-01 --format csv
has out "2023,100"
run 0 history rd CN-BJ 2023 --format csv
has out "2024-05-01,,100"
# a fact's own vintage wins; a dated source's date gives way to --vintage
printf '%s\n' '{"indicator":"rd","region":"CN-SH","period":"2023","value":1,"vintage":"2024-01-01"}' \
	'{"indicator":"rd","region":"CN-GD","period":"2023","value":2,"source":"s"}' >"$WORK/f.jsonl"
run 0 load "$WORK/f.jsonl" --vintage 2024-06-01
run 0 history rd CN-SH 2023 --format csv
has out "2024-01-01,,1"
run 0 history rd CN-GD 2023 --format csv
has out "2024-06-01,s,2"
run 1 load "$WORK/f.jsonl" --vintage 2024-13-01

# ---- no date at all: the day it came in, assumed ----
printf 'region,year,value\nCN-TJ,2023,7\nCN-HE,2023,8\n' >"$WORK/undated.csv"
run 0 load "$WORK/undated.csv" --map region=region,period=year,value=value --indicator rd --received 2025-03-01
has out "2 new, 0 revised"
has out "2 observations gave no date (no vintage, no dated source): their vintage is the load date, 2025-03-01, marked assumed"
run 0 get rd CN-TJ
has out "2025-03-01 (assumed)"
run 0 get rd CN-TJ --lang zh
has out "2025-03-01（假定）"
run 0 get rd CN-TJ --format csv
has out "period,value,qualifier,status,vintage,source,vintage_assumed"
has out "2023,7,,actual,2025-03-01,,1"
run 0 get rd CN-TJ --format json
has out '"vintage":"2025-03-01","source":"","vintage_assumed":1}'
run 0 get rd CN-BJ --format csv
has out "2023,100,,actual,2024-05-01,,0"
run 0 get rd CN-TJ --as-of 2025-02-28 --format csv
lacks out "2023,"
run 0 get rd CN-TJ --as-of 2025-03-01 --format csv
has out "2023,7"
# the same file a month later: known already
run 0 load "$WORK/undated.csv" --map region=region,period=year,value=value --indicator rd --received 2025-04-01
has out "0 new, 0 revised, 2 unchanged"
lacks out "assumed"
# a changed value then is a revision of that day
printf 'region,year,value\nCN-TJ,2023,7.5\n' >"$WORK/undated2.csv"
run 0 load "$WORK/undated2.csv" --map region=region,period=year,value=value --indicator rd --received 2025-04-01
has out "0 new, 1 revised"
has out "1 observation gave no date"
run 0 history rd CN-TJ 2023
has out "2025-03-01 (assumed)"
has out "2025-04-01 (assumed)"
run 0 get rd CN-TJ --as-of 2025-03-15 --format csv
has out "2023,7,"
# without --received, today (the clock's date)
printf 'region,year,value\nCN-SX,2023,9\n' >"$WORK/today.csv"
run 0 load "$WORK/today.csv" --map region=region,period=year,value=value --indicator rd
has out "their vintage is the load date, $(date +%Y-%m-%d), marked assumed"
# --vintage gives a known date: nothing assumed
run 0 load "$WORK/today.csv" --map region=region,period=year,value=value --indicator rd --vintage 2024-07-01
lacks out "assumed"
run 1 load "$WORK/undated.csv" --map region=region,period=year,value=value --indicator rd --received 2025-02-30
has err "--received"
# a fact's own "received" must be a date: refused with file, line and field, nothing stored
printf '%s\n' '{"indicator":"rd","region":"CN-NM","period":"2023","value":1,"received":""}' \
	'{"indicator":"rd","region":"CN-NM","period":"2022","value":1,"received":"soon"}' >"$WORK/rcv.jsonl"
run 2 load "$WORK/rcv.jsonl"
has err "rcv.jsonl:1: received: empty"
has err "rcv.jsonl:2: received:"
run 0 get rd CN-NM --format csv
lacks out "202"
# a dump keeps the assumed date as "received", and a restore keeps it assumed
run 0 dump -o "$WORK/d.jsonl"
has d.jsonl '"region":"CN-TJ","period":"2023","value":7,"received":"2025-03-01"}'
run 0 --db "$WORK/r" restore "$WORK/d.jsonl"
run 0 --db "$WORK/r" history rd CN-TJ 2023
has out "2025-03-01 (assumed)"
run 0 --db "$WORK/r" check
finish
