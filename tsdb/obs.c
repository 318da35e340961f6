/* obs.c — observations: storing versions, choosing the one shown, and
 * reading series back through cursors.
 *
 * Every version is stored once. The version shown (see better()) is the
 * observation's record in obs, so that a plain read is one B-tree walk; the
 * others are in versions, keyed by the observation's key, vintage and
 * source. Adding a version that beats the shown one moves the shown one into
 * versions. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

enum { FLAG_CONFLICT = 1 };

/* One version, wherever it is stored. val points at its 12-byte head
 * (value, qualifier, status); tail at "quote\0note\0" (may be empty). */
struct ver {
	uint32_t vintage, source;
	const unsigned char *val;
	const char *tail;
	size_t tail_len;
	int shown_rec; /* it is the obs record */
};

/* A version's standing when choosing the one to show. */
struct standing {
	uint32_t vintage;
	struct ts_rank rank;
	uint32_t source;
};

/* Is a to be shown rather than b? The later vintage, then the source of
 * higher priority, then the later publication, then the earlier-declared
 * source (only so that the choice never depends on load order). */
static int better(const struct standing *a, const struct standing *b)
{
	if (a->vintage != b->vintage)
		return a->vintage > b->vintage;
	if (a->rank.priority != b->rank.priority)
		return a->rank.priority > b->rank.priority;
	if (a->rank.published != b->rank.published)
		return a->rank.published > b->rank.published;
	return a->source < b->source;
}

static int standing(tsdb_txn *t, uint32_t vintage, uint32_t source, struct standing *out,
                    tsdb_error *err)
{
	out->vintage = vintage;
	out->source = source;
	memset(&out->rank, 0, sizeof out->rank);
	return source ? ts_source_rank(t, source, &out->rank, err) : 0;
}

/* Same value, qualifier and status? */
static int same_value(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 10) == 0;
}

/* Reads the obs record rec (size bytes) as a version. */
static int obs_ver(const MDB_val *rec, struct ver *out)
{
	const unsigned char *p = rec->mv_data;
	if (rec->mv_size < TS_OBS_SIZE)
		return TSDB_ECORRUPT;
	out->val = p;
	out->vintage = ts_get32(p + 12);
	out->source = ts_get32(p + 16);
	out->tail = (const char *)p + TS_OBS_SIZE;
	out->tail_len = rec->mv_size - TS_OBS_SIZE;
	out->shown_rec = 1;
	return 0;
}

/* Reads a versions entry as a version. */
static int ver_ver(const MDB_val *k, const MDB_val *v, struct ver *out)
{
	const unsigned char *kp = k->mv_data;
	if (k->mv_size != TS_VER_KEY || v->mv_size < TS_VER_HEAD)
		return TSDB_ECORRUPT;
	out->val = v->mv_data;
	out->vintage = ts_get32(kp + 16);
	out->source = ts_get32(kp + 20);
	out->tail = (const char *)v->mv_data + TS_VER_HEAD;
	out->tail_len = v->mv_size - TS_VER_HEAD;
	out->shown_rec = 0;
	return 0;
}

/* Builds a record: the 12-byte head (plus, for obs, flags, vintage and
 * source), then the tail. Returns a malloc'd buffer owned by the caller. */
static unsigned char *record(const struct ver *v, int obs, unsigned flags, size_t *size)
{
	size_t head = obs ? TS_OBS_SIZE : TS_VER_HEAD;
	unsigned char *r = malloc(head + v->tail_len + 1);
	if (!r)
		return NULL;
	memcpy(r, v->val, 10);
	r[10] = obs ? (unsigned char)flags : 0;
	r[11] = 0;
	if (obs) {
		ts_put32(r + 12, v->vintage);
		ts_put32(r + 16, v->source);
	}
	if (v->tail_len)
		memcpy(r + head, v->tail, v->tail_len);
	*size = head + v->tail_len;
	return r;
}

/* The write transaction's cursor over obs or versions, opened on first use.
 * Puts in key order through it (as a load makes them) stay on the page last
 * written instead of searching the tree from its root. NULL if it cannot be
 * opened: plain gets and puts then do. */
