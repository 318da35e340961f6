/* timeit.c — times one to three commands as whole processes, alternating
 * them, and prints the median wall time and the peak resident memory of each.
 *
 * usage: timeit [-n RUNS] [-w WARMUP] [-A PREP] [-B PREP] [-C PREP] -- CMD_A... [::: CMD_B... [::: CMD_C...]]
 *
 * Each command is executed directly (no shell), standard output to /dev/null.
 * PREP, if given, is a shell command run before every run of its command and
 * not timed (it resets a database, for instance). After WARMUP untimed runs
 * of each, RUNS timed runs of each follow, in the order A B C A B C ...
 *
 * Prints one line: the median of each command, then the peak RSS of each
 * (seconds; kilobytes, the largest ru_maxrss over the timed runs, which is
 * what GNU time's %M reports): "median_a median_b maxrss_a maxrss_b" for two,
 * "median_a - maxrss_a -" for one, "ma mb mc ra rb rc" for three. Every sample goes to standard
 * error as "# a 0.012345 1234". Exits 1 if any run fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1000

struct cmd {
	char **argv;
	const char *prep;
	double t[MAX_RUNS];
	long rss;
	int n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs c once; on success stores its wall time in *secs and its peak RSS in
 * *rss. Returns 0, or -1 after saying what failed. */
static int run_once(struct cmd *c, double *secs, long *rss)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	if (c->prep && system(c->prep) != 0) {
		fprintf(stderr, "timeit: preparation failed: %s\n", c->prep);
		return -1;
	}
	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return -1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		close(fd);
		execvp(c->argv[0], c->argv);
		perror(c->argv[0]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("timeit: wait4");
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timeit: %s failed (status %d):", c->argv[0],
		        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		for (char **a = c->argv; *a; a++)
			fprintf(stderr, " %s", *a);
		fputc('\n', stderr);
		return -1;
	}
	*secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*rss = ru.ru_maxrss;
	return 0;
}

static double median(struct cmd *c)
{
	qsort(c->t, (size_t)c->n, sizeof *c->t, cmp_double);
	return c->n % 2 ? c->t[c->n / 2] : (c->t[c->n / 2 - 1] + c->t[c->n / 2]) / 2;
}

static int usage(void)
{
	fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] [-A PREP] [-B PREP] [-C PREP] -- CMD_A... [::: CMD_B... [::: CMD_C...]]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct cmd c[3] = {{0}, {0}, {0}};
	int runs = 5, warm = 1, ncmd = 1, i = 1;

	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			return usage();
		if (strcmp(argv[i], "-n") == 0)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0)
			warm = atoi(argv[++i]);
		else if (strcmp(argv[i], "-A") == 0)
			c[0].prep = argv[++i];
		else if (strcmp(argv[i], "-B") == 0)
			c[1].prep = argv[++i];
		else if (strcmp(argv[i], "-C") == 0)
			c[2].prep = argv[++i];
		else
			return usage();
	}
	if (i + 1 >= argc || runs < 1 || runs > MAX_RUNS || warm < 0)
		return usage();
	c[0].argv = &argv[i + 1];
	for (int j = i + 1; j < argc; j++)
		if (strcmp(argv[j], ":::") == 0) {
			argv[j] = NULL;
			if (j + 1 >= argc || ncmd == 3)
				return usage();
			c[ncmd++].argv = &argv[j + 1];
		}
	for (int r = -warm; r < runs; r++)
		for (int k = 0; k < ncmd; k++) {
			double s;
			long rss;
			if (run_once(&c[k], &s, &rss))
				return 1;
			fprintf(stderr, "# %c %s %.6f %ld\n", "abc"[k], r < 0 ? "warm" : "run", s, rss);
			if (r < 0)
				continue;
			c[k].t[c[k].n++] = s;
			if (rss > c[k].rss)
				c[k].rss = rss;
		}
	if (ncmd == 3)
		printf("%.6f %.6f %.6f %ld %ld %ld\n", median(&c[0]), median(&c[1]), median(&c[2]),
		       c[0].rss, c[1].rss, c[2].rss);
	else if (ncmd == 2)
		printf("%.6f %.6f %ld %ld\n", median(&c[0]), median(&c[1]), c[0].rss, c[1].rss);
	else
		printf("%.6f - %ld -\n", median(&c[0]), c[0].rss);
	return 0;
}
