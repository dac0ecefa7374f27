#!/bin/sh
# include-cycles.sh [DIR] — include cycles between the modules of DIR/lib
# (default: the source tree this script is in). Module X is lib/X.c with
# lib/X.h; it depends on Y when either file includes "Y.h". Prints one
# line per cycle found ("include cycle: a -> b -> a") and exits 1 when
# there is any, 0 when the modules depend one way only, 2 on bad usage.
case $# in
0) dir=$(dirname "$0")/../.. ;;
1) dir=$1 ;;
*) echo "usage: include-cycles.sh [DIR]" >&2; exit 2 ;;
esac
cd "$dir/lib" 2>/dev/null || { echo "include-cycles.sh: no lib/ in $dir" >&2; exit 2; }
for f in *.c *.h; do
	[ -f "$f" ] || continue
	m=${f%.*}
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f" |
	while read -r d; do
		[ "$d" != "$m" ] && [ -f "$d.h" ] && printf '%s %s\n' "$m" "$d"
	done
done | sort -u | awk '
{
	adj[$1] = adj[$1] " " $2
	for (i = 1; i <= 2; i++)
		if (!($i in seen)) {
			seen[$i]
			order[++nn] = $i
		}
}
function dfs(u,   i, n, a, v, k, cyc) {
	state[u] = 1
	stack[++sp] = u
	n = split(adj[u], a, " ")
	for (i = 1; i <= n; i++) {
		v = a[i]
		if (state[v] == 1) {
			for (k = sp; stack[k] != v; k--)
				;
			cyc = v
			for (k++; k <= sp; k++)
				cyc = cyc " -> " stack[k]
			print "include cycle: " cyc " -> " v
			bad = 1
		} else if (!state[v]) {
			dfs(v)
		}
	}
	state[u] = 2
	sp--
}
END {
	for (i = 1; i <= nn; i++)
		if (!state[order[i]])
			dfs(order[i])
	exit bad
}'
