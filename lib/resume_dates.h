/* resume_dates.h — dates in resumes (resume_dates.c): "2020.01",
 * "01/2020", "Jan 2020", "2020年1月", "2019.07-至今", "Present" ... read
 * into ISO 8601 ("2020-01", "2020"); a current end is "present" here and
 * becomes a missing endDate in the parse.
 */
#ifndef IV_RESUME_DATES_H
#define IV_RESUME_DATES_H

#include <stddef.h>
#include <jv.h>

/* A date at the start of s: writes "YYYY-MM", "YYYY" or "present" to out
 * (at least 12 bytes) and returns the bytes it takes, or 0. */
size_t iv_date_at(const char *s, char out[12]);
/* The first date or date range in s: returns 0 (none), 1 (one date, in
 * start) or 2 (a range); [*from, *to) is its span in s. */
int iv_date_range(const char *s, char start[12], char end[12], size_t *from, size_t *to);
/* resume (consumed) with the dates of its entries in ISO 8601 ("Jan 2020"
 * -> "2020-01"; a full "2020-01-15" kept) and a current end ("present",
 * "至今") taken out, as JSON Resume has it; what is no date stays. */
jv iv_resume_iso_dates(jv resume);

/* ---- for the parser's modules ---- */

int rp_year_at(const char *s);	/* a year 1950..2099 at s, or -1 */
/* A date as months since year 0: "2021-09", "2021-09-01", "2021" (its
 * first or last month); "present", NULL or "" are now (clock.h); -1 when
 * it is none of these. */
int rp_month_index(const char *s, int is_end);

#endif
