/* test_resolve.c — the precedence of region resolution (docs/REGIONS.md), rule by rule, and
 * properties over the whole built-in catalog. */
#include "fixture.h"

/* Rules 1 to 4, and the names people use, each name with the region it is. */
static const struct resolve_case names[] = {
    /* rule 1: an exact code is that region; folding never makes one code into another */
    {"AR-E", 0, "AR-E"}, {"ES-P", 0, "ES-P"}, {"ES-T", 0, "ES-T"}, {"GR-C", 0, "GR-C"},
    {"AR-G", 0, "AR-G"}, {"AR-M", 0, "AR-M"}, {"SE-N", 0, "SE-N"}, {"MA-INE", 0, "MA-INE"},
    {"US-AK", 0, "US-AK"}, {"RU-SE", 0, "RU-SE"}, {"AR-B", 0, "AR-B"}, {"US-ME", 0, "US-ME"},
    {"ar-e", 0, "AR-E"}, {"ARE", 0, "AE"}, {"ESP", 0, "ES"}, {"Maine", 0, "US-ME"},
    /* rule 4: the English names of the provinces beat the pinyin of prefectures and counties */
    {"Hebei", 0, "CN-HE"}, {"Henan", 0, "CN-HA"}, {"Hainan", 0, "CN-HI"}, {"Jilin", 0, "CN-JL"},
    {"Hebei Province", 0, "CN-HE"}, {"Jilin Province", 0, "CN-JL"},
    {"Inner Mongolia", 0, "CN-NM"}, {"Inner Mongolia Autonomous Region", 0, "CN-NM"},
    {"Guangxi", 0, "CN-GX"}, {"Guangxi Zhuang Autonomous Region", 0, "CN-GX"},
    {"Ningxia Hui Autonomous Region", 0, "CN-NX"}, {"Xinjiang Uygur Autonomous Region", 0, "CN-XJ"},
    {"Tibet", 0, "CN-XZ"}, {"Tibet Autonomous Region", 0, "CN-XZ"}, {"Hong Kong", 0, "CN-HK"},
    {"Hong Kong, China", 0, "CN-HK"}, {"Hong Kong Special Administrative Region", 0, "CN-HK"},
    {"Macao", 0, "CN-MO"}, {"Macau", 0, "CN-MO"}, {"Beijing Municipality", 0, "CN-BJ"},
    {"Chongqing Municipality", 0, "CN-CQ"}, {"Guangdong Sheng", 0, "CN-GD"},
    {"Ningxia Huizi Zizhiqu", 0, "CN-NX"},
    /* the prefectures, named as such */
    {"Jilin City", 0, "220200"}, {"吉林市", 0, "220200"}, {"Hohhot", 0, "150100"},
    /* "NAME, PARENT" as well as "PARENT/NAME" */
    {"Suzhou, Jiangsu", 0, "320500"}, {"Suzhou, Anhui", 0, "341300"},
    {"Jiangsu/Suzhou", 0, "320500"}, {"Chaoyang District, Beijing", 0, "110105"},
    {"Chaoyang, Liaoning", 0, "211300"}, {"朝阳区, 北京", 0, "110105"},
    /* rule 3: China first; the Chinese names of foreign subdivisions only when qualified */
    {"河南省", 0, "CN-HA"}, {"河南", 0, "CN-HA"}, {"越南/河南省", 0, "VN-63"},
    {"VN/Hà Nam", 0, "VN-63"}, {"Hà Nam", 0, "VN-63"}, {"东北地区", 0, "CN.NORTHEAST"},
    {"东部地区", 0, "CN.EAST"}, {"中部地区", 0, "CN.CENTRAL"}, {"西部地区", 0, "CN.WEST"},
    {"Northeast China", 0, "CN.NORTHEAST"},
    /* rule 3 also: the names people use, built in */
    {"全国", 0, "CN"}, {"全国合计", 0, "CN"}, {"中华人民共和国", 0, "CN"}, {"PRC", 0, "CN"},
    {"prc", 0, "CN"}, {"People's Republic of China", 0, "CN"}, {"中国", 0, "CN"},
    {"China", 0, "CN"}, {"CHN", 0, "CN"}, {"156", 0, "CN"},
    /* the one-character abbreviations of the provinces */
    {"京", 0, "CN-BJ"}, {"津", 0, "CN-TJ"}, {"冀", 0, "CN-HE"}, {"晋", 0, "CN-SX"},
    {"蒙", 0, "CN-NM"}, {"辽", 0, "CN-LN"}, {"吉", 0, "CN-JL"}, {"黑", 0, "CN-HL"},
    {"沪", 0, "CN-SH"}, {"苏", 0, "CN-JS"}, {"浙", 0, "CN-ZJ"}, {"皖", 0, "CN-AH"},
    {"闽", 0, "CN-FJ"}, {"赣", 0, "CN-JX"}, {"鲁", 0, "CN-SD"}, {"豫", 0, "CN-HA"},
    {"鄂", 0, "CN-HB"}, {"湘", 0, "CN-HN"}, {"粤", 0, "CN-GD"}, {"桂", 0, "CN-GX"},
    {"琼", 0, "CN-HI"}, {"渝", 0, "CN-CQ"}, {"川", 0, "CN-SC"}, {"蜀", 0, "CN-SC"},
    {"黔", 0, "CN-GZ"}, {"贵", 0, "CN-GZ"}, {"滇", 0, "CN-YN"}, {"云", 0, "CN-YN"},
    {"藏", 0, "CN-XZ"}, {"陕", 0, "CN-SN"}, {"秦", 0, "CN-SN"}, {"甘", 0, "CN-GS"},
    {"陇", 0, "CN-GS"}, {"青", 0, "CN-QH"}, {"宁", 0, "CN-NX"}, {"新", 0, "CN-XJ"},
    {"港", 0, "CN-HK"}, {"澳", 0, "CN-MO"}, {"台", 0, "CN-TW"},
    /* traditional characters */
    {"廣東", 0, "CN-GD"}, {"廣東省", 0, "CN-GD"}, {"臺灣", 0, "CN-TW"}, {"台灣", 0, "CN-TW"},
    {"澳門", 0, "CN-MO"}, {"內蒙古自治區", 0, "CN-NM"}, {"內蒙古", 0, "CN-NM"},
    {"烏魯木齊", 0, "650100"}, {"黑龍江", 0, "CN-HL"},
};

