/* schema.c — the store's schema, as migrations. Migration N brings
 * user_version from N-1 to N; never edit one that has shipped, add the next. */
#include <stddef.h>

#include "schema.h"

#define NOW "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
#define STAMPS \
	"created_at TEXT NOT NULL DEFAULT " NOW ",\n" \
	"  updated_at TEXT NOT NULL DEFAULT " NOW
#define JSONCOL(name, dflt) \
	name " JSON NOT NULL DEFAULT '" dflt "' CHECK (json_valid(" name "))"
#define JSONNULL(name) \
	name " JSON CHECK (" name " IS NULL OR json_valid(" name "))"

static const char m1[] =
"CREATE TABLE users (\n"
"  id INTEGER PRIMARY KEY,\n"
"  username TEXT NOT NULL UNIQUE,\n"
"  email TEXT,\n"
"  " JSONCOL("profile", "{}") ",\n"
"  " JSONCOL("settings", "{}") ",\n"
"  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),\n"
"  last_login TEXT,\n"
"  " STAMPS "\n"
");\n"
"CREATE TABLE resumes (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  title TEXT,\n"
"  target_position TEXT,\n"
"  original_filename TEXT,\n"
"  file_type TEXT,\n"
"  sha256 TEXT NOT NULL,\n"
"  lang TEXT CHECK (lang IS NULL OR lang IN ('zh', 'en')),\n"
"  " JSONCOL("parsed_data", "{}") ",\n"
"  " JSONCOL("extracted_skills", "[]") ",\n"
"  version INTEGER NOT NULL CHECK (version >= 1),\n"
"  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),\n"
"  parse_status TEXT NOT NULL DEFAULT 'parsed'\n"
"    CHECK (parse_status IN ('pending', 'parsed', 'failed')),\n"
"  parse_error TEXT,\n"
"  " STAMPS ",\n"
"  UNIQUE (user_id, sha256),\n"
"  UNIQUE (user_id, version)\n"
");\n"
"CREATE UNIQUE INDEX resumes_one_default ON resumes(user_id) WHERE is_default = 1;\n"
"CREATE TABLE job_descriptions (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  resume_id INTEGER REFERENCES resumes(id) ON DELETE SET NULL,\n"
"  title TEXT,\n"
"  company TEXT,\n"
"  location TEXT,\n"
"  lang TEXT CHECK (lang IS NULL OR lang IN ('zh', 'en')),\n"
"  sha256 TEXT NOT NULL,\n"
"  raw_text TEXT NOT NULL,\n"
"  " JSONCOL("parsed_data", "{}") ",\n"
"  " JSONCOL("required_skills", "[]") ",\n"
"  " JSONCOL("preferred_skills", "[]") ",\n"
"  " JSONNULL("match_analysis") ",\n"
"  match_score REAL CHECK (match_score IS NULL OR match_score BETWEEN 0 AND 100),\n"
"  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),\n"
"  " STAMPS ",\n"
"  UNIQUE (user_id, sha256)\n"
");\n"
"CREATE UNIQUE INDEX job_descriptions_one_default ON job_descriptions(user_id) WHERE is_default = 1;\n"
"CREATE TABLE interview_sessions (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  resume_id INTEGER REFERENCES resumes(id) ON DELETE SET NULL,\n"
"  jd_id INTEGER REFERENCES job_descriptions(id) ON DELETE SET NULL,\n"
"  session_type TEXT NOT NULL DEFAULT 'mock' CHECK (session_type IN ('mock', 'real')),\n"
"  status TEXT NOT NULL DEFAULT 'ongoing'\n"
"    CHECK (status IN ('ongoing', 'paused', 'completed', 'cancelled')),\n"
"  round_number INTEGER NOT NULL CHECK (round_number >= 1),\n"
"  lang TEXT CHECK (lang IS NULL OR lang IN ('zh', 'en')),\n"
"  engine TEXT NOT NULL DEFAULT 'builtin',\n"
"  model TEXT,\n"
"  max_rounds INTEGER NOT NULL DEFAULT 5 CHECK (max_rounds BETWEEN 1 AND 50),\n"
"  start_time TEXT NOT NULL DEFAULT " NOW ",\n"
"  end_time TEXT,\n"
"  duration_seconds INTEGER,\n"
"  overall_score REAL CHECK (overall_score IS NULL OR overall_score BETWEEN 0 AND 10),\n"
"  " JSONCOL("metadata", "{}") ",\n"
"  " JSONNULL("summary") ",\n"
"  knowledge_updated INTEGER NOT NULL DEFAULT 0 CHECK (knowledge_updated IN (0, 1)),\n"
"  knowledge_updated_at TEXT,\n"
"  " STAMPS ",\n"
"  UNIQUE (user_id, round_number)\n"
");\n"
"CREATE INDEX interview_sessions_user_status ON interview_sessions(user_id, status, created_at);\n"
"CREATE INDEX interview_sessions_user_created ON interview_sessions(user_id, created_at);\n"
"CREATE TABLE conversations (\n"
"  id INTEGER PRIMARY KEY,\n"
"  session_id INTEGER NOT NULL REFERENCES interview_sessions(id) ON DELETE CASCADE,\n"
"  sequence_number INTEGER NOT NULL CHECK (sequence_number >= 1),\n"
"  role TEXT NOT NULL CHECK (role IN ('interviewer', 'candidate', 'system')),\n"
"  content TEXT NOT NULL,\n"
"  reply_to INTEGER REFERENCES conversations(id) ON DELETE CASCADE,\n"
"  score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 10),\n"
"  " JSONCOL("metadata", "{}") ",\n"
"  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
"  UNIQUE (session_id, sequence_number)\n"
");\n"
"CREATE UNIQUE INDEX conversations_one_answer ON conversations(reply_to)\n"
"  WHERE reply_to IS NOT NULL AND role = 'candidate';\n"
"CREATE INDEX conversations_score ON conversations(score) WHERE score IS NOT NULL;\n"
"CREATE TABLE learning_plans (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  session_id INTEGER REFERENCES interview_sessions(id) ON DELETE SET NULL,\n"
"  title TEXT NOT NULL,\n"
"  description TEXT,\n"
"  " JSONCOL("plan_data", "{}") ",\n"
"  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),\n"
"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'archived')),\n"
"  " JSONCOL("completed_tasks", "[]") ",\n"
"  start_date TEXT,\n"
"  target_end_date TEXT,\n"
"  actual_end_date TEXT,\n"
"  " STAMPS "\n"
");\n"
"CREATE UNIQUE INDEX learning_plans_one_active ON learning_plans(user_id) WHERE status = 'active';\n"
"CREATE INDEX learning_plans_user ON learning_plans(user_id, status, created_at);\n"
"CREATE TABLE skill_assessments (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  session_id INTEGER REFERENCES interview_sessions(id) ON DELETE CASCADE,\n"
"  skill_name TEXT NOT NULL,\n"
"  skill_category TEXT,\n"
"  skill_path TEXT,\n"
"  score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),\n"
"  previous_score REAL,\n"
"  score_change REAL,\n"
"  " JSONCOL("assessment_data", "{}") ",\n"
"  assessed_at TEXT NOT NULL DEFAULT " NOW ",\n"
"  " STAMPS ",\n"
"  UNIQUE (session_id, skill_name)\n"
");\n"
"CREATE INDEX skill_assessments_user_skill ON skill_assessments(user_id, skill_name, assessed_at);\n"
"CREATE TABLE interview_meetings (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  company TEXT,\n"
"  position TEXT,\n"
"  meeting_date TEXT,\n"
"  raw_notes TEXT NOT NULL,\n"
"  sha256 TEXT,\n"
"  " JSONCOL("parsed_content", "{}") ",\n"
"  synced_to_knowledge INTEGER NOT NULL DEFAULT 0 CHECK (synced_to_knowledge IN (0, 1)),\n"
"  synced_at TEXT,\n"
"  " STAMPS "\n"
");\n"
"CREATE INDEX interview_meetings_user ON interview_meetings(user_id, meeting_date);\n"
"CREATE TABLE documents (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  path TEXT NOT NULL,\n"
"  sha256 TEXT NOT NULL,\n"
"  size INTEGER,\n"
"  chunks INTEGER NOT NULL DEFAULT 0,\n"
"  " STAMPS ",\n"
"  UNIQUE (user_id, path)\n"
");\n"
"CREATE TABLE knowledge (\n"
"  id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
"  collection TEXT NOT NULL CHECK (collection IN ('user_memories', 'general_knowledge')),\n"
"  source_type TEXT NOT NULL,\n"
"  source_id TEXT,\n"
"  content TEXT NOT NULL,\n"
"  tokens TEXT NOT NULL DEFAULT '',\n"
"  content_hash TEXT NOT NULL,\n"
"  importance REAL NOT NULL DEFAULT 5 CHECK (importance BETWEEN 0 AND 10),\n"
"  " JSONCOL("metadata", "{}") ",\n"
"  embedding BLOB,\n"
"  embedding_model TEXT,\n"
"  embedding_dim INTEGER,\n"
"  access_count INTEGER NOT NULL DEFAULT 0,\n"
"  last_accessed_at TEXT,\n"
"  " STAMPS "\n"
");\n"
"CREATE INDEX knowledge_user_collection ON knowledge(user_id, collection, source_type);\n"
"CREATE INDEX knowledge_source ON knowledge(source_type, source_id);\n"
"CREATE INDEX knowledge_hash ON knowledge(content_hash, embedding_model);\n"
"CREATE INDEX knowledge_unembedded ON knowledge(id) WHERE embedding IS NULL;\n"
"CREATE VIRTUAL TABLE knowledge_fts USING fts5(tokens, content='knowledge', content_rowid='id');\n"
"CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge BEGIN\n"
"  INSERT INTO knowledge_fts(rowid, tokens) VALUES (new.id, new.tokens);\n"
"END;\n"
"CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge BEGIN\n"
"  INSERT INTO knowledge_fts(knowledge_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);\n"
"END;\n"
"CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF tokens ON knowledge BEGIN\n"
"  INSERT INTO knowledge_fts(knowledge_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens);\n"
"  INSERT INTO knowledge_fts(rowid, tokens) VALUES (new.id, new.tokens);\n"
"END;\n"
"CREATE TABLE llm_cache (\n"
"  key TEXT PRIMARY KEY,\n"
"  model TEXT NOT NULL,\n"
"  " JSONCOL("response", "{}") ",\n"
"  " JSONNULL("usage") ",\n"
"  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
"  expires_at TEXT NOT NULL\n"
");\n"
"CREATE INDEX llm_cache_expires ON llm_cache(expires_at);\n";

