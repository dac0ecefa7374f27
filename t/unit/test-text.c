/* Unit tests for the tokenizer and stemmer (lib/text.c). */
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "unit.h"

static int
joined_is(const char *text, int flags, const char *want)
{
	char *s = iv_tokens_joined(text, flags);
	int ok = !strcmp(s, want);

	if (!ok)
		fprintf(stderr, "  tokens of '%s': '%s', want '%s'\n", text, s, want);
	free(s);
	return ok;
}

static int
stem_is(const char *w, const char *want)
{
	char out[64];

	iv_stem(w, out);
	if (strcmp(out, want))
		fprintf(stderr, "  stem of '%s': '%s', want '%s'\n", w, out, want);
	return !strcmp(out, want);
}

struct span { size_t start, end; int n; };

static void
first_span(const char *tok, size_t start, size_t end, void *ctx)
{
	struct span *s = ctx;

	(void)tok;
	if (s->n++ == 1) {
		s->start = start;
		s->end = end;
	}
}

int
main(void)
{
	CHECK(joined_is("Hello, World! Python3 and C++/C# with Node.js 3.11.", 0,
			"hello world python3 and c++ c# with node.js node js 3.11"));
	CHECK(joined_is("向量数据库", 0, "向量 量数 数据 据库"));
	CHECK(joined_is("用Python开发RAG系统", 0, "用 python 开发 rag 系统"));
	CHECK(joined_is("我 会", 0, "我 会"));
	CHECK(joined_is("数据库", IV_TOK_UNIGRAMS, "数 数据 据 据库 库"));
	CHECK(joined_is("The caching of indexes", IV_TOK_STEM | IV_TOK_STOP, "cach index"));
	CHECK(joined_is("我们的系统是可以扩展的", IV_TOK_STOP, "们的 的系 系统 统是 是可 以扩 扩展 展的"));
	CHECK(joined_is("fine-tuning LoRA", IV_TOK_STEM, "fin tun lora"));
	CHECK(joined_is("Ünïcode ÉCOLE", 0, "ünïcode école"));
	CHECK(joined_is("asyncio.Semaphore limits", IV_TOK_STEM, "asyncio.semaphore asyncio semaphor limit"));
	CHECK(joined_is("", 0, ""));
	CHECK(joined_is("\xff\xfe bad bytes", 0, "bad bytes"));

	CHECK(stem_is("caching", "cach"));
	CHECK(stem_is("cached", "cach"));
	CHECK(stem_is("caches", "cach"));
	CHECK(stem_is("cache", "cach"));
	CHECK(stem_is("indexes", "index"));
	CHECK(stem_is("indexing", "index"));
	CHECK(stem_is("embeddings", "embed"));
	CHECK(stem_is("embedded", "embed"));
	CHECK(stem_is("retrieval", "retriev"));
	CHECK(stem_is("retrieved", "retriev"));
	CHECK(stem_is("tokenization", "tokeniz"));
	CHECK(stem_is("tokenize", "tokeniz"));
	CHECK(stem_is("queries", "query"));
	CHECK(stem_is("running", "run"));
	CHECK(stem_is("class", "class"));
	CHECK(stem_is("status", "status"));
	CHECK(stem_is("gpu", "gpu"));
	CHECK(stem_is("k8s", "k8s"));

	/* Spans point back into the text. */
	{
		struct span s = { 0, 0, 0 };
		const char *t = "我爱 Redis";

		iv_tokenize(t, 0, first_span, &s);
		CHECK(s.start == 7 && s.end == 12);
	}
	CHECK_STR(iv_text_lang("我熟悉Python和FastAPI，做过RAG项目"), "zh");
	CHECK_STR(iv_text_lang("I know Python and FastAPI"), "en");
	CHECK_STR(iv_text_lang("Python 工程师"), "zh");
	CHECK_STR(iv_text_lang("Senior Python engineer, 3 years 经验"), "en");
	CHECK(iv_is_stopword("the") && iv_is_stopword("我们") && !iv_is_stopword("redis"));
	return unit_done();
}
