/* store.c — the LMDB environment: open, close, transactions, map growth,
 * the writer lock and name interning. The layout is described in internal.h
 * and docs/STORE.md. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define DEFAULT_MAP ((size_t)64 << 20)

static const struct {
	const char *name;
	size_t off;
	unsigned flags;
} dbis[] = {
    {"meta", offsetof(tsdb, meta), 0},
    {"names", offsetof(tsdb, names), 0},
    {"indicators", offsetof(tsdb, indicators), 0},
    {"sources", offsetof(tsdb, sources), 0},
    {"regions", offsetof(tsdb, regions), 0},
    {"aliases", offsetof(tsdb, aliases), MDB_DUPSORT | MDB_DUPFIXED},
    {"children", offsetof(tsdb, children), MDB_DUPSORT | MDB_DUPFIXED},
    {"obs", offsetof(tsdb, obs), 0},
    {"versions", offsetof(tsdb, versions), 0},
    {"texts", offsetof(tsdb, texts), 0},
};

/* Opens every sub-database and checks the format stamp, in a write
 * transaction that creates what is missing, or in a read transaction that
 * says TSDB_NOTFOUND when something is. */
static int open_dbis_in(tsdb *db, int write, tsdb_error *err)
{
	MDB_txn *txn;
	MDB_val k = {6, "format"}, v;
	int rc = mdb_txn_begin(db->env, NULL, write ? 0 : MDB_RDONLY, &txn);
	for (int i = 0; rc == MDB_MAP_RESIZED && i < 8; i++) {
		/* another process grew the map: adopt its size (nothing is open yet) */
		mdb_env_set_mapsize(db->env, 0);
		rc = mdb_txn_begin(db->env, NULL, write ? 0 : MDB_RDONLY, &txn);
	}
	if (rc)
		return ts_mdb_err(err, rc, "begin");
	for (size_t i = 0; i < sizeof dbis / sizeof dbis[0]; i++) {
		MDB_dbi *d = (MDB_dbi *)((char *)db + dbis[i].off);
		rc = mdb_dbi_open(txn, dbis[i].name, dbis[i].flags | (write ? MDB_CREATE : 0), d);
		if (rc == MDB_NOTFOUND) {
			mdb_txn_abort(txn);
			return ts_err(err, TSDB_NOTFOUND, "%s is not a tsdb database (run tsq init)",
			              db->path);
		}
		if (rc) {
			mdb_txn_abort(txn);
			return ts_mdb_err(err, rc, "open sub-database");
		}
	}
	rc = mdb_get(txn, db->meta, &k, &v);
	if (rc == MDB_NOTFOUND && !write) {
		mdb_txn_abort(txn);
		return ts_err(err, TSDB_NOTFOUND, "%s has no format stamp", db->path);
	} else if (rc == MDB_NOTFOUND) {
		v.mv_data = TS_FORMAT;
		v.mv_size = strlen(TS_FORMAT);
		rc = mdb_put(txn, db->meta, &k, &v, 0);
	} else if (rc == 0 && !ts_format_is(&v, TS_FORMAT) && !ts_format_is(&v, TS_FORMAT_OLD)) {
		mdb_txn_abort(txn);
		return ts_err(err, TSDB_EVERSION, "%s has format %.*s; this tsdb reads format %s",
		              db->path, (int)(v.mv_size < 16 ? v.mv_size : 16), (char *)v.mv_data,
		              TS_FORMAT);
	}
	if (rc) {
		mdb_txn_abort(txn);
		return ts_mdb_err(err, rc, "format stamp");
	}
	rc = mdb_txn_commit(txn);
	return rc ? ts_mdb_err(err, rc, "commit") : 0;
}

/* Takes the lock of fd (LOCK_EX for a writer, LOCK_SH for a reader that
 * holds off writers), waiting up to busy_ms (not at all if 0, as
 * tsdb_options documents). */
