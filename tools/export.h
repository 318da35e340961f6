/* export.h — what the files of tsq export share: the sink rows go to, the
 * selection being written, and the functions each file lends the others. */
#ifndef TSQ_EXPORT_H
#define TSQ_EXPORT_H

#include "commands.h"
#include "xlsx.h"

enum fmt { F_CSV, F_TSV, F_JSONL, F_SDMX, F_XLSX };

/* Where rows go: a file (buffered by stdio), or a workbook. */
struct sink {
	FILE *f;
	int fmt;
	char sep;
	int cells; /* cells written in the current row */
	int failed, errnum; /* the first write error and its errno */
	struct facts *xl;   /* --format xlsx: the workbook cells go to */
	double scale;       /* --scale: values are divided by it */
};

enum { LONG, WIDE, PIVOT };

/* One series being read: a cursor, or an evaluated expression. */
struct reader {
	tsdb_cursor *cur;
	tsdb_series s;
	size_t at;
};

/* A region column of the pivot. */
struct column {
	char *code;  /* primary code */
	char *label; /* heading */
	uint32_t key;
	struct reader rd;
	tsdb_point at; /* the reader's current point */
	int have;      /* at is valid */
};

struct export {
	tsdb_txn *t;
	tsdb_query q;  /* range and as-of of every cursor */
	int fmt, layout, lang_zh;
	const char *scale_name; /* --scale, or NULL */
	double scale;
	char unit[160];         /* the indicator's unit as shown */
	struct sink *out;
	tsdb_error err;
	const char **inds; /* indicators asked for (borrowed), NULL for all */
	tsdb_expr **exprs; /* for each, an expression (owned), or NULL: a stored id */
	size_t ninds;
	tsdb_expr *expr;   /* the expression being written, or NULL */
	char **regs;       /* region codes asked for (owned), NULL for all */
	unsigned char *agg; /* for each, non-zero: a group, written as its sum */
	size_t nregs, capregs;
	char **noted;      /* the notes of group sums said so far (owned) */
	size_t nnoted;
	char *ind_id;      /* the indicator being written, and its record */
	tsdb_indicator ind;
	tsdb_period *per;  /* wide: the distinct periods, in time order */
	size_t nper, capper;
	double *vals;      /* wide: one row */
	unsigned char *have;
	struct column *cols; /* pivot: the region columns */
	size_t ncols, capcols;
	int (*series_fn)(struct export *, const char *ind, const char *reg);
	int rc;            /* what series_fn failed with */
	int boundaries;    /* --boundaries: each region on its boundaries of that year, or 0 */
	char **into;       /* with it, the regions units had gone into by then (owned) */
	size_t ninto;
};

/* export_sink.c: cells, rows and SDMX periods */
void ex_put(struct sink *s, const void *p, size_t n);
int ex_flush(struct sink *s);
void ex_text_cell(struct sink *s, const char *t);
double ex_scaled(const struct sink *s, double v);
void ex_num_cell(struct sink *s, double v);
void ex_empty_cell(struct sink *s);
void ex_end_fact(struct sink *s, const tsdb_point *p, const char *const *what);
void ex_end_row(struct sink *s);
void ex_json_key(struct sink *s, const char *key);
void ex_json_text(struct sink *s, const char *key, const char *t, int nullable);
void ex_sdmx_period(tsdb_period p, char *buf);
const char *ex_sdmx_status(int status);

/* export_select.c: the indicators, regions and series selected */
const char *ex_ind_name(const struct export *x);
const char *ex_reg_name(const struct export *x, const tsdb_region *r);
int ex_oom(struct export *x);
int ex_write_failed(struct export *x);
int ex_unscaled(const char *unit);
int ex_use_indicator(struct export *x, const char *id);
int ex_wanted_region(const struct export *x, const char *code);
int ex_each_series(struct export *x, int (*fn)(struct export *, const char *, const char *));
/* Gathers, for --boundaries, the regions units had gone into by then (x->into). */
int ex_boundaries_setup(struct export *x);
int ex_open_series(struct export *x, const char *ind, const char *reg, struct reader *r);
int ex_next_point(struct export *x, struct reader *r, tsdb_point *p);
void ex_close_series(struct reader *r);

/* export_rows.c: the long, wide and pivot layouts */
void ex_long_header(struct export *x);
int ex_long_series(struct export *x, const char *ind, const char *reg);
int ex_export_wide(struct export *x);
int ex_export_pivot(struct export *x);

#endif
