/* test_panel.c — the query API without tsq: panels over regions, levels,
 * groups and their sums, transforms and ranks, against values worked out by
 * hand. */
#include <math.h>

#include "fixture.h"

/* Three members of a group; R&D in 亿 CNY, so the sums are easy to check:
 * 2021: 181.98 + 343.86 + 211.33 = 737.17; 2022: 198.16 (at least) +
 * 383.51 + 241.65 = 823.32 (at least); 2023: only 上海. */
static const char data[] =
    "{\"type\":\"indicator\",\"id\":\"rd\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"indicator\",\"id\":\"gdp\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"indicator\",\"id\":\"rd_intensity\",\"unit\":\"percent\",\"kind\":\"share\"}\n"
    "{\"type\":\"indicator\",\"id\":\"firms\",\"unit\":\"count\",\"kind\":\"stock\"}\n"
    "{\"type\":\"indicator\",\"id\":\"gdp_pc\",\"unit\":\"CNY/person\",\"kind\":\"stock\"}\n"
    "{\"type\":\"region\",\"code\":\"YRD\",\"name_zh\":\"长三角\",\"level\":\"group\","
    "\"members\":[\"上海\",\"江苏\",\"浙江\"]}\n"
    "{\"type\":\"region\",\"code\":\"OVL\",\"level\":\"group\","
    "\"members\":[\"江苏\",\"苏州\"]}\n"
    "{\"type\":\"region\",\"code\":\"BIG\",\"name\":\"Big\",\"level\":\"group\","
    "\"members\":[\"YRD\",\"北京\"]}\n"
    "{\"indicator\":\"rd\",\"region\":\"上海\",\"period\":\"2021\",\"value\":\"181.98亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"江苏\",\"period\":\"2021\",\"value\":\"343.86亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"浙江\",\"period\":\"2021\",\"value\":\"211.33亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"北京\",\"period\":\"2021\",\"value\":\"100亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"上海\",\"period\":\"2022\",\"value\":\"198.16亿\","
    "\"qualifier\":\">\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"江苏\",\"period\":\"2022\",\"value\":\"383.51亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"浙江\",\"period\":\"2022\",\"value\":\"241.65亿\"}\n"
    "{\"indicator\":\"rd\",\"region\":\"上海\",\"period\":\"2023\",\"value\":\"210亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"上海\",\"period\":\"2022\",\"value\":\"4480.91亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"江苏\",\"period\":\"2022\",\"value\":\"12287.56亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"浙江\",\"period\":\"2022\",\"value\":\"7771.54亿\"}\n"
    "{\"indicator\":\"rd_intensity\",\"region\":\"上海\",\"period\":\"2022\",\"value\":\"4.42\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"上海\",\"period\":\"2022-06\",\"value\":\"100\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"上海\",\"period\":\"2022-12\",\"value\":\"110\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"江苏\",\"period\":\"2022-06\",\"value\":\"200\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"江苏\",\"period\":\"2022-12\",\"value\":\"220\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"浙江\",\"period\":\"2022-06\",\"value\":\"300\"}\n"
    "{\"indicator\":\"firms\",\"region\":\"浙江\",\"period\":\"2022-12\",\"value\":\"330\"}\n";

static int setup_panel(void **state)
{
	*state = fixture_with_facts(data);
	return 0;
}

/* The value of column c at period s, or NULL. */
static const tsdb_sample *at(const tsdb_panel *p, size_t c, const char *s)
{
	return tsdb_series_find(&p->col[c].s, fixture_period(s));
}

struct ask {
	tsdb_txn *t;
	tsdb_panel *p;
	tsdb_error err;
};

static int ask(struct fixture *f, struct ask *a, const tsdb_panel_request *req)
{
	memset(a, 0, sizeof *a);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &a->t, NULL), 0);
	return tsdb_panel_query(a->t, req, &a->p, &a->err);
}

static void done(struct ask *a)
{
	tsdb_panel_free(a->p);
	tsdb_txn_abort(a->t);
}

