#!/bin/sh
# dump.sh — tsq dump → tsq restore → tsq dump is byte-identical, on the
# bundled example and on a generated database with revisions, same-vintage
# conflicts between sources of different priority, extreme values, hostile
# text, late source dates and late parents; restored databases answer as
# the originals do; tsq backup while a writer works; every error path.
. tests/e2e/lib.sh
EX=$ROOT/examples
V="python3 $ROOT/tests/schemas/validate.py $ROOT/schemas"

# same_answers DB_A DB_B: info (but the size), exports and a few series agree.
same_answers() {
	for db in "$1" "$2"; do
		"$TSQ" --db "$db" info | grep -v -i "size\|map\|^database" >"$WORK/info-$(basename "$db")"
		"$TSQ" --db "$db" export --format jsonl >"$WORK/export-$(basename "$db")"
		"$TSQ" --db "$db" export --format jsonl --as-of 2024-06-30 >>"$WORK/export-$(basename "$db")"
	done
	same "$WORK/info-$(basename "$1")" "$WORK/info-$(basename "$2")"
	same "$WORK/export-$(basename "$1")" "$WORK/export-$(basename "$2")"
}

# ---- the bundled example ----
run 0 init
run 0 load "$EX/indicators.jsonl" "$EX"/ceads/*.jsonl "$EX"/seeds/*.jsonl
run 0 dump -o "$WORK/d1.jsonl"
run 0 dump
same "$WORK/d1.jsonl" "$WORK/out"
checks=$((checks + 1))
$V "$WORK/d1.jsonl" >"$WORK/v" 2>&1 || fail "the dump does not match schemas/: $(head -5 "$WORK/v")"
run 0 --db "$WORK/r1" restore "$WORK/d1.jsonl"
has out "restored 822 records: 758 observations, 758 versions"
run 0 --db "$WORK/r1" dump -o "$WORK/d2.jsonl"
same "$WORK/d1.jsonl" "$WORK/d2.jsonl"
same_answers "$WORK/db" "$WORK/r1"
# from standard input too
run 0 --db "$WORK/r1b" restore - <"$WORK/d1.jsonl"
run 0 --db "$WORK/r1b" dump
same "$WORK/d1.jsonl" "$WORK/out"
# the dump keeps quotes, notes, vintages and exact values
has out '"indicator":"rd_expenditure","region":"CN","period":"2024","value":3600000000000,"qualifier":">","status":"estimate","source":"jjrb-2025-10-09","vintage":"2025-10-09","quote":"The long-term accumulation'
has out '{"type":"source","id":"ceads-guan-2021","title":"CEADs CO2 emission inventories'
has out '"priority":20,"note":"Also cite Shan'

# ---- a generated database: history, conflicts, priorities, hostile text ----
python3 - "$WORK/gen" <<'PY'
import json, random, sys
random.seed(5)
out = sys.argv[1]
def w(f, rec):
    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
with open(out + "-1.jsonl", "w", encoding="utf-8") as f:
    w(f, {"type": "indicator", "id": "gdp", "name": "=HYPERLINK(\"http://x\",\"y\")", "name_zh": "地区生产总值",
          "unit": "CNY", "kind": "flow", "description": "tab\there\nnewline, \"quotes\", back\\slash, \u0001"})
    w(f, {"type": "indicator", "id": "share.x", "unit": "percent", "kind": "share"})
    for i, (sid, prio, pub) in enumerate([("stat-bureau", 20, "2024-01-10"), ("newspaper", 5, "2024-01-10"),
                                          ("blog", -3, "2024-01-09"), ("+cmd|/C", 0, "2024-01-10"),
                                          ("late-date", 0, None)]):
        rec = {"type": "source", "id": sid, "title": "@SUM(1+1) title %d, 标题" % i, "priority": prio,
               "publisher": "+cmd|' /C calc'!A0", "url": "http://x/?a=1&b=\"2\"", "note": "n\r\n%d" % i}
        if pub:
            rec["published"] = pub
        w(f, rec)
    w(f, {"type": "region", "code": "Z-1", "name": "Zone, \"one\"", "name_zh": "一区\n二行", "parent": "CN-GD",
          "level": "county", "kind": "zone", "aliases": ["Zone 1", "一区"]})
    w(f, {"type": "region", "code": "Z-2", "name": "-2+3", "parent": "Z-1"})
    # a built-in region changed: an alias added
    w(f, {"type": "region", "code": "CN-BJ", "name": "Beijing Shi", "name_zh": "北京市", "parent": "CN",
          "level": "province", "kind": "municipality", "aliases": ["Peking"]})
    regions = ["CN", "CN-BJ", "CN-SH", "CN-GD", "Z-1", "Z-2", "320400"]
    periods = ["2019", "2020", "2021", "2022-H1", "2022-Q3", "2023-05", "2023-06-30", "2021/2025", "2024-01/2024-05",
               "2024-01-15/2024-02-10"]
    values = [0, -0.0, 1e300, -1e300, 5e-324, 2.2250738585072014e-308, 0.1 + 0.2, 1.066e9, -2.5, 123456789012345680,
              3.6e12, 1 / 3, -7.25e-9, 75000, 9007199254740993]
    for n in range(1500):
        ind = random.choice(["gdp", "share.x"])
        fact = {"indicator": ind, "region": random.choice(regions), "period": random.choice(periods),
                "value": random.choice(values) if n % 3 == 0 else round(random.uniform(-1e6, 1e6), random.randint(0, 9))}
        src = random.choice(["stat-bureau", "newspaper", "blog", "+cmd|/C", None])
        if src:
            fact["source"] = src
        if random.random() < 0.6:
            fact["vintage"] = "2024-%02d-%02d" % (random.randint(1, 12), random.randint(1, 28))
        if random.random() < 0.3:
            fact["qualifier"] = random.choice(["~", ">", ">=", "<", "<="])
        if random.random() < 0.3:
            fact["status"] = random.choice(["estimate", "provisional", "target", "forecast"])
        if random.random() < 0.2:
            fact["quote"] = random.choice(["=1+1", "“超过3.6万亿元”", "tab\tand\nnewline", "\\ \" / \u2028"])
        if random.random() < 0.1:
            fact["note"] = "note %d" % n
        w(f, fact)
    # a version without a vintage under a source that has no date yet
    w(f, {"indicator": "gdp", "region": "CN", "period": "2018", "value": 42, "source": "late-date"})
    w(f, {"indicator": "gdp", "region": "Z-2", "period": "2018", "value": 43})
with open(out + "-2.jsonl", "w", encoding="utf-8") as f:
    # later: the source gets its date; Z-1 is moved under Z-2, declared after it
    w(f, {"type": "source", "id": "late-date", "title": "dated now", "published": "2024-05-05"})
    w(f, {"indicator": "gdp", "region": "CN", "period": "2018", "value": 44, "source": "late-date"})
    w(f, {"type": "region", "code": "Z-1", "name": "Zone, \"one\"", "name_zh": "一区\n二行", "parent": "Z-2",
          "level": "county", "kind": "zone", "aliases": ["Zone 1", "一区"]})
PY
export TSDB_PATH=$WORK/gen
run 0 init
# a random version may contradict one stored under the same vintage and
# source: the loader refuses those; keep the facts it accepts
if ! "$TSQ" --quiet load --received 2024-01-01 --max-errors 100000 "$WORK/gen-1.jsonl" 2>"$WORK/err"; then
	python3 - "$WORK/gen-1.jsonl" "$WORK/err" <<'PY'
import re, sys
bad = {int(m.group(1)) for m in re.finditer(r"gen-1\.jsonl:(\d+):", open(sys.argv[2]).read())}
lines = open(sys.argv[1], encoding="utf-8", newline="").read().split("\n")
open(sys.argv[1], "w", encoding="utf-8", newline="").write("\n".join(l for i, l in enumerate(lines, 1) if i not in bad))
PY
	run 0 load --received 2024-01-01 "$WORK/gen-1.jsonl"
fi
run 0 load "$WORK/gen-2.jsonl"
run 0 info
has out "versions"
run 0 dump -o "$WORK/g1.jsonl"
checks=$((checks + 1))
$V "$WORK/g1.jsonl" >"$WORK/v" 2>&1 || fail "the generated dump does not match schemas/: $(head -5 "$WORK/v")"
# what the history holds: revisions and same-vintage conflicts
checks=$((checks + 1))
python3 - "$WORK/g1.jsonl" <<'PY' || fail "the generated database lacks revisions or conflicts"
import json, sys
seen = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("type"):
        continue
    seen.setdefault((r["indicator"], r["region"], r["period"]), []).append(r)
revised = sum(1 for v in seen.values() if len({x.get("vintage") for x in v}) > 1)
conflicts = sum(1 for v in seen.values()
                if any(sum(1 for y in v if y.get("vintage") == x.get("vintage") and y["value"] != x["value"]) for x in v))
print(f"{len(seen)} observations, {revised} revised, {conflicts} with same-vintage conflicts")
sys.exit(0 if revised > 50 and conflicts > 20 else 1)
PY
has g1.jsonl '"source":"late-date","received":"2024-01-01"}'
run 0 --db "$WORK/g2" restore "$WORK/g1.jsonl"
run 0 --db "$WORK/g2" dump -o "$WORK/g2.jsonl"
same "$WORK/g1.jsonl" "$WORK/g2.jsonl"
same_answers "$WORK/gen" "$WORK/g2"
# a version without a vintage keeps its assumed one (the day it came in);
# the later one is dated
run 0 --db "$WORK/g2" get gdp CN --from 2018 --to 2018 --format csv
has out "2018,44,,actual,2024-05-05,late-date"
run 0 --db "$WORK/g2" history gdp CN 2018
has out "2024-01-01 (assumed)  late-date"
run 0 --db "$WORK/g2" ls regions Z-1
# and a third generation is the same again
run 0 --db "$WORK/g3" restore "$WORK/g2.jsonl"
run 0 --db "$WORK/g3" dump
same "$WORK/g1.jsonl" "$WORK/out"

# ---- restore errors ----
run 1 --db "$WORK/gen" restore "$WORK/g1.jsonl"
has err "tsq restore: $WORK/gen is not empty ("
has err "restore into a new database"
run 3 --db "$WORK/r9" restore "$WORK/no-such.jsonl"
has err "no-such.jsonl: cannot open: No such file or directory"
head -c 2000 "$WORK/d1.jsonl" >"$WORK/cut.jsonl"
printf '{"indicator":"co2_emissions","region":"Nowhere","period":"2024","value":1}\n' >>"$WORK/cut.jsonl"
run 2 --db "$WORK/r9" restore "$WORK/cut.jsonl"
has err "nothing restored"
# nothing of a failed restore stays: the database is still empty
run 0 --db "$WORK/r9" restore "$WORK/d1.jsonl"
run 1 restore
has err "needs FILE"
run 1 restore a b
has err 'unexpected argument "b"'
run 1 restore --fast x
has err "unknown option --fast"
run 3 --db "$WORK/nothing-here" --read-only restore "$WORK/d1.jsonl"

# ---- dump errors ----
run 1 dump extra
has err "unexpected argument"
run 1 dump --fast
has err "unknown option --fast"
unwritable dump d.jsonl
run 3 --db "$WORK/nothing-here" dump
has err "no database at"

# ---- backup ----
export TSDB_PATH=$WORK/db
run 0 backup "$WORK/bk"
has out "$WORK/bk: 758 observations, 758 versions"
checks=$((checks + 1))
[ -f "$WORK/bk/data.mdb" ] && [ -f "$WORK/bk/write.lock" ] || fail "backup lacks data.mdb or write.lock: $(ls "$WORK/bk")"
run 0 --db "$WORK/bk" dump
same "$WORK/d1.jsonl" "$WORK/out"
run 0 --db "$WORK/bk" check
# the copy is a database like any other: it takes writes
run 0 --db "$WORK/bk" load "$EX/indicators.jsonl"
run 1 backup "$WORK/bk"
has err "backup: $WORK/bk exists and is not empty"
mkdir "$WORK/empty"
run 0 backup "$WORK/empty"
run 3 backup "$WORK/no/such/dir"
has err "backup: cannot create $WORK/no/such/dir: No such file or directory"
run 1 backup
has err "needs DEST"
run 1 backup a b
run 3 --db "$WORK/nothing-here" backup "$WORK/bk2"
checks=$((checks + 1))
[ ! -e "$WORK/bk2" ] || fail "a failed backup left $WORK/bk2"

# backups taken while a writer loads: each is the database before the
# load or after it, never between; readers go on meanwhile
python3 - "$WORK/big.jsonl" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(120000):
        f.write('{"indicator":"co2_emissions","region":"CN-BJ","period":"%d-%02d-%02d","value":%d}\n'
                % (1900 + i // 336, i // 28 % 12 + 1, i % 28 + 1, i))
PY
"$TSQ" dump >"$WORK/before.jsonl"
"$TSQ" --quiet load "$WORK/big.jsonl" >"$WORK/load.out" 2>&1 &
loader=$!
n=0
while kill -0 $loader 2>/dev/null && [ $n -lt 6 ]; do
	"$TSQ" --quiet backup "$WORK/live$n" || fail "backup $n during the load failed"
	"$TSQ" export --indicator co2_emissions --region CN-BJ >/dev/null || fail "export during the load failed"
	n=$((n + 1))
done
wait $loader || fail "the load beside the backups failed: $(cat "$WORK/load.out")"
"$TSQ" dump >"$WORK/after.jsonl"
echo "dump.sh: $n backups taken during the load" >&2
i=0
while [ $i -lt $n ]; do
	checks=$((checks + 1))
	"$TSQ" --db "$WORK/live$i" dump >"$WORK/live.jsonl"
	cmp -s "$WORK/live.jsonl" "$WORK/before.jsonl" || cmp -s "$WORK/live.jsonl" "$WORK/after.jsonl" ||
		fail "backup $i is neither before nor after the load"
	i=$((i + 1))
done
run 0 backup "$WORK/last"
run 0 --db "$WORK/last" dump
same "$WORK/after.jsonl" "$WORK/out"
# compacted: no bigger than the original
checks=$((checks + 1))
[ "$(stat -c %s "$WORK/last/data.mdb")" -le "$(stat -c %s "$WORK/db/data.mdb")" ] ||
	fail "the compacted copy is bigger than the database"

finish
