/* cmd_check.c — tsq check: verify every invariant of the store, and clear
 * the reader slots of processes that died while reading. */
#include <stdlib.h>

#include "commands.h"

struct shown {
	unsigned long long seen, max;
};

static void problem(const char *what, void *arg)
{
	struct shown *s = arg;
	if (s->seen++ < s->max)
		printf("problem: %s\n", what);
	else if (s->seen == s->max + 1)
		printf("problem: ... (more not shown; --max raises the limit)\n");
}

int cmd_check(struct ctx *c)
{
	struct shown s = {0, (uint64_t)arg_long(c, "--max", 100)};
	tsdb *db = c->db;
	tsdb_txn *t = NULL;
	tsdb_stats st;
	tsdb_error err = {0};
	uint64_t problems = 0;
	int rc, cleared = 0;
	if (tsdb_readers_check(db, &cleared, &err))
		goto fail;
	if (cleared && !c->g.quiet)
		printf("cleared %d stale reader%s (left by processes that died while reading)\n", cleared,
		       cleared == 1 ? "" : "s");
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_stats_get(t, &st, &err))
		goto fail;
	rc = tsdb_check(t, problem, &s, &problems, &err);
	if (rc && rc != TSDB_ECORRUPT)
		goto fail;
	if (!c->g.quiet || problems)
		printf("%s: %s: %llu observations, %llu versions, %llu indicators, %llu regions, "
		       "%llu sources checked\n",
		       tsdb_path(db), problems ? "CORRUPT" : "ok", (unsigned long long)st.observations,
		       (unsigned long long)st.versions, (unsigned long long)st.indicators,
		       (unsigned long long)st.regions, (unsigned long long)st.sources);
	if (problems)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	tsdb_txn_abort(t);
	return rc;
}
