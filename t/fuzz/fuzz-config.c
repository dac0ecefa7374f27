/* The config file: YAML to jv (yamldoc.c) and the check of every key
 * against config.c's table. */
#include <jv.h>

#include "config.h"
#include "fuzz.h"
#include "yamldoc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	jv lines = jv_invalid();
	int errors;

	fuzz_init();
	free(iv_config_check_text((const char *)data, n, "config.yaml", &errors));
	jv_free(iv_yaml_parse((const char *)data, n, "x.yaml", &lines));
	jv_free(lines);
	return 0;
}
