/* verify.c — every fact checked against its source: the quote is in the
 * document, the value is a number of the quote read as the loader reads
 * values, the words beside it agree with the qualifier; and, as warnings,
 * the region is named and the period supported near the quote. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "verify.h"

/* Sentences before the quote's own that count as its context: a report
 * says "In the first half of the year, ..." once, then gives figures over
 * the next sentences. */
enum { CONTEXT_BEFORE = 3 };

/* Bytes after the quote's sentence where a date counts as the item's. */
enum { DATE_AFTER = 40 };

const char *tsdb_verdict_name(int v)
{
	static const char *const names[] = {"pass", "warn", "fail", "unchecked"};
	return v >= 0 && v < 4 ? names[v] : "?";
}

/* ---- the conflict rule ---- */

/* The values v (qualifier q) allows, as a range with open or closed ends. */
struct range {
	double lo, hi;
	int lo_open, hi_open;
};

static struct range range_of(double v, int q)
{
	double inf = __builtin_inf(), d = (v < 0 ? -v : v) * TS_ABOUT;
	switch (q) {
	case TSDB_Q_APPROX: return (struct range){v - d, v + d, 0, 0};
	case TSDB_Q_GT: return (struct range){v, inf, 1, 0};
	case TSDB_Q_GE: return (struct range){v, inf, 0, 0};
	case TSDB_Q_LT: return (struct range){-inf, v, 0, 1};
	case TSDB_Q_LE: return (struct range){-inf, v, 0, 0};
	}
	return (struct range){v, v, 0, 0};
}

int ts_values_agree(double a, int qa, double b, int qb)
{
	struct range x = range_of(a, qa), y = range_of(b, qb);
	double lo = x.lo > y.lo ? x.lo : y.lo, hi = x.hi < y.hi ? x.hi : y.hi;
	int lo_open = x.lo > y.lo ? x.lo_open : y.lo > x.lo ? y.lo_open : x.lo_open || y.lo_open;
	int hi_open = x.hi < y.hi ? x.hi_open : y.hi < x.hi ? y.hi_open : x.hi_open || y.hi_open;
	return lo < hi || (lo == hi && !lo_open && !hi_open);
}

int tsdb_values_agree(double a, int qa, double b, int qb)
{
	return ts_values_agree(a, qa, b, qb);
}

void ts_doc_free(struct ts_doc *d)
{
	free(d->text);
	*d = (struct ts_doc){0};
}

int ts_doc_load(tsdb_txn *t, uint32_t src, struct ts_doc *d, tsdb_error *err)
{
	tsdb_source s;
	char *raw = NULL;
	size_t len;
	int rc;
	if (d->source == src && src)
		return 0;
	ts_doc_free(d);
	if (!src)
		return 0;
	if ((rc = ts_source_by_key(t, src, &s, err)))
		return rc;
	snprintf(d->id, sizeof d->id, "%s", s.id);
	d->published = s.published;
	d->source = src;
	rc = tsdb_source_text_get(t, s.id, &raw, &len, NULL, err);
	if (rc == TSDB_NOTFOUND)
		return 0;
	if (rc)
		return rc;
	d->text = ts_quote_normal(raw, len);
	free(raw);
	return d->text ? 0 : ts_err(err, TSDB_ENOMEM, "out of memory");
}

/* ---- findings ---- */

