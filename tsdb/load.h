/* load.h — what the readers of input formats (load.c for JSON, csv.c for
 * CSV) share: the state of a load, error reporting, and one path by which
 * every fact, whatever its format, is checked and stored. */
#ifndef TSDB_LOAD_H
#define TSDB_LOAD_H

#include <stdio.h>

#include "internal.h"

/* What a load has looked up already, so that a million rows naming 30
 * regions and 5 indicators resolve each once. Everything is owned by the
 * cache; catalog records seen in the load clear the parts they could change. */
struct load_cache {
	char **name, **code; /* region names as written -> primary code */
	uint32_t *key;       /* ... and number */
	size_t cap, n;
	struct {
		char *id, *unit;
		uint32_t key;
	} ind[32];           /* indicators */
	int nind;
	char *src;           /* the last source id, and its number */
	uint32_t src_key;
};

struct load {
	tsdb_txn *txn;
	const tsdb_load_options *opts;
	tsdb_load_stats *stats;
	tsdb_error *first;   /* the first error, returned */
	const char *file;    /* as named by the user */
	long line;           /* line of the record, or 0 in arrays */
	char where[48];      /* "facts[17]" in arrays and documents */
	int max_errors;
	struct load_cache *cache;
};

/* A fact as text, from a JSON record or a CSV row. NULL members are unset. */
struct fact {
	const char *indicator, *region, *period, *unit, *scale, *qualifier, *status, *source,
	    *vintage, *quote, *note;
	const char *value_text; /* the value as written, or NULL when it is value */
	double value;
};

/* Checks a fact and stores it; reports what is wrong with it. */
int ts_put_fact(struct load *ld, const struct fact *f);

/* Reports an error of the current record (the context is filled in here)
 * and returns its code. */
int ts_load_fail(struct load *ld, const char *field, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Is the load to stop after a record returned rc (a store failure, or too
 * many errors)? */
int ts_load_stop(struct load *ld, int rc);

/* Reads a CSV stream with ld->opts->csv. */
int ts_load_csv(struct load *ld, FILE *in);

#endif
