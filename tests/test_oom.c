/* test_oom.c — allocation failures: a load, a query and an export are run
 * again and again, the 1st, 2nd, ... Nth allocation failing in turn, until
 * one runs through without reaching the failure. Each runs twice: once with
 * the Nth allocation of libtsdb alone failing (the next one may succeed),
 * once with the Nth and every later one failing, jansson's included. Each time the operation
 * either ends with TSDB_ENOMEM and a message, or (where the library has a
 * way around the missing memory) gives exactly the answer of a run with
 * memory to spare; the database is left as it was; nothing leaks (make
 * sanitize runs this under LeakSanitizer).
 *
 * The seam is the linker's, not the library's: this program is linked with
 * --wrap for malloc, calloc, realloc, strdup and strndup (Makefile), so
 * every allocation libtsdb makes comes here first, and jansson is given the
 * same counting functions. libtsdb itself has no hook and no global state
 * for it. Allocations made inside LMDB, libcsv and utf8proc are not
 * counted: their own failure paths are theirs to test.
 *
 * Why jansson is only failed for good: jansson 2.14 drops a byte of the
 * string it is reading when growing its buffer fails (lex_save ignores the
 * failure), and when the next allocation succeeds it returns the record
 * with that string garbled, or invalid UTF-8, and no error. Memory that
 * stays short makes it fail outright, which the loader reports. */
#include <jansson.h>
#include <sys/stat.h>

#include "fixture.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* The test's own state: which allocation fails, and how many were made. */
static struct {
	int armed;
	int persistent; /* every allocation from the Nth on fails, jansson's too */
	long count, fail_at;
	int failed, in_jansson;
} oom;

static int fail_now(void)
{
	if (!oom.armed)
		return 0;
	if (++oom.count < oom.fail_at || (oom.count > oom.fail_at && !oom.persistent))
		return 0;
	oom.failed = 1;
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

static void *json_malloc(size_t n)
{
	if (!oom.persistent || !fail_now())
		return __real_malloc(n);
	oom.in_jansson = 1;
	return NULL;
}

static const char *const modes[2] = {"one allocation of libtsdb", "every allocation from then on"};

static void arm(long n)
{
	oom.count = 0;
	oom.fail_at = n;
	oom.failed = 0;
	oom.in_jansson = 0;
	oom.armed = 1;
}

static void disarm(void)
{
	oom.armed = 0;
}

/* ---- the data: catalog records, facts of every shape, a document, CSV ---- */

/* A few regions of its own rather than the built-in thousands: the state is
 * compared after every run, and a small one compares quickly. */
static const char catalog[] =
    "{\"type\":\"region\",\"code\":\"CN\",\"name\":\"China\",\"name_zh\":\"中国\","
    "\"level\":\"country\"}\n"
    "{\"type\":\"region\",\"code\":\"CN-BJ\",\"name\":\"Beijing\",\"name_zh\":\"北京\","
    "\"parent\":\"CN\",\"level\":\"province\"}\n"
    "{\"type\":\"region\",\"code\":\"CN-SH\",\"name\":\"Shanghai\",\"name_zh\":\"上海\","
    "\"parent\":\"CN\",\"level\":\"province\"}\n"
    "{\"type\":\"region\",\"code\":\"CN-JS\",\"name\":\"Jiangsu\",\"name_zh\":\"江苏\","
    "\"parent\":\"CN\",\"level\":\"province\",\"aliases\":[\"苏\"]}\n"
    "{\"type\":\"indicator\",\"id\":\"gdp\",\"name\":\"GDP\",\"name_zh\":\"地区生产总值\","
    "\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"indicator\",\"id\":\"population\",\"unit\":\"persons\",\"kind\":\"stock\"}\n"
    "{\"type\":\"source\",\"id\":\"nbs\",\"title\":\"国家统计局\",\"published\":\"2025-02-28\","
    "\"priority\":100}\n";

static const char lines[] =
    "{\"type\":\"source\",\"id\":\"rmrb\",\"title\":\"人民日报\",\"published\":\"2025-03-01\"}\n"
    "{\"type\":\"region\",\"code\":\"X-YRD\",\"name\":\"Yangtze delta\",\"level\":\"group\","
    "\"members\":[\"上海\",\"江苏\"],\"aliases\":[\"长三角\"]}\n"
    "{\"indicator\":\"gdp\",\"region\":\"北京\",\"period\":\"2023\",\"value\":43760.7,"
    "\"scale\":\"亿\",\"source\":\"nbs\",\"vintage\":\"2024-03-01\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"Beijing\",\"period\":\"2024\",\"value\":\"4.98万亿\","
    "\"qualifier\":\">\",\"source\":\"rmrb\",\"quote\":\"超过4.98万亿元\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"CN-SH\",\"period\":\"2023\",\"value\":47218.7,"
    "\"scale\":\"亿\",\"source\":{\"id\":\"sh-stats\",\"title\":\"上海统计局\"}}\n"
    "{\"indicator\":\"gdp\",\"region\":\"\\u4e0a\\u6d77\",\"period\":\"2024\",\"value\":5.39e12,"
    "\"status\":\"provisional\",\"source\":\"nbs\",\"note\":\"快报\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"北京\",\"period\":\"2023\",\"value\":43761,"
    "\"scale\":\"亿\",\"source\":\"nbs\",\"vintage\":\"2025-01-01\"}\n";

static const char document[] =
    "{\"source\":{\"id\":\"js-stats\",\"title\":\"江苏统计局\",\"published\":\"2025-02-01\"},\n"
    " \"defaults\":{\"indicator\":\"population\",\"unit\":\"persons\"},\n"
    " \"facts\":[{\"region\":\"江苏\",\"period\":\"2022\",\"value\":85150000},\n"
    "           {\"region\":\"江苏\",\"period\":\"2023\",\"value\":\"8526万\"},\n"
    "           {\"region\":\"CN-SH\",\"period\":\"2023\",\"value\":24874500}]}\n";

static const char csv[] = "region,period,value\n"
                          "CN-JS,2022,122875.6\n"
                          "江苏,2023,128222.2\n"
                          "\"Jiangsu\",2024,137008\n";

static const tsdb_csv_map csv_map = {.region = "region",
                                     .period = "period",
                                     .value = "value",
                                     .fixed_indicator = "gdp",
                                     .fixed_source = "nbs",
                                     .scale = "亿"};

struct files {
	char dir[64];
	char lines[96], document[96], csv[96];
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) < 0, 0);
	assert_int_equal(fclose(f), 0);
}

