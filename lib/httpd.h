/* httpd.h — the network side of iv-serve, over libmicrohttpd: a thread
 * pool, bodies up to a limit, idle connections closed after a timeout, the
 * bearer token, and one access log line per request on stderr (the method,
 * the path and query, the status, the size and the time taken: never a body
 * or a header). Requests are handed to http.h's routes.
 *
 * Only iv-serve links it (with -lmicrohttpd).
 */
#ifndef IV_HTTPD_H
#define IV_HTTPD_H

#include <stddef.h>
#include <sys/socket.h>

#include "http.h"

typedef struct {
	const char *listen;	/* "ADDR:PORT"; port 0 takes a free one */
	const char *token;	/* the bearer token every request needs, or NULL */
	unsigned threads;	/* worker threads */
	unsigned timeout;	/* seconds a connection may be idle */
	size_t max_body;	/* larger bodies get 413 */
	int access_log;		/* one line per request on stderr */
	const iv_http_route *routes;
	void *ctx;		/* given to the handlers as req->ctx */
} iv_httpd_conf;

typedef struct iv_httpd iv_httpd;

/* "127.0.0.1:8006", "[::1]:8006", "localhost:8006" (127.0.0.1), "0.0.0.0:80".
 * Returns 0 with the address and whether it is a loopback one, or -1 with
 * the reason in *err (malloc'd). */
int iv_httpd_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len,
			  int *loopback, char **err);

/* Listen and serve in the background; NULL with the reason in *err. */
iv_httpd *iv_httpd_start(const iv_httpd_conf *conf, char **err);
/* The address bound, as ADDR:PORT (with the real port when 0 was asked). */
const char *iv_httpd_address(const iv_httpd *d);
/* Stop taking connections, finish the requests under way, free d. */
void iv_httpd_stop(iv_httpd *d);

#endif
