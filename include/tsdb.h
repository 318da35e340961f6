/* tsdb.h — the public interface of tsdb, a regional-indicator time-series database.
 *
 * tsdb keeps facts of the form (indicator, region, period) -> value, with the
 * qualifier, status, source, vintage and quote each was reported with, in one
 * LMDB environment (a directory holding data.mdb and lock.mdb).
 *
 * Conventions, one rule for the whole API:
 *  - Every function that can fail returns an int status (enum tsdb_code); 0 is
 *    success. Out-parameters come last, then an optional tsdb_error * that is
 *    filled with a message and, where there is one, the file, line and field.
 *    The error is filled without allocating; pass NULL if you do not want it.
 *  - Handles (tsdb, tsdb_txn, tsdb_cursor) are opaque; whoever opens one closes
 *    it. Every *_close, *_free and tsdb_txn_abort accepts NULL.
 *  - Strings returned inside structs that come from the store (tsdb_region,
 *    tsdb_indicator, tsdb_source, tsdb_point) are borrowed: they point into
 *    the database map and stay valid until the transaction that produced them
 *    ends. Copy what you need to keep.
 *  - The library has no global mutable state; a tsdb handle may be shared by
 *    threads, a transaction may not.
 *
 * Caveats (inherited from LMDB): one writer at a time, readers never block;
 * do not open the same database twice in one process; a process must not fork
 * while it has a transaction open; long-lived read transactions keep old
 * pages alive and make the file grow.
 */
#ifndef TSDB_H
#define TSDB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TSDB_VERSION_STRING "0.1.0"

/* Marks the functions libtsdb exports. The library is built with
 * -fvisibility=hidden, so whatever lacks the mark stays inside it
 * (tests/exports.sh checks the two lists agree). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define TSDB_API __attribute__((visibility("default")))
#else
#define TSDB_API
#endif

/* Status codes. Never renumbered, never reused. */
enum tsdb_code {
	TSDB_OK = 0,
	TSDB_NOTFOUND = 1,   /* no such item; also: an iteration has ended */
	TSDB_EINVAL = 2,     /* a bad argument or malformed text (period, value, name) */
	TSDB_EDATA = 3,      /* a malformed input record (loader) */
	TSDB_EUNKNOWN = 4,   /* an unknown region, indicator or source */
	TSDB_EAMBIGUOUS = 5, /* a name that matches more than one region */
	TSDB_ECONFLICT = 6,  /* a version that contradicts a stored one */
	TSDB_ESTORE = 7,     /* LMDB failed; tsdb_error.sys holds its code */
	TSDB_EIO = 8,        /* a system call failed; tsdb_error.sys holds errno */
	TSDB_ENOMEM = 9,     /* out of memory */
	TSDB_EMAPFULL = 10,  /* the map is full: abort, and retry (tsdb_update does) */
	TSDB_EBUSY = 11,     /* another writer holds the database */
	TSDB_EREADONLY = 12, /* a write on a database opened read-only */
	TSDB_EVERSION = 13,  /* the database was written by an incompatible version */
	TSDB_ENOSPC = 14,    /* the disk is full */
	TSDB_ECORRUPT = 15,  /* an invariant of the store does not hold */
};

/* Sizes of the fixed buffers in tsdb_error. */
#define TSDB_ERROR_TEXT 320
#define TSDB_ERROR_SOURCE 160
#define TSDB_ERROR_FIELD 48

/* What went wrong, with its context. The first error recorded wins: functions
 * only fill it when err->code is 0, so a caller can pass one struct through a
 * whole operation and read the root cause at the end. Zero it before use
 * (tsdb_error_clear). */
typedef struct tsdb_error {
	int code;                       /* enum tsdb_code; 0 when nothing failed */
	int sys;                        /* the LMDB code or errno behind it, or 0 */
	long line;                      /* 1-based line or record number, or 0 */
	int column;                     /* 1-based column (bytes), or 0 */
	char source[TSDB_ERROR_SOURCE]; /* file name or "<stdin>", or "" */
	char field[TSDB_ERROR_FIELD];   /* field name ("period"), or "" */
	char text[TSDB_ERROR_TEXT];     /* the message, without the context */
} tsdb_error;

/* Records an error unless err already holds one (the first error wins):
 * code, the field (NULL or "" for none) and the message, formatted as by
 * printf. Returns code, so a caller can write `return tsdb_error_set(...)`.
 * Accepts NULL (then only returns code). */
