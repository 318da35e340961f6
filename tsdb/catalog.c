/* catalog.c — indicators and sources, and the names of the small enums. */
#include <stdio.h>
#include <stdlib.h>

#include <strings.h>

#include "region.h"

static const char *const qualifiers[] = {"=", "~", ">", ">=", "<", "<="};
static const char *const statuses[] = {"actual", "estimate", "provisional", "target", "forecast"};
static const char *const kinds[] = {"stock", "flow", "rate", "share", "rank"};

static int lookup(const char *const *names, int n, const char *text, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], text) == 0) {
			*out = i;
			return 0;
		}
	return TSDB_EINVAL;
}

int tsdb_qualifier_parse(const char *text, int *out)
{
	static const struct {
		const char *s;
		int q;
	} more[] = {{"≈", TSDB_Q_APPROX}, {"≥", TSDB_Q_GE}, {"≤", TSDB_Q_LE}, {"==", TSDB_Q_EQ}};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		if (strcmp(text, more[i].s) == 0) {
			*out = more[i].q;
			return 0;
		}
	return lookup(qualifiers, 6, text, out);
}

const char *tsdb_qualifier_name(int q)
{
	return q >= 0 && q < 6 ? qualifiers[q] : "?";
}

int tsdb_status_parse(const char *text, int *out)
{
	return lookup(statuses, 5, text, out);
}

const char *tsdb_status_name(int s)
{
	return s >= 0 && s < 5 ? statuses[s] : "?";
}

int tsdb_kind_parse(const char *text, int *out)
{
	if (strcmp(text, "level") == 0) {
		*out = TSDB_KIND_STOCK;
		return 0;
	}
	return lookup(kinds, 5, text, out);
}

const char *tsdb_kind_name(int k)
{
	return k >= 0 && k < 5 ? kinds[k] : "?";
}

/* An indicator id: a lower-case letter, then [a-z0-9_.], at most 64 bytes. */
static int valid_indicator_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] < 'a' || s[0] > 'z' || s[n - 1] == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* A source id: printable ASCII without spaces or quotes, at most 64 bytes. */
static int valid_source_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '"' || *s == '\'' || *s == ',')
			return 0;
	return 1;
}

int ts_record_get(tsdb_txn *t, MDB_dbi dbi, uint32_t key, const char *what, const char **f, int n,
                  tsdb_error *err)
{
	unsigned char kb[4];
	MDB_val k = {4, kb}, v;
	ts_put32(kb, key);
	int rc = mdb_get(t->txn, dbi, &k, &v);
	if (rc == MDB_NOTFOUND)
		return TSDB_NOTFOUND;
	if (rc)
		return ts_mdb_err(err, rc, what);
	ts_unpack(v.mv_data, v.mv_size, f, n);
	return 0;
}

static int put_rec(tsdb_txn *t, MDB_dbi dbi, uint32_t key, const char *const *f, int n,
                   tsdb_error *err)
{
	unsigned char kb[4];
	size_t size;
	void *rec = ts_pack(f, n, &size);
	MDB_val k = {4, kb}, v;
	if (!rec)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	ts_put32(kb, key);
	/* an unchanged entry is not written again: a reload writes no page */
	int rc = mdb_get(t->txn, dbi, &k, &v);
	if (rc == 0 && v.mv_size == size && memcmp(v.mv_data, rec, size) == 0) {
		free(rec);
		return 0;
	}
	v.mv_size = size;
	v.mv_data = rec;
	rc = mdb_put(t->txn, dbi, &k, &v, 0);
	free(rec);
	return rc ? ts_mdb_err(err, rc, "catalog") : 0;
}

int ts_catalog_put_check(tsdb_txn *t, const char *what, const char *id, int valid,
                         const char *expected, tsdb_error *err)
{
	int rc;
	if ((rc = ts_writable(t, err)) || valid)
		return rc;
	ts_err_field(err, strrchr(what, ' ') + 1);
	return ts_err(err, TSDB_EINVAL, "%s \"%.64s\": expected %s", what, id ? id : "", expected);
}

/* An indicator from its record's fields. */
static void indicator_from(const char *const *f, uint32_t key, tsdb_indicator *out)
{
	int kind;
	if (tsdb_kind_parse(f[4], &kind))
		kind = TSDB_KIND_STOCK;
	*out = (tsdb_indicator){.id = f[0], .name = f[1], .name_zh = f[2], .unit = f[3], .kind = kind,
	                        .description = f[5], .key = key, .aliases = f[6]};
}

