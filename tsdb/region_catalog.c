/* region_catalog.c — the region catalog: records, their name index, merging a record into
 * the region it names, groups and their members, the home country, and the built-in catalog. */
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

/* ---- reading records ---- */

void ts_region_from(const char *const *f, uint32_t key, tsdb_region *out)
{
	*out = (tsdb_region){.code = f[0], .parent = f[1], .level = f[2], .type = f[3], .name = f[4],
	                     .name_zh = f[5], .aliases = f[6], .key = key, .since = atoi(f[7]),
	                     .until = atoi(f[8]), .successors = f[9]};
}

int ts_region_by_key(tsdb_txn *t, uint32_t key, tsdb_region *out, tsdb_error *err)
{
	const char *f[REGION_FIELDS];
	int rc = ts_record_get(t, t->db->regions, key, "regions", f, REGION_FIELDS, err);
	if (!rc)
		ts_region_from(f, key, out);
	return rc;
}

int tsdb_region_get(tsdb_txn *t, const char *code, tsdb_region *out, tsdb_error *err)
{
	uint32_t key;
	int rc = ts_intern(t, 'r', code, 0, &key, NULL);
	if (rc)
		return ts_err(err, TSDB_EUNKNOWN, "unknown region code \"%.64s\"", code);
	rc = ts_region_by_key(t, key, out, err);
	return rc == TSDB_NOTFOUND ? ts_err(err, TSDB_EUNKNOWN, "unknown region code \"%.64s\"", code)
	                           : rc;
}

/* ---- the name index ---- */

/* Is an alias a code rather than a name? Codes are upper-case letters, digits and . _ : -
 * ("CHN", "156", "110000", "PRC", "U.S."); "Hebei" and "P.R. China" are names. */
static int code_like(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
		      c == '-'))
			return 0;
	}
	return n > 0;
}

