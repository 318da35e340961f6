/* export_rows.c — tsq export's layouts: long (a row per observation), wide
 * (a row per series) and pivot (a column per region). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

/* ---- long: one row per observation ---- */

void ex_long_header(struct export *x)
{
	static const char *const csv[] = {"indicator", "indicator_name", "region", "region_name",
	                                  "period", "value", "unit", "qualifier", "status", "source",
	                                  "vintage", NULL};
	static const char *const sdmx[] = {"DATAFLOW", "INDICATOR", "REF_AREA", "TIME_PERIOD",
	                                   "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "QUALIFIER",
	                                   "TSDB_STATUS", "SOURCE", "VINTAGE", NULL};
	if (x->fmt == F_JSONL)
		return;
	for (const char *const *h = x->fmt == F_SDMX ? sdmx : csv; *h; h++)
		ex_text_cell(x->out, *h);
	ex_end_row(x->out);
}

static void long_row(struct export *x, const tsdb_region *r, const tsdb_point *p)
{
	struct sink *s = x->out;
	char per[2 * TSDB_PERIOD_MAX], vin[11], num[TSDB_VALUE_MAX];
	const char *qual = p->qualifier == TSDB_Q_EQ ? "" : tsdb_qualifier_name(p->qualifier);
	tsdb_date_format(p->vintage, vin);
	if (x->fmt == F_SDMX) {
		ex_sdmx_period(p->period, per);
		ex_text_cell(s, "TSDB:DF_INDICATORS(1.0)");
		ex_text_cell(s, x->ind.id);
		ex_text_cell(s, r->code);
		ex_text_cell(s, per);
		ex_num_cell(s, p->value);
		ex_text_cell(s, x->unit);
		ex_text_cell(s, ex_sdmx_status(p->status));
		ex_text_cell(s, qual);
		ex_text_cell(s, tsdb_status_name(p->status));
		ex_text_cell(s, p->source);
		ex_text_cell(s, vin);
		ex_end_row(s);
		return;
	}
	tsdb_period_format(p->period, per);
	if (x->fmt == F_JSONL) {
		ex_json_text(s, "indicator", x->ind.id, 0);
		ex_json_text(s, "indicator_name", ex_ind_name(x), 0);
		ex_json_text(s, "region", r->code, 0);
		ex_json_text(s, "region_name", ex_reg_name(x, r), 0);
		ex_json_text(s, "period", per, 0);
		ex_json_key(s, "value");
		ex_put(s, num, tsdb_value_format(ex_scaled(s, p->value), num));
		ex_json_text(s, "unit", x->unit, 0);
		ex_json_text(s, "qualifier", tsdb_qualifier_name(p->qualifier), 0);
		ex_json_text(s, "status", tsdb_status_name(p->status), 0);
		ex_json_text(s, "source", p->source, 1);
		ex_json_text(s, "vintage", vin, 1);
		ex_put(s, "}\n", 2);
		s->cells = 0;
		return;
	}
	ex_text_cell(s, x->ind.id);
	ex_text_cell(s, ex_ind_name(x));
	ex_text_cell(s, r->code);
	ex_text_cell(s, ex_reg_name(x, r));
	ex_text_cell(s, per);
	ex_num_cell(s, p->value);
	ex_text_cell(s, x->unit);
	ex_text_cell(s, qual);
	ex_text_cell(s, tsdb_status_name(p->status));
	ex_text_cell(s, p->source);
	if (s->xl) {
		const char *what[3] = {x->ind.id, r->code, per};
		facts_date(s->xl, p->vintage);
		ex_end_fact(s, p, what);
		return;
	}
	ex_text_cell(s, vin);
	ex_end_row(s);
}

int ex_long_series(struct export *x, const char *ind, const char *reg)
{
	tsdb_region r;
	struct reader rd;
	tsdb_point p;
	int rc;
	if ((rc = ex_use_indicator(x, ind)) || (rc = tsdb_region_get(x->t, reg, &r, &x->err)) ||
	    (rc = ex_open_series(x, ind, reg, &rd)))
		return rc;
	while ((rc = ex_next_point(x, &rd, &p)) == 0)
		long_row(x, &r, &p);
	ex_close_series(&rd);
	return rc == TSDB_NOTFOUND ? ex_write_failed(x) : rc;
}

/* ---- wide: one row per series, one column per period ---- */

