/* resume_contacts.c — phones, emails, URLs, profiles, cities (resume_contacts.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "resume_contacts.h"
#include "resume_dates.h"
#include "resume_lines.h"
#include "utf8.h"

/* ---- phone numbers ---- */

size_t
iv_phone_find(const char *s, int labeled, size_t *at)
{
	for (size_t i = 0; s[i]; i++) {
		size_t j = i, last = i;
		int digits = 0, groups[8], ng = 0, run = 0, plus = s[i] == '+', paren = s[i] == '(';
		char d[20];

		if (i > 0 && (rp_is_alnum_byte((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '/'))
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
			int datey = (s[i + 4] == '.' || s[i + 4] == '/' || s[i + 4] == '-') && rp_year_at(s + i) > 0;

			if (plus && digits >= 8)
				ok = 1;
			else if (!datey && digits == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' &&
				 (ng == 1 || (ng == 3 && groups[0] == 3 && groups[1] == 4 && groups[2] == 4)))
				ok = 1;
			else if (!datey && digits == 10 && ((paren && ng == 3) ||
				 (ng == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4)))
				ok = 1;
			/* national numbers with a trunk 0: 07700 900456, 020 7946 0958 */
			else if (!datey && (digits == 10 || digits == 11) && d[0] == '0' && d[1] != '0' &&
				 ng >= 2 && ng <= 3 && groups[0] >= 3)
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
		rest = rp_trimdup(comma + 1, strlen(comma + 1));
	}
	{
		char *city = rp_trimdup(t, strlen(t));

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

/* ---- contacts ---- */

int
rp_email_char(char c)
{
	return isalnum((unsigned char)c) || strchr("._%+-", c);
}

/* The first email address in s, malloc'd, or NULL. */
char *
rp_find_email(const char *s)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		const char *a = at, *b = at + 1, *dot = NULL;

		while (a > s && rp_email_char(a[-1]))
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
	{ "scholar.google.com", "Google Scholar" }, { "indeed.com", "Indeed" },
	{ "stackoverflow.com", "Stack Overflow" }, { "leetcode.com", "LeetCode" }, { "leetcode.cn", "LeetCode" },
	{ "bitbucket.org", "Bitbucket" }, { "behance.net", "Behance" }, { "dribbble.com", "Dribbble" },
	{ "researchgate.net", "ResearchGate" }, { "orcid.org", "ORCID" }, { "wellfound.com", "Wellfound" },
	{ "angel.co", "AngelList" }, { "xing.com", "XING" }, { "naukri.com", "Naukri" },
	{ "weibo.com", "Weibo" }, { "bilibili.com", "Bilibili" }, { "dev.to", "DEV" }, { NULL, NULL },
};

int
rp_url_char(const char *p)
{
	unsigned char c = (unsigned char)*p;

	return c > ' ' && c < 0x80 && !strchr("|)]>,\"'", c);
}

/* The first URL in s ("https://...", "www....", "github.com/..."),
 * malloc'd with a scheme, or NULL. */
char *
rp_find_url(const char *s)
{
	const char *best = NULL;

	for (const char *p = s; *p && !best; p++) {
		if (p > s && rp_url_char(p - 1) && p[-1] != '(')
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

		while (rp_url_char(e))
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
jv
rp_profile_of(const char *url)
{
	const char *host = strstr(url, "://");

	host = host ? host + 3 : url;
	if (!strncmp(host, "www.", 4))
		host += 4;
	for (int i = 0; networks[i].domain; i++) {
		size_t k = strlen(networks[i].domain);

		if (!strncasecmp(host, networks[i].domain, k) && (host[k] == '/' || !host[k])) {
			static const char *const prefixes[] = { "in", "r", "u", "user", "users", "people", "profile",
								 "pub", "company", "@", NULL };
			const char *q = host + k;
			char *user = NULL;
			jv p;

			/* linkedin.com/in/NAME, indeed.com/r/NAME/ID, zhihu.com/people/NAME,
			 * github.com/NAME/repo, medium.com/@NAME */
			while (*q == '/') {
				size_t len;
				int prefix = 0;

				q++;
				if (*q == '@')
					q++;
				len = strcspn(q, "/?#");
				for (int j = 0; prefixes[j] && len; j++)
					prefix |= strlen(prefixes[j]) == len && !strncmp(q, prefixes[j], len);
				if (len && !prefix) {
					user = iv_xstrndup(q, len);
					break;
				}
				q += len;
			}
			if ((q = strstr(url, "user=")) && strchr(url, '?') < q) {
				free(user);
				user = iv_xstrndup(q + 5, strcspn(q + 5, "&#"));
			}
			if (!user)
				user = iv_xstrdup("");
			p = JV_OBJECT(jv_string("network"), jv_string(networks[i].network),
				      jv_string("username"), jv_string(user), jv_string("url"), jv_string(url));
			free(user);
			return p;
		}
	}
	return jv_null();
}

/* A site written without a scheme ("aisharahman.co.uk", "lukasbecker.de",
 * "jiaxinhe.cn/blog") in s, malloc'd with https://, or NULL. Lowercase
 * names on common top-level domains only, so "Node.js" and "ASP.NET" are
 * none; an email's domain is none either. */
char *
rp_find_site(const char *s)
{
	static const char *const tlds[] = {
		"com", "org", "net", "dev", "me", "io", "ai", "co", "cn", "de", "uk", "fr", "nl", "se", "ch", "jp",
		"in", "info", "site", "xyz", "app", "tech", "page", "blog", "us", "ca", "au", "eu", "ie", "es",
		"it", "hk", "sg", "tw", "kr", "ru", "pl", "at", "be", "dk", "no", "fi", "cz", "pt", "br", NULL,
	};

	for (const char *p = s; *p; p++) {
		const char *q = p, *last_dot = NULL;
		int labels = 0, ok = 1;

		if (p > s && (rp_url_char(p - 1) || p[-1] == '@'))
			continue;
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p))
			continue;
		while (islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '-' || *q == '.') {
			if (*q == '.') {
				if (q[1] == '.' || q == p)
					ok = 0;
				last_dot = q;
				labels++;
			}
			q++;
		}
		if (*q == '@' || !last_dot || !ok || labels < 1 || (*q && rp_url_char(q) && *q != '/')) {
			p = q > p ? q - 1 : p;
			continue;
		}
		while (q > p && q[-1] == '.')
			q--;
		for (int i = 0; tlds[i]; i++) {
			size_t k = strlen(tlds[i]);

			if ((size_t)(q - last_dot - 1) == k && !strncmp(last_dot + 1, tlds[i], k) && last_dot - p >= 2) {
				const char *e = q;

				while (rp_url_char(e))
					e++;
				while (e > q && (e[-1] == '.' || e[-1] == ';' || e[-1] == ':'))
					e--;
				{
					char *host = iv_xstrndup(p, (size_t)(e - p));
					char *u = iv_xasprintf("https://%s", host);

					free(host);
					return u;
				}
			}
		}
		p = q > p ? q - 1 : p;
	}
	return NULL;
}
