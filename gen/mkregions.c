/* mkregions: builds the built-in region catalog (TSV, or C source embedding it) from iso-codes and NBS data. */

/*
 * Usage: mkregions [-c] [-o FILE] DATA_DIR [ISO_JSON_DIR [LOCALE_DIR]]
 *
 * Inputs (all read-only; nothing is fetched):
 *   ISO_JSON_DIR/iso_3166-1.json, iso_3166-2.json     countries and subdivisions (iso-codes)
 *   LOCALE_DIR/zh_CN/LC_MESSAGES/iso_3166-{1,2}.mo     their Chinese names (GNU gettext catalogs)
 *   DATA_DIR/provinces.csv, cities.csv, areas.csv     China's NBS statistical division codes
 *   DATA_DIR/aliases.tsv                              hand-maintained extra names
 *   DATA_DIR/english.tsv                              English display names of China's provinces
 *   DATA_DIR/groups.tsv                               built-in groups and their members
 *   DATA_DIR/pinyin.tsv                               pinyin names of NBS units (optional)
 *   OpenCC's s2t, s2tw and s2hk configurations        traditional forms of Chinese names
 *
 * Output: one region per line, eight tab-separated UTF-8 fields, LF-terminated, no header:
 *   code  parent  level  type  name  name_zh  aliases  members
 * `aliases` and a group's `members` (codes) are '|'-separated lists. Lines are ordered by level
 * (country, province, prefecture, county, group) and by code (byte order) within a level, but
 * China's provinces by their NBS code (北京 110000 first), so every parent precedes its
 * children and the catalog's order is the official one. With -c the same text is written as
 * a C file defining ts_regions_tsv and ts_regions_tsv_len.
 *
 * The whole catalog is built and checked in memory before anything is written, so on error
 * the output stays empty (or, with -o, FILE is not created).
 */

#include <csv.h>
#include <jansson.h>

#include "mkregions.h"

const char *const level_names[] = {"country", "province", "prefecture", "county", "group"};


