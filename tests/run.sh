#!/bin/sh
# run.sh — runs every test program in BUILD/tests and the end-to-end tests,
# then prints one closing line "N passed, M failed".
# usage: tests/run.sh BUILD [check]
# check is the fast tier (make check): all but the end-to-end tests in
# full_only, which need LibreOffice or take most of the time of the whole.
build=${1:-build}
tier=${2:-full}
full_only="tests/e2e/export.sh tests/e2e/schemas.sh tests/e2e/xlsx.sh tests/e2e/xlsx_tables.sh"
passed=0 failed=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
if sh tests/exports.sh "$build"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: tests/exports.sh"; fi
if bash tests/mkregions/check.sh "$build/mkregions"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: tests/mkregions/check.sh"; fi
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	case " $full_only " in *" $t "*) [ "$tier" = check ] && continue ;; esac
	if TSQ="$build/tsq" BUILD="$build" sh "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
echo "tests ($tier): $passed passed, $failed failed"
[ "$failed" = 0 ]
