/* key.c — the byte layouts of keys and records (see internal.h). */
#include <stdlib.h>

#include "internal.h"

void ts_put_double(unsigned char *p, double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	ts_put32(p, (uint32_t)(u >> 32));
	ts_put32(p + 4, (uint32_t)u);
}

double ts_get_double(const unsigned char *p)
{
	uint64_t u = (uint64_t)ts_get32(p) << 32 | ts_get32(p + 4);
	double v;
	memcpy(&v, &u, sizeof v);
	return v;
}

void ts_obs_key(unsigned char k[TS_OBS_KEY], uint32_t ind, uint32_t reg, tsdb_period p)
{
	ts_put32(k, ind);
	ts_put32(k + 4, reg);
	ts_put32(k + 8, p.start);
	ts_put32(k + 12, p.end);
}

tsdb_period ts_key_period(const unsigned char *k)
{
	tsdb_period p = {ts_get32(k + 8), ts_get32(k + 12)};
	return p;
}

void *ts_pack(const char *const *fields, int n, size_t *size)
{
	size_t len[16], total = 0;
	char *rec, *p;
	if (n > 16)
		return NULL;
	for (int i = 0; i < n; i++)
		total += (len[i] = fields[i] ? strlen(fields[i]) : 0) + 1;
	if (!(rec = malloc(total)))
		return NULL;
	p = rec;
	for (int i = 0; i < n; i++) {
		if (len[i])
			memcpy(p, fields[i], len[i]);
		p[len[i]] = 0;
		p += len[i] + 1;
	}
	*size = total;
	return rec;
}

void ts_unpack(const void *rec, size_t size, const char **out, int n)
{
	const char *p = rec, *end = p + size;
	for (int i = 0; i < n; i++) {
		const char *z = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
		if (!z) {
			out[i] = "";
			p = end;
			continue;
		}
		out[i] = p;
		p = z + 1;
	}
}
