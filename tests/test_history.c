/* test_history.c — divisions through time (docs/REGIONS.md): old names and codes mean what
 * they meant then, units that no longer exist are regions of their own with their years and
 * successors, and every code and name since 1981 resolves to the unit it named. */
#include "fixture.h"

/* Old names and codes, each for a fact of a year (0: none), and the unit they name. */
static const struct resolve_case named[] = {
    /* a rename that kept the code: the old name is the region's, then and without a period;
     * today's name for an earlier year is the same unit */
    {"襄樊市", 2005, "420600"}, {"襄樊", 2005, "420600"}, {"襄樊市", 0, "420600"},
    {"襄阳市", 2005, "420600"},
    /* a new code for the same area: the old code and name are the region's */
    {"110228", 2010, "110118"}, {"密云县", 2010, "110118"}, {"110228", 0, "110118"},
    /* units abolished, merged or split are regions of their own; 崇文区 without a period is
     * the only unit of that name */
    {"莱芜市", 2010, "371200"}, {"371200", 2010, "371200"}, {"巢湖市", 2005, "341400"},
    {"崇文区", 2005, "110103"}, {"宣武区", 2005, "110104"}, {"崇文区", 0, "110103"},
    /* the period chooses among the units a name meant; a past unit never loses to a
     * present-day namesake inside its lifetime: 思茅市 was the county-level city (532701,
     * now 思茅区) and then the prefecture (now 普洱市); 莱芜市 is not 莱芜区; 巢湖市 in 2015,
     * or without a period, is the county-level city of today */
    {"思茅市", 1998, "530802"}, {"532701", 1998, "530802"}, {"思茅市", 2005, "530800"},
    {"莱芜市", 2010, "371200"}, {"莱芜", 2010, "371200"}, {"莱芜区", 2020, "370116"},
    {"巢湖市", 2015, "340181"}, {"巢湖市", 0, "340181"},
};

/* A name of two past units and none today: the user says which. A fact outside a unit's
 * lifetime is refused, naming its years and successors. */
static const struct refuse_case refused[] = {
    {"思茅市", 0, TSDB_EAMBIGUOUS, {"530802", "530800", "1993-2003", "2003-2007", "period"}},
    {"莱芜市", 2020, TSDB_EDATA, {"371200", "1992-2018", "济南", "370100"}},
    {"371200", 2020, TSDB_EDATA, {"1992-2018", "济南"}},
    {"崇文区", 2015, TSDB_EDATA, {"1981-2010", "东城"}},
    {"341400", 1995, TSDB_EDATA, {"1999-2011", "not in 1995"}},
    {"341400", 2015, TSDB_EDATA, {"合肥", "芜湖", "马鞍山"}},
};

static void test_names_through_time(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, named, countof(named));
	refuse_cases(t, refused, countof(refused));
	tsdb_txn_abort(t);
}

/* Past units have their years and successors. */
static void test_past_units(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_region r;
	assert_int_equal(tsdb_region_get(t, "371200", &r, NULL), 0);
	assert_int_equal(r.since, 1992);
	assert_int_equal(r.until, 2018);
	assert_string_equal(r.successors, "370100");
	assert_string_equal(r.level, "prefecture");
	assert_string_equal(r.parent, "CN-SD");
	assert_int_equal(tsdb_region_get(t, "341400", &r, NULL), 0);
	assert_string_equal(r.successors, "340100|340200|340500"); /* 合肥, 芜湖, 马鞍山 */
	assert_int_equal(tsdb_region_get(t, "110103", &r, NULL), 0);
	assert_string_equal(r.successors, "110101");
	assert_int_equal(tsdb_region_get(t, "110118", &r, NULL), 0);
	assert_int_equal(r.since, 0); /* in use: no bound */
	assert_int_equal(r.until, 0);
	tsdb_txn_abort(t);
}

/* A span of years that runs past a unit's lifetime is refused. */
static void test_lifetime(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	/* a period that runs past the end: 2016-2020 of 莱芜市 */
	tsdb_region r;
	tsdb_error err = {0};
	assert_int_equal(tsdb_region_resolve_at(t, "莱芜市", 2016, 2020, &r, &err), TSDB_EDATA);
	assert_non_null(strstr(err.text, "1992-2018"));
	tsdb_txn_abort(t);
}

struct seen {
	const char *codes[16];
	int n;
};

static int collect(const tsdb_region *r, void *arg)
{
	struct seen *s = arg;
	if (s->n < 16)
		s->codes[s->n++] = r->code;
	return 0;
}

static int has(const struct seen *s, const char *code)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->codes[i], code))
			return 1;
	return 0;
}

