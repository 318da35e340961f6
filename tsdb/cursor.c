/* cursor.c — reading series back: a cursor over one series' blocks, the
 * versions of each observation as of a date or all of them, and the
 * one-observation and each-series reads built on it. */
#include <stdlib.h>

#include "obs.h"

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
	struct ts_entry *blk;          /* the block the cursor is in, decoded */
	size_t nblk, blk_cap, at;      /* blk[at] is the current observation */
	unsigned char key[TS_OBS_KEY]; /* and its key */
	struct ver *vers;              /* the versions of the current observation */
	size_t nvers, cap, next;       /* VERSIONS: the next one to return */
	size_t shown;                  /* index of the version shown, or (size_t)-1 */
	int conflict;
	uint32_t src_key;   /* the source last named, and its id (borrowed, */
	const char *src_id; /* from the map): a series has one or two */
};

/* Decodes the block c is on if it is of the cursor's series; else done. */
static int take_block(tsdb_cursor *cur, int rc, const MDB_val *k, const MDB_val *v, tsdb_error *err)
{
	cur->nblk = cur->at = 0;
	if (rc == MDB_NOTFOUND ||
	    (!rc && (k->mv_size != TS_OBS_KEY || memcmp(k->mv_data, cur->prefix, 8)))) {
		cur->done = 1;
		return 0;
	}
	if (rc)
		return ts_mdb_err(err, rc, "cursor");
	rc = ts_block_decode(v->mv_data, v->mv_size, &cur->blk, &cur->nblk, &cur->blk_cap);
	if (rc)
		return ts_err(err, rc,
		              rc == TSDB_ENOMEM ? "out of memory"
		                                : "obs: a block cannot be decoded");
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

static int fill(tsdb_cursor *cur, const struct ver *v, tsdb_period p, tsdb_point *out,
                tsdb_error *err)
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
		return rc == TSDB_NOTFOUND
		           ? ts_err(err, TSDB_ECORRUPT, "source %u missing", v->source)
		           : rc;
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
	struct ts_standing best = {0, 0, {0, 0, 0}, 0}, s;
	int rc;

	cur->nvers = cur->next = 0;
	cur->shown = (size_t)-1;
	cur->conflict = 0;
	ts_entry_ver(&cur->blk[cur->at], &first);
	memcpy(start, cur->key, TS_OBS_KEY);
	rc = mdb_cursor_get(cur->vc, &k, &v, MDB_SET_RANGE);
	for (int took_first = 0;;) {
		struct ver x;
		int have_v = rc == 0 && memcmp(k.mv_data, cur->key, TS_OBS_KEY) == 0;
		if (rc && rc != MDB_NOTFOUND)
			return ts_mdb_err(err, rc, "versions");
		if (have_v && ts_ver_read(&k, &v, &x))
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
		if ((rc = ts_standing_of(cur->txn, x, &s, err)))
			return rc;
		if (cur->shown == (size_t)-1 || ts_better(&s, &best)) {
			best = s;
			cur->shown = i;
		}
	}
	if (cur->shown != (size_t)-1)
		for (size_t i = 0; i < cur->nvers; i++) {
			const struct ver *x = &cur->vers[i];
			if (x->vintage == best.vintage &&
			    !ts_agree(x->val, cur->vers[cur->shown].val))
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
			ts_entry_ver(&cur->blk[cur->at], &x);
			out->shown = 1;
			out->conflict = x.val[10] & TS_FLAG_CONFLICT;
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
		if ((rc = ts_indicator_by_key(t, ind, &in, err)) ||
		    (rc = ts_region_by_key(t, reg, &re, err))) {
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
