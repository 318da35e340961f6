/* cmd_get.c — tsq get: one series, one row per period. */
#include <string.h>

#include "commands.h"

int cmd_get(struct ctx *c)
{
	char **pos = c->pos;
	const char *format = arg(c, "--format");
	int rc, rows = 0;
	tsdb_query q = {0};
	tsdb *db = c->db;
	tsdb_txn *t = NULL;
	tsdb_cursor *cur = NULL;
	tsdb_indicator ind;
	tsdb_region reg;
	tsdb_point p;
	tsdb_error err = {0};
	struct table *tab = NULL;

	if (!format)
		format = "table";
	if ((rc = cli_range(arg(c, "--from"), arg(c, "--to"), arg(c, "--as-of"), &q)))
		return rc;
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_indicator_get(t, pos[0], &ind, &err) ||
	    tsdb_region_resolve(t, pos[1], &reg, &err))
		goto fail;
	q.indicator = ind.id;
	q.region = reg.code;
	if (tsdb_cursor_open(t, &q, &cur, &err))
		goto fail;
	if (strcmp(format, "table") == 0) {
		static const char *const head[] = {"period", "value", "status", "vintage", "source"};
		if (!(tab = table_new(5)) || table_add(tab, head))
			goto nomem;
		table_align(tab, 1, 1);
	} else if (strcmp(format, "csv") == 0)
		printf("period,value,qualifier,status,vintage,source\n");
	else
		printf("[");
	while ((rc = tsdb_cursor_next(cur, &p, &err)) == 0) {
		char per[TSDB_PERIOD_MAX], val[TSDB_VALUE_MAX * 2], vin[11];
		tsdb_period_format(p.period, per);
		tsdb_date_format(p.vintage, vin);
		if (tab) {
			const char *row[5] = {per, cli_number(p.value, p.qualifier, val, sizeof val),
			                      tsdb_status_name(p.status), vin, p.source};
			if (table_add(tab, row))
				goto nomem;
		} else if (format[0] == 'c') {
			tsdb_value_format(p.value, val);
			printf("%s,%s,%s,%s,%s,", per, val, cli_qualifier_cell(p.qualifier),
			       tsdb_status_name(p.status), vin);
			csv_field(stdout, p.source);
			putchar('\n');
		} else {
			tsdb_value_format(p.value, val);
			printf("%s\n {\"period\":\"%s\",\"value\":%s,\"qualifier\":\"%s\",\"status\":\"%s\","
			       "\"vintage\":\"%s\",\"source\":",
			       rows ? "," : "", per, val, tsdb_qualifier_name(p.qualifier),
			       tsdb_status_name(p.status), vin);
			cli_json_string(stdout, p.source);
			putchar('}');
		}
		rows++;
	}
	if (rc != TSDB_NOTFOUND)
		goto fail;
	if (tab) {
		printf("%s (%s), %s (%s)\n", ind.id, *ind.unit ? ind.unit : "-",
		       *reg.name ? reg.name : reg.name_zh, reg.code);
		if (rows)
			table_print(tab, stdout);
		else
			printf("no observations\n");
	} else if (format[0] == 'j')
		printf("%s]\n", rows ? "\n" : "");
	rc = 0;
	goto out;
nomem:
	tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
fail:
	rc = cli_fail(&err);
out:
	table_free(tab);
	tsdb_cursor_close(cur);
	tsdb_txn_abort(t);
	return rc;
}
