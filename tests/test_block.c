/* test_block.c — series blocks (tsdb/block.c): every entry comes back exactly
 * as it went in, whatever its period, value, provenance and tail, and a
 * block that is cut short or damaged is refused, never misread. */
#include <math.h>

#include "fixture.h"
#include "internal.h"

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

/* A value of one of the kinds a block codes differently. */
static double random_value(uint64_t *x, double prev)
{
	switch (rnd(x) % 9) {
	case 0: return (double)(int64_t)(rnd(x) % 2000000000000ull) - 1e12; /* integers */
	case 1: return (double)(rnd(x) % 100000) / 100;                    /* two decimals */
	case 2: return prev * 1.08;                                        /* anything */
	case 3: return -0.0;
	case 4: return 0.1 + 0.2;
	case 5: return 1e300 * (double)(rnd(x) % 7);
	case 6: return 5e-324;
	case 7: return prev;
	default: return (double)(rnd(x) % 1000) / 1000000;
	}
}

static void random_entries(uint64_t *x, struct ts_entry *e, size_t n, char tails[][16])
{
	uint32_t y = 1990 + (uint32_t)(rnd(x) % 30);
	double v = 1234.5;
	for (size_t i = 0; i < n; i++, y++) {
		struct ts_entry *t = &e[i];
		memset(t, 0, sizeof *t);
		switch (rnd(x) % 4) {
		case 0: /* a year, after the last: the common case */
		case 1:
			t->start = y * 10000 + 101;
			t->end = y * 10000 + 1231;
			break;
		case 2: /* a quarter of the year */
			t->start = y * 10000 + 401;
			t->end = y * 10000 + 630;
			break;
		default: /* days: one to forty */
			t->start = y * 10000 + 215;
			t->end = t->start + (uint32_t)(rnd(x) % 10);
			break;
		}
		v = random_value(x, v);
		ts_put_double(t->rec, v);
		t->rec[8] = (unsigned char)(rnd(x) % 6);
		t->rec[9] = (unsigned char)(rnd(x) % 5);
		t->rec[10] = (unsigned char)(rnd(x) % 2);
		ts_put32(t->rec + 12, rnd(x) % 3 ? 20250630 : 20240101 + (uint32_t)(rnd(x) % 28));
		ts_put32(t->rec + 16, (uint32_t)(rnd(x) % 3));
		if (rnd(x) % 5 == 0) {
			/* the note's NUL too, which snprintf does not write */
			memset(tails[i], 0, 16);
			snprintf(tails[i], 16, "q%u", (unsigned)(i % 1000));
			t->tail = tails[i];
			t->tail_len = strlen(tails[i]) + 2; /* "qN\0\0": quote, empty note */
		}
	}
}

static void same_entry(const struct ts_entry *a, const struct ts_entry *b)
{
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->end, b->end);
	assert_memory_equal(a->rec, b->rec, TS_OBS_SIZE);
	assert_int_equal(a->tail_len, b->tail_len);
	if (a->tail_len)
		assert_memory_equal(a->tail, b->tail, a->tail_len);
}

static void test_round_trip(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct ts_entry e[200], *d = NULL;
	char tails[200][16];
	unsigned char *buf = NULL;
	size_t cap = 0, dcap = 0, len, taken, n;
	(void)state;
	for (int trial = 0; trial < 500; trial++) {
		size_t want = 1 + rnd(&x) % 200;
		random_entries(&x, e, want, tails);
		for (size_t i = 0; i < want; i += taken) {
			assert_int_equal(ts_block_encode(&e[i], want - i, &buf, &cap, &len, &taken), 0);
			assert_true(taken >= 1 && taken <= TS_BLOCK_ENTRIES);
			assert_int_equal(ts_block_decode(buf, len, &d, &n, &dcap), 0);
			assert_int_equal(n, taken);
			for (size_t k = 0; k < n; k++)
				same_entry(&e[i + k], &d[k]);
		}
	}
	free(buf);
	free(d);
}

/* A regular annual series of one source costs a few bytes a year. */
static void test_regular_series_is_small(void **state)
{
	struct ts_entry e[30];
	unsigned char *buf = NULL;
	size_t cap = 0, len, taken;
	(void)state;
	memset(e, 0, sizeof e);
	for (int i = 0; i < 30; i++) {
		e[i].start = (uint32_t)(1995 + i) * 10000 + 101;
		e[i].end = (uint32_t)(1995 + i) * 10000 + 1231;
		ts_put_double(e[i].rec, 4713.47 * pow(1.08, i));
		ts_put_double(e[i].rec, round(ts_get_double(e[i].rec) * 100) / 100);
		ts_put32(e[i].rec + 12, 20250630);
		ts_put32(e[i].rec + 16, 1);
	}
	assert_int_equal(ts_block_encode(e, 30, &buf, &cap, &len, &taken), 0);
	assert_int_equal(taken, 30);
	assert_true(len <= 30 * 5);
	free(buf);
}

/* Every prefix of a block, and every block with one byte changed, is
 * either refused or read as some block: never read past its end. */
static void test_damage_refused(void **state)
{
	uint64_t x = 42;
	struct ts_entry e[40], *d = NULL;
	char tails[40][16];
	unsigned char *buf = NULL, *copy;
	size_t cap = 0, dcap = 0, len, taken, n;
	(void)state;
	random_entries(&x, e, 40, tails);
	assert_int_equal(ts_block_encode(e, 40, &buf, &cap, &len, &taken), 0);
	for (size_t cut = 0; cut < len; cut++) {
		copy = malloc(cut ? cut : 1); /* exactly cut bytes: the sanitizers see any overread */
		memcpy(copy, buf, cut);
		assert_int_equal(ts_block_decode(copy, cut, &d, &n, &dcap), TSDB_ECORRUPT);
		free(copy);
	}
	for (size_t at = 0; at < len; at++)
		for (int bit = 0; bit < 8; bit++) {
			copy = malloc(len);
			memcpy(copy, buf, len);
			copy[at] ^= (unsigned char)(1u << bit);
			int rc = ts_block_decode(copy, len, &d, &n, &dcap);
			assert_true(rc == 0 || rc == TSDB_ECORRUPT);
			free(copy);
		}
	/* the reserved bits of a head byte */
	copy = malloc(len);
	memcpy(copy, buf, len);
	copy[1] |= 0x40;
	assert_int_equal(ts_block_decode(copy, len, &d, &n, &dcap), TSDB_ECORRUPT);
	free(copy);
	free(buf);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_regular_series_is_small),
	    cmocka_unit_test(test_damage_refused),
	};
	return cmocka_run_group_tests_name("block", tests, NULL, NULL);
}
