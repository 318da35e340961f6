#!/bin/sh
# schemas.sh — the JSON Schemas in schemas/ and the loader agree: every file
# in tests/schemas/valid passes both, every file in tests/schemas/invalid
# fails both, at the same line; the bundled examples pass the schemas.
. tests/e2e/lib.sh
V="python3 $ROOT/tests/schemas/validate.py $ROOT/schemas"
T=$ROOT/tests/schemas

run 0 init
checks=$((checks + 1))
$V "$ROOT"/examples/indicators.jsonl "$ROOT"/examples/*/*.jsonl >"$WORK/v" 2>&1 ||
	fail "examples do not match the schemas: $(head -5 "$WORK/v")"

for f in "$T"/valid/*; do
	checks=$((checks + 1))
	$V "$f" >"$WORK/v" 2>&1 || fail "schema rejects valid $(basename "$f"): $(head -3 "$WORK/v")"
	run 0 load --dry-run "$f"
done

for f in "$T"/invalid/*; do
	checks=$((checks + 2))
	$V "$f" >"$WORK/v" 2>&1
	[ $? = 1 ] || fail "schema accepts invalid $(basename "$f")"
	"$TSQ" load --dry-run "$f" >"$WORK/out" 2>"$WORK/err"
	[ $? = 2 ] || fail "tsq load accepts invalid $(basename "$f")"
	# both name the same place: FILE:LINE for JSON Lines, FILE for documents
	case $f in
	*.jsonl)
		checks=$((checks + 1))
		want=$(sed -n '1s/^[^:]*:\([0-9]*\):.*/\1/p' "$WORK/v")
		grep -qF "$(basename "$f"):$want:" "$WORK/err" ||
			fail "$(basename "$f"): schema says line $want, tsq says: $(head -1 "$WORK/err")" ;;
	esac
done

# the database is untouched by all of it
run 0 info
has out "observations  0"
has out "indicators    0"
finish
