/* cmd_get.c — tsq get: one series, one row per period. */
#include <string.h>

#include "commands.h"

static const struct out_col cols[] = {
    {"period", "时期", 0},       {"value", "数值", OUT_AMOUNT}, {"qualifier", "限定", OUT_MACHINE},
    {"status", "状态", 0},       {"vintage", "发布日期", 0},    {"source", "来源", 0},
};

int cmd_get(struct ctx *c)
{
	tsdb_query q = {0};
	tsdb_txn *t = NULL;
	tsdb_cursor *cur = NULL;
	tsdb_indicator ind;
	tsdb_region reg;
	tsdb_point p;
	tsdb_error err = {0};
	struct out o;
	char unit[128];
	int rc;

	if ((rc = cli_range(arg(c, "--from"), arg(c, "--to"), arg(c, "--as-of"), &q)))
		return rc;
	if (tsdb_txn_begin(c->db, 0, &t, &err) || tsdb_indicator_get(t, c->pos[0], &ind, &err) ||
	    tsdb_region_resolve(t, c->pos[1], &reg, &err))
		goto fail;
	if ((rc = out_open(&o, c, "table")))
		goto out;
	if ((rc = out_scale_check(&o, c, ind.unit))) {
		out_abandon(&o);
		goto out;
	}
	q.indicator = ind.id;
	q.region = reg.code;
	if (tsdb_cursor_open(t, &q, &cur, &err))
		goto fail_out;
	if (out_for_people(&o))
		fprintf(o.f, "%s (%s), %s (%s)\n", ind.id, *ind.unit ? out_unit(&o, ind.unit, unit, sizeof unit) : "-",
		        o.zh ? (*reg.name_zh ? reg.name_zh : reg.name) : (*reg.name ? reg.name : reg.name_zh), reg.code);
	out_begin(&o, cols, 6);
	while ((rc = tsdb_cursor_next(cur, &p, &err)) == 0) {
		out_period(&o, p.period);
		out_num(&o, p.value, p.qualifier, -1);
		out_text(&o, out_qualifier(&o, p.qualifier));
		out_text(&o, out_status(&o, p.status));
		out_date(&o, p.vintage);
		out_text(&o, p.source);
		out_row(&o);
	}
	if (rc != TSDB_NOTFOUND)
		goto fail_out;
	if (!o.rows && out_for_people(&o)) {
		o.cols = NULL; /* no table: a word instead */
		out_abandon(&o);
		printf("no observations\n");
		rc = 0;
		goto out;
	}
	rc = out_close(&o);
	goto out;
fail_out:
	out_abandon(&o);
fail:
	rc = cli_fail(&err);
out:
	tsdb_cursor_close(cur);
	tsdb_txn_abort(t);
	return rc;
}
