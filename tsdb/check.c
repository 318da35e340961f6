/* check.c — verifying the invariants of the store (tsdb_check) and clearing
 * the reader slots of dead processes (tsdb_readers_check).
 *
 * The check walks every sub-database once, in key order, holding no more
 * than one record of each at a time (in obs, one series block): obs and
 * versions are walked side by side, since a version's key starts with its
 * observation's key. The rule
 * for the version shown is stated again here, independently of obs.c, from
 * docs/STORE.md, so that a fault in either is caught. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

struct chk {
	tsdb_txn *t;
	void (*problem)(const char *what, void *arg);
	void *arg;
	uint64_t n;
};

static void bad(struct chk *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bad(struct chk *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->n++;
	if (c->problem)
		c->problem(msg, c->arg);
}

/* Keys must rise strictly (and, in a DUPSORT table, the values of one key). */
struct order {
	unsigned char key[512], val[8];
	size_t klen, vlen;
	int have;
};

static int cmp_bytes(const void *a, size_t na, const void *b, size_t nb)
{
	int d = memcmp(a, b, na < nb ? na : nb);
	return d ? d : (na > nb) - (na < nb);
}

static void in_order(struct chk *c, struct order *o, const char *table, const MDB_val *k,
                     const MDB_val *v, int dups)
{
	int d = o->have ? cmp_bytes(o->key, o->klen, k->mv_data, k->mv_size) : -1;
	if (d == 0 && dups)
		d = cmp_bytes(o->val, o->vlen, v->mv_data, v->mv_size);
	if (d >= 0)
		bad(c, "%s: keys out of order (a key of %zu bytes after one of %zu that sorts %s it)",
		    table, k->mv_size, o->klen, d ? "after" : "equal to");
	o->klen = k->mv_size < sizeof o->key ? k->mv_size : sizeof o->key;
	memcpy(o->key, k->mv_data, o->klen);
	o->vlen = dups && v->mv_size <= sizeof o->val ? v->mv_size : 0;
	if (o->vlen)
		memcpy(o->val, v->mv_data, o->vlen);
	o->have = 1;
}

/* Is d a real date, yyyymmdd in years 1-9999? */
static int real_date(uint32_t d)
{
	char buf[16];
	uint32_t back;
	if (d < 10101 || d > 99991231)
		return 0;
	tsdb_date_format(d, buf);
	return tsdb_date_parse(buf, (size_t)-1, &back, NULL) == 0 && back == d;
}

/* Is rec a packed record of exactly n NUL-terminated strings? */
static int packed(const MDB_val *rec, int n)
{
	const char *p = rec->mv_data;
	int nul = 0;
	if (rec->mv_size == 0 || p[rec->mv_size - 1] != 0)
		return 0;
	for (size_t i = 0; i < rec->mv_size; i++)
		nul += p[i] == 0;
	return nul == n;
}

/* Looks up the number interned for (kind, name); 0 when there is none. */
static uint32_t interned(struct chk *c, char kind, const char *name)
{
	uint32_t key;
	return *name && ts_intern(c->t, kind, name, 0, &key, NULL) == 0 ? key : 0;
}

/* Walks table, calling visit on each entry; a read error is a problem and
 * ends the walk. Returns non-zero only when the check cannot go on. */
