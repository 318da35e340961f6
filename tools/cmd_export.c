/* cmd_export.c — tsq export: observations out for spreadsheets and other
 * tools, as CSV, TSV, JSON Lines or SDMX-CSV, long or wide.
 *
 * Everything is streamed: rows are written as the cursors read them. The
 * long layout holds one series' cursor at a time. The wide layout (periods
 * as columns) first gathers the set of periods in the selection — a sorted
 * array of distinct periods, as many as there are distinct periods (a few
 * hundred for decades of mixed frequencies), never one per row — then writes
 * each series as one row built in an array of that size. With --pivot
 * region (regions as columns) it gathers the regions that have data, then
 * merges one cursor per region, period by period: memory grows with the
 * number of regions, never with the number of rows. Both passes read one
 * transaction, so they see the same snapshot. An --indicator may be an
 * expression over indicators (tsdb_expr_*): it is evaluated region by region
 * (one region's series in memory at a time) for the regions its first
 * indicator has, and written under its text, without a vintage.
 *
 * Text cells that a spreadsheet would run as a formula (beginning with =,
 * +, -, @, tab or carriage return) get a leading apostrophe, as OWASP
 * advises for CSV injection; numbers are written as numbers, negative ones
 * included. An exact qualifier ("=") is written as an empty cell in the
 * CSV family for the same reason: "=" alone is a formula to a spreadsheet.
 *
 * SDMX-CSV follows the SDMX-CSV 1.0 data message: the first column is
 * DATAFLOW, holding AGENCY:ID(VERSION) (here TSDB:DF_INDICATORS(1.0)), then
 * the dimensions INDICATOR, REF_AREA and TIME_PERIOD, the measure OBS_VALUE
 * and the attributes UNIT_MEASURE and OBS_STATUS (codes of SDMX's
 * CL_OBS_STATUS: A actual, E estimate, P provisional, F forecast; a target
 * has no code there and is left empty), then custom columns QUALIFIER,
 * TSDB_STATUS (tsdb's own word, so nothing is lost), SOURCE and VINTAGE.
 * TIME_PERIOD uses SDMX's reporting formats: 2024, 2024-S1, 2024-Q2,
 * 2024-05, 2024-06-30; any other range is an SDMX time range, its first
 * day and an ISO 8601 duration: 2021-01-01/P5Y, 2024-01-01/P5M,
 * 2024-01-15/P27D. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "xlsx.h"

enum fmt { F_CSV, F_TSV, F_JSONL, F_SDMX, F_XLSX };

/* Where rows go: a file (buffered by stdio), or a workbook. */
struct sink {
	FILE *f;
	int fmt;
	char sep;
	int cells; /* cells written in the current row */
	int failed, errnum; /* the first write error and its errno */
	struct facts *xl;   /* --format xlsx: the workbook cells go to */
	double scale;       /* --scale: values are divided by it */
};

static void put(struct sink *s, const void *p, size_t n)
{
	if (fwrite(p, 1, n, s->f) != n && !s->failed) {
		s->errnum = errno;
		s->failed = 1;
	}
}

static void puts_(struct sink *s, const char *str)
{
	put(s, str, strlen(str));
}

static int flush(struct sink *s)
{
	if ((fflush(s->f) != 0 || ferror(s->f)) && !s->failed) {
		s->errnum = errno;
		s->failed = 1;
	}
	return s->failed ? -1 : 0;
}

static void next_cell(struct sink *s)
{
	if (s->cells++)
		put(s, &s->sep, 1);
}

/* A text cell: quoted and formula-guarded by the output layer's one CSV
 * writer (out_csv_field). */
static void text_cell(struct sink *s, const char *t)
{
	if (s->xl) {
		/* a string cell is never a formula: no guard needed */
		facts_text(s->xl, t);
		return;
	}
	next_cell(s);
	out_csv_field(s->f, t, s->sep);
}

/* A value divided by --scale: the quotient's shortest decimal (2629.3 亿,
 * not the noise of binary division). */
static double scaled(const struct sink *s, double v)
{
	char t[40];
	if (s->scale == 1)
		return v;
	snprintf(t, sizeof t, "%.12g", v / s->scale);
	return strtod(t, NULL);
}

