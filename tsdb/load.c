/* load.c — loading facts and catalog entries from JSON: JSON Lines, a JSON
 * array, or a document {"source", "defaults", "indicators", "sources",
 * "regions", "facts"}. A load is one write transaction: all or nothing. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "load.h"

/* Reports an error of the current record: fills e's context, hands it to
 * the caller's callback and keeps the first. Returns the error's code. */
static int report(struct load *ld, tsdb_error *e)
{
	snprintf(e->source, sizeof e->source, "%s", ld->file);
	e->line = ld->line;
	if (ld->where[0]) {
		char f[2 * TSDB_ERROR_FIELD + 2];
		int n = snprintf(f, sizeof f, "%s%s%s", ld->where, e->field[0] ? "." : "", e->field);
		size_t k = n < 0 ? 0 : (size_t)n < sizeof e->field ? (size_t)n : sizeof e->field - 1;
		memcpy(e->field, f, k);
		e->field[k] = 0;
	}
	ld->stats->errors++;
	if (ld->opts && ld->opts->on_error)
		ld->opts->on_error(e, ld->opts->arg);
	if (!ld->first->code)
		*ld->first = *e;
	return e->code;
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
	return report(ld, &e);
}

/* Reads an optional string member; a non-string is an error. */
static int get_str(struct load *ld, json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return ts_load_fail(ld, key, TSDB_EDATA, "expected a string");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return ts_load_fail(ld, key, TSDB_EDATA, "contains a NUL byte");
	*out = json_string_value(v);
	return 0;
}

/* Like get_str, for a field whose "" would only hide a mistake: a word such
 * as a unit or a status is either given or left out (null, or absent). */
static int get_word(struct load *ld, json_t *obj, const char *key, const char **out)
{
	int rc = get_str(ld, obj, key, out);
	if (!rc && *out && !**out)
		return ts_load_fail(ld, key, TSDB_EDATA, "empty; leave it out or write null");
	return rc;
}

/* Checks that obj has no members but those listed (catches misspellings). */
static int only(struct load *ld, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok)
			return ts_load_fail(ld, key, TSDB_EDATA, "unknown field");
	}
	return 0;
}

static int need(struct load *ld, const char *key, const char *val)
{
	return val && *val ? 0 : ts_load_fail(ld, key, TSDB_EDATA, "required");
}

static int put_result(struct load *ld, int rc, tsdb_error *e)
{
	if (rc == TSDB_EMAPFULL || rc == TSDB_ESTORE || rc == TSDB_EIO || rc == TSDB_ENOMEM ||
	    rc == TSDB_ENOSPC) {
		*ld->first = *e; /* not the record's fault: stop and let the caller retry */
		return rc;
	}
	return report(ld, e);
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void forget_indicators(struct load_cache *c)
{
	for (int i = 0; c && i < c->nind; i++) {
		free(c->ind[i].id);
		free(c->ind[i].unit);
	}
	if (c)
		c->nind = 0;
}

static void forget_source(struct load_cache *c)
{
	if (c) {
		free(c->src);
		c->src = NULL;
	}
}

static void cache_free(struct load_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cap; i++) {
		free(c->name[i]);
		free(c->code[i]);
	}
	free(c->name);
	free(c->code);
	free(c->key);
	forget_indicators(c);
	forget_source(c);
	free(c);
}

