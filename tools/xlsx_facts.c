/* xlsx_facts.c — a workbook of facts: data, the sources met, and quotes and notes linked to their rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsdb.h"
#include "xlsx.h"

struct facts {
	struct xlsx *wb;
	struct xlsx_sheet *data, *sources, *notes;
	struct xlsx_cell *row; /* the row being built */
	size_t *off;           /* where each text cell's copy starts in text */
	int n, cap;
	char *text;            /* the row's text, copied: callers reuse buffers */
	size_t used, room;
	char **src;            /* the sources met (owned), sorted */
	size_t nsrc, capsrc;
	size_t rows;           /* data rows written, the header not counted */
	int oom;
	char *name;            /* the data sheet's name */
	int flags;             /* FACTS_SOURCES, FACTS_NOTES */
	int ended;             /* the table has ended: rows are footnotes */
};

int facts_open(const char *file, const char *sheet, int flags, struct facts **out, char *err, size_t errsize)
{
	struct facts *b = calloc(1, sizeof *b);
	*out = NULL;
	if (!b || !(b->name = strdup(sheet))) {
		free(b);
		snprintf(err, errsize, "out of memory");
		return -1;
	}
	b->flags = flags;
	if (xlsx_open(file, &b->wb, err, errsize)) {
		free(b->name);
		free(b);
		return -1;
	}
	*out = b;
	return 0;
}

static struct xlsx_cell *next_cell(struct facts *b)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct xlsx_cell *r = realloc(b->row, (size_t)cap * sizeof *r);
		size_t *o = r ? realloc(b->off, (size_t)cap * sizeof *o) : NULL;
		if (r)
			b->row = r;
		if (!o) {
			b->oom = 1;
			return NULL;
		}
		b->off = o;
		b->cap = cap;
	}
	struct xlsx_cell *c = &b->row[b->n++];
	memset(c, 0, sizeof *c);
	return c;
}

void facts_text(struct facts *b, const char *text)
{
	struct xlsx_cell *c = next_cell(b);
	size_t n = strlen(text) + 1;
	if (!c)
		return;
	if (b->used + n > b->room) {
		size_t room = (b->used + n) * 2;
		char *t = realloc(b->text, room);
		if (!t) {
			b->oom = 1;
			return;
		}
		b->text = t;
		b->room = room;
	}
	memcpy(b->text + b->used, text, n);
	c->type = XLSX_TEXT;
	b->off[b->n - 1] = b->used;
	b->used += n;
}

/* Points the row's text cells at their copies (the buffer has stopped
 * moving) and empties the buffer for the next row. */
static void row_text(struct facts *b)
{
	for (int i = 0; i < b->n; i++)
		if (b->row[i].type == XLSX_TEXT)
			b->row[i].text = b->text + b->off[i];
		else if (b->row[i].type == XLSX_URL)
			b->row[i].text = b->row[i].url = b->text + b->off[i];
	b->used = 0;
}

void facts_number(struct facts *b, double v)
{
	facts_number_fmt(b, v, 0);
}

void facts_number_fmt(struct facts *b, double v, int fmt)
{
	struct xlsx_cell *c = next_cell(b);
	if (!c)
		return;
	c->type = XLSX_NUMBER;
	c->number = v;
	c->fmt = fmt > 0 ? fmt : 0;
}

int facts_format(struct facts *b, double factor, int decimals, const char *prefix, const char *suffix)
{
	return xlsx_number_format(b->wb, factor, decimals, prefix, suffix);
}

void facts_url(struct facts *b, const char *url)
{
	facts_text(b, url);
	if (!b->oom && b->n)
		b->row[b->n - 1].type = XLSX_URL;
}

void facts_date(struct facts *b, uint32_t yyyymmdd)
{
	struct xlsx_cell *c = next_cell(b);
	if (!c)
		return;
	c->type = XLSX_DATE;
	c->date = yyyymmdd;
}

void facts_empty(struct facts *b)
{
	next_cell(b);
}

/* The header: the data sheet takes the first row's cells as its header;
 * the sources and notes sheets are made beside it. */
static int header(struct facts *b)
{
	static const char *const src[] = {"id", "title", "publisher", "url", "published", "priority"};
	static const char *const notes[] = {"row", "indicator", "region", "period", "quote", "note"};
	const char **heads = calloc((size_t)b->n + 1, sizeof *heads);
	if (!heads)
		return -1;
	for (int i = 0; i < b->n; i++)
		heads[i] = b->row[i].text ? b->row[i].text : "";
	b->data = xlsx_sheet_add(b->wb, b->name, heads, b->n);
	free(heads);
	if (!b->data || ((b->flags & FACTS_SOURCES) && !(b->sources = xlsx_sheet_add(b->wb, "Sources", src, 6))) ||
	    ((b->flags & FACTS_NOTES) && !(b->notes = xlsx_sheet_add(b->wb, "Notes", notes, 6))))
		return -1;
	return 0;
}