static void num_cell(struct sink *s, double v)
{
	char num[TSDB_VALUE_MAX];
	if (s->xl) {
		/* a workbook keeps the value; its format shows it divided */
		int fmt = s->scale == 1 ? 0 : facts_format(s->xl, s->scale, xlsx_scaled_decimals(v / s->scale), NULL, NULL);
		facts_number_fmt(s->xl, v, fmt < 0 ? 0 : fmt);
		return;
	}
	v = scaled(s, v);
	next_cell(s);
	put(s, num, tsdb_value_format(v, num));
}

static void empty_cell(struct sink *s)
{
	if (s->xl) {
		facts_empty(s->xl);
		return;
	}
	next_cell(s);
}

/* Ends a row; in a workbook, a fact's quote and note go to the notes sheet
 * (what, its indicator, region and period; NULL for a row of no one fact). */
static void end_fact(struct sink *s, const tsdb_point *p, const char *const *what)
{
	if (s->xl) {
		if (facts_end_row(s->xl, p ? p->quote : NULL, p ? p->note : NULL, what ? what[0] : NULL,
		                  what ? what[1] : NULL, what ? what[2] : NULL) && !s->failed) {
			s->failed = 1;
			s->errnum = ENOMEM;
		}
		return;
	}
	put(s, "\r\n", 2);
	s->cells = 0;
}

static void end_row(struct sink *s)
{
	end_fact(s, NULL, NULL);
}

/* Starts a JSON member: {"key": for the first of a row, else ,"key":. */
static void json_key(struct sink *s, const char *key)
{
	put(s, s->cells++ ? ",\"" : "{\"", 2);
	puts_(s, key);
	put(s, "\":", 2);
}

static void json_text(struct sink *s, const char *key, const char *t, int nullable)
{
	json_key(s, key);
	if (nullable && !*t)
		puts_(s, "null");
	else
		out_json_string(s->f, t);
}

/* ---- periods in SDMX form ---- */

/* Writes p as SDMX writes reporting periods (see the top of the file). */
static void sdmx_period(tsdb_period p, char *buf)
{
	int f = tsdb_period_freq(p);
	if (f != TSDB_FREQ_SPAN) {
		tsdb_period_format(p, buf);
		char *h = f == TSDB_FREQ_HALF ? strchr(buf, 'H') : NULL;
		if (h)
			*h = 'S';
		return;
	}
	int months = tsdb_period_months(p);
	size_t n = tsdb_date_format(p.start, buf);
	buf[n++] = '/';
	if (months && months % 12 == 0)
		sprintf(buf + n, "P%dY", months / 12);
	else if (months)
		sprintf(buf + n, "P%dM", months);
	else
		sprintf(buf + n, "P%ldD", tsdb_period_days(p));
}

/* The code of a status in SDMX's CL_OBS_STATUS, "" when it has none. */
static const char *sdmx_status(int status)
{
	switch (status) {
	case TSDB_STATUS_ACTUAL: return "A";
	case TSDB_STATUS_ESTIMATE: return "E";
	case TSDB_STATUS_PROVISIONAL: return "P";
	case TSDB_STATUS_FORECAST: return "F";
	}
	return "";
}

/* ---- what is selected ---- */

enum { LONG, WIDE, PIVOT };

/* One series being read: a cursor, or an evaluated expression. */
struct reader {
	tsdb_cursor *cur;
	tsdb_series s;
	size_t at;
};

/* A region column of the pivot. */
struct column {
	char *code;  /* primary code */
	char *label; /* heading */
	uint32_t key;
	struct reader rd;
	tsdb_point at; /* the reader's current point */
	int have;      /* at is valid */
};