/* The tables export and import carry, in the order that satisfies foreign
 * keys. knowledge_fts is derived (triggers keep it) and not carried. */
const char *const iv_schema_tables[] = {
	"users", "resumes", "job_descriptions", "interview_sessions", "conversations",
	"learning_plans", "skill_assessments", "interview_meetings", "documents",
	"knowledge", "llm_cache", NULL,
};

/* 2: a generation number that changes whenever a knowledge row's vector or
 * what recall filters on changes, so derived vector indexes (recall's
 * <store>-vectors file) know when they are stale, whoever wrote the row. */
static const char m2[] =
"CREATE TABLE knowledge_state (\n"
"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
"  generation INTEGER NOT NULL\n"
");\n"
"INSERT INTO knowledge_state (id, generation) VALUES (1, 0);\n"
"CREATE TRIGGER knowledge_state_insert AFTER INSERT ON knowledge\n"
"  WHEN new.embedding IS NOT NULL BEGIN\n"
"  UPDATE knowledge_state SET generation = random() WHERE id = 1;\n"
"END;\n"
"CREATE TRIGGER knowledge_state_update AFTER UPDATE OF user_id, collection, source_type,\n"
"  importance, embedding, embedding_model, embedding_dim, created_at ON knowledge BEGIN\n"
"  UPDATE knowledge_state SET generation = random() WHERE id = 1;\n"
"END;\n"
"CREATE TRIGGER knowledge_state_delete AFTER DELETE ON knowledge\n"
"  WHEN old.embedding IS NOT NULL BEGIN\n"
"  UPDATE knowledge_state SET generation = random() WHERE id = 1;\n"
"END;\n";

