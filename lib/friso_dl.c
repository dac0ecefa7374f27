/* friso_dl.c — libfriso, loaded when a text first needs Chinese words.
 *
 * Most commands never segment Chinese (an English answer, iv-store,
 * iv-recall on English text), yet a linked libfriso is mapped and
 * relocated by every start. So libiv defines the few friso_* functions
 * segment.c uses here, and the first call loads libfriso.so.0 and calls
 * the real one (as curl_dl.c does for libcurl). A missing libfriso is an
 * error at that moment, naming the library. */
#include <friso/friso.h>

#include "dl.h"

static const char *const sonames[] = { "libfriso.so.0", "libfriso.so", NULL };
static void *lib;

#define REAL(name) IV_DL_REAL(name, lib, sonames)

friso_t
friso_new(void)
{
	REAL(friso_new);
	return real();
}

friso_config_t
friso_new_config(void)
{
	REAL(friso_new_config);
	return real();
}

void
friso_init_config(friso_config_t c)
{
	REAL(friso_init_config);
	real(c);
}

void
friso_set_mode(friso_config_t c, friso_mode_t m)
{
	REAL(friso_set_mode);
	real(c, m);
}

friso_dic_t
friso_dic_new(void)
{
	REAL(friso_dic_new);
	return real();
}

friso_task_t
friso_new_task(void)
{
	REAL(friso_new_task);
	return real();
}

void
friso_set_text(friso_task_t t, fstring s)
{
	REAL(friso_set_text);
	real(t, s);
}

void
friso_dic_add(friso_dic_t d, friso_lex_t l, fstring w, friso_array_t syn)
{
	REAL(friso_dic_add);
	real(d, l, w, syn);
}

int
friso_dic_match(friso_dic_t d, friso_lex_t l, fstring w)
{
	REAL(friso_dic_match);
	return real(d, l, w);
}
