/* mkhistory: builds the table of China's divisions through time (TSV, or C source embedding it) from data/regions-history. */

/*
 * Usage: mkhistory [-c] [-o FILE] HISTORY_CSV
 *
 * Input: the Ministry of Civil Affairs code lists since 1981 (data/regions-history/result.csv,
 * its README says what each column means): one row per code–name pair with its years
 * [start, end) and where its area went.
 *
 * Rows are joined into units. Rows of one code whose years follow on from each other are one
 * unit under successive names (襄樊市 → 襄阳市, 420600). A unit abolished into exactly one
 * new code that comes into use that same year, at the same level, and that no other unit
 * flows into, is the same area under a new code (密云县 110228 → 密云区 110118), so the two
 * are one unit too. Every other ending — a merger into an existing unit, a split, a code
 * given up — ends the unit.
 *
 * Output: one unit per line, eight tab-separated fields, LF-terminated, no header:
 *   code  level  parent  from  to  name  aliases  successors
 * - code: the unit's six-digit code today (a unit still in use) or its last code; a code
 *   that named several units over time is written CODE:FROM (132201:1986).
 * - level: province, prefecture or county. parent: the code of the unit it belonged to last
 *   (a six-digit province code, or a unit code), empty for a province.
 * - from, to: its first year and the year it ended (empty while in use). A unit exists for
 *   the years from..to inclusive: the lists are as of 31 December and a unit ended in year
 *   `to` still existed for part of it.
 * - name: its last name. aliases: every earlier name and code as TEXT@FROM-TO ('|'-separated).
 * - successors: for an ended unit, the units its area went to ('|'-separated codes): the
 *   row's new codes, or for a prefecture whose row names none, the prefectures of the units
 *   its counties went to; for a unit in use, empty.
 * Lines are ordered by level (province, prefecture, county) and then by code.
 */

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NCOL = 9, MAXSUCC = 32, FIRST_YEAR = 1981 /* of the lists */ };
enum level { PROVINCE, PREFECTURE, COUNTY };
static const char *const level_names[] = {"province", "prefecture", "county"};

struct row {
	int code, from, to; /* to: 0 while in use */
	enum level level;
	char *name, *parent_name, *succ;
	int unit;
};

struct unit {
	int root;          /* union-find parent */
	int first, last;   /* rows, in year order, joined through `next` */
	int from, to;      /* to: 0 while in use */
	int npred;         /* units whose sole successor this unit is (recode candidates) */
	char code[16];
};

struct build {
	struct row *rows;
	int nrows, cap;
	struct unit *units;
	int nunits;
	int *next; /* next row of the same unit, -1 at the end */
	const char *path;
	long line;
	char *fields[NCOL];
	int nfields, header_seen, failed;
};

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("mkhistory: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n)))
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		die("out of memory");
	return d;
}

static int year(struct build *b, const char *s, int empty_ok)
{
	char *end;
	long y = strtol(s, &end, 10);
	if (!*s && empty_ok)
		return 0;
	if (*end || y < 1949 || y > 2100)
		die("%s:%ld: \"%s\" is not a year", b->path, b->line, s);
	return (int)y;
}

static void add_row(struct build *b)
{
	static const char *const levels[] = {"省级", "地级", "县级"};
	char **f = b->fields;
	struct row r = {0};
	char *end;
	long code = strtol(f[0], &end, 10);
	if (strlen(f[0]) != 6 || *end)
		die("%s:%ld: code \"%s\" is not six digits", b->path, b->line, f[0]);
	r.code = (int)code;
	r.level = COUNTY + 1;
	for (int i = 0; i < 3; i++)
		if (!strcmp(f[4], levels[i]))
			r.level = (enum level)i;
	if (r.level > COUNTY)
		die("%s:%ld: unknown level \"%s\"", b->path, b->line, f[4]);
	r.from = year(b, f[6], 0);
	r.to = year(b, f[7], 1);
	if (!strcmp(f[5], "在用") != !r.to)
		die("%s:%ld: status \"%s\" and end year \"%s\" disagree", b->path, b->line, f[5], f[7]);
	if (r.to && r.to <= r.from)
		die("%s:%ld: ends (%d) before it starts (%d)", b->path, b->line, r.to, r.from);
	r.name = xstrdup(f[3]);
	r.parent_name = xstrdup(f[2]);
	r.succ = xstrdup(f[8]);
	if (b->nrows == b->cap)
		b->rows = xrealloc(b->rows, sizeof *b->rows * (size_t)(b->cap = b->cap ? 2 * b->cap : 8192));
	b->rows[b->nrows++] = r;
}

