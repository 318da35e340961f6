/* out.c — the one output layer of tsq: scales, files replaced whole, and
 * tables of typed cells written as CSV, TSV or JSON (as aligned text in
 * out_table.c). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int out_scale_parse(const char *text, double *factor)
{
	char word[64];
	unsigned flags;
	size_t n = strlen(text);
	if (n >= sizeof word)
		return -1;
	memcpy(word, text, n + 1);
	/* 亿元 is 亿 of the unit: the yuan is the unit's, not the scale's */
	if (n > 3 && strcmp(word + n - 3, "元") == 0)
		word[n - 3] = 0;
	if (!*word || tsdb_value_parse("1", 1, word, factor, &flags, NULL))
		return -1;
	return 0;
}

/* The temporary file being written, for out_interrupted (the one piece of
 * mutable global state in tsq: a signal handler has no other way in). */
static char tmp_now[4096];

void out_interrupted(void)
{
	if (tmp_now[0])
		unlink(tmp_now);
}

int out_file_open(const char *path, struct outfile *o)
{
	const char *slash;
	size_t dirlen;
	struct stat st;
	int fd;
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a pipe (/dev/full, /dev/stdout) is written as it is:
		 * renaming over it would replace it */
		if (!(o->f = fopen(path, "w"))) {
			fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
			return EXIT_STORE;
		}
		o->path = path;
		return 0;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	if (!path[dirlen]) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(EISDIR));
		return EXIT_STORE;
	}
	if (!(o->tmp = malloc(strlen(path) + 16))) {
		fprintf(stderr, "tsq: out of memory\n");
		return EXIT_STORE;
	}
	sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	if ((fd = mkstemp(o->tmp)) < 0) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_STORE;
	}
	if (strlen(o->tmp) < sizeof tmp_now)
		memcpy(tmp_now, o->tmp, strlen(o->tmp) + 1);
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		tmp_now[0] = 0;
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_STORE;
	}
	o->path = path;
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return 0;
}

int out_file_close(struct outfile *o, int ok)
{
	int rc = 0, e = 0;
	if (!o->f)
		return 0;
	if (!o->tmp) {
		if (fflush(o->f) || ferror(o->f))
			e = errno ? errno : EIO;
		if (o->f != stdout && fclose(o->f) && !e)
			e = errno ? errno : EIO;
		if (e && ok)
			fprintf(stderr, "tsq: cannot write %s: %s\n",
			        o->path ? o->path : "standard output", strerror(e));
		o->f = NULL;
		return e ? EXIT_STORE : 0;
	}
	if (ok && (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f))))
		e = errno ? errno : EIO;
	if (fclose(o->f) && ok && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	if (ok && !e && rename(o->tmp, o->path))
		e = errno;
	if (!ok || e) {
		unlink(o->tmp);
		if (e)
			fprintf(stderr, "tsq: cannot write %s: %s\n", o->path, strerror(e));
		rc = EXIT_STORE;
	}
	tmp_now[0] = 0;
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}

/* ---- escaping: one JSON escaper, one CSV writer ---- */

void out_json_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	fputc('"', f);
	for (const char *p = s ? s : "";;) {
		const char *q = p;
		while (*q && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		fwrite(p, 1, (size_t)(q - p), f);
		if (!*q)
			break;
		if (*q == '"' || *q == '\\')
			fprintf(f, "\\%c", *q);
		else
			fprintf(f, "\\u00%c%c", hex[(unsigned char)*q >> 4], hex[*q & 15]);
		p = q + 1;
	}
	fputc('"', f);
}

/* Would a spreadsheet read this text as a formula? */
static int risky(const char *t)
{
	return *t == '=' || *t == '+' || *t == '-' || *t == '@' || *t == '\t' || *t == '\r';
}

