/* region_resolve.c — resolving any name or code to the one region it names, by the written
 * precedence of docs/REGIONS.md, or refusing it with the candidates. */
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

/* enough for the commonest name (郊区 named some 90 units since 1981) */
#define MAXCAND 160

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
	int cls;          /* the class of the entry that found it */
	int since, until; /* the years of that name (0: always, until 0: still) */
	int from, to;     /* the years the unit existed (0: no bound) */
};

struct cands {
	struct cand c[MAXCAND];
	int n;
	int timed; /* some candidate is a name of some years or a unit of some years */
};

/* Is region r (number key) the home country, in it, a country or a group? */
static int homely(tsdb_txn *t, const tsdb_region *r, uint32_t key, uint32_t home)
{
	tsdb_region up;
	if (strcmp(r->level, "country") == 0 || strcmp(r->level, "group") == 0)
		return 1;
	const char *parent = r->parent;
	for (int depth = 0; depth < 8; depth++) {
		if (key == home)
			return 1;
		if (!*parent || ts_intern(t, 'r', parent, 0, &key, NULL))
			return 0;
		if (key == home)
			return 1;
		if (ts_region_by_key(t, key, &up, NULL))
			return 0;
		parent = up.parent;
	}
	return 0;
}

static int rank_of(tsdb_txn *t, const tsdb_region *r, uint32_t key, int cls, uint32_t home)
{
	int base = cls & ~NAME_USER;
	if (base == NAME_CODE)
		return cls & NAME_USER ? RANK_USER_CODE : RANK_CODE;
	if (cls & NAME_USER)
		return base == NAME_EXACT || base == NAME_SHORT ? RANK_USER : RANK_USER_STEM;
	if (homely(t, r, key, home))
		return base == NAME_EXACT || base == NAME_SHORT ? RANK_HOME
		       : base == NAME_STEM                      ? RANK_HOME_STEM
		                                                : RANK_HOME_PINYIN;
	return base == NAME_EXACT || base == NAME_SHORT ? RANK_FOREIGN : RANK_FOREIGN_STEM;
}

static void cand_add(struct cands *c, const struct cand *x)
{
	int worst = -1;
	c->timed |= x->since || x->from || x->to;
	for (int i = 0; i < c->n; i++) {
		struct cand *y = &c->c[i];
		if (y->key == x->key) {
			if (x->rank < y->rank)
				*y = *x;
			else if (x->rank == y->rank && (y->since || y->until)) {
				/* one name of two spells (or a name always and some years): the widest */
				y->since = x->since && x->since < y->since ? x->since : x->since ? y->since : 0;
				y->until = x->until && y->until && x->until > y->until ? x->until
				           : x->until && y->until                      ? y->until
				                                                       : 0;
			}
			return;
		}
		if (worst < 0 || y->rank > c->c[worst].rank)
			worst = i;
	}
	if (c->n < MAXCAND)
		c->c[c->n++] = *x;
	else if (x->rank < c->c[worst].rank)
		c->c[worst] = *x;
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
		struct cand x = {ts_get32(p + 1), RANK_FOREIGN_STEM, p[0], 0, 0, 0, 0};
		tsdb_region r;
		if (v.mv_size >= NAME_ENTRY) {
			x.since = p[5] << 8 | p[6];
			x.until = p[7] << 8 | p[8];
		}
		/* one read of the record: its rank and its years */
		if (ts_region_by_key(t, x.key, &r, NULL) == 0) {
			x.rank = rank_of(t, &r, x.key, p[0], home);
			x.from = r.since, x.to = r.until;
		}
		cand_add(c, &x);
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : ts_mdb_err(err, rc, "aliases");
}

/* Every region name[0..n) may mean, as a code or as a name; when the name as written matches
 * nothing, its stem ("Guangdong Province" -> "Guangdong"). */
static int gather(tsdb_txn *t, const char *name, size_t n, uint32_t home, struct cands *c,
                  tsdb_error *err)
{
	char key[80];
	int rc, aut;
	c->n = 0;
	c->timed = 0;
	size_t k = ts_code_key(name, n, key, sizeof key);
	if (k && (rc = index_get(t, key, k, home, c, err)))
		return rc;
	/* a code outranks every name: the names need not be looked at; then the
	 * name as written outranks its stem */
	for (int stem = 0; stem < 2 && !c->n; stem++) {
		size_t m = stem ? ts_region_stem(name, n, &aut) : n;
		char *f;
		if (stem && m >= n)
			break;
		if (ts_fold_span(name, m, &f))
			return ts_err(err, TSDB_EINVAL, "region name is not valid UTF-8");
		if (!f)
			break;
		rc = index_get(t, f, strlen(f), home, c, err);
		free(f);
		if (rc)
			return rc;
	}
	return 0;
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
	out->timed = 0;
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
			cand_add(out, &c.c[j]);
	}
	return 0;
}

