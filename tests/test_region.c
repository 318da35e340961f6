/* test_region.c — resolving every name and code of a region. */
#include "fixture.h"
#include "internal.h"

/* Every name and code of a region, in any spelling, and the code it is. */
static const struct resolve_case names[] = {
    /* every alias of a province, and of countries */
    {"Beijing", 0, "CN-BJ"}, {"北京", 0, "CN-BJ"}, {"北京市", 0, "CN-BJ"}, {"CN-BJ", 0, "CN-BJ"},
    {"110000", 0, "CN-BJ"}, {"BEIJING", 0, "CN-BJ"}, {"beijing", 0, "CN-BJ"},
    {"Beijing Shi", 0, "CN-BJ"}, {"ｂｅｉｊｉｎｇ", 0, "CN-BJ"}, {"ＣＮ－ＢＪ", 0, "CN-BJ"},
    {"cn-bj", 0, "CN-BJ"}, {" Beijing ", 0, "CN-BJ"}, {"11", 0, "CN-BJ"},
    {"Guangdong", 0, "CN-GD"}, {"广东", 0, "CN-GD"}, {"广东省", 0, "CN-GD"}, {"CN-GD", 0, "CN-GD"},
    {"440000", 0, "CN-GD"}, {"Guangdong Sheng", 0, "CN-GD"}, {"Guangdong Province", 0, "CN-GD"},
    {"GUANGDONG", 0, "CN-GD"}, {"China", 0, "CN"}, {"中国", 0, "CN"}, {"CHN", 0, "CN"},
    {"156", 0, "CN"}, {"US", 0, "US"}, {"USA", 0, "US"}, {"United States", 0, "US"},
    {"美国", 0, "US"}, {"US-CA", 0, "US-CA"}, {"上海", 0, "CN-SH"}, {"Shanghai", 0, "CN-SH"},
    {"AR-B", 0, "AR-B"}, {"ar-b", 0, "AR-B"},
    /* suffixes and autonomous regions */
    {"内蒙古", 0, "CN-NM"}, {"内蒙古自治区", 0, "CN-NM"}, {"Inner Mongolia", 0, "CN-NM"},
    {"新疆", 0, "CN-XJ"}, {"广西", 0, "CN-GX"}, {"Guangxi", 0, "CN-GX"}, {"宁夏", 0, "CN-NX"},
    {"西藏", 0, "CN-XZ"}, {"Tibet", 0, "CN-XZ"}, {"香港", 0, "CN-HK"}, {"HKG", 0, "CN-HK"},
    {"Hong Kong", 0, "CN-HK"}, {"延边", 0, "222400"}, {"延边朝鲜族自治州", 0, "222400"},
    {"恩施州", 0, "422800"},
    /* prefectures and counties */
    {"常州", 0, "320400"}, {"常州市", 0, "320400"}, {"320400", 0, "320400"}, {"3204", 0, "320400"},
    {"闵行区", 0, "310112"}, {"闵行", 0, "310112"}, {"成都", 0, "510100"}, {"济源", 0, "419001"},
    {"Changzhou", 0, "320400"}, {"Minhang", 0, "310112"},
    /* compound names */
    {"北京/朝阳区", 0, "110105"}, {"吉林/长春/朝阳区", 0, "220104"}, {"河北石家庄", 0, "130100"},
    {"黑龙江齐齐哈尔", 0, "230200"}, {"内蒙古锡林郭勒", 0, "152500"}, {"吉林延边", 0, "222400"},
    {"湖北恩施州", 0, "422800"}, {"CN-SH/闵行", 0, "310112"},
};

/* Names that are not one region's: each refusal says why. */
static const struct refuse_case refusals[] = {
    /* the World Bank's aggregates are not subdivisions whose codes fold alike */
    {"ARB", 0, TSDB_EUNKNOWN, {NULL}},
    {"ECA", 0, TSDB_EUNKNOWN, {NULL}},
    {"ECS", 0, TSDB_EUNKNOWN, {NULL}},
    /* a name of two regions lists both, and says how to choose */
    {"朝阳区", 0, TSDB_EAMBIGUOUS, {"ambiguous", "110105", "220104", "PARENT/NAME"}},
    /* an unknown name suggests one like it, when there is one */
    {"Guangdon", 0, TSDB_EUNKNOWN, {"did you mean Guangdong (CN-GD, 440000)"}},
    {"Bejing", 0, TSDB_EUNKNOWN, {"CN-BJ"}},
    {"", 0, TSDB_EINVAL, {NULL}},
    {"\xff\xfe", 0, TSDB_EINVAL, {NULL}},
};

