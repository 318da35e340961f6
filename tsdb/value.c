/* value.c — exact decimal parsing of reported values, with scales, and
 * shortest round-trip formatting. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "internal.h"

/* Scale words and suffixes, as powers of ten. Longest first where one is a
 * prefix of another. */
static const struct {
	const char *word;
	int exp;
} scales[] = {
    {"万亿", 12},     {"千亿", 11},    {"百亿", 10},     {"十亿", 9},    {"千万", 7},
    {"百万", 6},      {"亿", 8},       {"万", 4},        {"千", 3},      {"thousand", 3},
    {"million", 6},   {"billion", 9},  {"trillion", 12}, {"mn", 6},      {"bn", 9},
};

/* Finds a scale word at the end of s[0..len) (case-insensitive for ASCII),
 * returning its length and setting *exp, or 0. */
static size_t scale_suffix(const char *s, size_t len, int *exp)
{
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		size_t n = strlen(scales[i].word);
		if (n <= len && strncasecmp(s + len - n, scales[i].word, n) == 0) {
			*exp = scales[i].exp;
			return n;
		}
	}
	return 0;
}

/* Parses a scale argument: a word, or a power of ten ("1e4", "10000"). */
static int parse_scale(const char *scale, int *exp, tsdb_error *err)
{
	size_t len = strlen(scale);
	const char *p = scale;
	int e = 0;
	if (scale_suffix(scale, len, exp) == len && len)
		return 0;
	if (p[0] == '1' && p[1] == 'e') {
		char *end;
		if (p[2] != '-' && p[2] != '+' && (p[2] < '0' || p[2] > '9'))
			goto bad; /* strtol would skip spaces */
		long v = strtol(p + 2, &end, 10);
		if (*end || end == p + 2 || v < -30 || v > 30)
			goto bad;
		*exp = (int)v;
		return 0;
	}
	if (*p++ != '1')
		goto bad;
	for (; *p == '0'; p++)
		e++;
	if (*p || e > 30)
		goto bad;
	*exp = e;
	return 0;
bad:
	return ts_err(err, TSDB_EINVAL,
	              "scale \"%.40s\": expected 万, 亿, 万亿, thousand, million, billion, "
	              "trillion or a power of ten (1e4)",
	              scale);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* The plain parse: a decimal number, its scale word and '%'. quote, when
 * not NULL, is the text messages show (the whole value as written). */
static int parse_plain(const char *text, size_t len, const char *scale, double *out,
                       unsigned *flags, const char *quote, tsdb_error *err)
{
	char buf[512], shown[48];
	size_t n = 0, i = 0, intdigits = 0;
	int frac = 0, exp = 0, sexp = 0, neg = 0, any = 0, rc;
	unsigned fl = 0;

	if (len == (size_t)-1)
		len = strlen(text);
	size_t ns = ts_utf8_cut(text, len, 40); /* for messages */
	memcpy(shown, text, ns);
	shown[ns] = 0;
	if (quote)
		snprintf(shown, sizeof shown, "%s", quote);
	if (memchr(text, 0, len))
		return ts_err(err, TSDB_EINVAL, "value contains a NUL byte");
	while (len && is_space(text[len - 1]))
		len--;
	while (i < len && is_space(text[i]))
		i++;
	if (len && text[len - 1] == '%') {
		fl |= TSDB_VALUE_PERCENT;
		len--;
		while (len && is_space(text[len - 1]))
			len--;
	}
	if (len > i && (text[len - 1] < '0' || text[len - 1] > '9')) {
		size_t k = scale_suffix(text + i, len - i, &sexp);
		if (k) {
			fl |= TSDB_VALUE_SCALED;
			len -= k;
			while (len && is_space(text[len - 1]))
				len--;
		}
	}
	if (i < len && (text[i] == '-' || text[i] == '+'))
		neg = text[i++] == '-';
	/* integer part, with optional thousands separators in groups of three */
	int group = -1;
	for (; i < len; i++) {
		char c = text[i];
		if (c >= '0' && c <= '9') {
			if (n >= sizeof buf - 16)
				return ts_err(err, TSDB_EINVAL, "value \"%s…\": too many digits", shown);
			if (n || c != '0')
				buf[n++] = c;
			intdigits++;
			any = 1;
			if (group >= 0 && ++group > 3)
				goto bad_group;
		} else if (c == ',' && any) {
			if (group >= 0 && group != 3)
				goto bad_group;
			if (group < 0 && intdigits > 3)
				goto bad_group;
			group = 0;
		} else
			break;
	}
	if (group >= 0 && group != 3)
		goto bad_group;
	if (i < len && text[i] == '.') {
		for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			if (n >= sizeof buf - 16)
				return ts_err(err, TSDB_EINVAL, "value \"%s…\": too many digits", shown);
			if (n || text[i] != '0')
				buf[n++] = text[i];
			frac++;
			any = 1;
		}
	}
	if (!any)
		return ts_err(err, TSDB_EINVAL, "value \"%s\": expected a number", shown);
	if (i < len && (text[i] == 'e' || text[i] == 'E')) {
		/* read within len (text need not end there), digits only */
		size_t j = i + 1;
		int eneg = 0;
		long e = 0;
		if (j < len && (text[j] == '+' || text[j] == '-'))
			eneg = text[j++] == '-';
		if (j == len)
			return ts_err(err, TSDB_EINVAL, "value \"%s\": bad exponent", shown);
		for (; j < len; j++) {
			if (text[j] < '0' || text[j] > '9' || e > 100000)
				return ts_err(err, TSDB_EINVAL, "value \"%s\": bad exponent", shown);
			e = e * 10 + (text[j] - '0');
		}
		if (e > 100000)
			return ts_err(err, TSDB_EINVAL, "value \"%s\": bad exponent", shown);
		exp = (int)(eneg ? -e : e);
		i = len;
	}
	if (i != len) {
		size_t k = 1; /* the whole character, never a byte of it */
		while (i + k < len && ((unsigned char)text[i + k] & 0xC0) == 0x80)
			k++;
		return ts_err(err, TSDB_EINVAL,
		              "value \"%s\": unexpected \"%.*s\" after the number (scales: 万, 亿, 万亿, "
		              "thousand, million, billion, trillion; units: 元, 亿元, 家, 个百分点…; or a "
		              "trailing %%)",
		              shown, (int)k, text + i);
	}
	if (scale && *scale) {
		int e2;
		if ((rc = parse_scale(scale, &e2, err)))
			return rc;
		if (fl & TSDB_VALUE_SCALED)
			return ts_err(err, TSDB_EINVAL, "value \"%s\" carries its own scale; scale \"%s\" "
			              "would apply twice", shown, scale);
		sexp = e2;
		fl |= TSDB_VALUE_SCALED;
	}
	if (!n) {
		*out = neg ? -0.0 : 0.0;
		goto done;
	}
	/* digits * 10^(exp - frac + sexp), rounded once */
	int e10 = exp - frac + sexp;
	double v;
	if (n <= 15 && e10 >= -22 && e10 <= 22) {
		/* both factors are exact doubles (digits < 2^53, 10^22 < 2^75 with
		 * few bits), so one multiplication or division rounds once, as
		 * strtod would: no text to format and scan again */
		static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
		                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
		                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
		uint64_t m = 0;
		for (size_t k = 0; k < n; k++)
			m = m * 10 + (uint64_t)(buf[k] - '0');
		v = e10 >= 0 ? (double)m * pow10[e10] : (double)m / pow10[-e10];
		*out = neg ? -v : v;
		goto done;
	}
	snprintf(buf + n, sizeof buf - n, "e%d", e10);
	errno = 0;
	v = strtod(buf, NULL);
	if (errno == ERANGE || !isfinite(v) || v == 0)
		return ts_err(err, TSDB_EINVAL, "value \"%s\": out of range", shown);
	*out = neg ? -v : v;
done:
	if (flags)
		*flags = fl;
	return 0;
bad_group:
	return ts_err(err, TSDB_EINVAL, "value \"%s\": thousands separators must group three digits",
	              shown);
}

