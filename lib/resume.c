#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "jsonl.h"
#include "msg.h"
#include "records.h"
#include "resume.h"
#include "skills.h"
#include "store.h"
#include "text.h"
#include "utf8.h"

/* ---- small text helpers ---- */

/* The byte length of a space at s (ASCII, tab, U+3000, U+00A0), or 0. */
static size_t
space_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (!strncmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

static const char *
skip_space(const char *s)
{
	size_t k;

	while ((k = space_at(s)))
		s += k;
	return s;
}

/* A malloc'd copy of s[0..n) without surrounding spaces. */
static char *
trimdup(const char *s, size_t n)
{
	const char *e = s + n;

	while (s < e) {
		size_t k = space_at(s);

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

static int
is_alnum_byte(unsigned char c)
{
	return c < 0x80 && isalnum(c);
}

/* Case-insensitive search for an ASCII word on word boundaries, or a plain
 * search for anything else (CJK has no word boundaries). */
static const char *
find_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	int ascii = (unsigned char)w[0] < 0x80;

	if (!ascii)
		return strstr(s, w);
	for (const char *p = s; (p = strcasestr(p, w)); p++) {
		int left = p == s || !is_alnum_byte((unsigned char)p[-1]);
		int right = !is_alnum_byte((unsigned char)p[n]) || !isalnum((unsigned char)w[n - 1]);

		if (left && right)
			return p;
	}
	return NULL;
}

static int
has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (find_word(s, *words))
			return 1;
	return 0;
}

/* Does s hold any CJK character? */
static int
has_cjk(const char *s)
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

static size_t
display_width(const char *s)
{
	return iv_utf8_width(s);
}

static jv
jstr_or_null(const char *s)
{
	return s && *s ? jv_string(s) : jv_null();
}

/* Set key to the string s when s is not empty. */
static jv
set_str(jv obj, const char *key, const char *s)
{
	if (s && *s)
		obj = jv_object_set(obj, jv_string(key), jv_string(s));
	return obj;
}

static int
arr_len(jv a)
{
	return jv_get_kind(a) == JV_KIND_ARRAY ? jv_array_length(jv_copy(a)) : 0;
}

/* Set key to arr (consumed) when it has items. */
static jv
set_nonempty(jv obj, const char *key, jv arr)
{
	if (arr_len(arr))
		return jv_object_set(obj, jv_string(key), arr);
	jv_free(arr);
	return obj;
}

/* Lines of an array joined by sep, as a malloc'd string. */
static char *
join_lines(jv arr, const char *sep)
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
				*value = skip_space(p + (*p == ':' ? 1 : 3));
			return p;
		}
	return NULL;
}

const char *
iv_skip_space(const char *s)
{
	return skip_space(s);
}

int
iv_has_word(const char *s, const char *const *words)
{
	return has_any(s, words);
}

/* ---- dates ---- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* n digits at s, not followed by another digit; their value or -1. */
static int
num_at(const char *s, int min, int max, int *len)
{
	int v = 0, k = 0;

	while (k < max && s[k] >= '0' && s[k] <= '9')
		v = v * 10 + (s[k++] - '0');
	if (k < min || (s[k] >= '0' && s[k] <= '9'))
		return -1;
	*len = k;
	return v;
}

static int
year_at(const char *s)
{
	int len, y = num_at(s, 4, 4, &len);

	return y >= 1950 && y <= 2099 ? y : -1;
}

static size_t
present_at(const char *s, int after_sep)
{
	static const char *const en[] = { "present", "now", "current", "today", "ongoing", "till now", "to date", NULL };
	static const char *const zh[] = { "至今", "现在", "目前", "在职", "在读", "今", NULL };

	for (int i = 0; en[i]; i++) {
		size_t n = strlen(en[i]);

		if (!strncasecmp(s, en[i], n) && !isalpha((unsigned char)s[n]))
			return n;
	}
	for (int i = 0; zh[i]; i++) {
		size_t n = strlen(zh[i]);

		if (!strncmp(s, zh[i], n) && (after_sep || strcmp(zh[i], "今")))
			return n;
	}
	return 0;
}

static void
ym(char out[12], int y, int m)
{
	if (m)
		snprintf(out, 12, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
	else
		snprintf(out, 12, "%04u", (unsigned)y % 10000u);
}

/* A numeric or month-name date at s; *strong is 0 for a bare year. */
static size_t
date_num_at(const char *s, char out[12], int *strong)
{
	int y, m, d, len;
	const char *p;

	*strong = 1;
	if ((y = year_at(s)) > 0) {
		p = s + 4;
		if ((*p == '.' || *p == '/' || *p == '-') && (m = num_at(p + 1, 1, 2, &len)) >= 1 && m <= 12) {
			p += 1 + len;
			if ((*p == '.' || *p == '/' || *p == '-') && (d = num_at(p + 1, 1, 2, &len)) >= 1 && d <= 31)
				p += 1 + len;
			ym(out, y, m);
			return (size_t)(p - s);
		}
		if (!strncmp(p, "年", 3)) {
			const char *q = skip_space(p + 3);

			if ((m = num_at(q, 1, 2, &len)) >= 1 && m <= 12) {
				q += len;
				if (!strncmp(q, "月", 3))
					q += 3;
				if ((d = num_at(q, 1, 2, &len)) >= 1 && d <= 31 &&
				    (!strncmp(q + len, "日", 3) || !strncmp(q + len, "号", 3)))
					q += len + 3;
				ym(out, y, m);
				return (size_t)(q - s);
			}
			ym(out, y, 0);
			return (size_t)(p + 3 - s);
		}
		*strong = 0;
		ym(out, y, 0);
		return 4;
	}
	if ((m = num_at(s, 1, 2, &len)) >= 1 && m <= 12 && (s[len] == '/' || s[len] == '.' || s[len] == '-') &&
	    (y = year_at(s + len + 1)) > 0) {
		ym(out, y, m);
		return (size_t)len + 5;
	}
	for (m = 0; m < 12; m++) {
		const char *name = month_names[m];
		size_t k = 0;

		while (isalpha((unsigned char)s[k]) && tolower((unsigned char)s[k]) == name[k])
			k++;
		if (k < 3 || isalpha((unsigned char)s[k]))
			continue;
		if (k < strlen(name) && !(m == 8 && k == 4) && k != 3)
			continue;
		p = s + k;
		if (*p == '.')
			p++;
		if (*p == ',')
			p++;
		p = skip_space(p);
		if ((y = year_at(p)) > 0) {
			ym(out, y, m + 1);
			return (size_t)(p + 4 - s);
		}
	}
	return 0;
}

size_t
iv_date_at(const char *s, char out[12])
{
	int strong;
	size_t n = date_num_at(s, out, &strong);

	if (n)
		return n;
	if ((n = present_at(s, 0))) {
		strcpy(out, "present");
		return n;
	}
	return 0;
}

/* A range separator at s: its length with the spaces around it, or 0. */
static size_t
range_sep_at(const char *s)
{
	static const char *const seps[] = {
		"--", "-", "\xe2\x80\x93", "\xe2\x80\x94", "~", "\xef\xbd\x9e", "\xe3\x80\x9c", "\xef\xbc\x8d",
		"至", "到", "\xe2\x86\x92", "to", "until", "till", NULL,
	};
	const char *p = skip_space(s);

	for (int i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);

		if (!strncmp(p, seps[i], n) && !(isalpha((unsigned char)seps[i][0]) && isalpha((unsigned char)p[n])))
			return (size_t)(skip_space(p + n) - s);
	}
	return 0;
}

/* A lone year counts as a date when it stands apart: "..., 2020" or "(2020)". */
static int
isolated(const char *s, size_t from, size_t to)
{
	const char *p = s + to;
	size_t i = from;

	p = skip_space(p);
	if (*p && !strchr(",|)", *p) && strncmp(p, "）", 3) && strncmp(p, "，", 3) && strncmp(p, "｜", 3))
		return 0;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	return i == 0 || strchr(",|(", s[i - 1]) || (i >= 3 && (!strncmp(s + i - 3, "（", 3) ||
		!strncmp(s + i - 3, "，", 3) || !strncmp(s + i - 3, "｜", 3)));
}

int
iv_date_range(const char *s, char start[12], char end[12], size_t *from, size_t *to)
{
	for (size_t i = 0; s[i]; i++) {
		size_t n, sep, m;
		int strong, strong2;
		char d2[12];

		if (i > 0 && is_alnum_byte((unsigned char)s[i - 1]))
			continue;
		if (!isalnum((unsigned char)s[i]) || !(n = date_num_at(s + i, start, &strong)))
			continue;
		*from = i;
		end[0] = 0;
		if ((sep = range_sep_at(s + i + n))) {
			const char *q = s + i + n + sep;

			if ((m = date_num_at(q, d2, &strong2)) || (m = present_at(q, 1))) {
				if (!date_num_at(q, d2, &strong2))
					strcpy(d2, "present");
				strcpy(end, d2);
				*to = (size_t)(q + m - s);
				return 2;
			}
		}
		*to = i + n;
		if (strong || isolated(s, i, i + n))
			return 1;
	}
	return 0;
}

/* ---- degrees ---- */

static const struct {
	const char *word;
	int rank;
	int exact;	/* case matters ("MS", "BA") */
} degree_words[] = {
	{ "博士", IV_DEG_PHD, 0 }, { "Ph.D.", IV_DEG_PHD, 0 }, { "Ph.D", IV_DEG_PHD, 0 },
	{ "PhD", IV_DEG_PHD, 0 }, { "D.Phil", IV_DEG_PHD, 0 }, { "Doctor of", IV_DEG_PHD, 0 },
	{ "Doctorate", IV_DEG_PHD, 0 }, { "Doctoral", IV_DEG_PHD, 0 },
	{ "硕士", IV_DEG_MASTER, 0 }, { "研究生", IV_DEG_MASTER, 0 }, { "M.Sc.", IV_DEG_MASTER, 0 },
	{ "M.Sc", IV_DEG_MASTER, 0 }, { "MSc", IV_DEG_MASTER, 0 }, { "M.S.", IV_DEG_MASTER, 0 },
	{ "M.Eng.", IV_DEG_MASTER, 0 }, { "M.Eng", IV_DEG_MASTER, 0 }, { "MEng", IV_DEG_MASTER, 0 },
	{ "M.E.", IV_DEG_MASTER, 0 }, { "M.A.", IV_DEG_MASTER, 0 }, { "MBA", IV_DEG_MASTER, 1 },
	{ "MS", IV_DEG_MASTER, 1 }, { "MA", IV_DEG_MASTER, 1 }, { "Master's", IV_DEG_MASTER, 0 },
	{ "Masters", IV_DEG_MASTER, 0 }, { "Master", IV_DEG_MASTER, 0 },
	{ "本科", IV_DEG_BACHELOR, 0 }, { "学士", IV_DEG_BACHELOR, 0 }, { "B.Sc.", IV_DEG_BACHELOR, 0 },
	{ "B.Sc", IV_DEG_BACHELOR, 0 }, { "BSc", IV_DEG_BACHELOR, 0 }, { "B.S.", IV_DEG_BACHELOR, 0 },
	{ "B.Eng.", IV_DEG_BACHELOR, 0 }, { "B.Eng", IV_DEG_BACHELOR, 0 }, { "BEng", IV_DEG_BACHELOR, 0 },
	{ "B.E.", IV_DEG_BACHELOR, 0 }, { "B.Tech", IV_DEG_BACHELOR, 0 }, { "B.A.", IV_DEG_BACHELOR, 0 },
	{ "BS", IV_DEG_BACHELOR, 1 }, { "BA", IV_DEG_BACHELOR, 1 }, { "Bachelor's", IV_DEG_BACHELOR, 0 },
	{ "Bachelors", IV_DEG_BACHELOR, 0 }, { "Bachelor", IV_DEG_BACHELOR, 0 }, { "Undergraduate", IV_DEG_BACHELOR, 0 },
	{ "大专", IV_DEG_ASSOCIATE, 0 }, { "专科", IV_DEG_ASSOCIATE, 0 }, { "Associate's", IV_DEG_ASSOCIATE, 0 },
	{ "Associate degree", IV_DEG_ASSOCIATE, 0 },
	{ NULL, 0, 0 },
};

