/* stem.c — Snowball stems (stem.h). */
#include <libstemmer.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "stem.h"

static struct sb_stemmer *stemmer;

char *
iv_snowball(const char *word, char *out, size_t cap)
{
	size_t n = strlen(word);
	const sb_symbol *s;
	int len;

	if (n + 1 > cap) {
		snprintf(out, cap, "%s", word);
		return out;
	}
	memcpy(out, word, n + 1);
	for (size_t i = 0; i < n; i++)
		if (!(word[i] >= 'a' && word[i] <= 'z'))
			return out;
	if (n <= 2)
		return out;
	if (!stemmer && !(stemmer = sb_stemmer_new("english", NULL)))
		iv_die(1, "the Snowball stemmer for English is missing");
	s = sb_stemmer_stem(stemmer, (const sb_symbol *)word, (int)n);
	len = sb_stemmer_length(stemmer);
	if (s && len > 0 && (size_t)len < cap) {
		memcpy(out, s, (size_t)len);
		out[len] = 0;
	}
	return out;
}