static void files_make(struct files *fl)
{
	snprintf(fl->dir, sizeof fl->dir, "/tmp/tsdb-oom-XXXXXX");
	assert_non_null(mkdtemp(fl->dir));
	snprintf(fl->lines, sizeof fl->lines, "%s/facts.jsonl", fl->dir);
	snprintf(fl->document, sizeof fl->document, "%s/js.json", fl->dir);
	snprintf(fl->csv, sizeof fl->csv, "%s/gdp.csv", fl->dir);
	write_file(fl->lines, lines);
	write_file(fl->document, document);
	write_file(fl->csv, csv);
}

static void files_remove(struct files *fl)
{
	unlink(fl->lines);
	unlink(fl->document);
	unlink(fl->csv);
	rmdir(fl->dir);
}

/* ---- the database and its state ---- */

/* The whole state, as mdb_dump -a shows it, but for the map size (growing
 * the map is not a change of content). Owned by the caller. */
static char *snapshot(const char *dir)
{
	char cmd[160], *text = NULL;
	size_t len = 0, cap = 0;
	snprintf(cmd, sizeof cmd, "mdb_dump -a '%s' | grep -v '^mapsize='", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 65536;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		size_t n = fread(text + len, 1, 4096, p);
		if (!n)
			break;
		len += n;
	}
	text[len] = 0;
	assert_int_equal(pclose(p), 0);
	return text;
}

static int load_text(tsdb *db, const char *dir, const char *name, const char *text)
{
	char path[128];
	tsdb_error err = {0};
	snprintf(path, sizeof path, "%s/%s", dir, name);
	write_file(path, text);
	const char *paths[1] = {path};
	int rc = tsdb_load_files(db, paths, 1, NULL, NULL, &err);
	unlink(path);
	if (rc)
		fail_msg("%s: %s", name, err.text);
	return rc;
}

/* The database every test starts from: the catalog. */
static struct fixture *base_db(void)
{
	struct fixture *f = fixture_open(NULL);
	load_text(f->db, f->dir, "catalog.jsonl", catalog);
	return f;
}

