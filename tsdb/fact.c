/* fact.c — the one path of every fact a load reads, whatever its format:
 * names resolved through a cache, every field checked, then queued. Queued
 * facts are written in batches sorted into key order, so that LMDB's
 * cursor stays on the page it last wrote instead of searching the tree
 * from the root, and pages fill in order. Errors are queued too and
 * reported, after each batch, in the order of the input. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "nametab.h"
#include "verify.h"
#include "region.h"

enum {
	BATCH_FACTS = 1 << 17,      /* facts per batch */
	BATCH_BYTES = 8 << 20,      /* quotes and notes per batch */
	NO_TAIL = TS_NO_TAIL,
};

/* ---- name caches ---- */

struct load_cache {
	struct nametab regions, indicators, sources;
	struct ts_doc doc; /* the document facts are verified against (--verify) */
};

/* ---- the batch ---- */

struct queued {
	tsdb_error e;
	uint64_t seq;   /* before the seq-th fact of the load ... */
	int written;    /* ... or, when found writing it, after it */
	uint32_t order; /* the order found */
};

struct batch {
	struct pending *p;
	struct origin *o;
	size_t n;
	char *arena;
	size_t used, acap;
	struct queued *q;
	size_t nq, qcap;
	uint64_t emitted; /* errors reported so far */
	uint64_t base;    /* facts of the load before this batch */
	struct spill *spill; /* the batches sorted and set aside, made when one is */
};

int ts_load_begin(struct load *ld)
{
	ld->cache = calloc(1, sizeof *ld->cache);
	ld->batch = calloc(1, sizeof *ld->batch);
	if (ld->batch) {
		ld->batch->p = malloc(BATCH_FACTS * sizeof *ld->batch->p);
		ld->batch->o = malloc(BATCH_FACTS * sizeof *ld->batch->o);
	}
	if (!ld->cache || !ld->batch || !ld->batch->p || !ld->batch->o) {
		ts_load_end(ld);
		return ts_err(ld->first, TSDB_ENOMEM, "out of memory");
	}
	return 0;
}

uint64_t ts_load_end(struct load *ld)
{
	uint64_t n = ld->batch ? ld->batch->emitted : 0;
	if (ld->cache) {
		ts_tab_clear(&ld->cache->regions);
		ts_tab_clear(&ld->cache->indicators);
		ts_tab_clear(&ld->cache->sources);
		ts_doc_free(&ld->cache->doc);
		free(ld->cache);
	}
	if (ld->batch) {
		free(ld->batch->p);
		free(ld->batch->o);
		free(ld->batch->arena);
		free(ld->batch->q);
		ts_spill_close(ld->batch->spill);
		free(ld->batch);
	}
	free(ld->scratch);
	ld->scratch = NULL;
	ld->cache = NULL;
	ld->batch = NULL;
	return n;
}

/* ---- errors ---- */

int ts_store_failure(int rc)
{
	return rc == TSDB_EMAPFULL || rc == TSDB_ESTORE || rc == TSDB_EIO || rc == TSDB_ENOMEM ||
	       rc == TSDB_ENOSPC || rc == TSDB_ECORRUPT || rc == TSDB_EBUSY;
}

int ts_load_stop(struct load *ld, int rc)
{
	return ld->stop || ts_store_failure(rc) || ld->stats->errors >= (uint64_t)ld->max_errors;
}

/* Fills e's context from the record being read. */
static void context(const struct load *ld, const char *file, long line, const char *where,
                    size_t index, tsdb_error *e)
{
	snprintf(e->source, sizeof e->source, "%s", file ? file : "");
	e->line = line;
	if (where) {
		char f[2 * TSDB_ERROR_FIELD + 24];
		int n = index ? snprintf(f, sizeof f, "%s[%zu]%s%s", where, index, e->field[0] ? "." : "", e->field)
		              : snprintf(f, sizeof f, "%s%s%s", where, e->field[0] && *where ? "." : "", e->field);
		size_t k = n < 0 ? 0 : (size_t)n < sizeof e->field ? (size_t)n : sizeof e->field - 1;
		memcpy(e->field, f, k);
		e->field[k] = 0;
	}
	(void)ld;
}

