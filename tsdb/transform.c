/* transform.c — transforms of a series, with FRED's meanings: changes and
 * growth rates, logarithms, indexes, shares, compound growth and ranks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const names[] = {
    [TSDB_TR_NONE] = "none",   [TSDB_TR_YOY] = "yoy",     [TSDB_TR_POP] = "pop",
    [TSDB_TR_DIFF] = "diff",   [TSDB_TR_DIFF_YOY] = "diff_yoy", [TSDB_TR_PCA] = "pca",
    [TSDB_TR_LOG] = "log",     [TSDB_TR_INDEX] = "index", [TSDB_TR_SHARE] = "share",
    [TSDB_TR_CAGR] = "cagr",   [TSDB_TR_RANK] = "rank",   [TSDB_TR_DISCRETE] = "discrete",
};

const char *tsdb_transform_name(int op)
{
	return op >= 0 && op <= TSDB_TR_DISCRETE ? names[op] : "?";
}

int tsdb_transform_parse(const char *text, tsdb_transform *out, tsdb_error *err)
{
	const char *colon = strchr(text, ':');
	size_t len = colon ? (size_t)(colon - text) : strlen(text);
	memset(out, 0, sizeof *out);
	for (int op = TSDB_TR_YOY; op <= TSDB_TR_DISCRETE; op++)
		if (strlen(names[op]) == len && strncmp(names[op], text, len) == 0)
			out->op = op;
	if (!out->op)
		return ts_err(err, TSDB_EINVAL,
		              "unknown transform \"%.32s\": expected yoy, pop, diff, diff_yoy, pca, log, "
		              "index:PERIOD, share:REGION, cagr, rank or discrete",
		              text);
	if (out->op == TSDB_TR_INDEX || out->op == TSDB_TR_SHARE) {
		if (!colon || !colon[1])
			return ts_err(err, TSDB_EINVAL, "%s needs %s, as in %s", names[out->op],
			              out->op == TSDB_TR_INDEX ? "a base period" : "a region",
			              out->op == TSDB_TR_INDEX ? "index:2019" : "share:CN");
		if (out->op == TSDB_TR_INDEX)
			return tsdb_period_parse(colon + 1, (size_t)-1, &out->base, err);
		if (strlen(colon + 1) >= sizeof out->region)
			return ts_err(err, TSDB_EINVAL, "region name too long");
		strcpy(out->region, colon + 1);
	} else if (colon)
		return ts_err(err, TSDB_EINVAL, "%s takes no argument", names[out->op]);
	return 0;
}

int tsdb_transform_lookback(const tsdb_transform *t, tsdb_period first)
{
	int m;
	switch (t->op) {
	case TSDB_TR_YOY:
	case TSDB_TR_DIFF_YOY: return 12;
	case TSDB_TR_POP:
	case TSDB_TR_DIFF:
	case TSDB_TR_PCA:
		m = tsdb_period_months(first);
		return m ? m : 1;
	default: return 0;
	}
}

/* value of (a / b - 1) * 100 and its qualifier; 0 if it has none */
static int growth(const tsdb_sample *a, const tsdb_sample *b, double power, tsdb_sample *r)
{
	if (b->value == 0)
		return 0;
	double ratio = a->value / b->value;
	if (power != 1 && ratio <= 0)
		return 0;
	*r = *a;
	r->value = (power == 1 ? ratio - 1 : pow(ratio, power) - 1) * 100;
	r->qualifier = ts_qualifier_arith('/', a->qualifier, a->value, b->qualifier, b->value);
	ts_sample_join(r, a, b);
	return 1;
}

/* The sample a period before s (a year before when year is set). */
static const tsdb_sample *before(const tsdb_series *in, const tsdb_sample *s, int year)
{
	tsdb_period p;
	if (year ? tsdb_period_shift(s->period, -12, &p) : tsdb_period_prev(s->period, &p))
		return NULL;
	return tsdb_series_find(in, p);
}

/* The base value for an index of sample s: the base period's own value, or
 * the mean of s's frequency over the base period when it is covered whole. */
static int base_value(const tsdb_series *in, tsdb_period base, const tsdb_sample *s,
                      tsdb_sample *out)
{
	const tsdb_sample *b = tsdb_series_find(in, base);
	int freq = (int)tsdb_period_freq(s->period), want = tsdb_period_months(base), have = 0;
	size_t count = 0;
	if (b) {
		*out = *b;
		return 1;
	}
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < in->n; i++) {
		const tsdb_sample *x = &in->v[i];
		if ((int)tsdb_period_freq(x->period) != freq || x->period.start < base.start ||
		    x->period.end > base.end)
			continue;
		ts_sample_add(out, x, !count);
		have += tsdb_period_months(x->period);
		count++;
	}
	if (!count || !want || have != want)
		return 0;
	out->value /= (double)count;
	return 1;
}

