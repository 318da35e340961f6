#!/bin/sh
# vintage.sh — load --vintage DATE: facts that give no vintage take DATE
# (not their source's date), a fact's own vintage is kept, and --as-of
# before DATE does not see them; worked by hand.
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
finish
