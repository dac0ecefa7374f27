#!/bin/sh
# Delivery analysis against hand counts (t/eval/delivery/README.md): the
# share of transcripts whose filler count is within ±1 and whose long-pause
# count is exact, on the dev half and the held-out half. The bar (issue 19)
# is 90% on both.
set -eu
cd "$(dirname "$0")/delivery"
status=0
for set in dev heldout; do
	iv-listen --analyze "$set.jsonl" | jq -rs --arg set "$set" '
		map({id, lang,
		     f: .delivery.fillers.count, fe: .expected.fillers,
		     p: .delivery.pauses.count, pe: .expected.pauses}) as $r
		| ($r | map(select((.f - .fe | fabs) <= 1)) | length) as $fok
		| ($r | map(select(.p == .pe)) | length) as $pok
		| ($r | map(select((.f - .fe | fabs) <= 1 and .p == .pe)) | length) as $both
		| ($r | length) as $n
		| ($r[] | select((.f - .fe | fabs) > 1 or .p != .pe)
		   | "  miss \(.id) (\(.lang)): fillers \(.f) (hand \(.fe)), pauses \(.p) (hand \(.pe))"),
		  "\($set): n=\($n) fillers within ±1: \($fok * 100 / $n | floor)%  pauses exact: \($pok * 100 / $n | floor)%  both: \($both * 100 / $n | floor)%"'
done