int facts_end_row(struct facts *b, const char *quote, const char *note, const char *indicator,
                  const char *region, const char *period)
{
	struct xlsx_ref at;
	int rc;
	if (b->oom)
		return -1;
	row_text(b);
	if (!b->data) {
		rc = header(b);
		b->n = 0;
		return rc;
	}
	rc = xlsx_row(b->data, b->row, b->n, &at);
	b->n = 0;
	if (!b->ended)
		b->rows++;
	if (rc || !b->notes || ((!quote || !*quote) && (!note || !*note)))
		return rc;
	char label[48], where[160];
	const char *sheet;
	xlsx_sheet_parts(b->data, &sheet);
	snprintf(label, sizeof label, "%lu", (unsigned long)at.row + 1);
	struct xlsx_cell cells[6] = {
		{.type = XLSX_LINK, .text = label, .link = at},
		{.type = XLSX_TEXT, .text = indicator},
		{.type = XLSX_TEXT, .text = region},
		{.type = XLSX_PERIOD, .text = period},
		{.type = XLSX_TEXT, .text = quote ? quote : ""},
		{.type = XLSX_TEXT, .text = note ? note : ""},
	};
	if (xlsx_sheet_parts(b->data, NULL)) {
		/* past the first data sheet: the row number alone is ambiguous */
		snprintf(where, sizeof where, "%s!%lu", sheet, (unsigned long)at.row + 1);
		cells[0].text = where;
		return xlsx_row(b->notes, cells, 6, NULL);
	}
	return xlsx_row(b->notes, cells, 6, NULL);
}

void facts_table_end(struct facts *b)
{
	if (b->data)
		xlsx_table_end(b->data);
	b->ended = 1;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int facts_source(struct facts *b, const char *id)
{
	size_t lo = 0, hi = b->nsrc;
	if (!id || !*id)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(b->src[mid], id);
		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (b->nsrc == b->capsrc) {
		size_t cap = b->capsrc ? b->capsrc * 2 : 16;
		char **s = realloc(b->src, cap * sizeof *s);
		if (!s)
			return b->oom = 1, -1;
		b->src = s;
		b->capsrc = cap;
	}
	char *copy = strdup(id);
	if (!copy)
		return b->oom = 1, -1;
	memmove(b->src + lo + 1, b->src + lo, (b->nsrc - lo) * sizeof *b->src);
	b->src[lo] = copy;
	b->nsrc++;
	return 0;
}

static void free_facts(struct facts *b)
{
	for (size_t i = 0; i < b->nsrc; i++)
		free(b->src[i]);
	free(b->src);
	free(b->row);
	free(b->off);
	free(b->text);
	free(b->name);
	free(b);
}

/* The sources sheet: each source met, from the catalog (an id the catalog
 * does not have is listed alone). */
static int write_sources(struct facts *b, tsdb_txn *t)
{
	int prio = xlsx_number_format(b->wb, 1, 0, NULL, NULL);
	qsort(b->src, b->nsrc, sizeof *b->src, by_id);
	for (size_t i = 0; i < b->nsrc; i++) {
		tsdb_source s = {0};
		tsdb_error err = {0};
		int known = tsdb_source_get(t, b->src[i], &s, &err) == 0;
		struct xlsx_cell cells[6] = {
			{.type = XLSX_TEXT, .text = b->src[i]},
			{.type = XLSX_TEXT, .text = known ? s.title : ""},
			{.type = XLSX_TEXT, .text = known ? s.publisher : ""},
			{.type = XLSX_URL, .text = known ? s.url : "", .url = known ? s.url : ""},
			{.type = XLSX_DATE, .date = known ? s.published : 0},
			{.type = known ? XLSX_NUMBER : XLSX_EMPTY, .number = known ? s.priority : 0, .fmt = prio},
		};
		if (xlsx_row(b->sources, cells, 6, NULL))
			return -1;
	}
	return 0;
}

int facts_finish(struct facts *b, tsdb_txn *t, const char *who, int quiet, char *err, size_t errsize)
{
	size_t cut = 0, parts;
	const char *last = NULL;
	char lastname[160];
	int rc = -1;
	if (!b->data && !b->oom && header(b))
		b->oom = 1;
	if (b->oom) {
		snprintf(err, errsize, "out of memory");
		goto out;
	}
	/* a failed row fails the workbook: xlsx_finish says why and keeps nothing */
	if (b->sources)
		write_sources(b, t);
	parts = xlsx_sheet_parts(b->data, &last);
	snprintf(lastname, sizeof lastname, "%s", last); /* the workbook goes with xlsx_finish */
	if (xlsx_finish(b->wb, &cut, err, errsize)) {
		b->wb = NULL;
		goto out;
	}
	b->wb = NULL;
	if (!quiet && parts)
		fprintf(stderr, "%s: %zu rows are more than one sheet holds: the data goes on in %zu further sheet%s, to \"%s\"\n",
		        who, b->rows, parts, parts == 1 ? "" : "s", lastname);
	if (!quiet && cut)
		fprintf(stderr, "%s: %zu text cell%s longer than a cell holds (%d characters) %s cut, ending in \"…\"\n",
		        who, cut, cut == 1 ? "" : "s", XLSX_TEXT_MAX, cut == 1 ? "was" : "were");
	rc = 0;
out:
	xlsx_abandon(b->wb);
	free_facts(b);
	return rc;
}

void facts_abandon(struct facts *b)
{
	if (!b)
		return;
	xlsx_abandon(b->wb);
	free_facts(b);
}
