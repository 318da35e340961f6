/* csv.c — facts from CSV (RFC 4180, parsed by libcsv): the long layout (a
 * row per fact) and the wide one (a column per period); ',', ';' or tab;
 * UTF-8 with or without a byte-order mark (other encodings are made UTF-8
 * first: input.c); CRLF or LF. Tables as statistical offices publish them:
 * title lines above the header, notes below the rows, missing-value marks
 * (…, —, NA), a region path in separate columns (省份, 城市, 区县). */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "load.h"

enum { COL_REGION, COL_PERIOD, COL_VALUE, COL_INDICATOR, COL_UNIT, COL_QUALIFIER, COL_STATUS,
       COL_SOURCE, COL_VINTAGE, COL_NOTE, COL_PROVINCE, COL_CITY, COL_COUNTY, NCOL };
static const char *const col_role[NCOL] = {"region", "period", "value", "indicator", "unit",
                                           "qualifier", "status", "source", "vintage", "note",
                                           "province", "city", "county"};

/* How many rows are looked at for the header, past title lines. */
enum { HEADER_SEARCH = 50 };

/* What tables write for a missing value (tsdb_csv_map.na replaces them). */
static const char *const default_na[] = {"…", "……", "...", "—", "——", "-", "－",
                                         "NA", "N/A", "n.a.", "/"};

/* How notes below a table begin. */
static const char *const note_starts[] = {"注：", "注:", "注 ", "注1", "注2", "注①", "数据来源",
                                          "资料来源", "说明：", "说明:", "备注", "Note:", "Notes:",
                                          "Source:", "Sources:"};

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
	char (*pername)[TSDB_PERIOD_MAX]; /* wide: each period column's canonical period */
	int rc;               /* set when the file cannot be read on */
	int nomem;
	const char **na;      /* the missing-value marks */
	size_t nna;
	char *na_buf;
	char *first;          /* the first row (fields), kept while the header is sought */
	size_t *first_off, first_nf;
	long first_line;
	long sought;          /* rows looked at for the header */
	char *prev[2];        /* the province and city of the row above, for cells a
	                         merged cell left empty */
	char *path;           /* the region path of the current row */
	size_t path_cap;
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

static const char *col(struct csvload *c, int role, const char *fixed)
{
	if (c->col[role] >= 0) {
		const char *s = trim(field(c, (size_t)c->col[role]));
		return *s ? s : fixed;
	}
	return fixed;
}

static int header(struct csvload *c);

/* The values given for every row (--indicator, --unit, --source, --scale,
 * --period) are checked once, here, before any row: one error, not one a
 * row. */
static int given(struct csvload *c)
{
	const tsdb_csv_map *m = c->map;
	struct load *ld = c->ld;
	tsdb_error e = {0};
	double one;
	if (m->fixed_indicator && *m->fixed_indicator) {
		uint32_t key;
		const char *unit;
		if (ts_indicator_find(ld, m->fixed_indicator, &key, &unit, &e))
			return ts_load_fail(ld, "indicator", TSDB_EDATA,
			                    "%s; declare it in a file loaded before or with this one: "
			                    "{\"type\":\"indicator\",\"id\":\"%.64s\",\"unit\":\"CNY\","
			                    "\"kind\":\"flow\"}", e.text, m->fixed_indicator);
		if (m->fixed_unit && *m->fixed_unit && strcmp(m->fixed_unit, unit))
			return ts_load_fail(ld, "unit", TSDB_EDATA, "\"%.32s\" contradicts %.64s, which is "
			                    "measured in %s", m->fixed_unit, m->fixed_indicator, unit);
	}
	if (m->fixed_source && *m->fixed_source) {
		tsdb_source s;
		if (tsdb_source_get(ld->txn, m->fixed_source, &s, &e))
			return ts_load_fail(ld, "source", TSDB_EDATA,
			                    "%s; declare it in a file loaded before or with this one: "
			                    "{\"type\":\"source\",\"id\":\"%.64s\",\"title\":\"…\"}",
			                    e.text, m->fixed_source);
	}
	if (m->scale && *m->scale && tsdb_value_parse("1", 1, m->scale, &one, NULL, &e))
		return ts_load_fail(ld, "scale", TSDB_EDATA, "%s", e.text);
	if (m->fixed_period && *m->fixed_period) {
		tsdb_period p;
		if (tsdb_period_parse(m->fixed_period, (size_t)-1, &p, &e))
			return ts_load_fail(ld, "period", TSDB_EDATA, "%s", e.text);
	}
	return 0;
}

