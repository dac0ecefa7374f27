#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "buf.h"
#include "clock.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "skills.h"
#include "store.h"
#include "utf8.h"

#define SNIPPET_COLS 80
#define MAX_EVIDENCE 3
#define MAX_POINTS 5

const char *
iv_assess_level(double score)
{
	return score < 4 ? "beginner" : score < 7 ? "intermediate" : score < 9 ? "advanced" : "expert";
}

int
iv_assess_order(jv as, int *order, int max)
{
	int n = jv_array_length(jv_copy(as)), m = 0;

	for (int i = 0; i < n && m < max; i++) {
		jv a = jv_array_get(jv_copy(as), i);
		double s = iv_jnum(a, "score", 0);
		int j;

		jv_free(a);
		for (j = m; j > 0; j--) {
			jv b = jv_array_get(jv_copy(as), order[j - 1]);
			double t = iv_jnum(b, "score", 0);

			jv_free(b);
			if (t <= s)
				break;
			order[j] = order[j - 1];
		}
		order[j] = i;
		m++;
	}
	return m;
}

/* The text of a key point (a grade's covered or missed point, borrowed):
 * a point is an id of the question's key_points (borrowed), a text, or an
 * object with the text per language. */
static jv
point_text(jv point, jv key_points, const char *lang)
{
	const char *const fields[] = { lang, "text", "en", "zh", "id" };
	jv obj = jv_null();

	if (jv_get_kind(point) == JV_KIND_OBJECT) {
		obj = jv_copy(point);
	} else if (jv_get_kind(point) == JV_KIND_STRING && jv_get_kind(key_points) == JV_KIND_ARRAY) {
		jv_array_foreach(key_points, i, kp) {
			jv id = iv_jget(kp, "id");

			if (jv_get_kind(obj) == JV_KIND_NULL && jv_get_kind(id) == JV_KIND_STRING &&
			    !strcmp(iv_jstr(id), iv_jstr(point))) {
				jv_free(obj);
				obj = jv_copy(kp);
			}
			jv_free(id);
			jv_free(kp);
		}
	}
	if (jv_get_kind(obj) != JV_KIND_OBJECT) {
		jv_free(obj);
		return jv_get_kind(point) == JV_KIND_STRING ? jv_copy(point) : jv_null();
	}
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		jv v = iv_jget(obj, fields[i]);

		if (jv_get_kind(v) == JV_KIND_STRING && *iv_jstr(v)) {
			jv_free(obj);
			return v;
		}
		jv_free(v);
	}
	jv_free(obj);
	return jv_null();
}

/* Append the texts of a grade's points (borrowed) to list, each once. */
static jv
add_points(jv list, jv points, jv key_points, const char *lang)
{
	if (jv_get_kind(points) != JV_KIND_ARRAY)
		return list;
	jv_array_foreach(points, i, p) {
		jv t = point_text(p, key_points, lang);
		int dup = 0;

		jv_free(p);
		if (jv_get_kind(t) != JV_KIND_STRING || jv_array_length(jv_copy(list)) >= MAX_POINTS) {
			jv_free(t);
			continue;
		}
		jv_array_foreach(list, j, o) {
			dup |= jv_equal(o, jv_copy(t));	/* consumes o: no short cut */
		}
		list = dup ? (jv_free(t), list) : jv_array_append(list, t);
	}
	return list;
}

/* The answers (indexes into answers) of one skill with their scores. */
struct group {
	char *path;
	int *idx, n;
};

static int
group_of(struct group *g, int ng, const char *path)
{
	for (int i = 0; i < ng; i++)
		if (!strcmp(g[i].path, path))
			return i;
	return -1;
}

