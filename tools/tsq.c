/* tsq.c — the tsq command line: global options and the command table. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const struct command commands[] = {
    {"init", "Create a database with the built-in region catalog.", "tsq init", cmd_init},
    {"load", "Load facts and catalog entries (JSON Lines, JSON arrays, documents) in one transaction.",
     "tsq load [--dry-run] [--new-regions] [--max-errors N] [--format jsonl|json|csv|tsv] FILE...\n"
     "       tsq load --map region=COL[,period=COL,value=COL,indicator=COL,...] [--wide]\n"
     "                [--indicator ID] [--unit U] [--source ID] [--scale S] [--sep ,|;|tab] FILE...\n"
     "  (- reads standard input; the format is told by the name, .csv .tsv .json .jsonl,\n"
     "   or the content; a progress bar is drawn on a terminal unless --quiet)",
     cmd_load},
    {"get", "Print one series: period, value, qualifier, status, vintage, source.",
     "tsq get INDICATOR REGION [--from P] [--to P] [--as-of DATE] [--format table|csv|json]",
     cmd_get},
    {"compare", "Compare regions: an indicator or expression, periods as rows, regions as columns.",
     "tsq compare EXPR REGION... [--from P] [--to P] [--freq Y|H|Q|M] [--transform T]\n"
     "                   [--as-of DATE] [--level L [--within REGION]] [--pivot] [--scale S]\n"
     "                   [--sources] [--chart] [--format table|csv|json]\n"
     "  EXPR: an indicator id or arithmetic over ids and numbers: rd_expenditure / gdp * 100\n"
     "  REGION: any name or code (北京, Beijing, CN-BJ, 110000), or NAME/* for its children\n"
     "  T: yoy pop diff diff_yoy pca log index:PERIOD share:REGION cagr rank discrete",
     cmd_compare},
    {"rank", "Rank regions by an indicator or expression at one period.",
     "tsq rank EXPR --period P [REGION...] [--level L] [--within REGION] [--top N] [--ascending]\n"
     "                [--transform T] [--freq F] [--as-of DATE] [--format table|csv|json]",
     cmd_rank},
    {"history", "Every version of one observation: vintage, source, value, status, quote.",
     "tsq history INDICATOR REGION PERIOD [--format table|csv|json]", cmd_history},
    {"conflicts", "Observations whose sources disagree, with the version shown.",
     "tsq conflicts [INDICATOR] [--format table|csv]", cmd_conflicts},
    {"plot", "Draw an SVG chart: lines over time, one per region, or bars for one period (--bar).",
     "tsq plot EXPR REGION... -o FILE.svg [--from P] [--to P] [--freq Y|H|Q|M] [--transform T]\n"
     "                [--as-of DATE] [--level L [--within REGION]] [--bar] [--title TEXT]\n"
     "                [--width PX] [--height PX]\n"
     "  FILE.svg: - writes the chart to standard output",
     cmd_plot},
    {"ls", "List indicators, regions or sources, optionally matching PATTERN.",
     "tsq ls indicators|regions|sources [PATTERN] [--level L] [--within REGION]", cmd_ls},
    {"source", "Show a source: its record and the text of its document.",
     "tsq source show ID [--text]\n  --text: the document alone, as stored", cmd_source},
    {"info", "Counts, periods covered and size on disk.", "tsq info", cmd_info},
    {"export", "Write observations for spreadsheets and other tools (CSV, TSV, JSON Lines, SDMX-CSV).",
     "tsq export [--indicator ID|EXPR...] [--region R...] [--from P] [--to P] [--as-of DATE]\n"
     "                  [--layout long|wide] [--pivot region] [--format csv|tsv|jsonl|sdmx-csv]\n"
     "                  [--bom] [--sep CHAR] [--lang en|zh] [-o FILE]",
     cmd_export},
    {"dump", "Write everything (catalogs, sources, every version) as JSON Lines that tsq restore reads.",
     "tsq dump [-o FILE]", cmd_dump},
    {"restore", "Rebuild a dump into an empty database, in one transaction.", "tsq restore FILE  (- reads standard input)",
     cmd_restore},
    {"backup", "Write a compacted, consistent copy of the database into a new directory.",
     "tsq backup DEST", cmd_backup},
    {"check", "Verify every invariant of the store; clear stale readers.", "tsq check [--max N]",
     cmd_check},
};

const struct command *command_named(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

const struct command *command_at(size_t i)
{
	return i < sizeof commands / sizeof *commands ? &commands[i] : NULL;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: tsq [--db PATH] [--read-only] [--busy-timeout MS] [--quiet] COMMAND [ARGS]\n"
	             "       tsq COMMAND --help | tsq --help | tsq --version\n\n"
	             "The database is --db PATH, else $TSDB_PATH, else ./tsdb.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nexit status: 0 success, 1 usage error, 2 bad data, 3 I/O or store error\n");
}

int main(int argc, char **argv)
{
	struct cli g = {0};
	static const struct command global = {"", "", "tsq [--db PATH] COMMAND [ARGS]", NULL};
	int i = 1;
	const char *v;

	g.busy_ms = 10000; /* a writer waits this long for another before "database busy" */
	g.db_path = getenv("TSDB_PATH");
	if (!g.db_path || !*g.db_path)
		g.db_path = "tsdb";
	for (; i < argc && argv[i][0] == '-'; i++) {
		int m;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("tsq %s\n", TSDB_VERSION_STRING);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--read-only") == 0) {
			g.read_only = 1;
			continue;
		}
		if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
			g.quiet = 1;
			continue;
		}
		if ((m = cli_opt(&global, argc, argv, &i, "--db", &v)) != 0) {
			if (m < 0)
				return EXIT_USAGE;
			g.db_path = v;
			continue;
		}
		if ((m = cli_opt(&global, argc, argv, &i, "--busy-timeout", &v)) != 0) {
			char *end;
			long ms = m < 0 ? -1 : strtol(v, &end, 10);
			if (m < 0 || *end || ms < 0 || ms > 86400000) {
				fprintf(stderr, "tsq: --busy-timeout takes milliseconds (0-86400000)\n");
				return EXIT_USAGE;
			}
			g.busy_ms = (unsigned)ms;
			continue;
		}
		fprintf(stderr, "tsq: unknown option %s\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "__complete") == 0) /* before --help: the words may hold one */
		return cmd_complete(&g, argc - i, argv + i);
	for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
		if (strcmp(argv[i], commands[c].name) == 0) {
			if (cli_help(&commands[c], argc - i, argv + i))
				return EXIT_OK;
			return commands[c].run(&g, argc - i, argv + i);
		}
	fprintf(stderr, "tsq: unknown command \"%s\" (tsq --help lists them)\n", argv[i]);
	return EXIT_USAGE;
}
