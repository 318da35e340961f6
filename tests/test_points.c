/* test_points.c — tsdb_point_each: every point a query selects, in period
 * order, with a way to stop that is never taken for the end. */
#include "fixture.h"

static const char data[] =
    "{\"type\":\"indicator\",\"id\":\"gdp\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"上海\",\"period\":\"2023\",\"value\":\"120\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"上海\",\"period\":\"2021\",\"value\":\"100\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"上海\",\"period\":\"2022\",\"value\":\"108\","
    "\"vintage\":\"2023-01-20\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"上海\",\"period\":\"2022\",\"value\":\"110\","
    "\"vintage\":\"2024-01-20\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"江苏\",\"period\":\"2022\",\"value\":\"999\"}\n";

static int setup_points(void **state)
{
	*state = fixture_with_facts(data);
	return 0;
}

struct seen {
	double value[8];
	int n;
	int stop_at; /* stop at this point (1 the first), 0 never */
	int stop_with;
	const tsdb_query *q;
};

static int note(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct seen *s = arg;
	assert_ptr_equal(q, s->q);
	assert_true(s->n < 8);
	s->value[s->n++] = p->value;
	return s->n == s->stop_at ? s->stop_with : 0;
}

static tsdb_txn *reader(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	return t;
}

/* Each point of the series, in period order, the latest version only; fn
 * is given the query it was called for. */
static void test_every_point_in_order(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_query q = {.indicator = "gdp", .region = "CN-SH"};
	struct seen s = {.q = &q};
	assert_int_equal(tsdb_point_each(t, &q, note, &s, NULL), 0);
	assert_int_equal(s.n, 3);
	assert_true(s.value[0] == 100 && s.value[1] == 110 && s.value[2] == 120);
	tsdb_txn_abort(t);
}

/* With versions, both of 2022, the older first. */
static void test_versions(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_query q = {.indicator = "gdp", .region = "CN-SH", .versions = 1};
	struct seen s = {.q = &q};
	assert_int_equal(tsdb_point_each(t, &q, note, &s, NULL), 0);
	assert_int_equal(s.n, 4);
	assert_true(s.value[1] == 108 && s.value[2] == 110);
	tsdb_txn_abort(t);
}

/* fn's non-zero value stops the iteration and is returned, TSDB_NOTFOUND
 * (the cursor's own "no more") included. */
static void test_stop(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_query q = {.indicator = "gdp", .region = "CN-SH"};
	struct seen s = {.q = &q, .stop_at = 2, .stop_with = 42};
	assert_int_equal(tsdb_point_each(t, &q, note, &s, NULL), 42);
	assert_int_equal(s.n, 2);
	s = (struct seen){.q = &q, .stop_at = 1, .stop_with = TSDB_NOTFOUND};
	assert_int_equal(tsdb_point_each(t, &q, note, &s, NULL), TSDB_NOTFOUND);
	assert_int_equal(s.n, 1);
	tsdb_txn_abort(t);
}

/* A series with nothing stored is read through at once; an indicator that
 * is not declared is the cursor's error, and fn is never called. */
static void test_empty_and_unknown(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_query q = {.indicator = "gdp", .region = "CN-BJ"};
	struct seen s = {.q = &q};
	tsdb_error err = {0};
	assert_int_equal(tsdb_point_each(t, &q, note, &s, NULL), 0);
	assert_int_equal(s.n, 0);
	q.indicator = "no_such_thing";
	assert_int_not_equal(tsdb_point_each(t, &q, note, &s, &err), 0);
	assert_int_not_equal(err.code, 0);
	assert_int_equal(s.n, 0);
	tsdb_txn_abort(t);
}

int main(void)
{
	/* every test only reads: one database for them all */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_point_in_order),
	    cmocka_unit_test(test_versions),
	    cmocka_unit_test(test_stop),
	    cmocka_unit_test(test_empty_and_unknown),
	};
	return cmocka_run_group_tests_name("points", tests, setup_points, teardown_db);
}
