/* png.h — an SVG rendered to PNG through librsvg and cairo, loaded when a
 * PNG is asked for (tsq stays a static program; Debian ships librsvg
 * shared only). */
#ifndef TSQ_PNG_H
#define TSQ_PNG_H

#include <stddef.h>
#include <stdio.h>

/* Renders the SVG document svg (len bytes, width by height CSS pixels) as a
 * PNG of twice those pixels, for sharp text on any screen, written to out.
 * Returns 0, or -1 with why in err. */
int png_render(const char *svg, size_t len, int width, int height, FILE *out, char *err,
               size_t errsize);

#endif
