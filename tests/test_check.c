/* test_check.c — tsdb_check: a healthy database passes, and each invariant,
 * broken on purpose by raw LMDB writes inside a transaction that is then
 * aborted, is reported in words. */
#include <lmdb.h>
#include <math.h>

#include "fixture.h"
#include "internal.h"

/* ---- the healthy database every test starts from ---- */

static int catalog(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	int rc;
	if ((rc = tsdb_regions_builtin(t, err)) || (rc = fixture_catalog(t, err)))
		return rc;
	static const struct {
		const char *ind, *reg, *period;
		double value;
		uint32_t vintage;
		const char *source, *quote;
	} facts[] = {
	    /* two sources of one vintage disagree: nbs (priority 50) is shown */
	    {"high_tech_enterprises", "CN", "2024", 1, 20240722, "paper", NULL},
	    {"high_tech_enterprises", "CN", "2024", 2, 20240722, "nbs", NULL},
	    /* a revision: the later vintage is shown */
	    {"high_tech_enterprises", "CN", "2023", 5, 20240101, "paper", "first"},
	    {"high_tech_enterprises", "CN", "2023", 6, 20240801, "later", "revised"},
	    {"rd_expenditure", "CN-GD", "2024-Q1", 7, 0, "paper", "a quote"},
	    {"high_tech_enterprises", "CN-GD", "2024-06-30", 8, 0, "paper", NULL},
	};
	for (size_t i = 0; i < sizeof facts / sizeof *facts; i++) {
		tsdb_obs o = {facts[i].ind, facts[i].reg, {0, 0}, facts[i].value, TSDB_Q_EQ,
		              TSDB_STATUS_ACTUAL, facts[i].vintage, facts[i].source, facts[i].quote, NULL, 0};
		if ((rc = tsdb_period_parse(facts[i].period, (size_t)-1, &o.period, err)) ||
		    (rc = tsdb_obs_put(t, &o, NULL, err)))
			return rc;
	}
	return 0;
}

static struct fixture *F;

static int group_setup(void **state)
{
	(void)state;
	F = fixture_open(NULL);
	fixture_update(F, catalog, NULL);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	fixture_close(F);
	return 0;
}

/* ---- helpers ---- */

struct log {
	char text[16384];
	size_t len;
};

static void collect(const char *what, void *arg)
{
	struct log *l = arg;
	int n = snprintf(l->text + l->len, sizeof l->text - l->len, "%s\n", what);
	if (n > 0 && l->len + (size_t)n < sizeof l->text)
		l->len += (size_t)n;
}

static tsdb_txn *begin(void)
{
	tsdb_txn *t;
	tsdb_error err = {0};
	if (tsdb_txn_begin(F->db, TSDB_TXN_WRITE, &t, &err))
		fail_msg("begin: %s", err.text);
	return t;
}

/* Runs the check on t and asserts that it reports want; aborts t. */
static void expect(tsdb_txn *t, const char *want)
{
	struct log l = {.len = 0};
	uint64_t n = 0;
	tsdb_error err = {0};
	l.text[0] = 0;
	int rc = tsdb_check(t, collect, &l, &n, &err);
	tsdb_txn_abort(t);
	if (rc != TSDB_ECORRUPT || !n || !strstr(l.text, want))
		fail_msg("want a problem with \"%s\" (rc %d, %llu problems):\n%s", want, rc,
		         (unsigned long long)n, l.text);
	assert_int_equal(err.code, TSDB_ECORRUPT);
}

/* Runs the check on t and asserts that it finds nothing; aborts t. */
static void expect_ok(tsdb_txn *t)
{
	struct log l = {.len = 0};
	uint64_t n = 1;
	l.text[0] = 0;
	int rc = tsdb_check(t, collect, &l, &n, NULL);
	tsdb_txn_abort(t);
	if (rc || n)
		fail_msg("want no problem (rc %d, %llu problems):\n%s", rc, (unsigned long long)n, l.text);
}