static void emit(struct load *ld, const tsdb_error *e)
{
	struct batch *b = ld->batch;
	if (b && b->emitted >= (uint64_t)ld->max_errors)
		return;
	if (b && ++b->emitted <= ld->replayed)
		return; /* reported by an earlier attempt, before the map grew */
	if (ld->opts && ld->opts->on_error)
		ld->opts->on_error(e, ld->opts->arg);
	if (!ld->first->code)
		*ld->first = *e;
}

static int by_input_order(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->written != y->written)
		return x->written - y->written;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int queue(struct load *ld, const tsdb_error *e, uint64_t seq, int written)
{
	struct batch *b = ld->batch;
	ld->stats->errors++;
	if (!b) {
		emit(ld, e);
		return e->code;
	}
	if (b->nq >= (size_t)ld->max_errors + 64) {
		/* only the first max_errors in the input's order are ever reported */
		qsort(b->q, b->nq, sizeof *b->q, by_input_order);
		b->nq = (size_t)ld->max_errors;
	}
	if (b->nq == b->qcap) {
		size_t cap = b->qcap ? b->qcap * 2 : 16;
		struct queued *q = realloc(b->q, cap * sizeof *q);
		if (!q) {
			emit(ld, e); /* out of order, but not lost */
			return e->code;
		}
		b->q = q;
		b->qcap = cap;
	}
	b->q[b->nq] = (struct queued){*e, seq, written, (uint32_t)b->nq};
	b->nq++;
	return e->code;
}

int ts_load_report(struct load *ld, tsdb_error *e)
{
	context(ld, ld->file, ld->line, ld->where, ld->index, e);
	return queue(ld, e, ld->batch ? ld->batch->base + ld->batch->n : 0, 0);
}

int ts_load_fail(struct load *ld, const char *field, int code, const char *fmt, ...)
{
	tsdb_error e = {0};
	va_list ap;
	e.code = code;
	if (field)
		snprintf(e.field, sizeof e.field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof e.text, fmt, ap);
	va_end(ap);
	return ts_load_report(ld, &e);
}

/* A failure of the store is not the record's fault: it stops the load and
 * is returned as it is (tsdb_update grows the map on TSDB_EMAPFULL). */
static int store_result(struct load *ld, int rc, tsdb_error *e)
{
	if (ts_store_failure(rc)) {
		*ld->first = *e;
		ld->stop = 1;
		return rc;
	}
	return ts_load_report(ld, e);
}

