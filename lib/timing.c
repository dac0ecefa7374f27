/* timing.c — phase timers behind IV_TIMING (timing.h). */
#include <errno.h>	/* program_invocation_short_name */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "timing.h"

static const char *const names[IV_T_NPHASES] = {
	"config", "bank", "taxonomy", "aliases", "wordnet", "idf", "lexicon-zh", "opencc",
	"store", "queries",
};

static int enabled = -1;
static double t0, mark, spent[IV_T_NPHASES + 1];	/* [IV_T_NPHASES]: work */
static int stack[16], depth;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Charge the time since the last mark to the phase on top. */
static void
charge(void)
{
	double t = now_ms();

	spent[depth ? stack[depth - 1] : IV_T_NPHASES] += t - mark;
	mark = t;
}

static void
report(void)
{
	char line[512];
	int n = 0;

	charge();
	for (int i = 0; i < IV_T_NPHASES; i++)
		if (spent[i] > 0 && n < (int)sizeof line - 64)
			n += snprintf(line + n, sizeof line - (size_t)n, "%s %.2f ms, ", names[i], spent[i]);
	fprintf(stderr, "%s: timing: %swork %.2f ms, main %.2f ms\n", program_invocation_short_name, line,
		spent[IV_T_NPHASES], mark - t0);
}

void
iv_timing_init(void)
{
	const char *e;

	if (enabled >= 0)
		return;
	e = getenv("IV_TIMING");
	enabled = e && *e && !(e[0] == '0' && !e[1]) ? (e[0] == '2' ? 2 : 1) : 0;
	if (enabled) {
		t0 = mark = now_ms();
		atexit(report);
	}
}

int
iv_timing_level(void)
{
	if (enabled < 0)
		iv_timing_init();
	return enabled;
}

int
iv_time_begin(enum iv_phase p)
{
	if (enabled < 0)
		iv_timing_init();
	if (!enabled || depth == (int)(sizeof stack / sizeof *stack))
		return -1;
	charge();
	stack[depth++] = p;
	return depth - 1;
}

void
iv_time_end(int token)
{
	if (token < 0 || !enabled)
		return;
	charge();
	depth = token;
}
