/* proc.h — running a helper program (sox, espeak-ng, a player) as a child
 * process: no shell, its own process group, a time limit, stdout and
 * stderr kept (up to a size), stdin from a file or /dev/null.
 */
#ifndef IV_PROC_H
#define IV_PROC_H

#include "buf.h"

/* Run argv (argv[0] looked up in PATH). stdin_path: a file for its stdin
 * (NULL: /dev/null). out and errs (either may be NULL: discarded) receive
 * its stdout (at most max_out bytes; more is an error) and the first 4 KiB
 * of its stderr. Returns the exit status (0-255), or -1 with *err a
 * malloc'd one-line reason: "NAME not found", a time-out after timeout_s
 * seconds (the whole group is killed), death by a signal. */
int iv_run(char *const argv[], const char *stdin_path, iv_buf *out, size_t max_out, iv_buf *errs,
	   double timeout_s, char **err);

/* While a child runs, a line read from fd (one byte at a time; -1: none)
 * asks it to finish with SIGINT, and iv_run returns 0 (a recorder stopped
 * by Enter). An interrupt of this process (SIGINT, SIGTERM, SIGHUP) kills
 * the child's group, then takes its usual course. */
void iv_run_stop_on_line(int fd);

/* Nonzero when name is an executable file in PATH. */
int iv_have_program(const char *name);

#endif
