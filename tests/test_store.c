/* test_store.c — observations: round trips, history, as-of reads, the rule
 * for the version shown, and a map that grows by itself. */
#include "fixture.h"

struct obs_in {
	const char *ind, *reg, *period;
	double value;
	int qual, status;
	const char *vintage, *source, *quote;
};

/* The shared catalog, and China as the one region. */
static int catalog(tsdb_txn *t, void *arg, tsdb_error *err)
{
	tsdb_region cn = {"CN", "", "country", "country", "China", "中国", "CHN", 0, 0, 0, NULL};
	int rc = fixture_catalog(t, err);
	(void)arg;
	return rc ? rc : tsdb_region_put(t, &cn, err);
}

static int setup(void **state)
{
	setup_db(state);
	fixture_update(*state, catalog, NULL);
	return 0;
}

struct put_job {
	const struct obs_in *in;
	size_t n;
	int *results;
};

static int put_all(tsdb_txn *t, void *arg, tsdb_error *err)
{
	struct put_job *j = arg;
	for (size_t i = 0; i < j->n; i++) {
		const struct obs_in *o = &j->in[i];
		tsdb_obs obs = {o->ind, o->reg, {0, 0}, o->value, o->qual, o->status, 0, o->source, o->quote, NULL, 0};
		int rc;
		if (tsdb_period_parse(o->period, (size_t)-1, &obs.period, err))
			return TSDB_EINVAL;
		if (o->vintage && tsdb_date_parse(o->vintage, (size_t)-1, &obs.vintage, err))
			return TSDB_EINVAL;
		if ((rc = tsdb_obs_put(t, &obs, j->results ? &j->results[i] : NULL, err)))
			return rc;
	}
	return 0;
}

static int put(struct fixture *f, const struct obs_in *in, size_t n, int *results, tsdb_error *err)
{
	struct put_job j = {in, n, results};
	return tsdb_update(f->db, put_all, &j, err);
}

static tsdb_point get(struct fixture *f, const char *ind, const char *period, const char *as_of)
{
	tsdb_txn *t;
	tsdb_point p;
	tsdb_period per;
	uint32_t d = 0;
	tsdb_error err = {0};
	assert_int_equal(tsdb_period_parse(period, (size_t)-1, &per, NULL), 0);
	if (as_of)
		assert_int_equal(tsdb_date_parse(as_of, (size_t)-1, &d, NULL), 0);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	int rc = tsdb_obs_get(t, ind, "CN", per, d, &p, &err);
	tsdb_txn_abort(t);
	if (rc == TSDB_NOTFOUND)
		p.period.start = 0;
	else if (rc)
		fail_msg("%s", err.text);
	return p;
}

static void test_round_trip_exact(void **state)
{
	struct fixture *f = *state;
	const double vals[] = {1.066, 463000, 3.6e12, 0.1, 61.918115152276634, -17, 1e-9};
	struct obs_in in[7];
	char periods[7][16];
	for (int i = 0; i < 7; i++) {
		snprintf(periods[i], sizeof periods[i], "%d", 2010 + i);
		in[i] = (struct obs_in){"rd_expenditure", "CN", periods[i], vals[i], TSDB_Q_EQ, 0, NULL, "paper", "q"};
	}
	assert_int_equal(put(f, in, 7, NULL, NULL), 0);
	for (int i = 0; i < 7; i++) {
		tsdb_point p = get(f, "rd_expenditure", periods[i], NULL);
		assert_memory_equal(&p.value, &vals[i], sizeof p.value);
		assert_string_equal(p.source, "paper");
		assert_int_equal(p.vintage, 20240722); /* the source's publication date */
	}
}

