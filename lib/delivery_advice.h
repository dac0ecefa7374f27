/* delivery_advice.h — what delivery (delivery.h) means for the candidate:
 * the delivery of a session's spoken answers taken together, where it is
 * weak (the thresholds are share/delivery.yaml's "weak"), a sentence for
 * the turn's feedback, and a learning path for the plan (plan.h).
 *
 * The aggregate of several delivery objects:
 *   {"answers", "unit": "words" | "chars" (the most answers'), "wpm" (units
 *    per minute over all speaking time), "pace": "slow" | "ok" | "fast" |
 *    null, "pace_range", "pace_off" (answers too slow or too fast),
 *    "fillers", "fillers_per_min", "found" ({"um": 3, ...}), "pauses",
 *    "pauses_per_answer", "longest_pause_s", "speaking_s", "seconds" (mean
 *    length), "target", "short", "long" (answers of each verdict)}
 * A single delivery object is an aggregate of one.
 */
#ifndef IV_DELIVERY_ADVICE_H
#define IV_DELIVERY_ADVICE_H

#include <sqlite3.h>
#include <jv.h>

/* deliveries: a borrowed array of delivery objects (other items are
 * skipped). A new aggregate, or jv_null() when there is none. */
jv iv_delivery_aggregate(jv deliveries);

/* Where an aggregate (borrowed) is weak: a new array of {"kind":
 * "fillers" | "pace" | "pauses" | "length", "text": one sentence in lang
 * with the figures and what to do}; empty when delivery is fine. */
jv iv_delivery_issues(jv agg, const char *lang);

/* One line on a delivery object (borrowed) for the turn's feedback, in
 * lang: "Delivery: ..." with its two weakest sides, or the figures when
 * it was steady (a new string). */
jv iv_delivery_feedback(jv delivery, const char *lang);

/* grade (consumed; iv-grade's object) with the spoken answer's delivery:
 * when answer_turn (borrowed; a conversations row) has metadata.delivery,
 * its line is added to the grade's feedback and the grade gets
 * "delivery_feedback". Otherwise grade comes back as it was. */
jv iv_delivery_grade(jv grade, jv answer_turn, const char *lang);

/* The delivery objects of a session's answers, in order (a new array;
 * empty when nothing was spoken), or jv_invalid_with_msg. */
jv iv_delivery_of_session(sqlite3 *db, long long session_id);

/* A learning path (plan.h's shape, with "kind": "delivery" and its own
 * "goals": {"short_term", "mid_term"}) for a session whose spoken answers
 * are weak in delivery, in lang; jv_null() when nothing was spoken or
 * delivery is fine, or on a store error. */
jv iv_delivery_plan_path(sqlite3 *db, long long session_id, const char *lang);

#endif
