#!/bin/sh
# run.sh — make stress: the crash trials and the concurrency trials, each
# printing its counts; fails if either fails.
# usage: tests/stress/run.sh BUILD
build=${1:-build}
start=$(date +%s)
rc=0
bash tests/stress/crash.sh "$build" || rc=1
bash tests/stress/concurrency.sh "$build" || rc=1
echo "stress: $([ $rc = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
exit $rc
