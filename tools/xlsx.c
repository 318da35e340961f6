/* xlsx.c — spreadsheet workbooks through libxlsxwriter (see xlsx.h). */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

#include "xlsx.h"

/* The library is loaded with dlopen: tsq is a static program, Debian ships
 * libxlsxwriter as a shared object only, and a query that writes no
 * workbook should not pay for loading it (and zlib, minizip and OpenSSL).
 * The entry points are looked up by name and called through this table,
 * typed from the library's own header. */
struct api {
	__typeof__(workbook_new_opt) *workbook_new_opt;
	__typeof__(workbook_add_worksheet) *workbook_add_worksheet;
	__typeof__(workbook_add_format) *workbook_add_format;
	__typeof__(workbook_close) *workbook_close;
	__typeof__(worksheet_write_string) *write_string;
	__typeof__(worksheet_write_number) *write_number;
	__typeof__(worksheet_write_datetime) *write_datetime;
	__typeof__(worksheet_write_url_opt) *write_url_opt;
	__typeof__(worksheet_freeze_panes) *freeze_panes;
	__typeof__(worksheet_autofilter) *autofilter;
	__typeof__(worksheet_set_column) *set_column;
	__typeof__(format_set_num_format) *set_num_format;
	__typeof__(format_set_bold) *set_bold;
	__typeof__(format_set_text_wrap) *set_text_wrap;
	__typeof__(format_set_align) *set_align;
	__typeof__(lxw_strerror) *strerror;
};

#define SONAME "libxlsxwriter.so.4"
#define MAX_FORMATS 512 /* qualifiers × decimals × footnotes in one table */
#define MAX_URLS 65530 /* hyperlinks Excel allows in one sheet */
#define MAX_WIDTH 60   /* columns wider than this wrap their text */

struct format {
	double factor;
	int decimals;
	char prefix[16], suffix[16];
	lxw_format *f;
};

struct xlsx_sheet {
	struct xlsx *wb;
	lxw_worksheet *ws;
	char name[LXW_SHEETNAME_MAX * 4 + 1];
	char *base;             /* the name asked for, for further parts */
	char **heads;           /* a table's header (owned), or NULL */
	int ncols;
	int *width;             /* widest cell of each column, in characters */
	uint32_t row;           /* the next row to write */
	uint32_t table_end;     /* the row after the table (footnotes follow), or 0 */
	size_t links;           /* hyperlinks written */
	size_t part;            /* 1 for the first part of a table */
	struct xlsx_sheet *cur; /* the part being written (the first part's) */
};

struct xlsx {
	void *dl;
	struct api f;
	lxw_workbook *wb;
	lxw_format *bold, *date, *wrap;
	struct format fmt[MAX_FORMATS];
	int nfmt;
	struct xlsx_sheet **sheets;
	size_t nsheets;
	size_t cut;   /* text cells cut to fit */
	int failed;   /* a write failed: the workbook will not be kept */
	uint32_t rows; /* rows a sheet holds: XLSX_ROWS, fewer for tests */
	char why[200];
	char *buf;    /* a text cell made valid */
	size_t bufcap;
};

static int load(struct api *f, void **dl, char *err, size_t errsize)
{
	*dl = dlopen(SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!*dl) {
		snprintf(err, errsize, "--format xlsx needs libxlsxwriter (Debian: libxlsxwriter4): %s", dlerror());
		return -1;
	}
	struct {
		void **slot;
		const char *name;
	} sym[] = {
		{(void **)&f->workbook_new_opt, "workbook_new_opt"},
		{(void **)&f->workbook_add_worksheet, "workbook_add_worksheet"},
		{(void **)&f->workbook_add_format, "workbook_add_format"},
		{(void **)&f->workbook_close, "workbook_close"},
		{(void **)&f->write_string, "worksheet_write_string"},
		{(void **)&f->write_number, "worksheet_write_number"},
		{(void **)&f->write_datetime, "worksheet_write_datetime"},
		{(void **)&f->write_url_opt, "worksheet_write_url_opt"},
		{(void **)&f->freeze_panes, "worksheet_freeze_panes"},
		{(void **)&f->autofilter, "worksheet_autofilter"},
		{(void **)&f->set_column, "worksheet_set_column"},
		{(void **)&f->set_num_format, "format_set_num_format"},
		{(void **)&f->set_bold, "format_set_bold"},
		{(void **)&f->set_text_wrap, "format_set_text_wrap"},
		{(void **)&f->set_align, "format_set_align"},
		{(void **)&f->strerror, "lxw_strerror"},
	};
	for (size_t i = 0; i < sizeof sym / sizeof *sym; i++)
		if (!(*sym[i].slot = dlsym(*dl, sym[i].name))) {
			snprintf(err, errsize, "%s has no %s (a libxlsxwriter 1.1 or later is needed)", SONAME,
			         sym[i].name);
			dlclose(*dl);
			*dl = NULL;
			return -1;
		}
	return 0;
}

