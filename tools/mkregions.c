/* mkregions: builds the built-in region catalog (TSV, or C source embedding it) from iso-codes and NBS data. */

/*
 * Usage: mkregions [-c] [-o FILE] DATA_DIR [ISO_JSON_DIR [LOCALE_DIR]]
 *
 * Inputs (all read-only; nothing is fetched):
 *   ISO_JSON_DIR/iso_3166-1.json, iso_3166-2.json     countries and subdivisions (iso-codes)
 *   LOCALE_DIR/zh_CN/LC_MESSAGES/iso_3166-{1,2}.mo     their Chinese names (GNU gettext catalogs)
 *   DATA_DIR/provinces.csv, cities.csv, areas.csv     China's NBS statistical division codes
 *   DATA_DIR/aliases.tsv                              hand-maintained extra names
 *   DATA_DIR/pinyin.tsv                               pinyin names of NBS units (optional)
 *
 * Output: one region per line, seven tab-separated UTF-8 fields, LF-terminated, no header:
 *   code  parent  level  type  name  name_zh  aliases
 * `aliases` is a '|'-separated list. Lines are ordered by level (country, province,
 * prefecture, county) and by code (byte order) within a level, so every parent precedes its
 * children. With -c the same text is written as a C file defining ts_regions_tsv and
 * ts_regions_tsv_len.
 *
 * The whole catalog is built and checked in memory before anything is written, so on error
 * the output stays empty (or, with -o, FILE is not created).
 */

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

#define DEFAULT_ISO_DIR "/usr/share/iso-codes/json"
#define DEFAULT_LOCALE_DIR "/usr/share/locale"
#define C_LINE_WIDTH 100 /* soft limit on a generated C source line */

enum level { LEVEL_COUNTRY, LEVEL_PROVINCE, LEVEL_PREFECTURE, LEVEL_COUNTY };
static const char *const level_names[] = {"country", "province", "prefecture", "county"};

/*
 * ISO 3166-1 countries that are also ISO 3166-2 subdivisions of China. They are emitted once,
 * as the subdivision; the country's codes and names become its aliases.
 */
static const struct {
	const char *country, *subdivision;
} merged[] = {{"HK", "CN-HK"}, {"MO", "CN-MO"}, {"TW", "CN-TW"}};

/* NBS "cities" that only group counties; their counties belong to the province. */
static const char *const placeholders[] = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"};

/* Type of an NBS unit by name suffix; first match wins, so 地区 precedes 区. */
static const struct {
	const char *suffix, *type;
} nbs_types[] = {
    {"自治州", "autonomous prefecture"}, {"地区", "prefecture"}, {"市", "city"}, {"区", "district"},
    {"县", "county"},                    {"盟", "league"},       {"旗", "banner"},
};

/* First error wins, as in jansson's json_error_t: later failures are consequences. */
struct error {
	char text[1024];
	int set;
};

/* Strings live in a pool freed at once: the catalog is built once and never edited. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct region {
	const char *code, *parent, *type, *name, *name_zh;
	enum level level;
	const char **aliases;
	size_t naliases, cap;
	const char *src; /* where the region came from, for messages */
	long line;       /* > 0 a line of src, < 0 the -line'th entry of a JSON array */
};

struct mo_entry {
	const char *id, *str;
};

/* A GNU .mo catalog: the file's bytes and a sorted view of its (msgid, msgstr) pairs. */
struct mo {
	char *data;
	struct mo_entry *entries;
	size_t n;
	const char *path;
};

struct pinyin {
	const char *code, *name;
	long line;
	int used;
};

struct build {
	struct error err;
	struct chunk *pool;
	struct region *regions;
	size_t n, cap;
	struct region **by_code; /* sorted by code once all regions exist */
	struct mo mo1, mo2;
	struct pinyin *pinyin;
	size_t npinyin;
	const char *pinyin_path;
	const char *province_of[100];  /* NBS 2-digit code -> ISO code */
	const char *parent_of[10000];  /* NBS 4-digit city code -> parent code of its counties */
};

