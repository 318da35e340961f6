/* test_faults.c — the store under faults the library must survive: a map
 * that cannot grow (the address space is exhausted), a second writer, and
 * stale readers left by a process that died in a read transaction. */
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "fixture.h"

static int declare(tsdb_txn *t, void *arg, tsdb_error *err)
{
	(void)arg;
	tsdb_indicator ind = {"x", "X", "", "count", TSDB_KIND_STOCK, "", 0, NULL};
	int rc = tsdb_indicator_put(t, &ind, err);
	for (int i = 0; i < 50 && !rc; i++) {
		char code[16];
		snprintf(code, sizeof code, "R%d", i);
		tsdb_region r = {code, "", "group", "", code, "", "", 0, 0, 0, NULL};
		rc = tsdb_region_put(t, &r, err);
	}
	return rc;
}

struct batch {
	int first, n;
};

/* n observations numbered from first: region first % 50, year first / 50. */
static int fill(tsdb_txn *t, void *arg, tsdb_error *err)
{
	struct batch *b = arg;
	for (int i = b->first; i < b->first + b->n; i++) {
		char code[16];
		snprintf(code, sizeof code, "R%d", i % 50);
		uint32_t y = 1 + (uint32_t)(i / 50);
		/* a quote, so that each observation takes room (values alone are a few bytes) */
		tsdb_obs o = {"x", code, {y * 10000 + 101, y * 10000 + 1231}, i, TSDB_Q_EQ,
		              TSDB_STATUS_ACTUAL, 0, NULL, "a quote of some length, to fill the map sooner than values alone", NULL, 0};
		int rc = tsdb_obs_put(t, &o, NULL, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* Bytes of address space the process uses now. */
static size_t vm_size(void)
{
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		if (fscanf(f, "%lu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* In a child with little address space: fill the store until the map
 * cannot grow. The failure must be TSDB_EMAPFULL with a message, and the
 * database must stay usable and whole. Returns the exit status. */
static int map_child(void)
{
	tsdb_options o = {1 << 20, 0};
	struct fixture *f = fixture_open(&o);
	tsdb_error err = {0};
	tsdb_txn *t;
	tsdb_stats st;
	struct rlimit rl;
	int rc = 0, committed = 0;
	if (tsdb_update(f->db, declare, NULL, &err))
		return 10;
	struct rlimit was;
	if (getrlimit(RLIMIT_AS, &was))
		return 11;
	rl = was;
	rl.rlim_cur = vm_size() + (24u << 20); /* the soft limit only, so it can be raised again */
	if (setrlimit(RLIMIT_AS, &rl))
		return 11;
	for (int i = 0; i < 400; i++) {
		struct batch b = {committed, 5000};
		tsdb_error_clear(&err);
		if ((rc = tsdb_update(f->db, fill, &b, &err)))
			break;
		committed += b.n;
	}
	if (rc != TSDB_EMAPFULL || !strstr(err.text, "grow")) {
		fprintf(stderr, "map_child: rc %d after %d: %s\n", rc, committed, err.text);
		return 12;
	}
	/* every committed observation is there, and nothing else */
	tsdb_error_clear(&err);
	if (tsdb_txn_begin(f->db, 0, &t, &err) || tsdb_stats_get(t, &st, &err) ||
	    tsdb_check(t, NULL, NULL, NULL, &err)) {
		fprintf(stderr, "map_child: after the failure: %s\n", err.text);
		return 13;
	}
	tsdb_txn_abort(t);
	if (st.observations != (uint64_t)committed) {
		fprintf(stderr, "map_child: %llu observations, %d committed\n",
		        (unsigned long long)st.observations, committed);
		return 14;
	}
	/* a small write still fits in the map it has */
	setrlimit(RLIMIT_AS, &was);
	struct batch b = {committed, 10};
	if (tsdb_update(f->db, fill, &b, &err)) {
		fprintf(stderr, "map_child: a small write after the failure: %s\n", err.text);
		return 15;
	}
	fixture_close(f);
	return 0;
}

static void test_map_that_cannot_grow(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip(); /* AddressSanitizer reserves more address space than any limit allows */
#endif
	if (getenv("TSDB_VALGRIND"))
		skip(); /* so does valgrind, which also runs the program in its own address space */
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(map_child());
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status)); /* no crash */
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A second writer fails at once with TSDB_EBUSY when it may not wait, and
 * gets in when the first is done. Two handles, as two processes would. */
static void test_second_writer_is_busy(void **state)
{
	struct fixture *f = *state;
	tsdb_options o = {0, 0};
	tsdb *other;
	tsdb_txn *t1, *t2;
	tsdb_error err = {0};
	(void)state;
	pid_t pid;
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	assert_int_equal(tsdb_txn_begin(f->db, TSDB_TXN_WRITE, &t1, NULL), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* another process: it may not wait, then it may wait 5 s */
		int code = 0;
		if (tsdb_open_ex(f->dir, 0, &o, &other, &err))
			_exit(20);
		if (tsdb_txn_begin(other, TSDB_TXN_WRITE, &t2, &err) != TSDB_EBUSY ||
		    !strstr(err.text, "database busy"))
			code = 21;
		tsdb_close(other);
		o.busy_timeout_ms = 5000;
		if (!code && tsdb_open_ex(f->dir, 0, &o, &other, &err) == 0) {
			ssize_t w = write(pipefd[1], "x", 1); /* now the parent lets go */
			(void)w;
			tsdb_error_clear(&err);
			if (tsdb_txn_begin(other, TSDB_TXN_WRITE, &t2, &err))
				code = 22;
			else
				tsdb_txn_abort(t2);
			tsdb_close(other);
		}
		_exit(code);
	}
	char c;
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	usleep(100 * 1000);
	tsdb_txn_abort(t1);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(pipefd[0]);
	close(pipefd[1]);
}

/* A process that dies inside a read transaction leaves its reader slot;
 * the next check clears it. */
static void test_stale_reader_is_cleared(void **state)
{
	struct fixture *f = *state;
	int cleared = -1, pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		tsdb *db;
		tsdb_txn *t;
		if (tsdb_open(f->dir, TSDB_RDONLY, &db, NULL) || tsdb_txn_begin(db, 0, &t, NULL))
			_exit(1);
		ssize_t w = write(pipefd[1], "x", 1);
		(void)w;
		for (;;)
			pause();
	}
	char c;
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(tsdb_readers_check(f->db, &cleared, NULL), 0);
	assert_int_equal(cleared, 1);
	assert_int_equal(tsdb_readers_check(f->db, &cleared, NULL), 0);
	assert_int_equal(cleared, 0);
	close(pipefd[0]);
	close(pipefd[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_map_that_cannot_grow),
	    cmocka_unit_test_setup_teardown(test_second_writer_is_busy, setup_db, teardown_db),
	    cmocka_unit_test_setup_teardown(test_stale_reader_is_cleared, setup_db, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