static uint32_t num(tsdb_txn *t, char kind, const char *name)
{
	uint32_t k;
	if (ts_intern(t, kind, name, 0, &k, NULL))
		fail_msg("no %c %s", kind, name);
	return k;
}

static void put(tsdb_txn *t, MDB_dbi dbi, const void *k, size_t kn, const void *v, size_t vn)
{
	MDB_val key = {kn, (void *)k}, val = {vn, (void *)v};
	int rc = mdb_put(t->txn, dbi, &key, &val, 0);
	if (rc)
		fail_msg("mdb_put: %s", mdb_strerror(rc));
}

static void del(tsdb_txn *t, MDB_dbi dbi, const void *k, size_t kn, const void *v, size_t vn)
{
	MDB_val key = {kn, (void *)k}, val = {vn, (void *)v};
	int rc = mdb_del(t->txn, dbi, &key, v ? &val : NULL);
	if (rc)
		fail_msg("mdb_del: %s", mdb_strerror(rc));
}

/* The obs key of (indicator, region, period). */
static void okey(tsdb_txn *t, unsigned char k[TS_VER_KEY], const char *ind, const char *reg,
                 const char *period)
{
	tsdb_period p;
	assert_int_equal(tsdb_period_parse(period, (size_t)-1, &p, NULL), 0);
	memset(k, 0, TS_VER_KEY);
	ts_obs_key(k, num(t, 'i', ind), num(t, 'r', reg), p);
}

/* Positions c on the block of obs holding observation k (16 bytes): the
 * last block of its series at or before it. 0, or MDB_NOTFOUND. */
static int block_of(MDB_cursor *c, const unsigned char *k, MDB_val *bk, MDB_val *bv)
{
	bk->mv_size = TS_OBS_KEY;
	bk->mv_data = (void *)k;
	int rc = mdb_cursor_get(c, bk, bv, MDB_SET_RANGE);
	if (rc == 0 && memcmp(bk->mv_data, k, TS_OBS_KEY) == 0)
		return 0;
	rc = mdb_cursor_get(c, bk, bv, rc ? MDB_LAST : MDB_PREV);
	if (rc == 0 && bk->mv_size == TS_OBS_KEY && memcmp(bk->mv_data, k, 8) == 0)
		return 0;
	return MDB_NOTFOUND;
}

/* A copy of observation k's record as obs.c lays it out in a block entry
 * (TS_OBS_SIZE bytes, then quote and note), in buf (at least 256 bytes). */
static size_t orec(tsdb_txn *t, const unsigned char *k, unsigned char *buf)
{
	MDB_cursor *c;
	MDB_val bk, bv;
	struct ts_entry *e = NULL;
	size_t n = 0, cap = 0, size = 0;
	assert_int_equal(mdb_cursor_open(t->txn, t->db->obs, &c), 0);
	assert_int_equal(block_of(c, k, &bk, &bv), 0);
	assert_int_equal(ts_block_decode(bv.mv_data, bv.mv_size, &e, &n, &cap), 0);
	for (size_t i = 0; i < n; i++)
		if (e[i].start == ts_get32(k + 8) && e[i].end == ts_get32(k + 12)) {
			assert_true(TS_OBS_SIZE + e[i].tail_len <= 256);
			memcpy(buf, e[i].rec, TS_OBS_SIZE);
			if (e[i].tail_len)
				memcpy(buf + TS_OBS_SIZE, e[i].tail, e[i].tail_len);
			size = TS_OBS_SIZE + e[i].tail_len;
		}
	mdb_cursor_close(c);
	free(e);
	assert_true(size > 0);
	return size;
}

/* Stores rec[0, n) (as orec gives it) as observation k: in the block of
 * its series that holds its period, replacing the observation there, or in
 * a block of its own. */
