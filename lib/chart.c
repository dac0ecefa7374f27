#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "chart.h"

/* The locale's character set from the environment, as setlocale would
 * pick it: LC_ALL, else LC_CTYPE, else LANG. */
static int
utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strcasestr(v, "utf-8") || strcasestr(v, "utf8");
	}
	return 0;
}

iv_chart_style
iv_chart_style_for(FILE *f, int force_unicode)
{
	iv_chart_style st = { 0, 0 };
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int tty = isatty(fileno(f));

	if (tty && !(nc && *nc) && utf8_locale()) {
		st.unicode = 1;
		st.color = !(term && !strcmp(term, "dumb"));
	}
	if (force_unicode)
		st.unicode = 1;
	return st;
}

void
iv_chart_paint(iv_buf *b, const iv_chart_style *st, int color, const char *text)
{
	static const char *const codes[] = { "", "32", "31", "33", "2", "1" };

	if (!st->color || color <= IV_COLOR_NONE || color > IV_COLOR_BOLD) {
		iv_buf_puts(b, text);
		return;
	}
	iv_buf_printf(b, "\033[%sm%s\033[0m", codes[color], text);
}

static double
clamp(double v, double lo, double hi)
{
	return isnan(v) ? lo : v < lo ? lo : v > hi ? hi : v;
}

void
iv_chart_bar(iv_buf *b, const iv_chart_style *st, double v, double max, int width)
{
	static const char *const eighths[] = { "", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589" };
	int units = (int)lround(clamp(v, 0, max) / max * width * 8), full = units / 8, part = units % 8, i;
	iv_buf bar = IV_BUF_INIT, rest = IV_BUF_INIT;

	for (i = 0; i < full; i++)
		iv_buf_puts(&bar, st->unicode ? "\u2588" : "#");
	if (part && st->unicode) {
		iv_buf_puts(&bar, eighths[part]);
		i++;
	}
	for (; i < width; i++)
		iv_buf_puts(&rest, st->unicode ? "\u2591" : ".");
	iv_chart_paint(b, st, IV_COLOR_NONE, bar.s ? bar.s : "");
	iv_chart_paint(b, st, IV_COLOR_DIM, rest.s ? rest.s : "");
	iv_buf_free(&bar);
	iv_buf_free(&rest);
}

void
iv_chart_spark(iv_buf *b, const iv_chart_style *st, const double *v, int n, double lo, double hi)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.,-=+*#";

	for (int i = 0; i < n; i++) {
		int k;

		if (isnan(v[i])) {
			iv_buf_putc(b, ' ');
			continue;
		}
		k = hi > lo ? (int)lround((clamp(v[i], lo, hi) - lo) / (hi - lo) * 7) : 7;
		if (st->unicode)
			iv_buf_puts(b, blocks[k]);
		else
			iv_buf_putc(b, ascii[k]);
	}
}

void
iv_chart_change(iv_buf *b, const iv_chart_style *st, double change, int has, const char *word)
{
	char s[32];

	if (!has) {
		iv_chart_paint(b, st, IV_COLOR_DIM, word);
		return;
	}
	change = round(change * 10) / 10;
	snprintf(s, sizeof s, change > 0 ? "+%.1f" : "%.1f", change == 0 ? 0.0 : change);
	iv_chart_paint(b, st, change > 0 ? IV_COLOR_GOOD : change < 0 ? IV_COLOR_BAD : IV_COLOR_NONE, s);
}

const char *
iv_chart_branch(const iv_chart_style *st, int last)
{
	if (st->unicode)
		return last ? "\u2514\u2500 " : "\u251c\u2500 ";
	return last ? "`- " : "|- ";
}

const char *
iv_chart_pipe(const iv_chart_style *st, int open)
{
	if (!open)
		return "   ";
	return st->unicode ? "\u2502  " : "|  ";
}

/* --- HTML and SVG --- */

void
iv_html_escape(iv_buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': iv_buf_puts(b, "&amp;"); break;
		case '<': iv_buf_puts(b, "&lt;"); break;
		case '>': iv_buf_puts(b, "&gt;"); break;
		case '"': iv_buf_puts(b, "&quot;"); break;
		case '\'': iv_buf_puts(b, "&#39;"); break;
		default: iv_buf_putc(b, *s);
		}
}

const char *
iv_svg_color(int i)
{
	static const char *const palette[] = { "#2563eb", "#16a34a", "#ea580c", "#9333ea", "#dc2626", "#0891b2",
						"#ca8a04" };

	return palette[(unsigned)i % (sizeof palette / sizeof palette[0])];
}