static void say(tsdb_verification *v, int verdict, int reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(tsdb_verification *v, int verdict, int reason, const char *fmt, ...)
{
	size_t n = strlen(v->why);
	va_list ap;
	if (verdict > v->verdict) {
		v->verdict = verdict;
		v->reason = reason;
	}
	if (n && n + 2 < sizeof v->why) {
		memcpy(v->why + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(v->why + n, sizeof v->why - n, fmt, ap);
	va_end(ap);
}

/* ---- context ---- */

static int ends_sentence(const char *s, size_t i)
{
	if (!strncmp(s + i, "。", 3) || s[i] == '!' || s[i] == '?' || s[i] == ';')
		return 1;
	/* a full stop, not a decimal point or an abbreviation's dot */
	return s[i] == '.' && (s[i + 1] == ' ' || s[i + 1] == 0 || (unsigned char)s[i + 1] >= 0x80);
}

/* The quote's sentence and CONTEXT_BEFORE sentences before it, as
 * [*a, *b) of text, where the quote lies at [qa, qb). */
static void context(const char *text, size_t qa, size_t qb, size_t *a, size_t *b)
{
	size_t i = qa;
	for (int k = 0; k <= CONTEXT_BEFORE && i > 0; k++) {
		/* step over the end of the sentence before, then find its start */
		if (k)
			i--;
		while (i > 0 && !ends_sentence(text, i - 1))
			i--;
	}
	*a = i;
	size_t j = qb;
	while (text[j] && !(j > qb && ends_sentence(text, j - 1)))
		j++;
	*b = j;
}

/* Does ctx (len bytes) contain w: ASCII words whole and in any case, other
 * text as it is? */
static int says(const char *ctx, size_t len, const char *w)
{
	size_t n = strlen(w);
	int ascii = (unsigned char)w[0] < 0x80;
	for (size_t i = 0; i + n <= len; i++) {
		if (ascii ? strncasecmp(ctx + i, w, n) : strncmp(ctx + i, w, n))
			continue;
		if (!ascii)
			return 1;
		int l = i > 0 && ((ctx[i - 1] | 32) >= 'a' && (ctx[i - 1] | 32) <= 'z');
		int r = i + n < len && ((ctx[i + n] | 32) >= 'a' && (ctx[i + n] | 32) <= 'z');
		if (!l && !r)
			return 1;
	}
	return 0;
}

/* ---- the region ---- */

/* Forms a name takes in running text: 广东省 is 广东, Guangdong Sheng is
 * Guangdong. */
static const char *const zh_suffixes[] = {"壮族自治区", "回族自治区", "维吾尔自治区", "自治区",
                                          "特别行政区", "省", "市"};
static const char *const en_suffixes[] = {" Sheng", " Shi", " Zizhiqu", " Province",
                                          " Municipality", " City"};

static int names_one(const char *ctx, size_t len, const char *name)
{
	char buf[256];
	size_t n = strlen(name);
	/* a one-character alias (粤, 京) would be found in any text */
	if (n < 2 || (n < 6 && (unsigned char)name[0] >= 0x80) || n >= sizeof buf)
		return 0;
	if (says(ctx, len, name))
		return 1;
	memcpy(buf, name, n + 1);
	for (size_t i = 0; i < sizeof zh_suffixes / sizeof *zh_suffixes; i++) {
		size_t k = strlen(zh_suffixes[i]);
		if (n > k + 3 && !strcmp(buf + n - k, zh_suffixes[i])) {
			buf[n - k] = 0;
			return says(ctx, len, buf);
		}
	}
	for (size_t i = 0; i < sizeof en_suffixes / sizeof *en_suffixes; i++) {
		char *at = strstr(buf, en_suffixes[i]);
		if (at && at > buf) {
			*at = 0;
			/* "Ningxia Huizi Zizhiqu": the people's name goes too */
			char *sp = strrchr(buf, ' ');
			if (!strcmp(en_suffixes[i], " Zizhiqu") && sp)
				*sp = 0;
			return says(ctx, len, buf);
		}
	}
	return 0;
}

static int names_region(const char *ctx, size_t len, const tsdb_region *r)
{
	static const char *const country[] = {"China", "Chinese", "中国", "我国", "全国", "national",
	                                      "nationwide", "the country"};
	if (names_one(ctx, len, r->name) || names_one(ctx, len, r->name_zh))
		return 1;
	for (const char *p = r->aliases; *p;) {
		char buf[256];
		size_t n = strcspn(p, "|");
		if (n < sizeof buf) {
			memcpy(buf, p, n);
			buf[n] = 0;
			if (names_one(ctx, len, buf))
				return 1;
		}
		p += n + (p[n] == '|');
	}
	if (!strcmp(r->code, "CN"))
		for (size_t i = 0; i < sizeof country / sizeof *country; i++)
			if (says(ctx, len, country[i]))
				return 1;
	return 0;
}

/* ---- the period ---- */

/* Does ctx name the year y (as a number of four digits)? */
static int names_year(const char *ctx, size_t len, unsigned y)
{
	char w[8];
	snprintf(w, sizeof w, "%04u", y);
	for (size_t i = 0; i + 4 <= len; i++)
		if (!memcmp(ctx + i, w, 4) && (i == 0 || ctx[i - 1] < '0' || ctx[i - 1] > '9') &&
		    (i + 4 == len || ctx[i + 4] < '0' || ctx[i + 4] > '9'))
			return 1;
	return 0;
}

/* "this year" read against the publication year pub. */
static int year_meant(const char *ctx, size_t len, unsigned y, unsigned pub)
{
	if (names_year(ctx, len, y))
		return 1;
	if (y == pub && (says(ctx, len, "this year") || says(ctx, len, "the year") ||
	                 says(ctx, len, "今年") || says(ctx, len, "本年")))
		return 1;
	return y + 1 == pub && (says(ctx, len, "last year") || says(ctx, len, "去年"));
}

/* "for nine consecutive years" / "连续7年", ending in a year named: is y in
 * the run? */
static int in_run(const char *ctx, size_t len, unsigned y)
{
	for (size_t i = 0; i < len; i++) {
		int n = 0;
		size_t wl = 0, j;
		if (ctx[i] >= '0' && ctx[i] <= '9' && (i == 0 || ctx[i - 1] < '0' || ctx[i - 1] > '9')) {
			for (j = i; j < len && ctx[j] >= '0' && ctx[j] <= '9' && n < 1000; j++)
				n = n * 10 + (ctx[j] - '0');
			wl = j - i;
		} else if (!ts_number_word(ctx, len, i, &n, &wl))
			continue;
		size_t after = i + wl;
		int run = (!strncmp(ctx + after, " consecutive year", 17)) ||
		          (i >= 6 && !strncmp(ctx + i - 6, "连续", 6) && !strncmp(ctx + after, "年", 3));
		if (!run || n < 1)
			continue;
		for (unsigned last = y; last < y + (unsigned)n; last++)
			if (names_year(ctx, len, last))
				return 1;
	}
	return 0;
}

static const char *const months_en[] = {"January", "February", "March",     "April",
                                        "May",     "June",     "July",      "August",
                                        "September", "October", "November", "December"};

/* Does ctx say "January to May" for months 1..m (1-5月, 1至5月,
 * January-May, the first five months)? */
static int names_months_to(const char *ctx, size_t len, unsigned m)
{
	char w[64];
	static const char *const seps[] = {" to ", "-", " through ", "–"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(w, sizeof w, "January%s%s", seps[i], months_en[m - 1]);
		if (says(ctx, len, w))
			return 1;
	}
	snprintf(w, sizeof w, "1-%u月", m);
	if (says(ctx, len, w))
		return 1;
	snprintf(w, sizeof w, "1至%u月", m);
	if (says(ctx, len, w))
		return 1;
	snprintf(w, sizeof w, "前%u个月", m);
	return says(ctx, len, w);
}

static int supports_period(const char *ctx, size_t len, size_t after, tsdb_period p,
                           uint32_t published)
{
	unsigned y = p.start / 10000, y2 = p.end / 10000, pub = published / 10000;
	unsigned m1 = p.start / 100 % 100, m2 = p.end / 100 % 100;
	char w[32];
	switch (tsdb_period_freq(p)) {
	case TSDB_FREQ_DAY:
		/* a stock "at present": as of the publication date; or a date
		 * written beside the item (a news list dates each item after it) */
		snprintf(w, sizeof w, "%04u-%02u-%02u", y, m1, p.start % 100);
		if (p.start == published || says(ctx, len + after, w))
			return 1;
		snprintf(w, sizeof w, "%u年%u月%u日", y, m1, p.start % 100);
		return says(ctx, len + after, w);
	case TSDB_FREQ_YEAR:
		return year_meant(ctx, len, y, pub) || in_run(ctx, len, y);
	case TSDB_FREQ_HALF:
		return year_meant(ctx, len, y, pub) &&
		       (m1 == 1 ? says(ctx, len, "first half") || says(ctx, len, "上半年")
		                : says(ctx, len, "second half") || says(ctx, len, "下半年"));
	case TSDB_FREQ_MONTH:
		snprintf(w, sizeof w, "%u月", m1);
		return year_meant(ctx, len, y, pub) &&
		       (says(ctx, len, months_en[m1 - 1]) || says(ctx, len, w));
	default:
		break;
	}
	if (y == y2 && m1 == 1 && p.start % 100 == 1 && tsdb_period_months(p) > 0)
		return year_meant(ctx, len, y, pub) && names_months_to(ctx, len, m2);
	if (y != y2 && p.start % 10000 == 101 && p.end % 10000 == 1231) {
		if (names_year(ctx, len, y) && names_year(ctx, len, y2))
			return 1;
		/* "in the next three years", from the year of publication */
		for (size_t i = 0; i < len; i++) {
			int n;
			size_t wl;
			if (ts_number_word(ctx, len, i, &n, &wl) &&
			    (!strncmp(ctx + i + wl, " years", 6) || !strncmp(ctx + i + wl, "年", 3)) &&
			    y == pub && y2 == y + (unsigned)n - 1)
				return 1;
		}
	}
	return 0;
}

/* ---- one fact ---- */

static const char *bound_words(int q)
{
	switch (q) {
	case TSDB_Q_GT: return "more than";
	case TSDB_Q_GE: return "at least";
	case TSDB_Q_LT: return "less than";
	case TSDB_Q_LE: return "at most";
	case TSDB_Q_APPROX: return "about";
	}
	return "exactly";
}

/* The value against the numbers of the quote, and the qualifier against
 * the words beside the one that equals it. */
static void check_value(const char *quote, double value, int qualifier, tsdb_verification *v)
{
	struct ts_numbers ns = {0};
	char val[TSDB_VALUE_MAX];
	tsdb_value_format(value, val);
	if (ts_quote_numbers(quote, &ns)) {
		say(v, TSDB_VERIFY_FAIL, TSDB_VR_VALUE, "out of memory reading the quote's numbers");
		free(ns.v);
		return;
	}
	const struct ts_number *seen = NULL;
	for (size_t i = 0; i < ns.n; i++) {
		if (ns.v[i].value != value)
			continue;
		int q = ns.v[i].bound < 0 ? TSDB_Q_EQ : ns.v[i].bound;
		if (q == qualifier) {
			free(ns.v);
			return;
		}
		if (!seen)
			seen = &ns.v[i];
	}
	if (!seen) {
		char list[160] = "";
		size_t n = 0;
		for (size_t i = 0; i < ns.n; i++) {
			char b[TSDB_VALUE_MAX];
			tsdb_value_format(ns.v[i].value, b);
			int w = snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", b);
			if (w < 0 || (size_t)w >= sizeof list - n)
				break;
			n += (size_t)w;
		}
		say(v, TSDB_VERIFY_FAIL, TSDB_VR_VALUE, "the value %s is not a number of the quote (%s)",
		    val, n ? list : "it states none");
	} else {
		int said = seen->bound < 0 ? TSDB_Q_EQ : seen->bound;
		say(v, TSDB_VERIFY_FAIL, TSDB_VR_QUALIFIER,
		    "the quote says %s %.*s, the fact %s %s (qualifier %s)", bound_words(said),
		    (int)(seen->end - seen->start), quote + seen->start, bound_words(qualifier), val,
		    tsdb_qualifier_name(qualifier));
	}
	free(ns.v);
}

int ts_verify(const tsdb_region *r, tsdb_period p, double value, int qualifier, const char *quote,
              const struct ts_doc *d, tsdb_verification *out)
{
	*out = (tsdb_verification){0};
	if (!quote || !*quote) {
		out->verdict = TSDB_VERIFY_UNCHECKED;
		out->reason = TSDB_VR_NO_QUOTE;
		snprintf(out->why, sizeof out->why, "no quote");
		return 0;
	}
	if (!d->text) {
		out->verdict = TSDB_VERIFY_UNCHECKED;
		out->reason = TSDB_VR_NO_TEXT;
		snprintf(out->why, sizeof out->why, "%s%s", d->source ? d->id : "no source",
		         d->source ? " has no document" : "");
		return 0;
	}
	char *q = ts_quote_normal(quote, strlen(quote));
	if (!q)
		return TSDB_ENOMEM;
	size_t qn = strlen(q);
	/* a quote that ends a sentence may leave out its full stop */
	while (qn && (q[qn - 1] == '.' || !strncmp(q + qn - (qn >= 3 ? 3 : 0), "。", 3))) {
		qn -= q[qn - 1] == '.' ? 1 : 3;
		q[qn] = 0;
	}
	const char *at = qn ? strstr(d->text, q) : NULL;
	if (!at) {
		/* how far it agrees, to show where it departs: the longest
		 * prefix, a character at a time (only a failing quote pays) */
		size_t lo = 0;
		char keep;
		for (size_t k = 1; k <= qn; k++) {
			if (k < qn && ((unsigned char)q[k] & 0xC0) == 0x80)
				continue;
			keep = q[k];
			q[k] = 0;
			int found = strstr(d->text, q) != NULL;
			q[k] = keep;
			if (!found)
				break;
			lo = k;
		}
		while (lo > 0 && lo < qn && ((unsigned char)q[lo] & 0xC0) == 0x80)
			lo--;
		if (lo < 8)
			say(out, TSDB_VERIFY_FAIL, TSDB_VR_QUOTE, "the quote is not in the text of %s",
			    d->id);
		else
			say(out, TSDB_VERIFY_FAIL, TSDB_VR_QUOTE,
			    "the quote is not in the text of %s: it departs after \"…%.*s\" at \"%.24s\"",
			    d->id, (int)(lo < 24 ? lo : 24), q + lo - (lo < 24 ? lo : 24), q + lo);
		free(q);
		return 0;
	}
	check_value(q, value, qualifier, out);
	size_t a, b;
	context(d->text, (size_t)(at - d->text), (size_t)(at - d->text) + qn, &a, &b);
	if (!names_region(d->text + a, b - a, r))
		say(out, TSDB_VERIFY_WARN, TSDB_VR_REGION, "%s (%s) is not named in the quote or near it",
		    *r->name ? r->name : r->code, r->code);
	size_t after = strnlen(d->text + b, DATE_AFTER);
	if (!supports_period(d->text + a, b - a, after, p, d->published)) {
		char per[TSDB_PERIOD_MAX];
		tsdb_period_format(p, per);
		say(out, TSDB_VERIFY_WARN, TSDB_VR_PERIOD,
		    "the period %s is not supported by the quote or the date of %s", per, d->id);
	}
	free(q);
	return 0;
}

int tsdb_verify_obs(tsdb_txn *t, const tsdb_obs *obs, tsdb_verification *out, tsdb_error *err)
{
	struct ts_doc d = {0};
	tsdb_region r;
	tsdb_source s;
	int rc;
	if ((rc = tsdb_region_get(t, obs->region, &r, err)))
		return rc;
	if (obs->source && *obs->source &&
	    ((rc = tsdb_source_get(t, obs->source, &s, err)) || (rc = ts_doc_load(t, s.key, &d, err))))
		return rc;
	rc = ts_verify(&r, obs->period, obs->value, obs->qualifier, obs->quote, &d, out);
	ts_doc_free(&d);
	return rc ? ts_err(err, rc, "out of memory") : 0;
}

/* ---- every fact ---- */

struct each {
	tsdb_txn *t;
	const char *const *sources;
	size_t nsources;
	int (*fn)(const char *, const char *, const tsdb_point *, const tsdb_verification *, void *);
	void *arg;
	tsdb_error *err;
	struct ts_doc doc;
	const tsdb_region *region; /* the series' region, while its points are checked */
};

static int listed(const char *const *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], id))
			return 1;
	return n == 0;
}

