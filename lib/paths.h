/* paths.h — where iv keeps things.
 *
 *   config   $IV_CONFIG, else $IV_HOME/config.yaml, else
 *            ${XDG_CONFIG_HOME:-~/.config}/iv/config.yaml
 *   data     $IV_HOME, else ${XDG_DATA_HOME:-~/.local/share}/iv
 *   store    see store.h: --db, else $IV_DB, else config "db", else DATA/iv.db
 *   share    $IV_SHARE, else ../share/iv beside the program, else the
 *            installed $(PREFIX)/share/iv
 *   cache    $IV_HOME/cache, else ${XDG_CACHE_HOME:-~/.cache}/iv: compiled
 *            forms of share's files (cache.h), safe to delete
 *
 * IV_HOME moves config and data together: tests point it at a temporary
 * folder, users with several personas keep one folder each.
 * All functions return strings the module owns, valid until exit.
 */
#ifndef IV_PATHS_H
#define IV_PATHS_H

const char *iv_path_config(void);
const char *iv_path_config_dir(void);
const char *iv_path_data_dir(void);
const char *iv_path_share(void);
const char *iv_path_cache_dir(void);
/* A file under share/: iv_share_file("questions") -> ".../share/iv/questions".
 * Returns a malloc'd string. */
char *iv_share_file(const char *rel);
/* A file the user may override: CONFIG_DIR/rel if it exists, else share's.
 * Returns a malloc'd string. */
char *iv_user_or_share_file(const char *rel);

/* mkdir -p with the given mode for created directories; 0 or -1 (errno). */
int iv_mkdirs(const char *dir, int mode);

#endif
