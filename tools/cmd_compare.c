/* cmd_compare.c — tsq compare: an indicator or expression across regions,
 * periods as rows and regions as columns (--pivot swaps them). */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query.h"

/* What to print and how. */
struct view {
	const char *format, *scale;
	int pivot, sources, chart;
	double factor;           /* --scale: values shown divided by it */
	tsdb_period *per;        /* the periods shown, in order */
	size_t nper;
	struct sources src;      /* footnoted sources */
	int plus;                /* some value drew on several sources */
};

/* A cell for people: scaled, grouped, with its qualifier and footnote. */
static const char *cell(struct view *v, int computed, const tsdb_sample *s, char *buf, size_t size)
{
	if (!s)
		return NULL;
	if (computed)
		cli_rounded(s->value / v->factor, s->qualifier, buf, size);
	else {
		/* a stored value rescaled: 262930000000 in 亿 is 2,629.3, without
		 * the noise of binary division */
		char t[40];
		snprintf(t, sizeof t, "%.12g", s->value / v->factor);
		cli_number(strtod(t, NULL), s->qualifier, buf, size);
	}
	if (v->sources) {
		int n = sources_add(&v->src, s->source);
		size_t k = strlen(buf);
		if (n)
			snprintf(buf + k, size - k, " [%d%s]", n, s->more_sources ? "+" : "");
		v->plus |= n && s->more_sources;
	}
	return buf;
}

static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

/* Sparklines, one per region, or bars when there is one period. */
static void chart(const struct query *qr, const struct view *v)
{
	double lo = 0, hi = 0;
	int first = 1, wname = 0;
	for (size_t c = 0; c < qr->ncols; c++) {
		int w = cli_width(qr->col[c].asked);
		wname = w > wname ? w : wname;
		for (size_t i = 0; i < qr->col[c].s.n; i++) {
			double x = qr->col[c].s.v[i].value;
			if (first || x < lo)
				lo = x;
			if (first || x > hi)
				hi = x;
			first = 0;
		}
	}
	if (first)
		return;
	putchar('\n');
	for (size_t c = 0; c < qr->ncols; c++) {
		const tsdb_panel_column *col = &qr->col[c];
		printf("%s%*s  ", col->asked, wname - cli_width(col->asked), "");
		if (v->nper == 1) {
			/* a bar from zero, 40 columns for the largest magnitude */
			double top = hi > -lo ? hi : -lo, x = col->s.n ? col->s.v[0].value : 0;
			int eighths = top > 0 ? (int)(x / top * 320 + 0.5) : 0;
			if (eighths < 0)
				eighths = -eighths, fputs("-", stdout);
			for (; eighths >= 8; eighths -= 8)
				fputs(bars[7], stdout);
			if (eighths)
				fputs(bars[eighths - 1], stdout);
			putchar('\n');
			continue;
		}
		for (size_t p = 0; p < v->nper; p++) {
			const tsdb_sample *s = tsdb_series_find(&col->s, v->per[p]);
			if (!s)
				putchar(' ');
			else
				fputs(bars[hi > lo ? (int)((s->value - lo) / (hi - lo) * 7 + 0.5) : 3], stdout);
		}
		putchar('\n');
	}
}

static int print_table(const struct query *qr, struct view *v)
{
	size_t rows = v->pivot ? qr->ncols : v->nper, cols = v->pivot ? v->nper : qr->ncols;
	struct table *tab = table_new((int)cols + 1);
	const char **row = calloc(cols + 1, sizeof *row);
	char (*cells)[TSDB_VALUE_MAX * 2] = calloc(cols + 1, sizeof *cells);
	int rc = -1;
	if (!tab || !row || !cells)
		goto out;
	row[0] = v->pivot ? "region" : "period";
	for (size_t c = 0; c < cols; c++) {
		if (v->pivot)
			tsdb_period_format(v->per[c], cells[c]), row[c + 1] = cells[c];
		else
			row[c + 1] = qr->col[c].asked;
		table_align(tab, (int)c + 1, 1);
	}
	if (table_add(tab, row))
		goto out;
	for (size_t r = 0; r < rows; r++) {
		char per[TSDB_PERIOD_MAX];
		if (v->pivot)
			row[0] = qr->col[r].asked;
		else
			tsdb_period_format(v->per[r], per), row[0] = per;
		for (size_t c = 0; c < cols; c++) {
			const tsdb_panel_column *col = &qr->col[v->pivot ? r : c];
			row[c + 1] = cell(v, qr->computed, tsdb_series_find(&col->s, v->per[v->pivot ? c : r]), cells[c],
			                  sizeof cells[c]);
		}
		if (table_add(tab, row))
			goto out;
	}
	printf("%s%s%s (%s%s%s)", qr->expr, *qr->name ? " — " : "", qr->name, v->scale ? v->scale : "",
	       v->scale ? " " : "", qr->unit);
	if (qr->tr.op)
		printf(", %s", qr->transform);
	putchar('\n');
	if (v->nper)
		table_print(tab, stdout);
	else
		printf("no observations\n");
	for (int i = 0; i < qr->nnotes; i++)
		printf("note: %s\n", qr->notes[i]);
	if (v->chart)
		chart(qr, v);
	rc = 0;
out:
	table_free(tab);
	free(row);
	free(cells);
	return rc;
}

