/* period.c — parsing, formatting and ordering of periods. */
#include <stdio.h>

#include "internal.h"

static int leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned mdays(unsigned y, unsigned m)
{
	static const unsigned char d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0; /* not a month: a period made by hand or read from a damaged store */
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

unsigned ts_month_days(unsigned y, unsigned m)
{
	return mdays(y, m);
}

static uint32_t ymd(unsigned y, unsigned m, unsigned d)
{
	return y * 10000 + m * 100 + d;
}

/* Reads exactly n digits at s; -1 if they are not all digits. */
static int digits(const char *s, size_t len, size_t n)
{
	int v = 0;
	if (len < n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses one period without '/' (a year, half, quarter, month or day). */
static int parse_one(const char *s, size_t len, const char *whole, tsdb_period *out,
                     tsdb_error *err)
{
	int y, m, d;
	size_t nd = 0;
	while (nd < len && s[nd] >= '0' && s[nd] <= '9')
		nd++;
	if (len == 0)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": empty", whole);
	if (nd != 4 || (len > 4 && s[4] != '-'))
		return ts_err(err, TSDB_EINVAL,
		              "period \"%s\": expected a four-digit year (2024), 2024-H1, 2024-Q2, "
		              "2024-05, 2024-06-30 or a range 2024-01/2024-05",
		              whole);
	y = digits(s, len, 4);
	if (y < 1)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": year must be 0001-9999", whole);
	if (len == 4) {
		out->start = ymd((unsigned)y, 1, 1);
		out->end = ymd((unsigned)y, 12, 31);
		return 0;
	}
	s += 5;
	len -= 5;
	if (len == 2 && (s[0] == 'H' || s[0] == 'h' || s[0] == 'S' || s[0] == 's')) {
		if (s[1] != '1' && s[1] != '2')
			return ts_err(err, TSDB_EINVAL, "period \"%s\": half must be H1 or H2", whole);
		int h = s[1] - '0';
		out->start = ymd((unsigned)y, h == 1 ? 1 : 7, 1);
		out->end = ymd((unsigned)y, h == 1 ? 6 : 12, h == 1 ? 30 : 31);
		return 0;
	}
	if (len == 2 && (s[0] == 'Q' || s[0] == 'q')) {
		if (s[1] < '1' || s[1] > '4')
			return ts_err(err, TSDB_EINVAL, "period \"%s\": quarter must be Q1-Q4", whole);
		unsigned q = (unsigned)(s[1] - '0'), last = q * 3;
		out->start = ymd((unsigned)y, last - 2, 1);
		out->end = ymd((unsigned)y, last, mdays((unsigned)y, last));
		return 0;
	}
	m = digits(s, len, 2);
	if (m < 0 || (len != 2 && (len != 5 || s[2] != '-')))
		return ts_err(err, TSDB_EINVAL,
		              "period \"%s\": expected YYYY-MM, YYYY-MM-DD, YYYY-Qn or YYYY-Hn", whole);
	if (m < 1 || m > 12)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": month must be 01-12", whole);
	if (len == 2) {
		out->start = ymd((unsigned)y, (unsigned)m, 1);
		out->end = ymd((unsigned)y, (unsigned)m, mdays((unsigned)y, (unsigned)m));
		return 0;
	}
	d = digits(s + 3, 2, 2);
	if (d < 0)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": day must be two digits", whole);
	if (d < 1 || (unsigned)d > mdays((unsigned)y, (unsigned)m))
		return ts_err(err, TSDB_EINVAL, "period \"%s\": day must be 01-%02u in %04d-%02d",
		              whole, mdays((unsigned)y, (unsigned)m), y, m);
	out->start = out->end = ymd((unsigned)y, (unsigned)m, (unsigned)d);
	return 0;
}

enum { X_RANGE = 100 };

/* The canonical forms: one period, or two joined by '/'. X_RANGE when the
 * range ends before it starts. */
static int canonical(const char *text, size_t len, const char *whole, tsdb_period *out,
                     tsdb_error *err)
{
	const char *slash = memchr(text, '/', len);
	tsdb_period a, b;
	int rc;
	if (!slash)
		return parse_one(text, len, whole, out, err);
	if ((rc = parse_one(text, (size_t)(slash - text), whole, &a, err)) ||
	    (rc = parse_one(slash + 1, len - (size_t)(slash - text) - 1, whole, &b, err)))
		return rc;
	if (b.end < a.start)
		return X_RANGE;
	out->start = a.start;
	out->end = b.end;
	return 0;
}

