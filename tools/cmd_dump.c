/* cmd_dump.c — tsq dump: everything in the database as JSON Lines in the
 * loader's own format (tsdb_dump), so that tsq restore (or tsq load)
 * rebuilds it. */
#include <errno.h>
#include <string.h>

#include "commands.h"

int cmd_dump(struct ctx *c)
{
	const char *path = arg(c, "--output");
	struct outfile o = {0};
	uint64_t records = 0;
	int rc;

	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if ((rc = out_file_open(path, &o)))
		return rc;
	if (tsdb_dump(c->t, o.f, &records, &c->err)) {
		rc = c->err.code == TSDB_EIO && ferror(o.f) ? EXIT_STORE : cli_fail(&c->err);
		if (ferror(o.f))
			fprintf(stderr, "tsq dump: writing %s: %s\n", path ? path : "standard output",
			        strerror(c->err.sys ? c->err.sys : errno));
	} else if (!(rc = out_file_close(&o, 1)) && path && !c->g.quiet) {
		fprintf(stderr, "tsq dump: %llu records to %s\n", (unsigned long long)records, path);
	}
	out_file_close(&o, 0);
	return rc;
}
