/* cmd_load.c — tsq load: load files of facts and catalog entries in one
 * transaction, reporting every bad record. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"

static void on_error(const tsdb_error *e, void *arg)
{
	(void)arg;
	cli_fail(e);
}

/* Parses --map region=COL,period=COL,... into m. */
static int parse_map(const struct command *cmd, char *spec, tsdb_csv_map *m)
{
	for (char *item = strtok(spec, ","); item; item = strtok(NULL, ",")) {
		char *eq = strchr(item, '=');
		const char **slot = NULL;
		if (!eq || eq == item || !eq[1])
			return cli_usage(cmd, "--map takes ROLE=COLUMN pairs, not \"%s\"", item);
		*eq = 0;
		static const char *const roles[] = {"region", "period", "value", "indicator", "unit",
		                                    "qualifier", "status", "source", "vintage", "note"};
		const char **slots[] = {&m->region, &m->period, &m->value, &m->indicator, &m->unit,
		                        &m->qualifier, &m->status, &m->source, &m->vintage, &m->note};
		for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
			if (strcmp(item, roles[i]) == 0)
				slot = slots[i];
		if (!slot)
			return cli_usage(cmd, "--map: unknown role \"%s\" (region, period, value, indicator, "
			                 "unit, qualifier, status, source, vintage, note)", item);
		*slot = eq + 1;
	}
	return 0;
}

int cmd_load(const struct cli *g, int argc, char **argv)
{
	const struct command *cmd = command_named("load");
	tsdb_load_options o = {0};
	tsdb_csv_map map = {0};
	int csv = 0;
	char *spec = NULL;
	tsdb_load_stats st = {0};
	tsdb_error err = {0};
	const char **files = calloc((size_t)argc, sizeof *files);
	size_t n = 0;
	tsdb *db = NULL;
	struct timespec t0, t1;
	int rc = 0;
	const char *v;

	if (!files)
		return EXIT_STORE;
	for (int i = 1; i < argc; i++) {
		int m;
		if (strcmp(argv[i], "--dry-run") == 0)
			o.dry_run = 1;
		else if (strcmp(argv[i], "--new-regions") == 0)
			o.new_regions = 1;
		else if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--wide") == 0)
			map.wide = csv = 1;
		else if ((m = cli_opt(cmd, argc, argv, &i, "--map", &v)) != 0) {
			free(spec);
			if (m < 0 || !(spec = strdup(v)) || (rc = parse_map(cmd, spec, &map))) {
				rc = rc ? rc : EXIT_USAGE;
				goto out;
			}
			csv = 1;
		} else if ((m = cli_opt(cmd, argc, argv, &i, "--indicator", &map.fixed_indicator)) ||
		           (m = cli_opt(cmd, argc, argv, &i, "--unit", &map.fixed_unit)) ||
		           (m = cli_opt(cmd, argc, argv, &i, "--source", &map.fixed_source)) ||
		           (m = cli_opt(cmd, argc, argv, &i, "--scale", &map.scale))) {
			if (m < 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if ((m = cli_opt(cmd, argc, argv, &i, "--sep", &v)) != 0) {
			if (m < 0 || !(strcmp(v, ",") == 0 || strcmp(v, ";") == 0 || strcmp(v, "\\t") == 0 ||
			               strcmp(v, "\t") == 0 || strcmp(v, "tab") == 0)) {
				rc = m < 0 ? EXIT_USAGE : cli_usage(cmd, "--sep is ',', ';' or tab");
				goto out;
			}
			map.sep = v[0] == ',' || v[0] == ';' ? v[0] : '\t';
		}		else if ((m = cli_opt(cmd, argc, argv, &i, "--max-errors", &v)) != 0) {
			if (m < 0 || (o.max_errors = atoi(v)) <= 0) {
				rc = m < 0 ? EXIT_USAGE : cli_usage(cmd, "--max-errors takes a positive number");
				goto out;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			rc = cli_usage(cmd, "unknown option %s", argv[i]);
			goto out;
		} else
			files[n++] = argv[i];
	}
	if (!n) {
		rc = cli_usage(cmd, "no files given");
		goto out;
	}
	if (csv && !map.region) {
		rc = cli_usage(cmd, "CSV needs --map with at least region=COLUMN");
		goto out;
	}
	if (!csv && (map.fixed_indicator || map.fixed_unit || map.fixed_source || map.scale || map.sep)) {
		rc = cli_usage(cmd, "--indicator, --unit, --source, --scale and --sep apply to CSV (--map)");
		goto out;
	}
	if (csv)
		o.csv = &map;
	if ((rc = cli_open(g, 1, &db)) || (rc = cli_ensure_catalog(db)))
		goto out;
	o.on_error = on_error;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = tsdb_load_files(db, files, n, &o, &st, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc) {
		/* record errors were printed as they were found; others now */
		if (!st.errors)
			cli_fail(&err);
		fprintf(stderr, "tsq: nothing loaded: %llu error%s in %llu record%s\n",
		        (unsigned long long)st.errors, st.errors == 1 ? "" : "s",
		        (unsigned long long)st.records, st.records == 1 ? "" : "s");
		rc = cli_exit_code(err.code);
		goto out;
	}
	if (!g->quiet)
		printf("%s%llu new, %llu revised, %llu unchanged observations; %llu catalog entries; "
		       "%zu file%s; %.2f s\n",
		       o.dry_run ? "dry run, nothing written: " : "", (unsigned long long)st.added,
		       (unsigned long long)st.revised, (unsigned long long)st.unchanged,
		       (unsigned long long)st.catalog, n, n == 1 ? "" : "s",
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
out:
	tsdb_close(db);
	free(spec);
	free(files);
	return rc;
}
