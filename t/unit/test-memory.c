/* Unit tests for the embedder, chunking and notes parsing (lib/embed.c,
 * lib/knowledge.c, lib/recall.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "jsonl.h"
#include "documents.h"
#include "knowledge.h"
#include "notes.h"
#include "session_memory.h"
#include "recall.h"
#include "utf8.h"
#include "unit.h"

static float
sim(const char *a, const char *b)
{
	float x[384], y[384];

	iv_embed_hash(a, 384, x);
	iv_embed_hash(b, 384, y);
	return iv_vec_dot(x, y, 384);
}

static int
all_valid_utf8(jv chunks)
{
	int ok = 1;

	jv_array_foreach(chunks, i, c) {
		jv t = iv_jget(c, "text");

		ok = ok && iv_utf8_valid(jv_string_value(t), strlen(jv_string_value(t)));
		jv_free(t);
		jv_free(c);
		(void)i;
	}
	jv_free(chunks);
	return ok;
}

int
main(void)
{
	float v[384], w[384], back[384];
	unsigned char blob[384 * 4];
	char buf[4096];
	jv r;

	/* Unit length, deterministic, similar texts closer than others. */
	iv_embed_hash("Redis cache stampede", 384, v);
	CHECK(fabsf(iv_vec_dot(v, v, 384) - 1) < 1e-5);
	iv_embed_hash("Redis cache stampede", 384, w);
	CHECK(!memcmp(v, w, sizeof v));
	CHECK(sim("Redis cache stampede", "stampede of the Redis caches") > 0.5f);
	CHECK(sim("向量数据库的索引", "向量数据库用HNSW索引") > 0.3f);
	CHECK(sim("向量数据库的索引", "Python asyncio event loop") < 0.2f);
	/* Stop words alone still give a vector. */
	iv_embed_hash("the of and", 384, v);
	CHECK(fabsf(iv_vec_dot(v, v, 384) - 1) < 1e-5);
	/* An odd dimension works, and a dot product of any length. */
	iv_embed_hash("odd", 67, v);
	CHECK(fabsf(iv_vec_dot(v, v, 67) - 1) < 1e-5);

	/* Little-endian BLOBs, both ways; the wrong size is refused. */
	iv_embed_hash("blob", 384, v);
	iv_vec_to_blob(v, 384, blob);
	CHECK(iv_vec_from_blob(blob, sizeof blob, 384, back) == 0 && !memcmp(v, back, sizeof v));
	CHECK(iv_vec_from_blob(blob, 100, 384, back) < 0);
	{
		float one = 1.0f;
		unsigned char b[4];

		iv_vec_to_blob(&one, 1, b);
		CHECK(b[0] == 0 && b[1] == 0 && b[2] == 0x80 && b[3] == 0x3f);
	}

	/* FTS queries: tokens quoted, each once, joined by OR. */
	{
		char *q = iv_recall_fts_query("Redis \"cache\" redis 缓存");

		CHECK_STR(q, "\"redis\" OR \"cach\" OR \"缓存\"");
		free(q);
		q = iv_recall_fts_query("the");
		CHECK_STR(q, "\"the\"");
		free(q);
		q = iv_recall_fts_query("!!!");
		CHECK_STR(q, "");
		free(q);
	}

	/* Chunks: headings start them, long text is cut at sentences. */
	r = iv_chunk_text("# A\n\npara one.\n\n## B\n\npara two.\n", 800, 100);
	jv_dump_string_trunc(jv_copy(r), buf, sizeof buf);
	CHECK_STR(buf, "[{\"text\":\"# A\\npara one.\",\"heading\":\"# A\"},"
		  "{\"text\":\"## B\\npara two.\",\"heading\":\"## B\"}]");
	jv_free(r);
	{
		char text[3001];

		for (int i = 0; i < 1000; i++)
			memcpy(text + 3 * i, "缓", 3);
		text[3000] = 0;
		r = iv_chunk_text(text, 200, 50);
		CHECK(jv_array_length(jv_copy(r)) >= 15);
		CHECK(all_valid_utf8(r));
	}
	r = iv_chunk_text("", 800, 100);
	CHECK(jv_array_length(r) == 0);

	/* Notes: labels in both languages, full-width colons, numbers. */
	r = iv_notes_parse("公司：甲\n职位: 乙\n日期：2026/1/2\nQ1. first?\nA1. yes it works fine here\n问题2：第二？\n答：不知道\n");
	jv_dump_string_trunc(jv_copy(r), buf, sizeof buf);
	CHECK_STR(buf, "{\"company\":\"甲\",\"position\":\"乙\",\"date\":\"2026-01-02\",\"round\":null,\"title\":null,"
		  "\"questions\":[{\"question\":\"first?\",\"answer\":\"yes it works fine here\",\"reflection\":null,"
		  "\"struggled\":false,\"struggled_because\":null},{\"question\":\"第二？\",\"answer\":\"不知道\","
		  "\"reflection\":null,\"struggled\":true,\"struggled_because\":\"said so: 不知道\"}],\"notes\":null}");
	jv_free(r);
	/* "A." without a number is text, not a label. */
	r = iv_notes_parse("Q: q\nA. plain text line that is long enough\n");
	jv_dump_string_trunc(jv_copy(r), buf, sizeof buf);
	CHECK(strstr(buf, "\"answer\":\"A. plain text line that is long enough\"") != NULL);
	jv_free(r);
	return unit_done();
}
