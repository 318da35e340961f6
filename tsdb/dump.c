/* dump.c — the database as JSON Lines in the loader's own format: the
 * mirror of tsdb_load_files, so that a dump restores to the same database.
 *
 * What is written, in this order, each part in the store's key order (the
 * order things were first declared), so a dump is deterministic and a
 * restored database dumps byte for byte the same:
 *  1. indicators;
 *  2. sources, with priority and note;
 *  3. regions that are not in the built-in catalog or differ from it;
 *  4. every version of every observation, series by series, oldest version
 *     first, with vintage (an assumed one as "received"), source,
 *     qualifier, status, quote and note;
 *  5. late corrections, rarely: a region whose parent was declared after it
 *     is written without its parent in 3 and again whole here; a source that
 *     gained its publication date after facts without a vintage were stored
 *     under it is written without that date in 2 and again whole here, so
 *     those versions keep their unknown vintage.
 * Values are the shortest decimals that read back as the same double
 * (tsdb_value_format), never %.17g; empty fields and defaults (qualifier =,
 * status actual, priority 0) are left out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"

/* ---- the built-in regions, as a set of records ---- */

/* A region as one string, its fields separated by a unit separator, in
 * the form the store keeps (an empty level is "group"). Owned by the
 * caller. */
static char *region_key(const tsdb_region *r)
{
	char *s;
	if (asprintf(&s, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%s", r->code,
	             r->parent, *r->level ? r->level : "group", r->type, r->name, r->name_zh,
	             r->aliases, r->since, r->until, r->successors) < 0)
		return NULL;
	return s;
}

struct text {
	char *s;
	int failed;
};

static int add_member(const tsdb_region *m, void *arg)
{
	struct text *x = arg;
	char *s;
	if (asprintf(&s, "%s\x1f%s", x->s, m->code) < 0)
		return x->failed = TSDB_ENOMEM;
	free(x->s);
	x->s = s;
	return 0;
}

/* The hash of a region's record and, for a group, its members: a member a user adds to a
 * built-in group makes the group the user's, dumped with its members. */
static int fingerprint(tsdb_txn *t, const tsdb_region *r, uint64_t *h)
{
	struct text x = {region_key(r), 0};
	if (!x.s)
		return TSDB_ENOMEM;
	if (strcmp(r->level, "group") == 0 &&
	    tsdb_region_children(t, r->code, add_member, &x, NULL))
		x.failed = x.failed ? x.failed : TSDB_ENOMEM;
	*h = ts_hash(x.s);
	free(x.s);
	return x.failed;
}

/* The built-in catalog as init stored it is remembered region by region (meta "b" and the
 * region's number -> the hash of its record): the history merged into it at init makes the
 * stored records differ from the generated table, and a user's record for a built-in code
 * changes the hash. */
static void builtin_meta_key(uint32_t key, unsigned char k[5])
{
	k[0] = 'b';
	ts_put32(k + 1, key);
}

struct mark {
	tsdb_txn *t;
	int rc;
};

static int mark_region(const tsdb_region *r, void *arg)
{
	struct mark *m = arg;
	unsigned char k[5], v[8];
	uint64_t h;
	if (fingerprint(m->t, r, &h))
		return m->rc = TSDB_ENOMEM;
	for (int i = 0; i < 8; i++)
		v[i] = (unsigned char)(h >> (56 - 8 * i));
	builtin_meta_key(r->key, k);
	MDB_val kv = {5, k}, vv = {8, v};

	return m->rc = mdb_put(m->t->txn, m->t->db->meta, &kv, &vv, 0);
}

int ts_regions_mark_builtin(tsdb_txn *t, tsdb_error *err)
{
	struct mark m = {t, 0};
	/* once, when init first loads the catalog: loaded again, the marks stay what init
	 * stored (a region the user declared or changed since stays the user's), and nothing
	 * is written */
	MDB_val k = {8, "builtin."}, v = {1, "1"};
	if (mdb_get(t->txn, t->db->meta, &k, &v) == 0)
		return 0;
	int rc = tsdb_region_each(t, mark_region, &m, err);
	if (!rc && !m.rc)
		m.rc = mdb_put(t->txn, t->db->meta, &k, &v, 0);
	if (m.rc == TSDB_ENOMEM)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	return m.rc ? ts_mdb_err(err, m.rc, "meta") : rc;
}

