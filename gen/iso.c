/* iso.c — the countries and subdivisions of ISO 3166 (iso-codes JSON) and their Chinese
   names (the zh_CN gettext catalogs), for mkregions. */
#include <jansson.h>

#include "mkregions.h"

/*
 * ISO 3166-1 countries that are also ISO 3166-2 subdivisions of China. They are emitted once,
 * as the subdivision; the country's codes and names become its aliases.
 */
static const struct {
	const char *country, *subdivision;
} merged[] = {{"HK", "CN-HK"}, {"MO", "CN-MO"}, {"TW", "CN-TW"}};

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
int mo_load(struct build *b, struct mo *mo, const char *path)
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
const char *mo_get(const struct mo *mo, const char *id)
{
	struct mo_entry key = {id, NULL}, *e;

	if (!id)
		return NULL;
	e = bsearch(&key, mo->entries, mo->n, sizeof key, cmp_mo);
	return e && strcmp(e->str, id) != 0 ? e->str : NULL;
}

void mo_free(struct mo *mo)
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

/*
 * Calls entry() for each element of the array key of the iso-codes file path, with its number
 * (from 1); an element that is not an object fails. The JSON's strings live until it returns.
 */
static int each_entry(struct build *b, const char *path, const char *key,
                      int (*entry)(struct build *, const char *, json_t *, long))
{
	json_t *root = NULL, *a, *e;
	size_t i;
	int rc = -1;

	if (!(a = json_array_at(b, path, key, &root)))
		goto out;
	json_array_foreach(a, i, e) {
		if (!json_is_object(e)) {
			fail(b, path, -(long)(i + 1), "not an object");
			goto out;
		}
		if (entry(b, path, e, (long)i + 1) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static int subdivision(struct build *b, const char *path, json_t *e, long entry)
{
	const char *code, *name, *type, *up, *dash, *country, *parent, *ltype;
	enum level level;
	struct region *r;
	int m;

	if (json_str(b, e, "code", 1, &code, path, entry) < 0 ||
	    json_str(b, e, "name", 1, &name, path, entry) < 0 ||
	    json_str(b, e, "type", 1, &type, path, entry) < 0 ||
	    json_str(b, e, "parent", 0, &up, path, entry) < 0)
		return -1;
	dash = strchr(code, '-');
	if (!dash || dash - code != 2)
		return fail(b, path, -entry, "code %s is not CC-XXX", code);
	if (!(country = pool_strndup(b, code, 2)))
		return -1;
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
		return -1;
	r = add_region(b, code, parent, level, ltype, name, mo_get(&b->mo2, name), path, -entry);
	return r ? add_bracket_aliases(b, r, name) : -1;
}

int load_subdivisions(struct build *b, const char *path)
{
	return each_entry(b, path, "3166-2", subdivision);
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

static int country(struct build *b, const char *path, json_t *e, long entry)
{
	const char *a2, *a3, *num, *name, *official, *common;
	struct region *r;
	int m;

	if (json_str(b, e, "alpha_2", 1, &a2, path, entry) < 0 ||
	    json_str(b, e, "alpha_3", 1, &a3, path, entry) < 0 ||
	    json_str(b, e, "numeric", 1, &num, path, entry) < 0 ||
	    json_str(b, e, "name", 1, &name, path, entry) < 0 ||
	    json_str(b, e, "official_name", 0, &official, path, entry) < 0 ||
	    json_str(b, e, "common_name", 0, &common, path, entry) < 0)
		return -1;
	if (strlen(a2) != 2)
		return fail(b, path, -entry, "alpha_2 \"%s\" is not two letters", a2);
	m = merged_index(a2);
	if (m >= 0) {
		const char *names[] = {a2, a3, num, name, official, common};

		if (!(r = find_region_slow(b, merged[m].subdivision)))
			return fail(b, path, -entry, "%s should merge into %s, which ISO 3166-2 lacks", a2,
			            merged[m].subdivision);
		return add_country_aliases(b, r, names, sizeof names / sizeof *names);
	}
	const char *names[] = {a3, num, official, common};
	const char *zh = mo_get(&b->mo1, name);

	if (!(a2 = pool_strdup(b, a2)) || !(name = pool_strdup(b, name)))
		return -1;
	r = add_region(b, a2, "", LEVEL_COUNTRY, "country", name, zh, path, -entry);
	return r ? add_country_aliases(b, r, names, sizeof names / sizeof *names) : -1;
}

int load_countries(struct build *b, const char *path)
{
	return each_entry(b, path, "3166-1", country);
}
