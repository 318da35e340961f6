/* region.c — the region catalog: storing regions, folding names for
 * matching, resolving any name or code to a region, and suggesting the
 * closest names when one does not resolve. */
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <strings.h>
#include <utf8proc.h>

#include "internal.h"

/* Alias tiers: an exact name or code beats a name with its suffix dropped. */
enum { TIER_EXACT = 0, TIER_STEM = 1 };

/* Characters dropped when folding: spaces and punctuation people vary. */
static int dropped(utf8proc_int32_t c)
{
	switch (c) {
	case ' ': case '\t': case '-': case '_': case '.': case '\'': case ',':
	case '(': case ')': case 0x2019: case 0x00B7: case 0x30FB: case 0x3000:
		return 1;
	}
	return 0;
}

char *ts_fold(const char *name)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	                                      UTF8PROC_STRIPMARK);
	if (n < 0)
		return NULL;
	utf8proc_uint8_t *r = m, *w = m;
	while (*r) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(r, -1, &c);
		if (k <= 0)
			break;
		if (!dropped(c)) {
			memmove(w, r, (size_t)k);
			w += k;
		}
		r += k;
	}
	*w = 0;
	return (char *)m;
}

/* Suffixes dropped to make a name's stem: administrative words in Chinese
 * and in pinyin or English. Longest first. */
static const char *const zh_suffix[] = {
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "盟", "区", "县", "旗",
};
static const char *const en_suffix[] = {
    "special administrative region", "autonomous region", "autonomous prefecture",
    "municipality", "prefecture", "province", "district", "county", "region", "city",
    "zizhiqu", "zizhizhou", "zhuangzu", "huizu", "uygur", "sheng", "shi", "sar",
};
/* The peoples named in autonomous-area names (延边朝鲜族自治州). */
static const char *const peoples[] = {
    "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "乌孜别克", "俄罗斯", "鄂温克", "鄂伦春", "达斡尔",
    "蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗",
    "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "塔塔尔", "独龙",
    "赫哲", "门巴", "珞巴", "基诺", "高山", "回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白",
    "傣", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
};

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int ends_with(const char *s, size_t n, const char *suf, int nocase)
{
	size_t k = strlen(suf);
	return k < n && (nocase ? strncasecmp(s + n - k, suf, k) : strncmp(s + n - k, suf, k)) == 0;
}

/* Length of the stem of name[0..n): the name without its administrative
 * suffixes, keeping at least two characters; n if nothing was dropped.
 * *autonomous is set when an autonomous-area suffix went. */
static size_t stem(const char *name, size_t n, int *autonomous)
{
	int again = 1;
	*autonomous = 0;
	while (again) {
		again = 0;
		while (n && name[n - 1] == ' ')
			n--;
		for (size_t i = 0; i < sizeof zh_suffix / sizeof *zh_suffix && !again; i++) {
			size_t k = strlen(zh_suffix[i]);
			if (ends_with(name, n, zh_suffix[i], 0) && utf8_chars(name, n - k) >= 2) {
				n -= k;
				*autonomous |= strncmp(zh_suffix[i], "自治", 6) == 0;
				again = 1;
			}
		}
		if (*autonomous && !again)
			for (size_t i = 0; i < sizeof peoples / sizeof *peoples && !again; i++) {
				char w[32];
				snprintf(w, sizeof w, "%s族", peoples[i]);
				if (ends_with(name, n, w, 0) && utf8_chars(name, n - strlen(w)) >= 2) {
					n -= strlen(w);
					again = 1;
				} else if (utf8_chars(peoples[i], strlen(peoples[i])) >= 2 &&
				           ends_with(name, n, peoples[i], 0) &&
				           utf8_chars(name, n - strlen(peoples[i])) >= 2) {
					/* 新疆维吾尔自治区 names its people without 族 */
					n -= strlen(peoples[i]);
					again = 1;
				}
			}
		for (size_t i = 0; i < sizeof en_suffix / sizeof *en_suffix && !again; i++) {
			size_t k = strlen(en_suffix[i]);
			/* a whole trailing word, and something left before it */
			if (ends_with(name, n, en_suffix[i], 1) && n > k + 1 && name[n - k - 1] == ' ') {
				n -= k + 1;
				again = 1;
			}
		}
	}
	return n;
}