static size_t utf8_len(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

struct emit {
	ts_name_fn *fn;
	void *arg;
	int user;
	int since, until; /* the years of the name being emitted, 0 when always */
};

/* Folds name[0..n) and passes it on with its class. */
static int emit_name(struct emit *e, const char *name, size_t n, int cls)
{
	char *f;
	int rc = ts_fold_span(name, n, &f);
	if (rc || !f)
		return rc;
	size_t fl = strlen(f);
	rc = fl && fl < 500 ? e->fn(f, fl, cls | e->user, e->since, e->until, e->arg) : 0;
	free(f);
	return rc;
}

static int emit_code(struct emit *e, const char *code, size_t n)
{
	char key[80];
	size_t k = ts_code_key(code, n, key, sizeof key);
	return k ? e->fn(key, k, NAME_CODE | e->user, e->since, e->until, e->arg) : 0;
}

/* A name, and its stem under stem_cls; 恩施土家族苗族自治州 is also written 恩施州. */
static int emit_with_stem(struct emit *e, const char *s, size_t n, int cls, int stem_cls)
{
	int aut, rc = emit_name(e, s, n, cls);
	size_t k = ts_region_stem(s, n, &aut);
	if (!rc && k < n)
		rc = emit_name(e, s, k, stem_cls);
	if (!rc && aut && k + 3 < 500 && n > 9 && memcmp(s + n - 9, "自治州", 9) == 0) {
		char w[512];
		memcpy(w, s, k);
		memcpy(w + k, "州", 3);
		rc = emit_name(e, w, k + 3, stem_cls);
	}
	return rc;
}

/* Is r one of China's statistical units, whose English name is the pinyin of its Chinese
 * one ("Jilin" for 吉林市)? Such names rank below the provinces' English names. */
static int pinyin_named(const tsdb_region *r)
{
	size_t i = 0;
	while (r->code[i] >= '0' && r->code[i] <= '9')
		i++;
	return i == 6 && !r->code[6] &&
	       (strcmp(r->level, "prefecture") == 0 || strcmp(r->level, "county") == 0);
}

size_t ts_alias_years(const char *alias, size_t n, int *since, int *until)
{
	*since = *until = 0;
	const char *at = memchr(alias, '@', n);
	if (!at)
		return n;
	char years[24];
	size_t k = n - (size_t)(at + 1 - alias);
	if (k >= sizeof years)
		return n;
	memcpy(years, at + 1, k);
	years[k] = 0;
	char *end;
	long a = strtol(years, &end, 10), b = 0;
	if (end == years || *end != '-')
		return n;
	if (end[1] && ((b = strtol(end + 1, &end, 10)) < a || *end))
		return n;
	if (a < 1000 || a > 9999 || (b && b > 9999))
		return n;
	*since = (int)a;
	*until = (int)b;
	return (size_t)(at - alias);
}

/* Does the list of aliases hold text with years ("桥西区@1983-")? Then the text is a name
 * since then only, and is not indexed without them. */
int ts_alias_dated(const char *aliases, const char *text)
{
	size_t n = strlen(text);
	for (const char *p = aliases; p && *p;) {
		size_t k = strcspn(p, "|");
		if (k > n && p[n] == '@' && memcmp(p, text, n) == 0)
			return 1;
		p += k + (p[k] == '|');
	}
	return 0;
}

int ts_region_names(const tsdb_region *r, int builtin, ts_name_fn *fn, void *arg)
{
	struct emit e = {fn, arg, builtin ? 0 : NAME_USER, 0, 0};
	int rc = r->code && *r->code && !ts_alias_dated(r->aliases, r->code)
	             ? emit_code(&e, r->code, strlen(r->code))
	             : 0;
	for (const char *p = r->aliases; !rc && p && *p;) {
		size_t n = strcspn(p, "|");
		/* a name of some years only: 襄樊市@1981-2010 */
		size_t m = ts_alias_years(p, n, &e.since, &e.until);
		if (code_like(p, m))
			rc = emit_code(&e, p, m);
		else if (utf8_len(p, m) == 1)
			rc = emit_name(&e, p, m, NAME_SHORT);
		else
			rc = emit_with_stem(&e, p, m, NAME_EXACT, NAME_STEM);
		e.since = e.until = 0;
		p += n + (p[n] == '|');
	}
	if (!rc && r->name_zh && *r->name_zh && !ts_alias_dated(r->aliases, r->name_zh))
		rc = emit_with_stem(&e, r->name_zh, strlen(r->name_zh), NAME_EXACT, NAME_STEM);
	if (rc || !r->name || !*r->name)
		return rc;
	size_t n = strlen(r->name);
	if (!pinyin_named(r))
		return emit_with_stem(&e, r->name, n, NAME_EXACT, NAME_STEM);
	rc = builtin ? emit_with_stem(&e, r->name, n, NAME_PINYIN, NAME_PINYIN)
	             : emit_with_stem(&e, r->name, n, NAME_EXACT, NAME_STEM);
	/* "Jilin City", "Chaoyang District": the pinyin with the English word for the unit */
	static const char *const words[][2] = {
	    {"city", " City"},         {"district", " District"}, {"county", " County"},
	    {"prefecture", " Prefecture"}, {"autonomous prefecture", " Prefecture"},
	    {"league", " League"},     {"banner", " Banner"}};
	for (size_t i = 0; !rc && i < sizeof words / sizeof *words; i++)
		if (strcmp(r->type, words[i][0]) == 0 && n < 400) {
			char w[420];
			int k = snprintf(w, sizeof w, "%s%s", r->name, words[i][1]);
			rc = emit_name(&e, w, (size_t)k, NAME_PINYIN);
		}
	return rc;
}

struct index_op {
	tsdb_txn *t;
	uint32_t key;
};

static int index_put(const char *key, size_t n, int cls, int since, int until, void *arg)
{
	struct index_op *op = arg;
	unsigned char val[NAME_ENTRY];
	MDB_val k = {n, (void *)key}, v = {NAME_ENTRY, val};
	val[0] = (unsigned char)cls;
	ts_put32(val + 1, op->key);
	val[5] = (unsigned char)(since >> 8), val[6] = (unsigned char)since;
	val[7] = (unsigned char)(until >> 8), val[8] = (unsigned char)until;
	int rc = mdb_put(op->t->txn, op->t->db->aliases, &k, &v, MDB_NODUPDATA);
	return rc == MDB_KEYEXIST ? 0 : rc;
}

static int index_del(const char *key, size_t n, int cls, int since, int until, void *arg)
{
	struct index_op *op = arg;
	unsigned char val[NAME_ENTRY] = {0};
	MDB_val k = {n, (void *)key}, v = {NAME_ENTRY, val};
	(void)since, (void)until;
	val[0] = (unsigned char)cls;
	ts_put32(val + 1, op->key);
	/* an entry already gone is left alone: a delete would copy its page all the same */
	MDB_cursor *cur;
	int rc = mdb_cursor_open(op->t->txn, op->t->db->aliases, &cur);
	if (rc)
		return rc;
	rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH);
	mdb_cursor_close(cur);
	if (rc)
		return rc == MDB_NOTFOUND ? 0 : rc;
	k = (MDB_val){n, (void *)key}, v = (MDB_val){NAME_ENTRY, val};
	rc = mdb_del(op->t->txn, op->t->db->aliases, &k, &v);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int ts_region_unindex(tsdb_txn *t, const tsdb_region *r, uint32_t key, tsdb_error *err)
{
	struct index_op op = {t, key};
	int rc = ts_region_names(r, 1, index_del, &op);
	return rc ? ts_mdb_err(err, rc, "aliases") : 0;
}

static int index_names(tsdb_txn *t, const tsdb_region *r, uint32_t key, int builtin, tsdb_error *err)
{
	struct index_op op = {t, key};
	int rc = ts_region_names(r, builtin, index_put, &op);
	if (rc == TSDB_EINVAL)
		return ts_err(err, TSDB_EINVAL, "a name of region %.64s is not valid UTF-8", r->code);
	return rc ? ts_mdb_err(err, rc, "aliases") : 0;
}

/* ---- storing and merging ---- */

static int valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.' || *s == ':'))
			return 0;
	return 1;
}

