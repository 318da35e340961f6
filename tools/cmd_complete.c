/* cmd_complete.c — tsq __complete: the words bash completion offers
 * (tools/tsq.bash). What a command accepts is read from the command and
 * option tables, and ids and names from the database, so completion never
 * drifts from tsq itself; tsq __options prints the tables for the tests.
 *
 * tsq __complete WORD...  takes the command line after "tsq", the last WORD
 * being the one to complete (perhaps ""), and prints the candidates one per
 * line, or the line ":files" or ":dirs" for the shell to complete paths. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"

/* ---- candidates ------------------------------------------------------------ */

/* Words gathered, then sorted and printed once each. */
struct words {
	char **v;
	size_t n, cap;
	const char *prefix; /* what the word being completed begins with */
	const char *head;   /* printed before each word (an expression so far) */
	tsdb_txn *t;        /* regions: to try their names' short forms */
};

static void add(struct words *w, const char *s, size_t len)
{
	size_t plen = strlen(w->prefix);
	if (len < plen || strncasecmp(s, w->prefix, plen) != 0)
		return;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		char **v = realloc(w->v, cap * sizeof *v);
		if (!v)
			return; /* fewer candidates; completion is a convenience */
		w->v = v;
		w->cap = cap;
	}
	size_t hlen = strlen(w->head);
	char *x = malloc(hlen + len + 1);
	if (!x)
		return;
	memcpy(x, w->head, hlen);
	memcpy(x + hlen, s, len);
	x[hlen + len] = 0;
	w->v[w->n++] = x;
}

