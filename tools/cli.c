/* cli.c — helpers shared by the tsq commands. */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli.h"

int cli_exit_code(int code)
{
	switch (code) {
	case TSDB_OK: return EXIT_OK;
	case TSDB_EINVAL:
	case TSDB_EDATA:
	case TSDB_EUNKNOWN:
	case TSDB_EAMBIGUOUS:
	case TSDB_ECONFLICT: return EXIT_DATA;
	}
	return EXIT_STORE;
}

int cli_fail(const tsdb_error *err)
{
	char buf[1024];
	fprintf(stderr, "tsq: %s\n", tsdb_error_format(err, buf, sizeof buf));
	return cli_exit_code(err->code);
}

enum { DIR_MISSING, DIR_EMPTY, DIR_DB, DIR_OTHER };

/* What is at a database path: nothing, an empty directory, a database, or
 * a directory of something else (the user's files: never written into). */
static int db_dir(const char *path)
{
	char data[4096];
	struct stat st;
	DIR *d;
	struct dirent *e;
	int empty = 1;
	snprintf(data, sizeof data, "%s/data.mdb", path);
	if (stat(data, &st) == 0)
		return DIR_DB;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !(d = opendir(path)))
		return DIR_MISSING; /* the library says what is wrong with it */
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty ? DIR_EMPTY : DIR_OTHER;
}

int cli_open(const struct cli *g, int write, tsdb **db)
{
	tsdb_error err = {0};
	tsdb_options o = {0, g->busy_ms};
	unsigned flags = write ? TSDB_CREATE : TSDB_RDONLY;
	*db = NULL; /* callers close it whatever happens (cmd_init did so uninitialised) */
	if (g->read_only && write) {
		/* refused as the library refuses a write it cannot make: exit 3 */
		fprintf(stderr, "tsq: cannot write to %s: it is opened --read-only\n", g->db_path);
		return cli_exit_code(TSDB_EREADONLY);
	}
	switch (db_dir(g->db_path)) {
	case DIR_OTHER:
		if (write) {
			fprintf(stderr, "tsq: %s holds other files and no tsdb database; give --db a new or "
			                "empty directory, or one tsq init made\n", g->db_path);
			return EXIT_USAGE;
		}
		/* fall through */
	case DIR_EMPTY:
		if (!write) {
			fprintf(stderr, "tsq: no tsdb database at %s; create one with tsq init\n", g->db_path);
			return EXIT_STORE;
		}
		break;
	default: break;
	}
	if (tsdb_open_ex(g->db_path, flags, &o, db, &err))
		return cli_fail(&err);
	/* opening for writing cleared the reader slots of dead processes */
	int stale = 0;
	if (write && tsdb_readers_check(*db, &stale, NULL) == 0 && stale && !g->quiet)
		fprintf(stderr, "tsq: cleared %d stale reader%s (left by processes that died while reading)\n",
		        stale, stale == 1 ? "" : "s");
	return 0;
}

char *cli_number(double v, int qualifier, char *buf, size_t size)
{
	char raw[TSDB_VALUE_MAX];
	tsdb_value_format(v, raw);
	return out_group(raw, -1, qualifier == TSDB_Q_EQ ? "" : tsdb_qualifier_name(qualifier), buf, size);
}

char *cli_rounded(double v, int qualifier, char *buf, size_t size)
{
	int decimals = 2;
	if (v != 0 && fabs(v) < 1)
		decimals = 2 - (int)floor(log10(fabs(v)));
	if (decimals > 15)
		decimals = 15;
	double unit = pow(10, decimals);
	cli_number(round(v * unit) / unit, qualifier, buf, size);
	/* show every decimal, so that a column reads alike: 1,584.00 */
	char *dot = strchr(buf, '.');
	size_t len = strlen(buf), have = dot ? strlen(dot + 1) : 0;
	if (len + (dot ? 0 : 1) + (size_t)decimals - have + 1 <= size) {
		if (!dot)
			buf[len++] = '.';
		for (; have < (size_t)decimals; have++)
			buf[len++] = '0';
		buf[len] = 0;
	}
	return buf;
}

int cli_width(const char *s)
{
	int w = 0;
	utf8proc_int32_t c;
	while (*s) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		if (k <= 0) {
			s++;
			w++;
			continue;
		}
		w += utf8proc_charwidth(c);
		s += k;
	}
	return w;
}

int cli_color(FILE *out)
{
	const char *no = getenv("NO_COLOR");
	return isatty(fileno(out)) && !(no && *no);
}

int cli_range(const char *from, const char *to, const char *as_of, tsdb_query *q)
{
	tsdb_error err = {0};
	if (from && tsdb_period_parse(from, (size_t)-1, &q->from, &err)) {
		snprintf(err.field, sizeof err.field, "--from");
		return cli_fail(&err);
	}
	if (to && tsdb_period_parse(to, (size_t)-1, &q->to, &err)) {
		snprintf(err.field, sizeof err.field, "--to");
		return cli_fail(&err);
	}
	if (as_of && tsdb_date_parse(as_of, (size_t)-1, &q->as_of, &err)) {
		snprintf(err.field, sizeof err.field, "--as-of");
		return cli_fail(&err);
	}
	if (from && to && q->to.end < q->from.start) {
		fprintf(stderr, "tsq: --to %s is before --from %s\n", to, from);
		return EXIT_USAGE;
	}
	return 0;
}

