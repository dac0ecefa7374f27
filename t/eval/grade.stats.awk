# grade.stats.awk: the figures of grade.eval.sh from its rows, one per
# answer, tab-separated: question_id, category, expected, graded,
# confidence ("-" when the grade has none), expected covered, expected
# negated, graded covered, graded missed (ids joined by commas).

function mean(s, n) { return n ? s / n : 0 }
function f2(x) { return sprintf("%.2f", x) }
function share(k, n) { return n ? sprintf("%.2f (%d of %d)", k / n, k, n) : "- (none)" }

# Average ranks, ties sharing the mean of their positions.
function ranks(v, r, n,   i, j, lt, eq) {
	for (i = 1; i <= n; i++) {
		lt = 0; eq = 0
		for (j = 1; j <= n; j++) {
			if (v[j] < v[i]) lt++
			else if (v[j] == v[i]) eq++
		}
		r[i] = lt + (eq + 1) / 2
	}
}

function pearson(x, y, n,   i, mx, my, sxy, sxx, syy) {
	for (i = 1; i <= n; i++) { mx += x[i]; my += y[i] }
	mx /= n; my /= n
	for (i = 1; i <= n; i++) {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) ^ 2
		syy += (y[i] - my) ^ 2
	}
	return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0
}

function inlist(id, list,   a, k, i) {
	k = split(list, a, ",")
	for (i = 1; i <= k; i++)
		if (a[i] == id) return 1
	return 0
}

BEGIN {
	ncat = split("reference paraphrase mixed partial oneline rambling terms negation wrong_vocab offtopic injection", order, " ")
}

{
	n++
	q = $1; c = $2; e[n] = $3 + 0; g[n] = $4 + 0
	se += (g[n] - e[n]) ^ 2
	cn[c]++; ce[c] += e[n]; cg[c] += g[n]
	if ($5 != "-") { cc[c] += $5; ccn[c]++; hasconf = 1 }
	got[q, c] = g[n]
	if (c == "terms" || c == "paraphrase" || c == "reference") seenq[q] = 1

	# negation: each negated point should be among the missed ones
	if (c == "negation") {
		negn++
		k = split($7, a, ",")
		all = 1
		for (i = 1; i <= k; i++) {
			negp++
			if (inlist(a[i], $9)) negm++
			else all = 0
		}
		if (all) nega++
	}

	# paraphrases: a confident low score is the failure
	if (c == "paraphrase") {
		parn++
		if (g[n] >= 5 || ($5 != "-" && $5 < 0.5)) parok++
		if ($5 != "-") {
			if (g[n] < 5) { lowc += $5; lown++ } else { highc += $5; highn++ }
		}
	}
	if (c == "reference" && $5 != "-") { refc += $5; refn++ }

	# key points: graded covered against expected covered
	k = split($8, a, ",")
	for (i = 1; i <= k; i++) {
		if (inlist(a[i], $6)) { tp++; if (c != "terms") tpx++ }
		else { fp++; if (c != "terms") fpx++ }
	}
	k = split($6, a, ",")
	for (i = 1; i <= k; i++)
		if (!inlist(a[i], $8)) { fn++; if (c != "terms") fnx++ }
}

END {
	if (!n) { print "  no answers"; exit }
	ranks(e, re, n); ranks(g, rg, n)
	printf "  n %d   Pearson %s   Spearman %s   RMSE %s   (Done when: Pearson >= 0.70)\n",
		n, f2(pearson(e, g, n)), f2(pearson(re, rg, n)), f2(sqrt(se / n))

	print ""
	printf "  %-12s %4s %9s %7s %11s\n", "category", "n", "expected", "graded", "confidence"
	for (i = 1; i <= ncat; i++) {
		c = order[i]
		if (!(c in cn)) continue
		printf "  %-12s %4d %9s %7s %11s\n", c, cn[c], f2(ce[c] / cn[c]), f2(cg[c] / cn[c]),
			ccn[c] ? f2(cc[c] / ccn[c]) : "-"
	}

	print ""
	print "  Done when:"
	for (q in seenq) {
		if ((q, "terms") in got && (q, "paraphrase") in got) {
			tpq++
			if (got[q, "terms"] < got[q, "paraphrase"]) tpb++
		}
		if ((q, "terms") in got && (q, "reference") in got) {
			trq++
			if (got[q, "reference"] - got[q, "terms"] >= 2) trb++
		}
	}
	printf "  terms below paraphrase, per question      %s   (>= 0.90)\n", share(tpb, tpq)
	printf "  terms >= 2 below reference, per question  %s   (1.00)\n", share(trb, trq)
	printf "  negation: every negated point missed      %s answers   (1.00)\n", share(nega, negn)
	printf "            negated points missed           %s points\n", share(negm, negp)
	printf "  wrong_vocab vs reference, mean            %s vs %s, gap %s   (gap >= 2)\n",
		f2(mean(cg["wrong_vocab"], cn["wrong_vocab"])), f2(mean(cg["reference"], cn["reference"])),
		f2(mean(cg["reference"], cn["reference"]) - mean(cg["wrong_vocab"], cn["wrong_vocab"]))
	printf "  paraphrase >= 5 or confidence < 0.5       %s   (1.00)\n", share(parok, parn)
	if (!hasconf)
		print "  confidence: the grades have no confidence field yet"
	else
		printf "  confidence, mean: paraphrases graded < 5 %s (%d), paraphrases graded >= 5 %s (%d), references %s (%d)\n",
			lown ? f2(lowc / lown) : "-", lown, highn ? f2(highc / highn) : "-", highn,
			refn ? f2(refc / refn) : "-", refn
	printf "  injection, mean score                     %s (%d answers; expected 0-1)\n",
		f2(mean(cg["injection"], cn["injection"])), cn["injection"]

	print ""
	printf "  key points covered: precision %s recall %s (all answers); precision %s recall %s (without terms)\n",
		tp + fp ? f2(tp / (tp + fp)) : "-", tp + fn ? f2(tp / (tp + fn)) : "-",
		tpx + fpx ? f2(tpx / (tpx + fpx)) : "-", tpx + fnx ? f2(tpx / (tpx + fnx)) : "-"
}
