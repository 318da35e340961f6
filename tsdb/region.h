/* region.h — what the region modules share: name folding and suggestions (region_name.c),
 * the catalog and its name index (region_catalog.c), and resolution (region_resolve.c).
 * See docs/REGIONS.md for the rules they implement. */
#ifndef TSDB_REGION_H
#define TSDB_REGION_H

#include "internal.h"

/* The class of an entry of the name index (the first byte of its value). A name's class and
 * whether the user declared it decide its rank in resolution (region_resolve.c). */
enum {
	NAME_EXACT = 0,  /* a name or alias as written */
	NAME_STEM = 1,   /* a name without its administrative suffix (河南省 -> 河南) */
	NAME_PINYIN = 2, /* the pinyin rendering of a Chinese prefecture or county, and its stem */
	NAME_SHORT = 3,  /* a one-character name (京): whole names only, never inside longer ones */
	NAME_CODE = 4,   /* a code, in the code index: matched exactly, case aside */
	NAME_USER = 0x80 /* or'ed in: declared by the user rather than built in */
};

/* Codes are kept apart from names in the alias index, under this first byte (never part of
 * valid UTF-8, so never the first byte of a folded name): folding never makes one code
 * into another. */
#define CODE_PREFIX '\xFF'

/* An entry's value (9 bytes: the index keeps values of one size): the class, the region's
 * number, and for a name of some years only (襄樊市, 1981-2010) those years as two
 * big-endian 16-bit numbers (0: no bound). */
enum { NAME_ENTRY = 9 };

/* A region record's fields: code parent level type name name_zh aliases since until
 * successors (older records have the first seven). */
enum { REGION_FIELDS = 10 };

/* ---- region_name.c ---- */
/* Length of the stem of name[0..n): without its administrative suffixes, keeping at least
 * two characters; n if nothing was dropped. *autonomous is set when an autonomous-area
 * suffix went. */
size_t ts_region_stem(const char *name, size_t n, int *autonomous);
/* Does s contain a CJK character? */
int ts_has_cjk(const char *s, size_t n);
/* The code-index key of text[0..n) ("cn-gd" -> "\xFFCN-GD") into buf; 0 when the text cannot
 * be a code (not ASCII after width folding, or too long). */
size_t ts_code_key(const char *text, size_t n, char *buf, size_t size);
/* Appends " — did you mean A, B or C?" to buf with the regions whose names are closest to
 * name, in the same script. */
void ts_region_suggest(tsdb_txn *t, const char *name, char *buf, size_t size);

/* ---- region_resolve.c ---- */
/* tsdb_region_resolve_at; span gets the years the answer holds for: 0, 0 for every year,
 * else the years around first that no candidate's years begin or end within (a name of
 * some years, or a unit of some years, was among the candidates); -1, -1 when it holds
 * for no year but first (no period given). */
int ts_region_resolve_at(tsdb_txn *t, const char *name, int first, int last, tsdb_region *out,
                         int span[2], tsdb_error *err);
/* Writes "Guangdong (CN-GD, 440000, in 中国)" for the region with number key. */
void ts_region_describe(tsdb_txn *t, uint32_t key, char *buf, size_t size);

/* ---- region_catalog.c ---- */
/* A region from its record's REGION_FIELDS fields (ts_unpack); the strings
 * are f's. */
void ts_region_from(const char *const *f, uint32_t key, tsdb_region *out);
/* The number of the home country (meta "home", China by default); non-zero when it is not
 * in the catalog. */
int ts_region_home_key(tsdb_txn *t, uint32_t *key);
/* Calls fn for each entry of the name index that region r (number key) should have: the
 * folded key (with its length) and the class. builtin: r is from the built-in catalog. */
/* Calls fn with the eight tab-separated fields of each line of a generated table (the
 * built-in catalog, the history); what names the table in errors. */
int ts_table_lines(const char *text, size_t len, const char *what, int (*fn)(char **f, void *arg),
                   void *arg, tsdb_error *err);
/* Declares or merges r (tsdb_region_put); builtin: r is from the built-in catalog, and its
 * names rank as built-in ones. */
int ts_region_put(tsdb_txn *t, const tsdb_region *r, int builtin, tsdb_error *err);
/* Removes the built-in entries of the name index that r's fields give for region number key. */
int ts_region_unindex(tsdb_txn *t, const tsdb_region *r, uint32_t key, tsdb_error *err);
typedef int ts_name_fn(const char *key, size_t n, int cls, int since, int until, void *arg);
int ts_region_names(const tsdb_region *r, int builtin, ts_name_fn *fn, void *arg);
/* The length of an alias without its years ("襄樊市@1981-2010" -> 襄樊市), which go to
 * *since and *until (0 when it has none; until 0 when open). */
size_t ts_alias_years(const char *alias, size_t n, int *since, int *until);
/* Does the '|'-list of aliases give text with years ("桥西区@1983-")? Then text is a name
 * since then only, and is not indexed without them. */
int ts_alias_dated(const char *aliases, const char *text);

/* ---- restate.c ---- */
/* Refuses an expression whose operands are not amounts (rates, shares, ranks, indexes,
 * quotients) when whose values would be summed: "X of WHOSE: X is a share (percent), and
 * WHAT_WHOLE is not the sum of PARTS; ask ... is WHOLE R&D spending over WHOLE GDP". */
int ts_expr_additive(const tsdb_expr *e, const char *whose, const char *what_whole,
                     const char *parts, const char *whole, tsdb_error *err);
/* The bound expression e for region r on the boundaries of year: the units merged wholly
 * into r by then (tsdb_region_predecessors, transitively) are added in for the years they
 * existed, each operand summed before e is worked out; a period where such a unit has no
 * value, or where a unit split among several existed, is missing, with a note through
 * note(arg, text). *restated is 0 (and out untouched) when no unit went into r by then. */
int ts_restate(tsdb_txn *t, const tsdb_expr *e, const tsdb_region *r, int year,
               const tsdb_query *range, int freq, tsdb_series *out, int *restated,
               int (*note)(void *arg, const char *text), void *arg, tsdb_error *err);

/* ---- dump.c ---- */
/* Remembers every region as the built-in catalog stored it, so that tsdb_regions_custom_each
 * tells the user's from the built-in ones. */
int ts_regions_mark_builtin(tsdb_txn *t, tsdb_error *err);

/* ---- region_history.c ---- */
/* Adds China's divisions through time (gen/mkhistory) to the built-in catalog: the earlier
 * names and codes of regions in use, with their years, and the units that no longer exist. */
int ts_regions_history(tsdb_txn *t, tsdb_error *err);

#endif
