#!/bin/sh
# verify.sh — sources carry their documents (text, text_file and where a
# text_file may be read from, stored, dumped, restored, shown), and tsq
# verify checks facts against them.
. tests/e2e/lib.sh
EX=$ROOT/examples

run 0 init
run 0 load "$EX/indicators.jsonl"
snap() { mdb_dump -a "$TSDB_PATH" >"$WORK/$1" || fail "mdb_dump failed"; }

# ---- documents of sources ----
mkdir -p "$WORK/in/docs" "$WORK/outside"
printf 'The report.\nIt says 463,000.\n' >"$WORK/in/docs/report.txt"
printf 'secret\n' >"$WORK/outside/secret.txt"
src() { printf '{"type":"source","id":"s1","title":"T","text_file":"%s"}\n' "$1" >"$WORK/in/$2"; }

src docs/report.txt ok.jsonl
run 0 load "$WORK/in/ok.jsonl"
run 0 source show s1
has out "text       29 bytes (34 stored)"
has out "It says 463,000."
run 0 source show s1 --text
same "$WORK/out" "$WORK/in/docs/report.txt"
# a relative path is relative to the declaring file, not the working directory
(cd / && "$TSQ" load "$WORK/in/ok.jsonl" >/dev/null 2>&1) || fail "load from / failed"

snap before
src /etc/passwd abs.jsonl
run 2 load "$WORK/in/abs.jsonl"
has err "abs.jsonl:1: text_file: \"/etc/passwd\": must be a path relative to"
src ../outside/secret.txt up.jsonl
run 2 load "$WORK/in/up.jsonl"
has err "up.jsonl:1: text_file: \"../outside/secret.txt\": \"..\" may not lead out of the directory of"
src docs/../../outside/secret.txt up2.jsonl
run 2 load "$WORK/in/up2.jsonl"
has err "\"..\" may not lead out"
ln -s "$WORK/outside/secret.txt" "$WORK/in/docs/link.txt"
src docs/link.txt link.jsonl
run 2 load "$WORK/in/link.jsonl"
has err "link.jsonl:1: text_file: \"docs/link.txt\" is $WORK/outside/secret.txt, outside the directory of"
ln -s "$WORK/outside" "$WORK/in/dirlink"
src dirlink/secret.txt dirlink.jsonl
run 2 load "$WORK/in/dirlink.jsonl"
has err "outside the directory of"
src docs/missing.txt missing.jsonl
run 2 load "$WORK/in/missing.jsonl"
has err "missing.jsonl:1: text_file: \"docs/missing.txt\": No such file or directory"
src docs missing2.jsonl
run 2 load "$WORK/in/missing2.jsonl"
has err "\"docs\": not a regular file"
printf 'caf\351\n' >"$WORK/in/docs/latin1.txt"
src docs/latin1.txt latin1.jsonl
run 2 load "$WORK/in/latin1.jsonl"
has err "\"docs/latin1.txt\": not UTF-8 text"
printf 'a\000b' >"$WORK/in/docs/nul.txt"
src docs/nul.txt nul.jsonl
run 2 load "$WORK/in/nul.jsonl"
has err "\"docs/nul.txt\": not UTF-8 text"
run 2 load - <"$WORK/in/ok.jsonl"
has err "<stdin>:1: text_file: \"docs/report.txt\": standard input has no directory"
printf '{"type":"source","id":"s2","text":"a","text_file":"docs/report.txt"}\n' >"$WORK/in/both.jsonl"
run 2 load "$WORK/in/both.jsonl"
has err "both.jsonl:1: text_file: a source has text or text_file, not both"
# a later good record does not make the load keep anything
{ cat "$WORK/in/abs.jsonl"; printf '{"type":"source","id":"s3","text":"x"}\n'; } >"$WORK/in/mixed.jsonl"
run 2 load "$WORK/in/mixed.jsonl"
snap after
same "$WORK/before" "$WORK/after"

# inline text; declared again without text, a source keeps its document
printf '{"type":"source","id":"s4","text":"第一行\\n  约3.6万亿元"}\n{"type":"source","id":"s4","title":"again"}\n' >"$WORK/in/inline.jsonl"
run 0 load "$WORK/in/inline.jsonl"
run 0 source show s4 --text
has out "约3.6万亿元"
run 0 source show s4
has out "title      again"
run 2 source show s0
has err "unknown source \"s0\""
run 1 source list
run 1 source show
run 0 check

