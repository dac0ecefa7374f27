/* report_format.c — the formats the views are written in (report_format.h). */
#include <string.h>

#include "report_format.h"

int
iv_report_format(const char *name)
{
	if (!strcmp(name, "text"))
		return IV_FMT_TEXT;
	if (!strcmp(name, "md") || !strcmp(name, "markdown"))
		return IV_FMT_MD;
	if (!strcmp(name, "json"))
		return IV_FMT_JSON;
	if (!strcmp(name, "html"))
		return IV_FMT_HTML;
	return -1;
}
