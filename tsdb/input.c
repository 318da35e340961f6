/* input.c — what a load reads: a file or standard input, through one
 * buffer, counting lines. Every byte has a position from 0, and a reader may
 * go back to an earlier one (a document is read in two passes; a load that
 * outgrew the map runs again). A regular file is read with pread. Anything
 * that cannot seek — a pipe, a terminal, a socket — is copied as it is read
 * into a spool: a file in the database directory, unlinked as soon as it is
 * made, from which earlier positions are read back. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"

enum { CHUNK = 256 << 10 };

/* Makes an anonymous file in dir; -1 with errno on failure. */
static int anonymous_file(const char *dir)
{
#ifdef O_TMPFILE
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
#endif
	char path[4096];
	if (snprintf(path, sizeof path, "%s/.spool-XXXXXX", dir) >= (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd2 = mkstemp(path);
	if (fd2 >= 0)
		unlink(path);
	return fd2;
}

int ts_in_open(struct input *in, const char *path, struct spool *sp, const char *dir,
               tsdb_error *err)
{
	struct stat st;
	int stdin_ = strcmp(path, "-") == 0;
	memset(in, 0, sizeof *in);
	in->name = stdin_ ? "<stdin>" : path;
	in->line = 1;
	in->fd = stdin_ ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0 || fstat(in->fd, &st) != 0)
		goto fail;
	in->own = !stdin_;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		/* standard input redirected from a file may start part-way in */
		in->base = stdin_ ? lseek(in->fd, 0, SEEK_CUR) : 0;
		if (in->base < 0)
			in->base = 0;
		in->size = st.st_size > in->base ? (uint64_t)(st.st_size - in->base) : 0;
	} else {
		if (sp->fd < 0 && (sp->fd = anonymous_file(dir)) < 0) {
			err->sys = errno;
			if (in->own)
				close(in->fd);
			in->own = 0;
			return ts_err(err, TSDB_EIO, "cannot make a spool file in %s: %s", dir,
			              strerror(errno));
		}
		in->spool = sp;
		if (sp->eof)
			in->size = sp->len;
	}
	return 0;
fail:
	err->sys = errno;
	if (in->fd >= 0 && in->own)
		close(in->fd);
	in->own = 0;
	return ts_err(err, TSDB_EIO, "cannot open: %s", strerror(errno));
}

void ts_in_close(struct input *in)
{
	if (in->own)
		close(in->fd);
	in->own = 0;
	free(in->buf);
	in->buf = NULL;
}

/* Reads up to n bytes at position pos. Returns the count, 0 at the end, or
 * -1 with in->sys set. */
static ssize_t read_at(struct input *in, uint64_t pos, char *dst, size_t n)
{
	struct spool *sp = in->spool;
	ssize_t k;
	if (!sp) {
		do
			k = pread(in->fd, dst, n, (off_t)(in->base + pos));
		while (k < 0 && errno == EINTR);
		if (k < 0)
			in->sys = errno;
		return k;
	}
	if (pos < sp->len) {
		size_t m = sp->len - pos < n ? (size_t)(sp->len - pos) : n;
		do
			k = pread(sp->fd, dst, m, (off_t)pos);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			in->sys = errno, in->spool_failed = 1;
		return k;
	}
	if (sp->eof || pos > sp->len)
		return 0;
	do
		k = read(in->fd, dst, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		in->sys = errno;
		return -1;
	}
	if (k == 0) {
		sp->eof = 1;
		in->size = sp->len;
		return 0;
	}
	for (ssize_t w = 0; w < k;) {
		ssize_t d = pwrite(sp->fd, dst + w, (size_t)(k - w), (off_t)(sp->len + (uint64_t)w));
		if (d < 0 && errno == EINTR)
			continue;
		if (d <= 0) {
			in->sys = d < 0 ? errno : ENOSPC;
			in->spool_failed = 1;
			return -1;
		}
		w += d;
	}
	sp->len += (uint64_t)k;
	return k;
}

/* Makes at least want unread bytes available in the buffer (fewer at the
 * end of the input). Returns 0, or -1 on a read error or when want is more
 * than the longest record. */
