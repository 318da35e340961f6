/* region_resolve.c — resolving any name or code to the one region it names, by the written
 * precedence of docs/REGIONS.md, or refusing it with the candidates. */
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

#define MAXCAND 32

/* Ranks, best first (docs/REGIONS.md, "Precedence"). */
enum {
	RANK_USER_CODE,    /* an exact code the user declared (a region's code, an alias) */
	RANK_CODE,         /* an exact built-in code in any code system */
	RANK_USER,         /* a name or alias the user declared */
	RANK_HOME,         /* a built-in name of the home country's regions, a country or a group */
	RANK_USER_STEM,    /* a user's name without its suffix */
	RANK_HOME_STEM,    /* the same for built-in names */
	RANK_HOME_PINYIN,  /* the pinyin of a prefecture or county ("Jilin" for 吉林市) */
	RANK_FOREIGN,      /* a name of a foreign subdivision (iso-codes, and its zh_CN name) */
	RANK_FOREIGN_STEM,
	RANK_NONE
};

struct cand {
	uint32_t key;
	int rank;
	int cls; /* the class of the entry that found it */
};

struct cands {
	struct cand c[MAXCAND];
	int n;
};

/* Is region key the home country, in it, a country or a group? */
static int homely(tsdb_txn *t, uint32_t key, uint32_t home)
{
	tsdb_region r;
	for (int depth = 0; depth < 8; depth++) {
		if (key == home)
			return 1;
		if (ts_region_by_key(t, key, &r, NULL))
			return 0;
		if (depth == 0 && (strcmp(r.level, "country") == 0 || strcmp(r.level, "group") == 0))
			return 1;
		if (!*r.parent || ts_intern(t, 'r', r.parent, 0, &key, NULL))
			return 0;
	}
	return 0;
}

static int rank_of(tsdb_txn *t, uint32_t key, int cls, uint32_t home)
{
	int base = cls & ~NAME_USER;
	if (base == NAME_CODE)
		return cls & NAME_USER ? RANK_USER_CODE : RANK_CODE;
	if (cls & NAME_USER)
		return base == NAME_EXACT || base == NAME_SHORT ? RANK_USER : RANK_USER_STEM;
	if (homely(t, key, home))
		return base == NAME_EXACT || base == NAME_SHORT ? RANK_HOME
		       : base == NAME_STEM                      ? RANK_HOME_STEM
		                                                : RANK_HOME_PINYIN;
	return base == NAME_EXACT || base == NAME_SHORT ? RANK_FOREIGN : RANK_FOREIGN_STEM;
}

static void cand_add(struct cands *c, uint32_t key, int rank, int cls)
{
	int worst = -1;
	for (int i = 0; i < c->n; i++) {
		if (c->c[i].key == key) {
			if (rank < c->c[i].rank)
				c->c[i].rank = rank, c->c[i].cls = cls;
			return;
		}
		if (worst < 0 || c->c[i].rank > c->c[worst].rank)
			worst = i;
	}
	if (c->n < MAXCAND)
		c->c[c->n++] = (struct cand){key, rank, cls};
	else if (rank < c->c[worst].rank)
		c->c[worst] = (struct cand){key, rank, cls};
}

/* Adds the entries of the index under key[0..n). */
static int index_get(tsdb_txn *t, const char *key, size_t n, uint32_t home, struct cands *c,
                     tsdb_error *err)
{
	MDB_cursor *cur;
	MDB_val k = {n, (void *)key}, v;
	int rc;
	if (!n || n >= 500)
		return 0;
	if ((rc = mdb_cursor_open(t->txn, t->db->aliases, &cur)))
		return ts_mdb_err(err, rc, "cursor");
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		const unsigned char *p = v.mv_data;
		uint32_t region = ts_get32(p + 1);
		cand_add(c, region, rank_of(t, region, p[0], home), p[0]);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : ts_mdb_err(err, rc, "aliases");
}

/* Every region name[0..n) may mean, as a code or as a name; when the name as written matches
 * nothing, its stem ("Guangdong Province" -> "Guangdong"). */
