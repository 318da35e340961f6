/* cmd_restore.c — tsq restore: rebuilds a database from tsq dump's output,
 * through the loader, in one transaction, into an empty database only. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static void on_error(const tsdb_error *e, void *arg)
{
	(void)arg;
	cli_fail(e);
}

static int count_region(const tsdb_region *r, void *arg)
{
	(void)r;
	++*(uint64_t *)arg;
	return 0;
}

/* Is the database empty: no indicators, sources or observations, and no
 * regions but the built-in ones? Says what it holds when not. */
static int check_empty(tsdb *db, int *empty)
{
	tsdb_error err = {0};
	tsdb_txn *t = NULL;
	tsdb_stats st;
	uint64_t own = 0;
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_stats_get(t, &st, &err) ||
	    tsdb_regions_custom_each(t, count_region, &own, &err)) {
		tsdb_txn_abort(t);
		return cli_fail(&err);
	}
	tsdb_txn_abort(t);
	*empty = !st.indicators && !st.sources && !st.versions && !own;
	if (!*empty)
		fprintf(stderr,
		        "tsq restore: %s is not empty (%llu indicators, %llu sources, %llu observations, "
		        "%llu regions of its own); restore into a new database (--db NEW)\n",
		        tsdb_path(db), (unsigned long long)st.indicators, (unsigned long long)st.sources,
		        (unsigned long long)st.observations, (unsigned long long)own);
	return 0;
}

int cmd_restore(struct ctx *c)
{
	const char *file = c->pos[0];
	tsdb_load_options o = {0};
	tsdb_load_stats st = {0};
	tsdb_error err = {0};
	tsdb *db = c->db;
	int rc, empty = 0;

	if ((rc = check_empty(db, &empty)))
		return rc;
	if (!empty)
		return EXIT_USAGE;
	if ((rc = cli_ensure_catalog(db)))
		return rc;
	o.on_error = on_error;
	o.keep_unknown = 1; /* the dump says which dates were assumed */
	if (tsdb_load_files(db, &file, 1, &o, &st, &err)) {
		if (!st.errors)
			cli_fail(&err);
		fprintf(stderr, "tsq restore: nothing restored: %llu error%s in %llu record%s\n",
		        (unsigned long long)st.errors, st.errors == 1 ? "" : "s",
		        (unsigned long long)st.records, st.records == 1 ? "" : "s");
		return cli_exit_code(err.code);
	}
	if (!c->g.quiet)
		printf("restored %llu records: %llu observations, %llu versions, %llu catalog entries\n",
		       (unsigned long long)st.records, (unsigned long long)st.added,
		       (unsigned long long)(st.added + st.revised), (unsigned long long)st.catalog);
	return rc;
}