static void oput(tsdb_txn *t, const unsigned char *k, const unsigned char *rec, size_t n)
{
	MDB_cursor *c;
	MDB_val bk, bv;
	struct ts_entry *e = NULL, x = {0};
	size_t ne = 0, cap = 0, i = 0, len, taken;
	unsigned char old[TS_OBS_KEY], nk[TS_OBS_KEY], *buf = NULL;
	int had;
	x.start = ts_get32(k + 8);
	x.end = ts_get32(k + 12);
	memcpy(x.rec, rec, TS_OBS_SIZE);
	x.tail = (const char *)rec + TS_OBS_SIZE;
	x.tail_len = n - TS_OBS_SIZE;
	assert_int_equal(mdb_cursor_open(t->txn, t->db->obs, &c), 0);
	had = block_of(c, k, &bk, &bv) == 0;
	if (had) {
		memcpy(old, bk.mv_data, TS_OBS_KEY);
		assert_int_equal(ts_block_decode(bv.mv_data, bv.mv_size, &e, &ne, &cap), 0);
		/* decoded tails point into the map: copy the block before writing */
		void *copy = malloc(bv.mv_size);
		memcpy(copy, bv.mv_data, bv.mv_size);
		assert_int_equal(ts_block_decode(copy, bv.mv_size, &e, &ne, &cap), 0);
		assert_int_equal(mdb_del(t->txn, t->db->obs, &(MDB_val){TS_OBS_KEY, old}, NULL), 0);
		while (i < ne && (e[i].start < x.start || (e[i].start == x.start && e[i].end < x.end)))
			i++;
		if (i < ne && e[i].start == x.start && e[i].end == x.end)
			e[i] = x;
		else {
			e = realloc(e, (ne + 1) * sizeof *e);
			memmove(&e[i + 1], &e[i], (ne - i) * sizeof *e);
			e[i] = x;
			ne++;
		}
		cap = 0;
		for (size_t j = 0; j < ne; j += taken) {
			assert_int_equal(ts_block_encode(&e[j], ne - j, &buf, &cap, &len, &taken), 0);
			memcpy(nk, k, 8);
			ts_put32(nk + 8, e[j].start);
			ts_put32(nk + 12, e[j].end);
			put(t, t->db->obs, nk, TS_OBS_KEY, buf, len);
		}
		free(copy);
	} else {
		assert_int_equal(ts_block_encode(&x, 1, &buf, &cap, &len, &taken), 0);
		put(t, t->db->obs, k, TS_OBS_KEY, buf, len);
	}
	mdb_cursor_close(c);
	free(buf);
	free(e);
}

static void put32(unsigned char *p, uint32_t v)
{
	ts_put32(p, v);
}

/* ---- the tests ---- */

static void test_healthy_database_passes(void **state)
{
	struct log l = {.len = 0};
	uint64_t n = 99;
	tsdb_txn *t;
	(void)state;
	l.text[0] = 0;
	assert_int_equal(tsdb_txn_begin(F->db, 0, &t, NULL), 0);
	int rc = tsdb_check(t, collect, &l, &n, NULL);
	tsdb_txn_abort(t);
	if (rc || n)
		fail_msg("a healthy database has problems:\n%s", l.text);
	/* and without a callback or a count */
	assert_int_equal(tsdb_txn_begin(F->db, 0, &t, NULL), 0);
	assert_int_equal(tsdb_check(t, NULL, NULL, NULL, NULL), 0);
	tsdb_txn_abort(t);
}

/* ---- one raw write that breaks an invariant of the catalog ---- */

/* Bytes of a key or a value: n bytes of text, into which (when num is
 * given) a 4-byte number is written at offset at: the number of a catalog
 * entry (its kind, then its name: "rCN-GD") or a literal one ("#999999"). */
struct bytes {
	const char *num, *text;
	size_t n, at;
};

/* Writes b into buf (at least 64 bytes); its length. */
static size_t bytes(tsdb_txn *t, const struct bytes *b, unsigned char *buf)
{
	assert_true(b->n <= 64 && (!b->num || b->at + 4 <= b->n));
	memcpy(buf, b->text, b->n);
	if (b->num)
		put32(buf + b->at, b->num[0] == '#' ? (uint32_t)atol(b->num + 1) : num(t, b->num[0], b->num + 1));
	return b->n;
}