static int walk(struct chk *c, MDB_dbi dbi, const char *table, int dups,
                void (*visit)(struct chk *, const MDB_val *, const MDB_val *), tsdb_error *err)
{
	struct order o = {.have = 0};
	MDB_cursor *cur;
	MDB_val k, v;
	int rc = mdb_cursor_open(c->t->txn, dbi, &cur);
	if (rc)
		return ts_mdb_err(err, rc, table);
	while ((rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		in_order(c, &o, table, &k, &v, dups);
		visit(c, &k, &v);
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND)
		bad(c, "%s: cannot be read to its end: %s", table, mdb_strerror(rc));
	return 0;
}

/* ---- meta and names ---- */

static void check_format(struct chk *c)
{
	MDB_val k = {6, "format"}, v;
	int rc = mdb_get(c->t->txn, c->t->db->meta, &k, &v);
	if (rc)
		bad(c, "meta: no format stamp (%s)", mdb_strerror(rc));
	else if (!ts_format_is(&v, TS_FORMAT) && !ts_format_is(&v, TS_FORMAT_OLD))
		bad(c, "meta: format is \"%.*s\", not \"%s\"", (int)(v.mv_size < 16 ? v.mv_size : 16),
		    (const char *)v.mv_data, TS_FORMAT);
}

static const char *kind_word(char kind)
{
	return kind == 'i' ? "indicator" : kind == 'r' ? "region" : "source";
}

static void visit_name(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	const char *s = k->mv_data;
	char kind = s[0];
	int n = k->mv_size > 65 ? 64 : (int)k->mv_size - 1;
	MDB_val rec, key;
	unsigned char kb[4];
	if (k->mv_size < 2 || (kind != 'i' && kind != 'r' && kind != 's')) {
		bad(c, "names: an entry of kind '%c' and %zu bytes", k->mv_size ? kind : '?', k->mv_size);
		return;
	}
	if (memchr(s + 1, 0, k->mv_size - 1)) {
		bad(c, "names: %s name \"%.*s\" holds a NUL byte", kind_word(kind), n, s + 1);
		return;
	}
	if (v->mv_size != 4 || ts_get32(v->mv_data) == 0) {
		bad(c, "names: %s \"%.*s\" has no valid number (%zu bytes)", kind_word(kind), n, s + 1,
		    v->mv_size);
		return;
	}
	uint32_t num = ts_get32(v->mv_data);
	MDB_dbi dbi = kind == 'i' ? c->t->db->indicators : kind == 's' ? c->t->db->sources
	                                                               : c->t->db->regions;
	memcpy(kb, v->mv_data, 4);
	key.mv_size = 4;
	key.mv_data = kb;
	if (mdb_get(c->t->txn, dbi, &key, &rec)) {
		bad(c, "names: %s \"%.*s\" is number %u, which has no catalog record", kind_word(kind),
		    n, s + 1, num);
		return;
	}
	const char *id = rec.mv_data;
	size_t idlen = strnlen(id, rec.mv_size);
	if (idlen != k->mv_size - 1 || memcmp(id, s + 1, idlen))
		bad(c, "names: %s \"%.*s\" is number %u, whose record is \"%.*s\"", kind_word(kind), n,
		    s + 1, num, (int)(idlen < 64 ? idlen : 64), id);
}

/* ---- catalogs ---- */

/* The catalog record of table at key is packed, numbered and interned. */
static int catalog_rec(struct chk *c, const char *table, char kind, int fields, const MDB_val *k,
                       const MDB_val *v, const char **f)
{
	if (k->mv_size != 4 || ts_get32(k->mv_data) == 0) {
		bad(c, "%s: a key of %zu bytes (want a non-zero 4-byte number)", table, k->mv_size);
		return 0;
	}
	uint32_t key = ts_get32(k->mv_data);
	if (!packed(v, fields)) {
		bad(c, "%s: record %u is not %d NUL-terminated fields (%zu bytes)", table, key, fields,
		    v->mv_size);
		return 0;
	}
	ts_unpack(v->mv_data, v->mv_size, f, fields);
	uint32_t named = interned(c, kind, f[0]);
	if (named != key)
		bad(c, "%s: record %u \"%.64s\" is %s in names", table, key, f[0],
		    named ? "another number" : "missing");
	return 1;
}

static void visit_indicator(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	const char *f[7];
	int kind;
	/* six fields, or seven with aliases */
	if (!catalog_rec(c, "indicators", 'i', packed(v, 7) ? 7 : 6, k, v, f))
		return;
	if (!*f[3])
		bad(c, "indicators: %.64s has no unit", f[0]);
	if (tsdb_kind_parse(f[4], &kind))
		bad(c, "indicators: %.64s has kind \"%.32s\"", f[0], f[4]);
}

static void visit_source(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	const char *f[7];
	uint32_t d;
	char *end;
	if (!catalog_rec(c, "sources", 's', 7, k, v, f))
		return;
	if (*f[4] && tsdb_date_parse(f[4], (size_t)-1, &d, NULL))
		bad(c, "sources: %.64s was published on \"%.32s\", not a date", f[0], f[4]);
	strtol(f[5], &end, 10);
	if (!*f[5] || *end)
		bad(c, "sources: %.64s has priority \"%.32s\", not a number", f[0], f[5]);
}

/* A document belongs to a source and reads back whole. */
static void visit_text(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	MDB_val rec;
	char *text = NULL;
	size_t len;
	tsdb_error e = {0};
	if (k->mv_size != 4 || mdb_get(c->t->txn, c->t->db->sources, (MDB_val *)k, &rec)) {
		bad(c, "texts: a document of %zu bytes whose source (a %zu-byte key) does not exist",
		    v->mv_size, k->mv_size);
		return;
	}
	if (ts_text_decode(v->mv_data, v->mv_size, &text, &len, &e) ||
	    ts_text_check(text, len, &e))
		bad(c, "texts: the document of source %.64s: %s",
		    (const char *)rec.mv_data, e.text);
	free(text);
}

struct indexed {
	struct chk *c;
	uint32_t key;
	const char *code;
};

/* Is the index entry key[0..n) there for the region, whatever its class? */
static int name_indexed(const char *key, size_t n, int cls, int since, int until, void *arg)
{
	struct indexed *ix = arg;
	MDB_cursor *cur;
	MDB_val k = {n, (void *)key}, v;
	int rc, found = 0;
	(void)cls, (void)since, (void)until;
	if (mdb_cursor_open(ix->c->t->txn, ix->c->t->db->aliases, &cur))
		return 0;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY); rc == 0 && !found;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP))
		found = v.mv_size == NAME_ENTRY && ts_get32((const unsigned char *)v.mv_data + 1) == ix->key;
	mdb_cursor_close(cur);
	if (!found) {
		int m = n < 64 ? (int)n : 64;
		const char *shown = key;
		if (n && *key == CODE_PREFIX)
			shown++, m--;
		bad(ix->c, "aliases: region %.64s is not found by its name or code \"%.*s\"", ix->code, m,
		    shown);
	}
	return 0;
}

