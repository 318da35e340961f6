/* restate.c — a region's series on the boundaries of a year: the units merged into it
 * before then added in, splits refused (tsdb_panel_request.boundaries, docs/REGIONS.md). */
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

/* Is the unit one of a quotient (percent, a ratio, per person, CNY/t)? */
static int per_unit(const char *unit)
{
	return strcmp(unit, "percent") == 0 || strcmp(unit, "ratio") == 0 || strchr(unit, '/') ||
	       strchr(unit, '%') || strstr(unit, " per ") || strncmp(unit, "per ", 4) == 0;
}

int ts_expr_additive(const tsdb_expr *e, const char *whose, const char *what_whole,
                     const char *parts, const char *whole, tsdb_error *err)
{
	for (size_t i = 0; i < tsdb_expr_indicators(e); i++) {
		const char *unit, *id = tsdb_expr_indicator(e, i);
		int kind = ts_expr_operand_kind(e, i, &unit);
		const char *what = kind == TSDB_KIND_RATE           ? "a rate"
		                   : kind == TSDB_KIND_SHARE        ? "a share"
		                   : kind == TSDB_KIND_RANK         ? "a rank"
		                   : strncmp(unit, "index", 5) == 0 ? "an index"
		                   : per_unit(unit)                 ? "a ratio"
		                                                    : NULL;
		if (what)
			return tsdb_error_set(
			    err, TSDB_EINVAL, "region",
			    "%s of %s: %s is %s (%s), and %s is not the sum of %s; ask "
			    "for it over amounts, which are summed first: e.g. \"rd_expenditure / gdp * "
			    "100\" is %s R&D spending over %s GDP",
			    id, whose, id, what, unit, what_whole, parts, whole, whole);
	}
	return 0;
}

/* A unit whose area went into the region: merged wholly (its only successor) or in part. */
struct part {
	char code[72], name[128];
	int since, until, whole;
};

struct parts {
	struct part v[64];
	int n;
	int year;
	tsdb_txn *t;
	const char *into; /* the code whose predecessors are being gathered */
	int rc;
};

static int gather(const tsdb_region *h, void *arg)
{
	struct parts *p = arg;
	if (!h->until || h->until > p->year || p->n == (int)(sizeof p->v / sizeof *p->v))
		return 0; /* not ended by then: on that year's boundaries it is its own */
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].code, h->code))
			return 0;
	struct part *x = &p->v[p->n++];
	snprintf(x->code, sizeof x->code, "%s", h->code);
	snprintf(x->name, sizeof x->name, "%s", ts_region_display(h));
	x->since = h->since;
	x->until = h->until;
	x->whole = strcmp(h->successors, p->into) == 0;
	return 0;
}

/* The units merged into code by year, and through them the units merged into those. */
static int merged(tsdb_txn *t, const char *code, int year, struct parts *p, tsdb_error *err)
{
	p->t = t;
	p->year = year;
	p->into = code;
	int rc = tsdb_region_predecessors(t, code, gather, p, err);
	for (int i = 0; !rc && i < p->n; i++)
		if (p->v[i].whole) {
			p->into = p->v[i].code;
			rc = tsdb_region_predecessors(t, p->v[i].code, gather, p, err);
		}
	return rc;
}

/* Did part x exist, in its own right, in the year of period per? The lists are as of
 * 31 December: a unit ended in year Y has a figure of its own for Y at most. */
static int existed(const struct part *x, tsdb_period per)
{
	int y = (int)(per.start / 10000);
	return (!x->since || x->since <= y) && y <= x->until;
}

int ts_restate(tsdb_txn *t, const tsdb_expr *e, const tsdb_region *r, int year,
               const tsdb_query *range, int freq, tsdb_series *out, int *restated,
               int (*note)(void *arg, const char *text), void *arg, tsdb_error *err)
{
	struct parts p = {0};
	size_t n = tsdb_expr_indicators(e);
	int rc;
	*restated = 0;
	if ((rc = merged(t, r->code, year, &p, err)) || !p.n)
		return rc;
	char why[256];
	snprintf(why, sizeof why, "%s on %d boundaries", ts_region_display(r), year);
	if ((rc = ts_expr_additive(e, ts_region_display(r), "a restated region's", "its parts'",
	                           "the restated region's", err)))
		return rc;
	*restated = 1;
	tsdb_series *in = calloc(n, sizeof *in), *own = calloc((size_t)p.n + 1, sizeof *own), raw = {0};
	if (!in || !own) {
		free(in);
		free(own);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	char text[600];
	size_t len = (size_t)snprintf(text, sizeof text, "%s: restated on %d boundaries, with",
	                              ts_region_display(r), year);
	for (int j = 0; j < p.n && len < sizeof text; j++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s %s (%s, %d-%d%s)", j ? "," : "",
		                        p.v[j].name, p.v[j].code, p.v[j].since, p.v[j].until,
		                        p.v[j].whole ? "" : ", split: not apportioned");
	if (note(arg, text))
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		tsdb_query q = *range;
		const char *unit;
		int kind = ts_expr_operand_kind(e, i, &unit);
		q.indicator = tsdb_expr_indicator(e, i);
		/* own[0] the region's own, own[1..] each part's */
		for (int j = 0; j <= p.n && !rc; j++) {
			q.region = j ? p.v[j - 1].code : r->code;
			own[j].n = 0;
			rc = tsdb_series_read(t, &q, freq ? &raw : &own[j], err);
			if (!rc && freq)
				rc = tsdb_series_convert(&raw, kind, freq, &own[j], err);
		}
		for (size_t k = 0; k < own[0].n && !rc; k++) {
			tsdb_sample sum = own[0].v[k];
			const struct part *lack = NULL;
			for (int j = 0; j < p.n && !lack; j++) {
				if (!existed(&p.v[j], sum.period))
					continue;
				const tsdb_sample *s = tsdb_series_find(&own[j + 1], sum.period);
				if (!p.v[j].whole || (!s && (int)(sum.period.start / 10000) < p.v[j].until))
					lack = &p.v[j];
				else if (s)
					ts_sample_add(&sum, s, 0);
			}
			if (!lack) {
				rc = tsdb_series_push(&in[i], &sum, err);
				continue;
			}
			char per[TSDB_PERIOD_MAX];
			tsdb_period_format(sum.period, per);
			if (lack->whole)
				snprintf(text, sizeof text, "%s %s: no value of %s, as %s (%s) has none", why, per,
				         q.indicator, lack->name, lack->code);
			else
				snprintf(text, sizeof text,
				         "%s %s: no value of %s, as %s (%s) was split among several regions in %d "
				         "and its part cannot be apportioned without weights",
				         why, per, q.indicator, lack->name, lack->code, lack->until);
			if (note(arg, text))
				rc = ts_err(err, TSDB_ENOMEM, "out of memory");
		}
	}
	if (!rc)
		rc = ts_expr_combine(e, in, out, err);
	for (size_t i = 0; i < n; i++)
		tsdb_series_free(&in[i]);
	for (int j = 0; j <= p.n; j++)
		tsdb_series_free(&own[j]);
	tsdb_series_free(&raw);
	free(in);
	free(own);
	return rc;
}
