/* tsq.c — the tsq command line: the command and option tables, and the
 * dispatcher that parses, opens the database each command needs and runs it. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

/* The common kinds of option, so that a row says what it is; the others
 * (a one-letter alias, OPT_MANY, OPT_REQUIRED) name their fields. */
#define FLAG(N, H) {.name = N, .type = V_FLAG, .help = H}
#define VALUE(N, T, M, H) {.name = N, .type = T, .meta = M, .help = H}
#define CHOICE(N, M, C, H) {.name = N, .type = V_CHOICE, .meta = M, .choices = C, .help = H}
#define NUMBER(N, M, LO, HI, H) {.name = N, .type = V_INT, .meta = M, .lo = LO, .hi = HI, .help = H}
/* -o FILE, as every command that can write a file has it */
#define OUTPUT {.name = "--output", .alias = 'o', .type = V_OUTFILE, .meta = "FILE", .help = "write FILE (replaced whole) instead of standard output"}
#define END {NULL, 0, 0, NULL, NULL, 0, 0, 0, NULL}
#define PEND {NULL, 0, 0, 0, NULL}

static const struct opt range_opts[] = {
    VALUE("--from", V_PERIOD, "P", "the first period (2015, 2015-Q1, 2015-03)"),
    VALUE("--to", V_PERIOD, "P", "the last period"),
    VALUE("--as-of", V_DATE, "DATE", "what was known on DATE (YYYY-MM-DD)"),
    END,
};

static const struct opt query_opts[] = {
    CHOICE("--freq", "F", "Y|H|Q|M", "convert to years, halves, quarters or months"),
    VALUE("--transform", V_TRANSFORM, "T", "yoy pop diff diff_yoy pca log index:P share:R cagr rank discrete"),
    VALUE("--level", V_LEVEL, "L", "every region of level L with data (省, 地级, 县级 ...)"),
    VALUE("--within", V_REGION, "REGION", "with --level: only regions inside REGION"),
    NUMBER("--boundaries", "YEAR", 1000, 9999, "each region on its boundaries of YEAR (units merged into it added in)"),
    END,
};

/* How every command that prints observations presents them (tools/out.c). */
static const struct opt out_opts[] = {
    CHOICE("--format", "F", "table|csv|tsv|json|xlsx", "how to print (table; xlsx needs -o FILE)"),
    OUTPUT,
    FLAG("--bom", "begin CSV and TSV with a byte-order mark (for Excel)"),
    VALUE("--scale", V_SCALE, "S", "amounts in 万, 亿, 亿元, million, billion ..."),
    CHOICE("--lang", "L", "en|zh", "headers, names, levels and units in English or Chinese"),
    END,
};

/* The same for listings, which hold no amounts. */
static const struct opt list_out_opts[] = {
    CHOICE("--format", "F", "table|csv|tsv|json", "how to print (table)"),
    OUTPUT,
    FLAG("--bom", "begin CSV and TSV with a byte-order mark (for Excel)"),
    CHOICE("--lang", "L", "en|zh", "headers, names and levels in English or Chinese"),
    END,
};

static const struct opt compare_opts[] = {
    FLAG("--pivot", "regions as rows, periods as columns"),
    FLAG("--sources", "number each value's source, listed below"),
    FLAG("--chart", "sparklines, each row on its own scale, or bars for one period"),
    FLAG("--common-scale", "with --chart: one scale for every row"),
    END,
};

static const struct opt rank_opts[] = {
    {.name = "--period", .type = V_PERIOD, .meta = "P", .flags = OPT_REQUIRED, .help = "the period to rank at"},
    VALUE("--level", V_LEVEL, "L", "every region of level L with data"),
    VALUE("--within", V_REGION, "REGION", "only regions inside REGION"),
    NUMBER("--top", "N", 1, 1000000, "the first N only"),
    FLAG("--ascending", "smallest first"),
    VALUE("--transform", V_TRANSFORM, "T", "rank a transform (yoy, share:R ...)"),
    CHOICE("--freq", "F", "Y|H|Q|M", "convert the frequency first"),
    VALUE("--as-of", V_DATE, "DATE", "what was known on DATE"),
    NUMBER("--boundaries", "YEAR", 1000, 9999, "each region on its boundaries of YEAR"),
    END,
};