/* ---- reading records ---- */

int ts_region_by_key(tsdb_txn *t, uint32_t key, tsdb_region *out, tsdb_error *err)
{
	unsigned char kb[4];
	MDB_val k = {4, kb}, v;
	const char *f[7];
	ts_put32(kb, key);
	int rc = mdb_get(t->txn, t->db->regions, &k, &v);
	if (rc == MDB_NOTFOUND)
		return TSDB_NOTFOUND;
	if (rc)
		return ts_mdb_err(err, rc, "regions");
	ts_unpack(v.mv_data, v.mv_size, f, 7);
	out->code = f[0];
	out->parent = f[1];
	out->level = f[2];
	out->type = f[3];
	out->name = f[4];
	out->name_zh = f[5];
	out->aliases = f[6];
	out->key = key;
	return 0;
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

/* ---- aliases ---- */

/* Adds (or with del, removes) the alias entry name -> (tier, key). */
static int alias_op(tsdb_txn *t, const char *name, size_t n, int tier, uint32_t key, int del,
                    tsdb_error *err)
{
	char raw[512];
	unsigned char val[5];
	if (n == 0 || n >= sizeof raw)
		return 0;
	memcpy(raw, name, n);
	raw[n] = 0;
	char *f = ts_fold(raw);
	if (!f)
		return ts_err(err, TSDB_EINVAL, "region name \"%.64s\" is not valid UTF-8", raw);
	size_t fl = strlen(f);
	int rc = 0;
	if (fl && fl < 500) {
		MDB_val k = {fl, f}, v = {5, val};
		val[0] = (unsigned char)tier;
		ts_put32(val + 1, key);
		rc = del ? mdb_del(t->txn, t->db->aliases, &k, &v)
		         : mdb_put(t->txn, t->db->aliases, &k, &v, MDB_NODUPDATA);
		if (rc == MDB_KEYEXIST || rc == MDB_NOTFOUND)
			rc = 0;
	}
	free(f);
	return rc ? ts_mdb_err(err, rc, "aliases") : 0;
}

/* Adds or removes every alias of a region: its code, names and listed
 * aliases exactly, and the stems of its names. */
static int aliases_apply(tsdb_txn *t, const tsdb_region *r, uint32_t key, int del,
                         tsdb_error *err)
{
	const char *names[2] = {r->name, r->name_zh};
	int rc = alias_op(t, r->code, strlen(r->code), TIER_EXACT, key, del, err);
	for (const char *p = r->aliases; !rc && p && *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		rc = alias_op(t, p, n, TIER_EXACT, key, del, err);
		p = bar ? bar + 1 : p + n;
	}
	for (int i = 0; i < 2 && !rc; i++) {
		const char *s = names[i];
		size_t n = s ? strlen(s) : 0;
		int aut;
		if (!n)
			continue;
		if ((rc = alias_op(t, s, n, TIER_EXACT, key, del, err)))
			break;
		size_t k = stem(s, n, &aut);
		if (k < n)
			rc = alias_op(t, s, k, TIER_STEM, key, del, err);
		if (!rc && aut && i == 1 && k + 3 < 500) {
			/* 恩施土家族苗族自治州 is also written 恩施州 */
			char w[512];
			memcpy(w, s, k);
			memcpy(w + k, "州", 3);
			if (ends_with(s, n, "自治州", 0))
				rc = alias_op(t, w, k + 3, TIER_STEM, key, del, err);
		}
	}
	return rc;
}

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

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int tsdb_region_put(tsdb_txn *t, const tsdb_region *r, tsdb_error *err)
{
	tsdb_region old, parent;
	uint32_t key, pkey = 0;
	unsigned char kb[4], pb[4];
	int rc, exists;

	if (!t->write)
		return ts_err(err, TSDB_EREADONLY, "read-only transaction");
	if (!r->code || !valid_code(r->code)) {
		ts_err_field(err, "code");
		return ts_err(err, TSDB_EINVAL,
		              "region code \"%.64s\": expected 1-64 bytes of [A-Za-z0-9_.:-]",
		              r->code ? r->code : "");
	}
	if (r->parent && *r->parent) {
		if ((rc = tsdb_region_get(t, r->parent, &parent, err))) {
			ts_err_field(err, "parent");
			return rc;
		}
		pkey = parent.key;
	}
	const char *level = r->level && *r->level ? r->level : "group";
	if ((rc = ts_intern(t, 'r', r->code, 1, &key, err)))
		return rc;
	if (pkey == key)
		return ts_err(err, TSDB_EINVAL, "region %s cannot be its own parent", r->code);
	ts_put32(kb, key);
	rc = ts_region_by_key(t, key, &old, err);
	exists = rc == 0;
	if (rc && rc != TSDB_NOTFOUND)
		return rc;
	if (exists) {
		if (same(old.parent, r->parent) && same(old.level, level) && same(old.type, r->type) &&
		    same(old.name, r->name) && same(old.name_zh, r->name_zh) &&
		    same(old.aliases, r->aliases))
			return 0;
		/* copy the old record out of the map before it is overwritten */
		const char *f[7] = {old.code, old.parent, old.level, old.type, old.name, old.name_zh, old.aliases};
		size_t size;
		void *copy = ts_pack(f, 7, &size);
		tsdb_region o;
		if (!copy)
			return ts_err(err, TSDB_ENOMEM, "out of memory");
		ts_unpack(copy, size, f, 7);
		o = old;
		o.code = f[0], o.parent = f[1], o.aliases = f[6], o.name = f[4], o.name_zh = f[5];
		rc = aliases_apply(t, &o, key, 1, err);
		if (!rc && *o.parent) {
			tsdb_region op;
			if (tsdb_region_get(t, o.parent, &op, NULL) == 0) {
				MDB_val pk = {4, pb}, cv = {4, kb};
				ts_put32(pb, op.key);
				mdb_del(t->txn, t->db->children, &pk, &cv);
			}
		}
		free(copy);
		if (rc)
			return rc;
	}
	const char *f[7] = {r->code, r->parent, level, r->type, r->name, r->name_zh, r->aliases};
	size_t size;
	void *rec = ts_pack(f, 7, &size);
	if (!rec)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	MDB_val k = {4, kb}, v = {size, rec};
	rc = mdb_put(t->txn, t->db->regions, &k, &v, 0);
	free(rec);
	if (rc)
		return ts_mdb_err(err, rc, "regions");
	if (pkey) {
		MDB_val pk = {4, pb}, cv = {4, kb};
		ts_put32(pb, pkey);
		rc = mdb_put(t->txn, t->db->children, &pk, &cv, MDB_NODUPDATA);
		if (rc && rc != MDB_KEYEXIST)
			return ts_mdb_err(err, rc, "children");
	}
	tsdb_region now = *r;
	now.level = level;
	return aliases_apply(t, &now, key, 0, err);
}

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
	ts_put32(gb, g.key);
	ts_put32(mb, m.key);
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

/* ---- resolving ---- */

#define MAXCAND 16

/* Regions a lookup found, best tier only. */
struct cands {
	uint32_t key[MAXCAND];
	int n, tier;
};

static void cand_add(struct cands *c, uint32_t key, int tier)
{
	if (c->n && tier > c->tier)
		return;
	if (!c->n || tier < c->tier) {
		c->n = 0;
		c->tier = tier;
	}
	for (int i = 0; i < c->n; i++)
		if (c->key[i] == key)
			return;
	if (c->n < MAXCAND)
		c->key[c->n++] = key;
}

/* Rank of a level: lower is larger. */
static int level_rank(const char *level)
{
	static const char *const order[] = {"country", "province", "prefecture", "county"};
	for (int i = 0; i < 4; i++)
		if (strcmp(level, order[i]) == 0)
			return i;
	return 4;
}

/* When one candidate is of a larger level than all others, it is the one
 * meant: "Changzhou" is 常州市 rather than 长洲区, "朝阳" is 朝阳市. */
static void prefer_larger(tsdb_txn *t, struct cands *c)
{
	int best = 99, nbest = 0;
	uint32_t key = 0;
	for (int i = 0; i < c->n; i++) {
		tsdb_region r;
		if (ts_region_by_key(t, c->key[i], &r, NULL))
			return;
		int l = level_rank(r.level);
		if (l < best) {
			best = l;
			nbest = 1;
			key = c->key[i];
		} else if (l == best)
			nbest++;
	}
	if (nbest == 1 && best < 4) {
		c->key[0] = key;
		c->n = 1;
	}
}

/* Looks up the folded form of name[0..n) in the alias index. */
static int lookup(tsdb_txn *t, const char *name, size_t n, struct cands *c, tsdb_error *err)
{
	char raw[512];
	MDB_cursor *cur;
	int rc;
	c->n = 0;
	if (n == 0 || n >= sizeof raw)
		return 0;
	memcpy(raw, name, n);
	raw[n] = 0;
	char *f = ts_fold(raw);
	if (!f)
		return ts_err(err, TSDB_EINVAL, "region name is not valid UTF-8");
	MDB_val k = {strlen(f), f}, v;
	if (!k.mv_size || k.mv_size >= 500) {
		free(f);
		return 0;
	}
	if ((rc = mdb_cursor_open(t->txn, t->db->aliases, &cur))) {
		free(f);
		return ts_mdb_err(err, rc, "cursor");
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		const unsigned char *p = v.mv_data;
		cand_add(c, ts_get32(p + 1), p[0]);
	}
	mdb_cursor_close(cur);
	free(f);
	return rc == MDB_NOTFOUND ? 0 : ts_mdb_err(err, rc, "aliases");
}

/* Is region key a descendant of ancestor? */
static int descends(tsdb_txn *t, uint32_t key, uint32_t ancestor)
{
	tsdb_region r;
	for (int depth = 0; depth < 8; depth++) {
		if (ts_region_by_key(t, key, &r, NULL) || !*r.parent)
			return 0;
		if (ts_intern(t, 'r', r.parent, 0, &key, NULL))
			return 0;
		if (key == ancestor)
			return 1;
	}
	return 0;
}

/* Keeps the candidates of c that descend from one of the parents. */
static void within(tsdb_txn *t, struct cands *c, const struct cands *parents)
{
	int m = 0;
	for (int i = 0; i < c->n; i++)
		for (int j = 0; j < parents->n; j++)
			if (descends(t, c->key[i], parents->key[j])) {
				c->key[m++] = c->key[i];
				break;
			}
	c->n = m;
}

/* Candidates for a name: exact or stem aliases, then the stem of the name
 * itself ("Guangdong Province"). */
/* Is code, without its hyphens, name (ASCII, any case)? */
static int code_sans_hyphens(const char *code, const char *name, size_t n)
{
	size_t k = 0;
	for (; *code; code++) {
		if (*code == '-')
			continue;
		if (k == n || tolower((unsigned char)*code) != tolower((unsigned char)name[k]))
			return 0;
		k++;
	}
	return k == n;
}

/* Drops the candidates matched only through a code with a hyphen when the
 * name has no separator: folding takes the hyphen out, so the World Bank's
 * "ARB" (Arab World) would otherwise be Buenos Aires, AR-B. */
static void hyphen_codes(tsdb_txn *t, const char *name, size_t n, struct cands *c)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		if (strchr("- _.", name[i]) || (unsigned char)name[i] >= 0x80)
			return;
	for (int i = 0; i < c->n; i++) {
		tsdb_region r;
		if (ts_region_by_key(t, c->key[i], &r, NULL) || !strchr(r.code, '-') ||
		    !code_sans_hyphens(r.code, name, n))
			c->key[k++] = c->key[i];
	}
	c->n = k;
}

