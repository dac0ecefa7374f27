# _store.sh — listing the store's rows for `iv sessions` and `iv records`.
# Sourced by those commands; POSIX sh.

# iv_store_list GROUP 'OPTIONS' [ARGS...]: run `iv-store GROUP list` with the
# ARGS, each of which must be one of OPTIONS (all take a value) or --json.
# A table on a terminal; JSON lines when piped or with --json.
iv_store_list() {
	group=$1 opts=$2
	shift 2
	iv_json=0
	n=$#
	while [ "$n" -gt 0 ]; do
		a=$1
		shift
		n=$((n - 1))
		case $a in
		--json) iv_json=1; continue ;;
		--*=*) name=${a%%=*} ;;
		-*) name=$a ;;
		*) iv_usage_error "unexpected argument '$a'" ;;
		esac
		case " $opts " in
		*" $name "*) ;;
		*) iv_usage_error "unknown option '$name'" ;;
		esac
		set -- "$@" "$a"
		if [ "$name" = "$a" ]; then
			[ "$n" -gt 0 ] || iv_usage_error "option '$a' needs an argument"
			set -- "$@" "$1"
			shift
			n=$((n - 1))
		fi
	done
	if iv_want_table; then
		set -- "$@" --table
	fi
	exec iv-store "$group" list "$@"
}

# iv_store_complete 'OPTIONS' [WORDS...]: the words that may follow WORDS.
iv_store_complete() {
	opts=$1
	shift
	last=
	for last do :; done
	case $last in
	--status) printf '%s\n' ongoing paused completed cancelled ;;
	--type) printf '%s\n' mock real ;;
	*) printf '%s\n' $opts --json ;;
	esac
}
