/* schema.h — the store's schema as migrations (schema.c). */
#ifndef IV_SCHEMA_H
#define IV_SCHEMA_H

/* iv_migrations[n] takes the store from version n-1 to n; index 0 is NULL
 * and the list ends with NULL. */
extern const char *const iv_migrations[];
/* Every table of the store, parents before children; NULL-terminated. */
extern const char *const iv_schema_tables[];

/* Identifies an iv store (PRAGMA application_id): "iv" plus 1. */
#define IV_APPLICATION_ID 0x69760001

#endif
