/* out.c — the one output layer of tsq: scales, files replaced whole, and
 * tables of typed cells written as text, CSV, TSV or JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int out_scale_parse(const char *text, double *factor)
{
	char word[64];
	unsigned flags;
	size_t n = strlen(text);
	if (n >= sizeof word)
		return -1;
	memcpy(word, text, n + 1);
	/* 亿元 is 亿 of the unit: the yuan is the unit's, not the scale's */
	if (n > 3 && strcmp(word + n - 3, "元") == 0)
		word[n - 3] = 0;
	if (!*word || tsdb_value_parse("1", 1, word, factor, &flags, NULL))
		return -1;
	return 0;
}

/* The temporary file being written, for out_interrupted (the one piece of
 * mutable global state in tsq: a signal handler has no other way in). */
static char tmp_now[4096];

void out_interrupted(void)
{
	if (tmp_now[0])
		unlink(tmp_now);
}

int out_file_open(const char *path, struct outfile *o)
{
	const char *slash;
	size_t dirlen;
	struct stat st;
	int fd;
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		/* a device or a pipe (/dev/full, /dev/stdout) is written as it is:
		 * renaming over it would replace it */
		if (!(o->f = fopen(path, "w"))) {
			fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
			return EXIT_STORE;
		}
		o->path = path;
		return 0;
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	if (!path[dirlen]) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(EISDIR));
		return EXIT_STORE;
	}
	if (!(o->tmp = malloc(strlen(path) + 16))) {
		fprintf(stderr, "tsq: out of memory\n");
		return EXIT_STORE;
	}
	sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	if ((fd = mkstemp(o->tmp)) < 0) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_STORE;
	}
	if (strlen(o->tmp) < sizeof tmp_now)
		memcpy(tmp_now, o->tmp, strlen(o->tmp) + 1);
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		tmp_now[0] = 0;
		free(o->tmp);
		o->tmp = NULL;
		return EXIT_STORE;
	}
	o->path = path;
	setvbuf(o->f, NULL, _IOFBF, 1 << 16);
	return 0;
}

int out_file_close(struct outfile *o, int ok)
{
	int rc = 0, e = 0;
	if (!o->f)
		return 0;
	if (!o->tmp) {
		if (fflush(o->f) || ferror(o->f))
			e = errno ? errno : EIO;
		if (o->f != stdout && fclose(o->f) && !e)
			e = errno ? errno : EIO;
		if (e && ok)
			fprintf(stderr, "tsq: cannot write %s: %s\n", o->path ? o->path : "standard output",
			        strerror(e));
		o->f = NULL;
		return e ? EXIT_STORE : 0;
	}
	if (ok && (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f))))
		e = errno ? errno : EIO;
	if (fclose(o->f) && ok && !e)
		e = errno ? errno : EIO;
	o->f = NULL;
	if (ok && !e && rename(o->tmp, o->path))
		e = errno;
	if (!ok || e) {
		unlink(o->tmp);
		if (e)
			fprintf(stderr, "tsq: cannot write %s: %s\n", o->path, strerror(e));
		rc = EXIT_STORE;
	}
	tmp_now[0] = 0;
	free(o->tmp);
	o->tmp = NULL;
	return rc;
}
