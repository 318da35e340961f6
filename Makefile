# Makefile — builds libtsdb (static and shared), tsq and the tests.
# make | make check | make test | make demo | make sanitize | make fuzz | make valgrind
# make coverage | make format-check | make install PREFIX=... | make clean

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
CFLAGS  ?= -O2 -g
WARN    := -std=c17 -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Itsdb -D_GNU_SOURCE
LIBS    := -llmdb -ljansson -lutf8proc -lcsv -lz -lm
ISO_DIR ?= /usr/share/iso-codes/json
LOCALE_DIR ?= /usr/share/locale

LIB_SRC := $(wildcard tsdb/*.c)
LIB_OBJ := $(LIB_SRC:tsdb/%.c=$(BUILD)/tsdb/%.o) $(BUILD)/tsdb/regions_data.o $(BUILD)/tsdb/history_data.o
TSQ_SRC := $(wildcard tools/cli.c tools/opt.c tools/out.c tools/lang.c tools/query.c tools/chart.c tools/xlsx.c tools/xlsx_facts.c tools/out_xlsx.c tools/out_table.c tools/png.c tools/plot_words.c tools/tsq.c tools/export_*.c tools/cmd_*.c)
TSQ_OBJ := $(TSQ_SRC:tools/%.c=$(BUILD)/tools/%.o)
TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))
SOVER   := 0
# Only what include/tsdb.h marks TSDB_API leaves the shared library.
LIB_CFLAGS := -fPIC -fvisibility=hidden

all: $(BUILD)/.deps-build $(BUILD)/libtsdb.a $(BUILD)/libtsdb.so $(BUILD)/tsq $(BUILD)/tsq-png

# Missing Debian packages are installed (as root) or named (otherwise).
$(BUILD)/.deps-%: tools/deps.sh
	@mkdir -p $(BUILD)
	@tools/deps.sh $*
	@touch $@

$(BUILD)/tsdb/%.o: tsdb/%.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(LIB_CFLAGS) -MMD -MP $(CPPFLAGS) -c $< -o $@

# tsq-png renders plot's SVG as PNG with librsvg, which a static tsq cannot
# load: a helper beside tsq (make install: $(PREFIX)/libexec/tsdb).
LIBEXEC ?= $(PREFIX)/libexec/tsdb
$(BUILD)/tsq-png: tools/tsq_png.c | $(BUILD)/.deps-build
	$(CC) $(WARN) $(CFLAGS) $(shell pkg-config --cflags librsvg-2.0) $< -o $@ $(shell pkg-config --libs librsvg-2.0)

$(BUILD)/tools/png.o: CPPFLAGS += -DTSQ_LIBEXEC='"$(LIBEXEC)"'

# The tools see the public header only (include/), never tsdb/'s internals.
TOOL_CPPFLAGS = $(filter-out -Itsdb,$(CPPFLAGS))

$(BUILD)/tools/%.o: tools/%.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -MMD -MP $(TOOL_CPPFLAGS) -c $< -o $@

# The built-in region catalog: generated from iso-codes and data/regions.
$(BUILD)/mkregions: $(filter-out gen/mkhistory.c,$(wildcard gen/*.c)) $(wildcard gen/*.h) | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -D_GNU_SOURCE $(filter %.c,$^) -o $@ -ljansson -lcsv -lopencc

$(BUILD)/gen/regions_data.c: $(BUILD)/mkregions $(wildcard data/regions/*)
	@mkdir -p $(@D)
	$(BUILD)/mkregions -c -o $@ data/regions $(ISO_DIR) $(LOCALE_DIR)

$(BUILD)/tsdb/regions_data.o: $(BUILD)/gen/regions_data.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(LIB_CFLAGS) $(CPPFLAGS) -c $< -o $@

# China's divisions through time: generated from data/regions-history.
$(BUILD)/mkhistory: gen/mkhistory.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -D_GNU_SOURCE $< -o $@ -lcsv

$(BUILD)/gen/history_data.c: $(BUILD)/mkhistory data/regions-history/result.csv
	@mkdir -p $(@D)
	$(BUILD)/mkhistory -c -o $@ data/regions-history/result.csv

$(BUILD)/tsdb/history_data.o: $(BUILD)/gen/history_data.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(LIB_CFLAGS) $(CPPFLAGS) -c $< -o $@

$(BUILD)/libtsdb.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libtsdb.so: $(LIB_OBJ)
	$(CC) $(CFLAGS) -shared -Wl,-soname,libtsdb.so.$(SOVER) $^ -o $@ $(LIBS)

# tsq is one static program: a query is a whole process, and the dynamic
# loader was a third of one (docs/PERFORMANCE.md). The sanitizer and valgrind
# builds link it dynamically (neither works on a static program).
TSQ_LINK ?= -static

$(BUILD)/tsq: $(TSQ_OBJ) $(BUILD)/libtsdb.a
	$(CC) $(CFLAGS) $(TSQ_LINK) $^ -o $@ $(LIBS) -lpthread

# ---- tests ----
$(BUILD)/tests/%: tests/%.c tests/fixture.h $(BUILD)/libtsdb.a | $(BUILD)/.deps-check
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $< -o $@ $(TEST_LDFLAGS) $(BUILD)/libtsdb.a $(LIBS) -lcmocka

# The allocation-failure tests route libtsdb's allocations through their own
# functions at link time: the library carries no hook (tests/test_oom.c).
$(BUILD)/tests/test_oom: TEST_LDFLAGS := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup

test: all $(BUILD)/.deps-test $(TESTS) $(BUILD)/stress/probe
	@CFLAGS="$(CFLAGS)" tests/run.sh $(BUILD)

# The fast tier, under a minute: make test but the LibreOffice read-back
# and the schema checks (tests/run.sh names them).
check: all $(BUILD)/.deps-check $(TESTS) $(BUILD)/stress/probe
	@CFLAGS="$(CFLAGS)" tests/run.sh $(BUILD) check

# Line coverage of libtsdb and tsq by make test, with gcov: a line per
# file and the total, in $(BUILD)/cov/coverage.txt.
coverage:
	$(MAKE) BUILD=$(BUILD)/cov TSQ_LINK= CFLAGS="-O0 -g --coverage" test
	@tools/deps.sh coverage
	@cd $(BUILD)/cov && rm -f *.gcov && \
	for d in tsdb tools; do gcov -n -o $$d $(CURDIR)/$$d/*.c 2>/dev/null; done | \
	awk -F"'" '/^File/ { k = split($$2, part, "/"); d = part[k - 1]; f = d "/" part[k] } \
	     /^Lines executed/ && f ~ /\.c$$/ { split($$0, a, /[:% ]+/); p = a[3]; n = a[5]; \
	       hit[d] += p * n / 100; all[d] += n; printf "%6.1f%% of %5d  %s\n", p, n, f; f = "" } \
	     END { for (d in all) printf "%6.1f%% of %5d  %s/ in all\n", 100 * hit[d] / all[d], all[d], d }' | \
	tee coverage.txt

# The files listed in .format-files are held to .clang-format. A file
# joins the list once it conforms (clang-format -i FILE); the list only grows.
format-check: | $(BUILD)/.deps-format
	@bad=0; for f in $$(grep -v '^#' .format-files); do \
		clang-format --dry-run -Werror "$$f" || bad=1; done; \
	[ $$bad = 0 ] && echo "format-check: $$(grep -vc '^#' .format-files) files conform"

# The fault tests' helper: dumps every version, generates loads, holds a reader.
$(BUILD)/stress/probe: tests/stress/probe.c $(BUILD)/libtsdb.a | $(BUILD)/.deps-check
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $< -o $@ $(BUILD)/libtsdb.a $(LIBS)

# Crash trials (SIGKILL during large loads) and concurrent readers and writers;
# STRESS_TRIALS, STRESS_FACTS and STRESS_GENERATIONS size them (tests/stress/run.sh).
stress: all $(BUILD)/.deps-test $(BUILD)/stress/probe
	sh tests/stress/run.sh $(BUILD)

# The tests again, built with AddressSanitizer and UBSan.
sanitize:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 $(MAKE) BUILD=build/san TSQ_LINK= CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# libFuzzer harnesses (tests/fuzz/fuzz_*.c), built with clang, ASan and UBSan
# into FUZZ_BUILD, each run FUZZ_SECONDS from its seed corpus (tests/fuzz/run.sh).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 30
FUZZ_BUILD   ?= $(BUILD)/fuzz
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJ     := $(LIB_SRC:tsdb/%.c=$(FUZZ_BUILD)/tsdb/%.o) $(FUZZ_BUILD)/tsdb/regions_data.o $(FUZZ_BUILD)/tsdb/history_data.o

$(FUZZ_BUILD)/tsdb/%.o: tsdb/%.c | $(BUILD)/.deps-fuzz
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP $(CPPFLAGS) -c $< -o $@

$(FUZZ_BUILD)/tsdb/regions_data.o: $(BUILD)/gen/regions_data.c | $(BUILD)/.deps-fuzz
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) $(CPPFLAGS) -c $< -o $@

$(FUZZ_BUILD)/tsdb/history_data.o: $(BUILD)/gen/history_data.c | $(BUILD)/.deps-fuzz
	@mkdir -p $(@D)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) $(CPPFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(FUZZ_OBJ)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer $(CPPFLAGS) $< $(FUZZ_OBJ) -o $@ $(LIBS)

.SECONDARY: $(FUZZ_OBJ)
fuzz: $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

# The cmocka tests and a few tsq runs under valgrind: no leaks, no invalid
# accesses (tests/valgrind.sh; suppressions, if any, in tests/valgrind.supp).
valgrind:
	$(MAKE) BUILD=build/vg TSQ_LINK= valgrind-run

valgrind-run: all $(BUILD)/.deps-valgrind $(TESTS)
	tests/valgrind.sh $(BUILD)

# Load the bundled example into a fresh database and compare three regions.
demo: all
	rm -rf $(BUILD)/demo-db
	$(BUILD)/tsq --db $(BUILD)/demo-db init
	$(BUILD)/tsq --db $(BUILD)/demo-db load examples/indicators.jsonl examples/ceads/*.jsonl examples/seeds/*.jsonl
	$(BUILD)/tsq --db $(BUILD)/demo-db load examples/world/world.jsonl
	$(BUILD)/tsq --db $(BUILD)/demo-db load --csv examples/world/worldbank_gdp_current_usd.csv \
		--map "region=Country Code,period=Year,value=Value" --indicator gdp_usd --source wb-wdi-gdp
	$(BUILD)/tsq --db $(BUILD)/demo-db load --csv examples/world/worldbank_population_total.csv \
		--map "region=Country Code,period=Year,value=Value" --indicator population --source wb-wdi-pop
	$(BUILD)/tsq --db $(BUILD)/demo-db compare co2_emissions Beijing 上海 CN-GD --from 2010
	$(BUILD)/tsq --db $(BUILD)/demo-db compare co2_emissions Beijing 上海 CN-GD --from 2015 --transform share:CN
	$(BUILD)/tsq --db $(BUILD)/demo-db compare "gdp_usd / population" 中国 美国 日本 印度 --from 2015
	$(BUILD)/tsq --db $(BUILD)/demo-db rank co2_emissions --period 2019 --level province --top 5
	$(BUILD)/tsq --db $(BUILD)/demo-db get high_tech_enterprises 中国

# Benchmarks against sqlite3 and the LMDB ceiling (bench/run.sh, docs/PERFORMANCE.md).
# Not tests: nothing in make test depends on timing. bench-scale adds the 4x data set.
BENCH_BIN := $(BUILD)/bench/gen $(BUILD)/bench/timeit $(BUILD)/bench/lmdb_ceiling

$(BENCH_BIN): $(BUILD)/bench/%: bench/%.c | $(BUILD)/.deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $< -o $@ -llmdb -lm

# DuckDB, the second peer, through its npm package, installed here (not system-wide).
$(BUILD)/bench/node/duckdb.mjs: bench/duckdb.mjs bench/package.json | $(BUILD)/.deps-bench
	@mkdir -p $(@D)
	cp bench/package.json $(@D)/
	cd $(@D) && npm install --no-audit --no-fund --loglevel=error
	cp bench/duckdb.mjs $@

bench: all $(BUILD)/.deps-bench $(BENCH_BIN) $(BUILD)/bench/node/duckdb.mjs
	bench/run.sh $(BUILD) all

bench-scale: all $(BUILD)/.deps-bench $(BENCH_BIN) $(BUILD)/bench/node/duckdb.mjs
	BENCH_GROWTH="$${BENCH_GROWTH:-0.1 1 4}" BENCH_PEERS="$${BENCH_PEERS-1 4 10}" bench/run.sh $(BUILD) growth

# tsq export --format xlsx against csv on a million rows: time and peak RSS.
bench-xlsx: all $(BUILD)/.deps-bench $(BUILD)/bench/gen
	bench/xlsx.sh $(BUILD) $${BENCH_ROWS:-1000000}

.PHONY: bench bench-scale bench-xlsx

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(BUILD)/libtsdb.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libtsdb.so $(DESTDIR)$(PREFIX)/lib/libtsdb.so.$(SOVER)
	ln -sf libtsdb.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/libtsdb.so
	install -m 644 include/tsdb.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(BUILD)/tsq $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(LIBEXEC)
	install -m 755 $(BUILD)/tsq-png $(DESTDIR)$(LIBEXEC)/
	install -m 644 docs/tsq.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 tools/tsq.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tsq
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/.*TSDB_VERSION_STRING "\(.*\)"/\1/p' include/tsdb.h)|' \
		tsdb.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/tsdb.pc

clean:
	rm -rf build

.PHONY: all test check coverage format-check stress sanitize fuzz valgrind valgrind-run demo install clean
-include $(wildcard $(BUILD)/tsdb/*.d $(BUILD)/tools/*.d $(FUZZ_BUILD)/tsdb/*.d)
