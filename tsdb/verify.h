/* verify.h — what verify.c and quote.c share: a quote's numbers, the
 * normal form of text, and the check of one fact against a document. */
#ifndef TSDB_VERIFY_H
#define TSDB_VERIFY_H

#include "internal.h"

/* A number stated in normalised text, at s[start, end). */
struct ts_number {
	double value;
	int bound; /* the qualifier its words give (超过 >, 约 ~, 以上 >=), -1: none */
	size_t start, end;
};

struct ts_numbers {
	struct ts_number *v;
	size_t n, cap;
};

/* text in the form quotes and documents are compared in: NFKC (full-width
 * forms are ASCII, the ideographic space a space), every quotation mark
 * " or ', runs of white space one space between Latin words and none next
 * to other scripts. malloc'd, owned by the caller; NULL when out of memory
 * or not UTF-8. */
char *ts_quote_normal(const char *s, size_t len);

/* Appends every number normalised text s states: digits with their scale
 * and per cent sign read by tsdb_value_parse (3.6万亿, 36,000亿, 1.066
 * billion, 8.7%, 第10位), ranks in words (first, 第一, 首位), numbers in
 * words (nine, one million), 两位数 / double-digit (>= 10). ns->v is the
 * caller's to free. 0, or -1 when out of memory. */
int ts_quote_numbers(const char *s, struct ts_numbers *ns);

/* A number word at s[at] (one ... twenty, 一 ... 十, 两): 1 and its value
 * and length, or 0. */
int ts_number_word(const char *s, size_t len, size_t at, int *value, size_t *wlen);

/* A source's document, normalised, kept while facts of that source are
 * checked. */
struct ts_doc {
	uint32_t source;   /* the source's number; 0: none held */
	char *text;        /* normalised, or NULL when it has none */
	uint32_t published;
	char id[72];
};

/* Makes d hold the document of source number src. */
int ts_doc_load(tsdb_txn *t, uint32_t src, struct ts_doc *d, tsdb_error *err);
void ts_doc_free(struct ts_doc *d);

/* Checks a version of a fact of region r against the document d holds;
 * fills *out (TSDB_VERIFY_UNCHECKED without a quote or a document). */
int ts_verify(const tsdb_region *r, tsdb_period p, double value, int qualifier,
              const char *quote, const struct ts_doc *d, tsdb_verification *out);

#endif
