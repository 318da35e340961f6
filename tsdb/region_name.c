/* region_name.c — region names as matching sees them: folding (case, width, accents,
 * punctuation), administrative suffixes and stems, the keys of codes, and the suggestions for
 * a name that matches nothing. */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>

#include "region.h"

/* Characters dropped when folding: spaces and punctuation people vary. */
static int dropped(utf8proc_int32_t c)
{
	switch (c) {
	case ' ': case '\t': case '-': case '_': case '.': case '\'': case ',':
	case '(': case ')': case 0x2019: case 0x00B7: case 0x30FB: case 0x3000:
		return 1;
	}
	return 0;
}

char *ts_fold(const char *name)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	                                      UTF8PROC_STRIPMARK);
	if (n < 0)
		return NULL;
	utf8proc_uint8_t *r = m, *w = m;
	while (*r) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(r, -1, &c);
		if (k <= 0)
			break;
		if (!dropped(c)) {
			memmove(w, r, (size_t)k);
			w += k;
		}
		r += k;
	}
	*w = 0;
	return (char *)m;
}

int ts_fold_span(const char *name, size_t n, char **out)
{
	char raw[512];
	*out = NULL;
	if (n == 0 || n >= sizeof raw)
		return 0;
	memcpy(raw, name, n);
	raw[n] = 0;
	return (*out = ts_fold(raw)) ? 0 : TSDB_EINVAL;
}

/* Suffixes dropped to make a name's stem: administrative words in Chinese
 * and in pinyin or English. Longest first. */
static const char *const zh_suffix[] = {
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "盟", "区", "县", "旗",
    /* the same in traditional characters (OpenCC s2t), as the catalog holds them too */
    "特別行政區", "自治區", "自治縣", "地區", "林區", "區", "縣",
};
static const char *const en_suffix[] = {
    "special administrative region", "autonomous region", "autonomous prefecture",
    "municipality", "prefecture", "province", "district", "county", "region", "city",
    "zizhiqu", "zizhizhou", "zhuangzu", "huizu", "uygur", "sheng", "shi", "sar",
};
/* The peoples named in autonomous-area names (延边朝鲜族自治州). */
static const char *const peoples[] = {
    "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "乌孜别克", "俄罗斯", "鄂温克", "鄂伦春", "达斡尔",
    "蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗",
    "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "塔塔尔", "独龙",
    "赫哲", "门巴", "珞巴", "基诺", "高山", "回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白",
    "傣", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
    "維吾爾", "哈薩克", "柯爾克孜", "烏孜別克", "俄羅斯", "鄂溫克", "鄂倫春", "達斡爾", "朝鮮", "東鄉",
    "納西", "景頗", "錫伯", "塔塔爾", "獨龍", "門巴", "基諾", "壯", "滿", "瑤",
};

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int ends_with(const char *s, size_t n, const char *suf, int nocase)
{
	size_t k = strlen(suf);
	return k < n && (nocase ? strncasecmp(s + n - k, suf, k) : strncmp(s + n - k, suf, k)) == 0;
}

size_t ts_region_stem(const char *name, size_t n, int *autonomous)
{
	int again = 1;
	*autonomous = 0;
	while (again) {
		again = 0;
		while (n && name[n - 1] == ' ')
			n--;
		for (size_t i = 0; i < sizeof zh_suffix / sizeof *zh_suffix && !again; i++) {
			size_t k = strlen(zh_suffix[i]);
			if (ends_with(name, n, zh_suffix[i], 0) && utf8_chars(name, n - k) >= 2) {
				n -= k;
				*autonomous |= strncmp(zh_suffix[i], "自治", 6) == 0;
				again = 1;
			}
		}
		if (*autonomous && !again)
			for (size_t i = 0; i < sizeof peoples / sizeof *peoples && !again; i++) {
				char w[32];
				snprintf(w, sizeof w, "%s族", peoples[i]);
				if (ends_with(name, n, w, 0) && utf8_chars(name, n - strlen(w)) >= 2) {
					n -= strlen(w);
					again = 1;
				} else if (utf8_chars(peoples[i], strlen(peoples[i])) >= 2 &&
				           ends_with(name, n, peoples[i], 0) &&
				           utf8_chars(name, n - strlen(peoples[i])) >= 2) {
					/* 新疆维吾尔自治区 names its people without 族 */
					n -= strlen(peoples[i]);
					again = 1;
				}
			}
		for (size_t i = 0; i < sizeof en_suffix / sizeof *en_suffix && !again; i++) {
			size_t k = strlen(en_suffix[i]);
			/* a whole trailing word, and something left before it */
			if (ends_with(name, n, en_suffix[i], 1) && n > k + 1 && name[n - k - 1] == ' ') {
				n -= k + 1;
				again = 1;
			}
		}
	}
	return n;
}

