/* json.c — the JSON reader's streaming: JSON Lines, an array of records,
 * or a document {"source", "defaults", "indicators", "sources", "regions",
 * "facts"}. Nothing is read whole: a line, an array element, a
 * member of a document is found by a scan of brackets and strings (input.c)
 * and handed to jansson alone, so memory stays bounded by the longest
 * record. A document is read in two passes, a scan that finds where its
 * members lie, then the members in the order they apply: catalogs, the
 * document's source and defaults, then the facts one by one.
 * Records are mapped in json_record.c; flat facts skip jansson
 * (json_fast.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Did jansson fail for want of memory? Where an allocation inside its
 * parser fails it returns NULL with no message at all, not always with
 * json_error_out_of_memory: every syntax error has a message. The code is
 * read only after a message: without one it was never written. */
static int out_of_memory(const json_error_t *je)
{
	return !je->text[0] || json_error_code(je) == json_error_out_of_memory;
}

/* Memory ran out: not the record's fault, so the load stops. */
static int no_memory(struct load *ld)
{
	tsdb_error e = {0};
	*ld->first = e;
	ld->stop = 1;
	return ts_err(ld->first, TSDB_ENOMEM, "out of memory");
}

/* Reports jansson's error for text that began at line, column. */
static int json_fail(struct load *ld, const json_error_t *je, long line, int column)
{
	tsdb_error e = {0};
	if (out_of_memory(je))
		return no_memory(ld);
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
		int rc = ts_in_error(in, &e);
		*ld->first = e;
		ld->stop = 1;
		return rc;
	}
	e.code = TSDB_EDATA;
	if (r == TS_IN_LONG)
		snprintf(e.text, sizeof e.text, "a record longer than %zu MiB",
		         TS_RECORD_MAX >> 20);
	else if (r == TS_IN_EOF) {
		snprintf(e.text, sizeof e.text, "invalid JSON: premature end of input");
		ts_in_skip(in, in->end - in->at); /* to the end, where it was found */
	} else
		snprintf(e.text, sizeof e.text, "invalid JSON: %s", what);
	ld->where = NULL;
	ld->line = in->line;
	e.column = ts_in_column(in);
	return ts_load_report(ld, &e);
}

/* scan_fail for the byte c ts_in_ws found where what was expected: the end of
 * the input, a read error (-2), or another byte. */
static int unexpected(struct load *ld, struct input *in, int c, const char *what)
{
	return scan_fail(ld, in, c == -1 ? TS_IN_EOF : c == -2 ? -1 : 0, what);
}

/* After an element or a member: a ',' (*more set: another follows) or close,
 * which ends the container; both consumed. Anything else is an error. */
static int item_end(struct load *ld, struct input *in, int close, const char *what, int *more)
{
	int c = ts_in_ws(in);
	*more = c == ',';
	if (c != ',' && c != close)
		return unexpected(ld, in, c, what);
	ts_in_skip(in, 1);
	return 0;
}

/* ---- JSON Lines ---- */

/* A buffer of at least n + 1 bytes for the fast path's strings, owned by the
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
		if (sb && ts_json_fast_fact(p, len, &f, sb)) {
			rc = ts_put_fact(ld, &f);
			if (ts_load_stop(ld, rc))
				return rc;
			continue;
		}
		json_t *o = json_loadb(p, len, TS_JSON_FLAGS, &je);
		if (!o) {
			long at = ld->line;
			je.line = 0;
			rc = json_fail(ld, &je, at, 1);
		} else {
			rc = ts_json_record(ld, o);
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
	*out = json_loadb(in->buf + in->at, len, TS_JSON_FLAGS | JSON_DECODE_ANY, &je);
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
	int c = ts_in_ws(in), rc = 0, more;
	if (c != '[') {
		ld->where = NULL;
		ld->line = 0;
		return c < 0
		           ? scan_fail(ld, in, c == -1 ? TS_IN_EOF : -1, NULL)
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
		    ts_json_fast_fact(in->buf + in->at, len, &f, sb)) {
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
		if ((r = item_end(ld, in, ']', "expected ',' or ']' after an element", &more)) ||
		    !more)
			return r ? r : rc;
		c = ts_in_ws(in);
	}
}

static int each_record(struct load *ld, json_t *v, void *arg)
{
	(void)arg;
	return ts_json_record(ld, v);
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
static const char *const members[NMEMBERS] = {"indicators", "sources",  "regions",
                                              "source",     "defaults", "facts"};

/* Where a member's value lies. */
struct extent {
	int seen;
	uint64_t pos, line_pos;
	long line;
};

/* The first pass: finds each member's value. */
static int scan_document(struct load *ld, struct input *in, struct extent *ext)
{
	int c = ts_in_ws(in), rc = 0, more;
	ts_in_skip(in, 1); /* '{' */
	if ((c = ts_in_ws(in)) == '}') {
		ts_in_skip(in, 1);
		return at_end(ld, in);
	}
	for (;;) {
		json_t *key;
		size_t len;
		if (c != '"')
			return unexpected(ld, in, c, "expected a member name in double quotes");
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
			rc = ts_load_fail(ld, NULL, TSDB_EDATA,
			                  "invalid JSON: duplicate object key");
		}
		json_decref(key);
		if ((c = ts_in_ws(in)) != ':')
			return unexpected(ld, in, c, "expected ':'");
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
		if ((r = item_end(ld, in, '}', "expected ',' or '}' after a member", &more)))
			return r;
		if (!more) {
			r = at_end(ld, in);
			return rc ? rc : r;
		}
		c = ts_in_ws(in);
	}
}

static int each_catalog(struct load *ld, json_t *el, void *arg)
{
	int m = *(const int *)arg;
	if (!json_is_object(el))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	return m == M_INDICATORS ? ts_json_indicator(ld, el)
	       : m == M_SOURCES  ? ts_json_source(ld, el, NULL)
	                         : ts_json_region(ld, el);
}

static int each_fact(struct load *ld, json_t *el, void *arg)
{
	json_t *defaults = arg;
	if (!json_is_object(el))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "expected a JSON object");
	/* defaults under the fact: its own members win */
	if (json_object_update_missing(el, defaults))
		return ts_load_fail(ld, NULL, TSDB_ENOMEM, "out of memory");
	return ts_json_put_fact(ld, el);
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
		r = json_is_object(src) ? ts_json_source(ld, src, &sid)
		                        : ts_load_fail(ld, NULL, TSDB_EDATA, "expected an object");
		ld->where = NULL;
		if (r) {
			rc = r;
			goto out;
		}
		if (!json_object_get(defaults, "source") &&
		    json_object_set(defaults, "source", json_object_get(src, "id"))) {
			rc = no_memory(ld);
			goto out;
		}
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
 * document) rather than the start of a document? -1: memory ran out. */
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
			json_t *first =
			    json_loadb(p, nl ? (size_t)(nl - p) : avail, TS_JSON_FLAGS, &je);
			if (!first && out_of_memory(&je))
				return -1;
			int rec = first && (json_object_get(first, "type") ||
			                    json_object_get(first, "indicator") ||
			                    !(json_object_get(first, "facts") ||
			                      json_object_get(first, "indicators") ||
			                      json_object_get(first, "sources") ||
			                      json_object_get(first, "regions")));
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
		if (record < 0)
			return no_memory(ld);
		if (!record)
			return load_document(ld, in);
		if (format == TSDB_FORMAT_JSON) {
			ld->line = in->line;
			return ts_load_fail(
			    ld, NULL, TSDB_EDATA,
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