static void test_every_name(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, names, countof(names));
	tsdb_txn_abort(t);
}

static void test_refusals(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_region r;
	tsdb_error err = {0};
	refuse_cases(t, refusals, countof(refusals));
	assert_int_equal(tsdb_region_resolve(t, "Atlantis-on-Sea", &r, &err), TSDB_EUNKNOWN);
	assert_null(strstr(err.text, "did you mean"));
	tsdb_txn_abort(t);
}

static void test_catalog_shape(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_region r;
	assert_int_equal(tsdb_region_get(t, "CN-BJ", &r, NULL), 0);
	assert_string_equal(r.parent, "CN");
	assert_string_equal(r.level, "province");
	assert_string_equal(r.name_zh, "北京市");
	assert_int_equal(tsdb_region_get(t, "310112", &r, NULL), 0);
	assert_string_equal(r.parent, "CN-SH"); /* Shanghai's 市辖区 is not a region */
	assert_string_equal(r.level, "county");
	assert_int_equal(tsdb_region_get(t, "320400", &r, NULL), 0);
	assert_string_equal(r.parent, "CN-JS");
	assert_string_equal(r.level, "prefecture");
	tsdb_txn_abort(t);
}

static void test_children(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	int n = 0;
	assert_int_equal(tsdb_region_children(t, "CN", fixture_count, &n, NULL), 0);
	assert_int_equal(n, 34); /* 31 mainland provinces, HK, MO, TW */
	tsdb_txn_abort(t);
}

static int define(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_region park = {"CN-SH-ZJ", "CN-SH", "park", "park", "Zhangjiang Science City", "张江科学城",
	                    "Zhangjiang|张江", 0, 0, 0, NULL};
	int rc = tsdb_region_put(t, &park, err);
	if (rc)
		return rc;
	/* a second record for its code merges: its aliases are added to the first's */
	park.aliases = "ZJ Science City";
	return tsdb_region_put(t, &park, err);
}

static void test_custom_region(void **state)
{
	tsdb_error err = {0};
	tsdb_region r;
	fixture_update(*state, define, NULL);
	static const struct resolve_case park[] = {
	    {"张江科学城", 0, "CN-SH-ZJ"}, {"ZJ Science City", 0, "CN-SH-ZJ"}, {"Zhangjiang", 0, "CN-SH-ZJ"}};
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, park, countof(park));
	assert_int_equal(tsdb_region_get(t, "CN-SH-ZJ", &r, &err), 0);
	assert_string_equal(r.aliases, "Zhangjiang|张江|ZJ Science City");
	tsdb_txn_abort(t);
}

static int bad_parent(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_region r = {"XX-1", "XX-NOWHERE", "park", NULL, "Nowhere park", NULL, NULL, 0, 0, 0, NULL};
	return tsdb_region_put(t, &r, err);
}

static void test_bad_region(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	assert_int_equal(tsdb_update(f->db, bad_parent, NULL, &err), TSDB_EUNKNOWN);
	assert_string_equal(err.field, "parent");
}

static void test_builtin_idempotent(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_stats a, b;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_stats_get(t, &a, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(tsdb_update(f->db, load_builtin, NULL, NULL), 0);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_stats_get(t, &b, NULL), 0);
	tsdb_txn_abort(t);
	assert_int_equal(a.regions, b.regions);
	assert_true(a.regions > 8000);
	assert_int_equal(a.file_size, b.file_size);
}

static int make_group(tsdb_txn *t, void *arg, tsdb_error *err)
{
	tsdb_region g = {"YRD", NULL, "group", NULL, "Yangtze River Delta", "长三角", "长三角地区", 0, 0, 0, NULL};
	static const char *const members[] = {"CN-SH", "CN-JS", "CN-ZJ", "CN-AH", "CN-SH"};
	int rc;
	(void)arg;
	if ((rc = tsdb_region_put(t, &g, err)))
		return rc;
	for (size_t i = 0; i < sizeof members / sizeof *members; i++)
		if ((rc = tsdb_region_add_member(t, "YRD", members[i], err)))
			return rc;
	return 0;
}