/* ---- periods as reports write them ----
 * Tried only when the canonical parse fails, so that files of canonical
 * periods pay nothing. The text is first rewritten into a small ASCII
 * alphabet — digits (ASCII, full-width or Chinese), Y 年, M 月, D 日/号,
 * Q 季度 or Q, H 上半年/下半年/H/S, E 末/底, P 前 (前三季度), '~' a range
 * (至, 到, ～, dashes), '-' '/' '.' — and the patterns are read from that. */

enum { X_BAD = 1, X_NOYEAR, X_AMBIGUOUS, X_VALUE };

#define FORMS                                                                               \
	"accepted: 2024, 2024年, 2024-H1, 2024年上半年, 2024Q1, 2024年一季度, 2024年前三季度, " \
	"2024-05, 2024年1-5月, 2024-06-30, 2024年6月30日, 2024年末, 2021-2025, 十四五"

/* The five-year plans, 六五 (1981-1985) to 十五五 (2026-2030). */
static const struct {
	const char *name;
	unsigned first;
} plans[] = {{"六五", 1981},   {"七五", 1986},   {"八五", 1991},   {"九五", 1996},
             {"十五", 2001},   {"十一五", 2006}, {"十二五", 2011}, {"十三五", 2016},
             {"十四五", 2021}, {"十五五", 2026}};

/* Words dropped around a plan's name: quotes and 时期 ("“十四五”时期"). */
static const char *const plan_noise[] = {"“", "”", "\"", "「", "」", "《", "》", "时期",
                                         "期间", "规划", "计划"};

static int plan(const char *s, size_t len, tsdb_period *out)
{
	char name[32];
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		size_t k = 0;
		for (size_t w = 0; w < sizeof plan_noise / sizeof *plan_noise && !k; w++) {
			size_t m = strlen(plan_noise[w]);
			if (m <= len - i && memcmp(s + i, plan_noise[w], m) == 0)
				k = m;
		}
		if (k) {
			i += k;
			continue;
		}
		if (n == sizeof name - 1)
			return -1;
		name[n++] = s[i++];
	}
	name[n] = 0;
	for (size_t i = 0; i < sizeof plans / sizeof *plans; i++)
		if (strcmp(name, plans[i].name) == 0) {
			out->start = ymd(plans[i].first, 1, 1);
			out->end = ymd(plans[i].first + 4, 12, 31);
			return 0;
		}
	return -1;
}

/* Multi-byte words and what they become, longest first where they share a
 * beginning. */
static const struct {
	const char *word, *as;
} words[] = {
    {"上半年", "H1"}, {"下半年", "H2"}, {"季度", "Q"}, {"年度", "Y"},  {"月", "M"},   {"日", "D"},
    {"号", "D"},      {"年", "Y"},        {"末", "E"},   {"底", "E"},  {"前", "P"},   {"第", ""},
    {"〇", "0"},      {"零", "0"},      {"○", "0"},    {"一", "1"},  {"二", "2"},   {"两", "2"},
    {"三", "3"},      {"四", "4"},      {"五", "5"},   {"六", "6"},  {"七", "7"},   {"八", "8"},
    {"九", "9"},      {"至", "~"},      {"到", "~"},   {"～", "~"},  {"–", "~"},    {"—", "~"},
    {"―", "~"},       {"－", "~"},      {"“", ""},     {"”", ""},    {"时期", ""},  {"期间", ""},
    {"／", "/"},      {"．", "."},      {"季", "Q"},
};

/* Rewrites s into out (see above); its length, or -1 for a character that
 * is not part of any period. A Chinese 十 becomes the digits it stands
 * for: 十 10, 十二 12, 二十 20, 二十三 23. */
