/* report_progress.h — scores across rounds (iv_progress_data's value) as
 * a text chart, Markdown, JSON or SVG (report_progress.c). The value is borrowed; output is appended to out.
 */
#ifndef IV_REPORT_PROGRESS_H
#define IV_REPORT_PROGRESS_H

#include <jv.h>

#include "buf.h"
#include "chart.h"
#include "report_format.h"

void iv_progress_write(iv_buf *out, jv trend, int format, const iv_chart_style *st, const char *lang);

/* ---- the parts, for report.c's session report ---- */

void progress_text(iv_buf *o, jv trend, const iv_chart_style *st, const char *lang);
void progress_md(iv_buf *o, jv trend, const char *lang);
void progress_svg(iv_buf *o, jv trend, const char *lang);

#endif