int ts_has_cjk(const char *s, size_t n)
{
	/* lead bytes of U+3000-U+9FFF: CJK punctuation, kana, ideographs */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xE9)
			return 1;
	return 0;
}

size_t ts_code_key(const char *text, size_t n, char *buf, size_t size)
{
	size_t k = 0, i;
	char *wide = NULL;
	if (n > 256) /* no code is that long, even in full-width forms */
		return 0;
	for (i = 0; i < n && (unsigned char)text[i] < 0x80; i++)
		;
	if (i < n) {
		/* "ＣＮ－ＢＪ": full-width forms are a code too */
		char raw[256];
		utf8proc_uint8_t *m = NULL;
		if (n >= sizeof raw)
			return 0;
		memcpy(raw, text, n);
		raw[n] = 0;
		if (utf8proc_map((const utf8proc_uint8_t *)raw, 0, &m,
		                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT) < 0)
			return 0;
		wide = (char *)m;
		text = wide;
		n = strlen(wide);
	}
	if (n == 0 || n + 2 > size || n > 64)
		goto none;
	buf[k++] = CODE_PREFIX;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (!(isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':'))
			goto none;
		buf[k++] = (char)toupper(c);
	}
	buf[k] = 0;
	free(wide);
	return k;
none:
	free(wide);
	return 0;
}

/* Levenshtein distance between two strings of code points, capped. */
static int distance(const utf8proc_int32_t *a, int na, const utf8proc_int32_t *b, int nb)
{
	int row[130];
	if (nb > 128 || na > 128)
		return 99;
	for (int j = 0; j <= nb; j++)
		row[j] = j;
	for (int i = 1; i <= na; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= nb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

static int decode(const char *s, size_t n, utf8proc_int32_t *out, int max)
{
	int k = 0;
	while (n && k < max) {
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out[k]);
		if (l <= 0)
			break;
		s += l;
		n -= (size_t)l;
		k++;
	}
	return k;
}

int tsdb_distance(const char *x, const char *y)
{
	utf8proc_int32_t a[130], b[130];
	int na = decode(x, strlen(x), a, 129), nb = decode(y, strlen(y), b, 129);
	return distance(a, na, b, nb);
}

void ts_region_suggest(tsdb_txn *t, const char *name, char *buf, size_t size)
{
	struct { uint32_t key; int d; } best[3];
	int nbest = 0, na;
	utf8proc_int32_t a[130], b[130];
	MDB_cursor *cur;
	MDB_val k, v;
	char *f = ts_fold(name);
	if (!f)
		return;
	na = decode(f, strlen(f), a, 129);
	/* a Chinese name is likely a Chinese name misspelt: "Van (TR-65)" helps nobody */
	int cjk = ts_has_cjk(f, strlen(f));
	free(f);
	int limit = na <= 4 ? 1 : na <= 8 ? 2 : 3;
	if (mdb_cursor_open(t->txn, t->db->aliases, &cur))
		return;
	while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0) {
		if (k.mv_size && *(const char *)k.mv_data == CODE_PREFIX)
			continue;
		if (ts_has_cjk(k.mv_data, k.mv_size) != cjk)
			continue;
		int nb = decode(k.mv_data, k.mv_size, b, 129);
		if (abs(nb - na) > limit)
			continue;
		int d = distance(a, na, b, nb);
		uint32_t key = ts_get32((unsigned char *)v.mv_data + 1);
		if (d > limit)
			continue;
		int i, dup = 0;
		for (i = 0; i < nbest; i++)
			if (best[i].key == key) {
				dup = 1;
				if (d < best[i].d)
					best[i].d = d;
			}
		if (dup)
			continue;
		for (i = nbest; i > 0 && best[i - 1].d > d; i--)
			if (i < 3)
				best[i] = best[i - 1];
		if (i < 3) {
			best[i].key = key;
			best[i].d = d;
			if (nbest < 3)
				nbest++;
		}
	}
	mdb_cursor_close(cur);
	if (!nbest)
		return;
	size_t n = strlen(buf);
	n += (size_t)snprintf(buf + n, size - n < size ? size - n : 0, " — did you mean ");
	for (int i = 0; i < nbest && n < size; i++) {
		char d[160];
		ts_region_describe(t, best[i].key, d, sizeof d);
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? (i == nbest - 1 ? " or " : ", ") : "", d);
	}
	if (n < size)
		snprintf(buf + n, size - n, "?");
}