static int fill(struct input *in, size_t want)
{
	if (in->end - in->at >= want)
		return 0;
	if (want > TS_RECORD_MAX + 8) {
		in->too_long = 1;
		return -1;
	}
	if (in->at) {
		memmove(in->buf, in->buf + in->at, in->end - in->at);
		in->pos0 += in->at;
		in->end -= in->at;
		in->at = 0;
	}
	if (in->cap < want + CHUNK) {
		size_t cap = in->cap ? in->cap : CHUNK;
		while (cap < want + CHUNK)
			cap *= 2;
		char *b = realloc(in->buf, cap);
		if (!b) {
			in->sys = ENOMEM;
			return -1;
		}
		in->buf = b;
		in->cap = cap;
	}
	while (in->end - in->at < want && !in->eof) {
		ssize_t k = read_at(in, in->pos0 + in->end, in->buf + in->end, in->cap - in->end);
		if (k < 0)
			return -1;
		if (k == 0)
			in->eof = 1;
		in->end += (size_t)k;
		if (in->tick)
			in->tick(in->tick_arg);
	}
	return 0;
}

uint64_t ts_in_read(const struct input *in)
{
	return in->pos0 + in->end;
}

/* Consumes n bytes, counting the lines they end. */
void ts_in_skip(struct input *in, size_t n)
{
	const char *p = in->buf + in->at, *end = p + n, *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		in->line++;
		p = nl + 1;
		in->line_pos = in->pos0 + (size_t)(p - in->buf);
	}
	in->at += n;
}

int ts_in_peek(struct input *in, size_t n, const char **p, size_t *avail)
{
	if (fill(in, n))
		return -1;
	*p = in->buf + in->at;
	*avail = in->end - in->at;
	return 0;
}

int ts_in_line(struct input *in, const char **line, size_t *len)
{
	size_t scanned = 0;
	for (;;) {
		const char *s = in->buf + in->at;
		const char *nl = in->end > in->at + scanned
		                     ? memchr(s + scanned, '\n', in->end - in->at - scanned)
		                     : NULL;
		if (nl || (in->eof && in->end > in->at)) {
			size_t n = nl ? (size_t)(nl - s) + 1 : in->end - in->at;
			*line = s;
			*len = n;
			in->at += n;
			if (nl) {
				in->line++;
				in->line_pos = in->pos0 + in->at;
			}
			return 1;
		}
		if (in->eof)
			return 0;
		scanned = in->end - in->at;
		if (fill(in, scanned + 1))
			return -1;
	}
}

int ts_in_ws(struct input *in)
{
	for (;;) {
		while (in->at < in->end) {
			char c = in->buf[in->at];
			if (c == '\n') {
				in->line++;
				in->line_pos = in->pos0 + in->at + 1;
			} else if (c != ' ' && c != '\t' && c != '\r')
				return (unsigned char)c;
			in->at++;
		}
		if (in->eof)
			return -1;
		if (fill(in, 1))
			return -2;
	}
}

int ts_in_value(struct input *in, size_t *len)
{
	size_t i = 0;
	int depth = 0, str = 0, esc = 0;
	for (;;) {
		for (; in->at + i < in->end; i++) {
			char c = in->buf[in->at + i];
			if (str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					str = 0;
					if (!depth) {
						*len = i + 1;
						return 0;
					}
				}
			} else if (c == '"')
				str = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (!depth) {
					*len = i; /* the bracket around a scalar ends it */
					return 0;
				}
				if (--depth == 0) {
					*len = i + 1;
					return 0;
				}
			} else if (!depth && (c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
				*len = i;
				return 0;
			}
		}
		if (in->eof) {
			*len = i;
			return i && !depth && !str ? 0 : TS_IN_EOF;
		}
		if (fill(in, i + 1))
			return in->too_long ? TS_IN_LONG : -1;
	}
}

int ts_in_seek(struct input *in, uint64_t pos, long line, uint64_t line_pos)
{
	if (pos >= in->pos0 && pos <= in->pos0 + in->end) {
		in->at = (size_t)(pos - in->pos0);
	} else {
		in->pos0 = pos;
		in->at = in->end = 0;
		in->eof = 0;
	}
	in->line = line;
	in->line_pos = line_pos;
	return 0;
}

uint64_t ts_in_pos(const struct input *in)
{
	return in->pos0 + in->at;
}

int ts_in_column(const struct input *in)
{
	return (int)(ts_in_pos(in) - in->line_pos) + 1;
}

