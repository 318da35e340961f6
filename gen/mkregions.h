/* mkregions.h — what the parts of the region catalog generator share: the regions being
 * built, their string pool, the first error, and the readers of each input. */
#ifndef MKREGIONS_H
#define MKREGIONS_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

#define DEFAULT_ISO_DIR "/usr/share/iso-codes/json"
#define DEFAULT_LOCALE_DIR "/usr/share/locale"
#define C_LINE_WIDTH 100 /* soft limit on a generated C source line */

enum level { LEVEL_COUNTRY, LEVEL_PROVINCE, LEVEL_PREFECTURE, LEVEL_COUNTY, LEVEL_GROUP };
/* First error wins, as in jansson's json_error_t: later failures are consequences. */
struct error {
	char text[1024];
	int set;
};

/* Strings live in a pool freed at once: the catalog is built once and never edited. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct region {
	const char *code, *parent, *type, *name, *name_zh;
	enum level level;
	const char **aliases;
	size_t naliases, cap;
	const char *order;   /* sort key within a level: the code, or NBS's for provinces */
	const char *members; /* a group's member codes, '|'-separated, or NULL */
	const char *src; /* where the region came from, for messages */
	long line;       /* > 0 a line of src, < 0 the -line'th entry of a JSON array */
};

struct mo_entry {
	const char *id, *str;
};

/* A GNU .mo catalog: the file's bytes and a sorted view of its (msgid, msgstr) pairs. */
struct mo {
	char *data;
	struct mo_entry *entries;
	size_t n;
	const char *path;
};

struct pinyin {
	const char *code, *name;
	long line;
	int used;
};

struct build {
	struct error err;
	struct chunk *pool;
	struct region *regions;
	size_t n, cap;
	struct region **by_code; /* sorted by code once all regions exist */
	struct mo mo1, mo2;
	struct pinyin *pinyin;
	size_t npinyin;
	const char *pinyin_path;
	const char *province_of[100];  /* NBS 2-digit code -> ISO code */
	const char *parent_of[10000];  /* NBS 4-digit city code -> parent code of its counties */
};

/* A CSV file being parsed: libcsv calls back per field and per row. */
struct csv_state {
	struct build *b;
	const char *path;
	long line;
	const char *fields[4];
	size_t nfields;
	int too_many, failed, header_seen;
	const char *const *header; /* expected column names */
	size_t ncols;
	int (*row)(struct build *b, const char *path, long line, const char **fields);
};

struct buf {
	char *p;
	size_t n, cap;
};
extern const char *const level_names[];

/* ---- core (mkregions.c) ---- */
/* Records the first error as "src:line: message"; returns -1 for `return fail(...)`. */
int fail(struct build *b, const char *src, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Strings owned by the build's pool; NULL (with the error set) when out of memory. */
char *pool_alloc(struct build *b, size_t n);
char *pool_strndup(struct build *b, const char *s, size_t n);
char *pool_strdup(struct build *b, const char *s);
char *pool_printf(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ends_with(const char *s, const char *suffix);
int all_digits(const char *s, size_t n);
/* Reads a whole file into a malloc'd NUL-terminated buffer the caller frees. */
int read_file(struct build *b, const char *path, char **out, size_t *size);
/* Appends a region (strings must outlive the build: pool or static) and returns it, or NULL. */
struct region *add_region(struct build *b, const char *code, const char *parent, enum level level,
                          const char *type, const char *name, const char *name_zh, const char *src, long line);
/* Adds an alias unless empty or already present; s must outlive the build. */
int add_alias(struct build *b, struct region *r, const char *s);
/* Linear lookup, for the few lookups made before the catalog is complete. */
struct region *find_region_slow(struct build *b, const char *code);
/* Valid only after the regions are indexed; lives as long as the build. */
struct region *find_region(struct build *b, const char *code);
/* A TSV row's region, by its code, whose text (a name or an alias, called what) may be stored
 * in a '|'-separated list; NULL after fail() when it is not. */
struct region *row_region(struct build *b, const char *path, long line, const char *code, const char *text,
                          const char *what);
/* Calls row() for each line of a two-column TSV file, skipping blank lines and '#' comments. */
int load_tsv(struct build *b, const char *path, int optional,
             int (*row)(struct build *, const char *, long, const char *, const char *));

/* ---- iso-codes (iso.c) ---- */
int mo_load(struct build *b, struct mo *mo, const char *path);
const char *mo_get(const struct mo *mo, const char *id);
void mo_free(struct mo *mo);
int load_subdivisions(struct build *b, const char *path);
int load_countries(struct build *b, const char *path);

/* ---- China's statistical divisions (nbs.c) ---- */
int load_csv(struct build *b, const char *path, const char *const *header, size_t ncols,
             int (*row)(struct build *b, const char *path, long line, const char **fields));
int province_row(struct build *b, const char *path, long line, const char **f);
int city_row(struct build *b, const char *path, long line, const char **f);
int area_row(struct build *b, const char *path, long line, const char **f);
int load_pinyin(struct build *b, const char *path);
/* A pinyin entry no NBS unit used means pinyin.tsv and the CSVs are from different editions. */
int check_pinyin_used(struct build *b);

/* ---- China's names and groups (china.c) ---- */
/* Conventional English names of the provinces (english.tsv), NBS order for them. */
int load_english(struct build *b, const char *path);
/* The built-in groups (groups.tsv); after the regions are indexed. */
int load_groups(struct build *b, const char *path);
/* Adds the traditional-character forms of every Chinese name and alias (OpenCC). */
int add_traditional(struct build *b);
/* Every member of a group exists and is not a group; after the regions are indexed. */
int check_groups(struct build *b);

#endif
