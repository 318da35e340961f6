/* obs.c — storing versions: the rule that chooses the one shown, a new
 * version put into its series, and the versions re-ranked when a source's
 * priority or date changes.
 *
 * Every version is stored once. The version shown (see ts_better()) is the
 * observation's entry in its series' block in obs (block.c), so that a plain
 * read decodes a block or two; the others are in versions, keyed by the
 * observation's key, vintage and source. Adding a version that beats the
 * shown one moves the shown one into versions. A series is written whole:
 * its blocks are read, changed in memory and written back once (window.c). */
#include <math.h>
#include <stdlib.h>

#include "obs.h"

/* Is a to be shown rather than b? A known vintage before an assumed one
 * and an assumed one before none (an assumed date says only "known by
 * then": it cannot say which of two values is the later), then the later
 * vintage, then the source of higher priority, then the later publication,
 * then the earlier-declared source (only so that the choice never depends
 * on load order). */
int ts_better(const struct ts_standing *a, const struct ts_standing *b)
{
	if (!a->vintage != !b->vintage)
		return !b->vintage;
	if (a->assumed != b->assumed)
		return b->assumed;
	if (a->vintage != b->vintage)
		return a->vintage > b->vintage;
	if (a->rank.priority != b->rank.priority)
		return a->rank.priority > b->rank.priority;
	if (a->rank.published != b->rank.published)
		return a->rank.published > b->rank.published;
	return a->source < b->source;
}

int ts_standing_of(tsdb_txn *t, const struct ver *v, struct ts_standing *out, tsdb_error *err)
{
	out->vintage = v->vintage;
	out->assumed = (v->val[9] & TS_ASSUMED) != 0;
	out->source = v->source;
	memset(&out->rank, 0, sizeof out->rank);
	return v->source ? ts_source_rank(t, v->source, &out->rank, err) : 0;
}

/* Same value, qualifier and status? (Whether the vintage was assumed is
 * not the value: the dated version and the assumed one of a date agree.) */
static int same_value(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 9) == 0 && (a[9] & TS_STATUS_BITS) == (b[9] & TS_STATUS_BITS);
}

/* Whether two versions can both be true (ts_values_agree): only those that
 * cannot are a conflict. */
int ts_agree(const unsigned char *a, const unsigned char *b)
{
	return ts_values_agree(ts_get_double(a), a[8], ts_get_double(b), b[8]);
}

static int disagree(const unsigned char *a, const unsigned char *b)
{
	return !ts_agree(a, b);
}

/* What find_version looks for: a version of vintage (or of any, when
 * every_vintage) from source (or any, when every_source) whose head h
 * makes hit(h, val) true. */
struct seek {
	uint32_t vintage;
	int every_vintage;
	uint32_t source;
	int every_source;
	const unsigned char *val;
	int (*hit)(const unsigned char *h, const unsigned char *val);
};

/* Sets *out when versions holds such a version of the observation key (its
 * first 16 bytes). */
static int find_version(tsdb_txn *t, const unsigned char *key, const struct seek *s, int *out,
                        tsdb_error *err)
{
	unsigned char vkey[TS_VER_KEY] = {0};
	MDB_val k = {TS_VER_KEY, vkey}, v;
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->db->versions, &c);
	if (rc)
		return ts_mdb_err(err, rc, "versions");
	memcpy(vkey, key, TS_OBS_KEY);
	ts_put32(vkey + 16, s->every_vintage ? 0 : s->vintage);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc && !*out;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		const unsigned char *kp = k.mv_data;
		if (memcmp(kp, key, TS_OBS_KEY) ||
		    (!s->every_vintage && ts_get32(kp + 16) != s->vintage))
			break;
		*out = (s->every_source || ts_get32(kp + 20) == s->source) &&
		       v.mv_size >= TS_VER_HEAD && s->hit(v.mv_data, s->val);
	}
	mdb_cursor_close(c);
	return rc && rc != MDB_NOTFOUND ? ts_mdb_err(err, rc, "versions") : 0;
}

/* Sets *out when a stored version of vintage of the observation key cannot
 * be true together with val. */
static int disputed(tsdb_txn *t, const unsigned char *key, uint32_t vintage,
                    const unsigned char *val, int *out, tsdb_error *err)
{
	struct seek s = {vintage, 0, 0, 1, val, disagree};
	return find_version(t, key, &s, out, err);
}

/* Sets *out when source already gave val for the observation key as a
 * version in versions, under any vintage. */
static int given_before(tsdb_txn *t, const unsigned char *key, uint32_t source,
                        const unsigned char *val, int *out, tsdb_error *err)
{
	struct seek s = {0, 1, source, 0, val, same_value};
	return find_version(t, key, &s, out, err);
}

