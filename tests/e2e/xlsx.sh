#!/bin/sh
# xlsx.sh — tsq's workbooks (--format xlsx) read back by readers that are not
# tsdb's: Python's zipfile and XML readers and LibreOffice, every cell and its
# type compared (tests/e2e/xlsxcheck.py), for the bundled example and for
# hostile text: formula-like names, titles and quotes, line breaks, cells of
# 32,767 characters and longer. Also: -o is required, nothing is left behind
# on failure, the file replaces an old one whole.
. tests/e2e/lib.sh
EX=$ROOT/examples
export TSQ
checks=$((checks + 1))
command -v "${SOFFICE:-soffice}" >/dev/null 2>&1 ||
	fail "LibreOffice is missing: tools/deps.sh test installs libreoffice-calc-nogui"

INPUTS="$EX/indicators.jsonl $EX/ceads/*.jsonl $EX/seeds/*.jsonl"
run 0 init
run 0 load $INPUTS

# ---- the bundled example ----
run 0 export --format jsonl -o "$WORK/demo.jsonl"
run 0 export --format xlsx -o "$WORK/demo.xlsx"
[ -s "$WORK/out" ] && fail "export --format xlsx printed: $(head -c 300 "$WORK/out")"
xc export "$WORK/demo.xlsx" "$WORK/demo.jsonl" --inputs $INPUTS --tsq "$TSQ" --lo
run 0 export --format jsonl --lang zh -o "$WORK/demo-zh.jsonl"
run 0 export --format xlsx --lang zh -o "$WORK/demo-zh.xlsx"
xc export "$WORK/demo-zh.xlsx" "$WORK/demo-zh.jsonl" --inputs $INPUTS --tsq "$TSQ"
# a reference one value off, one name off: the checker sees it
sed '5s/"value":\([0-9]\)/"value":9\1/' "$WORK/demo.jsonl" >"$WORK/off.jsonl"
xc_fails export "$WORK/demo.xlsx" "$WORK/off.jsonl" --inputs $INPUTS --tsq "$TSQ"
xc_fails export "$WORK/demo-zh.xlsx" "$WORK/demo.jsonl" --inputs $INPUTS --tsq "$TSQ"
# a selection and a range
run 0 export --format jsonl --indicator rd_expenditure co2_emissions --region CN 上海 --from 2015 -o "$WORK/sel.jsonl"
run 0 export --format xlsx --indicator rd_expenditure co2_emissions --region CN 上海 --from 2015 -o "$WORK/sel.xlsx"
xc export "$WORK/sel.xlsx" "$WORK/sel.jsonl" --inputs $INPUTS --tsq "$TSQ"
# beyond a sheet's rows the data goes on in further sheets, each with the
# header, and the notes link across them (the limit lowered from 1,048,576)
export TSQ_XLSX_SHEET_ROWS=300
run 0 export --format xlsx -o "$WORK/split.xlsx"
has err "758 rows are more than one sheet holds: the data goes on in 2 further sheets, to \"Data (3)\""
xc export "$WORK/split.xlsx" "$WORK/demo.jsonl" --inputs $INPUTS --tsq "$TSQ" --lo
xc_fails export "$WORK/split.xlsx" "$WORK/off.jsonl" --inputs $INPUTS --tsq "$TSQ"
run 0 --quiet export --format xlsx -o "$WORK/split.xlsx"
lacks err "sheet"
unset TSQ_XLSX_SHEET_ROWS

# --scale: the value kept, its format showing it divided (as the CSV writes it)
run 0 export --indicator co2_emissions --region CN Beijing --scale 亿 -o "$WORK/scaled.csv"
run 0 export --indicator co2_emissions --region CN Beijing --scale 亿 --format xlsx -o "$WORK/scaled.xlsx"
xc like "$WORK/scaled.xlsx" "$WORK/scaled.csv" --text-cols 5 --dates 11 --factor 1e8 --scaled 6 --shown
xc_fails like "$WORK/scaled.xlsx" "$WORK/scaled.csv" --text-cols 5 --dates 11 --scaled 6

# the wide layouts: what the CSV of the same layout holds, typed
run 0 export --layout wide -o "$WORK/wide.csv"
run 0 export --layout wide --format xlsx -o "$WORK/wide.xlsx"
xc like "$WORK/wide.xlsx" "$WORK/wide.csv" --text-cols 5
run 0 export --pivot region --lang zh -o "$WORK/pivot.csv"
run 0 export --pivot region --lang zh --format xlsx -o "$WORK/pivot.xlsx"
xc like "$WORK/pivot.xlsx" "$WORK/pivot.csv" --text-cols 4

