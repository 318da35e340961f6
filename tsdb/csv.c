/* csv.c — facts from CSV (RFC 4180, parsed by libcsv): the long layout (a
 * row per fact) and the wide one (a column per period); ',', ';' or tab;
 * UTF-8 with or without a byte-order mark; CRLF or LF. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "load.h"

enum { COL_REGION, COL_PERIOD, COL_VALUE, COL_INDICATOR, COL_UNIT, COL_QUALIFIER, COL_STATUS,
       COL_SOURCE, COL_VINTAGE, COL_NOTE, NCOL };
static const char *const col_role[NCOL] = {"region", "period", "value", "indicator", "unit",
                                           "qualifier", "status", "source", "vintage", "note"};

struct csvload {
	struct load *ld;
	const tsdb_csv_map *map;
	char *buf;            /* the current row's fields, each NUL-terminated */
	size_t len, cap;
	size_t *off;          /* where each field starts in buf */
	size_t nf, fcap;
	long line, row_line;  /* the physical line, and the one the row began on */
	int header_done;
	int col[NCOL];        /* column of each role, or -1 */
	char **head;          /* header names, owned */
	tsdb_period *per;     /* wide: the period of each column */
	char *is_period;      /* wide: does the column hold a period's values? */
	size_t ncols;
	int rc;               /* set when the file cannot be read on */
	int nomem;
};

static void on_field(void *s, size_t n, void *arg)
{
	struct csvload *c = arg;
	if (c->nf == 0)
		c->row_line = c->line;
	if (c->nf == c->fcap) {
		size_t cap = c->fcap ? c->fcap * 2 : 16;
		size_t *o = realloc(c->off, cap * sizeof *o);
		if (!o) {
			c->nomem = 1;
			return;
		}
		c->off = o;
		c->fcap = cap;
	}
	if (c->len + n + 1 > c->cap) {
		size_t cap = (c->len + n + 1) * 2;
		char *b = realloc(c->buf, cap);
		if (!b) {
			c->nomem = 1;
			return;
		}
		c->buf = b;
		c->cap = cap;
	}
	c->off[c->nf++] = c->len;
	memcpy(c->buf + c->len, s, n);
	/* a NUL inside a field would cut it short: keep it visible to the checks */
	for (size_t i = 0; i < n; i++)
		if (!c->buf[c->len + i])
			c->buf[c->len + i] = '\x01';
	c->len += n;
	c->buf[c->len++] = 0;
}

static char *field(const struct csvload *c, size_t i)
{
	return c->buf + c->off[i];
}

static char *trim(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Finds the column named name in the header; -1 with an error if absent. */
static int find_col(struct csvload *c, const char *role, const char *name)
{
	char cols[256];
	size_t n = 0;
	for (size_t i = 0; i < c->ncols; i++)
		if (strcasecmp(c->head[i], name) == 0)
			return (int)i;
	for (size_t i = 0; i < c->ncols && n < sizeof cols; i++)
		n += (size_t)snprintf(cols + n, sizeof cols - n, "%s\"%s\"", i ? ", " : "", c->head[i]);
	ts_load_fail(c->ld, role, TSDB_EDATA, "no column \"%s\" in the header (it has %s)", name, cols);
	return -1;
}

static int header(struct csvload *c)
{
	const tsdb_csv_map *m = c->map;
	const char *want[NCOL] = {m->region, m->period, m->value, m->indicator, m->unit,
	                          m->qualifier, m->status, m->source, m->vintage, m->note};
	int bad = 0;
	c->ncols = c->nf;
	if (!(c->head = calloc(c->ncols, sizeof *c->head)) || !(c->per = calloc(c->ncols, sizeof *c->per)) ||
	    !(c->is_period = calloc(c->ncols, 1)))
		return ts_load_fail(c->ld, NULL, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->ncols; i++) {
		char *h = field(c, i);
		if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0) /* stops at a shorter field's end */
			h += 3;
		if (!(c->head[i] = strdup(trim(h))))
			return ts_load_fail(c->ld, NULL, TSDB_ENOMEM, "out of memory");
	}
	for (int r = 0; r < NCOL; r++) {
		c->col[r] = -1;
		if (want[r] && (c->col[r] = find_col(c, col_role[r], want[r])) < 0)
			bad = 1;
	}
	if (bad)
		return TSDB_EDATA;
	if (c->col[COL_REGION] < 0)
		return ts_load_fail(c->ld, "region", TSDB_EDATA, "the map names no region column");
	if (c->col[COL_INDICATOR] < 0 && !(m->fixed_indicator && *m->fixed_indicator))
		return ts_load_fail(c->ld, "indicator", TSDB_EDATA,
		                    "no indicator: map an indicator column or give one for every row");
	if (!m->wide) {
		if (c->col[COL_PERIOD] < 0 || c->col[COL_VALUE] < 0)
			return ts_load_fail(c->ld, c->col[COL_PERIOD] < 0 ? "period" : "value", TSDB_EDATA,
			                    "the long layout needs period and value columns (or --wide)");
		return 0;
	}
	size_t periods = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		int mapped = 0;
		for (int r = 0; r < NCOL; r++)
			mapped |= c->col[r] == (int)i;
		if (!mapped && tsdb_period_parse(c->head[i], (size_t)-1, &c->per[i], NULL) == 0) {
			c->is_period[i] = 1;
			periods++;
		}
	}
	if (!periods)
		return ts_load_fail(c->ld, NULL, TSDB_EDATA, "--wide, but no column header is a period");
	return 0;
}

