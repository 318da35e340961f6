/* load.c — a load: its files, each read in its format (json.c, csv.c)
 * within one write transaction, all or nothing. The map is grown before
 * the transaction by an estimate from the files' sizes; should it still
 * fill, tsdb_update runs the load again, reading pipes back from their
 * spools (input.c). */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "load.h"

struct job {
	const char *const *paths;
	size_t npaths;
	const tsdb_load_options *opts;
	tsdb_load_stats *stats;
	struct spool *spools; /* one per path, for those that cannot seek */
	const char *dir;      /* where spools are made */
	int attempt;
	uint64_t reported;    /* errors reported by earlier attempts */
	uint64_t total;       /* bytes of all files, 0 if some size is unknown */
	uint64_t done;        /* bytes of the files read before this one */
	size_t file;
	struct input *in;     /* the file being read */
};

static void progress(struct job *j, int committing)
{
	if (!j->opts || !j->opts->on_progress)
		return;
	tsdb_load_progress p = {0};
	p.file = j->in ? j->in->name : j->file < j->npaths ? j->paths[j->file] : "";
	p.file_index = j->file;
	p.files = j->npaths;
	p.bytes = j->done + (j->in ? ts_in_read(j->in) : 0);
	p.total = j->total;
	p.records = j->stats->records;
	p.attempt = j->attempt;
	p.committing = committing;
	j->opts->on_progress(&p, j->opts->arg);
}

static void tick(void *arg)
{
	progress(arg, 0);
}

/* Does name end in ext (ignoring case)? */
static int ends(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* The format of in: by opts->format, the name, or the first byte. */
static int decide(struct load *ld, struct input *in, const char *path, int *format)
{
	int f = ld->opts ? ld->opts->format : 0;
	const char *p;
	size_t n;
	if (!f) {
		if (ends(path, ".csv"))
			f = TSDB_FORMAT_CSV;
		else if (ends(path, ".tsv"))
			f = TSDB_FORMAT_TSV;
		else if (ends(path, ".jsonl") || ends(path, ".ndjson"))
			f = TSDB_FORMAT_JSONL;
		else if (ends(path, ".json"))
			f = -1; /* JSON: Lines, an array or a document, by the content */
	}
	if (ts_in_peek(in, 4096, &p, &n)) {
		tsdb_error e = {0};
		ts_in_error(in, &e);
		return ts_load_report(ld, &e);
	}
	if (n == 0)
		return ts_load_fail(ld, NULL, TSDB_EDATA, "empty file");
	const char *book = ts_in_workbook(p, n);
	if (book)
		return ts_load_fail(ld, NULL, TSDB_EDATA,
		                    "%s, not text: save the sheet as CSV (Excel: File > Save As > CSV UTF-8; "
		                    "LibreOffice: Save As > Text CSV, UTF-8) and load that with --map", book);
	/* (CSV looks for NUL bytes itself, naming the field) */
	if (f != TSDB_FORMAT_CSV && f != TSDB_FORMAT_TSV && !(!f && ld->opts && ld->opts->csv && p[0] != '{' && p[0] != '[') &&
	    memchr(p, 0, n))
		return ts_load_fail(ld, NULL, TSDB_EDATA, "contains a NUL byte: not a text file");
	if (!f) {
		size_t i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i < n && (p[i] == '{' || p[i] == '['))
			f = -1;
		else if (ld->opts && ld->opts->csv)
			f = TSDB_FORMAT_CSV;
		else {
			char start[24];
			size_t k = 0;
			while (i + k < n && k < sizeof start - 1 && p[i + k] != '\n' && p[i + k] != '\r')
				k++;
			memcpy(start, p + i, k);
			start[k] = 0;
			return ts_load_fail(ld, NULL, TSDB_EDATA,
			                    "cannot tell the format: not JSON (it begins \"%s\"); for CSV give a "
			                    "column map (tsq load --map region=COL,...) or say --format",
			                    start);
		}
	}
	if ((f == TSDB_FORMAT_CSV || f == TSDB_FORMAT_TSV) && !(ld->opts && ld->opts->csv))
		return ts_load_fail(ld, NULL, TSDB_EDATA,
		                    "CSV needs a column map (tsq load --map region=COL,period=COL,value=COL)");
	*format = f < 0 ? 0 : f;
	return 0;
}