static void print_csv(const struct query *qr, const struct view *v)
{
	char num[TSDB_VALUE_MAX];
	fputs("period", stdout);
	for (size_t c = 0; c < qr->ncols; c++) {
		putchar(',');
		csv_field(stdout, qr->col[c].asked);
	}
	putchar('\n');
	for (size_t p = 0; p < v->nper; p++) {
		tsdb_period_format(v->per[p], num);
		fputs(num, stdout);
		for (size_t c = 0; c < qr->ncols; c++) {
			const tsdb_sample *s = tsdb_series_find(&qr->col[c].s, v->per[p]);
			putchar(',');
			if (s) {
				tsdb_value_format(s->value, num);
				fputs(num, stdout);
			}
		}
		putchar('\n');
	}
}

static void print_json(const struct query *qr, const struct view *v)
{
	char num[TSDB_VALUE_MAX];
	printf("{\"indicator\":");
	cli_json_string(stdout, qr->expr);
	printf(",\"unit\":");
	cli_json_string(stdout, qr->unit);
	if (qr->tr.op) {
		printf(",\"transform\":");
		cli_json_string(stdout, qr->transform);
	}
	printf(",\"regions\":[");
	for (size_t c = 0; c < qr->ncols; c++) {
		printf("%s{\"name\":", c ? "," : "");
		cli_json_string(stdout, qr->col[c].asked);
		printf(",\"code\":");
		cli_json_string(stdout, qr->col[c].reg.code);
		putchar('}');
	}
	printf("],\"rows\":[");
	for (size_t p = 0; p < v->nper; p++) {
		tsdb_period_format(v->per[p], num);
		printf("%s\n {\"period\":\"%s\",\"values\":[", p ? "," : "", num);
		for (size_t c = 0; c < qr->ncols; c++) {
			const tsdb_sample *s = tsdb_series_find(&qr->col[c].s, v->per[p]);
			if (s)
				tsdb_value_format(s->value, num);
			printf("%s%s", c ? "," : "", s ? num : "null");
		}
		printf("],\"qualifiers\":[");
		for (size_t c = 0; c < qr->ncols; c++) {
			const tsdb_sample *s = tsdb_series_find(&qr->col[c].s, v->per[p]);
			printf("%s%s", c ? "," : "", s ? "\"" : "null");
			if (s)
				printf("%s\"", tsdb_qualifier_name(s->qualifier));
		}
		printf("]}");
	}
	printf("%s]}\n", v->nper ? "\n" : "");
}

/* The footnotes: each source with its title and publication. */
static void print_sources(tsdb_txn *t, const struct view *v)
{
	if (v->src.n)
		putchar('\n');
	for (int i = 0; i < v->src.n; i++) {
		tsdb_source s;
		char date[11] = "";
		if (tsdb_source_get(t, v->src.id[i], &s, NULL)) {
			printf("[%d] %s\n", i + 1, v->src.id[i]);
			continue;
		}
		tsdb_date_format(s.published, date);
		printf("[%d] %s: %s%s%s%s%s\n", i + 1, s.id, s.title, *s.publisher ? ", " : "", s.publisher,
		       *date ? ", " : "", date);
	}
	if (v->plus)
		printf("[n+]: computed from that source and others above\n");
}

int cmd_compare_check(struct ctx *c)
{
	if (c->npos < 2 && !arg(c, "--level"))
		return usage_error(c->cmd, "needs an indicator (or expression) and at least one region");
	return 0;
}

int cmd_compare(struct ctx *c)
{
	struct query qr = {0};
	struct view v = {.format = arg(c, "--format"), .factor = 1};
	char **names = c->pos + 1;
	size_t nnames = (size_t)c->npos - 1;
	tsdb_txn *t = NULL;
	tsdb_error err = {0};
	int rc = 0;

	query_options(c, &qr);
	qr.expr = c->pos[0];
	v.pivot = flag(c, "--pivot");
	v.sources = flag(c, "--sources");
	v.chart = flag(c, "--chart");
	v.scale = arg(c, "--scale");
	if (!v.format)
		v.format = "table";
	if (v.scale)
		out_scale_parse(v.scale, &v.factor);
	if ((rc = query_open(c->db, &qr, &t)))
		goto out;
	/* the transform's unit is known now, before any series is read */
	if (v.scale && qr.tr.op && qr.tr.op != TSDB_TR_DIFF && qr.tr.op != TSDB_TR_DIFF_YOY &&
	    qr.tr.op != TSDB_TR_DISCRETE) {
		rc = usage_error(c->cmd, "--scale applies to amounts; %s gives %s", qr.transform, qr.unit);
		goto out;
	}
	if (query_answer(t, &qr, names, nnames, &err) ||
	    (v.sources && !qr.lone && query_operand_sources(t, &qr, &qr.range, &v.src, &err)))
		goto fail;
	if (query_periods(&qr, &v.per, &v.nper)) {
		tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	if (v.format[0] == 'c')
		print_csv(&qr, &v);
	else if (v.format[0] == 'j')
		print_json(&qr, &v);
	else {
		if (print_table(&qr, &v)) {
			tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
			goto fail;
		}
		print_sources(t, &v);
	}
	for (int i = 0; i < qr.nnotes && v.format[0] != 't'; i++)
		fprintf(stderr, "tsq: note: %s\n", qr.notes[i]);
	goto out;
fail:
	rc = cli_fail(&err);
out:
	query_free(&qr);
	free(v.per);
	tsdb_txn_abort(t);
	return rc;
}
