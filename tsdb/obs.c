/* obs.c — observations: storing versions, choosing the one shown, and
 * reading series back through cursors.
 *
 * Every version is stored once. The version shown (see better()) is the
 * observation's entry in its series' block in obs (block.c), so that a plain
 * read decodes a block or two; the others are in versions, keyed by the
 * observation's key, vintage and source. Adding a version that beats the
 * shown one moves the shown one into versions. A series is written whole:
 * its blocks are read, changed in memory and written back once. */
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

/* Same value, qualifier and status? (Whether the vintage was assumed is
 * not the value: the dated version and the assumed one of a date agree.) */
static int same_value(const unsigned char *a, const unsigned char *b)
{
	return memcmp(a, b, 9) == 0 && (a[9] & TS_STATUS_BITS) == (b[9] & TS_STATUS_BITS);
}

/* Whether two versions can both be true (ts_values_agree): only those that
 * cannot are a conflict. */
static int agree(const unsigned char *a, const unsigned char *b)
{
	return ts_values_agree(ts_get_double(a), a[8], ts_get_double(b), b[8]);
}

/* Sets *out when a stored version of vintage of the observation key (its
 * first 16 bytes) cannot be true together with val. */
static int disputed(tsdb_txn *t, const unsigned char *key, uint32_t vintage,
                    const unsigned char *val, int *out, tsdb_error *err)
{
	unsigned char vkey[TS_VER_KEY];
	MDB_val k = {TS_VER_KEY, vkey}, v;
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->db->versions, &c);
	if (rc)
		return ts_mdb_err(err, rc, "versions");
	memcpy(vkey, key, TS_OBS_KEY);
	ts_put32(vkey + 16, vintage);
	ts_put32(vkey + 20, 0);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (memcmp(k.mv_data, key, TS_OBS_KEY) || ts_get32((unsigned char *)k.mv_data + 16) != vintage)
			break;
		if (v.mv_size >= TS_VER_HEAD && !agree(v.mv_data, val))
			*out = 1;
	}
	mdb_cursor_close(c);
	return rc && rc != MDB_NOTFOUND ? ts_mdb_err(err, rc, "versions") : 0;
}

/* Sets *out when source already gave val for the observation key (its
 * first 16 bytes) as a version in versions, under any vintage. */
static int given_before(tsdb_txn *t, const unsigned char *key, uint32_t source,
                        const unsigned char *val, int *out, tsdb_error *err)
{
	unsigned char vkey[TS_VER_KEY] = {0};
	MDB_val k = {TS_VER_KEY, vkey}, v;
	MDB_cursor *c;
	int rc = mdb_cursor_open(t->txn, t->db->versions, &c);
	if (rc)
		return ts_mdb_err(err, rc, "versions");
	memcpy(vkey, key, TS_OBS_KEY);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc && !*out;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (memcmp(k.mv_data, key, TS_OBS_KEY))
			break;
		*out = ts_get32((unsigned char *)k.mv_data + 20) == source &&
		       v.mv_size >= TS_VER_HEAD && same_value(v.mv_data, val);
	}
	mdb_cursor_close(c);
	return rc && rc != MDB_NOTFOUND ? ts_mdb_err(err, rc, "versions") : 0;
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
static int cursor_of(tsdb_txn *t, MDB_dbi dbi, MDB_cursor **out, tsdb_error *err)
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
	if (!(rc = cursor_of(t, t->db->versions, &c, err)) && (rc = mdb_cursor_put(c, &k, &d, 0)))
		rc = ts_mdb_err(err, rc, "versions");
	free(r);
	return rc;
}

/* ---- the series being written ---- */

/* A window on the series being written: the block that holds (or would
 * hold) the periods being written, decoded, each tail a malloc'd copy (the
 * map moves under a write transaction). It covers the periods from its
 * block's key (or from the start, for the series' first block) to the next
 * block's key (or to the end); a put outside it writes it back and loads the
 * block of the new period, so a put costs one block whatever the series'
 * length, and a load's facts of one series, sorted, change its last block
 * once. */
struct ts_series {
	uint32_t ind, reg;
	int open, window, dirty;
	int have_old;            /* the window came from a block, keyed old_key */
	unsigned char old_key[TS_OBS_KEY];
	int lo_any, hi_inf;      /* the window is not bounded below, above */
	uint32_t lo[2], hi[2];   /* the bounds (start, end): lo <= p < hi */
	struct ts_entry *e;
	size_t n, cap;
	struct ts_entry *blk;    /* one block, decoded */
	size_t blk_cap;
	unsigned char *buf;      /* one block, coded */
	size_t buf_cap;
};

