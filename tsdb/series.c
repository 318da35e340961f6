/* series.c — series in memory: reading one, converting its frequency,
 * year-to-date de-accumulation, and how qualifiers and statuses follow
 * arithmetic. The transforms are in transform.c. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void tsdb_series_free(tsdb_series *s)
{
	if (s) {
		free(s->v);
		memset(s, 0, sizeof *s);
	}
}

int tsdb_series_push(tsdb_series *s, const tsdb_sample *x, tsdb_error *err)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		tsdb_sample *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return ts_err(err, TSDB_ENOMEM, "out of memory");
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = *x;
	return 0;
}

const tsdb_sample *tsdb_series_find(const tsdb_series *s, tsdb_period p)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = tsdb_period_cmp(s->v[mid].period, p);
		if (c == 0)
			return &s->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int tsdb_point_each(tsdb_txn *t, const tsdb_query *q,
                    int (*fn)(const tsdb_query *q, const tsdb_point *p, void *arg), void *arg,
                    tsdb_error *err)
{
	tsdb_cursor *cur;
	tsdb_point p;
	int rc;
	if ((rc = tsdb_cursor_open(t, q, &cur, err)))
		return rc;
	while ((rc = tsdb_cursor_next(cur, &p, err)) == 0)
		if ((rc = fn(q, &p, arg))) {
			tsdb_cursor_close(cur);
			return rc; /* fn's own, even TSDB_NOTFOUND */
		}
	tsdb_cursor_close(cur);
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

struct reading {
	tsdb_series *out;
	tsdb_error *err;
};

static int push_point(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct reading *r = arg;
	tsdb_sample x = {p->period, p->value, p->qualifier, p->status, p->source, 0};
	(void)q;
	return tsdb_series_push(r->out, &x, r->err);
}

int tsdb_series_read(tsdb_txn *t, const tsdb_query *q, tsdb_series *out, tsdb_error *err)
{
	tsdb_query lq = *q;
	struct reading r = {out, err};
	out->n = 0;
	lq.versions = 0;
	return tsdb_point_each(t, &lq, push_point, &r, err);
}

/* ---- qualifiers and statuses through arithmetic ----
 * A qualifier says where the truth lies: exactly here (=), near (~), above
 * (> >=) or below (< <=). A result keeps a direction when every inexact
 * operand pushes it the same way, and is "~" otherwise. */
enum { EXACT = 0, ABOVE = 1, BELOW = -1, NEAR = 2 };

struct bound {
	int dir;
	int strict;
};

static struct bound bound_of(int q)
{
	switch (q) {
	case TSDB_Q_APPROX: return (struct bound){NEAR, 0};
	case TSDB_Q_GT: return (struct bound){ABOVE, 1};
	case TSDB_Q_GE: return (struct bound){ABOVE, 0};
	case TSDB_Q_LT: return (struct bound){BELOW, 1};
	case TSDB_Q_LE: return (struct bound){BELOW, 0};
	default: return (struct bound){EXACT, 0};
	}
}

static int qualifier_of(struct bound b)
{
	switch (b.dir) {
	case NEAR: return TSDB_Q_APPROX;
	case ABOVE: return b.strict ? TSDB_Q_GT : TSDB_Q_GE;
	case BELOW: return b.strict ? TSDB_Q_LT : TSDB_Q_LE;
	default: return TSDB_Q_EQ;
	}
}

/* The bound of -x, or of 1/x: a lower bound becomes an upper one. */
static struct bound flip(struct bound b)
{
	if (b.dir == ABOVE || b.dir == BELOW)
		b.dir = -b.dir;
	return b;
}

/* Two bounds that both push the result in their own direction. */
static struct bound join(struct bound a, struct bound b)
{
	if (a.dir == EXACT)
		return b;
	if (b.dir == EXACT)
		return a;
	if (a.dir == NEAR || b.dir == NEAR || a.dir != b.dir)
		return (struct bound){NEAR, 0};
	return (struct bound){a.dir, a.strict || b.strict};
}