/* Does the row hold the header's names: every column the map names? */
static int holds_columns(struct csvload *c)
{
	const tsdb_csv_map *m = c->map;
	const char *want[NCOL] = {m->region, m->period, m->value, m->indicator, m->unit,
	                          m->qualifier, m->status, m->source, m->vintage, m->note,
	                          m->province, m->city, m->county};
	for (int r = 0; r < NCOL; r++) {
		int found = 0;
		for (size_t i = 0; want[r] && i < c->nf && !found; i++) {
			char *h = field(c, i);
			if (strncmp(h, "\xEF\xBB\xBF", 3) == 0)
				h += 3;
			found = strcasecmp(trim(h), want[r]) == 0;
		}
		if (want[r] && !found)
			return 0;
	}
	return 1;
}

/* Keeps (or brings back) the first row, whose header error is the one to
 * report when no row holds the header. */
static int keep_first(struct csvload *c, int back)
{
	if (back) {
		char *b = c->buf;
		size_t *o = c->off, nf = c->nf;
		c->buf = c->first, c->off = c->first_off, c->nf = c->first_nf;
		c->first = b, c->first_off = o, c->first_nf = nf;
		c->row_line = c->first_line;
		return 0;
	}
	if (!(c->first = malloc(c->len ? c->len : 1)) ||
	    !(c->first_off = malloc((c->nf ? c->nf : 1) * sizeof *c->first_off)))
		return -1;
	memcpy(c->first, c->buf, c->len);
	memcpy(c->first_off, c->off, c->nf * sizeof *c->off);
	c->first_nf = c->nf;
	c->first_line = c->row_line;
	return 0;
}

/* Reports that no header was found: the first row's error, or the line
 * --header-row names past the end. */
static int no_header(struct csvload *c)
{
	if (c->map->header_row > 0) {
		c->ld->line = c->line;
		return ts_load_fail(c->ld, NULL, TSDB_EDATA, "--header-row %d, but the file has %ld lines",
		                    c->map->header_row, c->line);
	}
	if (!c->first)
		return 0;
	keep_first(c, 1);
	c->ld->line = c->row_line;
	c->header_done = 1;
	int rc = header(c);
	return rc ? rc : ts_load_fail(c->ld, NULL, TSDB_EDATA, "no header found");
}

/* Is the row a note below the table (注：…, 数据来源：…), a one-cell row or
 * a row of empty cells? Cheap for rows of data, which start otherwise. */
static int is_note(struct csvload *c)
{
	const char *f0 = field(c, 0);
	unsigned char b = (unsigned char)f0[0];
	if (c->nf == 1 && c->ncols > 1)
		return 1;
	if (b >= 0x80 || b == 'N' || b == 'S' || b == ' ')
		for (size_t k = 0; k < sizeof note_starts / sizeof *note_starts; k++)
			if (strncmp(trim(field(c, 0)), note_starts[k], strlen(note_starts[k])) == 0)
				return 1;
	if (b && b != ' ' && b != '\t')
		return 0;
	for (size_t i = 0; i < c->nf; i++)
		if (*trim(field(c, i)))
			return 0;
	return 1;
}

static int is_missing(const struct csvload *c, const char *v)
{
	if (!*v)
		return 1;
	if (*v >= '0' && *v <= '9')
		return 0; /* a number: the fast path */
	for (size_t k = 0; k < c->nna; k++)
		if (strcasecmp(v, c->na[k]) == 0)
			return 1;
	return 0;
}

/* The marks of missing values: --na's list, or the usual ones. */
static int marks(struct csvload *c)
{
	const char *list = c->map->na;
	if (!list) {
		c->na = (const char **)default_na;
		c->nna = sizeof default_na / sizeof *default_na;
		return 0;
	}
	size_t n = 1;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	if (!(c->na_buf = strdup(list)) || !(c->na = malloc(n * sizeof *c->na)))
		return -1;
	for (char *p = c->na_buf, *q; p; p = q) {
		if ((q = strchr(p, ',')))
			*q++ = 0;
		if (*p)
			c->na[c->nna++] = p;
	}
	return 0;
}

