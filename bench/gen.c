/* gen.c — the benchmark data set: every province and prefecture, a catalog of
 * indicators, 30 years of annual values (quarterly for a tenth of the
 * indicators) and a few percent of later-vintage revisions, as long CSV and as
 * JSON Lines with the same facts. Deterministic: a value depends only on its
 * (indicator, region, period), never on the scale or on the order of output.
 *
 * usage: gen [-s SCALE] [-r] REGIONS_DIR OUTDIR
 *
 * With -r, the second data set instead (peers.csv, the one DuckDB and
 * sqlite3 load too): 300 regions (the 34 provinces and the first
 * prefectures by code) × 60·SCALE indicators × 30 annual values, in region
 * order (region, then indicator, then year: the order of World Bank files
 * and yearbook tables), each row with qualifier, status, source and
 * vintage, no revisions.
 *
 * Writes to OUTDIR: indicators.jsonl (the catalog tsq needs before facts),
 * obs.csv and obs.jsonl (the facts), rev.csv and rev.jsonl (the revisions,
 * with a vintage), regions.csv (code,name,level for sqlite3) and params.sh
 * (counts and the query arguments, for bench/run.sh). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_YEAR 1995
#define LAST_YEAR 2024
#define FIRST_QUARTER_YEAR 2015 /* quarterly values cover the last ten years */
#define REVISED_PER_MILLE 30    /* 3% of the observations are revised */
#define REVISION_VINTAGE "2025-03-31"
#define BASE_INDICATORS 200

struct region {
	char code[8];   /* 6-digit NBS code, or CN-HK / CN-MO / CN-TW */
	char name[64];  /* Chinese name */
	int province;   /* 1 for a province-level region */
};

/* One family of indicators: all variants share unit, kind and magnitude. */
struct family {
	const char *id, *name, *name_zh, *unit, *kind;
	double base;   /* value of a size-1 region in the last year */
	double growth; /* yearly growth of flows and stocks */
};

static const struct family families[] = {
    {"gdp", "Gross domestic product", "地区生产总值", "CNY", "flow", 8e11, 0.08},
    {"rd_expenditure", "R&D expenditure", "研发经费投入", "CNY", "flow", 2e10, 0.12},
    {"population", "Resident population", "常住人口", "person", "stock", 3e7, 0.005},
    {"patents_granted", "Invention patents granted", "发明专利授权量", "count", "flow", 2e4, 0.15},
    {"high_tech_enterprises", "High-tech enterprises", "高新技术企业数", "count", "stock", 8e3, 0.14},
    {"gdp_growth", "GDP growth", "地区生产总值增速", "percent", "rate", 7, 0},
    {"urbanization_rate", "Urbanization rate", "城镇化率", "percent", "share", 60, 0},
    {"co2_emissions", "CO2 emissions", "二氧化碳排放量", "t", "flow", 2e8, 0.04},
    {"energy_consumption", "Energy consumption", "能源消费总量", "tce", "flow", 1e8, 0.04},
    {"fixed_asset_investment", "Fixed-asset investment", "固定资产投资", "CNY", "flow", 5e11, 0.10},
    {"retail_sales", "Retail sales of consumer goods", "社会消费品零售总额", "CNY", "flow", 3e11, 0.09},
    {"exports", "Exports", "出口总额", "USD", "flow", 5e10, 0.10},
    {"employment", "Employed persons", "就业人员", "person", "stock", 1.5e7, 0.01},
    {"average_wage", "Average wage", "平均工资", "CNY", "stock", 9e4, 0.08},
    {"rd_intensity", "R&D intensity", "研发投入强度", "percent", "share", 2.4, 0},
    {"university_students", "University students", "普通高校在校生", "person", "stock", 8e5, 0.05},
    {"hospital_beds", "Hospital beds", "医疗卫生机构床位数", "count", "stock", 2e5, 0.05},
    {"electricity_consumption", "Electricity consumption", "全社会用电量", "kWh", "flow", 2e11, 0.07},
    {"gdp_rank", "GDP rank among peers", "地区生产总值排名", "rank", "rank", 0, 0},
    {"cpi", "Consumer price index (previous year = 100)", "居民消费价格指数", "index", "rate", 102, 0},
};
#define NFAMILIES (sizeof families / sizeof *families)