static void test_series_range(void **state)
{
	struct fixture *f = *state;
	struct obs_in in[] = {
	    {"rd_expenditure", "CN", "2024-01/2024-05", 5, TSDB_Q_EQ, 0, NULL, "paper", NULL},
	    {"rd_expenditure", "CN", "2023", 3, TSDB_Q_GT, 0, NULL, "paper", NULL},
	    {"rd_expenditure", "CN", "2024-H1", 6, TSDB_Q_APPROX, 0, NULL, "paper", NULL},
	    {"rd_expenditure", "CN", "2024", 24, TSDB_Q_EQ, TSDB_STATUS_ESTIMATE, NULL, "paper", NULL},
	    {"rd_expenditure", "CN", "2021/2025", 100, TSDB_Q_EQ, TSDB_STATUS_TARGET, NULL, "paper", NULL},
	    {"high_tech_enterprises", "CN", "2024-06-30", 463000, TSDB_Q_EQ, 0, NULL, "paper", NULL},
	};
	assert_int_equal(put(f, in, 6, NULL, NULL), 0);
	tsdb_txn *t;
	tsdb_cursor *c;
	tsdb_point p;
	tsdb_query q = {"rd_expenditure", "CN", {0, 0}, {0, 0}, 0, 0};
	const char *want[] = {"2021/2025", "2023", "2024-01/2024-05", "2024-H1", "2024"};
	int n = 0;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_cursor_open(t, &q, &c, NULL), 0);
	while (tsdb_cursor_next(c, &p, NULL) == 0) {
		char buf[TSDB_PERIOD_MAX];
		tsdb_period_format(p.period, buf);
		assert_true(n < 5);
		assert_string_equal(buf, want[n]);
		n++;
	}
	assert_int_equal(n, 5);
	tsdb_cursor_close(c);
	/* a range: periods starting within 2023..2023 */
	assert_int_equal(tsdb_period_parse("2023", (size_t)-1, &q.from, NULL), 0);
	q.to = q.from;
	assert_int_equal(tsdb_cursor_open(t, &q, &c, NULL), 0);
	assert_int_equal(tsdb_cursor_next(c, &p, NULL), 0);
	assert_true(p.value == 3);
	assert_int_equal(p.qualifier, TSDB_Q_GT);
	assert_int_equal(tsdb_cursor_next(c, &p, NULL), TSDB_NOTFOUND);
	tsdb_cursor_close(c);
	tsdb_txn_abort(t);
}

static void test_history_and_as_of(void **state)
{
	struct fixture *f = *state;
	int r[4];
	struct obs_in in[] = {
	    {"high_tech_enterprises", "CN", "2023", 400000, TSDB_Q_EQ, TSDB_STATUS_PROVISIONAL, "2024-01-20", "paper", "prov"},
	    {"high_tech_enterprises", "CN", "2023", 463000, TSDB_Q_EQ, TSDB_STATUS_ACTUAL, "2024-07-22", "paper", "revised"},
	    {"high_tech_enterprises", "CN", "2023", 463000, TSDB_Q_EQ, TSDB_STATUS_ACTUAL, "2024-07-22", "paper", "again"},
	    {"high_tech_enterprises", "CN", "2023", 450000, TSDB_Q_APPROX, TSDB_STATUS_ACTUAL, "2024-03-01", "later", "older news"},
	};
	assert_int_equal(put(f, in, 4, r, NULL), 0);
	assert_int_equal(r[0], TSDB_PUT_NEW);
	assert_int_equal(r[1], TSDB_PUT_REVISED);
	assert_int_equal(r[2], TSDB_PUT_UNCHANGED);
	assert_int_equal(r[3], TSDB_PUT_REVISED);
	assert_true(get(f, "high_tech_enterprises", "2023", NULL).value == 463000);
	assert_true(get(f, "high_tech_enterprises", "2023", "2024-07-22").value == 463000);
	assert_true(get(f, "high_tech_enterprises", "2023", "2024-07-21").value == 450000);
	assert_true(get(f, "high_tech_enterprises", "2023", "2024-02-01").value == 400000);
	assert_int_equal(get(f, "high_tech_enterprises", "2023", "2024-02-01").status, TSDB_STATUS_PROVISIONAL);
	assert_int_equal(get(f, "high_tech_enterprises", "2023", "2024-01-19").period.start, 0);

	/* every version, oldest vintage first, the shown one marked */
	tsdb_txn *t;
	tsdb_cursor *c;
	tsdb_point p;
	tsdb_query q = {"high_tech_enterprises", "CN", {20230101, 20231231}, {20230101, 20231231}, 0, 1};
	const char *quotes[] = {"prov", "older news", "revised"};
	int n = 0;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_cursor_open(t, &q, &c, NULL), 0);
	while (tsdb_cursor_next(c, &p, NULL) == 0) {
		assert_true(n < 3);
		assert_string_equal(p.quote, quotes[n]);
		assert_int_equal(p.shown, n == 2);
		n++;
	}
	assert_int_equal(n, 3);
	tsdb_cursor_close(c);
	tsdb_txn_abort(t);
}

