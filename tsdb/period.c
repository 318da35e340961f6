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

int tsdb_period_parse(const char *text, size_t len, tsdb_period *out, tsdb_error *err)
{
	char whole[64];
	const char *slash;
	tsdb_period a, b;
	int rc;

	if (len == (size_t)-1)
		len = strlen(text);
	size_t shown = len < 40 ? len : 40; /* for messages; a copy is cheaper than snprintf */
	memcpy(whole, text, shown);
	whole[shown] = 0;
	if (len < 40 && memchr(text, 0, len))
		return ts_err(err, TSDB_EINVAL, "period contains a NUL byte");
	slash = memchr(text, '/', len);
	if (!slash)
		return parse_one(text, len, whole, out, err);
	if ((rc = parse_one(text, (size_t)(slash - text), whole, &a, err)) ||
	    (rc = parse_one(slash + 1, len - (size_t)(slash - text) - 1, whole, &b, err)))
		return rc;
	if (b.end < a.start)
		return ts_err(err, TSDB_EINVAL, "period \"%s\": the range ends before it starts",
		              whole);
	out->start = a.start;
	out->end = b.end;
	return 0;
}

int tsdb_date_parse(const char *text, size_t len, uint32_t *out, tsdb_error *err)
{
	tsdb_period p;
	int rc;
	if (len == (size_t)-1)
		len = strlen(text);
	if ((rc = tsdb_period_parse(text, len, &p, err)))
		return rc;
	if (p.start != p.end || len != 10)
		return ts_err(err, TSDB_EINVAL, "date \"%.*s\": expected YYYY-MM-DD",
		              (int)(len < 40 ? len : 40), text);
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

size_t tsdb_date_format(uint32_t d, char *buf)
{
	if (!d) {
		buf[0] = 0;
		return 0;
	}
	return (size_t)snprintf(buf, 11, "%04u-%02u-%02u", Y(d) % 10000, M(d) % 100, D(d) % 100);
}

size_t tsdb_period_format(tsdb_period p, char *buf)
{
	const size_t n = TSDB_PERIOD_MAX;
	unsigned y = Y(p.start) % 10000, m = M(p.start) % 100;
	switch (tsdb_period_freq(p)) {
	case TSDB_FREQ_DAY: return tsdb_date_format(p.start, buf);
	case TSDB_FREQ_MONTH: return (size_t)snprintf(buf, n, "%04u-%02u", y, m);
	case TSDB_FREQ_QUARTER: return (size_t)snprintf(buf, n, "%04u-Q%u", y, (m + 2) / 3);
	case TSDB_FREQ_HALF: return (size_t)snprintf(buf, n, "%04u-H%u", y, m == 1 ? 1 : 2);
	case TSDB_FREQ_YEAR: return (size_t)snprintf(buf, n, "%04u", y);
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