static int given(const char *s)
{
	return s && *s;
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int ts_table_lines(const char *text, size_t len, const char *what, int (*fn)(char **f, void *arg),
                   void *arg, tsdb_error *err)
{
	const char *p = text, *end = p + len;
	char line[8192];
	long lineno = 0;
	int rc = 0;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *f[8];
		int nf = 0;
		lineno++;
		if (n >= sizeof line)
			return ts_err(err, TSDB_ECORRUPT, "%s: line %ld too long", what, lineno);
		memcpy(line, p, n);
		line[n] = 0;
		p += n + 1;
		for (char *s = line; s && nf < 8;) {
			f[nf++] = s;
			if ((s = strchr(s, '\t')))
				*s++ = 0;
		}
		if (nf != 8)
			return ts_err(err, TSDB_ECORRUPT, "%s: line %ld has %d fields", what, lineno, nf);
		rc = fn(f, arg);
	}
	return rc;
}

/* Calls fn with the fields of each line of the built-in catalog (8: code parent level type
 * name name_zh aliases members). */
static int builtin_lines(int (*fn)(char **f, void *arg), void *arg, tsdb_error *err)
{
	return ts_table_lines(ts_regions_tsv, ts_regions_tsv_len, "built-in regions", fn, arg, err);
}

static int is_code(char **f, void *arg)
{
	return strcmp(f[0], arg) == 0;
}

/* Is code a region of the built-in catalog? */
static int builtin_code(const char *code)
{
	return builtin_lines(is_code, (void *)code, NULL) == 1;
}

/* Does the '|'-list list hold item[0..n)? */
static int listed(const char *list, const char *item, size_t n)
{
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && memcmp(p, item, n) == 0)
			return 1;
		p += k + (p[k] == '|');
	}
	return 0;
}

/* Appends item[0..n) to the '|'-list in *buf (size *cap, malloc'd) unless listed already or
 * equal to skip (the names the record holds in their own fields). */
static int list_add(char **buf, size_t *cap, const char *item, size_t n, const char *const *skip)
{
	if (!n || listed(*buf, item, n))
		return 0;
	for (int i = 0; skip[i]; i++)
		if (strlen(skip[i]) == n && memcmp(skip[i], item, n) == 0)
			return 0;
	size_t len = *buf ? strlen(*buf) : 0;
	if (len + n + 2 > *cap) {
		size_t c = (len + n + 2) * 2;
		char *p = realloc(*buf, c);
		if (!p)
			return TSDB_ENOMEM;
		*buf = p;
		*cap = c;
	}
	if (len)
		(*buf)[len++] = '|';
	memcpy(*buf + len, item, n);
	(*buf)[len + n] = 0;
	return 0;
}

static int list_add_all(char **buf, size_t *cap, const char *list, const char *const *skip)
{
	int rc = 0;
	for (const char *p = list; !rc && p && *p;) {
		size_t k = strcspn(p, "|");
		rc = list_add(buf, cap, p, k, skip);
		p += k + (p[k] == '|');
	}
	return rc;
}