/* Rule 5: what is still ambiguous lists the candidates with codes and parents; and an
 * abbreviation never matches inside a longer name. */
static const struct refuse_case refusals[] = {
    {"Suzhou", 0, TSDB_EAMBIGUOUS, {"320500", "341300"}},
    {"朝阳区", 0, TSDB_EAMBIGUOUS, {"110105", "in 北京市", "220104", "in 长春市"}},
    {"沪闵行", 0, TSDB_EUNKNOWN, {NULL}},
    {"京朝阳区", 0, TSDB_EUNKNOWN, {NULL}},
};

static void test_names(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	tsdb_region r;
	resolve_cases(t, names, countof(names));
	refuse_cases(t, refusals, countof(refusals));
	/* display names are the conventional ones */
	assert_int_equal(tsdb_region_get(t, "CN-GD", &r, NULL), 0);
	assert_string_equal(r.name, "Guangdong");
	assert_int_equal(tsdb_region_get(t, "CN-NM", &r, NULL), 0);
	assert_string_equal(r.name, "Inner Mongolia");
	/* China is home */
	assert_int_equal(tsdb_region_home(t, &r, NULL), 0);
	assert_string_equal(r.code, "CN");
	tsdb_txn_abort(t);
}

/* Rule 3's setting: with Vietnam as home, 河南省 is Hà Nam, and China's is qualified. */
static int set_home(tsdb_txn *t, void *code, tsdb_error *err)
{
	return tsdb_region_set_home(t, code, err);
}