static int candidates(tsdb_txn *t, const char *name, size_t n, struct cands *c, tsdb_error *err)
{
	int rc = lookup(t, name, n, c, err), aut;
	if (!rc && c->n)
		hyphen_codes(t, name, n, c);
	if (rc || c->n)
		return rc;
	size_t k = stem(name, n, &aut);
	return k < n ? lookup(t, name, k, c, err) : 0;
}

/* "parent/child" and "parentchild" (河北石家庄, as some data sets write
 * cities): a prefix naming a region, the rest naming one of its descendants. */
static int compound(tsdb_txn *t, const char *name, size_t n, struct cands *out, tsdb_error *err)
{
	struct cands p, c;
	int rc;
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/')
			slash = name + i;
	out->n = 0;
	if (slash) {
		size_t pl = (size_t)(slash - name);
		if ((rc = candidates(t, name, pl, &p, err)))
			return rc;
		if (!p.n && (rc = compound(t, name, pl, &p, err)))
			return rc;
		if ((rc = candidates(t, slash + 1, n - pl - 1, &c, err)))
			return rc;
		within(t, &c, &p);
		*out = c;
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if (((unsigned char)name[i] & 0xC0) == 0x80)
			continue;
		if ((rc = candidates(t, name, i, &p, err)))
			return rc;
		if (!p.n)
			continue;
		if ((rc = candidates(t, name + i, n - i, &c, err)))
			return rc;
		within(t, &c, &p);
		for (int j = 0; j < c.n; j++)
			cand_add(out, c.key[j], 0);
	}
	return 0;
}