/* Writes the record of r (number key) and lists it among its parent's children. */
static int write_record(tsdb_txn *t, const tsdb_region *r, uint32_t key, uint32_t pkey)
{
	unsigned char kb[4], pb[4];
	char since[12] = "", until[12] = "";
	if (r->since)
		snprintf(since, sizeof since, "%d", r->since);
	if (r->until)
		snprintf(until, sizeof until, "%d", r->until);
	const char *f[REGION_FIELDS] = {r->code, r->parent, r->level,  r->type,  r->name,
	                                r->name_zh, r->aliases, since, until, r->successors};
	size_t size;
	void *rec = ts_pack(f, REGION_FIELDS, &size);
	if (!rec)
		return TSDB_ENOMEM;
	ts_put32(kb, key);
	MDB_val k = {4, kb}, v = {size, rec};
	int rc = mdb_put(t->txn, t->db->regions, &k, &v, 0);
	free(rec);
	if (!rc && pkey) {
		MDB_val pk = {4, pb}, cv = {4, kb};
		ts_put32(pb, pkey);
		rc = mdb_put(t->txn, t->db->children, &pk, &cv, MDB_NODUPDATA);
		if (rc == MDB_KEYEXIST)
			rc = 0;
	}
	return rc;
}

/* Merges r into the stored region old: aliases and names are added, fields given replace
 * (the names they replace stay as aliases), fields not given are kept. A built-in region's
 * parent and level cannot be contradicted. */
static int merge(tsdb_txn *t, const tsdb_region *r, const tsdb_region *old, uint32_t pkey,
                 int builtin, tsdb_error *err)
{
	const char *fields[2] = {"parent", "level"};
	const char *want[2] = {r->parent, r->level}, *have[2] = {old->parent, old->level};
	for (int i = 0; i < 2; i++)
		if (given(want[i]) && !same(want[i], have[i]) && (builtin || builtin_code(old->code))) {
			ts_err_field(err, fields[i]);
			return ts_err(err, TSDB_ECONFLICT,
			              "region %.64s is built in with %s \"%.64s\", not \"%.64s\"; a record for it "
			              "may add names and aliases but not move it",
			              old->code, fields[i], have[i], want[i]);
		}
	tsdb_region now = {
	    old->code,
	    given(r->parent) ? r->parent : old->parent,
	    given(r->level) ? r->level : old->level,
	    given(r->type) ? r->type : old->type,
	    given(r->name) ? r->name : old->name,
	    given(r->name_zh) ? r->name_zh : old->name_zh,
	    NULL,
	    old->key,
	    r->since ? r->since : old->since,
	    r->until ? r->until : old->until,
	    given(r->successors) ? r->successors : old->successors,
	};
	/* what is new to the record, to be indexed: the names that replace others, new aliases */
	tsdb_region fresh = {"", "", now.level, now.type, same(now.name, old->name) ? "" : now.name,
	                     same(now.name_zh, old->name_zh) ? "" : now.name_zh, NULL, old->key, 0, 0, NULL};
	const char *skip[] = {now.code, now.name, now.name_zh, NULL};
	char *aliases = NULL, *added = NULL;
	size_t cap = 0, acap = 0;
	int rc = list_add_all(&aliases, &cap, old->aliases, skip);
	if (!rc && !same(now.name, old->name))
		rc = list_add(&aliases, &cap, old->name, strlen(old->name), skip);
	if (!rc && !same(now.name_zh, old->name_zh))
		rc = list_add(&aliases, &cap, old->name_zh, strlen(old->name_zh), skip);
	for (const char *p = r->aliases; !rc && p && *p;) {
		size_t k = strcspn(p, "|");
		if (!listed(aliases, p, k) && !listed(old->aliases, p, k))
			rc = list_add(&added, &acap, p, k, skip);
		if (!rc)
			rc = list_add(&aliases, &cap, p, k, skip);
		p += k + (p[k] == '|');
	}
	if (rc) {
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
		goto out;
	}
	now.aliases = aliases ? aliases : "";
	fresh.aliases = added;
	if (same(now.parent, old->parent) && same(now.level, old->level) && same(now.type, old->type) &&
	    same(now.name, old->name) && same(now.name_zh, old->name_zh) && same(now.aliases, old->aliases) &&
	    now.since == old->since && now.until == old->until && same(now.successors, old->successors))
		goto out; /* nothing new: the store is left as it was */
	/* the record is written from copies: old's strings live in the map being written */
	char *copy[7] = {strdup(now.parent), strdup(now.level), strdup(now.type), strdup(now.name),
	                 strdup(now.name_zh), strdup(now.code), strdup(now.successors)};
	for (int i = 0; i < 7; i++)
		if (!copy[i])
			rc = TSDB_ENOMEM;
	if (!rc && !same(now.parent, old->parent) && *old->parent) {
		tsdb_region op;
		unsigned char pb[4], kb[4];
		if (tsdb_region_get(t, old->parent, &op, NULL) == 0) {
			MDB_val pk = {4, pb}, cv = {4, kb};
			ts_put32(pb, op.key);
			ts_put32(kb, old->key);
			mdb_del(t->txn, t->db->children, &pk, &cv);
		}
	}
	if (!rc) {
		now.parent = copy[0], now.level = copy[1], now.type = copy[2], now.name = copy[3],
		now.name_zh = copy[4], now.code = copy[5], now.successors = copy[6];
		fresh.level = now.level, fresh.type = now.type;
		fresh.name = *fresh.name ? now.name : "", fresh.name_zh = *fresh.name_zh ? now.name_zh : "";
		rc = write_record(t, &now, old->key, pkey);
		rc = rc == TSDB_ENOMEM ? ts_err(err, rc, "out of memory") : rc ? ts_mdb_err(err, rc, "regions") : 0;
		if (!rc)
			rc = index_names(t, &fresh, old->key, builtin, err);
	} else
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	for (int i = 0; i < 7; i++)
		free(copy[i]);
out:
	free(aliases);
	free(added);
	return rc;
}

