/* ask_follow.h — follow-ups: which key point a missed answer is probed on,
 * and the builtin engine's words for it (ask.c asks, this decides).
 */
#ifndef IV_ASK_FOLLOW_H
#define IV_ASK_FOLLOW_H

#include <stdint.h>
#include <jv.h>

#include "bank.h"
#include "buf.h"

/* The key point of q to follow up among missed (borrowed: a grade's
 * missed_points, [{id, ...}]): the most important one (weight), one with a
 * follow-up written in the bank breaking ties. NULL when none of them is
 * q's. The string is the bank's. */
const char *iv_follow_up_point(const iv_question *q, jv missed);

/* Whether an answer's content (borrowed) declines the question ("I don't
 * know", "跳过"): nothing to follow up. */
int iv_follow_up_declined(const char *answer);

/* Appends to b the follow-up on key point kp of q in language l (IV_EN,
 * IV_ZH): the bank's when it has one, else a question naming the point by
 * its first term, so every key point can be probed; h picks the wording. */
void iv_follow_up_text(iv_buf *b, const iv_question *q, const char *kp, int l, uint32_t h);

#endif
