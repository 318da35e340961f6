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
	/* the observation whose versions are being read, and how many share its vintage */
	const tsdb_point *shown;
	int write;
	size_t n;
};

static const struct out_col cols[] = {
    {"indicator", "指标", 0},
    {"region", "地区", 0},
    {"period", "时期", 0},
    {"vintage", "发布日期", 0},
    {"source", "来源", 0},
    {"value", "数值", OUT_AMOUNT},
    {"qualifier", "限定", OUT_MACHINE},
    {"shown", "显示", 0},
    {"agrees", "一致", 0},
    {"vintage_assumed", "发布日期为假定", OUT_MACHINE},
};

static int version(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct scan *s = arg;
	const tsdb_point *shown = s->shown;
	if (tsdb_period_cmp(p->period, shown->period) || p->vintage != shown->vintage)
		return 0;
	s->n++;
	if (!s->write)
		return 0;
	/* the rule of the conflict flag: can this one be true with the one shown? */
	int agrees =
	    p->shown || tsdb_values_agree(p->value, p->qualifier, shown->value, shown->qualifier);
	out_text(s->o, q->indicator);
	out_text(s->o, q->region);
	out_period(s->o, p->period);
	out_vintage(s->o, p->vintage, p->assumed);
	out_text(s->o, p->source);
	out_num(s->o, p->value, p->qualifier, -1);
	out_text(s->o, out_qualifier(s->o, p->qualifier));
	if (out_for_people(s->o))
		out_text(s->o, p->shown ? (s->o->zh ? "显示" : "shown") : "");
	else
		out_int(s->o, p->shown != 0);
	if (out_for_people(s->o))
		out_text(s->o, agrees ? (s->o->zh ? "一致" : "agrees") : "");
	else
		out_int(s->o, agrees);
	out_int(s->o, p->assumed != 0);
	out_row(s->o);
	return 0;
}

/* Writes the versions of the observation shown that share its vintage;
 * with write 0, only counts them into s->n. */
static int versions(struct scan *s, const tsdb_query *series, const tsdb_point *shown, int write)
{
	tsdb_query q = {series->indicator, series->region, shown->period, shown->period, 0, 1};
	s->shown = shown;
	s->write = write;
	s->n = 0;
	return tsdb_point_each(s->t, &q, version, s, s->err);
}

static int observation(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct scan *s = arg;
	int rc;
	if (p->conflict) {
		s->found++;
	} else if (s->all) {
		/* agreeing versions: only where there are two or more */
		if ((rc = versions(s, q, p, 0)) || s->n < 2)
			return rc;
		s->agreed++;
	} else {
		return 0;
	}
	return versions(s, q, p, 1);
}

static int series(const char *ind, const char *reg, void *arg)
{
	struct scan *s = arg;
	tsdb_query q = {ind, reg, {0, 0}, {0, 0}, 0, 0};
	return s->rc = tsdb_point_each(s->t, &q, observation, s, s->err);
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
	s = (struct scan){c->t, &o, &c->err, flag(c, "--all"), 0, 0, 0, NULL, 0, 0};
	/* a workbook: the sources of the source column on their own sheet */
	o.txn = c->t;
	o.sheet = "Conflicts";
	out_begin(&o, cols, 10);
	if (tsdb_series_each(c->t, indicator ? ind.id : NULL, series, &s, &c->err) || s.rc) {
		out_abandon(&o);
		return cli_fail(&c->err);
	}
	if (!out_for_people(&o))
		return out_close(&o);
	if (!s.found && !s.agreed) {
		out_abandon(&o);
		printf(s.all ? "no observation with two versions of one vintage\n"
		             : "no conflicts\n");
		return 0;
	}
	out_end(&o);
	fprintf(o.f, "%zu observation%s where sources disagree", s.found, s.found == 1 ? "" : "s");
	if (s.all)
		fprintf(o.f, ", %zu where they agree", s.agreed);
	fprintf(o.f, "; the one shown is by source priority, then the later publication\n");
	return out_close(&o);
}
