/* nametab.h — the load's caches of resolved names (regions, indicators,
 * sources): open-addressing hash tables, internal to the library. */
#ifndef TS_NAMETAB_H
#define TS_NAMETAB_H

#include <stddef.h>
#include <stdint.h>

struct entry {
	char *name;
	char *text; /* the region's code, the indicator's unit, or NULL */
	uint32_t key;
	int lo, hi; /* a region name's meaning holds for the years lo..hi only (0, 0: always) */
};

/* An open-addressing hash table of names; a failure to remember only costs
 * speed. */
struct nametab {
	struct entry *e;
	size_t cap, n;
};

/* The entry for name, or NULL. */
const struct entry *ts_tab_find(const struct nametab *t, const char *name);
/* Frees every entry and empties t. */
void ts_tab_clear(struct nametab *t);
/* Remembers name (a name already there takes the new key and years). */
void ts_tab_put(struct nametab *t, const char *name, const char *text, uint32_t key, int lo, int hi);

#endif
