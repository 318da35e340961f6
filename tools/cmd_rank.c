/* cmd_rank.c — tsq rank: regions ordered by an indicator or expression at
 * one period, e.g. the top ten provinces for R&D spend in 2023. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query.h"

static const struct out_col cols[] = {
    {"rank", "排名", 0},           {"region", "地区", 0},
    {"code", "代码", 0},           {"period", "时期", OUT_MACHINE},
    {"value", "数值", OUT_AMOUNT}, {"qualifier", "限定", OUT_MACHINE},
};

int cmd_rank(struct ctx *c)
{
	struct query qr = {0};
	const char *period = arg(c, "--period");
	char **names = c->pos + 1;
	tsdb_place *pl = NULL;
	struct out o;
	char unit[128];
	size_t nnames = (size_t)c->npos - 1, n = 0, limit = (size_t)arg_long(c, "--top", -1);
	tsdb_period p;
	tsdb_txn *t = c->t;
	tsdb_error err = {0};
	int rc = 0, asc = flag(c, "--ascending"), plus = 0;
	struct sources src = {0}; /* a workbook's footnotes */

	query_options(c, &qr);
	qr.expr = c->pos[0];
	tsdb_period_parse(period, (size_t)-1, &p, NULL); /* checked by the parser */
	if ((rc = cli_level(c, &qr.level)))
		return rc;
	/* without regions or a level, every region with data takes part */
	qr.from = qr.to = period;
	if (!nnames && !qr.level)
		qr.level = "";
	if ((rc = query_open(t, &qr)))
		goto out;
	if (query_answer(t, &qr, names, nnames, &err))
		goto fail;
	if (tsdb_panel_rank(qr.p, p, asc, &pl, &n, &err))
		goto fail;
	if ((rc = out_open(&o, c, "table")))
		goto out;
	if ((rc = out_scale_check(&o, c, qr.unit))) {
		out_abandon(&o);
		goto out;
	}
	if (out_for_people(&o))
		fprintf(o.f, "%s (%s), %s%s%s\n", qr.expr, out_unit(&o, qr.unit, unit, sizeof unit),
		        period, qr.tr.op ? ", " : "", qr.tr.op ? qr.transform : "");
	o.sheet = qr.expr;
	out_begin(&o, cols, 6);
	for (size_t i = 0; i < n && i < limit; i++) {
		const tsdb_place *x = &pl[i];
		const tsdb_panel_column *col = &qr.col[x->col];
		out_int(&o, (long long)x->rank);
		out_text(&o, query_region_name(&col->reg));
		out_text(&o, col->reg.code);
		out_period(&o, p);
		int note = out_has_after(&o) ? sources_add(&src, x->s->source) : 0;
		plus |= note && x->s->more_sources;
		out_num_noted(&o, x->s->value, x->s->qualifier,
		              qr.computed ? out_round_decimals(x->s->value) : -1, note,
		              note && x->s->more_sources);
		out_text(&o, out_qualifier(&o, x->s->qualifier));
		out_row(&o);
	}
	if (out_has_after(&o))
		out_footnotes(&o, t, src.id, src.n, plus);
	snprintf(unit, sizeof unit, "no region has a value for %s", period);
	rc = out_finish(&o, unit);
	goto out;
fail:
	rc = cli_fail(&err);
out:
	query_free(&qr);
	free(pl);
	return rc;
}
