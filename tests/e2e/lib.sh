# lib.sh — helpers for the end-to-end tests: a scratch directory, running
# tsq, and assertions that print what differed.
set -u
TSQ=${TSQ:-build/tsq}
case $TSQ in /*) ;; *) TSQ=$PWD/$TSQ ;; esac
ROOT=$PWD
WORK=$(mktemp -d /tmp/tsdb-e2e-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export TSDB_PATH=$WORK/db
fails=0 checks=0

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# run EXPECTED_STATUS CMD...: runs tsq, keeping stdout in $WORK/out and
# stderr in $WORK/err, and checks the exit status.
run() {
	want=$1; shift
	checks=$((checks + 1))
	"$TSQ" "$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	[ "$got" = "$want" ] || fail "tsq $* exited $got, not $want; stderr: $(head -c 600 "$WORK/err")"
}

# has FILE TEXT...: FILE (out or err) contains each TEXT, one check each.
# (The file waits in _in: these run inside the tests' own loops, whose
# variables a plain name could overwrite.)
has() {
	_in=$1
	while [ $# -gt 1 ]; do
		shift
		checks=$((checks + 1))
		grep -qF -- "$1" "$WORK/$_in" || fail "$_in lacks \"$1\"; it is: $(head -c 800 "$WORK/$_in")"
	done
}

# lacks FILE TEXT...: FILE contains none of the TEXTs, one check each.
lacks() {
	_in=$1
	while [ $# -gt 1 ]; do
		shift
		checks=$((checks + 1))
		! grep -qF -- "$1" "$WORK/$_in" || fail "$_in has \"$1\""
	done
}

# same A B: two files are identical.
same() {
	checks=$((checks + 1))
	cmp -s "$1" "$2" || fail "$1 and $2 differ: $(diff "$1" "$2" | head -5)"
}

# unwritable CMD FILE: CMD -o into a missing folder fails with status 3 and
# names the file; onto a full disk (where /dev/full exists), the error too.
unwritable() {
	run 3 "$1" -o "$WORK/no/such/dir/$2"
	has err "tsq: cannot write $WORK/no/such/dir/$2: No such file or directory"
	if [ -w /dev/full ]; then
		run 3 "$1" -o /dev/full
		has err "tsq $1: writing /dev/full: No space left on device"
	fi
}

# xc ARGS...: a workbook check (tests/e2e/xlsxcheck.py) that must pass;
# xc_fails ARGS...: one that must find a difference (the checker is not blind).
xc() {
	checks=$((checks + 1))
	python3 "$ROOT/tests/e2e/xlsxcheck.py" "$@" >"$WORK/xc" 2>&1 || fail "xlsxcheck.py $*: $(head -c 1500 "$WORK/xc")"
}
xc_fails() {
	checks=$((checks + 1))
	! python3 "$ROOT/tests/e2e/xlsxcheck.py" "$@" >"$WORK/xc" 2>&1 || fail "xlsxcheck.py $* found nothing wrong"
}

# hostile_load < OWN: loads into a new database, $WORK/hostile (TSDB_PATH),
# the hostile text the export tests share — formula-like names and units,
# line breaks, quotes, odd periods and values — with the caller's own source
# records and first gdp facts (OWN, in that order) in their places, all
# written to $WORK/hostile.jsonl for the readers to compare with.
hostile_load() {
	cat >"$WORK/hostile.own"
	{
		cat <<'JSON'
{"type":"indicator","id":"gdp","name":"=HYPERLINK(\"http://x\",\"y\")","name_zh":"地区生产总值","unit":"CNY","kind":"flow"}
{"type":"indicator","id":"growth","name":"+cmd|' /C calc'!A0","name_zh":"增速,\"同比\"","unit":"percent","kind":"rate"}
{"type":"indicator","id":"odd.unit","name":"@SUM(1+1)","name_zh":"-2+3","unit":"=1+1","kind":"stock"}
JSON
		grep -F '"type":"source"' "$WORK/hostile.own"
		cat <<'JSON'
{"type":"region","code":"X-1","name":"@SUM(1+1)","name_zh":"测试区,\"逗号\"\n第二行","parent":"CN-GD","level":"county"}
{"type":"region","code":"-X2","name":"\tTabbed\r\nName","name_zh":"\r回车","parent":"X-1"}
{"type":"region","code":"X-3","name":"-2+3","name_zh":"=1+1"}
JSON
		grep -vF '"type":"source"' "$WORK/hostile.own"
		cat <<'JSON'
{"indicator":"gdp","region":"上海","period":"2023","value":"3.6万亿","qualifier":">","status":"estimate","source":"plain"}
{"indicator":"growth","region":"-X2","period":"2024-H1","value":-2.7,"source":"-2+3"}
{"indicator":"growth","region":"广东","period":"2024-01/2024-05","value":0.30000000000000004,"status":"provisional"}
{"indicator":"growth","region":"CN","period":"2021/2025","value":-0.0,"status":"target","quote":"=1+1"}
{"indicator":"growth","region":"X-3","period":"2024-05","value":"8.7%","qualifier":"~","status":"forecast"}
{"indicator":"odd.unit","region":"X-3","period":"2024","value":1e300,"source":"@SUM(1+1)"}
{"indicator":"odd.unit","region":"X-1","period":"2019","value":-1e-5,"source":"-2+3"}
JSON
	} >"$WORK/hostile.jsonl"
	export TSDB_PATH=$WORK/hostile
	run 0 init
	run 0 load "$WORK/hostile.jsonl"
}

finish() {
	echo "$(basename "$0"): $((checks - fails)) passed, $fails failed"
	[ "$fails" = 0 ]
}