struct custom {
	tsdb_txn *t;
	int (*fn)(const tsdb_region *, void *);
	void *arg;
	int failed;
};

static int visit_region(const tsdb_region *r, void *arg)
{
	struct custom *c = arg;
	unsigned char k[5];
	MDB_val kv = {5, k}, v;
	uint64_t h, was = 0;
	if (fingerprint(c->t, r, &h)) {
		c->failed = TSDB_ENOMEM;
		return 1;
	}
	builtin_meta_key(r->key, k);
	int known = mdb_get(c->t->txn, c->t->db->meta, &kv, &v) == 0 && v.mv_size == 8;
	for (int i = 0; known && i < 8; i++)
		was = was << 8 | ((const unsigned char *)v.mv_data)[i];
	return known && was == h ? 0 : c->fn(r, c->arg);
}

int tsdb_regions_custom_each(tsdb_txn *t, int (*fn)(const tsdb_region *, void *), void *arg,
                             tsdb_error *err)
{
	struct custom c = {t, fn, arg, 0};
	int rc = tsdb_region_each(t, visit_region, &c, err);
	return c.failed ? ts_err(err, c.failed, "out of memory") : rc;
}

/* ---- writing JSON ---- */

struct dump {
	FILE *f;
	tsdb_txn *t;
	tsdb_error err;
	int first;       /* no member written yet in this record */
	char **late_src; /* sources written without their date (owned) */
	size_t nlate_src;
	char **late_reg; /* regions written without their parent (owned) */
	size_t nlate_reg;
	uint64_t records;
};

/* Writes the n bytes at s as a JSON string. */
static void jstrn(FILE *f, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const char *end = s + n;
	fputc('"', f);
	for (const char *p = s;;) {
		const char *q = p;
		while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		fwrite(p, 1, (size_t)(q - p), f);
		if (q == end)
			break;
		if (*q == '"' || *q == '\\') {
			fputc('\\', f);
			fputc(*q, f);
		} else if (*q == '\n')
			fputs("\\n", f);
		else if (*q == '\t')
			fputs("\\t", f);
		else
			fprintf(f, "\\u00%c%c", hex[(unsigned char)*q >> 4], hex[*q & 15]);
		p = q + 1;
	}
	fputc('"', f);
}

static void jstr(FILE *f, const char *s)
{
	jstrn(f, s, strlen(s));
}

static void begin(struct dump *d, const char *type)
{
	d->first = 1;
	fputc('{', d->f);
	if (type) {
		fprintf(d->f, "\"type\":\"%s\"", type);
		d->first = 0;
	}
}

static void key(struct dump *d, const char *k)
{
	fprintf(d->f, "%s\"%s\":", d->first ? "" : ",", k);
	d->first = 0;
}

/* A string member, left out when empty. */
static void str(struct dump *d, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	key(d, k);
	jstr(d->f, v);
}

static void date(struct dump *d, const char *k, uint32_t v)
{
	char buf[11];
	if (!v)
		return;
	tsdb_date_format(v, buf);
	str(d, k, buf);
}

static void end(struct dump *d)
{
	fputs("}\n", d->f);
	d->records++;
}

/* ---- the parts ---- */

/* "aliases" as an array, from the '|'-separated list; nothing if empty. */
static void aliases(struct dump *d, const char *list)
{
	if (!list || !*list)
		return;
	key(d, "aliases");
	fputc('[', d->f);
	for (const char *p = list;;) {
		size_t k = strcspn(p, "|");
		jstrn(d->f, p, k); /* in place: a copy could fail, and lose the alias */
		if (!p[k])
			break;
		fputc(',', d->f);
		p += k + 1;
	}
	fputc(']', d->f);
}

static int put_indicator(const tsdb_indicator *ind, void *arg)
{
	struct dump *d = arg;
	begin(d, "indicator");
	str(d, "id", ind->id);
	str(d, "name", ind->name);
	str(d, "name_zh", ind->name_zh);
	str(d, "unit", ind->unit);
	str(d, "kind", tsdb_kind_name(ind->kind));
	str(d, "description", ind->description);
	aliases(d, ind->aliases);
	end(d);
	return 0;
}

