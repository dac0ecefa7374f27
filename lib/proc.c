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
	int op[2], ep[2], fail[2], status, exec_errno = 0, open_fds = 2, rc = -1;
	size_t got_out = 0;
	struct pollfd fds[2];
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
	deadline = now_mono() + timeout_s;
	while (open_fds > 0 && !*err) {
		double left = deadline - now_mono();
		char chunk[65536];
		int n;

		if (left <= 0) {
			*err = iv_xasprintf("%s did not finish in %g s", argv[0], timeout_s);
			break;
		}
		n = poll(fds, 2, (int)(left * 1000) + 1);
		if (n < 0 && errno != EINTR)
			iv_die(IV_FAIL, "poll: %s", strerror(errno));
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
	if (*err)
		return -1;
	if (WIFSIGNALED(status)) {
		*err = iv_xasprintf("%s died (signal %d)", argv[0], WTERMSIG(status));
		return -1;
	}
	rc = WEXITSTATUS(status);
	return rc;
}