/* The slot of name in the cache (empty if absent). */
static size_t cache_slot(const struct load_cache *c, const char *name)
{
	size_t i = (size_t)hash(name) & (c->cap - 1);
	while (c->name[i] && strcmp(c->name[i], name))
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* Doubles the region table; returns 0 or -1. */
static int cache_grow(struct load_cache *c)
{
	struct load_cache bigger = {0};
	size_t cap = c->cap ? c->cap * 2 : 64;
	bigger.cap = cap;
	bigger.name = calloc(cap, sizeof *bigger.name);
	bigger.code = calloc(cap, sizeof *bigger.code);
	bigger.key = calloc(cap, sizeof *bigger.key);
	if (!bigger.name || !bigger.code || !bigger.key) {
		free(bigger.name);
		free(bigger.code);
		free(bigger.key);
		return -1;
	}
	for (size_t i = 0; i < c->cap; i++)
		if (c->name[i]) {
			size_t k = cache_slot(&bigger, c->name[i]);
			bigger.name[k] = c->name[i];
			bigger.code[k] = c->code[i];
			bigger.key[k] = c->key[i];
		}
	free(c->name);
	free(c->code);
	free(c->key);
	c->name = bigger.name;
	c->code = bigger.code;
	c->key = bigger.key;
	c->cap = cap;
	return 0;
}

/* Remembers that name is region (code, key); a failure only loses speed. */
static void cache_put(struct load_cache *c, const char *name, const char *code, uint32_t key)
{
	if (c->n + 1 > c->cap * 7 / 10 && cache_grow(c))
		return;
	size_t k = cache_slot(c, name);
	if (c->name[k])
		return;
	c->name[k] = strdup(name);
	c->code[k] = strdup(code);
	if (!c->name[k] || !c->code[k]) {
		free(c->name[k]);
		free(c->code[k]);
		c->name[k] = c->code[k] = NULL;
		return;
	}
	c->key[k] = key;
	c->n++;
}

/* Resolves a region name, through the cache. *code is borrowed from the
 * cache or the transaction. */
static int resolve(struct load *ld, const char *name, const char **code, uint32_t *key,
                   tsdb_error *e)
{
	struct load_cache *c = ld->cache;
	tsdb_region reg;
	if (c && c->cap) {
		size_t k = cache_slot(c, name);
		if (c->name[k]) {
			*code = c->code[k];
			*key = c->key[k];
			return 0;
		}
	}
	int rc = tsdb_region_resolve(ld->txn, name, &reg, e);
	if (rc == TSDB_EUNKNOWN && ld->opts && ld->opts->new_regions) {
		tsdb_region fresh = {name, NULL, "group", NULL, name, NULL, NULL, 0};
		tsdb_error_clear(e);
		if ((rc = tsdb_region_put(ld->txn, &fresh, e)) == 0)
			rc = tsdb_region_get(ld->txn, name, &reg, e);
		if (!rc)
			ld->stats->catalog++;
	}
	if (rc)
		return rc;
	*code = reg.code;
	*key = reg.key;
	if (c)
		cache_put(c, name, reg.code, reg.key);
	return 0;
}

/* Finds an indicator, through the cache: its number and unit. */
static int indicator(struct load *ld, const char *id, uint32_t *key, const char **unit, tsdb_error *e)
{
	struct load_cache *c = ld->cache;
	tsdb_indicator ind;
	for (int i = 0; c && i < c->nind; i++)
		if (strcmp(c->ind[i].id, id) == 0) {
			*key = c->ind[i].key;
			*unit = c->ind[i].unit;
			return 0;
		}
	int rc = tsdb_indicator_get(ld->txn, id, &ind, e);
	if (rc)
		return rc;
	*key = ind.key;
	*unit = ind.unit;
	if (c && c->nind < 32) {
		char *a = strdup(id), *b = strdup(ind.unit);
		if (a && b) {
			c->ind[c->nind].id = a;
			c->ind[c->nind].unit = b;
			c->ind[c->nind++].key = ind.key;
		} else {
			free(a);
			free(b);
		}
	}
	return 0;
}

/* Finds a source's number, remembering the last one. */
static int source_key(struct load *ld, const char *id, uint32_t *key, tsdb_error *e)
{
	struct load_cache *c = ld->cache;
	tsdb_source s;
	if (c && c->src && strcmp(c->src, id) == 0) {
		*key = c->src_key;
		return 0;
	}
	int rc = tsdb_source_get(ld->txn, id, &s, e);
	if (rc)
		return rc;
	*key = s.key;
	if (c) {
		forget_source(c);
		if ((c->src = strdup(id)))
			c->src_key = s.key;
	}
	return 0;
}

static int do_indicator(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type", "id", "name", "name_zh", "unit", "kind",
	                                     "description", NULL};
	tsdb_indicator ind = {0};
	const char *kind;
	tsdb_error e = {0};
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &ind.id)) ||
	    (rc = get_str(ld, o, "name", &ind.name)) || (rc = get_str(ld, o, "name_zh", &ind.name_zh)) ||
	    (rc = get_str(ld, o, "unit", &ind.unit)) || (rc = get_str(ld, o, "kind", &kind)) ||
	    (rc = get_str(ld, o, "description", &ind.description)) || (rc = need(ld, "id", ind.id)) ||
	    (rc = need(ld, "unit", ind.unit)) || (rc = need(ld, "kind", kind)))
		return rc;
	if (tsdb_kind_parse(kind, &ind.kind))
		return ts_load_fail(ld, "kind", TSDB_EDATA, "\"%.32s\": expected stock, flow, rate, share or rank",
		            kind);
	forget_indicators(ld->cache);
	if ((rc = tsdb_indicator_put(ld->txn, &ind, &e)))
		return put_result(ld, rc, &e);
	ld->stats->catalog++;
	return 0;
}