/* Records the first error as "src:line: message"; returns -1 for `return fail(...)`. */
int fail(struct build *b, const char *src, long line, const char *fmt, ...)
{
	va_list ap;
	int k = 0;

	if (b->err.set)
		return -1;
	b->err.set = 1;
	if (src && line > 0)
		k = snprintf(b->err.text, sizeof b->err.text, "%s:%ld: ", src, line);
	else if (src && line < 0)
		k = snprintf(b->err.text, sizeof b->err.text, "%s: entry %ld: ", src, -line);
	else if (src)
		k = snprintf(b->err.text, sizeof b->err.text, "%s: ", src);
	if (k < 0 || (size_t)k >= sizeof b->err.text)
		k = 0;
	va_start(ap, fmt);
	vsnprintf(b->err.text + k, sizeof b->err.text - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

/* Returns n bytes from the pool, owned by it; NULL (with the error set) when out of memory. */
char *pool_alloc(struct build *b, size_t n)
{
	struct chunk *c = b->pool;

	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		c = malloc(sizeof *c + size);
		if (!c) {
			fail(b, NULL, 0, "out of memory");
			return NULL;
		}
		c->used = 0;
		c->size = size;
		c->next = b->pool;
		b->pool = c;
	}
	c->used += n;
	return c->data + c->used - n;
}

char *pool_strndup(struct build *b, const char *s, size_t n)
{
	char *p = pool_alloc(b, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *pool_strdup(struct build *b, const char *s)
{
	return pool_strndup(b, s, strlen(s));
}

/* Formats into the pool; NULL (with the error set) when out of memory. */
char *pool_printf(struct build *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail(b, NULL, 0, "cannot format \"%s\"", fmt);
		return NULL;
	}
	p = pool_alloc(b, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Reads a whole file into a malloc'd NUL-terminated buffer the caller frees. */
int read_file(struct build *b, const char *path, char **out, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, *p;
	size_t n = 0, cap = 0, got;

	if (!f)
		return fail(b, path, 0, "cannot open: %s", strerror(errno));
	do {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 262144;
			p = realloc(data, cap + 1);
			if (!p) {
				fail(b, path, 0, "out of memory");
				goto error;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fail(b, path, 0, "read error");
		goto error;
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	*size = n;
	return 0;
error:
	fclose(f);
	free(data);
	return -1;
}

/* Appends a region (strings must outlive the build: pool or static) and returns it, or NULL. */
struct region *add_region(struct build *b, const char *code, const char *parent, enum level level,
                                 const char *type, const char *name, const char *name_zh, const char *src,
                                 long line)
{
	struct region *r;

	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 1024;

		r = realloc(b->regions, cap * sizeof *r);
		if (!r) {
			fail(b, NULL, 0, "out of memory");
			return NULL;
		}
		b->regions = r;
		b->cap = cap;
	}
	r = &b->regions[b->n++];
	*r = (struct region){.code = code,
	                     .parent = parent,
	                     .type = type,
	                     .name = name ? name : "",
	                     .name_zh = name_zh ? name_zh : "",
	                     .level = level,
	                     .src = src,
	                     .line = line};
	return r;
}

/* Adds an alias unless empty or already present; s must outlive the build. */
int add_alias(struct build *b, struct region *r, const char *s)
{
	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < r->naliases; i++)
		if (strcmp(r->aliases[i], s) == 0)
			return 0;
	if (r->naliases == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 4;
		const char **v = realloc(r->aliases, cap * sizeof *v);

		if (!v)
			return fail(b, NULL, 0, "out of memory");
		r->aliases = v;
		r->cap = cap;
	}
	r->aliases[r->naliases++] = s;
	return 0;
}

/* Linear lookup, for the few lookups made before the catalog is complete. */
struct region *find_region_slow(struct build *b, const char *code)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->regions[i].code, code) == 0)
			return &b->regions[i];
	return NULL;
}

static int cmp_code(const void *x, const void *y)
{
	const struct region *const *a = x, *const *c = y;

	return strcmp((*a)->code, (*c)->code);
}

/* Valid only after index_regions(); the returned pointer lives as long as the build. */
struct region *find_region(struct build *b, const char *code)
{
	struct region key = {.code = code}, *pkey = &key, **r;

	r = bsearch(&pkey, b->by_code, b->n, sizeof *b->by_code, cmp_code);
	return r ? *r : NULL;
}

/* ---- tab-separated data files ---- */

/*
 * Calls row() for each line of a two-column TSV file, skipping blank lines and '#' comments.
 * A missing optional file is not an error.
 */
int load_tsv(struct build *b, const char *path, int optional,
                    int (*row)(struct build *, const char *, long, const char *, const char *))
{
	char *data = NULL, *line, *nl, *tab;
	size_t size;
	long lineno = 0;
	int rc = -1;

	if (optional) {
		FILE *f = fopen(path, "rb");

		if (!f && errno == ENOENT)
			return 0;
		if (f)
			fclose(f);
	}
	if (read_file(b, path, &data, &size) < 0)
		return -1;
	for (line = data; line < data + size; line = nl + 1) {
		const char *key, *value;

		lineno++;
		nl = strchr(line, '\n');
		if (!nl)
			nl = data + size;
		*nl = '\0';
		if (strlen(line) != (size_t)(nl - line)) {
			fail(b, path, lineno, "NUL byte");
			goto out;
		}
		if (*line == '\0' || *line == '#')
			continue;
		if (strchr(line, '\r')) {
			fail(b, path, lineno, "carriage return (DOS line ending?)");
			goto out;
		}
		tab = strchr(line, '\t');
		if (!tab || strchr(tab + 1, '\t') || tab == line || tab[1] == '\0') {
			fail(b, path, lineno, "expected two non-empty tab-separated fields");
			goto out;
		}
		*tab = '\0';
		if (!(key = pool_strdup(b, line)) || !(value = pool_strdup(b, tab + 1)))
			goto out;
		if (row(b, path, lineno, key, value) < 0)
			goto out;
	}
	rc = 0;
out:
	free(data);
	return rc;
}

struct region *row_region(struct build *b, const char *path, long line, const char *code, const char *text,
                          const char *what)
{
	struct region *r = find_region(b, code);

	if (!r)
		fail(b, path, line, "unknown region code %s", code);
	else if (strchr(text, '|'))
		fail(b, path, line, "%s contains '|'", what);
	else
		return r;
	return NULL;
}

static int alias_row(struct build *b, const char *path, long line, const char *code, const char *alias)
{
	struct region *r = row_region(b, path, line, code, alias, "alias");

	return r ? add_alias(b, r, alias) : -1;
}

/* ---- checking and output ---- */

static int cmp_order(const void *x, const void *y)
{
	const struct region *a = x, *c = y;

	if (a->level != c->level)
		return a->level < c->level ? -1 : 1;
	return strcmp(a->order ? a->order : a->code, c->order ? c->order : c->code);
}

static int index_regions(struct build *b)
{
	b->by_code = malloc((b->n ? b->n : 1) * sizeof *b->by_code);
	if (!b->by_code)
		return fail(b, NULL, 0, "out of memory");
	for (size_t i = 0; i < b->n; i++)
		b->by_code[i] = &b->regions[i];
	qsort(b->by_code, b->n, sizeof *b->by_code, cmp_code);
	for (size_t i = 1; i < b->n; i++) {
		const struct region *r = b->by_code[i], *o = b->by_code[i - 1];

		if (strcmp(r->code, o->code) == 0)
			return fail(b, r->src, r->line, "duplicate code %s (also at %s %s %ld)", r->code, o->src,
			            o->line < 0 ? "entry" : "line", o->line < 0 ? -o->line : o->line);
	}
	return 0;
}

/* Only a parent of a lower level keeps the output's parent-before-child order true. */
static int check_parents(struct build *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct region *r = &b->regions[i], *p;

		if (r->level == LEVEL_COUNTRY || r->level == LEVEL_GROUP)
			continue;
		if (!(p = find_region(b, r->parent)))
			return fail(b, r->src, r->line, "%s: parent %s does not exist", r->code, r->parent);
		if (p->level >= r->level)
			return fail(b, r->src, r->line, "%s (%s) has parent %s of level %s", r->code,
			            level_names[r->level], p->code, level_names[p->level]);
	}
	return 0;
}

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (n < 0 || (n == 1 && *p < 0xc2))
			return 0;
		p++;
		while (n-- > 0)
			if ((*p++ & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

/* A field must not break the line format: no tab, CR or LF, valid UTF-8, and for aliases no '|'. */
static int check_field(struct build *b, const struct region *r, const char *what, const char *s, int alias)
{
	if (strpbrk(s, "\t\r\n") || (alias && strchr(s, '|')))
		return fail(b, r->src, r->line, "%s: %s \"%s\" contains a tab, newline or '|'", r->code, what, s);
	if (!valid_utf8(s))
		return fail(b, r->src, r->line, "%s: %s is not valid UTF-8", r->code, what);
	return 0;
}

static int buf_add(struct build *b, struct buf *o, const char *s, size_t n)
{
	if (o->cap - o->n < n + 1) {
		size_t cap = o->cap ? o->cap : 65536;
		char *p;

		while (cap - o->n < n + 1)
			cap *= 2;
		if (!(p = realloc(o->p, cap)))
			return fail(b, NULL, 0, "out of memory");
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = '\0';
	return 0;
}

static int buf_puts(struct build *b, struct buf *o, const char *s)
{
	return buf_add(b, o, s, strlen(s));
}

static int write_region(struct build *b, struct buf *o, const struct region *r)
{
	const char *fields[] = {r->code, r->parent, level_names[r->level], r->type, r->name, r->name_zh};
	const char *what[] = {"code", "parent", "level", "type", "name", "name_zh"};
	int first = 1;

	for (size_t i = 0; i < 6; i++)
		if (check_field(b, r, what[i], fields[i], 0) < 0 || buf_puts(b, o, fields[i]) < 0 ||
		    buf_puts(b, o, "\t") < 0)
			return -1;
	for (size_t i = 0; i < r->naliases; i++) {
		const char *a = r->aliases[i];

		if (strcmp(a, r->code) == 0 || strcmp(a, r->name) == 0 || strcmp(a, r->name_zh) == 0)
			continue;
		if (check_field(b, r, "alias", a, 1) < 0 || (!first && buf_puts(b, o, "|") < 0) || buf_puts(b, o, a) < 0)
			return -1;
		first = 0;
	}
	if (buf_puts(b, o, "\t") < 0 || (r->members && buf_puts(b, o, r->members) < 0))
		return -1;
	return buf_puts(b, o, "\n");
}

/*
 * Writes tsv as C string literals: one literal per catalog line, split further to keep source
 * lines near C_LINE_WIDTH. Non-ASCII bytes become three-digit octal escapes, which cannot run
 * into a following digit; '?' is escaped because -std=c17 still honours trigraphs.
 */
static int write_c(struct build *b, struct buf *o, const struct buf *tsv)
{
	char tok[8], line[96];
	size_t col = 0;

	if (buf_puts(b, o,
	             "/* Built-in region catalog. Generated by gen/mkregions from data/regions and iso-codes;\n"
	             "   do not edit. Format: see gen/mkregions.c. */\n\n"
	             "extern const char ts_regions_tsv[];\n"
	             "extern const unsigned long ts_regions_tsv_len;\n\n"
	             "const char ts_regions_tsv[] =") < 0)
		return -1;
	for (size_t i = 0; i < tsv->n; i++) {
		unsigned char c = (unsigned char)tsv->p[i];

		if (c == '\n')
			strcpy(tok, "\\n");
		else if (c == '\t')
			strcpy(tok, "\\t");
		else if (c == '"' || c == '\\' || c == '?')
			snprintf(tok, sizeof tok, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			snprintf(tok, sizeof tok, "\\%03o", c);
		else
			snprintf(tok, sizeof tok, "%c", c);
		if (col == 0 || col + strlen(tok) + 1 > C_LINE_WIDTH) {
			if ((col && buf_puts(b, o, "\"") < 0) || buf_puts(b, o, "\n    \"") < 0)
				return -1;
			col = 5;
		}
		if (buf_puts(b, o, tok) < 0)
			return -1;
		col += strlen(tok);
		if (c == '\n') {
			if (buf_puts(b, o, "\"") < 0)
				return -1;
			col = 0;
		}
	}
	if ((col && buf_puts(b, o, "\"") < 0) || (tsv->n == 0 && buf_puts(b, o, " \"\"") < 0))
		return -1;
	snprintf(line, sizeof line, ";\nconst unsigned long ts_regions_tsv_len = %zu;\n", tsv->n);
	return buf_puts(b, o, line);
}

/* Writes the output to path (removing it on failure) or to stdout when path is NULL. */
static int write_out(struct build *b, const char *path, const struct buf *o)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	int bad;

	if (!f)
		return fail(b, path, 0, "cannot create: %s", strerror(errno));
	bad = fwrite(o->p, 1, o->n, f) != o->n;
	bad |= fflush(f) != 0;
	bad |= ferror(f) != 0;
	if (path) {
		bad |= fclose(f) != 0;
		if (bad)
			remove(path);
	}
	return bad ? fail(b, path ? path : "stdout", 0, "write error: %s", strerror(errno)) : 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: mkregions [-c] [-o FILE] DATA_DIR [ISO_JSON_DIR [LOCALE_DIR]]\n"
	           "  Writes the region catalog as TSV (or, with -c, as C source) to stdout or FILE.\n"
	           "  ISO_JSON_DIR defaults to " DEFAULT_ISO_DIR ", LOCALE_DIR to " DEFAULT_LOCALE_DIR ".\n");
}

static void build_free(struct build *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->regions[i].aliases);
	free(b->regions);
	free(b->by_code);
	free(b->pinyin);
	mo_free(&b->mo1);
	mo_free(&b->mo2);
	while (b->pool) {
		struct chunk *next = b->pool->next;

		free(b->pool);
		b->pool = next;
	}
	free(b);
}

static int build(struct build *b, const char *data, const char *iso, const char *locale, int c_source,
                 struct buf *out)
{
	static const char *const prov_cols[] = {"code", "name"};
	static const char *const city_cols[] = {"code", "name", "provinceCode"};
	static const char *const area_cols[] = {"code", "name", "cityCode", "provinceCode"};
	struct buf tsv = {0};
	const char *p;
	int rc = -1;

	/* Countries come after subdivisions so that HK, MO and TW can merge into CN-HK, CN-MO, CN-TW. */
	if (!(p = pool_printf(b, "%s/zh_CN/LC_MESSAGES/iso_3166-1.mo", locale)) || mo_load(b, &b->mo1, p) < 0 ||
	    !(p = pool_printf(b, "%s/zh_CN/LC_MESSAGES/iso_3166-2.mo", locale)) || mo_load(b, &b->mo2, p) < 0 ||
	    !(p = pool_printf(b, "%s/iso_3166-2.json", iso)) || load_subdivisions(b, p) < 0 ||
	    !(p = pool_printf(b, "%s/iso_3166-1.json", iso)) || load_countries(b, p) < 0 ||
	    !(p = pool_printf(b, "%s/pinyin.tsv", data)) || load_pinyin(b, p) < 0 ||
	    !(p = pool_printf(b, "%s/provinces.csv", data)) || load_csv(b, p, prov_cols, 2, province_row) < 0 ||
	    !(p = pool_printf(b, "%s/cities.csv", data)) || load_csv(b, p, city_cols, 3, city_row) < 0 ||
	    !(p = pool_printf(b, "%s/areas.csv", data)) || load_csv(b, p, area_cols, 4, area_row) < 0 ||
	    check_pinyin_used(b) < 0 || !(p = pool_printf(b, "%s/groups.tsv", data)) || load_groups(b, p) < 0)
		goto out;
	/* From here on regions stay put: sort into output order, then index by code. */
	qsort(b->regions, b->n, sizeof *b->regions, cmp_order);
	if (index_regions(b) < 0 || check_parents(b) < 0 || !(p = pool_printf(b, "%s/aliases.tsv", data)) ||
	    load_tsv(b, p, 0, alias_row) < 0 || !(p = pool_printf(b, "%s/english.tsv", data)) ||
	    load_english(b, p) < 0 || check_groups(b) < 0 || add_traditional(b) < 0)
		goto out;
	for (size_t i = 0; i < b->n; i++)
		if (write_region(b, c_source ? &tsv : out, &b->regions[i]) < 0)
			goto out;
	if (c_source && write_c(b, out, &tsv) < 0)
		goto out;
	rc = 0;
out:
	free(tsv.p);
	return rc;
}

int main(int argc, char **argv)
{
	const char *outpath = NULL, *data, *iso = DEFAULT_ISO_DIR, *locale = DEFAULT_LOCALE_DIR;
	struct buf out = {0};
	struct build *b;
	int c_source = 0, i, status = EXIT_DATA;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			c_source = 1;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			outpath = argv[++i];
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - i < 1 || argc - i > 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	data = argv[i];
	if (argc - i > 1)
		iso = argv[i + 1];
	if (argc - i > 2)
		locale = argv[i + 2];

	/* Heap-allocated: the code tables make it too big to be a polite stack variable. */
	b = calloc(1, sizeof *b);
	if (!b) {
		fputs("mkregions: out of memory\n", stderr);
		return EXIT_DATA;
	}
	if (build(b, data, iso, locale, c_source, &out) == 0 && write_out(b, outpath, &out) == 0)
		status = 0;
	else
		fprintf(stderr, "mkregions: %s\n", b->err.text);
	free(out.p);
	build_free(b);
	return status;
}
