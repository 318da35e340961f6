/* lmdb_ceiling.c — what LMDB itself does on this machine with tsdb's shapes:
 * N observation keys (16 bytes: u32 indicator, region, start, end, big-endian)
 * with 20-byte values, put in key order in one write transaction into a
 * named sub-database, and read back with one cursor. The environment is opened
 * as tsdb opens it (MDB_NOTLS, synchronous commit), so the difference from a
 * tsq figure is tsdb's own work: parsing, resolving names, checking versions.
 *
 * usage: lmdb_ceiling put|append DIR N   (DIR must not hold a database yet)
 *        lmdb_ceiling scan DIR
 *
 * put uses mdb_put with no flags (what a general loader does); append uses
 * MDB_APPEND (the fastest way to fill a B-tree from sorted input). scan reads
 * every key and value and prints the count and a checksum. */
#include <errno.h>
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define REGIONS 400
#define PERIODS 100

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Key i of N, in ascending order: indicator, region, period as mixed radix. */
static void make_key(uint64_t i, unsigned char key[16])
{
	uint32_t per = (uint32_t)(i % PERIODS), year = 1925 + per;
	put_be32(key, (uint32_t)(i / ((uint64_t)REGIONS * PERIODS)) + 1);
	put_be32(key + 4, (uint32_t)(i / PERIODS % REGIONS) + 1);
	put_be32(key + 8, year * 10000 + 101);
	put_be32(key + 12, year * 10000 + 1231);
}

/* A value shaped like tsdb's: a big-endian double, qualifier, status, flags,
 * pad, vintage, source. */
static void make_value(uint64_t i, unsigned char val[20])
{
	double d = (double)i * 1.25;
	uint64_t bits;
	memcpy(&bits, &d, sizeof bits);
	put_be32(val, (uint32_t)(bits >> 32));
	put_be32(val + 4, (uint32_t)bits);
	memset(val + 8, 0, 4);
	put_be32(val + 12, 0);
	put_be32(val + 16, 0);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const char *what, int rc)
{
	fprintf(stderr, "lmdb_ceiling: %s: %s\n", what, mdb_strerror(rc));
	return 1;
}

int main(int argc, char **argv)
{
	MDB_env *env = NULL;
	MDB_txn *txn = NULL;
	MDB_cursor *cur = NULL;
	MDB_dbi dbi;
	MDB_val k, v;
	unsigned char key[16], val[20];
	int write, rc, status = 1;
	unsigned flags = 0;
	uint64_t n = 0, count = 0, sum = 0;
	double t0, t1, t2;

	if (argc == 4 && (strcmp(argv[1], "put") == 0 || strcmp(argv[1], "append") == 0)) {
		write = 1;
		flags = argv[1][0] == 'a' ? MDB_APPEND : 0;
		n = strtoull(argv[3], NULL, 10);
	} else if (argc == 3 && strcmp(argv[1], "scan") == 0)
		write = 0;
	else {
		fprintf(stderr, "usage: lmdb_ceiling put|append DIR N | lmdb_ceiling scan DIR\n");
		return 2;
	}
	if (write && mkdir(argv[2], 0777) && errno != EEXIST) {
		perror(argv[2]);
		return 1;
	}
	if ((rc = mdb_env_create(&env)) || (rc = mdb_env_set_maxdbs(env, 4)) ||
	    (rc = mdb_env_set_mapsize(env, ((size_t)n * 64 + (64u << 20)) & ~(size_t)0xfffff)) ||
	    (rc = mdb_env_open(env, argv[2], MDB_NOTLS | (write ? 0 : MDB_RDONLY), 0666))) {
		status = fail("open", rc);
		goto out;
	}
	t0 = now();
	if ((rc = mdb_txn_begin(env, NULL, write ? 0 : MDB_RDONLY, &txn)) ||
	    (rc = mdb_dbi_open(txn, "obs", write ? MDB_CREATE : 0, &dbi))) {
		status = fail("begin", rc);
		goto out;
	}
	if (write) {
		k.mv_size = sizeof key;
		k.mv_data = key;
		for (uint64_t i = 0; i < n; i++) {
			make_key(i, key);
			make_value(i, val);
			v.mv_size = sizeof val;
			v.mv_data = val;
			if ((rc = mdb_put(txn, dbi, &k, &v, flags))) {
				status = fail("put", rc);
				goto out;
			}
		}
		t1 = now();
		rc = mdb_txn_commit(txn);
		txn = NULL;
		if (rc) {
			status = fail("commit", rc);
			goto out;
		}
		t2 = now();
		fprintf(stderr, "lmdb_ceiling: %s %llu keys: %.3f s puts, %.3f s commit\n", argv[1],
		        (unsigned long long)n, t1 - t0, t2 - t1);
	} else {
		if ((rc = mdb_cursor_open(txn, dbi, &cur))) {
			status = fail("cursor", rc);
			goto out;
		}
		while ((rc = mdb_cursor_get(cur, &k, &v, count ? MDB_NEXT : MDB_FIRST)) == 0) {
			const unsigned char *p = v.mv_data;
			sum += (uint64_t)p[7] + ((const unsigned char *)k.mv_data)[15];
			count++;
		}
		if (rc != MDB_NOTFOUND) {
			status = fail("scan", rc);
			goto out;
		}
		t1 = now();
		printf("%llu keys, checksum %llu\n", (unsigned long long)count, (unsigned long long)sum);
		fprintf(stderr, "lmdb_ceiling: scan %llu keys: %.3f s\n", (unsigned long long)count,
		        t1 - t0);
	}
	status = 0;
out:
	mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	mdb_env_close(env);
	return status;
}
