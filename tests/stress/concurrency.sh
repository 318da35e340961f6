#!/usr/bin/env bash
# concurrency.sh — readers running tsq compare, get and export in a loop while a
# writer loads generation after generation. Every generation writes its
# number to every year of 40 counties, half at the start of the load and
# half at its end with STRESS_FILLER revisions in between; a reader that
# saw any part of a load it should not would print two numbers. No reader
# may fail, each must see one generation in all cells, and generations may
# only rise. Meanwhile impatient writers must fail with "database busy"
# (exit 3) or get in between loads; the database passes tsq check at the end.
# usage: tests/stress/concurrency.sh BUILD   (STRESS_GENERATIONS, STRESS_FILLER, STRESS_READERS)
. "$(dirname "$0")/lib.sh" concurrency "${1:-build}"
GENS=${STRESS_GENERATIONS:-40}
FILLER=${STRESS_FILLER:-100000}
READERS=${STRESS_READERS:-3}
export TSDB_PATH=$W/db

catalog_db "$TSDB_PATH"
"$PROBE" gen "$TSDB_PATH" gen 0 40 | sed 's/.*"region":"\([0-9]*\)".*/\1/' | uniq >"$W/counties"
COUNTIES=$(tr '\n' ' ' <"$W/counties")
[ "$(wc -l <"$W/counties")" = 40 ] || { echo "concurrency: not 40 counties" >&2; exit 1; }
for g in $(seq 1 "$GENS"); do
	"$PROBE" gen "$TSDB_PATH" gen "$g" 40 >"$W/g$g.jsonl"
	head -400 "$W/g$g.jsonl" >"$W/g$g.first.jsonl"
	tail -n +401 "$W/g$g.jsonl" >"$W/g$g.last.jsonl"
	"$PROBE" gen "$TSDB_PATH" bulk "$g" "$FILLER" >"$W/f$g.jsonl"
done
"$PROBE" gen "$TSDB_PATH" gen 0 1 >"$W/tiny.jsonl"

# reader r: in turn compare all 40 counties, get one of them, export all
reader() {
	local r=$1 n=0 bad=0 last=0 out=$W/r$1.out seen final=0
	while [ $final = 0 ]; do
		# once the writer is done, one more query, which must see the last generation
		[ -e "$W/done" ] && final=1
		n=$((n + 1))
		case $((n % 3)) in
		0) "$TSQ" compare stress.generation $COUNTIES --format csv >"$out" 2>&1 ;;
		1) set -- $COUNTIES
		   shift $((n % 40))
		   "$TSQ" get stress.generation "$1" --format csv >"$out" 2>&1 ;;
		2) "$TSQ" export --indicator stress.generation --format csv >"$out" 2>&1 ;;
		esac || { echo "reader $r: tsq failed: $(head -3 "$out")" >>"$W/r$r.bad"; bad=$((bad + 1)); continue; }
		# every value cell of the answer: one generation, or none yet (CSV
		# lines end in CR LF)
		case $((n % 3)) in
		0) seen=$(tail -n +2 "$out" | tr -d '\r' | cut -d, -f2- | tr ',' '\n' | sort -u) ;;
		1) seen=$(tail -n +2 "$out" | tr -d '\r' | cut -d, -f2 | sort -u) ;;
		2) seen=$(tail -n +2 "$out" | tr -d '\r' | cut -d, -f6 | sort -u) ;;
		esac
		seen=$(echo $seen)
		case $seen in
		'' | *' '*)
			[ -z "$seen" ] && [ $last = 0 ] ||
				{ echo "reader $r: saw \"$seen\" at once (after $last)" >>"$W/r$r.bad"; bad=$((bad + 1)); } ;;
		*)
			if [ "$seen" -lt "$last" ] 2>/dev/null; then
				echo "reader $r: generation went back from $last to $seen" >>"$W/r$r.bad"
				bad=$((bad + 1))
			else
				last=$seen
			fi ;;
		esac
	done
	echo "$n $bad $last" >"$W/r$r.count"
}

for r in $(seq 1 "$READERS"); do reader "$r" & done

# waits until the writer lock is held, or the writer has gone
await_writer() {
	local i=0
	while flock -n "$TSDB_PATH/write.lock" true && kill -0 "$1" 2>/dev/null && [ $i -lt 2000 ]; do
		sleep 0.005
		i=$((i + 1))
	done
}

# an impatient second writer: told "database busy" (exit 3), or let in
impatient() {
	"$TSQ" --busy-timeout 20 load "$W/tiny.jsonl" >"$W/i.out" 2>&1
	case $? in
	0) between=$((between + 1)) ;;
	3) if grep -q "database busy" "$W/i.out"; then busy=$((busy + 1)); else
		fail "impatient writer: $(cat "$W/i.out")"; fi ;;
	*) fail "impatient writer exited badly: $(cat "$W/i.out")" ;;
	esac
}

busy=0 between=0
start=$(date +%s)
for g in $(seq 1 "$GENS"); do
	"$TSQ" --busy-timeout 60000 load "$W/g$g.first.jsonl" "$W/f$g.jsonl" "$W/g$g.last.jsonl" \
		>"$W/w.out" 2>&1 &
	wpid=$!
	await_writer $wpid
	impatient # during the load
	wait $wpid || fail "writer, generation $g: $(cat "$W/w.out")"
	impatient # between loads
done
touch "$W/done"
wait
secs=$(($(date +%s) - start))

iterations=0 bad=0
for r in $(seq 1 "$READERS"); do
	read -r n b last <"$W/r$r.count"
	iterations=$((iterations + n))
	bad=$((bad + b))
	[ "$last" = "$GENS" ] || fail "reader $r ended at generation $last, not $GENS"
	[ -e "$W/r$r.bad" ] && head -5 "$W/r$r.bad" >&2
done
[ $bad = 0 ] || fail "$bad reader iterations failed or saw a torn state"
"$TSQ" check >"$W/check.out" 2>&1 || fail "tsq check: $(head -5 "$W/check.out")"
echo "concurrency: $GENS loads of $((FILLER + 800)) facts in $secs s; $READERS readers ran $iterations queries, $bad failed or torn; impatient writers: $busy told \"database busy\", $between got in between loads; $fails failed"
[ $fails = 0 ]
