#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "documents.h"
#include "extract.h"
#include "jsonl.h"
#include "knowledge.h"
#include "msg.h"
#include "notes.h"
#include "sha256.h"
#include "store.h"
#include "utf8.h"

/* --- Notes of real interviews --------------------------------------------- */

enum { L_NONE, L_COMPANY, L_POSITION, L_DATE, L_ROUND, L_QUESTION, L_ANSWER, L_REFLECTION, L_STRUGGLED, L_NOTES };

static const struct {
	const char *word;
	int label;
} note_labels[] = {
	{ "company", L_COMPANY }, { "employer", L_COMPANY }, { "公司", L_COMPANY }, { "公司名称", L_COMPANY },
	{ "position", L_POSITION }, { "role", L_POSITION }, { "job", L_POSITION }, { "职位", L_POSITION },
	{ "岗位", L_POSITION }, { "应聘岗位", L_POSITION }, { "应聘职位", L_POSITION },
	{ "date", L_DATE }, { "日期", L_DATE }, { "时间", L_DATE }, { "面试时间", L_DATE }, { "面试日期", L_DATE },
	{ "round", L_ROUND }, { "轮次", L_ROUND }, { "面试轮次", L_ROUND },
	{ "q", L_QUESTION }, { "question", L_QUESTION }, { "问", L_QUESTION }, { "问题", L_QUESTION },
	{ "题目", L_QUESTION },
	{ "a", L_ANSWER }, { "answer", L_ANSWER }, { "my answer", L_ANSWER }, { "答", L_ANSWER },
	{ "回答", L_ANSWER }, { "我的回答", L_ANSWER }, { "答案", L_ANSWER },
	{ "reflection", L_REFLECTION }, { "note", L_REFLECTION }, { "notes", L_REFLECTION },
	{ "thoughts", L_REFLECTION }, { "comment", L_REFLECTION }, { "反思", L_REFLECTION },
	{ "复盘", L_REFLECTION }, { "感想", L_REFLECTION }, { "备注", L_REFLECTION }, { "体会", L_REFLECTION },
	{ "struggled", L_STRUGGLED }, { "卡住", L_STRUGGLED }, { "卡壳", L_STRUGGLED },
	{ "overall", L_NOTES }, { "summary", L_NOTES }, { "总结", L_NOTES }, { "整体", L_NOTES },
	{ "总体", L_NOTES }, { "整体感受", L_NOTES },
	{ NULL, 0 },
};

/* Headings that name a part of the notes rather than ask a question. */
static const char *const note_sections[] = {
	"questions", "interview questions", "question list", "notes", "summary", "reflection",
	"reflections", "overall", "thoughts", "info", "details", "面试问题", "问题", "问题列表", "题目",
	"总结", "反思", "复盘", "感想", "备注", "整体感受", "基本信息", "面试信息", NULL,
};

/* What says a question went badly: anything in a reflection, the strong
 * ones in an answer too. ASCII ones are matched lowercased. */
static const char *const struggled_strong[] = {
	"(struggled)", "[struggled]", "❌", "✗", "✘", "(卡住)", "（卡住）", "【卡住】", "[卡住]",
	"don't know", "do not know", "no idea", "forgot", "not sure", "blanked",
	"不知道", "不清楚", "忘了", "没答上", "答不上", "没答出", NULL,
};
static const char *const struggled_weak[] = {
	"struggled", "didn't know", "did not know", "went blank", "stuck", "couldn't answer",
	"could not answer", "couldn't explain", "could not explain", "wasn't sure", "was not sure",
	"messed up", "got it wrong", "answered wrong", "wrong answer", "poorly", "badly",
	"should have", "need to review", "need to study",
	"不会", "没答好", "答错", "卡住", "卡壳", "忘记", "没想起", "不太会", "不熟", "没回答", "懵",
	"没准备", "需要复习", "要复习", "答得不好", "回答得不好", NULL,
};

static char *
lower_ascii(const char *s)
{
	char *l = iv_xstrdup(s), *p;

	for (p = l; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
		/* ’ (U+2019) as ' so "didn’t" reads as "didn't" */
		if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99)
			p[0] = '\'', memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	return l;
}

static const char *
find_any(const char *text, const char *const *words)
{
	char *l = lower_ascii(text);
	const char *hit = NULL;

	for (int i = 0; words[i] && !hit; i++)
		if (strstr(l, words[i]))
			hit = words[i];
	free(l);
	return hit;
}

/* The label at the start of line ("Q1:", "问题：", "**Company**:"), its
 * kind, and where the value starts. */
