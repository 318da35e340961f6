/* out.h — the one output layer of tsq: tables of typed cells printed
 * aligned for people or written as CSV, TSV or JSON, to standard output or
 * to a file replaced whole. */
#ifndef TSQ_OUT_H
#define TSQ_OUT_H

#include <stdio.h>

#include "tsdb.h"

/* The scales --scale accepts, for messages. */
#define OUT_SCALES "万, 亿, 万亿, 万元, 亿元, thousand, million, billion, trillion or a power of ten"

/* Parses a --scale: a word of tsdb_value_parse's (万, 亿, billion, 1e8),
 * optionally followed by 元 ("亿元"). Sets *factor; returns 0 or -1. */
int out_scale_parse(const char *text, double *factor);


/* A file being written: standard output, or a temporary file beside the
 * target that out_file_close renames over it, so that the target is
 * replaced whole or not at all (the previous file stays on any failure). */
struct outfile {
	FILE *f;
	const char *path; /* the target, NULL for standard output */
	char *tmp;        /* the temporary file (owned) */
};

/* Opens path for writing ("-" or NULL: standard output). On failure prints
 * why and returns EXIT_STORE; 0 on success. */
int out_file_open(const char *path, struct outfile *o);

/* Finishes o: when ok, flushes, syncs and renames the temporary file into
 * place; otherwise removes it. Returns 0, or EXIT_STORE after printing why
 * (the temporary file removed, the target untouched). */
int out_file_close(struct outfile *o, int ok);

/* Removes the temporary file being written, if any: called from a signal
 * handler (async-signal-safe). */
void out_interrupted(void);

#endif
