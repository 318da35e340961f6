/* embed.c — using libtsdb from a program: create a database, declare an
 * indicator and a source, store two versions of a fact, read the series back.
 *
 *   cc embed.c $(pkg-config --cflags --libs tsdb) -o embed && ./embed /tmp/db
 */
#include <stdio.h>
#include <tsdb.h>

static int fill(tsdb_txn *t, void *arg, tsdb_error *err)
{
	tsdb_indicator ind = {"high_tech_enterprises", "High-tech enterprises", "高新技术企业数",
	                      "count", TSDB_KIND_STOCK, NULL, 0, NULL};
	tsdb_source src = {"rmrb-2024-07", "People's Daily", "People's Daily", NULL, 20240722, 10, NULL, 0};
	tsdb_region cn;
	tsdb_obs obs = {"high_tech_enterprises", NULL, {0, 0}, 0, TSDB_Q_EQ, TSDB_STATUS_ACTUAL, 0,
	                "rmrb-2024-07", "there are 463,000 high-tech enterprises in China", NULL, 0};
	int rc;
	(void)arg;
	if ((rc = tsdb_regions_builtin(t, err)) || (rc = tsdb_indicator_put(t, &ind, err)) ||
	    (rc = tsdb_source_put(t, &src, err)) || (rc = tsdb_region_resolve(t, "中国", &cn, err)) ||
	    (rc = tsdb_period_parse("2024-06-30", (size_t)-1, &obs.period, err)) ||
	    (rc = tsdb_value_parse("46.3万", (size_t)-1, NULL, &obs.value, NULL, err)))
		return rc;
	obs.region = cn.code;
	return tsdb_obs_put(t, &obs, NULL, err);
}

int main(int argc, char **argv)
{
	tsdb *db = NULL;
	tsdb_txn *t = NULL;
	tsdb_cursor *cur = NULL;
	tsdb_point p;
	tsdb_error err = {0};
	tsdb_query q = {"high_tech_enterprises", "CN", {0, 0}, {0, 0}, 0, 0};
	char msg[512];
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: embed DIRECTORY\n");
		return 1;
	}
	if ((rc = tsdb_open(argv[1], TSDB_CREATE, &db, &err)) || (rc = tsdb_update(db, fill, NULL, &err)) ||
	    (rc = tsdb_txn_begin(db, 0, &t, &err)) || (rc = tsdb_cursor_open(t, &q, &cur, &err)))
		goto out;
	while ((rc = tsdb_cursor_next(cur, &p, &err)) == 0) {
		char per[TSDB_PERIOD_MAX], val[TSDB_VALUE_MAX];
		tsdb_period_format(p.period, per);
		tsdb_value_format(p.value, val);
		printf("%s %s %s %s\n", per, val, tsdb_status_name(p.status), p.source);
	}
	if (rc == TSDB_NOTFOUND)
		rc = 0;
out:
	if (rc)
		fprintf(stderr, "embed: %s\n", tsdb_error_format(&err, msg, sizeof msg));
	tsdb_cursor_close(cur);
	tsdb_txn_abort(t);
	tsdb_close(db);
	return rc ? 1 : 0;
}
