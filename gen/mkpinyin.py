#!/usr/bin/env python3
# Dev-time generator of data/regions/pinyin.tsv: pinyin names for NBS prefectures and counties.
#
# Usage: gen/mkpinyin.py [DATA_DIR [PINYIN_DICT_GO]] > data/regions/pinyin.tsv
#   DATA_DIR        default data/regions (reads cities.csv, areas.csv, pinyin-overrides.tsv)
#   PINYIN_DICT_GO  default /usr/share/gocode/src/github.com/mozillazg/go-pinyin/pinyin_dict.go
#                   (Debian package golang-github-mozillazg-go-pinyin-dev, MIT licence)
#
# The output is committed data; the build never runs this script, so neither Python nor the
# Go package is a build dependency. Rerun it when the NBS edition or the overrides change.
#
# A name is the pinyin of the Chinese name without its generic suffix (常州市 -> Changzhou,
# 闵行区 -> Minhang), and without the ethnic groups of an autonomous unit
# (延边朝鲜族自治州 -> Yanbian). The suffix stays when dropping it would leave one character
# (沛县 -> Peixian, 城区 -> Chengqu), since a one-syllable name is too ambiguous to be useful.
# Syllables are joined without spaces, with an apostrophe before a syllable that starts
# with a, o or e (六安 -> Lu'an), as Hanyu Pinyin spells place names.

import csv
import os
import re
import subprocess
import sys
import unicodedata

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# (suffix, shortest remainder). Longest first: the first suffix whose removal leaves a long
# enough remainder wins. 林区 needs three: 神农架林区 is a forestry district, 万柏林区 a 区.
SUFFIXES = [("群岛的岛礁及其海域", 2), ("行政委员会", 2), ("自治州", 2), ("自治县", 2),
            ("自治旗", 2), ("联合旗", 2), ("地区", 2), ("新区", 2), ("林区", 3), ("特区", 2),
            ("矿区", 2), ("群岛", 2), ("市", 2), ("区", 2), ("县", 2), ("盟", 2), ("旗", 2)]

# The 55 minority nationalities as they appear in names of autonomous units, plus 各 (各族).
ETHNIC = sorted("""蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
    佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯
    阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲
    门巴 珞巴 基诺 各""".split(), key=len, reverse=True)

DEFAULT_DICT = "/usr/share/gocode/src/github.com/mozillazg/go-pinyin/pinyin_dict.go"
PACKAGE = "golang-github-mozillazg-go-pinyin-dev"


def die(msg):
    sys.exit("mkpinyin: " + msg)


def toneless(syllable):
    # ü must survive the accent stripping, so hide it behind a letter pinyin never uses.
    s = unicodedata.normalize("NFD", syllable)
    s = s.replace("u\u0308", "v")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("v", "ü")


def load_dict(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = re.match(r'\s*0x([0-9A-Fa-f]+): "([^"]*)",', line)
            if m:
                table[chr(int(m.group(1), 16))] = toneless(m.group(2).split(",")[0])
    if len(table) < 20000:
        die(f"{path}: only {len(table)} characters; not a go-pinyin dictionary?")
    return table


def load_overrides(path):
    overrides = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2:
                die(f"{path}:{lineno}: expected 2 tab-separated fields")
            word, syllables = fields[0], fields[1].split()
            if len(syllables) != len(word):
                die(f"{path}:{lineno}: {len(word)} characters but {len(syllables)} syllables")
            if word in overrides:
                die(f"{path}:{lineno}: duplicate entry {word}")
            overrides[word] = syllables
    return overrides


def strip_ethnic(core, bare_ok):
    # Bare names (哈萨克 without 族) only follow 自治; one-character ones never go bare.
    while True:
        for e in ETHNIC:
            if core.endswith(e + "族") and len(core) - len(e) - 1 >= 2:
                core = core[: -len(e) - 1]
                break
            if bare_ok and len(e) >= 2 and core.endswith(e) and len(core) - len(e) >= 2:
                core = core[: -len(e)]
                break
        else:
            return core


def core_name(name):
    for suffix, shortest in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= shortest:
            return strip_ethnic(name[: -len(suffix)], suffix.startswith("自治"))
    return name


def to_pinyin(word, table, overrides, used):
    longest = max((len(k) for k in overrides), default=0)
    syllables = []
    i = 0
    while i < len(word):
        for n in range(min(longest, len(word) - i), 0, -1):
            if word[i : i + n] in overrides:
                syllables += overrides[word[i : i + n]]
                used.add(word[i : i + n])
                i += n
                break
        else:
            if word[i] not in table:
                raise KeyError(word[i])
            syllables.append(table[word[i]])
            i += 1
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" + s) if s[0] in "aoe" else s
    return out[0].upper() + out[1:]


def package_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", PACKAGE],
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "data/regions"
    dict_path = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_DICT
    table = load_dict(dict_path)
    overrides = load_overrides(os.path.join(data_dir, "pinyin-overrides.tsv"))
    used = set()
    rows = []
    seen = set()
    for fname in ("cities.csv", "areas.csv"):
        path = os.path.join(data_dir, fname)
        with open(path, encoding="utf-8", newline="") as f:
            for lineno, rec in enumerate(csv.DictReader(f), 2):
                code, name = rec["code"], rec["name"]
                code = code.ljust(6, "0")
                # Prefectures without counties list themselves again as an area (441900 东莞市).
                if name in PLACEHOLDERS or code in seen:
                    continue
                seen.add(code)
                # Development zones (71-79) have descriptive names, not place names.
                if len(code) == 6 and "71" <= code[4:] <= "79":
                    continue
                try:
                    py = to_pinyin(core_name(name), table, overrides, used)
                except KeyError as e:
                    die(f"{path}:{lineno}: no pinyin for {e.args[0]!r} in {name}")
                rows.append((code, py))
    for word in sorted(set(overrides) - used):
        print(f"mkpinyin: note: override {word} matches no name", file=sys.stderr)
    print("# Pinyin names of NBS prefectures and counties: code<TAB>name. Generated by")
    print("# gen/mkpinyin.py; do not edit, fix pinyin-overrides.tsv and regenerate.")
    print(f"# Source: Debian {PACKAGE} {package_version()} (go-pinyin, MIT licence).")
    for code, py in sorted(rows):
        print(f"{code}\t{py}")


if __name__ == "__main__":
    main()
