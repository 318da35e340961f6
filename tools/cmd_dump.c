/* cmd_dump.c — tsq dump: everything in the database as JSON Lines in the
 * loader's own format (tsdb_dump), so that tsq restore (or tsq load)
 * rebuilds it. */
#include <errno.h>
#include <string.h>

#include "commands.h"

int cmd_dump(struct ctx *c)
{
	const char *path = arg(c, "--output");
	struct {
		FILE *f;
		tsdb_txn *t;
		tsdb_error err;
		uint64_t records;
	} d = {0};
	struct outfile o = {0};
	int rc = 0;

	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if (tsdb_txn_begin(c->db, 0, &d.t, &d.err)) {
		rc = cli_fail(&d.err);
		goto out;
	}
	if ((rc = out_file_open(path, &o)))
		goto out;
	d.f = o.f;
	if (tsdb_dump(d.t, d.f, &d.records, &d.err)) {
		rc = d.err.code == TSDB_EIO && ferror(d.f) ? EXIT_STORE : cli_fail(&d.err);
		if (ferror(d.f))
			fprintf(stderr, "tsq dump: writing %s: %s\n", path ? path : "standard output",
			        strerror(d.err.sys ? d.err.sys : errno));
		goto out;
	}
	if ((rc = out_file_close(&o, 1)))
		goto out;
	if (path && !c->g.quiet)
		fprintf(stderr, "tsq dump: %llu records to %s\n", (unsigned long long)d.records, path);
out:
	out_file_close(&o, 0);
	tsdb_txn_abort(d.t);
	return rc;
}
