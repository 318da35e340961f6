/* probe.c — the stress tests' helper, using only the public API.
 *
 *   probe dump DB          every catalog entry and every version of every
 *                          series, as deterministic text to compare
 *   probe hold DB          open a read transaction, say "holding", and wait
 *                          to be killed (leaves a stale reader behind)
 *   probe gen DB KIND G N  write N facts of generation G as JSON Lines to
 *                          standard output, over the counties of DB:
 *                          KIND "bulk" makes distinct facts whose values
 *                          and vintage depend on G (G 1 and 2 revise one
 *                          another); KIND "gen" writes the value G to every
 *                          period 2000-2019 of the first N counties, with a
 *                          vintage that rises with G, so a reader that saw
 *                          two loads at once would see two values
 *   probe catalog          the indicators and sources the facts use */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsdb.h"

static int fail(const char *what, const tsdb_error *err)
{
	char buf[1024];
	fprintf(stderr, "probe: %s: %s\n", what, tsdb_error_format(err, buf, sizeof buf));
	return 1;
}

/* ---- dump ---- */

/* A free-text field, then end (the tab before the next field, or the
 * newline after the last). */
static void text(const char *s, char end)
{
	/* tabs and newlines inside fields would make the dump ambiguous */
	for (; *s; s++)
		putchar(*s == '\t' ? ' ' : *s == '\n' ? ' ' : *s);
	putchar(end);
}

static int dump_indicator(const tsdb_indicator *x, void *arg)
{
	(void)arg;
	printf("indicator\t%s\t%s\t%s\t%s\t%s\t", x->id, x->name, x->name_zh, x->unit,
	       tsdb_kind_name(x->kind));
	text(x->description, '\n');
	return 0;
}

static int dump_source(const tsdb_source *x, void *arg)
{
	(void)arg;
	printf("source\t%s\t%s\t%s\t%s\t%u\t%d\t", x->id, x->title, x->publisher, x->url, x->published,
	       x->priority);
	text(x->note, '\n');
	return 0;
}

static int dump_region(const tsdb_region *x, void *arg)
{
	(void)arg;
	printf("region\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x->code, x->parent, x->level, x->type, x->name,
	       x->name_zh, x->aliases);
	return 0;
}

struct dump {
	tsdb_txn *t;
	tsdb_error *err;
	int rc;
};

static int dump_series(const char *indicator, const char *region, void *arg)
{
	struct dump *d = arg;
	tsdb_query q = {indicator, region, {0, 0}, {0, 0}, 0, 1};
	tsdb_cursor *cur;
	tsdb_point p;
	int rc = tsdb_cursor_open(d->t, &q, &cur, d->err);
	if (rc)
		return d->rc = rc;
	while ((rc = tsdb_cursor_next(cur, &p, d->err)) == 0) {
		char per[TSDB_PERIOD_MAX], val[TSDB_VALUE_MAX];
		tsdb_period_format(p.period, per);
		tsdb_value_format(p.value, val);
		printf("obs\t%s\t%s\t%s\t%s\t%s\t%s\t%u\t%s\t%d\t%d\t", indicator, region, per, val,
		       tsdb_qualifier_name(p.qualifier), tsdb_status_name(p.status), p.vintage, p.source,
		       p.shown, p.conflict);
		text(p.quote, '\t');
		text(p.note, '\n');
	}
	tsdb_cursor_close(cur);
	return rc == TSDB_NOTFOUND ? 0 : (d->rc = rc);
}

static int dump(const char *path)
{
	tsdb *db;
	tsdb_txn *t = NULL;
	tsdb_error err = {0};
	struct dump d = {NULL, &err, 0};
	if (tsdb_open(path, TSDB_RDONLY, &db, &err))
		return fail("open", &err);
	if (tsdb_txn_begin(db, 0, &t, &err) || tsdb_indicator_each(t, dump_indicator, NULL, &err) ||
	    tsdb_source_each(t, dump_source, NULL, &err) || tsdb_region_each(t, dump_region, NULL, &err))
		goto fail;
	d.t = t;
	if (tsdb_series_each(t, NULL, dump_series, &d, &err) || d.rc)
		goto fail;
	tsdb_txn_abort(t);
	tsdb_close(db);
	return fflush(stdout) ? 1 : 0;
fail:
	tsdb_txn_abort(t);
	tsdb_close(db);
	return fail("dump", &err);
}

/* ---- hold ---- */