static void visit_region(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	const char *f[REGION_FIELDS];
	if (!catalog_rec(c, "regions", 'r', REGION_FIELDS, k, v, f))
		return;
	uint32_t key = ts_get32(k->mv_data);
	if (!*f[2])
		bad(c, "regions: %.64s has no level", f[0]);
	/* every name, alias and code it has is in the name index, pointing at it: a region whose
	 * names were lost (overwritten by a record for its code) is caught here */
	tsdb_region r = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], key, atoi(f[7]), atoi(f[8]), f[9]};
	struct indexed ix = {c, key, f[0]};
	if (ts_region_names(&r, 1, name_indexed, &ix) == TSDB_EINVAL)
		bad(c, "regions: %.64s has a name that is not valid UTF-8", f[0]);
	if (!*f[1])
		return;
	/* its parent exists, lists it as a child, and is not its descendant */
	uint32_t pkey = interned(c, 'r', f[1]), at = pkey;
	tsdb_region p;
	if (!pkey || ts_region_by_key(c->t, pkey, &p, NULL)) {
		bad(c, "regions: %.64s has parent %.64s, which does not exist", f[0], f[1]);
		return;
	}
	unsigned char pb[4], cb[4];
	MDB_val pk = {4, pb}, cv = {4, cb};
	MDB_cursor *cur;
	ts_put32(pb, pkey);
	ts_put32(cb, key);
	if (mdb_cursor_open(c->t->txn, c->t->db->children, &cur) == 0) {
		if (mdb_cursor_get(cur, &pk, &cv, MDB_GET_BOTH))
			bad(c, "children: %.64s is missing from the children of its parent %.64s", f[0],
			    f[1]);
		mdb_cursor_close(cur);
	}
	for (int depth = 0; at; depth++) {
		if (at == key || depth > 32) {
			bad(c, "regions: %.64s is its own ancestor", f[0]);
			break;
		}
		if (ts_region_by_key(c->t, at, &p, NULL) || !*p.parent)
			break;
		at = interned(c, 'r', p.parent);
	}
}

