/* cmd_init.c — tsq init: create a database with the built-in regions, and set its home
 * country (the country whose names resolution prefers: docs/REGIONS.md). */
#include "commands.h"

static int set_home(tsdb_txn *t, void *arg, tsdb_error *err)
{
	tsdb_region r;
	int rc = tsdb_region_resolve(t, arg, &r, err);
	return rc ? rc : tsdb_region_set_home(t, r.code, err);
}

int cmd_init(struct ctx *c)
{
	tsdb *db = c->db;
	tsdb_txn *t;
	tsdb_stats st;
	tsdb_error err = {0};
	int rc;
	const char *home = arg(c, "--home");
	if ((rc = cli_ensure_catalog(db)))
		return rc;
	if (home && tsdb_update(db, set_home, (void *)home, &err)) {
		snprintf(err.field, sizeof err.field, "--home");
		return cli_fail(&err);
	}
	if (tsdb_txn_begin(db, 0, &t, &err) == 0) {
		tsdb_region h;
		if (tsdb_stats_get(t, &st, &err) == 0 && !c->g.quiet)
			printf("%s: %llu regions, %llu indicators, %llu observations; home %s\n",
			       tsdb_path(db), (unsigned long long)st.regions,
			       (unsigned long long)st.indicators, (unsigned long long)st.observations,
			       tsdb_region_home(t, &h, NULL) == 0 ? h.code : "none");
		tsdb_txn_abort(t);
	}
	if (err.code)
		rc = cli_fail(&err);
	return rc;
}