static int load_all(tsdb *db, const struct files *fl, tsdb_load_stats *st, tsdb_error *err)
{
	const char *paths[3] = {fl->lines, fl->document, fl->csv};
	tsdb_load_options o = {.csv = &csv_map};
	return tsdb_load_files(db, paths, 3, &o, st, err);
}

/* Fails unless the two states are the same, naming the first line that is
 * not. */
static void same_state(const char *what, long n, const char *got, const char *want)
{
	size_t i = 0, line = 1;
	while (got[i] && got[i] == want[i])
		line += got[i++] == '\n';
	if (!got[i] && !want[i])
		return;
	fail_msg(
	    "%s, allocation %ld failing%s: the state differs at line %zu: \"%.60s\" for \"%.60s\"",
	    what, n, oom.in_jansson ? " (in jansson)" : "", line, got + i, want + i);
}

/* Checks what a failed operation says: out of memory, in words. */
static void clean_error(const char *what, long n, int rc, const tsdb_error *err)
{
	if (rc != TSDB_ENOMEM || err->code != TSDB_ENOMEM || !err->text[0])
		fail_msg(
		    "%s, allocation %ld failing: status %d, error %d \"%s\" (want TSDB_ENOMEM)",
		    what, n, rc, err->code, err->text);
}

/* ---- a load ---- */

/* Runs the load with each allocation failing in turn; returns how many. */
static long load_failing(const struct files *fl, const char *after_ok, const tsdb_load_stats *want)
{
	struct fixture *f = base_db();
	char *before = snapshot(f->dir);
	tsdb_load_stats st;
	tsdb_error err = {0};
	long n, sites = 0, survived = 0;
	for (n = 1;; n++) {
		memset(&st, 0, sizeof st);
		tsdb_error_clear(&err);
		arm(n);
		int rc = load_all(f->db, fl, &st, &err);
		disarm();
		char *now = snapshot(f->dir);
		if (!oom.failed) {
			/* ran through: every allocation of the load has been failed */
			assert_int_equal(rc, 0);
			same_state("load", n, now, after_ok);
			free(now);
			break;
		}
		sites++;
		if (rc == 0) {
			/* the library found its way around: the same result */
			survived++;
			same_state("load", n, now, after_ok);
			assert_int_equal(st.added, want->added);
			assert_int_equal(st.revised, want->revised);
			fixture_close(f);
			f = base_db();
		} else {
			clean_error("load", n, rc, &err);
			same_state("load", n, now, before);
		}
		free(now);
	}
	print_message("load, %s failing: %ld allocations failed in turn (%ld worked around), all "
	              "handled\n",
	              modes[oom.persistent], sites, survived);
	free(before);
	fixture_close(f);
	return sites;
}

static void test_load_each_allocation_failing(void **state)
{
	(void)state;
	struct files fl;
	tsdb_load_stats want = {0};
	tsdb_error err = {0};
	files_make(&fl);

	/* the reference: a load with memory to spare */
	struct fixture *ref = base_db();
	if (load_all(ref->db, &fl, &want, &err))
		fail_msg("reference load: %s", err.text);
	char *after_ok = snapshot(ref->dir);
	fixture_close(ref);

	for (oom.persistent = 0; oom.persistent < 2; oom.persistent++)
		assert_true(load_failing(&fl, after_ok, &want) > 50);
	oom.persistent = 0;
	free(after_ok);
	files_remove(&fl);
}

/* ---- a query ---- */

/* Writes a panel's columns into out as text, from at; returns the new at. */
static size_t panel_text(const tsdb_panel *p, char *out, size_t at, size_t size)
{
	at += (size_t)snprintf(out + at, size - at, "[%s] %zu notes\n", p->unit, p->nnotes);
	for (size_t c = 0; c < p->ncols; c++)
		for (size_t k = 0; k < p->col[c].s.n; k++) {
			char per[TSDB_PERIOD_MAX];
			const tsdb_sample *x = &p->col[c].s.v[k];
			tsdb_period_format(x->period, per);
			at += (size_t)snprintf(out + at, size - at, "%s %s %.17g %s%s\n",
			                       p->col[c].asked, per, x->value, x->source,
			                       x->more_sources ? "+" : "");
		}
	return at;
}

