/* lang.c — what --lang zh changes in a table: units (元, 亿元, 人, 家 ...)
 * and region levels (省, 地级, 县级), with --scale named in the unit. */
#include <string.h>

#include "cli.h"

static const char *const units_zh[][2] = {
    {"CNY", "元"},     {"yuan", "元"},        {"USD", "美元"},  {"person", "人"},
    {"persons", "人"}, {"people", "人"},      {"count", "个"},  {"firm", "家"},
    {"firms", "家"},   {"enterprises", "家"}, {"percent", "%"}, {"pp", "个百分点"},
    {"t", "吨"},       {"kWh", "千瓦时"},     {"rank", "位"},   {"year", "年"},
};

const char *out_unit(const struct out *o, const char *unit, char *buf, size_t size)
{
	const char *u = unit ? unit : "";
	if (o->zh)
		for (size_t i = 0; i < sizeof units_zh / sizeof *units_zh; i++)
			if (strcmp(u, units_zh[i][0]) == 0)
				u = units_zh[i][1];
	if (!o->scale_name)
		snprintf(buf, size, "%s", u);
	else {
		/* 亿元 names its unit: "亿元 CNY" would say it twice */
		size_t n = strlen(o->scale_name);
		int has_yuan = n > 3 && strcmp(o->scale_name + n - 3, "元") == 0;
		char scale[64];
		snprintf(scale, sizeof scale, "%.*s", (int)(has_yuan ? n - 3 : n), o->scale_name);
		if (o->zh && (*u & 0x80))
			snprintf(buf, size, "%s%s", scale, u);
		else
			snprintf(buf, size, "%s %s", scale, u);
	}
	return buf;
}

const char *out_level(const struct out *o, const char *level)
{
	static const char *const zh[][2] = {{"country", "国家"},
	                                    {"province", "省"},
	                                    {"prefecture", "地级"},
	                                    {"county", "县级"},
	                                    {"group", "组"}};
	for (size_t i = 0; o->zh && i < sizeof zh / sizeof *zh; i++)
		if (strcmp(level, zh[i][0]) == 0)
			return zh[i][1];
	return level;
}