/* ---- values as tables write them ----
 * Tried only when the plain parse fails. Full-width digits, points, commas
 * and signs become ASCII; then, from the end, a qualifier word (左右), a
 * unit word (亿元 is 亿 and 元), 多 or 余, the scale, 多 or 余 again; from the
 * start a qualifier word (约, 超过, about); what is left is the number. */

/* Unit words: the unit each names, and others an indicator may be given
 * in for it ('|' between them). Longer first where one ends another (美元,
 * 元). */
static const struct {
	const char *word, *unit, *also;
} unit_words[] = {
    {"个百分点", "pp", ""},   {"百分点", "pp", ""},          {"美元", "USD", ""},
    {"元", "CNY", "yuan"},    {"千瓦时", "kWh", ""},         {"吨", "t", "tonne|tonnes"},
    {"平方公里", "km2", ""},  {"公里", "km", ""},            {"千米", "km", ""},
    {"人次", "count", "person|persons|people"},              {"人", "person", "persons|people|count"},
    {"家", "count", ""},      {"件", "count", ""},           {"个", "count", ""},
    {"项", "count", ""},      {"户", "count", "household|households"},
    {"台", "count", ""},      {"辆", "count", ""},           {"所", "count", ""},
    {"座", "count", ""},      {"篇", "count", ""},           {"部", "count", ""},
};