/* The index of p in the sorted period set, or where it would go. */
static size_t period_slot(const struct export *x, tsdb_period p, int *found)
{
	size_t lo = 0, hi = x->nper;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = tsdb_period_cmp(x->per[mid], p);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

static int gather_periods(struct export *x, const char *ind, const char *reg)
{
	struct reader rd;
	tsdb_point p;
	int rc, found;
	if ((rc = ex_open_series(x, ind, reg, &rd)))
		return rc;
	while ((rc = ex_next_point(x, &rd, &p)) == 0) {
		size_t k = period_slot(x, p.period, &found);
		if (found)
			continue;
		if (x->nper == x->capper) {
			size_t cap = x->capper ? x->capper * 2 : 64;
			tsdb_period *np = realloc(x->per, cap * sizeof *np);
			if (!np) {
				rc = ex_oom(x);
				break;
			}
			x->per = np;
			x->capper = cap;
		}
		memmove(x->per + k + 1, x->per + k, (x->nper - k) * sizeof *x->per);
		x->per[k] = p.period;
		x->nper++;
	}
	ex_close_series(&rd);
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

static int wide_series(struct export *x, const char *ind, const char *reg)
{
	tsdb_region r;
	struct reader rd;
	tsdb_point p;
	int rc, found, any = 0;
	if ((rc = ex_use_indicator(x, ind)) || (rc = tsdb_region_get(x->t, reg, &r, &x->err)) ||
	    (rc = ex_open_series(x, ind, reg, &rd)))
		return rc;
	memset(x->have, 0, x->nper);
	while ((rc = ex_next_point(x, &rd, &p)) == 0) {
		size_t k = period_slot(x, p.period, &found);
		if (found) {
			x->vals[k] = p.value;
			x->have[k] = 1;
			any = 1;
		}
	}
	ex_close_series(&rd);
	if (rc != TSDB_NOTFOUND)
		return rc;
	if (!any)
		return 0; /* nothing in the range */
	ex_text_cell(x->out, x->ind.id);
	ex_text_cell(x->out, ex_ind_name(x));
	ex_text_cell(x->out, r.code);
	ex_text_cell(x->out, ex_reg_name(x, &r));
	ex_text_cell(x->out, x->unit);
	for (size_t k = 0; k < x->nper; k++)
		if (x->have[k])
			ex_num_cell(x->out, x->vals[k]);
		else
			ex_empty_cell(x->out);
	ex_end_row(x->out);
	return ex_write_failed(x);
}

int ex_export_wide(struct export *x)
{
	static const char *const head[] = {"indicator", "indicator_name", "region", "region_name",
	                                   "unit"};
	int rc = ex_each_series(x, gather_periods);
	if (rc)
		return rc;
	if (!(x->vals = calloc(x->nper + 1, sizeof *x->vals)) || !(x->have = calloc(x->nper + 1, 1)))
		return ex_oom(x);
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		ex_text_cell(x->out, head[i]);
	for (size_t k = 0; k < x->nper; k++) {
		char per[TSDB_PERIOD_MAX];
		tsdb_period_format(x->per[k], per);
		ex_text_cell(x->out, per);
	}
	ex_end_row(x->out);
	return ex_each_series(x, wide_series);
}

/* ---- pivot: one row per indicator and period, one column per region ---- */

static int add_column(struct export *x, const tsdb_region *r)
{
	for (size_t i = 0; i < x->ncols; i++)
		if (x->cols[i].key == r->key)
			return 0;
	if (x->ncols == x->capcols) {
		size_t cap = x->capcols ? x->capcols * 2 : 16;
		struct column *nc = realloc(x->cols, cap * sizeof *nc);
		if (!nc)
			return ex_oom(x);
		x->cols = nc;
		x->capcols = cap;
	}
	struct column *c = &x->cols[x->ncols];
	memset(c, 0, sizeof *c);
	c->key = r->key;
	if (!(c->code = strdup(r->code)) || !(c->label = strdup(ex_reg_name(x, r)))) {
		free(c->code);
		free(c->label);
		return ex_oom(x);
	}
	x->ncols++;
	return 0;
}

/* A region with data in the range becomes a column. */
static int gather_regions(struct export *x, const char *ind, const char *reg)
{
	tsdb_region r;
	struct reader rd;
	tsdb_point p;
	int rc;
	if ((rc = ex_open_series(x, ind, reg, &rd)))
		return rc;
	rc = ex_next_point(x, &rd, &p);
	ex_close_series(&rd);
	if (rc)
		return rc == TSDB_NOTFOUND ? 0 : rc;
	if ((rc = tsdb_region_get(x->t, reg, &r, &x->err)))
		return rc;
	return add_column(x, &r);
}

static int by_key(const void *a, const void *b)
{
	const struct column *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Two regions of one name (two 朝阳区) get their codes in the heading. */
static int unique_labels(struct export *x)
{
	char *mark = calloc(x->ncols + 1, 1);
	if (!mark)
		return ex_oom(x);
	for (size_t i = 0; i < x->ncols; i++)
		for (size_t j = i + 1; j < x->ncols; j++)
			if (strcmp(x->cols[i].label, x->cols[j].label) == 0)
				mark[i] = mark[j] = 1;
	for (size_t i = 0; i < x->ncols; i++) {
		struct column *c = &x->cols[i];
		char *l;
		if (!mark[i])
			continue;
		if (asprintf(&l, "%s (%s)", c->label, c->code) < 0) {
			free(mark);
			return ex_oom(x);
		}
		free(c->label);
		c->label = l;
	}
	free(mark);
	return 0;
}

static int collect_indicator(const tsdb_indicator *ind, void *arg)
{
	char ***ids = arg;
	size_t n = 0;
	while ((*ids)[n])
		n++;
	char **more = realloc(*ids, (n + 2) * sizeof *more);
	if (!more)
		return TSDB_ENOMEM;
	*ids = more;
	if (!(more[n] = strdup(ind->id)))
		return TSDB_ENOMEM;
	more[n + 1] = NULL;
	return 0;
}

/* Advances a column's cursor to its next point. */
static int step(struct export *x, struct column *c)
{
	int rc = ex_next_point(x, &c->rd, &c->at);
	c->have = rc == 0;
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

static int pivot_indicator(struct export *x, const char *id)
{
	int rc;
	if ((rc = ex_use_indicator(x, id)))
		return rc;
	for (size_t i = 0; i < x->ncols; i++) {
		struct column *c = &x->cols[i];
		if ((rc = ex_open_series(x, id, c->code, &c->rd)) || (rc = step(x, c)))
			goto out;
	}
	for (;;) {
		tsdb_period next = {0, 0};
		int any = 0;
		char per[TSDB_PERIOD_MAX];
		for (size_t i = 0; i < x->ncols; i++)
			if (x->cols[i].have && (!any || tsdb_period_cmp(x->cols[i].at.period, next) < 0)) {
				next = x->cols[i].at.period;
				any = 1;
			}
		if (!any)
			break;
		tsdb_period_format(next, per);
		ex_text_cell(x->out, x->ind.id);
		ex_text_cell(x->out, ex_ind_name(x));
		ex_text_cell(x->out, x->unit);
		ex_text_cell(x->out, per);
		for (size_t i = 0; i < x->ncols; i++) {
			struct column *c = &x->cols[i];
			if (c->have && tsdb_period_cmp(c->at.period, next) == 0) {
				ex_num_cell(x->out, c->at.value);
				if ((rc = step(x, c)))
					goto out;
			} else
				ex_empty_cell(x->out);
		}
		ex_end_row(x->out);
		if ((rc = ex_write_failed(x)))
			break;
	}
out:
	for (size_t i = 0; i < x->ncols; i++) {
		ex_close_series(&x->cols[i].rd);
		x->cols[i].have = 0;
	}
	return rc;
}

int ex_export_pivot(struct export *x)
{
	static const char *const head[] = {"indicator", "indicator_name", "unit", "period"};
	char **all = NULL;
	int rc = 0;
	if (x->regs) {
		/* the regions as asked, in that order, even those without data */
		for (size_t i = 0; i < x->nregs && !rc; i++) {
			tsdb_region r;
			rc = tsdb_region_get(x->t, x->regs[i], &r, &x->err);
			if (!rc)
				rc = add_column(x, &r);
		}
	} else if (!(rc = ex_each_series(x, gather_regions)))
		qsort(x->cols, x->ncols, sizeof *x->cols, by_key);
	if (rc || (rc = unique_labels(x)))
		return rc;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		ex_text_cell(x->out, head[i]);
	for (size_t i = 0; i < x->ncols; i++)
		ex_text_cell(x->out, x->cols[i].label);
	ex_end_row(x->out);
	if (x->inds) {
		for (size_t i = 0; i < x->ninds && !rc; i++) {
			x->expr = x->exprs[i];
			rc = pivot_indicator(x, x->expr ? tsdb_expr_text(x->expr) : x->inds[i]);
		}
		x->expr = NULL;
		return rc;
	}
	if (!(all = calloc(1, sizeof *all)))
		return ex_oom(x);
	rc = tsdb_indicator_each(x->t, collect_indicator, &all, &x->err);
	if (rc == TSDB_ENOMEM)
		ex_oom(x);
	for (size_t i = 0; !rc && all[i]; i++)
		rc = pivot_indicator(x, all[i]);
	for (size_t i = 0; all[i]; i++)
		free(all[i]);
	free(all);
	return rc;
}
