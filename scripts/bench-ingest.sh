#!/usr/bin/env bash
# `make bench`'s webhook-ingest run on PostgreSQL (needs root to start PostgreSQL):
# two throwaway clusters side by side — the test cluster's settings (fsync and
# synchronous_commit off, scripts/postgres-for-tests.sh) for the goal, and a durable one
# (fsync, synchronous_commit and full_page_writes on) whose figures the bench prints in
# its `durable` block. Both stop on exit. Extra arguments go to `bench ingest`:
#
#   bash scripts/bench-ingest.sh --deliveries 5000 --connections 16
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/.venv/bin}

. scripts/postgres-for-tests.sh
DURABLE=""
cleanup() {
  if [ -n "$DURABLE" ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DURABLE/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DURABLE"
  fi
  pg_stop
}
trap cleanup EXIT INT TERM

pg_start
DURABLE=$(mktemp -d /tmp/pgdurable.XXXXXX)
chown postgres:postgres "$DURABLE"
DPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
runuser -u postgres -- "$PGBIN/initdb" -D "$DURABLE/data" -U postgres -A trust \
    -E UTF8 --locale=C.UTF-8 >"$DURABLE/initdb.log" 2>&1 || { cat "$DURABLE/initdb.log"; exit 1; }
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DURABLE/data" -l "$DURABLE/server.log" -w -t 60 \
    -o "-p $DPORT -k $DURABLE -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on" \
    start >/dev/null || { cat "$DURABLE/server.log"; exit 1; }
"$PGBIN/psql" -h 127.0.0.1 -p "$DPORT" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE app LOGIN PASSWORD 'app'" -c "CREATE DATABASE app OWNER app"

"$BIN/partnercenter" migrate -v0
BENCH_DURABLE_DATABASE_URL="postgresql://app:app@127.0.0.1:$DPORT/app" \
  "$BIN/partnercenter" bench ingest "$@"
