/* opt.c — the one parser of tsq command lines, and the usage and help text
 * made from the same option tables. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"

const struct opt global_opts[] = {
    {"--db", 0, V_DIR, "PATH", NULL, 0, 0, 0, "the database (else $TSDB_PATH, else ./tsdb)"},
    {"--read-only", 0, V_FLAG, NULL, NULL, 0, 0, 0, "open the database for reading only"},
    {"--busy-timeout", 0, V_INT, "MS", NULL, 0, 86400000, 0,
     "how long a writer waits for another (default 10000)"},
    {"--quiet", 'q', V_FLAG, NULL, NULL, 0, 0, 0, "print no progress or summary"},
    {NULL, 0, 0, NULL, NULL, 0, 0, 0, NULL},
};

static const struct opt *find_in(const struct opt *list, const char *name)
{
	for (; list && list->name; list++)
		if (strcmp(list->name, name) == 0 ||
		    (list->alias && name[0] == '-' && name[1] == list->alias && !name[2]))
			return list;
	return NULL;
}

const struct opt *opt_find(const struct command *cmd, const char *name)
{
	const struct opt *o;
	for (size_t i = 0; cmd && cmd->opts && cmd->opts[i]; i++)
		if ((o = find_in(cmd->opts[i], name)))
			return o;
	return find_in(global_opts, name);
}

/* An option, not a value: "-5" and "-0.3" are numbers, "-" standard input. */
static int is_option(const char *a)
{
	return a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9') && a[1] != '.';
}

static const struct opt *named(const struct ctx *c, const char *name)
{
	const struct opt *o = opt_find(c->cmd, name);
	if (!o) {
		/* a command asked for an option its table lacks: a bug in tsq */
		fprintf(stderr, "tsq: internal error: %s has no option %s\n", c->cmd->name, name);
		abort();
	}
	return o;
}

const char *arg(const struct ctx *c, const char *name)
{
	const struct opt *o = named(c, name);
	const char *v = NULL;
	for (size_t i = 0; i < c->ngiven; i++)
		if (c->given[i].o == o)
			v = c->given[i].value;
	return v;
}

int flag(const struct ctx *c, const char *name)
{
	return arg(c, name) != NULL;
}

size_t arg_all(const struct ctx *c, const char *name, const char **out)
{
	const struct opt *o = named(c, name);
	size_t n = 0;
	for (size_t i = 0; i < c->ngiven; i++)
		if (c->given[i].o == o)
			out[n++] = c->given[i].value;
	return n;
}

int opt_number(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (hi - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

long arg_long(const struct ctx *c, const char *name, long dflt)
{
	const char *v = arg(c, name);
	long n;
	return v && opt_number(v, 0, named(c, name)->hi, &n) == 0 ? n : dflt;
}

const char *opt_nearest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	int bd = 99;
	size_t wl = strlen(word);
	for (; *cands; cands++) {
		int d = tsdb_distance(word, *cands);
		if (wl >= 3 && strncmp(*cands, word, wl) == 0)
			d = 1; /* a word cut short */
		if (d < bd)
			bd = d, best = *cands;
	}
	/* a third of the word may be wrong, at least one letter */
	return best && bd <= (int)(wl > 3 ? wl / 3 : 1) ? best : NULL;
}

static void choices_text(const char *choices, char *buf, size_t size)
{
	size_t o = 0, n = 0, count = 1;
	for (const char *p = choices; *p; p++)
		count += *p == '|';
	for (const char *p = choices; *p && o + 8 < size;) {
		size_t k = strcspn(p, "|");
		n++;
		o += (size_t)snprintf(buf + o, size - o, "%s%.*s",
		                      n == 1       ? ""
		                      : n == count ? " or "
		                                   : ", ",
		                      (int)k, p);
		p += k + (p[k] == '|');
	}
}

static int in_choices(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; *p;) {
		size_t k = strcspn(p, "|");
		if (k == n && strncmp(p, v, n) == 0)
			return 1;
		p += k + (p[k] == '|');
	}
	return 0;
}

