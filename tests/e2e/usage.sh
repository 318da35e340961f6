#!/bin/sh
# usage.sh — the man page, the README and bash completion agree with the
# command and option tables (tools/tsq.c), read through tsq __options: a
# command or option added to one and not the others fails here.
. "$(dirname "$0")/lib.sh"

"$TSQ" __options >"$WORK/table" || fail "tsq __options failed"
"$TSQ" __options --man >"$WORK/man" || fail "tsq __options --man failed"

python3 - "$WORK/table" "$WORK/man" "$ROOT/docs/tsq.1" "$ROOT/README.md" <<'PY' || fails=$((fails + 1))
import re, sys
table, man_syn, manpage, readme = sys.argv[1:5]
bad = 0
def fail(msg):
    global bad
    bad += 1
    print("FAIL:", msg)

opts, glob = {}, set()
for line in open(table, encoding="utf-8"):
    w = line.split()
    if w[0] == "*":
        glob.add(w[1])
    elif len(w) == 1:
        opts[w[0]] = set()
    elif w[1].startswith("-"):
        opts[w[0]].add(w[1])

# the man page: each command's synopsis is the one the tables make
page = open(manpage, encoding="utf-8").read().split("\n")
for line in open(man_syn, encoding="utf-8"):
    line = line.rstrip("\n")
    name = line.split()[1]
    found = [l for l in page if l == ".B " + name or l.startswith(".B " + name + " ")]
    if not found:
        fail(f"docs/tsq.1 has no entry for {name}")
    elif line not in found:
        fail(f"docs/tsq.1 synopsis of {name} differs from the tables:\n  page:  {found[0]}\n  table: {line}")
text = "\n".join(page)
for g in glob:
    if ".B " + g.replace("-", "\\-") not in text:
        fail(f"docs/tsq.1 OPTIONS lacks {g}")

# the README: every option of every tsq command line is one the command has
aliases = {"-o": "--output", "-q": "--quiet"}
for n, line in enumerate(open(readme, encoding="utf-8"), 1):
    m = re.match(r"^(?:\$ )?tsq((?: --?[a-z-]+(?: [^ -][^ ]*)?)*) ([a-z]+)(.*)$", line.strip())
    if not m or m.group(2) not in opts:
        continue
    cmd = m.group(2)
    for o in re.findall(r"(?:^| )(--?[a-z][a-z-]*)", m.group(1) + " " + m.group(3)):
        o = aliases.get(o, o)
        if o not in opts[cmd] and o not in glob and o != "--help":
            fail(f"README.md:{n}: tsq {cmd} has no option {o}")
if bad:
    sys.exit(1)
PY
checks=$((checks + 1))

# completion offers exactly the options of the table, and the globals
for cmd in $(grep -v '^\*' "$WORK/table" | awk 'NF == 1'); do
	checks=$((checks + 1))
	want=$( (grep "^$cmd --" "$WORK/table" | awk '{print $2}'; grep '^\* ' "$WORK/table" | awk '{print $2}'; echo --help) | sort -u)
	got=$("$TSQ" __complete "$cmd" "-" | sort -u)
	[ "$want" = "$got" ] || fail "completion of tsq $cmd -: $(echo "$got" | tr '\n' ' ') is not the table's $(echo "$want" | tr '\n' ' ')"
done

# usage and help name every option of the table
for cmd in $(grep -v '^\*' "$WORK/table" | awk 'NF == 1'); do
	"$TSQ" help "$cmd" >"$WORK/help" 2>&1
	for o in $(grep "^$cmd --" "$WORK/table" | awk '{print $2}'); do
		checks=$((checks + 1))
		grep -q -- "$o" "$WORK/help" || fail "tsq help $cmd lacks $o"
	done
done

finish
