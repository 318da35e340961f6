/* quote.c — reading report text as verify needs it: one normal form for
 * comparing quotes with documents, and the numbers a quote states, each
 * read by the loader's own value parser, with the words beside it that
 * bound it (超过, more than, 以上, nearly ...). */
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>

#include "verify.h"

/* Quotation marks of every script, compared as the ASCII ones. */
static int quote_mark(int32_t c)
{
	switch (c) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB: case 0x300C:
	case 0x300D: case 0x300E: case 0x300F: case 0x301D: case 0x301E:
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x0060:
		return '\'';
	}
	return 0;
}

static int space_like(int32_t c)
{
	if (c == 0 || c == 0x200B || c == 0xFEFF)
		return 2; /* zero width (and NUL, which no stored text holds): nothing */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* One pass: NFKC, then white space and quotation marks as above. */
static char *normal_pass(const char *s, size_t len)
{
	utf8proc_uint8_t *nf = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nf,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0)
		return NULL;
	char *out = malloc((size_t)n + 1);
	size_t o = 0;
	int pending = 0, prev_ascii = 0;
	if (!out) {
		free(nf);
		return NULL;
	}
	for (utf8proc_ssize_t i = 0; i < n;) {
		int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(nf + i, n - i, &c);
		if (k <= 0)
			break;
		int sp = space_like(c);
		if (sp) {
			pending |= sp == 1;
			i += k;
			continue;
		}
		int q = quote_mark(c);
		int ascii = (q ? q : c) < 0x80;
		/* a line break or space between words of a script without spaces
		 * (中文) is layout, not text; between Latin words it is one space */
		if (pending && prev_ascii && ascii && o)
			out[o++] = ' ';
		pending = 0;
		prev_ascii = ascii;
		if (q)
			out[o++] = (char)q;
		else {
			memcpy(out + o, nf + i, (size_t)k);
			o += (size_t)k;
		}
		i += k;
	}
	out[o] = 0;
	free(nf);
	return out;
}

/* Dropping white space can join a letter to a combining mark that NFKC
 * had left apart ("z \u0301" becomes "z\u0301", which composes to "ź"),
 * so text beyond ASCII takes a second pass; the second changes nothing
 * more, since NFKC output has no character that decomposes to a space. */
char *ts_quote_normal(const char *s, size_t len)
{
	char *once = normal_pass(s, len);
	if (!once)
		return NULL;
	size_t n = strlen(once);
	int ascii = 1;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)once[i] < 0x80;
	if (ascii)
		return once;
	char *twice = normal_pass(once, n);
	free(once);
	return twice;
}

/* ---- words ---- */

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Does s[at..) begin with the ASCII word w (case folded, whole word)? */
static int word_at(const char *s, size_t len, size_t at, const char *w)
{
	size_t n = strlen(w);
	if (at + n > len || strncasecmp(s + at, w, n))
		return 0;
	return (at == 0 || !is_alpha(s[at - 1]) || !is_alpha(w[0])) &&
	       (at + n == len || !is_alpha(s[at + n]) || !is_alpha(w[n - 1]));
}

/* Does s[0..end) end with w (a whole word when w is ASCII), allowing
 * spaces after it? Returns where w starts, or -1. */
static long ends_with(const char *s, size_t end, const char *w)
{
	while (end && s[end - 1] == ' ')
		end--;
	size_t n = strlen(w);
	if (n > end)
		return -1;
	size_t at = end - n;
	if (is_alpha(w[0]) ? !word_at(s, end, at, w) : strncmp(s + at, w, n) != 0)
		return -1;
	return (long)at;
}

static const char *const en_numbers[] = {"zero",    "one",     "two",       "three",    "four",
                                         "five",    "six",     "seven",     "eight",    "nine",
                                         "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                         "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                         "twenty"};
static const char *const en_ordinals[] = {"", "first", "second", "third", "fourth", "fifth",
                                          "sixth", "seventh", "eighth", "ninth", "tenth"};
/* 一 ... 十 and 两, as UTF-8 */
static const char *const zh_digits[] = {"零", "一", "二", "三", "四", "五",
                                        "六", "七", "八", "九", "十"};

int ts_number_word(const char *s, size_t len, size_t at, int *value, size_t *wlen)
{
	for (int i = 0; i <= 20; i++)
		if (word_at(s, len, at, en_numbers[i])) {
			*value = i;
			*wlen = strlen(en_numbers[i]);
			return 1;
		}
	for (int i = 0; i <= 10; i++)
		if (!strncmp(s + at, zh_digits[i], strlen(zh_digits[i])) && at + 3 <= len) {
			*value = i;
			*wlen = 3;
			return 1;
		}
	if (!strncmp(s + at, "两", 3) && at + 3 <= len) {
		*value = 2;
		*wlen = 3;
		return 1;
	}
	return 0;
}

