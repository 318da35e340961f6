/* fuzz_value.c — tsdb_value_parse on any bytes: the text up to the first NUL
 * is the value, what follows it the scale. Beyond not crashing: a value
 * that parses formats as text that parses back to the very same double. */
#include <math.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char *scale = nul ? fuzz_string(nul + 1, size - len - 1) : NULL;
	char buf[TSDB_VALUE_MAX];
	tsdb_error err = {0};
	unsigned flags = 0;
	double v, back;
	int rc;

	/* the value is read from the input itself, which has no terminator:
	 * reading past len is an overflow the sanitizer reports */
	rc = tsdb_value_parse((const char *)data, len, scale, &v, &flags, &err);
	if (rc) {
		fuzz_check_error(&err, rc);
		goto out;
	}
	if (!isfinite(v))
		fuzz_fail("parsed a value that is not finite");
	if (flags & ~(unsigned)(TSDB_VALUE_PERCENT | TSDB_VALUE_SCALED | TSDB_VALUE_QUALIFIED |
	                        TSDB_VALUE_UNIT))
		fuzz_fail("unknown flags %#x", flags);
	size_t n = tsdb_value_format(v, buf);
	if (n >= sizeof buf || strlen(buf) != n)
		fuzz_fail("format wrote %zu bytes", n);
	if (strchr(buf, 'e') || strchr(buf, 'E'))
		fuzz_fail("format wrote an exponent: %s", buf);
	tsdb_error_clear(&err);
	rc = tsdb_value_parse(buf, n, NULL, &back, NULL, &err);
	if (rc)
		fuzz_fail("\"%s\" does not parse back: %s", buf, err.text);
	if (back != v || signbit(back) != signbit(v))
		fuzz_fail("%.17g formats as \"%s\", which parses as %.17g", v, buf, back);
out:
	free(scale);
	return 0;
}
