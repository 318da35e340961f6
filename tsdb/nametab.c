/* nametab.c — the load's caches of resolved names, so that a name read a
 * million times is resolved once. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nametab.h"

static size_t slot(const struct nametab *t, const char *name)
{
	size_t i = (size_t)ts_hash(name) & (t->cap - 1);
	while (t->e[i].name && strcmp(t->e[i].name, name))
		i = (i + 1) & (t->cap - 1);
	return i;
}

const struct entry *ts_tab_find(const struct nametab *t, const char *name)
{
	if (!t->n)
		return NULL;
	size_t i = slot(t, name);
	return t->e[i].name ? &t->e[i] : NULL;
}

void ts_tab_clear(struct nametab *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		free(t->e[i].name);
		free(t->e[i].text);
	}
	free(t->e);
	memset(t, 0, sizeof *t);
}

void ts_tab_put(struct nametab *t, const char *name, const char *text, uint32_t key, int lo, int hi)
{
	if (t->n + 1 > t->cap * 7 / 10) {
		struct nametab b = {calloc(t->cap ? t->cap * 2 : 64, sizeof *b.e), t->cap ? t->cap * 2 : 64, t->n};
		if (!b.e)
			return;
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].name)
				b.e[slot(&b, t->e[i].name)] = t->e[i];
		free(t->e);
		*t = b;
	}
	size_t i = slot(t, name);
	if (t->e[i].name) {
		/* a name of changed units: its meaning for other years */
		t->e[i].key = key, t->e[i].lo = lo, t->e[i].hi = hi;
		return;
	}
	char *a = strdup(name), *b = text ? strdup(text) : NULL;
	if (!a || (text && !b)) {
		free(a);
		free(b);
		return;
	}
	t->e[i] = (struct entry){a, b, key, lo, hi};
	t->n++;
}
