/* cmd_export.c — tsq export: observations out for spreadsheets and other
 * tools, as CSV, TSV, JSON Lines or SDMX-CSV, long or wide.
 *
 * Everything is streamed: rows are written as the cursors read them. The
 * long layout holds one series' cursor at a time. The wide layout (periods
 * as columns) first gathers the set of periods in the selection — a sorted
 * array of distinct periods, as many as there are distinct periods (a few
 * hundred for decades of mixed frequencies), never one per row — then writes
 * each series as one row built in an array of that size. With --pivot
 * region (regions as columns) it gathers the regions that have data, then
 * merges one cursor per region, period by period: memory grows with the
 * number of regions, never with the number of rows. Both passes read one
 * transaction, so they see the same snapshot. An --indicator may be an
 * expression over indicators (tsdb_expr_*): it is evaluated region by region
 * (one region's series in memory at a time) for the regions its first
 * indicator has, and written under its text, without a vintage.
 *
 * Text cells that a spreadsheet would run as a formula (beginning with =,
 * +, -, @, tab or carriage return) get a leading apostrophe, as OWASP
 * advises for CSV injection; numbers are written as numbers, negative ones
 * included. An exact qualifier ("=") is written as an empty cell in the
 * CSV family for the same reason: "=" alone is a formula to a spreadsheet.
 *
 * SDMX-CSV follows the SDMX-CSV 1.0 data message: the first column is
 * DATAFLOW, holding AGENCY:ID(VERSION) (here TSDB:DF_INDICATORS(1.0)), then
 * the dimensions INDICATOR, REF_AREA and TIME_PERIOD, the measure OBS_VALUE
 * and the attributes UNIT_MEASURE and OBS_STATUS (codes of SDMX's
 * CL_OBS_STATUS: A actual, E estimate, P provisional, F forecast; a target
 * has no code there and is left empty), then custom columns QUALIFIER,
 * TSDB_STATUS (tsdb's own word, so nothing is lost), SOURCE and VINTAGE.
 * TIME_PERIOD uses SDMX's reporting formats: 2024, 2024-S1, 2024-Q2,
 * 2024-05, 2024-06-30; any other range is an SDMX time range, its first
 * day and an ISO 8601 duration: 2021-01-01/P5Y, 2024-01-01/P5M,
 * 2024-01-15/P27D. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

/* ---- the command ---- */

/* Adds a region asked for; a group by itself with members is their sum. */
static int add_region(struct export *x, const tsdb_region *r, int grp)
{
	if (x->regs && ex_wanted_region(x, r->code))
		return 0; /* named twice */
	if (x->nregs == x->capregs) {
		size_t cap = x->capregs ? x->capregs * 2 : 8;
		char **v = realloc(x->regs, cap * sizeof *v);
		unsigned char *a = v ? realloc(x->agg, cap) : NULL;
		if (v)
			x->regs = v;
		if (!a)
			return ex_oom(x);
		x->agg = a;
		x->capregs = cap;
	}
	if (!(x->regs[x->nregs] = strdup(r->code)))
		return ex_oom(x);
	x->agg[x->nregs++] = (unsigned char)grp;
	return 0;
}

struct each_child {
	struct export *x;
	int rc, n;
};

static int child_region(const tsdb_region *r, void *arg)
{
	struct each_child *c = arg;
	c->n++;
	return c->x ? (c->rc = add_region(c->x, r, 0)) : 0;
}

/* Adds the regions a --region names: "NAME/" "*" the children of NAME (a
 * group's members), any other name that region. */
static int add_regions(struct export *x, const char *name)
{
	size_t len = strlen(name);
	struct each_child count = {NULL, 0, 0}, add = {x, 0, 0};
	char parent[256];
	tsdb_region r;
	int all = len > 2 && strcmp(name + len - 2, "/*") == 0;
	snprintf(parent, sizeof parent, "%.*s", (int)(all ? len - 2 : len), name);
	if (tsdb_region_resolve(x->t, parent, &r, &x->err)) {
		snprintf(x->err.field, sizeof x->err.field, "--region");
		return x->err.code;
	}
	if (all)
		return tsdb_region_children(x->t, r.code, child_region, &add, &x->err) || add.rc
		           ? x->err.code
		           : 0;
	if (strcmp(r.level, "group") == 0 &&
	    tsdb_region_children(x->t, r.code, child_region, &count, &x->err))
		return x->err.code;
	return add_region(x, &r, count.n > 0);
}

/* A separator --sep accepts: one ASCII character that cannot begin or
 * belong to a number, a quote or a line break ("tab" for a tab). */
