# bash completion for iv and the iv-* programs.
# iv itself is asked what may follow (iv commands, iv completions CMD), so the
# list of commands lives in one place; the iv-* programs are asked for --help.

_iv() {
	local cur=${COMP_WORDS[COMP_CWORD]} i cmd= words
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db|--user) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case ${COMP_WORDS[COMP_CWORD-1]} in
	--db) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--user) return ;;
	esac
	if [[ -z $cmd ]]; then
		words="$(iv commands 2>/dev/null) --db --user --help --version"
	else
		words=$(iv completions "$cmd" "${COMP_WORDS[@]:i+1:COMP_CWORD-i-1}" 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
	if [[ ${#COMPREPLY[@]} -eq 0 && -n $cmd ]]; then
		compopt -o default 2>/dev/null
		COMPREPLY=()
	fi
}

# Options (and, for iv-store, commands) from the program's own --help.
_iv_prog() {
	local cur=${COMP_WORDS[COMP_CWORD]} words
	words=$("${COMP_WORDS[0]}" --help 2>/dev/null |
		sed -n -e 's/^  \{1,\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' \
		       -e '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
	if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
		compopt -o default 2>/dev/null
		COMPREPLY=()
	fi
}

complete -F _iv iv
complete -F _iv_prog $(compgen -c iv- 2>/dev/null | sort -u) 2>/dev/null || :
