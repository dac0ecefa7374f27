/* resume_lines.c — lines of resume text (resume_lines.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "resume_dates.h"
#include "resume_lines.h"
#include "utf8.h"
#include "jsonl.h"

/* ---- small text helpers ---- */

/* A malloc'd copy of s[0..n) without surrounding spaces. */
char *
rp_trimdup(const char *s, size_t n)
{
	const char *e = s + n;

	while (s < e) {
		size_t k = rp_space_at(s);

		if (!k || s + k > e)
			break;
		s += k;
	}
	while (e > s) {
		if (e[-1] == ' ' || e[-1] == '\t')
			e--;
		else if (e - s >= 3 && !strncmp(e - 3, "\xe3\x80\x80", 3))
			e -= 3;
		else if (e - s >= 2 && !strncmp(e - 2, "\xc2\xa0", 2))
			e -= 2;
		else
			break;
	}
	return iv_xstrndup(s, (size_t)(e - s));
}

/* Case-insensitive search for an ASCII word on word boundaries, or a plain
 * search for anything else (CJK has no word boundaries). */
const char *
rp_find_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	int ascii = (unsigned char)w[0] < 0x80;

	if (!ascii)
		return strstr(s, w);
	for (const char *p = s; (p = strcasestr(p, w)); p++) {
		int left = p == s || !rp_is_alnum_byte((unsigned char)p[-1]);
		int right = !rp_is_alnum_byte((unsigned char)p[n]) || !isalnum((unsigned char)w[n - 1]);

		if (left && right)
			return p;
	}
	return NULL;
}

int
rp_has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (rp_find_word(s, *words))
			return 1;
	return 0;
}

/* Does s hold any CJK character? */
int
rp_has_cjk(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;

	while (i < n) {
		i += (size_t)iv_utf8_decode(s + i, n - i, &cp);
		if (iv_is_cjk(cp))
			return 1;
	}
	return 0;
}

size_t
rp_display_width(const char *s)
{
	return iv_utf8_width(s);
}

jv
rp_jstr_or_null(const char *s)
{
	return s && *s ? jv_string(s) : jv_null();
}

/* Set key to the string s when s is not empty. */
jv
rp_set_str(jv obj, const char *key, const char *s)
{
	if (s && *s)
		obj = jv_object_set(obj, jv_string(key), jv_string(s));
	return obj;
}

int
rp_arr_len(jv a)
{
	return jv_get_kind(a) == JV_KIND_ARRAY ? jv_array_length(jv_copy(a)) : 0;
}

/* Set key to arr (consumed) when it has items. */
jv
rp_set_nonempty(jv obj, const char *key, jv arr)
{
	if (rp_arr_len(arr))
		return jv_object_set(obj, jv_string(key), arr);
	jv_free(arr);
	return obj;
}

/* Lines of an array joined by sep, as a malloc'd string. */
char *
rp_join_lines(jv arr, const char *sep)
{
	iv_buf b = IV_BUF_INIT;

	jv_array_foreach(arr, i, x) {
		if (i)
			iv_buf_puts(&b, sep);
		iv_buf_puts(&b, iv_jstr(x));
		jv_free(x);
	}
	return iv_buf_take(&b);
}

const char *
iv_key_colon(const char *s, size_t within, const char **value)
{
	for (const char *p = s; *p && (size_t)(p - s) < within; p++)
		if (*p == ':' || !strncmp(p, "：", 3)) {
			if (value)
				*value = rp_skip_space(p + (*p == ':' ? 1 : 3));
			return p;
		}
	return NULL;
}

const char *
iv_skip_space(const char *s)
{
	return rp_skip_space(s);
}

int
iv_has_word(const char *s, const char *const *words)
{
	return rp_has_any(s, words);
}

/* ---- lines ---- */