static void test_lineage(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	struct seen s = {0};
	assert_int_equal(tsdb_region_predecessors(t, "370100", collect, &s, NULL), 0);
	assert_true(has(&s, "371200"));
	s.n = 0;
	assert_int_equal(tsdb_region_predecessors(t, "110101", collect, &s, NULL), 0);
	assert_true(has(&s, "110103"));
	s.n = 0;
	assert_int_equal(tsdb_region_predecessors(t, "340200", collect, &s, NULL), 0);
	assert_true(has(&s, "341400"));
	tsdb_txn_abort(t);
}

/* Does region r have code c: as its code, its code before ":FROM", or an earlier code? */
static int has_code(const tsdb_region *r, const char *c)
{
	size_t n = strlen(c);
	if (!strcmp(r->code, c) || (!strncmp(r->code, c, n) && r->code[n] == ':'))
		return 1;
	for (const char *a = r->aliases; *a;) {
		size_t k = strcspn(a, "|");
		if (k >= n && !strncmp(a, c, n) && (k == n || a[n] == '@'))
			return 1;
		a += k + (a[k] == '|');
	}
	return 0;
}

/* Every row of the history data: its code, at a year inside its years, is a region with that
 * code; its name, alone or qualified by the unit it was in, is that region or refused as
 * ambiguous — never another region. */
static void test_every_row(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	FILE *f = fopen("data/regions-history/result.csv", "r");
	char line[1024];
	int rows = 0, names = 0, ambiguous = 0;
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		char *col[9];
		int nc = 0;
		for (char *p = line; p && nc < 9;) {
			col[nc++] = p;
			if ((p = strchr(p, ',')))
				*p++ = 0;
		}
		assert_int_equal(nc, 9);
		int from = atoi(col[6]), to = atoi(col[7]);
		int year = to ? from + (to - 1 - from) / 2 : from;
		tsdb_region r;
		tsdb_error err = {0};
		if (tsdb_region_resolve_at(t, col[0], year, year, &r, &err))
			fail_msg("%s %s in %d: %s", col[0], col[3], year, err.text);
		if (!has_code(&r, col[0]))
			fail_msg("%s %s in %d is %s", col[0], col[3], year, r.code);
		/* by name, then qualified by the prefecture (or province) it was in */
		char q[256];
		snprintf(q, sizeof q, "%s/%s", strcmp(col[2], "直辖") && *col[2] ? col[2] : col[1], col[3]);
		const char *name[2] = {col[3], q};
		int rc = TSDB_EAMBIGUOUS;
		for (int i = 0; i < 2 && rc == TSDB_EAMBIGUOUS; i++) {
			err = (tsdb_error){0};
			rc = tsdb_region_resolve_at(t, name[i], year, year, &r, &err);
			if (rc == 0 && !has_code(&r, col[0]))
				fail_msg("%s %s in %d is %s (%s)", col[0], name[i], year, r.code, r.name_zh);
			if (rc && rc != TSDB_EAMBIGUOUS)
				fail_msg("%s %s in %d: %s", col[0], name[i], year, err.text);
		}
		names += rc == 0;
		ambiguous += rc != 0;
		rows++;
	}
	fclose(f);
	assert_true(rows > 6800);
	print_message("%d rows: every code resolves to its unit; %d names too, %d names ambiguous\n",
	              rows, names, ambiguous);
	tsdb_txn_abort(t);
}

/* ---- facts of changed units, loaded, and series on the boundaries of a year ---- */

/* GDP in 亿 CNY, made up but shaped like the yearbooks': 济南 and 莱芜市 (merged into 济南 in
 * 2018), 东城区 and 崇文区 (2010), 合肥 and 巢湖市 (split in 2011). */
static const char data[] =
    "{\"type\":\"indicator\",\"id\":\"gdp\",\"unit\":\"CNY\",\"kind\":\"flow\"}\n"
    "{\"type\":\"indicator\",\"id\":\"growth\",\"unit\":\"percent\",\"kind\":\"rate\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"济南市\",\"period\":\"2016\",\"value\":\"6536亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"济南市\",\"period\":\"2017\",\"value\":\"7202亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"济南市\",\"period\":\"2019\",\"value\":\"9443亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"莱芜市\",\"period\":\"2016\",\"value\":\"702亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"莱芜市\",\"period\":\"2017\",\"value\":\"1005.7亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"东城区\",\"period\":\"2008\",\"value\":\"900亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"东城区\",\"period\":\"2009\",\"value\":\"1000亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"东城区\",\"period\":\"2011\",\"value\":\"1500亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"崇文区\",\"period\":\"2008\",\"value\":\"300亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"合肥市\",\"period\":\"2010\",\"value\":\"2700亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"合肥市\",\"period\":\"2012\",\"value\":\"4100亿\"}\n"
    "{\"indicator\":\"gdp\",\"region\":\"巢湖市\",\"period\":\"2010\",\"value\":\"650亿\"}\n"
    "{\"indicator\":\"growth\",\"region\":\"济南市\",\"period\":\"2017\",\"value\":\"8\"}\n";