static void visit_alias(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	tsdb_region r;
	int n = k->mv_size < 64 ? (int)k->mv_size : 64;
	if (!k->mv_size || v->mv_size != NAME_ENTRY ||
	    (((const unsigned char *)v->mv_data)[0] & ~NAME_USER) > NAME_CODE) {
		bad(c, "aliases: \"%.*s\" has a malformed entry (%zu bytes)", n, (const char *)k->mv_data,
		    v->mv_size);
		return;
	}
	uint32_t key = ts_get32((const unsigned char *)v->mv_data + 1);
	if (ts_region_by_key(c->t, key, &r, NULL))
		bad(c, "aliases: \"%.*s\" names region %u, which does not exist", n,
		    (const char *)k->mv_data, key);
}

static void visit_child(struct chk *c, const MDB_val *k, const MDB_val *v)
{
	tsdb_region p, ch;
	if (k->mv_size != 4 || v->mv_size != 4) {
		bad(c, "children: an entry of %zu and %zu bytes (want 4 and 4)", k->mv_size, v->mv_size);
		return;
	}
	uint32_t pkey = ts_get32(k->mv_data), ckey = ts_get32(v->mv_data);
	if (ts_region_by_key(c->t, pkey, &p, NULL)) {
		bad(c, "children: parent region %u does not exist", pkey);
		return;
	}
	if (ts_region_by_key(c->t, ckey, &ch, NULL)) {
		bad(c, "children: %.64s has child region %u, which does not exist", p.code, ckey);
		return;
	}
	/* a group lists its members, whose own parents are elsewhere */
	if (strcmp(ch.parent, p.code) && strcmp(p.level, "group"))
		bad(c, "children: %.64s is listed under %.64s, but its parent is \"%.64s\"", ch.code,
		    p.code, ch.parent);
}

/* ---- observations and versions ---- */

/* Names the observation of key k (16 bytes) for messages. */
static void obs_name(struct chk *c, const unsigned char *k, char *buf, size_t size)
{
	tsdb_indicator ind;
	tsdb_region reg;
	char ib[16], rb[16], per[TSDB_PERIOD_MAX];
	uint32_t i = ts_get32(k), r = ts_get32(k + 4);
	tsdb_period p = ts_key_period(k);
	const char *in = ib, *rn = rb;
	snprintf(ib, sizeof ib, "#%u", i);
	snprintf(rb, sizeof rb, "#%u", r);
	if (ts_indicator_by_key(c->t, i, &ind, NULL) == 0)
		in = ind.id;
	if (ts_region_by_key(c->t, r, &reg, NULL) == 0)
		rn = reg.code;
	if (real_date(p.start) && real_date(p.end) && p.start <= p.end)
		tsdb_period_format(p, per);
	else
		snprintf(per, sizeof per, "%u/%u", p.start, p.end);
	snprintf(buf, size, "%.64s %.64s %s", in, rn, per);
}

/* What the check remembers of one version. */
struct vinfo {
	uint32_t vintage, source;
	struct ts_rank rank;
	unsigned char val[10]; /* value, qualifier, status */
};

/* The documented rule: a known vintage, then an assumed one, then none;
 * the later vintage, then the source of higher priority, then the later
 * publication, then the earlier-declared source. */