static void test_same_version_conflict(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	struct obs_in a = {"rd_expenditure", "CN", "2022", 1, TSDB_Q_EQ, 0, "2024-05-01", "paper", NULL};
	struct obs_in b = {"rd_expenditure", "CN", "2022", 2, TSDB_Q_EQ, 0, "2024-05-01", "paper", NULL};
	assert_int_equal(put(f, &a, 1, NULL, NULL), 0);
	assert_int_equal(put(f, &b, 1, NULL, &err), TSDB_ECONFLICT);
	assert_non_null(strstr(err.text, "already gave 1"));
	assert_true(get(f, "rd_expenditure", "2022", NULL).value == 1);
}

static void test_priority_then_publication(void **state)
{
	struct fixture *f = *state;
	int r[3];
	/* same vintage, three sources: the statistics bureau (priority 50) wins
	 * whatever the order they are loaded in; the disagreement is flagged */
	struct obs_in in[] = {
	    {"rd_expenditure", "CN", "2019", 10, TSDB_Q_EQ, 0, "2024-08-01", "paper", NULL},
	    {"rd_expenditure", "CN", "2019", 11, TSDB_Q_EQ, 0, "2024-08-01", "nbs", NULL},
	    {"rd_expenditure", "CN", "2019", 12, TSDB_Q_EQ, 0, "2024-08-01", "later", NULL},
	};
	assert_int_equal(put(f, in, 3, r, NULL), 0);
	tsdb_point p = get(f, "rd_expenditure", "2019", NULL);
	assert_true(p.value == 11);
	assert_string_equal(p.source, "nbs");
	assert_true(p.conflict);
	/* without the bureau, the later publication wins */
	struct obs_in in2[] = {
	    {"rd_expenditure", "CN", "2018", 12, TSDB_Q_EQ, 0, "2024-08-01", "later", NULL},
	    {"rd_expenditure", "CN", "2018", 10, TSDB_Q_EQ, 0, "2024-08-01", "paper", NULL},
	};
	assert_int_equal(put(f, in2, 2, NULL, NULL), 0);
	p = get(f, "rd_expenditure", "2018", NULL);
	assert_true(p.value == 12);
	assert_true(p.conflict);
	/* as-of reads apply the same rule */
	p = get(f, "rd_expenditure", "2019", "2024-12-31");
	assert_true(p.value == 11);
	assert_true(p.conflict);
	/* agreeing sources are not a conflict */
	struct obs_in in3[] = {
	    {"rd_expenditure", "CN", "2017", 7, TSDB_Q_EQ, 0, "2024-08-01", "later", NULL},
	    {"rd_expenditure", "CN", "2017", 7, TSDB_Q_EQ, 0, "2024-08-01", "paper", NULL},
	};
	assert_int_equal(put(f, in3, 2, NULL, NULL), 0);
	assert_false(get(f, "rd_expenditure", "2017", NULL).conflict);
}

static int set_priority(tsdb_txn *t, void *arg, tsdb_error *err)
{
	const int *prio = arg;
	tsdb_source paper = {"paper", "A newspaper", "People's Daily", "", 20240722, *prio, "", 0};
	return tsdb_source_put(t, &paper, err);
}

static void test_priority_change_reranks(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	tsdb_txn *t;
	uint64_t problems = 1;
	int prio = 99;
	struct obs_in in[] = {
	    {"rd_expenditure", "CN", "2019", 10, TSDB_Q_EQ, 0, "2024-08-01", "paper", NULL},
	    {"rd_expenditure", "CN", "2019", 11, TSDB_Q_EQ, 0, "2024-08-01", "nbs", NULL},
	    {"rd_expenditure", "CN", "2020", 5, TSDB_Q_EQ, 0, "2024-08-01", "paper", NULL},
	};
	assert_int_equal(put(f, in, 3, NULL, NULL), 0);
	assert_string_equal(get(f, "rd_expenditure", "2019", NULL).source, "nbs");
	/* the newspaper now outranks the bureau: its figure is shown, still disputed */
	if (tsdb_update(f->db, set_priority, &prio, &err))
		fail_msg("%s", err.text);
	tsdb_point p = get(f, "rd_expenditure", "2019", NULL);
	assert_string_equal(p.source, "paper");
	assert_true(p.value == 10);
	assert_true(p.conflict);
	assert_true(get(f, "rd_expenditure", "2020", NULL).value == 5);
	/* and back */
	prio = 1;
	if (tsdb_update(f->db, set_priority, &prio, &err))
		fail_msg("%s", err.text);
	assert_string_equal(get(f, "rd_expenditure", "2019", NULL).source, "nbs");
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_check(t, NULL, NULL, &problems, NULL), 0);
	assert_int_equal(problems, 0);
	tsdb_txn_abort(t);
}

