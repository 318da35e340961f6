/* fuzz_period.c — tsdb_period_parse and tsdb_date_parse on any bytes.
 * Beyond not crashing: a period is a range of real days in order, and its
 * canonical text parses back to the same period (and likewise a date). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Is d (yyyymmdd) a day of the calendar, years 1-9999? */
static int real_day(uint32_t d)
{
	static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	uint32_t y = d / 10000, m = d / 100 % 100, day = d % 100;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	return !(m == 2 && day == 29 && !leap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char buf[TSDB_PERIOD_MAX], day[11];
	tsdb_error err = {0};
	tsdb_period p, back;
	uint32_t d, dback;
	int rc;

	rc = tsdb_period_parse(text, size, &p, &err);
	if (rc)
		fuzz_check_error(&err, rc);
	else {
		if (!real_day(p.start) || !real_day(p.end) || p.start > p.end)
			fuzz_fail("period [%u, %u] is not a range of days", p.start, p.end);
		size_t n = tsdb_period_format(p, buf);
		if (n >= sizeof buf || strlen(buf) != n)
			fuzz_fail("format wrote %zu bytes", n);
		tsdb_error_clear(&err);
		if (tsdb_period_parse(buf, (size_t)-1, &back, &err))
			fuzz_fail("\"%s\" does not parse back: %s", buf, err.text);
		if (back.start != p.start || back.end != p.end)
			fuzz_fail("[%u, %u] formats as %s, which is [%u, %u]", p.start, p.end, buf,
			          back.start, back.end);
		if (tsdb_period_cmp(p, back) != 0)
			fuzz_fail("a period differs from itself");
		if (tsdb_period_freq(p) < TSDB_FREQ_DAY || tsdb_period_freq(p) > TSDB_FREQ_SPAN)
			fuzz_fail("no frequency");
	}

	tsdb_error_clear(&err);
	rc = tsdb_date_parse(text, size, &d, &err);
	if (rc)
		fuzz_check_error(&err, rc);
	else {
		if (!real_day(d))
			fuzz_fail("date %u is not a day", d);
		size_t n = tsdb_date_format(d, day);
		tsdb_error_clear(&err);
		if (n != 10 || tsdb_date_parse(day, n, &dback, &err) || dback != d)
			fuzz_fail("date %u formats as \"%s\", which does not read back", d, day);
	}
	return 0;
}
