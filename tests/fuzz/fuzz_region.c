/* fuzz_region.c — tsdb_region_resolve on any name, against the built-in
 * catalog (made once per process). Beyond not crashing: a resolved region
 * exists under its code, and resolving the code finds the same region;
 * a failure is unknown, ambiguous or a bad name, with a message. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_db_open();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_string(data, size);
	tsdb_txn *txn = NULL;
	tsdb_region r, again;
	tsdb_error err = {0};
	int rc;

	if (tsdb_txn_begin(fuzz_db_open(), 0, &txn, &err))
		fuzz_fail("begin: %s", err.text);
	rc = tsdb_region_resolve(txn, name, &r, &err);
	if (rc) {
		if (rc != TSDB_EUNKNOWN && rc != TSDB_EAMBIGUOUS && rc != TSDB_EINVAL)
			fuzz_fail("resolve failed with %d: %s", rc, err.text);
		fuzz_check_error(&err, rc);
	} else {
		if (!r.code || !r.code[0] || !r.name || !r.level)
			fuzz_fail("resolved to a region without a code");
		char *code = strdup(r.code);
		if (!code)
			abort();
		tsdb_error_clear(&err);
		if (tsdb_region_get(txn, code, &again, &err) || again.key != r.key)
			fuzz_fail("\"%s\" resolved to %s, which tsdb_region_get does not find",
			          name, code);
		tsdb_error_clear(&err);
		if (tsdb_region_resolve(txn, code, &again, &err) || again.key != r.key)
			fuzz_fail("\"%s\" resolved to %s, which resolves elsewhere (%s)", name,
			          code, err.text);
		free(code);
	}
	tsdb_txn_abort(txn);
	free(name);
	return 0;
}