static int do_source(struct load *ld, json_t *o, const char **id)
{
	static const char *const fields[] = {"type", "id", "title", "publisher", "url", "published",
	                                     "priority", "note", NULL};
	tsdb_source s = {0};
	const char *published;
	tsdb_error e = {0};
	json_t *prio = json_object_get(o, "priority");
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &s.id)) ||
	    (rc = get_str(ld, o, "title", &s.title)) || (rc = get_str(ld, o, "publisher", &s.publisher)) ||
	    (rc = get_str(ld, o, "url", &s.url)) || (rc = get_str(ld, o, "published", &published)) ||
	    (rc = get_str(ld, o, "note", &s.note)) || (rc = need(ld, "id", s.id)))
		return rc;
	if (published && tsdb_date_parse(published, (size_t)-1, &s.published, &e)) {
		ts_err_field(&e, "published");
		return report(ld, &e);
	}
	if (prio && !json_is_null(prio)) {
		if (!json_is_integer(prio) && !(json_is_real(prio) && json_real_value(prio) == (int)json_real_value(prio)))
			return ts_load_fail(ld, "priority", TSDB_EDATA, "expected an integer");
		double p = json_number_value(prio);
		if (p < -1000000 || p > 1000000)
			return ts_load_fail(ld, "priority", TSDB_EDATA, "must lie within ±1000000");
		s.priority = (int)p;
	}
	forget_source(ld->cache);
	if ((rc = tsdb_source_put(ld->txn, &s, &e)))
		return put_result(ld, rc, &e);
	ld->stats->catalog++;
	if (id)
		*id = s.id;
	return 0;
}

static int do_region(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type", "code", "name", "name_zh", "parent", "level",
	                                     "kind", "aliases", NULL};
	tsdb_region r = {0}, parent;
	const char *pname;
	tsdb_error e = {0};
	json_t *al = json_object_get(o, "aliases");
	char aliases[2048] = "";
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "code", &r.code)) ||
	    (rc = get_str(ld, o, "name", &r.name)) || (rc = get_str(ld, o, "name_zh", &r.name_zh)) ||
	    (rc = get_str(ld, o, "parent", &pname)) || (rc = get_str(ld, o, "level", &r.level)) ||
	    (rc = get_str(ld, o, "kind", &r.type)) || (rc = need(ld, "code", r.code)))
		return rc;
	if (al && !json_is_null(al)) {
		size_t i, n = 0;
		json_t *a;
		if (!json_is_array(al))
			return ts_load_fail(ld, "aliases", TSDB_EDATA, "expected an array of strings");
		json_array_foreach(al, i, a) {
			const char *s = json_string_value(a);
			if (!s || !*s || strchr(s, '|') || strlen(s) + n + 2 > sizeof aliases)
				return ts_load_fail(ld, "aliases", TSDB_EDATA, "alias %zu: expected a non-empty string "
				            "without '|' (all aliases within 2 KiB)", i + 1);
			n += (size_t)snprintf(aliases + n, sizeof aliases - n, "%s%s", n ? "|" : "", s);
		}
		r.aliases = aliases;
	}
	if (pname) {
		if ((rc = tsdb_region_resolve(ld->txn, pname, &parent, &e))) {
			ts_err_field(&e, "parent");
			return put_result(ld, rc, &e);
		}
		r.parent = parent.code;
	}
	if ((rc = tsdb_region_put(ld->txn, &r, &e)))
		return put_result(ld, rc, &e);
	ld->stats->catalog++;
	return 0;
}

