/* fuzz_load.c — the JSON reader (JSON Lines, arrays, documents) on any
 * bytes, through tsdb_load_files as a dry run against a database with the
 * built-in regions and the bundled indicators. The input is handed over as
 * a memory file (/proc/self/fd/N), the loader reading only named files.
 * Beyond not crashing: every error reported names the file, and a load
 * that fails says so with a code its errors explain. */
#include "fuzz.h"
#include "fuzz_file.h"

FUZZ_WITH_DB

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_errors seen = {0};
	tsdb_load_options o = {.dry_run = 1, .on_error = fuzz_on_error, .arg = &seen};
	tsdb_load_stats st;
	tsdb_error err = {0};
	const char *path = fuzz_file(data, size);
	int rc = tsdb_load_files(fuzz_db_open(), &path, 1, &o, &st, &err);
	fuzz_check_load(rc, &err, &st, &seen);
	return 0;
}
