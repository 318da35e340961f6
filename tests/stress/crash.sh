#!/usr/bin/env bash
# crash.sh — SIGKILL during large loads. Each trial starts `tsq load` of
# STRESS_FACTS generated facts and kills it at a random moment of the load
# (parsing, writing, growing the map, committing, exiting). Afterwards tsq
# check must pass and the database must hold exactly the state before that
# load or the state after it, compared as full dumps of every version.
#
# Two loads, A and B, revise each other (B is a later vintage of the same
# observations), so the database moves through four known states: none, A,
# B, A+B. Trials run on one database from state to state, reset now and
# then, so a load is killed on top of a database that survived earlier kills.
# usage: tests/stress/crash.sh BUILD   (STRESS_TRIALS, STRESS_FACTS, STRESS_SEED)
. "$(dirname "$0")/lib.sh" crash "${1:-build}"
TRIALS=${STRESS_TRIALS:-60}
FACTS=${STRESS_FACTS:-400000}
SEED=${STRESS_SEED:-$$}
RANDOM=$SEED
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# the base state: regions and the catalog of the generated facts
catalog_db "$W/base"
"$PROBE" gen "$W/base" bulk 1 "$FACTS" >"$W/A.jsonl"
"$PROBE" gen "$W/base" bulk 2 "$FACTS" >"$W/B.jsonl"

reset() { rm -rf "$1" && mkdir "$1" && cp --sparse=always "$W/base/data.mdb" "$1/"; }
digest() { "$PROBE" dump "$1" | sha256sum | cut -c1-64; }

# the dump of each state (A then B and B then A must agree), and how long
# each load takes on each state
declare -A H T
H[none]=$(digest "$W/base")
for s in A B AB BA; do
	reset "$W/db"
	on=none
	for f in $(echo $s | fold -w1); do
		t0=$(ms)
		"$TSQ" --db "$W/db" load "$W/$f.jsonl" >/dev/null || { echo "crash: load $f failed" >&2; exit 1; }
		T[$on$f]=$(($(ms) - t0))
		on=$f
	done
	H[$s]=$(digest "$W/db")
done
[ "${H[AB]}" = "${H[BA]}" ] || fail "loading A then B differs from B then A"
echo "crash: $FACTS facts per load; a load takes ${T[noneA]} ms (A), ${T[noneB]} ms (B), ${T[AB]} ms (B on A), ${T[BA]} ms (A on B); seed $SEED"

label=none before=0 after=0 trials=0
reset "$W/db"
for i in $(seq 1 "$TRIALS"); do
	if [ $label = AB ] || [ $((i % 10)) = 0 ]; then
		reset "$W/db"
		label=none
	fi
	case $label in
	A) file=B next=AB ;;
	B) file=A next=AB ;;
	*) if [ $((RANDOM % 2)) = 0 ]; then file=A; else file=B; fi; next=$file ;;
	esac
	# a moment from the start to past the usual end of the load, or, every
	# other trial, around its commit (the last 15% and a little beyond)
	t=${T[$label$file]}
	if [ $((i % 2)) = 0 ]; then
		delay=$((RANDOM * (t * 125 / 100) / 32768))
	else
		delay=$((t * 85 / 100 + RANDOM * (t * 30 / 100) / 32768))
	fi
	"$TSQ" --db "$W/db" load "$W/$file.jsonl" >"$W/load.out" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	status=$?
	trials=$((trials + 1))
	if ! "$TSQ" --db "$W/db" check >"$W/check.out" 2>&1; then
		fail "trial $i (load $file on $label, killed at $delay ms): tsq check: $(head -5 "$W/check.out")"
		reset "$W/db"
		label=none
		continue
	fi
	h=$(digest "$W/db")
	if [ "$h" = "${H[$label]}" ]; then
		before=$((before + 1))
	elif [ "$h" = "${H[$next]}" ]; then
		after=$((after + 1))
		label=$next
	else
		fail "trial $i (load $file on $label, killed at $delay ms, status $status): neither before nor after"
		reset "$W/db"
		label=none
	fi
done
echo "crash: $trials trials killed with SIGKILL: $before left the state before the load, $after the state after it, $fails failed"
[ $fails = 0 ]
