/* cmd_get.c — tsq get: one series, one row per period. */
#include "commands.h"

static const struct out_col cols[] = {
    {"period", "时期", 0},
    {"value", "数值", OUT_AMOUNT},
    {"qualifier", "限定", OUT_MACHINE},
    {"status", "状态", 0},
    {"vintage", "发布日期", 0},
    {"source", "来源", 0},
    {"vintage_assumed", "发布日期为假定", OUT_MACHINE},
};

int cmd_get(struct ctx *c)
{
	tsdb_query q = {0};
	struct series_out s;
	tsdb_point p;
	tsdb_error err = {0};
	int rc;

	if ((rc = cli_range(arg(c, "--from"), arg(c, "--to"), arg(c, "--as-of"), &q)))
		return rc;
	if ((rc = cli_series(c, &q, NULL, &s)))
		return cli_series_end(&s, rc, NULL, NULL);
	out_begin(&s.o, cols, 7);
	while ((rc = tsdb_cursor_next(s.cur, &p, &err)) == 0) {
		out_period(&s.o, p.period);
		out_num(&s.o, p.value, p.qualifier, -1);
		out_text(&s.o, out_qualifier(&s.o, p.qualifier));
		out_text(&s.o, out_status(&s.o, p.status));
		out_vintage(&s.o, p.vintage, p.assumed);
		out_text(&s.o, p.source);
		out_int(&s.o, p.assumed != 0);
		out_row(&s.o);
	}
	return cli_series_end(&s, rc, &err, "no observations");
}
