/* obs.h — what the three parts of observation storage share: a version
 * wherever it is stored, the rule that chooses the one shown, and the
 * series being written (obs.c stores versions, window.c holds the block
 * being written, cursor.c reads series back). Internal. */
#ifndef TSDB_OBS_H
#define TSDB_OBS_H

#include "internal.h"

/* The flags byte of a shown version: a version of its vintage disagrees. */
enum { TS_FLAG_CONFLICT = 1 };

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
struct ts_standing {
	uint32_t vintage;
	int assumed; /* the vintage is only the date it came in */
	struct ts_rank rank;
	uint32_t source;
};

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
	int have_old; /* the window came from a block, keyed old_key */
	unsigned char old_key[TS_OBS_KEY];
	int lo_any, hi_inf;    /* the window is not bounded below, above */
	uint32_t lo[2], hi[2]; /* the bounds (start, end): lo <= p < hi */
	struct ts_entry *e;
	size_t n, cap;
	struct ts_entry *blk; /* one block, decoded */
	size_t blk_cap;
	unsigned char *buf; /* one block, coded */
	size_t buf_cap;
};

/* Is a to be shown rather than b? The later vintage, then the source of
 * higher priority, then the later publication, then the earlier-declared
 * source (only so that the choice never depends on load order). */
int ts_better(const struct ts_standing *a, const struct ts_standing *b);

/* Fills *out with the standing of version v (vintage, assumed, source). */
int ts_standing_of(tsdb_txn *t, const struct ver *v, struct ts_standing *out, tsdb_error *err);

/* Whether two versions can both be true (ts_values_agree): only those that
 * cannot are a conflict. */
int ts_agree(const unsigned char *a, const unsigned char *b);

/* Reads a versions entry as a version. */
int ts_ver_read(const MDB_val *k, const MDB_val *v, struct ver *out);

/* The write transaction's cursor over obs or versions, opened on first use.
 * Puts in key order through it (as a load makes them) stay on the page last
 * written instead of searching the tree from its root. */
int ts_cursor_of(tsdb_txn *t, MDB_dbi dbi, MDB_cursor **out, tsdb_error *err);

/* The index of period (start, end) in s, or where it would go (*found 0). */
size_t ts_entry_find(const struct ts_series *s, uint32_t start, uint32_t end, int *found);

/* Reads entry x as a version. */
void ts_entry_ver(const struct ts_entry *x, struct ver *out);

/* Makes entry x show version v (its tail copied), with flags. */
int ts_entry_show(struct ts_entry *x, const struct ver *v, unsigned flags);

/* Makes room for one more entry at index i. */
int ts_entry_insert(struct ts_series *s, size_t i);

/* Makes the window hold period (start, end). */
int ts_window_at(tsdb_txn *t, uint32_t start, uint32_t end, tsdb_error *err);

#endif
