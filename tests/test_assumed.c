/* test_assumed.c — honest dates: a fact with no vintage and no dated source
 * takes the load's date as its vintage, marked assumed; --as-of before that
 * date does not see it, a reload on a later day changes nothing, a changed
 * value is a revision of that day, and stores of the previous format open
 * and are stamped as they are written. Each case worked by hand. */
#include <lmdb.h>

#include "fixture.h"
#include "internal.h"

/* Writes text to name in f's directory and loads it with today (and
 * keep_unknown); returns the load's status, its stats in *st. */
static int load_text(struct fixture *f, const char *name, const char *text, uint32_t today,
                     int keep_unknown, tsdb_load_stats *st)
{
	char path[128];
	const char *paths[] = {path};
	tsdb_load_options o = {.today = today, .keep_unknown = keep_unknown};
	tsdb_error err = {0};
	FILE *fp;
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
	int rc = tsdb_load_files(f->db, paths, 1, &o, st, &err);
	unlink(path);
	return rc;
}

/* Loads one fact of rd for region in 2023: value, then extra members
 * (",\"source\":\"dated\"" or ""), as load_text does. */
static int load_fact(struct fixture *f, const char *region, const char *value, const char *extra,
                     uint32_t today, int keep_unknown, tsdb_load_stats *st)
{
	char text[256];
	snprintf(text, sizeof text,
	         "{\"indicator\":\"rd\",\"region\":\"%s\",\"period\":\"2023\",\"value\":%s%s}\n",
	         region, value, extra);
	return load_text(f, "fact.jsonl", text, today, keep_unknown, st);
}

/* The point of rd for region in 2023 as of as_of: its status, *p filled. */
static int point(struct fixture *f, const char *region, uint32_t as_of, tsdb_point *p)
{
	tsdb_txn *t;
	tsdb_period y2023 = {20230101, 20231231};
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	int rc = tsdb_obs_get(t, "rd", region, y2023, as_of, p, NULL);
	tsdb_txn_abort(t);
	return rc;
}

/* tsdb_check finds nothing wrong. */
static void check_clean(struct fixture *f)
{
	tsdb_txn *t;
	uint64_t problems = 1;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_check(t, NULL, NULL, &problems, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(problems, 0);
}

static const char *catalog =
    "{\"type\":\"indicator\",\"id\":\"rd\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"source\",\"id\":\"dated\",\"published\":\"2024-03-01\"}\n"
    "{\"type\":\"source\",\"id\":\"undated\"}\n";

/* The built-in regions and the catalog above. */
static int setup_catalog(void **state)
{
	tsdb_load_stats st;
	setup_regions(state);
	assert_int_equal(load_text(*state, "cat.jsonl", catalog, 0, 0, &st), 0);
	return 0;
}

static void test_load_date_assumed(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	tsdb_point p;
	assert_int_equal(
	    load_text(
	        f, "a.jsonl",
	        "{\"indicator\":\"rd\",\"region\":\"CN-BJ\",\"period\":\"2023\",\"value\":1}\n"
	        "{\"indicator\":\"rd\",\"region\":\"CN-SH\",\"period\":\"2023\",\"value\":2,"
	        "\"source\":\"undated\"}\n"
	        "{\"indicator\":\"rd\",\"region\":\"CN-GD\",\"period\":\"2023\",\"value\":3,"
	        "\"source\":\"dated\"}\n"
	        "{\"indicator\":\"rd\",\"region\":\"CN-ZJ\",\"period\":\"2023\",\"value\":4,"
	        "\"vintage\":\"2024-02-01\"}\n"
	        "{\"indicator\":\"rd\",\"region\":\"CN-JS\",\"period\":\"2023\",\"value\":5,"
	        "\"received\":\"2024-12-31\"}\n",
	        20250301, 0, &st),
	    0);
	assert_int_equal(st.added, 5);
	assert_int_equal(st.assumed, 3); /* no source, an undated one, and "received" */
	assert_int_equal(st.today, 20250301);
	/* no source, or one without a date: the load's date, assumed; a dated
	 * source or a vintage of its own: known; the fact's own "received" */
	static const struct {
		const char *region;
		uint32_t vintage;
		int assumed;
	} want[] = {{"CN-BJ", 20250301, 1},
	            {"CN-SH", 20250301, 1},
	            {"CN-GD", 20240301, 0},
	            {"CN-ZJ", 20240201, 0},
	            {"CN-JS", 20241231, 1}};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		assert_int_equal(point(f, want[i].region, 0, &p), 0);
		if (p.vintage != want[i].vintage || !p.assumed != !want[i].assumed)
			fail_msg("%s: vintage %u%s, want %u%s", want[i].region, p.vintage,
			         p.assumed ? " assumed" : "", want[i].vintage,
			         want[i].assumed ? " assumed" : "");
	}
	/* --as-of before the load's date does not see it; on that date it does */
	assert_int_equal(point(f, "CN-BJ", 20250228, &p), TSDB_NOTFOUND);
	assert_int_equal(point(f, "CN-BJ", 20250301, &p), 0);
	assert_int_equal(point(f, "CN-GD", 20250228, &p), 0);
	check_clean(f);
}

