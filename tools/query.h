/* query.h — what compare, rank and plot share: an expression evaluated for
 * a list of regions, converted in frequency and transformed. */
#ifndef TSQ_QUERY_H
#define TSQ_QUERY_H

#include "cli.h"

/* The sources behind what is shown, each once, numbered from 1 in the order
 * met (ids borrowed from the transaction). */
struct sources {
	const char *id[64];
	int n;
};

/* Adds a source (NULL or "" is none) and returns its number; 0 for none or
 * when the list is full. */
int sources_add(struct sources *s, const char *id);

/* One region's answer. */
struct column {
	char *asked;     /* the region as the user named it (owned) */
	tsdb_region reg; /* borrowed from the transaction */
	tsdb_series s;
};

/* A periods-by-regions question. Fill the option strings (any may be NULL),
 * then query_prepare, query_regions, query_run; query_free at the end. */
struct query {
	const char *expr, *transform, *freq, *from, *to, *as_of, *level, *within;
	tsdb_expr *e;
	tsdb_transform tr;
	int freq_code;           /* enum tsdb_freq, 0 as stored */
	tsdb_query range;        /* from, to and as_of: set with cli_range */
	struct column *col;
	size_t ncols, cap;
	char unit[200];          /* the unit of what is shown */
	char name[160];          /* a lone indicator's name, else "" */
	int lone;                /* the expression is one indicator */
	int computed;            /* values are computed (an expression or a
	                            transform), not shown as stored */
	char notes[8][160];      /* what a transform could not derive */
	int nnotes;
};

/* Fills the options compare, rank and plot share (--from, --to, --as-of,
 * --freq, --transform, --level, --within) from the command line. */
void query_options(const struct ctx *c, struct query *qr);

/* Parses and binds the expression and the transform, and works out the unit
 * shown. (The range is the caller's: cli_range into qr->range.) */
int query_prepare(tsdb_txn *t, struct query *qr, tsdb_error *err);

/* Adds the regions named: each a name or code in any form, "NAME/ *"
 * (without the space) for all of its children; with --level, every region of
 * that level (within --within, if given) that has data. */
int query_regions(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err);

/* Evaluates the expression for every region. */
int query_run(tsdb_txn *t, struct query *qr, tsdb_error *err);

/* Adds the source of every value each operand of the expression has for
 * each region over range (an expression's sample names only its first). */
int query_operand_sources(tsdb_txn *t, const struct query *qr, const tsdb_query *range,
                          struct sources *out, tsdb_error *err);

/* Reads --from, --to and --as-of, begins a read transaction on db and
 * prepares the query. On failure prints the error and returns the exit
 * status; 0 on success, with *t the caller's to abort. */
int query_open(tsdb *db, struct query *qr, tsdb_txn **t);

/* query_regions, then query_run. */
int query_answer(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err);

/* The periods of all the regions' answers, in time order, each once: a
 * malloc'd array the caller frees. -1 when out of memory. */
int query_periods(const struct query *qr, tsdb_period **out, size_t *n);

/* The display name of a region: its Chinese name, else its English one. */
const char *query_region_name(const tsdb_region *r);

void query_free(struct query *qr);

#endif
