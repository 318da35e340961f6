/* load.h — what the parts of the loader share: the input (input.c), the
 * state of a load (load.c), the one path by which every fact, whatever its
 * format, is checked and written in key order (fact.c), and the readers of
 * JSON (json.c, json.h) and CSV (csv.c). */
#ifndef TSDB_LOAD_H
#define TSDB_LOAD_H

#include <sys/types.h>

#include "internal.h"

/* The longest record: a JSON Lines line, an element of a JSON array, a CSV
 * row. Memory stays bounded by a few of these whatever the input's size. */
#define TS_RECORD_MAX ((size_t)64 << 20)

/* ---- input (input.c) ---- */

/* A copy of input that cannot seek (a pipe), kept for the whole load so
 * that a second pass or a second attempt can read it again. */
struct spool {
	int fd;       /* an unlinked file in the database directory, or -1 */
	uint64_t len; /* bytes copied into it */
	int eof;      /* the input has ended */
};

/* One input being read. buf[at, end) holds the unread bytes in the window,
 * whose first byte is at position pos0. */
struct input {
	const char *name;     /* as the user named it; "<stdin>" for "-" */
	int fd, own;          /* own: close fd at the end */
	struct spool *spool;  /* not NULL: fd cannot seek */
	off_t base;           /* offset of position 0 in fd */
	uint64_t size;        /* bytes in all, 0 while unknown */
	char *buf;
	size_t cap, at, end;
	uint64_t pos0;
	long line;            /* the line of buf[at], from 1 */
	uint64_t line_pos;    /* the position where that line starts */
	int eof, sys, too_long, spool_failed;
	void (*tick)(void *arg); /* called after each read */
	void *tick_arg;
};

enum { TS_IN_EOF = 1, TS_IN_LONG = 2 };

/* Opens path ("-": standard input). Input that cannot seek is spooled in
 * sp (kept by the caller across passes and attempts), made in dir. */
int ts_in_open(struct input *in, const char *path, struct spool *sp, const char *dir,
               tsdb_error *err);
void ts_in_close(struct input *in);
/* The next line, with its '\n' if it has one; valid until the next call.
 * 1: a line; 0: the end; -1: a read error (in->sys) or a line longer than
 * TS_RECORD_MAX (in->too_long). */
int ts_in_line(struct input *in, const char **line, size_t *len);
/* Makes n bytes visible at *p without consuming them (*avail: how many
 * there are, fewer at the end). 0, or -1. */
int ts_in_peek(struct input *in, size_t n, const char **p, size_t *avail);
/* Consumes n bytes of those peeked, counting lines. */
void ts_in_skip(struct input *in, size_t n);
/* Skips JSON white space; returns the next byte without consuming it, -1
 * at the end, -2 on a read error. */
int ts_in_ws(struct input *in);
/* Finds the extent of the JSON value at the read position (its syntax is
 * left to jansson): *len bytes at in->buf + in->at. 0, TS_IN_EOF (the input
 * ends inside it), TS_IN_LONG, or -1 on a read error. */
int ts_in_value(struct input *in, size_t *len);
/* Goes back (or forward, within what was read) to position pos, which
 * starts at line line whose first byte is at line_pos. */
int ts_in_seek(struct input *in, uint64_t pos, long line, uint64_t line_pos);
/* Makes a CSV input UTF-8: forced names its encoding, else UTF-16 with a
 * byte-order mark, UTF-8, or GB18030 when it is not valid UTF-8. Text in
 * another encoding is converted into an unlinked file made in dir, read in
 * its place. used gets the encoding converted from ("" for UTF-8). Call it
 * before reading. TSDB_EDATA names the line that cannot be converted. */
int ts_in_encoding(struct input *in, const char *forced, const char *dir, char *used,
                   size_t size, tsdb_error *err);
/* What kind of workbook the first bytes p[0..n) begin, or NULL. */
const char *ts_in_workbook(const char *p, size_t n);
uint64_t ts_in_pos(const struct input *in);  /* position of the next byte */
uint64_t ts_in_read(const struct input *in); /* bytes read from the source */
int ts_in_column(const struct input *in);    /* column of the next byte, from 1 */
/* Fills e with why reading in failed (in->sys): TSDB_ENOMEM when memory ran
 * out, else TSDB_EIO naming the read or spool error. Returns the code. */
int ts_in_error(const struct input *in, tsdb_error *e);

/* ---- the state of a load ---- */

/* Name lookups of one load, so that a million rows naming 30 regions and 5
 * indicators resolve each once (fact.c). */
struct load_cache;
/* Facts checked but not yet written (fact.c). */
struct batch;