static void test_home_setting(void **state)
{
	tsdb_error err = {0};
	fixture_update(*state, set_home, "VN");
	static const struct resolve_case vn[] = {{"河南省", 0, "VN-63"}, {"中国/河南省", 0, "CN-HA"}};
	tsdb_txn *t = fixture_reader(state);
	resolve_cases(t, vn, countof(vn));
	assert_int_equal(tsdb_region_set_home(t, "CN-HA", &err), TSDB_EREADONLY);
	tsdb_txn_abort(t);
	fixture_update(*state, set_home, "CN");
	t = fixture_reader(state);
	resolves_to(t, "河南省", "CN-HA");
	tsdb_txn_abort(t);
}

static void test_home_must_be_country(void **state)
{
	struct fixture *f = *state;
	tsdb_error err = {0};
	assert_int_equal(tsdb_update(f->db, set_home, "CN-HA", &err), TSDB_EINVAL);
	assert_non_null(strstr(err.text, "must be a country"));
}

/* Suggestions for an unknown Chinese name come from Chinese names. */
static void test_suggestions_same_script(void **state)
{
	tsdb_txn *t = fixture_reader(state);
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
	tsdb_txn *t = fixture_reader(state);
	size_t n = 200000;
	char *name = malloc(n + 1);
	assert_non_null(name);
	memset(name, 'x', n);
	name[n] = 0;
	struct refuse_case c = {name, 0, TSDB_EUNKNOWN, {NULL}};
	refuse_cases(t, &c, 1);
	name[n / 2] = '/';
	refuse_cases(t, &c, 1);
	name[n / 2] = ',';
	refuse_cases(t, &c, 1);
	free(name);
	tsdb_txn_abort(t);
}

/* Built-in groups, their members, and "inside". */
static void test_builtin_groups(void **state)
{
	tsdb_txn *t = fixture_reader(state);
	static const char *const groups[][3] = {
	    {"长三角", "CN.YRD", "4"},          {"Yangtze River Delta", "CN.YRD", "4"},
	    {"京津冀", "CN.JJJ", "3"},          {"粤港澳大湾区", "CN.GBA", "11"},
	    {"Greater Bay Area", "CN.GBA", "11"}, {"长江经济带", "CN.YREB", "11"},
	    {"黄河流域", "CN.YRB", "9"},        {"东部地区", "CN.EAST", "10"},
	    {"中部地区", "CN.CENTRAL", "6"},    {"西部地区", "CN.WEST", "12"},
	    {"东北地区", "CN.NORTHEAST", "3"},  {"Mainland China", "CN.MAINLAND", "31"}};
	for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
		int n = 0;
		resolves_to(t, groups[i][0], groups[i][1]);
		assert_int_equal(tsdb_region_children(t, groups[i][1], fixture_count, &n, NULL), 0);
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
	tsdb_txn *t = fixture_reader(state);
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
	resolves_to(e->t, r->code, r->code);
	e->codes++;
	for (const char *a = r->aliases; *a;) {
		size_t n = strcspn(a, "|");
		char code[80];
		if (is_code(a, n) && n < sizeof code) {
			memcpy(code, a, n);
			code[n] = 0;
			resolves_to(e->t, code, r->code);
			e->codes++;
		}
		a += n + (a[n] == '|');
	}
	return 0;
}

static void test_every_builtin_code(void **state)
{
	struct every e = {fixture_reader(state), 0};
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
	struct every e = {fixture_reader(state), 0};
	assert_int_equal(tsdb_regions_builtin_each(check_chinese, &e, NULL), 0);
	assert_int_equal(e.codes, 34 + 333);
	tsdb_txn_abort(e.t);
}

int main(void)
{
	const struct CMUnitTest read[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_suggestions_same_script),
	    cmocka_unit_test(test_long_names),
	    cmocka_unit_test(test_builtin_groups),
	    cmocka_unit_test(test_official_order),
	    cmocka_unit_test(test_every_builtin_code),
	    cmocka_unit_test(test_every_chinese_province_and_prefecture),
	    /* last, as they write: home is CN again after them */
	    cmocka_unit_test(test_home_setting),
	    cmocka_unit_test(test_home_must_be_country),
	};
	return cmocka_run_group_tests_name("resolve", read, setup_regions, teardown_db);
}
