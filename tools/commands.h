/* commands.h — the tsq commands, one file each (cmd_NAME.c). Each runs with
 * its parsed command line and the database the dispatcher opened for it
 * (struct ctx, opt.h) and returns the exit status; a check function, where
 * there is one, refuses bad combinations of options before anything opens. */
#ifndef TSQ_COMMANDS_H
#define TSQ_COMMANDS_H

#include "cli.h"

int cmd_init(struct ctx *c);
int cmd_load_check(struct ctx *c);
int cmd_load(struct ctx *c);
int cmd_get(struct ctx *c);
int cmd_compare_check(struct ctx *c);
int cmd_compare(struct ctx *c);
int cmd_rank(struct ctx *c);
int cmd_history(struct ctx *c);
int cmd_conflicts(struct ctx *c);
int cmd_plot_check(struct ctx *c);
int cmd_plot(struct ctx *c);
int cmd_ls_check(struct ctx *c);
int cmd_ls(struct ctx *c);
int cmd_info(struct ctx *c);
int cmd_export_check(struct ctx *c);
int cmd_export(struct ctx *c);
int cmd_dump(struct ctx *c);
int cmd_restore(struct ctx *c);
int cmd_backup(struct ctx *c);
int cmd_check(struct ctx *c);
int cmd_source(struct ctx *c);
int cmd_lineage(struct ctx *c);
int cmd_verify(struct ctx *c);
int cmd_help(struct ctx *c);

/* tsq __complete WORD...: what bash completion offers (tools/tsq.bash),
 * from the command and option tables; not in the table, so not listed. */
int cmd_complete(int argc, char **argv);

/* tsq __options: every command's positionals and options, one a line
 * ("COMMAND --name TYPE"); tsq __options --man: each command's synopsis as
 * the man page has it. For the tests that hold the man page, the README and
 * completion to the tables. */
int cmd_options(int argc, char **argv);

#endif
