/* test_load.c — the JSON loader: its three forms, defaults, every error
 * reported with its line and field, and all-or-nothing loads. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

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

/* Loads the file at path (dry: a dry run) and requires status rc and, in
 * order, exactly the errors of want (NULL-ended; NULL: none), each holding
 * its string. Returns the load's counts. */
static tsdb_load_stats loaded(struct fixture *f, const char *path, int dry, int rc,
                              const char *const *want)
{
	struct errors es = {0};
	tsdb_load_stats st = {0};
	int got = load(f, path, dry, &st, &es), n = 0;
	while (want && want[n])
		n++;
	if (got != rc || es.n != n)
		fail_msg("%s: status %d and %d errors, not %d and %d (first: %s)", path, got, es.n, rc, n,
		         es.n ? es.text[0] : "none");
	for (int i = 0; i < n; i++)
		if (!strstr(es.text[i], want[i]))
			fail_msg("%s: error %d is \"%s\", not \"%s\"", path, i, es.text[i], want[i]);
	return st;
}

/* The same for text, written first to the file name in the database's directory. */
static tsdb_load_stats loads(struct fixture *f, const char *name, const char *text, int rc,
                             const char *const *want)
{
	return loaded(f, write_file(f, name, text), 0, rc, want);
}

static double value(struct fixture *f, const char *ind, const char *region, const char *period)
{
	tsdb_txn *t;
	tsdb_point p;
	tsdb_period per = fixture_period(period);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	int rc = tsdb_obs_get(t, ind, region, per, 0, &p, NULL);
	tsdb_txn_abort(t);
	return rc ? -1 : p.value;
}

/* A fact's value as stored, or -1: none is. */
struct stored {
	const char *ind, *region, *period;
	double value;
};

/* Each of the n facts of want is stored with its value (or not at all). */
static void stored(struct fixture *f, const struct stored *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double v = value(f, want[i].ind, want[i].region, want[i].period);
		if (v != want[i].value)
			fail_msg("fact %zu, %s %s %s: %.17g, not %.17g", i, want[i].ind, want[i].region,
			         want[i].period, v, want[i].value);
	}
}

#define CATALOG                                                                                    \
	"{\"type\":\"indicator\",\"id\":\"rd\",\"name\":\"R&D\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"  \
	"{\"type\":\"indicator\",\"id\":\"growth\",\"unit\":\"percent\",\"kind\":\"rate\"}\n"           \
	"{\"type\":\"source\",\"id\":\"s\",\"title\":\"T\",\"published\":\"2024-07-22\",\"priority\":10}\n"

static void test_json_lines(void **state)
{
	struct fixture *f = *state;
	static const char text[] =
	    "\xEF\xBB\xBF" CATALOG
	    "{\"indicator\":\"rd\",\"region\":\"中国\",\"period\":\"2024\",\"value\":\"3.6万亿\",\"qualifier\":\">\",\"status\":\"estimate\",\"source\":\"s\"}\r\n"
	    "\n"
	    "{\"indicator\":\"rd\",\"region\":\"Shanghai\",\"period\":\"2024-07-22\",\"value\":\"1.066\",\"scale\":\"billion\",\"source\":\"s\"}\n"
	    "{\"indicator\":\"growth\",\"region\":\"CN\",\"period\":\"2024-H1\",\"value\":\"8.7%\",\"source\":\"s\"}\n"
	    "{\"indicator\":\"rd\",\"region\":\"广东\",\"period\":\"2023\",\"value\":1.066,\"scale\":\"亿\"}\n";
	static const struct stored want[] = {{"rd", "CN", "2024", 3600000000000.0},
	                                     {"rd", "CN-SH", "2024-07-22", 1066000000.0},
	                                     {"growth", "CN", "2024-H1", 8.7},
	                                     {"rd", "CN-GD", "2023", 106600000.0}};
	tsdb_load_stats st = loads(f, "a.jsonl", text, 0, NULL);
	assert_int_equal(st.added, 4);
	assert_int_equal(st.catalog, 3);
	assert_int_equal(st.records, 7);
	stored(f, want, countof(want));
	/* again: nothing changes */
	st = loads(f, "a.jsonl", text, 0, NULL);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.unchanged, 4);
}