static int setup_facts(void **state)
{
	*state = fixture_with_facts(data);
	return 0;
}

/* The loader chose each unit by the fact's period. */
static void test_loaded_where_named(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_series s = {0};
	tsdb_query q = {.indicator = "gdp", .region = "371200"};
	assert_int_equal(tsdb_series_read(t, &q, &s, NULL), 0);
	assert_int_equal((int)s.n, 2); /* 莱芜市's own, not 莱芜区's */
	q.region = "110103";
	assert_int_equal(tsdb_series_read(t, &q, &s, NULL), 0);
	assert_int_equal((int)s.n, 1);
	q.region = "341400";
	assert_int_equal(tsdb_series_read(t, &q, &s, NULL), 0);
	assert_int_equal((int)s.n, 1);
	tsdb_series_free(&s);
	tsdb_txn_abort(t);
}

/* The sample of column c at year y, or NULL. */
static const tsdb_sample *in_year(const tsdb_panel *p, size_t c, const char *y)
{
	tsdb_period per;
	assert_int_equal(tsdb_period_parse(y, (size_t)-1, &per, NULL), 0);
	return tsdb_series_find(&p->col[c].s, per);
}

static int noted(const tsdb_panel *p, const char *a, const char *b)
{
	for (size_t i = 0; i < p->nnotes; i++)
		if (strstr(p->notes[i], a) && (!b || strstr(p->notes[i], b)))
			return 1;
	return 0;
}

/* 济南 on 2019 boundaries: 济南 + 莱芜市 while 莱芜市 existed (6536 + 702 = 7238 亿 in 2016,
 * 7202 + 1005.7 = 8207.7 亿 in 2017), 济南 alone after; 东城区 on 2010 boundaries: 2008 is
 * 900 + 300, 2009 is missing (崇文区 has no value), 2011 as stored; 合肥 on 2011 boundaries:
 * 2010 missing (巢湖市 was split), 2012 as stored. */
static void test_boundaries(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	const char *regions[] = {"济南", "东城区", "合肥"};
	tsdb_panel_request req = {.expr = "gdp", .regions = regions, .nregions = 3, .boundaries = 2019};
	tsdb_panel *p = NULL;
	tsdb_error err = {0};
	if (tsdb_panel_query(t, &req, &p, &err))
		fail_msg("%s", err.text);
	assert_non_null(in_year(p, 0, "2016"));
	assert_true(in_year(p, 0, "2016")->value == 7238e8);
	assert_true(in_year(p, 0, "2017")->value == 8207.7e8);
	assert_true(in_year(p, 0, "2019")->value == 9443e8);
	assert_true(in_year(p, 1, "2008")->value == 1200e8);
	assert_null(in_year(p, 1, "2009"));
	assert_true(in_year(p, 1, "2011")->value == 1500e8);
	assert_null(in_year(p, 2, "2010"));
	assert_true(in_year(p, 2, "2012")->value == 4100e8);
	assert_true(p->computed);
	assert_true(noted(p, "莱芜市", "371200"));
	assert_true(noted(p, "2009", "崇文区"));
	assert_true(noted(p, "2010", "apportioned"));
	tsdb_panel_free(p);

	/* as each was: 济南 alone */
	req.boundaries = 0;
	assert_int_equal(tsdb_panel_query(t, &req, &p, &err), 0);
	assert_true(in_year(p, 0, "2016")->value == 6536e8);
	tsdb_panel_free(p);

	/* before the merger's year, 济南 is its own */
	req.boundaries = 2015;
	assert_int_equal(tsdb_panel_query(t, &req, &p, &err), 0);
	assert_true(in_year(p, 0, "2016")->value == 6536e8);
	tsdb_panel_free(p);

	/* a rate is never summed */
	req.expr = "growth";
	req.boundaries = 2019;
	err = (tsdb_error){0};
	assert_int_equal(tsdb_panel_query(t, &req, &p, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "a rate"));
	assert_null(p);
	tsdb_txn_abort(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names_through_time), cmocka_unit_test(test_past_units),
	    cmocka_unit_test(test_lifetime),           cmocka_unit_test(test_lineage),
	    cmocka_unit_test(test_every_row),          cmocka_unit_test(test_loaded_where_named),
	    cmocka_unit_test(test_boundaries),
	};
	/* the facts add no region: names resolve as on the built-in regions alone */
	return cmocka_run_group_tests_name("history", tests, setup_facts, teardown_db);
}
