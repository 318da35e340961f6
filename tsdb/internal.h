/* internal.h — declarations shared by the library's modules; not installed. */
#ifndef TSDB_INTERNAL_H
#define TSDB_INTERNAL_H

#include <lmdb.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

#include "tsdb.h"

/* The on-disk format. Bump on any incompatible change of the layout below.
 * A store of TS_FORMAT_OLD is read as it is and stamped TS_FORMAT by the
 * first write: format 7 only added TS_ASSUMED, which no format 6 store has. */
#define TS_FORMAT "7"
#define TS_FORMAT_OLD "6"

/* Store layout (see docs/STORE.md). All integers are big-endian so that the
 * byte order of LMDB's B-trees is the order queries want.
 *
 *  sub-database  key                                   value
 *  meta          "format"                              TS_FORMAT
 *                "home"                                the home country's code (default CN)
 *  names         kind(1) string                        u32 number   (interning:
 *                kind 'i' indicator id, 'r' region code, 's' source id)
 *  indicators    u32 number                            packed strings: id name name_zh unit kind description
 *  sources       u32 number                            packed strings: id title publisher url published priority note
 *  regions       u32 number                            packed strings: code parent level type name name_zh aliases since until successors
 *  aliases       folded name, or 0xFF CODE (DUPSORT)   class(1) u32 region u16 since u16 until (DUPFIXED; region.h)
 *  children      u32 parent (DUPSORT)                  u32 child            (DUPFIXED)
 *  obs           u32 ind, u32 region, u32 start, u32 end   a series block: the versions shown of
 *                of the block's first observation      up to TS_BLOCK_ENTRIES consecutive
 *                                                      observations of the series (block.c)
 *  versions      observation key (ind, region, start,  every other version: value, qualifier,
 *                end), u32 vintage, u32 source         status | TS_ASSUMED, 2 pad (TS_VER_HEAD),
 *                                                      quote\0 note\0
 *  texts         u32 source                            the source's document: 'r' or 'z' (zlib),
 *                                                      u32 length, the bytes (text.c)
 *
 * Each version is stored once: the one shown in its series' block in obs,
 * the others in versions. The blocks of a series do not overlap, so the
 * observation of a period is in the last block whose key is at or before it.
 *
 * One series over a period range is therefore one key range of obs (or of
 * versions, for history and as-of reads). */
enum { TS_OBS_KEY = 16, TS_VER_KEY = 24, TS_OBS_SIZE = 20, TS_VER_HEAD = 12 };
/* The status byte of a version: enum tsdb_obs_status in the low bits, and
 * TS_ASSUMED when the vintage is the date the fact came in (tsdb_obs.received). */
enum { TS_STATUS_BITS = 7, TS_ASSUMED = 8 };

/* Is the format stamp v the format f? */
static inline int ts_format_is(const MDB_val *v, const char *f)
{
	return v->mv_size == strlen(f) && memcmp(v->mv_data, f, v->mv_size) == 0;
}
/* A block closes at this many observations, or once its coding passes this
 * many bytes: small enough that a page holds several and that LMDB never
 * puts one on overflow pages of its own (unless one quote is that long). */
enum { TS_BLOCK_ENTRIES = 64, TS_BLOCK_BYTES = 480 };

struct tsdb {
	MDB_env *env;
	char *path;
	unsigned flags;
	unsigned busy_ms;
	int lock_fd;            /* write.lock: the writer lock; held shared by a reader
	                           that cannot use lock.mdb; else -1 when read-only */
	atomic_int active;      /* transactions open in this process */
	int stale_cleared;      /* stale readers cleared at open, not yet reported */
	int broken;             /* the map was lost when it could not grow */
	MDB_dbi meta, names, indicators, sources, regions, aliases, children, obs, versions, texts;
};

/* A source's ranking attributes, cached per transaction. */
struct ts_rank {
	uint32_t published;
	int priority;
	int known;
};

