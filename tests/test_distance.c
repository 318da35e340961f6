/* test_distance.c — tsdb_distance, the edit distance behind every "did you mean". */
#include "fixture.h"

/* Two texts and the edits between them. A character beyond ASCII is one
 * edit, however many bytes it takes. */
static const struct {
	const char *a, *b;
	int edits;
} pairs[] = {
    {"gdp", "gdp", 0},
    {"", "", 0},
    {"", "rank", 4},
    {"rank", "", 4},
    {"Beijng", "Beijing", 1},   /* one left out */
    {"Beijiing", "Beijing", 1}, /* one too many */
    {"--form", "--from", 2},    /* a swap is two */
    {"kitten", "sitting", 3},
    {"sitting", "kitten", 3},
    {"北京", "北平", 1},
    {"北京市", "北京", 1},
    {"dümp", "dump", 1},
    {"广东省", "Guangdong", 9},
};

static void test_edits(void **state)
{
	(void)state;
	for (size_t i = 0; i < countof(pairs); i++)
		if (tsdb_distance(pairs[i].a, pairs[i].b) != pairs[i].edits)
			fail_msg("case %zu, \"%s\" to \"%s\": %d edits, not %d", i, pairs[i].a,
			         pairs[i].b, tsdb_distance(pairs[i].a, pairs[i].b), pairs[i].edits);
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
	    cmocka_unit_test(test_edits),
	    cmocka_unit_test(test_long_is_never_near),
	};
	return cmocka_run_group_tests_name("distance", tests, NULL, NULL);
}
