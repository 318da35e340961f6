# lib.sh — what the stress trials share (sourced by bash): BUILD's tsq and
# probe, a scratch directory W removed at exit, fail counting failures under
# the trial's name, and catalog_db making a database of the probe's catalog.
# usage: . tests/stress/lib.sh NAME BUILD
set -u
STRESS=$1
build=${2:-build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
TSQ=$build/tsq
PROBE=$build/stress/probe
W=$(mktemp -d "/tmp/tsdb-$STRESS-XXXXXX")
# a trial killed early leaves no process behind to write into W
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$W"' EXIT
fails=0
fail() { echo "$STRESS: FAIL: $*" >&2; fails=$((fails + 1)); }

# catalog_db DB: a new database DB with the regions and the catalog of the
# facts the probe generates; the trial stops if tsq cannot make it.
catalog_db() {
	"$TSQ" --db "$1" init >/dev/null || exit 1
	"$PROBE" catalog >"$W/catalog.jsonl"
	"$TSQ" --db "$1" load "$W/catalog.jsonl" >/dev/null || exit 1
}
