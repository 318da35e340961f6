/* plot.h — what tsq plot knows of a chart while it lays it out and draws
 * it (cmd_plot.c), and the words on it (plot_words.c: titles, axis, notes,
 * in English or Chinese). */
#ifndef TSQ_PLOT_H
#define TSQ_PLOT_H

#include "chart.h"
#include "query.h"

#define MAX_FOOT 48

struct plot {
	const char *path, *title;
	int zh;            /* --lang zh */
	char name_zh[160]; /* a lone indicator's Chinese name */
	int bar, width, height;
	const struct query *qr;
	tsdb_period *per; /* every period some region has, in time order */
	size_t nper;
	tsdb_period at; /* --bar: the period shown */
	size_t *hue;    /* each region's colour: regions with nothing to draw
	                     take none */
	struct axis y;
	int invert;     /* ranks: 1 at the top */
	unsigned quals; /* bit per qualifier among the values shown */
	int more;       /* a value drew on several sources */
	struct sources src;
	char foot[MAX_FOOT][1024]; /* the footnote's paragraphs */
	int nfoot;
	/* layout */
	double w, h, left, right, top, bottom, inset, t0, t1;
	int legend_rows, foot_lines, rotate;
	double xlabel_h;
};

/* The title: --title, or the indicator's name (Chinese with --lang zh) and
 * the transform; with --bar the period. */
void plot_title(const struct plot *p, char *buf, size_t size);

/* The line under the title: the expression, the periods, the as-of date. */
void plot_subtitle(const struct plot *p, char *buf, size_t size);

/* The value axis's title: its scale and unit (billion CNY, 亿元). */
void plot_axis_title(const struct plot *p, char *buf, size_t size);

/* A value with its unit, for a tooltip. */
void plot_value_words(const struct plot *p, const tsdb_sample *s, char *buf, size_t size);

/* A region in the legend: as named, unless that was a code. */
const char *plot_region_label(const tsdb_panel_column *c);

/* The footnote's paragraphs: sources, qualified values, notes. */
void plot_footnotes(tsdb_txn *t, struct plot *p);

#endif