/* Reads a versions entry as a version. */
int ts_ver_read(const MDB_val *k, const MDB_val *v, struct ver *out)
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

/* A versions record: the 12-byte head, then the tail. Returns a malloc'd
 * buffer owned by the caller. */
static unsigned char *record(const struct ver *v, size_t *size)
{
	unsigned char *r = malloc(TS_VER_HEAD + v->tail_len + 1);
	if (!r)
		return NULL;
	memcpy(r, v->val, 10);
	r[10] = r[11] = 0;
	if (v->tail_len)
		memcpy(r + TS_VER_HEAD, v->tail, v->tail_len);
	*size = TS_VER_HEAD + v->tail_len;
	return r;
}

/* The write transaction's cursor over obs or versions, opened on first use.
 * Puts in key order through it (as a load makes them) stay on the page last
 * written instead of searching the tree from its root. */
int ts_cursor_of(tsdb_txn *t, MDB_dbi dbi, MDB_cursor **out, tsdb_error *err)
{
	MDB_cursor **c = dbi == t->db->obs ? &t->obs_cur : &t->ver_cur;
	int rc;
	if (!*c && (rc = mdb_cursor_open(t->txn, dbi, c))) {
		*c = NULL;
		return ts_mdb_err(err, rc, "cursor");
	}
	*out = *c;
	return 0;
}

static int put_version(tsdb_txn *t, const unsigned char *key, const struct ver *v, tsdb_error *err)
{
	size_t size;
	unsigned char *r = record(v, &size);
	MDB_val k = {TS_VER_KEY, (void *)key}, d = {size, r};
	MDB_cursor *c;
	int rc;
	if (!r)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	if (!(rc = ts_cursor_of(t, t->db->versions, &c, err)) &&
	    (rc = mdb_cursor_put(c, &k, &d, 0)))
		rc = ts_mdb_err(err, rc, "versions");
	free(r);
	return rc;
}

int tsdb_obs_put(tsdb_txn *t, const tsdb_obs *o, int *result, tsdb_error *err)
{
	uint32_t ind, reg, src = 0;
	int rc;
	if ((rc = ts_writable(t, err)))
		return rc;
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
	return ts_err(
	    err, TSDB_ECONFLICT,
	    "the same source and vintage already gave %s%s (%s); a revision needs a later vintage",
	    was[8] == TSDB_Q_EQ ? "" : tsdb_qualifier_name(was[8]), num,
	    tsdb_status_name(was[9] & TS_STATUS_BITS));
}

int ts_obs_put(tsdb_txn *t, uint32_t ind, uint32_t reg, uint32_t src, const tsdb_obs *o,
               int *result, tsdb_error *err)
{
	int rc, r2;
	if ((rc = ts_writable(t, err)))
		return rc;
	if ((rc = ts_series_begin(t, ind, reg, err)))
		return rc;
	rc = ts_series_put(t, src, o, result, NULL, err);
	r2 = ts_series_end(t, err);
	return rc ? rc : r2;
}

