/* out.h — the one output layer of tsq: tables of typed cells printed
 * aligned for people or written as CSV, TSV or JSON, to standard output or
 * to a file replaced whole. */
#ifndef TSQ_OUT_H
#define TSQ_OUT_H

#include <stdio.h>

#include "opt.h"
#include "tsdb.h"

/* The scales --scale accepts, for messages. */
#define OUT_SCALES \
	"万, 亿, 万亿, 万元, 亿元, thousand, million, billion, trillion or a power of ten"

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

/* ---- tables of typed cells ----
 * A command describes its columns, then gives its rows a cell at a time;
 * the format chosen with --format decides how they look. Every format gets
 * the same typed cells, so one added (an xlsx writer) sees numbers as
 * numbers, periods as periods, and text as text. */

enum out_type {
	OUT_NONE,   /* no value: "—" in a table, empty in CSV, null in JSON */
	OUT_TEXT,   /* text (formula-guarded in CSV and TSV) */
	OUT_NUM,    /* a value, with its qualifier and decimals */
	OUT_INT,    /* a count or a rank: always a whole number */
	OUT_PERIOD, /* a period (2024, 2024-Q3, 2024-07 ...) */
	OUT_DATE,   /* a date (days since 1970-01-01, as tsdb keeps them) */
};

/* One cell, as a format writer receives it. */
struct out_cell {
	enum out_type type;
	const char *text; /* OUT_TEXT; for OUT_PERIOD and OUT_DATE their text */
	double num;       /* OUT_NUM: scaled already */
	int qualifier;    /* OUT_NUM: TSDB_Q_* (">" "~" ...) */
	int decimals;     /* OUT_NUM: -1 the exact value, else rounded to this */
	int scaled;       /* OUT_NUM: divided by --scale */
	long long n;      /* OUT_INT */
	tsdb_period period;
	uint32_t date;
	double raw; /* OUT_NUM: the value as stored, before --scale */
	int shown;  /* OUT_NUM: the decimals people see (-1 every one) */
	int note;   /* OUT_NUM: its footnote's number, 0 none */
	int more;   /* OUT_NUM: the footnote is "n+" (other sources too) */
};

/* A column: its key (the header in English, the JSON member), its Chinese
 * header, and whether --scale divides it. */
struct out_col {
	const char *name;
	const char *name_zh;
	int flags; /* OUT_AMOUNT, OUT_MACHINE */
};

enum {
	OUT_AMOUNT = 1,  /* values that --scale divides */
	OUT_MACHINE = 2, /* left out of tables for people (a qualifier column
	                    whose sign the value cell shows already) */
};

struct out;

/* A format: how rows are written. begin is called once the columns are
 * known, cell for each cell, row at the end of each row, end at the end;
 * any may fail by setting o->failed. Formats live in out_formats. */
struct out_format {
	const char *name;
	int text_for_people; /* titles and notes are printed with it */
	void (*begin)(struct out *o);
	void (*cell)(struct out *o, const struct out_cell *c);
	void (*row)(struct out *o);
	void (*end)(struct out *o);
	/* optional: rows after the table (footnotes), and the end of the file
	 * (ok: it is complete; else it is abandoned); finish returns 0 or -1
	 * after printing why */
	void (*after)(struct out *o, const struct out_cell *cells, int n);
	int (*finish)(struct out *o, int ok);
};

/* The formats, NULL-terminated: table, csv, tsv, json, jsonl, xlsx. */
extern const struct out_format *const out_formats[];
/* The workbook format (out_xlsx.c). */
extern const struct out_format out_xlsx_format;
/* Aligned columns for people (out_table.c); out_table_discard frees the
 * cells of a table never finished. */
extern const struct out_format out_table_format;
void out_table_discard(struct out *o);
/* The shortest exact decimal of a cell's number, or it rounded to its
 * decimals; the decimals written in s. */
void out_plain_number(const struct out_cell *c, char *buf, size_t size);
int out_decimals_of(const char *s);

/* An output: a format, a file, and the options of presentation. */
struct out {
	const struct out_format *fmt;
	struct outfile file;
	FILE *f;
	int zh;                 /* --lang zh */
	int bom;                /* --bom */
	char sep;               /* the CSV separator */
	double scale;           /* --scale: amounts are divided by it (1) */
	const char *scale_name; /* as given, or NULL */
	const struct out_col *cols;
	int ncols, at; /* columns; the cell being written in the row */
	long rows;
	int failed; /* a write failed (errno in err) */
	int err;
	void *state;       /* the format's own */
	const char *sheet; /* xlsx: the table's sheet name (NULL: "Data") */
	tsdb_txn *txn;     /* xlsx: where the sources of a "source" column are
	                      looked up for the Sources sheet (NULL: none) */
	int quiet;         /* --quiet */
};