int ts_qualifier_arith(int op, int qa, double a, int qb, double b)
{
	struct bound x = bound_of(qa), y = bound_of(qb);
	switch (op) {
	case '+': return qualifier_of(join(x, y));
	case '-': return qualifier_of(join(x, flip(y)));
	case '*':
		/* a larger a raises a*b when b > 0 and lowers it when b < 0 */
		return qualifier_of(join(b < 0 ? flip(x) : x, a < 0 ? flip(y) : y));
	case '/':
		/* a/b falls as b rises (b > 0) and as b rises (b < 0): 1/b decreases */
		return qualifier_of(join(b < 0 ? flip(x) : x, a < 0 ? y : flip(y)));
	default: return qualifier_of(join(x, y));
	}
}

int ts_status_join(int a, int b)
{
	/* from most to least certain */
	static const int order[] = {[TSDB_STATUS_ACTUAL] = 0, [TSDB_STATUS_PROVISIONAL] = 1,
	                            [TSDB_STATUS_ESTIMATE] = 2, [TSDB_STATUS_FORECAST] = 3,
	                            [TSDB_STATUS_TARGET] = 4};
	if (a < 0 || a > TSDB_STATUS_FORECAST)
		return b;
	if (b < 0 || b > TSDB_STATUS_FORECAST)
		return a;
	return order[a] >= order[b] ? a : b;
}

void ts_sample_join(tsdb_sample *r, const tsdb_sample *a, const tsdb_sample *b)
{
	r->status = ts_status_join(a->status, b->status);
	r->source = a->source && *a->source ? a->source : b->source;
	r->more_sources = a->more_sources || b->more_sources ||
	                  (a->source && b->source && *a->source && *b->source &&
	                   strcmp(a->source, b->source) != 0);
}

void ts_sample_add(tsdb_sample *sum, const tsdb_sample *s, int first)
{
	if (first) {
		*sum = (tsdb_sample){sum->period, s->value, s->qualifier, s->status, s->source,
		                     s->more_sources};
		return;
	}
	sum->qualifier = ts_qualifier_arith('+', sum->qualifier, sum->value, s->qualifier, s->value);
	ts_sample_join(sum, sum, s);
	sum->value += s->value;
}

/* ---- frequency conversion ---- */
static const int freq_months[] = {[TSDB_FREQ_MONTH] = 1, [TSDB_FREQ_QUARTER] = 3,
                                  [TSDB_FREQ_HALF] = 6, [TSDB_FREQ_YEAR] = 12};

static const char *const freq_names[] = {[TSDB_FREQ_DAY] = "daily", [TSDB_FREQ_MONTH] = "monthly",
                                         [TSDB_FREQ_QUARTER] = "quarterly",
                                         [TSDB_FREQ_HALF] = "half-yearly",
                                         [TSDB_FREQ_YEAR] = "annual", [TSDB_FREQ_SPAN] = "span"};

/* The period of frequency freq that holds date d. */
static tsdb_period holder(uint32_t d, int freq)
{
	unsigned y = d / 10000, m = d / 100 % 100, k = (unsigned)freq_months[freq];
	unsigned m0 = (m - 1) / k * k + 1, m1 = m0 + k - 1;
	return (tsdb_period){y * 10000 + m0 * 100 + 1, y * 10000 + m1 * 100 + ts_month_days(y, m1)};
}

static int contains(tsdb_period outer, tsdb_period inner)
{
	return outer.start <= inner.start && inner.end <= outer.end;
}

/* Sums into sum (whose period is the target) the n samples v of one finer
 * frequency that cover it whole, trying halves, quarters, then months. Sets
 * *finer if there were any such samples. Returns 1 if it found a cover. */
static int sum_uniform(const tsdb_sample *v, size_t n, int freq, tsdb_sample *sum, int *finer)
{
	for (int f = freq - 1; f >= TSDB_FREQ_MONTH; f--) {
		int count = 0;
		if (freq_months[freq] % freq_months[f])
			continue;
		for (size_t k = 0; k < n; k++)
			if ((int)tsdb_period_freq(v[k].period) == f && contains(sum->period, v[k].period)) {
				*finer = 1;
				ts_sample_add(sum, &v[k], !count++);
			}
		if (count == freq_months[freq] / freq_months[f])
			return 1;
	}
	return 0;
}

/* Sums pieces of any length that follow one another across sum's period
 * (January-February, then March: the first quarter), the longest first.
 * Returns 1 if they reach its end. */
