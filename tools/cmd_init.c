/* cmd_init.c — tsq init: create a database with the built-in regions. */
#include "commands.h"

int cmd_init(struct ctx *c)
{
	tsdb *db = c->db;
	tsdb_txn *t;
	tsdb_stats st;
	tsdb_error err = {0};
	int rc;
	if ((rc = cli_ensure_catalog(db)))
		return rc;
	if (tsdb_txn_begin(db, 0, &t, &err) == 0) {
		if (tsdb_stats_get(t, &st, &err) == 0 && !c->g.quiet)
			printf("%s: %llu regions, %llu indicators, %llu observations\n", tsdb_path(db),
			       (unsigned long long)st.regions, (unsigned long long)st.indicators,
			       (unsigned long long)st.observations);
		tsdb_txn_abort(t);
	}
	if (err.code)
		rc = cli_fail(&err);
	return rc;
}