static void test_group_members(void **state)
{
	tsdb_txn *t;
	tsdb_region r;
	tsdb_error err = {0};
	uint64_t problems = 1;
	int n = 0;
	fixture_update(*state, make_group, NULL);
	/* the user's code beats the built-in group's alias YRD */
	static const struct resolve_case yrd[] = {{"长三角", 0, "YRD"}, {"YRD", 0, "YRD"}};
	t = fixture_reader(state);
	resolve_cases(t, yrd, countof(yrd));
	assert_int_equal(tsdb_region_children(t, "YRD", fixture_count, &n, NULL), 0);
	assert_int_equal(n, 4); /* Shanghai named twice counts once */
	/* members keep their own parent, and the store is still consistent */
	assert_int_equal(tsdb_region_get(t, "CN-SH", &r, NULL), 0);
	assert_string_equal(r.parent, "CN");
	assert_int_equal(tsdb_check(t, NULL, NULL, &problems, NULL), 0);
	assert_int_equal(problems, 0);
	/* only a group has members */
	assert_int_equal(tsdb_region_add_member(t, "CN-SH", "CN-JS", &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "not a group"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_add_member(t, "YRD", "YRD", &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "member of itself"));
	tsdb_txn_abort(t);
}


/* ---- records for an existing code merge ---- */

static int add_alias_to_cn(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_region cn = {"CN", NULL, NULL, NULL, NULL, NULL, "全国X|Zhongguo", 0, 0, 0, NULL};
	return tsdb_region_put(t, &cn, err);
}

static void test_merge_keeps_builtin_names(void **state)
{
	tsdb_region r;
	uint64_t problems = 1;
	fixture_update(*state, add_alias_to_cn, NULL);
	static const struct resolve_case kept[] = {{"全国X", 0, "CN"}, {"Zhongguo", 0, "CN"},
	                                           {"中国", 0, "CN"},   {"China", 0, "CN"},
	                                           {"CHN", 0, "CN"},    {"河南省", 0, "CN-HA"}};
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, kept, countof(kept));
	assert_int_equal(tsdb_region_get(t, "CN", &r, NULL), 0);
	assert_string_equal(r.level, "country");
	assert_string_equal(r.name, "China");
	assert_string_equal(r.name_zh, "中国");
	assert_non_null(strstr(r.aliases, "CHN|156|"));
	assert_non_null(strstr(r.aliases, "|全国X|Zhongguo"));
	assert_int_equal(tsdb_check(t, NULL, NULL, &problems, NULL), 0);
	assert_int_equal(problems, 0);
	tsdb_txn_abort(t);
}

static int rename_twice(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_region a = {"XQ-1", "CN-SH", "zone", "zone", "Old Park", "旧园区", NULL, 0, 0, 0, NULL};
	tsdb_region b = {"XQ-1", NULL, NULL, NULL, "New Park", NULL, NULL, 0, 0, 0, NULL};
	int rc = tsdb_region_put(t, &a, err);
	return rc ? rc : tsdb_region_put(t, &b, err);
}

static void test_merge_replaces_given_fields(void **state)
{
	tsdb_region r;
	fixture_update(*state, rename_twice, NULL);
	tsdb_txn *t = fixture_reader(state);
	assert_int_equal(tsdb_region_get(t, "XQ-1", &r, NULL), 0);
	assert_string_equal(r.name, "New Park");
	assert_string_equal(r.name_zh, "旧园区"); /* not given: kept */
	assert_string_equal(r.parent, "CN-SH");
	assert_string_equal(r.level, "zone");
	assert_string_equal(r.aliases, "Old Park"); /* the name it replaced */
	static const struct resolve_case both[] = {{"Old Park", 0, "XQ-1"}, {"New Park", 0, "XQ-1"}};
	resolve_cases(t, both, countof(both));
	tsdb_txn_abort(t);
}

