#!/bin/sh
# run.sh — runs each libFuzzer harness for a set time from its seed corpus
# (tests/fuzz/corpus/NAME, never written to), keeping what it finds in
# FUZZ_BUILD/corpus/NAME and any crashing input as FUZZ_BUILD/crash-NAME-*.
# usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS NAME...
# A crash reproduces with: FUZZ_BUILD/fuzz_NAME FUZZ_BUILD/crash-NAME-...
# (run from the top of the tree, where the harnesses find examples/).
set -u
dir=$1 secs=$2
shift 2
failed=0 total=0
for name in "$@"; do
	bin=$dir/fuzz_$name
	mkdir -p "$dir/corpus/$name" "tests/fuzz/corpus/$name"
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	# -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or a
	# runaway allocation stops the run
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crash-$name-" $dict "$dir/corpus/$name" "tests/fuzz/corpus/$name" \
		>"$dir/$name.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$name.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$dir/$name.log" | tail -1)
	corpus=$(ls "$dir/corpus/$name" | wc -l)
	total=$((total + ${runs:-0}))
	if [ "$rc" = 0 ]; then
		echo "fuzz $name: ${runs:-?} runs in $secs s, $cov, $corpus inputs found"
	else
		failed=$((failed + 1))
		echo "FAILED: fuzz $name (exit $rc) after ${runs:-?} runs; log $dir/$name.log:"
		grep -m1 -A30 -E '^==[0-9]+==|fuzz property failed|runtime error|ERROR: libFuzzer' "$dir/$name.log" | head -40
		ls "$dir"/crash-"$name"-* "$dir"/leak-"$name"-* "$dir"/timeout-"$name"-* 2>/dev/null
	fi
done
echo "fuzz: $total executions, $failed harness(es) failed"
[ "$failed" = 0 ]
