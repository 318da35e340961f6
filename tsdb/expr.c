/* expr.c — arithmetic over indicators: "rd_expenditure / gdp * 100".
 *
 * A recursive-descent parser builds a small tree in an array; binding looks
 * up the indicators and works out the unit and kind; evaluation reads each
 * indicator's series once and computes period by period where every operand
 * has a value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { MAX_NODES = 256, MAX_UNITS = 8 };

struct node {
	char op;    /* 'n' number, 'i' indicator, 'u' negation, or + - * / */
	int a, b;   /* operands (node indexes) */
	double num; /* 'n' */
	int ind;    /* 'i': index into ids */
	int col;    /* 1-based column, for errors */
};

/* A unit as a product of named units to integer powers. */
struct unit {
	double k; /* the constants it was multiplied by, while no unit shows it */
	int n;
	char name[MAX_UNITS][32];
	int pow[MAX_UNITS];
};

struct tsdb_expr {
	struct node node[MAX_NODES];
	int nnodes, root;
	char *ids[MAX_NODES];
	int kinds[MAX_NODES];
	char units[MAX_NODES][32];
	size_t nids;
	char *text;
	char unit[160];
	int kind;
	int bound;
};

struct parser {
	tsdb_expr *e;
	const char *s, *p;
	tsdb_error *err;
};

static int fail(struct parser *ps, const char *at, const char *what)
{
	int col = (int)(at - ps->s) + 1;
	tsdb_error *err = ps->err;
	if (*at)
		ts_err(err, TSDB_EINVAL, "column %d: %s, at \"%.16s\"", col, what, at);
	else
		ts_err(err, TSDB_EINVAL, "column %d: %s, at the end", col, what);
	if (err && err->code == TSDB_EINVAL && !err->column)
		err->column = col;
	return -1;
}

static void space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int add_node(struct parser *ps, struct node n)
{
	if (ps->e->nnodes == MAX_NODES)
		return fail(ps, ps->p, "expression too long");
	ps->e->node[ps->e->nnodes] = n;
	return ps->e->nnodes++;
}

static int expr(struct parser *ps);
static int binary(struct parser *ps, int level);

/* A byte of an indicator's name: an id's, or any of a name in Chinese
 * (地区生产总值), resolved when the expression is bound. */
static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || (unsigned char)c >= 0x80;
}

static int primary(struct parser *ps)
{
	const char *at;
	space(ps);
	at = ps->p;
	if (*at == '(') {
		ps->p++;
		int r = expr(ps);
		if (r < 0)
			return r;
		space(ps);
		if (*ps->p != ')')
			return fail(ps, ps->p, "expected ')'");
		ps->p++;
		return r;
	}
	if (*at == '-' || *at == '+') {
		ps->p++;
		int r = primary(ps);
		if (r < 0 || *at == '+')
			return r;
		return add_node(ps, (struct node){'u', r, -1, 0, -1, (int)(at - ps->s) + 1});
	}
	if ((*at >= '0' && *at <= '9') || (*at == '.' && at[1] >= '0' && at[1] <= '9')) {
		char *end;
		double v = strtod(at, &end);
		if (!isfinite(v))
			return fail(ps, at, "number out of range");
		ps->p = end;
		if (ident_char(*end))
			return fail(ps, end, "expected an operator after a number");
		return add_node(ps, (struct node){'n', -1, -1, v, -1, (int)(at - ps->s) + 1});
	}
	if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') || *at == '_' ||
	    (unsigned char)*at >= 0x80) {
		const char *q = at;
		size_t len;
		while (ident_char(*q))
			q++;
		len = (size_t)(q - at);
		if (len > 64)
			return fail(ps, at, "an indicator id is at most 64 bytes");
		ps->p = q;
		/* the same indicator named twice is read once */
		size_t i;
		for (i = 0; i < ps->e->nids; i++)
			if (strlen(ps->e->ids[i]) == len && !strncmp(ps->e->ids[i], at, len))
				break;
		if (i == ps->e->nids) {
			if (!(ps->e->ids[i] = strndup(at, len))) {
				ts_err(ps->err, TSDB_ENOMEM, "out of memory");
				return -1;
			}
			ps->e->nids++;
		}
		return add_node(ps, (struct node){'i', -1, -1, 0, (int)i, (int)(at - ps->s) + 1});
	}
	return fail(ps, at, "expected an indicator, a number or '('");
}

