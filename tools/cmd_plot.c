/* cmd_plot.c — tsq plot: an indicator or expression across regions as an
 * SVG line chart over time, or a bar chart of one period (--bar). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "plot.h"

/* Okabe and Ito's palette, told apart under the common colour blindnesses;
 * yellow last, being faint on white. After eight regions the colours come
 * round again with a dashed line. */
static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
static const char *const dashes[] = {"", "7 4", "2 3"};
#define NCOLOURS (sizeof colours / sizeof *colours)

#define FONTS "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
#define PAD 14.0
#define TITLE_PX 18.0
#define SMALL_PX 12.0
#define AXIS_PX 11.0
#define FOOT_PX 10.0

/* ---- the data ---------------------------------------------------------- */

static const tsdb_sample *value_at(const tsdb_panel_column *c, tsdb_period p)
{
	const tsdb_sample *s = tsdb_series_find(&c->s, p);
	return s && isfinite(s->value) ? s : NULL;
}

/* Does a region have anything to draw? */
static int drawn(const tsdb_panel_column *c)
{
	for (size_t i = 0; i < c->s.n; i++)
		if (isfinite(c->s.v[i].value))
			return 1;
	return 0;
}

/* Notes what a shown value brings to the footnote: its source, its
 * qualifier; widens [*lo, *hi] to take it in. */
static void shown(struct plot *p, const tsdb_sample *s, double *lo, double *hi, int *any)
{
	sources_add(&p->src, s->source);
	p->more |= s->more_sources;
	if (s->qualifier != TSDB_Q_EQ)
		p->quals |= 1u << s->qualifier;
	if (!*any || s->value < *lo)
		*lo = s->value;
	if (!*any || s->value > *hi)
		*hi = s->value;
	*any = 1;
}

/* Is the unit one that reads in thousands, millions...? Percentages,
 * indexes, ranks, ratios and logarithms are shown as they are. */
static int amount(const struct query *qr)
{
	switch (qr->tr.op) {
	case TSDB_TR_NONE:
	case TSDB_TR_DIFF:
	case TSDB_TR_DIFF_YOY:
	case TSDB_TR_DISCRETE: break;
	default: return 0;
	}
	return !strstr(qr->unit, "percent") && strcmp(qr->unit, "rank") && strcmp(qr->unit, "ratio") &&
	       strcmp(qr->unit, "pp") && strcmp(qr->unit, "per mille");
}

/* Works out the values shown, the axis and what the footnote says. */
static int gather(tsdb_txn *t, struct plot *p, tsdb_error *err)
{
	const struct query *qr = p->qr;
	double lo = 0, hi = 0;
	int any = 0;

	p->at = p->per[p->nper - 1];
	if (!(p->hue = malloc((qr->ncols ? qr->ncols : 1) * sizeof *p->hue))) {
		tsdb_error_set(err, TSDB_ENOMEM, NULL, "out of memory");
		return -1;
	}
	for (size_t c = 0, k = 0; c < qr->ncols; c++)
		p->hue[c] = drawn(&qr->col[c]) ? k++ : 0;
	for (size_t c = 0; c < qr->ncols; c++) {
		const tsdb_panel_column *col = &qr->col[c];
		if (p->bar) {
			const tsdb_sample *s = value_at(col, p->at);
			if (s)
				shown(p, s, &lo, &hi, &any);
			continue;
		}
		for (size_t i = 0; i < col->s.n; i++)
			if (isfinite(col->s.v[i].value))
				shown(p, &col->s.v[i], &lo, &hi, &any);
	}
	if (p->more) {
		/* a value drew on several sources: name every operand's */
		tsdb_query range = qr->range;
		if (p->bar)
			range.from = range.to = p->at;
		if (query_operand_sources(t, qr, &range, &p->src, err))
			return -1;
	}
	/* bars stand on zero; lines keep it in sight unless the values are far
	 * from it, or are ranks (1 at the top) */
	p->invert = !p->bar && (qr->tr.op == TSDB_TR_RANK || strcmp(qr->unit, "rank") == 0);
	if (!p->invert && (p->bar || (lo > 0 && lo < hi / 2)))
		lo = lo > 0 ? 0 : lo;
	if (p->bar || (hi < 0 && hi > lo / 2))
		hi = hi < 0 ? 0 : hi;
	axis_make(lo, hi, 5, amount(qr) ? 1 + p->zh : 0, &p->y);
	return 0;
}

/* ---- layout ------------------------------------------------------------- */

static double middle(tsdb_period p)
{
	return ((double)tsdb_date_days(p.start) + (double)tsdb_date_days(p.end) + 1) / 2;
}

