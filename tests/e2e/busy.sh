#!/bin/sh
# busy.sh — one writer at a time: while a large load runs, a second writer
# fails after its --busy-timeout with "database busy" and exit status 3, or
# waits for the first when given time; readers are never blocked; nothing
# is corrupted.
. tests/e2e/lib.sh
EX=$ROOT/examples
PROBE=${BUILD:-build}/stress/probe
case $PROBE in /*) ;; *) PROBE=$ROOT/$PROBE ;; esac

run 0 init
"$PROBE" catalog >"$WORK/catalog.jsonl"
run 0 load "$WORK/catalog.jsonl" "$EX/indicators.jsonl"
"$PROBE" gen "$TSDB_PATH" bulk 1 300000 >"$WORK/big.jsonl"
"$PROBE" gen "$TSDB_PATH" gen 7 3 >"$WORK/small.jsonl"

# waits until write.lock is held by someone, or the writer has gone
await_writer() {
	i=0
	while flock -n "$TSDB_PATH/write.lock" true && kill -0 "$1" 2>/dev/null && [ $i -lt 1000 ]; do
		sleep 0.01
		i=$((i + 1))
	done
	kill -0 "$1" 2>/dev/null || fail "the first writer finished before the test could start"
}

"$TSQ" load "$WORK/big.jsonl" >"$WORK/first.out" 2>&1 &
first=$!
await_writer $first
run 3 --busy-timeout 0 load "$WORK/small.jsonl"
has err "database busy: another process is writing to $TSDB_PATH"
run 3 --busy-timeout 100 load "$WORK/small.jsonl"
has err "database busy"
has err "(waited 100 ms)"
# a reader is not blocked by the writer, and sees the state before it
run 0 get stress.generation "$(head -1 "$WORK/small.jsonl" | sed 's/.*"region":"\([0-9]*\)".*/\1/')"
has out "no observations"
# a patient writer waits for the first and then writes
run 0 --busy-timeout 60000 load "$WORK/small.jsonl"
has out "60 new"
checks=$((checks + 1))
wait $first || fail "the first writer failed: $(cat "$WORK/first.out")"
grep -q "300000 new" "$WORK/first.out" || fail "the first writer: $(cat "$WORK/first.out")"
run 0 check
has out ": ok: 300060 observations"
finish
