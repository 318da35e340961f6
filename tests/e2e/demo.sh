#!/bin/sh
# demo.sh — the bundled example end to end: load, compare, get, reload,
# exact values, and the database left unchanged by a bad load.
. tests/e2e/lib.sh
EX=$ROOT/examples

run 0 init
has out "regions"
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl
has out "758 new, 0 revised, 0 unchanged observations"

run 0 compare co2_emissions Beijing 上海 CN-GD --from 2018
has out "co2_emissions — CO2 emissions (t)"
has out "2019    89,184,483  192,912,182  569,119,531"
lacks out "2017"

run 0 compare co2_emissions 北京 Shanghai 广东省 --from 2018 --format csv
has out "period,北京,Shanghai,广东省"
has out "2019,89184483,192912182,569119531"

# every CEADs value comes back exactly as written in the CSV
for code in CN-AH CN-BJ CN-GD CN-XJ CN-NM; do
	run 0 get co2_emissions "$code" --format csv
	tail -n +2 "$WORK/out" | cut -d, -f1,2 >"$WORK/got"
	awk -F, -v c="$code" '$2 == c { print $3 "," $4 }' "$EX/ceads/ceads_province_co2_emissions.csv" >"$WORK/want"
	same "$WORK/want" "$WORK/got"
done

# the revised count of high-tech enterprises: two reports, two dates
run 0 get high_tech_enterprises 中国
has out "463,000"
has out "504,000"
run 0 get high_tech_enterprises CN --as-of 2025-01-01 --format csv
has out "2024-07-22,463000,,actual,2024-07-22,rmrb-2024-07"
lacks out "504000"

# exact decimal forms: 1.066 billion is 1066000000; 3.6万亿 and 8.7% as written
run 0 get rights_pilot.transformation_amount Shanghai --format csv
has out "2024-07-22,1066000000,,actual,2024-07-22,rmrb-2024-07"
run 0 get value_added.high_tech_manufacturing.growth CN --format csv
has out "2024-H1,8.7,,actual"
run 0 get rd_expenditure CN --format json
has out '"value":3600000000000,"qualifier":">"'

# loading the same files again changes nothing
run 0 info
cp "$WORK/out" "$WORK/info-before"
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl
has out "0 new, 0 revised, 758 unchanged observations"
run 0 info
same "$WORK/info-before" "$WORK/out"

# a bad file: every error reported with file, line and field; nothing written
cat >"$WORK/bad.jsonl" <<'JSON'
{"type":"source","id":"s1","title":"t","published":"2024-01-02"}
{"indicator":"co2_emissions","region":"Beijing","period":"2030","value":1,"source":"s1"}
{"indicator":"co2_emissions","region":"Beijing","period":"2024-13","value":1,"source":"s1"}
{"indicator":"co2_emissions","region":"Guangdon","period":"2024","value":1,"source":"s1"}
{"indicator":"no_such_thing","region":"CN","period":"2024","value":1}
{"indicator":"co2_emissions","region":"CN","period":"2024","value":"lots"}
{"indicator":"co2_emissions","region":"CN","period":"2024","value":1,"unit":"kWh"}
{"indicator":"co2_emissions","region":"CN","period":"2024","vlaue":1}
{"indicator":"co2_emissions","region":"CN","period":"2024","value":1
JSON
run 0 get co2_emissions CN --format csv
cp "$WORK/out" "$WORK/cn-before"
run 2 load "$WORK/bad.jsonl"
has err "bad.jsonl:3: period: period \"2024-13\": month must be 01-12"
has err "bad.jsonl:4: region: unknown region \"Guangdon\" — did you mean Guangdong (CN-GD, 440000)"
has err "bad.jsonl:5: indicator: unknown indicator \"no_such_thing\""
has err "bad.jsonl:6: value: value \"lots\": expected a number"
has err "bad.jsonl:7: unit: \"kWh\" contradicts co2_emissions, which is measured in t"
has err "bad.jsonl:8: vlaue: unknown field"
has err "bad.jsonl:9: invalid JSON"
has err "nothing loaded: 7 errors in 9 records"
run 0 info
same "$WORK/info-before" "$WORK/out"
run 0 get co2_emissions CN --format csv
same "$WORK/cn-before" "$WORK/out"
run 0 ls sources s1

# a dry run validates and writes nothing
run 0 load --dry-run "$EX/seeds/000_innovation_series_2025.jsonl"
has out "dry run, nothing written"

# usage errors and help
run 0 --help
has out "commands:"
run 0 compare --help
has out "usage: tsq compare"
run 1 frobnicate
run 1 get co2_emissions
run 1 compare co2_emissions CN --format xml
run 2 compare co2_emissions 朝阳区
has err "ambiguous"
run 1 get co2_emissions CN --from 2024-13
has err "--from: period \"2024-13\": month must be 01-12"
run 3 --db "$WORK/nothing-here" info
has err "no database at"
run 0 --version

finish