static void entries_clear(struct ts_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		free((char *)s->e[i].tail);
	s->n = 0;
}

void ts_series_free(struct ts_series *s)
{
	if (!s)
		return;
	entries_clear(s);
	free(s->e);
	free(s->blk);
	free(s->buf);
	free(s);
}

/* Makes room for one more entry at index i. */
static int entry_insert(struct ts_series *s, size_t i)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct ts_entry *e = realloc(s->e, cap * sizeof *e);
		if (!e)
			return TSDB_ENOMEM;
		s->e = e;
		s->cap = cap;
	}
	memmove(&s->e[i + 1], &s->e[i], (s->n - i) * sizeof *s->e);
	memset(&s->e[i], 0, sizeof s->e[i]);
	s->n++;
	return 0;
}

/* Sets entry x's tail to a copy of tail[0, len). */
static int entry_tail(struct ts_entry *x, const char *tail, size_t len)
{
	char *c = NULL;
	if (len && !(c = malloc(len)))
		return TSDB_ENOMEM;
	if (len)
		memcpy(c, tail, len);
	free((char *)x->tail);
	x->tail = c;
	x->tail_len = len;
	return 0;
}

static int ours(const struct ts_series *s, const MDB_val *k)
{
	return k->mv_size == TS_OBS_KEY && ts_get32(k->mv_data) == s->ind &&
	       ts_get32((const unsigned char *)k->mv_data + 4) == s->reg;
}

static int period_cmp(uint32_t s1, uint32_t e1, const uint32_t *b)
{
	return s1 != b[0] ? (s1 < b[0] ? -1 : 1) : e1 != b[1] ? (e1 < b[1] ? -1 : 1) : 0;
}

/* Loads the window holding period (start, end). */
static int window_load(tsdb_txn *t, struct ts_series *s, uint32_t start, uint32_t end,
                       tsdb_error *err)
{
	unsigned char at[TS_OBS_KEY];
	MDB_cursor *c;
	MDB_val k, v;
	size_t nb;
	int rc, have = 0;

	entries_clear(s);
	s->window = 1;
	s->dirty = s->have_old = 0;
	s->lo_any = s->hi_inf = 1;
	if ((rc = cursor_of(t, t->db->obs, &c, err)))
		return rc;
	ts_put32(at, s->ind);
	ts_put32(at + 4, s->reg);
	ts_put32(at + 8, start);
	ts_put32(at + 12, end);
	k.mv_size = TS_OBS_KEY;
	k.mv_data = at;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc && rc != MDB_NOTFOUND)
		goto fail;
	if (!rc && k.mv_size == TS_OBS_KEY && memcmp(k.mv_data, at, TS_OBS_KEY) == 0)
		have = 1, s->lo_any = 0;
	else {
		/* the last block before the period, or else the series' first */
		int r2 = mdb_cursor_get(c, &k, &v, rc ? MDB_LAST : MDB_PREV);
		if (r2 && r2 != MDB_NOTFOUND) {
			rc = r2;
			goto fail;
		}
		if (!r2 && ours(s, &k))
			have = 1, s->lo_any = 0;
		else {
			k.mv_size = TS_OBS_KEY;
			k.mv_data = at;
			rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
			if (rc && rc != MDB_NOTFOUND)
				goto fail;
			have = !rc && ours(s, &k);
		}
	}
	if (!have)
		return 0;
	s->have_old = 1;
	memcpy(s->old_key, k.mv_data, TS_OBS_KEY);
	s->lo[0] = ts_get32(s->old_key + 8);
	s->lo[1] = ts_get32(s->old_key + 12);
	if ((rc = ts_block_decode(v.mv_data, v.mv_size, &s->blk, &nb, &s->blk_cap)))
		return ts_err(err, rc, rc == TSDB_ENOMEM ? "out of memory" : "obs: a block cannot be decoded");
	for (size_t i = 0; i < nb; i++) {
		const struct ts_entry *b = &s->blk[i];
		if (entry_insert(s, s->n) || entry_tail(&s->e[s->n - 1], b->tail, b->tail_len))
			return ts_err(err, TSDB_ENOMEM, "out of memory");
		s->e[s->n - 1].start = b->start;
		s->e[s->n - 1].end = b->end;
		memcpy(s->e[s->n - 1].rec, b->rec, TS_OBS_SIZE);
	}
	rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	if (!rc && ours(s, &k)) {
		s->hi_inf = 0;
		s->hi[0] = ts_get32((unsigned char *)k.mv_data + 8);
		s->hi[1] = ts_get32((unsigned char *)k.mv_data + 12);
	} else if (rc && rc != MDB_NOTFOUND)
		goto fail;
	return 0;
