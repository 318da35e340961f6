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
int cmd_ls(const struct cli *g, int argc, char **argv);
int cmd_info(const struct cli *g, int argc, char **argv);
int cmd_check(const struct cli *g, int argc, char **argv);

/* The command table entry of a command, for its usage messages. */
const struct command *command_named(const char *name);

#endif