/* Sets o up from the command line: --format (dflt when not given), -o,
 * --bom, --scale, --lang, each when the command has it. Opens the file.
 * Returns 0, or the exit status after printing why. */
int out_open(struct out *o, const struct ctx *c, const char *dflt);

/* Refuses --scale for values in unit (a percentage, a rank, an index):
 * returns the usage error's status, or 0. */
int out_scale_check(const struct out *o, const struct ctx *c, const char *unit);

/* Whether titles and notes for people go with this format (a table). */
int out_for_people(const struct out *o);

/* Starts the table: its columns (borrowed until out_close). */
void out_begin(struct out *o, const struct out_col *cols, int ncols);

/* The decimals a computed value is shown with: two, or three significant
 * digits below one (0.0123). */
int out_round_decimals(double v);

/* The cells of a row, left to right; out_row ends it. */
void out_text(struct out *o, const char *s);
void out_num(struct out *o, double v, int qualifier, int decimals);
/* A value with a footnote: note its number (0 none), more when it drew on
 * other sources too. Only formats that keep numbers as numbers (xlsx) show
 * the mark with the number; the others are given out_text. */
void out_num_noted(struct out *o, double v, int qualifier, int decimals, int note, int more);
void out_int(struct out *o, long long n);
void out_period(struct out *o, tsdb_period p);
void out_date(struct out *o, uint32_t d);
/* A vintage: its date, which a table for people marks when it is assumed
 * (the date the fact was loaded, tsdb_point.assumed); a date cell otherwise. */
void out_vintage(struct out *o, uint32_t d, int assumed);
void out_none(struct out *o);
void out_row(struct out *o);

/* Ends the table (a table for people is printed now); more text may
 * follow in o->f before out_close. */
void out_end(struct out *o);

/* Whether the format writes rows after the table itself (out_after): a
 * workbook's footnotes, where the others print text. */
int out_has_after(const struct out *o);

/* A row after the table (a footnote), for formats that have them. */
void out_after(struct out *o, const struct out_cell *cells, int n);

/* Ends the table and writes the footnotes below it (formats with
 * out_after): a row per source, [n], id, title, publisher, URL and
 * publication date, as t knows them; with plus, what [n+] means. */
void out_footnotes(struct out *o, tsdb_txn *t, const char *const *ids, int n, int plus);

/* Ends the table and the file (renamed into place when all went well).
 * Returns 0 or EXIT_STORE after printing why. */
int out_close(struct out *o);

/* Closes o: when no row was written and the format is for people, the line
 * empty is printed instead of a table (and no file is written). */
int out_finish(struct out *o, const char *empty);

/* Abandons o after a failure: the previous file stays. */
void out_abandon(struct out *o);

/* A unit in the language and scale of o: "CNY" with 亿 is "亿元" in
 * Chinese, "亿 CNY" in English. Returns buf. */
const char *out_unit(const struct out *o, const char *unit, char *buf, size_t size);

/* A region level in the language of o (省 for province). */
const char *out_level(const struct out *o, const char *level);

/* A status (actual, estimate ...) in the language of o. */
const char *out_status(const struct out *o, int status);

/* A qualifier cell: its sign, or "" for an exact value in CSV, TSV and xlsx. */
const char *out_qualifier(const struct out *o, int qualifier);

/* Writes a plain decimal ("-1264.7") for people: prefix (a qualifier),
 * thousands separated, and d decimals (padded with zeros; -1: as many as it
 * has): "1,264.70". Returns out. */
char *out_group(const char *plain, int d, const char *prefix, char *out, size_t size);

/* Writes s as a JSON string literal: the one JSON escaper of tsq. */
void out_json_string(FILE *f, const char *s);

/* Writes s as one CSV field (RFC 4180): quoted when it holds sep, a quote
 * or a line break, and prefixed with ' inside quotes when a spreadsheet
 * would take it for a formula (=, +, -, @, tab, CR). */
void out_csv_field(FILE *f, const char *s, char sep);

#endif
