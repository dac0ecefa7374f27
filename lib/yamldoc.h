/* yamldoc.h — YAML documents as jv values (libyaml underneath).
 *
 * Mappings become objects (keys in document order), sequences arrays. Plain
 * scalars follow YAML 1.2's core schema: null, ~ and empty are null,
 * true/false booleans, numbers numbers, everything else a string; quoted
 * scalars are always strings. Anchors and aliases are refused.
 */
#ifndef IV_YAMLDOC_H
#define IV_YAMLDOC_H

#include <stddef.h>
#include <jv.h>

/* Parse one document. name is used in errors, which come back as
 * jv_invalid_with_msg("NAME:LINE: KEY: problem"). When lines is not NULL it
 * receives an object mapping each dotted key path ("llm.profiles.x.model")
 * to the line it is on. An empty document gives an empty object. */
jv iv_yaml_parse(const char *text, size_t n, const char *name, jv *lines);
/* The same for a file; a missing or unreadable file is an error too. */
jv iv_yaml_load_file(const char *path, jv *lines);

#endif
