#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "proc.h"

#define STDERR_KEEP 4096

static int stop_fd = -1;
static volatile sig_atomic_t got_signal;

void
iv_run_stop_on_line(int fd)
{
	stop_fd = fd;
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Catch sig unless it is ignored (a background job's SIGINT stays so). */
static void
catch_signal(int sig, struct sigaction *old)
{
	struct sigaction sa = { 0 };

	sigaction(sig, NULL, old);
	if (old->sa_handler == SIG_IGN)
		return;
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static double
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
iv_have_program(const char *name)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL;
	int found = 0;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	dirs = iv_xstrdup(path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *p = iv_xasprintf("%s/%s", *dir ? dir : ".", name);

		found = access(p, X_OK) == 0;
		free(p);
	}
	free(dirs);
	return found;
}

int
iv_run(char *const argv[], const char *stdin_path, iv_buf *out, size_t max_out, iv_buf *errs,
       double timeout_s, char **err)
{
	int op[2], ep[2], fail[2], status, exec_errno = 0, open_fds = 2, rc = -1, stopped = 0;
	size_t got_out = 0;
	struct pollfd fds[3];
	struct sigaction old_int, old_term, old_hup;
	double deadline;
	pid_t pid;

	*err = NULL;
	if (pipe(op) < 0 || pipe(ep) < 0 || pipe2(fail, O_CLOEXEC) < 0)
		iv_die(IV_FAIL, "can't create a pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		iv_die(IV_FAIL, "can't start %s: %s", argv[0], strerror(errno));
	if (pid == 0) {
		int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);

		setpgid(0, 0);
		/* Asked to stop with SIGINT (iv_run_stop_on_line), the child must
		 * not have inherited it ignored. */
		signal(SIGINT, SIG_DFL);
		if (in >= 0)
			dup2(in, 0);
		dup2(op[1], 1);
		dup2(ep[1], 2);
		close(op[0]);
		close(op[1]);
		close(ep[0]);
		close(ep[1]);
		close(fail[0]);
		if (in < 0)
			exec_errno = errno;
		else
			execvp(argv[0], argv), exec_errno = errno;
		if (write(fail[1], &exec_errno, sizeof exec_errno) < 0)
			_exit(126);
		_exit(127);
	}
	setpgid(pid, pid);
	close(op[1]);
	close(ep[1]);
	close(fail[1]);
	while (read(fail[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR)
		;
	close(fail[0]);
	if (exec_errno) {
		close(op[0]);
		close(ep[0]);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		*err = exec_errno == ENOENT ? iv_xasprintf("%s not found", argv[0])
					    : iv_xasprintf("can't run %s: %s", argv[0], strerror(exec_errno));
		return -1;
	}
	fds[0] = (struct pollfd){ .fd = op[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = ep[0], .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = stop_fd, .events = POLLIN };
	/* The child has its own process group: an interrupt that stops us
	 * stops it too, rather than leaving it running (a recorder on). */
	got_signal = 0;
	catch_signal(SIGINT, &old_int);
	catch_signal(SIGTERM, &old_term);
	catch_signal(SIGHUP, &old_hup);
	deadline = now_mono() + timeout_s;
	while (open_fds > 0 && !*err) {
		double left = deadline - now_mono();
		char chunk[65536];
		int n;

		if (got_signal) {
			*err = iv_xasprintf("%s interrupted", argv[0]);
			break;
		}
		if (left <= 0 && stopped) {
			kill(-pid, SIGKILL);
			break;
		}
		if (left <= 0) {
			*err = iv_xasprintf("%s did not finish in %g s", argv[0], timeout_s);
			break;
		}
		n = poll(fds, fds[2].fd >= 0 ? 3 : 2, (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			iv_die(IV_FAIL, "poll: %s", strerror(errno));
		/* A line on stop_fd (Enter): the child is asked to finish, as
		 * Ctrl-C would ask it; one byte at a time, so nothing after the
		 * line is taken. */
		if (n > 0 && fds[2].fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP | POLLERR))) {
			char c = 0;
			ssize_t got = read(fds[2].fd, &c, 1);

			if (got <= 0 || c == '\n') {
				kill(-pid, SIGINT);
				stopped = 1;
				fds[2].fd = -1;
				/* It has a few seconds to write its file. */
				if (deadline > now_mono() + 5)
					deadline = now_mono() + 5;
			}
		}
		for (int i = 0; i < 2 && n > 0; i++) {
			ssize_t got;

			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			got = read(fds[i].fd, chunk, sizeof chunk);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else if (i == 0) {
				got_out += (size_t)got;
				if (got_out > max_out)
					*err = iv_xasprintf("%s wrote more than %zu bytes", argv[0], max_out);
				else if (out)
					iv_buf_add(out, chunk, (size_t)got);
			} else if (errs && errs->len < STDERR_KEEP) {
				iv_buf_add(errs, chunk, (size_t)got);
			}
		}
	}
	if (*err) {
		kill(-pid, SIGKILL);
		for (int i = 0; i < 2; i++)
			if (fds[i].fd >= 0)
				close(fds[i].fd);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	if (got_signal) {
		free(*err);
		raise(got_signal);
		*err = iv_xasprintf("%s interrupted", argv[0]);
		return -1;
	}
	if (*err)
		return -1;
	if (stopped)
		return 0;
	if (WIFSIGNALED(status)) {
		*err = iv_xasprintf("%s died (signal %d)", argv[0], WTERMSIG(status));
		return -1;
	}
	rc = WEXITSTATUS(status);
	return rc;
}
