/* china.c — what the catalog adds to ISO and NBS for China: the conventional English names of
 * the provinces, the built-in groups with their official membership, and the traditional-character
 * forms of every Chinese name (OpenCC). */
#include <opencc/opencc.h>

#include "mkregions.h"

/* ---- English names (english.tsv) ---- */

/*
 * english.tsv: code<TAB>name. The name is the region's English display name ("Guangdong"); the
 * name it had (ISO's romanisation, "Guangdong Sheng") stays as an alias.
 */
static int english_row(struct build *b, const char *path, long line, const char *code, const char *name)
{
	struct region *r = row_region(b, path, line, code, name, "name");

	if (!r)
		return -1;
	if (strcmp(r->name, name) == 0)
		return fail(b, path, line, "%s is already named %s", code, name);
	if (add_alias(b, r, r->name) < 0)
		return -1;
	r->name = name;
	return 0;
}

int load_english(struct build *b, const char *path)
{
	return load_tsv(b, path, 0, english_row);
}

/* ---- groups (groups.tsv) ---- */

/*
 * groups.tsv: six tab-separated fields a line, '#' comments:
 *   code  name  name_zh  aliases ('|')  members (codes, '|')  where the definition comes from
 * The source is documentation (docs/REGIONS.md repeats it); it is checked to be there.
 */
int load_groups(struct build *b, const char *path)
{
	char *data = NULL, *line, *nl;
	size_t size;
	long lineno = 0;
	int rc = -1;

	if (read_file(b, path, &data, &size) < 0)
		return -1;
	for (line = data; line < data + size; line = nl + 1) {
		char *f[6], *s = line;
		int nf = 0;
		struct region *r;

		lineno++;
		nl = strchr(line, '\n');
		if (!nl)
			nl = data + size;
		*nl = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (strchr(line, '\r')) {
			fail(b, path, lineno, "carriage return (DOS line ending?)");
			goto out;
		}
		while (nf < 6 && s) {
			f[nf++] = s;
			if ((s = strchr(s, '\t')))
				*s++ = '\0';
		}
		if (nf != 6 || s) {
			fail(b, path, lineno, "expected 6 tab-separated fields");
			goto out;
		}
		for (int i = 0; i < 6; i++)
			if (i != 3 && !*f[i]) {
				fail(b, path, lineno, "field %d is empty", i + 1);
				goto out;
			}
		if (!(r = add_region(b, pool_strdup(b, f[0]), "", LEVEL_GROUP, "group", pool_strdup(b, f[1]),
		                     pool_strdup(b, f[2]), path, lineno)) ||
		    !(r->members = pool_strdup(b, f[4])))
			goto out;
		for (char *a = f[3]; *a;) {
			size_t n = strcspn(a, "|");
			if (add_alias(b, r, pool_strndup(b, a, n)) < 0)
				goto out;
			a += n + (a[n] == '|');
		}
	}
	rc = 0;
out:
	free(data);
	return rc;
}

/* Every member of a group exists and is not a group. */
int check_groups(struct build *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct region *g = &b->regions[i];

		for (const char *m = g->members; m && *m;) {
			size_t n = strcspn(m, "|");
			char code[64];
			const struct region *r;

			snprintf(code, sizeof code, "%.*s", (int)(n < 63 ? n : 63), m);
			if (!(r = find_region(b, code)) || r->level == LEVEL_GROUP)
				return fail(b, g->src, g->line, "%s: member %s is not a region", g->code, code);
			m += n + (m[n] == '|');
		}
	}
	return 0;
}

/* ---- traditional characters ---- */

static int has_cjk(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xE3 && (unsigned char)*s <= 0xE9)
			return 1;
	return 0;
}

/* The conversions whose results are added: mainland traditional (臺灣), Taiwan's (台灣) and
 * Hong Kong's forms. */
static const char *const configs[] = {"s2t.json", "s2tw.json", "s2hk.json"};

static int add_converted(struct build *b, struct region *r, opencc_t *cc, const char *s)
{
	for (size_t i = 0; i < sizeof configs / sizeof *configs; i++) {
		char *t = opencc_convert_utf8(cc[i], s, strlen(s));
		int rc = 0;

		if (!t)
			return fail(b, r->src, r->line, "OpenCC cannot convert \"%s\": %s", s, opencc_error());
		if (strcmp(t, s) != 0 && strcmp(t, r->name_zh) != 0) {
			const char *p = pool_strdup(b, t);
			rc = p ? add_alias(b, r, p) : -1;
		}
		opencc_convert_utf8_free(t);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int add_traditional(struct build *b)
{
	opencc_t cc[sizeof configs / sizeof *configs];
	size_t nopen = 0;
	int rc = -1;

	for (; nopen < sizeof configs / sizeof *configs; nopen++)
		if ((cc[nopen] = opencc_open(configs[nopen])) == (opencc_t)-1) {
			fail(b, configs[nopen], 0, "OpenCC cannot open it: %s", opencc_error());
			goto out;
		}
	for (size_t i = 0; i < b->n; i++) {
		struct region *r = &b->regions[i];
		size_t n = r->naliases;

		if (*r->name_zh && add_converted(b, r, cc, r->name_zh) < 0)
			goto out;
		/* the aliases as they were: those just added are traditional already */
		for (size_t j = 0; j < n; j++)
			if (has_cjk(r->aliases[j]) && add_converted(b, r, cc, r->aliases[j]) < 0)
				goto out;
	}
	rc = 0;
out:
	while (nopen)
		opencc_close(cc[--nopen]);
	return rc;
}