static int has_regions(tsdb *db, int *yes, tsdb_error *err)
{
	tsdb_txn *t;
	tsdb_stats st;
	int rc = tsdb_txn_begin(db, 0, &t, err);
	if (rc)
		return rc;
	rc = tsdb_stats_get(t, &st, err);
	tsdb_txn_abort(t);
	*yes = st.regions > 0;
	return rc;
}

static int builtin(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	return tsdb_regions_builtin(t, err);
}

int cli_ensure_catalog(tsdb *db)
{
	tsdb_error err = {0};
	int yes = 0;
	if (has_regions(db, &yes, &err) || (!yes && tsdb_update(db, builtin, NULL, &err)))
		return cli_fail(&err);
	return 0;
}


/* The levels the database holds, gathered once. */
struct levels {
	char name[16][32];
	int n;
};

static int one_level(const tsdb_region *r, void *arg)
{
	struct levels *l = arg;
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->name[i], r->level) == 0)
			return 0;
	if (l->n < 16)
		snprintf(l->name[l->n++], sizeof l->name[0], "%s", r->level);
	return 0;
}

int cli_level(const struct ctx *c, const char **level)
{
	static const char *const zh[][2] = {{"国家", "country"},   {"省", "province"},  {"省级", "province"},
	                                    {"地级", "prefecture"}, {"地级市", "prefecture"}, {"市", "prefecture"},
	                                    {"县级", "county"},    {"县", "county"},    {"组", "group"}};
	struct levels l = {0};
	const char *names[20];
	char list[600] = "";
	if (!*level || !**level)
		return 0;
	for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
		if (strcmp(*level, zh[i][0]) == 0)
			*level = zh[i][1];
	/* the built-in catalog's levels are always there: no walk of its 9,300
	 * regions (two thirds of a rank's time) to find one */
	for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
		if (strcmp(*level, zh[i][1]) == 0)
			return 0;
	tsdb_region_each(c->t, one_level, &l, NULL);
	for (int i = 0; i < l.n; i++)
		if (strcmp(l.name[i], *level) == 0)
			return 0;
	for (int i = 0; i < l.n; i++) {
		names[i] = l.name[i];
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", l.name[i]);
	}
	names[l.n] = NULL;
	const char *near = opt_nearest(*level, names);
	return usage_error(c->cmd, "--level %s: no such level%s%s%s; the levels are %s (or 省, 地级, 县级)", *level,
	                   near ? " (did you mean " : "", near ? near : "", near ? "?)" : "", list);
}

int cli_series(struct ctx *c, tsdb_query *q, const char *suffix, struct series_out *s)
{
	tsdb_error err = {0};
	char unit[128];
	int rc;
	memset(s, 0, sizeof *s);
	s->t = c->t;
	if (tsdb_indicator_get(s->t, c->pos[0], &s->ind, &err) ||
	    tsdb_region_resolve(s->t, c->pos[1], &s->reg, &err))
		return cli_fail(&err);
	if ((rc = out_open(&s->o, c, "table")))
		return rc;
	s->opened = 1;
	if ((rc = out_scale_check(&s->o, c, s->ind.unit)))
		return rc;
	q->indicator = s->ind.id;
	q->region = s->reg.code;
	if (tsdb_cursor_open(s->t, q, &s->cur, &err))
		return cli_fail(&err);
	/* a workbook: the table on a sheet named after the indicator, the
	 * sources of its source column on a Sources sheet */
	s->o.txn = s->t;
	s->o.sheet = s->ind.id;
	/* a division that no longer exists is named with its years: 莱芜市 (371200, 1992-2018) */
	char years[32] = "";
	if (s->reg.since || s->reg.until)
		snprintf(years, sizeof years, ", %d-%d", s->reg.since, s->reg.until);
	if (out_for_people(&s->o))
		fprintf(s->o.f, "%s (%s), %s (%s%s)%s\n", s->ind.id,
		        *s->ind.unit ? out_unit(&s->o, s->ind.unit, unit, sizeof unit) : "-",
		        s->o.zh ? (*s->reg.name_zh ? s->reg.name_zh : s->reg.name)
		                : (*s->reg.name ? s->reg.name : s->reg.name_zh),
		        s->reg.code, years, suffix ? suffix : "");
	return 0;
}

int cli_series_end(struct series_out *s, int rc, const tsdb_error *err, const char *empty)
{
	if (!err)
		; /* rc is an exit status already */
	else if (rc == TSDB_NOTFOUND) {
		rc = out_finish(&s->o, empty);
		s->opened = 0;
	} else
		rc = cli_fail(err);
	if (s->opened)
		out_abandon(&s->o);
	tsdb_cursor_close(s->cur);
	return rc;
}
