# A throwaway PostgreSQL for tests, started as root (CI and developer machines).
# Source it from bash:
#   . scripts/postgres-for-tests.sh; pg_start; trap pg_stop EXIT
# pg_start exports DATABASE_URL=postgresql://app:app@127.0.0.1:<port>/app.
# Installs Debian's postgresql when the server binaries are missing.

pg_install() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "no PostgreSQL server binaries and cannot apt-get install postgresql" >&2
    return 1
  fi
  echo "installing postgresql (apt-get)" >&2
  # A concurrent apt/dpkg run holds the lock; wait for it instead of failing.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql >&2
}

pg_start() {
  pg_install || return 1
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL server binaries in $PGBIN" >&2; return 1; }
  PGTMP=$(mktemp -d /tmp/pgtest.XXXXXX)
  chown postgres:postgres "$PGTMP"
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log"; return 1; }
  # Durability off: the data is thrown away after the run.
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
      -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$PGTMP/server.log"; return 1; }
  # CREATEDB: pytest-django creates test_app (and test_app_gw0.. with xdist).
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" -c "CREATE DATABASE app OWNER app"
  export PGTMP PGBIN PGPORT
  export DATABASE_URL="postgresql://app:app@127.0.0.1:$PGPORT/app"
}

pg_stop() {
  [ -n "${PGTMP:-}" ] || return 0
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"; unset PGTMP
}
