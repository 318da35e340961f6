/* regionset.c — sets of regions: what lies inside a region or a group, a
 * group's members down to the regions it sums, and their display names. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { MAX_DEPTH = 16 };

int ts_codes_add(struct ts_codes *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], code) == 0)
			return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		const char **v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return TSDB_ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = code;
	return 0;
}

struct gather {
	struct ts_codes *out;
	int rc;
};

static int gather_one(const tsdb_region *r, void *arg)
{
	struct gather *g = arg;
	return (g->rc = ts_codes_add(g->out, r->code));
}

/* The members of a group (direct ones), appended to out. */
static int members(tsdb_txn *t, const char *group, struct ts_codes *out, tsdb_error *err)
{
	struct gather g = {out, 0};
	int rc = tsdb_region_children(t, group, gather_one, &g, err);
	if (g.rc) /* (then rc is g.rc too: the walk returns what stopped it) */
		return ts_err(err, g.rc, "out of memory");
	return rc;
}

/* Is r a group with members? */
int ts_region_is_group(tsdb_txn *t, const tsdb_region *r, int *yes, tsdb_error *err)
{
	struct ts_codes c = {0};
	int rc = 0;
	*yes = 0;
	if (strcmp(r->level, "group") == 0 && !(rc = members(t, r->code, &c, err)))
		*yes = c.n > 0;
	free(c.v);
	return rc;
}

/* outer, and when it is a group its members, theirs and so on: the regions
 * whose descendants are inside outer. */
int ts_region_outer_set(tsdb_txn *t, const char *outer, struct ts_codes *set, tsdb_error *err)
{
	int rc;
	if (ts_codes_add(set, outer))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->n; i++) {
		tsdb_region r;
		if ((rc = tsdb_region_get(t, set->v[i], &r, err)))
			return rc;
		if (strcmp(r.level, "group") == 0 && (rc = members(t, r.code, set, err)))
			return rc;
	}
	return 0;
}

/* Is code, or a region above it, one of set? */
int ts_region_in_set(tsdb_txn *t, const char *code, const struct ts_codes *set, int *yes,
                     tsdb_error *err)
{
	tsdb_region x;
	int rc;
	*yes = 0;
	for (int depth = 0; depth < MAX_DEPTH && *code; depth++) {
		for (size_t i = 0; i < set->n; i++)
			if (strcmp(code, set->v[i]) == 0)
				return *yes = 1, 0;
		if ((rc = tsdb_region_get(t, code, &x, err)))
			return rc;
		code = x.parent;
	}
	return 0;
}

int tsdb_region_within(tsdb_txn *txn, const char *code, const char *outer, int *yes,
                       tsdb_error *err)
{
	struct ts_codes set = {0};
	int rc = ts_region_outer_set(txn, outer, &set, err);
	if (!rc)
		rc = ts_region_in_set(txn, code, &set, yes, err);
	free(set.v);
	return rc;
}

const char *ts_region_display(const tsdb_region *r)
{
	return *r->name_zh ? r->name_zh : *r->name ? r->name : r->code;
}

/* The regions a group sums: its members, a member group's own, and so on
 * (each once). */
int ts_group_leaves(tsdb_txn *t, const char *group, struct ts_codes *out, tsdb_error *err)
{
	struct ts_codes todo = {0};
	int rc = members(t, group, &todo, err);
	for (size_t i = 0; !rc && i < todo.n; i++) {
		tsdb_region r;
		int grp;
		if (strcmp(todo.v[i], group) == 0)
			continue; /* a group listed as its own member adds nothing */
		if ((rc = tsdb_region_get(t, todo.v[i], &r, err)) ||
		    (rc = ts_region_is_group(t, &r, &grp, err)))
			break;
		if (grp)
			rc = members(t, r.code, &todo, err);
		else if (ts_codes_add(out, r.code))
			rc = ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	free(todo.v);
	return rc;
}

/* Refuses members of which one lies inside another (江苏 and 苏州): their
 * sum would count the inner one twice. */
int ts_group_overlap(tsdb_txn *t, const tsdb_region *g, const struct ts_codes *m, tsdb_error *err)
{
	for (size_t i = 0; i < m->n; i++) {
		tsdb_region r, x;
		int rc = tsdb_region_get(t, m->v[i], &r, err);
		if (rc)
			return rc;
		x = r;
		for (int depth = 0; depth < MAX_DEPTH && *x.parent; depth++) {
			if ((rc = tsdb_region_get(t, x.parent, &x, err)))
				return rc;
			for (size_t k = 0; k < m->n; k++)
				if (k != i && strcmp(x.code, m->v[k]) == 0)
					return tsdb_error_set(
					    err, TSDB_EINVAL, "region",
					    "%s: its members %s and %s overlap (%s lies inside %s), "
					    "so a sum would count %s twice",
					    ts_region_display(g), ts_region_display(&x),
					    ts_region_display(&r), ts_region_display(&r),
					    ts_region_display(&x), ts_region_display(&r));
		}
	}
	return 0;
}
