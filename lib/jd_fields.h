/* jd_fields.h — the job schema's fields read from a posting's words
 * (jd_fields.c): how remote, where, when, how senior, what kind of job and
 * pay. jd.h builds on these; so may anyone reading dates or places.
 *
 * Ownership: every jv returned is new.
 */
#ifndef IV_JD_FIELDS_H
#define IV_JD_FIELDS_H

#include <stddef.h>
#include <jv.h>

/* How remote a job is by text ("hybrid", "远程", "on-site", "不支持远程"):
 * "Full", "Hybrid", "None", or NULL when it does not say. */
const char *iv_jd_remote(const char *s);
/* A job-schema location for the text of a location line ("Shanghai",
 * "上海/北京", "San Francisco, CA (hybrid)"): {address: the text, and city,
 * region, countryCode when a known city is in it}. */
jv iv_jd_location(const char *text);
/* A date at the start of s ("2026-11-20", "2026/11/20", "2026年11月20日",
 * "Nov 20, 2026", "2026.11"): writes ISO 8601 to out and returns the bytes
 * read, or 0. */
size_t iv_jd_date(const char *s, char out[11]);
/* t is an employment type ("全职", "full-time", "internship", ...). */
int iv_jd_is_type(const char *t);
/* t is a salary ("20-40K", "30万/年", "$150k"). */
int iv_jd_is_salary(const char *t);
/* t is nothing but a word for how remote the job is ("hybrid", "远程"). */
int iv_jd_remote_word(const char *t);
/* iv_city's object for t when t is a city, not "Remote"; else null. */
jv iv_jd_city_in(const char *t);
/* "Senior", "Mid-level" or "Junior" from the title (or the type, for an
 * internship), else from the years asked for (-1: none); NULL when
 * nothing says. */
const char *iv_jd_level(const char *title, const char *type, int years);

#endif
