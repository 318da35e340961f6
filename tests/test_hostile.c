/* test_hostile.c — regression tests for what fuzzing and the hostile-input
 * corpus (tests/bad) found: each test names the input that went wrong. */
#include "fixture.h"

/* fuzz_value: "1e6" handed over with its length, followed in memory by
 * more digits, read the exponent past the end (strtol ignores len). */
static void test_value_exponent_within_length(void **state)
{
	const char text[] = "1e699";
	double v = 0;
	(void)state;
	assert_int_equal(tsdb_value_parse(text, 3, NULL, &v, NULL, NULL), 0);
	assert_true(v == 1e6);
	assert_int_equal(tsdb_value_parse("2.5e-3x", 6, NULL, &v, NULL, NULL), 0);
	assert_true(v == 0.0025);
	assert_int_equal(tsdb_value_parse("1e+2", (size_t)-1, NULL, &v, NULL, NULL), 0);
	assert_true(v == 100);
	/* an exponent with nothing after it, even if the buffer goes on */
	assert_int_equal(tsdb_value_parse("1e5", 2, NULL, &v, NULL, NULL), TSDB_EINVAL);
	assert_int_equal(tsdb_value_parse("1e-5", 3, NULL, &v, NULL, NULL), TSDB_EINVAL);
}

/* The same strtol let a space into an exponent: "1e 5" was 100000. */
static void test_value_exponent_no_space(void **state)
{
	double v = 0;
	tsdb_error err = {0};
	(void)state;
	assert_int_equal(tsdb_value_parse("1e 5", (size_t)-1, NULL, &v, NULL, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "bad exponent"));
	assert_int_equal(tsdb_value_parse("1e\t-5", (size_t)-1, NULL, &v, NULL, NULL), TSDB_EINVAL);
	assert_int_equal(tsdb_value_parse("1e100001", (size_t)-1, NULL, &v, NULL, NULL), TSDB_EINVAL);
	assert_int_equal(tsdb_value_parse("1e99999999999999999999", (size_t)-1, NULL, &v, NULL, NULL),
	                 TSDB_EINVAL);
	/* and into a scale: "1e 4" was 10^4 */
	assert_int_equal(tsdb_value_parse("3", (size_t)-1, "1e 4", &v, NULL, NULL), TSDB_EINVAL);
	assert_int_equal(tsdb_value_parse("3", (size_t)-1, "1e4", &v, NULL, NULL), 0);
	assert_true(v == 30000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_value_exponent_within_length),
	    cmocka_unit_test(test_value_exponent_no_space),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
