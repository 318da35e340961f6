/* test_resolve.c — the precedence of region resolution (docs/REGIONS.md), rule by rule, and
 * properties over the whole built-in catalog. */
#include "fixture.h"

static void resolves(tsdb_txn *t, const char *name, const char *code)
{
	tsdb_region r;
	tsdb_error err = {0};
	if (tsdb_region_resolve(t, name, &r, &err))
		fail_msg("\"%s\": %s", name, err.text);
	if (strcmp(r.code, code))
		fail_msg("\"%s\" resolved to %s, not %s", name, r.code, code);
}

/* name is refused with code, and the message holds each of the strings in want (NULL-ended). */
static void refused(tsdb_txn *t, const char *name, int code, const char *const *want)
{
	tsdb_region r;
	tsdb_error err = {0};
	int rc = tsdb_region_resolve(t, name, &r, &err);
	if (rc != code)
		fail_msg("\"%s\": status %d (%s), not %d", name, rc, rc ? err.text : r.code, code);
	for (int i = 0; want && want[i]; i++)
		if (!strstr(err.text, want[i]))
			fail_msg("\"%s\": \"%s\" lacks \"%s\"", name, err.text, want[i]);
}

static tsdb_txn *reader(void **state)
{
	struct fixture *f = *state;
	tsdb_txn *t;
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	return t;
}

/* Rule 1: an exact code is that region; folding never makes one code into another. */
static void test_exact_codes(void **state)
{
	tsdb_txn *t = reader(state);
	static const char *const codes[] = {"AR-E", "ES-P", "ES-T", "GR-C", "AR-G", "AR-M", "SE-N",
	                                    "MA-INE", "US-AK", "RU-SE", "AR-B", "US-ME"};
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		resolves(t, codes[i], codes[i]);
	resolves(t, "ar-e", "AR-E");
	resolves(t, "ARE", "AE");
	resolves(t, "ESP", "ES");
	resolves(t, "Maine", "US-ME");
	tsdb_txn_abort(t);
}

/* Rule 4: the English names of the provinces beat the pinyin of prefectures and counties. */
static void test_english_province_names(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "Hebei", "CN-HE");
	resolves(t, "Henan", "CN-HA");
	resolves(t, "Hainan", "CN-HI");
	resolves(t, "Jilin", "CN-JL");
	resolves(t, "Hebei Province", "CN-HE");
	resolves(t, "Jilin Province", "CN-JL");
	resolves(t, "Inner Mongolia", "CN-NM");
	resolves(t, "Inner Mongolia Autonomous Region", "CN-NM");
	resolves(t, "Guangxi", "CN-GX");
	resolves(t, "Guangxi Zhuang Autonomous Region", "CN-GX");
	resolves(t, "Ningxia Hui Autonomous Region", "CN-NX");
	resolves(t, "Xinjiang Uygur Autonomous Region", "CN-XJ");
	resolves(t, "Tibet", "CN-XZ");
	resolves(t, "Tibet Autonomous Region", "CN-XZ");
	resolves(t, "Hong Kong", "CN-HK");
	resolves(t, "Hong Kong, China", "CN-HK");
	resolves(t, "Hong Kong Special Administrative Region", "CN-HK");
	resolves(t, "Macao", "CN-MO");
	resolves(t, "Macau", "CN-MO");
	resolves(t, "Beijing Municipality", "CN-BJ");
	resolves(t, "Chongqing Municipality", "CN-CQ");
	resolves(t, "Guangdong Sheng", "CN-GD");
	resolves(t, "Ningxia Huizi Zizhiqu", "CN-NX");
	/* the prefectures, named as such */
	resolves(t, "Jilin City", "220200");
	resolves(t, "吉林市", "220200");
	resolves(t, "Hohhot", "150100");
	/* display names are the conventional ones */
	tsdb_region r;
	assert_int_equal(tsdb_region_get(t, "CN-GD", &r, NULL), 0);
	assert_string_equal(r.name, "Guangdong");
	assert_int_equal(tsdb_region_get(t, "CN-NM", &r, NULL), 0);
	assert_string_equal(r.name, "Inner Mongolia");
	tsdb_txn_abort(t);
}