static int check_point(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct each *e = arg;
	tsdb_verification v;
	tsdb_source s;
	uint32_t key = 0;
	int rc;
	if (!listed(e->sources, e->nsources, p->source))
		return 0;
	if (*p->source) {
		if ((rc = tsdb_source_get(e->t, p->source, &s, e->err)))
			return rc;
		key = s.key;
	}
	if ((rc = ts_doc_load(e->t, key, &e->doc, e->err)))
		return rc;
	if ((rc = ts_verify(e->region, p->period, p->value, p->qualifier, p->quote, &e->doc, &v)))
		return ts_err(e->err, rc, "out of memory");
	return e->fn(q->indicator, q->region, p, &v, e->arg);
}

static int one_series(const char *ind, const char *reg, void *arg)
{
	struct each *e = arg;
	tsdb_query q = {ind, reg, {0, 0}, {0, 0}, 0, 1};
	tsdb_region r;
	int rc;
	if ((rc = tsdb_region_get(e->t, reg, &r, e->err)))
		return rc;
	e->region = &r;
	return tsdb_point_each(e->t, &q, check_point, e, e->err);
}

int tsdb_verify_each(tsdb_txn *t, const char *const *sources, size_t nsources,
                     const char *const *indicators, size_t nindicators,
                     int (*fn)(const char *, const char *, const tsdb_point *,
                               const tsdb_verification *, void *),
                     void *arg, tsdb_error *err)
{
	struct each e = {t, sources, nsources, fn, arg, err, {0}, NULL};
	tsdb_source s;
	int rc = 0;
	for (size_t i = 0; i < nsources; i++)
		if ((rc = tsdb_source_get(t, sources[i], &s, err)))
			return rc;
	if (!nindicators)
		rc = tsdb_series_each(t, NULL, one_series, &e, err);
	for (size_t i = 0; i < nindicators && !rc; i++)
		rc = tsdb_series_each(t, indicators[i], one_series, &e, err);
	ts_doc_free(&e.doc);
	return rc;
}
