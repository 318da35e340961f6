/* json_record.c — JSON records mapped to what the loader stores: a fact, an
 * indicator, a source or a region from a decoded object, every member
 * checked (type, NUL bytes, unknown names) and named in the error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

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

/* "aliases" of an indicator or a region: an array of non-empty names
 * without '|', kept '|'-separated in out ("" without any). */
static int get_aliases(struct load *ld, json_t *al, char *out, size_t size)
{
	size_t i, n = 0;
	json_t *a;
	out[0] = 0;
	if (!al || json_is_null(al))
		return 0;
	if (!json_is_array(al))
		return ts_load_fail(ld, "aliases", TSDB_EDATA, "expected an array of strings");
	json_array_foreach(al, i, a) {
		const char *s = json_string_value(a);
		if (!s || !*s || strchr(s, '|') || strlen(s) + n + 2 > size)
			return ts_load_fail(
			    ld, "aliases", TSDB_EDATA,
			    "alias %zu: expected a non-empty string without '|' (all "
			    "aliases within 2 KiB)",
			    i + 1);
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "|" : "", s);
	}
	return 0;
}

int ts_json_indicator(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type", "id",          "name",    "name_zh", "unit",
	                                     "kind", "description", "aliases", NULL};
	tsdb_indicator ind = {0};
	const char *kind;
	char aliases[2048];
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &ind.id)) ||
	    (rc = get_str(ld, o, "name", &ind.name)) ||
	    (rc = get_str(ld, o, "name_zh", &ind.name_zh)) ||
	    (rc = get_str(ld, o, "unit", &ind.unit)) || (rc = get_str(ld, o, "kind", &kind)) ||
	    (rc = get_str(ld, o, "description", &ind.description)) ||
	    (rc = need(ld, "id", ind.id)) || (rc = need(ld, "unit", ind.unit)) ||
	    (rc = need(ld, "kind", kind)))
		return rc;
	if (tsdb_kind_parse(kind, &ind.kind))
		return ts_load_fail(ld, "kind", TSDB_EDATA,
		                    "\"%.32s\": expected stock, flow, rate, share or rank", kind);
	if ((rc = get_aliases(ld, json_object_get(o, "aliases"), aliases, sizeof aliases)))
		return rc;
	ind.aliases = *aliases ? aliases : NULL;
	return ts_put_indicator(ld, &ind);
}

int ts_json_source(struct load *ld, json_t *o, const char **id)
{
	static const char *const fields[] = {"type", "id",        "title",    "publisher",
	                                     "url",  "published", "priority", "note",
	                                     "text", "text_file", NULL};
	tsdb_source s = {0};
	const char *published, *text, *text_file;
	tsdb_error e = {0};
	json_t *prio = json_object_get(o, "priority");
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &s.id)) ||
	    (rc = get_str(ld, o, "title", &s.title)) ||
	    (rc = get_str(ld, o, "publisher", &s.publisher)) ||
	    (rc = get_str(ld, o, "url", &s.url)) ||
	    (rc = get_str(ld, o, "published", &published)) ||
	    (rc = get_str(ld, o, "note", &s.note)) || (rc = get_str(ld, o, "text", &text)) ||
	    (rc = get_word(ld, o, "text_file", &text_file)) || (rc = need(ld, "id", s.id)))
		return rc;
	if (text && text_file)
		return ts_load_fail(ld, "text_file", TSDB_EDATA,
		                    "a source has text or text_file, not both");
	if (published && tsdb_date_parse(published, (size_t)-1, &s.published, &e)) {
		ts_err_field(&e, "published");
		return ts_load_report(ld, &e);
	}
	if (prio && !json_is_null(prio)) {
		if (!json_is_integer(prio) &&
		    !(json_is_real(prio) && json_real_value(prio) == (int)json_real_value(prio)))
			return ts_load_fail(ld, "priority", TSDB_EDATA, "expected an integer");
		double p = json_number_value(prio);
		if (p < -1000000 || p > 1000000)
			return ts_load_fail(ld, "priority", TSDB_EDATA, "must lie within ±1000000");
		s.priority = (int)p;
	}
	if (text && ts_text_check(text, strlen(text), &e)) {
		ts_err_field(&e, "text");
		return ts_load_report(ld, &e);
	}
	if (text_file) {
		char *doc = NULL;
		size_t len = 0;
		if (ts_text_file_read(ld->file, text_file, &doc, &len, &e)) {
			ts_err_field(&e, "text_file");
			return ts_load_report(ld, &e);
		}
		rc = ts_put_source(ld, &s, doc, len);
		free(doc);
	} else
		rc = ts_put_source(ld, &s, text, text ? strlen(text) : 0);
	if (rc)
		return rc;
	if (id)
		*id = s.id;
	return 0;
}