static int normalise(const char *s, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	int cjk_digit = 0; /* the previous character was a Chinese digit */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		const char *as = NULL;
		size_t k = 1;
		int digit = 0;
		char one[2] = {0, 0};
		if (n + 3 >= cap)
			return -1;
		if (c >= '0' && c <= '9')
			one[0] = (char)c, as = one;
		else if (c == 'Q' || c == 'q')
			as = "Q";
		else if (c == 'H' || c == 'h' || c == 'S' || c == 's')
			as = "H";
		else if (c == 'F' || c == 'f')
			as = "F";
		else if (c == 'Y' || c == 'y')
			as = "F"; /* FY */
		else if (c == '-' || c == '/' || c == '.' || c == '~')
			one[0] = (char)c, as = one;
		else if (c == '"')
			as = "";
		else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
		         (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
			one[0] = (char)('0' + (unsigned char)s[i + 2] - 0x90); /* full-width digit */
			as = one;
			k = 3;
		} else if (c == 0xE5 && i + 2 < len && memcmp(s + i, "十", 3) == 0) {
			k = 3;
			int next = 0;
			for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
				size_t m = strlen(words[w].word);
				if (m <= len - i - 3 && memcmp(s + i + 3, words[w].word, m) == 0 &&
				    words[w].as[0] >= '1' && words[w].as[0] <= '9')
					next = 1;
			}
			as = cjk_digit ? (next ? "" : "0") : (next ? "1" : "10");
			digit = 1;
		} else {
			for (size_t w = 0; w < sizeof words / sizeof *words && !as; w++) {
				size_t m = strlen(words[w].word);
				if (m <= len - i && memcmp(s + i, words[w].word, m) == 0) {
					as = words[w].as;
					k = m;
					digit = as[0] >= '0' && as[0] <= '9';
				}
			}
		}
		if (!as)
			return -1;
		/* one range sign for a doubled dash (——) */
		if (!(as[0] == '~' && n && out[n - 1] == '~'))
			for (; *as; as++)
				out[n++] = *as;
		cjk_digit = digit;
		i += k;
	}
	out[n] = 0;
	return (int)n;
}

/* Reads up to max digits at s[*i]; their value, and how many in *nd. */
static int number(const char *s, size_t *i, int max, int *nd)
{
	int v = 0, k = 0;
	while (k < max && s[*i] >= '0' && s[*i] <= '9')
		v = v * 10 + (s[(*i)++] - '0'), k++;
	*nd = k;
	return v;
}

static int x_value(tsdb_error *err, const char *whole, const char *what)
{
	ts_err(err, TSDB_EINVAL, "period \"%s\": %s", whole, what);
	return X_VALUE;
}

/* One period in the rewritten alphabet. year is the year of the range it
 * ends, when it has none of its own ("5M" in 2024年1-5月); unit is what a
 * bare number is when the other end of the range says ('M' in "1-5M"). */
static int single(const char *s, unsigned year, char unit, const char *whole, tsdb_period *out,
                  tsdb_error *err)
{
	size_t i = 0, j;
	int nd, v;
	unsigned y = year;
	j = 0;
	v = number(s, &j, 5, &nd);
	if (nd > 4)
		return X_BAD;
	if (nd == 4) {
		if (v < 1)
			return x_value(err, whole, "year must be 0001-9999");
		y = (unsigned)v;
		i = j;
		if (s[i] == 'Y')
			i++;
		else if (s[i] == '-')
			i++;
	}
	if (!y) /* 1-5月 has no year; 24 is no period at all */
		return strpbrk(s, "MQHPDE") ? X_NOYEAR : X_BAD;
	const char *r = s + i;
	if (!*r)
		goto bare;
	if (r[0] == 'E' && !r[1]) {
		if (i == 0)
			return X_NOYEAR;
		out->start = out->end = ymd(y, 12, 31);
		return 0;
	}
	if (r[0] == 'H' && (r[1] == '1' || r[1] == '2') && !r[2]) {
		int h = r[1] - '0';
		out->start = ymd(y, h == 1 ? 1 : 7, 1);
		out->end = ymd(y, h == 1 ? 6 : 12, h == 1 ? 30 : 31);
		return 0;
	}
	if ((r[0] == 'Q' && r[1] >= '0' && r[1] <= '9' && !r[2]) ||
	    (r[0] >= '0' && r[0] <= '9' && r[1] == 'Q' && !r[2]) ||
	    (r[0] == 'P' && r[1] >= '0' && r[1] <= '9' && r[2] == 'Q' && !r[3])) {
		unsigned q = (unsigned)(r[0] == 'Q' ? r[1] : r[0] == 'P' ? r[1] : r[0]) - '0';
		if (q < 1 || q > 4)
			return x_value(err, whole, "quarter must be Q1-Q4");
		out->start = ymd(y, r[0] == 'P' ? 1 : q * 3 - 2, 1);
		out->end = ymd(y, q * 3, mdays(y, q * 3));
		return 0;
	}
	j = 0;
	v = number(r, &j, 2, &nd);
	if (!nd)
		return X_BAD;
	if (r[j] == 'M' || (!r[j] && unit == 'M')) {
		if (v < 1 || v > 12)
			return x_value(err, whole, "month must be 01-12");
		unsigned m = (unsigned)v;
		if (!r[j] || !r[j + 1]) {
			out->start = ymd(y, m, 1);
			out->end = ymd(y, m, mdays(y, m));
			return 0;
		}
		j++;
		if (r[j] == 'E' && !r[j + 1]) {
			out->start = out->end = ymd(y, m, mdays(y, m));
			return 0;
		}
		v = number(r, &j, 2, &nd);
		if (!nd || r[j] != 'D' || r[j + 1])
			return X_BAD;
		if (v < 1 || (unsigned)v > mdays(y, m)) {
			char what[40];
			snprintf(what, sizeof what, "day must be 01-%02u in %04u-%02u", mdays(y, m), y, m);
			return x_value(err, whole, what);
		}
		out->start = out->end = ymd(y, m, (unsigned)v);
		return 0;
	}
	if (!r[j] && unit == 'Q') {
		if (v < 1 || v > 4)
			return x_value(err, whole, "quarter must be Q1-Q4");
		out->start = ymd(y, (unsigned)v * 3 - 2, 1);
		out->end = ymd(y, (unsigned)v * 3, mdays(y, (unsigned)v * 3));
		return 0;
	}
	return X_BAD;
bare:
	if (i == 0)
		return X_BAD;
	out->start = ymd(y, 1, 1);
	out->end = ymd(y, 12, 31);
	return 0;
}

