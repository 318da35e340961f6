#!/usr/bin/env bash
# check.sh: end-to-end checks of a built gen/mkregions on the committed data and on bad inputs.
#
# Usage: tests/mkregions/check.sh MKREGIONS [DATA_DIR [ISO_JSON_DIR [LOCALE_DIR]]]
#   DATA_DIR defaults to data/regions next to this script; the others to mkregions' defaults.
#   CC (default cc) compiles the -c output. Builds nothing else. SHOW_ERRORS=1 prints the
#   message of each bad case.
#
# Bad inputs are data, one directory per case under bad/ (jansson's test/suites style):
#   error    a substring the message on stderr must contain (paths vary, so no directory)
#   status   the expected exit status (default 1)
#   edit     lines "FILE<TAB>sed-script" applied to a copy of that input
#   remove   input file names to delete from the copy
#   any other file replaces the input of the same name (a .csv/.tsv in DATA_DIR, a .json in
#   ISO_JSON_DIR, a .mo in LOCALE_DIR/zh_CN/LC_MESSAGES).
# A new regression is a new directory; this script does not change.

# The awk programs and bash -c scripts below are single-quoted on purpose.
# shellcheck disable=SC2016

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 1 ] || [ $# -gt 4 ]; then
	echo "usage: $0 MKREGIONS [DATA_DIR [ISO_JSON_DIR [LOCALE_DIR]]]" >&2
	exit 2
fi
mkregions=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=${2:-$here/../../data/regions}
iso=${3:-/usr/share/iso-codes/json}
locale=${4:-/usr/share/locale}
cc=${CC:-cc}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

# ok DESCRIPTION COMMAND...: one assertion; passes when COMMAND succeeds.
ok() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $what" >&2
	fi
}

# field CODE N: field N of the line whose code is CODE.
field() {
	awk -F'\t' -v c="$1" -v n="$2" '$1 == c { print $n; exit }' "$tmp/regions.tsv"
}

# is CODE N VALUE: field N of CODE equals VALUE.
is() {
	[ "$(field "$1" "$2")" = "$3" ] || {
		echo "  $1 field $2 is '$(field "$1" "$2")', expected '$3'" >&2
		return 1
	}
}

# has_alias CODE ALIAS, lacks_alias CODE ALIAS
has_alias() {
	field "$1" 7 | tr '|' '\n' | grep -qxF -- "$2"
}
lacks_alias() {
	! has_alias "$@"
}

count() {
	awk -F'\t' "$1" "$tmp/regions.tsv" | wc -l | tr -d ' '
}

# ---- the real catalog ----

"$mkregions" "$data" "$iso" "$locale" >"$tmp/regions.tsv" 2>"$tmp/err"
status=$?
ok "mkregions exits 0 ($(cat "$tmp/err"))" [ "$status" -eq 0 ]
ok "mkregions writes nothing to stderr" [ ! -s "$tmp/err" ]

lines=$(wc -l <"$tmp/regions.tsv" | tr -d ' ')
countries=$(count '$3 == "country"')
provinces=$(count '$3 == "province"')
prefectures=$(count '$3 == "prefecture"')
counties=$(count '$3 == "county"')
groups=$(count '$3 == "group"')
echo "regions: $lines lines: $countries countries, $provinces provinces," \
	"$prefectures prefectures, $counties counties, $groups groups"
ok "more than 8000 lines" [ "$lines" -gt 8000 ]
ok "every line is country, province, prefecture, county or group" \
	[ $((countries + provinces + prefectures + counties + groups)) -eq "$lines" ]
ok "10 built-in groups" [ "$groups" -eq 10 ]
ok "240-260 countries (249 in ISO 3166-1 less HK, MO, TW)" [ "$countries" -ge 240 -a "$countries" -le 260 ]
# NBS 2023: 342 cities less 9 placeholders; 2,978 areas less 3 prefectures listed as their own area.
ok "333 NBS prefectures" [ "$(count '$1 ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ && $3 == "prefecture"')" -eq 333 ]
ok "2975 NBS counties" [ "$(count '$1 ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/ && $3 == "county"')" -eq 2975 ]
ok "124 NBS zones" [ "$(count '$1 ~ /^[0-9]/ && $4 == "zone"')" -eq 124 ]
ok "34 Chinese provinces" [ "$(count '$1 ~ /^CN-/ && $3 == "province"')" -eq 34 ]
ok "31 provinces carry a six-digit NBS code" \
	[ "$(count '$1 ~ /^CN-/ && $7 ~ /(^|\|)[0-9][0-9]0000(\||$)/')" -eq 31 ]