static MDB_dbi table(tsdb_txn *t, const char *name)
{
	const struct tsdb *d = t->db;
	const struct {
		const char *name;
		MDB_dbi dbi;
	} all[] = {{"meta", d->meta},       {"names", d->names},       {"indicators", d->indicators},
	           {"sources", d->sources}, {"regions", d->regions},   {"aliases", d->aliases},
	           {"children", d->children}};
	for (size_t i = 0; i < countof(all); i++)
		if (!strcmp(all[i].name, name))
			return all[i].dbi;
	fail_msg("no table %s", name);
	return 0;
}

#define B(s) s, sizeof s - 1
#define N4 "\0\0\0\0"
#define N9 "\0\0\0\0\0\0\0\0\0"

/* The write (del: the removal of the key, or of the one value given of a
 * key that holds several) into table, and what tsdb_check says of it. */
static const struct {
	const char *table;
	int del;
	struct bytes key, val;
	const char *says;
} writes[] = {
    /* the format stamp */
    {"meta", 0, {NULL, B("format"), 0}, {NULL, B("9"), 0}, "format is \"9\""},
    {"meta", 1, {NULL, B("format"), 0}, {0}, "no format stamp"},
    /* a name without a record, or with another's */
    {"names", 0, {NULL, B("ighost"), 0}, {"#4000", B(N4), 0},
     "indicator \"ghost\" is number 4000, which has no catalog record"},
    {"names", 0, {NULL, B("spaper2"), 0}, {"snbs", B(N4), 0}, "source \"paper2\" is number"},
    {"names", 0, {NULL, B("s"), 0}, {"snbs", B(N4), 0}, "names: an entry of kind 's' and 1 bytes"},
    {"names", 0, {NULL, B("xfoo"), 0}, {"snbs", B(N4), 0}, "names: an entry of kind 'x'"},
    {"names", 0, {NULL, B("snbs"), 0}, {NULL, B("\0\0\1"), 0}, "source \"nbs\" has no valid number"},
    /* an indicator whose name entry is gone */
    {"names", 1, {NULL, B("ird_expenditure"), 0}, {0},
     "indicators: record 2 \"rd_expenditure\" is missing in names"},
    /* records of the wrong shape, a key of the wrong size */
    {"indicators", 0, {"ird_expenditure", B(N4), 0}, {NULL, B("rd_expenditure\0R&D\0"), 0},
     "indicators: record 2 is not 6 NUL-terminated fields"},
    {"indicators", 0, {"ird_expenditure", B(N4), 0},
     {NULL, B("rd_expenditure\0R&D\0\0\0flow\0\0"), 0}, "indicators: rd_expenditure has no unit"},
    {"indicators", 0, {"ird_expenditure", B(N4), 0},
     {NULL, B("rd_expenditure\0R&D\0\0CNY\0wave\0\0"), 0}, "has kind \"wave\""},
    {"indicators", 0, {NULL, B("abc"), 0}, {NULL, B("x\0\0\0u\0stock\0\0"), 0},
     "indicators: a key of 3 bytes"},
    /* sources: a date that is not one, a priority that is not a number */
    {"sources", 0, {"snbs", B(N4), 0}, {NULL, B("nbs\0t\0p\0\0" "2024-13-01\0" "50\0\0"), 0},
     "sources: nbs was published on \"2024-13-01\", not a date"},
    {"sources", 0, {"snbs", B(N4), 0}, {NULL, B("nbs\0t\0p\0\0" "2024-07-22\0" "high\0\0"), 0},
     "sources: nbs has priority \"high\", not a number"},
    /* a parent that does not exist; China a part of Guangdong, a part of China */
    {"regions", 0, {"rCN-GD", B(N4), 0},
     {NULL, B("CN-GD\0ZZ-NOPE\0province\0\0Guangdong\0广东省\0\0\0\0\0"), 0},
     "regions: CN-GD has parent ZZ-NOPE, which does not exist"},
    {"regions", 0, {"rCN", B(N4), 0}, {NULL, B("CN\0CN-GD\0country\0\0China\0中国\0CHN\0\0\0\0"), 0},
     "regions: CN is its own ancestor"},
    /* children */
    {"children", 1, {"rCN", B(N4), 0}, {"rCN-GD", B(N4), 0},
     "children: CN-GD is missing from the children of its parent CN"},
    {"children", 0, {"rCN", B(N4), 0}, {"#999999", B(N4), 0},
     "children: CN has child region 999999, which does not exist"},
    {"children", 0, {"rCN-GD", B(N4), 0}, {"rCN-BJ", B(N4), 0},
     "children: CN-BJ is listed under CN-GD, but its parent is \"CN\""},
    {"children", 0, {"#999998", B(N4), 0}, {"rCN-BJ", B(N4), 0},
     "children: parent region 999998 does not exist"},
    /* aliases: a class byte, the region, its years (region.h) */
    {"aliases", 0, {NULL, B("ghosttown"), 0}, {"#999999", B(N9), 1},
     "aliases: \"ghosttown\" names region 999999, which does not exist"},
    {"aliases", 0, {NULL, B("ghosttown"), 0}, {"rCN", B("\7" N4 N4), 1},
     "aliases: \"ghosttown\" has a malformed entry"},
    /* a region no longer found by its code (codes are kept apart, under 0xFF: region.h) */
    {"aliases", 1, {NULL, B("\xFF" "CN-GD"), 0}, {"rCN-GD", B("\4" N4 N4), 1},
     "aliases: region CN-GD is not found by its name or code \"CN-GD\""},
    /* ... or by a name */
    {"aliases", 1, {NULL, B("广东省"), 0}, {"rCN-GD", B(N9), 1},
     "aliases: region CN-GD is not found by its name or code \"广东省\""},
};

