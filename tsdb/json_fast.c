/* json_fast.c — the common record without jansson: a flat fact of plain
 * strings and a number, read in one pass over its bytes. Loads are mostly
 * such lines, and decoding each into a jansson tree cost more than storing
 * it. Anything unusual is declined and read by jansson instead, so this
 * path only ever agrees with it (tests/fuzz/fuzz_jsondiff.c checks that). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Past JSON's white space. */
static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

int ts_json_fast_fact(const char *p, size_t len, struct fact *f, char *buf)
{
	enum { TYPE = 12, VALUE, NAMES };
	static const char *const names[NAMES] = {
	    "indicator", "region",  "period",   "unit",  "scale", "qualifier", "status",
	    "source",    "vintage", "received", "quote", "note",  "type",      "value"};
	const char **slots[NAMES] = {&f->indicator, &f->region,    &f->period, &f->unit,
	                             &f->scale,     &f->qualifier, &f->status, &f->source,
	                             &f->vintage,   &f->received,  &f->quote,  &f->note};
	const char *end = p + len, *type = NULL;
	unsigned seen = 0;
	int have_value = 0;
	memset(f, 0, sizeof *f);
	p = skip_ws(p, end);
	if (p == end || *p++ != '{')
		return 0;
	p = skip_ws(p, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		/* a member name: plain ASCII */
		p = skip_ws(p, end);
		if (p == end || *p++ != '"')
			return 0;
		const char *k = p;
		while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 &&
		       (unsigned char)*p < 0x80)
			p++;
		if (p == end || *p != '"')
			return 0;
		size_t kn = (size_t)(p++ - k);
		int m = 0;
		while (m < NAMES && !(strlen(names[m]) == kn && memcmp(names[m], k, kn) == 0))
			m++;
		if (m == NAMES || (seen & 1u << m))
			return 0;
		seen |= 1u << m;
		p = skip_ws(p, end);
		if (p == end || *p++ != ':')
			return 0;
		p = skip_ws(p, end);
		if (p == end)
			return 0;
		if (*p == '"') {
			/* a string: valid UTF-8, no escapes, no control characters */
			const unsigned char *s = (const unsigned char *)++p;
			while ((const char *)s < end && *s != '"') {
				unsigned c = *s;
				if (c < 0x20 || c == '\\')
					return 0;
				if (c < 0x80) {
					s++;
					continue;
				}
				int n = c >= 0xC2 && c <= 0xDF   ? 1
				        : c >= 0xE0 && c <= 0xEF ? 2
				        : c >= 0xF0 && c <= 0xF4 ? 3
				                                 : -1;
				if (n < 0 || (const char *)s + n >= end)
					return 0;
				for (int i = 1; i <= n; i++)
					if ((s[i] & 0xC0) != 0x80)
						return 0;
				if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
				    (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
					return 0; /* overlong, a surrogate, beyond U+10FFFF */
				s += n + 1;
			}
			if ((const char *)s == end)
				return 0;
			size_t n = (size_t)((const char *)s - p);
			char *copy = buf;
			memcpy(copy, p, n);
			copy[n] = 0;
			buf += n + 1;
			p = (const char *)s + 1;
			if (m == VALUE)
				f->value_text = copy, have_value = 1;
			else if (m == TYPE)
				type = copy;
			else
				*slots[m] = copy;
		} else if (*p == 'n' && end - p >= 4 && memcmp(p, "null", 4) == 0) {
			if (m >= TYPE)
				return 0; /* null type or value: let the general path say */
			p += 4;
		} else if (m == VALUE && (*p == '-' || (*p >= '0' && *p <= '9'))) {
			/* a number, by JSON's grammar */
			const char *q = p;
			if (*q == '-')
				q++;
			if (q == end || *q < '0' || *q > '9')
				return 0;
			if (*q == '0')
				q++;
			else
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			if (q < end && *q == '.') {
				if (++q == end || *q < '0' || *q > '9')
					return 0;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			}
			if (q < end && (*q == 'e' || *q == 'E')) {
				if (++q < end && (*q == '+' || *q == '-'))
					q++;
				if (q == end || *q < '0' || *q > '9')
					return 0;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			}
			size_t n = (size_t)(q - p);
			char num[64];
			if (n >= sizeof num)
				return 0;
			memcpy(num, p, n);
			num[n] = 0;
			errno = 0;
			f->value = strtod(num, NULL);
			if (errno == ERANGE)
				return 0;
			have_value = 1;
			p = q;
		} else
			return 0;
		p = skip_ws(p, end);
		if (p == end)
			return 0;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			return 0;
		p = skip_ws(p, end);
		break;
	}
	if (p != end || !have_value || (type && strcmp(type, "fact")))
		return 0;
	/* what get_word refuses */
	if ((f->unit && !*f->unit) || (f->qualifier && !*f->qualifier) ||
	    (f->status && !*f->status) || (f->vintage && !*f->vintage) ||
	    (f->received && !*f->received))
		return 0;
	return 1;
}