static int parse_sep(const char *v, char *out)
{
	if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0 || strcmp(v, "\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(v) != 1 || !strchr(",;|:^~!#$%&*/?", v[0]))
		return -1;
	*out = v[0];
	return 0;
}

static void free_export(struct export *x)
{
	for (size_t i = 0; x->exprs && i < x->ninds; i++)
		tsdb_expr_free(x->exprs[i]);
	free(x->exprs);
	for (size_t i = 0; i < x->nregs; i++)
		free(x->regs[i]);
	free(x->regs);
	free(x->agg);
	for (size_t i = 0; i < x->nnoted; i++)
		free(x->noted[i]);
	free(x->noted);
	for (size_t i = 0; i < x->ninto; i++)
		free(x->into[i]);
	free(x->into);
	for (size_t i = 0; i < x->ncols; i++) {
		free(x->cols[i].code);
		free(x->cols[i].label);
	}
	free(x->cols);
	free(x->ind_id);
	free(x->per);
	free(x->vals);
	free(x->have);
}

/* The format, layout and separator the options ask for, or a usage error. */
static int export_setup(struct ctx *c, struct export *x, struct sink *out)
{
	const char *layout = arg(c, "--layout"), *format = arg(c, "--format"), *sep = arg(c, "--sep"),
	           *pivot = arg(c, "--pivot"), *lang = arg(c, "--lang");
	if (!format)
		format = "csv";
	x->fmt = strcmp(format, "csv") == 0 ? F_CSV : strcmp(format, "tsv") == 0 ? F_TSV
	         : strcmp(format, "jsonl") == 0 ? F_JSONL : strcmp(format, "xlsx") == 0 ? F_XLSX : F_SDMX;
	if (x->fmt == F_XLSX) {
		const char *path = arg(c, "--output");
		if (!path || strcmp(path, "-") == 0)
			return usage_error(c->cmd, "--format xlsx writes a workbook: name it with -o FILE");
		if (flag(c, "--bom") || sep)
			return usage_error(c->cmd, "--bom and --sep are for csv, tsv and sdmx-csv");
	}
	x->layout = !layout || strcmp(layout, "long") == 0 ? LONG : WIDE;
	if (pivot && layout && x->layout == LONG)
		return usage_error(c->cmd, "--pivot goes with --layout wide");
	if (pivot)
		x->layout = strcmp(pivot, "region") == 0 ? PIVOT : WIDE;
	if (x->layout != LONG && (x->fmt == F_JSONL || x->fmt == F_SDMX))
		return usage_error(c->cmd, "--layout wide is for csv and tsv; jsonl and sdmx-csv are long");
	if (flag(c, "--bom") && x->fmt == F_JSONL)
		return usage_error(c->cmd, "--bom is for csv, tsv and sdmx-csv");
	out->fmt = x->fmt;
	out->sep = x->fmt == F_TSV ? '\t' : ',';
	if (sep && (x->fmt == F_TSV || x->fmt == F_JSONL))
		return usage_error(c->cmd, "--sep is for csv and sdmx-csv");
	if (sep && parse_sep(sep, &out->sep))
		return usage_error(c->cmd, "--sep takes one character such as ; or | (or tab), not \"%s\"", sep);
	x->lang_zh = lang && strcmp(lang, "zh") == 0;
	x->out = out;
	out->scale = x->scale = 1;
	if ((x->scale_name = arg(c, "--scale")))
		out_scale_parse(x->scale_name, &x->scale);
	return 0;
}

int cmd_export_check(struct ctx *c)
{
	struct export x = {0};
	struct sink out;
	return export_setup(c, &x, &out);
}

int cmd_export(struct ctx *c)
{
	const char *path = arg(c, "--output");
	const char **inds = calloc(c->ngiven + 1, sizeof *inds);
	const char **names = calloc(c->ngiven + 1, sizeof *names);
	size_t ninds = 0, nnames = 0;
	struct export x = {0};
	struct sink *out = calloc(1, sizeof *out);
	struct outfile of = {0};
	int rc = 0;

	if (!inds || !names || !out) {
		fprintf(stderr, "tsq: out of memory\n");
		rc = EXIT_STORE;
		goto out;
	}
	ninds = arg_all(c, "--indicator", inds);
	nnames = arg_all(c, "--region", names);
	if ((rc = export_setup(c, &x, out)) ||
	    (rc = cli_range(arg(c, "--from"), arg(c, "--to"), arg(c, "--as-of"), &x.q)))
		goto out;
	x.boundaries = arg(c, "--boundaries") ? atoi(arg(c, "--boundaries")) : 0;
	x.t = c->t;
	if (ex_boundaries_setup(&x))
		goto fail;
	if (ninds && !(x.exprs = calloc(ninds, sizeof *x.exprs)))
		goto nomem;
	for (size_t i = 0; i < ninds; i++) {
		tsdb_indicator ind;
		if (tsdb_indicator_get(x.t, inds[i], &ind, &x.err) == 0) {
			if (x.scale_name && ex_unscaled(ind.unit)) {
				rc = usage_error(c->cmd, "--scale applies to amounts, not to %s (values in %s)", ind.id, ind.unit);
				goto out;
			}
			continue;
		}
		if (!strpbrk(inds[i], "+-*/() ") || !strpbrk(inds[i], "abcdefghijklmnopqrstuvwxyz")) {
			/* a lone name: the unknown indicator it is */
			snprintf(x.err.field, sizeof x.err.field, "--indicator");
			goto fail;
		}
		/* an expression over indicators: "rd_expenditure / gdp * 100" */
		tsdb_error_clear(&x.err);
		x.ninds = i + 1; /* what free_export frees */
		if (tsdb_expr_parse(inds[i], &x.exprs[i], &x.err) || tsdb_expr_bind(x.t, x.exprs[i], &x.err)) {
			snprintf(x.err.field, sizeof x.err.field, "--indicator");
			goto fail;
		}
	}
	if (ninds) {
		x.inds = inds;
		x.ninds = ninds;
	}
	for (size_t i = 0; i < nnames; i++)
		if (add_regions(&x, names[i]))
			goto fail;
	for (size_t i = 0; i < x.nregs && !x.inds; i++)
		if (x.agg[i]) {
			tsdb_error_set(&x.err, TSDB_EINVAL, "--region",
			               "%s is a group, written as the sum of the --indicator named (its "
			               "members one by one: --region %s/*)", x.regs[i], x.regs[i]);
			goto fail;
		}
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	if ((rc = out_file_open(path, &of)))
		goto out;
	out->f = of.f;
	if (x.fmt == F_XLSX) {
		/* the workbook is written to the outfile's temporary file, renamed
		 * into place by out_file_close */
		char why[300];
		if (!of.tmp) {
			fprintf(stderr, "tsq export: cannot write %s: a workbook goes to a regular file\n", path);
			rc = EXIT_STORE;
			goto out;
		}
		if (facts_open(of.tmp, "Data", FACTS_SOURCES | FACTS_NOTES, &out->xl, why, sizeof why)) {
			fprintf(stderr, "tsq export: %s\n", why);
			rc = EXIT_STORE;
			goto out;
		}
	}
	if (flag(c, "--bom"))
		ex_put(out, "\xEF\xBB\xBF", 3);
	if (x.layout == LONG) {
		ex_long_header(&x);
		rc = ex_each_series(&x, ex_long_series);
	} else if (x.layout == WIDE)
		rc = ex_export_wide(&x);
	else
		rc = ex_export_pivot(&x);
	if (rc)
		goto fail;
	if (out->xl) {
		char why[300];
		int bad = facts_finish(out->xl, x.t, "tsq export", c->g.quiet, why, sizeof why);
		out->xl = NULL;
		if (bad) {
			fprintf(stderr, "tsq export: writing %s: %s\n", path, why);
			rc = EXIT_STORE;
			goto out;
		}
	}
	if (ex_flush(out)) {
		fprintf(stderr, "tsq export: writing %s: %s\n", path ? path : "standard output",
		        strerror(out->errnum));
		rc = EXIT_STORE;
		goto out;
	}
	rc = out_file_close(&of, 1);
	goto out;
nomem:
	ex_oom(&x);
fail:
	if (x.err.code == TSDB_EIO && out->failed && out->xl) {
		/* the workbook's own account of what went wrong */
		char why[300];
		facts_finish(out->xl, x.t, "tsq export", 1, why, sizeof why);
		out->xl = NULL;
		fprintf(stderr, "tsq export: writing %s: %s\n", path, why);
	} else if (x.err.code == TSDB_EIO && out->failed)
		fprintf(stderr, "tsq export: writing %s: %s\n", path ? path : "standard output",
		        strerror(out->failed ? out->errnum : errno));
	rc = x.err.code == TSDB_EIO && out->failed ? EXIT_STORE : cli_fail(&x.err);
out:
	if (out)
		facts_abandon(out->xl);
	out_file_close(&of, 0); /* no half-written file left behind */
	free_export(&x);
	free(inds);
	free(names);
	free(out);
	return rc;
}
