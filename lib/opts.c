#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "msg.h"
#include "opts.h"
#include "store.h"

#ifndef IV_VERSION
#define IV_VERSION "0"
#endif

int
iv_getopt(int argc, char **argv, const char *shortopts,
	  const struct option *longopts, const char *help)
{
	char so[128];
	int c;

	/* A leading ':' makes getopt report a missing argument as ':'. */
	snprintf(so, sizeof so, "%s%s", shortopts[0] == '+' ? "+:" : ":",
		 shortopts + (shortopts[0] == '+'));
	opterr = 0;
	for (;;) {
		int prev = optind;

		c = getopt_long(argc, argv, so, longopts, NULL);
		switch (c) {
		case IV_OPT_HELP:
			fputs(help, stdout);
			exit(fclose(stdout) == 0 ? IV_OK : IV_FAIL);
		case IV_OPT_VERSION:
			printf("%s %s\n", iv_prog, IV_VERSION);
			exit(fclose(stdout) == 0 ? IV_OK : IV_FAIL);
		case IV_OPT_DB:
			if (!*optarg)
				iv_usage_error("option '--db' needs a path");
			iv_db_set_path(optarg);
			continue;
		case IV_OPT_USER:
			if (!*optarg)
				iv_usage_error("option '--user' needs a name");
			iv_set_user_name(optarg);
			continue;
		case ':':
		case '?': {
			/* Name the option as the user wrote it. */
			const char *bad = argv[(optind > prev ? optind : prev + 1) - 1];
			int len = (int)strcspn(bad, "=");

			if (strncmp(bad, "--", 2) != 0) {
				if (c == ':')
					iv_usage_error("option '-%c' needs an argument", optopt);
				iv_usage_error("unknown option '-%c'", optopt);
			}
			if (c == ':')
				iv_usage_error("option '%.*s' needs an argument", len, bad);
			if (optopt)
				iv_usage_error("option '%.*s' takes no argument", len, bad);
			iv_usage_error("unknown option '%.*s'", len, bad);
		}
		default:
			return c;
		}
	}
}

long
iv_opt_long(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > max)
		iv_usage_error("option '%s' takes a whole number from %ld to %ld, not '%s'",
			       opt, min, max, arg);
	return v;
}

double
iv_opt_num(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !(v >= min && v <= max))
		iv_usage_error("option '%s' takes a number from %g to %g, not '%s'",
			       opt, min, max, arg);
	return v;
}