struct load {
	tsdb_txn *txn;
	const tsdb_load_options *opts;
	tsdb_load_stats *stats;
	tsdb_error *first;     /* the first error, returned */
	const char *file;      /* as named by the user */
	long line;             /* line of the record, or 0 in arrays */
	const char *where;     /* "facts" in documents, "" in arrays, NULL: none */
	size_t index;          /* ... and the record's number there, from 1 */
	int max_errors;
	int stop;              /* a store failure: give up at once */
	uint64_t replayed;     /* errors already reported by an earlier attempt
	                          of this load: not reported again */
	struct load_cache *cache;
	struct batch *batch;
	char *scratch;         /* json.c's copy of a record's strings */
	size_t scratch_cap;
};

/* A fact as text, from a JSON record or a CSV row. NULL members are unset. */
struct fact {
	const char *indicator, *region, *period, *unit, *scale, *qualifier, *status, *source,
	    *vintage, *received, *quote, *note;
	const char *value_text; /* the value as written, or NULL when it is value */
	double value;
};

/* ---- facts queued for writing (fact.c, spill.c) ---- */

enum { TS_NO_TAIL = 0xFFFFFFFFu };

/* A fact checked and queued, its names already numbers. */
struct pending {
	uint32_t ind, reg, start, end;
	uint32_t seq; /* its place in its batch: the order read, which ties keep */
	uint32_t src, vintage, received;
	uint32_t tail; /* offset of "quote\0note\0" in the batch's arena, or TS_NO_TAIL */
	double value;
	unsigned char qualifier, status;
};

/* Where a queued fact came from, for its errors. file and where are
 * borrowed for the whole load. */
struct origin {
	const char *file, *where;
	long line;
	size_t index;
};

/* The external sort (spill.c): batches written as sorted runs into an
 * anonymous file in dir, then merged in key order (then input order). */
struct spill;
int ts_spill_open(struct spill **out, const char *dir);
void ts_spill_close(struct spill *s);
size_t ts_spill_runs(const struct spill *s);
/* Writes p[0, n), sorted by key, as a run; o is indexed by p[i].seq, tails
 * are in arena, and base + seq is each fact's place in the whole load. */
int ts_spill_run(struct spill *s, const struct pending *p, const struct origin *o, size_t n,
                 const char *arena, uint64_t base);
/* Starts the merge of every run written. */
int ts_spill_merge(struct spill *s);
/* The next fact of the merge (0; 1 at the end): its tail, NULL or
 * "quote\0note\0", is valid until ts_spill_pop, which moves past it. */
int ts_spill_next(struct spill *s, struct pending *p, struct origin *o, const char **tail,
                  uint64_t *g);
int ts_spill_pop(struct spill *s);
/* Forgets every run and empties the file. */
int ts_spill_reset(struct spill *s);

/* ---- facts (fact.c) ---- */
/* Makes ld's cache and batch; ts_load_end frees them and returns how many
 * errors were reported. */
int ts_load_begin(struct load *ld);
uint64_t ts_load_end(struct load *ld);
/* Finds an indicator by id, or by its name, Chinese name or an alias,
 * through the load's cache: its number and unit (borrowed until the cache
 * is cleared). */
int ts_indicator_find(struct load *ld, const char *name, uint32_t *key, const char **unit,
                      tsdb_error *e);
/* Checks a fact and queues it for writing; reports what is wrong with it. */
int ts_put_fact(struct load *ld, const struct fact *f);
/* Writes the queued facts, in key order, and reports the errors of the
 * records read so far in the order of the input. */
int ts_load_flush(struct load *ld);
/* Catalog entries: queued facts are written first, as an entry may change
 * how they are stored. *id of a source is borrowed from s. */
int ts_put_indicator(struct load *ld, const tsdb_indicator *ind);
/* text (len bytes, NULL: none given, the stored one kept) is the source's
 * document. */
int ts_put_source(struct load *ld, const tsdb_source *s, const char *text, size_t len);
int ts_put_region(struct load *ld, const tsdb_region *r, const char *parent,
                  const char *const *members, size_t nmembers);

/* Reports an error of the current record (the context is filled in here)
 * and returns its code. */
int ts_load_fail(struct load *ld, const char *field, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reports e (its field and text set) as an error of the current record. */
int ts_load_report(struct load *ld, tsdb_error *e);
/* Is the load to stop after a record returned rc (a store failure, or too
 * many errors)? */
int ts_load_stop(struct load *ld, int rc);
/* Is rc a failure of the store or the system rather than of a record? */
int ts_store_failure(int rc);

/* ---- readers ---- */
/* JSON: format is TSDB_FORMAT_JSONL, TSDB_FORMAT_JSON or 0 (decide by the
 * content: JSON Lines, an array or a document). */
int ts_load_json(struct load *ld, struct input *in, int format);
/* CSV with ld->opts->csv; sep overrides the map's separator when not 0. */
int ts_load_csv(struct load *ld, struct input *in, char sep);

#endif