/* A source; with its document the first time it is written (a source
 * declared again without one keeps it). */
static int write_source(struct dump *d, const tsdb_source *s, int with_date, int with_text)
{
	char *text = NULL;
	int rc = with_text ? tsdb_source_text_get(d->t, s->id, &text, NULL, NULL, &d->err) : 0;
	if (rc && rc != TSDB_NOTFOUND)
		return rc;
	begin(d, "source");
	str(d, "id", s->id);
	str(d, "title", s->title);
	str(d, "publisher", s->publisher);
	str(d, "url", s->url);
	if (with_date)
		date(d, "published", s->published);
	if (s->priority) {
		key(d, "priority");
		fprintf(d->f, "%d", s->priority);
	}
	str(d, "note", s->note);
	str(d, "text", text);
	end(d);
	free(text);
	return 0;
}

static int is_late(char **list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return 1;
	return 0;
}

static int put_source(const tsdb_source *s, void *arg)
{
	struct dump *d = arg;
	return write_source(d, s, !is_late(d->late_src, d->nlate_src, s->id), 1);
}

static int remember(char ***list, size_t *n, const char *id)
{
	char **more = realloc(*list, (*n + 1) * sizeof *more);
	if (!more)
		return TSDB_ENOMEM;
	*list = more;
	if (!(more[*n] = strdup(id)))
		return TSDB_ENOMEM;
	++*n;
	return 0;
}

/* The members of a group, as primary codes (borrowed from the transaction). */
struct members {
	const char *group;
	const char *code[256];
	size_t n;
};

static int member(const tsdb_region *r, void *arg)
{
	struct members *m = arg;
	/* a child whose own parent is elsewhere is a member */
	if (strcmp(r->parent, m->group) && m->n < sizeof m->code / sizeof *m->code)
		m->code[m->n++] = r->code;
	return 0;
}

static void write_region(struct dump *d, const tsdb_region *r, int with_parent,
                         const struct members *m)
{
	begin(d, "region");
	str(d, "code", r->code);
	str(d, "name", r->name);
	str(d, "name_zh", r->name_zh);
	if (with_parent)
		str(d, "parent", r->parent);
	str(d, "level", r->level);
	str(d, "kind", r->type);
	aliases(d, r->aliases);
	if (m) {
		key(d, "members");
		fputc('[', d->f);
		for (size_t i = 0; i < m->n; i++) {
			if (i)
				fputc(',', d->f);
			jstr(d->f, m->code[i]);
		}
		fputc(']', d->f);
	}
	end(d);
}

/* A group with members is declared again at the end, with them: by then
 * every region it names exists. */
static int put_members(const tsdb_region *r, void *arg)
{
	struct dump *d = arg;
	struct members m = {r->code, {0}, 0};
	if (strcmp(r->level, "group") || tsdb_region_children(d->t, r->code, member, &m, &d->err))
		return 0;
	if (m.n)
		write_region(d, r, 1, &m);
	return 0;
}

static int put_region(const tsdb_region *r, void *arg)
{
	struct dump *d = arg;
	tsdb_region parent;
	/* a parent declared after its child (the child re-declared later) does
	 * not exist yet when the child is restored in key order */
	int later = *r->parent && tsdb_region_get(d->t, r->parent, &parent, NULL) == 0 &&
	            parent.key > r->key;
	if (later && remember(&d->late_reg, &d->nlate_reg, r->code))
		return TSDB_ENOMEM;
	write_region(d, r, !later, NULL);
	return 0;
}

/* Sources under which a version without a vintage (or with an assumed
 * one) is stored although the source now has a date: restoring such a fact
 * after the dated source would give it that date. */
static int late_source(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct dump *d = arg;
	tsdb_source s;
	(void)q;
	if ((!p->vintage || p->assumed) && *p->source &&
	    !is_late(d->late_src, d->nlate_src, p->source) &&
	    tsdb_source_get(d->t, p->source, &s, &d->err) == 0 && s.published)
		return remember(&d->late_src, &d->nlate_src, p->source);
	return 0;
}

