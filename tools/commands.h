/* commands.h — the tsq commands, one file each (cmd_NAME.c). Each takes the
 * global options and its own argv (argv[0] is the command name) and returns
 * the exit status. */
#ifndef TSQ_COMMANDS_H
#define TSQ_COMMANDS_H

#include "cli.h"

int cmd_init(const struct cli *g, int argc, char **argv);
int cmd_load(const struct cli *g, int argc, char **argv);
int cmd_get(const struct cli *g, int argc, char **argv);
int cmd_compare(const struct cli *g, int argc, char **argv);
int cmd_rank(const struct cli *g, int argc, char **argv);
int cmd_history(const struct cli *g, int argc, char **argv);
int cmd_conflicts(const struct cli *g, int argc, char **argv);
int cmd_plot(const struct cli *g, int argc, char **argv);
int cmd_ls(const struct cli *g, int argc, char **argv);
int cmd_info(const struct cli *g, int argc, char **argv);
int cmd_export(const struct cli *g, int argc, char **argv);
int cmd_dump(const struct cli *g, int argc, char **argv);
int cmd_restore(const struct cli *g, int argc, char **argv);
int cmd_backup(const struct cli *g, int argc, char **argv);
int cmd_source(const struct cli *g, int argc, char **argv);

/* Calls fn for each region of the database that is not in the built-in
 * catalog or differs from it, in key order (cmd_dump.c; restore uses it to
 * tell an empty database). fn returns non-zero to stop. */
int dump_custom_regions(tsdb_txn *t, int (*fn)(const tsdb_region *, void *), void *arg,
                        tsdb_error *err);
int cmd_check(const struct cli *g, int argc, char **argv);

/* The command table entry of a command, for its usage messages. */
const struct command *command_named(const char *name);

/* The i-th entry of the command table (0-based), NULL past the end. */
const struct command *command_at(size_t i);

/* tsq __complete WORD...: what bash completion offers (tools/tsq.bash);
 * not in the table, so not listed. */
int cmd_complete(const struct cli *g, int argc, char **argv);

#endif