struct export {
	tsdb_txn *t;
	tsdb_query q;  /* range and as-of of every cursor */
	int fmt, layout, lang_zh;
	const char *scale_name; /* --scale, or NULL */
	double scale;
	char unit[160];         /* the indicator's unit as shown */
	struct sink *out;
	tsdb_error err;
	const char **inds; /* indicators asked for (borrowed), NULL for all */
	tsdb_expr **exprs; /* for each, an expression (owned), or NULL: a stored id */
	size_t ninds;
	tsdb_expr *expr;   /* the expression being written, or NULL */
	char **regs;       /* region codes asked for (owned), NULL for all */
	unsigned char *agg; /* for each, non-zero: a group, written as its sum */
	size_t nregs, capregs;
	char **noted;      /* the notes of group sums said so far (owned) */
	size_t nnoted;
	char *ind_id;      /* the indicator being written, and its record */
	tsdb_indicator ind;
	tsdb_period *per;  /* wide: the distinct periods, in time order */
	size_t nper, capper;
	double *vals;      /* wide: one row */
	unsigned char *have;
	struct column *cols; /* pivot: the region columns */
	size_t ncols, capcols;
	int (*series_fn)(struct export *, const char *ind, const char *reg);
	int rc;            /* what series_fn failed with */
};

static const char *pick(const char *first, const char *second)
{
	return *first ? first : second;
}

static const char *ind_name(const struct export *x)
{
	return x->lang_zh ? pick(x->ind.name_zh, x->ind.name) : pick(x->ind.name, x->ind.name_zh);
}

static const char *reg_name(const struct export *x, const tsdb_region *r)
{
	return x->lang_zh ? pick(r->name_zh, r->name) : pick(r->name, r->name_zh);
}

static int oom(struct export *x)
{
	return tsdb_error_set(&x->err, TSDB_ENOMEM, NULL, "out of memory");
}

/* Stops a run that can no longer write. */
static int write_failed(struct export *x)
{
	if (!x->out->failed)
		return 0;
	return tsdb_error_set(&x->err, TSDB_EIO, NULL, "write error");
}

/* Makes id the indicator being written; its record is read once for each
 * run of its series. */
/* Values in these units are not amounts: --scale leaves them as they are. */
static int unscaled(const char *unit)
{
	return !strcmp(unit, "percent") || !strcmp(unit, "%") || !strcmp(unit, "pp") || !strcmp(unit, "rank") ||
	       !strcmp(unit, "index");
}

/* The indicator's unit as the cells show it: scaled, in the language asked. */
static void set_unit(struct export *x)
{
	struct out o = {.zh = x->lang_zh, .scale_name = x->scale_name};
	x->out->scale = x->scale_name && !unscaled(x->ind.unit) ? x->scale : 1;
	if (x->out->scale == 1)
		o.scale_name = NULL;
	out_unit(&o, x->ind.unit, x->unit, sizeof x->unit);
}

static int use_indicator(struct export *x, const char *id)
{
	int rc;
	if (x->ind_id && strcmp(x->ind_id, id) == 0)
		return 0;
	free(x->ind_id);
	if (!(x->ind_id = strdup(id)))
		return oom(x);
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

static int wanted_region(const struct export *x, const char *code)
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

static int visit_series(const char *ind, const char *reg, void *arg)
{
	struct export *x = arg;
	if (!wanted_region(x, reg) || aggregate(x, reg))
		return 0;
	x->rc = x->series_fn(x, x->expr ? tsdb_expr_text(x->expr) : ind, reg);
	return x->rc != 0;
}

/* Calls fn for each selected series: indicator by indicator (as asked, or
 * all in catalog order), and within one the regions in catalog order. */
static int each_series(struct export *x, int (*fn)(struct export *, const char *, const char *))
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
/* A group's sum over its members (tsdb_panel), its notes said once. */
static int group_series(struct export *x, const char *ind, const char *reg, struct reader *r)
{
	const char *regions[] = {reg};
	tsdb_panel_request req = {.expr = ind, .regions = regions, .nregions = 1, .from = x->q.from,
	                          .to = x->q.to, .as_of = x->q.as_of};
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
			rc = oom(x);
		if (more)
			x->noted = more;
		if (!rc)
			x->nnoted++;
	}
	tsdb_panel_free(p);
	return rc;
}