/* Documents, with the facts they add and store: defaults and a source that
 * apply to their facts; and members read in the order they apply, wherever
 * they are (here the facts come first, then the defaults, the source and the
 * indicator they need). */
static const struct accepted_doc {
	const char *name, *text;
	struct stored facts[2];
} docs[] = {
    {"d.json",
     "{\n"
     "  \"indicators\": [{\"id\": \"hte\", \"name\": \"High-tech enterprises\", \"unit\": \"count\", \"kind\": \"stock\"}],\n"
     "  \"source\": {\"id\": \"rmrb\", \"title\": \"People's Daily\", \"published\": \"2024-07-22\"},\n"
     "  \"defaults\": {\"region\": \"CN\", \"status\": \"actual\"},\n"
     "  \"facts\": [\n"
     "    {\"indicator\": \"hte\", \"period\": \"2024-06-30\", \"value\": \"463,000\"},\n"
     "    {\"indicator\": \"hte\", \"region\": \"广东\", \"period\": \"2024-04-30\", \"value\": \"7.5万\"}\n"
     "  ]\n}\n",
     {{"hte", "CN", "2024-06-30", 463000}, {"hte", "CN-GD", "2024-04-30", 75000}}},
    {"late.json",
     "{\"facts\": [{\"period\": \"2024\", \"value\": \"7.5万\"},\n"
     "           {\"period\": \"2023\", \"value\": 70000, \"region\": \"CN-BJ\"}],\n"
     " \"defaults\": {\"indicator\": \"hte\", \"region\": \"广东\"},\n"
     " \"source\": {\"id\": \"s\", \"published\": \"2024-05-01\"},\n"
     " \"indicators\": [{\"id\": \"hte\", \"unit\": \"count\", \"kind\": \"stock\"}]}\n",
     {{"hte", "CN-GD", "2024", 75000}, {"hte", "CN-BJ", "2023", 70000}}},
};

static void test_documents(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < countof(docs); i++) {
		if (loads(f, docs[i].name, docs[i].text, 0, NULL).added != countof(docs[i].facts))
			fail_msg("%s: not %zu facts added", docs[i].name, countof(docs[i].facts));
		stored(f, docs[i].facts, countof(docs[i].facts));
	}
	/* the document's source applies to its facts */
	tsdb_txn *t;
	tsdb_point p;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_obs_get(t, "hte", "CN", (tsdb_period){20240630, 20240630}, 0, &p, NULL), 0);
	assert_string_equal(p.source, "rmrb");
	assert_int_equal(p.vintage, 20240722);
	tsdb_txn_abort(t);
	/* an array reports its elements by number */
	const char *arr = "[{\"indicator\":\"hte\",\"region\":\"CN\",\"period\":\"2020\",\"value\":1},\n"
	                  " 42,\n"
	                  " {\"indicator\":\"hte\",\"region\":\"CN\",\"period\":\"2020\",\"value\":1 1}]\n";
	loads(f, "arr.json", arr, TSDB_EDATA,
	      (const char *const[]){"arr.json: [2]: expected a JSON object", "arr.json:3: invalid JSON",
	                            NULL});
}



/* Loads refused whole: the file and its text, the errors reported, in the
 * order of the input whether found reading or writing (facts are written
 * sorted by key; a conflict found while writing names its line), and a fact
 * of the load that is not stored. */
struct refused_load {
	const char *name, *text;
	const char *errors[12]; /* NULL-ended */
	struct stored absent;
};

