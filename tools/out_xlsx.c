/* out_xlsx.c — the output layer's workbook format: the table on a sheet, numbers as numbers, sources beside or below. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "xlsx.h"

/* The table goes to a workbook of facts (xlsx_facts.c) written on the
 * outfile's temporary file, which out_close renames into place. A column
 * named "source" fills a Sources sheet; footnotes (out_after) go below the
 * table instead. A value keeps every digit; its format shows what the
 * terminal shows: --scale, the decimals, the qualifier when the table has
 * no column for it, the footnote mark. */
struct xstate {
	struct facts *b;
	int src_col;  /* the "source" column, or -1 */
	int qual_col; /* the table has a qualifier column */
};

static struct xstate *state(struct out *o)
{
	return o->state;
}

static void fail(struct out *o)
{
	if (!o->failed)
		o->failed = 1, o->err = ENOMEM;
}

static void x_begin(struct out *o)
{
	struct xstate *x = calloc(1, sizeof *x);
	char why[300];
	if (!x) {
		fail(o);
		return;
	}
	o->state = x;
	x->src_col = -1;
	for (int i = 0; i < o->ncols; i++) {
		if (strcmp(o->cols[i].name, "source") == 0)
			x->src_col = i;
		if (strcmp(o->cols[i].name, "qualifier") == 0)
			x->qual_col = 1;
	}
	if (facts_open(o->file.tmp, o->sheet ? o->sheet : "Data", x->src_col >= 0 && o->txn ? FACTS_SOURCES : 0,
	               &x->b, why, sizeof why)) {
		fprintf(stderr, "tsq: %s\n", why);
		o->failed = 1;
		return;
	}
	for (int i = 0; i < o->ncols; i++)
		facts_text(x->b, o->zh && o->cols[i].name_zh ? o->cols[i].name_zh : o->cols[i].name);
	if (facts_end_row(x->b, NULL, NULL, NULL, NULL, NULL))
		fail(o);
}

static void number(struct out *o, struct xstate *x, const struct out_cell *c)
{
	double factor = c->scaled ? o->scale : 1;
	int dec = c->shown >= 0 ? c->shown : factor != 1 ? xlsx_scaled_decimals(c->num) : -1;
	char mark[16] = "";
	const char *pre = !x->qual_col && c->qualifier != TSDB_Q_EQ ? tsdb_qualifier_name(c->qualifier) : NULL;
	if (c->note)
		snprintf(mark, sizeof mark, " [%d%s]", c->note, c->more ? "+" : "");
	int fmt = facts_format(x->b, factor, dec, pre, mark);
	if (fmt < 0) /* a scale no format can show, or too many formats */
		fmt = 0;
	facts_number_fmt(x->b, c->raw, fmt);
}

static void put(struct out *o, struct xstate *x, const struct out_cell *c)
{
	switch (c->type) {
	case OUT_NONE: facts_empty(x->b); break;
	case OUT_NUM: number(o, x, c); break;
	case OUT_INT: facts_number_fmt(x->b, (double)c->n, facts_format(x->b, 1, 0, NULL, NULL)); break;
	case OUT_DATE: facts_date(x->b, c->date); break;
	case OUT_PERIOD: /* always text: 2024-06-30 is no date to compute with */
	case OUT_TEXT:
	default: facts_text(x->b, c->text ? c->text : ""); break;
	}
}

static void x_cell(struct out *o, const struct out_cell *c)
{
	struct xstate *x = state(o);
	if (!x || !x->b)
		return;
	put(o, x, c);
	if (o->at == x->src_col && c->type == OUT_TEXT && facts_source(x->b, c->text))
		fail(o);
}

static void x_row(struct out *o)
{
	struct xstate *x = state(o);
	if (x && x->b && facts_end_row(x->b, NULL, NULL, NULL, NULL, NULL))
		fail(o);
}

static void x_end(struct out *o)
{
	struct xstate *x = state(o);
	if (x && x->b)
		facts_table_end(x->b);
}

static void x_after(struct out *o, const struct out_cell *cells, int n)
{
	struct xstate *x = state(o);
	if (!x || !x->b)
		return;
	for (int i = 0; i < n; i++)
		if (cells[i].type == OUT_TEXT && cells[i].text && strncmp(cells[i].text, "http", 4) == 0)
			facts_url(x->b, cells[i].text);
		else
			put(o, x, &cells[i]);
	if (facts_end_row(x->b, NULL, NULL, NULL, NULL, NULL))
		fail(o);
}

static int x_finish(struct out *o, int ok)
{
	struct xstate *x = state(o);
	char why[300];
	int rc = 0;
	if (!x)
		return ok && o->failed ? -1 : 0;
	if (ok && !o->failed && x->b) {
		rc = facts_finish(x->b, o->txn, "tsq", o->quiet, why, sizeof why);
		if (rc)
			fprintf(stderr, "tsq: writing %s: %s\n", o->file.path, why);
	} else {
		facts_abandon(x->b);
		if (ok) {
			fprintf(stderr, "tsq: writing %s: %s\n", o->file.path, strerror(o->err ? o->err : EIO));
			rc = -1;
		}
	}
	free(x);
	o->state = NULL;
	return rc;
}

const struct out_format out_xlsx_format = {"xlsx", 0, x_begin, x_cell, x_row, x_end, x_after, x_finish};

void out_footnotes(struct out *o, tsdb_txn *t, const char *const *ids, int n, int plus)
{
	struct out_cell blank = {.type = OUT_NONE};
	out_end(o);
	if (n || plus)
		out_after(o, &blank, 1);
	for (int i = 0; i < n; i++) {
		tsdb_source s = {0};
		char mark[16];
		int known = tsdb_source_get(t, ids[i], &s, NULL) == 0;
		snprintf(mark, sizeof mark, "[%d]", i + 1);
		struct out_cell row[6] = {
		    {.type = OUT_TEXT, .text = mark},
		    {.type = OUT_TEXT, .text = ids[i]},
		    {.type = known ? OUT_TEXT : OUT_NONE, .text = s.title},
		    {.type = known ? OUT_TEXT : OUT_NONE, .text = s.publisher},
		    {.type = known ? OUT_TEXT : OUT_NONE, .text = s.url},
		    {.type = known && s.published ? OUT_DATE : OUT_NONE, .date = s.published},
		};
		out_after(o, row, 6);
	}
	if (plus) {
		struct out_cell row[2] = {{.type = OUT_TEXT, .text = "[n+]"},
		                          {.type = OUT_TEXT, .text = "computed from that source and others above"}};
		out_after(o, row, 2);
	}
}
