/* iv-persona — a simulated candidate: answers questions by its profile's
 * rules, for `iv selfplay`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "persona.h"

static const char help[] =
"Usage: iv-persona --persona NAME [--seed N] [FILE...]\n"
"       iv-persona --list | --show NAME\n"
"A simulated candidate. For each JSON line\n"
"  {question: a line of iv-ask, key_points: [{id, text, terms}],\n"
"   round: N, studied_topics: [...], studied_points: [...]}\n"
"prints {persona, answer, covered, negated, listed}: the answer the persona\n"
"gives and which key points it covered, stated wrongly or only name-dropped.\n"
"The same line, persona and seed always give the same answer.\n"
"\n"
"Personas are YAML files: NAME.yaml in the config folder's personas/, else\n"
"in share/iv/personas/ (or a file named by its path).\n"
"\n"
"  -p, --persona NAME   the persona answering\n"
"  -s, --seed N         the seed of its choices (default 1)\n"
"      --list           the personas there are, one JSON line each\n"
"      --show NAME      the persona's profile, defaults filled in\n"
"      --db PATH        accepted for symmetry; unused\n"
"      --user NAME      accepted for symmetry; unused\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or an unknown persona, 2 bad usage.\n";

enum { O_LIST = 1, O_SHOW };

static const struct option longopts[] = {
	{ "persona", required_argument, 0, 'p' },
	{ "seed", required_argument, 0, 's' },
	{ "list", no_argument, 0, O_LIST },
	{ "show", required_argument, 0, O_SHOW },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static int
answer_stream(jv profile, FILE *f, const char *name, uint64_t seed)
{
	int rc = IV_OK;
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);
	jv in;
	int got;
	while ((got = iv_jsonl_next(r, &in)) != 0) {
		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		jv out = iv_persona_answer(profile, in, seed);
		if (!jv_is_valid(out)) {
			jv msg = jv_invalid_get_msg(out);
			iv_warn("%s:%ld: %s", name, iv_jsonl_lineno(r), jv_string_value(msg));
			jv_free(msg);
			rc = IV_FAIL;
			continue;
		}
		iv_jsonl_write(out);
	}
	if (iv_jsonl_ioerror(r)) {
		iv_warn("%s: read error", name);
		rc = IV_FAIL;
	}
	iv_jsonl_close(r);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *persona = NULL, *show = NULL;
	uint64_t seed = 1;
	int list = 0, c;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "p:s:", longopts, help)) != -1) {
		switch (c) {
		case 'p': persona = optarg; break;
		case 's': seed = (uint64_t)iv_opt_long("--seed", optarg, 0, 2147483647L); break;
		case O_LIST: list = 1; break;
		case O_SHOW: show = optarg; break;
		}
	}
	if (list + !!show + !!persona != 1)
		iv_usage_error("give one of --persona, --list and --show");
	if (list) {
		if (optind < argc)
			iv_usage_error("--list takes no files");
		jv all = iv_persona_list();
		jv_array_foreach(all, i, p)
			iv_jsonl_write(p);
		jv_free(all);
		return iv_finish(IV_OK);
	}
	jv profile = iv_persona_load(show ? show : persona);
	if (!jv_is_valid(profile))
		return iv_finish(iv_warn_invalid(profile));
	if (show) {
		if (optind < argc)
			iv_usage_error("--show takes no files");
		return iv_finish(iv_jsonl_emit(profile));
	}
	int rc = IV_OK;
	if (optind == argc) {
		rc = answer_stream(profile, stdin, "stdin", seed);
	} else {
		for (int i = optind; i < argc; i++) {
			FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
			if (!f) {
				iv_warn("can't read '%s'", argv[i]);
				rc = IV_FAIL;
				continue;
			}
			if (answer_stream(profile, f, argv[i], seed) != IV_OK)
				rc = IV_FAIL;
			if (f != stdin)
				fclose(f);
		}
	}
	jv_free(profile);
	return iv_finish(rc);
}
