/* opt.h — commands and their options declared as tables, and the one parser
 * that reads every command line against them. Usage, help, completion and
 * the man page check are all made from the same tables (tools/tsq.c). */
#ifndef TSQ_OPT_H
#define TSQ_OPT_H

#include <stddef.h>
#include <stdio.h>

#include "tsdb.h"

/* What a value is: how the parser checks it and what completion offers. */
enum vtype {
	V_FLAG,      /* no value */
	V_TEXT,      /* any text */
	V_INT,       /* a whole number within [lo, hi] */
	V_PERIOD,    /* 2020, 2020-Q3, 2020-07 ... */
	V_DATE,      /* YYYY-MM-DD */
	V_CHOICE,    /* one of choices, "a|b|c" */
	V_FILE,      /* a file to read ("-" standard input) */
	V_OUTFILE,   /* a file to write ("-" standard output) */
	V_DIR,       /* a directory */
	V_INDICATOR, /* an indicator id */
	V_EXPR,      /* an indicator id or an expression over ids */
	V_REGION,    /* a region's name or code */
	V_SOURCE,    /* a source id */
	V_LEVEL,     /* a region level, checked against the database */
	V_TRANSFORM, /* yoy, index:2015, share:REGION ... */
	V_SCALE,     /* a unit to divide amounts by: 亿, 万元, billion ... */
	V_COMMAND,   /* a tsq command's name */
};

/* An option. Lists of options end with an entry whose name is NULL. */
struct opt {
	const char *name; /* "--from" */
	char alias;       /* 'o' for -o, or 0 */
	enum vtype type;
	const char *meta;    /* the value's placeholder in usage: "P" */
	const char *choices; /* V_CHOICE: "table|csv|json" */
	long lo, hi;         /* V_INT: the range allowed */
	int flags;           /* OPT_MANY, OPT_REQUIRED */
	const char *help;
};

enum {
	OPT_MANY = 1,     /* takes the words that follow too: --region A B C */
	OPT_REQUIRED = 2, /* must be given */
};

/* A positional argument. Lists end with an entry whose meta is NULL. */
struct posarg {
	const char *meta; /* "REGION" */
	enum vtype type;
	int optional;        /* may be left out (with all that follow) */
	int many;            /* repeats (the last one only) */
	const char *choices; /* V_CHOICE */
};

/* What a command needs opened before it runs. DB_SNAPSHOT: the database
 * open for reading and one read transaction (ctx.t) for the whole command. */
enum need { DB_NONE, DB_READ, DB_WRITE, DB_SNAPSHOT };

struct ctx;

/* A command: the table entry that drives parsing, help and completion. */
struct command {
	const char *name;
	const char *summary;
	enum need need;
	const struct posarg *pos;
	const struct opt *const *opts; /* option lists, NULL-terminated */
	const char *notes;             /* more help, after the options */
	/* optional: checks that need no database (usage errors), before the
	 * database is opened; returns 0 or an exit status */
	int (*check)(struct ctx *c);
	int (*run)(struct ctx *c);
};

/* The options given before the command, or anywhere before "--". */
struct cli {
	const char *db_path; /* --db, $TSDB_PATH, or ./tsdb */
	int read_only;       /* --read-only */
	unsigned busy_ms;    /* --busy-timeout */
	int quiet;           /* --quiet */
};

/* One option as given, in the order given. */
struct given {
	const struct opt *o;
	const char *value; /* "" for a flag */
};

/* A parsed command line, and the database the dispatcher opened for it. */
struct ctx {
	struct cli g;
	const struct command *cmd;
	char **pos; /* positional arguments (borrowed from argv) */
	int npos;
	struct given *given;
	size_t ngiven;
	tsdb *db; /* opened per cmd->need (NULL for DB_NONE) */
	/* a read transaction: begun by the dispatcher for DB_SNAPSHOT (or by
	 * the command itself), aborted by it after the command, either way */
	tsdb_txn *t;
	/* the library's account of the command's first failure: a command
	 * returns cli_fail(&c->err) */
	tsdb_error err;
};

/* The value of option name (the last given), or NULL. name must be one of
 * the command's options: asking for another is a bug, and aborts. */
const char *arg(const struct ctx *c, const char *name);

/* Whether flag name was given. */
int flag(const struct ctx *c, const char *name);

/* Every value given for name, in order, into out (which holds at least
 * argc entries); returns how many. */
size_t arg_all(const struct ctx *c, const char *name, const char **out);

/* The one parser of numbers in options: s is a whole decimal number within
 * [lo, hi]. Returns 0 and sets *out, or -1. */
int opt_number(const char *s, long lo, long hi, long *out);

/* The number option name was given (checked by the parser), else dflt. */
long arg_long(const struct ctx *c, const char *name, long dflt);

/* Parses argv (after "tsq") into c: global options anywhere before "--",
 * the command, its options and positionals, each value checked by type.
 * Returns -1 when the command ran to completion already (--help: status in
 * *status), 0 on success, else sets *status to the usage error's status
 * (1) after printing it. */
int opt_parse(int argc, char **argv, struct ctx *c, int *status);

/* The command table (tools/tsq.c). */
const struct command *command_named(const char *name);
const struct command *command_at(size_t i);

/* The options accepted by every command. */
extern const struct opt global_opts[];

/* Finds option name (or "-x") among a command's options and the global
 * ones; NULL if none. */
const struct opt *opt_find(const struct command *cmd, const char *name);

/* Prints the usage synopsis of cmd (wrapped), or of tsq when cmd is NULL. */
void opt_usage(const struct command *cmd, FILE *out);

/* Prints the full help of cmd (usage, summary, options, notes), or of tsq. */
void opt_help(const struct command *cmd, FILE *out);

/* Prints "tsq CMD: MESSAGE", then "usage: ..." to stderr; returns 1. */
int usage_error(const struct command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The nearest of candidates (NULL-terminated) to word, or NULL when none is
 * near enough to suggest. */
const char *opt_nearest(const char *word, const char *const *candidates);

#endif
