# Usage: iv path [db|config|data|share]
# Summary: print where iv keeps the store, config, data or shared files
# Help: Without an argument prints the store's path, so that
# Help:   sqlite3 "$(iv path)" .schema
# Help: shows what is inside.

iv_cmd() {
	exec iv-store path "$@"
}

iv_complete() {
	printf '%s\n' db config data share
}
