#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "paths.h"

#ifndef IV_SHAREDIR
#define IV_SHAREDIR "/usr/local/share/iv"
#endif

static char *config_path, *config_dir, *data_dir, *share_dir, *cache_dir;

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static char *
home_sub(const char *xdg_var, const char *fallback)
{
	const char *x = env(xdg_var), *home = env("HOME");

	if (x)
		return iv_xasprintf("%s/iv", x);
	return iv_xasprintf("%s/%s/iv", home ? home : ".", fallback);
}

const char *
iv_path_config(void)
{
	if (!config_path) {
		if (env("IV_CONFIG"))
			config_path = iv_xstrdup(env("IV_CONFIG"));
		else
			config_path = iv_xasprintf("%s/config.yaml", iv_path_config_dir());
	}
	return config_path;
}

const char *
iv_path_config_dir(void)
{
	if (!config_dir) {
		if (env("IV_HOME"))
			config_dir = iv_xstrdup(env("IV_HOME"));
		else
			config_dir = home_sub("XDG_CONFIG_HOME", ".config");
	}
	return config_dir;
}

const char *
iv_path_data_dir(void)
{
	if (!data_dir) {
		if (env("IV_HOME"))
			data_dir = iv_xstrdup(env("IV_HOME"));
		else
			data_dir = home_sub("XDG_DATA_HOME", ".local/share");
	}
	return data_dir;
}

const char *
iv_path_cache_dir(void)
{
	if (!cache_dir) {
		if (env("IV_HOME"))
			cache_dir = iv_xasprintf("%s/cache", env("IV_HOME"));
		else
			cache_dir = home_sub("XDG_CACHE_HOME", ".cache");
	}
	return cache_dir;
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
iv_path_share(void)
{
	char exe[PATH_MAX];
	ssize_t n;

	if (share_dir)
		return share_dir;
	if (env("IV_SHARE")) {
		share_dir = iv_xstrdup(env("IV_SHARE"));
		return share_dir;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash, *cand;

		exe[n] = 0;
		if ((slash = strrchr(exe, '/')))
			*slash = 0;
		cand = iv_xasprintf("%s/../share/iv", exe);
		if (is_dir(cand)) {
			share_dir = cand;
			return share_dir;
		}
		free(cand);
	}
	share_dir = iv_xstrdup(IV_SHAREDIR);
	return share_dir;
}

char *
iv_share_file(const char *rel)
{
	return iv_xasprintf("%s/%s", iv_path_share(), rel);
}

char *
iv_user_or_share_file(const char *rel)
{
	char *p = iv_xasprintf("%s/%s", iv_path_config_dir(), rel);

	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return iv_share_file(rel);
}

int
iv_mkdirs(const char *dir, int mode)
{
	char *p = iv_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == 0) {
			char c = *s;

			*s = 0;
			if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	if (rc == 0 && !is_dir(p)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}