int ts_indicator_by_key(tsdb_txn *t, uint32_t key, tsdb_indicator *out, tsdb_error *err)
{
	const char *f[7];
	int rc = ts_record_get(t, t->db->indicators, key, "catalog", f, 7, err);
	if (!rc)
		indicator_from(f, key, out);
	return rc;
}

/* The two declared ids closest to a misspelt one. */
struct near {
	const char *want;
	char id[2][65];
	int d[2];
};

static int nearest(const tsdb_indicator *ind, void *arg)
{
	struct near *n = arg;
	size_t lw = strlen(n->want);
	int d = tsdb_distance(n->want, ind->id);
	/* a prefix or a part of the id ("rd" for "rd_expenditure") is near too */
	if (lw >= 2 && strstr(ind->id, n->want))
		d = d < 2 ? d : 2;
	if (d > 2 + (int)lw / 4)
		return 0;
	/* among equally near ids, the one of the closer length first */
	int li = (int)strlen(ind->id);
	d = d * 64 + (li > (int)lw ? li - (int)lw : (int)lw - li);
	int slot = d < n->d[0] ? 0 : d < n->d[1] ? 1 : 2;
	if (slot == 0) {
		memcpy(n->id[1], n->id[0], sizeof n->id[0]);
		n->d[1] = n->d[0];
	}
	if (slot < 2) {
		snprintf(n->id[slot], sizeof n->id[slot], "%s", ind->id);
		n->d[slot] = d;
	}
	return 0;
}

int tsdb_indicator_get(tsdb_txn *t, const char *id, tsdb_indicator *out, tsdb_error *err)
{
	uint32_t key;
	int rc = ts_intern(t, 'i', id, 0, &key, err);
	if (rc == TSDB_NOTFOUND || rc == TSDB_EINVAL) {
		struct near n = {id, {""}, {1 << 20, 1 << 20}};
		tsdb_indicator_each(t, nearest, &n, NULL);
		if (!*n.id[0])
			return ts_err(err, TSDB_EUNKNOWN, "unknown indicator \"%.64s\"", id);
		return ts_err(err, TSDB_EUNKNOWN, "unknown indicator \"%.64s\" (did you mean %s%s%s?)", id,
		              n.id[0], *n.id[1] ? " or " : "", n.id[1]);
	}
	return rc ? rc : ts_indicator_by_key(t, key, out, err);
}

/* An indicator whose English name or an alias (in any case) or Chinese
 * name is the text wanted; found counts them, since two may share one. */
struct by_name {
	const char *want;
	char first[72]; /* the first one's id (the strings are the call's) */
	int found;
};

static int named(const tsdb_indicator *ind, void *arg)
{
	struct by_name *b = arg;
	int hit = strcmp(ind->name_zh, b->want) == 0 || strcasecmp(ind->name, b->want) == 0;
	size_t n = strlen(b->want);
	for (const char *a = ind->aliases; !hit && a && *a; a = strchr(a, '|') ? strchr(a, '|') + 1 : "")
		hit = strncasecmp(a, b->want, n) == 0 && (a[n] == '|' || !a[n]);
	if (hit) {
		if (!b->found++)
			snprintf(b->first, sizeof b->first, "%s", ind->id);
	}
	return 0;
}

int tsdb_indicator_resolve(tsdb_txn *t, const char *name, tsdb_indicator *out, tsdb_error *err)
{
	tsdb_error e = {0};
	int rc = tsdb_indicator_get(t, name, out, &e);
	if (rc != TSDB_EUNKNOWN) {
		if (rc && err && !err->code)
			*err = e;
		return rc;
	}
	struct by_name b = {name, "", 0};
	if ((rc = tsdb_indicator_each(t, named, &b, err)))
		return rc;
	if (b.found == 1)
		return tsdb_indicator_get(t, b.first, out, err);
	if (b.found > 1)
		return ts_err(err, TSDB_EAMBIGUOUS, "\"%.64s\" names %d indicators (%s and others): "
		              "give the id", name, b.found, b.first);
	if (err && !err->code)
		*err = e;
	return TSDB_EUNKNOWN;
}

