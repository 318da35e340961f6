/* test_distance.c — tsdb_distance, the edit distance behind every "did you mean". */
#include "fixture.h"

static void test_plain_edits(void **state)
{
	(void)state;
	assert_int_equal(tsdb_distance("gdp", "gdp"), 0);
	assert_int_equal(tsdb_distance("", ""), 0);
	assert_int_equal(tsdb_distance("", "rank"), 4);
	assert_int_equal(tsdb_distance("rank", ""), 4);
	assert_int_equal(tsdb_distance("Beijng", "Beijing"), 1);   /* one left out */
	assert_int_equal(tsdb_distance("Beijiing", "Beijing"), 1); /* one too many */
	assert_int_equal(tsdb_distance("--form", "--from"), 2);    /* a swap is two */
	assert_int_equal(tsdb_distance("kitten", "sitting"), 3);
	assert_int_equal(tsdb_distance("sitting", "kitten"), 3);
}

/* A character beyond ASCII is one edit, however many bytes it takes. */
static void test_code_points(void **state)
{
	(void)state;
	assert_int_equal(tsdb_distance("北京", "北平"), 1);
	assert_int_equal(tsdb_distance("北京市", "北京"), 1);
	assert_int_equal(tsdb_distance("dümp", "dump"), 1);
	assert_int_equal(tsdb_distance("广东省", "Guangdong"), 9);
}

/* Past 128 code points nothing is near, so a long text costs no more than a name. */
static void test_long_is_never_near(void **state)
{
	(void)state;
	char a[200], b[200];
	memset(a, 'x', 128);
	a[128] = 0;
	memcpy(b, a, sizeof a);
	assert_int_equal(tsdb_distance(a, b), 0);
	b[127] = 'y';
	assert_int_equal(tsdb_distance(a, b), 1);
	a[128] = 'x';
	a[129] = 0;
	assert_int_equal(tsdb_distance(a, a), 99);
	assert_int_equal(tsdb_distance("x", a), 99);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_edits),
	    cmocka_unit_test(test_code_points),
	    cmocka_unit_test(test_long_is_never_near),
	};
	return cmocka_run_group_tests_name("distance", tests, NULL, NULL);
}