/* Qualifier words, before or after the number.  以上, 以下 and 以内 include
 * the number (规模以上 is revenue of 20 million yuan or more), as tsq verify
 * reads them; 不足, 低于, 超过, 逾, 多 and 余 do not. */
static const struct {
	const char *word;
	int q;
} before[] = {
    {"大约", TSDB_Q_APPROX},     {"约", TSDB_Q_APPROX},        {"将近", TSDB_Q_APPROX},
    {"接近", TSDB_Q_APPROX},     {"近", TSDB_Q_APPROX},        {"超过", TSDB_Q_GT},
    {"逾", TSDB_Q_GT},           {"多于", TSDB_Q_GT},          {"高于", TSDB_Q_GT},
    {"不足", TSDB_Q_LT},         {"不到", TSDB_Q_LT},          {"少于", TSDB_Q_LT},
    {"低于", TSDB_Q_LT},         {"about ", TSDB_Q_APPROX},    {"approximately ", TSDB_Q_APPROX},
    {"around ", TSDB_Q_APPROX},  {"nearly ", TSDB_Q_APPROX},   {"almost ", TSDB_Q_APPROX},
    {"over ", TSDB_Q_GT},        {"more than ", TSDB_Q_GT},    {"less than ", TSDB_Q_LT},
    {"under ", TSDB_Q_LT},       {"~", TSDB_Q_APPROX},         {">", TSDB_Q_GT},
    {"<", TSDB_Q_LT},
}, after[] = {
    {"左右", TSDB_Q_APPROX}, {"以上", TSDB_Q_GE}, {"以下", TSDB_Q_LE}, {"以内", TSDB_Q_LE},
};

/* Rewrites full-width digits, points, commas, signs and spaces as ASCII;
 * the length, or 0 when it does not fit. */
static size_t halfwidth(const char *s, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)s + i;
		char c = 0;
		size_t k = 1;
		if (i + 2 < len && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
			c = (char)('0' + u[2] - 0x90), k = 3;
		else if (i + 2 < len && u[0] == 0xEF && u[1] == 0xBC &&
		         (u[2] == 0x8E || u[2] == 0x8C || u[2] == 0x8D || u[2] == 0x8B || u[2] == 0x85))
			c = ".,-+%"[u[2] == 0x8E ? 0 : u[2] == 0x8C ? 1 : u[2] == 0x8D ? 2 : u[2] == 0x8B ? 3 : 4],
			k = 3;
		else if (i + 2 < len && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
			c = '-', k = 3; /* U+2212 minus sign */
		else if (i + 2 < len && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
			c = ' ', k = 3; /* ideographic space */
		else
			c = s[i];
		if (n + 1 >= cap)
			return 0;
		out[n++] = c;
		i += k;
	}
	out[n] = 0;
	return n;
}

static int ends_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return k <= n && memcmp(s + n - k, w, k) == 0;
}

/* Drops spaces at the end of s[0..*n), never below from. */
static void trim_end(const char *s, size_t *n, size_t from)
{
	while (*n > from && is_space(s[*n - 1]))
		(*n)--;
}

/* Is unit the unit word's, or one of its others? */
static int unit_fits(size_t w, const char *unit)
{
	size_t n = strlen(unit);
	if (strcmp(unit_words[w].unit, unit) == 0)
		return 1;
	for (const char *p = unit_words[w].also; p && *p; p = strchr(p, '|')) {
		if (*p == '|')
			p++;
		if (strncmp(p, unit, n) == 0 && (p[n] == '|' || !p[n]))
			return 1;
	}
	return 0;
}

/* 1: not a value of this kind (the plain parse's error stands); 0 or an
 * error code otherwise. */