/* The region of the row: its region column, or the path of its province,
 * city and county columns (江苏省/南京市/玄武区). A province or city cell
 * left empty below a merged cell is the one above. */
static const char *region_path(struct csvload *c)
{
	if (c->col[COL_REGION] >= 0)
		return col(c, COL_REGION, NULL);
	const char *part[3];
	int own[3];
	size_t n = 0;
	for (int k = 0; k < 3; k++) {
		part[k] = c->col[COL_PROVINCE + k] >= 0 ? trim(field(c, (size_t)c->col[COL_PROVINCE + k])) : "";
		own[k] = *part[k] != 0;
	}
	if (!own[1] && own[2] && c->prev[1] && c->col[COL_CITY] >= 0)
		part[1] = c->prev[1];
	if (!own[0] && (own[1] || own[2]) && c->prev[0] && c->col[COL_PROVINCE] >= 0)
		part[0] = c->prev[0];
	size_t need = strlen(part[0]) + strlen(part[1]) + strlen(part[2]) + 3;
	if (need > c->path_cap) {
		char *p = realloc(c->path, need * 2);
		if (!p)
			return NULL;
		c->path = p;
		c->path_cap = need * 2;
	}
	for (int k = 0; k < 3; k++) {
		size_t l = strlen(part[k]);
		if (!l)
			continue;
		if (n)
			c->path[n++] = '/';
		memcpy(c->path + n, part[k], l);
		n += l;
	}
	c->path[n] = 0;
	for (int k = 0; k < 2; k++)
		if (own[k] && !(c->prev[k] && strcmp(c->prev[k], part[k]) == 0)) {
			free(c->prev[k]);
			c->prev[k] = strdup(part[k]);
		}
	return n ? c->path : NULL;
}

