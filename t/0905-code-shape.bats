#!/usr/bin/env bats
# The shape of the code (issue 15): lib/ modules depend on each other one
# way only, and no C file of lib/ or cmd/ grows past 1,200 lines.

load test_helper

@test "no two lib/ modules include each other's headers, directly or through a chain" {
	run -0 --separate-stderr "$IV_SRC/t/tools/include-cycles.sh" "$IV_SRC"
	assert_output ""
	assert_stderr ""
}

@test "include-cycles.sh finds a cycle through a chain and names it" {
	mkdir -p tree/lib
	printf '#include "b.h"\n' > tree/lib/a.c
	printf '#include <stdio.h>\n' > tree/lib/a.h
	printf '#include "c.h"\n' > tree/lib/b.h
	printf '#include "b.h"\n' > tree/lib/b.c
	printf '#include "a.h"\n' > tree/lib/c.c
	printf '\n' > tree/lib/c.h
	run -1 --separate-stderr "$IV_SRC/t/tools/include-cycles.sh" tree
	assert_output "include cycle: a -> b -> c -> a"
	# One way only is no cycle.
	printf '\n' > tree/lib/c.c
	run -0 --separate-stderr "$IV_SRC/t/tools/include-cycles.sh" tree
	assert_output ""
	run -2 --separate-stderr "$IV_SRC/t/tools/include-cycles.sh" nowhere
	assert_stderr "include-cycles.sh: no lib/ in nowhere"
}

@test "no C file of lib/ or cmd/ is over 1,200 lines" {
	for f in "$IV_SRC"/lib/*.c "$IV_SRC"/cmd/*.c; do
		n=$(wc -l < "$f")
		[ "$n" -le 1200 ] || fail "${f#"$IV_SRC"/}: $n lines"
	done
}