# dump and restore keep documents, byte for byte; the bundled reports
# deflate to less than half
run 0 load "$EX"/seeds/*.jsonl
run 0 source show rmrb-2024-07
has out "text       22752 bytes ("
stored=$(sed -n 's/^text  *22752 bytes (\([0-9]*\) stored)$/\1/p' "$WORK/out")
checks=$((checks + 1))
[ -n "$stored" ] && [ "$stored" -lt 11376 ] || fail "report 002 is stored in ${stored:-?} bytes, not under half"
run 0 source show rmrb-2024-07 --text
same "$WORK/out" "$EX/seeds/texts/002_ba577079f4674558.txt"
run 0 dump -o "$WORK/dump.jsonl"
TSDB_PATH=$WORK/db2 run 0 restore "$WORK/dump.jsonl"
TSDB_PATH=$WORK/db2 run 0 dump -o "$WORK/dump2.jsonl"
same "$WORK/dump.jsonl" "$WORK/dump2.jsonl"
TSDB_PATH=$WORK/db2 run 0 source show s4 --text
has out "约3.6万亿元"
TSDB_PATH=$WORK/db2 run 0 source show gmw-2024-05-01 --text
same "$WORK/out" "$EX/seeds/texts/004_53d1847a90773468.txt"

# ---- tsq verify and load --verify: the bundled example passes ----
run 0 verify
has out "75 facts checked: 73 pass, 2 warn, 0 fail"
lacks out "fail "
run 0 verify --source rmrb-2024-07 --indicator high_tech_enterprises --format csv
has out "pass,high_tech_enterprises,CN,2024-07-22,463000,,rmrb-2024-07,"
run 0 verify --source gmw-2024-05-01 innov-series-2025 --format json
has out '{"verdict":"pass","indicator":"high_tech_enterprises","region":"CN","period":"2025-09-16","value":504000,"qualifier":"=","source":"innov-series-2025","reason":""}'
lacks out "rmrb-2024-07"
run 2 verify --source nosuch
has err "unknown source \"nosuch\""
run 1 verify --format xml
run 1 verify stray

# ---- a corpus of broken facts (tests/verify): each fails with its reason,
# load --verify refuses it and leaves the database as it was ----
mkdir -p "$WORK/base"
cp -r "$EX/seeds/texts" "$WORK/base/texts"
for f in "$EX"/seeds/0*.jsonl; do head -1 "$f"; done >"$WORK/base/sources.jsonl"
TSDB_PATH=$WORK/basedb run 0 init
TSDB_PATH=$WORK/basedb run 0 load "$EX/indicators.jsonl" "$WORK/base/sources.jsonl"
for f in "$ROOT"/tests/verify/*.jsonl; do
	name=$(basename "$f" .jsonl)
	expect=$(cat "${f%.jsonl}.expect")
	rm -rf "$WORK/case" && cp -r "$WORK/basedb" "$WORK/case"
	export TSDB_PATH=$WORK/case
	snap before
	case $name in
	fail-*)
		run 2 load --verify "$f"
		has err "$name.jsonl:1: $expect"
		snap after
		same "$WORK/before" "$WORK/after"
		run 0 load "$f"
		run 2 verify
		has out "fail "
		has out "${expect#*: }" ;;
	warn-*)
		run 0 load --verify "$f"
		run 0 verify
		has out "warn "
		has out "$expect"
		run 2 verify --strict ;;
	pass-*)
		run 0 load --verify "$f"
		run 0 verify --strict
		has out "1 fact checked: 1 pass, 0 warn, 0 fail" ;;
	*) fail "tests/verify/$name: name it fail-, warn- or pass-" ;;
	esac
done
export TSDB_PATH=$WORK/db

# ---- 以上, 以下 and 以内 include the number, for the loader and for verify
# alike: a fact loaded from "100家以上" is >= and passes; > fails ----
rm -rf "$WORK/scale" && cp -r "$WORK/basedb" "$WORK/scale"
export TSDB_PATH=$WORK/scale
src='{"type":"source","id":"s-scale","published":"2024-05-01","text":"截至目前，中国高新技术企业达到100家以上，专精特新中小企业在20家以内。"}'
printf '%s\n' "$src" \
	'{"indicator":"high_tech_enterprises","region":"CN","period":"2024-05-01","value":"100家以上","source":"s-scale","quote":"中国高新技术企业达到100家以上"}' \
	'{"indicator":"smes.specialized_innovative","region":"CN","period":"2024-05-01","value":"20家以内","source":"s-scale","quote":"中国高新技术企业达到100家以上，专精特新中小企业在20家以内"}' \
	>"$WORK/in/scale.jsonl"
run 0 load --verify "$WORK/in/scale.jsonl"
run 0 verify --strict
has out "2 facts checked: 2 pass, 0 warn, 0 fail"
run 0 get high_tech_enterprises CN --format csv
has out ">="
run 0 get smes.specialized_innovative CN --format csv
has out "<="
printf '%s\n' "$src" \
	'{"indicator":"high_tech_enterprises","region":"CN","period":"2024-05-01","value":100,"qualifier":">","source":"s-scale","quote":"中国高新技术企业达到100家以上"}' \
	>"$WORK/in/scale-gt.jsonl"
snap before
run 2 load --verify "$WORK/in/scale-gt.jsonl"
has err "scale-gt.jsonl:2: qualifier: the quote says at least 100, the fact more than 100 (qualifier >)"
snap after
same "$WORK/before" "$WORK/after"
export TSDB_PATH=$WORK/db

finish
