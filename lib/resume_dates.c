/* resume_dates.c — dates in resumes into ISO 8601 (resume_dates.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "resume_dates.h"
#include "resume_chars.h"

/* ---- dates ---- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

static const struct {
	const char *name;
	int month;
} seasons[] = {
	{ "spring", 3 }, { "summer", 6 }, { "fall", 9 }, { "autumn", 9 }, { "winter", 1 }, { NULL, 0 },
};

int
rp_year_at(const char *s)
{
	int len, y = rp_num_at(s, 4, 4, &len);

	return y >= 1950 && y <= 2099 ? y : -1;
}

static size_t
present_at(const char *s, int after_sep)
{
	static const char *const en[] = { "present", "now", "current", "today", "ongoing", "till now", "to date", "till date", NULL };
	static const char *const zh[] = { "至今", "现在", "目前", "在职", "在读", "今", NULL };

	for (int i = 0; en[i]; i++) {
		size_t n = strlen(en[i]);

		if (!strncasecmp(s, en[i], n) && !isalpha((unsigned char)s[n]))
			return n;
	}
	/* "2019 to date", "Aug 2023 till date" */
	if (after_sep && !strncasecmp(s, "date", 4) && !isalpha((unsigned char)s[4]))
		return 4;
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
	if ((y = rp_year_at(s)) > 0) {
		p = s + 4;
		if ((*p == '.' || *p == '/' || *p == '-') && (m = rp_num_at(p + 1, 1, 2, &len)) >= 1 && m <= 12) {
			p += 1 + len;
			if ((*p == '.' || *p == '/' || *p == '-') && (d = rp_num_at(p + 1, 1, 2, &len)) >= 1 && d <= 31)
				p += 1 + len;
			ym(out, y, m);
			return (size_t)(p - s);
		}
		if (!strncmp(p, "年", 3)) {
			const char *q = rp_skip_space(p + 3);

			if ((m = rp_num_at(q, 1, 2, &len)) >= 1 && m <= 12) {
				q += len;
				if (!strncmp(q, "月", 3))
					q += 3;
				if ((d = rp_num_at(q, 1, 2, &len)) >= 1 && d <= 31 &&
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
	if ((m = rp_num_at(s, 1, 2, &len)) >= 1 && m <= 12 && (s[len] == '/' || s[len] == '.' || s[len] == '-') &&
	    (y = rp_year_at(s + len + 1)) > 0) {
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
		p = rp_skip_space(p);
		if ((y = rp_year_at(p)) > 0) {
			ym(out, y, m + 1);
			return (size_t)(p + 4 - s);
		}
	}
	/* "Summer 2017", "Fall, 2019": the season's first month as a
	 * student's year has it (winter term in January) */
	for (int i = 0; seasons[i].name; i++) {
		size_t k = strlen(seasons[i].name);

		if (strncasecmp(s, seasons[i].name, k) || isalpha((unsigned char)s[k]))
			continue;
		p = s + k;
		if (*p == ',')
			p++;
		p = rp_skip_space(p);
		if ((y = rp_year_at(p)) > 0) {
			ym(out, y, seasons[i].month);
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
	const char *p = rp_skip_space(s);

	for (int i = 0; seps[i]; i++) {
		size_t n = strlen(seps[i]);

		if (!strncmp(p, seps[i], n) && !(isalpha((unsigned char)seps[i][0]) && isalpha((unsigned char)p[n])))
			return (size_t)(rp_skip_space(p + n) - s);
	}
	return 0;
}

/* A lone year counts as a date when it stands apart: "..., 2020" or "(2020)". */
static int
isolated(const char *s, size_t from, size_t to)
{
	const char *p = s + to;
	size_t i = from;

	p = rp_skip_space(p);
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

		if (i > 0 && rp_is_alnum_byte((unsigned char)s[i - 1]))
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

/* A date as months since year 0: "2021-09", "2021-09-01", "2021" (its
 * first or last month), "present"; -1 when it is none of these. */
int
rp_month_index(const char *s, int is_end)
{
	int y, m = is_end ? 12 : 1, len;

	if (!s || !*s || !strcasecmp(s, "present")) {
		time_t t = iv_now_t();
		struct tm tm;

		gmtime_r(&t, &tm);
		return (tm.tm_year + 1900) * 12 + tm.tm_mon;
	}
	if ((y = rp_year_at(s)) < 0)
		return -1;
	if (s[4] == '-' && (m = rp_num_at(s + 5, 2, 2, &len)) < 1)
		return -1;
	if (m > 12)
		return -1;
	return y * 12 + m - 1;
}

/* The dates of one entry (consumed) in ISO 8601; a current end taken out. */
static jv
entry_dates(jv e)
{
	static const char *const keys[] = { "startDate", "endDate", "date", "releaseDate", NULL };

	if (jv_get_kind(e) != JV_KIND_OBJECT)
		return e;
	for (int i = 0; keys[i]; i++) {
		jv v = jv_object_get(jv_copy(e), jv_string(keys[i]));
		char d[12];
		const char *s = jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : NULL;
		size_t n = s ? iv_date_at(s, d) : 0;

		if (s && n && !s[n] && !strcmp(d, "present"))
			e = jv_object_delete(e, jv_string(keys[i]));
		else if (s && n && !s[n] && strlen(s) != 10)	/* keep a full date as it is */
			e = jv_object_set(e, jv_string(keys[i]), jv_string(d));
		jv_free(v);
	}
	return e;
}

jv
iv_resume_iso_dates(jv r)
{
	static const char *const sections[] = { "work", "volunteer", "education", "projects", "awards",
						"certificates", "publications", NULL };

	if (jv_get_kind(r) != JV_KIND_OBJECT)
		return r;
	for (int i = 0; sections[i]; i++) {
		jv arr = jv_object_get(jv_copy(r), jv_string(sections[i])), out = jv_array();

		if (jv_get_kind(arr) != JV_KIND_ARRAY) {
			jv_free(arr);
			jv_free(out);
			continue;
		}
		jv_array_foreach(arr, k, e)
			out = jv_array_append(out, entry_dates(e));
		jv_free(arr);
		r = jv_object_set(r, jv_string(sections[i]), out);
	}
	return r;
}