static const struct refused_load refused_loads[] = {
    {"arr.json",
     "[{\"type\":\"indicator\",\"id\":\"x\",\"unit\":\"count\",\"kind\":\"stock\"},\n"
     " {\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2020\",\"value\":1},\n"
     " {\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2020-13\",\"value\":1}]",
     {"[3].period: period \"2020-13\": month must be 01-12"},
     {"x", "CN", "2020", -1}},
    {"bad.jsonl",
     CATALOG
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":1}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024-Q5\",\"value\":1}\n"
     "{\"indicator\":\"rd\",\"region\":\"Guangdon\",\"period\":\"2024\",\"value\":1}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2025/2021\",\"value\":1}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":\"NaN\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":1,\"qualifier\":\"about\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":1,\"status\":\"final\"}\n"
     "{\"indicator\":\"growth\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"5%\",\"unit\":\"pp\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"5%\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":2023,\"value\":1}\n"
     "[1,2]\n"
     "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":2}\n",
     {"bad.jsonl:5: period: period \"2024-Q5\": quarter must be Q1-Q4",
      "bad.jsonl:6: region: unknown region \"Guangdon\"",
      "bad.jsonl:7: period: period \"2025/2021\": the range ends before it starts",
      "bad.jsonl:8: value: value \"NaN\": expected a number",
      "bad.jsonl:9: qualifier: \"about\": expected =, ~, >, >=, < or <=",
      "bad.jsonl:10: status: \"final\": expected actual",
      "bad.jsonl:11: unit: \"pp\" contradicts growth, which is measured in percent",
      "bad.jsonl:12: value: a percentage, but rd is measured in CNY",
      "bad.jsonl:13: period: expected a string",
      "bad.jsonl:14: expected a JSON object",
      "bad.jsonl:15: value: the same source and vintage already gave 1"},
     {"rd", "CN", "2024", -1}},
    {"order.jsonl",
     CATALOG
     "{\"indicator\":\"rd\",\"region\":\"CN-XJ\",\"period\":\"2024\",\"value\":1,\"source\":\"s\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN-BJ\",\"period\":\"2024\",\"value\":1,\"source\":\"s\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN-XJ\",\"period\":\"2024\",\"value\":2,\"source\":\"s\"}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN-BJ\",\"period\":\"2024-13\",\"value\":1}\n"
     "{\"indicator\":\"rd\",\"region\":\"CN-BJ\",\"period\":\"2024\",\"value\":3,\"source\":\"s\"}\n",
     {"order.jsonl:6: value: the same source and vintage already gave 1",
      "order.jsonl:7: period: period \"2024-13\"",
      "order.jsonl:8: value: the same source and vintage already gave 1"},
     {"rd", "CN-XJ", "2024", -1}},
    {"empty.jsonl", "", {"empty file"}, {0}},
};

/* Each refused load reports its errors and writes nothing, not even its catalog entries. */
static void test_refused_loads(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_indicator ind;
	for (size_t i = 0; i < countof(refused_loads); i++) {
		const struct refused_load *c = &refused_loads[i];
		size_t n = 0;
		while (n < countof(c->errors) && c->errors[n])
			n++;
		if (loads(f, c->name, c->text, TSDB_EDATA, c->errors).errors != n)
			fail_msg("%s: not %zu errors counted", c->name, n);
		if (c->absent.ind)
			stored(f, &c->absent, 1);
	}
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
	static const char text[] =
	    CATALOG "{\"indicator\":\"rd\",\"region\":\"CN\",\"period\":\"2024\",\"value\":1}\n";
	assert_int_equal(loaded(f, write_file(f, "dry.jsonl", text), 1, 0, NULL).added, 1);
	assert_true(value(f, "rd", "CN", "2024") == -1);
}

static void test_missing_file(void **state)
{
	tsdb_load_stats st;
	struct errors es = {0};
	assert_int_equal(load(*state, "/nonexistent/file.jsonl", 0, &st, &es), TSDB_EIO);
}

/* ---- streaming, formats, progress, order of writes ---- */

struct calls {
	int n, max_attempt, last_committing;
	uint64_t last_bytes, total, records;
	int backwards;
};

static void count_progress(const tsdb_load_progress *p, void *arg)
{
	struct calls *c = arg;
	if (p->attempt > c->max_attempt) {
		c->max_attempt = p->attempt;
		c->last_bytes = 0;
	}
	if (p->bytes < c->last_bytes)
		c->backwards = 1;
	c->n++;
	c->last_bytes = p->bytes;
	c->total = p->total;
	c->records = p->records;
	c->last_committing = p->committing;
}