void out_csv_field(FILE *f, const char *s, char sep)
{
	int guard, quote;
	if (!s)
		s = "";
	guard = risky(s);
	quote = guard;
	for (const char *p = s; *p && !quote; p++)
		quote = *p == sep || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* ---- numbers ---- */

/* The shortest exact decimal of v, or v rounded to decimals. */
void out_plain_number(const struct out_cell *c, char *buf, size_t size)
{
	if (c->decimals < 0 && !c->scaled)
		tsdb_value_format(c->num, buf);
	else if (c->decimals < 0) {
		/* a stored value rescaled: 262930000000 in 亿 is 2629.3, without the
		 * noise of binary division */
		char t[40];
		snprintf(t, sizeof t, "%.12g", c->num);
		tsdb_value_format(strtod(t, NULL), buf);
	} else
		snprintf(buf, size, "%.*f", c->decimals, c->num);
}

int out_round_decimals(double v)
{
	int d = 2;
	if (v != 0 && fabs(v) < 1)
		d = 2 - (int)floor(log10(fabs(v)));
	return d > 15 ? 15 : d;
}

int out_decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

char *out_group(const char *plain, int d, const char *prefix, char *out, size_t size)
{
	size_t o = 0, ints, need;
	const char *p = plain;
	int have;
	ints = strcspn(p, ".");
	have = p[ints] == '.' ? (int)strlen(p + ints + 1) : 0;
	if (d < 0)
		d = have;
	need = strlen(prefix) + strlen(plain) + ints / 3 + (size_t)d + 3;
	if (need > size) {
		snprintf(out, size, "%s%s", prefix, plain);
		return out;
	}
	o += (size_t)snprintf(out, size, "%s", prefix);
	if (*p == '-')
		out[o++] = *p++, ints--;
	for (size_t i = 0; i < ints; i++) {
		if (i && (ints - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	if (d > 0)
		out[o++] = '.';
	for (int i = 0; i < d; i++)
		out[o++] = i < have ? p[ints + 1 + i] : '0';
	out[o] = 0;
	return out;
}

static void sep_cell(struct out *o, const struct out_cell *c);

const char *out_status(const struct out *o, int status)
{
	static const char *const zh[] = {"实际", "估计", "初步", "目标", "预测"};
	return o->zh && status >= 0 && status < 5 ? zh[status] : tsdb_status_name(status);
}

const char *out_qualifier(const struct out *o, int qualifier)
{
	/* a lone "=" is a formula to a spreadsheet: exact is an empty cell there */
	if (qualifier == TSDB_Q_EQ && (o->fmt->cell == sep_cell || o->fmt == &out_xlsx_format))
		return "";
	return tsdb_qualifier_name(qualifier);
}

/* ---- the output ---- */

static const struct opt *has(const struct ctx *c, const char *name)
{
	return opt_find(c->cmd, name);
}

int out_open(struct out *o, const struct ctx *c, const char *dflt)
{
	const char *format = has(c, "--format") ? arg(c, "--format") : NULL, *path = NULL;
	memset(o, 0, sizeof *o);
	o->scale = 1;
	o->sep = ',';
	if (!format)
		format = dflt;
	for (size_t i = 0; out_formats[i]; i++)
		if (strcmp(out_formats[i]->name, format) == 0)
			o->fmt = out_formats[i];
	if (!o->fmt)
		return usage_error(c->cmd, "--format %s is not written by this command", format);
	if (strcmp(format, "tsv") == 0)
		o->sep = '\t';
	if (has(c, "--output"))
		path = arg(c, "--output");
	o->bom = has(c, "--bom") && flag(c, "--bom");
	o->zh = has(c, "--lang") && arg(c, "--lang") && strcmp(arg(c, "--lang"), "zh") == 0;
	if (has(c, "--scale") && (o->scale_name = arg(c, "--scale")))
		out_scale_parse(o->scale_name, &o->scale);
	if (o->bom && (!strcmp(format, "json") || !strcmp(format, "jsonl") ||
	               !strcmp(format, "table") || !strcmp(format, "xlsx")))
		return usage_error(c->cmd, "--bom is for csv and tsv");
	if (!strcmp(format, "xlsx") && (!path || !strcmp(path, "-")))
		return usage_error(c->cmd, "--format xlsx writes a workbook: name it with -o FILE");
	o->quiet = c->g.quiet;
	int rc = out_file_open(path, &o->file);
	if (rc)
		return rc;
	if (!strcmp(format, "xlsx") && !o->file.tmp) {
		fprintf(stderr, "tsq: cannot write %s: a workbook goes to a regular file\n", path);
		out_file_close(&o->file, 0);
		return EXIT_STORE;
	}
	o->f = o->file.f;
	if (o->bom)
		fputs("\xEF\xBB\xBF", o->f);
	return 0;
}

int out_scale_check(const struct out *o, const struct ctx *c, const char *unit)
{
	static const char *const unscaled[] = {"percent", "%",     "pp", "per mille",
	                                       "rank",    "index", NULL};
	if (!o->scale_name || !unit)
		return 0;
	for (size_t i = 0; unscaled[i]; i++)
		if (strcmp(unit, unscaled[i]) == 0)
			return usage_error(c->cmd,
			                   "--scale applies to amounts, not to values in %s", unit);
	return 0;
}

int out_for_people(const struct out *o)
{
	return o->fmt->text_for_people;
}

void out_begin(struct out *o, const struct out_col *cols, int ncols)
{
	o->cols = cols;
	o->ncols = ncols;
	o->at = 0;
	o->fmt->begin(o);
}

static void put_cell(struct out *o, struct out_cell *c)
{
	if (o->at < o->ncols)
		o->fmt->cell(o, c);
	o->at++;
}

void out_text(struct out *o, const char *s)
{
	struct out_cell c = {.type = s ? OUT_TEXT : OUT_NONE, .text = s};
	put_cell(o, &c);
}

void out_num(struct out *o, double v, int qualifier, int decimals)
{
	out_num_noted(o, v, qualifier, decimals, 0, 0);
}

void out_num_noted(struct out *o, double v, int qualifier, int decimals, int note, int more)
{
	/* rounding is for people: files for programs get every digit (a
	 * workbook keeps every digit and shows the rounding in its format) */
	struct out_cell c = {.type = OUT_NUM,
	                     .num = v,
	                     .qualifier = qualifier,
	                     .decimals = o->fmt->text_for_people ? decimals : -1,
	                     .raw = v,
	                     .shown = decimals,
	                     .note = note,
	                     .more = more};
	if (o->at < o->ncols && (o->cols[o->at].flags & OUT_AMOUNT) && o->scale != 1)
		c.num = v / o->scale, c.scaled = 1;
	put_cell(o, &c);
}

void out_int(struct out *o, long long n)
{
	struct out_cell c = {.type = OUT_INT, .n = n};
	put_cell(o, &c);
}

void out_period(struct out *o, tsdb_period p)
{
	char buf[TSDB_PERIOD_MAX];
	struct out_cell c = {.type = OUT_PERIOD, .period = p, .text = buf};
	tsdb_period_format(p, buf);
	put_cell(o, &c);
}

void out_date(struct out *o, uint32_t d)
{
	char buf[11];
	struct out_cell c = {.type = d ? OUT_DATE : OUT_NONE, .date = d, .text = buf};
	tsdb_date_format(d, buf);
	put_cell(o, &c);
}

void out_vintage(struct out *o, uint32_t d, int assumed)
{
	char buf[40];
	if (!assumed || !d || !out_for_people(o)) {
		out_date(o, d);
		return;
	}
	tsdb_date_format(d, buf);
	strcat(buf, o->zh ? "（假定）" : " (assumed)");
	out_text(o, buf);
}

void out_none(struct out *o)
{
	struct out_cell c = {.type = OUT_NONE};
	put_cell(o, &c);
}

void out_row(struct out *o)
{
	while (o->at < o->ncols)
		out_none(o);
	o->fmt->row(o);
	o->at = 0;
	o->rows++;
}

void out_end(struct out *o)
{
	if (o->cols)
		o->fmt->end(o);
	o->cols = NULL;
}

int out_has_after(const struct out *o)
{
	return o->fmt->after != NULL;
}

void out_after(struct out *o, const struct out_cell *cells, int n)
{
	if (o->fmt->after)
		o->fmt->after(o, cells, n);
}

int out_close(struct out *o)
{
	out_end(o);
	if (o->fmt->finish && o->fmt->finish(o, 1)) {
		out_file_close(&o->file, 0);
		return EXIT_STORE;
	}
	if (o->f && ferror(o->f) && !o->failed)
		o->failed = 1, o->err = errno;
	return out_file_close(&o->file, 1);
}

int out_finish(struct out *o, const char *empty)
{
	if (o->rows || !out_for_people(o))
		return out_close(o);
	out_abandon(o);
	printf("%s\n", empty);
	return 0;
}

void out_abandon(struct out *o)
{
	if (o->fmt && o->fmt->finish)
		o->fmt->finish(o, 0);
	out_table_discard(o);
	out_file_close(&o->file, 0);
}

/* ---- csv and tsv ---- */

static void sep_begin(struct out *o)
{
	for (int i = 0; i < o->ncols; i++) {
		struct out_cell c = {.type = OUT_TEXT,
		                     .text = o->zh && o->cols[i].name_zh ? o->cols[i].name_zh
		                                                         : o->cols[i].name};
		o->fmt->cell(o, &c);
		o->at++;
	}
	o->fmt->row(o);
	o->at = 0;
}

static void sep_cell(struct out *o, const struct out_cell *c)
{
	char buf[TSDB_VALUE_MAX];
	if (o->at)
		fputc(o->sep, o->f);
	switch (c->type) {
	case OUT_NONE: break;
	case OUT_NUM:
		out_plain_number(c, buf, sizeof buf);
		fputs(buf, o->f);
		break;
	case OUT_INT: fprintf(o->f, "%lld", c->n); break;
	case OUT_TEXT:
		if (o->sep != '\t') {
			out_csv_field(o->f, c->text, o->sep);
			break;
		}
		/* TSV has no quoting: a tab or line break becomes a space */
		if (risky(c->text))
			fputc('\'', o->f);
		for (const char *p = c->text; *p; p++)
			fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, o->f);
		break;
	default: fputs(c->text, o->f); break;
	}
}

static void sep_row(struct out *o)
{
	fputs("\r\n", o->f);
}

static void nothing(struct out *o)
{
	(void)o;
}

static const struct out_format csv_format = {"csv",   0,       sep_begin, sep_cell,
                                             sep_row, nothing, NULL,      NULL};
static const struct out_format tsv_format = {"tsv",   0,       sep_begin, sep_cell,
                                             sep_row, nothing, NULL,      NULL};

/* ---- json (an array of objects) and jsonl (an object a line) ---- */

static void json_begin(struct out *o)
{
	if (o->fmt->name[4] != 'l')
		fputc('[', o->f);
}

static void json_cell(struct out *o, const struct out_cell *c)
{
	char buf[TSDB_VALUE_MAX];
	if (!o->at && o->rows && o->fmt->name[4] != 'l')
		fputc(',', o->f);
	fputs(o->at ? "," : o->fmt->name[4] == 'l' ? "{" : "\n {", o->f);
	out_json_string(o->f, o->cols[o->at].name);
	fputc(':', o->f);
	switch (c->type) {
	case OUT_NONE: fputs("null", o->f); break;
	case OUT_NUM:
		out_plain_number(c, buf, sizeof buf);
		fputs(buf, o->f);
		break;
	case OUT_INT: fprintf(o->f, "%lld", c->n); break;
	default: out_json_string(o->f, c->text); break;
	}
}

static void json_row(struct out *o)
{
	fputs(o->fmt->name[4] == 'l' ? "}\n" : "}", o->f);
}

static void json_end(struct out *o)
{
	if (o->fmt->name[4] != 'l')
		fputs(o->rows ? "\n]\n" : "]\n", o->f);
}

static const struct out_format json_format = {"json",   0,        json_begin, json_cell,
                                              json_row, json_end, NULL,       NULL};
static const struct out_format jsonl_format = {"jsonl",  0,       nothing, json_cell,
                                               json_row, nothing, NULL,    NULL};

const struct out_format *const out_formats[] = {
    &out_table_format, &csv_format,      &tsv_format, &json_format,
    &jsonl_format,     &out_xlsx_format, NULL};