static const char *const variants[] = {"total",   "industry",    "services", "agriculture",
                                       "urban",   "rural",       "state",    "private",
                                       "foreign", "high_tech"};
static const char *const variants_zh[] = {"合计", "工业", "服务业", "农业", "城镇",
                                          "农村", "国有", "民营", "外资", "高技术"};
#define NVARIANTS (sizeof variants / sizeof *variants)

struct indicator {
	char id[64];
	const struct family *fam;
	const char *variant_zh;
	int quarterly;
	uint32_t seed;
};

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A uniform number in [0, 1) from a key. */
static double unit(uint64_t key)
{
	return (double)(mix(key) >> 11) / 9007199254740992.0;
}

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "gen: %s %s: %s\n", what, arg, errno ? strerror(errno) : "bad input");
	exit(1);
}

/* Reads provinces.csv and cities.csv into *out; returns the count. Rows are
 * code,"name"[,province]; placeholder cities (市辖区, 县, …直辖县级行政区划) are not
 * regions and are skipped. */
static size_t read_regions(const char *dir, struct region **out)
{
	static const char *const files[] = {"provinces.csv", "cities.csv"};
	size_t n = 0, cap = 512;
	struct region *r = calloc(cap, sizeof *r);
	char path[4096], line[512];
	if (!r)
		die("out of memory", "");
	for (int f = 0; f < 2; f++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		FILE *in = fopen(path, "r");
		if (!in)
			die("cannot read", path);
		if (!fgets(line, sizeof line, in))
			die("empty file", path);
		while (fgets(line, sizeof line, in)) {
			char *q1 = strchr(line, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
			size_t digits = strspn(line, "0123456789");
			if (!q1 || !q2 || (digits != 2 && digits != 4))
				die("unexpected row in", path);
			*q2 = 0;
			if (strcmp(q1 + 1, "市辖区") == 0 || strcmp(q1 + 1, "县") == 0 ||
			    strstr(q1 + 1, "直辖县级行政区划"))
				continue;
			if (n == cap) {
				struct region *nr = realloc(r, 2 * cap * sizeof *r);
				if (!nr)
					die("out of memory", "");
				r = nr;
				cap *= 2;
			}
			memset(&r[n], 0, sizeof r[n]);
			memcpy(r[n].code, line, digits);
			memset(r[n].code + digits, '0', 6 - digits);
			snprintf(r[n].name, sizeof r[n].name, "%s", q1 + 1);
			r[n].province = f == 0;
			n++;
		}
		fclose(in);
	}
	/* Hong Kong, Macao and Taiwan are provinces in the catalog but not in the NBS tables. */
	static const char *const sar[][2] = {{"CN-HK", "香港特别行政区"},
	                                     {"CN-MO", "澳门特别行政区"},
	                                     {"CN-TW", "台湾省"}};
	for (int i = 0; i < 3; i++) {
		snprintf(r[n].code, sizeof r[n].code, "%s", sar[i][0]);
		snprintf(r[n].name, sizeof r[n].name, "%s", sar[i][1]);
		r[n++].province = 1;
	}
	*out = r;
	return n;
}

static int by_region_code(const void *a, const void *b)
{
	return strcmp(((const struct region *)a)->code, ((const struct region *)b)->code);
}

static int by_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static int by_indicator_id(const void *a, const void *b)
{
	return strcmp(((const struct indicator *)a)->id, ((const struct indicator *)b)->id);
}

/* Whether family f counts things, so its values are written as integers. */
static int whole_units(const struct family *f)
{
	return strcmp(f->unit, "count") == 0 || strcmp(f->unit, "person") == 0 ||
	       strcmp(f->unit, "rank") == 0;
}

/* The English variant of ind: what follows its family's id and "_". */
static const char *variant_of(const struct indicator *ind)
{
	return strchr(ind->id + strlen(ind->fam->id), '_') + 1;
}

/* Writes v as plain decimal text: integers for large magnitudes and counts,
 * two decimals otherwise, trailing zeros dropped. Returns the length. */
static int format_value(double v, int integer, char *buf)
{
	if (integer || fabs(v) >= 1e6)
		return sprintf(buf, "%.0f", v);
	int n = sprintf(buf, "%.2f", v);
	while (buf[n - 1] == '0')
		n--;
	if (buf[n - 1] == '.')
		n--;
	buf[n] = 0;
	return n;
}

/* The value of indicator i, region r, year y, quarter q (0 for the year). */
static double value_of(const struct indicator *ind, const struct region *reg, uint32_t rseed,
                       int y, int q, int nregions)
{
	const struct family *f = ind->fam;
	uint64_t key = ((uint64_t)ind->seed << 32) ^ ((uint64_t)rseed << 12) ^ (uint64_t)(y * 5 + q);
	double noise = unit(key) - 0.5;
	double size = reg->province ? 1 + 9 * unit(rseed) : 0.05 + 0.95 * unit(rseed);
	int integer = strcmp(f->unit, "count") == 0 || strcmp(f->unit, "person") == 0;
	double v;

	if (strcmp(f->kind, "rank") == 0)
		return 1 + (double)(mix(key) % (uint64_t)nregions);
	if (strcmp(f->unit, "percent") == 0 || strcmp(f->unit, "index") == 0)
		v = f->base * (0.6 + 0.8 * unit(rseed ^ ind->seed)) + noise * f->base * 0.2;
	else {
		double share = ind->fam == &families[0] ? 1 : 0.1 + 0.9 * unit(ind->seed);
		v = f->base * share * size * pow(1 + f->growth, y - LAST_YEAR) * (1 + 0.04 * noise);
		if (q && strcmp(f->kind, "flow") == 0)
			v = v / 4 * (0.85 + 0.1 * q);
	}
	return integer ? round(v) : v;
}

struct out {
	FILE *csv, *jsonl;
	unsigned long long rows;
};

static void emit(struct out *o, const char *ind, const char *reg, const char *period,
                 const char *value, const char *vintage)
{
	fprintf(o->csv, "%s,%s,%s,%s%s%s\n", ind, reg, period, value, vintage ? "," : "",
	        vintage ? vintage : "");
	fprintf(o->jsonl, "{\"indicator\":\"%s\",\"region\":\"%s\",\"period\":\"%s\",\"value\":%s%s%s%s}\n",
	        ind, reg, period, value, vintage ? ",\"vintage\":\"" : "", vintage ? vintage : "",
	        vintage ? "\"" : "");
	o->rows++;
}

static FILE *create(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot create", path);
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void finish(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f))
		die("cannot write", name);
}

