/* xlsx.h — spreadsheet workbooks (.xlsx) for tsq, written through libxlsxwriter.
 *
 * A workbook is written to the file it is opened on: tsq opens it on the
 * temporary file of an outfile (out.h), renamed into place when the
 * workbook is complete, so a failed or interrupted run leaves whatever was
 * there before. Worksheets are streamed (libxlsxwriter's
 * constant-memory mode): rows go out in order, each sheet row by row, and
 * memory does not grow with the number of rows. Several sheets may be
 * written at once (data and notes side by side), each in row order.
 *
 * Every cell is what its type says: text is always a string cell (a text
 * beginning with "=" stays text: no formula is ever written), numbers are
 * numeric cells holding the value as given, periods are text, dates are
 * date cells. Text longer than a cell holds (32,767 characters) is cut and
 * ends in "…", and xlsx_finish reports how many were cut; invalid UTF-8 is
 * replaced (U+FFFD). Sheet names are made valid and unique.
 *
 * libxlsxwriter is loaded when the first workbook is opened (tsq is linked
 * statically and Debian ships the library shared only; queries that write
 * no workbook never load it).
 *
 * Ownership: xlsx_open returns a workbook the caller ends with xlsx_finish
 * (complete the file) or xlsx_abandon (give up; the caller removes the
 * file); sheets belong to their workbook. Strings passed in are copied or written at once. */
#ifndef TSQ_XLSX_H
#define TSQ_XLSX_H

#include <stddef.h>
#include <stdint.h>

struct xlsx;       /* a workbook being written */
struct xlsx_sheet; /* one of its sheets */

/* Excel's limits. */
#define XLSX_ROWS 1048576 /* rows in a sheet */
#define XLSX_TEXT_MAX 32767 /* characters (UTF-16 units) in a cell */

enum xlsx_type {
	XLSX_EMPTY = 0, /* nothing written */
	XLSX_TEXT,      /* text */
	XLSX_NUMBER,    /* number, shown with format fmt (xlsx_number_format) */
	XLSX_PERIOD,    /* a period, as text ("2024-Q1") */
	XLSX_DATE,      /* date: yyyymmdd; 0 is written as an empty cell */
	XLSX_URL,       /* text linking to a web address (plain text if not one) */
	XLSX_LINK,      /* text linking to a row of another sheet (link) */
};

/* Where a row went: the physical sheet (a table may continue on further
 * sheets) and its 0-based row number. */
struct xlsx_ref {
	struct xlsx_sheet *sheet;
	uint32_t row;
};

struct xlsx_cell {
	int type;           /* enum xlsx_type */
	const char *text;   /* TEXT, PERIOD, URL, LINK (the text shown) */
	double number;      /* NUMBER */
	int fmt;            /* NUMBER: a format from xlsx_number_format, 0 General */
	uint32_t date;      /* DATE */
	const char *url;    /* URL: the address */
	struct xlsx_ref link; /* LINK: the row it leads to (its first column) */
};

/* Opens a workbook that xlsx_finish writes to file (a regular file: it is
 * written anew when the workbook closes). Returns 0, or -1 with a message
 * in err (libxlsxwriter missing, out of memory). */
int xlsx_open(const char *file, struct xlsx **out, char *err, size_t errsize);

/* Adds a sheet named name (made valid and unique: at most 31 characters,
 * none of []:*?/\, no leading or trailing apostrophe). With a header
 * (heads, ncols names), the header row is bold and frozen and the table
 * gets an autofilter; a table that reaches Excel's last row continues on
 * "NAME (2)", "NAME (3)"… with the header repeated. (The environment
 * variable TSQ_XLSX_SHEET_ROWS sets a smaller limit, for the tests.) Without (heads NULL),
 * the sheet is free-form: ncols is its width. NULL when out of memory. */
struct xlsx_sheet *xlsx_sheet_add(struct xlsx *wb, const char *name, const char *const *heads,
                                  int ncols);