ok "every line has 8 fields" [ "$(count 'NF != 8')" -eq 0 ]
ok "only groups have members" [ "$(count '$8 != "" && $3 != "group"')" -eq 0 ]
ok "file ends with a newline" [ "$(tail -c 1 "$tmp/regions.tsv" | od -An -c | tr -d ' ')" = '\n' ]
ok "no CR anywhere" [ "$(count '/\r/')" -eq 0 ]
ok "codes are unique" [ -z "$(cut -f1 "$tmp/regions.tsv" | sort | uniq -d)" ]
ok "every parent exists and comes first" awk -F'\t' '
	($3 == "country" || $3 == "group") && $2 != "" { bad = 1; print "country with parent: " $1 > "/dev/stderr" }
	$3 != "country" && $3 != "group" && !($2 in seen) { bad = 1; print "parent missing or later: " $1 > "/dev/stderr" }
	{ seen[$1] = 1 }
	END { exit bad }' "$tmp/regions.tsv"
ok "countries first, then by level, codes ascending within a level (China's provinces by NBS code)" env LC_ALL=C awk -F'\t' '
	{ l = $3 == "country" ? 0 : $3 == "province" ? 1 : $3 == "prefecture" ? 2 : $3 == "county" ? 3 : 4
	  k = $1; if ($1 ~ /^CN-/ && $7 ~ /(^|\|)[0-9][0-9]0000(\||$)/) { match($7, /[0-9][0-9]0000/); k = substr($7, RSTART, 6) }
	  if (NR > 1 && (l < pl || (l == pl && k <= pc))) { bad = 1; print "out of order: " $1 > "/dev/stderr" }
	  pl = l; pc = k }
	END { exit bad }' "$tmp/regions.tsv"
ok "China's provinces in official order: 北京 first, 新疆 31st, then 香港 澳门 台湾" \
	[ "$(awk -F'\t' '$2 == "CN" && $3 == "province" { printf "%s ", $1 }' "$tmp/regions.tsv")" = \
	"CN-BJ CN-TJ CN-HE CN-SX CN-NM CN-LN CN-JL CN-HL CN-SH CN-JS CN-ZJ CN-AH CN-FJ CN-JX CN-SD CN-HA CN-HB CN-HN CN-GD CN-GX CN-HI CN-CQ CN-SC CN-GZ CN-YN CN-XZ CN-SN CN-GS CN-QH CN-NX CN-XJ CN-HK CN-MO CN-TW " ]
ok "aliases are non-empty and never repeat code, name or name_zh" awk -F'\t' '
	$7 != "" { n = split($7, a, "|"); for (i = 1; i <= n; i++)
		if (a[i] == "" || a[i] == $1 || a[i] == $5 || a[i] == $6) { bad = 1; print $1 ": " a[i] > "/dev/stderr" } }
	END { exit bad }' "$tmp/regions.tsv"