/* Checks a value by its type; prints the usage error and returns 1. */
static int check_value(const struct command *cmd, const char *what, enum vtype type,
                       const char *choices, long lo, long hi, const char *v)
{
	tsdb_error err = {0};
	char buf[256];
	long n;
	tsdb_period p;
	uint32_t d;
	double f;
	switch (type) {
	case V_INT:
		if (opt_number(v, lo, hi, &n))
			return usage_error(cmd,
			                   "%s takes a whole number from %ld to %ld, not \"%s\"",
			                   what, lo, hi, v);
		break;
	case V_PERIOD:
		if (tsdb_period_parse(v, (size_t)-1, &p, &err))
			return usage_error(cmd, "%s: %s", what, err.text);
		break;
	case V_DATE:
		if (tsdb_date_parse(v, (size_t)-1, &d, &err))
			return usage_error(cmd, "%s: %s", what, err.text);
		break;
	case V_CHOICE:
		if (!in_choices(choices, v)) {
			choices_text(choices, buf, sizeof buf);
			return usage_error(cmd, "%s is %s, not \"%s\"", what, buf, v);
		}
		break;
	case V_SCALE:
		if (out_scale_parse(v, &f))
			return usage_error(cmd, "%s %s: expected %s", what, v, OUT_SCALES);
		break;
	case V_COMMAND:
		if (!command_named(v))
			return usage_error(cmd, "no command \"%s\" (tsq help lists them)", v);
		break;
	default:
		if (!*v && type != V_TEXT)
			return usage_error(cmd, "%s is empty", what);
		break;
	}
	return 0;
}

static void apply_global(struct cli *g, const struct opt *o, const char *v)
{
	long n;
	if (strcmp(o->name, "--db") == 0)
		g->db_path = v;
	else if (strcmp(o->name, "--read-only") == 0)
		g->read_only = 1;
	else if (strcmp(o->name, "--quiet") == 0)
		g->quiet = 1;
	else if (opt_number(v, o->lo, o->hi, &n) == 0)
		g->busy_ms = (unsigned)n;
}

/* "unknown option --fromm (did you mean --from?)" */
static int unknown_option(const struct command *cmd, const char *name)
{
	const char *names[128];
	size_t n = 0;
	for (size_t i = 0; cmd && cmd->opts && cmd->opts[i]; i++)
		for (const struct opt *o = cmd->opts[i]; o->name && n < 120; o++)
			names[n++] = o->name;
	for (const struct opt *o = global_opts; o->name; o++)
		names[n++] = o->name;
	names[n++] = "--help";
	names[n] = NULL;
	const char *near = opt_nearest(name, names);
	if (near)
		return usage_error(cmd, "unknown option %s (did you mean %s?)", name, near);
	return usage_error(cmd, "unknown option %s", name);
}

static int unknown_command(const char *name)
{
	const char *names[64];
	size_t n = 0;
	for (const struct command *c; n < 63 && (c = command_at(n)); n++)
		names[n] = c->name;
	names[n] = NULL;
	const char *near = opt_nearest(name, names);
	if (near)
		fprintf(stderr, "tsq: unknown command \"%s\" (did you mean %s?)\n", name, near);
	else
		fprintf(stderr, "tsq: unknown command \"%s\" (tsq help lists them)\n", name);
	return EXIT_USAGE;
}

/* Checks the number of positionals against the table. */
static int check_positionals(const struct ctx *c)
{
	const struct posarg *p = c->cmd->pos;
	int need = 0, max = 0, many = 0;
	char want[200] = "";
	for (; p && p->meta; p++) {
		size_t k = strlen(want);
		max++;
		many |= p->many;
		if (!p->optional) {
			need++;
			snprintf(want + k, sizeof want - k, "%s%s%s", k ? " " : "", p->meta,
			         p->many ? "..." : "");
		}
	}
	if (c->npos < need)
		return usage_error(c->cmd, "needs %s", want);
	if (c->npos > max && !many)
		return usage_error(c->cmd, "unexpected argument \"%s\"", c->pos[max]);
	p = c->cmd->pos;
	for (int i = 0; i < c->npos && p && p->meta; i++) {
		if (check_value(c->cmd, p->meta, p->type, p->choices, 0, 0, c->pos[i]))
			return EXIT_USAGE;
		if (!p->many)
			p++;
	}
	return 0;
}

