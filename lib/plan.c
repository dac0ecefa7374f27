#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "bank.h"
#include "clock.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "plan.h"
#include "skills.h"
#include "store.h"

#define MAX_PATHS 5
#define MAX_GAP_TASKS 3
#define MAX_READ_TASKS 2
#define DAY 86400

/* --- the question bank's resources --- */

static jv
add_resources(jv out, jv res)
{
	if (jv_get_kind(res) != JV_KIND_ARRAY)
		return out;
	jv_array_foreach(res, i, r) {
		jv title = iv_jget(r, "title"), url = iv_jget(r, "url");
		int dup = 0;

		if (jv_get_kind(title) == JV_KIND_STRING) {
			jv_array_foreach(out, j, o) {
				jv t = iv_jget(o, "title");

				dup = dup || !strcmp(iv_jstr(t), iv_jstr(title));
				jv_free(t);
				jv_free(o);
			}
			if (!dup)
				out = jv_array_append(out, JV_OBJECT(jv_string("title"), jv_copy(title),
								     jv_string("url"), jv_copy(url)));
		}
		jv_free(title);
		jv_free(url);
		jv_free(r);
	}
	return out;
}

jv
iv_plan_resources(const char *topic, jv ids, const char *skill_path)
{
	jv out = jv_array();

	if (jv_get_kind(ids) == JV_KIND_ARRAY)
		jv_array_foreach(ids, i, id) {
			const iv_question *q = jv_get_kind(id) == JV_KIND_STRING ? iv_bank_find(jv_string_value(id)) : NULL;

			if (q)
				out = add_resources(out, q->resources);
			jv_free(id);
		}
	for (int i = 0; jv_array_length(jv_copy(out)) == 0 && skill_path && i < iv_bank_count(); i++) {
		const iv_question *q = iv_bank_head(i);

		if ((!topic || !strcmp(q->topic, topic)) && !strcmp(q->skill_path, skill_path))
			out = add_resources(out, iv_bank_at(i)->resources);
	}
	return out;
}

/* --- building --- */

static jv
date_after(time_t now, int days)
{
	char buf[32];

	iv_fmt_time(now + (time_t)days * DAY, buf);
	buf[10] = 0;
	return jv_string(buf);
}

static const char *
skill_display(jv a, const char *lang)
{
	jv path = iv_jget(a, "skill_path");
	const char *name = iv_skill_node_name(iv_jstr(path), lang);

	jv_free(path);
	if (name)
		return name;
	/* Not in the taxonomy: the stored name; the jv keeps it alive while a
	 * is alive, which the caller guarantees. */
	{
		jv n = iv_jget(a, "skill_name");
		const char *s = jv_get_kind(n) == JV_KIND_STRING ? jv_string_value(n) : "?";

		jv_free(n);
		return s;
	}
}

/* A task (text consumed), numbered later. */
static jv
task(jv text)
{
	return JV_OBJECT(jv_string("id"), jv_string(""), jv_string("text"), text, jv_string("done"), jv_false());
}

static jv
tr_fmt(const char *lang, const char *en, const char *zh, const char *arg)
{
	return jv_string_fmt(iv_tr(lang, en, zh), arg);
}