static void test_reload_later(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	tsdb_point p;
	const char *one =
	    "{\"indicator\":\"rd\",\"region\":\"CN-BJ\",\"period\":\"2023\",\"value\":1}\n"
	    "{\"indicator\":\"rd\",\"region\":\"CN-SH\",\"period\":\"2023\",\"value\":2,"
	    "\"source\":\"undated\"}\n";
	assert_int_equal(load_text(f, "a.jsonl", one, 20250301, 0, &st), 0);
	/* the same file a month later: known already, nothing new */
	assert_int_equal(load_text(f, "a.jsonl", one, 20250401, 0, &st), 0);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(st.assumed, 0);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_int_equal(p.vintage, 20250301);
	/* a changed value that day is a revision of that day */
	assert_int_equal(load_fact(f, "CN-BJ", "1.5", "", 20250401, 0, &st), 0);
	assert_int_equal(st.revised, 1);
	assert_int_equal(st.assumed, 1);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_true(p.value == 1.5 && p.vintage == 20250401 && p.assumed);
	assert_int_equal(point(f, "CN-BJ", 20250315, &p), 0);
	assert_true(p.value == 1 && p.vintage == 20250301);
	/* and the first value again, later still: the source gave it before */
	assert_int_equal(load_text(f, "a.jsonl", one, 20250501, 0, &st), 0);
	assert_int_equal(st.unchanged, 2);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_true(p.value == 1.5);
	/* a different value the same day from the same (no) source: refused */
	assert_int_equal(load_fact(f, "CN-BJ", "9", "", 20250401, 0, &st), TSDB_EDATA);
	check_clean(f);
}

/* A known date is shown before an assumed one, whatever the dates: the
 * day an undated fact came in does not say it is the later value. */
static void test_known_before_assumed(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	tsdb_point p;
	/* undated, loaded 2025-03-01; then a dated revision of 2024-03-01 */
	assert_int_equal(load_fact(f, "CN-BJ", "1", "", 20250301, 0, &st), 0);
	assert_int_equal(load_fact(f, "CN-BJ", "2", ",\"source\":\"dated\"", 20250401, 0, &st), 0);
	assert_int_equal(st.revised, 1);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_true(p.value == 2 && p.vintage == 20240301 && !p.assumed);
	/* as of a date both are known: the known one; before the load, it alone */
	assert_int_equal(point(f, "CN-BJ", 20250315, &p), 0);
	assert_true(p.value == 2);
	assert_int_equal(point(f, "CN-BJ", 20240401, &p), 0);
	assert_true(p.value == 2);
	assert_int_equal(point(f, "CN-BJ", 20240229, &p), TSDB_NOTFOUND);
	/* the other order of loading shows the same */
	assert_int_equal(load_fact(f, "CN-SH", "2", ",\"source\":\"dated\"", 20250301, 0, &st), 0);
	assert_int_equal(load_fact(f, "CN-SH", "1", "", 20250401, 0, &st), 0);
	assert_int_equal(point(f, "CN-SH", 0, &p), 0);
	assert_true(p.value == 2 && !p.assumed);
	/* an assumed date before none (a version of unknown date) */
	assert_int_equal(load_fact(f, "CN-GD", "5", "", 20250301, 1, &st), 0);
	assert_int_equal(load_fact(f, "CN-GD", "6", "", 20250301, 0, &st), 0);
	assert_int_equal(point(f, "CN-GD", 0, &p), 0);
	assert_true(p.value == 6 && p.assumed);
	check_clean(f);
}

