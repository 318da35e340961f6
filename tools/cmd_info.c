/* cmd_info.c — tsq info: what the database holds. */
#include "commands.h"

int cmd_info(struct ctx *c)
{
	tsdb_stats st;
	char first[TSDB_PERIOD_MAX] = "", last[TSDB_PERIOD_MAX] = "";
	if (tsdb_stats_get(c->t, &st, &c->err))
		return cli_fail(&c->err);
	if (st.observations) {
		tsdb_period_format(st.first, first);
		tsdb_period_format(st.last, last);
	}
	printf("database      %s\n", tsdb_path(c->db));
	printf("observations  %llu\n", (unsigned long long)st.observations);
	printf("versions      %llu\n", (unsigned long long)st.versions);
	printf("indicators    %llu\n", (unsigned long long)st.indicators);
	printf("regions       %llu\n", (unsigned long long)st.regions);
	printf("sources       %llu\n", (unsigned long long)st.sources);
	printf("periods       %s%s%s\n", first, st.observations ? " … " : "none", last);
	printf("size on disk  %llu bytes (map %llu)\n", (unsigned long long)st.file_size,
	       (unsigned long long)st.map_size);
	return 0;
}
