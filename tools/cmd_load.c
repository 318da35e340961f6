/* cmd_load.c — tsq load: load files of facts and catalog entries in one
 * transaction, reporting every bad record, with a progress bar on a
 * terminal. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"

static void on_error(const tsdb_error *e, void *arg);

/* The progress bar: drawn on standard error when it is a terminal, once
 * the load has taken a second, at most ten times a second. TSQ_PROGRESS=1
 * draws it whatever standard error is, from the start and at every call
 * (for tests); TSQ_PROGRESS=0 never. */
struct bar {
	int on, always;
	double start, last;
	int drawn;  /* a line is on the screen */
	int width;  /* of the terminal */
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Formats a byte count for people: 812 B, 12.3 MB, 1.07 GB. */
static void human(uint64_t n, char *buf, size_t size)
{
	if (n < 1000)
		snprintf(buf, size, "%llu B", (unsigned long long)n);
	else if (n < 1000000)
		snprintf(buf, size, "%.1f kB", (double)n / 1e3);
	else if (n < 1000000000)
		snprintf(buf, size, "%.1f MB", (double)n / 1e6);
	else
		snprintf(buf, size, "%.2f GB", (double)n / 1e9);
}

/* A rate for people: 812, 45.3k, 1.87M. */
static void compact(double v, char *buf, size_t size)
{
	if (v < 10000)
		snprintf(buf, size, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, size, "%.1fk", v / 1e3);
	else
		snprintf(buf, size, "%.2fM", v / 1e6);
}

/* Writes the bar's text for p after elapsed seconds into buf (at most
 * width columns):
 *   [######----------]  38%  115.2/309.6 MB  1,512,010 records  1.87M/s  2 s left
 *   41.3 MB read  540,112 records  1.80M/s          (a pipe: no size)
 *   committing 4,080,000 records read in 2.1 s… */
static void bar_text(const tsdb_load_progress *p, double elapsed, int width, char *buf, size_t size)
{
	char done[16], total[16], recs[32], rate[16], bar[41];
	size_t n = 0;
	double secs = elapsed > 0.001 ? elapsed : 0.001;
	cli_number((double)p->records, TSDB_Q_EQ, recs, sizeof recs);
	compact((double)p->records / secs, rate, sizeof rate);
	human(p->bytes, done, sizeof done);
	if (p->committing)
		n = (size_t)snprintf(buf, size, "committing %s records read in %.1f s…", recs, elapsed);
	else if (p->total) {
		double f = p->bytes >= p->total ? 1 : (double)p->bytes / (double)p->total;
		int cells = width >= 100 ? 30 : 16, full = (int)(f * cells);
		memset(bar, '#', (size_t)full);
		memset(bar + full, '-', (size_t)(cells - full));
		bar[cells] = 0;
		human(p->total, total, sizeof total);
		/* both in the unit of the total: 115.2/309.6 MB */
		const char *unit = strchr(total, ' ');
		double scale = (double)p->total / atof(total);
		if (unit && scale > 0)
			snprintf(done, sizeof done, "%.1f", (double)p->bytes / scale);
		double left = f > 0.01 ? elapsed * (1 - f) / f : -1;
		n = (size_t)snprintf(buf, size, "[%s] %3.0f%%  %s/%s  %s records  %s/s", bar, f * 100,
		                     done, total, recs, rate);
		if (left >= 0 && n < size)
			n += (size_t)snprintf(buf + n, size - n, "  %.0f s left", left);
	} else
		n = (size_t)snprintf(buf, size, "%s read  %s records  %s/s", done, recs, rate);
	if (p->attempt > 1 && n < size)
		snprintf(buf + n, size - n, "  (again, in a larger map)");
	/* cut to the terminal's width (the text is ASCII but for the ellipsis) */
	if (width > 1 && cli_width(buf) > width - 1) {
		size_t k = 0;
		int w = 0;
		while (buf[k] && w < width - 1) {
			k++;
			while ((buf[k] & 0xC0) == 0x80)
				k++;
			w++;
		}
		buf[k] = 0;
	}
}

/* The commit has begun: an interrupt now would make "nothing loaded" a lie,
 * so it waits (the commit takes moments). */
static void hold_interrupts(int hold)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static void bar_draw(const tsdb_load_progress *p, void *arg)
{
	struct bar *b = arg;
	char line[512];
	double t = now();
	if (p->committing)
		hold_interrupts(1);
	if (!b->on)
		return;
	if (!b->always && (t - b->start < 1.0 || (t - b->last < 0.1 && !p->committing)))
		return;
	b->last = t;
	bar_text(p, t - b->start, b->width, line, sizeof line);
	fprintf(stderr, b->always ? "%s\n" : "\r%s\033[K", line);
	fflush(stderr);
	b->drawn = 1;
}

/* Removes the bar from the screen, before other output. */
static void bar_clear(struct bar *b)
{
	if (b->drawn && !b->always)
		fputs("\r\033[K", stderr);
	b->drawn = 0;
}

static void on_error(const tsdb_error *e, void *arg)
{
	bar_clear(arg);
	cli_fail(e);
}

/* Parses --map region=COL,period=COL,... into m. */
static int parse_map(const struct command *cmd, char *spec, tsdb_csv_map *m)
{
	for (char *item = strtok(spec, ","); item; item = strtok(NULL, ",")) {
		char *eq = strchr(item, '=');
		const char **slot = NULL;
		if (!eq || eq == item || !eq[1])
			return usage_error(cmd, "--map takes ROLE=COLUMN pairs, not \"%s\"", item);
		*eq = 0;
		static const char *const roles[] = {"region", "period", "value", "indicator", "unit",
		                                    "qualifier", "status", "source", "vintage", "note",
		                                    "province", "city", "county"};
		const char **slots[] = {&m->region, &m->period, &m->value, &m->indicator, &m->unit,
		                        &m->qualifier, &m->status, &m->source, &m->vintage, &m->note,
		                        &m->province, &m->city, &m->county};
		for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
			if (strcmp(item, roles[i]) == 0)
				slot = slots[i];
		if (!slot)
			return usage_error(cmd, "--map: unknown role \"%s\" (region, period, value, indicator, "
			                 "unit, qualifier, status, source, vintage, note, province, city, "
			                 "county)", item);
		*slot = eq + 1;
	}
	return 0;
}

/* Does name end in ext, ignoring case? */
static int ends(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* Reads the load's options into o and map (spec holds the --map text they
 * point into, the caller's to free); returns 0 or a usage error's status. */
static int load_setup(struct ctx *c, tsdb_load_options *o, tsdb_csv_map *map, char **spec)
{
	const struct command *cmd = c->cmd;
	const char *v;
	int csv = 0;
	o->dry_run = flag(c, "--dry-run");
	o->verify = flag(c, "--verify");
	if (arg(c, "--vintage"))
		tsdb_date_parse(arg(c, "--vintage"), (size_t)-1, &o->vintage, NULL); /* checked as V_DATE */
	if (arg(c, "--received"))
		tsdb_date_parse(arg(c, "--received"), (size_t)-1, &o->today, NULL);
	o->new_regions = flag(c, "--new-regions");
	o->max_errors = (int)arg_long(c, "--max-errors", 0);
	if (flag(c, "--csv"))
		o->format = TSDB_FORMAT_CSV;
	if (flag(c, "--wide"))
		map->wide = csv = 1;
	if ((v = arg(c, "--map"))) {
		int rc;
		if (!(*spec = strdup(v)))
			return EXIT_STORE;
		if ((rc = parse_map(cmd, *spec, map)))
			return rc;
		csv = 1;
	}
	if ((v = arg(c, "--format"))) {
		static const char *const names[] = {"jsonl", "json", "csv", "tsv"};
		static const int formats[] = {TSDB_FORMAT_JSONL, TSDB_FORMAT_JSON, TSDB_FORMAT_CSV,
		                              TSDB_FORMAT_TSV};
		for (size_t k = 0; k < 4; k++)
			if (strcmp(v, names[k]) == 0)
				o->format = formats[k];
	}
	map->fixed_indicator = arg(c, "--indicator");
	map->fixed_unit = arg(c, "--unit");
	map->fixed_source = arg(c, "--source");
	map->scale = arg(c, "--scale");
	map->fixed_period = arg(c, "--period");
	map->na = arg(c, "--na");
	map->header_row = (int)arg_long(c, "--header-row", 0);
	map->encoding = arg(c, "--encoding");
	if ((v = arg(c, "--sep"))) {
		if (!(strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "\\t") == 0 ||
		      strcmp(v, "\t") == 0 || strcmp(v, "tab") == 0))
			return usage_error(cmd, "--sep is ',', ';' or tab");
		map->sep = v[0] == ',' || v[0] == ';' ? v[0] : '\t';
	}
	if ((csv || o->format == TSDB_FORMAT_CSV || o->format == TSDB_FORMAT_TSV) && !map->region &&
	    !map->province && !map->city && !map->county)
		return usage_error(cmd, "CSV needs --map with at least region=COLUMN (or province=, city=, "
		                   "county=)");
	if (!csv && (map->fixed_indicator || map->fixed_unit || map->fixed_source || map->scale ||
	             map->sep || map->fixed_period || map->na || map->header_row || map->encoding))
		return usage_error(cmd, "--indicator, --unit, --source, --scale, --sep, --period, --na, "
		                   "--header-row and --encoding apply to CSV (--map)");
	if (csv && (o->format == TSDB_FORMAT_JSON || o->format == TSDB_FORMAT_JSONL))
		return usage_error(cmd, "--map and --wide apply to CSV, not --format %s",
		                   o->format == TSDB_FORMAT_JSON ? "json" : "jsonl");
	/* a file that says it is CSV needs a map: say so before opening anything */
	for (int i = 0; i < c->npos && !csv && !o->format; i++)
		if (ends(c->pos[i], ".csv") || ends(c->pos[i], ".tsv"))
			return usage_error(cmd, "%s is CSV: give --map region=COLUMN,period=COLUMN,value=COLUMN "
			                   "(and --indicator ID when no column names it)", c->pos[i]);
	if (csv)
		o->csv = map;
	return 0;
}

int cmd_load_check(struct ctx *c)
{
	tsdb_load_options o = {0};
	tsdb_csv_map map = {0};
	char *spec = NULL;
	int rc = load_setup(c, &o, &map, &spec);
	free(spec);
	return rc;
}

int cmd_load(struct ctx *c)
{
	tsdb_load_options o = {0};
	tsdb_csv_map map = {0};
	char *spec = NULL;
	tsdb_load_stats st = {0};
	tsdb_error err = {0};
	const char **files = (const char **)c->pos;
	size_t n = (size_t)c->npos;
	tsdb *db = c->db;
	struct bar bar = {0};
	double t0, t1;
	int rc = 0;
	const char *v;

	if ((rc = load_setup(c, &o, &map, &spec)) || (rc = cli_ensure_catalog(db)))
		goto out;
	v = getenv("TSQ_PROGRESS");
	bar.always = v && strcmp(v, "1") == 0;
	bar.on = !c->g.quiet && (bar.always || (isatty(2) && !(v && strcmp(v, "0") == 0)));
	bar.width = 80;
	struct winsize ws;
	if (bar.on && ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		bar.width = ws.ws_col;
	o.on_error = on_error;
	o.on_progress = bar_draw;
	o.arg = &bar;
	bar.start = t0 = now();
	rc = tsdb_load_files(db, files, n, &o, &st, &err);
	t1 = now();
	if (rc == 0) { /* committed: an interrupt held meanwhile is too late to undo it */
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
	}
	hold_interrupts(0);
	bar_clear(&bar);
	if (rc) {
		/* record errors were printed as they were found; others now */
		if (!st.errors)
			cli_fail(&err);
		fprintf(stderr, "tsq: nothing loaded: %llu error%s in %llu record%s",
		        (unsigned long long)st.errors, st.errors == 1 ? "" : "s",
		        (unsigned long long)st.records, st.records == 1 ? "" : "s");
		/* the text of errors is as decoded: say how */
		if (st.encoding[0])
			fprintf(stderr, " (read as %s; --encoding NAME if it is not)", st.encoding);
		fputc('\n', stderr);
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (!c->g.quiet) {
		printf("%s%llu new, %llu revised, %llu unchanged observations; %llu catalog entries; "
		       "%zu file%s",
		       o.dry_run ? "dry run, nothing written: " : "", (unsigned long long)st.added,
		       (unsigned long long)st.revised, (unsigned long long)st.unchanged,
		       (unsigned long long)st.catalog, n, n == 1 ? "" : "s");
		/* what a table held besides its values, and how it was read */
		if (st.encoding[0])
			printf(" (read as %s)", st.encoding);
		if (st.missing)
			printf("; %llu missing value%s", (unsigned long long)st.missing, st.missing == 1 ? "" : "s");
		if (st.skipped)
			printf("; %llu row%s skipped (titles, notes, blank)", (unsigned long long)st.skipped,
			       st.skipped == 1 ? "" : "s");
		printf("; %.2f s\n", t1 - t0);
		if (st.assumed) {
			char day[11];
			tsdb_date_format(st.today, day);
			printf("%llu observation%s gave no date (no vintage, no dated source): their vintage is "
			       "the load date, %s, marked assumed; --vintage DATE gives the date they were "
			       "published\n",
			       (unsigned long long)st.assumed, st.assumed == 1 ? "" : "s", day);
		}
	}
out:
	free(spec);
	return rc;
}