int ts_put_fact(struct load *ld, const struct fact *f)
{
	tsdb_obs obs = {0};
	tsdb_error e = {0};
	const char *unit;
	uint32_t ind, reg, src = 0;
	unsigned flags = 0;
	int rc, result;

	if ((rc = need(ld, "indicator", f->indicator)) || (rc = need(ld, "region", f->region)) ||
	    (rc = need(ld, "period", f->period)))
		return rc;
	obs.indicator = f->indicator;
	obs.quote = f->quote;
	obs.note = f->note;
	obs.source = f->source && *f->source ? f->source : NULL;
	if (indicator(ld, f->indicator, &ind, &unit, &e)) {
		ts_err_field(&e, "indicator");
		return report(ld, &e);
	}
	if (f->unit && *f->unit && strcmp(f->unit, unit))
		return ts_load_fail(ld, "unit", TSDB_EDATA, "\"%.32s\" contradicts %s, which is measured in %s",
		                    f->unit, f->indicator, unit);
	if (obs.source && source_key(ld, obs.source, &src, &e)) {
		ts_err_field(&e, "source");
		return report(ld, &e);
	}
	if (resolve(ld, f->region, &obs.region, &reg, &e)) {
		ts_err_field(&e, "region");
		return report(ld, &e);
	}
	if (tsdb_period_parse(f->period, (size_t)-1, &obs.period, &e)) {
		ts_err_field(&e, "period");
		return report(ld, &e);
	}
	if (f->value_text) {
		if (tsdb_value_parse(f->value_text, (size_t)-1, f->scale, &obs.value, &flags, &e)) {
			ts_err_field(&e, e.text[0] == 's' ? "scale" : "value");
			return report(ld, &e);
		}
	} else if (f->scale && *f->scale) {
		/* rescale through the decimal text so that 1.066 × 10^9 is exact */
		char buf[TSDB_VALUE_MAX];
		tsdb_value_format(f->value, buf);
		if (tsdb_value_parse(buf, (size_t)-1, f->scale, &obs.value, &flags, &e)) {
			ts_err_field(&e, "scale");
			return report(ld, &e);
		}
	} else
		obs.value = f->value;
	if ((flags & TSDB_VALUE_PERCENT) && strcmp(unit, "percent") && strcmp(unit, "pp"))
		return ts_load_fail(ld, "value", TSDB_EDATA, "a percentage, but %s is measured in %s",
		                    f->indicator, unit);
	if (f->qualifier && *f->qualifier && tsdb_qualifier_parse(f->qualifier, &obs.qualifier))
		return ts_load_fail(ld, "qualifier", TSDB_EDATA, "\"%.16s\": expected =, ~, >, >=, < or <=",
		                    f->qualifier);
	if (f->status && *f->status && tsdb_status_parse(f->status, &obs.status))
		return ts_load_fail(ld, "status", TSDB_EDATA,
		                    "\"%.16s\": expected actual, estimate, provisional, target or forecast",
		                    f->status);
	if (f->vintage && *f->vintage && tsdb_date_parse(f->vintage, (size_t)-1, &obs.vintage, &e)) {
		ts_err_field(&e, "vintage");
		return report(ld, &e);
	}
	if ((rc = ts_obs_put(ld->txn, ind, reg, src, &obs, &result, &e)))
		return put_result(ld, rc, &e);
	if (result == TSDB_PUT_NEW)
		ld->stats->added++;
	else if (result == TSDB_PUT_REVISED)
		ld->stats->revised++;
	else
		ld->stats->unchanged++;
	return 0;
}

static const char *const fact_fields[] = {"type", "indicator", "region", "period", "value",
                                          "unit", "scale", "qualifier", "status", "source",
                                          "vintage", "quote", "note", NULL};

/* Merges defaults under a fact: the fact's own members win. The result is
 * a new reference owned by the caller. */