/* Writes "Guangdong (CN-GD, 440000)" or "朝阳区 (110105, in 北京市)". */
static void describe(tsdb_txn *t, uint32_t key, char *buf, size_t size)
{
	tsdb_region r, p;
	char six[16] = "";
	if (ts_region_by_key(t, key, &r, NULL)) {
		snprintf(buf, size, "?");
		return;
	}
	for (const char *a = r.aliases; *a;) {
		size_t n = strcspn(a, "|");
		if (n == 6 && strspn(a, "0123456789") >= 6 && strcmp(r.code, "") != 0) {
			snprintf(six, sizeof six, ", %.6s", a);
			break;
		}
		a += n + (a[n] == '|');
	}
	char name[128];
	int aut;
	const char *full = *r.name ? r.name : r.name_zh;
	snprintf(name, sizeof name, "%.*s", (int)stem(full, strlen(full), &aut), full);
	if (*r.parent && strcmp(r.level, "country") && strcmp(r.level, "province") &&
	    tsdb_region_get(t, r.parent, &p, NULL) == 0)
		snprintf(buf, size, "%s (%s%s, in %s)", name, r.code, six, *p.name_zh ? p.name_zh : p.name);
	else
		snprintf(buf, size, "%s (%s%s)", name, r.code, six);
}