/* Writes n facts of indicator x as JSON Lines to fd, each with a note that
 * takes room in the map (a series block codes the values in a few bytes). */
static void write_facts(int fd, int n)
{
	FILE *out = fdopen(fd, "w");
	assert_non_null(out);
	fputs("{\"type\":\"indicator\",\"id\":\"x\",\"unit\":\"count\",\"kind\":\"stock\"}\n", out);
	for (int i = 0; i < n; i++)
		fprintf(out, "{\"indicator\":\"x\",\"region\":\"%s\",\"period\":\"%d-%02d\",\"value\":%d,"
		             "\"note\":\"row %d of a load from a pipe\"}\n",
		        i % 3 == 0 ? "CN" : i % 3 == 1 ? "CN-GD" : "CN-BJ", 1000 + i / 36, 1 + (i / 3) % 12, i, i);
	fclose(out);
}

/* A load from a pipe that outgrows the map: the load runs again in a larger
 * map, reading what it had read back from its spool, and everything is
 * there once. */
enum { PIPE_MAP = 4u << 20 };

/* The built-in regions in a database whose map starts at PIPE_MAP. */
static int setup_pipe_map(void **state)
{
	tsdb_options opts = {.initial_map = PIPE_MAP};
	*state = fixture_open(&opts);
	fixture_update(*state, load_builtin, NULL);
	return 0;
}