static int shown_before(const struct vinfo *a, const struct vinfo *b)
{
	int assumed_a = (a->val[9] & TS_ASSUMED) != 0, assumed_b = (b->val[9] & TS_ASSUMED) != 0;
	if ((a->vintage == 0) != (b->vintage == 0))
		return b->vintage == 0;
	if (assumed_a != assumed_b)
		return assumed_b;
	if (a->vintage != b->vintage)
		return a->vintage > b->vintage;
	if (a->rank.priority != b->rank.priority)
		return a->rank.priority > b->rank.priority;
	if (a->rank.published != b->rank.published)
		return a->rank.published > b->rank.published;
	return a->source < b->source;
}

/* Checks the parts of a version common to obs and versions; fills *vi. */
static void check_version(struct chk *c, const char *name, const char *table,
                          const unsigned char *head, const char *tail, size_t tail_len,
                          uint32_t vintage, uint32_t source, struct vinfo *vi)
{
	double x = ts_get_double(head);
	memset(vi, 0, sizeof *vi);
	vi->vintage = vintage;
	vi->source = source;
	memcpy(vi->val, head, 10);
	if (!isfinite(x))
		bad(c, "%s: %s (vintage %u): the value is not a finite number", table, name, vintage);
	if (head[8] > TSDB_Q_LE)
		bad(c, "%s: %s (vintage %u): qualifier %u is unknown", table, name, vintage, head[8]);
	if ((head[9] & ~(TS_STATUS_BITS | TS_ASSUMED)) || (head[9] & TS_STATUS_BITS) > TSDB_STATUS_FORECAST)
		bad(c, "%s: %s (vintage %u): status %u is unknown", table, name, vintage, head[9]);
	if ((head[9] & TS_ASSUMED) && !vintage)
		bad(c, "%s: %s: an assumed vintage, but no vintage", table, name);
	if (vintage && !real_date(vintage))
		bad(c, "%s: %s: vintage %u is not a date", table, name, vintage);
	if (tail_len) {
		MDB_val t = {tail_len, (void *)tail};
		if (!packed(&t, 2))
			bad(c, "%s: %s (vintage %u): quote and note are malformed (%zu bytes)", table, name,
			    vintage, tail_len);
	}
	if (source && ts_source_rank(c->t, source, &vi->rank, NULL))
		bad(c, "%s: %s (vintage %u): source %u does not exist", table, name, vintage, source);
}

/* Is the observation key k (16 bytes) well formed: its indicator and
 * region exist and its period is real? */
static void check_obs_key(struct chk *c, const unsigned char *k, const char *name,
                          uint32_t *last_ind, uint32_t *last_reg)
{
	uint32_t i = ts_get32(k), r = ts_get32(k + 4);
	tsdb_period p = ts_key_period(k);
	tsdb_indicator ind;
	tsdb_region reg;
	if (i != *last_ind && ts_indicator_by_key(c->t, i, &ind, NULL))
		bad(c, "obs: %s: indicator %u does not exist", name, i);
	if ((i != *last_ind || r != *last_reg) && ts_region_by_key(c->t, r, &reg, NULL))
		bad(c, "obs: %s: region %u does not exist", name, r);
	*last_ind = i;
	*last_reg = r;
	if (!real_date(p.start) || !real_date(p.end) || p.start > p.end)
		bad(c, "obs: %s: the period is not a range of real dates", name);
}

/* The walk of obs, one observation at a time out of its blocks. */
struct obs_walk {
	MDB_cursor *oc;
	struct order order;
	struct ts_entry *e;
	size_t n, cap, at;
	unsigned char key[TS_OBS_KEY]; /* the current observation's */
	unsigned char last[TS_OBS_KEY]; /* the one before it */
	int have_last, done;
};

