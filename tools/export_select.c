/* export_select.c — what tsq export writes: the indicators (or expressions)
 * and regions asked for, and a reader over each of their series. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

/* ---- what is selected ---- */

static const char *pick(const char *first, const char *second)
{
	return *first ? first : second;
}

const char *ex_ind_name(const struct export *x)
{
	return x->lang_zh ? pick(x->ind.name_zh, x->ind.name) : pick(x->ind.name, x->ind.name_zh);
}

const char *ex_reg_name(const struct export *x, const tsdb_region *r)
{
	return x->lang_zh ? pick(r->name_zh, r->name) : pick(r->name, r->name_zh);
}

int ex_oom(struct export *x)
{
	return tsdb_error_set(&x->err, TSDB_ENOMEM, NULL, "out of memory");
}

/* Stops a run that can no longer write. */
int ex_write_failed(struct export *x)
{
	if (!x->out->failed)
		return 0;
	return tsdb_error_set(&x->err, TSDB_EIO, NULL, "write error");
}

/* Makes id the indicator being written; its record is read once for each
 * run of its series. */
/* Values in these units are not amounts: --scale leaves them as they are. */
int ex_unscaled(const char *unit)
{
	return !strcmp(unit, "percent") || !strcmp(unit, "%") || !strcmp(unit, "pp") || !strcmp(unit, "rank") ||
	       !strcmp(unit, "index");
}

/* The indicator's unit as the cells show it: scaled, in the language asked. */
static void set_unit(struct export *x)
{
	struct out o = {.zh = x->lang_zh, .scale_name = x->scale_name};
	x->out->scale = x->scale_name && !ex_unscaled(x->ind.unit) ? x->scale : 1;
	if (x->out->scale == 1)
		o.scale_name = NULL;
	out_unit(&o, x->ind.unit, x->unit, sizeof x->unit);
}

int ex_use_indicator(struct export *x, const char *id)
{
	int rc;
	if (x->ind_id && strcmp(x->ind_id, id) == 0)
		return 0;
	free(x->ind_id);
	if (!(x->ind_id = strdup(id)))
		return ex_oom(x);
	if (x->expr) {
		/* a computed series: the expression is its name, with its unit */
		memset(&x->ind, 0, sizeof x->ind);
		x->ind.id = tsdb_expr_text(x->expr);
		x->ind.name = x->ind.name_zh = x->ind.description = "";
		x->ind.unit = tsdb_expr_unit(x->expr);
		set_unit(x);
		return 0;
	}
	if ((rc = tsdb_indicator_get(x->t, id, &x->ind, &x->err)) == 0)
		set_unit(x);
	return rc;
}

int ex_wanted_region(const struct export *x, const char *code)
{
	if (!x->regs)
		return 1;
	for (size_t i = 0; i < x->nregs; i++)
		if (strcmp(x->regs[i], code) == 0)
			return 1;
	return 0;
}

/* Is reg a group asked for, written as the sum over its members? */
static int aggregate(const struct export *x, const char *code)
{
	for (size_t i = 0; x->regs && i < x->nregs; i++)
		if (x->agg[i] && strcmp(x->regs[i], code) == 0)
			return 1;
	return 0;
}

/* With --boundaries YEAR: the regions into which units had gone by then (written restated),
 * gathered once in a pass over the catalog rather than once per series. */
static int gone_into(const tsdb_region *h, void *arg)
{
	struct export *x = arg;
	if (!h->until || h->until > x->boundaries)
		return 0;
	for (const char *s = h->successors; *s;) {
		size_t k = strcspn(s, "|");
		char **more = realloc(x->into, (x->ninto + 1) * sizeof *more);
		if (!more || !(more[x->ninto] = strndup(s, k))) {
			if (more)
				x->into = more;
			return TSDB_ENOMEM;
		}
		x->into = more;
		x->ninto++;
		s += k + (s[k] == '|');
	}
	return 0;
}

int ex_boundaries_setup(struct export *x)
{
	int rc = x->boundaries ? tsdb_region_each(x->t, gone_into, x, &x->err) : 0;
	return rc == TSDB_ENOMEM ? ex_oom(x) : rc;
}

/* Did the unit end by then (its area is in its successors', and written there)? */
static int ended(const struct export *x, const char *code)
{
	tsdb_region r;
	return x->boundaries && tsdb_region_get(x->t, code, &r, NULL) == 0 && r.until &&
	       r.until <= x->boundaries;
}

static int restated(const struct export *x, const char *code)
{
	for (size_t i = 0; i < x->ninto; i++)
		if (strcmp(x->into[i], code) == 0)
			return 1;
	return 0;
}