static MDB_cursor *cursor_of(tsdb_txn *t, MDB_dbi dbi)
{
	MDB_cursor **c = dbi == t->db->obs ? &t->obs_cur : &t->ver_cur;
	if (!*c && mdb_cursor_open(t->txn, dbi, c))
		*c = NULL;
	return *c;
}

static int get_at(tsdb_txn *t, MDB_dbi dbi, const MDB_val *k, MDB_val *v)
{
	MDB_cursor *c = cursor_of(t, dbi);
	MDB_val key = *k;
	return c ? mdb_cursor_get(c, &key, v, MDB_SET_KEY) : mdb_get(t->txn, dbi, &key, v);
}

static int put_rec(tsdb_txn *t, MDB_dbi dbi, const unsigned char *key, size_t klen,
                   const struct ver *v, int obs, unsigned flags, tsdb_error *err)
{
	size_t size;
	unsigned char *r = record(v, obs, flags, &size);
	MDB_val k = {klen, (void *)key}, d;
	MDB_cursor *c = cursor_of(t, dbi);
	if (!r)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	d.mv_size = size;
	d.mv_data = r;
	int rc = c ? mdb_cursor_put(c, &k, &d, 0) : mdb_put(t->txn, dbi, &k, &d, 0);
	free(r);
	return rc ? ts_mdb_err(err, rc, obs ? "obs" : "versions") : 0;
}

int tsdb_obs_put(tsdb_txn *t, const tsdb_obs *o, int *result, tsdb_error *err)
{
	uint32_t ind, reg, src = 0;
	if (!t->write)
		return ts_err(err, TSDB_EREADONLY, "read-only transaction");
	if (!o->indicator || ts_intern(t, 'i', o->indicator, 0, &ind, NULL)) {
		ts_err_field(err, "indicator");
		return ts_err(err, TSDB_EUNKNOWN, "unknown indicator \"%.64s\"",
		              o->indicator ? o->indicator : "");
	}
	if (!o->region || ts_intern(t, 'r', o->region, 0, &reg, NULL)) {
		ts_err_field(err, "region");
		return ts_err(err, TSDB_EUNKNOWN, "unknown region code \"%.64s\"",
		              o->region ? o->region : "");
	}
	if (o->source && *o->source && ts_intern(t, 's', o->source, 0, &src, NULL)) {
		ts_err_field(err, "source");
		return ts_err(err, TSDB_EUNKNOWN, "unknown source \"%.64s\"", o->source);
	}
	return ts_obs_put(t, ind, reg, src, o, result, err);
}

/* The error for a version that contradicts the stored one of the same
 * vintage and source. */
static int contradicts(const unsigned char *was, tsdb_error *err)
{
	char num[TSDB_VALUE_MAX];
	tsdb_value_format(ts_get_double(was), num);
	ts_err_field(err, "value");
	return ts_err(err, TSDB_ECONFLICT,
	              "the same source and vintage already gave %s%s (%s); a revision needs a later vintage",
	              was[8] == TSDB_Q_EQ ? "" : tsdb_qualifier_name(was[8]), num,
	              tsdb_status_name(was[9]));
}