# ---- hostile text ----
LONG=$(python3 -c 'print("长" * 32767)')
LONGER=$(python3 -c 'print("=x" + "q" * 40000)')
hostile_load <<JSON
{"type":"source","id":"@SUM(1+1)","title":"=HYPERLINK(\"http://x\",\"y\")","publisher":"+cmd|' /C calc'!A0","url":"javascript:alert(1)","published":"2024-01-02","priority":20,"note":"tab\there\nnewline"}
{"type":"source","id":"-2+3","title":"@SUM(1+1)\r\nsecond line","url":"https://example.org/a?b=1&c=<2>","published":"2024-03-01","priority":5}
{"type":"source","id":"plain","title":"-2+3","published":"2024-01-02"}
{"type":"source","id":"long","title":"$LONG","url":"http://example.org/$(python3 -c 'print("p" * 3000)')"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.4,"source":"plain","quote":"=1+1","note":"first line\nsecond line"}
{"indicator":"gdp","region":"X-1","period":"2024","value":-2.5,"source":"@SUM(1+1)","quote":"@SUM(A1:A9)\r\n=2+2","note":"_x0041_ stays as typed"}
{"indicator":"gdp","region":"北京","period":"2024-Q2","value":"1.066 billion","source":"-2+3","quote":"$LONG"}
{"indicator":"gdp","region":"北京","period":"2024-06-30","value":123456789012345680,"source":"plain","quote":"$LONGER"}
{"indicator":"gdp","region":"北京","period":"2024-01-15/2024-02-10","value":-0.00000015,"source":"long"}
JSON
for lang in en zh; do
	run 0 export --format jsonl --lang $lang -o "$WORK/h-$lang.jsonl"
	run 0 export --format xlsx --lang $lang -o "$WORK/h-$lang.xlsx"
	has err "1 text cell longer than a cell holds (32767 characters) was cut"
	xc export "$WORK/h-$lang.xlsx" "$WORK/h-$lang.jsonl" --inputs "$WORK/hostile.jsonl" --tsq "$TSQ" --lo
	run 0 export --layout wide --lang $lang -o "$WORK/hw-$lang.csv"
	run 0 export --layout wide --lang $lang --format xlsx -o "$WORK/hw-$lang.xlsx"
	xc like "$WORK/hw-$lang.xlsx" "$WORK/hw-$lang.csv" --text-cols 5
done
run 0 --quiet export --format xlsx -o "$WORK/quiet.xlsx"
lacks err "cut"

# ---- usage, and files: written whole or not at all ----
run 1 export --format xlsx
has err "--format xlsx writes a workbook: name it with -o FILE"
run 1 export --format xlsx -o -
has err "name it with -o FILE"
run 1 export --format xlsx --bom -o "$WORK/x.xlsx"
has err "--bom and --sep are for csv"
run 1 export --format xlsx --sep ';' -o "$WORK/x.xlsx"
run 3 export --format xlsx -o /dev/null
has err "cannot write /dev/null: a workbook goes to a regular file"
run 3 export --format xlsx -o "$WORK/no/such/dir/x.xlsx"
has err "cannot write $WORK/no/such/dir/x.xlsx"
# an unknown indicator: nothing written, the old file kept, no temporary left
echo old >"$WORK/keep.xlsx"
run 2 export --format xlsx --indicator nosuch -o "$WORK/keep.xlsx"
[ "$(cat "$WORK/keep.xlsx")" = old ] || fail "a failed export touched keep.xlsx"
ls -a "$WORK" | grep -q '^\.keep' && fail "a temporary file was left: $(ls -a "$WORK" | grep '^\.keep')"
# a good one replaces it whole, with the permissions of a new file
run 0 export --format xlsx -o "$WORK/keep.xlsx"
python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()" "$WORK/keep.xlsx" || fail "keep.xlsx is not a workbook"
[ "$(stat -c %a "$WORK/keep.xlsx")" = "$(umask -S >/dev/null; touch "$WORK/new"; stat -c %a "$WORK/new")" ] ||
	fail "keep.xlsx has mode $(stat -c %a "$WORK/keep.xlsx")"
finish
