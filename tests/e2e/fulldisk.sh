#!/bin/sh
# fulldisk.sh — a load into a file system that runs out of space fails with
# a clear message and exit status 3; the database is unchanged, passes tsq
# check and takes a smaller load afterwards.
. tests/e2e/lib.sh
EX=$ROOT/examples
PROBE=${BUILD:-build}/stress/probe
case $PROBE in /*) ;; *) PROBE=$ROOT/$PROBE ;; esac

if [ "$(id -u)" != 0 ]; then
	if [ -n "${CI:-}" ]; then fail "a size-limited tmpfs needs root, and CI must run it"; else
		echo "SKIP (not root): a full disk needs a size-limited tmpfs" >&2; fi
	finish
	exit
fi
mnt=$WORK/small
mkdir -p "$mnt"
mount -t tmpfs -o size=6m tmpfs "$mnt" || { fail "cannot mount a tmpfs"; finish; exit; }
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
export TSDB_PATH=$mnt/db

run 0 init
"$PROBE" catalog >"$WORK/catalog.jsonl"
run 0 load "$WORK/catalog.jsonl" "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl"
# a note on every fact: series blocks code the values themselves in a few
# bytes (the notes stay under the 8 MB a batch holds, so the load is one batch)
"$PROBE" gen "$TSDB_PATH" bulk 1 100000 |
	sed 's/}$/,"note":"a note that takes room in the map, as notes are kept as written"}/' >"$WORK/big.jsonl"
"$PROBE" gen "$TSDB_PATH" bulk 2 1000 >"$WORK/small.jsonl"
"$PROBE" dump "$TSDB_PATH" >"$WORK/before"

run 3 load "$WORK/big.jsonl"
has err "no space left on the disk holding $TSDB_PATH"
has err "nothing was written"
checks=$((checks + 1))
[ "$(df --output=avail "$mnt" | tail -1 | tr -d ' ')" -lt 64 ] || fail "the disk did not fill up"
"$PROBE" dump "$TSDB_PATH" >"$WORK/after"
same "$WORK/before" "$WORK/after"
run 0 check
run 0 get co2_emissions Beijing --from 2019 --format csv
has out "2019,89184483,"
run 0 load "$WORK/small.jsonl"
has out "1000 new"
run 0 check

# a load of several batches is sorted in a file beside the database: when
# that file fills the disk, the same error, and nothing was written
"$PROBE" gen "$TSDB_PATH" bulk 2 400000 |
	sed 's/}$/,"note":"a note that takes room in the map, as notes are kept as written"}/' >"$WORK/huge.jsonl"
"$PROBE" dump "$TSDB_PATH" >"$WORK/before"
run 3 load "$WORK/huge.jsonl"
has err "no space left on the disk holding $TSDB_PATH"
has err "nothing was written"
"$PROBE" dump "$TSDB_PATH" >"$WORK/after"
same "$WORK/before" "$WORK/after"
run 0 check
finish
