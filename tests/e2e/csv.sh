#!/bin/sh
# csv.sh — loading CSV: real files (CEADs, World Bank: CRLF, quoted commas,
# no final newline, 17-digit values, aggregates), the wide layout, every
# separator, a byte-order mark, and every CSV error.
. tests/e2e/lib.sh
EX=$ROOT/examples
WB=$ROOT/examples/world/worldbank_gdp_current_usd.csv
CEADS=$EX/ceads/ceads_province_co2_emissions.csv
MAP="region=actor_id,period=year,value=total_emissions"

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl"
has out "660 new"

# the CSV is the same data as the JSON Lines: nothing changes
run 0 load --csv "$CEADS" --map "$MAP" --indicator co2_emissions --source ceads-guan-2021
has out "0 new, 0 revised, 660 unchanged"

# the same rows with ';', with tabs, with CRLF and a BOM, and wide
sed 's/,/;/g' "$CEADS" >"$WORK/semi.csv"
tr ',' '\t' <"$CEADS" >"$WORK/tab.tsv"
{ printf '\357\273\277'; sed 's/$/\r/' "$CEADS"; } >"$WORK/bom-crlf.csv"
for f in semi.csv tab.tsv bom-crlf.csv; do
	run 0 load --csv "$WORK/$f" --map "$MAP" --indicator co2_emissions --source ceads-guan-2021
	has out "0 new, 0 revised, 660 unchanged"
done
awk -F, 'NR > 1 { v[$2 "," $3] = $4; r[$2] = 1; y[$3] = 1 }
	END { printf "province"; for (j = 1998; j <= 2019; j++) printf ",%d", j; print "";
	      for (p in r) { printf "%s", p; for (j = 1998; j <= 2019; j++) printf ",%s", v[p "," j]; print "" } }' \
	"$CEADS" >"$WORK/wide.csv"
run 0 load --wide --map region=province "$WORK/wide.csv" --indicator co2_emissions --source ceads-guan-2021
has out "0 new, 0 revised, 660 unchanged"

# empty cells of a wide file are missing values, not zeros
printf 'region,2001,2002,2003\nCN-XZ,1,,3\n' >"$WORK/gaps.csv"
run 0 load --wide --map region=region "$WORK/gaps.csv" --indicator co2_emissions
has out "2 new"
run 0 get co2_emissions Tibet --from 2001 --to 2003 --format csv
has out "2001,1,"
lacks out "2002,"
has out "2003,3,"

# the World Bank file: aggregates are unknown regions unless --new-regions
printf '{"type":"indicator","id":"gdp","unit":"USD","kind":"flow"}\n' >"$WORK/gdp.jsonl"
run 0 load "$WORK/gdp.jsonl"
run 2 load --csv "$WB" --map "region=Country Code,period=Year,value=Value" --indicator gdp --max-errors 3
has err "worldbank_gdp_current_usd.csv:25: region: unknown region \"AFE\""
has err "nothing loaded: 3 errors"
run 0 load --new-regions --csv "$WB" --map "region=Country Code,period=Year,value=Value" --indicator gdp
has out "13979 new"
# every value reads back as the same double, including the last line (no newline)
run 0 compare gdp CHN USA ZWE --from 2023 --format csv
has out "2023,17794781986104.457,27360935000000,26538273498.84614"
for c in CHN USA ZWE KOR WLD; do
	"$TSQ" get gdp "$c" --format csv | tail -n +2 | cut -d, -f1,2 >"$WORK/got-$c"
	awk -F'"' -v OFS= '{ for (i = 2; i <= NF; i += 2) gsub(",", ";", $i); print }' "$WB" | tr -d '\r' |
		awk -F, -v c="$c" '$2 == c { print $3 "," $4 }' >"$WORK/want-$c"
	checks=$((checks + 1))
	python3 - "$WORK/want-$c" "$WORK/got-$c" <<'PY' || fail "gdp $c differs"
import sys
want = [l.split(",") for l in open(sys.argv[1]).read().split()]
got = [l.split(",") for l in open(sys.argv[2]).read().split()]
assert len(want) == len(got) and len(want) > 10, (len(want), len(got))
for (wp, wv), (gp, gv) in zip(want, got):
    assert wp == gp and float(wv) == float(gv), (wp, wv, gp, gv)
    assert len(gv) <= len(wv), (wv, gv)  # never longer than written
PY
done

# errors: each names the file and line; nothing is written (bad rows and
# cells are cases in tests/bad; these are maps that do not fit the file)
run 0 info
cp "$WORK/out" "$WORK/before"
run 2 load --csv "$CEADS" --map "region=province,period=year,value=total_emissions" --indicator co2_emissions
has err "region: no column \"province\" in the header"
: >"$WORK/empty.csv"
run 2 load --csv "$WORK/empty.csv" --map "$MAP" --indicator co2_emissions
has err "empty file"
run 2 load --csv "$CEADS" --map "$MAP"
has err "no indicator"
run 2 load --wide --map region=actor_id "$CEADS" --indicator co2_emissions
has err "no column header is a period"
run 1 load --csv "$CEADS" --map "region"
run 1 load --csv "$CEADS" --map "colour=x"
run 1 load "$CEADS" --indicator co2_emissions
run 0 info
same "$WORK/before" "$WORK/out"

finish
