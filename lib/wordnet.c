/* wordnet.c — lazy WordNet lookups (wordnet.h). */
#include <stdlib.h>
#include <string.h>
#include <wn.h>

#include "msg.h"
#include "wordnet.h"

enum { SENSES = 2, MAXLIST = 24 };

struct entry {
	char *word;
	iv_wn_word w;
	struct entry *next;
};

static struct entry *table[1024];
static int ready = -1;

static unsigned
hash(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % (sizeof table / sizeof table[0]);
}

struct list {
	char *v[MAXLIST + 1];
	int n;
};

static void
push(struct list *l, const char *w, const char *self)
{
	char buf[64];
	size_t n = strlen(w);

	if (l->n >= MAXLIST || n >= sizeof buf || strchr(w, '_') || strchr(w, '-'))
		return;
	for (size_t i = 0; i <= n; i++)
		buf[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] + 32) : w[i];
	if (!strcmp(buf, self))
		return;
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], buf))
			return;
	l->v[l->n++] = iv_xstrdup(buf);
}

static const char *const *
take(struct list *l)
{
	char **a = iv_xcalloc((size_t)l->n + 1, sizeof *a);

	memcpy(a, l->v, sizeof *a * (size_t)l->n);
	return (const char *const *)a;
}

static void
lookup(const char *word, struct entry *e)
{
	struct list sim = { .n = 0 }, ant = { .n = 0 };
	char *lemma = NULL;

	for (int pos = NOUN; pos <= ADV; pos++) {
		char *base = morphstr((char *)word, pos), *w = base ? base : (char *)word;
		SynsetPtr ss, s;
		int k = 0;

		if (base && !lemma)
			lemma = iv_xstrdup(base);
		if (!(ss = findtheinfo_ds(w, pos, SYNS, ALLSENSES)))
			continue;
		for (s = ss; s && k < SENSES; s = s->nextss, k++) {
			for (int i = 0; i < s->wcount; i++)
				push(&sim, s->words[i], word);
			for (int p = 0; p < s->ptrcount; p++) {
				SynsetPtr t;

				/* antonyms of this word; derivationally related forms */
				if (s->ptrtyp[p] != ANTPTR && s->ptrtyp[p] != DERIVATION)
					continue;
				if (s->pfrm[p] && s->pfrm[p] != s->whichword)
					continue;
				if (!(t = read_synset(s->ppos[p], s->ptroff[p], "")))
					continue;
				if (s->pto[p] > 0 && s->pto[p] <= t->wcount)
					push(s->ptrtyp[p] == ANTPTR ? &ant : &sim, t->words[s->pto[p] - 1], word);
				free_synset(t);
			}
		}
		free_syns(ss);
	}
	e->w.lemma = lemma ? lemma : e->word;
	e->w.similar = take(&sim);
	e->w.antonyms = take(&ant);
}

const iv_wn_word *
iv_wordnet(const char *word)
{
	unsigned h = hash(word);
	struct entry *e;

	for (e = table[h]; e; e = e->next)
		if (!strcmp(e->word, word))
			return &e->w;
	e = iv_xcalloc(1, sizeof *e);
	e->word = iv_xstrdup(word);
	e->next = table[h];
	table[h] = e;
	if (ready < 0)
		ready = wninit() == 0;
	if (ready && strlen(word) < 64 && strspn(word, "abcdefghijklmnopqrstuvwxyz") == strlen(word)) {
		lookup(word, e);
	} else {
		static const char *const none[] = { NULL };

		e->w.lemma = e->word;
		e->w.similar = none;
		e->w.antonyms = none;
	}
	return &e->w;
}