static json_t *with_defaults(json_t *fact, json_t *defaults)
{
	json_t *m = json_copy(fact);
	if (m && defaults)
		json_object_update_missing(m, defaults);
	return m;
}

/* A fact from a JSON object. */
static int do_fact(struct load *ld, json_t *o)
{
	struct fact f = {0};
	json_t *src = json_object_get(o, "source"), *v = json_object_get(o, "value");
	int rc;

	if ((rc = only(ld, o, fact_fields)) || (rc = get_str(ld, o, "indicator", &f.indicator)) ||
	    (rc = get_str(ld, o, "region", &f.region)) || (rc = get_str(ld, o, "period", &f.period)) ||
	    (rc = get_word(ld, o, "unit", &f.unit)) || (rc = get_str(ld, o, "scale", &f.scale)) ||
	    (rc = get_word(ld, o, "qualifier", &f.qualifier)) || (rc = get_word(ld, o, "status", &f.status)) ||
	    (rc = get_word(ld, o, "vintage", &f.vintage)) || (rc = get_str(ld, o, "quote", &f.quote)) ||
	    (rc = get_str(ld, o, "note", &f.note)))
		return rc;
	if (!v || json_is_null(v))
		return ts_load_fail(ld, "value", TSDB_EDATA, "required");
	if (json_is_number(v))
		f.value = json_number_value(v);
	else if (json_is_string(v))
		f.value_text = json_string_value(v);
	else
		return ts_load_fail(ld, "value", TSDB_EDATA, "expected a number or a string such as \"3.6万亿\"");
	if (f.value_text && strlen(f.value_text) != json_string_length(v))
		return ts_load_fail(ld, "value", TSDB_EDATA, "contains a NUL byte");
	if (json_is_object(src)) {
		if ((rc = do_source(ld, src, &f.source)))
			return rc;
	} else if (src && !json_is_null(src)) {
		if (!json_is_string(src))
			return ts_load_fail(ld, "source", TSDB_EDATA, "expected a source id or object");
		f.source = json_string_value(src);
	}
	return ts_put_fact(ld, &f);
}

/* Dispatches one JSON Lines or array record on its "type". */
static int do_record(struct load *ld, json_t *o)
{
	const char *type = "fact";
	json_t *t;
	ld->stats->records++;
	if (!json_is_object(o))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	t = json_object_get(o, "type");
	if (t && !json_is_string(t))
		return ts_load_fail(ld, "type", TSDB_EDATA, "expected a string");
	if (t)
		type = json_string_value(t);
	if (strcmp(type, "fact") == 0)
		return do_fact(ld, o);
	if (strcmp(type, "indicator") == 0)
		return do_indicator(ld, o);
	if (strcmp(type, "source") == 0)
		return do_source(ld, o, NULL);
	if (strcmp(type, "region") == 0)
		return do_region(ld, o);
	return ts_load_fail(ld, "type", TSDB_EDATA, "\"%.32s\": expected fact, indicator, source or region", type);
}

/* Is the load to stop (a store failure, or too many errors)? */
int ts_load_stop(struct load *ld, int rc)
{
	return rc == TSDB_EMAPFULL || rc == TSDB_ESTORE || rc == TSDB_EIO || rc == TSDB_ENOMEM ||
	       rc == TSDB_ENOSPC || ld->stats->errors >= (uint64_t)ld->max_errors;
}

static int json_fail(struct load *ld, const json_error_t *je)
{
	tsdb_error e = {0};
	e.code = TSDB_EDATA;
	snprintf(e.text, sizeof e.text, "invalid JSON: %s", je->text);
	ld->where[0] = 0;
	if (je->line > 0 && ld->line == 0)
		ld->line = je->line;
	e.column = je->column;
	return report(ld, &e);
}