static void add_str(struct words *w, const char *s)
{
	if (s && *s)
		add(w, s, strlen(s));
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_words(struct words *w)
{
	qsort(w->v, w->n, sizeof *w->v, by_text);
	for (size_t i = 0; i < w->n; i++)
		if (!i || strcmp(w->v[i], w->v[i - 1]))
			puts(w->v[i]);
}

static void free_words(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
}

static int one_indicator(const tsdb_indicator *x, void *arg)
{
	add_str(arg, x->id);
	return 0;
}

static int one_source(const tsdb_source *x, void *arg)
{
	add_str(arg, x->id);
	return 0;
}

/* The shortest form of a region's name that still names it: "Beijing" for
 * "Beijing Shi", 广东 for 广东省, 新疆 for 新疆维吾尔自治区. The resolver
 * decides, so only forms tsq accepts are offered. */
static void add_short(struct words *w, const tsdb_region *x, const char *name)
{
	size_t len = strlen(name), plen = strlen(w->prefix), best = len, chars = 0;
	int words = strchr(name, ' ') != NULL;
	char buf[256];
	tsdb_region r;
	if (!*w->prefix || len >= sizeof buf || strncasecmp(name, w->prefix, plen) != 0)
		return;
	for (size_t n = 1; n < len; n++) {
		chars += ((unsigned char)name[n - 1] & 0xC0) != 0x80;
		if ((words ? name[n] != ' ' : ((unsigned char)name[n] & 0xC0) == 0x80) || chars < 2 ||
		    n < plen)
			continue;
		memcpy(buf, name, n);
		buf[n] = 0;
		if (!tsdb_region_resolve(w->t, buf, &r, NULL) && strcmp(r.code, x->code) == 0) {
			best = n;
			break;
		}
	}
	if (best < len)
		add(w, name, best);
}

/* Every name a region answers to: its code, its names (and their short
 * forms) and its aliases. */
static int one_region(const tsdb_region *x, void *arg)
{
	struct words *w = arg;
	add_str(w, x->code);
	add_str(w, x->name);
	add_str(w, x->name_zh);
	add_short(w, x, x->name);
	add_short(w, x, x->name_zh);
	for (const char *a = x->aliases; a && *a;) {
		size_t n = strcspn(a, "|");
		if (n)
			add(w, a, n);
		a += n + (a[n] == '|');
	}
	return 0;
}

static int one_level(const tsdb_region *x, void *arg)
{
	add_str(arg, x->level);
	return 0;
}

enum kind { NONE, FILES, DIRS, CHOICES, INDICATORS, SOURCES, REGIONS, TRANSFORMS, LEVELS, COMMANDS };

/* What completion offers for a value of type t. */
static enum kind kind_of(enum vtype t)
{
	switch (t) {
	case V_FILE:
	case V_OUTFILE: return FILES;
	case V_DIR: return DIRS;
	case V_CHOICE:
	case V_SCALE: return CHOICES;
	case V_INDICATOR:
	case V_EXPR: return INDICATORS;
	case V_SOURCE: return SOURCES;
	case V_REGION: return REGIONS;
	case V_TRANSFORM: return TRANSFORMS;
	case V_LEVEL: return LEVELS;
	case V_COMMAND: return COMMANDS;
	default: return NONE;
	}
}

/* Offers what kind k takes; the database is opened only when needed. */
static int offer(const struct cli *g, enum kind k, const char *value, const char *cur)
{
	struct words w = {NULL, 0, 0, cur, "", NULL};
	tsdb *db = NULL;
	tsdb_txn *t = NULL;
	char head[256] = "";

	switch (k) {
	case NONE: return EXIT_OK;
	case COMMANDS: {
		const struct command *c;
		for (size_t i = 0; (c = command_at(i)); i++)
			add_str(&w, c->name);
		break;
	}
	case FILES: puts(":files"); return EXIT_OK;
	case DIRS: puts(":dirs"); return EXIT_OK;
	case CHOICES:
		for (const char *a = value; *a;) {
			size_t n = strcspn(a, "|");
			add(&w, a, n);
			a += n + (a[n] == '|');
		}
		break;
	case TRANSFORMS:
		if (strncmp(cur, "share:", 6) == 0) {
			k = REGIONS; /* share:REGION */
			snprintf(head, sizeof head, "share:");
			w.prefix = cur + 6;
			w.head = head;
			break;
		}
		for (int op = TSDB_TR_NONE + 1; op <= TSDB_TR_DISCRETE; op++) {
			char name[32];
			snprintf(name, sizeof name, "%s%s", tsdb_transform_name(op),
			         op == TSDB_TR_INDEX || op == TSDB_TR_SHARE ? ":" : "");
			add_str(&w, name);
		}
		break;
	case INDICATORS: {
		/* in an expression, the operand being typed: "gdp_usd/pop" */
		size_t at = strlen(cur);
		while (at && !strchr("+-*/() ", cur[at - 1]))
			at--;
		snprintf(head, sizeof head, "%.*s", (int)at, cur);
		w.prefix = cur + at;
		w.head = head;
		break;
	}
	default: break;
	}
	if (k >= INDICATORS && k != TRANSFORMS && k != COMMANDS) {
		if (cli_open(g, 0, &db) || tsdb_txn_begin(db, 0, &t, NULL))
			goto out;
		w.t = t;
		if (k == INDICATORS)
			tsdb_indicator_each(t, one_indicator, &w, NULL);
		else if (k == SOURCES)
			tsdb_source_each(t, one_source, &w, NULL);
		else
			tsdb_region_each(t, k == LEVELS ? one_level : one_region, &w, NULL);
	}
	print_words(&w);
out:
	free_words(&w);
	tsdb_txn_abort(t);
	tsdb_close(db);
	return EXIT_OK;
}

/* Offers the options of cmd (the global ones too). */
static int offer_options(const struct command *cmd, const char *cur)
{
	struct words w = {NULL, 0, 0, cur, "", NULL};
	for (size_t i = 0; cmd && cmd->opts && cmd->opts[i]; i++)
		for (const struct opt *o = cmd->opts[i]; o->name; o++)
			add_str(&w, o->name);
	for (const struct opt *o = global_opts; o->name; o++)
		add_str(&w, o->name);
	add_str(&w, "--help");
	if (!cmd)
		add_str(&w, "--version");
	print_words(&w);
	free_words(&w);
	return EXIT_OK;
}

static const char *const scales[] = {"万", "亿", "万亿", "万元", "亿元", "万亿元", "thousand", "million", "billion", "trillion"};

static int offer_value(const struct cli *g, enum vtype t, const char *choices, const char *cur)
{
	char buf[256] = "";
	if (t == V_SCALE)
		for (size_t i = 0; i < sizeof scales / sizeof *scales; i++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "|" : "", scales[i]);
	return offer(g, kind_of(t), t == V_SCALE ? buf : choices ? choices : "", cur);
}

int cmd_complete(int argc, char **argv)
{
	struct ctx c = {0};
	const char *cur = argc > 1 ? argv[argc - 1] : "", *env = getenv("TSDB_PATH");
	const struct opt *taking = NULL; /* the option whose value comes next */
	int last = argc - 1, npos = 0, dashdash = 0;

	c.g.db_path = env && *env ? env : "tsdb";
	c.g.busy_ms = 10000;
	/* walk the words typed before the one being completed, as tsq reads them */
	for (int i = 1; i < last; i++) {
		const char *a = argv[i];
		int is_opt = a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9');
		if (taking && !is_opt) { /* its value */
			if (strcmp(taking->name, "--db") == 0)
				c.g.db_path = a;
			if (!(taking->flags & OPT_MANY))
				taking = NULL;
			continue;
		}
		taking = NULL;
		if (!dashdash && c.cmd && strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (!dashdash && is_opt) {
			const struct opt *o = opt_find(c.cmd, a);
			if (o && o->type != V_FLAG)
				taking = o;
			continue;
		}
		if (!c.cmd) {
			if (!(c.cmd = command_named(a)))
				return EXIT_OK;
		} else
			npos++;
	}
	if (taking)
		return offer_value(&c.g, taking->type, taking->choices, cur);
	if (!dashdash && cur[0] == '-' && !(cur[1] >= '0' && cur[1] <= '9'))
		return offer_options(c.cmd, cur);
	if (!c.cmd)
		return offer(&c.g, COMMANDS, "", cur);
	const struct posarg *p = c.cmd->pos, *at = NULL;
	for (int k = 0; p && p[k].meta; k++)
		if (k == npos || (p[k].many && !p[k + 1].meta && npos >= k))
			at = &p[k];
	if (!at)
		return EXIT_OK;
	return offer_value(&c.g, at->type, at->choices, cur);
}

static const char *const type_names[] = {
    [V_FLAG] = "flag",      [V_TEXT] = "text",     [V_INT] = "number",       [V_PERIOD] = "period",
    [V_DATE] = "date",      [V_CHOICE] = "choice", [V_FILE] = "file",        [V_OUTFILE] = "outfile",
    [V_DIR] = "dir",        [V_INDICATOR] = "indicator", [V_EXPR] = "expr",  [V_REGION] = "region",
    [V_SOURCE] = "source",  [V_LEVEL] = "level",   [V_TRANSFORM] = "transform", [V_SCALE] = "scale",
    [V_COMMAND] = "command",
};

/* Writes text with roff's minus: "\-". */
static void roff(const char *s)
{
	for (; *s; s++)
		fputs(*s == '-' ? "\\-" : (char[2]){*s, 0}, stdout);
}

/* The synopsis of each command as the man page's COMMANDS list has it. */
static int man_synopsis(void)
{
	const struct command *cmd;
	for (size_t i = 0; (cmd = command_at(i)); i++) {
		printf(".B %s", cmd->name);
		int font_r = 0;
		for (const struct posarg *p = cmd->pos; p && p->meta; p++) {
			if (p->type == V_CHOICE) {
				printf(" %s", font_r ? "" : "\\fR");
				roff(p->choices);
				font_r = 1;
				continue;
			}
			printf(" %s%s\\fI%s\\fR%s%s", !font_r && p->optional ? "\\fR" : "", p->optional ? "[" : "",
			       p->meta, p->many ? "..." : "", p->optional ? "]" : "");
			font_r = 1;
		}
		for (size_t k = 0; cmd->opts && cmd->opts[k]; k++)
			for (const struct opt *o = cmd->opts[k]; o->name; o++) {
				int req = (o->flags & OPT_REQUIRED) != 0;
				printf(" %s%s\\fB", !font_r ? "\\fR" : "", req ? "" : "[");
				font_r = 1;
				if (o->alias)
					printf("\\-%c", o->alias);
				else
					roff(o->name);
				fputs("\\fR", stdout);
				if (o->type == V_CHOICE) {
					putchar(' ');
					roff(o->choices);
				} else if (o->type != V_FLAG) {
					fputs(" \\fI", stdout);
					roff(o->meta);
					fputs("\\fR", stdout);
				}
				printf("%s%s", (o->flags & OPT_MANY) ? "..." : "", req ? "" : "]");
			}
		putchar('\n');
	}
	return EXIT_OK;
}

int cmd_options(int argc, char **argv)
{
	const struct command *cmd;
	if (argc > 1 && strcmp(argv[1], "--man") == 0)
		return man_synopsis();
	for (const struct opt *o = global_opts; o->name; o++)
		printf("* %s %s%s%s\n", o->name, type_names[o->type], o->choices ? " " : "",
		       o->choices ? o->choices : "");
	for (size_t i = 0; (cmd = command_at(i)); i++) {
		printf("%s\n", cmd->name);
		for (const struct posarg *p = cmd->pos; p && p->meta; p++)
			printf("%s %s %s%s%s\n", cmd->name, p->meta, type_names[p->type], p->choices ? " " : "",
			       p->choices ? p->choices : "");
		for (size_t k = 0; cmd->opts && cmd->opts[k]; k++)
			for (const struct opt *o = cmd->opts[k]; o->name; o++)
				printf("%s %s %s%s%s\n", cmd->name, o->name, type_names[o->type], o->choices ? " " : "",
				       o->choices ? o->choices : "");
	}
	return EXIT_OK;
}