/* ---- the numbers of a quote ---- */

/* Words that bound the number right after them, longest first where one
 * is the end of another (不超过 before 超过). */
static const struct {
	const char *w;
	int q;
} before[] = {
    {"不超过", TSDB_Q_LE},   {"不少于", TSDB_Q_GE},  {"不低于", TSDB_Q_GE},   {"不足", TSDB_Q_LT},
    {"超过", TSDB_Q_GT},     {"已超", TSDB_Q_GT},    {"突破", TSDB_Q_GT},     {"逾", TSDB_Q_GT},
    {"超", TSDB_Q_GT},       {"近", TSDB_Q_APPROX},  {"约", TSDB_Q_APPROX},   {"大约", TSDB_Q_APPROX},
    {"低于", TSDB_Q_LT},     {"至少", TSDB_Q_GE},    {"more than", TSDB_Q_GT}, {"over", TSDB_Q_GT},
    {"exceed", TSDB_Q_GT},   {"exceeds", TSDB_Q_GT}, {"exceeded", TSDB_Q_GT}, {"exceeding", TSDB_Q_GT},
    {"above", TSDB_Q_GT},    {"nearly", TSDB_Q_APPROX}, {"about", TSDB_Q_APPROX},
    {"around", TSDB_Q_APPROX}, {"approximately", TSDB_Q_APPROX}, {"almost", TSDB_Q_APPROX},
    {"some", TSDB_Q_APPROX}, {"at least", TSDB_Q_GE}, {"no less than", TSDB_Q_GE},
    {"less than", TSDB_Q_LT}, {"fewer than", TSDB_Q_LT}, {"under", TSDB_Q_LT},
    {"below", TSDB_Q_LT},    {"at most", TSDB_Q_LE}, {"no more than", TSDB_Q_LE},
};

/* Words after the number (and a classifier: 100家以上). */
static const struct {
	const char *w;
	int q;
} after[] = {
    {"以上", TSDB_Q_GE}, {"以下", TSDB_Q_LE}, {"以内", TSDB_Q_LE}, {"多", TSDB_Q_GT},
    {"余", TSDB_Q_GT},
    {"左右", TSDB_Q_APPROX}, {"or more", TSDB_Q_GE}, {"and above", TSDB_Q_GE},
    {"or less", TSDB_Q_LE}, {"plus", TSDB_Q_GT},
};

/* The bound the words around the number s[a..b) put on it, or -1. */
static int bound_words(const char *s, size_t len, size_t a, size_t b)
{
	for (size_t i = 0; i < sizeof before / sizeof *before; i++)
		if (ends_with(s, a, before[i].w) >= 0) {
			/* "no more than" ends in "more than": the longer wins */
			long at = ends_with(s, a, before[i].w);
			if (before[i].q == TSDB_Q_GT && at >= 3 && ends_with(s, (size_t)at, "no") >= 0)
				continue;
			if (before[i].q == TSDB_Q_GT && !strcmp(before[i].w, "超") &&
			    ends_with(s, a, "不超") >= 0)
				continue;
			return before[i].q;
		}
	size_t at = b;
	while (at < len && s[at] == ' ')
		at++;
	/* one classifier character may come between: 100家以上, 300多家 */
	for (int skip = 0; skip < 2; skip++) {
		for (size_t i = 0; i < sizeof after / sizeof *after; i++) {
			size_t n = strlen(after[i].w);
			if (is_alpha(after[i].w[0]) ? word_at(s, len, at, after[i].w)
			                            : at + n <= len && !strncmp(s + at, after[i].w, n))
				return after[i].q;
		}
		if (at >= len || (unsigned char)s[at] < 0xE0 || skip)
			break;
		at += 3; /* a CJK character */
	}
	return -1;
}

/* Scale words after a number, as the value parser knows them. */
static const char *const scale_words[] = {"万亿", "千亿", "百亿", "十亿", "千万", "百万",
                                          "亿",   "万",   "千",   "thousand", "million",
                                          "billion", "trillion"};

static int push(struct ts_numbers *ns, double v, int q, size_t a, size_t b)
{
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		struct ts_number *x = realloc(ns->v, cap * sizeof *x);
		if (!x)
			return -1;
		ns->v = x;
		ns->cap = cap;
	}
	ns->v[ns->n++] = (struct ts_number){v, q, a, b};
	return 0;
}

/* A number written with digits at s[at]: digits, separators and a
 * decimal point, a scale word and a per cent sign, read by
 * tsdb_value_parse exactly as a fact's value. */