/* "NAME, PARENT" as well as "PARENT/NAME". */
static void test_qualified_names(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "Suzhou, Jiangsu", "320500");
	resolves(t, "Suzhou, Anhui", "341300");
	resolves(t, "Jiangsu/Suzhou", "320500");
	resolves(t, "Chaoyang District, Beijing", "110105");
	resolves(t, "Chaoyang, Liaoning", "211300");
	resolves(t, "朝阳区, 北京", "110105");
	static const char *const suzhou[] = {"320500", "341300", NULL};
	refused(t, "Suzhou", TSDB_EAMBIGUOUS, suzhou);
	tsdb_txn_abort(t);
}

/* Rule 3: China first; the Chinese names of foreign subdivisions only when qualified. */
static void test_home_first(void **state)
{
	tsdb_txn *t = reader(state);
	resolves(t, "河南省", "CN-HA");
	resolves(t, "河南", "CN-HA");
	resolves(t, "越南/河南省", "VN-63");
	resolves(t, "VN/Hà Nam", "VN-63");
	resolves(t, "Hà Nam", "VN-63");
	resolves(t, "东北地区", "CN.NORTHEAST");
	resolves(t, "东部地区", "CN.EAST");
	resolves(t, "中部地区", "CN.CENTRAL");
	resolves(t, "西部地区", "CN.WEST");
	resolves(t, "Northeast China", "CN.NORTHEAST");
	tsdb_region r;
	assert_int_equal(tsdb_region_home(t, &r, NULL), 0);
	assert_string_equal(r.code, "CN");
	tsdb_txn_abort(t);
}

/* Rule 3's setting: with Vietnam as home, 河南省 is Hà Nam, and China's is qualified. */
static int home_vn(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_region_set_home(t, "VN", err);
}

static int home_cn(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_region_set_home(t, "CN", err);
}

static void test_home_setting(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	assert_int_equal(tsdb_update(f->db, home_vn, NULL, &err), 0);
	tsdb_txn *t = reader(state);
	resolves(t, "河南省", "VN-63");
	resolves(t, "中国/河南省", "CN-HA");
	assert_int_equal(tsdb_region_set_home(t, "CN-HA", &err), TSDB_EREADONLY);
	tsdb_txn_abort(t);
	assert_int_equal(tsdb_update(f->db, home_cn, NULL, &err), 0);
	t = reader(state);
	resolves(t, "河南省", "CN-HA");
	tsdb_txn_abort(t);
}

static int home_province(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_region_set_home(t, "CN-HA", err);
}

static void test_home_must_be_country(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	assert_int_equal(tsdb_update(f->db, home_province, NULL, &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "must be a country"));
}

/* Rule 3 also: the names people use, built in. */
static void test_names_people_use(void **state)
{
	tsdb_txn *t = reader(state);
	static const char *const cn[] = {"全国", "全国合计", "中华人民共和国", "PRC", "prc",
	                                 "People's Republic of China", "中国", "China", "CHN", "156"};
	for (size_t i = 0; i < sizeof cn / sizeof *cn; i++)
		resolves(t, cn[i], "CN");
	static const char *const abbr[][2] = {
	    {"京", "CN-BJ"}, {"津", "CN-TJ"}, {"冀", "CN-HE"}, {"晋", "CN-SX"}, {"蒙", "CN-NM"},
	    {"辽", "CN-LN"}, {"吉", "CN-JL"}, {"黑", "CN-HL"}, {"沪", "CN-SH"}, {"苏", "CN-JS"},
	    {"浙", "CN-ZJ"}, {"皖", "CN-AH"}, {"闽", "CN-FJ"}, {"赣", "CN-JX"}, {"鲁", "CN-SD"},
	    {"豫", "CN-HA"}, {"鄂", "CN-HB"}, {"湘", "CN-HN"}, {"粤", "CN-GD"}, {"桂", "CN-GX"},
	    {"琼", "CN-HI"}, {"渝", "CN-CQ"}, {"川", "CN-SC"}, {"蜀", "CN-SC"}, {"黔", "CN-GZ"},
	    {"贵", "CN-GZ"}, {"滇", "CN-YN"}, {"云", "CN-YN"}, {"藏", "CN-XZ"}, {"陕", "CN-SN"},
	    {"秦", "CN-SN"}, {"甘", "CN-GS"}, {"陇", "CN-GS"}, {"青", "CN-QH"}, {"宁", "CN-NX"},
	    {"新", "CN-XJ"}, {"港", "CN-HK"}, {"澳", "CN-MO"}, {"台", "CN-TW"}};
	for (size_t i = 0; i < sizeof abbr / sizeof *abbr; i++)
		resolves(t, abbr[i][0], abbr[i][1]);
	/* traditional characters */
	resolves(t, "廣東", "CN-GD");
	resolves(t, "廣東省", "CN-GD");
	resolves(t, "臺灣", "CN-TW");
	resolves(t, "台灣", "CN-TW");
	resolves(t, "澳門", "CN-MO");
	resolves(t, "內蒙古自治區", "CN-NM");
	resolves(t, "內蒙古", "CN-NM");
	resolves(t, "烏魯木齊", "650100");
	resolves(t, "黑龍江", "CN-HL");
	/* an abbreviation never matches inside a longer name */
	refused(t, "沪闵行", TSDB_EUNKNOWN, NULL);
	refused(t, "京朝阳区", TSDB_EUNKNOWN, NULL);
	tsdb_txn_abort(t);
}

