#!/bin/sh
# plot.sh — tsq plot: charts of the bundled example read back with Python's
# XML parser (tests/e2e/svgsum.py): lines, markers, gaps, bars, legend, axes,
# footnotes, escaping; writing to standard output; and every error.
. tests/e2e/lib.sh
EX=$ROOT/examples

# sum SVG: what the chart shows, into $WORK/sum (an unparsable file fails)
sum() {
	checks=$((checks + 1))
	python3 "$ROOT/tests/e2e/svgsum.py" "$1" >"$WORK/sum" 2>&1 ||
		fail "$1 is not a well-formed SVG chart: $(head -c 600 "$WORK/sum")"
}

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl

# three regions named three ways, 2010-2019: a line and ten markers each
run 0 plot co2_emissions Beijing 上海 CN-GD --from 2010 -o "$WORK/co2.svg"
sum "$WORK/co2.svg"
has sum "svg: version=1.1 width=800 height=480 viewBox=0 0 800 480"
has sum "title: CO2 emissions"
has sum "subtitle: co2_emissions · 2010 to 2019"
has sum "axis-title: million t"
has sum "y-ticks: 0 200 400 600"
has sum "x-labels: 2010 2011 2012 2013 2014 2015 2016 2017 2018 2019"
has sum "series: Beijing polylines=1 points=10 markers=10 hollow=0"
has sum "series: 上海 polylines=1 points=10 markers=10 hollow=0"
has sum "series: 广东省 polylines=1 points=10 markers=10 hollow=0"
has sum "legend: Beijing | 上海 | 广东省"
has sum "footnote: Source: ceads-guan-2021 — CEADs CO2 emission inventories"
has sum "scale: consistent"
grep -q 'font-family="'"'"'Noto Sans CJK SC'"'"', '"'"'Source Han Sans SC'"'"', '"'"'WenQuanYi Micro Hei'"'"', sans-serif"' "$WORK/co2.svg" ||
	fail "the chart does not ask for CJK fonts"
checks=$((checks + 1))
grep -q '<title>Beijing 2019: 89,184,483 t</title>' "$WORK/co2.svg" ||
	fail "no tooltip with Beijing's 2019 value"
checks=$((checks + 1))
ls -A "$WORK" | grep -q '^\.co2\.svg\.' && fail "a temporary file was left beside co2.svg"

# growth rates: percent, never scaled, with the zero line
run 0 plot co2_emissions Beijing 上海 CN-GD --from 2010 --transform yoy -o "$WORK/yoy.svg"
sum "$WORK/yoy.svg"
has sum "title: CO2 emissions — change on a year earlier"
has sum "subtitle: co2_emissions, yoy · 2010 to 2019"
has sum "axis-title: percent"
has sum "y-ticks: -10 -5 0 5 10 15"
has sum "series: Beijing polylines=1 points=10 markers=10 hollow=0"
has sum "scale: consistent"

# one period as bars: the last one, or --to
run 0 plot co2_emissions Beijing 上海 CN-GD --from 2010 --bar -o "$WORK/bar.svg"
sum "$WORK/bar.svg"
has sum "title: CO2 emissions, 2019"
has sum "bar: Beijing 89,184,483 t filled"
has sum "bar: 上海 192,912,182 t filled"
has sum "bar: 广东省 569,119,531 t filled"
has sum "x-labels: Beijing 上海 广东省"
has sum "scale: consistent"
lacks sum "legend:"
run 0 plot co2_emissions Beijing CN-GD --bar --to 2015 -o "$WORK/bar2015.svg"
sum "$WORK/bar2015.svg"
has sum "title: CO2 emissions, 2015"
has sum "bar: Beijing 92,763,001 t filled"