/* Each element of a named array member of a document. */
static int each_of(struct load *ld, json_t *doc, const char *name, json_t *defaults)
{
	json_t *arr = json_object_get(doc, name), *el;
	size_t i;
	int rc = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return ts_load_fail(ld, name, TSDB_EDATA, "expected an array");
	json_array_foreach(arr, i, el) {
		snprintf(ld->where, sizeof ld->where, "%s[%zu]", name, i + 1);
		ld->stats->records++;
		if (!json_is_object(el))
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
		else if (strcmp(name, "indicators") == 0)
			rc = do_indicator(ld, el);
		else if (strcmp(name, "sources") == 0)
			rc = do_source(ld, el, NULL);
		else if (strcmp(name, "regions") == 0)
			rc = do_region(ld, el);
		else {
			json_t *f = with_defaults(el, defaults);
			rc = f ? do_fact(ld, f) : ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
			json_decref(f);
		}
		if (ts_load_stop(ld, rc))
			break;
	}
	ld->where[0] = 0;
	return rc;
}

static int do_document(struct load *ld, json_t *doc)
{
	static const char *const fields[] = {"source", "defaults", "indicators", "sources", "regions",
	                                     "facts", NULL};
	json_t *defaults = json_object_get(doc, "defaults"), *src = json_object_get(doc, "source");
	json_t *merged = NULL;
	const char *sid = NULL;
	int rc;
	if ((rc = only(ld, doc, fields)))
		return rc;
	if (defaults && !json_is_object(defaults))
		return ts_load_fail(ld, "defaults", TSDB_EDATA, "expected an object");
	if ((rc = each_of(ld, doc, "indicators", NULL)) || (rc = each_of(ld, doc, "sources", NULL)) ||
	    (rc = each_of(ld, doc, "regions", NULL)))
		return rc;
	if (src) {
		snprintf(ld->where, sizeof ld->where, "source");
		if (!json_is_object(src))
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "expected an object");
		else
			rc = do_source(ld, src, &sid);
		ld->where[0] = 0;
		if (rc)
			return rc;
	}
	merged = defaults ? json_copy(defaults) : json_object();
	if (!merged)
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	if (sid && !json_object_get(merged, "source"))
		json_object_set_new(merged, "source", json_string(sid));
	rc = each_of(ld, doc, "facts", merged);
	json_decref(merged);
	return rc;
}

/* Reads a JSON Lines stream record by record; memory stays bounded. */
static int load_lines(struct load *ld, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	ld->line = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		json_error_t je;
		char *p = line;
		ld->line++;
		if (ld->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3, n -= 3;
		size_t len = (size_t)n;
		while (len && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		size_t skip = strspn(p, " \t");
		if (skip >= len)
			continue; /* blank line */
		json_t *o = json_loadb(p, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &je);
		if (!o) {
			ld->stats->records++;
			je.line = 0;
			rc = json_fail(ld, &je);
			ld->line = ld->line; /* keep the line of the record */
		} else {
			rc = do_record(ld, o);
			json_decref(o);
		}
		if (ts_load_stop(ld, rc))
			break;
	}
	free(line);
	if (ferror(in))
		return ts_load_fail(ld, NULL, TSDB_EIO, "read error: %s", strerror(errno));
	return rc;
}

/* Reads a whole JSON value: an array of records or a document. */
static int load_whole(struct load *ld, FILE *in)
{
	json_error_t je;
	json_t *v = json_loadf(in, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &je);
	int rc = 0;
	if (!v)
		return json_fail(ld, &je);
	ld->line = 0;
	if (json_is_array(v)) {
		size_t i;
		json_t *el;
		json_array_foreach(v, i, el) {
			snprintf(ld->where, sizeof ld->where, "[%zu]", i + 1);
			rc = do_record(ld, el);
			if (ts_load_stop(ld, rc))
				break;
		}
		ld->where[0] = 0;
	} else if (json_is_object(v))
		rc = do_document(ld, v);
	else
		rc = ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object, array or JSON Lines");
	json_decref(v);
	return rc;
}

/* Decides how to read a stream from its first bytes: '[' is an array; an
 * object whose first line is not a complete object with "type" or "indicator"
 * is a document; anything else is JSON Lines. */
static int load_stream(struct load *ld, FILE *in)
{
	char head[4096];
	size_t n = fread(head, 1, sizeof head - 1, in), i = 0;
	head[n] = 0;
	if (ferror(in))
		return ts_load_fail(ld, NULL, TSDB_EIO, "read error: %s", strerror(errno));
	if (n == 0)
		return ts_load_fail(ld, NULL, TSDB_EDATA, "empty file");
	if (memchr(head, 0, n))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "contains a NUL byte: not a text file");
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	long start = (long)i; /* jansson does not take a byte-order mark: skip it */
	i += strspn(head + i, " \t\r\n");
	int whole = head[i] == '[';
	if (head[i] == '{') {
		json_error_t je;
		size_t end = strcspn(head + i, "\n");
		const char *text = head + i;
		char *line = NULL;
		/* a first line longer than head is read whole, or a JSON Lines
		 * record with a long quote would look like an unfinished document */
		if (i + end == n && n == sizeof head - 1) {
			size_t cap = 0;
			ssize_t got = fseek(in, (long)i, SEEK_SET) == 0 ? getline(&line, &cap, in) : -1;
			if (got < 0) {
				free(line);
				return ts_load_fail(ld, NULL, TSDB_EIO, "cannot rewind: %s", strerror(errno));
			}
			text = line;
			end = (size_t)got;
		}
		json_t *first = json_loadb(text, end, JSON_DECODE_INT_AS_REAL, &je);
		whole = !first || (!json_object_get(first, "type") && !json_object_get(first, "indicator") &&
		                   (json_object_get(first, "facts") || json_object_get(first, "indicators") ||
		                    json_object_get(first, "sources") || json_object_get(first, "regions")));
		json_decref(first);
		free(line);
	}
	if (fseek(in, start, SEEK_SET) != 0)
		return ts_load_fail(ld, NULL, TSDB_EIO, "cannot rewind: %s", strerror(errno));
	return whole ? load_whole(ld, in) : load_lines(ld, in);
}

