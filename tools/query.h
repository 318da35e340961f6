/* query.h — what compare, rank and plot share: an expression evaluated for
 * a list of regions, converted in frequency and transformed. */
#ifndef TSQ_QUERY_H
#define TSQ_QUERY_H

#include "cli.h"

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
	char notes[8][160];      /* what a transform could not derive */
	int nnotes;
};

/* Reads one of the options compare, rank and plot share (--from, --to,
 * --as-of, --freq, --transform, --level, --within) at argv[*i]. Returns 1 if
 * it matched, 0 if not, -1 on a missing value (usage already printed). */
int query_option(const struct command *cmd, int argc, char **argv, int *i, struct query *qr);

/* Parses and binds the expression and the transform, and works out the unit
 * shown. (The range is the caller's: cli_range into qr->range.) */
int query_prepare(tsdb_txn *t, struct query *qr, tsdb_error *err);

/* Adds the regions named: each a name or code in any form, "NAME/ *"
 * (without the space) for all of its children; with --level, every region of
 * that level (within --within, if given) that has data. */
int query_regions(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err);

/* Evaluates the expression for every region. */
int query_run(tsdb_txn *t, struct query *qr, tsdb_error *err);

/* The display name of a region: its Chinese name, else its English one. */
const char *query_region_name(const tsdb_region *r);

void query_free(struct query *qr);

#endif