int ts_json_region(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type",  "code", "name",    "name_zh", "parent",
	                                     "level", "kind", "aliases", "members", NULL};
	tsdb_region r = {0};
	const char *pname, *members[256];
	size_t nmembers = 0;
	json_t *al = json_object_get(o, "aliases"), *mem = json_object_get(o, "members");
	char aliases[2048] = "";
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "code", &r.code)) ||
	    (rc = get_str(ld, o, "name", &r.name)) ||
	    (rc = get_str(ld, o, "name_zh", &r.name_zh)) ||
	    (rc = get_str(ld, o, "parent", &pname)) || (rc = get_str(ld, o, "level", &r.level)) ||
	    (rc = get_str(ld, o, "kind", &r.type)) || (rc = need(ld, "code", r.code)))
		return rc;
	if ((rc = get_aliases(ld, al, aliases, sizeof aliases)))
		return rc;
	r.aliases = *aliases ? aliases : NULL;
	if (mem && !json_is_null(mem)) {
		size_t i;
		json_t *m;
		if (!json_is_array(mem) || json_array_size(mem) > sizeof members / sizeof *members)
			return ts_load_fail(ld, "members", TSDB_EDATA,
			                    "expected an array of at most %zu regions",
			                    sizeof members / sizeof *members);
		if (r.level && strcmp(r.level, "group"))
			return ts_load_fail(ld, "members", TSDB_EDATA,
			                    "only a region of level \"group\" has members");
		json_array_foreach(mem, i, m) {
			const char *s = json_string_value(m);
			if (!s || !*s)
				return ts_load_fail(ld, "members", TSDB_EDATA,
				                    "member %zu: expected a region name or code",
				                    i + 1);
			members[nmembers++] = s;
		}
	}
	return ts_put_region(ld, &r, pname, members, nmembers);
}

static const char *const fact_fields[] = {"type",    "indicator", "region",    "period", "value",
                                          "unit",    "scale",     "qualifier", "status", "source",
                                          "vintage", "received",  "quote",     "note",   NULL};

int ts_json_fact(struct load *ld, json_t *o, struct fact *out)
{
	struct fact f = {0};
	json_t *src = json_object_get(o, "source"), *v = json_object_get(o, "value");
	int rc;

	if ((rc = only(ld, o, fact_fields)) || (rc = get_str(ld, o, "indicator", &f.indicator)) ||
	    (rc = get_str(ld, o, "region", &f.region)) ||
	    (rc = get_str(ld, o, "period", &f.period)) || (rc = get_word(ld, o, "unit", &f.unit)) ||
	    (rc = get_str(ld, o, "scale", &f.scale)) ||
	    (rc = get_word(ld, o, "qualifier", &f.qualifier)) ||
	    (rc = get_word(ld, o, "status", &f.status)) ||
	    (rc = get_word(ld, o, "vintage", &f.vintage)) ||
	    (rc = get_word(ld, o, "received", &f.received)) ||
	    (rc = get_str(ld, o, "quote", &f.quote)) || (rc = get_str(ld, o, "note", &f.note)))
		return rc;
	if (!v || json_is_null(v))
		return ts_load_fail(ld, "value", TSDB_EDATA, "required");
	if (json_is_number(v))
		f.value = json_number_value(v);
	else if (json_is_string(v))
		f.value_text = json_string_value(v);
	else
		return ts_load_fail(ld, "value", TSDB_EDATA,
		                    "expected a number or a string such as \"3.6万亿\"");
	if (f.value_text && strlen(f.value_text) != json_string_length(v))
		return ts_load_fail(ld, "value", TSDB_EDATA, "contains a NUL byte");
	if (json_is_object(src)) {
		if ((rc = ts_json_source(ld, src, &f.source)))
			return rc;
	} else if (src && !json_is_null(src)) {
		if (!json_is_string(src))
			return ts_load_fail(ld, "source", TSDB_EDATA,
			                    "expected a source id or object");
		f.source = json_string_value(src);
	}
	*out = f;
	return 0;
}

int ts_json_put_fact(struct load *ld, json_t *o)
{
	struct fact f;
	int rc = ts_json_fact(ld, o, &f);
	return rc ? rc : ts_put_fact(ld, &f);
}

int ts_json_type(struct load *ld, json_t *o, const char **type)
{
	json_t *t;
	*type = "fact";
	if (!json_is_object(o))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	t = json_object_get(o, "type");
	if (t && !json_is_string(t))
		return ts_load_fail(ld, "type", TSDB_EDATA, "expected a string");
	if (t)
		*type = json_string_value(t);
	return 0;
}

int ts_json_record(struct load *ld, json_t *o)
{
	const char *type;
	int rc = ts_json_type(ld, o, &type);
	if (rc)
		return rc;
	if (strcmp(type, "fact") == 0)
		return ts_json_put_fact(ld, o);
	if (strcmp(type, "indicator") == 0)
		return ts_json_indicator(ld, o);
	if (strcmp(type, "source") == 0)
		return ts_json_source(ld, o, NULL);
	if (strcmp(type, "region") == 0)
		return ts_json_region(ld, o);
	return ts_load_fail(ld, "type", TSDB_EDATA,
	                    "\"%.32s\": expected fact, indicator, source or region", type);
}
