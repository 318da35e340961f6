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

/* A fresh database with the built-in regions. */
static inline int setup_regions(void **state)
{
	struct fixture *f = fixture_open(NULL);
	tsdb_error err = {0};
	if (tsdb_update(f->db, load_builtin, NULL, &err))
		fail_msg("builtin regions: %s", err.text);
	*state = f;
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

#endif