/* Steps to the next observation: 0, or 1 at the end. */
static int walk_next(struct chk *c, struct obs_walk *w)
{
	MDB_val k, v;
	char name[200];
	memcpy(w->last, w->key, TS_OBS_KEY);
	while (w->at + 1 >= w->n || w->n == 0) {
		int rc = mdb_cursor_get(w->oc, &k, &v, w->done ? MDB_NEXT : MDB_FIRST);
		w->done = 1;
		w->n = w->at = 0;
		if (rc) {
			if (rc != MDB_NOTFOUND)
				bad(c, "obs: cannot be read to its end: %s", mdb_strerror(rc));
			return 1;
		}
		in_order(c, &w->order, "obs", &k, &v, 0);
		if (k.mv_size != TS_OBS_KEY) {
			bad(c, "obs: a key of %zu bytes (want %d)", k.mv_size, TS_OBS_KEY);
			continue;
		}
		obs_name(c, k.mv_data, name, sizeof name);
		rc = ts_block_decode(v.mv_data, v.mv_size, &w->e, &w->n, &w->cap);
		if (rc == TSDB_ENOMEM)
			return -1;
		if (rc) {
			bad(c, "obs: %s: the block of %zu bytes cannot be decoded", name, v.mv_size);
			w->n = 0;
			continue;
		}
		if (ts_get32((unsigned char *)k.mv_data + 8) != w->e[0].start ||
		    ts_get32((unsigned char *)k.mv_data + 12) != w->e[0].end)
			bad(c, "obs: %s: the block's key is not the period of its first observation", name);
		memcpy(w->key, k.mv_data, 8);
		w->at = (size_t)-1; /* the loop's test: at + 1 == 0 < n */
		break;
	}
	w->at++;
	ts_put32(w->key + 8, w->e[w->at].start);
	ts_put32(w->key + 12, w->e[w->at].end);
	if (w->have_last && memcmp(w->last, w->key, TS_OBS_KEY) >= 0) {
		obs_name(c, w->key, name, sizeof name);
		bad(c, "obs: %s: out of order, or also in the block before", name);
	}
	w->have_last = 1;
	return 0;
}

