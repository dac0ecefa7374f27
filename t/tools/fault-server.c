/* fault-server — an HTTP server on 127.0.0.1 that misbehaves, for the
 * fault tests (t/0970-faults.bats).
 *
 * Usage: fault-server --port-file FILE MODE [ARG]
 *   stall           send a 200 reply's headers, then nothing, forever
 *   flood MB        a 200 reply with MB megabytes of body (an event stream
 *                   with no end of line when the request asks to stream)
 *   redirect URL    302 to URL
 * Listens on a free port of 127.0.0.1, writes it to FILE (atomically),
 * answers every connection the same way, one at a time, until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read the request's head and body (enough to see "stream": true). */
static int
read_request(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	long want = -1;

	while (len + 1 < cap) {
		ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
		char *end, *cl;

		if (r <= 0)
			break;
		len += (size_t)r;
		buf[len] = 0;
		if (want < 0 && (end = strstr(buf, "\r\n\r\n"))) {
			cl = strcasestr(buf, "Content-Length:");
			want = (long)(end - buf) + 4 + (cl && cl < end ? strtol(cl + 15, NULL, 10) : 0);
		}
		if (want >= 0 && (long)len >= want)
			break;
	}
	buf[len] = 0;
	return strstr(buf, "\"stream\":true") != NULL;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	const char *pf, *mode;
	char tmp[4096], req[65536];
	FILE *f;
	int s, one = 1;

	if (argc < 4 || strcmp(argv[1], "--port-file")) {
		fprintf(stderr, "usage: fault-server --port-file FILE stall|flood MB|redirect URL\n");
		return 2;
	}
	pf = argv[2];
	mode = argv[3];
	signal(SIGPIPE, SIG_IGN);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) < 0) {
		perror("fault-server");
		return 1;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", pf);
	if (!(f = fopen(tmp, "w")) || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) || rename(tmp, pf)) {
		perror("fault-server: port file");
		return 1;
	}
	for (;;) {
		int c = accept(s, NULL, NULL), stream;
		char head[1024];

		if (c < 0)
			continue;
		stream = read_request(c, req, sizeof req);
		if (!strcmp(mode, "stall")) {
			const char *h = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":";

			send_all(c, h, strlen(h));
			for (;;)
				pause();
		} else if (!strcmp(mode, "flood") && argc > 4) {
			static char chunk[1 << 16];
			long mb = strtol(argv[4], NULL, 10);

			memset(chunk, stream ? 'x' : ' ', sizeof chunk);
			snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nConnection: close\r\n\r\n%s",
				 stream ? "text/event-stream" : "application/json", stream ? "data: " : "");
			if (send_all(c, head, strlen(head)) == 0)
				for (long i = 0; i < mb * 16; i++)
					if (send_all(c, chunk, sizeof chunk) < 0)
						break;
		} else if (!strcmp(mode, "redirect") && argc > 4) {
			snprintf(head, sizeof head, "HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n"
				 "Connection: close\r\n\r\n", argv[4]);
			send_all(c, head, strlen(head));
		}
		close(c);
	}
}