/* 3: resumes and job descriptions in the shapes their schemas have
 * (compat.h): no "endDate": "present", ISO 8601 dates, job locations as
 * objects. The functions are registered by store.c before migrating. */
static const char m3[] =
"UPDATE resumes SET parsed_data = iv_upgrade_resume(parsed_data);\n"
"UPDATE job_descriptions SET parsed_data = iv_upgrade_jd(parsed_data);\n";

/* 4: questions in the order lists show them, so a page of records (iv-store
 * records list, iv-serve's GET /records) reads its rows, not the whole table. */
static const char m4[] =
"CREATE INDEX IF NOT EXISTS conversations_questions ON conversations(created_at) WHERE role = 'interviewer';\n";

/* 5: what iv-ask's builtin engine asks of the past on every question
 * (the latest earlier answer to each bank question: session, round,
 * score) kept by triggers as one row per answer, so it is an index seek
 * per question instead of a join over every past answer with its
 * question's JSON. Derived: export and import do not carry it. Every
 * statement can run again (tests replay migrations on a current store). */
#define QH_ROW(a, q, s) \
	a ".id, " s ".user_id, json_extract(" q ".metadata, '$.question_id'), " a ".session_id, " \
	s ".round_number, " a ".sequence_number, " a ".score"
static const char m5[] =
"CREATE TABLE IF NOT EXISTS question_history (\n"
"  answer_id INTEGER PRIMARY KEY,\n"
"  user_id INTEGER NOT NULL,\n"
"  question_id TEXT NOT NULL,\n"
"  session_id INTEGER NOT NULL,\n"
"  round_number INTEGER NOT NULL,\n"
"  sequence_number INTEGER NOT NULL,\n"
"  score REAL\n"
");\n"
"CREATE INDEX IF NOT EXISTS question_history_latest ON question_history(user_id, question_id, round_number, sequence_number);\n"
"CREATE INDEX IF NOT EXISTS question_history_session ON question_history(session_id);\n"
"INSERT OR REPLACE INTO question_history SELECT " QH_ROW("a", "q", "s") "\n"
"  FROM conversations a JOIN conversations q ON q.id = a.reply_to\n"
"  JOIN interview_sessions s ON s.id = a.session_id\n"
"  WHERE a.role = 'candidate' AND json_type(q.metadata, '$.question_id') = 'text';\n"
"CREATE TRIGGER IF NOT EXISTS question_history_insert AFTER INSERT ON conversations\n"
"  WHEN new.role = 'candidate' AND new.reply_to IS NOT NULL BEGIN\n"
"  INSERT OR REPLACE INTO question_history SELECT " QH_ROW("new", "q", "s") "\n"
"    FROM conversations q, interview_sessions s\n"
"    WHERE q.id = new.reply_to AND s.id = new.session_id AND json_type(q.metadata, '$.question_id') = 'text';\n"
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_history_update AFTER UPDATE OF id, session_id, sequence_number, role, reply_to, score\n"
"  ON conversations BEGIN\n"
"  DELETE FROM question_history WHERE answer_id = old.id;\n"
"  INSERT OR REPLACE INTO question_history SELECT " QH_ROW("new", "q", "s") "\n"
"    FROM conversations q, interview_sessions s\n"
"    WHERE new.role = 'candidate' AND q.id = new.reply_to AND s.id = new.session_id\n"
"    AND json_type(q.metadata, '$.question_id') = 'text';\n"
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_history_question AFTER UPDATE OF metadata ON conversations\n"
"  WHEN new.role = 'interviewer' OR old.role = 'interviewer' BEGIN\n"
"  DELETE FROM question_history WHERE answer_id IN\n"
"    (SELECT id FROM conversations WHERE reply_to = new.id AND role = 'candidate');\n"
"  INSERT OR REPLACE INTO question_history SELECT " QH_ROW("a", "new", "s") "\n"
"    FROM conversations a, interview_sessions s\n"
"    WHERE a.reply_to = new.id AND a.role = 'candidate' AND s.id = a.session_id\n"
"    AND json_type(new.metadata, '$.question_id') = 'text';\n"
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_history_delete AFTER DELETE ON conversations BEGIN\n"
"  DELETE FROM question_history WHERE answer_id = old.id;\n"
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_history_session AFTER UPDATE OF user_id, round_number ON interview_sessions BEGIN\n"
"  UPDATE question_history SET user_id = new.user_id, round_number = new.round_number\n"
"    WHERE session_id = new.id;\n"
"END;\n";

