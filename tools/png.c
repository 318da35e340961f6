/* png.c — an SVG rendered to PNG by tsq-png (tools/tsq_png.c), a helper
 * linked with librsvg: tsq is a static program, and librsvg (Rust, GLib,
 * cairo) cannot be loaded into one. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "png.h"

#ifndef TSQ_LIBEXEC
#define TSQ_LIBEXEC "/usr/local/libexec/tsdb"
#endif

/* The helper, into buf: $TSQ_PNG, else beside tsq (a build directory),
 * else where make install puts it. */
static void helper(char *buf, size_t size)
{
	const char *env = getenv("TSQ_PNG");
	ssize_t n;
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", buf, size - 16);
	if (n > 0) {
		buf[n] = 0;
		char *slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "tsq-png");
			if (access(buf, X_OK) == 0)
				return;
		}
	}
	snprintf(buf, size, "%s/tsq-png", TSQ_LIBEXEC);
}

int png_render(const char *svg, size_t len, int width, int height, FILE *out, char *err,
               size_t errsize)
{
	char path[PATH_MAX], w[16], h[16];
	int p[2], status, e = 0;
	pid_t pid;
	struct sigaction ign = {0}, old;

	helper(path, sizeof path);
	if (access(path, X_OK)) {
		snprintf(err, errsize, "a PNG needs %s (make builds it; Debian: librsvg2-2): %s",
		         path, strerror(errno));
		return -1;
	}
	snprintf(w, sizeof w, "%d", width);
	snprintf(h, sizeof h, "%d", height);
	if (fflush(out) || pipe(p)) {
		snprintf(err, errsize, "%s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		snprintf(err, errsize, "%s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		/* the SVG on standard input, the PNG straight into the file */
		dup2(p[0], 0);
		dup2(fileno(out), 1);
		close(p[0]);
		close(p[1]);
		execl(path, "tsq-png", w, h, (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	/* a helper that dies early closes the pipe: an error, not a SIGPIPE */
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	for (size_t off = 0; off < len && !e;) {
		ssize_t k = write(p[1], svg + off, len - off);
		if (k < 0 && errno != EINTR)
			e = errno;
		else if (k > 0)
			off += (size_t)k;
	}
	close(p[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errsize, "%s failed (%s %d)", path,
		         WIFEXITED(status) ? "status" : "signal",
		         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	if (e) {
		snprintf(err, errsize, "%s", strerror(e));
		return -1;
	}
	return 0;
}