/* One learning path for an assessment (borrowed). */
static jv
learning_path(jv a, const char *lang)
{
	jv data = iv_jget(a, "assessment_data");
	jv topic = iv_jget(data, "topic"), gaps = iv_jget(data, "gaps"), qids = iv_jget(data, "questions");
	jv path = iv_jget(a, "skill_path"), res, tasks = jv_array(), p;
	double score = iv_jnum(a, "score", 0);
	const char *name = skill_display(a, lang);
	const char *topic_s = jv_get_kind(topic) == JV_KIND_STRING ? jv_string_value(topic) : NULL;
	const char *tname = topic_s ? iv_bank_topic_name(topic_s, lang) : NULL;
	const char *prio = score < 5 ? "high" : score < 7 ? "medium" : "low";
	int hours = score < 5 ? 6 : score < 7 ? 4 : 2;

	res = iv_plan_resources(topic_s, qids, iv_jstr(path));
	if (jv_get_kind(gaps) == JV_KIND_ARRAY)
		jv_array_foreach(gaps, i, g) {
			if (i < MAX_GAP_TASKS && jv_get_kind(g) == JV_KIND_STRING) {
				tasks = jv_array_append(tasks, task(tr_fmt(lang, "Study: %s", "学习：%s",
									   jv_string_value(g))));
				hours++;
			}
			jv_free(g);
		}
	jv_array_foreach(res, i, r) {
		if (i < MAX_READ_TASKS) {
			jv title = iv_jget(r, "title");

			tasks = jv_array_append(tasks, task(tr_fmt(lang, "Read: %s", "阅读：%s", iv_jstr(title))));
			jv_free(title);
			hours++;
		}
		jv_free(r);
	}
	tasks = jv_array_append(tasks, task(score < 7
		? tr_fmt(lang, "Answer two %s questions aloud and compare them with the reference answers",
			 "口头回答两道%s问题，并与参考答案对照", name)
		: tr_fmt(lang, "Try a harder %s question and explain the trade-offs",
			 "挑战一道更难的%s问题，讲清楚其中的取舍", name)));
	p = JV_OBJECT(jv_string("topic"), topic_s ? jv_copy(topic) : iv_jget(a, "skill_name"),
		      jv_string("title"), jv_string(tname ? tname : name),
		      jv_string("skill"), iv_jget(a, "skill_name"),
		      jv_string("skill_path"), jv_copy(path));
	p = jv_object_set(p, jv_string("score"), jv_number(score));
	p = jv_object_set(p, jv_string("priority"), jv_string(prio));
	p = jv_object_set(p, jv_string("resources"), res);
	p = jv_object_set(p, jv_string("estimated_hours"), jv_number(hours));
	p = jv_object_set(p, jv_string("carried_over"), jv_false());
	p = jv_object_set(p, jv_string("tasks"), tasks);
	jv_free(path);
	jv_free(qids);
	jv_free(gaps);
	jv_free(topic);
	jv_free(data);
	return p;
}

static int
task_done_in(jv completed, jv task_id)
{
	int done = 0;

	if (jv_get_kind(completed) != JV_KIND_ARRAY)
		return 0;
	jv_array_foreach(completed, i, c) {
		jv id = jv_get_kind(c) == JV_KIND_OBJECT ? iv_jget(c, "id") : jv_copy(c);

		done |= jv_equal(id, jv_copy(task_id));	/* consumes id: no short cut */
		jv_free(c);
	}
	return done;
}

static int
same_field(jv a, jv b, const char *key)
{
	jv x = iv_jget(a, key), y = iv_jget(b, key);
	int same = jv_get_kind(x) == JV_KIND_STRING && jv_equal(jv_copy(x), jv_copy(y));

	jv_free(x);
	jv_free(y);
	return same;
}

/* The index of the task with this text (consumed) in tasks, or -1. */
static int
task_index(jv tasks, jv text)
{
	int found = -1;

	jv_array_foreach(tasks, i, t) {
		jv x = iv_jget(t, "text");

		if (jv_equal(x, jv_copy(text)) && found < 0)
			found = i;
		jv_free(t);
	}
	jv_free(text);
	return found;
}

/* Move the unfinished tasks of prev (a borrowed plan row) into paths
 * (consumed): into the path of the same skill when there is one, else in
 * a copy of their old path. */
static jv
carry_over(jv paths, jv prev)
{
	jv data = iv_jget(prev, "plan_data"), completed = iv_jget(prev, "completed_tasks");
	jv old = iv_jget(data, "learning_paths");
	double plan_id = iv_jnum(prev, "id", 0);

	if (jv_get_kind(old) != JV_KIND_ARRAY)
		goto out;
	jv_array_foreach(old, i, op) {
		jv tasks = iv_jget(op, "tasks"), left = jv_array();
		int target = -1;

		jv_array_foreach(paths, j, np) {
			if (target < 0 && (same_field(np, op, "skill_path") || same_field(np, op, "topic")))
				target = j;
			jv_free(np);
		}
		if (jv_get_kind(tasks) == JV_KIND_ARRAY)
			jv_array_foreach(tasks, k, t) {
				jv id = iv_jget(t, "id"), text = iv_jget(t, "text");

				if (!iv_jbool(t, "done", 0) && !task_done_in(completed, id) &&
				    jv_get_kind(text) == JV_KIND_STRING) {
					jv c = task(jv_copy(text));

					c = jv_object_set(c, jv_string("carried_from"),
							  JV_OBJECT(jv_string("plan_id"), jv_number(plan_id),
								    jv_string("task"), jv_copy(id)));
					left = jv_array_append(left, c);
				}
				jv_free(id);
				jv_free(text);
				jv_free(t);
			}
		jv_free(tasks);
		if (jv_array_length(jv_copy(left)) == 0) {
			jv_free(left);
		} else if (target >= 0) {
			jv np = jv_array_get(jv_copy(paths), target), nt = iv_jget(np, "tasks");

			jv_array_foreach(left, k, t) {
				jv text = iv_jget(t, "text");
				int at = task_index(nt, text);

				/* The same task made again continues the old one. */
				if (at >= 0) {
					jv same = jv_array_get(jv_copy(nt), at);

					nt = jv_array_set(nt, at, jv_object_set(same, jv_string("carried_from"),
										 iv_jget(t, "carried_from")));
					jv_free(t);
				} else {
					nt = jv_array_append(nt, t);
				}
			}
			jv_free(left);
			paths = jv_array_set(paths, target, jv_object_set(np, jv_string("tasks"), nt));
		} else {
			jv cp = jv_object_set(jv_copy(op), jv_string("tasks"), left);

			paths = jv_array_append(paths, jv_object_set(cp, jv_string("carried_over"), jv_true()));
		}
		jv_free(op);
	}
out:
	jv_free(old);
	jv_free(completed);
	jv_free(data);
	return paths;
}