/* 6: the latest assessment of each skill (iv-ask's scores on every
 * question) as an index seek per skill and path, not a pass over every
 * assessment the user ever had. */
static const char m6[] =
"CREATE INDEX IF NOT EXISTS skill_assessments_latest ON skill_assessments(user_id, skill_name, skill_path, assessed_at);\n";

/* 7: the latest answer to each bank question, one row per (user,
 * question), kept from question_history by triggers: iv-ask's history
 * reads the user's few hundred rows in order instead of a seek per
 * question into question_history and its table, whose pages grow with
 * the past sessions (6.7 ms at 10,000 sessions, from the disk's cache).
 * "Latest" is question_history's order: round, then sequence, then
 * answer. Derived, as question_history is; every statement can run
 * again. */
#define QL_NEWER(r, k) \
	"(" r ".round_number, " r ".sequence_number, " r ".answer_id) > (" k ".round_number, " k ".sequence_number, " k ".answer_id)"
#define QL_REFILL(u, q) \
	"  INSERT INTO question_latest SELECT user_id, question_id, answer_id, session_id, round_number, sequence_number, score\n" \
	"    FROM question_history WHERE user_id = " u " AND question_id = " q "\n" \
	"    AND NOT EXISTS (SELECT 1 FROM question_latest WHERE user_id = " u " AND question_id = " q ")\n" \
	"    ORDER BY round_number DESC, sequence_number DESC, answer_id DESC LIMIT 1;\n"