/* A CSV file being parsed: libcsv calls back per field and per row. */
struct csv_state {
	struct build *b;
	const char *path;
	long line;
	const char *fields[4];
	size_t nfields;
	int too_many, failed, header_seen;
	const char *const *header; /* expected column names */
	size_t ncols;
	int (*row)(struct build *b, const char *path, long line, const char **fields);
};

struct buf {
	char *p;
	size_t n, cap;
};

/* Records the first error as "src:line: message"; returns -1 for `return fail(...)`. */
static int fail(struct build *b, const char *src, long line, const char *fmt, ...)
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
static char *pool_alloc(struct build *b, size_t n)
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

static char *pool_strndup(struct build *b, const char *s, size_t n)
{
	char *p = pool_alloc(b, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static char *pool_strdup(struct build *b, const char *s)
{
	return pool_strndup(b, s, strlen(s));
}

/* Formats into the pool; NULL (with the error set) when out of memory. */
static char *pool_printf(struct build *b, const char *fmt, ...)
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

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Reads a whole file into a malloc'd NUL-terminated buffer the caller frees. */
static int read_file(struct build *b, const char *path, char **out, size_t *size)
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
static struct region *add_region(struct build *b, const char *code, const char *parent, enum level level,
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
static int add_alias(struct build *b, struct region *r, const char *s)
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
static struct region *find_region_slow(struct build *b, const char *code)
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
static struct region *find_region(struct build *b, const char *code)
{
	struct region key = {.code = code}, *pkey = &key, **r;

	r = bsearch(&pkey, b->by_code, b->n, sizeof *b->by_code, cmp_code);
	return r ? *r : NULL;
}

/* ---- GNU .mo catalogs ---- */

static uint32_t mo_u32(const unsigned char *p, int swap)
{
	if (swap)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int cmp_mo(const void *x, const void *y)
{
	return strcmp(((const struct mo_entry *)x)->id, ((const struct mo_entry *)y)->id);
}

/*
 * Reads a .mo file: magic, revision, count, offset of the msgid table, offset of the msgstr
 * table; each table holds (length, offset) pairs. The magic tells the byte order. Strings are
 * used in place, so every one must be NUL-terminated inside the file.
 */
static int mo_load(struct build *b, struct mo *mo, const char *path)
{
	const unsigned char *d;
	size_t size, n = 0;
	uint32_t magic, count, orig, trans;
	int swap;

	mo->path = path;
	if (read_file(b, path, &mo->data, &size) < 0)
		return -1;
	d = (const unsigned char *)mo->data;
	if (size < 20)
		return fail(b, path, 0, "too short for a .mo file");
	magic = mo_u32(d, 0);
	if (magic == 0x950412de)
		swap = 0;
	else if (magic == 0xde120495)
		swap = 1;
	else
		return fail(b, path, 0, "not a GNU .mo file (magic 0x%08lx)", (unsigned long)magic);
	if (mo_u32(d + 4, swap) >> 16 > 1)
		return fail(b, path, 0, "unsupported .mo major revision %lu",
		            (unsigned long)(mo_u32(d + 4, swap) >> 16));
	count = mo_u32(d + 8, swap);
	orig = mo_u32(d + 12, swap);
	trans = mo_u32(d + 16, swap);
	if (orig > size || trans > size || count > (size - orig) / 8 || count > (size - trans) / 8)
		return fail(b, path, 0, "string tables lie outside the file");
	mo->entries = malloc((count ? count : 1) * sizeof *mo->entries);
	if (!mo->entries)
		return fail(b, path, 0, "out of memory");
	for (uint32_t i = 0; i < count; i++) {
		const char *s[2];

		for (int t = 0; t < 2; t++) {
			const unsigned char *e = d + (t ? trans : orig) + 8 * (size_t)i;
			uint32_t len = mo_u32(e, swap), off = mo_u32(e + 4, swap);

			if (off >= size || len >= size - off || d[off + len] != '\0')
				return fail(b, path, 0, "string %lu lies outside the file or is not terminated",
				            (unsigned long)i);
			s[t] = (const char *)d + off;
		}
		/* The header has an empty msgid; a context (msgctxt\4msgid) never matches a name. */
		if (*s[0] && *s[1] && !strchr(s[0], '\4'))
			mo->entries[n++] = (struct mo_entry){s[0], s[1]};
	}
	mo->n = n;
	qsort(mo->entries, n, sizeof *mo->entries, cmp_mo);
	return 0;
}

/* Translation of id, or NULL when there is none (or it merely repeats the English). */
static const char *mo_get(const struct mo *mo, const char *id)
{
	struct mo_entry key = {id, NULL}, *e;

	if (!id)
		return NULL;
	e = bsearch(&key, mo->entries, mo->n, sizeof key, cmp_mo);
	return e && strcmp(e->str, id) != 0 ? e->str : NULL;
}

static void mo_free(struct mo *mo)
{
	free(mo->entries);
	free(mo->data);
}

/* ---- ISO 3166 (iso-codes JSON) ---- */

/* Fetches key as a string into *out (NULL when absent and optional). */
static int json_str(struct build *b, json_t *obj, const char *key, int required, const char **out,
                    const char *src, long entry)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return fail(b, src, -entry, "missing \"%s\"", key);
		return 0;
	}
	if (!json_is_string(v) || !*json_string_value(v))
		return fail(b, src, -entry, "\"%s\" is not a non-empty string", key);
	*out = json_string_value(v);
	return 0;
}

/* Loads path and returns the array under key; *root owns it and must be json_decref'd. */
static json_t *json_array_at(struct build *b, const char *path, const char *key, json_t **root)
{
	json_error_t jerr;
	json_t *a;

	*root = json_load_file(path, 0, &jerr);
	if (!*root) {
		if (jerr.line > 0)
			fail(b, path, jerr.line, "column %d: %s", jerr.column, jerr.text);
		else
			fail(b, path, 0, "%s", jerr.text);
		return NULL;
	}
	a = json_object_get(*root, key);
	if (!json_is_array(a)) {
		fail(b, path, 0, "no \"%s\" array", key);
		return NULL;
	}
	return a;
}

static int merged_index(const char *country)
{
	for (size_t i = 0; i < sizeof merged / sizeof *merged; i++)
		if (strcmp(merged[i].country, country) == 0)
			return (int)i;
	return -1;
}

/*
 * ISO writes some subdivision names in two languages or with a second code:
 * "A Coruña [La Coruña]", "Cardiff [Caerdydd GB-CRD]", "Stockholms län [SE-01]". Each part is
 * a name the region is known by. Lower-case brackets are notes ("[city]"), not names.
 */
static int add_bracket_aliases(struct build *b, struct region *r, const char *name)
{
	const char *open = strstr(name, " [");
	size_t n = strlen(name);
	const char *in, *end, *sp;
	char *s;

	if (!open || name[n - 1] != ']' || open == name)
		return 0;
	in = open + 2;
	end = name + n - 1;
	if (!(s = pool_strndup(b, name, (size_t)(open - name))) || add_alias(b, r, s) < 0)
		return -1;
	if (in == end || (*in >= 'a' && *in <= 'z'))
		return 0;
	for (sp = end; sp > in && sp[-1] != ' '; sp--)
		;
	/* A trailing "XX-YYY" token is another code for the same subdivision. */
	if (end - sp >= 4 && end - sp <= 6 && sp[0] >= 'A' && sp[0] <= 'Z' && sp[1] >= 'A' && sp[1] <= 'Z' &&
	    sp[2] == '-') {
		if (!(s = pool_strndup(b, sp, (size_t)(end - sp))) || add_alias(b, r, s) < 0)
			return -1;
		end = sp > in ? sp - 1 : sp;
	}
	if (end > in && (!(s = pool_strndup(b, in, (size_t)(end - in))) || add_alias(b, r, s) < 0))
		return -1;
	return 0;
}

static char *lowercase(struct build *b, const char *s)
{
	char *p = pool_strdup(b, s);

	for (char *q = p; q && *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

static int load_subdivisions(struct build *b, const char *path)
{
	json_t *root = NULL, *a, *e;
	size_t i;
	int rc = -1;

	if (!(a = json_array_at(b, path, "3166-2", &root)))
		goto out;
	json_array_foreach(a, i, e) {
		const char *code, *name, *type, *up, *dash, *country, *parent, *ltype;
		long entry = (long)i + 1;
		enum level level;
		struct region *r;
		int m;

		if (!json_is_object(e)) {
			fail(b, path, -entry, "not an object");
			goto out;
		}
		if (json_str(b, e, "code", 1, &code, path, entry) < 0 ||
		    json_str(b, e, "name", 1, &name, path, entry) < 0 ||
		    json_str(b, e, "type", 1, &type, path, entry) < 0 ||
		    json_str(b, e, "parent", 0, &up, path, entry) < 0)
			goto out;
		dash = strchr(code, '-');
		if (!dash || dash - code != 2) {
			fail(b, path, -entry, "code %s is not CC-XXX", code);
			goto out;
		}
		if (!(country = pool_strndup(b, code, 2)))
			goto out;
		/*
		 * A parent is usually the part after the dash ("NX" in AZ), but GB writes "GB-ENG".
		 * Subdivisions of a merged country (TW-TPE) hang one level lower, under CN-TW.
		 */
		m = merged_index(country);
		if (!up)
			parent = m >= 0 ? merged[m].subdivision : country;
		else if (strchr(up, '-'))
			parent = pool_strdup(b, up);
		else
			parent = pool_printf(b, "%s-%s", country, up);
		level = (enum level)(LEVEL_PROVINCE + (up ? 1 : 0) + (m >= 0 ? 1 : 0));
		/* The regions outlive the JSON, so its strings are copied. */
		if (!parent || !(ltype = lowercase(b, type)) || !(code = pool_strdup(b, code)) ||
		    !(name = pool_strdup(b, name)))
			goto out;
		r = add_region(b, code, parent, level, ltype, name, mo_get(&b->mo2, name), path, -entry);
		if (!r || add_bracket_aliases(b, r, name) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* Adds the aliases a country contributes: its other codes and names, English and Chinese. */
static int add_country_aliases(struct build *b, struct region *r, const char *const *names, size_t nnames)
{
	for (size_t i = 0; i < nnames; i++) {
		const char *s = names[i], *zh;

		if (!s)
			continue;
		zh = mo_get(&b->mo1, s);
		if (!(s = pool_strdup(b, s)) || add_alias(b, r, s) < 0)
			return -1;
		if (zh && add_alias(b, r, zh) < 0)
			return -1;
	}
	return 0;
}

static int load_countries(struct build *b, const char *path)
{
	json_t *root = NULL, *a, *e;
	size_t i;
	int rc = -1;

	if (!(a = json_array_at(b, path, "3166-1", &root)))
		goto out;
	json_array_foreach(a, i, e) {
		const char *a2, *a3, *num, *name, *official, *common;
		long entry = (long)i + 1;
		struct region *r;
		int m;

		if (!json_is_object(e)) {
			fail(b, path, -entry, "not an object");
			goto out;
		}
		if (json_str(b, e, "alpha_2", 1, &a2, path, entry) < 0 ||
		    json_str(b, e, "alpha_3", 1, &a3, path, entry) < 0 ||
		    json_str(b, e, "numeric", 1, &num, path, entry) < 0 ||
		    json_str(b, e, "name", 1, &name, path, entry) < 0 ||
		    json_str(b, e, "official_name", 0, &official, path, entry) < 0 ||
		    json_str(b, e, "common_name", 0, &common, path, entry) < 0)
			goto out;
		if (strlen(a2) != 2) {
			fail(b, path, -entry, "alpha_2 \"%s\" is not two letters", a2);
			goto out;
		}
		m = merged_index(a2);
		if (m >= 0) {
			const char *names[] = {a2, a3, num, name, official, common};

			if (!(r = find_region_slow(b, merged[m].subdivision))) {
				fail(b, path, -entry, "%s should merge into %s, which ISO 3166-2 lacks", a2,
				     merged[m].subdivision);
				goto out;
			}
			if (add_country_aliases(b, r, names, sizeof names / sizeof *names) < 0)
				goto out;
		} else {
			const char *names[] = {a3, num, official, common};
			const char *zh = mo_get(&b->mo1, name);

			if (!(a2 = pool_strdup(b, a2)) || !(name = pool_strdup(b, name)))
				goto out;
			r = add_region(b, a2, "", LEVEL_COUNTRY, "country", name, zh, path, -entry);
			if (!r || add_country_aliases(b, r, names, sizeof names / sizeof *names) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* ---- NBS CSV files (libcsv) ---- */

static void csv_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	const char *f = s ? s : "";

	if (st->failed)
		return;
	if (st->nfields == sizeof st->fields / sizeof *st->fields) {
		st->too_many = 1;
		return;
	}
	if (strlen(f) != len) {
		fail(st->b, st->path, st->line, "NUL byte in field");
		st->failed = 1;
		return;
	}
	if (!(st->fields[st->nfields++] = pool_strndup(st->b, f, len)))
		st->failed = 1;
}

static void csv_row(int c, void *data)
{
	struct csv_state *st = data;
	size_t i;

	(void)c;
	if (st->failed)
		goto out;
	if (st->too_many || st->nfields != st->ncols) {
		fail(st->b, st->path, st->line, "expected %zu fields", st->ncols);
		st->failed = 1;
		goto out;
	}
	if (!st->header_seen) {
		for (i = 0; i < st->ncols; i++)
			if (strcmp(st->fields[i], st->header[i]) != 0) {
				fail(st->b, st->path, st->line, "column %zu is \"%s\", expected \"%s\"", i + 1,
				     st->fields[i], st->header[i]);
				st->failed = 1;
				goto out;
			}
		st->header_seen = 1;
	} else if (st->row(st->b, st->path, st->line, st->fields) < 0) {
		st->failed = 1;
	}
out:
	st->nfields = 0;
	st->too_many = 0;
}

/*
 * Parses a CSV file with a known header, calling row() for each data row. It is fed to libcsv
 * a line at a time so that a row's callback knows its line number.
 */
static int load_csv(struct build *b, const char *path, const char *const *header, size_t ncols,
                    int (*row)(struct build *, const char *, long, const char **))
{
	struct csv_state st = {.b = b, .path = path, .header = header, .ncols = ncols, .row = row};
	struct csv_parser p;
	char *data = NULL, *line, *nl;
	size_t size;
	int rc = -1;

	if (read_file(b, path, &data, &size) < 0)
		return -1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(data);
		return fail(b, path, 0, "out of memory");
	}
	for (line = data; line < data + size && !st.failed; line = nl) {
		size_t n;

		nl = memchr(line, '\n', (size_t)(data + size - line));
		nl = nl ? nl + 1 : data + size;
		n = (size_t)(nl - line);
		st.line++;
		if (csv_parse(&p, line, n, csv_field, csv_row, &st) != n) {
			fail(b, path, st.line, "%s", csv_strerror(csv_error(&p)));
			goto out;
		}
	}
	if (!st.failed && csv_fini(&p, csv_field, csv_row, &st) != 0) {
		fail(b, path, st.line, "%s", csv_strerror(csv_error(&p)));
		goto out;
	}
	if (st.failed)
		goto out;
	if (!st.header_seen) {
		fail(b, path, 0, "empty file");
		goto out;
	}
	rc = 0;
out:
	csv_free(&p);
	free(data);
	return rc;
}

static int is_placeholder(const char *name)
{
	for (size_t i = 0; i < sizeof placeholders / sizeof *placeholders; i++)
		if (strcmp(name, placeholders[i]) == 0)
			return 1;
	return 0;
}

static const char *nbs_type(const char *code6, const char *name)
{
	/* 71-79: statistics-only development zones, whatever their names end in. */
	if (code6[4] == '7' && code6[5] >= '1' && code6[5] <= '9')
		return "zone";
	for (size_t i = 0; i < sizeof nbs_types / sizeof *nbs_types; i++)
		if (ends_with(name, nbs_types[i].suffix))
			return nbs_types[i].type;
	return "other";
}

static int cmp_pinyin(const void *x, const void *y)
{
	return strcmp(((const struct pinyin *)x)->code, ((const struct pinyin *)y)->code);
}

/* Pinyin name of an NBS unit, or NULL; marks the entry used. */
static const char *pinyin_get(struct build *b, const char *code)
{
	struct pinyin key = {.code = code}, *p;

	p = bsearch(&key, b->pinyin, b->npinyin, sizeof key, cmp_pinyin);
	if (!p)
		return NULL;
	p->used = 1;
	return p->name;
}

static int province_row(struct build *b, const char *path, long line, const char **f)
{
	const char *code = f[0], *name = f[1], *c6;
	struct region *match = NULL;

	if (!all_digits(code, 2) || code[0] == '0')
		return fail(b, path, line, "province code \"%s\" is not two digits", code);
	if (b->province_of[atoi(code)])
		return fail(b, path, line, "duplicate province %s", code);
	/* The zh_CN name of the ISO subdivision is the NBS name: 北京市 is "Beijing Shi". */
	for (size_t i = 0; i < b->n; i++) {
		struct region *r = &b->regions[i];

		if (r->level == LEVEL_PROVINCE && strncmp(r->code, "CN-", 3) == 0 && strcmp(r->name_zh, name) == 0) {
			if (match)
				return fail(b, path, line, "%s (%s) matches both %s and %s", name, code, match->code,
				            r->code);
			match = r;
		}
	}
	if (!match)
		return fail(b, path, line, "%s (%s) matches no ISO 3166-2 CN subdivision by zh_CN name", name, code);
	for (int i = 0; i < 100; i++)
		if (b->province_of[i] && strcmp(b->province_of[i], match->code) == 0)
			return fail(b, path, line, "%s (%s) matches %s, already taken by province %02d", name, code,
			            match->code, i);
	if (!(c6 = pool_printf(b, "%s0000", code)) || add_alias(b, match, c6) < 0 || add_alias(b, match, code) < 0)
		return -1;
	b->province_of[atoi(code)] = match->code;
	return 0;
}

static int city_row(struct build *b, const char *path, long line, const char **f)
{
	const char *code = f[0], *name = f[1], *prov = f[2], *parent, *c6;
	struct region *r;
	int c = atoi(code);

	if (!all_digits(code, 4) || !all_digits(prov, 2) || strncmp(code, prov, 2) != 0)
		return fail(b, path, line, "city code \"%s\" is not four digits under province \"%s\"", code, prov);
	if (!(parent = b->province_of[atoi(prov)]))
		return fail(b, path, line, "unknown province %s", prov);
	if (b->parent_of[c])
		return fail(b, path, line, "duplicate city %s", code);
	if (!*name)
		return fail(b, path, line, "empty name");
	if (is_placeholder(name)) {
		b->parent_of[c] = parent;
		return 0;
	}
	if (!(c6 = pool_printf(b, "%s00", code)))
		return -1;
	r = add_region(b, c6, parent, LEVEL_PREFECTURE, nbs_type(c6, name), pinyin_get(b, c6), name, path, line);
	if (!r || add_alias(b, r, code) < 0)
		return -1;
	b->parent_of[c] = c6;
	return 0;
}

static int area_row(struct build *b, const char *path, long line, const char **f)
{
	const char *code = f[0], *name = f[1], *city = f[2], *prov = f[3], *parent;

	if (!all_digits(code, 6) || !all_digits(city, 4) || !all_digits(prov, 2) || strncmp(code, city, 4) != 0 ||
	    strncmp(city, prov, 2) != 0)
		return fail(b, path, line, "area code \"%s\" is not six digits under city \"%s\", province \"%s\"",
		            code, city, prov);
	if (!(parent = b->parent_of[atoi(city)]))
		return fail(b, path, line, "unknown city %s", city);
	if (!*name)
		return fail(b, path, line, "empty name");
	/*
	 * Prefectures without counties list themselves as their only area (441900 东莞市 under
	 * 4419 东莞市). That row is the prefecture again, not a new region.
	 */
	if (strcmp(code + 4, "00") == 0) {
		struct region *r = find_region_slow(b, code);

		if (!r || r->level != LEVEL_PREFECTURE || strcmp(r->name_zh, name) != 0)
			return fail(b, path, line, "area %s %s ends in 00 but is not its prefecture", code, name);
		return 0;
	}
	return add_region(b, code, parent, LEVEL_COUNTY, nbs_type(code, name), pinyin_get(b, code), name, path,
	                  line)
	           ? 0
	           : -1;
}

/* ---- tab-separated data files ---- */

/*
 * Calls row() for each line of a two-column TSV file, skipping blank lines and '#' comments.
 * A missing optional file is not an error.
 */
static int load_tsv(struct build *b, const char *path, int optional,
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

static int pinyin_row(struct build *b, const char *path, long line, const char *code, const char *name)
{
	struct pinyin *p;

	if (!all_digits(code, 6))
		return fail(b, path, line, "code \"%s\" is not six digits", code);
	if (b->npinyin % 1024 == 0) {
		p = realloc(b->pinyin, (b->npinyin + 1024) * sizeof *p);
		if (!p)
			return fail(b, path, line, "out of memory");
		b->pinyin = p;
	}
	b->pinyin[b->npinyin++] = (struct pinyin){.code = code, .name = name, .line = line};
	return 0;
}

static int load_pinyin(struct build *b, const char *path)
{
	b->pinyin_path = path;
	if (load_tsv(b, path, 1, pinyin_row) < 0)
		return -1;
	qsort(b->pinyin, b->npinyin, sizeof *b->pinyin, cmp_pinyin);
	for (size_t i = 1; i < b->npinyin; i++)
		if (strcmp(b->pinyin[i].code, b->pinyin[i - 1].code) == 0)
			return fail(b, path, b->pinyin[i].line, "duplicate code %s", b->pinyin[i].code);
	return 0;
}

/* A pinyin entry no NBS unit used means pinyin.tsv and the CSVs are from different editions. */
static int check_pinyin_used(struct build *b)
{
	for (size_t i = 0; i < b->npinyin; i++)
		if (!b->pinyin[i].used)
			return fail(b, b->pinyin_path, b->pinyin[i].line, "%s is not an NBS prefecture or county",
			            b->pinyin[i].code);
	return 0;
}

static int alias_row(struct build *b, const char *path, long line, const char *code, const char *alias)
{
	struct region *r = find_region(b, code);

	if (!r)
		return fail(b, path, line, "unknown region code %s", code);
	if (strchr(alias, '|'))
		return fail(b, path, line, "alias contains '|'");
	return add_alias(b, r, alias);
}

/* ---- checking and output ---- */

static int cmp_order(const void *x, const void *y)
{
	const struct region *a = x, *c = y;

	if (a->level != c->level)
		return a->level < c->level ? -1 : 1;
	return strcmp(a->code, c->code);
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

		if (r->level == LEVEL_COUNTRY)
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
	             "/* Built-in region catalog. Generated by tools/mkregions from data/regions and iso-codes;\n"
	             "   do not edit. Format: see tools/mkregions.c. */\n\n"
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
	    check_pinyin_used(b) < 0)
		goto out;
	/* From here on regions stay put: sort into output order, then index by code. */
	qsort(b->regions, b->n, sizeof *b->regions, cmp_order);
	if (index_regions(b) < 0 || check_parents(b) < 0 || !(p = pool_printf(b, "%s/aliases.tsv", data)) ||
	    load_tsv(b, p, 0, alias_row) < 0)
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