/* Walks obs and versions side by side. */
static int check_observations(struct chk *c, tsdb_error *err)
{
	struct order vo = {.have = 0};
	struct obs_walk w = {0};
	MDB_cursor *vc = NULL;
	MDB_val vk, vv;
	uint32_t last_ind = 0, last_reg = 0;
	int rc, vrc;
	char name[200];

	if ((rc = mdb_cursor_open(c->t->txn, c->t->db->obs, &w.oc)) ||
	    (rc = mdb_cursor_open(c->t->txn, c->t->db->versions, &vc))) {
		mdb_cursor_close(w.oc);
		return ts_mdb_err(err, rc, "cursor");
	}
	vrc = mdb_cursor_get(vc, &vk, &vv, MDB_FIRST);
	if (vrc == 0)
		in_order(c, &vo, "versions", &vk, &vv, 0);
	for (;;) {
		int end = walk_next(c, &w);
		if (end < 0) {
			rc = ts_err(err, TSDB_ENOMEM, "out of memory");
			break;
		}
		/* versions before this observation belong to none */
		while (vrc == 0 && (vk.mv_size < TS_OBS_KEY || end ||
		                    memcmp(vk.mv_data, w.key, TS_OBS_KEY) < 0)) {
			if (vk.mv_size != TS_VER_KEY)
				bad(c, "versions: a key of %zu bytes (want %d)", vk.mv_size, TS_VER_KEY);
			else {
				obs_name(c, vk.mv_data, name, sizeof name);
				bad(c, "versions: %s (vintage %u) has no observation in obs", name,
				    ts_get32((const unsigned char *)vk.mv_data + 16));
			}
			if ((vrc = mdb_cursor_get(vc, &vk, &vv, MDB_NEXT)) == 0)
				in_order(c, &vo, "versions", &vk, &vv, 0);
		}
		if (end)
			break;

		const unsigned char *key = w.key, *rec = w.e[w.at].rec;
		struct vinfo shown, x;
		int conflict = 0;
		obs_name(c, key, name, sizeof name);
		check_obs_key(c, key, name, &last_ind, &last_reg);
		check_version(c, name, "obs", rec, w.e[w.at].tail, w.e[w.at].tail_len, ts_get32(rec + 12),
		              ts_get32(rec + 16), &shown);
		/* the versions of this observation */
		while (vrc == 0 && vk.mv_size >= TS_OBS_KEY && memcmp(vk.mv_data, key, TS_OBS_KEY) == 0) {
			const unsigned char *vkey = vk.mv_data, *vrec = vv.mv_data;
			if (vk.mv_size != TS_VER_KEY)
				bad(c, "versions: %s: a key of %zu bytes (want %d)", name, vk.mv_size, TS_VER_KEY);
			else if (vv.mv_size < TS_VER_HEAD)
				bad(c, "versions: %s: a record of %zu bytes (want at least %d)", name,
				    vv.mv_size, TS_VER_HEAD);
			else {
				uint32_t vin = ts_get32(vkey + 16), src = ts_get32(vkey + 20);
				check_version(c, name, "versions", vrec, (const char *)vrec + TS_VER_HEAD,
				              vv.mv_size - TS_VER_HEAD, vin, src, &x);
				if (vrec[10] || vrec[11])
					bad(c, "versions: %s (vintage %u): pad bytes are not zero", name, vin);
				if (vin == shown.vintage && src == shown.source)
					bad(c, "versions: %s (vintage %u, source %u) duplicates the version "
					       "shown in obs",
					    name, vin, src);
				else if (shown_before(&x, &shown))
					bad(c, "obs: %s shows vintage %u of source %u, but the version of "
					       "vintage %u from source %u should be shown",
					    name, shown.vintage, shown.source, vin, src);
				if (vin == shown.vintage &&
				    !ts_values_agree(ts_get_double(x.val), x.val[8], ts_get_double(shown.val),
				                     shown.val[8]))
					conflict = 1;
			}
			if ((vrc = mdb_cursor_get(vc, &vk, &vv, MDB_NEXT)) == 0)
				in_order(c, &vo, "versions", &vk, &vv, 0);
		}
		if ((rec[10] & 1) != conflict)
			bad(c, "obs: %s: the conflict flag is %s, but sources of vintage %u %s", name,
			    conflict ? "clear" : "set", shown.vintage, conflict ? "disagree" : "agree");
	}
	if (vrc && vrc != MDB_NOTFOUND)
		bad(c, "versions: cannot be read to its end: %s", mdb_strerror(vrc));
	mdb_cursor_close(w.oc);
	mdb_cursor_close(vc);
	free(w.e);
	return rc;
}

int tsdb_check(tsdb_txn *t, void (*problem)(const char *what, void *arg), void *arg,
               uint64_t *problems, tsdb_error *err)
{
	struct chk c = {t, problem, arg, 0};
	tsdb *db = t->db;
	int rc;
	if (problems)
		*problems = 0;
	check_format(&c);
	if ((rc = walk(&c, db->names, "names", 0, visit_name, err)) ||
	    (rc = walk(&c, db->indicators, "indicators", 0, visit_indicator, err)) ||
	    (rc = walk(&c, db->sources, "sources", 0, visit_source, err)) ||
	    (rc = walk(&c, db->texts, "texts", 0, visit_text, err)) ||
	    (rc = walk(&c, db->regions, "regions", 0, visit_region, err)) ||
	    (rc = walk(&c, db->aliases, "aliases", 1, visit_alias, err)) ||
	    (rc = walk(&c, db->children, "children", 1, visit_child, err)) ||
	    (rc = check_observations(&c, err)))
		return rc;
	if (problems)
		*problems = c.n;
	if (c.n)
		return ts_err(err, TSDB_ECORRUPT, "%s: %llu problem%s found", db->path,
		              (unsigned long long)c.n, c.n == 1 ? "" : "s");
	return 0;
}

int tsdb_readers_check(tsdb *db, int *cleared, tsdb_error *err)
{
	int dead = 0, rc = mdb_reader_check(db->env, &dead);
	if (cleared)
		*cleared = (rc ? 0 : dead) + db->stale_cleared;
	db->stale_cleared = 0;
	return rc ? ts_mdb_err(err, rc, "reader check") : 0;
}