/* " 1992-2018" for a unit of some years, "" for one in use. */
static void years(char *buf, size_t size, int since, int until)
{
	if (!since && !until)
		*buf = 0;
	else if (!until)
		snprintf(buf, size, " since %d", since);
	else
		snprintf(buf, size, " %d-%d", since, until);
}

void ts_region_describe(tsdb_txn *t, uint32_t key, char *buf, size_t size)
{
	tsdb_region r, p;
	char six[16] = "", span[32];
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
	years(span, sizeof span, r.since, r.until);
	if (*span)
		memmove(span + 1, span, strlen(span) + 1), span[0] = ',';
	char name[128];
	int aut;
	const char *full = *r.name ? r.name : r.name_zh;
	snprintf(name, sizeof name, "%.*s", (int)ts_region_stem(full, strlen(full), &aut), full);
	/* the parent tells places of one name apart; the home country's provinces need none */
	ts_region_home_key(t, &home);
	int obvious = !*r.parent || (ts_intern(t, 'r', r.parent, 0, &key, NULL) == 0 && key == home);
	if (!obvious && tsdb_region_get(t, r.parent, &p, NULL) == 0)
		snprintf(buf, size, "%s (%s%s%s, in %s)", name, r.code, six, span,
		         *p.name_zh ? p.name_zh : p.name);
	else
		snprintf(buf, size, "%s (%s%s%s)", name, r.code, six, span);
}

/* Did the unit of candidate x exist in year y? */
static int alive(const struct cand *x, int y)
{
	return (!x->from || x->from <= y) && (!x->to || y <= x->to);
}

/* Was x's name its name in year y? The code lists are as of 31 December: a name or unit that
 * ended in year y was no longer in that year's list, and its successor was. */
static int named(const struct cand *x, int y)
{
	return (!x->from || x->from <= y) && (!x->to || y < x->to) && (!x->since || x->since <= y) &&
	       (!x->until || y < x->until);
}

/* Keeps the candidates for which keep(x, year) holds; whether any was kept. */
static int keep_if(struct cands *c, int (*keep)(const struct cand *, int), int year)
{
	int m = 0;
	for (int i = 0; i < c->n; i++)
		if (keep(&c->c[i], year))
			c->c[m++] = c->c[i];
	if (m)
		c->n = m;
	return m > 0;
}

static int today(const struct cand *x, int y)
{
	(void)y;
	return !x->to && !x->until;
}

/* The error for a unit that did not exist in year y: its years and where its area went
 * ("莱芜市 (371200) existed 1992-2018, not in 2020; its area went to 济南市 (370100) in 2018"). */
static int not_then(tsdb_txn *t, const tsdb_region *r, int y, tsdb_error *err)
{
	char msg[TSDB_ERROR_TEXT];
	size_t m = (size_t)snprintf(msg, sizeof msg, "%s (%s) existed %d-%d, not in %d",
	                            *r->name_zh ? r->name_zh : r->name, r->code, r->since, r->until, y);
	if (y < r->since || !*r->successors)
		return ts_err(err, TSDB_EDATA, "%s", msg);
	m += (size_t)snprintf(msg + m, sizeof msg - m, "; its area went to ");
	int count = 1, i = 0;
	for (const char *s = r->successors; *s; s++)
		count += *s == '|';
	for (const char *s = r->successors; *s && m < sizeof msg; i++) {
		size_t k = strcspn(s, "|");
		char code[72];
		tsdb_region x;
		snprintf(code, sizeof code, "%.*s", (int)(k < 71 ? k : 71), s);
		s += k + (s[k] == '|');
		const char *sep = i == 0 ? "" : i == count - 1 ? " and " : ", ";
		if (tsdb_region_get(t, code, &x, NULL) == 0)
			m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s (%s)", sep,
			                      *x.name_zh ? x.name_zh : x.name, x.code);
		else
			m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s", sep, code);
	}
	if (m < sizeof msg)
		snprintf(msg + m, sizeof msg - m, " in %d", r->until);
	return ts_err(err, TSDB_EDATA, "%s", msg);
}

/* The years around y in which no candidate's name or unit begins or ends: the answer for y
 * holds for all of them. */
