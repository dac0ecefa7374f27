/* opts.h — command-line options every iv program shares.
 *
 * Each program lists IV_COMMON_OPTIONS in its long options and calls
 * iv_getopt instead of getopt_long:
 *
 *	static const struct option longopts[] = {
 *		{ "store", no_argument, 0, 's' },
 *		IV_COMMON_OPTIONS,
 *		{ 0 }
 *	};
 *	while ((c = iv_getopt(argc, argv, "s", longopts, usage_text)) != -1)
 *		switch (c) { case 's': ... }
 *
 * iv_getopt handles --help (prints help to stdout, exit 0), --version,
 * --db PATH and --user NAME itself (store.h: iv_db_set_path, iv_set_user_name), and turns unknown options and missing
 * arguments into usage errors (exit 2) that name the program and the option.
 */
#ifndef IV_OPTS_H
#define IV_OPTS_H

#include <getopt.h>

enum { IV_OPT_HELP = 0x1000, IV_OPT_VERSION, IV_OPT_DB, IV_OPT_USER };

#define IV_COMMON_OPTIONS \
	{ "help", no_argument, 0, IV_OPT_HELP }, \
	{ "version", no_argument, 0, IV_OPT_VERSION }, \
	{ "db", required_argument, 0, IV_OPT_DB }, \
	{ "user", required_argument, 0, IV_OPT_USER }

/* A leading '+' in shortopts stops at the first operand (for subcommands).
 * Returns the next program-specific option, or -1 at the end. */
int iv_getopt(int argc, char **argv, const char *shortopts,
	      const struct option *longopts, const char *help);

/* Strict conversions for option arguments: a usage error names the option
 * when arg is not a whole number in [min, max] / a number. */
long iv_opt_long(const char *opt, const char *arg, long min, long max);
double iv_opt_num(const char *opt, const char *arg, double min, double max);

#endif