static int find_late_source(const char *ind, const char *reg, void *arg)
{
	struct dump *d = arg;
	tsdb_query q = {ind, reg, {0, 0}, {0, 0}, 0, 1};
	int rc = tsdb_point_each(d->t, &q, late_source, d, &d->err);
	return rc ? (d->err.code ? d->err.code : rc) : 0;
}

/* Stops tsdb_source_each at the first source with a date. */
static int any_dated(const tsdb_source *s, void *arg)
{
	(void)arg;
	return s->published ? -1 : 0;
}

static int put_point(const tsdb_query *q, const tsdb_point *p, void *arg)
{
	struct dump *d = arg;
	char per[TSDB_PERIOD_MAX], num[TSDB_VALUE_MAX];
	tsdb_period_format(p->period, per);
	tsdb_value_format(p->value, num);
	begin(d, NULL);
	str(d, "indicator", q->indicator);
	str(d, "region", q->region);
	str(d, "period", per);
	key(d, "value");
	fputs(num, d->f);
	if (p->qualifier != TSDB_Q_EQ)
		str(d, "qualifier", tsdb_qualifier_name(p->qualifier));
	if (p->status != TSDB_STATUS_ACTUAL)
		str(d, "status", tsdb_status_name(p->status));
	str(d, "source", p->source);
	date(d, p->assumed ? "received" : "vintage", p->vintage);
	str(d, "quote", p->quote);
	str(d, "note", p->note);
	end(d);
	return ferror(d->f) ? TSDB_EIO : 0;
}

static int put_series(const char *ind, const char *reg, void *arg)
{
	struct dump *d = arg;
	tsdb_query q = {ind, reg, {0, 0}, {0, 0}, 0, 1};
	int rc = tsdb_point_each(d->t, &q, put_point, d, &d->err);
	if (!rc)
		return 0;
	if (!d->err.code)
		d->err.code = rc;
	return 1;
}

static int dump_all(struct dump *d)
{
	tsdb_source s;
	tsdb_region r;
	int rc = tsdb_source_each(d->t, any_dated, NULL, &d->err);
	if (rc == -1) /* only then can a version lack a date its source has */
		rc = tsdb_series_each(d->t, NULL, find_late_source, d, &d->err);
	if (rc || (rc = tsdb_indicator_each(d->t, put_indicator, d, &d->err)) ||
	    (rc = tsdb_source_each(d->t, put_source, d, &d->err)) ||
	    (rc = tsdb_regions_custom_each(d->t, put_region, d, &d->err)))
		return rc;
	if (tsdb_series_each(d->t, NULL, put_series, d, &d->err))
		return d->err.code ? d->err.code : TSDB_EIO;
	for (size_t i = 0; i < d->nlate_reg; i++) {
		if ((rc = tsdb_region_get(d->t, d->late_reg[i], &r, &d->err)))
			return rc;
		write_region(d, &r, 1, NULL);
	}
	if ((rc = tsdb_regions_custom_each(d->t, put_members, d, &d->err)))
		return rc;
	for (size_t i = 0; i < d->nlate_src; i++) {
		if ((rc = tsdb_source_get(d->t, d->late_src[i], &s, &d->err)) ||
		    (rc = write_source(d, &s, 1, 0)))
			return rc;
	}
	return 0;
}

int tsdb_dump(tsdb_txn *txn, FILE *f, uint64_t *records, tsdb_error *err)
{
	struct dump d = {0};
	int rc;
	d.f = f;
	d.t = txn;
	rc = dump_all(&d);
	if (!rc && ferror(f))
		rc = TSDB_EIO;
	if (rc) {
		if (!d.err.code) {
			d.err.code = rc;
			d.err.sys = rc == TSDB_EIO ? errno : 0;
			snprintf(d.err.text, sizeof d.err.text, "%s", tsdb_strerror(rc));
		}
		if (err && !err->code)
			*err = d.err;
		rc = d.err.code;
	}
	if (records)
		*records = d.records;
	for (size_t i = 0; i < d.nlate_src; i++)
		free(d.late_src[i]);
	for (size_t i = 0; i < d.nlate_reg; i++)
		free(d.late_reg[i]);
	free(d.late_src);
	free(d.late_reg);
	return rc;
}
