#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

int
iv_parse_time(const char *s, time_t *t)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char sep;

	if (!s)
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	s += 10;
	if (*s) {
		sep = *s++;
		if (sep != 'T' && sep != ' ')
			return -1;
		n = 0;
		if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		s += 5;
		if (*s == ':') {
			n = 0;
			if (sscanf(s, ":%2d%n", &sec, &n) != 1 || n != 3)
				return -1;
			s += 3;
			if (*s == '.')	/* fractions of a second are ignored */
				for (s++; *s >= '0' && *s <= '9'; s++)
					;
		}
		if (*s == 'Z')
			s++;
		if (*s)
			return -1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = timegm(&tm);
	return 0;
}

time_t
iv_now_t(void)
{
	const char *fixed = getenv("IV_NOW");
	time_t t;

	if (fixed && *fixed && iv_parse_time(fixed, &t) == 0)
		return t;
	return time(NULL);
}

char *
iv_fmt_time(time_t t, char *out)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

const char *
iv_now(void)
{
	static _Thread_local char buf[32];	/* iv-serve calls it from several threads */

	return iv_fmt_time(iv_now_t(), buf);
}