static int gather(tsdb_txn *t, const char *name, size_t n, uint32_t home, struct cands *c,
                  tsdb_error *err)
{
	char key[80], raw[512];
	int rc, aut;
	c->n = 0;
	size_t k = ts_code_key(name, n, key, sizeof key);
	if (k && (rc = index_get(t, key, k, home, c, err)))
		return rc;
	if (c->n) /* a code outranks every name: the names need not be looked at */
		return 0;
	if (n == 0 || n >= sizeof raw)
		return 0;
	memcpy(raw, name, n);
	raw[n] = 0;
	char *f = ts_fold(raw);
	if (!f)
		return ts_err(err, TSDB_EINVAL, "region name is not valid UTF-8");
	rc = index_get(t, f, strlen(f), home, c, err);
	free(f);
	if (rc || c->n)
		return rc;
	size_t s = ts_region_stem(name, n, &aut);
	if (s < n) {
		memcpy(raw, name, s);
		raw[s] = 0;
		if (!(f = ts_fold(raw)))
			return ts_err(err, TSDB_EINVAL, "region name is not valid UTF-8");
		rc = index_get(t, f, strlen(f), home, c, err);
		free(f);
	}
	return rc;
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

/* Keeps the candidates of the best rank; among them, when one is of a larger level than all
 * the others, that one: "Changzhou" is 常州市 rather than 长洲区, "河南" the province rather
 * than 河南蒙古族自治县. larger: apply that second rule. */
static void choose(tsdb_txn *t, struct cands *c, int larger)
{
	int best = RANK_NONE, m = 0;
	for (int i = 0; i < c->n; i++)
		if (c->c[i].rank < best)
			best = c->c[i].rank;
	for (int i = 0; i < c->n; i++)
		if (c->c[i].rank == best)
			c->c[m++] = c->c[i];
	c->n = m;
	if (!larger || c->n < 2)
		return;
	int top = 99, ntop = 0, at = 0;
	for (int i = 0; i < c->n; i++) {
		tsdb_region r;
		if (ts_region_by_key(t, c->c[i].key, &r, NULL))
			return;
		int l = level_rank(r.level);
		if (l < top)
			top = l, ntop = 1, at = i;
		else if (l == top)
			ntop++;
	}
	if (ntop == 1 && top < 4) {
		c->c[0] = c->c[at];
		c->n = 1;
	}
}

/* Is region key a descendant or member of ancestor, and not ancestor itself? */
static int descends(tsdb_txn *t, uint32_t key, uint32_t ancestor)
{
	tsdb_region a, r;
	if (key == ancestor || ts_region_by_key(t, ancestor, &a, NULL) || ts_region_by_key(t, key, &r, NULL))
		return 0;
	int in = 0;
	tsdb_region_within(t, r.code, a.code, &in, NULL);
	return in;
}

/* Keeps the candidates of c inside one of the parents. */
static void within(tsdb_txn *t, struct cands *c, const struct cands *parents)
{
	int m = 0;
	for (int i = 0; i < c->n; i++)
		for (int j = 0; j < parents->n; j++)
			if (descends(t, c->c[i].key, parents->c[j].key)) {
				c->c[m++] = c->c[i];
				break;
			}
	c->n = m;
}

static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
}

/* A name qualified by its parent: "PARENT/NAME" (越南/河南省, VN/Hà Nam), "NAME, PARENT"
 * (Suzhou, Jiangsu), or, without a separator, a parent's name followed by a descendant's
 * (河北石家庄, as some data sets write cities). A one-character name (京) never qualifies
 * inside a longer one. */