/* 2024-6-30, 2024/6/30, 2024.6.30: a day, the separators alike. */
static int slashed_day(const char *s, const char *whole, tsdb_period *out, tsdb_error *err)
{
	size_t i = 0;
	int nd, y = number(s, &i, 4, &nd), m, d;
	char sep = s[i];
	if (nd != 4 || (sep != '-' && sep != '/' && sep != '.'))
		return X_BAD;
	i++;
	m = number(s, &i, 2, &nd);
	if (!nd || s[i] != sep)
		return X_BAD;
	i++;
	d = number(s, &i, 2, &nd);
	if (!nd || s[i])
		return X_BAD;
	if (y < 1)
		return x_value(err, whole, "year must be 0001-9999");
	if (m < 1 || m > 12)
		return x_value(err, whole, "month must be 01-12");
	if (d < 1 || (unsigned)d > mdays((unsigned)y, (unsigned)m)) {
		char what[40];
		snprintf(what, sizeof what, "day must be 01-%02u in %04d-%02d", mdays((unsigned)y, (unsigned)m),
		         y, m);
		return x_value(err, whole, what);
	}
	out->start = out->end = ymd((unsigned)y, (unsigned)m, (unsigned)d);
	return 0;
}

static int extended(const char *text, size_t len, const char *whole, tsdb_period *out,
                    tsdb_error *err)
{
	char s[96];
	tsdb_period a, b;
	int n, rc;

	if (plan(text, len, out) == 0)
		return 0;
	if ((n = normalise(text, len, s, sizeof s)) <= 0)
		return X_BAD;
	if (strchr(s, 'F'))
		return X_AMBIGUOUS;
	if ((rc = slashed_day(s, whole, out, err)) != X_BAD)
		return rc;
	/* 2024/25: a fiscal year, or a range written short? */
	if (n >= 6 && n <= 7 && s[4] == '/' && strspn(s, "0123456789/") == (size_t)n)
		return X_AMBIGUOUS;
	char *sep = strchr(s, '~');
	if (!sep)
		sep = strchr(s, '-');
	if (!sep)
		return single(s, 0, 0, whole, out, err);
	*sep = 0;
	const char *right = sep + 1;
	size_t k = 0;
	int nd;
	int ly = number(s, &k, 5, &nd);
	size_t rl = strlen(right);
	if ((rc = single(right, nd == 4 ? (unsigned)ly : 0, 0, whole, &b, err)))
		return rc;
	if ((rc = single(s, 0, rl ? right[rl - 1] : 0, whole, &a, err)))
		return rc;
	if (b.end < a.start)
		return x_value(err, whole, "the range ends before it starts");
	out->start = a.start;
	out->end = b.end;
	return 0;
}

