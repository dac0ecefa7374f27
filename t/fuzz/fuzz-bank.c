/* Question bank loading (bank.c): the input is one topic file,
 * questions/fuzz.yaml, in a share folder of its own; the bank is loaded,
 * looked through and unloaded for every input. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jv.h>

#include "bank.h"
#include "fuzz.h"

static char path[4096];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	FILE *f;

	if (!*path) {
		char dir[] = "/tmp/iv-fuzz-bank-XXXXXX", sub[4096];

		if (!mkdtemp(dir))
			abort();
		setenv("IV_SHARE", dir, 1);
		snprintf(sub, sizeof sub, "%s/questions", dir);
		mkdir(sub, 0700);
		snprintf(path, sizeof path, "%s/fuzz.yaml", sub);
		/* Questions name skills of the real taxonomy. */
		snprintf(sub, sizeof sub, "%s/skills.yaml", dir);
		if (symlink(IV_FUZZ_SHARE "/skills.yaml", sub) < 0)
			abort();
	}
	fuzz_init();
	if (!(f = fopen(path, "w")))
		abort();
	fwrite(data, 1, n, f);
	fclose(f);
	for (int i = 0; i < iv_bank_count(); i++) {
		const iv_question *q = iv_bank_at(i);

		jv_free(iv_question_json(q));
		(void)iv_bank_find(q->id);
	}
	jv_free(iv_bank_problems());
	iv_bank_unload();
	return 0;
}