static int visit_series(const char *ind, const char *reg, void *arg)
{
	struct export *x = arg;
	if (!ex_wanted_region(x, reg) || aggregate(x, reg) || ended(x, reg))
		return 0;
	x->rc = x->series_fn(x, x->expr ? tsdb_expr_text(x->expr) : ind, reg);
	return x->rc != 0;
}

/* Calls fn for each selected series: indicator by indicator (as asked, or
 * all in catalog order), and within one the regions in catalog order. */
int ex_each_series(struct export *x, int (*fn)(struct export *, const char *, const char *))
{
	int rc = 0;
	x->series_fn = fn;
	x->rc = 0;
	for (size_t i = 0; i < (x->inds ? x->ninds : 1) && !rc; i++) {
		/* an expression has values where its first indicator has */
		x->expr = x->inds ? x->exprs[i] : NULL;
		rc = tsdb_series_each(x->t, x->expr ? tsdb_expr_indicator(x->expr, 0) : x->inds ? x->inds[i] : NULL,
		                      visit_series, x, &x->err);
		/* groups have no series of their own: their sums follow */
		for (size_t k = 0; !rc && x->inds && k < x->nregs; k++)
			if (x->agg[k] && (rc = x->rc = fn(x, x->expr ? tsdb_expr_text(x->expr) : x->inds[i],
			                                  x->regs[k])))
				break;
	}
	x->expr = NULL;
	return x->rc ? x->rc : rc;
}

/* Opens one series with the export's range: a cursor over a stored
 * indicator, or an expression evaluated for the region (its samples in
 * memory: one series, as many as it has periods). */
/* A group's sum over its members, or a region restated on --boundaries (tsdb_panel), its
 * notes said once. */
static int group_series(struct export *x, const char *ind, const char *reg, struct reader *r)
{
	const char *regions[] = {reg};
	tsdb_panel_request req = {.expr = ind, .regions = regions, .nregions = 1, .from = x->q.from,
	                          .to = x->q.to, .as_of = x->q.as_of, .boundaries = x->boundaries};
	tsdb_panel *p;
	int rc = tsdb_panel_query(x->t, &req, &p, &x->err);
	if (rc)
		return rc;
	r->s = p->col[0].s;
	memset(&p->col[0].s, 0, sizeof p->col[0].s);
	for (size_t i = 0; i < p->nnotes && !rc; i++) {
		size_t k = 0;
		char **more;
		while (k < x->nnoted && strcmp(x->noted[k], p->notes[i]))
			k++;
		if (k < x->nnoted)
			continue;
		fprintf(stderr, "tsq: note: %s\n", p->notes[i]);
		if (!(more = realloc(x->noted, (x->nnoted + 1) * sizeof *more)) ||
		    !(more[x->nnoted] = strdup(p->notes[i])))
			rc = ex_oom(x);
		if (more)
			x->noted = more;
		if (!rc)
			x->nnoted++;
	}
	tsdb_panel_free(p);
	return rc;
}

int ex_open_series(struct export *x, const char *ind, const char *reg, struct reader *r)
{
	tsdb_query q = x->q;
	memset(r, 0, sizeof *r);
	if (aggregate(x, reg) || restated(x, reg))
		return group_series(x, ind, reg, r);
	q.indicator = ind;
	q.region = reg;
	/* a workbook's notes sheet has each fact's quote and note, which only a
	 * cursor over versions reads */
	q.versions = x->fmt == F_XLSX && x->layout == LONG;
	if (x->expr)
		return tsdb_expr_eval(x->t, x->expr, &q, 0, &r->s, &x->err);
	return tsdb_cursor_open(x->t, &q, &r->cur, &x->err);
}

/* The next point of a series; TSDB_NOTFOUND at its end. A computed value
 * has no vintage, quote or note. */
int ex_next_point(struct export *x, struct reader *r, tsdb_point *p)
{
	if (r->cur) {
		int rc;
		while ((rc = tsdb_cursor_next(r->cur, p, &x->err)) == 0 && !p->shown)
			; /* an earlier or a losing version */
		if (rc == 0 && x->out->xl && facts_source(x->out->xl, p->source))
			rc = ex_oom(x);
		return rc;
	}
	if (r->at >= r->s.n)
		return TSDB_NOTFOUND;
	const tsdb_sample *v = &r->s.v[r->at++];
	memset(p, 0, sizeof *p);
	p->period = v->period;
	p->value = v->value;
	p->qualifier = v->qualifier;
	p->status = v->status;
	p->source = v->source ? v->source : "";
	p->quote = p->note = "";
	p->shown = 1;
	if (x->out->xl && facts_source(x->out->xl, p->source))
		return ex_oom(x);
	return 0;
}

void ex_close_series(struct reader *r)
{
	tsdb_cursor_close(r->cur);
	tsdb_series_free(&r->s);
	r->cur = NULL;
}
