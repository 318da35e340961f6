/* cmd_conflicts.c — tsq conflicts: observations whose sources disagree in
 * the same vintage, each with every disagreeing version and which one is
 * shown (by source priority, then the later publication). */
#include <string.h>

#include "commands.h"

struct scan {
	tsdb_txn *t;
	const char *format;
	struct table *tab;
	tsdb_error *err;
	size_t found;
	int rc;
};

/* Prints the versions of one observation that share its shown vintage. */
static int versions(struct scan *s, const char *ind, const char *reg, const tsdb_point *shown)
{
	tsdb_query q = {ind, reg, shown->period, shown->period, 0, 1};
	tsdb_cursor *cur;
	tsdb_point p;
	int rc;
	if ((rc = tsdb_cursor_open(s->t, &q, &cur, s->err)))
		return rc;
	while ((rc = tsdb_cursor_next(cur, &p, s->err)) == 0) {
		char per[TSDB_PERIOD_MAX], vin[11], val[TSDB_VALUE_MAX * 2];
		if (tsdb_period_cmp(p.period, shown->period) || p.vintage != shown->vintage)
			continue;
		tsdb_period_format(p.period, per);
		tsdb_date_format(p.vintage, vin);
		if (s->tab) {
			const char *row[] = {ind, reg, per, vin, p.source,
			                     cli_number(p.value, p.qualifier, val, sizeof val),
			                     p.shown ? "shown" : ""};
			if (table_add(s->tab, row)) {
				rc = TSDB_ENOMEM;
				break;
			}
			continue;
		}
		tsdb_value_format(p.value, val);
		printf("%s,", ind);
		csv_field(stdout, reg);
		printf(",%s,%s,", per, vin);
		csv_field(stdout, p.source);
		printf(",%s,%s,%d\n", val, cli_qualifier_cell(p.qualifier), p.shown != 0);
	}
	tsdb_cursor_close(cur);
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

static int series(const char *ind, const char *reg, void *arg)
{
	struct scan *s = arg;
	tsdb_query q = {ind, reg, {0, 0}, {0, 0}, 0, 0};
	tsdb_cursor *cur;
	tsdb_point p;
	int rc;
	if ((rc = tsdb_cursor_open(s->t, &q, &cur, s->err)))
		return s->rc = rc;
	while ((rc = tsdb_cursor_next(cur, &p, s->err)) == 0)
		if (p.conflict) {
			s->found++;
			if ((rc = versions(s, ind, reg, &p)))
				break;
		}
	tsdb_cursor_close(cur);
	return s->rc = rc == TSDB_NOTFOUND ? 0 : rc;
}

int cmd_conflicts(struct ctx *c)
{
	const char *indicator = c->npos ? c->pos[0] : NULL, *format = arg(c, "--format");
	tsdb *db = c->db;
	tsdb_txn *t = NULL;
	tsdb_indicator ind;
	tsdb_error err = {0};
	struct scan s = {0};
	int rc;

	if (!format)
		format = "table";
	if (tsdb_txn_begin(db, 0, &t, &err) || (indicator && tsdb_indicator_get(t, indicator, &ind, &err)))
		goto fail;
	s = (struct scan){t, format, NULL, &err, 0, 0};
	if (format[0] == 't') {
		static const char *const head[] = {"indicator", "region", "period", "vintage", "source",
		                                   "value", ""};
		if (!(s.tab = table_new(7)) || table_add(s.tab, head)) {
			tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
			goto fail;
		}
		table_align(s.tab, 5, 1);
	} else
		printf("indicator,region,period,vintage,source,value,qualifier,shown\n");
	if (tsdb_series_each(t, indicator ? ind.id : NULL, series, &s, &err) || s.rc)
		goto fail;
	if (s.tab) {
		if (s.found) {
			table_print(s.tab, stdout);
			printf("%zu observation%s where sources disagree; the one shown is by source "
			       "priority, then the later publication\n",
			       s.found, s.found == 1 ? "" : "s");
		} else
			printf("no conflicts\n");
	}
	rc = 0;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	table_free(s.tab);
	tsdb_txn_abort(t);
	return rc;
}
