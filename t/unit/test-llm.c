/* Unit tests for the LLM client's pieces that need no server
 * (lib/llm_wire.c): retry waits. */
#include <stdlib.h>

#include "llm.h"
#include "unit.h"

static int
between(long v, long lo, long hi)
{
	if (v < lo || v > hi)
		fprintf(stderr, "  %ld not in [%ld, %ld]\n", v, lo, hi);
	return v >= lo && v <= hi;
}

int
main(void)
{
	/* Retry-After is honoured, up to 30 s, whatever the backoff. */
	setenv("IV_LLM_BACKOFF_MS", "100", 1);
	CHECK(iv_llm_retry_wait_ms(1, 2) == 2000);
	CHECK(iv_llm_retry_wait_ms(3, 0) == 0);
	CHECK(iv_llm_retry_wait_ms(1, 3600) == 30000);
	/* Exponential backoff with up to half again of jitter, capped. */
	for (int i = 0; i < 50; i++) {
		CHECK(between(iv_llm_retry_wait_ms(1, -1), 100, 150));
		CHECK(between(iv_llm_retry_wait_ms(2, -1), 200, 300));
		CHECK(between(iv_llm_retry_wait_ms(3, -1), 400, 600));
		CHECK(between(iv_llm_retry_wait_ms(12, -1), 8000, 12000));
	}
	unsetenv("IV_LLM_BACKOFF_MS");
	CHECK(between(iv_llm_retry_wait_ms(1, -1), 500, 750));
	setenv("IV_LLM_BACKOFF_MS", "0", 1);
	CHECK(iv_llm_retry_wait_ms(5, -1) == 0);
	return unit_done();
}
