/* report_progress.c — scores across rounds as text, Markdown, JSON or
 * SVG (report_progress.h). */
#include <math.h>
#include <stdlib.h>

#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "report_parts.h"
#include "report_progress.h"

/* --- progress --- */

void
progress_text(iv_buf *o, jv trend, const iv_chart_style *st, const char *lang)
{
	int n = jv_array_length(jv_copy(trend));
	double *v = iv_xcalloc((size_t)(n ? n : 1), sizeof *v);

	if (n == 0) {
		iv_buf_puts(o, iv_tr(lang, "No completed interviews yet.\n", "还没有完成的面试。\n"));
		free(v);
		return;
	}
	for (int s = 0; s <= NDIMS; s++) {
		double first = NAN, last = NAN;

		for (int i = 0; i < n; i++) {
			jv row = jv_array_get(jv_copy(trend), i);

			v[i] = series_value(row, s);
			if (!isnan(v[i])) {
				if (isnan(first))
					first = v[i];
				last = v[i];
			}
			jv_free(row);
		}
		iv_buf_puts(o, "  ");
		pad(o, series_name(s, lang), 20);
		iv_chart_spark(o, st, v, n, 0, 10);
		iv_buf_puts(o, "  ");
		if (isnan(last)) {
			iv_buf_puts(o, "-\n");
			continue;
		}
		if (n > 1 && !isnan(first)) {
			iv_buf_printf(o, "%4.1f -> %4.1f  ", first, last);
			iv_chart_change(o, st, last - first, 1, "");
		} else {
			iv_buf_printf(o, "%4.1f", last);
		}
		iv_buf_putc(o, '\n');
	}
	iv_buf_putc(o, '\n');
	iv_buf_printf(o, "  %s  %-10s  %s\n", iv_tr(lang, "Round", " 轮次"), iv_tr(lang, "Date", "日期"),
		      series_name(0, lang));
	jv_array_foreach(trend, i, row) {
		jv date = iv_jget(row, "date");

		iv_buf_printf(o, "  %5.0f  %-10s  ", iv_jnum(row, "round", 0), iv_jstr(date));
		if (is_num(row, "overall_score")) {
			iv_chart_bar(o, st, iv_jnum(row, "overall_score", 0), 10, BAR_CELLS);
			iv_buf_printf(o, " %4.1f\n", iv_jnum(row, "overall_score", 0));
		} else {
			iv_buf_puts(o, "-\n");
		}
		jv_free(date);
		jv_free(row);
	}
	free(v);
}

void
progress_md(iv_buf *o, jv trend, const char *lang)
{
	if (jv_array_length(jv_copy(trend)) == 0) {
		iv_buf_puts(o, iv_tr(lang, "No completed interviews yet.\n", "还没有完成的面试。\n"));
		return;
	}
	iv_buf_printf(o, "| %s | %s |", iv_tr(lang, "Round", "轮次"), iv_tr(lang, "Date", "日期"));
	for (int s = 0; s <= NDIMS; s++)
		iv_buf_printf(o, " %s |", series_name(s, lang));
	iv_buf_puts(o, "\n|---|---|");
	for (int s = 0; s <= NDIMS; s++)
		iv_buf_puts(o, "---:|");
	iv_buf_putc(o, '\n');
	jv_array_foreach(trend, i, row) {
		iv_buf_printf(o, "| %.0f | ", iv_jnum(row, "round", 0));
		put(o, row, "date");
		iv_buf_puts(o, " |");
		for (int s = 0; s <= NDIMS; s++) {
			double v = series_value(row, s);

			if (isnan(v))
				iv_buf_puts(o, " - |");
			else
				iv_buf_printf(o, " %.1f |", v);
		}
		iv_buf_putc(o, '\n');
		jv_free(row);
	}
}

void
progress_svg(iv_buf *o, jv trend, const char *lang)
{
	int n = jv_array_length(jv_copy(trend));
	double *vals = iv_xcalloc((size_t)(n ? n : 1) * (NDIMS + 1), sizeof *vals);
	const double *series[NDIMS + 1];
	const char *names[NDIMS + 1];
	char **labels = iv_xcalloc((size_t)(n ? n : 1), sizeof *labels);

	for (int s = 0; s <= NDIMS; s++) {
		series[s] = vals + (size_t)s * (size_t)n;
		names[s] = series_name(s, lang);
	}
	jv_array_foreach(trend, i, row) {
		labels[i] = iv_xasprintf(iv_tr(lang, "Round %.0f", "第%.0f轮"), iv_jnum(row, "round", 0));
		for (int s = 0; s <= NDIMS; s++)
			vals[(size_t)s * (size_t)n + (size_t)i] = series_value(row, s);
		jv_free(row);
	}
	iv_svg_lines(o, (const char *const *)labels, n, series, names, NDIMS + 1, 10, 860, 340);
	for (int i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(vals);
}

void
iv_progress_write(iv_buf *o, jv trend, int format, const iv_chart_style *st, const char *lang)
{
	switch (format) {
	case IV_FMT_JSON:
		put_json(o, trend);
		break;
	case IV_FMT_MD:
		iv_buf_printf(o, "# %s\n\n", iv_tr(lang, "Progress", "进步曲线"));
		progress_md(o, trend, lang);
		break;
	case IV_FMT_HTML:
		progress_svg(o, trend, lang);
		break;
	default:
		iv_buf_printf(o, iv_tr(lang, "Scores across completed interviews: %d\n", "已完成面试的得分：%d次\n"),
			      jv_array_length(jv_copy(trend)));
		progress_text(o, trend, st, lang);
	}
}