static jv
assess_group(jv answers, const struct group *g, const char *lang, const char *date)
{
	const iv_skill *sk = iv_skill_by_path(g->path);
	jv evidence = jv_array(), gaps = jv_array(), covered = jv_array(), turns = jv_array();
	jv questions = jv_array(), topic = jv_null(), data, a;
	double sum = 0, wsum = 0, score, conf;
	int order[64], n = g->n < 64 ? g->n : 64;

	for (int i = 0; i < n; i++) {
		jv ans = jv_array_get(jv_copy(answers), g->idx[i]);
		jv grade = iv_jget(ans, "grade"), kps = iv_jget(ans, "key_points");
		jv m = iv_jget(grade, "missed_points"), c = iv_jget(grade, "covered_points");

		{
			/* a grade counts by its confidence (grade.h), never for nothing */
			double c = iv_jnum(grade, "confidence", 1), w = 0.25 + 0.75 * (c < 0 ? 0 : c > 1 ? 1 : c);

			sum += w * iv_jnum(ans, "score", 0);
			wsum += w;
		}
		turns = jv_array_append(turns, iv_jget(ans, "answer_turn"));
		{
			jv q = iv_jget(ans, "question_id");

			questions = jv_get_kind(q) == JV_KIND_STRING ? jv_array_append(questions, q)
								     : (jv_free(q), questions);
		}
		gaps = add_points(gaps, m, kps, lang);
		covered = add_points(covered, c, kps, lang);
		if (jv_get_kind(topic) == JV_KIND_NULL) {
			jv_free(topic);
			topic = iv_jget(ans, "topic");
		}
		order[i] = i;
		jv_free(m);
		jv_free(c);
		jv_free(kps);
		jv_free(grade);
		jv_free(ans);
	}
	/* Evidence: the best answers first (a stable insertion sort). */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			jv x = jv_array_get(jv_copy(answers), g->idx[order[j]]);
			jv y = jv_array_get(jv_copy(answers), g->idx[order[j - 1]]);
			int swap = iv_jnum(x, "score", 0) > iv_jnum(y, "score", 0);

			jv_free(x);
			jv_free(y);
			if (!swap)
				break;
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int i = 0; i < n && i < MAX_EVIDENCE; i++) {
		jv ans = jv_array_get(jv_copy(answers), g->idx[order[i]]);
		jv text = iv_jget(ans, "answer");

		if (jv_get_kind(text) == JV_KIND_STRING && *iv_jstr(text))
			evidence = jv_array_append(evidence, iv_snippet(iv_jstr(text), SNIPPET_COLS));
		jv_free(text);
		jv_free(ans);
	}
	score = iv_round1(wsum > 0 ? sum / wsum : 0);
	conf = iv_round1(g->n >= 3 ? 1.0 : 0.4 + 0.2 * g->n);
	data = JV_OBJECT(jv_string("level"), jv_string(iv_assess_level(score)),
			 jv_string("score"), jv_number(score),
			 jv_string("confidence"), jv_number(conf),
			 jv_string("evidence"), evidence,
			 jv_string("gaps"), gaps,
			 jv_string("covered"), covered);
	data = jv_object_set(data, jv_string("assessed_by"), jv_string("interview_session"));
	data = jv_object_set(data, jv_string("last_practiced"), jv_string(date));
	data = jv_object_set(data, jv_string("turns"), turns);
	data = jv_object_set(data, jv_string("topic"), topic);
	data = jv_object_set(data, jv_string("questions"), questions);
	{
		const char *slash = strrchr(g->path, '/');

		a = JV_OBJECT(jv_string("skill_name"), jv_string(sk ? sk->name : slash ? slash + 1 : g->path),
			      jv_string("skill_category"), sk ? jv_string(sk->category) : jv_null(),
			      jv_string("skill_path"), jv_string(g->path),
			      jv_string("score"), jv_number(score));
	}
	a = jv_object_set(a, jv_string("previous_score"), jv_null());
	a = jv_object_set(a, jv_string("score_change"), jv_null());
	return jv_object_set(a, jv_string("assessment_data"), data);
}

jv
iv_assess(jv answers, const char *lang, const char *date)
{
	struct group *g = NULL;
	int ng = 0;
	jv out = jv_array();

	jv_array_foreach(answers, i, ans) {
		jv path = iv_jget(ans, "skill_path"), score = iv_jget(ans, "score");

		if (jv_get_kind(path) == JV_KIND_STRING && *iv_jstr(path) &&
		    jv_get_kind(score) == JV_KIND_NUMBER) {
			int k = group_of(g, ng, iv_jstr(path));

			if (k < 0) {
				g = iv_xrealloc(g, sizeof *g * (size_t)(ng + 1));
				g[ng].path = iv_xstrdup(iv_jstr(path));
				g[ng].idx = NULL;
				g[ng].n = 0;
				k = ng++;
			}
			g[k].idx = iv_xrealloc(g[k].idx, sizeof *g[k].idx * (size_t)(g[k].n + 1));
			g[k].idx[g[k].n++] = i;
		}
		jv_free(path);
		jv_free(score);
		jv_free(ans);
	}
	for (int k = 0; k < ng; k++) {
		out = jv_array_append(out, assess_group(answers, &g[k], lang, date));
		free(g[k].path);
		free(g[k].idx);
	}
	free(g);
	return out;
}

