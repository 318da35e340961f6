/* plot_words.c — the words on a tsq plot chart: title, subtitle, axis
 * title, tooltips, legend labels and footnotes, in English or Chinese. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plot.h"

/* What a transform makes of the values, for the title, in Chinese. */
/* A unit as Chinese readers write it, with the axis's scale: 亿元. */
static const char *unit_words(const struct plot *p, const char *scale, char *buf, size_t size)
{
	struct out o = {.zh = p->zh, .scale_name = scale && *scale ? scale : NULL};
	return out_unit(&o, p->qr->unit, buf, size);
}

/* What a transform makes of the values, for the title, in English and Chinese. */
static const struct {
	int op;
	const char *en, *zh;
} transform_names[] = {
    {TSDB_TR_YOY, "change on a year earlier", "同比变化"},
    {TSDB_TR_POP, "change on the previous period", "环比变化"},
    {TSDB_TR_DIFF, "difference from the previous period", "比上期增减"},
    {TSDB_TR_DIFF_YOY, "difference from a year earlier", "比上年同期增减"},
    {TSDB_TR_PCA, "compounded annual rate of change", "折年变化率"},
    {TSDB_TR_LOG, "natural logarithm", "自然对数"},
    {TSDB_TR_CAGR, "compound annual growth", "年均复合增长率"},
    {TSDB_TR_RANK, "rank among the regions shown", "所示地区中的排名"},
    {TSDB_TR_DISCRETE, "single periods from year-to-date totals", "由累计值拆分的单期值"},
};

static const char *transform_words(const struct plot *p, char *buf, size_t size)
{
	const struct query *qr = p->qr;
	switch (qr->tr.op) {
	case TSDB_TR_SHARE:
		snprintf(buf, size, p->zh ? "占%s的比重" : "share of %s", qr->tr.region);
		return buf;
	case TSDB_TR_INDEX: snprintf(buf, size, "%s", qr->unit); return buf;
	}
	for (size_t i = 0; i < sizeof transform_names / sizeof *transform_names; i++)
		if (transform_names[i].op == qr->tr.op)
			return p->zh ? transform_names[i].zh : transform_names[i].en;
	return "";
}

/* A region in the legend: as the user named it, unless that was a code
 * (CN-GD, 440000), which reads worse than the region's name. */
const char *plot_region_label(const tsdb_panel_column *c)
{
	const char *a = c->asked;
	if (strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(a))
		return query_region_name(&c->reg);
	return a;
}

/* A value for people, as compare shows it, with the unit. */
void plot_value_words(const struct plot *p, const tsdb_sample *s, char *buf, size_t size)
{
	char num[TSDB_VALUE_MAX * 2];
	if (p->qr->computed)
		cli_rounded(s->value, s->qualifier, num, sizeof num);
	else
		cli_number(s->value, s->qualifier, num, sizeof num);
	if (p->zh) {
		char u[160];
		snprintf(buf, size, "%s %s", num, unit_words(p, NULL, u, sizeof u));
	} else
		snprintf(buf, size, "%s %s", num, p->qr->unit);
}

void plot_title(const struct plot *p, char *buf, size_t size)
{
	const struct query *qr = p->qr;
	char tw[240], per[TSDB_PERIOD_MAX];
	const char *words = transform_words(p, tw, sizeof tw);
	const char *name = p->zh && *p->name_zh ? p->name_zh : qr->name;
	if (p->title) {
		snprintf(buf, size, "%s", p->title);
		return;
	}
	snprintf(buf, size, "%s%s%s", *name ? name : qr->expr, *words ? " — " : "", words);
	if (p->bar) {
		size_t n = strlen(buf);
		tsdb_period_format(p->at, per);
		snprintf(buf + n, size - n, ", %s", per);
	}
}

/* The line under the title: the expression (when the title is a name), the
 * periods and the date of the state shown. */
