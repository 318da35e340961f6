/* cmd_history.c — tsq history: every version of one observation, oldest
 * first: when it became known, from where, what it said. */
#include <string.h>

#include "commands.h"

int cmd_history(struct ctx *c)
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
	tsdb_period per;
	tsdb_point p;
	tsdb_error err = {0};
	struct table *tab = NULL;

	if (!format)
		format = "table";
	tsdb_period_parse(pos[2], (size_t)-1, &per, NULL); /* checked by the parser */
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_indicator_get(t, pos[0], &ind, &err) ||
	    tsdb_region_resolve(t, pos[1], &reg, &err))
		goto fail;
	q.indicator = ind.id;
	q.region = reg.code;
	q.from = q.to = per;
	q.versions = 1;
	if (tsdb_cursor_open(t, &q, &cur, &err))
		goto fail;
	if (format[0] == 't') {
		static const char *const head[] = {"vintage", "source", "value", "status", "", "quote"};
		if (!(tab = table_new(6)) || table_add(tab, head))
			goto nomem;
		table_align(tab, 2, 1);
	} else if (format[0] == 'c')
		printf("vintage,source,value,qualifier,status,shown,conflict,quote,note\n");
	else
		printf("[");
	while ((rc = tsdb_cursor_next(cur, &p, &err)) == 0) {
		char val[TSDB_VALUE_MAX * 2], vin[11];
		/* the range holds periods starting inside it: keep this one only */
		if (tsdb_period_cmp(p.period, per))
			continue;
		tsdb_date_format(p.vintage, vin);
		if (tab) {
			const char *row[6] = {vin, p.source, cli_number(p.value, p.qualifier, val, sizeof val),
			                      tsdb_status_name(p.status),
			                      p.shown ? (p.conflict ? "shown, sources disagree" : "shown") : "",
			                      p.quote};
			if (table_add(tab, row))
				goto nomem;
		} else if (format[0] == 'c') {
			tsdb_value_format(p.value, val);
			printf("%s,", vin);
			csv_field(stdout, p.source);
			printf(",%s,%s,%s,%d,%d,", val, cli_qualifier_cell(p.qualifier),
			       tsdb_status_name(p.status), p.shown != 0, p.conflict != 0);
			csv_field(stdout, p.quote);
			putchar(',');
			csv_field(stdout, p.note);
			putchar('\n');
		} else {
			tsdb_value_format(p.value, val);
			printf("%s\n {\"vintage\":\"%s\",\"source\":", rows ? "," : "", vin);
			cli_json_string(stdout, p.source);
			printf(",\"value\":%s,\"qualifier\":\"%s\",\"status\":\"%s\",\"shown\":%s,"
			       "\"conflict\":%s,\"quote\":",
			       val, tsdb_qualifier_name(p.qualifier), tsdb_status_name(p.status),
			       p.shown ? "true" : "false", p.conflict ? "true" : "false");
			cli_json_string(stdout, p.quote);
			printf(",\"note\":");
			cli_json_string(stdout, p.note);
			putchar('}');
		}
		rows++;
	}
	if (rc != TSDB_NOTFOUND)
		goto fail;
	if (tab) {
		char pt[TSDB_PERIOD_MAX];
		tsdb_period_format(per, pt);
		printf("%s (%s), %s (%s), %s\n", ind.id, ind.unit, *reg.name ? reg.name : reg.name_zh,
		       reg.code, pt);
		if (rows)
			table_print(tab, stdout);
		else
			printf("no observation\n");
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
