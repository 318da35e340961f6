/* spill.c — a load's external sort: batches of facts, each sorted by key,
 * written as runs into an anonymous file in the database directory, then
 * merged, so that a load larger than one batch still writes its facts in key
 * order: each series block once, and new blocks appended in order, which
 * fills LMDB's pages instead of splitting them (docs/STORE.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "load.h"

enum { READ_BUF = 32 << 10, WRITE_BUF = 256 << 10 };

/* A fact as a run holds it, followed by its tail_len bytes of tail. */
struct rec {
	struct pending p;
	struct origin o;
	uint64_t g;
	uint32_t tail_len;
};

struct run {
	off_t at, end;     /* the unread part of the run in the file */
	unsigned char *buf; /* READ_BUF bytes read ahead */
	size_t have, used;
	struct rec cur;    /* its next fact ... */
	char *tail;        /* ... and that fact's tail */
	size_t tail_cap;
};

struct spill {
	int fd;
	off_t end;
	struct run *runs;
	size_t nruns, cap;
	size_t *heap, nheap; /* run indexes, smallest fact first */
	unsigned char *wbuf;
	size_t wused;
};

int ts_spill_open(struct spill **out, const char *dir)
{
	struct spill *s = calloc(1, sizeof *s);
	*out = NULL;
	if (!s || !(s->wbuf = malloc(WRITE_BUF))) {
		free(s);
		return TSDB_ENOMEM;
	}
#ifdef O_TMPFILE
	s->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		goto fail;
	if (s->fd >= 0) {
		*out = s;
		return 0;
	}
#endif
	char path[4096];
	if (snprintf(path, sizeof path, "%s/.sort-XXXXXX", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if ((s->fd = mkstemp(path)) < 0)
		goto fail;
	unlink(path);
	*out = s;
	return 0;
fail:
	free(s->wbuf);
	free(s);
	return errno == ENOSPC ? TSDB_ENOSPC : TSDB_EIO;
}

static void runs_free(struct spill *s)
{
	for (size_t i = 0; i < s->nruns; i++) {
		free(s->runs[i].buf);
		free(s->runs[i].tail);
	}
	s->nruns = 0;
	s->nheap = 0;
}

void ts_spill_close(struct spill *s)
{
	if (!s)
		return;
	runs_free(s);
	free(s->runs);
	free(s->heap);
	free(s->wbuf);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

size_t ts_spill_runs(const struct spill *s)
{
	return s ? s->nruns : 0;
}

static int wflush(struct spill *s)
{
	size_t off = 0;
	while (off < s->wused) {
		ssize_t w = pwrite(s->fd, s->wbuf + off, s->wused - off, s->end);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return errno == ENOSPC || errno == EDQUOT ? TSDB_ENOSPC : TSDB_EIO;
		off += (size_t)w;
		s->end += w;
	}
	s->wused = 0;
	return 0;
}

static int wput(struct spill *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n) {
		size_t k = WRITE_BUF - s->wused < n ? WRITE_BUF - s->wused : n;
		memcpy(s->wbuf + s->wused, b, k);
		s->wused += k;
		b += k;
		n -= k;
		int rc;
		if (s->wused == WRITE_BUF && (rc = wflush(s)))
			return rc;
	}
	return 0;
}

int ts_spill_run(struct spill *s, const struct pending *p, const struct origin *o, size_t n,
                 const char *arena, uint64_t base)
{
	struct run *r;
	int rc;
	if (!n)
		return 0;
	if (s->nruns == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct run *nr = realloc(s->runs, cap * sizeof *nr);
		size_t *nh = realloc(s->heap, cap * sizeof *nh);
		if (nr)
			s->runs = nr;
		if (nh)
			s->heap = nh;
		if (!nr || !nh)
			return TSDB_ENOMEM;
		s->cap = cap;
	}
	r = &s->runs[s->nruns];
	memset(r, 0, sizeof *r);
	r->at = s->end;
	for (size_t i = 0; i < n; i++) {
		struct rec x;
		const char *tail = NULL;
		memset(&x, 0, sizeof x);
		x.p = p[i];
		x.o = o[p[i].seq];
		x.g = base + p[i].seq;
		if (p[i].tail != TS_NO_TAIL) {
			tail = arena + p[i].tail;
			size_t q = strlen(tail);
			x.tail_len = (uint32_t)(q + 1 + strlen(tail + q + 1) + 1);
		}
		if ((rc = wput(s, &x, sizeof x)) || (x.tail_len && (rc = wput(s, tail, x.tail_len))))
			return rc;
	}
	if ((rc = wflush(s)))
		return rc;
	r->end = s->end;
	s->nruns++;
	return 0;
}

/* Reads n bytes of run r into p; 0, 1 at the run's end, or an error. */
static int rget(struct spill *s, struct run *r, void *p, size_t n)
{
	unsigned char *d = p;
	while (n) {
		if (r->used == r->have) {
			size_t want = r->end - r->at < READ_BUF ? (size_t)(r->end - r->at) : READ_BUF;
			if (!want)
				return 1;
			ssize_t got = pread(s->fd, r->buf, want, r->at);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				return TSDB_EIO;
			r->at += got;
			r->have = (size_t)got;
			r->used = 0;
		}
		size_t k = r->have - r->used < n ? r->have - r->used : n;
		memcpy(d, r->buf + r->used, k);
		r->used += k;
		d += k;
		n -= k;
	}
	return 0;
}

/* Reads run r's next fact; 0, 1 at its end, or an error. */
static int advance(struct spill *s, struct run *r)
{
	int rc = rget(s, r, &r->cur, sizeof r->cur);
	if (rc)
		return rc;
	if (r->cur.tail_len > r->tail_cap) {
		char *t = realloc(r->tail, r->cur.tail_len);
		if (!t)
			return TSDB_ENOMEM;
		r->tail = t;
		r->tail_cap = r->cur.tail_len;
	}
	rc = r->cur.tail_len ? rget(s, r, r->tail, r->cur.tail_len) : 0;
	return rc == 1 ? TSDB_EIO : rc;
}

/* Does run a's fact come before run b's: by key, then in the input's order? */
static int before(const struct spill *s, size_t a, size_t b)
{
	const struct rec *x = &s->runs[a].cur, *y = &s->runs[b].cur;
	if (x->p.ind != y->p.ind)
		return x->p.ind < y->p.ind;
	if (x->p.reg != y->p.reg)
		return x->p.reg < y->p.reg;
	if (x->p.start != y->p.start)
		return x->p.start < y->p.start;
	if (x->p.end != y->p.end)
		return x->p.end < y->p.end;
	return x->g < y->g;
}

static void sift_down(struct spill *s, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < s->nheap && before(s, s->heap[l], s->heap[m]))
			m = l;
		if (l + 1 < s->nheap && before(s, s->heap[l + 1], s->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		size_t t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

int ts_spill_merge(struct spill *s)
{
	s->nheap = 0;
	for (size_t i = 0; i < s->nruns; i++) {
		struct run *r = &s->runs[i];
		if (!(r->buf = malloc(READ_BUF)))
			return TSDB_ENOMEM;
		int rc = advance(s, r);
		if (rc < 0 || rc > 1)
			return rc;
		if (rc == 0)
			s->heap[s->nheap++] = i;
	}
	for (size_t i = s->nheap / 2; i-- > 0;)
		sift_down(s, i);
	return 0;
}

int ts_spill_next(struct spill *s, struct pending *p, struct origin *o, const char **tail,
                  uint64_t *g)
{
	if (!s->nheap)
		return 1;
	struct run *r = &s->runs[s->heap[0]];
	*p = r->cur.p;
	*o = r->cur.o;
	*g = r->cur.g;
	*tail = r->cur.tail_len ? r->tail : NULL;
	return 0;
}

int ts_spill_pop(struct spill *s)
{
	struct run *r = &s->runs[s->heap[0]];
	int rc = advance(s, r);
	if (rc == 1)
		s->heap[0] = s->heap[--s->nheap];
	else if (rc)
		return rc;
	sift_down(s, 0);
	return 0;
}

int ts_spill_reset(struct spill *s)
{
	runs_free(s);
	s->end = 0;
	s->wused = 0;
	return ftruncate(s->fd, 0) ? TSDB_EIO : 0;
}
