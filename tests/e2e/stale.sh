#!/bin/sh
# stale.sh — a reader killed inside its transaction leaves a slot in LMDB's
# reader table (it would keep old pages from reuse); tsq check and any
# command that opens the database for writing clear it and say so.
. tests/e2e/lib.sh
EX=$ROOT/examples
PROBE=${BUILD:-build}/stress/probe
case $PROBE in /*) ;; *) PROBE=$ROOT/$PROBE ;; esac

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl"

# starts a reader that holds a read transaction (its pid in $pid)
start_reader() {
	rm -f "$WORK/fifo"
	mkfifo "$WORK/fifo"
	"$PROBE" hold "$TSDB_PATH" >"$WORK/fifo" &
	pid=$!
	read -r line <"$WORK/fifo"
	[ "$line" = holding ] || fail "the reader did not start: $line"
}

# The first process to open a database resets LMDB's reader table, so slots
# of dead readers matter (and persist) while another process has it open,
# as a long-running reader or server would.
start_reader
keeper=$pid
trap 'kill -9 $keeper 2>/dev/null; rm -rf "$WORK"' EXIT

# starts a reader and kills it with SIGKILL inside its transaction
kill_reader() {
	start_reader
	kill -9 $pid
	wait $pid 2>/dev/null
	checks=$((checks + 1))
	mdb_stat -r "$TSDB_PATH" | grep -qw "$pid" || fail "no reader slot of $pid: $(mdb_stat -r "$TSDB_PATH")"
}

kill_reader
run 0 check
has out "cleared 1 stale reader"
checks=$((checks + 1))
! mdb_stat -r "$TSDB_PATH" | grep -qw "$pid" || fail "the slot of $pid is still there"
run 0 check
lacks out "stale"

kill_reader
kill_reader
run 0 load "$EX"/seeds/*.jsonl
has err "cleared 2 stale readers"
checks=$((checks + 1))
! mdb_stat -r "$TSDB_PATH" | grep -qw "$pid" || fail "the slot of $pid is still there"
run 0 check
checks=$((checks + 1))
mdb_stat -r "$TSDB_PATH" | grep -qw "$keeper" || fail "the live reader $keeper lost its slot"
kill -9 $keeper
finish
