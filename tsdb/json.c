/* json.c — facts and catalog entries from JSON: JSON Lines, an array of
 * records, or a document {"source", "defaults", "indicators", "sources",
 * "regions", "facts"}. Nothing is read whole: a line, an array element, a
 * member of a document is found by a scan of brackets and strings (input.c)
 * and handed to jansson alone, so memory stays bounded by the longest
 * record. A document is read in two passes, a scan that finds where its
 * members lie, then the members in the order they apply: catalogs, the
 * document's source and defaults, then the facts one by one. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "load.h"

enum { FLAGS = JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES };

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

static int do_indicator(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type", "id", "name", "name_zh", "unit", "kind",
	                                     "description", NULL};
	tsdb_indicator ind = {0};
	const char *kind;
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &ind.id)) ||
	    (rc = get_str(ld, o, "name", &ind.name)) || (rc = get_str(ld, o, "name_zh", &ind.name_zh)) ||
	    (rc = get_str(ld, o, "unit", &ind.unit)) || (rc = get_str(ld, o, "kind", &kind)) ||
	    (rc = get_str(ld, o, "description", &ind.description)) || (rc = need(ld, "id", ind.id)) ||
	    (rc = need(ld, "unit", ind.unit)) || (rc = need(ld, "kind", kind)))
		return rc;
	if (tsdb_kind_parse(kind, &ind.kind))
		return ts_load_fail(ld, "kind", TSDB_EDATA,
		                    "\"%.32s\": expected stock, flow, rate, share or rank", kind);
	return ts_put_indicator(ld, &ind);
}

static int do_source(struct load *ld, json_t *o, const char **id)
{
	static const char *const fields[] = {"type", "id", "title", "publisher", "url", "published",
	                                     "priority", "note", "text", "text_file", NULL};
	tsdb_source s = {0};
	const char *published, *text, *text_file;
	tsdb_error e = {0};
	json_t *prio = json_object_get(o, "priority");
	int rc;
	if ((rc = only(ld, o, fields)) || (rc = get_str(ld, o, "id", &s.id)) ||
	    (rc = get_str(ld, o, "title", &s.title)) || (rc = get_str(ld, o, "publisher", &s.publisher)) ||
	    (rc = get_str(ld, o, "url", &s.url)) || (rc = get_str(ld, o, "published", &published)) ||
	    (rc = get_str(ld, o, "note", &s.note)) || (rc = get_str(ld, o, "text", &text)) ||
	    (rc = get_word(ld, o, "text_file", &text_file)) || (rc = need(ld, "id", s.id)))
		return rc;
	if (text && text_file)
		return ts_load_fail(ld, "text_file", TSDB_EDATA, "a source has text or text_file, not both");
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

static int do_region(struct load *ld, json_t *o)
{
	static const char *const fields[] = {"type", "code", "name", "name_zh", "parent", "level",
	                                     "kind", "aliases", "members", NULL};
	tsdb_region r = {0};
	const char *pname, *members[256];
	size_t nmembers = 0;
	json_t *al = json_object_get(o, "aliases"), *mem = json_object_get(o, "members");
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
				return ts_load_fail(ld, "aliases", TSDB_EDATA,
				                    "alias %zu: expected a non-empty string without '|' (all "
				                    "aliases within 2 KiB)",
				                    i + 1);
			n += (size_t)snprintf(aliases + n, sizeof aliases - n, "%s%s", n ? "|" : "", s);
		}
		r.aliases = aliases;
	}
	if (mem && !json_is_null(mem)) {
		size_t i;
		json_t *m;
		if (!json_is_array(mem) || json_array_size(mem) > sizeof members / sizeof *members)
			return ts_load_fail(ld, "members", TSDB_EDATA, "expected an array of at most %zu regions",
			                    sizeof members / sizeof *members);
		if (r.level && strcmp(r.level, "group"))
			return ts_load_fail(ld, "members", TSDB_EDATA, "only a region of level \"group\" has members");
		json_array_foreach(mem, i, m) {
			const char *s = json_string_value(m);
			if (!s || !*s)
				return ts_load_fail(ld, "members", TSDB_EDATA, "member %zu: expected a region name or code",
				                    i + 1);
			members[nmembers++] = s;
		}
	}
	return ts_put_region(ld, &r, pname, members, nmembers);
}

static const char *const fact_fields[] = {"type", "indicator", "region", "period", "value",
                                          "unit", "scale", "qualifier", "status", "source",
                                          "vintage", "quote", "note", NULL};

/* A fact from a JSON object. */
static int do_fact(struct load *ld, json_t *o)
{
	struct fact f = {0};
	json_t *src = json_object_get(o, "source"), *v = json_object_get(o, "value");
	int rc;

	if ((rc = only(ld, o, fact_fields)) || (rc = get_str(ld, o, "indicator", &f.indicator)) ||
	    (rc = get_str(ld, o, "region", &f.region)) || (rc = get_str(ld, o, "period", &f.period)) ||
	    (rc = get_word(ld, o, "unit", &f.unit)) || (rc = get_str(ld, o, "scale", &f.scale)) ||
	    (rc = get_word(ld, o, "qualifier", &f.qualifier)) ||
	    (rc = get_word(ld, o, "status", &f.status)) || (rc = get_word(ld, o, "vintage", &f.vintage)) ||
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
	return ts_load_fail(ld, "type", TSDB_EDATA, "\"%.32s\": expected fact, indicator, source or region",
	                    type);
}

/* Reports jansson's error for text that began at line, column. */
static int json_fail(struct load *ld, const json_error_t *je, long line, int column)
{
	tsdb_error e = {0};
	e.code = TSDB_EDATA;
	snprintf(e.text, sizeof e.text, "invalid JSON: %s", je->text);
	ld->where = NULL;
	ld->line = je->line > 1 ? line + je->line - 1 : line;
	e.column = je->line > 1 ? je->column : column + (je->column > 0 ? je->column - 1 : 0);
	return ts_load_report(ld, &e);
}

/* Reports a syntax error the scan found at the read position. */
static int scan_fail(struct load *ld, struct input *in, int r, const char *what)
{
	tsdb_error e = {0};
	if (r == -1 || r == -2) {
		e.sys = in->sys;
		ts_err(&e, TSDB_EIO, "%s: %s", in->spool_failed ? "cannot spool input" : "read error",
		       strerror(in->sys));
		*ld->first = e;
		ld->stop = 1;
		return TSDB_EIO;
	}
	e.code = TSDB_EDATA;
	if (r == TS_IN_LONG)
		snprintf(e.text, sizeof e.text, "a record longer than %zu MiB", TS_RECORD_MAX >> 20);
	else if (r == TS_IN_EOF) {
		snprintf(e.text, sizeof e.text, "invalid JSON: premature end of input");
		ts_in_skip(in, in->end - in->at); /* to the end, where it was found */
	}
	else
		snprintf(e.text, sizeof e.text, "invalid JSON: %s", what);
	ld->where = NULL;
	ld->line = in->line;
	e.column = ts_in_column(in);
	return ts_load_report(ld, &e);
}

/* ---- the common case, without jansson ---- */

/* Reads a flat fact record {"indicator": "...", ..., "value": 1.5} the way
 * jansson would, into f, its strings copied into buf (at least len + 1
 * bytes). Returns 1 if it did; 0 for anything else — an escape, a nested
 * object, a bad byte, a member that is not a fact's, any error — which
 * jansson and the general path then read, saying what is wrong. */
static int quick_fact(const char *p, size_t len, struct fact *f, char *buf)
{
	static const char *const names[] = {"indicator", "region", "period", "unit", "scale",
	                                     "qualifier", "status", "source", "vintage", "quote",
	                                     "note", "type", "value"};
	const char **slots[] = {&f->indicator, &f->region, &f->period, &f->unit, &f->scale,
	                        &f->qualifier, &f->status, &f->source, &f->vintage, &f->quote,
	                        &f->note, NULL, NULL};
	const char *end = p + len, *type = NULL;
	unsigned seen = 0;
	int have_value = 0;
	memset(f, 0, sizeof *f);
#define WS() while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++
	WS();
	if (p == end || *p++ != '{')
		return 0;
	WS();
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		/* a member name: plain ASCII */
		WS();
		if (p == end || *p++ != '"')
			return 0;
		const char *k = p;
		while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80)
			p++;
		if (p == end || *p != '"')
			return 0;
		size_t kn = (size_t)(p++ - k);
		int m = 0;
		while (m < 13 && !(strlen(names[m]) == kn && memcmp(names[m], k, kn) == 0))
			m++;
		if (m == 13 || (seen & 1u << m))
			return 0;
		seen |= 1u << m;
		WS();
		if (p == end || *p++ != ':')
			return 0;
		WS();
		if (p == end)
			return 0;
		if (*p == '"') {
			/* a string: valid UTF-8, no escapes, no control characters */
			const unsigned char *s = (const unsigned char *)++p;
			while ((const char *)s < end && *s != '"') {
				unsigned c = *s;
				if (c < 0x20 || c == '\\')
					return 0;
				if (c < 0x80) {
					s++;
					continue;
				}
				int n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
				if (n < 0 || (const char *)s + n >= end)
					return 0;
				for (int i = 1; i <= n; i++)
					if ((s[i] & 0xC0) != 0x80)
						return 0;
				if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
				    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
					return 0; /* overlong, a surrogate, beyond U+10FFFF */
				s += n + 1;
			}
			if ((const char *)s == end)
				return 0;
			size_t n = (size_t)((const char *)s - p);
			char *copy = buf;
			memcpy(copy, p, n);
			copy[n] = 0;
			buf += n + 1;
			p = (const char *)s + 1;
			if (m == 12)
				f->value_text = copy, have_value = 1;
			else if (m == 11)
				type = copy;
			else
				*slots[m] = copy;
		} else if (*p == 'n' && end - p >= 4 && memcmp(p, "null", 4) == 0) {
			if (m >= 11)
				return 0; /* null type or value: let the general path say */
			p += 4;
		} else if (m == 12 && (*p == '-' || (*p >= '0' && *p <= '9'))) {
			/* a number, by JSON's grammar */
			const char *q = p;
			if (*q == '-')
				q++;
			if (q == end || *q < '0' || *q > '9')
				return 0;
			if (*q == '0')
				q++;
			else
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			if (q < end && *q == '.') {
				if (++q == end || *q < '0' || *q > '9')
					return 0;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			}
			if (q < end && (*q == 'e' || *q == 'E')) {
				if (++q < end && (*q == '+' || *q == '-'))
					q++;
				if (q == end || *q < '0' || *q > '9')
					return 0;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			}
			size_t n = (size_t)(q - p);
			char num[64];
			if (n >= sizeof num)
				return 0;
			memcpy(num, p, n);
			num[n] = 0;
			errno = 0;
			f->value = strtod(num, NULL);
			if (errno == ERANGE)
				return 0;
			have_value = 1;
			p = q;
		} else
			return 0;
		WS();
		if (p == end)
			return 0;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			return 0;
		WS();
		break;
	}
