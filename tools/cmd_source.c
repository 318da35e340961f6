/* cmd_source.c — tsq source show: a source's record and the document it
 * carries, as stored (the text read back whole from the store). */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int cmd_source(struct ctx *c)
{
	const char *id = c->pos[1];
	int text_only = flag(c, "--text"), rc;
	tsdb *db = c->db;
	tsdb_txn *t = NULL;
	tsdb_source s;
	tsdb_error err = {0};
	char *text = NULL, date[11];
	size_t len = 0, stored = 0;

	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_source_get(t, id, &s, &err))
		goto fail;
	rc = tsdb_source_text_get(t, id, &text, &len, &stored, &err);
	if (rc && rc != TSDB_NOTFOUND)
		goto fail;
	if (text_only) {
		if (!text) {
			fprintf(stderr, "tsq: source %s carries no text\n", s.id);
			rc = EXIT_DATA;
			goto out;
		}
		fwrite(text, 1, len, stdout);
		rc = 0;
		goto out;
	}
	tsdb_date_format(s.published, date);
	printf("id         %s\n", s.id);
	printf("title      %s\n", s.title);
	printf("publisher  %s\n", s.publisher);
	printf("url        %s\n", s.url);
	printf("published  %s\n", date);
	printf("priority   %d\n", s.priority);
	printf("note       %s\n", s.note);
	if (text)
		printf("text       %zu bytes (%zu stored)\n\n%s%s", len, stored, text,
		       len && text[len - 1] == '\n' ? "" : "\n");
	else
		printf("text       none\n");
	rc = 0;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	free(text);
	tsdb_txn_abort(t);
	return rc;
}