static int header(struct csvload *c)
{
	const tsdb_csv_map *m = c->map;
	const char *want[NCOL] = {m->region, m->period, m->value, m->indicator, m->unit,
	                          m->qualifier, m->status, m->source, m->vintage, m->note,
	                          m->province, m->city, m->county};
	int bad = 0;
	c->ncols = c->nf;
	if (!(c->head = calloc(c->ncols, sizeof *c->head)) || !(c->per = calloc(c->ncols, sizeof *c->per)) ||
	    !(c->is_period = calloc(c->ncols, 1)) || !(c->pername = calloc(c->ncols, sizeof *c->pername)))
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
	if (c->col[COL_REGION] < 0 && c->col[COL_PROVINCE] < 0 && c->col[COL_CITY] < 0 &&
	    c->col[COL_COUNTY] < 0)
		return ts_load_fail(c->ld, "region", TSDB_EDATA, "the map names no region column");
	if (c->col[COL_INDICATOR] < 0 && !(m->fixed_indicator && *m->fixed_indicator))
		return ts_load_fail(c->ld, "indicator", TSDB_EDATA,
		                    "no indicator: map an indicator column or give one for every row");
	int rc = given(c);
	if (rc || !m->wide) {
		if (!rc && ((c->col[COL_PERIOD] < 0 && !(m->fixed_period && *m->fixed_period)) ||
		            c->col[COL_VALUE] < 0))
			return ts_load_fail(c->ld, c->col[COL_VALUE] < 0 ? "value" : "period", TSDB_EDATA,
			                    "the long layout needs period and value columns, or --period "
			                    "for a table of one period (or --wide)");
		return rc;
	}
	size_t periods = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		int mapped = 0;
		for (int r = 0; r < NCOL; r++)
			mapped |= c->col[r] == (int)i;
		if (!mapped && tsdb_period_parse(c->head[i], (size_t)-1, &c->per[i], NULL) == 0) {
			c->is_period[i] = 1;
			tsdb_period_format(c->per[i], c->pername[i]); /* 2023年 read once */
			periods++;
		}
	}
	if (!periods)
		return ts_load_fail(c->ld, NULL, TSDB_EDATA, "--wide, but no column header is a period");
	return 0;
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
		/* title lines above the header are skipped: the header is the row
		 * --header-row names, or the first that holds the mapped columns */
		int at = m->header_row;
		if (at > 0 ? c->row_line < at : !holds_columns(c)) {
			if (!at && !c->first && keep_first(c, 0))
				return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
			if (!at && ++c->sought >= HEADER_SEARCH)
				return no_header(c);
			ld->stats->skipped++;
			return 0;
		}
		c->header_done = 1;
		return header(c);
	}
	if (is_note(c)) {
		ld->stats->skipped++;
		return 0;
	}
	ld->stats->records++;
	if (c->nf != c->ncols)
		return ts_load_fail(ld, NULL, TSDB_EDATA, "the row has %zu fields; the header has %zu", c->nf,
		                    c->ncols);
	struct fact f = {0};
	f.indicator = col(c, COL_INDICATOR, m->fixed_indicator);
	if (!(f.region = region_path(c)) && c->path_cap == 0 && c->col[COL_REGION] < 0)
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	f.unit = col(c, COL_UNIT, m->fixed_unit);
	f.scale = m->scale;
	f.qualifier = col(c, COL_QUALIFIER, NULL);
	f.status = col(c, COL_STATUS, NULL);
	f.source = col(c, COL_SOURCE, m->fixed_source);
	f.vintage = col(c, COL_VINTAGE, NULL);
	f.note = col(c, COL_NOTE, NULL);
	if (!m->wide) {
		f.period = col(c, COL_PERIOD, m->fixed_period);
		f.value_text = col(c, COL_VALUE, NULL);
		if (!f.value_text || is_missing(c, f.value_text)) {
			ld->stats->missing++;
			return 0;
		}
		return ts_put_fact(ld, &f);
	}
	for (size_t i = 0; i < c->ncols && !ts_load_stop(ld, rc); i++) {
		if (!c->is_period[i])
			continue;
		const char *v = trim(field(c, i));
		if (is_missing(c, v)) {
			ld->stats->missing++;
			continue;
		}
		f.period = c->pername[i];
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

/* The separator of the first line that has one: title lines above the
 * header (数据库：分省年度数据) have none. Looked for before any line is
 * read (a peek may move the buffer a line points into). */
static char detect_ahead(struct input *in)
{
	const char *p, *end, *first = NULL;
	size_t n, first_len = 0;
	if (ts_in_peek(in, 4096, &p, &n))
		return ',';
	for (end = p + n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!first)
			first = p, first_len = k;
		if (memchr(p, ',', k) || memchr(p, ';', k) || memchr(p, '\t', k))
			return detect(p, k);
		if (!nl)
			break;
		p = nl + 1;
	}
	return first ? detect(first, first_len) : ',';
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
	{
		char enc[sizeof ld->stats->encoding];
		tsdb_error e = {0};
		if (ts_in_encoding(in, c.map->encoding, ld->txn->db->path, enc, sizeof enc, &e)) {
			if (ts_store_failure(e.code)) {
				*ld->first = e;
				ld->stop = 1;
				return e.code;
			}
			ld->line = e.line;
			e.line = 0;
			return ts_load_report(ld, &e);
		}
		if (*enc)
			memcpy(ld->stats->encoding, enc, sizeof enc);
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	csv_set_space_func(&p, only_space);
	if (marks(&c)) {
		csv_free(&p);
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	}
	if (!sep)
		sep = c.map->sep ? c.map->sep : detect_ahead(in);
	while ((r = ts_in_line(in, &line, &n)) > 0) {
		c.line++;
		if (c.line == 1) {
			if (memchr(line, 0, n)) {
				ld->line = 1;
				rc = ts_load_fail(ld, NULL, TSDB_EDATA, "contains a NUL byte: not a text file (UTF-16 "
				                  "without a byte-order mark? give --encoding UTF-16LE)");
				break;
			}
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
		else if (!c.header_done && !c.rc)
			rc = no_header(&c);
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
	free(c.pername);
	free(c.first);
	free(c.first_off);
	free(c.prev[0]);
	free(c.prev[1]);
	free(c.path);
	free(c.na_buf);
	if (c.na != (const char **)default_na)
		free(c.na);
	return rc;
}
