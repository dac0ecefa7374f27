#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "clock.h"
#include "httpd.h"
#include "msg.h"

struct iv_httpd {
	iv_httpd_conf conf;
	struct MHD_Daemon *mhd;
	char address[80];
};

/* What one request has gathered between the calls libmicrohttpd makes. */
typedef struct {
	iv_buf body;
	int too_big, answered;
	struct timespec start;
} conn;

int
iv_httpd_parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len, int *loopback,
		      char **err)
{
	const char *colon = strrchr(s, ':');
	char host[64], *end;
	size_t hl;
	long port;

	memset(ss, 0, sizeof *ss);
	if (!colon || colon == s) {
		*err = iv_xasprintf("'%s' is not ADDR:PORT", s);
		return -1;
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 0 || port > 65535) {
		*err = iv_xasprintf("'%s': the port must be a number from 0 to 65535", s);
		return -1;
	}
	hl = (size_t)(colon - s);
	if (s[0] == '[' && hl > 2 && s[hl - 1] == ']')
		s++, hl -= 2;
	if (hl >= sizeof host) {
		*err = iv_xasprintf("'%s': the address is too long", s);
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = 0;
	if (!strcmp(host, "localhost"))
		strcpy(host, "127.0.0.1");
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;

	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((unsigned short)port);
		*len = sizeof *v4;
		*loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((unsigned short)port);
		*len = sizeof *v6;
		*loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
	} else {
		*err = iv_xasprintf("'%s' is not an IP address (nor localhost)", host);
		return -1;
	}
	return 0;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = 0;
	iv_warn("%s", line);
}

typedef struct {
	iv_http_param *p;
	int n, cap;
} params;

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	params *ps = cls;

	(void)kind;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 8;
		ps->p = iv_xrealloc(ps->p, (size_t)ps->cap * sizeof *ps->p);
	}
	ps->p[ps->n].key = iv_xstrdup(key ? key : "");
	ps->p[ps->n].val = value ? iv_xstrdup(value) : NULL;
	ps->n++;
	return MHD_YES;
}

static void
params_free(params *ps)
{
	for (int i = 0; i < ps->n; i++) {
		free(ps->p[i].key);
		free(ps->p[i].val);
	}
	free(ps->p);
}

static void
access_log(struct MHD_Connection *con, const char *method, const char *url, const params *ps,
	   int status, size_t bytes, const conn *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "-", now[32];
	struct timespec end;
	iv_buf line = IV_BUF_INIT;
	double ms;

	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof addr);
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	ms = (double)(end.tv_sec - c->start.tv_sec) * 1e3 + (double)(end.tv_nsec - c->start.tv_nsec) / 1e6;
	iv_buf_printf(&line, "%s: %s %s %s ", iv_prog, iv_fmt_time(time(NULL), now), addr, method);
	/* The path and query as sent, re-encoded: a client's bytes never
	 * reach the log raw. */
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '%' || *p == '"')
			iv_buf_printf(&line, "%%%02X", (unsigned char)*p);
		else
			iv_buf_putc(&line, *p);
	for (int i = 0; ps && i < ps->n; i++) {
		iv_buf_putc(&line, i ? '&' : '?');
		iv_http_urlencode(&line, ps->p[i].key);
		if (ps->p[i].val) {
			iv_buf_putc(&line, '=');
			iv_http_urlencode(&line, ps->p[i].val);
		}
	}
	iv_buf_printf(&line, " %d %zu %.2fms\n", status, bytes, ms);
	fwrite(line.s, 1, line.len, stderr);
	iv_buf_free(&line);
}

static enum MHD_Result
reply(iv_httpd *d, struct MHD_Connection *con, const char *method, const char *url,
      const params *ps, iv_http_resp *resp, conn *c)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	r = MHD_create_response_from_buffer(resp->body.len, resp->body.s ? resp->body.s : (char *)"",
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	if (resp->location)
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->allow)
		MHD_add_response_header(r, "Allow", resp->allow);
	if (resp->status == 401)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ok = MHD_queue_response(con, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	c->answered = 1;
	if (d->conf.access_log)
		access_log(con, method, url, ps, resp->status, resp->body.len, c);
	return ok;
}