jv
iv_assess_previous(sqlite3 *db, long long user_id, int round, jv as)
{
	jv out = jv_array();

	jv_array_foreach(as, i, a) {
		jv prev = iv_db_row(db, "SELECT a.score FROM skill_assessments a "
				    "JOIN interview_sessions s ON s.id = a.session_id "
				    "WHERE a.user_id = ? AND a.skill_name = ? AND s.status = 'completed' "
				    "AND s.round_number < ? ORDER BY s.round_number DESC, a.id DESC LIMIT 1",
				    JV_ARRAY(jv_number((double)user_id), iv_jget(a, "skill_name"),
					     jv_number(round)));

		if (!jv_is_valid(prev)) {
			jv_free(a);
			jv_free(out);
			jv_free(as);
			return prev;
		}
		if (jv_get_kind(prev) == JV_KIND_OBJECT) {
			double old = iv_jnum(prev, "score", 0), now = iv_jnum(a, "score", 0);

			a = jv_object_set(a, jv_string("previous_score"), jv_number(old));
			a = jv_object_set(a, jv_string("score_change"), jv_number(iv_round1(now - old)));
		}
		jv_free(prev);
		out = jv_array_append(out, a);
	}
	jv_free(as);
	return out;
}

#define ASSESS_COLS "id, user_id, session_id, skill_name, skill_category, skill_path, score, " \
	"previous_score, score_change, assessment_data, assessed_at"

jv
iv_assess_store(sqlite3 *db, long long user_id, long long session_id, jv as, const char *at)
{
	jv out = jv_array();

	if (iv_db_exec(db, "DELETE FROM skill_assessments WHERE session_id = ?",
		       JV_ARRAY(jv_number((double)session_id))) < 0)
		goto fail;
	jv_array_foreach(as, i, a) {
		jv row;

		if (iv_db_exec(db, "INSERT INTO skill_assessments (user_id, session_id, skill_name, "
			       "skill_category, skill_path, score, previous_score, score_change, "
			       "assessment_data, assessed_at, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       jv_array_concat(JV_ARRAY(jv_number((double)user_id), jv_number((double)session_id),
							iv_jget(a, "skill_name"), iv_jget(a, "skill_category"),
							iv_jget(a, "skill_path"), iv_jget(a, "score")),
					       JV_ARRAY(iv_jget(a, "previous_score"), iv_jget(a, "score_change"),
							iv_jget(a, "assessment_data"), jv_string(at),
							jv_string(iv_now()), jv_string(iv_now())))) < 0) {
			jv_free(a);
			goto fail;
		}
		jv_free(a);
		row = iv_db_row(db, "SELECT " ASSESS_COLS " FROM skill_assessments WHERE id = ?",
				JV_ARRAY(jv_number((double)iv_db_last_id(db))));
		if (!jv_is_valid(row)) {
			jv_free(out);
			return row;
		}
		out = jv_array_append(out, row);
	}
	return out;
fail:
	jv_free(out);
	return jv_invalid_with_msg(jv_string_fmt("can't store skill assessments: %s", iv_db_error(db)));
}

jv
iv_assess_latest(sqlite3 *db, long long user_id, int max_round)
{
	/* The last assessment of each skill: the one of the highest round. */
	return iv_db_query(db,
		"SELECT a.skill_name, a.skill_category, coalesce(a.skill_path, a.skill_name) AS skill_path, "
		"a.score, a.previous_score, a.score_change, a.assessed_at, s.round_number AS round, "
		"a.session_id, a.assessment_data FROM skill_assessments a "
		"JOIN interview_sessions s ON s.id = a.session_id "
		"WHERE a.user_id = ?1 AND s.status = 'completed' AND (?2 = 0 OR s.round_number <= ?2) "
		"AND NOT EXISTS (SELECT 1 FROM skill_assessments b "
		"  JOIN interview_sessions t ON t.id = b.session_id "
		"  WHERE b.user_id = a.user_id AND b.skill_name = a.skill_name AND t.status = 'completed' "
		"  AND (?2 = 0 OR t.round_number <= ?2) "
		"  AND (t.round_number > s.round_number OR (t.round_number = s.round_number AND b.id > a.id))) "
		"ORDER BY skill_path",
		JV_ARRAY(jv_number((double)user_id), jv_number(max_round)));
}

/* --- the tree --- */

struct tnode {
	char *path;
	int skill;	/* index into latest, or -1 */
	int parent, depth;
};

static int
tnode_find(struct tnode *t, int n, const char *path)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(t[i].path, path))
			return i;
	return -1;
}

