/* fuzz.h — what the libFuzzer harnesses share: a database made once per
 * process in a temporary directory (removed at exit), the built-in regions
 * and the bundled indicator catalog in it, and a failure that stops the
 * fuzzer with a message. The state here is the harness's, not the
 * library's: libFuzzer calls LLVMFuzzerTestOneInput with no context. */
#ifndef TSDB_FUZZ_H
#define TSDB_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tsdb.h"

/* Stops the run: libFuzzer keeps the input that got here as a crash. */
#define fuzz_fail(...) \
	do { \
		fprintf(stderr, "fuzz property failed: " __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} while (0)

/* A NUL-terminated copy of the input (the caller frees it). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* Checks what a failing call left in err: a code, a message, a valid
 * formatting even into a tiny buffer. */
static inline void fuzz_check_error(const tsdb_error *err, int rc)
{
	char buf[1024], tiny[8];
	if (!err->code || err->code != rc || !err->text[0])
		fuzz_fail("status %d but error code %d, text \"%s\"", rc, err->code, err->text);
	if (!memchr(err->text, 0, sizeof err->text) || !memchr(err->field, 0, sizeof err->field) ||
	    !memchr(err->source, 0, sizeof err->source))
		fuzz_fail("unterminated error string");
	tsdb_error_format(err, buf, sizeof buf);
	tsdb_error_format(err, tiny, sizeof tiny);
	if (strlen(tiny) >= sizeof tiny)
		fuzz_fail("tsdb_error_format overran its buffer");
}

static struct fuzz_db {
	char dir[64];
	tsdb *db;
} fuzz_db __attribute__((unused));

static inline void fuzz_db_remove(void)
{
	static const char *const files[] = {"data.mdb", "lock.mdb", "write.lock"};
	char path[128];
	tsdb_close(fuzz_db.db);
	fuzz_db.db = NULL;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", fuzz_db.dir, files[i]);
		unlink(path);
	}
	rmdir(fuzz_db.dir);
}

static inline int fuzz_builtin(tsdb_txn *txn, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_regions_builtin(txn, err);
}

static inline void fuzz_load_text(const char *text)
{
	char path[96];
	tsdb_error err = {0};
	snprintf(path, sizeof path, "%s/catalog.jsonl", fuzz_db.dir);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		fuzz_fail("cannot write %s", path);
	const char *paths[1] = {path};
	if (tsdb_load_files(fuzz_db.db, paths, 1, NULL, NULL, &err))
		fuzz_fail("catalog: %s", err.text);
	unlink(path);
}

/* Opens the database once: built-in regions, the bundled indicators (or a
 * few of them) and two sources. */
static inline tsdb *fuzz_db_open(void)
{
	/* used when examples/indicators.jsonl is not where the run started */
	static const char catalog[] =
	    "{\"type\":\"indicator\",\"id\":\"rd_expenditure\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
	    "{\"type\":\"indicator\",\"id\":\"high_tech_enterprises\",\"unit\":\"count\",\"kind\":\"stock\"}\n"
	    "{\"type\":\"indicator\",\"id\":\"investment.high_tech.growth\",\"unit\":\"percent\",\"kind\":\"rate\"}\n"
	    "{\"type\":\"indicator\",\"id\":\"gii_rank\",\"unit\":\"rank\",\"kind\":\"rank\"}\n"
	    "{\"type\":\"indicator\",\"id\":\"co2_emissions\",\"unit\":\"t\",\"kind\":\"flow\"}\n";

	/* the sources the seed corpora name, beside those of the catalog */
	static const char sources[] =
	    "{\"type\":\"source\",\"id\":\"rmrb-2024-07\",\"title\":\"t\",\"published\":\"2024-07-22\",\"priority\":10}\n"
	    "{\"type\":\"source\",\"id\":\"nbs\",\"title\":\"t\",\"published\":\"2025-02-28\",\"priority\":100}\n";
	tsdb_error err = {0};
	if (fuzz_db.db)
		return fuzz_db.db;
	snprintf(fuzz_db.dir, sizeof fuzz_db.dir, "/tmp/tsdb-fuzz-XXXXXX");
	if (!mkdtemp(fuzz_db.dir))
		fuzz_fail("mkdtemp");
	atexit(fuzz_db_remove);
	if (tsdb_open(fuzz_db.dir, TSDB_CREATE, &fuzz_db.db, &err) ||
	    tsdb_update(fuzz_db.db, fuzz_builtin, NULL, &err))
		fuzz_fail("setup: %s", err.text);
	const char *paths[1] = {"examples/indicators.jsonl"};
	if (access(paths[0], R_OK) == 0) {
		if (tsdb_load_files(fuzz_db.db, paths, 1, NULL, NULL, &err))
			fuzz_fail("examples/indicators.jsonl: %s", err.text);
	} else
		fuzz_load_text(catalog);
	fuzz_load_text(sources);
	return fuzz_db.db;
}

/* Declares the harness's entry points and makes the database before the
 * first input, so that no input's time includes it. */
#define FUZZ_WITH_DB \
	int LLVMFuzzerInitialize(int *argc, char ***argv); \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
	int LLVMFuzzerInitialize(int *argc, char ***argv) \
	{ \
		(void)argc; \
		(void)argv; \
		fuzz_db_open(); \
		return 0; \
	}

#endif