static void free_sheet(struct xlsx_sheet *s)
{
	if (s->heads)
		for (int i = 0; i < s->ncols; i++)
			free(s->heads[i]);
	free(s->heads);
	free(s->width);
	free(s->base);
	free(s);
}

static void free_workbook(struct xlsx *wb)
{
	for (size_t i = 0; i < wb->nsheets; i++)
		free_sheet(wb->sheets[i]);
	free(wb->sheets);
	free(wb->buf);
	if (wb->dl)
		dlclose(wb->dl);
	free(wb);
}

int xlsx_open(const char *file, struct xlsx **out, char *err, size_t errsize)
{
	struct xlsx *wb = calloc(1, sizeof *wb);
	*out = NULL;
	if (!wb)
		goto nomem;
	/* the tests see a table go on in further sheets without a million rows */
	const char *rows = getenv("TSQ_XLSX_SHEET_ROWS");
	wb->rows = rows && atol(rows) >= 2 && atol(rows) < XLSX_ROWS ? (uint32_t)atol(rows) : XLSX_ROWS;
	if (load(&wb->f, &wb->dl, err, errsize))
		goto fail;
	lxw_workbook_options o = {.constant_memory = LXW_TRUE};
	if (!(wb->wb = wb->f.workbook_new_opt(file, &o)) || !(wb->bold = wb->f.workbook_add_format(wb->wb)) ||
	    !(wb->date = wb->f.workbook_add_format(wb->wb)) || !(wb->wrap = wb->f.workbook_add_format(wb->wb)))
		goto nomem;
	wb->f.set_bold(wb->bold);
	wb->f.set_num_format(wb->date, "yyyy-mm-dd");
	wb->f.set_text_wrap(wb->wrap);
	wb->f.set_align(wb->wrap, LXW_ALIGN_VERTICAL_TOP);
	*out = wb;
	return 0;
nomem:
	snprintf(err, errsize, "out of memory");
fail:
	xlsx_abandon(wb);
	return -1;
}

void xlsx_abandon(struct xlsx *wb)
{
	if (!wb)
		return;
	if (wb->wb)
		wb->f.workbook_close(wb->wb); /* frees it; the caller removes the file */
	free_workbook(wb);
}

static int failed(struct xlsx *wb, const char *what, lxw_error e)
{
	if (!wb->failed)
		snprintf(wb->why, sizeof wb->why, "%s: %s", what, wb->f.strerror(e));
	wb->failed = 1;
	return -1;
}

/* ---- names and text ---- */

/* Characters (UTF-16 units, as Excel counts) in one UTF-8 character. */
static int units(utf8proc_int32_t c)
{
	return c > 0xFFFF ? 2 : 1;
}

/* Makes a sheet name valid: the characters Excel forbids become "_", no
 * leading or trailing apostrophe, at most 31 characters (fewer if room is
 * kept for a suffix), never "History" (which Excel keeps for itself). */
