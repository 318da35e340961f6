/* cmd_backup.c — tsq backup: a compacted, consistent copy of the database
 * into a new directory (LMDB's copy with compaction), taken while others
 * read and write. */
#include <string.h>

#include "commands.h"

int cmd_backup(struct ctx *c)
{
	const char *dest = c->pos[0];
	tsdb_error err = {0};
	tsdb *db = c->db;
	tsdb *copy = NULL;
	tsdb_txn *t = NULL;
	tsdb_stats st;
	int rc = 0;

	if (tsdb_backup(db, dest, &err)) {
		/* a destination that exists and holds something is the caller's mistake */
		rc = err.code == TSDB_EINVAL ? (cli_fail(&err), EXIT_USAGE) : cli_fail(&err);
		goto out;
	}
	/* the copy opens and answers, or the backup is not done */
	if (tsdb_open(dest, TSDB_RDONLY, &copy, &err) || tsdb_txn_begin(copy, 0, &t, &err) ||
	    tsdb_stats_get(t, &st, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!c->g.quiet)
		printf("%s: %llu observations, %llu versions, %llu bytes\n", dest,
		       (unsigned long long)st.observations, (unsigned long long)st.versions,
		       (unsigned long long)st.file_size);
out:
	tsdb_txn_abort(t);
	tsdb_close(copy);
	return rc;
}