static int is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

int tsdb_period_parse(const char *text, size_t len, tsdb_period *out, tsdb_error *err)
{
	char whole[64];
	int rc;

	if (len == (size_t)-1)
		len = strlen(text);
	size_t shown = ts_utf8_cut(text, len, 40); /* for messages; a copy is cheaper than snprintf */
	memcpy(whole, text, shown);
	whole[shown] = 0;
	if (memchr(text, 0, len))
		return ts_err(err, TSDB_EINVAL, "period contains a NUL byte");
	/* the canonical forms first, without an error to fill (the hot path) */
	if ((rc = canonical(text, len, whole, out, NULL)) == 0)
		return 0;
	if (rc == X_RANGE)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": the range ends before it starts", whole);
	tsdb_error x = {0}, e = {0};
	switch (extended(text, len, whole, out, &x)) {
	case 0: return 0;
	case X_VALUE: return ts_err(err, TSDB_EINVAL, "%s", x.text);
	case X_NOYEAR:
		return ts_err(err, TSDB_EINVAL, "period \"%s\" has no year (2024年%s?); %s", whole, whole,
		              FORMS);
	case X_AMBIGUOUS:
		return ts_err(err, TSDB_EINVAL,
		              "period \"%s\" could mean two things (a fiscal year or two years): say "
		              "which, 2024-04/2025-03 or 2024/2025; %s",
		              whole, FORMS);
	default:
		if (is_ascii(text, len)) {
			canonical(text, len, whole, out, &e);
			return ts_err(err, TSDB_EINVAL, "%s", e.text);
		}
		return ts_err(err, TSDB_EINVAL, "period \"%s\": not a period; %s", whole, FORMS);
	}
}

int tsdb_date_parse(const char *text, size_t len, uint32_t *out, tsdb_error *err)
{
	tsdb_period p;
	int rc;
	if (len == (size_t)-1)
		len = strlen(text);
	if ((rc = tsdb_period_parse(text, len, &p, err)))
		return rc;
	/* any spelling of one day: 2024-06-30, 2024年6月30日, 2024年末 */
	if (p.start != p.end)
		return ts_err(err, TSDB_EINVAL, "date \"%.*s\": expected a day (YYYY-MM-DD, 2024年6月30日)",
		              (int)ts_utf8_cut(text, len, 40), text);
	*out = p.start;
	return 0;
}

#define Y(d) ((d) / 10000)
#define M(d) ((d) / 100 % 100)
#define D(d) ((d) % 100)

static int month_end(uint32_t d)
{
	return D(d) == mdays(Y(d), M(d));
}

enum tsdb_freq tsdb_period_freq(tsdb_period p)
{
	if (p.start == p.end)
		return TSDB_FREQ_DAY;
	if (D(p.start) != 1 || !month_end(p.end) || Y(p.start) != Y(p.end))
		return TSDB_FREQ_SPAN;
	unsigned m0 = M(p.start), m1 = M(p.end);
	if (m0 == m1)
		return TSDB_FREQ_MONTH;
	if (m1 == m0 + 2 && m0 % 3 == 1)
		return TSDB_FREQ_QUARTER;
	if (m1 == m0 + 5 && m0 % 6 == 1)
		return TSDB_FREQ_HALF;
	if (m0 == 1 && m1 == 12)
		return TSDB_FREQ_YEAR;
	return TSDB_FREQ_SPAN;
}

/* Writes v (below 10^width) as width digits with leading zeros: an export
 * formats a period and a vintage on every row, and snprintf was a tenth of
 * its time. */
static char *put_digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

size_t tsdb_date_format(uint32_t d, char *buf)
{
	if (!d) {
		buf[0] = 0;
		return 0;
	}
	char *p = put_digits(buf, Y(d) % 10000, 4);
	*p++ = '-';
	p = put_digits(p, M(d) % 100, 2);
	*p++ = '-';
	p = put_digits(p, D(d) % 100, 2);
	*p = 0;
	return 10;
}

