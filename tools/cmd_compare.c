/* cmd_compare.c — tsq compare: an indicator or expression across regions,
 * periods as rows and regions as columns (--pivot swaps them). */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "query.h"

/* What to print and how. */
struct view {
	struct out *o;
	int pivot, sources, chart, common; /* --pivot --sources --chart --common-scale */
	tsdb_period *per;        /* the periods shown, in order */
	size_t nper;
	struct sources src;      /* footnoted sources */
	int plus;                /* some value drew on several sources */
};

/* A value with its source's footnote: text, since "2,629.3 [1]" is no
 * number (shown only to people). */
static void footnoted(struct view *v, int computed, const tsdb_sample *s)
{
	char buf[TSDB_VALUE_MAX * 2], t[40];
	size_t k;
	double x = s->value / v->o->scale;
	if (computed)
		cli_rounded(x, s->qualifier, buf, sizeof buf);
	else {
		snprintf(t, sizeof t, "%.12g", x);
		cli_number(strtod(t, NULL), s->qualifier, buf, sizeof buf);
	}
	int n = sources_add(&v->src, s->source);
	k = strlen(buf);
	if (n)
		snprintf(buf + k, sizeof buf - k, " [%d%s]", n, s->more_sources ? "+" : "");
	v->plus |= n && s->more_sources;
	out_text(v->o, buf);
}

static void cell(struct view *v, int computed, const tsdb_sample *s)
{
	if (!s)
		out_none(v->o);
	else if (v->sources && out_for_people(v->o))
		footnoted(v, computed, s);
	else if (out_has_after(v->o)) {
		/* a workbook: the number stays a number, its mark in its format */
		int n = sources_add(&v->src, s->source);
		v->plus |= n && s->more_sources;
		out_num_noted(v->o, s->value, s->qualifier, computed ? out_round_decimals(s->value / v->o->scale) : -1, n,
		              n && s->more_sources);
	} else
		out_num(v->o, s->value, s->qualifier, computed ? out_round_decimals(s->value / v->o->scale) : -1);
}

static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

/* The smallest and largest value of a column, or of all (c < 0). */
static int span(const struct query *qr, long c, double *lo, double *hi)
{
	int first = 1;
	for (size_t k = c < 0 ? 0 : (size_t)c; k < (c < 0 ? qr->ncols : (size_t)c + 1); k++)
		for (size_t i = 0; i < qr->col[k].s.n; i++) {
			double x = qr->col[k].s.v[i].value;
			if (first || x < *lo)
				*lo = x;
			if (first || x > *hi)
				*hi = x;
			first = 0;
		}
	return !first;
}

/* Sparklines, one per region, each on its own scale (--common-scale: one
 * for all, so that sizes compare); bars when there is one period. */
static void chart(const struct query *qr, const struct view *v, FILE *f)
{
	double lo = 0, hi = 0;
	int wname = 0;
	if (!span(qr, -1, &lo, &hi))
		return;
	for (size_t c = 0; c < qr->ncols; c++) {
		int w = cli_width(qr->col[c].asked);
		wname = w > wname ? w : wname;
	}
	fputc('\n', f);
	for (size_t c = 0; c < qr->ncols; c++) {
		const tsdb_panel_column *col = &qr->col[c];
		fprintf(f, "%s%*s  ", col->asked, wname - cli_width(col->asked), "");
		if (v->nper == 1) {
			/* a bar from zero, 40 columns for the largest magnitude */
			double top = hi > -lo ? hi : -lo, x = col->s.n ? col->s.v[0].value : 0;
			int eighths = top > 0 ? (int)(x / top * 320 + 0.5) : 0;
			if (eighths < 0)
				eighths = -eighths, fputs("-", f);
			for (; eighths >= 8; eighths -= 8)
				fputs(bars[7], f);
			if (eighths)
				fputs(bars[eighths - 1], f);
			fputc('\n', f);
			continue;
		}
		double rlo = lo, rhi = hi;
		if (!v->common && !span(qr, (long)c, &rlo, &rhi))
			rlo = rhi = 0;
		for (size_t p = 0; p < v->nper; p++) {
			const tsdb_sample *s = tsdb_series_find(&col->s, v->per[p]);
			if (!s)
				fputc(' ', f);
			else
				fputs(bars[rhi > rlo ? (int)((s->value - rlo) / (rhi - rlo) * 7 + 0.5) : 3], f);
		}
		fputc('\n', f);
	}
	if (!v->common && qr->ncols > 1)
		fputs("(each row on its own scale; --common-scale for one)\n", f);
}