# a year missing, qualified values, and text that must be escaped
cat >"$WORK/widgets.jsonl" <<'JSON'
{"type":"indicator","id":"test.widgets","name":"Widgets <made> & \"sold\"","name_zh":"小部件","unit":"count","kind":"stock"}
{"type":"source","id":"t-src-1","title":"Widget survey <2024> & more","publisher":"Test & Co","published":"2024-03-01"}
{"type":"source","id":"t-src-2","title":"Second widget survey","publisher":"Test","published":"2024-04-01"}
{"indicator":"test.widgets","region":"Beijing","period":"2015","value":1200,"source":"t-src-1"}
{"indicator":"test.widgets","region":"Beijing","period":"2016","value":1500,"source":"t-src-1"}
{"indicator":"test.widgets","region":"Beijing","period":"2018","value":1800,"source":"t-src-1"}
{"indicator":"test.widgets","region":"Beijing","period":"2019","value":2100,"qualifier":">","source":"t-src-2"}
{"indicator":"test.widgets","region":"上海","period":"2015","value":800,"source":"t-src-2"}
{"indicator":"test.widgets","region":"上海","period":"2016","value":900,"source":"t-src-2"}
{"indicator":"test.widgets","region":"上海","period":"2017","value":950,"qualifier":"~","source":"t-src-2"}
{"indicator":"test.widgets","region":"上海","period":"2018","value":1000,"source":"t-src-2"}
{"indicator":"test.widgets","region":"上海","period":"2019","value":1100,"source":"t-src-2"}
JSON
run 0 load "$WORK/widgets.jsonl"
run 0 plot test.widgets Beijing 上海 -o "$WORK/gap.svg"
sum "$WORK/gap.svg"
has sum 'title: Widgets <made> & "sold"'
has sum "series: Beijing polylines=2 points=4 markers=4 hollow=1"
has sum "series: 上海 polylines=1 points=5 markers=5 hollow=1"
has sum "axis-title: count"
has sum "y-ticks: 0 500 1,000 1,500 2,000 2,500"
has sum "footnote: Source: t-src-1 — Widget survey <2024> & more, Test & Co, 2024-03-01"
has sum "footnote: Source: t-src-2 — Second widget survey, Test, 2024-04-01"
has sum "footnote: Hollow markers: qualified values (~ about, > more than)."
has sum "scale: consistent"
checks=$((checks + 1))
grep -q 'Widgets &lt;made&gt; &amp; &quot;sold&quot;' "$WORK/gap.svg" || fail "the title is not escaped"
# a region with no value at the period of the bars: said, not drawn as zero
run 0 plot test.widgets Beijing 上海 --bar --to 2017 -o "$WORK/gapbar.svg"
sum "$WORK/gapbar.svg"
has sum "bar: no value"
has sum "bar: 上海 ~950 count hollow"
has sum "footnote: Hollow bars: qualified values (~ about)."
# an expression over two sources lists both
run 0 plot "co2_emissions / test.widgets" Beijing -o "$WORK/expr.svg" --title "CO2 per widget"
sum "$WORK/expr.svg"
has sum "title: CO2 per widget"
has sum "subtitle: co2_emissions / test.widgets · 2015 to 2019"
has sum "axis-title: thousand t/count"
has sum "footnote: Source: ceads-guan-2021"
has sum "footnote: Source: t-src-1"
has sum "series: Beijing polylines=2 points=4 markers=4 hollow=1"

# standard output, and the size asked for
run 0 plot co2_emissions CN --from 2015 --width 640 --height 360 -o -
cp "$WORK/out" "$WORK/stdout.svg"
sum "$WORK/stdout.svg"
has sum "svg: version=1.1 width=640 height=360 viewBox=0 0 640 360"
has sum "series: 中国 polylines=1 points=5 markers=5 hollow=0"

# errors: nothing written, an existing file left as it was
run 1 plot co2_emissions CN
has err "needs -o FILE"
run 1 plot co2_emissions -o "$WORK/x.svg"
has err "needs an indicator (or expression) and at least one region"
run 1 plot co2_emissions CN -o "$WORK/x.svg" --width 10
has err '--width takes a whole number from 240 to 10000, not "10"'
run 1 plot co2_emissions CN -o "$WORK/x.svg" --frobnicate
has err "unknown option --frobnicate"
cp "$WORK/co2.svg" "$WORK/before.svg"
run 2 plot co2_emissions Beijing Atlantis -o "$WORK/co2.svg"
has err 'region 2: unknown region "Atlantis"'
same "$WORK/before.svg" "$WORK/co2.svg"
run 2 plot "co2_emissions +* 2" CN -o "$WORK/x.svg"
has err "expression: column 16: expected an indicator, a number or '(', at \"* 2\""
run 2 plot no_such_thing CN -o "$WORK/x.svg"
has err 'unknown indicator "no_such_thing"'
run 2 plot co2_emissions CN --transform bogus -o "$WORK/x.svg"
has err '--transform: unknown transform "bogus"'
run 2 plot co2_emissions CN --from 2030 -o "$WORK/x.svg"
has err "nothing to plot"
run 3 plot co2_emissions CN -o "$WORK/no/such/dir/x.svg"
has err "cannot write $WORK/no/such/dir/x.svg: No such file or directory"
mkdir "$WORK/d.svg"
run 3 plot co2_emissions CN -o "$WORK/d.svg"
has err "Is a directory"
run 1 plot co2_emissions CN -o "$WORK/"
has err "a chart is FILE.svg or FILE.png"