/* A number format (ids are small integers, the same for the same arguments):
 * the value shown divided by factor (a power of ten; only the display
 * changes, never the value stored), with decimals places (-1: as stored,
 * General; allowed with factor 1 only), after prefix (a qualifier such as
 * ">", or NULL) and before suffix (a footnote mark " [2]", or NULL). -1 when
 * out of formats or out of memory. */
int xlsx_number_format(struct xlsx *wb, double factor, int decimals, const char *prefix,
                       const char *suffix);

/* The decimals of a value divided by a scale as tsq shows it (%.12g of
 * it: 2629.3 has one, 2.4e-08 nine), for xlsx_number_format. */
int xlsx_scaled_decimals(double v);

/* Appends a row of n cells to a sheet and, if at is not NULL, says where
 * it went. Returns 0, or -1 when the workbook failed (see xlsx_finish). */
int xlsx_row(struct xlsx_sheet *s, const struct xlsx_cell *cells, int n, struct xlsx_ref *at);

/* Ends the table of a sheet: rows after it (footnotes) are outside its
 * autofilter. */
void xlsx_table_end(struct xlsx_sheet *s);

/* Appends an empty row. */
int xlsx_skip(struct xlsx_sheet *s);

/* The number of rows a sheet holds beyond its first part, 0 when it fits one
 * sheet; and the name of the last part. */
size_t xlsx_sheet_parts(const struct xlsx_sheet *s, const char **last);

/* Closes the workbook, writing its file. Returns 0, or -1 with a message in
 * err (the file is then not a workbook: remove it); either way wb is freed.
 * *cut (if not NULL) receives the number of text cells cut to fit. */
int xlsx_finish(struct xlsx *wb, size_t *cut, char *err, size_t errsize);

/* Gives up a workbook and frees it (the caller removes its file). NULL is
 * fine. */
void xlsx_abandon(struct xlsx *wb);

/* ---- a workbook of facts (xlsx_facts.c): what tsq export writes ----
 * A data sheet whose first row is its header, a sources sheet (id, title,
 * publisher, URL, publication date, priority) of every source met, and a
 * notes sheet with each fact's quote and note, linked to its data row. A
 * row is built cell by cell; its strings are borrowed until facts_end_row. */
struct facts;
struct tsdb_txn;

enum {
	FACTS_SOURCES = 1, /* a sources sheet of the sources met */
	FACTS_NOTES = 2,   /* a notes sheet of quotes and notes */
};

/* Opens a workbook of facts on file (see xlsx_open): its data sheet named
 * sheet, with the sheets flags asks for. */
int facts_open(const char *file, const char *sheet, int flags, struct facts **out, char *err,
               size_t errsize);
/* The next cell of the row being built. */
void facts_text(struct facts *b, const char *text);
void facts_url(struct facts *b, const char *url);
void facts_number(struct facts *b, double v);
/* A number shown with a format of facts_format (xlsx_number_format). */
void facts_number_fmt(struct facts *b, double v, int fmt);
int facts_format(struct facts *b, double factor, int decimals, const char *prefix, const char *suffix);
void facts_date(struct facts *b, uint32_t yyyymmdd);
void facts_empty(struct facts *b);
/* Ends the row; a quote or note (NULL or "" for none) goes to the notes
 * sheet with what the row is about. The first row is the header. Returns
 * 0, or -1 when the workbook failed or memory ran out. */
int facts_end_row(struct facts *b, const char *quote, const char *note, const char *indicator,
                  const char *region, const char *period);
/* Ends the data sheet's table: the rows that follow (footnotes, free-form)
 * are outside its autofilter and have no notes. */
void facts_table_end(struct facts *b);
/* Notes a source (NULL or "" is none) for the sources sheet. */
int facts_source(struct facts *b, const char *id);
/* Writes the sources sheet from the catalog in t and closes the workbook;
 * tells stderr (prefixed by who, unless quiet) when
 * the data went on further sheets or text was cut. Frees b. Returns 0, or
 * -1 with a message in err. */
int facts_finish(struct facts *b, struct tsdb_txn *t, const char *who, int quiet, char *err,
                 size_t errsize);
/* Gives up: frees b (the caller removes the file). NULL is fine. */
void facts_abandon(struct facts *b);

#endif