static void test_pipe_outgrows_map(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	int p[2], saved = dup(0);
	enum { N = 200000 };
	assert_int_equal(pipe(p), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(p[0]);
		write_facts(p[1], N);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(dup2(p[0], 0), 0);
	close(p[0]);
	struct calls c = {0};
	tsdb_load_options o = {.on_progress = count_progress, .arg = &c};
	tsdb_load_stats st;
	const char *paths[1] = {"-"};
	int rc = tsdb_load_files(f->db, paths, 1, &o, &st, &err);
	dup2(saved, 0);
	close(saved);
	waitpid(child, NULL, 0);
	if (rc)
		fail_msg("load: %s", err.text);
	assert_int_equal(st.added, N);
	assert_true(c.max_attempt >= 2); /* it did run again */
	assert_int_equal(c.total, 0);    /* a pipe's size is not known */
	assert_int_equal(c.backwards, 0);
	assert_true(c.last_committing);
	tsdb_txn *t;
	tsdb_stats s;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_stats_get(t, &s, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(s.observations, N);
	assert_true(s.map_size > PIPE_MAP);
}

/* The progress callback, without timing: bytes only grow, to the size of
 * the file; the last call says the load is about to commit. */
static void test_progress(void **state)
{
	struct fixture *f = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/many.jsonl", f->dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	write_facts(fd, 30000);
	struct calls c = {0};
	tsdb_load_options o = {.on_progress = count_progress, .arg = &c};
	tsdb_load_stats st;
	const char *paths[1] = {path};
	tsdb_error err = {0};
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(tsdb_load_files(f->db, paths, 1, &o, &st, &err), 0);
	assert_true(c.n > 3); /* 2 MB read in pieces */
	assert_int_equal(c.max_attempt, 1);
	assert_int_equal(c.backwards, 0);
	assert_int_equal(c.total, (uint64_t)sb.st_size);
	assert_int_equal(c.last_bytes, (uint64_t)sb.st_size);
	assert_int_equal(c.records, 30001);
	assert_true(c.last_committing);
	/* a dry run reports its end too; a failed load never says committing */
	memset(&c, 0, sizeof c);
	o.dry_run = 1;
	assert_int_equal(tsdb_load_files(f->db, paths, 1, &o, &st, &err), 0);
	assert_true(c.last_committing);
	memset(&c, 0, sizeof c);
	o.dry_run = 0;
	paths[0] = write_file(f, "bad.jsonl", "{\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2024-13\",\"value\":1}\n");
	assert_int_equal(tsdb_load_files(f->db, paths, 1, &o, &st, &err), TSDB_EDATA);
	assert_false(c.last_committing);
}

static void test_formats(void **state)
{
	struct fixture *f = *state;
	tsdb_load_stats st;
	struct errors es = {0};
	tsdb_csv_map map = {.region = "region", .period = "period", .value = "value", .fixed_indicator = "x"};
	tsdb_load_options o = {.on_error = collect, .arg = &es};
	tsdb_error err = {0};
	const char *paths[2];
	char *p = write_file(f, "x.jsonl", "{\"type\":\"indicator\",\"id\":\"x\",\"unit\":\"count\",\"kind\":\"stock\"}\n");
	char x[160];
	snprintf(x, sizeof x, "%s", p);
	paths[0] = x;
	/* a .csv without a map, and text that is not JSON without one */
	paths[1] = write_file(f, "a.csv", "region,period,value\nCN,2020,1\n");
	assert_int_equal(tsdb_load_files(f->db, paths, 2, &o, &st, &err), TSDB_EDATA);
	assert_non_null(strstr(es.text[0], "a.csv: CSV needs a column map"));
	es.n = 0;
	paths[1] = write_file(f, "a.dat", "region,period,value\nCN,2020,1\n");
	assert_int_equal(tsdb_load_files(f->db, paths, 2, &o, &st, &err), TSDB_EDATA);
	assert_non_null(strstr(es.text[0], "a.dat: cannot tell the format: not JSON (it begins \"region,period,value\")"));
	/* with a map: the catalog as JSON and the data as CSV, in one load */
	es.n = 0;
	o.csv = &map;
	assert_int_equal(tsdb_load_files(f->db, paths, 2, &o, &st, &err), 0);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.catalog, 1);
	/* tabs by name and by --format; a .txt read as JSON Lines when told */
	paths[1] = write_file(f, "b.tsv", "region\tperiod\tvalue\nCN\t2021\t2\n");
	assert_int_equal(tsdb_load_files(f->db, paths + 1, 1, &o, &st, &err), 0);
	assert_int_equal(st.added, 1);
	paths[1] = write_file(f, "b.txt", "region\tperiod\tvalue\nCN\t2022\t3\n");
	o.format = TSDB_FORMAT_TSV;
	assert_int_equal(tsdb_load_files(f->db, paths + 1, 1, &o, &st, &err), 0);
	assert_int_equal(st.added, 1);
	assert_true(value(f, "x", "CN", "2022") == 3);
	o.format = TSDB_FORMAT_JSONL;
	o.csv = NULL;
	paths[1] = write_file(f, "c.txt", "{\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2023\",\"value\":4}\n");
	assert_int_equal(tsdb_load_files(f->db, paths + 1, 1, &o, &st, &err), 0);
	assert_true(value(f, "x", "CN", "2023") == 4);
	/* --format json wants one value: JSON Lines are an error there */
	es.n = 0;
	o.format = TSDB_FORMAT_JSON;
	paths[1] = write_file(f, "d.txt", "{\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2023\",\"value\":4}\n"
	                                  "{\"indicator\":\"x\",\"region\":\"CN\",\"period\":\"2024\",\"value\":5}\n");
	assert_int_equal(tsdb_load_files(f->db, paths + 1, 1, &o, &st, &err), TSDB_EDATA);
	assert_int_equal(es.n, 1);
	assert_non_null(strstr(es.text[0], "d.txt:1: a record of JSON Lines, not an array or a document"));
	assert_true(value(f, "x", "CN", "2024") == -1);
}



/* Revisions and disagreements: a later vintage is a new version and is
 * shown; two sources of the same vintage are both kept, the one of higher
 * priority shown and the observation marked as disputed; a source
 * declared between facts applies to those after it only. */
static void test_revisions_and_conflicts(void **state)
{
	struct fixture *f = *state;
	const char *text =
	    "{\"type\":\"indicator\",\"id\":\"hte\",\"unit\":\"count\",\"kind\":\"stock\"}\n"
	    "{\"type\":\"source\",\"id\":\"paper\",\"published\":\"2024-07-22\",\"priority\":10}\n"
	    "{\"type\":\"source\",\"id\":\"bureau\",\"published\":\"2024-07-22\",\"priority\":50}\n"
	    "{\"indicator\":\"hte\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"463,000\",\"source\":\"paper\"}\n"
	    "{\"indicator\":\"hte\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"460,000\",\"source\":\"bureau\"}\n"
	    "{\"indicator\":\"hte\",\"region\":\"CN\",\"period\":\"2023\",\"value\":\"504,000\",\"source\":\"paper\",\"vintage\":\"2025-09-16\"}\n";
	tsdb_load_stats st = loads(f, "rev.jsonl", text, 0, NULL);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.revised, 2);
	assert_true(value(f, "hte", "CN", "2023") == 504000);
	tsdb_txn *t;
	tsdb_point p;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_obs_get(t, "hte", "CN", (tsdb_period){20230101, 20231231}, 20250101, &p, NULL), 0);
	assert_true(p.value == 460000); /* as of 2025-01-01: the bureau wins the tie */
	assert_string_equal(p.source, "bureau");
	assert_true(p.conflict);
	tsdb_txn_abort(t);
	/* loading it again changes nothing */
	st = loads(f, "rev.jsonl", text, 0, NULL);
	assert_int_equal(st.added + st.revised, 0);
	assert_int_equal(st.unchanged, 3);
}