fail:
	s->window = 0;
	return ts_mdb_err(err, rc, "obs");
}

/* Writes the window back if it changed: its old block goes, its entries
 * are written as new blocks in key order, appended when they are the last
 * keys (LMDB then fills pages completely). */
static int window_flush(tsdb_txn *t, struct ts_series *s, tsdb_error *err)
{
	unsigned char key[TS_OBS_KEY];
	MDB_cursor *c;
	MDB_val k, v;
	int rc;
	if (!s->window || !s->dirty) {
		s->window = 0;
		return 0;
	}
	s->window = 0;
	if ((rc = cursor_of(t, t->db->obs, &c, err)))
		return rc;
	if (s->have_old) {
		k.mv_size = TS_OBS_KEY;
		k.mv_data = s->old_key;
		if ((rc = mdb_cursor_get(c, &k, &v, MDB_SET)) || (rc = mdb_cursor_del(c, 0)))
			return ts_mdb_err(err, rc, "obs");
	}
	for (size_t i = 0, taken; i < s->n; i += taken) {
		size_t len;
		if ((rc = ts_block_encode(&s->e[i], s->n - i, &s->buf, &s->buf_cap, &len, &taken)))
			return ts_err(err, rc, "out of memory");
		ts_put32(key, s->ind);
		ts_put32(key + 4, s->reg);
		ts_put32(key + 8, s->e[i].start);
		ts_put32(key + 12, s->e[i].end);
		k.mv_size = TS_OBS_KEY;
		k.mv_data = key;
		v.mv_size = len;
		v.mv_data = s->buf;
		rc = mdb_cursor_put(c, &k, &v, MDB_APPEND);
		if (rc == MDB_KEYEXIST)
			rc = mdb_cursor_put(c, &k, &v, 0);
		if (rc)
			return ts_mdb_err(err, rc, "obs");
	}
	return 0;
}

/* Makes the window hold period (start, end). */
static int window_at(tsdb_txn *t, uint32_t start, uint32_t end, tsdb_error *err)
{
	struct ts_series *s = t->series;
	int rc;
	if (s->window && (s->lo_any || period_cmp(start, end, s->lo) >= 0) &&
	    (s->hi_inf || period_cmp(start, end, s->hi) < 0))
		return 0;
	if ((rc = window_flush(t, s, err)))
		return rc;
	return window_load(t, s, start, end, err);
}

