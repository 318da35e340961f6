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

int cmd_check(const struct cli *g, int argc, char **argv)
{
	const struct command *cmd = command_named("check");
	struct shown s = {0, 100};
	tsdb *db = NULL;
	tsdb_txn *t = NULL;
	tsdb_stats st;
	tsdb_error err = {0};
	uint64_t problems = 0;
	int rc, m, cleared = 0;
	const char *v;

	for (int i = 1; i < argc; i++) {
		if ((m = cli_opt(cmd, argc, argv, &i, "--max", &v)) != 0) {
			char *end;
			if (m < 0)
				return EXIT_USAGE;
			s.max = strtoull(v, &end, 10);
			if (*end || !*v)
				return cli_usage(cmd, "--max takes a number of problems to print");
		} else
			return cli_usage(cmd, "unknown argument %s", argv[i]);
	}
	if ((rc = cli_open(g, 0, &db)))
		return rc;
	if (tsdb_readers_check(db, &cleared, &err))
		goto fail;
	if (cleared && !g->quiet)
		printf("cleared %d stale reader%s (left by processes that died while reading)\n", cleared,
		       cleared == 1 ? "" : "s");
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_stats_get(t, &st, &err))
		goto fail;
	rc = tsdb_check(t, problem, &s, &problems, &err);
	if (rc && rc != TSDB_ECORRUPT)
		goto fail;
	if (!g->quiet || problems)
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
	tsdb_close(db);
	return rc;
}
