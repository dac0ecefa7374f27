/* grade-tables — write the grader's prebuilt tables from the question bank
 * and the taxonomy (run it again after editing share/questions):
 *
 *	IV_SHARE=share build/t/tools/grade-tables [FRISO_LEX]
 *
 * share/grade/lexicon-zh.txt: the words of friso's dictionary (FRISO_LEX,
 * default /usr/share/friso/dict/UTF-8/lex-main.lex) that occur in the
 * bank's and the taxonomy's Chinese text, so the segmenter loads a few
 * thousand words instead of 170,000.
 * share/grade/idf.txt: "N" documents (each question in each language:
 * text, key points, reference), then "word<TAB>df" for every word the
 * grader reads in them, sorted bytewise.
 * share/grade/wordnet.txt: "word<TAB>lemma<TAB>similar,...<TAB>antonym,..."
 * for every English word of the key points and their terms (wordnet.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "bank.h"
#include "buf.h"
#include "msg.h"
#include "paths.h"
#include "reading.h"
#include "skills.h"
#include "utf8.h"
#include "wordnet.h"

static char **set;
static size_t nset, capset;

static unsigned long
h(const char *s, size_t n)
{
	unsigned long x = 5381;

	for (size_t i = 0; i < n; i++)
		x = x * 33 + (unsigned char)s[i];
	return x;
}

static int
set_has(const char *s, size_t n, int add)
{
	unsigned long i;

	if (add && nset * 2 >= capset) {
		char **old = set;
		size_t oc = capset;

		capset = capset ? 2 * capset : 1 << 16;
		set = iv_xcalloc(capset, sizeof *set);
		nset = 0;
		for (size_t k = 0; k < oc; k++)
			if (old[k])
				set_has(old[k], strlen(old[k]), 1), free(old[k]);
		free(old);
	}
	if (!capset)
		return 0;
	for (i = h(s, n) % capset; set[i]; i = (i + 1) % capset)
		if (strlen(set[i]) == n && !memcmp(set[i], s, n))
			return 1;
	if (add) {
		set[i] = iv_xstrndup(s, n);
		nset++;
	}
	return 0;
}

/* Every run of 2-8 CJK characters in s goes into the set. */
static void
substrings(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t off[9];
		int k = 0, l;

		l = iv_utf8_decode(s + i, n - i, &cp);
		if (!iv_is_cjk(cp)) {
			i += (size_t)l;
			continue;
		}
		for (size_t j = i; j <= n && k < 9; k++) {
			off[k] = j;
			if (j == n)
				break;
			l = iv_utf8_decode(s + j, n - j, &cp);
			if (!iv_is_cjk(cp))
				break;
			j += (size_t)l;
		}
		for (int e = 2; e < k + 1 && e <= 8; e++)
			if (e < 9 && off[e] > off[0])
				set_has(s + off[0], off[e] - off[0], 1);
		iv_utf8_decode(s + i, n - i, &cp);
		i += (size_t)iv_utf8_decode(s + i, n - i, &cp);
	}
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct df {
	char *w;
	long n;
};

