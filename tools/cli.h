/* cli.h — what the tsq commands share: global options, opening the
 * database, error reporting, exit codes, number formatting and tables. */
#ifndef TSQ_CLI_H
#define TSQ_CLI_H

#include <stdio.h>

#include "opt.h"
#include "out.h"
#include "tsdb.h"

/* Exit statuses, documented in docs/tsq.1. */
enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_DATA = 2, EXIT_STORE = 3, EXIT_INTERRUPTED = 130 };

/* Opens the database: for writing (created when missing) or reading. On
 * failure prints the error and returns the exit status; 0 on success. */
int cli_open(const struct cli *g, int write, tsdb **db);

/* Prints "tsq: MESSAGE" for err to stderr and returns the exit status that
 * goes with err->code. */
int cli_fail(const tsdb_error *err);

/* The exit status for a tsdb status code. */
int cli_exit_code(int code);

/* Formats v for people: the exact shortest decimal with thousands
 * separators, after the qualifier (">3,600,000,000,000"). Returns buf. */
char *cli_number(double v, int qualifier, char *buf, size_t size);

/* Formats a computed value for people: two decimals, or three significant
 * digits when it is below one, every decimal shown ("1,584.00", "0.0123"). */
char *cli_rounded(double v, int qualifier, char *buf, size_t size);

/* Display width of UTF-8 text in terminal columns (CJK counts two). */
int cli_width(const char *s);

/* A table of text cells printed with aligned columns. Cells are copied. */
struct table;
struct table *table_new(int ncols);
/* Sets column c to align right (numbers) or left. */
void table_align(struct table *t, int c, int right);
/* Appends a row of ncols strings (NULL prints as "—"). Returns 0 or -1. */
int table_add(struct table *t, const char *const *cells);
/* Prints the table, the first row as its header (in bold when cli_color). */
void table_print(const struct table *t, FILE *out);
/* Whether to colour output to out: it is a terminal and NO_COLOR is not set
 * (no-color.org). */
int cli_color(FILE *out);
void table_free(struct table *t);

/* Writes s as a JSON string literal. */
void cli_json_string(FILE *out, const char *s);

/* A qualifier for a CSV cell: "" when exact, since a lone "=" is a formula
 * to a spreadsheet; its sign otherwise (">", "~"). */
const char *cli_qualifier_cell(int qualifier);

/* Writes one CSV field, quoted when it needs to be (RFC 4180). */
void csv_field(FILE *out, const char *s);



/* Parses --from, --to (periods) and --as-of (a date) into a query; any may
 * be NULL. Prints the error and returns the exit status on failure. */
int cli_range(const char *from, const char *to, const char *as_of, tsdb_query *q);

/* Checks --level against the levels the database holds, after reading
 * 省, 地级, 县级 (and 国家, 组) as province, prefecture, county; *level is
 * set to the level's name. Returns 0 or the usage error's status. */
int cli_level(const struct ctx *c, const char **level);

/* Makes sure a database opened for writing has the built-in regions. */
int cli_ensure_catalog(tsdb *db);
#endif
