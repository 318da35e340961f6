/* test_period.c — parsing, formatting and ordering of periods. */
#include "fixture.h"

/* Periods in every form: the days each covers, how it is written back, and
 * its frequency. A span that covers exactly a quarter, half or year is that
 * period. */
static const struct {
	const char *text;
	uint32_t start, end;
	const char *canonical;
	int freq;
} every[] = {
    {"2024", 20240101, 20241231, "2024", TSDB_FREQ_YEAR},
    {"2024-H1", 20240101, 20240630, "2024-H1", TSDB_FREQ_HALF},
    {"2024-H2", 20240701, 20241231, "2024-H2", TSDB_FREQ_HALF},
    {"2024-S1", 20240101, 20240630, "2024-H1", TSDB_FREQ_HALF},
    {"2024-s2", 20240701, 20241231, "2024-H2", TSDB_FREQ_HALF},
    {"2024-Q1", 20240101, 20240331, "2024-Q1", TSDB_FREQ_QUARTER},
    {"2024-Q2", 20240401, 20240630, "2024-Q2", TSDB_FREQ_QUARTER},
    {"2024-q4", 20241001, 20241231, "2024-Q4", TSDB_FREQ_QUARTER},
    {"2024-05", 20240501, 20240531, "2024-05", TSDB_FREQ_MONTH},
    {"2024-02", 20240201, 20240229, "2024-02", TSDB_FREQ_MONTH},
    {"2023-02", 20230201, 20230228, "2023-02", TSDB_FREQ_MONTH},
    {"2024-06-30", 20240630, 20240630, "2024-06-30", TSDB_FREQ_DAY},
    {"2024-02-29", 20240229, 20240229, "2024-02-29", TSDB_FREQ_DAY},
    {"2024-01/2024-05", 20240101, 20240531, "2024-01/2024-05", TSDB_FREQ_SPAN},
    {"2021/2025", 20210101, 20251231, "2021/2025", TSDB_FREQ_SPAN},
    {"2024-01-15/2024-02-10", 20240115, 20240210, "2024-01-15/2024-02-10", TSDB_FREQ_SPAN},
    {"2023-11/2024-02", 20231101, 20240229, "2023-11/2024-02", TSDB_FREQ_SPAN},
    {"0001", 10101, 11231, "0001", TSDB_FREQ_YEAR},
    {"9999-12-31", 99991231, 99991231, "9999-12-31", TSDB_FREQ_DAY},
    /* equal spellings */
    {"2024-01/2024-03", 20240101, 20240331, "2024-Q1", TSDB_FREQ_QUARTER},
    {"2024-01/2024-06", 20240101, 20240630, "2024-H1", TSDB_FREQ_HALF},
    {"2024/2024", 20240101, 20241231, "2024", TSDB_FREQ_YEAR},
    {"2024-01-01/2024-12-31", 20240101, 20241231, "2024", TSDB_FREQ_YEAR},
    {"2024-06-30/2024-06-30", 20240630, 20240630, "2024-06-30", TSDB_FREQ_DAY},
};

static void test_every_form(void **state)
{
	(void)state;
	for (size_t i = 0; i < countof(every); i++) {
		tsdb_period p = fixture_period(every[i].text);
		char buf[TSDB_PERIOD_MAX];
		tsdb_period_format(p, buf);
		if (p.start != every[i].start || p.end != every[i].end ||
		    strcmp(buf, every[i].canonical) || (int)tsdb_period_freq(p) != every[i].freq)
			fail_msg("case %zu, %s: %u-%u, %s, frequency %d", i, every[i].text, p.start, p.end,
			         buf, (int)tsdb_period_freq(p));
	}
}

/* Texts that are not periods, and what the message says. */
struct refusal {
	const char *text, *message;
};

/* Each of the n texts of c is refused, its message saying its words. */
static void refused(const struct refusal *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tsdb_period p;
		tsdb_error err = {0};
		int rc = tsdb_period_parse(c[i].text, (size_t)-1, &p, &err);
		if (rc != TSDB_EINVAL || err.code != TSDB_EINVAL || !strstr(err.text, c[i].message))
			fail_msg("case %zu, %s: status %d, \"%s\" does not say \"%s\"", i, c[i].text, rc,
			         err.text, c[i].message);
	}
}