static int parse_words(const char *text, size_t len, const char *scale, const char *unit,
                       double *out, tsdb_value_info *info, tsdb_error *err)
{
	char w[512], num[560], shown[48];
	size_t n, i = 0, k;
	int qb = -1, qa = -1, more = 0;
	const char *uword = NULL;
	size_t uw = 0;

	if (!(n = halfwidth(text, len, w, sizeof w)))
		return 1;
	k = ts_utf8_cut(text, len, 40);
	memcpy(shown, text, k);
	shown[k] = 0;
	trim_end(w, &n, i);
	while (i < n && is_space(w[i]))
		i++;
	for (size_t j = 0; j < sizeof before / sizeof *before && qb < 0; j++) {
		size_t m = strlen(before[j].word);
		if (m <= n - i && strncasecmp(w + i, before[j].word, m) == 0) {
			qb = before[j].q;
			for (i += m; i < n && is_space(w[i]);)
				i++;
		}
	}
	for (size_t j = 0; j < sizeof after / sizeof *after && qa < 0; j++)
		if (ends_with(w + i, n - i, after[j].word)) {
			qa = after[j].q;
			n -= strlen(after[j].word);
			trim_end(w, &n, i);
		}
	for (size_t j = 0; j < sizeof unit_words / sizeof *unit_words && !uword; j++)
		if (ends_with(w + i, n - i, unit_words[j].word)) {
			uword = unit_words[j].word;
			uw = j;
			n -= strlen(uword);
			trim_end(w, &n, i);
		}
	if (ends_with(w + i, n - i, "多") || ends_with(w + i, n - i, "余"))
		more = 1, n -= 3;
	/* the scale word, then 多 or 余 before it (12万余件, 1000余万元) */
	int sexp = 0;
	size_t sk = n > i ? scale_suffix(w + i, n - i, &sexp) : 0;
	size_t end = n - sk;
	if (sk && (ends_with(w + i, end - i, "多") || ends_with(w + i, end - i, "余")))
		more = 1, end -= 3;
	if (end <= i || end - i + sk >= sizeof num)
		return 1;
	for (size_t j = i; j < end; j++)
		if (!((w[j] >= '0' && w[j] <= '9') || w[j] == '.' || w[j] == ',' || w[j] == '-' ||
		      w[j] == '+' || w[j] == 'e' || w[j] == 'E' || w[j] == '%' || is_space(w[j])))
			return 1;
	if (qb < 0 && qa < 0 && !more && !uword && memcmp(w, text, n) == 0 && n == len)
		return 1; /* nothing of ours in it: the plain parse's error is the one */
	memcpy(num, w + i, end - i);
	memcpy(num + (end - i), w + n - sk, sk);
	int rc = parse_plain(num, end - i + sk, scale, out, &info->flags, shown, err);
	if (rc)
		return rc;
	/* the words must agree: 约 … 以上 says two things */
	int q = qb, said[2] = {qa, more ? TSDB_Q_GT : -1};
	for (int j = 0; j < 2; j++) {
		if (said[j] < 0 || said[j] == q)
			continue;
		if (q >= 0)
			return ts_err(err, TSDB_EINVAL, "value \"%s\": its words say both %s and %s", shown,
			              tsdb_qualifier_name(q), tsdb_qualifier_name(said[j]));
		q = said[j];
	}
	if (q >= 0) {
		info->qualifier = q;
		info->flags |= TSDB_VALUE_QUALIFIED;
	}
	if (uword) {
		info->unit = unit_words[uw].unit;
		info->flags |= TSDB_VALUE_UNIT;
		if ((info->flags & TSDB_VALUE_PERCENT))
			return ts_err(err, TSDB_EINVAL, "value \"%s\": both %% and %s", shown, uword);
		if (unit && !unit_fits(uw, unit))
			return ts_err(err, TSDB_EINVAL, "value \"%s\": %s is %s, but the indicator is "
			              "measured in %s", shown, uword, info->unit, unit);
	}
	return 0;
}

int tsdb_value_parse_ex(const char *text, size_t len, const char *scale, const char *unit,
                        double *out, tsdb_value_info *info, tsdb_error *err)
{
	tsdb_value_info local;
	int rc;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	if (len == (size_t)-1)
		len = strlen(text);
	/* the fast path: plain numbers, as machine-made files hold them */
	if ((rc = parse_plain(text, len, scale, out, &info->flags, NULL, NULL)) == 0)
		return 0;
	if (!memchr(text, 0, len) && (rc = parse_words(text, len, scale, unit, out, info, err)) != 1)
		return rc;
	memset(info, 0, sizeof *info);
	return parse_plain(text, len, scale, out, &info->flags, NULL, err);
}

int tsdb_value_parse(const char *text, size_t len, const char *scale, double *out,
                     unsigned *flags, tsdb_error *err)
{
	tsdb_value_info info;
	int rc = tsdb_value_parse_ex(text, len, scale, NULL, out, &info, err);
	if (!rc && flags)
		*flags = info.flags;
	return rc;
}