const char *
iv_after_bullet(const char *s)
{
	static const char *const marks[] = {
		"- ", "* ", "+ ", "\xe2\x80\xa2", "\xc2\xb7", "\xe2\x97\x8f", "\xe2\x97\x8b", "\xe2\x97\xa6",
		"\xe2\x96\xaa", "\xe2\x96\xa0", "\xe2\x96\xa1", "\xe2\x97\x86", "\xe2\x97\x87", "\xe2\x96\xba",
		"\xe2\x96\xb6", "\xe2\x9e\xa2", "\xe2\x9c\x93", "\xe2\x9c\x94", "\xe2\x80\x93 ", "\xef\x82\xb7",
		"\xe2\x9e\xa4", "\xe2\x80\xa3", NULL,
	};
	const char *p = rp_skip_space(s);
	int n, len;

	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);

		if (!strncmp(p, marks[i], k))
			return rp_skip_space(p + k);
	}
	/* ①..⑳ */
	if (!strncmp(p, "\xe2\x91", 2) && (unsigned char)p[2] >= 0xa0 && (unsigned char)p[2] <= 0xb3)
		return rp_skip_space(p + 3);
	if ((n = rp_num_at(p, 1, 2, &len)) >= 0) {
		const char *q = p + len;

		if ((*q == '.' || *q == ')') && (q[1] == ' ' || (unsigned char)q[1] >= 0x80))
			return rp_skip_space(q + 1);
		if (!strncmp(q, "、", 3) || !strncmp(q, "．", 3))
			return rp_skip_space(q + 3);
	}
	if ((*p == '(' || !strncmp(p, "（", 3))) {
		const char *q = p + (*p == '(' ? 1 : 3);

		if (rp_num_at(q, 1, 2, &len) >= 0 && (q[len] == ')' || !strncmp(q + len, "）", 3)))
			return rp_skip_space(q + len + (q[len] == ')' ? 1 : 3));
	}
	return NULL;
}

/* Markdown and layout noise out of one line, into b. */
static void
clean_line(const char *s, iv_buf *b)
{
	const char *p = s;
	size_t n = strlen(s);
	int bars = 0, dashes = 0, other = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '|')
			bars++;
		else if (s[i] == '-' || s[i] == '*' || s[i] == '_' || s[i] == '=' || s[i] == ':')
			dashes++;
		else if (s[i] != ' ' && s[i] != '\t')
			other++;
	}
	if (!other && dashes >= 3)
		return;		/* a rule or a table's separator row */
	p = rp_skip_space(s);
	if (*p == '>' && (p[1] == ' ' || !p[1]))
		p = rp_skip_space(p + 1);
	if (*p == '|' && bars >= 2) {
		p++;
		n = strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '|'))
			n--;
	} else {
		iv_buf_add(b, s, (size_t)(p - s));	/* keep the indent */
		n = strlen(p);
	}
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if ((c == '*' && p[i + 1] == '*') || (c == '_' && p[i + 1] == '_')) {
			i++;
			continue;
		}
		if (c == '`')
			continue;
		if (c == '\\' && i + 1 < n && strchr("-*_#[]()`.!+|", p[i + 1])) {
			iv_buf_putc(b, p[++i]);
			continue;
		}
		if (c == '|' && bars >= 2 && *rp_skip_space(s) == '|') {
			iv_buf_puts(b, " | ");
			continue;
		}
		if (c == '!' && p[i + 1] == '[') {
			const char *close = strstr(p + i, "](");
			const char *end = close ? strchr(close, ')') : NULL;

			if (end && end < p + n) {
				i = (size_t)(end - p);
				continue;
			}
		}
		if (c == '[') {
			const char *close = strstr(p + i, "](");
			const char *end = close ? strchr(close + 2, ')') : NULL;

			if (close && end && end < p + n && !memchr(p + i, '\n', (size_t)(end - (p + i)))) {
				size_t tl = (size_t)(close - (p + i + 1)), ul = (size_t)(end - (close + 2));

				iv_buf_add(b, p + i + 1, tl);
				if (ul && (tl != ul || strncmp(p + i + 1, close + 2, tl))) {
					iv_buf_puts(b, " (");
					iv_buf_add(b, close + 2, ul);
					iv_buf_putc(b, ')');
				}
				i = (size_t)(end - p);
				continue;
			}
		}
		if (c == '\t') {
			iv_buf_puts(b, "    ");
			continue;
		}
		iv_buf_putc(b, c);
	}
}

/* Code points of a line and the byte offset of each. */
struct cps {
	uint32_t *cp;
	size_t *off;
	size_t n;
};

static void
cps_of(const char *s, struct cps *c)
{
	size_t len = strlen(s), i = 0;

	c->cp = iv_xmalloc(sizeof *c->cp * (len + 1));
	c->off = iv_xmalloc(sizeof *c->off * (len + 1));
	c->n = 0;
	while (i < len) {
		c->off[c->n] = i;
		i += (size_t)iv_utf8_decode(s + i, len - i, &c->cp[c->n]);
		c->n++;
	}
	c->off[c->n] = len;
}

static int
date_only(const char *s)
{
	char a[12], b[12];
	size_t from, to;
	const char *rest;

	if (!iv_date_range(s, a, b, &from, &to))
		return 0;
	rest = rp_skip_space(s + to);
	return from == (size_t)(rp_skip_space(s) - s) && !*rest;
}

