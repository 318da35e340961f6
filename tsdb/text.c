/* text.c — the documents of sources: stored (deflated when that pays) and
 * read from a file beside the facts that name it, never from elsewhere. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zlib.h>

#include "internal.h"

/* A stored text: method(1) u32 length(4), then the bytes. 'r' is raw, 'z'
 * zlib. Texts under this size, or that deflate by less than an eighth, are
 * kept raw: decompressing them would cost more than the bytes saved. */
enum { TEXT_HEAD = 5, TEXT_MIN_DEFLATE = 256 };

static int text_key(tsdb_txn *t, const char *id, uint32_t *key, tsdb_error *err)
{
	tsdb_source s;
	int rc = tsdb_source_get(t, id, &s, err);
	if (!rc)
		*key = s.key;
	return rc;
}

int tsdb_source_text_put(tsdb_txn *t, const char *id, const char *text, size_t len,
                         tsdb_error *err)
{
	unsigned char kb[4], *rec = NULL;
	MDB_val k = {4, kb}, v;
	uint32_t key;
	int rc;
	if ((rc = ts_writable(t, err)) || (rc = text_key(t, id, &key, err)))
		return rc;
	ts_put32(kb, key);
	if (!len) {
		rc = mdb_del(t->txn, t->db->texts, &k, NULL);
		return rc && rc != MDB_NOTFOUND ? ts_mdb_err(err, rc, "texts") : 0;
	}
	if (len > UINT32_MAX || memchr(text, 0, len))
		return ts_err(err, TSDB_EINVAL, "the text of source %.64s %s", id,
		              len > UINT32_MAX ? "is longer than 4 GiB" : "contains a NUL byte");
	uLongf zlen = compressBound((uLong)len);
	if (!(rec = malloc(TEXT_HEAD + (zlen > len ? zlen : len))))
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	size_t size = TEXT_HEAD + len;
	rec[0] = 'r';
	if (len >= TEXT_MIN_DEFLATE &&
	    compress2(rec + TEXT_HEAD, &zlen, (const Bytef *)text, (uLong)len, 9) == Z_OK &&
	    zlen <= len - len / 8) {
		rec[0] = 'z';
		size = TEXT_HEAD + zlen;
	} else
		memcpy(rec + TEXT_HEAD, text, len);
	ts_put32(rec + 1, (uint32_t)len);
	/* the same text again writes no page */
	rc = mdb_get(t->txn, t->db->texts, &k, &v);
	if (rc == 0 && v.mv_size == size && memcmp(v.mv_data, rec, size) == 0) {
		free(rec);
		return 0;
	}
	v.mv_size = size;
	v.mv_data = rec;
	rc = mdb_put(t->txn, t->db->texts, &k, &v, 0);
	free(rec);
	return rc ? ts_mdb_err(err, rc, "texts") : 0;
}

int ts_text_decode(const void *rec, size_t size, char **out, size_t *len, tsdb_error *err)
{
	const unsigned char *r = rec;
	if (size < TEXT_HEAD || (r[0] != 'r' && r[0] != 'z'))
		return ts_err(err, TSDB_ECORRUPT, "a stored text has no header");
	uLongf n = ts_get32(r + 1);
	char *buf = malloc((size_t)n + 1);
	if (!buf)
		return ts_err(err, TSDB_ENOMEM, "out of memory");
	if (r[0] == 'r') {
		if (size - TEXT_HEAD != n) {
			free(buf);
			return ts_err(err, TSDB_ECORRUPT, "a stored text is %zu bytes, not %lu",
			              size - TEXT_HEAD, (unsigned long)n);
		}
		memcpy(buf, r + TEXT_HEAD, n);
	} else {
		uLongf got = n;
		if (uncompress((Bytef *)buf, &got, r + TEXT_HEAD, (uLong)(size - TEXT_HEAD)) != Z_OK ||
		    got != n) {
			free(buf);
			return ts_err(err, TSDB_ECORRUPT, "a stored text does not inflate to %lu bytes",
			              (unsigned long)n);
		}
	}
	buf[n] = 0;
	*out = buf;
	if (len)
		*len = n;
	return 0;
}

