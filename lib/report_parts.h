/* report_parts.h — pieces the writers of report*.c share (report_parts.c):
 * the summary's dimensions and item sections with their names in both
 * languages, padding to a width, fields put as text, HTML or JSON, the
 * series of a trend. For report*.c only.
 *
 * Ownership: jv parameters are borrowed; output is appended to b.
 */
#ifndef IV_REPORT_PARTS_H
#define IV_REPORT_PARTS_H

#include <stddef.h>
#include <jv.h>

#include "buf.h"

#define BAR_CELLS 20
#define TREE_BAR_CELLS 10

/* The summary's dimension scores, in the order shown. */
struct report_dim {
	const char *key, *en, *zh;
};
extern const struct report_dim dims[6];
#define NDIMS ((int)(sizeof dims / sizeof dims[0]))

/* The summary's lists of items, in the order shown. */
extern const char *const item_sections[3];

/* "high", "medium", "low" in lang. */
const char *prio_name(const char *p, const char *lang);
/* s, then spaces up to width columns. */
void pad(iv_buf *b, const char *s, size_t width);
/* obj[key] as a string ("" when it is not one), appended. */
void put(iv_buf *b, jv obj, const char *key);
/* The same, HTML-escaped. */
void put_html(iv_buf *b, jv obj, const char *key);
/* obj[key] is a number. */
int is_num(jv obj, const char *key);
/* " (turns 4, 6)" for an item's turns. */
void turns_note(iv_buf *b, jv item, const char *lang);
/* The value of a trend row's series s (0: overall, then dims). */
double series_value(jv row, int s);
/* Series s's name in lang. */
const char *series_name(int s, const char *lang);
/* v as one line of JSON. */
void put_json(iv_buf *b, jv v);
/* The heading of an item section ("strengths", ...) in lang. */
const char *section_title(const char *key, const char *lang);

#endif