/* pdftotext -layout puts two columns side by side: find the column where
 * the right one starts (the same character position on many lines, text
 * never crossing it) and give the left column's lines, then the right's.
 * Right-aligned dates in a one-column resume are not a second column. */
static int
split_columns(char **lines, int n, char ***out)
{
	struct cps *c = iv_xcalloc((size_t)n + 1, sizeof *c);
	int *hist = NULL, maxlen = 0, best = -1, nonblank = 0, cross = 0, longer = 0, rights = 0, dates = 0;
	int k = 0;

	for (int i = 0; i < n; i++) {
		cps_of(lines[i], &c[i]);
		if ((int)c[i].n > maxlen)
			maxlen = (int)c[i].n;
	}
	hist = iv_xcalloc((size_t)maxlen + 2, sizeof *hist);
	for (int i = 0; i < n; i++) {
		int run = 0, seen_text = 0, last = -1;

		for (size_t j = 0; j < c[i].n; j++) {
			if (c[i].cp[j] == ' ') {
				run++;
				continue;
			}
			if (run >= 3 && (seen_text || j >= 10) && (int)j != last) {
				hist[j]++;
				last = (int)j;
			}
			run = 0;
			seen_text = 1;
		}
		if (seen_text)
			nonblank++;
	}
	for (int p = 10; p <= maxlen; p++)
		if (best < 0 || hist[p] > hist[best])
			best = p;
	if (best < 0 || hist[best] < 4 || hist[best] * 5 < nonblank)
		goto no;
	for (int i = 0; i < n; i++) {
		if ((int)c[i].n <= best - 2)
			continue;
		longer++;
		if (c[i].cp[best - 1] != ' ' || c[i].cp[best - 2] != ' ') {
			cross++;
			continue;
		}
		if ((int)c[i].n > best && c[i].cp[best] != ' ') {
			rights++;
			dates += date_only(lines[i] + c[i].off[best]);
		}
	}
	if (cross * 10 > longer || rights < 3 || dates * 10 >= rights * 6)
		goto no;
	*out = iv_xcalloc((size_t)(2 * n + 2), sizeof **out);
	for (int i = 0; i < n; i++) {
		int crosses = (int)c[i].n > best - 2 && (c[i].cp[best - 1] != ' ' || c[i].cp[best - 2] != ' ');
		size_t cut = crosses || (int)c[i].n <= best ? strlen(lines[i]) : c[i].off[best];

		(*out)[k++] = iv_xstrndup(lines[i], cut);
	}
	(*out)[k++] = iv_xstrdup("");
	for (int i = 0; i < n; i++) {
		int crosses = (int)c[i].n > best - 2 && (c[i].cp[best - 1] != ' ' || c[i].cp[best - 2] != ' ');

		if (!crosses && (int)c[i].n > best)
			(*out)[k++] = iv_xstrdup(lines[i] + c[i].off[best]);
	}
	for (int i = 0; i < n; i++) {
		free(c[i].cp);
		free(c[i].off);
	}
	free(c);
	free(hist);
	return k;
no:
	for (int i = 0; i < n; i++) {
		free(c[i].cp);
		free(c[i].off);
	}
	free(c);
	free(hist);
	return -1;
}

jv
iv_text_lines(const char *text, int flags)
{
	char **raw = NULL, **cols = NULL;
	int n = 0, nc, cap = 0;
	const char *p = text;
	jv out = jv_array();

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if (n == cap)	/* doubling: one element more each time is quadratic */
			raw = iv_xrealloc(raw, sizeof *raw * (size_t)(cap = cap ? 2 * cap : 64));
		raw[n++] = iv_xstrndup(p, len);
		p = nl ? nl + 1 : p + strlen(p);
	}
	if ((flags & IV_RESUME_LAYOUT) && n > 0 && (nc = split_columns(raw, n, &cols)) >= 0) {
		for (int i = 0; i < n; i++)
			free(raw[i]);
		free(raw);
		raw = cols;
		n = nc;
	}
	for (int i = 0; i < n; i++) {
		iv_buf b = IV_BUF_INIT;

		clean_line(raw[i], &b);
		while (b.len > 0 && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
			b.s[--b.len] = 0;
		out = jv_array_append(out, jv_string(b.s ? b.s : ""));
		iv_buf_free(&b);
		free(raw[i]);
	}
	free(raw);
	return out;
}