struct job {
	const char *const *paths;
	size_t npaths;
	const tsdb_load_options *opts;
	tsdb_load_stats *stats;
};

static int load_all(tsdb_txn *txn, void *arg, tsdb_error *err)
{
	struct job *j = arg;
	struct load_cache *cache = calloc(1, sizeof *cache);
	int rc = 0;
	memset(j->stats, 0, sizeof *j->stats);
	for (size_t i = 0; i < j->npaths && !rc; i++) {
		struct load ld = {txn, j->opts, j->stats, err, j->paths[i], 0, "", 20, cache};
		FILE *in;
		if (j->opts && j->opts->max_errors > 0)
			ld.max_errors = j->opts->max_errors;
		if (strcmp(j->paths[i], "-") == 0) {
			ld.file = "<stdin>";
			in = stdin;
		} else if (!(in = fopen(j->paths[i], "rb"))) {
			ts_load_fail(&ld, NULL, TSDB_EIO, "cannot open: %s", strerror(errno));
			err->sys = errno;
			rc = TSDB_EIO;
			break;
		}
		rc = j->opts && j->opts->csv ? ts_load_csv(&ld, in) : load_stream(&ld, in);
		if (in != stdin)
			fclose(in);
		if (ts_load_stop(&ld, rc) && rc != TSDB_EDATA && rc != TSDB_EUNKNOWN && rc != TSDB_EINVAL &&
		    rc != TSDB_EAMBIGUOUS && rc != TSDB_ECONFLICT)
			break;
		rc = 0;
		if (j->stats->errors)
			break;
	}
	cache_free(cache);
	if (!rc && j->stats->errors) {
		err->code = TSDB_EDATA;
		rc = TSDB_EDATA;
	}
	return rc;
}

int tsdb_load_files(tsdb *db, const char *const *paths, size_t npaths,
                    const tsdb_load_options *opts, tsdb_load_stats *stats, tsdb_error *err)
{
	tsdb_load_stats local;
	struct job j = {paths, npaths, opts, stats ? stats : &local};
	tsdb_error e = {0};
	int rc;
	if (opts && opts->dry_run) {
		tsdb_txn *t;
		if ((rc = tsdb_txn_begin(db, TSDB_TXN_WRITE, &t, &e)) == 0) {
			rc = load_all(t, &j, &e);
			tsdb_txn_abort(t);
		}
	} else
		rc = tsdb_update(db, load_all, &j, &e);
	if (rc && err && !err->code)
		*err = e;
	return rc;
}