/* Give every task its id: t1, t2, ... in the order of the paths. */
static jv
number_tasks(jv paths)
{
	int n = 0;

	jv_array_foreach(paths, i, p) {
		jv tasks = iv_jget(p, "tasks");

		if (jv_get_kind(tasks) == JV_KIND_ARRAY)
			jv_array_foreach(tasks, k, t) {
				tasks = jv_array_set(tasks, k, jv_object_set(t, jv_string("id"),
									     jv_string_fmt("t%d", ++n)));
			}
		paths = jv_array_set(paths, i, jv_object_set(p, jv_string("tasks"), tasks));
	}
	return paths;
}

static jv
goals(jv paths /* borrowed */, const char *lang, double overall)
{
	jv shortt = jv_array(), mid = jv_array(), longt = jv_array();

	jv_array_foreach(paths, i, p) {
		jv title = iv_jget(p, "title"), own = iv_jget(p, "goals");
		double score = iv_jnum(p, "score", 0);

		/* A path that is not a skill's (delivery) says its own goals. */
		if (jv_get_kind(own) == JV_KIND_OBJECT) {
			if (i < 2)
				shortt = jv_array_append(shortt, iv_jget(own, "short_term"));
			if (i < 3)
				mid = jv_array_append(mid, iv_jget(own, "mid_term"));
			jv_free(own);
			jv_free(title);
			jv_free(p);
			continue;
		}
		jv_free(own);
		if (i < 2)
			shortt = jv_array_append(shortt, jv_string_fmt(iv_tr(lang,
				"Within a week: close the gaps in %s", "1周内：补上%s的知识缺口"), iv_jstr(title)));
		if (i < 3)
			mid = jv_array_append(mid, score < 7
				? jv_string_fmt(iv_tr(lang, "Within a month: raise %s from %.1f to 7 or more",
						      "1个月内：把%s从%.1f分提高到7分以上"), iv_jstr(title), score)
				: jv_string_fmt(iv_tr(lang, "Within a month: reach 8 or more on %s",
						      "1个月内：%s达到8分以上"), iv_jstr(title)));
		jv_free(title);
		jv_free(p);
	}
	longt = jv_array_append(longt, jv_string_fmt(iv_tr(lang,
		"Within three months: an overall score of 8 or more (now %.1f)",
		"3个月内：综合得分达到8分以上（目前%.1f分）"), overall));
	return JV_OBJECT(jv_string("short_term"), shortt, jv_string("mid_term"), mid, jv_string("long_term"), longt);
}

/* A milestone per path (the first three), a week apart, and the next mock
 * interview in two weeks; in order of their deadlines. */
