/* chart.h — charts for the terminal (bars, sparklines, score changes, tree
 * branches) and for HTML (inline SVG), with no dependencies.
 *
 * On a terminal with a UTF-8 locale the terminal charts use Unicode block
 * characters and colour; when NO_COLOR is set, or the output is not a
 * terminal, or the locale is not UTF-8, they are plain ASCII without
 * colour, so what a pipe or a file receives is always plain text.
 */
#ifndef IV_CHART_H
#define IV_CHART_H

#include <stdio.h>

#include "buf.h"

typedef struct {
	int unicode;	/* block characters and box drawing, else ASCII */
	int color;	/* ANSI colours */
} iv_chart_style;

/* The style for output to f. force_unicode (an option such as --unicode)
 * asks for block characters anyway; colour still needs a terminal. */
iv_chart_style iv_chart_style_for(FILE *f, int force_unicode);

enum { IV_COLOR_NONE, IV_COLOR_GOOD, IV_COLOR_BAD, IV_COLOR_WARN, IV_COLOR_DIM, IV_COLOR_BOLD };
/* text in a colour (when the style has colour). */
void iv_chart_paint(iv_buf *b, const iv_chart_style *st, int color, const char *text);

/* A bar `width` cells wide for v in [0, max]: "██████▍░░░" (eighths of a
 * cell) or "######...." in ASCII. */
void iv_chart_bar(iv_buf *b, const iv_chart_style *st, double v, double max, int width);
/* One cell per value over [lo, hi]: "▁▃▅█" or "_.-=" style ASCII ("_.,-=+*#"). */
void iv_chart_spark(iv_buf *b, const iv_chart_style *st, const double *v, int n, double lo, double hi);
/* A score change: "+1.5" (good), "-0.5" (bad), "0.0"; with has 0, the word
 * given (such as "new"), dimmed. */
void iv_chart_change(iv_buf *b, const iv_chart_style *st, double change, int has, const char *word);
/* Tree drawing: the branch before a node ("├─ ", "└─ " / "|- ", "`- ")
 * and the column of an ancestor level ("│  " when its line goes on, else
 * spaces). Each is three columns wide. */
const char *iv_chart_branch(const iv_chart_style *st, int last);
const char *iv_chart_pipe(const iv_chart_style *st, int open);

/* HTML and SVG. Text is escaped for both (& < > " '). */
void iv_html_escape(iv_buf *b, const char *s);

/* The colour of series i (cycling through a fixed palette), "#rrggbb". */
const char *iv_svg_color(int i);
#define IV_SVG_BAR_COLOR "#2563eb"
#define IV_SVG_TRACK_COLOR "#e5e7eb"

/* Horizontal bars, one per label, values in [0, max], each labelled with
 * its value; `width` pixels wide. */
void iv_svg_hbars(iv_buf *b, const char *const *labels, const double *values, int n, double max, int width);
/* One small bar (a skill's score) `width` x 12 pixels. */
void iv_svg_meter(iv_buf *b, double v, double max, int width);
/* Lines across rounds: nseries series of n points each (NAN: no point),
 * x labels xlabels, y over [0, max], a legend of names; width x height. */
void iv_svg_lines(iv_buf *b, const char *const *xlabels, int n, const double *const *series,
		  const char *const *names, int nseries, double max, int width, int height);

#endif
