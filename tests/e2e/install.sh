#!/bin/sh
# install.sh — make install into a scratch prefix, then build examples/embed.c
# against the installed library through pkg-config, and run it and tsq.
. tests/e2e/lib.sh
PREFIX=$WORK/prefix
checks=$((checks + 1))
make -s install PREFIX="$PREFIX" BUILD="${BUILD:-build}" >"$WORK/make.log" 2>&1 ||
	fail "make install: $(tail -5 "$WORK/make.log")"
for f in bin/tsq include/tsdb.h lib/libtsdb.a lib/libtsdb.so lib/pkgconfig/tsdb.pc share/man/man1/tsq.1; do
	checks=$((checks + 1))
	[ -e "$PREFIX/$f" ] || fail "not installed: $f"
done
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
checks=$((checks + 1))
# CFLAGS carries -fsanitize under make sanitize: the program must link the
# same runtime as the installed library.
cc -std=c17 -Wall -Wextra -Werror ${CFLAGS:-} examples/embed.c $(pkg-config --cflags --libs tsdb) -o "$WORK/embed" 2>"$WORK/cc.log" ||
	fail "embed.c does not build with pkg-config: $(cat "$WORK/cc.log")"
checks=$((checks + 1))
LD_LIBRARY_PATH=$PREFIX/lib "$WORK/embed" "$WORK/embed-db" >"$WORK/out" 2>"$WORK/err" ||
	fail "embed failed: $(cat "$WORK/err")"
has out "2024-06-30 463000 actual rmrb-2024-07"
TSQ=$PREFIX/bin/tsq
run 0 --db "$WORK/embed-db" get high_tech_enterprises China --format csv
has out "2024-06-30,463000,,actual,2024-07-22,rmrb-2024-07"
finish
