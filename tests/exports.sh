#!/bin/sh
# exports.sh — checks that libtsdb.so exports exactly the functions include/tsdb.h
# declares with TSDB_API: nothing internal leaks, nothing declared is missing.
# usage: tests/exports.sh BUILD
set -eu
build=${1:-build}
lib=$build/libtsdb.so
[ -f "$lib" ] || { echo "exports: $lib not built" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every declaration in the header starts at the left margin with TSDB_API;
# the name is the identifier just before the first parenthesis.
sed -n 's/^TSDB_API [^(]*[ *]\([a-z_][a-z_0-9]*\)(.*/\1/p' include/tsdb.h | sort -u >"$tmp/declared"
# A function declared without the mark would stay hidden: catch that too.
grep -E '^[a-z][a-z_0-9 ]*[ *]+tsdb_[a-z_0-9]+\(' include/tsdb.h | grep -v '^typedef' >"$tmp/unmarked" || true

# (a coverage build links libgcov into the library, whose symbols are its own)
nm -D --defined-only "$lib" | awk '{ print $NF }' | grep -Ev '^(__gcov_|mangle_path$)' |
	sort -u >"$tmp/exported"

status=0
if [ -s "$tmp/unmarked" ]; then
	echo "exports: declared in include/tsdb.h without TSDB_API:" >&2
	sed 's/^/  /' "$tmp/unmarked" >&2
	status=1
fi
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$extra" ]; then
	echo "exports: libtsdb.so exports what include/tsdb.h does not declare:" >&2
	echo "$extra" | sed 's/^/  /' >&2
	status=1
fi
if [ -n "$missing" ]; then
	echo "exports: declared in include/tsdb.h but not exported by libtsdb.so:" >&2
	echo "$missing" | sed 's/^/  /' >&2
	status=1
fi
[ "$status" = 0 ] && echo "exports: libtsdb.so exports the $(wc -l <"$tmp/declared") functions of include/tsdb.h"
exit $status
