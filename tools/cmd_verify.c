/* cmd_verify.c — tsq verify: every fact with a quote checked against the
 * document of its source (tsdb_verify_each), one row per fact checked. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

struct run {
	struct out *o;
	size_t counts[4];
};

static const struct out_col cols[] = {
    {"verdict", "结论", 0},   {"indicator", "指标", 0},         {"region", "地区", 0},
    {"period", "时期", 0},    {"value", "数值", 0},             {"qualifier", "限定", OUT_MACHINE},
    {"source", "来源", 0},    {"reason", "原因", 0},
};

static int row(const char *ind, const char *reg, const tsdb_point *p, const tsdb_verification *v,
               void *arg)
{
	struct run *r = arg;
	r->counts[v->verdict]++;
	if (v->verdict == TSDB_VERIFY_UNCHECKED)
		return 0;
	out_text(r->o, tsdb_verdict_name(v->verdict));
	out_text(r->o, ind);
	out_text(r->o, reg);
	out_period(r->o, p->period);
	out_num(r->o, p->value, p->qualifier, -1);
	out_text(r->o, out_qualifier(r->o, p->qualifier));
	out_text(r->o, p->source);
	out_text(r->o, v->why);
	out_row(r->o);
	return r->o->failed ? TSDB_EIO : 0;
}

static int verify(struct ctx *c, const char **sources, const char **indicators)
{
	size_t nsources = arg_all(c, "--source", sources);
	size_t nindicators = arg_all(c, "--indicator", indicators);
	struct out o;
	struct run r = {&o, {0}};
	int rc;

	if ((rc = out_open(&o, c, "table")))
		return rc;
	out_begin(&o, cols, 8);
	if (tsdb_verify_each(c->t, sources, nsources, indicators, nindicators, row, &r, &c->err)) {
		out_abandon(&o);
		return cli_fail(&c->err);
	}
	size_t checked = r.counts[0] + r.counts[1] + r.counts[2];
	if (out_for_people(&o)) {
		FILE *f = stdout;
		if (checked) {
			out_end(&o);
			f = o.f;
		} else
			out_abandon(&o);
		fprintf(f, "%zu fact%s checked: %zu pass, %zu warn, %zu fail; %zu without a quote or a "
		           "document\n",
		        checked, checked == 1 ? "" : "s", r.counts[0], r.counts[1], r.counts[2],
		        r.counts[3]);
		rc = checked ? out_close(&o) : 0;
	} else
		rc = out_close(&o);
	if (!rc && (r.counts[TSDB_VERIFY_FAIL] || (flag(c, "--strict") && r.counts[TSDB_VERIFY_WARN])))
		rc = EXIT_DATA;
	return rc;
}

int cmd_verify(struct ctx *c)
{
	const char **sources = calloc(c->ngiven + 1, sizeof *sources);
	const char **indicators = calloc(c->ngiven + 1, sizeof *indicators);
	int rc;
	if (sources && indicators) {
		rc = verify(c, sources, indicators);
	} else {
		tsdb_error_set(&c->err, TSDB_ENOMEM, NULL, "out of memory");
		rc = cli_fail(&c->err);
	}
	free(sources);
	free(indicators);
	return rc;
}