int
main(int argc, char **argv)
{
	const char *lex = argc > 1 ? argv[1] : "/usr/share/friso/dict/UTF-8/lex-main.lex";
	char *path, *line = NULL, **words = NULL;
	size_t cap = 0, nw = 0;
	long *df, docs = 0;
	FILE *f;

	iv_prog_init(argv[0]);
	for (int i = 0; i < iv_bank_count(); i++) {
		const iv_question *q = iv_bank_at(i);

		substrings(q->text[IV_ZH]);
		substrings(q->reference[IV_ZH]);
		for (int k = 0; k < q->nkey_points; k++) {
			substrings(q->key_points[k].text[IV_ZH]);
			for (int t = 0; q->key_points[k].terms[t]; t++)
				substrings(q->key_points[k].terms[t]);
		}
	}
	for (int i = 0; i < iv_alias_count(); i++)
		substrings(iv_alias_at(i)->phrase);
	if (!(f = fopen(lex, "r")))
		iv_die(1, "can't read '%s'", lex);
	while (getline(&line, &cap, f) > 0) {
		char *slash = strchr(line, '/');

		line[strcspn(line, "/\r\n")] = 0;
		(void)slash;
		if (set_has(line, strlen(line), 0)) {
			words = iv_xrealloc(words, sizeof *words * (nw + 1));
			words[nw++] = iv_xstrdup(line);
		}
	}
	fclose(f);
	qsort(words, nw, sizeof *words, cmp);
	path = iv_share_file("grade/lexicon-zh.txt");
	if (!(f = fopen(path, "w")))
		iv_die(1, "can't write '%s'", path);
	for (size_t i = 0; i < nw; i++)
		if (!i || strcmp(words[i], words[i - 1]))
			fprintf(f, "%s\n", words[i]);
	if (fclose(f))
		iv_die(1, "can't write '%s'", path);
	free(path);

	/* document frequencies, each question in each language one document */
	df = iv_xcalloc(1 << 20, sizeof *df);
	for (int i = 0; i < iv_bank_count(); i++) {
		const iv_question *q = iv_bank_at(i);

		for (int lang = 0; lang < 2; lang++) {
			iv_buf b = IV_BUF_INIT;
			iv_reading r;
			int *seen;

			iv_buf_printf(&b, "%s\n%s\n", q->text[lang], q->reference[lang]);
			for (int k = 0; k < q->nkey_points; k++)
				iv_buf_printf(&b, "%s\n", q->key_points[k].text[lang]);
			iv_read(&r, b.s);
			seen = iv_xcalloc((size_t)r.n + 1, sizeof *seen);
			for (int t = 0; t < r.n; t++) {
				int dup = r.t[t].isconcept;

				for (int u = 0; u < t && !dup; u++)
					dup = r.t[u].key == r.t[t].key;
				if (!dup && r.t[t].key < (1 << 20))
					df[r.t[t].key]++;
			}
			free(seen);
			iv_reading_free(&r);
			iv_buf_free(&b);
			docs++;
		}
	}
	{
		struct df *all = NULL;
		size_t n = 0;

		for (int k = 0; k < (1 << 20); k++)
			if (df[k]) {
				all = iv_xrealloc(all, sizeof *all * (n + 1));
				all[n].w = (char *)iv_interned(k);
				all[n++].n = df[k];
			}
		qsort(all, n, sizeof *all, cmp);
		path = iv_share_file("grade/idf.txt");
		if (!(f = fopen(path, "w")))
			iv_die(1, "can't write '%s'", path);
		fprintf(f, "%ld docs\n", docs);
		for (size_t i = 0; i < n; i++)
			if (!strchr(all[i].w, '\t') && !strchr(all[i].w, '\n'))
				fprintf(f, "%s\t%ld\n", all[i].w, all[i].n);
		if (fclose(f))
			iv_die(1, "can't write '%s'", path);
		fprintf(stderr, "grade-tables: %zu words in the lexicon, %zu in idf.txt over %ld documents\n", nw, n, docs);
	}
	{
		char **ws = NULL;
		size_t nws = 0;

		for (int i = 0; i < iv_bank_count(); i++) {
			const iv_question *q = iv_bank_at(i);

			for (int k = 0; k < q->nkey_points; k++) {
				const iv_key_point *kp = &q->key_points[k];

				for (int t = -2; t < 0 || kp->terms[t]; t++) {
					const char *text = t == -2 ? kp->text[IV_EN] : t == -1 ? kp->text[IV_ZH] : kp->terms[t];
					iv_reading r;

					iv_read(&r, text);
					for (int j = 0; j < r.n; j++) {
						size_t len = r.t[j].end - r.t[j].start;
						char w[64];

						if (r.t[j].cjk || r.t[j].stop || r.t[j].part || r.t[j].isconcept || len >= sizeof w)
							continue;
						for (size_t c = 0; c < len; c++)
							w[c] = text[r.t[j].start + c] >= 'A' && text[r.t[j].start + c] <= 'Z'
								       ? (char)(text[r.t[j].start + c] + 32) : text[r.t[j].start + c];
						w[len] = 0;
						if (strspn(w, "abcdefghijklmnopqrstuvwxyz") != len)
							continue;
						ws = iv_xrealloc(ws, sizeof *ws * (nws + 1));
						ws[nws++] = iv_xstrdup(w);
					}
					iv_reading_free(&r);
				}
			}
		}
		qsort(ws, nws, sizeof *ws, cmp);
		path = iv_share_file("grade/wordnet.txt");
		if (!(f = fopen(path, "w")))
			iv_die(1, "can't write '%s'", path);
		for (size_t i = 0, n = 0; i < nws; i++) {
			const iv_wn_word *w;

			if (i && !strcmp(ws[i], ws[i - 1]))
				continue;
			w = iv_wordnet_live(ws[i]);
			fprintf(f, "%s\t%s\t", ws[i], strcmp(w->lemma, ws[i]) ? w->lemma : "");
			for (int k = 0; w->similar[k]; k++)
				fprintf(f, "%s%s", k ? "," : "", w->similar[k]);
			fputc('\t', f);
			for (int k = 0; w->antonyms[k]; k++)
				fprintf(f, "%s%s", k ? "," : "", w->antonyms[k]);
			fputc('\n', f);
			n++;
			if (i + 1 == nws)
				fprintf(stderr, "grade-tables: %zu words in wordnet.txt\n", n);
		}
		if (fclose(f))
			iv_die(1, "can't write '%s'", path);
	}
	return 0;
}
