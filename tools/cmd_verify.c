/* cmd_verify.c — tsq verify: every fact with a quote checked against the
 * document of its source (tsdb_verify_each), one row per fact checked. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

struct run {
	const char *format;
	struct table *tab;
	size_t counts[4];
};

static int row(const char *ind, const char *reg, const tsdb_point *p, const tsdb_verification *v,
               void *arg)
{
	struct run *r = arg;
	char per[TSDB_PERIOD_MAX], val[TSDB_VALUE_MAX * 2];
	r->counts[v->verdict]++;
	if (v->verdict == TSDB_VERIFY_UNCHECKED)
		return 0;
	tsdb_period_format(p->period, per);
	const char *verdict = tsdb_verdict_name(v->verdict);
	if (r->tab) {
		const char *cells[] = {verdict, ind, reg, per, cli_number(p->value, p->qualifier, val, sizeof val),
		                       p->source, v->why};
		return table_add(r->tab, cells) ? TSDB_ENOMEM : 0;
	}
	tsdb_value_format(p->value, val);
	if (r->format[0] == 'c') {
		printf("%s,%s,", verdict, ind);
		csv_field(stdout, reg);
		printf(",%s,%s,%s,", per, val, cli_qualifier_cell(p->qualifier));
		csv_field(stdout, p->source);
		putchar(',');
		csv_field(stdout, v->why);
		putchar('\n');
		return 0;
	}
	printf("{\"verdict\":\"%s\",\"indicator\":", verdict);
	cli_json_string(stdout, ind);
	printf(",\"region\":");
	cli_json_string(stdout, reg);
	printf(",\"period\":\"%s\",\"value\":%s,\"qualifier\":\"%s\",\"source\":", per, val,
	       tsdb_qualifier_name(p->qualifier));
	cli_json_string(stdout, p->source);
	printf(",\"reason\":");
	cli_json_string(stdout, v->why);
	printf("}\n");
	return 0;
}

int cmd_verify(struct ctx *c)
{
	const char *format = arg(c, "--format");
	const char **sources = calloc(c->ngiven + 1, sizeof *sources);
	const char **indicators = calloc(c->ngiven + 1, sizeof *indicators);
	size_t nsources, nindicators;
	int strict = flag(c, "--strict"), rc;
	tsdb_txn *t = NULL;
	tsdb_error err = {0};
	struct run r = {0};

	if (!sources || !indicators) {
		err.code = TSDB_ENOMEM;
		snprintf(err.text, sizeof err.text, "out of memory");
		goto fail;
	}
	nsources = arg_all(c, "--source", sources);
	nindicators = arg_all(c, "--indicator", indicators);
	r.format = format ? format : "table";
	if (r.format[0] == 't') {
		static const char *const head[] = {"verdict", "indicator", "region", "period",
		                                   "value",   "source",    "reason"};
		if (!(r.tab = table_new(7)) || table_add(r.tab, head)) {
			err.code = TSDB_ENOMEM;
			snprintf(err.text, sizeof err.text, "out of memory");
			goto fail;
		}
		table_align(r.tab, 4, 1);
	} else if (r.format[0] == 'c')
		printf("verdict,indicator,region,period,value,qualifier,source,reason\n");
	if (tsdb_txn_begin(c->db, 0, &t, &err) ||
	    tsdb_verify_each(t, sources, nsources, indicators, nindicators, row, &r, &err))
		goto fail;
	size_t checked = r.counts[0] + r.counts[1] + r.counts[2];
	if (r.tab) {
		if (checked)
			table_print(r.tab, stdout);
		printf("%zu fact%s checked: %zu pass, %zu warn, %zu fail; %zu without a quote or a "
		       "document\n",
		       checked, checked == 1 ? "" : "s", r.counts[0], r.counts[1], r.counts[2],
		       r.counts[3]);
	}
	rc = r.counts[TSDB_VERIFY_FAIL] || (strict && r.counts[TSDB_VERIFY_WARN]) ? EXIT_DATA : 0;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	table_free(r.tab);
	tsdb_txn_abort(t);
	free(sources);
	free(indicators);
	return rc;
}
