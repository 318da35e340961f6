/* block.c — the series block: the shown versions of consecutive observations
 * of one series in one obs record, coded so that a regular series costs a
 * few bytes an observation (see internal.h and docs/STORE.md).
 *
 * A block is a varint count, then one entry per observation in period order.
 * Each entry opens with a head byte saying which of its parts are written
 * and which follow from the entry before it:
 *
 *   bit 0     the period is written (varint start, zigzag varint end - start);
 *             otherwise it is the period after the previous one, of the same
 *             length in months (whole months) or in days (anything else)
 *   bits 1-2  the value: 0 a decimal of the previous exponent, the zigzag
 *             difference of the mantissa from the previous one; 1 a decimal
 *             with its exponent (one byte) and zigzag mantissa; 2 the IEEE
 *             double (8 bytes, big-endian)
 *   bit 3     vintage, source (varints) and status << 4 | qualifier (a byte)
 *             are written; otherwise they are the previous entry's
 *   bit 4     quote and note follow (varint length, "quote\0note\0")
 *   bit 5     the conflict flag
 *   bits 6-7  zero
 *
 * A decimal m·10^-e is used only when dividing m by 10^e gives back the very
 * double stored (the reader divides the same way), so every value is exact. */
#include <math.h>
#include <stdlib.h>

#include "internal.h"

enum {
	H_PERIOD = 1,
	H_VALUE = 6,
	H_ATTRS = 8,
	H_TAIL = 16,
	H_CONFLICT = 32,
	H_RESERVED = 0xC0,
	V_DELTA = 0,
	V_DECIMAL = 2,
	V_RAW = 4,
	MAX_EXP = 22,
};

static const double p10[MAX_EXP + 1] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* ---- dates ---- */

static int real_date(uint32_t d, unsigned *y, unsigned *m, unsigned *dd)
{
	*y = d / 10000;
	*m = d / 100 % 100;
	*dd = d % 100;
	return *y >= 1 && *m >= 1 && *m <= 12 && *dd >= 1 && *dd <= ts_month_days(*y, *m);
}