/* The table for people and CSV/TSV: periods by regions (or pivoted). */
static int print_grid(const struct query *qr, struct view *v)
{
	struct out *o = v->o;
	size_t rows = v->pivot ? qr->ncols : v->nper, cols = v->pivot ? v->nper : qr->ncols;
	struct out_col *col = calloc(cols + 1, sizeof *col);
	char (*names)[TSDB_PERIOD_MAX] = v->pivot ? calloc(cols, sizeof *names) : NULL;
	char unit[160];
	if (!col || (v->pivot && !names)) {
		free(col);
		free(names);
		return -1;
	}
	col[0] = (struct out_col){v->pivot ? "region" : "period", v->pivot ? "地区" : "时期", 0};
	for (size_t c = 0; c < cols; c++) {
		if (v->pivot)
			tsdb_period_format(v->per[c], names[c]);
		col[c + 1] = (struct out_col){v->pivot ? names[c] : qr->col[c].asked, NULL, OUT_AMOUNT};
	}
	if (out_for_people(o)) {
		fprintf(o->f, "%s%s%s (%s)", qr->expr, *qr->name ? " — " : "", qr->name,
		        out_unit(o, qr->unit, unit, sizeof unit));
		if (qr->tr.op)
			fprintf(o->f, ", %s", qr->transform);
		fputc('\n', o->f);
	}
	if (!v->nper && out_for_people(o))
		fprintf(o->f, "no observations\n");
	else {
		out_begin(o, col, (int)cols + 1);
		for (size_t r = 0; r < rows; r++) {
			if (v->pivot)
				out_text(o, qr->col[r].asked);
			else
				out_period(o, v->per[r]);
			for (size_t c = 0; c < cols; c++) {
				const tsdb_panel_column *cc = &qr->col[v->pivot ? r : c];
				cell(v, qr->computed, tsdb_series_find(&cc->s, v->per[v->pivot ? c : r]));
			}
			out_row(o);
		}
		out_end(o);
	}
	for (int i = 0; i < qr->nnotes; i++)
		if (out_for_people(o))
			fprintf(o->f, "note: %s\n", qr->notes[i]);
		else
			fprintf(stderr, "tsq: note: %s\n", qr->notes[i]);
	if (v->chart && out_for_people(o))
		chart(qr, v, o->f);
	free(col);
	free(names);
	return 0;
}

/* JSON: the regions once, then a row per period. */
static void print_json(const struct query *qr, const struct view *v)
{
	FILE *f = v->o->f;
	char num[TSDB_VALUE_MAX];
	fprintf(f, "{\"indicator\":");
	out_json_string(f, qr->expr);
	fprintf(f, ",\"unit\":");
	out_json_string(f, out_unit(v->o, qr->unit, num, sizeof num));
	if (qr->tr.op) {
		fprintf(f, ",\"transform\":");
		out_json_string(f, qr->transform);
	}
	fprintf(f, ",\"regions\":[");
	for (size_t c = 0; c < qr->ncols; c++) {
		fprintf(f, "%s{\"name\":", c ? "," : "");
		out_json_string(f, qr->col[c].asked);
		fprintf(f, ",\"code\":");
		out_json_string(f, qr->col[c].reg.code);
		fputc('}', f);
	}
	fprintf(f, "],\"rows\":[");
	for (size_t p = 0; p < v->nper; p++) {
		tsdb_period_format(v->per[p], num);
		fprintf(f, "%s\n {\"period\":\"%s\",\"values\":[", p ? "," : "", num);
		for (size_t c = 0; c < qr->ncols; c++) {
			const tsdb_sample *s = tsdb_series_find(&qr->col[c].s, v->per[p]);
			if (s) {
				char t[40];
				snprintf(t, sizeof t, "%.12g", s->value / v->o->scale);
				tsdb_value_format(v->o->scale == 1 ? s->value : strtod(t, NULL), num);
			}
			fprintf(f, "%s%s", c ? "," : "", s ? num : "null");
		}
		fprintf(f, "],\"qualifiers\":[");
		for (size_t c = 0; c < qr->ncols; c++) {
			const tsdb_sample *s = tsdb_series_find(&qr->col[c].s, v->per[p]);
			fprintf(f, "%s%s", c ? "," : "", s ? "\"" : "null");
			if (s)
				fprintf(f, "%s\"", tsdb_qualifier_name(s->qualifier));
		}
		fprintf(f, "]}");
	}
	fprintf(f, "%s]}\n", v->nper ? "\n" : "");
	for (int i = 0; i < qr->nnotes; i++)
		fprintf(stderr, "tsq: note: %s\n", qr->notes[i]);
}