jv
iv_split_on(const char *s, const char *const *seps, int parens)
{
	jv out = jv_array();
	const char *start = s, *p = s;
	int depth = 0;

	while (1) {
		size_t k = 0;

		if (parens && (*p == '(' || !strncmp(p, "（", 3)))
			depth++;
		else if (parens && (*p == ')' || !strncmp(p, "）", 3)) && depth > 0)
			depth--;
		for (int i = 0; *p && !depth && seps[i] && !k; i++)
			if (!strncmp(p, seps[i], strlen(seps[i])))
				k = strlen(seps[i]);
		if (!*p || k) {
			char *item = rp_trimdup(start, (size_t)(p - start));

			if (*item)
				out = jv_array_append(out, jv_string(item));
			free(item);
			if (!*p)
				break;
			p += k;
			start = p;
			continue;
		}
		p += (unsigned char)*p < 0x80 ? 1 : (size_t)iv_utf8_decode(p, strlen(p), &(uint32_t){ 0 });
	}
	return out;
}

jv
iv_split_list(const char *s)
{
	static const char *const seps[] = { ",", "，", "、", ";", "；", "|", "｜", " / ", " and ", "及", NULL };
	jv items = iv_split_on(s, seps, 1), out = jv_array();

	/* "Python, SQL." and "...Docker。" end without their stop. */
	jv_array_foreach(items, i, x) {
		char *item = iv_xstrdup(iv_jstr(x));
		size_t len = strlen(item);

		while (len > 0 && (item[len - 1] == '.' || item[len - 1] == ':'))
			item[--len] = 0;
		if (len >= 3 && !strcmp(item + len - 3, "。"))
			item[len - 3] = 0;
		if (*item)
			out = jv_array_append(out, jv_string(item));
		free(item);
		jv_free(x);
	}
	jv_free(items);
	return out;
}


int
rp_cjk_at(const char *p)
{
	uint32_t cp;

	if ((unsigned char)*p < 0x80)
		return 0;
	iv_utf8_decode(p, strlen(p), &cp);
	return iv_is_cjk(cp);
}

/* Is the character that ends just before p (in s) CJK? */
int
rp_cjk_before(const char *s, const char *p)
{
	const char *q = p;

	if (q == s || (unsigned char)q[-1] < 0x80)
		return 0;
	do
		q--;
	while (q > s && ((unsigned char)*q & 0xc0) == 0x80);
	return rp_cjk_at(q);
}

/* Split a header line into its parts: " | ", "｜", " — ", " - ", ",", "，",
 * "、", " · ", "@", " at ", tabs, runs of spaces, and parentheses. */
jv
iv_line_parts(const char *s)
{
	static const char *const seps[] = {
		" | ", "|", "｜", "丨", " — ", " – ", " - ", "——", "—", ",", "，", "、", " · ", " • ", "•", " @ ",
		"@ ", " at ", "\t", "   ", "  ", " / ", "(", ")", "（", "）", "/ ", "\xe3\x80\x80", NULL,
	};
	static const char *const suffix[] = { "Inc.", "Inc", "Ltd.", "Ltd", "LLC", "Co.", "Corp.", "Corp", "GmbH", NULL };
	jv out = jv_array();
	const char *start = s, *p = s;

	while (1) {
		size_t k = 0;

		if (*p)
			for (int i = 0; seps[i]; i++)
				if (!strncmp(p, seps[i], strlen(seps[i]))) {
					k = strlen(seps[i]);
					break;
				}
		/* Chinese has no spaces inside words: one between two CJK
		 * characters separates ("复旦大学 计算机科学与技术"). */
		if (!k && *p == ' ' && p > s && rp_cjk_before(s, p) && rp_cjk_at(p + 1))
			k = 1;
		/* "@" inside an email address is not a separator. */
		if (k && !strncmp(p, "@ ", 2) && p > s && p[-1] != ' ')
			k = 0;
		/* Neither is a comma between digits ("1,000"). */
		if (k == 1 && *p == ',' && p > s && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
			k = 0;
		if (!*p || k) {
			char *item = rp_trimdup(start, (size_t)(p - start));

			if (*item) {
				int n = jv_array_length(jv_copy(out)), merged = 0;

				for (int i = 0; suffix[i] && n > 0; i++)
					if (!strcasecmp(item, suffix[i])) {
						jv prev = jv_array_get(jv_copy(out), n - 1);
						char *joined = iv_xasprintf("%s, %s", iv_jstr(prev), item);

						out = jv_array_set(out, n - 1, jv_string(joined));
						free(joined);
						jv_free(prev);
						merged = 1;
						break;
					}
				if (!merged)
					out = jv_array_append(out, jv_string(item));
			}
			free(item);
			if (!*p)
				break;
			p += k;
			start = p;
			continue;
		}
		p++;
	}
	return out;
}
