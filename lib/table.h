/* table.h — rows as a readable table on a terminal.
 *
 * Columns are aligned by display width (CJK takes two columns, utf8.h);
 * when the table is wider than the screen the widest columns give way and
 * their long cells end in an ellipsis. Newlines and tabs in a cell show as
 * spaces; null shows as "-"; arrays and objects as compact JSON. Numbers and
 * times are never shortened.
 *
 *	static const iv_table_col cols[] = {
 *		{ "id", "ID", IV_TABLE_RIGHT }, { "created_at", "CREATED", IV_TABLE_TIME },
 *		{ "question", "QUESTION", 0 }, { 0 },
 *	};
 *	iv_table_print(stdout, rows, cols, 0);
 */
#ifndef IV_TABLE_H
#define IV_TABLE_H

#include <stddef.h>
#include <stdio.h>
#include <jv.h>

enum {
	IV_TABLE_RIGHT = 1,	/* right-aligned (numbers) */
	IV_TABLE_TIME = 2,	/* an ISO time shown as "YYYY-MM-DD HH:MM" */
};

typedef struct {
	const char *key;	/* the row's field */
	const char *heading;
	int flags;		/* IV_TABLE_* */
} iv_table_col;

/* The width to fit: $COLUMNS, else the terminal's, else 100. */
size_t iv_table_width(void);
/* The text a cell shows for v (borrowed); malloc'd. */
char *iv_table_cell(jv v, int flags);
/* Print a heading line and one line per row of rows (borrowed: an array of
 * objects) in at most width columns (0: iv_table_width()). cols ends with
 * { 0 }. */
void iv_table_print(FILE *f, jv rows, const iv_table_col *cols, size_t width);

#endif
