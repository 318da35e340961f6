/* test_region.c — resolving every name and code of a region. */
#include "fixture.h"
#include "internal.h"

static void resolves(tsdb_txn *t, const char *name, const char *code)
{
	tsdb_region r;
	tsdb_error err = {0};
	if (tsdb_region_resolve(t, name, &r, &err))
		fail_msg("\"%s\": %s", name, err.text);
	if (strcmp(r.code, code))
		fail_msg("\"%s\" resolved to %s, not %s", name, r.code, code);
}

static tsdb_txn *reader(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	return t;
}

static void test_every_alias(void **state)
{
	tsdb_txn *t = reader(state);
	const char *beijing[] = {"Beijing", "北京", "北京市", "CN-BJ", "110000", "BEIJING", "beijing",
	                         "Beijing Shi", "ｂｅｉｊｉｎｇ", "ＣＮ－ＢＪ", "cn-bj", " Beijing ", "11"};
	const char *guangdong[] = {"Guangdong", "广东", "广东省", "CN-GD", "440000", "Guangdong Sheng",
	                           "Guangdong Province", "GUANGDONG"};
	for (size_t i = 0; i < sizeof beijing / sizeof *beijing; i++)
		resolves(t, beijing[i], "CN-BJ");
	for (size_t i = 0; i < sizeof guangdong / sizeof *guangdong; i++)
		resolves(t, guangdong[i], "CN-GD");
	resolves(t, "China", "CN");
	resolves(t, "中国", "CN");
	resolves(t, "CHN", "CN");
	resolves(t, "156", "CN");
	resolves(t, "US", "US");
	resolves(t, "USA", "US");
	resolves(t, "United States", "US");
	resolves(t, "美国", "US");
	resolves(t, "US-CA", "US-CA");
	resolves(t, "上海", "CN-SH");
	resolves(t, "Shanghai", "CN-SH");
	resolves(t, "AR-B", "AR-B");
	resolves(t, "ar-b", "AR-B");
	/* the World Bank's aggregates are not subdivisions whose codes fold alike */
	static const char *const aggregates[] = {"ARB", "ECA", "ECS"};
	for (size_t i = 0; i < sizeof aggregates / sizeof *aggregates; i++) {
		tsdb_region r;
		tsdb_error err = {0};
		assert_int_equal(tsdb_region_resolve(t, aggregates[i], &r, &err), TSDB_EUNKNOWN);
	}
	tsdb_txn_abort(t);
}

static void test_suffixes_and_autonomous_regions(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "内蒙古", "CN-NM");
	resolves(t, "内蒙古自治区", "CN-NM");
	resolves(t, "Inner Mongolia", "CN-NM");
	resolves(t, "新疆", "CN-XJ");
	resolves(t, "广西", "CN-GX");
	resolves(t, "Guangxi", "CN-GX");
	resolves(t, "宁夏", "CN-NX");
	resolves(t, "西藏", "CN-XZ");
	resolves(t, "Tibet", "CN-XZ");
	resolves(t, "香港", "CN-HK");
	resolves(t, "HKG", "CN-HK");
	resolves(t, "Hong Kong", "CN-HK");
	resolves(t, "延边", "222400");
	resolves(t, "延边朝鲜族自治州", "222400");
	resolves(t, "恩施州", "422800");
	tsdb_txn_abort(t);
}

static void test_prefectures_and_counties(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "常州", "320400");
	resolves(t, "常州市", "320400");
	resolves(t, "320400", "320400");
	resolves(t, "3204", "320400");
	resolves(t, "闵行区", "310112");
	resolves(t, "闵行", "310112");
	resolves(t, "成都", "510100");
	resolves(t, "济源", "419001");
	resolves(t, "Changzhou", "320400");
	resolves(t, "Minhang", "310112");
	tsdb_txn_abort(t);
}

static void test_compound_names(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "北京/朝阳区", "110105");
	resolves(t, "吉林/长春/朝阳区", "220104");
	resolves(t, "河北石家庄", "130100");
	resolves(t, "黑龙江齐齐哈尔", "230200");
	resolves(t, "内蒙古锡林郭勒", "152500");
	resolves(t, "吉林延边", "222400");
	resolves(t, "湖北恩施州", "422800");
	resolves(t, "CN-SH/闵行", "310112");
	tsdb_txn_abort(t);
}

static void test_ambiguous(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_region r;
	tsdb_error err = {0};
	assert_int_equal(tsdb_region_resolve(t, "朝阳区", &r, &err), TSDB_EAMBIGUOUS);
	assert_non_null(strstr(err.text, "ambiguous"));
	assert_non_null(strstr(err.text, "110105"));
	assert_non_null(strstr(err.text, "220104"));
	assert_non_null(strstr(err.text, "PARENT/NAME"));
	tsdb_txn_abort(t);
}