static jv
milestones(jv paths /* borrowed */, const char *lang, int round, time_t now)
{
	jv out = jv_array();
	int n = jv_array_length(jv_copy(paths)), interview_done = 0;

	for (int i = 0; i <= n && i < 3; i++) {
		if (!interview_done && (i == n || i == 2)) {
			out = jv_array_append(out, JV_OBJECT(
				jv_string("title"), jv_string_fmt(iv_tr(lang, "Mock interview, round %d",
									"第%d轮模拟面试"), round + 1),
				jv_string("deadline"), date_after(now, 14), jv_string("completed"), jv_false()));
			interview_done = 1;
		}
		if (i < n) {
			jv p = jv_array_get(jv_copy(paths), i), title = iv_jget(p, "title");

			out = jv_array_append(out, JV_OBJECT(
				jv_string("title"), jv_string_fmt(iv_tr(lang, "Finish the %s path", "完成%s学习路径"),
								  iv_jstr(title)),
				jv_string("deadline"), date_after(now, 7 * (i + 1)), jv_string("completed"), jv_false(),
				jv_string("skill_path"), iv_jget(p, "skill_path")));
			jv_free(title);
			jv_free(p);
		}
	}
	return out;
}

jv
iv_plan_build(jv as, jv extra, jv prev, const char *lang, int round, double overall, time_t now)
{
	int n = jv_array_length(jv_copy(as)), order[256], m;
	jv paths = jv_array(), data, plan, focus = jv_array();

	if (n == 0) {
		jv_free(paths);
		jv_free(focus);
		return jv_null();
	}
	/* The skills below 7, weakest first, else the weakest one. */
	m = iv_assess_order(as, order, 256);
	for (int k = 0; k < m && k < MAX_PATHS; k++) {
		jv a = jv_array_get(jv_copy(as), order[k]);

		if (k == 0 || iv_jnum(a, "score", 0) < 7)
			paths = jv_array_append(paths, learning_path(a, lang));
		jv_free(a);
	}
	/* Paths that are not a skill's: first when the skills are strong. */
	if (jv_get_kind(extra) == JV_KIND_ARRAY)
		jv_array_foreach(extra, i, x) {
			if (jv_get_kind(x) != JV_KIND_OBJECT)
				jv_free(x);
			else if (overall >= 7)
				paths = jv_array_concat(JV_ARRAY(x), paths);
			else
				paths = jv_array_append(paths, x);
		}
	jv_array_foreach(paths, i, p) {
		jv title = iv_jget(p, "title");

		focus = jv_array_append(focus, title);
		jv_free(p);
	}
	/* Goals are about this round's scores; carried paths keep old ones. */
	data = JV_OBJECT(jv_string("goals"), goals(paths, lang, overall));
	if (jv_get_kind(prev) == JV_KIND_OBJECT)
		paths = carry_over(paths, prev);
	paths = number_tasks(paths);
	data = jv_object_set(data, jv_string("learning_paths"), jv_copy(paths));
	data = jv_object_set(data, jv_string("milestones"), milestones(paths, lang, round, now));
	data = jv_object_set(data, jv_string("round"), jv_number(round));
	data = jv_object_set(data, jv_string("lang"), jv_string(lang));
	{
		jv joined = iv_join(jv_copy(focus), iv_tr(lang, ", ", "、"));

		plan = JV_OBJECT(jv_string("title"), jv_string_fmt(iv_tr(lang, "Learning plan after round %d",
									   "第%d轮面试后的学习计划"), round),
				 jv_string("description"), jv_string_fmt(iv_tr(lang, "Focus: %s", "重点：%s"),
									 iv_jstr(joined)),
				 jv_string("plan_data"), data,
				 jv_string("progress"), jv_number(0));
		jv_free(joined);
	}
	plan = jv_object_set(plan, jv_string("status"), jv_string("active"));
	plan = jv_object_set(plan, jv_string("completed_tasks"), jv_array());
	plan = jv_object_set(plan, jv_string("start_date"), date_after(now, 0));
	plan = jv_object_set(plan, jv_string("target_end_date"), date_after(now, 30));
	jv_free(focus);
	jv_free(paths);
	return plan;
}

/* --- the store --- */

jv
iv_plan_previous(sqlite3 *db, long long user_id, int round)
{
	return iv_db_row(db, "SELECT " IV_PLAN_COLS " FROM learning_plans WHERE user_id = ? AND "
			 "(session_id IS NULL OR session_id IN (SELECT id FROM interview_sessions "
			 "WHERE round_number < ?)) ORDER BY id DESC LIMIT 1",
			 JV_ARRAY(jv_number((double)user_id), jv_number(round)));
}

jv
iv_plan_current(sqlite3 *db, long long user_id)
{
	return iv_db_row(db, "SELECT " IV_PLAN_COLS " FROM learning_plans WHERE user_id = ? AND "
			 "status IN ('active', 'completed') ORDER BY status = 'active' DESC, id DESC LIMIT 1",
			 JV_ARRAY(jv_number((double)user_id)));
}

