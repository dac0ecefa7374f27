/* fmt.h — what people read, made the same way everywhere: fixed strings
 * in the session's language, numbers rounded as shown, text cut to fit a
 * line. The lowest layer of summaries, assessments, plans and reports.
 */
#ifndef IV_FMT_H
#define IV_FMT_H

#include <jv.h>

/* en or zh by lang ("zh" picks zh; anything else en). */
const char *iv_tr(const char *lang, const char *en, const char *zh);
/* x rounded to one decimal. */
double iv_round1(double x);
/* The mean of n values, 0 when n is 0. */
double iv_mean(double sum, int n);

/* text on one line (runs of white space as one space), cut to cols
 * display columns with an ellipsis. A new string. */
jv iv_snippet(const char *text, int cols);

/* The strings of list (an array, consumed; other items are skipped)
 * joined by sep: a new string. */
jv iv_join(jv list, const char *sep);

#endif
