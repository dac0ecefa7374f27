/* dl.h — shared libraries loaded on first use (dlopen) rather than
 * linked, for those most programs never need: libcurl (curl_dl.c),
 * libfriso (friso_dl.c), OpenCC (segment.c).
 */
#ifndef IV_DL_H
#define IV_DL_H

/* The first of sonames (NULL-terminated) that loads, or NULL (dlerror()
 * says why). */
void *iv_dl_open(const char *const *sonames);

/* The symbol name of *lib, loading *lib from sonames first when it is
 * NULL. A library or a symbol that is missing is fatal (exit 1), naming
 * sonames[0]. */
void *iv_dl_need(void **lib, const char *const *sonames, const char *name);

/* In a stand-in for a library function: the real one, of the same type,
 * looked up once, as `real`. */
#define IV_DL_REAL(name, lib, sonames) \
	static __typeof__(name) *real; \
	if (!real) \
		*(void **)&real = iv_dl_need(&(lib), (sonames), #name)

#endif
