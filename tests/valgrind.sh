#!/bin/sh
# valgrind.sh — the cmocka test programs, then the end-to-end scripts named
# below with every tsq run, under valgrind: any invalid access, use of
# uninitialised memory or definite/indirect leak fails. Suppressions, if
# any are needed for libraries that are not ours, live in
# tests/valgrind.supp with the reason for each.
# usage: tests/valgrind.sh BUILD [E2E-SCRIPT...]
set -u
build=${1:-build}
shift
scripts=${*:-tests/e2e/demo.sh tests/e2e/csv.sh tests/e2e/bad.sh}
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$PWD/tests/valgrind.supp"
logs=$(mktemp -d /tmp/tsdb-valgrind-XXXXXX)
trap 'rm -rf "$logs"' EXIT
passed=0 failed=0

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	if TSDB_VALGRIND=1 $VG --error-exitcode=1 --log-file="$logs/$(basename "$t").log" "$t" >/dev/null 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED under valgrind: $t"
		head -60 "$logs/$(basename "$t").log"
	fi
done

# tsq through a wrapper: valgrind's own status (99) is none of tsq's, so a
# script that expects 0, 1, 2 or 3 notices; every run leaves a log.
real=$PWD/$build/tsq
cat >"$logs/tsq" <<WRAP
#!/bin/sh
exec $VG --error-exitcode=99 --log-file="$logs/tsq.%p.log" "$real" "\$@"
WRAP
chmod +x "$logs/tsq"
for s in $scripts; do
	if TSQ="$logs/tsq" BUILD="$build" sh "$s" >"$logs/script.out" 2>&1; then
		passed=$((passed + 1))
		tail -1 "$logs/script.out"
	else
		failed=$((failed + 1))
		echo "FAILED under valgrind: $s"
		grep -E '^FAIL' "$logs/script.out" | head -10
	fi
done
runs=$(ls "$logs" | grep -c '^tsq\..*\.log$')
for l in "$logs"/tsq.*.log; do
	[ -s "$l" ] || continue
	failed=$((failed + 1))
	echo "valgrind reports for a tsq run ($l):"
	head -60 "$l"
done
echo "valgrind: $passed passed, $failed failed ($runs tsq runs checked)"
[ "$failed" = 0 ]
