/* nbs.c — China's statistical division codes (NBS CSV files) and their pinyin names, for
   mkregions. */
#include <csv.h>

#include "mkregions.h"

/* NBS "cities" that only group counties; their counties belong to the province. */
static const char *const placeholders[] = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"};

/* Type of an NBS unit by name suffix; first match wins, so 地区 precedes 区. */
static const struct {
	const char *suffix, *type;
} nbs_types[] = {
    {"自治州", "autonomous prefecture"}, {"地区", "prefecture"}, {"市", "city"}, {"区", "district"},
    {"县", "county"},                    {"盟", "league"},       {"旗", "banner"},
};

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
int load_csv(struct build *b, const char *path, const char *const *header, size_t ncols,
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

int province_row(struct build *b, const char *path, long line, const char **f)
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
	/* China's provinces come in NBS order (北京 天津 河北 …), not ISO-letter order */
	match->order = c6;
	b->province_of[atoi(code)] = match->code;
	return 0;
}

int city_row(struct build *b, const char *path, long line, const char **f)
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

int area_row(struct build *b, const char *path, long line, const char **f)
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

int load_pinyin(struct build *b, const char *path)
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
int check_pinyin_used(struct build *b)
{
	for (size_t i = 0; i < b->npinyin; i++)
		if (!b->pinyin[i].used)
			return fail(b, b->pinyin_path, b->pinyin[i].line, "%s is not an NBS prefecture or county",
			            b->pinyin[i].code);
	return 0;
}
