/* resume_entries.h — entries (resume_entries.c): the lines of a work,
 * internship, education, project or volunteer section grouped into
 * entries, and each entry's header line read into its fields (company or
 * title, school, degree and field, dates, location). For resume_*.c only.
 *
 * Ownership: a struct parse owns its jv arrays; rp_flush_entry appends the
 * current entry's object to them and frees the entry.
 */
#ifndef IV_RESUME_ENTRIES_H
#define IV_RESUME_ENTRIES_H

#include <jv.h>

struct entry {
	int kind;		/* S_WORK, S_INTERN, S_EDUCATION, S_PROJECTS, S_VOLUNTEER */
	jv head;		/* header pieces, dates removed */
	char start[12], end[12];
	int dated;
	jv highlights, summary, keywords, roles, courses;
	char *name, *position, *url, *location, *area, *degree, *score;
	int content;		/* has highlights or summary lines */
	int last_bullet;	/* the last line went to highlights */
	int from_bullet;	/* a project named in a list item */
};

struct parse {
	jv header;		/* lines before the first heading and of basics sections */
	jv summary;
	jv work, education, projects, volunteer;
	jv skills, languages, awards, certificates, publications, interests;
	int skills_single;	/* the last skill group is lines of one skill each */
	struct entry *cur;
	const char *lang;
	char *now_title, *now_company;	/* the headline's job (resume_basics.c) */
	int now_in_body;		/* ... found as a pair of lines below the header (resume.c) */
};

/* Words of job titles ("engineer", "工程师", ...) and of internships. */
extern const char *const rp_position_words[];
extern const char *const rp_intern_words[];

/* The taxonomy's names of the skills in text: a new array. */
jv rp_skill_names(const char *text);
/* One line raw of section kind: md when it is a markdown heading (which
 * starts an entry), after_gap when a blank line came before it, ahead 1
 * or 2 when the next or the one after is a dated header line (0 none). */
void rp_entry_line(struct parse *ps, int kind, const char *raw, int md, int after_gap, int ahead);
/* Finish the current entry, if any, into its section's array. */
void rp_flush_entry(struct parse *ps);

#endif
