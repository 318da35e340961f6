/* cmd_history.c — tsq history: every version of one observation, oldest
 * first: when it became known, from where, what it said. */
#include <string.h>

#include "commands.h"

static const struct out_col cols[] = {
    {"vintage", "发布日期", 0},   {"source", "来源", 0},        {"value", "数值", OUT_AMOUNT},
    {"qualifier", "限定", OUT_MACHINE}, {"status", "状态", 0},  {"shown", "显示", 0},
    {"conflict", "冲突", OUT_MACHINE}, {"quote", "原文", 0},    {"note", "注", OUT_MACHINE},
};

int cmd_history(struct ctx *c)
{
	tsdb_query q = {0};
	tsdb_txn *t = NULL;
	tsdb_cursor *cur = NULL;
	tsdb_indicator ind;
	tsdb_region reg;
	tsdb_period per;
	tsdb_point p;
	tsdb_error err = {0};
	struct out o;
	char unit[128], pt[TSDB_PERIOD_MAX];
	int rc;

	tsdb_period_parse(c->pos[2], (size_t)-1, &per, NULL); /* checked by the parser */
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
	q.from = q.to = per;
	q.versions = 1;
	if (tsdb_cursor_open(t, &q, &cur, &err))
		goto fail_out;
	tsdb_period_format(per, pt);
	if (out_for_people(&o))
		fprintf(o.f, "%s (%s), %s (%s), %s\n", ind.id, out_unit(&o, ind.unit, unit, sizeof unit),
		        o.zh ? (*reg.name_zh ? reg.name_zh : reg.name) : (*reg.name ? reg.name : reg.name_zh), reg.code,
		        pt);
	out_begin(&o, cols, 9);
	while ((rc = tsdb_cursor_next(cur, &p, &err)) == 0) {
		/* the range holds periods starting inside it: keep this one only */
		if (tsdb_period_cmp(p.period, per))
			continue;
		out_date(&o, p.vintage);
		out_text(&o, p.source);
		out_num(&o, p.value, p.qualifier, -1);
		out_text(&o, out_qualifier(&o, p.qualifier));
		out_text(&o, out_status(&o, p.status));
		if (out_for_people(&o))
			out_text(&o, !p.shown ? "" : o.zh ? (p.conflict ? "显示，来源不一" : "显示")
			                             : (p.conflict ? "shown, sources disagree" : "shown"));
		else
			out_int(&o, p.shown != 0);
		out_int(&o, p.conflict != 0);
		out_text(&o, p.quote);
		out_text(&o, p.note);
		out_row(&o);
	}
	if (rc != TSDB_NOTFOUND)
		goto fail_out;
	if (!o.rows && out_for_people(&o)) {
		out_abandon(&o);
		printf("no observation\n");
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