static void test_unknown_suggests(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_region r;
	tsdb_error err = {0};
	assert_int_equal(tsdb_region_resolve(t, "Guangdon", &r, &err), TSDB_EUNKNOWN);
	if (!strstr(err.text, "did you mean Guangdong (CN-GD, 440000)"))
		fail_msg("%s", err.text);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_resolve(t, "Bejing", &r, &err), TSDB_EUNKNOWN);
	assert_non_null(strstr(err.text, "CN-BJ"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_resolve(t, "Atlantis-on-Sea", &r, &err), TSDB_EUNKNOWN);
	assert_null(strstr(err.text, "did you mean"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_resolve(t, "", &r, &err), TSDB_EINVAL);
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_resolve(t, "\xff\xfe", &r, &err), TSDB_EINVAL);
	tsdb_txn_abort(t);
}

static void test_catalog_shape(void **state)
{
	tsdb_txn *t = reader(state);
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

static int count(const tsdb_region *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void test_children(void **state)
{
	tsdb_txn *t = reader(state);
	int n = 0;
	assert_int_equal(tsdb_region_children(t, "CN", count, &n, NULL), 0);
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
	struct fixture *f = *state;
	tsdb_error err = {0};
	tsdb_region r;
	if (tsdb_update(f->db, define, NULL, &err))
		fail_msg("%s", err.text);
	tsdb_txn *t = reader(state);
	resolves(t, "张江科学城", "CN-SH-ZJ");
	resolves(t, "ZJ Science City", "CN-SH-ZJ");
	resolves(t, "Zhangjiang", "CN-SH-ZJ");
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

static int count_child(const tsdb_region *r, void *arg)
{
	(void)r;
	++*(int *)arg;
	return 0;
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
	struct fixture *f = *state;
	tsdb_txn *t;
	tsdb_region r;
	tsdb_error err = {0};
	uint64_t problems = 1;
	int n = 0;
	if (tsdb_update(f->db, make_group, NULL, &err))
		fail_msg("%s", err.text);
	t = reader(state);
	resolves(t, "长三角", "YRD");
	/* the user's code beats the built-in group's alias YRD */
	resolves(t, "YRD", "YRD");
	assert_int_equal(tsdb_region_children(t, "YRD", count_child, &n, NULL), 0);
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
	struct fixture *f = *state;
	tsdb_error err = {0};
	tsdb_region r;
	uint64_t problems = 1;
	if (tsdb_update(f->db, add_alias_to_cn, NULL, &err))
		fail_msg("%s", err.text);
	tsdb_txn *t = reader(state);
	resolves(t, "全国X", "CN");
	resolves(t, "Zhongguo", "CN");
	resolves(t, "中国", "CN");
	resolves(t, "China", "CN");
	resolves(t, "CHN", "CN");
	resolves(t, "河南省", "CN-HA");
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
	struct fixture *f = *state;
	tsdb_error err = {0};
	tsdb_region r;
	if (tsdb_update(f->db, rename_twice, NULL, &err))
		fail_msg("%s", err.text);
	tsdb_txn *t = reader(state);
	assert_int_equal(tsdb_region_get(t, "XQ-1", &r, NULL), 0);
	assert_string_equal(r.name, "New Park");
	assert_string_equal(r.name_zh, "旧园区"); /* not given: kept */
	assert_string_equal(r.parent, "CN-SH");
	assert_string_equal(r.level, "zone");
	assert_string_equal(r.aliases, "Old Park"); /* the name it replaced */
	resolves(t, "Old Park", "XQ-1");
	resolves(t, "New Park", "XQ-1");
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
		tsdb_txn *t = reader(state);
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
	struct fixture *f = *state;
	tsdb_error err = {0};
	int n = 0;
	if (tsdb_update(f->db, user_northeast, NULL, &err))
		fail_msg("%s", err.text);
	tsdb_txn *t = reader(state);
	resolves(t, "东北地区", "NE3");
	resolves(t, "东北", "NE3");
	resolves(t, "Northeast China", "CN.NORTHEAST");
	/* a member added to a built-in group */
	assert_int_equal(tsdb_region_children(t, "CN.YRD", count_child, &n, NULL), 0);
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
	tsdb_txn *t = reader(state);
	assert_int_equal(tsdb_check(t, note, &seen, &problems, NULL), TSDB_ECORRUPT);
	assert_true(problems >= 1);
	assert_true(seen >= 1);
	tsdb_txn_abort(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_alias),
	    cmocka_unit_test(test_suffixes_and_autonomous_regions),
	    cmocka_unit_test(test_prefectures_and_counties),
	    cmocka_unit_test(test_compound_names),
	    cmocka_unit_test(test_ambiguous),
	    cmocka_unit_test(test_unknown_suggests),
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
