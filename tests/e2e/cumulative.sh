#!/bin/sh
# cumulative.sh — --freq Q, H and M derive periods from year-to-date
# cumulatives (Q2 = January-June less January-March), worked by hand, and
# say which periods they could not derive.
. tests/e2e/lib.sh

run 0 init
printf '%s\n' '{"type":"indicator","id":"out","unit":"CNY","kind":"flow"}' \
	'{"indicator":"out","region":"CN","period":"2024-01/2024-03","value":100}' \
	'{"indicator":"out","region":"CN","period":"2024-01/2024-04","value":130}' \
	'{"indicator":"out","region":"CN","period":"2024-01/2024-05","value":170}' \
	'{"indicator":"out","region":"CN","period":"2024-H1","value":250}' \
	'{"indicator":"out","region":"CN","period":"2024-01/2024-09","value":420}' \
	'{"indicator":"out","region":"CN","period":"2024","value":600}' >"$WORK/ytd.jsonl"
run 0 load "$WORK/ytd.jsonl"
# quarters: 100, 250-100, 420-250, 600-420
run 0 compare out CN --freq Q --format csv
has out "2024-Q1,100" "2024-Q2,150" "2024-Q3,170" "2024-Q4,180"
# halves: the first as stored, the second 600-250
run 0 compare out CN --freq H --format csv
has out "2024-H1,250" "2024-H2,350"
# months: April 130-100, May 170-130, June 250-170; March has no cumulative
# of January-February to come from
run 0 compare out CN --freq M --format csv
has out "2024-04,30" "2024-05,40" "2024-06,80"
lacks out "2024-03,"
# ... and says so: March, September and December end a cumulative value
# but have none before them to take away
has err "note: 2024-03: not derived from year-to-date values (2024-Q1 less 2024-01/2024-02, which is not stored)" \
	"note: 2024-09: not derived from year-to-date values (2024-01/2024-09 less 2024-01/2024-08, which is not stored)" \
	"note: 2024-12: not derived from year-to-date values (2024 less 2024-01/2024-11, which is not stored)"
lacks err "2024-04:"
# a table carries the notes below it; quarters are all derived, with no note
run 0 compare out CN --freq M
has out "note: 2024-03: not derived"
run 0 compare out CN --freq Q --format csv
lacks err "not derived"
finish
