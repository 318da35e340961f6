/* query.c — compare, rank and plot's options turned into a panel request;
 * the semantics are the library's (tsdb/query.c). */
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
	qr->boundaries = given(c, "--boundaries");
}

static int freq_code(const char *s)
{
	static const char *const names[][3] = {{"M", "month", "monthly"},
	                                       {"Q", "quarter", "quarterly"},
	                                       {"H", "half", "half-yearly"},
	                                       {"Y", "year", "annual"}};
	for (int f = 0; f < 4; f++)
		for (int k = 0; k < 3; k++)
			if (strcasecmp(s, names[f][k]) == 0)
				return TSDB_FREQ_MONTH + f;
	return 0;
}

/* The library names the request's fields; the user knows them as options. */
static int option_field(tsdb_error *err, int rc)
{
	static const char *const opt[][2] = {
	    {"transform", "--transform"}, {"within", "--within"}, {"boundaries", "--boundaries"}};
	for (size_t i = 0; i < sizeof opt / sizeof *opt; i++)
		if (strcmp(err->field, opt[i][0]) == 0)
			snprintf(err->field, sizeof err->field, "%s", opt[i][1]);
	return rc;
}

int query_open(tsdb_txn *t, struct query *qr)
{
	tsdb_panel_request *req = &qr->req;
	tsdb_error err = {0};
	int rc;
	if ((rc = cli_range(qr->from, qr->to, qr->as_of, &qr->range)))
		return rc;
	memset(req, 0, sizeof *req);
	req->expr = qr->expr;
	req->transform = qr->transform;
	if (qr->freq && !(req->freq = freq_code(qr->freq))) {
		tsdb_error_set(&err, TSDB_EINVAL, "--freq", "\"%.16s\": expected Y, H, Q or M",
		               qr->freq);
		return cli_fail(&err);
	}
	req->from = qr->range.from;
	req->to = qr->range.to;
	req->as_of = qr->range.as_of;
	req->boundaries = qr->boundaries ? atoi(qr->boundaries) : 0;
	if (tsdb_panel_new(t, req, &qr->p, &err))
		return option_field(&err, 0), cli_fail(&err);
	qr->tr = qr->p->tr;
	qr->unit = qr->p->unit;
	qr->name = qr->p->name;
	qr->lone = qr->p->lone;
	qr->computed = qr->p->computed;
	return 0;
}

int query_answer(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err)
{
	qr->req.regions = (const char *const *)names;
	qr->req.nregions = n;
	qr->req.level = qr->level;
	qr->req.within = qr->within;
	if (tsdb_panel_read(t, qr->p, err))
		return option_field(err, err->code);
	qr->col = qr->p->col;
	qr->ncols = qr->p->ncols;
	qr->notes = qr->p->notes;
	qr->nnotes = (int)qr->p->nnotes;
	qr->computed = qr->p->computed;
	return 0;
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

static int add_source(const char *id, void *arg)
{
	sources_add(arg, id);
	return 0;
}

int query_operand_sources(tsdb_txn *t, const struct query *qr, const tsdb_query *range,
                          struct sources *out, tsdb_error *err)
{
	return tsdb_panel_sources(t, qr->p, range->from, range->to, add_source, out, err);
}

int query_periods(const struct query *qr, tsdb_period **out, size_t *n)
{
	size_t k = qr->p->nper;
	if (!(*out = malloc((k ? k : 1) * sizeof **out)))
		return -1;
	memcpy(*out, qr->p->per, k * sizeof **out);
	*n = k;
	return 0;
}

const char *query_region_name(const tsdb_region *r)
{
	return *r->name_zh ? r->name_zh : *r->name ? r->name : r->code;
}

void query_free(struct query *qr)
{
	tsdb_panel_free(qr->p);
	qr->p = NULL;
	qr->col = NULL;
	qr->ncols = 0;
	qr->notes = NULL;
	qr->nnotes = 0;
}