int ts_series_begin(tsdb_txn *t, uint32_t ind, uint32_t reg, tsdb_error *err)
{
	struct ts_series *s = t->series;
	if (!s && !(s = t->series = calloc(1, sizeof *s)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	entries_clear(s);
	s->ind = ind;
	s->reg = reg;
	s->open = 1;
	s->window = s->dirty = 0;
	return 0;
}

int ts_series_end(tsdb_txn *t, tsdb_error *err)
{
	struct ts_series *s = t->series;
	if (!s || !s->open)
		return 0;
	s->open = 0;
	return window_flush(t, s, err);
}

/* The index of period (start, end) in s, or where it would go (*found 0). */
static size_t entry_find(const struct ts_series *s, uint32_t start, uint32_t end, int *found)
{
	size_t lo = 0, hi = s->n;
	/* a load's facts come in key order: try after the last one first */
	if (s->n && (s->e[s->n - 1].start < start ||
	             (s->e[s->n - 1].start == start && s->e[s->n - 1].end < end))) {
		*found = 0;
		return s->n;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ts_entry *x = &s->e[mid];
		if (x->start < start || (x->start == start && x->end < end))
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->n && s->e[lo].start == start && s->e[lo].end == end;
	return lo;
}

/* Reads entry x as a version. */
static void entry_ver(const struct ts_entry *x, struct ver *out)
{
	out->val = x->rec;
	out->vintage = ts_get32(x->rec + 12);
	out->source = ts_get32(x->rec + 16);
	out->tail = x->tail;
	out->tail_len = x->tail_len;
	out->shown_rec = 1;
}

/* Makes entry x show version v (its tail copied), with flags. */
static int entry_show(struct ts_entry *x, const struct ver *v, unsigned flags)
{
	unsigned char rec[TS_OBS_SIZE];
	memcpy(rec, v->val, 10);
	rec[10] = (unsigned char)flags;
	rec[11] = 0;
	ts_put32(rec + 12, v->vintage);
	ts_put32(rec + 16, v->source);
	if (v->tail != x->tail && entry_tail(x, v->tail, v->tail_len))
		return TSDB_ENOMEM;
	memcpy(x->rec, rec, TS_OBS_SIZE);
	return 0;
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
	              tsdb_status_name(was[9] & TS_STATUS_BITS));
}

int ts_obs_put(tsdb_txn *t, uint32_t ind, uint32_t reg, uint32_t src, const tsdb_obs *o,
               int *result, tsdb_error *err)
{
	int rc, r2;
	if (!t->write)
		return ts_err(err, TSDB_EREADONLY, "read-only transaction");
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

	if (!t->write)
		return ts_err(err, TSDB_EREADONLY, "read-only transaction");
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
	if ((rc = window_at(t, o->period.start, o->period.end, err)))
		goto out;
	at = entry_find(s, o->period.start, o->period.end, &found);
	if (!found) {
		if (result)
			*result = TSDB_PUT_NEW;
		if ((rc = entry_insert(s, at)))
			goto nomem;
		s->e[at].start = o->period.start;
		s->e[at].end = o->period.end;
		if ((rc = entry_show(&s->e[at], &nv, 0)))
			goto nomem;
		s->dirty = 1;
		goto out;
	}
	struct ts_entry *x = &s->e[at];
	entry_ver(x, &cur);
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
	if ((rc = cursor_of(t, t->db->versions, &vc, err)))
		goto out;
	rc = mdb_cursor_get(vc, &vk, &vv, MDB_SET_KEY);
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
	int same_vintage = a.vintage == b.vintage, differs = !agree(cur.val, head);
	s->dirty = 1;
	if (better(&a, &b)) {
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
		if ((rc = entry_show(x, &nv, disputes ? FLAG_CONFLICT : 0)))
			goto nomem;
		goto out;
	}
	if ((rc = put_version(t, key, &nv, err)))
		goto out;
	if (same_vintage && differs && !(cur_flags & FLAG_CONFLICT))
		x->rec[10] = (unsigned char)(cur_flags | FLAG_CONFLICT); /* the shown version is disputed */
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
	struct standing sb, sx;
	size_t shown_size, chosen_size = 0;
	int rc, differs = 0;
	MDB_cursor *c;

	entry_ver(x, &cur);
	best = cur;
	if ((rc = standing(t, cur.vintage, cur.source, &sb, err)))
		return rc;
	if ((rc = cursor_of(t, t->db->versions, &c, err)))
		return rc;
	ts_put32(vkey, t->series->ind);
	ts_put32(vkey + 4, t->series->reg);
	ts_put32(vkey + 8, x->start);
	ts_put32(vkey + 12, x->end);
	ts_put32(vkey + 16, cur.vintage);
	ts_put32(vkey + 20, 0);
	k.mv_size = TS_VER_KEY;
	k.mv_data = vkey;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); !rc; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		struct ver y;
		if (memcmp(k.mv_data, vkey, TS_OBS_KEY) || ts_get32((unsigned char *)k.mv_data + 16) != cur.vintage)
			break;
		if (ver_ver(&k, &v, &y)) {
			rc = MDB_CORRUPTED;
			break;
		}
		if ((rc = standing(t, y.vintage, y.source, &sx, err)))
			return rc;
		if (better(&sx, &sb))
			best = y, sb = sx;
	}
	if (rc && rc != MDB_NOTFOUND)
		return ts_mdb_err(err, rc, "versions");
	if (best.shown_rec)
		return 0;
	/* the conflict flag: can any version of the vintage not be true with
	 * the best? (agreeing is not transitive: every one is asked) */
	differs = !agree(cur.val, best.val);
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
	else if (entry_show(x, &b, differs ? FLAG_CONFLICT : 0))
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
	unsigned char (*keys)[TS_OBS_KEY] = NULL;
	size_t n = 0, cap = 0;
	MDB_cursor *c;
	MDB_val k, v;
	int rc, loaded = 0;
	if ((rc = mdb_cursor_open(t->txn, t->db->versions, &c)))
		return ts_mdb_err(err, rc, "versions");
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); !rc; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		const unsigned char *kp = k.mv_data;
		int found;
		if (k.mv_size != TS_VER_KEY || (n && !memcmp(keys[n - 1], kp, TS_OBS_KEY)))
			continue;
		if (!loaded || t->series->ind != ts_get32(kp) || t->series->reg != ts_get32(kp + 4)) {
			if ((rc = ts_series_begin(t, ts_get32(kp), ts_get32(kp + 4), err)))
				break;
			loaded = 1;
		}
		if ((rc = window_at(t, ts_get32(kp + 8), ts_get32(kp + 12), err)))
			break; /* only read: nothing is written back */
		size_t at = entry_find(t->series, ts_get32(kp + 8), ts_get32(kp + 12), &found);
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
		for (; i < n && !rc && ts_get32(keys[i]) == ind && ts_get32(keys[i] + 4) == reg; i++) {
			int found;
			if ((rc = window_at(t, ts_get32(keys[i] + 8), ts_get32(keys[i] + 12), err)))
				break;
			size_t at = entry_find(t->series, ts_get32(keys[i] + 8), ts_get32(keys[i] + 12), &found);
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

/* ---- cursors ---- */

enum { LATEST, AS_OF, VERSIONS };

struct tsdb_cursor {
	tsdb_txn *txn;
	MDB_cursor *c;           /* over obs */
	MDB_cursor *vc;          /* over versions (AS_OF, VERSIONS) */
	unsigned char prefix[8]; /* indicator, region */
	uint32_t first_start;    /* periods must start at or after this ... */
	uint32_t last_start;     /* ... and at or before this */
	uint32_t as_of;
	int mode, started, done;
	struct ts_entry *blk;    /* the block the cursor is in, decoded */
	size_t nblk, blk_cap, at; /* blk[at] is the current observation */
	unsigned char key[TS_OBS_KEY]; /* and its key */
	struct ver *vers;        /* the versions of the current observation */
	size_t nvers, cap, next; /* VERSIONS: the next one to return */
	size_t shown;            /* index of the version shown, or (size_t)-1 */
	int conflict;
	uint32_t src_key;        /* the source last named, and its id (borrowed, */
	const char *src_id;      /* from the map): a series has one or two */
};

/* Decodes the block c is on if it is of the cursor's series; else done. */
static int take_block(tsdb_cursor *cur, int rc, const MDB_val *k, const MDB_val *v, tsdb_error *err)
{
	cur->nblk = cur->at = 0;
	if (rc == MDB_NOTFOUND || (!rc && (k->mv_size != TS_OBS_KEY || memcmp(k->mv_data, cur->prefix, 8)))) {
		cur->done = 1;
		return 0;
	}
	if (rc)
		return ts_mdb_err(err, rc, "cursor");
	rc = ts_block_decode(v->mv_data, v->mv_size, &cur->blk, &cur->nblk, &cur->blk_cap);
	if (rc)
		return ts_err(err, rc, rc == TSDB_ENOMEM ? "out of memory" : "obs: a block cannot be decoded");
	return 0;
}

int tsdb_cursor_open(tsdb_txn *t, const tsdb_query *q, tsdb_cursor **out, tsdb_error *err)
{
	uint32_t ind, reg;
	tsdb_cursor *cur;
	unsigned char first[TS_OBS_KEY] = {0};
	MDB_val k, v;
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
	cur->first_start = q->from.start;
	cur->last_start = q->to.end ? q->to.end : 0xFFFFFFFFu;
	cur->as_of = q->as_of;
	cur->mode = q->versions ? VERSIONS : q->as_of ? AS_OF : LATEST;
	if ((rc = mdb_cursor_open(t->txn, t->db->obs, &cur->c)) ||
	    (cur->mode != LATEST && (rc = mdb_cursor_open(t->txn, t->db->versions, &cur->vc)))) {
		tsdb_cursor_close(cur);
		return ts_mdb_err(err, rc, "cursor");
	}
	/* the block holding (ind, reg, from.start) is the last one at or before
	 * it: the first at or after it, or the one before that */
	memcpy(first, cur->prefix, 8);
	ts_put32(first + 8, q->from.start);
	k.mv_size = TS_OBS_KEY;
	k.mv_data = first;
	rc = mdb_cursor_get(cur->c, &k, &v, MDB_SET_RANGE);
	if (rc == 0 && k.mv_size == TS_OBS_KEY && memcmp(k.mv_data, first, TS_OBS_KEY) == 0)
		;
	else if (rc == 0 || rc == MDB_NOTFOUND) {
		int back = mdb_cursor_get(cur->c, &k, &v, rc == 0 ? MDB_PREV : MDB_LAST);
		if (back == 0 && k.mv_size == TS_OBS_KEY && memcmp(k.mv_data, cur->prefix, 8) == 0)
			rc = 0;
		else if (rc == 0) {
			k.mv_size = TS_OBS_KEY;
			k.mv_data = first;
			rc = mdb_cursor_get(cur->c, &k, &v, MDB_SET_RANGE);
		}
	}
	if ((rc = take_block(cur, rc, &k, &v, err))) {
		tsdb_cursor_close(cur);
		return rc;
	}
	/* the observations before from.start are not in the range */
	while (!cur->done && cur->at < cur->nblk && cur->blk[cur->at].start < cur->first_start)
		cur->at++;
	if (!cur->done && cur->at == cur->nblk) {
		cur->at--; /* advance() steps past it */
		cur->started = 1;
	}
	*out = cur;
	return 0;
}

/* Is the cursor's current observation inside the query's range? */
static int in_range(const tsdb_cursor *cur)
{
	return !cur->done && cur->at < cur->nblk && cur->blk[cur->at].start <= cur->last_start;
}

static int advance(tsdb_cursor *cur, tsdb_error *err)
{
	MDB_val k, v;
	if (cur->done)
		return 0;
	if (++cur->at < cur->nblk)
		return 0;
	return take_block(cur, mdb_cursor_get(cur->c, &k, &v, MDB_NEXT), &k, &v, err);
}

/* The current observation's key. */
static void current_key(tsdb_cursor *cur)
{
	memcpy(cur->key, cur->prefix, 8);
	ts_put32(cur->key + 8, cur->blk[cur->at].start);
	ts_put32(cur->key + 12, cur->blk[cur->at].end);
}

static int fill(tsdb_cursor *cur, const struct ver *v, tsdb_period p, tsdb_point *out, tsdb_error *err)
{
	const char *s[2];
	tsdb_source src;
	out->period = p;
	out->value = ts_get_double(v->val);
	out->qualifier = v->val[8];
	out->status = v->val[9] & TS_STATUS_BITS;
	out->assumed = (v->val[9] & TS_ASSUMED) != 0;
	out->vintage = v->vintage;
	ts_unpack(v->tail, v->tail_len, s, 2);
	out->quote = s[0];
	out->note = s[1];
	out->source = "";
	if (!v->source)
		return 0;
	if (v->source == cur->src_key) {
		out->source = cur->src_id;
		return 0;
	}
	int rc = ts_source_by_key(cur->txn, v->source, &src, err);
	if (rc)
		return rc == TSDB_NOTFOUND ? ts_err(err, TSDB_ECORRUPT, "source %u missing", v->source) : rc;
	out->source = cur->src_id = src.id;
	cur->src_key = v->source;
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
	entry_ver(&cur->blk[cur->at], &first);
	memcpy(start, cur->key, TS_OBS_KEY);
	rc = mdb_cursor_get(cur->vc, &k, &v, MDB_SET_RANGE);
	for (int took_first = 0;;) {
		struct ver x;
		int have_v = rc == 0 && memcmp(k.mv_data, cur->key, TS_OBS_KEY) == 0;
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
			if (x->vintage == best.vintage && !agree(x->val, cur->vers[cur->shown].val))
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
		return fill(cur, x, ts_key_period(cur->key), out, err);
	}
	for (;;) {
		if (cur->started && (rc = advance(cur, err)))
			return rc;
		cur->started = 1;
		if (!in_range(cur))
			return TSDB_NOTFOUND;
		current_key(cur);
		tsdb_period p = ts_key_period(cur->key);
		if (cur->mode == LATEST) {
			struct ver x;
			entry_ver(&cur->blk[cur->at], &x);
			out->shown = 1;
			out->conflict = x.val[10] & FLAG_CONFLICT;
			return fill(cur, &x, p, out, err);
		}
		if ((rc = gather(cur, err)))
			return rc;
		if (cur->mode == AS_OF) {
			if (cur->shown == (size_t)-1)
				continue;
			out->shown = 1;
			out->conflict = cur->conflict;
			return fill(cur, &cur->vers[cur->shown], p, out, err);
		}
		/* VERSIONS: the first of this observation's versions */
		out->shown = cur->shown == 0;
		out->conflict = cur->conflict;
		cur->next = 1;
		return fill(cur, &cur->vers[0], p, out, err);
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
	free(cur->blk);
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
