/* region_history.c — China's divisions through time in the catalog: earlier names and codes
 * of the regions in use, the units that no longer exist, and the lineage between them. */
#include <stdio.h>
#include <stdlib.h>

#include "region.h"

/* The region a six-digit code or a unit code names in the catalog being built: a region of
 * that primary code (320400, 371200, 132201:1981), else the one the code index gives for it
 * (a province: 320000 is CN-JS). */
static int by_code(tsdb_txn *t, const char *code, tsdb_region *out)
{
	char key[80];
	MDB_cursor *cur;
	if (tsdb_region_get(t, code, out, NULL) == 0)
		return 0;
	size_t k = ts_code_key(code, strlen(code), key, sizeof key);
	if (!k || mdb_cursor_open(t->txn, t->db->aliases, &cur))
		return TSDB_EUNKNOWN;
	MDB_val kv = {k, key}, v;
	int rc = mdb_cursor_get(cur, &kv, &v, MDB_SET_KEY), found = TSDB_EUNKNOWN;
	/* the code as a code of today (no years), not an earlier code of another region */
	for (; rc == 0 && found; rc = mdb_cursor_get(cur, &kv, &v, MDB_NEXT_DUP))
		if (!((const unsigned char *)v.mv_data)[5] && !((const unsigned char *)v.mv_data)[6])
			found = ts_region_by_key(t, ts_get32((const unsigned char *)v.mv_data + 1), out, NULL);
	mdb_cursor_close(cur);
	return found ? TSDB_EUNKNOWN : 0;
}

/* The type of a unit by its name's suffix, as for today's units. */
static const char *type_of(const char *name)
{
	static const char *const types[][2] = {
	    {"自治州", "autonomous prefecture"}, {"地区", "prefecture"}, {"市", "city"},
	    {"区", "district"}, {"县", "county"}, {"盟", "league"}, {"旗", "banner"}};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		size_t k = strlen(types[i][0]);
		if (n > k && memcmp(name + n - k, types[i][0], k) == 0)
			return types[i][1];
	}
	return "";
}

/* Rewrites the '|'-list of six-digit or unit codes in `codes` as primary codes of the
 * catalog into buf. */
static int map_codes(tsdb_txn *t, const char *codes, char *buf, size_t size, const char *unit,
                     tsdb_error *err)
{
	size_t used = 0;
	buf[0] = 0;
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, "|");
		char code[32];
		tsdb_region r;
		snprintf(code, sizeof code, "%.*s", (int)(n < 31 ? n : 31), p);
		if (by_code(t, code, &r))
			return ts_err(err, TSDB_ECORRUPT, "built-in history: %s names %s, not in the catalog",
			              unit, code);
		int k = snprintf(buf + used, size - used, "%s%s", used ? "|" : "", r.code);
		if (k < 0 || (size_t)k >= size - used)
			return ts_err(err, TSDB_ECORRUPT, "built-in history: %s has too many successors", unit);
		used += (size_t)k;
		p += n + (p[n] == '|');
	}
	return 0;
}

/* One line: code level parent from to name aliases successors (gen/mkhistory.c). The first
 * pass declares the units, the second their successors, which may come later in the table. */
static int apply(tsdb_txn *t, char **f, int pass, tsdb_error *err)
{
	tsdb_region r, now = {0};
	char parent[80] = "", succ[1024] = "";
	if (pass == 2) {
		if (!*f[7])
			return 0;
		int rc = map_codes(t, f[7], succ, sizeof succ, f[0], err);
		now.code = f[0];
		now.successors = succ;
		return rc ? rc : ts_region_put(t, &now, 1, err);
	}
	int by_name = 0;
	if (!*f[4] && by_code(t, f[0], &r)) {
		/* Taiwan, Hong Kong and Macao are in the catalog by their ISO codes: the six-digit
		 * code becomes theirs */
		by_name = !strcmp(f[1], "province") && tsdb_region_resolve(t, f[5], &r, NULL) == 0 &&
		          !strcmp(r.level, "province");
		if (!by_name)
			goto past;
	}
	if (!*f[4]) {
		/* a region in use: its earlier names and codes, with their years */
		char list[4096];
		snprintf(list, sizeof list, "%s%s%s", by_name ? f[0] : "", by_name && *f[6] ? "|" : "",
		         f[6]);
		if (!*list)
			return 0;
		/* its name and code as the catalog indexed them, always: they are dated now */
		char code[80], name[256];
		snprintf(code, sizeof code, "%s", r.code);
		snprintf(name, sizeof name, "%s", r.name_zh);
		tsdb_region plain = {ts_alias_dated(list, code) ? code : "", "", "", "", "",
		                     ts_alias_dated(list, name) ? name : "", "", r.key, 0, 0, ""};
		int rc = ts_region_unindex(t, &plain, r.key, err);
		now.code = code;
		now.aliases = list;
		return rc ? rc : ts_region_put(t, &now, 1, err);
	}
past:
	if (*f[2]) {
		if (by_code(t, f[2], &r))
			return ts_err(err, TSDB_ECORRUPT, "built-in history: %s has parent %s, not in the catalog",
			              f[0], f[2]);
		snprintf(parent, sizeof parent, "%s", r.code);
	}
	now.code = f[0];
	now.parent = parent;
	now.level = f[1];
	now.type = type_of(f[5]);
	now.name = "";
	now.name_zh = f[5];
	now.aliases = f[6];
	now.since = *f[4] ? atoi(f[3]) : 0; /* a unit in use since 2024 has no bound */
	now.until = atoi(f[4]);
	return ts_region_put(t, &now, 1, err);
}

struct pass {
	tsdb_txn *t;
	int pass;
	tsdb_error *err;
};

static int apply_line(char **f, void *arg)
{
	struct pass *p = arg;
	return apply(p->t, f, p->pass, p->err);
}

static int history_pass(tsdb_txn *t, int pass, tsdb_error *err)
{
	struct pass p = {t, pass, err};
	return ts_table_lines(ts_history_tsv, ts_history_tsv_len, "built-in history", apply_line, &p,
	                      err);
}

int ts_regions_history(tsdb_txn *t, tsdb_error *err)
{
	int rc = history_pass(t, 1, err);
	return rc ? rc : history_pass(t, 2, err);
}

/* ---- lineage ---- */

int tsdb_region_predecessors(tsdb_txn *t, const char *code, int (*fn)(const tsdb_region *, void *),
                             void *arg, tsdb_error *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	tsdb_region r;
	int rc = tsdb_region_get(t, code, &r, err);
	if (rc)
		return rc;
	size_t n = strlen(r.code);
	if ((rc = mdb_cursor_open(t->txn, t->db->regions, &cur)))
		return ts_mdb_err(err, rc, "cursor");
	while (!rc && (rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) == 0) {
		tsdb_region h;
		if ((rc = ts_region_by_key(t, ts_get32(k.mv_data), &h, err)))
			break;
		for (const char *s = h.successors; *s;) {
			size_t m = strcspn(s, "|");
			if (m == n && memcmp(s, r.code, n) == 0) {
				rc = fn(&h, arg);
				break;
			}
			s += m + (s[m] == '|');
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}
