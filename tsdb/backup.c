/* backup.c — a compacted, consistent copy of a database into a new
 * directory, taken while readers and a writer keep working. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* Is dir an existing directory with nothing in it? Sets errno otherwise. */
static int empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;
	if (!d)
		return 0;
	while (empty && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	if (!empty)
		errno = ENOTEMPTY;
	return empty;
}

static int sys_err(tsdb_error *err, const char *what, const char *path)
{
	int e = errno;
	if (err && !err->code)
		err->sys = e;
	return ts_err(err, e == ENOSPC ? TSDB_ENOSPC : TSDB_EIO, "%s %s: %s", what, path,
	              strerror(e));
}

int tsdb_backup(tsdb *db, const char *dest, tsdb_error *err)
{
	char lock[4096];
	int rc, made = 0, fd;

	if (!dest || !*dest)
		return ts_err(err, TSDB_EINVAL, "backup: no destination directory");
	if (mkdir(dest, 0777) == 0)
		made = 1;
	else if (errno != EEXIST)
		return sys_err(err, "backup: cannot create", dest);
	else if (!empty_dir(dest)) {
		/* never mix a copy into another database or someone's files */
		int e = errno;
		if (err && !err->code)
			err->sys = e;
		return ts_err(err, TSDB_EINVAL, "backup: %s %s", dest,
		              e == ENOTEMPTY ? "exists and is not empty" : strerror(e));
	}
	if (snprintf(lock, sizeof lock, "%s/write.lock", dest) >= (int)sizeof lock) {
		rc = ts_err(err, TSDB_EINVAL, "backup: destination path too long");
		goto fail;
	}
	/* mdb_env_copy2 reads through its own read transaction: a snapshot, so
	 * a writer may commit meanwhile. Counting it as active keeps this
	 * process from resizing the map under it. */
	atomic_fetch_add(&db->active, 1);
	rc = mdb_env_copy2(db->env, dest, MDB_CP_COMPACT);
	atomic_fetch_sub(&db->active, 1);
	if (rc) {
		rc = ts_mdb_err(err, rc, "backup");
		goto fail;
	}
	/* The writer lock is a file to flock, not data: the copy gets its own,
	 * unlocked, so that it opens like any database. LMDB makes lock.mdb
	 * itself when the copy is first opened. */
	fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0 || close(fd) != 0) {
		rc = sys_err(err, "backup: cannot create", lock);
		goto fail;
	}
	return 0;
fail:
	/* leave nothing half-made behind */
	snprintf(lock, sizeof lock, "%s/data.mdb", dest);
	unlink(lock);
	snprintf(lock, sizeof lock, "%s/write.lock", dest);
	unlink(lock);
	if (made)
		rmdir(dest);
	return rc;
}
