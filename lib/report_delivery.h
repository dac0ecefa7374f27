/* report_delivery.h — the report's delivery chart (report.h): how the
 * spoken answers were said, round by round (pace, filler words, long
 * pauses) and answer by answer in this round, with what to work on
 * (delivery_advice.h).
 *
 * The report's "delivery" member:
 *   {"rounds": [{"round", "session_id", "date", + the aggregate of the
 *		round's spoken answers (delivery_advice.h)}] (completed rounds
 *		up to this one, and this one), oldest first,
 *    "answers": [{"turn" (sequence number), "question" (its number in
 *		the session), "follow_up", "topic", "unit", "wpm", "pace",
 *		"fillers", "found", "fillers_per_min", "pauses",
 *		"longest_pause_s", "seconds", "length"}] (this round's),
 *    "issues": this round's weak sides ([{kind, text}])}
 * or null when no round up to this one was spoken.
 */
#ifndef IV_REPORT_DELIVERY_H
#define IV_REPORT_DELIVERY_H

#include <sqlite3.h>
#include <jv.h>

#include "buf.h"
#include "chart.h"

/* The delivery member for the report of session_id (round `round`) in
 * lang: new, or jv_null() (also when the store can't be read: the report
 * goes on without the chart). */
jv iv_report_delivery_data(sqlite3 *db, long long user_id, long long session_id, int round, const char *lang);

/* The delivery section of a report (borrowed; report.h's object) in
 * format (IV_FMT_TEXT, _MD or _HTML; JSON has it as data): nothing when
 * the report has no delivery. */
void iv_report_delivery_write(iv_buf *o, jv report, int format, const iv_chart_style *st, const char *lang);

#endif
