/* report_format.h — the formats the views of report.h are written in
 * (report_format.c).
 */
#ifndef IV_REPORT_FORMAT_H
#define IV_REPORT_FORMAT_H

enum { IV_FMT_TEXT, IV_FMT_MD, IV_FMT_JSON, IV_FMT_HTML };
/* "text", "md" (or "markdown"), "json", "html"; -1 for anything else. */
int iv_report_format(const char *name);

#endif
