/* test_key.c — key encoding: byte order is query order. */
#include "fixture.h"
#include "internal.h"

static uint32_t rnd(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return (uint32_t)(*x >> 11);
}

static tsdb_period random_period(uint64_t *x)
{
	static const char *const forms[] = {"%04u", "%04u-H%u", "%04u-Q%u", "%04u-%02u", "%04u-%02u-%02u", "%04u/%04u", "%04u-01/%04u-%02u"};
	char text[40];
	unsigned y = 1990 + rnd(x) % 40, f = rnd(x) % 7;
	switch (f) {
	case 0: snprintf(text, sizeof text, forms[0], y); break;
	case 1: snprintf(text, sizeof text, forms[1], y, 1 + rnd(x) % 2); break;
	case 2: snprintf(text, sizeof text, forms[2], y, 1 + rnd(x) % 4); break;
	case 3: snprintf(text, sizeof text, forms[3], y, 1 + rnd(x) % 12); break;
	case 4: snprintf(text, sizeof text, forms[4], y, 1 + rnd(x) % 12, 1 + rnd(x) % 28); break;
	case 5: snprintf(text, sizeof text, forms[5], y, y + rnd(x) % 6); break;
	default: snprintf(text, sizeof text, forms[6], y, y, 1 + rnd(x) % 12); break;
	}
	tsdb_period p;
	assert_int_equal(tsdb_period_parse(text, (size_t)-1, &p, NULL), 0);
	return p;
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_key_order_is_query_order(void **state)
{
	(void)state;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 200000; i++) {
		uint32_t ia = rnd(&x) % 4, ib = rnd(&x) % 4, ra = rnd(&x) % 300, rb = rnd(&x) % 300;
		tsdb_period pa = random_period(&x), pb = random_period(&x);
		unsigned char ka[TS_OBS_KEY], kb[TS_OBS_KEY];
		ts_obs_key(ka, ia, ra, pa);
		ts_obs_key(kb, ib, rb, pb);
		int want = ia != ib ? (ia < ib ? -1 : 1) : ra != rb ? (ra < rb ? -1 : 1) : tsdb_period_cmp(pa, pb);
		assert_int_equal(sign(memcmp(ka, kb, TS_OBS_KEY)), sign(want));
		assert_int_equal(tsdb_period_cmp(ts_key_period(ka), pa), 0);
	}
}

static void test_big_endian_layout(void **state)
{
	(void)state;
	unsigned char k[TS_OBS_KEY];
	tsdb_period p = {20240101, 20240531};
	ts_obs_key(k, 1, 0x01020304, p);
	static const unsigned char want[TS_OBS_KEY] = {0, 0, 0, 1, 1, 2, 3, 4, 0x01, 0x34, 0xd6, 0xe5, 0x01, 0x34, 0xd8, 0x93};
	assert_memory_equal(k, want, TS_OBS_KEY);
}

static void test_doubles(void **state)
{
	(void)state;
	unsigned char b[8];
	double vs[] = {0, -0.0, 1.066, -3.6e12, 5e-324, 1.7976931348623157e308};
	for (size_t i = 0; i < sizeof vs / sizeof *vs; i++) {
		ts_put_double(b, vs[i]);
		double back = ts_get_double(b);
		assert_memory_equal(&back, &vs[i], sizeof back);
	}
}

static void test_pack(void **state)
{
	(void)state;
	const char *in[4] = {"a", NULL, "", "北京"}, *out[6];
	size_t size;
	void *rec = ts_pack(in, 4, &size);
	assert_non_null(rec);
	assert_int_equal(size, 2 + 1 + 1 + 7);
	ts_unpack(rec, size, out, 6);
	assert_string_equal(out[0], "a");
	assert_string_equal(out[1], "");
	assert_string_equal(out[3], "北京");
	assert_string_equal(out[4], ""); /* fields beyond the record read as empty */
	assert_string_equal(out[5], "");
	ts_unpack(rec, size - 1, out, 4); /* a truncated last field is dropped */
	assert_string_equal(out[3], "");
	free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_order_is_query_order),
	    cmocka_unit_test(test_big_endian_layout),
	    cmocka_unit_test(test_doubles),
	    cmocka_unit_test(test_pack),
	};
	return cmocka_run_group_tests_name("key", tests, NULL, NULL);
}