static void sheet_name(const char *in, int keep, char *out, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
	size_t o = 0;
	int n = 0, room = LXW_SHEETNAME_MAX - keep;
	while (*p && n < room && o + 5 < size) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
		if (k <= 0) {
			c = '_';
			k = 1;
		}
		if (c < 0x20 || strchr("[]:*?/\\", c) || c == 0xFFFD || units(c) + n > room)
			c = '_';
		if (c == '\'' && (o == 0 || !p[k]))
			c = '_';
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
		n += units(c);
		p += k;
	}
	if (o && out[o - 1] == '\'')
		out[o - 1] = '_';
	out[o] = 0;
	if (!o || strcasecmp(out, "history") == 0)
		snprintf(out + o, size - o, "%s", o ? "_" : "Sheet");
}

static int name_taken(const struct xlsx *wb, const char *name)
{
	for (size_t i = 0; i < wb->nsheets; i++)
		if (strcasecmp(wb->sheets[i]->name, name) == 0)
			return 1;
	return 0;
}

/* Is p "_xHHHH_"? Excel reads that as an escaped character (ECMA-376's
 * ST_Xstring), so a text holding it literally has its "_" escaped. */
static int escape_like(const utf8proc_uint8_t *p)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	if (p[0] != '_' || p[1] != 'x' || p[6] != '_')
		return 0;
	for (int i = 2; i < 6; i++)
		if (!p[i] || !strchr(hex, p[i]))
			return 0;
	return 1;
}

/* Makes text fit a cell: invalid UTF-8 replaced, "_xHHHH_" kept literal, cut (with "…") beyond
 * XLSX_TEXT_MAX. Sets *width to the widest line in characters (CJK counts
 * two) and *lines when it has several. Returns text or the workbook's
 * buffer; NULL when out of memory. */
static const char *cell_text(struct xlsx *wb, const char *text, int *width, int *lines)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	size_t n = 0, len = strlen(text);
	int w = 0, line = 0, clean = 1;
	*lines = 0;
	/* a first pass: most cells are valid and short, and are written as they are */
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = *p < 0x80 ? (c = *p, 1) : utf8proc_iterate(p, -1, &c);
		if (k <= 0) {
			clean = 0;
			k = 1;
			c = 0xFFFD;
		} else if (c == '_' && escape_like(p))
			clean = 0;
		if (c == '\n') {
			*lines = 1;
			line = 0;
		} else
			line += c < 0x80 ? 1 : utf8proc_charwidth(c) > 1 ? 2 : 1;
		w = line > w ? line : w;
		n += (size_t)units(c);
		p += k;
	}
	*width = w;
	if (clean && n <= XLSX_TEXT_MAX)
		return text;
	if (wb->bufcap < 3 * len + 4) {
		char *b = realloc(wb->buf, 3 * len + 4);
		if (!b)
			return NULL;
		wb->buf = b;
		wb->bufcap = 3 * len + 4;
	}
	size_t o = 0;
	n = 0;
	for (p = (const utf8proc_uint8_t *)text; *p;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
		int esc = 0;
		if (k <= 0) {
			k = 1;
			c = 0xFFFD;
		} else if (c == '_' && escape_like(p))
			esc = 6; /* "_" written "_x005F_": counted as written */
		if (n + (size_t)units(c) + (size_t)esc > XLSX_TEXT_MAX - 1 && p[k]) {
			/* more than fits: the last character becomes an ellipsis */
			c = 0x2026;
			wb->cut++;
			o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)wb->buf + o);
			break;
		}
		if (esc) {
			memcpy(wb->buf + o, "_x005F", 6);
			o += 6;
		}
		o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)wb->buf + o);
		n += (size_t)units(c) + (size_t)esc;
		p += k;
	}
	wb->buf[o] = 0;
	return wb->buf;
}

/* ---- sheets ---- */