static void on_field(void *s, size_t len, void *data)
{
	struct build *b = data;
	const char *p = s;
	if (b->nfields == 0 && b->line == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3, len -= 3; /* byte-order mark */
	if (b->nfields < NCOL) {
		b->fields[b->nfields] = xrealloc(b->fields[b->nfields], len + 1);
		memcpy(b->fields[b->nfields], p, len);
		b->fields[b->nfields][len] = 0;
	}
	b->nfields++;
}

static void on_row(int c, void *data)
{
	struct build *b = data;
	(void)c;
	if (b->nfields != NCOL)
		die("%s:%ld: %d fields, expected %d", b->path, b->line, b->nfields, NCOL);
	if (!b->header_seen) {
		if (strcmp(b->fields[0], "代码") || strcmp(b->fields[8], "新代码"))
			die("%s:%ld: not the expected header (代码 … 新代码)", b->path, b->line);
		b->header_seen = 1;
	} else
		add_row(b);
	b->nfields = 0;
	b->line++;
}

static void read_csv(struct build *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct csv_parser p;
	char buf[65536];
	size_t n;
	if (!f)
		die("%s: cannot open", path);
	b->path = path;
	b->line = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		die("out of memory");
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_row, b) != n)
			die("%s:%ld: %s", path, b->line, csv_strerror(csv_error(&p)));
	if (csv_fini(&p, on_field, on_row, b))
		die("%s:%ld: %s", path, b->line, csv_strerror(csv_error(&p)));
	csv_free(&p);
	fclose(f);
	for (int i = 0; i < NCOL; i++)
		free(b->fields[i]);
	if (!b->header_seen || !b->nrows)
		die("%s: no rows", path);
}

static int by_code_year(const void *x, const void *y)
{
	const struct row *a = x, *c = y;
	return a->code != c->code ? (a->code > c->code) - (a->code < c->code)
	                          : (a->from > c->from) - (a->from < c->from);
}

static int root(struct build *b, int u)
{
	while (b->units[u].root != u)
		u = b->units[u].root = b->units[b->units[u].root].root;
	return u;
}

/* The unit that held code in year y, or -1. */
static int unit_at(struct build *b, int code, int y)
{
	int lo = 0, hi = b->nrows;
	while (lo < hi) { /* first row of the code */
		int mid = (lo + hi) / 2;
		if (b->rows[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < b->nrows && b->rows[i].code == code; i++)
		if (b->rows[i].from <= y && (!b->rows[i].to || y < b->rows[i].to))
			return b->rows[i].unit;
	return -1;
}

/* The codes a row's area went to at its end (annotations for other years are partial
 * transfers made earlier, not successors). Returns how many. */
static int successors(const struct row *r, int *out)
{
	int n = 0;
	for (const char *p = r->succ; *p && n < MAXSUCC;) {
		char *end;
		long c = strtol(p, &end, 10);
		int y = r->to;
		if (*end == '[')
			y = (int)strtol(end + 1, &end, 10), end += *end == ']';
		if (y == r->to)
			out[n++] = (int)c;
		p = *end == ';' ? end + 1 : end;
		if (end == p && *p != ';' && *p)
			break;
	}
	return n;
}

/* Joins rows into units: contiguous rows of a code, then recodes of the same area. */
static void join(struct build *b)
{
	qsort(b->rows, (size_t)b->nrows, sizeof *b->rows, by_code_year);
	b->next = xrealloc(NULL, sizeof *b->next * (size_t)b->nrows);
	b->units = xrealloc(NULL, sizeof *b->units * (size_t)b->nrows);
	for (int i = 0; i < b->nrows; i++) {
		struct row *r = &b->rows[i];
		b->next[i] = -1;
		if (i && r[-1].code == r->code && r[-1].to == r->from) {
			struct unit *u = &b->units[r[-1].unit];
			r->unit = r[-1].unit;
			b->next[u->last] = i;
			u->last = i;
			u->to = r->to;
			continue;
		}
		r->unit = b->nunits;
		b->units[b->nunits] = (struct unit){r->unit, i, i, r->from, r->to, 0, ""};
		b->nunits++;
	}
	/* a recode: the sole successor starts in the year the unit ended */
	int *target = xrealloc(NULL, sizeof *target * (size_t)b->nunits);
	for (int u = 0; u < b->nunits; u++) {
		const struct row *last = &b->rows[b->units[u].last];
		int s[MAXSUCC], v;
		target[u] = -1;
		if (last->to && successors(last, s) == 1 && (v = unit_at(b, s[0], last->to)) >= 0 &&
		    b->units[v].from == last->to && b->rows[b->units[v].first].level == last->level) {
			target[u] = v;
			b->units[v].npred++;
		}
	}
	for (int u = 0; u < b->nunits; u++)
		if (target[u] >= 0 && b->units[target[u]].npred == 1)
			b->units[root(b, u)].root = root(b, target[u]);
	free(target);
}

/* The last row (in years) of the rows of a merged unit, and its first year. */
static void span(struct build *b, int u, int *last, int *from)
{
	*last = -1;
	*from = 9999;
	for (int v = 0; v < b->nunits; v++) {
		if (root(b, v) != u)
			continue;
		const struct unit *x = &b->units[v];
		if (*last < 0 || !b->rows[x->last].to ||
		    (b->rows[*last].to && b->rows[x->last].to > b->rows[*last].to))
			*last = x->last;
		if (x->from < *from)
			*from = x->from;
	}
}

struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
		va_end(ap);
		if (k < 0)
			die("output error");
		if (o->n + (size_t)k < o->cap) {
			o->n += (size_t)k;
			return;
		}
		o->p = xrealloc(o->p, o->cap = 2 * o->cap + (size_t)k + 4096);
	}
}