static int hold(const char *path)
{
	tsdb *db;
	tsdb_txn *t;
	tsdb_error err = {0};
	if (tsdb_open(path, TSDB_RDONLY, &db, &err) || tsdb_txn_begin(db, 0, &t, &err))
		return fail("hold", &err);
	printf("holding\n");
	fflush(stdout);
	for (;;)
		pause();
}

/* ---- generated facts ---- */

struct counties {
	char (*code)[16];
	size_t n, cap;
};

static int add_county(const tsdb_region *r, void *arg)
{
	struct counties *c = arg;
	/* counties in use today: a past unit takes no figures outside its years */
	if (strcmp(r->level, "county") || strlen(r->code) >= 16 || r->until)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		char(*p)[16] = realloc(c->code, cap * sizeof *p);
		if (!p)
			return 1;
		c->code = p;
		c->cap = cap;
	}
	strcpy(c->code[c->n++], r->code);
	return 0;
}

static int gen(const char *path, const char *kind, long g, long n)
{
	tsdb *db;
	tsdb_txn *t;
	tsdb_error err = {0};
	struct counties c = {NULL, 0, 0};
	if (tsdb_open(path, TSDB_RDONLY, &db, &err) || tsdb_txn_begin(db, 0, &t, &err))
		return fail("gen", &err);
	int rc = tsdb_region_each(t, add_county, &c, &err);
	tsdb_txn_abort(t);
	tsdb_close(db);
	if (rc || !c.n) {
		free(c.code);
		return rc ? fail("gen", &err) : 1;
	}
	if (strcmp(kind, "gen") == 0) {
		/* every year of the first n counties holds g */
		for (long i = 0; i < n && (size_t)i < c.n; i++)
			for (int y = 2000; y < 2020; y++)
				printf("{\"type\":\"fact\",\"indicator\":\"stress.generation\",\"region\":\"%s\","
				       "\"period\":\"%d\",\"value\":%ld,\"source\":\"stress-a\","
				       "\"vintage\":\"%04ld-%02ld-%02ld\"}\n",
				       c.code[i], y, g, 2001 + g / 336, 1 + g / 28 % 12, 1 + g % 28);
	} else {
		/* fact i: indicator i % 4, county i / 4 % counties, month i / 4 / counties */
		for (long i = 0; i < n; i++) {
			long ind = i % 4, reg = i / 4 % (long)c.n, m = i / 4 / (long)c.n;
			long y = 1990 + m / 12, mon = 1 + m % 12;
			printf("{\"type\":\"fact\",\"indicator\":\"stress.bulk%ld\",\"region\":\"%s\","
			       "\"period\":\"%04ld-%02ld\",\"value\":\"%ld.%02ld\",\"source\":\"stress-%s\","
			       "\"vintage\":\"%ld-01-01\"%s}\n",
			       ind, c.code[reg], y, mon, (i * 7919 + g * 104729) % 1000000, (i + g) % 100,
			       g == 1 ? "a" : "b", 2019 + g,
			       i % 10 == 0 ? ",\"quote\":\"a quoted sentence, with \\\"quotes\\\"\"" : "");
		}
	}
	free(c.code);
	return fflush(stdout) ? 1 : 0;
}

static int catalog(void)
{
	for (int i = 0; i < 4; i++)
		printf("{\"type\":\"indicator\",\"id\":\"stress.bulk%d\",\"name\":\"Stress bulk %d\","
		       "\"unit\":\"count\",\"kind\":\"flow\"}\n",
		       i, i);
	printf("{\"type\":\"indicator\",\"id\":\"stress.generation\",\"name\":\"Load generation\","
	       "\"unit\":\"count\",\"kind\":\"stock\"}\n");
	printf("{\"type\":\"source\",\"id\":\"stress-a\",\"title\":\"Generated A\",\"published\":"
	       "\"2020-01-01\",\"priority\":10}\n");
	printf("{\"type\":\"source\",\"id\":\"stress-b\",\"title\":\"Generated B\",\"published\":"
	       "\"2021-01-01\",\"priority\":20}\n");
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2]);
	if (argc == 3 && strcmp(argv[1], "hold") == 0)
		return hold(argv[2]);
	if (argc == 6 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], argv[3], atol(argv[4]), atol(argv[5]));
	if (argc == 2 && strcmp(argv[1], "catalog") == 0)
		return catalog();
	fprintf(stderr, "usage: probe dump DB | probe hold DB | probe gen DB bulk|gen G N | probe catalog\n");
	return 2;
}