static void test_one_write(void **state)
{
	(void)state;
	for (size_t i = 0; i < countof(writes); i++) {
		tsdb_txn *t = begin();
		unsigned char k[64], v[64];
		size_t kn = bytes(t, &writes[i].key, k);
		size_t vn = writes[i].val.text ? bytes(t, &writes[i].val, v) : 0;
		if (writes[i].del)
			del(t, table(t, writes[i].table), k, kn, vn ? v : NULL, vn);
		else
			put(t, table(t, writes[i].table), k, kn, v, vn);
		expect(t, writes[i].says);
	}
}

/* ---- damaged observations ---- */

/* A change to bytes of a stored observation: at offset at, of its key
 * ('k') or its record ('r'), the 4-byte number v; in its record, the byte
 * v ('b') or the double v ('f'); or in a block as coded, the bits v set in
 * a byte ('o'). */
struct patch {
	char in;
	size_t at;
	double v;
};

static void patch(const struct patch *p, unsigned char *key, unsigned char *rec)
{
	switch (p->in) {
	case 'k': put32(key + p->at, (uint32_t)p->v); break;
	case 'r': put32(rec + p->at, (uint32_t)p->v); break;
	case 'b': rec[p->at] = (unsigned char)p->v; break;
	case 'f': ts_put_double(rec + p->at, p->v); break;
	case 'o': rec[p->at] |= (unsigned char)p->v; break;
	}
}

/* rd_expenditure CN-GD 2024-Q1 stored again with its key or record changed
 * (and cut bytes shorter), and what tsdb_check says. */
