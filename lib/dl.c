/* dl.c — see dl.h. */
#include <dlfcn.h>
#include <stddef.h>

#include "dl.h"
#include "msg.h"

void *
iv_dl_open(const char *const *sonames)
{
	void *lib = NULL;

	for (int i = 0; !lib && sonames[i]; i++)
		lib = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	return lib;
}

void *
iv_dl_need(void **lib, const char *const *sonames, const char *name)
{
	void *f;

	if (!*lib && !(*lib = iv_dl_open(sonames)))
		iv_die(IV_FAIL, "can't load %s: %s", sonames[0], dlerror());
	if (!(f = dlsym(*lib, name)))
		iv_die(IV_FAIL, "%s has no %s", sonames[0], name);
	return f;
}
