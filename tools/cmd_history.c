/* cmd_history.c — tsq history: every version of one observation, oldest
 * first: when it became known, from where, what it said. */
#include "commands.h"

static const struct out_col cols[] = {
    {"vintage", "发布日期", 0},
    {"source", "来源", 0},
    {"value", "数值", OUT_AMOUNT},
    {"qualifier", "限定", OUT_MACHINE},
    {"status", "状态", 0},
    {"shown", "显示", 0},
    {"conflict", "冲突", OUT_MACHINE},
    {"quote", "原文", 0},
    {"note", "注", OUT_MACHINE},
    {"vintage_assumed", "发布日期为假定", OUT_MACHINE},
};

int cmd_history(struct ctx *c)
{
	tsdb_query q = {0};
	struct series_out s;
	tsdb_point p;
	tsdb_error err = {0};
	char pt[TSDB_PERIOD_MAX + 2] = ", ";
	int rc;

	tsdb_period_parse(c->pos[2], (size_t)-1, &q.from, NULL); /* checked by the parser */
	q.to = q.from;
	q.versions = 1;
	tsdb_period_format(q.from, pt + 2);
	if ((rc = cli_series(c, &q, pt, &s)))
		return cli_series_end(&s, rc, NULL, NULL);
	out_begin(&s.o, cols, 10);
	while ((rc = tsdb_cursor_next(s.cur, &p, &err)) == 0) {
		struct out *o = &s.o;
		/* the range holds periods starting inside it: keep this one only */
		if (tsdb_period_cmp(p.period, q.from))
			continue;
		out_vintage(o, p.vintage, p.assumed);
		out_text(o, p.source);
		out_num(o, p.value, p.qualifier, -1);
		out_text(o, out_qualifier(o, p.qualifier));
		out_text(o, out_status(o, p.status));
		if (out_for_people(o))
			out_text(o, !p.shown ? ""
			            : o->zh  ? (p.conflict ? "显示，来源不一" : "显示")
			                     : (p.conflict ? "shown, sources disagree" : "shown"));
		else
			out_int(o, p.shown != 0);
		out_int(o, p.conflict != 0);
		out_text(o, p.quote);
		out_text(o, p.note);
		out_int(o, p.assumed != 0);
		out_row(o);
	}
	return cli_series_end(&s, rc, &err, "no observation");
}