/* Levenshtein distance between two strings of code points, capped. */
static int distance(const utf8proc_int32_t *a, int na, const utf8proc_int32_t *b, int nb)
{
	int row[130];
	if (nb > 128 || na > 128)
		return 99;
	for (int j = 0; j <= nb; j++)
		row[j] = j;
	for (int i = 1; i <= na; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= nb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

static int decode(const char *s, size_t n, utf8proc_int32_t *out, int max)
{
	int k = 0;
	while (n && k < max) {
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out[k]);
		if (l <= 0)
			break;
		s += l;
		n -= (size_t)l;
		k++;
	}
	return k;
}

int ts_distance(const char *x, const char *y)
{
	utf8proc_int32_t a[130], b[130];
	int na = decode(x, strlen(x), a, 129), nb = decode(y, strlen(y), b, 129);
	return distance(a, na, b, nb);
}

/* Appends "; did you mean A, B or C?" with the regions whose aliases are
 * closest to name. */
static void suggest(tsdb_txn *t, const char *name, char *buf, size_t size)
{
	struct { uint32_t key; int d; } best[3];
	int nbest = 0, na;
	utf8proc_int32_t a[130], b[130];
	MDB_cursor *cur;
	MDB_val k, v;
	char *f = ts_fold(name);
	if (!f)
		return;
	na = decode(f, strlen(f), a, 129);
	free(f);
	int limit = na <= 4 ? 1 : na <= 8 ? 2 : 3;
	if (mdb_cursor_open(t->txn, t->db->aliases, &cur))
		return;
	while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0) {
		int nb = decode(k.mv_data, k.mv_size, b, 129);
		if (abs(nb - na) > limit)
			continue;
		int d = distance(a, na, b, nb);
		uint32_t key = ts_get32((unsigned char *)v.mv_data + 1);
		if (d > limit)
			continue;
		int i, dup = 0;
		for (i = 0; i < nbest; i++)
			if (best[i].key == key) {
				dup = 1;
				if (d < best[i].d)
					best[i].d = d;
			}
		if (dup)
			continue;
		for (i = nbest; i > 0 && best[i - 1].d > d; i--)
			if (i < 3)
				best[i] = best[i - 1];
		if (i < 3) {
			best[i].key = key;
			best[i].d = d;
			if (nbest < 3)
				nbest++;
		}
	}
	mdb_cursor_close(cur);
	if (!nbest)
		return;
	size_t n = strlen(buf);
	n += (size_t)snprintf(buf + n, size - n < size ? size - n : 0, " — did you mean ");
	for (int i = 0; i < nbest && n < size; i++) {
		char d[160];
		describe(t, best[i].key, d, sizeof d);
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? (i == nbest - 1 ? " or " : ", ") : "", d);
	}
	if (n < size)
		snprintf(buf + n, size - n, "?");
}