/* The footnotes: each source with its title and publication. */
static void print_sources(tsdb_txn *t, const struct view *v, FILE *f)
{
	if (v->src.n)
		fputc('\n', f);
	for (int i = 0; i < v->src.n; i++) {
		tsdb_source s;
		char date[11] = "";
		if (tsdb_source_get(t, v->src.id[i], &s, NULL)) {
			fprintf(f, "[%d] %s\n", i + 1, v->src.id[i]);
			continue;
		}
		tsdb_date_format(s.published, date);
		fprintf(f, "[%d] %s: %s%s%s%s%s\n", i + 1, s.id, s.title, *s.publisher ? ", " : "", s.publisher,
		       *date ? ", " : "", date);
	}
	if (v->plus)
		fprintf(f, "[n+]: computed from that source and others above\n");
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
	struct view v = {0};
	struct out o = {0};
	char **names = c->pos + 1;
	size_t nnames = (size_t)c->npos - 1;
	tsdb_txn *t = c->t;
	tsdb_error err = {0};
	int rc = 0, opened = 0;

	query_options(c, &qr);
	qr.expr = c->pos[0];
	v.pivot = flag(c, "--pivot");
	v.sources = flag(c, "--sources");
	v.chart = flag(c, "--chart");
	v.common = flag(c, "--common-scale");
	v.o = &o;
	if ((rc = cli_level(c, &qr.level)))
		return rc;
	if ((rc = query_open(t, &qr)) || (rc = out_open(&o, c, "table")))
		goto out;
	opened = 1;
	/* a workbook always has the sources below its table */
	v.sources |= out_has_after(&o);
	o.sheet = qr.expr;
	/* the transform's unit is known now, before any series is read */
	if (o.scale_name && qr.tr.op && qr.tr.op != TSDB_TR_DIFF && qr.tr.op != TSDB_TR_DIFF_YOY &&
	    qr.tr.op != TSDB_TR_DISCRETE) {
		rc = usage_error(c->cmd, "--scale applies to amounts; %s gives %s", qr.transform, qr.unit);
		goto out;
	}
	if ((rc = out_scale_check(&o, c, qr.unit)))
		goto out;
	if (query_answer(t, &qr, names, nnames, &err) ||
	    (v.sources && !qr.lone && query_operand_sources(t, &qr, &qr.range, &v.src, &err)))
		goto fail;
	if (query_periods(&qr, &v.per, &v.nper))
		goto nomem;
	if (strcmp(o.fmt->name, "json") == 0)
		print_json(&qr, &v);
	else if (print_grid(&qr, &v))
		goto nomem;
	else if (out_for_people(&o))
		print_sources(t, &v, o.f);
	else if (out_has_after(&o))
		out_footnotes(&o, t, v.src.id, v.src.n, v.plus);
	opened = 0;
	rc = out_close(&o);
	goto out;
nomem:
	tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
fail:
	rc = cli_fail(&err);
out:
	if (opened)
		out_abandon(&o);
	query_free(&qr);
	free(v.per);
	return rc;
}