/* Does any observation of indicator key exist? */
static int has_obs(tsdb_txn *t, uint32_t key)
{
	unsigned char kb[TS_OBS_KEY] = {0};
	MDB_val k = {TS_OBS_KEY, kb}, v;
	MDB_cursor *c;
	int found = 0;
	ts_put32(kb, key);
	if (mdb_cursor_open(t->txn, t->db->obs, &c))
		return 1;
	if (mdb_cursor_get(c, &k, &v, MDB_SET_RANGE) == 0 && ts_get32(k.mv_data) == key)
		found = 1;
	mdb_cursor_close(c);
	return found;
}

int tsdb_indicator_put(tsdb_txn *t, const tsdb_indicator *ind, tsdb_error *err)
{
	tsdb_indicator old;
	uint32_t key;
	int rc;
	const char *unit = ind->unit ? ind->unit : "";

	if ((rc = ts_catalog_put_check(t, "indicator id", ind->id,
	                               ind->id && valid_indicator_id(ind->id),
	                               "a lower-case letter then [a-z0-9_.], at most 64 bytes", err)))
		return rc;
	if (!*unit || strlen(unit) > 32 || strpbrk(unit, " \t\n\r")) {
		ts_err_field(err, "unit");
		return ts_err(err, TSDB_EINVAL, "indicator %s: unit must be a word of 1-32 bytes",
		              ind->id);
	}
	if (ind->kind < 0 || ind->kind > TSDB_KIND_RANK)
		return ts_err(err, TSDB_EINVAL, "indicator %s: bad kind", ind->id);
	if ((rc = ts_intern(t, 'i', ind->id, 1, &key, err)))
		return rc;
	rc = ts_indicator_by_key(t, key, &old, err);
	if (rc == 0 && (strcmp(old.unit, unit) || old.kind != ind->kind) && has_obs(t, key)) {
		ts_err_field(err, strcmp(old.unit, unit) ? "unit" : "kind");
		return ts_err(err, TSDB_ECONFLICT,
		              "indicator %s has observations in %s (%s); it cannot become %s (%s)",
		              ind->id, old.unit, tsdb_kind_name(old.kind), unit,
		              tsdb_kind_name(ind->kind));
	}
	if (rc && rc != TSDB_NOTFOUND)
		return rc;
	/* aliases are a seventh field, written only when there are some: a
	 * record without them is the same bytes as before they existed */
	const char *f[7] = {ind->id, ind->name, ind->name_zh, unit, tsdb_kind_name(ind->kind),
	                    ind->description, ind->aliases};
	int nf = ind->aliases && *ind->aliases ? 7 : 6;
	if (nf == 7 && (strlen(ind->aliases) > 2048 || ind->aliases[0] == '|' ||
	                ind->aliases[strlen(ind->aliases) - 1] == '|' || strstr(ind->aliases, "||"))) {
		ts_err_field(err, "aliases");
		return ts_err(err, TSDB_EINVAL, "indicator %s: aliases must be non-empty names within 2 KiB",
		              ind->id);
	}
	return put_rec(t, t->db->indicators, key, f, nf, err);
}

/* A source from its record's fields. */
static void source_from(const char *const *f, uint32_t key, tsdb_source *out)
{
	*out = (tsdb_source){.id = f[0], .title = f[1], .publisher = f[2], .url = f[3],
	                     .priority = atoi(f[5]), .note = f[6], .key = key};
	if (*f[4])
		tsdb_date_parse(f[4], (size_t)-1, &out->published, NULL);
}

int ts_source_by_key(tsdb_txn *t, uint32_t key, tsdb_source *out, tsdb_error *err)
{
	const char *f[7];
	int rc = ts_record_get(t, t->db->sources, key, "catalog", f, 7, err);
	if (!rc)
		source_from(f, key, out);
	return rc;
}

int tsdb_source_get(tsdb_txn *t, const char *id, tsdb_source *out, tsdb_error *err)
{
	uint32_t key;
	int rc = ts_intern(t, 's', id, 0, &key, err);
	if (rc == TSDB_NOTFOUND || rc == TSDB_EINVAL)
		return ts_err(err, TSDB_EUNKNOWN, "unknown source \"%.64s\"", id);
	return rc ? rc : ts_source_by_key(t, key, out, err);
}