static const struct opt plot_opts[] = {
    {.name = "--output", .alias = 'o', .type = V_OUTFILE, .meta = "FILE", .flags = OPT_REQUIRED, .help = "the chart: FILE.svg (- standard output)"},
    FLAG("--bar", "bars for one period instead of lines"),
    VALUE("--title", V_TEXT, "TEXT", "the title (else the indicator's name)"),
    NUMBER("--width", "PX", 240, 10000, "width in pixels (800)"),
    NUMBER("--height", "PX", 180, 10000, "height in pixels (480)"),
    CHOICE("--lang", "L", "en|zh", "title, axis, units and notes in English or Chinese"),
    END,
};

static const struct opt ls_opts[] = {
    VALUE("--level", V_LEVEL, "L", "regions of level L"),
    VALUE("--within", V_REGION, "REGION", "regions inside REGION"),
    END,
};

static const struct opt load_opts[] = {
    FLAG("--dry-run", "check and count, write nothing"),
    FLAG("--verify", "refuse facts that fail tsq verify"),
    VALUE("--vintage", V_DATE, "DATE", "the vintage of facts that give none (else their source's date)"),
    VALUE("--received", V_DATE, "DATE", "when the files came in: the assumed vintage of undated facts (today)"),
    FLAG("--new-regions", "create unknown regions named by a valid code"),
    NUMBER("--max-errors", "N", 1, 1000000000, "errors reported before giving up (20)"),
    CHOICE("--format", "F", "jsonl|json|csv|tsv", "the input format (else told by name or content)"),
    FLAG("--csv", "the input is CSV (--format csv)"),
    VALUE("--map", V_TEXT, "ROLE=COL,...", "CSV columns: region=COL,period=COL,value=COL,indicator=COL ..."),
    FLAG("--wide", "CSV with a column per period"),
    VALUE("--indicator", V_INDICATOR, "ID", "CSV: the indicator of every row"),
    VALUE("--unit", V_TEXT, "U", "CSV: the unit of every value"),
    VALUE("--source", V_SOURCE, "ID", "CSV: the source of every row"),
    VALUE("--scale", V_TEXT, "S", "CSV: values are in 万, 亿, thousand ..."),
    CHOICE("--sep", "C", ",|;|tab", "CSV: the separator"),
    VALUE("--period", V_PERIOD, "P", "CSV: the period of every row (a table of one period)"),
    VALUE("--na", V_TEXT, "LIST", "CSV: marks of missing values, replacing …,—,-,NA,/ ..."),
    NUMBER("--header-row", "N", 1, 1000000, "CSV: the header's line (else found below title lines)"),
    VALUE("--encoding", V_TEXT, "NAME", "CSV: the file's encoding (else UTF-8, UTF-16 or GB18030)"),
    END,
};

static const struct opt export_opts[] = {
    {.name = "--indicator", .type = V_EXPR, .meta = "ID|EXPR", .flags = OPT_MANY, .help = "indicators or expressions (else all)"},
    {.name = "--region", .type = V_REGION, .meta = "R", .flags = OPT_MANY, .help = "regions (else all)"},
    CHOICE("--layout", "L", "long|wide", "a row per value, or a column per period"),
    CHOICE("--pivot", "P", "region|period", "with --layout wide: regions or periods as columns"),
    CHOICE("--format", "F", "csv|tsv|jsonl|sdmx-csv|xlsx", "the format (csv; xlsx needs -o FILE)"),
    FLAG("--bom", "begin with a byte-order mark (for Excel)"),
    VALUE("--sep", V_TEXT, "CHAR", "the CSV separator: ; | ... or tab"),
    VALUE("--scale", V_SCALE, "S", "amounts in 万, 亿, 亿元, million, billion ..."),
    CHOICE("--lang", "L", "en|zh", "headers, names and units in English or Chinese"),
    OUTPUT,
    NUMBER("--boundaries", "YEAR", 1000, 9999, "each region on its boundaries of YEAR (units merged into it added in)"),
    END,
};

static const struct opt dump_opts[] = {
    OUTPUT,
    END,
};

static const struct opt source_opts[] = {
    FLAG("--text", "the document alone, as stored"),
    END,
};

static const struct opt verify_opts[] = {
    {.name = "--source", .type = V_SOURCE, .meta = "ID", .flags = OPT_MANY, .help = "facts of these sources only"},
    {.name = "--indicator", .type = V_INDICATOR, .meta = "ID", .flags = OPT_MANY, .help = "facts of these indicators only"},
    CHOICE("--format", "F", "table|csv|tsv|json|jsonl", "how to print (table)"),
    FLAG("--strict", "warnings fail too"),
    END,
};

static const struct opt conflicts_opts[] = {
    FLAG("--all", "versions of one vintage that agree too"),
    END,
};