static double x_of(const struct plot *p, tsdb_period per)
{
	if (p->t1 <= p->t0)
		return (p->left + p->right) / 2;
	return p->left + p->inset +
	       (middle(per) - p->t0) / (p->t1 - p->t0) * (p->right - p->left - 2 * p->inset);
}

static double y_of(const struct plot *p, double v)
{
	double f = (v - p->y.lo) / (p->y.hi - p->y.lo);
	return p->invert ? p->top + f * (p->bottom - p->top) : p->bottom - f * (p->bottom - p->top);
}

/* A region in the legend, saying so when it has no values. */
static const char *legend_label(const tsdb_panel_column *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", plot_region_label(c), drawn(c) ? "" : " (no data)");
	return buf;
}

/* Legend entries are laid out in rows across the plot's width. */
static double legend_entry(const tsdb_panel_column *c)
{
	char buf[300];
	return 26 + text_width(legend_label(c, buf, sizeof buf), SMALL_PX) + 18;
}

static void layout(struct plot *p)
{
	const struct query *qr = p->qr;
	char lab[64], title[1200];
	double ylab = 0, top, foot, below;

	p->w = p->width;
	p->h = p->height;
	plot_title(p, title, sizeof title);
	top = PAD + svg_wrapped(NULL, title, TITLE_PX, p->w - 2 * PAD, 2, 0, 0, 0) * TITLE_PX * 1.3;
	top += SMALL_PX * 1.5 + AXIS_PX * 1.5 + 14;
	for (int k = 0; k < axis_ticks(&p->y); k++) {
		double w = text_width(axis_label(&p->y, axis_tick(&p->y, k), lab, sizeof lab), AXIS_PX);
		ylab = w > ylab ? w : ylab;
	}
	p->left = PAD + ylab + 8;
	p->right = p->w - PAD - 6;

	p->foot_lines = 0;
	for (int i = 0; i < p->nfoot; i++)
		p->foot_lines += svg_wrapped(NULL, p->foot[i], FOOT_PX, p->w - 2 * PAD, 3, 0, 0, 0);
	foot = p->foot_lines * FOOT_PX * 1.35 + (p->foot_lines ? 10 : 0);

	p->legend_rows = 0;
	if (!p->bar) {
		double x = p->right + 1;
		for (size_t c = 0; c < qr->ncols; c++) {
			double w = legend_entry(&qr->col[c]);
			if (x + w > p->right) {
				p->legend_rows++;
				x = p->left;
			}
			x += w;
		}
	}
	if (p->bar) {
		/* region names under the bars, slanted when they do not fit */
		double slot = (p->right - p->left) / (double)qr->ncols, widest = 0;
		for (size_t c = 0; c < qr->ncols; c++) {
			double w = text_width(plot_region_label(&qr->col[c]), AXIS_PX);
			widest = w > widest ? w : widest;
		}
		p->rotate = widest > slot - 6;
		p->xlabel_h = p->rotate ? widest * 0.71 + AXIS_PX + 10 : AXIS_PX + 12;
	} else
		p->xlabel_h = AXIS_PX + 12;
	below = p->xlabel_h + p->legend_rows * SMALL_PX * 1.6 + (p->legend_rows ? 6 : 0) + foot + PAD;
	/* the picture grows rather than squeeze the plot below a third of it */
	if (p->h - top - below < p->h / 3)
		p->h = (top + below) * 1.5;
	p->top = top;
	p->bottom = p->h - below;

	if (!p->bar) {
		double slot = (p->right - p->left) / (double)(p->nper ? p->nper : 1), widest;
		char a[TSDB_PERIOD_MAX];
		tsdb_period_format(p->per[p->nper - 1], a);
		widest = text_width(a, AXIS_PX);
		p->t0 = middle(p->per[0]);
		p->t1 = middle(p->per[p->nper - 1]);
		p->inset = slot / 2 < 24 ? slot / 2 : 24;
		if (p->inset < widest / 2 - 4)
			p->inset = widest / 2 - 4;
	}
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_text(FILE *out, double x, double y, const char *anchor, const char *attrs,
                      const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\"%s%s%s %s>", x, y, *anchor ? " text-anchor=\"" : "",
	        anchor, *anchor ? "\"" : "", attrs);
	svg_text(out, s);
	fputs("</text>\n", out);
}

