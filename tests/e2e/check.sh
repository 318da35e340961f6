#!/bin/sh
# check.sh — tsq check: a healthy database passes (exit 0), a damaged one is
# reported problem by problem (exit 3); files take the user's umask and
# nothing is written outside the database directory.
. tests/e2e/lib.sh
EX=$ROOT/examples

run 0 init
run 0 load "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl" "$EX"/seeds/*.jsonl
run 0 check
has out ": ok: "
has out "observations"
run 1 check extra
has err "usage"
run 0 --quiet check
lacks out "ok"

# damage: a version whose observation does not exist, written with mdb_load
# (lmdb-utils) as a program that bypasses tsdb could
printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n %s\n %s\nDATA=END\n' \
	000000010000000101312d0501312d0501312d0500000000 000000000000000000000000 |
	mdb_load -s versions "$TSDB_PATH" || fail "mdb_load failed"
run 3 check
has out "problem: versions: "
has out "has no observation in obs"
has out "CORRUPT"
has err "1 problem found"
run 3 check --max 0
lacks out "has no observation"
has out "more not shown"

# umask: files are created with the user's, and nothing lands elsewhere
for mask in 022 077; do
	dir=$WORK/umask$mask
	mkdir -p "$dir/cwd" "$dir/home" "$dir/tmp"
	(cd "$dir/cwd" && umask $mask && HOME=$dir/home TMPDIR=$dir/tmp TSDB_PATH=$dir/db \
		"$TSQ" load "$EX/indicators.jsonl" "$EX/ceads/co2_provinces.jsonl" >/dev/null &&
		HOME=$dir/home TMPDIR=$dir/tmp TSDB_PATH=$dir/db "$TSQ" check >/dev/null) ||
		fail "load and check with umask $mask failed"
	want_file=$(printf '%o' $((0666 & ~0$mask)))
	want_dir=$(printf '%o' $((0777 & ~0$mask)))
	checks=$((checks + 1))
	[ "$(stat -c %a "$dir/db")" = "$want_dir" ] || fail "umask $mask: db directory is $(stat -c %a "$dir/db")"
	for f in data.mdb lock.mdb write.lock; do
		checks=$((checks + 1))
		[ "$(stat -c %a "$dir/db/$f")" = "$want_file" ] ||
			fail "umask $mask: $f is $(stat -c %a "$dir/db/$f"), not $want_file"
	done
	checks=$((checks + 1))
	extra=$(cd "$dir" && find cwd home tmp db -mindepth 1 | grep -v '^db/\(data\.mdb\|lock\.mdb\|write\.lock\)$')
	[ -z "$extra" ] || fail "umask $mask: files written outside the database: $extra"
done
finish
