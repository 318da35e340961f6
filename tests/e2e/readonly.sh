#!/bin/sh
# readonly.sh — a database opened --read-only, on a read-only file system,
# or in a directory the user may not write can still be queried; writes are
# refused with a clear message and exit status 3, and nothing changes.
. tests/e2e/lib.sh
EX=$ROOT/examples
PROBE=${BUILD:-build}/stress/probe
case $PROBE in /*) ;; *) PROBE=$ROOT/$PROBE ;; esac

# Root is needed to mount and to become another user. Without it the test
# says so; in CI (CI set) that is a failure, not a skip.
as_root() {
	[ "$(id -u)" = 0 ] && return 0
	if [ -n "${CI:-}" ]; then fail "$1 needs root, and CI must run it"; else
		echo "SKIP (not root): $1" >&2; fi
	return 1
}

queries_work() { # $1: what the database is
	run 0 get co2_emissions Beijing --from 2019 --format csv
	has out "2019,89184483,"
	run 0 compare co2_emissions Beijing 上海 --from 2019
	run 0 check
	has out ": ok: "
	"$PROBE" dump "$TSDB_PATH" >"$WORK/dump.after" 2>"$WORK/err" || fail "$1: dump failed: $(cat "$WORK/err")"
	same "$WORK/dump.before" "$WORK/dump.after"
}

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl"
"$PROBE" dump "$TSDB_PATH" >"$WORK/dump.before"

# --read-only
run 0 --read-only get co2_emissions Beijing --from 2019 --format csv
has out "2019,89184483,"
run 3 --read-only load "$EX"/seeds/*.jsonl
has err "cannot write to $TSDB_PATH: it is opened --read-only"
run 3 --read-only init
queries_work "--read-only"

# a read-only file system
if as_root "a database on a read-only mount"; then
	mnt=$WORK/ro
	mkdir -p "$mnt"
	if mount -t tmpfs -o size=64m tmpfs "$mnt"; then
		cp -a "$TSDB_PATH" "$mnt/db"
		mount -o remount,ro "$mnt"
		saved=$TSDB_PATH
		TSDB_PATH=$mnt/db
		queries_work "read-only mount"
		run 3 load "$EX"/seeds/*.jsonl
		has err "cannot write to $mnt/db: Read-only file system (it can still be queried)"
		run 3 init
		has err "Read-only file system"
		TSDB_PATH=$saved
		umount "$mnt" || fail "umount $mnt"
	else
		fail "cannot mount a tmpfs on $mnt"
	fi
fi

# a directory another user owns: nobody may read it, not write it
if as_root "a database without write permission"; then
	chmod 755 "$WORK"
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	checks=$((checks + 1))
	as_nobody "$TSQ" get co2_emissions Beijing --from 2019 --format csv >"$WORK/out" 2>"$WORK/err" ||
		fail "nobody cannot query: $(cat "$WORK/err")"
	has out "2019,89184483,"
	checks=$((checks + 1))
	as_nobody "$TSQ" check >"$WORK/out" 2>"$WORK/err" || fail "nobody cannot check: $(cat "$WORK/err")"
	has out ": ok: "
	checks=$((checks + 1))
	as_nobody "$TSQ" load "$EX"/seeds/*.jsonl >"$WORK/out" 2>"$WORK/err"
	[ $? = 3 ] || fail "nobody's load did not exit 3"
	has err "cannot write to $TSDB_PATH: Permission denied (it can still be queried)"
	# while nobody reads, a writer waits for it, then writes
	as_nobody "$TSQ" get co2_emissions Beijing >/dev/null &
	run 0 --busy-timeout 20000 load "$EX"/seeds/*.jsonl
	wait
	run 0 check
fi
finish
