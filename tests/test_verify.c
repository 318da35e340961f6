/* test_verify.c — the pieces of tsq verify: the normal form of text, the
 * numbers of a quote with the bounds their words give, one fact checked
 * against a document, and the conflict rule; each case worked by hand. */
#include "fixture.h"
#include "verify.h"

/* The numbers of s, normalised first, with their bounds. */
static struct ts_numbers numbers(const char *s)
{
	struct ts_numbers ns = {0};
	char *n = ts_quote_normal(s, strlen(s));
	assert_non_null(n);
	assert_int_equal(ts_quote_numbers(n, &ns), 0);
	free(n);
	return ns;
}

/* A number stated with no bound (ts_quote_numbers says -1). */
enum { UNBOUNDED = -1 };

/* Does s state v with bound q (UNBOUNDED: none)? */
static int states(const char *s, double v, int q)
{
	struct ts_numbers ns = numbers(s);
	int hit = 0;
	for (size_t i = 0; i < ns.n; i++)
		hit |= ns.v[i].value == v && ns.v[i].bound == q;
	free(ns.v);
	return hit;
}

/* Quotes, a number each states, and the bound its words give it. */
static const struct {
	const char *quote;
	double value;
	int bound;
} stated[] = {
    {"exceed 3.6 trillion yuan in 2024", 3.6e12, TSDB_Q_GT},
    {"exceed 3.6 trillion yuan in 2024", 2024, UNBOUNDED},
    {"R&D 3.6万亿元", 3.6e12, UNBOUNDED},
    {"36,000亿元", 3.6e12, UNBOUNDED},
    {"there are 463,000 high-tech enterprises", 463000, UNBOUNDED},
    {"广东规上工业企业7.1万家", 71000, UNBOUNDED},
    {"increased by 8.7% year-on-year", 8.7, UNBOUNDED},
    {"improved to 10th place", 10, UNBOUNDED},
    {"居全国第10位", 10, UNBOUNDED},
    {"数量均居全国第一", 1, UNBOUNDED},
    {"都居全国首位", 1, UNBOUNDED},
    {"ranking first in the world", 1, UNBOUNDED},
    {"amounting to 1.066 billion yuan", 1.066e9, UNBOUNDED},
    {"ＰＣＴ申请量１２，３４５件", 12345, UNBOUNDED},
    {"maintained double-digit growth rates", 10, TSDB_Q_GE},
    {"保持两位数增长", 10, TSDB_Q_GE},
    {"nearly one million yuan", 1e6, TSDB_Q_APPROX},
    {"上海五大未来产业方向", 5, UNBOUNDED},
    /* bound words */
    {"Over 2,400 platforms", 2400, TSDB_Q_GT},
    {"已超1.9万亿千瓦时", 1.9e12, TSDB_Q_GT},
    {"超过60%", 60, TSDB_Q_GT},
    {"约3万", 30000, TSDB_Q_APPROX},
    {"100家以上", 100, TSDB_Q_GE},
    {"at least 5 cities", 5, TSDB_Q_GE},
    {"不足10%", 10, TSDB_Q_LT},
    {"less than 3 years", 3, TSDB_Q_LT},
    {"不超过5%", 5, TSDB_Q_LE},
    {"no more than 5", 5, TSDB_Q_LE},
    {"300多家", 300, TSDB_Q_GT},
    /* a bound word not right before the number bounds nothing */
    {"more than doubled to 60", 60, UNBOUNDED},
};

static void test_normal_form(void **state)
{
	(void)state;
	char *n = ts_quote_normal("目前，广东 规上\n工业企业７.１万家。 “report\n  card.”",
	                    strlen("目前，广东 规上\n工业企业７.１万家。 “report\n  card.”"));
	assert_string_equal(n, "目前,广东规上工业企业7.1万家。\"report card.\"");
	free(n);
	/* U+0384 is a space and a combining acute under NFKC: the space goes,
	 * and the acute then composes with the z before it, in one call */
	n = ts_quote_normal("pz\xce\x84'7", 6);
	assert_string_equal(n, "p\xc5\xba'7");
	char *again = ts_quote_normal(n, strlen(n));
	assert_string_equal(again, n);
	free(again);
	free(n);
}

static void test_numbers_and_bounds(void **state)
{
	(void)state;
	for (size_t i = 0; i < countof(stated); i++)
		if (!states(stated[i].quote, stated[i].value, stated[i].bound))
			fail_msg("case %zu, \"%s\" does not state %.17g with bound %d", i, stated[i].quote,
			         stated[i].value, stated[i].bound);
}

/* Quotes from the document of test_one_fact, and one that is not in it. */
static const char *const quotes[] = {
    "ranking first in the world for nine consecutive years",
    "more than 60% of the global share",
    "In the first half of this year, production rose 34.3%.",
    "production rose 34.8%",
};