/* Every value form and scale, exactly. */
static void test_value_forms(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *value, *scale;
		double want;
	} cases[] = {
	    {"75,000", NULL, 75000},           {"3.6万亿", NULL, 3600000000000.0},
	    {"1.066 billion", NULL, 1066000000}, {"9.9", NULL, 9.9},
	    {"1.066", "billion", 1066000000},  {"7.1万", NULL, 71000},
	    {"2.5亿", NULL, 250000000},        {"3.6", "万亿", 3600000000000.0},
	    {"12", "thousand", 12000},         {"4.5", "million", 4500000},
	    {"0.3", "trillion", 300000000000}, {"5", "1e4", 50000},
	    {"5", "万", 50000},                {"5", "亿", 500000000},
	    {"1.9万亿", NULL, 1900000000000.0}, {"-2.5", NULL, -2.5},
	};
	char text[8192] = "{\"type\":\"indicator\",\"id\":\"v\",\"unit\":\"count\",\"kind\":\"stock\"}\n"
	                  "{\"type\":\"indicator\",\"id\":\"pc\",\"unit\":\"percent\",\"kind\":\"rate\"}\n"
	                  "{\"indicator\":\"pc\",\"region\":\"CN\",\"period\":\"2024-H1\",\"value\":\"8.7%\"}\n"
	                  "{\"indicator\":\"v\",\"region\":\"CN\",\"period\":\"1990\",\"value\":1.066,\"scale\":\"billion\"}\n";
	size_t n = strlen(text);
	size_t k = sizeof cases / sizeof *cases;
	for (size_t i = 0; i < k; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "{\"indicator\":\"v\",\"region\":\"CN\",\"period\":\"%zu\",\"value\":\"%s\"%s%s%s}\n",
		                      2000 + i, cases[i].value, cases[i].scale ? ",\"scale\":\"" : "",
		                      cases[i].scale ? cases[i].scale : "", cases[i].scale ? "\"" : "");
	loads(f, "values.jsonl", text, 0, NULL);
	assert_true(value(f, "pc", "CN", "2024-H1") == 8.7);
	assert_true(value(f, "v", "CN", "1990") == 1066000000);
	for (size_t i = 0; i < k; i++) {
		char per[8];
		snprintf(per, sizeof per, "%zu", 2000 + i);
		if (value(f, "v", "CN", per) != cases[i].want)
			fail_msg("\"%s\" scale %s: got %.17g, want %.17g", cases[i].value,
			         cases[i].scale ? cases[i].scale : "-", value(f, "v", "CN", per), cases[i].want);
	}
}