void plot_subtitle(const struct plot *p, char *buf, size_t size)
{
	const struct query *qr = p->qr;
	char a[TSDB_PERIOD_MAX], b[TSDB_PERIOD_MAX], d[11];
	size_t n = 0;
	buf[0] = 0;
	if (*qr->name || p->title)
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s", qr->expr, qr->tr.op ? ", " : "",
		                      qr->tr.op ? qr->transform : "");
	if (!p->bar && n < size) {
		tsdb_period_format(p->per[0], a);
		tsdb_period_format(p->per[p->nper - 1], b);
		n += (size_t)snprintf(buf + n, size - n, "%s%s%s%s", n ? " · " : "", a,
		                      p->nper > 1 ? (p->zh ? "至" : " to ") : "",
		                      p->nper > 1 ? b : "");
	}
	if (qr->range.as_of && n < size) {
		tsdb_date_format(qr->range.as_of, d);
		snprintf(buf + n, size - n, p->zh ? "%s截至%s所知" : "%sas known on %s",
		         n ? " · " : "", d);
	}
}

void plot_axis_title(const struct plot *p, char *buf, size_t size)
{
	const char *unit = p->qr->unit;
	if (p->zh) {
		unit_words(p, p->y.scale, buf, size);
		return;
	}
	if (!*p->y.scale)
		snprintf(buf, size, "%s", unit);
	else if (strcmp(unit, "count") == 0)
		snprintf(buf, size, "%ss", p->y.scale);
	else
		snprintf(buf, size, "%s %s", p->y.scale, unit);
}

void plot_footnotes(tsdb_txn *t, struct plot *p)
{
	static const char *const qual_en[] = {
	    "", "~ about", "> more than", ">= at least", "< less than", "<= at most"};
	static const char *const qual_zh[] = {"",          "~ 约",   "> 超过",
	                                      ">= 不少于", "< 不足", "<= 不超过"};
	const char *const *qual_words = p->zh ? qual_zh : qual_en;
	for (int i = 0; i < p->src.n && p->nfoot < MAX_FOOT; i++) {
		tsdb_source s;
		char date[11] = "";
		char *f = p->foot[p->nfoot++];
		if (tsdb_source_get(t, p->src.id[i], &s, NULL)) {
			snprintf(f, sizeof p->foot[0], "%s%s",
			         p->zh ? "来源：" : "Source: ", p->src.id[i]);
			continue;
		}
		tsdb_date_format(s.published, date);
		snprintf(f, sizeof p->foot[0], "%s%s — %s%s%s%s%s",
		         p->zh ? "来源：" : "Source: ", s.id, s.title, *s.publisher ? ", " : "",
		         s.publisher, *date ? ", " : "", date);
	}
	if (p->more && p->nfoot < MAX_FOOT)
		snprintf(
		    p->foot[p->nfoot++], sizeof p->foot[0],
		    p->zh
		        ? "部分数值由多个来源计算得出，各运算项的来源均已列出。"
		        : "Some values are computed from several sources; every operand's source is listed.");
	if (p->quals && p->nfoot < MAX_FOOT) {
		char *f = p->foot[p->nfoot++];
		size_t n = p->zh ? (size_t)snprintf(f, sizeof p->foot[0], "%s：限定值（",
		                                    p->bar ? "空心柱" : "空心标记")
		                 : (size_t)snprintf(f, sizeof p->foot[0], "%s: qualified values (",
		                                    p->bar ? "Hollow bars" : "Hollow markers");
		int first = 1;
		for (int q = 1; q < 6; q++)
			if (p->quals & 1u << q) {
				n += (size_t)snprintf(f + n, sizeof p->foot[0] - n, "%s%s",
				                      first   ? ""
				                      : p->zh ? "，"
				                              : ", ",
				                      qual_words[q]);
				first = 0;
			}
		snprintf(f + n, sizeof p->foot[0] - n, p->zh ? "）。" : ").");
	}
	for (int i = 0; i < p->qr->nnotes && p->nfoot < MAX_FOOT; i++)
		snprintf(p->foot[p->nfoot++], sizeof p->foot[0], "%s%s",
		         p->zh ? "注：" : "Note: ", p->qr->notes[i]);
}