ok "CN is a country named China/中国" is CN 5 China
ok "CN has alias CHN" has_alias CN CHN
ok "CN has alias 156" has_alias CN 156
ok "CN-BJ name_zh is 北京市" is CN-BJ 6 北京市
ok "CN-BJ parent CN" is CN-BJ 2 CN
ok "CN-BJ level province" is CN-BJ 3 province
ok "CN-BJ type municipality" is CN-BJ 4 municipality
ok "CN-BJ has alias 110000" has_alias CN-BJ 110000
ok "CN-BJ has alias 11" has_alias CN-BJ 11
ok "CN-BJ has no suffix-stripped alias 北京" lacks_alias CN-BJ 北京
ok "CN-BJ keeps Beijing Shi" has_alias CN-BJ "Beijing Shi"
ok "CN-NM is named Inner Mongolia" is CN-NM 5 "Inner Mongolia"
ok "CN-NM keeps ISO's Nei Mongol Zizhiqu as an alias" has_alias CN-NM "Nei Mongol Zizhiqu"
ok "CN-GD is named Guangdong" is CN-GD 5 Guangdong
ok "CN-NX is named Ningxia" is CN-NX 5 Ningxia
ok "CN-NX keeps Ningxia Huizi Zizhiqu" has_alias CN-NX "Ningxia Huizi Zizhiqu"
ok "CN-GX has its full English name" has_alias CN-GX "Guangxi Zhuang Autonomous Region"
ok "CN has alias 全国" has_alias CN 全国
ok "CN has alias PRC" has_alias CN PRC
ok "CN-SH has abbreviation 沪" has_alias CN-SH 沪
ok "CN-GD has traditional 廣東省" has_alias CN-GD 廣東省
ok "CN-TW has 臺灣" has_alias CN-TW 臺灣
ok "CN-TW has 台灣" has_alias CN-TW 台灣
ok "CN-MO has traditional 澳門" has_alias CN-MO 澳門
ok "CN.GBA has 11 members" [ "$(field CN.GBA 8 | tr '|' '\n' | wc -l)" -eq 11 ]
ok "CN.YREB has 11 members" [ "$(field CN.YREB 8 | tr '|' '\n' | wc -l)" -eq 11 ]
ok "CN.YRB has 9 members" [ "$(field CN.YRB 8 | tr '|' '\n' | wc -l)" -eq 9 ]
ok "CN.MAINLAND has 31 members" [ "$(field CN.MAINLAND 8 | tr '|' '\n' | wc -l)" -eq 31 ]
ok "the four NBS regions hold the 31 provinces once each" [ "$(for g in CN.EAST CN.CENTRAL CN.WEST CN.NORTHEAST; do field $g 8 | tr '|' '\n'; done | sort -u | wc -l)" -eq 31 ]
ok "CN.NORTHEAST is 东北地区" is CN.NORTHEAST 6 东北地区
ok "320400 is 常州市" is 320400 6 常州市
ok "320400 parent CN-JS" is 320400 2 CN-JS
ok "320400 level prefecture" is 320400 3 prefecture
ok "320400 type city" is 320400 4 city
ok "320400 pinyin Changzhou" is 320400 5 Changzhou
ok "320400 has alias 3204" has_alias 320400 3204
ok "310112 is 闵行区" is 310112 6 闵行区
ok "310112 parent CN-SH (市辖区 skipped)" is 310112 2 CN-SH
ok "310112 level county" is 310112 3 county
ok "310112 pinyin Minhang" is 310112 5 Minhang
ok "no placeholder 市辖区 region" [ "$(count '$6 == "市辖区" || $6 == "省直辖县级行政区划"')" -eq 0 ]
ok "310100 does not exist" [ -z "$(field 310100 1)" ]
ok "419001 is 济源市" is 419001 6 济源市
ok "419001 parent CN-HA" is 419001 2 CN-HA
ok "130171 type zone" is 130171 4 zone
ok "130171 parent 130100" is 130171 2 130100
ok "222400 type autonomous prefecture" is 222400 4 "autonomous prefecture"
ok "152500 type league" is 152500 4 league
ok "653100 type prefecture (地区)" is 653100 4 prefecture
ok "441900 东莞 appears once" [ "$(count '$1 == "441900"')" -eq 1 ]
ok "441900 东莞 is a prefecture" is 441900 3 prefecture
ok "350200 pinyin Xiamen (override)" is 350200 5 Xiamen
ok "341500 pinyin Lu'an (override, apostrophe)" is 341500 5 "Lu'an"
ok "US-CA parent US" is US-CA 2 US
ok "US-CA level province" is US-CA 3 province
ok "US-CA type state" is US-CA 4 state
ok "AZ-BAB parent AZ-NX" is AZ-BAB 2 AZ-NX
ok "AZ-BAB level prefecture" is AZ-BAB 3 prefecture
ok "GB-CRF parent GB-WLS (ISO writes the full code)" is GB-CRF 2 GB-WLS
ok "CN-HK has alias HKG" has_alias CN-HK HKG
ok "CN-HK has alias HK" has_alias CN-HK HK
ok "CN-HK has alias 344" has_alias CN-HK 344
ok "CN-HK parent CN" is CN-HK 2 CN
ok "CN-HK level province" is CN-HK 3 province
ok "CN-TW has alias TWN" has_alias CN-TW TWN
ok "CN-MO has alias MAC" has_alias CN-MO MAC
ok "no country line HK, MO or TW" [ "$(count '$1 == "HK" || $1 == "MO" || $1 == "TW"')" -eq 0 ]
ok "TW-TPE hangs under CN-TW" is TW-TPE 2 CN-TW

