/* cli.h — what the tsq commands share: global options, opening the
 * database, error reporting, exit codes, number formatting, terminal width. */
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

/* Whether to colour output to out: it is a terminal and NO_COLOR is not set
 * (no-color.org). */
int cli_color(FILE *out);



/* Parses --from, --to (periods) and --as-of (a date) into a query; any may
 * be NULL. Prints the error and returns the exit status on failure. */
int cli_range(const char *from, const char *to, const char *as_of, tsdb_query *q);

/* Checks --level against the levels the database holds (read in c's
 * snapshot: DB_SNAPSHOT), after reading 省, 地级, 县级 (and 国家, 组) as
 * province, prefecture, county; *level is set to the level's name. Returns 0
 * or the usage error's status. */
int cli_level(const struct ctx *c, const char **level);

/* One series shown: get and history. */
struct series_out {
	tsdb_txn *t; /* the command's snapshot (DB_SNAPSHOT) */
	tsdb_cursor *cur;
	tsdb_indicator ind;
	tsdb_region reg;
	struct out o;
	int opened;
};

/* Opens the series of the indicator and region in c->pos[0] and [1] over q
 * (filled in with them), the output (--scale checked against the unit),
 * and for people prints its title, with suffix. Returns 0 or the exit
 * status after printing why; cli_series_end cleans up either way. */
int cli_series(struct ctx *c, tsdb_query *q, const char *suffix, struct series_out *s);

/* Ends s: rc is the cursor's last status (TSDB_NOTFOUND: all read), err its
 * error; or, with err NULL, rc is the exit status cli_series returned. The output is closed (empty: a word for people instead of an empty
 * table), or abandoned. Returns the exit status. */
int cli_series_end(struct series_out *s, int rc, const tsdb_error *err, const char *empty);

/* Makes sure a database opened for writing has the built-in regions. */
int cli_ensure_catalog(tsdb *db);
#endif