/* Today as yyyymmdd, local time: the assumed vintage of undated facts. */
static uint32_t local_date(void)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return 0; /* the vintage stays unknown */
	return (uint32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

static int load_all(tsdb_txn *txn, void *arg, tsdb_error *err)
{
	struct job *j = arg;
	struct load ld = {0};
	int rc = 0;
	memset(j->stats, 0, sizeof *j->stats);
	j->stats->today = j->opts && j->opts->today ? j->opts->today : local_date();
	j->attempt++;
	j->done = 0;
	ld.txn = txn;
	ld.opts = j->opts;
	ld.stats = j->stats;
	ld.first = err;
	ld.replayed = j->reported;
	ld.max_errors = j->opts && j->opts->max_errors > 0 ? j->opts->max_errors : 20;
	if ((rc = ts_load_begin(&ld)))
		return rc;
	for (j->file = 0; j->file < j->npaths && !ts_load_stop(&ld, rc); j->file++) {
		const char *path = j->paths[j->file];
		struct input in;
		tsdb_error e = {0};
		int format = 0, r;
		ld.file = strcmp(path, "-") == 0 ? "<stdin>" : path;
		ld.line = 0;
		ld.where = NULL;
		if ((r = ts_in_open(&in, path, &j->spools[j->file], j->dir, &e))) {
			ts_load_report(&ld, &e);
			rc = r;
			continue;
		}
		in.tick = tick;
		in.tick_arg = j;
		j->in = &in;
		r = decide(&ld, &in, path, &format);
		if (!r) {
			if (format == TSDB_FORMAT_CSV || format == TSDB_FORMAT_TSV)
				r = ts_load_csv(&ld, &in, format == TSDB_FORMAT_TSV ? '\t' : 0);
			else
				r = ts_load_json(&ld, &in, format);
		}
		j->done += ts_in_read(&in);
		j->in = NULL;
		ts_in_close(&in);
		if (r)
			rc = r;
	}
	if (!ld.stop) {
		int r = ts_load_flush(&ld);
		if (ld.stop)
			rc = r;
	}
	uint64_t reported = ts_load_end(&ld);
	if (reported > j->reported)
		j->reported = reported;
	if (ld.stop)
		return err->code ? err->code : rc;
	if (j->stats->errors) {
		/* bad records are TSDB_EDATA, whatever each was; a file that
		 * could not be read is an I/O error */
		if (!ts_store_failure(err->code))
			err->code = TSDB_EDATA;
		return err->code;
	}
	progress(j, 1);
	return 0;
}

int tsdb_load_files(tsdb *db, const char *const *paths, size_t npaths,
                    const tsdb_load_options *opts, tsdb_load_stats *stats, tsdb_error *err)
{
	tsdb_load_stats local;
	struct job j = {paths, npaths, opts, stats ? stats : &local, NULL, tsdb_path(db), 0, 0, 0, 0, 0,
	                NULL};
	tsdb_error e = {0};
	int rc, known = 1;

	if (!(j.spools = calloc(npaths ? npaths : 1, sizeof *j.spools))) {
		rc = ts_err(&e, TSDB_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		j.spools[i].fd = -1;
		int fd = strcmp(paths[i], "-") == 0 ? 0 : -1;
		if ((fd == 0 ? fstat(0, &st) : stat(paths[i], &st)) == 0 && S_ISREG(st.st_mode))
			j.total += (uint64_t)st.st_size;
		else
			known = 0;
	}
	/* what the files will take in the map, generously (it costs address
	 * space, not memory): a CSV row of 30 bytes becomes 50 bytes of B-tree
	 * written in order, 70 in random order; should this fall short, the
	 * load runs again in a larger map */
	if ((rc = ts_map_reserve(db, (size_t)(3 * j.total + (1u << 20)), &e)))
		goto out;
	if (!known)
		j.total = 0;
	if (opts && opts->dry_run) {
		tsdb_txn *t;
		if ((rc = tsdb_txn_begin(db, TSDB_TXN_WRITE, &t, &e)) == 0) {
			rc = load_all(t, &j, &e);
			tsdb_txn_abort(t);
		}
	} else
		rc = tsdb_update(db, load_all, &j, &e);
out:
	for (size_t i = 0; j.spools && i < npaths; i++)
		if (j.spools[i].fd >= 0)
			close(j.spools[i].fd);
	free(j.spools);
	if (rc && err && !err->code)
		*err = e;
	return rc;
}