int ts_in_error(const struct input *in, tsdb_error *e)
{
	e->sys = in->sys;
	if (in->sys == ENOMEM)
		return ts_err(e, TSDB_ENOMEM, "out of memory reading the input");
	return ts_err(e, TSDB_EIO, "%s: %s", in->spool_failed ? "cannot spool input" : "read error",
	              strerror(in->sys));
}

/* ---- encodings ----
 * A CSV file is read as UTF-8. One that is not — UTF-16 with a byte-order
 * mark, a file Excel on Chinese Windows saved (GB18030, of which GBK is a
 * part), or any encoding named — is first made UTF-8 through glibc's iconv
 * into an unlinked file in the database directory, which is then read in
 * its place: lines and positions are those of the UTF-8 text. A file that
 * is valid UTF-8 costs one pass over its bytes, eight at a time. */

const char *ts_in_workbook(const char *p, size_t n)
{
	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return "a spreadsheet workbook (.xlsx or .ods, a zip file)";
	if (n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return "a spreadsheet workbook (.xls, Excel 97-2003)";
	return NULL;
}

/* Is the whole input UTF-8? Reads it once from position 0 (a pipe is
 * spooled on the way). 1: valid; 0: not UTF-8 (more bytes out of place
 * than characters of more than one byte: another encoding); 2: UTF-8 with
 * a broken sequence, at *bad; -1: a read error. */
static int all_utf8(struct input *in, uint64_t *bad)
{
	char *buf = malloc(CHUNK);
	uint64_t pos = 0, multi = 0, wrong = 0;
	int need = 0;
	ssize_t k;
	if (!buf) {
		in->sys = ENOMEM;
		return -1;
	}
	while ((k = read_at(in, pos, buf, CHUNK)) > 0) {
		const unsigned char *u = (const unsigned char *)buf;
		size_t i = 0, n = (size_t)k;
		while (i < n) {
			if (!need) {
				/* ASCII eight bytes at a time: the common case */
				uint64_t w;
				while (i + 8 <= n && (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ull)))
					i += 8;
				if (i >= n)
					break;
			}
			unsigned char b = u[i++];
			if (need && (b & 0xC0) == 0x80) {
				if (!--need)
					multi++;
				continue;
			}
			if (need) { /* a sequence cut short: this byte starts afresh */
				if (!wrong++)
					*bad = pos + i - 1;
				need = 0;
			}
			if (b < 0x80)
				continue;
			need = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
			if (!need && !wrong++)
				*bad = pos + i - 1;
		}
		pos += (uint64_t)k;
	}
	free(buf);
	if (k < 0)
		return -1;
	if (need && !wrong++)
		*bad = pos;
	return !wrong ? 1 : wrong > multi ? 0 : 2;
}

/* The line of position pos. */
static long line_at(struct input *in, uint64_t pos)
{
	char buf[4096];
	long line = 1;
	for (uint64_t at = 0; at < pos;) {
		ssize_t k = read_at(in, at, buf, pos - at < sizeof buf ? (size_t)(pos - at) : sizeof buf);
		if (k <= 0)
			break;
		for (char *q = buf; (q = memchr(q, '\n', (size_t)(buf + k - q))); q++)
			line++;
		at += (uint64_t)k;
	}
	return line;
}

/* Converts the whole input from encoding from into UTF-8 in an unlinked
 * file in dir, and reads that from now on. */