# ---- C output ----

"$mkregions" -c "$data" "$iso" "$locale" >"$tmp/regions.c" 2>"$tmp/err"
status=$?
ok "mkregions -c exits 0" [ "$status" -eq 0 ]
ok "-c output compiles with $cc -c" "$cc" -std=c17 -Wall -Wextra -Werror -c "$tmp/regions.c" -o "$tmp/regions.o"
size=$(wc -c <"$tmp/regions.tsv" | tr -d ' ')
ok "embedded length equals the TSV size ($size)" grep -qx "const unsigned long ts_regions_tsv_len = $size;" "$tmp/regions.c"
cat >"$tmp/dump.c" <<'EOF'
#include <stdio.h>
extern const char ts_regions_tsv[];
extern const unsigned long ts_regions_tsv_len;
int main(void) { return fwrite(ts_regions_tsv, 1, ts_regions_tsv_len, stdout) != ts_regions_tsv_len; }
EOF
ok "embedded text equals the TSV byte for byte" \
	bash -c '"$1" -std=c17 -o "$2/dump" "$2/dump.c" "$2/regions.o" && "$2/dump" | cmp -s - "$2/regions.tsv"' _ "$cc" "$tmp"
ok "-o writes the same file" \
	bash -c '"$1" -o "$2/o.tsv" "$3" "$4" "$5" && cmp -s "$2/o.tsv" "$2/regions.tsv"' _ "$mkregions" "$tmp" "$data" "$iso" "$locale"

# ---- usage ----

"$mkregions" >/dev/null 2>&1
status=$?
ok "no arguments: exit 2" [ "$status" -eq 2 ]
"$mkregions" -h >"$tmp/help" 2>/dev/null
status=$?
ok "-h: exit 0" [ "$status" -eq 0 ]
ok "-h: usage on stdout" grep -q usage "$tmp/help"

# ---- bad inputs ----

for case in "$here"/bad/*/; do
	name=$(basename "$case")
	c=$tmp/case
	rm -rf "$c"
	mkdir -p "$c/data" "$c/iso" "$c/locale/zh_CN/LC_MESSAGES"
	cp "$data"/* "$c/data/"
	cp "$iso"/iso_3166-1.json "$iso"/iso_3166-2.json "$c/iso/"
	cp "$locale"/zh_CN/LC_MESSAGES/iso_3166-1.mo "$locale"/zh_CN/LC_MESSAGES/iso_3166-2.mo \
		"$c/locale/zh_CN/LC_MESSAGES/"
	where() {
		case $1 in
		*.json) echo "$c/iso/$1" ;;
		*.mo) echo "$c/locale/zh_CN/LC_MESSAGES/$1" ;;
		*) echo "$c/data/$1" ;;
		esac
	}
	for f in "$case"*; do
		b=$(basename "$f")
		case $b in
		error | status) ;;
		edit) while IFS=$'\t' read -r file script; do
			[ -n "$file" ] && sed -i -e "$script" "$(where "$file")"
		done <"$f" ;;
		remove) while read -r file; do
			[ -n "$file" ] && rm -f "$(where "$file")"
		done <"$f" ;;
		*) cp "$f" "$(where "$b")" ;;
		esac
	done
	want_status=$(cat "$case/status" 2>/dev/null || echo 1)
	"$mkregions" "$c/data" "$c/iso" "$c/locale" >"$c/out" 2>"$c/err"
	status=$?
	[ -n "${SHOW_ERRORS:-}" ] && echo "$name: $(cat "$c/err")" >&2
	ok "bad/$name: exit $want_status (got $status)" [ "$status" -eq "$want_status" ]
	ok "bad/$name: message contains '$(cat "$case/error")' (got '$(cat "$c/err")')" \
		grep -qF -- "$(cat "$case/error")" "$c/err"
	ok "bad/$name: nothing on stdout" [ ! -s "$c/out" ]
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
