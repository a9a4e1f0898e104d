#!/usr/bin/env bash
# Starts a throwaway PostgreSQL primary and a streaming replica of it (hot standby) on 127.0.0.1, with
# PostgreSQL's own tools (initdb, pg_basebackup -R), and prints the two URLs, one per line: primary, replica.
# Usage: scripts/throwaway-replica.sh DIR PRIMARY_PORT REPLICA_PORT
#   stop both with: pg_ctl -D DIR/replica stop; pg_ctl -D DIR/primary stop
set -euo pipefail
dir=${1:?usage: throwaway-replica.sh DIR PRIMARY_PORT REPLICA_PORT}
primary_port=${2:?primary port}
replica_port=${3:?replica port}
. "$(dirname "$0")/postgres-tools.sh" throwaway-replica
quick="-c fsync=off -c full_page_writes=off -c max_connections=100"
# The primary: initdb's defaults already allow replication connections from 127.0.0.1 (trust here).
run "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
run "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w -o "-c listen_addresses=127.0.0.1 -p $primary_port -k $dir -c wal_level=replica -c max_wal_senders=4 $quick" start >/dev/null
# The replica: a base backup streamed from the primary, -R writes standby.signal and primary_conninfo.
run "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/replica" -R -X stream -c fast >"$dir/basebackup.log" 2>&1
run "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w -o "-c listen_addresses=127.0.0.1 -p $replica_port -k $dir -c hot_standby=on $quick" start >/dev/null
echo "postgres://postgres@127.0.0.1:$primary_port/postgres"
echo "postgres://postgres@127.0.0.1:$replica_port/postgres"