/* The code a unit is written under. */
static const char *unit_code(struct build *b, int u)
{
	struct unit *x = &b->units[u];
	if (!*x->code) {
		int last, from, shared = 0;
		span(b, u, &last, &from);
		int code = b->rows[last].code;
		for (int i = 0; i < b->nrows; i++)
			shared |= b->rows[i].code == code && root(b, b->rows[i].unit) != u;
		if (shared && b->rows[last].to)
			snprintf(x->code, sizeof x->code, "%06d:%d", code, from);
		else
			snprintf(x->code, sizeof x->code, "%06d", code);
	}
	return x->code;
}

/* The parent of unit u when it began: the prefecture holding the first four digits of its
 * first code then, or the province. */
static void parent(struct build *b, int u, int from, int code, enum level level, struct out *o)
{
	if (level == PROVINCE)
		return;
	if (level == COUNTY) {
		int p = unit_at(b, code / 100 * 100, from);
		if (p >= 0 && b->rows[b->units[p].first].level == PREFECTURE) {
			put(o, "%s", unit_code(b, root(b, p)));
			return;
		}
	}
	(void)u;
	put(o, "%06d", code / 10000 * 10000);
}

static void emit_unit(struct build *b, int u, struct out *o)
{
	int last, from, first_code = 0, s[MAXSUCC], ns;
	span(b, u, &last, &from);
	const struct row *lr = &b->rows[last];
	const char *sep = "";
	for (int v = 0; v < b->nunits; v++)
		if (root(b, v) == u && b->units[v].from == from)
			first_code = b->rows[b->units[v].first].code;
	put(o, "%s\t%s\t", unit_code(b, u), level_names[lr->level]);
	/* the parent it had last: where it was when it ended, or is today */
	(void)first_code;
	parent(b, u, lr->from, lr->code, lr->level, o);
	put(o, "\t%d\t", from);
	if (lr->to)
		put(o, "%d", lr->to);
	put(o, "\t%s\t", lr->name);
	/* earlier names and codes, with their years */
	for (int v = 0; v < b->nunits; v++) {
		if (root(b, v) != u)
			continue;
		for (int i = b->units[v].first; i >= 0; i = b->next[i]) {
			const struct row *r = &b->rows[i];
			char to[8] = "";
			if (r->to)
				snprintf(to, sizeof to, "%d", r->to);
			if (strcmp(r->name, lr->name))
				put(o, "%s%s@%d-%s", sep, r->name, r->from, to), sep = "|";
			/* a code it no longer has, or its code when that alone would not name it */
			if (r->code != lr->code || strchr(unit_code(b, u), ':'))
				put(o, "%s%06d@%d-%s", sep, r->code, r->from, to), sep = "|";
		}
	}
	if (!lr->to) {
		/* a unit in use: since when its name and code are its own */
		int name_from = lr->from, code_from = lr->from;
		for (int v = 0; v < b->nunits; v++)
			for (int i = root(b, v) == u ? b->units[v].first : -1; i >= 0; i = b->next[i]) {
				const struct row *r = &b->rows[i];
				if (!strcmp(r->name, lr->name) && r->from < name_from && r->to >= name_from)
					name_from = r->from;
				if (r->code == lr->code && r->from < code_from && r->to >= code_from)
					code_from = r->from;
			}
		/* the lists begin in 1981: a name held since then is simply the unit's */
		if (name_from > FIRST_YEAR)
			put(o, "%s%s@%d-", sep, lr->name, name_from), sep = "|";
		if (code_from > FIRST_YEAR)
			put(o, "%s%06d@%d-", sep, lr->code, code_from);
	}
	put(o, "\t");
	if (!lr->to)
		goto done;
	sep = "";
	ns = successors(lr, s);
	if (ns == 0 && lr->level == PREFECTURE) {
		/* the prefectures its counties went to */
		for (int i = 0; i < b->nrows; i++) {
			const struct row *r = &b->rows[i];
			int cs[MAXSUCC], nc;
			if (r->code / 100 != lr->code / 100 || r->to != lr->to || r->level != COUNTY)
				continue;
			nc = successors(r, cs);
			for (int k = 0; k < nc && ns < MAXSUCC; k++) {
				int p = cs[k] / 100 * 100, dup = 0;
				for (int j = 0; j < ns; j++)
					dup |= s[j] == p;
				if (!dup && unit_at(b, p, lr->to) >= 0)
					s[ns++] = p;
			}
		}
	}
	for (int k = 0; k < ns; k++) {
		int v = unit_at(b, s[k], lr->to);
		if (v < 0)
			die("%06d %s: successor %06d is not in use in %d", lr->code, lr->name, s[k], lr->to);
		put(o, "%s%s", sep, unit_code(b, root(b, v)));
		sep = "|";
	}
done:
	put(o, "\n");
}

