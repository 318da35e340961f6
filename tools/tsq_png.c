/* tsq_png.c — tsq-png WIDTH HEIGHT: reads an SVG on standard input and
 * writes it as a PNG of twice WIDTH by HEIGHT pixels (sharp on any screen)
 * on standard output, through librsvg and cairo. tsq plot -o FILE.png runs
 * it; tsq itself is static and cannot load librsvg. Status 1 on bad
 * arguments, 2 on an SVG librsvg refuses, 3 on a failed write. */
#include <librsvg/rsvg.h>
#include <stdio.h>
#include <stdlib.h>

static cairo_status_t put(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	return fwrite(data, 1, length, stdout) == length ? CAIRO_STATUS_SUCCESS
	                                                 : CAIRO_STATUS_WRITE_ERROR;
}

int main(int argc, char **argv)
{
	char *svg = NULL;
	size_t len = 0, cap = 0, k;
	int width = argc == 3 ? atoi(argv[1]) : 0, height = argc == 3 ? atoi(argv[2]) : 0, rc = 2;
	GError *e = NULL;
	RsvgHandle *h;
	cairo_surface_t *s;
	cairo_t *cr;

	if (width <= 0 || height <= 0 || width > 20000 || height > 20000) {
		fprintf(stderr, "usage: tsq-png WIDTH HEIGHT <chart.svg >chart.png\n");
		return 1;
	}
	do {
		if (len == cap) {
			char *m = realloc(svg, cap = cap ? cap * 2 : 1 << 16);
			if (!m) {
				fprintf(stderr, "tsq-png: out of memory\n");
				return 3;
			}
			svg = m;
		}
		k = fread(svg + len, 1, cap - len, stdin);
		len += k;
	} while (k);
	if (!(h = rsvg_handle_new_from_data((const guint8 *)svg, len, &e))) {
		fprintf(stderr, "tsq-png: %s\n", e ? e->message : "not an SVG");
		return 2;
	}
	RsvgRectangle view = {0, 0, width, height};
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 2 * width, 2 * height);
	cr = cairo_create(s);
	cairo_scale(cr, 2, 2);
	if (!rsvg_handle_render_document(h, cr, &view, &e) ||
	    cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		fprintf(stderr, "tsq-png: %s\n", e ? e->message : "cairo failed");
	else if (cairo_surface_write_to_png_stream(s, put, NULL) != CAIRO_STATUS_SUCCESS ||
	         fflush(stdout))
		rc = 3, fprintf(stderr, "tsq-png: writing the PNG failed\n");
	else
		rc = 0;
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(h);
	free(svg);
	return rc;
}