/* Suggestions for an unknown Chinese name come from Chinese names. */
static void test_suggestions_same_script(void **state)
{
	tsdb_txn *t = reader(state);
	tsdb_region r;
	tsdb_error err = {0};
	assert_int_equal(tsdb_region_resolve(t, "广东剩", &r, &err), TSDB_EUNKNOWN);
	assert_non_null(strstr(err.text, "CN-GD"));
	tsdb_error_clear(&err);
	assert_int_equal(tsdb_region_resolve(t, "范城", &r, &err), TSDB_EUNKNOWN);
	assert_null(strstr(err.text, "TR-65"));
	assert_null(strstr(err.text, "Van"));
	tsdb_txn_abort(t);
}

/* A name far longer than any is refused, however it is split ('/', ',', or a prefix). */
static void test_long_names(void **state)
{
	tsdb_txn *t = reader(state);
	size_t n = 200000;
	char *name = malloc(n + 1);
	assert_non_null(name);
	memset(name, 'x', n);
	name[n] = 0;
	refused(t, name, TSDB_EUNKNOWN, NULL);
	name[n / 2] = '/';
	refused(t, name, TSDB_EUNKNOWN, NULL);
	name[n / 2] = ',';
	refused(t, name, TSDB_EUNKNOWN, NULL);
	free(name);
	tsdb_txn_abort(t);
}

/* Rule 5: what is still ambiguous lists the candidates with codes and parents. */
static void test_ambiguity_lists_parents(void **state)
{
	tsdb_txn *t = reader(state);
	static const char *const chaoyang[] = {"110105", "in 北京市", "220104", "in 长春市", NULL};
	refused(t, "朝阳区", TSDB_EAMBIGUOUS, chaoyang);
	tsdb_txn_abort(t);
}

/* Built-in groups, their members, and "inside". */
static int count(const tsdb_region *r, void *arg)
{
	(void)r;
	(*(int *)arg)++;
	return 0;
}

