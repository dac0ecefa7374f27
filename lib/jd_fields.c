/* jd_fields.c — the job schema's fields read from a posting's words
 * (jd_fields.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jd_fields.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_contacts.h"
#include "resume_lines.h"

int
iv_jd_is_type(const char *t)
{
	static const char *const types[] = { "全职", "实习", "兼职", "校招", "社招", "full-time", "full time",
					     "part-time", "internship", "contract", "permanent", NULL };

	for (int i = 0; types[i]; i++)
		if (!strcasecmp(t, types[i]))
			return 1;
	return 0;
}

int
iv_jd_is_salary(const char *t)
{
	return isdigit((unsigned char)*t) && (strpbrk(t, "kK$") || strstr(t, "万") || strstr(t, "薪") ||
					      strstr(t, "元"));
}

/* ---- where, how remote, when, how senior: the job schema's fields ---- */

static const char *const remote_none[] = {
	"不支持远程", "不接受远程", "无远程", "坐班", "现场办公", "驻场", "no remote", "not remote", "non-remote",
	"onsite", "on-site", "on site", "in-office", "in office", "office-based", "office based", NULL,
};
static const char *const remote_hybrid[] = { "hybrid", "混合办公", "混合", "部分远程", NULL };
static const char *const remote_full[] = {
	"remote", "fully remote", "remote-first", "远程", "居家办公", "work from home", "wfh", "anywhere", NULL,
};

const char *
iv_jd_remote(const char *s)
{
	if (iv_has_word(s, remote_none))
		return "None";
	if (iv_has_word(s, remote_hybrid))
		return "Hybrid";
	if (iv_has_word(s, remote_full))
		return "Full";
	return NULL;
}

/* t is nothing but a word for how remote the job is ("hybrid", "远程"). */
int
iv_jd_remote_word(const char *t)
{
	const char *const *lists[] = { remote_none, remote_hybrid, remote_full };

	for (int l = 0; l < 3; l++)
		for (int i = 0; lists[l][i]; i++)
			if (!strcasecmp(t, lists[l][i]))
				return 1;
	return 0;
}

/* A city in t that is a city, not "Remote" (which iv_city knows too). */
jv
iv_jd_city_in(const char *t)
{
	jv c;

	if (iv_jd_remote_word(t))
		return jv_null();
	c = iv_city(t);
	if (jv_get_kind(c) != JV_KIND_OBJECT) {
		jv_free(c);
		return jv_null();
	}
	return c;
}

jv
iv_jd_location(const char *text)
{
	static const char *const seps[] = {
		"/", "、", "，", ",", "|", "｜", ";", "；", "(", ")", "（", "）", " or ", "或", " - ", " · ", "  ", NULL,
	};
	char *t = iv_xstrdup(iv_skip_space(text)), *cut;
	size_t n = strlen(t);
	jv loc, city;

	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		t[--n] = 0;
	loc = JV_OBJECT(jv_string("address"), jv_string(t));
	/* "San Francisco, CA (hybrid)": the whole before the parenthesis, then
	 * each part of a list ("上海/北京", "Remote or Berlin"). */
	if ((cut = strstr(t, "(")) || (cut = strstr(t, "（")))
		*cut = 0;
	city = iv_jd_city_in(t);
	if (jv_get_kind(city) != JV_KIND_OBJECT) {
		jv parts = iv_split_on(text, seps, 0);

		jv_free(city);
		city = jv_null();
		jv_array_foreach(parts, i, p) {
			if (jv_get_kind(city) != JV_KIND_OBJECT) {
				jv_free(city);
				city = iv_jd_city_in(iv_jstr(p));
			}
			jv_free(p);
		}
		jv_free(parts);
	}
	if (jv_get_kind(city) == JV_KIND_OBJECT)
		jv_object_foreach(city, k, v) {
			if (jv_get_kind(v) == JV_KIND_STRING && *jv_string_value(v))
				loc = jv_object_set(loc, k, v);
			else {
				jv_free(k);
				jv_free(v);
			}
		}
	jv_free(city);
	free(t);
	return loc;
}

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL,
};

/* The month named by the word at s ("Nov", "November"), 1-12, and its
 * length; 0 when none. */
