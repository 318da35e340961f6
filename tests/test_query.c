/* test_query.c — expressions, transforms, frequency conversion and
 * year-to-date de-accumulation, against values worked out by hand. */
#include <math.h>

#include "fixture.h"

/* ---- series built by hand ---- */
static tsdb_period per(const char *s)
{
	tsdb_period p;
	tsdb_error err = {0};
	if (tsdb_period_parse(s, (size_t)-1, &p, &err))
		fail_msg("period %s: %s", s, err.text);
	return p;
}

static void push(tsdb_series *s, const char *p, double v, int q)
{
	tsdb_sample x = {per(p), v, q, TSDB_STATUS_ACTUAL, "src", 0};
	assert_int_equal(tsdb_series_push(s, &x, NULL), 0);
}

static const tsdb_sample *at(const tsdb_series *s, const char *p)
{
	return tsdb_series_find(s, per(p));
}

static void test_period_arithmetic(void **state)
{
	tsdb_period p;
	char buf[TSDB_PERIOD_MAX];
	(void)state;
	assert_int_equal(tsdb_period_shift(per("2024-02"), -12, &p), 0);
	tsdb_period_format(p, buf);
	assert_string_equal(buf, "2023-02");
	assert_int_equal(p.end, 20230228);
	assert_int_equal(tsdb_period_shift(per("2024-01/2024-05"), -12, &p), 0);
	tsdb_period_format(p, buf);
	assert_string_equal(buf, "2023-01/2023-05");
	assert_int_equal(tsdb_period_shift(per("2024-06-30"), -12, &p), 0);
	assert_int_equal(p.start, 20230630);
	assert_int_equal(tsdb_period_prev(per("2024-Q1"), &p), 0);
	tsdb_period_format(p, buf);
	assert_string_equal(buf, "2023-Q4");
	assert_int_equal(tsdb_period_prev(per("2024-03-01"), &p), 0);
	assert_int_equal(p.start, 20240229);
	assert_int_equal(tsdb_period_prev(per("2021/2025"), &p), TSDB_EINVAL);
	assert_int_equal(tsdb_period_months(per("2024-H1")), 6);
	assert_int_equal(tsdb_period_months(per("2024-06-30")), 0);
	assert_int_equal(tsdb_period_shift(per("0001"), -12, &p), TSDB_EINVAL);
}

/* in through the transform spec, into out. */
static void transformed(const tsdb_series *in, const char *spec, tsdb_series *out)
{
	tsdb_transform t;
	assert_int_equal(tsdb_transform_parse(spec, &t, NULL), 0);
	assert_int_equal(tsdb_transform_apply(&t, in, NULL, out, NULL), 0);
}