jv
iv_plan_of_session(sqlite3 *db, long long user_id, long long session_id)
{
	return iv_db_row(db, "SELECT " IV_PLAN_COLS " FROM learning_plans WHERE user_id = ? AND session_id = ? "
			 "ORDER BY id DESC LIMIT 1",
			 JV_ARRAY(jv_number((double)user_id), jv_number((double)session_id)));
}

static jv
plan_get(sqlite3 *db, long long id)
{
	return iv_db_row(db, "SELECT " IV_PLAN_COLS " FROM learning_plans WHERE id = ?",
			 JV_ARRAY(jv_number((double)id)));
}

static jv
plan_error(sqlite3 *db)
{
	return jv_invalid_with_msg(jv_string_fmt("can't store the learning plan: %s", iv_db_error(db)));
}

jv
iv_plan_store(sqlite3 *db, long long user_id, long long session_id, int round, jv plan)
{
	jv later;
	int active;

	if (iv_db_exec(db, "DELETE FROM learning_plans WHERE user_id = ? AND session_id = ?",
		       JV_ARRAY(jv_number((double)user_id), jv_number((double)session_id))) < 0) {
		jv_free(plan);
		return plan_error(db);
	}
	later = iv_db_row(db, "SELECT p.id FROM learning_plans p JOIN interview_sessions s ON s.id = p.session_id "
			  "WHERE p.user_id = ? AND s.round_number > ? LIMIT 1",
			  JV_ARRAY(jv_number((double)user_id), jv_number(round)));
	if (!jv_is_valid(later)) {
		jv_free(plan);
		return later;
	}
	active = jv_get_kind(later) == JV_KIND_NULL;
	jv_free(later);
	if (active && iv_db_exec(db, "UPDATE learning_plans SET status = 'archived', updated_at = ? "
				 "WHERE user_id = ? AND status = 'active'",
				 JV_ARRAY(jv_string(iv_now()), jv_number((double)user_id))) < 0) {
		jv_free(plan);
		return plan_error(db);
	}
	if (iv_db_exec(db, "INSERT INTO learning_plans (user_id, session_id, title, description, plan_data, "
		       "progress, status, completed_tasks, start_date, target_end_date, created_at, updated_at) "
		       "VALUES (?, ?, ?, ?, ?, 0, ?, '[]', ?, ?, ?, ?)",
		       jv_array_concat(JV_ARRAY(jv_number((double)user_id), jv_number((double)session_id),
						iv_jget(plan, "title"), iv_jget(plan, "description"),
						iv_jget(plan, "plan_data")),
				       JV_ARRAY(jv_string(active ? "active" : "archived"), iv_jget(plan, "start_date"),
						iv_jget(plan, "target_end_date"), jv_string(iv_now()),
						jv_string(iv_now())))) < 0) {
		jv_free(plan);
		return plan_error(db);
	}
	jv_free(plan);
	return plan_get(db, iv_db_last_id(db));
}

void
iv_plan_count(jv data, int *total, int *done)
{
	jv paths = iv_jget(data, "learning_paths");

	*total = *done = 0;
	if (jv_get_kind(paths) == JV_KIND_ARRAY)
		jv_array_foreach(paths, i, p) {
			jv tasks = iv_jget(p, "tasks");

			if (jv_get_kind(tasks) == JV_KIND_ARRAY)
				jv_array_foreach(tasks, k, t) {
					(*total)++;
					*done += iv_jbool(t, "done", 0);
					jv_free(t);
				}
			jv_free(tasks);
			jv_free(p);
		}
	jv_free(paths);
}

/* Does TASK (as the user typed it) name task t (borrowed)? */
static int
task_matches(jv t, const char *want)
{
	jv id = iv_jget(t, "id"), text = iv_jget(t, "text");
	int yes = !strcasecmp(iv_jstr(id), want) || !strcmp(iv_jstr(text), want);

	if (!yes && *want && strspn(want, "0123456789") == strlen(want))
		yes = (iv_jstr(id)[0] == 't' || iv_jstr(id)[0] == 'T') && !strcmp(iv_jstr(id) + 1, want);
	jv_free(id);
	jv_free(text);
	return yes;
}