static int by_key(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	if (x->ind != y->ind)
		return x->ind < y->ind ? -1 : 1;
	if (x->reg != y->reg)
		return x->reg < y->reg ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The series being written while a batch is: facts of one series come
 * together, and its block is written once they are all in. */
struct writing {
	int open;
	uint32_t ind, reg;
};

/* Writes one queued fact; g is its place in the load. */
static int write_fact(struct load *ld, struct writing *w, const struct pending *p,
                      const struct origin *from, const char *tail, uint64_t g)
{
	tsdb_obs o = {0};
	tsdb_error e = {0};
	int result, r;
	if (!w->open || p->ind != w->ind || p->reg != w->reg) {
		if ((w->open && (r = ts_series_end(ld->txn, &e))) ||
		    (r = ts_series_begin(ld->txn, p->ind, p->reg, &e))) {
			w->open = 0;
			return store_result(ld, r, &e);
		}
		w->open = 1;
		w->ind = p->ind;
		w->reg = p->reg;
	}
	o.period.start = p->start;
	o.period.end = p->end;
	o.value = p->value;
	o.qualifier = p->qualifier;
	o.status = p->status;
	o.vintage = p->vintage;
	o.received = p->received;
	if (tail) {
		o.quote = tail;
		o.note = o.quote + strlen(o.quote) + 1;
	}
	int assumed = 0;
	r = ts_series_put(ld->txn, p->src, &o, &result, &assumed, &e);
	if (r && ts_store_failure(r))
		return store_result(ld, r, &e);
	if (r) {
		context(ld, from->file, from->line, from->where, from->index, &e);
		queue(ld, &e, g, 1);
		return r;
	}
	ld->stats->assumed += (uint64_t)(assumed && result != TSDB_PUT_UNCHANGED);
	if (result == TSDB_PUT_NEW)
		ld->stats->added++;
	else if (result == TSDB_PUT_REVISED)
		ld->stats->revised++;
	else
		ld->stats->unchanged++;
	return 0;
}

/* Sets the batch aside as a sorted run (the first run makes the file). */
static int spill_batch(struct load *ld)
{
	struct batch *b = ld->batch;
	tsdb_error e = {0};
	int rc = 0;
	qsort(b->p, b->n, sizeof *b->p, by_key);
	if (!b->spill)
		rc = ts_spill_open(&b->spill, tsdb_path(ld->txn->db));
	if (!rc)
		rc = ts_spill_run(b->spill, b->p, b->o, b->n, b->arena, b->base);
	if (rc == TSDB_ENOSPC)
		ts_err(&e, rc, "no space left on the disk holding %s (the load is sorted in a file there): "
		       "nothing was written", tsdb_path(ld->txn->db));
	else if (rc)
		ts_err(&e, rc, "sorting the load in %s: %s", tsdb_path(ld->txn->db),
		       rc == TSDB_ENOMEM ? "out of memory" : strerror(errno));
	if (rc)
		return store_result(ld, rc, &e);
	b->base += b->n;
	b->n = 0;
	b->used = 0;
	return 0;
}

int ts_load_flush(struct load *ld)
{
	struct batch *b = ld->batch;
	struct writing w = {0};
	int rc = 0, r;
	if (!b)
		return 0;
	if (ts_spill_runs(b->spill)) {
		/* the whole load in key order: the runs set aside and this batch */
		struct pending p;
		struct origin from;
		const char *tail;
		uint64_t g;
		tsdb_error e = {0};
		if (b->n && (rc = spill_batch(ld)))
			return rc;
		if ((r = ts_spill_merge(b->spill))) {
			ts_err(&e, r, "sorting the load: %s", tsdb_strerror(r));
			return store_result(ld, r, &e);
		}
		while (!ld->stop && (r = ts_spill_next(b->spill, &p, &from, &tail, &g)) == 0) {
			int wr = write_fact(ld, &w, &p, &from, tail, g);
			if (wr && !rc)
				rc = wr;
			if (!ld->stop && (r = ts_spill_pop(b->spill)))
				break;
		}
		if (r == 0 || r == 1)
			r = ld->stop ? 0 : ts_spill_reset(b->spill);
		if (r) {
			ts_err(&e, r, "sorting the load: %s", tsdb_strerror(r));
			rc = store_result(ld, r, &e);
		}
	} else {
		qsort(b->p, b->n, sizeof *b->p, by_key);
		/* each series is read once, changed in memory and written back once */
		for (size_t i = 0; i < b->n && !ld->stop; i++) {
			const struct pending *p = &b->p[i];
			int wr = write_fact(ld, &w, p, &b->o[p->seq], p->tail != NO_TAIL ? b->arena + p->tail : NULL,
			                    b->base + p->seq);
			if (wr && !rc)
				rc = wr;
		}
		b->base += b->n;
	}
	if (w.open && !ld->stop) {
		tsdb_error e = {0};
		if ((r = ts_series_end(ld->txn, &e)))
			rc = store_result(ld, r, &e);
	}
	b->n = 0;
	b->used = 0;
	if (b->nq)
		qsort(b->q, b->nq, sizeof *b->q, by_input_order);
	for (size_t i = 0; i < b->nq && !ld->stop; i++)
		emit(ld, &b->q[i].e);
	b->nq = 0;
	if (ld->stats->errors > b->emitted && ld->stats->errors > (uint64_t)ld->max_errors)
		ld->stats->errors = (uint64_t)ld->max_errors;
	return ld->stop ? rc : 0;
}

/* Copies quote and note into the arena; NO_TAIL when both are unset. */
static int keep_tail(struct batch *b, const char *quote, const char *note, uint32_t *out)
{
	size_t q = quote ? strlen(quote) : 0, n = note ? strlen(note) : 0;
	*out = NO_TAIL;
	if (!q && !n)
		return 0;
	if (b->used + q + n + 2 > b->acap) {
		size_t cap = b->acap ? b->acap : 1 << 16;
		while (cap < b->used + q + n + 2)
			cap *= 2;
		char *a = realloc(b->arena, cap);
		if (!a)
			return -1;
		b->arena = a;
		b->acap = cap;
	}
	*out = (uint32_t)b->used;
	memcpy(b->arena + b->used, quote ? quote : "", q + 1);
	memcpy(b->arena + b->used + q + 1, note ? note : "", n + 1);
	b->used += q + n + 2;
	return 0;
}

/* ---- names ---- */

/* The code of a region made for an unknown name: the name itself when it is a code
 * ("ARB"), else one made from its hash under ISO 3166's user-assigned letter X ("X-1A2B3C4D"
 * for 长三角某区), so that a name in any script makes a region. "" for the name itself. */
static void new_region_code(tsdb_txn *t, const char *name, char *code, size_t size)
{
	size_t n = strlen(name), i = 0;
	while (i < n && (isalnum((unsigned char)name[i]) || strchr("-_.:", name[i])))
		i++;
	*code = 0;
	if (i == n && n <= 64)
		return;
	for (int k = 0; k < 100; k++) {
		tsdb_region r;
		snprintf(code, size, k ? "X-%08X-%d" : "X-%08X", (unsigned)ts_hash(name), k);
		if (tsdb_region_get(t, code, &r, NULL))
			return; /* free */
	}
}

/* Resolves a region name for a fact of the years first..last, through the cache. A name
 * whose meaning depends on the years (思茅市, 莱芜市: docs/REGIONS.md) is kept with the
 * years its answer holds for. */
static int resolve(struct load *ld, const char *name, int first, int last, uint32_t *key,
                   tsdb_error *e)
{
	struct nametab *t = &ld->cache->regions;
	const struct entry *hit = ts_tab_find(t, name);
	tsdb_region reg;
	int span[2] = {0, 0};
	if (hit && (!hit->hi || (hit->lo <= first && last <= hit->hi))) {
		*key = hit->key;
		return 0;
	}
	int rc = ts_region_resolve_at(ld->txn, name, first, last, &reg, span, e);
	if (rc == TSDB_EUNKNOWN && ld->opts && ld->opts->new_regions) {
		char code[32];
		tsdb_error_clear(e);
		new_region_code(ld->txn, name, code, sizeof code);
		int cjk = 0;
		for (const char *p = name; *p; p++)
			cjk |= (unsigned char)*p >= 0xE3 && (unsigned char)*p <= 0xE9;
		tsdb_region fresh = {*code ? code : name, NULL, "group", NULL, cjk ? NULL : name,
		                     cjk ? name : NULL, NULL, 0, 0, 0, NULL};
		if ((rc = tsdb_region_put(ld->txn, &fresh, e)) == 0)
			rc = tsdb_region_get(ld->txn, fresh.code, &reg, e);
		if (!rc)
			ld->stats->catalog++;
	}
	if (rc)
		return rc;
	*key = reg.key;
	if (span[1] >= 0)
		ts_tab_put(t, name, NULL, reg.key, span[0], span[1]);
	return 0;
}

int ts_indicator_find(struct load *ld, const char *id, uint32_t *key, const char **unit,
                      tsdb_error *e)
{
	struct nametab *t = &ld->cache->indicators;
	const struct entry *hit = ts_tab_find(t, id);
	tsdb_indicator ind;
	if (!hit) {
		int rc = tsdb_indicator_resolve(ld->txn, id, &ind, e);
		if (rc)
			return rc;
		ts_tab_put(t, id, ind.unit, ind.key, 0, 0);
		if (!(hit = ts_tab_find(t, id))) {
			*key = ind.key;
			*unit = ind.unit;
			return 0;
		}
	}
	*key = hit->key;
	*unit = hit->text;
	return 0;
}

/* Finds a source's number, through the cache. */
static int source_key(struct load *ld, const char *id, uint32_t *key, tsdb_error *e)
{
	struct nametab *t = &ld->cache->sources;
	const struct entry *hit = ts_tab_find(t, id);
	tsdb_source s;
	if (hit) {
		*key = hit->key;
		return 0;
	}
	int rc = tsdb_source_get(ld->txn, id, &s, e);
	if (rc)
		return rc;
	*key = s.key;
	ts_tab_put(t, id, NULL, s.key, 0, 0);
	return 0;
}

static int need(struct load *ld, const char *key, const char *val)
{
	return val && *val ? 0 : ts_load_fail(ld, key, TSDB_EDATA, "required");
}

/* A field's error from a parser: name the field, report it. */
static int field_error(struct load *ld, tsdb_error *e, const char *field)
{
	ts_err_field(e, field);
	return ts_load_report(ld, e);
}

/* load --verify: a fact with a quote and a source that has a document is
 * refused when the check fails (warnings do not refuse). */
static int verify_fact(struct load *ld, const struct pending *p, tsdb_period per, int q,
                       const char *quote)
{
	static const char *const field[] = {[TSDB_VR_QUOTE] = "quote", [TSDB_VR_VALUE] = "value",
	                                    [TSDB_VR_QUALIFIER] = "qualifier"};
	tsdb_verification v;
	tsdb_region r;
	tsdb_error e = {0};
	int rc;
	if (!quote || !*quote || !p->src)
		return 0;
	if ((rc = ts_doc_load(ld->txn, p->src, &ld->cache->doc, &e)) ||
	    (rc = ts_region_by_key(ld->txn, p->reg, &r, &e)))
		return store_result(ld, rc, &e);
	if ((rc = ts_verify(&r, per, p->value, q, quote, &ld->cache->doc, &v)))
		return store_result(ld, rc, (ts_err(&e, rc, "out of memory"), &e));
	if (v.verdict != TSDB_VERIFY_FAIL)
		return 0;
	return ts_load_fail(ld, field[v.reason], TSDB_EDATA, "%s", v.why);
}

int ts_put_fact(struct load *ld, const struct fact *f)
{
	struct batch *b = ld->batch;
	struct pending p = {0};
	tsdb_period per;
	tsdb_error e = {0};
	const char *unit;
	unsigned flags = 0;
	int rc, q = 0, st = 0;

	if ((rc = need(ld, "indicator", f->indicator)) || (rc = need(ld, "region", f->region)) ||
	    (rc = need(ld, "period", f->period)))
		return rc;
	if (ts_indicator_find(ld, f->indicator, &p.ind, &unit, &e))
		return field_error(ld, &e, "indicator");
	if (f->unit && *f->unit && strcmp(f->unit, unit))
		return ts_load_fail(ld, "unit", TSDB_EDATA, "\"%.32s\" contradicts %s, which is measured in %s",
		                    f->unit, f->indicator, unit);
	if (f->source && *f->source && source_key(ld, f->source, &p.src, &e))
		return field_error(ld, &e, "source");
	if (tsdb_period_parse(f->period, (size_t)-1, &per, &e))
		return field_error(ld, &e, "period");
	/* the period's years choose among the units a name meant over time */
	if (resolve(ld, f->region, (int)(per.start / 10000), (int)(per.end / 10000), &p.reg, &e))
		return field_error(ld, &e, "region");
	tsdb_value_info vi = {0};
	if (f->value_text) {
		/* the indicator's unit checks a unit word (亿元 for CNY) */
		if (tsdb_value_parse_ex(f->value_text, (size_t)-1, f->scale, unit, &p.value, &vi, &e))
			return field_error(ld, &e, e.text[0] == 's' ? "scale" : "value");
		flags = vi.flags;
	} else if (f->scale && *f->scale) {
		/* rescale through the decimal text so that 1.066 × 10^9 is exact */
		char buf[TSDB_VALUE_MAX];
		tsdb_value_format(f->value, buf);
		if (tsdb_value_parse(buf, (size_t)-1, f->scale, &p.value, &flags, &e))
			return field_error(ld, &e, "scale");
	} else
		p.value = f->value;
	if ((flags & TSDB_VALUE_PERCENT) && strcmp(unit, "percent") && strcmp(unit, "pp"))
		return ts_load_fail(ld, "value", TSDB_EDATA, "a percentage, but %s is measured in %s",
		                    f->indicator, unit);
	if (f->qualifier && *f->qualifier && tsdb_qualifier_parse(f->qualifier, &q))
		return ts_load_fail(ld, "qualifier", TSDB_EDATA, "\"%.16s\": expected =, ~, >, >=, < or <=",
		                    f->qualifier);
	if ((vi.flags & TSDB_VALUE_QUALIFIED) && f->qualifier && *f->qualifier && q != vi.qualifier)
		return ts_load_fail(ld, "qualifier", TSDB_EDATA, "\"%s\" contradicts the value's words, "
		                    "which say %s", tsdb_qualifier_name(q), tsdb_qualifier_name(vi.qualifier));
	if (vi.flags & TSDB_VALUE_QUALIFIED)
		q = vi.qualifier;
	if (f->status && *f->status && tsdb_status_parse(f->status, &st))
		return ts_load_fail(ld, "status", TSDB_EDATA,
		                    "\"%.16s\": expected actual, estimate, provisional, target or forecast",
		                    f->status);
	if (f->vintage && *f->vintage && tsdb_date_parse(f->vintage, (size_t)-1, &p.vintage, &e))
		return field_error(ld, &e, "vintage");
	if (!p.vintage && ld->opts && ld->opts->vintage)
		p.vintage = ld->opts->vintage; /* load --vintage: when the file became known */
	if (f->received && *f->received && tsdb_date_parse(f->received, (size_t)-1, &p.received, &e))
		return field_error(ld, &e, "received");
	if (!p.received && !(ld->opts && ld->opts->keep_unknown))
		p.received = ld->stats->today; /* the vintage if the source has no date either */
	if (ld->opts && ld->opts->verify && (rc = verify_fact(ld, &p, per, q, f->quote)))
		return rc;
	if (b->n == BATCH_FACTS || b->used >= BATCH_BYTES) {
		if ((rc = spill_batch(ld)) && ld->stop)
			return rc;
	}
	if (keep_tail(b, f->quote, f->note, &p.tail))
		return store_result(ld, TSDB_ENOMEM, (ts_err(&e, TSDB_ENOMEM, "out of memory"), &e));
	p.start = per.start;
	p.end = per.end;
	p.qualifier = (unsigned char)q;
	p.status = (unsigned char)st;
	p.seq = (uint32_t)b->n;
	b->o[b->n] = (struct origin){ld->file, ld->where, ld->line, ld->index};
	b->p[b->n++] = p;
	return 0;
}

/* ---- catalog entries ---- */

int ts_put_indicator(struct load *ld, const tsdb_indicator *ind)
{
	tsdb_error e = {0};
	int rc;
	/* a unit or kind may only change while the indicator has no
	 * observations: those queued must be stored to count */
	if (ld->batch->n && (rc = ts_load_flush(ld)) && ld->stop)
		return rc;
	ts_tab_clear(&ld->cache->indicators);
	if ((rc = tsdb_indicator_put(ld->txn, ind, &e)))
		return store_result(ld, rc, &e);
	ld->stats->catalog++;
	return 0;
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int ts_put_source(struct load *ld, const tsdb_source *s, const char *text, size_t len)
{
	tsdb_source old;
	tsdb_error e = {0};
	int rc;
	ld->stats->catalog++;
	/* the same source again (a document's, or one repeated in every fact)
	 * changes nothing; a changed one may change which version queued facts
	 * show and their default vintage, so they are stored first */
	if (!(tsdb_source_get(ld->txn, s->id, &old, NULL) == 0 && same(old.title, s->title) &&
	      same(old.publisher, s->publisher) && same(old.url, s->url) &&
	      old.published == s->published && old.priority == s->priority &&
	      same(old.note, s->note))) {
		if (ld->batch->n && (rc = ts_load_flush(ld)) && ld->stop)
			return rc;
		if ((rc = tsdb_source_put(ld->txn, s, &e))) {
			ld->stats->catalog--;
			return store_result(ld, rc, &e);
		}
	}
	/* "" removes the document; the same one again writes nothing */
	ts_doc_free(&ld->cache->doc);
	if (text && (rc = tsdb_source_text_put(ld->txn, s->id, text, len, &e))) {
		ts_err_field(&e, "text");
		return store_result(ld, rc, &e);
	}
	return 0;
}

int ts_put_region(struct load *ld, const tsdb_region *r, const char *parent,
                  const char *const *members, size_t nmembers)
{
	tsdb_region reg = *r, par;
	tsdb_error e = {0};
	int rc;
	if (parent) {
		if ((rc = tsdb_region_resolve(ld->txn, parent, &par, &e))) {
			ts_err_field(&e, "parent");
			return store_result(ld, rc, &e);
		}
		reg.parent = par.code;
	}
	/* new names may make old ones ambiguous */
	ts_tab_clear(&ld->cache->regions);
	if ((rc = tsdb_region_put(ld->txn, &reg, &e)))
		return store_result(ld, rc, &e);
	ld->stats->catalog++;
	/* a group's members, named any way a region can be */
	for (size_t i = 0; i < nmembers; i++) {
		tsdb_region m;
		if ((rc = tsdb_region_resolve(ld->txn, members[i], &m, &e)) ||
		    (rc = tsdb_region_add_member(ld->txn, reg.code, m.code, &e))) {
			snprintf(e.field, sizeof e.field, "members[%zu]", i + 1);
			return store_result(ld, rc, &e);
		}
	}
	return 0;
}
