/* iv-store import (records.c, iv_import): the export format read into a
 * store in the target's own home, kept across inputs and emptied after an
 * import that wrote rows. */
#include <stdio.h>
#include <sqlite3.h>
#include <jv.h>

#include "fuzz.h"
#include "records.h"
#include "schema.h"
#include "store.h"

static sqlite3 *db;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	FILE *f;
	long got;

	fuzz_init();
	if (!db) {
		char *path = sqlite3_mprintf("%s/fuzz.db", getenv("IV_HOME"));

		db = iv_db_open_path(path, IV_DB_WRITE);
		sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
		sqlite3_free(path);
	}
	if (!n || !(f = fmemopen((void *)data, n, "r")))
		return 0;
	got = iv_import(db, f, "fuzz");
	fclose(f);
	if (got > 0) {
		int k = 0;

		while (iv_schema_tables[k])
			k++;
		sqlite3_exec(db, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
		while (k-- > 0) {
			char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", iv_schema_tables[k]);

			sqlite3_exec(db, sql, NULL, NULL, NULL);
			sqlite3_free(sql);
		}
		sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	}
	return 0;
}