static void test_builtin_groups(void **state)
{
	tsdb_txn *t = reader(state);
	static const char *const groups[][3] = {
	    {"长三角", "CN.YRD", "4"},          {"Yangtze River Delta", "CN.YRD", "4"},
	    {"京津冀", "CN.JJJ", "3"},          {"粤港澳大湾区", "CN.GBA", "11"},
	    {"Greater Bay Area", "CN.GBA", "11"}, {"长江经济带", "CN.YREB", "11"},
	    {"黄河流域", "CN.YRB", "9"},        {"东部地区", "CN.EAST", "10"},
	    {"中部地区", "CN.CENTRAL", "6"},    {"西部地区", "CN.WEST", "12"},
	    {"东北地区", "CN.NORTHEAST", "3"},  {"Mainland China", "CN.MAINLAND", "31"}};
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		int n = 0;
		resolves(t, groups[i][0], groups[i][1]);
		assert_int_equal(tsdb_region_children(t, groups[i][1], count, &n, NULL), 0);
		assert_int_equal(n, atoi(groups[i][2]));
	}
	static const char *const in[][3] = {
	    {"440100", "CN.GBA", "1"}, {"CN-HK", "CN.GBA", "1"},   {"440500", "CN.GBA", "0"},
	    {"CN-JS", "CN.YRD", "1"},  {"320500", "CN.YRD", "1"},  {"CN-BJ", "CN.YRD", "0"},
	    {"320500", "CN", "1"},     {"320500", "CN-JS", "1"},   {"CN", "CN-JS", "0"},
	    {"CN-JS", "CN-JS", "1"},   {"110105", "CN.JJJ", "1"}, {"US-CA", "CN.MAINLAND", "0"}};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		int inside = -1;
		assert_int_equal(tsdb_region_within(t, in[i][0], in[i][1], &inside, NULL), 0);
		if (inside != atoi(in[i][2]))
			fail_msg("%s inside %s: %d", in[i][0], in[i][1], inside);
	}
	int inside;
	tsdb_error err = {0};
	assert_int_equal(tsdb_region_within(t, "XX-NOPE", "CN", &inside, &err), TSDB_EUNKNOWN);
	tsdb_txn_abort(t);
}

/* Official order: China's provinces in NBS code order, then 香港 澳门 台湾. */
static int collect(const tsdb_region *r, void *arg)
{
	char *s = arg;
	strcat(s, r->code);
	strcat(s, " ");
	return 0;
}

static void test_official_order(void **state)
{
	tsdb_txn *t = reader(state);
	char codes[1024] = "";
	assert_int_equal(tsdb_region_children(t, "CN", collect, codes, NULL), 0);
	assert_string_equal(codes, "CN-BJ CN-TJ CN-HE CN-SX CN-NM CN-LN CN-JL CN-HL CN-SH CN-JS CN-ZJ "
	                           "CN-AH CN-FJ CN-JX CN-SD CN-HA CN-HB CN-HN CN-GD CN-GX CN-HI CN-CQ "
	                           "CN-SC CN-GZ CN-YN CN-XZ CN-SN CN-GS CN-QH CN-NX CN-XJ CN-HK CN-MO "
	                           "CN-TW ");
	tsdb_txn_abort(t);
}

/* Property: every code of the built-in catalog, primary or alias, resolves to its region. */
struct every {
	tsdb_txn *t;
	int codes;
};

static int is_code(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || strchr("._:-", s[i])))
			return 0;
	return n > 0;
}

static int check_codes(const tsdb_region *r, void *arg)
{
	struct every *e = arg;
	resolves(e->t, r->code, r->code);
	e->codes++;
	for (const char *a = r->aliases; *a;) {
		size_t n = strcspn(a, "|");
		char code[80];
		if (is_code(a, n) && n < sizeof code) {
			memcpy(code, a, n);
			code[n] = 0;
			resolves(e->t, code, r->code);
			e->codes++;
		}
		a += n + (a[n] == '|');
	}
	return 0;
}

static void test_every_builtin_code(void **state)
{
	struct every e = {reader(state), 0};
	assert_int_equal(tsdb_regions_builtin_each(check_codes, &e, NULL), 0);
	assert_true(e.codes > 5625 + 249 + 3300);
	tsdb_txn_abort(e.t);
}

/* Property: every Chinese province and prefecture, by its official name, its short name,
 * province+name, its English name and its code, resolves to it, or to an ambiguity that
 * lists it; never to another region. */
static void to_it_or_listed(tsdb_txn *t, const char *name, const tsdb_region *want)
{
	tsdb_region r;
	tsdb_error err = {0};
	int rc = tsdb_region_resolve(t, name, &r, &err);
	if (rc == 0 && strcmp(r.code, want->code) == 0)
		return;
	if (rc == TSDB_EAMBIGUOUS && strstr(err.text, want->code))
		return;
	fail_msg("\"%s\" (%s): %s", name, want->code, rc ? err.text : r.code);
}