struct tsdb_txn {
	tsdb *db;
	MDB_txn *txn;
	int write;
	struct ts_rank *ranks; /* indexed by source number */
	uint32_t nranks;
	/* a write transaction's cursors for storing observations, opened on
	 * first use (obs.c, window.c) and closed by LMDB when the transaction ends */
	MDB_cursor *obs_cur, *ver_cur;
	struct ts_series *series; /* the series being written (window.c) */
};
/* 0 for a write transaction; TSDB_EREADONLY, recorded in err, for a read one: what every
 * function that writes says first (store.c). */
int ts_writable(const tsdb_txn *t, tsdb_error *err);

/* ---- errors (error.c) ---- */
/* Records code and a printf-style message in err unless it already holds an
 * error; returns code, so callers can write `return ts_err(err, ...)`. */
int ts_err(tsdb_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Records an LMDB failure (or errno, for codes > 0 below LMDB's range). */
int ts_mdb_err(tsdb_error *err, int rc, const char *what);
/* Sets the field of the error if it is not set yet. */
void ts_err_field(tsdb_error *err, const char *field);

/* How many of the first len bytes of s fit in max bytes without cutting a
 * UTF-8 sequence: messages quote input cut there, never half a character. */
static inline size_t ts_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* The length of s[0..n) without an incomplete UTF-8 sequence at its end
 * (text already cut by a bounded write). */
static inline size_t ts_utf8_trim(const char *s, size_t n)
{
	size_t j = n;
	while (j && ((unsigned char)s[j - 1] & 0xC0) == 0x80)
		j--;
	if (!j || (unsigned char)s[j - 1] < 0xC0)
		return n;
	unsigned char c = (unsigned char)s[j - 1];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	return n - (j - 1) < need ? j - 1 : n;
}

/* ---- big-endian keys (key.c) ---- */
static inline void ts_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}
static inline uint32_t ts_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
void ts_put_double(unsigned char *p, double v);
double ts_get_double(const unsigned char *p);
void ts_obs_key(unsigned char k[TS_OBS_KEY], uint32_t ind, uint32_t reg, tsdb_period p);
tsdb_period ts_key_period(const unsigned char *k);

/* Packed records: n NUL-terminated strings back to back. ts_pack returns a
 * malloc'd buffer (owned by the caller) and its size; ts_unpack points out[i]
 * into rec (borrowed), "" for fields beyond the record's end. */
void *ts_pack(const char *const *fields, int n, size_t *size);
void ts_unpack(const void *rec, size_t size, const char **out, int n);

/* ---- series blocks (block.c) ---- */
/* One observation of a block: its period, the version shown laid out as
 * TS_OBS_SIZE bytes (value, qualifier, status, flags, pad, u32 vintage, u32
 * source; big-endian) and its quote and note ("quote\0note\0", or none). */
struct ts_entry {
	uint32_t start, end;
	unsigned char rec[TS_OBS_SIZE];
	const char *tail;
	size_t tail_len;
};
/* Codes e[0, n) (n > 0) into one block, as many as fit (*taken, at least
 * one), in *buf (realloc'd, *cap its size; owned by the caller), *len bytes.
 * 0 or TSDB_ENOMEM. */
int ts_block_encode(const struct ts_entry *e, size_t n, unsigned char **buf, size_t *cap,
                    size_t *len, size_t *taken);
/* Decodes the block data[0, size) into *e (realloc'd to *cap entries, owned
 * by the caller), *n entries; their tails point into data. 0, TSDB_ECORRUPT
 * (anything malformed) or TSDB_ENOMEM. */
int ts_block_decode(const void *data, size_t size, struct ts_entry **e, size_t *n, size_t *cap);

/* ---- store (store.c) ---- */
/* Looks up or assigns the number of a name of the given kind. With create
 * zero, a missing name is TSDB_NOTFOUND. */
int ts_intern(tsdb_txn *t, char kind, const char *name, int create, uint32_t *out,
              tsdb_error *err);
/* Grows the map, while no transaction is open, so that more bytes beyond
 * those in use fit (a load's estimate, so that it need not run twice). */
int ts_map_reserve(tsdb *db, size_t more, tsdb_error *err);
/* The next free number of a catalog sub-database. */
int ts_next_key(tsdb_txn *t, MDB_dbi dbi, uint32_t *out, tsdb_error *err);
/* Map an LMDB return code onto a tsdb code. */
int ts_code(int rc);

/* ---- observations (obs.c, window.c, cursor.c) ---- */
/* tsdb_obs_put with the names already turned into numbers (src 0: none);
 * o->indicator, o->region and o->source are not read. */
int ts_obs_put(tsdb_txn *t, uint32_t ind, uint32_t reg, uint32_t src, const tsdb_obs *o,
               int *result, tsdb_error *err);

/* Shows again the best version of every observation that has several of
 * one vintage (after a source's priority or date changed). */
int ts_obs_rerank(tsdb_txn *t, tsdb_error *err);

/* ---- source documents (text.c) ---- */
/* The longest document a source carries. */
#define TS_TEXT_MAX ((size_t)16 << 20)
/* Reads the document path names, relative to the directory of the file
 * declared_in that names it, into a malloc'd NUL-terminated buffer owned by
 * the caller. Only that directory and those below it may be read: an
 * absolute path, a "..", a symbolic link that leads out, standard input (no
 * directory), a file that is not UTF-8 text are TSDB_EDATA naming path. */
int ts_text_file_read(const char *declared_in, const char *path, char **out, size_t *len,
                      tsdb_error *err);
/* TSDB_EDATA unless text is UTF-8 without NUL and at most TS_TEXT_MAX. */
int ts_text_check(const char *text, size_t len, tsdb_error *err);
/* Decodes a stored text record into a malloc'd string (check.c reads them). */
int ts_text_decode(const void *rec, size_t size, char **out, size_t *len, tsdb_error *err);

/* Many facts of one series: ts_series_begin reads its blocks, each
 * ts_series_put is ts_obs_put on them, and ts_series_end writes the blocks
 * back once (if anything changed); *assumed (if not NULL) says whether a
 * version was stored with its assumed vintage. Nothing else may touch obs between begin
 * and end. ts_series_free (at the transaction's end) releases the buffer. */
int ts_series_begin(tsdb_txn *t, uint32_t ind, uint32_t reg, tsdb_error *err);
int ts_series_put(tsdb_txn *t, uint32_t src, const tsdb_obs *o, int *result, int *assumed,
                  tsdb_error *err);
int ts_series_end(tsdb_txn *t, tsdb_error *err);
void ts_series_free(struct ts_series *s);

/* ---- the conflict rule (verify.c) ---- */
/* Whether a (qualifier qa) and b (qualifier qb) can both be true: their
 * ranges meet. "About" (~) is within TS_ABOUT of the value either way. */
#define TS_ABOUT 0.05
int ts_values_agree(double a, int qa, double b, int qb);

/* ---- catalogs (catalog.c, region.c) ---- */
/* What every catalog write checks first: a write transaction, and an id (valid: it is
 * well formed) — else TSDB_EINVAL "WHAT \"ID\": expected EXPECTED", the field named by
 * what's last word ("indicator id": id). */
int ts_catalog_put_check(tsdb_txn *t, const char *what, const char *id, int valid,
                         const char *expected, tsdb_error *err);
/* Reads the catalog record numbered key in dbi and points f[0..n) at its fields (borrowed
 * for the transaction); TSDB_NOTFOUND when there is none. what names dbi in errors. */
int ts_record_get(tsdb_txn *t, MDB_dbi dbi, uint32_t key, const char *what, const char **f, int n,
                  tsdb_error *err);
int ts_indicator_by_key(tsdb_txn *t, uint32_t key, tsdb_indicator *out, tsdb_error *err);
int ts_source_by_key(tsdb_txn *t, uint32_t key, tsdb_source *out, tsdb_error *err);
int ts_region_by_key(tsdb_txn *t, uint32_t key, tsdb_region *out, tsdb_error *err);
/* Ranking attributes of a source, cached in the transaction. */
int ts_source_rank(tsdb_txn *t, uint32_t key, struct ts_rank *out, tsdb_error *err);
/* Forget cached source attributes (after a source is changed). */
void ts_rank_forget(tsdb_txn *t, uint32_t key);
/* Folds a name for matching (case, full-width, accents, spaces and
 * punctuation) into a malloc'd string owned by the caller; NULL on failure. */
char *ts_fold(const char *name);
/* ts_fold of name[0..n): *out is the folded copy (the caller's), or NULL when the span is
 * empty or 512 bytes or more, which no name is. TSDB_EINVAL when it is not valid UTF-8. */
int ts_fold_span(const char *name, size_t n, char **out);

/* ---- periods (period.c) ---- */
/* The number of days of month m (1-12) of year y. */
unsigned ts_month_days(unsigned y, unsigned m);

/* ---- series (series.c) ---- */
/* The qualifier of a op b ('+', '-', '*', '/') from those of a and b: a
 * direction survives when every inexact operand pushes the same way. */
int ts_qualifier_arith(int op, int qa, double a, int qb, double b);
/* The less certain of two statuses (target < forecast < estimate <
 * provisional < actual in certainty). */
int ts_status_join(int a, int b);
/* Sets r's status and sources from operands a and b (r may be a). */
void ts_sample_join(tsdb_sample *r, const tsdb_sample *a, const tsdb_sample *b);
/* Adds s into sum (value, qualifier, status, sources); the first addend is
 * taken as it is. sum's period is kept. */
void ts_sample_add(tsdb_sample *sum, const tsdb_sample *s, int first);

/* ---- transforms (transform.c) ---- */
/* Competition ranking (1 2 2 4), the one rule of every ranking: the rank of
 * the i-th (0-based) of values in order, best first, given the value and
 * rank of the one before it (ignored for the first). */
size_t ts_rank_next(size_t i, double value, double prev, size_t prev_rank);

/* ---- region sets (regionset.c) ---- */
/* A list of region codes, each once (borrowed from the transaction). */
struct ts_codes {
	const char **v;
	size_t n, cap;
};
/* Adds code unless it is there; TSDB_ENOMEM (err not filled) on failure. */
int ts_codes_add(struct ts_codes *c, const char *code);
/* Is r a group with members? */
int ts_region_is_group(tsdb_txn *t, const tsdb_region *r, int *yes, tsdb_error *err);
/* outer, and when it is a group its members, theirs and so on: the regions
 * whose descendants lie inside outer. */
int ts_region_outer_set(tsdb_txn *t, const char *outer, struct ts_codes *set, tsdb_error *err);
/* Is code, or a region above it, one of set? */
int ts_region_in_set(tsdb_txn *t, const char *code, const struct ts_codes *set, int *yes,
                     tsdb_error *err);
/* The regions a group sums: its members, a member group's own, and so on. */
int ts_group_leaves(tsdb_txn *t, const char *group, struct ts_codes *out, tsdb_error *err);
/* TSDB_EINVAL when one of a group's regions m lies inside another. */
int ts_group_overlap(tsdb_txn *t, const tsdb_region *g, const struct ts_codes *m,
                     tsdb_error *err);
/* A region's name for people: Chinese, else English, else its code. */
const char *ts_region_display(const tsdb_region *r);

/* ---- expressions (expr.c) ---- */
/* Works out a bound expression period by period over its operands' series
 * (in[i] for the i-th indicator), where every operand has a value. */
int ts_expr_combine(const tsdb_expr *e, const tsdb_series *in, tsdb_series *out, tsdb_error *err);
/* tsdb_expr_eval, with tsdb_series_convert_noted's note for what --freq
 * could not derive. */
int ts_expr_eval_noted(tsdb_txn *t, const tsdb_expr *e, const tsdb_query *q, int freq,
                       void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                       tsdb_series *out, tsdb_error *err);
/* The kind of the i-th indicator of a bound expression, and its unit. */
int ts_expr_operand_kind(const tsdb_expr *e, size_t i, const char **unit);

/* ---- hashing ---- */
/* FNV-1a over a string: the hash of every in-memory table. */
static inline uint64_t ts_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* ---- built-in data (regions_data.c, generated) ---- */
extern const char ts_regions_tsv[];
extern const unsigned long ts_regions_tsv_len;
/* China's divisions through time, generated by gen/mkhistory. */
extern const char ts_history_tsv[];
extern const unsigned long ts_history_tsv_len;

#endif