static void test_unknown_names(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	struct obs_in a = {"no_such", "CN", "2022", 1, TSDB_Q_EQ, 0, NULL, "paper", NULL};
	assert_int_equal(put(f, &a, 1, NULL, &err), TSDB_EUNKNOWN);
	assert_string_equal(err.field, "indicator");
	tsdb_error_clear(&err);
	a.ind = "rd_expenditure";
	a.reg = "XX";
	assert_int_equal(put(f, &a, 1, NULL, &err), TSDB_EUNKNOWN);
	assert_string_equal(err.field, "region");
	tsdb_error_clear(&err);
	a.reg = "CN";
	a.source = "nobody";
	assert_int_equal(put(f, &a, 1, NULL, &err), TSDB_EUNKNOWN);
	assert_string_equal(err.field, "source");
}

static void test_read_only(void **state)
{
	struct fixture *f = *state;
	tsdb *ro;
	tsdb_txn *t;
	tsdb_error err = {0};
	assert_int_equal(tsdb_open(f->dir, TSDB_RDONLY, &ro, &err), 0);
	assert_int_equal(tsdb_txn_begin(ro, TSDB_TXN_WRITE, &t, &err), TSDB_EREADONLY);
	tsdb_close(ro);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_open("/nonexistent/tsdb", 0, &ro, &err), TSDB_NOTFOUND);
	assert_non_null(strstr(err.text, "tsq init"));
}

static void test_unit_change_refused(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	struct obs_in a = {"rd_expenditure", "CN", "2016", 1, TSDB_Q_EQ, 0, NULL, "paper", NULL};
	assert_int_equal(put(f, &a, 1, NULL, NULL), 0);
	tsdb_txn *t;
	tsdb_indicator usd = {"rd_expenditure", "R&D", "", "USD", TSDB_KIND_FLOW, "", 0, NULL};
	assert_int_equal(tsdb_txn_begin(f->db, TSDB_TXN_WRITE, &t, NULL), 0);
	assert_int_equal(tsdb_indicator_put(t, &usd, &err), TSDB_ECONFLICT);
	assert_string_equal(err.field, "unit");
	tsdb_txn_abort(t);
}

/* A thousand-fold more data than the first map holds: the map grows. */
static int many(tsdb_txn *t, void *arg, tsdb_error *err)
{
	int n = *(int *)arg;
	for (int i = 0; i < n; i++) {
		tsdb_obs o = {"rd_expenditure", "CN", {0, 0}, i + 0.5, 0, 0, 0, "paper", "a quote long enough to take space in the map", NULL, 0};
		unsigned y = 1000 + (unsigned)i / 12, m = 1 + (unsigned)i % 12;
		o.period.start = y * 10000 + m * 100 + 1;
		o.period.end = y * 10000 + m * 100 + 28;
		int rc = tsdb_obs_put(t, &o, NULL, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The catalog in a database whose map starts at 256 KiB. */
static int setup_small_map(void **state)
{
	tsdb_options o = {256 * 1024, 0};
	*state = fixture_open(&o);
	fixture_update(*state, catalog, NULL);
	return 0;
}

static void test_map_grows(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_stats st;
	int n = 60000;
	fixture_update(f, many, &n);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_stats_get(t, &st, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(st.observations, 60000);
	assert_true(st.map_size > 256 * 1024);
	assert_true(st.file_size > 256 * 1024);
}

int main(void)
{
	struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_exact),
	    cmocka_unit_test(test_series_range),
	    cmocka_unit_test(test_history_and_as_of),
	    cmocka_unit_test(test_same_version_conflict),
	    cmocka_unit_test(test_priority_then_publication),
	    cmocka_unit_test(test_priority_change_reranks),
	    cmocka_unit_test(test_unknown_names),
	    cmocka_unit_test(test_read_only),
	    cmocka_unit_test(test_unit_change_refused),
	    cmocka_unit_test_setup_teardown(test_map_grows, setup_small_map, teardown_db),
	};
	fixture_each(tests, countof(tests), setup);
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
