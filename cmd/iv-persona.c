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
#include "report_selfplay.h"

static const char help[] =
"Usage: iv-persona --persona NAME [--seed N] [--model M] [FILE...]\n"
"       iv-persona --list | --show NAME\n"
"       iv-persona --report [FILE...]\n"
"A simulated candidate. For each JSON line\n"
"  {question: a line of iv-ask, key_points: [{id, text, terms}],\n"
"   round: N, studied_topics: [...], studied_points: [...]}\n"
"prints {persona, answer, covered, negated, listed, declined}: the answer\n"
"the persona gives, which key points it covered, stated wrongly or only\n"
"name-dropped, and whether it only said it doesn't know. The same line,\n"
"persona and seed always give the same answer.\n"
"\n"
"With --model a model of the LLM engine role-plays the persona: the rules\n"
"still decide what it knows and gets wrong, the model words the answer in\n"
"character (the profile's about and style are given to it as data, never\n"
"as instructions). The line adds model and fallback: when the model can't\n"
"be used the rules' answer is printed, with one line on stderr.\n"
"\n"
"Personas are YAML files: NAME.yaml in the config folder's personas/, else\n"
"in share/iv/personas/ (or a file named by its path).\n"
"\n"
"  -p, --persona NAME   the persona answering\n"
"  -s, --seed N         the seed of its choices (default 1)\n"
"  -m, --model M        the model that words the answers (profiles as in\n"
"                       config.yaml's llm section)\n"
"      --list           the personas there are, one JSON line each\n"
"      --show NAME      the persona's profile, defaults filled in\n"
"      --report         read the lines of `iv selfplay --format json` and\n"
"                       print them as one HTML page with charts\n"
"      --db PATH        accepted for symmetry; unused\n"
"      --user NAME      accepted for symmetry; unused\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or an unknown persona, 2 bad usage.\n";

enum { O_LIST = 1, O_SHOW, O_REPORT };

static const struct option longopts[] = {
	{ "persona", required_argument, 0, 'p' },
	{ "seed", required_argument, 0, 's' },
	{ "model", required_argument, 0, 'm' },
	{ "list", no_argument, 0, O_LIST },
	{ "show", required_argument, 0, O_SHOW },
	{ "report", no_argument, 0, O_REPORT },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static const char *model;

/* The report's lines, gathered. */
static int
gather(FILE *f, const char *name, void *ctx)
{
	jv *rows = ctx, v;
	int got, rc = IV_OK;
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);

	while ((got = iv_jsonl_next(r, &v)) != 0) {
		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		*rows = jv_array_append(*rows, v);
	}
	if (iv_jsonl_ioerror(r)) {
		iv_warn("%s: read error", name);
		rc = IV_FAIL;
	}
	iv_jsonl_close(r);
	return rc;
}

static int
report(char **files, int n)
{
	jv rows = jv_array();
	iv_buf out = IV_BUF_INIT;
	int rc = iv_each_input(files, n, gather, &rows);

	if (rc == IV_OK && jv_array_length(jv_copy(rows)) == 0) {
		iv_warn("no selfplay lines to report");
		rc = IV_FAIL;
	}
	if (rc == IV_OK) {
		iv_selfplay_html(&out, rows);
		fwrite(out.s, 1, out.len, stdout);
	}
	iv_buf_free(&out);
	jv_free(rows);
	return rc;
}

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
		jv out = iv_persona_answer(profile, jv_copy(in), seed);
		if (jv_is_valid(out) && model)
			out = iv_persona_speak(profile, in, out, model);
		jv_free(in);
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
	int list = 0, rep = 0, c;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "p:s:m:", longopts, help)) != -1) {
		switch (c) {
		case 'p': persona = optarg; break;
		case 'm': model = optarg; break;
		case 's': seed = (uint64_t)iv_opt_long("--seed", optarg, 0, 2147483647L); break;
		case O_LIST: list = 1; break;
		case O_SHOW: show = optarg; break;
		case O_REPORT: rep = 1; break;
		}
	}
	if (list + rep + !!show + !!persona != 1)
		iv_usage_error("give one of --persona, --list, --show and --report");
	if (rep)
		return iv_finish(report(argv + optind, argc - optind));
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