static void draw_frame(FILE *out, const struct plot *p)
{
	char buf[1200];
	double y = PAD;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	             "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
	             "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" font-size=\"%.0f\">\n",
	        p->w, p->h, p->w, p->h, FONTS, SMALL_PX);
	plot_title(p, buf, sizeof buf);
	fputs("<title>", out);
	svg_text(out, buf);
	fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", out);
	fprintf(out, "<g class=\"title\" font-size=\"%.0f\" font-weight=\"bold\" fill=\"#222222\">\n",
	        TITLE_PX);
	y += svg_wrapped(out, buf, TITLE_PX, p->w - 2 * PAD, 2, PAD, y + TITLE_PX, TITLE_PX * 1.3) *
	     TITLE_PX * 1.3;
	fputs("</g>\n", out);
	plot_subtitle(p, buf, sizeof buf);
	if (*buf)
		draw_text(out, PAD, y + SMALL_PX * 1.1, "", "class=\"subtitle\" fill=\"#555555\"", buf);
	y += SMALL_PX * 1.5;
	plot_axis_title(p, buf, sizeof buf);
	draw_text(out, PAD, y + AXIS_PX * 1.4, "",
	          "class=\"axis-title\" font-size=\"11\" fill=\"#333333\"", buf);

	/* the value axis: grid lines and labels */
	fprintf(out, "<g class=\"y-axis\" font-size=\"%.0f\" fill=\"#333333\">\n", AXIS_PX);
	for (int k = 0; k < axis_ticks(&p->y); k++) {
		double v = axis_tick(&p->y, k), ty = y_of(p, v);
		int zero = fabs(v) < p->y.step / 2;
		if (p->invert && v < 1)
			continue; /* there is no rank 0 */
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
		        p->left, ty, p->right, ty, zero ? "#888888" : "#e3e3e3");
		draw_text(out, p->left - 6, ty + AXIS_PX * 0.35, "end", "", axis_label(&p->y, v, buf, 64));
	}
	fputs("</g>\n", out);
}

/* Do two samples of a region follow one another with no period missing
 * between them? Days (stocks at dates) have no such gaps; a span (a year
 * to date) has no neighbour. */
static int joined(tsdb_period a, tsdb_period b)
{
	enum tsdb_freq f = tsdb_period_freq(a);
	tsdb_period before;
	if (f != tsdb_period_freq(b) || f == TSDB_FREQ_SPAN)
		return 0;
	return f == TSDB_FREQ_DAY || (!tsdb_period_prev(b, &before) && !tsdb_period_cmp(before, a));
}

static void draw_x_axis(FILE *out, const struct plot *p)
{
	char lab[TSDB_PERIOD_MAX];
	double free_left = 1e9; /* labels are placed from the latest back */
	fprintf(out, "<g class=\"x-axis\" font-size=\"%.0f\" fill=\"#333333\">\n", AXIS_PX);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>\n",
	        p->left, p->bottom, p->right, p->bottom);
	for (size_t i = p->nper; i-- > 0;) {
		double x = x_of(p, p->per[i]), w;
		tsdb_period_format(p->per[i], lab);
		w = text_width(lab, AXIS_PX);
		if (p->nper <= 240)
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>\n",
			        x, p->bottom, x, p->bottom + 4);
		if (x + w / 2 + 10 > free_left || x - w / 2 < PAD / 2)
			continue;
		draw_text(out, x, p->bottom + AXIS_PX + 6, "middle", "", lab);
		free_left = x - w / 2;
	}
	fputs("</g>\n", out);
}

/* The stroke of the hue-th region drawn. */
static void stroke(FILE *out, size_t hue, double width)
{
	size_t c = hue;
	fprintf(out, " stroke=\"%s\" stroke-width=\"%.1f\"", colours[c % NCOLOURS], width);
	if (*dashes[c / NCOLOURS % 3])
		fprintf(out, " stroke-dasharray=\"%s\"", dashes[c / NCOLOURS % 3]);
}

