/* clock.h — the time as iv stores it: ISO 8601 in UTC, "2026-11-21T09:30:00Z".
 *
 * IV_NOW (an ISO date or date-time) fixes "now", so tests of progress over
 * time, due skills and date filters are reproducible.
 */
#ifndef IV_CLOCK_H
#define IV_CLOCK_H

#include <time.h>

time_t iv_now_t(void);
/* Now as ISO 8601; a buffer of the calling thread, overwritten by its next call. */
const char *iv_now(void);
/* Format t into out (at least 21 bytes). */
char *iv_fmt_time(time_t t, char *out);
/* Accepts YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z] and "YYYY-MM-DD HH:MM[:SS]"
 * (all UTC). Returns 0, or -1 when s is not such a date. */
int iv_parse_time(const char *s, time_t *t);

#endif
