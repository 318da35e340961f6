/* chart.h — what tsq plot's SVG is made of: text escaped for XML and
 * wrapped, text widths estimated for layout, value axes with ticks at 1-2-5
 * steps; and writing the file through a temporary one. */
#ifndef TSQ_CHART_H
#define TSQ_CHART_H

#include <stddef.h>
#include <stdio.h>

/* A value axis: ticks lo, lo + step, ... hi, labelled in units of factor
 * (1, or a thousand, million, billion or trillion, named by scale). */
struct axis {
	double lo, hi, step;
	double factor;
	const char *scale; /* "" when factor is 1 */
	int decimals;      /* of every tick label */
};

/* Chooses ticks at a 1-2-5 step that cover [min, max] in about n steps.
 * scaled: labels may be shown in thousands, millions, ... (1) or in 万, 亿
 * (2, for Chinese); amounts only: a percentage or an index is shown as it
 * is (0). */
void axis_make(double min, double max, int n, int scaled, struct axis *a);

/* The number of ticks of a. */
int axis_ticks(const struct axis *a);

/* The value of tick k (0-based). */
double axis_tick(const struct axis *a, int k);

/* Writes v as a tick label of a: divided by the factor, a.decimals
 * decimals, thousands separated ("1,500", "0.25", "-40"). Returns buf. */
char *axis_label(const struct axis *a, double v, char *buf, size_t size);

/* Writes v with the given decimals and thousands separators. Returns buf. */
char *chart_number(double v, int decimals, char *buf, size_t size);

/* Writes UTF-8 text as XML character data or an attribute value: & < > "
 * ' escaped, invalid bytes replaced by U+FFFD, characters XML forbids
 * (most controls) dropped. */
void svg_text(FILE *out, const char *s);

/* The same for the first n bytes of s. */
void svg_text_n(FILE *out, const char *s, size_t n);

/* Writes s as <text> lines at (x, y), (x, y + lh), ... wrapped to width
 * pixels at font size px: at most max lines, the last cut short with an
 * ellipsis. With out NULL only counts. Returns the number of lines. */
int svg_wrapped(FILE *out, const char *s, double px, double width, int max, double x, double y,
                double lh);

/* Writes what draw(out, arg) writes to path ("-": standard output; a PNG
 * when path ends in .png, the SVG rendered at width by height),
 * through a temporary file in the same directory renamed into place once
 * complete, so that a failure never leaves half a file. On failure prints
 * "tsq: cannot write PATH: REASON" and returns EXIT_STORE; else 0. */
int chart_write(const char *path, int width, int height, void (*draw)(FILE *out, const void *arg),
                const void *arg);

/* Whether path names a PNG (.png): chart_write renders the SVG into it. */
int chart_is_png(const char *path);

/* The width of s in pixels at font size px, estimated for a sans-serif face
 * (Chinese characters one em, Latin letters about half). */
double text_width(const char *s, double px);

/* How many bytes of s fit in width pixels at font size px: up to the last
 * space that fits when there is one, else the last whole character; at
 * least one character. The whole of s if it fits. */
size_t text_fit(const char *s, double px, double width);

#endif
