/* query.c — panels: an expression over regions and periods, transformed,
 * with groups summed over their members (include/tsdb.h, "Panels"). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"

enum { MAX_NOTES = 24 };

/* The panel with what only this file sees. */
struct panel {
	tsdb_panel pub;                /* first: a tsdb_panel * is a struct panel * */
	const tsdb_panel_request *req; /* borrowed until tsdb_panel_read */
	tsdb_panel_request q;          /* req as it was when read */
	tsdb_expr *e;
	size_t cap;
	size_t dropped; /* notes left out past MAX_NOTES */
	int done;       /* tsdb_panel_read has run */
};

/* ---- notes ---- */

static int note(struct panel *P, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds a note unless the same is there; past MAX_NOTES only counts. */
static int note(struct panel *P, const char *fmt, ...)
{
	char buf[400], **v;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < P->pub.nnotes; i++)
		if (strcmp(P->pub.notes[i], buf) == 0)
			return 0;
	if (P->pub.nnotes == MAX_NOTES)
		return P->dropped++, 0;
	if (!(v = realloc(P->pub.notes, (P->pub.nnotes + 1) * sizeof *v)))
		return TSDB_ENOMEM;
	P->pub.notes = v;
	if (!(v[P->pub.nnotes] = strdup(buf)))
		return TSDB_ENOMEM;
	P->pub.nnotes++;
	return 0;
}

static void discrete_note(tsdb_period p, const char *why, void *arg)
{
	char per[TSDB_PERIOD_MAX];
	tsdb_period_format(p, per);
	note(arg, "%s: not derived on its own (%s)", per, why);
}

/* A period --freq could not take from year-to-date values. */
static void freq_note(tsdb_period p, const char *why, void *arg)
{
	char per[TSDB_PERIOD_MAX];
	tsdb_period_format(p, per);
	note(arg, "%s: not derived from year-to-date values (%s)", per, why);
}

/* ---- opening ---- */

/* Names the field of an error that has none yet. */
static void field(tsdb_error *err, const char *name)
{
	if (err && !*err->field)
		snprintf(err->field, sizeof err->field, "%s", name);
}