static int qualified(tsdb_txn *t, const char *name, size_t n, uint32_t home, struct cands *out,
                     tsdb_error *err)
{
	struct cands p, c;
	const char *slash = NULL, *comma = NULL;
	int rc;
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (name[i] == '/')
			slash = name + i;
		if (name[i] == ',')
			comma = name + i;
	}
	if (slash || comma) {
		const char *pn = slash ? name : comma + 1, *cn = slash ? slash + 1 : name;
		size_t pl = slash ? (size_t)(slash - name) : n - (size_t)(comma + 1 - name);
		size_t cl = slash ? n - pl - 1 : (size_t)(comma - name);
		trim(&pn, &pl);
		trim(&cn, &cl);
		if ((rc = gather(t, pn, pl, home, &p, err)))
			return rc;
		if (!p.n && (rc = qualified(t, pn, pl, home, &p, err)))
			return rc;
		choose(t, &p, 0);
		if ((rc = gather(t, cn, cl, home, &c, err)))
			return rc;
		within(t, &c, &p);
		*out = c;
		return 0;
	}
	/* no name is that long: each split would be looked up for nothing */
	for (size_t i = 1; i < n && n < 512; i++) {
		if (((unsigned char)name[i] & 0xC0) == 0x80)
			continue;
		if ((rc = gather(t, name, i, home, &p, err)))
			return rc;
		int m = 0;
		for (int j = 0; j < p.n; j++)
			if ((p.c[j].cls & ~NAME_USER) != NAME_SHORT)
				p.c[m++] = p.c[j];
		p.n = m;
		choose(t, &p, 0);
		if (!p.n)
			continue;
		if ((rc = gather(t, name + i, n - i, home, &c, err)))
			return rc;
		within(t, &c, &p);
		for (int j = 0; j < c.n; j++)
			cand_add(out, c.c[j].key, c.c[j].rank, c.c[j].cls);
	}
	return 0;
}

void ts_region_describe(tsdb_txn *t, uint32_t key, char *buf, size_t size)
{
	tsdb_region r, p;
	char six[16] = "";
	uint32_t home = 0;
	if (ts_region_by_key(t, key, &r, NULL)) {
		snprintf(buf, size, "?");
		return;
	}
	for (const char *a = r.aliases; *a;) {
		size_t n = strcspn(a, "|");
		if (n == 6 && strspn(a, "0123456789") >= 6) {
			snprintf(six, sizeof six, ", %.6s", a);
			break;
		}
		a += n + (a[n] == '|');
	}
	char name[128];
	int aut;
	const char *full = *r.name ? r.name : r.name_zh;
	snprintf(name, sizeof name, "%.*s", (int)ts_region_stem(full, strlen(full), &aut), full);
	/* the parent tells places of one name apart; the home country's provinces need none */
	ts_region_home_key(t, &home);
	int obvious = !*r.parent || (ts_intern(t, 'r', r.parent, 0, &key, NULL) == 0 && key == home);
	if (!obvious && tsdb_region_get(t, r.parent, &p, NULL) == 0)
		snprintf(buf, size, "%s (%s%s, in %s)", name, r.code, six, *p.name_zh ? p.name_zh : p.name);
	else
		snprintf(buf, size, "%s (%s%s)", name, r.code, six);
}

int tsdb_region_resolve(tsdb_txn *t, const char *name, tsdb_region *out, tsdb_error *err)
{
	struct cands c;
	size_t n = strlen(name);
	char msg[TSDB_ERROR_TEXT];
	uint32_t home = 0;
	int rc;

	trim(&name, &n);
	if (n == 0)
		return ts_err(err, TSDB_EINVAL, "empty region name");
	ts_region_home_key(t, &home);
	if ((rc = gather(t, name, n, home, &c, err)))
		return rc;
	if (!c.n && (rc = qualified(t, name, n, home, &c, err)))
		return rc;
	choose(t, &c, 1);
	if (c.n == 1)
		return ts_region_by_key(t, c.c[0].key, out, err);
	if (c.n == 0) {
		if (!err) /* nobody reads the suggestions: spare their scan */
			return TSDB_EUNKNOWN;
		snprintf(msg, sizeof msg, "unknown region \"%.*s\"", (int)(n < 64 ? n : 64), name);
		ts_region_suggest(t, name, msg, sizeof msg);
		return ts_err(err, TSDB_EUNKNOWN, "%s", msg);
	}
	size_t m = (size_t)snprintf(msg, sizeof msg, "region \"%.*s\" is ambiguous: ",
	                            (int)(n < 64 ? n : 64), name);
	for (int i = 0; i < c.n && i < 6 && m < sizeof msg; i++) {
		char d[200];
		ts_region_describe(t, c.c[i].key, d, sizeof d);
		m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s", i ? ", " : "", d);
	}
	if (c.n > 6 && m < sizeof msg)
		m += (size_t)snprintf(msg + m, sizeof msg - m, " and %d more", c.n - 6);
	if (m < sizeof msg)
		snprintf(msg + m, sizeof msg - m, "; use a code, PARENT/NAME or NAME, PARENT");
	return ts_err(err, TSDB_EAMBIGUOUS, "%s", msg);
}
