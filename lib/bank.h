/* bank.h — the question bank: share/questions/TOPIC.yaml (the format is in
 * share/questions/README.md), loaded once per process and owned by this
 * module.
 *
 * Every question has an id (TOPIC-NNN), a skill_path of the taxonomy
 * (skills.h), a difficulty 1-3, text in English and Chinese, key points
 * with weights summing to 1 and terms that show them, follow-ups tied to
 * key points, a reference answer and resources.
 *
 * Loading checks every question; a question with a problem is left out of
 * the bank (one warning names how many, and iv_bank_problems() lists them),
 * so one bad entry never stops an interview. A YAML syntax error leaves
 * out its whole file the same way.
 */
#ifndef IV_BANK_H
#define IV_BANK_H

#include <jv.h>

/* Index of a language in the text arrays below. */
enum { IV_EN = 0, IV_ZH = 1 };
/* IV_ZH for "zh", else IV_EN. */
int iv_lang_index(const char *lang);

typedef struct {
	const char *id;
	double weight;
	const char *text[2];		/* [IV_EN], [IV_ZH] */
	const char *const *terms;	/* NULL-terminated */
} iv_key_point;

typedef struct {
	const char *key_point;		/* the id of the key point it probes */
	const char *text[2];
} iv_follow_up;

typedef struct {
	const char *id;
	const char *topic;		/* the file's topic: "rag" */
	const char *skill_path;
	int difficulty;			/* 1 basic, 2 intermediate, 3 advanced */
	const char *text[2];
	const iv_key_point *key_points;
	int nkey_points;
	const iv_follow_up *follow_ups;
	int nfollow_ups;
	const char *reference[2];
	jv resources;			/* borrowed: array of {title, url} */
	const char *file;
	int line;
} iv_question;

/* The folder the bank is read from: IV_SHARE's (or the installed)
 * questions/. */
const char *iv_bank_dir(void);

/* Questions in file order (files sorted by name). */
int iv_bank_count(void);
const iv_question *iv_bank_at(int i);
const iv_question *iv_bank_find(const char *id);
/* Question i for a scan over the bank: only its id, topic, skill_path and
 * difficulty are sure to be there (a compiled question's text, key points
 * and the rest are read by iv_bank_at or iv_bank_find, when it is chosen). */
const iv_question *iv_bank_head(int i);
const iv_key_point *iv_question_key_point(const iv_question *q, const char *id);

/* Topics (file names without .yaml) in order, and their display names. */
int iv_bank_topic_count(void);
const char *iv_bank_topic_at(int i);
const char *iv_bank_topic_name(const char *topic, const char *lang);

/* Every problem found while loading, as a new jv array of strings
 * "FILE:LINE: question ID: problem"; empty when the bank is sound. */
jv iv_bank_problems(void);

/* The question as a new jv object with the bank's field names (text,
 * key_points, follow_ups and reference in both languages). */
jv iv_question_json(const iv_question *q);

/* The question's key points as the grader takes them (grade.h): a new jv
 * array of {id, text (in lang), alt (the other language), weight, terms}. */
jv iv_question_points(const iv_question *q, const char *lang);

/* Forget the loaded bank (the next call loads it again): every pointer it
 * gave is invalid after. For tests and fuzzing. */
void iv_bank_unload(void);

#endif
