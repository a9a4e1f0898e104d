#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the test suite and prints its URL.
# Usage: scripts/throwaway-postgres.sh DIR [PORT]   (stop it with: pg_ctl -D DIR/data stop)
# THROWAWAY_PG_OPTIONS adds server options (the bench loads pg_stat_statements with it).
set -euo pipefail
dir=${1:?usage: throwaway-postgres.sh DIR [PORT]}
port=${2:-55432}
. "$(dirname "$0")/postgres-tools.sh" throwaway-postgres
if [ ! -f "$dir/data/PG_VERSION" ]; then
  run "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
fi
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${THROWAWAY_PG_OPTIONS:-}" start >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
