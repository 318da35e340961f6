/* chart.c — the parts of tsq plot's SVG: XML-escaped and wrapped text,
 * estimated text widths, value axes with 1-2-5 ticks and their labels, and
 * writing a file whole or not at all. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "chart.h"
#include "cli.h"
#include "png.h"

void axis_make(double min, double max, int n, int scaled, struct axis *a)
{
	static const char *const words[] = {"", "thousand", "million", "billion", "trillion"};
	static const char *const words_zh[] = {"", "万", "亿", "万亿"};
	const char *const *names = words;
	double span, raw, mag, f, top;
	int k = 0, digits = 3, most = 0; /* scale words: each 10^digits, at most names[most] */

	if (max < min) {
		double t = min;
		min = max;
		max = t;
	}
	span = max - min;
	if (!(span > 0)) {
		/* one value: a band around it that keeps zero on its side */
		span = fabs(max) > 0 ? fabs(max) * 0.2 : 1;
		min = min >= 0 && min - span / 2 < 0 ? 0 : min - span / 2;
		max = max <= 0 && max + span / 2 > 0 ? 0 : max + span / 2;
		span = max - min;
	}
	raw = span / (n > 0 ? n : 5);
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	a->step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
	a->lo = floor(min / a->step + 1e-9) * a->step;
	a->hi = ceil(max / a->step - 1e-9) * a->step;

	top = fmax(fabs(a->lo), fabs(a->hi));
	if (scaled == 2 && top >= 1e5) {
		/* Chinese counts in tens of thousands: 万, 亿 (10^8), 万亿 */
		names = words_zh, digits = 4, most = 3;
	} else if (scaled && top >= 1e4) {
		/* whole steps in the unit named: 200, 400, ... 1,000 million, not
		 * 0.2 ... 1.0 billion */
		most = 4;
	}
	if (most) {
		k = (int)floor(log10(a->step) / digits + 1e-9);
		k = k < 1 ? 1 : k > most ? most : k;
	}
	a->factor = pow(10, digits * k);
	a->scale = names[k];
	/* enough decimals to tell the ticks apart, no more */
	a->decimals = (int)ceil(-log10(a->step / a->factor) - 1e-9);
	a->decimals = a->decimals < 0 ? 0 : a->decimals > 10 ? 10 : a->decimals;
}

int axis_ticks(const struct axis *a)
{
	return (int)floor((a->hi - a->lo) / a->step + 0.5) + 1;
}

double axis_tick(const struct axis *a, int k)
{
	/* from the tick's index, so that steps do not add up rounding */
	return (floor(a->lo / a->step + 0.5) + k) * a->step;
}

char *chart_number(double v, int decimals, char *buf, size_t size)
{
	char plain[400];
	const char *p = plain;
	snprintf(plain, sizeof plain, "%.*f", decimals, v);
	if (strspn(plain, "-0.") == strlen(plain) && plain[0] == '-')
		p++; /* no "-0" */
	return out_group(p, -1, "", buf, size);
}

char *axis_label(const struct axis *a, double v, char *buf, size_t size)
{
	return chart_number(v / a->factor, a->decimals, buf, size);
}

/* The next character of s: its code point in *c and its length, or -1 in
 * *c for a byte that does not begin valid UTF-8 (length 1). */
static size_t next(const char *s, utf8proc_int32_t *c)
{
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, c);
	if (k <= 0) {
		*c = -1;
		return 1;
	}
	return (size_t)k;
}

void svg_text(FILE *out, const char *s)
{
	svg_text_n(out, s, strlen(s));
}

void svg_text_n(FILE *out, const char *s, size_t n)
{
	const char *end = s + n;
	utf8proc_int32_t c;
	while (s < end && *s) {
		size_t k = next(s, &c);
		if (k > (size_t)(end - s))
			k = (size_t)(end - s), c = -1; /* a character cut off at n */
		if (c == -1 || c == 0xFFFE || c == 0xFFFF)
			fputs("\xEF\xBF\xBD", out);
		else if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c == '\'')
			fputs("&apos;", out);
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			; /* not a character XML 1.0 allows, even escaped */
		else
			fwrite(s, 1, k, out);
		s += k;
	}
}

/* The advance of one character, in em. */
static double advance(utf8proc_int32_t c)
{
	if (c < 0)
		return 0.6;
	if (utf8proc_charwidth(c) >= 2)
		return 1.0;
	if (c < 0x80 && strchr("iIjlft.,:;'|!() []", (int)c))
		return 0.3;
	if (c < 0x80 && strchr("mwMW@%", (int)c))
		return 0.85;
	if (c >= 'A' && c <= 'Z')
		return 0.66;
	return 0.55;
}

double text_width(const char *s, double px)
{
	double w = 0;
	utf8proc_int32_t c;
	while (*s) {
		s += next(s, &c);
		w += advance(c);
	}
	return w * px;
}

size_t text_fit(const char *s, double px, double width)
{
	size_t at = 0, space = 0;
	double w = 0;
	utf8proc_int32_t c;
	while (s[at]) {
		size_t k = next(s + at, &c);
		w += advance(c) * px;
		if (w > width && at > 0)
			return space * 2 > at ? space : at; /* a break far back wastes the line */
		if (c == ' ')
			space = at + 1;
		at += k;
	}
	return at;
}

int svg_wrapped(FILE *out, const char *s, double px, double width, int max, double x, double y,
                double lh)
{
	int lines = 0;
	while (*s && lines < max) {
		size_t n = text_fit(s, px, width), k = n;
		int cut = lines == max - 1 && s[n];
		if (cut)
			n = k = text_fit(s, px, width - text_width("…", px));
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (out) {
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", x, y + lines * lh);
			svg_text_n(out, s, n);
			fprintf(out, "%s</text>\n", cut ? "…" : "");
		}
		lines++;
		s += k;
		while (*s == ' ')
			s++;
	}
	return lines;
}

int chart_is_png(const char *path)
{
	size_t n = strlen(path);
	return n > 4 && strcasecmp(path + n - 4, ".png") == 0;
}

int chart_write(const char *path, int width, int height, void (*draw)(FILE *out, const void *arg),
                const void *arg)
{
	struct outfile o;
	char *svg = NULL, why[512];
	size_t len = 0;
	FILE *mem;
	int rc;
	if (!chart_is_png(path)) {
		if ((rc = out_file_open(path, &o)))
			return rc;
		draw(o.f, arg);
		return out_file_close(&o, 1);
	}
	/* the SVG drawn in memory, then rendered into the file */
	if (!(mem = open_memstream(&svg, &len))) {
		fprintf(stderr, "tsq: out of memory\n");
		return EXIT_STORE;
	}
	draw(mem, arg);
	if (fclose(mem)) {
		free(svg);
		fprintf(stderr, "tsq: out of memory\n");
		return EXIT_STORE;
	}
	if ((rc = out_file_open(path, &o))) {
		free(svg);
		return rc;
	}
	if (png_render(svg, len, width, height, o.f, why, sizeof why)) {
		fprintf(stderr, "tsq: cannot write %s: %s\n", path, why);
		free(svg);
		out_file_close(&o, 0);
		return EXIT_STORE;
	}
	free(svg);
	return out_file_close(&o, 1);
}