static int open_series(struct export *x, const char *ind, const char *reg, struct reader *r)
{
	tsdb_query q = x->q;
	memset(r, 0, sizeof *r);
	if (aggregate(x, reg))
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
static int next_point(struct export *x, struct reader *r, tsdb_point *p)
{
	if (r->cur) {
		int rc;
		while ((rc = tsdb_cursor_next(r->cur, p, &x->err)) == 0 && !p->shown)
			; /* an earlier or a losing version */
		if (rc == 0 && x->out->xl && facts_source(x->out->xl, p->source))
			rc = oom(x);
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
		return oom(x);
	return 0;
}

static void close_series(struct reader *r)
{
	tsdb_cursor_close(r->cur);
	tsdb_series_free(&r->s);
	r->cur = NULL;
}

/* ---- long: one row per observation ---- */

static void long_header(struct export *x)
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
		text_cell(x->out, *h);
	end_row(x->out);
}

static void long_row(struct export *x, const tsdb_region *r, const tsdb_point *p)
{
	struct sink *s = x->out;
	char per[2 * TSDB_PERIOD_MAX], vin[11], num[TSDB_VALUE_MAX];
	const char *qual = p->qualifier == TSDB_Q_EQ ? "" : tsdb_qualifier_name(p->qualifier);
	tsdb_date_format(p->vintage, vin);
	if (x->fmt == F_SDMX) {
		sdmx_period(p->period, per);
		text_cell(s, "TSDB:DF_INDICATORS(1.0)");
		text_cell(s, x->ind.id);
		text_cell(s, r->code);
		text_cell(s, per);
		num_cell(s, p->value);
		text_cell(s, x->unit);
		text_cell(s, sdmx_status(p->status));
		text_cell(s, qual);
		text_cell(s, tsdb_status_name(p->status));
		text_cell(s, p->source);
		text_cell(s, vin);
		end_row(s);
		return;
	}
	tsdb_period_format(p->period, per);
	if (x->fmt == F_JSONL) {
		json_text(s, "indicator", x->ind.id, 0);
		json_text(s, "indicator_name", ind_name(x), 0);
		json_text(s, "region", r->code, 0);
		json_text(s, "region_name", reg_name(x, r), 0);
		json_text(s, "period", per, 0);
		json_key(s, "value");
		put(s, num, tsdb_value_format(scaled(s, p->value), num));
		json_text(s, "unit", x->unit, 0);
		json_text(s, "qualifier", tsdb_qualifier_name(p->qualifier), 0);
		json_text(s, "status", tsdb_status_name(p->status), 0);
		json_text(s, "source", p->source, 1);
		json_text(s, "vintage", vin, 1);
		put(s, "}\n", 2);
		s->cells = 0;
		return;
	}
	text_cell(s, x->ind.id);
	text_cell(s, ind_name(x));
	text_cell(s, r->code);
	text_cell(s, reg_name(x, r));
	text_cell(s, per);
	num_cell(s, p->value);
	text_cell(s, x->unit);
	text_cell(s, qual);
	text_cell(s, tsdb_status_name(p->status));
	text_cell(s, p->source);
	if (s->xl) {
		const char *what[3] = {x->ind.id, r->code, per};
		facts_date(s->xl, p->vintage);
		end_fact(s, p, what);
		return;
	}
	text_cell(s, vin);
	end_row(s);
}

static int long_series(struct export *x, const char *ind, const char *reg)
{
	tsdb_region r;
	struct reader rd;
	tsdb_point p;
	int rc;
	if ((rc = use_indicator(x, ind)) || (rc = tsdb_region_get(x->t, reg, &r, &x->err)) ||
	    (rc = open_series(x, ind, reg, &rd)))
		return rc;
	while ((rc = next_point(x, &rd, &p)) == 0)
		long_row(x, &r, &p);
	close_series(&rd);
	return rc == TSDB_NOTFOUND ? write_failed(x) : rc;
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
	if ((rc = open_series(x, ind, reg, &rd)))
		return rc;
	while ((rc = next_point(x, &rd, &p)) == 0) {
		size_t k = period_slot(x, p.period, &found);
		if (found)
			continue;
		if (x->nper == x->capper) {
			size_t cap = x->capper ? x->capper * 2 : 64;
			tsdb_period *np = realloc(x->per, cap * sizeof *np);
			if (!np) {
				rc = oom(x);
				break;
			}
			x->per = np;
			x->capper = cap;
		}
		memmove(x->per + k + 1, x->per + k, (x->nper - k) * sizeof *x->per);
		x->per[k] = p.period;
		x->nper++;
	}
	close_series(&rd);
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

static int wide_series(struct export *x, const char *ind, const char *reg)
{
	tsdb_region r;
	struct reader rd;
	tsdb_point p;
	int rc, found, any = 0;
	if ((rc = use_indicator(x, ind)) || (rc = tsdb_region_get(x->t, reg, &r, &x->err)) ||
	    (rc = open_series(x, ind, reg, &rd)))
		return rc;
	memset(x->have, 0, x->nper);
	while ((rc = next_point(x, &rd, &p)) == 0) {
		size_t k = period_slot(x, p.period, &found);
		if (found) {
			x->vals[k] = p.value;
			x->have[k] = 1;
			any = 1;
		}
	}
	close_series(&rd);
	if (rc != TSDB_NOTFOUND)
		return rc;
	if (!any)
		return 0; /* nothing in the range */
	text_cell(x->out, x->ind.id);
	text_cell(x->out, ind_name(x));
	text_cell(x->out, r.code);
	text_cell(x->out, reg_name(x, &r));
	text_cell(x->out, x->unit);
	for (size_t k = 0; k < x->nper; k++)
		if (x->have[k])
			num_cell(x->out, x->vals[k]);
		else
			empty_cell(x->out);
	end_row(x->out);
	return write_failed(x);
}

static int export_wide(struct export *x)
{
	static const char *const head[] = {"indicator", "indicator_name", "region", "region_name",
	                                   "unit"};
	int rc = each_series(x, gather_periods);
	if (rc)
		return rc;
	if (!(x->vals = calloc(x->nper + 1, sizeof *x->vals)) || !(x->have = calloc(x->nper + 1, 1)))
		return oom(x);
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		text_cell(x->out, head[i]);
	for (size_t k = 0; k < x->nper; k++) {
		char per[TSDB_PERIOD_MAX];
		tsdb_period_format(x->per[k], per);
		text_cell(x->out, per);
	}
	end_row(x->out);
	return each_series(x, wide_series);
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
			return oom(x);
		x->cols = nc;
		x->capcols = cap;
	}
	struct column *c = &x->cols[x->ncols];
	memset(c, 0, sizeof *c);
	c->key = r->key;
	if (!(c->code = strdup(r->code)) || !(c->label = strdup(reg_name(x, r)))) {
		free(c->code);
		free(c->label);
		return oom(x);
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
	if ((rc = open_series(x, ind, reg, &rd)))
		return rc;
	rc = next_point(x, &rd, &p);
	close_series(&rd);
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
		return oom(x);
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
			return oom(x);
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
	int rc = next_point(x, &c->rd, &c->at);
	c->have = rc == 0;
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

static int pivot_indicator(struct export *x, const char *id)
{
	int rc;
	if ((rc = use_indicator(x, id)))
		return rc;
	for (size_t i = 0; i < x->ncols; i++) {
		struct column *c = &x->cols[i];
		if ((rc = open_series(x, id, c->code, &c->rd)) || (rc = step(x, c)))
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
		text_cell(x->out, x->ind.id);
		text_cell(x->out, ind_name(x));
		text_cell(x->out, x->unit);
		text_cell(x->out, per);
		for (size_t i = 0; i < x->ncols; i++) {
			struct column *c = &x->cols[i];
			if (c->have && tsdb_period_cmp(c->at.period, next) == 0) {
				num_cell(x->out, c->at.value);
				if ((rc = step(x, c)))
					goto out;
			} else
				empty_cell(x->out);
		}
		end_row(x->out);
		if ((rc = write_failed(x)))
			break;
	}
out:
	for (size_t i = 0; i < x->ncols; i++) {
		close_series(&x->cols[i].rd);
		x->cols[i].have = 0;
	}
	return rc;
}

static int export_pivot(struct export *x)
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
	} else if (!(rc = each_series(x, gather_regions)))
		qsort(x->cols, x->ncols, sizeof *x->cols, by_key);
	if (rc || (rc = unique_labels(x)))
		return rc;
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		text_cell(x->out, head[i]);
	for (size_t i = 0; i < x->ncols; i++)
		text_cell(x->out, x->cols[i].label);
	end_row(x->out);
	if (x->inds) {
		for (size_t i = 0; i < x->ninds && !rc; i++) {
			x->expr = x->exprs[i];
			rc = pivot_indicator(x, x->expr ? tsdb_expr_text(x->expr) : x->inds[i]);
		}
		x->expr = NULL;
		return rc;
	}
	if (!(all = calloc(1, sizeof *all)))
		return oom(x);
	rc = tsdb_indicator_each(x->t, collect_indicator, &all, &x->err);
	if (rc == TSDB_ENOMEM)
		oom(x);
	for (size_t i = 0; !rc && all[i]; i++)
		rc = pivot_indicator(x, all[i]);
	for (size_t i = 0; all[i]; i++)
		free(all[i]);
	free(all);
	return rc;
}

/* ---- the command ---- */

/* Adds a region asked for; a group by itself with members is their sum. */
static int add_region(struct export *x, const tsdb_region *r, int grp)
{
	if (x->regs && wanted_region(x, r->code))
		return 0; /* named twice */
	if (x->nregs == x->capregs) {
		size_t cap = x->capregs ? x->capregs * 2 : 8;
		char **v = realloc(x->regs, cap * sizeof *v);
		unsigned char *a = v ? realloc(x->agg, cap) : NULL;
		if (v)
			x->regs = v;
		if (!a)
			return oom(x);
		x->agg = a;
		x->capregs = cap;
	}
	if (!(x->regs[x->nregs] = strdup(r->code)))
		return oom(x);
	x->agg[x->nregs++] = (unsigned char)grp;
	return 0;
}

struct each_child {
	struct export *x;
	int rc, n;
};

static int child_region(const tsdb_region *r, void *arg)
{
	struct each_child *c = arg;
	c->n++;
	return c->x ? (c->rc = add_region(c->x, r, 0)) : 0;
}

/* Adds the regions a --region names: "NAME/" "*" the children of NAME (a
 * group's members), any other name that region. */
static int add_regions(struct export *x, const char *name)
{
	size_t len = strlen(name);
	struct each_child count = {NULL, 0, 0}, add = {x, 0, 0};
	char parent[256];
	tsdb_region r;
	int all = len > 2 && strcmp(name + len - 2, "/*") == 0;
	snprintf(parent, sizeof parent, "%.*s", (int)(all ? len - 2 : len), name);
	if (tsdb_region_resolve(x->t, parent, &r, &x->err)) {
		snprintf(x->err.field, sizeof x->err.field, "--region");
		return x->err.code;
	}
	if (all)
		return tsdb_region_children(x->t, r.code, child_region, &add, &x->err) || add.rc
		           ? x->err.code
		           : 0;
	if (strcmp(r.level, "group") == 0 &&
	    tsdb_region_children(x->t, r.code, child_region, &count, &x->err))
		return x->err.code;
	return add_region(x, &r, count.n > 0);
}

/* A separator --sep accepts: one ASCII character that cannot begin or
 * belong to a number, a quote or a line break ("tab" for a tab). */
static int parse_sep(const char *v, char *out)
{
	if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0 || strcmp(v, "\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(v) != 1 || !strchr(",;|:^~!#$%&*/?", v[0]))
		return -1;
	*out = v[0];
	return 0;
}

static void free_export(struct export *x)
{
	for (size_t i = 0; x->exprs && i < x->ninds; i++)
		tsdb_expr_free(x->exprs[i]);
	free(x->exprs);
	for (size_t i = 0; i < x->nregs; i++)
		free(x->regs[i]);
	free(x->regs);
	free(x->agg);
	for (size_t i = 0; i < x->nnoted; i++)
		free(x->noted[i]);
	free(x->noted);
	for (size_t i = 0; i < x->ncols; i++) {
		free(x->cols[i].code);
		free(x->cols[i].label);
	}
	free(x->cols);
	free(x->ind_id);
	free(x->per);
	free(x->vals);
	free(x->have);
}

/* The format, layout and separator the options ask for, or a usage error. */
static int export_setup(struct ctx *c, struct export *x, struct sink *out)
{
	const char *layout = arg(c, "--layout"), *format = arg(c, "--format"), *sep = arg(c, "--sep"),
	           *pivot = arg(c, "--pivot"), *lang = arg(c, "--lang");
	if (!format)
		format = "csv";
	x->fmt = strcmp(format, "csv") == 0 ? F_CSV : strcmp(format, "tsv") == 0 ? F_TSV
	         : strcmp(format, "jsonl") == 0 ? F_JSONL : strcmp(format, "xlsx") == 0 ? F_XLSX : F_SDMX;
	if (x->fmt == F_XLSX) {
		const char *path = arg(c, "--output");
		if (!path || strcmp(path, "-") == 0)
			return usage_error(c->cmd, "--format xlsx writes a workbook: name it with -o FILE");
		if (flag(c, "--bom") || sep)
			return usage_error(c->cmd, "--bom and --sep are for csv, tsv and sdmx-csv");
	}
	x->layout = !layout || strcmp(layout, "long") == 0 ? LONG : WIDE;
	if (pivot && layout && x->layout == LONG)
		return usage_error(c->cmd, "--pivot goes with --layout wide");
	if (pivot)
		x->layout = strcmp(pivot, "region") == 0 ? PIVOT : WIDE;
	if (x->layout != LONG && (x->fmt == F_JSONL || x->fmt == F_SDMX))
		return usage_error(c->cmd, "--layout wide is for csv and tsv; jsonl and sdmx-csv are long");
	if (flag(c, "--bom") && x->fmt == F_JSONL)
		return usage_error(c->cmd, "--bom is for csv, tsv and sdmx-csv");
	out->fmt = x->fmt;
	out->sep = x->fmt == F_TSV ? '\t' : ',';
	if (sep && (x->fmt == F_TSV || x->fmt == F_JSONL))
		return usage_error(c->cmd, "--sep is for csv and sdmx-csv");
	if (sep && parse_sep(sep, &out->sep))
		return usage_error(c->cmd, "--sep takes one character such as ; or | (or tab), not \"%s\"", sep);
	x->lang_zh = lang && strcmp(lang, "zh") == 0;
	x->out = out;
	out->scale = x->scale = 1;
	if ((x->scale_name = arg(c, "--scale")))
		out_scale_parse(x->scale_name, &x->scale);
	return 0;
}

int cmd_export_check(struct ctx *c)
{
	struct export x = {0};
	struct sink out;
	return export_setup(c, &x, &out);
}

int cmd_export(struct ctx *c)
{
	const char *path = arg(c, "--output");
	const char **inds = calloc(c->ngiven + 1, sizeof *inds);
	const char **names = calloc(c->ngiven + 1, sizeof *names);
	size_t ninds = 0, nnames = 0;
	struct export x = {0};
	struct sink *out = calloc(1, sizeof *out);
	struct outfile of = {0};
	int rc = 0;

	if (!inds || !names || !out) {
		fprintf(stderr, "tsq: out of memory\n");
		rc = EXIT_STORE;
		goto out;
	}
	ninds = arg_all(c, "--indicator", inds);
	nnames = arg_all(c, "--region", names);
	if ((rc = export_setup(c, &x, out)) ||
	    (rc = cli_range(arg(c, "--from"), arg(c, "--to"), arg(c, "--as-of"), &x.q)))
		goto out;
	if (tsdb_txn_begin(c->db, 0, &x.t, &x.err))
		goto fail;
	if (ninds && !(x.exprs = calloc(ninds, sizeof *x.exprs)))
		goto nomem;
	for (size_t i = 0; i < ninds; i++) {
		tsdb_indicator ind;
		if (tsdb_indicator_get(x.t, inds[i], &ind, &x.err) == 0) {
			if (x.scale_name && unscaled(ind.unit)) {
				rc = usage_error(c->cmd, "--scale applies to amounts, not to %s (values in %s)", ind.id, ind.unit);
				goto out;
			}
			continue;
		}
		if (!strpbrk(inds[i], "+-*/() ") || !strpbrk(inds[i], "abcdefghijklmnopqrstuvwxyz")) {
			/* a lone name: the unknown indicator it is */
			snprintf(x.err.field, sizeof x.err.field, "--indicator");
			goto fail;
		}
		/* an expression over indicators: "rd_expenditure / gdp * 100" */
		tsdb_error_clear(&x.err);
		x.ninds = i + 1; /* what free_export frees */
		if (tsdb_expr_parse(inds[i], &x.exprs[i], &x.err) || tsdb_expr_bind(x.t, x.exprs[i], &x.err)) {
			snprintf(x.err.field, sizeof x.err.field, "--indicator");
			goto fail;
		}
	}
	if (ninds) {
		x.inds = inds;
		x.ninds = ninds;
	}
	for (size_t i = 0; i < nnames; i++)
		if (add_regions(&x, names[i]))
			goto fail;
	for (size_t i = 0; i < x.nregs && !x.inds; i++)
		if (x.agg[i]) {
			tsdb_error_set(&x.err, TSDB_EINVAL, "--region",
			               "%s is a group, written as the sum of the --indicator named (its "
			               "members one by one: --region %s/*)", x.regs[i], x.regs[i]);
			goto fail;
		}
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if ((rc = out_file_open(path, &of)))
		goto out;
	out->f = of.f;
	if (x.fmt == F_XLSX) {
		/* the workbook is written to the outfile's temporary file, renamed
		 * into place by out_file_close */
		char why[300];
		if (!of.tmp) {
			fprintf(stderr, "tsq export: cannot write %s: a workbook goes to a regular file\n", path);
			rc = EXIT_STORE;
			goto out;
		}
		if (facts_open(of.tmp, "Data", FACTS_SOURCES | FACTS_NOTES, &out->xl, why, sizeof why)) {
			fprintf(stderr, "tsq export: %s\n", why);
			rc = EXIT_STORE;
			goto out;
		}
	}
	if (flag(c, "--bom"))
		put(out, "\xEF\xBB\xBF", 3);
	if (x.layout == LONG) {
		long_header(&x);
		rc = each_series(&x, long_series);
	} else if (x.layout == WIDE)
		rc = export_wide(&x);
	else
		rc = export_pivot(&x);
	if (rc)
		goto fail;
	if (out->xl) {
		char why[300];
		int bad = facts_finish(out->xl, x.t, "tsq export", c->g.quiet, why, sizeof why);
		out->xl = NULL;
		if (bad) {
			fprintf(stderr, "tsq export: writing %s: %s\n", path, why);
			rc = EXIT_STORE;
			goto out;
		}
	}
	if (flush(out)) {
		fprintf(stderr, "tsq export: writing %s: %s\n", path ? path : "standard output",
		        strerror(out->errnum));
		rc = EXIT_STORE;
		goto out;
	}
	rc = out_file_close(&of, 1);
	goto out;
nomem:
	oom(&x);
fail:
	if (x.err.code == TSDB_EIO && out->failed && out->xl) {
		/* the workbook's own account of what went wrong */
		char why[300];
		facts_finish(out->xl, x.t, "tsq export", 1, why, sizeof why);
		out->xl = NULL;
		fprintf(stderr, "tsq export: writing %s: %s\n", path, why);
	} else if (x.err.code == TSDB_EIO && out->failed)
		fprintf(stderr, "tsq export: writing %s: %s\n", path ? path : "standard output",
		        strerror(out->failed ? out->errnum : errno));
	rc = x.err.code == TSDB_EIO && out->failed ? EXIT_STORE : cli_fail(&x.err);
out:
	if (out)
		facts_abandon(out->xl);
	out_file_close(&of, 0); /* no half-written file left behind */
	free_export(&x);
	tsdb_txn_abort(x.t);
	free(inds);
	free(names);
	free(out);
	return rc;
}
