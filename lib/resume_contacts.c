/* resume_contacts.c — phones, emails, URLs, profiles, cities (resume_contacts.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
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
	{ "Qingdao", "CN" }, { "青岛", "CN" }, { "Dalian", "CN" }, { "大连", "CN" }, { "Zhengzhou", "CN" },
	{ "郑州", "CN" }, { "Jinan", "CN" }, { "济南", "CN" }, { "Ningbo", "CN" }, { "宁波", "CN" },
	{ "Fuzhou", "CN" }, { "福州", "CN" }, { "Shenyang", "CN" }, { "沈阳", "CN" }, { "Harbin", "CN" },
	{ "哈尔滨", "CN" }, { "Kunming", "CN" }, { "昆明", "CN" }, { "Wuxi", "CN" }, { "无锡", "CN" },
	{ "Zhuhai", "CN" }, { "珠海", "CN" }, { "Dongguan", "CN" }, { "东莞", "CN" }, { "Hong Kong", "HK" },
	{ "香港", "HK" }, { "Macau", "MO" }, { "澳门", "MO" }, { "Taipei", "TW" }, { "台北", "TW" },
	{ "Singapore", "SG" }, { "新加坡", "SG" }, { "Tokyo", "JP" }, { "东京", "JP" }, { "Osaka", "JP" },
	{ "Seoul", "KR" }, { "London", "GB" }, { "伦敦", "GB" }, { "Edinburgh", "GB" }, { "Manchester", "GB" },
	{ "Bristol", "GB" }, { "Leeds", "GB" }, { "Oxford", "GB" }, { "Cambridge", "" }, { "Paris", "FR" },
	{ "Berlin", "DE" }, { "Munich", "DE" }, { "Hamburg", "DE" }, { "Frankfurt", "DE" }, { "Amsterdam", "NL" },
	{ "Rotterdam", "NL" }, { "Dublin", "IE" }, { "Zurich", "CH" }, { "Geneva", "CH" }, { "Stockholm", "SE" },
	{ "Oslo", "NO" }, { "Copenhagen", "DK" }, { "Helsinki", "FI" }, { "Madrid", "ES" }, { "Barcelona", "ES" },
	{ "Milan", "IT" }, { "Rome", "IT" }, { "Vienna", "AT" }, { "Prague", "CZ" }, { "Warsaw", "PL" },
	{ "Krakow", "PL" }, { "Lisbon", "PT" }, { "Brussels", "BE" }, { "Tel Aviv", "IL" }, { "Dubai", "AE" },
	{ "New York", "US" }, { "San Francisco", "US" }, { "Seattle", "US" }, { "Boston", "US" },
	{ "Los Angeles", "US" }, { "Austin", "US" }, { "Chicago", "US" }, { "Mountain View", "US" },
	{ "Palo Alto", "US" }, { "Sunnyvale", "US" }, { "San Jose", "US" }, { "Redmond", "US" },
	{ "Pittsburgh", "US" }, { "Denver", "US" }, { "Atlanta", "US" }, { "Portland", "" },
	{ "Philadelphia", "US" }, { "Washington", "US" }, { "Dallas", "US" }, { "Houston", "US" },
	{ "Miami", "US" }, { "San Diego", "US" }, { "Toronto", "CA" }, { "Vancouver", "CA" },
	{ "Montreal", "CA" }, { "Ottawa", "CA" }, { "Sydney", "AU" }, { "Melbourne", "AU" },
	{ "São Paulo", "BR" }, { "Sao Paulo", "BR" }, { "Mexico City", "MX" }, { "Buenos Aires", "AR" },
	{ "Bangalore", "IN" }, { "Bengaluru", "IN" }, { "Pune", "IN" }, { "Hyderabad", "IN" }, { "Chennai", "IN" },
	{ "Mumbai", "IN" }, { "Delhi", "IN" }, { "New Delhi", "IN" }, { "Noida", "IN" }, { "Gurgaon", "IN" },
	{ "Gurugram", "IN" }, { "Kolkata", "IN" }, { "Ahmedabad", "IN" }, { "Kochi", "IN" }, { "Mysore", "IN" },
	{ "Mysuru", "IN" }, { "Hubli", "IN" }, { "Coimbatore", "IN" }, { "Remote", "" }, { "远程", "" },
	{ NULL, NULL },
};

/* Countries, and the regions that name theirs (a US state's code, an
 * Indian state). */
