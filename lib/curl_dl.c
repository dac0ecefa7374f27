/* curl_dl.c — libcurl, loaded when a program first talks HTTP.
 *
 * Linking libcurl costs every program its dependencies (TLS, Kerberos,
 * LDAP, ...): about 40 shared objects and most of a start-up, paid even by
 * the programs that grade or ask offline. So libiv defines the few curl_*
 * functions it uses here, and each one loads libcurl.so.4 on first use and
 * calls the real one. A missing libcurl is an error at that moment, naming
 * the library. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <stdarg.h>

#include "dl.h"

static const char *const sonames[] = { "libcurl.so.4", NULL };
static void *lib;

#define REAL(name) IV_DL_REAL(name, lib, sonames)

CURLcode
curl_global_init(long flags)
{
	REAL(curl_global_init);
	return real(flags);
}

void
curl_global_cleanup(void)
{
	REAL(curl_global_cleanup);
	real();
}

CURL *
curl_easy_init(void)
{
	REAL(curl_easy_init);
	return real();
}

/* The argument's type follows from the option's number (curl.h's
 * CURLOPTTYPE_* ranges). */
CURLcode
curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	REAL(curl_easy_setopt);
	va_list ap;
	CURLcode rc;

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = real(c, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = real(c, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = real(c, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = real(c, opt, va_arg(ap, curl_off_t));
	else
		rc = real(c, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode
curl_easy_perform(CURL *c)
{
	REAL(curl_easy_perform);
	return real(c);
}

void
curl_easy_cleanup(CURL *c)
{
	REAL(curl_easy_cleanup);
	real(c);
}

void
curl_easy_reset(CURL *c)
{
	REAL(curl_easy_reset);
	real(c);
}

const char *
curl_easy_strerror(CURLcode rc)
{
	REAL(curl_easy_strerror);
	return real(rc);
}

struct curl_slist *
curl_slist_append(struct curl_slist *l, const char *s)
{
	REAL(curl_slist_append);
	return real(l, s);
}

void
curl_slist_free_all(struct curl_slist *l)
{
	REAL(curl_slist_free_all);
	real(l);
}

curl_mime *
curl_mime_init(CURL *c)
{
	REAL(curl_mime_init);
	return real(c);
}

void
curl_mime_free(curl_mime *m)
{
	REAL(curl_mime_free);
	real(m);
}

curl_mimepart *
curl_mime_addpart(curl_mime *m)
{
	REAL(curl_mime_addpart);
	return real(m);
}

CURLcode
curl_mime_name(curl_mimepart *p, const char *name)
{
	REAL(curl_mime_name);
	return real(p, name);
}

CURLcode
curl_mime_data(curl_mimepart *p, const char *data, size_t n)
{
	REAL(curl_mime_data);
	return real(p, data, n);
}

CURLcode
curl_mime_filedata(curl_mimepart *p, const char *file)
{
	REAL(curl_mime_filedata);
	return real(p, file);
}
