#!/bin/sh
# deps.sh — makes sure the Debian packages a make target needs are installed.
# usage: tools/deps.sh build|check|test|bench|fuzz|valgrind|format|coverage
# As root it installs what is missing with apt-get; otherwise it prints the
# exact apt-get line and fails.
set -eu

build="gcc make libc6-dev liblmdb-dev libjansson-dev libutf8proc-dev libcsv-dev zlib1g-dev librsvg2-dev pkg-config libxlsxwriter-dev iso-codes libopencc-dev"
# make check: make test without the spreadsheet program (a CJK font: PNG charts in Chinese)
check="$build fonts-wqy-zenhei libcmocka-dev python3 python3-jsonschema lmdb-utils sqlite3"
test="$check libreoffice-calc-nogui"
# nodejs and npm: DuckDB, the second peer of make bench, is an npm package
bench="$build sqlite3 time nodejs npm"
# clang with its libFuzzer, ASan and UBSan runtimes (bookworm: clang-14)
fuzz="$build clang libclang-rt-14-dev"
valgrind="$test valgrind"
format="clang-format"
# gcov comes with gcc
coverage="$test"

case "${1:-build}" in
build) want=$build ;;
check) want=$check ;;
test) want=$test ;;
bench) want=$bench ;;
fuzz) want=$fuzz ;;
valgrind) want=$valgrind ;;
format) want=$format ;;
coverage) want=$coverage ;;
*) echo "deps.sh: unknown group $1" >&2; exit 2 ;;
esac

missing=
for p in $want; do
	# a Node.js that is not Debian's (NodeSource's) brings its own npm and
	# conflicts with Debian's npm package: the command is what matters
	[ "$p" = npm ] && command -v npm >/dev/null 2>&1 && continue
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tsdb needs these Debian packages:$missing" >&2
	echo "install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends $missing >&2