TSDB_API int tsdb_error_set(tsdb_error *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Resets an error to "no error". Accepts NULL. */
TSDB_API void tsdb_error_clear(tsdb_error *err);

/* Writes "source:line: field: text" (omitting what is not set) into buf,
 * truncating to size; returns buf. */
TSDB_API char *tsdb_error_format(const tsdb_error *err, char *buf, size_t size);

/* The name of a status code ("region is ambiguous"); never NULL. The string
 * is static. */
TSDB_API const char *tsdb_strerror(int code);

/* The edit distance of two UTF-8 strings in code points (Levenshtein: one
 * for each character inserted, deleted or replaced), as the library measures
 * "did you mean" for region and indicator names, so that a program's own
 * suggestions (an option, a command) weigh a typo the same way. A string of
 * more than 128 code points is never near: 99. Needs no database. */
TSDB_API int tsdb_distance(const char *a, const char *b);

/* ---- Periods ------------------------------------------------------------
 * A period is a closed range of days [start, end], each written as the number
 * yyyymmdd (20240630). Every form maps to one: 2024, 2024-H1 (or 2024-S1),
 * 2024-Q2, 2024-05, 2024-06-30, and ISO 8601 intervals 2024-01/2024-05,
 * 2021/2025, 2024-01-15/2024-02-10. Periods order by start, then end, so a
 * series mixes frequencies in time order. */
typedef struct tsdb_period {
	uint32_t start; /* first day, yyyymmdd */
	uint32_t end;   /* last day, yyyymmdd */
} tsdb_period;

/* The frequency a period has, as classified from its bounds. */
enum tsdb_freq {
	TSDB_FREQ_DAY = 1,
	TSDB_FREQ_MONTH,
	TSDB_FREQ_QUARTER,
	TSDB_FREQ_HALF,
	TSDB_FREQ_YEAR,
	TSDB_FREQ_SPAN, /* any other range: year to date, a plan period */
};

/* Longest text tsdb_period_format writes, with its NUL. */
#define TSDB_PERIOD_MAX 24

/* Parses text (len bytes; len may be (size_t)-1 for a NUL-terminated string)
 * into *out. On error returns TSDB_EINVAL and says what is wrong ("month must
 * be 01-12"). Years run from 1 to 9999. */
TSDB_API int tsdb_period_parse(const char *text, size_t len, tsdb_period *out, tsdb_error *err);

/* Parses a single date YYYY-MM-DD into yyyymmdd. TSDB_EINVAL otherwise. */
TSDB_API int tsdb_date_parse(const char *text, size_t len, uint32_t *out, tsdb_error *err);

/* Writes the canonical form of p ("2024-H1", "2024-01/2024-05") into buf
 * (at least TSDB_PERIOD_MAX bytes); returns its length. */
TSDB_API size_t tsdb_period_format(tsdb_period p, char *buf);

/* Writes a yyyymmdd date as YYYY-MM-DD into buf (11 bytes); "" for 0. */
TSDB_API size_t tsdb_date_format(uint32_t date, char *buf);

/* Compares two periods in time order: negative, zero or positive. */
TSDB_API int tsdb_period_cmp(tsdb_period a, tsdb_period b);

/* Classifies p by its bounds. */
TSDB_API enum tsdb_freq tsdb_period_freq(tsdb_period p);

/* The period moved by months (negative: back), keeping month ends: 2024-02
 * moved back 12 is 2023-02 (to the 28th), 2024-06-30 is 2023-06-30. Used
 * for year-ago comparisons. TSDB_EINVAL if it leaves years 1-9999. */
TSDB_API int tsdb_period_shift(tsdb_period p, int months, tsdb_period *out);

/* The period before p of the same frequency (2024-Q1 before 2024-Q2, the
 * day before a day). TSDB_EINVAL for a span, which has no such period. */
TSDB_API int tsdb_period_prev(tsdb_period p, tsdb_period *out);

/* The number of whole months p covers when it runs from a first to a last
 * day of a month (2024-H1: 6), else 0. */
TSDB_API int tsdb_period_months(tsdb_period p);

/* The date days after (or before, when negative) the yyyymmdd date d. */
TSDB_API uint32_t tsdb_date_add_days(uint32_t d, int days);

/* The number of days from 0000-03-01 to the yyyymmdd date: differences of
 * day numbers are numbers of days, and they place dates on a time axis. */
TSDB_API long tsdb_date_days(uint32_t date);

/* The number of days p covers, both ends included (2024: 366). */
TSDB_API long tsdb_period_days(tsdb_period p);

/* ---- Values --------------------------------------------------------------
 * Values are doubles. Text is parsed exactly in decimal, scale included, and
 * rounded once, so "1.066 billion" is the same double as 1066000000. */

/* Flags tsdb_value_parse reports about what the text said. */
enum {
	TSDB_VALUE_PERCENT = 1,   /* the text ended in '%' */
	TSDB_VALUE_SCALED = 2,    /* a scale word or suffix was applied */
	TSDB_VALUE_QUALIFIED = 4, /* a qualifier word (约, 超过, about) was read */
	TSDB_VALUE_UNIT = 8,      /* a unit word (亿元, 家, 个百分点) was read */
};

/* Parses a value as reports write it: "75,000", "3.6万亿", "1.066 billion",
 * "8.7%", "-2.5", "1e6". scale, if not NULL, is applied on top ("万", "亿",
 * "万亿", "thousand", "million", "billion", "trillion", or a power of ten
 * "1e4"). *flags (if not NULL) receives TSDB_VALUE_* bits. NaN, infinity and
 * values beyond the range of a double are TSDB_EINVAL. */
TSDB_API int tsdb_value_parse(const char *text, size_t len, const char *scale, double *out,
                              unsigned *flags, tsdb_error *err);

/* What the words around a value said (tsdb_value_parse_ex). */
typedef struct tsdb_value_info {
	unsigned flags;   /* TSDB_VALUE_* bits */
	int qualifier;    /* enum tsdb_qualifier from a word; TSDB_Q_EQ without one */
	const char *unit; /* the unit a unit word names ("CNY" for 亿元, "pp" for
	                     个百分点), a static string; NULL without one */
} tsdb_value_info;

/* tsdb_value_parse, and values as statistical tables write them: full-width
 * digits, points, commas and minus signs (１０４．５万, －2.1, −1.2); a unit
 * word after the number, its scale applied (3,200亿元, 46.3万家, 0.5个百分点);
 * qualifier words before or after it — 约, 近, 大约, 左右 (~); 超过, 逾, 多,
 * 余, 以上 (>); 不足, 不到, 以下 (<); about, nearly, over, more than, less
 * than — which must agree. unit, if not NULL, is the indicator's unit: a
 * unit word that does not measure in it (美元 for CNY, 个百分点 for percent)
 * is TSDB_EINVAL. Plain numbers take the fast path of tsdb_value_parse; the
 * words are read only when it fails. info may be NULL. */
TSDB_API int tsdb_value_parse_ex(const char *text, size_t len, const char *scale, const char *unit,
                        double *out, tsdb_value_info *info, tsdb_error *err);

/* Longest text tsdb_value_format writes, with its NUL. */
#define TSDB_VALUE_MAX 352

/* Writes v as the shortest plain decimal that reads back as the same double
 * (1.066, 3600000000000, 0.000125; never exponents), into buf of at least
 * TSDB_VALUE_MAX bytes. Returns the length. */
TSDB_API size_t tsdb_value_format(double v, char *buf);

/* ---- Observation attributes --------------------------------------------- */
enum tsdb_qualifier {
	TSDB_Q_EQ = 0, /* "="  exact */
	TSDB_Q_APPROX, /* "~"  approximately, nearly */
	TSDB_Q_GT,     /* ">"  more than, over, exceeds */
	TSDB_Q_GE,     /* ">=" at least */
	TSDB_Q_LT,     /* "<"  less than */
	TSDB_Q_LE,     /* "<=" at most */
};

enum tsdb_obs_status {
	TSDB_STATUS_ACTUAL = 0,
	TSDB_STATUS_ESTIMATE,
	TSDB_STATUS_PROVISIONAL,
	TSDB_STATUS_TARGET,
	TSDB_STATUS_FORECAST,
};

/* Parse and name qualifiers and statuses. Parsing returns TSDB_EINVAL for
 * an unknown word; names are static strings. */
TSDB_API int tsdb_qualifier_parse(const char *text, int *out);
TSDB_API const char *tsdb_qualifier_name(int q);

/* Whether value a with qualifier qa and value b with qualifier qb can both
 * be true: their ranges meet (">" and "<" exclude the number, ">=" and
 * "<=" include it, "~" is within 5%). Versions of one vintage that cannot
 * are a conflict (tsdb_point.conflict). */
TSDB_API int tsdb_values_agree(double a, int qa, double b, int qb);
TSDB_API int tsdb_status_parse(const char *text, int *out);
TSDB_API const char *tsdb_status_name(int s);

/* ---- Opening a database ----------------------------------------------------- */
typedef struct tsdb tsdb;
typedef struct tsdb_txn tsdb_txn;

enum {
	TSDB_CREATE = 1,   /* create the directory and database if missing */
	TSDB_RDONLY = 2,   /* open for reading only */
};

/* Options for tsdb_open_ex. Zero means the default for every field. */
typedef struct tsdb_options {
	size_t initial_map;   /* first map size in bytes (default 64 MiB); the map
	                         grows by itself, this only exists for tests */
	unsigned busy_timeout_ms; /* how long a writer waits for another (default 0:
	                             fail at once with TSDB_EBUSY) */
} tsdb_options;

/* Opens the database in directory path. With TSDB_CREATE the directory is
 * created (mode 0777 less the umask) when missing. Returns TSDB_NOTFOUND when
 * it does not exist and TSDB_CREATE is not given. *out is owned by the caller
 * and closed with tsdb_close. */
TSDB_API int tsdb_open(const char *path, unsigned flags, tsdb **out, tsdb_error *err);

/* tsdb_open with options (opts may be NULL). */
TSDB_API int tsdb_open_ex(const char *path, unsigned flags, const tsdb_options *opts, tsdb **out,
                          tsdb_error *err);

/* Closes a database. Every transaction must have ended. Accepts NULL. */
TSDB_API void tsdb_close(tsdb *db);

/* The directory the database was opened from; valid until tsdb_close. */
TSDB_API const char *tsdb_path(const tsdb *db);

/* Writes a compacted copy of the database (LMDB's copy with MDB_CP_COMPACT:
 * free pages left out) into the directory dest, which is created, or must be
 * empty if it exists (TSDB_EINVAL otherwise). The copy is one consistent
 * snapshot, taken while other readers and a writer keep working; it holds
 * data.mdb and an empty write.lock and opens like any database. On failure
 * nothing is left in dest. */
TSDB_API int tsdb_backup(tsdb *db, const char *dest, tsdb_error *err);

/* ---- Transactions ------------------------------------------------------------ */
enum {
	TSDB_TXN_WRITE = 1, /* a write transaction (else read-only) */
};

/* Begins a transaction. A write transaction waits for, or fails against,
 * another process's writer (see tsdb_options.busy_timeout_ms). *out is
 * owned by the caller until commit or abort. */
TSDB_API int tsdb_txn_begin(tsdb *db, unsigned flags, tsdb_txn **out, tsdb_error *err);

/* Commits and frees txn, whatever the outcome. On failure nothing is written. */
TSDB_API int tsdb_txn_commit(tsdb_txn *txn, tsdb_error *err);

/* Abandons and frees txn. Accepts NULL. */
TSDB_API void tsdb_txn_abort(tsdb_txn *txn);

/* A unit of work for tsdb_update: it must be repeatable, as it may run again
 * (in a fresh transaction) after the map has grown. */
typedef int (*tsdb_update_fn)(tsdb_txn *txn, void *arg, tsdb_error *err);

/* Runs fn in a write transaction and commits it if fn returns 0. When the
 * map fills up, aborts, grows the map and runs fn again. fn's failure aborts
 * the transaction and is returned. */
TSDB_API int tsdb_update(tsdb *db, tsdb_update_fn fn, void *arg, tsdb_error *err);

/* ---- Catalogs ------------------------------------------------------------------
 * Indicators, regions and sources, each named by a string id. In structs
 * returned by the store, strings are borrowed (valid until the transaction
 * ends) and never NULL ("" when unset). On input, NULL means unset. */

enum tsdb_kind {
	TSDB_KIND_STOCK = 0, /* a level at a moment: period end value */
	TSDB_KIND_FLOW,      /* an amount over the period: sums */
	TSDB_KIND_RATE,      /* a growth rate: never summed */
	TSDB_KIND_SHARE,     /* a share of a whole: never summed */
	TSDB_KIND_RANK,      /* a rank: never summed */
};
TSDB_API int tsdb_kind_parse(const char *text, int *out);
TSDB_API const char *tsdb_kind_name(int kind);

typedef struct tsdb_indicator {
	const char *id;          /* "rd_expenditure": [a-z0-9_.], 1-64 bytes */
	const char *name;        /* English name */
	const char *name_zh;     /* Chinese name */
	const char *unit;        /* "CNY", "count", "percent", ... */
	int kind;                /* enum tsdb_kind */
	const char *description;
	uint32_t key;            /* internal number; set by the store */
	const char *aliases;     /* '|'-separated other names tables give it
	                            ("GDP|地区GDP"), or "" / NULL */
} tsdb_indicator;

typedef struct tsdb_source {
	const char *id;        /* "rmrb-2024-07": 1-64 printable bytes */
	const char *title;
	const char *publisher;
	const char *url;
	uint32_t published;    /* yyyymmdd, or 0 */
	int priority;          /* higher wins among same-vintage disagreements */
	const char *note;
	uint32_t key;          /* internal number; set by the store */
} tsdb_source;

typedef struct tsdb_region {
	const char *code;    /* primary code: "CN", "CN-GD", "320400" */
	const char *parent;  /* the parent's primary code, or "" */
	const char *level;   /* "country", "province", "prefecture", "county", "group" ... */
	const char *type;    /* "municipality", "city", "district", ... */
	const char *name;    /* English name */
	const char *name_zh; /* Chinese name */
	const char *aliases; /* '|'-separated other names and codes; an alias that was a
	                      * name only for some years carries them: "襄樊市@1981-2010" */
	uint32_t key;        /* internal number; set by the store */
	/* A division that no longer exists (莱芜市 371200, 1992-2018) has the years it
	 * existed, both inclusive, and the regions its area went to; 0 and "" for a
	 * region with no such bound (every region in use today). */
	int since, until;
	const char *successors; /* '|'-separated primary codes */
} tsdb_region;

/* Declares or updates an indicator. Changing the unit or kind of an
 * indicator that has observations is TSDB_ECONFLICT. */
TSDB_API int tsdb_indicator_put(tsdb_txn *txn, const tsdb_indicator *ind, tsdb_error *err);

/* Finds an indicator by id. TSDB_EUNKNOWN if there is none. */
TSDB_API int tsdb_indicator_get(tsdb_txn *txn, const char *id, tsdb_indicator *out, tsdb_error *err);

/* Finds an indicator by id or, failing that, by its name or an alias (in
 * any case) or Chinese name (地区生产总值), as tables name it.
 * TSDB_EUNKNOWN if none, TSDB_EAMBIGUOUS if a name is two indicators'. */
TSDB_API int tsdb_indicator_resolve(tsdb_txn *txn, const char *name, tsdb_indicator *out,
                                    tsdb_error *err);

/* Declares or updates a source. */
TSDB_API int tsdb_source_put(tsdb_txn *txn, const tsdb_source *src, tsdb_error *err);

/* Finds a source by id. TSDB_EUNKNOWN if there is none. */
TSDB_API int tsdb_source_get(tsdb_txn *txn, const char *id, tsdb_source *out, tsdb_error *err);

/* Stores the document of source id (declared): len bytes of UTF-8 text
 * without NUL, replacing any it had; len 0 removes it. The store deflates it
 * (zlib) when that saves an eighth or more. */
TSDB_API int tsdb_source_text_put(tsdb_txn *txn, const char *id, const char *text,
                                  size_t len, tsdb_error *err);

/* Reads the document of source id into *out, a NUL-terminated string the
 * caller owns (free it); *len (may be NULL) gets its length and *stored (may
 * be NULL) the bytes it takes in the store. TSDB_NOTFOUND if the source has
 * no document, TSDB_EUNKNOWN if there is no such source. */
TSDB_API int tsdb_source_text_get(tsdb_txn *txn, const char *id, char **out, size_t *len,
                                  size_t *stored, tsdb_error *err);

/* Declares a region, or merges reg into the region its code names: aliases
 * (and a group's members) are added; the fields given (not NULL or "")
 * replace, and the names they replace stay as aliases; the fields not given
 * are kept. Contradicting a built-in region's parent or level is
 * TSDB_ECONFLICT with err->field "parent" or "level". Its code, names and
 * aliases become names tsdb_region_resolve accepts, ranked as the user's
 * (docs/REGIONS.md). The parent, if set, must exist; a new region without a
 * level is a "group". */
TSDB_API int tsdb_region_put(tsdb_txn *txn, const tsdb_region *reg, tsdb_error *err);

/* Finds a region by its primary code. TSDB_EUNKNOWN if there is none. */
TSDB_API int tsdb_region_get(tsdb_txn *txn, const char *code, tsdb_region *out, tsdb_error *err);

/* Resolves any name or code of a region ("Beijing", "北京", "北京市", "京",
 * "CN-BJ", "110000", "ｂｅｉｊｉｎｇ", "Guangdong Province", "北京/朝阳区",
 * "Suzhou, Jiangsu") to the one region it names, by this precedence
 * (docs/REGIONS.md gives each rule with examples):
 *  1. An exact code in any code system (ISO 3166-1 alpha-2, alpha-3 and
 *     numeric, ISO 3166-2, China's six-digit codes, a user's code), case
 *     aside, is that region. Codes are never folded: "AR-E" is never "ARE".
 *  2. Names and aliases the user declared beat built-in names of the same
 *     text.
 *  3. Home first: a built-in name of a region of the home country
 *     (tsdb_region_home, China by default), of a country or of a group beats
 *     the names of foreign subdivisions, which are matched (in English or by
 *     their Chinese translation) only when nothing at home is, or when
 *     qualified by their country ("越南/河南省", "VN/Hà Nam").
 *  4. A name as written beats its stem without the administrative suffix
 *     (河南省, 河南); the English name of a province beats the pinyin of a
 *     prefecture or county ("Jilin" is the province; "Jilin City" and
 *     "吉林市" the prefecture).
 *  5. Among the candidates left of one rank, one of a larger level than all
 *     the others is chosen ("河南": the province, not 河南蒙古族自治县).
 * A one-character name (京, 沪) matches only as the whole name. Matching folds
 * case, full-width forms, accents, spaces and punctuation. Whatever is still
 * ambiguous is TSDB_EAMBIGUOUS listing the candidates with codes and parents;
 * an unknown name is TSDB_EUNKNOWN with the closest names of the same script
 * in err->text. */
TSDB_API int tsdb_region_resolve(tsdb_txn *txn, const char *name, tsdb_region *out, tsdb_error *err);

/* tsdb_region_resolve for a fact of the years first..last (a period's first and
 * last year; 0, 0 when there is no period, which is what tsdb_region_resolve
 * does). Divisions change over time (docs/REGIONS.md, "Divisions through
 * time"): a name that meant different units at different times means the one
 * it named in year first (思茅市 in 1998 is the county-level city that became
 * 思茅区, in 2005 the prefecture now 普洱市); a unit that existed then never
 * loses to a present-day namesake (莱芜市 in 2010 is 371200, not 莱芜区).
 * Without a period, a name that names a unit today wins; otherwise a name of
 * several past units is TSDB_EAMBIGUOUS listing each with its years. A unit
 * that did not exist in every year first..last is TSDB_EDATA naming its years
 * and its successors ("莱芜市 (371200) existed 1992-2018; its area is now
 * 济南市 (370100)"). */
TSDB_API int tsdb_region_resolve_at(tsdb_txn *txn, const char *name, int first, int last,
                                    tsdb_region *out, tsdb_error *err);

/* Calls fn for each region whose area went (wholly or in part) to the region
 * with primary code code: the past units listing it among their successors,
 * in code order. With tsdb_region.successors this is a region's lineage. */
TSDB_API int tsdb_region_predecessors(tsdb_txn *txn, const char *code,
                                      int (*fn)(const tsdb_region *, void *), void *arg,
                                      tsdb_error *err);

/* Loads the built-in region catalog (countries and subdivisions from ISO
 * 3166, China's statistical divisions) into the database; idempotent. */
TSDB_API int tsdb_regions_builtin(tsdb_txn *txn, tsdb_error *err);

/* Calls fn for each region of the built-in catalog, in catalog order
 * (parents before children), as tsdb_regions_builtin would store it; no
 * database is needed. The strings are valid during the call. fn returns
 * non-zero to stop, and that value is returned. Lets a caller tell the
 * regions a user declared or changed from the built-in ones. */
TSDB_API int tsdb_regions_builtin_each(int (*fn)(const tsdb_region *, void *), void *arg,
                                       tsdb_error *err);

/* Iterates catalog entries in key order; fn returns non-zero to stop (that
 * value is returned). Borrowed strings are valid during the call. */
TSDB_API int tsdb_indicator_each(tsdb_txn *txn, int (*fn)(const tsdb_indicator *, void *), void *arg,
                                 tsdb_error *err);
TSDB_API int tsdb_source_each(tsdb_txn *txn, int (*fn)(const tsdb_source *, void *), void *arg,
                              tsdb_error *err);
TSDB_API int tsdb_region_each(tsdb_txn *txn, int (*fn)(const tsdb_region *, void *), void *arg,
                              tsdb_error *err);

/* Makes member (a primary code) a member of group, a region of level
 * "group" ("Yangtze River Delta": 上海, 江苏, 浙江, 安徽). Members keep their
 * own parent; tsdb_region_children of the group lists them. Idempotent. */
TSDB_API int tsdb_region_add_member(tsdb_txn *txn, const char *group, const char *member,
                                    tsdb_error *err);

/* Calls fn for each direct child of the region with primary code parent
 * (for a group, its members), in the order they were declared: the
 * built-in catalog declares China's provinces in official (NBS code) order,
 * 北京 天津 河北 … 新疆, then 香港 澳门 台湾. */
TSDB_API int tsdb_region_children(tsdb_txn *txn, const char *parent,
                                  int (*fn)(const tsdb_region *, void *), void *arg, tsdb_error *err);

/* The home country: the region whose names resolution prefers over those of
 * foreign subdivisions (see tsdb_region_resolve). China (CN) unless set.
 * TSDB_NOTFOUND when it is not in the catalog (no built-in regions). */
TSDB_API int tsdb_region_home(tsdb_txn *txn, tsdb_region *out, tsdb_error *err);

/* Makes the country with primary code code the home country of the database
 * (a setting kept in the store). TSDB_EINVAL if it is not a country. */
TSDB_API int tsdb_region_set_home(tsdb_txn *txn, const char *code, tsdb_error *err);

/* ---- Observations ------------------------------------------------------------- */

/* One reported version of an observation, as written. */
typedef struct tsdb_obs {
	const char *indicator; /* indicator id (declared) */
	const char *region;    /* region primary code (use tsdb_region_resolve) */
	tsdb_period period;
	double value;
	int qualifier;         /* enum tsdb_qualifier */
	int status;            /* enum tsdb_obs_status */
	uint32_t vintage;      /* when it became known, yyyymmdd; 0 = unknown,
	                          which defaults to the source's publication date */
	const char *source;    /* source id (declared), or NULL */
	const char *quote;     /* the sentence it came from, or NULL */
	const char *note;      /* or NULL */
	uint32_t received;     /* yyyymmdd it came in (a load's date): when neither
	                          vintage nor the source's date is known, the vintage
	                          is this date, marked assumed; 0 = leave it unknown */
} tsdb_obs;

/* What tsdb_obs_put did. */
enum tsdb_put_result {
	TSDB_PUT_NEW = 1,       /* the first version of a new observation */
	TSDB_PUT_REVISED,       /* a new version of a known observation */
	TSDB_PUT_UNCHANGED,     /* this version was already stored */
};

/* Stores one version of an observation: history is never overwritten. The
 * version is keyed by (vintage, source); storing the same one again changes
 * nothing, while a different value under the same (vintage, source) is
 * TSDB_ECONFLICT. A version whose vintage is assumed (obs->received) that
 * the same source already gave, value, qualifier and status alike, under
 * any vintage, is the same one again: reloading an undated file on a later
 * day changes nothing. The observation's current value is its best version: a
 * known vintage before an assumed one before none, the latest vintage, then
 * the source of higher priority, then the later publication. *result (if not NULL) says what happened. */
TSDB_API int tsdb_obs_put(tsdb_txn *txn, const tsdb_obs *obs, int *result, tsdb_error *err);

/* One value read back. Strings are borrowed (until the transaction ends). */
typedef struct tsdb_point {
	tsdb_period period;
	double value;
	int qualifier;
	int status;
	uint32_t vintage;
	const char *source;  /* source id or "" */
	const char *quote;   /* "" unless the cursor reads versions */
	const char *note;    /* "" unless the cursor reads versions */
	int conflict;        /* non-zero if a version of the same vintage cannot be
	                        true with this one (their qualified ranges do not
	                        meet; "~" is within 5%) */
	int shown;           /* non-zero if this is the version a read shows (a
	                        cursor over versions reads the others too) */
	int assumed;         /* non-zero if the vintage is the date the fact came
	                        in (tsdb_obs.received), not one it was reported with */
} tsdb_point;

typedef struct tsdb_cursor tsdb_cursor;

/* What a cursor reads. */
typedef struct tsdb_query {
	const char *indicator; /* id */
	const char *region;    /* primary code */
	tsdb_period from;      /* periods whose start lies in [from.start, to.end]; */
	tsdb_period to;        /* zero from/to mean unbounded */
	uint32_t as_of;        /* yyyymmdd: the state known on that date; 0 = latest */
	int versions;          /* non-zero: every version, oldest first, with quotes */
} tsdb_query;

/* Opens a cursor over one series (or its versions), in period order. Only
 * that series' key range is read. *out is owned by the caller. */
TSDB_API int tsdb_cursor_open(tsdb_txn *txn, const tsdb_query *q, tsdb_cursor **out, tsdb_error *err);

/* Reads the next point. Returns TSDB_NOTFOUND at the end. */
TSDB_API int tsdb_cursor_next(tsdb_cursor *cur, tsdb_point *out, tsdb_error *err);

/* Closes a cursor. Accepts NULL. */
TSDB_API void tsdb_cursor_close(tsdb_cursor *cur);

/* Calls fn for each point q selects, in the order a cursor reads them (one is
 * opened and closed around the calls); fn is given q too, for its indicator
 * and region. fn returns non-zero to stop, and that value is returned; 0 when
 * every point was read. The point's strings are borrowed until the
 * transaction ends. */
TSDB_API int tsdb_point_each(tsdb_txn *txn, const tsdb_query *q,
                             int (*fn)(const tsdb_query *q, const tsdb_point *p, void *arg), void *arg,
                             tsdb_error *err);

/* Reads the value of one observation (latest, or as of a date). */
TSDB_API int tsdb_obs_get(tsdb_txn *txn, const char *indicator, const char *region, tsdb_period period,
                          uint32_t as_of, tsdb_point *out, tsdb_error *err);

/* Calls fn for each series that has observations, in key order (indicator
 * by number, then region by number): every series, or those of indicator if
 * it is not NULL (TSDB_EUNKNOWN if it is not declared). One seek per series;
 * the observations themselves are not read. fn returns non-zero to stop, and
 * that value is returned. The strings are borrowed for the transaction. */
TSDB_API int tsdb_series_each(tsdb_txn *txn, const char *indicator,
                              int (*fn)(const char *indicator, const char *region, void *arg), void *arg,
                              tsdb_error *err);

/* Counts and extent of what is stored. */
typedef struct tsdb_stats {
	uint64_t observations; /* current observations */
	uint64_t versions;     /* all versions */
	uint64_t indicators, regions, sources;
	tsdb_period first, last; /* earliest and latest period, zero if none */
	uint64_t map_size;       /* current map size in bytes */
	uint64_t file_size;      /* bytes used on disk */
} tsdb_stats;

/* Fills *out. */
TSDB_API int tsdb_stats_get(tsdb_txn *txn, tsdb_stats *out, tsdb_error *err);

/* ---- Series, expressions and transforms ----------------------------------
 * A query's answer for one region: samples in period order, held in memory.
 * Expressions compute over indicators; transforms turn a series into
 * another (growth rates, indexes, shares, year-to-date de-accumulation). */

/* One value of a series. */
typedef struct tsdb_sample {
	tsdb_period period;
	double value;
	int qualifier;      /* enum tsdb_qualifier, carried through arithmetic */
	int status;         /* enum tsdb_obs_status: the least certain operand's */
	const char *source; /* source id (borrowed from the transaction), "" if
	                       none; for a value computed from several sources,
	                       the first, with more_sources set */
	int more_sources;   /* other sources went into the value too */
} tsdb_sample;

/* A series: samples in period order, one per period. v is owned by the
 * series (tsdb_series_free); zero-initialise before first use. */
typedef struct tsdb_series {
	tsdb_sample *v;
	size_t n, cap;
} tsdb_series;

/* Frees the samples and zeroes the series. Accepts NULL. */
TSDB_API void tsdb_series_free(tsdb_series *s);

/* Appends a sample (periods must come in increasing order). */
TSDB_API int tsdb_series_push(tsdb_series *s, const tsdb_sample *x, tsdb_error *err);

/* The sample of period p, or NULL. Binary search. */
TSDB_API const tsdb_sample *tsdb_series_find(const tsdb_series *s, tsdb_period p);

/* Reads one stored series (q->indicator, q->region, range, as_of; versions
 * is ignored) into out, replacing what it held. */
TSDB_API int tsdb_series_read(tsdb_txn *txn, const tsdb_query *q, tsdb_series *out, tsdb_error *err);

/* Converts a series to frequency freq (TSDB_FREQ_MONTH .. TSDB_FREQ_YEAR)
 * by the kind of what it measures: flows sum their sub-periods, stocks take
 * the value at the period's end; a period that is stored as such is taken
 * as it is. A period with only some of its sub-periods is missing, never a
 * partial sum. Rates, shares and ranks are never summed: TSDB_EINVAL. */
TSDB_API int tsdb_series_convert(const tsdb_series *in, int kind, int freq, tsdb_series *out,
                                 tsdb_error *err);

/* tsdb_series_convert, telling what it could not do: note (may be NULL) is
 * called for each period of freq that ends where a year-to-date cumulative
 * ends but cannot be taken from it (January-March with no January-February
 * stored: March), with the reason. */
TSDB_API int tsdb_series_convert_noted(const tsdb_series *in, int kind, int freq, tsdb_series *out,
                                       void (*note)(tsdb_period p, const char *why, void *arg),
                                       void *arg, tsdb_error *err);

/* Turns year-to-date cumulative values (January-February, January-March,
 * Q1, H1, January-September, the year) into the values of the periods
 * between them: January-May minus January-April is May. Non-cumulative
 * periods pass through. note (may be NULL) is called for each period that
 * could not be derived down to its own month or quarter, with the reason. */
TSDB_API int tsdb_series_discrete(const tsdb_series *in, tsdb_series *out,
                                  void (*note)(tsdb_period p, const char *why, void *arg), void *arg,
                                  tsdb_error *err);

/* Transforms (meanings as in FRED). */
enum tsdb_transform_op {
	TSDB_TR_NONE = 0,
	TSDB_TR_YOY,      /* percent change from a year ago (like periods) */
	TSDB_TR_POP,      /* percent change from the previous period */
	TSDB_TR_DIFF,     /* change from the previous period */
	TSDB_TR_DIFF_YOY, /* change from a year ago */
	TSDB_TR_PCA,      /* compounded annual rate of change, percent */
	TSDB_TR_LOG,      /* natural logarithm */
	TSDB_TR_INDEX,    /* base period = 100 */
	TSDB_TR_SHARE,    /* percent of a parent region's value */
	TSDB_TR_CAGR,     /* compound annual growth over the whole window */
	TSDB_TR_RANK,     /* rank among the regions shown (1 = largest) */
	TSDB_TR_DISCRETE, /* year-to-date de-accumulation */
};

typedef struct tsdb_transform {
	int op;              /* enum tsdb_transform_op */
	tsdb_period base;    /* index: the base period */
	char region[64];     /* share: the region named after "share:" */
} tsdb_transform;

/* Parses "yoy", "pop", "diff", "diff_yoy", "pca", "log", "index:2019",
 * "share:CN", "cagr", "rank" or "discrete". */
TSDB_API int tsdb_transform_parse(const char *text, tsdb_transform *out, tsdb_error *err);

/* The name of a transform as written ("yoy"), static. */
TSDB_API const char *tsdb_transform_name(int op);

/* How many months of history before the first period shown a transform
 * needs (12 for yoy, the length of one period for pop: pass the period). */
TSDB_API int tsdb_transform_lookback(const tsdb_transform *t, tsdb_period first);

/* Applies t to in, writing out. ref is the parent region's series for
 * share (else NULL). Samples the transform cannot compute (no year-ago
 * value, a zero base, the log of a negative) are left out of out, never
 * zero. rank is across regions: see tsdb_series_rank. discrete: see
 * tsdb_series_discrete. */
TSDB_API int tsdb_transform_apply(const tsdb_transform *t, const tsdb_series *in, const tsdb_series *ref,
                                  tsdb_series *out, tsdb_error *err);

/* Replaces the values of n series by their rank at each period among those
 * that have a value there (1 = largest; ties share the better rank). */
TSDB_API int tsdb_series_rank(tsdb_series *s, size_t n, tsdb_error *err);

/* An arithmetic expression over indicators and constants:
 * "rd_expenditure / gdp * 100". Operands align on (region, period); a
 * missing operand gives a missing result, never zero. */
typedef struct tsdb_expr tsdb_expr;

/* Parses text. A syntax error is TSDB_EINVAL with err->column at the
 * offending byte (1-based). *out is owned by the caller (tsdb_expr_free). */
TSDB_API int tsdb_expr_parse(const char *text, tsdb_expr **out, tsdb_error *err);

/* Frees an expression. Accepts NULL. */
TSDB_API void tsdb_expr_free(tsdb_expr *e);

/* Looks up the indicators e names (TSDB_EUNKNOWN with suggestions if one is
 * not declared) and works out its unit and kind: units multiply and divide
 * (CNY / CNY is "ratio"; adding CNY to count is TSDB_EINVAL); the kind is
 * the indicator's own for a lone indicator; a sum or difference of operands
 * of one kind, or scaling by a constant, keeps it; anything else is a rate. Call before
 * tsdb_expr_eval, within the transaction used to evaluate. */
TSDB_API int tsdb_expr_bind(tsdb_txn *txn, tsdb_expr *e, tsdb_error *err);

/* The unit and kind worked out by tsdb_expr_bind. */
TSDB_API const char *tsdb_expr_unit(const tsdb_expr *e);
TSDB_API int tsdb_expr_kind(const tsdb_expr *e);

/* The expression's text, as parsed. */
TSDB_API const char *tsdb_expr_text(const tsdb_expr *e);

/* The number of indicators e names, and the i-th (0-based) id. */
TSDB_API size_t tsdb_expr_indicators(const tsdb_expr *e);
TSDB_API const char *tsdb_expr_indicator(const tsdb_expr *e, size_t i);

/* Evaluates a bound expression for region q->region over q's range and
 * as_of (q->indicator is ignored), each operand first converted to freq
 * (0: as stored) by tsdb_series_convert. Qualifiers follow honestly: a
 * lower bound divided by an exact value is a lower bound, opposite
 * directions give "~". Division by zero gives a missing value. */
TSDB_API int tsdb_expr_eval(tsdb_txn *txn, const tsdb_expr *e, const tsdb_query *q, int freq,
                            tsdb_series *out, tsdb_error *err);

/* ---- Panels: an expression over regions and periods ---------------------
 * A panel answers "this expression, for these regions, over these periods":
 * one column per region, each a series in period order, with what a reader
 * needs to present it honestly (its unit, whether values are computed, and
 * notes on what could not be derived). tsq's compare, rank and plot are
 * presentations of one.
 *
 * Regions: each name in any form (tsdb_region_resolve); NAME followed by
 * "/" and "*" for the children of a region or the members of a group (so
 * a group's members one by one); with level, every region
 * of that level that has data for the expression's first indicator (within
 * a region or group, if given). A region named twice is shown once.
 *
 * Groups: a group named by itself (not "GROUP/" "*") is its aggregate. Each
 * indicator of the expression is summed over the members (a member that is
 * itself a group, over its own), then the expression is worked out over
 * those sums: "rd_expenditure / gdp * 100" of a group is its R&D spending
 * over its GDP. Only flows and stocks in additive units are summed, and only
 * for periods where every member has a value; a period where some lack one
 * is missing, with a note naming them. A sum keeps its qualifiers honestly
 * (a sum over a lower bound is a lower bound). Rates, shares, ranks and
 * indexes are never summed: TSDB_EINVAL, saying so and showing the
 * expression to ask for instead. A group without members is read as it is
 * stored.
 *
 * Boundaries: with boundaries YEAR, a region into which whole units were
 * merged by YEAR (济南市, into which 莱芜市 went in 2018; 东城区, with
 * 崇文区 in 2010) is restated on YEAR's boundaries: each operand is the sum
 * of the region's own value and those of the units merged into it, for the
 * years they existed, and the expression is worked out over the sums. A
 * period where such a unit has no value, or where a unit that was split
 * among several regions (巢湖市) existed, is missing, with a note: a split
 * cannot be apportioned without weights. A rename changes nothing (the old
 * name is the region's). As for groups, only amounts are summed; rates,
 * shares, ranks and indexes are TSDB_EINVAL. */

/* What a panel asks. Zero means "not given" for every field. */
typedef struct tsdb_panel_request {
	const char *expr;            /* an indicator id or an expression (required) */
	const char *const *regions;  /* names as above */
	size_t nregions;
	const char *level;           /* also every region of this level with data
	                                ("" any level); NULL none */
	const char *within;          /* with level: only regions inside this region
	                                or group (tsdb_region_within) */
	tsdb_period from, to;        /* periods whose start lies in [from.start,
	                                to.end]; zero is unbounded */
	uint32_t as_of;              /* yyyymmdd: the state known then; 0 latest */
	const char *transform;       /* as tsdb_transform_parse reads it, or NULL */
	int freq;                    /* enum tsdb_freq, MONTH..YEAR; 0 as stored */
	int boundaries;              /* a year: each region on its boundaries of
	                                then (see below); 0 as each was */
} tsdb_panel_request;

/* One region's answer. */
typedef struct tsdb_panel_column {
	const char *asked;  /* the region as named, or its display name when it
	                       came from a "/" "*" or a level (owned by the panel) */
	tsdb_region reg;    /* borrowed from the transaction */
	tsdb_series s;      /* the values shown, in period order */
	int aggregate;      /* non-zero: the sum over a group's members */
} tsdb_panel_column;

/* A panel. Everything it points to is owned by it (tsdb_panel_free); region
 * strings and sample sources are borrowed from the transaction it was read
 * in. Read-only for the caller. */
typedef struct tsdb_panel {
	tsdb_panel_column *col;  /* the regions, in the order asked */
	size_t ncols;
	tsdb_period *per;        /* every period of any column, in time order */
	size_t nper;
	tsdb_transform tr;       /* the transform parsed (op 0: none) */
	int kind;                /* of the expression, before the transform */
	int lone;                /* the expression is one indicator */
	int computed;            /* values are computed (an expression, a
	                            transform or a group's sum), not as stored */
	char unit[200];          /* the unit of what is shown */
	char name[160];          /* a lone indicator's name, else "" */
	char **notes;            /* what could not be derived, in words */
	size_t nnotes;
} tsdb_panel;

/* Parses and binds the request's expression and transform and works out
 * the unit shown; reads no series and resolves no region (so a caller can
 * check the unit before any work). *out is owned by the caller. req is
 * borrowed: it and its strings must stay valid until tsdb_panel_read,
 * which reads its regions, level and within then (they may be filled in
 * between). */
TSDB_API int tsdb_panel_new(tsdb_txn *txn, const tsdb_panel_request *req, tsdb_panel **out,
                            tsdb_error *err);

/* Resolves the request's regions and reads and computes every column: the
 * history a transform needs before the first period (a year for yoy, one
 * period for pop, all of it for index), share over the named region's own
 * answer, CAGR over the periods shown, rank across the columns, discrete
 * before the change of frequency. Call once, in the transaction of
 * tsdb_panel_new. */
TSDB_API int tsdb_panel_read(tsdb_txn *txn, tsdb_panel *p, tsdb_error *err);

/* tsdb_panel_new then tsdb_panel_read. */
TSDB_API int tsdb_panel_query(tsdb_txn *txn, const tsdb_panel_request *req, tsdb_panel **out,
                              tsdb_error *err);

/* Frees a panel. Accepts NULL. */
TSDB_API void tsdb_panel_free(tsdb_panel *p);

/* Calls fn with the source of every stored value behind the panel's
 * columns over [from, to] (zero: unbounded), each operand of the
 * expression and each member of a group read: an expression's sample
 * names only its first source. The same id may come more than once. fn
 * returns non-zero to stop, and that value is returned. */
TSDB_API int tsdb_panel_sources(tsdb_txn *txn, const tsdb_panel *p, tsdb_period from,
                                tsdb_period to, int (*fn)(const char *source, void *arg),
                                void *arg, tsdb_error *err);

/* One region's place in a ranking (tsdb_panel_rank). */
typedef struct tsdb_place {
	size_t col;              /* the column */
	const tsdb_sample *s;    /* its value at the period (borrowed from the panel) */
	size_t rank;             /* competition rank: 1 2 2 4 */
} tsdb_place;

/* The columns that have a value at period at, ordered largest first (with
 * ascending, smallest first; equal values by region code), each with its
 * competition rank: ties share the better rank (1 2 2 4), as
 * tsdb_series_rank ranks. *out is malloc'd, the caller's to free. */
TSDB_API int tsdb_panel_rank(const tsdb_panel *p, tsdb_period at, int ascending,
                             tsdb_place **out, size_t *n, tsdb_error *err);

/* Is the region with primary code code inside the region or group outer:
 * the same region, a descendant of it, or (for a group) a member of it or
 * inside a member? *yes gets the answer. */
TSDB_API int tsdb_region_within(tsdb_txn *txn, const char *code, const char *outer, int *yes,
                                tsdb_error *err);

/* ---- Loading ----------------------------------------------------------------- */

/* How the rows of a CSV file become facts. Columns are named by their
 * header (matched ignoring case and surrounding spaces). In the long layout
 * each row is one fact; in the wide layout (statistical yearbooks, World
 * Bank files) every column whose header is a period holds that period's
 * values, one row per region (and indicator). Empty cells are missing
 * values, never zeros. */
typedef struct tsdb_csv_map {
	const char *region;     /* column of region names or codes (required) */
	const char *period;     /* column of periods (long layout) */
	const char *value;      /* column of values (long layout) */
	const char *indicator;  /* column of indicator ids, or NULL */
	const char *unit, *qualifier, *status, *source, *vintage, *note; /* optional columns */
	const char *fixed_indicator; /* indicator of every row when no column gives it */
	const char *fixed_unit;      /* unit of every value, checked against the indicator */
	const char *fixed_source;    /* source of every row when no column gives it */
	const char *scale;           /* scale applied to every value ("万", "million") */
	int wide;               /* periods are column headers */
	char sep;               /* ',', ';' or '\t'; 0 detects it from the header */
	/* Tables as statistical offices publish them: */
	const char *fixed_period;    /* period of every row when no column gives it */
	const char *province, *city, *county; /* columns of a region path, read as
	                                PROVINCE/CITY/COUNTY when no region column is
	                                mapped; an empty province or city cell below
	                                a filled one (a merged cell) is the one above */
	const char *na;         /* missing-value marks, ','-separated, replacing the
	                           usual ones (…, ……, ..., —, ——, -, －, NA, N/A,
	                           n.a., /); NULL: those. An empty cell is missing. */
	int header_row;         /* line of the header, from 1; 0: the first row that
	                           holds every mapped column (within 50 rows), title
	                           lines above it skipped */
	const char *encoding;   /* the files' encoding, any name iconv knows
	                           ("GB18030", "UTF-16LE"); NULL: UTF-8, or UTF-16
	                           with a byte-order mark, or GB18030 when the file
	                           is not valid UTF-8 but is valid GB18030 */
} tsdb_csv_map;

/* The formats a load reads. TSDB_FORMAT_AUTO decides each file by its name
 * (.csv and .tsv are CSV; .json, .jsonl and .ndjson are JSON) and, failing
 * that, by its first byte other than white space: '{' or '[' is JSON,
 * anything else CSV when a column map is given (else the load fails: the
 * format cannot be told). JSON is JSON Lines, an array of records or a
 * document, told apart by the content; TSDB_FORMAT_JSONL and
 * TSDB_FORMAT_JSON (one value: an array or a document) say which. */
enum tsdb_format {
	TSDB_FORMAT_AUTO = 0,
	TSDB_FORMAT_JSONL,
	TSDB_FORMAT_JSON,
	TSDB_FORMAT_CSV, /* the separator from the map, or detected */
	TSDB_FORMAT_TSV, /* CSV separated by tabs */
};

/* Where a load has got to, for a progress display (see on_progress). */
typedef struct tsdb_load_progress {
	const char *file;   /* the file being read, as named ("<stdin>" for "-") */
	size_t file_index;  /* its index in paths */
	size_t files;       /* npaths */
	uint64_t bytes;     /* bytes read so far, over all files */
	uint64_t total;     /* bytes of all files, 0 while unknown (a pipe) */
	uint64_t records;   /* records read so far */
	int attempt;        /* 1; 2 and more when the map grew and the load
	                       began again */
	int committing;     /* non-zero once everything is read: the last call
	                       before the transaction commits */
} tsdb_load_progress;

/* Options of a load. */
typedef struct tsdb_load_options {
	int dry_run;        /* validate and count, write nothing */
	int new_regions;    /* an unknown region whose name is a valid code is
	                       created (level "group"); else unknown is an error */
	const tsdb_csv_map *csv; /* the column map of CSV files (see format) */
	int max_errors;     /* errors reported before giving up (default 20) */
	/* called for each error found (all of them, up to max_errors), in the
	 * order of the input; may be NULL */
	void (*on_error)(const tsdb_error *err, void *arg);
	void *arg;          /* passed to on_error and on_progress */
	int format;         /* enum tsdb_format; 0 decides each file */
	/* called as the input is read (after every 256 KiB or so) and once more
	 * before the commit; may be NULL. The load does not wait for it, so it
	 * should be quick: a display redraws only now and then. */
	void (*on_progress)(const tsdb_load_progress *p, void *arg);
	int verify;         /* check each fact that has a quote against its source's
	                       document (tsdb_verify_obs) and refuse those that fail */
	uint32_t vintage;   /* yyyymmdd: the vintage of every fact that gives none
	                       (instead of its source's date); 0: none */
	uint32_t today;     /* yyyymmdd: the load's date, the assumed vintage of a
	                       fact with no vintage, no "received" date and no dated
	                       source (tsdb_obs.received); 0: today, local time */
	int keep_unknown;   /* non-zero: such a fact keeps an unknown vintage, seen
	                       as of any date (a restore: the dump gives each
	                       assumed date as "received") */
} tsdb_load_options;

/* What a load did. */
typedef struct tsdb_load_stats {
	uint64_t records;   /* records read */
	uint64_t added;     /* observations new */
	uint64_t revised;   /* new versions of known observations */
	uint64_t unchanged; /* versions already stored */
	uint64_t catalog;   /* indicators, sources and regions declared */
	uint64_t errors;    /* records rejected */
	uint64_t missing;   /* missing value cells skipped (CSV): empty or marked */
	uint64_t skipped;   /* CSV rows skipped: title lines above the header, and
	                       notes, one-cell and empty rows below it */
	char encoding[32];  /* the encoding a CSV file was read from when it was
	                       not UTF-8 (the last such file), or "" */
	uint64_t assumed;   /* versions stored (added or revised) whose vintage is
	                       assumed: the date they came in */
	uint32_t today;     /* the load's date (options.today or the clock) */
} tsdb_load_stats;

/* Loads the files (JSON Lines, a JSON array, a document with "facts",
 * "indicators", "sources", "regions", or CSV: see enum tsdb_format) in one
 * write transaction: all of them or, on any error, nothing, returning the
 * first error (TSDB_EDATA for bad records). "-" is standard input.
 *
 * Memory stays bounded whatever the size of the input: records are read one
 * at a time (an array or a document too; none may exceed 64 MiB), and facts
 * are written in batches sorted into key order. Input that cannot seek (a
 * pipe) is copied, as it is read, into an unlinked file in the database
 * directory, so that the load can run again if the map has to grow; the map
 * is grown before the load by an estimate from the size of the files.
 * stats may be NULL. */
TSDB_API int tsdb_load_files(tsdb *db, const char *const *paths, size_t npaths,
                             const tsdb_load_options *opts, tsdb_load_stats *stats, tsdb_error *err);

/* ---- Dumping ------------------------------------------------------------------ */

/* Writes everything the database holds, as txn sees it, to f as JSON Lines
 * in the loader's own format, so that tsdb_load_files into a new database
 * rebuilds it and that database dumps byte for byte the same. In order,
 * each part in the store's key order (the order of first declaration):
 * indicators; sources; the regions that are not built in or differ from
 * the built-in ones (tsdb_regions_custom_each); every version of every
 * observation, series by series, oldest first, with vintage, source,
 * qualifier, status, quote and note; then the rare late corrections (a
 * region whose parent was declared after it, written again whole; a group
 * again with its members; a source dated after versions without a vintage
 * were stored under it, written again with its date). Values are the
 * shortest decimals that read back as the same double; empty fields and
 * defaults are left out. *records (may be NULL) gets the records written.
 * A write error is TSDB_EIO (err->sys holds errno); f is not closed. */
TSDB_API int tsdb_dump(tsdb_txn *txn, FILE *f, uint64_t *records, tsdb_error *err);

/* Calls fn for each region of the database that is not in the built-in
 * catalog or differs from its built-in record (a user's own regions and
 * changes), in key order. fn returns non-zero to stop, and that value is
 * returned. Strings are borrowed for the call. */
TSDB_API int tsdb_regions_custom_each(tsdb_txn *txn, int (*fn)(const tsdb_region *, void *),
                                      void *arg, tsdb_error *err);

/* ---- Verifying facts against their sources ----------------------------------------
 * A fact's quote is looked up in the document of its source (see
 * tsdb_source_text_put) and its value in its quote, as docs/tsq.1 (VERIFY)
 * describes. */

/* The verdicts, from best to worst; unchecked facts have no quote or no
 * document to check it against. */
enum tsdb_verdict {
	TSDB_VERIFY_PASS = 0,
	TSDB_VERIFY_WARN,
	TSDB_VERIFY_FAIL,
	TSDB_VERIFY_UNCHECKED,
};

/* Why a fact did not pass: the first finding of its verdict's kind. */
enum tsdb_verify_reason {
	TSDB_VR_NONE = 0,
	TSDB_VR_QUOTE,     /* fail: the quote is not in the document */
	TSDB_VR_VALUE,     /* fail: no number of the quote equals the value */
	TSDB_VR_QUALIFIER, /* fail: the words beside the number contradict the qualifier */
	TSDB_VR_REGION,    /* warn: the region is not named near the quote */
	TSDB_VR_PERIOD,    /* warn: neither the quote nor the source's date supports the period */
	TSDB_VR_NO_QUOTE,  /* unchecked: the fact has no quote */
	TSDB_VR_NO_TEXT,   /* unchecked: its source has no document */
};

/* The outcome of checking one version. */
typedef struct tsdb_verification {
	int verdict;             /* enum tsdb_verdict */
	int reason;              /* enum tsdb_verify_reason */
	char why[TSDB_ERROR_TEXT]; /* every finding in words, "; "-separated; "" on a pass */
} tsdb_verification;

/* The name of a verdict ("pass", "warn", "fail", "unchecked"), static. */
TSDB_API const char *tsdb_verdict_name(int verdict);

/* Checks one version (obs->region a primary code, obs->source a declared
 * source) against its source's document. */
TSDB_API int tsdb_verify_obs(tsdb_txn *txn, const tsdb_obs *obs, tsdb_verification *out,
                             tsdb_error *err);

/* Checks every stored version, series by series (those of the listed
 * sources and indicators only, when the lists are not empty; an unknown id
 * is TSDB_EUNKNOWN), calling fn with each: the indicator id, the region's
 * primary code, the version (quote and source set) and its verification.
 * Borrowed strings are valid during the call. fn returns non-zero to stop,
 * and that value is returned. */
TSDB_API int tsdb_verify_each(tsdb_txn *txn, const char *const *sources, size_t nsources,
                              const char *const *indicators, size_t nindicators,
                              int (*fn)(const char *indicator, const char *region,
                                        const tsdb_point *p, const tsdb_verification *v,
                                        void *arg),
                              void *arg, tsdb_error *err);

/* ---- Checking ------------------------------------------------------------------ */

/* Verifies every invariant of the store as txn sees it (a read transaction
 * is a consistent snapshot; writers may go on meanwhile): the format stamp;
 * every interned name resolves to a catalog record of that id and every
 * record is interned under its number; catalog records are well formed
 * (units, kinds, dates, priorities); aliases and children name existing
 * regions, every parent exists, lists its children and is not their
 * descendant; every observation's indicator, region and sources exist, its
 * period is a range of real dates, its record is well formed, it shows the
 * best of its versions (docs/STORE.md, "The version shown") with its
 * conflict flag right, and no stored version duplicates the shown one or
 * lacks an observation; keys rise in every table. Walks each table once,
 * in constant memory. problem (may be NULL) is called with each problem in
 * words (the text is valid during the call); *problems (may be NULL) gets
 * their number. Returns 0 for a healthy store, TSDB_ECORRUPT when problems
 * were found, another code when the check could not be run. */
TSDB_API int tsdb_check(tsdb_txn *txn, void (*problem)(const char *what, void *arg), void *arg,
                        uint64_t *problems, tsdb_error *err);

/* Frees the reader slots left in the lock file by processes that died in a
 * read transaction (they would keep old pages from being reused, so the
 * file grows). Opening a database for writing does this too. *cleared (may
 * be NULL) gets how many were freed, by this call and by the opening of db
 * if not reported before. */
TSDB_API int tsdb_readers_check(tsdb *db, int *cleared, tsdb_error *err);

#ifdef __cplusplus
}
#endif
#endif /* TSDB_H */
