# Usage: iv sync [--quiet] | iv sync --cron
# Summary: do the pending memory work now (embed, learn, rescan): for cron
# Help: Embeds what is not embedded yet (or was embedded by another model:
# Help: iv-store pending | iv-embed --store), turns completed sessions into
# Help: memories when knowledge.auto_update is on, and scans the folders of
# Help: knowledge.dirs again (new and changed files added, removed ones
# Help: dropped). Safe to run any time: what is done is not done again, and
# Help: a run with nothing to do changes nothing.
# Help:
# Help: Prints one line saying what it did. One sync runs at a time (a lock,
# Help: sync.lock in the data folder); another one started meanwhile says so
# Help: on stderr and exits 0 without doing anything, so overlapping cron runs
# Help: are harmless. Exits 1 when a step failed, after the others have run.
# Help:   --quiet   print nothing unless something fails
# Help:   --cron    print a crontab line that runs iv sync every 30 minutes
# Help:             (add it with: crontab -e)

iv_cmd() {
	quiet=0
	cron=0
	for a do
		case $a in
		--quiet|-q) quiet=1 ;;
		--cron) cron=1 ;;
		*) iv_usage_error "unexpected argument '$a'" ;;
		esac
	done
	data=$(iv-store path data) || exit 1
	if [ "$cron" = 1 ]; then
		iv_sync_cron "$data"
		return 0
	fi
	db=$(iv-store path db) || exit 1
	[ -f "$db" ] || iv_die "sync: no store at $db (run 'iv init' first)"
	mkdir -p "$data" || iv_die "sync: can't create $data"
	lock=$data/sync.lock
	exec 9>>"$lock" || iv_die "sync: can't open the lock file $lock"
	if ! flock -n 9; then
		iv_warn "sync: another 'iv sync' is running (lock $lock); nothing done"
		exit 0
	fi
	tmp=$(mktemp "$data/sync.XXXXXX") || iv_die "sync: can't create a temporary file in $data"
	trap 'rm -f "$tmp" "$tmp.out"' EXIT
	failed=

	# 1. Vectors for rows that have none, or one of another model.
	embedded=0
	if model=$(iv-embed --info | jq -r .model) && iv-store pending --model "$model" > "$tmp"; then
		if [ -s "$tmp" ]; then
			iv-embed --store < "$tmp" > "$tmp.out" || failed="$failed embedding"
			embedded=$(jq -s '[.[] | select(.stored != "skipped")] | length' < "$tmp.out")
		fi
	else
		failed="$failed embedding"
	fi

	# 2. Memories from completed sessions, when the setting is on.
	iv-embed --auto-sessions > "$tmp.out" || failed="$failed sessions"
	sessions=$(jq -s '[.[] | select(.already | not)] | length' < "$tmp.out")
	memories=$(jq -s '[.[].added] | add // 0' < "$tmp.out")

	# 3. The folders of knowledge.dirs.
	iv-embed --docs > "$tmp.out" || failed="$failed documents"
	docs=$(jq -r -s '[.[].status] | group_by(.) | map(select(.[0] != "unchanged")
		| "\(length) \(.[0])") | join(", ")' < "$tmp.out")

	if [ "$quiet" = 0 ] || [ -n "$failed" ]; then
		summary=
		[ "$embedded" = 0 ] || summary="$embedded embedded"
		[ "$sessions" = 0 ] || summary="${summary:+$summary, }$sessions sessions ($memories memories)"
		[ -z "$docs" ] || summary="${summary:+$summary, }documents: $docs"
		printf 'sync: %s\n' "${summary:-nothing to do}"
	fi
	[ -z "$failed" ] || iv_die "sync: failed:$failed (see above)"
}

# Single quotes for sh, and % (special in crontab lines) escaped.
iv_sync_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g; s/%/\\\\%/g")"
}

iv_sync_cron() {
	env=
	for v in IV_HOME IV_DB IV_CONFIG IV_USER XDG_DATA_HOME XDG_CONFIG_HOME; do
		eval "val=\${$v:-}"
		[ -z "$val" ] || env="$env$v=$(iv_sync_quote "$val") "
	done
	printf '*/30 * * * * %s%s sync --quiet >>%s 2>&1\n' "$env" "$(iv_sync_quote "$iv_self")" \
		"$(iv_sync_quote "$1/sync.log")"
}

iv_complete() {
	printf '%s\n' --quiet --cron
}
