/* The event-stream parser of streamed chat replies (llm_reply.c), the bytes
 * handed over in pieces of every size from 1 byte up. */
#include <jv.h>

#include "fuzz.h"
#include "llm.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	fuzz_init();
	if (n < 1)
		return 0;
	jv_free(iv_llm_sse_parse((const char *)data + 1, n - 1, (size_t)data[0] + 1));
	jv_free(iv_llm_sse_parse((const char *)data + 1, n - 1, n));
	return 0;
}
