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

	/* The taxonomy is large, every skill has a Chinese name, and the paths
	 * the question bank and stored assessments use are still there. */
	CHECK(iv_skills_count() >= 300);
	{
		static const char *const kept[] = {
			"lang/python", "lang/python/asyncio", "lang/go", "lang/java", "lang/javascript",
			"lang/typescript", "lang/cpp", "lang/c", "lang/rust", "web/backend/fastapi",
			"web/backend/flask", "web/backend/django", "web/api/rest", "web/api/grpc",
			"web/api/graphql", "web/frontend/react", "data/db/sql", "data/db/postgresql",
			"data/db/mysql", "data/db/redis", "data/db/mongodb", "data/db/vector",
			"data/db/vector/milvus", "data/db/vector/qdrant", "data/db/vector/faiss",
			"data/db/vector/pgvector", "data/db/vector/chroma", "data/engineering",
			"data/engineering/etl", "data/engineering/spark", "data/engineering/kafka",
			"eng/caching", "eng/system-design", "eng/testing", "eng/testing/pytest", "ai/ml",
			"ai/ml/deep-learning", "ai/ml/pytorch", "ai/llm", "ai/llm/transformer",
			"ai/llm/tokenization", "ai/llm/prompt-engineering", "ai/llm/embeddings", "ai/llm/rag",
			"ai/llm/agents", "ai/llm/function-calling", "ai/llm/frameworks/langchain",
			"ai/llm/frameworks/langgraph", "ai/llm/frameworks/llamaindex", "ai/llm/evaluation",
			"ai/llm/fine-tuning", "ai/llm/fine-tuning/lora", "ai/llm/serving", "ai/llm/serving/vllm",
			"ai/llm/serving/quantization", "ai/llm/security", "ops/git", "ops/ci-cd", "ops/docker",
			"ops/kubernetes", "ops/cloud", "ops/cloud/aws", "ops/observability", "ops/mlops",
			"soft/behavioral", "soft/communication", "soft/teamwork", "soft/leadership", NULL,
		};
		int zh = 0;

		for (int i = 0; kept[i]; i++)
			if (!iv_skill_by_path(kept[i])) {
				fprintf(stderr, "lost path %s\n", kept[i]);
				CHECK(0);
			}
		for (int i = 0; i < iv_skills_count(); i++)
			zh += iv_skill_at(i)->zh && *iv_skill_at(i)->zh;
		CHECK(zh == iv_skills_count());
	}

	/* Aliases marked exact match only in their case: REST, not "the rest";
	 * the agent pattern ReAct, not the React library. */
	CHECK_STR(found("a REST API; the rest of it"), "REST API");
	CHECK_STR(found("the rest was easy"), "");
	CHECK_STR(found("ReAct agents, and a React front end"), "ReAct,AI Agents,React");
	CHECK_STR(found("Spring 2021 semester; Spring Boot services"), "Spring Boot");
	/* A lone letter: not R in R&D, not C in C端 or C-suite. */
	CHECK_STR(found("R&D for C端 users, reporting to the C-suite"), "");
	CHECK_STR(found("R and C"), "R,C");
	/* Chinese names match; the longest match wins across languages. */
	CHECK_STR(found("负责知识库问答与模型量化，熟悉分库分表"), "RAG,Quantization,Sharding");
	CHECK_STR(found("Kafka streams with kubectl"), "Kafka,Kubernetes");
	CHECK_STR(found("Vue.js and Node.js; .NET and ASP.NET"), "Vue,Node.js,C#,ASP.NET");
	CHECK((s = iv_skill_find("向量数据库")) && !strcmp(s->path, "data/db/vector"));
	CHECK((s = iv_skill_find("REST")) && !strcmp(s->name, "REST API"));

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