/* Where a degree word is in s (its index in degree_words, its span). */
static const char *
degree_find(const char *s, int *which, size_t *len)
{
	const char *best = NULL;

	for (int i = 0; degree_words[i].word; i++) {
		const char *w = degree_words[i].word, *p;
		size_t n = strlen(w);

		if (degree_words[i].exact) {
			for (p = s; (p = strstr(p, w)); p++)
				if ((p == s || !is_alnum_byte((unsigned char)p[-1])) && !is_alnum_byte((unsigned char)p[n]))
					break;
		} else if ((unsigned char)w[0] >= 0x80) {
			p = strstr(s, w);
		} else {
			for (p = s; (p = strcasestr(p, w)); p++)
				if ((p == s || !is_alnum_byte((unsigned char)p[-1])) &&
				    (!is_alnum_byte((unsigned char)p[n]) || w[n - 1] == '.'))
					break;
		}
		if (p && (!best || p < best)) {
			best = p;
			*which = i;
			*len = n;
		}
	}
	return best;
}

int
iv_degree_mask(const char *s)
{
	int mask = 0, which;
	size_t len;
	const char *p = s;

	while ((p = degree_find(p, &which, &len))) {
		mask |= 1 << degree_words[which].rank;
		p += len;
	}
	return mask;
}

const char *
iv_degree_name(int rank)
{
	static const char *const names[] = { NULL, "Associate", "Bachelor", "Master", "PhD" };

	return rank >= 1 && rank <= 4 ? names[rank] : NULL;
}

int
iv_degree_rank(const char *name)
{
	for (int r = 1; r <= 4; r++)
		if (name && !strcasecmp(name, iv_degree_name(r)))
			return r;
	return name ? (iv_degree_mask(name) ? 31 - __builtin_clz((unsigned)iv_degree_mask(name)) : 0) : 0;
}

static int
highest(int mask)
{
	return mask ? 31 - __builtin_clz((unsigned)mask) : 0;
}

/* ---- phone numbers ---- */