static int check_chinese(const tsdb_region *r, void *arg)
{
	struct every *e = arg;
	tsdb_region p;
	char buf[512];
	if (strcmp(r->level, "province") && strcmp(r->level, "prefecture"))
		return 0;
	if (!(strncmp(r->code, "CN-", 3) == 0 || (r->code[0] >= '1' && r->code[0] <= '9')))
		return 0;
	to_it_or_listed(e->t, r->code, r);
	to_it_or_listed(e->t, r->name_zh, r);
	tsdb_region prov;
	if (strcmp(r->level, "prefecture") == 0 && tsdb_region_resolve(e->t, r->name, &prov, NULL) == 0 &&
	    strcmp(prov.level, "province") == 0) {
		/* rule 4: "Jilin" is the province; the prefecture is "Jilin City" */
		snprintf(buf, sizeof buf, "%s %s", r->name, strcmp(r->type, "city") ? "Prefecture" : "City");
		to_it_or_listed(e->t, buf, r);
	} else
		to_it_or_listed(e->t, r->name, r);
	snprintf(buf, sizeof buf, "%.*s", (int)strlen(r->name_zh), r->name_zh);
	size_t n = strlen(r->name_zh);
	/* the short name: without 省 市 自治区 … (the catalog's stem is the library's, so the
	 * test spells out the common suffixes itself) */
	static const char *const suffixes[] = {"特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区",
	                                       "自治区", "省", "市", "地区", "盟"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k + 3 && strcmp(r->name_zh + n - k, suffixes[i]) == 0) {
			buf[n - k] = 0;
			/* rule 5: 吉林 is the province 吉林省 before the prefecture 吉林市 */
			if (!(strcmp(r->level, "prefecture") == 0 &&
			      tsdb_region_resolve(e->t, buf, &prov, NULL) == 0 &&
			      strcmp(prov.level, "province") == 0 &&
			      strncmp(prov.name_zh, buf, strlen(buf)) == 0))
				to_it_or_listed(e->t, buf, r);
			break;
		}
	}
	if (strcmp(r->level, "prefecture") == 0 && tsdb_region_get(e->t, r->parent, &p, NULL) == 0) {
		snprintf(buf, sizeof buf, "%s%s", p.name_zh, r->name_zh);
		to_it_or_listed(e->t, buf, r);
		snprintf(buf, sizeof buf, "%s/%s", p.name_zh, r->name_zh);
		to_it_or_listed(e->t, buf, r);
		snprintf(buf, sizeof buf, "%s, %s", r->name, p.name);
		to_it_or_listed(e->t, buf, r);
	}
	e->codes++;
	return 0;
}

static void test_every_chinese_province_and_prefecture(void **state)
{
	struct every e = {reader(state), 0};
	assert_int_equal(tsdb_regions_builtin_each(check_chinese, &e, NULL), 0);
	assert_int_equal(e.codes, 34 + 333);
	tsdb_txn_abort(e.t);
}

int main(void)
{
	const struct CMUnitTest read[] = {
	    cmocka_unit_test(test_exact_codes),
	    cmocka_unit_test(test_english_province_names),
	    cmocka_unit_test(test_qualified_names),
	    cmocka_unit_test(test_home_first),
	    cmocka_unit_test(test_names_people_use),
	    cmocka_unit_test(test_suggestions_same_script),
	    cmocka_unit_test(test_ambiguity_lists_parents),
	    cmocka_unit_test(test_long_names),
	    cmocka_unit_test(test_builtin_groups),
	    cmocka_unit_test(test_official_order),
	    cmocka_unit_test(test_every_builtin_code),
	    cmocka_unit_test(test_every_chinese_province_and_prefecture),
	};
	const struct CMUnitTest write[] = {
	    cmocka_unit_test(test_home_setting),
	    cmocka_unit_test(test_home_must_be_country),
	};
	int failed = cmocka_run_group_tests_name("resolve", read, setup_regions, teardown_db);
	return failed + cmocka_run_group_tests_name("resolve-home", write, setup_regions, teardown_db);
}
