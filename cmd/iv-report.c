/* iv-report — what the store says about a person's practice, for reading:
 * a session's report, the learning plan, the skill tree and progress, as
 * text with terminal charts, Markdown, JSON or a self-contained HTML page.
 * It only reads the store. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "plan.h"
#include "report.h"
#include "store.h"

static const char help[] =
"Usage: iv-report [session] [ID] [OPTIONS]\n"
"       iv-report plan|skills|progress [OPTIONS]\n"
"Show what the store says about your practice. It only reads the store.\n"
"\n"
"Views:\n"
"  session [ID]         an interview's report (default: the latest completed):\n"
"                       scores, strengths, weaknesses, suggestions, the\n"
"                       comparison with the last round, the skill tree, the\n"
"                       score trend and the learning plan\n"
"  plan                 the active learning plan (else the latest completed one)\n"
"  skills               the skill tree: latest scores, changes, what is due\n"
"  progress             overall and dimension scores across completed interviews\n"
"\n"
"Options:\n"
"  -f, --format FORMAT  text (default), md, json or html (a self-contained page)\n"
"      --json           the same as --format json\n"
"  -o, --output FILE    write to FILE (replaced whole, or not at all)\n"
"      --lang zh|en     the language of plan, skills and progress (default: the\n"
"                       config's, else your latest interview's)\n"
"      --unicode        block characters even when not on a terminal\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Text output uses Unicode blocks and colour on a terminal; with NO_COLOR, or\n"
"when not on a terminal, it is plain ASCII without colour.\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

static const struct option longopts[] = {
	{ "format", required_argument, 0, 'f' },
	{ "json", no_argument, 0, 'j' },
	{ "output", required_argument, 0, 'o' },
	{ "lang", required_argument, 0, 'L' },
	{ "unicode", no_argument, 0, 'U' },
	IV_COMMON_OPTIONS,
	{ 0 }
};

/* Write b to path whole: a temporary file beside it, renamed over it,
 * with the mode a new file gets (mkstemp's is 0600). */
static int
write_file(const char *path, const iv_buf *b)
{
	char *tmp = iv_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp), ok;
	mode_t mask = umask(0);
	FILE *f;

	umask(mask);
	if (fd < 0) {
		iv_warn("can't write '%s': %s", path, strerror(errno));
		free(tmp);
		return IV_FAIL;
	}
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	ok = f && fwrite(b->s ? b->s : "", 1, b->len, f) == b->len;
	ok = f && fclose(f) == 0 && ok;
	if (!ok || chmod(tmp, 0666 & ~mask) != 0 || rename(tmp, path) != 0) {
		iv_warn("can't write '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return IV_FAIL;
	}
	free(tmp);
	return IV_OK;
}

int
main(int argc, char **argv)
{
	const char *view = "session", *output = NULL, *lang = NULL;
	int format = IV_FMT_TEXT, unicode = 0, c, rc = IV_OK;
	long long id = 0, uid;
	iv_chart_style st;
	iv_buf out = IV_BUF_INIT;
	sqlite3 *db;
	jv v;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "f:o:", longopts, help)) != -1)
		switch (c) {
		case 'f':
			if ((format = iv_report_format(optarg)) < 0)
				iv_usage_error("unknown format '%s' (text, md, json or html)", optarg);
			break;
		case 'j': format = IV_FMT_JSON; break;
		case 'o': output = strcmp(optarg, "-") ? optarg : NULL; break;
		case 'L':
			if (strcmp(optarg, "zh") && strcmp(optarg, "en"))
				iv_usage_error("--lang takes zh or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'U': unicode = 1; break;
		}
	if (optind < argc && strspn(argv[optind], "0123456789") != strlen(argv[optind]))
		view = argv[optind++];
	if (strcmp(view, "session") && strcmp(view, "plan") && strcmp(view, "skills") && strcmp(view, "progress"))
		iv_usage_error("unknown view '%s' (session, plan, skills or progress)", view);
	if (!strcmp(view, "session") && optind < argc)
		id = iv_opt_long("session", argv[optind++], 1, LONG_MAX);
	if (optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if (format == IV_FMT_HTML && strcmp(view, "session"))
		iv_usage_error("--format html is for a session's report (it holds the plan, skills and progress)");

	db = iv_db_open(IV_DB_READ);
	uid = iv_db_user_id(db, 0);
	if (!lang)
		lang = iv_user_lang(db, uid);
	st = iv_chart_style_for(stdout, unicode);
	if (output) {	/* a file: plain text, as in a pipe */
		st.color = 0;
		st.unicode = unicode;
	}
	if (!strcmp(view, "session"))
		v = iv_report_data(db, uid, id);
	else if (!strcmp(view, "plan"))
		v = iv_plan_current(db, uid);
	else if (!strcmp(view, "skills"))
		v = iv_skills_data(db, uid, lang);
	else
		v = iv_progress_data(db, uid, 0);
	if (!jv_is_valid(v)) {
		iv_db_close(db);
		return iv_finish(iv_warn_invalid(v));
	}
	if (!strcmp(view, "session"))
		iv_report_write(&out, v, format, &st);
	else if (!strcmp(view, "plan"))
		iv_plan_write(&out, v, format, &st, lang);
	else if (!strcmp(view, "skills"))
		iv_skills_write(&out, v, format, &st, lang);
	else
		iv_progress_write(&out, v, format, &st, lang);
	jv_free(v);
	iv_db_close(db);
	if (output)
		rc = write_file(output, &out);
	else
		fwrite(out.s ? out.s : "", 1, out.len, stdout);
	iv_buf_free(&out);
	return iv_finish(rc);
}
