/* test_query.c — expressions, transforms, frequency conversion and
 * year-to-date de-accumulation, against values worked out by hand. */
#include <math.h>

#include "fixture.h"

/* ---- series built by hand ---- */

/* A sample of a series: its period, value and qualifier (-1: any, when it
 * is expected). */
struct pt {
	const char *period;
	double value;
	int q;
};

/* Appends the n points of p to s. */
static void push(tsdb_series *s, const struct pt *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tsdb_sample x = {fixture_period(p[i].period), p[i].value, p[i].q, TSDB_STATUS_ACTUAL,
		                 "src", 0};
		assert_int_equal(tsdb_series_push(s, &x, NULL), 0);
	}
}

static const tsdb_sample *at(const tsdb_series *s, const char *p)
{
	return tsdb_series_find(s, fixture_period(p));
}

/* s, the series what, holds each of the n points of want, its value exactly. */
static void has(const char *what, const tsdb_series *s, const struct pt *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const tsdb_sample *x = at(s, want[i].period);
		if (!x || x->value != want[i].value || (want[i].q >= 0 && x->qualifier != want[i].q))
			fail_msg("%s, sample %zu, %s: %.17g (qualifier %d), not %.17g (%d)", what, i, want[i].period,
			         x ? x->value : NAN, x ? x->qualifier : -1, want[i].value, want[i].q);
	}
}