static int lock_file(tsdb *db, int fd, int how, tsdb_error *err)
{
	struct timespec nap = {0, 5 * 1000 * 1000};
	unsigned waited = 0;
	while (flock(fd, how | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			goto fail;
		if (waited >= db->busy_ms)
			return ts_err(err, TSDB_EBUSY,
			              "database busy: another process is writing to %s (waited %u ms)",
			              db->path, waited);
		nanosleep(&nap, NULL);
		waited += 5;
	}
	return 0;
fail:
	if (err && !err->code)
		err->sys = errno;
	return ts_err(err, TSDB_EIO, "lock %s: %s", db->path, strerror(errno));
}

static int lock_writer(tsdb *db, tsdb_error *err)
{
	return lock_file(db, db->lock_fd, LOCK_EX, err);
}

/* A database this process may not write (its lock file included): say so
 * plainly, since reading it still works. */
static int refuse_write(tsdb *db, int sys, tsdb_error *err)
{
	if (err && !err->code)
		err->sys = sys;
	return ts_err(err, TSDB_EREADONLY, "cannot write to %s: %s (it can still be queried)",
	              db->path, strerror(sys));
}

/* Opens for reading a database whose lock file this process may not write
 * (another user's): LMDB cannot register the reader, so a writer could
 * reuse the pages it reads. Instead the reader holds a shared lock on
 * write.lock while db is open, which writers wait for (busy_ms). */
static int open_unregistered(tsdb *db, size_t map, tsdb_error *err)
{
	char lock[4096];
	int rc;
	mdb_env_close(db->env);
	db->env = NULL;
	if ((rc = mdb_env_create(&db->env)))
		return ts_mdb_err(err, rc, "create environment");
	mdb_env_set_maxdbs(db->env, 16);
	mdb_env_set_mapsize(db->env, map);
	snprintf(lock, sizeof lock, "%s/write.lock", db->path);
	db->lock_fd = open(lock, O_RDONLY | O_CLOEXEC);
	if (db->lock_fd >= 0 && (rc = lock_file(db, db->lock_fd, LOCK_SH, err)))
		return rc;
	rc = mdb_env_open(db->env, db->path, MDB_NOTLS | MDB_RDONLY | MDB_NOLOCK, 0666);
	return rc ? ts_mdb_err(err, rc, db->path) : 0;
}

/* Opens the sub-databases, creating them (with create) in a new database.
 * An existing database is opened by a read transaction, so that opening it
 * for writing while another process writes does not wait on LMDB's writer
 * mutex; creating takes the writer lock first, with its busy timeout. */
static int open_dbis(tsdb *db, int create, tsdb_error *err)
{
	tsdb_error first = {0};
	int rc = open_dbis_in(db, 0, &first);
	if (rc == TSDB_NOTFOUND && create) {
		if ((rc = lock_writer(db, err)))
			return rc;
		rc = open_dbis_in(db, 1, err);
		flock(db->lock_fd, LOCK_UN);
		return rc;
	}
	if (rc && err && !err->code)
		*err = first;
	return rc;
}

int tsdb_open_ex(const char *path, unsigned flags, const tsdb_options *opts, tsdb **out,
                 tsdb_error *err)
{
	tsdb *db;
	struct stat st;
	char lock[4096];
	int rc, rdonly = (flags & TSDB_RDONLY) != 0;
	size_t map = opts && opts->initial_map ? opts->initial_map : DEFAULT_MAP;

	*out = NULL;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT || !(flags & TSDB_CREATE) || rdonly)
			return errno == ENOENT
			           ? ts_err(err, TSDB_NOTFOUND, "no database at %s (create one with tsq init)",
			                    path)
			           : (err && !err->code ? (err->sys = errno, 0) : 0,
			              ts_err(err, TSDB_EIO, "%s: %s", path, strerror(errno)));
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			if (err && !err->code)
				err->sys = errno;
			return ts_err(err, ts_code(errno) == TSDB_EIO ? TSDB_EIO : ts_code(errno),
			              "cannot create %s: %s", path, strerror(errno));
		}
	} else if (!S_ISDIR(st.st_mode))
		return ts_err(err, TSDB_EINVAL, "%s is not a directory", path);

	if (!(db = calloc(1, sizeof *db)) || !(db->path = strdup(path))) {
		free(db);
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	}
	db->flags = flags;
	db->busy_ms = opts ? opts->busy_timeout_ms : 0;
	db->lock_fd = -1;
	if ((rc = mdb_env_create(&db->env))) {
		rc = ts_mdb_err(err, rc, "create environment");
		goto fail;
	}
	mdb_env_set_maxdbs(db->env, 16);
	mdb_env_set_mapsize(db->env, map);
	rc = mdb_env_open(db->env, path, MDB_NOTLS | (rdonly ? MDB_RDONLY : 0), 0666);
	if (rc == EACCES && rdonly)
		rc = open_unregistered(db, map, err);
	else if (rc == EACCES || rc == EROFS)
		rc = refuse_write(db, rc, err);
	else if (rc)
		rc = ts_mdb_err(err, rc, path);
	if (rc)
		goto fail;
	if (!rdonly) {
		/* a writer frees the reader slots of dead processes, which would
		 * otherwise keep pages from reuse; tsdb_readers_check reports them */
		mdb_reader_check(db->env, &db->stale_cleared);
		snprintf(lock, sizeof lock, "%s/write.lock", path);
		db->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (db->lock_fd < 0) {
			int e = errno;
			if (e == EACCES || e == EROFS)
				rc = refuse_write(db, e, err);
			else {
				if (err && !err->code)
					err->sys = e;
				rc = ts_err(err, ts_code(e), "%s: %s", lock, strerror(e));
			}
			goto fail;
		}
	}
	if ((rc = open_dbis(db, !rdonly, err)))
		goto fail;
	*out = db;
	return 0;