static int sum_chain(const tsdb_sample *v, size_t n, tsdb_sample *sum)
{
	tsdb_period p = sum->period;
	uint32_t next = p.start;
	for (int count = 0;;) {
		const tsdb_sample *longest = NULL;
		for (size_t k = 0; k < n; k++)
			if (v[k].period.start == next && contains(p, v[k].period) &&
			    tsdb_period_cmp(v[k].period, p) &&
			    (!longest || v[k].period.end > longest->period.end))
				longest = &v[k];
		if (!longest)
			return 0;
		ts_sample_add(sum, longest, !count++);
		if (longest->period.end == p.end)
			return 1;
		next = tsdb_date_add_days(longest->period.end, 1);
	}
}

/* Flows reported as year-to-date cumulatives (January-March, January-June,
 * January-September): a period of freq that nothing covers is the
 * cumulative to its end less the one to its start (Q2 = H1 - Q1), when
 * both are stored. The derived samples are merged into out, in order. */
static int from_cumulatives(const tsdb_series *in, int freq, tsdb_series *out,
                            void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                            tsdb_error *err)
{
	tsdb_series add = {0}, all = {0};
	int rc = 0;
	for (size_t i = 0; i < in->n; i++) {
		const tsdb_sample *c1 = &in->v[i];
		tsdb_period p = holder(c1->period.end, freq);
		if (c1->period.start % 10000 != 101 || p.end != c1->period.end || p.start <= c1->period.start ||
		    tsdb_series_find(out, p))
			continue;
		tsdb_period before = {c1->period.start, tsdb_date_add_days(p.start, -1)};
		const tsdb_sample *c0 = tsdb_series_find(in, before);
		if (!c0) {
			if (note) {
				char a[TSDB_PERIOD_MAX], b[TSDB_PERIOD_MAX], why[2 * TSDB_PERIOD_MAX + 32];
				tsdb_period_format(before, a);
				tsdb_period_format(c1->period, b);
				snprintf(why, sizeof why, "%s less %s, which is not stored", b, a);
				note(p, why, arg);
			}
			continue;
		}
		tsdb_sample d = *c1;
		d.period = p;
		d.value = c1->value - c0->value;
		d.qualifier = ts_qualifier_arith('-', c1->qualifier, c1->value, c0->qualifier, c0->value);
		ts_sample_join(&d, c1, c0);
		if ((rc = tsdb_series_push(&add, &d, err)))
			goto out;
	}
	if (!add.n)
		goto out;
	for (size_t i = 0, j = 0; i < out->n || j < add.n;) {
		const tsdb_sample *x = j == add.n || (i < out->n && tsdb_period_cmp(out->v[i].period,
		                                                                    add.v[j].period) < 0)
		                           ? &out->v[i++]
		                           : &add.v[j++];
		if ((rc = tsdb_series_push(&all, x, err)))
			goto out;
	}
	tsdb_series_free(out);
	*out = all;
	all = (tsdb_series){0};
out:
	tsdb_series_free(&add);
	tsdb_series_free(&all);
	return rc;
}

int tsdb_series_convert(const tsdb_series *in, int kind, int freq, tsdb_series *out,
                        tsdb_error *err)
{
	return tsdb_series_convert_noted(in, kind, freq, out, NULL, NULL, err);
}