/* The catalog record of ind; full adds the Chinese name and a description
 * (the peers' catalog has neither, as sqlite3 and DuckDB keep neither). */
static void write_indicator(FILE *cat, const struct indicator *ind, int full)
{
	const struct family *f = ind->fam;
	const char *var = variant_of(ind);
	fprintf(cat, "{\"type\":\"indicator\",\"id\":\"%s\",\"name\":\"%s (%s)\"", ind->id, f->name, var);
	if (full)
		fprintf(cat, ",\"name_zh\":\"%s（%s）\"", f->name_zh, ind->variant_zh);
	fprintf(cat, ",\"unit\":\"%s\",\"kind\":\"%s\"", f->unit, f->kind);
	if (full)
		fprintf(cat, ",\"description\":\"Benchmark series: %s, %s.\"", f->name, var);
	fputs("}\n", cat);
}

/* regions.csv, for sqlite3: the n regions regs[pick[i]], or the first n
 * when pick is NULL. */
static void write_regions(const char *dir, const struct region *regs, const size_t *pick, size_t n)
{
	FILE *rc = create(dir, "regions.csv");
	fprintf(rc, "code,name,level\n");
	for (size_t i = 0; i < n; i++) {
		const struct region *reg = &regs[pick ? pick[i] : i];
		fprintf(rc, "%s,%s,%s\n", reg->code, reg->name, reg->province ? "province" : "prefecture");
	}
	finish(rc, "regions.csv");
}

#define PEER_REGIONS 300
#define PEER_INDICATORS 60
#define PEER_VINTAGE "2025-06-30"

/* The -r data set (see the top of the file). */
static int peers(double scale, struct region *regs, size_t nreg, const uint32_t *rseed,
                 struct indicator *inds, size_t nind, const char *dir)
{
	/* all provinces, then prefectures in code order, to PEER_REGIONS */
	size_t *pick = malloc(PEER_REGIONS * sizeof *pick), n = 0, nprov = 0;
	if (!pick)
		die("out of memory", "");
	for (size_t r = 0; r < nreg && n < PEER_REGIONS; r++)
		if (regs[r].province)
			pick[n++] = r, nprov++;
	for (size_t r = 0; r < nreg && n < PEER_REGIONS; r++)
		if (!regs[r].province)
			pick[n++] = r;
	qsort(pick, n, sizeof *pick, by_index);

