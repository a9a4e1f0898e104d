# Sourced by the throwaway server scripts: finds PostgreSQL's server binaries ($bin), makes the folder $dir
# the server's, and runs a command as the postgres user when we are root (run …). $1: the caller's name.
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { command -v initdb >/dev/null && bin=$(dirname "$(command -v initdb)"); }
[ -x "$bin/initdb" ] && [ -x "$bin/pg_basebackup" ] || { echo "$1: no PostgreSQL server binaries found (apt-get install postgresql)" >&2; exit 1; }
mkdir -p "$dir"
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
