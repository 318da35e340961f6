/* fixture.h — what the cmocka tests share: a temporary database that is
 * made before a test and removed after it. */
#ifndef TSDB_TEST_FIXTURE_H
#define TSDB_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tsdb.h"

struct fixture {
	char dir[64];
	tsdb *db;
};

/* Removes the database directory (its files are LMDB's and our lock). */
static inline void fixture_rmdir(const char *dir)
{
	static const char *const files[] = {"data.mdb", "lock.mdb", "write.lock"};
	char path[128];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Opens a fresh database in a temporary directory, with opts (may be NULL). */
static inline struct fixture *fixture_open(const tsdb_options *opts)
{
	struct fixture *f = calloc(1, sizeof *f);
	tsdb_error err = {0};
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/tsdb-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (tsdb_open_ex(f->dir, TSDB_CREATE, opts, &f->db, &err))
		fail_msg("open: %s", err.text);
	return f;
}

static inline void fixture_close(struct fixture *f)
{
	if (!f)
		return;
	tsdb_close(f->db);
	fixture_rmdir(f->dir);
	free(f);
}

static inline int setup_db(void **state)
{
	*state = fixture_open(NULL);
	return 0;
}

static inline int teardown_db(void **state)
{
	fixture_close(*state);
	return 0;
}

static inline int load_builtin(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_regions_builtin(t, err);
}

/* Gives each of the n tests that has no setup of its own a fresh database,
 * made by setup and removed after it. */
static inline void fixture_each(struct CMUnitTest *tests, size_t n, CMFixtureFunction setup)
{
	for (size_t i = 0; i < n; i++)
		if (!tests[i].setup_func) {
			tests[i].setup_func = setup;
			tests[i].teardown_func = teardown_db;
		}
}

/* Runs fn with arg through tsdb_update on the fixture's database; the test
 * fails with the error if it does. */
static inline void fixture_update(struct fixture *f, tsdb_update_fn fn, void *arg)
{
	tsdb_error err = {0};
	if (tsdb_update(f->db, fn, arg, &err))
		fail_msg("update: %s", err.text);
}

/* A fresh database with the built-in regions. */
static inline int setup_regions(void **state)
{
	struct fixture *f = fixture_open(NULL);
	fixture_update(f, load_builtin, NULL);
	*state = f;
	return 0;
}

/* A callback for tsdb_region_children and the like: counts the regions it is
 * called with into the int at arg. */
static inline int fixture_count(const tsdb_region *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

/* A fresh database with the built-in regions and the facts of jsonl (JSON
 * Lines, loaded from a file in the database's directory). */
static inline struct fixture *fixture_with_facts(const char *jsonl)
{
	struct fixture *f = fixture_open(NULL);
	tsdb_error err = {0};
	char path[128];
	const char *paths[] = {path};
	FILE *fp;
	snprintf(path, sizeof path, "%s/data.jsonl", f->dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(jsonl, fp);
	fclose(fp);
	if (tsdb_update(f->db, load_builtin, NULL, &err) ||
	    tsdb_load_files(f->db, paths, 1, NULL, NULL, &err))
		fail_msg("load: %s", err.text);
	unlink(path);
	return f;
}

/* The number of elements of the array a. */
#define countof(a) (sizeof(a) / sizeof *(a))

/* A read transaction on the fixture in *state; the caller aborts it. */
static inline tsdb_txn *fixture_reader(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	return t;
}

/* The period text spells; a test that spells one wrong fails, naming it. */
static inline tsdb_period fixture_period(const char *text)
{
	tsdb_period p;
	tsdb_error err = {0};
	if (tsdb_period_parse(text, (size_t)-1, &p, &err))
		fail_msg("period \"%s\": %s", text, err.text);
	return p;
}

/* Resolves name for a fact of year through tsdb_region_resolve_at, or with
 * year 0 (no period) through tsdb_region_resolve. */
static inline int fixture_resolve(tsdb_txn *t, const char *name, int year, tsdb_region *r,
                                  tsdb_error *err)
{
	if (year)
		return tsdb_region_resolve_at(t, name, year, year, r, err);
	return tsdb_region_resolve(t, name, r, err);
}

/* A name, the year of the fact it names a region for (0: none), and the
 * code of the region it resolves to. */
struct resolve_case {
	const char *name;
	int year;
	const char *code;
};

/* A name and year that are refused with status, the message holding each
 * string of want (up to the first NULL). */
struct refuse_case {
	const char *name;
	int year;
	int status;
	const char *want[6];
};

/* Walks the n cases of c in t; a failure names the case by its index. */
static inline void resolve_cases(tsdb_txn *t, const struct resolve_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tsdb_region r;
		tsdb_error err = {0};
		if (fixture_resolve(t, c[i].name, c[i].year, &r, &err))
			fail_msg("case %zu, \"%s\" in %d: %s", i, c[i].name, c[i].year, err.text);
		if (strcmp(r.code, c[i].code))
			fail_msg("case %zu, \"%s\" in %d: %s, not %s", i, c[i].name, c[i].year,
			         r.code, c[i].code);
	}
}

/* name (no period) resolves in t to the region code. */
static inline void resolves_to(tsdb_txn *t, const char *name, const char *code)
{
	resolve_cases(t, &(struct resolve_case){name, 0, code}, 1);
}

/* Walks the n refusals of c in t; a failure names the case by its index. */
static inline void refuse_cases(tsdb_txn *t, const struct refuse_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tsdb_region r;
		tsdb_error err = {0};
		int rc = fixture_resolve(t, c[i].name, c[i].year, &r, &err);
		if (rc != c[i].status)
			fail_msg("case %zu, \"%s\" in %d: status %d (%s), not %d", i, c[i].name,
			         c[i].year, rc, rc ? err.text : r.code, c[i].status);
		for (size_t k = 0; k < countof(c[i].want) && c[i].want[k]; k++)
			if (!strstr(err.text, c[i].want[k]))
				fail_msg("case %zu, \"%s\" in %d: \"%s\" lacks \"%s\"", i,
				         c[i].name, c[i].year, err.text, c[i].want[k]);
	}
}

/* The catalog test_check and test_store start from: a stock and a flow, and
 * three sources, two published the same day with priorities 10 and 50 and
 * one published later. */
static inline int fixture_catalog(tsdb_txn *t, tsdb_error *err)
{
	static const tsdb_indicator inds[] = {
	    {"high_tech_enterprises", "High-tech enterprises", "高新技术企业数", "count",
	     TSDB_KIND_STOCK, "", 0, NULL},
	    {"rd_expenditure", "R&D expenditure", "研发经费", "CNY", TSDB_KIND_FLOW, "", 0, NULL}};
	static const tsdb_source srcs[] = {
	    {"paper", "A newspaper", "People's Daily", "", 20240722, 10, "", 0},
	    {"nbs", "Statistical bulletin", "NBS", "", 20240722, 50, "", 0},
	    {"later", "A later newspaper", "Economic Daily", "", 20240801, 10, "", 0}};
	int rc = 0;
	for (size_t i = 0; !rc && i < countof(inds); i++)
		rc = tsdb_indicator_put(t, &inds[i], err);
	for (size_t i = 0; !rc && i < countof(srcs); i++)
		rc = tsdb_source_put(t, &srcs[i], err);
	return rc;
}

#endif