static struct xlsx_sheet *new_part(struct xlsx *wb, const char *base, char *const *heads, int ncols,
                                   size_t part)
{
	struct xlsx_sheet *s = calloc(1, sizeof *s), **more;
	char suffix[48] = "";
	if (!s || !(s->base = strdup(base)) || !(s->width = calloc((size_t)ncols + 1, sizeof *s->width)))
		goto nomem;
	s->wb = wb;
	s->ncols = ncols;
	s->part = part;
	s->cur = s;
	if (part > 1)
		snprintf(suffix, sizeof suffix, " (%zu)", part);
	sheet_name(base, (int)strlen(suffix), s->name, sizeof s->name);
	strcat(s->name, suffix);
	for (int k = 2; name_taken(wb, s->name); k++) {
		/* two sheets of one name (after cutting): a number tells them apart */
		if (part > 1)
			snprintf(suffix, sizeof suffix, "~%d (%zu)", k, part);
		else
			snprintf(suffix, sizeof suffix, "~%d", k);
		sheet_name(base, (int)strlen(suffix), s->name, sizeof s->name);
		strcat(s->name, suffix);
	}
	if (!(more = realloc(wb->sheets, (wb->nsheets + 1) * sizeof *more)))
		goto nomem;
	wb->sheets = more;
	if (!(s->ws = wb->f.workbook_add_worksheet(wb->wb, s->name)))
		goto nomem;
	wb->sheets[wb->nsheets++] = s;
	if (heads) {
		if (!(s->heads = calloc((size_t)ncols, sizeof *s->heads)))
			goto nomem_listed;
		for (int c = 0; c < ncols; c++) {
			int w, lines;
			const char *t = cell_text(wb, heads[c], &w, &lines);
			if (!t || !(s->heads[c] = strdup(t)))
				goto nomem_listed;
			s->width[c] = w + 2; /* room for the filter button */
			lxw_error e = wb->f.write_string(s->ws, 0, (lxw_col_t)c, s->heads[c], wb->bold);
			if (e)
				return failed(wb, "header", e), s;
		}
		wb->f.freeze_panes(s->ws, 1, 0);
		s->row = 1;
	}
	return s;
nomem:
	if (s)
		free_sheet(s);
	return NULL;
nomem_listed:
	return NULL; /* s is freed with the workbook */
}

struct xlsx_sheet *xlsx_sheet_add(struct xlsx *wb, const char *name, const char *const *heads, int ncols)
{
	return new_part(wb, name, (char *const *)heads, ncols > 0 ? ncols : 1, 1);
}

size_t xlsx_sheet_parts(const struct xlsx_sheet *s, const char **last)
{
	if (last)
		*last = s->cur->name;
	return s->cur->part - 1;
}

int xlsx_number_format(struct xlsx *wb, double factor, int decimals, const char *prefix, const char *suffix)
{
	char body[64], code[2 * (40 + 64 + 40) + 8], pre[40] = "", suf[40] = "";
	int k = 0;
	if (!prefix)
		prefix = "";
	if (!suffix)
		suffix = "";
	for (int i = 0; i < wb->nfmt; i++)
		if (wb->fmt[i].factor == factor && wb->fmt[i].decimals == decimals &&
		    strcmp(wb->fmt[i].prefix, prefix) == 0 && strcmp(wb->fmt[i].suffix, suffix) == 0)
			return i + 1;
	while (k < 15 && pow(10, k) < factor)
		k++;
	if (wb->nfmt == MAX_FORMATS || pow(10, k) != factor || strlen(prefix) >= sizeof wb->fmt->prefix ||
	    strlen(suffix) >= sizeof wb->fmt->suffix || strchr(prefix, '"') || strchr(suffix, '"') ||
	    (decimals < 0 && k) || decimals > 15)
		return -1;
	if (decimals < 0)
		snprintf(body, sizeof body, "General");
	else if (k % 3 == 0)
		/* trailing commas divide the shown value by a thousand each */
		snprintf(body, sizeof body, "#,##0%s%.*s%.*s", decimals ? "." : "", decimals,
		         "000000000000000", k / 3, ",,,,,");
	else {
		/* 万 and 亿 are not powers of a thousand, the only division a format
		 * can do: the value is divided by the power of a thousand that leaves
		 * at least the decimals asked for, and a literal point is put that
		 * many digits from its end (2629.30 for 262930000000 in 亿, 0.92763001
		 * for 92763001) */
		int d = decimals > k ? k : decimals + (k - decimals) % 3;
		snprintf(body, sizeof body, "0\\.%.*s%.*s", d, "000000000000000", (k - d) / 3, ",,,,,");
	}
	if (*prefix)
		snprintf(pre, sizeof pre, "\"%s\"", prefix);
	if (*suffix)
		snprintf(suf, sizeof suf, "\"%s\"", suffix);
	if (*pre || *suf || decimals < 0)
		snprintf(code, sizeof code, "%s%s%s;%s-%s%s", pre, body, suf, pre, body, suf);
	else
		snprintf(code, sizeof code, "%s", body);
	if (strcmp(code, "General;-General") == 0)
		return 0;
	lxw_format *f = wb->f.workbook_add_format(wb->wb);
	if (!f)
		return -1;
	wb->f.set_num_format(f, code);
	struct format *m = &wb->fmt[wb->nfmt++];
	m->factor = factor;
	m->decimals = decimals;
	snprintf(m->prefix, sizeof m->prefix, "%s", prefix);
	snprintf(m->suffix, sizeof m->suffix, "%s", suffix);
	m->f = f;
	return wb->nfmt;
}

