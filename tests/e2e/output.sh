#!/bin/sh
# output.sh — the one output layer in every command that prints
# observations: the formula guard in every CSV, -o replacing a file whole or
# not at all, --scale and --lang zh, shared decimals, whole counts and ranks.
. "$(dirname "$0")/lib.sh"

run 0 init
# text that a spreadsheet would run, in every field a command prints
cat >"$WORK/f.jsonl" <<'JSON'
{"type":"indicator","id":"gdp","name":"=HYPERLINK(\"http://x\",\"y\")","name_zh":"地区生产总值","unit":"CNY","kind":"flow"}
{"type":"indicator","id":"growth","name":"growth","unit":"percent","kind":"rate"}
{"type":"source","id":"@evil","title":"=1+1","publisher":"+cmd","published":"2024-01-02","priority":20}
{"type":"source","id":"calm","title":"-2+3","published":"2024-01-02","priority":5}
{"type":"region","code":"X-1","name":"=SUM(A1)","name_zh":"=1+1","parent":"CN","level":"province"}
{"indicator":"gdp","region":"X-1","period":"2023","value":"1264.7","source":"@evil","quote":"=HYPERLINK(\"u\")","note":"@note"}
{"indicator":"gdp","region":"X-1","period":"2023","value":"1300","source":"calm"}
{"indicator":"gdp","region":"X-1","period":"2022","value":157,"source":"@evil"}
{"indicator":"gdp","region":"北京","period":"2022","value":480260000000,"source":"calm"}
{"indicator":"gdp","region":"北京","period":"2023","value":500000000000,"source":"calm"}
{"indicator":"growth","region":"北京","period":"2023","value":5.2,"source":"calm"}
JSON
run 0 load "$WORK/f.jsonl"

# ---- the formula guard, in every command's CSV and TSV ----
guarded() { # guarded FILE: no cell begins with = + - @ outside quotes with '
	checks=$((checks + 1))
	python3 - "$WORK/$1" "$2" <<'PY' || fail "$2: a formula reached the CSV: $(head -c 600 "$WORK/$1")"
import csv, sys
sep = "\t" if sys.argv[2].endswith("tsv") else ","
for row in csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=sep):
    for cell in row:
        if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not cell[1:2].isdigit()):
            sys.exit(1)
PY
}
for f in csv tsv; do
	run 0 get gdp X-1 --format $f; guarded out "get $f"
	has out "'@evil"
	run 0 history gdp X-1 2023 --format $f; guarded out "history $f"
	has out "'=HYPERLINK"
	run 0 conflicts --format $f; guarded out "conflicts $f"
	run 0 rank gdp --period 2023 --format $f; guarded out "rank $f"
	has out "'=1+1"
	run 0 compare gdp X-1 北京 --format $f; guarded out "compare $f"
	run 0 ls sources --format $f; guarded out "ls sources $f"
	has out "'+cmd"
	run 0 ls regions X-1 --format $f; guarded out "ls regions $f"
	run 0 ls indicators --format $f; guarded out "ls indicators $f"
done
run 0 export; guarded out "export csv"
run 0 export --format tsv; guarded out "export tsv"
# JSON is JSON: the text as it is, escaped once
run 0 history gdp X-1 2023 --format json
has out '"quote":"=HYPERLINK(\"u\")"'

# ---- -o: the file replaced whole, or the previous one kept ----
for cmd in "get gdp 北京" "history gdp X-1 2023" "rank gdp --period 2023" "compare gdp 北京 X-1" \
	"conflicts" "ls regions X-1" "export --indicator gdp" "dump"; do
	echo "previous" >"$WORK/o.csv"
	# a bad database fails after the options are read: nothing replaces the file
	run 3 --db "$WORK/none" $cmd -o "$WORK/o.csv"
	checks=$((checks + 1))
	[ "$(cat "$WORK/o.csv")" = previous ] || fail "$cmd -o: a failure replaced the previous file"
	run 0 $cmd -o "$WORK/o.csv"
	checks=$((checks + 1))
	[ "$(cat "$WORK/o.csv")" != previous ] || fail "$cmd -o did not write the file"
	checks=$((checks + 1))
	[ -z "$(ls -a "$WORK" | grep '^\.o\.csv\.')" ] || fail "$cmd -o left a temporary file"
done
# a failure while writing: the previous dump stays (the disk is full)
if [ -w /dev/full ]; then
	run 3 dump -o /dev/full
	has err "No space left on device"
fi
echo "previous" >"$WORK/keep.csv"
chmod 500 "$WORK"
if [ "$(id -u)" != 0 ]; then
	run 3 get gdp 北京 --format csv -o "$WORK/keep.csv"
	checks=$((checks + 1))
	[ "$(cat "$WORK/keep.csv")" = previous ] || fail "an unwritable directory lost the previous file"
fi
chmod 700 "$WORK"
run 0 get gdp 北京 --format csv --bom -o "$WORK/bom.csv"
checks=$((checks + 1))
[ "$(head -c 3 "$WORK/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "--bom wrote no byte-order mark"
run 1 get gdp 北京 --format json --bom
has err "--bom is for csv and tsv"

# ---- --scale, in every command that prints amounts ----
run 0 get gdp 北京 --scale 亿元
has out "4,802.6"
has out "gdp (亿 CNY)"
run 0 get gdp 北京 --scale 亿元 --lang zh
has out "gdp (亿元)"
run 0 get gdp 北京 --scale 亿 --format csv
has out "2022,4802.6,"
run 0 history gdp 北京 2022 --scale billion
has out "480.26"
run 0 rank gdp --period 2023 --scale 万
has out "50,000,000"
run 0 compare gdp 北京 --scale 亿元 --format json
has out '"values":[4802.6]'
run 0 conflicts --scale thousand --format csv
has out ",1.2647,"
run 0 export --indicator gdp --region 北京 --scale 亿元
has out ",4802.6,亿 CNY,"
for cmd in "get growth 北京" "history growth 北京 2023" "rank growth --period 2023" "compare growth 北京"; do
	run 1 $cmd --scale 亿
	has err "--scale applies to amounts"
done
run 1 get gdp 北京 --scale lots
has err "--scale lots: expected"

# ---- --lang zh: headers, units, statuses, levels ----
run 0 get gdp 北京 --lang zh
has out "时期"
has out "实际"
has out "gdp (元)"
run 0 history gdp 北京 2022 --lang zh
has out "发布日期"
run 0 rank gdp --period 2023 --lang zh
has out "排名"
run 0 compare gdp 北京 --lang zh
has out "gdp — =HYPERLINK"
has out "(元)"
run 0 conflicts --lang zh
has out "显示"
run 0 ls regions X-1 --lang zh
has out "省"
has out "级别"
run 0 ls indicators --lang zh
has out "%"
run 0 export --indicator gdp --region 北京 --lang zh
has out ",元,"
run 0 get gdp 北京 --lang zh --format csv
has out "时期,数值,限定,状态,发布日期,来源"

# ---- numbers in a column share their decimals; counts and ranks whole ----
run 0 get gdp X-1
has out "2022      157.0"
has out "2023    1,264.7"
run 0 rank gdp --period 2023 --format json
has out '"rank":1,'
lacks out '"rank":1.0'
run 0 compare gdp X-1 --transform yoy
has out "705.54"
# a rank transform is computed, and whole: no "1.00"
run 0 compare gdp X-1 北京 --transform rank
has out "2023      2     1"
lacks out ".00"

finish
