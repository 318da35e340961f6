/* query.c — an expression over regions and periods, as compare, rank and
 * plot ask it. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "query.h"

/* The option's value when the command has that option. */
static const char *given(const struct ctx *c, const char *name)
{
	return opt_find(c->cmd, name) ? arg(c, name) : NULL;
}

void query_options(const struct ctx *c, struct query *qr)
{
	qr->from = given(c, "--from");
	qr->to = given(c, "--to");
	qr->as_of = given(c, "--as-of");
	qr->freq = given(c, "--freq");
	qr->transform = given(c, "--transform");
	qr->level = given(c, "--level");
	qr->within = given(c, "--within");
}

static int bad(tsdb_error *err, const char *field, const char *fmt, const char *arg)
{
	err->code = TSDB_EINVAL;
	snprintf(err->field, sizeof err->field, "%s", field);
	snprintf(err->text, sizeof err->text, fmt, arg);
	return TSDB_EINVAL;
}

static int oom(tsdb_error *err)
{
	bad(err, "", "%s", "out of memory");
	return err->code = TSDB_ENOMEM;
}

/* Names the field of an error that has none yet; returns code. */
static int field(tsdb_error *err, const char *name, int code)
{
	if (!err->field[0])
		snprintf(err->field, sizeof err->field, "%s", name);
	return code;
}

static int freq_code(const char *s)
{
	static const char *const names[][3] = {
	    {"M", "month", "monthly"}, {"Q", "quarter", "quarterly"}, {"H", "half", "half-yearly"},
	    {"Y", "year", "annual"}};
	for (int f = 0; f < 4; f++)
		for (int k = 0; k < 3; k++)
			if (strcasecmp(s, names[f][k]) == 0)
				return TSDB_FREQ_MONTH + f;
	return 0;
}

int query_prepare(tsdb_txn *t, struct query *qr, tsdb_error *err)
{
	const char *unit;
	int rc;
	if ((rc = tsdb_expr_parse(qr->expr, &qr->e, err)) || (rc = tsdb_expr_bind(t, qr->e, err)))
		return field(err, "expression", rc);
	if (qr->freq && !(qr->freq_code = freq_code(qr->freq)))
		return bad(err, "--freq", "\"%.16s\": expected Y, H, Q or M", qr->freq);
	if (qr->transform && (rc = tsdb_transform_parse(qr->transform, &qr->tr, err)))
		return field(err, "--transform", rc);
	if (qr->tr.op == TSDB_TR_DISCRETE && tsdb_expr_kind(qr->e) != TSDB_KIND_FLOW)
		return bad(err, "--transform",
		           "discrete takes apart year-to-date totals of a flow; %s is not a flow",
		           qr->expr);
	unit = tsdb_expr_unit(qr->e);
	if (strcmp(qr->expr, tsdb_expr_indicator(qr->e, 0)) == 0) {
		tsdb_indicator ind;
		qr->lone = 1;
		if (!tsdb_indicator_get(t, qr->expr, &ind, NULL))
			snprintf(qr->name, sizeof qr->name, "%s", *ind.name ? ind.name : ind.name_zh);
	}
	switch (qr->tr.op) {
	case TSDB_TR_YOY:
	case TSDB_TR_POP:
	case TSDB_TR_PCA:
	case TSDB_TR_CAGR: snprintf(qr->unit, sizeof qr->unit, "percent"); break;
	case TSDB_TR_LOG: snprintf(qr->unit, sizeof qr->unit, "log of %s", unit); break;
	case TSDB_TR_RANK: snprintf(qr->unit, sizeof qr->unit, "rank"); break;
	case TSDB_TR_SHARE: snprintf(qr->unit, sizeof qr->unit, "percent of %s", qr->tr.region); break;
	case TSDB_TR_INDEX: {
		char b[TSDB_PERIOD_MAX];
		tsdb_period_format(qr->tr.base, b);
		snprintf(qr->unit, sizeof qr->unit, "index, %s = 100", b);
		break;
	}
	default: snprintf(qr->unit, sizeof qr->unit, "%s", unit);
	}
	qr->computed = qr->tr.op || !qr->lone;
	return 0;
}