void
iv_svg_hbars(iv_buf *b, const char *const *labels, const double *values, int n, double max, int width)
{
	const int row = 28, label_w = 190, value_w = 44;
	int bar_w = width - label_w - value_w;

	iv_buf_printf(b, "<svg class=\"chart bars\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
		      width, n * row + 4, width, n * row + 4);
	for (int i = 0; i < n; i++) {
		double v = clamp(values[i], 0, max);
		int y = i * row + 4;

		iv_buf_printf(b, "<text x=\"0\" y=\"%d\" class=\"label\">", y + 15);
		iv_html_escape(b, labels[i]);
		iv_buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" rx=\"3\" fill=\"%s\"/>",
			      label_w, y, bar_w, IV_SVG_TRACK_COLOR);
		if (!isnan(values[i]))
			iv_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"%s\"/>"
				      "<text x=\"%d\" y=\"%d\" class=\"value\">%.1f</text>",
				      label_w, y, bar_w * v / max, IV_SVG_BAR_COLOR, label_w + bar_w + 8, y + 15, values[i]);
		else
			iv_buf_printf(b, "<text x=\"%d\" y=\"%d\" class=\"value\">-</text>", label_w + bar_w + 8, y + 15);
	}
	iv_buf_puts(b, "</svg>");
}

void
iv_svg_meter(iv_buf *b, double v, double max, int width)
{
	iv_buf_printf(b, "<svg class=\"meter\" width=\"%d\" height=\"12\" viewBox=\"0 0 %d 12\">"
		      "<rect width=\"%d\" height=\"12\" rx=\"2\" fill=\"%s\"/>"
		      "<rect width=\"%.1f\" height=\"12\" rx=\"2\" fill=\"%s\"/></svg>",
		      width, width, width, IV_SVG_TRACK_COLOR, width * clamp(v, 0, max) / max, IV_SVG_BAR_COLOR);
}

void
iv_svg_lines(iv_buf *b, const char *const *xlabels, int n, const double *const *series,
	     const char *const *names, int nseries, double max, int width, int height)
{
	const int left = 48, right = 40, top = 12, legend = 22 * ((nseries + 2) / 3), bottom = 28 + legend;
	double pw = width - left - right, ph = height - top - bottom;

	iv_buf_printf(b, "<svg class=\"chart lines\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
		      width, height, width, height);
	/* The grid: 0, 2, ..., max. */
	for (int g = 0; g <= (int)max; g += 2) {
		double y = top + ph - ph * g / max;

		iv_buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
			      "<text x=\"%d\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%d</text>",
			      left, y, left + pw, y, IV_SVG_TRACK_COLOR, left - 6, y + 4, g);
	}
	for (int i = 0; i < n; i++) {
		double x = n > 1 ? left + pw * i / (n - 1) : left + pw / 2;

		iv_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">", x, top + ph + 18);
		iv_html_escape(b, xlabels[i]);
		iv_buf_puts(b, "</text>");
	}
	/* The first series is drawn last, on top of the others. */
	for (int s = nseries - 1; s >= 0; s--) {
		const char *color = iv_svg_color(s);
		int started = 0;

		iv_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%d\" points=\"", color,
			      s == 0 ? 4 : 2);
		for (int i = 0; i < n; i++) {
			double x = n > 1 ? left + pw * i / (n - 1) : left + pw / 2;

			if (isnan(series[s][i]))
				continue;
			iv_buf_printf(b, "%s%.1f,%.1f", started++ ? " " : "", x, top + ph - ph * clamp(series[s][i], 0, max) / max);
		}
		iv_buf_puts(b, "\"/>");
		for (int i = 0; i < n; i++) {
			double x = n > 1 ? left + pw * i / (n - 1) : left + pw / 2;

			if (!isnan(series[s][i]))
				iv_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"/>", x,
					      top + ph - ph * clamp(series[s][i], 0, max) / max, s == 0 ? 6 : 4, color);
		}
	}
	for (int s = 0; s < nseries; s++) {
		double x = left + (pw / 3) * (s % 3), y = top + ph + 36 + 22 * (s / 3);

		iv_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>"
			      "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\">", x, y - 11, iv_svg_color(s), x + 20, y);
		iv_html_escape(b, names[s]);
		iv_buf_puts(b, "</text>");
	}
	iv_buf_puts(b, "</svg>");
}