static int noted(const tsdb_panel *p, const char *text)
{
	for (size_t i = 0; i < p->nnotes; i++)
		if (strstr(p->notes[i], text))
			return 1;
	return 0;
}

/* Column c of p holds at period s the value want, within tol, with the
 * qualifier q (-1: any). */
static void holds(const tsdb_panel *p, size_t c, const char *s, double want, double tol, int q)
{
	const tsdb_sample *x = at(p, c, s);
	if (!x)
		fail_msg("column %zu, %s: no value, not %.17g", c, s, want);
	if (!(fabs(x->value - want) <= tol) || (q >= 0 && x->qualifier != q))
		fail_msg("column %zu, %s: %.17g (qualifier %d), not %.17g (%d)", c, s, x->value,
		         x->qualifier, want, q);
}

/* Asks for expr over the one region, at frequency freq (0: as stored). */
static void ask_one(void **state, struct ask *a, const char *expr, const char *region, int freq)
{
	const char *regions[] = {region};
	tsdb_panel_request req = {.expr = expr, .regions = regions, .nregions = 1, .freq = freq};
	if (ask(*state, a, &req))
		fail_msg("%s over %s: %s", expr, region, a->err.text);
}

static void test_group_sum(void **state)
{
	const char *regions[] = {"长三角", "上海"};
	tsdb_panel_request req = {.expr = "rd", .regions = regions, .nregions = 2};
	struct ask a;
	assert_int_equal(ask(*state, &a, &req), 0);
	assert_int_equal(a.p->ncols, 2);
	assert_string_equal(a.p->col[0].reg.code, "YRD");
	assert_true(a.p->col[0].aggregate);
	assert_false(a.p->col[1].aggregate);
	assert_true(a.p->computed);
	holds(a.p, 0, "2021", 73717000000.0, 0, TSDB_Q_EQ);
	/* a sum over a lower bound is a lower bound */
	holds(a.p, 0, "2022", 82332000000.0, 0, TSDB_Q_GT);
	/* 2023: only 上海 has a value: missing, with a note naming the others */
	assert_null(at(a.p, 0, "2023"));
	assert_non_null(at(a.p, 1, "2023"));
	assert_true(noted(a.p, "2023"));
	assert_true(noted(a.p, "江苏省"));
	assert_true(noted(a.p, "浙江省"));
	assert_true(noted(a.p, "长三角: computed, the sum over its 3 members"));
	assert_int_equal(a.p->nper, 3);
	done(&a);
}

static void test_group_expression_over_sums(void **state)
{
	struct ask a;
	ask_one(state, &a, "rd / gdp * 100", "YRD", 0);
	/* (198.16 + 383.51 + 241.65) / (4480.91 + 12287.56 + 7771.54) * 100 */
	holds(a.p, 0, "2022", 823.32 / 24540.01 * 100, 1e-9, TSDB_Q_GT);
	done(&a);
}

static void test_group_of_groups_and_stocks(void **state)
{
	struct ask a;
	/* Big = 长三角's members + 北京: 737.17 + 100 in 2021, nothing after */
	ask_one(state, &a, "rd", "Big", 0);
	holds(a.p, 0, "2021", 83717000000.0, 0, -1);
	assert_null(at(a.p, 0, "2022"));
	assert_true(noted(a.p, "北京市"));
	done(&a);
	/* a stock at year end: the December values, summed */
	ask_one(state, &a, "firms", "长三角", TSDB_FREQ_YEAR);
	holds(a.p, 0, "2022", 660, 0, -1);
	done(&a);
}

static const char *const shanghai[] = {"上海"}, *const misspelt[] = {"上海", "北晶"},
                         *const yrd[] = {"长三角"}, *const ovl[] = {"OVL"};

