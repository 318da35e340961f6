/* test_load.c — the JSON loader: its three forms, defaults, every error
 * reported with its line and field, and all-or-nothing loads. */
#include "fixture.h"

static char *write_file(struct fixture *f, const char *name, const char *text)
{
	static char path[160];
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

struct errors {
	int n;
	char text[16][400];
};

static void collect(const tsdb_error *e, void *arg)
{
	struct errors *es = arg;
	if (es->n < 16)
		tsdb_error_format(e, es->text[es->n++], sizeof es->text[0]);
}

static int load(struct fixture *f, const char *path, int dry, tsdb_load_stats *st, struct errors *es)
{
	tsdb_load_options o = {.dry_run = dry, .on_error = collect, .arg = es};
	const char *paths[1] = {path};
	tsdb_error err = {0};
	return tsdb_load_files(f->db, paths, 1, &o, st, &err);
}

static double value(struct fixture *f, const char *ind, const char *region, const char *period)
{
	tsdb_txn *t;
	tsdb_point p;
	tsdb_period per;
	assert_int_equal(tsdb_period_parse(period, (size_t)-1, &per, NULL), 0);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	int rc = tsdb_obs_get(t, ind, region, per, 0, &p, NULL);
	tsdb_txn_abort(t);
	return rc ? -1 : p.value;
}

static const char *catalog =
    "{\"type\":\"indicator\",\"id\":\"rd\",\"name\":\"R&D\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"indicator\",\"id\":\"growth\",\"unit\":\"percent\",\"kind\":\"rate\"}\n"
    "{\"type\":\"source\",\"id\":\"s\",\"title\":\"T\",\"published\":\"2024-07-22\",\"priority\":10}\n";

static void test_json_lines(void **state)
{
	struct fixture *f = *state;
	char text[2048];
	tsdb_load_stats st;
	struct errors es = {0};
	snprintf(text, sizeof text, "\xEF\xBB\xBF%s"
	         "{\"indicator\":\"rd\",\"region\":\"中国\",\"period\":\"2024\",\"value\":\"3.6万亿\",\"qualifier\":\">\",\"status\":\"estimate\",\"source\":\"s\"}\r\n"
	         "\n"
	         "{\"indicator\":\"rd\",\"region\":\"Shanghai\",\"period\":\"2024-07-22\",\"value\":\"1.066\",\"scale\":\"billion\",\"source\":\"s\"}\n"
	         "{\"indicator\":\"growth\",\"region\":\"CN\",\"period\":\"2024-H1\",\"value\":\"8.7%%\",\"source\":\"s\"}\n"
	         "{\"indicator\":\"rd\",\"region\":\"广东\",\"period\":\"2023\",\"value\":1.066,\"scale\":\"亿\"}\n",
	         catalog);
	assert_int_equal(load(f, write_file(f, "a.jsonl", text), 0, &st, &es), 0);
	assert_int_equal(st.added, 4);
	assert_int_equal(st.catalog, 3);
	assert_int_equal(st.records, 7);
	assert_true(value(f, "rd", "CN", "2024") == 3600000000000.0);
	assert_true(value(f, "rd", "CN-SH", "2024-07-22") == 1066000000.0);
	assert_true(value(f, "growth", "CN", "2024-H1") == 8.7);
	assert_true(value(f, "rd", "CN-GD", "2023") == 106600000.0);
	/* again: nothing changes */
	assert_int_equal(load(f, write_file(f, "a.jsonl", text), 0, &st, &es), 0);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.unchanged, 4);
}

static void test_document_with_defaults(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	const char *doc =
	    "{\n"
	    "  \"indicators\": [{\"id\": \"hte\", \"name\": \"High-tech enterprises\", \"unit\": \"count\", \"kind\": \"stock\"}],\n"
	    "  \"source\": {\"id\": \"rmrb\", \"title\": \"People's Daily\", \"published\": \"2024-07-22\"},\n"
	    "  \"defaults\": {\"region\": \"CN\", \"status\": \"actual\"},\n"
	    "  \"facts\": [\n"
	    "    {\"indicator\": \"hte\", \"period\": \"2024-06-30\", \"value\": \"463,000\"},\n"
	    "    {\"indicator\": \"hte\", \"region\": \"广东\", \"period\": \"2024-04-30\", \"value\": \"7.5万\"}\n"
	    "  ]\n}\n";
	assert_int_equal(load(f, write_file(f, "d.json", doc), 0, &st, &es), 0);
	assert_int_equal(st.added, 2);
	assert_true(value(f, "hte", "CN", "2024-06-30") == 463000);
	assert_true(value(f, "hte", "CN-GD", "2024-04-30") == 75000);
	tsdb_txn *t;
	tsdb_point p;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_obs_get(t, "hte", "CN", (tsdb_period){20240630, 20240630}, 0, &p, NULL), 0);
	assert_string_equal(p.source, "rmrb"); /* the document's source applies to its facts */
	assert_int_equal(p.vintage, 20240722);
	tsdb_txn_abort(t);
}