static void test_yoy_edges(void **state)
{
	tsdb_series in = {0}, out = {0};
	(void)state;
	push(&in, "2019", 100, TSDB_Q_EQ);
	push(&in, "2020", 110, TSDB_Q_EQ);
	/* 2021 missing: 2022 has no year-ago value, 2021 no row at all */
	push(&in, "2022", 121, TSDB_Q_GT);
	push(&in, "2023", 0, TSDB_Q_EQ);
	push(&in, "2024", 50, TSDB_Q_EQ);
	transformed(&in, "yoy", &out);
	/* 2019: no 2018; 2022: no 2021; 2024: a zero base gives nothing */
	assert_int_equal(out.n, 2);
	assert_true(fabs(at(&out, "2020")->value - 10) < 1e-12);
	assert_true(at(&out, "2023")->value == -100);
	assert_null(at(&out, "2024"));
	/* diff keeps the lower bound: 121 is "more than", so 0 - >121 is "<" */
	transformed(&in, "diff", &out);
	assert_int_equal(out.n, 3); /* 2020, 2023, 2024 */
	assert_true(at(&out, "2023")->value == -121);
	assert_int_equal(at(&out, "2023")->qualifier, TSDB_Q_LT);
	assert_true(at(&out, "2024")->value == 50);
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

static void test_like_periods(void **state)
{
	tsdb_series in = {0}, out = {0};
	(void)state;
	/* January-May against January-May; Q2 against Q2, never against Q1 */
	push(&in, "2023-01/2023-05", 200, TSDB_Q_EQ);
	push(&in, "2023-Q2", 80, TSDB_Q_EQ);
	push(&in, "2024-Q1", 50, TSDB_Q_EQ);
	push(&in, "2024-01/2024-05", 250, TSDB_Q_EQ);
	push(&in, "2024-Q2", 100, TSDB_Q_EQ);
	transformed(&in, "yoy", &out);
	assert_int_equal(out.n, 2);
	assert_true(at(&out, "2024-01/2024-05")->value == 25);
	assert_true(at(&out, "2024-Q2")->value == 25);
	/* pop: Q2 after Q1; a span has no previous period */
	transformed(&in, "pop", &out);
	assert_int_equal(out.n, 1);
	assert_true(at(&out, "2024-Q2")->value == 100);
	/* pca: quarterly doubling is (2^4 - 1) * 100 a year */
	transformed(&in, "pca", &out);
	assert_true(fabs(at(&out, "2024-Q2")->value - 1500) < 1e-9);
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

static void test_index_share_cagr_log(void **state)
{
	tsdb_series in = {0}, ref = {0}, out = {0};
	tsdb_transform t;
	(void)state;
	push(&in, "2019", 80, TSDB_Q_EQ);
	push(&in, "2020", 100, TSDB_Q_EQ);
	push(&in, "2022", 121, TSDB_Q_APPROX);
	push(&ref, "2020", 400, TSDB_Q_EQ);
	push(&ref, "2022", 0, TSDB_Q_EQ);
	transformed(&in, "index:2020", &out);
	assert_true(at(&out, "2019")->value == 80);
	assert_true(at(&out, "2020")->value == 100);
	assert_int_equal(at(&out, "2022")->qualifier, TSDB_Q_APPROX);
	assert_int_equal(tsdb_transform_parse("share:CN", &t, NULL), 0);
	assert_string_equal(t.region, "CN");
	assert_int_equal(tsdb_transform_apply(&t, &in, &ref, &out, NULL), 0);
	assert_int_equal(out.n, 1); /* 2019: no parent value; 2022: parent is zero */
	assert_true(at(&out, "2020")->value == 25);
	/* 80 -> 121 over three years is 10 % a year... almost: (121/80)^(1/3) */
	transformed(&in, "cagr", &out);
	assert_int_equal(out.n, 1);
	assert_true(fabs(out.v[0].value - (pow(121.0 / 80, 1.0 / 3) - 1) * 100) < 1e-9);
	assert_int_equal(out.v[0].period.start, 20190101);
	assert_int_equal(out.v[0].period.end, 20221231);
	transformed(&in, "log", &out);
	assert_true(fabs(at(&out, "2020")->value - log(100)) < 1e-12);
	tsdb_series_free(&in);
	tsdb_series_free(&ref);
	tsdb_series_free(&out);
}

static void test_transform_errors(void **state)
{
	tsdb_transform t;
	tsdb_error err = {0};
	(void)state;
	assert_int_equal(tsdb_transform_parse("growth", &t, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "unknown transform \"growth\""));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_transform_parse("index", &t, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "index:2019"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_transform_parse("index:2024-13", &t, &err), TSDB_EINVAL);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_transform_parse("yoy:3", &t, &err), TSDB_EINVAL);
}

static void test_rank_ties(void **state)
{
	tsdb_series s[4] = {{0}};
	(void)state;
	push(&s[0], "2024", 5, TSDB_Q_EQ);
	push(&s[1], "2024", 9, TSDB_Q_EQ);
	push(&s[2], "2024", 5, TSDB_Q_APPROX);
	push(&s[3], "2024", 1, TSDB_Q_EQ);
	push(&s[3], "2025", 1, TSDB_Q_EQ);
	assert_int_equal(tsdb_series_rank(s, 4, NULL), 0);
	assert_true(s[1].v[0].value == 1);
	assert_true(s[0].v[0].value == 2);
	assert_true(s[2].v[0].value == 2);
	assert_int_equal(s[2].v[0].qualifier, TSDB_Q_APPROX);
	assert_true(s[3].v[0].value == 4);
	assert_true(s[3].v[1].value == 1);
	for (int i = 0; i < 4; i++)
		tsdb_series_free(&s[i]);
}

static void test_convert(void **state)
{
	tsdb_series in = {0}, out = {0};
	tsdb_error err = {0};
	(void)state;
	/* 2023: four quarters; 2024: three only; plus an annual value for 2022 */
	push(&in, "2022", 1000, TSDB_Q_EQ);
	push(&in, "2023-Q1", 1, TSDB_Q_EQ);
	push(&in, "2023-Q2", 2, TSDB_Q_GE);
	push(&in, "2023-Q3", 3, TSDB_Q_EQ);
	push(&in, "2023-Q4", 4, TSDB_Q_EQ);
	push(&in, "2024-Q1", 5, TSDB_Q_EQ);
	push(&in, "2024-Q2", 6, TSDB_Q_EQ);
	push(&in, "2024-Q3", 7, TSDB_Q_EQ);
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_FLOW, TSDB_FREQ_YEAR, &out, NULL), 0);
	assert_int_equal(out.n, 2); /* 2024 is partial: missing, never 18 */
	assert_true(at(&out, "2022")->value == 1000);
	assert_true(at(&out, "2023")->value == 10);
	assert_int_equal(at(&out, "2023")->qualifier, TSDB_Q_GE);
	assert_null(at(&out, "2024"));
	/* halves of a flow: H1 2024 complete */
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_FLOW, TSDB_FREQ_HALF, &out, NULL), 0);
	assert_true(at(&out, "2024-H1")->value == 11);
	assert_null(at(&out, "2024-H2"));
	/* a stock takes the period-end value: Q4 for the year, none for 2024 */
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_STOCK, TSDB_FREQ_YEAR, &out, NULL), 0);
	assert_true(at(&out, "2023")->value == 4);
	assert_null(at(&out, "2024"));
	/* a rate is never summed */
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_RATE, TSDB_FREQ_YEAR, &out, &err),
	                 TSDB_EINVAL);
	assert_non_null(strstr(err.text, "never summed"));
	/* annual values cannot become quarters */
	tsdb_series_free(&in);
	push(&in, "2022", 1000, TSDB_Q_EQ);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_FLOW, TSDB_FREQ_QUARTER, &out, &err),
	                 TSDB_EINVAL);
	assert_non_null(strstr(err.text, "annual values cannot be split"));
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