/* Requests refused: the status, the field named (or NULL), and words of the message. */
static const struct {
	tsdb_panel_request req;
	int status;
	const char *field, *words[2];
} refused[] = {
    /* a group's sum of a share or a ratio would mean nothing */
    {{.expr = "rd_intensity", .regions = yrd, .nregions = 1},
     TSDB_EINVAL,
     NULL,
     {"is a share (percent)", "rd_expenditure / gdp * 100"}},
    {{.expr = "gdp_pc", .regions = yrd, .nregions = 1},
     TSDB_EINVAL,
     NULL,
     {"is a ratio (CNY/person)"}},
    /* members one inside another would count it twice */
    {{.expr = "rd", .regions = ovl, .nregions = 1},
     TSDB_EINVAL,
     NULL,
     {"overlap (苏州市 lies inside 江苏省)"}},
    {{.expr = "rd", .regions = shanghai, .nregions = 1, .boundaries = 20},
     TSDB_EINVAL,
     "boundaries",
     {NULL}},
    {{.expr = "rd", .regions = misspelt, .nregions = 2}, TSDB_EUNKNOWN, "region 2", {NULL}},
    {{.expr = "rd", .regions = shanghai, .nregions = 1, .transform = "share:北晶"},
     TSDB_EUNKNOWN,
     "transform",
     {NULL}},
    {{.expr = "rd", .within = "长三角"}, TSDB_EINVAL, "within", {NULL}},
};

static void test_refused(void **state)
{
	for (size_t i = 0; i < countof(refused); i++) {
		struct ask a;
		int rc = ask(*state, &a, &refused[i].req);
		if (rc != refused[i].status || a.p)
			fail_msg("case %zu: status %d, not %d", i, rc, refused[i].status);
		if (refused[i].field && strcmp(a.err.field, refused[i].field))
			fail_msg("case %zu: field \"%s\", not \"%s\"", i, a.err.field,
			         refused[i].field);
		for (size_t k = 0; k < countof(refused[i].words) && refused[i].words[k]; k++)
			if (!strstr(a.err.text, refused[i].words[k]))
				fail_msg("case %zu: \"%s\" lacks \"%s\"", i, a.err.text,
				         refused[i].words[k]);
		done(&a);
	}
	/* a share's members one by one are fine */
	const char *members[] = {"长三角/*"};
	tsdb_panel_request req = {.expr = "rd_intensity", .regions = members, .nregions = 1};
	struct ask a;
	assert_int_equal(ask(*state, &a, &req), 0);
	assert_int_equal(a.p->ncols, 3);
	assert_false(a.p->col[0].aggregate);
	done(&a);
}

static void test_level_within_group(void **state)
{
	tsdb_panel_request req = {.expr = "rd", .level = "province", .within = "长三角"};
	struct ask a;
	int yes;
	assert_int_equal(ask(*state, &a, &req), 0);
	assert_int_equal(a.p->ncols, 3); /* not 北京 */
	for (size_t i = 0; i < a.p->ncols; i++)
		assert_string_not_equal(a.p->col[i].reg.code, "CN-BJ");
	/* a member, a member of a member group, a region inside a member */
	static const struct {
		const char *region, *within;
		int yes;
	} inside[] = {{"CN-SH", "YRD", 1},
	              {"CN-SH", "BIG", 1},
	              {"310101", "YRD", 1},
	              {"CN-BJ", "YRD", 0},
	              {"CN-BJ", "CN", 1}};
	for (size_t i = 0; i < countof(inside); i++) {
		assert_int_equal(
		    tsdb_region_within(a.t, inside[i].region, inside[i].within, &yes, NULL), 0);
		if (yes != inside[i].yes)
			fail_msg("%s inside %s: %d", inside[i].region, inside[i].within, yes);
	}
	done(&a);
}

