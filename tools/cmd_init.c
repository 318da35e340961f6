/* cmd_init.c — tsq init: create a database with the built-in regions. */
#include "commands.h"

int cmd_init(const struct cli *g, int argc, char **argv)
{
	const struct command *cmd = command_named("init");
	tsdb *db;
	tsdb_txn *t;
	tsdb_stats st;
	tsdb_error err = {0};
	int rc;
	(void)argv;
	if (argc > 1)
		return cli_usage(cmd, "takes no arguments");
	if ((rc = cli_open(g, 1, &db)) || (rc = cli_ensure_catalog(db)))
		goto out;
	if (tsdb_txn_begin(db, 0, &t, &err) == 0) {
		if (tsdb_stats_get(t, &st, &err) == 0 && !g->quiet)
			printf("%s: %llu regions, %llu indicators, %llu observations\n", tsdb_path(db),
			       (unsigned long long)st.regions, (unsigned long long)st.indicators,
			       (unsigned long long)st.observations);
		tsdb_txn_abort(t);
	}
	if (err.code)
		rc = cli_fail(&err);
out:
	tsdb_close(db);
	return rc;
}
