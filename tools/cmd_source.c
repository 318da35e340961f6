/* cmd_source.c — tsq source show: a source's record and the document it
 * carries, as stored (the text read back whole from the store). */
#include <stdlib.h>
#include <string.h>

#include "commands.h"

int cmd_source(struct ctx *c)
{
	const char *id = c->pos[1];
	tsdb_source s;
	char *text = NULL, date[11];
	size_t len = 0, stored = 0;
	int rc;

	if (tsdb_source_get(c->t, id, &s, &c->err))
		return cli_fail(&c->err);
	rc = tsdb_source_text_get(c->t, id, &text, &len, &stored, &c->err);
	if (rc && rc != TSDB_NOTFOUND)
		return cli_fail(&c->err);
	if (flag(c, "--text")) {
		if (!text) {
			fprintf(stderr, "tsq: source %s carries no text\n", s.id);
			return EXIT_DATA;
		}
		fwrite(text, 1, len, stdout);
		free(text);
		return 0;
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
	free(text);
	return 0;
}
