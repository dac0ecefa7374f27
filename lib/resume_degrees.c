/* resume_degrees.c — degree words and ranks (resume_degrees.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "resume_degrees.h"
#include "resume_lines.h"

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
	{ "B.E", IV_DEG_BACHELOR, 0 }, { "B. E.", IV_DEG_BACHELOR, 0 },
	{ "B.Tech.", IV_DEG_BACHELOR, 0 }, { "BTech", IV_DEG_BACHELOR, 0 }, { "B. Tech", IV_DEG_BACHELOR, 0 },
	{ "B.Com", IV_DEG_BACHELOR, 0 }, { "BCom", IV_DEG_BACHELOR, 0 }, { "BCA", IV_DEG_BACHELOR, 1 },
	{ "BBA", IV_DEG_BACHELOR, 1 }, { "B.B.A", IV_DEG_BACHELOR, 0 }, { "B.A", IV_DEG_BACHELOR, 0 },
	{ "B.S", IV_DEG_BACHELOR, 0 }, { "BSE", IV_DEG_BACHELOR, 1 }, { "BASc", IV_DEG_BACHELOR, 1 },
	{ "学士学位", IV_DEG_BACHELOR, 0 }, { "大学本科", IV_DEG_BACHELOR, 0 },
	{ "M.Tech", IV_DEG_MASTER, 0 }, { "MTech", IV_DEG_MASTER, 0 }, { "M. Tech", IV_DEG_MASTER, 0 },
	{ "M.E", IV_DEG_MASTER, 0 }, { "M.Com", IV_DEG_MASTER, 0 },
	{ "MCA", IV_DEG_MASTER, 1 }, { "M.B.A", IV_DEG_MASTER, 0 }, { "M.S", IV_DEG_MASTER, 0 },
	{ "M.A", IV_DEG_MASTER, 0 }, { "MPhil", IV_DEG_MASTER, 0 }, { "M.Phil", IV_DEG_MASTER, 0 },
	{ "PGDM", IV_DEG_MASTER, 1 }, { "MASc", IV_DEG_MASTER, 1 },
	{ "Ph. D", IV_DEG_PHD, 0 }, { "DPhil", IV_DEG_PHD, 0 }, { "博士研究生", IV_DEG_PHD, 0 },
	{ "Associate of", IV_DEG_ASSOCIATE, 0 }, { "A.A.", IV_DEG_ASSOCIATE, 0 }, { "A.S.", IV_DEG_ASSOCIATE, 0 },
	{ "大专", IV_DEG_ASSOCIATE, 0 }, { "专科", IV_DEG_ASSOCIATE, 0 }, { "Associate's", IV_DEG_ASSOCIATE, 0 },
	{ "Associate degree", IV_DEG_ASSOCIATE, 0 },
	{ NULL, 0, 0 },
};

/* Where a degree word is in s (its index in degree_words, its span). */
const char *
rp_degree_find(const char *s, int *which, size_t *len)
{
	const char *best = NULL;

	for (int i = 0; degree_words[i].word; i++) {
		const char *w = degree_words[i].word, *p;
		size_t n = strlen(w);

		if (degree_words[i].exact) {
			for (p = s; (p = strstr(p, w)); p++)
				if ((p == s || !rp_is_alnum_byte((unsigned char)p[-1])) && !rp_is_alnum_byte((unsigned char)p[n]))
					break;
		} else if ((unsigned char)w[0] >= 0x80) {
			p = strstr(s, w);
		} else {
			for (p = s; (p = strcasestr(p, w)); p++)
				if ((p == s || !rp_is_alnum_byte((unsigned char)p[-1])) &&
				    (!rp_is_alnum_byte((unsigned char)p[n]) || w[n - 1] == '.'))
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

	while ((p = rp_degree_find(p, &which, &len))) {
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

int
rp_highest(int mask)
{
	return mask ? 31 - __builtin_clz((unsigned)mask) : 0;
}