int tsdb_region_resolve(tsdb_txn *t, const char *name, tsdb_region *out, tsdb_error *err)
{
	struct cands c;
	size_t n = strlen(name);
	char msg[TSDB_ERROR_TEXT];
	int rc;

	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	while (n && (*name == ' ' || *name == '\t'))
		name++, n--;
	if (n == 0)
		return ts_err(err, TSDB_EINVAL, "empty region name");
	if ((rc = candidates(t, name, n, &c, err)))
		return rc;
	if (!c.n && (rc = compound(t, name, n, &c, err)))
		return rc;
	if (c.n > 1)
		prefer_larger(t, &c);
	if (c.n == 1)
		return ts_region_by_key(t, c.key[0], out, err);
	if (c.n == 0) {
		if (!err) /* nobody reads the suggestions: spare their scan */
			return TSDB_EUNKNOWN;
		snprintf(msg, sizeof msg, "unknown region \"%.*s\"", (int)(n < 64 ? n : 64), name);
		suggest(t, name, msg, sizeof msg);
		return ts_err(err, TSDB_EUNKNOWN, "%s", msg);
	}
	size_t m = (size_t)snprintf(msg, sizeof msg, "region \"%.*s\" is ambiguous: ",
	                            (int)(n < 64 ? n : 64), name);
	for (int i = 0; i < c.n && i < 6 && m < sizeof msg; i++) {
		char d[160];
		describe(t, c.key[i], d, sizeof d);
		m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s", i ? ", " : "", d);
	}
	if (m < sizeof msg)
		snprintf(msg + m, sizeof msg - m, "; use a code, or PARENT/NAME");
	return ts_err(err, TSDB_EAMBIGUOUS, "%s", msg);
}

/* ---- the built-in catalog ---- */

int tsdb_regions_builtin_each(int (*fn)(const tsdb_region *, void *), void *arg, tsdb_error *err)
{
	const char *p = ts_regions_tsv, *end = p + ts_regions_tsv_len;
	char line[4096];
	long lineno = 0;
	int rc = 0;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *f[7];
		int nf = 0;
		lineno++;
		if (n >= sizeof line)
			return ts_err(err, TSDB_ECORRUPT, "built-in regions: line %ld too long", lineno);
		memcpy(line, p, n);
		line[n] = 0;
		p += n + 1;
		for (char *s = line; nf < 7; nf++) {
			f[nf] = s;
			s = strchr(s, '\t');
			if (!s) {
				nf++;
				break;
			}
			*s++ = 0;
		}
		if (nf != 7)
			return ts_err(err, TSDB_ECORRUPT, "built-in regions: line %ld has %d fields", lineno, nf);
		tsdb_region r = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], 0};
		rc = fn(&r, arg);
	}
	return rc;
}

struct builtin_put {
	tsdb_txn *txn;
	tsdb_error *err;
};

static int builtin_put(const tsdb_region *r, void *arg)
{
	struct builtin_put *b = arg;
	return tsdb_region_put(b->txn, r, b->err);
}

int tsdb_regions_builtin(tsdb_txn *t, tsdb_error *err)
{
	struct builtin_put b = {t, err};
	return tsdb_regions_builtin_each(builtin_put, &b, err);
}