int ts_series_put(tsdb_txn *t, uint32_t src, const tsdb_obs *o, int *result, int *assumed,
                  tsdb_error *err)
{
	struct ts_series *s = t->series;
	unsigned char key[TS_VER_KEY], head[TS_VER_HEAD];
	struct ts_rank rank = {0, 0, 0};
	struct ver nv = {0}, cur;
	size_t at;
	int rc, found;

	if ((rc = ts_writable(t, err)))
		return rc;
	if (!s || !s->open)
		return ts_err(err, TSDB_EINVAL, "no series begun");
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
	int guess = !nv.vintage && o->received; /* the date it came in, marked so */
	if (guess)
		nv.vintage = o->received;
	if (assumed)
		*assumed = guess;
	ts_put_double(head, o->value);
	head[8] = (unsigned char)o->qualifier;
	head[9] = (unsigned char)(o->status | (guess ? TS_ASSUMED : 0));
	head[10] = head[11] = 0;
	nv.val = head;
	const char *strs[2] = {o->quote, o->note};
	char *tail = ts_pack(strs, 2, &nv.tail_len);
	if (!tail)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	nv.tail = tail;
	if (nv.tail_len == 2)
		nv.tail_len = 0; /* neither quote nor note */

	ts_obs_key(key, s->ind, s->reg, o->period);
	ts_put32(key + 16, nv.vintage);
	ts_put32(key + 20, nv.source);
	if ((rc = ts_window_at(t, o->period.start, o->period.end, err)))
		goto out;
	at = ts_entry_find(s, o->period.start, o->period.end, &found);
	if (!found) {
		if (result)
			*result = TSDB_PUT_NEW;
		if ((rc = ts_entry_insert(s, at)))
			goto nomem;
		s->e[at].start = o->period.start;
		s->e[at].end = o->period.end;
		if ((rc = ts_entry_show(&s->e[at], &nv, 0)))
			goto nomem;
		s->dirty = 1;
		goto out;
	}
	struct ts_entry *x = &s->e[at];
	ts_entry_ver(x, &cur);
	/* the same version again, shown or not */
	if (cur.vintage == nv.vintage && cur.source == nv.source) {
		rc = same_value(cur.val, head) ? 0 : contradicts(cur.val, err);
		if (!rc && result)
			*result = TSDB_PUT_UNCHANGED;
		goto out;
	}
	/* an assumed date says only "known by then": what the source gave
	 * before, on any date, is known already */
	int known = guess && cur.source == nv.source && same_value(cur.val, head);
	if (guess && !known && (rc = given_before(t, key, nv.source, head, &known, err)))
		goto out;
	if (known) {
		if (result)
			*result = TSDB_PUT_UNCHANGED;
		if (assumed)
			*assumed = 0;
		goto out;
	}
	MDB_val vk = {TS_VER_KEY, key}, vv;
	MDB_cursor *vc;
	if ((rc = ts_cursor_of(t, t->db->versions, &vc, err)))
		goto out;
	rc = mdb_cursor_get(vc, &vk, &vv, MDB_SET_KEY);
	if (rc == 0) {
		rc = vv.mv_size >= TS_VER_HEAD && same_value(vv.mv_data, head)
		         ? 0
		         : contradicts(vv.mv_data, err);
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
	struct ts_standing a, b;
	if ((rc = ts_standing_of(t, &nv, &a, err)) || (rc = ts_standing_of(t, &cur, &b, err)))
		goto out;
	unsigned cur_flags = cur.val[10];
	int same_vintage = a.vintage == b.vintage, differs = !ts_agree(cur.val, head);
	s->dirty = 1;
	if (ts_better(&a, &b)) {
		/* the shown version steps down into versions; the new one is shown,
		 * disputed when any version of its vintage cannot be true with it */
		unsigned char old[TS_VER_KEY];
		int disputes = 0;
		memcpy(old, key, TS_OBS_KEY);
		ts_put32(old + 16, cur.vintage);
		ts_put32(old + 20, cur.source);
		if ((rc = put_version(t, old, &cur, err)) ||
		    (same_vintage && (rc = disputed(t, key, nv.vintage, head, &disputes, err))))
			goto out;
		if ((rc = ts_entry_show(x, &nv, disputes ? TS_FLAG_CONFLICT : 0)))
			goto nomem;
		goto out;
	}
	if ((rc = put_version(t, key, &nv, err)))
		goto out;
	if (same_vintage && differs && !(cur_flags & TS_FLAG_CONFLICT))
		/* the shown version is disputed */
		x->rec[10] = (unsigned char)(cur_flags | TS_FLAG_CONFLICT);
	goto out;
nomem:
	rc = ts_err(err, TSDB_ENOMEM, "out of memory");
out:
	free(tail);
	return rc;
}

/* Re-ranks entry x of the series being written among the versions of its
 * shown vintage: the best is shown, the conflict flag says whether any of
 * them differs from it. */
static int rerank_one(tsdb_txn *t, struct ts_entry *x, tsdb_error *err)
{
	unsigned char vkey[TS_VER_KEY], *shown = NULL, *chosen = NULL;
	MDB_val k, v;
	struct ver cur, best, b;
	struct ts_standing sb, sx;
	size_t shown_size, chosen_size = 0;
	int rc, differs = 0;
	MDB_cursor *c;

	ts_entry_ver(x, &cur);
	best = cur;
	if ((rc = ts_standing_of(t, &cur, &sb, err)))
		return rc;
	if ((rc = ts_cursor_of(t, t->db->versions, &c, err)))
		return rc;
	ts_put32(vkey, t->series->ind);
	ts_put32(vkey + 4, t->series->reg);
	ts_put32(vkey + 8, x->start);
	ts_put32(vkey + 12, x->end);
	ts_put32(vkey + 16, cur.vintage);
	ts_put32(vkey + 20, 0);
	k.mv_size = TS_VER_KEY;
	k.mv_data = vkey;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		struct ver y;
		if (memcmp(k.mv_data, vkey, TS_OBS_KEY) ||
		    ts_get32((unsigned char *)k.mv_data + 16) != cur.vintage)
			break;
		if (ts_ver_read(&k, &v, &y)) {
			rc = MDB_CORRUPTED;
			break;
		}
		if ((rc = ts_standing_of(t, &y, &sx, err)))
			return rc;
		if (ts_better(&sx, &sb))
			best = y, sb = sx;
	}
	if (rc && rc != MDB_NOTFOUND)
		return ts_mdb_err(err, rc, "versions");
	if (best.shown_rec)
		return 0;
	/* the conflict flag: can any version of the vintage not be true with
	 * the best? (agreeing is not transitive: every one is asked) */
	differs = !ts_agree(cur.val, best.val);
	if (!differs && (rc = disputed(t, vkey, cur.vintage, best.val, &differs, err)))
		return rc;
	/* copy both out of the map before writing */
	if (!(shown = record(&cur, &shown_size)) || !(chosen = record(&best, &chosen_size))) {
		free(shown);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	b = best;
	b.val = chosen;
	b.tail = (const char *)chosen + TS_VER_HEAD;
	MDB_val dk = {TS_VER_KEY, vkey}, sv = {shown_size, shown};
	ts_put32(vkey + 16, best.vintage);
	ts_put32(vkey + 20, best.source);
	rc = mdb_del(t->txn, t->db->versions, &dk, NULL);
	if (!rc) {
		ts_put32(vkey + 16, cur.vintage);
		ts_put32(vkey + 20, cur.source);
		rc = mdb_put(t->txn, t->db->versions, &dk, &sv, 0);
	}
	if (rc)
		rc = ts_mdb_err(err, rc, "rerank");
	else if (ts_entry_show(x, &b, differs ? TS_FLAG_CONFLICT : 0))
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	t->series->dirty = 1;
	free(shown);
	free(chosen);
	return rc;
}

int ts_obs_rerank(tsdb_txn *t, tsdb_error *err)
{
	/* the observations with another version of the shown vintage: found
	 * first, changed after, so that no cursor walks what is being written */
	unsigned char(*keys)[TS_OBS_KEY] = NULL;
	size_t n = 0, cap = 0;
	MDB_cursor *c;
	MDB_val k, v;
	int rc, loaded = 0;
	if ((rc = mdb_cursor_open(t->txn, t->db->versions, &c)))
		return ts_mdb_err(err, rc, "versions");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); !rc;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		const unsigned char *kp = k.mv_data;
		int found;
		if (k.mv_size != TS_VER_KEY || (n && !memcmp(keys[n - 1], kp, TS_OBS_KEY)))
			continue;
		if (!loaded || t->series->ind != ts_get32(kp) ||
		    t->series->reg != ts_get32(kp + 4)) {
			if ((rc = ts_series_begin(t, ts_get32(kp), ts_get32(kp + 4), err)))
				break;
			loaded = 1;
		}
		if ((rc = ts_window_at(t, ts_get32(kp + 8), ts_get32(kp + 12), err)))
			break; /* only read: nothing is written back */
		size_t at = ts_entry_find(t->series, ts_get32(kp + 8), ts_get32(kp + 12), &found);
		if (!found || ts_get32(t->series->e[at].rec + 12) != ts_get32(kp + 16))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			void *nk = realloc(keys, nc * sizeof *keys);
			if (!nk) {
				rc = ts_err(err, TSDB_ENOMEM, "out of memory");
				break;
			}
			keys = nk;
			cap = nc;
		}
		memcpy(keys[n++], kp, TS_OBS_KEY);
	}
	mdb_cursor_close(c);
	if (loaded)
		t->series->open = t->series->window = 0;
	if (rc == MDB_NOTFOUND)
		rc = 0;
	else if (rc && !(err && err->code))
		rc = ts_mdb_err(err, rc, "versions");
	for (size_t i = 0; i < n && !rc;) {
		uint32_t ind = ts_get32(keys[i]), reg = ts_get32(keys[i] + 4);
		if ((rc = ts_series_begin(t, ind, reg, err)))
			break;
		for (; i < n && !rc && ts_get32(keys[i]) == ind && ts_get32(keys[i] + 4) == reg;
		     i++) {
			int found;
			if ((rc = ts_window_at(t, ts_get32(keys[i] + 8), ts_get32(keys[i] + 12),
			                       err)))
				break;
			size_t at = ts_entry_find(t->series, ts_get32(keys[i] + 8),
			                          ts_get32(keys[i] + 12), &found);
			if (found)
				rc = rerank_one(t, &t->series->e[at], err);
		}
		int r2 = ts_series_end(t, err);
		if (!rc)
			rc = r2;
	}
	free(keys);
	return rc;
}
