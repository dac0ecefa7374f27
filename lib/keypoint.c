/* keypoint.c — key points matched sentence by sentence (keypoint.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keypoint.h"
#include "msg.h"
#include "wordnet.h"

enum { MAXSIM = 16, MAXANT = 6, MAXCOMP = 8 };

struct unit {
	int key;
	double w;
	int comp[MAXCOMP], ncomp;	/* a concept's own words */
	int sim[MAXSIM], nsim;
	int ant[MAXANT], nant;
	int negd;		/* said in a negation's scope in the point */
};

struct term {
	int keys[8], nkeys;
	double w;		/* 1, or less when the question uses it */
};

struct iv_kp {
	struct unit *u;
	int nu;
	double wtotal;
	struct term *t;
	int nt;
	int neg;		/* the point itself says "not" */
	int dismiss;		/* the point itself says "no need", "the same" */
	int *seq, nseq;		/* content keys in order, for quoting */
	int *rel, nrel;		/* every key it relates to, sorted */
};

static int
cmpint(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static void
rel_add(iv_kp *k, int key)
{
	if (k->nrel % 64 == 0)
		k->rel = iv_xrealloc(k->rel, sizeof *k->rel * (size_t)(k->nrel + 64));
	k->rel[k->nrel++] = key;
}

/* WordNet's words for an English word, as stems. */
static void
wordnet_units(struct unit *u, const char *word)
{
	const iv_wn_word *w = iv_wordnet(word);

	if (strcmp(w->lemma, word) && u->nsim < MAXSIM)
		u->sim[u->nsim++] = iv_stem_key(w->lemma);
	for (int i = 0; w->similar[i] && u->nsim < MAXSIM; i++) {
		int key = iv_stem_key(w->similar[i]);

		if (key != u->key)
			u->sim[u->nsim++] = key;
	}
	for (int i = 0; w->antonyms[i] && u->nant < MAXANT; i++)
		u->ant[u->nant++] = iv_stem_key(w->antonyms[i]);
}

iv_kp *
iv_kp_new(const char *text, const char *const *terms, const iv_reading *q)
{
	iv_kp *k = iv_xcalloc(1, sizeof *k);
	iv_reading r;

	iv_read(&r, text);
	k->u = iv_xcalloc((size_t)r.n + 1, sizeof *k->u);
	k->seq = iv_xcalloc((size_t)r.n + 1, sizeof *k->seq);
	for (int i = 0; i < r.n; i++) {
		const iv_rtok *t = &r.t[i];
		struct unit *u;
		int dup = 0;

		if (t->neg)
			k->neg++;
		if (t->dismiss)
			k->dismiss = 1;
		if (t->stop || t->part)
			continue;
		if (!t->isconcept)
			k->seq[k->nseq++] = t->key;
		if (t->concept >= 0)
			continue;	/* counted in its concept */
		for (int j = 0; j < k->nu && !dup; j++)
			dup = k->u[j].key == t->key;
		if (dup)
			continue;
		u = &k->u[k->nu++];
		u->key = t->key;
		u->negd = t->negd;
		u->w = iv_key_weight(t->key) * (t->cjk && t->end - t->start <= 3 ? 0.5 : 1);
		/* what the question says, the answer need not say again */
		if (q && iv_reading_mask(q, t->key))
			u->w *= 0.3;
		/* a concept's words, and the words inside them ("文档切分": 文档,
		 * 切分), so that an answer saying them apart still says some */
		if (t->isconcept)
			for (int j = 0; j < r.n && u->ncomp < MAXCOMP; j++)
				if (!r.t[j].stop && !r.t[j].isconcept &&
				    (r.t[j].concept == i ||
				     (r.t[j].part && r.t[j].start >= t->start && r.t[j].end <= t->end)))
					u->comp[u->ncomp++] = r.t[j].key;
		if (!t->cjk && !t->isconcept) {
			char word[64];
			size_t n = t->end - t->start;

			if (n < sizeof word) {
				for (size_t j = 0; j < n; j++)
					word[j] = text[t->start + j] >= 'A' && text[t->start + j] <= 'Z'
							  ? (char)(text[t->start + j] + 32) : text[t->start + j];
				word[n] = 0;
				wordnet_units(u, word);
			}
		}
		k->wtotal += u->w;
	}
	iv_reading_free(&r);
	for (int i = 0; terms && terms[i]; i++) {
		struct term *tm;
		int whole = -1;

		iv_read(&r, terms[i]);
		k->t = iv_xrealloc(k->t, sizeof *k->t * (size_t)(k->nt + 1));
		tm = &k->t[k->nt];
		memset(tm, 0, sizeof *tm);
		for (int j = 0; j < r.n; j++)
			if (r.t[j].isconcept && r.t[j].start == 0 && r.t[j].end == strlen(terms[i]))
				whole = j;
		if (whole >= 0)
			tm->keys[tm->nkeys++] = r.t[whole].key;
		else
			for (int j = 0; j < r.n && tm->nkeys < 8; j++)
				if (!r.t[j].stop && !r.t[j].part && !r.t[j].isconcept)
					tm->keys[tm->nkeys++] = r.t[j].key;
		tm->w = 1;
		if (q && tm->nkeys) {
			int all = 1;

			for (int j = 0; j < tm->nkeys; j++)
				all &= iv_reading_mask(q, tm->keys[j]) != 0;
			if (all)
				tm->w = 0.4;
		}
		iv_reading_free(&r);
		if (tm->nkeys)
			k->nt++;
	}
	for (int i = 0; i < k->nu; i++) {
		rel_add(k, k->u[i].key);
		for (int j = 0; j < k->u[i].ncomp; j++)
			rel_add(k, k->u[i].comp[j]);
		for (int j = 0; j < k->u[i].nsim; j++)
			rel_add(k, k->u[i].sim[j]);
	}
	for (int i = 0; i < k->nt; i++)
		for (int j = 0; j < k->t[i].nkeys; j++)
			rel_add(k, k->t[i].keys[j]);
	if (k->nrel)
		qsort(k->rel, (size_t)k->nrel, sizeof *k->rel, cmpint);
	return k;
}

void
iv_kp_free(iv_kp *k)
{
	if (!k)
		return;
	free(k->u);
	free(k->t);
	free(k->seq);
	free(k->rel);
	free(k);
}

int
iv_kp_relates(const iv_kp *k, int key)
{
	return k->nrel && bsearch(&key, k->rel, (size_t)k->nrel, sizeof key, cmpint) != NULL;
}

int
iv_kp_has_terms(const iv_kp *k)
{
	return k->nt > 0;
}

/* How much of unit u sentence mask bit b holds: 1 the word or concept, 0.8
 * a synonym, or the share of a concept's words. */
static double
unit_credit(const struct unit *u, const uint64_t *m, const uint64_t *sm, const uint64_t *cm, uint64_t bit)
{
	double c = 0;

	(void)u;
	if (*m & bit)
		return 1;
	if (*sm & bit)
		c = 0.8;
	if (u->ncomp) {
		int have = 0;

		for (int j = 0; j < u->ncomp; j++)
			have += (cm[j] & bit) != 0;
		c = fmax(c, 0.7 * have / u->ncomp);
	}
	return c;
}

static double
sentence_cov(const iv_kp *k, double f, double tsum)
{
	double tpart = tsum >= 1 ? fmin(1, 0.6 + 0.2 * (tsum - 1)) : 0.6 * tsum;
	/* a term in a sentence that says nothing of the point's own words
	 * names the point; it does not explain it */
	tpart *= 0.6 + 0.4 * fmin(1, f / 0.3);

	return k->nt ? fmin(1, tpart + 0.75 * f) : fmin(1, 1.4 * f);
}

/* Phrases that deny what the sentence states, whatever its words: "that is
 * not true", "这并不对". */
static const char *const denials[] = {
	"not true", "isn't true", "is a myth", "not the case", "is wrong", "that's wrong", "is overrated",
	"并不对", "这不对", "是错的", "不是这样", "是误解", "是个误区", "是一种误解", "并不成立", NULL,
};

static int
denial(const iv_reading *a, int sent)
{
	size_t s, e;

	char *x;
	int r = 0;

	iv_reading_sentence(a, sent, &s, &e);
	x = iv_xstrndup(a->s + s, e - s);
	for (int i = 0; denials[i] && !r; i++)
		r = strcasestr(x, denials[i]) != NULL;
	free(x);
	return r;
}

static int
contradicted(const iv_kp *k, const iv_reading *a, int sent)
{
	/* Contradiction: where the point states something plainly, the clause
	 * of the best sentence holding most of it negates it; where the point
	 * itself negates ("does not execute anything itself", "没有硬边界"),
	 * its words are said the other way more than the same way, each word
	 * in or out of a negation's scope (reading.h) on either side; a clause
	 * dismisses its words ("X doesn't matter", "不需要X", "logging them
	 * is harmless"), whichever way the point says them; or an antonym of
	 * its words stands where the word does not. */
	int r = 0;
	{
		int nc = a->nclause, cl = -1, ant = 0;
		double *cw = iv_xcalloc((size_t)nc + 1, sizeof *cw), agree = 0, differ = 0;
		char *cneg = iv_xcalloc((size_t)nc + 1, 1), *cdis = iv_xcalloc((size_t)nc + 1, 1);
		char *cword = iv_xcalloc((size_t)nc + 1, 1);
		uint64_t sbit = 1ull << (sent < 63 ? sent : 63);
		int dismissed = 0, sdis = 0;

		for (int i = 0; i < a->n; i++)
			if (a->t[i].sent == sent && a->t[i].clause < nc) {
				cneg[a->t[i].clause] |= a->t[i].neg;
				cdis[a->t[i].clause] |= a->t[i].dismiss;
				cword[a->t[i].clause] |= !a->t[i].dismiss && !a->t[i].stop && !a->t[i].part;
			}
		/* "..., but it doesn't apply here": a dismissal that names
		 * nothing itself dismisses what its sentence names */
		for (int c = 0; c < nc; c++)
			sdis |= cdis[c] && !cword[c];
		free(cword);
		for (int i = 0; i < a->n; i++) {
			const iv_rtok *t = &a->t[i];

			if (t->sent != sent || t->clause >= nc)
				continue;
			/* a clause that dismisses the point's words: "X doesn't
			 * matter", "不需要X", "logging them is harmless" */
			if ((cdis[t->clause] || sdis) && !t->dismiss && !k->dismiss && !t->stop && !t->part &&
			    iv_kp_relates(k, t->key))
				dismissed = 1;
			if (iv_kp_relates(k, t->key))
				cw[t->clause] += 1;
			for (int u = 0; u < k->nu; u++) {
				int hit = k->u[u].key == t->key;

				for (int j = 0; j < k->u[u].nsim && !hit; j++)
					hit = k->u[u].sim[j] == t->key;
				if (hit) {
					/* words plain on both sides are what both talk
					 * about; the negations decide */
					if (t->negd != k->u[u].negd)
						differ += k->u[u].w;
					else
						agree += k->u[u].w * (k->u[u].negd ? 1 : 0.3);
				}
				for (int j = 0; j < k->u[u].nant; j++)
					if (k->u[u].ant[j] == t->key && !(iv_reading_mask(a, k->u[u].key) & sbit) &&
					    !iv_kp_relates(k, t->key))
						ant = 1;
			}
		}
		double total = 0;
		int denied = 0, restated = 0;

		/* said, then denied: a word of the point in a plain clause and again
		 * after a later "but" that negates it ("should talk it over, but we
		 * never talked"); reading.h numbers such clauses odd */
		for (int i = 0; i < a->n && !restated; i++) {
			const iv_rtok *t = &a->t[i];

			if (t->sent != sent || t->clause >= nc || cneg[t->clause] || t->stop || t->part ||
			    (!t->cjk && t->end - t->start < 3) || !iv_kp_relates(k, t->key))
				continue;
			for (int j = 0; j < a->n && !restated; j++)
				restated = a->t[j].sent == sent && a->t[j].clause < nc && a->t[j].clause % 2 &&
					   a->t[j].start > t->start && a->t[j].clause != t->clause &&
					   cneg[a->t[j].clause] && a->t[j].key == t->key && !a->t[j].part;
		}

		for (int c = 0; c < nc; c++) {
			total += cw[c];
			if (cw[c] > 0 && (cl < 0 || cw[c] > cw[cl]))
				cl = c;
		}
		/* a plain point: any clause holding a good part of it denies it */
		for (int c = 0; c < nc; c++)
			denied |= cneg[c] && cw[c] >= 2 && cw[c] >= 0.25 * total;
		if (ant || dismissed || (!k->neg && cl >= 0 && (cneg[cl] || denied || restated)) ||
		    (k->neg && differ > agree) || denial(a, sent))
			r = 1;
		free(cw);
		free(cneg);
		free(cdis);
	}
	return r;
}

void
iv_kp_match_answer(const iv_kp *k, const iv_reading *a, iv_kp_match *m)
{
	uint64_t *um = iv_xcalloc((size_t)k->nu * (2 + MAXCOMP) + 1, sizeof *um), tmk[64];
	double best = 0, allf = 0, allt = 0, scov[64] = { 0 }, sf[64] = { 0 };
	int nsent = a->nsent < 64 ? a->nsent : 64;

	memset(m, 0, sizeof *m);
	m->sent = -1;
	for (int i = 0; i < k->nu; i++) {
		uint64_t *x = um + (size_t)i * (2 + MAXCOMP);

		x[0] = iv_reading_mask(a, k->u[i].key);
		for (int j = 0; j < k->u[i].nsim; j++)
			x[1] |= iv_reading_mask(a, k->u[i].sim[j]);
		for (int j = 0; j < k->u[i].ncomp; j++)
			x[2 + j] = iv_reading_mask(a, k->u[i].comp[j]);
	}
	for (int i = 0; i < k->nt && i < 64; i++) {
		tmk[i] = ~0ull;
		for (int j = 0; j < k->t[i].nkeys; j++)
			tmk[i] &= iv_reading_mask(a, k->t[i].keys[j]);
	}
	for (int s = 0; s <= nsent; s++) {
		/* s == nsent: the whole answer */
		uint64_t bit = s < nsent ? 1ull << s : ~0ull;
		double f = 0, tsum = 0, c;

		for (int i = 0; i < k->nu; i++) {
			uint64_t *x = um + (size_t)i * (2 + MAXCOMP);
			double cr;

			if (s < nsent) {
				cr = unit_credit(&k->u[i], &x[0], &x[1], &x[2], bit);
			} else {
				uint64_t any0 = x[0] ? 1 : 0, any1 = x[1] ? 1 : 0, anyc[MAXCOMP];

				for (int j = 0; j < k->u[i].ncomp; j++)
					anyc[j] = x[2 + j] ? 1 : 0;
				cr = unit_credit(&k->u[i], &any0, &any1, anyc, 1);
			}
			f += k->u[i].w * cr;
		}
		f = k->wtotal > 0 ? f / k->wtotal : 0;
		for (int i = 0; i < k->nt && i < 64; i++)
			if (tmk[i] & bit)
				tsum += k->t[i].w;
		c = sentence_cov(k, f, tsum);
		if (s == nsent) {
			allf = f;
			allt = tsum;
		} else {
			scov[s] = c;
			sf[s] = f;
		}
		if (s < nsent && c > best) {
			best = c;
			m->sent = s;
		}
	}
	/* the rest of the answer adds a little to the best sentence */
	m->cov = fmin(1, best + 0.3 * fmax(0, sentence_cov(k, allf, allt) - best));
	free(um);
	if (m->sent < 0)
		return;

	/* Contradiction: any sentence that says much of the point says it
	 * the other way. A point the answer hardly says (a word or two of
	 * it in a story) it cannot say the other way either. */
	for (int i = 0; i < nsent && !m->negated && best >= 0.35; i++)
		if (i == m->sent || (sf[i] >= 0.25 && scov[i] >= 0.45 && scov[i] >= 0.7 * best))
			m->negated = contradicted(k, a, i);
	/* Quoting: the longest run of the point's content words, in order, in
	 * the answer's content words. */
	if (k->nseq >= 4) {
		int *as = iv_xmalloc(sizeof *as * (size_t)(a->n + 1)), na = 0, run = 0;

		for (int i = 0; i < a->n; i++)
			if (!a->t[i].stop && !a->t[i].part && !a->t[i].isconcept)
				as[na++] = a->t[i].key;
		for (int i = 0; i < na; i++)
			for (int j = 0; j < k->nseq; j++) {
				int l = 0;

				while (i + l < na && j + l < k->nseq && as[i + l] == k->seq[j + l])
					l++;
				if (l > run)
					run = l;
			}
		free(as);
		m->quoted = run >= 4 && run >= 0.7 * k->nseq;
	}
}
