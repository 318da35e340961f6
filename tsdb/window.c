/* window.c — the series being written: a window of decoded entries on the
 * block that holds the periods being put, written back when a put moves
 * out of it or the series ends, so that a load's sorted facts change each
 * block once. */
#include <stdlib.h>

#include "obs.h"

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
int ts_entry_insert(struct ts_series *s, size_t i)
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
	if ((rc = ts_cursor_of(t, t->db->obs, &c, err)))
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
		return ts_err(err, rc,
		              rc == TSDB_ENOMEM ? "out of memory"
		                                : "obs: a block cannot be decoded");
	for (size_t i = 0; i < nb; i++) {
		const struct ts_entry *b = &s->blk[i];
		if (ts_entry_insert(s, s->n) || entry_tail(&s->e[s->n - 1], b->tail, b->tail_len))
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
	if ((rc = ts_cursor_of(t, t->db->obs, &c, err)))
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
int ts_window_at(tsdb_txn *t, uint32_t start, uint32_t end, tsdb_error *err)
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
size_t ts_entry_find(const struct ts_series *s, uint32_t start, uint32_t end, int *found)
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
void ts_entry_ver(const struct ts_entry *x, struct ver *out)
{
	out->val = x->rec;
	out->vintage = ts_get32(x->rec + 12);
	out->source = ts_get32(x->rec + 16);
	out->tail = x->tail;
	out->tail_len = x->tail_len;
	out->shown_rec = 1;
}

/* Makes entry x show version v (its tail copied), with flags. */
int ts_entry_show(struct ts_entry *x, const struct ver *v, unsigned flags)
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