size_t tsdb_period_format(tsdb_period p, char *buf)
{
	const size_t n = TSDB_PERIOD_MAX;
	unsigned y = Y(p.start) % 10000, m = M(p.start) % 100;
	switch (tsdb_period_freq(p)) {
	case TSDB_FREQ_DAY: return tsdb_date_format(p.start, buf);
	case TSDB_FREQ_MONTH:
		put_digits(buf, y, 4);
		buf[4] = '-';
		put_digits(buf + 5, m, 2);
		buf[7] = 0;
		return 7;
	case TSDB_FREQ_QUARTER: return (size_t)snprintf(buf, n, "%04u-Q%u", y, (m + 2) / 3);
	case TSDB_FREQ_HALF: return (size_t)snprintf(buf, n, "%04u-H%u", y, m == 1 ? 1 : 2);
	case TSDB_FREQ_YEAR:
		put_digits(buf, y, 4);
		buf[4] = 0;
		return 4;
	case TSDB_FREQ_SPAN: break;
	}
	if (D(p.start) == 1 && month_end(p.end)) {
		if (M(p.start) == 1 && M(p.end) == 12)
			return (size_t)snprintf(buf, n, "%04u/%04u", y, Y(p.end) % 10000);
		return (size_t)snprintf(buf, n, "%04u-%02u/%04u-%02u", y, m, Y(p.end) % 10000,
		                        M(p.end) % 100);
	}
	size_t k = tsdb_date_format(p.start, buf);
	buf[k++] = '/';
	return k + tsdb_date_format(p.end, buf + k);
}

int tsdb_period_cmp(tsdb_period a, tsdb_period b)
{
	if (a.start != b.start)
		return a.start < b.start ? -1 : 1;
	if (a.end != b.end)
		return a.end < b.end ? -1 : 1;
	return 0;
}

/* d moved by n months; a month's last day stays its last day, other days
 * are clamped to the length of the month they land in. */
static uint32_t shift_date(uint32_t d, int n)
{
	int total = (int)Y(d) * 12 + (int)M(d) - 1 + n;
	unsigned y = (unsigned)(total / 12), m = (unsigned)(total % 12) + 1, day = D(d);
	if (month_end(d) || day > mdays(y, m))
		day = mdays(y, m);
	return ymd(y, m, day);
}

int tsdb_period_shift(tsdb_period p, int months, tsdb_period *out)
{
	int first = (int)Y(p.start) * 12 + (int)M(p.start) - 1 + months;
	int last = (int)Y(p.end) * 12 + (int)M(p.end) - 1 + months;
	if (first < 12 || last >= 10000 * 12)
		return TSDB_EINVAL;
	out->start = shift_date(p.start, months);
	out->end = shift_date(p.end, months);
	return 0;
}

/* The day before or after d. */
static uint32_t next_day(uint32_t d, int dir)
{
	unsigned y = Y(d), m = M(d), day = D(d);
	if (dir > 0) {
		if (day < mdays(y, m))
			return ymd(y, m, day + 1);
		return m == 12 ? ymd(y + 1, 1, 1) : ymd(y, m + 1, 1);
	}
	if (day > 1)
		return ymd(y, m, day - 1);
	if (m == 1)
		return ymd(y - 1, 12, 31);
	return ymd(y, m - 1, mdays(y, m - 1));
}

int tsdb_period_prev(tsdb_period p, tsdb_period *out)
{
	static const int months[] = {[TSDB_FREQ_MONTH] = 1, [TSDB_FREQ_QUARTER] = 3,
	                             [TSDB_FREQ_HALF] = 6, [TSDB_FREQ_YEAR] = 12};
	enum tsdb_freq f = tsdb_period_freq(p);
	if (f == TSDB_FREQ_DAY) {
		if (p.start <= 10101)
			return TSDB_EINVAL;
		out->start = out->end = next_day(p.start, -1);
		return 0;
	}
	if (f == TSDB_FREQ_SPAN)
		return TSDB_EINVAL;
	return tsdb_period_shift(p, -months[f], out);
}

uint32_t tsdb_date_add_days(uint32_t d, int days)
{
	for (; days > 0; days--)
		d = next_day(d, 1);
	for (; days < 0; days++)
		d = next_day(d, -1);
	return d;
}

int tsdb_period_months(tsdb_period p)
{
	if (D(p.start) != 1 || !month_end(p.end))
		return 0;
	return ((int)Y(p.end) * 12 + (int)M(p.end)) - ((int)Y(p.start) * 12 + (int)M(p.start)) + 1;
}