int xlsx_scaled_decimals(double v)
{
	char t[40];
	snprintf(t, sizeof t, "%.12g", v);
	const char *dot = strchr(t, '.'), *e = strchr(t, 'e');
	int d = dot ? (int)((e ? (size_t)(e - dot) : strlen(dot)) - 1) : 0;
	if (e)
		d -= atoi(e + 1);
	return d < 0 ? 0 : d > 15 ? 15 : d;
}

static int web_address(const char *u)
{
	return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 || strncmp(u, "ftp://", 6) == 0 ||
	       strncmp(u, "mailto:", 7) == 0;
}

/* "'Data (2)'!A12": a row's first cell, its sheet quoted (quotes doubled). */
static void cell_address(const struct xlsx_ref *r, char *buf, size_t size)
{
	size_t o = 0;
	buf[o++] = '\'';
	for (const char *p = r->sheet->name; *p && o + 3 < size; p++) {
		if (*p == '\'')
			buf[o++] = '\'';
		buf[o++] = *p;
	}
	snprintf(buf + o, size - o, "'!A%lu", (unsigned long)r->row + 1);
}

static int write_cell(struct xlsx_sheet *s, lxw_row_t row, int c, const struct xlsx_cell *cell)
{
	struct xlsx *wb = s->wb;
	lxw_col_t col = (lxw_col_t)c;
	lxw_error e = LXW_NO_ERROR;
	int w = 0, lines = 0;
	const char *t;
	char target[LXW_SHEETNAME_MAX * 4 + 40];
	switch (cell->type) {
	case XLSX_EMPTY:
		return 0;
	case XLSX_NUMBER:
		if (!isfinite(cell->number))
			goto as_text;
		e = wb->f.write_number(s->ws, row, col, cell->number,
		                       cell->fmt > 0 && cell->fmt <= wb->nfmt ? wb->fmt[cell->fmt - 1].f : NULL);
		w = 12;
		break;
	case XLSX_DATE: {
		if (!cell->date)
			return 0;
		lxw_datetime d = {(int)(cell->date / 10000), (int)(cell->date / 100 % 100), (int)(cell->date % 100),
		                  0, 0, 0};
		e = wb->f.write_datetime(s->ws, row, col, &d, wb->date);
		w = 10;
		break;
	}
	case XLSX_URL:
	case XLSX_LINK:
		if (!(t = cell_text(wb, cell->text ? cell->text : "", &w, &lines)))
			goto nomem;
		if (cell->type == XLSX_LINK && cell->link.sheet) {
			if (s->links >= MAX_URLS) {
				/* past Excel's hyperlinks per sheet: the address as text */
				cell_address(&cell->link, target, sizeof target);
				t = target;
				w = (int)strlen(t);
				goto write_text;
			}
			snprintf(target, sizeof target, "internal:");
			cell_address(&cell->link, target + 9, sizeof target - 9);
			e = wb->f.write_url_opt(s->ws, row, col, target, NULL, t, NULL);
		} else if (cell->type == XLSX_URL && cell->url && web_address(cell->url) && s->links < MAX_URLS) {
			e = wb->f.write_url_opt(s->ws, row, col, cell->url, NULL, t, NULL);
		} else
			goto write_text;
		if (e == LXW_NO_ERROR) {
			s->links++;
			break;
		}
		/* an address the library refuses (too long, not one): plain text */
		goto write_text;
	case XLSX_TEXT:
	case XLSX_PERIOD:
	default:
		if (!(t = cell_text(wb, cell->text ? cell->text : "", &w, &lines)))
			goto nomem;
	write_text:
		e = wb->f.write_string(s->ws, row, col, t, lines || w > MAX_WIDTH ? wb->wrap : NULL);
		break;
	as_text:
		t = isnan(cell->number) ? "NaN" : cell->number > 0 ? "Infinity" : "-Infinity";
		w = 9;
		e = wb->f.write_string(s->ws, row, col, t, NULL);
		break;
	}
	if (e)
		return failed(wb, "writing a cell", e);
	if (c < s->ncols && w > s->width[c])
		s->width[c] = w;
	return 0;
nomem:
	return failed(wb, "writing a cell", LXW_ERROR_MEMORY_MALLOC_FAILED);
}