static void steady(const struct cands *c, int y, int span[2])
{
	int lo = 1, hi = 9999;
	for (int i = 0; i < c->n; i++) {
		const struct cand *x = &c->c[i];
		int b[5] = {x->since, x->until, x->from, x->to, x->to ? x->to + 1 : 0};
		for (int k = 0; k < 5; k++)
			if (b[k] && b[k] <= y && b[k] > lo)
				lo = b[k];
			else if (b[k] > y && b[k] - 1 < hi)
				hi = b[k] - 1;
	}
	span[0] = lo;
	span[1] = hi;
}

int ts_region_resolve_at(tsdb_txn *t, const char *name, int first, int last, tsdb_region *out,
                         int span[2], tsdb_error *err)
{
	struct cands c;
	size_t n = strlen(name);
	char msg[TSDB_ERROR_TEXT];
	uint32_t home = 0;
	int rc;

	span[0] = span[1] = 0;
	trim(&name, &n);
	if (n == 0)
		return ts_err(err, TSDB_EINVAL, "empty region name");
	ts_region_home_key(t, &home);
	if ((rc = gather(t, name, n, home, &c, err)))
		return rc;
	if (!c.n && (rc = qualified(t, name, n, home, &c, err)))
		return rc;
	if (c.timed && first)
		steady(&c, first, span);
	else if (c.timed)
		span[0] = span[1] = -1;
	int larger = 1;
	if (c.timed && first) {
		/* the units that bore the name then; failing that, whose name it is today (a
		 * present-day unit takes figures for years before its name); failing that, the
		 * units that existed then. When none existed, all stay: the error says so. */
		if (!keep_if(&c, named, first) && !keep_if(&c, today, 0))
			keep_if(&c, alive, first);
	} else if (c.timed && !keep_if(&c, today, 0))
		larger = 0; /* only units of the past: which one is for the user to say */
	choose(t, &c, larger);
	if (c.n == 1) {
		if ((rc = ts_region_by_key(t, c.c[0].key, out, err)))
			return rc;
		if (first && (out->since || out->until)) {
			int y = first;
			if (alive(&c.c[0], first))
				y = last && !alive(&c.c[0], last) ? last : 0;
			if (y)
				return not_then(t, out, y, err);
		}
		return 0;
	}
	if (c.n == 0) {
		if (!err) /* nobody reads the suggestions: spare their scan */
			return TSDB_EUNKNOWN;
		snprintf(msg, sizeof msg, "unknown region \"%.*s\"", (int)(n < 64 ? n : 64), name);
		ts_region_suggest(t, name, msg, sizeof msg);
		return ts_err(err, TSDB_EUNKNOWN, "%s", msg);
	}
	if (first && !alive(&c.c[0], first)) {
		/* several units of the name, none of them then */
		size_t m = (size_t)snprintf(msg, sizeof msg, "region \"%.*s\" existed only as ", (int)(n < 64 ? n : 64), name);
		for (int i = 0; i < c.n && i < 6 && m < sizeof msg; i++) {
			char d[200];
			ts_region_describe(t, c.c[i].key, d, sizeof d);
			m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s", i ? ", " : "", d);
		}
		if (m < sizeof msg)
			snprintf(msg + m, sizeof msg - m, ", not in %d", first);
		return ts_err(err, TSDB_EDATA, "%s", msg);
	}
	size_t m = (size_t)snprintf(msg, sizeof msg, "region \"%.*s\" is ambiguous: ",
	                            (int)(n < 64 ? n : 64), name);
	for (int i = 0; i < c.n && i < 6 && m < sizeof msg; i++) {
		char d[200], span[32];
		ts_region_describe(t, c.c[i].key, d, sizeof d);
		years(span, sizeof span, c.c[i].since, c.c[i].until);
		m += (size_t)snprintf(msg + m, sizeof msg - m, "%s%s%s%s", i ? ", " : "", d,
		                      *span ? " named so" : "", span);
	}
	if (c.n > 6 && m < sizeof msg)
		m += (size_t)snprintf(msg + m, sizeof msg - m, " and %d more", c.n - 6);
	if (m < sizeof msg)
		snprintf(msg + m, sizeof msg - m, "; use a code, PARENT/NAME or NAME, PARENT%s",
		         c.timed ? ", or give a period" : "");
	return ts_err(err, TSDB_EAMBIGUOUS, "%s", msg);
}

int tsdb_region_resolve_at(tsdb_txn *t, const char *name, int first, int last, tsdb_region *out,
                           tsdb_error *err)
{
	int span[2];
	return ts_region_resolve_at(t, name, first, last, out, span, err);
}

int tsdb_region_resolve(tsdb_txn *t, const char *name, tsdb_region *out, tsdb_error *err)
{
	int span[2];
	return ts_region_resolve_at(t, name, 0, 0, out, span, err);
}
