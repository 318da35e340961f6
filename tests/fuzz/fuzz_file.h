/* fuzz_file.h — for the harnesses of the readers: the input as a file the
 * loader can open by name, and the checks on what a load reports. */
#ifndef TSDB_FUZZ_FILE_H
#define TSDB_FUZZ_FILE_H

#include <fcntl.h>
#include <sys/mman.h>

#include "fuzz.h"

/* Writes the input into one memory file, made on first use and reused,
 * and returns the name it opens by. */
static inline const char *fuzz_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[32];
	if (fd < 0) {
		if ((fd = memfd_create("fuzz-input", 0)) < 0)
			fuzz_fail("memfd_create");
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		fuzz_fail("cannot write the input");
	return path;
}

/* What the on_error callback saw. */
struct fuzz_errors {
	uint64_t n;
};

static inline void fuzz_on_error(const tsdb_error *e, void *arg)
{
	struct fuzz_errors *seen = arg;
	seen->n++;
	fuzz_check_error(e, e->code);
	if (!e->source[0])
		fuzz_fail("an error without its file: %s", e->text);
}

/* A load succeeds with no errors, or fails with a code; when records were
 * rejected, each was reported. */
static inline void fuzz_check_load(int rc, const tsdb_error *err, const tsdb_load_stats *st,
                                   const struct fuzz_errors *seen)
{
	if (rc == 0 && (st->errors || err->code))
		fuzz_fail("a load that succeeded with %llu errors", (unsigned long long)st->errors);
	if (rc) {
		fuzz_check_error(err, rc);
		if (rc == TSDB_EDATA && !seen->n)
			fuzz_fail("bad data, but no error reported: %s", err->text);
	}
	if (seen->n != st->errors)
		fuzz_fail("%llu errors counted, %llu reported", (unsigned long long)st->errors,
		          (unsigned long long)seen->n);
}

#endif