size_t
iv_phone_find(const char *s, int labeled, size_t *at)
{
	for (size_t i = 0; s[i]; i++) {
		size_t j = i, last = i;
		int digits = 0, groups[8], ng = 0, run = 0, plus = s[i] == '+', paren = s[i] == '(';
		char d[20];

		if (i > 0 && (is_alnum_byte((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '/'))
			continue;
		if (!(isdigit((unsigned char)s[i]) || ((plus || paren) && isdigit((unsigned char)s[i + 1]))))
			continue;
		for (j = i + (plus || paren); s[j]; j++) {
			char c = s[j];

			if (isdigit((unsigned char)c)) {
				if (digits < 19)
					d[digits] = c;
				digits++;
				run++;
				last = j + 1;
			} else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
				if (run && ng < 8)
					groups[ng++] = run;
				run = 0;
				if (c == ' ' && s[j + 1] == ' ')
					break;
			} else {
				break;
			}
		}
		if (run && ng < 8)
			groups[ng++] = run;
		if (digits < 7 || digits > 15 || (last < strlen(s) && isalnum((unsigned char)s[last]))) {
			i = j > i ? j - 1 : i;
			continue;
		}
		d[digits < 19 ? digits : 19] = 0;
		{
			int ok = 0;
			/* A date or a range of dates is not a phone number. */
			int datey = (s[i + 4] == '.' || s[i + 4] == '/' || s[i + 4] == '-') && year_at(s + i) > 0;

			if (plus && digits >= 8)
				ok = 1;
			else if (!datey && digits == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' &&
				 (ng == 1 || (ng == 3 && groups[0] == 3 && groups[1] == 4 && groups[2] == 4)))
				ok = 1;
			else if (!datey && digits == 10 && ((paren && ng == 3) ||
				 (ng == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4)))
				ok = 1;
			else if (labeled && !datey)
				ok = 1;
			if (ok) {
				*at = i;
				return last - i;
			}
		}
		i = j > i ? j - 1 : i;
	}
	return 0;
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
	const char *p = skip_space(s);
	int n, len;

	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);

		if (!strncmp(p, marks[i], k))
			return skip_space(p + k);
	}
	/* ①..⑳ */
	if (!strncmp(p, "\xe2\x91", 2) && (unsigned char)p[2] >= 0xa0 && (unsigned char)p[2] <= 0xb3)
		return skip_space(p + 3);
	if ((n = num_at(p, 1, 2, &len)) >= 0) {
		const char *q = p + len;

		if ((*q == '.' || *q == ')') && (q[1] == ' ' || (unsigned char)q[1] >= 0x80))
			return skip_space(q + 1);
		if (!strncmp(q, "、", 3) || !strncmp(q, "．", 3))
			return skip_space(q + 3);
	}
	if ((*p == '(' || !strncmp(p, "（", 3))) {
		const char *q = p + (*p == '(' ? 1 : 3);

		if (num_at(q, 1, 2, &len) >= 0 && (q[len] == ')' || !strncmp(q + len, "）", 3)))
			return skip_space(q + len + (q[len] == ')' ? 1 : 3));
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
	p = skip_space(s);
	if (*p == '>' && (p[1] == ' ' || !p[1]))
		p = skip_space(p + 1);
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
		if (c == '|' && bars >= 2 && *skip_space(s) == '|') {
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
	rest = skip_space(s + to);
	return from == (size_t)(skip_space(s) - s) && !*rest;
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
			char *item = trimdup(start, (size_t)(p - start));

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

/* ---- sections ---- */

enum {
	S_HEADER, S_BASICS, S_SUMMARY, S_WORK, S_INTERN, S_EDUCATION, S_PROJECTS, S_SKILLS,
	S_AWARDS, S_CERTS, S_LANGUAGES, S_PUBLICATIONS, S_INTERESTS, S_VOLUNTEER, S_OTHER,
};

static const struct {
	const char *text;
	int kind;
} headings[] = {
	{ "个人信息", S_BASICS }, { "基本信息", S_BASICS }, { "联系方式", S_BASICS }, { "个人资料", S_BASICS },
	{ "求职意向", S_BASICS }, { "contact", S_BASICS }, { "contact information", S_BASICS },
	{ "contact info", S_BASICS }, { "personal information", S_BASICS }, { "personal details", S_BASICS },
	{ "个人简介", S_SUMMARY }, { "个人总结", S_SUMMARY }, { "自我评价", S_SUMMARY }, { "个人评价", S_SUMMARY },
	{ "个人优势", S_SUMMARY }, { "职业目标", S_SUMMARY }, { "关于我", S_SUMMARY }, { "简介", S_SUMMARY },
	{ "summary", S_SUMMARY }, { "professional summary", S_SUMMARY }, { "profile", S_SUMMARY },
	{ "professional profile", S_SUMMARY }, { "about", S_SUMMARY }, { "about me", S_SUMMARY },
	{ "objective", S_SUMMARY }, { "career objective", S_SUMMARY }, { "career summary", S_SUMMARY },
	{ "工作经历", S_WORK }, { "工作经验", S_WORK }, { "职业经历", S_WORK }, { "任职经历", S_WORK },
	{ "工作履历", S_WORK }, { "工作/实习经历", S_WORK }, { "工作与实习经历", S_WORK },
	{ "experience", S_WORK }, { "work experience", S_WORK }, { "professional experience", S_WORK },
	{ "employment", S_WORK }, { "employment history", S_WORK }, { "work history", S_WORK },
	{ "relevant experience", S_WORK }, { "industry experience", S_WORK }, { "research experience", S_WORK },
	{ "实习经历", S_INTERN }, { "实习经验", S_INTERN }, { "internship", S_INTERN },
	{ "internships", S_INTERN }, { "internship experience", S_INTERN },
	{ "教育经历", S_EDUCATION }, { "教育背景", S_EDUCATION }, { "学历", S_EDUCATION },
	{ "教育", S_EDUCATION }, { "学历背景", S_EDUCATION }, { "education", S_EDUCATION },
	{ "education background", S_EDUCATION }, { "academic background", S_EDUCATION },
	{ "educational background", S_EDUCATION },
	{ "项目经验", S_PROJECTS }, { "项目经历", S_PROJECTS }, { "项目", S_PROJECTS },
	{ "开源项目", S_PROJECTS }, { "个人项目", S_PROJECTS }, { "科研项目", S_PROJECTS },
	{ "科研经历", S_PROJECTS }, { "projects", S_PROJECTS }, { "project experience", S_PROJECTS },
	{ "selected projects", S_PROJECTS }, { "personal projects", S_PROJECTS }, { "side projects", S_PROJECTS },
	{ "open source", S_PROJECTS }, { "key projects", S_PROJECTS }, { "project", S_PROJECTS },
	{ "专业技能", S_SKILLS }, { "技能", S_SKILLS }, { "技能特长", S_SKILLS }, { "技术栈", S_SKILLS },
	{ "技术能力", S_SKILLS }, { "个人技能", S_SKILLS }, { "专业能力", S_SKILLS }, { "技能清单", S_SKILLS },
	{ "掌握技能", S_SKILLS }, { "技术技能", S_SKILLS }, { "skills", S_SKILLS },
	{ "technical skills", S_SKILLS }, { "skills & tools", S_SKILLS }, { "tech stack", S_SKILLS },
	{ "core competencies", S_SKILLS }, { "core skills", S_SKILLS }, { "skills & interests", S_SKILLS },
	{ "technologies", S_SKILLS }, { "skill", S_SKILLS }, { "key skills", S_SKILLS },
	{ "获奖", S_AWARDS }, { "获奖情况", S_AWARDS }, { "获奖经历", S_AWARDS }, { "荣誉奖项", S_AWARDS },
	{ "荣誉", S_AWARDS }, { "奖项", S_AWARDS }, { "所获荣誉", S_AWARDS }, { "获奖荣誉", S_AWARDS },
	{ "荣誉证书", S_AWARDS }, { "awards", S_AWARDS }, { "honors", S_AWARDS }, { "honours", S_AWARDS },
	{ "honors & awards", S_AWARDS }, { "awards & honors", S_AWARDS }, { "achievements", S_AWARDS },
	{ "证书", S_CERTS }, { "资格证书", S_CERTS }, { "证书认证", S_CERTS }, { "certifications", S_CERTS },
	{ "certificates", S_CERTS }, { "licenses & certifications", S_CERTS },
	{ "语言能力", S_LANGUAGES }, { "语言", S_LANGUAGES }, { "languages", S_LANGUAGES },
	{ "论文", S_PUBLICATIONS }, { "发表论文", S_PUBLICATIONS }, { "学术成果", S_PUBLICATIONS },
	{ "publications", S_PUBLICATIONS }, { "papers", S_PUBLICATIONS },
	{ "兴趣爱好", S_INTERESTS }, { "爱好", S_INTERESTS }, { "interests", S_INTERESTS }, { "hobbies", S_INTERESTS },
	{ "社会实践", S_VOLUNTEER }, { "校园经历", S_VOLUNTEER }, { "志愿者经历", S_VOLUNTEER },
	{ "volunteer", S_VOLUNTEER }, { "volunteering", S_VOLUNTEER }, { "volunteer experience", S_VOLUNTEER },
	{ "activities", S_VOLUNTEER }, { "leadership & activities", S_VOLUNTEER },
	{ "references", S_OTHER }, { "附加信息", S_OTHER }, { "其他", S_OTHER }, { "additional information", S_OTHER },
	{ NULL, 0 },
};

/* Decorations around a heading: "## 教育背景", "一、工作经历", "【项目经验】", "EDUCATION:". */
char *
iv_heading_norm(const char *s)
{
	static const char *const deco[] = {
		"#", "=", "*", "_", "~", ":", "：", "|", "｜", "【", "】", "[", "]", "《", "》", "(", ")", "（", "）",
		"■", "□", "●", "○", "◆", "◇", "▶", "►", "★", "☆", "•", "·", "—", "-", " ", "\t", "\xe3\x80\x80",
		"、", ".", "．", NULL,
	};
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL };
	char *t = iv_xstrdup(s), *p = t, *e;
	iv_buf b = IV_BUF_INIT;
	int changed = 1, singles = 1, words = 0;

	while (changed) {
		changed = 0;
		for (int i = 0; deco[i]; i++) {
			size_t k = strlen(deco[i]);

			if (!strncmp(p, deco[i], k)) {
				p += k;
				changed = 1;
			}
		}
		for (int i = 0; numerals[i]; i++) {
			size_t k = strlen(numerals[i]);

			if (!strncmp(p, numerals[i], k) && (!strncmp(p + k, "、", 3) || !strncmp(p + k, ".", 1) ||
							    !strncmp(p + k, "．", 3))) {
				p += k;
				changed = 1;
			}
		}
		if (isdigit((unsigned char)*p) && (p[1] == '.' || p[1] == ' ' || (isdigit((unsigned char)p[1]) &&
			(p[2] == '.' || p[2] == ' ')))) {
			p += isdigit((unsigned char)p[1]) ? 2 : 1;
			changed = 1;
		}
	}
	e = p + strlen(p);
	changed = 1;
	while (changed && e > p) {
		changed = 0;
		for (int i = 0; deco[i]; i++) {
			size_t k = strlen(deco[i]);

			if ((size_t)(e - p) >= k && !strncmp(e - k, deco[i], k)) {
				e -= k;
				changed = 1;
			}
		}
	}
	*e = 0;
	/* Spaced-out headings: "教 育 背 景", "E D U C A T I O N". */
	for (char *q = p; *q;) {
		const char *w = skip_space(q);
		size_t len = 0;
		uint32_t cp;

		if (!*w)
			break;
		while (w[len] && !space_at(w + len))
			len++;
		if (iv_utf8_len(w, len) > 1)
			singles = 0;
		(void)cp;
		words++;
		q = (char *)w + len;
	}
	for (char *q = p; *q; q++) {
		if (space_at(q)) {
			size_t k = space_at(q);

			if (!(singles && words > 2) && b.len && b.s[b.len - 1] != ' ')
				iv_buf_putc(&b, ' ');
			q += k - 1;
			continue;
		}
		if (!strncmp(q, "\xe2\x80\x99", 3)) {	/* ’ */
			iv_buf_putc(&b, '\'');
			q += 2;
			continue;
		}
		iv_buf_putc(&b, (char)tolower((unsigned char)*q));
	}
	free(t);
	{
		char *r = iv_buf_take(&b), *amp;

		while ((amp = strstr(r, " and "))) {
			memcpy(amp, " & ", 3);
			memmove(amp + 3, amp + 5, strlen(amp + 5) + 1);
		}
		return r;
	}
}

static int
heading_kind(const char *text)
{
	char *h = iv_heading_norm(text);
	int kind = -1;

	if (display_width(h) <= 40)
		for (int i = 0; headings[i].text; i++)
			if (!strcmp(h, headings[i].text)) {
				kind = headings[i].kind;
				break;
			}
	free(h);
	return kind;
}

/* "Skills: Python, Go" is a heading with its content on the same line. */
static int
inline_heading(const char *s, const char **rest)
{
	const char *colon = NULL;
	char *head;
	int kind;

	colon = iv_key_colon(s, 40, NULL);
	if (!colon)
		return -1;
	head = iv_xstrndup(s, (size_t)(colon - s));
	kind = heading_kind(head);
	free(head);
	*rest = skip_space(colon + (*colon == ':' ? 1 : 3));
	if (!**rest)
		return -1;
	return kind == S_SKILLS || kind == S_SUMMARY || kind == S_LANGUAGES || kind == S_INTERESTS ||
	       kind == S_AWARDS || kind == S_CERTS ? kind : -1;
}

/* ---- labels ("项目描述：...", "Tech stack: ...") ---- */

enum {
	L_NONE, L_DESC, L_TECH, L_RESP, L_RESULT, L_ROLE, L_POSITION, L_COMPANY, L_NAME, L_TIME,
	L_URL, L_SCHOOL, L_MAJOR, L_DEGREE, L_GPA, L_COURSES, L_LOCATION,
	L_B_NAME, L_B_PHONE, L_B_EMAIL, L_B_LABEL, L_B_URL, L_B_IGNORE,
};

static const struct {
	const char *text;
	int label;
} labels[] = {
	{ "项目描述", L_DESC }, { "项目简介", L_DESC }, { "项目介绍", L_DESC }, { "项目背景", L_DESC },
	{ "项目概述", L_DESC }, { "描述", L_DESC }, { "简介", L_DESC }, { "description", L_DESC },
	{ "overview", L_DESC }, { "summary", L_DESC },
	{ "技术栈", L_TECH }, { "技术选型", L_TECH }, { "使用技术", L_TECH }, { "开发工具", L_TECH },
	{ "关键技术", L_TECH }, { "技术", L_TECH }, { "开发环境", L_TECH }, { "核心技术", L_TECH },
	{ "tech stack", L_TECH }, { "stack", L_TECH }, { "technologies", L_TECH }, { "tech", L_TECH },
	{ "tools", L_TECH }, { "built with", L_TECH }, { "keywords", L_TECH }, { "technologies used", L_TECH },
	{ "职责", L_RESP }, { "主要职责", L_RESP }, { "工作职责", L_RESP }, { "负责内容", L_RESP },
	{ "主要工作", L_RESP }, { "工作内容", L_RESP }, { "个人职责", L_RESP }, { "我的职责", L_RESP },
	{ "责任描述", L_RESP }, { "项目职责", L_RESP }, { "responsibilities", L_RESP },
	{ "项目成果", L_RESULT }, { "成果", L_RESULT }, { "项目业绩", L_RESULT }, { "业绩", L_RESULT },
	{ "工作业绩", L_RESULT }, { "results", L_RESULT }, { "achievements", L_RESULT }, { "impact", L_RESULT },
	{ "角色", L_ROLE }, { "担任角色", L_ROLE }, { "项目角色", L_ROLE }, { "role", L_ROLE },
	{ "职位", L_POSITION }, { "岗位", L_POSITION }, { "职务", L_POSITION }, { "position", L_POSITION },
	{ "title", L_POSITION },
	{ "公司", L_COMPANY }, { "公司名称", L_COMPANY }, { "单位", L_COMPANY }, { "company", L_COMPANY },
	{ "employer", L_COMPANY },
	{ "项目名称", L_NAME }, { "项目名", L_NAME }, { "project", L_NAME }, { "project name", L_NAME },
	{ "时间", L_TIME }, { "项目时间", L_TIME }, { "起止时间", L_TIME }, { "在职时间", L_TIME },
	{ "period", L_TIME }, { "dates", L_TIME }, { "duration", L_TIME },
	{ "链接", L_URL }, { "项目地址", L_URL }, { "项目链接", L_URL }, { "link", L_URL }, { "url", L_URL },
	{ "repo", L_URL }, { "repository", L_URL }, { "demo", L_URL },
	{ "学校", L_SCHOOL }, { "院校", L_SCHOOL }, { "school", L_SCHOOL }, { "university", L_SCHOOL },
	{ "institution", L_SCHOOL },
	{ "专业", L_MAJOR }, { "major", L_MAJOR }, { "field of study", L_MAJOR },
	{ "学历", L_DEGREE }, { "学位", L_DEGREE }, { "degree", L_DEGREE },
	{ "gpa", L_GPA }, { "绩点", L_GPA }, { "成绩", L_GPA }, { "排名", L_GPA }, { "rank", L_GPA },
	{ "主修课程", L_COURSES }, { "主要课程", L_COURSES }, { "相关课程", L_COURSES }, { "核心课程", L_COURSES },
	{ "课程", L_COURSES }, { "courses", L_COURSES }, { "coursework", L_COURSES },
	{ "relevant coursework", L_COURSES },
	{ "地点", L_LOCATION }, { "城市", L_LOCATION }, { "工作地点", L_LOCATION }, { "所在地", L_LOCATION },
	{ "现居", L_LOCATION }, { "现居地", L_LOCATION }, { "居住地", L_LOCATION }, { "地址", L_LOCATION },
	{ "期望城市", L_LOCATION }, { "location", L_LOCATION }, { "city", L_LOCATION }, { "address", L_LOCATION },
	{ "based in", L_LOCATION },
	{ "姓名", L_B_NAME }, { "name", L_B_NAME },
	{ "电话", L_B_PHONE }, { "手机", L_B_PHONE }, { "联系电话", L_B_PHONE }, { "手机号", L_B_PHONE },
	{ "phone", L_B_PHONE }, { "mobile", L_B_PHONE }, { "tel", L_B_PHONE }, { "cell", L_B_PHONE },
	{ "邮箱", L_B_EMAIL }, { "电子邮箱", L_B_EMAIL }, { "电子邮件", L_B_EMAIL }, { "email", L_B_EMAIL },
	{ "e-mail", L_B_EMAIL }, { "mail", L_B_EMAIL },
	{ "求职意向", L_B_LABEL }, { "意向岗位", L_B_LABEL }, { "应聘职位", L_B_LABEL }, { "目标职位", L_B_LABEL },
	{ "期望职位", L_B_LABEL }, { "目标岗位", L_B_LABEL }, { "target role", L_B_LABEL },
	{ "headline", L_B_LABEL },
	{ "github", L_B_URL }, { "linkedin", L_B_URL }, { "博客", L_B_URL }, { "blog", L_B_URL },
	{ "website", L_B_URL }, { "个人主页", L_B_URL }, { "主页", L_B_URL }, { "homepage", L_B_URL },
	{ "portfolio", L_B_URL }, { "web", L_B_URL },
	{ "性别", L_B_IGNORE }, { "年龄", L_B_IGNORE }, { "出生年月", L_B_IGNORE }, { "民族", L_B_IGNORE },
	{ "籍贯", L_B_IGNORE }, { "政治面貌", L_B_IGNORE }, { "工作年限", L_B_IGNORE }, { "期望薪资", L_B_IGNORE },
	{ "到岗时间", L_B_IGNORE }, { "gender", L_B_IGNORE }, { "age", L_B_IGNORE },
	{ "nationality", L_B_IGNORE }, { "visa", L_B_IGNORE },
	{ NULL, 0 },
};

/* "Key: value" with a known key: its label and the value (may be empty). */
static int
label_of(const char *s, const char **value)
{
	const char *colon = NULL;
	char *key;
	int label = L_NONE;

	colon = iv_key_colon(s, 36, NULL);
	if (!colon || (colon[0] == ':' && colon[1] == '/'))
		return L_NONE;
	key = trimdup(s, (size_t)(colon - s));
	for (char *k = key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	for (int i = 0; labels[i].text; i++)
		if (!strcmp(key, labels[i].text)) {
			label = labels[i].label;
			break;
		}
	free(key);
	if (label)
		*value = skip_space(colon + (*colon == ':' ? 1 : 3));
	return label;
}

/* ---- what a piece of a header line is ---- */

static const char *const position_words[] = {
	"engineer", "developer", "intern", "manager", "scientist", "lead", "architect", "analyst",
	"consultant", "designer", "researcher", "director", "head of", "founder", "co-founder", "cto",
	"specialist", "programmer", "administrator", "sre", "officer", "fellow", "assistant",
	"member of technical staff", "maintainer", "contributor", "student", "owner", "tech lead",
	"工程师", "开发", "实习", "经理", "架构师", "研究员", "负责人", "总监", "专家", "算法", "主管",
	"组长", "程序员", "产品", "设计师", "分析师", "顾问", "助理", "运维", "测试", "科学家", "讲师",
	"合伙人", "创始人", "骨干", "核心成员", "成员", "技术", NULL,
};

static const char *const company_words[] = {
	"公司", "有限", "集团", "科技", "银行", "研究院", "实验室", "工作室", "网络", "软件", "医院", "证券",
	"控股", "大学", "学院", "研究所", "字节跳动", "阿里巴巴", "阿里", "腾讯", "百度", "美团", "京东", "华为",
	"小米", "网易", "快手", "拼多多", "蚂蚁", "滴滴", "商汤", "旷视", "智谱", "月之暗面", "小红书", "携程",
	"inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "corporation", "co.", "company", "technologies",
	"technology", "labs", "lab", "software", "systems", "group", "holdings", "bank", "capital", "ventures",
	"gmbh", "university", "institute", "google", "microsoft", "amazon", "meta", "apple", "openai",
	"bytedance", "alibaba", "tencent", "baidu", "anthropic", "nvidia", "startup", NULL,
};

static const char *const school_words[] = {
	"大学", "学院", "学校", "研究院", "研究所", "科学院", "中学", "university", "college", "institute",
	"school", "academy", "polytechnic", NULL,
};

static const char *const role_words[] = {
	"负责人", "lead", "owner", "核心开发", "开发者", "developer", "maintainer", "author", "架构师",
	"成员", "member", "主导", "独立开发", "contributor", "creator", "engineer", "工程师", NULL,
};

static const char *const intern_words[] = { "实习", "intern", "internship", NULL };

static const struct {
	const char *name;
	const char *country;
} cities[] = {
	{ "Beijing", "CN" }, { "北京", "CN" }, { "Shanghai", "CN" }, { "上海", "CN" }, { "Shenzhen", "CN" },
	{ "深圳", "CN" }, { "Guangzhou", "CN" }, { "广州", "CN" }, { "Hangzhou", "CN" }, { "杭州", "CN" },
	{ "Chengdu", "CN" }, { "成都", "CN" }, { "Nanjing", "CN" }, { "南京", "CN" }, { "Wuhan", "CN" },
	{ "武汉", "CN" }, { "Xi'an", "CN" }, { "西安", "CN" }, { "Suzhou", "CN" }, { "苏州", "CN" },
	{ "Tianjin", "CN" }, { "天津", "CN" }, { "Chongqing", "CN" }, { "重庆", "CN" }, { "Xiamen", "CN" },
	{ "厦门", "CN" }, { "Hefei", "CN" }, { "合肥", "CN" }, { "Changsha", "CN" }, { "长沙", "CN" },
	{ "Qingdao", "CN" }, { "青岛", "CN" }, { "Dalian", "CN" }, { "大连", "CN" }, { "Hong Kong", "HK" },
	{ "香港", "HK" }, { "Taipei", "TW" }, { "台北", "TW" }, { "Singapore", "SG" }, { "新加坡", "SG" },
	{ "Tokyo", "JP" }, { "东京", "JP" }, { "Seoul", "KR" }, { "London", "GB" }, { "伦敦", "GB" },
	{ "Cambridge", "" }, { "Paris", "FR" }, { "Berlin", "DE" }, { "Munich", "DE" }, { "Amsterdam", "NL" },
	{ "Dublin", "IE" }, { "Zurich", "CH" }, { "New York", "US" }, { "San Francisco", "US" },
	{ "Seattle", "US" }, { "Boston", "US" }, { "Los Angeles", "US" }, { "Austin", "US" }, { "Chicago", "US" },
	{ "Mountain View", "US" }, { "Palo Alto", "US" }, { "Sunnyvale", "US" }, { "San Jose", "US" },
	{ "Redmond", "US" }, { "Pittsburgh", "US" }, { "Toronto", "CA" }, { "Vancouver", "CA" },
	{ "Sydney", "AU" }, { "Melbourne", "AU" }, { "Bangalore", "IN" }, { "Remote", "" }, { "远程", "" },
	{ NULL, NULL },
};

static const struct {
	const char *name;
	const char *code;
} countries[] = {
	{ "China", "CN" }, { "中国", "CN" }, { "USA", "US" }, { "US", "US" }, { "United States", "US" },
	{ "UK", "GB" }, { "United Kingdom", "GB" }, { "Singapore", "SG" }, { "Canada", "CA" },
	{ "Germany", "DE" }, { "Japan", "JP" }, { "Australia", "AU" }, { "India", "IN" }, { NULL, NULL },
};

/* A location when s is a city ("Shanghai", "San Francisco, CA",
 * "Shanghai, China", "上海"): {city, region, countryCode}; else null. */
jv
iv_city(const char *s)
{
	char *t = iv_xstrdup(s), *comma = strchr(t, ','), *rest = NULL;
	jv loc = jv_null();

	if (comma) {
		*comma = 0;
		rest = trimdup(comma + 1, strlen(comma + 1));
	}
	{
		char *city = trimdup(t, strlen(t));

		for (int i = 0; cities[i].name; i++) {
			if (strcasecmp(city, cities[i].name))
				continue;
			loc = JV_OBJECT(jv_string("city"), jv_string(cities[i].name));
			if (rest && *rest) {
				int found = 0;

				for (int c = 0; countries[c].name; c++)
					if (!strcasecmp(rest, countries[c].name)) {
						loc = jv_object_set(loc, jv_string("countryCode"), jv_string(countries[c].code));
						found = 1;
						break;
					}
				if (!found)
					loc = jv_object_set(loc, jv_string("region"), jv_string(rest));
			} else if (*cities[i].country) {
				loc = jv_object_set(loc, jv_string("countryCode"), jv_string(cities[i].country));
			}
			break;
		}
		free(city);
	}
	free(t);
	free(rest);
	return loc;
}

static int
cjk_at(const char *p)
{
	uint32_t cp;

	if ((unsigned char)*p < 0x80)
		return 0;
	iv_utf8_decode(p, strlen(p), &cp);
	return iv_is_cjk(cp);
}

/* Is the character that ends just before p (in s) CJK? */
static int
cjk_before(const char *s, const char *p)
{
	const char *q = p;

	if (q == s || (unsigned char)q[-1] < 0x80)
		return 0;
	do
		q--;
	while (q > s && ((unsigned char)*q & 0xc0) == 0x80);
	return cjk_at(q);
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
		if (!k && *p == ' ' && p > s && cjk_before(s, p) && cjk_at(p + 1))
			k = 1;
		/* "@" inside an email address is not a separator. */
		if (k && !strncmp(p, "@ ", 2) && p > s && p[-1] != ' ')
			k = 0;
		/* Neither is a comma between digits ("1,000"). */
		if (k == 1 && *p == ',' && p > s && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
			k = 0;
		if (!*p || k) {
			char *item = trimdup(start, (size_t)(p - start));

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

/* ---- contacts ---- */

static int
email_char(char c)
{
	return isalnum((unsigned char)c) || strchr("._%+-", c);
}

/* The first email address in s, malloc'd, or NULL. */
static char *
find_email(const char *s)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		const char *a = at, *b = at + 1, *dot = NULL;

		while (a > s && email_char(a[-1]))
			a--;
		while (isalnum((unsigned char)*b) || *b == '-' || *b == '.') {
			if (*b == '.')
				dot = b;
			b++;
		}
		while (b > at + 1 && b[-1] == '.')
			b--;
		if (a < at && dot && dot < b - 1 && dot > at + 1)
			return iv_xstrndup(a, (size_t)(b - a));
	}
	return NULL;
}

static const struct {
	const char *domain;
	const char *network;
} networks[] = {
	{ "github.com", "GitHub" }, { "gitlab.com", "GitLab" }, { "gitee.com", "Gitee" },
	{ "linkedin.com", "LinkedIn" }, { "zhihu.com", "Zhihu" }, { "csdn.net", "CSDN" },
	{ "juejin.cn", "Juejin" }, { "huggingface.co", "Hugging Face" }, { "kaggle.com", "Kaggle" },
	{ "twitter.com", "Twitter" }, { "x.com", "X" }, { "medium.com", "Medium" },
	{ "scholar.google.com", "Google Scholar" }, { NULL, NULL },
};

static int
url_char(const char *p)
{
	unsigned char c = (unsigned char)*p;

	return c > ' ' && c < 0x80 && !strchr("|)]>,\"'", c);
}

/* The first URL in s ("https://...", "www....", "github.com/..."),
 * malloc'd with a scheme, or NULL. */
static char *
find_url(const char *s)
{
	const char *best = NULL;

	for (const char *p = s; *p && !best; p++) {
		if (p > s && url_char(p - 1) && p[-1] != '(')
			continue;
		if (!strncmp(p, "http://", 7) || !strncmp(p, "https://", 8) || !strncmp(p, "www.", 4))
			best = p;
		for (int i = 0; !best && networks[i].domain; i++) {
			size_t k = strlen(networks[i].domain);

			if (!strncasecmp(p, networks[i].domain, k) && p[k] == '/')
				best = p;
		}
	}
	if (best) {
		const char *e = best;
		char *u;

		while (url_char(e))
			e++;
		while (e > best && (e[-1] == '.' || e[-1] == ';' || e[-1] == ':'))
			e--;
		u = iv_xstrndup(best, (size_t)(e - best));
		if (strncmp(u, "http", 4)) {
			char *full = iv_xasprintf("https://%s", u);

			free(u);
			u = full;
		}
		return u;
	}
	return NULL;
}

/* {network, username, url} when url is on a known network, else null. */
static jv
profile_of(const char *url)
{
	const char *host = strstr(url, "://");

	host = host ? host + 3 : url;
	if (!strncmp(host, "www.", 4))
		host += 4;
	for (int i = 0; networks[i].domain; i++) {
		size_t k = strlen(networks[i].domain);

		if (!strncasecmp(host, networks[i].domain, k) && (host[k] == '/' || !host[k])) {
			const char *path = host + k, *last = NULL;
			char *user;
			jv p;

			for (const char *q = path; *q; q++)
				if (*q == '/' && q[1] && q[1] != '/')
					last = q + 1;
			user = last ? iv_xstrndup(last, strcspn(last, "/?#")) : iv_xstrdup("");
			p = JV_OBJECT(jv_string("network"), jv_string(networks[i].network),
				      jv_string("username"), jv_string(user), jv_string("url"), jv_string(url));
			free(user);
			return p;
		}
	}
	return jv_null();
}

/* ---- the parser's state ---- */

struct entry {
	int kind;		/* S_WORK, S_INTERN, S_EDUCATION, S_PROJECTS, S_VOLUNTEER */
	jv head;		/* header pieces, dates removed */
	char start[12], end[12];
	int dated;
	jv highlights, summary, keywords, roles, courses;
	char *name, *position, *url, *location, *area, *degree, *score;
	int content;		/* has highlights or summary lines */
	int last_bullet;	/* the last line went to highlights */
};

struct parse {
	jv header;		/* lines before the first heading and of basics sections */
	jv summary;
	jv work, education, projects, volunteer;
	jv skills, languages, awards, certificates, publications, interests;
	struct entry *cur;
	const char *lang;
};

static void
entry_free(struct entry *e)
{
	jv_free(e->head);
	jv_free(e->highlights);
	jv_free(e->summary);
	jv_free(e->keywords);
	jv_free(e->roles);
	jv_free(e->courses);
	free(e->name);
	free(e->position);
	free(e->url);
	free(e->location);
	free(e->area);
	free(e->degree);
	free(e->score);
	free(e);
}

static struct entry *
entry_new(int kind)
{
	struct entry *e = iv_xcalloc(1, sizeof *e);

	e->kind = kind;
	e->head = jv_array();
	e->highlights = jv_array();
	e->summary = jv_array();
	e->keywords = jv_array();
	e->roles = jv_array();
	e->courses = jv_array();
	return e;
}

static void
set_once(char **field, const char *value)
{
	if (!*field && value && *value)
		*field = iv_xstrdup(value);
}

/* The text of an entry (for skills found in a project). */
static char *
entry_text(struct entry *e)
{
	iv_buf b = IV_BUF_INIT;
	jv parts[] = { e->head, e->summary, e->highlights };

	for (int k = 0; k < 3; k++)
		jv_array_foreach(parts[k], i, x) {
			iv_buf_puts(&b, iv_jstr(x));
			iv_buf_putc(&b, '\n');
			jv_free(x);
		}
	return iv_buf_take(&b);
}

static jv
skill_names(const char *text)
{
	jv found = iv_skills_in_text(text), names = jv_array();

	jv_array_foreach(found, i, s) {
		names = jv_array_append(names, iv_jget(s, "name"));
		jv_free(s);
	}
	jv_free(found);
	return names;
}

static jv
add_dates(jv o, struct entry *e, int single_is_end)
{
	if (!e->dated)
		return o;
	if (e->end[0]) {
		o = jv_object_set(o, jv_string("startDate"), jv_string(e->start));
		o = jv_object_set(o, jv_string("endDate"), jv_string(e->end));
	} else {
		o = jv_object_set(o, jv_string(single_is_end ? "endDate" : "startDate"), jv_string(e->start));
	}
	return o;
}

/* A header part's role: 'p'osition, 'c'ompany, 'l'ocation, 'd'epartment or '?'. */
static int
part_class(const char *part)
{
	int pos = has_any(part, position_words), co = has_any(part, company_words);
	jv loc = iv_city(part);
	int is_loc = jv_get_kind(loc) == JV_KIND_OBJECT;

	jv_free(loc);
	if (is_loc)
		return 'l';
	if (co && !pos)
		return 'c';
	if (pos && !co)
		return 'p';
	if (pos && co) {
		/* "Acme AI Lab Research Engineer": the end tells. */
		static const char *const tails[] = { "engineer", "developer", "intern", "scientist", "工程师",
						      "实习生", "经理", "研究员", "架构师", NULL };
		size_t n = strlen(part);

		for (int i = 0; tails[i]; i++) {
			size_t k = strlen(tails[i]);

			if (n >= k && !strcasecmp(part + n - k, tails[i]))
				return 'p';
		}
		return 'c';
	}
	if (strstr(part, "部") || strstr(part, "事业群") || strstr(part, "团队") || strstr(part, "中心") ||
	    find_word(part, "team") || find_word(part, "department") || find_word(part, "dept"))
		return 'd';
	return '?';
}

static jv
finish_work(struct entry *e, int volunteer)
{
	jv o = jv_object(), unknown = jv_array();
	char *joined;

	jv_array_foreach(e->head, i, h) {
		jv parts = iv_line_parts(iv_jstr(h));
		int n = jv_array_length(jv_copy(parts));

		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part);
			int cls = part_class(s);

			/* "Engineer at Acme": the part after " at " is the company. */
			if (cls == 'p' && !e->position)
				e->position = iv_xstrdup(s);
			else if (cls == 'c' && !e->name)
				e->name = iv_xstrdup(s);
			else if (cls == 'l' && !e->location)
				e->location = iv_xstrdup(s);
			else if (cls == '?' || cls == 'd')
				unknown = jv_array_append(unknown, jv_string(s));
			(void)n;
			jv_free(part);
		}
		jv_free(parts);
		jv_free(h);
	}
	jv_array_foreach(unknown, i, u) {
		if (!e->name)
			e->name = iv_xstrdup(iv_jstr(u));
		else if (!e->position)
			e->position = iv_xstrdup(iv_jstr(u));
		jv_free(u);
	}
	jv_free(unknown);
	o = set_str(o, volunteer ? "organization" : "name", e->name);
	o = set_str(o, "position", e->position);
	o = set_str(o, "location", e->location);
	o = set_str(o, "url", e->url);
	o = add_dates(o, e, 0);
	if (arr_len(e->summary)) {
		joined = join_lines(e->summary, "\n");
		o = jv_object_set(o, jv_string("summary"), jv_string(joined));
		free(joined);
	}
	o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	if (!volunteer && e->kind == S_INTERN &&
	    !(e->position && has_any(e->position, intern_words)) && !(e->name && has_any(e->name, intern_words)))
		o = jv_object_set(o, jv_string("internship"), jv_true());
	return o;
}

/* The area of study: a part without its degree words. */
static char *
area_of(const char *part)
{
	static const char *const lead[] = {
		"'s", "s ", "degree", "of science in", "of engineering in", "of arts in", "of philosophy in",
		"of technology in", "of business administration", "of science", "of engineering", "of arts",
		"in ", "学位", "学历", "研究生", "在读", ",", ":", "-", "(", ")", "（", "）", NULL,
	};
	char *t = iv_xstrdup(part), *p;
	int which;
	size_t len;
	const char *d;

	while ((d = degree_find(t, &which, &len))) {
		memmove((char *)d, d + len, strlen(d + len) + 1);
		for (int changed = 1; changed;) {
			changed = 0;
			p = (char *)skip_space(d);
			for (int i = 0; lead[i]; i++) {
				size_t k = strlen(lead[i]);

				if (!strncasecmp(p, lead[i], k)) {
					memmove((char *)d, p + k, strlen(p + k) + 1);
					changed = 1;
					break;
				}
			}
		}
	}
	p = trimdup(t, strlen(t));
	free(t);
	{
		size_t n = strlen(p);

		while (n > 0 && strchr(",;:-(", p[n - 1]))
			p[--n] = 0;
		if (n >= 3 && (!strcmp(p + n - 3, "（") || !strcmp(p + n - 3, "，")))
			p[n - 3] = 0;
	}
	if (!*p) {
		free(p);
		return NULL;
	}
	return p;
}

static jv
finish_education(struct entry *e)
{
	jv o = jv_object(), unknown = jv_array();
	int mask = 0;
	char *area = NULL;

	if (e->degree)
		mask |= iv_degree_mask(e->degree);
	jv_array_foreach(e->head, i, h) {
		jv parts = iv_line_parts(iv_jstr(h));

		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part);
			int m = iv_degree_mask(s);
			const char *gpa = find_word(s, "GPA");

			mask |= m;
			if (gpa && !e->score) {
				const char *v = skip_space(gpa + 3);

				if (*v == ':' || !strncmp(v, "：", 3))
					v = skip_space(v + (*v == ':' ? 1 : 3));
				e->score = trimdup(v, strlen(v));
			} else if (has_any(s, school_words) && !e->name) {
				e->name = iv_xstrdup(s);
			} else if (m) {
				char *a = area_of(s);

				if (a && !area)
					area = a;
				else
					free(a);
			} else {
				jv loc = iv_city(s);

				if (jv_get_kind(loc) == JV_KIND_NULL)
					unknown = jv_array_append(unknown, jv_string(s));
				jv_free(loc);
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(h);
	}
	jv_array_foreach(unknown, i, u) {
		if (!e->name)
			e->name = iv_xstrdup(iv_jstr(u));
		else if (!area && !e->area)
			area = iv_xstrdup(iv_jstr(u));
		jv_free(u);
	}
	jv_free(unknown);
	o = set_str(o, "institution", e->name);
	o = set_str(o, "area", e->area ? e->area : area);
	o = set_str(o, "studyType", iv_degree_name(highest(mask)));
	o = add_dates(o, e, 1);
	o = set_str(o, "score", e->score);
	o = set_str(o, "url", e->url);
	if (arr_len(e->courses))
		o = jv_object_set(o, jv_string("courses"), jv_copy(e->courses));
	if (arr_len(e->highlights))
		o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	free(area);
	return o;
}

static jv
finish_project(struct entry *e)
{
	jv o = jv_object();
	char *text;

	jv_array_foreach(e->head, i, h) {
		jv parts = iv_line_parts(iv_jstr(h));

		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part);
			char *u = find_url(s);

			if (u) {
				set_once(&e->url, u);
				free(u);
			} else if (!e->name) {
				const char *v;

				e->name = iv_xstrdup(label_of(s, &v) == L_NAME ? v : s);
			} else if (has_any(s, role_words)) {
				e->roles = jv_array_append(e->roles, jv_string(s));
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(h);
	}
	o = set_str(o, "name", e->name);
	if (arr_len(e->summary)) {
		char *joined = join_lines(e->summary, "\n");

		o = jv_object_set(o, jv_string("description"), jv_string(joined));
		free(joined);
	}
	if (arr_len(e->roles))
		o = jv_object_set(o, jv_string("roles"), jv_copy(e->roles));
	o = set_str(o, "url", e->url);
	o = add_dates(o, e, 0);
	o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	if (!arr_len(e->keywords)) {
		text = entry_text(e);
		jv_free(e->keywords);
		e->keywords = skill_names(text);
		free(text);
	}
	o = jv_object_set(o, jv_string("keywords"), jv_copy(e->keywords));
	return o;
}

static void
flush_entry(struct parse *ps)
{
	struct entry *e = ps->cur;

	if (!e)
		return;
	ps->cur = NULL;
	if (!arr_len(e->head) && !arr_len(e->highlights) && !arr_len(e->summary) && !e->name) {
		entry_free(e);
		return;
	}
	switch (e->kind) {
	case S_WORK:
	case S_INTERN:
		ps->work = jv_array_append(ps->work, finish_work(e, 0));
		break;
	case S_VOLUNTEER:
		ps->volunteer = jv_array_append(ps->volunteer, finish_work(e, 1));
		break;
	case S_EDUCATION:
		ps->education = jv_array_append(ps->education, finish_education(e));
		break;
	case S_PROJECTS:
		ps->projects = jv_array_append(ps->projects, finish_project(e));
		break;
	}
	entry_free(e);
}

static int
entry_has_school(struct entry *e)
{
	int yes = e->name && has_any(e->name, school_words);

	jv_array_foreach(e->head, i, h) {
		yes |= has_any(iv_jstr(h), school_words);
		jv_free(h);
	}
	return yes;
}

/* Does a plain line look like the header of an entry (not a sentence)? */
static int
header_like(const char *s, int dated)
{
	size_t w = display_width(s), n = strlen(s);

	if (dated)
		return 1;
	if (w > 70)
		return 0;
	if (n > 0 && (s[n - 1] == '.' || (n >= 3 && (!strcmp(s + n - 3, "。") || !strcmp(s + n - 3, "；")))))
		return 0;
	return 1;
}

/* Apply a labeled line to the current entry. Returns 0 when the label
 * means nothing in this section. */
static int
entry_label(struct parse *ps, int label, const char *v)
{
	struct entry *e = ps->cur;
	char a[12], b[12];
	size_t from, to;
	int r;

	switch (label) {
	case L_DESC:
		if (*v)
			e->summary = jv_array_append(e->summary, jv_string(v));
		e->content = 1;
		break;
	case L_TECH:
		e->keywords = jv_array_concat(e->keywords, iv_split_list(v));
		break;
	case L_RESP:
	case L_RESULT:
		if (*v) {
			e->highlights = jv_array_append(e->highlights, jv_string(v));
			e->last_bullet = 1;
		}
		e->content = 1;
		break;
	case L_ROLE:
		if (e->kind == S_PROJECTS)
			e->roles = jv_array_append(e->roles, jv_string(v));
		else
			set_once(&e->position, v);
		break;
	case L_POSITION:
		set_once(&e->position, v);
		break;
	case L_COMPANY:
	case L_NAME:
	case L_SCHOOL:
		set_once(&e->name, v);
		break;
	case L_TIME:
		if ((r = iv_date_range(v, a, b, &from, &to))) {
			strcpy(e->start, a);
			strcpy(e->end, r == 2 ? b : "");
			e->dated = 1;
		}
		break;
	case L_URL: {
		char *u = find_url(v);

		set_once(&e->url, u ? u : v);
		free(u);
		break;
	}
	case L_MAJOR:
		set_once(&e->area, v);
		break;
	case L_DEGREE:
		set_once(&e->degree, v);
		if (!e->area) {
			char *ar = area_of(v);

			if (ar && strcmp(ar, v))
				e->area = ar;
			else
				free(ar);
		}
		break;
	case L_GPA:
		set_once(&e->score, v);
		break;
	case L_COURSES:
		e->courses = jv_array_concat(e->courses, iv_split_list(v));
		break;
	case L_LOCATION:
		set_once(&e->location, v);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Labels that name a new entry when the current one already has theirs. */
static int
starts_entry(struct entry *e, int label)
{
	switch (label) {
	case L_COMPANY:
	case L_NAME:
	case L_SCHOOL:
		return e->name || e->content;
	case L_TIME:
		return e->dated && e->content;
	}
	return 0;
}

static void
entry_line(struct parse *ps, int kind, const char *raw, int md, int after_gap)
{
	const char *s = skip_space(raw), *bul = md ? NULL : iv_after_bullet(s), *v;
	int indent = (int)(s - raw), label;
	struct entry *e = ps->cur;
	char a[12], b[12];
	size_t from, to;
	int dated;

	if (md) {
		flush_entry(ps);
		e = ps->cur = entry_new(kind);
	}
	if (bul) {
		if (!e)
			e = ps->cur = entry_new(kind);
		label = label_of(bul, &v);
		if (label && entry_label(ps, label, v))
			return;
		e->highlights = jv_array_append(e->highlights, jv_string(bul));
		e->content = e->last_bullet = 1;
		return;
	}
	label = label_of(s, &v);
	if (label && label < L_B_NAME) {
		if (!e || starts_entry(e, label)) {
			flush_entry(ps);
			e = ps->cur = entry_new(kind);
		}
		if (entry_label(ps, label, v))
			return;
	}
	dated = iv_date_range(s, a, b, &from, &to);
	/* A second school starts a second entry, dated or not. */
	if (e && kind == S_EDUCATION && !dated && e->dated && has_any(s, school_words) && entry_has_school(e)) {
		flush_entry(ps);
		e = ps->cur = entry_new(kind);
		e->head = jv_array_append(e->head, jv_string(s));
		return;
	}
	/* A wrapped bullet continues on an indented or lowercase line. */
	if (e && e->last_bullet && !dated && !md &&
	    (indent >= 2 || islower((unsigned char)*s)) && arr_len(e->highlights)) {
		int n = jv_array_length(jv_copy(e->highlights));
		jv last = jv_array_get(jv_copy(e->highlights), n - 1);
		char *joined = iv_xasprintf("%s%s%s", iv_jstr(last), has_cjk(s) ? "" : " ", s);

		e->highlights = jv_array_set(e->highlights, n - 1, jv_string(joined));
		free(joined);
		jv_free(last);
		return;
	}
	if (!md && e && (!header_like(s, dated) || (!dated && e->content && !after_gap && !e->last_bullet) ||
			 (!dated && e->dated && arr_len(e->head) >= 2))) {
		e->summary = jv_array_append(e->summary, jv_string(s));
		e->content = 1;
		e->last_bullet = 0;
		return;
	}
	if (!md && e && ((dated && e->dated) || e->content))
		flush_entry(ps), e = NULL;
	if (!e)
		e = ps->cur = entry_new(kind);
	e->last_bullet = 0;
	if (dated && !e->dated) {
		char *rest = iv_xasprintf("%.*s %s", (int)from, s, s + to);
		char *t = trimdup(rest, strlen(rest));

		strcpy(e->start, a);
		strcpy(e->end, dated == 2 ? b : "");
		e->dated = 1;
		if (*t)
			e->head = jv_array_append(e->head, jv_string(t));
		free(t);
		free(rest);
	} else {
		e->head = jv_array_append(e->head, jv_string(s));
	}
}

/* Items without a leading 精通/熟悉/了解/掌握 ("精通Python" -> "Python"). */
static jv
strip_levels(jv items)
{
	static const char *const words[] = { "熟练掌握", "精通", "熟悉", "熟练", "了解", "掌握", NULL };
	jv out = jv_array();

	jv_array_foreach(items, i, it) {
		const char *t = iv_jstr(it);

		for (int k = 0; words[k]; k++)
			if (!strncmp(t, words[k], strlen(words[k])) && t[strlen(words[k])]) {
				t = skip_space(t + strlen(words[k]));
				break;
			}
		out = jv_array_append(out, jv_string(t));
		jv_free(it);
	}
	jv_free(items);
	return out;
}

static void skills_clause(struct parse *ps, const char *s);

/* A skills line: "Languages: Python, Go", "熟悉 Python、Go", "Docker, Kubernetes";
 * "精通Python，熟悉Go" is two, each with its level. */
static void
skills_line(struct parse *ps, const char *s)
{
	static const char *const seps[] = { "，", "；", "。", ";", NULL };
	static const char *const lv[] = { "精通", "熟悉", "熟练", "了解", "掌握", NULL };
	int levels = 0;
	jv clauses;

	for (int i = 0; lv[i]; i++)
		for (const char *q = s; (q = strstr(q, lv[i])); q += strlen(lv[i]))
			levels++;
	if (levels < 2 || strstr(s, ":") || strstr(s, "：")) {
		skills_clause(ps, s);
		return;
	}
	clauses = iv_split_on(s, seps, 0);
	jv_array_foreach(clauses, i, c) {
		skills_clause(ps, iv_jstr(c));
		jv_free(c);
	}
	jv_free(clauses);
}

static void
skills_clause(struct parse *ps, const char *s)
{
	static const struct {
		const char *word;
		const char *level;
	} levels[] = {
		{ "精通", "Advanced" }, { "熟练掌握", "Advanced" }, { "proficient", "Advanced" },
		{ "expert", "Advanced" }, { "advanced", "Advanced" }, { "熟练", "Intermediate" },
		{ "熟悉", "Intermediate" }, { "掌握", "Intermediate" }, { "familiar", "Intermediate" },
		{ "experienced", "Intermediate" }, { "intermediate", "Intermediate" }, { "了解", "Beginner" },
		{ "basic", "Beginner" }, { "beginner", "Beginner" }, { "knowledge of", "Beginner" },
		{ NULL, NULL },
	};
	const char *colon = NULL, *level = NULL, *word = NULL, *p;
	jv item = jv_object(), kw;

	colon = iv_key_colon(s, 40, NULL);
	for (int i = 0; levels[i].word; i++)
		if ((p = find_word(s, levels[i].word)) && p - s < 8) {
			level = levels[i].level;
			word = levels[i].word;
			break;
		}
	if (colon && display_width(s) > 0) {
		char *name = trimdup(s, (size_t)(colon - s));

		if (display_width(name) <= 24 && !level) {
			item = jv_object_set(item, jv_string("name"), jv_string(name));
			kw = strip_levels(iv_split_list(colon + (*colon == ':' ? 1 : 3)));
			free(name);
			goto done;
		}
		free(name);
	}
	kw = iv_split_list(s);
	if (level || arr_len(kw) < 2) {
		jv found = skill_names(s);

		if (arr_len(found)) {
			jv_free(kw);
			kw = found;
		} else {
			jv_free(found);
		}
	}
	if (word) {
		char *w = iv_xstrdup(word);

		w[0] = (char)toupper((unsigned char)w[0]);
		item = jv_object_set(item, jv_string("name"), jv_string(w));
		free(w);
	} else {
		item = jv_object_set(item, jv_string("name"), jv_string(strcmp(ps->lang, "zh") ? "Skills" : "技能"));
	}
	if (level)
		item = jv_object_set(item, jv_string("level"), jv_string(level));
done:
	if (arr_len(kw))
		ps->skills = jv_array_append(ps->skills, jv_object_set(item, jv_string("keywords"), kw));
	else {
		jv_free(kw);
		jv_free(item);
	}
}

static void
languages_line(struct parse *ps, const char *s)
{
	jv items = iv_split_list(s);

	jv_array_foreach(items, i, it) {
		const char *t = iv_jstr(it), *cut = NULL;
		static const char *const seps[] = { "(", "（", ":", "：", " - ", " – ", " ", NULL };

		for (int k = 0; seps[k] && !cut; k++)
			cut = strstr(t, seps[k]);
		if (cut) {
			char *lang = trimdup(t, (size_t)(cut - t)), *fl;
			const char *f = cut;
			size_t n;

			while (*f && strchr("(:- ", *f))
				f++;
			if (!strncmp(f, "（", 3) || !strncmp(f, "：", 3))
				f += 3;
			if (!strncmp(f, "– ", 4))
				f += 4;
			fl = trimdup(f, strlen(f));
			n = strlen(fl);
			if (n && fl[n - 1] == ')')
				fl[--n] = 0;
			if (n >= 3 && !strcmp(fl + n - 3, "）"))
				fl[n - 3] = 0;
			ps->languages = jv_array_append(ps->languages,
				*fl ? JV_OBJECT(jv_string("language"), jv_string(lang), jv_string("fluency"), jv_string(fl)) :
				      JV_OBJECT(jv_string("language"), jv_string(lang)));
			free(lang);
			free(fl);
		} else {
			ps->languages = jv_array_append(ps->languages, JV_OBJECT(jv_string("language"), jv_string(t)));
		}
		jv_free(it);
	}
	jv_free(items);
}

/* An item with an optional date: awards, certificates, publications. */
static jv
dated_item(const char *s, const char *name_key, const char *date_key)
{
	char a[12], b[12];
	size_t from, to;
	int r = iv_date_range(s, a, b, &from, &to);
	jv o = jv_object();

	if (r) {
		char *rest = iv_xasprintf("%.*s %s", (int)from, s, s + to), *t;
		size_t n;

		t = trimdup(rest, strlen(rest));
		n = strlen(t);
		while (n > 0 && strchr(",|-:", t[n - 1]))
			t[--n] = 0;
		{
			char *t2 = trimdup(t, strlen(t));
			size_t k = 0;

			while (t2[k] && strchr(",|-:", t2[k]))
				k++;
			o = jv_object_set(o, jv_string(name_key), jv_string(skip_space(t2 + k)));
			free(t2);
		}
		o = jv_object_set(o, jv_string(date_key), jv_string(r == 2 ? b : a));
		free(t);
		free(rest);
	} else {
		o = jv_object_set(o, jv_string(name_key), jv_string(s));
	}
	return o;
}

/* ---- basics ---- */

static int
name_like(const char *s)
{
	size_t n = strlen(s), i = 0, cjk = 0, words = 0;
	uint32_t cp;
	int in_word = 0;

	if (!n || n > 40)
		return 0;
	while (i < n) {
		int len = iv_utf8_decode(s + i, n - i, &cp);

		if (iv_is_cjk(cp)) {
			cjk++;
		} else if (cp == ' ') {
			in_word = 0;
		} else if (cp < 0x80 && (isalpha((int)cp) || cp == '-' || cp == '\'' || cp == '.')) {
			if (!in_word) {
				if (!isupper((int)cp))
					return 0;
				words++;
			}
			in_word = 1;
		} else if (cp == 0xb7 || cp == 0x2022) {
			/* 阿依古丽·买买提 */
		} else if (cp >= 0xc0 && cp < 0x250) {
			in_word = 1;
		} else {
			return 0;
		}
		i += (size_t)len;
	}
	if (cjk && words)
		return 0;
	return (cjk >= 2 && cjk <= 6) || (words >= 1 && words <= 4 && !cjk);
}

static const char *const not_names[] = { "简历", "个人简历", "resume", "curriculum vitae", "cv", "résumé", NULL };

static int
skip_header_part(const char *s)
{
	static const char *const noise[] = { "男", "女", "male", "female", "党员", "中共党员", "共青团员", NULL };
	size_t n = strlen(s);

	for (int i = 0; not_names[i]; i++)
		if (!strcasecmp(s, not_names[i]))
			return 1;
	for (int i = 0; noise[i]; i++)
		if (!strcasecmp(s, noise[i]))
			return 1;
	/* "28岁", "5年工作经验" */
	if (n > 3 && isdigit((unsigned char)s[0]) && (strstr(s, "岁") || strstr(s, "年")))
		return 1;
	return iv_degree_mask(s) && display_width(s) <= 12;
}

static jv
build_basics(struct parse *ps)
{
	char *name = NULL, *label = NULL, *email = NULL, *phone = NULL, *url = NULL;
	jv loc = jv_null(), profiles = jv_array(), o = jv_object();

	jv_array_foreach(ps->header, i, line) {
		const char *ls = iv_jstr(line);
		jv parts = iv_line_parts(ls);
		size_t at, n;

		/* A phone number may hold the separators that split parts. */
		if (!phone && (n = iv_phone_find(ls, 0, &at)))
			phone = iv_xstrndup(ls + at, n);
		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part), *v;
			int lab = label_of(s, &v);
			char *e, *u;

			if (lab == L_B_NAME) {
				set_once(&name, v);
			} else if (lab == L_B_LABEL || lab == L_POSITION) {
				set_once(&label, v);
			} else if (lab == L_B_PHONE) {
				if (!phone) {
					phone = (n = iv_phone_find(v, 1, &at)) ? iv_xstrndup(v + at, n) : iv_xstrdup(v);
				}
			} else if (lab == L_LOCATION) {
				if (jv_get_kind(loc) == JV_KIND_NULL) {
					jv_free(loc);
					loc = iv_city(v);
					if (jv_get_kind(loc) == JV_KIND_NULL && *v) {
						jv_free(loc);
						loc = JV_OBJECT(jv_string("address"), jv_string(v));
					}
				}
			} else if ((e = find_email(s))) {
				set_once(&email, e);
				free(e);
			} else if ((u = find_url(s))) {
				jv p = profile_of(u);

				if (jv_get_kind(p) == JV_KIND_OBJECT) {
					int dup = 0;

					jv_array_foreach(profiles, k, q) {
						jv a = iv_jget(q, "url"), b = iv_jget(p, "url");

						dup |= jv_equal(a, b);
						jv_free(q);
					}
					if (dup)
						jv_free(p);
					else
						profiles = jv_array_append(profiles, p);
				} else {
					set_once(&url, u);
					jv_free(p);
				}
				free(u);
			} else if (lab == L_B_IGNORE || lab == L_B_EMAIL || lab == L_B_URL) {
				/* a labeled field we keep no value of */
			} else if (iv_phone_find(s, 0, &at)) {
				/* found above */
			} else {
				jv l = iv_city(s);

				if (jv_get_kind(l) == JV_KIND_OBJECT) {
					if (jv_get_kind(loc) == JV_KIND_NULL) {
						jv_free(loc);
						loc = l;
					} else {
						jv_free(l);
					}
				} else if (!skip_header_part(s)) {
					jv_free(l);
					if (!name && name_like(s) && i < 3)
						name = iv_xstrdup(s);
					else if (!label && has_any(s, position_words) && display_width(s) <= 60)
						label = iv_xstrdup(s);
				} else {
					jv_free(l);
				}
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(line);
	}
	/* "张 三": a spaced-out Chinese name. */
	if (name && has_cjk(name) && strchr(name, ' ')) {
		char *d = name;

		for (char *p = name; *p; p++)
			if (*p != ' ')
				*d++ = *p;
		*d = 0;
	}
	o = set_str(o, "name", name);
	o = set_str(o, "label", label);
	o = set_str(o, "email", email);
	o = set_str(o, "phone", phone);
	o = set_str(o, "url", url);
	if (arr_len(ps->summary)) {
		char *s = join_lines(ps->summary, "\n");

		o = jv_object_set(o, jv_string("summary"), jv_string(s));
		free(s);
	}
	if (jv_get_kind(loc) == JV_KIND_OBJECT)
		o = jv_object_set(o, jv_string("location"), loc);
	else
		jv_free(loc);
	o = jv_object_set(o, jv_string("profiles"), profiles);
	free(name);
	free(label);
	free(email);
	free(phone);
	free(url);
	return o;
}

/* ---- parsing ---- */

/* "技术栈：..." in a project is the project's, not a skills section. */
static int
entry_label_line(int sec, const char *s)
{
	const char *v;
	int label;

	if (sec != S_WORK && sec != S_INTERN && sec != S_EDUCATION && sec != S_PROJECTS && sec != S_VOLUNTEER)
		return 0;
	label = label_of(s, &v);
	return label != L_NONE && label < L_B_NAME;
}

/* Skills in text, not counting web and mail addresses ("github.com/x" is
 * not Git). */
static jv
skills_in(const char *text)
{
	char *t = iv_xstrdup(text), *u;
	jv names;

	for (char *p = t; (u = find_url(p)); free(u)) {
		const char *host = strstr(u, "://") + 3;
		/* "https://" alone has an empty host, found anywhere: look for
		 * the URL itself, or the loop never moves on. */
		char *at = *host ? strstr(p, host) : NULL;

		if (!at)
			at = strstr(p, u);
		if (!at)
			break;
		p = at;
		while (url_char(p))
			*p++ = ' ';
	}
	for (char *at = strchr(t, '@'); at; at = strchr(at + 1, '@')) {
		char *a = at, *b = at + 1;

		while (a > t && email_char(a[-1]))
			a--;
		while (*b && (isalnum((unsigned char)*b) || *b == '-' || *b == '.'))
			b++;
		memset(a, ' ', (size_t)(b - a));
		at = b - 1;
	}
	names = skill_names(t);
	free(t);
	return names;
}

jv
iv_resume_parse(const char *text, int flags)
{
	struct parse ps = { 0 };
	jv lines = iv_text_lines(text, flags), out;
	int sec = S_HEADER, gap = 0, nlines = jv_array_length(jv_copy(lines));

	ps.header = jv_array();
	ps.summary = jv_array();
	ps.work = jv_array();
	ps.education = jv_array();
	ps.projects = jv_array();
	ps.volunteer = jv_array();
	ps.skills = jv_array();
	ps.languages = jv_array();
	ps.awards = jv_array();
	ps.certificates = jv_array();
	ps.publications = jv_array();
	ps.interests = jv_array();
	ps.lang = iv_text_lang(text);
	for (int i = 0; i < nlines; i++) {
		jv line = jv_array_get(jv_copy(lines), i);
		const char *raw = iv_jstr(line), *s = skip_space(raw), *rest = NULL, *bul;
		int md = 0, kind;

		if (!*s) {
			gap = 1;
			jv_free(line);
			continue;
		}
		while (s[md] == '#')
			md++;
		if (md && s[md] != ' ')
			md = 0;
		bul = md ? NULL : iv_after_bullet(s);
		kind = bul ? -1 : heading_kind(s);
		if (kind < 0 && !bul && (sec != S_SKILLS || md) && !entry_label_line(sec, s))
			kind = inline_heading(md ? skip_space(s + md) : s, &rest);
		if (kind >= 0) {
			flush_entry(&ps);
			sec = kind;
			gap = 0;
			if (!rest) {
				jv_free(line);
				continue;
			}
			s = rest;
		}
		switch (sec) {
		case S_HEADER:
		case S_BASICS:
			ps.header = jv_array_append(ps.header, jv_string(md ? skip_space(s + md) : s));
			break;
		case S_SUMMARY:
			ps.summary = jv_array_append(ps.summary, jv_string(bul ? bul : md ? skip_space(s + md) : s));
			break;
		case S_WORK:
		case S_INTERN:
		case S_EDUCATION:
		case S_PROJECTS:
		case S_VOLUNTEER:
			entry_line(&ps, sec, md ? skip_space(s + md) : rest ? s : raw, md, gap);
			break;
		case S_SKILLS:
			skills_line(&ps, bul ? bul : md ? skip_space(s + md) : s);
			break;
		case S_LANGUAGES:
			languages_line(&ps, bul ? bul : s);
			break;
		case S_AWARDS:
			ps.awards = jv_array_append(ps.awards, dated_item(bul ? bul : s, "title", "date"));
			break;
		case S_CERTS:
			ps.certificates = jv_array_append(ps.certificates, dated_item(bul ? bul : s, "name", "date"));
			break;
		case S_PUBLICATIONS:
			ps.publications = jv_array_append(ps.publications, dated_item(bul ? bul : s, "name", "releaseDate"));
			break;
		case S_INTERESTS: {
			jv items = iv_split_list(bul ? bul : s);

			jv_array_foreach(items, k, it)
				ps.interests = jv_array_append(ps.interests, JV_OBJECT(jv_string("name"), it));
			jv_free(items);
			break;
		}
		}
		gap = 0;
		jv_free(line);
	}
	flush_entry(&ps);
	jv_free(lines);
	out = JV_OBJECT(jv_string("basics"), build_basics(&ps), jv_string("work"), ps.work);
	out = set_nonempty(out, "volunteer", ps.volunteer);
	out = jv_object_set(out, jv_string("education"), ps.education);
	out = jv_object_set(out, jv_string("awards"), ps.awards);
	out = set_nonempty(out, "certificates", ps.certificates);
	out = set_nonempty(out, "publications", ps.publications);
	out = jv_object_set(out, jv_string("skills"), ps.skills);
	out = jv_object_set(out, jv_string("languages"), ps.languages);
	out = set_nonempty(out, "interests", ps.interests);
	out = jv_object_set(out, jv_string("projects"), ps.projects);
	out = jv_object_set(out, jv_string("extracted_skills"), skills_in(text));
	out = jv_object_set(out, jv_string("lang"), jv_string(ps.lang));
	jv_free(ps.header);
	jv_free(ps.summary);
	return out;
}

/* ---- JSON Resume in, checked ---- */

static const struct section_fields {
	const char *section;
	const char *strings;	/* space-separated */
	const char *lists;	/* arrays of strings */
} sections[] = {
	{ "work", "name position url startDate endDate summary location description", "highlights" },
	{ "volunteer", "organization position url startDate endDate summary", "highlights" },
	{ "education", "institution url area studyType startDate endDate score", "courses" },
	{ "awards", "title date awarder summary", "" },
	{ "certificates", "name date issuer url", "" },
	{ "publications", "name publisher releaseDate url summary", "" },
	{ "skills", "name level", "keywords" },
	{ "languages", "language fluency", "" },
	{ "interests", "name", "keywords" },
	{ "references", "name reference", "" },
	{ "projects", "name description url startDate endDate entity type", "highlights keywords roles" },
	{ NULL, NULL, NULL },
};

static int
in_list(const char *list, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = list; (p = strstr(p, key)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* Check the fields of one object against strings and lists; where names
 * the object in messages ("work[1]"). */
static char *
check_fields(jv obj, const char *where, const char *strings, const char *lists)
{
	char *err = NULL;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return iv_xasprintf("%s: expected object, got %s", where, iv_json_kind_name(jv_get_kind(obj)));
	jv_object_foreach(obj, k, v) {
		const char *key = jv_string_value(k);

		if (!err && in_list(strings, key) && jv_get_kind(v) != JV_KIND_STRING && jv_get_kind(v) != JV_KIND_NULL)
			err = iv_xasprintf("%s.%s: expected string, got %s", where, key, iv_json_kind_name(jv_get_kind(v)));
		if (!err && in_list(lists, key)) {
			if (jv_get_kind(v) != JV_KIND_ARRAY) {
				err = iv_xasprintf("%s.%s: expected array, got %s", where, key, iv_json_kind_name(jv_get_kind(v)));
			} else {
				jv_array_foreach(v, i, x) {
					if (!err && jv_get_kind(x) != JV_KIND_STRING)
						err = iv_xasprintf("%s.%s[%d]: expected string, got %s", where, key, i,
								   iv_json_kind_name(jv_get_kind(x)));
					jv_free(x);
				}
			}
		}
		jv_free(k);
		jv_free(v);
	}
	return err;
}

char *
iv_resume_check(jv obj)
{
	char *err = NULL;
	jv basics;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return iv_xasprintf("expected an object, got %s", iv_json_kind_name(jv_get_kind(obj)));
	basics = iv_jget(obj, "basics");
	if (jv_get_kind(basics) != JV_KIND_NULL) {
		err = check_fields(basics, "basics", "name label image email phone url summary", "");
		if (!err) {
			jv loc = iv_jget(basics, "location"), prof = iv_jget(basics, "profiles");

			if (jv_get_kind(loc) != JV_KIND_NULL)
				err = check_fields(loc, "basics.location", "address postalCode city countryCode region", "");
			if (!err && jv_get_kind(prof) != JV_KIND_NULL) {
				if (jv_get_kind(prof) != JV_KIND_ARRAY)
					err = iv_xasprintf("basics.profiles: expected array, got %s",
							   iv_json_kind_name(jv_get_kind(prof)));
				else
					jv_array_foreach(prof, i, p) {
						char where[64];

						snprintf(where, sizeof where, "basics.profiles[%d]", i);
						if (!err)
							err = check_fields(p, where, "network username url", "");
						jv_free(p);
					}
			}
			jv_free(loc);
			jv_free(prof);
		}
	}
	jv_free(basics);
	for (int s = 0; !err && sections[s].section; s++) {
		jv arr = iv_jget(obj, sections[s].section);

		if (jv_get_kind(arr) == JV_KIND_NULL) {
			jv_free(arr);
			continue;
		}
		if (jv_get_kind(arr) != JV_KIND_ARRAY) {
			err = iv_xasprintf("%s: expected array, got %s", sections[s].section,
					   iv_json_kind_name(jv_get_kind(arr)));
			jv_free(arr);
			break;
		}
		jv_array_foreach(arr, i, x) {
			char where[64];

			snprintf(where, sizeof where, "%s[%d]", sections[s].section, i);
			if (!err)
				err = check_fields(x, where, sections[s].strings, sections[s].lists);
			jv_free(x);
		}
		jv_free(arr);
	}
	if (!err) {
		static const char *const need[] = { "basics", "work", "education", "skills", "projects", NULL };
		int any = 0;

		for (int i = 0; need[i]; i++) {
			jv v = iv_jget(obj, need[i]);

			any |= jv_get_kind(v) != JV_KIND_NULL;
			jv_free(v);
		}
		if (!any)
			err = iv_xstrdup("not a JSON Resume (no basics, work, education, skills or projects)");
	}
	return err;
}

/* Every string in v, one per line. */
static void
all_strings(jv v, iv_buf *b)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		iv_buf_puts(b, jv_string_value(v));
		iv_buf_putc(b, '\n');
		break;
	case JV_KIND_ARRAY:
		jv_array_foreach(v, i, x)
			all_strings(x, b);
		break;
	case JV_KIND_OBJECT:
		jv_object_foreach(v, k, x) {
			all_strings(x, b);
			jv_free(k);
		}
		break;
	default:
		break;
	}
	jv_free(v);
}

/* Is there anything of a resume in r (borrowed)? */
static int
looks_like_resume(jv r)
{
	static const char *const parts[] = { "work", "education", "projects", "extracted_skills", NULL };
	jv b = iv_jget(r, "basics");
	int any = 0;

	for (const char *k = "name\0email\0phone\0"; *k; k += strlen(k) + 1) {
		jv v = iv_jget(b, k);

		any |= jv_get_kind(v) == JV_KIND_STRING;
		jv_free(v);
	}
	jv_free(b);
	for (int i = 0; parts[i]; i++) {
		jv v = iv_jget(r, parts[i]);

		any |= arr_len(v) > 0;
		jv_free(v);
	}
	return any;
}

jv
iv_resume_from_doc(const iv_doc *d, const char *source)
{
	static const char *const ours[] = {
		"id", "version", "is_default", "existing", "source", "sha256", "extracted_skills", "lang", NULL,
	};
	jv r;

	if (!strcmp(d->type, "json")) {
		iv_buf b = IV_BUF_INIT;
		char *err;

		r = iv_doc_json(d);
		if (!jv_is_valid(r))
			return r;
		if ((err = iv_resume_check(r))) {
			jv e = jv_invalid_with_msg(jv_string_fmt("JSON Resume: %s", err));

			free(err);
			jv_free(r);
			return e;
		}
		for (int i = 0; ours[i]; i++)
			r = jv_object_delete(r, jv_string(ours[i]));
		all_strings(jv_copy(r), &b);
		r = jv_object_set(r, jv_string("extracted_skills"), skills_in(b.s ? b.s : ""));
		r = jv_object_set(r, jv_string("lang"), jv_string(iv_text_lang(b.s ? b.s : "")));
		iv_buf_free(&b);
	} else {
		r = iv_resume_parse(d->text, !strcmp(d->type, "pdf") ? IV_RESUME_LAYOUT : 0);
		if (!looks_like_resume(r)) {
			jv_free(r);
			return jv_invalid_with_msg(jv_string("nothing in it looks like a resume "
							     "(no name, contact, sections or known skills)"));
		}
	}
	r = jv_object_set(r, jv_string("source"), jv_string(source));
	return jv_object_set(r, jv_string("sha256"), jv_string(d->sha256));
}

/* ---- evidence, experience, degree ---- */

static jv
add_line(jv out, const char *text, const char *section, const char *entry)
{
	if (!text || !*text)
		return out;
	return jv_array_append(out, JV_OBJECT(jv_string("text"), jv_string(text), jv_string("section"),
					      jv_string(section), jv_string("entry"), jstr_or_null(entry)));
}

/* Each line of a multi-line string as its own line of evidence. */
static jv
add_text(jv out, jv s, const char *section, const char *entry)
{
	if (jv_get_kind(s) == JV_KIND_STRING) {
		char *t = iv_xstrdup(jv_string_value(s));

		for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n"))
			out = add_line(out, line, section, entry);
		free(t);
	}
	jv_free(s);
	return out;
}

static jv
add_list(jv out, jv list, const char *section, const char *entry)
{
	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, x) {
			out = add_text(out, x, section, entry);
		}
	jv_free(list);
	return out;
}

jv
iv_resume_lines(jv resume)
{
	jv out = jv_array(), arr, basics = iv_jget(resume, "basics");

	arr = iv_jget(resume, "work");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, w) {
			char *name = iv_jstrdup(w, "name"), *pos = iv_jstrdup(w, "position");
			char *head = iv_xasprintf("%s%s%s", pos ? pos : "", pos && name ? ", " : "", name ? name : "");

			out = add_line(out, head, "work", name ? name : pos);
			out = add_text(out, iv_jget(w, "summary"), "work", name ? name : pos);
			out = add_list(out, iv_jget(w, "highlights"), "work", name ? name : pos);
			free(head);
			free(name);
			free(pos);
			jv_free(w);
		}
	jv_free(arr);
	arr = iv_jget(resume, "projects");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, p) {
			char *name = iv_jstrdup(p, "name");
			jv kw = iv_jget(p, "keywords");

			out = add_line(out, name, "projects", name);
			out = add_text(out, iv_jget(p, "description"), "projects", name);
			out = add_list(out, iv_jget(p, "highlights"), "projects", name);
			if (arr_len(kw)) {
				char *k = join_lines(kw, ", ");

				out = add_line(out, k, "projects", name);
				free(k);
			}
			jv_free(kw);
			free(name);
			jv_free(p);
		}
	jv_free(arr);
	out = add_text(out, iv_jget(basics, "label"), "summary", NULL);
	out = add_text(out, iv_jget(basics, "summary"), "summary", NULL);
	arr = iv_jget(resume, "volunteer");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, w) {
			char *name = iv_jstrdup(w, "organization");

			out = add_text(out, iv_jget(w, "summary"), "volunteer", name);
			out = add_list(out, iv_jget(w, "highlights"), "volunteer", name);
			free(name);
			jv_free(w);
		}
	jv_free(arr);
	arr = iv_jget(resume, "education");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, e) {
			char *inst = iv_jstrdup(e, "institution");

			out = add_text(out, iv_jget(e, "area"), "education", inst);
			out = add_list(out, iv_jget(e, "courses"), "education", inst);
			out = add_list(out, iv_jget(e, "highlights"), "education", inst);
			free(inst);
			jv_free(e);
		}
	jv_free(arr);
	for (const char *k = "awards\0certificates\0publications\0"; *k; k += strlen(k) + 1) {
		arr = iv_jget(resume, k);
		if (jv_get_kind(arr) == JV_KIND_ARRAY)
			jv_array_foreach(arr, i, a) {
				out = add_text(out, iv_jget(a, k[0] == 'a' ? "title" : "name"), k, NULL);
				out = add_text(out, iv_jget(a, "summary"), k, NULL);
				jv_free(a);
			}
		jv_free(arr);
	}
	arr = iv_jget(resume, "skills");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, s) {
			char *name = iv_jstrdup(s, "name");
			jv kw = iv_jget(s, "keywords");
			char *k = arr_len(kw) ? join_lines(kw, ", ") : NULL;
			char *line = iv_xasprintf("%s%s%s", name ? name : "", name && k ? ": " : "", k ? k : "");

			out = add_line(out, line, "skills", name);
			free(line);
			free(k);
			free(name);
			jv_free(kw);
			jv_free(s);
		}
	jv_free(arr);
	jv_free(basics);
	return out;
}

