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
	tsdb_stats st;
	uint64_t problems = 0;
	int rc, cleared = 0;
	/* before this command's own transaction takes a reader slot */
	if (tsdb_readers_check(c->db, &cleared, &c->err))
		return cli_fail(&c->err);
	if (cleared && !c->g.quiet)
		printf("cleared %d stale reader%s (left by processes that died while reading)\n", cleared,
		       cleared == 1 ? "" : "s");
	if (tsdb_txn_begin(c->db, 0, &c->t, &c->err) || tsdb_stats_get(c->t, &st, &c->err))
		return cli_fail(&c->err);
	rc = tsdb_check(c->t, problem, &s, &problems, &c->err);
	if (rc && rc != TSDB_ECORRUPT)
		return cli_fail(&c->err);
	if (!c->g.quiet || problems)
		printf("%s: %s: %llu observations, %llu versions, %llu indicators, %llu regions, "
		       "%llu sources checked\n",
		       tsdb_path(c->db), problems ? "CORRUPT" : "ok", (unsigned long long)st.observations,
		       (unsigned long long)st.versions, (unsigned long long)st.indicators,
		       (unsigned long long)st.regions, (unsigned long long)st.sources);
	return problems ? cli_fail(&c->err) : 0;
}
