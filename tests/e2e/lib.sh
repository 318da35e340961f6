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

# has FILE TEXT: FILE (out or err) contains TEXT.
has() {
	checks=$((checks + 1))
	grep -qF -- "$2" "$WORK/$1" || fail "$1 lacks \"$2\"; it is: $(head -c 800 "$WORK/$1")"
}

lacks() {
	checks=$((checks + 1))
	! grep -qF -- "$2" "$WORK/$1" || fail "$1 has \"$2\""
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

finish() {
	echo "$(basename "$0"): $((checks - fails)) passed, $fails failed"
	[ "$fails" = 0 ]
}
