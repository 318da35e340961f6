/* fuzz_csv.c — the CSV reader on any bytes, through tsdb_load_files as a
 * dry run. The first byte of the input chooses the options (layout,
 * separator, which columns are mapped, a scale); the rest is the file.
 * The same checks on errors as fuzz_load. */
#include "fuzz.h"
#include "fuzz_file.h"

FUZZ_WITH_DB

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[4] = {0, ',', ';', '\t'};
	unsigned opt = size ? data[0] : 0;
	tsdb_csv_map map = {.region = "region", .period = "period", .value = "value"};
	struct fuzz_errors seen = {0};
	tsdb_load_options o = {.dry_run = 1,
	                       .on_error = fuzz_on_error,
	                       .arg = &seen,
	                       .csv = &map,
	                       .format = TSDB_FORMAT_CSV};
	tsdb_load_stats st;
	tsdb_error err = {0};

	/* bit 0: wide; bits 1-2: separator; bit 3: an indicator column, else
	 * one indicator for all; bit 4: the optional columns; bit 5: a scale;
	 * bit 6: a unit for every row; bit 7: --new-regions */
	map.wide = opt & 1;
	map.sep = seps[opt >> 1 & 3];
	if (map.wide)
		map.period = map.value = NULL;
	if (opt & 8)
		map.indicator = "indicator";
	else
		map.fixed_indicator = "rd_expenditure";
	if (opt & 16) {
		map.unit = "unit";
		map.qualifier = "qualifier";
		map.status = "status";
		map.source = "source";
		map.vintage = "vintage";
		map.note = "note";
	}
	if (opt & 32)
		map.scale = "万";
	if (opt & 64)
		map.fixed_unit = "CNY";
	o.new_regions = opt >> 7 & 1;
	const char *path = size ? fuzz_file(data + 1, size - 1) : fuzz_file(data, 0);
	int rc = tsdb_load_files(fuzz_db_open(), &path, 1, &o, &st, &err);
	fuzz_check_load(rc, &err, &st, &seen);
	return 0;
}