static int add(struct query *qr, const char *asked, const tsdb_region *r, tsdb_error *err)
{
	for (size_t i = 0; i < qr->ncols; i++)
		if (strcmp(qr->col[i].reg.code, r->code) == 0)
			return 0; /* named twice: shown once */
	if (qr->ncols == qr->cap) {
		size_t cap = qr->cap ? qr->cap * 2 : 8;
		struct column *c = realloc(qr->col, cap * sizeof *c);
		if (!c)
			return oom(err);
		qr->col = c;
		qr->cap = cap;
	}
	struct column *c = &qr->col[qr->ncols];
	memset(c, 0, sizeof *c);
	if (!(c->asked = strdup(asked)))
		return oom(err);
	c->reg = *r;
	qr->ncols++;
	return 0;
}

const char *query_region_name(const tsdb_region *r)
{
	return *r->name_zh ? r->name_zh : *r->name ? r->name : r->code;
}

struct children {
	struct query *qr;
	tsdb_error *err;
	int rc;
};

static int child(const tsdb_region *r, void *arg)
{
	struct children *c = arg;
	return (c->rc = add(c->qr, query_region_name(r), r, c->err));
}

/* The members of a group, or the region itself: what --within names. */
struct within {
	const char *code[512];
	int n;
};

static int member(const tsdb_region *r, void *arg)
{
	struct within *w = arg;
	if (w->n < (int)(sizeof w->code / sizeof *w->code))
		w->code[w->n++] = r->code;
	return 0;
}

/* Is region r one of those, or inside one of them? */
static int inside(tsdb_txn *t, const tsdb_region *r, const struct within *w)
{
	tsdb_region x = *r;
	for (int depth = 0; depth < 16; depth++) {
		for (int i = 0; i < w->n; i++)
			if (strcmp(x.code, w->code[i]) == 0)
				return 1;
		if (!*x.parent || tsdb_region_get(t, x.parent, &x, NULL))
			return 0;
	}
	return 0;
}

struct level {
	tsdb_txn *t;
	struct query *qr;
	const struct within *within;
	tsdb_error *err;
	int rc;
};

static int with_data(const char *indicator, const char *code, void *arg)
{
	struct level *l = arg;
	tsdb_region r;
	(void)indicator;
	if (tsdb_region_get(l->t, code, &r, NULL) || (*l->qr->level && strcmp(r.level, l->qr->level)) ||
	    (l->within && !inside(l->t, &r, l->within)))
		return 0;
	return (l->rc = add(l->qr, query_region_name(&r), &r, l->err));
}

int query_regions(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err)
{
	tsdb_region r, w;
	int rc;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len > 2 && strcmp(names[i] + len - 2, "/*") == 0) {
			char parent[256];
			struct children c = {qr, err, 0};
			snprintf(parent, sizeof parent, "%.*s", (int)(len - 2), names[i]);
			if ((rc = tsdb_region_resolve(t, parent, &r, err)))
				return field(err, "region", rc);
			if ((rc = tsdb_region_children(t, r.code, child, &c, err)) || (rc = c.rc))
				return rc;
			continue;
		}
		if ((rc = tsdb_region_resolve(t, names[i], &r, err))) {
			snprintf(err->field, sizeof err->field, "region %zu", i + 1);
			return rc;
		}
		if ((rc = add(qr, names[i], &r, err)))
			return rc;
	}
	if (qr->within && !qr->level)
		return bad(err, "--within", "%s", "--within goes with --level");
	if (qr->level) {
		struct level l = {t, qr, NULL, err, 0};
		struct within in = {{0}, 0};
		if (qr->within) {
			if ((rc = tsdb_region_resolve(t, qr->within, &w, err)))
				return field(err, "--within", rc);
			in.code[in.n++] = w.code;
			if (strcmp(w.level, "group") == 0 &&
			    (rc = tsdb_region_children(t, w.code, member, &in, err)))
				return rc;
			l.within = &in;
		}
		rc = tsdb_series_each(t, tsdb_expr_indicator(qr->e, 0), with_data, &l, err);
		if (rc || (rc = l.rc))
			return rc;
	}
	if (!qr->ncols)
		return bad(err, "region", "%s", qr->level ? "no region of that level has data" : "no region given");
	return 0;
}