	FILE *cat = create(dir, "catalog.jsonl");
	FILE *ic = create(dir, "indicators.csv");
	fprintf(cat, "{\"type\":\"source\",\"id\":\"nbs-yearbook\",\"title\":\"Statistical yearbook "
	             "(benchmark)\",\"published\":\"" PEER_VINTAGE "\",\"priority\":10}\n");
	fprintf(cat, "{\"type\":\"source\",\"id\":\"bench-survey\",\"title\":\"Survey "
	             "(benchmark)\",\"published\":\"" PEER_VINTAGE "\",\"priority\":5}\n");
	fprintf(ic, "id,name,unit\n");
	for (size_t k = 0; k < nind; k++) {
		write_indicator(cat, &inds[k], 0);
		fprintf(ic, "%s,%s (%s),%s\n", inds[k].id, inds[k].fam->name, variant_of(&inds[k]),
		        inds[k].fam->unit);
	}
	finish(cat, "catalog.jsonl");
	finish(ic, "indicators.csv");

	write_regions(dir, regs, pick, n);

	FILE *out = create(dir, "peers.csv");
	unsigned long long rows = 0;
	fprintf(out, "indicator,region,period,value,qualifier,status,source,vintage\n");
	for (size_t i = 0; i < n; i++) {
		const struct region *reg = &regs[pick[i]];
		int nregions = (int)(reg->province ? nprov : n - nprov);
		for (size_t k = 0; k < nind; k++) {
			int integer = whole_units(inds[k].fam);
			const char *src = k % 3 ? "nbs-yearbook" : "bench-survey";
			for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
				char text[64];
				format_value(value_of(&inds[k], reg, rseed[pick[i]], y, 0, nregions), integer, text);
				fprintf(out, "%s,%s,%d,%s,,%s,%s," PEER_VINTAGE "\n", inds[k].id, reg->code, y,
				        text, y == LAST_YEAR ? "provisional" : "actual", src);
				rows++;
			}
		}
	}
	finish(out, "peers.csv");

	FILE *p = create(dir, "params.sh");
	fprintf(p, "# written by bench/gen -r -s %g\n", scale);
	fprintf(p, "N_OBS=%llu\nN_INDICATORS=%zu\nN_REGIONS=%zu\nN_PROVINCES=%zu\n", rows, nind, n, nprov);
	fprintf(p, "FIRST_YEAR=%d\nLAST_YEAR=%d\n", FIRST_YEAR, LAST_YEAR);
	finish(p, "params.sh");
	printf("gen: region order, scale %g: %zu regions x %zu indicators x %d years: %llu observations\n",
	       scale, n, nind, LAST_YEAR - FIRST_YEAR + 1, rows);
	free(pick);
	return 0;
}

