/* report_plan.h — the learning plan (plan.h's object) as text, Markdown,
 * JSON or HTML (report_plan.c). The value is borrowed; output is appended to out.
 */
#ifndef IV_REPORT_PLAN_H
#define IV_REPORT_PLAN_H

#include <jv.h>

#include "buf.h"
#include "chart.h"
#include "report_format.h"

void iv_plan_write(iv_buf *out, jv plan, int format, const iv_chart_style *st, const char *lang);

/* ---- the parts, for report.c's session report ---- */

/* The plan's title line; md is its heading level in Markdown, 0 in text. */
void plan_head(iv_buf *o, jv plan, const char *lang, int md);
/* The plan's body as text, or as Markdown under a heading of level md. */
void plan_body(iv_buf *o, jv plan, const char *lang, int md);

#endif
