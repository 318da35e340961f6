/* out_table.c — the output layer's format for people: aligned columns, the
 * cells kept until the end, when the widths are known. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"

/* A row needs nothing of its own: grid_end cuts the cells kept into rows
 * of o->ncols. */
static void grid_row(struct out *o)
{
	(void)o;
}

/* The cells kept until the end, when the widths are known. */
struct grid {
	struct out_cell *cell; /* texts owned */
	size_t n, cap;
};

static void grid_begin(struct out *o)
{
	o->state = calloc(1, sizeof(struct grid));
	if (!o->state)
		o->failed = 1, o->err = ENOMEM;
}

static void grid_cell(struct out *o, const struct out_cell *c)
{
	struct grid *g = o->state;
	if (!g)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;
		struct out_cell *m = realloc(g->cell, cap * sizeof *m);
		if (!m) {
			o->failed = 1, o->err = ENOMEM;
			return;
		}
		g->cell = m;
		g->cap = cap;
	}
	g->cell[g->n] = *c;
	g->cell[g->n].text = c->text ? strdup(c->text) : NULL;
	g->n++;
}

static void grid_end(struct out *o)
{
	struct grid *g = o->state;
	int nc = o->ncols, color = cli_color(o->f);
	size_t rows;
	int *dec, *w, *right;
	char **text;
	if (!g)
		return;
	rows = g->n / (size_t)nc;
	dec = calloc((size_t)nc * 3, sizeof *dec);
	text = calloc(g->n + 1, sizeof *text);
	if (!dec || !text) {
		o->failed = 1, o->err = ENOMEM;
		goto out;
	}
	w = dec + nc;
	right = w + nc;
	/* a column's numbers share their decimals: the most any exact value
	 * needs, and for computed values what the largest of them is rounded
	 * to (two decimals, or three significant digits when all are below one) */
	for (int col = 0; col < nc; col++) {
		double top = 0;
		int computed = 0, whole = 1;
		right[col] = (o->cols[col].flags & OUT_AMOUNT) != 0;
		for (size_t i = (size_t)col; i < g->n; i += (size_t)nc) {
			const struct out_cell *c = &g->cell[i];
			char plain[TSDB_VALUE_MAX];
			if (c->type == OUT_NUM && c->decimals < 0) {
				out_plain_number(c, plain, sizeof plain);
				if (out_decimals_of(plain) > dec[col])
					dec[col] =
					    out_decimals_of(plain) > 9 ? 9 : out_decimals_of(plain);
			} else if (c->type == OUT_NUM) {
				computed = 1;
				top = fabs(c->num) > top ? fabs(c->num) : top;
				/* counts taken apart (discrete) and ranks stay whole */
				whole &=
				    fabs(c->num - round(c->num)) <= 1e-9 * fmax(1, fabs(c->num));
			}
			if (c->type == OUT_NUM || c->type == OUT_INT)
				right[col] = 1;
		}
		if (computed && !whole && out_round_decimals(top) > dec[col])
			dec[col] = out_round_decimals(top);
		for (size_t i = (size_t)col; computed && i < g->n; i += (size_t)nc)
			if (g->cell[i].type == OUT_NUM && g->cell[i].decimals >= 0)
				g->cell[i].decimals = dec[col];
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct out_cell *c = &g->cell[i];
		char buf[TSDB_VALUE_MAX * 2], plain[TSDB_VALUE_MAX];
		int col = (int)(i % (size_t)nc);
		switch (c->type) {
		case OUT_NONE: snprintf(buf, sizeof buf, "—"); break;
		case OUT_NUM:
			out_plain_number(c, plain, sizeof plain);
			out_group(plain, dec[col],
			          c->qualifier == TSDB_Q_EQ ? ""
			                                    : tsdb_qualifier_name(c->qualifier),
			          buf, sizeof buf);
			break;
		case OUT_INT: snprintf(buf, sizeof buf, "%lld", c->n); break;
		default: break;
		}
		text[i] = strdup(c->type == OUT_TEXT || c->type == OUT_PERIOD || c->type == OUT_DATE
		                     ? c->text
		                     : buf);
		if (!text[i]) {
			o->failed = 1, o->err = ENOMEM;
			goto out;
		}
	}
	for (int c = 0; c < nc; c++) {
		const char *h = o->zh && o->cols[c].name_zh ? o->cols[c].name_zh : o->cols[c].name;
		w[c] = cli_width(h);
		for (size_t r = 0; r < rows; r++) {
			int x = cli_width(text[r * (size_t)nc + (size_t)c]);
			w[c] = x > w[c] ? x : w[c];
		}
	}
	for (size_t r = 0; r <= rows; r++) {
		int first = 1, last = nc - 1;
		while (last > 0 && (o->cols[last].flags & OUT_MACHINE))
			last--;
		if (color && r == 0)
			fputs("\033[1m", o->f); /* the header in bold */
		for (int c = 0; c < nc; c++) {
			const char *s = r == 0 ? (o->zh && o->cols[c].name_zh ? o->cols[c].name_zh
			                                                      : o->cols[c].name)
			                       : text[(r - 1) * (size_t)nc + (size_t)c];
			int pad = w[c] - cli_width(s);
			if (o->cols[c].flags & OUT_MACHINE)
				continue;
			if (!first)
				fputs("  ", o->f);
			first = 0;
			if (right[c])
				fprintf(o->f, "%*s%s", pad, "", s);
			else
				fprintf(o->f, "%s%*s", s, c == last ? 0 : pad, "");
		}
		if (color && r == 0)
			fputs("\033[0m", o->f);
		fputc('\n', o->f);
	}
out:
	for (size_t i = 0; text && i < g->n; i++)
		free(text[i]);
	for (size_t i = 0; i < g->n; i++)
		free((char *)g->cell[i].text);
	free(text);
	free(dec);
	free(g->cell);
	free(g);
	o->state = NULL;
}

void out_table_discard(struct out *o)
{
	struct grid *g = o->state;
	if (!g || o->fmt->cell != grid_cell)
		return;
	for (size_t i = 0; i < g->n; i++)
		free((char *)g->cell[i].text);
	free(g->cell);
	free(g);
	o->state = NULL;
}

const struct out_format out_table_format = {"table",  1,        grid_begin, grid_cell,
                                            grid_row, grid_end, NULL,       NULL};
