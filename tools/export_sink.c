/* export_sink.c — where tsq export's rows go: cells in CSV, TSV, JSON Lines,
 * SDMX-CSV or a workbook, and periods in SDMX form. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"

void ex_put(struct sink *s, const void *p, size_t n)
{
	if (fwrite(p, 1, n, s->f) != n && !s->failed) {
		s->errnum = errno;
		s->failed = 1;
	}
}

static void puts_(struct sink *s, const char *str)
{
	ex_put(s, str, strlen(str));
}

int ex_flush(struct sink *s)
{
	if ((fflush(s->f) != 0 || ferror(s->f)) && !s->failed) {
		s->errnum = errno;
		s->failed = 1;
	}
	return s->failed ? -1 : 0;
}

static void next_cell(struct sink *s)
{
	if (s->cells++)
		ex_put(s, &s->sep, 1);
}

/* A text cell: quoted and formula-guarded by the output layer's one CSV
 * writer (out_csv_field). */
void ex_text_cell(struct sink *s, const char *t)
{
	if (s->xl) {
		/* a string cell is never a formula: no guard needed */
		facts_text(s->xl, t);
		return;
	}
	next_cell(s);
	out_csv_field(s->f, t, s->sep);
}

/* A value divided by --scale: the quotient's shortest decimal (2629.3 亿,
 * not the noise of binary division). */
double ex_scaled(const struct sink *s, double v)
{
	char t[40];
	if (s->scale == 1)
		return v;
	snprintf(t, sizeof t, "%.12g", v / s->scale);
	return strtod(t, NULL);
}

void ex_num_cell(struct sink *s, double v)
{
	char num[TSDB_VALUE_MAX];
	if (s->xl) {
		/* a workbook keeps the value; its format shows it divided */
		int fmt = s->scale == 1 ? 0 : facts_format(s->xl, s->scale, xlsx_scaled_decimals(v / s->scale), NULL, NULL);
		facts_number_fmt(s->xl, v, fmt < 0 ? 0 : fmt);
		return;
	}
	v = ex_scaled(s, v);
	next_cell(s);
	ex_put(s, num, tsdb_value_format(v, num));
}

void ex_empty_cell(struct sink *s)
{
	if (s->xl) {
		facts_empty(s->xl);
		return;
	}
	next_cell(s);
}

/* Ends a row; in a workbook, a fact's quote and note go to the notes sheet
 * (what, its indicator, region and period; NULL for a row of no one fact). */
void ex_end_fact(struct sink *s, const tsdb_point *p, const char *const *what)
{
	if (s->xl) {
		if (facts_end_row(s->xl, p ? p->quote : NULL, p ? p->note : NULL, what ? what[0] : NULL,
		                  what ? what[1] : NULL, what ? what[2] : NULL) && !s->failed) {
			s->failed = 1;
			s->errnum = ENOMEM;
		}
		return;
	}
	ex_put(s, "\r\n", 2);
	s->cells = 0;
}

void ex_end_row(struct sink *s)
{
	ex_end_fact(s, NULL, NULL);
}

/* Starts a JSON member: {"key": for the first of a row, else ,"key":. */
void ex_json_key(struct sink *s, const char *key)
{
	ex_put(s, s->cells++ ? ",\"" : "{\"", 2);
	puts_(s, key);
	ex_put(s, "\":", 2);
}

void ex_json_text(struct sink *s, const char *key, const char *t, int nullable)
{
	ex_json_key(s, key);
	if (nullable && !*t)
		puts_(s, "null");
	else
		out_json_string(s->f, t);
}

/* ---- periods in SDMX form ---- */

/* Writes p as SDMX writes reporting periods (see the top of the file). */
void ex_sdmx_period(tsdb_period p, char *buf)
{
	int f = tsdb_period_freq(p);
	if (f != TSDB_FREQ_SPAN) {
		tsdb_period_format(p, buf);
		char *h = f == TSDB_FREQ_HALF ? strchr(buf, 'H') : NULL;
		if (h)
			*h = 'S';
		return;
	}
	int months = tsdb_period_months(p);
	size_t n = tsdb_date_format(p.start, buf);
	buf[n++] = '/';
	if (months && months % 12 == 0)
		sprintf(buf + n, "P%dY", months / 12);
	else if (months)
		sprintf(buf + n, "P%dM", months);
	else
		sprintf(buf + n, "P%ldD", tsdb_period_days(p));
}

/* The code of a status in SDMX's CL_OBS_STATUS, "" when it has none. */
const char *ex_sdmx_status(int status)
{
	switch (status) {
	case TSDB_STATUS_ACTUAL: return "A";
	case TSDB_STATUS_ESTIMATE: return "E";
	case TSDB_STATUS_PROVISIONAL: return "P";
	case TSDB_STATUS_FORECAST: return "F";
	}
	return "";
}
