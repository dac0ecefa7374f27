/* report_skills.h — the skill tree (iv_skills_data's value) as text with
 * bars, Markdown, JSON or HTML (report_skills.c). The value is borrowed; output is appended to out.
 */
#ifndef IV_REPORT_SKILLS_H
#define IV_REPORT_SKILLS_H

#include <jv.h>

#include "buf.h"
#include "chart.h"
#include "report_format.h"

void iv_skills_write(iv_buf *out, jv tree, int format, const iv_chart_style *st, const char *lang);

/* ---- the parts, for report.c's session report ---- */

void skills_text(iv_buf *o, jv tree, const iv_chart_style *st, const char *lang);
void skills_md(iv_buf *o, jv tree, const char *lang);
void skills_html(iv_buf *o, jv tree, const char *lang);

#endif
