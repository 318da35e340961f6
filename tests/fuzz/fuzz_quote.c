/* fuzz_quote.c — verify's reading of report text on any bytes: the normal
 * form quotes and documents are compared in, and the numbers of a quote.
 * Beyond not crashing: the normal form of the normal form is itself (so a
 * quote copied from a normalised document is found in it), it holds no
 * white space run, no tab or line break; every number lies within the text
 * and is finite; a verification of a fact quoting the text (without NUL,
 * as quotes are) against itself never says the quote is missing. */
#include <math.h>

#include "fuzz.h"
#include "verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *norm = ts_quote_normal((const char *)data, size), *again = NULL;
	struct ts_numbers ns = {0};
	if (!norm)
		return 0; /* not UTF-8 */
	size_t n = strlen(norm);
	if (strstr(norm, "  ") || strchr(norm, '\n') || strchr(norm, '\t') || strchr(norm, '\r'))
		fuzz_fail("the normal form keeps white space: \"%s\"", norm);
	if (!(again = ts_quote_normal(norm, n)) || strcmp(again, norm))
		fuzz_fail("normalising twice changes \"%s\" to \"%s\"", norm, again ? again : "(null)");
	if (ts_quote_numbers(norm, &ns))
		abort();
	for (size_t i = 0; i < ns.n; i++)
		if (ns.v[i].start >= ns.v[i].end || ns.v[i].end > n || !isfinite(ns.v[i].value))
			fuzz_fail("number %zu of \"%s\" at [%zu, %zu) is %g", i, norm, ns.v[i].start,
			          ns.v[i].end, ns.v[i].value);
	if (n && ns.n && !memchr(data, 0, size)) {
		/* a fact quoting the whole text, with its first number */
		struct ts_doc d = {1, norm, 20240101, "fuzz"};
		tsdb_region r = {"CN", "", "country", "", "China", "中国", "", 1, 0, 0, NULL};
		tsdb_period p = {20240101, 20241231};
		tsdb_verification v;
		char *quote = fuzz_string(data, size);
		if (!ts_verify(&r, p, ns.v[0].value, ns.v[0].bound < 0 ? TSDB_Q_EQ : ns.v[0].bound,
		               quote, &d, &v) &&
		    v.reason == TSDB_VR_QUOTE)
			fuzz_fail("\"%s\" is not found in itself: %s", quote, v.why);
		free(quote);
	}
	free(ns.v);
	free(again);
	free(norm);
	return 0;
}