static void draw_lines(FILE *out, const struct plot *p)
{
	const struct query *qr = p->qr;
	double slot = (p->right - p->left) / (double)p->nper;
	double r = slot / 4 < 3.5 ? (slot / 4 > 1.5 ? slot / 4 : 1.5) : 3.5;
	char words[TSDB_VALUE_MAX * 2 + 200], per[TSDB_PERIOD_MAX];

	draw_x_axis(out, p);
	for (size_t c = 0; c < qr->ncols; c++) {
		const tsdb_panel_column *col = &qr->col[c];
		const tsdb_sample *v = col->s.v;
		size_t n = col->s.n;
		fprintf(out, "<g class=\"series\" id=\"series-%zu\">\n<title>", c + 1);
		svg_text(out, plot_region_label(col));
		fputs("</title>\n", out);
		for (size_t i = 0; i < n;) {
			size_t j = i;
			if (!isfinite(v[i].value)) {
				i++;
				continue;
			}
			while (j + 1 < n && isfinite(v[j + 1].value) && joined(v[j].period, v[j + 1].period))
				j++;
			if (j > i) {
				fputs("<polyline fill=\"none\" stroke-linejoin=\"round\"", out);
				stroke(out, p->hue[c], 2);
				fputs(" points=\"", out);
				for (size_t k = i; k <= j; k++)
					fprintf(out, "%s%.1f,%.1f", k > i ? " " : "", x_of(p, v[k].period),
					        y_of(p, v[k].value));
				fputs("\"/>\n", out);
			}
			i = j + 1;
		}
		for (size_t i = 0; i < n; i++) {
			if (!isfinite(v[i].value))
				continue;
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"",
			        x_of(p, v[i].period), y_of(p, v[i].value), r,
			        v[i].qualifier ? "#ffffff" : colours[p->hue[c] % NCOLOURS]);
			fprintf(out, " stroke=\"%s\" stroke-width=\"1.5\"><title>", colours[p->hue[c] % NCOLOURS]);
			tsdb_period_format(v[i].period, per);
			plot_value_words(p, &v[i], words, sizeof words);
			svg_text(out, plot_region_label(col));
			fprintf(out, " %s: ", per);
			svg_text(out, words);
			fputs("</title></circle>\n", out);
		}
		fputs("</g>\n", out);
	}
}

static void draw_legend(FILE *out, const struct plot *p)
{
	const struct query *qr = p->qr;
	double x = p->right + 1, y = p->bottom + p->xlabel_h - SMALL_PX * 1.6;
	char buf[300];
	fputs("<g class=\"legend\">\n", out);
	for (size_t c = 0; c < qr->ncols; c++) {
		double w = legend_entry(&qr->col[c]);
		if (x + w > p->right) {
			x = p->left;
			y += SMALL_PX * 1.6;
		}
		if (drawn(&qr->col[c])) {
			fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", x, y + 6, x + 22,
			        y + 6);
			stroke(out, p->hue[c], 2);
			fprintf(out, "/>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x + 11,
			        y + 6, colours[p->hue[c] % NCOLOURS]);
		}
		draw_text(out, x + 26, y + 6 + SMALL_PX * 0.36, "",
		          drawn(&qr->col[c]) ? "" : "fill=\"#777777\"",
		          legend_label(&qr->col[c], buf, sizeof buf));
		x += w;
	}
	fputs("</g>\n", out);
}

static void draw_bars(FILE *out, const struct plot *p)
{
	const struct query *qr = p->qr;
	double slot = (p->right - p->left) / (double)qr->ncols;
	double bw = slot * 0.7 < 90 ? slot * 0.7 : 90, y0 = y_of(p, p->y.lo < 0 && p->y.hi > 0 ? 0 : p->y.lo);
	char words[TSDB_VALUE_MAX * 2 + 200], num[TSDB_VALUE_MAX * 2], lab[TSDB_VALUE_MAX * 2 + 8];

	/* slanted names need a line's height between them: every every-th */
	size_t every = p->rotate ? (size_t)ceil(AXIS_PX * 1.2 / (slot * 0.71)) : 1;
	fprintf(out, "<g class=\"x-axis\" font-size=\"%.0f\" fill=\"#333333\">\n", AXIS_PX);
	for (size_t c = 0; c < qr->ncols; c++) {
		double x = p->left + slot * ((double)c + 0.5), ly = p->bottom + AXIS_PX + 6;
		if (c % every)
			continue;
		if (p->rotate) {
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
			             "transform=\"rotate(-45 %.1f %.1f)\">", x + 4, ly, x + 4, ly);
			svg_text(out, plot_region_label(&qr->col[c]));
			fputs("</text>\n", out);
		} else
			draw_text(out, x, ly, "middle", "", plot_region_label(&qr->col[c]));
	}
	fputs("</g>\n", out);
	for (size_t c = 0; c < qr->ncols; c++) {
		const tsdb_panel_column *col = &qr->col[c];
		const tsdb_sample *s = value_at(col, p->at);
		double x = p->left + slot * ((double)c + 0.5);
		fprintf(out, "<g class=\"bar\" id=\"bar-%zu\">\n", c + 1);
		if (!s) {
			/* said where there is room, else a dash */
			draw_text(out, x, y0 - 4, "middle", "font-size=\"10\" fill=\"#777777\"",
			          text_width("no value", 10) < slot - 2 ? "no value" : "—");
			fputs("</g>\n", out);
			continue;
		}
		double y = y_of(p, s->value), top = y < y0 ? y : y0, hgt = fabs(y0 - y);
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
		        x - bw / 2, top, bw, hgt, s->qualifier ? "#ffffff" : colours[p->hue[c] % NCOLOURS]);
		stroke(out, p->hue[c], s->qualifier ? 2 : 0);
		fputs("><title>", out);
		plot_value_words(p, s, words, sizeof words);
		svg_text(out, plot_region_label(col));
		fputs(": ", out);
		svg_text(out, words);
		fputs("</title></rect>\n", out);
		/* the value on the bar, in the axis's units, where it fits */
		chart_number(s->value / p->y.factor, p->y.decimals + (p->y.factor > 1), num, sizeof num);
		snprintf(lab, sizeof lab, "%s%s", s->qualifier ? tsdb_qualifier_name(s->qualifier) : "",
		         num);
		if (text_width(lab, 10) < slot - 2)
			draw_text(out, x, s->value < 0 ? y + 12 : y - 4, "middle",
			          "font-size=\"10\" fill=\"#333333\"", lab);
		fputs("</g>\n", out);
	}
}

