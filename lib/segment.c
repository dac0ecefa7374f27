/* segment.c — Chinese words (segment.h).
 *
 * friso's own loader reads every lexicon named in its ini file; here a
 * dictionary is built in memory from the compact lexicon instead, so the
 * cost is that of the words the grader can use. friso keeps pointers to
 * the words it is given: they live as long as the process. */
#include <friso/friso.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "dl.h"
#include "msg.h"
#include "paths.h"
#include "segment.h"
#include "utf8.h"
#include "timing.h"

static friso_t fr;
static friso_config_t cfg;
static friso_task_t task;

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
load_untimed(void)
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

static void
load(void)
{
	int t = iv_time_begin(IV_T_LEXICON);

	load_untimed();
	iv_time_end(t);
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

/* ---- Traditional to Simplified: OpenCC's t2s, loaded (dlopen: it
 * brings libstdc++ and marisa) only for text that has a character t2s
 * changes. Which characters those are is asked of OpenCC once and kept
 * compiled (cache.h), keyed by its data files. ---- */

#define OPENCC_DATA "/usr/share/opencc/"

static void *cc = (void *)-1;
static char *(*cc_convert)(void *, const char *, size_t);
static void (*cc_free)(char *);
static int cc_tried;
static unsigned char *t2s_bits;	/* BMP code points t2s changes */
static iv_cache_file t2s_file;

static int
cc_load(void)
{
	static const char *const sonames[] = { "libopencc.so.1.1", "libopencc.so.1", "libopencc.so", NULL };
	void *(*open_fn)(const char *) = NULL, *lib = NULL;
	int t;

	if (cc_tried)
		return cc != (void *)-1;
	cc_tried = 1;
	t = iv_time_begin(IV_T_OPENCC);
	if ((lib = iv_dl_open(sonames))) {
		*(void **)&open_fn = dlsym(lib, "opencc_open");
		*(void **)&cc_convert = dlsym(lib, "opencc_convert_utf8");
		*(void **)&cc_free = dlsym(lib, "opencc_convert_utf8_free");
		if (open_fn && cc_convert && cc_free)
			cc = open_fn("t2s.json");
	}
	iv_time_end(t);
	return cc != (void *)-1;
}

/* Ask OpenCC which ideographs of the BMP it changes, one per line. */
static void
t2s_compile(const char *key)
{
	static const uint32_t ranges[][2] = { { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xf900, 0xfaff } };
	iv_buf in = IV_BUF_INIT, body = IV_BUF_INIT;
	unsigned char *bits = iv_xcalloc(0x10000 / 8, 1);
	char *out;

	if (!cc_load()) {
		/* no OpenCC: nothing is ever converted */
		t2s_bits = bits;
		return;
	}
	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
		for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			char u[4] = { (char)(0xe0 | cp >> 12), (char)(0x80 | (cp >> 6 & 0x3f)),
				      (char)(0x80 | (cp & 0x3f)), '\n' };

			iv_buf_add(&in, u, 4);
		}
	out = cc_convert(cc, in.s, in.len);
	if (out) {
		/* line i of out is what character i became */
		const char *o = out;
		size_t i;

		for (i = 0; i + 4 <= in.len && *o; i += 4) {
			const char *nl = strchr(o, '\n');
			size_t ol = nl ? (size_t)(nl - o) : strlen(o);

			if (ol != 3 || memcmp(in.s + i, o, 3)) {
				uint32_t cp;

				iv_utf8_decode(in.s + i, 3, &cp);
				bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
			}
			o += ol + (nl != NULL);
		}
		if (*o || i < in.len)
			out[0] = 0;	/* did not line up */
	}
	if (!out || !*out) {
		/* every ideograph may change */
		memset(bits + 0x3400 / 8, 0xff, (0xa000 - 0x3400) / 8);
		memset(bits + 0xf900 / 8, 0xff, (0xfb00 - 0xf900) / 8);
	}
	if (out)
		cc_free(out);
	iv_buf_add(&body, bits, 0x10000 / 8);
	iv_cache_store("t2s-chars", key, &body);
	iv_buf_free(&body);
	iv_buf_free(&in);
	t2s_bits = bits;
}