struct notes {
	int n;
	char first[64];
};

static void note(tsdb_period p, const char *why, void *arg)
{
	struct notes *ns = arg;
	(void)why;
	if (!ns->n++)
		tsdb_period_format(p, ns->first);
}

static void test_discrete(void **state)
{
	tsdb_series in = {0}, out = {0};
	struct notes ns = {0};
	(void)state;
	/* January-February together, then monthly to May, June missing, then H1..year */
	push(&in, "2024-01/2024-02", 20, TSDB_Q_EQ);
	push(&in, "2024-Q1", 33, TSDB_Q_EQ);
	push(&in, "2024-01/2024-04", 47, TSDB_Q_EQ);
	push(&in, "2024-01/2024-05", 60, TSDB_Q_APPROX);
	push(&in, "2024-01/2024-07", 90, TSDB_Q_EQ);
	push(&in, "2024", 160, TSDB_Q_EQ);
	assert_int_equal(tsdb_series_discrete(&in, &out, note, &ns, NULL), 0);
	assert_int_equal(out.n, 6);
	assert_true(at(&out, "2024-01/2024-02")->value == 20);
	assert_true(at(&out, "2024-03")->value == 13);
	assert_true(at(&out, "2024-04")->value == 14);
	assert_true(at(&out, "2024-05")->value == 13);
	assert_int_equal(at(&out, "2024-05")->qualifier, TSDB_Q_APPROX);
	assert_true(at(&out, "2024-06/2024-07")->value == 30);
	assert_true(at(&out, "2024-08/2024-12")->value == 70);
	/* Jan-Feb, Jun-Jul and Aug-Dec could not be split to months */
	assert_int_equal(ns.n, 3);
	assert_string_equal(ns.first, "2024-01/2024-02");
	/* to quarters: Q1 is January-February and March; June-July crosses Q2's end */
	tsdb_series q = {0};
	assert_int_equal(tsdb_series_convert(&out, TSDB_KIND_FLOW, TSDB_FREQ_QUARTER, &q, NULL), 0);
	assert_true(at(&q, "2024-Q1")->value == 33);
	assert_null(at(&q, "2024-Q2"));
	tsdb_series_free(&q);
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

/* --freq from year-to-date values says which periods it could not take
 * from them: March, with no January-February; September, with only H1
 * before it (Q3 is derived, its months are not). */
static void test_convert_noted(void **state)
{
	tsdb_series in = {0}, out = {0};
	struct notes ns = {0};
	(void)state;
	push(&in, "2024-Q1", 100, TSDB_Q_EQ);
	push(&in, "2024-01/2024-04", 130, TSDB_Q_EQ);
	push(&in, "2024-H1", 250, TSDB_Q_EQ);
	push(&in, "2024-01/2024-09", 420, TSDB_Q_EQ);
	assert_int_equal(tsdb_series_convert_noted(&in, TSDB_KIND_FLOW, TSDB_FREQ_MONTH, &out, note,
	                                           &ns, NULL),
	                 0);
	assert_int_equal(out.n, 1);
	assert_true(at(&out, "2024-04")->value == 30);
	assert_int_equal(ns.n, 3); /* March, June (January-May missing), September */
	assert_string_equal(ns.first, "2024-03");
	/* quarters: all derived, nothing to say */
	ns = (struct notes){0};
	assert_int_equal(tsdb_series_convert_noted(&in, TSDB_KIND_FLOW, TSDB_FREQ_QUARTER, &out, note,
	                                           &ns, NULL),
	                 0);
	assert_int_equal(out.n, 3);
	assert_int_equal(ns.n, 0);
	/* no note function: the same series, as tsdb_series_convert gives */
	assert_int_equal(tsdb_series_convert_noted(&in, TSDB_KIND_FLOW, TSDB_FREQ_MONTH, &out, NULL,
	                                           NULL, NULL),
	                 0);
	assert_int_equal(out.n, 1);
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

/* ---- expressions, on a database ---- */
static int fill(tsdb_txn *t, void *arg, tsdb_error *err)
{
	static const tsdb_indicator inds[] = {
	    {"rd", "R&D", "", "CNY", TSDB_KIND_FLOW, "", 0, NULL},
	    {"gdp", "GDP", "", "CNY", TSDB_KIND_FLOW, "", 0, NULL},
	    {"firms", "Firms", "", "count", TSDB_KIND_STOCK, "", 0, NULL},
	    {"growth", "Growth", "", "percent", TSDB_KIND_RATE, "", 0, NULL},
	};
	static const struct {
		const char *ind, *reg, *per;
		double v;
		int q;
	} obs[] = {
	    {"rd", "CN-BJ", "2022", 250, TSDB_Q_GT}, {"gdp", "CN-BJ", "2022", 5000, TSDB_Q_EQ},
	    {"rd", "CN-BJ", "2023", 300, TSDB_Q_EQ}, {"gdp", "CN-BJ", "2023", 6000, TSDB_Q_LT},
	    {"rd", "CN-BJ", "2024", 310, TSDB_Q_EQ}, /* no gdp for 2024 */
	    {"gdp", "CN-BJ", "2021", 4000, TSDB_Q_EQ}, {"firms", "CN-BJ", "2023", 10, TSDB_Q_EQ},
	    {"rd", "CN-SH", "2023", 0, TSDB_Q_EQ},  {"gdp", "CN-SH", "2023", 0, TSDB_Q_EQ},
	    {"rd", "CN-TJ", "2023", 1, TSDB_Q_GT},  {"gdp", "CN-TJ", "2023", 2, TSDB_Q_LE},
	};
	int rc;
	(void)arg;
	if ((rc = tsdb_regions_builtin(t, err)))
		return rc;
	for (size_t i = 0; i < sizeof inds / sizeof *inds; i++)
		if ((rc = tsdb_indicator_put(t, &inds[i], err)))
			return rc;
	for (size_t i = 0; i < sizeof obs / sizeof *obs; i++) {
		tsdb_obs o = {obs[i].ind, obs[i].reg, per(obs[i].per), obs[i].v, obs[i].q, 0, 20250101,
		              NULL, NULL, NULL};
		if ((rc = tsdb_obs_put(t, &o, NULL, err)))
			return rc;
	}
	return 0;
}

static int setup_expr(void **state)
{
	struct fixture *f = fixture_open(NULL);
	tsdb_error err = {0};
	if (tsdb_update(f->db, fill, NULL, &err))
		fail_msg("fill: %s", err.text);
	*state = f;
	return 0;
}

static tsdb_expr *bound(tsdb_txn *t, const char *text)
{
	tsdb_expr *e;
	tsdb_error err = {0};
	if (tsdb_expr_parse(text, &e, &err) || tsdb_expr_bind(t, e, &err))
		fail_msg("%s: %s", text, err.text);
	return e;
}

/* text, bound, has the unit unit. */
static void unit_is(tsdb_txn *t, const char *text, const char *unit)
{
	tsdb_expr *e = bound(t, text);
	assert_string_equal(tsdb_expr_unit(e), unit);
	tsdb_expr_free(e);
}

static void test_expr_syntax(void **state)
{
	static const struct {
		const char *text;
		int column;
		const char *msg;
	} bad[] = {
	    {"", 1, "expected an indicator"},
	    {"rd /", 5, "expected an indicator"},
	    {"rd / gdp)", 9, "unbalanced ')'"},
	    {"(rd / gdp", 10, "expected ')'"},
	    {"rd gdp", 4, "expected an operator"},
	    {"rd / 3x", 7, "expected an operator after a number"},
	    {"100 * 2", 1, "at least one indicator"},
	    {"rd $ gdp", 4, "expected an operator"},
	    {"1e999 * rd", 1, "out of range"},
	    {"rd / a2345678901234567890123456789012345678901234567890123456789012345", 6,
	     "at most 64 bytes"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		tsdb_expr *e = NULL;
		tsdb_error err = {0};
		assert_int_equal(tsdb_expr_parse(bad[i].text, &e, &err), TSDB_EINVAL);
		assert_null(e);
		if (err.column != bad[i].column || !strstr(err.text, bad[i].msg))
			fail_msg("\"%s\": column %d, \"%s\"", bad[i].text, err.column, err.text);
	}
	/* more operators than an expression may hold */
	char big[2048] = "rd";
	for (int i = 0; i < 300; i++)
		strcat(big, " + 1");
	tsdb_expr *e = NULL;
	tsdb_error err = {0};
	assert_int_equal(tsdb_expr_parse(big, &e, &err), TSDB_EINVAL);
	assert_null(e);
	assert_non_null(strstr(err.text, "expression too long"));
	assert_int_equal(tsdb_expr_parse("-(rd + gdp) / 2 * -gdp.x_1", &e, NULL), 0);
	assert_int_equal(tsdb_expr_indicators(e), 3);
	assert_string_equal(tsdb_expr_indicator(e, 2), "gdp.x_1");
	tsdb_expr_free(e);
}

static void test_expr_units_and_kinds(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_expr *e;
	tsdb_error err = {0};
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	e = bound(t, "rd / gdp");
	assert_string_equal(tsdb_expr_unit(e), "ratio");
	assert_int_equal(tsdb_expr_kind(e), TSDB_KIND_RATE);
	tsdb_expr_free(e);
	/* a ratio of like units: times 100 a percentage, in any order; times
	 * 1000 per mille; a difference of percentages is percentage points */
	e = bound(t, "rd / gdp * 100");
	assert_string_equal(tsdb_expr_unit(e), "percent");
	assert_int_equal(tsdb_expr_kind(e), TSDB_KIND_RATE);
	tsdb_expr_free(e);
	unit_is(t, "100 * rd / gdp", "percent");
	unit_is(t, "rd * 10 / gdp * 10", "percent");
	unit_is(t, "rd / gdp * 1000", "per mille");
	unit_is(t, "rd / gdp * 100 - rd / gdp * 100", "pp");
	unit_is(t, "rd / gdp * 100 + 1", "percent");
	unit_is(t, "rd / gdp * 50", "ratio");
	unit_is(t, "rd * 100", "CNY");
	e = bound(t, "rd + gdp");
	assert_string_equal(tsdb_expr_unit(e), "CNY");
	assert_int_equal(tsdb_expr_kind(e), TSDB_KIND_FLOW);
	tsdb_expr_free(e);
	e = bound(t, "rd * 1e-4");
	assert_int_equal(tsdb_expr_kind(e), TSDB_KIND_FLOW);
	tsdb_expr_free(e);
	unit_is(t, "gdp / firms", "CNY/count");
	assert_int_equal(tsdb_expr_parse("rd + firms", &e, NULL), 0);
	assert_int_equal(tsdb_expr_bind(t, e, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "cannot add CNY and count"));
	assert_int_equal(err.column, 4);
	tsdb_expr_free(e);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_expr_parse("rd / gpd", &e, NULL), 0);
	assert_int_equal(tsdb_expr_bind(t, e, &err), TSDB_EUNKNOWN);
	if (!strstr(err.text, "did you mean gdp"))
		fail_msg("%s", err.text);
	tsdb_expr_free(e);
	tsdb_txn_abort(t);
}

static void test_expr_eval(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_expr *e;
	tsdb_series s = {0};
	tsdb_query q = {0};
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	e = bound(t, "rd / gdp * 100");
	q.region = "CN-BJ";
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	/* 2021 has no rd, 2024 no gdp: missing, never zero */
	assert_int_equal(s.n, 2);
	assert_true(at(&s, "2022")->value == 5);
	/* >250 / 5000: a lower bound */
	assert_int_equal(at(&s, "2022")->qualifier, TSDB_Q_GT);
	/* 300 / <6000: the divisor is an upper bound, so the quotient a lower one */
	assert_true(at(&s, "2023")->value == 5);
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_GT);
	/* division by zero is missing */
	q.region = "CN-SH";
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_int_equal(s.n, 0);
	tsdb_expr_free(e);
	e = bound(t, "gdp - rd");
	q.region = "CN-BJ";
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_int_equal(at(&s, "2022")->qualifier, TSDB_Q_LT);  /* 5000 - >250 */
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_LT);  /* <6000 - 300 */
	tsdb_expr_free(e);
	e = bound(t, "gdp + rd");
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_LT);
	assert_int_equal(at(&s, "2022")->qualifier, TSDB_Q_GT);
	tsdb_expr_free(e);
	/* a lower and an upper bound pushing apart give "~"; pushing together keep it */
	q.region = "CN-TJ";
	e = bound(t, "rd + gdp");
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_true(at(&s, "2023")->value == 3);
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_APPROX); /* >1 + <=2 */
	tsdb_expr_free(e);
	e = bound(t, "(rd - gdp) * -2");
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_true(at(&s, "2023")->value == 2);
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_LT); /* (>1 - <=2) * -2: strict, flipped */
	tsdb_expr_free(e);
	q.region = "CN-BJ";
	e = bound(t, "rd - gdp");
	assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
	assert_int_equal(at(&s, "2023")->qualifier, TSDB_Q_GT); /* 300 - <6000 */
	tsdb_expr_free(e);
	tsdb_series_free(&s);
	tsdb_txn_abort(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_period_arithmetic),
	    cmocka_unit_test(test_yoy_edges),
	    cmocka_unit_test(test_like_periods),
	    cmocka_unit_test(test_index_share_cagr_log),
	    cmocka_unit_test(test_transform_errors),
	    cmocka_unit_test(test_rank_ties),
	    cmocka_unit_test(test_convert),
	    cmocka_unit_test(test_convert_noted),
	    cmocka_unit_test(test_discrete),
	    cmocka_unit_test(test_expr_syntax),
	    cmocka_unit_test_setup_teardown(test_expr_units_and_kinds, setup_expr, teardown_db),
	    cmocka_unit_test_setup_teardown(test_expr_eval, setup_expr, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