int opt_parse(int argc, char **argv, struct ctx *c, int *status)
{
	const char *env = getenv("TSDB_PATH");
	int dashdash = 0;
	c->g.db_path = env && *env ? env : "tsdb";
	c->g.busy_ms = 10000; /* a writer waits this long for another before "database busy" */
	*status = EXIT_USAGE;
	if (!(c->given = calloc((size_t)argc + 1, sizeof *c->given)) ||
	    !(c->pos = calloc((size_t)argc + 1, sizeof *c->pos))) {
		fprintf(stderr, "tsq: out of memory\n");
		*status = EXIT_STORE;
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i], name[64];
		if (!dashdash && c->cmd && strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (dashdash || !is_option(a)) {
			if (c->cmd)
				c->pos[c->npos++] = a;
			else if (!(c->cmd = command_named(a)))
				return unknown_command(a), 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			opt_help(c->cmd, stdout);
			*status = EXIT_OK;
			return -1;
		}
		if (!c->cmd && strcmp(a, "--version") == 0) {
			printf("tsq %s\n", TSDB_VERSION_STRING);
			*status = EXIT_OK;
			return -1;
		}
		const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
		size_t nl = eq ? (size_t)(eq - a) : strlen(a);
		snprintf(name, sizeof name, "%.*s", (int)(nl < sizeof name ? nl : sizeof name - 1),
		         a);
		const struct opt *o = opt_find(c->cmd, name);
		if (!o)
			return unknown_option(c->cmd, name), 1;
		const char *v;
		if (o->type == V_FLAG) {
			if (eq)
				return usage_error(c->cmd, "%s takes no value", o->name), 1;
			v = "";
		} else if (eq)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			return usage_error(c->cmd, "%s needs a value (%s)", name, o->meta), 1;
		for (;;) {
			if (o->type != V_FLAG &&
			    check_value(c->cmd, o->name, o->type, o->choices, o->lo, o->hi, v))
				return 1;
			c->given[c->ngiven++] = (struct given){o, v};
			if (find_in(global_opts, o->name))
				apply_global(&c->g, o, v);
			/* --region A B C: the words up to the next option */
			if (!(o->flags & OPT_MANY) || eq || i + 1 >= argc ||
			    is_option(argv[i + 1]) || strcmp(argv[i + 1], "--") == 0)
				break;
			v = argv[++i];
		}
	}
	if (!c->cmd) {
		opt_usage(NULL, stderr);
		return 1;
	}
	if (check_positionals(c))
		return 1;
	for (size_t i = 0; c->cmd->opts && c->cmd->opts[i]; i++)
		for (const struct opt *o = c->cmd->opts[i]; o->name; o++)
			if ((o->flags & OPT_REQUIRED) && !arg(c, o->name))
				return usage_error(c->cmd, "needs %s%s %s", o->alias ? "-" : "",
				                   o->alias ? (char[2]){o->alias, 0} : o->name,
				                   o->meta),
				       1;
	*status = EXIT_OK;
	return 0;
}

/* ---- usage and help ---- */

/* Appends word to a usage text being wrapped at 80 columns. */
static void put_word(FILE *out, int *col, int indent, const char *word)
{
	int w = (int)strlen(word);
	if (*col + 1 + w > 80 && *col > indent) {
		fprintf(out, "\n%*s", indent, "");
		*col = indent;
	} else if (*col) {
		fputc(' ', out);
		(*col)++;
	}
	fputs(word, out);
	*col += w;
}

