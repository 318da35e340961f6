/* obs.c — observations: storing versions, choosing the one shown, and
 * reading series back through cursors. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

enum { FLAG_CONFLICT = 1 };

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

static int same_value(const unsigned char *a, const unsigned char *b)
{
	/* value bits, qualifier and status */
	return memcmp(a, b, 10) == 0;
}

int tsdb_obs_put(tsdb_txn *t, const tsdb_obs *o, int *result, tsdb_error *err)
{
	uint32_t ind, reg, src = 0, vintage = o->vintage;
	unsigned char vk[TS_VER_KEY], rec[TS_OBS_SIZE];
	MDB_val k, v;
	struct ts_rank rank = {0, 0, 0};
	int rc;

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
	if (o->source && *o->source) {
		if (ts_intern(t, 's', o->source, 0, &src, NULL)) {
			ts_err_field(err, "source");
			return ts_err(err, TSDB_EUNKNOWN, "unknown source \"%.64s\"", o->source);
		}
		if ((rc = ts_source_rank(t, src, &rank, err)))
			return rc;
		if (!vintage)
			vintage = rank.published;
	}
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

	/* the version: keyed by (observation, vintage, source) */
	ts_obs_key(vk, ind, reg, o->period);
	ts_put32(vk + 16, vintage);
	ts_put32(vk + 20, src);
	const char *strs[2] = {o->quote, o->note};
	size_t tail;
	unsigned char *ver = ts_pack(strs, 2, &tail), *full;
	if (!ver || !(full = malloc(TS_VER_HEAD + tail))) {
		free(ver);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	ts_put_double(full, o->value);
	full[8] = (unsigned char)o->qualifier;
	full[9] = (unsigned char)o->status;
	full[10] = full[11] = 0;
	memcpy(full + TS_VER_HEAD, ver, tail);
	free(ver);

	k.mv_size = TS_VER_KEY;
	k.mv_data = vk;
	rc = mdb_get(t->txn, t->db->versions, &k, &v);
	if (rc == 0) {
		int same = v.mv_size >= TS_VER_HEAD && same_value(v.mv_data, full);
		if (!same) {
			char was[TSDB_VALUE_MAX];
			tsdb_value_format(ts_get_double(v.mv_data), was);
			free(full);
			ts_err_field(err, "value");
			return ts_err(err, TSDB_ECONFLICT,
			              "the same source and vintage already gave %s%s (%s); a revision "
			              "needs a later vintage",
			              tsdb_qualifier_name(((unsigned char *)v.mv_data)[8]) [0] == '=' ? "" :
			              tsdb_qualifier_name(((unsigned char *)v.mv_data)[8]),
			              was, tsdb_status_name(((unsigned char *)v.mv_data)[9]));
		}
		free(full);
		if (result)
			*result = TSDB_PUT_UNCHANGED;
		return 0;
	}
	if (rc != MDB_NOTFOUND) {
		free(full);
		return ts_mdb_err(err, rc, "versions");
	}
	v.mv_size = TS_VER_HEAD + tail;
	v.mv_data = full;
	rc = mdb_put(t->txn, t->db->versions, &k, &v, 0);
	free(full);
	if (rc)
		return ts_mdb_err(err, rc, "versions");

	/* the observation's shown value */
	ts_put_double(rec, o->value);
	rec[8] = (unsigned char)o->qualifier;
	rec[9] = (unsigned char)o->status;
	rec[10] = rec[11] = 0;
	ts_put32(rec + 12, vintage);
	ts_put32(rec + 16, src);
	k.mv_size = TS_OBS_KEY;
	rc = mdb_get(t->txn, t->db->obs, &k, &v);
	if (rc == MDB_NOTFOUND) {
		if (result)
			*result = TSDB_PUT_NEW;
	} else if (rc == 0 && v.mv_size == TS_OBS_SIZE) {
		const unsigned char *cur = v.mv_data;
		struct standing a, b;
		if ((rc = standing(t, vintage, src, &a, err)) ||
		    (rc = standing(t, ts_get32(cur + 12), ts_get32(cur + 16), &b, err)))
			return rc;
		if (result)
			*result = TSDB_PUT_REVISED;
		int conflict = a.vintage == b.vintage && !same_value(cur, rec);
		if (!better(&a, &b)) {
			if (!conflict || (cur[10] & FLAG_CONFLICT))
				return 0;
			memcpy(rec, cur, TS_OBS_SIZE);
		} else if (a.vintage == b.vintage)
			rec[10] = (unsigned char)(cur[10] & FLAG_CONFLICT);
		if (conflict)
			rec[10] |= FLAG_CONFLICT;
	} else
		return ts_mdb_err(err, rc ? rc : MDB_CORRUPTED, "obs");
	v.mv_size = TS_OBS_SIZE;
	v.mv_data = rec;
	rc = mdb_put(t->txn, t->db->obs, &k, &v, 0);
	return rc ? ts_mdb_err(err, rc, "obs") : 0;
}

/* ---- cursors ---- */

struct tsdb_cursor {
	tsdb_txn *txn;
	MDB_cursor *c;
	unsigned char prefix[8]; /* indicator, region */
	uint32_t last_start;     /* periods must start at or before this */
	uint32_t as_of;
	int mode;                /* LATEST, AS_OF or VERSIONS */
	int started, done;
	MDB_val k, v;            /* the entry the cursor is on (AS_OF, VERSIONS) */
	unsigned char shown_key[TS_VER_KEY]; /* VERSIONS: the version shown */
};

enum { LATEST, AS_OF, VERSIONS };

int tsdb_cursor_open(tsdb_txn *t, const tsdb_query *q, tsdb_cursor **out, tsdb_error *err)
{
	uint32_t ind, reg;
	tsdb_cursor *cur;
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
	rc = mdb_cursor_open(t->txn, cur->mode == LATEST ? t->db->obs : t->db->versions, &cur->c);
	if (rc) {
		free(cur);
		return ts_mdb_err(err, rc, "cursor");
	}
	/* position on the first key at or after (ind, reg, from.start) */
	unsigned char *first = calloc(1, TS_VER_KEY);
	if (!first) {
		tsdb_cursor_close(cur);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	memcpy(first, cur->prefix, 8);
	ts_put32(first + 8, q->from.start);
	cur->k.mv_size = cur->mode == LATEST ? TS_OBS_KEY : TS_VER_KEY;
	cur->k.mv_data = first;
	rc = mdb_cursor_get(cur->c, &cur->k, &cur->v, MDB_SET_RANGE);
	free(first);
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

static int fill_source(tsdb_txn *t, uint32_t src, tsdb_point *out, tsdb_error *err)
{
	tsdb_source s;
	out->source = "";
	if (!src)
		return 0;
	int rc = ts_source_by_key(t, src, &s, err);
	if (rc)
		return rc == TSDB_NOTFOUND ? ts_err(err, TSDB_ECORRUPT, "source %u missing", src) : rc;
	out->source = s.id;
	return 0;
}

static void fill_value(const unsigned char *v, tsdb_point *out)
{
	out->value = ts_get_double(v);
	out->qualifier = v[8];
	out->status = v[9];
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

/* Chooses, among the versions of the observation the cursor is on, the one
 * to show (known by as_of when as_of is set); leaves the cursor on the next
 * observation. *found is 0 if no version qualifies. */
static int pick(tsdb_cursor *cur, uint32_t as_of, tsdb_point *out, unsigned char *best_key,
                int *found, tsdb_error *err)
{
	unsigned char obs[TS_OBS_KEY], bestval[TS_VER_HEAD];
	struct standing best = {0, {0, 0, 0}, 0}, s;
	int rc, conflict = 0;
	*found = 0;
	memcpy(obs, cur->k.mv_data, TS_OBS_KEY);
	while (in_range(cur) && memcmp(cur->k.mv_data, obs, TS_OBS_KEY) == 0) {
		const unsigned char *k = cur->k.mv_data, *v = cur->v.mv_data;
		uint32_t vintage = ts_get32(k + 16);
		if ((!as_of || vintage <= as_of) && cur->v.mv_size >= TS_VER_HEAD) {
			if ((rc = standing(cur->txn, vintage, ts_get32(k + 20), &s, err)))
				return rc;
			if (*found && s.vintage == best.vintage && !same_value(v, bestval))
				conflict = 1;
			if (!*found || better(&s, &best)) {
				if (*found && s.vintage != best.vintage)
					conflict = 0;
				best = s;
				memcpy(bestval, v, TS_VER_HEAD);
				if (best_key)
					memcpy(best_key, k, TS_VER_KEY);
				*found = 1;
			}
		}
		if ((rc = advance(cur, err)))
			return rc;
	}
	if (!*found)
		return 0;
	out->period = ts_key_period(obs);
	fill_value(bestval, out);
	out->vintage = best.vintage;
	out->conflict = conflict;
	out->shown = 1;
	return fill_source(cur->txn, best.source, out, err);
}

int tsdb_cursor_next(tsdb_cursor *cur, tsdb_point *out, tsdb_error *err)
{
	int rc, found;
	memset(out, 0, sizeof *out);
	out->quote = out->note = out->source = "";
	if (cur->started && cur->mode == LATEST && (rc = advance(cur, err)))
		return rc;
	cur->started = 1;
	if (cur->mode == LATEST) {
		if (!in_range(cur))
			return TSDB_NOTFOUND;
		const unsigned char *v = cur->v.mv_data;
		if (cur->v.mv_size != TS_OBS_SIZE)
			return ts_err(err, TSDB_ECORRUPT, "observation record of %zu bytes", cur->v.mv_size);
		out->period = ts_key_period(cur->k.mv_data);
		fill_value(v, out);
		out->vintage = ts_get32(v + 12);
		out->conflict = v[10] & FLAG_CONFLICT;
		out->shown = 1;
		return fill_source(cur->txn, ts_get32(v + 16), out, err);
	}
	if (cur->mode == AS_OF) {
		while (in_range(cur)) {
			if ((rc = pick(cur, cur->as_of, out, NULL, &found, err)))
				return rc;
			if (found)
				return 0;
		}
		return TSDB_NOTFOUND;
	}
	/* VERSIONS: on entering an observation, find the version shown, then
	 * replay the observation's versions one by one */
	if (!in_range(cur))
		return TSDB_NOTFOUND;
	if (memcmp(cur->k.mv_data, cur->shown_key, TS_OBS_KEY) != 0) {
		MDB_val k0 = cur->k;
		unsigned char start[TS_VER_KEY];
		tsdb_point tmp;
		memcpy(start, k0.mv_data, TS_VER_KEY);
		if ((rc = pick(cur, cur->as_of, &tmp, cur->shown_key, &found, err)))
			return rc;
		if (!found)
			memcpy(cur->shown_key, start, TS_OBS_KEY), memset(cur->shown_key + 16, 0xFF, 8);
		cur->k.mv_size = TS_VER_KEY;
		cur->k.mv_data = start;
		rc = mdb_cursor_get(cur->c, &cur->k, &cur->v, MDB_SET_KEY);
		if (rc)
			return ts_mdb_err(err, rc, "cursor");
		cur->done = 0;
	}
	const unsigned char *k = cur->k.mv_data, *v = cur->v.mv_data;
	const char *s[2];
	if (cur->v.mv_size < TS_VER_HEAD)
		return ts_err(err, TSDB_ECORRUPT, "version record of %zu bytes", cur->v.mv_size);
	out->period = ts_key_period(k);
	fill_value(v, out);
	out->vintage = ts_get32(k + 16);
	out->shown = memcmp(k, cur->shown_key, TS_VER_KEY) == 0;
	ts_unpack(v + TS_VER_HEAD, cur->v.mv_size - TS_VER_HEAD, s, 2);
	out->quote = s[0];
	out->note = s[1];
	if ((rc = fill_source(cur->txn, ts_get32(k + 20), out, err)))
		return rc;
	return advance(cur, err);
}

void tsdb_cursor_close(tsdb_cursor *cur)
{
	if (!cur)
		return;
	if (cur->c)
		mdb_cursor_close(cur->c);
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