int tsdb_source_put(tsdb_txn *t, const tsdb_source *src, tsdb_error *err)
{
	char date[11], prio[16];
	uint32_t key;
	int rc;
	if ((rc = ts_catalog_put_check(t, "source id", src->id, src->id && valid_source_id(src->id),
	                               "1-64 printable bytes without spaces, quotes or commas", err)))
		return rc;
	if ((rc = ts_intern(t, 's', src->id, 1, &key, err)))
		return rc;
	tsdb_date_format(src->published, date);
	snprintf(prio, sizeof prio, "%d", src->priority);
	const char *f[7] = {src->id, src->title, src->publisher, src->url, date, prio, src->note};
	struct ts_rank was;
	int known = ts_source_rank(t, key, &was, NULL) == 0;
	ts_rank_forget(t, key);
	if ((rc = put_rec(t, t->db->sources, key, f, 7, err)))
		return rc;
	/* a new priority or date can change which version of a disputed
	 * observation is shown */
	if (known && (was.priority != src->priority || was.published != src->published))
		return ts_obs_rerank(t, err);
	return 0;
}

int ts_source_rank(tsdb_txn *t, uint32_t key, struct ts_rank *out, tsdb_error *err)
{
	tsdb_source s;
	int rc;
	if (key < t->nranks && t->ranks[key].known) {
		*out = t->ranks[key];
		return 0;
	}
	if ((rc = ts_source_by_key(t, key, &s, err)))
		return rc == TSDB_NOTFOUND ? ts_err(err, TSDB_ECORRUPT, "source %u missing", key) : rc;
	out->published = s.published;
	out->priority = s.priority;
	out->known = 1;
	if (key >= t->nranks) {
		uint32_t n = key + 64;
		struct ts_rank *r = realloc(t->ranks, n * sizeof *r);
		if (!r)
			return 0; /* the cache is an optimisation */
		memset(r + t->nranks, 0, (n - t->nranks) * sizeof *r);
		t->ranks = r;
		t->nranks = n;
	}
	t->ranks[key] = *out;
	return 0;
}

void ts_rank_forget(tsdb_txn *t, uint32_t key)
{
	if (key < t->nranks)
		t->ranks[key].known = 0;
}

/* Walks the keys of a catalog sub-database, calling visit for each. */
/* Calls visit with each record of dbi, in key order, its n fields unpacked
 * where the cursor found it: no second lookup by key. */
static int each_key(tsdb_txn *t, MDB_dbi dbi, int n,
                    int (*visit)(const char *const *f, uint32_t key, void *ctx), void *ctx,
                    tsdb_error *err)
{
	MDB_cursor *c;
	MDB_val k, v;
	const char *f[REGION_FIELDS];
	int rc = mdb_cursor_open(t->txn, dbi, &c);
	if (rc)
		return ts_mdb_err(err, rc, "cursor");
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		ts_unpack(v.mv_data, v.mv_size, f, n);
		if ((rc = visit(f, ts_get32(k.mv_data), ctx)))
			break;
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct each_ctx {
	union {
		int (*ind)(const tsdb_indicator *, void *);
		int (*src)(const tsdb_source *, void *);
		int (*reg)(const tsdb_region *, void *);
	} fn;
	void *arg;
};

static int visit_indicator(const char *const *f, uint32_t key, void *ctx)
{
	struct each_ctx *e = ctx;
	tsdb_indicator x;
	indicator_from(f, key, &x);
	return e->fn.ind(&x, e->arg);
}

static int visit_source(const char *const *f, uint32_t key, void *ctx)
{
	struct each_ctx *e = ctx;
	tsdb_source x;
	source_from(f, key, &x);
	return e->fn.src(&x, e->arg);
}

static int visit_region(const char *const *f, uint32_t key, void *ctx)
{
	struct each_ctx *e = ctx;
	tsdb_region x;
	ts_region_from(f, key, &x);
	return e->fn.reg(&x, e->arg);
}

int tsdb_indicator_each(tsdb_txn *t, int (*fn)(const tsdb_indicator *, void *), void *arg,
                        tsdb_error *err)
{
	struct each_ctx e = {.fn.ind = fn, .arg = arg};
	return each_key(t, t->db->indicators, 7, visit_indicator, &e, err);
}

int tsdb_source_each(tsdb_txn *t, int (*fn)(const tsdb_source *, void *), void *arg,
                     tsdb_error *err)
{
	struct each_ctx e = {.fn.src = fn, .arg = arg};
	return each_key(t, t->db->sources, 7, visit_source, &e, err);
}

int tsdb_region_each(tsdb_txn *t, int (*fn)(const tsdb_region *, void *), void *arg,
                     tsdb_error *err)
{
	struct each_ctx e = {.fn.reg = fn, .arg = arg};
	return each_key(t, t->db->regions, REGION_FIELDS, visit_region, &e, err);
}
