/* cmd_conflicts.c — tsq conflicts: observations whose sources disagree in
 * the same vintage, each with every version, which one is shown (by source
 * priority, then the later publication) and whether it agrees with that
 * one; --all lists the observations whose versions all agree too. */
#include <string.h>

#include "commands.h"

struct scan {
	tsdb_txn *t;
	struct out *o;
	tsdb_error *err;
	int all;
	size_t found, agreed;
	int rc;
};

static const struct out_col cols[] = {
    {"indicator", "指标", 0}, {"region", "地区", 0},      {"period", "时期", 0},
    {"vintage", "发布日期", 0}, {"source", "来源", 0},    {"value", "数值", OUT_AMOUNT},
    {"qualifier", "限定", OUT_MACHINE}, {"shown", "显示", 0},     {"agrees", "一致", 0},
};

/* Writes the versions of one observation that share its shown vintage;
 * with write 0, only counts them into *n. */
static int versions(struct scan *s, const char *ind, const char *reg, const tsdb_point *shown, int write,
                    size_t *n)
{
	tsdb_query q = {ind, reg, shown->period, shown->period, 0, 1};
	tsdb_cursor *cur;
	tsdb_point p;
	int rc;
	if ((rc = tsdb_cursor_open(s->t, &q, &cur, s->err)))
		return rc;
	*n = 0;
	while ((rc = tsdb_cursor_next(cur, &p, s->err)) == 0) {
		if (tsdb_period_cmp(p.period, shown->period) || p.vintage != shown->vintage)
			continue;
		++*n;
		if (!write)
			continue;
		/* the rule of the conflict flag: can this one be true with the one shown? */
		int agrees = p.shown || tsdb_values_agree(p.value, p.qualifier, shown->value, shown->qualifier);
		out_text(s->o, ind);
		out_text(s->o, reg);
		out_period(s->o, p.period);
		out_date(s->o, p.vintage);
		out_text(s->o, p.source);
		out_num(s->o, p.value, p.qualifier, -1);
		out_text(s->o, out_qualifier(s->o, p.qualifier));
		if (out_for_people(s->o))
			out_text(s->o, p.shown ? (s->o->zh ? "显示" : "shown") : "");
		else
			out_int(s->o, p.shown != 0);
		if (out_for_people(s->o))
			out_text(s->o, agrees ? (s->o->zh ? "一致" : "agrees") : "");
		else
			out_int(s->o, agrees);
		out_row(s->o);
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
	size_t n;
	while ((rc = tsdb_cursor_next(cur, &p, s->err)) == 0) {
		if (p.conflict) {
			s->found++;
		} else if (s->all) {
			/* agreeing versions: only where there are two or more */
			if ((rc = versions(s, ind, reg, &p, 0, &n)))
				break;
			if (n < 2)
				continue;
			s->agreed++;
		} else {
			continue;
		}
		if ((rc = versions(s, ind, reg, &p, 1, &n)))
			break;
	}
	tsdb_cursor_close(cur);
	return s->rc = rc == TSDB_NOTFOUND ? 0 : rc;
}

int cmd_conflicts(struct ctx *c)
{
	const char *indicator = c->npos ? c->pos[0] : NULL;
	struct out o;
	tsdb_indicator ind;
	struct scan s;
	int rc;

	if (indicator && tsdb_indicator_get(c->t, indicator, &ind, &c->err))
		return cli_fail(&c->err);
	if ((rc = out_open(&o, c, "table")))
		return rc;
	s = (struct scan){c->t, &o, &c->err, flag(c, "--all"), 0, 0, 0};
	/* a workbook: the sources of the source column on their own sheet */
	o.txn = c->t;
	o.sheet = "Conflicts";
	out_begin(&o, cols, 9);
	if (tsdb_series_each(c->t, indicator ? ind.id : NULL, series, &s, &c->err) || s.rc) {
		out_abandon(&o);
		return cli_fail(&c->err);
	}
	if (!out_for_people(&o))
		return out_close(&o);
	if (!s.found && !s.agreed) {
		out_abandon(&o);
		printf(s.all ? "no observation with two versions of one vintage\n" : "no conflicts\n");
		return 0;
	}
	out_end(&o);
	fprintf(o.f, "%zu observation%s where sources disagree", s.found, s.found == 1 ? "" : "s");
	if (s.all)
		fprintf(o.f, ", %zu where they agree", s.agreed);
	fprintf(o.f, "; the one shown is by source priority, then the later publication\n");
	return out_close(&o);
}