fail:
	tsdb_close(db);
	return rc;
}

int tsdb_open(const char *path, unsigned flags, tsdb **out, tsdb_error *err)
{
	return tsdb_open_ex(path, flags, NULL, out, err);
}

void tsdb_close(tsdb *db)
{
	if (!db)
		return;
	if (db->env)
		mdb_env_close(db->env);
	if (db->lock_fd >= 0)
		close(db->lock_fd);
	free(db->path);
	free(db);
}

const char *tsdb_path(const tsdb *db)
{
	return db->path;
}

/* Doubles the map while more than half of it is in use or more bytes beyond
 * what is in use would not fit, or once unconditionally with force. LMDB
 * allows this only while this process has no transaction. */
static int grow_map(tsdb *db, int force, size_t more, tsdb_error *err)
{
	MDB_envinfo info;
	MDB_stat st;
	if (atomic_load(&db->active) != 0)
		return 0;
	mdb_env_info(db->env, &info);
	mdb_env_stat(db->env, &st);
	size_t used = (info.me_last_pgno + 1) * (size_t)st.ms_psize, map = info.me_mapsize;
	if (!force && used <= map / 2 && used + more <= map)
		return 0;
	while (used > map / 2 || used + more > map || force) {
		map *= 2;
		force = 0;
	}
	/* LMDB unmaps the old map before mapping the new one and cannot undo
	 * a failure, so first make sure the address space has room */
	void *probe = mmap(NULL, map, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	int rc = probe == MAP_FAILED ? errno : 0;
	if (probe != MAP_FAILED)
		munmap(probe, map);
	else if (err && !err->code)
		err->sys = rc;
	if (rc)
		return ts_err(err, TSDB_EMAPFULL, "the map of %s is full and cannot grow to %zu MiB: %s",
		              db->path, map >> 20, strerror(rc));
	if ((rc = mdb_env_set_mapsize(db->env, map))) {
		db->broken = 1;
		if (err && !err->code)
			err->sys = rc;
		return ts_err(err, TSDB_EMAPFULL, "the map of %s could not grow to %zu MiB: %s", db->path,
		              map >> 20, mdb_strerror(rc));
	}
	return 0;
}

int ts_map_reserve(tsdb *db, size_t more, tsdb_error *err)
{
	return grow_map(db, 0, more, err);
}

int ts_writable(const tsdb_txn *t, tsdb_error *err)
{
	return t->write ? 0 : ts_err(err, TSDB_EREADONLY, "read-only transaction");
}

/* A store of the previous format (which opened) is stamped with this one
 * by the first write transaction, with what that writes. */
static int restamp(tsdb_txn *t)
{
	MDB_val k = {6, "format"}, v;
	int rc = mdb_get(t->txn, t->db->meta, &k, &v);
	if (rc || !ts_format_is(&v, TS_FORMAT_OLD))
		return rc == MDB_NOTFOUND ? 0 : rc;
	v.mv_data = TS_FORMAT;
	v.mv_size = strlen(TS_FORMAT);
	return mdb_put(t->txn, t->db->meta, &k, &v, 0);
}

int tsdb_txn_begin(tsdb *db, unsigned flags, tsdb_txn **out, tsdb_error *err)
{
	tsdb_txn *t;
	int rc, write = (flags & TSDB_TXN_WRITE) != 0;

	*out = NULL;
	if (db->broken)
		return ts_err(err, TSDB_EMAPFULL, "%s lost its map when it could not grow: close and "
		              "open it again", db->path);
	if (write && (db->flags & TSDB_RDONLY))
		return ts_err(err, TSDB_EREADONLY, "%s is open read-only", db->path);
	if (!(t = calloc(1, sizeof *t)))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	t->db = db;
	t->write = write;
	if (write && (rc = lock_writer(db, err))) {
		free(t);
		return rc;
	}
	if (write && (rc = grow_map(db, 0, 0, err)))
		goto fail;
	rc = mdb_txn_begin(db->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
	for (int i = 0; rc == MDB_MAP_RESIZED && i < 8; i++) {
		/* another process grew the map (again, perhaps): adopt its size */
		if (atomic_load(&db->active) == 0)
			mdb_env_set_mapsize(db->env, 0);
		rc = mdb_txn_begin(db->env, NULL, write ? 0 : MDB_RDONLY, &t->txn);
	}
	if (rc) {
		rc = ts_mdb_err(err, rc, "begin transaction");
		goto fail;
	}
	if (write && (rc = restamp(t))) {
		mdb_txn_abort(t->txn);
		rc = ts_mdb_err(err, rc, "format stamp");
		goto fail;
	}
	atomic_fetch_add(&db->active, 1);
	*out = t;
	return 0;
fail:
	if (write)
		flock(db->lock_fd, LOCK_UN);
	free(t);
	return rc;
}

static void txn_free(tsdb_txn *t)
{
	atomic_fetch_sub(&t->db->active, 1);
	if (t->write)
		flock(t->db->lock_fd, LOCK_UN);
	free(t->ranks);
	ts_series_free(t->series);
	free(t);
}

/* LMDB reports a write cut short by a full disk as EIO: when the file
 * system of the database has no room left, say so. */
static int commit_failed(tsdb *db, int rc, tsdb_error *err)
{
	struct statvfs fs;
	if ((rc == ENOSPC || rc == EDQUOT || rc == EIO) && statvfs(db->path, &fs) == 0) {
		unsigned long long left = (unsigned long long)(geteuid() == 0 ? fs.f_bfree : fs.f_bavail) *
		                          fs.f_frsize;
		if (rc != EIO || left < (1u << 20)) {
			if (err && !err->code)
				err->sys = rc;
			return ts_err(err, TSDB_ENOSPC,
			              "no space left on the disk holding %s (%llu KiB free): nothing was "
			              "written",
			              db->path, left >> 10);
		}
	}
	return ts_mdb_err(err, rc, "commit");
}

int tsdb_txn_commit(tsdb_txn *t, tsdb_error *err)
{
	tsdb *db = t->db;
	int rc = mdb_txn_commit(t->txn);
	txn_free(t);
	return rc ? commit_failed(db, rc, err) : 0;
}

void tsdb_txn_abort(tsdb_txn *t)
{
	if (!t)
		return;
	mdb_txn_abort(t->txn);
	txn_free(t);
}

int tsdb_update(tsdb *db, tsdb_update_fn fn, void *arg, tsdb_error *err)
{
	for (int attempt = 0;; attempt++) {
		tsdb_txn *t;
		tsdb_error e = {0};
		int rc = tsdb_txn_begin(db, TSDB_TXN_WRITE, &t, &e);
		if (!rc) {
			rc = fn(t, arg, &e);
			if (rc)
				tsdb_txn_abort(t);
			else
				rc = tsdb_txn_commit(t, &e);
		}
		if (rc == TSDB_EMAPFULL && attempt < 24) {
			tsdb_error g = {0};
			if (!grow_map(db, 1, 0, &g))
				continue;
			e = g; /* why it could not grow says more than "map full" */
		}
		if (rc && err && !err->code)
			*err = e;
		return rc;
	}
}

int ts_intern(tsdb_txn *t, char kind, const char *name, int create, uint32_t *out,
              tsdb_error *err)
{
	unsigned char kbuf[512], num[4];
	size_t n = strlen(name);
	MDB_val k = {n + 1, kbuf}, v;
	MDB_dbi dbi;
	int rc;

	if (n == 0 || n > sizeof kbuf - 2)
		return ts_err(err, TSDB_EINVAL, "name must be 1-%zu bytes", sizeof kbuf - 2);
	kbuf[0] = (unsigned char)kind;
	memcpy(kbuf + 1, name, n);
	rc = mdb_get(t->txn, t->db->names, &k, &v);
	if (rc == 0 && v.mv_size == 4) {
		*out = ts_get32(v.mv_data);
		return 0;
	}
	if (rc != MDB_NOTFOUND)
		return ts_mdb_err(err, rc ? rc : MDB_CORRUPTED, "names");
	if (!create)
		return TSDB_NOTFOUND;
	dbi = kind == 'i' ? t->db->indicators : kind == 's' ? t->db->sources : t->db->regions;
	if ((rc = ts_next_key(t, dbi, out, err)))
		return rc;
	ts_put32(num, *out);
	v.mv_data = num;
	v.mv_size = 4;
	rc = mdb_put(t->txn, t->db->names, &k, &v, 0);
	return rc ? ts_mdb_err(err, rc, "names") : 0;
}

int ts_next_key(tsdb_txn *t, MDB_dbi dbi, uint32_t *out, tsdb_error *err)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc = mdb_cursor_open(t->txn, dbi, &c);
	if (rc)
		return ts_mdb_err(err, rc, "cursor");
	rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND) {
		*out = 1;
		return 0;
	}
	if (rc)
		return ts_mdb_err(err, rc, "catalog");
	*out = ts_get32(k.mv_data) + 1;
	return 0;
}