/* Writes v with prec significant digits as "%.*e" does; does it read back
 * as v? */
static int round_trips(double v, int prec, char *sci, size_t size)
{
	snprintf(sci, size, "%.*e", prec - 1, v);
	return strtod(sci, NULL) == v;
}

/* An integer below 2^53 is its own shortest decimal: every such integer is
 * a double, and its neighbours are at most 1 away. */
static size_t format_integer(double v, char *buf)
{
	char rev[20];
	long long i = (long long)v;
	unsigned long long u = i < 0 ? 0 - (unsigned long long)i : (unsigned long long)i;
	size_t n = 0, k = 0;
	if (signbit(v))
		buf[n++] = '-';
	do
		rev[k++] = (char)('0' + u % 10);
	while (u /= 10);
	while (k)
		buf[n++] = rev[--k];
	buf[n] = 0;
	return n;
}

/* A value with few decimals, written without printf: the first number of
 * decimals d at which m = v × 10^d, rounded, reads back as v (m / 10^d, one
 * correctly rounded division of exact doubles, is what strtod gives for the
 * decimal). While |m| < 10^15 at most one integer lies within v's rounding
 * interval, so m is that decimal's digits, and the first d the shortest.
 * Returns 0 when v needs more than that. */
static size_t format_fixed(double v, char *buf)
{
	static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	double a = fabs(v);
	for (int d = 1; d < 23 && a * p10[d] < 1e15; d++) {
		double m = nearbyint(a * p10[d]);
		if (m / p10[d] != a)
			continue;
		char digits[24];
		int nd = (int)format_integer(m, digits);
		size_t n = 0;
		if (signbit(v))
			buf[n++] = '-';
		if (nd <= d) {
			buf[n++] = '0';
			buf[n++] = '.';
			for (int k = nd; k < d; k++)
				buf[n++] = '0';
			memcpy(buf + n, digits, (size_t)nd);
			n += (size_t)nd;
		} else {
			memcpy(buf + n, digits, (size_t)(nd - d));
			n += (size_t)(nd - d);
			buf[n++] = '.';
			memcpy(buf + n, digits + nd - d, (size_t)d);
			n += (size_t)d;
		}
		buf[n] = 0;
		return n;
	}
	return 0;
}

size_t tsdb_value_format(double v, char *buf)
{
	char sci[40], digits[20];
	int prec, e, nd = 0;
	size_t n = 0;

	if (!isfinite(v))
		return (size_t)snprintf(buf, TSDB_VALUE_MAX, "%s", isnan(v) ? "nan" : "inf");
	if (fabs(v) < 9007199254740992.0 && v == (double)(long long)v)
		return format_integer(v, buf);
	if (fabs(v) >= DBL_MIN && (n = format_fixed(v, buf)) > 0)
		return n;
	if (fabs(v) >= DBL_MIN) {
		/* A decimal of at most DBL_DIG (15) significant digits comes back
		 * from the double nearest to it written with 15 digits. So if any
		 * such decimal reads back as v, the 15-digit form is it, padded
		 * with zeros (dropped below): the shortest. Only values that need
		 * 16 or 17 digits take another try. */
		if (!round_trips(v, 15, sci, sizeof sci) && !round_trips(v, 16, sci, sizeof sci))
			round_trips(v, 17, sci, sizeof sci);
	} else {
		/* subnormals carry fewer bits than DBL_DIG assumes: every length */
		for (prec = 1; prec <= 17; prec++)
			if (round_trips(v, prec, sci, sizeof sci))
				break;
	}
	/* sci is [-]d[.ddd]e[+-]xx */
	const char *p = sci;
	if (*p == '-') {
		buf[n++] = '-';
		p++;
	}
	for (; *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	e = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (nd == 1 && digits[0] == '0')
		e = 0;
	if (e < 0) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (int k = 0; k < -e - 1; k++)
			buf[n++] = '0';
		memcpy(buf + n, digits, (size_t)nd);
		n += (size_t)nd;
	} else if (e >= nd - 1) {
		memcpy(buf + n, digits, (size_t)nd);
		n += (size_t)nd;
		for (int k = 0; k < e - (nd - 1); k++)
			buf[n++] = '0';
	} else {
		memcpy(buf + n, digits, (size_t)e + 1);
		n += (size_t)e + 1;
		buf[n++] = '.';
		memcpy(buf + n, digits + e + 1, (size_t)(nd - e - 1));
		n += (size_t)(nd - e - 1);
	}
	buf[n] = 0;
	return n;
}