#undef WS
	if (p != end || !have_value || (type && strcmp(type, "fact")))
		return 0;
	/* what get_word refuses */
	if ((f->unit && !*f->unit) || (f->qualifier && !*f->qualifier) || (f->status && !*f->status) ||
	    (f->vintage && !*f->vintage))
		return 0;
	return 1;
}

/* ---- JSON Lines ---- */

/* A buffer of at least n + 1 bytes for quick_fact's strings, owned by the
 * load; NULL when memory is short. */
static char *scratch(struct load *ld, size_t n)
{
	if (n + 1 > ld->scratch_cap) {
		char *b = realloc(ld->scratch, n + 1024);
		if (!b)
			return NULL;
		ld->scratch = b;
		ld->scratch_cap = n + 1024;
	}
	return ld->scratch;
}

static int load_lines(struct load *ld, struct input *in)
{
	const char *line;
	size_t n;
	int rc = 0, r;
	ld->where = NULL;
	while ((r = ts_in_line(in, &line, &n)) > 0) {
		json_error_t je;
		const char *p = line;
		ld->line = in->line - (n && line[n - 1] == '\n');
		if (ld->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3, n -= 3;
		size_t len = n;
		while (len && (p[len - 1] == '\n' || p[len - 1] == '\r' || p[len - 1] == ' ' ||
		               p[len - 1] == '\t'))
			len--;
		size_t skip = 0;
		while (skip < len && (p[skip] == ' ' || p[skip] == '\t'))
			skip++;
		if (skip >= len)
			continue; /* a blank line */
		ld->stats->records++;
		struct fact f;
		char *sb = scratch(ld, len);
		if (sb && quick_fact(p, len, &f, sb)) {
			rc = ts_put_fact(ld, &f);
			if (ts_load_stop(ld, rc))
				return rc;
			continue;
		}
		json_t *o = json_loadb(p, len, FLAGS, &je);
		if (!o) {
			long at = ld->line;
			je.line = 0;
			rc = json_fail(ld, &je, at, 1);
		} else {
			rc = do_record(ld, o);
			json_decref(o);
		}
		if (ts_load_stop(ld, rc))
			return rc;
	}
	if (r < 0) {
		ld->line = in->line;
		return scan_fail(ld, in, in->too_long ? TS_IN_LONG : -1, NULL);
	}
	return rc;
}

/* ---- arrays, streamed ---- */

static int each_record(struct load *ld, json_t *v, void *arg);

/* Parses the value at the read position into *out (owned by the caller),
 * consuming it; on failure reports it and returns the error. */
static int next_value(struct load *ld, struct input *in, json_t **out)
{
	json_error_t je;
	size_t len;
	long line = in->line;
	int col = ts_in_column(in);
	int r = ts_in_value(in, &len);
	*out = NULL;
	if (r)
		return scan_fail(ld, in, r, NULL);
	if (!len)
		return scan_fail(ld, in, 0, "expected a value");
	*out = json_loadb(in->buf + in->at, len, FLAGS | JSON_DECODE_ANY, &je);
	ts_in_skip(in, len);
	return *out ? 0 : json_fail(ld, &je, line, col);
}

/* Calls each(ld, element, arg) for every element of the array at the read
 * position; name is what errors call it ("" at the top, "facts" in a
 * document). A syntax error between elements ends the array. */
static int each_element(struct load *ld, struct input *in, const char *name,
                        int (*each)(struct load *, json_t *, void *), void *arg)
{
	size_t i = 0;
	int c = ts_in_ws(in), rc = 0;
	if (c != '[') {
		ld->where = NULL;
		ld->line = 0;
		return c < 0 ? scan_fail(ld, in, c == -1 ? TS_IN_EOF : -1, NULL)
		             : ts_load_fail(ld, *name ? name : NULL, TSDB_EDATA, "expected an array");
	}
	ts_in_skip(in, 1);
	if ((c = ts_in_ws(in)) == ']') {
		ts_in_skip(in, 1);
		return 0;
	}
	for (;;) {
		json_t *v;
		if (c < 0)
			return scan_fail(ld, in, c == -1 ? TS_IN_EOF : -1, NULL);
		ld->stats->records++;
		int r;
		size_t len;
		struct fact f;
		char *sb;
		if (each == each_record && ts_in_value(in, &len) == 0 && (sb = scratch(ld, len)) &&
		    quick_fact(in->buf + in->at, len, &f, sb)) {
			/* the common case of a top-level array: a flat fact */
			ts_in_skip(in, len);
			ld->where = name;
			ld->index = ++i;
			ld->line = 0;
			r = ts_put_fact(ld, &f);
			ld->where = NULL;
			ld->index = 0;
			if (r)
				rc = r;
			if (ts_load_stop(ld, r))
				return rc;
			goto next;
		}
		r = next_value(ld, in, &v);
		if (!r) {
			ld->where = name;
			ld->index = ++i;
			ld->line = 0;
			r = each(ld, v, arg);
			json_decref(v);
			ld->where = NULL;
			ld->index = 0;
		} else
			i++;
		if (r)
			rc = r;
		if (ts_load_stop(ld, r) || in->too_long)
			return rc;
	next:
		c = ts_in_ws(in);
		if (c == ',') {
			ts_in_skip(in, 1);
			c = ts_in_ws(in);
			continue;
		}
		if (c == ']') {
			ts_in_skip(in, 1);
			return rc;
		}
		return scan_fail(ld, in, c == -1 ? TS_IN_EOF : c == -2 ? -1 : 0,
		                 "expected ',' or ']' after an element");
	}
}

static int each_record(struct load *ld, json_t *v, void *arg)
{
	(void)arg;
	return do_record(ld, v);
}

/* Checks that nothing but white space follows the top-level value. */
static int at_end(struct load *ld, struct input *in)
{
	int c = ts_in_ws(in);
	if (c == -1)
		return 0;
	return scan_fail(ld, in, c == -2 ? -1 : 0, "end of file expected");
}

static int load_array(struct load *ld, struct input *in)
{
	int rc = each_element(ld, in, "", each_record, NULL);
	if (ts_load_stop(ld, rc))
		return rc;
	int r = at_end(ld, in);
	return rc ? rc : r;
}

/* ---- documents, in two passes ---- */

enum { M_INDICATORS, M_SOURCES, M_REGIONS, M_SOURCE, M_DEFAULTS, M_FACTS, NMEMBERS };
static const char *const members[NMEMBERS] = {"indicators", "sources", "regions", "source",
                                              "defaults", "facts"};

/* Where a member's value lies. */
struct extent {
	int seen;
	uint64_t pos, line_pos;
	long line;
};

/* The first pass: finds each member's value. */
static int scan_document(struct load *ld, struct input *in, struct extent *ext)
{
	int c = ts_in_ws(in), rc = 0;
	ts_in_skip(in, 1); /* '{' */
	if ((c = ts_in_ws(in)) == '}') {
		ts_in_skip(in, 1);
		return at_end(ld, in);
	}
	for (;;) {
		json_t *key;
		size_t len;
		if (c != '"')
			return scan_fail(ld, in, c == -1 ? TS_IN_EOF : c == -2 ? -1 : 0,
			                 "expected a member name in double quotes");
		int r = next_value(ld, in, &key);
		if (r)
			return r;
		const char *name = json_string_value(key);
		int m = 0;
		while (m < NMEMBERS && strcmp(members[m], name))
			m++;
		if (m == NMEMBERS) {
			ld->where = NULL;
			ld->line = 0;
			rc = ts_load_fail(ld, name, TSDB_EDATA, "unknown field");
		} else if (ext[m].seen) {
			ld->where = NULL;
			ld->line = in->line;
			rc = ts_load_fail(ld, NULL, TSDB_EDATA, "invalid JSON: duplicate object key");
		}
		json_decref(key);
		if ((c = ts_in_ws(in)) != ':')
			return scan_fail(ld, in, c == -1 ? TS_IN_EOF : c == -2 ? -1 : 0, "expected ':'");
		ts_in_skip(in, 1);
		if ((c = ts_in_ws(in)) < 0)
			return scan_fail(ld, in, c == -1 ? TS_IN_EOF : -1, NULL);
		if (m < NMEMBERS && !ext[m].seen)
			ext[m] = (struct extent){1, ts_in_pos(in), in->line_pos, in->line};
		if ((r = ts_in_value(in, &len)))
			return scan_fail(ld, in, r, NULL);
		if (!len)
			return scan_fail(ld, in, 0, "expected a value");
		ts_in_skip(in, len);
		c = ts_in_ws(in);
		if (c == ',') {
			ts_in_skip(in, 1);
			c = ts_in_ws(in);
			continue;
		}
		if (c == '}') {
			ts_in_skip(in, 1);
			r = at_end(ld, in);
			return rc ? rc : r;
		}
		return scan_fail(ld, in, c == -1 ? TS_IN_EOF : c == -2 ? -1 : 0,
		                 "expected ',' or '}' after a member");
	}
}

static int each_catalog(struct load *ld, json_t *el, void *arg)
{
	int m = *(const int *)arg;
	if (!json_is_object(el))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	return m == M_INDICATORS ? do_indicator(ld, el) : m == M_SOURCES ? do_source(ld, el, NULL)
	                                                                 : do_region(ld, el);
}

static int each_fact(struct load *ld, json_t *el, void *arg)
{
	json_t *defaults = arg;
	if (!json_is_object(el))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	/* defaults under the fact: its own members win */
	if (json_object_update_missing(el, defaults))
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	return do_fact(ld, el);
}

/* The value of a member read whole (the source, the defaults). */
static int member_value(struct load *ld, struct input *in, const struct extent *x, json_t **out)
{
	ts_in_seek(in, x->pos, x->line, x->line_pos);
	return next_value(ld, in, out);
}

static int load_document(struct load *ld, struct input *in)
{
	struct extent ext[NMEMBERS] = {{0}};
	json_t *src = NULL, *defaults = NULL;
	const char *sid = NULL;
	int rc = scan_document(ld, in, ext), r = 0;
	if (rc)
		return rc;
	if (ext[M_DEFAULTS].seen) {
		if ((rc = member_value(ld, in, &ext[M_DEFAULTS], &defaults)))
			return rc;
		if (!json_is_object(defaults)) {
			ld->line = 0;
			rc = ts_load_fail(ld, "defaults", TSDB_EDATA, "expected an object");
			goto out;
		}
	} else if (!(defaults = json_object())) {
		rc = ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
		goto out;
	}
	for (int m = M_INDICATORS; m <= M_REGIONS; m++) {
		if (!ext[m].seen)
			continue;
		ts_in_seek(in, ext[m].pos, ext[m].line, ext[m].line_pos);
		if ((r = each_element(ld, in, members[m], each_catalog, &m)))
			rc = r;
		if (ts_load_stop(ld, rc))
			goto out;
	}
	if (ext[M_SOURCE].seen) {
		if ((r = member_value(ld, in, &ext[M_SOURCE], &src))) {
			rc = r;
			goto out;
		}
		ld->where = "source";
		ld->index = 0;
		ld->line = 0;
		r = json_is_object(src) ? do_source(ld, src, &sid)
		                        : ts_load_fail(ld, NULL, TSDB_EDATA, "expected an object");
		ld->where = NULL;
		if (r) {
			rc = r;
			goto out;
		}
		if (!json_object_get(defaults, "source"))
			json_object_set(defaults, "source", json_object_get(src, "id"));
	}
	if (ext[M_FACTS].seen) {
		ts_in_seek(in, ext[M_FACTS].pos, ext[M_FACTS].line, ext[M_FACTS].line_pos);
		if ((r = each_element(ld, in, "facts", each_fact, defaults)))
			rc = r;
	}
out:
	json_decref(src);
	json_decref(defaults);
	return rc;
}

/* ---- telling them apart ---- */

/* Is the first line of the object at the read position a JSON Lines record
 * (a complete object with "type" or "indicator", or without any member of a
 * document) rather than the start of a document? */
static int first_line_is_record(struct input *in)
{
	const char *p;
	size_t n = 4096, avail;
	for (;;) {
		if (ts_in_peek(in, n, &p, &avail))
			return 1; /* too long for a document's first line: read as lines */
		const char *nl = memchr(p, '\n', avail);
		if (nl || avail < n) {
			json_error_t je;
			json_t *first = json_loadb(p, nl ? (size_t)(nl - p) : avail, FLAGS, &je);
			int rec = first && (json_object_get(first, "type") || json_object_get(first, "indicator") ||
			                    !(json_object_get(first, "facts") || json_object_get(first, "indicators") ||
			                      json_object_get(first, "sources") || json_object_get(first, "regions")));
			json_decref(first);
			return rec;
		}
		n *= 2;
	}
}

int ts_load_json(struct load *ld, struct input *in, int format)
{
	const char *p;
	size_t avail;
	if (ts_in_peek(in, 3, &p, &avail))
		return scan_fail(ld, in, -1, NULL);
	if (avail >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 && format != TSDB_FORMAT_JSONL)
		ts_in_skip(in, 3); /* jansson does not take a byte-order mark */
	int c = ts_in_ws(in);
	if (c == -2)
		return scan_fail(ld, in, -1, NULL);
	if (format == TSDB_FORMAT_JSONL)
		return load_lines(ld, in);
	if (c == '[')
		return load_array(ld, in);
	if (c == '{') {
		int record = first_line_is_record(in);
		if (!record)
			return load_document(ld, in);
		if (format == TSDB_FORMAT_JSON) {
			ld->line = in->line;
			return ts_load_fail(ld, NULL, TSDB_EDATA,
			                    "a record of JSON Lines, not an array or a document: say --format "
			                    "jsonl (or leave the format to be detected)");
		}
	}
	if (format == TSDB_FORMAT_JSON) {
		if (c == -1)
			return 0;
		return scan_fail(ld, in, 0, "expected an array of records or a document");
	}
	return load_lines(ld, in);
}