static void
t2s_load(void)
{
	static const char *const srcs[] = { OPENCC_DATA "t2s.json", OPENCC_DATA "TSCharacters.ocd2",
					    OPENCC_DATA "TSPhrases.ocd2" };
	char *key;
	int t;

	if (t2s_bits)
		return;
	t = iv_time_begin(IV_T_OPENCC);
	key = iv_cache_key(srcs, 3);
	if (iv_cache_open(&t2s_file, "t2s-chars", key) && t2s_file.len == 0x10000 / 8)
		t2s_bits = (unsigned char *)t2s_file.body;
	else
		t2s_compile(key);
	free(key);
	iv_time_end(t);
}

/* Has text a character t2s changes? Characters beyond the BMP are asked
 * of OpenCC. A text with none is read as it is: t2s's phrases only pick
 * among the readings of characters it changes. */
static int
needs_t2s(const char *text, size_t n)
{
	t2s_load();
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = iv_utf8_decode(text + i, n - i, &cp);

		if (cp > 0xffff || (t2s_bits[cp >> 3] >> (cp & 7) & 1))
			return 1;
		i += (size_t)l;
	}
	return 0;
}

/* Short runs already converted (the taxonomy's "昇腾" read by every
 * grade of a Chinese answer) are remembered beside the character table,
 * so reading them again does not load OpenCC. */
#define MEMO_LEN 24
#define MEMO_MAX 512

static struct memo {
	const char *in, *out;	/* out NULL: unchanged */
} memo[MEMO_MAX];
static int nmemo, memo_tried, memo_dirty;
static char *memo_key;
static iv_cache_file memo_file;

static void
memo_save(void)
{
	iv_buf b = IV_BUF_INIT;

	iv_cw_u32(&b, (uint32_t)nmemo);
	for (int i = 0; i < nmemo; i++) {
		iv_cw_str(&b, memo[i].in);
		iv_cw_str(&b, memo[i].out);
	}
	iv_cache_store("t2s-memo", memo_key, &b);
	iv_buf_free(&b);
}

static void
memo_load(void)
{
	static const char *const srcs[] = { OPENCC_DATA "t2s.json", OPENCC_DATA "TSCharacters.ocd2",
					    OPENCC_DATA "TSPhrases.ocd2" };
	iv_cache_rd r;
	uint32_t n;

	memo_tried = 1;
	memo_key = iv_cache_key(srcs, 3);
	if (!iv_cache_open(&memo_file, "t2s-memo", memo_key))
		return;
	r.p = memo_file.body;
	r.end = memo_file.body + memo_file.len;
	r.bad = 0;
	n = iv_cr_count(&r, 9);
	for (uint32_t i = 0; i < n && i < MEMO_MAX && !r.bad; i++) {
		memo[nmemo].in = iv_cr_str(&r);
		memo[nmemo].out = iv_cr_str(&r);
		if (memo[nmemo].in)
			nmemo++;
	}
	if (r.bad)
		nmemo = 0;
}

static char *
convert(const char *text, size_t n)
{
	char *out, *r = NULL;
	int t;

	if (!cc_load())
		return NULL;
	t = iv_time_begin(IV_T_OPENCC);
	out = cc_convert(cc, text, n);
	iv_time_end(t);
	if (!out)
		return NULL;
	if (strlen(out) == n && memcmp(out, text, n))
		r = iv_xstrndup(out, n);
	cc_free(out);
	return r;
}

char *
iv_to_simplified(const char *text, size_t n)
{
	char *r;

	if (!needs_t2s(text, n))
		return NULL;
	if (n > MEMO_LEN)
		return convert(text, n);
	if (!memo_tried)
		memo_load();
	for (int i = 0; i < nmemo; i++)
		if (strlen(memo[i].in) == n && !memcmp(memo[i].in, text, n))
			return memo[i].out ? iv_xstrdup(memo[i].out) : NULL;
	r = convert(text, n);
	if (cc != (void *)-1 && nmemo < MEMO_MAX) {
		memo[nmemo].in = iv_xstrndup(text, n);
		memo[nmemo].out = r ? iv_xstrdup(r) : NULL;
		nmemo++;
		if (!memo_dirty++)
			atexit(memo_save);
	}
	return r;
}