static const struct {
	struct patch p[2];
	size_t cut;
	const char *says;
} records[] = {
    /* names that do not exist */
    {{{'k', 0, 4000}}, 0, "obs: #4000 CN-GD 2024-Q1: indicator 4000 does not exist"},
    {{{'k', 4, 999999}}, 0, "obs: rd_expenditure #999999 2024-Q1: region 999999 does not exist"},
    {{{'r', 16, 77}},
     0,
     "obs: rd_expenditure CN-GD 2024-Q1 (vintage 20240722): source 77 does not exist"},
    /* periods and dates that are not */
    {{{'k', 8, 20240401}, {'k', 12, 20240331}},
     0,
     "obs: rd_expenditure CN-GD 20240401/20240331: the period is not a range of real dates"},
    {{{'k', 8, 20240230}, {'k', 12, 20240230}},
     0,
     "20240230/20240230: the period is not a range of real dates"},
    {{{'r', 12, 20241301}}, 0, "vintage 20241301 is not a date"},
    /* fields out of their range */
    {{{'b', 8, 9}}, 0, "qualifier 9 is unknown"},
    {{{'b', 9, 7}}, 0, "status 7 is unknown"},
    {{{'b', 9, 8 | 5}}, 0, "status 13 is unknown"},
    {{{'b', 9, 8}, {'r', 12, 0}}, 0, "an assumed vintage, but no vintage"},
    {{{'f', 0, NAN}}, 0, "the value is not a finite number"},
    /* the quote without its terminating NUL */
    {{{0}}, 1, "quote and note are malformed"},
};

static void test_obs_records(void **state)
{
	unsigned char k[TS_VER_KEY], rec[256];
	(void)state;
	for (size_t i = 0; i < countof(records); i++) {
		tsdb_txn *t = begin();
		okey(t, k, "rd_expenditure", "CN-GD", "2024-Q1");
		size_t n = orec(t, k, rec);
		for (size_t j = 0; j < countof(records[i].p); j++)
			patch(&records[i].p[j], k, rec);
		oput(t, k, rec, n - records[i].cut);
		expect(t, records[i].says);
	}
	/* a key of the wrong size */
	tsdb_txn *t = begin();
	okey(t, k, "rd_expenditure", "CN-GD", "2024-Q1");
	size_t n = orec(t, k, rec);
	put(t, t->db->obs, k, 15, rec, n);
	expect(t, "obs: a key of 15 bytes (want 16)");
}

/* A block of its own holding (start, end) of rd_expenditure CN-GD, as
 * coded, in buf (at least 256 bytes); its length. */
static size_t lone_block(tsdb_txn *t, unsigned char *k, uint32_t start, uint32_t end, unsigned char *buf)
{
	struct ts_entry x = {0};
	unsigned char *b = NULL;
	size_t cap = 0, len, taken;
	okey(t, k, "rd_expenditure", "CN-GD", "2024-Q1");
	orec(t, k, x.rec);
	x.start = start;
	x.end = end;
	assert_int_equal(ts_block_encode(&x, 1, &b, &cap, &len, &taken), 0);
	assert_true(len <= 256);
	memcpy(buf, b, len);
	free(b);
	put32(k + 8, start);
	put32(k + 12, end);
	return len;
}

/* A block of its own for (start, end), changed and cut bytes shorter, and
 * what tsdb_check says (NULL: nothing). */
static const struct {
	uint32_t start, end;
	struct patch p;
	size_t cut;
	const char *says;
} blocks[] = {
    {20300101, 20301231, {0}, 1, "obs: rd_expenditure CN-GD 2030: the block of"},
    {20300101, 20301231, {0}, 0, NULL},
    /* a head byte with its reserved bits set (the count is one byte) */
    {20300101, 20301231, {'o', 1, 0x80}, 0, "cannot be decoded"},
    /* keyed by another period than its first observation's */
    {20300101, 20301231, {'k', 8, 20290101}, 0,
     "obs: rd_expenditure CN-GD 2029/2030: the block's key is not the period of its first observation"},
    /* an observation that is also in the block before */
    {20240101, 20240331, {'k', 12, 20240430}, 0,
     "obs: rd_expenditure CN-GD 2024-Q1: out of order, or also in the block before"},
};