/* Path order with '/' first, so a node's subtree follows it directly
 * ("ai/llm", "ai/llm/rag", "ai/llm-ops"). */
static int
by_path(const void *a, const void *b)
{
	const unsigned char *p = (const unsigned char *)((const struct tnode *)a)->path;
	const unsigned char *q = (const unsigned char *)((const struct tnode *)b)->path;

	for (; *p && *p == *q; p++, q++)
		;
	return (*p == '/' ? 1 : *p) - (*q == '/' ? 1 : *q);
}

jv
iv_skill_tree(jv latest, const char *lang, time_t now, int due_days, double weak_below)
{
	struct tnode *t = NULL;
	int n = 0;
	jv out = jv_array();

	/* Every prefix of every path is a node. */
	jv_array_foreach(latest, i, a) {
		char *p = iv_jstrdup(a, "skill_path");

		for (char *s = p; s; s = strchr(s + 1, '/')) {
			char save = *s == '/' ? '/' : 0;
			int k;

			if (save)
				*s = 0;
			k = tnode_find(t, n, p);
			if (k < 0) {
				t = iv_xrealloc(t, sizeof *t * (size_t)(n + 1));
				t[n].path = iv_xstrdup(p);
				t[n].skill = -1;
				k = n++;
			}
			if (!save)
				t[k].skill = i;
			else
				*s = save;
		}
		free(p);
		jv_free(a);
	}
	/* Sorting paths puts every node right after its parent, children in
	 * name order ("ai/llm" < "ai/llm/rag" < "ai/ml"). */
	if (n > 1)
		qsort(t, (size_t)n, sizeof *t, by_path);
	for (int i = 0; i < n; i++) {
		char *slash = strrchr(t[i].path, '/');

		t[i].parent = -1;
		t[i].depth = 0;
		if (slash) {
			*slash = 0;
			t[i].parent = tnode_find(t, n, t[i].path);
			*slash = '/';
			t[i].depth = t[t[i].parent].depth + 1;
		}
	}
	for (int i = 0; i < n; i++) {
		const char *name = iv_skill_node_name(t[i].path, lang);
		const char *last_seg = strrchr(t[i].path, '/');
		int last = 1;
		jv open = jv_array(), row, skill = jv_null();

		for (int j = i + 1; j < n; j++)
			if (t[j].parent == t[i].parent) {
				last = 0;
				break;
			}
		/* A line continues at depth d when the ancestor at depth d+1 has
		 * siblings after it. */
		for (int d = 0; d < t[i].depth; d++) {
			int anc = i, more = 0;

			while (t[anc].depth > d + 1)
				anc = t[anc].parent;
			for (int j = anc + 1; j < n; j++)
				if (t[j].parent == t[anc].parent) {
					more = 1;
					break;
				}
			open = jv_array_append(open, jv_number(more));
		}
		if (!name)
			name = last_seg ? last_seg + 1 : t[i].path;
		row = JV_OBJECT(jv_string("path"), jv_string(t[i].path), jv_string("name"), jv_string(name),
				jv_string("depth"), jv_number(t[i].depth), jv_string("last"), jv_bool(last));
		row = jv_object_set(row, jv_string("open"), open);
		if (t[i].skill >= 0) {
			jv at;
			time_t when;
			double score;
			long days = 0;
			const char *due = NULL;

			skill = jv_array_get(jv_copy(latest), t[i].skill);
			score = iv_jnum(skill, "score", 0);
			at = iv_jget(skill, "assessed_at");
			if (iv_parse_time(iv_jstr(at), &when) == 0 && now > when)
				days = (long)((now - when) / 86400);
			jv_free(at);
			if (score < weak_below)
				due = "weak";
			else if (days >= due_days)
				due = "stale";
			row = jv_object_set(row, jv_string("score"), jv_number(score));
			row = jv_object_set(row, jv_string("change"), iv_jget(skill, "score_change"));
			row = jv_object_set(row, jv_string("due"), due ? jv_string(due) : jv_null());
			row = jv_object_set(row, jv_string("days"), jv_number((double)days));
		} else {
			row = jv_object_set(row, jv_string("score"), jv_null());
			row = jv_object_set(row, jv_string("change"), jv_null());
			row = jv_object_set(row, jv_string("due"), jv_null());
			row = jv_object_set(row, jv_string("days"), jv_null());
		}
		out = jv_array_append(out, jv_object_set(row, jv_string("skill"), skill));
	}
	for (int i = 0; i < n; i++)
		free(t[i].path);
	free(t);
	jv_free(latest);
	return out;
}
