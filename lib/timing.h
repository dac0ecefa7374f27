/* timing.h — where a program's time goes, behind IV_TIMING.
 *
 * With IV_TIMING set (to anything but "" or "0") every program prints one
 * line on stderr when it exits:
 *   iv-grade: timing: config 0.04 ms, bank 0.21 ms, ..., work 1.90 ms, main 3.10 ms
 * Each phase is the wall time spent loading or doing that one thing; a
 * phase inside another is charged to the inner one only; "work" is what no
 * phase claims, "main" the whole from iv_prog_init to exit. The time
 * before main (exec, dynamic linking) is what `PROG --version` costs as a
 * whole process; `make bench` prints both. Unset, a phase costs a branch.
 */
#ifndef IV_TIMING_H
#define IV_TIMING_H

enum iv_phase {
	IV_T_CONFIG,
	IV_T_BANK,	/* the question bank (compiled or from YAML) */
	IV_T_TAXONOMY,	/* skills.yaml */
	IV_T_ALIASES,	/* share/grade/aliases.yaml with the taxonomy's names */
	IV_T_WORDNET,	/* share/grade/wordnet.txt */
	IV_T_IDF,	/* share/grade/idf.txt */
	IV_T_LEXICON,	/* the segmenter: friso and share/grade/lexicon-zh.txt */
	IV_T_OPENCC,	/* Traditional to Simplified */
	IV_T_STORE,	/* opening the store, the schema check, migrations */
	IV_T_QUERIES,	/* SQL statements run */
	IV_T_NPHASES
};

/* IV_TIMING=2 also prints each SQL statement's time (store.c). */
int iv_timing_level(void);

/* Starts the clock (iv_prog_init calls it). */
void iv_timing_init(void);
/* Enter a phase; returns what iv_time_end takes. */
int iv_time_begin(enum iv_phase p);
void iv_time_end(int token);

#endif