/* The period after shifting or stepping back, written out: "" when refused. */
static void test_period_arithmetic(void **state)
{
	static const struct {
		const char *from;
		int months; /* 0: tsdb_period_prev */
		const char *to;
		uint32_t start, end;
	} steps[] = {
	    {"2024-02", -12, "2023-02", 20230201, 20230228},
	    {"2024-01/2024-05", -12, "2023-01/2023-05", 20230101, 20230531},
	    {"2024-06-30", -12, "2023-06-30", 20230630, 20230630},
	    {"2024-Q1", 0, "2023-Q4", 20231001, 20231231},
	    {"2024-03-01", 0, "2024-02-29", 20240229, 20240229},
	    {"2021/2025", 0, "", 0, 0},
	    {"0001", -12, "", 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < countof(steps); i++) {
		tsdb_period p = {0, 0};
		char buf[TSDB_PERIOD_MAX] = "";
		tsdb_period from = fixture_period(steps[i].from);
		int rc = steps[i].months ? tsdb_period_shift(from, steps[i].months, &p)
		                         : tsdb_period_prev(from, &p);
		if (!rc)
			tsdb_period_format(p, buf);
		if ((rc != 0) != !*steps[i].to || (rc && rc != TSDB_EINVAL) || strcmp(buf, steps[i].to) ||
		    (!rc && (p.start != steps[i].start || p.end != steps[i].end)))
			fail_msg("case %zu, %s by %d: status %d, %s", i, steps[i].from, steps[i].months, rc,
			         buf);
	}
	assert_int_equal(tsdb_period_months(fixture_period("2024-H1")), 6);
	assert_int_equal(tsdb_period_months(fixture_period("2024-06-30")), 0);
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
	/* 2021 missing: 2022 has no year-ago value, 2021 no row at all */
	static const struct pt in_pts[] = {{"2019", 100, TSDB_Q_EQ}, {"2020", 110, TSDB_Q_EQ},
	                                   {"2022", 121, TSDB_Q_GT}, {"2023", 0, TSDB_Q_EQ},
	                                   {"2024", 50, TSDB_Q_EQ}};
	/* diff keeps the lower bound: 121 is "more than", so 0 - >121 is "<" */
	static const struct pt diff[] = {{"2023", -121, TSDB_Q_LT}, {"2024", 50, -1}};
	tsdb_series in = {0}, out = {0};
	(void)state;
	push(&in, in_pts, countof(in_pts));
	transformed(&in, "yoy", &out);
	/* 2019: no 2018; 2022: no 2021; 2024: a zero base gives nothing */
	assert_int_equal(out.n, 2);
	assert_true(fabs(at(&out, "2020")->value - 10) < 1e-12);
	assert_true(at(&out, "2023")->value == -100);
	assert_null(at(&out, "2024"));
	transformed(&in, "diff", &out);
	assert_int_equal(out.n, 3); /* 2020, 2023, 2024 */
	has("diff", &out, diff, countof(diff));
	tsdb_series_free(&in);
	tsdb_series_free(&out);
}

static void test_like_periods(void **state)
{
	/* January-May against January-May; Q2 against Q2, never against Q1 */
	static const struct pt in_pts[] = {
	    {"2023-01/2023-05", 200, TSDB_Q_EQ}, {"2023-Q2", 80, TSDB_Q_EQ},
	    {"2024-Q1", 50, TSDB_Q_EQ},          {"2024-01/2024-05", 250, TSDB_Q_EQ},
	    {"2024-Q2", 100, TSDB_Q_EQ}};
	static const struct pt yoy[] = {{"2024-01/2024-05", 25, -1}, {"2024-Q2", 25, -1}};
	tsdb_series in = {0}, out = {0};
	(void)state;
	push(&in, in_pts, countof(in_pts));
	transformed(&in, "yoy", &out);
	assert_int_equal(out.n, 2);
	has("yoy", &out, yoy, countof(yoy));
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
	static const struct pt in_pts[] = {
	    {"2019", 80, TSDB_Q_EQ}, {"2020", 100, TSDB_Q_EQ}, {"2022", 121, TSDB_Q_APPROX}};
	static const struct pt ref_pts[] = {{"2020", 400, TSDB_Q_EQ}, {"2022", 0, TSDB_Q_EQ}};
	static const struct pt index[] = {{"2019", 80, -1}, {"2020", 100, -1}, {"2022", 121, TSDB_Q_APPROX}};
	tsdb_series in = {0}, ref = {0}, out = {0};
	tsdb_transform t;
	(void)state;
	push(&in, in_pts, countof(in_pts));
	push(&ref, ref_pts, countof(ref_pts));
	transformed(&in, "index:2020", &out);
	has("index:2020", &out, index, countof(index));
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
	static const struct {
		const char *spec, *says;
	} bad[] = {{"growth", "unknown transform \"growth\""},
	           {"index", "index:2019"},
	           {"index:2024-13", ""},
	           {"yoy:3", ""}};
	(void)state;
	for (size_t i = 0; i < countof(bad); i++) {
		tsdb_transform t;
		tsdb_error err = {0};
		int rc = tsdb_transform_parse(bad[i].spec, &t, &err);
		if (rc != TSDB_EINVAL || !strstr(err.text, bad[i].says))
			fail_msg("%s: status %d, \"%s\"", bad[i].spec, rc, err.text);
	}
}

static void test_rank_ties(void **state)
{
	/* three series of 2024, the fourth of 2024 and 2025 */
	static const struct pt pts[][2] = {{{"2024", 5, TSDB_Q_EQ}},
	                                   {{"2024", 9, TSDB_Q_EQ}},
	                                   {{"2024", 5, TSDB_Q_APPROX}},
	                                   {{"2024", 1, TSDB_Q_EQ}, {"2025", 1, TSDB_Q_EQ}}};
	static const struct pt ranks[][2] = {{{"2024", 2, -1}},
	                                     {{"2024", 1, -1}},
	                                     {{"2024", 2, TSDB_Q_APPROX}},
	                                     {{"2024", 4, -1}, {"2025", 1, -1}}};
	tsdb_series s[4] = {{0}};
	(void)state;
	for (int i = 0; i < 4; i++)
		push(&s[i], pts[i], i < 3 ? 1 : 2);
	assert_int_equal(tsdb_series_rank(s, 4, NULL), 0);
	for (int i = 0; i < 4; i++) {
		has("rank", &s[i], ranks[i], i < 3 ? 1 : 2);
		tsdb_series_free(&s[i]);
	}
}

static void test_convert(void **state)
{
	/* 2023: four quarters; 2024: three only; plus an annual value for 2022 */
	static const struct pt in_pts[] = {
	    {"2022", 1000, TSDB_Q_EQ}, {"2023-Q1", 1, TSDB_Q_EQ}, {"2023-Q2", 2, TSDB_Q_GE},
	    {"2023-Q3", 3, TSDB_Q_EQ}, {"2023-Q4", 4, TSDB_Q_EQ}, {"2024-Q1", 5, TSDB_Q_EQ},
	    {"2024-Q2", 6, TSDB_Q_EQ}, {"2024-Q3", 7, TSDB_Q_EQ}};
	static const struct pt years[] = {{"2022", 1000, -1}, {"2023", 10, TSDB_Q_GE}};
	tsdb_series in = {0}, out = {0};
	tsdb_error err = {0};
	(void)state;
	push(&in, in_pts, countof(in_pts));
	assert_int_equal(tsdb_series_convert(&in, TSDB_KIND_FLOW, TSDB_FREQ_YEAR, &out, NULL), 0);
	assert_int_equal(out.n, 2); /* 2024 is partial: missing, never 18 */
	has("years", &out, years, countof(years));
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
	push(&in, in_pts, 1);
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
	/* January-February together, then monthly to May, June missing, then H1..year */
	static const struct pt in_pts[] = {
	    {"2024-01/2024-02", 20, TSDB_Q_EQ}, {"2024-Q1", 33, TSDB_Q_EQ},
	    {"2024-01/2024-04", 47, TSDB_Q_EQ}, {"2024-01/2024-05", 60, TSDB_Q_APPROX},
	    {"2024-01/2024-07", 90, TSDB_Q_EQ}, {"2024", 160, TSDB_Q_EQ}};
	static const struct pt months[] = {
	    {"2024-01/2024-02", 20, -1}, {"2024-03", 13, -1},           {"2024-04", 14, -1},
	    {"2024-05", 13, TSDB_Q_APPROX}, {"2024-06/2024-07", 30, -1}, {"2024-08/2024-12", 70, -1}};
	tsdb_series in = {0}, out = {0};
	struct notes ns = {0};
	(void)state;
	push(&in, in_pts, countof(in_pts));
	assert_int_equal(tsdb_series_discrete(&in, &out, note, &ns, NULL), 0);
	assert_int_equal(out.n, 6);
	has("months", &out, months, countof(months));
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
	static const struct pt in_pts[] = {
	    {"2024-Q1", 100, TSDB_Q_EQ}, {"2024-01/2024-04", 130, TSDB_Q_EQ},
	    {"2024-H1", 250, TSDB_Q_EQ}, {"2024-01/2024-09", 420, TSDB_Q_EQ}};
	tsdb_series in = {0}, out = {0};
	struct notes ns = {0};
	(void)state;
	push(&in, in_pts, countof(in_pts));
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
		tsdb_obs o = {obs[i].ind, obs[i].reg, fixture_period(obs[i].per), obs[i].v, obs[i].q, 0, 20250101,
		              NULL, NULL, NULL, 0};
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

/* Expressions and the unit and kind of what they compute (kind -1: not
 * asked): a ratio of like units times 100 is a percentage, in any order;
 * times 1000 per mille; a difference of percentages is percentage points. */
static const struct {
	const char *text, *unit;
	int kind;
} units[] = {
    {"rd / gdp", "ratio", TSDB_KIND_RATE},
    {"rd / gdp * 100", "percent", TSDB_KIND_RATE},
    {"100 * rd / gdp", "percent", -1},
    {"rd * 10 / gdp * 10", "percent", -1},
    {"rd / gdp * 1000", "per mille", -1},
    {"rd / gdp * 100 - rd / gdp * 100", "pp", -1},
    {"rd / gdp * 100 + 1", "percent", -1},
    {"rd / gdp * 50", "ratio", -1},
    {"rd * 100", "CNY", -1},
    {"rd + gdp", "CNY", TSDB_KIND_FLOW},
    {"rd * 1e-4", "CNY", TSDB_KIND_FLOW},
    {"gdp / firms", "CNY/count", -1},
};

static void test_expr_units_and_kinds(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_expr *e;
	tsdb_error err = {0};
	for (size_t i = 0; i < countof(units); i++) {
		e = bound(t, units[i].text);
		if (strcmp(tsdb_expr_unit(e), units[i].unit) ||
		    (units[i].kind >= 0 && (int)tsdb_expr_kind(e) != units[i].kind))
			fail_msg("%s: %s, kind %d", units[i].text, tsdb_expr_unit(e), (int)tsdb_expr_kind(e));
		tsdb_expr_free(e);
	}
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

/* Expressions evaluated for a region: the samples, all of them, with the
 * qualifiers their bounds give. */
static const struct {
	const char *text, *region;
	size_t n;
	struct pt want[2];
} evals[] = {
    /* 2021 has no rd, 2024 no gdp: missing, never zero; >250 / 5000 is a
     * lower bound; 300 / <6000 too, the divisor being an upper bound */
    {"rd / gdp * 100", "CN-BJ", 2, {{"2022", 5, TSDB_Q_GT}, {"2023", 5, TSDB_Q_GT}}},
    /* division by zero is missing */
    {"rd / gdp * 100", "CN-SH", 0, {{0}}},
    /* 5000 - >250, <6000 - 300 */
    {"gdp - rd", "CN-BJ", 2, {{"2022", 4750, TSDB_Q_LT}, {"2023", 5700, TSDB_Q_LT}}},
    {"gdp + rd", "CN-BJ", 2, {{"2022", 5250, TSDB_Q_GT}, {"2023", 6300, TSDB_Q_LT}}},
    /* a lower and an upper bound pushing apart give "~" (>1 + <=2);
     * pushing together keep it, strict, flipped by a negative factor
     * ((>1 - <=2) * -2) */
    {"rd + gdp", "CN-TJ", 1, {{"2023", 3, TSDB_Q_APPROX}}},
    {"(rd - gdp) * -2", "CN-TJ", 1, {{"2023", 2, TSDB_Q_LT}}},
    /* 300 - <6000 */
    {"rd - gdp", "CN-BJ", 2, {{"2023", -5700, TSDB_Q_GT}}},
};

static void test_expr_eval(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_series s = {0};
	for (size_t i = 0; i < countof(evals); i++) {
		tsdb_expr *e = bound(t, evals[i].text);
		tsdb_query q = {.region = evals[i].region};
		size_t k = 0;
		assert_int_equal(tsdb_expr_eval(t, e, &q, 0, &s, NULL), 0);
		if (s.n != evals[i].n)
			fail_msg("%s in %s: %zu samples, not %zu", evals[i].text, evals[i].region, s.n,
			         evals[i].n);
		while (k < countof(evals[i].want) && evals[i].want[k].period)
			k++;
		has(evals[i].text, &s, evals[i].want, k);
		tsdb_expr_free(e);
	}
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