int tsdb_series_convert_noted(const tsdb_series *in, int kind, int freq, tsdb_series *out,
                              void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                              tsdb_error *err)
{
	size_t coarser = 0;
	int rc;

	out->n = 0;
	if (freq < TSDB_FREQ_MONTH || freq > TSDB_FREQ_YEAR)
		return ts_err(err, TSDB_EINVAL, "a frequency is Y, H, Q or M");
	for (size_t i = 0; i < in->n;) {
		tsdb_period p = holder(in->v[i].period.start, freq);
		size_t j = i;
		const tsdb_sample *exact = NULL;
		/* the samples held by p are contiguous: periods sort by start */
		while (j < in->n && in->v[j].period.start <= p.end)
			j++;
		for (size_t k = i; k < j; k++)
			if (tsdb_period_cmp(in->v[k].period, p) == 0)
				exact = &in->v[k];
		if (exact) {
			if ((rc = tsdb_series_push(out, exact, err)))
				return rc;
		} else if (kind == TSDB_KIND_STOCK) {
			/* the level at the period's end: the shortest period ending then */
			const tsdb_sample *best = NULL;
			for (size_t k = i; k < j; k++)
				if (in->v[k].period.end == p.end && contains(p, in->v[k].period) &&
				    (!best || in->v[k].period.start > best->period.start))
					best = &in->v[k];
			if (best) {
				tsdb_sample x = *best;
				x.period = p;
				if ((rc = tsdb_series_push(out, &x, err)))
					return rc;
			}
		} else {
			tsdb_sample sum = {p, 0, TSDB_Q_EQ, TSDB_STATUS_ACTUAL, "", 0};
			int finer = 0, done = sum_uniform(in->v + i, j - i, freq, &sum, &finer);
			if (finer && kind != TSDB_KIND_FLOW)
				return ts_err(err, TSDB_EINVAL,
				              "a %s is never summed: it cannot be made %s from %s values",
				              tsdb_kind_name(kind), freq_names[freq],
				              freq_names[tsdb_period_freq(in->v[i].period)]);
			if (!done && kind == TSDB_KIND_FLOW)
				done = sum_chain(in->v + i, j - i, &sum);
			if (done && (rc = tsdb_series_push(out, &sum, err)))
				return rc;
		}
		for (size_t k = i; k < j; k++)
			if (!contains(p, in->v[k].period))
				coarser++;
		i = j;
	}
	if (kind == TSDB_KIND_FLOW && freq < TSDB_FREQ_YEAR && (rc = from_cumulatives(in, freq, out, note, arg, err)))
		return rc;
	if (in->n && !out->n && coarser)
		return ts_err(err, TSDB_EINVAL, "%s values cannot be split into %s ones",
		              freq_names[tsdb_period_freq(in->v[0].period)], freq_names[freq]);
	return 0;
}

/* ---- year-to-date de-accumulation ---- */

/* Is p a year-to-date span: from 1 January to a month's end of that year? */
static int cumulative(tsdb_period p)
{
	return p.start % 10000 == 101 && p.end / 10000 == p.start / 10000 && tsdb_period_months(p) > 0;
}

static int by_period(const void *a, const void *b)
{
	return tsdb_period_cmp(((const tsdb_sample *)a)->period, ((const tsdb_sample *)b)->period);
}

int tsdb_series_discrete(const tsdb_series *in, tsdb_series *out,
                         void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                         tsdb_error *err)
{
	int rc;
	out->n = 0;
	/* the cumulative values of one year are in order of their ends once
	 * picked out; other periods pass through as stored */
	for (size_t i = 0; i < in->n; i++)
		if (!cumulative(in->v[i].period) && (rc = tsdb_series_push(out, &in->v[i], err)))
			return rc;
	for (unsigned year = 0;;) {
		const tsdb_sample *run[12];
		size_t n = 0;
		unsigned next = 0;
		for (size_t i = 0; i < in->n; i++) {
			unsigned y = in->v[i].period.start / 10000;
			if (!cumulative(in->v[i].period))
				continue;
			if (y == year && n < 12)
				run[n++] = &in->v[i];
			else if (y > year && (!next || y < next))
				next = y;
		}
		/* order by end (they share a start, so by_period orders them) */
		int cadence = 12;
		for (size_t k = 0; k < n; k++) {
			int len = tsdb_period_months(run[k]->period) -
			          (k ? tsdb_period_months(run[k - 1]->period) : 0);
			if (k && len < cadence)
				cadence = len;
		}
		if (n == 1)
			cadence = tsdb_period_months(run[0]->period);
		for (size_t k = 0; k < n; k++) {
			tsdb_sample x = *run[k];
			if (k) {
				const tsdb_sample *p = run[k - 1];
				x.period.start = tsdb_date_add_days(p->period.end, 1);
				x.qualifier = ts_qualifier_arith('-', x.qualifier, x.value, p->qualifier, p->value);
				ts_sample_join(&x, &x, p);
				x.value -= p->value;
			}
			int len = tsdb_period_months(x.period);
			if (len > cadence && note) {
				note(x.period, k ? "no cumulative value ends inside it to split it"
				                 : "the first cumulative value covers it whole", arg);
			}
			/* a period stored as such wins over the one derived */
			int dup = 0;
			for (size_t j = 0; j < out->n && !dup; j++)
				dup = tsdb_period_cmp(out->v[j].period, x.period) == 0;
			if (!dup && (rc = tsdb_series_push(out, &x, err)))
				return rc;
		}
		if (!next)
			break;
		year = next;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, by_period);
	return 0;
}