static void note(tsdb_period p, const char *why, void *arg)
{
	struct query *qr = arg;
	char per[TSDB_PERIOD_MAX];
	if (qr->nnotes == (int)(sizeof qr->notes / sizeof *qr->notes))
		return;
	tsdb_period_format(p, per);
	for (int i = 0; i < qr->nnotes; i++)
		if (strncmp(qr->notes[i], per, strlen(per)) == 0 && qr->notes[i][strlen(per)] == ':')
			return;
	snprintf(qr->notes[qr->nnotes++], sizeof qr->notes[0], "%s: not derived on its own (%s)", per,
	         why);
}

/* The expression for one region, before any transform but discrete. */
static int evaluate(tsdb_txn *t, struct query *qr, const char *code, const tsdb_query *range,
                    tsdb_series *out, tsdb_error *err)
{
	tsdb_query q = *range;
	tsdb_series raw = {0}, mid = {0};
	int rc;
	q.region = code;
	if (qr->tr.op != TSDB_TR_DISCRETE)
		return tsdb_expr_eval(t, qr->e, &q, qr->freq_code, out, err);
	/* year-to-date totals come apart first, then the frequency changes */
	if (!(rc = tsdb_expr_eval(t, qr->e, &q, 0, &raw, err)) &&
	    !(rc = tsdb_series_discrete(&raw, qr->freq_code ? &mid : out, note, qr, err)) &&
	    qr->freq_code)
		rc = tsdb_series_convert(&mid, tsdb_expr_kind(qr->e), qr->freq_code, out, err);
	tsdb_series_free(&raw);
	tsdb_series_free(&mid);
	return rc;
}

/* Keeps the samples whose period starts inside the query's range. */
static void trim(tsdb_series *s, const tsdb_query *q)
{
	size_t k = 0;
	uint32_t last = q->to.end ? q->to.end : 0xFFFFFFFFu;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].period.start >= q->from.start && s->v[i].period.start <= last)
			s->v[k++] = s->v[i];
	s->n = k;
}

int query_run(tsdb_txn *t, struct query *qr, tsdb_error *err)
{
	tsdb_series ref = {0}, tmp = {0};
	tsdb_query read = qr->range;
	int rc = 0, back;

	/* read early enough for the first period's year-ago or previous value */
	if (read.from.start && (back = tsdb_transform_lookback(&qr->tr, read.from)) &&
	    tsdb_period_shift(read.from, -back, &read.from))
		read.from.start = 0;
	if (qr->tr.op == TSDB_TR_INDEX)
		read.from.start = 0, read.to.end = 0;
	if (qr->tr.op == TSDB_TR_SHARE) {
		tsdb_region parent;
		if ((rc = tsdb_region_resolve(t, qr->tr.region, &parent, err)))
			return field(err, "--transform", rc);
		if ((rc = evaluate(t, qr, parent.code, &read, &ref, err)))
			return rc;
	}
	for (size_t i = 0; i < qr->ncols && !rc; i++) {
		struct column *c = &qr->col[i];
		if ((rc = evaluate(t, qr, c->reg.code, &read, &c->s, err)))
			break;
		switch (qr->tr.op) {
		case TSDB_TR_NONE:
		case TSDB_TR_DISCRETE:
		case TSDB_TR_RANK: trim(&c->s, &qr->range); break;
		case TSDB_TR_CAGR:
			trim(&c->s, &qr->range);
			/* fall through */
		default:
			if ((rc = tsdb_transform_apply(&qr->tr, &c->s, &ref, &tmp, err)))
				break;
			tsdb_series_free(&c->s);
			c->s = tmp;
			memset(&tmp, 0, sizeof tmp);
			if (qr->tr.op != TSDB_TR_CAGR)
				trim(&c->s, &qr->range);
		}
	}
	if (!rc && qr->tr.op == TSDB_TR_RANK) {
		tsdb_series *all = malloc((qr->ncols ? qr->ncols : 1) * sizeof *all);
		if (!all)
			return oom(err);
		for (size_t i = 0; i < qr->ncols; i++)
			all[i] = qr->col[i].s;
		rc = tsdb_series_rank(all, qr->ncols, err);
		free(all);
	}
	tsdb_series_free(&ref);
	tsdb_series_free(&tmp);
	return rc;
}