/* One fact checked against a document: its region (0: China, 1: Beijing),
 * period, value, qualifier and quote (an index of quotes; -1: none), and
 * the verdict and reason. */
static const struct {
	int region;
	tsdb_period period;
	double value;
	int q, quote, verdict, reason;
} facts[] = {
    {0, {20160101, 20161231}, 1, TSDB_Q_EQ, 0, TSDB_VERIFY_PASS, TSDB_VR_NONE},
    /* 2014 is outside the run of nine years to 2023 */
    {0, {20140101, 20141231}, 1, TSDB_Q_EQ, 0, TSDB_VERIFY_WARN, TSDB_VR_PERIOD},
    /* 2014: neither 2023 nor in its run */
    {0, {20140101, 20141231}, 60, TSDB_Q_GT, 1, TSDB_VERIFY_WARN, TSDB_VR_PERIOD},
    {0, {20230101, 20231231}, 60, TSDB_Q_EQ, 1, TSDB_VERIFY_FAIL, TSDB_VR_QUALIFIER},
    {0, {20230101, 20231231}, 6, TSDB_Q_GT, 1, TSDB_VERIFY_FAIL, TSDB_VR_VALUE},
    {0, {20240101, 20240630}, 34.3, TSDB_Q_EQ, 2, TSDB_VERIFY_PASS, TSDB_VR_NONE},
    {0, {20240101, 20240331}, 34.3, TSDB_Q_EQ, 2, TSDB_VERIFY_WARN, TSDB_VR_PERIOD},
    {1, {20240101, 20240630}, 34.3, TSDB_Q_EQ, 2, TSDB_VERIFY_WARN, TSDB_VR_REGION},
    {0, {20240101, 20240630}, 34.3, TSDB_Q_EQ, 3, TSDB_VERIFY_FAIL, TSDB_VR_QUOTE},
    {0, {20240101, 20240630}, 34.3, TSDB_Q_EQ, -1, TSDB_VERIFY_UNCHECKED, TSDB_VR_NO_QUOTE},
};

static void test_one_fact(void **state)
{
	(void)state;
	const char *text = "In 2023, China's production and sales of new energy vehicles accounted\n"
	                   " for more than 60% of the global share, ranking first in the world for nine\n"
	                   "consecutive years. In the first half of this year, production rose 34.3%.";
	struct ts_doc d = {1, ts_quote_normal(text, strlen(text)), 20240722, "r"};
	const tsdb_region regions[] = {
	    {.code = "CN", .name = "China", .name_zh = "中国", .aliases = ""},
	    {.code = "CN-BJ", .name = "Beijing Shi", .name_zh = "北京市", .aliases = ""}};
	for (size_t i = 0; i < countof(facts); i++) {
		tsdb_verification v;
		assert_int_equal(ts_verify(&regions[facts[i].region], facts[i].period, facts[i].value,
		                           facts[i].q, facts[i].quote < 0 ? NULL : quotes[facts[i].quote],
		                           &d, &v),
		                 0);
		if ((int)v.verdict != facts[i].verdict || (int)v.reason != facts[i].reason)
			fail_msg("case %zu: verdict %d, reason %d; not %d, %d", i, (int)v.verdict,
			         (int)v.reason, facts[i].verdict, facts[i].reason);
	}
	ts_doc_free(&d);
}

/* Two values with their qualifiers, and whether they agree. */
static const struct {
	double a;
	int qa;
	double b;
	int qb, agree;
} pairs[] = {
    {3.6e12, TSDB_Q_GT, 3.613e12, TSDB_Q_EQ, 1},
    {3.6e12, TSDB_Q_GT, 3.6e12, TSDB_Q_EQ, 0},
    {29000, TSDB_Q_APPROX, 28300, TSDB_Q_EQ, 1}, /* 2.4% */
    {29000, TSDB_Q_APPROX, 27000, TSDB_Q_EQ, 0}, /* 6.9% */
    {100, TSDB_Q_GE, 100, TSDB_Q_LE, 1},
    {100, TSDB_Q_GT, 100, TSDB_Q_LT, 0},
    {100, TSDB_Q_EQ, 101, TSDB_Q_EQ, 0},
    {-100, TSDB_Q_APPROX, -104, TSDB_Q_EQ, 1},
    {50, TSDB_Q_GT, 40, TSDB_Q_GT, 1},
};

static void test_conflict_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < countof(pairs); i++)
		if (!ts_values_agree(pairs[i].a, pairs[i].qa, pairs[i].b, pairs[i].qb) != !pairs[i].agree)
			fail_msg("case %zu: %.17g and %.17g %s", i, pairs[i].a, pairs[i].b,
			         pairs[i].agree ? "disagree" : "agree");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normal_form),  cmocka_unit_test(test_numbers_and_bounds),
	    cmocka_unit_test(test_one_fact),
	    cmocka_unit_test(test_conflict_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