static const char *col(struct csvload *c, int role, const char *fixed)
{
	if (c->col[role] >= 0) {
		const char *s = trim(field(c, (size_t)c->col[role]));
		return *s ? s : fixed;
	}
	return fixed;
}

static int row(struct csvload *c)
{
	struct load *ld = c->ld;
	const tsdb_csv_map *m = c->map;
	int rc = 0;
	ld->line = c->row_line;
	if (c->nomem)
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->nf; i++)
		if (strchr(field(c, i), '\x01'))
			return ts_load_fail(ld, i < c->ncols ? c->head[i] : NULL, TSDB_EDATA, "contains a NUL byte");
	if (!c->header_done) {
		c->header_done = 1;
		return header(c);
	}
	ld->stats->records++;
	if (c->nf != c->ncols)
		return ts_load_fail(ld, NULL, TSDB_EDATA, "the row has %zu fields; the header has %zu", c->nf,
		                    c->ncols);
	struct fact f = {0};
	f.indicator = col(c, COL_INDICATOR, m->fixed_indicator);
	f.region = col(c, COL_REGION, NULL);
	f.unit = col(c, COL_UNIT, m->fixed_unit);
	f.scale = m->scale;
	f.qualifier = col(c, COL_QUALIFIER, NULL);
	f.status = col(c, COL_STATUS, NULL);
	f.source = col(c, COL_SOURCE, m->fixed_source);
	f.vintage = col(c, COL_VINTAGE, NULL);
	f.note = col(c, COL_NOTE, NULL);
	if (!m->wide) {
		f.period = col(c, COL_PERIOD, NULL);
		f.value_text = col(c, COL_VALUE, NULL);
		if (!f.value_text) {
			ld->stats->missing++;
			return 0;
		}
		return ts_put_fact(ld, &f);
	}
	for (size_t i = 0; i < c->ncols && !ts_load_stop(ld, rc); i++) {
		if (!c->is_period[i])
			continue;
		const char *v = trim(field(c, i));
		if (!*v) {
			ld->stats->missing++;
			continue;
		}
		f.period = c->head[i];
		f.value_text = v;
		int r = ts_put_fact(ld, &f);
		if (r && !rc)
			rc = r;
	}
	return rc;
}

static void on_row(int term, void *arg)
{
	struct csvload *c = arg;
	(void)term;
	if (!c->rc) {
		int was_header = !c->header_done;
		int rc = row(c);
		/* after a bad header no row can be read; otherwise go on to report
		 * every bad row, up to the limit */
		if (rc && (was_header || ts_load_stop(c->ld, rc)))
			c->rc = rc;
	}
	c->nf = 0;
	c->len = 0;
}

static int only_space(unsigned char ch)
{
	return ch == ' ';
}

/* The separator the header uses most: ',', ';' or tab. */
static char detect(const char *line, size_t len)
{
	size_t n[3] = {0, 0, 0};
	int quoted = 0;
	for (const char *p = line; p < line + len; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
	}
	return n[2] > n[0] && n[2] >= n[1] ? '\t' : n[1] > n[0] ? ';' : ',';
}

int ts_load_csv(struct load *ld, struct input *in, char sep)
{
	struct csv_parser p;
	struct csvload c = {0};
	const char *line;
	size_t n;
	int rc = 0, r;

	c.ld = ld;
	c.map = ld->opts->csv;
	ld->where = NULL;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	csv_set_space_func(&p, only_space);
	while ((r = ts_in_line(in, &line, &n)) > 0) {
		c.line++;
		if (c.line == 1) {
			if (memchr(line, 0, n)) {
				rc = ts_load_fail(ld, NULL, TSDB_EDATA, "contains a NUL byte: not a text file");
				break;
			}
			if (!sep)
				sep = c.map->sep ? c.map->sep : detect(line, n);
			csv_set_delim(&p, (unsigned char)sep);
		}
		if (csv_parse(&p, line, n, on_field, on_row, &c) != n) {
			ld->line = c.nf ? c.row_line : c.line;
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "malformed CSV: %s (a quote inside an unquoted "
			                  "field, or text after a closing quote)", csv_strerror(csv_error(&p)));
			break;
		}
		if (c.rc)
			break;
	}
	if (r < 0 && !rc && !c.rc) {
		ld->line = c.line + 1;
		if (in->too_long)
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "a line longer than %zu MiB", TS_RECORD_MAX >> 20);
		else {
			tsdb_error e = {0};
			rc = ts_in_error(in, &e);
			*ld->first = e;
			ld->stop = 1;
		}
	}
	if (!rc && !c.rc) {
		if (csv_fini(&p, on_field, on_row, &c) != 0) {
			ld->line = c.row_line;
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "a quoted field is not closed before the end of the file");
		} else if (c.line == 0)
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "empty file");
	}
	if (!rc)
		rc = c.rc;
	csv_free(&p);
	free(c.buf);
	free(c.off);
	for (size_t i = 0; c.head && i < c.ncols; i++) /* head is NULL if its calloc failed */
		free(c.head[i]);
	free(c.head);
	free(c.per);
	free(c.is_period);
	return rc;
}