static void draw_footnote(FILE *out, const struct plot *p)
{
	double lh = FOOT_PX * 1.35, y = p->h - PAD - (p->foot_lines - 1) * lh;
	fprintf(out, "<g class=\"footnote\" font-size=\"%.0f\" fill=\"#555555\">\n", FOOT_PX);
	for (int i = 0; i < p->nfoot; i++)
		y += svg_wrapped(out, p->foot[i], FOOT_PX, p->w - 2 * PAD, 3, PAD, y, lh) * lh;
	fputs("</g>\n", out);
}

static void draw(FILE *out, const struct plot *p)
{
	draw_frame(out, p);
	if (p->bar)
		draw_bars(out, p);
	else {
		draw_lines(out, p);
		draw_legend(out, p);
	}
	draw_footnote(out, p);
	fputs("</svg>\n", out);
}

/* The chart, as chart_write draws it. */
static void draw_plot(FILE *out, const void *arg)
{
	draw(out, arg);
}

int cmd_plot_check(struct ctx *c)
{
	const char *path = arg(c, "--output"), *dot = strrchr(path, '.');
	if (c->npos < 2 && !arg(c, "--level"))
		return usage_error(c->cmd, "needs an indicator (or expression) and at least one region");
	/* the format is the name's: a PNG named .svg, or SVG in a .png, misleads */
	if (strcmp(path, "-") && !chart_is_png(path) && !(dot && strcasecmp(dot, ".svg") == 0))
		return usage_error(c->cmd, "-o %s: a chart is FILE.svg or FILE.png (- for SVG on standard output)", path);
	return 0;
}

int cmd_plot(struct ctx *c)
{
	struct query qr = {0};
	struct plot *p = calloc(1, sizeof *p);
	char **names = c->pos + 1;
	size_t nnames = (size_t)c->npos - 1;
	tsdb_txn *t = c->t;
	tsdb_error err = {0};
	int rc = 0;

	if (!p) {
		fprintf(stderr, "tsq: out of memory\n");
		return EXIT_STORE;
	}
	query_options(c, &qr);
	qr.expr = c->pos[0];
	p->qr = &qr;
	p->path = arg(c, "--output");
	p->title = arg(c, "--title");
	p->bar = flag(c, "--bar");
	p->zh = arg(c, "--lang") && strcmp(arg(c, "--lang"), "zh") == 0;
	p->width = (int)arg_long(c, "--width", 800);
	p->height = (int)arg_long(c, "--height", 480);
	if ((rc = cli_level(c, &qr.level)) || (rc = query_open(t, &qr)))
		goto out;
	if (p->zh && qr.lone) {
		tsdb_indicator ind;
		if (tsdb_indicator_get(t, qr.expr, &ind, NULL) == 0)
			snprintf(p->name_zh, sizeof p->name_zh, "%s", ind.name_zh);
	}
	if (query_answer(t, &qr, names, nnames, &err))
		goto fail;
	if (query_periods(&qr, &p->per, &p->nper)) {
		tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	if (!p->nper) {
		fprintf(stderr, "tsq: nothing to plot: no observations of %s for %s in that range\n",
		        qr.expr, qr.ncols == 1 ? qr.col[0].asked : "those regions");
		rc = EXIT_DATA;
		goto out;
	}
	if (gather(t, p, &err))
		goto fail;
	plot_footnotes(t, p);
	layout(p);
	rc = chart_write(p->path, p->width, p->height, draw_plot, p);
	goto out;
fail:
	rc = cli_fail(&err);
out:
	query_free(&qr);
	if (p) {
		free(p->per);
		free(p->hue);
	}
	free(p);
	return rc;
}