static const struct refusal invalid[] = {
    {"2024-13", "month must be 01-12"},
    {"2024-00", "month must be 01-12"},
    {"2024-Q5", "quarter must be Q1-Q4"},
    {"2024-Q0", "quarter must be Q1-Q4"},
    {"2024-H3", "half must be H1 or H2"},
    {"2025/2021", "ends before it starts"},
    {"2024-05/2024-01", "ends before it starts"},
    {"24", "four-digit year"},
    {"20245", "four-digit year"},
    {"", "empty"},
    {"2024-", "expected"},
    {"2024-5", "expected"},
    {"2024-02-30", "day must be 01-29"},
    {"2023-02-29", "day must be 01-28"},
    {"2024-04-31", "day must be 01-30"},
    {"2024-06-00", "day must be 01-30"},
    {"0000", "year must be 0001-9999"},
    {" 2024", "four-digit year"},
    {"2024 ", "four-digit year"},
    {"2024/", "empty"},
    {"/2024", "empty"},
    {"2024/2025/2026", "four-digit year"},
    {"abcd", "four-digit year"},
    {"2024-Q", "expected"},
    {"2024-W01", "expected"},
    /* as reports write them: no year, two meanings, or not a period, each
     * saying which and showing the forms accepted */
    {"1-5月", "has no year"},
    {"第一季度", "has no year"},
    {"上半年", "has no year"},
    {"6月末", "has no year"},
    {"FY2024", "could mean two things"},
    {"2024/25", "could mean two things"},
    {"2024/6", "could mean two things"},
    {"2024年13月", "month must be 01-12"},
    {"2024年五季度", "quarter must be Q1-Q4"},
    {"2024年2月30日", "day must be 01-29"},
    {"2025-2021", "ends before it starts"},
    {"2024年5-1月", "ends before it starts"},
    {"北京", "not a period"},
    {"二十五五", "not a period"},
    {"1-5月", "accepted: 2024, 2024年"},
    {"FY2024", "十四五"},
};

static void test_invalid_forms(void **state)
{
	(void)state;
	refused(invalid, countof(invalid));
}

static void test_nul_byte(void **state)
{
	(void)state;
	tsdb_period p;
	tsdb_error err = {0};
	assert_int_equal(tsdb_period_parse("2024\0-05", 8, &p, &err), TSDB_EINVAL);
}

static void test_order(void **state)
{
	(void)state;
	/* periods sort by start, then end: several frequencies in one series */
	const char *in_order[] = {"2023", "2023-12-31", "2024-01", "2024-01/2024-02", "2024-Q1",
	                          "2024-01/2024-04", "2024-01/2024-05", "2024-H1", "2024",
	                          "2024/2026", "2024-02", "2024-06-30", "2024-07"};
	size_t n = sizeof in_order / sizeof *in_order;
	for (size_t i = 0; i + 1 < n; i++) {
		tsdb_period a = fixture_period(in_order[i]), b = fixture_period(in_order[i + 1]);
		if (tsdb_period_cmp(a, b) >= 0)
			fail_msg("%s should sort before %s", in_order[i], in_order[i + 1]);
		assert_true(tsdb_period_cmp(b, a) > 0);
	}
	assert_int_equal(tsdb_period_cmp(fixture_period("2024-Q1"), fixture_period("2024-01/2024-03")), 0);
}

