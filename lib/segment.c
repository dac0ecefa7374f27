/* segment.c — Chinese words (segment.h).
 *
 * friso's own loader reads every lexicon named in its ini file; here a
 * dictionary is built in memory from the compact lexicon instead, so the
 * cost is that of the words the grader can use. friso keeps pointers to
 * the words it is given: they live as long as the process. */
#include <friso/friso.h>
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "paths.h"
#include "segment.h"
#include "utf8.h"

static friso_t fr;
static friso_config_t cfg;
static friso_task_t task;
static opencc_t cc = (opencc_t)-1;
static int cc_tried;

static void
add(const char *w, size_t n)
{
	char buf[8 * 4 + 1];

	if (n < 3 || n > 8 * 4)
		return;
	memcpy(buf, w, n);
	buf[n] = 0;
	if (friso_dic_match(fr->dic, __LEX_CJK_WORDS__, buf))
		return;
	friso_dic_add(fr->dic, __LEX_CJK_WORDS__, iv_xstrdup(buf), NULL);
	/* friso starts a word only at a character it knows */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = iv_utf8_decode(w + i, n - i, &cp);

		if (l > 1 && n > (size_t)l)
			add(w + i, (size_t)l);
		i += (size_t)l;
	}
}

static void
load(void)
{
	char *path, *buf = NULL;
	FILE *f;
	size_t cap = 0;
	ssize_t len;

	if (fr)
		return;
	fr = friso_new();
	cfg = friso_new_config();
	friso_init_config(cfg);
	cfg->max_len = 8;
	cfg->r_name = 0;
	cfg->add_syn = 0;
	cfg->en_sseg = 0;
	cfg->keep_urec = 1;
	friso_set_mode(cfg, __FRISO_SIMPLE_MODE__);
	fr->dic = friso_dic_new();
	fr->charset = FRISO_UTF8;
	task = friso_new_task();
	path = iv_share_file("grade/lexicon-zh.txt");
	if ((f = fopen(path, "r"))) {
		while ((len = getline(&buf, &cap, f)) > 0) {
			while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
				buf[--len] = 0;
			add(buf, (size_t)len);
		}
		fclose(f);
	}
	free(buf);
	free(path);
}

void
iv_segment_add_word(const char *word)
{
	size_t n = strlen(word);

	load();
	if (n <= 8 * 4)
		add(word, n);
}

int
iv_segment_is_word(const char *word)
{
	load();
	return friso_dic_match(fr->dic, __LEX_CJK_WORDS__, (fstring)word);
}

/* Longest lexicon words inside w (bytes [0, n)), left to right, skipping
 * w itself. */
static void
parts(const char *w, size_t n, size_t base, iv_word_fn fn, void *ctx)
{
	char tmp[64];
	size_t i = 0;

	while (i < n) {
		size_t best = 0;

		for (size_t j = n; j > i + 3; j -= 3) {
			if (j - i >= n || j - i >= sizeof tmp)
				continue;
			memcpy(tmp, w + i, j - i);
			tmp[j - i] = 0;
			if (friso_dic_match(fr->dic, __LEX_CJK_WORDS__, tmp)) {
				best = j - i;
				break;
			}
		}
		if (best) {
			fn(tmp, base + i, base + i + best, 1, ctx);
			i += best;
		} else {
			i += 3;
		}
	}
}

void
iv_segment_run(const char *text, size_t n, iv_word_fn fn, void *ctx)
{
	char *s = iv_xstrndup(text, n);
	friso_token_t tok;

	load();
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = iv_utf8_decode(text + i, n - i, &cp);

		add(text + i, (size_t)l);
		i += (size_t)l;
	}
	friso_set_text(task, s);
	while ((tok = cfg->next_token(fr, cfg, task))) {
		size_t start = (size_t)tok->offset, len = tok->rlen ? tok->rlen : strlen(tok->word);

		if (start + len > n)
			break;
		fn(tok->word, start, start + len, 0, ctx);
		if (len > 6 && len % 3 == 0)
			parts(text + start, len, start, fn, ctx);
	}
	free(s);
}

char *
iv_to_simplified(const char *text, size_t n)
{
	char *out;

	if (!cc_tried) {
		cc_tried = 1;
		cc = opencc_open("t2s.json");
	}
	if (cc == (opencc_t)-1)
		return NULL;
	out = opencc_convert_utf8(cc, text, n);
	if (!out)
		return NULL;
	if (strlen(out) != n || !memcmp(out, text, n)) {
		opencc_convert_utf8_free(out);
		return NULL;
	}
	{
		char *r = iv_xstrndup(out, n);

		opencc_convert_utf8_free(out);
		return r;
	}
}