jv
iv_plan_done(sqlite3 *db, long long user_id, const char *want, int *already)
{
	jv plan = iv_db_row(db, "SELECT " IV_PLAN_COLS " FROM learning_plans WHERE user_id = ? AND status = 'active'",
			    JV_ARRAY(jv_number((double)user_id)));
	jv data, paths, completed, found = jv_null(), found_path = jv_null();
	int fp = -1, ft = -1, total, done, path_done = 1;
	char today[32];

	*already = 0;
	if (!jv_is_valid(plan))
		return plan;
	if (jv_get_kind(plan) == JV_KIND_NULL)
		return jv_invalid_with_msg(jv_string("no active learning plan (one comes with the summary of "
						     "a finished interview)"));
	data = iv_jget(plan, "plan_data");
	paths = iv_jget(data, "learning_paths");
	if (jv_get_kind(paths) == JV_KIND_ARRAY)
		jv_array_foreach(paths, i, p) {
			jv tasks = iv_jget(p, "tasks");

			if (jv_get_kind(tasks) == JV_KIND_ARRAY)
				jv_array_foreach(tasks, k, t) {
					if (fp < 0 && task_matches(t, want)) {
						fp = i;
						ft = k;
						jv_free(found);
						found = jv_copy(t);
						jv_free(found_path);
						found_path = jv_copy(p);
					}
					jv_free(t);
				}
			jv_free(tasks);
			jv_free(p);
		}
	if (fp < 0) {
		iv_plan_count(data, &total, &done);
		jv_free(paths);
		jv_free(data);
		jv_free(found);
		jv_free(found_path);
		jv_free(plan);
		return jv_invalid_with_msg(jv_string_fmt("no task '%s' in the active plan (tasks t1 to t%d)",
							 want, total));
	}
	if (iv_jbool(found, "done", 0)) {
		*already = 1;
		jv_free(paths);
		jv_free(data);
		jv_free(found);
		jv_free(found_path);
		return plan;
	}
	iv_fmt_time(iv_now_t(), today);
	{
		jv p = jv_array_get(jv_copy(paths), fp), tasks = iv_jget(p, "tasks");

		tasks = jv_array_set(tasks, ft, jv_object_set(jv_copy(found), jv_string("done"), jv_true()));
		jv_array_foreach(tasks, k, t) {
			path_done = path_done && iv_jbool(t, "done", 0);
			jv_free(t);
		}
		paths = jv_array_set(paths, fp, jv_object_set(p, jv_string("tasks"), tasks));
	}
	data = jv_object_set(data, jv_string("learning_paths"), paths);
	if (path_done) {
		jv ms = iv_jget(data, "milestones");

		if (jv_get_kind(ms) == JV_KIND_ARRAY) {
			jv_array_foreach(ms, i, m) {
				ms = jv_array_set(ms, i, same_field(m, found_path, "skill_path")
					? jv_object_set(jv_copy(m), jv_string("completed"), jv_true()) : jv_copy(m));
				jv_free(m);
			}
			data = jv_object_set(data, jv_string("milestones"), ms);
		} else {
			jv_free(ms);
		}
	}
	completed = iv_jget(plan, "completed_tasks");
	if (jv_get_kind(completed) != JV_KIND_ARRAY) {
		jv_free(completed);
		completed = jv_array();
	}
	completed = jv_array_append(completed, JV_OBJECT(
		jv_string("id"), iv_jget(found, "id"), jv_string("text"), iv_jget(found, "text"),
		jv_string("topic"), iv_jget(found_path, "topic"), jv_string("skill_path"), iv_jget(found_path, "skill_path"),
		jv_string("completed_at"), jv_string(today)));
	iv_plan_count(data, &total, &done);
	{
		int progress = total ? (done * 100 + total / 2) / total : 100;
		long long id = (long long)iv_jnum(plan, "id", 0);

		today[10] = 0;
		if (iv_db_exec(db, "UPDATE learning_plans SET plan_data = ?, completed_tasks = ?, progress = ?, "
			       "status = CASE WHEN ?3 >= 100 THEN 'completed' ELSE status END, "
			       "actual_end_date = CASE WHEN ?3 >= 100 THEN ? ELSE actual_end_date END, "
			       "updated_at = ? WHERE id = ?",
			       JV_ARRAY(data, completed, jv_number(progress), jv_string(today),
					jv_string(iv_now()), jv_number((double)id))) < 0) {
			jv_free(found);
			jv_free(found_path);
			jv_free(plan);
			return plan_error(db);
		}
		jv_free(found);
		jv_free(found_path);
		jv_free(plan);
		return plan_get(db, id);
	}
}