/* Days since 0000-03-01 of a proleptic Gregorian date, and back. */
static int64_t day_number(unsigned y, unsigned m, unsigned d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

static uint32_t from_day_number(int64_t z)
{
	int64_t era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
	if (y < 1 || y > 9999)
		return 0;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

/* The period after [s, e] of the same length: 0 when there is none (not
 * real dates, or past year 9999). */
static int next_period(uint32_t s, uint32_t e, uint32_t *ns, uint32_t *ne)
{
	unsigned sy, sm, sd, ey, em, ed;
	if (!real_date(s, &sy, &sm, &sd) || !real_date(e, &ey, &em, &ed) || e < s)
		return 0;
	if (sd == 1 && ed == ts_month_days(ey, em)) {
		unsigned k = (ey * 12 + em) - (sy * 12 + sm) + 1; /* months long */
		unsigned m0 = ey * 12 + em, m1 = m0 + k - 1;      /* month indexes from 0 */
		if (m1 / 12 > 9999)
			return 0;
		*ns = (m0 / 12) * 10000 + (m0 % 12 + 1) * 100 + 1;
		*ne = (m1 / 12) * 10000 + (m1 % 12 + 1) * 100 + ts_month_days(m1 / 12, m1 % 12 + 1);
		return 1;
	}
	int64_t a = day_number(sy, sm, sd), b = day_number(ey, em, ed);
	*ns = from_day_number(b + 1);
	*ne = from_day_number(b + 1 + (b - a));
	return *ns && *ne;
}

/* ---- varints ---- */

struct out {
	unsigned char *p;
	size_t len, cap;
	int failed;
};

static void room(struct out *o, size_t n)
{
	if (o->failed || o->len + n <= o->cap)
		return;
	size_t cap = o->cap ? o->cap : 256;
	while (cap < o->len + n)
		cap *= 2;
	unsigned char *p = realloc(o->p, cap);
	if (!p) {
		o->failed = 1;
		return;
	}
	o->p = p;
	o->cap = cap;
}

static void put_byte(struct out *o, unsigned b)
{
	room(o, 1);
	if (!o->failed)
		o->p[o->len++] = (unsigned char)b;
}

static void put_bytes(struct out *o, const void *b, size_t n)
{
	room(o, n);
	if (!o->failed && n) {
		memcpy(o->p + o->len, b, n);
		o->len += n;
	}
}

static void put_var(struct out *o, uint64_t v)
{
	room(o, 10);
	if (o->failed)
		return;
	while (v >= 0x80) {
		o->p[o->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	o->p[o->len++] = (unsigned char)v;
}

static uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

struct in {
	const unsigned char *p, *end;
};

static int get_var(struct in *in, uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (in->p == in->end)
			return -1;
		unsigned b = *in->p++;
		x |= (uint64_t)(b & 0x7F) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int get_var32(struct in *in, uint32_t *v)
{
	uint64_t x;
	if (get_var(in, &x) || x > 0xFFFFFFFFu)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* ---- values ---- */

/* Is v exactly m / 10^e for an integer m below 2^53? */
static int decimal(double v, int e, int64_t *m)
{
	double x = v * p10[e];
	if (!(fabs(x) < 9007199254740992.0))
		return 0;
	int64_t mi = (int64_t)nearbyint(x);
	double back = (double)mi / p10[e];
	if (memcmp(&back, &v, sizeof v))
		return 0;
	*m = mi;
	return 1;
}

/* ---- the coder ---- */

/* What an entry takes from the one before it. */
struct state {
	uint32_t start, end;
	int have_period;
	int e;
	int64_t m;
	unsigned char attrs[10]; /* vintage, source, status, qualifier as in rec */
};

static void attrs_of(const unsigned char *rec, unsigned char *a)
{
	memcpy(a, rec + 12, 8);
	a[8] = rec[9];
	a[9] = rec[8];
}

static void encode_one(struct out *o, struct state *st, const struct ts_entry *x)
{
	unsigned head = 0;
	uint32_t ns, ne;
	unsigned char a[10];
	double v = ts_get_double(x->rec);
	int64_t m = 0;
	int e = -1;

	if (!st->have_period || !next_period(st->start, st->end, &ns, &ne) || ns != x->start ||
	    ne != x->end)
		head |= H_PERIOD;
	if (decimal(v, st->e, &m))
		e = st->e, head |= V_DELTA;
	else {
		for (int k = 0; k <= MAX_EXP && e < 0; k++)
			if (decimal(v, k, &m))
				e = k;
		head |= e >= 0 ? V_DECIMAL : V_RAW;
	}
	attrs_of(x->rec, a);
	if (memcmp(a, st->attrs, sizeof a))
		head |= H_ATTRS;
	if (x->tail_len)
		head |= H_TAIL;
	if (x->rec[10] & 1)
		head |= H_CONFLICT;

	put_byte(o, head);
	if (head & H_PERIOD) {
		put_var(o, x->start);
		put_var(o, zigzag((int64_t)x->end - (int64_t)x->start));
	}
	if ((head & H_VALUE) == V_DELTA)
		put_var(o, zigzag(m - st->m));
	else if ((head & H_VALUE) == V_DECIMAL) {
		put_byte(o, (unsigned)e);
		put_var(o, zigzag(m));
	} else
		put_bytes(o, x->rec, 8);
	if (head & H_ATTRS) {
		put_var(o, ts_get32(x->rec + 12));
		put_var(o, ts_get32(x->rec + 16));
		put_byte(o, (unsigned)(x->rec[9] & 15) << 4 | (x->rec[8] & 15));
	}
	if (head & H_TAIL) {
		put_var(o, x->tail_len);
		put_bytes(o, x->tail, x->tail_len);
	}
	st->start = x->start;
	st->end = x->end;
	st->have_period = 1;
	if (e >= 0) {
		st->e = e;
		st->m = m;
	}
	memcpy(st->attrs, a, sizeof a);
}

int ts_block_encode(const struct ts_entry *e, size_t n, unsigned char **buf, size_t *cap,
                    size_t *len, size_t *taken)
{
	struct out o = {*buf, 0, *cap, 0};
	struct state st = {0};
	size_t i = 0;
	unsigned char count[10];
	/* the count goes first: written once the entries are known */
	o.len = 10;
	room(&o, 10);
	while (i < n && !o.failed && (i == 0 || (i < TS_BLOCK_ENTRIES && o.len < TS_BLOCK_BYTES)))
		encode_one(&o, &st, &e[i++]);
	*buf = o.p;
	*cap = o.cap;
	if (o.failed)
		return TSDB_ENOMEM;
	struct out c = {count, 0, sizeof count, 0};
	put_var(&c, i);
	memmove(o.p + 10 - c.len, count, c.len);
	memmove(o.p, o.p + 10 - c.len, o.len - (10 - c.len));
	*len = o.len - (10 - c.len);
	*taken = i;
	return 0;
}

int ts_block_decode(const void *data, size_t size, struct ts_entry **e, size_t *n, size_t *cap)
{
	struct in in = {data, (const unsigned char *)data + size};
	struct state st = {0};
	uint64_t count;
	*n = 0;
	if (get_var(&in, &count) || count == 0 || count > size)
		return TSDB_ECORRUPT;
	if (count > *cap) {
		struct ts_entry *ne = realloc(*e, (size_t)count * sizeof *ne);
		if (!ne)
			return TSDB_ENOMEM;
		*e = ne;
		*cap = (size_t)count;
	}
	for (size_t i = 0; i < count; i++) {
		struct ts_entry *x = &(*e)[i];
		unsigned head, kind;
		if (in.p == in.end || ((head = *in.p++) & H_RESERVED))
			return TSDB_ECORRUPT;
		memset(x, 0, sizeof *x);
		if (head & H_PERIOD) {
			uint64_t d;
			int64_t end;
			if (get_var32(&in, &x->start) || get_var(&in, &d))
				return TSDB_ECORRUPT;
			end = (int64_t)x->start + unzigzag(d);
			if (end < 0 || end > 0xFFFFFFFFll)
				return TSDB_ECORRUPT;
			x->end = (uint32_t)end;
		} else if (!st.have_period || !next_period(st.start, st.end, &x->start, &x->end))
			return TSDB_ECORRUPT;
		kind = head & H_VALUE;
		if (kind == V_RAW) {
			if (in.end - in.p < 8)
				return TSDB_ECORRUPT;
			memcpy(x->rec, in.p, 8);
			in.p += 8;
		} else {
			uint64_t z;
			int64_t m;
			if (kind == V_DECIMAL) {
				if (in.p == in.end || *in.p > MAX_EXP)
					return TSDB_ECORRUPT;
				st.e = *in.p++;
			} else if (kind != V_DELTA)
				return TSDB_ECORRUPT;
			if (get_var(&in, &z))
				return TSDB_ECORRUPT;
			m = kind == V_DELTA ? (int64_t)((uint64_t)st.m + (uint64_t)unzigzag(z)) : unzigzag(z);
			if (m <= -9007199254740992ll || m >= 9007199254740992ll)
				return TSDB_ECORRUPT;
			st.m = m;
			ts_put_double(x->rec, (double)m / p10[st.e]);
		}
		if (head & H_ATTRS) {
			uint32_t vintage, source;
			if (get_var32(&in, &vintage) || get_var32(&in, &source) || in.p == in.end)
				return TSDB_ECORRUPT;
			ts_put32(st.attrs, vintage);
			ts_put32(st.attrs + 4, source);
			st.attrs[8] = *in.p >> 4;
			st.attrs[9] = *in.p++ & 15;
		}
		memcpy(x->rec + 12, st.attrs, 8);
		x->rec[9] = st.attrs[8];
		x->rec[8] = st.attrs[9];
		x->rec[10] = head & H_CONFLICT ? 1 : 0;
		if (head & H_TAIL) {
			uint64_t len;
			if (get_var(&in, &len) || len == 0 || len > (uint64_t)(in.end - in.p))
				return TSDB_ECORRUPT;
			x->tail = (const char *)in.p;
			x->tail_len = (size_t)len;
			in.p += len;
		}
		st.start = x->start;
		st.end = x->end;
		st.have_period = 1;
		*n = i + 1;
	}
	return in.p == in.end ? 0 : TSDB_ECORRUPT;
}
