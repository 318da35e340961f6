/* cmd_rank.c — tsq rank: regions ordered by an indicator or expression at
 * one period, e.g. the top ten provinces for R&D spend in 2023. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query.h"

int cmd_rank(struct ctx *c)
{
	struct query qr = {0};
	const char *period = arg(c, "--period"), *format = arg(c, "--format");
	char **names = c->pos + 1;
	tsdb_place *pl = NULL;
	struct table *tab = NULL;
	size_t nnames = (size_t)c->npos - 1, n = 0, limit = (size_t)arg_long(c, "--top", -1);
	tsdb_period p;
	tsdb_txn *t = NULL;
	tsdb_error err = {0};
	int rc = 0, asc = flag(c, "--ascending");

	query_options(c, &qr);
	qr.expr = c->pos[0];
	if (!format)
		format = "table";
	tsdb_period_parse(period, (size_t)-1, &p, NULL); /* checked by the parser */
	/* without regions or a level, every region with data takes part */
	qr.from = qr.to = period;
	if (!nnames && !qr.level)
		qr.level = "";
	if ((rc = query_open(c->db, &qr, &t)))
		goto out;
	if (query_answer(t, &qr, names, nnames, &err))
		goto fail;
	if (tsdb_panel_rank(qr.p, p, asc, &pl, &n, &err))
		goto fail;
	if (format[0] == 't') {
		const char *head[] = {"rank", "region", "code", "value"};
		if (!(tab = table_new(4)) || table_add(tab, head))
			goto nomem;
		table_align(tab, 0, 1);
		table_align(tab, 3, 1);
		printf("%s (%s), %s%s%s\n", qr.expr, qr.unit, period, qr.tr.op ? ", " : "",
		       qr.tr.op ? qr.transform : "");
	} else if (format[0] == 'c')
		printf("rank,region,code,period,value,qualifier\n");
	else
		printf("[");
	for (size_t i = 0; i < n && i < limit; i++) {
		char num[TSDB_VALUE_MAX * 2], rk[24], per[TSDB_PERIOD_MAX];
		const tsdb_place *x = &pl[i];
		const tsdb_panel_column *col = &qr.col[x->col];
		snprintf(rk, sizeof rk, "%zu", x->rank);
		tsdb_period_format(p, per);
		if (format[0] == 't') {
			const char *row[] = {rk, query_region_name(&col->reg), col->reg.code,
			                     qr.computed
			                         ? cli_rounded(x->s->value, x->s->qualifier, num, sizeof num)
			                         : cli_number(x->s->value, x->s->qualifier, num, sizeof num)};
			if (table_add(tab, row))
				goto nomem;
			continue;
		}
		tsdb_value_format(x->s->value, num);
		if (format[0] == 'c') {
			printf("%s,", rk);
			csv_field(stdout, query_region_name(&col->reg));
			printf(",%s,%s,%s,%s\n", col->reg.code, per, num,
			       cli_qualifier_cell(x->s->qualifier));
		} else {
			printf("%s\n {\"rank\":%s,\"region\":", i ? "," : "", rk);
			cli_json_string(stdout, query_region_name(&col->reg));
			printf(",\"code\":");
			cli_json_string(stdout, col->reg.code);
			printf(",\"period\":\"%s\",\"value\":%s,\"qualifier\":\"%s\"}", per, num,
			       tsdb_qualifier_name(x->s->qualifier));
		}
	}
	if (format[0] == 't') {
		if (n)
			table_print(tab, stdout);
		else
			printf("no region has a value for %s\n", period);
	} else if (format[0] == 'j')
		printf("%s]\n", n ? "\n" : "");
	goto out;
nomem:
	tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
fail:
	rc = cli_fail(&err);
out:
	query_free(&qr);
	table_free(tab);
	free(pl);
	tsdb_txn_abort(t);
	return rc;
}
