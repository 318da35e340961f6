/* cmd_ls.c — tsq ls: list indicators, regions or sources. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"

struct ls {
	const char *pattern;
	const char *level;
	const char *within; /* region code (a group's members count), or NULL */
	tsdb_txn *txn;
	struct out *o;
	int rows;
};

static const struct out_col ind_cols[] = {
    {"id", "代码", 0}, {"unit", "单位", 0}, {"kind", "类型", 0}, {"name", "名称", 0}, {"name_zh", "中文名称", 0},
};
static const struct out_col src_cols[] = {
    {"id", "代码", 0}, {"published", "发布日期", 0}, {"priority", "优先级", 0}, {"publisher", "发布机构", 0},
    {"title", "标题", 0},
};
static const struct out_col reg_cols[] = {
    {"code", "代码", 0}, {"level", "级别", 0}, {"parent", "上级", 0}, {"name", "名称", 0}, {"name_zh", "中文名称", 0},
    {"years", "存续年份", 0}, {"successors", "去向", 0},
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

static int one_indicator(const tsdb_indicator *x, void *arg)
{
	struct ls *l = arg;
	if (!matches(l->pattern, x->id, x->name, x->name_zh))
		return 0;
	char unit[128];
	out_text(l->o, x->id);
	out_text(l->o, out_unit(l->o, x->unit, unit, sizeof unit));
	out_text(l->o, tsdb_kind_name(x->kind));
	out_text(l->o, x->name);
	out_text(l->o, x->name_zh);
	out_row(l->o);
	l->rows++;
	return 0;
}

static int one_source(const tsdb_source *x, void *arg)
{
	struct ls *l = arg;
	if (!matches(l->pattern, x->id, x->title, x->publisher))
		return 0;
	out_text(l->o, x->id);
	out_date(l->o, x->published);
	out_int(l->o, x->priority);
	out_text(l->o, x->publisher);
	out_text(l->o, x->title);
	out_row(l->o);
	l->rows++;
	return 0;
}

static int one_region(const tsdb_region *x, void *arg)
{
	struct ls *l = arg;
	int yes = 1;
	if (!matches(l->pattern, x->code, x->name, x->name_zh) ||
	    (l->level && strcmp(l->level, x->level)) ||
	    (l->within && tsdb_region_within(l->txn, x->code, l->within, &yes, NULL)) || !yes)
		return 0;
	out_text(l->o, x->code);
	out_text(l->o, out_level(l->o, x->level));
	out_text(l->o, x->parent);
	out_text(l->o, x->name);
	out_text(l->o, x->name_zh);
	/* a division that no longer exists: its years, and where its area went */
	char years[32] = "";
	if (x->since || x->until)
		snprintf(years, sizeof years, "%d-%d", x->since, x->until);
	out_text(l->o, years);
	out_text(l->o, x->successors);
	out_row(l->o);
	l->rows++;
	return 0;
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
	struct ls l = {.txn = c->t};
	struct out o = {0};
	tsdb_region reg;
	int rc;

	l.level = arg(c, "--level");
	if ((rc = cli_level(c, &l.level)))
		return rc;
	l.pattern = c->npos > 1 ? c->pos[1] : NULL;
	if (within) {
		if (tsdb_region_resolve(c->t, within, &reg, &c->err))
			return cli_fail(&c->err);
		l.within = reg.code;
	}
	if ((rc = out_open(&o, c, "table")))
		return rc;
	l.o = &o;
	if (what[0] == 'i') {
		out_begin(&o, ind_cols, 5);
		rc = tsdb_indicator_each(c->t, one_indicator, &l, &c->err);
	} else if (what[0] == 's') {
		out_begin(&o, src_cols, 5);
		rc = tsdb_source_each(c->t, one_source, &l, &c->err);
	} else {
		out_begin(&o, reg_cols, sizeof reg_cols / sizeof *reg_cols);
		rc = tsdb_region_each(c->t, one_region, &l, &c->err);
	}
	if (rc) {
		out_abandon(&o);
		tsdb_error_set(&c->err, rc, NULL, "%s", tsdb_strerror(rc));
		return cli_fail(&c->err);
	}
	/* nothing to list is an answer, not an error: the note is for people */
	if (!l.rows)
		fprintf(stderr, "tsq: note: no %s%s%s\n", what, l.pattern ? " match " : "", l.pattern ? l.pattern : "");
	if (!l.rows && out_for_people(&o)) {
		out_abandon(&o); /* no table, not even its header */
		return EXIT_OK;
	}
	return out_close(&o);
}