/* Declares or merges r; builtin: r comes from the built-in catalog. */
int ts_region_put(tsdb_txn *t, const tsdb_region *r, int builtin, tsdb_error *err)
{
	tsdb_region old, parent;
	uint32_t key, pkey = 0;
	int rc;

	if ((rc = ts_catalog_put_check(t, "region code", r->code, r->code && valid_code(r->code),
	                               "1-64 bytes of [A-Za-z0-9_.:-]", err)))
		return rc;
	if (given(r->parent)) {
		if ((rc = tsdb_region_get(t, r->parent, &parent, err))) {
			ts_err_field(err, "parent");
			return rc;
		}
		pkey = parent.key;
	}
	if ((rc = ts_intern(t, 'r', r->code, 1, &key, err)))
		return rc;
	if (pkey == key)
		return ts_err(err, TSDB_EINVAL, "region %s cannot be its own parent", r->code);
	rc = ts_region_by_key(t, key, &old, err);
	if (rc == 0)
		return merge(t, r, &old, pkey, builtin, err);
	if (rc != TSDB_NOTFOUND)
		return rc;
	tsdb_region now = *r;
	now.level = given(r->level) ? r->level : "group";
	if ((rc = write_record(t, &now, key, pkey)))
		return rc == TSDB_ENOMEM ? ts_err(err, rc, "out of memory") : ts_mdb_err(err, rc, "regions");
	return index_names(t, &now, key, builtin, err);
}

int tsdb_region_put(tsdb_txn *t, const tsdb_region *r, tsdb_error *err)
{
	return ts_region_put(t, r, 0, err);
}

/* ---- groups and the tree ---- */

int tsdb_region_add_member(tsdb_txn *t, const char *group, const char *member, tsdb_error *err)
{
	tsdb_region g, m;
	unsigned char gb[4], mb[4];
	int rc;
	if ((rc = tsdb_region_get(t, group, &g, err)) || (rc = tsdb_region_get(t, member, &m, err)))
		return rc;
	if (strcmp(g.level, "group"))
		return ts_err(err, TSDB_EINVAL, "%.64s is a %.32s, not a group: only groups have members",
		              g.code, g.level);
	if (g.key == m.key)
		return ts_err(err, TSDB_EINVAL, "a group cannot be a member of itself");
	/* a member is listed with the group's children; its own parent stays */
	MDB_val k = {4, gb}, v = {4, mb};
	MDB_cursor *cur;
	ts_put32(gb, g.key);
	ts_put32(mb, m.key);
	/* a member already listed is left alone: a put would copy its page all the same */
	if ((rc = mdb_cursor_open(t->txn, t->db->children, &cur)))
		return ts_mdb_err(err, rc, "cursor");
	rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH);
	mdb_cursor_close(cur);
	if (rc == 0)
		return 0;
	k = (MDB_val){4, gb}, v = (MDB_val){4, mb};
	rc = mdb_put(t->txn, t->db->children, &k, &v, MDB_NODUPDATA);
	return rc && rc != MDB_KEYEXIST ? ts_mdb_err(err, rc, "children") : 0;
}