static int convert(struct input *in, const char *from, const char *dir, tsdb_error *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *ib = NULL, *ob = NULL;
	size_t have = 0;
	uint64_t pos = 0, wrote = 0;
	long line = 1;
	int fd = -1, rc = 0, eof = 0;
	if (cd == (iconv_t)-1)
		return ts_err(err, TSDB_EINVAL, "encoding \"%.40s\" is not one iconv knows (iconv -l lists them)",
		              from);
	if (!(ib = malloc(CHUNK)) || !(ob = malloc(4 * CHUNK))) {
		rc = ts_err(err, TSDB_ENOMEM, "out of memory");
		goto out;
	}
	if ((fd = anonymous_file(dir)) < 0) {
		err->sys = errno;
		rc = ts_err(err, TSDB_EIO, "cannot make a file for the converted text in %s: %s", dir,
		            strerror(errno));
		goto out;
	}
	while (!eof || have) {
		ssize_t k = 0;
		if (!eof) {
			k = read_at(in, pos, ib + have, CHUNK - have);
			if (k < 0) {
				rc = ts_in_error(in, err);
				goto out;
			}
			eof = k == 0;
			pos += (uint64_t)k;
			have += (size_t)k;
		}
		char *ip = ib, *op = ob;
		size_t il = have, ol = 4 * CHUNK;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		int bad = r == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && eof));
		for (char *q = ob; (q = memchr(q, '\n', (size_t)(op - q))); q++)
			line++;
		for (size_t w = 0; w < (size_t)(op - ob);) {
			ssize_t d = pwrite(fd, ob + w, (size_t)(op - ob) - w, (off_t)(wrote + w));
			if (d < 0 && errno == EINTR)
				continue;
			if (d <= 0) {
				err->sys = d < 0 ? errno : ENOSPC;
				rc = ts_err(err, TSDB_EIO, "cannot write the converted text: %s",
				            strerror(err->sys));
				goto out;
			}
			w += (size_t)d;
		}
		wrote += (uint64_t)(op - ob);
		if (bad) {
			rc = ts_err(err, TSDB_EDATA, "not %s (%s)", from,
			            errno == EILSEQ ? "a byte sequence that encodes no character"
			                            : "the file ends inside a character");
			err->line = line;
			goto out;
		}
		memmove(ib, ip, il); /* a character cut at the chunk's end waits for the rest */
		have = il;
		if (eof && !have)
			break;
	}
	if (in->own)
		close(in->fd);
	in->fd = fd;
	fd = -1;
	in->own = 1;
	in->spool = NULL;
	in->base = 0;
	in->size = wrote;
	in->at = in->end = 0;
	in->pos0 = 0;
	in->eof = 0;
	in->line = 1;
	in->line_pos = 0;
out:
	if (fd >= 0)
		close(fd);
	free(ib);
	free(ob);
	iconv_close(cd);
	return rc;
}

int ts_in_encoding(struct input *in, const char *forced, const char *dir, char *used,
                   size_t size, tsdb_error *err)
{
	const char *p;
	size_t n;
	int rc;
	used[0] = 0;
	if (ts_in_peek(in, 8, &p, &n))
		return ts_in_error(in, err);
	if (forced && *forced) {
		if (strcasecmp(forced, "UTF-8") == 0 || strcasecmp(forced, "UTF8") == 0)
			return 0;
		snprintf(used, size, "%s", forced);
		return convert(in, forced, dir, err);
	}
	if (n >= 2 && ((p[0] == '\xFF' && p[1] == '\xFE') || (p[0] == '\xFE' && p[1] == '\xFF'))) {
		snprintf(used, size, "UTF-16");
		return convert(in, "UTF-16", dir, err); /* the mark says which end first */
	}
	uint64_t bad = 0;
	if ((rc = all_utf8(in, &bad)) < 0)
		return ts_in_error(in, err);
	if (rc == 1)
		return 0; /* a NUL in UTF-8 text is the reader's to report, with its line */
	if (rc == 2) {
		err->line = line_at(in, bad);
		return ts_err(err, TSDB_EDATA, "not valid UTF-8: a character cut short or a stray byte, in "
		              "a file that is UTF-8 elsewhere (--encoding NAME if it is another encoding)");
	}
	if (ts_in_peek(in, 4096, &p, &n))
		return ts_in_error(in, err);
	if (memchr(p, 0, n)) {
		err->line = 1;
		return ts_err(err, TSDB_EDATA, "contains NUL bytes: not a text file, or UTF-16 without a "
		              "byte-order mark (give --encoding UTF-16LE or UTF-16BE)");
	}
	snprintf(used, size, "GB18030");
	if ((rc = convert(in, "GB18030", dir, err)) == TSDB_EDATA) {
		/* neither: say so, with the place GB18030 failed */
		char why[TSDB_ERROR_TEXT];
		snprintf(why, sizeof why, "%s", err->text);
		err->code = 0; /* keeps the line */
		used[0] = 0;
		ts_err(err, TSDB_EDATA, "not UTF-8, and %s; give the encoding with --encoding NAME "
		       "(iconv -l lists them)", why);
		return TSDB_EDATA;
	}
	return rc;
}
