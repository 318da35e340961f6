/* fuzz_region.c — tsdb_region_resolve on any name, against the built-in
 * catalog (made once per process). Beyond not crashing: a resolved region
 * exists under its code, and resolving the code finds the same region;
 * a failure is unknown, ambiguous or a bad name, with a message. The same
 * name for a fact of a year (1981-2025, from the name's bytes) resolves to a
 * unit that existed then, or is refused with a message. */
#include "fuzz.h"

FUZZ_WITH_DB

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
	unsigned year = 1981;
	for (size_t i = 0; i < size; i++)
		year = year * 31 + data[i];
	year = 1981 + year % 45;
	tsdb_error_clear(&err);
	rc = tsdb_region_resolve_at(txn, name, (int)year, (int)year, &r, &err);
	if (rc) {
		if (rc != TSDB_EUNKNOWN && rc != TSDB_EAMBIGUOUS && rc != TSDB_EINVAL &&
		    rc != TSDB_EDATA)
			fuzz_fail("resolve in %u failed with %d: %s", year, rc, err.text);
		fuzz_check_error(&err, rc);
	} else if ((r.since && (int)year < r.since) || (r.until && (int)year > r.until))
		fuzz_fail("\"%s\" in %u is %s, which existed %d-%d", name, year, r.code, r.since,
		          r.until);
	tsdb_txn_abort(txn);
	free(name);
	return 0;
}