int ts_obs_put(tsdb_txn *t, uint32_t ind, uint32_t reg, uint32_t src, const tsdb_obs *o,
               int *result, tsdb_error *err)
{
	unsigned char key[TS_VER_KEY], head[TS_VER_HEAD];
	struct ts_rank rank = {0, 0, 0};
	struct ver nv = {0}, cur;
	MDB_val k = {TS_OBS_KEY, key}, v;
	int rc;

	if (!t->write)
		return ts_err(err, TSDB_EREADONLY, "read-only transaction");
	if (!o->period.start || o->period.end < o->period.start) {
		ts_err_field(err, "period");
		return ts_err(err, TSDB_EINVAL, "invalid period");
	}
	if (!isfinite(o->value)) {
		ts_err_field(err, "value");
		return ts_err(err, TSDB_EINVAL, "value must be a finite number");
	}
	if (o->qualifier < TSDB_Q_EQ || o->qualifier > TSDB_Q_LE || o->status < 0 ||
	    o->status > TSDB_STATUS_FORECAST)
		return ts_err(err, TSDB_EINVAL, "bad qualifier or status");
	nv.vintage = o->vintage;
	nv.source = src;
	if (src) {
		if ((rc = ts_source_rank(t, src, &rank, err)))
			return rc;
		if (!nv.vintage)
			nv.vintage = rank.published;
	}
	ts_put_double(head, o->value);
	head[8] = (unsigned char)o->qualifier;
	head[9] = (unsigned char)o->status;
	head[10] = head[11] = 0;
	nv.val = head;
	const char *strs[2] = {o->quote, o->note};
	char *tail = ts_pack(strs, 2, &nv.tail_len);
	if (!tail)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	nv.tail = tail;
	if (nv.tail_len == 2)
		nv.tail_len = 0; /* neither quote nor note */

	ts_obs_key(key, ind, reg, o->period);
	ts_put32(key + 16, nv.vintage);
	ts_put32(key + 20, nv.source);
	rc = get_at(t, t->db->obs, &k, &v);
	if (rc == MDB_NOTFOUND) {
		if (result)
			*result = TSDB_PUT_NEW;
		rc = put_rec(t, t->db->obs, key, TS_OBS_KEY, &nv, 1, 0, err);
		goto out;
	}
	if (rc || obs_ver(&v, &cur)) {
		rc = rc ? ts_mdb_err(err, rc, "obs") : ts_err(err, TSDB_ECORRUPT, "short obs record");
		goto out;
	}
	/* the same version again, shown or not */
	if (cur.vintage == nv.vintage && cur.source == nv.source) {
		rc = same_value(cur.val, head) ? 0 : contradicts(cur.val, err);
		if (!rc && result)
			*result = TSDB_PUT_UNCHANGED;
		goto out;
	}
	MDB_val vk = {TS_VER_KEY, key}, vv;
	rc = get_at(t, t->db->versions, &vk, &vv);
	if (rc == 0) {
		rc = vv.mv_size >= TS_VER_HEAD && same_value(vv.mv_data, head) ? 0 : contradicts(vv.mv_data, err);
		if (!rc && result)
			*result = TSDB_PUT_UNCHANGED;
		goto out;
	}
	if (rc != MDB_NOTFOUND) {
		rc = ts_mdb_err(err, rc, "versions");
		goto out;
	}
	if (result)
		*result = TSDB_PUT_REVISED;
	struct standing a, b;
	if ((rc = standing(t, nv.vintage, nv.source, &a, err)) ||
	    (rc = standing(t, cur.vintage, cur.source, &b, err)))
		goto out;
	unsigned cur_flags = cur.val[10];
	int same_vintage = a.vintage == b.vintage, differs = !same_value(cur.val, head);
	if (better(&a, &b)) {
		/* the shown version steps down into versions; the new one is shown */
		unsigned char old[TS_VER_KEY];
		unsigned flags = same_vintage && (differs || (cur_flags & FLAG_CONFLICT)) ? FLAG_CONFLICT : 0;
		memcpy(old, key, TS_OBS_KEY);
		ts_put32(old + 16, cur.vintage);
		ts_put32(old + 20, cur.source);
		if ((rc = put_rec(t, t->db->versions, old, TS_VER_KEY, &cur, 0, 0, err)))
			goto out;
		rc = put_rec(t, t->db->obs, key, TS_OBS_KEY, &nv, 1, flags, err);
		goto out;
	}
	if ((rc = put_rec(t, t->db->versions, key, TS_VER_KEY, &nv, 0, 0, err)))
		goto out;
	if (same_vintage && differs && !(cur_flags & FLAG_CONFLICT)) {
		/* mark the shown version as disputed: rewrite it with the flag */
		rc = get_at(t, t->db->obs, &k, &v);
		if (!rc && !obs_ver(&v, &cur))
			rc = put_rec(t, t->db->obs, key, TS_OBS_KEY, &cur, 1, cur_flags | FLAG_CONFLICT, err);
		else
			rc = ts_mdb_err(err, rc ? rc : MDB_CORRUPTED, "obs");
	}
out:
	free(tail);
	return rc;
}

