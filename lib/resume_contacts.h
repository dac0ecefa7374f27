/* resume_contacts.h — contacts (resume_contacts.c): phone numbers, email
 * addresses, URLs and the profiles they are on, cities and countries.
 */
#ifndef IV_RESUME_CONTACTS_H
#define IV_RESUME_CONTACTS_H

#include <stddef.h>
#include <jv.h>

/* The first phone number in s: returns its length and sets *at, or 0.
 * labeled: the text is known to hold a phone number, so any 7 to 15 digit
 * number counts; otherwise it must look like one (+86 138 0013 8000,
 * 138-0013-8000, (415) 555-0132, +44 20 7946 0958). */
size_t iv_phone_find(const char *s, int labeled, size_t *at);
/* {city, region, countryCode} when s names a known city ("Shanghai",
 * "上海", "San Francisco, CA", "Remote") or a place in a known country or
 * region ("Leiden, Netherlands", "Austin, TX"), else jv_null(). */
jv iv_city(const char *s);
/* Nonzero when s names a country or a region alone ("Germany",
 * "Karnataka", "WA"). */
int iv_region_name(const char *s);
/* parts (consumed, a line's parts) with a place and the region after it
 * joined back into one ("Valencia", "Spain" -> "Valencia, Spain"). */
jv iv_join_places(jv parts);

/* ---- for the parser's modules ---- */

int rp_email_char(char c);
char *rp_find_email(const char *s);	/* the first email address in s, or NULL */
int rp_url_char(const char *p);
/* The first URL in s ("https://...", "www....", "github.com/..."), with a
 * scheme, or NULL. */
char *rp_find_url(const char *s);
/* A site without a scheme ("lukasbecker.de"), with https://, or NULL. */
char *rp_find_site(const char *s);
/* {network, username, url} when url is on a known network, else null. */
jv rp_profile_of(const char *url);

#endif