static int
month_at(const char *s, size_t *len)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 3)
		return 0;
	for (int m = 0; months[m]; m++)
		if (!strncasecmp(s, months[m], 3)) {
			*len = n + (s[n] == '.');
			return m + 1;
		}
	return 0;
}

static int
digits_at(const char *s, int max, size_t *len)
{
	int v = 0, k = 0;

	while (k < max && isdigit((unsigned char)s[k]))
		v = v * 10 + (s[k++] - '0');
	*len = (size_t)k;
	return k && !isdigit((unsigned char)s[k]) ? v : -1;
}

size_t
iv_jd_date(const char *s, char out[11])
{
	const char *p = iv_skip_space(s);
	size_t n, n2;
	int y, m = 0, d = 0;

	/* "Nov 20, 2026", "November 2026", "20 Nov 2026" */
	if (isalpha((unsigned char)*p)) {
		const char *q;

		if (!(m = month_at(p, &n)))
			return 0;
		q = iv_skip_space(p + n);
		if ((d = digits_at(q, 2, &n)) > 0 && (q[n] == ',' || q[n] == ' '))
			q = iv_skip_space(q + n + (q[n] == ','));
		else
			d = 0;
		if ((y = digits_at(q, 4, &n)) < 1900 || n != 4)
			return 0;
		p = q + n;
	} else if ((d = digits_at(p, 2, &n)) > 0 && (m = month_at(iv_skip_space(p + n), &n2))) {
		const char *q = iv_skip_space(iv_skip_space(p + n) + n2);

		if ((y = digits_at(q, 4, &n)) < 1900 || n != 4)
			return 0;
		p = q + n;
	} else {
		/* "2026-11-20", "2026/11/20", "2026.11", "2026年11月20日" */
		d = 0;
		if ((y = digits_at(p, 4, &n)) < 1900 || n != 4)
			return 0;
		p += n;
		if (*p == '-' || *p == '/' || *p == '.' || !strncmp(p, "年", 3)) {
			size_t sep = *p == '-' || *p == '/' || *p == '.' ? 1 : 3;

			if ((m = digits_at(p + sep, 2, &n)) >= 1) {
				p += sep + n;
				if (!strncmp(p, "月", 3))
					p += 3;
				if ((*p == '-' || *p == '/' || *p == '.') && (d = digits_at(p + 1, 2, &n)) >= 1)
					p += 1 + n;
				else if (!strncmp(p - 3, "月", 3) && (d = digits_at(p, 2, &n)) >= 1)
					p += n + (!strncmp(p + n, "日", 3) || !strncmp(p + n, "号", 3) ? 3 : 0);
				else
					d = 0;
			} else {
				m = 0;
			}
		}
	}
	if (y > 2999 || m < 0 || m > 12 || d < 0 || d > 31 || (d && !m))
		return 0;
	{
		char buf[40];

		if (d)
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
		else if (m)
			snprintf(buf, sizeof buf, "%04d-%02d", y, m);
		else
			snprintf(buf, sizeof buf, "%04d", y);
		memcpy(out, buf, 11);
	}
	return (size_t)(p - s);
}

/* Senior, Mid-level or Junior: from the title (or the type, for an
 * internship), else from the years asked for; NULL when nothing says. */
const char *
iv_jd_level(const char *title, const char *type, int years)
{
	static const char *const senior[] = {
		"senior", "sr", "sr.", "staff", "principal", "lead", "head of", "高级", "资深", "专家", "首席",
		"负责人", NULL,
	};
	static const char *const junior[] = {
		"junior", "jr", "jr.", "intern", "internship", "entry-level", "entry level", "graduate", "new grad",
		"初级", "实习", "应届", "校招", "助理", NULL,
	};
	static const char *const mid[] = { "mid-level", "mid level", "intermediate", "中级", NULL };

	if (title && iv_has_word(title, senior))
		return "Senior";
	if ((title && iv_has_word(title, junior)) || (type && iv_has_word(type, junior)))
		return "Junior";
	if (title && iv_has_word(title, mid))
		return "Mid-level";
	if (years >= 5)
		return "Senior";
	if (years >= 2)
		return "Mid-level";
	if (years >= 0)
		return "Junior";
	return NULL;
}