static int digits_at(const char *s, size_t len, size_t at, double *v, size_t *end)
{
	size_t b = at;
	while (b < len && (is_digit(s[b]) || ((s[b] == ',' || s[b] == '.') && b + 1 < len &&
	                                      is_digit(s[b + 1]))))
		b++;
	size_t num_end = b, c = b;
	while (c < len && s[c] == ' ')
		c++;
	for (size_t i = 0; i < sizeof scale_words / sizeof *scale_words; i++) {
		size_t n = strlen(scale_words[i]);
		if (is_alpha(scale_words[i][0]) ? word_at(s, len, c, scale_words[i])
		                                : c + n <= len && !strncmp(s + c, scale_words[i], n)) {
			b = c + n;
			break;
		}
	}
	if (b < len && s[b] == '%')
		b++;
	char buf[96];
	if (b - at >= sizeof buf)
		return -1;
	memcpy(buf, s + at, b - at);
	buf[b - at] = 0;
	if (tsdb_value_parse(buf, b - at, NULL, v, NULL, NULL)) {
		/* "1,2" is no grouping; read the digits alone */
		memcpy(buf, s + at, num_end - at);
		buf[num_end - at] = 0;
		size_t k = strcspn(buf, ",");
		if (tsdb_value_parse(buf, k, NULL, v, NULL, NULL))
			return -1;
		b = at + k;
	}
	*end = b;
	return 0;
}

static int measure_word(const char *s)
{
	static const char *const words[] = {"大", "个", "项", "家", "年", "位", "名", "种",
	                                    "类", "条", "批", "次", "所", "座", "亿", "万"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strncmp(s, words[i], 3))
			return 1;
	return 0;
}

int ts_quote_numbers(const char *s, struct ts_numbers *ns)
{
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		double v;
		size_t end, wl;
		int w;
		if (is_digit(s[at]) && (at == 0 || !is_digit(s[at - 1]))) {
			if (digits_at(s, len, at, &v, &end)) {
				at++;
				continue;
			}
			if (push(ns, v, bound_words(s, len, at, end), at, end))
				return -1;
			at = end;
			continue;
		}
		/* 第一, 首位 and first: ranks; 两位数 and double-digit: ten or more */
		if (!strncmp(s + at, "两位数", 9) || word_at(s, len, at, "double-digit") ||
		    word_at(s, len, at, "double digit")) {
			size_t n = s[at] == 'd' ? 12 : 9;
			if (push(ns, 10, TSDB_Q_GE, at, at + n))
				return -1;
			at += n;
			continue;
		}
		if (!strncmp(s + at, "首位", 6) || !strncmp(s + at, "居首", 6)) {
			if (push(ns, 1, bound_words(s, len, at, at + 6), at, at + 6))
				return -1;
			at += 6;
			continue;
		}
		/* 五大, 六项, 三年: a numeral before a measure word; alone (一些,
		 * 统一) it is part of another word */
		if ((unsigned char)s[at] >= 0xE0 && ts_number_word(s, len, at, &w, &wl) &&
		    at + 6 <= len && measure_word(s + at + 3)) {
			if (push(ns, w, bound_words(s, len, at, at + 3), at, at + 3))
				return -1;
			at += 3;
			continue;
		}
		if (!strncmp(s + at, "第", 3) && ts_number_word(s, len, at + 3, &w, &wl)) {
			if (push(ns, w, -1, at, at + 3 + wl))
				return -1;
			at += 3 + wl;
			continue;
		}
		int hit = 0;
		for (int i = 1; i <= 10 && !hit; i++)
			if (word_at(s, len, at, en_ordinals[i])) {
				size_t n = strlen(en_ordinals[i]);
				if (push(ns, i, bound_words(s, len, at, at + n), at, at + n))
					return -1;
				at += n;
				hit = 1;
			}
		if (!hit && is_alpha(s[at]) && (at == 0 || !is_alpha(s[at - 1])) &&
		    ts_number_word(s, len, at, &w, &wl)) {
			/* "one million": a number word, then maybe a scale word */
			double m = w;
			size_t e = at + wl, c = e;
			while (c < len && s[c] == ' ')
				c++;
			static const struct {
				const char *w;
				double f;
			} sc[] = {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}};
			for (size_t i = 0; i < 4; i++)
				if (word_at(s, len, c, sc[i].w)) {
					m *= sc[i].f;
					e = c + strlen(sc[i].w);
				}
			if (push(ns, m, bound_words(s, len, at, e), at, e))
				return -1;
			at = e;
			hit = 1;
		}
		if (!hit)
			at++;
	}
	return 0;
}
