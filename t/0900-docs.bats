#!/usr/bin/env bats
# Man pages, their examples, completion and installation.

load test_helper

# The runnable examples of a page: its .Dl lines under EXAMPLES, unescaped.
man_examples() {
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$1" | sed -n 's/^\.Dl //p' |
		sed -e 's/\\-/-/g' -e 's/\\(dq/"/g' -e 's/\\e/\\/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g'
}

@test "every program and the driver has a man page with EXIT STATUS and EXAMPLES" {
	for p in "$IV_BUILD"/bin/*; do
		name=${p##*/}
		page="$IV_SRC/share/man/man1/$name.1"
		[ -f "$page" ] || fail "no man page for $name"
		grep -q '^\.Sh EXIT STATUS' "$page" || fail "$name.1 has no EXIT STATUS"
		grep -q '^\.Sh EXAMPLES' "$page" || fail "$name.1 has no EXAMPLES"
	done
}

@test "man pages render without warnings" {
	for page in "$IV_SRC"/share/man/man1/*.1; do
		run -0 --separate-stderr env MANWIDTH=80 man --warnings=all -l "$page"
		[ -z "$stderr" ] || fail "$page: $stderr"
	done
}

@test "the examples in the man pages run" {
	for page in "$IV_SRC"/share/man/man1/*.1; do
		work="$BATS_TEST_TMPDIR/${page##*/}"
		mkdir -p "$work"
		cp -R "$IV_SRC/share/samples/." "$work/"
		export IV_HOME="$work/home"
		iv init >/dev/null
		while IFS= read -r ex; do
			run --separate-stderr sh -c "cd '$work' && $ex"
			[ "$status" -eq 0 ] || fail "${page##*/}: '$ex' exited $status: $stderr"
		done < <(man_examples "$page")
	done
}

@test "bash completion asks iv for commands and words" {
	run -0 bash -c "
		source '$IV_SRC/completions/iv.bash'
		COMP_WORDS=(iv pa); COMP_CWORD=1; _iv; printf '%s\n' \"\${COMPREPLY[@]}\"
		echo --
		COMP_WORDS=(iv path ''); COMP_CWORD=2; _iv; printf '%s\n' \"\${COMPREPLY[@]}\"
		echo --
		COMP_WORDS=(iv-store ''); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
	"
	assert_line --index 0 path
	assert_line --index 1 -- --
	assert_line db
	assert_line config
	assert_line init
	assert_line check
	assert_line -- --db
}

@test "make install puts programs, data, man pages and completions in place" {
	dest="$BATS_TEST_TMPDIR/dest"
	run -0 make -C "$IV_SRC" BUILD="$IV_BUILD" install DESTDIR="$dest" PREFIX=/usr
	[ -x "$dest/usr/bin/iv" ]
	[ -x "$dest/usr/bin/iv-store" ]
	[ -f "$dest/usr/libexec/iv/init.sh" ]
	[ -f "$dest/usr/libexec/iv/_lib.sh" ]
	[ -f "$dest/usr/share/iv/config.yaml" ]
	[ -f "$dest/usr/share/man/man1/iv.1" ]
	[ -f "$dest/usr/share/bash-completion/completions/iv" ]
	[ -L "$dest/usr/share/bash-completion/completions/iv-store" ]
	[ -f "$dest/usr/share/zsh/vendor-completions/_iv" ]
	[ -f "$dest/usr/share/fish/vendor_completions.d/iv.fish" ]
	[ -f "$dest/usr/share/fish/vendor_completions.d/iv-store.fish" ]
	[ ! -e "$dest/usr/share/iv/man" ]
	# The installed driver finds its commands and the programs their data.
	IV_SHARE= PATH="$dest/usr/bin:/usr/bin:/bin" run -0 "$dest/usr/bin/iv" commands
	assert_line init
	IV_SHARE= run -0 "$dest/usr/bin/iv-store" path share
	assert_output "$dest/usr/bin/../share/iv"
}