static void test_array(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	const char *arr = "[{\"type\":\"indicator\",\"id\":\"x\",\"unit\":\"count\",\"kind\":\"stock\"},\n"
	                  " {\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2020\",\"value\":1},\n"
	                  " {\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2020-13\",\"value\":1}]";
	assert_int_equal(load(f, write_file(f, "arr.json", arr), 0, &st, &es), TSDB_EDATA);
	assert_int_equal(es.n, 1);
	assert_non_null(strstr(es.text[0], "[3].period: period \"2020-13\": month must be 01-12"));
	assert_true(value(f, "x", "CN", "2020") == -1); /* nothing of the load was written */
}

static void test_every_error_reported(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	char text[4096];
	snprintf(text, sizeof text, "%s"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":1}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024-Q5\",\"value\":1}\n"
	         "{\"indicator\":\"rd\",\"region\":\"Guangdon\",\"period\":\"2024\",\"value\":1}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2025/2021\",\"value\":1}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":\"NaN\"}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":1,\"qualifier\":\"about\"}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":1,\"status\":\"final\"}\n"
	         "{\"indicator\":\"growth\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"5%%\",\"unit\":\"pp\"}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"5%%\"}\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":2023,\"value\":1}\n"
	         "[1,2]\n"
	         "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":2}\n",
	         catalog);
	assert_int_equal(load(f, write_file(f, "bad.jsonl", text), 0, &st, &es), TSDB_EDATA);
	const char *want[] = {
	    "bad.jsonl:5: period: period \"2024-Q5\": quarter must be Q1-Q4",
	    "bad.jsonl:6: region: unknown region \"Guangdon\"",
	    "bad.jsonl:7: period: period \"2025/2021\": the range ends before it starts",
	    "bad.jsonl:8: value: value \"NaN\": expected a number",
	    "bad.jsonl:9: qualifier: \"about\": expected =, ~, >, >=, < or <=",
	    "bad.jsonl:10: status: \"final\": expected actual",
	    "bad.jsonl:11: unit: \"pp\" contradicts growth, which is measured in percent",
	    "bad.jsonl:12: value: a percentage, but rd is measured in CNY",
	    "bad.jsonl:13: period: expected a string",
	    "bad.jsonl:14: expected a JSON object",
	    "bad.jsonl:15: value: the same source and vintage already gave 1",
	};
	assert_int_equal(es.n, 11);
	for (int i = 0; i < 11; i++)
		if (!strstr(es.text[i], want[i]))
			fail_msg("error %d is \"%s\", not \"%s\"", i, es.text[i], want[i]);
	assert_int_equal(st.errors, 11);
	assert_true(value(f, "rd", "CN", "2024") == -1);
	/* the catalog entries of the failed load were not written either */
	tsdb_txn *t;
	tsdb_indicator ind;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_indicator_get(t, "rd", &ind, NULL), TSDB_EUNKNOWN);
	tsdb_txn_abort(t);
}

static void test_max_errors(void **state)
{
	struct fixture *f = *state;
	char text[8192] = "";
	size_t n = 0;
	for (int i = 0; i < 50; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "{\"indicator\":\"nope\",\"region\":\"CN\",\"period\":\"2024\",\"value\":1}\n");
	tsdb_load_options o = {.max_errors = 5};
	tsdb_load_stats st;
	const char *paths[1] = {write_file(f, "many.jsonl", text)};
	tsdb_error err = {0};
	assert_int_equal(tsdb_load_files(f->db, paths, 1, &o, &st, &err), TSDB_EDATA);
	assert_int_equal(st.errors, 5);
	assert_int_equal(err.line, 1);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	char text[2048];
	snprintf(text, sizeof text, "%s{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":1}\n", catalog);
	assert_int_equal(load(f, write_file(f, "dry.jsonl", text), 1, &st, &es), 0);
	assert_int_equal(st.added, 1);
	assert_true(value(f, "rd", "CN", "2024") == -1);
}

static void test_empty_and_binary_files(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	assert_int_equal(load(f, write_file(f, "empty.jsonl", ""), 0, &st, &es), TSDB_EDATA);
	assert_non_null(strstr(es.text[0], "empty file"));
	assert_int_equal(load(f, "/nonexistent/file.jsonl", 0, &st, &es), TSDB_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_json_lines, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_document_with_defaults, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_array, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_every_error_reported, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_max_errors, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup_regions, teardown_db),
	    cmocka_unit_test_setup_teardown(test_empty_and_binary_files, setup_regions, teardown_db),
	};
	return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
