#!/bin/sh
# readme.sh — runs every tsq command of the README and of the man page's
# EXAMPLES, in order, in a scratch directory. A command in a ```console block
# must print exactly what follows it there (standard output and error
# together); every other one must succeed.
. tests/e2e/lib.sh
mkdir -p "$WORK/bin" "$WORK/run"
ln -s "$TSQ" "$WORK/bin/tsq"
ln -s "$ROOT/examples" "$WORK/run/examples"
PATH=$WORK/bin:$PATH python3 - "$ROOT/README.md" "$ROOT/docs/tsq.1" "$WORK/run" <<'PY'
import re, subprocess, sys

readme, man, cwd = sys.argv[1:4]
checks = fails = 0

def run(cmd):
    p = subprocess.run(["sh", "-c", cmd], cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr

def check(where, cmd, want):
    global checks, fails
    checks += 1
    rc, got = run(cmd)
    if want is None and rc != 0:
        fails += 1
        print(f"FAIL: {where}: {cmd} exited {rc}: {got[:400]}")
    elif want is not None and got != want:
        fails += 1
        print(f"FAIL: {where}: {cmd} printed:\n{got}--- the README has:\n{want}---")

text = open(readme, encoding="utf-8").read().split("\n")
block, cmds = None, None
for i, line in enumerate(text):
    if line.startswith("```"):
        block = None if block else line[3:].strip() or "text"
        if block == "console":
            cmds = []
        elif block is None and cmds is not None:
            for lineno, cmd, out in cmds:
                check(f"README.md:{lineno}", cmd, "".join(out))
            cmds = None
        continue
    if block == "console":
        if line.startswith("$ "):
            cmds.append((i + 1, line[2:], []))
        else:
            cmds[-1][2].append(line + "\n")
    elif block == "sh" and line.startswith("tsq "):
        check(f"README.md:{i + 1}", line, None)
    elif block is None:
        cmds = None

examples = False
for i, line in enumerate(open(man, encoding="utf-8")):
    line = line.rstrip("\n")
    if line.startswith(".SH"):
        examples = line == ".SH EXAMPLES"
    elif examples and line.startswith("tsq "):
        check(f"tsq.1:{i + 1}", line.replace("\\-", "-"), None)
print(f"readme.sh: {checks - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
PY