# ---- PNG: the name says the format; anything else is refused ----
run 0 plot co2_emissions CN 上海 -o "$WORK/c.png" --width 640 --height 400
checks=$((checks + 1))
python3 - "$WORK/c.png" <<'PY' || fail "c.png is not a 1280x800 PNG"
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89PNG\r\n\x1a\n", d[:8]
assert struct.unpack(">II", d[16:24]) == (1280, 800), struct.unpack(">II", d[16:24])
assert len(d) > 10000, len(d)
PY
run 0 plot co2_emissions CN -o "$WORK/c.PNG"
checks=$((checks + 1))
python3 -c 'import sys; assert open(sys.argv[1], "rb").read(4) == b"\x89PNG"' "$WORK/c.PNG" || fail "c.PNG is not a PNG"
run 0 plot co2_emissions CN -o "$WORK/c.svg"
has_svg=$(head -c 5 "$WORK/c.svg")
checks=$((checks + 1))
[ "$has_svg" = "<?xml" ] || fail ".svg is not SVG: $has_svg"
run 1 plot co2_emissions CN -o "$WORK/c.pdf"
has err "-o $WORK/c.pdf: a chart is FILE.svg or FILE.png"
checks=$((checks + 1))
[ ! -e "$WORK/c.pdf" ] || fail "a refused name was written"
# a failed PNG leaves the previous file: the helper missing
cp "$WORK/c.png" "$WORK/keep.png"
TSQ_PNG=/nonexistent/tsq-png run 3 plot co2_emissions CN -o "$WORK/c.png"
has err "a PNG needs /nonexistent/tsq-png"
same "$WORK/keep.png" "$WORK/c.png"
checks=$((checks + 1))
[ -z "$(ls -a "$WORK" | grep '^\.c\.png\.')" ] || fail "a temporary file was left: $(ls -a "$WORK")"

# ---- the x axis is time: a year sits at its middle among quarters ----
cat >"$WORK/mixed.jsonl" <<'JSON'
{"type":"indicator","id":"out","name":"Output","unit":"CNY","kind":"flow"}
{"indicator":"out","region":"北京","period":"2020","value":100}
{"indicator":"out","region":"北京","period":"2021","value":120}
{"indicator":"out","region":"上海","period":"2021-Q1","value":20}
{"indicator":"out","region":"上海","period":"2021-Q2","value":25}
{"indicator":"out","region":"上海","period":"2021-Q3","value":30}
{"indicator":"out","region":"上海","period":"2021-Q4","value":35}
JSON
run 0 --db "$WORK/mixed" init
run 0 --db "$WORK/mixed" load "$WORK/mixed.jsonl"
run 0 plot out 北京 上海 -o - --db "$WORK/mixed"
checks=$((checks + 1))
python3 - "$WORK/out" <<'PY' || fail "mixed frequencies are not spaced by time"
import re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
xs = []
for g in re.findall(r'<g class="series"[^>]*>(.*?)</g>', svg, re.S):
    xs.append([float(x) for x in re.findall(r'<circle cx="([0-9.]+)" cy="[0-9.]+" r="3.5"', g)])
(y2020, y2021), (q1, q2, q3, q4) = xs
assert q2 < y2021 < q3, (q2, y2021, q3)           # mid-2021 between Q2 and Q3
assert abs((y2021 - y2020) - 4 * (q2 - q1)) < 8, (y2021 - y2020, q2 - q1)  # a year is four quarters
PY

# ---- Chinese: title, axis in 亿/万 with the unit, notes ----
run 0 plot co2_emissions CN 上海 -o - --lang zh
has out "二氧化碳"
run 0 plot co2_emissions CN 上海 -o - --lang zh --transform yoy
has out "同比变化"
run 0 plot co2_emissions CN -o - --lang en
lacks out "同比"
checks=$((checks + 1))
[ ! -e "$WORK/x.svg" ] || fail "a failed plot left x.svg"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# root writes anywhere: try as another user
	mkdir "$WORK/locked" && chmod 755 "$WORK/locked" && chmod 755 "$WORK"
	checks=$((checks + 1))
	setpriv --reuid=65534 --regid=65534 --clear-groups "$TSQ" plot co2_emissions CN \
		-o "$WORK/locked/x.svg" >"$WORK/out" 2>"$WORK/err"
	[ $? = 3 ] || fail "an unwritable directory did not give status 3"
	has err "cannot write $WORK/locked/x.svg: Permission denied"
elif [ "$(id -u)" != 0 ]; then
	mkdir "$WORK/locked" && chmod 555 "$WORK/locked"
	run 3 plot co2_emissions CN -o "$WORK/locked/x.svg"
	has err "cannot write $WORK/locked/x.svg: Permission denied"
	chmod 755 "$WORK/locked"
fi
run 0 plot --help
has out "usage: tsq plot EXPR [REGION...] -o FILE"

finish
