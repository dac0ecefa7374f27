/* resume_sections.h — sections and labels (resume_sections.c): a heading
 * ("## 教育背景", "一、工作经历", "EXPERIENCE", "Skills: ...") names the
 * section the lines after it belong to; a label ("项目描述：", "Tech
 * stack:", "Email:") names what one line holds. For resume_*.c only,
 * but for iv_heading_norm, which jd.c shares.
 */
#ifndef IV_RESUME_SECTIONS_H
#define IV_RESUME_SECTIONS_H

enum {
	S_HEADER, S_BASICS, S_SUMMARY, S_WORK, S_INTERN, S_EDUCATION, S_PROJECTS, S_SKILLS,
	S_AWARDS, S_CERTS, S_LANGUAGES, S_PUBLICATIONS, S_INTERESTS, S_VOLUNTEER, S_OTHER,
};

/* Labels of entry lines come before L_B_NAME; basics' from it on. */
enum {
	L_NONE, L_DESC, L_TECH, L_RESP, L_RESULT, L_ROLE, L_POSITION, L_COMPANY, L_NAME, L_TIME,
	L_URL, L_SCHOOL, L_MAJOR, L_DEGREE, L_GPA, L_COURSES, L_LOCATION,
	L_B_NAME, L_B_PHONE, L_B_EMAIL, L_B_LABEL, L_B_URL, L_B_IGNORE,
};

/* The section a heading line names (S_*), or -1. */
int rp_heading_kind(const char *text);
/* "Skills: Python, Go": a heading with its content on the same line; the
 * section, *rest the content; -1 when s is not one. */
int rp_inline_heading(const char *s, const char **rest);
/* "Key: value" with a known key: its label (L_*) and *value (may be
 * empty); L_NONE when s is not one. */
int rp_label_of(const char *s, const char **value);

/* A heading without its decorations ("## 一、工作经历：" -> "工作经历"),
 * lowercased, spaced-out letters joined; malloc'd. */
char *iv_heading_norm(const char *s);

#endif