/* Re-ranks one observation (its 16-byte key) among the versions of its
 * shown vintage: the best is shown, the conflict flag says whether any of
 * them differs from it. */
static int rerank_one(tsdb_txn *t, const unsigned char *key, tsdb_error *err)
{
	MDB_val k = {TS_OBS_KEY, (void *)key}, v;
	struct ver cur, best, x;
	struct standing sb, sx;
	unsigned char *shown = NULL, *chosen = NULL, vkey[TS_VER_KEY];
	size_t shown_size, chosen_size;
	int rc, differs = 0;
	MDB_cursor *c;

	if ((rc = mdb_get(t->txn, t->db->obs, &k, &v)) || obs_ver(&v, &cur))
		return ts_mdb_err(err, rc ? rc : MDB_CORRUPTED, "obs");
	best = cur;
	if ((rc = standing(t, cur.vintage, cur.source, &sb, err)))
		return rc;
	if ((rc = mdb_cursor_open(t->txn, t->db->versions, &c)))
		return ts_mdb_err(err, rc, "versions");
	memcpy(vkey, key, TS_OBS_KEY);
	ts_put32(vkey + 16, cur.vintage);
	ts_put32(vkey + 20, 0);
	k.mv_size = TS_VER_KEY;
	k.mv_data = vkey;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (memcmp(k.mv_data, key, TS_OBS_KEY) || ts_get32((unsigned char *)k.mv_data + 16) != cur.vintage)
			break;
		if (ver_ver(&k, &v, &x)) {
			rc = MDB_CORRUPTED;
			break;
		}
		if ((rc = standing(t, x.vintage, x.source, &sx, err))) {
			mdb_cursor_close(c);
			return rc;
		}
		if (better(&sx, &sb))
			best = x, sb = sx;
	}
	mdb_cursor_close(c);
	if (rc && rc != MDB_NOTFOUND)
		return ts_mdb_err(err, rc, "versions");
	if (best.shown_rec)
		return 0;
	/* the conflict flag: does any version of the vintage differ from the best? */
	differs = !same_value(cur.val, best.val);
	if (!differs && (cur.val[10] & FLAG_CONFLICT))
		differs = 1; /* others differed from the old shown one, which equals the best */
	/* copy both out of the map before writing */
	if (!(shown = record(&cur, 0, 0, &shown_size)) || !(chosen = record(&best, 1, 0, &chosen_size))) {
		free(shown);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	chosen[10] = differs ? FLAG_CONFLICT : 0;
	MDB_val dk = {TS_VER_KEY, vkey}, ok = {TS_OBS_KEY, (void *)key};
	MDB_val sv = {shown_size, shown}, cv = {chosen_size, chosen};
	ts_put32(vkey + 16, best.vintage);
	ts_put32(vkey + 20, best.source);
	rc = mdb_del(t->txn, t->db->versions, &dk, NULL);
	if (!rc) {
		ts_put32(vkey + 16, cur.vintage);
		ts_put32(vkey + 20, cur.source);
		rc = mdb_put(t->txn, t->db->versions, &dk, &sv, 0);
	}
	if (!rc)
		rc = mdb_put(t->txn, t->db->obs, &ok, &cv, 0);
	free(shown);
	free(chosen);
	return rc ? ts_mdb_err(err, rc, "rerank") : 0;
}

int ts_obs_rerank(tsdb_txn *t, tsdb_error *err)
{
	/* the observations with another version of the shown vintage: found
	 * first, changed after, so that no cursor walks what is being written */
	unsigned char (*keys)[TS_OBS_KEY] = NULL;
	size_t n = 0, cap = 0;
	MDB_cursor *c;
	MDB_val k, v, ov;
	int rc;
	if ((rc = mdb_cursor_open(t->txn, t->db->versions, &c)))
		return ts_mdb_err(err, rc, "versions");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); !rc; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		MDB_val okey = {TS_OBS_KEY, k.mv_data};
		if (k.mv_size != TS_VER_KEY || (n && !memcmp(keys[n - 1], k.mv_data, TS_OBS_KEY)))
			continue;
		if (mdb_get(t->txn, t->db->obs, &okey, &ov) || ov.mv_size < TS_OBS_SIZE ||
		    ts_get32((unsigned char *)ov.mv_data + 12) != ts_get32((unsigned char *)k.mv_data + 16))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			void *nk = realloc(keys, nc * sizeof *keys);
			if (!nk) {
				mdb_cursor_close(c);
				free(keys);
				return ts_err(err, TSDB_ENOMEM, "out of memory");
			}
			keys = nk;
			cap = nc;
		}
		memcpy(keys[n++], k.mv_data, TS_OBS_KEY);
	}
	mdb_cursor_close(c);
	rc = rc == MDB_NOTFOUND ? 0 : ts_mdb_err(err, rc, "versions");
	for (size_t i = 0; i < n && !rc; i++)
		rc = rerank_one(t, keys[i], err);
	free(keys);
	return rc;
}