static void test_dates(void **state)
{
	(void)state;
	uint32_t d;
	char buf[11];
	tsdb_error err = {0};
	assert_int_equal(tsdb_date_parse("2024-07-22", (size_t)-1, &d, &err), 0);
	assert_int_equal(d, 20240722);
	tsdb_date_format(d, buf);
	assert_string_equal(buf, "2024-07-22");
	tsdb_date_format(0, buf);
	assert_string_equal(buf, "");
	assert_int_equal(tsdb_date_parse("2024-07", (size_t)-1, &d, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "YYYY-MM-DD"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_date_parse("2024-07-32", (size_t)-1, &d, &err), TSDB_EINVAL);
	/* any spelling of a day, as --as-of takes it */
	assert_int_equal(tsdb_date_parse("2024年6月30日", (size_t)-1, &d, NULL), 0);
	assert_int_equal(d, 20240630);
	assert_int_equal(tsdb_date_parse("2024年末", (size_t)-1, &d, NULL), 0);
	assert_int_equal(d, 20241231);
	assert_int_equal(tsdb_date_parse("2024/6/30", (size_t)-1, &d, NULL), 0);
	assert_int_equal(d, 20240630);
	assert_int_equal(tsdb_date_parse("2024年6月", (size_t)-1, &d, NULL), TSDB_EINVAL);
}

/* Every spelling of the list, as reports write them. */
static void test_report_spellings(void **state)
{
	(void)state;
	const struct {
		const char *text, *canonical;
	} forms[] = {
	    {"2024年", "2024"},
	    {"二〇二四年", "2024"},
	    {"２０２４年", "2024"},
	    {"2024年度", "2024"},
	    {"2024年上半年", "2024-H1"},
	    {"2024H1", "2024-H1"},
	    {"2024h2", "2024-H2"},
	    {"2024-S1", "2024-H1"},
	    {"2024年下半年", "2024-H2"},
	    {"2024年一季度", "2024-Q1"},
	    {"2024年第一季度", "2024-Q1"},
	    {"2024年第1季度", "2024-Q1"},
	    {"2024年四季度", "2024-Q4"},
	    {"2024Q1", "2024-Q1"},
	    {"2024q1", "2024-Q1"},
	    {"2024年前三季度", "2024-01/2024-09"},
	    {"2024年1-5月", "2024-01/2024-05"},
	    {"2024年1–5月", "2024-01/2024-05"},
	    {"2024年1—5月", "2024-01/2024-05"},
	    {"2024年1~5月", "2024-01/2024-05"},
	    {"2024年1～5月", "2024-01/2024-05"},
	    {"2024年1至5月", "2024-01/2024-05"},
	    {"2024年1到5月", "2024-01/2024-05"},
	    {"2024年1月至5月", "2024-01/2024-05"},
	    {"2024年1月至2024年5月", "2024-01/2024-05"},
	    {"2024年1-12月", "2024"},
	    {"2024年1-6月", "2024-H1"},
	    {"2024年1月", "2024-01"},
	    {"2024年十二月", "2024-12"},
	    {"2024年十月", "2024-10"},
	    {"2024年末", "2024-12-31"},
	    {"2024年底", "2024-12-31"},
	    {"2024年6月末", "2024-06-30"},
	    {"2024年2月底", "2024-02-29"},
	    {"2024年6月30日", "2024-06-30"},
	    {"2024-6-30", "2024-06-30"},
	    {"2024/6/30", "2024-06-30"},
	    {"2024.6.30", "2024-06-30"},
	    {"2024-05-1", "2024-05-01"},
	    {"十四五", "2021/2025"},
	    {"“十四五”", "2021/2025"},
	    {"“十四五”时期", "2021/2025"},
	    {"十四五规划", "2021/2025"},
	    {"六五", "1981/1985"},
	    {"七五", "1986/1990"},
	    {"八五", "1991/1995"},
	    {"九五", "1996/2000"},
	    {"十五", "2001/2005"},
	    {"十一五", "2006/2010"},
	    {"十二五", "2011/2015"},
	    {"十三五", "2016/2020"},
	    {"十五五", "2026/2030"},
	    {"2021-2025", "2021/2025"},
	    {"2021—2025年", "2021/2025"},
	    {"2021年-2025年", "2021/2025"},
	};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		char buf[TSDB_PERIOD_MAX];
		tsdb_period_format(fixture_period(forms[i].text), buf);
		if (strcmp(buf, forms[i].canonical))
			fail_msg("%s: %s, expected %s", forms[i].text, buf, forms[i].canonical);
	}
}

/* The quoted text is never cut inside a character. */
static void test_quote_not_cut(void **state)
{
	(void)state;
	tsdb_period p;
	tsdb_error err = {0};
	const char *long_text = "二〇二四年第一季度至二〇二四年第三季度再到二〇二五年"; /* 78 bytes */
	assert_int_equal(tsdb_period_parse(long_text, (size_t)-1, &p, &err), TSDB_EINVAL);
	const char *q = strchr(err.text, '"') + 1;
	size_t n = (size_t)(strchr(q, '"') - q);
	assert_true(n <= 40 && n > 0);
	assert_memory_equal(q, long_text, n); /* whole characters: a prefix of the text */
	assert_int_equal(n % 3, 0);
}

/* A period made by hand (or read from a damaged store) with no real month is a span, and
 * nothing reads outside the month table (a month 0 read before it: ASan in make sanitize). */
static void test_not_a_month(void **state)
{
	(void)state;
	tsdb_period p = {20240001, 20240031}, q = {20240101, 20241331}, r = {20240100, 20240131};
	char buf[TSDB_PERIOD_MAX];
	assert_int_equal(tsdb_period_freq(p), TSDB_FREQ_SPAN);
	assert_int_equal(tsdb_period_freq(q), TSDB_FREQ_SPAN);
	assert_int_equal(tsdb_period_freq(r), TSDB_FREQ_SPAN);
	tsdb_period_format(p, buf);
	tsdb_period_format(q, buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_form),
	    cmocka_unit_test(test_invalid_forms), cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_order),         cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_report_spellings), cmocka_unit_test(test_quote_not_cut),
	    cmocka_unit_test(test_not_a_month),
	};
	return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
