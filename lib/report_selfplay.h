/* report_selfplay.h — the HTML page of `iv selfplay --format html`: per
 * run (engine or model), the score of each persona per interview, their
 * means, and how the coach did, with inline SVG charts (chart.h), in one
 * self-contained file like `iv report --format html`.
 */
#ifndef IV_REPORT_SELFPLAY_H
#define IV_REPORT_SELFPLAY_H

#include <jv.h>

#include "buf.h"

/* rows (borrowed): the lines of `iv selfplay --format json`, each
 * {label, engine, model, persona, lang, seed, questions, mean, rounds,
 * ordering, pairs, follow_up, missed, targeting, plan_focus, rising}.
 * Appends the page to o in the rows' language. */
void iv_selfplay_html(iv_buf *o, jv rows);

#endif