/* ---- cursors ---- */

enum { LATEST, AS_OF, VERSIONS };

struct tsdb_cursor {
	tsdb_txn *txn;
	MDB_cursor *c;           /* over obs */
	MDB_cursor *vc;          /* over versions (AS_OF, VERSIONS) */
	unsigned char prefix[8]; /* indicator, region */
	uint32_t last_start;     /* periods must start at or before this */
	uint32_t as_of;
	int mode, started, done;
	MDB_val k, v;            /* the obs entry the cursor is on */
	struct ver *vers;        /* the versions of the current observation */
	size_t nvers, cap, next; /* VERSIONS: the next one to return */
	size_t shown;            /* index of the version shown, or (size_t)-1 */
	int conflict;
};

int tsdb_cursor_open(tsdb_txn *t, const tsdb_query *q, tsdb_cursor **out, tsdb_error *err)
{
	uint32_t ind, reg;
	tsdb_cursor *cur;
	unsigned char first[TS_OBS_KEY] = {0};
	int rc;

	*out = NULL;
	if (!q->indicator || ts_intern(t, 'i', q->indicator, 0, &ind, NULL))
		return ts_err(err, TSDB_EUNKNOWN, "unknown indicator \"%.64s\"",
		              q->indicator ? q->indicator : "");
	if (!q->region || ts_intern(t, 'r', q->region, 0, &reg, NULL))
		return ts_err(err, TSDB_EUNKNOWN, "unknown region code \"%.64s\"",
		              q->region ? q->region : "");
	if (!(cur = calloc(1, sizeof *cur)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	cur->txn = t;
	ts_put32(cur->prefix, ind);
	ts_put32(cur->prefix + 4, reg);
	cur->last_start = q->to.end ? q->to.end : 0xFFFFFFFFu;
	cur->as_of = q->as_of;
	cur->mode = q->versions ? VERSIONS : q->as_of ? AS_OF : LATEST;
	if ((rc = mdb_cursor_open(t->txn, t->db->obs, &cur->c)) ||
	    (cur->mode != LATEST && (rc = mdb_cursor_open(t->txn, t->db->versions, &cur->vc)))) {
		tsdb_cursor_close(cur);
		return ts_mdb_err(err, rc, "cursor");
	}
	/* position on the first key at or after (ind, reg, from.start) */
	memcpy(first, cur->prefix, 8);
	ts_put32(first + 8, q->from.start);
	cur->k.mv_size = TS_OBS_KEY;
	cur->k.mv_data = first;
	rc = mdb_cursor_get(cur->c, &cur->k, &cur->v, MDB_SET_RANGE);
	if (rc == MDB_NOTFOUND)
		cur->done = 1;
	else if (rc) {
		tsdb_cursor_close(cur);
		return ts_mdb_err(err, rc, "cursor");
	}
	*out = cur;
	return 0;
}

/* Is the cursor's current key inside the query's range? */
static int in_range(const tsdb_cursor *cur)
{
	return !cur->done && memcmp(cur->k.mv_data, cur->prefix, 8) == 0 &&
	       ts_get32((unsigned char *)cur->k.mv_data + 8) <= cur->last_start;
}

static int advance(tsdb_cursor *cur, tsdb_error *err)
{
	int rc = mdb_cursor_get(cur->c, &cur->k, &cur->v, MDB_NEXT);
	if (rc == MDB_NOTFOUND) {
		cur->done = 1;
		return 0;
	}
	return rc ? ts_mdb_err(err, rc, "cursor") : 0;
}

static int fill(tsdb_txn *t, const struct ver *v, tsdb_period p, tsdb_point *out, tsdb_error *err)
{
	const char *s[2];
	tsdb_source src;
	out->period = p;
	out->value = ts_get_double(v->val);
	out->qualifier = v->val[8];
	out->status = v->val[9];
	out->vintage = v->vintage;
	ts_unpack(v->tail, v->tail_len, s, 2);
	out->quote = s[0];
	out->note = s[1];
	out->source = "";
	if (!v->source)
		return 0;
	int rc = ts_source_by_key(t, v->source, &src, err);
	if (rc)
		return rc == TSDB_NOTFOUND ? ts_err(err, TSDB_ECORRUPT, "source %u missing", v->source) : rc;
	out->source = src.id;
	return 0;
}

/* Collects the versions of the observation the cursor is on and chooses
 * the one shown as of cur->as_of (all, if 0); shown is (size_t)-1 if none
 * qualifies. Versions come out oldest vintage first. */
static int gather(tsdb_cursor *cur, tsdb_error *err)
{
	unsigned char start[TS_VER_KEY] = {0};
	MDB_val k = {TS_VER_KEY, start}, v;
	struct ver first;
	struct standing best = {0, {0, 0, 0}, 0}, s;
	int rc;

	cur->nvers = cur->next = 0;
	cur->shown = (size_t)-1;
	cur->conflict = 0;
	if (obs_ver(&cur->v, &first))
		return ts_err(err, TSDB_ECORRUPT, "short obs record");
	memcpy(start, cur->k.mv_data, TS_OBS_KEY);
	rc = mdb_cursor_get(cur->vc, &k, &v, MDB_SET_RANGE);
	for (int took_first = 0;;) {
		struct ver x;
		int have_v = rc == 0 && memcmp(k.mv_data, cur->k.mv_data, TS_OBS_KEY) == 0;
		if (rc && rc != MDB_NOTFOUND)
			return ts_mdb_err(err, rc, "versions");
		if (have_v && ver_ver(&k, &v, &x))
			return ts_err(err, TSDB_ECORRUPT, "short version record");
		/* merge the obs record into the vintage order of the versions */
		if (!took_first && (!have_v || first.vintage < x.vintage ||
		                    (first.vintage == x.vintage && first.source < x.source))) {
			x = first;
			took_first = 1;
		} else if (!have_v)
			break;
		else
			rc = mdb_cursor_get(cur->vc, &k, &v, MDB_NEXT);
		if (cur->nvers == cur->cap) {
			size_t cap = cur->cap ? cur->cap * 2 : 8;
			struct ver *nv = realloc(cur->vers, cap * sizeof *nv);
			if (!nv)
				return ts_err(err, TSDB_ENOMEM, "out of memory");
			cur->vers = nv;
			cur->cap = cap;
		}
		cur->vers[cur->nvers++] = x;
	}
	for (size_t i = 0; i < cur->nvers; i++) {
		const struct ver *x = &cur->vers[i];
		if (cur->as_of && x->vintage > cur->as_of)
			continue;
		if ((rc = standing(cur->txn, x->vintage, x->source, &s, err)))
			return rc;
		if (cur->shown == (size_t)-1 || better(&s, &best)) {
			best = s;
			cur->shown = i;
		}
	}
	if (cur->shown != (size_t)-1)
		for (size_t i = 0; i < cur->nvers; i++) {
			const struct ver *x = &cur->vers[i];
			if (x->vintage == best.vintage && !same_value(x->val, cur->vers[cur->shown].val))
				cur->conflict = 1;
		}
	return 0;
}

int tsdb_cursor_next(tsdb_cursor *cur, tsdb_point *out, tsdb_error *err)
{
	int rc;
	memset(out, 0, sizeof *out);
	out->quote = out->note = out->source = "";
	if (cur->mode == VERSIONS && cur->started && cur->next < cur->nvers) {
		const struct ver *x = &cur->vers[cur->next];
		out->shown = cur->next == cur->shown;
		out->conflict = cur->conflict;
		cur->next++;
		return fill(cur->txn, x, ts_key_period(cur->k.mv_data), out, err);
	}
	for (;;) {
		if (cur->started && (rc = advance(cur, err)))
			return rc;
		cur->started = 1;
		if (!in_range(cur))
			return TSDB_NOTFOUND;
		tsdb_period p = ts_key_period(cur->k.mv_data);
		if (cur->mode == LATEST) {
			struct ver x;
			if (obs_ver(&cur->v, &x))
				return ts_err(err, TSDB_ECORRUPT, "short obs record");
			out->shown = 1;
			out->conflict = x.val[10] & FLAG_CONFLICT;
			return fill(cur->txn, &x, p, out, err);
		}
		if ((rc = gather(cur, err)))
			return rc;
		if (cur->mode == AS_OF) {
			if (cur->shown == (size_t)-1)
				continue;
			out->shown = 1;
			out->conflict = cur->conflict;
			return fill(cur->txn, &cur->vers[cur->shown], p, out, err);
		}
		/* VERSIONS: the first of this observation's versions */
		out->shown = cur->shown == 0;
		out->conflict = cur->conflict;
		cur->next = 1;
		return fill(cur->txn, &cur->vers[0], p, out, err);
	}
}

void tsdb_cursor_close(tsdb_cursor *cur)
{
	if (!cur)
		return;
	if (cur->c)
		mdb_cursor_close(cur->c);
	if (cur->vc)
		mdb_cursor_close(cur->vc);
	free(cur->vers);
	free(cur);
}

int tsdb_obs_get(tsdb_txn *t, const char *indicator, const char *region, tsdb_period period,
                 uint32_t as_of, tsdb_point *out, tsdb_error *err)
{
	tsdb_query q = {indicator, region, period, period, as_of, 0};
	tsdb_cursor *cur;
	int rc = tsdb_cursor_open(t, &q, &cur, err);
	if (rc)
		return rc;
	while ((rc = tsdb_cursor_next(cur, out, err)) == 0)
		if (tsdb_period_cmp(out->period, period) == 0)
			break;
	tsdb_cursor_close(cur);
	return rc;
}

int tsdb_series_each(tsdb_txn *t, const char *indicator,
                     int (*fn)(const char *indicator, const char *region, void *arg), void *arg,
                     tsdb_error *err)
{
	unsigned char at[TS_OBS_KEY] = {0};
	uint32_t only = 0, ind, reg;
	MDB_cursor *c;
	MDB_val k, v;
	int rc, stop = 0;

	if (indicator && ts_intern(t, 'i', indicator, 0, &only, NULL))
		return ts_err(err, TSDB_EUNKNOWN, "unknown indicator \"%.64s\"", indicator);
	ts_put32(at, only);
	if ((rc = mdb_cursor_open(t->txn, t->db->obs, &c)))
		return ts_mdb_err(err, rc, "cursor");
	k.mv_size = TS_OBS_KEY;
	k.mv_data = at;
	/* one seek per series: read its (indicator, region), then jump past it */
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc && !stop;
	     rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE)) {
		tsdb_indicator in;
		tsdb_region re;
		ind = ts_get32(k.mv_data);
		reg = ts_get32((const unsigned char *)k.mv_data + 4);
		if (indicator && ind != only)
			break;
		if ((rc = ts_indicator_by_key(t, ind, &in, err)) || (rc = ts_region_by_key(t, reg, &re, err))) {
			mdb_cursor_close(c);
			return rc;
		}
		stop = fn(in.id, re.code, arg);
		memset(at, 0, sizeof at);
		if (reg == 0xFFFFFFFFu) {
			if (ind == 0xFFFFFFFFu)
				break;
			ts_put32(at, ind + 1);
		} else {
			ts_put32(at, ind);
			ts_put32(at + 4, reg + 1);
		}
		k.mv_size = TS_OBS_KEY;
		k.mv_data = at;
	}
	mdb_cursor_close(c);
	if (stop)
		return stop;
	return rc && rc != MDB_NOTFOUND ? ts_mdb_err(err, rc, "cursor") : 0;
}
