/* resume_lines.h — lines of resume text (resume_lines.c): splitting text
 * into clean lines (two-column layouts one column after the other), lists
 * and header lines into pieces, and the small string helpers the parser's
 * modules share (rp_*: for resume_*.c only).
 *
 * Ownership: jv parameters marked "borrowed" stay the caller's, "consumed"
 * are freed; every jv returned is new; char * returned is malloc'd.
 */
#ifndef IV_RESUME_LINES_H
#define IV_RESUME_LINES_H

#include <stddef.h>
#include <jv.h>

#include "resume_chars.h"

enum {
	IV_RESUME_LAYOUT = 1,	/* text from pdftotext -layout: look for two columns */
};

/* The ':' or '：' in the first within bytes of s ("Skills: ...",
 * "技术栈：..."), or NULL; *value (when not NULL) gets what follows it,
 * spaces skipped. */
const char *iv_key_colon(const char *s, size_t within, const char **value);
/* s past ASCII spaces, tabs and U+3000. */
const char *iv_skip_space(const char *s);
/* Nonzero when s holds one of words (NULL-terminated): ASCII words
 * case-insensitively on word boundaries, others (CJK) anywhere. */
int iv_has_word(const char *s, const char *const *words);
/* The text after a bullet ("- ", "• ", "1. ", "1、", "（1）") or NULL. */
const char *iv_after_bullet(const char *s);
/* Split text into lines: a new array of strings, markdown emphasis, links
 * and table bars removed; with IV_RESUME_LAYOUT two-column pages become
 * one column after the other. */
jv iv_text_lines(const char *text, int flags);
/* Split s on any of seps (NULL-terminated) into a new array of trimmed,
 * non-empty pieces; with parens, not inside parentheses. */
jv iv_split_on(const char *s, const char *const *seps, int parens);
/* Split a list ("Python, Go、SQL; Redis") into a new array of trimmed
 * items; commas inside parentheses do not split. */
jv iv_split_list(const char *s);
/* The parts of a header line ("AI Engineer — Acme AI (Shanghai)",
 * "复旦大学 计算机 硕士"): a new array of trimmed strings. */
jv iv_line_parts(const char *s);

/* ---- for the parser's modules ---- */

char *rp_trimdup(const char *s, size_t n);	/* s[0..n) without surrounding spaces */
/* An ASCII word on word boundaries, case-insensitively; anything else
 * (CJK) anywhere. */
const char *rp_find_word(const char *s, const char *w);
int rp_has_any(const char *s, const char *const *words);
int rp_has_cjk(const char *s);
int rp_cjk_at(const char *p);	/* a CJK character at p */
int rp_cjk_before(const char *s, const char *p);	/* one ending just before p in s */
size_t rp_display_width(const char *s);
jv rp_jstr_or_null(const char *s);
/* obj (consumed) with key set to s when s is not empty. */
jv rp_set_str(jv obj, const char *key, const char *s);
int rp_arr_len(jv a);	/* a borrowed; 0 when not an array */
/* obj (consumed) with key set to arr (consumed) when it has items. */
jv rp_set_nonempty(jv obj, const char *key, jv arr);
/* The strings of arr (borrowed) joined by sep. */
char *rp_join_lines(jv arr, const char *sep);

#endif