static void test_obs_blocks(void **state)
{
	unsigned char k[TS_VER_KEY], blk[256];
	(void)state;
	for (size_t i = 0; i < countof(blocks); i++) {
		tsdb_txn *t = begin();
		size_t n = lone_block(t, k, blocks[i].start, blocks[i].end, blk);
		patch(&blocks[i].p, k, blk);
		put(t, t->db->obs, k, TS_OBS_KEY, blk, n - blocks[i].cut);
		if (blocks[i].says)
			expect(t, blocks[i].says);
		else
			expect_ok(t);
	}
}

static void test_shown_is_best(void **state)
{
	tsdb_txn *t = begin();
	unsigned char k[TS_VER_KEY], rec[256], v[TS_VER_HEAD] = {0};
	(void)state;
	/* a stored version of a later vintage than the one shown */
	okey(t, k, "high_tech_enterprises", "CN", "2023");
	ts_put_double(v, 42);
	put32(k + 16, 20250101);
	put32(k + 20, num(t, 's', "paper"));
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "obs: high_tech_enterprises CN 2023 shows vintage 20240801 of source 3, but the "
	          "version of vintage 20250101 from source 1 should be shown");
	/* the same vintage from a source of higher priority */
	t = begin();
	okey(t, k, "high_tech_enterprises", "CN", "2024");
	orec(t, k, rec);
	put32(k + 16, 20240722);
	put32(k + 20, num(t, 's', "paper"));
	/* make paper the shown one and nbs the stored one */
	unsigned char kn[TS_VER_KEY];
	memcpy(kn, k, TS_VER_KEY);
	put32(kn + 20, num(t, 's', "nbs"));
	del(t, t->db->versions, k, TS_VER_KEY, NULL, 0);
	ts_put_double(v, 2);
	put(t, t->db->versions, kn, TS_VER_KEY, v, TS_VER_HEAD);
	put32(rec + 16, num(t, 's', "paper"));
	ts_put_double(rec, 1);
	oput(t, k, rec, TS_OBS_SIZE);
	expect(t, "from source 2 should be shown");
}

static void test_duplicate_and_orphan_versions(void **state)
{
	tsdb_txn *t = begin();
	unsigned char k[TS_VER_KEY], rec[256], v[TS_VER_HEAD] = {0};
	(void)state;
	okey(t, k, "rd_expenditure", "CN-GD", "2024-Q1");
	orec(t, k, rec);
	memcpy(k + 16, rec + 12, 8); /* the shown vintage and source */
	memcpy(v, rec, 10);
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "duplicates the version shown in obs");
	t = begin();
	okey(t, k, "rd_expenditure", "CN-GD", "2019");
	put32(k + 16, 20200101);
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "versions: rd_expenditure CN-GD 2019 (vintage 20200101) has no observation in obs");
	/* after the last observation too */
	t = begin();
	memset(k, 0xFF, TS_VER_KEY);
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "has no observation in obs");
	/* and malformed ones */
	t = begin();
	okey(t, k, "high_tech_enterprises", "CN", "2024");
	put32(k + 16, 20240722);
	put32(k + 20, num(t, 's', "paper"));
	put(t, t->db->versions, k, TS_VER_KEY, v, 5);
	expect(t, "versions: high_tech_enterprises CN 2024: a record of 5 bytes");
	t = begin();
	v[11] = 1;
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "pad bytes are not zero");
	/* a status byte with a bit above the assumed-vintage mark (a series
	 * block cannot hold one; versions can) */
	t = begin();
	v[11] = 0;
	v[9] = 16;
	put(t, t->db->versions, k, TS_VER_KEY, v, TS_VER_HEAD);
	expect(t, "status 16 is unknown");
	v[9] = 0;
	t = begin();
	put(t, t->db->versions, k, 20, v, TS_VER_HEAD);
	expect(t, "versions: high_tech_enterprises CN 2024: a key of 20 bytes");
}