/* Answer with an error before the request is handled. */
static enum MHD_Result
refuse(iv_httpd *d, struct MHD_Connection *con, const char *method, const char *url, conn *c,
       int status, const char *detail)
{
	iv_http_resp resp = { 0 };
	enum MHD_Result ok;

	iv_http_error(&resp, status, "%s", detail);
	ok = reply(d, con, method, url, NULL, &resp, c);
	iv_http_resp_free(&resp);
	return ok;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *con, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	iv_httpd *d = cls;
	conn *c = *con_cls;
	params ps = { 0 };
	iv_http_req req = { 0 };
	iv_http_resp resp = { 0 };
	const iv_http_route *route;
	enum MHD_Result ok;

	(void)version;
	if (!c) {
		const char *len;

		c = iv_xcalloc(1, sizeof *c);
		clock_gettime(CLOCK_MONOTONIC, &c->start);
		*con_cls = c;
		if (d->conf.token &&
		    !iv_http_bearer_ok(MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Authorization"),
				       d->conf.token))
			return refuse(d, con, method, url, c, 401,
				      "this server needs a bearer token (Authorization: Bearer TOKEN)");
		len = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
		if (len && strtoull(len, NULL, 10) > d->conf.max_body) {
			char detail[96];

			snprintf(detail, sizeof detail, "the body is larger than %zu bytes", d->conf.max_body);
			return refuse(d, con, method, url, c, 413, detail);
		}
		return MHD_YES;
	}
	if (c->answered) {	/* refused above: what is still sent is dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (c->too_big || c->body.len + *upload_size > d->conf.max_body)
			c->too_big = 1;
		else
			iv_buf_add(&c->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (c->too_big) {
		char detail[96];

		snprintf(detail, sizeof detail, "the body is larger than %zu bytes", d->conf.max_body);
		return refuse(d, con, method, url, c, 413, detail);
	}
	MHD_get_connection_values(con, MHD_GET_ARGUMENT_KIND, collect_arg, &ps);
	req.method = method;
	req.path = url;
	req.query = ps.p;
	req.nquery = ps.n;
	req.content_type = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
	req.body = c->body.s;
	req.body_len = c->body.len;
	req.ctx = d->conf.ctx;
	route = iv_http_route_find(d->conf.routes, &req, &resp);
	if (route) {
		iv_buf_reset(&resp.body);
		resp.status = 500;
		route->fn(&req, &resp);
	}
	ok = reply(d, con, method, url, &ps, &resp, c);
	iv_http_resp_free(&resp);
	params_free(&ps);
	return ok;
}

static void
completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	conn *c = *con_cls;

	(void)cls, (void)con, (void)toe;
	if (!c)
		return;
	iv_buf_free(&c->body);
	free(c);
	*con_cls = NULL;
}

iv_httpd *
iv_httpd_start(const iv_httpd_conf *conf, char **err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int loopback;
	iv_httpd *d;
	const union MHD_DaemonInfo *info;
	char host[INET6_ADDRSTRLEN];

	if (iv_httpd_parse_listen(conf->listen, &ss, &len, &loopback, err) < 0)
		return NULL;
	d = iv_xcalloc(1, sizeof *d);
	d->conf = *conf;
	d->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
				  (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
				  0, NULL, NULL, handle, d,
				  MHD_OPTION_EXTERNAL_LOGGER, mhd_log, d,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_THREAD_POOL_SIZE, conf->threads ? conf->threads : 1u,
				  MHD_OPTION_CONNECTION_TIMEOUT, conf->timeout,
				  MHD_OPTION_CONNECTION_LIMIT, 512u,
				  MHD_OPTION_NOTIFY_COMPLETED, completed, d,
				  MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
				  MHD_OPTION_END);
	if (!d->mhd) {
		*err = iv_xasprintf("can't listen on %s: %s", conf->listen,
				    errno ? strerror(errno) : "libmicrohttpd refused");
		free(d);
		return NULL;
	}
	info = MHD_get_daemon_info(d->mhd, MHD_DAEMON_INFO_BIND_PORT);
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
		snprintf(d->address, sizeof d->address, "[%s]:%u", host, info ? info->port : 0);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
		snprintf(d->address, sizeof d->address, "%s:%u", host, info ? info->port : 0);
	}
	return d;
}

const char *
iv_httpd_address(const iv_httpd *d)
{
	return d->address;
}

void
iv_httpd_stop(iv_httpd *d)
{
	if (!d)
		return;
	MHD_stop_daemon(d->mhd);
	free(d);
}