static void opt_synopsis(const struct opt *o, char *buf, size_t size)
{
	char name[40];
	if (o->alias)
		snprintf(name, sizeof name, "-%c", o->alias);
	else
		snprintf(name, sizeof name, "%s", o->name);
	int req = (o->flags & OPT_REQUIRED) != 0;
	if (o->type == V_FLAG)
		snprintf(buf, size, "[%s]", name);
	else
		snprintf(buf, size, "%s%s %s%s%s", req ? "" : "[", name,
		         o->type == V_CHOICE ? o->choices : o->meta,
		         (o->flags & OPT_MANY) ? "..." : "", req ? "" : "]");
}

void opt_usage(const struct command *cmd, FILE *out)
{
	char word[200];
	int col = 0, indent;
	if (!cmd) {
		fputs(
		    "usage: tsq [--db PATH] [--read-only] [--busy-timeout MS] [--quiet] COMMAND [ARGS]\n"
		    "       tsq help [COMMAND] | tsq COMMAND --help | tsq --version\n",
		    out);
		return;
	}
	fputs("usage:", out);
	col = 6;
	snprintf(word, sizeof word, "tsq %s", cmd->name);
	put_word(out, &col, 0, word);
	indent = col + 1 > 30 ? 8 : col + 1;
	for (const struct posarg *p = cmd->pos; p && p->meta; p++) {
		snprintf(word, sizeof word, "%s%s%s%s", p->optional ? "[" : "",
		         p->type == V_CHOICE ? p->choices : p->meta, p->many ? "..." : "",
		         p->optional ? "]" : "");
		put_word(out, &col, indent, word);
	}
	for (size_t i = 0; cmd->opts && cmd->opts[i]; i++)
		for (const struct opt *o = cmd->opts[i]; o->name; o++) {
			opt_synopsis(o, word, sizeof word);
			put_word(out, &col, indent, word);
		}
	fputc('\n', out);
}

static void opt_line(FILE *out, const struct opt *o)
{
	char left[120];
	int n = snprintf(left, sizeof left, "%s%c%s%s%s%s", o->alias ? "-" : "",
	                 o->alias ? o->alias : ' ', o->alias ? ", " : "", o->name,
	                 o->type == V_FLAG ? "" : " ",
	                 o->type == V_FLAG     ? ""
	                 : o->type == V_CHOICE ? o->choices
	                                       : o->meta);
	const char *l = o->alias ? left : left + 1;
	n -= !o->alias;
	fprintf(out, "  %s%*s %s\n", l, n < 26 ? 26 - n : 1, "", o->help);
}

void opt_help(const struct command *cmd, FILE *out)
{
	opt_usage(cmd, out);
	if (!cmd) {
		fputs("\nThe database is --db PATH, else $TSDB_PATH, else ./tsdb.\n\ncommands:\n",
		      out);
		for (size_t i = 0; (cmd = command_at(i)); i++)
			fprintf(out, "  %-10s %s\n", cmd->name, cmd->summary);
		fputs("\nglobal options (before the command or after it, before --):\n", out);
		for (const struct opt *o = global_opts; o->name; o++)
			opt_line(out, o);
		fputs("\nexit status: 0 success, 1 usage error, 2 bad data, 3 I/O or store error,\n"
		      "130 interrupted\n",
		      out);
		return;
	}
	fprintf(out, "\n%s\n", cmd->summary);
	if (cmd->opts && cmd->opts[0]) {
		fputs("\noptions:\n", out);
		for (size_t i = 0; cmd->opts[i]; i++)
			for (const struct opt *o = cmd->opts[i]; o->name; o++)
				opt_line(out, o);
	}
	if (cmd->notes)
		fprintf(out, "\n%s\n", cmd->notes);
	fputs("\nglobal options: --db PATH, --read-only, --busy-timeout MS, --quiet (tsq help)\n",
	      out);
}

int usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	if (cmd)
		fprintf(stderr, "tsq %s: ", cmd->name);
	else
		fputs("tsq: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	opt_usage(cmd, stderr);
	return EXIT_USAGE;
}