static const struct {
	const char *name;
	const char *code;
	int region;
} countries[] = {
	{ "China", "CN", 0 }, { "中国", "CN", 0 }, { "PRC", "CN", 0 }, { "USA", "US", 0 }, { "US", "US", 0 },
	{ "U.S.", "US", 0 }, { "United States", "US", 0 }, { "UK", "GB", 0 }, { "U.K.", "GB", 0 },
	{ "United Kingdom", "GB", 0 }, { "England", "GB", 0 }, { "Scotland", "GB", 0 }, { "Wales", "GB", 0 },
	{ "Singapore", "SG", 0 }, { "Canada", "CA", 0 }, { "Germany", "DE", 0 }, { "Japan", "JP", 0 },
	{ "Australia", "AU", 0 }, { "India", "IN", 0 }, { "Ireland", "IE", 0 }, { "France", "FR", 0 },
	{ "Netherlands", "NL", 0 }, { "The Netherlands", "NL", 0 }, { "Sweden", "SE", 0 }, { "Norway", "NO", 0 },
	{ "Denmark", "DK", 0 }, { "Finland", "FI", 0 }, { "Switzerland", "CH", 0 }, { "Spain", "ES", 0 },
	{ "Italy", "IT", 0 }, { "Poland", "PL", 0 }, { "Portugal", "PT", 0 }, { "Austria", "AT", 0 },
	{ "Belgium", "BE", 0 }, { "Czech Republic", "CZ", 0 }, { "Czechia", "CZ", 0 }, { "Romania", "RO", 0 },
	{ "Hungary", "HU", 0 }, { "Greece", "GR", 0 }, { "Ukraine", "UA", 0 }, { "Estonia", "EE", 0 },
	{ "Israel", "IL", 0 }, { "Turkey", "TR", 0 }, { "UAE", "AE", 0 }, { "United Arab Emirates", "AE", 0 },
	{ "Saudi Arabia", "SA", 0 }, { "Egypt", "EG", 0 }, { "Nigeria", "NG", 0 }, { "Kenya", "KE", 0 },
	{ "South Africa", "ZA", 0 }, { "Brazil", "BR", 0 }, { "Mexico", "MX", 0 }, { "Argentina", "AR", 0 },
	{ "Chile", "CL", 0 }, { "Colombia", "CO", 0 }, { "Peru", "PE", 0 }, { "South Korea", "KR", 0 },
	{ "Korea", "KR", 0 }, { "Taiwan", "TW", 0 }, { "Hong Kong", "HK", 0 }, { "Vietnam", "VN", 0 },
	{ "Indonesia", "ID", 0 }, { "Malaysia", "MY", 0 }, { "Philippines", "PH", 0 }, { "Thailand", "TH", 0 },
	{ "Pakistan", "PK", 0 }, { "Bangladesh", "BD", 0 }, { "Sri Lanka", "LK", 0 }, { "Nepal", "NP", 0 },
	{ "New Zealand", "NZ", 0 }, { "Russia", "RU", 0 },
	{ "AL", "US", 1 }, { "AK", "US", 1 }, { "AZ", "US", 1 }, { "AR", "US", 1 }, { "CA", "US", 1 },
	{ "CO", "US", 1 }, { "CT", "US", 1 }, { "DE", "US", 1 }, { "FL", "US", 1 }, { "GA", "US", 1 },
	{ "HI", "US", 1 }, { "ID", "US", 1 }, { "IL", "US", 1 }, { "IN", "US", 1 }, { "IA", "US", 1 },
	{ "KS", "US", 1 }, { "KY", "US", 1 }, { "LA", "US", 1 }, { "ME", "US", 1 }, { "MD", "US", 1 },
	{ "MA", "US", 1 }, { "MI", "US", 1 }, { "MN", "US", 1 }, { "MS", "US", 1 }, { "MO", "US", 1 },
	{ "MT", "US", 1 }, { "NE", "US", 1 }, { "NV", "US", 1 }, { "NH", "US", 1 }, { "NJ", "US", 1 },
	{ "NM", "US", 1 }, { "NY", "US", 1 }, { "NC", "US", 1 }, { "ND", "US", 1 }, { "OH", "US", 1 },
	{ "OK", "US", 1 }, { "OR", "US", 1 }, { "PA", "US", 1 }, { "RI", "US", 1 }, { "SC", "US", 1 },
	{ "SD", "US", 1 }, { "TN", "US", 1 }, { "TX", "US", 1 }, { "UT", "US", 1 }, { "VT", "US", 1 },
	{ "VA", "US", 1 }, { "WA", "US", 1 }, { "WV", "US", 1 }, { "WI", "US", 1 }, { "WY", "US", 1 },
	{ "DC", "US", 1 }, { "Karnataka", "IN", 1 }, { "Maharashtra", "IN", 1 }, { "Tamil Nadu", "IN", 1 },
	{ "Telangana", "IN", 1 }, { "Andhra Pradesh", "IN", 1 }, { "Kerala", "IN", 1 },
	{ "Uttar Pradesh", "IN", 1 }, { "West Bengal", "IN", 1 }, { "Gujarat", "IN", 1 },
	{ "Rajasthan", "IN", 1 }, { "Haryana", "IN", 1 }, { "Punjab", "IN", 1 }, { "Madhya Pradesh", "IN", 1 },
	{ "Odisha", "IN", 1 }, { "NCR", "IN", 1 }, { "Delhi", "IN", 1 }, { "Bihar", "IN", 1 },
	{ "Jharkhand", "IN", 1 }, { "Assam", "IN", 1 }, { "Goa", "IN", 1 }, { "Uttarakhand", "IN", 1 },
	{ "Himachal Pradesh", "IN", 1 }, { "Chhattisgarh", "IN", 1 }, { "Chandigarh", "IN", 1 }, { "Ontario", "CA", 1 }, { "Quebec", "CA", 1 },
	{ "British Columbia", "CA", 1 }, { "Alberta", "CA", 1 }, { "California", "US", 1 },
	{ "Washington", "US", 1 }, { "New York", "US", 1 }, { "Texas", "US", 1 }, { "Massachusetts", "US", 1 },
	{ "Illinois", "US", 1 }, { "Oregon", "US", 1 }, { "Colorado", "US", 1 }, { "Virginia", "US", 1 },
	{ "North Carolina", "US", 1 }, { "Pennsylvania", "US", 1 }, { "Florida", "US", 1 },
	{ "Michigan", "US", 1 }, { "Ohio", "US", 1 }, { "New Jersey", "US", 1 }, { "Minnesota", "US", 1 },
	{ "Utah", "US", 1 }, { "Arizona", "US", 1 }, { NULL, NULL, 0 },
};