int tsdb_panel_new(tsdb_txn *txn, const tsdb_panel_request *req, tsdb_panel **out, tsdb_error *err)
{
	struct panel *P;
	tsdb_panel *p;
	const char *unit;
	int rc = 0;
	*out = NULL;
	if (!req->expr)
		return tsdb_error_set(err, TSDB_EINVAL, "expression", "no expression given");
	if (req->boundaries && (req->boundaries < 1000 || req->boundaries > 9999))
		return tsdb_error_set(err, TSDB_EINVAL, "boundaries",
		                      "boundaries of %d: expected a year", req->boundaries);
	if (req->freq && (req->freq < TSDB_FREQ_MONTH || req->freq > TSDB_FREQ_YEAR))
		return tsdb_error_set(err, TSDB_EINVAL, "freq",
		                      "frequency %d: expected month to year", req->freq);
	if (!(P = calloc(1, sizeof *P)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	p = &P->pub;
	P->req = req;
	P->q = *req;
	if ((rc = tsdb_expr_parse(req->expr, &P->e, err)) ||
	    (rc = tsdb_expr_bind(txn, P->e, err))) {
		field(err, "expression");
		goto fail;
	}
	if (req->transform && (rc = tsdb_transform_parse(req->transform, &p->tr, err))) {
		field(err, "transform");
		goto fail;
	}
	p->kind = tsdb_expr_kind(P->e);
	if (p->tr.op == TSDB_TR_DISCRETE && p->kind != TSDB_KIND_FLOW) {
		rc = tsdb_error_set(
		    err, TSDB_EINVAL, "transform",
		    "discrete takes apart year-to-date totals of a flow; %s is not a flow",
		    req->expr);
		goto fail;
	}
	unit = tsdb_expr_unit(P->e);
	if (strcmp(req->expr, tsdb_expr_indicator(P->e, 0)) == 0) {
		tsdb_indicator ind;
		p->lone = 1;
		if (!tsdb_indicator_get(txn, req->expr, &ind, NULL))
			snprintf(p->name, sizeof p->name, "%s", *ind.name ? ind.name : ind.name_zh);
	}
	switch (p->tr.op) {
	case TSDB_TR_YOY:
	case TSDB_TR_POP:
	case TSDB_TR_PCA:
	case TSDB_TR_CAGR: snprintf(p->unit, sizeof p->unit, "percent"); break;
	case TSDB_TR_LOG: snprintf(p->unit, sizeof p->unit, "log of %s", unit); break;
	case TSDB_TR_RANK: snprintf(p->unit, sizeof p->unit, "rank"); break;
	case TSDB_TR_SHARE: snprintf(p->unit, sizeof p->unit, "percent of %s", p->tr.region); break;
	case TSDB_TR_INDEX: {
		char b[TSDB_PERIOD_MAX];
		tsdb_period_format(p->tr.base, b);
		snprintf(p->unit, sizeof p->unit, "index, %s = 100", b);
		break;
	}
	default: snprintf(p->unit, sizeof p->unit, "%s", unit);
	}
	p->computed = p->tr.op || !p->lone;
	*out = p;
	return 0;
fail:
	tsdb_panel_free(p);
	return rc;
}

void tsdb_panel_free(tsdb_panel *p)
{
	struct panel *P = (struct panel *)p;
	if (!p)
		return;
	for (size_t i = 0; i < p->ncols; i++) {
		free((char *)p->col[i].asked);
		tsdb_series_free(&p->col[i].s);
	}
	for (size_t i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	free(p->col);
	free(p->per);
	tsdb_expr_free(P->e);
	free(P);
}

/* ---- the regions asked ---- */

static int add(struct panel *P, const char *asked, const tsdb_region *r, tsdb_error *err)
{
	tsdb_panel *p = &P->pub;
	tsdb_panel_column *c;
	for (size_t i = 0; i < p->ncols; i++)
		if (strcmp(p->col[i].reg.code, r->code) == 0)
			return 0; /* named twice: shown once */
	if (p->ncols == P->cap) {
		size_t cap = P->cap ? P->cap * 2 : 8;
		if (!(c = realloc(p->col, cap * sizeof *c)))
			return ts_err(err, TSDB_ENOMEM, "out of memory");
		p->col = c;
		P->cap = cap;
	}
	c = &p->col[p->ncols];
	memset(c, 0, sizeof *c);
	if (!(c->asked = strdup(asked)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	c->reg = *r;
	p->ncols++;
	return 0;
}

struct children {
	struct panel *P;
	tsdb_error *err;
	int rc;
};

static int child(const tsdb_region *r, void *arg)
{
	struct children *c = arg;
	return (c->rc = add(c->P, ts_region_display(r), r, c->err));
}

struct level {
	tsdb_txn *t;
	struct panel *P;
	const struct ts_codes *within; /* or NULL */
	tsdb_error *err;
	int rc;
};

static int with_data(const char *indicator, const char *code, void *arg)
{
	struct level *l = arg;
	const char *level = l->P->q.level;
	tsdb_region r;
	int yes = 1;
	(void)indicator;
	if (tsdb_region_get(l->t, code, &r, NULL) || (*level && strcmp(r.level, level)))
		return 0;
	if (l->within && (l->rc = ts_region_in_set(l->t, code, l->within, &yes, l->err)))
		return l->rc;
	return yes ? (l->rc = add(l->P, ts_region_display(&r), &r, l->err)) : 0;
}

static int regions(tsdb_txn *t, struct panel *P, tsdb_error *err)
{
	const tsdb_panel_request *q = &P->q;
	tsdb_region r;
	int rc;
	for (size_t i = 0; i < q->nregions; i++) {
		const char *name = q->regions[i];
		size_t len = strlen(name);
		if (len > 2 && strcmp(name + len - 2, "/*") == 0) {
			char parent[256];
			struct children c = {P, err, 0};
			snprintf(parent, sizeof parent, "%.*s", (int)(len - 2), name);
			if ((rc = tsdb_region_resolve(t, parent, &r, err)))
				return field(err, "region"), rc;
			if ((rc = tsdb_region_children(t, r.code, child, &c, err)) || (rc = c.rc))
				return rc;
			continue;
		}
		if ((rc = tsdb_region_resolve(t, name, &r, err))) {
			if (err)
				snprintf(err->field, sizeof err->field, "region %zu", i + 1);
			return rc;
		}
		if ((rc = add(P, name, &r, err)))
			return rc;
	}
	if (q->within && !q->level)
		return tsdb_error_set(err, TSDB_EINVAL, "within", "--within goes with --level");
	if (q->level) {
		struct level l = {t, P, NULL, err, 0};
		struct ts_codes in = {0};
		if (q->within) {
			if ((rc = tsdb_region_resolve(t, q->within, &r, err)))
				return field(err, "within"), rc;
			if ((rc = ts_region_outer_set(t, r.code, &in, err))) {
				free(in.v);
				return rc;
			}
			l.within = &in;
		}
		rc = tsdb_series_each(t, tsdb_expr_indicator(P->e, 0), with_data, &l, err);
		free(in.v);
		if (rc || (rc = l.rc))
			return rc;
	}
	if (!P->pub.ncols)
		return tsdb_error_set(err, TSDB_EINVAL, "region", "%s",
		                      q->level ? "no region of that level has data"
		                               : "no region given");
	return 0;
}

/* ---- groups ---- */

static int by_period(const void *a, const void *b)
{
	return tsdb_period_cmp(*(const tsdb_period *)a, *(const tsdb_period *)b);
}

/* Sums one indicator over the members into out: a period only when every
 * member has it, else a note naming those that lack it. */
static int sum_members(tsdb_txn *t, struct panel *P, const tsdb_region *g, const struct ts_codes *m,
                       size_t ind, const tsdb_query *range, int freq, tsdb_series *out,
                       tsdb_error *err)
{
	tsdb_series *ms = calloc(m->n, sizeof *ms), raw = {0};
	tsdb_period *all = NULL;
	const char *unit, *id = tsdb_expr_indicator(P->e, ind);
	int kind = ts_expr_operand_kind(P->e, ind, &unit), rc = 0;
	size_t total = 0, k = 0, nall = 0;
	tsdb_query q = *range;
	out->n = 0;
	if (!ms)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	q.indicator = id;
	for (size_t i = 0; i < m->n && !rc; i++) {
		q.region = m->v[i];
		rc = tsdb_series_read(t, &q, freq ? &raw : &ms[i], err);
		if (!rc && freq)
			rc = tsdb_series_convert_noted(&raw, kind, freq, &ms[i], freq_note, P, err);
		total += ms[i].n;
	}
	if (!rc && !(all = malloc((total ? total : 1) * sizeof *all)))
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < m->n && !rc; i++)
		for (size_t j = 0; j < ms[i].n; j++)
			all[k++] = ms[i].v[j].period;
	if (!rc)
		qsort(all, k, sizeof *all, by_period);
	for (size_t i = 0; i < k; i++)
		if (!nall || tsdb_period_cmp(all[nall - 1], all[i]))
			all[nall++] = all[i];
	for (size_t i = 0; i < nall && !rc; i++) {
		tsdb_sample sum = {.period = all[i]};
		char lack[300] = "", per[TSDB_PERIOD_MAX];
		size_t nlack = 0, len = 0;
		for (size_t j = 0; j < m->n; j++) {
			const tsdb_sample *s = tsdb_series_find(&ms[j], all[i]);
			if (s) {
				ts_sample_add(&sum, s, j == 0);
				continue;
			}
			if (nlack++ < 6 && len < sizeof lack) {
				tsdb_region r;
				const char *name = tsdb_region_get(t, m->v[j], &r, NULL)
				                       ? m->v[j]
				                       : ts_region_display(&r);
				len += (size_t)snprintf(lack + len, sizeof lack - len, "%s%s",
				                        nlack > 1 ? ", " : "", name);
			}
		}
		if (!nlack) {
			rc = tsdb_series_push(out, &sum, err);
			continue;
		}
		tsdb_period_format(all[i], per);
		if (nlack > 6 && len < sizeof lack)
			snprintf(lack + len, sizeof lack - len, " and %zu more", nlack - 6);
		if (note(P, "%s %s: no sum of %s, as %s %s no value", ts_region_display(g), per, id,
		         lack, nlack > 1 ? "have" : "has"))
			rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < m->n; i++)
		tsdb_series_free(&ms[i]);
	tsdb_series_free(&raw);
	free(ms);
	free(all);
	return rc;
}

/* Notes that a group's values are a sum, and over which members: a reader
 * sees what was computed. */
static int said_sum(tsdb_txn *t, struct panel *P, const tsdb_region *g, const struct ts_codes *m)
{
	char names[400] = "";
	size_t len = 0;
	for (size_t i = 0; i < m->n && i < 8 && len < sizeof names; i++) {
		tsdb_region r;
		const char *name =
		    tsdb_region_get(t, m->v[i], &r, NULL) ? m->v[i] : ts_region_display(&r);
		len +=
		    (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", name);
	}
	if (m->n > 8 && len < sizeof names)
		snprintf(names + len, sizeof names - len, " and %zu more", m->n - 8);
	return note(P, "%s: computed, the sum over its %zu members (%s)", ts_region_display(g),
	            m->n, names);
}

/* The expression for a group: over the sums of its operands. */
static int group_eval(tsdb_txn *t, struct panel *P, const tsdb_region *g, const tsdb_query *range,
                      int freq, tsdb_series *out, tsdb_error *err)
{
	size_t n = tsdb_expr_indicators(P->e);
	tsdb_series *in = calloc(n, sizeof *in);
	struct ts_codes m = {0};
	int rc;
	if (!in)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	if (!(rc = ts_expr_additive(P->e, ts_region_display(g), "a group's", "its members'",
	                            "the group's", err)) &&
	    !(rc = ts_group_leaves(t, g->code, &m, err)) &&
	    !(rc = ts_group_overlap(t, g, &m, err)) && (rc = said_sum(t, P, g, &m)))
		rc = ts_err(err, rc, "out of memory");
	for (size_t i = 0; i < n && !rc; i++)
		rc = sum_members(t, P, g, &m, i, range, freq, &in[i], err);
	if (!rc)
		rc = ts_expr_combine(P->e, in, out, err);
	for (size_t i = 0; i < n; i++)
		tsdb_series_free(&in[i]);
	free(in);
	free(m.v);
	return rc;
}

/* ---- reading ---- */

static int panel_note(void *arg, const char *text)
{
	return note(arg, "%s", text);
}

/* The expression for one region: a group's over its members' sums, a region restated on
 * the boundaries asked, or as stored. */
static int base(tsdb_txn *t, struct panel *P, const tsdb_region *r, int grp, const tsdb_query *q,
                int freq, tsdb_series *out, tsdb_error *err)
{
	int restated = 0, rc;
	if (grp)
		return group_eval(t, P, r, q, freq, out, err);
	if (P->q.boundaries && ((rc = ts_restate(t, P->e, r, P->q.boundaries, q, freq, out,
	                                         &restated, panel_note, P, err)) ||
	                        restated))
		return rc ? rc : (P->pub.computed = 1, 0);
	return ts_expr_eval_noted(t, P->e, q, freq, freq_note, P, out, err);
}

/* The expression for one region (or group), before any transform but
 * discrete. */
static int evaluate(tsdb_txn *t, struct panel *P, const tsdb_region *r, int grp,
                    const tsdb_query *range, tsdb_series *out, tsdb_error *err)
{
	tsdb_query q = *range;
	tsdb_series raw = {0}, mid = {0};
	int rc, freq = P->q.freq;
	q.region = r->code;
	if (P->pub.tr.op != TSDB_TR_DISCRETE)
		return base(t, P, r, grp, &q, freq, out, err);
	/* year-to-date totals come apart first, then the frequency changes */
	rc = base(t, P, r, grp, &q, 0, &raw, err);
	if (!rc && !(rc = tsdb_series_discrete(&raw, freq ? &mid : out, discrete_note, P, err)) &&
	    freq)
		rc = tsdb_series_convert_noted(&mid, P->pub.kind, freq, out, freq_note, P, err);
	tsdb_series_free(&raw);
	tsdb_series_free(&mid);
	return rc;
}

/* Keeps the samples whose period starts inside the range asked. */
static void trim(tsdb_series *s, const tsdb_panel_request *q)
{
	size_t k = 0;
	uint32_t last = q->to.end ? q->to.end : 0xFFFFFFFFu;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].period.start >= q->from.start && s->v[i].period.start <= last)
			s->v[k++] = s->v[i];
	s->n = k;
}

static int periods(tsdb_panel *p, tsdb_error *err)
{
	size_t total = 0, k = 0;
	for (size_t c = 0; c < p->ncols; c++)
		total += p->col[c].s.n;
	if (!(p->per = malloc((total ? total : 1) * sizeof *p->per)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t c = 0; c < p->ncols; c++)
		for (size_t i = 0; i < p->col[c].s.n; i++)
			p->per[k++] = p->col[c].s.v[i].period;
	qsort(p->per, k, sizeof *p->per, by_period);
	p->nper = 0;
	for (size_t i = 0; i < k; i++)
		if (!p->nper || tsdb_period_cmp(p->per[p->nper - 1], p->per[i]))
			p->per[p->nper++] = p->per[i];
	return 0;
}

static int transform(tsdb_txn *t, struct panel *P, tsdb_error *err)
{
	tsdb_panel *p = &P->pub;
	tsdb_series ref = {0}, tmp = {0};
	tsdb_query read = {.from = P->q.from, .to = P->q.to, .as_of = P->q.as_of};
	int rc = 0, back, grp;

	/* read early enough for the first period's year-ago or previous value */
	if (read.from.start && (back = tsdb_transform_lookback(&p->tr, read.from)) &&
	    tsdb_period_shift(read.from, -back, &read.from))
		read.from.start = 0;
	if (p->tr.op == TSDB_TR_INDEX)
		read.from.start = 0, read.to.end = 0;
	if (p->tr.op == TSDB_TR_SHARE) {
		tsdb_region parent;
		if ((rc = tsdb_region_resolve(t, p->tr.region, &parent, err)))
			return field(err, "transform"), rc;
		if ((rc = ts_region_is_group(t, &parent, &grp, err)) ||
		    (rc = evaluate(t, P, &parent, grp, &read, &ref, err)))
			return rc;
	}
	for (size_t i = 0; i < p->ncols && !rc; i++) {
		tsdb_panel_column *c = &p->col[i];
		if ((rc = ts_region_is_group(t, &c->reg, &c->aggregate, err)) ||
		    (rc = evaluate(t, P, &c->reg, c->aggregate, &read, &c->s, err)))
			break;
		p->computed |= c->aggregate;
		switch (p->tr.op) {
		case TSDB_TR_NONE:
		case TSDB_TR_DISCRETE:
		case TSDB_TR_RANK: trim(&c->s, &P->q); break;
		case TSDB_TR_CAGR:
			trim(&c->s, &P->q);
			/* fall through */
		default:
			if ((rc = tsdb_transform_apply(&p->tr, &c->s, &ref, &tmp, err)))
				break;
			tsdb_series_free(&c->s);
			c->s = tmp;
			memset(&tmp, 0, sizeof tmp);
			if (p->tr.op != TSDB_TR_CAGR)
				trim(&c->s, &P->q);
		}
	}
	if (!rc && p->tr.op == TSDB_TR_RANK) {
		tsdb_series *all = malloc((p->ncols ? p->ncols : 1) * sizeof *all);
		if (!all)
			return ts_err(err, TSDB_ENOMEM, "out of memory");
		for (size_t i = 0; i < p->ncols; i++)
			all[i] = p->col[i].s;
		rc = tsdb_series_rank(all, p->ncols, err);
		free(all);
	}
	tsdb_series_free(&ref);
	tsdb_series_free(&tmp);
	return rc;
}

int tsdb_panel_read(tsdb_txn *txn, tsdb_panel *p, tsdb_error *err)
{
	struct panel *P = (struct panel *)p;
	int rc;
	if (P->done)
		return tsdb_error_set(err, TSDB_EINVAL, "", "the panel has been read");
	P->done = 1;
	/* the regions may have been filled in since tsdb_panel_new */
	P->q.regions = P->req->regions;
	P->q.nregions = P->req->nregions;
	P->q.level = P->req->level;
	P->q.within = P->req->within;
	rc = regions(txn, P, err);
	if (!rc && !(rc = transform(txn, P, err)))
		rc = periods(p, err);
	/* what the request pointed to is the caller's, and may go now */
	P->q.regions = NULL;
	P->q.level = P->q.within = P->q.expr = P->q.transform = NULL;
	if (rc)
		return rc;
	if (P->dropped && note(P, "and %zu notes more", P->dropped))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	return 0;
}

int tsdb_panel_query(tsdb_txn *txn, const tsdb_panel_request *req, tsdb_panel **out,
                     tsdb_error *err)
{
	int rc = tsdb_panel_new(txn, req, out, err);
	if (!rc && (rc = tsdb_panel_read(txn, *out, err))) {
		tsdb_panel_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- what presentations ask of a panel ---- */

int tsdb_panel_sources(tsdb_txn *txn, const tsdb_panel *p, tsdb_period from, tsdb_period to,
                       int (*fn)(const char *source, void *arg), void *arg, tsdb_error *err)
{
	const struct panel *P = (const struct panel *)p;
	tsdb_series s = {0};
	tsdb_query q = {.from = from, .to = to, .as_of = P->q.as_of};
	int rc = 0;
	for (size_t c = 0; c < p->ncols && !rc; c++) {
		struct ts_codes m = {0};
		if (p->col[c].aggregate)
			rc = ts_group_leaves(txn, p->col[c].reg.code, &m, err);
		else if (ts_codes_add(&m, p->col[c].reg.code))
			rc = ts_err(err, TSDB_ENOMEM, "out of memory");
		for (size_t r = 0; r < m.n && !rc; r++)
			for (size_t i = 0; i < tsdb_expr_indicators(P->e) && !rc; i++) {
				q.indicator = tsdb_expr_indicator(P->e, i);
				q.region = m.v[r];
				if ((rc = tsdb_series_read(txn, &q, &s, err)))
					break;
				for (size_t k = 0; k < s.n && !rc; k++)
					if (*s.v[k].source)
						rc = fn(s.v[k].source, arg);
			}
		free(m.v);
	}
	tsdb_series_free(&s);
	return rc;
}

static int by_value(const void *a, const void *b, void *arg)
{
	const tsdb_place *x = a, *y = b;
	const tsdb_panel *p = arg;
	if (x->s->value != y->s->value)
		return x->s->value < y->s->value ? 1 : -1;
	return strcmp(p->col[x->col].reg.code, p->col[y->col].reg.code);
}

int tsdb_panel_rank(const tsdb_panel *p, tsdb_period at, int ascending, tsdb_place **out, size_t *n,
                    tsdb_error *err)
{
	tsdb_place *pl = malloc((p->ncols ? p->ncols : 1) * sizeof *pl);
	size_t k = 0;
	*out = NULL;
	*n = 0;
	if (!pl)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->ncols; i++) {
		const tsdb_sample *s = tsdb_series_find(&p->col[i].s, at);
		if (s)
			pl[k++] = (tsdb_place){i, s, 0};
	}
	qsort_r(pl, k, sizeof *pl, by_value, (void *)p);
	if (ascending)
		for (size_t i = 0; i < k / 2; i++) {
			tsdb_place x = pl[i];
			pl[i] = pl[k - 1 - i];
			pl[k - 1 - i] = x;
		}
	for (size_t i = 0; i < k; i++)
		pl[i].rank = ts_rank_next(i, pl[i].s->value, i ? pl[i - 1].s->value : 0,
		                          i ? pl[i - 1].rank : 0);
	*out = pl;
	*n = k;
	return 0;
}
