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

/* Does s state v with bound q (-1: none)? */
static int states(const char *s, double v, int q)
{
	struct ts_numbers ns = numbers(s);
	int hit = 0;
	for (size_t i = 0; i < ns.n; i++)
		hit |= ns.v[i].value == v && ns.v[i].bound == q;
	free(ns.v);
	return hit;
}

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

static void test_number_forms(void **state)
{
	(void)state;
	assert_true(states("exceed 3.6 trillion yuan in 2024", 3.6e12, TSDB_Q_GT));
	assert_true(states("exceed 3.6 trillion yuan in 2024", 2024, -1));
	assert_true(states("R&D 3.6万亿元", 3.6e12, -1));
	assert_true(states("36,000亿元", 3.6e12, -1));
	assert_true(states("there are 463,000 high-tech enterprises", 463000, -1));
	assert_true(states("广东规上工业企业7.1万家", 71000, -1));
	assert_true(states("increased by 8.7% year-on-year", 8.7, -1));
	assert_true(states("improved to 10th place", 10, -1));
	assert_true(states("居全国第10位", 10, -1));
	assert_true(states("数量均居全国第一", 1, -1));
	assert_true(states("都居全国首位", 1, -1));
	assert_true(states("ranking first in the world", 1, -1));
	assert_true(states("amounting to 1.066 billion yuan", 1.066e9, -1));
	assert_true(states("ＰＣＴ申请量１２，３４５件", 12345, -1));
	assert_true(states("maintained double-digit growth rates", 10, TSDB_Q_GE));
	assert_true(states("保持两位数增长", 10, TSDB_Q_GE));
	assert_true(states("nearly one million yuan", 1e6, TSDB_Q_APPROX));
	assert_true(states("上海五大未来产业方向", 5, -1));
}

static void test_bound_words(void **state)
{
	(void)state;
	assert_true(states("Over 2,400 platforms", 2400, TSDB_Q_GT));
	assert_true(states("已超1.9万亿千瓦时", 1.9e12, TSDB_Q_GT));
	assert_true(states("超过60%", 60, TSDB_Q_GT));
	assert_true(states("约3万", 30000, TSDB_Q_APPROX));
	assert_true(states("100家以上", 100, TSDB_Q_GE));
	assert_true(states("at least 5 cities", 5, TSDB_Q_GE));
	assert_true(states("不足10%", 10, TSDB_Q_LT));
	assert_true(states("less than 3 years", 3, TSDB_Q_LT));
	assert_true(states("不超过5%", 5, TSDB_Q_LE));
	assert_true(states("no more than 5", 5, TSDB_Q_LE));
	assert_true(states("300多家", 300, TSDB_Q_GT));
	/* a bound word not right before the number bounds nothing */
	assert_true(states("more than doubled to 60", 60, -1));
}

static void test_one_fact(void **state)
{
	(void)state;
	const char *text = "In 2023, China's production and sales of new energy vehicles accounted\n"
	                   " for more than 60% of the global share, ranking first in the world for nine\n"
	                   "consecutive years. In the first half of this year, production rose 34.3%.";
	struct ts_doc d = {1, ts_quote_normal(text, strlen(text)), 20240722, "r"};
	tsdb_region cn = {.code = "CN", .name = "China", .name_zh = "中国", .aliases = ""};
	tsdb_region bj = {.code = "CN-BJ", .name = "Beijing Shi", .name_zh = "北京市", .aliases = ""};
	tsdb_period y2016 = {20160101, 20161231}, h1 = {20240101, 20240630}, q1 = {20240101, 20240331};
	tsdb_verification v;
	const char *q = "ranking first in the world for nine consecutive years";
	assert_int_equal(ts_verify(&cn, y2016, 1, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.verdict, TSDB_VERIFY_PASS);
	/* 2014 is outside the run of nine years to 2023 */
	tsdb_period y2014 = {20140101, 20141231};
	assert_int_equal(ts_verify(&cn, y2014, 1, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_PERIOD);
	q = "more than 60% of the global share";
	assert_int_equal(ts_verify(&cn, y2014, 60, TSDB_Q_GT, q, &d, &v), 0);
	assert_int_equal(v.verdict, TSDB_VERIFY_WARN); /* 2014: neither 2023 nor in its run */
	assert_int_equal(ts_verify(&cn, (tsdb_period){20230101, 20231231}, 60, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_QUALIFIER);
	assert_int_equal(ts_verify(&cn, (tsdb_period){20230101, 20231231}, 6, TSDB_Q_GT, q, &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_VALUE);
	q = "In the first half of this year, production rose 34.3%.";
	assert_int_equal(ts_verify(&cn, h1, 34.3, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.verdict, TSDB_VERIFY_PASS);
	assert_int_equal(ts_verify(&cn, q1, 34.3, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_PERIOD);
	assert_int_equal(ts_verify(&bj, h1, 34.3, TSDB_Q_EQ, q, &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_REGION);
	assert_int_equal(ts_verify(&cn, h1, 34.3, TSDB_Q_EQ, "production rose 34.8%", &d, &v), 0);
	assert_int_equal(v.reason, TSDB_VR_QUOTE);
	assert_int_equal(ts_verify(&cn, h1, 34.3, TSDB_Q_EQ, NULL, &d, &v), 0);
	assert_int_equal(v.verdict, TSDB_VERIFY_UNCHECKED);
	ts_doc_free(&d);
}

static void test_conflict_rule(void **state)
{
	(void)state;
	assert_true(ts_values_agree(3.6e12, TSDB_Q_GT, 3.613e12, TSDB_Q_EQ));
	assert_false(ts_values_agree(3.6e12, TSDB_Q_GT, 3.6e12, TSDB_Q_EQ));
	assert_true(ts_values_agree(29000, TSDB_Q_APPROX, 28300, TSDB_Q_EQ));  /* 2.4% */
	assert_false(ts_values_agree(29000, TSDB_Q_APPROX, 27000, TSDB_Q_EQ)); /* 6.9% */
	assert_true(ts_values_agree(100, TSDB_Q_GE, 100, TSDB_Q_LE));
	assert_false(ts_values_agree(100, TSDB_Q_GT, 100, TSDB_Q_LT));
	assert_false(ts_values_agree(100, TSDB_Q_EQ, 101, TSDB_Q_EQ));
	assert_true(ts_values_agree(-100, TSDB_Q_APPROX, -104, TSDB_Q_EQ));
	assert_true(ts_values_agree(50, TSDB_Q_GT, 40, TSDB_Q_GT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normal_form),  cmocka_unit_test(test_number_forms),
	    cmocka_unit_test(test_bound_words),  cmocka_unit_test(test_one_fact),
	    cmocka_unit_test(test_conflict_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