static int count(tsdb_txn *t, MDB_dbi dbi, uint64_t *out, tsdb_error *err)
{
	MDB_stat st;
	int rc = mdb_stat(t->txn, dbi, &st);
	if (rc)
		return ts_mdb_err(err, rc, "stat");
	*out = st.ms_entries;
	return 0;
}

int tsdb_stats_get(tsdb_txn *t, tsdb_stats *out, tsdb_error *err)
{
	MDB_envinfo info;
	MDB_stat st;
	MDB_cursor *c;
	MDB_val k, v;
	struct ts_entry *e = NULL;
	size_t n, cap = 0;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = count(t, t->db->versions, &out->versions, err)) ||
	    (rc = count(t, t->db->indicators, &out->indicators, err)) ||
	    (rc = count(t, t->db->regions, &out->regions, err)) ||
	    (rc = count(t, t->db->sources, &out->sources, err)))
		return rc;
	if ((rc = mdb_cursor_open(t->txn, t->db->obs, &c)))
		return ts_mdb_err(err, rc, "cursor");
	/* every block is decoded: the observations are counted in them */
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0) {
		if ((rc = ts_block_decode(v.mv_data, v.mv_size, &e, &n, &cap)))
			break;
		out->observations += n;
		for (size_t i = 0; i < n; i++) {
			tsdb_period p = {e[i].start, e[i].end};
			if (!out->first.start || tsdb_period_cmp(p, out->first) < 0)
				out->first = p;
			if (tsdb_period_cmp(p, out->last) > 0)
				out->last = p;
		}
	}
	mdb_cursor_close(c);
	free(e);
	if (rc == TSDB_ECORRUPT || rc == TSDB_ENOMEM)
		return ts_err(err, rc, rc == TSDB_ENOMEM ? "out of memory" : "obs: a block cannot be decoded");
	if (rc != MDB_NOTFOUND)
		return ts_mdb_err(err, rc, "obs");
	out->versions += out->observations; /* the shown versions live in obs */
	mdb_env_info(t->db->env, &info);
	mdb_env_stat(t->db->env, &st);
	out->map_size = info.me_mapsize;
	out->file_size = (uint64_t)(info.me_last_pgno + 1) * st.ms_psize;
	return 0;
}
