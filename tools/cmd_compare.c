/* cmd_compare.c — tsq compare: one indicator across regions, periods as
 * rows and regions as columns. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* One region's series as read. */
struct column {
	const char *asked; /* the region as the user wrote it */
	tsdb_region reg;
	tsdb_point *pts;
	size_t n, cap;
};

static int read_series(tsdb_txn *t, tsdb_query q, struct column *c, tsdb_error *err)
{
	tsdb_cursor *cur;
	tsdb_point p;
	int rc;
	q.region = c->reg.code;
	if ((rc = tsdb_cursor_open(t, &q, &cur, err)))
		return rc;
	while ((rc = tsdb_cursor_next(cur, &p, err)) == 0) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 32;
			tsdb_point *np = realloc(c->pts, cap * sizeof *np);
			if (!np) {
				rc = TSDB_ENOMEM;
				break;
			}
			c->pts = np;
			c->cap = cap;
		}
		c->pts[c->n++] = p;
	}
	tsdb_cursor_close(cur);
	return rc == TSDB_NOTFOUND ? 0 : rc;
}

int cmd_compare(const struct cli *g, int argc, char **argv)
{
	const struct command *cmd = command_named("compare");
	const char *from = NULL, *to = NULL, *as_of = NULL, *format = "table", *indicator = NULL;
	struct column *cols = calloc((size_t)argc, sizeof *cols);
	size_t ncols = 0, *at = NULL;
	tsdb_query q = {0};
	tsdb *db = NULL;
	tsdb_txn *t = NULL;
	tsdb_indicator ind;
	tsdb_error err = {0};
	struct table *tab = NULL;
	const char **row = NULL;
	char (*cells)[TSDB_VALUE_MAX * 2] = NULL;
	int rc = 0, m, nrows = 0;

	if (!cols)
		return EXIT_STORE;
	for (int i = 1; i < argc; i++) {
		if ((m = cli_opt(cmd, argc, argv, &i, "--from", &from)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--to", &to)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--as-of", &as_of)) ||
		    (m = cli_opt(cmd, argc, argv, &i, "--format", &format))) {
			if (m < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			rc = cli_usage(cmd, "unknown option %s", argv[i]);
			goto out;
		} else if (!indicator)
			indicator = argv[i];
		else
			cols[ncols++].asked = argv[i];
	}
	if (!indicator || !ncols) {
		rc = cli_usage(cmd, "needs an indicator and at least one region");
		goto out;
	}
	if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
		rc = cli_usage(cmd, "--format is table, csv or json");
		goto out;
	}
	if ((rc = cli_range(from, to, as_of, &q)) || (rc = cli_open(g, 0, &db)))
		goto out;
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_indicator_get(t, indicator, &ind, &err))
		goto fail;
	q.indicator = ind.id;
	for (size_t c = 0; c < ncols; c++) {
		if (tsdb_region_resolve(t, cols[c].asked, &cols[c].reg, &err)) {
			snprintf(err.field, sizeof err.field, "region %zu", c + 1);
			goto fail;
		}
		if ((rc = read_series(t, q, &cols[c], &err)))
			goto fail;
	}
	if (!(at = calloc(ncols, sizeof *at)) || !(row = calloc(ncols + 1, sizeof *row)) ||
	    !(cells = calloc(ncols, sizeof *cells)))
		goto nomem;
	if (format[0] == 't') {
		if (!(tab = table_new((int)ncols + 1)))
			goto nomem;
		row[0] = "period";
		for (size_t c = 0; c < ncols; c++) {
			row[c + 1] = cols[c].asked;
			table_align(tab, (int)c + 1, 1);
		}
		if (table_add(tab, row))
			goto nomem;
	} else if (format[0] == 'c') {
		fputs("period", stdout);
		for (size_t c = 0; c < ncols; c++) {
			putchar(',');
			csv_field(stdout, cols[c].asked);
		}
		putchar('\n');
	} else {
		printf("{\"indicator\":");
		cli_json_string(stdout, ind.id);
		printf(",\"unit\":");
		cli_json_string(stdout, ind.unit);
		printf(",\"regions\":[");
		for (size_t c = 0; c < ncols; c++) {
			printf("%s{\"name\":", c ? "," : "");
			cli_json_string(stdout, cols[c].asked);
			printf(",\"code\":");
			cli_json_string(stdout, cols[c].reg.code);
			putchar('}');
		}
		printf("],\"rows\":[");
	}
	/* merge the series in period order */
	for (;;) {
		tsdb_period next = {0, 0};
		int any = 0;
		for (size_t c = 0; c < ncols; c++)
			if (at[c] < cols[c].n &&
			    (!any || tsdb_period_cmp(cols[c].pts[at[c]].period, next) < 0)) {
				next = cols[c].pts[at[c]].period;
				any = 1;
			}
		if (!any)
			break;
		char per[TSDB_PERIOD_MAX];
		tsdb_period_format(next, per);
		row[0] = per;
		if (format[0] == 'c')
			fputs(per, stdout);
		else if (format[0] == 'j')
			printf("%s\n {\"period\":\"%s\",\"values\":[", nrows ? "," : "", per);
		for (size_t c = 0; c < ncols; c++) {
			const tsdb_point *p = at[c] < cols[c].n ? &cols[c].pts[at[c]] : NULL;
			if (p && tsdb_period_cmp(p->period, next) != 0)
				p = NULL;
			if (p)
				at[c]++;
			if (format[0] == 't')
				row[c + 1] = p ? cli_number(p->value, p->qualifier, cells[c], sizeof cells[c]) : NULL;
			else if (p) {
				tsdb_value_format(p->value, cells[c]);
				printf("%s%s", format[0] == 'c' || c ? "," : "", cells[c]);
			} else
				printf("%s%s", format[0] == 'c' || c ? "," : "", format[0] == 'c' ? "" : "null");
		}
		if (format[0] == 't' && table_add(tab, row))
			goto nomem;
		if (format[0] == 'c')
			putchar('\n');
		else if (format[0] == 'j')
			printf("]}");
		nrows++;
	}
	if (format[0] == 't') {
		printf("%s%s%s (%s)\n", ind.id, *ind.name ? " — " : "", ind.name, ind.unit);
		if (nrows)
			table_print(tab, stdout);
		else
			printf("no observations\n");
	} else if (format[0] == 'j')
		printf("%s]}\n", nrows ? "\n" : "");
	goto out;
nomem:
	err.code = TSDB_ENOMEM;
	snprintf(err.text, sizeof err.text, "out of memory");
fail:
	rc = cli_fail(&err);
out:
	for (size_t c = 0; c < ncols; c++)
		free(cols[c].pts);
	free(cols);
	free(at);
	free(row);
	free(cells);
	table_free(tab);
	tsdb_txn_abort(t);
	tsdb_close(db);
	return rc;
}