/* Writes the facts of the batches test: 11 regions × 27,552 days, region
 * by region (not key order), more than two batches of the load's sort.
 * With errors: fact 5 has a bad period, fact 100 repeats fact 3's key with
 * another value (found only when the batches are merged), fact 250,000 has
 * a bad value. Returns the count. */
static int write_many(struct fixture *f, const char *name, int errors)
{
	static const char *const regions[] = {"CN-XJ", "CN-BJ", "CN-SH", "CN-GD", "CN-ZJ", "CN-JS",
	                                      "CN-SD", "CN-HE", "CN-SC", "CN-HB", "CN-HN"};
	char path[160];
	int k = 0;
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(CATALOG, fp);
	for (int r = 0; r < 11; r++)
		for (int y = 1940; y < 2022; y++)
			for (int m = 1; m <= 12; m++)
				for (int d = 1; d <= 28; d++, k++) {
					if (errors && k == 5)
						fprintf(fp, "{\"indicator\":\"rd\",\"region\":\"%s\",\"period\":\"%d-13\",\"value\":1}\n",
						        regions[r], y);
					else if (errors && k == 100)
						fputs("{\"indicator\":\"rd\",\"region\":\"CN-XJ\",\"period\":\"1940-01-04\",\"value\":9}\n", fp);
					else if (errors && k == 250000)
						fprintf(fp, "{\"indicator\":\"rd\",\"region\":\"%s\",\"period\":\"%d-%02d-%02d\",\"value\":\"x\"}\n",
						        regions[r], y, m, d);
					else
						fprintf(fp, "{\"indicator\":\"rd\",\"region\":\"%s\",\"period\":\"%d-%02d-%02d\",\"value\":%d.25}\n",
						        regions[r], y, m, d, k);
				}
	fclose(fp);
	return k;
}

/* A load larger than one batch is sorted through a file: everything is
 * stored once, exactly, and the errors of every batch, found reading or
 * writing, are reported in the order of the input. */
static void test_sorted_across_batches(void **state)
{
	struct fixture *f = *state;
	char path[160];
	static const char *const want[] = {
	    "bad.jsonl:9: period:",
	    "bad.jsonl:104: value: the same source and vintage already gave 3.25",
	    "bad.jsonl:250004: value:", NULL};
	write_many(f, "bad.jsonl", 1);
	snprintf(path, sizeof path, "%s/bad.jsonl", f->dir);
	loaded(f, path, 0, TSDB_EDATA, want);
	assert_true(value(f, "rd", "CN-XJ", "1940-01-04") == -1);

	int n = write_many(f, "good.jsonl", 0);
	const struct stored facts[] = {{"rd", "CN-XJ", "1940-01-04", 3.25},
	                               {"rd", "CN-BJ", "1940-01-01", 27552.25},
	                               {"rd", "CN-HN", "2021-12-28", n - 1 + 0.25}};
	snprintf(path, sizeof path, "%s/good.jsonl", f->dir);
	assert_int_equal(loaded(f, path, 0, 0, NULL).added, n);
	stored(f, facts, countof(facts));
	tsdb_txn *t;
	tsdb_stats stats;
	uint64_t problems = 1;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_stats_get(t, &stats, NULL), 0);
	assert_int_equal(tsdb_check(t, NULL, NULL, &problems, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(stats.observations, n);
	assert_int_equal(problems, 0);
	/* the same file again changes nothing */
	assert_int_equal(loaded(f, path, 0, 0, NULL).unchanged, n);
}

int main(void)
{
	struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_lines),
	    cmocka_unit_test(test_documents),
	    cmocka_unit_test(test_refused_loads),
	    cmocka_unit_test(test_max_errors),
	    cmocka_unit_test(test_dry_run_writes_nothing),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test_setup_teardown(test_pipe_outgrows_map, setup_pipe_map, teardown_db),
	    cmocka_unit_test(test_progress),
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_revisions_and_conflicts),
	    cmocka_unit_test(test_value_forms),
	    cmocka_unit_test(test_sorted_across_batches),
	};
	fixture_each(tests, countof(tests), setup_regions);
	return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