/* A date as months since year 0: "2021-09", "2021-09-01", "2021" (its
 * first or last month), "present"; -1 when it is none of these. */
static int
month_index(const char *s, int is_end)
{
	int y, m = is_end ? 12 : 1, len;

	if (!s || !*s || !strcasecmp(s, "present")) {
		time_t t = iv_now_t();
		struct tm tm;

		gmtime_r(&t, &tm);
		return (tm.tm_year + 1900) * 12 + tm.tm_mon;
	}
	if ((y = year_at(s)) < 0)
		return -1;
	if (s[4] == '-' && (m = num_at(s + 5, 2, 2, &len)) < 1)
		return -1;
	if (m > 12)
		return -1;
	return y * 12 + m - 1;
}

static int
by_first(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

int
iv_resume_months(jv resume)
{
	jv work = iv_jget(resume, "work");
	int (*iv)[2] = NULL, n = 0, total = 0, cur_s = -1, cur_e = -1;

	if (jv_get_kind(work) == JV_KIND_ARRAY)
		jv_array_foreach(work, i, w) {
			char *start = iv_jstrdup(w, "startDate"), *end = iv_jstrdup(w, "endDate");
			char *pos = iv_jstrdup(w, "position"), *name = iv_jstrdup(w, "name");
			int s = month_index(start, 0), e = month_index(end, 1);
			int intern = iv_jbool(w, "internship", 0) || (pos && has_any(pos, intern_words)) ||
				     (name && has_any(name, intern_words));

			if (start && s >= 0 && e >= s && !intern) {
				iv = iv_xrealloc(iv, sizeof *iv * (size_t)(n + 1));
				iv[n][0] = s;
				iv[n][1] = e;
				n++;
			}
			free(start);
			free(end);
			free(pos);
			free(name);
			jv_free(w);
		}
	jv_free(work);
	if (n)
		qsort(iv, (size_t)n, sizeof *iv, by_first);
	for (int i = 0; i < n; i++) {
		if (cur_e >= 0 && iv[i][0] <= cur_e + 1) {
			if (iv[i][1] > cur_e)
				cur_e = iv[i][1];
			continue;
		}
		if (cur_e >= 0)
			total += cur_e - cur_s + 1;
		cur_s = iv[i][0];
		cur_e = iv[i][1];
	}
	if (cur_e >= 0)
		total += cur_e - cur_s + 1;
	free(iv);
	return total;
}

int
iv_resume_degree(jv resume)
{
	jv edu = iv_jget(resume, "education");
	int best = 0;

	if (jv_get_kind(edu) == JV_KIND_ARRAY)
		jv_array_foreach(edu, i, e) {
			char *t = iv_jstrdup(e, "studyType");
			int r = iv_degree_rank(t);

			if (r > best)
				best = r;
			free(t);
			jv_free(e);
		}
	jv_free(edu);
	return best;
}

/* ---- the store ---- */

jv
iv_resume_store(sqlite3 *db, long long user_id, jv resume, const char *file_type, int make_default)
{
	int own = sqlite3_get_autocommit(db), version, is_default;
	char *sha = iv_jstrdup(resume, "sha256"), *source = iv_jstrdup(resume, "source");
	jv basics = iv_jget(resume, "basics"), row, out = jv_invalid(), params;
	char *name = iv_jstrdup(basics, "name"), *label = iv_jstrdup(basics, "label");
	const char *now = iv_now(), *base;

	if (!sha)
		return jv_invalid_with_msg(jv_string("the resume has no sha256"));
	if (own && iv_db_begin(db) < 0) {
		out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
		goto done;
	}
	row = iv_db_row(db, "SELECT id, version, is_default FROM resumes WHERE user_id = ? AND sha256 = ?",
			JV_ARRAY(jv_number((double)user_id), jv_string(sha)));
	if (!jv_is_valid(row)) {
		out = row;
		goto fail;
	}
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		long long id = (long long)iv_jnum(row, "id", 0);

		if (make_default && iv_set_default(db, "resumes", user_id, id) < 0) {
			jv_free(row);
			out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
			goto fail;
		}
		out = JV_OBJECT(jv_string("id"), jv_number((double)id), jv_string("version"), iv_jget(row, "version"),
				jv_string("is_default"), jv_bool(make_default || iv_jnum(row, "is_default", 0) != 0),
				jv_string("existing"), jv_true());
		jv_free(row);
		goto commit;
	}
	jv_free(row);
	row = iv_db_row(db, "SELECT coalesce(max(version), 0) + 1 AS v, coalesce(max(is_default), 0) AS d "
			"FROM resumes WHERE user_id = ?", JV_ARRAY(jv_number((double)user_id)));
	if (!jv_is_valid(row)) {
		out = row;
		goto fail;
	}
	version = (int)iv_jnum(row, "v", 1);
	is_default = make_default || iv_jnum(row, "d", 0) == 0;
	jv_free(row);
	if (is_default && iv_db_exec(db, "UPDATE resumes SET is_default = 0, updated_at = ? "
				     "WHERE user_id = ? AND is_default = 1",
				     JV_ARRAY(jv_string(now), jv_number((double)user_id))) < 0)
		goto dberr;
	base = source && strcmp(source, "-") ? (strrchr(source, '/') ? strrchr(source, '/') + 1 : source) : NULL;
	params = JV_ARRAY(jv_number((double)user_id), jstr_or_null(name ? name : base), jstr_or_null(label),
			  jstr_or_null(base), jstr_or_null(file_type), jv_string(sha), iv_jget(resume, "lang"));
	params = jv_array_concat(params, JV_ARRAY(jv_copy(resume), iv_jget(resume, "extracted_skills"),
						  jv_number(version), jv_bool(is_default), jv_string(now), jv_string(now)));
	if (iv_db_exec(db, "INSERT INTO resumes (user_id, title, target_position, original_filename, file_type, "
		       "sha256, lang, parsed_data, extracted_skills, version, is_default, parse_status, "
		       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'parsed', ?, ?)", params) < 0)
		goto dberr;
	out = JV_OBJECT(jv_string("id"), jv_number((double)iv_db_last_id(db)), jv_string("version"),
			jv_number(version), jv_string("is_default"), jv_bool(is_default), jv_string("existing"),
			jv_false());
commit:
	if (own && iv_db_commit(db) < 0) {
		jv_free(out);
		out = jv_invalid_with_msg(jv_string("can't commit"));
	}
	goto done;
dberr:
	out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
fail:
	if (own)
		iv_db_rollback(db);
done:
	jv_free(basics);
	free(sha);
	free(source);
	free(name);
	free(label);
	return out;
}

int
iv_set_default(sqlite3 *db, const char *table, long long user_id, long long id)
{
	char *check = iv_xasprintf("SELECT id FROM %s WHERE user_id = ? AND id = ?", table);
	char *clear = iv_xasprintf("UPDATE %s SET is_default = 0, updated_at = ? "
				   "WHERE user_id = ? AND is_default = 1 AND id <> ?", table);
	char *set = iv_xasprintf("UPDATE %s SET is_default = 1, updated_at = ? WHERE id = ? AND is_default = 0",
				 table);
	jv row = iv_db_row(db, check, JV_ARRAY(jv_number((double)user_id), jv_number((double)id)));
	int rc = -1;

	/* Clear the old default first: one default per user is a unique index. */
	if (jv_get_kind(row) == JV_KIND_OBJECT &&
	    iv_db_exec(db, clear, JV_ARRAY(jv_string(iv_now()), jv_number((double)user_id),
					   jv_number((double)id))) == 0 &&
	    iv_db_exec(db, set, JV_ARRAY(jv_string(iv_now()), jv_number((double)id))) == 0)
		rc = 0;
	jv_free(row);
	free(check);
	free(clear);
	free(set);
	return rc;
}

jv
iv_make_default(sqlite3 *db, const char *table, const char *what, long long user_id, long long id)
{
	if (iv_db_begin(db) < 0)
		return jv_invalid_with_msg(jv_string("can't start a transaction"));
	if (iv_set_default(db, table, user_id, id) < 0) {
		iv_db_rollback(db);
		return jv_invalid_with_msg(jv_string_fmt("no %s %lld", what, id));
	}
	if (iv_db_commit(db) < 0)
		return jv_invalid_with_msg(jv_string_fmt("can't make %s %lld the default", what, id));
	return iv_owned_get(db, table, user_id, id);
}