static void test_keep_unknown(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	tsdb_point p;
	assert_int_equal(load_fact(f, "CN-BJ", "1", "", 20250301, 1, &st), 0);
	assert_int_equal(st.assumed, 0);
	assert_int_equal(
	    load_fact(f, "CN-SH", "2", ",\"received\":\"2024-12-31\"", 20250301, 1, &st), 0);
	assert_int_equal(st.assumed, 1);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_int_equal(p.vintage, 0);
	assert_false(p.assumed);
	assert_int_equal(point(f, "CN-BJ", 19900101, &p), 0); /* unknown: seen as of any date */
	assert_int_equal(point(f, "CN-SH", 0, &p), 0);
	assert_true(p.vintage == 20241231 && p.assumed);
}

static void test_bad_received(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	tsdb_point p;
	assert_int_equal(
	    load_fact(f, "CN-BJ", "1", ",\"received\":\"2024-02-30\"", 20250301, 0, &st),
	    TSDB_EDATA);
	assert_int_equal(point(f, "CN-BJ", 0, &p), TSDB_NOTFOUND);
}

/* Stamps the store's format as f. */
static void stamp(struct fixture *f, const char *fmt)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta;
	MDB_val k = {6, "format"}, v = {strlen(fmt), (void *)fmt};
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_open(env, f->dir, 0, 0644), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	assert_int_equal(mdb_put(txn, meta, &k, &v, 0), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);
}

/* The stamp as it is now. */
static void stamp_is(struct fixture *f, const char *fmt)
{
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi meta;
	MDB_val k = {6, "format"}, v;
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_open(env, f->dir, MDB_RDONLY, 0644), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "meta", 0, &meta), 0);
	assert_int_equal(mdb_get(txn, meta, &k, &v), 0);
	assert_int_equal(v.mv_size, strlen(fmt));
	assert_memory_equal(v.mv_data, fmt, v.mv_size);
	mdb_txn_abort(txn);
	mdb_env_close(env);
}

static void test_format_upgrade(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	tsdb_load_stats st;
	tsdb_point p;
	tsdb_close(f->db);
	f->db = NULL;
	/* the previous format: read as it is, stamped anew by a writer */
	stamp(f, TS_FORMAT_OLD);
	assert_int_equal(tsdb_open(f->dir, TSDB_RDONLY, &f->db, &err), 0);
	check_clean(f); /* tsdb_check takes the previous stamp too */
	tsdb_close(f->db);
	stamp_is(f, TS_FORMAT_OLD);
	assert_int_equal(tsdb_open(f->dir, 0, &f->db, &err), 0);
	assert_int_equal(load_fact(f, "CN-BJ", "1", "", 20250301, 0, &st), 0);
	assert_int_equal(point(f, "CN-BJ", 0, &p), 0);
	assert_true(p.assumed);
	tsdb_close(f->db);
	f->db = NULL;
	stamp_is(f, TS_FORMAT);
	/* an older one still is refused, and left as it was */
	stamp(f, "5");
	assert_int_equal(tsdb_open(f->dir, 0, &f->db, &err), TSDB_EVERSION);
	assert_non_null(strstr(err.text, "has format 5; this tsdb reads format " TS_FORMAT));
	stamp_is(f, "5");
	f->db = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_load_date_assumed, setup_catalog, teardown_db),
	    cmocka_unit_test_setup_teardown(test_reload_later, setup_catalog, teardown_db),
	    cmocka_unit_test_setup_teardown(test_known_before_assumed, setup_catalog, teardown_db),
	    cmocka_unit_test_setup_teardown(test_keep_unknown, setup_catalog, teardown_db),
	    cmocka_unit_test_setup_teardown(test_bad_received, setup_catalog, teardown_db),
	    cmocka_unit_test_setup_teardown(test_format_upgrade, setup_catalog, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