static int move_beijing(tsdb_txn *t, void *arg, tsdb_error *err)
{
	tsdb_region r = {"CN-BJ", NULL, NULL, NULL, NULL, NULL, "Peking", 0, 0, 0, NULL};
	if (strcmp(arg, "parent") == 0)
		r.parent = "US";
	else
		r.level = "county";
	return tsdb_region_put(t, &r, err);
}

static void test_merge_cannot_move_builtin(void **state)
{
	struct fixture *f = *state;
	static const char *const fields[] = {"parent", "level"};
	for (int i = 0; i < 2; i++) {
		tsdb_error err = {0};
		tsdb_region r;
		assert_int_equal(tsdb_update(f->db, move_beijing, (void *)fields[i], &err), TSDB_ECONFLICT);
		assert_string_equal(err.field, fields[i]);
		assert_non_null(strstr(err.text, "built in"));
		tsdb_txn *t = fixture_reader(state);
		assert_int_equal(tsdb_region_resolve(t, "Peking", &r, NULL), TSDB_EUNKNOWN);
		assert_int_equal(tsdb_region_get(t, "CN-BJ", &r, NULL), 0);
		assert_string_equal(r.parent, "CN");
		assert_string_equal(r.level, "province");
		tsdb_txn_abort(t);
	}
}

static int user_northeast(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_region g = {"NE3", NULL, "group", NULL, "My Northeast", "东北地区", "东北", 0, 0, 0, NULL};
	int rc = tsdb_region_put(t, &g, err);
	if (!rc)
		rc = tsdb_region_add_member(t, "CN.YRD", "CN-JX", err);
	return rc;
}

static void test_user_names_win(void **state)
{
	int n = 0;
	fixture_update(*state, user_northeast, NULL);
	static const struct resolve_case ne[] = {
	    {"东北地区", 0, "NE3"}, {"东北", 0, "NE3"}, {"Northeast China", 0, "CN.NORTHEAST"}};
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, ne, countof(ne));
	/* a member added to a built-in group */
	assert_int_equal(tsdb_region_children(t, "CN.YRD", fixture_count, &n, NULL), 0);
	assert_int_equal(n, 5);
	tsdb_txn_abort(t);
}

/* tsq check finds a region whose names are missing from the index (as an overwrite of its
 * record used to leave it). */
static int drop_name(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	(void)err;
	char *f = ts_fold("河南省");
	MDB_val k = {strlen(f), f};
	int rc = mdb_del(t->txn, t->db->aliases, &k, NULL);
	free(f);
	return rc;
}

static void note(const char *what, void *arg)
{
	if (strstr(what, "CN-HA") && strstr(what, "河南省"))
		(*(int *)arg)++;
}

static void test_check_finds_lost_names(void **state)
{
	struct fixture *f = *state;
	uint64_t problems = 0;
	int seen = 0;
	assert_int_equal(tsdb_update(f->db, drop_name, NULL, NULL), 0);
	tsdb_txn *t = fixture_reader(state);
	assert_int_equal(tsdb_check(t, note, &seen, &problems, NULL), TSDB_ECORRUPT);
	assert_true(problems >= 1);
	assert_true(seen >= 1);
	tsdb_txn_abort(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_name),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_catalog_shape),
	    cmocka_unit_test(test_children),
	    cmocka_unit_test(test_custom_region),
	    cmocka_unit_test(test_bad_region),
	    cmocka_unit_test(test_builtin_idempotent),
	    cmocka_unit_test(test_group_members),
	};
	const struct CMUnitTest merge[] = {
	    cmocka_unit_test(test_merge_keeps_builtin_names),
	    cmocka_unit_test(test_merge_replaces_given_fields),
	    cmocka_unit_test(test_merge_cannot_move_builtin),
	    cmocka_unit_test(test_user_names_win),
	};
	const struct CMUnitTest lost[] = {cmocka_unit_test(test_check_finds_lost_names)};
	int failed = cmocka_run_group_tests_name("region", tests, setup_regions, teardown_db);
	failed += cmocka_run_group_tests_name("region-merge", merge, setup_regions, teardown_db);
	return failed + cmocka_run_group_tests_name("region-check", lost, setup_regions, teardown_db);
}