static void test_rank_and_transforms(void **state)
{
	const char *regions[] = {"上海", "江苏", "浙江", "长三角"};
	tsdb_panel_request req = {.expr = "rd",
	                          .regions = regions,
	                          .nregions = 4,
	                          .from = fixture_period("2022"),
	                          .to = fixture_period("2022")};
	struct ask a;
	tsdb_place *pl;
	size_t n;
	assert_int_equal(ask(*state, &a, &req), 0);
	assert_int_equal(tsdb_panel_rank(a.p, fixture_period("2022"), 0, &pl, &n, NULL), 0);
	assert_int_equal(n, 4);
	assert_string_equal(a.p->col[pl[0].col].reg.code, "YRD");
	assert_string_equal(a.p->col[pl[1].col].reg.code, "CN-JS");
	assert_int_equal(pl[3].rank, 4);
	free(pl);
	done(&a);
	/* yoy reads the year before the range, for the group's sum too */
	req.transform = "yoy";
	assert_int_equal(ask(*state, &a, &req), 0);
	assert_int_equal(a.p->nper, 1);
	holds(a.p, 3, "2022", (82332000000.0 / 73717000000.0 - 1) * 100, 1e-9, -1);
	assert_string_equal(a.p->unit, "percent");
	done(&a);
	/* share of the group: 上海 over the group's sum */
	req.transform = "share:长三角";
	assert_int_equal(ask(*state, &a, &req), 0);
	holds(a.p, 0, "2022", 19816000000.0 / 82332000000.0 * 100, 1e-9, -1);
	done(&a);
}

static void test_ties_share_rank(void **state)
{
	tsdb_panel_column col[3] = {{.asked = "a"}, {.asked = "b"}, {.asked = "c"}};
	tsdb_panel p = {.col = col, .ncols = 3};
	const double v[] = {5, 7, 5};
	tsdb_place *pl;
	size_t n;
	(void)state;
	for (int i = 0; i < 3; i++) {
		tsdb_sample x = {fixture_period("2020"), v[i], 0, 0, "", 0};
		col[i].reg.code = col[i].asked;
		assert_int_equal(tsdb_series_push(&col[i].s, &x, NULL), 0);
	}
	assert_int_equal(tsdb_panel_rank(&p, fixture_period("2020"), 0, &pl, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_int_equal(pl[0].rank, 1);
	assert_int_equal(pl[1].rank, 2);
	assert_int_equal(pl[2].rank, 2);
	free(pl);
	assert_int_equal(tsdb_panel_rank(&p, fixture_period("2020"), 1, &pl, &n, NULL), 0);
	assert_int_equal(pl[0].rank, 1);
	assert_int_equal(pl[1].rank, 1);
	assert_int_equal(pl[2].rank, 3);
	free(pl);
	for (int i = 0; i < 3; i++)
		tsdb_series_free(&col[i].s);
}

static void test_error_set_first_wins(void **state)
{
	tsdb_error err = {0};
	(void)state;
	assert_int_equal(tsdb_error_set(&err, TSDB_EINVAL, "--top", "bad %d", 7), TSDB_EINVAL);
	assert_int_equal(tsdb_error_set(&err, TSDB_ENOMEM, "x", "later"), TSDB_ENOMEM);
	assert_int_equal(err.code, TSDB_EINVAL);
	assert_string_equal(err.field, "--top");
	assert_string_equal(err.text, "bad 7");
	assert_int_equal(tsdb_error_set(NULL, TSDB_EIO, NULL, "none"), TSDB_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_group_sum, setup_panel, teardown_db),
	    cmocka_unit_test_setup_teardown(test_group_expression_over_sums, setup_panel,
	                                    teardown_db),
	    cmocka_unit_test_setup_teardown(test_group_of_groups_and_stocks, setup_panel,
	                                    teardown_db),
	    cmocka_unit_test_setup_teardown(test_refused, setup_panel, teardown_db),
	    cmocka_unit_test_setup_teardown(test_level_within_group, setup_panel, teardown_db),
	    cmocka_unit_test_setup_teardown(test_rank_and_transforms, setup_panel, teardown_db),
	    cmocka_unit_test(test_ties_share_rank),
	    cmocka_unit_test(test_error_set_first_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
