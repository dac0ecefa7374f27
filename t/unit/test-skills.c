/* Unit tests for the skill taxonomy and finding skills in text (lib/skills.c). */
#include <stdlib.h>
#include <string.h>

#include "skills.h"
#include "unit.h"

/* The names found in text, joined by commas. */
static char *
found(const char *text)
{
	jv a = iv_skills_in_text(text);
	static char buf[1024];

	buf[0] = 0;
	jv_array_foreach(a, i, s) {
		jv n = jv_object_get(s, jv_string("name"));

		if (i)
			strcat(buf, ",");
		strcat(buf, jv_string_value(n));
		jv_free(n);
	}
	jv_free(a);
	return buf;
}

int
main(void)
{
	const iv_skill *s;

	CHECK(iv_skills_count() > 50);
	CHECK_STR(found("I use Python3, FastAPI and PostgreSQL; built RAG with LangChain on k8s."),
		  "Python,FastAPI,PostgreSQL,RAG,LangChain,Kubernetes");
	CHECK_STR(found("JavaScript and TypeScript"), "JavaScript,TypeScript");
	CHECK_STR(found("Worked at Google on Go and Rust"), "Go,Rust");
	CHECK_STR(found("let's go"), "");
	/* "C#" is a skill of its own now; "C" is still not found inside it. */
	CHECK_STR(found("C/C++ and C#"), "C,C++,C#");
	CHECK_STR(found("C# only"), "C#");
	CHECK_STR(found("熟悉大模型和向量数据库，做过检索增强生成项目，用Python开发"),
		  "LLM,Vector Database,RAG,Python");
	CHECK_STR(found("Retrieval-Augmented Generation (RAG) with a vector store"),
		  "RAG,Vector Database");
	CHECK_STR(found("postgresqlx pythonic"), "");
	CHECK_STR(found("Use REDIS for caching"), "Redis,Caching");

	/* The first mention's span. */
	{
		jv a = iv_skills_in_text("用 Redis 做缓存");
		jv first = jv_array_get(jv_copy(a), 0);
		jv st = jv_object_get(jv_copy(first), jv_string("start"));
		jv m = jv_object_get(first, jv_string("match"));

		CHECK(jv_number_value(st) == 4);
		CHECK_STR(jv_string_value(m), "Redis");
		jv_free(st);
		jv_free(m);
		jv_free(a);
	}

	CHECK((s = iv_skill_find("k8s")) && !strcmp(s->name, "Kubernetes"));
	CHECK((s = iv_skill_find("postgres")) && !strcmp(s->path, "data/db/postgresql"));
	CHECK((s = iv_skill_find("大模型")) && !strcmp(s->name, "LLM"));
	CHECK(iv_skill_find("cobol-9000") == NULL);
	CHECK((s = iv_skill_by_path("ai/llm/rag")) && !strcmp(s->name, "RAG"));
	CHECK_STR(iv_skill_node_name("ai/llm", "zh"), "大模型");
	CHECK_STR(iv_skill_node_name("ai", "en"), "AI");
	CHECK(iv_skill_node_name("nowhere", "en") == NULL);
	return unit_done();
}
