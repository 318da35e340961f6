/* calendar.c — day arithmetic on yyyymmdd dates: day numbers and the
 * length of a period, for time axes and durations (SDMX, charts). */
#include "internal.h"

long tsdb_date_days(uint32_t date)
{
	/* years counted from March, so that February's leap day comes last */
	long y = (long)(date / 10000), m = (long)(date / 100 % 100), d = (long)(date % 100);
	y -= m <= 2;
	long era = y / 400, yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

long tsdb_period_days(tsdb_period p)
{
	return tsdb_date_days(p.end) - tsdb_date_days(p.start) + 1;
}
