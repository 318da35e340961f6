/* cmd_lineage.c — tsq lineage: what a region came from and went to, with the years of its
 * names and codes (China's divisions since 1981: docs/REGIONS.md). */
#include <stdio.h>
#include <string.h>

#include "commands.h"

/* Each name and code of some years ("襄樊市@1981-2010" as "襄樊市  1981-2010"). */
static void dated_aliases(const tsdb_region *r)
{
	int any = 0;
	for (const char *a = r->aliases; *a;) {
		size_t n = strcspn(a, "|");
		const char *at = memchr(a, '@', n);
		if (at) {
			printf("%-10s%.*s  %.*s\n", any ? "" : "named", (int)(at - a), a,
			       (int)(n - (size_t)(at + 1 - a)), at + 1);
			any = 1;
		}
		a += n + (a[n] == '|');
	}
}

static void line(const char *label, const tsdb_region *r)
{
	char years[32] = "";
	if (r->since || r->until)
		snprintf(years, sizeof years, ", %d-%d", r->since, r->until);
	printf("%-10s%s (%s%s%s%s)\n", label, *r->name_zh ? r->name_zh : r->name, r->code,
	       *r->level ? ", " : "", r->level, years);
}

static int before(const tsdb_region *r, void *arg)
{
	int *n = arg;
	line(*n ? "" : "from", r);
	(*n)++;
	return 0;
}

int cmd_lineage(struct ctx *c)
{
	tsdb_txn *t = c->t;
	tsdb_region r, x, p;
	int n = 0;
	if (tsdb_region_resolve(t, c->pos[0], &r, &c->err)) {
		c->err.field[0] = 0;
		return cli_fail(&c->err);
	}
	line("region", &r);
	if (*r.parent && tsdb_region_get(t, r.parent, &p, NULL) == 0)
		line(r.until ? "was in" : "in", &p);
	dated_aliases(&r);
	if (tsdb_region_predecessors(t, r.code, before, &n, &c->err))
		return cli_fail(&c->err);
	for (const char *s = r.successors; *s; n = -1) {
		size_t k = strcspn(s, "|");
		char code[72];
		snprintf(code, sizeof code, "%.*s", (int)(k < 71 ? k : 71), s);
		if (tsdb_region_get(t, code, &x, NULL) == 0)
			line(n >= 0 ? "to" : "", &x);
		s += k + (s[k] == '|');
	}
	if (r.until && !*r.successors)
		printf("to        (its area is not recorded)\n");
	return EXIT_OK;
}
