/* fuzz_jsondiff.c — the JSON fast path against jansson: the same bytes go to
 * ts_json_fast_fact and to jansson with the record mapping (ts_json_type,
 * ts_json_fact), the general path every line the fast path declines takes.
 * Whenever the fast path reads a fact, jansson must read the same record
 * the same way: every field the same string (or both unset), the value the
 * same text or the same double, bit for bit. Where the fast path declines,
 * jansson alone decides, so a load's facts and errors are those jansson
 * gives in every case. */
#include <inttypes.h>
#include <jansson.h>
#include <stddef.h>

#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every string of a fact, named by its member but for the value's text. */
#define MEMBER(f) #f, offsetof(struct fact, f)
static const struct {
	const char *name;
	size_t at;
} fields[] = {{MEMBER(indicator)},
              {MEMBER(region)},
              {MEMBER(period)},
              {MEMBER(unit)},
              {MEMBER(scale)},
              {MEMBER(qualifier)},
              {MEMBER(status)},
              {MEMBER(source)},
              {MEMBER(vintage)},
              {MEMBER(received)},
              {MEMBER(quote)},
              {MEMBER(note)},
              {"value (text)", offsetof(struct fact, value_text)}};
#undef MEMBER

static void same_text(const char *field, const char *fast, const char *ref)
{
	if (!fast != !ref || (fast && strcmp(fast, ref)))
		fuzz_fail("%s: fast path \"%s\", jansson \"%s\"", field, fast ? fast : "(unset)",
		          ref ? ref : "(unset)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct fact fast, ref;
	char *buf = malloc(size + 1);
	if (!buf)
		abort();
	int took = ts_json_fast_fact(p, size, &fast, buf);
	if (!took) {
		free(buf);
		return 0;
	}

	/* what the general path makes of the same bytes */
	tsdb_load_stats stats = {0};
	tsdb_error first = {0};
	struct load ld = {.stats = &stats, .first = &first, .file = "fuzz", .max_errors = 1};
	json_error_t je;
	const char *type;
	json_t *o = json_loadb(p, size, TS_JSON_FLAGS, &je);
	if (!o)
		fuzz_fail("the fast path read a fact, jansson an error: %s", je.text);
	if (ts_json_type(&ld, o, &type))
		fuzz_fail("the fast path read a fact, the mapping an error: %s", first.text);
	if (strcmp(type, "fact"))
		fuzz_fail("the fast path read a fact, jansson a record of type \"%s\"", type);
	if (ts_json_fact(&ld, o, &ref))
		fuzz_fail("the fast path read a fact, the mapping an error: %s: %s", first.field,
		          first.text);

	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		same_text(fields[i].name,
		          *(const char *const *)((const char *)&fast + fields[i].at),
		          *(const char *const *)((const char *)&ref + fields[i].at));
	if (!fast.value_text && memcmp(&fast.value, &ref.value, sizeof fast.value))
		fuzz_fail("value: fast path %.17g, jansson %.17g", fast.value, ref.value);
	if (stats.errors)
		fuzz_fail("the mapping reported %" PRIu64 " error(s) for a fact it read",
		          stats.errors);
	json_decref(o);
	free(buf);
	return 0;
}