int main(int argc, char **argv)
{
	double scale = 1;
	int a = 1, region_order = 0;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-r") == 0) {
			region_order = 1;
			continue;
		}
		char *end;
		if (strcmp(argv[a], "-s") || a + 1 >= argc) {
			fprintf(stderr, "gen: unknown option %s\n", argv[a]);
			return 1;
		}
		scale = strtod(argv[++a], &end);
		if (*end || !(scale > 0) || scale > 100) {
			fprintf(stderr, "gen: -s takes a scale between 0 and 100\n");
			return 1;
		}
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: gen [-s SCALE] [-r] REGIONS_DIR OUTDIR\n");
		return 1;
	}
	const char *dir = argv[a + 1];

	struct region *regs;
	size_t nreg = read_regions(argv[a], &regs), nprov = 0;
	qsort(regs, nreg, sizeof *regs, by_region_code);
	uint32_t *rseed = malloc(nreg * sizeof *rseed);
	if (!rseed)
		die("out of memory", "");
	for (size_t r = 0; r < nreg; r++) {
		rseed[r] = hash_str(regs[r].code);
		nprov += (size_t)regs[r].province;
	}

	size_t nind = (size_t)lround((region_order ? PEER_INDICATORS : BASE_INDICATORS) * scale);
	if (nind < 2)
		nind = 2;
	struct indicator *inds = calloc(nind, sizeof *inds);
	if (!inds)
		die("out of memory", "");
	for (size_t k = 0; k < nind; k++) {
		size_t v = k / NFAMILIES;
		inds[k].fam = &families[k % NFAMILIES];
		inds[k].variant_zh = variants_zh[v % NVARIANTS];
		if (v < NVARIANTS)
			snprintf(inds[k].id, sizeof inds[k].id, "%s_%s", inds[k].fam->id, variants[v]);
		else
			snprintf(inds[k].id, sizeof inds[k].id, "%s_v%03zu", inds[k].fam->id, v);
		/* a tenth: every other family, in one variant of five */
		inds[k].quarterly = !region_order && k % NFAMILIES % 2 == 0 && v % 5 == 0;
		inds[k].seed = hash_str(inds[k].id);
	}
	qsort(inds, nind, sizeof *inds, by_indicator_id);
	if (region_order) {
		int rc = peers(scale, regs, nreg, rseed, inds, nind, dir);
		free(inds);
		free(rseed);
		free(regs);
		return rc;
	}

	FILE *cat = create(dir, "indicators.jsonl");
	for (size_t k = 0; k < nind; k++)
		write_indicator(cat, &inds[k], 1);
	finish(cat, "indicators.jsonl");

	write_regions(dir, regs, NULL, nreg);

	struct out obs = {create(dir, "obs.csv"), create(dir, "obs.jsonl"), 0};
	struct out rev = {create(dir, "rev.csv"), create(dir, "rev.jsonl"), 0};
	fprintf(obs.csv, "indicator,region,period,value\n");
	fprintf(rev.csv, "indicator,region,period,value,vintage\n");
	for (size_t k = 0; k < nind; k++) {
		int integer = whole_units(inds[k].fam);
		for (size_t r = 0; r < nreg; r++) {
			int nregions = (int)(regs[r].province ? nprov : nreg - nprov);
			for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
				int quarters = inds[k].quarterly && y >= FIRST_QUARTER_YEAR ? 4 : 0;
				for (int q = 0; q <= quarters; q++) {
					char period[16], text[64];
					double v = value_of(&inds[k], &regs[r], rseed[r], y, q, nregions);
					if (q)
						snprintf(period, sizeof period, "%d-Q%d", y, q);
					else
						snprintf(period, sizeof period, "%d", y);
					format_value(v, integer, text);
					emit(&obs, inds[k].id, regs[r].code, period, text, NULL);
					uint64_t h = mix(((uint64_t)inds[k].seed << 32) ^ rseed[r] ^
					                 ((uint64_t)(y * 5 + q) << 40));
					if (h % 1000 < REVISED_PER_MILLE) {
						char text2[64];
						double delta = (double)(h >> 32 & 0xff) / 255.0 * 0.04 - 0.02;
						double v2 = integer ? round(v * (1 + delta)) : v * (1 + delta);
						format_value(v2, integer, text2);
						if (strcmp(text, text2) == 0)
							format_value(v + 1, integer, text2);
						emit(&rev, inds[k].id, regs[r].code, period, text2, REVISION_VINTAGE);
					}
				}
			}
		}
	}
	finish(obs.csv, "obs.csv");
	finish(obs.jsonl, "obs.jsonl");
	finish(rev.csv, "rev.csv");
	finish(rev.jsonl, "rev.jsonl");

	/* Query arguments: an annual series, and a second one for the ratio. */
	FILE *p = create(dir, "params.sh");
	fprintf(p, "# written by bench/gen -s %g\n", scale);
	fprintf(p, "N_OBS=%llu\nN_REV=%llu\nN_INDICATORS=%zu\nN_REGIONS=%zu\nN_PROVINCES=%zu\n",
	        obs.rows, rev.rows, nind, nreg, nprov);
	fprintf(p, "FIRST_YEAR=%d\nLAST_YEAR=%d\n", FIRST_YEAR, LAST_YEAR);
	finish(p, "params.sh");
	printf("gen: scale %g: %zu indicators x %zu regions (%zu provinces): %llu observations, "
	       "%llu revisions\n",
	       scale, nind, nreg, nprov, obs.rows, rev.rows);
	free(inds);
	free(rseed);
	free(regs);
	return 0;
}
