/* fuzz.h — what every libFuzzer target in t/fuzz shares.
 *
 * Each fuzz-NAME.c defines LLVMFuzzerTestOneInput and calls fuzz_init()
 * first: the share/ folder of the source tree (bank, taxonomy, prompts) and
 * a home of its own, so a target never reads or writes the user's files.
 */
#ifndef IV_FUZZ_H
#define IV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef IV_FUZZ_SHARE
#define IV_FUZZ_SHARE "share"
#endif

static inline void
fuzz_init(void)
{
	static int done;
	char dir[] = "/tmp/iv-fuzz-XXXXXX";

	if (done)
		return;
	done = 1;
	setenv("IV_SHARE", IV_FUZZ_SHARE, 0);
	if (!getenv("IV_HOME") && mkdtemp(dir))
		setenv("IV_HOME", dir, 1);
	unsetenv("IV_ENGINE");
	unsetenv("IV_MODEL");
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("TZ", "UTC", 1);
}

/* data as a NUL-terminated string (malloc'd): what C string APIs get. */
static inline char *
fuzz_str(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = 0;
	return s;
}

/* Split data at the first "\n%%\n": *rest and *nrest get what follows (or
 * an empty tail); returns the length of the head. */
static inline size_t
fuzz_split(const uint8_t *data, size_t n, const uint8_t **rest, size_t *nrest)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (!memcmp(data + i, "\n%%\n", 4)) {
			*rest = data + i + 4;
			*nrest = n - i - 4;
			return i;
		}
	*rest = data + n;
	*nrest = 0;
	return n;
}

#endif
