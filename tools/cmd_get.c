/* cmd_get.c — tsq get: one series, one row per period. */
#include <string.h>

#include "commands.h"

int cmd_get(const struct cli *g, int argc, char **argv)
{
	const struct command *cmd = command_named("get");
	const char *pos[2], *from = NULL, *to = NULL, *as_of = NULL, *format = "table", *v;
	int npos = 0, rc, m, rows = 0;
	tsdb_query q = {0};
	tsdb *db = NULL;
	tsdb_txn *t = NULL;
	tsdb_cursor *cur = NULL;
	tsdb_indicator ind;
	tsdb_region reg;
	tsdb_point p;
	tsdb_error err = {0};
	struct table *tab = NULL;

	for (int i = 1; i < argc; i++) {
		if ((m = cli_opt(cmd, argc, argv, &i, "--from", &from)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--to", &to)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--as-of", &as_of)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--format", &format))) {
			if (m < 0)
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(cmd, "unknown option %s", argv[i]);
		else if (npos < 2)
			pos[npos++] = argv[i];
		else
			return cli_usage(cmd, "too many arguments");
	}
	(void)v;
	if (npos != 2)
		return cli_usage(cmd, "needs an indicator and a region");
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
		return cli_usage(cmd, "--format is table, csv or json");
	if ((rc = cli_range(from, to, as_of, &q)) || (rc = cli_open(g, 0, &db)))
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
	err.code = TSDB_ENOMEM;
	snprintf(err.text, sizeof err.text, "out of memory");
fail:
	rc = cli_fail(&err);
out:
	table_free(tab);
	tsdb_cursor_close(cur);
	tsdb_txn_abort(t);
	tsdb_close(db);
	return rc;
}