int xlsx_row(struct xlsx_sheet *first, const struct xlsx_cell *cells, int n, struct xlsx_ref *at)
{
	struct xlsx_sheet *s = first->cur;
	if (s->wb->failed)
		return -1;
	if (s->row >= s->wb->rows) {
		/* Excel's last row: the table goes on in a further sheet */
		struct xlsx_sheet *next = new_part(s->wb, first->base, first->heads, first->ncols, s->part + 1);
		if (!next)
			return failed(s->wb, "adding a sheet", LXW_ERROR_MEMORY_MALLOC_FAILED);
		first->cur = s = next;
		if (s->wb->failed)
			return -1;
	}
	for (int c = 0; c < n; c++)
		if (write_cell(s, s->row, c, &cells[c]))
			return -1;
	if (at) {
		at->sheet = s;
		at->row = s->row;
	}
	s->row++;
	return 0;
}

void xlsx_table_end(struct xlsx_sheet *first)
{
	struct xlsx_sheet *s = first->cur;
	lxw_error e;
	if (s->table_end || !s->heads)
		return;
	/* now, while the table's last row is the one being written: a streamed
	 * sheet refuses ranges over rows it has passed */
	s->table_end = s->row;
	if ((e = s->wb->f.autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 1, (lxw_col_t)(s->ncols - 1))))
		failed(s->wb, "autofilter", e);
}

int xlsx_skip(struct xlsx_sheet *first)
{
	return xlsx_row(first, NULL, 0, NULL);
}

int xlsx_finish(struct xlsx *wb, size_t *cut, char *err, size_t errsize)
{
	lxw_error e;
	int rc = -1;
	if (cut)
		*cut = wb->cut;
	for (size_t i = 0; i < wb->nsheets && !wb->failed; i++) {
		struct xlsx_sheet *s = wb->sheets[i];
		for (int c = 0; c < s->ncols; c++) {
			/* widths as the widest cell shows, within reason; wider text wraps */
			int w = s->width[c] + 1;
			e = wb->f.set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w > MAX_WIDTH ? MAX_WIDTH : w < 6 ? 6 : w,
			                     NULL);
			if (e)
				failed(wb, "column widths", e);
		}
		if (s->heads && !s->table_end &&
		    (e = wb->f.autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 1, (lxw_col_t)(s->ncols - 1))))
			failed(wb, "autofilter", e);
	}
	e = wb->f.workbook_close(wb->wb);
	wb->wb = NULL;
	if (wb->failed)
		snprintf(err, errsize, "%s", wb->why);
	else if (e)
		snprintf(err, errsize, "%s", wb->f.strerror(e));
	else
		rc = 0;
	free_workbook(wb);
	return rc;
}