static const struct opt check_opts[] = {
    NUMBER("--max", "N", 0, 1000000000, "problems printed at most (100)"),
    END,
};

static const struct posarg p_none[] = {PEND};
static const struct posarg p_get[] = {{"INDICATOR", V_INDICATOR, 0, 0, NULL}, {"REGION", V_REGION, 0, 0, NULL}, PEND};
static const struct posarg p_compare[] = {{"EXPR", V_EXPR, 0, 0, NULL}, {"REGION", V_REGION, 1, 1, NULL}, PEND};
static const struct posarg p_history[] = {{"INDICATOR", V_INDICATOR, 0, 0, NULL},
                                          {"REGION", V_REGION, 0, 0, NULL},
                                          {"PERIOD", V_PERIOD, 0, 0, NULL},
                                          PEND};
static const struct posarg p_conflicts[] = {{"INDICATOR", V_INDICATOR, 1, 0, NULL}, PEND};
static const struct posarg p_ls[] = {{"WHAT", V_CHOICE, 0, 0, "indicators|regions|sources"},
                                     {"PATTERN", V_TEXT, 1, 0, NULL},
                                     PEND};
static const struct posarg p_files[] = {{"FILE", V_FILE, 0, 1, NULL}, PEND};
static const struct posarg p_file[] = {{"FILE", V_FILE, 0, 0, NULL}, PEND};
static const struct posarg p_dest[] = {{"DEST", V_DIR, 0, 0, NULL}, PEND};
static const struct posarg p_source[] = {{"show", V_CHOICE, 0, 0, "show"}, {"ID", V_SOURCE, 0, 0, NULL}, PEND};
static const struct posarg p_region[] = {{"REGION", V_REGION, 0, 0, NULL}, PEND};
static const struct posarg p_help[] = {{"COMMAND", V_COMMAND, 1, 0, NULL}, PEND};

static const struct opt init_opts[] = {
    VALUE("--home", V_REGION, "COUNTRY", "the country whose names come first (CN)"),
    END,
};

static const struct opt *const o_none[] = {NULL};
static const struct opt *const o_init[] = {init_opts, NULL};
static const struct opt *const o_get[] = {range_opts, out_opts, NULL};
static const struct opt *const o_compare[] = {range_opts, query_opts, compare_opts, out_opts, NULL};
static const struct opt *const o_rank[] = {rank_opts, out_opts, NULL};
static const struct opt *const o_history[] = {out_opts, NULL};
static const struct opt *const o_conflicts[] = {conflicts_opts, out_opts, NULL};
static const struct opt *const o_plot[] = {plot_opts, range_opts, query_opts, NULL};
static const struct opt *const o_ls[] = {ls_opts, list_out_opts, NULL};
static const struct opt *const o_load[] = {load_opts, NULL};
static const struct opt *const o_export[] = {export_opts, range_opts, NULL};
static const struct opt *const o_dump[] = {dump_opts, NULL};
static const struct opt *const o_check[] = {check_opts, NULL};
static const struct opt *const o_source[] = {source_opts, NULL};
static const struct opt *const o_verify[] = {verify_opts, NULL};