/* Operators by precedence, loosest first; each level's operands are the
 * next level's, and the last level's are primaries. */
static const char *const levels[] = {"+-", "*/"};
enum { NLEVELS = sizeof levels / sizeof *levels };

static int operand(struct parser *ps, int level)
{
	return level + 1 < NLEVELS ? binary(ps, level + 1) : primary(ps);
}

/* Left-associative: a - b - c is (a - b) - c. */
static int binary(struct parser *ps, int level)
{
	int l = operand(ps, level);
	while (l >= 0) {
		space(ps);
		char op = *ps->p;
		if (!op || !strchr(levels[level], op))
			break;
		int col = (int)(ps->p - ps->s) + 1;
		ps->p++;
		int r = operand(ps, level);
		if (r < 0)
			return r;
		l = add_node(ps, (struct node){op, l, r, 0, -1, col});
	}
	return l;
}

static int expr(struct parser *ps)
{
	return binary(ps, 0);
}

void tsdb_expr_free(tsdb_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nids; i++)
		free(e->ids[i]);
	free(e->text);
	free(e);
}

int tsdb_expr_parse(const char *text, tsdb_expr **out, tsdb_error *err)
{
	tsdb_expr *e = calloc(1, sizeof *e);
	struct parser ps = {e, text, text, err};
	*out = NULL;
	if (!e || !(e->text = strdup(text))) {
		free(e);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	e->root = expr(&ps);
	if (e->root >= 0) {
		space(&ps);
		if (*ps.p)
			e->root = fail(&ps, ps.p, *ps.p == ')' ? "unbalanced ')'" : "expected an operator");
	}
	if (e->root >= 0 && !e->nids)
		e->root = fail(&ps, text, "an expression needs at least one indicator");
	if (e->root < 0) {
		int code = err && err->code ? err->code : TSDB_EINVAL;
		tsdb_expr_free(e);
		return code;
	}
	*out = e;
	return 0;
}

/* ---- units and kinds ---- */
static void unit_mul(struct unit *u, const struct unit *v, int sign)
{
	for (int i = 0; i < v->n; i++) {
		int j;
		for (j = 0; j < u->n && strcmp(u->name[j], v->name[i]); j++)
			;
		if (j == u->n) {
			if (u->n == MAX_UNITS)
				continue;
			strcpy(u->name[u->n], v->name[i]);
			u->pow[u->n++] = 0;
		}
		u->pow[j] += sign * v->pow[i];
	}
	/* drop what cancelled */
	int k = 0;
	for (int i = 0; i < u->n; i++)
		if (u->pow[i]) {
			if (k != i) {
				strcpy(u->name[k], u->name[i]);
				u->pow[k] = u->pow[i];
			}
			k++;
		}
	u->n = k;
}

static int unit_eq(const struct unit *a, const struct unit *b)
{
	struct unit d = *a;
	unit_mul(&d, b, -1);
	return d.n == 0;
}

static void unit_text(const struct unit *u, char *buf, size_t size)
{
	size_t k = 0;
	buf[0] = 0;
	for (int sign = 1; sign >= -1; sign -= 2) {
		int first = 1;
		for (int i = 0; i < u->n; i++) {
			int p = u->pow[i] * sign;
			if (p <= 0)
				continue;
			if (k < size)
				k += (size_t)snprintf(buf + k, size - k, "%s%s", first ? (sign < 0 ? "/" : "") : "·",
				                      u->name[i]);
			if (p > 1 && k < size)
				k += (size_t)snprintf(buf + k, size - k, "^%d", p);
			first = 0;
		}
		if (sign > 0 && first && u->n && k < size)
			k += (size_t)snprintf(buf + k, size - k, "1");
	}
	if (!u->n)
		snprintf(buf, size, "ratio");
}

/* Works out the unit and kind of node i. A constant has no unit (*konst). */
static int check(tsdb_expr *e, int i, struct unit *u, int *kind, int *konst, tsdb_error *err)
{
	struct node *n = &e->node[i];
	struct unit ru = {0};
	int rk, rconst, lk;
	memset(u, 0, sizeof *u);
	switch (n->op) {
	case 'n':
		*kind = -1;
		*konst = 1;
		u->k = n->num;
		return 0;
	case 'i':
		*konst = 0;
		*kind = e->kinds[n->ind];
		u->k = 1;
		u->n = 1;
		u->pow[0] = 1;
		snprintf(u->name[0], sizeof u->name[0], "%s", e->units[n->ind]);
		return 0;
	case 'u': {
		int rc = check(e, n->a, u, kind, konst, err);
		u->k = -u->k;
		return rc;
	}
	}
	int rc = check(e, n->a, u, &lk, konst, err);
	int lconst = *konst;
	if (rc || (rc = check(e, n->b, &ru, &rk, &rconst, err)))
		return rc;
	*konst = lconst && rconst;
	if (n->op == '+' || n->op == '-') {
		if (!lconst && !rconst && !unit_eq(u, &ru)) {
			char a[80], b[80];
			unit_text(u, a, sizeof a);
			unit_text(&ru, b, sizeof b);
			ts_err(err, TSDB_EINVAL, "column %d: cannot %s %s and %s", n->col,
			       n->op == '+' ? "add" : "subtract", a, b);
			if (err && !err->column)
				err->column = n->col;
			return TSDB_EINVAL;
		}
		if (lconst)
			*u = ru;
		/* a sum is scaled by no one factor; a constant added changes none */
		if (!lconst && !rconst)
			u->k = 1;
		/* the difference of two percentages is in percentage points */
		if (n->op == '-' && !lconst && !rconst && u->n == 1 && u->pow[0] == 1 &&
		    (!strcmp(u->name[0], "percent") || !strcmp(u->name[0], "pp")))
			snprintf(u->name[0], sizeof u->name[0], "pp");
		*kind = lconst ? rk : rconst ? lk : lk == rk ? lk : TSDB_KIND_RATE;
		return 0;
	}
	unit_mul(u, &ru, n->op == '*' ? 1 : -1);
	u->k = n->op == '*' ? u->k * ru.k : ru.k ? u->k / ru.k : 1;
	/* a ratio of like units times 100 is a percentage, times 1000 per
	 * mille, whichever order the constants come in (100 * a / b): the
	 * unit says what the number now counts */
	if (!*konst && u->n == 0 && (u->k == 100 || u->k == 1000)) {
		u->n = 1;
		u->pow[0] = 1;
		snprintf(u->name[0], sizeof u->name[0], "%s", u->k == 100 ? "percent" : "per mille");
		u->k = 1;
	}
	/* scaling by a constant keeps the kind; anything else is never summed */
	*kind = rconst ? lk : lconst && n->op == '*' ? rk : TSDB_KIND_RATE;
	return 0;
}

int tsdb_expr_bind(tsdb_txn *t, tsdb_expr *e, tsdb_error *err)
{
	struct unit u;
	int kind, konst, rc;
	for (size_t i = 0; i < e->nids; i++) {
		tsdb_indicator ind;
		if ((rc = tsdb_indicator_resolve(t, e->ids[i], &ind, err)))
			return rc;
		if (strcmp(ind.id, e->ids[i])) { /* named by name or alias: read by id */
			char *id = strdup(ind.id);
			if (!id)
				return ts_err(err, TSDB_ENOMEM, "out of memory");
			free(e->ids[i]);
			e->ids[i] = id;
		}
		e->kinds[i] = ind.kind;
		snprintf(e->units[i], sizeof e->units[i], "%s", ind.unit);
	}
	if ((rc = check(e, e->root, &u, &kind, &konst, err)))
		return rc;
	unit_text(&u, e->unit, sizeof e->unit);
	e->kind = kind < 0 ? TSDB_KIND_RATE : kind;
	e->bound = 1;
	return 0;
}

const char *tsdb_expr_unit(const tsdb_expr *e)
{
	return e->unit;
}

int tsdb_expr_kind(const tsdb_expr *e)
{
	return e->kind;
}

const char *tsdb_expr_text(const tsdb_expr *e)
{
	return e->text;
}

size_t tsdb_expr_indicators(const tsdb_expr *e)
{
	return e->nids;
}

const char *tsdb_expr_indicator(const tsdb_expr *e, size_t i)
{
	return i < e->nids ? e->ids[i] : NULL;
}

/* ---- evaluation ---- */

/* The value of node i at one period; 0 if an operand is missing there. */
static int value_at(const tsdb_expr *e, int i, const tsdb_series *in, tsdb_period p,
                    tsdb_sample *out)
{
	const struct node *n = &e->node[i];
	tsdb_sample a, b;
	const tsdb_sample *s;
	switch (n->op) {
	case 'n':
		*out = (tsdb_sample){p, n->num, TSDB_Q_EQ, -1, "", 0};
		return 1;
	case 'i':
		if (!(s = tsdb_series_find(&in[n->ind], p)))
			return 0;
		*out = *s;
		return 1;
	case 'u':
		if (!value_at(e, n->a, in, p, out))
			return 0;
		out->value = -out->value;
		out->qualifier = ts_qualifier_arith('-', TSDB_Q_EQ, 0, out->qualifier, out->value);
		return 1;
	}
	if (!value_at(e, n->a, in, p, &a) || !value_at(e, n->b, in, p, &b))
		return 0;
	*out = a;
	out->qualifier = ts_qualifier_arith(n->op, a.qualifier, a.value, b.qualifier, b.value);
	ts_sample_join(out, &a, &b);
	switch (n->op) {
	case '+': out->value = a.value + b.value; break;
	case '-': out->value = a.value - b.value; break;
	case '*': out->value = a.value * b.value; break;
	default:
		if (b.value == 0)
			return 0;
		out->value = a.value / b.value;
	}
	return isfinite(out->value);
}

int tsdb_expr_eval(tsdb_txn *t, const tsdb_expr *e, const tsdb_query *q, int freq,
                   tsdb_series *out, tsdb_error *err)
{
	return ts_expr_eval_noted(t, e, q, freq, NULL, NULL, out, err);
}

int ts_expr_eval_noted(tsdb_txn *t, const tsdb_expr *e, const tsdb_query *q, int freq,
                       void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                       tsdb_series *out, tsdb_error *err)
{
	tsdb_series in[MAX_NODES] = {{0}};
	tsdb_query lq = *q;
	int rc = 0;

	out->n = 0;
	if (!e->bound)
		return ts_err(err, TSDB_EINVAL, "expression not bound");
	for (size_t i = 0; i < e->nids && !rc; i++) {
		tsdb_series raw = {0};
		lq.indicator = e->ids[i];
		rc = tsdb_series_read(t, &lq, freq ? &raw : &in[i], err);
		if (!rc && freq) {
			rc = tsdb_series_convert_noted(&raw, e->kinds[i], freq, &in[i], note, arg, err);
			if (rc && err && err->code == rc && !strstr(err->text, e->ids[i])) {
				char text[TSDB_ERROR_TEXT];
				snprintf(text, sizeof text, "%.64s: %.250s", e->ids[i], err->text);
				memcpy(err->text, text, sizeof text);
			}
		}
		tsdb_series_free(&raw);
	}
	if (!rc)
		rc = ts_expr_combine(e, in, out, err);
	for (size_t i = 0; i < e->nids; i++)
		tsdb_series_free(&in[i]);
	return rc;
}

int ts_expr_combine(const tsdb_expr *e, const tsdb_series *in, tsdb_series *out, tsdb_error *err)
{
	int rc = 0;
	out->n = 0;
	/* every period of the first indicator where all operands have a value */
	for (size_t k = 0; !rc && k < in[0].n; k++) {
		tsdb_sample r;
		if (value_at(e, e->root, in, in[0].v[k].period, &r)) {
			if (r.status < 0)
				r.status = TSDB_STATUS_ACTUAL;
			rc = tsdb_series_push(out, &r, err);
		}
	}
	return rc;
}

int ts_expr_operand_kind(const tsdb_expr *e, size_t i, const char **unit)
{
	*unit = e->units[i];
	return e->kinds[i];
}
