/* cmd_complete.c — tsq __complete: the words bash completion offers
 * (tools/tsq.bash). What a command accepts is read from its usage text in
 * the command table, and ids and names from the database, so completion
 * never drifts from tsq itself.
 *
 * tsq __complete WORD...  takes the command line after "tsq", the last WORD
 * being the one to complete (perhaps ""), and prints the candidates one per
 * line, or the line ":files" or ":dirs" for the shell to complete paths. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"

/* What a command takes, read from its usage text: "[--from P]" is an option
 * with a value, "[--bar]" a flag, "REGION..." a positional that repeats. */
struct arg {
	char name[32];  /* "--from", or "" for a positional */
	char value[64]; /* "P", "table|csv|json", "REGION"; "" for a flag */
	int many;       /* "...": repeats */
};

struct spec {
	struct arg opt[48], pos[8];
	int nopt, npos;
};

static void strip_dots(char *s, int *many)
{
	size_t n = strlen(s);
	/* "region=COL[,period=COL,...]" is one value, not several */
	*many = n > 3 && strcmp(s + n - 3, "...") == 0 && !strchr(s, '[');
	if (*many)
		s[n - 3] = 0;
}

/* Reads the synopsis lines of a usage text: those that begin "tsq NAME" and
 * those that continue them (beginning with '[' or '-'). Explanations
 * ("  T: yoy pop ...") and asides ("(- reads standard input)") are skipped. */
static void parse_usage(const char *usage, struct spec *sp)
{
	char line[512];
	memset(sp, 0, sizeof *sp);
	while (*usage) {
		size_t n = strcspn(usage, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, usage);
		usage += n + (usage[n] == '\n');
		char *save = NULL, *tok = strtok_r(line, " ", &save);
		int skip = 0;
		if (!tok)
			continue;
		if (strcmp(tok, "tsq") == 0)
			skip = 2; /* "tsq" and the command's name */
		else if (tok[0] != '[' && tok[0] != '-')
			continue;
		struct arg *pending = NULL;
		for (; tok; tok = strtok_r(NULL, " ", &save)) {
			if (skip) {
				skip--;
				continue;
			}
			if (tok[0] == '(')
				break;
			int opens = tok[0] == '[';
			while (*tok == '[')
				tok++;
			size_t len = strlen(tok);
			int closes = len && tok[len - 1] == ']';
			while (len && tok[len - 1] == ']')
				tok[--len] = 0;
			if (!*tok)
				continue;
			if (tok[0] == '-' && tok[1]) {
				pending = NULL;
				if (sp->nopt == (int)(sizeof sp->opt / sizeof *sp->opt))
					continue;
				for (int i = 0; i < sp->nopt; i++)
					if (strcmp(sp->opt[i].name, tok) == 0)
						pending = &sp->opt[i]; /* named again on another line */
				if (!pending) {
					pending = &sp->opt[sp->nopt++];
					snprintf(pending->name, sizeof pending->name, "%.*s", (int)strcspn(tok, "="), tok);
				}
				if (closes)
					pending = NULL;
			} else if (pending && !opens) {
				snprintf(pending->value, sizeof pending->value, "%s", tok);
				strip_dots(pending->value, &pending->many);
				pending = NULL;
			} else {
				pending = NULL;
				/* nothing is reached after a positional that repeats */
				if (sp->npos == (int)(sizeof sp->pos / sizeof *sp->pos) ||
				    (sp->npos && sp->pos[sp->npos - 1].many))
					continue;
				struct arg *a = &sp->pos[sp->npos++];
				snprintf(a->value, sizeof a->value, "%s", tok);
				strip_dots(a->value, &a->many);
			}
		}
	}
}

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

enum kind { NONE, FILES, DIRS, CHOICES, INDICATORS, SOURCES, REGIONS, TRANSFORMS, LEVELS };

/* What an option's value or a positional is, by the option's name, else by
 * the placeholder the usage text gives it. */
static enum kind kind_of(const char *opt, const char *value)
{
	static const struct {
		const char *word;
		enum kind kind;
	} names[] = {{"--indicator", INDICATORS}, {"--source", SOURCES},  {"--region", REGIONS},
	             {"--within", REGIONS},       {"--transform", TRANSFORMS}, {"--level", LEVELS},
	             {"EXPR", INDICATORS},        {"INDICATOR", INDICATORS}, {"REGION", REGIONS},
	             {"DEST", DIRS},              {"PATH", DIRS},           {"T", TRANSFORMS},
	             {"L", LEVELS},               {"R", REGIONS}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if ((opt && strcmp(opt, names[i].word) == 0) || strcmp(value, names[i].word) == 0)
			return names[i].kind;
	if (strncmp(value, "FILE", 4) == 0)
		return FILES;
	return strchr(value, '|') ? CHOICES : NONE;
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
	if (k >= INDICATORS && k != TRANSFORMS) {
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

static const char *const global_opts[] = {"--db", "--read-only", "--busy-timeout", "--quiet",
                                          "--help", "--version"};

int cmd_complete(const struct cli *g0, int argc, char **argv)
{
	struct cli g = *g0;
	struct spec sp;
	struct words w = {NULL, 0, 0, "", "", NULL};
	const struct command *cmd;
	const char *cur = argc > 1 ? argv[argc - 1] : "";
	int i = 1, last = argc - 1, npos = 0;
	const struct arg *taking = NULL; /* the option whose value comes next */

	/* options before the command: --db names the database to read */
	for (; i < last && argv[i][0] == '-'; i++)
		if ((strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--busy-timeout") == 0) &&
		    i + 1 < last)
			g.db_path = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--busy-timeout") == 0)
			return offer(&g, argv[i][2] == 'd' ? DIRS : NONE, "", cur);
	if (i >= last) {
		w.prefix = cur;
		if (cur[0] == '-')
			for (size_t k = 0; k < sizeof global_opts / sizeof *global_opts; k++)
				add_str(&w, global_opts[k]);
		else
			for (size_t k = 0; (cmd = command_at(k)); k++)
				add_str(&w, cmd->name);
		print_words(&w);
		free_words(&w);
		return EXIT_OK;
	}
	if (!(cmd = command_named(argv[i])))
		return EXIT_OK;
	parse_usage(cmd->usage, &sp);

	/* walk the words typed after the command, as the command reads them */
	for (i++; i < last; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
			taking = NULL;
			for (int k = 0; k < sp.nopt; k++)
				if (strcmp(sp.opt[k].name, a) == 0 && sp.opt[k].value[0])
					taking = &sp.opt[k];
			continue;
		}
		if (taking && !taking->many)
			taking = NULL; /* this word was its value */
		else if (!taking)
			npos++;
	}
	if (cur[0] == '-' && !(cur[1] >= '0' && cur[1] <= '9')) {
		w.prefix = cur;
		for (int k = 0; k < sp.nopt; k++)
			add_str(&w, sp.opt[k].name);
		add_str(&w, "--help");
		print_words(&w);
		free_words(&w);
		return EXIT_OK;
	}
	if (taking)
		return offer(&g, kind_of(taking->name, taking->value), taking->value, cur);
	if (!sp.npos)
		return EXIT_OK;
	if (npos >= sp.npos) {
		if (!sp.pos[sp.npos - 1].many)
			return EXIT_OK;
		npos = sp.npos - 1;
	}
	return offer(&g, kind_of(NULL, sp.pos[npos].value), sp.pos[npos].value, cur);
}