int tsdb_source_text_get(tsdb_txn *t, const char *id, char **out, size_t *len, size_t *stored,
                         tsdb_error *err)
{
	unsigned char kb[4];
	MDB_val k = {4, kb}, v;
	uint32_t key;
	int rc;
	*out = NULL;
	if ((rc = text_key(t, id, &key, err)))
		return rc;
	ts_put32(kb, key);
	rc = mdb_get(t->txn, t->db->texts, &k, &v);
	if (rc == MDB_NOTFOUND)
		return TSDB_NOTFOUND;
	if (rc)
		return ts_mdb_err(err, rc, "texts");
	if (stored)
		*stored = v.mv_size;
	return ts_text_decode(v.mv_data, v.mv_size, out, len, err);
}

/* Is s[0..len) UTF-8 without a NUL? */
static int plain_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		if (n <= 0 || c == 0)
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

int ts_text_file_read(const char *declared_in, const char *path, char **out, size_t *len,
                      tsdb_error *err)
{
	char dir[PATH_MAX], *base = NULL, *real = NULL, *buf = NULL;
	struct stat st;
	int fd = -1, rc;
	*out = NULL;
	if (!declared_in || strcmp(declared_in, "<stdin>") == 0)
		return ts_err(err, TSDB_EDATA, "\"%.120s\": standard input has no directory to read it "
		              "from (give the text inline)", path);
	if (!*path || path[0] == '/')
		return ts_err(err, TSDB_EDATA, "\"%.120s\": must be a path relative to %s", path,
		              declared_in);
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return ts_err(err, TSDB_EDATA, "\"%.120s\": \"..\" may not lead out of the "
			              "directory of %s", path, declared_in);
		p += n;
		p += *p == '/';
	}
	const char *slash = strrchr(declared_in, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (slash == declared_in)
		snprintf(dir, sizeof dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - declared_in), declared_in);
	char full[PATH_MAX * 2];
	snprintf(full, sizeof full, "%s/%s", dir, path);
	if (!(base = realpath(dir, NULL)) || !(real = realpath(full, NULL))) {
		rc = ts_err(err, TSDB_EDATA, "\"%.120s\": %s", path, strerror(errno));
		goto out;
	}
	size_t nb = strlen(base);
	/* a symbolic link may point anywhere: where the file really is counts */
	if (!(strncmp(real, base, nb) == 0 && (real[nb] == '/' || (nb == 1 && *base == '/')))) {
		rc = ts_err(err, TSDB_EDATA, "\"%.120s\" is %.120s, outside the directory of %s",
		            path, real, declared_in);
		goto out;
	}
	if ((fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || fstat(fd, &st)) {
		rc = ts_err(err, TSDB_EDATA, "\"%.120s\": %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > TS_TEXT_MAX) {
		rc = ts_err(err, TSDB_EDATA, "\"%.120s\": %s", path,
		            S_ISREG(st.st_mode) ? "longer than 16 MiB" : "not a regular file");
		goto out;
	}
	size_t n = (size_t)st.st_size, got = 0;
	if (!(buf = malloc(n + 1))) {
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
		goto out;
	}
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = ts_err(err, TSDB_EDATA, "\"%.120s\": %s", path,
			            r < 0 ? strerror(errno) : "shorter than its size");
			goto out;
		}
		got += (size_t)r;
	}
	buf[n] = 0;
	if (!plain_utf8(buf, n)) {
		rc = ts_err(err, TSDB_EDATA, "\"%.120s\": not UTF-8 text", path);
		goto out;
	}
	*out = buf;
	*len = n;
	buf = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(real);
	free(base);
	return rc;
}

int ts_text_check(const char *text, size_t len, tsdb_error *err)
{
	if (len > TS_TEXT_MAX)
		return ts_err(err, TSDB_EDATA, "longer than 16 MiB");
	return plain_utf8(text, len) ? 0 : ts_err(err, TSDB_EDATA, "not UTF-8 text without NUL");
}