int tsdb_region_children(tsdb_txn *t, const char *parent, int (*fn)(const tsdb_region *, void *),
                         void *arg, tsdb_error *err)
{
	tsdb_region p, c;
	unsigned char pb[4];
	MDB_cursor *cur;
	MDB_val k = {4, pb}, v;
	int rc = tsdb_region_get(t, parent, &p, err);
	if (rc)
		return rc;
	ts_put32(pb, p.key);
	if ((rc = mdb_cursor_open(t->txn, t->db->children, &cur)))
		return ts_mdb_err(err, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if ((rc = ts_region_by_key(t, ts_get32(v.mv_data), &c, err)) || (rc = fn(&c, arg)))
			break;
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* ---- the home country ---- */

static const MDB_val home_key = {4, "home"};

int ts_region_home_key(tsdb_txn *t, uint32_t *key)
{
	MDB_val k = home_key, v;
	char code[72] = "CN";
	if (mdb_get(t->txn, t->db->meta, &k, &v) == 0 && v.mv_size < sizeof code) {
		memcpy(code, v.mv_data, v.mv_size);
		code[v.mv_size] = 0;
	}
	return ts_intern(t, 'r', code, 0, key, NULL);
}

int tsdb_region_home(tsdb_txn *t, tsdb_region *out, tsdb_error *err)
{
	uint32_t key;
	if (ts_region_home_key(t, &key))
		return ts_err(err, TSDB_NOTFOUND, "no home country: the built-in regions are not loaded");
	return ts_region_by_key(t, key, out, err);
}

int tsdb_region_set_home(tsdb_txn *t, const char *code, tsdb_error *err)
{
	tsdb_region r;
	int rc;
	if ((rc = ts_writable(t, err)) || (rc = tsdb_region_get(t, code, &r, err)))
		return rc;
	if (strcmp(r.level, "country"))
		return ts_err(err, TSDB_EINVAL, "%.64s is a %.32s: the home region must be a country",
		              r.code, r.level);
	char code_copy[72];
	snprintf(code_copy, sizeof code_copy, "%s", r.code);
	MDB_val k = home_key, v = {strlen(code_copy), code_copy};
	rc = mdb_put(t->txn, t->db->meta, &k, &v, 0);
	return rc ? ts_mdb_err(err, rc, "meta") : 0;
}

/* ---- the built-in catalog ---- */

struct each {
	int (*fn)(const tsdb_region *, void *);
	void *arg;
};

static int each_line(char **f, void *arg)
{
	struct each *e = arg;
	tsdb_region r = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], 0, 0, 0, NULL};
	return e->fn(&r, e->arg);
}

int tsdb_regions_builtin_each(int (*fn)(const tsdb_region *, void *), void *arg, tsdb_error *err)
{
	struct each e = {fn, arg};
	return builtin_lines(each_line, &e, err);
}

struct builtin_put {
	tsdb_txn *txn;
	tsdb_error *err;
	int members; /* the second pass: groups' members, once every region exists */
};

static int builtin_put(char **f, void *arg)
{
	struct builtin_put *b = arg;
	if (!b->members) {
		tsdb_region r = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], 0, 0, 0, NULL};
		return ts_region_put(b->txn, &r, 1, b->err);
	}
	int rc = 0;
	for (char *m = f[7]; !rc && *m;) {
		size_t n = strcspn(m, "|");
		char c = m[n];
		m[n] = 0;
		rc = tsdb_region_add_member(b->txn, f[0], m, b->err);
		m[n] = c;
		m += n + (c == '|');
	}
	return rc;
}

int tsdb_regions_builtin(tsdb_txn *t, tsdb_error *err)
{
	struct builtin_put b = {t, err, 0};
	int rc = builtin_lines(builtin_put, &b, err);
	b.members = 1;
	if (!rc)
		rc = builtin_lines(builtin_put, &b, err);
	if (!rc)
		rc = ts_regions_history(t, err);
	return rc ? rc : ts_regions_mark_builtin(t, err);
}
