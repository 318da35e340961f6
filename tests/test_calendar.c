/* test_calendar.c — day numbers and period lengths (tsdb/calendar.c), the
 * arithmetic behind SDMX durations and chart spacing. */
#include "fixture.h"

static tsdb_period per(const char *s)
{
	tsdb_period p;
	assert_int_equal(tsdb_period_parse(s, (size_t)-1, &p, NULL), 0);
	return p;
}

static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(tsdb_date_days(20240301) - tsdb_date_days(20240228), 2); /* leap day */
	assert_int_equal(tsdb_date_days(20230301) - tsdb_date_days(20230228), 1);
	assert_int_equal(tsdb_date_days(20000301) - tsdb_date_days(20000228), 2); /* 400 */
	assert_int_equal(tsdb_date_days(19000301) - tsdb_date_days(19000228), 1); /* 100 */
	assert_int_equal(tsdb_date_days(20250101) - tsdb_date_days(20240101), 366);
	assert_int_equal(tsdb_date_days(1000101) + 1, tsdb_date_days(1000102));
	/* one step per day, across every month end of a leap cycle */
	for (uint32_t d = 20200101; d < 20240101; d = tsdb_date_add_days(d, 1))
		assert_int_equal(tsdb_date_days(tsdb_date_add_days(d, 1)) - tsdb_date_days(d), 1);
}

static void test_period_days(void **state)
{
	(void)state;
	assert_int_equal(tsdb_period_days(per("2024")), 366);
	assert_int_equal(tsdb_period_days(per("2023")), 365);
	assert_int_equal(tsdb_period_days(per("2024-02")), 29);
	assert_int_equal(tsdb_period_days(per("2024-Q1")), 91);
	assert_int_equal(tsdb_period_days(per("2024-01-15/2024-02-10")), 27);
	assert_int_equal(tsdb_period_days(per("2024-06-30")), 1);
	assert_int_equal(tsdb_period_days(per("2021/2025")), 1826);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day_numbers),
	    cmocka_unit_test(test_period_days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