static void test_conflict_flag(void **state)
{
	tsdb_txn *t = begin();
	unsigned char k[TS_VER_KEY], rec[256];
	(void)state;
	/* sources of the shown vintage disagree, but the flag is clear */
	okey(t, k, "high_tech_enterprises", "CN", "2024");
	size_t n = orec(t, k, rec);
	assert_true(rec[10] & 1);
	rec[10] = 0;
	oput(t, k, rec, n);
	expect(t, "obs: high_tech_enterprises CN 2024: the conflict flag is clear, but sources of "
	          "vintage 20240722 disagree");
	/* a revision is no conflict */
	t = begin();
	okey(t, k, "high_tech_enterprises", "CN", "2023");
	n = orec(t, k, rec);
	rec[10] = 1;
	oput(t, k, rec, n);
	expect(t, "the conflict flag is set, but sources of vintage 20240801 agree");
}

static int reverse(const MDB_val *a, const MDB_val *b)
{
	int d = memcmp(a->mv_data, b->mv_data, a->mv_size < b->mv_size ? a->mv_size : b->mv_size);
	return d ? -d : (a->mv_size < b->mv_size) - (a->mv_size > b->mv_size);
}

/* Keys out of order cannot be written through one comparison function, so
 * the obs table is rewritten by a separate environment that sorts the other
 * way round, as a program with the wrong comparator would. */
static void test_key_order(void **state)
{
	struct fixture *f = fixture_open(NULL);
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi obs;
	tsdb_txn *t;
	tsdb_error err = {0};
	struct log l = {.len = 0};
	uint64_t n = 0;
	unsigned char k[TS_VER_KEY], rec[TS_OBS_SIZE] = {0};
	(void)state;
	if (tsdb_update(f->db, catalog, NULL, &err))
		fail_msg("%s", err.text);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	okey(t, k, "rd_expenditure", "CN-GD", "2024-Q1");
	tsdb_txn_abort(t);
	tsdb_close(f->db);
	f->db = NULL;

	assert_int_equal(mdb_env_create(&env), 0);
	mdb_env_set_maxdbs(env, 16);
	assert_int_equal(mdb_env_open(env, f->dir, 0, 0666), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "obs", 0, &obs), 0);
	assert_int_equal(mdb_drop(txn, obs, 0), 0);
	assert_int_equal(mdb_set_compare(txn, obs, reverse), 0);
	ts_put_double(rec, 1);
	put32(rec + 12, 20240722);
	for (uint32_t start = 20240101; start <= 20240301; start += 100) {
		MDB_val key = {TS_OBS_KEY, k}, val = {TS_OBS_SIZE, rec};
		put32(k + 8, start);
		put32(k + 12, start + 30);
		assert_int_equal(mdb_put(txn, obs, &key, &val, 0), 0);
	}
	assert_int_equal(mdb_txn_commit(txn), 0);
	mdb_env_close(env);

	assert_int_equal(tsdb_open(f->dir, 0, &f->db, NULL), 0);
	assert_int_equal(tsdb_txn_begin(f->db, 0, &t, NULL), 0);
	l.text[0] = 0;
	assert_int_equal(tsdb_check(t, collect, &l, &n, NULL), TSDB_ECORRUPT);
	tsdb_txn_abort(t);
	if (!strstr(l.text, "obs: keys out of order"))
		fail_msg("want keys out of order:\n%s", l.text);
	fixture_close(f);
}

static void test_readers_check_on_healthy_database(void **state)
{
	int cleared = -1;
	(void)state;
	assert_int_equal(tsdb_readers_check(F->db, &cleared, NULL), 0);
	assert_int_equal(cleared, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_healthy_database_passes),
	    cmocka_unit_test(test_one_write),
	    cmocka_unit_test(test_obs_records),
	    cmocka_unit_test(test_obs_blocks),
	    cmocka_unit_test(test_shown_is_best),
	    cmocka_unit_test(test_duplicate_and_orphan_versions),
	    cmocka_unit_test(test_conflict_flag),
	    cmocka_unit_test(test_key_order),
	    cmocka_unit_test(test_readers_check_on_healthy_database),
	    /* the healthy database is still healthy after all the aborted damage */
	    cmocka_unit_test(test_healthy_database_passes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
