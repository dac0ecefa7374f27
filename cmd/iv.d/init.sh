# Usage: iv init
# Summary: create the store and a commented default config
# Help: Creates the store (mode 0600) and, when there is none, a config file
# Help: with every setting commented out. Safe to run again: nothing that
# Help: exists is overwritten.

iv_cmd() {
	[ $# -eq 0 ] || iv_usage_error "init takes no arguments"
	db=$(iv-store init) || exit 1
	config=$(iv-store path config) || exit 1
	if [ -e "$config" ]; then
		printf 'store   %s\nconfig  %s (kept)\n' "$db" "$config"
	else
		share=$(iv-store path share) || exit 1
		mkdir -p "${config%/*}" || iv_die "can't create ${config%/*}"
		cp "$share/config.yaml" "$config.tmp.$$" &&
			mv "$config.tmp.$$" "$config" || iv_die "can't write $config"
		printf 'store   %s\nconfig  %s (created)\n' "$db" "$config"
	fi
}
