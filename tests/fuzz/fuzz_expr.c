/* fuzz_expr.c — tsdb_expr_parse and tsdb_transform_parse on any text, and
 * binding and evaluating what parses against the bundled indicators.
 * Beyond not crashing: a syntax error names a column inside the text (or
 * just past it), a parsed expression names at least one indicator, and a
 * bound one has a unit. */
#include "fuzz.h"

FUZZ_WITH_DB

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	tsdb_expr *e = NULL;
	tsdb_transform tr;
	tsdb_txn *txn = NULL;
	tsdb_error err = {0};
	int rc = tsdb_expr_parse(text, &e, &err);

	if (rc) {
		if (e)
			fuzz_fail("a failed parse left an expression");
		fuzz_check_error(&err, rc);
		if (rc == TSDB_EINVAL && (err.column < 1 || (size_t)err.column > strlen(text) + 1))
			fuzz_fail("column %d outside \"%s\"", err.column, text);
	} else {
		if (!tsdb_expr_indicators(e) || !tsdb_expr_indicator(e, 0))
			fuzz_fail("\"%s\" parsed without an indicator", text);
		if (strcmp(tsdb_expr_text(e), text))
			fuzz_fail("the text of \"%s\" changed", text);
		if (tsdb_txn_begin(fuzz_db_open(), 0, &txn, &err))
			fuzz_fail("begin: %s", err.text);
		tsdb_error_clear(&err);
		rc = tsdb_expr_bind(txn, e, &err);
		if (rc)
			fuzz_check_error(&err, rc);
		else {
			tsdb_query q = {0};
			tsdb_series s = {0};
			if (!tsdb_expr_unit(e)[0])
				fuzz_fail("\"%s\" bound without a unit", text);
			q.region = "CN";
			for (int freq = 0; freq <= TSDB_FREQ_YEAR; freq += TSDB_FREQ_YEAR) {
				tsdb_error_clear(&err);
				if ((rc = tsdb_expr_eval(txn, e, &q, freq, &s, &err)))
					fuzz_check_error(&err, rc);
			}
			tsdb_series_free(&s);
		}
		tsdb_txn_abort(txn);
	}
	tsdb_expr_free(e);
	tsdb_error_clear(&err);
	if ((rc = tsdb_transform_parse(text, &tr, &err)))
		fuzz_check_error(&err, rc);
	else if (!tr.op || strcmp(tsdb_transform_name(tr.op), "?") == 0)
		fuzz_fail("\"%s\" parsed as no transform", text);
	free(text);
	return 0;
}
