/* unit.h — a minimal C test harness: CHECK(expr) and CHECK_STR(a, b) count
 * failures; main returns unit_done(). */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed, unit_checks;

#define CHECK(e) do { \
	unit_checks++; \
	if (!(e)) { unit_failed++; fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #e); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	unit_checks++; \
	if (!a_ || !b_ || strcmp(a_, b_)) { unit_failed++; \
		fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } \
} while (0)

static int
unit_done(void)
{
	fprintf(stderr, "%d checks, %d failed\n", unit_checks, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