static int by_line(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *c = *(const char *const *)y;
	const char *la = strchr(a, '\t') + 1, *lc = strchr(c, '\t') + 1;
	int ra = *la == 'p' && la[1] == 'r' ? la[2] == 'o' ? 0 : 1 : 2;
	int rc = *lc == 'p' && lc[1] == 'r' ? lc[2] == 'o' ? 0 : 1 : 2;
	return ra != rc ? ra - rc : strcmp(a, c);
}

int main(int argc, char **argv)
{
	struct build b = {0};
	struct out o = {0}, lines = {0};
	const char *out = NULL;
	int c_source = 0, i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-c"))
			c_source = 1;
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else
			die("usage: mkhistory [-c] [-o FILE] HISTORY_CSV");
	}
	if (i + 1 != argc)
		die("usage: mkhistory [-c] [-o FILE] HISTORY_CSV");
	read_csv(&b, argv[i]);
	join(&b);
	for (int u = 0; u < b.nunits; u++)
		if (root(&b, u) == u)
			emit_unit(&b, u, &lines);
	/* sort the lines: parents before children */
	int n = 0;
	for (size_t k = 0; k < lines.n; k++)
		n += lines.p[k] == '\n';
	char **v = xrealloc(NULL, sizeof *v * (size_t)n);
	n = 0;
	for (char *p = lines.p, *e = lines.p + lines.n; p < e; p = strchr(p, '\n') + 1)
		v[n++] = p;
	for (int k = 0; k < n; k++)
		*strchr(v[k], '\n') = 0;
	qsort(v, (size_t)n, sizeof *v, by_line);
	if (c_source)
		put(&o, "/* generated by gen/mkhistory from data/regions-history: do not edit */\n"
		        "const char ts_history_tsv[] =\n");
	for (int k = 0; k < n; k++) {
		if (!c_source) {
			put(&o, "%s\n", v[k]);
			continue;
		}
		put(&o, "\t\"");
		for (const unsigned char *p = (const unsigned char *)v[k]; *p; p++)
			put(&o, *p == '\t' ? "\\t" : *p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
		put(&o, "\\n\"\n");
	}
	if (c_source)
		put(&o, "\t;\nconst unsigned long ts_history_tsv_len = sizeof ts_history_tsv - 1;\n");
	FILE *f = out ? fopen(out, "wb") : stdout;
	if (!f || fwrite(o.p, 1, o.n, f) != o.n || (out && fclose(f)))
		die("%s: cannot write", out ? out : "standard output");
	for (int r = 0; r < b.nrows; r++) {
		free(b.rows[r].name);
		free(b.rows[r].parent_name);
		free(b.rows[r].succ);
	}
	free(b.rows);
	free(b.units);
	free(b.next);
	free(v);
	free(lines.p);
	free(o.p);
	return 0;
}
