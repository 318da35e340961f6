/* query.h — compare, rank and plot's question, as the options state it,
 * and the library's panel that answers it (tsdb_panel). */
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

/* A periods-by-regions question. Fill the option strings (any may be NULL),
 * then query_open and query_answer; query_free at the end. */
struct query {
	const char *expr, *transform, *freq, *from, *to, *as_of, *level, *within, *boundaries;
	tsdb_query range;       /* from, to and as_of: set with cli_range */
	tsdb_panel_request req; /* what the panel is asked (borrowed by it) */
	tsdb_panel *p;          /* the answer (owned) */
	/* views of p for the presentations: set by query_open ... */
	tsdb_transform tr;
	const char *unit, *name; /* "" when there is none */
	int lone, computed;
	/* ... and by query_answer */
	const tsdb_panel_column *col;
	size_t ncols;
	char **notes;
	int nnotes;
};

/* Fills the options compare, rank and plot share (--from, --to, --as-of,
 * --freq, --transform, --level, --within) from the command line. */
void query_options(const struct ctx *c, struct query *qr);

/* Reads --from, --to and --as-of and prepares the panel in t, the
 * command's snapshot (its unit and transform are known then, nothing is
 * read). On failure prints the error and returns the exit status; 0 on
 * success. */
int query_open(tsdb_txn *t, struct query *qr);

/* Resolves the regions named (and --level, --within) and reads the panel. */
int query_answer(tsdb_txn *t, struct query *qr, char **names, size_t n, tsdb_error *err);

/* Adds the source of every value each operand of the expression has for
 * each region over range (an expression's sample names only its first). */
int query_operand_sources(tsdb_txn *t, const struct query *qr, const tsdb_query *range,
                          struct sources *out, tsdb_error *err);

/* The periods of all the regions' answers, in time order, each once: a
 * malloc'd array the caller frees. -1 when out of memory. */
int query_periods(const struct query *qr, tsdb_period **out, size_t *n);

/* The display name of a region: its Chinese name, else its English one. */
const char *query_region_name(const tsdb_region *r);

void query_free(struct query *qr);

#endif