static int
note_label(const char *line, const char **value)
{
	char word[64];
	const char *p = line, *sep = NULL;
	size_t n;
	int digits = 0;

	/* The label ends at the first colon, full-width or not, or at "." or
	 * "、" after a number ("Q1. What is..."). */
	for (const char *s = p; *s && s - p < 40; s++) {
		if (*s == ':') {
			sep = s, n = 1;
			break;
		}
		if (!strncmp(s, "：", 3) || (!strncmp(s, "、", 3) && s > p && s[-1] >= '0' && s[-1] <= '9')) {
			sep = s, n = 3;
			break;
		}
		if ((*s == '.' || *s == ')') && s > p && s[-1] >= '0' && s[-1] <= '9' &&
		    (s[1] == ' ' || s[1] == '\t' || !s[1])) {
			sep = s, n = 1;
			break;
		}
	}
	if (!sep || (size_t)(sep - p) >= sizeof word)
		return L_NONE;
	memcpy(word, p, (size_t)(sep - p));
	word[sep - p] = 0;
	/* "Q1", "Question 2", "问题3" */
	for (size_t len = strlen(word); len && ((word[len - 1] >= '0' && word[len - 1] <= '9') ||
						 word[len - 1] == ' ' || word[len - 1] == '#'); len--) {
		digits |= word[len - 1] >= '0' && word[len - 1] <= '9';
		word[len - 1] = 0;
	}
	for (char *c = word; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 32;
	for (int i = 0; note_labels[i].word; i++)
		if (!strcmp(word, note_labels[i].word)) {
			int l = note_labels[i].label;

			if (*sep != ':' && strncmp(sep, "：", 3) && !digits)
				return L_NONE;	/* "A. something" is not a label */
			if (*sep != ':' && strncmp(sep, "：", 3) && l != L_QUESTION && l != L_ANSWER)
				return L_NONE;
			p = sep + n;
			while (*p == ' ' || *p == '\t')
				p++;
			*value = p;
			return l;
		}
	return L_NONE;
}

static void
append_line(iv_buf *b, const char *s, int *gap)
{
	if (!*s) {
		*gap = b->len > 0;
		return;
	}
	if (b->len)
		iv_buf_puts(b, *gap ? "\n\n" : "\n");
	iv_buf_puts(b, s);
	*gap = 0;
}

static void
norm_date(const char *s, char *out)
{
	int y, m, d;

	*out = 0;
	if ((sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 || sscanf(s, "%4d/%2d/%2d", &y, &m, &d) == 3 ||
	     sscanf(s, "%4d.%2d.%2d", &y, &m, &d) == 3 || sscanf(s, "%4d年%2d月%2d", &y, &m, &d) == 3) &&
	    y >= 1970 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

struct nq {
	iv_buf q, a, r;
	int field;		/* L_ANSWER or L_REFLECTION: where plain lines go */
	int gap;
	int said;		/* -1 not said, 0 said no, 1 said yes */
};

static jv
finish_question(struct nq *q)
{
	const char *hit, *because = NULL;
	jv o, toks;
	int ntok;
	char *why = NULL;

	for (size_t i = q->a.len; i > 0 && strchr(" \t\n", q->a.s[i - 1]); i--)
		q->a.s[--q->a.len] = 0;
	for (size_t i = q->r.len; i > 0 && strchr(" \t\n", q->r.s[i - 1]); i--)
		q->r.s[--q->r.len] = 0;
	toks = iv_tokens(q->a.s ? q->a.s : "", 0);
	ntok = jv_array_length(toks);
	if (q->said == 1)
		because = "marked as struggled";
	else if (q->said == 0)
		because = NULL;
	else if (!q->a.len)
		because = "no answer";
	else if ((hit = find_any(q->q.s, struggled_strong)) || (hit = find_any(q->a.s, struggled_strong)) ||
		 (q->r.len && ((hit = find_any(q->r.s, struggled_strong)) || (hit = find_any(q->r.s, struggled_weak)))))
		because = why = iv_xasprintf("said so: %s", hit);
	else if (ntok < 3)
		because = "short answer";
	o = JV_OBJECT(jv_string("question"), jv_string(q->q.s ? q->q.s : ""),
		      jv_string("answer"), jv_string(q->a.s ? q->a.s : ""),
		      jv_string("reflection"), q->r.len ? jv_string(q->r.s) : jv_null(),
		      jv_string("struggled"), jv_bool(because != NULL),
		      jv_string("struggled_because"), because ? jv_string(because) : jv_null());
	free(why);
	iv_buf_free(&q->q), iv_buf_free(&q->a), iv_buf_free(&q->r);
	memset(q, 0, sizeof *q);
	return o;
}

/* A heading's text without "#"s, a question label or a trailing colon. */
static char *
heading_text(const char *line, int *level)
{
	const char *p = line, *v;
	char *t;
	size_t n;

	for (*level = 0; *p == '#'; p++)
		(*level)++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (note_label(p, &v) == L_QUESTION)
		p = v;
	t = iv_xstrdup(p);
	n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == ':' || t[n - 1] == '#'))
		t[--n] = 0;
	if (n >= 3 && !strcmp(t + n - 3, "："))
		t[n - 3] = 0;
	return t;
}

static int
is_section(const char *t)
{
	char *l = lower_ascii(t);
	int hit = 0;

	for (int i = 0; note_sections[i] && !hit; i++)
		hit = !strcmp(l, note_sections[i]);
	free(l);
	return hit;
}

jv
iv_notes_parse(const char *text)
{
	jv out = JV_OBJECT(jv_string("company"), jv_null(), jv_string("position"), jv_null(),
			   jv_string("date"), jv_null(), jv_string("round"), jv_null(),
			   jv_string("title"), jv_null());
	jv questions = jv_array();
	struct nq q = { 0 };
	iv_buf notes = IV_BUF_INIT, line = IV_BUF_INIT;
	int in_q = 0, notes_gap = 0, in_notes_section = 0, has_title = 0;
	const char *s = text;

	while (*s) {
		const char *nl = strchr(s, '\n'), *p, *v;
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		int label;

		iv_buf_reset(&line);
		iv_buf_add(&line, s, n);
		s += n + (nl != NULL);
		while (line.len && strchr("\r \t", line.s[line.len - 1]))
			line.s[--line.len] = 0;
		/* Bullets, quotes and bold around labels do not matter. */
		{
			char *w;

			while ((w = strstr(line.s, "**")))
				memmove(w, w + 2, strlen(w + 2) + 1);
		}
		p = line.s;
		while (*p == ' ' || *p == '\t')
			p++;
		if ((*p == '-' || *p == '*' || *p == '+' || *p == '>') && (p[1] == ' ' || p[1] == '\t'))
			for (p += 2; *p == ' ' || *p == '\t'; p++)
				;
		if (*p == '#') {
			int level;
			char *h = heading_text(p, &level);

			if (!*h) {
				free(h);
				continue;
			}
			if (level == 1 && !in_q && !has_title) {
				has_title = 1;
				out = jv_object_set(out, jv_string("title"), jv_string(h));
			} else if (is_section(h)) {
				if (in_q)
					questions = jv_array_append(questions, finish_question(&q));
				in_q = 0;
				in_notes_section = !find_any(h, (const char *const[]){ "question", "问题", "题目", NULL });
			} else {
				if (in_q)
					questions = jv_array_append(questions, finish_question(&q));
				iv_buf_puts(&q.q, h);
				q.field = L_ANSWER;
				q.said = -1;
				in_q = 1;
				in_notes_section = 0;
			}
			free(h);
			continue;
		}
		label = note_label(p, &v);
		switch (label) {
		case L_COMPANY:
		case L_POSITION:
		case L_DATE:
		case L_ROUND: {
			const char *key = label == L_COMPANY ? "company" : label == L_POSITION ? "position" :
					  label == L_DATE ? "date" : "round";
			jv cur = jv_object_get(jv_copy(out), jv_string(key));

			if (jv_get_kind(cur) == JV_KIND_NULL && *v)
				out = jv_object_set(out, jv_string(key), jv_string(v));
			jv_free(cur);
			continue;
		}
		case L_QUESTION:
			if (in_q)
				questions = jv_array_append(questions, finish_question(&q));
			iv_buf_puts(&q.q, v);
			q.field = L_ANSWER;
			q.said = -1;
			in_q = 1;
			in_notes_section = 0;
			continue;
		case L_NOTES:
			/* "Overall: ..." ends the questions' part. */
			if (in_q)
				questions = jv_array_append(questions, finish_question(&q));
			in_q = 0;
			in_notes_section = 1;
			append_line(&notes, p, &notes_gap);
			continue;
		case L_ANSWER:
		case L_REFLECTION:
			if (in_q) {
				q.field = label;
				q.gap = 0;
				append_line(label == L_ANSWER ? &q.a : &q.r, v, &q.gap);
				continue;
			}
			if (label == L_ANSWER)
				break;
			in_notes_section = 1;
			append_line(&notes, v, &notes_gap);
			continue;
		case L_STRUGGLED:
			if (in_q) {
				/* "Struggled:" alone or yes-like is yes; no-like is no. */
				q.said = strchr("nNfF0", *v) && *v ? 0 :
					 !strncmp(v, "否", 3) || !strncmp(v, "没", 3) || !strncmp(v, "无", 3) ? 0 : 1;
				continue;
			}
			break;
		}
		if (in_q && !in_notes_section)
			append_line(q.field == L_REFLECTION ? &q.r : &q.a, p, &q.gap);
		else
			append_line(&notes, p, &notes_gap);
	}
	if (in_q)
		questions = jv_array_append(questions, finish_question(&q));
	{
		jv d = jv_object_get(jv_copy(out), jv_string("date"));
		char iso[11];

		if (jv_get_kind(d) == JV_KIND_STRING) {
			norm_date(jv_string_value(d), iso);
			if (*iso)
				out = jv_object_set(out, jv_string("date"), jv_string(iso));
		}
		jv_free(d);
	}
	out = jv_object_set(out, jv_string("questions"), questions);
	out = jv_object_set(out, jv_string("notes"), notes.len ? jv_string(notes.s) : jv_null());
	iv_buf_free(&notes);
	iv_buf_free(&line);
	return out;
}

static jv
meeting_summary(sqlite3 *db, long long id, int added, int already)
{
	jv row = iv_db_row(db, "SELECT id, company, position, meeting_date, "
			   "json_array_length(parsed_content, '$.questions') AS questions, "
			   "(SELECT count(*) FROM json_each(parsed_content, '$.questions') "
			   " WHERE json_extract(value, '$.struggled')) AS struggled "
			   "FROM interview_meetings WHERE id = ?", JV_ARRAY(jv_number((double)id)));

	if (!jv_is_valid(row) || jv_get_kind(row) != JV_KIND_OBJECT)
		return row;
	row = jv_object_set(row, jv_string("memories"), jv_number(added));
	return jv_object_set(row, jv_string("already"), jv_bool(already));
}

static jv
notes_memories(jv parsed, long long meeting_id, const char *text, int zh)
{
	jv qs = iv_jget(parsed, "questions"), mems = jv_array();
	jv company = iv_jget(parsed, "company"), position = iv_jget(parsed, "position");
	jv date = iv_jget(parsed, "date");
	iv_buf head = IV_BUF_INIT;

	/* "Real interview at X (Y, 2026-11-20)" heads every memory, so a
	 * question recalls where it was asked. */
	iv_buf_puts(&head, zh ? "真实面试" : "Real interview");
	if (jv_get_kind(company) == JV_KIND_STRING)
		iv_buf_printf(&head, zh ? "：%s" : " at %s", jv_string_value(company));
	if (jv_get_kind(position) == JV_KIND_STRING || jv_get_kind(date) == JV_KIND_STRING) {
		iv_buf_puts(&head, zh ? "（" : " (");
		if (jv_get_kind(position) == JV_KIND_STRING)
			iv_buf_puts(&head, jv_string_value(position));
		if (jv_get_kind(position) == JV_KIND_STRING && jv_get_kind(date) == JV_KIND_STRING)
			iv_buf_puts(&head, zh ? "，" : ", ");
		if (jv_get_kind(date) == JV_KIND_STRING)
			iv_buf_puts(&head, jv_string_value(date));
		iv_buf_puts(&head, zh ? "）" : ")");
	}
	jv_array_foreach(qs, i, q) {
		jv qt = iv_jget(q, "question"), a = iv_jget(q, "answer"), r = iv_jget(q, "reflection");
		int struggled = iv_jbool(q, "struggled", 0);
		iv_buf b = IV_BUF_INIT;

		iv_buf_printf(&b, "%s\n%s%s", head.s, zh ? "问：" : "Q: ", iv_jstr(qt));
		if (*iv_jstr(a))
			iv_buf_printf(&b, "\n%s%s", zh ? "答：" : "A: ", iv_jstr(a));
		if (*iv_jstr(r))
			iv_buf_printf(&b, "\n%s%s", zh ? "反思：" : "Reflection: ", iv_jstr(r));
		mems = jv_array_append(mems, JV_OBJECT(
			jv_string("text"), jv_string(b.s),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("meeting"),
			jv_string("source_id"), jv_string_fmt("%lld", meeting_id),
			jv_string("importance"), jv_number(struggled ? 8 : 6),
			jv_string("metadata"), JV_OBJECT(jv_string("meeting_id"), jv_number((double)meeting_id),
							 jv_string("company"), jv_copy(company),
							 jv_string("position"), jv_copy(position),
							 jv_string("date"), jv_copy(date),
							 jv_string("question_index"), jv_number(i),
							 jv_string("struggled"), jv_bool(struggled))));
		iv_buf_free(&b);
		jv_free(qt), jv_free(a), jv_free(r), jv_free(q);
	}
	if (jv_array_length(jv_copy(mems)) == 0) {
		/* Notes without questions are still worth remembering, in
		 * pieces a query can find. */
		jv chunks = iv_chunk_text(text, (size_t)iv_config_int("knowledge.chunk_bytes", 800),
					  (size_t)iv_config_int("knowledge.chunk_overlap", 100));

		jv_array_foreach(chunks, i, c) {
			jv t = iv_jget(c, "text");

			mems = jv_array_append(mems, JV_OBJECT(
				jv_string("text"), jv_string_fmt("%s\n%s", head.s, iv_jstr(t)),
				jv_string("collection"), jv_string("user_memories"),
				jv_string("source_type"), jv_string("meeting"),
				jv_string("source_id"), jv_string_fmt("%lld", meeting_id),
				jv_string("importance"), jv_number(6),
				jv_string("metadata"), JV_OBJECT(jv_string("meeting_id"), jv_number((double)meeting_id),
								 jv_string("company"), jv_copy(company),
								 jv_string("chunk"), jv_number(i))));
			jv_free(t), jv_free(c);
		}
		jv_free(chunks);
	}
	iv_buf_free(&head);
	jv_free(qs), jv_free(company), jv_free(position), jv_free(date);
	return mems;
}

jv
iv_notes_add(sqlite3 *db, long long user_id, const char *text, const char *name, iv_embedder *e)
{
	char hash[65];
	size_t bad;
	jv row, parsed, mems, res;
	long long id;
	int added = 0;

	(void)name;
	if ((bad = iv_utf8_invalid_at(text, strlen(text))) != (size_t)-1)
		return jv_invalid_with_msg(jv_string_fmt("not UTF-8 text (invalid byte at %zu)", bad + 1));
	if (iv_blank(text))
		return jv_invalid_with_msg(jv_string("no notes (it is empty)"));
	iv_sha256_hex(text, strlen(text), hash);
	row = iv_db_row(db, "SELECT id, synced_to_knowledge, parsed_content FROM interview_meetings "
			"WHERE user_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
			JV_ARRAY(jv_number((double)user_id), jv_string(hash)));
	if (!jv_is_valid(row))
		return row;
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		id = (long long)iv_jnum(row, "id", 0);
		if (iv_jnum(row, "synced_to_knowledge", 0)) {
			jv_free(row);
			return meeting_summary(db, id, 0, 1);
		}
		parsed = iv_jget(row, "parsed_content");
	} else {
		char date[11] = "";
		jv d, c, p;

		parsed = iv_notes_parse(text);
		d = iv_jget(parsed, "date");
		if (jv_get_kind(d) == JV_KIND_STRING)
			norm_date(jv_string_value(d), date);
		c = iv_jget(parsed, "company");
		p = iv_jget(parsed, "position");
		if (iv_db_exec(db, "INSERT INTO interview_meetings (user_id, company, position, meeting_date, "
			       "raw_notes, sha256, parsed_content, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       JV_ARRAY(jv_number((double)user_id), c, p, *date ? jv_string(date) : jv_null(),
					jv_string(text), jv_string(hash), jv_copy(parsed), jv_string(iv_now()),
					jv_string(iv_now()))) < 0) {
			jv_free(d), jv_free(row), jv_free(parsed);
			return iv_db_fail(db, "can't store the notes");
		}
		id = iv_db_last_id(db);
		jv_free(d);
	}
	jv_free(row);
	mems = notes_memories(parsed, id, text, !strcmp(iv_text_lang(text), "zh"));
	jv_free(parsed);
	res = iv_mem_store_made(db, user_id, mems, e);
	if (!jv_is_valid(res))
		return res;
	jv_array_foreach(res, i, r) {
		jv st = iv_jget(r, "stored");

		added += strcmp(iv_jstr(st), "skipped") != 0;
		jv_free(st), jv_free(r);
		(void)i;
	}
	jv_free(res);
	if (iv_db_exec(db, "UPDATE interview_meetings SET synced_to_knowledge = 1, synced_at = ?1, "
		       "updated_at = ?1 WHERE id = ?2", JV_ARRAY(jv_string(iv_now()), jv_number((double)id))) < 0)
		return iv_db_fail(db, "can't mark the notes");
	return meeting_summary(db, id, added, 0);
}
