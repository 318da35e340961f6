/* error.c — status names and the filling of tsdb_error. */
#include <errno.h>
#include <stdio.h>

#include "internal.h"

void tsdb_error_clear(tsdb_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *tsdb_strerror(int code)
{
	switch (code) {
	case TSDB_OK: return "success";
	case TSDB_NOTFOUND: return "not found";
	case TSDB_EINVAL: return "invalid argument";
	case TSDB_EDATA: return "bad input data";
	case TSDB_EUNKNOWN: return "unknown name";
	case TSDB_EAMBIGUOUS: return "ambiguous name";
	case TSDB_ECONFLICT: return "conflicts with stored data";
	case TSDB_ESTORE: return "store error";
	case TSDB_EIO: return "I/O error";
	case TSDB_ENOMEM: return "out of memory";
	case TSDB_EMAPFULL: return "map full";
	case TSDB_EBUSY: return "database busy";
	case TSDB_EREADONLY: return "database is read-only";
	case TSDB_EVERSION: return "incompatible database version";
	case TSDB_ENOSPC: return "no space left on device";
	case TSDB_ECORRUPT: return "database is corrupt";
	}
	return "unknown status";
}

int tsdb_error_set(tsdb_error *err, int code, const char *field, const char *fmt, ...)
{
	if (err && !err->code) {
		va_list ap;
		err->code = code;
		snprintf(err->field, sizeof err->field, "%s", field ? field : "");
		va_start(ap, fmt);
		vsnprintf(err->text, sizeof err->text, fmt, ap);
		va_end(ap);
	}
	return code;
}

int ts_err(tsdb_error *err, int code, const char *fmt, ...)
{
	if (err && !err->code) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		int n = vsnprintf(err->text, sizeof err->text, fmt, ap);
		va_end(ap);
		/* a message cut short ends on a whole character */
		if (n >= (int)sizeof err->text)
			err->text[ts_utf8_trim(err->text, sizeof err->text - 1)] = 0;
	}
	return code;
}

int ts_code(int rc)
{
	switch (rc) {
	case 0: return TSDB_OK;
	case MDB_NOTFOUND: return TSDB_NOTFOUND;
	case MDB_MAP_FULL: return TSDB_EMAPFULL;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID: return TSDB_ECORRUPT;
	case MDB_VERSION_MISMATCH: return TSDB_EVERSION;
	case ENOMEM: return TSDB_ENOMEM;
	case ENOSPC: return TSDB_ENOSPC;
	case EACCES:
	case EROFS: return TSDB_EREADONLY;
	}
	return rc > 0 && rc < MDB_KEYEXIST ? TSDB_EIO : TSDB_ESTORE;
}

int ts_mdb_err(tsdb_error *err, int rc, const char *what)
{
	int code = ts_code(rc);
	if (err && !err->code) {
		ts_err(err, code, "%s: %s", what, mdb_strerror(rc));
		err->sys = rc;
	}
	return code;
}

void ts_err_field(tsdb_error *err, const char *field)
{
	if (err && !err->field[0] && field)
		snprintf(err->field, sizeof err->field, "%s", field);
}

char *tsdb_error_format(const tsdb_error *err, char *buf, size_t size)
{
	size_t n = 0;
	if (!size)
		return buf;
	buf[0] = 0;
#define ADD(...) \
	do { \
		if (n < size) { \
			int w = snprintf(buf + n, size - n, __VA_ARGS__); \
			n += w > 0 ? (size_t)w : 0; \
		} \
	} while (0)
	if (err->source[0])
		ADD("%s:", err->source);
	if (err->source[0] && err->line)
		ADD("%ld:", err->line);
	else if (err->line)
		ADD("record %ld:", err->line);
	if (n)
		ADD(" ");
	if (err->field[0])
		ADD("%s: ", err->field);
	ADD("%s", err->text[0] ? err->text : tsdb_strerror(err->code));
#undef ADD
	return buf;
}