int sources_add(struct sources *s, const char *id)
{
	if (!id || !*id)
		return 0;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->id[i], id) == 0)
			return i + 1;
	if (s->n == (int)(sizeof s->id / sizeof *s->id))
		return 0;
	s->id[s->n++] = id;
	return s->n;
}

int query_operand_sources(tsdb_txn *t, const struct query *qr, const tsdb_query *range,
                          struct sources *out, tsdb_error *err)
{
	tsdb_series s = {0};
	tsdb_query q = *range;
	int rc = 0;
	for (size_t c = 0; c < qr->ncols && !rc; c++)
		for (size_t i = 0; i < tsdb_expr_indicators(qr->e) && !rc; i++) {
			q.indicator = tsdb_expr_indicator(qr->e, i);
			q.region = qr->col[c].reg.code;
			if (!(rc = tsdb_series_read(t, &q, &s, err)))
				for (size_t k = 0; k < s.n; k++)
					sources_add(out, s.v[k].source);
		}
	tsdb_series_free(&s);
	return rc;
}

int query_open(tsdb *db, struct query *qr, tsdb_txn **t)
{
	tsdb_error err = {0};
	int rc;
	if ((rc = cli_range(qr->from, qr->to, qr->as_of, &qr->range)))
		return rc;
	if (tsdb_txn_begin(db, 0, t, &err) || query_prepare(*t, qr, &err))
		return cli_fail(&err);
	return 0;
}

int query_answer(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err)
{
	int rc = query_regions(t, qr, names, n, err);
	return rc ? rc : query_run(t, qr, err);
}

static int by_period(const void *a, const void *b)
{
	return tsdb_period_cmp(*(const tsdb_period *)a, *(const tsdb_period *)b);
}

int query_periods(const struct query *qr, tsdb_period **out, size_t *n)
{
	size_t total = 0, k = 0;
	for (size_t c = 0; c < qr->ncols; c++)
		total += qr->col[c].s.n;
	if (!(*out = malloc((total ? total : 1) * sizeof **out)))
		return -1;
	for (size_t c = 0; c < qr->ncols; c++)
		for (size_t i = 0; i < qr->col[c].s.n; i++)
			(*out)[k++] = qr->col[c].s.v[i].period;
	qsort(*out, k, sizeof **out, by_period);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (!*n || tsdb_period_cmp((*out)[*n - 1], (*out)[i]))
			(*out)[(*n)++] = (*out)[i];
	return 0;
}

void query_free(struct query *qr)
{
	for (size_t i = 0; i < qr->ncols; i++) {
		free(qr->col[i].asked);
		tsdb_series_free(&qr->col[i].s);
	}
	free(qr->col);
	tsdb_expr_free(qr->e);
	qr->col = NULL;
	qr->e = NULL;
	qr->ncols = qr->cap = 0;
}
