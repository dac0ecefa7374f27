/* report.h — what the user reads after interviews: a session's report,
 * the learning plan, the skill tree and progress across rounds, as text
 * (terminal charts, chart.h), Markdown, JSON or one self-contained HTML
 * file (inline CSS and SVG, nothing loaded from anywhere, printable).
 *
 * Data first, then rendering: the iv_*_data functions read the store
 * (never writing it) and return new jv values; the writers render a
 * borrowed value into a buffer.
 *
 * This header brings the whole of it: report_format.h (the formats),
 * report_data.h (reading the store), report_plan.h, report_skills.h and
 * report_progress.h (those views); report.c writes a session's report with
 * them, report_parts.h holding the pieces the writers share.
 */
#ifndef IV_REPORT_H
#define IV_REPORT_H

#include <sqlite3.h>
#include <jv.h>

#include "buf.h"
#include "chart.h"
#include "report_data.h"
#include "report_format.h"
#include "report_plan.h"
#include "report_progress.h"
#include "report_skills.h"

/* A session's report (iv_report_data's value, borrowed) appended to out. */
void iv_report_write(iv_buf *out, jv report, int format, const iv_chart_style *st);
/* The style sheet of the HTML pages, for other pages to look the same. */
const char *iv_report_css(void);

#endif