/* The countries[] entry s names, or -1: a state's code in capitals only
 * ("WA", not "wa"). */
static int
country_of(const char *s)
{
	for (int c = 0; countries[c].name; c++) {
		const char *n = countries[c].name;
		int code = strlen(n) == 2 && countries[c].region;

		if (code ? !strcmp(s, n) : !strcasecmp(s, n))
			return c;
	}
	return -1;
}

/* A place's own name before its region ("Leiden" in "Leiden,
 * Netherlands"): one to three words, a capital first, no digits. */
static int
place_name_like(const char *s)
{
	int words = 1;

	if (!*s || strlen(s) > 24 || !(isupper((unsigned char)*s) || (unsigned char)*s >= 0x80))
		return 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p) || strchr("@/:()|", *p))
			return 0;
		words += *p == ' ';
	}
	return words <= 3;
}

/* A location when s is a city ("Shanghai", "San Francisco, CA",
 * "Shanghai, China", "上海"), or a place in a known country or region
 * ("Leiden, Netherlands", "Austin, TX"): {city, region, countryCode};
 * else null. */
jv
iv_city(const char *s)
{
	char *t = iv_xstrdup(s), *comma = strchr(t, ','), *rest = NULL, *city;
	jv loc = jv_null();
	int known = -1, c = -1;

	if (comma) {
		*comma = 0;
		rest = rp_trimdup(comma + 1, strlen(comma + 1));
		c = *rest ? country_of(rest) : -1;
	}
	city = rp_trimdup(t, strlen(t));
	for (int i = 0; cities[i].name; i++)
		if (!strcasecmp(city, cities[i].name)) {
			known = i;
			break;
		}
	if (known >= 0 || (c >= 0 && !strchr(rest, ',') && place_name_like(city))) {
		loc = JV_OBJECT(jv_string("city"), jv_string(known >= 0 ? cities[known].name : city));
		if (c >= 0 && countries[c].region)
			loc = jv_object_set(loc, jv_string("region"), jv_string(rest));
		if (c >= 0)
			loc = jv_object_set(loc, jv_string("countryCode"), jv_string(countries[c].code));
		else if (rest && *rest)
			loc = jv_object_set(loc, jv_string("region"), jv_string(rest));
		else if (*cities[known].country)
			loc = jv_object_set(loc, jv_string("countryCode"), jv_string(cities[known].country));
	}
	free(city);
	free(t);
	free(rest);
	return loc;
}

jv
iv_join_places(jv parts)
{
	jv out = jv_array();
	char *prev = NULL;

	jv_array_foreach(parts, i, part) {
		const char *s = iv_jstr(part);
		char *both = prev ? iv_xasprintf("%s, %s", prev, s) : NULL;
		jv loc = both && iv_region_name(s) ? iv_city(both) : jv_null();

		if (jv_get_kind(loc) == JV_KIND_OBJECT) {
			int n = jv_array_length(jv_copy(out));

			out = jv_array_set(out, n - 1, jv_string(both));
			free(prev);
			prev = NULL;
		} else {
			out = jv_array_append(out, jv_copy(part));
			free(prev);
			prev = iv_xstrdup(s);
		}
		jv_free(loc);
		free(both);
		jv_free(part);
	}
	free(prev);
	jv_free(parts);
	return out;
}

/* Nonzero when s names a country or a region alone ("Germany",
 * "Karnataka", "WA"). */
int
iv_region_name(const char *s)
{
	return country_of(s) >= 0;
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