/* Queries as tsq compare and rank ask them: an expression over regions
 * named in three ways and a group's aggregate, yearly; a transform over
 * the provinces of a country; the ranking at a period. The answer is
 * written into out as text. */
static int query(tsdb *db, char *out, size_t size, tsdb_error *err)
{
	static const char *const names[] = {"北京", "Shanghai", "CN-JS", "长三角", "X-YRD/*"};
	tsdb_panel_request ask = {.expr = "gdp / population * 10000",
	                          .regions = names,
	                          .nregions = 5,
	                          .freq = TSDB_FREQ_YEAR};
	tsdb_panel_request growth = {
	    .expr = "gdp", .level = "province", .within = "CN", .transform = "yoy"};
	tsdb_txn *txn = NULL;
	tsdb_panel *p = NULL, *g = NULL;
	tsdb_place *place = NULL;
	size_t at = 0, n = 0;
	tsdb_period y2023;
	int rc;
	out[0] = 0;
	if ((rc = tsdb_period_parse("2023", (size_t)-1, &y2023, err)) ||
	    (rc = tsdb_txn_begin(db, TSDB_RDONLY, &txn, err)) ||
	    (rc = tsdb_panel_query(txn, &ask, &p, err)) ||
	    (rc = tsdb_panel_query(txn, &growth, &g, err)) ||
	    (rc = tsdb_panel_rank(p, y2023, 0, &place, &n, err)))
		goto out;
	at = panel_text(p, out, at, size);
	at = panel_text(g, out, at, size);
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(out + at, size - at, "rank %zu %s\n", place[i].rank,
		                       p->col[place[i].col].reg.code);
out:
	free(place);
	tsdb_panel_free(p);
	tsdb_panel_free(g);
	tsdb_txn_abort(txn);
	return rc;
}

/* ---- an export ---- */

/* Everything the database holds, as tsq dump writes it (tsdb_dump). */
static int export(tsdb *db, char *out, size_t size, tsdb_error *err)
{
	tsdb_txn *txn = NULL;
	FILE *f = fmemopen(out, size, "w");
	int rc;
	assert_non_null(f);
	if (!(rc = tsdb_txn_begin(db, TSDB_RDONLY, &txn, err)))
		rc = tsdb_dump(txn, f, NULL, err);
	tsdb_txn_abort(txn);
	assert_int_equal(fclose(f), 0);
	if (rc)
		out[0] = 0;
	return rc;
}

/* Runs a read-only operation with each allocation failing in turn. */
static long each_read_failing(const char *what, int (*op)(tsdb *, char *, size_t, tsdb_error *))
{
	struct files fl;
	struct fixture *f = base_db();
	tsdb_error err = {0};
	char want[16384], got[16384];
	long n, sites = 0;
	files_make(&fl);
	if (load_all(f->db, &fl, NULL, &err) || op(f->db, want, sizeof want, &err))
		fail_msg("%s with memory to spare: %s", what, err.text);
	assert_true(strlen(want) > 100);
	char *before = snapshot(f->dir);
	for (oom.persistent = 0; oom.persistent < 2; oom.persistent++) {
		for (n = 1;; n++) {
			tsdb_error_clear(&err);
			arm(n);
			int rc = op(f->db, got, sizeof got, &err);
			disarm();
			if (!oom.failed) {
				assert_int_equal(rc, 0);
				same_state(what, n, got, want);
				break;
			}
			sites++;
			if (rc == 0)
				same_state(what, n, got, want);
			else
				clean_error(what, n, rc, &err);
		}
		print_message("%s, %s failing: %ld allocations failed in turn, all handled\n", what,
		              modes[oom.persistent], n - 1);
	}
	oom.persistent = 0;
	char *after = snapshot(f->dir);
	same_state(what, 0, after, before);
	free(before);
	free(after);
	files_remove(&fl);
	fixture_close(f);
	return sites;
}

static void test_query_each_allocation_failing(void **state)
{
	(void)state;
	assert_true(each_read_failing("query", query) > 5);
}

static void test_export_each_allocation_failing(void **state)
{
	(void)state;
	assert_true(each_read_failing("export", export) > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_each_allocation_failing),
	    cmocka_unit_test(test_query_each_allocation_failing),
	    cmocka_unit_test(test_export_each_allocation_failing),
	};
	json_set_alloc_funcs(json_malloc, free);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