#define QL_OFFER(n) \
	"  INSERT OR REPLACE INTO question_latest SELECT " n ".user_id, " n ".question_id, " n ".answer_id, " n ".session_id,\n" \
	"    " n ".round_number, " n ".sequence_number, " n ".score\n" \
	"    WHERE NOT EXISTS (SELECT 1 FROM question_latest l WHERE l.user_id = " n ".user_id\n" \
	"    AND l.question_id = " n ".question_id AND " QL_NEWER("l", n) ");\n"
static const char m7[] =
"CREATE TABLE IF NOT EXISTS question_latest (\n"
"  user_id INTEGER NOT NULL,\n"
"  question_id TEXT NOT NULL,\n"
"  answer_id INTEGER NOT NULL,\n"
"  session_id INTEGER NOT NULL,\n"
"  round_number INTEGER NOT NULL,\n"
"  sequence_number INTEGER NOT NULL,\n"
"  score REAL,\n"
"  PRIMARY KEY (user_id, question_id)\n"
") WITHOUT ROWID;\n"
"DELETE FROM question_latest;\n"
"INSERT INTO question_latest SELECT h.user_id, h.question_id, h.answer_id, h.session_id, h.round_number,\n"
"  h.sequence_number, h.score FROM question_history h\n"
"  WHERE h.answer_id = (SELECT answer_id FROM question_history WHERE user_id = h.user_id\n"
"  AND question_id = h.question_id ORDER BY round_number DESC, sequence_number DESC, answer_id DESC LIMIT 1);\n"
"CREATE TRIGGER IF NOT EXISTS question_latest_insert AFTER INSERT ON question_history BEGIN\n"
QL_OFFER("new")
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_latest_delete AFTER DELETE ON question_history BEGIN\n"
"  DELETE FROM question_latest WHERE user_id = old.user_id AND question_id = old.question_id\n"
"    AND answer_id = old.answer_id;\n"
QL_REFILL("old.user_id", "old.question_id")
"END;\n"
"CREATE TRIGGER IF NOT EXISTS question_latest_update AFTER UPDATE ON question_history BEGIN\n"
"  DELETE FROM question_latest WHERE user_id = old.user_id AND question_id = old.question_id\n"
"    AND answer_id = old.answer_id;\n"
QL_REFILL("old.user_id", "old.question_id")
QL_OFFER("new")
"END;\n";

const char *const iv_migrations[] = { NULL, m1, m2, m3, m4, m5, m6, m7, NULL };