static const struct command commands[] = {
    {"init", "Create a database with the built-in region catalog.", DB_WRITE, p_none, o_init, NULL, NULL,
     cmd_init},
    {"load", "Load facts and catalog entries (JSON Lines, JSON arrays, documents, CSV) in one transaction.",
     DB_WRITE, p_files, o_load,
     "FILE: - reads standard input; the format is told by the name (.csv .tsv .json .jsonl)\n"
     "or the content. A progress bar is drawn on a terminal unless --quiet.",
     cmd_load_check, cmd_load},
    {"get", "Print one series: period, value, qualifier, status, vintage, source.", DB_SNAPSHOT, p_get, o_get,
     NULL, NULL, cmd_get},
    {"compare", "Compare regions: an indicator or expression, periods as rows, regions as columns.",
     DB_SNAPSHOT, p_compare, o_compare,
     "EXPR: an indicator id or arithmetic over ids and numbers: rd_expenditure / gdp * 100\n"
     "REGION: any name or code (北京, Beijing, CN-BJ, 110000), or NAME/* for its children",
     cmd_compare_check, cmd_compare},
    {"rank", "Rank regions by an indicator or expression at one period.", DB_SNAPSHOT, p_compare, o_rank,
     "Without REGION or --level, every region with data takes part.", NULL, cmd_rank},
    {"history", "Every version of one observation: vintage, source, value, status, quote.", DB_SNAPSHOT,
     p_history, o_history, NULL, NULL, cmd_history},
    {"conflicts", "Observations whose sources disagree, with the version shown.", DB_SNAPSHOT, p_conflicts,
     o_conflicts, NULL, NULL, cmd_conflicts},
    {"plot", "Draw an SVG chart: lines over time, one per region, or bars for one period (--bar).",
     DB_SNAPSHOT, p_compare, o_plot, "-o FILE.svg is required; - writes the chart to standard output.",
     cmd_plot_check, cmd_plot},
    {"ls", "List indicators, regions or sources, optionally matching PATTERN.", DB_SNAPSHOT, p_ls, o_ls,
     NULL, cmd_ls_check, cmd_ls},
    {"verify", "Check facts against their sources' documents: quote, value, qualifier, region, period.",
     DB_SNAPSHOT, p_none, o_verify,
     "One row per fact checked, then a summary. Exit status 2 when a fact fails (with --strict,\n"
     "or warns). The verdicts are in the man page (VERIFY).",
     NULL, cmd_verify},
    {"source", "Show a source: its record and the text of its document.", DB_SNAPSHOT, p_source, o_source,
     NULL, NULL, cmd_source},
    {"lineage", "What a region came from and went to: earlier names and codes, merged and split units.",
     DB_SNAPSHOT, p_region, o_none,
     "China's divisions since 1981: a unit that no longer exists (莱芜市) shows its years and\n"
     "successors; one in use (济南市) the units merged into it.",
     NULL, cmd_lineage},
    {"info", "Counts, periods covered and size on disk.", DB_SNAPSHOT, p_none, o_none, NULL, NULL, cmd_info},
    {"export", "Write observations for spreadsheets and other tools (CSV, TSV, JSON Lines, SDMX-CSV, xlsx).",
     DB_SNAPSHOT, p_none, o_export, NULL, cmd_export_check, cmd_export},
    {"dump", "Write everything (catalogs, sources, every version) as JSON Lines that tsq restore reads.",
     DB_SNAPSHOT, p_none, o_dump, NULL, NULL, cmd_dump},
    {"restore", "Rebuild a dump into an empty database, in one transaction.", DB_WRITE, p_file, o_none,
     "FILE: - reads standard input.", NULL, cmd_restore},
    {"backup", "Write a compacted, consistent copy of the database into a new directory.", DB_READ, p_dest,
     o_none, NULL, NULL, cmd_backup},
    {"check", "Verify every invariant of the store; clear stale readers.", DB_READ, p_none, o_check, NULL,
     NULL, cmd_check},
    {"help", "Print the help of tsq or of a command.", DB_NONE, p_help, o_none, NULL, NULL, cmd_help},
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

int cmd_help(struct ctx *c)
{
	opt_help(c->npos ? command_named(c->pos[0]) : NULL, stdout);
	return EXIT_OK;
}

/* What an interrupted command leaves: a write transaction is never
 * committed, so the database is as it was; a file being written is a
 * temporary one, removed here. */
static const char *interrupted_text = "tsq: interrupted\n";

static void on_interrupt(int sig)
{
	(void)sig;
	out_interrupted();
	if (write(2, interrupted_text, strlen(interrupted_text)) < 0)
		_exit(EXIT_INTERRUPTED);
	_exit(EXIT_INTERRUPTED);
}

int main(int argc, char **argv)
{
	struct ctx c = {0};
	struct sigaction sa = {0};
	int status = 0;

	if (argc > 1 && strcmp(argv[1], "__complete") == 0)
		return cmd_complete(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "__options") == 0)
		return cmd_options(argc - 1, argv + 1);
	if (opt_parse(argc, argv, &c, &status))
		goto out;
	if (c.cmd->check && (status = c.cmd->check(&c)))
		goto out;
	if (c.cmd->need == DB_WRITE)
		interrupted_text = strcmp(c.cmd->name, "load") == 0 ? "tsq: interrupted: nothing loaded\n"
		                                                    : "tsq: interrupted: nothing written\n";
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (c.cmd->need != DB_NONE && (status = cli_open(&c.g, c.cmd->need == DB_WRITE, &c.db)))
		goto out;
	if (c.cmd->need == DB_SNAPSHOT && tsdb_txn_begin(c.db, 0, &c.t, &c.err)) {
		status = cli_fail(&c.err);
		goto out;
	}
	status = c.cmd->run(&c);
out:
	tsdb_txn_abort(c.t);
	tsdb_close(c.db);
	free(c.given);
	free(c.pos);
	return status;
}
