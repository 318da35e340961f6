/* cmd_ls.c — tsq ls: list indicators, regions or sources. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"

struct ls {
	const char *pattern;
	const char *level;
	const char *within; /* region code (a group's members count), or NULL */
	tsdb_txn *txn;
	struct table *tab;
	int rows;
};

/* A pattern with wildcards matches the id or code; any other pattern is a
 * case-insensitive substring of the id, code or a name. */
static int matches(const char *pattern, const char *id, const char *a, const char *b)
{
	if (!pattern)
		return 1;
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, id, FNM_CASEFOLD) == 0;
	return strcasestr(id, pattern) || (a && strcasestr(a, pattern)) || (b && strcasestr(b, pattern));
}

static int add(struct ls *l, const char *const *cells)
{
	l->rows++;
	return table_add(l->tab, cells) ? TSDB_ENOMEM : 0;
}

static int one_indicator(const tsdb_indicator *x, void *arg)
{
	struct ls *l = arg;
	if (!matches(l->pattern, x->id, x->name, x->name_zh))
		return 0;
	const char *row[5] = {x->id, x->unit, tsdb_kind_name(x->kind), x->name, x->name_zh};
	return add(l, row);
}

static int one_source(const tsdb_source *x, void *arg)
{
	struct ls *l = arg;
	char date[11], prio[16];
	if (!matches(l->pattern, x->id, x->title, x->publisher))
		return 0;
	tsdb_date_format(x->published, date);
	snprintf(prio, sizeof prio, "%d", x->priority);
	const char *row[5] = {x->id, date, prio, x->publisher, x->title};
	return add(l, row);
}

static int one_region(const tsdb_region *x, void *arg)
{
	struct ls *l = arg;
	int yes = 1;
	if (!matches(l->pattern, x->code, x->name, x->name_zh) ||
	    (l->level && strcmp(l->level, x->level)) ||
	    (l->within && tsdb_region_within(l->txn, x->code, l->within, &yes, NULL)) || !yes)
		return 0;
	const char *row[5] = {x->code, x->level, x->parent, x->name, x->name_zh};
	return add(l, row);
}

int cmd_ls_check(struct ctx *c)
{
	if ((arg(c, "--level") || arg(c, "--within")) && strcmp(c->pos[0], "regions"))
		return usage_error(c->cmd, "--level and --within apply to regions");
	return 0;
}

int cmd_ls(struct ctx *c)
{
	const char *what = c->pos[0], *within = arg(c, "--within");
	struct ls l = {0};
	tsdb *db = c->db;
	tsdb_error err = {0};
	tsdb_region reg;
	int rc = 0;

	l.level = arg(c, "--level");
	if ((rc = cli_level(c, &l.level)))
		return rc;
	l.pattern = c->npos > 1 ? c->pos[1] : NULL;
	if (tsdb_txn_begin(db, 0, &l.txn, &err))
		goto fail;
	if (within) {
		if (tsdb_region_resolve(l.txn, within, &reg, &err))
			goto fail;
		l.within = reg.code;
	}
	if (!(l.tab = table_new(5))) {
		tsdb_error_set(&err, TSDB_ENOMEM, NULL, "out of memory");
		goto fail;
	}
	if (what[0] == 'i') {
		static const char *const head[] = {"id", "unit", "kind", "name", "name_zh"};
		table_add(l.tab, head);
		rc = tsdb_indicator_each(l.txn, one_indicator, &l, &err);
	} else if (what[0] == 's') {
		static const char *const head[] = {"id", "published", "priority", "publisher", "title"};
		table_add(l.tab, head);
		rc = tsdb_source_each(l.txn, one_source, &l, &err);
	} else {
		static const char *const head[] = {"code", "level", "parent", "name", "name_zh"};
		table_add(l.tab, head);
		rc = tsdb_region_each(l.txn, one_region, &l, &err);
	}
	if (rc) {
		tsdb_error_set(&err, rc, NULL, "%s", tsdb_strerror(rc));
		goto fail;
	}
	/* nothing to list is an answer, not an error: the note is for people */
	if (l.rows)
		table_print(l.tab, stdout);
	else
		fprintf(stderr, "tsq: note: no %s%s%s\n", what, l.pattern ? " match " : "", l.pattern ? l.pattern : "");
	rc = EXIT_OK;
	goto out;
fail:
	rc = cli_fail(&err);
out:
	table_free(l.tab);
	tsdb_txn_abort(l.txn);
	return rc;
}