int tsdb_transform_apply(const tsdb_transform *t, const tsdb_series *in, const tsdb_series *ref,
                         tsdb_series *out, tsdb_error *err)
{
	int rc;
	out->n = 0;
	if (t->op == TSDB_TR_CAGR) {
		/* from the first to the last value of the last one's frequency */
		const tsdb_sample *last = in->n ? &in->v[in->n - 1] : NULL, *first = NULL;
		for (size_t i = 0; last && i < in->n && !first; i++)
			if (tsdb_period_freq(in->v[i].period) == tsdb_period_freq(last->period))
				first = &in->v[i];
		if (!last || first == last)
			return 0;
		long m0 = (long)(first->period.start / 10000) * 12 + first->period.start / 100 % 100,
		     m1 = (long)(last->period.start / 10000) * 12 + last->period.start / 100 % 100;
		double years = (double)(m1 - m0) / 12;
		tsdb_sample r;
		if (years <= 0 || !growth(last, first, 1 / years, &r))
			return 0;
		r.period = (tsdb_period){first->period.start, last->period.end};
		return tsdb_series_push(out, &r, err);
	}
	if (t->op == TSDB_TR_SHARE && !ref)
		return ts_err(err, TSDB_EINVAL, "share needs the parent region's series");
	for (size_t i = 0; i < in->n; i++) {
		const tsdb_sample *s = &in->v[i], *p;
		tsdb_sample r = *s, b;
		int ok = 0, months;
		switch (t->op) {
		case TSDB_TR_YOY:
		case TSDB_TR_POP:
			ok = (p = before(in, s, t->op == TSDB_TR_YOY)) && growth(s, p, 1, &r);
			break;
		case TSDB_TR_DIFF:
		case TSDB_TR_DIFF_YOY:
			if ((p = before(in, s, t->op == TSDB_TR_DIFF_YOY))) {
				r.value = s->value - p->value;
				r.qualifier = ts_qualifier_arith('-', s->qualifier, s->value, p->qualifier, p->value);
				ts_sample_join(&r, s, p);
				ok = 1;
			}
			break;
		case TSDB_TR_PCA:
			months = tsdb_period_months(s->period);
			ok = months && (p = before(in, s, 0)) && growth(s, p, 12.0 / months, &r);
			break;
		case TSDB_TR_LOG:
			if ((ok = s->value > 0))
				r.value = log(s->value);
			break;
		case TSDB_TR_INDEX:
			if ((ok = base_value(in, t->base, s, &b) && b.value != 0)) {
				r.value = s->value / b.value * 100;
				r.qualifier = ts_qualifier_arith('/', s->qualifier, s->value, b.qualifier, b.value);
				ts_sample_join(&r, s, &b);
			}
			break;
		case TSDB_TR_SHARE:
			if ((ok = (p = tsdb_series_find(ref, s->period)) && p->value != 0)) {
				r.value = s->value / p->value * 100;
				r.qualifier = ts_qualifier_arith('/', s->qualifier, s->value, p->qualifier, p->value);
				ts_sample_join(&r, s, p);
			}
			break;
		case TSDB_TR_RANK:
		case TSDB_TR_NONE: ok = 1; break;
		case TSDB_TR_DISCRETE: return tsdb_series_discrete(in, out, NULL, NULL, err);
		default: return ts_err(err, TSDB_EINVAL, "unknown transform");
		}
		if (ok && isfinite(r.value) && (rc = tsdb_series_push(out, &r, err)))
			return rc;
	}
	return 0;
}

size_t ts_rank_next(size_t i, double value, double prev, size_t prev_rank)
{
	return i && value == prev ? prev_rank : i + 1;
}

/* One value for ranking. */
struct entry {
	tsdb_sample *s;
	double value;
};

static int by_period_then_value(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = tsdb_period_cmp(x->s->period, y->s->period);
	if (c)
		return c;
	return (x->value < y->value) - (x->value > y->value);
}

int tsdb_series_rank(tsdb_series *s, size_t n, tsdb_error *err)
{
	size_t total = 0, k = 0;
	struct entry *e;
	for (size_t i = 0; i < n; i++)
		total += s[i].n;
	if (!total)
		return 0;
	if (!(e = malloc(total * sizeof *e)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s[i].n; j++, k++)
			e[k] = (struct entry){&s[i].v[j], s[i].v[j].value};
	qsort(e, total, sizeof *e, by_period_then_value);
	/* ties share the better rank (competition ranking: 1 2 2 4) */
	for (size_t i = 0, first = 0, rank = 1; i < total; i++) {
		if (tsdb_period_cmp(e[i].s->period, e[first].s->period))
			first = i;
		rank = ts_rank_next(i - first, e[i].value, i > first ? e[i - 1].value : 0, rank);
		e[i].s->value = (double)rank;
		e[i].s->qualifier = e[i].s->qualifier == TSDB_Q_EQ ? TSDB_Q_EQ : TSDB_Q_APPROX;
	}
	free(e);
	return 0;
}
