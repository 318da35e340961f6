/* json.h — what the three parts of the JSON reader share: the record
 * mapping (json_record.c), the fast path (json_fast.c) and the streaming of
 * lines, arrays and documents (json.c). */
#ifndef TSDB_JSON_H
#define TSDB_JSON_H

#include <jansson.h>

#include "load.h"

/* How every piece of JSON is decoded: numbers as doubles (an integer is a
 * value like any other), a repeated member refused rather than one of the
 * two silently kept. */
enum { TS_JSON_FLAGS = JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES };

/* ---- record mapping (json_record.c) ----
 * Each reports what is wrong with the record (ts_load_fail) and returns its
 * code; strings stay borrowed from o. */

/* The record's "type", "fact" when it has none; an error when o is not an
 * object or the type not a string. */
int ts_json_type(struct load *ld, json_t *o, const char **type);
/* Stores a record of any type. */
int ts_json_record(struct load *ld, json_t *o);
/* Maps a fact record to *f without storing it; a source object inside it is
 * stored (ts_put_source), a source id is left to ts_put_fact. */
int ts_json_fact(struct load *ld, json_t *o, struct fact *f);
/* ts_json_fact, then ts_put_fact. */
int ts_json_put_fact(struct load *ld, json_t *o);
int ts_json_indicator(struct load *ld, json_t *o);
/* *id (if not NULL) receives the source's id, borrowed from o. */
int ts_json_source(struct load *ld, json_t *o, const char **id);
int ts_json_region(struct load *ld, json_t *o);

/* ---- the fast path (json_fast.c) ---- */

/* Reads a flat fact record {"indicator": "...", ..., "value": 1.5} of len
 * bytes at p the way jansson and ts_json_fact would, into f, its strings
 * copied into buf (at least len + 1 bytes). Returns 1 if it did; 0 for
 * anything else — an escape, a nested object, a bad byte, a member that is
 * not a fact's, any error — which jansson and the mapping then read, saying
 * what is wrong. */
int ts_json_fast_fact(const char *p, size_t len, struct fact *f, char *buf);

#endif
